/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * PPPoE (RFC 2516): after the Ethernet header (EtherType 0x8863 discovery,
 * 0x8864 session)
 *
 *   ver(4) = 1  type(4) = 1  code(1)  session ID(2)  length(2)  payload
 *
 * Discovery codes: PADI 0x09 (host, broadcast), PADO 0x07 (AC -> host),
 * PADR 0x19 (host -> AC), PADS 0x65 (AC -> host, assigns the session ID;
 * ID 0 with an error tag rejects), PADT 0xA7 (either side). The discovery
 * payload is TLV tags: type(2) length(2) value, up to End-Of-List (0x0000)
 * or the payload's end, walked up to TS_MAX_PPPOE_TAGS. The session stage
 * has code 0x00 and carries one PPP frame of `length` bytes (the protocol
 * field included), parsed by ppp.h.
 *
 * Each session is followed in pppoe_sessions from PADI to PADT: keyed by
 * host MAC, AC MAC and session ID; before the PADS the session ID is 0,
 * before the first PADO the AC is 00:00:00:00:00:00. A PADS moves what
 * discovery learned to the entry with the assigned ID.
 */
#ifndef TS_PARSE_PPPOE_H
#define TS_PARSE_PPPOE_H

#include "eth.h"

#define PPPOE_VER_TYPE	0x11
#define PPPOE_HLEN	6
#define PPPOE_SESSION	0x00
#define PPPOE_PADO	0x07
#define PPPOE_PADI	0x09
#define PPPOE_PADR	0x19
#define PPPOE_PADS	0x65
#define PPPOE_PADT	0xA7

#define PPPOE_TAG_EOL		0x0000
#define PPPOE_TAG_SVC_NAME	0x0101
#define PPPOE_TAG_AC_NAME	0x0102
#define PPPOE_TAG_SVC_ERR	0x0201	/* Service-Name-Error */
#define PPPOE_TAG_GEN_ERR	0x0203	/* Generic-Error; 0x0202 AC-System-Error between */

struct ts_pppoe_hdr {
	__u8 ver_type;
	__u8 code;
	__be16 sid;
	__be16 len;
};

/* The MAC addresses of the Ethernet header that carried this frame. */
static __always_inline struct ethhdr *ts_pppoe_eth(const struct pkt *p)
{
	return ts_ptr(p, p->s->l2_off, sizeof(struct ethhdr));
}

/*
 * The key, written as two whole words (bpf/table.h says why): host, AC
 * (NULL: none yet, as after a PADI) and session ID.
 */
static __always_inline void ts_pppoe_key(struct ts_pppoe_key *k, const __u8 *host,
					 const __u8 *ac, __be16 sid)
{
	union {
		struct ts_pppoe_key k;
		__u64 d[2];
	} u = {};

	__builtin_memcpy(u.k.host, host, 6);
	if (ac)
		__builtin_memcpy(u.k.ac, ac, 6);
	u.k.session_id = sid;
	((ts_tab_dword *)k)[0] = u.d[0];
	((ts_tab_dword *)k)[1] = u.d[1];
}

_Static_assert(sizeof(struct ts_pppoe_key) == 16, "two words");

/* The entry for k, created if missing. */
static __always_inline struct ts_pppoe_session *ts_pppoe_get(struct pkt *p,
							    struct ts_pppoe_key *k)
{
	struct ts_pppoe_session *s;
	int res;

	s = ts_tab_find(pppoe_sessions, k, TS_PPPOE_SESSIONS_MAX, 1, &res);
	if (!s)
		ts_count(p, TS_C_ERR_PPPOE_TABLE_FULL);	/* another CPU took the slot */
	else if (res == TS_TAB_EVICTED)
		ts_count(p, TS_C_ERR_PPPOE_EVICTED);
	return s;
}

#define ts_pppoe_lookup(k) ts_tab_lookup(pppoe_sessions, (k), TS_PPPOE_SESSIONS_MAX)

/*
 * The session entry of a session-stage frame or PADT, whichever side sent
 * it; created with the sender as host if neither orientation is known.
 * Sets p->s->pppoe_dir: 1 when the AC sent the frame.
 */
