/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * PPTP control connection (RFC 2637 2.0), at the start of a TCP payload on
 * the control port (1723, cfg_pptp_port):
 *
 *   length(2) PPTP message type(2) = 1 magic cookie(4) = 0x1A2B3C4D
 *   control message type(2) reserved(2) body...
 *
 * Body offsets read here (from the message start, RFC 2637 2.7-2.15):
 *   OCRQ  7: Call ID @12                      (PNS -> PAC)
 *   OCRP  8: Call ID @12 Peer's Call ID @14 result @16 error @17 cause @18
 *   ICRQ  9: Call ID @12                      (PAC -> PNS)
 *   ICRP 10: Call ID @12 Peer's Call ID @14 result @16 error @17
 *   ICCN 11: Peer's Call ID @12               (PAC -> PNS)
 *   CCRQ 12: Call ID @12                      (PNS -> PAC, the PNS's ID)
 *   CDN  13: Call ID @12 result @14 error @15 cause @16 (PAC -> PNS, PAC's ID)
 *   WEN  14: Peer's Call ID @12               (PAC -> PNS, the PNS's ID)
 *   SLI  15: Peer's Call ID @12               (PNS -> PAC, the PAC's ID)
 * One message per dispatcher step, up to TS_MAX_PPTP_MSGS per segment.
 */
#ifndef TS_PARSE_PPTP_H
#define TS_PARSE_PPTP_H

#include "common.h"

#define PPTP_CONTROL_MESSAGE	1
#define PPTP_MAGIC_COOKIE	0x1A2B3C4D
#define PPTP_HDR_LEN		12
/* Fields read from a message: up to the CDN/OCRP cause code. */
#define PPTP_READ_LEN		20
/* The shortest control message (RFC 2637: StopCCRQ/RP, Echo-Request, CCRQ) */
#define PPTP_MIN_LEN		16
/* OCRP/ICRP result code 1: "Connected" / "Connect" */
#define PPTP_RESULT_OK		1

struct ts_pptp_hdr {
	__be16 length;
	__be16 msg_type;
	__be32 cookie;
	__be16 ctrl_type;
	__be16 reserved;
	__be16 w12;	/* @12: Call ID or Peer's Call ID */
	__be16 w14;	/* @14: Peer's Call ID, or CDN result/error */
	__u8 b16;	/* @16: result code, or CDN cause (high byte) */
	__u8 b17;	/* @17: error code */
	__be16 w18;	/* @18: OCRP cause code */
};

/* Fixed message sizes from RFC 2637 2.1-2.15, indexed by control type. */
static __always_inline __u32 ts_pptp_size(__u16 type)
{
	switch (type) {
	case TS_PPTP_SCCRQ: case TS_PPTP_SCCRP: return 156;
	case TS_PPTP_ECHORP: return 20;
	case TS_PPTP_OCRQ: return 168;
	case TS_PPTP_OCRP: return 32;
	case TS_PPTP_ICRQ: return 220;
	case TS_PPTP_ICRP: return 24;
	case TS_PPTP_ICCN: return 28;
	case TS_PPTP_CDN: return 148;
	case TS_PPTP_WEN: return 40;
	case TS_PPTP_SLI: return 24;
	default: return 16;	/* StopCCRQ/RP, Echo-Request, CCRQ */
	}
}

static __always_inline void ts_pptp_key(struct ts_pptp_key *k, const struct pkt *p,
					int pns_is_src, __be16 call_id)
{
	/* whole words (ts_tab_pair) */
	ts_tab_put_addr(k->pns, pns_is_src ? p->s->saddr : p->s->daddr);
	ts_tab_put_addr(k->pac, pns_is_src ? p->s->daddr : p->s->saddr);
	*(ts_tab_dword *)&k->call_id = ts_tab_id_family(call_id, p->s->family);
}

/*
 * The call for key, created if missing (we may have missed the request);
 * fresh: a request starts a new call even if its Call ID was used before.
 */
