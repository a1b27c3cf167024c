/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The lanes: the frames most links carry most, counted without the frame
 * state (no per-CPU state to zero, no per-counter "seen" test, no call),
 * first thing in both entries (live and replay). Each lane reads and
 * checks everything first and writes only once the frame is known to be
 * one it takes; anything else returns 0 with nothing touched, and the
 * general parse (bpf/parse/) takes the frame from its first byte. A lane
 * bumps exactly what the general parse bumps for such a frame:
 * tests/test_parse.c runs every row through both entries, tests/test_pptp.c
 * and tests/test_l2tp.c hold the tunnel rows to their expected counters
 * and tables (docs/DEVELOPING.md, "The lanes").
 *
 * Outer: Ethernet II with no VLAN tag or one, then IPv4 without options,
 * not a fragment, whose total length fits the frame, or IPv6 without
 * extension headers whose payload length (not 0: no jumbogram) fits the
 * frame; carrying
 *  - a TCP segment with ACK and maybe PSH set and nothing else, its header
 *    whole, whose payload (if any) is neither PPTP control (the port) nor
 *    a TLS record start, and whose ACK number no handshake waits for
 *    (tcp_expect); or
 *  - a UDP datagram of consistent length to no port a parser takes; or
 *  - the tunnel lane: PPTP's enhanced GRE (v1, K, no C or R, PPP) or an
 *    L2TPv2 data message on the L2TP port, whose PPP frame is elided
 *    (ack-only GRE, an L2TP message without payload), compressed or
 *    encrypted (0x00FD, MPPE), or IPv4 or IPv6 as above carrying TCP or
 *    UDP as above. It updates the tunnel's table row (gre_calls,
 *    l2tp_sess) as the general parse does.
 */
#ifndef TS_BPF_LANE_H
#define TS_BPF_LANE_H

#include "../include/tunnelstat_lane.h"
#include "parse/common.h"
#include "parse/gre.h"
#include "parse/l2tp.h"
#include "parse/ppp.h"
#include "parse/tcp.h"
#include "parse/tcp_track.h"
#include "parse/udp.h"

/* What a lane found at the transport layer (ts_lane_l4). */
#define TS_LANE_TCP 1
#define TS_LANE_UDP 2
#define TS_LANE_L2TP 3	/* UDP on the L2TP port: the tunnel lane's */

static __always_inline void ts_lane_bump(struct ts_counters *ctr, __u32 id, __u32 len)
{
	ctr->c[id].packets++;
	ctr->c[id].bytes += len;
}

/*
 * Zero, where the verifier cannot see it (a map value: .bss). See
 * ts_lane_blur().
 */
volatile __u64 ts_lane_zero;

/*
 * off (at most TS_MAX_OFF, checked) unchanged, but to the verifier any
 * offset up to TS_MAX_OFF. The tunnel lane reaches a header at many
 * constant offsets (VLAN tag or not, IPv4 or IPv6, optional GRE and L2TP
 * words, PPP's elided fields): each would be a state of its own, verified
 * through everything after it, well past the 1M instruction budget.
 * Blurred, the paths meet in one state and the verifier prunes them.
 */
static __always_inline __u64 ts_lane_blur(__u64 off)
{
	return (off + ts_lane_zero) & TS_MAX_OFF;
}

/*
 * len bytes at off (an offset computed from fields read off the wire), or
 * NULL. As ts_ptr_at(): capped, and opaque to the compiler so that the
 * check tests the offset the verifier sees added.
 */
static __always_inline void *ts_lane_ptr(void *data, void *data_end, __u64 off, __u32 len)
{
	void *ptr;

	asm volatile("" : "+r"(off));
	if (off > TS_MAX_OFF)
		return NULL;
	ptr = data + off;
	if (ptr + len > data_end)
		return NULL;
	return ptr;
}

/*
 * The lane's IP header at l3 of EtherType et: IPv4 without options, not a
 * fragment, or IPv6 without extension headers, ending at most at limit
 * (the frame's wire length, or the tunnel payload's end). Fills the IP
 * payload length, the transport's offset and protocol, and the counter;
 * 0 if the packet is not one of those.
 */
