// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_l2tp: L2TP rows through BPF_PROG_TEST_RUN (RFC 2661 v2, RFC 3931 v3).
 *
 * 1. Rows: a canned frame, the counters it must bump (every other counter
 *    must stay put), the l2tp_msgs slot it must bump, and XDP_PASS from the
 *    live program. Positive rows cover every combination of the v2 data
 *    flags (L, S, O, P), control messages with O/P, each control message
 *    type with the AVPs RFC 2661 section 6 requires, ZLB, hidden AVPs, the
 *    AVP limit, vendor AVPs, v3 over IP and over UDP, IPv6 outer headers,
 *    PPP carrying IPv4/IPv6 with TCP/UDP/ICMP, and the port switch; the
 *    malformed rows one per failure counter.
 * 2. Truncation sweep: every positive row at every shorter length, through
 *    the live program (verdict XDP_PASS) and through replay with the wire
 *    length kept (a snaplen cut, so the L2TP parser itself meets the short
 *    frame): no protocol counter may be bumped that the full frame does not
 *    bump, nor one whose header the captured bytes do not hold, and no
 *    message type may be counted before its AVP is captured.
 * 3. Corpus (skipped without ../shared/corpus): every capture replayed, its
 *    l2tp and l2tpv3 counters equal to what tshark counted (INDEX.jsonl's
 *    "l2tp", "l2tp_v3"), so no UDP 1701 or IP 115 frame is taken for L2TP
 *    that tshark does not take for it, and none missed.
 * 4. Scenarios: message sequences with the l2tp_sess, l2tp_tunnels and
 *    l2tp_calls entries they must leave (sequence numbers, gaps,
 *    retransmissions, ZLB Ns, wraparound, outgoing calls, missed requests,
 *    rejects, a CDN before the peer's Session ID).
 *
 * Prints "ok - NAME" / "FAIL - NAME: why", then "N passed, N failed".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfobj.h"
#include "log.h"
#include "names.h"
#include "replay.h"
#include "report.h"
#include "stats.h"
#include "table.h"

#define XDP_PASS_ 2

/* v2 header bits (RFC 2661 3.1) */
#define T_ 0x8000
#define L_ 0x4000
#define S_ 0x0800
#define O_ 0x0200
#define P_ 0x0100
/* AVP bits */
#define AVP_M 0x8000
#define AVP_H 0x4000

static int passed, failed;

static void ok(const char *name)
{
	passed++;
	printf("ok - %s\n", name);
}

static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	failed++;
	printf("FAIL - %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---- frame builder ------------------------------------------------------ */

#define MAXF 2048
#define MAXFIX 8

enum { FIX_IP4, FIX_IP6, FIX_UDP, FIX_LEN16 };

struct fr {
	uint8_t b[MAXF];
	uint32_t len;
	uint32_t caplen;		/* 0: the whole frame */
	uint32_t need[__TS_C_MAX];	/* bytes a protocol counter needs; 0: not bumped */
	uint32_t need_msg;		/* bytes the Message Type AVP needs; 0: none */
	uint32_t frag_keep;		/* != 0: cut to this, the outer IPv4 a first fragment */
	struct {
		uint32_t off, base;
		int kind;
	} fix[MAXFIX];
	int nfix;
};

static int counter_id(const char *name)
{
	int i;

	for (i = 0; i < __TS_C_MAX; i++)
		if (ts_counter_names[i] && !strcmp(ts_counter_names[i], name))
			return i;
	fprintf(stderr, "test_l2tp: no counter named '%s'\n", name);
	exit(2);
}

static void put(struct fr *f, const void *p, size_t n)
{
	if (f->len + n > MAXF) {
		fprintf(stderr, "test_l2tp: frame too long\n");
		exit(2);
	}
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static void put8(struct fr *f, uint8_t v)
{
	put(f, &v, 1);
}

static void put16(struct fr *f, uint16_t v)
{
	v = htons(v);
	put(f, &v, 2);
}

static void put32(struct fr *f, uint32_t v)
{
	v = htonl(v);
	put(f, &v, 4);
}

static void fill(struct fr *f, uint8_t byte, size_t n)
{
	while (n--)
		put8(f, byte);
}

/* The counters in `names` (space-separated) need `at` bytes of frame. */
static void mark_at(struct fr *f, const char *names, uint32_t at)
{
	char buf[512], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", names);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		int id = counter_id(tok);

		if (!f->need[id] || at < f->need[id])
			f->need[id] = at;
	}
}

static void mark(struct fr *f, const char *names)
{
	mark_at(f, names, f->len);
}

static void addfix(struct fr *f, int kind, uint32_t off, uint32_t base)
{
	f->fix[f->nfix].kind = kind;
	f->fix[f->nfix].off = off;
	f->fix[f->nfix].base = base;
	f->nfix++;
}

static uint16_t csum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (p[i] << 8) | p[i + 1];
	if (n & 1)
		s += p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

/* Lengths (and IPv4 header checksums) once the frame is complete. */
static void finish(struct fr *f)
{
	int i;

	for (i = 0; i < f->nfix; i++) {
		uint32_t off = f->fix[i].off, v = f->len - f->fix[i].base;
		uint16_t c;

		switch (f->fix[i].kind) {
		case FIX_IP4:
			f->b[off + 2] = v >> 8;
			f->b[off + 3] = v;
			f->b[off + 10] = f->b[off + 11] = 0;
			c = csum16(f->b + off, 20);
			f->b[off + 10] = c >> 8;
			f->b[off + 11] = c;
			break;
		case FIX_IP6:
			v -= 40;
			f->b[off + 4] = v >> 8;
			f->b[off + 5] = v;
			break;
		default:	/* FIX_UDP, FIX_LEN16: a 16-bit length at off */
			f->b[off] = v >> 8;
			f->b[off + 1] = v;
			break;
		}
	}
	if (f->frag_keep) {	/* outer IPv4 at 14: MF set, the rest of the datagram later */
		uint32_t tot = f->frag_keep - 14;
		uint16_t c;

		f->b[14 + 2] = tot >> 8;
		f->b[14 + 3] = tot;
		f->b[14 + 6] = 0x20;
		f->b[14 + 10] = f->b[14 + 11] = 0;
		c = csum16(f->b + 14, 20);
		f->b[14 + 10] = c >> 8;
		f->b[14 + 11] = c;
		f->len = f->frag_keep;
	}
}

static void eth(struct fr *f, uint16_t type)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };

	put(f, macs, 12);
	put16(f, type);
	mark(f, "eth");
}

#define A_LAC 0xC0000201	/* 192.0.2.1 */
#define A_LNS 0xC0000202	/* 192.0.2.2 */

static void ipv4(struct fr *f, uint32_t src, uint32_t dst, uint8_t proto)
{
	uint32_t s = f->len;

	addfix(f, FIX_IP4, s, s);
	put8(f, 0x45);
	put8(f, 0);
	put16(f, 0);		/* total length: finish() */
	put16(f, 1);
	put16(f, 0);
	put8(f, 64);
	put8(f, proto);
	put16(f, 0);
	put32(f, src);
	put32(f, dst);
	mark(f, "ipv4");
}

