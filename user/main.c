// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tunnelstat COMMAND [options]: table-driven commands. Each command's
 * option table is the one source of its --help text (and of the OPTIONS
 * section in docs/tunnelstat.8, kept in step by tests/cli.sh).
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
	const char *l2tp_port;
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

static const struct ts_opt attach_opts[] = {
	{ "mode", 'm', "MODE", "native (driver, the default) or skb (generic XDP)" },
	{ "pptp-port", 'p', "PORT", "TCP port of PPTP control (default 1723)" },
	{ "l2tp-port", 'l', "PORT", "UDP port of L2TP (default 1701)" },
	{}
};
static const struct ts_opt show_opts[] = {
	{ "json", 'j', NULL, "print JSON (docs/json.md) instead of tables" },
	{ "all", 'a', NULL, "also print counters that are zero" },
	{}
};
static const struct ts_opt replay_opts[] = {
	{ "json", 'j', NULL, "print JSON (docs/json.md) instead of tables" },
	{ "all", 'a', NULL, "also print counters that are zero" },
	{ "pptp-port", 'p', "PORT", "TCP port of PPTP control (default 1723)" },
	{ "l2tp-port", 'l', "PORT", "UDP port of L2TP (default 1701)" },
	{}
};

/* Parse the options that configure the program; TS_EXIT_* code. */
static int parse_config(const struct ts_args *a, struct ts_config *cfg)
{
	char *end;
	long v;

	*cfg = (struct ts_config)TS_CONFIG_DEFAULT;
	if (a->pptp_port) {
		errno = 0;
		v = strtol(a->pptp_port, &end, 10);
		if (errno || *end || v < 1 || v > 65535) {
			pr_err("bad --pptp-port '%s': give a TCP port, 1-65535", a->pptp_port);
			return TS_EXIT_USAGE;
		}
		cfg->pptp_port = v;
	}
	if (a->l2tp_port) {
		errno = 0;
		v = strtol(a->l2tp_port, &end, 10);
		if (errno || *end || v < 1 || v > 65535) {
			pr_err("bad --l2tp-port '%s': give a UDP port, 1-65535", a->l2tp_port);
			return TS_EXIT_USAGE;
		}
		cfg->l2tp_port = v;
	}
	return TS_EXIT_OK;
}
static const struct ts_opt status_opts[] = {
	{ "json", 'j', NULL, "print JSON instead of a table" },
	{}
};
static const struct ts_opt none_opts[] = { {} };

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
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.meta), &key, &meta, BPF_ANY))
		goto pin_fail;
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
		if (bpf_link_detach(fd) && errno != ENOLINK)
			pr_warn("detaching the link on %s: %s", ifname, strerror(errno));
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
	if (ret)
		return ret;
	ret = ts_check_privileges("replay");
	if (ret)
		return ret;
	ret = ts_bpf_load_cfg(&skel, TS_PROG_REPLAY, &cfg);
	if (ret)
		return ret;
	rret = ts_replay_file(bpf_program__fd(skel->progs.xdp_replay), a->pos[0], &info, 1);
	if (rret && !info.frames)
		goto out;
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
	ret = ts_report(stdout, &src, &maps, a->json, a->all);
	if (ret && !rret)
		rret = ret;
out:
	tunnelstat_bpf__destroy(skel);
	return rret;
}

/* ---- command table ----------------------------------------------------- */

static const struct ts_cmd cmds[] = {
	{ "attach", "IFACE", 1, 1, "load the XDP program, attach it to IFACE and pin its maps",
	  attach_opts, cmd_attach },
	{ "detach", "IFACE", 1, 1, "detach from IFACE and remove every pin", none_opts, cmd_detach },
	{ "status", "", 0, 0, "list the interfaces tunnelstat is attached to", status_opts, cmd_status },
	{ "show", "[IFACE]", 0, 1, "print the statistics of an attached interface", show_opts, cmd_show },
	{ "replay", "FILE", 1, 1, "run a pcap/pcapng capture through the XDP program and print "
	  "what show prints", replay_opts, cmd_replay },
	{}
};

static void print_opts(FILE *f, const struct ts_opt *o)
{
	char left[40];

	for (; o->name; o++) {
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-24s %s\n", left, o->help);
	}
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
	int n = 0, sl = 0, s, opt;

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
	so[sl] = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		switch (opt) {
		case 'm': a.mode = optarg; break;
		case 'p': a.pptp_port = optarg; break;
		case 'l': a.l2tp_port = optarg; break;
		case 'j': a.json = 1; break;
		case 'a': a.all = 1; break;
		case 'v': a.verbose = 1; break;
		case 'h': usage_cmd(stdout, c); return TS_EXIT_OK;
		default:
			fprintf(stderr, "Run 'tunnelstat %s --help' for its options.\n", c->name);
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
		usage(stderr);
		return TS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
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
