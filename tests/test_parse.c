// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_parse: table-driven BPF_PROG_TEST_RUN tests of the foundation
 * parsers (bpf/parse/: eth, vlan, llc, ipv4, ipv6 and its extension
 * headers, ah, tcp, udp, icmp, icmpv6, esp).
 *
 * Each row is a canned frame (tests/pktbuild.h) and the counters it must
 * move by exactly one. The frame goes through the replay engine
 * (user/replay.c: ts_batch_add + ts_batch_flush on xdp_replay), the
 * counters map is read before and after, and every counter must move by
 * exactly what the row lists: +1 for the listed ones (TS_C_TOTAL
 * included), 0 for all others, and bytes = packets * wire length. The
 * verdict must be XDP_PASS (ts_batch_flush returns 0 only then).
 *
 * Expected values come from the protocol specifications (RFC 791, 8200,
 * 9293, 768, 792, 4443, 4302, 4303, IEEE 802.1Q, 802.2/802.3), not from
 * what the parsers happen to do; where they disagree the row fails and
 * says so. The counter meanings (one counter per protocol met at any
 * depth, one per failure mode) are those of include/tunnelstat.h.
 *
 * Truncation sweep (house style item 20). Every positive row (one that
 * lists no failure counter and is fed whole) is re-run at every shorter
 * length L >= 14, twice:
 *   wire: caplen = wire length = L (a short frame on the wire; IP length
 *         fields now point past the frame);
 *   snap: caplen = L, wire length = the full frame (a capture cut by its
 *         snaplen; length fields stay consistent with the wire).
 * For each cut the expected counters are derived from the frame's header
 * marks (pktbuild.h) by walking them in parse order:
 *   - a header that is whole inside L (start + own length <= L) adds the
 *     counters its fields imply (model() below), and the walk goes on;
 *   - the first header that is not whole stops the walk and adds exactly
 *     its own truncation counter (ipv4_truncated, udp_truncated, ...);
 *   - wire mode only: an IP header (outside an ICMP quote) whose total /
 *     payload length reaches past L stops the walk with
 *     ipv4_len_beyond_frame / ipv6_len_beyond_frame, before counting;
 *   - inside an ICMP error quote, which RFC 792 / RFC 4443 allow to be cut
 *     short: an empty quote stops without error, and a quoted TCP header
 *     of at least its first 8 bytes (ports and sequence, all RFC 792
 *     guarantees) counts tcp without flags and without error.
 * So for every cut: verdict XDP_PASS; total +1; no counter of a header
 * that is not whole inside the cut moves (never a deeper protocol than the
 * bytes hold); and exactly one thing says where the parse stopped: one
 * truncation/length counter, or none when the stop is a legitimate end
 * (the last header, an opaque payload, an empty or short quote). The
 * deltas must equal that expectation exactly. Counters that depend on a
 * header's next-protocol field (ip_in_ip, ip_other, ipv6_no_next,
 * eth_other) belong to the header holding the field. Before sweeping, the
 * walk is checked against the row's hand-written list at full length.
 *
 * TCP handshake tracking (bpf/parse/tcp_track.h) keeps state across
 * frames. So that every run starts from nothing, each run gets a TCP flow
 * of its own (the client port is rewritten) and a capture time 2 s after
 * the previous run's (a fresh SYN-flood window). A lone SYN is then
 * always a new attempt (tcp_handshake_syn), and no other handshake counter
 * moves.
 *
 * Output: one line per row and per sweep ("ok - NAME" or "FAIL - NAME:
 * why"), then "N passed, N failed"; exit 1 on any failure. Needs root.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tunnelstat.h"
#include "bpfobj.h"
#include "names.h"
#include "replay.h"
#include "stats.h"
#include "pktbuild.h"
#include "harness.h"
#include "report.h"

/* The rows below assume these limits; change them together. */
_Static_assert(TS_MAX_VLAN == 2, "vlan rows assume at most two tags (QinQ)");
_Static_assert(TS_MAX_IPV6_EXT + 5 <= TS_MAX_LAYERS,
	       "ext-limit rows must not hit the layer limit first");

#define XDP_ABORTED_ 0
#define XDP_PASS_ 2
#define MIN_FRAME 14			/* the engine feeds nothing shorter */
#define TS_NS 1700000000123456789ULL	/* any capture time */
#define RUN_GAP_NS 2000000000ULL		/* > TS_FLOOD_WINDOW_NS */

/* Counters a row expects to move by exactly one, ended by -1. */
#define EXP(...) ((const int[]){ __VA_ARGS__, -1 })

struct row {
	const char *name;
	void (*build)(struct pb *p);
	const int *expect;
	/*
	 * 0: feed the whole frame. Otherwise feed its first caplen bytes with
	 * the whole frame's length on the wire (a snaplen-cut capture).
	 */
	uint32_t caplen;
};

struct delta {
	long long pk[__TS_C_MAX];
	long long by[__TS_C_MAX];
};

static struct tunnelstat_bpf *skel;
static int prog_fd, map_fd;
static struct ts_stats last;		/* counters after the previous run */
static uint32_t runs;			/* frames fed so far */

/* The counters of map fd now, as deltas against *prev, which becomes now. */
static int stats_delta(int fd, struct ts_stats *prev, struct delta *d)
{
	struct ts_stats now;
	int err = ts_stats_read(fd, &now), i;

	if (err)
		return err;
	for (i = 0; i < __TS_C_MAX; i++) {
		d->pk[i] = (long long)(now.c[i].packets - prev->c[i].packets);
		d->by[i] = (long long)(now.c[i].bytes - prev->c[i].bytes);
	}
	*prev = now;
	return 0;
}

/* Counters now, as deltas against the previous read. */
static int read_delta(struct delta *d)
{
	return stats_delta(map_fd, &last, d);
}

/*
 * The live entry (xdp_tunnelstat, loaded from its own object) on the same
 * bytes: its fast lane and inline paths must count what the replay engine
 * counts. Run on every frame whose captured length is its wire length
 * (what the live hook sees): whole rows and the wire-cut sweep.
 */
static struct tunnelstat_bpf *live;
static int live_prog_fd, live_map_fd;
static struct ts_stats live_last;
static struct ts_counter flags_last[2][256];	/* tcp_flags: [0] replay, [1] live */

static int run_live(const struct pb *p, uint32_t len, struct delta *d)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p->d, .data_size_in = len, .repeat = 1);

	if (bpf_prog_test_run_opts(live_prog_fd, &o))
		return -errno;
	if (o.retval != 2 /* XDP_PASS */)
		return 1;
	return stats_delta(live_map_fd, &live_last, d);
}

/* Both programs' tcp_flags into out; 0 or -errno. */
static int read_flags(struct ts_counter out[2][256])
{
	int fd[2] = { bpf_map__fd(skel->maps.tcp_flags), bpf_map__fd(live->maps.tcp_flags) };
	int cfd[2] = { map_fd, live_map_fd };
	int k, err;

	/* the map, and what the lanes counted by signature (ts_lane_maps_add) */
	for (k = 0; k < 2; k++)
		if ((err = ts_percpu_sum(fd[k], 256, out[k])) ||
		    (err = ts_lane_maps_add(cfd[k], NULL, out[k])))
			return err;
	return 0;
}

/* Before a frame that both programs will run: the tcp_flags baseline. */
static void flags_mark(void)
{
	read_flags(flags_last);
}

/* tcp_flags moved alike in both programs since flags_mark()? "" if so. */
static void compare_flags(char *msg, size_t len)
{
	static struct ts_counter now[2][256];
	int i;

	msg[0] = 0;
	if (read_flags(now)) {
		snprintf(msg, len, "reading tcp_flags failed");
		return;
	}
	for (i = 0; i < 256; i++) {
		__u64 r = now[0][i].packets - flags_last[0][i].packets;
		__u64 l = now[1][i].packets - flags_last[1][i].packets;

		if (r != l)
			add_msg(msg, len, "tcp_flags 0x%02x: replay +%llu, live +%llu", i,
				(unsigned long long)r, (unsigned long long)l);
	}
}

static void compare(const uint8_t *want, const struct delta *d, uint32_t wire,
		    char *msg, size_t len);

/* Replay's expectation want also holds for the live entry on len bytes? "" if so. */
static void check_live(const struct pb *p, uint32_t len, const uint8_t *want, char *msg,
		       size_t mlen)
{
	struct delta d;
	int err = run_live(p, len, &d);

	if (err) {
		snprintf(msg, mlen, "live entry: run failed or not XDP_PASS (%d)", err);
		return;
	}
	compare(want, &d, len, msg, mlen);
	if (!msg[0])
		compare_flags(msg, mlen);
}

/*
 * A TCP flow nobody has seen: the client port of every TCP header (the one
 * that is not the server port DPORT_TCP) becomes 20000-64999, unique per
 * run until 45000 runs, far more than this suite makes.
 */
#define DPORT_TCP 9
static uint64_t fresh_flow(struct pb *p)
{
	uint16_t port = (uint16_t)(20000 + runs % 45000);
	int i;

	for (i = 0; i < p->nmarks; i++) {
		uint32_t at = p->m[i].start;

		if (p->m[i].kind != PB_K_TCP || at + 4 > p->len)
			continue;
		pb_w16(p, pb_r16(p->d + at + 2) == DPORT_TCP ? at : at + 2, port);
	}
	return TS_NS + (uint64_t)runs++ * RUN_GAP_NS;
}

/*
 * One frame through the replay engine, alone in its batch. Returns what
 * ts_batch_add/ts_batch_flush returned (0: XDP_PASS) and fills the deltas;
 * a failed counter read is returned as 1 after printing why.
 */
static int run_frame(struct pb *p, uint32_t caplen, uint32_t wire, struct delta *d)
{
	static struct ts_batch b;
	uint64_t ts = fresh_flow(p);
	int err, rerr;

	ts_batch_init(&b, prog_fd);
	err = ts_batch_add(&b, p->d, caplen, wire, ts);
	if (!err)
		err = ts_batch_flush(&b);
	rerr = read_delta(d);
	if (rerr) {
		fprintf(stderr, "reading counters: %s\n", strerror(-rerr));
		return 1;
	}
	return err;
}

static void list_to_set(const int *list, uint8_t *set)
{
	memset(set, 0, __TS_C_MAX);
	for (; *list >= 0; list++)
		if (*list < __TS_C_MAX)
			set[*list] = 1;
}

/* Exact comparison of deltas with an expected set; "" when they agree. */
static void compare(const uint8_t *want, const struct delta *d, uint32_t wire,
		    char *msg, size_t len)
{
	int i;

	msg[0] = 0;
	for (i = 0; i < __TS_C_MAX; i++) {
		if (d->pk[i] != want[i])
			add_msg(msg, len, "counter %s expected +%d got %+lld",
				cname(i), want[i], d->pk[i]);
		else if (d->by[i] != (long long)want[i] * wire)
			add_msg(msg, len, "counter %s bytes expected +%lld got %+lld",
				cname(i), (long long)want[i] * wire, d->by[i]);
	}
}

