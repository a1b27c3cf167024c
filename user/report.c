// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "exitcodes.h"
#include "log.h"
#include "pins.h"
#include "table.h"
#include "report.h"
#include "tunnelstat.h"
#include "tunnelstat.skel.h"

void ts_maps_from_skel(struct tunnelstat_bpf *skel, struct ts_maps *m)
{
	memset(m, 0, sizeof(*m));
	m->obj = skel->obj;
}

void ts_maps_from_pins(const char *ifname, struct ts_maps *m)
{
	memset(m, 0, sizeof(*m));
	m->ifname = ifname;
}

int ts_map_fd(struct ts_maps *m, const char *name)
{
	char path[300];
	int i, fd;

	if (m->obj) {
		fd = bpf_object__find_map_fd_by_name(m->obj, name);
		return fd < 0 ? -ENOENT : fd;
	}
	for (i = 0; i < m->ncache; i++)
		if (!strcmp(m->cache[i].name, name))
			return m->cache[i].fd;
	if (m->ncache == TS_MAPS_CACHE)
		return -ENOSPC;
	ts_pin_path(path, sizeof(path), m->ifname, name);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		int err = -errno;

		pr_debug("cannot open %s: %s", path, strerror(errno));
		return err;
	}
	snprintf(m->cache[m->ncache].name, sizeof(m->cache[0].name), "%s", name);
	m->cache[m->ncache++].fd = fd;
	return fd;
}

void ts_maps_close(struct ts_maps *m)
{
	int i;

	for (i = 0; i < m->ncache; i++)
		close(m->cache[i].fd);
	m->ncache = 0;
}

void ts_fmt_addr(char *buf, size_t len, __u8 family, const __be32 *a)
{
	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, a, buf, len))
		snprintf(buf, len, "?");
}

void ts_fmt_ts(char *buf, size_t len, const struct ts_source *src, __u64 ns)
{
	if (!ns) {
		snprintf(buf, len, "-");
		return;
	}
	ts_fmt_time(buf, len, ns + src->clock_offset_ns);
}

/* Rows per bpf_map_lookup_batch call. */
#define DUMP_CHUNK 256

struct dump_ctx {
	size_t ksz, vsz, rowsz, voff, cap, n;
	char *arr;
};

static int dump_row(const void *key, const void *val, void *arg)
{
	struct dump_ctx *d = arg;
	char *row;

	if (d->n == d->cap) {
		char *na;

		d->cap = d->cap ? d->cap * 2 : 64;
		na = realloc(d->arr, d->cap * d->rowsz);
		if (!na)
			return -ENOMEM;
		d->arr = na;
	}
	row = d->arr + d->n * d->rowsz;
	memset(row, 0, d->rowsz);
	memcpy(row, key, d->ksz);
	memcpy(row + d->voff, val, d->vsz);
	d->n++;
	return 0;
}

/* A flow table (user/table.c): one pass over its sets. */
static int tab_dump(int fd, size_t ksz, size_t vsz, size_t rowsz, size_t voff,
		    void **rows, size_t *n)
{
	struct dump_ctx d = { .ksz = ksz, .vsz = vsz, .rowsz = rowsz, .voff = voff };
	int err = ts_tab_walk(fd, ksz, vsz, dump_row, &d);

	if (err) {
		free(d.arr);
		d.arr = NULL;
		d.n = 0;
	}
	*rows = d.arr;
	*n = d.n;
	return err;
}

