/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * AH (RFC 4302 2): next header(1) payload length(1) reserved(2) SPI(4)
 * sequence number(4) ICV(variable). Its length is (payload length + 2)
 * 32-bit words, at least the 12 fixed bytes, and must lie inside the IP
 * payload. AH is accounted to its SA like ESP (same table, protocol 51;
 * SPI rules as there), also when the capture cut the ICV short (counted
 * as ah_truncated), then parsing goes on behind it: ESP (AH + ESP),
 * TCP/UDP (transport mode), IPv4/IPv6 (tunnel mode). After IPv6 it counts as one of the
 * extension headers (RFC 8200 4.1). An IPv6 AH that is not a multiple of 8
 * bytes breaks RFC 4302 2.2, but Linux accepts 4-byte multiples for
 * interoperability (ah6_input), so we do too.
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

	if (p->s.v6) {
		if (p->s.ext_depth >= TS_MAX_IPV6_EXT)
			return ts_fail(p, TS_C_ERR_IPV6_EXT_LIMIT);
		p->s.ext_depth++;
	}
	ah = ts_ptr(p, p->s.off, sizeof(*ah));
	if (!ah)
		return ts_fail(p, TS_C_ERR_AH_TRUNCATED);
	len = ((__u32)ah->len + 2) * 4;
	if (len < AH_FIXED_LEN || p->s.off + len > p->s.l3_end)
		return ts_fail(p, TS_C_ERR_AH_BAD_LEN);
	ts_count(p, TS_C_AH);
	next = ah->nexthdr;
	spi = bpf_ntohl(ah->spi);
	if (spi && spi < IPSEC_SPI_MIN)
		ts_count(p, TS_C_ERR_AH_SPI_RESERVED);
	if (!spi) {
		ts_count(p, TS_C_ERR_AH_SPI_ZERO);
	} else if (!p->s.in_icmp) {
		ts_sa_key_fill(&key, p, ah->spi, IPPROTO_AH_, TS_ENCAP_IP);
		err = ts_sa_account(&key, bpf_ntohl(ah->seq), p->s.now, p->s.wire_len);
		if (err)
			ts_count(p, err);
	}
	/* SPI and sequence were read; parsing on needs the whole ICV */
	if (!ts_has(p, p->s.off, len))
		return ts_fail(p, TS_C_ERR_AH_TRUNCATED);
	p->s.off += len;
	return ts_ipproto_next(p, next);
}

#endif /* TS_PARSE_AH_H */
