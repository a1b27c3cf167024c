// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_pptp: GRE (v0 and PPTP's enhanced v1), PPP inside GRE and the PPTP
 * control channel, through the XDP program with BPF_PROG_TEST_RUN.
 *
 * Rows (the table `rows` below): a canned frame, the exact set of counters
 * it must bump (one packet each, its wire length in bytes; every counter
 * not listed must stay 0), the PPTP control types, PPP protocol/code slots,
 * the gre_calls entry and the pptp_calls entries it must leave. Frames go
 * through the replay engine (ts_batch_*), the same code `tunnelstat replay`
 * uses; the live entry is run on the same bytes for its verdict.
 *
 * Truncation sweep: every row that counts no error is re-run at every
 * shorter captured length >= 14 (wire length unchanged, as a short snaplen
 * leaves it): the verdict stays XDP_PASS, only counters the full frame
 * counts appear, none before the bytes that prove it are present (each
 * builder records where its header ends), no table entry appears before
 * its header is complete, and a protocol lost to the cut is never lost
 * silently: some error counter says why.
 *
 * Sequences: GRE v1 loss/reorder/duplicate/wrap accounting, the PPTP call
 * table through outgoing, incoming and rejected calls, and --pptp-port
 * (cfg_pptp_port) moving the control port.
 *
 * Layouts are RFC 2637 (PPTP control 2.1-2.15, enhanced GRE 4.1), RFC 2784
 * and RFC 2890 (GRE v0, key and sequence), RFC 1701 (routing), RFC 1661
 * (PPP framing, LCP), RFC 1334/1994 (PAP, CHAP). Expected values follow the
 * RFCs, not the implementation.
 *
 * Output: "ok - NAME" / "FAIL - NAME: why" per test, then "N passed, N failed".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tunnelstat.h"
#include "bpfobj.h"
#include "exitcodes.h"
#include "names.h"
#include "replay.h"
#include "report.h"
#include "stats.h"
#include "table.h"

#define XDP_PASS_ 2

/* ---- results ------------------------------------------------------------ */

static int n_pass, n_fail;

/* Mismatches of the test being run, joined into its FAIL line. */
static char why[4096];
static size_t why_len;

