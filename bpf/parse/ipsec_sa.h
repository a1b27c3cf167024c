/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Per-SA sequence accounting for ESP (RFC 4303 3.4.3) and AH (RFC 4302
 * 3.4.3): a passive copy of the receiver's anti-replay window, watched
 * from the wire.
 *
 * The window holds TS_REPLAY_WINDOW sequence numbers ending at seq_max;
 * bit i of `window` says seq_max - i arrived. For each packet with
 * sequence s (modulo 2^32, RFC 1982):
 *   s ahead of seq_max by d  the window slides by d: numbers leaving it
 *                            unset are gaps, numbers jumped over entirely
 *                            too; seq_max = s
 *   s == seq_max, or s inside the window with its bit set: duplicate
 *   s inside the window, bit clear: reordered (set the bit)
 *   s behind the window: too_old, unless s <= TS_RESTART_SEQ, which is a
 *                        restart: the unset numbers still in the window
 *                        are gaps, then the window starts over at s
 * A forward step of at most one window across 2^32 (ESN low bits
 * wrapping) is a step, not a restart.
 *
 * Concurrency: every field is updated under a bpf_spin_lock chosen by a
 * hash of the SA's key (ts_sa_lock_of), so packets of one SA on two CPUs
 * serialise (docs/ipsec.md). The lock lives in an array because LRU hash
 * maps refuse values with a lock (EOPNOTSUPP).
 */
#ifndef TS_PARSE_IPSEC_SA_H
#define TS_PARSE_IPSEC_SA_H

#include "common.h"

_Static_assert(TS_REPLAY_WINDOW == 64, "the window is one __u64");

/* SPIs below this are reserved: 0 local use, 1-255 IANA (RFC 4303 2.1) */
#define IPSEC_SPI_MIN 256

/*
 * The lock for a table key of n 32-bit words: a multiplicative hash
 * (Knuth's 2^32 / golden ratio) folded over the words, top bits kept.
 */
static __always_inline struct bpf_spin_lock *ts_sa_lock_of(const __u32 *w, int n)
{
	struct ts_sa_lock *l;
	__u32 h = 0, idx;
	int i;

	for (i = 0; i < n; i++)
		h = (h ^ w[i]) * 0x9E3779B1u;
	idx = h >> (32 - TS_SA_LOCK_BITS);
	l = bpf_map_lookup_elem(&ipsec_locks, &idx);
	return l ? &l->lock : NULL;
}

/* Set bits of the window bits in v (popcount; LLVM expands it for BPF). */
static __always_inline __u64 ts_bits(__u64 v)
{
	return __builtin_popcountll(v);
}

/* Window bits that stand for numbers this SA was watched for. */
static __always_inline __u64 ts_span_mask(__u32 span)
{
	return span >= TS_REPLAY_WINDOW ? ~0ULL : (1ULL << span) - 1;
}

/* Move the window for sequence seq. Caller holds sa->lock. */
static __always_inline void ts_window_update(struct ts_sa *sa, __u32 seq)
{
	__u32 top = sa->seq_max, span = sa->span, d, back;
	__u64 w = sa->window, valid = ts_span_mask(span);

	if (seq <= TS_RESTART_SEQ && top > seq && top - seq >= TS_REPLAY_WINDOW &&
	    seq - top > TS_REPLAY_WINDOW) {
		sa->gaps += ts_bits(~w & valid);
		sa->restarts++;
		sa->seq_max = seq;
		sa->window = 1;
		sa->span = 1;
		return;
	}
	d = seq - top;
	if ((__s32)d > 0) {
		if (d >= TS_REPLAY_WINDOW) {
			sa->gaps += ts_bits(~w & valid) + (d - TS_REPLAY_WINDOW);
			w = 1;
			span = TS_REPLAY_WINDOW;
		} else {
			/* old bits W-d .. W-1 leave: their numbers are final now */
			sa->gaps += ts_bits(~(w >> (TS_REPLAY_WINDOW - d)) &
					    (valid >> (TS_REPLAY_WINDOW - d)));
			w = (w << d) | 1;
			span += d;
			if (span > TS_REPLAY_WINDOW)
				span = TS_REPLAY_WINDOW;
		}
		sa->seq_max = seq;
		sa->window = w;
		sa->span = span;
		return;
	}
	back = top - seq;
	if (back >= TS_REPLAY_WINDOW) {
		sa->too_old++;
	} else if (w & (1ULL << back)) {
		sa->duplicates++;
	} else {
		sa->window = w | (1ULL << back);
		sa->reordered++;
	}
}

/*
 * Account one ESP or AH packet to its SA. Global (__noinline): ESP in IP,
 * ESP in UDP and AH share one verified copy. Returns 0, or the counter of
 * the failure (the table is full).
 */
__noinline int ts_sa_account(struct ts_sa_key *key, __u32 seq, __u64 now, __u32 wire_len)
{
	struct bpf_spin_lock *lock;
	struct ts_sa *sa;

	if (!key)
		return 0;
	sa = bpf_map_lookup_elem(&ipsec_sas, key);
	if (!sa) {
		/* -EEXIST if another CPU won the race: the lookup finds its entry */
		bpf_map_update_elem(&ipsec_sas, key, &ts_zero_sa, BPF_NOEXIST);
		sa = bpf_map_lookup_elem(&ipsec_sas, key);
		if (!sa)
			return TS_C_ERR_IPSEC_TABLE_FULL;
	}
	lock = ts_sa_lock_of((const __u32 *)key, sizeof(*key) / 4);
	if (!lock)
		return 0;	/* cannot happen: the index is masked to the array */
	bpf_spin_lock(lock);
	sa->packets++;
	sa->bytes += wire_len;
	sa->last_ns = now;
	if (sa->packets == 1) {
		sa->first_ns = now;
		sa->seq_max = seq;
		sa->window = 1;
		sa->span = 1;
	} else {
		ts_window_update(sa, seq);
	}
	bpf_spin_unlock(lock);
	return 0;
}

/* Key of the SA carried by the current IP header. */
static __always_inline void ts_sa_key_fill(struct ts_sa_key *k, const struct pkt *p,
					   __be32 spi, __u8 proto, __u8 encap)
{
	__builtin_memcpy(k->src, p->s->saddr, 16);
	__builtin_memcpy(k->dst, p->s->daddr, 16);
	k->spi = spi;
	k->family = p->s->family;
	k->proto = proto;
	k->encap = encap;
}

#endif /* TS_PARSE_IPSEC_SA_H */
