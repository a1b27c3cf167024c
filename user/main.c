// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tunnelstat COMMAND [options]: table-driven commands. Each command's
 * option table is the one source of its --help text and of the man page
 * (tunnelstat --man, make man; make check fails on a stale docs/tunnelstat.8).
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfobj.h"
#include "exitcodes.h"
#include "log.h"
#include "names.h"
#include "pins.h"
#include "replay.h"
#include "stats.h"
#include "json.h"
#include "report.h"

struct ts_args {
	const char *mode;	/* attach: native | skb */
	const char *pptp_port;
	const char *ike_port;
	const char *natt_port;
	const char *l2tp_port;
	const char *flood_rate;
	const char *flood_ratio;
	const char *top;
	const char *sort;
	const char *half_open;
	int json;
	int all;
	int verbose;
	const char *pos[2];	/* positional arguments */
	int npos;
};

struct ts_opt {
	const char *name;
	int key;		/* short option and getopt value */
	const char *arg;	/* argument name, NULL for a flag */
	const char *help;
};

struct ts_cmd {
	const char *name;
	const char *args;	/* positional synopsis */
	int min_pos, max_pos;
	const char *summary;
	const struct ts_opt *opts;
	int (*fn)(struct ts_args *a);
};

static const struct ts_opt common_opts[] = {
	{ "verbose", 'v', NULL, "show libbpf's debug output (and the verifier log)" },
	{ "help", 'h', NULL, "show this help" },
	{}
};

#define OPT_PPTP_PORT { "pptp-port", 'p', "PORT", "TCP port of PPTP control (default 1723)" }
#define OPT_L2TP_PORT { "l2tp-port", 'l', "PORT", "UDP port of L2TP (default 1701)" }
#define OPT_FLOOD_RATE { "syn-flood-rate", 'r', "N", \
	"SYN flood: at least N new SYNs per second to one service (default 1000)" }
#define OPT_FLOOD_RATIO { "syn-flood-ratio", 'R', "PCT", \
	"SYN flood: ...with under PCT% of handshakes completed (default 10)" }
#define OPT_IKE_PORT { "ike-port", 'i', "PORT", "UDP port of IKE (default 500)" }
#define OPT_NATT_PORT { "natt-port", 'n', "PORT", \
	"UDP port of NAT-T: IKE, ESP and keepalives (default 4500)" }
#define OPT_JSON { "json", 'j', NULL, "print JSON (docs/json.md) instead of tables" }
#define OPT_ALL { "all", 'a', NULL, "also print counters that are zero" }
#define OPT_TOP { "top", 't', "N", "TCP services shown (default 10, 0 = all)" }
#define OPT_SORT { "sort", 's', "KEY", "sort TCP services by syn (default), syn_ack, " \
	"completed, rst, refused, fin, half_open or expired" }
#define OPT_HALF_OPEN { "half-open-timeout", 'T', "SEC", \
	"a handshake pending longer than SEC seconds has expired (default 5)" }

static const struct ts_opt attach_opts[] = {
	{ "mode", 'm', "MODE", "native (driver, the default) or skb (generic XDP)" },
	OPT_PPTP_PORT, OPT_L2TP_PORT, OPT_FLOOD_RATE, OPT_FLOOD_RATIO, OPT_IKE_PORT,
	OPT_NATT_PORT,
	{}
};
static const struct ts_opt show_opts[] = {
	OPT_JSON, OPT_ALL, OPT_TOP, OPT_SORT, OPT_HALF_OPEN,
	{}
};
static const struct ts_opt replay_opts[] = {
	OPT_JSON, OPT_ALL, OPT_TOP, OPT_SORT, OPT_HALF_OPEN,
	OPT_PPTP_PORT, OPT_L2TP_PORT, OPT_FLOOD_RATE, OPT_FLOOD_RATIO, OPT_IKE_PORT,
	OPT_NATT_PORT,
	{}
};
static const struct ts_opt status_opts[] = {
	{ "json", 'j', NULL, "print JSON instead of a table" },
	{}
};
static const struct ts_opt none_opts[] = { {} };
static const struct ts_opt events_opts[] = {
	{ "json", 'j', NULL, "print one JSON object per event and line" },
	{}
};

