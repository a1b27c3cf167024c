// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flow tables from userspace. A table is an array map made with
 * BPF_F_MMAPABLE: it is read and written in place through mmap, not a set
 * per syscall (tcp_conns is 16k sets, 7 MB), and entries are found with
 * the hash the XDP program uses (ts_tab_hash in include/).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <bpf/bpf.h>

#include "tunnelstat_table.h"
#include "table.h"

/*
 * The seed of each flow table this process loaded (by map id): lookups
 * from here must hash as the program that owns the table does.
 */
#define TAB_SEEDS_MAX 128
static struct {
	__u32 id;
	__u64 seed;
} tab_seeds[TAB_SEEDS_MAX];
static int tab_nseeds;

__u64 ts_tab_seed(int replay)
{
	static __u64 live;
	static int have;

	if (replay)
		return TS_TAB_REPLAY_SEED;
	if (!have) {
		if (getrandom(&live, sizeof(live), 0) != sizeof(live))
			live = (__u64)time(NULL) * 0x9E3779B97F4A7C15ULL ^ (__u64)getpid();
		have = 1;
	}
	return live;
}

static int tab_info(int fd, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, len);
	return bpf_obj_get_info_by_fd(fd, info, &len) ? -errno : 0;
}

int ts_tab_register(int fd, __u64 seed)
{
	struct bpf_map_info info;
	int err = tab_info(fd, &info), i;

	if (err)
		return err;
	for (i = 0; i < tab_nseeds; i++)
		if (tab_seeds[i].id == info.id)
			break;
	if (i == TAB_SEEDS_MAX)
		return -ENOSPC;
	tab_seeds[i].id = info.id;
	tab_seeds[i].seed = seed;
	if (i == tab_nseeds)
		tab_nseeds++;
	return 0;
}