static __always_inline struct ts_pptp_call *ts_pptp_get_(struct pkt *p, struct ts_pptp_key *k,
							int fresh)
{
	struct ts_pptp_call *c;
	int res;

	c = ts_tab_find(pptp_calls, k, TS_PPTP_CALLS_MAX, 1, &res);
	if (!c) {
		ts_count(p, TS_C_ERR_PPTP_TABLE_FULL);	/* another CPU took the slot */
		return NULL;
	}
	if (res == TS_TAB_FOUND && !fresh)
		return c;
	if (res == TS_TAB_FOUND)
		__builtin_memset(c, 0, sizeof(*c));
	else if (res == TS_TAB_EVICTED)
		ts_count(p, TS_C_ERR_PPTP_CALL_EVICTED);
	c->pns_call_id = k->call_id;
	return c;
}

#define ts_pptp_get(p, k) ts_pptp_get_(p, k, 0)
#define ts_pptp_new(p, k) ts_pptp_get_(p, k, 1)

/*
 * A call is up: restart the GRE sequence analysis of an entry an earlier
 * call with the same Call IDs left (PNS -> PAC carries the PAC's ID, PAC
 * -> PNS the PNS's), so the new call's numbers are not judged against the
 * old ones. Only entries last seen before this call's request are old; the
 * counts stay (nothing counted is dropped). since 0 (request not seen):
 * nothing to judge by, leave them.
 */
static __always_inline void ts_pptp_gre_forget(struct ts_gre_key *g, __u64 since)
{
	int res;
	struct ts_gre_call *old = ts_tab_find(gre_calls, g, TS_GRE_CALLS_MAX, 0, &res);

	if (old && old->last_ns < since)
		old->flags |= TS_GRE_RESYNC_SEQ | TS_GRE_RESYNC_ACK;
}

static __always_inline void ts_pptp_gre_reset(const struct pkt *p, int pns_is_src,
					      __be16 pns_id, __be16 pac_id, __u64 since)
{
	struct ts_gre_key g = {};

	if (!since)
		return;
	__builtin_memcpy(g.src, pns_is_src ? p->s->saddr : p->s->daddr, 16);
	__builtin_memcpy(g.dst, pns_is_src ? p->s->daddr : p->s->saddr, 16);
	g.family = p->s->family;
	g.call_id = pac_id;
	ts_pptp_gre_forget(&g, since);
	__builtin_memcpy(g.src, pns_is_src ? p->s->daddr : p->s->saddr, 16);
	__builtin_memcpy(g.dst, pns_is_src ? p->s->saddr : p->s->daddr, 16);
	g.call_id = pns_id;
	ts_pptp_gre_forget(&g, since);
}

static __always_inline void ts_pptp_alias_set(struct pkt *p, struct ts_pptp_key *ak, __be16 pns_id,
					      __u8 has_pns, __u64 req)
{
	struct ts_pptp_alias *a;
	int res;

	a = ts_tab_find(pptp_alias, ak, TS_PPTP_CALLS_MAX, 1, &res);
	if (!a) {
		ts_count(p, TS_C_ERR_PPTP_TABLE_FULL);	/* another CPU took the slot */
		return;
	}
	if (res == TS_TAB_EVICTED)
		ts_count(p, TS_C_ERR_PPTP_CALL_EVICTED);
	a->requested_ns = req;
	a->pns_call_id = pns_id;
	a->has_pns = has_pns;
}

/* Find the PNS's Call ID for a PAC's (IDs may be 0). 0 if found, else -1. */
static __always_inline int ts_pptp_alias_get(struct ts_pptp_key *ak, __be16 *pns_id)
{
	int res;
	struct ts_pptp_alias *a = ts_tab_find(pptp_alias, ak, TS_PPTP_CALLS_MAX, 0, &res);

	if (!a || !a->has_pns)
		return -1;
	*pns_id = a->pns_call_id;
	return 0;
}

/*
 * Start- and Stop-Control-Connection messages (types 1-4): the pair's row
 * in pptp_ctrl. w holds message bytes 12-15: SCCRP result and error at
 * 14-15; StopCCRQ reason at 12; StopCCRP result and error at 12-13.
 * Global: rare messages, verified once, off the inline path's budget.
 */
