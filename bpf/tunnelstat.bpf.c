// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tunnelstat: the XDP program. Entry points and the layer dispatch only;
 * each protocol's parser lives in bpf/parse/, the maps in bpf/maps.h.
 * The program observes: every frame passes.
 */
#include "../vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "maps.h"
#include "parse/common.h"
#include "parse/eth.h"
#include "parse/vlan.h"
#include "parse/ipv4.h"
#include "parse/ipv6.h"
#include "parse/tcp.h"
#include "parse/udp.h"
#include "parse/icmp.h"
#include "parse/esp.h"
#include "parse/ah.h"
#include "parse/natt.h"
#include "parse/ike.h"
#include "parse/gre.h"
#include "parse/ppp.h"
#include "parse/pptp.h"
#include "parse/l2tp.h"
#include "parse/tcp_track.h"
#include "parse/arp.h"
#include "parse/pppoe.h"
#include "parse/igmp.h"
#include "parse/ospf.h"
#include "parse/radius.h"
#include "parse/tls.h"
#include "lane.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/*
 * The inner IP header and its transport inline, when a tunnel layer hands
 * over to IP: saves the BPF-to-BPF call per layer on the common tunnels.
 */
/* TCP or UDP after an IP header, inline; any other layer is returned. */
static __always_inline int ts_transport(struct pkt *p, int next)
{
	if (next == TS_L_TCP)
		next = parse_tcp(p);
	else if (next == TS_L_UDP)
		next = parse_udp(p);
	else
		return next;
	p->s->layers++;
	return next;
}

static __always_inline int ts_fast_ip(struct pkt *p, int next)
{
	if (next == TS_L_IPV4)
		next = parse_ipv4(p);
	else if (next == TS_L_IPV6)
		next = parse_ipv6(p);
	else
		return next;
	p->s->layers++;
	return ts_transport(p, next);
}

/* ts_start_ipv4(): the frame was plain Ethernet + IPv4, parsed */
#define TS_L_IPV4_DONE (-1)
_Static_assert(TS_C_TOTAL < 64 && TS_C_ETH < 64 && TS_C_IPV4 < 64, "seen word 0");

/*
 * The common frame in few instructions: Ethernet II without tags, then
 * an IPv4 header without options, not a fragment, whose total length
 * fits the frame. Counts and state as parse_eth() and parse_ipv4() leave
 * them (the state is fresh: fields not set here are zero already), and
 * TS_L_IPV4_DONE with the protocol in st->proto. Anything else: nothing
 * touched, TS_L_DONE, and the general parsers take the frame.
 */
static __always_inline int ts_start_ipv4(struct pkt *p)
{
	struct ts_pstate *st = p->s;
	struct ts_counters *ctr = p->ctr;
	struct ethhdr *eth = p->data;
	struct iphdr *ip = p->data + sizeof(*eth);
	__u32 tot, len;

	if ((void *)(ip + 1) > p->data_end || !ctr)
		return TS_L_DONE;
	if (eth->h_proto != bpf_htons(ETH_P_IP_) || *(__u8 *)ip != 0x45 ||
	    (ip->frag_off & bpf_htons(IPV4_MF | IPV4_OFFSET)))
		return TS_L_DONE;
	tot = bpf_ntohs(ip->tot_len);
	len = st->wire_len;
	if (tot < sizeof(*ip) || sizeof(*eth) + tot > len)
		return TS_L_DONE;
	st->seen[0] |= (1ULL << TS_C_TOTAL) | (1ULL << TS_C_ETH) | (1ULL << TS_C_IPV4);
	ctr->c[TS_C_TOTAL].packets++;
	ctr->c[TS_C_TOTAL].bytes += len;
	ctr->c[TS_C_ETH].packets++;
	ctr->c[TS_C_ETH].bytes += len;
	ctr->c[TS_C_IPV4].packets++;
	ctr->c[TS_C_IPV4].bytes += len;
	st->off = sizeof(*eth) + sizeof(*ip);
	st->l3_end = sizeof(*eth) + tot;
	st->family = 4;
	st->saddr[0] = ip->saddr;
	st->daddr[0] = ip->daddr;
	st->proto = ip->protocol;
	st->layers++;
	return TS_L_IPV4_DONE;
}