/* ------------------------------------------------------------------------
 * The cut model for the truncation sweep (see the top of the file).
 */

/* EtherTypes the foundation parses on: IPv4, IPv6, the VLAN TPIDs. */
static int ethertype_parsed(uint16_t t)
{
	return t == PB_ETH_IPV4 || t == PB_ETH_IPV6 || t == PB_ETH_8021Q ||
	       t == PB_ETH_8021AD || t == PB_ETH_QINQ;
}

/*
 * What an IP next-protocol value adds; 0 when the walk ends there. The
 * IPv6 extension header numbers are headers only after IPv6 (RFC 8200 4);
 * 59 is "no next header" only in IPv6 (4.7).
 */
static int model_ipproto(uint8_t proto, int v6, uint8_t *exp)
{
	switch (proto) {
	case PB_IP_ICMP:
	case PB_IP_TCP:
	case PB_IP_UDP:
	case PB_IP_ESP:
	case PB_IP_AH:
	case PB_IP_ICMPV6:
		return 1;
	case PB_IP_IPIP:
	case PB_IP_IPV6:
		exp[TS_C_IPIP] = 1;
		return 1;
	case PB_IP_NONE:
		exp[v6 ? TS_C_IPV6_NO_NEXT : TS_C_IP_OTHER] = 1;
		return 0;
	case PB_IP_HOPOPTS:
	case PB_IP_ROUTING:
	case PB_IP_FRAGMENT:
	case PB_IP_DSTOPTS:
		if (v6)
			return 1;
		/* fallthrough */
	default:
		exp[TS_C_IP_OTHER] = 1;
		return 0;
	}
}

/*
 * RFC 9293 3.1 control bits; SYN splits on ACK (handshake vs answer).
 * Combinations no TCP state accepts (RFC 9293 3.10.7: a segment other than
 * the first SYN must carry ACK; SYN with FIN or RST is no connection step)
 * are counted once more each and together as tcp_invalid_flags.
 */
static void model_tcp_flags(uint8_t f, uint8_t *exp)
{
	int bad = 0;

	if (!f)
		exp[TS_C_TCP_NOFLAGS] = bad = 1;
	if ((f & (PB_TCP_SYN | PB_TCP_FIN)) == (PB_TCP_SYN | PB_TCP_FIN))
		exp[TS_C_TCP_SYN_FIN] = bad = 1;
	if ((f & (PB_TCP_SYN | PB_TCP_RST)) == (PB_TCP_SYN | PB_TCP_RST))
		exp[TS_C_TCP_SYN_RST] = bad = 1;
	if ((f & (PB_TCP_FIN | PB_TCP_ACK)) == PB_TCP_FIN)
		exp[TS_C_TCP_FIN_NO_ACK] = bad = 1;
	if ((f & (PB_TCP_FIN | PB_TCP_PSH | PB_TCP_URG)) == (PB_TCP_FIN | PB_TCP_PSH | PB_TCP_URG))
		exp[TS_C_TCP_XMAS] = bad = 1;
	if (bad)
		exp[TS_C_TCP_INVALID] = 1;
	if (f & PB_TCP_SYN)
		exp[f & PB_TCP_ACK ? TS_C_TCP_SYNACK : TS_C_TCP_SYN] = 1;
	if (f & PB_TCP_FIN)
		exp[TS_C_TCP_FIN] = 1;
	if (f & PB_TCP_RST)
		exp[TS_C_TCP_RST] = 1;
	if (f & PB_TCP_PSH)
		exp[TS_C_TCP_PSH] = 1;
	if (f & PB_TCP_ACK)
		exp[TS_C_TCP_ACK] = 1;
	if (f & PB_TCP_URG)
		exp[TS_C_TCP_URG] = 1;
	if (f & PB_TCP_ECE)
		exp[TS_C_TCP_ECE] = 1;
	if (f & PB_TCP_CWR)
		exp[TS_C_TCP_CWR] = 1;
}

/* ICMP messages that quote the offending datagram (RFC 792; RFC 4443 2.1). */
static int icmp_quotes(int kind, uint8_t type)
{
	if (kind == PB_K_ICMPV6)
		return type >= 1 && type <= 4;
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static int trunc_counter(int kind)
{
	switch (kind) {
	case PB_K_ETH:		return TS_C_ERR_ETH_TRUNCATED;
	case PB_K_VLAN:		return TS_C_ERR_VLAN_TRUNCATED;
	case PB_K_LLC:		return TS_C_ERR_LLC_TRUNCATED;
	case PB_K_IPV4:		return TS_C_ERR_IPV4_TRUNCATED;
	case PB_K_IPV6:		return TS_C_ERR_IPV6_TRUNCATED;
	case PB_K_HOPOPTS:
	case PB_K_ROUTING:
	case PB_K_DSTOPTS:
	case PB_K_FRAG6:	return TS_C_ERR_IPV6_EXT_TRUNCATED;
	case PB_K_AH:		return TS_C_ERR_AH_TRUNCATED;
	case PB_K_TCP:		return TS_C_ERR_TCP_TRUNCATED;
	case PB_K_UDP:		return TS_C_ERR_UDP_TRUNCATED;
	case PB_K_ICMP:		return TS_C_ERR_ICMP_TRUNCATED;
	case PB_K_ICMPV6:	return TS_C_ERR_ICMPV6_TRUNCATED;
	case PB_K_ESP:		return TS_C_ERR_ESP_TRUNCATED;
	}
	return TS_C_TOTAL;
}

/*
 * Expected counters for the frame p cut at `cut` bytes; wire_cut: the
 * wire length is the cut too (else the whole frame). See the file head.
 */
static void model(const struct pb *p, uint32_t cut, int wire_cut, uint8_t *exp)
{
	int quoting = 0, v6 = 0, vlans = 0, tunnel = 0, i;
	uint32_t quote_at = 0;

	memset(exp, 0, __TS_C_MAX);
	exp[TS_C_TOTAL] = 1;
	for (i = 0; i < p->nmarks; i++) {
		const struct pb_mark *m = &p->m[i];
		const uint8_t *h = p->d + m->start;
		uint32_t end = m->start + m->len, n;
		uint16_t t;

		if (quoting && m->start == quote_at && cut <= quote_at)
			return;				/* empty quote */
		if (end > cut) {
			if (quoting && m->kind == PB_K_TCP && cut >= m->start + 8) {
				exp[TS_C_TCP] = 1;	/* RFC 792: 64 bits quoted */
				return;
			}
			exp[trunc_counter(m->kind)] = 1;
			return;
		}
		switch (m->kind) {
		case PB_K_ETH:
			exp[TS_C_ETH] = 1;
			t = pb_r16(h + 12);
			if (t >= 0x0600 && !ethertype_parsed(t)) {
				exp[TS_C_ETH_OTHER] = 1;
				return;
			}
			break;
		case PB_K_VLAN:
			exp[TS_C_VLAN] = 1;
			if (++vlans == 2)
				exp[TS_C_QINQ] = 1;
			if (!ethertype_parsed(pb_r16(h + 2))) {
				exp[TS_C_ETH_OTHER] = 1;
				return;
			}
			break;
		case PB_K_LLC:
			exp[TS_C_LLC] = 1;
			return;
		case PB_K_IPV4:
			n = pb_r16(h + 2);
			if (wire_cut && !quoting && m->start + n > cut) {
				exp[TS_C_ERR_IPV4_LEN_BEYOND_FRAME] = 1;
				return;
			}
			exp[TS_C_IPV4] = 1;
			if (m->len > 20)
				exp[TS_C_IPV4_OPTIONS] = 1;
			v6 = 0;
			t = pb_r16(h + 6);
			if (t & (PB_IP4_MF | 0x1fff)) {
				exp[TS_C_IPV4_FRAGMENT] = 1;
				if (t & 0x1fff) {
					exp[TS_C_IPV4_FRAG_LATER] = 1;
					return;
				}
				exp[TS_C_IPV4_FRAG_FIRST] = 1;
			}
			tunnel |= !quoting && (h[9] == PB_IP_IPIP || h[9] == PB_IP_IPV6);
			if (!model_ipproto(h[9], v6, exp))
				return;
			break;
		case PB_K_IPV6:
			n = pb_r16(h + 4);
			if (wire_cut && !quoting && n && m->start + 40 + n > cut) {
				exp[TS_C_ERR_IPV6_LEN_BEYOND_FRAME] = 1;
				return;
			}
			exp[TS_C_IPV6] = 1;
			v6 = 1;
			tunnel |= !quoting && (h[6] == PB_IP_IPIP || h[6] == PB_IP_IPV6);
			if (!model_ipproto(h[6], v6, exp))
				return;
			break;
		case PB_K_HOPOPTS:
		case PB_K_ROUTING:
		case PB_K_DSTOPTS:
			exp[m->kind == PB_K_HOPOPTS ? TS_C_IPV6_HOPOPTS :
			    m->kind == PB_K_ROUTING ? TS_C_IPV6_ROUTING :
						      TS_C_IPV6_DSTOPTS] = 1;
			tunnel |= !quoting && (h[0] == PB_IP_IPIP || h[0] == PB_IP_IPV6);
			if (!model_ipproto(h[0], v6, exp))
				return;
			break;
		case PB_K_FRAG6:
			exp[TS_C_IPV6_FRAGMENT] = 1;
			if (pb_r16(h + 2) & 0xfff8) {
				exp[TS_C_IPV6_FRAG_LATER] = 1;
				return;
			}
			exp[TS_C_IPV6_FRAG_FIRST] = 1;
			tunnel |= !quoting && (h[0] == PB_IP_IPIP || h[0] == PB_IP_IPV6);
			if (!model_ipproto(h[0], v6, exp))
				return;
			break;
		case PB_K_AH:
			exp[TS_C_AH] = 1;
			tunnel |= !quoting && (h[0] == PB_IP_IPIP || h[0] == PB_IP_IPV6);
			if (!model_ipproto(h[0], v6, exp))
				return;
			break;
		case PB_K_TCP:
			exp[TS_C_TCP] = 1;
			model_tcp_flags(h[13], exp);
			if (quoting)
				return;		/* a quote is not traffic */
			if (tunnel)
				exp[TS_C_TCP_INNER] = 1;
			/* RFC 9293 3.5: a SYN alone opens; fresh_flow() makes it new */
			if ((h[13] & (PB_TCP_SYN | PB_TCP_ACK | PB_TCP_RST | PB_TCP_FIN)) == PB_TCP_SYN)
				exp[TS_C_TCP_HS_SYN] = 1;
			return;
		case PB_K_UDP:
			exp[TS_C_UDP] = 1;
			return;
		case PB_K_ESP:
			exp[TS_C_ESP] = 1;
			return;
		case PB_K_ICMP:
		case PB_K_ICMPV6:
			exp[m->kind == PB_K_ICMP ? TS_C_ICMP : TS_C_ICMPV6] = 1;
			if (quoting || !icmp_quotes(m->kind, h[0]))
				return;
			quoting = 1;
			quote_at = end;
			break;
		}
	}
}

/* ------------------------------------------------------------------------
 * Packets. Ports stay clear of the ones later issues parse (PPTP 1723,
 * L2TP 1701, IKE 500/4500, RADIUS, TLS 443): 49152 -> 7 (echo) or 9
 * (discard). Small frames are padded to the 60-byte Ethernet minimum.
 */
#define SPORT 49152
#define DPORT_UDP 7

static void fin60(struct pb *p)
{
	pb_done(p);
	pb_pad_to(p, 60);
}

/* --- Ethernet, LLC, VLAN --- */

static void b_eth_other(struct pb *p)
{
	pb_eth(p, PB_ETH_LOCAL1);
	pb_data(p, 28);
	fin60(p);
}

static void b_eth_header_only(struct pb *p)
{
	pb_eth(p, PB_ETH_LOCAL1);
	pb_done(p);
}

static void b_llc_stp(struct pb *p)
{
	pb_eth_8023(p);
	pb_llc(p, 0x42, 0x42, 0x03);		/* STP BPDU, UI */
	pb_data(p, 35);
	fin60(p);
}

static void b_llc_iframe(struct pb *p)
{
	pb_eth_8023(p);
	pb_llc(p, 0xf0, 0xf0, 0x0200);		/* NetBIOS, I-format N(S)=1 */
	pb_data(p, 20);
	fin60(p);
}

static void b_llc_trunc(struct pb *p)
{
	pb_eth(p, 2);				/* 802.3, 2 bytes follow */
	pb_w16(p, pb_zero(p, 2), 0x4242);
	pb_done(p);
}

/* 802.2 5.3: an I-format control field is 2 bytes; only its first is here. */
static void b_llc_iframe_trunc(struct pb *p)
{
	pb_eth(p, 3);
	pb_llc(p, 0xf0, 0xf0, 0x0200);
	pb_cut(p, 17);
	pb_done(p);
}

static void ip4_udp(struct pb *p, uint32_t data)
{
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, data);
}