static void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void bad(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (why_len >= sizeof(why) - 8)
		return;
	if (why_len) {
		why[why_len++] = ';';
		why[why_len++] = ' ';
	}
	va_start(ap, fmt);
	n = vsnprintf(why + why_len, sizeof(why) - why_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		why_len += (size_t)n < sizeof(why) - why_len ? (size_t)n : sizeof(why) - why_len - 1;
}

static void begin(void)
{
	why_len = 0;
	why[0] = 0;
}

static void report(const char *name)
{
	if (!why_len) {
		n_pass++;
		printf("ok - %s\n", name);
	} else {
		n_fail++;
		printf("FAIL - %s: %s\n", name, why);
	}
	fflush(stdout);
}

/* ---- frame builder ------------------------------------------------------ */

/*
 * A frame is built front to back, one helper per header. Length fields that
 * depend on what follows (IPv4 total length, IPv6 payload length, the GRE
 * v1 payload length) are noted as fix-ups and filled by f_finish(). Each
 * helper records in need[] how many bytes of the frame the parser must see
 * before it may count a protocol counter: the truncation sweep checks no
 * counter appears with fewer.
 */
#define FRAME_MAX 2048
#define FIX_MAX 12
#define MSG_MAX 16

enum fix_kind { FIX_IPV4, FIX_IPV6, FIX_GRE_PLEN };

struct frame {
	__u8 b[FRAME_MAX];
	__u32 len;
	__u32 caplen;		/* captured bytes if shorter than len (0: all) */
	int nfix;
	struct {
		__u32 off;
		__u32 aux;	/* FIX_GRE_PLEN: where the GRE header ends */
		enum fix_kind kind;
	} fix[FIX_MAX];
	__u32 need[__TS_C_MAX];	/* bytes before counter i may count (0: unknown) */
	__u32 need_gre;		/* a gre_calls entry (first GRE v1 header) */
	__u32 need_ppp;		/* a ppp_stats slot */
	__u32 need_call;	/* a pptp_calls entry (first tracked field) */
	int nmsg;		/* PPTP messages, and where each header ends */
	__u32 msg_end[MSG_MAX];
	int nocheck_need;	/* a malformed layout: need[] means nothing */
	int tunnel;		/* headers now go inside a GRE tunnel */
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "test_pptp: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static __u8 *f_put(struct frame *f, __u32 n)
{
	__u8 *p = f->b + f->len;

	if (f->len + n > FRAME_MAX)
		die("canned frame larger than %d bytes", FRAME_MAX);
	memset(p, 0, n);
	f->len += n;
	return p;
}

static void f_fix(struct frame *f, enum fix_kind kind, __u32 off)
{
	if (f->nfix == FIX_MAX)
		die("too many length fix-ups in one frame");
	f->fix[f->nfix].off = off;
	f->fix[f->nfix].aux = 0;
	f->fix[f->nfix].kind = kind;
	f->nfix++;
}

/* Counter id may count once the frame holds `end` bytes (first place wins). */
static void f_need(struct frame *f, enum ts_counter_id id, __u32 end)
{
	if (!f->need[id])
		f->need[id] = end;
}

static void put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(__u8 *p, __u32 v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static __u16 get16(const __u8 *p)
{
	return (p[0] << 8) | p[1];
}

static void f_bytes(struct frame *f, const void *src, __u32 n)
{
	memcpy(f_put(f, n), src, n);
}

static void f_fill(struct frame *f, __u32 n, __u8 seed)
{
	__u8 *p = f_put(f, n);
	__u32 i;

	for (i = 0; i < n; i++)
		p[i] = (__u8)(seed + i * 7);
}

#define ET_IPV4		0x0800
#define ET_IPV6		0x86DD
#define ET_8021Q	0x8100
#define ET_8021AD	0x88A8
#define ET_TEB		0x6558
#define ET_ERSPAN2	0x88BE
#define ET_LLDP		0x88CC
#define ET_PPP		0x880B

#define IPP_TCP		6
#define IPP_UDP		17
#define IPP_GRE		47

/* Addresses: PNS (A) and PAC (B), documentation prefixes (RFC 5737, 3849). */
#define V4_A 0xC0000201u	/* 192.0.2.1 */
#define V4_B 0xC6336402u	/* 198.51.100.2 */
#define V4_C 0xCB007109u	/* 203.0.113.9: tunnel inner hosts */
#define V4_D 0xCB00710Au	/* 203.0.113.10 */

static void f_eth(struct frame *f, __u16 type)
{
	static const __u8 mac[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	__u8 *p = f_put(f, 14);

	memcpy(p, mac, 12);
	put16(p + 12, type);
	f_need(f, TS_C_TOTAL, 14);	/* counted on any frame, before anything */
	f_need(f, TS_C_ETH, 14);
}

static void f_vlan(struct frame *f, __u16 vid, __u16 type)
{
	__u8 *p = f_put(f, 4);

	put16(p, vid & 0x0fff);
	put16(p + 2, type);
	f_need(f, TS_C_VLAN, f->len);
}

static void f_ipv4(struct frame *f, __u8 proto, __u32 src, __u32 dst)
{
	__u32 off = f->len;
	__u8 *p = f_put(f, 20);

	p[0] = 0x45;
	put16(p + 4, 0x1234);
	put16(p + 6, 0x4000);	/* DF */
	p[8] = 64;
	p[9] = proto;
	put32(p + 12, src);
	put32(p + 16, dst);
	f_fix(f, FIX_IPV4, off);
	f_need(f, TS_C_IPV4, f->len);
}

/* IPv6 2001:db8::S -> 2001:db8::D */
static void f_ipv6(struct frame *f, __u8 next, __u8 s, __u8 d)
{
	__u32 off = f->len;
	__u8 *p = f_put(f, 40);

	p[0] = 0x60;
	p[6] = next;
	p[7] = 64;
	put32(p + 8, 0x20010db8);
	p[23] = s;
	put32(p + 24, 0x20010db8);
	p[39] = d;
	f_fix(f, FIX_IPV6, off);
	f_need(f, TS_C_IPV6, f->len);
}

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_PSH 0x08
#define TH_ACK 0x10

static void f_tcp(struct frame *f, __u16 sport, __u16 dport, __u8 flags)
{
	__u8 *p = f_put(f, 20);

	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, 0x01000000);
	put32(p + 8, flags & TH_ACK ? 0x02000000 : 0);
	p[12] = 5 << 4;
	p[13] = flags;
	put16(p + 14, 65535);
	f_need(f, TS_C_TCP, f->len);
	if (flags & TH_SYN)
		f_need(f, flags & TH_ACK ? TS_C_TCP_SYNACK : TS_C_TCP_SYN, f->len);
	if (flags & TH_FIN)
		f_need(f, TS_C_TCP_FIN, f->len);
	if (flags & TH_PSH)
		f_need(f, TS_C_TCP_PSH, f->len);
	if (flags & TH_ACK)
		f_need(f, TS_C_TCP_ACK, f->len);
	if (f->tunnel)
		f_need(f, TS_C_TCP_INNER, f->len);
	/* a SYN opens a handshake the tracker counts (tables are empty per row) */
	if ((flags & (TH_SYN | TH_ACK)) == TH_SYN)
		f_need(f, TS_C_TCP_HS_SYN, f->len);
}

static void f_udp(struct frame *f, __u16 sport, __u16 dport, __u32 payload)
{
	__u8 *p = f_put(f, 8);

	put16(p, sport);
	put16(p + 2, dport);
	put16(p + 4, 8 + payload);
	f_need(f, TS_C_UDP, f->len);
	f_fill(f, payload, 0x40);
}

/* GRE flag bits (RFC 2784/2890/1701, RFC 2637 4.1). */
#define G_C	0x8000
#define G_R	0x4000
#define G_K	0x2000
#define G_S	0x1000
#define G_A	0x0080
#define G_V1	0x0001

/*
 * GRE header with every optional word its flags announce, in RFC order:
 * checksum+offset (C or R), key (K), sequence (S), ack (A, v1). For v1 the
 * key is payload length (fixed up to the bytes that follow) and Call ID.
 * Routing entries, if R, follow with f_sre()/f_sre_end().
 */
static void f_gre(struct frame *f, __u16 flags, __u16 proto, __u32 key, __u32 seq, __u32 ack)
{
	int v1 = (flags & 7) == 1;
	__u8 *p = f_put(f, 4);
	__u32 end;

	put16(p, flags);
	put16(p + 2, proto);
	if (flags & (G_C | G_R))
		f_put(f, 4);	/* checksum 0 = not verified by anyone here */
	if (flags & G_K) {
		p = f_put(f, 4);
		if (v1) {
			put16(p + 2, key & 0xffff);
			f_fix(f, FIX_GRE_PLEN, f->len - 4);
		} else {
			put32(p, key);
		}
	}
	if (flags & G_S)
		put32(f_put(f, 4), seq);
	if (v1 && (flags & G_A))
		put32(f_put(f, 4), ack);
	end = f->len;
	f->tunnel = 1;
	if (v1 && (flags & G_K))
		f->fix[f->nfix - 1].aux = end;
	f_need(f, TS_C_GRE, end);
	f_need(f, v1 ? TS_C_GRE_V1 : TS_C_GRE_V0, end);
	if (flags & G_C)
		f_need(f, TS_C_GRE_CSUM, end);
	if (flags & G_K)
		f_need(f, TS_C_GRE_KEY, end);
	if (flags & G_S)
		f_need(f, TS_C_GRE_SEQ, end);
	if (flags & G_R)
		f_need(f, TS_C_GRE_ROUTING, end);
	if (v1) {
		if (flags & G_A)
			f_need(f, TS_C_GRE_ACK, end);
		f_need(f, TS_C_GRE_ACK_ONLY, end);
		if (!f->need_gre)
			f->need_gre = end;
	}
	if (proto == ET_TEB)
		f_need(f, TS_C_GRE_TEB, end);
	else if (proto == ET_ERSPAN2)
		f_need(f, TS_C_GRE_ERSPAN, end);
	else if (proto != ET_IPV4 && proto != ET_IPV6 && proto != ET_PPP)
		f_need(f, TS_C_GRE_OTHER, end);
}

/* One RFC 1701 source route entry: address family, offset, length, data. */
static void f_sre(struct frame *f, __u16 af, __u8 len)
{
	__u8 *p = f_put(f, 4);

	put16(p, af);
	p[2] = 0;
	p[3] = len;
	f_fill(f, len, 0x10);
}

static void f_sre_end(struct frame *f)
{
	f_put(f, 4);	/* the NULL SRE: family 0, length 0 */
}

/* PPP protocol numbers (RFC 1661 and the assigned numbers). */
#define P_LCP	0xC021
#define P_PAP	0xC023
#define P_CHAP	0xC223
#define P_IPCP	0x8021
#define P_IPV6CP 0x8057
#define P_CCP	0x80FD
#define P_COMP	0x00FD
#define P_IP	0x0021
#define P_IPV6	0x0057

static int ppp_is_ctrl(__u16 proto)
{
	return proto == P_LCP || proto == P_PAP || proto == P_CHAP || proto == P_IPCP ||
	       proto == P_IPV6CP || proto == P_CCP;
}

/*
 * PPP header: address/control (0xFF 0x03) if acf, protocol in one byte if
 * pfc (the protocol's low byte; RFC 1661 6.5), else two. The parser needs
 * two bytes before anything (it looks for 0xFF 0x03), the protocol field,
 * and for control protocols code/id/length too.
 */
static void f_ppp(struct frame *f, int acf, __u16 proto, int pfc)
{
	__u32 start = f->len, pend, need;

	if (acf) {
		__u8 *p = f_put(f, 2);

		p[0] = 0xFF;
		p[1] = 0x03;
	} else {
		f_need(f, TS_C_PPP_NO_ACF, start + 2);
	}
	if (pfc) {
		*f_put(f, 1) = proto & 0xff;
		f_need(f, TS_C_PPP_PFC, f->len > start + 2 ? f->len : start + 2);
	} else {
		put16(f_put(f, 2), proto);
	}
	pend = f->len > start + 2 ? f->len : start + 2;
	need = pend + (ppp_is_ctrl(proto) ? 4 : 0);
	f_need(f, TS_C_PPP, need);
	if (!f->need_ppp)
		f->need_ppp = need;
}

/* LCP-style control packet: code, identifier, length, data. */
static void f_ctrl(struct frame *f, __u8 code, __u8 id, __u32 datalen)
{
	__u8 *p = f_put(f, 4);

	p[0] = code;
	p[1] = id;
	put16(p + 2, 4 + datalen);
	f_fill(f, datalen, code);
}

/* ---- PPTP control messages (RFC 2637 2.1-2.15) -------------------------- */

#define PPTP_PORT 1723
#define PNS_PORT 40000
#define COOKIE 0x1A2B3C4Du

enum {
	M_SCCRQ = 1, M_SCCRP, M_STOPCCRQ, M_STOPCCRP, M_ECHORQ, M_ECHORP, M_OCRQ, M_OCRP,
	M_ICRQ, M_ICRP, M_ICCN, M_CCRQ, M_CDN, M_WEN, M_SLI,
};

/* Total length of each control message, RFC 2637 2.1-2.15. */
static const __u16 msg_size[16] = {
	[M_SCCRQ] = 156, [M_SCCRP] = 156, [M_STOPCCRQ] = 16, [M_STOPCCRP] = 16,
	[M_ECHORQ] = 16, [M_ECHORP] = 20, [M_OCRQ] = 168, [M_OCRP] = 32,
	[M_ICRQ] = 220, [M_ICRP] = 24, [M_ICCN] = 28, [M_CCRQ] = 16,
	[M_CDN] = 148, [M_WEN] = 40, [M_SLI] = 24,
};

/* Sent by the PNS (true) or by the PAC, RFC 2637 2.x "sent by". */
static int msg_from_pns(int type)
{
	switch (type) {
	case M_OCRQ: case M_ICRP: case M_CCRQ: case M_SLI:
	case M_SCCRQ: case M_STOPCCRQ: case M_ECHORQ:
		return 1;
	default:
		return 0;
	}
}

/* Bytes from the message start to the end of the last field the call table needs. */
static __u32 msg_call_fields(int type)
{
	switch (type) {
	case M_OCRQ: case M_ICCN: case M_CCRQ: case M_WEN: case M_SLI: case M_ICRQ:
		return 14;	/* one Call ID */
	case M_ICRP:
		return 18;	/* IDs, result, error */
	case M_CDN:
		return 18;	/* ID, result, error, cause */
	case M_OCRP:
		return 20;	/* IDs, result, error, cause */
	default:
		return 0;
	}
}

/* Fields of one message; which apply depends on the type. */
struct pm {
	__u16 call_id;		/* Call ID, or Peer's Call ID for ICCN, WEN, SLI */
	__u16 peer_id;		/* Peer's Call ID of OCRP, ICRP */
	__u8 result, error;
	__u16 cause;
};

/*
 * One complete message at the end of the frame, every field where its RFC
 * 2637 layout puts it. Returns its offset in the frame.
 */
static __u32 f_pptp(struct frame *f, int type, const struct pm *m)
{
	static const struct pm none;
	__u32 off = f->len;
	__u8 *p = f_put(f, msg_size[type]);

	if (!m)
		m = &none;
	put16(p, msg_size[type]);	/* Length: the whole message */
	put16(p + 2, 1);		/* PPTP Message Type: control */
	put32(p + 4, COOKIE);
	put16(p + 8, type);
	switch (type) {
	case M_SCCRQ:
	case M_SCCRP:
		put16(p + 12, 0x0100);		/* protocol version 1.0 */
		if (type == M_SCCRP) {
			p[14] = m->result ? m->result : 1;
			p[15] = m->error;
		}
		put32(p + 16, 3);		/* framing: async + sync */
		put32(p + 20, 3);		/* bearer: analog + digital */
		put16(p + 24, 1);		/* maximum channels */
		put16(p + 26, 0x0001);		/* firmware revision */
		memcpy(p + 28, "tunnelstat-host", 15);	/* host name, 64 */
		memcpy(p + 92, "tunnelstat-vendor", 17);	/* vendor, 64 */
		break;
	case M_STOPCCRQ:
		p[12] = 1;			/* reason: general request */
		break;
	case M_STOPCCRP:
		p[12] = 1;			/* result: OK */
		break;
	case M_ECHORQ:
		put32(p + 12, 0xABCD0001);	/* identifier */
		break;
	case M_ECHORP:
		put32(p + 12, 0xABCD0001);
		p[16] = 1;			/* result: OK */
		break;
	case M_OCRQ:
		put16(p + 12, m->call_id);
		put16(p + 14, 7);		/* call serial number */
		put32(p + 16, 300);		/* minimum BPS */
		put32(p + 20, 100000000);	/* maximum BPS */
		put32(p + 24, 3);		/* bearer type */
		put32(p + 28, 3);		/* framing type */
		put16(p + 32, 64);		/* packet receive window */
		put16(p + 34, 0);		/* processing delay */
		put16(p + 36, 4);		/* phone number length */
		memcpy(p + 40, "5555", 4);	/* phone number, 64; subaddress 64 */
		break;
	case M_OCRP:
		put16(p + 12, m->call_id);
		put16(p + 14, m->peer_id);
		p[16] = m->result;
		p[17] = m->error;
		put16(p + 18, m->cause);
		put32(p + 20, 100000000);	/* connect speed */
		put16(p + 24, 64);		/* packet receive window */
		put32(p + 28, 0);		/* physical channel ID */
		break;
	case M_ICRQ:
		put16(p + 12, m->call_id);
		put16(p + 14, 9);		/* call serial number */
		put32(p + 16, 1);		/* bearer type: analog */
		put16(p + 24, 4);		/* dialed number length */
		put16(p + 26, 4);		/* dialing number length */
		memcpy(p + 28, "1234", 4);	/* dialed, 64 */
		memcpy(p + 92, "5678", 4);	/* dialing, 64; subaddress 64 */
		break;
	case M_ICRP:
		put16(p + 12, m->call_id);
		put16(p + 14, m->peer_id);
		p[16] = m->result;
		p[17] = m->error;
		put16(p + 18, 64);		/* packet receive window */
		break;
	case M_ICCN:
		put16(p + 12, m->call_id);	/* Peer's Call ID */
		put32(p + 16, 100000000);	/* connect speed */
		put16(p + 20, 64);		/* packet receive window */
		put32(p + 24, 3);		/* framing type */
		break;
	case M_CCRQ:
		put16(p + 12, m->call_id);
		break;
	case M_CDN:
		put16(p + 12, m->call_id);
		p[14] = m->result;
		p[15] = m->error;
		put16(p + 16, m->cause);
		break;				/* call statistics, 128: zeros */
	case M_WEN:
		put16(p + 12, m->call_id);	/* Peer's Call ID */
		put32(p + 16, 2);		/* CRC errors */
		put32(p + 32, 1);		/* timeout errors */
		break;
	case M_SLI:
		put16(p + 12, m->call_id);	/* Peer's Call ID */
		put32(p + 16, 0xffffffff);	/* send ACCM */
		put32(p + 20, 0xffffffff);	/* receive ACCM */
		break;
	}
	if (f->nmsg == MSG_MAX)
		die("more than %d PPTP messages in one frame", MSG_MAX);
	f->msg_end[f->nmsg++] = off + 12;
	if (f->nmsg == 1)
		f_need(f, TS_C_PPTP_CONTROL, off + 12);
	if (f->nmsg == 2)
		f_need(f, TS_C_PPTP_MULTI, off + 12);
	if (msg_call_fields(type) && !f->need_call)
		f->need_call = off + msg_call_fields(type);
	return off;
}

/* Fill the length fields noted on the way. */
static void f_finish(struct frame *f)
{
	int i;

	for (i = 0; i < f->nfix; i++) {
		__u32 off = f->fix[i].off, n = f->len - off;
		__u8 *p = f->b + off;

		switch (f->fix[i].kind) {
		case FIX_IPV4: {
			__u32 sum = 0;
			int k;

			put16(p + 2, n);
			put16(p + 10, 0);
			for (k = 0; k < 20; k += 2)
				sum += get16(p + k);
			while (sum >> 16)
				sum = (sum & 0xffff) + (sum >> 16);
			put16(p + 10, ~sum & 0xffff);
			break;
		}
		case FIX_IPV6:
			put16(p + 4, n - 40);
			break;
		case FIX_GRE_PLEN:
			put16(p, f->len - f->fix[i].aux);	/* payload after the header */
			break;
		}
	}
}

/* Ethernet minimum frame: a NIC pads shorter frames with zeros past the IP packet. */
static void f_pad60(struct frame *f)
{
	if (f->len < 60)
		f_put(f, 60 - f->len);
}

/*
 * The first n bytes of a message whose Length field says more: the rest
 * would come in the next segment.
 */
static void f_pptp_partial(struct frame *f, int type, __u32 n)
{
	struct frame tmp;
	__u32 off = f->len;

	memset(&tmp, 0, sizeof(tmp));
	f_pptp(&tmp, type, NULL);
	f_bytes(f, tmp.b, n);
	if (n >= 12) {
		if (f->nmsg == MSG_MAX)
			die("more than %d PPTP messages in one frame", MSG_MAX);
		f->msg_end[f->nmsg++] = off + 12;
		if (f->nmsg == 1)
			f_need(f, TS_C_PPTP_CONTROL, off + 12);
		if (f->nmsg == 2)
			f_need(f, TS_C_PPTP_MULTI, off + 12);
		f_need(f, TS_C_PPTP_CONTINUATION, off + 12);
	} else {
		/* a header cut short: known from the IP length once the previous message is read */
		f_need(f, TS_C_PPTP_CONTINUATION, f->nmsg ? f->msg_end[f->nmsg - 1] : off);
	}
}

/* ---- row builders ------------------------------------------------------- */

/* Call IDs: the PNS's and the PAC's (GRE towards the PAC carries the PAC's). */
#define PNS_ID 0x1234
#define PAC_ID 0x5678

/* Ethernet, IPv4 and a TCP data segment of the control connection. */
static void pptp_base(struct frame *f, int from_pns)
{
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_TCP, from_pns ? V4_A : V4_B, from_pns ? V4_B : V4_A);
	f_tcp(f, from_pns ? PNS_PORT : PPTP_PORT, from_pns ? PPTP_PORT : PNS_PORT,
	      TH_PSH | TH_ACK);
}

/* The fields each message carries in these rows: one call, PNS_ID and PAC_ID. */
static struct pm msg_fields(int type)
{
	struct pm m = { 0 };

	switch (type) {
	case M_OCRQ: case M_CCRQ:
		m.call_id = PNS_ID;
		break;
	case M_OCRP:
		m.call_id = PAC_ID;
		m.peer_id = PNS_ID;
		m.result = 1;
		break;
	case M_ICRQ:
		m.call_id = PAC_ID;
		break;
	case M_ICRP:
		m.call_id = PNS_ID;
		m.peer_id = PAC_ID;
		m.result = 1;
		break;
	case M_ICCN: case M_WEN:
		m.call_id = PNS_ID;	/* Peer's Call ID: the PNS's */
		break;
	case M_CDN:
		m.call_id = PAC_ID;
		m.result = 3;		/* Admin Shutdown */
		m.cause = 0x0102;
		break;
	case M_SLI:
		m.call_id = PAC_ID;	/* Peer's Call ID: the PAC's */
		break;
	}
	return m;
}

/* One control message of type arg, in the direction RFC 2637 sends it. */
static void b_msg(struct frame *f, long arg)
{
	struct pm m = msg_fields(arg);

	pptp_base(f, msg_from_pns(arg));
	f_pptp(f, arg, &m);
	f_finish(f);
}

/* A control message behind TCP options (NOP NOP timestamps, as Linux sends). */
static void b_msg_tcpopts(struct frame *f, long arg)
{
	static const __u8 opts[12] = { 1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 8 };
	struct pm m = msg_fields(arg);
	__u8 *th;

	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_TCP, V4_B, V4_A);
	f_tcp(f, PPTP_PORT, PNS_PORT, TH_PSH | TH_ACK);
	th = f->b + f->len - 20;
	th[12] = 8 << 4;			/* 32-byte header */
	f_bytes(f, opts, sizeof(opts));
	/* the TCP counters need the options too */
	f->need[TS_C_TCP] = f->need[TS_C_TCP_PSH] = f->need[TS_C_TCP_ACK] = f->len;
	f_pptp(f, arg, &m);
	f_finish(f);
}

/* Outgoing-Call-Request over IPv6. */
static void b_msg_v6(struct frame *f, long arg)
{
	struct pm m = msg_fields(arg);

	f_eth(f, ET_IPV6);
	f_ipv6(f, IPP_TCP, 1, 2);
	f_tcp(f, PNS_PORT, PPTP_PORT, TH_PSH | TH_ACK);
	f_pptp(f, arg, &m);
	f_finish(f);
}

static void b_msg_vlan(struct frame *f, long arg)
{
	struct pm m = msg_fields(arg);

	f_eth(f, ET_8021Q);
	f_vlan(f, 100, ET_IPV4);
	f_ipv4(f, IPP_TCP, V4_A, V4_B);
	f_tcp(f, PNS_PORT, PPTP_PORT, TH_PSH | TH_ACK);
	f_pptp(f, arg, &m);
	f_finish(f);
}

/* arg Echo-Requests in one segment. */
static void b_echo_n(struct frame *f, long arg)
{
	long i;

	pptp_base(f, 1);
	for (i = 0; i < arg; i++)
		f_pptp(f, M_ECHORQ, NULL);
	f_finish(f);
}

/* Outgoing-Call-Request and Echo-Request in one segment. */
static void b_ocrq_echo(struct frame *f, long arg)
{
	struct pm m = msg_fields(M_OCRQ);

	(void)arg;
	pptp_base(f, 1);
	f_pptp(f, M_OCRQ, &m);
	f_pptp(f, M_ECHORQ, NULL);
	f_finish(f);
}

/* Continuations: 0 SCCRQ cut at 100 bytes; 1 Echo + 50 bytes of SCCRQ; 2 Echo + 6 bytes. */
static void b_partial(struct frame *f, long arg)
{
	pptp_base(f, 1);
	if (arg)
		f_pptp(f, M_ECHORQ, NULL);
	f_pptp_partial(f, M_SCCRQ, arg == 0 ? 100 : arg == 1 ? 50 : 6);
	f_finish(f);
}

/* PPTP bytes on a port that is not the control port: not parsed. */
static void b_other_port(struct frame *f, long arg)
{
	struct pm m = msg_fields(M_OCRQ);

	(void)arg;
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_TCP, V4_A, V4_B);
	f_tcp(f, PNS_PORT, 80, TH_PSH | TH_ACK);
	f_pptp(f, M_OCRQ, &m);
	f->nmsg = 0;
	f->need_call = 0;
	f->need[TS_C_PPTP_CONTROL] = 0;
	f_finish(f);
}