/*
 * The general start: any Ethernet frame, its Ethernet header and up to
 * two VLAN tags; the next layer (IP, usually) is returned, not parsed.
 */
static __always_inline int ts_start_slow(struct pkt *p)
{
	struct ts_pstate *st = p->s;
	int next;

	ts_count(p, TS_C_TOTAL);
	next = parse_eth(p);
	if (next == TS_L_VLAN) {
		next = parse_vlan(p);
		st->layers++;
		if (next == TS_L_VLAN) {
			next = parse_vlan(p);
			st->layers++;
		}
	}
	return next;
}

/*
 * The start of every frame: count it, then Ethernet, up to two VLAN tags,
 * IP and transport, without a call per layer (the common case). Inline in
 * the live entry too, where a plain TCP or UDP frame ends here.
 */
static __always_inline int ts_start(struct pkt *p)
{
	struct ts_pstate *st = p->s;
	int next;

	next = ts_start_ipv4(p);
	if (next == TS_L_IPV4_DONE)
		return ts_transport(p, ts_ipproto_next(p, st->proto));
	return ts_fast_ip(p, ts_start_slow(p));
}

/*
 * Parse one layer of the frame. Global (__noinline) on purpose: the
 * verifier checks it once with the state unknown, instead of following
 * every protocol path through every iteration of the layer loop below,
 * which exceeds the 1M instruction budget as soon as tunnels nest.
 */
__noinline int ts_layer(struct xdp_md *ctx, struct ts_pstate *st, int layer)
{
	struct pkt p;
	int next;

	if (!st)
		return TS_L_DONE;
	p.data = (void *)(long)ctx->data;
	p.data_end = (void *)(long)ctx->data_end;
	p.s = st;
	p.ctr = ts_counters_get();

	switch (layer) {
	case TS_L_START:
		next = ts_start(&p);
		break;
	case TS_L_LIMIT:
		next = ts_fail(&p, TS_C_ERR_LAYER_LIMIT);
		break;
	case TS_L_ETH:
		next = parse_eth(&p);
		break;
	case TS_L_VLAN:
		next = parse_vlan(&p);
		break;
	case TS_L_LLC:
		next = parse_llc(&p);
		break;
	case TS_L_IPV4:
		next = parse_ipv4(&p);
		break;
	case TS_L_IPV6:
		next = parse_ipv6(&p);
		break;
	case TS_L_IPV6_EXT:
		next = parse_ipv6_ext(&p);
		break;
	case TS_L_TCP:
		next = parse_tcp(&p);
		break;
	case TS_L_UDP:
		next = parse_udp(&p);
		break;
	case TS_L_ICMP:
		next = parse_icmp(&p, 0);
		break;
	case TS_L_ICMPV6:
		next = parse_icmp(&p, 1);
		break;
	case TS_L_ESP:
		next = parse_esp(&p, TS_ENCAP_IP);
		break;
	case TS_L_ESP_UDP:
		next = parse_esp(&p, TS_ENCAP_UDP);
		break;
	case TS_L_AH:
		next = parse_ah(&p);
		break;
	case TS_L_NATT:
		/* ESP, the common case on the NAT-T port, in the same call */
		next = parse_natt(&p);
		if (next == TS_L_ESP_UDP)
			next = parse_esp(&p, TS_ENCAP_UDP);
		break;
	case TS_L_IKE:
		next = parse_ike_x(&p, 0, 0);
		break;
	case TS_L_IKE_NATT:
		next = parse_ike_x(&p, 1, 0);
		break;
	case TS_L_GRE:
		/* tunnel fast path: GRE, PPP (v1) and the inner IP in one call */
		next = parse_gre(&p);
		if (next == TS_L_PPP) {
			st->layers++;
			next = parse_ppp(&p);
		}
		next = ts_fast_ip(&p, next);
		break;
	case TS_L_PPP:
		next = ts_fast_ip(&p, parse_ppp(&p));
		break;
	case TS_L_PPTP:
		next = parse_pptp(&p);
		break;
	case TS_L_ARP:
		next = parse_arp(&p);
		break;
	case TS_L_PPPOE:
		/* PPPoE session, PPP and the inner IP in one call */
		next = parse_pppoe(&p);
		if (next == TS_L_PPP) {
			st->layers++;
			next = ts_fast_ip(&p, parse_ppp(&p));
		}
		break;
	case TS_L_IGMP:
		next = parse_igmp(&p);
		break;
	case TS_L_OSPF:
		next = parse_ospf(&p);
		break;
	case TS_L_RADIUS:
		next = parse_radius(&p);
		break;
	case TS_L_TLS:
		next = parse_tls(&p);
		break;
	case TS_L_L2TP:
		/* L2TP data: PPP and the inner IP in the same call */
		next = parse_l2tp(&p, ctx);
		if (next == TS_L_PPP) {
			st->layers++;
			next = ts_fast_ip(&p, parse_ppp(&p));
		}
		break;
	default:
		next = TS_L_DONE;
		break;
	}
	st->layers++;
	return next;
}

