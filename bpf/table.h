/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flow tables, the BPF side: lookup and insert in a set-associative table
 * (include/tunnelstat_table.h says why and how). Every size is a
 * compile-time constant, so the loops unroll and each access is checked
 * by the verifier at a fixed offset in the set.
 */
#ifndef TS_BPF_TABLE_H
#define TS_BPF_TABLE_H

#include "../include/tunnelstat_table.h"

/* The hash seed, random per loaded program, and its multipliers (user/bpfobj.c). */
const volatile __u64 cfg_tab_seed = 0;
const volatile __u64 cfg_tab_mult[TS_TAB_MULTS] = {};

/*
 * Keys are written as whole 64-bit words built in registers. The lookup
 * reads a key back at once as 64-bit words, and a load that spans several
 * narrower stores still in the CPU's store buffer cannot be forwarded
 * from them: it waits until they reach the cache. Measured here: ~7 ns
 * per lookup of a key written field by field (docs/DEVELOPING.md).
 */
static __always_inline __u64 ts_tab_pair(__u32 lo, __u32 hi)
{
	union {
		__u32 w[2];
		__u64 d;
	} u = { .w = { lo, hi } };	/* in registers: shifts and an or */

	return u.d;
}

/* A 16-byte address (four 32-bit words) as the key's two 64-bit words at dst. */
static __always_inline void ts_tab_put_addr(void *dst, const __be32 *a)
{
	ts_tab_dword *d = dst;

	d[0] = ts_tab_pair(a[0], a[1]);
	d[1] = ts_tab_pair(a[2], a[3]);
}

/* The last word of a key that ends { __be16 id; __u8 family; __u8 pad[5]; } (GRE, PPTP). */
static __always_inline __u64 ts_tab_id_family(__be16 id, __u8 family)
{
	union {
		struct {
			__be16 id;
			__u8 family;
			__u8 pad[5];
		} k;
		__u64 d;
	} t = {};

	t.k.id = id;
	t.k.family = family;
	return t.d;
}

/* What ts_tab_get() did, for the caller's counters. */
enum ts_tab_res {
	TS_TAB_FOUND = 0,
	TS_TAB_NEW,		/* inserted in a free way */
	TS_TAB_EVICTED,		/* inserted over a live entry */
	TS_TAB_MISS,		/* not there (and not to be created) */
	TS_TAB_RACE,		/* another CPU took the slot first */
};

static __always_inline int ts_tab_keyeq(const __u8 *slot_key, const ts_tab_word *k, __u32 n)
{
	const ts_tab_word *s = (const ts_tab_word *)slot_key;
	__u64 diff = 0;
	__u32 i;

	/* 64 bits at a time, as the hash reads them */
#pragma unroll
	for (i = 0; i + 1 < n; i += 2)
		diff |= *(const ts_tab_dword *)&s[i] ^ *(const ts_tab_dword *)&k[i];
	if (n & 1)
		diff |= s[n - 1] ^ k[n - 1];
	return !diff;
}

/*
 * The value of key in map (an array of sets of ksz-byte keys and
 * vsz-byte values, nsets of them), or, if create, a zeroed value newly
 * inserted for it. *res says which. NULL on a miss or a lost race.
 */