static __always_inline struct ts_pppoe_session *ts_pppoe_find(struct pkt *p, struct ethhdr *eth,
							     __be16 sid)
{
	struct ts_pppoe_key k = {};
	struct ts_pppoe_session *s;

	ts_pppoe_key(&k, eth->h_dest, eth->h_source, sid);
	s = ts_pppoe_lookup(&k);
	if (s) {
		p->s->pppoe_dir = 1;
		return s;
	}
	ts_pppoe_key(&k, eth->h_source, eth->h_dest, sid);
	p->s->pppoe_dir = 0;
	s = ts_pppoe_lookup(&k);
	if (s)
		return s;
	s = ts_pppoe_get(p, &k);
	if (s)
		s->flags |= TS_PPPOE_F_NO_DISCOVERY;
	return s;
}

/* Tags of a discovery frame in [o, end): counts, and TS_PPPOE_F_* presence bits. */
static __always_inline __u8 ts_pppoe_tags(struct pkt *p, __u64 o, __u64 end)
{
	__u8 seen = 0, *t;
	__u16 type, len;
	int i;

	for (i = 0; i < TS_MAX_PPPOE_TAGS; i++) {
		if (o >= end)
			return seen;
		t = ts_ptr_at(p, o, 4);
		if (!t || o + 4 > end) {
			ts_count(p, TS_C_ERR_PPPOE_TAG_TRUNCATED);
			return seen;
		}
		type = (t[0] << 8) | t[1];
		len = (t[2] << 8) | t[3];
		ts_count_in(&msg_types, TS_MT_PPPOE_TAG * TS_MT_SLOTS + TS_PPPOE_TAG_SLOT(type), p);
		if (type == PPPOE_TAG_EOL)
			return seen;
		if (type == PPPOE_TAG_SVC_NAME) {
			ts_count(p, TS_C_PPPOE_SERVICE_NAME);
			seen |= TS_PPPOE_F_SERVICE_NAME;
		} else if (type == PPPOE_TAG_AC_NAME) {
			ts_count(p, TS_C_PPPOE_AC_NAME);
			seen |= TS_PPPOE_F_AC_NAME;
		} else if (type >= PPPOE_TAG_SVC_ERR && type <= PPPOE_TAG_GEN_ERR) {
			ts_count(p, TS_C_PPPOE_ERROR_TAG);
			seen |= TS_PPPOE_F_ERROR_TAG;
		}
		o += 4 + len;
		if (o > end) {
			ts_count(p, TS_C_ERR_PPPOE_TAG_TRUNCATED);
			return seen;
		}
	}
	if (o < end)
		ts_count(p, TS_C_ERR_PPPOE_TAG_LIMIT);
	return seen;
}

/* The discovery state machine (RFC 2516 5.1-5.5). */
static __always_inline void ts_pppoe_discovery(struct pkt *p, struct ethhdr *eth, __u8 code,
					       __be16 sid, __u8 tags)
{
	struct ts_pppoe_key k = {};
	struct ts_pppoe_session *s, *pend;
	__u64 now = ts_now_coarse(p->s);

	switch (code) {
	case PPPOE_PADI:			/* host -> broadcast: AC unknown */
		ts_pppoe_key(&k, eth->h_source, NULL, 0);
		s = ts_pppoe_get(p, &k);
		if (!s)
			return;
		if (!s->padi_ns)
			s->padi_ns = now;
		if (!s->state)
			s->state = TS_PPPOE_ST_INITIATED;
		break;
	case PPPOE_PADO:			/* AC -> host */
	case PPPOE_PADR:			/* host -> AC */
		if (code == PPPOE_PADO)
			ts_pppoe_key(&k, eth->h_dest, eth->h_source, 0);
		else
			ts_pppoe_key(&k, eth->h_source, eth->h_dest, 0);
		s = ts_pppoe_get(p, &k);
		if (!s)
			return;
		if (code == PPPOE_PADO) {
			s->pado_ns = now;
			if (s->state < TS_PPPOE_ST_OFFERED)
				s->state = TS_PPPOE_ST_OFFERED;
			if (!s->padi_ns) {
				/* the PADI this answers: the host's entry without an AC */
				ts_pppoe_key(&k, eth->h_dest, NULL, 0);
				pend = ts_pppoe_lookup(&k);
				if (pend)
					s->padi_ns = pend->padi_ns;
			}
		} else {
			s->padr_ns = now;
			if (s->state < TS_PPPOE_ST_REQUESTED)
				s->state = TS_PPPOE_ST_REQUESTED;
		}
		break;
	case PPPOE_PADS:			/* AC -> host */
		ts_pppoe_key(&k, eth->h_dest, eth->h_source, sid);
		s = ts_pppoe_get(p, &k);
		if (!s)
			return;
		s->pads_ns = now;
		if (!sid) {
			/* the pending entry itself ends here */
			s->state = TS_PPPOE_ST_REJECTED;
		} else {
			if (s->state < TS_PPPOE_ST_CONFIRMED)
				s->state = TS_PPPOE_ST_CONFIRMED;
			/* carry over the discovery so far, then drop the pending entry */
			ts_pppoe_key(&k, eth->h_dest, eth->h_source, 0);
			pend = ts_pppoe_lookup(&k);
			if (pend) {
				s->padi_ns = pend->padi_ns;
				s->pado_ns = pend->pado_ns;
				s->padr_ns = pend->padr_ns;
				s->flags |= pend->flags;
				ts_tab_free(pppoe_sessions, pend, &k);
			}
		}
		/* and the host's PADI entry, which had no AC yet */
		ts_pppoe_key(&k, eth->h_dest, NULL, 0);
		pend = ts_pppoe_lookup(&k);
		if (pend) {
			if (!s->padi_ns)
				s->padi_ns = pend->padi_ns;
			ts_tab_free(pppoe_sessions, pend, &k);
		}
		break;
	case PPPOE_PADT:			/* either side */
		s = ts_pppoe_find(p, eth, sid);
		if (!s)
			return;
		s->padt_ns = now;
		s->state = TS_PPPOE_ST_TERMINATED;
		if (p->s->pppoe_dir)
			s->flags |= TS_PPPOE_F_PADT_BY_AC;
		break;
	default:
		return;
	}
	s->flags |= tags;
	s->last_ns = now;
}