int ts_tab_seed_of(int fd, __u64 *seed)
{
	struct bpf_map_info info;
	int err = tab_info(fd, &info), i;

	if (err)
		return err;
	for (i = 0; i < tab_nseeds; i++)
		if (tab_seeds[i].id == info.id) {
			*seed = tab_seeds[i].seed;
			return 0;
		}
	return -ENOKEY;
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

/* The table's sets, mapped (BPF_F_MMAPABLE): unmap with tab_unmap(). */
static char *tab_map(int fd, const struct bpf_map_info *info, size_t *len)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	if (!(info->map_flags & BPF_F_MMAPABLE)) {
		errno = EINVAL;
		return NULL;
	}
	*len = ((size_t)info->value_size * info->max_entries + page - 1) / page * page;
	p = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void tab_unmap(char *sets, size_t len)
{
	munmap(sets, len);
}

int ts_tab_walk(int fd, size_t ksz, size_t vsz,
		int (*fn)(const void *key, const void *val, void *arg), void *arg)
{
	size_t slot = TS_TAB_SLOT(ksz, vsz), voff = TS_TAB_VOFF(ksz), len;
	struct bpf_map_info info;
	char *sets, *set;
	__u32 i, w;
	int err = tab_info(fd, &info);

	if (err)
		return err;
	if (info.value_size != TS_TAB_SET(ksz, vsz))
		return -EINVAL;
	sets = tab_map(fd, &info, &len);
	if (!sets)
		return -errno;
	for (i = 0; i < info.max_entries && !err; i++) {
		set = sets + (size_t)i * info.value_size;
		for (w = 0; w < TS_TAB_WAYS && !err; w++) {
			const struct ts_tab_hdr *h = (const void *)(set + w * slot);
			__u64 tag = __atomic_load_n(&h->tag, __ATOMIC_ACQUIRE);

			if (tag == TS_TAB_EMPTY || tag == TS_TAB_BUSY)
				continue;
			err = fn(set + w * slot + TS_TAB_KOFF, set + w * slot + voff, arg);
		}
	}
	tab_unmap(sets, len);
	return err;
}

/* key's set in the mapped table, and its way in it or -1. */
static char *tab_find(int fd, const void *key, size_t ksz, size_t vsz, size_t *len,
		      char **setp, int *way)
{
	size_t slot = TS_TAB_SLOT(ksz, vsz);
	struct bpf_map_info info;
	char *sets, *set;
	__u64 seed, tag;
	int err = tab_info(fd, &info), w;

	if (!err)
		err = ts_tab_seed_of(fd, &seed);
	if (err) {
		errno = -err;
		return NULL;
	}
	tag = ts_tab_hash(seed, key, ksz / 4);
	sets = tab_map(fd, &info, len);
	if (!sets)
		return NULL;
	set = sets + (size_t)ts_tab_set_of(tag, info.max_entries) * info.value_size;
	*way = -1;
	for (w = 0; w < TS_TAB_WAYS; w++) {
		const struct ts_tab_hdr *h = (const void *)(set + w * slot);

		if (h->tag == tag && !memcmp(set + w * slot + TS_TAB_KOFF, key, ksz)) {
			*way = w;
			break;
		}
	}
	*setp = set;
	return sets;
}

int ts_map_get(int fd, const void *key, size_t ksz, void *val, size_t vsz)
{
	char *sets, *set;
	size_t len;
	int way, err = ts_tab_is(fd, ksz, vsz);

	if (err < 0)
		return err;
	if (!err)
		return bpf_map_lookup_elem(fd, key, val) ? -errno : 0;
	sets = tab_find(fd, key, ksz, vsz, &len, &set, &way);
	if (!sets)
		return -errno;
	err = 0;
	if (way < 0)
		err = -ENOENT;
	else
		memcpy(val, set + way * TS_TAB_SLOT(ksz, vsz) + TS_TAB_VOFF(ksz), vsz);
	tab_unmap(sets, len);
	return err;
}

int ts_map_put(int fd, const void *key, size_t ksz, const void *val, size_t vsz)
{
	size_t slot = TS_TAB_SLOT(ksz, vsz), len;
	struct ts_tab_hdr *h;
	char *sets, *set;
	__u64 seed = 0;
	int way, w, err = ts_tab_is(fd, ksz, vsz);

	if (err < 0)
		return err;
	if (!err)
		return bpf_map_update_elem(fd, key, val, BPF_ANY) ? -errno : 0;
	sets = tab_find(fd, key, ksz, vsz, &len, &set, &way);
	if (!sets)
		return -errno;
	for (w = 0; way < 0 && w < TS_TAB_WAYS; w++)
		if (((struct ts_tab_hdr *)(set + w * slot))->tag == TS_TAB_EMPTY)
			way = w;
	if (way < 0) {
		tab_unmap(sets, len);
		return -ENOSPC;
	}
	h = (void *)(set + way * slot);
	h->tag = TS_TAB_BUSY;
	memcpy(set + way * slot + TS_TAB_KOFF, key, ksz);
	memcpy(set + way * slot + TS_TAB_VOFF(ksz), val, vsz);
	h->ref = 1;
	ts_tab_seed_of(fd, &seed);	/* tab_find() found it */
	__atomic_store_n(&h->tag, ts_tab_hash(seed, key, ksz / 4), __ATOMIC_RELEASE);
	tab_unmap(sets, len);
	return 0;
}

const char *const ts_tab_maps[] = {
	"ipsec_sas", "ike_sas", "tcp_conns", "tcp_services", "gre_calls", "pptp_calls",
	"pptp_alias", "pptp_ctrl", "l2tp_sess", "l2tp_tunnels", "l2tp_calls", "l2tp_alias", "pppoe_sessions", NULL,
};

int ts_tab_zero(int fd)
{
	struct bpf_map_info info;
	size_t len, i, slot;
	char *sets;
	int err = tab_info(fd, &info);

	if (err)
		return err;
	sets = tab_map(fd, &info, &len);
	if (!sets)
		return -errno;
	/*
	 * Only the slots in use: reading the tags is much cheaper than
	 * writing megabytes of zeros (tests empty the tables per case).
	 */
	slot = info.value_size / TS_TAB_WAYS;
	for (i = 0; i < (size_t)info.value_size * info.max_entries; i += slot)
		if (((struct ts_tab_hdr *)(sets + i))->tag != TS_TAB_EMPTY)
			memset(sets + i, 0, slot);
	tab_unmap(sets, len);
	return 0;
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
