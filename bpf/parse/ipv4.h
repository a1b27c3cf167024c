/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IPv4 (RFC 791): ver/IHL(1) TOS(1) total length(2) id(2) flags/offset(2)
 * TTL(1) protocol(1) checksum(2) src(4) dst(4), options to IHL*4 bytes.
 * IHL >= 5; total length >= IHL*4 and within the frame (or the enclosing
 * IP payload). Fragments: offset 0 with MF is the first and is parsed on;
 * a non-zero offset carries no transport header and stops here.
 */
#ifndef TS_PARSE_IPV4_H
#define TS_PARSE_IPV4_H

#include "ip.h"

#define IPV4_MF		0x2000
#define IPV4_OFFSET	0x1fff

static __always_inline int parse_ipv4(struct pkt *p)
{
	struct iphdr *ip = ts_ptr(p, p->s->off, sizeof(*ip));
	__u32 hlen, tot;
	__u16 frag;

	if (!ip)
		return ts_fail(p, TS_C_ERR_IPV4_TRUNCATED);
	if (ip->version != 4)
		return ts_fail(p, TS_C_ERR_IPV4_BAD_VERSION);
	hlen = ip->ihl * 4;
	if (hlen < sizeof(*ip))
		return ts_fail(p, TS_C_ERR_IPV4_BAD_IHL);
	if (!ts_has(p, p->s->off, hlen))
		return ts_fail(p, TS_C_ERR_IPV4_TRUNCATED);
	tot = bpf_ntohs(ip->tot_len);
	if (tot < hlen)
		return ts_fail(p, TS_C_ERR_IPV4_BAD_TOTAL_LEN);
	if (!ts_ip_len_ok(p, p->s->off + tot))
		return ts_fail(p, TS_C_ERR_IPV4_LEN_BEYOND_FRAME);

	ts_count(p, TS_C_IPV4);
	if (hlen > sizeof(*ip))
		ts_count(p, TS_C_IPV4_OPTIONS);
	p->s->off += hlen;
	p->s->v6 = 0;
	p->s->ext_depth = 0;	/* AH after IPv4 walks the same chain */
	p->s->frag_first = 0;
	p->s->family = 4;
	p->s->saddr[0] = ip->saddr;
	p->s->daddr[0] = ip->daddr;
	p->s->saddr[1] = p->s->saddr[2] = p->s->saddr[3] = 0;
	p->s->daddr[1] = p->s->daddr[2] = p->s->daddr[3] = 0;

	frag = bpf_ntohs(ip->frag_off);
	if (frag & (IPV4_MF | IPV4_OFFSET)) {
		ts_count(p, TS_C_IPV4_FRAGMENT);
		if (frag & IPV4_OFFSET) {
			ts_count(p, TS_C_IPV4_FRAG_LATER);
			return TS_L_DONE;
		}
		ts_count(p, TS_C_IPV4_FRAG_FIRST);
		p->s->frag_first = 1;
	}
	return ts_ipproto_next(p, ip->protocol);
}

#endif /* TS_PARSE_IPV4_H */