static __always_inline int ts_lane_ip(void *data, void *data_end, __u32 limit, __u64 l3,
				      __be16 et, __u32 *pl, __u32 *l4off, __u8 *proto, __u32 *ipc)
{
	if (et == bpf_htons(ETH_P_IP_)) {
		struct iphdr *ip = data + l3;

		if ((void *)(ip + 1) > data_end || *(__u8 *)ip != 0x45 ||
		    (ip->frag_off & bpf_htons(IPV4_MF | IPV4_OFFSET)))
			return 0;
		*pl = bpf_ntohs(ip->tot_len);
		if (*pl < sizeof(*ip) || l3 + *pl > limit)
			return 0;
		*pl -= sizeof(*ip);
		*proto = ip->protocol;
		*l4off = l3 + sizeof(*ip);
		*ipc = TS_C_IPV4;
		return 1;
	}
	if (et == bpf_htons(ETH_P_IPV6_)) {
		struct ipv6hdr *ip6 = data + l3;

		if ((void *)(ip6 + 1) > data_end || ip6->version != 6)
			return 0;
		*pl = bpf_ntohs(ip6->payload_len);
		if (!*pl || l3 + sizeof(*ip6) + *pl > limit)
			return 0;
		*proto = ip6->nexthdr;
		*l4off = l3 + sizeof(*ip6);
		*ipc = TS_C_IPV6;
		return 1;
	}
	return 0;
}

/*
 * The transport header at l4off, pl bytes of IP payload: TS_LANE_TCP (an
 * ACK as the lane takes it; *fp its flags), TS_LANE_UDP, TS_LANE_L2TP (UDP
 * that parse_udp() hands to L2TP: the tunnel lane may take it), or 0.
 * Reads only.
 */
static __always_inline int ts_lane_l4(void *data, void *data_end, __u32 l4off, __u32 pl,
				      __u8 proto, __u8 *fp)
{
	void *l4 = data + l4off;
	__u32 hlen, id;
	__u64 *want;
	__u8 f, *h;

	if (proto == IPPROTO_TCP_) {
		struct tcphdr *th = l4;

		if ((void *)(th + 1) > data_end)
			return 0;
		/* PPTP control leaves the lane at once (with a payload it is parsed) */
		if ((th->source == bpf_htons(cfg_pptp_port) || th->dest == bpf_htons(cfg_pptp_port)) &&
		    sizeof(*th) < pl)
			return 0;
		f = ((__u8 *)th)[13];
		hlen = th->doff * 4;
		if ((f & ~TCP_PSH) != TCP_ACK || hlen < sizeof(*th) || hlen > pl ||
		    l4off + hlen > (__u32)(data_end - data))
			return 0;
		if (hlen < pl && hlen + TLS_HDR_LEN <= pl) {
			/* a payload: TLS by its first bytes */
			h = l4 + (hlen & 0x3c);
			if ((void *)(h + TLS_HDR_LEN) <= data_end && ts_tls_header_ok(h))
				return 0;
		}
		id = ts_expect_slot(bpf_ntohl(th->ack_seq));
		want = bpf_map_lookup_elem(&tcp_expect, &id);
		if (want && *want == ts_expect_val(bpf_ntohl(th->ack_seq)))
			return 0;	/* it may complete a handshake: ts_tcp_track() */
		*fp = f;
		return TS_LANE_TCP;
	}
	if (proto == IPPROTO_UDP_) {
		struct udphdr *uh = l4;
		__u32 ulen;

		if ((void *)(uh + 1) > data_end)
			return 0;
		/* the ports first: the tunnels on UDP leave the lane at once */
		/* in parse_udp()'s order: NAT-T, IKE, L2TP, RADIUS */
		if (uh->dest == bpf_htons(cfg_natt_port) || uh->source == bpf_htons(cfg_natt_port) ||
		    uh->dest == bpf_htons(cfg_ike_port) || uh->source == bpf_htons(cfg_ike_port))
			return 0;
		if (uh->source == bpf_htons(cfg_l2tp_port) || uh->dest == bpf_htons(cfg_l2tp_port))
			return TS_LANE_L2TP;
		if (ts_radius_port(uh->source) || ts_radius_port(uh->dest))
			return 0;
		ulen = bpf_ntohs(uh->len);
		if (ulen < sizeof(*uh) || ulen > pl)
			return 0;
		return TS_LANE_UDP;
	}
	return 0;
}

