/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * GRE. Version 0 (RFC 2784, keys and sequence numbers RFC 2890, routing
 * RFC 1701) and version 1, PPTP's enhanced GRE (RFC 2637 4.1):
 *
 *   flags/version(2): C R K S s Recur(3) A Flags(4) Ver(3)
 *   protocol type(2)
 *   [checksum(2) offset/reserved(2)]  if C (v0; RFC 1701: also if R)
 *   [key(4)]                          if K; v1: payload length(2) Call ID(2)
 *   [sequence(4)]                     if S
 *   [acknowledgment(4)]               if A (v1 only)
 *   [source route entries]            if R (v0, RFC 1701): af(2) off(1) len(1) data, up to len 0
 *
 * v1 must have K, must not have C or R, and carries PPP (0x880B).
 * v0 payloads: IPv4, IPv6 and ARP parsed on, Ethernet (0x6558) parsed on
 * from its own Ethernet header, ERSPAN counted and the mirrored frame
 * parsed on (draft-foschiano-erspan-03):
 *   type I    0x88BE without a sequence number: the frame follows the GRE
 *             header directly;
 *   type II   0x88BE with one: an 8-byte header, version 1
 *             Ver(4) VLAN(12) COS(3) En(2) T(1) Session ID(10) Reserved(12) Index(20)
 *   type III  0x22EB: a 12-byte header, version 2
 *             Ver(4) VLAN(12) COS(3) BSO(2) T(1) Session ID(10) Timestamp(32)
 *             SGT(16) P(1) FT(5) Hw ID(6) D(1) Gra(2) O(1)
 *             and an 8-byte platform-specific subheader when O is set; the
 *             frame type FT is 0 for Ethernet (others are not parsed on).
 */
#ifndef TS_PARSE_GRE_H
#define TS_PARSE_GRE_H

#include "eth.h"

#define GRE_C		0x8000
#define GRE_R		0x4000
#define GRE_K		0x2000
#define GRE_S		0x1000
#define GRE_A		0x0080
#define GRE_VER		0x0007

#define GRE_PROTO_PPP	0x880B
#define GRE_PROTO_TEB	0x6558	/* transparent Ethernet bridging */
#define GRE_PROTO_ERSPAN2 0x88BE	/* ERSPAN type II */
#define GRE_PROTO_ERSPAN3 0x22EB	/* ERSPAN type III */

#define ERSPAN_II_HLEN	8
#define ERSPAN_III_HLEN	12
#define ERSPAN_III_PLAT	8	/* platform-specific subheader (O flag) */

struct ts_grehdr {
	__be16 flags;
	__be16 proto;
};

/*
 * A jump in sequence numbers larger than this is a sender that restarted
 * (or a new call on old IDs), not 65536 lost packets: PPTP's receive
 * window is at most 64 packets (RFC 2637 4.2), so real loss between two
 * packets that arrive never comes near it.
 */
#define TS_GRE_SEQ_RESYNC 65536

/* Sequence a after b, modulo 2^32 (RFC 1982 serial number arithmetic). */
static __always_inline int ts_seq_after(__u32 a, __u32 b)
{
	return (__s32)(a - b) > 0;
}

/*
 * Account one GRE v1 packet to its call direction's entry c: now is the
 * frame's time, wire its length. Shared by parse_gre() and the tunnel
 * lane (bpf/lane.h).
 */
static __always_inline void ts_gre_call_acct(struct ts_gre_call *c, __u64 now, __u32 wire,
					     __u16 plen, __u16 flags, __u32 seq, __u32 ack)
{
	__s32 d;

	if (!c->first_ns)
		c->first_ns = now;
	/*
	 * One call direction is one IP pair, which RSS steers to one CPU (GRE
	 * has no ports to spread it by), so the entry sees one writer: plain
	 * adds. A locked add would cost ~10 ns here, draining the stores the
	 * parse left in the store buffer (docs/performance.md).
	 */
	c->packets++;
	c->bytes += wire;
	c->payload_bytes += plen;
	c->last_ns = now;
	if (!plen)
		c->ack_only++;
	if (flags & GRE_S) {
		if (!(c->flags & TS_GRE_HAVE_SEQ) || (c->flags & TS_GRE_RESYNC_SEQ)) {
			c->seq_max = seq;
			c->flags = (c->flags | TS_GRE_HAVE_SEQ) & ~TS_GRE_RESYNC_SEQ;
		} else {
			d = (__s32)(seq - c->seq_max);
			if (d > TS_GRE_SEQ_RESYNC || d < -TS_GRE_SEQ_RESYNC) {
				c->seq_max = seq;	/* a restarted sender: resync */
			} else if (d > 0) {
				c->lost += d - 1;
				c->seq_max = seq;
			} else if (d == 0) {
				c->duplicates++;
			} else {
				c->reordered++;
				if (c->lost)
					c->lost--;	/* counted lost, arrived late */
			}
		}
	}
	if (flags & GRE_A) {
		if (!(c->flags & TS_GRE_HAVE_ACK) || (c->flags & TS_GRE_RESYNC_ACK) ||
		    ts_seq_after(ack, c->ack_max))
			c->ack_max = ack;
		c->flags = (c->flags | TS_GRE_HAVE_ACK) & ~TS_GRE_RESYNC_ACK;
	}
}

