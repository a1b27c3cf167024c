/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * L2TP. Version 2 (RFC 2661) over UDP, version 3 (RFC 3931) over UDP and
 * straight over IP (protocol 115). The UDP port is cfg_l2tp_port (1701),
 * in either direction. All fields are big-endian on the wire; the IDs
 * handed to the tables are converted to host order.
 *
 * v2 header (RFC 2661 3.1), optional fields present as their bits say:
 *   flags/version(2): T L x x S x O P x x x x Ver(4) = 2
 *   [Length(2)]                 if L; the whole message, header included
 *   Tunnel ID(2) Session ID(2)
 *   [Ns(2) Nr(2)]               if S
 *   [Offset Size(2) padding]    if O; padding of Offset Size bytes
 * Control messages (T) must carry L and S (RFC 2661 3.1); data messages
 * carry a PPP frame (parsed on by parse_ppp, ending where Length says).
 *
 * v3 control header (RFC 3931 3.2.1), over UDP, or over IP after a zero
 * Session ID (4.1.1.1): flags/version(2): T=1 L=1 x x S=1 ... Ver(4) = 3,
 * Length(2), Control Connection ID(4), Ns(2), Nr(2). Length counts from
 * the flags, not from the zero Session ID.
 * v3 data: over IP Session ID(4) != 0; over UDP flags/version(2) T=0,
 * reserved(2), Session ID(4). A cookie and the L2-specific sublayer follow
 * whose lengths are configuration, not on the wire: the payload is counted,
 * not parsed.
 *
 * Control message bodies are AVPs (RFC 2661 4.1):
 *   M H rsvd(4) Length(10) | Vendor ID(2) | Attribute Type(2) | value
 * Length counts the 6-byte header; the first AVP must be the Message Type
 * (type 0, vendor 0). Taken here: Message Type (0), Result Code (1: result
 * (2) [error (2)]), Assigned Tunnel ID (9), Assigned Session ID (14), and
 * for v3 Assigned Control Connection ID (61), Local Session ID (63) and
 * Remote Session ID (64). Hidden AVPs (H) are counted, never decoded. A
 * control message with no AVP at all is a ZLB acknowledgment (RFC 2661
 * 5.8). At most TS_MAX_L2TP_AVPS AVPs are walked.
 */
#ifndef TS_PARSE_L2TP_H
#define TS_PARSE_L2TP_H

#include "ip.h"

#define L2TP_T		0x8000	/* control message */
#define L2TP_L		0x4000	/* Length present */
#define L2TP_S		0x0800	/* Ns, Nr present */
#define L2TP_O		0x0200	/* Offset Size present (v2) */
#define L2TP_P		0x0100	/* priority (v2 data) */
#define L2TP_VER	0x000F

#define L2TP_V3_CTRL_LEN	12	/* flags, Length, CCID, Ns, Nr */
#define L2TP_V3_UDP_DATA_LEN	8	/* flags, reserved, Session ID */

#define L2TP_AVP_HIDDEN		0x40	/* in the first byte */
#define L2TP_AVP_LEN_MASK	0x03FF
#define L2TP_AVP_HDR_LEN	6

/* IETF attribute types (vendor 0) read here */
#define L2TP_AVP_MSG_TYPE	0
#define L2TP_AVP_RESULT		1
#define L2TP_AVP_TUNNEL_ID	9
#define L2TP_AVP_SESSION_ID	14
#define L2TP_AVP_CCID		61	/* v3 Assigned Control Connection ID */
#define L2TP_AVP_LOCAL_SID	63	/* v3 */
#define L2TP_AVP_REMOTE_SID	64	/* v3 */

/* struct ts_l2tp_msg.flags */
#define L2TP_M_CONTROL	0x01
#define L2TP_M_ZLB	0x02
#define L2TP_M_TYPE	0x04	/* msg_type read */
#define L2TP_M_ATID	0x08	/* assigned_tid read */
#define L2TP_M_ASID	0x10	/* assigned_sid read */
#define L2TP_M_RESULT	0x20	/* result (and error) read */
#define L2TP_M_HIDDEN	0x40	/* a hidden AVP was seen */

/*
 * A verifier workaround: the bounds check in ts_ptr() must test the offset
 * itself. Without this the compiler tests `base > MAX - k` for an offset
 * base + k and then adds k unchecked, which the verifier refuses.
 */
