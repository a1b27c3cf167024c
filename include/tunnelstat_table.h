/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flow tables: set-associative hash tables in BPF array maps, shared by
 * the XDP program (bpf/table.h) and userspace (user/table.c).
 *
 * Why not BPF_MAP_TYPE_LRU_HASH: a lookup there is a call into the kernel
 * (__htab_map_lookup_elem, and memcmp from it); on CPUs with return-stack
 * mitigations every return costs ~8 ns, and one lookup measured ~33 ns
 * here, more than the whole empty XDP program (docs/performance.md). This
 * table is found with an inlined array lookup and a few compares.
 *
 * Layout: the map is an array of sets; one set holds TS_TAB_WAYS slots;
 * one slot is a 16-byte header, the key, the value (8-byte aligned).
 * A key hashes (ts_tab_hash) to one set and a 64-bit tag; a lookup
 * compares the tag, then the whole key, in each way of its set.
 *
 * Replacement is least-recently-used approximated the way the kernel's
 * LRU map does: a "referenced" bit per slot, set on a hit; an insert
 * takes an empty way, else the first unreferenced one (clearing the bits
 * of the ways it passes: second chance), else one picked by the hash.
 * Replacing a live entry is an eviction, counted by the caller.
 *
 * Concurrency: a slot is claimed by a compare-and-swap of its tag to
 * TS_TAB_BUSY, filled, then published with its tag (an atomic exchange,
 * so the key is visible first). Lookups never match a busy slot; inserts
 * never take one. A lost race is a miss for that packet, counted by the
 * caller. Values are updated in place as with any BPF hash map.
 */
#ifndef TUNNELSTAT_TABLE_H
#define TUNNELSTAT_TABLE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define TS_TAB_WAYS 2
#define TS_TAB_EMPTY 0ULL
#define TS_TAB_BUSY 1ULL

struct ts_tab_hdr {
	__u64 tag;	/* TS_TAB_EMPTY, TS_TAB_BUSY, or the key's tag (bit 1 set) */
	__u32 ref;	/* referenced since the last second-chance pass */
	__u32 pad;
};

/* Offsets in a slot, for a key of ksz and a value of vsz bytes. */
#define TS_TAB_KOFF 16
#define TS_TAB_VOFF(ksz) (TS_TAB_KOFF + (((ksz) + 7) & ~7u))
#define TS_TAB_SLOT(ksz, vsz) ((TS_TAB_VOFF(ksz) + (vsz) + 7) & ~7u)
#define TS_TAB_SET(ksz, vsz) (TS_TAB_WAYS * TS_TAB_SLOT(ksz, vsz))

/*
 * A table's slot and set types. The static asserts pin the layout the
 * generic code computes from the sizes alone.
 */
