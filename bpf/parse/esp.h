/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef TS_PARSE_ESP_H
#define TS_PARSE_ESP_H

#include "common.h"

/*
 * ESP (RFC 4303): SPI(4) sequence(4), then the encrypted payload. Counted
 * here; the SA table comes with the IPsec issue.
 */
static __always_inline int parse_esp(struct pkt *p)
{
	if (!ts_ptr(p, p->s->off, 8) || ts_l3_left(p) < 8)
		return ts_fail(p, TS_C_ERR_ESP_TRUNCATED);
	ts_count(p, TS_C_ESP);
	return TS_L_DONE;
}

#endif /* TS_PARSE_ESP_H */