static __always_inline __u8 *ts_l2tp_at(const struct pkt *p, __u32 off, __u32 len)
{
	asm volatile("" : "+r"(off));
	return ts_ptr(p, off, len);
}

static __always_inline __u16 ts_get16(const __u8 *b)
{
	return ((__u16)b[0] << 8) | b[1];
}

static __always_inline __u32 ts_get32(const __u8 *b)
{
	return ((__u32)b[0] << 24) | ((__u32)b[1] << 16) | ((__u32)b[2] << 8) | b[3];
}

/* ---- tables ------------------------------------------------------------ */

/* k->a, k->b from the packet's addresses: a = source if a_is_src. */
static __always_inline void ts_l2tp_kaddr(struct ts_l2tp_key *k, const struct ts_pstate *s,
					  int a_is_src)
{
	/* whole words (ts_tab_pair) */
	ts_tab_put_addr(k->a, a_is_src ? s->saddr : s->daddr);
	ts_tab_put_addr(k->b, a_is_src ? s->daddr : s->saddr);
}

/* Lookup, inserting a zeroed entry if missing. A new tunnel or call has
 * state 0 until its creator sets one. */
#define ts_l2tp_get(map, k, entries)						\
	({									\
		int r_;								\
		void *v_ = ts_tab_find(map, k, entries, 1, &r_);		\
									\
		if (r_ == TS_TAB_EVICTED)					\
			ts_count_st(s, TS_C_ERR_L2TP_EVICTED);			\
		v_;								\
	})

/*
 * The tunnel in which `owner` (the source if owner_is_src, else the
 * destination) assigned Tunnel ID id: the LAC's ID is the tunnel's key,
 * the LNS's an alias of it. On success *k is the tunnel's key.
 */
static __always_inline struct ts_l2tp_tunnel *
ts_l2tp_find_tunnel(struct ts_l2tp_key *k, const struct ts_pstate *s, int owner_is_src, __u32 id)
{
	struct ts_l2tp_tunnel *t;
	struct ts_l2tp_alias *al;

	ts_l2tp_kaddr(k, s, owner_is_src);
	k->tunnel_id = id;
	k->session_id = 0;
	k->kind = 0;
	t = ts_tab_lookup(l2tp_tunnels, k, TS_L2TP_TUNNELS_MAX);
	if (t)
		return t;
	k->kind = TS_L2TP_ALIAS_TUNNEL;
	al = ts_tab_lookup(l2tp_alias, k, TS_L2TP_ALIAS_MAX);
	if (!al)
		return NULL;
	ts_l2tp_kaddr(k, s, !owner_is_src);
	k->tunnel_id = al->id;
	k->kind = 0;
	return ts_tab_lookup(l2tp_tunnels, k, TS_L2TP_TUNNELS_MAX);
}

/*
 * The call in tunnel lac_tid in which `owner` assigned Session ID sid:
 * the requester's ID is the call's key, the responder's an alias of it.
 */
static __always_inline struct ts_l2tp_call *
ts_l2tp_find_call(struct ts_l2tp_key *k, const struct ts_pstate *s, int owner_is_src,
		  __u32 lac_tid, __u32 sid)
{
	struct ts_l2tp_alias *al;
	struct ts_l2tp_call *c;

	ts_l2tp_kaddr(k, s, owner_is_src);
	k->tunnel_id = lac_tid;
	k->session_id = sid;
	k->kind = 0;
	c = ts_tab_lookup(l2tp_calls, k, TS_L2TP_CALLS_MAX);
	if (c)
		return c;
	k->kind = TS_L2TP_ALIAS_CALL;
	al = ts_tab_lookup(l2tp_alias, k, TS_L2TP_ALIAS_MAX);
	if (!al)
		return NULL;
	ts_l2tp_kaddr(k, s, !owner_is_src);
	k->session_id = al->id;
	k->kind = 0;
	return ts_tab_lookup(l2tp_calls, k, TS_L2TP_CALLS_MAX);
}

