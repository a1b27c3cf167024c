/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ICMP (RFC 792) and ICMPv6 (RFC 4443): type(1) code(1) checksum(2)
 * rest(4). Error messages quote the offending packet after these 8 bytes:
 * ICMP destination unreachable 3, source quench 4, redirect 5, time
 * exceeded 11, parameter problem 12; ICMPv6 types 1-4. The quoted IP
 * header and transport are parsed too (one level), as tshark does.
 */
#ifndef TS_PARSE_ICMP_H
#define TS_PARSE_ICMP_H

#include "common.h"

#define ICMP_HDR_LEN 8

static __always_inline int ts_icmp_quotes(struct pkt *p, __u8 type, int v6)
{
	if (p->s->in_icmp)
		return 0;
	if (v6)
		return type >= 1 && type <= 4;
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static __always_inline int parse_icmp(struct pkt *p, int v6)
{
	__u8 *h = ts_ptr(p, p->s->off, ICMP_HDR_LEN);

	if (!h || ts_l3_left(p) < ICMP_HDR_LEN)
		return ts_fail(p, v6 ? TS_C_ERR_ICMPV6_TRUNCATED :
				       TS_C_ERR_ICMP_TRUNCATED);
	ts_count(p, v6 ? TS_C_ICMPV6 : TS_C_ICMP);
	p->s->off += ICMP_HDR_LEN;
	if (!ts_icmp_quotes(p, h[0], v6))
		return TS_L_DONE;
	p->s->in_icmp = 1;
	/* The quote may be empty: only parse on if a header could follow. */
	if (!ts_ptr(p, p->s->off, 1) || !ts_l3_left(p))
		return TS_L_DONE;
	return v6 ? TS_L_IPV6 : TS_L_IPV4;
}

#endif /* TS_PARSE_ICMP_H */