int ts_map_dump(int fd, size_t ksz, size_t vsz, size_t rowsz, size_t voff,
		void **rows, size_t *n)
{
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info), count, i, batch = 0;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	char *keys = NULL, *vals = NULL, *arr = NULL;
	size_t cap = 0;
	int err = 0, first = 1;

	*rows = NULL;
	*n = 0;
	err = ts_tab_is(fd, ksz, vsz);
	if (err < 0)
		return err;
	if (err)
		return tab_dump(fd, ksz, vsz, rowsz, voff, rows, n);
	if (bpf_obj_get_info_by_fd(fd, &info, &ilen))
		return -errno;
	keys = malloc(DUMP_CHUNK * ksz);
	vals = malloc(DUMP_CHUNK * vsz);
	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	/*
	 * Batches walk the hash buckets: unlike bpf_map_get_next_key, they do
	 * not start over when an entry is evicted under us (LRU maps churn
	 * during a flood), so every entry is read at most once.
	 */
	for (;;) {
		count = DUMP_CHUNK;
		err = bpf_map_lookup_batch(fd, first ? NULL : &batch, &batch, keys, vals,
					   &count, &opts);
		first = 0;
		if (err && errno != ENOENT) {
			err = -errno;
			goto out;
		}
		for (i = 0; i < count && *n < info.max_entries; i++) {
			char *row;

			if (*n == cap) {
				char *na;

				cap = cap ? cap * 2 : 64;
				na = realloc(arr, cap * rowsz);
				if (!na) {
					err = -ENOMEM;
					goto out;
				}
				arr = na;
			}
			row = arr + *n * rowsz;
			memset(row, 0, rowsz);
			memcpy(row, keys + i * ksz, ksz);
			memcpy(row + voff, vals + i * vsz, vsz);
			(*n)++;
		}
		if (err)	/* ENOENT: that was the last batch */
			break;
	}
	err = 0;
out:
	free(keys);
	free(vals);
	if (err) {
		free(arr);
		*n = 0;
		arr = NULL;
	}
	*rows = arr;
	return err;
}

void ts_json_time(struct ts_json *j, const char *key, const struct ts_source *src, __u64 ns)
{
	char t[40];

	if (!ns) {
		json_null(j, key);
		return;
	}
	ts_fmt_ts(t, sizeof(t), src, ns);
	json_str(j, key, t);
}

int ts_percpu_sum(int fd, __u32 n, struct ts_counter *out)
{
	int ncpu = libbpf_num_possible_cpus(), cpu;
	struct ts_counter *vals;
	__u32 k;

	if (ncpu < 0)
		return ncpu;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (k = 0; k < n; k++) {
		out[k].packets = out[k].bytes = 0;
		if (bpf_map_lookup_elem(fd, &k, vals)) {
			int err = -errno;

			free(vals);
			return err;
		}
		for (cpu = 0; cpu < ncpu; cpu++) {
			out[k].packets += vals[cpu].packets;
			out[k].bytes += vals[cpu].bytes;
		}
	}
	free(vals);
	return 0;
}

/* The protocol families' sections, in print order. */
static const struct ts_section ts_sections[] = {
	{ "tcp", ts_tcp_table, ts_tcp_json },
	{ "pptp", ts_pptp_table, ts_pptp_json },
	{ "l2tp", ts_l2tp_table, ts_l2tp_json },
	{ "access", ts_access_table, ts_access_json },
	{ "events", ts_events_table, ts_events_json },
	{ "ipsec", ts_ipsec_table, ts_ipsec_json },
};

int ts_report(FILE *f, const struct ts_source *src, struct ts_maps *m,
	      int json, int all)
{
	struct ts_stats st;
	struct ts_json j;
	size_t i;
	int fd, err = 0;

	fd = ts_map_fd(m, "counters");
	if (fd < 0)
		return TS_EXIT_BPFFS;
	err = ts_stats_read(fd, &st);
	if (err == -EPROTO) {
		pr_err("the counters pinned for this interface have another layout (attached by "
		       "another tunnelstat version): detach and attach again with this one");
		return TS_EXIT_BPFFS;
	}
	if (err) {
		pr_err("cannot read the counters: %s", strerror(-err));
		return TS_EXIT_FAILURE;
	}
	if (json) {
		json_init(&j, f);
		json_obj_open(&j, NULL);
		ts_stats_json(&j, src, &st);
	} else {
		ts_stats_table(f, src, &st, all);
	}
	for (i = 0; i < sizeof(ts_sections) / sizeof(ts_sections[0]); i++) {
		int e = json ? ts_sections[i].json(&j, src, m) : ts_sections[i].table(f, src, m);

		/* a missing section is skipped; the others still print */
		if (e == -ENOENT) {
			pr_warn("the %s tables are not pinned for this interface (attached by an "
				"older tunnelstat?): detach and attach again to see them",
				ts_sections[i].name);
			err = err ? err : TS_EXIT_BPFFS;
		} else if (e) {
			pr_err("cannot read the %s tables: %s", ts_sections[i].name, strerror(-e));
			err = TS_EXIT_FAILURE;
		}
	}
	if (json) {
		json_obj_close(&j);
		json_end(&j);
	}
	return err;
}