/* A whole number in [min, max] from an option; -1 (and a message) if not. */
static long parse_num(const char *opt, const char *val, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(val, &end, 10);
	if (errno || end == val || *end || v < min || v > max) {
		pr_err("bad --%s '%s': give a whole number from %ld to %ld", opt, val, min, max);
		return -1;
	}
	return v;
}

/* Presentation options of show and replay into src; TS_EXIT_* code. */
static int parse_view(const struct ts_args *a, struct ts_source *src)
{
	long v;
	int i;

	src->top = 10;
	src->half_open_ns = 5ULL * 1000000000ULL;
	if (a->top) {
		if ((v = parse_num("top", a->top, 0, 1000000)) < 0)
			return TS_EXIT_USAGE;
		src->top = v;
	}
	if (a->half_open) {
		if ((v = parse_num("half-open-timeout", a->half_open, 1, 86400)) < 0)
			return TS_EXIT_USAGE;
		src->half_open_ns = v * 1000000000ULL;
	}
	if (a->sort) {
		for (i = 0; ts_tcp_sort_keys[i]; i++)
			if (!strcmp(a->sort, ts_tcp_sort_keys[i]))
				break;
		if (!ts_tcp_sort_keys[i]) {
			pr_err("bad --sort '%s': use syn, syn_ack, completed, rst, refused, fin, "
			       "half_open or expired", a->sort);
			return TS_EXIT_USAGE;
		}
		src->sort = a->sort;
	}
	return TS_EXIT_OK;
}

/* Parse the options that configure the program; TS_EXIT_* code. */
static int parse_config(const struct ts_args *a, struct ts_config *cfg)
{
	long v;

	*cfg = (struct ts_config)TS_CONFIG_DEFAULT;
	if (a->pptp_port) {
		if ((v = parse_num("pptp-port", a->pptp_port, 1, 65535)) < 0)
			return TS_EXIT_USAGE;
		cfg->pptp_port = v;
	}
	if (a->l2tp_port) {
		if ((v = parse_num("l2tp-port", a->l2tp_port, 1, 65535)) < 0)
			return TS_EXIT_USAGE;
		cfg->l2tp_port = v;
	}
	if (a->flood_rate) {
		if ((v = parse_num("syn-flood-rate", a->flood_rate, 1, 1000000000)) < 0)
			return TS_EXIT_USAGE;
		cfg->flood_syns = v;
	}
	if (a->flood_ratio) {
		if ((v = parse_num("syn-flood-ratio", a->flood_ratio, 0, 100)) < 0)
			return TS_EXIT_USAGE;
		cfg->flood_pct = v;
	}
	if (a->ike_port) {
		if ((v = parse_num("ike-port", a->ike_port, 1, 65535)) < 0)
			return TS_EXIT_USAGE;
		cfg->ike_port = v;
	}
	if (a->natt_port) {
		if ((v = parse_num("natt-port", a->natt_port, 1, 65535)) < 0)
			return TS_EXIT_USAGE;
		cfg->natt_port = v;
	}
	if (cfg->ike_port == cfg->natt_port) {
		pr_err("--ike-port and --natt-port are both %u: they must differ (the NAT-T "
		       "port carries ESP too)", cfg->ike_port);
		return TS_EXIT_USAGE;
	}
	return TS_EXIT_OK;
}

/* ---- attach ------------------------------------------------------------ */

static int iface_index(const char *ifname)
{
	unsigned int idx;

	if (strlen(ifname) >= IF_NAMESIZE) {
		pr_err("interface name '%s' is too long (at most %d characters)",
		       ifname, IF_NAMESIZE - 1);
		return -1;
	}
	idx = if_nametoindex(ifname);
	if (!idx)
		pr_err("no such interface '%s': check the name with 'ip link'", ifname);
	return idx ? (int)idx : -1;
}