static void b_vlan_ipv4_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_8021Q);
	pb_vlan(p, 100, PB_ETH_IPV4);
	ip4_udp(p, 12);
	fin60(p);
}

static void b_vlan_prio_tag(struct pb *p)
{
	pb_eth(p, PB_ETH_8021Q);
	pb_vlan(p, 0, PB_ETH_IPV4);		/* 802.1Q priority tag: VID 0 */
	ip4_udp(p, 12);
	fin60(p);
}

static void b_qinq_ipv6_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_8021AD);
	pb_vlan(p, 10, PB_ETH_8021Q);
	pb_vlan(p, 20, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_TCP);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_done(p);
}

static void b_qinq9100_icmp(struct pb *p)
{
	pb_eth(p, PB_ETH_QINQ);
	pb_vlan(p, 10, PB_ETH_8021Q);
	pb_vlan(p, 20, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00010001);
	pb_data(p, 16);
	fin60(p);
}

static void b_vlan_eth_other(struct pb *p)
{
	pb_eth(p, PB_ETH_8021Q);
	pb_vlan(p, 100, PB_ETH_LOCAL1);
	pb_data(p, 28);
	fin60(p);
}

static void b_vlan_trunc(struct pb *p)
{
	pb_eth(p, PB_ETH_8021Q);
	pb_zero(p, 2);
	pb_done(p);
}

static void b_vlan_trunc2(struct pb *p)
{
	pb_eth(p, PB_ETH_8021AD);
	pb_vlan(p, 10, PB_ETH_8021Q);
	pb_zero(p, 2);
	pb_done(p);
}

static void b_vlan_limit(struct pb *p)
{
	pb_eth(p, PB_ETH_8021AD);
	pb_vlan(p, 10, PB_ETH_8021Q);
	pb_vlan(p, 20, PB_ETH_8021Q);
	pb_vlan(p, 30, PB_ETH_IPV4);
	ip4_udp(p, 8);
	fin60(p);
}

/* --- IPv4 --- */

static void b_ipv4_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	ip4_udp(p, 4);
	fin60(p);
}

static void b_ipv4_tcp_syn(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = PB_IP4_DF);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_SYN, .doff = 10);
	fin60(p);
}

static void b_ipv4_opts_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .ihl = 6);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 4);
	fin60(p);
}

static void b_ipv4_opts15_icmp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP, .ihl = 15);
	pb_icmp(p, 8, 0, 0x00010002);
	pb_data(p, 8);
	fin60(p);
}

static void b_ipv4_frag_first_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = PB_IP4_MF);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_PSH | PB_TCP_ACK);
	pb_data(p, 32);
	fin60(p);
}

/*
 * RFC 1858's tiny fragment: a first fragment with only 8 bytes of TCP
 * (ports and sequence number), the flags pushed into the next fragment.
 */
static void b_ipv4_frag_tiny_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = PB_IP4_MF);
	pb_data(p, 8);
	fin60(p);
}

/*
 * RFC 768: the UDP length covers the whole datagram; when IP fragments it
 * (RFC 791 2.3), the first fragment carries the header with that length
 * and only part of the data. A 3000-byte datagram, first 1480 bytes.
 */
static void b_ipv4_frag_first_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .frag = PB_IP4_MF);
	pb_udp(p, SPORT, DPORT_UDP, 3000);
	pb_data(p, 1472);
	pb_done(p);
}

static void b_ipv4_frag_later(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .frag = PB_IP4_MF | 185);
	pb_data(p, 40);				/* no UDP header here */
	pb_done(p);
}

static void b_ipv4_frag_last(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = 370);
	pb_data(p, 40);
	pb_done(p);
}

static void b_ipv4_proto_exp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_EXP);
	pb_data(p, 8);
	fin60(p);
}

static void b_ipv4_proto_none(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_NONE);
	pb_data(p, 8);
	fin60(p);
}

static void b_ipv4_proto_routing(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ROUTING);
	pb_data(p, 8);
	fin60(p);
}

/* A 1514-byte frame captured with snaplen 54: all headers are present. */
static void b_ipv4_tcp_full(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = PB_IP4_DF);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_data(p, 1460);
	pb_done(p);
}

static void b_ipv4_trunc19(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .tot_len = 28);
	pb_cut(p, 14 + 19);
	pb_done(p);
}

static void b_ipv4_trunc_opts(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .ihl = 15, .tot_len = 68);
	pb_cut(p, 14 + 28);
	pb_done(p);
}

static void b_vlan_ipv4_trunc(struct pb *p)
{
	pb_eth(p, PB_ETH_8021Q);
	pb_vlan(p, 100, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .tot_len = 28);
	pb_cut(p, 18 + 10);
	pb_done(p);
}

static void b_ipv4_ver6(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .version = 6);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

static void b_ipv4_ver0(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .version = 0xf);
	pb_w8(p, 14, 0x05);			/* version 0, IHL 5 */
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

static void b_ipv4_ihl4(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .ihl = 4);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

static void b_ipv4_ihl0(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_w8(p, 14, 0x40);			/* version 4, IHL 0 */
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

static void b_ipv4_tot19(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .tot_len = 19);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

static void b_ipv4_tot0(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .tot_len = PB_LEN0);	/* TSO capture */
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_data(p, 100);
	pb_done(p);
}

static void b_ipv4_tot_lt_ihl(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .ihl = 6, .tot_len = 20);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

static void b_ipv4_len_beyond(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .tot_len = 20 + 8 + 20 + 1);
	pb_udp(p, SPORT, DPORT_UDP, 28);
	pb_data(p, 20);
	pb_done(p);
}

static void b_ipip_inner_beyond(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_IPIP);
	PB_IPV4(p, .proto = PB_IP_UDP, .tot_len = 20 + 8 + 20 + 1);
	pb_udp(p, SPORT, DPORT_UDP, 28);
	pb_data(p, 20);
	pb_done(p);
	pb_pad_to(p, 14 + 20 + 49 + 4);		/* the frame holds it, the outer IP does not */
}

/* --- IPv6 --- */

static void b_ipv6_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv6_tcp_synack(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_TCP);
	PB_TCP(p, .sport = DPORT_TCP, .dport = SPORT, .flags = PB_TCP_SYN | PB_TCP_ACK,
	       .doff = 10, .ack = 0x01000001);
	pb_done(p);
}

static void b_ipv6_hop_icmpv6(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_HOPOPTS);
	pb_ip6_opts(p, PB_IP_HOPOPTS, PB_IP_ICMPV6, 0);
	pb_icmp6(p, 128, 0, 0x00010001);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv6_routing_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ROUTING);
	pb_ip6_routing(p, PB_IP_UDP, 2, 1, 2);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv6_dst_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	pb_ip6_opts(p, PB_IP_DSTOPTS, PB_IP_TCP, 1);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_done(p);
}

/* RFC 8200 4.1 order: hop-by-hop, dst-opts, routing, fragment, AH, dst-opts. */
static void b_ipv6_chain(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_HOPOPTS);
	pb_ip6_opts(p, PB_IP_HOPOPTS, PB_IP_DSTOPTS, 0);
	pb_ip6_opts(p, PB_IP_DSTOPTS, PB_IP_ROUTING, 0);
	pb_ip6_routing(p, PB_IP_FRAGMENT, 2, 1, 2);
	pb_ip6_frag(p, PB_IP_AH, 0, 1, 0x11223344);
	pb_ah(p, PB_IP_DSTOPTS, 4, 0x1000);
	pb_ip6_opts(p, PB_IP_DSTOPTS, PB_IP_ICMPV6, 0);
	pb_icmp6(p, 128, 0, 0x00010001);
	pb_data(p, 16);
	pb_done(p);
}

static void b_ipv6_frag_first_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_FRAGMENT);
	pb_ip6_frag(p, PB_IP_TCP, 0, 1, 0x55);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_data(p, 64);
	pb_done(p);
}

/* As b_ipv4_frag_first_udp (RFC 768, RFC 8200 4.5): a 3000-byte datagram. */
static void b_ipv6_frag_first_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_FRAGMENT);
	pb_ip6_frag(p, PB_IP_UDP, 0, 1, 0x56);
	pb_udp(p, SPORT, DPORT_UDP, 3000);
	pb_data(p, 1224);
	pb_done(p);
}

static void b_ipv6_frag_later(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_FRAGMENT);
	pb_ip6_frag(p, PB_IP_UDP, 1232 / 8, 0, 0x56);
	pb_data(p, 40);
	pb_done(p);
}

static void b_ipv6_no_next(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_NONE);
	pb_done(p);
}

static void b_ipv6_dst_no_next(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	pb_ip6_opts(p, PB_IP_DSTOPTS, PB_IP_NONE, 0);
	pb_done(p);
}

static void b_ipv6_proto_exp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_EXP);
	pb_data(p, 8);
	pb_done(p);
}

static void dstopts_chain(struct pb *p, int n, uint8_t last_next)
{
	int i;

	for (i = 0; i < n; i++)
		pb_ip6_opts(p, PB_IP_DSTOPTS, i == n - 1 ? last_next : PB_IP_DSTOPTS, 0);
}

