/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef TS_NAMES_H
#define TS_NAMES_H

#include "tunnelstat.h"

/* lower_snake_case name of each counter, as printed in tables and JSON. */
extern const char *const ts_counter_names[__TS_C_MAX];

static inline int ts_counter_is_error(unsigned int id)
{
	return id >= TS_C_FIRST_ERROR;
}

#endif
