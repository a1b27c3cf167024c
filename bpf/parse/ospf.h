/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * OSPF (IP protocol 89). OSPFv2 (RFC 2328 A.3.1), 24 bytes:
 *   version(1) = 2  type(1)  packet length(2)  router ID(4)  area ID(4)
 *   checksum(2)  AuType(2)  authentication(8)
 * OSPFv3 (RFC 5340 A.3.1), 16 bytes:
 *   version(1) = 3  type(1)  packet length(2)  router ID(4)  area ID(4)
 *   checksum(2)  instance ID(1)  reserved(1)
 * Types 1 Hello, 2 Database Description, 3 Link State Request, 4 Link
 * State Update, 5 Link State Acknowledgment. The packet length covers the
 * header and body (not a cryptographic authentication trailer), so it is
 * at least the header and at most the IP payload. Counted by version and
 * type in msg_types (TS_MT_OSPF, TS_MT_OSPFV3).
 */
#ifndef TS_PARSE_OSPF_H
#define TS_PARSE_OSPF_H

#include "common.h"

#define OSPF_V2_HLEN	24
#define OSPF_V3_HLEN	16
#define OSPF_TYPE_MAX	5

static __always_inline int parse_ospf(struct pkt *p)
{
	__u8 *h;
	__u32 hlen, len;

	if (p->s->in_icmp)
		return TS_L_DONE;
	h = ts_ptr(p, p->s->off, OSPF_V3_HLEN);
	if (!h)
		return ts_fail(p, TS_C_ERR_OSPF_TRUNCATED);
	if (h[0] == 2)
		hlen = OSPF_V2_HLEN;
	else if (h[0] == 3)
		hlen = OSPF_V3_HLEN;
	else
		return ts_fail(p, TS_C_ERR_OSPF_BAD_VERSION);
	if (!ts_ptr(p, p->s->off, OSPF_V2_HLEN) && hlen == OSPF_V2_HLEN)
		return ts_fail(p, TS_C_ERR_OSPF_TRUNCATED);
	if (h[1] < 1 || h[1] > OSPF_TYPE_MAX)
		return ts_fail(p, TS_C_ERR_OSPF_BAD_TYPE);
	len = (h[2] << 8) | h[3];
	if (len < hlen || len > ts_l3_left(p))
		return ts_fail(p, TS_C_ERR_OSPF_BAD_LENGTH);
	ts_count(p, TS_C_OSPF);
	ts_count_in(&msg_types, (h[0] == 3 ? TS_MT_OSPFV3 : TS_MT_OSPF) * TS_MT_SLOTS + h[1], p);
	p->s->off += hlen;
	return TS_L_DONE;
}

#endif /* TS_PARSE_OSPF_H */