__noinline int ts_pptp_ctrl_track(struct ts_pstate *s, __u32 type, __u32 w)
{
	union ts_key_scratch *ks;
	struct ts_pptp_key *k;
	struct ts_pptp_ctrl *c;
	__u32 zero = 0;
	__u8 sender, b12 = w >> 24, b13 = w >> 16, b14 = w >> 8, b15 = w;
	__u64 now, end;
	int res, low;

	if (!s)
		return 0;
	ks = bpf_map_lookup_elem(&key_scratch, &zero);
	if (!ks)
		return 0;
	k = &ks->pptp.k;
	low = ts_addr_le(s->saddr, s->daddr);
	sender = low ? TS_PPTP_CC_LOW : TS_PPTP_CC_HIGH;
	ts_tab_put_addr(k->pns, low ? s->saddr : s->daddr);
	ts_tab_put_addr(k->pac, low ? s->daddr : s->saddr);
	*(ts_tab_dword *)&k->call_id = ts_tab_id_family(0, s->family);
	c = ts_tab_find(pptp_ctrl, k, TS_PPTP_CTRL_MAX, 1, &res);
	if (!c) {
		ts_count_st(s, TS_C_ERR_PPTP_TABLE_FULL);
		return 0;
	}
	if (res == TS_TAB_EVICTED)
		ts_count_st(s, TS_C_ERR_PPTP_CALL_EVICTED);
	now = ts_now_coarse(s);
	/*
	 * A new control connection: an SCCRQ over one already answered, or
	 * an SCCRP (its request missed) over one that ended. The old one
	 * ended, and its calls with it; so did the calls of one never seen,
	 * when an SCCRQ starts the pair's entry (calls seen before it).
	 */
	if ((type == TS_PPTP_SCCRQ && c->state != TS_PPTP_CC_REQUESTED) ||
	    (type == TS_PPTP_SCCRP && c->state >= TS_PPTP_CC_REJECTED)) {
		end = c->stop_ns ? c->stop_ns : c->stopped_ns ? c->stopped_ns : now;
		__builtin_memset(c, 0, sizeof(*c));
		c->prev_end_ns = end;
	}
	/* the SCCRQ, or the first message seen of this connection (its request missed) */
	if (!c->started_ns)
		c->started_ns = now;
	switch (type) {
	case TS_PPTP_SCCRQ:
		c->state = TS_PPTP_CC_REQUESTED;
		c->origin = sender;
		break;
	case TS_PPTP_SCCRP:
		/*
		 * The reply answers the originator. Both sides may have sent an
		 * SCCRQ (RFC 2637 3.1.3: the higher address wins, the other
		 * closes its connection): the one answered is the one kept.
		 */
		c->origin = sender ^ (TS_PPTP_CC_LOW | TS_PPTP_CC_HIGH);
		c->result = b14;
		c->error = b15;
		if (b14 == PPTP_RESULT_OK) {
			c->state = TS_PPTP_CC_ESTABLISHED;
			c->established_ns = now;
		} else {
			c->state = TS_PPTP_CC_REJECTED;
			c->stopped_ns = now;
		}
		break;
	case TS_PPTP_STOPCCRQ:
		c->state = TS_PPTP_CC_STOPPING;
		c->stop_ns = now;
		c->stop_by = sender;
		c->reason = b12;
		break;
	case TS_PPTP_STOPCCRP:
		if (!c->stop_ns) {	/* the request was missed */
			c->stop_ns = now;
			c->stop_by = sender ^ (TS_PPTP_CC_LOW | TS_PPTP_CC_HIGH);
		}
		c->state = TS_PPTP_CC_STOPPED;
		c->stopped_ns = now;
		c->result = b12;
		c->error = b13;
		break;
	default:
		return 0;
	}
	c->last_ns = now;
	return 0;
}

