/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Ethernet (IEEE 802.3 clause 3.2.6): dst(6) src(6) type/length(2).
 * A type/length >= 0x0600 is an EtherType (Ethernet II); <= 1500 is the
 * length of an 802.3 frame, whose payload starts with an 802.2 LLC header.
 * Returns the next layer; the EtherType is left in p->s->proto (host order).
 */
#ifndef TS_PARSE_ETH_H
#define TS_PARSE_ETH_H

#include "common.h"

#define ETH_P_IP_	0x0800
#define ETH_P_IPV6_	0x86DD
#define ETH_P_8021Q_	0x8100	/* 802.1Q C-tag */
#define ETH_P_8021AD_	0x88A8	/* 802.1ad S-tag */
#define ETH_P_QINQ1_	0x9100	/* pre-802.1ad S-tag still in use */

/* EtherTypes start here; below 1536 the field is an 802.3 length. */
#define ETH_TYPE_MIN	0x0600

/* Next layer for an EtherType, shared by Ethernet, VLAN and later SNAP/GRE. */
static __always_inline int ts_ethertype_next(struct pkt *p, __u16 type)
{
	p->s->proto = type;
	switch (type) {
	case ETH_P_IP_:
		return TS_L_IPV4;
	case ETH_P_IPV6_:
		return TS_L_IPV6;
	case ETH_P_8021Q_:
	case ETH_P_8021AD_:
	case ETH_P_QINQ1_:
		return TS_L_VLAN;
	default:
		ts_count(p, TS_C_ETH_OTHER);
		return TS_L_DONE;
	}
}

static __always_inline int parse_eth(struct pkt *p)
{
	struct ethhdr *eth = ts_ptr(p, p->s->off, sizeof(*eth));
	__u16 type;

	if (!eth)
		return ts_fail(p, TS_C_ERR_ETH_TRUNCATED);
	ts_count(p, TS_C_ETH);
	p->s->off += sizeof(*eth);
	type = bpf_ntohs(eth->h_proto);
	if (type < ETH_TYPE_MIN) {
		p->s->proto = type;	/* 802.3 length */
		return TS_L_LLC;
	}
	return ts_ethertype_next(p, type);
}

/*
 * IEEE 802.2 LLC: DSAP(1) SSAP(1) control(1 for U frames, low bits 11;
 * 2 for I and S frames). Counted here; SNAP and the protocols behind it
 * come with a later issue.
 */
static __always_inline int parse_llc(struct pkt *p)
{
	__u8 *l = ts_ptr(p, p->s->off, 3);

	if (!l)
		return ts_fail(p, TS_C_ERR_LLC_TRUNCATED);
	if ((l[2] & 0x03) != 0x03 && !ts_ptr(p, p->s->off, 4))
		return ts_fail(p, TS_C_ERR_LLC_TRUNCATED);
	ts_count(p, TS_C_LLC);
	return TS_L_DONE;
}

#endif /* TS_PARSE_ETH_H */
