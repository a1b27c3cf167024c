/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IPv6 (RFC 8200): ver/TC/flow(4) payload length(2) next header(1) hop
 * limit(1) src(16) dst(16), then a chain of extension headers, walked one
 * per dispatcher step in parse_ipv6_ext(), at most TS_MAX_IPV6_EXT of them.
 * Each is sized by its own rule: hop-by-hop, routing and destination
 * options (len+1)*8 (RFC 8200 4.3-4.6), fragment 8 (4.5); AH, (len+2)*4
 * (RFC 4302 2.2), has its own parser (ah.h) and counts toward the same
 * limit. Payload length 0 is a jumbogram (RFC 2675): the packet
 * then runs to the end of the frame.
 */
#ifndef TS_PARSE_IPV6_H
#define TS_PARSE_IPV6_H

#include "ip.h"

#define IPV6_FRAG_OFFSET	0xfff8	/* in host order of the 16-bit field */

static __always_inline int parse_ipv6(struct pkt *p)
{
	struct ipv6hdr *ip6 = ts_ptr(p, p->s->off, sizeof(*ip6));
	__u32 plen;

	if (!ip6)
		return ts_fail(p, TS_C_ERR_IPV6_TRUNCATED);
	if (ip6->version != 6)
		return ts_fail(p, TS_C_ERR_IPV6_BAD_VERSION);
	plen = bpf_ntohs(ip6->payload_len);
	if (plen && !ts_ip_len_ok(p, p->s->off + sizeof(*ip6) + plen))
		return ts_fail(p, TS_C_ERR_IPV6_LEN_BEYOND_FRAME);

	ts_count(p, TS_C_IPV6);
	p->s->off += sizeof(*ip6);
	p->s->ext_depth = 0;
	p->s->v6 = 1;
	p->s->frag_first = 0;
	p->s->family = 6;
	__builtin_memcpy(p->s->saddr, &ip6->saddr, 16);
	__builtin_memcpy(p->s->daddr, &ip6->daddr, 16);
	return ts_ipproto_next(p, ip6->nexthdr);
}

/* Generic extension header start: next header(1) length(1). */
struct ts_ipv6_ext {
	__u8 nexthdr;
	__u8 len;
	__be16 frag;	/* fragment header only: offset(13) res(2) M(1) */
};

static __always_inline int parse_ipv6_ext(struct pkt *p)
{
	struct ts_ipv6_ext *e;
	__u8 type = p->s->proto;
	__u32 len;

	if (p->s->ext_depth >= TS_MAX_IPV6_EXT)
		return ts_fail(p, TS_C_ERR_IPV6_EXT_LIMIT);
	p->s->ext_depth++;

	e = ts_ptr(p, p->s->off, sizeof(*e));
	if (!e || ts_l3_left(p) < sizeof(*e))
		return ts_fail(p, TS_C_ERR_IPV6_EXT_TRUNCATED);

	switch (type) {
	case IPPROTO_FRAGMENT_:
		if (!ts_ptr(p, p->s->off, 8) || ts_l3_left(p) < 8)
			return ts_fail(p, TS_C_ERR_IPV6_EXT_TRUNCATED);
		ts_count(p, TS_C_IPV6_FRAGMENT);
		p->s->off += 8;
		if (bpf_ntohs(e->frag) & IPV6_FRAG_OFFSET) {
			ts_count(p, TS_C_IPV6_FRAG_LATER);
			return TS_L_DONE;
		}
		ts_count(p, TS_C_IPV6_FRAG_FIRST);
		p->s->frag_first = 1;
		return ts_ipproto_next(p, e->nexthdr);
	default: /* hop-by-hop, routing, destination options */
		len = ((__u32)e->len + 1) * 8;
		if (!ts_has(p, p->s->off, len) || len > ts_l3_left(p))
			return ts_fail(p, TS_C_ERR_IPV6_EXT_TRUNCATED);
		ts_count(p, type == IPPROTO_HOPOPTS_ ? TS_C_IPV6_HOPOPTS :
			    type == IPPROTO_ROUTING_ ? TS_C_IPV6_ROUTING : TS_C_IPV6_DSTOPTS);
		break;
	}
	p->s->off += len;
	return ts_ipproto_next(p, e->nexthdr);
}

#endif /* TS_PARSE_IPV6_H */
