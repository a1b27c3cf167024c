/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Lane signatures: how the lanes (bpf/lane.h) count. A frame a lane takes
 * bumps many counters, all by the same frame (one packet, its wire
 * bytes): total, eth, ipv4, gre, gre_v1, gre_key, ppp, tcp, ... Rather
 * than a dozen read-modify-writes of {packets, bytes} (~10 ns per GRE
 * frame here, docs/performance.md), the lane bumps one slot of
 * struct ts_counters.lane[], chosen by the frame's signature: the shape
 * bits that decide which counters it bumps. ts_stats_read() (user/stats.c)
 * adds each slot to the counters ts_lane_sig_ids() lists for it, so every
 * reader sees the counters as if each had been bumped; the slot also
 * stands for one tcp_flags slot (ts_lane_sig_tcp_flags()) and one
 * ppp_stats slot (ts_lane_sig_ppp()), which ts_lane_maps_add() adds in.
 *
 * Tunnel lane slots, [0, TS_LANE_TUN_SIGS): bits
 *	0	kind: 0 PPTP (GRE v1), 1 L2TPv2 data
 *	1	outer IPv6
 *	2	VLAN tag
 *	3	GRE: S (sequence number); L2TP: L (length)
 *	4	GRE: A (acknowledgment number); L2TP: S (Ns, Nr)
 *	5	PPP address/control elided
 *	6	PPP protocol field compressed
 *	7-9	the payload (enum ts_lane_inner): none (GRE ack-only, L2TP
 *		without payload), MPPE, or IPv4/IPv6 with a TCP ACK, a TCP
 *		PSH-ACK or UDP
 * Plain lane slots, TS_LANE_PLAIN_BASE + bits
 *	0	IPv6
 *	1	VLAN tag
 *	2-3	1 TCP ACK, 2 TCP PSH-ACK, 3 UDP
 *
 * Compiles for BPF and the host (make check-headers).
 */
#ifndef TUNNELSTAT_LANE_H
#define TUNNELSTAT_LANE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include "tunnelstat.h"

#define TS_LANE_SIG_L2TP	0x001
#define TS_LANE_SIG_V6		0x002
#define TS_LANE_SIG_VLAN	0x004
#define TS_LANE_SIG_F1		0x008	/* GRE S, L2TP L */
#define TS_LANE_SIG_F2		0x010	/* GRE A, L2TP S */
#define TS_LANE_SIG_NO_ACF	0x020
#define TS_LANE_SIG_PFC		0x040
#define TS_LANE_SIG_INNER_SHIFT	7

/* The tunnel's payload, bits 7-9 of a tunnel signature. */
enum ts_lane_inner {
	TS_LANE_IN_NONE = 0,	/* no PPP frame */
	TS_LANE_IN_COMP,	/* PPP 0x00FD */
	TS_LANE_IN_V4_ACK,	/* PPP IPv4: TCP ACK */
	TS_LANE_IN_V4_PSH,	/* TCP PSH-ACK */
	TS_LANE_IN_V4_UDP,
	TS_LANE_IN_V6_ACK,	/* PPP IPv6 ... */
	TS_LANE_IN_V6_PSH,
	TS_LANE_IN_V6_UDP,
};

#define TS_LANE_PLAIN_BASE	TS_LANE_TUN_SIGS
#define TS_LANE_PLAIN_V6	0x1
#define TS_LANE_PLAIN_VLAN	0x2
#define TS_LANE_PLAIN_L4_SHIFT	2
#define TS_LANE_PLAIN_ACK	1
#define TS_LANE_PLAIN_PSH	2
#define TS_LANE_PLAIN_UDP	3
_Static_assert(TS_LANE_SIGS == TS_LANE_TUN_SIGS + 16, "plain slots: 4 bits");

/* Most counters one signature stands for. */
#define TS_LANE_SIG_IDS		20

