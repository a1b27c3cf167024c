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
 * Concurrency: every field is updated while holding the entry's `lock`
 * word, so packets of one SA on two CPUs serialise (docs/ipsec.md). It is
 * a compare-and-swap lock, not a bpf_spin_lock: a flow table's value is
 * a set of SAs (a map value may hold one bpf_spin_lock only), an mmapable
 * map may hold none, and the lock helpers are calls (~8 ns each here)
 * where the exchange costs a few ns. BPF's
 * cmpxchg and xchg are fully ordered (the kernel memory model's rule for
 * value-returning atomics, which every JIT follows), so the updates stay
 * between the two. The attempts are bounded (TS_SA_SPIN_MAX): a holder
 * that cannot run never makes a waiter spin forever.
 */
#ifndef TS_PARSE_IPSEC_SA_H
#define TS_PARSE_IPSEC_SA_H

#include "common.h"

_Static_assert(TS_REPLAY_WINDOW == 64, "the window is one __u64");

/* SPIs below this are reserved: 0 local use, 1-255 IANA (RFC 4303 2.1) */
#define IPSEC_SPI_MIN 256

struct ts_spin {
	__u64 *lock;
	int held;
};

/* bpf_loop() callback: one attempt; 1 (stop) once the lock is ours. */
static long ts_spin_once(__u64 i, void *arg)
{
	struct ts_spin *s = arg;

	if (!s->lock)
		return 1;
	if (__sync_val_compare_and_swap(s->lock, 0, 1))
		return 0;
	s->held = 1;
	return 1;
}

/*
 * Take an entry's lock word: 0 once held, -1 after TS_SA_SPIN_MAX tries.
 * A few attempts inline (the lock is almost always free), the long wait
 * in bpf_loop(), which the verifier checks once instead of per iteration.
 */
static __always_inline int ts_sa_lock(__u64 *lock)
{
	struct ts_spin s = { .lock = lock };
	int i;

	for (i = 0; i < TS_SA_SPIN_FAST; i++)
		if (!__sync_val_compare_and_swap(lock, 0, 1))
			return 0;
	bpf_loop(TS_SA_SPIN_MAX - TS_SA_SPIN_FAST, ts_spin_once, &s, 0);
	return s.held ? 0 : -1;
}

/*
 * The fast path's try: TS_SA_SPIN_FAST attempts inline and no bpf_loop()
 * (its callback context would sit on the entry's short stack). 0 once
 * held; -1 and the caller goes the slow way (ts_sa_account()).
 */
static __always_inline int ts_sa_trylock(__u64 *lock)
{
	int i;

	for (i = 0; i < TS_SA_SPIN_FAST; i++)
		if (!__sync_val_compare_and_swap(lock, 0, 1))
			return 0;
	return -1;
}

/*
 * ts_sa_account_inl(fast): the lock is busy, take the slow path (which
 * finds the entry this call inserted: _EVICTED says it replaced one).
 */
#define TS_SA_SLOW (-1)
#define TS_SA_SLOW_EVICTED (-2)

/* Release it: a fully ordered exchange, so every update above is visible first. */
static __always_inline void ts_sa_unlock(__u64 *lock)
{
	__sync_lock_test_and_set(lock, 0);
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
 * Account one ESP or AH packet to its SA. Inline: a call costs ~8 ns
 * here (docs/performance.md). Returns 0, or the counter of the failure
 * (the table is full, the lock could not be had).
 */
static __always_inline int ts_sa_account_inl(struct ts_sa_key *key, __u32 seq, __u64 now,
					     __u32 wire_len, int fast)
{
	struct ts_sa *sa;
	int res;

	if (!key)
		return 0;
	sa = ts_tab_find(ipsec_sas, key, TS_IPSEC_SAS_MAX, 1, &res);
	if (!sa)
		return TS_C_ERR_IPSEC_TABLE_FULL;	/* another CPU took the slot */
	if (fast) {
		if (ts_sa_trylock(&sa->lock))
			return res == TS_TAB_EVICTED ? TS_SA_SLOW_EVICTED : TS_SA_SLOW;
	} else if (ts_sa_lock(&sa->lock)) {
		return TS_C_ERR_IPSEC_LOCK_BUSY;
	}
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
	ts_sa_unlock(&sa->lock);
	return res == TS_TAB_EVICTED ? TS_C_ERR_IPSEC_SA_EVICTED : 0;
}

/*
 * The same as a global function, for the slow path (ts_layer): one
 * verified copy for ESP in IP, in UDP and AH, and ts_layer's stack stays
 * small. The live entry's fast path inlines ts_sa_account_inl().
 */
__noinline int ts_sa_account(struct ts_sa_key *key, __u32 seq, __u64 now, __u32 wire_len)
{
	return ts_sa_account_inl(key, seq, now, wire_len, 0);
}

/* Key of the SA carried by the current IP header. */
static __always_inline void ts_sa_key_fill(struct ts_sa_key *k, const struct pkt *p,
					   __be32 spi, __u8 proto, __u8 encap)
{
	union {
		struct {
			__be32 spi;
			__u8 family, proto, encap, pad;
		} k;
		__u64 d;
	} tail = {};

	/* whole words (ts_tab_pair) */
	ts_tab_put_addr(k->src, p->s->saddr);
	ts_tab_put_addr(k->dst, p->s->daddr);
	tail.k.spi = spi;
	tail.k.family = p->s->family;
	tail.k.proto = proto;
	tail.k.encap = encap;
	*(ts_tab_dword *)&k->spi = tail.d;
}

#endif /* TS_PARSE_IPSEC_SA_H */