static void b_ipv6_ext_at_limit(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	dstopts_chain(p, TS_MAX_IPV6_EXT, PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv6_ext_limit(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	dstopts_chain(p, TS_MAX_IPV6_EXT + 1, PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

/* The limit counts per IPv6 header: a full chain, IPv6 in IPv6, one more. */
static void b_ipv6_ext_per_header(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	dstopts_chain(p, TS_MAX_IPV6_EXT, PB_IP_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	dstopts_chain(p, 1, PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

/*
 * An AH after an inner IPv4 header belongs to that header (RFC 4302 3.1.1):
 * the IPv6 extension count of the outer header does not apply to it.
 */
static void b_ipv6_chain_ipv4_ah(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	dstopts_chain(p, TS_MAX_IPV6_EXT, PB_IP_IPIP);
	PB_IPV4(p, .proto = PB_IP_AH);
	pb_ah(p, PB_IP_UDP, 4, 0x2000);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv6_trunc39(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_UDP, .plen = 8);
	pb_cut(p, 14 + 39);
	pb_done(p);
}

static void b_ipv6_ver4(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_UDP, .version = 4);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv6_len_beyond(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_UDP, .plen = 8 + 8 + 1);
	pb_udp(p, SPORT, DPORT_UDP, 16);
	pb_data(p, 8);
	pb_done(p);
}

/* hop-by-hop (16 bytes) + UDP, for the snaplen cuts below */
static void b_ipv6_hop16_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_HOPOPTS);
	pb_ip6_opts(p, PB_IP_HOPOPTS, PB_IP_UDP, 1);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv6_frag_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_FRAGMENT);
	pb_ip6_frag(p, PB_IP_UDP, 0, 0, 0x57);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

/*
 * RFC 8200 4: extension headers are part of the payload that the payload
 * length counts. A 16-byte hop-by-hop header in an 8-byte payload does not
 * fit, even though Ethernet padding follows in the frame.
 */
static void b_ipv6_hop_beyond_plen(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_HOPOPTS, .plen = 8);
	pb_ip6_opts(p, PB_IP_HOPOPTS, PB_IP_NONE, 1);
	pb_done(p);
	pb_pad_to(p, 14 + 40 + 16 + 8);
}

/* --- AH, ESP --- */

static void b_ipv4_ah_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_AH);
	pb_ah(p, PB_IP_TCP, 4, 0x1000);		/* 12-byte ICV (HMAC-SHA1-96) */
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_done(p);
}

static void b_ipv6_ah_icmpv6(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_AH);
	pb_ah(p, PB_IP_ICMPV6, 4, 0x1000);
	pb_icmp6(p, 128, 0, 0x00010001);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ipv4_ah_esp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_AH);
	pb_ah(p, PB_IP_ESP, 4, 0x1000);
	pb_esp(p, 0x2000, 1);
	pb_data(p, 32);
	pb_done(p);
}

static void b_ah_len0(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_AH);
	pb_ah(p, PB_IP_UDP, 0, 0x1000);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_ah_beyond_ip(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_AH, .tot_len = 20 + 16);
	pb_ah(p, PB_IP_NONE, 4, 0x1000);	/* 24 bytes in a 16-byte payload */
	pb_done(p);
	pb_pad_to(p, 60);
}

/* RFC 4302 2.2: in IPv6 the AH length must be a multiple of 8 octets. */
static void b_ah_v6_not8(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_AH);
	pb_ah(p, PB_IP_NONE, 3, 0x1000);	/* 20 bytes */
	pb_done(p);
}

static void b_ipv4_esp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ESP);
	pb_esp(p, 0x3000, 7);
	pb_data(p, 48);
	pb_done(p);
}

static void b_ipv6_dst_esp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_DSTOPTS);
	pb_ip6_opts(p, PB_IP_DSTOPTS, PB_IP_ESP, 0);
	pb_esp(p, 0x3001, 9);
	pb_data(p, 48);
	pb_done(p);
}

/* RFC 4303 2: SPI and sequence are the 8 bytes before the payload. */
static void b_esp_beyond_ip(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ESP, .tot_len = 20 + 4);
	pb_esp(p, 0x3000, 7);
	pb_done(p);
	pb_pad_to(p, 60);
}

/* --- TCP --- */

static void ip4_tcp(struct pb *p, uint8_t flags, uint8_t doff, uint32_t data)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = flags, .doff = doff);
	pb_data(p, data);
	fin60(p);
}

static void b_tcp_finack(struct pb *p) { ip4_tcp(p, PB_TCP_FIN | PB_TCP_ACK, 0, 0); }
static void b_tcp_rst(struct pb *p) { ip4_tcp(p, PB_TCP_RST, 0, 0); }
static void b_tcp_rstack(struct pb *p) { ip4_tcp(p, PB_TCP_RST | PB_TCP_ACK, 0, 0); }
static void b_tcp_pshack(struct pb *p) { ip4_tcp(p, PB_TCP_PSH | PB_TCP_ACK, 8, 100); }
static void b_tcp_urg(struct pb *p) { ip4_tcp(p, PB_TCP_URG | PB_TCP_ACK, 0, 10); }
static void b_tcp_ecn_syn(struct pb *p) { ip4_tcp(p, PB_TCP_SYN | PB_TCP_ECE | PB_TCP_CWR, 10, 0); }
static void b_tcp_noflags(struct pb *p) { ip4_tcp(p, 0, 0, 0); }
static void b_tcp_fin(struct pb *p) { ip4_tcp(p, PB_TCP_FIN, 0, 0); }
static void b_tcp_synfin(struct pb *p) { ip4_tcp(p, PB_TCP_SYN | PB_TCP_FIN, 0, 0); }
static void b_tcp_synrst(struct pb *p) { ip4_tcp(p, PB_TCP_SYN | PB_TCP_RST, 0, 0); }
static void b_tcp_xmas(struct pb *p) { ip4_tcp(p, PB_TCP_FIN | PB_TCP_PSH | PB_TCP_URG, 0, 0); }
static void b_tcp_allflags(struct pb *p) { ip4_tcp(p, 0xff, 0, 0); }
static void b_tcp_doff15(struct pb *p) { ip4_tcp(p, PB_TCP_ACK, 15, 0); }
static void b_tcp_doff4(struct pb *p) { ip4_tcp(p, PB_TCP_ACK, 4, 8); }

static void b_tcp_reserved_bits(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK, .res = 0xf);
	fin60(p);
}

static void b_tcp_doff0(struct pb *p)
{
	ip4_tcp(p, PB_TCP_ACK, 0, 8);
	pb_w8(p, 14 + 20 + 12, 0x00);		/* data offset 0 */
}

/* doff 15 (60 bytes) in a 24-byte segment: the options would run past it */
static void b_tcp_doff_beyond(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .tot_len = 20 + 24);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK, .doff = 15);
	pb_done(p);
}

/* RFC 9293 3.1: the 20 fixed bytes lie beyond the 10-byte IP payload. */
static void b_tcp_beyond_ip(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .tot_len = 20 + 10);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_done(p);
	pb_pad_to(p, 60);
}

static void b_ipv4_tcp_opts_data(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK, .doff = 10);
	pb_data(p, 20);
	pb_done(p);
}

/* --- UDP --- */

static void b_udp_empty(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	ip4_udp(p, 0);
	fin60(p);
}

/* RFC 768: the length is the datagram's; IP may carry bytes after it. */
static void b_udp_shorter(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 8 + 4);
	pb_data(p, 10);
	fin60(p);
}

static void b_udp_beyond_ip(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .tot_len = 20 + 4);
	pb_udp(p, SPORT, DPORT_UDP, 8);
	pb_done(p);
	pb_pad_to(p, 60);
}

static void ip4_udp_len(struct pb *p, uint32_t udplen)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, udplen);
	pb_data(p, 12);
	fin60(p);
}

static void b_udp_len7(struct pb *p) { ip4_udp_len(p, 7); }
static void b_udp_len0(struct pb *p) { ip4_udp_len(p, PB_LEN0); }
static void b_udp_len_beyond(struct pb *p) { ip4_udp_len(p, 8 + 12 + 1); }

static void b_udp6_len_beyond(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 8 + 8 + 1);
	pb_data(p, 8);
	pb_done(p);
}

/* --- ICMP --- */

static void b_icmp_echo(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00010001);
	pb_data(p, 56);
	pb_done(p);
}

static void b_icmp_echo_reply(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 0, 0, 0x00010001);
	pb_data(p, 56);
	pb_done(p);
}

/* ICMP error in IPv4; the caller appends the quote. */
static void icmp_err(struct pb *p, uint8_t type, uint8_t code)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP, .ttl = 255);
	pb_icmp(p, type, code, 0);
}

/* The quoted datagram: as sent from 198.51.100.2, its length is `tot`. */
static void q_ipv4(struct pb *p, uint8_t proto, uint8_t ihl, uint32_t tot)
{
	PB_IPV4(p, .proto = proto, .ihl = ihl, .tot_len = tot);
}

static void b_icmp_unreach_udp(struct pb *p)
{
	icmp_err(p, 3, 3);
	q_ipv4(p, PB_IP_UDP, 0, 0);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

/* Quoted UDP claims 1000 bytes; the quote holds 8: lengths are not checked in quotes. */
static void b_icmp_unreach_udp_long(struct pb *p)
{
	icmp_err(p, 3, 3);
	q_ipv4(p, PB_IP_UDP, 0, 1028);
	pb_udp(p, SPORT, DPORT_UDP, 1008);
	pb_done(p);
}

static void b_icmp_timex_tcp8(struct pb *p)
{
	uint32_t q;

	icmp_err(p, 11, 0);
	q = p->len;
	q_ipv4(p, PB_IP_TCP, 0, 60);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_cut(p, q + 20 + 8);			/* RFC 792: header + 64 bits */
	pb_done(p);
}

static void b_icmp_timex_tcp_opts_cut(struct pb *p)
{
	uint32_t q;

	icmp_err(p, 11, 0);
	q = p->len;
	q_ipv4(p, PB_IP_TCP, 0, 60);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_SYN, .doff = 10);
	pb_cut(p, q + 20 + 20);			/* the options are not quoted */
	pb_done(p);
}

static void b_icmp_param_opts_icmp(struct pb *p)
{
	icmp_err(p, 12, 0);
	q_ipv4(p, PB_IP_ICMP, 6, 0);
	pb_icmp(p, 8, 0, 0x00010003);
	pb_data(p, 8);
	pb_done(p);
}

static void b_icmp_redirect_udp(struct pb *p)
{
	icmp_err(p, 5, 1);
	q_ipv4(p, PB_IP_UDP, 0, 0);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_icmp_source_quench_tcp(struct pb *p)
{
	icmp_err(p, 4, 0);
	q_ipv4(p, PB_IP_TCP, 0, 0);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_PSH | PB_TCP_ACK);
	pb_data(p, 8);
	pb_done(p);
}