#define TS_TAB_TYPES(name, ktype, vtype)					\
	struct name##_slot {							\
		struct ts_tab_hdr hdr;						\
		ktype key;							\
		vtype val;							\
	} __attribute__((aligned(8)));						\
	struct name##_set {							\
		struct name##_slot way[TS_TAB_WAYS];				\
	};									\
	_Static_assert(sizeof(ktype) % 4 == 0, #ktype ": 32-bit words");	\
	_Static_assert(sizeof(ktype) / 4 <= TS_TAB_MAX_WORDS, #ktype ": hashed whole");	\
	_Static_assert(__builtin_offsetof(struct name##_slot, val) ==		\
		       TS_TAB_VOFF(sizeof(ktype)), #name ": value offset");	\
	_Static_assert(sizeof(struct name##_slot) ==				\
		       TS_TAB_SLOT(sizeof(ktype), sizeof(vtype)), #name ": slot size")

/*
 * Keys are read as 32-bit words whatever their fields: through a
 * may_alias type, or the compiler may move the reads before the stores
 * of a key's narrower fields (strict aliasing).
 */
typedef __u32 __attribute__((may_alias)) ts_tab_word;

#ifdef __bpf__
#define TS_TAB_INLINE static __always_inline
#else
#define TS_TAB_INLINE static inline
#endif

/*
 * Hash of a key of n 32-bit words: the set (high bits) and the tag
 * (never TS_TAB_EMPTY or TS_TAB_BUSY). The same in BPF and userspace.
 *
 * Multilinear: each 64-bit word (two key words) times its own odd
 * multiplier, summed, then mixed. The multipliers are fixed constants
 * scrambled by a seed (cfg_tab_seed, random per loaded program): with
 * known multipliers anyone can solve for keys that collide in one set and
 * evict a chosen entry with a few packets; with secret ones, as the
 * kernel's seeded hash maps, they cannot. The products do not depend on each other, so the CPU runs them
 * side by side; a chained hash (h = (h ^ w) * C per word) is one
 * multiply latency per word, ~15 ns for a 40-byte key here.
 */
#define TS_TAB_MAX_WORDS 16	/* 32-bit words of the longest key */
#define TS_TAB_MULTS (TS_TAB_MAX_WORDS / 2 + 1)	/* one per 64-bit word, one for an odd tail */

/* 64-bit words of a key, from two 32-bit words (4-byte aligned keys). */
typedef __u64 __attribute__((may_alias, aligned(4))) ts_tab_dword;

/*
 * The multipliers for seed: m[i] for the key's 64-bit word i, m[8] for a
 * last odd 32-bit word. Computed once per seed: userspace hands them to
 * the XDP program as read-only data (cfg_tab_mult), so a lookup does not
 * scramble them again per word.
 */
TS_TAB_INLINE void ts_tab_mults(__u64 seed, __u64 *m)
{
	static const __u64 k[TS_TAB_MAX_WORDS] = {
		0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL,
		0xD6E8FEB86659FD93ULL, 0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL,
		0x85EBCA77C2B2AE63ULL, 0x27D4EB2F165667C5ULL, 0x94D049BB133111EBULL,
		0xBF58476D1CE4E5B9ULL, 0x2545F4914F6CDD1DULL, 0x9FB21C651E98DF25ULL,
		0xD1B54A32D192ED03ULL, 0xAEF17502108EF2D9ULL, 0xE7037ED1A0B428DBULL,
		0x8EBC6AF09C88C6E3ULL,
	};
	__u32 i;

	for (i = 0; i < TS_TAB_MAX_WORDS / 2; i++)
		m[i] = (k[i] ^ (seed << (i + 1) | seed >> (63 - i))) | 1;
	m[TS_TAB_MAX_WORDS / 2] = (k[TS_TAB_MAX_WORDS - 1] ^ (seed >> 7)) | 1;
}

/*
 * The hash with the multipliers of ts_tab_mults(seed). A 64-bit word is
 * read as one load: the same on both sides, which run on one host.
 */
TS_TAB_INLINE __u64 ts_tab_hash_m(__u64 seed, const volatile __u64 *m, const ts_tab_word *w,
				   __u32 n)
{
	__u64 h = n ^ seed;
	__u32 i;

#ifdef __bpf__
#pragma unroll
#endif
	for (i = 0; i + 1 < n && i < TS_TAB_MAX_WORDS; i += 2)
		h += (*(const ts_tab_dword *)&w[i] + 1) * m[i / 2];
	if (n & 1)
		h += (w[n - 1] + 1ULL) * m[TS_TAB_MAX_WORDS / 2];
	h ^= h >> 32;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 29;
	return h | 2;
}

#ifndef __bpf__
/* The hash for seed (userspace: computes the multipliers each time). */
static inline __u64 ts_tab_hash(__u64 seed, const ts_tab_word *w, __u32 n)
{
	__u64 m[TS_TAB_MULTS];

	ts_tab_mults(seed, m);
	return ts_tab_hash_m(seed, m, w, n);
}
#endif

/* Set of a hash, for a table of nsets sets (a power of two). */
TS_TAB_INLINE __u32 ts_tab_set_of(__u64 h, __u32 nsets)
{
	return (__u32)(h >> 40) & (nsets - 1);
}

#endif /* TUNNELSTAT_TABLE_H */
