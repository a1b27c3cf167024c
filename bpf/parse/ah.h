/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * AH (RFC 4302 2): next header(1) payload length(1) reserved(2) SPI(4)
 * sequence number(4) ICV(variable). Its length is (payload length + 2)
 * 32-bit words: at least the 12 fixed bytes, a multiple of 8 bytes after
 * IPv6 (RFC 4302 2.2; 4 after IPv4), and inside the IP payload. AH is
 * accounted to its SA like ESP (same table, protocol 51; SPI rules as
 * there), then parsing goes on behind it: ESP (AH + ESP), TCP/UDP
 * (transport mode), IPv4/IPv6 (tunnel mode). After IPv6 it counts as one
 * of the extension headers (RFC 8200 4.1).
 */
#ifndef TS_PARSE_AH_H
#define TS_PARSE_AH_H

#include "ip.h"
#include "ipsec_sa.h"

#define AH_FIXED_LEN 12

struct ts_ahhdr {
	__u8 nexthdr;
	__u8 len;	/* 32-bit words, minus 2 */
	__be16 reserved;
	__be32 spi;
	__be32 seq;
};

static __always_inline int parse_ah(struct pkt *p)
{
	struct ts_sa_key key = {};
	struct ts_ahhdr *ah;
	__u32 len, spi;
	__u8 next;
	int err;

	if (p->s->v6) {
		if (p->s->ext_depth >= TS_MAX_IPV6_EXT)
			return ts_fail(p, TS_C_ERR_IPV6_EXT_LIMIT);
		p->s->ext_depth++;
	}
	/* next header and length first: a bad length is a bad length however short */
	ah = ts_ptr(p, p->s->off, 4);
	if (!ah || ts_l3_left(p) < 4)
		return ts_fail(p, TS_C_ERR_AH_TRUNCATED);
	len = ((__u32)ah->len + 2) * 4;
	if (len < AH_FIXED_LEN || (p->s->v6 && (len & 7)))
		return ts_fail(p, TS_C_ERR_AH_BAD_LEN);
	ah = ts_ptr(p, p->s->off, sizeof(*ah));
	if (!ah || ts_l3_left(p) < AH_FIXED_LEN)
		return ts_fail(p, TS_C_ERR_AH_TRUNCATED);
	if (len > ts_l3_left(p))
		return ts_fail(p, TS_C_ERR_AH_BAD_LEN);
	if (!ts_has(p, p->s->off, len))
		return ts_fail(p, TS_C_ERR_AH_TRUNCATED);
	ts_count(p, TS_C_AH);
	next = ah->nexthdr;
	spi = bpf_ntohl(ah->spi);
	if (spi && spi < IPSEC_SPI_MIN)
		ts_count(p, TS_C_ERR_AH_SPI_RESERVED);
	if (!spi) {
		ts_count(p, TS_C_ERR_AH_SPI_ZERO);
	} else if (!p->s->in_icmp) {
		ts_sa_key_fill(&key, p, ah->spi, IPPROTO_AH_, TS_ENCAP_IP);
		err = ts_sa_account(&key, bpf_ntohl(ah->seq), ts_now_coarse(p->s),
				    p->s->wire_len);
		if (err)
			ts_count(p, err);
	}
	p->s->off += len;
	return ts_ipproto_next(p, next);
}

#endif /* TS_PARSE_AH_H */
