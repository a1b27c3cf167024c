/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pktbuild.h: canned frames for the BPF_PROG_TEST_RUN tables (tests/).
 *
 * A frame is built front to back, one header per call, into a struct pb:
 *
 *	pb_init(&p);
 *	pb_eth(&p, PB_ETH_IPV4);
 *	PB_IPV4(&p, .proto = PB_IP_UDP);
 *	pb_udp(&p, 49152, 7, 0);
 *	pb_data(&p, 4);
 *	pb_done(&p);		lengths and checksums filled in
 *	pb_pad_to(&p, 60);	Ethernet padding, outside every IP length
 *
 * Length fields left at 0 (IPv4 total length, IPv6 payload length, UDP
 * length, 802.3 length) are computed by pb_done() from where the frame
 * ends at that moment; pass a value to write it as is, or PB_LEN0 to
 * write a literal zero. Bad values are written as given: the builder never
 * "fixes" a deliberately malformed header.
 *
 * Every header call also records a mark {kind, start, len}: where the
 * header sits and how long its own length rule says it is (IHL*4,
 * doff*4, (len+1)*8, (len+2)*4, ...). tests/test_parse.c walks the marks
 * to know, for any cut of the frame, which headers are still whole.
 *
 * Addresses are from the documentation ranges (RFC 5737, RFC 3849) and
 * MACs locally administered, so no frame names a real host. Only the IPv4
 * header checksum is computed: the parsers read no other checksum.
 */
#ifndef TS_PKTBUILD_H
#define TS_PKTBUILD_H

#include <stdint.h>
#include <string.h>

/* Largest frame: a 1514-byte Ethernet frame plus room; below the replay
 * engine's TS_BATCH_MAX_CAPLEN, so no frame is clipped. */
#define PB_MAX		2048
#define PB_MAX_MARKS	48
#define PB_MAX_FIX	48

/* A length field's literal zero (0 means "compute it"). */
#define PB_LEN0		0x10000u

/* EtherTypes (IEEE registry) */
#define PB_ETH_IPV4	0x0800
#define PB_ETH_ARP	0x0806
#define PB_ETH_8021Q	0x8100
#define PB_ETH_IPV6	0x86DD
#define PB_ETH_8021AD	0x88A8
#define PB_ETH_LOCAL1	0x88B5	/* IEEE 802 local experimental EtherType 1 */
#define PB_ETH_QINQ	0x9100	/* pre-802.1ad S-tag */

/* IP protocol numbers (IANA) */
#define PB_IP_HOPOPTS	0
#define PB_IP_ICMP	1
#define PB_IP_IPIP	4
#define PB_IP_TCP	6
#define PB_IP_UDP	17
#define PB_IP_IPV6	41
#define PB_IP_ROUTING	43
#define PB_IP_FRAGMENT	44
#define PB_IP_ESP	50
#define PB_IP_AH	51
#define PB_IP_ICMPV6	58
#define PB_IP_NONE	59
#define PB_IP_DSTOPTS	60
#define PB_IP_EXP	253	/* RFC 3692 experimentation: never parsed */

/* IPv4 flags/fragment offset field, host order (RFC 791 3.1) */
#define PB_IP4_DF	0x4000
#define PB_IP4_MF	0x2000

/* TCP control bits, byte 13 (RFC 9293 3.1) */
#define PB_TCP_FIN	0x01
#define PB_TCP_SYN	0x02
#define PB_TCP_RST	0x04
#define PB_TCP_PSH	0x08
#define PB_TCP_ACK	0x10
#define PB_TCP_URG	0x20
#define PB_TCP_ECE	0x40
#define PB_TCP_CWR	0x80

