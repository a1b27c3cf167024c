/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * PPP frames inside tunnels (RFC 1661, framing RFC 1662 without HDLC
 * flags or FCS): [address 0xFF control 0x03] protocol(1 or 2) information.
 * Address/control may be elided (ACFC, RFC 1661 6.6); the protocol field
 * may be compressed to one byte (PFC, 6.5): protocol numbers have an odd
 * low byte and an even high byte, so an odd first byte is a 1-byte field.
 * Control protocols (LCP, PAP, CHAP, NCPs) start code(1) id(1) length(2);
 * they are counted by code. IPv4 and IPv6 are parsed on.
 * Shared by PPTP (GRE v1), L2TP and PPPoE. Control packets inside a
 * tunnel that keeps per-session state are also handed to that tunnel's
 * hook (PPPoE: ts_pppoe_ppp()), which reads authentication outcomes and
 * IPCP addresses; the hook never changes how the frame is parsed.
 */
#ifndef TS_PARSE_PPP_H
#define TS_PARSE_PPP_H

#include "common.h"
#include "pppoe.h"

#define PPP_LCP		0xC021
#define PPP_PAP		0xC023
#define PPP_CHAP	0xC223
#define PPP_IPCP	0x8021
#define PPP_IPV6CP	0x8057
#define PPP_CCP		0x80FD
#define PPP_COMP	0x00FD
#define PPP_IP		0x0021
#define PPP_IPV6	0x0057

static __always_inline int parse_ppp(struct pkt *p)
{
	__u8 *b = ts_ptr_at(p, p->s->off, 2);
	__u32 idx, code = 0;
	__u16 proto;
	__u8 *c = NULL;

	/* bounded by the tunnel's payload length (l3_end), not the frame */
	if (!b || ts_l3_left(p) < 2)
		return ts_fail(p, TS_C_ERR_PPP_TRUNCATED);
	if (b[0] == 0xFF && b[1] == 0x03) {
		p->s->off += 2;
	} else if (p->s->tunnel != TS_TUN_PPPOE) {
		/* PPPoE never carries them (RFC 2516 7): nothing elided there */
		ts_count(p, TS_C_PPP_NO_ACF);
	}
	b = ts_ptr_at(p, p->s->off, 1);
	if (!b || ts_l3_left(p) < 1)
		return ts_fail(p, TS_C_ERR_PPP_TRUNCATED);
	if (b[0] & 1) {
		proto = b[0];
		p->s->off += 1;
		ts_count(p, TS_C_PPP_PFC);
	} else {
		b = ts_ptr_at(p, p->s->off, 2);
		if (!b || ts_l3_left(p) < 2)
			return ts_fail(p, TS_C_ERR_PPP_TRUNCATED);
		proto = (b[0] << 8) | b[1];
		p->s->off += 2;
	}

	switch (proto) {
	case PPP_LCP:	idx = TS_PPP_LCP; break;
	case PPP_PAP:	idx = TS_PPP_PAP; break;
	case PPP_CHAP:	idx = TS_PPP_CHAP; break;
	case PPP_IPCP:	idx = TS_PPP_IPCP; break;
	case PPP_IPV6CP: idx = TS_PPP_IPV6CP; break;
	case PPP_CCP:	idx = TS_PPP_CCP; break;
	case PPP_COMP:	idx = TS_PPP_COMP; break;
	case PPP_IP:	idx = TS_PPP_IPV4; break;
	case PPP_IPV6:	idx = TS_PPP_IPV6; break;
	default:	idx = TS_PPP_OTHER; break;
	}
	if (idx <= TS_PPP_CCP) {
		c = ts_ptr(p, p->s->off, 4);
		if (!c || ts_l3_left(p) < 4)
			return ts_fail(p, TS_C_ERR_PPP_CTRL_TRUNCATED);
		code = c[0] < TS_PPP_CODES ? c[0] : 0;
	}
	ts_count(p, TS_C_PPP);
	ts_count_in(&ppp_stats, idx * TS_PPP_CODES + code, p);
	if (c && p->s->tunnel == TS_TUN_PPPOE)
		ts_pppoe_ppp(p, idx, c);

	if (idx == TS_PPP_IPV4)
		return TS_L_IPV4;
	if (idx == TS_PPP_IPV6)
		return TS_L_IPV6;
	return TS_L_DONE;
}

#endif /* TS_PARSE_PPP_H */