static int cmd_attach(struct ts_args *a)
{
	const char *ifname = a->pos[0];
	struct tunnelstat_bpf *skel = NULL;
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	struct bpf_prog_info pinfo = {};
	__u32 plen = sizeof(pinfo);
	char dir[256], path[300];
	struct ts_meta meta = {};
	struct ts_config cfg;
	struct bpf_map *map;
	struct timespec now;
	__u32 key = 0, cur_id = 0;
	int ifindex, mode, link_fd = -1, ret, err;
	struct stat sb;

	if (!a->mode || !strcmp(a->mode, "native"))
		mode = TS_MODE_NATIVE;
	else if (!strcmp(a->mode, "skb"))
		mode = TS_MODE_SKB;
	else {
		pr_err("unknown --mode '%s': use native or skb", a->mode);
		return TS_EXIT_USAGE;
	}
	ret = parse_config(a, &cfg);
	if (ret)
		return ret;
	ret = ts_check_privileges("attach");
	if (ret)
		return ret;
	ifindex = iface_index(ifname);
	if (ifindex < 0)
		return TS_EXIT_NO_IFACE;
	ret = ts_bpffs_ensure();
	if (ret)
		return ret;
	ts_pin_path(dir, sizeof(dir), ifname, NULL);
	if (!stat(dir, &sb)) {
		pr_err("tunnelstat is already attached to %s: run 'tunnelstat detach %s' first",
		       ifname, ifname);
		return TS_EXIT_ATTACHED;
	}
	if (!bpf_xdp_query_id(ifindex, 0, &cur_id) && cur_id) {
		pr_err("another XDP program (id %u) is attached to %s: remove it first "
		       "(ip link set dev %s xdp off)", cur_id, ifname, ifname);
		return TS_EXIT_ATTACHED;
	}

	ret = ts_bpf_load_cfg(&skel, TS_PROG_LIVE, &cfg);
	if (ret)
		return ret;

	lopts.flags = mode == TS_MODE_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	link_fd = bpf_link_create(bpf_program__fd(skel->progs.xdp_tunnelstat), ifindex,
				  BPF_XDP, &lopts);
	if (link_fd < 0) {
		err = errno;
		if (err == EBUSY || err == EEXIST) {
			pr_err("cannot attach to %s: another XDP program is attached (%s)",
			       ifname, strerror(err));
			ret = TS_EXIT_ATTACHED;
		} else if (mode == TS_MODE_NATIVE && (err == EOPNOTSUPP || err == EINVAL)) {
			pr_err("cannot attach to %s in native mode: %s; the driver may lack "
			       "native XDP: try --mode skb", ifname, strerror(err));
			ret = TS_EXIT_ATTACH;
		} else {
			pr_err("cannot attach to %s: %s", ifname, strerror(err));
			ret = TS_EXIT_ATTACH;
		}
		goto cleanup;
	}

	/* From here on a failure rolls back: no pin, no program left. */
	if (mkdir(TS_PIN_ROOT, 0700) && errno != EEXIST)
		goto pin_fail;
	if (mkdir(dir, 0700))
		goto pin_fail;
	/* every map a later command may read, under its own name */
	bpf_object__for_each_map(map, skel->obj) {
		if (bpf_map__is_internal(map))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, bpf_map__name(map));
		if (bpf_map__pin(map, path))
			goto pin_fail;
	}

	bpf_obj_get_info_by_fd(bpf_program__fd(skel->progs.xdp_tunnelstat), &pinfo, &plen);
	clock_gettime(CLOCK_REALTIME, &now);
	meta.attached_ns = (__u64)now.tv_sec * 1000000000ULL + now.tv_nsec;
	meta.ifindex = ifindex;
	meta.mode = mode;
	meta.prog_id = pinfo.id;
	snprintf(meta.ifname, sizeof(meta.ifname), "%s", ifname);
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.meta), &key, &meta, BPF_ANY)) {
		err = errno;
		pr_err("cannot record the attach in the meta map: %s; attach rolled back",
		       strerror(err));
		ts_pin_remove_all(ifname);
		ret = TS_EXIT_FAILURE;
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/link", dir);
	if (bpf_obj_pin(link_fd, path))
		goto pin_fail;

	pr_info("attached to %s (%s mode, prog %u); pinned under %s", ifname,
		mode == TS_MODE_SKB ? "skb" : "native", pinfo.id, dir);
	ret = TS_EXIT_OK;
	goto cleanup;

pin_fail:
	err = errno;
	pr_err("cannot pin under %s: %s; attach rolled back", dir, strerror(err));
	ts_pin_remove_all(ifname);
	ret = TS_EXIT_BPFFS;
cleanup:
	if (link_fd >= 0)
		close(link_fd);	/* the pinned link keeps the program attached */
	tunnelstat_bpf__destroy(skel);
	return ret;
}

