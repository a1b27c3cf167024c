/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * TLS records at the start of a TCP payload (RFC 8446 5.1, RFC 5246 6.2):
 *
 *   content type(1)  version(2)  length(2)  fragment
 *
 * A record header passes when the content type is 20-24 (change cipher
 * spec, alert, handshake, application data, heartbeat RFC 6520), the
 * version is 3.0-3.4 (SSL 3.0 to TLS 1.3's record value 3.3, with room for
 * 3.4) and the length is at most 2^14 + 2048 (TLSCiphertext, RFC 5246
 * 6.2.3). Without reassembly, a segment is only parsed when its payload
 * starts with such a header; records then follow while they lie whole in
 * the segment, TS_TLS_RECORDS_PER_STEP per dispatcher step. A record running on into a later
 * segment is counted as tls_continued and not guessed at, nor is the
 * segment that continues it.
 *
 * Handshake records (22) are walked for message headers: type(1)
 * length(3). A record that looks encrypted (a TLS 1.2 Finished after
 * ChangeCipherSpec, or renegotiation) is not: one of at least 16 bytes
 * that starts with five zero bytes (an AEAD explicit nonce of 0), an
 * unknown message type, or a message length of 64 KiB or more. A message
 * counts when its header and body lie whole in the record.
 */
#ifndef TS_PARSE_TLS_H
#define TS_PARSE_TLS_H

#include "common.h"

#define TLS_HDR_LEN		5
#define TLS_CT_MIN		20	/* change_cipher_spec */
#define TLS_CT_HANDSHAKE	22
#define TLS_CT_MAX		24	/* heartbeat */
#define TLS_MINOR_MAX		4
#define TLS_RECORD_MAX		(16384 + 2048)
#define TLS_HS_HDR_LEN		4
/* Below this a handshake record is taken as plaintext: AEAD/MAC overhead is >= 16. */
#define TLS_ENCRYPTED_MIN	16

/* Does the record header at off pass the check above? */
static __always_inline int ts_tls_header_ok(const __u8 *h)
{
	__u32 len = (h[3] << 8) | h[4];

	return h[0] >= TLS_CT_MIN && h[0] <= TLS_CT_MAX && h[1] == 3 &&
	       h[2] <= TLS_MINOR_MAX && len <= TLS_RECORD_MAX;
}

/* Does the TCP payload at the cursor start with a TLS record header? */
static __always_inline int ts_tls_starts(struct pkt *p)
{
	__u8 *h = ts_ptr(p, p->s->off, TLS_HDR_LEN);

	p->s->tls_records = 0;
	return h && ts_l3_left(p) >= TLS_HDR_LEN && ts_tls_header_ok(h);
}

/*
 * Handshake message types (IANA TLS HandshakeType registry): 0-6, 8-17,
 * 20-26, 254. The rest are unassigned, so a record starting with one is
 * encrypted.
 */
static __always_inline int ts_tls_hs_known(__u8 t)
{
	return t <= 6 || (t >= 8 && t <= 17) || (t >= 20 && t <= 26) || t == 254;
}

/* Walk the handshake messages of the record body [o, end). */
static __always_inline void ts_tls_handshake(struct pkt *p, __u64 o, __u64 end)
{
	__u64 mlen;
	__u8 *m;
	int i;

	if (end - o >= TLS_ENCRYPTED_MIN) {
		m = ts_ptr_at(p, o, 5);
		if (!m || !(m[0] | m[1] | m[2] | m[3] | m[4]) || !ts_tls_hs_known(m[0]) || m[1])
			return;
	}
	for (i = 0; i < TS_MAX_TLS_HS_MSGS; i++) {
		if (o + TLS_HS_HDR_LEN > end)
			return;
		m = ts_ptr_at(p, o, TLS_HS_HDR_LEN);
		if (!m)
			return;		/* not captured */
		mlen = TLS_HS_HDR_LEN + ((m[1] << 16) | (m[2] << 8) | m[3]);
		if (mlen > end - o || !ts_tls_hs_known(m[0]))
			return;		/* a fragment, or not a message */
		ts_count_in(&msg_types, TS_MT_TLS_HANDSHAKE * TS_MT_SLOTS + m[0], p);
		o += mlen;
	}
	if (o < end)
		ts_count(p, TS_C_ERR_TLS_HS_LIMIT);
}

/* One record at the cursor: 1 if another may follow in the segment. */
static __always_inline int ts_tls_record(struct pkt *p)
{
	__u32 left = ts_l3_left(p), len;
	__u64 end;
	__u8 *h;

	if (p->s->tls_records >= TS_MAX_TLS_RECORDS) {
		ts_count(p, TS_C_ERR_TLS_RECORD_LIMIT);
		return 0;
	}
	h = ts_ptr(p, p->s->off, TLS_HDR_LEN);
	if (!h || left < TLS_HDR_LEN)
		return 0;	/* a header split off, or not captured */
	if (!ts_tls_header_ok(h)) {
		/* the first header was checked by tcp.h: this follows a record */
		ts_count(p, TS_C_ERR_TLS_BAD_RECORD);
		return 0;
	}
	len = (h[3] << 8) | h[4];
	if (TLS_HDR_LEN + len > left) {
		ts_count(p, TS_C_TLS_CONTINUED);
		return 0;
	}
	ts_count(p, TS_C_TLS);
	ts_count_in(&msg_types, TS_MT_TLS_CONTENT * TS_MT_SLOTS + h[0], p);
	ts_count_in(&msg_types, TS_MT_TLS_VERSION * TS_MT_SLOTS + h[2], p);
	/* 64-bit from the load on: see ts_ptr_at() */
	end = (__u64)p->s->off + TLS_HDR_LEN + len;
	if (h[0] == TLS_CT_HANDSHAKE)
		ts_tls_handshake(p, (__u64)p->s->off + TLS_HDR_LEN, end);
	p->s->tls_records++;
	p->s->off = end;
	return ts_l3_left(p) > 0;
}

static __always_inline int parse_tls(struct pkt *p)
{
	int i;

	for (i = 0; i < TS_TLS_RECORDS_PER_STEP; i++)
		if (!ts_tls_record(p))
			return TS_L_DONE;
	return TS_L_TLS;
}

#endif /* TS_PARSE_TLS_H */
