// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_access: table-driven BPF_PROG_TEST_RUN tests of the access-network
 * parsers (issue 7): ARP/RARP, 802.3 LLC and SNAP, PPPoE discovery and
 * session (with the PPP hook), ICMP/ICMPv6 by type, IGMP, OSPF, RADIUS,
 * TLS records, and GRE v0 payloads (ERSPAN I-III, ARP).
 *
 * Each row is a canned frame (tests/pktbuild.h plus the builders below),
 * the counters it must move by exactly one (every other counter by zero,
 * bytes = packets * wire length), and the msg_types slots it must move
 * (each listed once per expected count, every other slot by zero). Some
 * rows also check the table entry the frame leaves (pppoe_sessions,
 * radius_pending). Tables are emptied before every run, so each row starts
 * from nothing. Expected values come from the specifications each parser
 * cites (RFC 826, 903, 2516, 1661, 1332, 1334, 1994, 792, 4443, 2236, 3376,
 * 2328, 5340, 2865, 2866, 5176, 8446, 5246, draft-foschiano-erspan).
 *
 * Sequences: a PPPoE session from PADI to PADT (every field of its entry),
 * a rejected discovery, and RADIUS pairing (answered, retransmission, ID
 * reuse, unmatched response, the round-trip bucket).
 *
 * Truncation sweep: every positive row is run again at every shorter
 * length L >= 14, as a short frame (wire length L) and as a snaplen cut
 * (wire length the whole frame). For every cut: the verdict is XDP_PASS;
 * total moves by one; no counter of a header that is not whole inside L
 * moves (each builder records where its header ends); every counter that
 * moves is an error counter or one the whole frame moves; at most one
 * error counter moves; and every msg_types slot that moves is one the
 * whole frame moves.
 *
 * Output: "ok - NAME" / "FAIL - NAME: why" per check, then "N passed, N
 * failed"; exit 1 on any failure. Needs root.
 */
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
#include "names.h"
#include "replay.h"
#include "stats.h"
#include "pktbuild.h"
#include "harness.h"
#include "table.h"

#define MIN_FRAME 14
#define TS_NS 1700000000000000000ULL
#define RUN_GAP_NS 2000000000ULL
#define NMT (__TS_MT_MAX * TS_MT_SLOTS)

#define T TS_C_TOTAL
#define E TS_C_ETH
#define EXP(...) ((const int[]){ __VA_ARGS__, -1 })
#define MT(f, s) ((f) * TS_MT_SLOTS + (s))
#define MTS(...) ((const int[]){ __VA_ARGS__, -1 })

struct row {
	const char *name;
	void (*build)(struct pb *p);
	const int *expect;		/* counters +1 each */
	const int *mt;			/* msg_types slots, +1 per listing; NULL: none */
	int (*check)(char *msg, size_t len);	/* table state after the run; 0 ok */
	uint32_t caplen;		/* 0: whole frame; else a snaplen cut */
};

struct delta {
	long long pk[__TS_C_MAX];
	long long by[__TS_C_MAX];
	long long mt[NMT];
};

static struct tunnelstat_bpf *skel;
static int prog_fd, ctr_fd, mt_fd, pppoe_fd, radius_fd;
static struct ts_stats last;
static struct ts_counter *mt_last, *mt_now;
static int ncpu;
static uint64_t runs;

/* ---- reporting ---------------------------------------------------------- */

/* ---- reading the maps --------------------------------------------------- */

/* msg_types summed over CPUs, in one batch lookup. */
static int read_mt(struct ts_counter *out)
{
	static __u32 *keys;
	static struct ts_counter *vals;
	__u32 count = NMT, out_batch = 0, i;
	int cpu, err;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	if (!keys) {
		keys = calloc(NMT, sizeof(*keys));
		vals = calloc((size_t)NMT * ncpu, sizeof(*vals));
		if (!keys || !vals)
			return -ENOMEM;
	}
	err = bpf_map_lookup_batch(mt_fd, NULL, &out_batch, keys, vals, &count, &opts);
	if (err && errno != ENOENT)
		return -errno;
	memset(out, 0, sizeof(*out) * NMT);
	for (i = 0; i < count; i++)
		for (cpu = 0; cpu < ncpu; cpu++) {
			out[keys[i]].packets += vals[(size_t)i * ncpu + cpu].packets;
			out[keys[i]].bytes += vals[(size_t)i * ncpu + cpu].bytes;
		}
	return 0;
}

static int read_delta(struct delta *d)
{
	struct ts_stats now;
	struct ts_counter *tmp;
	int err = ts_stats_read(ctr_fd, &now), i;

	if (!err)
		err = read_mt(mt_now);
	if (err)
		return err;
	for (i = 0; i < __TS_C_MAX; i++) {
		d->pk[i] = (long long)(now.c[i].packets - last.c[i].packets);
		d->by[i] = (long long)(now.c[i].bytes - last.c[i].bytes);
	}
	for (i = 0; i < NMT; i++)
		d->mt[i] = (long long)(mt_now[i].packets - mt_last[i].packets);
	last = now;
	tmp = mt_last;
	mt_last = mt_now;
	mt_now = tmp;
	return 0;
}

static void clear_map(int fd, size_t ksz)
{
	__u8 key[64];

	while (!bpf_map_get_next_key(fd, NULL, key))
		if (bpf_map_delete_elem(fd, key))
			break;
	(void)ksz;
}

static int count_entries(int fd)
{
	__u8 key[64], next[64];
	void *prev = NULL;
	int n = 0;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, sizeof(key));
		prev = key;
		n++;
	}
	return n;
}

/* ---- running frames ----------------------------------------------------- */

static int feed(const struct pb *p, uint32_t caplen, uint32_t wire, uint64_t ts)
{
	static struct ts_batch b;
	int err;

	ts_batch_init(&b, prog_fd);
	err = ts_batch_add(&b, p->d, caplen, wire, ts);
	if (!err)
		err = ts_batch_flush(&b);
	return err;
}

/* One frame alone, tables emptied first; the verdict's error and deltas. */
static int run_frame(const struct pb *p, uint32_t caplen, uint32_t wire, struct delta *d)
{
	int err, rerr;

	ts_map_clear(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session));
	clear_map(radius_fd, sizeof(struct ts_radius_key));
	err = feed(p, caplen, wire, TS_NS + runs++ * RUN_GAP_NS);
	rerr = read_delta(d);
	if (rerr) {
		fprintf(stderr, "reading the maps: %s\n", strerror(-rerr));
		return 1;
	}
	return err;
}

/* ---- header ends: what each builder records for the sweep --------------- */

struct need {
	int ctr;
	uint32_t len;	/* the counter may only move when the frame holds this much */
};

static struct need needs[48];
static int nneeds;

static void need(int ctr, uint32_t len)
{
	int i;

	for (i = 0; i < nneeds; i++)
		if (needs[i].ctr == ctr) {
			if (len < needs[i].len)
				needs[i].len = len;	/* the outermost header counts first */
			return;
		}
	if (nneeds < (int)(sizeof(needs) / sizeof(needs[0])))
		needs[nneeds++] = (struct need){ ctr, len };
}

/* The pktbuild marks as needs. */
static void needs_from_marks(const struct pb *p)
{
	static const struct { int kind, ctr; } map[] = {
		{ PB_K_ETH, TS_C_ETH }, { PB_K_VLAN, TS_C_VLAN }, { PB_K_LLC, TS_C_LLC },
		{ PB_K_IPV4, TS_C_IPV4 }, { PB_K_IPV6, TS_C_IPV6 }, { PB_K_TCP, TS_C_TCP },
		{ PB_K_TCP, TS_C_TCP_ACK }, { PB_K_TCP, TS_C_TCP_PSH }, { PB_K_UDP, TS_C_UDP },
		{ PB_K_ICMP, TS_C_ICMP }, { PB_K_ICMPV6, TS_C_ICMPV6 },
		{ PB_K_HOPOPTS, TS_C_IPV6_HOPOPTS },
	};
	size_t i;
	int m, quoted = 0;

	for (m = 0; m < p->nmarks; m++) {
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (map[i].kind == p->m[m].kind)
				need(map[i].ctr, p->m[m].start +
				     /* a TCP header quoted in an ICMP error counts from 8 bytes (RFC 792) */
				     (quoted && map[i].ctr == TS_C_TCP ? 8 : p->m[m].len));
		if (p->m[m].kind == PB_K_ICMP || p->m[m].kind == PB_K_ICMPV6)
			quoted = 1;
	}
}

/* ---- builders ----------------------------------------------------------- */

static const uint8_t MAC_H[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };
static const uint8_t MAC_AC[6] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
static const uint8_t MAC_BC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint32_t eth_from(struct pb *p, uint16_t type, const uint8_t *src, const uint8_t *dst)
{
	uint32_t at = pb_eth(p, type);

	memcpy(p->d + at, dst, 6);
	memcpy(p->d + at + 6, src, 6);
	return at;
}

static void put_ip4(struct pb *p, uint32_t at, const char *a)
{
	struct in_addr x;

	inet_pton(AF_INET, a, &x);
	memcpy(p->d + at, &x, 4);
}

/* ARP for IPv4 over Ethernet (RFC 826): 28 bytes. */
static uint32_t arp4(struct pb *p, uint16_t op, const char *spa, const char *tpa)
{
	uint32_t at = pb_zero(p, 28);

	pb_w16(p, at, 1);
	pb_w16(p, at + 2, 0x0800);
	pb_w8(p, at + 4, 6);
	pb_w8(p, at + 5, 4);
	pb_w16(p, at + 6, op);
	memcpy(p->d + at + 8, MAC_H, 6);
	put_ip4(p, at + 14, spa);
	put_ip4(p, at + 24, tpa);
	need(TS_C_ARP, at + 28);
	return at;
}

/* PPPoE header (RFC 2516 4); its length is set by pppoe_end(). */
static uint32_t pppoe_at;

static uint32_t pppoe(struct pb *p, uint8_t vt, uint8_t code, uint16_t sid, int session)
{
	uint32_t at = pb_zero(p, 6);

	pb_w8(p, at, vt);
	pb_w8(p, at + 1, code);
	pb_w16(p, at + 2, sid);
	need(session ? TS_C_PPPOE_SESSION : TS_C_PPPOE_DISCOVERY, at + 6);
	pppoe_at = at;
	return at;
}

/* Finish the frame: lengths, then the PPPoE length, then padding to 60. */
static void pppoe_end(struct pb *p)
{
	pb_done(p);
	pb_w16(p, pppoe_at + 4, (uint16_t)(p->len - pppoe_at - 6));
	pb_pad_to(p, 60);
}

static uint32_t tag(struct pb *p, uint16_t type, const void *v, uint16_t len)
{
	uint32_t at = pb_zero(p, 4 + len);

	pb_w16(p, at, type);
	pb_w16(p, at + 2, len);
	if (len)
		memcpy(p->d + at + 4, v, len);
	if (type == 0x0101)
		need(TS_C_PPPOE_SERVICE_NAME, at + 4);
	if (type == 0x0102)
		need(TS_C_PPPOE_AC_NAME, at + 4);
	if (type >= 0x0201 && type <= 0x0203)
		need(TS_C_PPPOE_ERROR_TAG, at + 4);
	return at;
}