/* What a mark covers. */
enum pb_kind {
	PB_K_ETH = 1,
	PB_K_VLAN,
	PB_K_LLC,
	PB_K_IPV4,
	PB_K_IPV6,
	PB_K_HOPOPTS,
	PB_K_ROUTING,
	PB_K_DSTOPTS,
	PB_K_FRAG6,
	PB_K_AH,
	PB_K_TCP,
	PB_K_UDP,
	PB_K_ICMP,
	PB_K_ICMPV6,
	PB_K_ESP,
};

struct pb_mark {
	int kind;		/* enum pb_kind */
	uint32_t start;		/* offset in the frame */
	uint32_t len;		/* the header's length by its own rule */
};

enum pb_fix_kind {
	PB_FIX_8023_LEN = 1,	/* 802.3 length: bytes after the header */
	PB_FIX_IPV4_LEN,	/* total length: bytes from the header on */
	PB_FIX_IPV6_PLEN,	/* payload length: bytes after the 40 */
	PB_FIX_UDP_LEN,		/* length: bytes from the header on */
	PB_FIX_IPV4_CSUM,	/* header checksum, after the lengths */
};

struct pb_fix {
	int kind;		/* enum pb_fix_kind */
	uint32_t start;		/* offset of the header */
};

struct pb {
	uint8_t d[PB_MAX];
	uint32_t len;
	int overflow;		/* a write did not fit: the row is broken */
	int nmarks;
	struct pb_mark m[PB_MAX_MARKS];
	int nfix;
	struct pb_fix fix[PB_MAX_FIX];
};

static inline void pb_init(struct pb *p)
{
	p->len = 0;
	p->overflow = 0;
	p->nmarks = 0;
	p->nfix = 0;
	memset(p->d, 0, sizeof(p->d));
}

/* Reserve n zeroed bytes; their offset (or the current end on overflow). */
static inline uint32_t pb_zero(struct pb *p, uint32_t n)
{
	uint32_t at = p->len;

	if (n > PB_MAX - p->len) {
		p->overflow = 1;
		return at;
	}
	memset(p->d + at, 0, n);
	p->len += n;
	return at;
}

static inline uint32_t pb_put(struct pb *p, const void *src, uint32_t n)
{
	uint32_t at = pb_zero(p, n);

	if (!p->overflow)
		memcpy(p->d + at, src, n);
	return at;
}

/*
 * GCC's -Wstringop-overflow does not follow the check once this is
 * inlined into a builder whose offset it has folded past the end (the
 * write it warns of never happens).
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
static inline void pb_w8(struct pb *p, uint32_t at, uint8_t v)
{
	if (at < PB_MAX)
		p->d[at] = v;
}
#pragma GCC diagnostic pop

static inline void pb_w16(struct pb *p, uint32_t at, uint16_t v)
{
	pb_w8(p, at, v >> 8);
	pb_w8(p, at + 1, v & 0xff);
}

static inline void pb_w32(struct pb *p, uint32_t at, uint32_t v)
{
	pb_w16(p, at, v >> 16);
	pb_w16(p, at + 2, v & 0xffff);
}

static inline uint16_t pb_r16(const uint8_t *h)
{
	return (uint16_t)(h[0] << 8 | h[1]);
}

static inline void pb_mark(struct pb *p, int kind, uint32_t start, uint32_t len)
{
	if (p->nmarks >= PB_MAX_MARKS) {
		p->overflow = 1;
		return;
	}
	p->m[p->nmarks].kind = kind;
	p->m[p->nmarks].start = start;
	p->m[p->nmarks].len = len;
	p->nmarks++;
}

static inline void pb_fixup(struct pb *p, int kind, uint32_t start)
{
	if (p->nfix >= PB_MAX_FIX) {
		p->overflow = 1;
		return;
	}
	p->fix[p->nfix].kind = kind;
	p->fix[p->nfix].start = start;
	p->nfix++;
}

/* A length field: computed later (0), a literal zero, or as given. */
static inline void pb_len16(struct pb *p, uint32_t at, uint32_t v, int fixkind,
			    uint32_t start)
{
	if (!v)
		pb_fixup(p, fixkind, start);
	else
		pb_w16(p, at, v == PB_LEN0 ? 0 : (uint16_t)v);
}

