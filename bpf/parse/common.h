/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The parse cursor shared by every parser under bpf/parse/.
 *
 * The cursor keeps an offset from the start of the frame rather than a
 * packet pointer: every read goes through ts_ptr(), which masks the offset
 * to a bounded range and checks the access against data_end. Bounded
 * offsets keep verifier states comparable across the layer loop, so it
 * prunes instead of exploring every path per iteration.
 *
 * Parser signature: `int parse_X(struct pkt *p)` returns the next layer
 * (enum ts_layer) and advances p->s->off past the whole header only on
 * success; on failure it counts the failure mode and returns TS_L_DONE.
 */
#ifndef TS_PARSE_COMMON_H
#define TS_PARSE_COMMON_H

#include "../maps.h"

/*
 * Largest cursor offset we read at. The verifier marks a bounds check good
 * only while offset + access stays below 64 KiB (MAX_PACKET_OFF), so the
 * cursor is capped well under it; 16 KiB is above any frame the XDP hook
 * hands us (jumbo frames are 9 KB). Reads past it fail like a short frame.
 */
#define TS_MAX_OFF 0x3fff

/* Words of the per-frame seen bitmap: 256 counters (a power of two). */
#define TS_SEEN_WORDS 4

/* What the dispatcher parses next. */
enum ts_layer {
	TS_L_DONE = 0,
	TS_L_ETH,
	TS_L_VLAN,
	TS_L_LLC,
	TS_L_IPV4,
	TS_L_IPV6,
	TS_L_IPV6_EXT,
	TS_L_TCP,
	TS_L_UDP,
	TS_L_ICMP,
	TS_L_ICMPV6,
	TS_L_ESP,
	TS_L_GRE,
	TS_L_PPP,
	TS_L_PPTP,
	TS_L_L2TP,	/* UDP payload on cfg_l2tp_port, or IP protocol 115 */
	TS_L_AH,
	TS_L_ESP_UDP,	/* ESP in UDP (NAT-T) */
	TS_L_NATT,	/* UDP payload on the NAT-T port: keepalive, IKE or ESP */
	TS_L_IKE,	/* ISAKMP header on the IKE port */
	TS_L_IKE_NATT,	/* ISAKMP header after the non-ESP marker */
	TS_L_ARP,
	TS_L_PPPOE,	/* discovery or session stage, by p->s->proto */
	TS_L_IGMP,
	TS_L_OSPF,
	TS_L_RADIUS,
	TS_L_TLS,	/* TS_TLS_RECORDS_PER_STEP records per step */
	TS_L_START,	/* a new frame: count it, then Ethernet */
	TS_L_LIMIT,	/* the layer loop ran out: count layer_limit */
};

/*
 * Per-frame parse state: scalars only, so it can cross the global
 * function ts_layer() (bpf/tunnelstat.bpf.c) by pointer. Each layer is
 * verified once with this state unknown, instead of once per path through
 * the layer loop: verifier cost grows with the sum of the parsers, not
 * their product.
 */
struct ts_pstate {
	__u64 now;		/* ns: pcap time in replay, monotonic live */
	__u64 seen[TS_SEEN_WORDS];	/* counters already bumped in this frame */
	__u32 wire_len;		/* bytes for the counters */
	__u32 off;		/* cursor: offset of the next header */
	__u32 l3_end;		/* offset one past the current IP payload, on the wire */
	__u16 proto;		/* next EtherType or IP protocol (host order) */
	__u8 vlan_depth;
	__u8 ext_depth;		/* IPv6 extension headers in this IPv6 header */
	__u8 in_icmp;		/* parsing the packet quoted by an ICMP error */
	__u8 v6;		/* the innermost IP header is IPv6 */
	__u8 gre_depth;		/* GRE headers parsed so far */
	__u8 pptp_msgs;		/* PPTP messages parsed in this segment */
	__u8 family;		/* 4 or 6: of saddr/daddr */
	__u8 tunnel;		/* enum ts_tunnel_kind: the innermost GRE, PPTP,
				 * L2TP or PPPoE; IP-in-IP only if no other */
	__u8 tcp_flags;		/* last TCP header (not ICMP-quoted) */
	__u8 tcp_seen;		/* a TCP header to track: see ts_tcp_track() */
	__u8 frag_first;	/* the innermost IP packet is a first fragment */
	__u8 layers;		/* layers parsed so far (TS_MAX_LAYERS) */
	__u16 l2_off;		/* offset of the innermost Ethernet header */
	__u8 pppoe_dir;		/* PPPoE session frame sent by the AC (1) or host (0) */
	__u8 tls_records;	/* TLS records parsed in this segment */
	__u8 l2tp_pending;	/* an L2TP message in l2tp_scratch awaits ts_l2tp_track() */
	__u8 pad2;
	__u32 tunnel_id;	/* the tunnel, the same in both directions (ts_enter_tunnel) */
	__u32 tunnel_ref;	/* the tunnel's own ID as this packet carries it:
				 * Call ID, key, tunnel << 16 | session, PPPoE session */
	__be16 tcp_sport;
	__be16 tcp_dport;
	__u32 tcp_seq;		/* host order */
	__u32 tcp_ack;
	__be32 saddr[4];	/* innermost IP header's addresses (see ts_gre_key) */
	__be32 daddr[4];
};