/* A PPP control packet (RFC 1661 5): protocol, code, id, length, data. */
static uint32_t ppp_ctrl(struct pb *p, uint16_t proto, uint8_t code, const void *data,
			 uint16_t len)
{
	uint32_t at = pb_zero(p, 6 + len);

	pb_w16(p, at, proto);
	pb_w8(p, at + 2, code);
	pb_w8(p, at + 3, 1);
	pb_w16(p, at + 4, 4 + len);
	if (len)
		memcpy(p->d + at + 6, data, len);
	need(TS_C_PPP, at + 6);
	return at;
}

static uint32_t ppp_proto(struct pb *p, uint16_t proto)
{
	uint32_t at = pb_zero(p, 2);

	pb_w16(p, at, proto);
	need(TS_C_PPP, at + 2);
	return at;
}

/* A TLS record header and body (RFC 8446 5.1). */
static uint32_t tls_rec(struct pb *p, uint8_t ct, uint16_t ver, const void *body, uint16_t len)
{
	uint32_t at = pb_zero(p, 5 + len);

	pb_w8(p, at, ct);
	pb_w16(p, at + 1, ver);
	pb_w16(p, at + 3, len);
	if (body)
		memcpy(p->d + at + 5, body, len);
	else
		memset(p->d + at + 5, 0x5a, len);
	need(TS_C_TLS, at + 5);
	return at;
}

/* A handshake message header into buf: type, 24-bit length. */
static uint32_t hs(uint8_t *buf, uint8_t type, uint32_t len)
{
	buf[0] = type;
	buf[1] = (uint8_t)(len >> 16);
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	memset(buf + 4, 0x33, len);
	return 4 + len;
}

static void tcp_to(struct pb *p, uint16_t dport)
{
	PB_TCP(p, .sport = 51000, .dport = dport, .flags = PB_TCP_PSH | PB_TCP_ACK);
}

static uint32_t radius(struct pb *p, uint8_t code, uint8_t id, uint16_t len, uint16_t real)
{
	uint32_t at = pb_zero(p, real);

	pb_w8(p, at, code);
	pb_w8(p, at + 1, id);
	pb_w16(p, at + 2, len);
	memset(p->d + at + 4, id, real > 4 ? (real < 20 ? real - 4 : 16) : 0);
	need(TS_C_RADIUS, at + 20);
	return at;
}

static uint32_t gre(struct pb *p, uint16_t flags, uint16_t proto)
{
	uint32_t n = 4 + (flags & 0x2000 ? 4 : 0) + (flags & 0x1000 ? 4 : 0);
	uint32_t at = pb_zero(p, n), o = at + 4;

	pb_w16(p, at, flags);
	pb_w16(p, at + 2, proto);
	if (flags & 0x2000) {
		pb_w32(p, o, 77);
		o += 4;
	}
	if (flags & 0x1000)
		pb_w32(p, o, 1);
	need(TS_C_GRE, at + n);
	need(TS_C_GRE_V0, at + n);
	need(TS_C_GRE_ERSPAN, at + n);
	need(TS_C_GRE_TEB, at + n);
	return at;
}

/* ---- rows: ARP -------------------------------------------------------------- */

static void b_arp_req(struct pb *p)
{
	eth_from(p, 0x0806, MAC_H, MAC_BC);
	arp4(p, 1, "192.0.2.1", "192.0.2.2");
	pb_done(p);
	pb_pad_to(p, 60);
}

static void b_arp_rep(struct pb *p)
{
	eth_from(p, 0x0806, MAC_AC, MAC_H);
	arp4(p, 2, "192.0.2.2", "192.0.2.1");
	pb_pad_to(p, 60);
}

static void b_arp_grat_req(struct pb *p)
{
	eth_from(p, 0x0806, MAC_H, MAC_BC);
	arp4(p, 1, "192.0.2.5", "192.0.2.5");
	pb_pad_to(p, 60);
}

static void b_arp_grat_rep(struct pb *p)
{
	eth_from(p, 0x0806, MAC_H, MAC_BC);
	arp4(p, 2, "192.0.2.6", "192.0.2.6");
	pb_pad_to(p, 60);
}

static void b_arp_probe(struct pb *p)
{
	eth_from(p, 0x0806, MAC_H, MAC_BC);
	arp4(p, 1, "0.0.0.0", "192.0.2.7");
	pb_pad_to(p, 60);
}

static void b_rarp(struct pb *p)
{
	eth_from(p, 0x8035, MAC_H, MAC_BC);
	arp4(p, 3, "0.0.0.0", "0.0.0.0");
	pb_pad_to(p, 60);
}

static void b_inarp(struct pb *p)
{
	eth_from(p, 0x0806, MAC_H, MAC_AC);
	arp4(p, 8, "192.0.2.1", "0.0.0.0");
	pb_pad_to(p, 60);
}

static void b_arp_op_big(struct pb *p)
{
	eth_from(p, 0x0806, MAC_H, MAC_AC);
	arp4(p, 0x0101, "192.0.2.1", "192.0.2.2");
	pb_pad_to(p, 60);
}

/* ARP with IPv6 protocol addresses: hardware 1, protocol 0x86DD, 6, 16. */
static void b_arp_v6(struct pb *p)
{
	uint32_t at;

	eth_from(p, 0x0806, MAC_H, MAC_BC);
	at = pb_zero(p, 8 + 6 + 16 + 6 + 16);
	pb_w16(p, at, 1);
	pb_w16(p, at + 2, 0x86DD);
	pb_w8(p, at + 4, 6);
	pb_w8(p, at + 5, 16);
	pb_w16(p, at + 6, 1);
	need(TS_C_ARP, at + 8);
}

static void b_arp_vlan(struct pb *p)
{
	eth_from(p, PB_ETH_8021Q, MAC_H, MAC_BC);
	pb_vlan(p, 20, 0x0806);
	arp4(p, 1, "192.0.2.1", "192.0.2.9");
	pb_pad_to(p, 60);
}

static void b_arp_gre(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0, 0x0806);
	arp4(p, 1, "10.9.3.1", "10.9.3.2");
	pb_done(p);
}

/* ---- rows: 802.3 LLC / SNAP -------------------------------------------------- */

static void snap_hdr(struct pb *p, uint8_t o0, uint8_t o1, uint8_t o2, uint16_t pid)
{
	uint32_t at;

	pb_llc(p, 0xAA, 0xAA, 0x03);
	at = pb_zero(p, 5);
	pb_w8(p, at, o0);
	pb_w8(p, at + 1, o1);
	pb_w8(p, at + 2, o2);
	pb_w16(p, at + 3, pid);
	need(TS_C_SNAP, at + 5);
}

static void b_snap_ip(struct pb *p)
{
	pb_eth_8023(p);
	snap_hdr(p, 0, 0, 0, 0x0800);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00070001);
	pb_data(p, 8);
	pb_done(p);
}

static void b_snap_cisco(struct pb *p)
{
	pb_eth_8023(p);
	snap_hdr(p, 0x00, 0x00, 0x0C, 0x2000);
	pb_data(p, 30);
	pb_done(p);
}

static void b_snap_bridge_tunnel(struct pb *p)
{
	pb_eth_8023(p);
	snap_hdr(p, 0x00, 0x00, 0xF8, 0x0806);
	arp4(p, 1, "192.0.2.1", "192.0.2.2");
	pb_done(p);
}

static void b_snap_vlan(struct pb *p)
{
	uint32_t tagat;

	pb_eth(p, PB_ETH_8021Q);
	tagat = pb_vlan(p, 30, 0);
	snap_hdr(p, 0, 0, 0, 0x0800);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00070002);
	pb_done(p);
	pb_w16(p, tagat + 2, (uint16_t)(p->len - tagat - 4));	/* 802.3 length after the tag */
}

static void b_raw_ipx(struct pb *p)
{
	uint32_t at;

	pb_eth_8023(p);
	at = pb_zero(p, 30);
	pb_w16(p, at, 0xFFFF);		/* IPX checksum: raw 802.3 */
	pb_w16(p, at + 2, 30);
	pb_done(p);
}

/* ---- rows: PPPoE ------------------------------------------------------------- */

static const uint8_t UNIQ[4] = { 0, 0, 0, 1 };

static void b_padi(struct pb *p)
{
	eth_from(p, 0x8863, MAC_H, MAC_BC);
	pppoe(p, 0x11, 0x09, 0, 0);
	tag(p, 0x0101, NULL, 0);
	tag(p, 0x0103, UNIQ, 4);
	tag(p, 0x0000, NULL, 0);
	pppoe_end(p);
}

static void b_pado(struct pb *p)
{
	eth_from(p, 0x8863, MAC_AC, MAC_H);
	pppoe(p, 0x11, 0x07, 0, 0);
	tag(p, 0x0102, "ac1", 3);
	tag(p, 0x0101, NULL, 0);
	tag(p, 0x0104, "cookie12", 8);
	pppoe_end(p);
}

static void b_padr(struct pb *p)
{
	eth_from(p, 0x8863, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0x19, 0, 0);
	tag(p, 0x0101, NULL, 0);
	pppoe_end(p);
}

static void b_pads(struct pb *p)
{
	eth_from(p, 0x8863, MAC_AC, MAC_H);
	pppoe(p, 0x11, 0x65, 0x1234, 0);
	tag(p, 0x0101, NULL, 0);
	pppoe_end(p);
}

static void b_pads_reject(struct pb *p)
{
	eth_from(p, 0x8863, MAC_AC, MAC_H);
	pppoe(p, 0x11, 0x65, 0, 0);
	tag(p, 0x0201, "no service", 10);
	pppoe_end(p);
}

static void b_padt(struct pb *p)
{
	eth_from(p, 0x8863, MAC_AC, MAC_H);
	pppoe(p, 0x11, 0xA7, 0x1234, 0);
	pppoe_end(p);
}

static void b_padi_bare(struct pb *p)
{
	eth_from(p, 0x8863, MAC_H, MAC_BC);
	pppoe(p, 0x11, 0x09, 0, 0);
	pppoe_end(p);
}

static void b_pado_unknown_tag(struct pb *p)
{
	eth_from(p, 0x8863, MAC_AC, MAC_H);
	pppoe(p, 0x11, 0x07, 0, 0);
	tag(p, 0x0500, "xy", 2);
	pppoe_end(p);
}

static void b_sess_tcp(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_proto(p, 0x0021);
	PB_IPV4(p, .proto = PB_IP_TCP);
	tcp_to(p, 80);
	pb_data(p, 10);
	need(TS_C_TCP_INNER, p->m[p->nmarks - 1].start + 20);
	pppoe_end(p);
}

static void b_sess_icmp6(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_proto(p, 0x0057);
	PB_IPV6(p, .next = PB_IP_ICMPV6);
	pb_icmp6(p, 128, 0, 0x00010001);
	pppoe_end(p);
}

static void b_sess_lcp_echo(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_ctrl(p, 0xC021, 9, "\x11\x22\x33\x44", 4);
	pppoe_end(p);
}

/* IPCP Configure-Ack listing a DNS option before IP-Address (RFC 1332, 1877). */
static const uint8_t IPCP_ACK_OPTS[] = { 129, 6, 192, 0, 2, 53, 3, 6, 100, 64, 9, 9 };

static void b_sess_ipcp_ack(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_ctrl(p, 0x8021, 2, IPCP_ACK_OPTS, sizeof(IPCP_ACK_OPTS));
	pppoe_end(p);
}

static void b_sess_pap_ack(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_ctrl(p, 0xC023, 2, "\x00", 1);
	pppoe_end(p);
}

static void b_sess_chap_fail(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_ctrl(p, 0xC223, 4, "no", 2);
	pppoe_end(p);
}