/* ---- detach ------------------------------------------------------------ */

static int attached_dir_exists(const char *ifname)
{
	char dir[256];
	struct stat sb;

	if (!ts_bpffs_mounted())
		return 0;
	ts_pin_path(dir, sizeof(dir), ifname, NULL);
	return !stat(dir, &sb);
}

static int cmd_detach(struct ts_args *a)
{
	const char *ifname = a->pos[0];
	char path[300];
	int fd, ret, err;

	ret = ts_check_privileges("detach");
	if (ret)
		return ret;
	if (!attached_dir_exists(ifname)) {
		pr_err("tunnelstat is not attached to %s (see 'tunnelstat status')", ifname);
		return TS_EXIT_NOT_ATTACHED;
	}
	ts_pin_path(path, sizeof(path), ifname, "link");
	fd = bpf_obj_get(path);
	if (fd >= 0) {
		/* detach now even if someone else holds the link open */
		if (bpf_link_detach(fd) && errno != ENOLINK) {
			pr_err("cannot detach the XDP link on %s: %s; the pins are kept so a "
			       "retry can find it", ifname, strerror(errno));
			close(fd);
			return TS_EXIT_ATTACH;
		}
		close(fd);
	}
	err = ts_pin_remove_all(ifname);
	if (err) {
		pr_err("cannot remove the pins of %s: %s", ifname, strerror(-err));
		return TS_EXIT_BPFFS;
	}
	pr_info("detached from %s", ifname);
	return TS_EXIT_OK;
}

/* CLOCK_REALTIME - CLOCK_MONOTONIC: live timestamps are bpf_ktime_get_ns(). */
static __s64 mono_to_realtime_offset(void)
{
	struct timespec r, m;

	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	return ((__s64)r.tv_sec - m.tv_sec) * 1000000000LL + (r.tv_nsec - m.tv_nsec);
}

static __u64 mono_now(void)
{
	struct timespec m;

	clock_gettime(CLOCK_MONOTONIC, &m);
	return (__u64)m.tv_sec * 1000000000ULL + m.tv_nsec;
}

/* ---- status and show --------------------------------------------------- */

struct ts_attached {
	char ifname[IF_NAMESIZE];
	struct ts_meta meta;
	__u32 link_prog_id;	/* 0 if the link is gone (interface removed) */
};

static int read_attached(const char *ifname, struct ts_attached *at)
{
	struct bpf_link_info li = {};
	__u32 len = sizeof(li), key = 0;
	char path[300];
	int fd;

	memset(at, 0, sizeof(*at));
	snprintf(at->ifname, sizeof(at->ifname), "%s", ifname);
	ts_pin_path(path, sizeof(path), ifname, "meta");
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	if (bpf_map_lookup_elem(fd, &key, &at->meta)) {
		close(fd);
		return -errno;
	}
	close(fd);
	ts_pin_path(path, sizeof(path), ifname, "link");
	fd = bpf_obj_get(path);
	if (fd >= 0) {
		if (!bpf_obj_get_info_by_fd(fd, &li, &len) && li.xdp.ifindex)
			at->link_prog_id = li.prog_id;
		close(fd);
	}
	return 0;
}

/* Names of the interfaces with a pin directory, sorted; returns how many. */
static int list_attached(char names[][IF_NAMESIZE], int max)
{
	struct dirent **ents;
	int n, i, cnt = 0;

	if (!ts_bpffs_mounted())
		return 0;
	n = scandir(TS_PIN_ROOT, &ents, NULL, alphasort);
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && cnt < max &&
		    strlen(ents[i]->d_name) < IF_NAMESIZE)
			memcpy(names[cnt++], ents[i]->d_name, strlen(ents[i]->d_name) + 1);
		free(ents[i]);
	}
	free(ents);
	return cnt;
}

static const char *mode_name(__u32 mode)
{
	return mode == TS_MODE_SKB ? "skb" : "native";
}

#define TS_MAX_IFACES 64

