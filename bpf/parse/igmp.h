/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IGMP (IP protocol 2): type(1) max resp code(1) checksum(2) group(4), the
 * 8 bytes every version shares (RFC 1112 v1, RFC 2236 v2, RFC 3376 v3,
 * whose queries and reports add fields after them). Counted by type in
 * msg_types (TS_MT_IGMP): 0x11 query, 0x12 v1 report, 0x16 v2 report,
 * 0x17 leave, 0x22 v3 report. Not counted inside an ICMP error: no host
 * reports errors about multicast (RFC 1122 3.2.2).
 */
#ifndef TS_PARSE_IGMP_H
#define TS_PARSE_IGMP_H

#include "common.h"

#define IGMP_HDR_LEN 8

static __always_inline int parse_igmp(struct pkt *p)
{
	__u8 *h;

	if (p->s->in_icmp)
		return TS_L_DONE;
	h = ts_ptr(p, p->s->off, IGMP_HDR_LEN);
	if (!h || ts_l3_left(p) < IGMP_HDR_LEN)
		return ts_fail(p, TS_C_ERR_IGMP_TRUNCATED);
	ts_count(p, TS_C_IGMP);
	ts_count_in(&msg_types, TS_MT_IGMP * TS_MT_SLOTS + h[0], p);
	p->s->off += IGMP_HDR_LEN;
	return TS_L_DONE;
}

#endif /* TS_PARSE_IGMP_H */
