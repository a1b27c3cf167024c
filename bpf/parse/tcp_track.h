/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * TCP handshake tracking (RFC 9293 3.5): per connection SYN -> SYN-ACK ->
 * ACK, resets and FINs; per service (server address and port) the counts,
 * log2 round-trip histograms, and SYN flood detection. Runs once per frame
 * after the parse, on the innermost TCP header that was not quoted in an
 * ICMP error, so TCP inside tunnels is tracked the same way, with the
 * tunnel's identity in the connection key.
 *
 * The server is the side that received the SYN. Packets of a connection
 * whose handshake was not seen (a SYN-ACK without its SYN, RST or FIN)
 * update only services already known.
 */
#ifndef TS_TCP_TRACK_H
#define TS_TCP_TRACK_H

#include "tcp.h"

/* floor(log2(v)) for v > 0, 0 for v == 0; branchy but loop-free. */
static __always_inline __u32 ts_ilog2(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) r += 1;
	return r;
}

static __always_inline void ts_rtt_add(__u32 *hist, __u64 ns)
{
	__u32 b = ts_ilog2(ns / 1000);

	if (b >= TS_RTT_BUCKETS)
		b = TS_RTT_BUCKETS - 1;
	__sync_fetch_and_add(&hist[b], 1);
}

/*
 * Slot in tcp_expect for the acknowledgment number a handshake's last ACK
 * carries (the server's ISN + 1). ISNs are random (RFC 6528), so the
 * number alone spreads handshakes over the slots: no need to hash the
 * connection's addresses and ports, which cost a plain ACK ~5 ns here.
 * The slot only filters; ts_tcp_track() checks the connection itself.
 */
static __always_inline __u32 ts_expect_slot(__u32 ack)
{
	return (ack * 0x9E3779B1u) >> (32 - TS_TCP_EXPECT_BITS);
}

/* What a slot holds for an expected ACK number: never 0, an empty slot's value. */
static __always_inline __u64 ts_expect_val(__u32 ack)
{
	return 1ULL << 32 | ack;
}

/*
 * Does this TCP header need the connection tables? SYN, RST and FIN do; a
 * plain ACK only if it may complete a handshake: its slot holds its ACK
 * number. Inline in ts_classify(), so established traffic skips the call.
 */
static __always_inline int ts_tcp_wants(const struct ts_pstate *st)
{
	__u32 slot;
	__u64 *want;

	if (st->tcp_flags & (TCP_SYN | TCP_RST | TCP_FIN))
		return 1;
	if (!(st->tcp_flags & TCP_ACK))
		return 0;
	slot = ts_expect_slot(st->tcp_ack);
	want = bpf_map_lookup_elem(&tcp_expect, &slot);
	return want && *want == ts_expect_val(st->tcp_ack);
}

/* Connection key from the packet: client is src if from_client. */
static __always_inline void ts_conn_key(struct ts_tcp_conn_key *k, const struct ts_pstate *st,
					int from_client)
{
	union {
		struct {
			__be16 cport, sport;
			__u32 tunnel_id;
			__u8 family, tunnel;
			__u8 pad[6];
		} k;
		__u64 d[2];
	} tail = {};

	/* whole words (ts_tab_pair) */
	ts_tab_put_addr(k->client, from_client ? st->saddr : st->daddr);
	ts_tab_put_addr(k->server, from_client ? st->daddr : st->saddr);
	tail.k.cport = from_client ? st->tcp_sport : st->tcp_dport;
	tail.k.sport = from_client ? st->tcp_dport : st->tcp_sport;
	tail.k.tunnel_id = st->tunnel_id;
	tail.k.family = st->family;
	tail.k.tunnel = st->tunnel;
	((ts_tab_dword *)&k->cport)[0] = tail.d[0];
	((ts_tab_dword *)&k->cport)[1] = tail.d[1];
}

/* The service at the server side of the packet; created if create. */
static __always_inline struct ts_tcp_svc *ts_svc_get(struct ts_pstate *st, int server_is_src,
						     int create)
{
	struct ts_tcp_svc_key k = {};
	struct ts_tcp_svc *s;
	int res;

	__builtin_memcpy(k.addr, server_is_src ? st->saddr : st->daddr, 16);
	k.port = server_is_src ? st->tcp_sport : st->tcp_dport;
	k.family = st->family;
	s = ts_tab_find(tcp_services, &k, TS_TCP_SVCS_MAX, create, &res);
	if (res == TS_TAB_RACE)
		ts_count_st(st, TS_C_ERR_TCP_SVC_TABLE_FULL);
	else if (res == TS_TAB_EVICTED)
		ts_count_st(st, TS_C_ERR_TCP_SVC_EVICTED);
	return s;
}