static void b_icmp_beyond_ip(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP, .tot_len = 20 + 4);
	pb_icmp(p, 8, 0, 0x00010001);
	pb_done(p);
	pb_pad_to(p, 60);
}

static void b_icmp_quote_udp_len4(struct pb *p)
{
	icmp_err(p, 3, 3);
	q_ipv4(p, PB_IP_UDP, 0, 0);
	pb_udp(p, SPORT, DPORT_UDP, 4);
	pb_data(p, 8);
	pb_done(p);
}

static void b_icmp_quote_tcp4(struct pb *p)
{
	uint32_t q;

	icmp_err(p, 3, 3);
	q = p->len;
	q_ipv4(p, PB_IP_TCP, 0, 60);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_cut(p, q + 20 + 4);
	pb_done(p);
}

/* --- ICMPv6 --- */

static void b_icmpv6_echo(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ICMPV6);
	pb_icmp6(p, 128, 0, 0x00010001);
	pb_data(p, 56);
	pb_done(p);
}

static void b_icmpv6_ns(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ICMPV6, .hlim = 255);
	pb_icmp6(p, 135, 0, 0);
	pb_data(p, 16 + 8);			/* target, source link-layer option */
	pb_done(p);
}

static void icmp6_err(struct pb *p, uint8_t type, uint8_t code, uint32_t rest)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ICMPV6);
	pb_icmp6(p, type, code, rest);
}

static void b_icmpv6_unreach_udp(struct pb *p)
{
	icmp6_err(p, 1, 4, 0);
	PB_IPV6(p, .next = PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 12);
	pb_done(p);
}

static void b_icmpv6_ptb_tcp(struct pb *p)
{
	icmp6_err(p, 2, 0, 1280);
	PB_IPV6(p, .next = PB_IP_TCP, .plen = 1440);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_PSH | PB_TCP_ACK);
	pb_data(p, 24);
	pb_done(p);
}

static void b_icmpv6_timex_frag_udp(struct pb *p)
{
	icmp6_err(p, 3, 1, 0);
	PB_IPV6(p, .next = PB_IP_FRAGMENT, .plen = 1240);
	pb_ip6_frag(p, PB_IP_UDP, 0, 1, 0x77);
	pb_udp(p, SPORT, DPORT_UDP, 3000);
	pb_data(p, 16);
	pb_done(p);
}

static void b_icmpv6_param_hop(struct pb *p)
{
	icmp6_err(p, 4, 1, 40);
	PB_IPV6(p, .next = PB_IP_HOPOPTS);
	pb_ip6_opts(p, PB_IP_HOPOPTS, PB_IP_ICMPV6, 0);
	pb_icmp6(p, 128, 0, 0x00010001);
	pb_data(p, 8);
	pb_done(p);
}

static void b_icmpv6_beyond_ip(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ICMPV6, .plen = 4);
	pb_icmp6(p, 128, 0, 0x00010001);
	pb_done(p);
	pb_pad_to(p, 14 + 40 + 8);
}

/* --- IP in IP, layer limit --- */

static void b_4in4_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_IPIP);
	ip4_udp(p, 8);
	pb_done(p);
}

static void b_6in4_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_IPV6);
	PB_IPV6(p, .next = PB_IP_TCP);
	PB_TCP(p, .sport = SPORT, .dport = DPORT_TCP, .flags = PB_TCP_ACK);
	pb_done(p);
}

static void b_4in6_icmp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_IPIP);
	PB_IPV4(p, .proto = PB_IP_ICMP);
	pb_icmp(p, 8, 0, 0x00010001);
	pb_data(p, 8);
	pb_done(p);
}

