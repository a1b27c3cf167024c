// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flow tables from userspace. A table is read a set at a time with
 * bpf_map_lookup_elem (one set is TS_TAB_WAYS slots); entries are found
 * with the hash the XDP program uses (ts_tab_hash in include/).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "tunnelstat_table.h"
#include "table.h"

static int tab_info(int fd, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, len);
	return bpf_obj_get_info_by_fd(fd, info, &len) ? -errno : 0;
}

int ts_tab_is(int fd, size_t ksz, size_t vsz)
{
	struct bpf_map_info info;
	int err = tab_info(fd, &info);

	if (err)
		return err;
	return info.type == BPF_MAP_TYPE_ARRAY && info.value_size == TS_TAB_SET(ksz, vsz) &&
	       ksz % 4 == 0;
}

int ts_tab_walk(int fd, size_t ksz, size_t vsz,
		int (*fn)(const void *key, const void *val, void *arg), void *arg)
{
	size_t slot = TS_TAB_SLOT(ksz, vsz), voff = TS_TAB_VOFF(ksz);
	struct bpf_map_info info;
	__u32 i, w;
	char *set;
	int err = tab_info(fd, &info);

	if (err)
		return err;
	if (info.value_size != TS_TAB_SET(ksz, vsz))
		return -EINVAL;
	set = malloc(info.value_size);
	if (!set)
		return -ENOMEM;
	for (i = 0; i < info.max_entries && !err; i++) {
		if (bpf_map_lookup_elem(fd, &i, set)) {
			err = -errno;
			break;
		}
		for (w = 0; w < TS_TAB_WAYS && !err; w++) {
			const struct ts_tab_hdr *h = (const void *)(set + w * slot);

			if (h->tag == TS_TAB_EMPTY || h->tag == TS_TAB_BUSY)
				continue;
			err = fn(set + w * slot + TS_TAB_KOFF, set + w * slot + voff, arg);
		}
	}
	free(set);
	return err;
}

/* Read key's set; *way is its slot, or -1. */
static int tab_find(int fd, const void *key, size_t ksz, size_t vsz, char **setp,
		    __u32 *idx, int *way)
{
	size_t slot = TS_TAB_SLOT(ksz, vsz);
	struct bpf_map_info info;
	__u64 tag = ts_tab_hash(key, ksz / 4);
	char *set;
	int err = tab_info(fd, &info), w;

	if (err)
		return err;
	*idx = ts_tab_set_of(tag, info.max_entries);
	set = malloc(info.value_size);
	if (!set)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, idx, set)) {
		err = -errno;
		free(set);
		return err;
	}
	*way = -1;
	for (w = 0; w < TS_TAB_WAYS; w++) {
		const struct ts_tab_hdr *h = (const void *)(set + w * slot);

		if (h->tag == tag && !memcmp(set + w * slot + TS_TAB_KOFF, key, ksz)) {
			*way = w;
			break;
		}
	}
	*setp = set;
	return 0;
}

int ts_map_get(int fd, const void *key, size_t ksz, void *val, size_t vsz)
{
	__u32 idx;
	char *set;
	int way, err = ts_tab_is(fd, ksz, vsz);

	if (err < 0)
		return err;
	if (!err)
		return bpf_map_lookup_elem(fd, key, val) ? -errno : 0;
	err = tab_find(fd, key, ksz, vsz, &set, &idx, &way);
	if (err)
		return err;
	if (way < 0)
		err = -ENOENT;
	else
		memcpy(val, set + way * TS_TAB_SLOT(ksz, vsz) + TS_TAB_VOFF(ksz), vsz);
	free(set);
	return err;
}

int ts_map_put(int fd, const void *key, size_t ksz, const void *val, size_t vsz)
{
	size_t slot = TS_TAB_SLOT(ksz, vsz);
	__u32 idx;
	char *set;
	int way, w, err = ts_tab_is(fd, ksz, vsz);

	if (err < 0)
		return err;
	if (!err)
		return bpf_map_update_elem(fd, key, val, BPF_ANY) ? -errno : 0;
	err = tab_find(fd, key, ksz, vsz, &set, &idx, &way);
	if (err)
		return err;
	for (w = 0; way < 0 && w < TS_TAB_WAYS; w++)
		if (((struct ts_tab_hdr *)(set + w * slot))->tag == TS_TAB_EMPTY)
			way = w;
	if (way < 0) {
		free(set);
		return -ENOSPC;
	}
	{
		struct ts_tab_hdr *h = (void *)(set + way * slot);

		h->tag = ts_tab_hash(key, ksz / 4);
		h->ref = 1;
	}
	memcpy(set + way * slot + TS_TAB_KOFF, key, ksz);
	memcpy(set + way * slot + TS_TAB_VOFF(ksz), val, vsz);
	err = bpf_map_update_elem(fd, &idx, set, BPF_ANY) ? -errno : 0;
	free(set);
	return err;
}

const char *const ts_tab_maps[] = {
	"ipsec_sas", "tcp_conns", "tcp_services", NULL,
};

int ts_tab_zero(int fd)
{
	struct bpf_map_info info;
	void *zero;
	__u32 i;
	int err = tab_info(fd, &info);

	if (err)
		return err;
	if (info.type != BPF_MAP_TYPE_ARRAY)
		return -EINVAL;
	zero = calloc(1, info.value_size);
	if (!zero)
		return -ENOMEM;
	for (i = 0; i < info.max_entries && !err; i++)
		if (bpf_map_update_elem(fd, &i, zero, BPF_ANY))
			err = -errno;
	free(zero);
	return err;
}

int ts_map_clear(int fd, size_t ksz, size_t vsz)
{
	char *key;
	int err = ts_tab_is(fd, ksz, vsz);

	if (err < 0)
		return err;
	if (err)
		return ts_tab_zero(fd);
	key = malloc(ksz);
	if (!key)
		return -ENOMEM;
	while (!bpf_map_get_next_key(fd, NULL, key))
		if (bpf_map_delete_elem(fd, key)) {
			err = -errno;
			break;
		}
	free(key);
	return err;
}

static int count_one(const void *key, const void *val, void *arg)
{
	(void)key;
	(void)val;
	(*(long *)arg)++;
	return 0;
}

long ts_map_count(int fd, size_t ksz, size_t vsz)
{
	char *key, *next;
	void *prev = NULL;
	long n = 0;
	int err = ts_tab_is(fd, ksz, vsz);

	if (err < 0)
		return err;
	if (err) {
		err = ts_tab_walk(fd, ksz, vsz, count_one, &n);
		return err ? err : n;
	}
	key = malloc(ksz);
	next = malloc(ksz);
	if (!key || !next) {
		free(key);
		free(next);
		return -ENOMEM;
	}
	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, ksz);
		prev = key;
		n++;
	}
	free(key);
	free(next);
	return n;
}