static __always_inline void ts_pptp_track(struct pkt *p, __u16 type, struct ts_pptp_hdr *h)
{
	union ts_key_scratch *ks;
	struct ts_pptp_key *k, *ak;
	struct ts_pptp_alias *al;
	__u32 zero = 0;
	struct ts_pptp_call *c;
	int res;
	__u64 now = ts_now_coarse(p->s), req = 0;
	__be16 id;

	ks = bpf_map_lookup_elem(&key_scratch, &zero);
	if (!ks)
		return;
	/* ts_pptp_key() writes every byte of a key */
	k = &ks->pptp.k;
	ak = &ks->pptp.ak;
	switch (type) {
	case TS_PPTP_OCRQ:			/* PNS -> PAC */
		ts_pptp_key(k, p, 1, h->w12);
		c = ts_pptp_new(p, k);
		if (!c)
			return;
		c->state = TS_PPTP_ST_REQUESTED;
		c->requested_ns = now;
		break;
	case TS_PPTP_OCRP:			/* PAC -> PNS */
		ts_pptp_key(k, p, 0, h->w14);
		c = ts_pptp_get(p, k);
		if (!c)
			return;
		c->pac_call_id = h->w12;
		c->have_pac_id = 1;
		c->result = h->b16;
		c->error = h->b17;
		c->cause = bpf_ntohs(h->w18);
		if (h->b16 == PPTP_RESULT_OK) {
			c->state = TS_PPTP_ST_ESTABLISHED;
			c->established_ns = now;
			ts_pptp_gre_reset(p, 0, h->w14, h->w12, c->requested_ns);
		} else {
			c->state = TS_PPTP_ST_REJECTED;
			c->ended_ns = now;
		}
		ts_pptp_key(ak, p, 0, h->w12);
		ts_pptp_alias_set(p, ak, h->w14, 1, 0);
		break;
	case TS_PPTP_ICRQ:			/* PAC -> PNS, PAC's ID only */
		ts_pptp_key(ak, p, 0, h->w12);
		ts_pptp_alias_set(p, ak, 0, 0, now);
		return;
	case TS_PPTP_ICRP:			/* PNS -> PAC */
		ts_pptp_key(ak, p, 1, h->w14);
		al = ts_tab_find(pptp_alias, ak, TS_PPTP_CALLS_MAX, 0, &res);
		if (al)
			req = al->requested_ns;
		ts_pptp_alias_set(p, ak, h->w12, 1, req);
		ts_pptp_key(k, p, 1, h->w12);
		c = ts_pptp_new(p, k);
		if (!c)
			return;
		c->pac_call_id = h->w14;
		c->have_pac_id = 1;
		c->requested_ns = req ? req : now;
		c->result = h->b16;
		c->error = h->b17;
		if (h->b16 == PPTP_RESULT_OK) {
			c->state = TS_PPTP_ST_REQUESTED;	/* until ICCN */
		} else {
			c->state = TS_PPTP_ST_REJECTED;
			c->ended_ns = now;
		}
		break;
	case TS_PPTP_ICCN:			/* PAC -> PNS, PNS's ID */
	case TS_PPTP_WEN:
		ts_pptp_key(k, p, 0, h->w12);
		c = ts_pptp_get(p, k);
		if (!c)
			return;
		if (type == TS_PPTP_WEN) {
			c->wen++;
		} else {
			c->state = TS_PPTP_ST_ESTABLISHED;
			c->established_ns = now;
			if (c->have_pac_id)
				ts_pptp_gre_reset(p, 0, h->w12, c->pac_call_id, c->requested_ns);
		}
		break;
	case TS_PPTP_CCRQ:			/* PNS -> PAC, PNS's ID */
		ts_pptp_key(k, p, 1, h->w12);
		c = ts_pptp_get(p, k);
		if (!c)
			return;
		c->state = TS_PPTP_ST_CLEARING;
		c->clearing_ns = now;
		break;
	case TS_PPTP_CDN:			/* PAC -> PNS, PAC's ID */
	case TS_PPTP_SLI:			/* PNS -> PAC, PAC's ID */
		ts_pptp_key(ak, p, type == TS_PPTP_SLI, h->w12);
		if (ts_pptp_alias_get(ak, &id))
			return;		/* call never seen: nothing to attach it to */
		ts_pptp_key(k, p, type == TS_PPTP_SLI, id);
		c = ts_pptp_get(p, k);
		if (!c)
			return;
		if (type == TS_PPTP_SLI) {
			c->sli++;
		} else {
			c->state = TS_PPTP_ST_DISCONNECTED;
			c->result = ((__u8 *)&h->w14)[0];
			c->error = ((__u8 *)&h->w14)[1];
			c->cause = (h->b16 << 8) | h->b17;
			c->ended_ns = now;
		}
		break;
	default:
		return;
	}
	c->last_ns = now;
}

