/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IKE: the ISAKMP header (RFC 2408 3.1 for IKEv1, RFC 7296 3.1 for IKEv2),
 * at the start of a UDP payload on the IKE port (500, cfg_ike_port) or
 * after the non-ESP marker on the NAT-T port (bpf/parse/natt.h):
 *
 *   initiator SPI(8) responder SPI(8) next payload(1)
 *   version(1: major(4) minor(4)) exchange type(1) flags(1)
 *   message ID(4) length(4)
 *
 * The length covers header and payloads: at least 28 and at most the
 * datagram; shorter than the datagram is counted (trailing data) but the
 * header is still taken. Major version 1 (IKEv1) or 2 (IKEv2); IKEv2
 * receivers ignore the minor version (RFC 7296 2.5), so do we. Flags:
 * IKEv2 I (0x08) marks the original initiator, R (0x20) a response; IKEv1
 * has E/C/A only, so its initiator is the sender of a message with a zero
 * responder SPI (the first of Main or Aggressive Mode).
 */
#ifndef TS_PARSE_IKE_H
#define TS_PARSE_IKE_H

#include "ipsec_sa.h"

#define ISAKMP_HDR_LEN 28
#define IKEV2_FLAG_I 0x08

struct ts_isakmp {
	__u8 ispi[8];
	__u8 rspi[8];
	__u8 next_payload;
	__u8 version;
	__u8 exchange;
	__u8 flags;
	__be32 msgid;
	__be32 length;
};
_Static_assert(sizeof(struct ts_isakmp) == ISAKMP_HDR_LEN, "ISAKMP header");

/* What ts_ike_account() needs of one message (BPF only, not an ABI). */
struct ts_ike_upd {
	struct ts_ike_key key;
	__u64 now;
	__u8 rspi[8];
	__u32 wire_len;
	__u32 msgid;		/* host order */
	__u8 version;
	__u8 exchange;
	__u8 flags;
	__u8 src_is_a;		/* the sender is key.a */
	__u8 natt;		/* on the NAT-T port */
	__u8 pad[7];
};

/* Per-CPU scratch for the message being accounted: off ts_layer's stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_ike_upd);
} ike_scratch SEC(".maps");

/*
 * Account one IKE message to its IKE SA. Returns 0 or the counter of a
 * failure. Inline (fast: the lock tried a few times only, TS_SA_SLOW if
 * busy) and as the global ts_ike_account() for the busy case.
 */
static __always_inline int ts_ike_account_inl(struct ts_ike_upd *u, int fast)
{
	struct ts_ike_sa *sa;
	__u8 sender, other;
	int i, res, err = TS_C_ERR_IKE_XCHG_LIMIT;

	if (!u)
		return 0;
	sa = ts_tab_find(ike_sas, &u->key, TS_IKE_SAS_MAX, 1, &res);
	if (!sa)
		return TS_C_ERR_IKE_TABLE_FULL;	/* another CPU took the slot */
	sender = u->src_is_a ? TS_IKE_INIT_A : TS_IKE_INIT_B;
	other = u->src_is_a ? TS_IKE_INIT_B : TS_IKE_INIT_A;

	if (fast) {
		if (ts_sa_trylock(&sa->lock))
			return res == TS_TAB_EVICTED ? TS_SA_SLOW_EVICTED : TS_SA_SLOW;
	} else if (ts_sa_lock(&sa->lock)) {
		return TS_C_ERR_IPSEC_LOCK_BUSY;
	}
	sa->packets++;
	sa->bytes += u->wire_len;
	sa->last_ns = u->now;
	if (sa->packets == 1)
		sa->first_ns = u->now;
	sa->version = u->version;
	sa->msgid_last = u->msgid;
	if (u->natt)
		sa->nat_t = 1;
	if (*(__u64 *)u->rspi) {
		__builtin_memcpy(sa->rspi, u->rspi, 8);
		sa->have_rspi = 1;
	}
	if ((u->version >> 4) == 2) {
		sa->initiator = u->flags & IKEV2_FLAG_I ? sender : other;
		sa->init_known = 1;
	} else if (!*(__u64 *)u->rspi) {
		sa->initiator = sender;
		sa->init_known = 1;
	} else if (!sa->initiator) {
		sa->initiator = sender;	/* joined mid-exchange: a guess */
	}
	for (i = 0; i < TS_IKE_XSLOTS; i++) {
		if (!sa->xcount[i]) {
			sa->xtype[i] = u->exchange;
			sa->xcount[i] = 1;
			err = 0;
			break;
		}
		if (sa->xtype[i] == u->exchange) {
			sa->xcount[i]++;
			err = 0;
			break;
		}
	}
	ts_sa_unlock(&sa->lock);
	if (!err && res == TS_TAB_EVICTED)
		err = TS_C_ERR_IKE_SA_EVICTED;
	return err;
}