/* Payload bytes: a counting pattern, nothing a parser would match on. */
static inline uint32_t pb_data(struct pb *p, uint32_t n)
{
	uint32_t at = pb_zero(p, n), i;

	for (i = 0; i < n && !p->overflow; i++)
		p->d[at + i] = (uint8_t)(0x61 + i % 26);
	return at;
}

/* --- layer 2 ------------------------------------------------------------ */

/* Ethernet II (or 802.3 when type <= 1500): dst, src, type/length. */
static inline uint32_t pb_eth(struct pb *p, uint16_t type)
{
	static const uint8_t macs[12] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x02,	/* dst */
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,	/* src */
	};
	uint32_t at = pb_put(p, macs, 12);

	pb_zero(p, 2);
	pb_w16(p, at + 12, type);
	pb_mark(p, PB_K_ETH, at, 14);
	return at;
}

/* IEEE 802.3 frame: the type/length field holds the bytes that follow. */
static inline uint32_t pb_eth_8023(struct pb *p)
{
	uint32_t at = pb_eth(p, 0);

	pb_fixup(p, PB_FIX_8023_LEN, at);
	return at;
}

/* 802.1Q tag after a TPID: TCI (PCP 0, DEI 0, VID) and the next type. */
static inline uint32_t pb_vlan(struct pb *p, uint16_t vid, uint16_t next)
{
	uint32_t at = pb_zero(p, 4);

	pb_w16(p, at, vid & 0x0fff);
	pb_w16(p, at + 2, next);
	pb_mark(p, PB_K_VLAN, at, 4);
	return at;
}

/*
 * IEEE 802.2 LLC: DSAP, SSAP, control. The control field is one byte for
 * U-format PDUs (low two bits 11) and two for I- and S-format (802.2 5.3).
 */
static inline uint32_t pb_llc(struct pb *p, uint8_t dsap, uint8_t ssap, uint16_t ctrl)
{
	int ubyte = (ctrl & 0x3) == 0x3;
	uint32_t n = ubyte ? 3 : 4;
	uint32_t at = pb_zero(p, n);

	pb_w8(p, at, dsap);
	pb_w8(p, at + 1, ssap);
	if (ubyte)
		pb_w8(p, at + 2, (uint8_t)ctrl);
	else
		pb_w16(p, at + 2, ctrl);
	pb_mark(p, PB_K_LLC, at, n);
	return at;
}

/* --- IP ----------------------------------------------------------------- */

struct pb_ip4 {
	uint8_t proto;
	uint8_t ihl;		/* 0: 5 */
	uint8_t version;	/* 0: 4 */
	uint8_t ttl;		/* 0: 64 */
	uint16_t frag;		/* flags | offset in 8-byte units, host order */
	uint16_t id;
	uint32_t tot_len;	/* 0: computed; PB_LEN0: literal 0 */
};

/*
 * IPv4 (RFC 791), 192.0.2.1 -> 198.51.100.2. Options (IHL > 5) are a
 * Router Alert (RFC 2113) padded with End of Option List. An IHL below 5
 * is written as is, over a 20-byte header.
 */
