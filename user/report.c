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
#include "report.h"
#include "tunnelstat.h"
#include "tunnelstat.skel.h"

void ts_maps_from_skel(struct tunnelstat_bpf *skel, struct ts_maps *m)
{
	m->counters = bpf_map__fd(skel->maps.counters);
	m->gre_calls = bpf_map__fd(skel->maps.gre_calls);
	m->pptp_msgs = bpf_map__fd(skel->maps.pptp_msgs);
	m->pptp_calls = bpf_map__fd(skel->maps.pptp_calls);
	m->ppp_stats = bpf_map__fd(skel->maps.ppp_stats);
}

static int open_pin(const char *ifname, const char *name, int *fd, char *errpath, size_t len)
{
	char path[300];

	ts_pin_path(path, sizeof(path), ifname, name);
	*fd = bpf_obj_get(path);
	if (*fd < 0) {
		snprintf(errpath, len, "%s", path);
		return -errno;
	}
	return 0;
}

int ts_maps_from_pins(const char *ifname, struct ts_maps *m, char *errpath, size_t len)
{
	int err;

	m->counters = m->gre_calls = m->pptp_msgs = m->pptp_calls = m->ppp_stats = -1;
	if ((err = open_pin(ifname, "counters", &m->counters, errpath, len)) ||
	    (err = open_pin(ifname, "gre_calls", &m->gre_calls, errpath, len)) ||
	    (err = open_pin(ifname, "pptp_msgs", &m->pptp_msgs, errpath, len)) ||
	    (err = open_pin(ifname, "pptp_calls", &m->pptp_calls, errpath, len)) ||
	    (err = open_pin(ifname, "ppp_stats", &m->ppp_stats, errpath, len))) {
		ts_maps_close(m);
		return err;
	}
	return 0;
}

void ts_maps_close(struct ts_maps *m)
{
	int *fds[] = { &m->counters, &m->gre_calls, &m->pptp_msgs, &m->pptp_calls,
		       &m->ppp_stats };
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
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

int ts_report(FILE *f, const struct ts_source *src, const struct ts_maps *m,
	      int json, int all)
{
	struct ts_stats st;
	struct ts_json j;
	int err;

	err = ts_stats_read(m->counters, &st);
	if (err) {
		pr_err("cannot read the counters: %s", strerror(-err));
		return TS_EXIT_FAILURE;
	}
	if (json) {
		json_init(&j, f);
		json_obj_open(&j, NULL);
		ts_stats_json(&j, src, &st);
		err = ts_pptp_json(&j, src, m);
		json_obj_close(&j);
		json_end(&j);
	} else {
		ts_stats_table(f, src, &st, all);
		err = ts_pptp_table(f, src, m);
	}
	if (err) {
		pr_err("cannot read the PPTP/GRE tables: %s", strerror(-err));
		return TS_EXIT_FAILURE;
	}
	return TS_EXIT_OK;
}