static const uint8_t V6_A[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t V6_B[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static void ipv6(struct fr *f, const uint8_t *src, const uint8_t *dst, uint8_t nh)
{
	uint32_t s = f->len;

	addfix(f, FIX_IP6, s, s);
	put32(f, 0x60000000);
	put16(f, 0);
	put8(f, nh);
	put8(f, 64);
	put(f, src, 16);
	put(f, dst, 16);
	mark(f, "ipv6");
}

static void udp(struct fr *f, uint16_t sp, uint16_t dp)
{
	uint32_t s = f->len;

	put16(f, sp);
	put16(f, dp);
	addfix(f, FIX_UDP, f->len, s);
	put16(f, 0);
	put16(f, 0);
	mark(f, "udp");
}

/* Ethernet, IPv4 LAC -> LNS, UDP 1701 -> 1701 */
static void outer4(struct fr *f)
{
	eth(f, 0x0800);
	ipv4(f, A_LAC, A_LNS, 17);
	udp(f, 1701, 1701);
}

/*
 * v2 header with the fields its flags announce (version 2 added); a Length
 * field is filled in by finish(). Offset padding of osize bytes follows.
 * Marks what parse_l2tp counts once the header is in.
 */
static uint32_t l2tp2(struct fr *f, uint16_t flags, uint16_t tid, uint16_t sid, uint16_t ns,
		      uint16_t nr, uint16_t osize)
{
	uint32_t s = f->len;

	put16(f, flags | 2);
	if (flags & L_) {
		addfix(f, FIX_LEN16, f->len, s);
		put16(f, 0);
	}
	put16(f, tid);
	put16(f, sid);
	if (flags & S_) {
		put16(f, ns);
		put16(f, nr);
	}
	if (flags & O_)
		put16(f, osize);
	mark(f, "l2tp");
	if (flags & T_) {
		mark(f, "l2tp_control");
	} else {
		mark(f, "l2tp_data");
		if (flags & L_)
			mark(f, "l2tp_data_length");
		if (flags & S_)
			mark(f, "l2tp_data_sequenced");
		if (flags & O_)
			mark(f, "l2tp_data_offset");
		if (flags & P_)
			mark(f, "l2tp_data_priority");
	}
	if (flags & O_)
		fill(f, 0xEE, osize);
	return s;
}

/* A control header: T L S. */
static void ctl2(struct fr *f, uint16_t tid, uint16_t sid, uint16_t ns, uint16_t nr)
{
	l2tp2(f, T_ | L_ | S_, tid, sid, ns, nr, 0);
}

/* v3 control header (over IP: after a zero Session ID). */
static void ctl3(struct fr *f, int over_ip, uint32_t ccid, uint16_t ns, uint16_t nr)
{
	uint32_t s;

	if (over_ip)
		put32(f, 0);
	s = f->len;
	put16(f, T_ | L_ | S_ | 3);
	addfix(f, FIX_LEN16, f->len, s);
	put16(f, 0);
	put32(f, ccid);
	put16(f, ns);
	put16(f, nr);
	mark(f, over_ip ? "l2tp l2tpv3 l2tpv3_ip l2tp_control" : "l2tp l2tpv3 l2tp_control");
}

static void avp(struct fr *f, uint16_t bits, uint16_t vendor, uint16_t type, const void *v,
		uint16_t n)
{
	put16(f, bits | (6 + n));
	put16(f, vendor);
	put16(f, type);
	put(f, v, n);
}

static void avp16(struct fr *f, uint16_t type, uint16_t v)
{
	v = htons(v);
	avp(f, AVP_M, 0, type, &v, 2);
}

static void avp32(struct fr *f, uint16_t type, uint32_t v)
{
	v = htonl(v);
	avp(f, AVP_M, 0, type, &v, 4);
}

static void msgtype(struct fr *f, uint16_t type)
{
	avp16(f, 0, type);
	f->need_msg = f->len;
}

static void result(struct fr *f, uint16_t code, int error)
{
	uint16_t v[2] = { htons(code), htons(error < 0 ? 0 : error) };

	avp(f, AVP_M, 0, 1, v, error < 0 ? 2 : 4);
}

/* PPP frame header: [FF 03] protocol (1 or 2 bytes). Marks what parse_ppp counts. */
static void ppp_hdr(struct fr *f, int acf, int pfc, uint16_t proto)
{
	uint32_t s = f->len;

	if (acf) {
		put8(f, 0xFF);
		put8(f, 0x03);
	}
	if (pfc)
		put8(f, proto);
	else
		put16(f, proto);
	/* parse_ppp reads 2 bytes first, then the protocol */
	if (!acf)
		mark_at(f, "ppp_no_addr_ctrl", s + 2);
	if (pfc)
		mark_at(f, "ppp_proto_compressed", f->len > s + 2 ? f->len : s + 2);
}

static void ppp_lcp(struct fr *f)
{
	ppp_hdr(f, 1, 0, 0xC021);
	put8(f, 9);		/* Echo-Request */
	put8(f, 1);
	put16(f, 8);
	put32(f, 0x01020304);	/* magic number */
	mark_at(f, "ppp", f->len - 4);
}

static void tcp_syn(struct fr *f)
{
	put16(f, 40000);
	put16(f, 80);
	put32(f, 1000);
	put32(f, 0);
	put8(f, 5 << 4);
	put8(f, 0x02);
	put16(f, 8192);
	put16(f, 0);
	put16(f, 0);
	/* a SYN inside a tunnel: a handshake attempt, tracked once the frame is parsed */
	mark(f, "tcp tcp_syn tcp_handshake_syn tcp_inner");
}

static void icmp_echo(struct fr *f)
{
	put8(f, 8);
	put8(f, 0);
	put16(f, 0);
	put32(f, 0x00010001);
	mark(f, "icmp");
}

/* PPP carrying IPv4 (TCP SYN, UDP or ICMP) or IPv6 (UDP). */
enum { IN_TCP, IN_UDP, IN_ICMP, IN_V6UDP };

static void ppp_ip(struct fr *f, int acf, int pfc, int inner)
{
	ppp_hdr(f, acf, pfc, inner == IN_V6UDP ? 0x0057 : 0x0021);
	mark(f, "ppp");
	if (inner == IN_V6UDP) {
		ipv6(f, V6_A, V6_B, 17);
		udp(f, 5353, 53);
		put32(f, 0x12340100);
		return;
	}
	ipv4(f, 0x0A010001, 0x0A010002, inner == IN_TCP ? 6 : inner == IN_UDP ? 17 : 1);
	if (inner == IN_TCP)
		tcp_syn(f);
	else if (inner == IN_UDP)
		udp(f, 40001, 53);
	else
		icmp_echo(f);
}

/* ---- the program -------------------------------------------------------- */

static struct tunnelstat_bpf *skel, *live;
static int prog_replay, prog_live, fd_counters, fd_msgs, fd_sess, fd_tun, fd_calls, fd_alias;
static int fd_tcp_conns, fd_tcp_svcs;
static struct ts_batch batch;

struct snap {
	struct ts_stats st;
	struct ts_counter msgs[2 * TS_L2TP_MSG_SLOTS];
};

static int snapshot(struct snap *s)
{
	int err = ts_stats_read(fd_counters, &s->st);

	if (!err)
		err = ts_percpu_sum(fd_msgs, 2 * TS_L2TP_MSG_SLOTS, s->msgs);
	return err;
}

/* Run one frame through replay: caplen bytes captured of wire bytes. */
static int run_replay(int prog, const uint8_t *b, uint32_t caplen, uint32_t wire, uint64_t ts)
{
	int err;

	ts_batch_init(&batch, prog);
	err = ts_batch_add(&batch, b, caplen, wire, ts);
	if (!err)
		err = ts_batch_flush(&batch);
	return err;
}

/* Run one frame through the live program; its verdict, or -errno. */
static int run_live(const uint8_t *b, uint32_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);
	uint8_t out[MAXF + 256];

	o.data_in = b;
	o.data_size_in = len;
	o.data_out = out;
	o.data_size_out = sizeof(out);
	o.repeat = 1;
	if (bpf_prog_test_run_opts(prog_live, &o))
		return -errno;
	return o.retval;
}

#define L2TP_KSZ sizeof(struct ts_l2tp_key)
/* Empty a table; how many entries it had, or -errno. */
static int clear_table(int fd, size_t vsz)
{
	long n = ts_map_count(fd, L2TP_KSZ, vsz);
	int err = ts_map_clear(fd, L2TP_KSZ, vsz);

	return n < 0 ? (int)n : err ? err : (int)n;
}

/*
 * TCP handshake tracking remembers connections across frames: a row's SYN
 * must be new every time it is fed, so the TCP tables start empty.
 */
static void clear_tcp(void)
{
	ts_map_clear(fd_tcp_conns, sizeof(struct ts_tcp_conn_key), sizeof(struct ts_tcp_conn));
	ts_map_clear(fd_tcp_svcs, sizeof(struct ts_tcp_svc_key), sizeof(struct ts_tcp_svc));
}

static void clear_tables(void)
{
	clear_table(fd_sess, sizeof(struct ts_l2tp_sess));
	clear_table(fd_tun, sizeof(struct ts_l2tp_tunnel));
	clear_table(fd_calls, sizeof(struct ts_l2tp_call));
	clear_table(fd_alias, sizeof(struct ts_l2tp_alias));
}

/* ---- rows --------------------------------------------------------------- */

struct row {
	const char *name;
	void (*build)(struct fr *f, int arg);
	int arg;
	const char *expect;	/* every counter bumped once, space-separated */
	int msg_ver, msg_type;	/* l2tp_msgs slot bumped, msg_ver 0: none */
	int no_sweep;		/* malformed rows are not swept */
};

#define V4U "eth ipv4 udp l2tp "
#define V4U_CTL V4U "l2tp_control "
#define V4U_DATA V4U "l2tp_data "

/* v2 data message with flags arg (L S O P) carrying PPP/IPv4/UDP. */
static void b_data_flags(struct fr *f, int flags)
{
	outer4(f);
	l2tp2(f, flags, 42, 9, 7, 3, 2);
	ppp_ip(f, 1, 0, IN_UDP);
}

/* v2 control message with O and/or P (arg), honoured, carrying a HELLO. */
static void b_ctl_op(struct fr *f, int flags)
{
	outer4(f);
	l2tp2(f, T_ | L_ | S_ | flags, 42, 0, 5, 6, 3);
	msgtype(f, 6);
}

static void b_data_lcp(struct fr *f, int arg)
{
	outer4(f);
	l2tp2(f, 0, 42, 9, 0, 0, 0);
	ppp_lcp(f);
	(void)arg;
}

/* v2 data carrying PPP; arg: inner protocol | 0x10 no ACF | 0x20 PFC */
static void b_data_inner(struct fr *f, int arg)
{
	outer4(f);
	l2tp2(f, L_, 42, 9, 0, 0, 0);
	ppp_ip(f, !(arg & 0x10), !!(arg & 0x20), arg & 0xF);
}

/*
 * A data message in the first fragment of its UDP datagram: parsed as far
 * as the fragment goes (tshark does the same without reassembly).
 */
static void b_data_frag(struct fr *f, int arg)
{
	outer4(f);
	mark_at(f, "ipv4_fragment ipv4_fragment_first", 34);
	l2tp2(f, L_, 42, 9, 0, 0, 0);
	ppp_ip(f, 1, 0, IN_TCP);
	f->frag_keep = f->len;		/* the fragment ends after the inner TCP header */
	fill(f, 0x61, 200);
	(void)arg;
}

static void b_data_empty(struct fr *f, int arg)
{
	outer4(f);
	l2tp2(f, arg, 42, 9, 0, 0, 0);
}

/* Each control message type with the AVPs RFC 2661 section 6 requires. */
static void b_ctl_type(struct fr *f, int type)
{
	static const char host[] = "lac.example";
	uint16_t pv = htons(0x0100);

	outer4(f);
	switch (type) {
	case 1:		/* SCCRQ 6.1 */
		ctl2(f, 0, 0, 0, 0);
		msgtype(f, 1);
		avp(f, AVP_M, 0, 2, &pv, 2);		/* Protocol Version */
		avp(f, AVP_M, 0, 7, host, sizeof(host) - 1);	/* Host Name */
		avp32(f, 3, 3);				/* Framing Capabilities */
		avp16(f, 9, 17);			/* Assigned Tunnel ID */
		break;
	case 2:		/* SCCRP 6.2 */
		ctl2(f, 17, 0, 0, 1);
		msgtype(f, 2);
		avp(f, AVP_M, 0, 2, &pv, 2);
		avp32(f, 3, 3);
		avp(f, AVP_M, 0, 7, host, sizeof(host) - 1);
		avp16(f, 9, 42);
		break;
	case 4:		/* StopCCN 6.4 */
		ctl2(f, 42, 0, 5, 3);
		msgtype(f, 4);
		avp16(f, 9, 17);
		result(f, 1, 0);
		break;
	case 7:		/* OCRQ 6.9 */
		ctl2(f, 17, 0, 3, 2);
		msgtype(f, 7);
		avp16(f, 14, 9);			/* Assigned Session ID */
		avp32(f, 15, 1);			/* Call Serial Number */
		avp32(f, 16, 9600);			/* Minimum BPS */
		avp32(f, 17, 64000);			/* Maximum BPS */
		avp32(f, 18, 1);			/* Bearer Type */
		avp32(f, 19, 1);			/* Framing Type */
		avp(f, AVP_M, 0, 21, "5551234", 7);	/* Called Number */
		break;
	case 8:		/* OCRP 6.10 */
		ctl2(f, 42, 9, 3, 4);
		msgtype(f, 8);
		avp16(f, 14, 5);
		break;
	case 9:		/* OCCN 6.11 */
		ctl2(f, 42, 9, 4, 4);
		msgtype(f, 9);
		avp32(f, 24, 64000);			/* (Tx) Connect Speed */
		avp32(f, 19, 1);
		break;
	case 10:	/* ICRQ 6.6 */
		ctl2(f, 42, 0, 2, 1);
		msgtype(f, 10);
		avp16(f, 14, 5);
		avp32(f, 15, 1);
		break;
	case 11:	/* ICRP 6.7 */
		ctl2(f, 17, 5, 1, 3);
		msgtype(f, 11);
		avp16(f, 14, 9);
		break;
	case 12:	/* ICCN 6.8 */
		ctl2(f, 42, 9, 3, 2);
		msgtype(f, 12);
		avp32(f, 24, 64000);
		avp32(f, 19, 1);
		break;
	case 14:	/* CDN 6.12 */
		ctl2(f, 42, 9, 4, 3);
		msgtype(f, 14);
		result(f, 3, -1);
		avp16(f, 14, 5);
		break;
	case 15:	/* WEN 6.13 */
		ctl2(f, 17, 5, 4, 4);
		msgtype(f, 15);
		{
			uint8_t errs[26] = { 0 };	/* reserved + six 32-bit error counts */

			avp(f, AVP_M, 0, 34, errs, sizeof(errs));
		}
		break;
	case 16:	/* SLI 6.14 */
		ctl2(f, 17, 5, 4, 5);
		msgtype(f, 16);
		{
			uint8_t accm[10] = { 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

			avp(f, AVP_M, 0, 35, accm, sizeof(accm));
		}
		break;
	default:	/* SCCCN 6.3, HELLO 6.5 and any other type: the Message Type alone */
		ctl2(f, 42, 0, 1, 1);
		msgtype(f, type);
		break;
	}
}

static void b_zlb(struct fr *f, int arg)
{
	outer4(f);
	ctl2(f, 17, 0, 1, 2);
	mark(f, "l2tp_zlb");
	(void)arg;
}

/* SCCRQ whose Assigned Tunnel ID is hidden behind a Random Vector (RFC 2661 4.3). */
static void b_hidden(struct fr *f, int arg)
{
	uint8_t rv[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	uint8_t hid[18] = { 0xAA };

	outer4(f);
	ctl2(f, 0, 0, 0, 0);
	msgtype(f, 1);
	avp(f, AVP_M, 0, 36, rv, sizeof(rv));		/* Random Vector */
	avp(f, AVP_M | AVP_H, 0, 9, hid, sizeof(hid));
	mark_at(f, "l2tp_avp_hidden", f->len - sizeof(hid));
	(void)arg;
}

/* A control message with arg AVPs in all: Message Type then Host Names. */
static void b_avps(struct fr *f, int n)
{
	int i;

	outer4(f);
	ctl2(f, 42, 0, 1, 1);
	msgtype(f, 6);
	for (i = 1; i < n; i++)
		avp(f, 0, 0, 7, "h", 1);
}

/* SCCRQ with a Cisco (vendor 9) AVP of type 9 and no IETF Assigned Tunnel ID. */
static void b_vendor(struct fr *f, int arg)
{
	uint16_t v = htons(77);

	outer4(f);
	ctl2(f, 0, 0, 0, 0);
	msgtype(f, 1);
	avp(f, 0, 9, 9, &v, 2);
	(void)arg;
}

/* L2TPv3 over IP: arg 0 data (Session ID != 0), 1 control (SCCRQ) */
static void b_v3ip(struct fr *f, int arg)
{
	eth(f, 0x0800);
	ipv4(f, A_LAC, A_LNS, 115);
	if (!arg) {
		put32(f, 0x00001001);
		mark(f, "l2tp l2tpv3 l2tpv3_ip l2tp_data");
		fill(f, 0x55, 20);	/* pseudowire payload, not parsed */
		return;
	}
	ctl3(f, 1, 0, 0, 0);
	msgtype(f, 1);
	avp(f, AVP_M, 0, 7, "a", 1);
	avp32(f, 60, 1);		/* Router ID */
	avp32(f, 61, 0x0A0A0001);	/* Assigned Control Connection ID */
}

/* L2TPv3 over UDP: arg 0 data, 1 control (SCCRQ), 2 ZLB */
static void b_v3udp(struct fr *f, int arg)
{
	outer4(f);
	if (!arg) {
		put16(f, 3);
		put16(f, 0);
		put32(f, 0x00002002);
		mark(f, "l2tp l2tpv3 l2tp_data");
		fill(f, 0x55, 20);
		return;
	}
	ctl3(f, 0, arg == 2 ? 0x0A0A0001 : 0, 0, 0);
	if (arg == 2) {
		mark(f, "l2tp_zlb");
		return;
	}
	msgtype(f, 1);
	avp32(f, 61, 0x0A0A0001);
}

/* IPv6 outer: arg 0 v2 data over UDP, 1 v2 SCCRQ over UDP, 2 v3 control over IP */
static void b_v6(struct fr *f, int arg)
{
	eth(f, 0x86DD);
	ipv6(f, V6_A, V6_B, arg == 2 ? 115 : 17);
	if (arg == 2) {
		ctl3(f, 1, 7, 0, 0);
		msgtype(f, 6);
		return;
	}
	udp(f, 1701, 1701);
	if (!arg) {
		l2tp2(f, L_, 42, 9, 0, 0, 0);
		ppp_ip(f, 1, 0, IN_TCP);
		return;
	}
	ctl2(f, 0, 0, 0, 0);
	msgtype(f, 1);
	avp16(f, 9, 17);
}

/* L2TP from the port in one direction only: arg 0 source 1701, 1 destination 1701 */
static void b_oneway(struct fr *f, int arg)
{
	eth(f, 0x0800);
	ipv4(f, A_LAC, A_LNS, 17);
	udp(f, arg ? 40000 : 1701, arg ? 1701 : 40000);
	l2tp2(f, 0, 42, 9, 0, 0, 0);
	ppp_ip(f, 1, 0, IN_ICMP);
}

/* UDP 1702 -> 1702: not L2TP unless --l2tp-port 1702 */
static void b_port1702(struct fr *f, int arg)
{
	eth(f, 0x0800);
	ipv4(f, A_LAC, A_LNS, 17);
	udp(f, 1702, 1702);
	l2tp2(f, 0, 42, 9, 0, 0, 0);
	ppp_lcp(f);
	/* by default only these are counted */
	memset(f->need, 0, sizeof(f->need));
	f->need[TS_C_ETH] = 14;
	f->need[TS_C_IPV4] = 34;
	f->need[TS_C_UDP] = 42;
	(void)arg;
}

/* An ICMP port unreachable quoting an L2TP datagram: quotes are not parsed on. */
static void b_icmp_quote(struct fr *f, int arg)
{
	eth(f, 0x0800);
	ipv4(f, A_LNS, A_LAC, 1);
	put8(f, 3);
	put8(f, 3);
	put16(f, 0);
	put32(f, 0);
	mark(f, "icmp");
	{
		/*
		 * The quoted datagram, whole (RFC 1812 quotes up to 576 bytes):
		 * IPv4 (total length 48), UDP 1701 (length 28), a HELLO.
		 */
		static const uint8_t q[] = {
			0x45, 0, 0, 48, 0, 1, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
			0x06, 0xA5, 0x06, 0xA5, 0, 28, 0, 0,
			0xC8, 0x02, 0, 20, 0, 42, 0, 0, 0, 1, 0, 1,
			0x80, 8, 0, 0, 0, 0, 0, 6,
		};

		put(f, q, sizeof(q));
		mark_at(f, "udp", f->len - sizeof(q) + 28);
	}
	(void)arg;
}

/* ---- malformed ---- */

static void b_bad_version(struct fr *f, int ver)
{
	outer4(f);
	put16(f, T_ | L_ | S_ | ver);
	put16(f, 20);
	fill(f, 0, 16);
}

/* v2 over IP 115 (session 0, version 2): only v3 runs over IP */
static void b_v2_over_ip(struct fr *f, int arg)
{
	eth(f, 0x0800);
	ipv4(f, A_LAC, A_LNS, 115);
	put32(f, 0);
	put16(f, T_ | L_ | S_ | 2);
	put16(f, 12);
	fill(f, 0, 8);
	(void)arg;
}

/* Length field (arg: value) shorter than the header, or beyond the datagram */
static void b_length(struct fr *f, int len)
{
	outer4(f);
	put16(f, T_ | L_ | S_ | 2);
	put16(f, len);
	put16(f, 42);
	put16(f, 0);
	put16(f, 1);
	put16(f, 1);
	avp16(f, 0, 6);
}

/* control message with flags arg (missing L or S) */
static void b_ctl_flags(struct fr *f, int flags)
{
	outer4(f);
	put16(f, T_ | flags | 2);
	if (flags & L_)
		put16(f, 20);
	put16(f, 42);
	put16(f, 0);
	if (flags & S_)
		put32(f, 0x00010001);
	avp16(f, 0, 6);
}

/* Offset Size beyond the message: arg 0 beyond the datagram, 1 beyond Length only */
static void b_offset(struct fr *f, int arg)
{
	outer4(f);
	if (!arg) {
		put16(f, O_ | 2);
		put16(f, 42);
		put16(f, 9);
		put16(f, 100);		/* 100 bytes of padding announced, 8 follow */
		fill(f, 0, 8);
		return;
	}
	put16(f, L_ | O_ | 2);
	put16(f, 14);			/* header 10 + 4 bytes */
	put16(f, 42);
	put16(f, 9);
	put16(f, 6);			/* 6 > 4: past Length, inside the datagram */
	fill(f, 0, 10);
}

/* The datagram ends inside the header its bits announce (arg: bytes kept). */
static void b_short(struct fr *f, int keep)
{
	outer4(f);
	put16(f, T_ | L_ | S_ | 2);
	put16(f, 12);
	put16(f, 42);
	put16(f, 0);
	put32(f, 0x00010001);
	f->len -= 12 - keep;
}

/* v3 data with Session ID 0: arg 0 over UDP, 1 over IP with T clear */
static void b_v3_zero(struct fr *f, int arg)
{
	if (!arg) {
		outer4(f);
		put16(f, 3);
		put16(f, 0);
		put32(f, 0);
	} else {
		eth(f, 0x0800);
		ipv4(f, A_LAC, A_LNS, 115);
		put32(f, 0);
		put16(f, 3);
		put16(f, 0);
	}
	fill(f, 0x55, 12);
}

/* AVP failures: 1 length < 6, 2 Message Type of length 7, 3 AVP past the
 * message, 4 AVP header past the message, 5 first AVP not a Message Type,
 * 6 hidden first AVP */
static void b_avp_bad(struct fr *f, int arg)
{
	uint8_t z[8] = { 0 };

	outer4(f);
	ctl2(f, 42, 0, 1, 1);
	switch (arg) {
	case 1:
		msgtype(f, 6);
		put16(f, AVP_M | 5);
		put16(f, 0);
		put16(f, 7);
		put16(f, 0);
		break;
	case 2:
		put16(f, AVP_M | 7);
		put16(f, 0);
		put16(f, 0);
		put8(f, 6);
		break;
	case 3:
		msgtype(f, 6);
		put16(f, AVP_M | 40);		/* 40 announced, 8 present */
		put16(f, 0);
		put16(f, 7);
		put16(f, 0);
		break;
	case 4:
		msgtype(f, 6);
		put16(f, 0);
		put8(f, 0);			/* 3 stray bytes */
		break;
	case 5:
		avp16(f, 9, 17);
		msgtype(f, 1);
		f->need_msg = 0;		/* not first: not counted */
		break;
	case 6:
		avp(f, AVP_M | AVP_H, 0, 0, z, 2);
		break;
	}
}

static void b_avp_snaplen(struct fr *f, int arg)
{
	b_ctl_type(f, 1);
	f->caplen = f->len - 4;			/* the last AVP's value is not captured */
	(void)arg;
}

static const struct row rows[] = {
	{ "v2 data LCP", b_data_lcp, 0, V4U_DATA "ppp", 0, 0, 0 },
	{ "v2 data PPP IPv4 TCP", b_data_inner, IN_TCP,
	  V4U_DATA "l2tp_data_length ppp tcp tcp_syn tcp_handshake_syn tcp_inner", 0, 0, 0 },
	{ "v2 data PPP IPv4 UDP", b_data_inner, IN_UDP, V4U_DATA "l2tp_data_length ppp", 0, 0, 0 },
	{ "v2 data PPP IPv4 ICMP", b_data_inner, IN_ICMP,
	  V4U_DATA "l2tp_data_length ppp icmp", 0, 0, 0 },
	{ "v2 data PPP IPv6 UDP", b_data_inner, IN_V6UDP,
	  V4U_DATA "l2tp_data_length ppp ipv6", 0, 0, 0 },
	{ "v2 data PPP without address/control", b_data_inner, IN_TCP | 0x10,
	  V4U_DATA "l2tp_data_length ppp ppp_no_addr_ctrl tcp tcp_syn tcp_handshake_syn tcp_inner",
	  0, 0, 0 },
	{ "v2 data PPP ACFC and PFC", b_data_inner, IN_ICMP | 0x30,
	  V4U_DATA "l2tp_data_length ppp ppp_no_addr_ctrl ppp_proto_compressed icmp", 0, 0, 0 },
	{ "v2 data PPP PFC", b_data_inner, IN_UDP | 0x20,
	  V4U_DATA "l2tp_data_length ppp ppp_proto_compressed", 0, 0, 0 },
	{ "v2 data in a first fragment", b_data_frag, 0,
	  V4U_DATA "ipv4_fragment ipv4_fragment_first l2tp_data_length ppp tcp tcp_syn "
	  "tcp_handshake_syn tcp_inner", 0, 0, 0 },
	{ "v2 data empty, L", b_data_empty, L_, V4U_DATA "l2tp_data_length", 0, 0, 0 },
	{ "v2 data empty, no L", b_data_empty, 0, V4U_DATA, 0, 0, 0 },
	{ "v2 control O (offset 3)", b_ctl_op, O_, V4U_CTL, 2, 6, 0 },
	{ "v2 control P", b_ctl_op, P_, V4U_CTL, 2, 6, 0 },
	{ "v2 control O P", b_ctl_op, O_ | P_, V4U_CTL, 2, 6, 0 },
	{ "v2 SCCRQ", b_ctl_type, 1, V4U_CTL, 2, 1, 0 },
	{ "v2 SCCRP", b_ctl_type, 2, V4U_CTL, 2, 2, 0 },
	{ "v2 SCCCN", b_ctl_type, 3, V4U_CTL, 2, 3, 0 },
	{ "v2 StopCCN", b_ctl_type, 4, V4U_CTL, 2, 4, 0 },
	{ "v2 HELLO", b_ctl_type, 6, V4U_CTL, 2, 6, 0 },
	{ "v2 OCRQ", b_ctl_type, 7, V4U_CTL, 2, 7, 0 },
	{ "v2 OCRP", b_ctl_type, 8, V4U_CTL, 2, 8, 0 },
	{ "v2 OCCN", b_ctl_type, 9, V4U_CTL, 2, 9, 0 },
	{ "v2 ICRQ", b_ctl_type, 10, V4U_CTL, 2, 10, 0 },
	{ "v2 ICRP", b_ctl_type, 11, V4U_CTL, 2, 11, 0 },
	{ "v2 ICCN", b_ctl_type, 12, V4U_CTL, 2, 12, 0 },
	{ "v2 CDN", b_ctl_type, 14, V4U_CTL, 2, 14, 0 },
	{ "v2 WEN", b_ctl_type, 15, V4U_CTL, 2, 15, 0 },
	{ "v2 SLI", b_ctl_type, 16, V4U_CTL, 2, 16, 0 },
	{ "v2 reserved type 0", b_ctl_type, 0, V4U_CTL, 2, 0, 0 },
	{ "v2 CSURQ (29)", b_ctl_type, 29, V4U_CTL, 2, 29, 0 },
	{ "v2 type 300: other", b_ctl_type, 300, V4U_CTL, 2, TS_L2TP_MSG_OTHER, 0 },
	{ "v2 ZLB", b_zlb, 0, V4U_CTL "l2tp_zlb", 0, 0, 0 },
	{ "v2 hidden AVP", b_hidden, 0, V4U_CTL "l2tp_avp_hidden", 2, 1, 0 },
	{ "v2 32 AVPs (the limit)", b_avps, TS_MAX_L2TP_AVPS, V4U_CTL, 2, 6, 0 },
	{ "v2 33 AVPs: l2tp_avp_limit", b_avps, TS_MAX_L2TP_AVPS + 1,
	  V4U_CTL "l2tp_avp_limit", 2, 6, 0 },
	{ "v2 vendor AVP", b_vendor, 0, V4U_CTL, 2, 1, 0 },
	{ "v3 over IP data", b_v3ip, 0, "eth ipv4 l2tp l2tpv3 l2tpv3_ip l2tp_data", 0, 0, 0 },
	{ "v3 over IP SCCRQ", b_v3ip, 1, "eth ipv4 l2tp l2tpv3 l2tpv3_ip l2tp_control", 3, 1, 0 },
	{ "v3 over UDP data", b_v3udp, 0, V4U "l2tpv3 l2tp_data", 0, 0, 0 },
	{ "v3 over UDP SCCRQ", b_v3udp, 1, V4U "l2tpv3 l2tp_control", 3, 1, 0 },
	{ "v3 over UDP ZLB", b_v3udp, 2, V4U "l2tpv3 l2tp_control l2tp_zlb", 0, 0, 0 },
	{ "IPv6 v2 data PPP IPv4 TCP", b_v6, 0,
	  "eth ipv6 udp l2tp l2tp_data l2tp_data_length ppp ipv4 tcp tcp_syn tcp_handshake_syn "
	  "tcp_inner", 0, 0, 0 },
	{ "IPv6 v2 SCCRQ", b_v6, 1, "eth ipv6 udp l2tp l2tp_control", 2, 1, 0 },
	{ "IPv6 v3 over IP HELLO", b_v6, 2, "eth ipv6 l2tp l2tpv3 l2tpv3_ip l2tp_control", 3, 6, 0 },
	{ "source port 1701 only", b_oneway, 0, V4U_DATA "ppp icmp", 0, 0, 0 },
	{ "destination port 1701 only", b_oneway, 1, V4U_DATA "ppp icmp", 0, 0, 0 },
	{ "UDP 1702 is not L2TP by default", b_port1702, 0, "eth ipv4 udp", 0, 0, 0 },
	{ "ICMP quoting L2TP: quote not parsed", b_icmp_quote, 0, "eth ipv4 icmp udp", 0, 0, 0 },

	{ "version 1 (L2F)", b_bad_version, 1, "eth ipv4 udp l2tp_bad_version", 0, 0, 1 },
	{ "version 4", b_bad_version, 4, "eth ipv4 udp l2tp_bad_version", 0, 0, 1 },
	{ "version 2 over IP", b_v2_over_ip, 0, "eth ipv4 l2tp_bad_version", 0, 0, 1 },
	{ "Length shorter than the header", b_length, 10, "eth ipv4 udp l2tp_bad_length", 0, 0, 1 },
	{ "Length beyond the datagram", b_length, 21,
	  "eth ipv4 udp l2tp_len_beyond_datagram", 0, 0, 1 },
	{ "control without L or S", b_ctl_flags, 0,
	  "eth ipv4 udp l2tp_control_without_len_seq", 0, 0, 1 },
	{ "control without S", b_ctl_flags, L_,
	  "eth ipv4 udp l2tp_control_without_len_seq", 0, 0, 1 },
	{ "control without L", b_ctl_flags, S_,
	  "eth ipv4 udp l2tp_control_without_len_seq", 0, 0, 1 },
	{ "offset beyond the datagram", b_offset, 0,
	  "eth ipv4 udp l2tp_offset_beyond_message", 0, 0, 1 },
	{ "offset beyond Length", b_offset, 1, "eth ipv4 udp l2tp_offset_beyond_message", 0, 0, 1 },
	{ "datagram ends in the header", b_short, 10, "eth ipv4 udp l2tp_truncated", 0, 0, 1 },
	{ "datagram of 1 byte", b_short, 1, "eth ipv4 udp l2tp_truncated", 0, 0, 1 },
	{ "v3 data Session ID 0 over UDP", b_v3_zero, 0,
	  "eth ipv4 udp l2tpv3_zero_session", 0, 0, 1 },
	{ "v3 Session ID 0 over IP, T clear", b_v3_zero, 1,
	  "eth ipv4 l2tpv3_zero_session", 0, 0, 1 },
	{ "AVP length < 6", b_avp_bad, 1, V4U_CTL "l2tp_avp_bad_len", 2, 6, 1 },
	{ "Message Type AVP of length 7", b_avp_bad, 2, V4U_CTL "l2tp_avp_bad_len", 0, 0, 1 },
	{ "AVP past the message", b_avp_bad, 3, V4U_CTL "l2tp_avp_beyond_message", 2, 6, 1 },
	{ "AVP header past the message", b_avp_bad, 4,
	  V4U_CTL "l2tp_avp_beyond_message", 2, 6, 1 },
	{ "first AVP not Message Type", b_avp_bad, 5, V4U_CTL "l2tp_no_message_type", 0, 0, 1 },
	{ "hidden first AVP", b_avp_bad, 6,
	  V4U_CTL "l2tp_no_message_type l2tp_avp_hidden", 0, 0, 1 },
	{ "AVP not captured (snaplen)", b_avp_snaplen, 0, V4U_CTL "l2tp_avp_truncated", 2, 1, 1 },
};

/* Expected deltas of a row: 1 for each name in expect. */
static void expected(const char *expect, int *want)
{
	char buf[512], *tok, *save;

	memset(want, 0, sizeof(int) * __TS_C_MAX);
	want[TS_C_TOTAL] = 1;
	snprintf(buf, sizeof(buf), "%s", expect);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		want[counter_id(tok)] = 1;
}

/* Compare the deltas of a frame with want; "" or the first difference. */
static int check_deltas(const struct snap *a, const struct snap *b, const int *want, int mv,
			int mt, char *why, size_t wl)
{
	int i;

	for (i = 0; i < __TS_C_MAX; i++) {
		long long d = (long long)(b->st.c[i].packets - a->st.c[i].packets);

		if (d != want[i]) {
			snprintf(why, wl, "counter %s moved by %lld, want %d", ts_counter_names[i], d,
				 want[i]);
			return -1;
		}
	}
	for (i = 0; i < 2 * TS_L2TP_MSG_SLOTS; i++) {
		long long d = (long long)(b->msgs[i].packets - a->msgs[i].packets);
		int w = mv && i == (mv == 3 ? TS_L2TP_MSG_SLOTS : 0) + mt;

		if (d != w) {
			snprintf(why, wl, "l2tp_msgs[v%d type %d] moved by %lld, want %d",
				 i < TS_L2TP_MSG_SLOTS ? 2 : 3, i % TS_L2TP_MSG_SLOTS, d, w);
			return -1;
		}
	}
	return 0;
}

static void build(const struct row *r, struct fr *f)
{
	memset(f, 0, sizeof(*f));
	r->build(f, r->arg);
	finish(f);
}

static void run_row(const struct row *r)
{
	struct snap a, b;
	struct fr f;
	char why[256];
	int want[__TS_C_MAX], v, err, i;

	build(r, &f);
	expected(r->expect, want);
	/* the builder's marks and the row agree on the protocols */
	if (!r->no_sweep) {
		for (i = 1; i < TS_C_FIRST_ERROR; i++) {
			if (!!f.need[i] != want[i]) {
				fail(r->name, "row and builder disagree on %s", ts_counter_names[i]);
				return;
			}
		}
	}
	v = run_live(f.b, f.len);
	if (v != XDP_PASS_) {
		fail(r->name, "live verdict %d, want XDP_PASS", v);
		return;
	}
	clear_tcp();
	if (snapshot(&a))
		goto read_fail;
	err = run_replay(prog_replay, f.b, f.caplen ? f.caplen : f.len, f.len, 1);
	if (err) {
		fail(r->name, "replay: %s", strerror(-err));
		return;
	}
	if (snapshot(&b))
		goto read_fail;
	if (check_deltas(&a, &b, want, r->msg_ver, r->msg_type, why, sizeof(why)))
		fail(r->name, "%s", why);
	else
		ok(r->name);
	return;
read_fail:
	fail(r->name, "cannot read the maps");
}

/* Every shorter length of a positive row, live and replay. */
static void sweep(const struct row *r)
{
	struct snap a, b;
	struct fr f;
	char name[160];
	uint32_t n;
	int i, v, err;

	build(r, &f);
	snprintf(name, sizeof(name), "sweep %s (%u lengths)", r->name, f.len - 14);
	for (n = 14; n < f.len; n++) {
		v = run_live(f.b, n);
		if (v != XDP_PASS_) {
			fail(name, "live verdict %d at %u bytes", v, n);
			return;
		}
		clear_tcp();
		if (snapshot(&a))
			goto read_fail;
		err = run_replay(prog_replay, f.b, n, f.len, 1);
		if (err) {
			fail(name, "replay at %u bytes: %s", n, strerror(-err));
			return;
		}
		if (snapshot(&b))
			goto read_fail;
		for (i = 1; i < TS_C_FIRST_ERROR; i++) {
			__u64 d = b.st.c[i].packets - a.st.c[i].packets;

			if (!d)
				continue;
			if (!f.need[i]) {
				fail(name, "%s counted at %u bytes, not at full length",
				     ts_counter_names[i], n);
				return;
			}
			if (n < f.need[i]) {
				fail(name, "%s counted at %u bytes, its header needs %u",
				     ts_counter_names[i], n, f.need[i]);
				return;
			}
		}
		for (i = 0; i < 2 * TS_L2TP_MSG_SLOTS; i++) {
			if (b.msgs[i].packets != a.msgs[i].packets &&
			    (!f.need_msg || n < f.need_msg)) {
				fail(name, "message type counted at %u bytes, needs %u", n, f.need_msg);
				return;
			}
		}
	}
	ok(name);
	return;
read_fail:
	fail(name, "cannot read the maps");
}

/* The 16 combinations of the v2 data bits L, S, O, P. */
static void data_flag_rows(void)
{
	static const uint16_t bits[4] = { L_, S_, O_, P_ };
	static const char *const names[4] = { "l2tp_data_length", "l2tp_data_sequenced",
					      "l2tp_data_offset", "l2tp_data_priority" };
	static char nbuf[16][64], ebuf[16][256];
	struct row r;
	int c, i;

	for (c = 0; c < 16; c++) {
		uint16_t fl = 0;

		snprintf(nbuf[c], sizeof(nbuf[c]), "v2 data flags%s%s%s%s", c & 1 ? " L" : "",
			 c & 2 ? " S" : "", c & 4 ? " O" : "", c & 8 ? " P" : "");
		if (!c)
			snprintf(nbuf[c], sizeof(nbuf[c]), "v2 data flags none");
		snprintf(ebuf[c], sizeof(ebuf[c]), V4U_DATA "ppp");
		for (i = 0; i < 4; i++) {
			if (c & (1 << i)) {
				fl |= bits[i];
				strcat(ebuf[c], " ");
				strcat(ebuf[c], names[i]);
			}
		}
		memset(&r, 0, sizeof(r));
		r.name = nbuf[c];
		r.build = b_data_flags;
		r.arg = fl;
		r.expect = ebuf[c];
		run_row(&r);
		sweep(&r);
	}
}

/* --l2tp-port: the same frame on UDP 1702 is L2TP with the switch set. */
static void port_switch(void)
{
	struct tunnelstat_bpf *s2 = NULL;
	struct ts_config cfg = TS_CONFIG_DEFAULT;
	struct ts_stats a, b;
	struct fr f;
	int err;

	memset(&f, 0, sizeof(f));
	b_port1702(&f, 0);
	finish(&f);
	cfg.l2tp_port = 1702;
	if (ts_bpf_load_cfg(&s2, TS_PROG_REPLAY, &cfg)) {
		fail("--l2tp-port 1702", "cannot load the program");
		return;
	}
	ts_stats_read(bpf_map__fd(s2->maps.counters), &a);
	err = run_replay(bpf_program__fd(s2->progs.xdp_replay), f.b, f.len, f.len, 1);
	ts_stats_read(bpf_map__fd(s2->maps.counters), &b);
	if (err)
		fail("--l2tp-port 1702", "replay: %s", strerror(-err));
	else if (b.c[TS_C_L2TP].packets - a.c[TS_C_L2TP].packets != 1 ||
		 b.c[TS_C_PPP].packets - a.c[TS_C_PPP].packets != 1)
		fail("--l2tp-port 1702", "l2tp/ppp not counted on port 1702");
	else
		ok("--l2tp-port 1702");
	tunnelstat_bpf__destroy(s2);
}

/* ---- scenarios ---------------------------------------------------------- */

static uint64_t now_ns;

/* Feed a frame built by fn (which fills f after outer headers). */
static void feed(struct fr *f)
{
	int err;

	finish(f);
	now_ns += 1000;
	err = run_replay(prog_replay, f->b, f->len, f->len, now_ns);
	if (err) {
		fprintf(stderr, "test_l2tp: replay failed: %s\n", strerror(-err));
		exit(1);
	}
}

/* Start a frame between two IPv4 hosts over UDP 1701. */
static struct fr *start(struct fr *f, uint32_t src, uint32_t dst)
{
	memset(f, 0, sizeof(*f));
	eth(f, 0x0800);
	ipv4(f, src, dst, 17);
	udp(f, 1701, 1701);
	return f;
}

static void key4(struct ts_l2tp_key *k, uint32_t a, uint32_t b, uint32_t tid, uint32_t sid)
{
	memset(k, 0, sizeof(*k));
	k->a[0] = htonl(a);
	k->b[0] = htonl(b);
	k->tunnel_id = tid;
	k->session_id = sid;
	k->version = 2;
	k->family = 4;
}

static int get_sess(uint32_t a, uint32_t b, uint32_t tid, uint32_t sid, struct ts_l2tp_sess *v)
{
	struct ts_l2tp_key k;

	key4(&k, a, b, tid, sid);
	return ts_map_get(fd_sess, &k, sizeof(k), v, sizeof(*v)) ? -1 : 0;
}

/* name: want == got, or fail with the field's name */
#define EXPECT(name, field, want, got)                                                    \
	do {                                                                              \
		long long w_ = (long long)(want), g_ = (long long)(got);                  \
		if (w_ != g_) {                                                           \
			fail(name, "%s: want %lld, got %lld", field, w_, g_);             \
			return;                                                           \
		}                                                                         \
	} while (0)

static void hello(struct fr *f, uint32_t src, uint32_t dst, uint16_t tid, uint16_t ns,
		  uint16_t nr)
{
	start(f, src, dst);
	ctl2(f, tid, 0, ns, nr);
	msgtype(f, 6);
	feed(f);
}

static void zlb(struct fr *f, uint32_t src, uint32_t dst, uint16_t tid, uint16_t ns, uint16_t nr)
{
	start(f, src, dst);
	ctl2(f, tid, 0, ns, nr);
	feed(f);
}

/* Ns 3, 4, ZLB (Ns 5 not taken), 5, 5 again, 8 (6, 7 missing), Nr up and down. */
static void sc_sequence(void)
{
	const char *n = "scenario: Ns gaps, retransmissions, ZLB Ns";
	struct ts_l2tp_sess s;
	uint64_t t0 = now_ns;
	struct fr f;

	clear_tables();
	hello(&f, A_LAC, A_LNS, 42, 3, 1);
	hello(&f, A_LAC, A_LNS, 42, 4, 2);
	zlb(&f, A_LAC, A_LNS, 42, 5, 3);
	hello(&f, A_LAC, A_LNS, 42, 5, 3);
	hello(&f, A_LAC, A_LNS, 42, 5, 3);
	hello(&f, A_LAC, A_LNS, 42, 8, 2);
	if (get_sess(A_LAC, A_LNS, 42, 0, &s)) {
		fail(n, "no l2tp_sess row");
		return;
	}
	EXPECT(n, "packets", 6, s.packets);
	EXPECT(n, "control", 6, s.control);
	EXPECT(n, "data", 0, s.data);
	EXPECT(n, "ns_max", 8, s.ns_max);
	EXPECT(n, "nr_max", 3, s.nr_max);
	EXPECT(n, "retransmits", 1, s.retransmits);
	EXPECT(n, "gaps", 2, s.gaps);
	EXPECT(n, "first_ns", t0 + 1000, s.first_ns);
	EXPECT(n, "last_ns", now_ns, s.last_ns);
	ok(n);
}

/* v3 (RFC 3931 4.2): an explicit ACK carries the next Ns without taking it. */
static void sc_v3_ack(void)
{
	const char *n = "scenario: v3 ACK takes no Ns";
	struct ts_l2tp_key k;
	struct ts_l2tp_sess s;
	static const uint16_t types[3] = { 6, 20, 6 };	/* HELLO Ns 3, ACK Ns 4, HELLO Ns 4 */
	static const uint16_t ns[3] = { 3, 4, 4 };
	struct fr f;
	int i;

	clear_tables();
	for (i = 0; i < 3; i++) {
		start(&f, A_LAC, A_LNS);
		ctl3(&f, 0, 0x0B0B0002, ns[i], 7);
		msgtype(&f, types[i]);
		feed(&f);
	}
	key4(&k, A_LAC, A_LNS, 0x0B0B0002, 0);
	k.version = 3;
	if (ts_map_get(fd_sess, &k, sizeof(k), &s, sizeof(s))) {
		fail(n, "no l2tp_sess row");
		return;
	}
	EXPECT(n, "control", 3, s.control);
	EXPECT(n, "ns_max", 4, s.ns_max);
	EXPECT(n, "retransmits", 0, s.retransmits);
	EXPECT(n, "gaps", 0, s.gaps);
	ok(n);
}

/* Ns wraps from 65535 to 0 without a gap; a message with session ID 9 keeps the
 * sequence on the session 0 row. */
static void sc_wrap(void)
{
	const char *n = "scenario: Ns wraparound, sequence on session 0";
	struct ts_l2tp_sess s, s9;
	struct fr f;

	clear_tables();
	hello(&f, A_LAC, A_LNS, 42, 65534, 65535);
	hello(&f, A_LAC, A_LNS, 42, 65535, 0);
	start(&f, A_LAC, A_LNS);
	ctl2(&f, 42, 9, 0, 1);			/* ICCN, naming session 9 */
	msgtype(&f, 12);
	feed(&f);
	hello(&f, A_LAC, A_LNS, 42, 1, 1);
	if (get_sess(A_LAC, A_LNS, 42, 0, &s) || get_sess(A_LAC, A_LNS, 42, 9, &s9)) {
		fail(n, "rows missing");
		return;
	}
	EXPECT(n, "session 0 packets", 3, s.packets);
	EXPECT(n, "session 9 packets", 1, s9.packets);
	EXPECT(n, "session 9 control", 1, s9.control);
	EXPECT(n, "session 9 have_ns", 0, s9.have_ns);
	EXPECT(n, "ns_max", 1, s.ns_max);
	EXPECT(n, "nr_max", 1, s.nr_max);
	EXPECT(n, "gaps", 0, s.gaps);
	EXPECT(n, "retransmits", 0, s.retransmits);
	ok(n);
}

static int get_tunnel(uint32_t lac, uint32_t lns, uint32_t tid, struct ts_l2tp_tunnel *t)
{
	struct ts_l2tp_key k;

	key4(&k, lac, lns, tid, 0);
	return ts_map_get(fd_tun, &k, sizeof(k), t, sizeof(*t)) ? -1 : 0;
}

static int get_call(uint32_t req, uint32_t peer, uint32_t tid, uint32_t sid,
		    struct ts_l2tp_call *c)
{
	struct ts_l2tp_key k;

	key4(&k, req, peer, tid, sid);
	return ts_map_get(fd_calls, &k, sizeof(k), c, sizeof(*c)) ? -1 : 0;
}

static void sccrq(struct fr *f, uint32_t src, uint32_t dst, uint16_t atid)
{
	start(f, src, dst);
	ctl2(f, 0, 0, 0, 0);
	msgtype(f, 1);
	avp16(f, 9, atid);
	feed(f);
}

static void sccrp(struct fr *f, uint32_t src, uint32_t dst, uint16_t tid, uint16_t atid)
{
	start(f, src, dst);
	ctl2(f, tid, 0, 0, 1);
	msgtype(f, 2);
	avp16(f, 9, atid);
	feed(f);
}

/* msg with header (tid, sid), optional Assigned Session ID and Result Code */
static void callmsg(struct fr *f, uint32_t src, uint32_t dst, uint16_t type, uint16_t tid,
		    uint16_t sid, int asid, int res)
{
	start(f, src, dst);
	ctl2(f, tid, sid, 1, 1);
	msgtype(f, type);
	if (res >= 0)
		result(f, res, -1);
	if (asid >= 0)
		avp16(f, 14, asid);
	feed(f);
}

/* LNS-initiated outgoing call: OCRQ, OCRP, OCCN, then CDN from the LNS. */
static void sc_outgoing(void)
{
	const char *n = "scenario: outgoing call OCRQ/OCRP/OCCN/CDN";
	struct ts_l2tp_tunnel t;
	struct ts_l2tp_call c;
	struct fr f;

	clear_tables();
	sccrq(&f, A_LAC, A_LNS, 100);
	sccrp(&f, A_LNS, A_LAC, 100, 200);
	callmsg(&f, A_LAC, A_LNS, 3, 200, 0, -1, -1);		/* SCCCN */
	callmsg(&f, A_LNS, A_LAC, 7, 100, 0, 31, -1);		/* OCRQ: LNS session 31 */
	callmsg(&f, A_LAC, A_LNS, 8, 200, 31, 13, -1);		/* OCRP: LAC session 13 */
	callmsg(&f, A_LAC, A_LNS, 9, 200, 31, -1, -1);		/* OCCN */
	if (get_tunnel(A_LAC, A_LNS, 100, &t) || get_call(A_LNS, A_LAC, 100, 31, &c)) {
		fail(n, "tunnel or call missing");
		return;
	}
	EXPECT(n, "tunnel state", TS_L2TP_ST_ESTABLISHED, t.state);
	EXPECT(n, "lns_tunnel_id", 200, t.lns_tunnel_id);
	EXPECT(n, "call state after OCCN", TS_L2TP_ST_ESTABLISHED, c.state);
	EXPECT(n, "outgoing", 1, c.outgoing);
	EXPECT(n, "req_session_id", 31, c.req_session_id);
	EXPECT(n, "resp_session_id", 13, c.resp_session_id);
	callmsg(&f, A_LNS, A_LAC, 14, 100, 13, 31, 2);		/* CDN from the LNS, result 2 */
	get_call(A_LNS, A_LAC, 100, 31, &c);
	EXPECT(n, "call state after CDN", TS_L2TP_ST_STOPPED, c.state);
	EXPECT(n, "CDN result", 2, c.result);
	EXPECT(n, "have_result", 1, c.have_result);
	EXPECT(n, "ended_ns", now_ns, c.ended_ns);
	ok(n);
}

/* SCCRQ and ICRQ missed: SCCRP and ICRP create the entries; ICCN and a CDN
 * from the LAC find them through the aliases. */
static void sc_missed(void)
{
	const char *n = "scenario: missed SCCRQ and ICRQ";
	struct ts_l2tp_tunnel t;
	struct ts_l2tp_call c;
	struct fr f;

	clear_tables();
	sccrp(&f, A_LNS, A_LAC, 300, 400);			/* LAC's ID 300, LNS's 400 */
	callmsg(&f, A_LNS, A_LAC, 11, 300, 7, 8, -1);		/* ICRP: LAC session 7, LNS 8 */
	callmsg(&f, A_LAC, A_LNS, 12, 400, 8, -1, -1);		/* ICCN to the LNS's IDs */
	if (get_tunnel(A_LAC, A_LNS, 300, &t) || get_call(A_LAC, A_LNS, 300, 7, &c)) {
		fail(n, "tunnel or call missing");
		return;
	}
	EXPECT(n, "tunnel state", TS_L2TP_ST_REPLIED, t.state);
	EXPECT(n, "started_ns", now_ns - 2000, t.started_ns);
	EXPECT(n, "call state", TS_L2TP_ST_ESTABLISHED, c.state);
	EXPECT(n, "incoming", 0, c.outgoing);
	EXPECT(n, "resp_session_id", 8, c.resp_session_id);
	callmsg(&f, A_LAC, A_LNS, 14, 400, 8, 7, 1);		/* CDN from the LAC */
	get_call(A_LAC, A_LNS, 300, 7, &c);
	EXPECT(n, "state after CDN", TS_L2TP_ST_STOPPED, c.state);
	EXPECT(n, "result", 1, c.result);
	ok(n);
}

/* An SCCRQ rejected by StopCCN with Tunnel ID 0 in the header; an ICRQ
 * cancelled by a CDN sent before the peer's Session ID was known. */
static void sc_rejects(void)
{
	const char *n = "scenario: StopCCN and CDN with zero IDs";
	struct ts_l2tp_tunnel t;
	struct ts_l2tp_call c;
	struct fr f;

	clear_tables();
	sccrq(&f, A_LAC, A_LNS, 500);
	start(&f, A_LNS, A_LAC);				/* StopCCN to tunnel 500 */
	ctl2(&f, 500, 0, 0, 1);
	msgtype(&f, 4);
	avp16(&f, 9, 0);
	result(&f, 5, -1);					/* protocol version not supported */
	feed(&f);
	if (get_tunnel(A_LAC, A_LNS, 500, &t)) {
		fail(n, "tunnel missing");
		return;
	}
	EXPECT(n, "rejected tunnel state", TS_L2TP_ST_STOPPED, t.state);
	EXPECT(n, "rejected tunnel result", 5, t.result);

	sccrq(&f, A_LAC, A_LNS, 600);
	sccrp(&f, A_LNS, A_LAC, 600, 700);
	callmsg(&f, A_LAC, A_LNS, 10, 700, 0, 21, -1);		/* ICRQ, LAC session 21 */
	callmsg(&f, A_LAC, A_LNS, 14, 700, 0, 21, 3);		/* CDN before the ICRP */
	if (get_call(A_LAC, A_LNS, 600, 21, &c)) {
		fail(n, "call missing");
		return;
	}
	EXPECT(n, "cancelled call state", TS_L2TP_ST_STOPPED, c.state);
	EXPECT(n, "cancelled call result", 3, c.result);
	EXPECT(n, "have_resp_id", 0, c.have_resp_id);
	/* a StopCCN from the LAC naming the tunnel only by its own ID */
	start(&f, A_LAC, A_LNS);
	ctl2(&f, 0, 0, 3, 1);
	msgtype(&f, 4);
	avp16(&f, 9, 600);
	result(&f, 6, -1);
	feed(&f);
	get_tunnel(A_LAC, A_LNS, 600, &t);
	EXPECT(n, "StopCCN with Tunnel ID 0: state", TS_L2TP_ST_STOPPED, t.state);
	EXPECT(n, "StopCCN with Tunnel ID 0: result", 6, t.result);
	ok(n);
}

/* A hidden Assigned Tunnel ID creates no tunnel; a vendor AVP of type 9 neither. */
static void sc_hidden(void)
{
	const char *n = "scenario: hidden and vendor AVPs are not decoded";
	struct fr f;
	int cnt;

	clear_tables();
	memset(&f, 0, sizeof(f));
	b_hidden(&f, 0);
	feed(&f);
	memset(&f, 0, sizeof(f));
	b_vendor(&f, 0);
	feed(&f);
	cnt = clear_table(fd_tun, sizeof(struct ts_l2tp_tunnel));
	EXPECT(n, "tunnels created", 0, cnt);
	ok(n);
}

/* ---- corpus -------------------------------------------------------------- */

/* The number after "key": in a JSON line, 0 if absent. */
static long json_num(const char *line, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(line, pat);
	return p ? strtol(p + strlen(pat), NULL, 10) : 0;
}

static void corpus(void)
{
	const char *n = "corpus: l2tp and l2tpv3 equal tshark's (INDEX.jsonl) on every capture";
	const char *root = getenv("TS_ROOT") ? getenv("TS_ROOT") : ".";
	static char bad[4096];
	char path[1024], line[8192], file[768];
	struct ts_replay_info info;
	struct ts_stats a, b;
	int total = 0, replayed = 0, mismatches = 0;
	int saved_err, devnull;
	FILE *idx;

	snprintf(path, sizeof(path), "%s/../shared/corpus/INDEX.jsonl", root);
	idx = fopen(path, "r");
	if (!idx) {
		printf("skip - corpus: %s not found (a fresh clone has no shared/)\n", path);
		return;
	}
	/* replay says why it skips a capture (link type, corruption): not our business here */
	fflush(stderr);
	saved_err = dup(STDERR_FILENO);
	devnull = open("/dev/null", O_WRONLY);
	if (devnull >= 0) {
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
	while (fgets(line, sizeof(line), idx)) {
		const char *f = strstr(line, "\"file\": \""), *e;
		long want_l2tp = json_num(line, "l2tp"), want_v3 = json_num(line, "l2tp_v3");
		long got_l2tp, got_v3;
		int rc;

		if (!f)
			continue;
		f += strlen("\"file\": \"");
		e = strchr(f, '"');
		if (!e || (size_t)(e - f) >= sizeof(file))
			continue;
		memcpy(file, f, e - f);
		file[e - f] = 0;
		total++;
		snprintf(path, sizeof(path), "%s/../shared/corpus/%s", root, file);
		ts_stats_read(fd_counters, &a);
		rc = ts_replay_file(prog_replay, path, &info, 0);
		ts_stats_read(fd_counters, &b);
		if (rc && !info.fed) {
			if (want_l2tp) {	/* tshark saw L2TP where we could not look */
				mismatches++;
				snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
					 "%.200s not replayed; ", file);
			}
			continue;
		}
		replayed++;
		got_l2tp = b.c[TS_C_L2TP].packets - a.c[TS_C_L2TP].packets;
		got_v3 = b.c[TS_C_L2TPV3].packets - a.c[TS_C_L2TPV3].packets;
		if (got_l2tp != want_l2tp || got_v3 != want_v3) {
			mismatches++;
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
				 "%.200s l2tp %ld/%ld v3 %ld/%ld (ours/tshark); ", file, got_l2tp,
				 want_l2tp, got_v3, want_v3);
		}
	}
	fclose(idx);
	if (saved_err >= 0) {
		dup2(saved_err, STDERR_FILENO);
		close(saved_err);
	}
	if (mismatches)
		fail(n, "%d of %d: %s", mismatches, total, bad);
	else if (!total)
		fail(n, "INDEX.jsonl lists no capture");
	else
		printf("ok - %s (%d replayed, %d of another link type)\n", n, replayed,
		       total - replayed), passed++;
}

int main(void)
{
	size_t i;
	int err;

	ts_log_init(0);
	err = ts_bpf_load(&skel, TS_PROG_REPLAY);
	if (!err)
		err = ts_bpf_load(&live, TS_PROG_LIVE);
	if (err) {
		printf("FAIL - load: the program did not load (exit code %d)\n", err);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	prog_replay = bpf_program__fd(skel->progs.xdp_replay);
	prog_live = bpf_program__fd(live->progs.xdp_tunnelstat);
	fd_counters = bpf_map__fd(skel->maps.counters);
	fd_msgs = bpf_map__fd(skel->maps.l2tp_msgs);
	fd_sess = bpf_map__fd(skel->maps.l2tp_sess);
	fd_tun = bpf_map__fd(skel->maps.l2tp_tunnels);
	fd_calls = bpf_map__fd(skel->maps.l2tp_calls);
	fd_alias = bpf_map__fd(skel->maps.l2tp_alias);
	fd_tcp_conns = bpf_map__fd(skel->maps.tcp_conns);
	fd_tcp_svcs = bpf_map__fd(skel->maps.tcp_services);

	data_flag_rows();
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		run_row(&rows[i]);
		if (!rows[i].no_sweep)
			sweep(&rows[i]);
	}
	port_switch();
	corpus();
	sc_sequence();
	sc_wrap();
	sc_v3_ack();
	sc_outgoing();
	sc_missed();
	sc_rejects();
	sc_hidden();

	tunnelstat_bpf__destroy(live);
	tunnelstat_bpf__destroy(skel);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
