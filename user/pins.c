// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "exitcodes.h"
#include "log.h"
#include "pins.h"

#define BPF_FS_MAGIC_ 0xcafe4a11

int ts_bpffs_mounted(void)
{
	struct statfs st;

	return !statfs(TS_BPFFS, &st) && st.f_type == BPF_FS_MAGIC_;
}

int ts_bpffs_ensure(void)
{
	if (ts_bpffs_mounted())
		return TS_EXIT_OK;
	/* as bpftool does: mount it ourselves, private to this mount namespace's view */
	if (mkdir(TS_BPFFS, 0700) && errno != EEXIST) {
		pr_err("cannot create %s: %s", TS_BPFFS, strerror(errno));
		return TS_EXIT_BPFFS;
	}
	if (mount("bpf", TS_BPFFS, "bpf", 0, "mode=0700")) {
		pr_err("bpffs is not mounted on %s and mounting it failed: %s "
		       "(mount it with: mount -t bpf bpf %s)", TS_BPFFS, strerror(errno), TS_BPFFS);
		return TS_EXIT_BPFFS;
	}
	pr_debug("mounted bpffs on %s", TS_BPFFS);
	return TS_EXIT_OK;
}

void ts_pin_path(char *buf, size_t len, const char *ifname, const char *name)
{
	if (name)
		snprintf(buf, len, "%s/%s/%s", TS_PIN_ROOT, ifname, name);
	else
		snprintf(buf, len, "%s/%s", TS_PIN_ROOT, ifname);
}

int ts_pin_remove_all(const char *ifname)
{
	char dir[256], path[512];
	struct dirent *de;
	DIR *d;
	int err = 0;

	ts_pin_path(dir, sizeof(dir), ifname, NULL);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) && !err)
			err = -errno;
	}
	closedir(d);
	if (rmdir(dir) && !err)
		err = -errno;
	rmdir(TS_PIN_ROOT);	/* only goes if no other interface is left */
	return err;
}
