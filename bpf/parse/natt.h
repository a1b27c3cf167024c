/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * UDP encapsulation for NAT traversal (RFC 3948 2, RFC 3947), on the NAT-T
 * port (4500, cfg_natt_port) in either direction. The payload is one of:
 *   0xFF, alone                     NAT-keepalive (RFC 3948 2.3)
 *   0x00000000 (non-ESP marker)     an IKE message follows (2.2)
 *   anything else                   ESP: its SPI is never 0 (2.1)
 * An empty datagram is none of them and is not counted.
 */
#ifndef TS_PARSE_NATT_H
#define TS_PARSE_NATT_H

#include "common.h"

#define NATT_KEEPALIVE 0xFF
#define NATT_MARKER_LEN 4

static __always_inline int parse_natt(struct pkt *p)
{
	__u32 left = ts_l3_left(p);
	__be32 *m;
	__u8 *b;

	if (!left)
		return TS_L_DONE;
	if (left == 1) {
		b = ts_ptr(p, p->s->off, 1);
		if (!b)
			return ts_fail(p, TS_C_ERR_NATT_TRUNCATED);
		if (*b == NATT_KEEPALIVE) {
			ts_count(p, TS_C_NAT_KEEPALIVE);
			return TS_L_DONE;
		}
	} else if (left >= NATT_MARKER_LEN) {
		m = ts_ptr(p, p->s->off, NATT_MARKER_LEN);
		if (!m)
			return ts_fail(p, TS_C_ERR_NATT_TRUNCATED);
		if (!*m) {
			ts_count(p, TS_C_IKE_NATT);
			p->s->off += NATT_MARKER_LEN;
			return TS_L_IKE_NATT;
		}
	}
	ts_count(p, TS_C_ESP_UDP);
	return TS_L_ESP_UDP;
}

#endif /* TS_PARSE_NATT_H */