static void b_sess_vlan(struct pb *p)
{
	eth_from(p, PB_ETH_8021Q, MAC_H, MAC_AC);
	pb_vlan(p, 40, 0x8864);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_proto(p, 0x0021);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 5000, 9, 0);
	pppoe_end(p);
}

static uint32_t client_hello(uint8_t *b)
{
	uint32_t n = hs(b, 1, 70);

	b[4] = 3;		/* client_version 3.3 */
	b[5] = 3;
	return n;
}

static void b_sess_tls(struct pb *p)
{
	uint8_t b[128];
	uint32_t n = client_hello(b);

	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_proto(p, 0x0021);
	PB_IPV4(p, .proto = PB_IP_TCP);
	tcp_to(p, 443);
	need(TS_C_TCP_INNER, p->m[p->nmarks - 1].start + 20);
	tls_rec(p, 22, 0x0301, b, (uint16_t)n);
	pppoe_end(p);
}

/* UDP in PPPoE padded with bytes that are not zero: the length bounds the PPP frame. */
static void b_sess_padded(struct pb *p)
{
	uint32_t at;

	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_proto(p, 0x0021);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 5000, 9, 0);
	pppoe_end(p);
	at = pb_zero(p, 20);
	memset(p->d + at, 0xEE, 20);
}

/* PPPoE bridged over GRE (TEB): the session is keyed by the inner MACs. */
static void b_teb_pppoe(struct pb *p)
{
	uint32_t at;

	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0, 0x6558);
	at = pb_zero(p, 14);
	memcpy(p->d + at, MAC_AC, 6);
	memcpy(p->d + at + 6, MAC_H, 6);
	pb_w16(p, at + 12, 0x8864);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_ctrl(p, 0xC021, 9, "\x11\x22\x33\x44", 4);
	pb_done(p);
	pb_w16(p, pppoe_at + 4, (uint16_t)(p->len - pppoe_at - 6));
}

/* ---- rows: ICMP, IGMP, OSPF ---------------------------------------------------- */

static void b_icmp_echo(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00090001);
	pb_data(p, 4);
	pb_done(p);
}

static void b_icmp_ttl_echo(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 11, 0, 0);
	PB_IPV4(p, .proto = PB_IP_ICMP, .ttl = 1);
	pb_icmp(p, 8, 0, 0x00090002);
	pb_done(p);
}

static void b_icmp6_ns(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ICMPV6, .hlim = 255);
	pb_icmp6(p, 135, 0, 0);
	pb_data(p, 16);
	pb_done(p);
}

static void b_icmp6_ptb_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ICMPV6);
	pb_icmp6(p, 2, 0, 1280);
	PB_IPV6(p, .next = PB_IP_TCP);
	PB_TCP(p, .sport = 40000, .dport = 80, .flags = PB_TCP_ACK);
	pb_done(p);
}

static uint32_t igmp(struct pb *p, uint8_t type, uint32_t extra)
{
	uint32_t at = pb_zero(p, 8 + extra);

	pb_w8(p, at, type);
	pb_w32(p, at + 4, 0xEF010101);		/* 239.1.1.1 */
	need(TS_C_IGMP, at + 8);
	return at;
}

static void b_igmp_query(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 2, .ihl = 6, .ttl = 1);
	igmp(p, 0x11, 0);
	pb_done(p);
}

static void b_igmp_v3_report(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 2, .ttl = 1);
	igmp(p, 0x22, 8);
	pb_done(p);
}

static uint32_t ospf(struct pb *p, uint8_t ver, uint8_t type, uint16_t len, uint32_t real)
{
	uint32_t at = pb_zero(p, real);

	pb_w8(p, at, ver);
	pb_w8(p, at + 1, type);
	pb_w16(p, at + 2, len);
	pb_w32(p, at + 4, 0x0a000001);
	need(TS_C_OSPF, at + (ver == 3 ? 16 : 24));
	return at;
}

static void b_ospf_hello(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 89, .ttl = 1);
	ospf(p, 2, 1, 44, 44);
	pb_done(p);
}

static void b_ospf_lsu(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 89, .ttl = 1);
	ospf(p, 2, 4, 48, 48);
	pb_done(p);
}

static void b_ospf3_hello(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = 89, .hlim = 1);
	ospf(p, 3, 1, 36, 36);
	pb_done(p);
}

/* ---- rows: RADIUS --------------------------------------------------------------- */

static void b_rad(struct pb *p, int v6, uint16_t sport, uint16_t dport, uint8_t code)
{
	pb_eth(p, v6 ? PB_ETH_IPV6 : PB_ETH_IPV4);
	if (v6)
		PB_IPV6(p, .next = PB_IP_UDP);
	else
		PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, sport, dport, 0);
	radius(p, code, 7, 26, 26);
	pb_w8(p, p->len - 6, 1);		/* User-Name "user" */
	pb_w8(p, p->len - 5, 6);
	memcpy(p->d + p->len - 4, "user", 4);
	pb_done(p);
}

static void b_rad_access_req(struct pb *p) { b_rad(p, 0, 40001, 1812, 1); }
static void b_rad_access_acc(struct pb *p) { b_rad(p, 0, 1812, 40001, 2); }
static void b_rad_acct_req(struct pb *p) { b_rad(p, 0, 40002, 1813, 4); }
static void b_rad_coa(struct pb *p) { b_rad(p, 0, 50000, 3799, 43); }
static void b_rad_old_port(struct pb *p) { b_rad(p, 0, 40003, 1645, 1); }
static void b_rad_acct_resp_old(struct pb *p) { b_rad(p, 0, 1646, 40003, 5); }
static void b_rad_v6(struct pb *p) { b_rad(p, 1, 40004, 1812, 1); }
static void b_rad_status(struct pb *p) { b_rad(p, 0, 40005, 1812, 12); }
static void b_rad_disconnect(struct pb *p) { b_rad(p, 0, 50001, 1700, 40); }

/* ---- rows: TLS ------------------------------------------------------------------- */

static void tls_frame(struct pb *p, uint16_t dport)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP);
	tcp_to(p, dport);
}

static void b_tls_ch(struct pb *p)
{
	uint8_t b[128];

	tls_frame(p, 443);
	tls_rec(p, 22, 0x0301, b, (uint16_t)client_hello(b));
	pb_done(p);
}

static void b_tls_server_flight(struct pb *p)
{
	uint8_t b[256];
	uint32_t n = 0;

	n += hs(b + n, 2, 38);		/* ServerHello */
	n += hs(b + n, 11, 3);		/* Certificate, empty list */
	b[n - 3] = b[n - 2] = b[n - 1] = 0;
	n += hs(b + n, 14, 0);		/* ServerHelloDone */
	tls_frame(p, 443);
	tls_rec(p, 22, 0x0303, b, (uint16_t)n);
	pb_done(p);
}

static void b_tls_ccs_fin(struct pb *p)
{
	uint8_t fin[40] = { 0 };

	memset(fin + 8, 0x77, 32);	/* AEAD explicit nonce 0, then ciphertext */
	tls_frame(p, 443);
	tls_rec(p, 20, 0x0303, "\x01", 1);
	tls_rec(p, 22, 0x0303, fin, sizeof(fin));
	pb_done(p);
}

static void b_tls_appdata2(struct pb *p)
{
	tls_frame(p, 443);
	tls_rec(p, 23, 0x0303, NULL, 100);
	tls_rec(p, 23, 0x0303, NULL, 20);
	pb_done(p);
}

static void b_tls_alert(struct pb *p)
{
	tls_frame(p, 443);
	tls_rec(p, 21, 0x0303, "\x01\x00", 2);
	pb_done(p);
}

static void b_tls_heartbeat(struct pb *p)
{
	tls_frame(p, 443);
	tls_rec(p, 24, 0x0303, NULL, 35);
	pb_done(p);
}

static void b_tls13_flight(struct pb *p)
{
	uint8_t b[128];
	uint32_t n = hs(b, 2, 80);

	tls_frame(p, 443);
	tls_rec(p, 22, 0x0303, b, (uint16_t)n);
	tls_rec(p, 20, 0x0303, "\x01", 1);
	tls_rec(p, 23, 0x0303, NULL, 60);
	pb_done(p);
}

static void b_tls_continued(struct pb *p)
{
	uint32_t at;

	tls_frame(p, 443);
	at = tls_rec(p, 23, 0x0303, NULL, 200);
	pb_w16(p, at + 3, 1800);	/* the record runs on past this segment */
	pb_done(p);
}

static void b_tls_8443(struct pb *p)
{
	uint8_t b[128];

	tls_frame(p, 8443);
	tls_rec(p, 22, 0x0301, b, (uint16_t)client_hello(b));
	pb_done(p);
}

static void b_http_443(struct pb *p)
{
	uint32_t at;

	tls_frame(p, 443);
	at = pb_zero(p, 18);
	memcpy(p->d + at, "GET / HTTP/1.1\r\n\r\n", 18);
	pb_done(p);
}

static void b_ssl3(struct pb *p)
{
	uint8_t b[128];

	tls_frame(p, 443);
	tls_rec(p, 22, 0x0300, b, (uint16_t)client_hello(b));
	pb_done(p);
}

static void b_tls_encrypted_hs(struct pb *p)
{
	uint8_t b[48];

	memset(b, 0x9C, sizeof(b));	/* 0x9C: no handshake type */
	tls_frame(p, 443);
	tls_rec(p, 22, 0x0303, b, sizeof(b));
	pb_done(p);
}

static void b_tls_hs_fragment(struct pb *p)
{
	uint8_t b[64];

	hs(b, 1, 40);
	b[3] = 200;			/* says 200 bytes, 40 follow: a fragment */
	tls_frame(p, 443);
	tls_rec(p, 22, 0x0303, b, 44);
	pb_done(p);
}

static void b_tls_16_records(struct pb *p)
{
	int i;

	tls_frame(p, 443);
	for (i = 0; i < 16; i++)
		tls_rec(p, 20, 0x0303, "\x01", 1);
	pb_done(p);
}

/* ---- rows: GRE v0 payloads ---------------------------------------------------------- */

static void b_gre_ipv4(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0x3000, 0x0800);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00010001);
	pb_done(p);
}

static void b_gre_ipv6(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0, 0x86DD);
	PB_IPV6(p, .next = PB_IP_ICMPV6);
	pb_icmp6(p, 128, 0, 0x00020001);
	pb_done(p);
}

static void inner_eth_icmp(struct pb *p)
{
	uint32_t at = pb_zero(p, 14);

	memcpy(p->d + at, MAC_BC, 6);
	memcpy(p->d + at + 6, MAC_H, 6);
	pb_w16(p, at + 12, 0x0800);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00030001);
}

static void b_gre_teb(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0x2000, 0x6558);
	inner_eth_icmp(p);
	pb_done(p);
}

static void b_erspan1(struct pb *p)
{
	uint32_t at;

	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0, 0x88BE);
	at = pb_zero(p, 14);
	memcpy(p->d + at, MAC_BC, 6);
	memcpy(p->d + at + 6, MAC_H, 6);
	pb_w16(p, at + 12, 0x0806);
	arp4(p, 1, "10.9.2.1", "10.9.2.2");
	pb_done(p);
}

static void b_erspan2(struct pb *p)
{
	uint32_t at;

	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0x1000, 0x88BE);
	at = pb_zero(p, 8);
	pb_w16(p, at, 0x1000 | 10);	/* version 1, VLAN 10 */
	pb_w16(p, at + 2, 5);		/* session 5 */
	inner_eth_icmp(p);
	pb_done(p);
}