static inline uint32_t pb_ipv4(struct pb *p, struct pb_ip4 o)
{
	uint8_t ihl = o.ihl ? o.ihl : 5;
	uint32_t hlen = ihl >= 5 ? ihl * 4u : 20;
	uint32_t at = pb_zero(p, hlen);

	pb_w8(p, at, (uint8_t)((o.version ? o.version : 4) << 4 | (ihl & 0xf)));
	pb_len16(p, at + 2, o.tot_len, PB_FIX_IPV4_LEN, at);
	pb_w16(p, at + 4, o.id ? o.id : 0x1234);
	pb_w16(p, at + 6, o.frag);
	pb_w8(p, at + 8, o.ttl ? o.ttl : 64);
	pb_w8(p, at + 9, o.proto);
	pb_w32(p, at + 12, 0xc0000201);		/* 192.0.2.1 */
	pb_w32(p, at + 16, 0xc6336402);		/* 198.51.100.2 */
	if (hlen > 20)
		pb_w32(p, at + 20, 0x94040000);	/* Router Alert, value 0 */
	pb_fixup(p, PB_FIX_IPV4_CSUM, at);
	pb_mark(p, PB_K_IPV4, at, hlen);
	return at;
}
#define PB_IPV4(p, ...) pb_ipv4((p), (struct pb_ip4){ __VA_ARGS__ })

struct pb_ip6 {
	uint8_t next;
	uint8_t version;	/* 0: 6 */
	uint8_t hlim;		/* 0: 64 */
	uint32_t plen;		/* 0: computed; PB_LEN0: literal 0 (jumbogram) */
};

/* IPv6 (RFC 8200 3), 2001:db8::1 -> 2001:db8::2. */
static inline uint32_t pb_ipv6(struct pb *p, struct pb_ip6 o)
{
	uint32_t at = pb_zero(p, 40);

	pb_w32(p, at, (uint32_t)(o.version ? o.version : 6) << 28);
	pb_len16(p, at + 4, o.plen, PB_FIX_IPV6_PLEN, at);
	pb_w8(p, at + 6, o.next);
	pb_w8(p, at + 7, o.hlim ? o.hlim : 64);
	pb_w32(p, at + 8, 0x20010db8);
	pb_w8(p, at + 23, 1);
	pb_w32(p, at + 24, 0x20010db8);
	pb_w8(p, at + 39, 2);
	pb_mark(p, PB_K_IPV6, at, 40);
	return at;
}
#define PB_IPV6(p, ...) pb_ipv6((p), (struct pb_ip6){ __VA_ARGS__ })

/*
 * Hop-by-hop (type 0) or destination options (60) header (RFC 8200 4.3,
 * 4.6): next, Hdr Ext Len, then (len+1)*8-2 bytes of options, one PadN
 * (type 1) covering them (4.2).
 */
static inline uint32_t pb_ip6_opts(struct pb *p, uint8_t type, uint8_t next, uint8_t len)
{
	uint32_t n = (len + 1u) * 8;
	uint32_t at = pb_zero(p, n);

	pb_w8(p, at, next);
	pb_w8(p, at + 1, len);
	pb_w8(p, at + 2, 1);			/* PadN */
	pb_w8(p, at + 3, (uint8_t)(n - 4));	/* its data length */
	pb_mark(p, type == PB_IP_HOPOPTS ? PB_K_HOPOPTS : PB_K_DSTOPTS, at, n);
	return at;
}

/*
 * Routing header (RFC 8200 4.4): next, Hdr Ext Len, routing type,
 * segments left, then type-specific data. Type 2 (RFC 6275 6.4): len 2,
 * one home address.
 */
static inline uint32_t pb_ip6_routing(struct pb *p, uint8_t next, uint8_t rtype,
				      uint8_t segleft, uint8_t len)
{
	uint32_t n = (len + 1u) * 8;
	uint32_t at = pb_zero(p, n);

	pb_w8(p, at, next);
	pb_w8(p, at + 1, len);
	pb_w8(p, at + 2, rtype);
	pb_w8(p, at + 3, segleft);
	if (n >= 24) {
		pb_w32(p, at + 8, 0x20010db8);
		pb_w8(p, at + 23, 3);
	}
	pb_mark(p, PB_K_ROUTING, at, n);
	return at;
}