/* A bare ACK of the control connection: nothing to parse. */
static void b_ctl_ack(struct frame *f, long arg)
{
	(void)arg;
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_TCP, V4_B, V4_A);
	f_tcp(f, PPTP_PORT, PNS_PORT, TH_ACK);
	f_finish(f);
	f_pad60(f);
}

/* Malformed Outgoing-Call-Requests: the field patched per arg. */
enum { BAD_LEN = 1, BAD_LEN_SMALL, BAD_TYPE, BAD_COOKIE, BAD_CTRL0, BAD_CTRL16, BAD_CAPTURE };

static void b_pptp_bad(struct frame *f, long arg)
{
	struct pm m = msg_fields(M_OCRQ);
	__u32 off;

	pptp_base(f, 1);
	off = f_pptp(f, M_OCRQ, &m);
	f_finish(f);
	f->nocheck_need = 1;
	switch (arg) {
	case BAD_LEN:
		put16(f->b + off, 100);		/* < 168 */
		break;
	case BAD_LEN_SMALL:
		put16(f->b + off, 8);		/* < the 12-byte header */
		break;
	case BAD_TYPE:
		put16(f->b + off + 2, 2);	/* management message */
		break;
	case BAD_COOKIE:
		put32(f->b + off + 4, 0x1A2B3C4E);
		break;
	case BAD_CTRL0:
		put16(f->b + off + 8, 0);
		break;
	case BAD_CTRL16:
		put16(f->b + off + 8, 16);
		break;
	case BAD_CAPTURE:
		f->caplen = off + 6;		/* snaplen cut inside the header */
		break;
	}
}

/* Echo-Request then one with a bad cookie. */
static void b_second_bad(struct frame *f, long arg)
{
	__u32 off;

	(void)arg;
	pptp_base(f, 1);
	f_pptp(f, M_ECHORQ, NULL);
	off = f_pptp(f, M_ECHORQ, NULL);
	f_finish(f);
	put32(f->b + off + 4, 0xDEADBEEF);
	f->nocheck_need = 1;
}

/* GRE v0 from A to B carrying IPv4 C -> D UDP; arg: flag word. */
static void b_gre0(struct frame *f, long arg)
{
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	f_gre(f, arg, ET_IPV4, 0x01020304, 5, 0);
	if (arg & G_R) {
		f_sre(f, ET_IPV4, 8);	/* two IPv4 hops */
		f_sre_end(f);
	}
	f_ipv4(f, IPP_UDP, V4_C, V4_D);
	f_udp(f, 5000, 5001, 16);
	f_finish(f);
}

/* GRE v0 with arg source route entries (RFC 1701), then the NULL one. */
static void b_gre0_sres(struct frame *f, long arg)
{
	long i;

	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	f_gre(f, G_R, ET_IPV4, 0, 0, 0);
	for (i = 0; i < arg; i++)
		f_sre(f, i & 1 ? 0xfffe /* AS numbers */ : ET_IPV4, i & 1 ? 4 : 8);
	f_sre_end(f);
	f_ipv4(f, IPP_UDP, V4_C, V4_D);
	f_udp(f, 5000, 5001, 16);
	f_finish(f);
	if (arg > 4)
		f->nocheck_need = 1;
}

/* R set, an SRE announcing 8 bytes of which the packet holds 4. */
static void b_gre0_sre_short(struct frame *f, long arg)
{
	__u8 *p;

	(void)arg;
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	f_gre(f, G_R, ET_IPV4, 0, 0, 0);
	p = f_put(f, 4);
	put16(p, ET_IPV4);
	p[3] = 8;
	f_fill(f, 4, 1);
	f_finish(f);
	f->nocheck_need = 1;
}

/* GRE v0 with the payload type arg. */
static void b_gre0_proto(struct frame *f, long arg)
{
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	if (arg == ET_IPV6) {
		f_gre(f, 0, ET_IPV6, 0, 0, 0);
		f_ipv6(f, IPP_UDP, 3, 4);
		f_udp(f, 5000, 5001, 16);
	} else if (arg == ET_TEB) {
		f_gre(f, G_K, ET_TEB, 42, 0, 0);
		f_eth(f, ET_IPV4);
		f_ipv4(f, IPP_UDP, V4_C, V4_D);
		f_udp(f, 5000, 5001, 16);
	} else if (arg == ET_ERSPAN2) {
		f_gre(f, G_S, ET_ERSPAN2, 0, 1, 0);
		memset(f_put(f, 8), 0, 8);	/* ERSPAN II header... */
		f->b[f->len - 8] = 0x10;	/* ...version 1 */
		f_fill(f, 64, 0x33);		/* mirrored frame, EtherType 0x878E */
		f_need(f, TS_C_ETH_OTHER, f->len - 64 + 14);
	} else {
		f_gre(f, 0, arg, 0, 0, 0);
		f_fill(f, 32, 0x22);
	}
	f_finish(f);
}

/* GRE v0 over IPv6, carrying IPv4. */
static void b_gre0_outer6(struct frame *f, long arg)
{
	(void)arg;
	f_eth(f, ET_IPV6);
	f_ipv6(f, IPP_GRE, 1, 2);
	f_gre(f, G_K, ET_IPV4, 7, 0, 0);
	f_ipv4(f, IPP_UDP, V4_C, V4_D);
	f_udp(f, 5000, 5001, 16);
	f_finish(f);
}

/* arg GRE v0 headers nested (IPv4 in GRE in IPv4 ...). */
static void b_gre_nest(struct frame *f, long arg)
{
	long i;

	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	for (i = 0; i < arg; i++) {
		f_gre(f, 0, ET_IPV4, 0, 0, 0);
		f_ipv4(f, i + 1 < arg ? IPP_GRE : IPP_UDP, V4_C + i, V4_D + i);
	}
	f_udp(f, 5000, 5001, 16);
	f_finish(f);
	if (arg > 2)
		f->nocheck_need = 1;
}

/* GRE v1 arg bits: the flag word, and these. */
#define G1_NOPAYLOAD	0x10000		/* ack-only: no PPP frame */
#define G1_PAD		0x20000		/* padded to the Ethernet minimum */

/*
 * Enhanced GRE from the PNS (A) to the PAC (B): Call ID = PAC_ID, sequence
 * 10, ack 20, carrying an LCP Configure-Request with address/control.
 */
static void b_gre1(struct frame *f, long arg)
{
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	f_gre(f, arg & 0xffff, ET_PPP, PAC_ID, 10, 20);
	if (!(arg & G1_NOPAYLOAD)) {
		f_ppp(f, 1, P_LCP, 0);
		f_ctrl(f, 1, 1, 6);
	}
	f_finish(f);
	if (arg & G1_PAD)
		f_pad60(f);
}

/* Enhanced GRE over IPv6 carrying IPv6 TCP in PPP. */
static void b_gre1_v6(struct frame *f, long arg)
{
	(void)arg;
	f_eth(f, ET_IPV6);
	f_ipv6(f, IPP_GRE, 1, 2);
	f_gre(f, G_K | G_S | G_A | G_V1, ET_PPP, PAC_ID, 10, 20);
	f_ppp(f, 1, P_IPV6, 0);
	f_ipv6(f, IPP_TCP, 3, 4);
	f_tcp(f, 50000, 80, TH_SYN);
	f_finish(f);
}