static void b_erspan3(struct pb *p)
{
	uint32_t at;

	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0x1000, 0x22EB);
	at = pb_zero(p, 12 + 8);
	pb_w16(p, at, 0x2000 | 10);	/* version 2 */
	pb_w16(p, at + 2, 6);
	pb_w16(p, at + 10, 0x0001);	/* FT 0 (Ethernet), O: platform subheader */
	pb_w32(p, at + 12, 0x0C000000);
	inner_eth_icmp(p);
	pb_done(p);
}

static void b_erspan3_ip(struct pb *p)
{
	uint32_t at;

	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0x1000, 0x22EB);
	at = pb_zero(p, 12);
	pb_w16(p, at, 0x2000);
	pb_w16(p, at + 10, 2 << 10);	/* FT 2: an IP packet, not parsed on */
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0);
	pb_done(p);
}

/* ---- rows: malformed -------------------------------------------------------------- */

static void b_arp_trunc20(struct pb *p)
{
	eth_from(p, 0x0806, MAC_H, MAC_BC);
	arp4(p, 1, "192.0.2.1", "192.0.2.2");
	pb_cut(p, 14 + 20);
}

static void b_arp_trunc6(struct pb *p)
{
	b_arp_trunc20(p);
	pb_cut(p, 14 + 6);
}

static void b_llc_len2(struct pb *p)
{
	pb_eth(p, 2);
	pb_llc(p, 0x42, 0x42, 0x03);
	pb_pad_to(p, 60);
}

static void b_snap_len6(struct pb *p)
{
	pb_eth(p, 6);
	snap_hdr(p, 0, 0, 0, 0x0800);
	pb_pad_to(p, 60);
}

static void b_pppoe_trunc(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	pb_cut(p, 14 + 4);
}

static void b_pppoe_ver2(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x21, 0, 0x1234, 1);
	ppp_ctrl(p, 0xC021, 9, "\x11\x22\x33\x44", 4);
	pppoe_end(p);
}

static void b_pppoe_type2(struct pb *p)
{
	eth_from(p, 0x8863, MAC_H, MAC_BC);
	pppoe(p, 0x12, 0x09, 0, 0);
	pppoe_end(p);
}

static void b_pppoe_sess_code(struct pb *p)
{
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0x09, 0x1234, 1);
	ppp_ctrl(p, 0xC021, 9, "\x11\x22\x33\x44", 4);
	pppoe_end(p);
}

static void b_pppoe_len_beyond(struct pb *p)
{
	b_sess_lcp_echo(p);
	pb_w16(p, pppoe_at + 4, 200);
}

static void b_pppoe_tag_len(struct pb *p)
{
	uint32_t at;

	eth_from(p, 0x8863, MAC_H, MAC_BC);
	pppoe(p, 0x11, 0x09, 0, 0);
	tag(p, 0x0101, NULL, 0);
	at = tag(p, 0x0103, UNIQ, 4);
	pppoe_end(p);
	pb_w16(p, at + 2, 100);		/* past the payload */
}

static void b_pppoe_tag_split(struct pb *p)
{
	uint32_t at;

	eth_from(p, 0x8863, MAC_H, MAC_BC);
	pppoe(p, 0x11, 0x09, 0, 0);
	tag(p, 0x0101, NULL, 0);
	at = pb_zero(p, 2);
	pb_w16(p, at, 0x0103);		/* half a tag header */
	pppoe_end(p);
}

static void b_pppoe_tag_limit(struct pb *p)
{
	int i;

	eth_from(p, 0x8863, MAC_H, MAC_BC);
	pppoe(p, 0x11, 0x09, 0, 0);
	for (i = 0; i < TS_MAX_PPPOE_TAGS + 1; i++)
		tag(p, 0x0101, NULL, 0);
	pppoe_end(p);
}

static void b_ppp_opt_limit(struct pb *p)
{
	uint8_t o[6 * (TS_MAX_PPP_OPTS + 1) + 6];
	int i;

	for (i = 0; i < TS_MAX_PPP_OPTS + 1; i++)
		memcpy(o + 6 * i, "\x81\x06\xc0\x00\x02\x35", 6);	/* DNS */
	memcpy(o + 6 * i, "\x03\x06\x64\x40\x09\x09", 6);
	eth_from(p, 0x8864, MAC_H, MAC_AC);
	pppoe(p, 0x11, 0, 0x1234, 1);
	ppp_ctrl(p, 0x8021, 2, o, sizeof(o));
	pppoe_end(p);
}

static void b_igmp_short(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 2);
	pb_zero(p, 6);
	pb_done(p);
	pb_pad_to(p, 60);
}

static void b_ospf_short(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 89);
	pb_zero(p, 12);
	pb_done(p);
}

static void b_ospf_v1(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 89);
	ospf(p, 1, 1, 44, 44);
	pb_done(p);
}

static void b_ospf_type6(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 89);
	ospf(p, 2, 6, 44, 44);
	pb_done(p);
}

static void b_ospf_len20(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 89);
	ospf(p, 2, 1, 20, 44);
	pb_done(p);
}

static void b_ospf_len_beyond(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 89);
	ospf(p, 2, 1, 200, 44);
	pb_done(p);
}

static void b_rad_short(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 40001, 1812, 0);
	radius(p, 1, 1, 12, 12);
	pb_done(p);
}

static void b_rad_code99(struct pb *p)
{
	b_rad(p, 0, 40001, 1812, 99);
}

static void b_rad_len19(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 40001, 1812, 0);
	radius(p, 1, 1, 19, 26);
	pb_done(p);
}

static void b_rad_len4097(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 40001, 1812, 0);
	radius(p, 1, 1, 4097, 26);
	pb_done(p);
}

static void b_rad_len_beyond(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 40001, 1812, 0);
	radius(p, 1, 1, 40, 26);
	pb_done(p);
}

static void b_tls_bad_second(struct pb *p)
{
	uint32_t at;

	tls_frame(p, 443);
	tls_rec(p, 23, 0x0303, NULL, 30);
	at = pb_zero(p, 8);
	memcpy(p->d + at, "\x30\x03\x03\x00\x01xyz", 8);	/* content type 48 */
	pb_done(p);
}

static void b_tls_17_records(struct pb *p)
{
	tls_frame(p, 443);
	{
		int i;

		for (i = 0; i < TS_MAX_TLS_RECORDS + 1; i++)
			tls_rec(p, 20, 0x0303, "\x01", 1);
	}
	pb_done(p);
}

static void b_tls_hs_limit(struct pb *p)
{
	uint8_t b[64];
	uint32_t n = 0;
	int i;

	for (i = 0; i < TS_MAX_TLS_HS_MSGS + 1; i++)
		n += hs(b + n, 20, 1);	/* Finished, 1 byte each */
	tls_frame(p, 443);
	tls_rec(p, 22, 0x0303, b, (uint16_t)n);
	pb_done(p);
}

static void b_erspan2_cut(struct pb *p)
{
	uint32_t at;

	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0x1000, 0x88BE);
	at = pb_zero(p, 4);
	pb_w16(p, at, 0x1000);
	pb_done(p);
}

static void b_erspan_ver3(struct pb *p)
{
	uint32_t at;

	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = 47);
	gre(p, 0x1000, 0x88BE);
	at = pb_zero(p, 8);
	pb_w16(p, at, 0x3000);
	inner_eth_icmp(p);
	pb_done(p);
}

/* ---- table checks ------------------------------------------------------------------ */

static int pppoe_get(const uint8_t *host, const uint8_t *ac, uint16_t sid,
		     struct ts_pppoe_session *v)
{
	struct ts_pppoe_key k = {};

	memcpy(k.host, host, 6);
	if (ac)
		memcpy(k.ac, ac, 6);
	k.session_id = htons(sid);
	return ts_map_get(pppoe_fd, &k, sizeof(k), v, sizeof(*v));
}

static int expect_state(const uint8_t *host, const uint8_t *ac, uint16_t sid, int state,
			char *msg, size_t len)
{
	struct ts_pppoe_session v;

	if (pppoe_get(host, ac, sid, &v)) {
		add_msg(msg, len, "no pppoe_sessions entry for session 0x%04x", sid);
		return 1;
	}
	if (v.state != state) {
		add_msg(msg, len, "state %u, expected %d", v.state, state);
		return 1;
	}
	return 0;
}

static int chk_padi(char *m, size_t l) { return expect_state(MAC_H, NULL, 0, TS_PPPOE_ST_INITIATED, m, l); }
static int chk_pado(char *m, size_t l) { return expect_state(MAC_H, MAC_AC, 0, TS_PPPOE_ST_OFFERED, m, l); }
static int chk_padr(char *m, size_t l) { return expect_state(MAC_H, MAC_AC, 0, TS_PPPOE_ST_REQUESTED, m, l); }
static int chk_pads(char *m, size_t l) { return expect_state(MAC_H, MAC_AC, 0x1234, TS_PPPOE_ST_CONFIRMED, m, l); }
static int chk_reject(char *m, size_t l) { return expect_state(MAC_H, MAC_AC, 0, TS_PPPOE_ST_REJECTED, m, l); }

/* A PADT for a session never seen: an entry with the sender taken as host. */
static int chk_padt(char *m, size_t l)
{
	struct ts_pppoe_session v;

	if (expect_state(MAC_AC, MAC_H, 0x1234, TS_PPPOE_ST_TERMINATED, m, l))
		return 1;
	pppoe_get(MAC_AC, MAC_H, 0x1234, &v);
	if (!(v.flags & TS_PPPOE_F_NO_DISCOVERY)) {
		add_msg(m, l, "flags 0x%x without NO_DISCOVERY", v.flags);
		return 1;
	}
	return 0;
}

static int chk_sess_active(char *m, size_t l)
{
	struct ts_pppoe_session v;

	if (expect_state(MAC_H, MAC_AC, 0x1234, TS_PPPOE_ST_ACTIVE, m, l))
		return 1;
	pppoe_get(MAC_H, MAC_AC, 0x1234, &v);
	if (v.packets[0] != 1 || v.packets[1] != 0 || !v.bytes[0]) {
		add_msg(m, l, "packets %llu/%llu bytes %llu", (unsigned long long)v.packets[0],
			(unsigned long long)v.packets[1], (unsigned long long)v.bytes[0]);
		return 1;
	}
	return 0;
}

static int chk_lcp_count(char *m, size_t l)
{
	struct ts_pppoe_session v;

	if (pppoe_get(MAC_H, MAC_AC, 0x1234, &v) || v.ppp_ctrl[TS_PPP_LCP] != 1) {
		add_msg(m, l, "lcp control count not 1");
		return 1;
	}
	return 0;
}

/* Alone, the sender is taken as the host: its Ack names the AC's address. */
static int chk_ipcp(char *m, size_t l)
{
	struct ts_pppoe_session v;
	char a[INET_ADDRSTRLEN];

	if (pppoe_get(MAC_H, MAC_AC, 0x1234, &v)) {
		add_msg(m, l, "no entry");
		return 1;
	}
	inet_ntop(AF_INET, &v.ac_ip, a, sizeof(a));
	if (strcmp(a, "100.64.9.9") || v.host_ip || v.ppp_ctrl[TS_PPP_IPCP] != 1) {
		add_msg(m, l, "ac_ip %s host_ip 0x%x ipcp %u", a, v.host_ip,
			v.ppp_ctrl[TS_PPP_IPCP]);
		return 1;
	}
	return 0;
}

