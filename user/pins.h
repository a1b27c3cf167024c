/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* bpffs: mounting it, and the per-interface pin directory. */
#ifndef TS_PINS_H
#define TS_PINS_H

#include <stddef.h>

#define TS_BPFFS	"/sys/fs/bpf"
#define TS_PIN_ROOT	TS_BPFFS "/tunnelstat"

/* Mount bpffs on /sys/fs/bpf unless it is there. TS_EXIT_* code. */
int ts_bpffs_ensure(void);
/* Is bpffs mounted on /sys/fs/bpf? */
int ts_bpffs_mounted(void);
/* /sys/fs/bpf/tunnelstat/IFACE[/name] into buf. */
void ts_pin_path(char *buf, size_t len, const char *ifname, const char *name);
/* Remove every pin under the interface's directory and the directory. */
int ts_pin_remove_all(const char *ifname);

#endif