static __always_inline int parse_pppoe(struct pkt *p)
{
	struct ts_pppoe_hdr *h = ts_ptr(p, p->s->off, sizeof(*h));
	struct ts_pppoe_session *s;
	struct ethhdr *eth;
	__u32 len, end;
	__u8 tags, code;
	__be16 sid;
	int dir;

	if (!h)
		return ts_fail(p, TS_C_ERR_PPPOE_TRUNCATED);
	if (h->ver_type != PPPOE_VER_TYPE)
		return ts_fail(p, TS_C_ERR_PPPOE_BAD_VERSION);
	len = bpf_ntohs(h->len);
	end = p->s->off + PPPOE_HLEN + len;
	if (end > p->s->l3_end)
		return ts_fail(p, TS_C_ERR_PPPOE_LEN_BEYOND_FRAME);
	eth = ts_pppoe_eth(p);
	if (!eth)
		return ts_fail(p, TS_C_ERR_PPPOE_TRUNCATED);

	if (p->s->proto == ETH_P_PPPOED_) {
		ts_count(p, TS_C_PPPOE_DISCOVERY);
		ts_count_in(&msg_types, TS_MT_PPPOE_CODE * TS_MT_SLOTS + h->code, p);
		code = h->code;
		sid = h->sid;
		/* 64-bit from the load on: see ts_ptr_at() */
		tags = ts_pppoe_tags(p, (__u64)p->s->off + PPPOE_HLEN, end);
		ts_pppoe_discovery(p, eth, code, sid, tags);
		p->s->off = end;
		return TS_L_DONE;
	}

	if (h->code != PPPOE_SESSION)
		return ts_fail(p, TS_C_ERR_PPPOE_BAD_CODE);
	ts_count(p, TS_C_PPPOE_SESSION);
	ts_count_in(&msg_types, TS_MT_PPPOE_CODE * TS_MT_SLOTS + PPPOE_SESSION, p);
	/*
	 * The session ID marks the tunnel both ways; what ts_enter_tunnel()
	 * derives from outer IP addresses is nothing here (PPPoE is layer 2)
	 * unless the frame came bridged over IP (GRE TEB).
	 */
	ts_enter_tunnel(p->s, TS_TUN_PPPOE, bpf_ntohs(h->sid));
	p->s->tunnel_id ^= bpf_ntohs(h->sid) * 0x85EBCA6Bu;
	s = ts_pppoe_find(p, eth, h->sid);
	if (s) {
		dir = p->s->pppoe_dir & 1;
		/* the coarse clock, as every stamp of the row (common.h) */
		if (!s->first_ns)
			s->first_ns = ts_now_coarse(p->s);
		s->last_ns = ts_now_coarse(p->s);
		if (s->state < TS_PPPOE_ST_ACTIVE)
			s->state = TS_PPPOE_ST_ACTIVE;
		/* one session is one MAC pair: one CPU under RSS, the sums atomic anyway */
		__sync_fetch_and_add(&s->packets[dir], 1);
		__sync_fetch_and_add(&s->bytes[dir], p->s->wire_len);
	}
	/* the PPP frame ends where the payload length says (Ethernet pads) */
	p->s->off += PPPOE_HLEN;
	p->s->l3_end = end;
	return TS_L_PPP;
}

