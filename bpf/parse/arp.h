/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ARP (RFC 826) and RARP (RFC 903), EtherTypes 0x0806 and 0x8035:
 *
 *   hardware type(2) protocol type(2) hw addr len(1) proto addr len(1)
 *   opcode(2) sender hw(hlen) sender proto(plen) target hw(hlen)
 *   target proto(plen)
 *
 * Every ARP frame is counted by opcode (msg_types TS_MT_ARP_OP). Only IPv4
 * over Ethernet (1, 0x0800, 6, 4: 28 bytes) is parsed further:
 *   gratuitous  a request or reply whose sender IP equals its target IP
 *               (an announcement, RFC 5227 2.3, or a gratuitous reply);
 *   probe       a request from sender IP 0.0.0.0 (RFC 5227 2.1.1), also a
 *               request.
 * Kinds request, reply, gratuitous and other (every other opcode) are
 * exclusive; other hardware/protocol pairs count by opcode only.
 */
#ifndef TS_PARSE_ARP_H
#define TS_PARSE_ARP_H

#include "common.h"

#define ARP_HRD_ETHER	1
#define ARP_OP_REQUEST	1
#define ARP_OP_REPLY	2
#define ARP_FIXED_LEN	8
#define ARP_IPV4_LEN	28	/* 8 + 6 + 4 + 6 + 4 */

struct ts_arp_ipv4 {
	__be16 htype;
	__be16 ptype;
	__u8 hlen;
	__u8 plen;
	__be16 op;
	__u8 sha[6];
	__u8 spa[4];
	__u8 tha[6];
	__u8 tpa[4];
};

static __always_inline int parse_arp(struct pkt *p)
{
	struct ts_arp_ipv4 *a = ts_ptr(p, p->s->off, ARP_FIXED_LEN);
	__u32 spa, tpa;
	__u16 op;

	if (!a)
		return ts_fail(p, TS_C_ERR_ARP_TRUNCATED);
	op = bpf_ntohs(a->op);
	if (a->htype != bpf_htons(ARP_HRD_ETHER) || a->ptype != bpf_htons(0x0800) ||
	    a->hlen != 6 || a->plen != 4) {
		ts_count(p, TS_C_ARP);
		ts_count_in(&msg_types, TS_MT_ARP_OP * TS_MT_SLOTS + (op < TS_MT_SLOTS ? op : 0), p);
		ts_count(p, TS_C_ARP_NON_IPV4);
		ts_count(p, op == ARP_OP_REQUEST ? TS_C_ARP_REQUEST :
			    op == ARP_OP_REPLY ? TS_C_ARP_REPLY : TS_C_ARP_OTHER);
		return TS_L_DONE;
	}
	a = ts_ptr(p, p->s->off, ARP_IPV4_LEN);
	if (!a)
		return ts_fail(p, TS_C_ERR_ARP_TRUNCATED);
	ts_count(p, TS_C_ARP);
	ts_count_in(&msg_types, TS_MT_ARP_OP * TS_MT_SLOTS + (op < TS_MT_SLOTS ? op : 0), p);
	__builtin_memcpy(&spa, a->spa, 4);
	__builtin_memcpy(&tpa, a->tpa, 4);
	if (op == ARP_OP_REQUEST || op == ARP_OP_REPLY) {
		if (spa == tpa && spa)
			ts_count(p, TS_C_ARP_GRATUITOUS);
		else
			ts_count(p, op == ARP_OP_REQUEST ? TS_C_ARP_REQUEST : TS_C_ARP_REPLY);
		if (op == ARP_OP_REQUEST && !spa)
			ts_count(p, TS_C_ARP_PROBE);
	} else {
		ts_count(p, TS_C_ARP_OTHER);
	}
	p->s->off += ARP_IPV4_LEN;
	return TS_L_DONE;
}

#endif /* TS_PARSE_ARP_H */