/* Enhanced GRE behind an 802.1Q tag, carrying IPv4 UDP in PPP. */
static void b_gre1_vlan(struct frame *f, long arg)
{
	(void)arg;
	f_eth(f, ET_8021Q);
	f_vlan(f, 7, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	f_gre(f, G_K | G_S | G_V1, ET_PPP, PAC_ID, 10, 0);
	f_ppp(f, 1, P_IP, 0);
	f_ipv4(f, IPP_UDP, V4_C, V4_D);
	f_udp(f, 5000, 5001, 16);
	f_finish(f);
}

/* PPP rows: protocol, code, address/control present, protocol compressed. */
#define PPPARG(proto, code, acf, pfc) \
	((long)(proto) | (long)(code) << 16 | (long)(acf) << 24 | (long)(pfc) << 25)

static void b_ppp(struct frame *f, long arg)
{
	__u16 proto = arg & 0xffff;
	__u8 code = (arg >> 16) & 0xff;
	int acf = (arg >> 24) & 1, pfc = (arg >> 25) & 1;

	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	f_gre(f, G_K | G_S | G_V1, ET_PPP, PAC_ID, 10, 0);
	f_ppp(f, acf, proto, pfc);
	if (ppp_is_ctrl(proto)) {
		f_ctrl(f, code, 1, 4);
	} else if (proto == P_IP) {
		f_ipv4(f, IPP_TCP, V4_C, V4_D);
		f_tcp(f, 50000, 80, TH_SYN);
	} else if (proto == P_IPV6) {
		f_ipv6(f, IPP_TCP, 3, 4);
		f_tcp(f, 50000, 80, TH_SYN);
	} else {
		f_fill(f, 24, 0x5a);	/* MPPE-encrypted or other payload */
	}
	f_finish(f);
}

/* GRE with a bad fixed header: arg = flag word | protocol << 16. */
static void b_gre_raw(struct frame *f, long arg)
{
	__u8 *p;

	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	p = f_put(f, 4);
	put16(p, arg & 0xffff);
	put16(p + 2, (arg >> 16) & 0xffff);
	f_fill(f, 24, 0x11);
	f_finish(f);
	f->nocheck_need = 1;
}

/* IPv4 protocol 47 with 2 bytes of payload; arg: padded to 60. */
static void b_gre_short(struct frame *f, long arg)
{
	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	put16(f_put(f, 2), G_K | G_V1);
	f_finish(f);
	if (arg)
		f_pad60(f);
	f->nocheck_need = 1;
}

/* Fixed header announcing words the packet lacks: arg = flags | proto << 16. */
static void b_gre_opt_short(struct frame *f, long arg)
{
	__u8 *p;

	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	p = f_put(f, 4);
	put16(p, arg & 0xffff);
	put16(p + 2, (arg >> 16) & 0xffff);
	if ((arg & 0xffff) & G_S)
		put32(f_put(f, 4), (__u32)4 << 16 | PAC_ID);	/* only the key word */
	f_finish(f);
	f->nocheck_need = 1;
}

/*
 * PPP cut short inside a correct GRE v1 packet (payload length = what is
 * there): arg 1 "FF", 2 "FF 03", 3 LCP code and id only; | 0x100 padded.
 */
static void b_ppp_short(struct frame *f, long arg)
{
	static const __u8 lcp_cut[] = { 0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01 };
	__u32 n = (arg & 0xff) == 3 ? sizeof(lcp_cut) : (arg & 0xff);

	f_eth(f, ET_IPV4);
	f_ipv4(f, IPP_GRE, V4_A, V4_B);
	f_gre(f, G_K | G_S | G_V1, ET_PPP, PAC_ID, 10, 0);
	f_bytes(f, lcp_cut, n);
	f_finish(f);
	if (arg & 0x100)
		f_pad60(f);
	f->nocheck_need = 1;
}

/* ---- the row table ------------------------------------------------------ */

/* What gre_calls must hold after the row: one entry, or none. */
struct gre_exp {
	int n;
	int v6;			/* outer IPv6 2001:db8::1 -> ::2, else 192.0.2.1 -> 198.51.100.2 */
	__u16 call_id;
	__u32 plen;		/* payload_bytes */
	int ack_only;
	int seq_set;
	__u32 seq;
	int ack_set;
	__u32 ack;
};

/* What pptp_calls must hold: n entries; for one, its fields (PNS A, PAC B). */
struct call_exp {
	int n;
	int v6;
	__u8 state;
	__u16 pns_id;
	int pac_id;		/* -1: not known yet */
	__u8 result;
	__u16 cause;
	__u32 sli, wen;
};

struct row {
	const char *name;
	void (*build)(struct frame *f, long arg);
	long arg;
	const char *expect;	/* counters bumped once (all others: 0) */
	const char *pptp;	/* control message types counted, e.g. "7 5" */
	const char *ppp;	/* ppp_stats slots, e.g. "lcp:1 ipv4" */
	struct gre_exp gre;
	struct call_exp call;
};

#define E4	"total eth ipv4 "
#define E6	"total eth ipv6 "
#define EDATA	"tcp tcp_psh tcp_ack "
#define EPPTP	E4 EDATA "pptp_control "
#define EG1	E4 "gre gre_v1 gre_key gre_seq "
#define EPPP	EG1 "ppp "
/* a SYN inside the tunnel: TCP, its flag, inner TCP, a new handshake */
#define ESYN	" tcp tcp_syn tcp_inner tcp_handshake_syn"

/* LCP Configure-Request in b_gre1: ACF(2) protocol(2) code id length(4) data(6). */
#define LCP_PLEN 14
/* b_ppp's PPP frame: header plus 8 bytes of control packet. */
#define GRE1(plen_)	{ 1, 0, PAC_ID, plen_, 0, 1, 10, 0, 0 }
#define CALL(state_, pac_, result_) { 1, 0, state_, PNS_ID, pac_, result_, 0, 0, 0 }

#define PPPROW(name_, proto_, code_, acf_, pfc_, extra_, slot_, plen_)		\
	{ name_, b_ppp, PPPARG(proto_, code_, acf_, pfc_), EPPP extra_, "", slot_,	\
	  GRE1(plen_), { 0 } }
/* control packet rows: ACF + 2-byte protocol + 8-byte packet = 12 */
#define CTRLROW(name_, proto_, code_, slot_) PPPROW(name_, proto_, code_, 1, 0, "", slot_, 12)

static const struct row rows[] = {
	/* PPTP control: every message type, RFC 2637 layout and direction */
	{ "pptp_sccrq", b_msg, M_SCCRQ, EPPTP, "1", "", { 0 }, { 0 } },
	{ "pptp_sccrp", b_msg, M_SCCRP, EPPTP, "2", "", { 0 }, { 0 } },
	{ "pptp_stopccrq", b_msg, M_STOPCCRQ, EPPTP, "3", "", { 0 }, { 0 } },
	{ "pptp_stopccrp", b_msg, M_STOPCCRP, EPPTP, "4", "", { 0 }, { 0 } },
	{ "pptp_echo_request", b_msg, M_ECHORQ, EPPTP, "5", "", { 0 }, { 0 } },
	{ "pptp_echo_reply", b_msg, M_ECHORP, EPPTP, "6", "", { 0 }, { 0 } },
	{ "pptp_ocrq", b_msg, M_OCRQ, EPPTP, "7", "", { 0 },
	  CALL(TS_PPTP_ST_REQUESTED, -1, 0) },
	{ "pptp_ocrp", b_msg, M_OCRP, EPPTP, "8", "", { 0 },
	  CALL(TS_PPTP_ST_ESTABLISHED, PAC_ID, 1) },
	{ "pptp_icrq", b_msg, M_ICRQ, EPPTP, "9", "", { 0 }, { 0 } },
	{ "pptp_icrp", b_msg, M_ICRP, EPPTP, "10", "", { 0 },
	  CALL(TS_PPTP_ST_REQUESTED, PAC_ID, 1) },
	{ "pptp_iccn", b_msg, M_ICCN, EPPTP, "11", "", { 0 },
	  CALL(TS_PPTP_ST_ESTABLISHED, -1, 0) },
	{ "pptp_ccrq", b_msg, M_CCRQ, EPPTP, "12", "", { 0 },
	  CALL(TS_PPTP_ST_CLEARING, -1, 0) },
	{ "pptp_cdn", b_msg, M_CDN, EPPTP, "13", "", { 0 }, { 0 } },
	{ "pptp_wen", b_msg, M_WEN, EPPTP, "14", "", { 0 },
	  { 1, 0, 0, PNS_ID, -1, 0, 0, 0, 1 } },
	{ "pptp_sli", b_msg, M_SLI, EPPTP, "15", "", { 0 }, { 0 } },
	{ "pptp_ipv6_ocrq", b_msg_v6, M_OCRQ, E6 EDATA "pptp_control", "7", "", { 0 },
	  { 1, 1, TS_PPTP_ST_REQUESTED, PNS_ID, -1, 0, 0, 0, 0 } },
	{ "pptp_tcp_options_ocrp", b_msg_tcpopts, M_OCRP, EPPTP, "8", "", { 0 },
	  CALL(TS_PPTP_ST_ESTABLISHED, PAC_ID, 1) },
	{ "pptp_vlan_echo", b_msg_vlan, M_ECHORQ, E4 "vlan " EDATA "pptp_control", "5", "",
	  { 0 }, { 0 } },
	{ "pptp_two_messages", b_ocrq_echo, 0, EPPTP "pptp_multi_message", "7 5", "", { 0 },
	  CALL(TS_PPTP_ST_REQUESTED, -1, 0) },
	{ "pptp_eight_messages", b_echo_n, 8, EPPTP "pptp_multi_message", "5 5 5 5 5 5 5 5", "",
	  { 0 }, { 0 } },
	{ "pptp_continues", b_partial, 0, EPPTP "pptp_continuation", "1", "", { 0 }, { 0 } },
	{ "pptp_second_continues", b_partial, 1,
	  EPPTP "pptp_multi_message pptp_continuation", "5 1", "", { 0 }, { 0 } },
	{ "pptp_second_header_continues", b_partial, 2, EPPTP "pptp_continuation", "5", "",
	  { 0 }, { 0 } },
	{ "pptp_not_on_port_80", b_other_port, 0, E4 EDATA, "", "", { 0 }, { 0 } },
	{ "pptp_bare_ack", b_ctl_ack, 0, E4 "tcp tcp_ack", "", "", { 0 }, { 0 } },

	/* GRE version 0 (RFC 2784, 2890, 1701) */
	{ "gre0_plain", b_gre0, 0, E4 "gre gre_v0 udp", "", "", { 0 }, { 0 } },
	{ "gre0_checksum", b_gre0, G_C, E4 "gre gre_v0 gre_checksum udp", "", "", { 0 }, { 0 } },
	{ "gre0_key", b_gre0, G_K, E4 "gre gre_v0 gre_key udp", "", "", { 0 }, { 0 } },
	{ "gre0_seq", b_gre0, G_S, E4 "gre gre_v0 gre_seq udp", "", "", { 0 }, { 0 } },
	{ "gre0_csum_key_seq", b_gre0, G_C | G_K | G_S,
	  E4 "gre gre_v0 gre_checksum gre_key gre_seq udp", "", "", { 0 }, { 0 } },
	{ "gre0_routing", b_gre0, G_R, E4 "gre gre_v0 gre_routing udp", "", "", { 0 }, { 0 } },
	{ "gre0_routing_key_seq", b_gre0, G_R | G_K | G_S,
	  E4 "gre gre_v0 gre_routing gre_key gre_seq udp", "", "", { 0 }, { 0 } },
	{ "gre0_routing_csum", b_gre0, G_R | G_C,
	  E4 "gre gre_v0 gre_routing gre_checksum udp", "", "", { 0 }, { 0 } },
	{ "gre0_four_sres", b_gre0_sres, 4, E4 "gre gre_v0 gre_routing udp", "", "", { 0 }, { 0 } },
	{ "gre0_ipv6_inside", b_gre0_proto, ET_IPV6, E4 "ipv6 gre gre_v0 udp", "", "", { 0 }, { 0 } },
	{ "gre0_ipv6_outside", b_gre0_outer6, 0, E6 "ipv4 gre gre_v0 gre_key udp", "", "",
	  { 0 }, { 0 } },
	{ "gre0_teb", b_gre0_proto, ET_TEB, E4 "gre gre_v0 gre_key gre_teb udp", "", "",
	  { 0 }, { 0 } },
	{ "gre0_erspan", b_gre0_proto, ET_ERSPAN2, E4 "gre gre_v0 gre_seq gre_erspan eth_other", "", "",
	  { 0 }, { 0 } },
	{ "gre0_other", b_gre0_proto, ET_LLDP, E4 "gre gre_v0 gre_other", "", "", { 0 }, { 0 } },
	{ "gre0_nested_two", b_gre_nest, 2, E4 "gre gre_v0 udp", "", "", { 0 }, { 0 } },

	/* enhanced GRE (RFC 2637 4.1) */
	{ "gre1_key", b_gre1, G_K | G_V1, E4 "gre gre_v1 gre_key ppp", "", "lcp:1",
	  { 1, 0, PAC_ID, LCP_PLEN, 0, 0, 0, 0, 0 }, { 0 } },
	{ "gre1_key_seq", b_gre1, G_K | G_S | G_V1, EPPP, "", "lcp:1",
	  { 1, 0, PAC_ID, LCP_PLEN, 0, 1, 10, 0, 0 }, { 0 } },
	{ "gre1_key_seq_ack", b_gre1, G_K | G_S | G_A | G_V1, EPPP "gre_ack", "", "lcp:1",
	  { 1, 0, PAC_ID, LCP_PLEN, 0, 1, 10, 1, 20 }, { 0 } },
	{ "gre1_key_ack_payload", b_gre1, G_K | G_A | G_V1, E4 "gre gre_v1 gre_key gre_ack ppp",
	  "", "lcp:1", { 1, 0, PAC_ID, LCP_PLEN, 0, 0, 0, 1, 20 }, { 0 } },
	{ "gre1_ack_only", b_gre1, G_K | G_A | G_V1 | G1_NOPAYLOAD,
	  E4 "gre gre_v1 gre_key gre_ack gre_ack_only", "", "",
	  { 1, 0, PAC_ID, 0, 1, 0, 0, 1, 20 }, { 0 } },
	{ "gre1_ack_only_padded", b_gre1, G_K | G_A | G_V1 | G1_NOPAYLOAD | G1_PAD,
	  E4 "gre gre_v1 gre_key gre_ack gre_ack_only", "", "",
	  { 1, 0, PAC_ID, 0, 1, 0, 0, 1, 20 }, { 0 } },
	{ "gre1_ipv6_outer", b_gre1_v6, 0,
	  E6 "gre gre_v1 gre_key gre_seq gre_ack ppp" ESYN, "", "ipv6",
	  { 1, 1, PAC_ID, 4 + 40 + 20, 0, 1, 10, 1, 20 }, { 0 } },
	{ "gre1_vlan", b_gre1_vlan, 0, E4 "vlan gre gre_v1 gre_key gre_seq ppp udp", "", "ipv4",
	  { 1, 0, PAC_ID, 4 + 20 + 8 + 16, 0, 1, 10, 0, 0 }, { 0 } },

	/* PPP in enhanced GRE (RFC 1661, 1334, 1994, 1332, 5072, 1962, 2118) */
	CTRLROW("ppp_lcp_configure_request", P_LCP, 1, "lcp:1"),
	CTRLROW("ppp_lcp_configure_ack", P_LCP, 2, "lcp:2"),
	CTRLROW("ppp_lcp_configure_nak", P_LCP, 3, "lcp:3"),
	CTRLROW("ppp_lcp_configure_reject", P_LCP, 4, "lcp:4"),
	CTRLROW("ppp_lcp_terminate_request", P_LCP, 5, "lcp:5"),
	CTRLROW("ppp_lcp_terminate_ack", P_LCP, 6, "lcp:6"),
	CTRLROW("ppp_lcp_code_reject", P_LCP, 7, "lcp:7"),
	CTRLROW("ppp_lcp_echo_request", P_LCP, 9, "lcp:9"),
	CTRLROW("ppp_lcp_echo_reply", P_LCP, 10, "lcp:10"),
	CTRLROW("ppp_lcp_code_unknown", P_LCP, 0x20, "lcp:0"),
	CTRLROW("ppp_pap_request", P_PAP, 1, "pap:1"),
	CTRLROW("ppp_pap_ack", P_PAP, 2, "pap:2"),
	CTRLROW("ppp_pap_nak", P_PAP, 3, "pap:3"),
	CTRLROW("ppp_chap_challenge", P_CHAP, 1, "chap:1"),
	CTRLROW("ppp_chap_response", P_CHAP, 2, "chap:2"),
	CTRLROW("ppp_chap_success", P_CHAP, 3, "chap:3"),
	CTRLROW("ppp_chap_failure", P_CHAP, 4, "chap:4"),
	CTRLROW("ppp_ipcp_configure_request", P_IPCP, 1, "ipcp:1"),
	CTRLROW("ppp_ipcp_configure_ack", P_IPCP, 2, "ipcp:2"),
	CTRLROW("ppp_ipcp_configure_nak", P_IPCP, 3, "ipcp:3"),
	CTRLROW("ppp_ipcp_configure_reject", P_IPCP, 4, "ipcp:4"),
	CTRLROW("ppp_ipv6cp_configure_request", P_IPV6CP, 1, "ipv6cp:1"),
	CTRLROW("ppp_ipv6cp_configure_ack", P_IPV6CP, 2, "ipv6cp:2"),
	CTRLROW("ppp_ccp_configure_request", P_CCP, 1, "ccp:1"),
	CTRLROW("ppp_ccp_reset_request", P_CCP, 14, "ccp:14"),
	PPPROW("ppp_chap_no_addr_ctrl", P_CHAP, 2, 0, 0, "ppp_no_addr_ctrl", "chap:2", 10),
	PPPROW("ppp_compressed_datagram", P_COMP, 0, 1, 0, "", "comp", 4 + 24),
	PPPROW("ppp_compressed_datagram_pfc", P_COMP, 0, 0, 1,
	       "ppp_no_addr_ctrl ppp_proto_compressed", "comp", 1 + 24),
	PPPROW("ppp_ipv4_tcp", P_IP, 0, 1, 0, ESYN, "ipv4", 4 + 40),
	PPPROW("ppp_ipv4_pfc_no_acf", P_IP, 0, 0, 1,
	       "ppp_no_addr_ctrl ppp_proto_compressed" ESYN, "ipv4", 1 + 40),
	PPPROW("ppp_ipv4_pfc_acf", P_IP, 0, 1, 1, "ppp_proto_compressed" ESYN, "ipv4", 3 + 40),
	PPPROW("ppp_ipv6_tcp", P_IPV6, 0, 1, 0, "ipv6" ESYN, "ipv6", 4 + 60),
	PPPROW("ppp_other_protocol", 0x003D /* multilink */, 0, 1, 0, "", "other", 4 + 24),

	/* malformed: one row per failure mode (more where frames differ) */
	{ "gre_truncated", b_gre_short, 0, E4 "gre_truncated", "", "", { 0 }, { 0 } },
	{ "gre_truncated_padded", b_gre_short, 1, E4 "gre_truncated", "", "", { 0 }, { 0 } },
	{ "gre_opt_truncated_v1", b_gre_opt_short, G_K | G_S | G_A | G_V1 | (long)ET_PPP << 16,
	  E4 "gre_opt_truncated", "", "", { 0 }, { 0 } },
	{ "gre_opt_truncated_v0_csum", b_gre_opt_short, G_C | (long)ET_IPV4 << 16,
	  E4 "gre_opt_truncated", "", "", { 0 }, { 0 } },
	{ "gre_opt_truncated_sre", b_gre0_sre_short, 0,
	  E4 "gre gre_v0 gre_routing gre_opt_truncated", "", "", { 0 }, { 0 } },
	{ "gre_bad_version_2", b_gre_raw, 0x0002 | (long)ET_IPV4 << 16, E4 "gre_bad_version",
	  "", "", { 0 }, { 0 } },
	{ "gre_bad_version_7", b_gre_raw, G_K | 0x0007 | (long)ET_PPP << 16, E4 "gre_bad_version",
	  "", "", { 0 }, { 0 } },
	{ "gre_v1_no_key", b_gre_raw, G_S | G_V1 | (long)ET_PPP << 16, E4 "gre_v1_no_key",
	  "", "", { 0 }, { 0 } },
	{ "gre_v1_checksum", b_gre_raw, G_C | G_K | G_V1 | (long)ET_PPP << 16,
	  E4 "gre_v1_csum_routing", "", "", { 0 }, { 0 } },
	{ "gre_v1_routing", b_gre_raw, G_R | G_K | G_V1 | (long)ET_PPP << 16,
	  E4 "gre_v1_csum_routing", "", "", { 0 }, { 0 } },
	{ "gre_v1_bad_proto", b_gre_raw, G_K | G_V1 | (long)ET_IPV4 << 16, E4 "gre_v1_bad_proto",
	  "", "", { 0 }, { 0 } },
	{ "gre_routing_limit", b_gre0_sres, 5, E4 "gre gre_v0 gre_routing gre_routing_limit",
	  "", "", { 0 }, { 0 } },
	{ "gre_nest_limit", b_gre_nest, 3, E4 "gre gre_v0 gre_nest_limit", "", "", { 0 }, { 0 } },
	{ "ppp_truncated", b_ppp_short, 1, EG1 "ppp_truncated", "", "",
	  { 1, 0, PAC_ID, 1, 0, 1, 10, 0, 0 }, { 0 } },
	{ "ppp_truncated_padded", b_ppp_short, 1 | 0x100, EG1 "ppp_truncated", "", "",
	  { 1, 0, PAC_ID, 1, 0, 1, 10, 0, 0 }, { 0 } },
	{ "ppp_truncated_after_addr_ctrl", b_ppp_short, 2, EG1 "ppp_truncated", "", "",
	  { 1, 0, PAC_ID, 2, 0, 1, 10, 0, 0 }, { 0 } },
	{ "ppp_truncated_after_addr_ctrl_padded", b_ppp_short, 2 | 0x100, EG1 "ppp_truncated",
	  "", "", { 1, 0, PAC_ID, 2, 0, 1, 10, 0, 0 }, { 0 } },
	{ "ppp_ctrl_truncated", b_ppp_short, 3, EG1 "ppp_ctrl_truncated", "", "",
	  { 1, 0, PAC_ID, 6, 0, 1, 10, 0, 0 }, { 0 } },
	{ "ppp_ctrl_truncated_padded", b_ppp_short, 3 | 0x100, EG1 "ppp_ctrl_truncated", "", "",
	  { 1, 0, PAC_ID, 6, 0, 1, 10, 0, 0 }, { 0 } },
	{ "pptp_truncated", b_pptp_bad, BAD_CAPTURE, E4 EDATA "pptp_truncated", "", "",
	  { 0 }, { 0 } },
	{ "pptp_bad_length", b_pptp_bad, BAD_LEN, E4 EDATA "pptp_bad_length", "", "", { 0 }, { 0 } },
	{ "pptp_bad_length_below_header", b_pptp_bad, BAD_LEN_SMALL, E4 EDATA "pptp_bad_length",
	  "", "", { 0 }, { 0 } },
	{ "pptp_bad_type", b_pptp_bad, BAD_TYPE, E4 EDATA "pptp_bad_type", "", "", { 0 }, { 0 } },
	{ "pptp_bad_cookie", b_pptp_bad, BAD_COOKIE, E4 EDATA "pptp_bad_cookie", "", "",
	  { 0 }, { 0 } },
	{ "pptp_bad_ctrl_type_0", b_pptp_bad, BAD_CTRL0, E4 EDATA "pptp_bad_ctrl_type", "", "",
	  { 0 }, { 0 } },
	{ "pptp_bad_ctrl_type_16", b_pptp_bad, BAD_CTRL16, E4 EDATA "pptp_bad_ctrl_type", "", "",
	  { 0 }, { 0 } },
	{ "pptp_second_bad_cookie", b_second_bad, 0, EPPTP "pptp_bad_cookie", "5", "",
	  { 0 }, { 0 } },
	{ "pptp_msg_limit", b_echo_n, 9, EPPTP "pptp_multi_message pptp_msg_limit",
	  "5 5 5 5 5 5 5 5", "", { 0 }, { 0 } },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* ---- running frames and reading the maps -------------------------------- */

struct env {
	struct tunnelstat_bpf *skel;	/* replay program: the one we count with */
	struct tunnelstat_bpf *live;	/* live program: its verdict */
	int prog, live_prog;
	int counters, msgs, ppp, gre, calls, ctrl;
	struct ts_batch batch;
};

struct snap {
	struct ts_stats st;
	struct ts_counter msgs[__TS_PPTP_MAX];
	struct ts_counter ppp[__TS_PPP_MAX * TS_PPP_CODES];
};

static int env_open(struct env *e, const struct ts_config *cfg, int with_live)
{
	int rc;

	memset(e, 0, sizeof(*e));
	rc = ts_bpf_load_cfg(&e->skel, TS_PROG_REPLAY, cfg);
	if (rc)
		return rc;
	if (with_live) {
		rc = ts_bpf_load_cfg(&e->live, TS_PROG_LIVE, cfg);
		if (rc) {
			tunnelstat_bpf__destroy(e->skel);
			return rc;
		}
		e->live_prog = bpf_program__fd(e->live->progs.xdp_tunnelstat);
	}
	e->prog = bpf_program__fd(e->skel->progs.xdp_replay);
	e->counters = bpf_map__fd(e->skel->maps.counters);
	e->msgs = bpf_map__fd(e->skel->maps.pptp_msgs);
	e->ppp = bpf_map__fd(e->skel->maps.ppp_stats);
	e->gre = bpf_map__fd(e->skel->maps.gre_calls);
	e->calls = bpf_map__fd(e->skel->maps.pptp_calls);
	e->ctrl = bpf_map__fd(e->skel->maps.pptp_ctrl);
	ts_batch_init(&e->batch, e->prog);
	return 0;
}

static void env_close(struct env *e)
{
	if (e->live)
		tunnelstat_bpf__destroy(e->live);
	if (e->skel)
		tunnelstat_bpf__destroy(e->skel);
}

static void snap_read(struct env *e, struct snap *s)
{
	if (ts_stats_read(e->counters, &s->st) ||
	    ts_percpu_sum(e->msgs, __TS_PPTP_MAX, s->msgs) ||
	    ts_percpu_sum(e->ppp, __TS_PPP_MAX * TS_PPP_CODES, s->ppp) ||
	    ts_lane_maps_add(e->counters, s->ppp, NULL))
		die("reading the counters: %s", strerror(errno));
}

/* Delete every entry of a hash map; returns how many there were. */
static int hash_clear(int fd, __u32 ksz)
{
	__u8 key[256];
	int n = 0;

	if (ksz > sizeof(key))
		die("key too large");
	while (!bpf_map_get_next_key(fd, NULL, key)) {
		if (bpf_map_delete_elem(fd, key))
			die("deleting a map entry: %s", strerror(errno));
		n++;
	}
	return n;
}

/*
 * Empty every hash table of the object (GRE and PPTP calls, and the tables
 * of other protocols, e.g. TCP connections), so each row starts from the
 * same state whatever runs before it.
 */
static void tables_clear(struct env *e)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, e->skel->obj) {
		switch (bpf_map__type(m)) {
		case BPF_MAP_TYPE_HASH:
		case BPF_MAP_TYPE_LRU_HASH:
		case BPF_MAP_TYPE_PERCPU_HASH:
		case BPF_MAP_TYPE_LRU_PERCPU_HASH:
			hash_clear(bpf_map__fd(m), bpf_map__key_size(m));
			break;
		case BPF_MAP_TYPE_ARRAY:
			for (int i = 0; ts_tab_maps[i]; i++)
				if (!strcmp(bpf_map__name(m), ts_tab_maps[i]) &&
				    ts_tab_zero(bpf_map__fd(m)))
					die("emptying %s: %s", ts_tab_maps[i], strerror(errno));
			break;
		default:
			break;
		}
	}
}

