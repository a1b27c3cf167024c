/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Reading the counters and printing them: shared by show and replay. */
#ifndef TS_STATS_H
#define TS_STATS_H

#include <stdio.h>
#include "tunnelstat.h"

/* Where the numbers came from: an interface (show) or a capture (replay). */
struct ts_source {
	const char *interface;
	const char *capture;
	const char *link_type;	/* capture: libpcap's name for the link type */
	__u64 frames;		/* capture: frames read from the file */
	__u64 skipped;		/* capture: frames not fed (see ts_replay_info) */
	const char *mode;	/* interface: native or skb */
	__u64 attached_ns;	/* interface: CLOCK_REALTIME at attach */
	__u32 prog_id;
	__s64 clock_offset_ns;	/* add to a map timestamp for CLOCK_REALTIME
				 * (live: bpf_ktime_get_ns is CLOCK_MONOTONIC) */
	__u64 now_ns;		/* "now" in map time: the last frame's time in
				 * replay, CLOCK_MONOTONIC live */
	/* how to present the tables (show/replay options) */
	int top;		/* rows of tcp_services; 0 = all */
	const char *sort;	/* tcp_services sort key */
	__u64 half_open_ns;	/* a handshake older than this has expired */
};

struct ts_stats {
	struct ts_counter c[__TS_C_MAX];
};

/*
 * Sum the per-CPU counters map into st, the lanes' signature slots
 * included (include/tunnelstat_lane.h). 0 or a negative errno; -EPROTO:
 * the map was made by another tunnelstat version (its value layout
 * differs).
 */
int ts_stats_read(int map_fd, struct ts_stats *st);
/*
 * Add to ppp (ppp_stats, by slot) and flags (tcp_flags, by flags byte)
 * what the lanes counted in the counters map map_fd: read those two maps,
 * then this. Either may be NULL. 0 or a negative errno.
 */
int ts_lane_maps_add(int map_fd, struct ts_counter *ppp, struct ts_counter *flags);
struct ts_json;
/* The counters as tables (protocols, then errors). */
void ts_stats_table(FILE *f, const struct ts_source *src,
		    const struct ts_stats *st, int all);
/* The members "tool" ... "errors" of the top-level JSON object. */
void ts_stats_json(struct ts_json *j, const struct ts_source *src,
		   const struct ts_stats *st);

/* RFC 3339 UTC with microseconds, e.g. 2026-11-22T15:37:33.123456Z */
void ts_fmt_time(char *buf, size_t len, __u64 ns_since_epoch);
/* 1234567 -> "1.2 MB" (decimal units, as ifconfig and tshark -z io) */
void ts_fmt_bytes(char *buf, size_t len, __u64 bytes);

#endif