static int chk_pap(char *m, size_t l)
{
	struct ts_pppoe_session v;

	if (pppoe_get(MAC_H, MAC_AC, 0x1234, &v) || v.auth_proto != TS_AUTH_PAP ||
	    v.auth_result != TS_AUTH_SUCCESS || !v.auth_ns) {
		add_msg(m, l, "auth %u result %u", v.auth_proto, v.auth_result);
		return 1;
	}
	return 0;
}

static int chk_chap(char *m, size_t l)
{
	struct ts_pppoe_session v;

	if (pppoe_get(MAC_H, MAC_AC, 0x1234, &v) || v.auth_proto != TS_AUTH_CHAP ||
	    v.auth_result != TS_AUTH_FAILURE) {
		add_msg(m, l, "auth %u result %u", v.auth_proto, v.auth_result);
		return 1;
	}
	return 0;
}

static int chk_rad_pending(char *m, size_t l)
{
	int n = count_entries(radius_fd);

	if (n != 1) {
		add_msg(m, l, "%d radius_pending entries, expected 1", n);
		return 1;
	}
	return 0;
}

static int chk_rad_none(char *m, size_t l)
{
	int n = count_entries(radius_fd);

	if (n) {
		add_msg(m, l, "%d radius_pending entries, expected 0", n);
		return 1;
	}
	return 0;
}

/* ---- the rows -------------------------------------------------------------------- */

#define TAG(t) MT(TS_MT_PPPOE_TAG, TS_PPPOE_TAG_SLOT(t))
#define IP4 TS_C_IPV4
#define TCPH TS_C_TCP, TS_C_TCP_PSH, TS_C_TCP_ACK
#define GRE0 IP4, TS_C_GRE, TS_C_GRE_V0

