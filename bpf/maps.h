/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Every map of the program, each with key -> value. Names <= 15 chars. */
#ifndef TS_MAPS_H
#define TS_MAPS_H

#include "../include/tunnelstat.h"

/* enum ts_counter_id -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, __TS_C_MAX);
	__type(key, __u32);
	__type(value, struct ts_counter);
} counters SEC(".maps");

/* 0 -> struct ts_meta (attach time, mode, interface); userspace only */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_meta);
} meta SEC(".maps");

#endif /* TS_MAPS_H */