/* Record in l2tp_alias that key k (with kind set) stands for id. */
static __always_inline void ts_l2tp_alias_set(struct ts_pstate *s, struct ts_l2tp_msg *m,
					      struct ts_l2tp_key *k,
					      __u32 id)
{
	struct ts_l2tp_alias *a = ts_l2tp_get(l2tp_alias, k, TS_L2TP_ALIAS_MAX);

	(void)m;
	if (a)
		a->id = id;
}

/*
 * Control connection sequence (RFC 2661 5.8, RFC 3931 4.2): every control
 * message takes the next Ns but a ZLB and an L2TPv3 explicit ACK (type
 * 20), which carry the next Ns without taking it. Ns and Nr compare
 * modulo 2^16.
 */
static __always_inline void ts_l2tp_seq(struct ts_l2tp_sess *r, const struct ts_l2tp_msg *m)
{
	int takes_ns = !(m->flags & L2TP_M_ZLB) &&
		       !((m->flags & L2TP_M_TYPE) && m->msg_type == TS_L2TP_ACK);
	__s16 d;

	if (takes_ns) {
		if (!r->have_ns) {
			r->ns_max = m->ns;
			r->have_ns = 1;
		} else {
			d = (__s16)(m->ns - r->ns_max);
			if (d > 0) {
				r->gaps += d - 1;
				r->ns_max = m->ns;
			} else {
				r->retransmits++;
			}
		}
	}
	if (!r->have_nr || (__s16)(m->nr - r->nr_max) > 0) {
		r->nr_max = m->nr;
		r->have_nr = 1;
	}
}

/*
 * Tunnel and session lifecycle from one control message (its Message Type
 * known). Messages name a tunnel by the receiver's Tunnel ID (or, in a
 * StopCCN sent before one was assigned, by the sender's Assigned Tunnel
 * ID) and a session by the receiver's Session ID (or, in such a CDN, the
 * sender's Assigned Session ID). k carries version and family in.
 */
static __always_inline void ts_l2tp_lifecycle(struct ts_pstate *s, struct ts_l2tp_msg *m,
					      struct ts_l2tp_key *k)
{
	__u32 type = m->msg_type, f = m->flags, lac_tid;
	struct ts_l2tp_tunnel *t;
	struct ts_l2tp_call *c;

	if (type == TS_L2TP_SCCRQ) {
		if (!(f & L2TP_M_ATID))
			return;
		ts_l2tp_kaddr(k, s, 1);
		k->tunnel_id = m->assigned_tid;
		k->session_id = 0;
		k->kind = 0;
		t = ts_l2tp_get(l2tp_tunnels, k, TS_L2TP_TUNNELS_MAX);
		if (!t)
			goto full;
		if (!t->state) {
			t->lac_tunnel_id = m->assigned_tid;
			t->started_ns = ts_now_coarse(s);
			t->state = TS_L2TP_ST_REQUESTED;
		}
		return;
	}
	if (type == TS_L2TP_SCCRP) {
		/* header: the LAC's Tunnel ID; AVP: the LNS's */
		if (!(f & L2TP_M_ATID) || !m->tunnel_id)
			return;
		ts_l2tp_kaddr(k, s, 0);
		k->tunnel_id = m->tunnel_id;
		k->session_id = 0;
		k->kind = 0;
		t = ts_l2tp_get(l2tp_tunnels, k, TS_L2TP_TUNNELS_MAX);
		if (!t)
			goto full;
		if (!t->state) {	/* the SCCRQ was missed */
			t->lac_tunnel_id = m->tunnel_id;
			t->started_ns = ts_now_coarse(s);
		}
		t->lns_tunnel_id = m->assigned_tid;
		t->have_lns_id = 1;
		if (t->state < TS_L2TP_ST_REPLIED)
			t->state = TS_L2TP_ST_REPLIED;
		ts_l2tp_kaddr(k, s, 1);
		k->tunnel_id = m->assigned_tid;
		k->kind = TS_L2TP_ALIAS_TUNNEL;
		ts_l2tp_alias_set(s, m, k, m->tunnel_id);
		return;
	}

	if (m->tunnel_id)
		t = ts_l2tp_find_tunnel(k, s, 0, m->tunnel_id);
	else if (type == TS_L2TP_STOPCCN && (f & L2TP_M_ATID))
		t = ts_l2tp_find_tunnel(k, s, 1, m->assigned_tid);
	else
		return;
	if (!t)
		return;		/* a tunnel we never saw start: nothing to attach to */
	lac_tid = k->tunnel_id;

