// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "json.h"
#include "names.h"
#include "stats.h"
#include "tunnelstat_lane.h"
#include "report.h"

/*
 * Every CPU's counters value into *out (free() it); the CPU count, or a
 * negative errno: -EPROTO if the map's value is not a struct ts_counters
 * of this build (pinned by another tunnelstat version, whose layout
 * differs: reading it would misplace every CPU's counters).
 */
static int counters_read(int map_fd, struct ts_counters **out)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info);
	struct ts_counters *vals;
	__u32 zero = 0;

	if (ncpu < 0)
		return ncpu;
	if (bpf_obj_get_info_by_fd(map_fd, &info, &ilen))
		return -errno;
	if (info.value_size != sizeof(struct ts_counters))
		return -EPROTO;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, &zero, vals)) {
		int err = -errno;

		free(vals);
		return err;
	}
	*out = vals;
	return ncpu;
}

int ts_stats_read(int map_fd, struct ts_stats *st)
{
	struct ts_counters *vals;
	int ncpu = counters_read(map_fd, &vals), cpu, i;

	if (ncpu < 0)
		return ncpu;
	memset(st->c, 0, sizeof(st->c));
	for (cpu = 0; cpu < ncpu; cpu++) {
		for (i = 0; i < __TS_C_MAX; i++) {
			st->c[i].packets += vals[cpu].c[i].packets;
			st->c[i].bytes += vals[cpu].c[i].bytes;
		}
		/* the lanes' slots, each into the counters it stands for */
		for (i = 0; i < TS_LANE_SIGS; i++) {
			const struct ts_counter *l = &vals[cpu].lane[i];
			__u32 ids[TS_LANE_SIG_IDS];
			int k, n;

			if (!l->packets)
				continue;
			n = ts_lane_sig_ids(i, ids);
			for (k = 0; k < n; k++) {
				st->c[ids[k]].packets += l->packets;
				st->c[ids[k]].bytes += l->bytes;
			}
		}
	}
	free(vals);
	return 0;
}

int ts_lane_maps_add(int map_fd, struct ts_counter *ppp, struct ts_counter *flags)
{
	struct ts_counters *vals;
	int ncpu = counters_read(map_fd, &vals), cpu, i, k;

	if (ncpu < 0)
		return ncpu;
	for (cpu = 0; cpu < ncpu; cpu++)
		for (i = 0; i < TS_LANE_SIGS; i++) {
			const struct ts_counter *l = &vals[cpu].lane[i];

			if (!l->packets)
				continue;
			if (ppp && (k = ts_lane_sig_ppp(i)) >= 0) {
				ppp[k].packets += l->packets;
				ppp[k].bytes += l->bytes;
			}
			if (flags && (k = ts_lane_sig_tcp_flags(i)) >= 0) {
				flags[k].packets += l->packets;
				flags[k].bytes += l->bytes;
			}
		}
	free(vals);
	return 0;
}

void ts_fmt_time(char *buf, size_t len, __u64 ns)
{
	time_t sec = ns / 1000000000ULL;
	struct tm tm;
	char tmp[32];

	gmtime_r(&sec, &tm);
	strftime(tmp, sizeof(tmp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%06uZ", tmp, (unsigned)((ns / 1000) % 1000000));
}

void ts_fmt_bytes(char *buf, size_t len, __u64 b)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB", "PB" };
	double v = b;
	int u = 0;

	while (v >= 1000 && u < 5) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%llu B", (unsigned long long)b);
	else
		snprintf(buf, len, "%.1f %s", v, unit[u]);
}

static void print_source(FILE *f, const struct ts_source *src)
{
	char t[40];

	if (src->interface) {
		fprintf(f, "tunnelstat on %s", src->interface);
		if (src->mode)
			fprintf(f, " (%s mode, prog %u", src->mode, src->prog_id);
		if (src->attached_ns) {
			ts_fmt_time(t, sizeof(t), src->attached_ns);
			fprintf(f, ", attached %s", t);
		}
		if (src->mode)
			fputc(')', f);
		fputc('\n', f);
	} else {
		fprintf(f, "capture %s (%s): %llu frames, %llu skipped\n",
			src->capture, src->link_type,
			(unsigned long long)src->frames,
			(unsigned long long)src->skipped);
	}
}

void ts_stats_table(FILE *f, const struct ts_source *src,
			  const struct ts_stats *st, int all)
{
	char b[32];
	int id, errors = 0;

	print_source(f, src);
	ts_fmt_bytes(b, sizeof(b), st->c[TS_C_TOTAL].bytes);
	fprintf(f, "%llu packets, %s\n\n",
		(unsigned long long)st->c[TS_C_TOTAL].packets, b);

	fprintf(f, "%-24s %14s %12s\n", "PROTOCOL", "PACKETS", "BYTES");
	for (id = TS_C_TOTAL + 1; id < TS_C_FIRST_ERROR; id++) {
		if (!all && !st->c[id].packets)
			continue;
		ts_fmt_bytes(b, sizeof(b), st->c[id].bytes);
		fprintf(f, "%-24s %14llu %12s\n", ts_counter_names[id],
			(unsigned long long)st->c[id].packets, b);
	}
	for (id = TS_C_FIRST_ERROR; id < __TS_C_MAX; id++) {
		if (!all && !st->c[id].packets)
			continue;
		if (!errors++)
			fprintf(f, "\n%-24s %14s\n", "ERROR", "PACKETS");
		fprintf(f, "%-24s %14llu\n", ts_counter_names[id],
			(unsigned long long)st->c[id].packets);
	}
}

void ts_stats_json(struct ts_json *jp, const struct ts_source *src,
		   const struct ts_stats *st)
{
	struct ts_json j = *jp;
	char t[40];
	int id;

	json_str(&j, "tool", "tunnelstat");
	json_str(&j, "version", TS_VERSION);
	json_obj_open(&j, "source");
	if (src->interface) {
		json_str(&j, "interface", src->interface);
		if (src->mode)
			json_str(&j, "mode", src->mode);
		if (src->prog_id)
			json_u64(&j, "prog_id", src->prog_id);
		if (src->attached_ns) {
			ts_fmt_time(t, sizeof(t), src->attached_ns);
			json_str(&j, "attached", t);
		}
	} else {
		json_str(&j, "capture", src->capture);
		json_str(&j, "link_type", src->link_type);
		json_u64(&j, "frames", src->frames);
		json_u64(&j, "skipped", src->skipped);
	}
	json_obj_close(&j);
	json_u64(&j, "packets", st->c[TS_C_TOTAL].packets);
	json_u64(&j, "bytes", st->c[TS_C_TOTAL].bytes);
	json_obj_open(&j, "counters");
	for (id = TS_C_TOTAL + 1; id < TS_C_FIRST_ERROR; id++) {
		json_obj_open(&j, ts_counter_names[id]);
		json_u64(&j, "packets", st->c[id].packets);
		json_u64(&j, "bytes", st->c[id].bytes);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_obj_open(&j, "errors");
	for (id = TS_C_FIRST_ERROR; id < __TS_C_MAX; id++)
		json_u64(&j, ts_counter_names[id], st->c[id].packets);
	json_obj_close(&j);
	*jp = j;
}