/*
 * 0 -> struct ts_pstate: the live entry's per-frame parse state (see
 * xdp_tunnelstat). XDP does not nest on one CPU, so one slot per CPU.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_pstate);
} frame_state SEC(".maps");

/*
 * Per-CPU scratch for table keys, off the stack: the call chain under
 * the entry shares 512 bytes. One parser at a time uses it (never across
 * a call to another parser).
 */
/* This CPU's coarse clock, read once per jiffy (ts_now_coarse). */
struct ts_clock {
	__u64 jiffies;
	__u64 ns;
};

/*
 * What the tunnel lane's parse found, for its count (bpf/lane.h,
 * ts_tunnel_lane()).
 */
struct ts_lane_tun {
	__u32 plen;		/* GRE payload length */
	__u32 seq, ack;		/* GRE */
	__u32 sig;		/* the frame's lane signature (include/tunnelstat_lane.h) */
	__u16 flags;		/* GRE or L2TP header flags */
	__be16 id;		/* GRE Call ID */
	__u16 tid, sid;		/* L2TP Tunnel and Session ID */
};

union ts_key_scratch {
	struct ts_sa_key sa;
	struct ts_gre_key gre;
	struct ts_l2tp_key l2tp;
	struct {
		__u64 src[2], dst[2];	/* how GRE's and L2TP's keys start */
	} a;
	struct {
		struct ts_l2tp_key k;	/* the key's room (GRE's is shorter) */
		struct ts_lane_tun t;
		__u8 pad[8];
		/* the lane's (ts_clock_coarse_in): past every other member's bytes */
		struct ts_clock clock;
	} lane;
	struct {
		struct ts_pptp_key k, ak;
	} pptp;
};
_Static_assert(__builtin_offsetof(union ts_key_scratch, lane.clock) >= sizeof(struct ts_sa_key) &&
	       __builtin_offsetof(union ts_key_scratch, lane.clock) >=
		       2 * sizeof(struct ts_pptp_key),
	       "the lane's clock shares no byte with a key another parser writes");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, union ts_key_scratch);
} key_scratch SEC(".maps");

/* A parser's view: the frame's bounds and the frame's state. */
struct pkt {
	void *data;
	void *data_end;
	struct ts_pstate *s;
	struct ts_counters *ctr;	/* this CPU's counters, looked up once */
};

/* This CPU's counters (never NULL for key 0 of a per-CPU array). */
static __always_inline struct ts_counters *ts_counters_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&counters, &zero);
}

/*
 * "now" for tables, read once per frame and only when a table needs it:
 * live frames start with now 0 (bpf_ktime_get_ns costs ~36 ns here, more than
 * a whole plain UDP parse); replay sets it from the capture.
 */
static __always_inline __u64 ts_now(struct ts_pstate *st)
{
	if (!st->now)
		st->now = bpf_ktime_get_ns();
	return st->now;
}

/*
 * Entering a tunnel: kind and the packet's own ID (Call ID, key, L2TP
 * tunnel/session). Those IDs differ per direction (RFC 2637 4.1: each
 * side sends the peer's Call ID; L2TP peers assign their own IDs), so the
 * identity TCP tracking keys on is the outer address pair, taken in an
 * order that does not depend on the direction, with the kind.
 */
static __always_inline void ts_enter_tunnel(struct ts_pstate *st, __u8 kind, __u32 ref)
{
	__u32 a = st->saddr[0] ^ st->saddr[1] ^ st->saddr[2] ^ st->saddr[3];
	__u32 b = st->daddr[0] ^ st->daddr[1] ^ st->daddr[2] ^ st->daddr[3];

	st->tunnel = kind;
	st->tunnel_ref = ref;
	/* symmetric in a and b: a sum and a product commute */
	st->tunnel_id = ((a + b) * 0x9E3779B1u) ^ (a * b) ^ kind;
}

/* Bytewise a <= b (addresses in network order). */
static __always_inline int ts_addr_le(const __be32 *a, const __be32 *b)
{
	int i;

	for (i = 0; i < 4; i++)
		if (a[i] != b[i])
			return bpf_ntohl(a[i]) < bpf_ntohl(b[i]);
	return 1;
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_clock);
} clock_cache SEC(".maps");

/*
 * "now" for first/last-seen stamps only: the coarse clock (same
 * CLOCK_MONOTONIC base, tick resolution). Never for differences (RTTs
 * use ts_now). Replay's capture time is used as is.
 *
 * The coarse clock only moves on a tick, when jiffies do: so it is read
 * once per jiffy per CPU and kept. bpf_jiffies64() is inlined by the
 * verifier (a load), bpf_ktime_get_coarse_ns() is a call of ~18 ns here.
 */