/* One frame through xdp_replay: caplen bytes captured, wire_len on the wire. */
static int run_frame(struct env *e, const __u8 *b, __u32 caplen, __u32 wire, __u64 ts)
{
	int err = ts_batch_add(&e->batch, b, caplen, wire, ts);

	if (!err)
		err = ts_batch_flush(&e->batch);
	return err;
}

/* The live entry's verdict on these bytes, or -1 if the run failed. */
static int live_verdict(struct env *e, const __u8 *b, __u32 len)
{
	static __u8 out[FRAME_MAX + 512];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = b,
		.data_size_in = len,
		.data_out = out,
		.data_size_out = sizeof(out),
		.repeat = 1,
	);

	if (!e->live_prog)
		return XDP_PASS_;
	if (bpf_prog_test_run_opts(e->live_prog, &opts))
		return -1;
	return opts.retval;
}

static void addr_v4(__be32 *a, __u32 host)
{
	memset(a, 0, 16);
	a[0] = htonl(host);
}

static void addr_v6(__be32 *a, __u8 last)
{
	memset(a, 0, 16);
	a[0] = htonl(0x20010db8);
	((__u8 *)a)[15] = last;
}

static int gre_get(struct env *e, int v6, __u32 src, __u32 dst, __u16 call_id,
		   struct ts_gre_call *v)
{
	struct ts_gre_key k;

	memset(&k, 0, sizeof(k));
	if (v6) {
		addr_v6(k.src, src);
		addr_v6(k.dst, dst);
		k.family = 6;
	} else {
		addr_v4(k.src, src);
		addr_v4(k.dst, dst);
		k.family = 4;
	}
	k.call_id = htons(call_id);
	return ts_map_get(e->gre, &k, sizeof(k), v, sizeof(*v));
}

static int call_get(struct env *e, int v6, __u32 pns, __u32 pac, __u16 pns_id,
		    struct ts_pptp_call *v)
{
	struct ts_pptp_key k;

	memset(&k, 0, sizeof(k));
	if (v6) {
		addr_v6(k.pns, pns);
		addr_v6(k.pac, pac);
		k.family = 6;
	} else {
		addr_v4(k.pns, pns);
		addr_v4(k.pac, pac);
		k.family = 4;
	}
	k.call_id = htons(pns_id);
	return ts_map_get(e->calls, &k, sizeof(k), v, sizeof(*v));
}

/* ---- expectations ------------------------------------------------------- */