static int cmd_status(struct ts_args *a)
{
	static char names[TS_MAX_IFACES][IF_NAMESIZE];
	struct ts_attached at;
	struct ts_json j;
	char t[40];
	int n, i, ret;

	ret = ts_check_privileges("status");
	if (ret)
		return ret;
	n = list_attached(names, TS_MAX_IFACES);
	if (a->json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		json_str(&j, "tool", "tunnelstat");
		json_str(&j, "version", TS_VERSION);
		json_arr_open(&j, "attached");
	} else if (n) {
		printf("%-16s %-7s %8s %-28s %s\n", "INTERFACE", "MODE", "PROG", "SINCE", "STATE");
	}
	for (i = 0; i < n; i++) {
		if (read_attached(names[i], &at))
			continue;
		ts_fmt_time(t, sizeof(t), at.meta.attached_ns);
		if (a->json) {
			json_obj_open(&j, NULL);
			json_str(&j, "interface", at.ifname);
			json_str(&j, "mode", mode_name(at.meta.mode));
			json_u64(&j, "prog_id", at.meta.prog_id);
			json_str(&j, "since", t);
			json_str(&j, "state", at.link_prog_id ? "attached" : "interface gone");
			json_obj_close(&j);
		} else {
			printf("%-16s %-7s %8u %-28s %s\n", at.ifname, mode_name(at.meta.mode),
			       at.meta.prog_id, t, at.link_prog_id ? "attached" : "interface gone");
		}
	}
	if (a->json) {
		json_arr_close(&j);
		json_obj_close(&j);
		json_end(&j);
	} else if (!n) {
		pr_info("tunnelstat is not attached to any interface");
	}
	return TS_EXIT_OK;
}

static int cmd_show(struct ts_args *a)
{
	static char names[TS_MAX_IFACES][IF_NAMESIZE];
	const char *ifname = a->pos[0];
	struct ts_source src = {};
	struct ts_attached at;
	struct ts_maps maps;
	int n, ret;

	ret = parse_view(a, &src);
	if (ret)
		return ret;
	ret = ts_check_privileges("show");
	if (ret)
		return ret;
	if (!ifname) {
		n = list_attached(names, TS_MAX_IFACES);
		if (n == 0) {
			pr_err("tunnelstat is not attached to any interface: attach it first");
			return TS_EXIT_NOT_ATTACHED;
		}
		if (n > 1) {
			pr_err("tunnelstat is attached to %d interfaces: name one (see 'tunnelstat status')", n);
			return TS_EXIT_USAGE;
		}
		ifname = names[0];
	} else if (!attached_dir_exists(ifname)) {
		pr_err("tunnelstat is not attached to %s (see 'tunnelstat status')", ifname);
		return TS_EXIT_NOT_ATTACHED;
	}
	ts_maps_from_pins(ifname, &maps);
	src.interface = ifname;
	if (!read_attached(ifname, &at)) {
		src.mode = mode_name(at.meta.mode);
		src.prog_id = at.meta.prog_id;
		src.attached_ns = at.meta.attached_ns;
	}
	src.clock_offset_ns = mono_to_realtime_offset();
	src.now_ns = mono_now();
	ret = ts_report(stdout, &src, &maps, a->json, a->all);
	ts_maps_close(&maps);
	return ret;
}

/* ---- replay ------------------------------------------------------------ */

static int cmd_replay(struct ts_args *a)
{
	struct tunnelstat_bpf *skel = NULL;
	struct ts_replay_info info;
	struct ts_source src = {};
	struct ts_config cfg;
	struct ts_maps maps;
	struct ts_stats st;
	int ret, rret, err;

	ret = parse_config(a, &cfg);
	if (!ret)
		ret = parse_view(a, &src);
	if (ret)
		return ret;
	ret = ts_check_privileges("replay");
	if (ret)
		return ret;
	ret = ts_bpf_load_cfg(&skel, TS_PROG_REPLAY, &cfg);
	if (ret)
		return ret;
	rret = ts_replay_file(bpf_program__fd(skel->progs.xdp_replay), a->pos[0], &info, 1);
	if (rret && !info.fed)
		goto out;	/* nothing went through the program: nothing to print */
	ts_maps_from_skel(skel, &maps);
	err = ts_stats_read(bpf_map__fd(skel->maps.counters), &st);
	if (!err && !rret && st.c[TS_C_TOTAL].packets != info.fed) {
		pr_err("internal error: fed %llu frames but the program saw %llu",
		       (unsigned long long)info.fed,
		       (unsigned long long)st.c[TS_C_TOTAL].packets);
		rret = TS_EXIT_FAILURE;
	}
	pr_debug("replay: %llu frames in %llu BPF_PROG_TEST_RUN calls, %llu clipped",
		 (unsigned long long)info.fed, (unsigned long long)info.calls,
		 (unsigned long long)info.clipped);
	src.capture = a->pos[0];
	src.link_type = info.link_type;
	src.frames = info.frames;
	src.skipped = info.skipped;
	src.now_ns = info.last_ns;
	ret = ts_report(stdout, &src, &maps, a->json, a->all);
	if (ret && !rret)
		rret = ret;
out:
	tunnelstat_bpf__destroy(skel);
	return rret;
}