/*
 * One frame of len bytes in lane slot sig: it stands for every counter the
 * frame bumps, its tcp_flags and its ppp_stats slot (include/tunnelstat_lane.h).
 */
static __always_inline void ts_lane_count(struct ts_counters *ctr, __u32 sig, __u32 len)
{
	struct ts_counter *c = &ctr->lane[sig];

	c->packets++;
	c->bytes += len;
}

/*
 * A tunnel's PPP frame from off to end (RFC 1661/1662 as parse_ppp()
 * reads it; never PPPoE here, so an elided address/control field counts):
 * compressed/encrypted data, or IPv4 or IPv6 that ts_lane_ip() and
 * ts_lane_l4() take. 1 with t filled, 0 for anything else (control
 * protocols, other data: the general parse).
 */
static __always_inline int ts_lane_ppp(void *data, void *data_end, __u32 off, __u32 end,
				       struct ts_lane_tun *t)
{
	__u32 pl = 0, l4off = 0, ipc = 0, fl = 0, in;
	__u8 proto = 0, f = 0, *b;
	__be16 et;
	__u64 l3;
	int l4;

	if (off > TS_MAX_OFF)
		return 0;
	off = ts_lane_blur(off);
	b = ts_lane_ptr(data, data_end, off, 2);
	if (!b || off + 2 > end)
		return 0;
	if (b[0] == 0xFF && b[1] == 0x03) {
		off += 2;
		b = ts_lane_ptr(data, data_end, off, 2);
		if (!b || off + 1 > end)
			return 0;
	} else {
		fl = TS_LANE_SIG_NO_ACF;
	}
	if (b[0] & 1) {
		/* PFC: a 1-byte protocol field (0x21 IPv4, 0x57 IPv6, 0xFD) */
		fl |= TS_LANE_SIG_PFC;
		proto = b[0];
		off += 1;
	} else {
		if (b[0] || off + 2 > end)
			return 0;	/* not 0x00xx: a control protocol or other */
		proto = b[1];
		off += 2;
	}
	if (proto == (PPP_COMP & 0xff)) {
		t->sig |= fl | TS_LANE_IN_COMP << TS_LANE_SIG_INNER_SHIFT;
		return 1;
	}
	if (proto == (PPP_IP & 0xff)) {
		in = TS_LANE_IN_V4_ACK;
		et = bpf_htons(ETH_P_IP_);
	} else if (proto == (PPP_IPV6 & 0xff)) {
		in = TS_LANE_IN_V6_ACK;
		et = bpf_htons(ETH_P_IPV6_);
	} else {
		return 0;
	}
	if (off > TS_MAX_OFF)
		return 0;
	l3 = ts_lane_blur(off);
	if (!ts_lane_ip(data, data_end, end, l3, et, &pl, &l4off, &proto, &ipc))
		return 0;
	l4 = ts_lane_l4(data, data_end, l4off, pl, proto, &f);
	if (l4 == TS_LANE_UDP)
		in += TS_LANE_IN_V4_UDP - TS_LANE_IN_V4_ACK;
	else if (l4 != TS_LANE_TCP)
		return 0;
	else if (f & TCP_PSH)
		in += TS_LANE_IN_V4_PSH - TS_LANE_IN_V4_ACK;
	t->sig |= fl | in << TS_LANE_SIG_INNER_SHIFT;
	return 1;
}

/* The outer addresses of the IP header at l3 (IPv4 if ipc says so) into k. */
static __always_inline void ts_lane_addrs(void *data, __u32 l3, __u32 ipc,
					  union ts_key_scratch *k)
{
	if (ipc == TS_C_IPV4) {
		struct iphdr *ip = data + l3;

		k->a.src[0] = ts_tab_pair(ip->saddr, 0);
		k->a.src[1] = 0;
		k->a.dst[0] = ts_tab_pair(ip->daddr, 0);
		k->a.dst[1] = 0;
	} else {
		struct ipv6hdr *ip6 = data + l3;
		const __be32 *a = (const __be32 *)&ip6->saddr, *b = (const __be32 *)&ip6->daddr;

		k->a.src[0] = ts_tab_pair(a[0], a[1]);
		k->a.src[1] = ts_tab_pair(a[2], a[3]);
		k->a.dst[0] = ts_tab_pair(b[0], b[1]);
		k->a.dst[1] = ts_tab_pair(b[2], b[3]);
	}
}

