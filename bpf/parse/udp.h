/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * UDP (RFC 768): src port(2) dst port(2) length(2) checksum(2).
 * Length >= 8 and within the IP payload. Length 0 is legal only in an
 * IPv6 jumbogram (RFC 2675), which we do not expect at the XDP hook.
 * The payload ends where the UDP length says. Payloads dispatched by port,
 * either direction: NAT-T (cfg_natt_port), then IKE (cfg_ike_port). Not
 * inside an ICMP error, whose quote holds the start of a datagram only.
 */
#ifndef TS_PARSE_UDP_H
#define TS_PARSE_UDP_H

#include "common.h"

static __always_inline int parse_udp(struct pkt *p)
{
	struct udphdr *uh = ts_ptr(p, p->s->off, sizeof(*uh));
	__u32 len;

	if (!uh || ts_l3_left(p) < sizeof(*uh))
		return ts_fail(p, TS_C_ERR_UDP_TRUNCATED);
	len = bpf_ntohs(uh->len);
	/*
	 * The length covers the whole datagram: in a first fragment or an
	 * ICMP quote only its start is here, so only the lower bound holds.
	 */
	if (len < sizeof(*uh) ||
	    (!p->s->in_icmp && !p->s->frag_first && len > ts_l3_left(p)))
		return ts_fail(p, TS_C_ERR_UDP_BAD_LEN);
	ts_count(p, TS_C_UDP);
	if (p->s->in_icmp) {
		p->s->off += sizeof(*uh);
		return TS_L_DONE;
	}
	/* the datagram's end (in a first fragment: beyond the fragment) */
	p->s->l3_end = p->s->off + len;
	p->s->off += sizeof(*uh);
	if (uh->dest == bpf_htons(cfg_natt_port) || uh->source == bpf_htons(cfg_natt_port))
		return TS_L_NATT;
	if (uh->dest == bpf_htons(cfg_ike_port) || uh->source == bpf_htons(cfg_ike_port))
		return TS_L_IKE;
	return TS_L_DONE;
}

#endif /* TS_PARSE_UDP_H */