/*
 * PPP hook (called by ppp.h for control protocols inside a PPPoE session):
 * per-session control counts, the PAP/CHAP outcome (RFC 1334 2.2, RFC 1994
 * 4) and the addresses IPCP settled on (RFC 1332 3.3): each side requests
 * its own IP-Address, so a Configure-Ack sent by the AC carries the host's
 * address and one sent by the host carries the AC's. c points at the
 * control packet: code(1) id(1) length(2) options.
 */
#define PPP_CONF_ACK	2
#define PPP_TERM_REQ	5
#define PAP_ACK		2
#define PAP_NAK		3
#define CHAP_SUCCESS	3
#define CHAP_FAILURE	4
#define IPCP_OPT_ADDR	3	/* IP-Address: type(1) len(1) = 6 address(4) */

static __always_inline void ts_pppoe_ipcp_ack(struct pkt *p, struct ts_pppoe_session *s, __u32 len)
{
	__u64 o = (__u64)p->s->off + 4, end = (__u64)p->s->off + len;
	__u8 *opt, *a;
	int i;

	if (end > p->s->l3_end)
		end = p->s->l3_end;
	for (i = 0; i < TS_MAX_PPP_OPTS; i++) {
		if (o + 2 > end)
			return;
		opt = ts_ptr_at(p, o, 2);
		if (!opt || opt[1] < 2)
			return;
		if (opt[0] == IPCP_OPT_ADDR && opt[1] == 6) {
			a = ts_ptr_at(p, o + 2, 4);
			if (!a || o + 6 > end)
				return;
			if (p->s->pppoe_dir)
				__builtin_memcpy(&s->host_ip, a, 4);
			else
				__builtin_memcpy(&s->ac_ip, a, 4);
			return;
		}
		o += opt[1];
	}
	if (o + 2 <= end)
		ts_count(p, TS_C_ERR_PPP_OPT_LIMIT);
}

static __always_inline void ts_pppoe_ppp(struct pkt *p, __u32 idx, const __u8 *c)
{
	struct ethhdr *eth = ts_pppoe_eth(p);
	struct ts_pppoe_key k = {};
	struct ts_pppoe_session *s;
	__be16 sid = bpf_htons((__u16)p->s->tunnel_ref);
	__u8 code = c[0];

	if (!eth)
		return;
	if (p->s->pppoe_dir)
		ts_pppoe_key(&k, eth->h_dest, eth->h_source, sid);
	else
		ts_pppoe_key(&k, eth->h_source, eth->h_dest, sid);
	s = ts_pppoe_lookup(&k);
	if (!s)
		return;
	if (idx < TS_PPP_CTRL_PROTOS)
		__sync_fetch_and_add(&s->ppp_ctrl[idx], 1);
	switch (idx) {
	case TS_PPP_LCP:
		if (code == PPP_TERM_REQ)
			s->flags |= TS_PPPOE_F_LCP_TERM;
		break;
	case TS_PPP_PAP:
	case TS_PPP_CHAP:
		if (idx == TS_PPP_PAP ? (code != PAP_ACK && code != PAP_NAK) :
					(code != CHAP_SUCCESS && code != CHAP_FAILURE))
			break;
		s->auth_proto = idx == TS_PPP_PAP ? TS_AUTH_PAP : TS_AUTH_CHAP;
		s->auth_result = (code == PAP_ACK && idx == TS_PPP_PAP) ||
				 (code == CHAP_SUCCESS && idx == TS_PPP_CHAP) ?
				 TS_AUTH_SUCCESS : TS_AUTH_FAILURE;
		s->auth_ns = ts_now_coarse(p->s);
		break;
	case TS_PPP_IPCP:
		if (code == PPP_CONF_ACK)
			ts_pppoe_ipcp_ack(p, s, (c[2] << 8) | c[3]);
		break;
	}
}

#endif /* TS_PARSE_PPPOE_H */