/*
 * GRE v1 (PPTP data) at off, the IP payload ending at ip_end: the header
 * as parse_gre() takes it without a failure, then ts_lane_ppp().
 */
static __always_inline int ts_lane_gre(void *data, void *data_end, __u32 off, __u32 ip_end,
				       struct ts_lane_tun *t)
{
	struct ts_grehdr *g = data + off;
	__u32 need, o, end;
	__be32 *w;

	if ((void *)(g + 1) > data_end || g->proto != bpf_htons(GRE_PROTO_PPP))
		return 0;
	t->flags = bpf_ntohs(g->flags);
	if ((t->flags & (GRE_C | GRE_R | GRE_K | GRE_VER)) != (GRE_K | 1))
		return 0;
	need = 8;
	if (t->flags & GRE_S)
		need += 4;
	if (t->flags & GRE_A)
		need += 4;
	if (off + need > ip_end)
		return 0;
	w = ts_lane_ptr(data, data_end, off + 4, 4);
	if (!w)
		return 0;
	t->plen = bpf_ntohs(((__be16 *)w)[0]);
	t->id = ((__be16 *)w)[1];
	o = off + 8;
	if (t->flags & GRE_S) {
		w = ts_lane_ptr(data, data_end, o, 4);
		if (!w)
			return 0;
		t->seq = bpf_ntohl(*w);
		o += 4;
	}
	if (t->flags & GRE_A) {
		w = ts_lane_ptr(data, data_end, o, 4);
		if (!w)
			return 0;
		t->ack = bpf_ntohl(*w);
		o += 4;
	}
	t->sig = (t->flags & GRE_S ? TS_LANE_SIG_F1 : 0) | (t->flags & GRE_A ? TS_LANE_SIG_F2 : 0);
	if (!t->plen)
		return 1;	/* ack-only: TS_LANE_IN_NONE */
	/* the PPP frame ends where the payload length says */
	end = o + t->plen < ip_end ? o + t->plen : ip_end;
	return ts_lane_ppp(data, data_end, o, end, t);
}

/*
 * An L2TPv2 data message (RFC 2661 3.1) in the UDP datagram at off
 * (ulen bytes, its header included, within the IP payload): the header
 * as parse_l2tp() takes it without a failure, then ts_lane_ppp() if it
 * carries a PPP frame.
 */
static __always_inline int ts_lane_l2tp(void *data, void *data_end, __u32 off, __u32 ulen,
					struct ts_lane_tun *t)
{
	__u32 left = ulen - sizeof(struct udphdr), hlen, len = 0, osize = 0, o, end;
	__u8 *b;

	off += sizeof(struct udphdr);
	b = ts_lane_ptr(data, data_end, off, 2);
	if (!b || left < 2)
		return 0;
	t->flags = ts_get16(b);
	/* control, not version 2, or the rare O and P bits: the general parse */
	if ((t->flags & (L2TP_T | L2TP_O | L2TP_P | L2TP_VER)) != 2)
		return 0;
	hlen = 6;
	if (t->flags & L2TP_L)
		hlen += 2;
	if (t->flags & L2TP_S)
		hlen += 4;
	if (t->flags & L2TP_O)
		hlen += 2;
	if (hlen > left)
		return 0;
	o = off + 2;
	if (t->flags & L2TP_L) {
		b = ts_lane_ptr(data, data_end, o, 2);
		if (!b)
			return 0;
		len = ts_get16(b);
		o += 2;
	}
	b = ts_lane_ptr(data, data_end, o, 4);
	if (!b)
		return 0;
	t->tid = ts_get16(b);
	t->sid = ts_get16(b + 2);
	o += 4;
	if (t->flags & L2TP_S) {
		if (!ts_lane_ptr(data, data_end, o, 4))
			return 0;
		o += 4;
	}
	if (t->flags & L2TP_O) {
		b = ts_lane_ptr(data, data_end, o, 2);
		if (!b)
			return 0;
		osize = ts_get16(b);
	}
	/* the message ends where Length says, else with the datagram */
	if (t->flags & L2TP_L) {
		if (len < hlen || len > left)
			return 0;
	} else {
		len = left;
	}
	if (osize > len - hlen)
		return 0;
	end = off + len;
	o = off + hlen + osize;
	t->sig = TS_LANE_SIG_L2TP | (t->flags & L2TP_L ? TS_LANE_SIG_F1 : 0) |
		 (t->flags & L2TP_S ? TS_LANE_SIG_F2 : 0);
	if (o >= end)
		return 1;	/* no PPP frame: TS_LANE_IN_NONE */
	return ts_lane_ppp(data, data_end, o, end, t);
}