/* Account one GRE v1 packet to its call direction in gre_calls. */
static __always_inline void ts_gre_call_update(struct pkt *p, __be16 call_id, __u16 plen,
					       __u16 flags, __u32 seq, __u32 ack)
{
	union ts_key_scratch *ks;
	struct ts_gre_key *key;
	struct ts_gre_call *c;
	__u32 zero = 0;
	int res;

	ks = bpf_map_lookup_elem(&key_scratch, &zero);
	if (!ks)
		return;
	key = &ks->gre;
	/* whole words (ts_tab_pair) */
	ts_tab_put_addr(key->src, p->s->saddr);
	ts_tab_put_addr(key->dst, p->s->daddr);
	*(ts_tab_dword *)&key->call_id = ts_tab_id_family(call_id, p->s->family);

	c = ts_tab_find(gre_calls, key, TS_GRE_CALLS_MAX, 1, &res);
	if (!c) {
		ts_count(p, TS_C_ERR_GRE_TABLE_FULL);	/* another CPU took the slot */
		return;
	}
	if (res == TS_TAB_EVICTED)
		ts_count(p, TS_C_ERR_GRE_CALL_EVICTED);
	ts_gre_call_acct(c, ts_now_coarse(p->s), p->s->wire_len, plen, flags, seq, ack);
}

/*
 * RFC 1701 routing: walk source route entries up to the empty one.
 * 0 when walked; -1 when a failure was counted.
 */
static __always_inline int ts_gre_skip_routing(struct pkt *p)
{
	__u8 *sre;
	int i;

	for (i = 0; i < TS_MAX_GRE_SRE + 1; i++) {
		sre = ts_ptr(p, p->s->off, 4);	/* af(2) offset(1) length(1) */
		if (!sre) {
			ts_count(p, TS_C_ERR_GRE_OPT_TRUNCATED);
			return -1;
		}
		p->s->off += 4;
		if (!sre[3] && !sre[0] && !sre[1])
			return 0;	/* NULL SRE ends the list */
		if (i == TS_MAX_GRE_SRE)
			break;
		if (!ts_has(p, p->s->off, sre[3])) {
			ts_count(p, TS_C_ERR_GRE_OPT_TRUNCATED);
			return -1;
		}
		p->s->off += sre[3];
	}
	ts_count(p, TS_C_ERR_GRE_ROUTING_LIMIT);
	return -1;
}

/* The ERSPAN header at the cursor (none for type I): the mirrored frame's layer. */
static __always_inline int ts_erspan(struct pkt *p, int type1)
{
	__u8 *h = ts_ptr(p, p->s->off, ERSPAN_III_HLEN);
	__u32 hlen;

	if (!type1) {
		h = ts_ptr(p, p->s->off, ERSPAN_II_HLEN);
		if (!h)
			return ts_fail(p, TS_C_ERR_ERSPAN_TRUNCATED);
		if (h[0] >> 4 == 1) {
			hlen = ERSPAN_II_HLEN;
		} else if (h[0] >> 4 == 2) {
			h = ts_ptr(p, p->s->off, ERSPAN_III_HLEN);
			if (!h)
				return ts_fail(p, TS_C_ERR_ERSPAN_TRUNCATED);
			if ((h[10] >> 2) & 0x1f)
				return TS_L_DONE;	/* not an Ethernet frame */
			hlen = ERSPAN_III_HLEN + (h[11] & 1 ? ERSPAN_III_PLAT : 0);
		} else {
			return ts_fail(p, TS_C_ERR_ERSPAN_BAD_VERSION);
		}
		if (hlen > ts_l3_left(p) || !ts_has(p, p->s->off, hlen))
			return ts_fail(p, TS_C_ERR_ERSPAN_TRUNCATED);
		p->s->off += hlen;
	}
	p->s->vlan_depth = 0;
	return TS_L_ETH;
}