/* The counters (enum ts_counter_id) a frame of signature sig bumps, into ids; returns how many. */
static inline int ts_lane_sig_ids(__u32 sig, __u32 *ids)
{
	int n = 0, tcp = 0, psh = 0, udp = 0;
	__u32 in, inner_ip = 0, outer_ip;

	ids[n++] = TS_C_TOTAL;
	ids[n++] = TS_C_ETH;
	if (sig >= TS_LANE_PLAIN_BASE) {
		__u32 s = sig - TS_LANE_PLAIN_BASE, l4 = (s >> TS_LANE_PLAIN_L4_SHIFT) & 3;

		ids[n++] = s & TS_LANE_PLAIN_V6 ? TS_C_IPV6 : TS_C_IPV4;
		if (s & TS_LANE_PLAIN_VLAN)
			ids[n++] = TS_C_VLAN;
		if (l4 == TS_LANE_PLAIN_UDP) {
			ids[n++] = TS_C_UDP;
		} else if (l4) {
			ids[n++] = TS_C_TCP;
			ids[n++] = TS_C_TCP_ACK;
			if (l4 == TS_LANE_PLAIN_PSH)
				ids[n++] = TS_C_TCP_PSH;
		}
		return n;
	}
	outer_ip = sig & TS_LANE_SIG_V6 ? TS_C_IPV6 : TS_C_IPV4;
	ids[n++] = outer_ip;
	if (sig & TS_LANE_SIG_VLAN)
		ids[n++] = TS_C_VLAN;
	in = (sig >> TS_LANE_SIG_INNER_SHIFT) & 7;
	if (sig & TS_LANE_SIG_L2TP) {
		ids[n++] = TS_C_UDP;
		ids[n++] = TS_C_L2TP;
		ids[n++] = TS_C_L2TP_DATA;
		if (sig & TS_LANE_SIG_F1)
			ids[n++] = TS_C_L2TP_DATA_LENGTH;
		if (sig & TS_LANE_SIG_F2)
			ids[n++] = TS_C_L2TP_DATA_SEQ;
		udp = 1;	/* the inner UDP is counted by the outer one */
	} else {
		ids[n++] = TS_C_GRE;
		ids[n++] = TS_C_GRE_V1;
		ids[n++] = TS_C_GRE_KEY;
		if (sig & TS_LANE_SIG_F1)
			ids[n++] = TS_C_GRE_SEQ;
		if (sig & TS_LANE_SIG_F2)
			ids[n++] = TS_C_GRE_ACK;
		if (in == TS_LANE_IN_NONE)
			ids[n++] = TS_C_GRE_ACK_ONLY;
	}
	if (in == TS_LANE_IN_NONE)
		return n;
	ids[n++] = TS_C_PPP;
	if (sig & TS_LANE_SIG_NO_ACF)
		ids[n++] = TS_C_PPP_NO_ACF;
	if (sig & TS_LANE_SIG_PFC)
		ids[n++] = TS_C_PPP_PFC;
	switch (in) {
	case TS_LANE_IN_V4_ACK: inner_ip = TS_C_IPV4; tcp = 1; break;
	case TS_LANE_IN_V4_PSH: inner_ip = TS_C_IPV4; tcp = psh = 1; break;
	case TS_LANE_IN_V4_UDP: inner_ip = TS_C_IPV4; break;
	case TS_LANE_IN_V6_ACK: inner_ip = TS_C_IPV6; tcp = 1; break;
	case TS_LANE_IN_V6_PSH: inner_ip = TS_C_IPV6; tcp = psh = 1; break;
	case TS_LANE_IN_V6_UDP: inner_ip = TS_C_IPV6; break;
	default: return n;	/* MPPE */
	}
	if (inner_ip != outer_ip)	/* a protocol met twice counts once */
		ids[n++] = inner_ip;
	if (tcp) {
		ids[n++] = TS_C_TCP;
		ids[n++] = TS_C_TCP_ACK;
		if (psh)
			ids[n++] = TS_C_TCP_PSH;
		ids[n++] = TS_C_TCP_INNER;
	} else if (!udp) {
		ids[n++] = TS_C_UDP;
	}
	return n;
}

/* The tcp_flags slot (the TCP flags byte) a frame of signature sig bumps, or -1. */
static inline int ts_lane_sig_tcp_flags(__u32 sig)
{
	__u32 in;

	if (sig >= TS_LANE_PLAIN_BASE) {
		switch (((sig - TS_LANE_PLAIN_BASE) >> TS_LANE_PLAIN_L4_SHIFT) & 3) {
		case TS_LANE_PLAIN_ACK: return 0x10;	/* ACK */
		case TS_LANE_PLAIN_PSH: return 0x18;	/* PSH ACK */
		default: return -1;
		}
	}
	in = (sig >> TS_LANE_SIG_INNER_SHIFT) & 7;
	if (in == TS_LANE_IN_V4_ACK || in == TS_LANE_IN_V6_ACK)
		return 0x10;
	if (in == TS_LANE_IN_V4_PSH || in == TS_LANE_IN_V6_PSH)
		return 0x18;
	return -1;
}

/* The ppp_stats slot (protocol * TS_PPP_CODES) a frame of signature sig bumps, or -1. */
static inline int ts_lane_sig_ppp(__u32 sig)
{
	__u32 in;

	if (sig >= TS_LANE_PLAIN_BASE)
		return -1;
	in = (sig >> TS_LANE_SIG_INNER_SHIFT) & 7;
	if (in == TS_LANE_IN_NONE)
		return -1;
	if (in == TS_LANE_IN_COMP)
		return TS_PPP_COMP * TS_PPP_CODES;
	return (in < TS_LANE_IN_V6_ACK ? TS_PPP_IPV4 : TS_PPP_IPV6) * TS_PPP_CODES;
}

#endif /* TUNNELSTAT_LANE_H */