static __always_inline int parse_pptp(struct pkt *p)
{
	struct ts_pptp_hdr *h;
	__u32 left = ts_l3_left(p), len, need;
	__u16 type;

	if (!left)
		return TS_L_DONE;
	if (p->s->pptp_msgs >= TS_MAX_PPTP_MSGS)
		return ts_fail(p, TS_C_ERR_PPTP_MSG_LIMIT);
	h = ts_ptr(p, p->s->off, PPTP_HDR_LEN);
	if (!h)
		return ts_fail(p, left < PPTP_HDR_LEN ? TS_C_PPTP_CONTINUATION :
							TS_C_ERR_PPTP_TRUNCATED);
	len = bpf_ntohs(h->length);
	if (bpf_ntohs(h->msg_type) != PPTP_CONTROL_MESSAGE)
		return ts_fail(p, TS_C_ERR_PPTP_BAD_TYPE);
	if (h->cookie != bpf_htonl(PPTP_MAGIC_COOKIE))
		return ts_fail(p, TS_C_ERR_PPTP_BAD_COOKIE);
	type = bpf_ntohs(h->ctrl_type);
	if (type < TS_PPTP_SCCRQ || type >= __TS_PPTP_MAX)
		return ts_fail(p, TS_C_ERR_PPTP_BAD_CTRL_TYPE);
	if (len < ts_pptp_size(type))
		return ts_fail(p, TS_C_ERR_PPTP_BAD_LENGTH);

	ts_count(p, TS_C_PPTP_CONTROL);
	ts_count_in(&pptp_msgs, type, p);
	p->s->pptp_msgs++;
	if (p->s->pptp_msgs == 2)
		ts_count(p, TS_C_PPTP_MULTI);
	/*
	 * A message running on into the next segment is counted; its call
	 * fields are used when this segment holds them (the first 16 or 20
	 * bytes), the rest of it is not parsed.
	 */
	need = (type == TS_PPTP_OCRP || type == TS_PPTP_ICRP || type == TS_PPTP_CDN) ?
	       PPTP_READ_LEN : PPTP_MIN_LEN;
	if (type <= TS_PPTP_STOPCCRP && need <= left) {
		/* control connection: bytes 12-15 (all four types are longer) */
		__u8 *b = ts_ptr(p, p->s->off + 12, 4);

		if (b)
			ts_pptp_ctrl_track(p->s, type, (__u32)b[0] << 24 | (__u32)b[1] << 16 |
						       (__u32)b[2] << 8 | b[3]);
		else
			ts_count(p, TS_C_ERR_PPTP_TRUNCATED);
	} else if (type >= TS_PPTP_OCRQ && need <= left) {
		/*
		 * Copy out the fields the message type needs: 20 bytes, or 16
		 * where only the Call ID is read (Call-Clear-Request is only 16).
		 */
		struct ts_pptp_hdr f = {};
		void *src, *more;

		src = ts_ptr(p, p->s->off, PPTP_MIN_LEN);
		if (src) {
			__builtin_memcpy(&f, src, PPTP_MIN_LEN);
			/* result, error and cause codes at 16-19 */
			if (type == TS_PPTP_OCRP || type == TS_PPTP_ICRP || type == TS_PPTP_CDN) {
				more = ts_ptr(p, p->s->off + PPTP_MIN_LEN, 4);
				if (more)
					__builtin_memcpy(&f.b16, more, 4);
				else
					src = NULL;
			}
		}
		if (src)
			ts_pptp_track(p, type, &f);
		else
			ts_count(p, TS_C_ERR_PPTP_TRUNCATED);
	}
	if (len > left) {
		ts_count(p, TS_C_PPTP_CONTINUATION);
		return TS_L_DONE;
	}
	p->s->off += len;
	return ts_l3_left(p) ? TS_L_PPTP : TS_L_DONE;
}

#endif /* TS_PARSE_PPTP_H */
