/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* IP protocol numbers (IANA) and the dispatch on them, for IPv4 and IPv6. */
#ifndef TS_PARSE_IP_H
#define TS_PARSE_IP_H

#include "common.h"

#define IPPROTO_HOPOPTS_	0
#define IPPROTO_ICMP_		1
#define IPPROTO_IGMP_		2
#define IPPROTO_IPIP_		4
#define IPPROTO_TCP_		6
#define IPPROTO_UDP_		17
#define IPPROTO_IPV6_		41
#define IPPROTO_ROUTING_	43
#define IPPROTO_FRAGMENT_	44
#define IPPROTO_GRE_		47
#define IPPROTO_ESP_		50
#define IPPROTO_AH_		51
#define IPPROTO_ICMPV6_		58
#define IPPROTO_NONE_		59
#define IPPROTO_DSTOPTS_	60
#define IPPROTO_L2TP_		115	/* L2TPv3 over IP (RFC 3931 4.1.1) */
#define IPPROTO_OSPF_		89

/* Next layer for an IP protocol / IPv6 next header value. */
static __always_inline int ts_ipproto_next(struct pkt *p, __u8 proto)
{
	int v6 = p->s->v6;

	p->s->proto = proto;
	switch (proto) {
	case IPPROTO_TCP_:
		return TS_L_TCP;
	case IPPROTO_UDP_:
		return TS_L_UDP;
	case IPPROTO_ICMP_:
		return TS_L_ICMP;
	case IPPROTO_ICMPV6_:
		return TS_L_ICMPV6;
	case IPPROTO_IGMP_:
		return TS_L_IGMP;
	case IPPROTO_OSPF_:
		return TS_L_OSPF;
	case IPPROTO_IPIP_:
	case IPPROTO_IPV6_:
		ts_count(p, TS_C_IPIP);
		if (!p->s->in_icmp && !p->s->tunnel) {
			ts_enter_tunnel(p->s, TS_TUN_IPIP, 0);
		}
		return proto == IPPROTO_IPIP_ ? TS_L_IPV4 : TS_L_IPV6;
	case IPPROTO_ESP_:
		return TS_L_ESP;
	case IPPROTO_GRE_:
		return TS_L_GRE;
	case IPPROTO_AH_:
		return TS_L_AH;
	case IPPROTO_L2TP_:
		return TS_L_L2TP;
	case IPPROTO_NONE_:
		if (v6)
			ts_count(p, TS_C_IPV6_NO_NEXT);
		else
			ts_count(p, TS_C_IP_OTHER);
		return TS_L_DONE;
	case IPPROTO_HOPOPTS_:
	case IPPROTO_ROUTING_:
	case IPPROTO_FRAGMENT_:
	case IPPROTO_DSTOPTS_:
		if (v6)
			return TS_L_IPV6_EXT;
		/* fallthrough: not extension headers after IPv4 */
	default:
		ts_count(p, TS_C_IP_OTHER);
		return TS_L_DONE;
	}
}

/*
 * The end of this IP packet may lie at most at `limit`: the frame's wire
 * length, or the enclosing IP payload's end for IP in IP. A packet quoted
 * in an ICMP error is cut short by design, so its length is not checked.
 */
static __always_inline int ts_ip_len_ok(struct pkt *p, __u32 end)
{
	if (p->s->in_icmp) {
		if (end < p->s->l3_end)
			p->s->l3_end = end;
		return 1;
	}
	if (end > p->s->l3_end)
		return 0;
	p->s->l3_end = end;
	return 1;
}

#endif /* TS_PARSE_IP_H */