__noinline int ts_ike_account(struct ts_ike_upd *u)
{
	return ts_ike_account_inl(u, 0);
}

/*
 * inl: the live entry's fast path, the IKE SA accounting inline; else the
 * global ts_ike_account() (one verified copy for the other call sites).
 */
static __always_inline int parse_ike_x(struct pkt *p, __u8 natt, int inl)
{
	struct ts_ike_upd *up;
	struct ts_isakmp *h;
	union {
		struct {
			__u8 family;
			__u8 pad[7];
		} k;
		__u64 d;
	} fam = {};
	__u32 zero = 0;
	__u32 left = ts_l3_left(p), len;
	__u64 ispi;
	__u8 major;
	int err;

	if (left < ISAKMP_HDR_LEN)
		return ts_fail(p, TS_C_ERR_IKE_SHORT);
	h = ts_ptr(p, p->s->off, ISAKMP_HDR_LEN);
	if (!h)
		return ts_fail(p, TS_C_ERR_IKE_TRUNCATED);
	len = bpf_ntohl(h->length);
	if (len < ISAKMP_HDR_LEN || len > left)
		return ts_fail(p, TS_C_ERR_IKE_BAD_LEN);
	major = h->version >> 4;
	if (major != 1 && major != 2)
		return ts_fail(p, TS_C_ERR_IKE_BAD_VERSION);
	ts_count(p, TS_C_IKE);
	ts_count(p, major == 1 ? TS_C_IKE_V1 : TS_C_IKE_V2);
	if (len < left)
		ts_count(p, TS_C_ERR_IKE_TRAILING);
	up = bpf_map_lookup_elem(&ike_scratch, &zero);
	if (!up)
		return TS_L_DONE;
	/* every key byte is set below, each 64-bit word by one store (bpf/table.h) */
	__builtin_memcpy(&ispi, h->ispi, 8);
	if (!ispi)
		return ts_fail(p, TS_C_ERR_IKE_ISPI_ZERO);
	*(ts_tab_dword *)up->key.ispi = ispi;
	fam.k.family = p->s->family;
	*(ts_tab_dword *)&up->key.family = fam.d;

	__builtin_memcpy(up->rspi, h->rspi, 8);
	up->now = ts_now_coarse(p->s);
	up->wire_len = p->s->wire_len;
	up->msgid = bpf_ntohl(h->msgid);
	up->version = h->version;
	up->exchange = h->exchange;
	up->flags = h->flags;
	up->natt = natt;
	up->src_is_a = ts_addr_le(p->s->saddr, p->s->daddr);
	ts_tab_put_addr(up->key.a, up->src_is_a ? p->s->saddr : p->s->daddr);
	ts_tab_put_addr(up->key.b, up->src_is_a ? p->s->daddr : p->s->saddr);
	err = inl ? ts_ike_account_inl(up, 1) : TS_SA_SLOW;
	if (err == TS_SA_SLOW_EVICTED)
		ts_count(p, TS_C_ERR_IKE_SA_EVICTED);
	if (err == TS_SA_SLOW || err == TS_SA_SLOW_EVICTED)
		err = ts_ike_account(up);
	if (err)
		ts_count(p, err);
	return TS_L_DONE;
}

#endif /* TS_PARSE_IKE_H */