/* Fragment header (RFC 8200 4.5): next, reserved, offset(13) res(2) M(1), id. */
static inline uint32_t pb_ip6_frag(struct pb *p, uint8_t next, uint16_t offset8,
				   int more, uint32_t id)
{
	uint32_t at = pb_zero(p, 8);

	pb_w8(p, at, next);
	pb_w16(p, at + 2, (uint16_t)(offset8 << 3 | (more ? 1 : 0)));
	pb_w32(p, at + 4, id);
	pb_mark(p, PB_K_FRAG6, at, 8);
	return at;
}

/*
 * IPsec AH (RFC 4302 2): next, payload length (in 32-bit words, minus 2),
 * reserved, SPI, sequence, ICV. Writes (len+2)*4 bytes, at least the 12
 * fixed ones (a too-small length field is written as given).
 */
static inline uint32_t pb_ah(struct pb *p, uint8_t next, uint8_t len, uint32_t spi)
{
	uint32_t n = (len + 2u) * 4, i;
	uint32_t at = pb_zero(p, n < 12 ? 12 : n);

	pb_w8(p, at, next);
	pb_w8(p, at + 1, len);
	pb_w32(p, at + 4, spi);
	pb_w32(p, at + 8, 1);			/* sequence number */
	for (i = 12; i < n; i++)
		pb_w8(p, at + i, 0xa5);		/* ICV */
	pb_mark(p, PB_K_AH, at, n);
	return at;
}

/* IPsec ESP (RFC 4303 2): SPI, sequence; the rest is ciphertext (pb_data). */
static inline uint32_t pb_esp(struct pb *p, uint32_t spi, uint32_t seq)
{
	uint32_t at = pb_zero(p, 8);

	pb_w32(p, at, spi);
	pb_w32(p, at + 4, seq);
	pb_mark(p, PB_K_ESP, at, 8);
	return at;
}

/* --- transport ---------------------------------------------------------- */

struct pb_tcp {
	uint16_t sport, dport;
	uint8_t flags;		/* PB_TCP_* */
	uint8_t doff;		/* 0: 5 */
	uint8_t res;		/* the 4 reserved bits of byte 12 */
	uint32_t seq, ack;
};

/*
 * TCP (RFC 9293 3.1). With doff > 5 the options are MSS, Timestamps,
 * Window Scale and SACK-permitted (3.2, RFC 7323, RFC 2018) as far as they
 * fit, then NOPs. A doff below 5 is written as is, over a 20-byte header.
 */
static inline uint32_t pb_tcp(struct pb *p, struct pb_tcp o)
{
	uint8_t doff = o.doff ? o.doff : 5;
	uint32_t hlen = doff >= 5 ? doff * 4u : 20;
	uint32_t at = pb_zero(p, hlen), q, end = at + hlen;

	pb_w16(p, at, o.sport);
	pb_w16(p, at + 2, o.dport);
	pb_w32(p, at + 4, o.seq ? o.seq : 0x01000000);
	pb_w32(p, at + 8, o.ack);
	pb_w8(p, at + 12, (uint8_t)((doff & 0xf) << 4 | (o.res & 0xf)));
	pb_w8(p, at + 13, o.flags);
	pb_w16(p, at + 14, 64240);		/* window */
	q = at + 20;
	if (end - q >= 4) {			/* MSS 1460 */
		pb_w8(p, q, 2);
		pb_w8(p, q + 1, 4);
		pb_w16(p, q + 2, 1460);
		q += 4;
	}
	if (end - q >= 10) {			/* Timestamps */
		pb_w8(p, q, 8);
		pb_w8(p, q + 1, 10);
		pb_w32(p, q + 2, 0x00010000);
		q += 10;
	}
	if (end - q >= 3) {			/* Window scale 7 */
		pb_w8(p, q, 3);
		pb_w8(p, q + 1, 3);
		pb_w8(p, q + 2, 7);
		q += 3;
	}
	if (end - q >= 2) {			/* SACK permitted */
		pb_w8(p, q, 4);
		pb_w8(p, q + 1, 2);
		q += 2;
	}
	for (; q < end; q++)
		pb_w8(p, q, 1);			/* NOP */
	pb_mark(p, PB_K_TCP, at, hlen);
	return at;
}
#define PB_TCP(p, ...) pb_tcp((p), (struct pb_tcp){ __VA_ARGS__ })