static __always_inline __u64 ts_clock_coarse_in(struct ts_clock *c)
{
	__u64 j = bpf_jiffies64();

	if (c->jiffies != j || !c->ns) {
		c->jiffies = j;
		c->ns = bpf_ktime_get_coarse_ns();
	}
	return c->ns;
}

static __always_inline __u64 ts_now_coarse(struct ts_pstate *st)
{
	struct ts_clock *c;
	__u32 zero = 0;
	__u64 j;

	/*
	 * Spelt out, not as st->now ? st->now : ts_clock_coarse_in(...): that
	 * form compiled to code ~5 ns slower on the ESP row (A/B), probably
	 * through the entry's register allocation (docs/DEVELOPING.md).
	 */
	if (st->now)
		return st->now;
	c = bpf_map_lookup_elem(&clock_cache, &zero);
	if (!c)
		return bpf_ktime_get_coarse_ns();
	j = bpf_jiffies64();
	if (c->jiffies != j || !c->ns) {
		c->jiffies = j;
		c->ns = bpf_ktime_get_coarse_ns();
	}
	return c->ns;
}

/*
 * Pointer to len bytes at offset off, or NULL if the frame is shorter.
 * len must be a constant (it is what the verifier proves readable).
 */
static __always_inline void *ts_ptr(const struct pkt *p, __u32 off, __u32 len)
{
	void *ptr;

	if (off > TS_MAX_OFF)
		return NULL;
	ptr = p->data + off;
	if (ptr + len > p->data_end)
		return NULL;
	return ptr;
}

/*
 * ts_ptr() for an offset a loop computes from lengths read off the wire.
 * Compute such offsets in 64 bits from the load of p->s->off on (cast
 * before adding): a u32 sum is zero-extended with a shift pair the compiler
 * may split across a register copy, and then the bound check and the
 * pointer add see two values the verifier cannot relate. Likewise the
 * compiler may check base > max - c and add base + c; the empty asm below
 * stops that (verifier workarounds).
 */
static __always_inline void *ts_ptr_at(const struct pkt *p, __u64 off, __u32 len)
{
	void *ptr;

	/* opaque to the compiler: it may not fold "base + c > max" into "base > max - c" */
	asm volatile("" : "+r"(off));
	if (off > TS_MAX_OFF)
		return NULL;
	ptr = p->data + off;
	if (ptr + len > p->data_end)
		return NULL;
	return ptr;
}

/*
 * Does the frame hold len bytes at off, for a length read off the wire?
 * Checks the last byte, so the verifier never sees a variable-length add.
 */
static __always_inline int ts_has(const struct pkt *p, __u32 off, __u32 len)
{
	if (!len)
		return 1;
	if (len > TS_MAX_OFF)
		return 0;
	return ts_ptr(p, off + len - 1, 1) != NULL;
}

_Static_assert(__TS_C_MAX <= TS_SEEN_WORDS * 64, "the seen bitmap holds every counter");
_Static_assert(TS_SEEN_WORDS * 64 == TS_COUNTER_SLOTS, "id masks fit both");
_Static_assert(sizeof(struct ts_pstate) % 8 == 0, "state copies in 8-byte words");

/*
 * Bump counter id once per frame: a protocol met twice (IP in IP, VLAN in
 * VLAN) counts the frame once, as tshark's frame.protocols does.
 */
static __always_inline void ts_count_in_blk(struct ts_counters *ctr, struct ts_pstate *st,
					    __u32 id)
{
	struct ts_counter *c;
	__u64 bit = 1ULL << (id & 63);
	__u32 w = (id >> 6) & (TS_SEEN_WORDS - 1);

	if (st->seen[w] & bit)
		return;
	st->seen[w] |= bit;
	if (ctr) {
		c = &ctr->c[id & (TS_COUNTER_SLOTS - 1)];
		c->packets++;
		c->bytes += st->wire_len;
	}
}

/* From code without a parse cursor: looks the counters up itself. */
static __always_inline void ts_count_st(struct ts_pstate *st, __u32 id)
{
	ts_count_in_blk(ts_counters_get(), st, id);
}

static __always_inline void ts_count(struct pkt *p, __u32 id)
{
	ts_count_in_blk(p->ctr, p->s, id);
}

/* Bump slot idx of a per-CPU {packets, bytes} array (not deduplicated). */
static __always_inline void ts_count_in(void *map, __u32 idx, const struct pkt *p)
{
	struct ts_counter *c = bpf_map_lookup_elem(map, &idx);

	if (c) {
		c->packets++;
		c->bytes += p->s->wire_len;
	}
}

/* Count a failure mode and stop parsing this frame. */
static __always_inline int ts_fail(struct pkt *p, __u32 id)
{
	ts_count(p, id);
	return TS_L_DONE;
}

/* Bytes of the current IP payload left after the cursor, on the wire. */
static __always_inline __u32 ts_l3_left(const struct pkt *p)
{
	return p->s->l3_end > p->s->off ? p->s->l3_end - p->s->off : 0;
}

#endif /* TS_PARSE_COMMON_H */