static void b_6in6_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_IPV6);
	PB_IPV6(p, .next = PB_IP_UDP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

/*
 * n IPv4 headers nested (RFC 2003), UDP in the innermost. The dispatcher
 * walks Ethernet, n IPv4 headers and UDP: n + 2 layers.
 */
static void nested_ipv4(struct pb *p, int n)
{
	int i;

	pb_eth(p, PB_ETH_IPV4);
	for (i = 0; i < n; i++)
		PB_IPV4(p, .proto = i == n - 1 ? PB_IP_UDP : PB_IP_IPIP);
	pb_udp(p, SPORT, DPORT_UDP, 0);
	pb_data(p, 8);
	pb_done(p);
}

static void b_layers_at_limit(struct pb *p) { nested_ipv4(p, TS_MAX_LAYERS - 2); }
static void b_layers_over_limit(struct pb *p) { nested_ipv4(p, TS_MAX_LAYERS - 1); }

/* ------------------------------------------------------------------------
 * The table. Counter lists are the exact set that moves by one.
 */
#define T TS_C_TOTAL
#define E TS_C_ETH

static const struct row rows[] = {
	/* Ethernet (IEEE 802.3 3.2.6), LLC (802.2), VLAN (802.1Q) */
	{ "eth: EtherType not parsed (0x88B5)", b_eth_other, EXP(T, E, TS_C_ETH_OTHER), 0 },
	{ "eth: header only, 14 bytes", b_eth_header_only, EXP(T, E, TS_C_ETH_OTHER), 0 },
	{ "llc: 802.3 STP BPDU, U-format control", b_llc_stp, EXP(T, E, TS_C_LLC), 0 },
	{ "llc: 802.3 I-format, 2-byte control", b_llc_iframe, EXP(T, E, TS_C_LLC), 0 },
	{ "llc_truncated: 802.3 frame with 2 LLC bytes", b_llc_trunc,
	  EXP(T, E, TS_C_ERR_LLC_TRUNCATED), 0 },
	{ "llc_truncated: I-format control cut to 1 of 2 bytes (802.2 5.3)",
	  b_llc_iframe_trunc, EXP(T, E, TS_C_ERR_LLC_TRUNCATED), 0 },
	{ "vlan: 802.1Q + IPv4/UDP", b_vlan_ipv4_udp, EXP(T, E, TS_C_VLAN, TS_C_IPV4, TS_C_UDP), 0 },
	{ "vlan: priority tag (VID 0) + IPv4/UDP", b_vlan_prio_tag,
	  EXP(T, E, TS_C_VLAN, TS_C_IPV4, TS_C_UDP), 0 },
	{ "vlan: 802.1ad + 802.1Q (QinQ) + IPv6/TCP", b_qinq_ipv6_tcp,
	  EXP(T, E, TS_C_VLAN, TS_C_QINQ, TS_C_IPV6, TS_C_TCP, TS_C_TCP_ACK), 0 },
	{ "vlan: 0x9100 + 802.1Q + IPv4/ICMP", b_qinq9100_icmp,
	  EXP(T, E, TS_C_VLAN, TS_C_QINQ, TS_C_IPV4, TS_C_ICMP), 0 },
	{ "vlan: 802.1Q + EtherType not parsed", b_vlan_eth_other,
	  EXP(T, E, TS_C_VLAN, TS_C_ETH_OTHER), 0 },
	{ "vlan_truncated: tag cut to 2 bytes", b_vlan_trunc, EXP(T, E, TS_C_ERR_VLAN_TRUNCATED), 0 },
	{ "vlan_truncated: second tag cut", b_vlan_trunc2,
	  EXP(T, E, TS_C_VLAN, TS_C_ERR_VLAN_TRUNCATED), 0 },
	{ "vlan_limit: three tags", b_vlan_limit,
	  EXP(T, E, TS_C_VLAN, TS_C_QINQ, TS_C_ERR_VLAN_LIMIT), 0 },

	/* IPv4 (RFC 791) */
	{ "ipv4: UDP", b_ipv4_udp, EXP(T, E, TS_C_IPV4, TS_C_UDP), 0 },
	{ "ipv4: DF, TCP SYN with options", b_ipv4_tcp_syn,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_SYN, TS_C_TCP_HS_SYN), 0 },
	{ "ipv4_options: IHL 6 (Router Alert) + UDP", b_ipv4_opts_udp,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_OPTIONS, TS_C_UDP), 0 },
	{ "ipv4_options: IHL 15 + ICMP echo", b_ipv4_opts15_icmp,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_OPTIONS, TS_C_ICMP), 0 },
	{ "ipv4_fragment: first (MF, offset 0) + TCP", b_ipv4_frag_first_tcp,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_FRAGMENT, TS_C_IPV4_FRAG_FIRST, TS_C_TCP,
	      TS_C_TCP_PSH, TS_C_TCP_ACK), 0 },
	{ "tcp_tiny_fragment: first fragment with 8 TCP bytes (RFC 1858)", b_ipv4_frag_tiny_tcp,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_FRAGMENT, TS_C_IPV4_FRAG_FIRST, TS_C_TCP,
	      TS_C_ERR_TCP_TINY_FRAGMENT), 0 },
	{ "ipv4_fragment: first + UDP length of the whole datagram (RFC 768)",
	  b_ipv4_frag_first_udp,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_FRAGMENT, TS_C_IPV4_FRAG_FIRST, TS_C_UDP), 0 },
	{ "ipv4_fragment: later (offset 185, MF), not parsed further", b_ipv4_frag_later,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_FRAGMENT, TS_C_IPV4_FRAG_LATER), 0 },
	{ "ipv4_fragment: last (offset 370, MF clear)", b_ipv4_frag_last,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_FRAGMENT, TS_C_IPV4_FRAG_LATER), 0 },
	{ "ip_other: IPv4 protocol 253", b_ipv4_proto_exp, EXP(T, E, TS_C_IPV4, TS_C_IP_OTHER), 0 },
	{ "ip_other: IPv4 protocol 59 (no-next is IPv6 only)", b_ipv4_proto_none,
	  EXP(T, E, TS_C_IPV4, TS_C_IP_OTHER), 0 },
	{ "ip_other: IPv4 protocol 43 (not an IPv4 header)", b_ipv4_proto_routing,
	  EXP(T, E, TS_C_IPV4, TS_C_IP_OTHER), 0 },
	{ "ipv4: snaplen 54 of a 1514-byte frame, headers whole", b_ipv4_tcp_full,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_ACK), 54 },
	{ "ipv4_truncated: 19 header bytes", b_ipv4_trunc19, EXP(T, E, TS_C_ERR_IPV4_TRUNCATED), 0 },
	{ "ipv4_truncated: IHL 15, options cut", b_ipv4_trunc_opts,
	  EXP(T, E, TS_C_ERR_IPV4_TRUNCATED), 0 },
	{ "ipv4_truncated: behind 802.1Q", b_vlan_ipv4_trunc,
	  EXP(T, E, TS_C_VLAN, TS_C_ERR_IPV4_TRUNCATED), 0 },
	{ "ipv4_truncated: snaplen cut in the header", b_ipv4_udp,
	  EXP(T, E, TS_C_ERR_IPV4_TRUNCATED), 14 + 12 },
	{ "ipv4_bad_version: 6 under EtherType 0x0800", b_ipv4_ver6,
	  EXP(T, E, TS_C_ERR_IPV4_BAD_VERSION), 0 },
	{ "ipv4_bad_version: 0", b_ipv4_ver0, EXP(T, E, TS_C_ERR_IPV4_BAD_VERSION), 0 },
	{ "ipv4_bad_ihl: IHL 4", b_ipv4_ihl4, EXP(T, E, TS_C_ERR_IPV4_BAD_IHL), 0 },
	{ "ipv4_bad_ihl: IHL 0", b_ipv4_ihl0, EXP(T, E, TS_C_ERR_IPV4_BAD_IHL), 0 },
	{ "ipv4_bad_total_len: 19 < 20", b_ipv4_tot19, EXP(T, E, TS_C_ERR_IPV4_BAD_TOTAL_LEN), 0 },
	{ "ipv4_bad_total_len: 0 (TSO capture)", b_ipv4_tot0,
	  EXP(T, E, TS_C_ERR_IPV4_BAD_TOTAL_LEN), 0 },
	{ "ipv4_bad_total_len: 20 < IHL 6 header", b_ipv4_tot_lt_ihl,
	  EXP(T, E, TS_C_ERR_IPV4_BAD_TOTAL_LEN), 0 },
	{ "ipv4_len_beyond_frame: one byte past the frame", b_ipv4_len_beyond,
	  EXP(T, E, TS_C_ERR_IPV4_LEN_BEYOND_FRAME), 0 },
	{ "ipv4_len_beyond_frame: inner IPv4 past the outer payload", b_ipip_inner_beyond,
	  EXP(T, E, TS_C_IPV4, TS_C_IPIP, TS_C_ERR_IPV4_LEN_BEYOND_FRAME), 0 },

	/* IPv6 (RFC 8200) */
	{ "ipv6: UDP", b_ipv6_udp, EXP(T, E, TS_C_IPV6, TS_C_UDP), 0 },
	{ "ipv6: TCP SYN-ACK with options", b_ipv6_tcp_synack,
	  EXP(T, E, TS_C_IPV6, TS_C_TCP, TS_C_TCP_SYNACK, TS_C_TCP_ACK), 0 },
	{ "ipv6_hopopts: + ICMPv6 echo", b_ipv6_hop_icmpv6,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_HOPOPTS, TS_C_ICMPV6), 0 },
	{ "ipv6_routing: type 2 + UDP", b_ipv6_routing_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_ROUTING, TS_C_UDP), 0 },
	{ "ipv6_dstopts: 16 bytes + TCP", b_ipv6_dst_tcp,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_DSTOPTS, TS_C_TCP, TS_C_TCP_ACK), 0 },
	{ "ipv6: hop, dst, routing, fragment, AH, dst, ICMPv6 (RFC 8200 4.1 order)",
	  b_ipv6_chain,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_HOPOPTS, TS_C_IPV6_DSTOPTS, TS_C_IPV6_ROUTING,
	      TS_C_IPV6_FRAGMENT, TS_C_IPV6_FRAG_FIRST, TS_C_AH, TS_C_ICMPV6), 0 },
	{ "ipv6_fragment: first + TCP", b_ipv6_frag_first_tcp,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_FRAGMENT, TS_C_IPV6_FRAG_FIRST, TS_C_TCP, TS_C_TCP_ACK), 0 },
	{ "ipv6_fragment: first + UDP length of the whole datagram (RFC 768)",
	  b_ipv6_frag_first_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_FRAGMENT, TS_C_IPV6_FRAG_FIRST, TS_C_UDP), 0 },
	{ "ipv6_fragment: atomic (offset 0, M clear) + UDP", b_ipv6_frag_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_FRAGMENT, TS_C_IPV6_FRAG_FIRST, TS_C_UDP), 0 },
	{ "ipv6_fragment: later (offset 1232), not parsed further", b_ipv6_frag_later,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_FRAGMENT, TS_C_IPV6_FRAG_LATER), 0 },
	{ "ipv6_no_next: next header 59", b_ipv6_no_next, EXP(T, E, TS_C_IPV6, TS_C_IPV6_NO_NEXT), 0 },
	{ "ipv6_no_next: after destination options", b_ipv6_dst_no_next,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_DSTOPTS, TS_C_IPV6_NO_NEXT), 0 },
	{ "ip_other: IPv6 next header 253", b_ipv6_proto_exp, EXP(T, E, TS_C_IPV6, TS_C_IP_OTHER), 0 },
	{ "ipv6: TS_MAX_IPV6_EXT extension headers + UDP", b_ipv6_ext_at_limit,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_DSTOPTS, TS_C_UDP), 0 },
	{ "ipv6: extension limit is per IPv6 header (full chain, IPv6-in-IPv6, one more)",
	  b_ipv6_ext_per_header,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_DSTOPTS, TS_C_IPIP, TS_C_UDP), 0 },
	{ "ipv6: AH of an inner IPv4 after a full IPv6 chain (RFC 4302 3.1.1)",
	  b_ipv6_chain_ipv4_ah,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_DSTOPTS, TS_C_IPIP, TS_C_IPV4, TS_C_AH, TS_C_UDP), 0 },
	{ "ipv6_truncated: 39 header bytes", b_ipv6_trunc39, EXP(T, E, TS_C_ERR_IPV6_TRUNCATED), 0 },
	{ "ipv6_bad_version: 4 under EtherType 0x86DD", b_ipv6_ver4,
	  EXP(T, E, TS_C_ERR_IPV6_BAD_VERSION), 0 },
	{ "ipv6_len_beyond_frame: one byte past the frame", b_ipv6_len_beyond,
	  EXP(T, E, TS_C_ERR_IPV6_LEN_BEYOND_FRAME), 0 },
	{ "ipv6_ext_truncated: hop-by-hop cut by snaplen (8 of 16)", b_ipv6_hop16_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_IPV6_EXT_TRUNCATED), 14 + 40 + 8 },
	{ "ipv6_ext_truncated: hop-by-hop cut by snaplen (2 of 16)", b_ipv6_hop16_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_IPV6_EXT_TRUNCATED), 14 + 40 + 2 },
	{ "ipv6_ext_truncated: fragment header cut by snaplen (4 of 8)", b_ipv6_frag_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_IPV6_EXT_TRUNCATED), 14 + 40 + 4 },
	{ "ipv6_ext_truncated: hop-by-hop longer than the payload length", b_ipv6_hop_beyond_plen,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_IPV6_EXT_TRUNCATED), 0 },
	{ "ipv6_ext_limit: TS_MAX_IPV6_EXT + 1 destination options", b_ipv6_ext_limit,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_DSTOPTS, TS_C_ERR_IPV6_EXT_LIMIT), 0 },

	/* AH (RFC 4302), ESP (RFC 4303) */
	{ "ah: IPv4 AH (24 bytes) + TCP", b_ipv4_ah_tcp,
	  EXP(T, E, TS_C_IPV4, TS_C_AH, TS_C_TCP, TS_C_TCP_ACK), 0 },
	{ "ah: IPv6 AH (24 bytes) + ICMPv6", b_ipv6_ah_icmpv6,
	  EXP(T, E, TS_C_IPV6, TS_C_AH, TS_C_ICMPV6), 0 },
	{ "ah: IPv4 AH + ESP", b_ipv4_ah_esp, EXP(T, E, TS_C_IPV4, TS_C_AH, TS_C_ESP), 0 },
	{ "ah_truncated: snaplen cut at 10 of 24 bytes", b_ipv4_ah_tcp,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_AH_TRUNCATED), 14 + 20 + 10 },
	{ "ah_truncated: ICV cut by snaplen (16 of 24)", b_ipv6_ah_icmpv6,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_AH_TRUNCATED), 14 + 40 + 16 },
	{ "ah_bad_len: payload length 0 (8 bytes < 12 fixed)", b_ah_len0,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_AH_BAD_LEN), 0 },
	{ "ah_bad_len: 24 bytes in a 16-byte IP payload", b_ah_beyond_ip,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_AH_BAD_LEN), 0 },
	{ "ah_bad_len: IPv6 AH of 20 bytes, not a multiple of 8 (RFC 4302 2.2)", b_ah_v6_not8,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_AH_BAD_LEN), 0 },
	{ "esp: IPv4", b_ipv4_esp, EXP(T, E, TS_C_IPV4, TS_C_ESP), 0 },
	{ "esp: IPv6 after destination options", b_ipv6_dst_esp,
	  EXP(T, E, TS_C_IPV6, TS_C_IPV6_DSTOPTS, TS_C_ESP), 0 },
	{ "esp_truncated: snaplen cut at 6 of 8", b_ipv4_esp,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_ESP_TRUNCATED), 14 + 20 + 6 },
	{ "esp_truncated: SPI/sequence past the IP total length", b_esp_beyond_ip,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_ESP_TRUNCATED), 0 },

	/* TCP (RFC 9293) */
	{ "tcp: FIN-ACK", b_tcp_finack, EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_FIN, TS_C_TCP_ACK), 0 },
	{ "tcp: RST", b_tcp_rst, EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_RST), 0 },
	{ "tcp: RST-ACK", b_tcp_rstack, EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_RST, TS_C_TCP_ACK), 0 },
	{ "tcp: PSH-ACK, doff 8, payload", b_tcp_pshack,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_PSH, TS_C_TCP_ACK), 0 },
	{ "tcp: URG-ACK", b_tcp_urg, EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_URG, TS_C_TCP_ACK), 0 },
	{ "tcp: ECN-setup SYN (ECE, CWR; RFC 3168)", b_tcp_ecn_syn,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_SYN, TS_C_TCP_ECE, TS_C_TCP_CWR,
	      TS_C_TCP_HS_SYN), 0 },
	{ "tcp: no flags (invalid)", b_tcp_noflags,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_NOFLAGS, TS_C_TCP_INVALID), 0 },
	{ "tcp: FIN without ACK (invalid, RFC 9293 3.10.7)", b_tcp_fin,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_FIN, TS_C_TCP_FIN_NO_ACK, TS_C_TCP_INVALID), 0 },
	{ "tcp: SYN-FIN (invalid)", b_tcp_synfin,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_SYN, TS_C_TCP_FIN, TS_C_TCP_SYN_FIN,
	      TS_C_TCP_FIN_NO_ACK, TS_C_TCP_INVALID), 0 },
	{ "tcp: SYN-RST (invalid)", b_tcp_synrst,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_SYN, TS_C_TCP_RST, TS_C_TCP_SYN_RST,
	      TS_C_TCP_INVALID), 0 },
	{ "tcp: FIN-PSH-URG (xmas, invalid)", b_tcp_xmas,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_FIN, TS_C_TCP_PSH, TS_C_TCP_URG,
	      TS_C_TCP_FIN_NO_ACK, TS_C_TCP_XMAS, TS_C_TCP_INVALID), 0 },
	{ "tcp: all eight flags (invalid)", b_tcp_allflags,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_SYNACK, TS_C_TCP_FIN, TS_C_TCP_RST,
	      TS_C_TCP_PSH, TS_C_TCP_ACK, TS_C_TCP_URG, TS_C_TCP_ECE, TS_C_TCP_CWR,
	      TS_C_TCP_SYN_FIN, TS_C_TCP_SYN_RST, TS_C_TCP_XMAS, TS_C_TCP_INVALID), 0 },
	{ "tcp: reserved bits of byte 12 are not flags", b_tcp_reserved_bits,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_ACK), 0 },
	{ "tcp: doff 15 (40 bytes of options)", b_tcp_doff15,
	  EXP(T, E, TS_C_IPV4, TS_C_TCP, TS_C_TCP_ACK), 0 },
	{ "tcp_truncated: snaplen cut at 12 of 20", b_tcp_finack,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_TCP_TRUNCATED), 14 + 20 + 12 },
	{ "tcp_truncated: options cut by snaplen (24 of 40)", b_ipv4_tcp_opts_data,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_TCP_TRUNCATED), 14 + 20 + 24 },
	{ "tcp_truncated: fixed header past the IP total length", b_tcp_beyond_ip,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_TCP_TRUNCATED), 0 },
	{ "tcp_bad_doff: 4", b_tcp_doff4, EXP(T, E, TS_C_IPV4, TS_C_ERR_TCP_BAD_DOFF), 0 },
	{ "tcp_bad_doff: 0", b_tcp_doff0, EXP(T, E, TS_C_IPV4, TS_C_ERR_TCP_BAD_DOFF), 0 },
	{ "tcp_bad_doff: 15 in a 24-byte segment", b_tcp_doff_beyond,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_TCP_BAD_DOFF), 0 },

	/* UDP (RFC 768) */
	{ "udp: length 8, no payload", b_udp_empty, EXP(T, E, TS_C_IPV4, TS_C_UDP), 0 },
	{ "udp: length shorter than the IP payload", b_udp_shorter, EXP(T, E, TS_C_IPV4, TS_C_UDP), 0 },
	{ "udp_truncated: snaplen cut at 4 of 8", b_ipv4_udp,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_UDP_TRUNCATED), 14 + 20 + 4 },
	{ "udp_truncated: header past the IP total length", b_udp_beyond_ip,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_UDP_TRUNCATED), 0 },
	{ "udp_bad_len: 7", b_udp_len7, EXP(T, E, TS_C_IPV4, TS_C_ERR_UDP_BAD_LEN), 0 },
	{ "udp_bad_len: 0 over IPv4", b_udp_len0, EXP(T, E, TS_C_IPV4, TS_C_ERR_UDP_BAD_LEN), 0 },
	{ "udp_bad_len: one past the IPv4 payload", b_udp_len_beyond,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_UDP_BAD_LEN), 0 },
	{ "udp_bad_len: one past the IPv6 payload", b_udp6_len_beyond,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_UDP_BAD_LEN), 0 },

	/* ICMP (RFC 792) */
	{ "icmp: echo request", b_icmp_echo, EXP(T, E, TS_C_IPV4, TS_C_ICMP), 0 },
	{ "icmp: echo reply", b_icmp_echo_reply, EXP(T, E, TS_C_IPV4, TS_C_ICMP), 0 },
	{ "icmp: port unreachable quoting IPv4/UDP", b_icmp_unreach_udp,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_UDP), 0 },
	{ "icmp: unreachable, quoted UDP length past the quote", b_icmp_unreach_udp_long,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_UDP), 0 },
	{ "icmp: time exceeded quoting IPv4 + 8 bytes of TCP", b_icmp_timex_tcp8,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_TCP), 0 },
	{ "icmp: time exceeded quoting 20 of 40 TCP header bytes", b_icmp_timex_tcp_opts_cut,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_TCP), 0 },
	{ "icmp: parameter problem quoting IPv4 with options + ICMP", b_icmp_param_opts_icmp,
	  EXP(T, E, TS_C_IPV4, TS_C_IPV4_OPTIONS, TS_C_ICMP), 0 },
	{ "icmp: redirect quoting IPv4/UDP", b_icmp_redirect_udp,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_UDP), 0 },
	{ "icmp: source quench quoting a whole TCP header", b_icmp_source_quench_tcp,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_TCP, TS_C_TCP_PSH, TS_C_TCP_ACK), 0 },
	{ "icmp_truncated: snaplen cut at 4 of 8", b_icmp_echo,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_ICMP_TRUNCATED), 14 + 20 + 4 },
	{ "icmp_truncated: header past the IP total length", b_icmp_beyond_ip,
	  EXP(T, E, TS_C_IPV4, TS_C_ERR_ICMP_TRUNCATED), 0 },
	{ "ipv4_truncated: quoted IPv4 header cut by snaplen", b_icmp_unreach_udp,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_ERR_IPV4_TRUNCATED), 14 + 20 + 8 + 10 },
	{ "udp_bad_len: quoted UDP length 4", b_icmp_quote_udp_len4,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_ERR_UDP_BAD_LEN), 0 },
	{ "tcp_truncated: quote holds 4 TCP bytes (RFC 792 wants 8)", b_icmp_quote_tcp4,
	  EXP(T, E, TS_C_IPV4, TS_C_ICMP, TS_C_ERR_TCP_TRUNCATED), 0 },

	/* ICMPv6 (RFC 4443) */
	{ "icmpv6: echo request", b_icmpv6_echo, EXP(T, E, TS_C_IPV6, TS_C_ICMPV6), 0 },
	{ "icmpv6: neighbour solicitation", b_icmpv6_ns, EXP(T, E, TS_C_IPV6, TS_C_ICMPV6), 0 },
	{ "icmpv6: unreachable quoting IPv6/UDP", b_icmpv6_unreach_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_ICMPV6, TS_C_UDP), 0 },
	{ "icmpv6: packet too big quoting IPv6/TCP", b_icmpv6_ptb_tcp,
	  EXP(T, E, TS_C_IPV6, TS_C_ICMPV6, TS_C_TCP, TS_C_TCP_PSH, TS_C_TCP_ACK), 0 },
	{ "icmpv6: time exceeded quoting IPv6 + fragment + UDP", b_icmpv6_timex_frag_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_ICMPV6, TS_C_IPV6_FRAGMENT, TS_C_IPV6_FRAG_FIRST, TS_C_UDP), 0 },
	{ "icmpv6: parameter problem quoting IPv6 + hop-by-hop + ICMPv6", b_icmpv6_param_hop,
	  EXP(T, E, TS_C_IPV6, TS_C_ICMPV6, TS_C_IPV6_HOPOPTS), 0 },
	{ "icmpv6_truncated: snaplen cut at 4 of 8", b_icmpv6_echo,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_ICMPV6_TRUNCATED), 14 + 40 + 4 },
	{ "icmpv6_truncated: header past the payload length", b_icmpv6_beyond_ip,
	  EXP(T, E, TS_C_IPV6, TS_C_ERR_ICMPV6_TRUNCATED), 0 },
	{ "ipv6_truncated: quoted IPv6 header cut by snaplen", b_icmpv6_unreach_udp,
	  EXP(T, E, TS_C_IPV6, TS_C_ICMPV6, TS_C_ERR_IPV6_TRUNCATED), 14 + 40 + 8 + 20 },

	/* IP in IP (RFC 2003, 4213, 2473) and the layer limit */
	{ "ip_in_ip: IPv4 in IPv4 + UDP", b_4in4_udp, EXP(T, E, TS_C_IPV4, TS_C_IPIP, TS_C_UDP), 0 },
	{ "ip_in_ip: IPv6 in IPv4 + TCP", b_6in4_tcp,
	  EXP(T, E, TS_C_IPV4, TS_C_IPIP, TS_C_IPV6, TS_C_TCP, TS_C_TCP_ACK, TS_C_TCP_INNER), 0 },
	{ "ip_in_ip: IPv4 in IPv6 + ICMP", b_4in6_icmp,
	  EXP(T, E, TS_C_IPV6, TS_C_IPIP, TS_C_IPV4, TS_C_ICMP), 0 },
	{ "ip_in_ip: IPv6 in IPv6 + UDP", b_6in6_udp, EXP(T, E, TS_C_IPV6, TS_C_IPIP, TS_C_UDP), 0 },
	{ "layer_limit: TS_MAX_LAYERS layers fit (eth, nested IPv4, UDP)", b_layers_at_limit,
	  EXP(T, E, TS_C_IPV4, TS_C_IPIP, TS_C_UDP), 0 },
	{ "layer_limit: TS_MAX_LAYERS + 1 layers", b_layers_over_limit,
	  EXP(T, E, TS_C_IPV4, TS_C_IPIP, TS_C_ERR_LAYER_LIMIT), 0 },
};