	switch (type) {
	case TS_L2TP_SCCCN:
		if (t->state < TS_L2TP_ST_ESTABLISHED)
			t->state = TS_L2TP_ST_ESTABLISHED;
		return;
	case TS_L2TP_STOPCCN:
		t->state = TS_L2TP_ST_STOPPED;
		t->ended_ns = ts_now_coarse(s);
		if (f & L2TP_M_RESULT) {
			t->result = m->result;
			t->error = m->error;
			t->have_result = 1;
		}
		return;
	case TS_L2TP_ICRQ:
	case TS_L2TP_OCRQ:
		if (!(f & L2TP_M_ASID))
			return;
		ts_l2tp_kaddr(k, s, 1);
		k->tunnel_id = lac_tid;
		k->session_id = m->assigned_sid;
		k->kind = 0;
		c = ts_l2tp_get(l2tp_calls, k, TS_L2TP_CALLS_MAX);
		if (!c)
			goto full;
		if (!c->state) {
			c->req_session_id = m->assigned_sid;
			c->started_ns = ts_now_coarse(s);
			c->state = TS_L2TP_ST_REQUESTED;
			c->outgoing = type == TS_L2TP_OCRQ;
		}
		return;
	case TS_L2TP_ICRP:
	case TS_L2TP_OCRP:
		/* sent to the requester, naming its Session ID */
		if (!m->peer_sid)
			return;
		ts_l2tp_kaddr(k, s, 0);
		k->tunnel_id = lac_tid;
		k->session_id = m->peer_sid;
		k->kind = 0;
		c = ts_l2tp_get(l2tp_calls, k, TS_L2TP_CALLS_MAX);
		if (!c)
			goto full;
		if (!c->state) {	/* the request was missed */
			c->req_session_id = m->peer_sid;
			c->started_ns = ts_now_coarse(s);
			c->outgoing = type == TS_L2TP_OCRP;
		}
		if (c->state < TS_L2TP_ST_REPLIED)
			c->state = TS_L2TP_ST_REPLIED;
		if (f & L2TP_M_ASID) {
			c->resp_session_id = m->assigned_sid;
			c->have_resp_id = 1;
			ts_l2tp_kaddr(k, s, 1);
			k->session_id = m->assigned_sid;
			k->kind = TS_L2TP_ALIAS_CALL;
			ts_l2tp_alias_set(s, m, k, m->peer_sid);
		}
		return;
	case TS_L2TP_ICCN:
	case TS_L2TP_OCCN:
	case TS_L2TP_CDN:
		if (m->peer_sid)
			c = ts_l2tp_find_call(k, s, 0, lac_tid, m->peer_sid);
		else if (type == TS_L2TP_CDN && (f & L2TP_M_ASID))
			c = ts_l2tp_find_call(k, s, 1, lac_tid, m->assigned_sid);
		else
			return;
		if (!c)
			return;
		if (type != TS_L2TP_CDN) {
			if (c->state < TS_L2TP_ST_ESTABLISHED)
				c->state = TS_L2TP_ST_ESTABLISHED;
			return;
		}
		c->state = TS_L2TP_ST_STOPPED;
		c->ended_ns = ts_now_coarse(s);
		if (f & L2TP_M_RESULT) {
			c->result = m->result;
			c->error = m->error;
			c->have_result = 1;
		}
		return;
	default:
		return;
	}
full:
	m->err = TS_C_ERR_L2TP_TABLE_FULL;
}

/* A (tunnel, session) row's packet, byte and time columns: one frame at now of wire bytes. */
static __always_inline void ts_l2tp_sess_bump(struct ts_l2tp_sess *r, __u64 now, __u32 wire)
{
	if (!r->first_ns)
		r->first_ns = now;
	r->last_ns = now;
	__sync_fetch_and_add(&r->packets, 1);
	__sync_fetch_and_add(&r->bytes, wire);
}

/* The last word of an l2tp_sess key: { version, family, kind 0, pad }. */
static __always_inline __u64 ts_l2tp_key_tail(__u8 version, __u8 family)
{
	union {
		struct {
			__u8 version, family, kind;
			__u8 pad[5];
		} k;
		__u64 d;
	} tail = {};

	tail.k.version = version;
	tail.k.family = family;
	return tail.d;
}

