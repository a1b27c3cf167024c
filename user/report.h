/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What show and replay print: the counters, then one section per protocol
 * table. Maps come from the pins (show) or from a loaded skeleton (replay).
 */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stdio.h>
#include "stats.h"
#include "json.h"

struct tunnelstat_bpf;

/* File descriptors of the maps a report reads; -1 where absent. */
struct ts_maps {
	int counters;
	int gre_calls;
	int pptp_msgs;
	int pptp_calls;
	int ppp_stats;
};

void ts_maps_from_skel(struct tunnelstat_bpf *skel, struct ts_maps *m);
/* Open the pins of an attached interface. 0 or -errno (path in errpath). */
int ts_maps_from_pins(const char *ifname, struct ts_maps *m, char *errpath, size_t len);
void ts_maps_close(struct ts_maps *m);

/* Print everything; returns a TS_EXIT_* code. */
int ts_report(FILE *f, const struct ts_source *src, const struct ts_maps *m,
	      int json, int all);

/* One protocol family's sections (user/pptp.c): table and JSON. */
int ts_pptp_table(FILE *f, const struct ts_source *src, const struct ts_maps *m);
int ts_pptp_json(struct ts_json *j, const struct ts_source *src, const struct ts_maps *m);

/* Formatting shared by the sections. */
void ts_fmt_addr(char *buf, size_t len, __u8 family, const __be32 *a);
/* RFC 3339 time of a map timestamp, or "-" for 0. */
void ts_fmt_ts(char *buf, size_t len, const struct ts_source *src, __u64 ns);
/* Per-CPU array reader: sums each slot's packets; n slots. 0 or -errno. */
int ts_percpu_sum(int fd, __u32 n, struct ts_counter *out);

#endif