/* ---- events ------------------------------------------------------------ */

static volatile sig_atomic_t stop_events;

static void on_signal(int sig)
{
	(void)sig;
	stop_events = 1;
}

struct events_ctx {
	struct ts_source src;
	int json;
};

static int print_event(void *ctx, void *data, size_t size)
{
	struct events_ctx *e = ctx;
	char line[256];
	struct ts_json j;

	if (size < sizeof(struct ts_event))
		return 0;
	if (e->json) {
		json_init(&j, stdout);
		ts_event_json(&j, data, &e->src);
		json_end(&j);
	} else {
		ts_event_format(data, &e->src, line, sizeof(line));
		printf("%s\n", line);
		fflush(stdout);
	}
	return 0;
}

static int cmd_events(struct ts_args *a)
{
	static char names[TS_MAX_IFACES][IF_NAMESIZE];
	const char *ifname = a->pos[0];
	struct events_ctx e = { .json = a->json };
	struct ring_buffer *rb;
	char path[300];
	int fd, n, ret, err = 0;

	ret = ts_check_privileges("events");
	if (ret)
		return ret;
	if (!ifname) {
		n = list_attached(names, TS_MAX_IFACES);
		if (n != 1) {
			pr_err(n ? "tunnelstat is attached to %d interfaces: name one" :
				   "tunnelstat is not attached to any interface: attach it first", n);
			return n ? TS_EXIT_USAGE : TS_EXIT_NOT_ATTACHED;
		}
		ifname = names[0];
	} else if (!attached_dir_exists(ifname)) {
		pr_err("tunnelstat is not attached to %s (see 'tunnelstat status')", ifname);
		return TS_EXIT_NOT_ATTACHED;
	}
	ts_pin_path(path, sizeof(path), ifname, "events");
	fd = bpf_obj_get(path);
	if (fd < 0) {
		pr_err("cannot open %s: %s (detach and attach again after an upgrade)", path,
		       strerror(errno));
		return TS_EXIT_BPFFS;
	}
	e.src.interface = ifname;
	e.src.clock_offset_ns = mono_to_realtime_offset();
	rb = ring_buffer__new(fd, print_event, &e, NULL);
	if (!rb) {
		pr_err("cannot read the event ring buffer: %s", strerror(errno));
		close(fd);
		return TS_EXIT_FAILURE;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	pr_info("streaming events of %s; Ctrl-C stops", ifname);
	while (!stop_events) {
		err = ring_buffer__poll(rb, 200);
		if (err < 0 && err != -EINTR)
			break;
		err = 0;
		if (!attached_dir_exists(ifname)) {
			pr_info("tunnelstat was detached from %s", ifname);
			break;
		}
	}
	ring_buffer__free(rb);
	close(fd);
	if (err) {
		pr_err("reading events failed: %s", strerror(-err));
		return TS_EXIT_FAILURE;
	}
	return TS_EXIT_OK;
}

/* ---- command table ----------------------------------------------------- */

static const struct ts_cmd cmds[] = {
	{ "attach", "IFACE", 1, 1, "load the XDP program, attach it to IFACE and pin its maps",
	  attach_opts, cmd_attach },
	{ "detach", "IFACE", 1, 1, "detach from IFACE and remove every pin", none_opts, cmd_detach },
	{ "status", "", 0, 0, "list the interfaces tunnelstat is attached to", status_opts, cmd_status },
	{ "show", "[IFACE]", 0, 1, "print the statistics of an attached interface", show_opts, cmd_show },
	{ "events", "[IFACE]", 0, 1, "stream events (SYN floods) as they happen", events_opts,
	  cmd_events },
	{ "replay", "FILE", 1, 1, "run a pcap/pcapng capture through the XDP program and print "
	  "what show prints", replay_opts, cmd_replay },
	{}
};

static void print_opts(FILE *f, const struct ts_opt *o)
{
	char left[48];

	for (; o->name; o++) {
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-28s %s\n", left, o->help);
	}
}

/* troff-escape a string for the man page: backslashes and leading dots. */
static void man_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

static void man_opts(FILE *f, const struct ts_opt *o)
{
	for (; o->name; o++) {
		fprintf(f, ".TP\n.BR \\-%c \", \" \\-\\-", o->key);
		man_text(f, o->name);
		if (o->arg)
			fprintf(f, " \" \" \\fI%s\\fR", o->arg);
		fputc('\n', f);
		man_text(f, o->help);
		fputc('\n', f);
	}
}

/*
 * The man page, generated from the command and option tables and the
 * exit-code table, so the three never disagree (make man; tests/cli.t.sh
 * checks docs/tunnelstat.8 is current).
 */
static void print_man(FILE *f)
{
	const struct ts_exit_doc *e;
	const struct ts_cmd *c;

	fprintf(f, ".\\\" Generated by 'tunnelstat --man' (make man): edit user/main.c, not this file.\n"
		".TH TUNNELSTAT 8 \"\" \"tunnelstat %s\" \"System Administration\"\n"
		".SH NAME\ntunnelstat \\- line-rate VPN and tunnel observability at the XDP hook\n"
		".SH SYNOPSIS\n.B tunnelstat\n.I COMMAND\n.RI [ options ]\n"
		".SH DESCRIPTION\n"
		"tunnelstat parses every frame at the XDP hook (Ethernet, 802.3/LLC/SNAP, VLAN/QinQ,\n"
		"ARP, PPPoE, IPv4/IPv6 with options and extension headers, TCP, UDP, ICMP, IGMP, OSPF,\n"
		"GRE v0 and PPTP's enhanced GRE, PPTP control, L2TPv2/v3, ESP, AH, IKE, NAT-T, RADIUS,\n"
		"TLS records, PPP inside tunnels) and counts what it sees in BPF maps: protocols, failure\n"
		"modes, GRE and PPTP calls, L2TP tunnels and sessions, IPsec and IKE SAs with replay\n"
		"analysis, PPPoE sessions, TCP handshakes per service. It observes: every frame passes.\n"
		"The same XDP program runs on an interface\n(\\fBattach\\fR) and over a capture file\n"
		"(\\fBreplay\\fR, through BPF_PROG_TEST_RUN), so both print the same numbers.\n"
		".SH COMMANDS\n", TS_VERSION);
	for (c = cmds; c->name; c++) {
		fprintf(f, ".SS \"%s %s\"\n", c->name, c->args);
		man_text(f, c->summary);
		fputs(".\n", f);
		if (c->opts->name)
			man_opts(f, c->opts);
	}
	fputs(".SS \"Common options\"\n", f);
	man_opts(f, common_opts);
	fputs(".SH FILES\n.TP\n.I /sys/fs/bpf/tunnelstat/IFACE/\n"
	      "The pinned link and maps of an attached interface; bpffs is mounted on /sys/fs/bpf\n"
	      "if it is not. \\fBdetach\\fR removes the directory.\n"
	      ".SH OUTPUT\nTables on stdout, diagnostics on stderr. The JSON schema is documented in\n"
	      ".I docs/json.md\nof the source tree.\n"
	      ".SH EXIT STATUS\n", f);
	for (e = ts_exit_docs; e->text; e++)
		fprintf(f, ".TP\n.B %d\n%s\n", e->code, e->text);
	fputs(".SH EXAMPLES\n.nf\n"
	      "tunnelstat attach eth0\ntunnelstat show eth0\ntunnelstat show eth0 \\-\\-json\n"
	      "tunnelstat events eth0\ntunnelstat detach eth0\n"
	      "tunnelstat replay capture.pcapng \\-\\-json\n.fi\n"
	      ".SH SEE ALSO\n.BR bpftool (8),\n.BR xdp-loader (8),\n.BR tshark (1)\n", f);
}

static void usage_cmd(FILE *f, const struct ts_cmd *c)
{
	fprintf(f, "Usage: tunnelstat %s [options] %s\n\n%s\n\nOptions:\n", c->name, c->args,
		c->summary);
	print_opts(f, c->opts);
	print_opts(f, common_opts);
}

static void usage(FILE *f)
{
	const struct ts_cmd *c;

	fprintf(f, "Usage: tunnelstat COMMAND [options]\n\n"
		"Line-rate VPN and tunnel observability at the XDP hook.\n\nCommands:\n");
	for (c = cmds; c->name; c++)
		fprintf(f, "  %-8s %-8s %s\n", c->name, c->args, c->summary);
	fprintf(f, "\nRun 'tunnelstat COMMAND --help' for a command's options; "
		"'man 8 tunnelstat' for exit codes.\n");
}

static int run_cmd(const struct ts_cmd *c, int argc, char **argv)
{
	struct option lo[16];
	char so[40];
	struct ts_args a = {};
	const struct ts_opt *sets[2] = { c->opts, common_opts };
	int n = 0, sl = 1, s, opt;

	for (s = 0; s < 2; s++) {
		const struct ts_opt *o;

		for (o = sets[s]; o->name; o++) {
			lo[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
						   NULL, o->key };
			so[sl++] = o->key;
			if (o->arg)
				so[sl++] = ':';
		}
	}
	lo[n] = (struct option){};
	so[0] = ':';	/* report a missing value as ':' */
	so[sl] = 0;

	optind = 1;
	opterr = 0;	/* our own one-line messages */
	while ((opt = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		switch (opt) {
		case 'm': a.mode = optarg; break;
		case 'p': a.pptp_port = optarg; break;
		case 'i': a.ike_port = optarg; break;
		case 'n': a.natt_port = optarg; break;
		case 'l': a.l2tp_port = optarg; break;
		case 'r': a.flood_rate = optarg; break;
		case 'R': a.flood_ratio = optarg; break;
		case 't': a.top = optarg; break;
		case 's': a.sort = optarg; break;
		case 'T': a.half_open = optarg; break;
		case 'j': a.json = 1; break;
		case 'a': a.all = 1; break;
		case 'v': a.verbose = 1; break;
		case 'h': usage_cmd(stdout, c); return TS_EXIT_OK;
		case ':':
			if (optopt && strncmp(argv[optind - 1], "--", 2))
				pr_err("%s: option '-%c' needs a value: run 'tunnelstat %s --help'",
				       c->name, optopt, c->name);
			else
				pr_err("%s: option '%s' needs a value: run 'tunnelstat %s --help'",
				       c->name, argv[optind - 1], c->name);
			return TS_EXIT_USAGE;
		default:
			if (optopt && strncmp(argv[optind - 1], "--", 2))
				pr_err("%s: unknown option '-%c': run 'tunnelstat %s --help'",
				       c->name, optopt, c->name);
			else
				pr_err("%s: unknown option '%s': run 'tunnelstat %s --help'",
				       c->name, argv[optind - 1], c->name);
			return TS_EXIT_USAGE;
		}
	}
	for (; optind < argc; optind++) {
		if (a.npos >= c->max_pos) {
			pr_err("%s: unexpected argument '%s' (usage: tunnelstat %s %s)",
			       c->name, argv[optind], c->name, c->args);
			return TS_EXIT_USAGE;
		}
		a.pos[a.npos++] = argv[optind];
	}
	if (a.npos < c->min_pos) {
		pr_err("%s: missing %s (usage: tunnelstat %s %s)", c->name, c->args, c->name, c->args);
		return TS_EXIT_USAGE;
	}
	ts_log_init(a.verbose);
	return c->fn(&a);
}

int main(int argc, char **argv)
{
	const struct ts_cmd *c;

	ts_log_init(0);
	if (argc < 2) {
		pr_err("no command given: run 'tunnelstat --help'");
		return TS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return TS_EXIT_OK;
	}
	if (!strcmp(argv[1], "--man")) {
		print_man(stdout);
		return TS_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("tunnelstat %s (libbpf %s)\n", TS_VERSION, libbpf_version_string());
		return TS_EXIT_OK;
	}
	for (c = cmds; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return run_cmd(c, argc - 1, argv + 1);
	pr_err("unknown command '%s': run 'tunnelstat --help'", argv[1]);
	return TS_EXIT_USAGE;
}