/*
 * The message's (tunnel, session) row in l2tp_sess, its packet, byte and
 * time columns bumped; m->key holds its key. NULL if the table is full
 * (m->err says so). Inline in the data path, which updates only this row.
 */
static __always_inline struct ts_l2tp_sess *ts_l2tp_sess_row(struct ts_pstate *s,
							     struct ts_l2tp_msg *m)
{
	struct ts_l2tp_key *k = &m->key;
	struct ts_l2tp_sess *r;

	/* whole words (ts_tab_pair) */
	ts_l2tp_kaddr(k, s, 1);
	*(ts_tab_dword *)&k->tunnel_id = ts_tab_pair(m->tunnel_id, m->session_id);
	*(ts_tab_dword *)&k->version = ts_l2tp_key_tail(m->version, s->family);
	r = ts_l2tp_get(l2tp_sess, k, TS_L2TP_SESS_MAX);
	if (!r) {
		m->err = TS_C_ERR_L2TP_TABLE_FULL;
		return NULL;
	}
	ts_l2tp_sess_bump(r, ts_now_coarse(s), s->wire_len);
	return r;
}

/*
 * Account one L2TP control message: its (tunnel, session) row in
 * l2tp_sess, the control connection's sequence, and the lifecycle tables.
 * Global on purpose (verified once, apart from the layer walk); failures
 * come back in m->err for the caller to count. Data messages update their
 * row inline (ts_l2tp_data_track).
 */
__noinline int ts_l2tp_track(struct ts_pstate *s, struct ts_l2tp_msg *m)
{
	struct ts_l2tp_key *k;
	struct ts_l2tp_sess *r;

	if (!s || !m)
		return 0;
	k = &m->key;
	r = ts_l2tp_sess_row(s, m);
	if (!r)
		return 0;
	__sync_fetch_and_add(&r->control, 1);
	if (k->session_id) {
		/* the tunnel's Ns space lives on its Session ID 0 row */
		k->session_id = 0;
		r = ts_l2tp_get(l2tp_sess, k, TS_L2TP_SESS_MAX);
		if (!r)
			goto full;
	}
	ts_l2tp_seq(r, m);
	if (m->flags & L2TP_M_TYPE)
		ts_l2tp_lifecycle(s, m, k);
	return 0;
full:
	m->err = TS_C_ERR_L2TP_TABLE_FULL;
	return 0;
}

/* ---- parsing ----------------------------------------------------------- */

/* len bytes at off in the frame of ctx, or NULL (ts_ptr for a global function). */
static __always_inline __u8 *ts_l2tp_ptr(struct xdp_md *ctx, __u32 off, __u32 len)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	asm volatile("" : "+r"(off));	/* see ts_l2tp_at() */
	if (off > TS_MAX_OFF)
		return NULL;
	if (data + off + len > data_end)
		return NULL;
	return data + off;
}

/*
 * Walk the AVPs of a control message from off to end (end on the wire,
 * checked against the capture AVP by AVP). Fills m; a failure stops the
 * walk and is left in m->err, what was read before it is kept.
 *
 * Global (verified once, on its own) on purpose, a verifier workaround:
 * inlined in the layer walk, every combination of AVPs found so far made
 * a distinct verifier state at each of the TS_MAX_L2TP_AVPS iterations and
 * the walk ran out of the 1M instruction budget. Here the findings go to
 * memory behind a pointer, which the verifier does not track per value.
 */
