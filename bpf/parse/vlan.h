/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IEEE 802.1Q / 802.1ad tag, after the TPID already read as the EtherType:
 * TCI(2: PCP 3, DEI 1, VID 12) inner EtherType(2). Up to TS_MAX_VLAN tags.
 */
#ifndef TS_PARSE_VLAN_H
#define TS_PARSE_VLAN_H

#include "eth.h"

struct ts_vlanhdr {
	__be16 tci;
	__be16 proto;
};

static __always_inline int parse_vlan(struct pkt *p)
{
	struct ts_vlanhdr *v;

	if (p->s->vlan_depth >= TS_MAX_VLAN)
		return ts_fail(p, TS_C_ERR_VLAN_LIMIT);
	v = ts_ptr(p, p->s->off, sizeof(*v));
	if (!v)
		return ts_fail(p, TS_C_ERR_VLAN_TRUNCATED);
	p->s->vlan_depth++;
	ts_count(p, TS_C_VLAN);
	if (p->s->vlan_depth == 2)
		ts_count(p, TS_C_QINQ);
	p->s->off += sizeof(*v);
	if (bpf_ntohs(v->proto) < ETH_TYPE_MIN) {
		p->s->proto = bpf_ntohs(v->proto);	/* 802.3 length: LLC follows */
		return TS_L_LLC;
	}
	return ts_ethertype_next(p, bpf_ntohs(v->proto));
}

#endif /* TS_PARSE_VLAN_H */
