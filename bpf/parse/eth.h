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
#define ETH_P_ARP_	0x0806
#define ETH_P_RARP_	0x8035	/* RFC 903: the ARP layout, opcodes 3 and 4 */
#define ETH_P_IPV6_	0x86DD
#define ETH_P_8021Q_	0x8100	/* 802.1Q C-tag */
#define ETH_P_8021AD_	0x88A8	/* 802.1ad S-tag */
#define ETH_P_QINQ1_	0x9100	/* pre-802.1ad S-tag still in use */
#define ETH_P_PPPOED_	0x8863	/* PPPoE discovery stage (RFC 2516) */
#define ETH_P_PPPOES_	0x8864	/* PPPoE session stage */

/* EtherTypes start here; below 1536 the field is an 802.3 length. */
#define ETH_TYPE_MIN	0x0600
/* Largest 802.3 length (the MAC client data of a basic frame). */
#define ETH_LEN_MAX	1500

/* Next layer for an EtherType, shared by Ethernet, VLAN and SNAP. */
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
	case ETH_P_ARP_:
	case ETH_P_RARP_:
		return TS_L_ARP;
	case ETH_P_PPPOED_:
	case ETH_P_PPPOES_:
		return TS_L_PPPOE;
	default:
		/* 802.3 length after a VLAN tag too: LLC follows */
		if (type <= ETH_LEN_MAX)
			return TS_L_LLC;
		ts_count(p, TS_C_ETH_OTHER);
		return TS_L_DONE;
	}
}

static __always_inline int parse_eth(struct pkt *p)
{
	struct ethhdr *eth = ts_ptr(p, p->s->off, sizeof(*eth));

	if (!eth)
		return ts_fail(p, TS_C_ERR_ETH_TRUNCATED);
	ts_count(p, TS_C_ETH);
	p->s->l2_off = p->s->off;
	p->s->off += sizeof(*eth);
	return ts_ethertype_next(p, bpf_ntohs(eth->h_proto));
}

/*
 * IEEE 802.2 LLC: DSAP(1) SSAP(1) control(1 for U frames, whose low two
 * bits are 11; 2 for I and S frames). SNAP (RFC 1042, IEEE 802 clause
 * 10): DSAP = SSAP = 0xAA, control 0x03 (UI), then OUI(3) protocol ID(2);
 * with OUI 00-00-00 (RFC 1042) or 00-00-F8 (802.1H bridge tunnel) the
 * protocol ID is an EtherType, parsed on. p->s->proto holds the 802.3
 * length: the LLC PDU ends there, the rest is padding. A length reaching
 * past the frame is not trusted either: the frame's end stays the bound.
 * Raw 802.3 (Novell IPX, payload starting 0xFFFF) has no LLC header.
 */
#define LLC_SAP_SNAP	0xAA
#define LLC_CTRL_UI	0x03
#define LLC_U_FORMAT	0x03	/* control low bits 11: a 1-byte U-format field */
#define SNAP_HLEN	5	/* OUI(3) protocol ID(2) */

static __always_inline int parse_llc(struct pkt *p)
{
	__u32 len = p->s->proto, end = p->s->off + len, hlen;
	__u8 *l = ts_ptr(p, p->s->off, 3);
	__u8 *s;
	__u16 pid;

	if (!l)
		return ts_fail(p, TS_C_ERR_LLC_TRUNCATED);
	if (l[0] == 0xFF && l[1] == 0xFF) {
		ts_count(p, TS_C_ETH_OTHER);	/* raw 802.3 IPX */
		return TS_L_DONE;
	}
	hlen = (l[2] & LLC_U_FORMAT) == LLC_U_FORMAT ? 3 : 4;
	if (hlen == 4 && !ts_ptr(p, p->s->off, 4))
		return ts_fail(p, TS_C_ERR_LLC_TRUNCATED);
	if (len < hlen)
		return ts_fail(p, TS_C_ERR_LLC_BAD_LENGTH);
	ts_count(p, TS_C_LLC);
	if (end < p->s->l3_end)
		p->s->l3_end = end;
	if (l[0] != LLC_SAP_SNAP || (l[1] & 0xFE) != LLC_SAP_SNAP || l[2] != LLC_CTRL_UI)
		return TS_L_DONE;
	p->s->off += 3;
	s = ts_ptr(p, p->s->off, SNAP_HLEN);
	if (!s || len < 3 + SNAP_HLEN)
		return ts_fail(p, TS_C_ERR_SNAP_TRUNCATED);
	ts_count(p, TS_C_SNAP);
	p->s->off += SNAP_HLEN;
	pid = (s[3] << 8) | s[4];
	/* an OUI's own protocol ID (CDP, STP over SNAP...): not parsed further */
	if (s[0] || s[1] || (s[2] && s[2] != 0xF8) || pid < ETH_TYPE_MIN)
		return TS_L_DONE;
	return ts_ethertype_next(p, pid);
}

#endif /* TS_PARSE_ETH_H */