__noinline int ts_l2tp_avps(struct xdp_md *ctx, struct ts_l2tp_msg *m, __u32 off, __u32 end)
{
	__u32 alen, vendor, type, i;
	__u8 *a;

	if (!ctx || !m)
		return 0;
	for (i = 0; i < TS_MAX_L2TP_AVPS; i++) {
		if (off >= end)
			return 0;
		if (end - off < L2TP_AVP_HDR_LEN) {
			m->err = TS_C_ERR_L2TP_AVP_BEYOND;
			return 0;
		}
		a = ts_l2tp_ptr(ctx, off, L2TP_AVP_HDR_LEN);
		if (!a) {
			m->err = TS_C_ERR_L2TP_AVP_TRUNCATED;
			return 0;
		}
		alen = ts_get16(a) & L2TP_AVP_LEN_MASK;
		vendor = ts_get16(a + 2);
		type = ts_get16(a + 4);
		if (alen < L2TP_AVP_HDR_LEN) {
			m->err = TS_C_ERR_L2TP_AVP_BAD_LEN;
			return 0;
		}
		if (alen > end - off) {
			m->err = TS_C_ERR_L2TP_AVP_BEYOND;
			return 0;
		}
		if (a[0] & L2TP_AVP_HIDDEN) {
			m->flags |= L2TP_M_HIDDEN;
			if (!i) {
				m->err = TS_C_ERR_L2TP_NO_MSG_TYPE;
				return 0;
			}
		} else if (!i && (vendor || type != L2TP_AVP_MSG_TYPE)) {
			m->err = TS_C_ERR_L2TP_NO_MSG_TYPE;
			return 0;
		} else if (!vendor) {
			switch (type) {
			case L2TP_AVP_MSG_TYPE:
				if (i)
					break;	/* only the first one counts */
				/* fallthrough */
			case L2TP_AVP_RESULT:
			case L2TP_AVP_TUNNEL_ID:
			case L2TP_AVP_SESSION_ID:
				/* a 16-bit value (Result Code: then maybe an Error Code) */
				if (alen < L2TP_AVP_HDR_LEN + 2) {
					m->err = TS_C_ERR_L2TP_AVP_BAD_LEN;
					return 0;
				}
				a = ts_l2tp_ptr(ctx, off, L2TP_AVP_HDR_LEN + 2);
				if (!a) {
					m->err = TS_C_ERR_L2TP_AVP_TRUNCATED;
					return 0;
				}
				if (type == L2TP_AVP_MSG_TYPE) {
					m->msg_type = ts_get16(a + 6);
					m->flags |= L2TP_M_TYPE;
				} else if (type == L2TP_AVP_TUNNEL_ID) {
					m->assigned_tid = ts_get16(a + 6);
					m->flags |= L2TP_M_ATID;
				} else if (type == L2TP_AVP_SESSION_ID) {
					m->assigned_sid = ts_get16(a + 6);
					m->flags |= L2TP_M_ASID;
				} else {
					m->result = ts_get16(a + 6);
					m->flags |= L2TP_M_RESULT;
					if (alen >= L2TP_AVP_HDR_LEN + 4) {
						a = ts_l2tp_ptr(ctx, off, L2TP_AVP_HDR_LEN + 4);
						if (!a) {
							m->err = TS_C_ERR_L2TP_AVP_TRUNCATED;
							return 0;
						}
						m->error = ts_get16(a + 8);
					}
				}
				break;
			case L2TP_AVP_CCID:
			case L2TP_AVP_LOCAL_SID:
			case L2TP_AVP_REMOTE_SID:
				/* a 32-bit value */
				if (alen < L2TP_AVP_HDR_LEN + 4) {
					m->err = TS_C_ERR_L2TP_AVP_BAD_LEN;
					return 0;
				}
				a = ts_l2tp_ptr(ctx, off, L2TP_AVP_HDR_LEN + 4);
				if (!a) {
					m->err = TS_C_ERR_L2TP_AVP_TRUNCATED;
					return 0;
				}
				if (type == L2TP_AVP_CCID) {
					m->assigned_tid = ts_get32(a + 6);
					m->flags |= L2TP_M_ATID;
				} else if (type == L2TP_AVP_LOCAL_SID) {
					m->assigned_sid = ts_get32(a + 6);
					m->flags |= L2TP_M_ASID;
				} else if (m->version == 3) {
					m->peer_sid = ts_get32(a + 6);
				}
				break;
			default:
				break;
			}
		}
		off += alen;
	}
	if (off < end)
		m->err = TS_C_ERR_L2TP_AVP_LIMIT;
	return 0;
}

/* Count a control message by version and type (l2tp_msgs). */
static __always_inline void ts_l2tp_count_type(struct pkt *p, const struct ts_l2tp_msg *m)
{
	__u32 slot = m->msg_type < TS_L2TP_MSG_OTHER ? m->msg_type : TS_L2TP_MSG_OTHER;

	ts_count_in(&l2tp_msgs, (m->version == 3 ? TS_L2TP_MSG_SLOTS : 0) + slot, p);
}