static const struct row rows[] = {
	/* ARP */
	{ "arp: request", b_arp_req, EXP(T, E, TS_C_ARP, TS_C_ARP_REQUEST),
	  MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	{ "arp: reply", b_arp_rep, EXP(T, E, TS_C_ARP, TS_C_ARP_REPLY),
	  MTS(MT(TS_MT_ARP_OP, 2)), NULL, 0 },
	{ "arp: gratuitous request (RFC 5227 announcement)", b_arp_grat_req,
	  EXP(T, E, TS_C_ARP, TS_C_ARP_GRATUITOUS), MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	{ "arp: gratuitous reply", b_arp_grat_rep, EXP(T, E, TS_C_ARP, TS_C_ARP_GRATUITOUS),
	  MTS(MT(TS_MT_ARP_OP, 2)), NULL, 0 },
	{ "arp: probe from 0.0.0.0 (RFC 5227 2.1.1)", b_arp_probe,
	  EXP(T, E, TS_C_ARP, TS_C_ARP_REQUEST, TS_C_ARP_PROBE), MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	{ "rarp: request (0x8035, opcode 3, RFC 903)", b_rarp, EXP(T, E, TS_C_ARP, TS_C_ARP_OTHER),
	  MTS(MT(TS_MT_ARP_OP, 3)), NULL, 0 },
	{ "arp: InARP request (opcode 8)", b_inarp, EXP(T, E, TS_C_ARP, TS_C_ARP_OTHER),
	  MTS(MT(TS_MT_ARP_OP, 8)), NULL, 0 },
	{ "arp: opcode 257 counts in slot 0", b_arp_op_big, EXP(T, E, TS_C_ARP, TS_C_ARP_OTHER),
	  MTS(MT(TS_MT_ARP_OP, 0)), NULL, 0 },
	{ "arp: IPv6 addresses, not IPv4 over Ethernet", b_arp_v6,
	  EXP(T, E, TS_C_ARP, TS_C_ARP_NON_IPV4, TS_C_ARP_REQUEST), MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	{ "arp: in 802.1Q", b_arp_vlan, EXP(T, E, TS_C_VLAN, TS_C_ARP, TS_C_ARP_REQUEST),
	  MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	{ "arp: in GRE (protocol 0x0806)", b_arp_gre,
	  EXP(T, E, GRE0, TS_C_ARP, TS_C_ARP_REQUEST), MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	/* 802.3 */
	{ "snap: RFC 1042 IPv4, ICMP echo", b_snap_ip,
	  EXP(T, E, TS_C_LLC, TS_C_SNAP, IP4, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 8)), NULL, 0 },
	{ "snap: Cisco OUI, a protocol ID of its own", b_snap_cisco, EXP(T, E, TS_C_LLC, TS_C_SNAP),
	  NULL, NULL, 0 },
	{ "snap: 802.1H bridge tunnel OUI 00-00-F8, ARP", b_snap_bridge_tunnel,
	  EXP(T, E, TS_C_LLC, TS_C_SNAP, TS_C_ARP, TS_C_ARP_REQUEST), MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	{ "snap: 802.3 length after an 802.1Q tag", b_snap_vlan,
	  EXP(T, E, TS_C_VLAN, TS_C_LLC, TS_C_SNAP, IP4, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 8)), NULL, 0 },
	{ "llc: raw 802.3 IPX (0xFFFF) is not LLC", b_raw_ipx, EXP(T, E, TS_C_ETH_OTHER), NULL, NULL, 0 },
	/* PPPoE discovery */
	{ "pppoe: PADI, Service-Name, Host-Uniq, End-Of-List", b_padi,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_SERVICE_NAME),
	  MTS(MT(TS_MT_PPPOE_CODE, 0x09), TAG(0x0101), TAG(0x0103), TAG(0x0000)), chk_padi, 0 },
	{ "pppoe: PADO, AC-Name, Service-Name, AC-Cookie", b_pado,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_SERVICE_NAME, TS_C_PPPOE_AC_NAME),
	  MTS(MT(TS_MT_PPPOE_CODE, 0x07), TAG(0x0102), TAG(0x0101), TAG(0x0104)), chk_pado, 0 },
	{ "pppoe: PADR", b_padr, EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_SERVICE_NAME),
	  MTS(MT(TS_MT_PPPOE_CODE, 0x19), TAG(0x0101)), chk_padr, 0 },
	{ "pppoe: PADS assigns session 0x1234", b_pads,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_SERVICE_NAME),
	  MTS(MT(TS_MT_PPPOE_CODE, 0x65), TAG(0x0101)), chk_pads, 0 },
	{ "pppoe: PADS with session 0 and Service-Name-Error rejects (RFC 2516 5.4)", b_pads_reject,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_ERROR_TAG),
	  MTS(MT(TS_MT_PPPOE_CODE, 0x65), TAG(0x0201)), chk_reject, 0 },
	{ "pppoe: PADT for a session never seen", b_padt, EXP(T, E, TS_C_PPPOE_DISCOVERY),
	  MTS(MT(TS_MT_PPPOE_CODE, 0xA7)), chk_padt, 0 },
	{ "pppoe: PADI without tags", b_padi_bare, EXP(T, E, TS_C_PPPOE_DISCOVERY),
	  MTS(MT(TS_MT_PPPOE_CODE, 0x09)), chk_padi, 0 },
	{ "pppoe: unregistered tag 0x0500 counts as other", b_pado_unknown_tag,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY), MTS(MT(TS_MT_PPPOE_CODE, 0x07),
	  MT(TS_MT_PPPOE_TAG, TS_PPPOE_TAG_OTHER)), NULL, 0 },
	/* PPPoE session */
	{ "pppoe: session, IPv4 TCP", b_sess_tcp,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP, IP4, TCPH, TS_C_TCP_INNER),
	  MTS(MT(TS_MT_PPPOE_CODE, 0)), chk_sess_active, 0 },
	{ "pppoe: session, IPv6 ICMPv6 echo", b_sess_icmp6,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP, TS_C_IPV6, TS_C_ICMPV6),
	  MTS(MT(TS_MT_PPPOE_CODE, 0), MT(TS_MT_ICMPV6, 128)), NULL, 0 },
	{ "pppoe: session, LCP Echo-Request counted in the session", b_sess_lcp_echo,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP), MTS(MT(TS_MT_PPPOE_CODE, 0)), chk_lcp_count, 0 },
	{ "pppoe: session, IPCP Configure-Ack, IP-Address after a DNS option", b_sess_ipcp_ack,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP), MTS(MT(TS_MT_PPPOE_CODE, 0)), chk_ipcp, 0 },
	{ "pppoe: session, PAP Authenticate-Ack", b_sess_pap_ack,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP), MTS(MT(TS_MT_PPPOE_CODE, 0)), chk_pap, 0 },
	{ "pppoe: session, CHAP Failure", b_sess_chap_fail,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP), MTS(MT(TS_MT_PPPOE_CODE, 0)), chk_chap, 0 },
	{ "pppoe: session in 802.1Q, UDP", b_sess_vlan,
	  EXP(T, E, TS_C_VLAN, TS_C_PPPOE_SESSION, TS_C_PPP, IP4, TS_C_UDP),
	  MTS(MT(TS_MT_PPPOE_CODE, 0)), NULL, 0 },
	{ "pppoe: session, TCP carrying a TLS ClientHello", b_sess_tls,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP, IP4, TCPH, TS_C_TCP_INNER, TS_C_TLS),
	  MTS(MT(TS_MT_PPPOE_CODE, 0), MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 1),
	      MT(TS_MT_TLS_HANDSHAKE, 1)), NULL, 0 },
	{ "pppoe: session, Ethernet padding after the payload length", b_sess_padded,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP, IP4, TS_C_UDP), MTS(MT(TS_MT_PPPOE_CODE, 0)), NULL, 0 },
	{ "pppoe: session bridged in GRE (TEB), keyed by the inner MACs", b_teb_pppoe,
	  EXP(T, E, GRE0, TS_C_GRE_TEB, TS_C_PPPOE_SESSION, TS_C_PPP), MTS(MT(TS_MT_PPPOE_CODE, 0)),
	  chk_lcp_count, 0 },
	/* ICMP, IGMP, OSPF */
	{ "icmp: echo request", b_icmp_echo, EXP(T, E, IP4, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 8)), NULL, 0 },
	{ "icmp: time exceeded quoting an echo request counts type 11 only", b_icmp_ttl_echo,
	  EXP(T, E, IP4, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 11)), NULL, 0 },
	{ "icmpv6: neighbor solicitation", b_icmp6_ns, EXP(T, E, TS_C_IPV6, TS_C_ICMPV6),
	  MTS(MT(TS_MT_ICMPV6, 135)), NULL, 0 },
	{ "icmpv6: packet too big quoting TCP", b_icmp6_ptb_tcp,
	  EXP(T, E, TS_C_IPV6, TS_C_ICMPV6, TS_C_TCP, TS_C_TCP_ACK), MTS(MT(TS_MT_ICMPV6, 2)), NULL, 0 },
	{ "igmp: v2 query behind a Router Alert option", b_igmp_query,
	  EXP(T, E, IP4, TS_C_IPV4_OPTIONS, TS_C_IGMP), MTS(MT(TS_MT_IGMP, 0x11)), NULL, 0 },
	{ "igmp: v3 report", b_igmp_v3_report, EXP(T, E, IP4, TS_C_IGMP), MTS(MT(TS_MT_IGMP, 0x22)),
	  NULL, 0 },
	{ "ospf: v2 hello", b_ospf_hello, EXP(T, E, IP4, TS_C_OSPF), MTS(MT(TS_MT_OSPF, 1)), NULL, 0 },
	{ "ospf: v2 link state update", b_ospf_lsu, EXP(T, E, IP4, TS_C_OSPF), MTS(MT(TS_MT_OSPF, 4)),
	  NULL, 0 },
	{ "ospf: v3 hello over IPv6", b_ospf3_hello, EXP(T, E, TS_C_IPV6, TS_C_OSPF),
	  MTS(MT(TS_MT_OSPFV3, 1)), NULL, 0 },
	/* RADIUS */
	{ "radius: Access-Request to 1812 waits", b_rad_access_req,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_REQUEST), MTS(MT(TS_MT_RADIUS, 1)),
	  chk_rad_pending, 0 },
	{ "radius: Access-Accept with no request is unmatched", b_rad_access_acc,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_RESPONSE, TS_C_RADIUS_UNMATCHED),
	  MTS(MT(TS_MT_RADIUS, 2)), chk_rad_none, 0 },
	{ "radius: Accounting-Request to 1813", b_rad_acct_req,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_REQUEST), MTS(MT(TS_MT_RADIUS, 4)), NULL, 0 },
	{ "radius: CoA-Request to 3799 (RFC 5176)", b_rad_coa,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_REQUEST), MTS(MT(TS_MT_RADIUS, 43)), NULL, 0 },
	{ "radius: Access-Request to the old port 1645", b_rad_old_port,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_REQUEST), MTS(MT(TS_MT_RADIUS, 1)), NULL, 0 },
	{ "radius: Accounting-Response from 1646", b_rad_acct_resp_old,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_RESPONSE, TS_C_RADIUS_UNMATCHED),
	  MTS(MT(TS_MT_RADIUS, 5)), NULL, 0 },
	{ "radius: over IPv6", b_rad_v6,
	  EXP(T, E, TS_C_IPV6, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_REQUEST), MTS(MT(TS_MT_RADIUS, 1)),
	  chk_rad_pending, 0 },
	{ "radius: Status-Server is a request", b_rad_status,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_REQUEST), MTS(MT(TS_MT_RADIUS, 12)), NULL, 0 },
	{ "radius: Disconnect-Request to 1700", b_rad_disconnect,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_RADIUS, TS_C_RADIUS_REQUEST), MTS(MT(TS_MT_RADIUS, 40)), NULL, 0 },
	/* TLS */
	{ "tls: ClientHello on 443", b_tls_ch, EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 1), MT(TS_MT_TLS_HANDSHAKE, 1)), NULL, 0 },
	{ "tls: ServerHello, Certificate, ServerHelloDone in one record", b_tls_server_flight,
	  EXP(T, E, IP4, TCPH, TS_C_TLS), MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 3),
	  MT(TS_MT_TLS_HANDSHAKE, 2), MT(TS_MT_TLS_HANDSHAKE, 11), MT(TS_MT_TLS_HANDSHAKE, 14)), NULL, 0 },
	{ "tls: ChangeCipherSpec, then a Finished encrypted (nonce 0): no message", b_tls_ccs_fin,
	  EXP(T, E, IP4, TCPH, TS_C_TLS), MTS(MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 22),
	  MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	{ "tls: two application data records", b_tls_appdata2, EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 23), MT(TS_MT_TLS_CONTENT, 23), MT(TS_MT_TLS_VERSION, 3),
	  MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	{ "tls: alert", b_tls_alert, EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 21), MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	{ "tls: heartbeat (RFC 6520)", b_tls_heartbeat, EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 24), MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	{ "tls: TLS 1.3 ServerHello, ChangeCipherSpec, application data", b_tls13_flight,
	  EXP(T, E, IP4, TCPH, TS_C_TLS), MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_CONTENT, 20),
	  MT(TS_MT_TLS_CONTENT, 23), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	  MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_HANDSHAKE, 2)), NULL, 0 },
	{ "tls: a record running on into the next segment is not counted", b_tls_continued,
	  EXP(T, E, IP4, TCPH, TS_C_TLS_CONTINUED), NULL, NULL, 0 },
	{ "tls: on another port (8443)", b_tls_8443, EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 1), MT(TS_MT_TLS_HANDSHAKE, 1)), NULL, 0 },
	{ "tls: HTTP on 443 is not TLS", b_http_443, EXP(T, E, IP4, TCPH), NULL, NULL, 0 },
	{ "tls: SSL 3.0 record version", b_ssl3, EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 0), MT(TS_MT_TLS_HANDSHAKE, 1)), NULL, 0 },
	{ "tls: handshake record of no known message type (encrypted)", b_tls_encrypted_hs,
	  EXP(T, E, IP4, TCPH, TS_C_TLS), MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 3)),
	  NULL, 0 },
	{ "tls: a handshake message longer than its record (fragment) is not counted",
	  b_tls_hs_fragment, EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	{ "tls: 16 records in one segment (the limit)", b_tls_16_records,
	  EXP(T, E, IP4, TCPH, TS_C_TLS),
	  MTS(MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	/* GRE v0 payloads */
	{ "gre: IPv4 with key and sequence", b_gre_ipv4,
	  EXP(T, E, GRE0, TS_C_GRE_KEY, TS_C_GRE_SEQ, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 8)), NULL, 0 },
	{ "gre: IPv6", b_gre_ipv6, EXP(T, E, GRE0, TS_C_IPV6, TS_C_ICMPV6), MTS(MT(TS_MT_ICMPV6, 128)),
	  NULL, 0 },
	{ "gre: transparent Ethernet bridging (0x6558)", b_gre_teb,
	  EXP(T, E, GRE0, TS_C_GRE_KEY, TS_C_GRE_TEB, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 8)), NULL, 0 },
	{ "gre: ERSPAN type I (no sequence): the frame follows the GRE header", b_erspan1,
	  EXP(T, E, GRE0, TS_C_GRE_ERSPAN, TS_C_ARP, TS_C_ARP_REQUEST), MTS(MT(TS_MT_ARP_OP, 1)), NULL, 0 },
	{ "gre: ERSPAN type II, 8-byte header", b_erspan2,
	  EXP(T, E, GRE0, TS_C_GRE_SEQ, TS_C_GRE_ERSPAN, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 8)), NULL, 0 },
	{ "gre: ERSPAN type III with the platform subheader", b_erspan3,
	  EXP(T, E, GRE0, TS_C_GRE_SEQ, TS_C_GRE_ERSPAN, TS_C_ICMP), MTS(MT(TS_MT_ICMP, 8)), NULL, 0 },
	{ "gre: ERSPAN type III, frame type IP, not parsed on", b_erspan3_ip,
	  EXP(T, E, GRE0, TS_C_GRE_SEQ, TS_C_GRE_ERSPAN), NULL, NULL, 0 },

	/* malformed */
	{ "arp_truncated: IPv4 ARP cut to 20 bytes", b_arp_trunc20,
	  EXP(T, E, TS_C_ERR_ARP_TRUNCATED), NULL, NULL, 0 },
	{ "arp_truncated: 6 bytes", b_arp_trunc6, EXP(T, E, TS_C_ERR_ARP_TRUNCATED), NULL, NULL, 0 },
	{ "llc_bad_length: 802.3 length 2, shorter than LLC", b_llc_len2,
	  EXP(T, E, TS_C_ERR_LLC_BAD_LENGTH), NULL, NULL, 0 },
	{ "snap_truncated: 802.3 length 6 ends inside SNAP", b_snap_len6,
	  EXP(T, E, TS_C_LLC, TS_C_ERR_SNAP_TRUNCATED), NULL, NULL, 0 },
	{ "snap_truncated: snaplen cut inside SNAP", b_snap_ip,
	  EXP(T, E, TS_C_LLC, TS_C_ERR_SNAP_TRUNCATED), NULL, NULL, 14 + 3 + 3 },
	{ "pppoe_truncated: 4 header bytes", b_pppoe_trunc, EXP(T, E, TS_C_ERR_PPPOE_TRUNCATED),
	  NULL, NULL, 0 },
	{ "pppoe_bad_version: version 2", b_pppoe_ver2, EXP(T, E, TS_C_ERR_PPPOE_BAD_VERSION),
	  NULL, NULL, 0 },
	{ "pppoe_bad_version: type 2", b_pppoe_type2, EXP(T, E, TS_C_ERR_PPPOE_BAD_VERSION),
	  NULL, NULL, 0 },
	{ "pppoe_bad_code: session stage with code PADI", b_pppoe_sess_code,
	  EXP(T, E, TS_C_ERR_PPPOE_BAD_CODE), NULL, NULL, 0 },
	{ "pppoe_len_beyond_frame: payload length 200", b_pppoe_len_beyond,
	  EXP(T, E, TS_C_ERR_PPPOE_LEN_BEYOND_FRAME), NULL, NULL, 0 },
	{ "pppoe_tag_truncated: a tag length past the payload", b_pppoe_tag_len,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_SERVICE_NAME, TS_C_ERR_PPPOE_TAG_TRUNCATED),
	  MTS(MT(TS_MT_PPPOE_CODE, 9), TAG(0x0101), TAG(0x0103)), NULL, 0 },
	{ "pppoe_tag_truncated: half a tag header at the payload end", b_pppoe_tag_split,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_SERVICE_NAME, TS_C_ERR_PPPOE_TAG_TRUNCATED),
	  MTS(MT(TS_MT_PPPOE_CODE, 9), TAG(0x0101)), NULL, 0 },
	{ "pppoe_tag_limit: 17 tags", b_pppoe_tag_limit,
	  EXP(T, E, TS_C_PPPOE_DISCOVERY, TS_C_PPPOE_SERVICE_NAME, TS_C_ERR_PPPOE_TAG_LIMIT),
	  MTS(MT(TS_MT_PPPOE_CODE, 9), TAG(0x0101), TAG(0x0101), TAG(0x0101), TAG(0x0101),
	      TAG(0x0101), TAG(0x0101), TAG(0x0101), TAG(0x0101), TAG(0x0101), TAG(0x0101),
	      TAG(0x0101), TAG(0x0101), TAG(0x0101), TAG(0x0101), TAG(0x0101), TAG(0x0101)), NULL, 0 },
	{ "ppp_opt_limit: IP-Address after 9 IPCP options", b_ppp_opt_limit,
	  EXP(T, E, TS_C_PPPOE_SESSION, TS_C_PPP, TS_C_ERR_PPP_OPT_LIMIT),
	  MTS(MT(TS_MT_PPPOE_CODE, 0)), NULL, 0 },
	{ "igmp_truncated: 6 bytes", b_igmp_short, EXP(T, E, IP4, TS_C_ERR_IGMP_TRUNCATED), NULL, NULL, 0 },
	{ "ospf_truncated: 12 bytes", b_ospf_short, EXP(T, E, IP4, TS_C_ERR_OSPF_TRUNCATED), NULL, NULL, 0 },
	{ "ospf_bad_version: version 1", b_ospf_v1, EXP(T, E, IP4, TS_C_ERR_OSPF_BAD_VERSION),
	  NULL, NULL, 0 },
	{ "ospf_bad_type: type 6", b_ospf_type6, EXP(T, E, IP4, TS_C_ERR_OSPF_BAD_TYPE), NULL, NULL, 0 },
	{ "ospf_bad_length: 20, shorter than the v2 header", b_ospf_len20,
	  EXP(T, E, IP4, TS_C_ERR_OSPF_BAD_LENGTH), NULL, NULL, 0 },
	{ "ospf_bad_length: 200, beyond the IP payload", b_ospf_len_beyond,
	  EXP(T, E, IP4, TS_C_ERR_OSPF_BAD_LENGTH), NULL, NULL, 0 },
	{ "radius_truncated: 12 bytes", b_rad_short,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_ERR_RADIUS_TRUNCATED), NULL, NULL, 0 },
	{ "radius_bad_code: 99 is not assigned", b_rad_code99,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_ERR_RADIUS_BAD_CODE), NULL, NULL, 0 },
	{ "radius_bad_length: 19", b_rad_len19, EXP(T, E, IP4, TS_C_UDP, TS_C_ERR_RADIUS_BAD_LENGTH),
	  NULL, NULL, 0 },
	{ "radius_bad_length: 4097", b_rad_len4097,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_ERR_RADIUS_BAD_LENGTH), NULL, NULL, 0 },
	{ "radius_bad_length: beyond the UDP payload", b_rad_len_beyond,
	  EXP(T, E, IP4, TS_C_UDP, TS_C_ERR_RADIUS_BAD_LENGTH), NULL, NULL, 0 },
	{ "tls_bad_record: content type 48 after a good record", b_tls_bad_second,
	  EXP(T, E, IP4, TCPH, TS_C_TLS, TS_C_ERR_TLS_BAD_RECORD),
	  MTS(MT(TS_MT_TLS_CONTENT, 23), MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	{ "tls_record_limit: 17 records", b_tls_17_records,
	  EXP(T, E, IP4, TCPH, TS_C_TLS, TS_C_ERR_TLS_RECORD_LIMIT),
	  MTS(MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20), MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_CONTENT, 20),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_VERSION, 3),
	      MT(TS_MT_TLS_VERSION, 3)), NULL, 0 },
	{ "tls_handshake_limit: 9 messages in one record", b_tls_hs_limit,
	  EXP(T, E, IP4, TCPH, TS_C_TLS, TS_C_ERR_TLS_HS_LIMIT),
	  MTS(MT(TS_MT_TLS_CONTENT, 22), MT(TS_MT_TLS_VERSION, 3), MT(TS_MT_TLS_HANDSHAKE, 20),
	      MT(TS_MT_TLS_HANDSHAKE, 20), MT(TS_MT_TLS_HANDSHAKE, 20), MT(TS_MT_TLS_HANDSHAKE, 20),
	      MT(TS_MT_TLS_HANDSHAKE, 20), MT(TS_MT_TLS_HANDSHAKE, 20), MT(TS_MT_TLS_HANDSHAKE, 20),
	      MT(TS_MT_TLS_HANDSHAKE, 20)), NULL, 0 },
	{ "erspan_truncated: type II header cut to 4 bytes", b_erspan2_cut,
	  EXP(T, E, GRE0, TS_C_GRE_SEQ, TS_C_GRE_ERSPAN, TS_C_ERR_ERSPAN_TRUNCATED), NULL, NULL, 0 },
	{ "erspan_bad_version: version 3", b_erspan_ver3,
	  EXP(T, E, GRE0, TS_C_GRE_SEQ, TS_C_GRE_ERSPAN, TS_C_ERR_ERSPAN_BAD_VERSION), NULL, NULL, 0 },
};
#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