static __always_inline void ts_flood_event(struct ts_pstate *st, struct ts_tcp_svc *s)
{
	struct ts_event *ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);

	if (!ev) {
		ts_count_st(st, TS_C_ERR_EVENT_LOST);
		return;
	}
	__builtin_memset(ev, 0, sizeof(*ev));
	ev->ts_ns = ts_now(st);
	ev->type = TS_EV_SYN_FLOOD;
	ev->syns = s->win_syns;
	ev->completed = s->win_completed;
	ev->window_ms = TS_FLOOD_WINDOW_NS / 1000000;
	__builtin_memcpy(ev->addr, st->daddr, 16);
	ev->port = st->tcp_dport;
	ev->family = st->family;
	bpf_ringbuf_submit(ev, 0);
	ts_count_st(st, TS_C_TCP_FLOOD_EVENT);
}

/* A new SYN to service s: the one-second window and the flood check. */
static __always_inline void ts_flood_syn(struct ts_pstate *st, struct ts_tcp_svc *s)
{
	if (ts_now(st) - s->win_start_ns >= TS_FLOOD_WINDOW_NS) {
		s->win_start_ns = ts_now(st);
		s->win_syns = 0;
		s->win_completed = 0;
		s->win_alerted = 0;
	}
	s->win_syns++;
	if (!s->win_alerted && s->win_syns >= cfg_flood_syns &&
	    (__u64)s->win_completed * 100 < (__u64)s->win_syns * cfg_flood_pct) {
		s->win_alerted = 1;
		ts_flood_event(st, s);
	}
}

/*
 * Global: verified once and called from ts_classify() after the layer
 * loop, so its stack does not add to ts_layer()'s.
 */