static int counter_id(const char *name, size_t n)
{
	int i;

	for (i = 0; i < __TS_C_MAX; i++)
		if (ts_counter_names[i] && strlen(ts_counter_names[i]) == n &&
		    !strncmp(ts_counter_names[i], name, n))
			return i;
	die("row names an unknown counter '%.*s'", (int)n, name);
}

/* "a b c" -> flags in set[] */
static void parse_counters(const char *s, __u8 *set)
{
	memset(set, 0, __TS_C_MAX);
	while (*s) {
		size_t n;

		while (*s == ' ')
			s++;
		n = strcspn(s, " ");
		if (n)
			set[counter_id(s, n)] = 1;
		s += n;
	}
}

static void parse_msgs(const char *s, __u64 *want)
{
	char *end;

	memset(want, 0, sizeof(*want) * __TS_PPTP_MAX);
	while (*s) {
		long t = strtol(s, &end, 10);

		if (end == s)
			die("bad message list '%s'", s);
		if (t < 1 || t >= __TS_PPTP_MAX)
			die("message type %ld out of range", t);
		want[t]++;
		s = end;
		while (*s == ' ')
			s++;
	}
}

static const char *const ppp_slot_names[__TS_PPP_MAX] = {
	[TS_PPP_LCP] = "lcp", [TS_PPP_PAP] = "pap", [TS_PPP_CHAP] = "chap",
	[TS_PPP_IPCP] = "ipcp", [TS_PPP_IPV6CP] = "ipv6cp", [TS_PPP_CCP] = "ccp",
	[TS_PPP_COMP] = "comp", [TS_PPP_IPV4] = "ipv4", [TS_PPP_IPV6] = "ipv6",
	[TS_PPP_OTHER] = "other",
};

/* "lcp:1 ipv4" -> counts per ppp_stats slot */
static void parse_ppp(const char *s, __u64 *want)
{
	memset(want, 0, sizeof(*want) * __TS_PPP_MAX * TS_PPP_CODES);
	while (*s) {
		size_t n, pn;
		int proto, code = 0;
		const char *colon;

		while (*s == ' ')
			s++;
		n = strcspn(s, " ");
		if (!n)
			break;
		colon = memchr(s, ':', n);
		pn = colon ? (size_t)(colon - s) : n;
		for (proto = 0; proto < __TS_PPP_MAX; proto++)
			if (strlen(ppp_slot_names[proto]) == pn &&
			    !strncmp(ppp_slot_names[proto], s, pn))
				break;
		if (proto == __TS_PPP_MAX)
			die("unknown PPP slot '%.*s'", (int)n, s);
		if (colon)
			code = atoi(colon + 1);
		want[proto * TS_PPP_CODES + code]++;
		s += n;
	}
}

static const char *ppp_slot_str(int idx)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "%s:%d", ppp_slot_names[idx / TS_PPP_CODES],
		 idx % TS_PPP_CODES);
	return buf;
}

/* Compare counter deltas with the expected set: 1 packet and wire bytes each. */
static void check_counters(const struct snap *a, const struct snap *b, const __u8 *want,
			   __u32 wire)
{
	int i;

	for (i = 0; i < __TS_C_MAX; i++) {
		__u64 dp = b->st.c[i].packets - a->st.c[i].packets;
		__u64 db = b->st.c[i].bytes - a->st.c[i].bytes;
		__u64 wp = want[i] ? 1 : 0;

		if (dp != wp)
			bad("%s: %llu packets, expected %llu", ts_counter_names[i],
			    (unsigned long long)dp, (unsigned long long)wp);
		else if (db != wp * wire)
			bad("%s: %llu bytes, expected %llu", ts_counter_names[i],
			    (unsigned long long)db, (unsigned long long)(wp * wire));
	}
}

static void check_msgs(const struct snap *a, const struct snap *b, const __u64 *want)
{
	int t;

	for (t = 0; t < __TS_PPTP_MAX; t++) {
		__u64 d = b->msgs[t].packets - a->msgs[t].packets;

		if (d != want[t])
			bad("pptp_msgs[%d]: %llu, expected %llu", t, (unsigned long long)d,
			    (unsigned long long)want[t]);
	}
}

static void check_ppp(const struct snap *a, const struct snap *b, const __u64 *want)
{
	int k;

	for (k = 0; k < __TS_PPP_MAX * TS_PPP_CODES; k++) {
		__u64 d = b->ppp[k].packets - a->ppp[k].packets;

		if (d != want[k])
			bad("ppp_stats[%s]: %llu, expected %llu", ppp_slot_str(k),
			    (unsigned long long)d, (unsigned long long)want[k]);
	}
}

#define EXPECT_EQ(what, got, want)							\
	do {										\
		unsigned long long g_ = (got), w_ = (want);				\
		if (g_ != w_)								\
			bad("%s: %llu, expected %llu", what, g_, w_);			\
	} while (0)

static void check_gre(struct env *e, const struct gre_exp *g, __u32 wire, __u64 ts)
{
	struct ts_gre_call v;
	int n = (int)ts_map_count(e->gre, sizeof(struct ts_gre_key), sizeof(struct ts_gre_call));

	EXPECT_EQ("gre_calls entries", n, g->n);
	if (!g->n || n != 1)
		return;
	if (gre_get(e, g->v6, g->v6 ? 1 : V4_A, g->v6 ? 2 : V4_B, g->call_id, &v)) {
		bad("gre_calls has no entry for A->B Call ID %u", g->call_id);
		return;
	}
	EXPECT_EQ("gre packets", v.packets, 1);
	EXPECT_EQ("gre bytes", v.bytes, wire);
	EXPECT_EQ("gre payload_bytes", v.payload_bytes, g->plen);
	EXPECT_EQ("gre ack_only", v.ack_only, g->ack_only);
	EXPECT_EQ("gre have seq", !!(v.flags & TS_GRE_HAVE_SEQ), g->seq_set);
	EXPECT_EQ("gre have ack", !!(v.flags & TS_GRE_HAVE_ACK), g->ack_set);
	if (g->seq_set)
		EXPECT_EQ("gre seq_max", v.seq_max, g->seq);
	if (g->ack_set)
		EXPECT_EQ("gre ack_max", v.ack_max, g->ack);
	EXPECT_EQ("gre lost", v.lost, 0);
	EXPECT_EQ("gre reordered", v.reordered, 0);
	EXPECT_EQ("gre duplicates", v.duplicates, 0);
	EXPECT_EQ("gre first_ns", v.first_ns, ts);
	EXPECT_EQ("gre last_ns", v.last_ns, ts);
}

static void check_call(struct env *e, const struct call_exp *c, __u64 ts)
{
	struct ts_pptp_call v;
	int n = (int)ts_map_count(e->calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call));

	EXPECT_EQ("pptp_calls entries", n, c->n);
	if (!c->n || n != 1)
		return;
	if (call_get(e, c->v6, c->v6 ? 1 : V4_A, c->v6 ? 2 : V4_B, c->pns_id, &v)) {
		bad("pptp_calls has no entry for PNS A, PAC B, Call ID %u", c->pns_id);
		return;
	}
	EXPECT_EQ("call state", v.state, c->state);
	EXPECT_EQ("call pns_call_id", ntohs(v.pns_call_id), c->pns_id);
	EXPECT_EQ("call have_pac_id", v.have_pac_id, c->pac_id >= 0);
	if (c->pac_id >= 0)
		EXPECT_EQ("call pac_call_id", ntohs(v.pac_call_id), c->pac_id);
	EXPECT_EQ("call result", v.result, c->result);
	EXPECT_EQ("call cause", v.cause, c->cause);
	EXPECT_EQ("call sli", v.sli, c->sli);
	EXPECT_EQ("call wen", v.wen, c->wen);
	EXPECT_EQ("call last_ns", v.last_ns, ts);
	switch (c->state) {
	case TS_PPTP_ST_REQUESTED:
		EXPECT_EQ("call requested_ns", v.requested_ns, ts);
		break;
	case TS_PPTP_ST_ESTABLISHED:
		EXPECT_EQ("call established_ns", v.established_ns, ts);
		break;
	case TS_PPTP_ST_CLEARING:
		EXPECT_EQ("call clearing_ns", v.clearing_ns, ts);
		break;
	}
}

/* ---- rows and the truncation sweep -------------------------------------- */

#define TS0 1700000000000000000ull	/* 2023-11-14T22:13:20Z in ns */

static void build_row(const struct row *r, struct frame *f)
{
	memset(f, 0, sizeof(*f));
	r->build(f, r->arg);
}

static int row_is_positive(const struct row *r)
{
	__u8 set[__TS_C_MAX];
	int i;

	parse_counters(r->expect, set);
	for (i = TS_C_FIRST_ERROR; i < __TS_C_MAX; i++)
		if (set[i])
			return 0;
	return 1;
}

static void run_row(struct env *e, const struct row *r, int idx)
{
	__u8 want[__TS_C_MAX];
	__u64 wmsgs[__TS_PPTP_MAX], wppp[__TS_PPP_MAX * TS_PPP_CODES];
	static struct snap a, b;
	struct frame f;
	__u32 caplen;
	__u64 ts = TS0 + (__u64)idx * 1000000;
	char name[128];
	int err, v;

	build_row(r, &f);
	caplen = f.caplen ? f.caplen : f.len;
	parse_counters(r->expect, want);
	parse_msgs(r->pptp, wmsgs);
	parse_ppp(r->ppp, wppp);

	begin();
	tables_clear(e);
	snap_read(e, &a);
	err = run_frame(e, f.b, caplen, f.len, ts);
	if (err)
		bad("replay run failed: %s", strerror(-err));
	v = live_verdict(e, f.b, caplen);
	if (v != XDP_PASS_)
		bad("live verdict %d, expected XDP_PASS", v);
	snap_read(e, &b);
	check_counters(&a, &b, want, f.len);
	check_msgs(&a, &b, wmsgs);
	check_ppp(&a, &b, wppp);
	check_gre(e, &r->gre, f.len, ts);
	check_call(e, &r->call, ts);
	snprintf(name, sizeof(name), "row %s (%u bytes)", r->name, f.len);
	report(name);
}

/*
 * Every shorter captured length of a positive row, wire length unchanged.
 * full: the counters of the whole frame.
 */
static void sweep_row(struct env *e, const struct row *r, int idx)
{
	static struct snap a, b;
	__u8 full[__TS_C_MAX];
	struct frame f;
	char name[128];
	__u32 L;
	int i;

	build_row(r, &f);
	parse_counters(r->expect, full);
	begin();
	if (f.nocheck_need)
		bad("positive row built as malformed");
	for (i = 0; i < TS_C_FIRST_ERROR; i++)
		if (full[i] && !f.need[i])
			bad("test bug: builder records no length for %s", ts_counter_names[i]);
	if (why_len)
		goto out;

	snap_read(e, &a);
	for (L = 14; L < f.len; L++) {
		__u64 ts = TS0 + (__u64)idx * 1000000 + L;
		int err, v, lost = 0, errs = 0, nmsg_fit = 0, k;
		__u64 msgs = 0, ppp = 0;

		tables_clear(e);
		err = run_frame(e, f.b, L, f.len, ts);
		if (err) {
			bad("len %u: replay run failed: %s", L, strerror(-err));
			break;
		}
		v = live_verdict(e, f.b, L);
		if (v != XDP_PASS_)
			bad("len %u: live verdict %d", L, v);
		snap_read(e, &b);
		if (b.st.c[TS_C_TOTAL].packets - a.st.c[TS_C_TOTAL].packets != 1)
			bad("len %u: total not 1", L);
		for (i = 0; i < __TS_C_MAX; i++) {
			__u64 d = b.st.c[i].packets - a.st.c[i].packets;

			if (i >= TS_C_FIRST_ERROR) {
				errs += d != 0;
				continue;
			}
			if (!d && full[i])
				lost = 1;
			if (!d)
				continue;
			if (!full[i])
				bad("len %u: %s counted, not counted at full length", L,
				    ts_counter_names[i]);
			else if (f.need[i] > L)
				bad("len %u: %s counted, needs %u bytes", L, ts_counter_names[i],
				    f.need[i]);
		}
		if (lost && !errs)
			bad("len %u: a protocol of the full frame went uncounted and no error says why",
			    L);
		for (k = 0; k < f.nmsg; k++)
			nmsg_fit += f.msg_end[k] <= L;
		for (i = 0; i < __TS_PPTP_MAX; i++)
			msgs += b.msgs[i].packets - a.msgs[i].packets;
		if (msgs > (__u64)nmsg_fit)
			bad("len %u: %llu PPTP messages counted, %d headers present", L,
			    (unsigned long long)msgs, nmsg_fit);
		for (i = 0; i < __TS_PPP_MAX * TS_PPP_CODES; i++)
			ppp += b.ppp[i].packets - a.ppp[i].packets;
		if (ppp && (!f.need_ppp || f.need_ppp > L))
			bad("len %u: ppp_stats counted with %u bytes needed", L, f.need_ppp);
		if ((int)ts_map_count(e->gre, sizeof(struct ts_gre_key), sizeof(struct ts_gre_call)) && (!f.need_gre || f.need_gre > L))
			bad("len %u: gre_calls entry before the GRE header is complete (%u)", L,
			    f.need_gre);
		if ((int)ts_map_count(e->calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call)) &&
		    (!f.need_call || f.need_call > L))
			bad("len %u: pptp_calls entry before its fields are present (%u)", L,
			    f.need_call);
		a = b;
		if (why_len > 1500)
			break;
	}
