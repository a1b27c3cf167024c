/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * TCP (RFC 9293 3.1): src port(2) dst port(2) seq(4) ack(4) data offset(4
 * bits) reserved(4) flags(1: CWR ECE URG ACK PSH RST SYN FIN) window(2)
 * checksum(2) urgent(2), options to data offset*4 bytes. Data offset >= 5
 * and within the IP payload. Inside an ICMP error only the first 8 bytes
 * are quoted (RFC 792), so there the ports alone make a TCP header.
 */
#ifndef TS_PARSE_TCP_H
#define TS_PARSE_TCP_H

#include "common.h"
#include "tls.h"

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define TCP_ECE 0x40
#define TCP_CWR 0x80

/* Bytes of a TCP header an ICMP error must quote: ports and sequence. */
#define TCP_QUOTED_MIN 8

static __always_inline void ts_tcp_flags(struct pkt *p, __u8 f)
{
	int bad = 0;

	if (!f) {
		ts_count(p, TS_C_TCP_NOFLAGS);
		bad = 1;
	}
	if ((f & (TCP_SYN | TCP_FIN)) == (TCP_SYN | TCP_FIN)) {
		ts_count(p, TS_C_TCP_SYN_FIN);
		bad = 1;
	}
	if ((f & (TCP_SYN | TCP_RST)) == (TCP_SYN | TCP_RST)) {
		ts_count(p, TS_C_TCP_SYN_RST);
		bad = 1;
	}
	if ((f & (TCP_FIN | TCP_ACK)) == TCP_FIN) {
		ts_count(p, TS_C_TCP_FIN_NO_ACK);
		bad = 1;
	}
	if ((f & (TCP_FIN | TCP_PSH | TCP_URG)) == (TCP_FIN | TCP_PSH | TCP_URG)) {
		ts_count(p, TS_C_TCP_XMAS);
		bad = 1;
	}
	if (bad)
		ts_count(p, TS_C_TCP_INVALID);
	if (f & TCP_SYN)
		ts_count(p, f & TCP_ACK ? TS_C_TCP_SYNACK : TS_C_TCP_SYN);
	if (f & TCP_FIN)
		ts_count(p, TS_C_TCP_FIN);
	if (f & TCP_RST)
		ts_count(p, TS_C_TCP_RST);
	if (f & TCP_PSH)
		ts_count(p, TS_C_TCP_PSH);
	if (f & TCP_ACK)
		ts_count(p, TS_C_TCP_ACK);
	if (f & TCP_URG)
		ts_count(p, TS_C_TCP_URG);
	if (f & TCP_ECE)
		ts_count(p, TS_C_TCP_ECE);
	if (f & TCP_CWR)
		ts_count(p, TS_C_TCP_CWR);
}

static __always_inline int parse_tcp(struct pkt *p)
{
	struct tcphdr *th = ts_ptr(p, p->s->off, sizeof(*th));
	__u32 hlen;

	if (p->s->in_icmp) {
		/* RFC 792 quotes 8 bytes: the ports make a TCP header here */
		if (!ts_ptr(p, p->s->off, TCP_QUOTED_MIN) || ts_l3_left(p) < TCP_QUOTED_MIN)
			return ts_fail(p, TS_C_ERR_TCP_TRUNCATED);
		ts_count(p, TS_C_TCP);
		/* flags only from a whole quoted header */
		if (th && th->doff >= 5 && ts_l3_left(p) >= th->doff * 4 &&
		    ts_has(p, p->s->off, th->doff * 4))
			ts_tcp_flags(p, ((__u8 *)th)[13]);
		return TS_L_DONE;
	}
	if (!th || ts_l3_left(p) < sizeof(*th)) {
		/*
		 * A first fragment too small for the TCP header: the tiny
		 * fragment attack of RFC 1858. It is TCP (tshark counts it so)
		 * if the ports are there; it is also a failure mode.
		 */
		if (p->s->frag_first && ts_l3_left(p) < sizeof(*th) &&
		    ts_l3_left(p) >= TCP_QUOTED_MIN && ts_ptr(p, p->s->off, TCP_QUOTED_MIN)) {
			ts_count(p, TS_C_TCP);
			return ts_fail(p, TS_C_ERR_TCP_TINY_FRAGMENT);
		}
		return ts_fail(p, TS_C_ERR_TCP_TRUNCATED);
	}
	hlen = th->doff * 4;
	if (hlen < sizeof(*th))
		return ts_fail(p, TS_C_ERR_TCP_BAD_DOFF);
	if (hlen > ts_l3_left(p)) {
		/*
		 * Options running past the IP payload: malformed, unless this
		 * is a first fragment, whose header may go on in the next one
		 * (RFC 791 allows it; RFC 1858 warns about it). The fixed
		 * part is here: count it, do not look past it.
		 */
		if (!p->s->frag_first)
			return ts_fail(p, TS_C_ERR_TCP_BAD_DOFF);
		hlen = ts_l3_left(p);
	}
	if (!ts_has(p, p->s->off, hlen))
		return ts_fail(p, TS_C_ERR_TCP_TRUNCATED);
	ts_count(p, TS_C_TCP);
	ts_tcp_flags(p, ((__u8 *)th)[13]);
	p->s->off += hlen;
	ts_count_in(&tcp_flags, ((__u8 *)th)[13], p);
	if (p->s->tunnel)
		ts_count(p, TS_C_TCP_INNER);
	/* handshake tracking runs once the frame is parsed (ts_tcp_track) */
	p->s->tcp_seen = 1;
	p->s->tcp_flags = ((__u8 *)th)[13];
	p->s->tcp_sport = th->source;
	p->s->tcp_dport = th->dest;
	p->s->tcp_seq = bpf_ntohl(th->seq);
	p->s->tcp_ack = bpf_ntohl(th->ack_seq);
	if (!ts_l3_left(p))
		return TS_L_DONE;
	/* Payload: PPTP control on its port, either direction. */
	if (th->source == bpf_htons(cfg_pptp_port) || th->dest == bpf_htons(cfg_pptp_port))
		return TS_L_PPTP;
	/* TLS on any other port: only a payload that starts with a record header */
	return ts_tls_starts(p) ? TS_L_TLS : TS_L_DONE;
}

#endif /* TS_PARSE_TCP_H */