/*
 * The tables are updated after the layer returns (ts_l2tp_flush(), from
 * the layer loop): ts_l2tp_track() is then called from the loop's frame,
 * not from ts_layer()'s, which keeps the call chain under the 512-byte
 * stack limit. The message waits in l2tp_scratch; the next L2TP layer
 * comes in a later ts_layer() call, after the flush.
 */
static __always_inline int ts_l2tp_track_count(struct pkt *p, struct ts_l2tp_msg *m)
{
	(void)m;
	p->s->l2tp_pending = 1;
	return TS_L_DONE;
}

/*
 * A data message: only its session row, updated inline (no deferral, no
 * call), so the PPP frame inside is parsed on in the same ts_layer() call.
 */
static __always_inline void ts_l2tp_data_track(struct pkt *p, struct ts_l2tp_msg *m)
{
	struct ts_l2tp_sess *r = ts_l2tp_sess_row(p->s, m);

	if (r)
		__sync_fetch_and_add(&r->data, 1);
	else
		ts_count(p, TS_C_ERR_L2TP_TABLE_FULL);
}

/* After each ts_layer() call: the L2TP message it parsed, if any. */
static __always_inline void ts_l2tp_flush(struct ts_pstate *st)
{
	struct ts_l2tp_msg *m;
	__u32 zero = 0;

	if (!st->l2tp_pending)
		return;
	st->l2tp_pending = 0;
	m = bpf_map_lookup_elem(&l2tp_scratch, &zero);
	if (!m)
		return;
	ts_l2tp_track(st, m);
	if (m->err)
		ts_count_st(st, m->err);
}

/* A v3 data message with Session ID sid: counted and accounted, not parsed on. */
static __always_inline int ts_l2tp_v3_data(struct pkt *p, struct ts_l2tp_msg *m, __u32 sid,
					   int over_ip)
{
	if (!sid)
		return ts_fail(p, TS_C_ERR_L2TP_V3_ZERO_SESSION);
	ts_count(p, TS_C_L2TP);
	ts_count(p, TS_C_L2TPV3);
	if (over_ip)
		ts_count(p, TS_C_L2TPV3_IP);
	ts_count(p, TS_C_L2TP_DATA);
	m->version = 3;
	m->session_id = sid;
	ts_l2tp_data_track(p, m);
	return TS_L_DONE;
}

