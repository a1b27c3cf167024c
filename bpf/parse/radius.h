/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * RADIUS (RFC 2865 3, RFC 2866 3, RFC 5176 2.3) on UDP 1812/1813, the
 * historic 1645/1646, and 3799 and 1700 for dynamic authorization:
 *
 *   code(1)  identifier(1)  length(2)  authenticator(16)  attributes
 *
 * Length 20-4096 and within the UDP payload (shorter packets MUST be
 * discarded, RFC 2865 3). Codes are IANA's (RFC 3575): 1-13, 21-34 but
 * 28, 40-45, 50-52, 250-253; anything else is not RADIUS.
 *
 * Requests (Access-, Accounting-, Password-, Status-Server, Resource-,
 * NAS-Reboot-, Event-, Disconnect-, CoA-Request) wait in radius_pending,
 * keyed by client and server address and port and the Identifier; a
 * response from the server takes its request out, and its round trip goes
 * to a log2 histogram. A request seen again while pending with the same
 * authenticator is a retransmission; with another one the old request was
 * given up (unanswered) and the new one takes its place.
 */
#ifndef TS_PARSE_RADIUS_H
#define TS_PARSE_RADIUS_H

#include "common.h"
#include "tcp_track.h"	/* ts_ilog2 */

#define RADIUS_HDR_LEN	20
#define RADIUS_MAX_LEN	4096

#define RADIUS_PORT_AUTH	1812
#define RADIUS_PORT_ACCT	1813
#define RADIUS_PORT_AUTH_OLD	1645
#define RADIUS_PORT_ACCT_OLD	1646
#define RADIUS_PORT_DAE		3799	/* RFC 5176 */
#define RADIUS_PORT_DAE_CISCO	1700

static __always_inline int ts_radius_port(__be16 port)
{
	switch (bpf_ntohs(port)) {
	case RADIUS_PORT_AUTH:
	case RADIUS_PORT_ACCT:
	case RADIUS_PORT_AUTH_OLD:
	case RADIUS_PORT_ACCT_OLD:
	case RADIUS_PORT_DAE:
	case RADIUS_PORT_DAE_CISCO:
		return 1;
	}
	return 0;
}

static __always_inline int ts_radius_code_ok(__u8 c)
{
	return (c >= 1 && c <= 13) || (c >= 21 && c <= 34 && c != 28) ||
	       (c >= 40 && c <= 45) || (c >= 50 && c <= 52) || (c >= 250 && c <= 253);
}

/* Request codes: the rest are responses (or unpaired: 6, 10, 13, 250-253). */
static __always_inline int ts_radius_is_request(__u8 c)
{
	switch (c) {
	case 1: case 4: case 7: case 12: case 21: case 23: case 26:
	case 29: case 30: case 31: case 33: case 40: case 43: case 50: case 51:
		return 1;
	}
	return 0;
}

static __always_inline int ts_radius_is_response(__u8 c)
{
	switch (c) {
	case 2: case 3: case 5: case 8: case 9: case 11: case 22: case 24:
	case 27: case 32: case 34: case 41: case 42: case 44: case 45: case 52:
		return 1;
	}
	return 0;
}

struct ts_radius_hdr {
	__u8 code;
	__u8 id;
	__be16 len;
	__u64 auth;	/* first half of the authenticator, as on the wire */
};

static __always_inline void ts_radius_key(struct ts_radius_key *k, const struct pkt *p,
					  const struct udphdr *uh, int client_is_src, __u8 id)
{
	__builtin_memcpy(k->client, client_is_src ? p->s->saddr : p->s->daddr, 16);
	__builtin_memcpy(k->server, client_is_src ? p->s->daddr : p->s->saddr, 16);
	k->cport = client_is_src ? uh->source : uh->dest;
	k->sport = client_is_src ? uh->dest : uh->source;
	k->id = id;
	k->family = p->s->family;
}

static __always_inline void ts_radius_request(struct pkt *p, const struct udphdr *uh,
					      struct ts_radius_hdr *h)
{
	struct ts_radius_req r = {}, *old;
	struct ts_radius_key k = {};

	ts_radius_key(&k, p, uh, 1, h->id);
	old = bpf_map_lookup_elem(&radius_pending, &k);
	if (old) {
		if (old->auth == h->auth && old->code == h->code) {
			__sync_fetch_and_add(&old->retransmits, 1);
			ts_count(p, TS_C_RADIUS_RETRANSMIT);
			return;
		}
		ts_count(p, TS_C_RADIUS_UNANSWERED);
	}
	r.sent_ns = ts_now(p->s);
	r.auth = h->auth;
	r.code = h->code;
	if (bpf_map_update_elem(&radius_pending, &k, &r, BPF_ANY))
		ts_count(p, TS_C_ERR_RADIUS_TABLE_FULL);
}

static __always_inline void ts_radius_response(struct pkt *p, const struct udphdr *uh,
					       struct ts_radius_hdr *h)
{
	struct ts_radius_key k = {};
	struct ts_radius_req *r;
	__u64 now, dt;
	__u32 b;

	ts_radius_key(&k, p, uh, 0, h->id);
	r = bpf_map_lookup_elem(&radius_pending, &k);
	if (!r) {
		ts_count(p, TS_C_RADIUS_UNMATCHED);
		return;
	}
	now = ts_now(p->s);
	dt = now > r->sent_ns ? now - r->sent_ns : 0;
	b = ts_ilog2(dt / 1000);
	if (b >= TS_RTT_BUCKETS)
		b = TS_RTT_BUCKETS - 1;
	ts_count_in(&msg_types, TS_MT_RADIUS_RTT * TS_MT_SLOTS + b, p);
	ts_count(p, TS_C_RADIUS_ANSWERED);
	bpf_map_delete_elem(&radius_pending, &k);
}

/* Called by udp.h with the cursor just past the UDP header. */
static __always_inline int parse_radius(struct pkt *p)
{
	struct udphdr *uh = ts_ptr(p, p->s->off - sizeof(*uh), sizeof(*uh));
	struct ts_radius_hdr *h = ts_ptr(p, p->s->off, sizeof(*h));
	__u32 len, ulen;

	if (!uh || p->s->off < sizeof(*uh))
		return TS_L_DONE;
	ulen = bpf_ntohs(uh->len) - sizeof(*uh);	/* udp.h checked >= 8 */
	if (!h || ulen < RADIUS_HDR_LEN || !ts_ptr(p, p->s->off, RADIUS_HDR_LEN))
		return ts_fail(p, TS_C_ERR_RADIUS_TRUNCATED);
	if (!ts_radius_code_ok(h->code))
		return ts_fail(p, TS_C_ERR_RADIUS_BAD_CODE);
	len = bpf_ntohs(h->len);
	if (len < RADIUS_HDR_LEN || len > RADIUS_MAX_LEN || len > ulen)
		return ts_fail(p, TS_C_ERR_RADIUS_BAD_LENGTH);
	ts_count(p, TS_C_RADIUS);
	ts_count_in(&msg_types, TS_MT_RADIUS * TS_MT_SLOTS + h->code, p);
	if (ts_radius_is_request(h->code)) {
		ts_count(p, TS_C_RADIUS_REQUEST);
		ts_radius_request(p, uh, h);
	} else if (ts_radius_is_response(h->code)) {
		ts_count(p, TS_C_RADIUS_RESPONSE);
		ts_radius_response(p, uh, h);
	}
	p->s->off += len;
	return TS_L_DONE;
}

#endif /* TS_PARSE_RADIUS_H */