__noinline int ts_tcp_track(struct ts_pstate *st)
{
	struct ts_tcp_conn_key k = {};
	struct ts_tcp_conn *c, nc = {};
	struct ts_tcp_svc_counts *n;
	struct ts_tcp_svc *s;
	int from_client = 1, res;
	__u8 f;

	if (!st || !st->tcp_seen)
		return 0;
	f = st->tcp_flags;
	if (f & TCP_SYN) {
		if (f & (TCP_RST | TCP_FIN))
			return 0;	/* invalid: counted by the parser only */
		if (!(f & TCP_ACK)) {			/* SYN: client -> server */
			ts_conn_key(&k, st, 1);
			s = ts_svc_get(st, 0, 1);
			if (!s)
				return 0;
			n = st->tunnel ? &s->inner : &s->outer;
			if (!s->first_ns)
				s->first_ns = ts_now(st);
			s->last_ns = ts_now(st);
			c = ts_tab_find(tcp_conns, &k, TS_TCP_CONNS_MAX, 1, &res);
			/* the same ISN again before the handshake completed */
			if (c && res == TS_TAB_FOUND && (c->state == TS_TCP_SYN_SENT || c->state == TS_TCP_SYN_RCVD) &&
			    c->client_isn == st->tcp_seq) {
				c->syns++;
				c->last_ns = ts_now(st);
				__sync_fetch_and_add(&n->syn_retrans, 1);
				ts_count_st(st, TS_C_TCP_HS_SYN_RETRANS);
				return 0;
			}
			nc.syn_ns = nc.last_ns = ts_now(st);
			nc.syns = 1;
			nc.client_isn = st->tcp_seq;
			nc.tunnel_ref = st->tunnel_ref;
			nc.state = TS_TCP_SYN_SENT;
			if (c)
				*c = nc;
			else
				ts_count_st(st, TS_C_ERR_TCP_CONN_TABLE_FULL);
			if (res == TS_TAB_EVICTED)
				ts_count_st(st, TS_C_ERR_TCP_CONN_EVICTED);
			__sync_fetch_and_add(&n->syn, 1);
			ts_count_st(st, TS_C_TCP_HS_SYN);
			ts_flood_syn(st, s);
			return 0;
		}
		/* SYN-ACK: server -> client */
		ts_conn_key(&k, st, 0);
		c = ts_tab_find(tcp_conns, &k, TS_TCP_CONNS_MAX, 0, &res);
		/* a service is made by a SYN we saw answered, not by backscatter */
		s = ts_svc_get(st, 1, c && c->state == TS_TCP_SYN_SENT);
		if (!s)
			return 0;
		n = st->tunnel ? &s->inner : &s->outer;
		s->last_ns = ts_now(st);
		__sync_fetch_and_add(&n->syn_ack, 1);
		if (c && c->state == TS_TCP_SYN_SENT) {
			__u32 slot = ts_expect_slot(st->tcp_seq + 1);
			__u64 want = ts_expect_val(st->tcp_seq + 1);

			bpf_map_update_elem(&tcp_expect, &slot, &want, BPF_ANY);
			c->state = TS_TCP_SYN_RCVD;
			c->synack_ns = c->last_ns = ts_now(st);
			ts_rtt_add(n->rtt_syn_synack, ts_now(st) - c->syn_ns);
			ts_count_st(st, TS_C_TCP_HS_SYNACK);
		}
		return 0;
	}

	/*
	 * No SYN. A plain ACK matters only from the client (it may complete
	 * the handshake): one lookup. RST and FIN count from either side.
	 */
	ts_conn_key(&k, st, 1);
	c = ts_tab_find(tcp_conns, &k, TS_TCP_CONNS_MAX, 0, &res);
	if (!(f & (TCP_RST | TCP_FIN)) && (!c || c->state != TS_TCP_SYN_RCVD))
		return 0;
	if (!c) {
		ts_conn_key(&k, st, 0);
		c = ts_tab_find(tcp_conns, &k, TS_TCP_CONNS_MAX, 0, &res);
		from_client = 0;
	}
	if (!c) {
		if (!(f & (TCP_RST | TCP_FIN)))
			return 0;
		/* no handshake seen: count on a service we already know */
		s = ts_svc_get(st, 0, 0);
		if (!s)
			s = ts_svc_get(st, 1, 0);
		if (!s)
			return 0;
		n = st->tunnel ? &s->inner : &s->outer;
		if (f & TCP_RST)
			__sync_fetch_and_add(&n->rst, 1);
		if (f & TCP_FIN)
			__sync_fetch_and_add(&n->fin, 1);
		return 0;
	}
	c->last_ns = ts_now(st);
	/* the server is the packet's destination when it comes from the client */
	s = ts_svc_get(st, !from_client, 0);
	n = s ? (st->tunnel ? &s->inner : &s->outer) : NULL;
	if (s)
		s->last_ns = ts_now(st);

	if (from_client && (f & TCP_ACK) && !(f & TCP_RST) && c->state == TS_TCP_SYN_RCVD) {
		__u32 slot = ts_expect_slot(st->tcp_ack);
		__u64 *want;

		/* done: later segments with the same ACK number skip the lookup */
		want = bpf_map_lookup_elem(&tcp_expect, &slot);
		if (want && *want == ts_expect_val(st->tcp_ack))
			*want = 0;
		c->state = TS_TCP_ESTABLISHED;
		c->established_ns = ts_now(st);
		ts_count_st(st, TS_C_TCP_HS_COMPLETED);
		if (n) {
			__sync_fetch_and_add(&n->completed, 1);
			ts_rtt_add(n->rtt_synack_ack, ts_now(st) - c->synack_ns);
			if (ts_now(st) - s->win_start_ns < TS_FLOOD_WINDOW_NS)
				s->win_completed++;
		}
	}
	if (f & TCP_RST) {
		if (!from_client && c->state == TS_TCP_SYN_SENT) {
			ts_count_st(st, TS_C_TCP_HS_REFUSED);
			if (n)
				__sync_fetch_and_add(&n->refused, 1);
		}
		c->state = TS_TCP_RESET;
		if (n)
			__sync_fetch_and_add(&n->rst, 1);
	} else if (f & TCP_FIN) {
		if (c->state != TS_TCP_RESET)
			c->state = TS_TCP_CLOSED;
		if (n)
			__sync_fetch_and_add(&n->fin, 1);
	}
	return 0;
}

#endif /* TS_TCP_TRACK_H */