static __always_inline int parse_l2tp(struct pkt *p, struct xdp_md *ctx)
{
	__u32 off = p->s->off, left = ts_l3_left(p), hlen, len = 0, osize = 0, o, end, zero = 0;
	int over_ip = p->s->proto == IPPROTO_L2TP_;
	struct ts_l2tp_msg *m;
	__u16 flags, ver;
	__u8 *b;

	if (p->s->in_icmp)
		return TS_L_DONE;	/* a quoted packet is not traffic */
	m = bpf_map_lookup_elem(&l2tp_scratch, &zero);
	if (!m)
		return TS_L_DONE;
	/* the message fields; key and alias are scratch, set where used */
	__builtin_memset(m, 0, offsetof(struct ts_l2tp_msg, key));
	if (over_ip) {
		/* RFC 3931 4.1.1: Session ID 0 marks a control message */
		b = ts_ptr(p, off, 4);
		if (!b || left < 4)
			return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
		if (ts_get32(b))
			return ts_l2tp_v3_data(p, m, ts_get32(b), 1);
		off += 4;
		left -= 4;
	}
	b = ts_ptr(p, off, 2);
	if (!b || left < 2)
		return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
	flags = ts_get16(b);
	ver = flags & L2TP_VER;
	if (ver != 3 && (ver != 2 || over_ip))
		return ts_fail(p, TS_C_ERR_L2TP_BAD_VERSION);

	if (ver == 3) {
		if (!(flags & L2TP_T)) {
			if (over_ip)	/* Session ID 0 but not a control message */
				return ts_fail(p, TS_C_ERR_L2TP_V3_ZERO_SESSION);
			b = ts_ptr(p, off, L2TP_V3_UDP_DATA_LEN);
			if (!b || left < L2TP_V3_UDP_DATA_LEN)
				return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
			return ts_l2tp_v3_data(p, m, ts_get32(b + 4), 0);
		}
		if (!(flags & L2TP_L) || !(flags & L2TP_S))
			return ts_fail(p, TS_C_ERR_L2TP_CTRL_NO_LS);
		hlen = L2TP_V3_CTRL_LEN;
		b = ts_ptr(p, off, L2TP_V3_CTRL_LEN);
		if (!b || left < hlen)
			return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
		len = ts_get16(b + 2);
		m->tunnel_id = ts_get32(b + 4);
		m->ns = ts_get16(b + 8);
		m->nr = ts_get16(b + 10);
	} else {
		if ((flags & L2TP_T) && (!(flags & L2TP_L) || !(flags & L2TP_S)))
			return ts_fail(p, TS_C_ERR_L2TP_CTRL_NO_LS);
		hlen = 6;
		if (flags & L2TP_L)
			hlen += 2;
		if (flags & L2TP_S)
			hlen += 4;
		if (flags & L2TP_O)
			hlen += 2;
		if (hlen > left || !ts_has(p, off, hlen))
			return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
		o = off + 2;
		if (flags & L2TP_L) {
			b = ts_l2tp_at(p, o, 2);
			if (!b)
				return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
			len = ts_get16(b);
			o += 2;
		}
		b = ts_l2tp_at(p, o, 4);
		if (!b)
			return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
		m->tunnel_id = ts_get16(b);
		m->session_id = ts_get16(b + 2);
		m->peer_sid = m->session_id;
		o += 4;
		if (flags & L2TP_S) {
			b = ts_l2tp_at(p, o, 4);
			if (!b)
				return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
			m->ns = ts_get16(b);
			m->nr = ts_get16(b + 2);
			o += 4;
		}
		if (flags & L2TP_O) {
			b = ts_l2tp_at(p, o, 2);
			if (!b)
				return ts_fail(p, TS_C_ERR_L2TP_TRUNCATED);
			osize = ts_get16(b);
		}
	}

	/* the message ends where Length says, else with the datagram */
	if (flags & L2TP_L) {
		if (len < hlen)
			return ts_fail(p, TS_C_ERR_L2TP_BAD_LENGTH);
		if (len > left)
			return ts_fail(p, TS_C_ERR_L2TP_LEN_BEYOND);
	} else {
		len = left;
	}
	if (osize > len - hlen)
		return ts_fail(p, TS_C_ERR_L2TP_BAD_OFFSET);
	end = off + len;
	o = off + hlen + osize;

	ts_count(p, TS_C_L2TP);
	if (ver == 3) {
		ts_count(p, TS_C_L2TPV3);
		if (over_ip)
			ts_count(p, TS_C_L2TPV3_IP);
	}
	m->version = ver;

	if (!(flags & L2TP_T)) {
		/* v2 data: a PPP frame, to the end of the message */
		ts_count(p, TS_C_L2TP_DATA);
		if (flags & L2TP_L)
			ts_count(p, TS_C_L2TP_DATA_LENGTH);
		if (flags & L2TP_S)
			ts_count(p, TS_C_L2TP_DATA_SEQ);
		if (flags & L2TP_O)
			ts_count(p, TS_C_L2TP_DATA_OFFSET);
		if (flags & L2TP_P)
			ts_count(p, TS_C_L2TP_DATA_PRIORITY);
		ts_l2tp_data_track(p, m);
		if (o >= end)
			return TS_L_DONE;
		ts_enter_tunnel(p->s, TS_TUN_L2TP, m->tunnel_id << 16 | m->session_id);
		p->s->off = o;
		p->s->l3_end = end;
		return TS_L_PPP;
	}

	ts_count(p, TS_C_L2TP_CONTROL);
	m->flags = L2TP_M_CONTROL;
	if (o >= end) {
		ts_count(p, TS_C_L2TP_ZLB);
		m->flags |= L2TP_M_ZLB;
	} else {
		ts_l2tp_avps(ctx, m, o, end);
		if (m->flags & L2TP_M_HIDDEN)
			ts_count(p, TS_C_L2TP_AVP_HIDDEN);
		if (m->err)
			ts_count(p, m->err);
		m->err = 0;
		if (m->flags & L2TP_M_TYPE)
			ts_l2tp_count_type(p, m);
	}
	p->s->off = end;
	return ts_l2tp_track_count(p, m);
}

#endif /* TS_PARSE_L2TP_H */