/*
 * The tunnel lane, after the outer IP header at l3 (counter ipc, under a
 * VLAN tag if vlan) whose payload of pl bytes at l4off is GRE or UDP: see
 * the top of this file. now: the frame's time (0: live, the coarse clock).
 *
 * Two phases: the parse reads the frame and leaves what it found in
 * this CPU's key_scratch, then (after a compiler barrier) the count reads
 * it back from there. To the verifier a value read from a map is unknown:
 * the count is verified once, not once per path through the parse (a
 * VLAN tag or not, IPv4 or IPv6, GRE's optional words, PPP's elided
 * fields, the inner packet: thousands of paths, each with its own
 * constants, which the table code makes it track precisely). The stores
 * and loads cost ~1 ns; the budget they save is most of the 1M.
 */
static __always_inline int ts_tunnel_lane(void *data, void *data_end, __u32 len,
					  struct ts_counters *ctr, __u64 now, __u32 l3,
					  __u32 l4off, __u32 pl, __u8 proto, __u32 ipc, int vlan)
{
	__u32 zero = 0, ulen = 0, sig;
	union ts_key_scratch *ks;
	struct ts_lane_tun *t;
	int res;

	/*
	 * The first words, before any work: GRE v0, IKE, NAT-T, RADIUS, L2TP
	 * control and the rest of UDP leave at once, as cheaply as they did
	 * before this lane (the IPsec rows of docs/performance.md).
	 */
	if (proto == IPPROTO_GRE_) {
		struct ts_grehdr *g = data + l4off;

		if ((void *)(g + 1) > data_end || g->proto != bpf_htons(GRE_PROTO_PPP) ||
		    (bpf_ntohs(g->flags) & (GRE_C | GRE_R | GRE_K | GRE_VER)) != (GRE_K | 1))
			return 0;
	} else {
		/* UDP on the L2TP port (ts_lane_l4()) */
		struct udphdr *uh = data + l4off;
		__u8 *b = (__u8 *)(uh + 1);

		if ((void *)(b + 2) > data_end)
			return 0;
		/* L2TPv2 data without O or P (ts_lane_l2tp()) */
		if ((ts_get16(b) & (L2TP_T | L2TP_O | L2TP_P | L2TP_VER)) != 2)
			return 0;
		ulen = bpf_ntohs(uh->len);
		if (ulen < sizeof(*uh) || ulen > pl)
			return 0;
	}

	ks = bpf_map_lookup_elem(&key_scratch, &zero);
	if (!ks)
		return 0;
	t = &ks->lane.t;	/* each field the count reads is written below */
	/* the addresses now: from here on the outer header's offset is dead */
	ts_lane_addrs(data, l3, ipc, ks);
	if (l4off > TS_MAX_OFF)
		return 0;
	l4off = ts_lane_blur(l4off);
	if (proto == IPPROTO_GRE_) {
		if (!ts_lane_gre(data, data_end, l4off, l4off + pl, t))
			return 0;
	} else if (!ts_lane_l2tp(data, data_end, l4off, ulen, t)) {
		return 0;
	}
	t->sig |= (ipc == TS_C_IPV6 ? TS_LANE_SIG_V6 : 0) | (vlan ? TS_LANE_SIG_VLAN : 0);
	/* the count: everything from t, read back (see above) */
	asm volatile("" ::: "memory");

	if (!now)
		now = ts_clock_coarse_in(&ks->lane.clock);
	sig = t->sig;
	if (!(sig & TS_LANE_SIG_L2TP)) {
		struct ts_gre_call *c;

		*(ts_tab_dword *)&ks->gre.call_id =
			ts_tab_id_family(t->id, sig & TS_LANE_SIG_V6 ? 6 : 4);
		c = ts_tab_find(gre_calls, &ks->gre, TS_GRE_CALLS_MAX, 1, &res);
		if (c) {
			if (res == TS_TAB_EVICTED)
				ts_lane_bump(ctr, TS_C_ERR_GRE_CALL_EVICTED, len);
			ts_gre_call_acct(c, now, len, t->plen, t->flags, t->seq, t->ack);
		} else {
			ts_lane_bump(ctr, TS_C_ERR_GRE_TABLE_FULL, len);
		}
	} else {
		struct ts_l2tp_sess *r;

		*(ts_tab_dword *)&ks->l2tp.tunnel_id = ts_tab_pair(t->tid, t->sid);
		*(ts_tab_dword *)&ks->l2tp.version =
			ts_l2tp_key_tail(2, sig & TS_LANE_SIG_V6 ? 6 : 4);
		r = ts_tab_find(l2tp_sess, &ks->l2tp, TS_L2TP_SESS_MAX, 1, &res);
		if (res == TS_TAB_EVICTED)
			ts_lane_bump(ctr, TS_C_ERR_L2TP_EVICTED, len);
		if (r) {
			ts_l2tp_sess_bump(r, now, len);
			__sync_fetch_and_add(&r->data, 1);
		} else {
			ts_lane_bump(ctr, TS_C_ERR_L2TP_TABLE_FULL, len);
		}
	}
	/* every counter the frame bumps, its tcp_flags and ppp_stats, in one slot */
	ts_lane_count(ctr, sig & (TS_LANE_TUN_SIGS - 1), len);
	return 1;
}

