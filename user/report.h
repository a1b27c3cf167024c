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
struct bpf_object;

/*
 * Where a report reads its maps: the loaded skeleton's object (replay) or
 * the pins of an attached interface (show). Sections ask by map name.
 */
#define TS_MAPS_CACHE 32
struct ts_maps {
	struct bpf_object *obj;		/* replay */
	const char *ifname;		/* show */
	struct {
		char name[16];
		int fd;
	} cache[TS_MAPS_CACHE];
	int ncache;
};

void ts_maps_from_skel(struct tunnelstat_bpf *skel, struct ts_maps *m);
void ts_maps_from_pins(const char *ifname, struct ts_maps *m);
/* fd of map `name`, or -errno (a missing pin: -ENOENT). Owned by m. */
int ts_map_fd(struct ts_maps *m, const char *name);
void ts_maps_close(struct ts_maps *m);

/* Print everything; returns a TS_EXIT_* code. */
int ts_report(FILE *f, const struct ts_source *src, struct ts_maps *m,
	      int json, int all);

/*
 * One protocol family's sections: a table printer and a JSON writer, each
 * returning 0 or -errno. Add a family by adding its pair to ts_sections[]
 * in report.c.
 */
struct ts_section {
	const char *name;
	int (*table)(FILE *f, const struct ts_source *src, struct ts_maps *m);
	int (*json)(struct ts_json *j, const struct ts_source *src, struct ts_maps *m);
};

int ts_pptp_table(FILE *f, const struct ts_source *src, struct ts_maps *m);
int ts_pptp_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m);
int ts_l2tp_table(FILE *f, const struct ts_source *src, struct ts_maps *m);
int ts_l2tp_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m);
int ts_tcp_table(FILE *f, const struct ts_source *src, struct ts_maps *m);
int ts_tcp_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m);
int ts_access_table(FILE *f, const struct ts_source *src, struct ts_maps *m);
int ts_access_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m);
/* Replay only: the events the run produced (live: `tunnelstat events`). */
int ts_events_table(FILE *f, const struct ts_source *src, struct ts_maps *m);
int ts_events_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m);

/* tcp_services sort keys, NULL-terminated */
extern const char *const ts_tcp_sort_keys[];
struct ts_event;
void ts_event_format(const struct ts_event *ev, const struct ts_source *src,
		     char *buf, size_t len);
void ts_event_json(struct ts_json *j, const struct ts_event *ev, const struct ts_source *src);
int ts_ipsec_table(FILE *f, const struct ts_source *src, struct ts_maps *m);
int ts_ipsec_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m);

/* Formatting shared by the sections. */
void ts_fmt_addr(char *buf, size_t len, __u8 family, const __be32 *a);
/* A map timestamp as an RFC 3339 string member, or null for 0. */
void ts_json_time(struct ts_json *j, const char *key, const struct ts_source *src, __u64 ns);
/* RFC 3339 time of a map timestamp, or "-" for 0. */
void ts_fmt_ts(char *buf, size_t len, const struct ts_source *src, __u64 ns);
/*
 * Every entry of a hash map into an array of rows of rowsz bytes: the key
 * (ksz bytes) at the start of a row, the value (vsz) at voff. The caller
 * frees *rows. 0 or -errno.
 */
int ts_map_dump(int fd, size_t ksz, size_t vsz, size_t rowsz, size_t voff,
		void **rows, size_t *n);
/* Per-CPU array reader: sums each slot's packets; n slots. 0 or -errno. */
int ts_percpu_sum(int fd, __u32 n, struct ts_counter *out);

#endif