/* The layer loop from layer on, then handshake tracking. */
static __always_inline void ts_walk(struct xdp_md *ctx, struct ts_pstate *st, int layer)
{
	int i;

	/* layers >= calls: the call bound is what the verifier needs */
	for (i = 0; i < TS_MAX_LAYERS && layer != TS_L_DONE && st->layers < TS_MAX_LAYERS; i++) {
		layer = ts_layer(ctx, st, layer);
		ts_l2tp_flush(st);
	}
	if (layer != TS_L_DONE)
		ts_layer(ctx, st, TS_L_LIMIT);
	if (st->tcp_seen && ts_tcp_wants(st))
		ts_tcp_track(st);
}

/*
 * This CPU's frame state, zeroed, for a frame of wire_len bytes. In a
 * per-CPU map value, not on the stack: the verifier does not track what
 * a map value holds, so the inline parse in xdp_tunnelstat() is verified
 * with the state unknown, as in ts_layer() (on the stack every known
 * field multiplies the paths past the 1M instruction budget), and the
 * stack stays free for the call chain's 512 bytes. XDP does not nest on
 * one CPU, and replay runs its own copy of the object.
 */
static __always_inline struct ts_pstate *ts_state_get(__u64 now, __u32 wire_len)
{
	struct ts_pstate *st;
	__u32 zero = 0;

	st = bpf_map_lookup_elem(&frame_state, &zero);
	if (!st)
		return NULL;
	__builtin_memset(st, 0, sizeof(*st));
	st->now = now;
	st->wire_len = st->l3_end = wire_len;
	return st;
}

/* Replay: classify one frame of a batch, now is the capture's time. */
__noinline int ts_classify(struct xdp_md *ctx, __u64 now, __u32 wire_len)
{
	struct ts_pstate *st;

	if (ts_fast_lane((void *)(long)ctx->data, (void *)(long)ctx->data_end, wire_len,
			 ts_counters_get(), now))
		return XDP_PASS;
	/* the lane's packet pointers are dead from here: states it left prune */
	asm volatile("" ::: "memory");
	st = ts_state_get(now, wire_len);

	if (st)
		ts_walk(ctx, st, TS_L_START);
	return XDP_PASS;
}

/*
 * Live traffic: the attached program. The start of the frame is parsed
 * inline: a plain TCP or UDP frame needs no call at all (on this kind of
 * CPU every call and return costs ~8 ns, a third of the empty program;
 * docs/performance.md). Anything deeper goes on in the ts_walk() loop,
 * inline here: one call level less under the entry, for the stack.
 */