_Static_assert(TS_MAX_TLS_RECORDS == 16, "the 16-record rows assume the limit");
_Static_assert(TS_MAX_TLS_HS_MSGS == 8, "the handshake limit row lists 8 messages");
_Static_assert(TS_MAX_PPPOE_TAGS == 16, "the tag limit row lists 16 tags");

/* ---- running the rows -------------------------------------------------------------- */

static int row_is_positive(const struct row *r)
{
	const int *e;

	if (r->caplen)
		return 0;
	for (e = r->expect; *e >= 0; e++)
		if (*e >= TS_C_FIRST_ERROR)
			return 0;
	return 1;
}

static void build(const struct row *r, struct pb *p)
{
	pb_init(p);
	nneeds = 0;
	r->build(p);
	needs_from_marks(p);
}

static void run_row(const struct row *r)
{
	static long long want_mt[NMT];
	char msg[1024] = "";
	uint8_t want[__TS_C_MAX] = { 0 };
	struct delta d;
	struct pb p;
	uint32_t cap;
	const int *e;
	int i, err;

	build(r, &p);
	if (p.overflow) {
		fail(r->name, "the frame builder overflowed (test bug)");
		return;
	}
	cap = r->caplen ? r->caplen : p.len;
	err = run_frame(&p, cap, p.len, &d);
	if (err) {
		snprintf(msg, sizeof(msg), "verdict: %s", err == -EPROTO ? "not XDP_PASS" : strerror(-err));
		fail(r->name, msg);
		return;
	}
	for (e = r->expect; *e >= 0; e++)
		want[*e] = 1;
	for (i = 0; i < __TS_C_MAX; i++) {
		if (d.pk[i] != want[i])
			add_msg(msg, sizeof(msg), "counter %s expected +%d got %+lld", cname(i), want[i],
				d.pk[i]);
		else if (d.by[i] != (long long)want[i] * p.len)
			add_msg(msg, sizeof(msg), "counter %s bytes %+lld", cname(i), d.by[i]);
	}
	memset(want_mt, 0, sizeof(want_mt));
	for (e = r->mt; e && *e >= 0; e++)
		want_mt[*e]++;
	for (i = 0; i < NMT; i++)
		if (d.mt[i] != want_mt[i])
			add_msg(msg, sizeof(msg), "msg_types family %d slot %d expected +%lld got %+lld",
				i / TS_MT_SLOTS, i % TS_MT_SLOTS, want_mt[i], d.mt[i]);
	if (!msg[0] && r->check)
		r->check(msg, sizeof(msg));
	if (msg[0])
		fail(r->name, msg);
	else
		ok("%s", r->name);
}

static void sweep_row(const struct row *r, int wire)
{
	static long long full_mt[NMT];
	uint8_t full[__TS_C_MAX];
	char msg[1024] = "", name[300];
	struct delta d;
	struct pb p;
	uint32_t L, bad = 0;
	int i, n, nerr;

	build(r, &p);
	if (run_frame(&p, p.len, p.len, &d))
		return;		/* run_row reported it */
	for (i = 0; i < __TS_C_MAX; i++)
		full[i] = d.pk[i] > 0;
	memcpy(full_mt, d.mt, sizeof(full_mt));
	snprintf(name, sizeof(name), "sweep %s: %s", wire ? "wire" : "snap", r->name);
	for (L = MIN_FRAME; L < p.len; L++) {
		char why[512] = "";
		int err = run_frame(&p, L, wire ? L : p.len, &d);

		if (err) {
			add_msg(why, sizeof(why), "verdict not XDP_PASS");
		} else {
			if (d.pk[TS_C_TOTAL] != 1)
				add_msg(why, sizeof(why), "total %+lld", d.pk[TS_C_TOTAL]);
			for (nerr = 0, i = 0; i < __TS_C_MAX; i++) {
				if (!d.pk[i])
					continue;
				if (i >= TS_C_FIRST_ERROR)
					nerr++;
				else if (!full[i])
					add_msg(why, sizeof(why), "counter %s moved, the whole frame does not move it",
						cname(i));
			}
			if (nerr > 1)
				add_msg(why, sizeof(why), "%d error counters moved", nerr);
			for (n = 0; n < nneeds; n++)
				if (L < needs[n].len && d.pk[needs[n].ctr])
					add_msg(why, sizeof(why), "counter %s moved with %u of its %u bytes",
						cname(needs[n].ctr), L, needs[n].len);
			for (i = 0; i < NMT; i++)
				if (d.mt[i] > full_mt[i])
					add_msg(why, sizeof(why), "msg_types family %d slot %d moved %+lld, whole frame %+lld",
						i / TS_MT_SLOTS, i % TS_MT_SLOTS, d.mt[i], full_mt[i]);
		}
		if (why[0]) {
			if (!bad++)
				add_msg(msg, sizeof(msg), "cut %u of %u: %s", L, p.len, why);
		}
	}
	if (bad) {
		add_msg(msg, sizeof(msg), "(%u of %u cuts wrong)", bad, p.len - MIN_FRAME);
		fail(name, msg);
	} else {
		ok("%s (%u cuts)", name, p.len - MIN_FRAME);
	}
}

/* ---- sequences ---------------------------------------------------------------------- */

/* Feed a frame without clearing the tables, at time ts. */
static int feed_at(struct pb *p, uint64_t ts)
{
	return feed(p, p->len, p->len, ts);
}

static void b_seq_padi(struct pb *p) { b_padi(p); }

static void b_seq_pads(struct pb *p)
{
	eth_from(p, 0x8863, MAC_AC, MAC_H);
	pppoe(p, 0x11, 0x65, 0x0101, 0);
	tag(p, 0x0101, NULL, 0);
	pppoe_end(p);
}

static void sess(struct pb *p, int from_ac, uint16_t proto, uint8_t code, const void *d, uint16_t n)
{
	eth_from(p, 0x8864, from_ac ? MAC_AC : MAC_H, from_ac ? MAC_H : MAC_AC);
	pppoe(p, 0x11, 0, 0x0101, 1);
	ppp_ctrl(p, proto, code, d, n);
	pppoe_end(p);
}

static void test_pppoe_life(void)
{
	static const uint8_t host_ack[] = { 3, 6, 100, 64, 9, 9 };
	static const uint8_t ac_ack[] = { 3, 6, 100, 64, 0, 1 };
	const char *name = "pppoe life: PADI to PADT, one entry with every field";
	struct ts_pppoe_session v;
	uint64_t t0 = TS_NS + runs++ * RUN_GAP_NS, ms = 1000000;
	uint64_t to_ac = 0, to_host = 0;
	char msg[1024] = "";
	struct delta d;
	struct pb p;
	int err = 0, n;

	ts_map_clear(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session));
	pb_init(&p); b_seq_padi(&p); err |= feed_at(&p, t0);
	pb_init(&p); b_pado(&p); err |= feed_at(&p, t0 + 1 * ms);
	pb_init(&p); b_padr(&p); err |= feed_at(&p, t0 + 2 * ms);
	pb_init(&p); b_seq_pads(&p); err |= feed_at(&p, t0 + 3 * ms);
	pb_init(&p); sess(&p, 0, 0xC021, 1, "\x01\x04\x05\xd4", 4); err |= feed_at(&p, t0 + 4 * ms);
	to_ac += p.len;
	pb_init(&p); sess(&p, 0, 0xC023, 1, "\x04user\x04pass", 10); err |= feed_at(&p, t0 + 5 * ms);
	to_ac += p.len;
	pb_init(&p); sess(&p, 1, 0xC023, 2, "\x00", 1); err |= feed_at(&p, t0 + 6 * ms);
	to_host += p.len;
	pb_init(&p); sess(&p, 1, 0x8021, 2, host_ack, sizeof(host_ack)); err |= feed_at(&p, t0 + 7 * ms);
	to_host += p.len;
	pb_init(&p); sess(&p, 0, 0x8021, 2, ac_ack, sizeof(ac_ack)); err |= feed_at(&p, t0 + 8 * ms);
	to_ac += p.len;
	pb_init(&p);
	eth_from(&p, 0x8863, MAC_AC, MAC_H);
	pppoe(&p, 0x11, 0xA7, 0x0101, 0);
	pppoe_end(&p);
	err |= feed_at(&p, t0 + 9 * ms);
	read_delta(&d);
	if (err) {
		fail(name, "a verdict was not XDP_PASS");
		return;
	}
	n = (int)ts_map_count(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session));
	if (n != 1)
		add_msg(msg, sizeof(msg), "%d entries, expected 1 (the PADI and PADO entries folded in)", n);
	if (pppoe_get(MAC_H, MAC_AC, 0x0101, &v)) {
		fail(name, "no entry for session 0x0101");
		return;
	}
