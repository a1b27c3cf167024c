/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ESP (RFC 4303 2): SPI(4) sequence number(4), then the payload, padding,
 * next header and ICV, all opaque to us. Reached from IP protocol 50
 * (also behind IPv6 extension headers and AH) and from UDP on the NAT-T
 * port (RFC 3948 2.2, bpf/parse/natt.h). SPI 0 is reserved for local use
 * and 1-255 by IANA (RFC 4303 2.1): neither belongs on the wire, each is
 * counted. SPI 0 names no SA and is not accounted; 1-255 are, because
 * manually keyed SAs (ip xfrm, setkey) do use them and their traffic is
 * real.
 * Packets quoted in an ICMP error are counted but not accounted to an SA:
 * they are not traffic of it.
 */
#ifndef TS_PARSE_ESP_H
#define TS_PARSE_ESP_H

#include "ip.h"
#include "ipsec_sa.h"

#define ESP_HDR_LEN 8

/*
 * inl: the live entry's fast path, with the SA accounting inline and the
 * key in per-CPU scratch (the entry's stack is short: the calls below it
 * need theirs). Otherwise the global ts_sa_account() and a stack key.
 */
static __always_inline int parse_esp_x(struct pkt *p, __u8 encap, int inl)
{
	struct ts_sa_key key = {}, *kp = &key;
	__u32 zero = 0;
	__be32 *h;
	__u32 spi;
	int err;

	/* SPI and sequence must be in the frame and in the IP/UDP payload */
	h = ts_ptr(p, p->s->off, ESP_HDR_LEN);
	if (!h || ts_l3_left(p) < ESP_HDR_LEN)
		return ts_fail(p, TS_C_ERR_ESP_TRUNCATED);
	ts_count(p, TS_C_ESP);
	spi = bpf_ntohl(h[0]);
	if (!spi)
		return ts_fail(p, TS_C_ERR_ESP_SPI_ZERO);
	if (spi < IPSEC_SPI_MIN)
		ts_count(p, TS_C_ERR_ESP_SPI_RESERVED);
	if (p->s->in_icmp)
		return TS_L_DONE;
	if (inl) {
		union ts_key_scratch *ks = bpf_map_lookup_elem(&key_scratch, &zero);

		if (!ks)
			return TS_L_DONE;
		kp = &ks->sa;	/* every byte set by ts_sa_key_fill() */
		ts_sa_key_fill(kp, p, h[0], IPPROTO_ESP_, encap);
		err = ts_sa_account_inl(kp, bpf_ntohl(h[1]), ts_now_coarse(p->s), p->s->wire_len, 1);
		if (err == TS_SA_SLOW_EVICTED)
			ts_count(p, TS_C_ERR_IPSEC_SA_EVICTED);
		if (err == TS_SA_SLOW || err == TS_SA_SLOW_EVICTED)
			err = ts_sa_account(kp, bpf_ntohl(h[1]), ts_now_coarse(p->s),
					    p->s->wire_len);
	} else {
		ts_sa_key_fill(kp, p, h[0], IPPROTO_ESP_, encap);
		err = ts_sa_account(kp, bpf_ntohl(h[1]), ts_now_coarse(p->s), p->s->wire_len);
	}
	if (err)
		ts_count(p, err);
	return TS_L_DONE;
}

static __always_inline int parse_esp(struct pkt *p, __u8 encap)
{
	return parse_esp_x(p, encap, 0);
}

#endif /* TS_PARSE_ESP_H */
