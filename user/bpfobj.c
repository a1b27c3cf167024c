// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>

#include "table.h"
#include "bpfobj.h"
#include "exitcodes.h"
#include "log.h"

/* Verifier lines shown when the kernel refuses the program. */
#define VERIFIER_TAIL_LINES 12

static int have_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (syscall(SYS_capget, &hdr, data))
		return 0;
	return !!(data[cap / 32].effective & (1U << (cap % 32)));
}

int ts_check_privileges(const char *what)
{
	/* CAP_BPF (39) or CAP_SYS_ADMIN to load, CAP_NET_ADMIN to attach. */
	if ((have_cap(39) || have_cap(CAP_SYS_ADMIN)) && have_cap(CAP_NET_ADMIN))
		return TS_EXIT_OK;
	pr_err("%s needs root (CAP_BPF and CAP_NET_ADMIN): run it with sudo", what);
	return TS_EXIT_PERM;
}

int ts_bpf_load(struct tunnelstat_bpf **out, enum ts_prog which)
{
	return ts_bpf_load_cfg(out, which, NULL);
}

int ts_bpf_load_cfg(struct tunnelstat_bpf **out, enum ts_prog which,
		    const struct ts_config *cfg)
{
	static const struct ts_config defaults = TS_CONFIG_DEFAULT;
	struct tunnelstat_bpf *skel;
	int err;

	if (!cfg)
		cfg = &defaults;

	skel = tunnelstat_bpf__open();
	if (!skel) {
		pr_err("cannot open the embedded BPF object: %s", strerror(errno));
		return TS_EXIT_FAILURE;
	}
	bpf_program__set_autoload(skel->progs.xdp_tunnelstat, which == TS_PROG_LIVE);
	bpf_program__set_autoload(skel->progs.xdp_replay, which == TS_PROG_REPLAY);
	skel->rodata->cfg_pptp_port = cfg->pptp_port;
	skel->rodata->cfg_l2tp_port = cfg->l2tp_port;
	skel->rodata->cfg_flood_syns = cfg->flood_syns;
	skel->rodata->cfg_flood_pct = cfg->flood_pct;
	skel->rodata->cfg_ike_port = cfg->ike_port;
	skel->rodata->cfg_natt_port = cfg->natt_port;
	skel->rodata->cfg_no_lanes = cfg->no_lanes;
	skel->rodata->cfg_tab_seed = ts_tab_seed(which == TS_PROG_REPLAY);
	ts_tab_mults(skel->rodata->cfg_tab_seed, (__u64 *)skel->rodata->cfg_tab_mult);

	err = tunnelstat_bpf__load(skel);
	if (err) {
		if (err == -EPERM || err == -EACCES) {
			if (ts_check_privileges("loading the XDP program")) {
				tunnelstat_bpf__destroy(skel);
				return TS_EXIT_PERM;
			}
		}
		pr_err("the kernel refused the XDP program: %s; the verifier's last lines:",
		       strerror(-err));
		ts_log_print_libbpf_tail(VERIFIER_TAIL_LINES);
		tunnelstat_bpf__destroy(skel);
		return TS_EXIT_VERIFIER;
	}
	/* userspace lookups in the flow tables hash as this program does */
	{
		struct bpf_map *m;
		int i;

		bpf_object__for_each_map(m, skel->obj)
			for (i = 0; ts_tab_maps[i]; i++)
				if (!strcmp(bpf_map__name(m), ts_tab_maps[i]))
					ts_tab_register(bpf_map__fd(m), skel->rodata->cfg_tab_seed);
	}
	*out = skel;
	return TS_EXIT_OK;
}