/* UDP (RFC 768): ports, length (0: computed, PB_LEN0: literal 0), checksum 0. */
static inline uint32_t pb_udp(struct pb *p, uint16_t sport, uint16_t dport, uint32_t len)
{
	uint32_t at = pb_zero(p, 8);

	pb_w16(p, at, sport);
	pb_w16(p, at + 2, dport);
	pb_len16(p, at + 4, len, PB_FIX_UDP_LEN, at);
	pb_mark(p, PB_K_UDP, at, 8);
	return at;
}

/* ICMP (RFC 792): type, code, checksum (left 0), 4 bytes of rest. */
static inline uint32_t pb_icmp(struct pb *p, uint8_t type, uint8_t code, uint32_t rest)
{
	uint32_t at = pb_zero(p, 8);

	pb_w8(p, at, type);
	pb_w8(p, at + 1, code);
	pb_w32(p, at + 4, rest);
	pb_mark(p, PB_K_ICMP, at, 8);
	return at;
}

/* ICMPv6 (RFC 4443 2.1): the same 8-byte layout. */
static inline uint32_t pb_icmp6(struct pb *p, uint8_t type, uint8_t code, uint32_t rest)
{
	uint32_t at = pb_icmp(p, type, code, rest);

	if (p->nmarks > 0)
		p->m[p->nmarks - 1].kind = PB_K_ICMPV6;
	return at;
}

/* --- finishing ---------------------------------------------------------- */

/* Keep the first n bytes (a quote cut short, a truncated header). */
static inline void pb_cut(struct pb *p, uint32_t n)
{
	if (n < p->len) {
		memset(p->d + n, 0, p->len - n);
		p->len = n;
	}
}

static inline uint16_t pb_csum(const uint8_t *h, uint32_t n)
{
	uint32_t s = 0, i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(h[i] << 8 | h[i + 1]);
	if (n & 1)
		s += (uint32_t)h[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/*
 * Fill the computed length fields from the current end of the frame, then
 * the IPv4 header checksums. Fields cut off by pb_cut() stay as they are.
 */
static inline void pb_done(struct pb *p)
{
	int i;

	for (i = 0; i < p->nfix; i++) {
		const struct pb_fix *f = &p->fix[i];
		uint32_t s = f->start, at, v;

		switch (f->kind) {
		case PB_FIX_8023_LEN:
			at = s + 12;
			v = p->len - s - 14;
			break;
		case PB_FIX_IPV4_LEN:
			at = s + 2;
			v = p->len - s;
			break;
		case PB_FIX_IPV6_PLEN:
			at = s + 4;
			v = p->len - s - 40;
			break;
		case PB_FIX_UDP_LEN:
			at = s + 4;
			v = p->len - s;
			break;
		default:
			continue;
		}
		if (at + 2 <= p->len)
			pb_w16(p, at, (uint16_t)v);
	}
	for (i = 0; i < p->nfix; i++) {
		uint32_t s = p->fix[i].start, hlen;

		if (p->fix[i].kind != PB_FIX_IPV4_CSUM || s + 20 > p->len)
			continue;
		hlen = (p->d[s] & 0xf) * 4u;
		if (hlen < 20 || s + hlen > p->len)
			continue;
		pb_w16(p, s + 10, 0);
		pb_w16(p, s + 10, pb_csum(p->d + s, hlen));
	}
}

/* Ethernet padding up to n bytes (after pb_done: outside every length). */
static inline void pb_pad_to(struct pb *p, uint32_t n)
{
	if (p->len < n)
		pb_zero(p, n - p->len);
}

#endif /* TS_PKTBUILD_H */
