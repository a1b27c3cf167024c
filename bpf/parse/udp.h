/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * UDP (RFC 768): src port(2) dst port(2) length(2) checksum(2).
 * Length >= 8 and within the IP payload. Length 0 is legal only in an
 * IPv6 jumbogram (RFC 2675), which we do not expect at the XDP hook.
 * Payloads end with the datagram (l3_end) and are dispatched by port, in
 * either direction: NAT-T (cfg_natt_port: keepalive, IKE or ESP, RFC
 * 3948), IKE (cfg_ike_port), L2TP (cfg_l2tp_port); never inside an ICMP
 * quote.
 */
#ifndef TS_PARSE_UDP_H
#define TS_PARSE_UDP_H

#include "common.h"
#include "radius.h"

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
	p->s->off += sizeof(*uh);
	if (p->s->in_icmp)
		return TS_L_DONE;
	/*
	 * The payload ends with the datagram: where its length says, but
	 * never past the IP packet (in a first fragment the datagram goes on
	 * in later fragments: the payload is parsed as far as it is here, as
	 * tshark does without reassembly; the Ethernet padding after it is
	 * not payload).
	 */
	if (p->s->frag_first || p->s->off - sizeof(*uh) + len < p->s->l3_end)
		p->s->l3_end = p->s->off - sizeof(*uh) + len;
	if (uh->dest == bpf_htons(cfg_natt_port) || uh->source == bpf_htons(cfg_natt_port))
		return TS_L_NATT;
	if (uh->dest == bpf_htons(cfg_ike_port) || uh->source == bpf_htons(cfg_ike_port))
		return TS_L_IKE;
	if (uh->source == bpf_htons(cfg_l2tp_port) || uh->dest == bpf_htons(cfg_l2tp_port))
		return TS_L_L2TP;
	if (ts_radius_port(uh->source) || ts_radius_port(uh->dest))
		return TS_L_RADIUS;
	return TS_L_DONE;
}

#endif /* TS_PARSE_UDP_H */