static __always_inline int parse_gre(struct pkt *p)
{
	struct ts_grehdr *g;
	__u16 flags, proto, ver, plen = 0;
	__u32 need, seq = 0, ack = 0, o;
	__be16 call_id = 0;
	__u32 key = 0;
	__be32 *w;

	if (p->s->gre_depth >= TS_MAX_GRE_DEPTH)
		return ts_fail(p, TS_C_ERR_GRE_NEST_LIMIT);
	g = ts_ptr(p, p->s->off, sizeof(*g));
	if (!g || ts_l3_left(p) < sizeof(*g))
		return ts_fail(p, TS_C_ERR_GRE_TRUNCATED);
	flags = bpf_ntohs(g->flags);
	proto = bpf_ntohs(g->proto);
	ver = flags & GRE_VER;
	if (ver > 1)
		return ts_fail(p, TS_C_ERR_GRE_BAD_VERSION);
	if (ver == 1) {
		if (!(flags & GRE_K))
			return ts_fail(p, TS_C_ERR_GRE_V1_NO_KEY);
		if (flags & (GRE_C | GRE_R))
			return ts_fail(p, TS_C_ERR_GRE_V1_CSUM_ROUTING);
		if (proto != GRE_PROTO_PPP)
			return ts_fail(p, TS_C_ERR_GRE_V1_BAD_PROTO);
	}
	/*
	 * Quoted in an ICMP error: cut short by design, and not traffic of the
	 * call. Count the header, do not account or parse on.
	 */
	if (p->s->in_icmp) {
		ts_count(p, TS_C_GRE);
		ts_count(p, ver ? TS_C_GRE_V1 : TS_C_GRE_V0);
		return TS_L_DONE;
	}
	/* every optional word announced must be in the frame */
	need = sizeof(*g);
	if (flags & (GRE_C | GRE_R))
		need += 4;
	if (flags & GRE_K)
		need += 4;
	if (flags & GRE_S)
		need += 4;
	if (ver == 1 && (flags & GRE_A))
		need += 4;
	if (need > ts_l3_left(p) || !ts_has(p, p->s->off, need))
		return ts_fail(p, TS_C_ERR_GRE_OPT_TRUNCATED);

	o = p->s->off + sizeof(*g);
	if (flags & (GRE_C | GRE_R))
		o += 4;
	if (flags & GRE_K) {
		w = ts_ptr(p, o, 4);
		if (!w)
			return ts_fail(p, TS_C_ERR_GRE_OPT_TRUNCATED);
		plen = bpf_ntohs(((__be16 *)w)[0]);
		call_id = ((__be16 *)w)[1];
		key = bpf_ntohl(*w);
		o += 4;
	}
	if (flags & GRE_S) {
		w = ts_ptr(p, o, 4);
		if (!w)
			return ts_fail(p, TS_C_ERR_GRE_OPT_TRUNCATED);
		seq = bpf_ntohl(*w);
		o += 4;
	}
	if (ver == 1 && (flags & GRE_A)) {
		w = ts_ptr(p, o, 4);
		if (!w)
			return ts_fail(p, TS_C_ERR_GRE_OPT_TRUNCATED);
		ack = bpf_ntohl(*w);
		o += 4;
	}

	ts_count(p, TS_C_GRE);
	ts_count(p, ver ? TS_C_GRE_V1 : TS_C_GRE_V0);
	if (flags & GRE_C)
		ts_count(p, TS_C_GRE_CSUM);
	if (flags & GRE_K)
		ts_count(p, TS_C_GRE_KEY);
	if (flags & GRE_S)
		ts_count(p, TS_C_GRE_SEQ);
	if (ver == 1 && (flags & GRE_A))
		ts_count(p, TS_C_GRE_ACK);
	p->s->gre_depth++;
	p->s->off = o;

	if (ver == 1) {
		ts_enter_tunnel(p->s, TS_TUN_PPTP, bpf_ntohs(call_id));
		ts_gre_call_update(p, call_id, plen, flags, seq, ack);
		if (!plen) {
			ts_count(p, TS_C_GRE_ACK_ONLY);
			return TS_L_DONE;
		}
		/* the PPP frame ends where the payload length says */
		if (p->s->off + plen < p->s->l3_end)
			p->s->l3_end = p->s->off + plen;
		return TS_L_PPP;
	}

	ts_enter_tunnel(p->s, TS_TUN_GRE, key);
	if (flags & GRE_R) {
		ts_count(p, TS_C_GRE_ROUTING);
		if (ts_gre_skip_routing(p))
			return TS_L_DONE;
	}
	switch (proto) {
	case GRE_PROTO_TEB:
		ts_count(p, TS_C_GRE_TEB);
		p->s->vlan_depth = 0;
		return TS_L_ETH;
	case GRE_PROTO_ERSPAN2:
	case GRE_PROTO_ERSPAN3:
		ts_count(p, TS_C_GRE_ERSPAN);
		return ts_erspan(p, proto == GRE_PROTO_ERSPAN2 && !(flags & GRE_S));
	case ETH_P_ARP_:
	case ETH_P_RARP_:
		return TS_L_ARP;
	case ETH_P_IP_:
		return TS_L_IPV4;
	case ETH_P_IPV6_:
		return TS_L_IPV6;
	default:
		ts_count(p, TS_C_GRE_OTHER);
		return TS_L_DONE;
	}
}

#endif /* TS_PARSE_GRE_H */