static __always_inline void *ts_tab_get(void *map, const void *key, __u32 ksz, __u32 vsz,
					__u32 nsets, int create, int *res)
{
	const __u32 slot_sz = TS_TAB_SLOT(ksz, vsz), voff = TS_TAB_VOFF(ksz);
	const ts_tab_word *k = key;
	struct ts_tab_hdr *h, *victim = NULL;
	__u64 tag = ts_tab_hash_m(cfg_tab_seed, cfg_tab_mult, k, ksz / 4), old;
	__u32 idx = ts_tab_set_of(tag, nsets), w;
	__u8 *set, *vs = NULL;

	*res = TS_TAB_MISS;
	set = bpf_map_lookup_elem(map, &idx);
	if (!set)
		return NULL;
#pragma unroll
	for (w = 0; w < TS_TAB_WAYS; w++) {
		h = (struct ts_tab_hdr *)(set + w * slot_sz);
		if (h->tag == tag && ts_tab_keyeq(set + w * slot_sz + TS_TAB_KOFF, k, ksz / 4)) {
			if (!h->ref)
				h->ref = 1;
			*res = TS_TAB_FOUND;
			return set + w * slot_sz + voff;
		}
	}
	if (!create)
		return NULL;
	/* an empty way first */
#pragma unroll
	for (w = 0; w < TS_TAB_WAYS; w++) {
		h = (struct ts_tab_hdr *)(set + w * slot_sz);
		if (!victim && h->tag == TS_TAB_EMPTY) {
			victim = h;
			vs = set + w * slot_sz;
		}
	}
	/* else second chance: the first unreferenced way, clearing the rest */
#pragma unroll
	for (w = 0; w < TS_TAB_WAYS; w++) {
		h = (struct ts_tab_hdr *)(set + w * slot_sz);
		if (victim || h->tag == TS_TAB_BUSY)
			continue;
		if (!h->ref) {
			victim = h;
			vs = set + w * slot_sz;
		} else {
			h->ref = 0;
		}
	}
	/* every way referenced since the last pass: one by the hash */
	if (!victim) {
		w = (tag >> 2) & (TS_TAB_WAYS - 1);
		vs = set + w * slot_sz;
		victim = (struct ts_tab_hdr *)vs;
	}
	old = victim->tag;
	if (old == TS_TAB_BUSY ||
	    __sync_val_compare_and_swap(&victim->tag, old, TS_TAB_BUSY) != old) {
		*res = TS_TAB_RACE;
		return NULL;
	}
	__builtin_memcpy(vs + TS_TAB_KOFF, key, ksz);
	__builtin_memset(vs + voff, 0, vsz);
	victim->ref = 1;
	/* publish: an atomic exchange orders the key and value before the tag */
	__sync_lock_test_and_set(&victim->tag, tag);
	*res = old == TS_TAB_EMPTY ? TS_TAB_NEW : TS_TAB_EVICTED;
	return vs + voff;
}

/*
 * Free the slot of v, the value ts_tab_get() returned for *keyp from a
 * table map: its tag goes back to empty, by compare-and-swap from the
 * key's tag, so an entry another CPU put there meanwhile stays.
 */
#define ts_tab_free(map, v, keyp)						\
	ts_tab_free_((v), TS_TAB_VOFF(sizeof(((struct map##_slot *)0)->key)),	\
		     ts_tab_hash_m(cfg_tab_seed, cfg_tab_mult, (const ts_tab_word *)(keyp),	\
				   sizeof(*(keyp)) / 4))
static __always_inline void ts_tab_free_(void *v, __u32 voff, __u64 tag)
{
	struct ts_tab_hdr *h = (struct ts_tab_hdr *)((__u8 *)v - voff);

	__sync_val_compare_and_swap(&h->tag, tag, TS_TAB_EMPTY);
}

/* A table map: an array of nsets sets of ktype -> vtype. */
#define TS_TABLE(name, ktype, vtype, entries)					\
	struct {								\
		__uint(type, BPF_MAP_TYPE_ARRAY);				\
		__uint(map_flags, BPF_F_MMAPABLE);				\
		__uint(max_entries, (entries) / TS_TAB_WAYS);			\
		__type(key, __u32);						\
		__type(value, struct name##_set);				\
	} name SEC(".maps");							\
	_Static_assert(((entries) / TS_TAB_WAYS & ((entries) / TS_TAB_WAYS - 1)) == 0 &&	\
		       (entries) % TS_TAB_WAYS == 0, #name ": sets a power of two")

/* Typed wrappers: ts_tab_find(name, &key, TS_X_MAX, create, &res) */
#define TS_TAB_NSETS(entries) ((entries) / TS_TAB_WAYS)
#define ts_tab_find(map, keyp, entries, create, resp)				\
	ts_tab_get(&(map), (keyp), sizeof(*(keyp)),				\
		   sizeof(((struct map##_slot *)0)->val), TS_TAB_NSETS(entries),	\
		   (create), (resp))

/* Lookup only, when the caller needs no result code. */
#define ts_tab_lookup(map, keyp, entries)					\
	({ int res_; ts_tab_find(map, keyp, entries, 0, &res_); })

#endif /* TS_BPF_TABLE_H */
