/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flow tables from userspace (include/tunnelstat_table.h): the same calls
 * work on a flow table (an array map of sets) and on a BPF hash map, so
 * readers and tests need not know which a map is.
 */
#ifndef TS_USER_TABLE_H
#define TS_USER_TABLE_H

#include <stddef.h>
#include <linux/types.h>

/*
 * The flow tables' hash seed (cfg_tab_seed). A live program gets a random
 * one (chosen once per process); replay a fixed one, TS_TAB_REPLAY_SEED,
 * so that replaying a capture twice gives the same tables even where its
 * sets overflow. ts_bpf_load_cfg() writes it into the program and
 * registers it for each of the object's tables: ts_map_get() and
 * ts_map_put() hash as the owning program does (-ENOKEY for a table this
 * process did not load, e.g. a pinned one: ts_tab_walk() needs no seed).
 */
#define TS_TAB_REPLAY_SEED 0x2545F4914F6CDD1DULL
__u64 ts_tab_seed(int replay);
int ts_tab_register(int fd, __u64 seed);
int ts_tab_seed_of(int fd, __u64 *seed);

/* Is fd a flow table of ksz-byte keys and vsz-byte values? 1, 0, or -errno. */
int ts_tab_is(int fd, size_t ksz, size_t vsz);
/*
 * Every live entry of a flow table: calls fn(key, val, arg) for each; a
 * non-zero return stops the walk and is returned. 0 or -errno.
 */
int ts_tab_walk(int fd, size_t ksz, size_t vsz,
		int (*fn)(const void *key, const void *val, void *arg), void *arg);
/* The value of key: 0, -ENOENT, or -errno. Hash maps too. */
int ts_map_get(int fd, const void *key, size_t ksz, void *val, size_t vsz);
/* Set the value of key, inserting it: 0 or -errno (-ENOSPC: set full). Hash maps too. */
int ts_map_put(int fd, const void *key, size_t ksz, const void *val, size_t vsz);
/* Entries in the map, or -errno. Hash maps too. */
long ts_map_count(int fd, size_t ksz, size_t vsz);
/* The flow tables of the object (bpf/maps.h TS_TABLE), NULL-terminated. */
extern const char *const ts_tab_maps[];
/* Empty a flow table, whatever its key and value. 0 or -errno. */
int ts_tab_zero(int fd);
/* Remove every entry. 0 or -errno. Hash maps too. */
int ts_map_clear(int fd, size_t ksz, size_t vsz);

#endif