#define EQ(field, want) do { if ((unsigned long long)(v.field) != (unsigned long long)(want)) \
	add_msg(msg, sizeof(msg), #field " %llu, expected %llu", (unsigned long long)(v.field), \
		(unsigned long long)(want)); } while (0)
	EQ(state, TS_PPPOE_ST_TERMINATED);
	EQ(padi_ns, t0);
	EQ(pado_ns, t0 + 1 * ms);
	EQ(padr_ns, t0 + 2 * ms);
	EQ(pads_ns, t0 + 3 * ms);
	EQ(first_ns, t0 + 4 * ms);
	EQ(auth_ns, t0 + 6 * ms);
	EQ(padt_ns, t0 + 9 * ms);
	EQ(last_ns, t0 + 9 * ms);
	EQ(packets[0], 3);
	EQ(packets[1], 2);
	EQ(bytes[0], to_ac);
	EQ(bytes[1], to_host);
	EQ(ppp_ctrl[TS_PPP_LCP], 1);
	EQ(ppp_ctrl[TS_PPP_PAP], 2);
	EQ(ppp_ctrl[TS_PPP_IPCP], 2);
	EQ(ppp_ctrl[TS_PPP_CHAP], 0);
	EQ(host_ip, htonl(0x64400909));
	EQ(ac_ip, htonl(0x64400001));
	EQ(auth_proto, TS_AUTH_PAP);
	EQ(auth_result, TS_AUTH_SUCCESS);
	EQ(flags, TS_PPPOE_F_SERVICE_NAME | TS_PPPOE_F_AC_NAME | TS_PPPOE_F_PADT_BY_AC);
#undef EQ
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

static void test_pppoe_rejected(void)
{
	const char *name = "pppoe: a rejected discovery leaves one entry, rejected, with its PADI time";
	uint64_t t0 = TS_NS + runs++ * RUN_GAP_NS;
	struct ts_pppoe_session v;
	char msg[256] = "";
	struct delta d;
	struct pb p;

	ts_map_clear(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session));
	pb_init(&p); b_padi(&p); feed_at(&p, t0);
	pb_init(&p); b_pado(&p); feed_at(&p, t0 + 1000);
	pb_init(&p); b_padr(&p); feed_at(&p, t0 + 2000);
	pb_init(&p); b_pads_reject(&p); feed_at(&p, t0 + 3000);
	read_delta(&d);
	if ((int)ts_map_count(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session)) != 1)
		add_msg(msg, sizeof(msg), "%d entries", (int)ts_map_count(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session)));
	if (pppoe_get(MAC_H, MAC_AC, 0, &v))
		add_msg(msg, sizeof(msg), "no entry");
	else if (v.state != TS_PPPOE_ST_REJECTED || v.padi_ns != t0 || v.pads_ns != t0 + 3000 ||
		 !(v.flags & TS_PPPOE_F_ERROR_TAG))
		add_msg(msg, sizeof(msg), "state %u padi %llu pads %llu flags 0x%x", v.state,
			(unsigned long long)v.padi_ns, (unsigned long long)v.pads_ns, v.flags);
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

/*
 * Three sessions whose keys fall in one set of pppoe_sessions (found with
 * the userspace twin of the program's hash): the third replaces one of the
 * first two and counts pppoe_session_evicted.
 */
static void test_pppoe_evicted(void)
{
	const char *name = "pppoe_sessions: a third session in a full set evicts one, counted";
	__u32 nsets = TS_PPPOE_SESSIONS_MAX / TS_TAB_WAYS, set = 0, s;
	struct ts_pppoe_key k = {};
	struct ts_pppoe_session v;
	uint16_t sids[3], sid;
	char msg[512] = "";
	struct delta d;
	struct pb p;
	__u64 seed;
	int i, n = 0, err = 0;

	if (ts_tab_seed_of(pppoe_fd, &seed)) {
		fail(name, "pppoe_sessions has no registered seed");
		return;
	}
	memcpy(k.host, MAC_H, 6);
	memcpy(k.ac, MAC_AC, 6);
	for (sid = 1; n < 3 && sid < 0xffff; sid++) {
		k.session_id = htons(sid);
		s = ts_tab_set_of(ts_tab_hash(seed, (const ts_tab_word *)&k, sizeof(k) / 4), nsets);
		if (!n)
			set = s;
		if (s == set)
			sids[n++] = sid;
	}
	if (n < 3) {
		fail(name, "no three session IDs in one set");
		return;
	}
	ts_map_clear(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session));
	read_delta(&d);
	for (i = 0; i < 3; i++) {
		pb_init(&p);
		eth_from(&p, 0x8864, MAC_H, MAC_AC);
		pppoe(&p, 0x11, 0, sids[i], 1);
		ppp_ctrl(&p, 0xC021, 9, "\0\0\0\0", 4);	/* LCP Echo-Request */
		pppoe_end(&p);
		err |= feed_at(&p, TS_NS + runs++ * RUN_GAP_NS);
	}
	read_delta(&d);
	if (err)
		add_msg(msg, sizeof(msg), "a verdict was not XDP_PASS");
	if (d.pk[TS_C_ERR_PPPOE_EVICTED] != 1)
		add_msg(msg, sizeof(msg), "pppoe_session_evicted %lld, expected 1",
			d.pk[TS_C_ERR_PPPOE_EVICTED]);
	if (d.pk[TS_C_ERR_PPPOE_TABLE_FULL])
		add_msg(msg, sizeof(msg), "pppoe_table_full %lld", d.pk[TS_C_ERR_PPPOE_TABLE_FULL]);
	n = (int)ts_map_count(pppoe_fd, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session));
	if (n != 2)
		add_msg(msg, sizeof(msg), "%d sessions in the table, expected 2", n);
	if (pppoe_get(MAC_H, MAC_AC, sids[2], &v) || v.packets[0] != 1)
		add_msg(msg, sizeof(msg), "the newest session (0x%04x) is not in the table with 1 packet",
			sids[2]);
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

static void rad_frame(struct pb *p, int resp, uint8_t id, uint8_t authbyte)
{
	uint8_t a[4];

	pb_init(p);
	b_rad(p, 0, resp ? 1812 : 40001, resp ? 40001 : 1812, resp ? 2 : 1);
	p->d[p->len - 26 + 1] = id;				/* identifier */
	memset(p->d + p->len - 26 + 4, authbyte, 16);		/* authenticator */
	if (resp) {
		/* from the server back to the client (the checksum sum is unchanged) */
		memcpy(a, p->d + 14 + 12, 4);
		memcpy(p->d + 14 + 12, p->d + 14 + 16, 4);
		memcpy(p->d + 14 + 16, a, 4);
	}
}

static void test_radius_pairing(void)
{
	const char *name = "radius: answered, retransmission, ID reuse, unmatched, round trip";
	uint64_t t0 = TS_NS + runs++ * RUN_GAP_NS, ms = 1000000;
	char msg[512] = "";
	struct delta d;
	struct pb p;

	clear_map(radius_fd, 0);
	read_delta(&d);
	rad_frame(&p, 0, 1, 0xA1); feed_at(&p, t0);			/* request 1 */
	rad_frame(&p, 0, 1, 0xA1); feed_at(&p, t0 + 1 * ms);		/* retransmitted */
	rad_frame(&p, 1, 1, 0x01); feed_at(&p, t0 + 3 * ms);		/* answered after 3 ms */
	rad_frame(&p, 0, 2, 0xB1); feed_at(&p, t0 + 4 * ms);		/* request 2 */
	rad_frame(&p, 0, 2, 0xB2); feed_at(&p, t0 + 5 * ms);		/* ID 2 reused */
	rad_frame(&p, 1, 9, 0x09); feed_at(&p, t0 + 6 * ms);		/* unmatched */
	read_delta(&d);
#define CNT(c, want) do { if (d.pk[c] != (want)) add_msg(msg, sizeof(msg), "%s %+lld, expected %d", \
	cname(c), d.pk[c], want); } while (0)
	CNT(TS_C_RADIUS_REQUEST, 4);
	CNT(TS_C_RADIUS_RESPONSE, 2);
	CNT(TS_C_RADIUS_RETRANSMIT, 1);
	CNT(TS_C_RADIUS_ANSWERED, 1);
	CNT(TS_C_RADIUS_UNANSWERED, 1);
	CNT(TS_C_RADIUS_UNMATCHED, 1);
#undef CNT
	/* 3 ms = 3000 us: bucket 11 holds [2048, 4096) us */
	if (d.mt[MT(TS_MT_RADIUS_RTT, 11)] != 1)
		add_msg(msg, sizeof(msg), "rtt bucket 11 %+lld", d.mt[MT(TS_MT_RADIUS_RTT, 11)]);
	if (count_entries(radius_fd) != 1)
		add_msg(msg, sizeof(msg), "%d requests waiting, expected 1 (ID 2's second)",
			count_entries(radius_fd));
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

/* Every new counter has a name, once. */
static void test_names(void)
{
	int i, j, bad = 0;

	for (i = 0; i < __TS_C_MAX; i++) {
		if (!ts_counter_names[i]) {
			printf("FAIL - counter names: #%d has none\n", i);
			bad++;
			continue;
		}
		for (j = 0; j < i; j++)
			if (ts_counter_names[j] && !strcmp(ts_counter_names[i], ts_counter_names[j])) {
				printf("FAIL - counter names: %s twice\n", ts_counter_names[i]);
				bad++;
			}
	}
	if (bad)
		nfail += bad;
	else
		ok("counter names: one each, no duplicates");
}

int main(void)
{
	int err, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_names();
	ncpu = libbpf_num_possible_cpus();
	mt_last = calloc(NMT, sizeof(*mt_last));
	mt_now = calloc(NMT, sizeof(*mt_now));
	err = ts_bpf_load(&skel, TS_PROG_REPLAY);
	if (err || ncpu <= 0 || !mt_last || !mt_now) {
		fail("load xdp_replay", geteuid() ? "needs root (CAP_BPF, CAP_NET_ADMIN)"
						  : "ts_bpf_load failed (see stderr)");
		printf("%d passed, %d failed\n", npass, nfail);
		return 1;
	}
	prog_fd = bpf_program__fd(skel->progs.xdp_replay);
	ctr_fd = bpf_map__fd(skel->maps.counters);
	mt_fd = bpf_map__fd(skel->maps.msg_types);
	pppoe_fd = bpf_map__fd(skel->maps.pppoe_sessions);
	radius_fd = bpf_map__fd(skel->maps.radius_pending);
	if ((err = ts_stats_read(ctr_fd, &last)) || (err = read_mt(mt_last))) {
		fail("read the maps", strerror(-err));
		printf("%d passed, %d failed\n", npass, nfail);
		tunnelstat_bpf__destroy(skel);
		return 1;
	}

	for (i = 0; i < NROWS; i++)
		run_row(&rows[i]);
	test_pppoe_life();
	test_pppoe_rejected();
	test_pppoe_evicted();
	test_radius_pairing();
	for (i = 0; i < NROWS; i++) {
		if (!row_is_positive(&rows[i]))
			continue;
		sweep_row(&rows[i], 1);
		sweep_row(&rows[i], 0);
	}

	tunnelstat_bpf__destroy(skel);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