out:
	snprintf(name, sizeof(name), "sweep %s (lengths 14..%u)", r->name, f.len - 1);
	report(name);
}

/* ---- sequences ---------------------------------------------------------- */

/* A control message between A (PNS) and B (PAC), to or from the given port. */
static void msg_frame(struct frame *f, int v6, int type, const struct pm *m, __u16 port)
{
	int from_pns = msg_from_pns(type);

	memset(f, 0, sizeof(*f));
	if (v6) {
		f_eth(f, ET_IPV6);
		f_ipv6(f, IPP_TCP, from_pns ? 1 : 2, from_pns ? 2 : 1);
	} else {
		f_eth(f, ET_IPV4);
		f_ipv4(f, IPP_TCP, from_pns ? V4_A : V4_B, from_pns ? V4_B : V4_A);
	}
	f_tcp(f, from_pns ? PNS_PORT : port, from_pns ? port : PNS_PORT, TH_PSH | TH_ACK);
	f_pptp(f, type, m);
	f_finish(f);
}

/* Enhanced GRE from A to B (from_a) or back, plen bytes of PPP (0: ack-only). */
static void gre1_frame(struct frame *f, int v6, int from_a, __u16 call_id, __u16 flags,
		       __u32 seq, __u32 ack, __u32 plen)
{
	memset(f, 0, sizeof(*f));
	if (v6) {
		f_eth(f, ET_IPV6);
		f_ipv6(f, IPP_GRE, from_a ? 1 : 2, from_a ? 2 : 1);
	} else {
		f_eth(f, ET_IPV4);
		f_ipv4(f, IPP_GRE, from_a ? V4_A : V4_B, from_a ? V4_B : V4_A);
	}
	f_gre(f, flags | G_K | G_V1, ET_PPP, call_id, seq, ack);
	if (plen) {
		f_ppp(f, 0, P_COMP, 1);
		f_fill(f, plen - 1, 0x77);
	}
	f_finish(f);
	f_pad60(f);
}

static void run_one(struct env *e, struct frame *f, __u64 ts)
{
	int err = run_frame(e, f->b, f->len, f->len, ts);

	if (err)
		bad("replay run failed: %s", strerror(-err));
}

/* Every error counter unchanged between a and b. */
static void check_no_errors(const struct snap *a, const struct snap *b)
{
	int i;

	for (i = TS_C_FIRST_ERROR; i < __TS_C_MAX; i++)
		if (b->st.c[i].packets != a->st.c[i].packets)
			bad("error %s counted %llu times", ts_counter_names[i],
			    (unsigned long long)(b->st.c[i].packets - a->st.c[i].packets));
}

static void test_gre_sequence(struct env *e)
{
	static const __u32 seqs[] = { 1, 2, 3, 5, 6, 8, 7, 8 };
	static const __u32 acks[] = { 10, 11, 12, 12, 13, 11, 14, 14 };
	static const __u32 wseq[] = { 0xFFFFFFFE, 0xFFFFFFFF, 1, 0 };
	static const __u32 wack[] = { 0xFFFFFFF0, 0xFFFFFFFF, 3, 2 };
	static struct snap a, b;
	struct ts_gre_call v;
	struct frame f;
	__u64 t0 = TS0 + 500000000000ull, bytes = 0, wbytes = 0;
	unsigned i;

	begin();
	tables_clear(e);
	snap_read(e, &a);
	for (i = 0; i < 8; i++) {
		gre1_frame(&f, 0, 1, PAC_ID, G_S | G_A, seqs[i], acks[i], 30);
		bytes += f.len;
		run_one(e, &f, t0 + i);
	}
	gre1_frame(&f, 0, 1, PAC_ID, G_A, 0, 15, 0);	/* ack-only */
	bytes += f.len;
	run_one(e, &f, t0 + 8);
	for (i = 0; i < 4; i++) {
		gre1_frame(&f, 0, 0, PNS_ID, G_S | G_A, wseq[i], wack[i], 40);
		wbytes += f.len;
		run_one(e, &f, t0 + 100 + i);
	}
	snap_read(e, &b);
	check_no_errors(&a, &b);
	EXPECT_EQ("gre_calls entries", (int)ts_map_count(e->gre, sizeof(struct ts_gre_key), sizeof(struct ts_gre_call)), 2);
	EXPECT_EQ("gre_v1 frames", b.st.c[TS_C_GRE_V1].packets - a.st.c[TS_C_GRE_V1].packets, 13);
	EXPECT_EQ("gre_ack_only frames",
		  b.st.c[TS_C_GRE_ACK_ONLY].packets - a.st.c[TS_C_GRE_ACK_ONLY].packets, 1);
	if (gre_get(e, 0, V4_A, V4_B, PAC_ID, &v)) {
		bad("no gre_calls entry A->B");
	} else {
		/* 4 never arrives: lost 1; 7 after 8: reordered (the gap it left closes); 8 again: duplicate */
		EXPECT_EQ("A->B packets", v.packets, 9);
		EXPECT_EQ("A->B bytes", v.bytes, bytes);
		EXPECT_EQ("A->B payload_bytes", v.payload_bytes, 8 * 30);
		EXPECT_EQ("A->B ack_only", v.ack_only, 1);
		EXPECT_EQ("A->B seq_max", v.seq_max, 8);
		EXPECT_EQ("A->B ack_max", v.ack_max, 15);
		EXPECT_EQ("A->B lost", v.lost, 1);
		EXPECT_EQ("A->B reordered", v.reordered, 1);
		EXPECT_EQ("A->B duplicates", v.duplicates, 1);
		EXPECT_EQ("A->B first_ns", v.first_ns, t0);
		EXPECT_EQ("A->B last_ns", v.last_ns, t0 + 8);
		EXPECT_EQ("A->B flags", v.flags, TS_GRE_HAVE_SEQ | TS_GRE_HAVE_ACK);
	}
	if (gre_get(e, 0, V4_B, V4_A, PNS_ID, &v)) {
		bad("no gre_calls entry B->A");
	} else {
		/* across 2^32: FFFFFFFE FFFFFFFF 1 then 0 late: nothing lost, one reordered */
		EXPECT_EQ("B->A packets", v.packets, 4);
		EXPECT_EQ("B->A bytes", v.bytes, wbytes);
		EXPECT_EQ("B->A payload_bytes", v.payload_bytes, 4 * 40);
		EXPECT_EQ("B->A seq_max", v.seq_max, 1);
		EXPECT_EQ("B->A ack_max", v.ack_max, 3);
		EXPECT_EQ("B->A lost", v.lost, 0);
		EXPECT_EQ("B->A reordered", v.reordered, 1);
		EXPECT_EQ("B->A duplicates", v.duplicates, 0);
		EXPECT_EQ("B->A ack_only", v.ack_only, 0);
	}
	report("sequence gre_v1 loss, reorder, duplicate, 2^32 wrap");
}

/* Check one call's fields; ids in host order. */
static void expect_call(struct env *e, int v6, __u16 pns_id, __u8 state, int pac_id,
			__u8 result, __u16 cause, const char *when)
{
	struct ts_pptp_call v;

	if (call_get(e, v6, v6 ? 1 : V4_A, v6 ? 2 : V4_B, pns_id, &v)) {
		bad("%s: no call for PNS Call ID %u", when, pns_id);
		return;
	}
	if (v.state != state)
		bad("%s: state %u, expected %u", when, v.state, state);
	if (v.have_pac_id != (pac_id >= 0))
		bad("%s: have_pac_id %u, expected %d", when, v.have_pac_id, pac_id >= 0);
	if (pac_id >= 0 && ntohs(v.pac_call_id) != pac_id)
		bad("%s: pac_call_id %u, expected %d", when, ntohs(v.pac_call_id), pac_id);
	if (ntohs(v.pns_call_id) != pns_id)
		bad("%s: pns_call_id %u, expected %u", when, ntohs(v.pns_call_id), pns_id);
	if (v.result != result)
		bad("%s: result %u, expected %u", when, v.result, result);
	if (v.cause != cause)
		bad("%s: cause %u, expected %u", when, v.cause, cause);
}

static void get_call(struct env *e, int v6, __u16 pns_id, struct ts_pptp_call *v)
{
	memset(v, 0, sizeof(*v));
	if (call_get(e, v6, v6 ? 1 : V4_A, v6 ? 2 : V4_B, pns_id, v))
		bad("no call for PNS Call ID %u", pns_id);
}

/* OCRQ, OCRP (PAC Call ID 0), SLI, GRE both ways, WEN, CCRQ, CDN. */
static void test_outgoing_call(struct env *e, int v6)
{
	const __u16 pns = 0x4001, pac = 0;
	__u64 t = TS0 + 600000000000ull + (v6 ? 1000000000ull : 0);
	static struct snap a, b;
	struct ts_pptp_call c;
	struct ts_gre_call g;
	struct frame f;
	struct pm m;
	int i;

	begin();
	tables_clear(e);
	snap_read(e, &a);

	m = (struct pm){ .call_id = pns };
	msg_frame(&f, v6, M_OCRQ, &m, PPTP_PORT);
	run_one(e, &f, t + 1);
	expect_call(e, v6, pns, TS_PPTP_ST_REQUESTED, -1, 0, 0, "after OCRQ");

	m = (struct pm){ .call_id = pac, .peer_id = pns, .result = 1 };
	msg_frame(&f, v6, M_OCRP, &m, PPTP_PORT);
	run_one(e, &f, t + 2);
	expect_call(e, v6, pns, TS_PPTP_ST_ESTABLISHED, pac, 1, 0, "after OCRP");

	m = (struct pm){ .call_id = pac };
	msg_frame(&f, v6, M_SLI, &m, PPTP_PORT);
	run_one(e, &f, t + 3);

	for (i = 0; i < 3; i++) {
		gre1_frame(&f, v6, 1, pac, G_S, i + 1, 0, 20);
		run_one(e, &f, t + 10 + i);
	}
	for (i = 0; i < 2; i++) {
		gre1_frame(&f, v6, 0, pns, G_S | G_A, i + 1, 3, 20);
		run_one(e, &f, t + 20 + i);
	}

	m = (struct pm){ .call_id = pns };
	msg_frame(&f, v6, M_WEN, &m, PPTP_PORT);
	run_one(e, &f, t + 30);

	m = (struct pm){ .call_id = pns };
	msg_frame(&f, v6, M_CCRQ, &m, PPTP_PORT);
	run_one(e, &f, t + 40);
	expect_call(e, v6, pns, TS_PPTP_ST_CLEARING, pac, 1, 0, "after CCRQ");

	m = (struct pm){ .call_id = pac, .result = 4 /* Request */, .cause = 0x0010 };
	msg_frame(&f, v6, M_CDN, &m, PPTP_PORT);
	run_one(e, &f, t + 50);
	expect_call(e, v6, pns, TS_PPTP_ST_DISCONNECTED, pac, 4, 0x0010, "after CDN");

	snap_read(e, &b);
	check_no_errors(&a, &b);
	EXPECT_EQ("pptp_calls entries", (int)ts_map_count(e->calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call)), 1);
	get_call(e, v6, pns, &c);
	EXPECT_EQ("requested_ns", c.requested_ns, t + 1);
	EXPECT_EQ("established_ns", c.established_ns, t + 2);
	EXPECT_EQ("clearing_ns", c.clearing_ns, t + 40);
	EXPECT_EQ("ended_ns", c.ended_ns, t + 50);
	EXPECT_EQ("last_ns", c.last_ns, t + 50);
	EXPECT_EQ("sli", c.sli, 1);
	EXPECT_EQ("wen", c.wen, 1);
	for (i = 7; i <= 15; i++) {
		__u64 want = (i == M_OCRQ || i == M_OCRP || i == M_SLI || i == M_WEN ||
			      i == M_CCRQ || i == M_CDN);

		if (b.msgs[i].packets - a.msgs[i].packets != want)
			bad("pptp_msgs[%d]: %llu, expected %llu", i,
			    (unsigned long long)(b.msgs[i].packets - a.msgs[i].packets),
			    (unsigned long long)want);
	}
	/* GRE towards the PAC carries the PAC's ID, towards the PNS the PNS's */
	if (gre_get(e, v6, v6 ? 1 : V4_A, v6 ? 2 : V4_B, pac, &g))
		bad("no GRE entry PNS->PAC with the PAC's Call ID");
	else
		EXPECT_EQ("to_pac packets", g.packets, 3);
	if (gre_get(e, v6, v6 ? 2 : V4_B, v6 ? 1 : V4_A, pns, &g))
		bad("no GRE entry PAC->PNS with the PNS's Call ID");
	else
		EXPECT_EQ("to_pns packets", g.packets, 2);
	report(v6 ? "sequence outgoing call over IPv6: OCRQ OCRP SLI GRE WEN CCRQ CDN"
		  : "sequence outgoing call: OCRQ OCRP(PAC Call ID 0) SLI GRE WEN CCRQ CDN");
}