/*
 * The fast lane (top of this file): 1 if it counted the frame of len
 * bytes (now: its time, 0 live), 0 with nothing touched.
 */
static __always_inline int ts_fast_lane(void *data, void *data_end, __u32 len,
					struct ts_counters *ctr, __u64 now)
{
	struct ethhdr *eth = data;
	__u32 pl = 0, l3 = sizeof(*eth), l4off = 0, ipc = 0;
	int vlan = 0, l4;
	__u8 f = 0, proto = 0;
	__be16 et;

	if (cfg_no_lanes || data + sizeof(*eth) + sizeof(struct ts_vlanhdr) > data_end || !ctr)
		return 0;
	et = eth->h_proto;
	if (et == bpf_htons(ETH_P_8021Q_) || et == bpf_htons(ETH_P_8021AD_) ||
	    et == bpf_htons(ETH_P_QINQ1_)) {
		/* one VLAN tag (a second one takes the full parse) */
		et = ((struct ts_vlanhdr *)(data + sizeof(*eth)))->proto;
		vlan = 1;
		l3 += sizeof(struct ts_vlanhdr);
		if (!ts_lane_ip(data, data_end, len, sizeof(*eth) + sizeof(struct ts_vlanhdr), et,
				&pl, &l4off, &proto, &ipc))
			return 0;
	} else if (!ts_lane_ip(data, data_end, len, sizeof(*eth), et, &pl, &l4off, &proto, &ipc)) {
		return 0;
	}
	l4 = ts_lane_l4(data, data_end, l4off, pl, proto, &f);
	if (l4 == TS_LANE_L2TP || (!l4 && proto == IPPROTO_GRE_))
		return ts_tunnel_lane(data, data_end, len, ctr, now, l3, l4off, pl, proto, ipc, vlan);
	if (!l4)
		return 0;
	if (l4 == TS_LANE_TCP) {
		l4 = f & TCP_PSH ? TS_LANE_PLAIN_PSH : TS_LANE_PLAIN_ACK;
	} else {
		l4 = TS_LANE_PLAIN_UDP;
	}
	ts_lane_count(ctr, TS_LANE_PLAIN_BASE + (l4 << TS_LANE_PLAIN_L4_SHIFT) +
		      (vlan ? TS_LANE_PLAIN_VLAN : 0) + (ipc == TS_C_IPV6 ? TS_LANE_PLAIN_V6 : 0),
		      len);
	return 1;
}

#endif /* TS_BPF_LANE_H */