#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

static int row_is_positive(const struct row *r)
{
	const int *c;

	if (r->caplen)
		return 0;
	for (c = r->expect; *c >= 0; c++)
		if (*c >= TS_C_FIRST_ERROR)
			return 0;
	return 1;
}

static int build_row(const struct row *r, struct pb *p)
{
	pb_init(p);
	r->build(p);
	if (p->overflow) {
		fail(r->name, "the packet builder overflowed (test bug)");
		return -1;
	}
	if (p->len < MIN_FRAME || (r->caplen && (r->caplen < MIN_FRAME || r->caplen > p->len))) {
		fail(r->name, "frame or caplen out of range (test bug)");
		return -1;
	}
	return 0;
}

static void run_row(const struct row *r)
{
	static struct pb p;
	uint8_t want[__TS_C_MAX];
	struct delta d;
	char msg[1024], name[300];
	uint32_t caplen;
	int err;

	if (build_row(r, &p))
		return;
	caplen = r->caplen ? r->caplen : p.len;
	list_to_set(r->expect, want);
	flags_mark();
	err = run_frame(&p, caplen, p.len, &d);
	if (err) {
		snprintf(msg, sizeof(msg), "verdict: engine returned %d (%s), expected XDP_PASS",
			 err, err < 0 ? strerror(-err) : "counter read failed");
		fail(r->name, msg);
		return;
	}
	compare(want, &d, p.len, msg, sizeof(msg));
	if (msg[0])
		fail(r->name, msg);
	else
		ok("%s", r->name);
	if (r->caplen)
		return;		/* the live hook sees whole frames only */
	check_live(&p, p.len, want, msg, sizeof(msg));
	snprintf(name, sizeof(name), "live entry counts alike: %s", r->name);
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

/* Every shorter length of a positive row; wire_cut picks the mode. */
static void sweep_row(const struct row *r, int wire_cut)
{
	static struct pb p;
	uint8_t want[__TS_C_MAX], model_full[__TS_C_MAX];
	char name[256], msg[1024], first[1200] = "";
	struct delta d;
	int cuts = 0, bad = 0, i;
	uint32_t cut;

	snprintf(name, sizeof(name), "sweep %s: %s", wire_cut ? "wire" : "snap", r->name);
	if (build_row(r, &p) || p.len <= MIN_FRAME)
		return;			/* nothing shorter to feed */

	/* The cut model must agree with the hand-written row at full length. */
	list_to_set(r->expect, want);
	model(&p, p.len, 1, model_full);
	msg[0] = 0;
	for (i = 0; i < __TS_C_MAX; i++)
		if (want[i] != model_full[i])
			add_msg(msg, sizeof(msg), "counter %s: row +%d, model +%d",
				cname(i), want[i], model_full[i]);
	if (msg[0]) {
		snprintf(first, sizeof(first), "model disagrees with the row (test bug): %s", msg);
		fail(name, first);
		return;
	}

	for (cut = p.len - 1; cut >= MIN_FRAME; cut--) {
		uint32_t wire = wire_cut ? cut : p.len;
		int err;

		cuts++;
		model(&p, cut, wire_cut, want);
		if (wire_cut)
			flags_mark();
		err = run_frame(&p, cut, wire, &d);
		if (err)
			snprintf(msg, sizeof(msg), "verdict: engine returned %d, expected XDP_PASS", err);
		else
			compare(want, &d, wire, msg, sizeof(msg));
		if (!msg[0] && wire_cut)
			check_live(&p, cut, want, msg, sizeof(msg));
		if (msg[0]) {
			if (!bad++)
				snprintf(first, sizeof(first), "cut %u of %u: %s", cut, p.len, msg);
		}
	}
	if (bad) {
		snprintf(msg, sizeof(msg), "%s (%d of %d cuts wrong)", first, bad, cuts);
		fail(name, msg);
	} else {
		ok("%s (%d cuts)", name, cuts);
	}
}

/* ------------------------------------------------------------------------
 * Tests that are not rows.
 */

static void test_names(void)
{
	const char *name = "counter names: non-NULL, lower_snake_case, unique";
	char msg[1024] = "";
	int i, j;

	for (i = 0; i < __TS_C_MAX; i++) {
		const char *s = ts_counter_names[i], *c;
		int good;

		if (!s) {
			add_msg(msg, sizeof(msg), "counter #%d has no name", i);
			continue;
		}
		/* [a-z][a-z0-9]*(_[a-z0-9]+)* */
		good = s[0] >= 'a' && s[0] <= 'z';
		for (c = s; good && *c; c++) {
			if (*c == '_')
				good = c[1] && c[1] != '_';
			else
				good = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9');
		}
		if (!good)
			add_msg(msg, sizeof(msg), "counter #%d name '%s' is not lower_snake_case", i, s);
		for (j = 0; j < i; j++)
			if (ts_counter_names[j] && !strcmp(ts_counter_names[j], s))
				add_msg(msg, sizeof(msg), "counters #%d and #%d are both '%s'", j, i, s);
	}
	if (msg[0])
		fail(name, msg);
	else
		ok("%s (%d names)", name, __TS_C_MAX);
}

/* One frame through a plain BPF_PROG_TEST_RUN, no engine: retval XDP_PASS. */
static void test_prog_run(void)
{
	const char *name = "prog_test_run: one IPv4/UDP frame on xdp_replay, retval XDP_PASS";
	static uint8_t in[PB_MAX + 64], out[PB_MAX + 64];
	static struct pb p;
	struct ts_batch_trailer t = {};
	uint8_t want[__TS_C_MAX];
	struct delta d;
	char msg[1024];
	int err;

	pb_init(&p);
	b_ipv4_udp(&p);
	memcpy(in, p.d, p.len);
	t.ts_ns = TS_NS;
	t.caplen = p.len;
	t.wire_len = p.len;
	memcpy(in + p.len, &t, sizeof(t));
	{
		LIBBPF_OPTS(bpf_test_run_opts, o,
			    .data_in = in,
			    .data_size_in = p.len + sizeof(t),
			    .data_out = out,
			    .data_size_out = sizeof(out),
			    .repeat = 1);

		err = bpf_prog_test_run_opts(prog_fd, &o);
		if (read_delta(&d)) {
			fail(name, "cannot read the counters");
			return;
		}
		if (err) {
			snprintf(msg, sizeof(msg), "BPF_PROG_TEST_RUN failed: %s", strerror(errno));
			fail(name, msg);
			return;
		}
		if (o.retval != XDP_PASS_) {
			snprintf(msg, sizeof(msg), "retval expected %d (XDP_PASS) got %u",
				 XDP_PASS_, o.retval);
			fail(name, msg);
			return;
		}
	}
	list_to_set(EXP(T, E, TS_C_IPV4, TS_C_UDP), want);
	compare(want, &d, p.len, msg, sizeof(msg));
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

/*
 * eth_truncated cannot be reached: parse_eth fails only on a frame shorter
 * than 14 bytes, and none gets there. The engine refuses one (ts_batch_add:
 * -EINVAL; `replay` counts it as skipped), xdp_replay aborts a batch whose
 * trailer announces one, and the kernel refuses an XDP test input shorter
 * than an Ethernet header. Live, the XDP hook gets no runt frames (NICs
 * drop frames under 60 bytes; generic XDP needs a MAC header). Checked
 * here so the row breaks if any of that changes.
 */
static void test_eth_truncated_unreachable(void)
{
	const char *name = "eth_truncated: unreachable, frames < 14 bytes never reach parse_eth";
	static struct ts_batch b;
	uint8_t frame[13] = { 0x02 }, in[13 + sizeof(struct ts_batch_trailer)];
	struct ts_batch_trailer t = { .ts_ns = TS_NS, .caplen = 13, .wire_len = 13 };
	uint8_t want[__TS_C_MAX] = { 0 };
	char msg[1024] = "";
	struct delta d;
	int err;

	ts_batch_init(&b, prog_fd);
	err = ts_batch_add(&b, frame, sizeof(frame), sizeof(frame), TS_NS);
	if (err != -EINVAL)
		add_msg(msg, sizeof(msg), "ts_batch_add(13 bytes) expected -EINVAL got %d", err);
	ts_batch_flush(&b);

	memcpy(in, frame, sizeof(frame));
	memcpy(in + sizeof(frame), &t, sizeof(t));
	{
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = sizeof(in),
			    .repeat = 1);

		err = bpf_prog_test_run_opts(prog_fd, &o);
		if (err)
			add_msg(msg, sizeof(msg), "test run of a 13-byte batch failed: %s",
				strerror(errno));
		else if (o.retval != XDP_ABORTED_)
			add_msg(msg, sizeof(msg), "13-byte batch: retval expected %d (XDP_ABORTED) got %u",
				XDP_ABORTED_, o.retval);
	}
	{
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = sizeof(frame),
			    .repeat = 1);

		err = bpf_prog_test_run_opts(prog_fd, &o);
		if (!err || errno != EINVAL)
			add_msg(msg, sizeof(msg), "kernel: 13-byte XDP test input expected EINVAL, got %s",
				err ? strerror(errno) : "accepted");
	}
	if (read_delta(&d)) {
		fail(name, "cannot read the counters");
		return;
	}
	{
		char cmp[1024];

		compare(want, &d, 0, cmp, sizeof(cmp));
		if (cmp[0])
			add_msg(msg, sizeof(msg), "%s", cmp);
	}
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

/* Several frames in one batch: each is counted once, in its own right. */
static void test_batch(void)
{
	const char *name = "engine: three frames in one batch, counters per frame";
	static struct ts_batch b;
	static struct pb f[3];
	void (*builds[3])(struct pb *) = { b_ipv4_udp, b_ipv6_tcp_synack, b_4in4_udp };
	long long want_pk[__TS_C_MAX] = { 0 }, want_by[__TS_C_MAX] = { 0 };
	uint8_t set[__TS_C_MAX];
	const int *lists[3] = {
		EXP(T, E, TS_C_IPV4, TS_C_UDP),
		EXP(T, E, TS_C_IPV6, TS_C_TCP, TS_C_TCP_SYNACK, TS_C_TCP_ACK),
		EXP(T, E, TS_C_IPV4, TS_C_IPIP, TS_C_UDP),
	};
	char msg[1024] = "";
	struct delta d;
	int i, j, err = 0;

	ts_batch_init(&b, prog_fd);
	for (i = 0; i < 3; i++) {
		pb_init(&f[i]);
		builds[i](&f[i]);
		if (!err)
			err = ts_batch_add(&b, f[i].d, f[i].len, f[i].len, fresh_flow(&f[i]));
		list_to_set(lists[i], set);
		for (j = 0; j < __TS_C_MAX; j++) {
			want_pk[j] += set[j];
			want_by[j] += set[j] * (long long)f[i].len;
		}
	}
	if (!err)
		err = ts_batch_flush(&b);
	if (read_delta(&d)) {
		fail(name, "cannot read the counters");
		return;
	}
	if (err)
		add_msg(msg, sizeof(msg), "verdict: engine returned %d, expected XDP_PASS", err);
	else if (b.calls != 1)
		add_msg(msg, sizeof(msg), "expected 1 BPF_PROG_TEST_RUN call, got %llu",
			(unsigned long long)b.calls);
	for (j = 0; j < __TS_C_MAX; j++) {
		if (d.pk[j] != want_pk[j])
			add_msg(msg, sizeof(msg), "counter %s expected %+lld got %+lld",
				cname(j), want_pk[j], d.pk[j]);
		else if (d.by[j] != want_by[j])
			add_msg(msg, sizeof(msg), "counter %s bytes expected %+lld got %+lld",
				cname(j), want_by[j], d.by[j]);
	}
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

int main(void)
{
	int err, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_names();

	err = ts_bpf_load(&skel, TS_PROG_REPLAY);
	if (err) {
		fail("load xdp_replay", geteuid() ? "needs root (CAP_BPF, CAP_NET_ADMIN)"
						  : "ts_bpf_load failed (see stderr)");
		printf("%d passed, %d failed\n", npass, nfail);
		return 1;
	}
	prog_fd = bpf_program__fd(skel->progs.xdp_replay);
	map_fd = bpf_map__fd(skel->maps.counters);
	err = ts_stats_read(map_fd, &last);
	if (err) {
		fail("read counters", strerror(-err));
		printf("%d passed, %d failed\n", npass, nfail);
		tunnelstat_bpf__destroy(skel);
		return 1;
	}

	err = ts_bpf_load(&live, TS_PROG_LIVE);
	if (err) {
		fail("load xdp_tunnelstat", "ts_bpf_load failed (see stderr)");
		printf("%d passed, %d failed\n", npass, nfail);
		tunnelstat_bpf__destroy(skel);
		return 1;
	}
	live_prog_fd = bpf_program__fd(live->progs.xdp_tunnelstat);
	live_map_fd = bpf_map__fd(live->maps.counters);
	if (ts_stats_read(live_map_fd, &live_last))
		fail("read live counters", "ts_stats_read failed");

	test_prog_run();
	test_eth_truncated_unreachable();
	test_batch();
	for (i = 0; i < NROWS; i++)
		run_row(&rows[i]);
	for (i = 0; i < NROWS; i++) {
		if (!row_is_positive(&rows[i]))
			continue;
		sweep_row(&rows[i], 1);
		sweep_row(&rows[i], 0);
	}

	tunnelstat_bpf__destroy(live);
	tunnelstat_bpf__destroy(skel);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