SEC("xdp")
int xdp_tunnelstat(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ts_counters *ctr;
	struct ts_pstate *st;
	struct pkt p;
	int layer;

	/*
	 * Loaded without BPF_F_XDP_HAS_FRAGS, so the frame is all linear:
	 * its length is data_end - data, no helper call needed. now 0: read
	 * lazily by the tables that need it (ts_now).
	 */
	ctr = ts_counters_get();
	if (!ctr)
		return XDP_PASS;	/* never: key 0 of a per-CPU array */
	if (ts_fast_lane(data, data_end, data_end - data, ctr, 0))
		return XDP_PASS;
	asm volatile("" ::: "memory");	/* as in ts_classify() */
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	st = ts_state_get(0, data_end - data);
	if (!st)
		return XDP_PASS;
	p.data = data;
	p.data_end = data_end;
	p.s = st;
	p.ctr = ctr;	/* the lane's lookup: one per frame (~3 ns less for the rest) */
	layer = ts_start(&p);
	st->layers++;
	if (layer == TS_L_ESP) {
		/* IPsec inline, no call: ESP in IP, in UDP, IKE */
		st->layers++;
		layer = parse_esp_x(&p, TS_ENCAP_IP, 1);
	} else if (layer == TS_L_NATT) {
		st->layers++;
		layer = parse_natt(&p);
		if (layer == TS_L_ESP_UDP)
			layer = parse_esp_x(&p, TS_ENCAP_UDP, 1);
	} else if (layer == TS_L_IKE) {
		st->layers++;
		layer = parse_ike_x(&p, 0, 1);
	} else if (layer == TS_L_PPTP) {
		/* PPTP control on TCP 1723 */
		st->layers++;
		layer = parse_pptp(&p);
	} else if (layer == TS_L_GRE) {
		/* GRE: PPTP data (PPP) or the inner IP, inline too */
		st->layers++;
		layer = parse_gre(&p);
		if (layer == TS_L_PPP) {
			st->layers++;
			layer = ts_fast_ip(&p, parse_ppp(&p));
		}
	} else if (layer != TS_L_DONE) {
		/* one layer more (a tunnel or port payload) without the loop's call */
		layer = ts_layer(ctx, st, layer);
		ts_l2tp_flush(st);
	}
	/* the rest of the layers, then handshake tracking */
	ts_walk(ctx, st, layer);
	return XDP_PASS;
}

/* Smallest frame bpf_xdp_adjust_head/tail leave us: an Ethernet header. */
#define TS_MIN_FRAME 14

/*
 * Replay: one BPF_PROG_TEST_RUN call carries up to TS_BATCH_MAX_FRAMES
 * frames, laid back to front, each followed by a struct ts_batch_trailer
 * (user/replay.c). Peel them off the tail: shrink the window to the frame,
 * classify it, restore the head and drop the frame from the tail. Offsets
 * come from bpf_xdp_get_buff_len() because the verifier refuses
 * arithmetic on data_end. Returns XDP_PASS when every frame was walked,
 * XDP_ABORTED if the batch was malformed (userspace reports it).
 */
SEC("xdp")
int xdp_replay(struct xdp_md *ctx)
{
	__u32 left = bpf_xdp_get_buff_len(ctx);
	int i;

	for (i = 0; i < TS_BATCH_MAX_FRAMES; i++) {
		void *data = (void *)(long)ctx->data;
		void *end = (void *)(long)ctx->data_end;
		struct ts_batch_trailer *t;
		__u32 toff, caplen, wire, start;
		__u64 ts;

		if (left < sizeof(*t) + TS_MIN_FRAME)
			return XDP_ABORTED;
		toff = left - sizeof(*t);
		if (toff > TS_MAX_OFF)
			return XDP_ABORTED;
		t = data + toff;
		if ((void *)(t + 1) > end)
			return XDP_ABORTED;
		caplen = t->caplen;
		wire = t->wire_len;
		ts = t->ts_ns;
		if (caplen < TS_MIN_FRAME || caplen > toff)
			return XDP_ABORTED;
		start = toff - caplen;
		if (bpf_xdp_adjust_tail(ctx, -(int)sizeof(*t)))
			return XDP_ABORTED;
		if (start && bpf_xdp_adjust_head(ctx, start))
			return XDP_ABORTED;
		ts_classify(ctx, ts ? ts : 1, wire);	/* 0 would mean "read the clock" */
		if (!start)
			return XDP_PASS;
		if (bpf_xdp_adjust_head(ctx, -(int)start) ||
		    bpf_xdp_adjust_tail(ctx, -(int)caplen))
			return XDP_ABORTED;
		left = start;
	}
	return XDP_ABORTED;	/* more frames than the loop bound */
}