/* ICRQ, ICRP, ICCN, SLI, CDN. */
static void test_incoming_call(struct env *e)
{
	const __u16 pns = 0x0300, pac = 0x0200;
	__u64 t = TS0 + 700000000000ull;
	static struct snap a, b;
	struct ts_pptp_call c;
	struct frame f;
	struct pm m;

	begin();
	tables_clear(e);
	snap_read(e, &a);

	m = (struct pm){ .call_id = pac };
	msg_frame(&f, 0, M_ICRQ, &m, PPTP_PORT);
	run_one(e, &f, t + 1);
	EXPECT_EQ("pptp_calls entries after ICRQ",
		  (int)ts_map_count(e->calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call)), 0);

	m = (struct pm){ .call_id = pns, .peer_id = pac, .result = 1 };
	msg_frame(&f, 0, M_ICRP, &m, PPTP_PORT);
	run_one(e, &f, t + 2);
	expect_call(e, 0, pns, TS_PPTP_ST_REQUESTED, pac, 1, 0, "after ICRP");

	m = (struct pm){ .call_id = pns };
	msg_frame(&f, 0, M_ICCN, &m, PPTP_PORT);
	run_one(e, &f, t + 3);
	expect_call(e, 0, pns, TS_PPTP_ST_ESTABLISHED, pac, 1, 0, "after ICCN");

	m = (struct pm){ .call_id = pac };
	msg_frame(&f, 0, M_SLI, &m, PPTP_PORT);
	run_one(e, &f, t + 4);

	m = (struct pm){ .call_id = pac, .result = 1 /* Lost Carrier */, .cause = 7 };
	msg_frame(&f, 0, M_CDN, &m, PPTP_PORT);
	run_one(e, &f, t + 5);
	expect_call(e, 0, pns, TS_PPTP_ST_DISCONNECTED, pac, 1, 7, "after CDN");

	snap_read(e, &b);
	check_no_errors(&a, &b);
	EXPECT_EQ("pptp_calls entries", (int)ts_map_count(e->calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call)), 1);
	get_call(e, 0, pns, &c);
	EXPECT_EQ("requested_ns (the ICRQ)", c.requested_ns, t + 1);
	EXPECT_EQ("established_ns (the ICCN)", c.established_ns, t + 3);
	EXPECT_EQ("ended_ns", c.ended_ns, t + 5);
	EXPECT_EQ("sli", c.sli, 1);
	report("sequence incoming call: ICRQ ICRP ICCN SLI CDN");
}

/* The control connection between V4_A (the PNS) and V4_B: pptp_ctrl's row. */
static int ctrl_get(struct env *e, struct ts_pptp_ctrl *v, __u8 *pns_side)
{
	struct ts_pptp_key k;
	__be32 a[4], b[4];
	int low;

	addr_v4(a, V4_A);
	addr_v4(b, V4_B);
	low = memcmp(a, b, 16) <= 0;	/* the key holds the lower address first */
	memset(&k, 0, sizeof(k));
	memcpy(k.pns, low ? a : b, 16);
	memcpy(k.pac, low ? b : a, 16);
	k.family = 4;
	*pns_side = low ? TS_PPTP_CC_LOW : TS_PPTP_CC_HIGH;
	return ts_map_get(e->ctrl, &k, sizeof(k), v, sizeof(*v));
}

/*
 * pptp_ctrl: SCCRQ and SCCRP open the connection, a StopCCRP whose request
 * was missed stops it, a new SCCRQ starts a new one over it (keeping when
 * the old one ended), and an SCCRP with an error result rejects that.
 */
static void test_control_connection(struct env *e)
{
	__u64 t = TS0 + 900000000000ull;
	static struct snap a, b;
	struct ts_pptp_ctrl c;
	struct frame f;
	struct pm m;
	__u8 pns;

	begin();
	tables_clear(e);
	snap_read(e, &a);

	msg_frame(&f, 0, M_SCCRQ, NULL, PPTP_PORT);
	run_one(e, &f, t + 1);
	m = (struct pm){ .result = 1 };
	msg_frame(&f, 0, M_SCCRP, &m, PPTP_PORT);
	run_one(e, &f, t + 2);
	if (ctrl_get(e, &c, &pns)) {
		bad("no pptp_ctrl row after SCCRQ and SCCRP");
	} else {
		EXPECT_EQ("state after SCCRP", c.state, TS_PPTP_CC_ESTABLISHED);
		EXPECT_EQ("origin: the PNS sent the SCCRQ", c.origin, pns);
		EXPECT_EQ("started_ns (the SCCRQ)", c.started_ns, t + 1);
		EXPECT_EQ("established_ns (the SCCRP)", c.established_ns, t + 2);
		EXPECT_EQ("result", c.result, 1);
	}

	msg_frame(&f, 0, M_STOPCCRP, NULL, PPTP_PORT);	/* from the PAC, its request missed */
	run_one(e, &f, t + 5);
	if (!ctrl_get(e, &c, &pns)) {
		EXPECT_EQ("state after StopCCRP", c.state, TS_PPTP_CC_STOPPED);
		EXPECT_EQ("stop_ns: the reply stands for the missed request", c.stop_ns, t + 5);
		EXPECT_EQ("stopped_ns", c.stopped_ns, t + 5);
		EXPECT_EQ("stop_by: the side the reply answered", c.stop_by, pns);
		EXPECT_EQ("result of the StopCCRP", c.result, 1);
	}

	msg_frame(&f, 0, M_SCCRQ, NULL, PPTP_PORT);
	run_one(e, &f, t + 8);
	if (!ctrl_get(e, &c, &pns)) {
		EXPECT_EQ("a new SCCRQ: state", c.state, TS_PPTP_CC_REQUESTED);
		EXPECT_EQ("a new SCCRQ: started_ns", c.started_ns, t + 8);
		EXPECT_EQ("a new SCCRQ: prev_end_ns (the old connection's stop)", c.prev_end_ns, t + 5);
		EXPECT_EQ("a new SCCRQ: stop_ns cleared", c.stop_ns, 0);
	}
	m = (struct pm){ .result = 2, .error = 6 };
	msg_frame(&f, 0, M_SCCRP, &m, PPTP_PORT);
	run_one(e, &f, t + 9);
	if (!ctrl_get(e, &c, &pns)) {
		EXPECT_EQ("SCCRP result 2: state", c.state, TS_PPTP_CC_REJECTED);
		EXPECT_EQ("SCCRP result 2: result, error", c.result * 256 + c.error, 2 * 256 + 6);
		EXPECT_EQ("SCCRP result 2: stopped_ns", c.stopped_ns, t + 9);
	}
	snap_read(e, &b);
	check_no_errors(&a, &b);
	EXPECT_EQ("pptp_ctrl entries",
		  (int)ts_map_count(e->ctrl, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_ctrl)), 1);
	report("control connection: SCCRQ SCCRP, StopCCRP alone, SCCRQ again, SCCRP rejecting");
}

/* OCRP with result 4 (Busy); ICRP with result 3 (Do Not Accept). */
static void test_rejected_calls(struct env *e)
{
	__u64 t = TS0 + 800000000000ull;
	static struct snap a, b;
	struct ts_pptp_call c;
	struct frame f;
	struct pm m;

	begin();
	tables_clear(e);
	snap_read(e, &a);
	m = (struct pm){ .call_id = 0x4002 };
	msg_frame(&f, 0, M_OCRQ, &m, PPTP_PORT);
	run_one(e, &f, t + 1);
	m = (struct pm){ .call_id = 9, .peer_id = 0x4002, .result = 4, .error = 0, .cause = 5 };
	msg_frame(&f, 0, M_OCRP, &m, PPTP_PORT);
	run_one(e, &f, t + 2);
	expect_call(e, 0, 0x4002, TS_PPTP_ST_REJECTED, 9, 4, 5, "OCRP Busy");
	get_call(e, 0, 0x4002, &c);
	EXPECT_EQ("rejected OCRP requested_ns", c.requested_ns, t + 1);
	EXPECT_EQ("rejected OCRP established_ns", c.established_ns, 0);
	EXPECT_EQ("rejected OCRP ended_ns", c.ended_ns, t + 2);

	m = (struct pm){ .call_id = 0x0201 };
	msg_frame(&f, 0, M_ICRQ, &m, PPTP_PORT);
	run_one(e, &f, t + 3);
	m = (struct pm){ .call_id = 0x0301, .peer_id = 0x0201, .result = 3 };
	msg_frame(&f, 0, M_ICRP, &m, PPTP_PORT);
	run_one(e, &f, t + 4);
	expect_call(e, 0, 0x0301, TS_PPTP_ST_REJECTED, 0x0201, 3, 0, "ICRP Do Not Accept");
	get_call(e, 0, 0x0301, &c);
	EXPECT_EQ("rejected ICRP requested_ns", c.requested_ns, t + 3);
	EXPECT_EQ("rejected ICRP ended_ns", c.ended_ns, t + 4);
	snap_read(e, &b);
	check_no_errors(&a, &b);
	EXPECT_EQ("pptp_calls entries", (int)ts_map_count(e->calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call)), 2);
	report("sequence rejected calls: OCRP result 4, ICRP result 3");
}

/*
 * --pptp-port: with cfg_pptp_port 5555, a control message to 1723 is plain
 * TCP and one to or from 5555 is PPTP; the default object does the reverse.
 */
static void test_port(struct env *def)
{
	struct ts_config cfg = TS_CONFIG_DEFAULT;
	static struct snap a, b;
	struct env e5;
	struct frame f;
	struct pm m = { .call_id = PNS_ID };
	struct pm r = { .call_id = PAC_ID, .peer_id = PNS_ID, .result = 1 };
	int rc;

	begin();
	cfg.pptp_port = 5555;
	rc = env_open(&e5, &cfg, 0);
	if (rc) {
		bad("loading with pptp_port 5555 failed (exit code %d)", rc);
		report("pptp_port 5555");
		return;
	}
	snap_read(&e5, &a);
	msg_frame(&f, 0, M_OCRQ, &m, PPTP_PORT);
	run_one(&e5, &f, TS0 + 1);
	snap_read(&e5, &b);
	EXPECT_EQ("port 5555 object: pptp_control for a message to 1723",
		  b.st.c[TS_C_PPTP_CONTROL].packets - a.st.c[TS_C_PPTP_CONTROL].packets, 0);
	EXPECT_EQ("port 5555 object: tcp for a message to 1723",
		  b.st.c[TS_C_TCP].packets - a.st.c[TS_C_TCP].packets, 1);
	EXPECT_EQ("port 5555 object: call entries after 1723",
		  (int)ts_map_count(e5.calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call)), 0);

	a = b;
	msg_frame(&f, 0, M_OCRQ, &m, 5555);
	run_one(&e5, &f, TS0 + 2);
	msg_frame(&f, 0, M_OCRP, &r, 5555);	/* from port 5555 */
	run_one(&e5, &f, TS0 + 3);
	snap_read(&e5, &b);
	EXPECT_EQ("port 5555 object: pptp_control to and from 5555",
		  b.st.c[TS_C_PPTP_CONTROL].packets - a.st.c[TS_C_PPTP_CONTROL].packets, 2);
	EXPECT_EQ("port 5555 object: OCRQ", b.msgs[M_OCRQ].packets - a.msgs[M_OCRQ].packets, 1);
	EXPECT_EQ("port 5555 object: OCRP", b.msgs[M_OCRP].packets - a.msgs[M_OCRP].packets, 1);
	check_no_errors(&a, &b);
	expect_call(&e5, 0, PNS_ID, TS_PPTP_ST_ESTABLISHED, PAC_ID, 1, 0, "port 5555 call");
	env_close(&e5);

	/* the default object: 5555 is just TCP */
	tables_clear(def);
	snap_read(def, &a);
	msg_frame(&f, 0, M_OCRQ, &m, 5555);
	run_one(def, &f, TS0 + 4);
	snap_read(def, &b);
	EXPECT_EQ("default object: pptp_control for a message to 5555",
		  b.st.c[TS_C_PPTP_CONTROL].packets - a.st.c[TS_C_PPTP_CONTROL].packets, 0);
	EXPECT_EQ("default object: call entries after 5555",
		  (int)ts_map_count(def->calls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call)), 0);
	report("pptp_port 5555: 1723 no longer parsed, 5555 parsed both directions");
}

/* Every counter has a name (JSON keys), and the rows name only real ones. */
static void test_names(void)
{
	int i;

	begin();
	for (i = 0; i < __TS_C_MAX; i++)
		if (!ts_counter_names[i] || !*ts_counter_names[i])
			bad("counter %d has no name", i);
	report("every counter has a name");
}

int main(int argc, char **argv)
{
	struct env e;
	unsigned i;
	int rc, sweep = 1;

	if (argc > 1 && !strcmp(argv[1], "--no-sweep"))
		sweep = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		printf("skip - test_pptp: needs root (BPF_PROG_TEST_RUN): run as root\n");
		printf("0 passed, 0 failed\n");
		return 0;
	}
	libbpf_set_print(NULL);
	rc = env_open(&e, NULL, 1);
	if (rc == TS_EXIT_PERM) {
		printf("skip - test_pptp: not allowed to load BPF programs\n");
		printf("0 passed, 0 failed\n");
		return 0;
	}
	if (rc) {
		printf("FAIL - load: ts_bpf_load_cfg returned exit code %d\n", rc);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	test_names();
	for (i = 0; i < NROWS; i++)
		run_row(&e, &rows[i], i);
	if (sweep)
		for (i = 0; i < NROWS; i++)
			if (row_is_positive(&rows[i]))
				sweep_row(&e, &rows[i], i);
	test_gre_sequence(&e);
	test_outgoing_call(&e, 0);
	test_outgoing_call(&e, 1);
	test_incoming_call(&e);
	test_control_connection(&e);
	test_rejected_calls(&e);
	test_port(&e);
	env_close(&e);
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
