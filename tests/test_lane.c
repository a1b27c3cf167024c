// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_lane: the lanes (bpf/lane.h) against the general parse.
 *
 * A lane counts a frame entirely itself or touches nothing; either way the
 * maps must end as the general parse (bpf/parse/) would leave them. Two
 * replay objects are loaded: lanes on (the default) and lanes off
 * (ts_config.no_lanes, cfg_no_lanes: every frame takes the general parse).
 * Every frame below runs alone through both, with the same capture time,
 * and what it moved must be the same in both:
 *   - every counter (index < __TS_C_MAX), packets and bytes;
 *   - the per-CPU arrays of counters by type: ppp_stats, tcp_flags,
 *     msg_types, pptp_msgs, l2tp_msgs;
 *   - the frame's gre_calls and l2tp_sess rows (present or not, every
 *     field: first/last seen come from the capture time, so they match
 *     exactly);
 *   - whole frames and sequences also compare every flow table byte for
 *     byte (both objects hash with the replay seed, so the same updates
 *     leave the same sets); after a difference the lanes-on tables are
 *     set back to the lanes-off ones, so one divergence fails one row.
 * Each frame's own table rows are emptied (their sets zeroed) before it
 * runs, so each run starts a new row; capture times are 2 s apart.
 *
 * Frames sit around the lanes' edges (a table, `specs`): plain TCP/UDP,
 * PPTP's GRE with every S/A combination, ack-only, payload length short
 * or long, VLAN, IPv6 outer, padding; PPP with and without address and
 * control, 1- and 2-byte protocol, MPPE, IPv4 and IPv6 inside; inner TCP
 * and UDP that the lane must take or must leave; L2TPv2 data with every
 * combination of L, S, O and P, bad lengths and offsets, the port pairs
 * that NAT-T and IKE take first, v3 and control messages.
 *
 * Which path ran: the general parse zeroes this CPU's frame_state and
 * stores the frame's time in it (ts_state_get()); the lane never touches
 * it. So the lane took a frame exactly when no CPU's frame_state holds
 * that run's (unique) capture time. Each row says whether the lane must
 * take it, must leave it (L2TP data with the O or P bit among them: the
 * lane leaves those to keep its signature space small), or may do either
 * (EITHER, for a row whose path is no part of the contract);
 * the "path" lines check that, so that a lane that stopped taking
 * anything cannot pass by agreeing trivially, and the lanes-off object
 * must never take one. A few rows also check exact counters and rows, so
 * that a lane and a general parse wrong in the same way still fail.
 *
 * Sequences run several frames through one GRE call or L2TP session (lane
 * and general parse mixed: loss, reorder, duplicates, wrap, resync), a
 * TCP handshake, whose completing ACK the lane must leave to
 * ts_tcp_track(), and three rows hashed into one set, whose evictions the
 * lane counts itself.
 *
 * Sweep: every frame again at every captured length from 14 up (wire
 * length unchanged, a snaplen cut) and at every shorter wire length
 * (captured = wire: a short frame), lanes on against off each time
 * (msg_types, pptp_msgs and l2tp_msgs summed over the sweep: see
 * NCM_SWEEP).
 *
 * Output: "ok - NAME" / "FAIL - NAME: why" per check, then "N passed, N
 * failed"; exit 1 on any failure. --no-sweep skips the sweep. Needs root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tunnelstat.h"
#include "bpfobj.h"
#include "exitcodes.h"
#include "replay.h"
#include "report.h"
#include "stats.h"
#include "table.h"
#include "pktbuild.h"
#include "harness.h"

/* GRE flags/version word (RFC 2784, RFC 2637 4.1) */
#define G_C	0x8000
#define G_R	0x4000
#define G_K	0x2000
#define G_S	0x1000
#define G_A	0x0080
#define G_V1	0x0001
#define GRE_PPP	0x880B

/* L2TP flags/version word (RFC 2661 3.1, RFC 3931 3.2) */
#define L_T	0x8000
#define L_L	0x4000
#define L_S	0x0800
#define L_O	0x0200
#define L_P	0x0100
#define L_V2	0x0002
#define L_V3	0x0003

/* PPP protocols (RFC 1661, RFC 1332, RFC 5072, RFC 1962, RFC 3078) */
#define P_IP4	0x0021
#define P_IP6	0x0057
#define P_COMP	0x00FD
#define P_LCP	0xC021
#define P_IPCP	0x8021
#define P_CCP	0x80FD
#define P_OTHER	0x002B	/* an odd low byte, not one the lane knows (IPX) */

/* Ports: IKE (RFC 7296), NAT-T (RFC 3948), L2TP (RFC 2661), RADIUS (RFC 2865), PPTP */
#define PORT_IKE	500
#define PORT_NATT	4500
#define PORT_L2TP	1701
#define PORT_RADIUS	1812
#define PORT_PPTP	1723

/* Capture times: far from 0 (0 means "read the clock") and 2 s apart. */
#define TS_BASE_NS	1700000000000000000ULL
#define RUN_GAP_NS	2000000000ULL

enum { T_NONE, T_GRE, T_L2TP };

/*
 * A row the lane may take or leave: only the counts must agree. L2TP's O
 * and P bits are rare; whether the lane takes them is its own choice.
 */
#define EITHER (-1)

/*
 * One frame. Fields left 0 take the usual value: outer IPv4 without VLAN,
 * GRE v1 with K (S, A as gs, ga) carrying PPP, L2TPv2 data on 1701 both
 * ways, TCP ACK 40000 -> 443, UDP 40001 -> 53. Lengths are computed
 * ("natural") and then moved by the signed adjustments.
 */
struct spec {
	const char *name;
	int take;		/* 1: the lane must take it; 0: leave it; EITHER */
	/* Ethernet and the outer IP header */
	uint16_t vlan, vlan2;	/* TPIDs of up to two tags */
	uint8_t v6;
	uint8_t oihl;
	uint16_t ofrag;
	int olen;		/* outer IP length field: natural + this */
	uint8_t tun;		/* T_NONE: the outer packet carries proto itself */
	/* GRE */
	uint16_t gflags;	/* the whole flags/version word, if not 0 */
	uint8_t gs, ga;
	uint16_t gproto;
	int plen;		/* payload length: natural + this */
	uint8_t plen0;		/* payload length 0 whatever follows */
	/* L2TP */
	uint16_t lflags;	/* the whole flags/version word, if not 0 */
	uint16_t usport, udport;
	int ulen;		/* UDP length: natural + this */
	int llen;		/* Length field: natural + this */
	uint16_t osize;		/* Offset Size, padding written unless nopad */
	uint8_t nopad;
	/* PPP (tunnels): the protocol, 0 for no PPP frame at all */
	uint16_t ppp;
	uint8_t noacf, pfc;
	uint16_t cdata;		/* bytes after a protocol other than IP */
	/* the packet in the tunnel (ip 4 or 6), or the outer one's transport */
	uint8_t ip;
	uint8_t iihl;
	uint16_t ifrag;
	uint8_t proto;		/* TCP, UDP, ICMP, IPv6 (41), IPv4 (4) */
	uint8_t tflags, doff;
	uint16_t sport, dport;
	uint32_t tseq, tack;
	uint16_t data;		/* payload bytes */
	uint8_t tls;		/* 1: a TLS record header starts the payload; 2: only
				 * its first 4 bytes are the payload */
	/* after the tunnel's payload */
	uint16_t trail;		/* bytes inside the outer packet (L2TP: inside
				 * the UDP datagram, unless trail_ip) */
	uint8_t trail_ip;
	uint16_t pad;		/* Ethernet padding up to this many bytes */
};

#define PLAIN(n, t, ...) { .name = n, .take = t, .tun = T_NONE, __VA_ARGS__ }
#define GRE(n, t, ...) { .name = n, .take = t, .tun = T_GRE, __VA_ARGS__ }
#define L2TP(n, t, ...) { .name = n, .take = t, .tun = T_L2TP, __VA_ARGS__ }
#define TCP_ .proto = PB_IP_TCP
#define UDP_ .proto = PB_IP_UDP

static const struct spec specs[] = {
	/* ---- plain frames (the first lane) ---- */
	PLAIN("plain ipv4 tcp ack", 1, TCP_),
	PLAIN("plain ipv4 tcp ack padded to 60", 1, TCP_, .pad = 60),
	PLAIN("plain ipv4 tcp psh-ack data", 1, TCP_, .tflags = PB_TCP_PSH | PB_TCP_ACK,
	      .data = 100),
	PLAIN("plain ipv4 tcp psh-ack tls record", 0, TCP_, .tflags = PB_TCP_PSH | PB_TCP_ACK,
	      .data = 40, .tls = 1),
	PLAIN("plain ipv4 tcp ack 4 bytes 16 03 03 00", 1, TCP_, .tls = 2, .dport = 8443),
	PLAIN("plain ipv4 tcp ack options doff 8", 1, TCP_, .doff = 8),
	PLAIN("plain ipv4 tcp ack doff 4", 0, TCP_, .doff = 4),
	PLAIN("plain ipv4 tcp ack to 1723 no payload", 1, TCP_, .dport = PORT_PPTP),
	PLAIN("plain ipv4 tcp psh-ack to 1723 payload", 0, TCP_, .dport = PORT_PPTP,
	      .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 16),
	PLAIN("plain ipv4 tcp ack from 1723 options", 0, TCP_, .sport = PORT_PPTP, .doff = 6),
	PLAIN("plain ipv4 tcp syn", 0, TCP_, .tflags = PB_TCP_SYN),
	PLAIN("plain ipv4 tcp fin-ack", 0, TCP_, .tflags = PB_TCP_FIN | PB_TCP_ACK),
	PLAIN("plain ipv4 tcp rst-ack", 0, TCP_, .tflags = PB_TCP_RST | PB_TCP_ACK),
	PLAIN("plain ipv4 tcp ack urg", 0, TCP_, .tflags = PB_TCP_URG | PB_TCP_ACK),
	PLAIN("plain ipv4 tcp ack ece cwr", 0, TCP_,
	      .tflags = PB_TCP_ECE | PB_TCP_CWR | PB_TCP_ACK),
	PLAIN("plain ipv4 udp 53", 1, UDP_, .data = 30),
	PLAIN("plain ipv4 udp 53 short of the ip payload", 1, UDP_, .data = 12, .trail = 6),
	PLAIN("plain ipv4 udp length beyond ip payload", 0, UDP_, .data = 12, .olen = -4),
	PLAIN("plain ipv4 udp to 500", 0, UDP_, .dport = PORT_IKE, .data = 30),
	PLAIN("plain ipv4 udp from 4500", 0, UDP_, .sport = PORT_NATT, .data = 30),
	PLAIN("plain ipv4 udp to 1701", 0, UDP_, .dport = PORT_L2TP, .data = 30),
	PLAIN("plain ipv4 udp to 1812", 0, UDP_, .dport = PORT_RADIUS, .data = 30),
	PLAIN("plain ipv4 udp from 1813", 0, UDP_, .sport = 1813, .data = 30),
	PLAIN("plain ipv4 icmp echo", 0, .proto = PB_IP_ICMP, .data = 8),
	PLAIN("plain ipv4 options udp", 0, UDP_, .oihl = 6, .data = 8),
	PLAIN("plain ipv4 first fragment udp", 0, UDP_, .ofrag = PB_IP4_MF, .data = 8),
	PLAIN("plain ipv4 later fragment tcp", 0, TCP_, .ofrag = 100),
	PLAIN("plain ipv4 total length beyond frame", 0, TCP_, .olen = 8),
	PLAIN("plain ipv6 tcp ack", 1, TCP_, .v6 = 1),
	PLAIN("plain ipv6 udp 53 padded", 1, UDP_, .v6 = 1, .data = 2, .pad = 80),
	PLAIN("plain ipv6 udp to 4500", 0, UDP_, .v6 = 1, .dport = PORT_NATT, .data = 9),
	PLAIN("plain vlan ipv6 tcp psh-ack", 1, TCP_, .vlan = PB_ETH_8021Q, .v6 = 1,
	      .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 50),
	PLAIN("plain 802.1ad ipv4 udp", 1, UDP_, .vlan = PB_ETH_8021AD, .data = 20),
	PLAIN("plain 0x9100 ipv4 tcp ack", 1, TCP_, .vlan = PB_ETH_QINQ),
	PLAIN("plain qinq ipv4 tcp ack", 0, TCP_, .vlan = PB_ETH_8021AD, .vlan2 = PB_ETH_8021Q),

	/* ---- PPTP's GRE: header shapes ---- */
	GRE("gre v1 K ppp ipv4 tcp ack", 1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 S ppp ipv4 tcp ack", 1, .gs = 1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 A ppp ipv4 tcp ack", 1, .ga = 1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 S A ppp ipv4 tcp ack", 1, .gs = 1, .ga = 1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 ack-only A", 1, .ga = 1, .pad = 60),
	GRE("gre v1 ack-only S A", 1, .gs = 1, .ga = 1, .pad = 60),
	GRE("gre v1 ack-only K", 1, .pad = 60),
	GRE("gre v1 ack-only S", 1, .gs = 1),
	GRE("gre v1 payload length 0 with bytes after", 1, .ga = 1, .plen0 = 1, .ppp = P_IP4,
	    .ip = 4),
	GRE("gre v1 ack-only A ipv6 outer", 1, .v6 = 1, .ga = 1),
	GRE("gre v1 ack-only A vlan", 1, .vlan = PB_ETH_8021Q, .ga = 1),
	GRE("gre v1 ack-only A padded to 80", 1, .ga = 1, .pad = 80),
	GRE("gre v1 S payload length +10 comp", 1, .gs = 1, .plen = 10, .ppp = P_COMP,
	    .cdata = 30),
	GRE("gre v1 S payload length +10 ipv4 tcp", 1, .gs = 1, .plen = 10, .ppp = P_IP4,
	    .ip = 4),
	GRE("gre v1 S payload length -3 comp", 1, .gs = 1, .plen = -3, .ppp = P_COMP,
	    .cdata = 30),
	GRE("gre v1 S payload length -3 ipv4 tcp", 0, .gs = 1, .plen = -3, .ppp = P_IP4,
	    .ip = 4),
	GRE("gre v1 payload length 1", 0, .gs = 1, .ppp = P_COMP, .pfc = 1, .noacf = 1),
	GRE("gre v1 payload length 2 ff 03", 0, .gs = 1, .plen = -1, .ppp = P_COMP, .pfc = 1),
	GRE("gre v1 S trailing bytes in the ip packet", 1, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .trail = 7),
	GRE("gre v1 S A padded to 128", 1, .gs = 1, .ga = 1, .ppp = P_COMP, .cdata = 10,
	    .pad = 128),
	GRE("gre v1 S A vlan ppp ipv4 tcp ack", 1, .vlan = PB_ETH_8021Q, .gs = 1, .ga = 1,
	    .ppp = P_IP4, .ip = 4),
	GRE("gre v1 S A ppp ipv4 tcp ack padded to 128", 1, .gs = 1, .ga = 1, .ppp = P_IP4,
	    .ip = 4, .pad = 128),
	GRE("gre v1 A ipv6 outer ppp pfc ipv6 tcp ack padded to 160", 1, .v6 = 1, .ga = 1,
	    .ppp = P_IP6, .pfc = 1, .noacf = 1, .ip = 6, .pad = 160),
	GRE("gre v1 S A ipv6 outer ppp ipv6 tcp ack", 1, .v6 = 1, .gs = 1, .ga = 1,
	    .ppp = P_IP6, .ip = 6),
	GRE("gre v1 S 802.1ad ipv6 outer ppp ipv4 udp", 1, .vlan = PB_ETH_8021AD, .v6 = 1,
	    .gs = 1, .ppp = P_IP4, .ip = 4, UDP_, .data = 20),
	GRE("gre v1 S qinq", 0, .vlan = PB_ETH_8021AD, .vlan2 = PB_ETH_8021Q, .gs = 1,
	    .ppp = P_IP4, .ip = 4),
	GRE("gre v1 reserved flag bits", 1, .gflags = G_K | G_S | 0x0800 | 0x0700 | 0x0078 | G_V1,
	    .ppp = P_IP4, .ip = 4),
	GRE("gre v1 S A words beyond the ip packet", 0, .gs = 1, .ga = 1, .olen = -2,
	    .pad = 60),
	GRE("gre v1 outer total length beyond frame", 0, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .olen = 4),
	GRE("gre v1 outer ipv4 options", 0, .oihl = 6, .gs = 1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 outer first fragment", 0, .ofrag = PB_IP4_MF, .gs = 1, .ppp = P_IP4,
	    .ip = 4),
	GRE("gre v1 without K", 0, .gflags = G_S | G_V1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 with C", 0, .gflags = G_C | G_K | G_V1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 with R", 0, .gflags = G_R | G_K | G_V1, .ppp = P_IP4, .ip = 4),
	GRE("gre v1 protocol 0x0800", 0, .gs = 1, .gproto = 0x0800, .ppp = P_IP4, .ip = 4),
	GRE("gre v0 K protocol 0x880b", 0, .gflags = G_K, .ppp = P_IP4, .ip = 4),
	GRE("gre version 2", 0, .gflags = G_K | 2, .ppp = P_IP4, .ip = 4),

	/* ---- PPP in GRE ---- */
	GRE("gre ppp ff03 2-byte ipv4", 1, .gs = 1, .ppp = P_IP4, .ip = 4),
	GRE("gre ppp no acf 2-byte ipv4", 1, .gs = 1, .ppp = P_IP4, .noacf = 1, .ip = 4),
	GRE("gre ppp ff03 pfc ipv4", 1, .gs = 1, .ppp = P_IP4, .pfc = 1, .ip = 4),
	GRE("gre ppp no acf pfc ipv4", 1, .gs = 1, .ppp = P_IP4, .noacf = 1, .pfc = 1, .ip = 4),
	GRE("gre ppp ff03 comp", 1, .gs = 1, .ga = 1, .ppp = P_COMP, .cdata = 60),
	GRE("gre ppp no acf comp", 1, .gs = 1, .ppp = P_COMP, .noacf = 1, .cdata = 60),
	GRE("gre ppp no acf pfc comp", 1, .gs = 1, .ppp = P_COMP, .noacf = 1, .pfc = 1,
	    .cdata = 60),
	GRE("gre ppp comp nothing after", 1, .gs = 1, .ppp = P_COMP, .pfc = 1, .pad = 60),
	GRE("gre ppp ff03 ipv6 tcp ack", 1, .gs = 1, .ppp = P_IP6, .ip = 6),
	GRE("gre ppp pfc ipv6 tcp psh-ack", 1, .gs = 1, .ppp = P_IP6, .pfc = 1, .ip = 6,
	    .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 33),
	GRE("gre ppp lcp echo", 0, .gs = 1, .ppp = P_LCP, .cdata = 8),
	GRE("gre ppp ipcp", 0, .gs = 1, .ppp = P_IPCP, .noacf = 1, .cdata = 10),
	GRE("gre ppp ccp", 0, .gs = 1, .ppp = P_CCP, .cdata = 6),
	GRE("gre ppp pfc 0x2b", 0, .gs = 1, .ppp = P_OTHER, .pfc = 1, .cdata = 10),
	GRE("gre ppp ff then 0x21", 0, .gs = 1, .ppp = 0xFF21, .noacf = 1, .cdata = 10),

	/* ---- what the PPP frame carries ---- */
	GRE("gre inner tcp psh-ack data", 1, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 200),
	GRE("gre inner tcp tls record", 0, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 30, .tls = 1),
	GRE("gre inner tcp to 1723 payload", 0, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .dport = PORT_PPTP, .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 20),
	GRE("gre inner tcp to 1723 no payload", 1, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .dport = PORT_PPTP),
	GRE("gre inner tcp syn", 0, .gs = 1, .ppp = P_IP4, .ip = 4, .tflags = PB_TCP_SYN),
	GRE("gre inner tcp fin-ack", 0, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .tflags = PB_TCP_FIN | PB_TCP_ACK),
	GRE("gre inner tcp rst", 0, .gs = 1, .ppp = P_IP4, .ip = 4, .tflags = PB_TCP_RST),
	GRE("gre inner tcp ack options doff 15", 1, .gs = 1, .ppp = P_IP4, .ip = 4, .doff = 15),
	GRE("gre inner udp 53", 1, .gs = 1, .ppp = P_IP4, .ip = 4, UDP_, .data = 25),
	GRE("gre inner udp to 500", 0, .gs = 1, .ppp = P_IP4, .ip = 4, UDP_,
	    .dport = PORT_IKE, .data = 28),
	GRE("gre inner udp to 4500", 0, .gs = 1, .ppp = P_IP4, .ip = 4, UDP_,
	    .dport = PORT_NATT, .data = 1),
	GRE("gre inner udp to 1701", 0, .gs = 1, .ppp = P_IP4, .ip = 4, UDP_,
	    .dport = PORT_L2TP, .data = 12),
	GRE("gre inner udp to 1812", 0, .gs = 1, .ppp = P_IP4, .ip = 4, UDP_,
	    .dport = PORT_RADIUS, .data = 20),
	GRE("gre inner icmp", 0, .gs = 1, .ppp = P_IP4, .ip = 4, .proto = PB_IP_ICMP),
	GRE("gre inner ipv4 options", 0, .gs = 1, .ppp = P_IP4, .ip = 4, .iihl = 6),
	GRE("gre inner ipv4 first fragment", 0, .gs = 1, .ppp = P_IP4, .ip = 4,
	    .ifrag = PB_IP4_MF),
	GRE("gre inner ipv4 later fragment", 0, .gs = 1, .ppp = P_IP4, .ip = 4, .ifrag = 20),
	GRE("gre inner ipv6-in-ipv4", 0, .gs = 1, .ppp = P_IP4, .ip = 4, .proto = PB_IP_IPV6),
	GRE("gre inner ipv4-in-ipv6", 0, .gs = 1, .ppp = P_IP6, .ip = 6, .proto = PB_IP_IPIP),
	GRE("gre ipv4 outer ipv6 inner tcp ack", 1, .ppp = P_IP6, .ip = 6),
	GRE("gre ipv6 outer ipv4 inner udp", 1, .v6 = 1, .gs = 1, .ppp = P_IP4, .ip = 4, UDP_,
	    .data = 8),
	GRE("gre ppp ipv4 but ipv6 inside", 0, .gs = 1, .ppp = P_IP4, .ip = 6),

	/* ---- L2TPv2 data: header shapes ---- */
	L2TP("l2tp data", 1, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L", 1, .lflags = L_V2 | L_L, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data S", 1, .lflags = L_V2 | L_S, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data O 0", 0, .lflags = L_V2 | L_O, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data P", 0, .lflags = L_V2 | L_P, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L S", 1, .lflags = L_V2 | L_L | L_S, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L O 0", 0, .lflags = L_V2 | L_L | L_O, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L P", 0, .lflags = L_V2 | L_L | L_P, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data S O 0", 0, .lflags = L_V2 | L_S | L_O, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data S P", 0, .lflags = L_V2 | L_S | L_P, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data O 0 P", 0, .lflags = L_V2 | L_O | L_P, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L S O 0", 0, .lflags = L_V2 | L_L | L_S | L_O, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L S P", 0, .lflags = L_V2 | L_L | L_S | L_P, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L O 0 P", 0, .lflags = L_V2 | L_L | L_O | L_P, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data S O 0 P", 0, .lflags = L_V2 | L_S | L_O | L_P, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L S O 0 P", 0, .lflags = L_V2 | L_L | L_S | L_O | L_P, .ppp = P_IP4,
	     .ip = 4),
	L2TP("l2tp data O 4", 0, .lflags = L_V2 | L_O, .osize = 4, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data L S O 3 P", 0, .lflags = L_V2 | L_L | L_S | L_O | L_P, .osize = 3,
	     .ppp = P_COMP, .cdata = 20),
	L2TP("l2tp data O beyond the message", 0, .lflags = L_V2 | L_O, .osize = 200,
	     .nopad = 1, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data O to the message end", 0, .lflags = L_V2 | L_L | L_O, .osize = 6,
	     .pad = 64),
	L2TP("l2tp data O to one byte short of the end", 0, .lflags = L_V2 | L_O, .osize = 6,
	     .ppp = P_COMP, .pfc = 1, .noacf = 1),
	L2TP("l2tp data Length too small", 0, .lflags = L_V2 | L_L | L_S, .llen = -1000,
	     .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data Length header - 1", 0, .lflags = L_V2 | L_L, .llen = -1000 + 7,
	     .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data Length beyond the datagram", 0, .lflags = L_V2 | L_L, .llen = 1,
	     .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data Length = header, ppp after it", 1, .lflags = L_V2 | L_L | L_S,
	     .llen = -1000 + 12, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data Length cuts the inner packet", 0, .lflags = L_V2 | L_L, .llen = -5,
	     .ppp = P_IP4, .ip = 4),
	L2TP("l2tp data Length, bytes after in the datagram", 1, .lflags = L_V2 | L_L,
	     .ppp = P_IP4, .ip = 4, .trail = 9),
	L2TP("l2tp data, bytes after in the datagram", 1, .ppp = P_IP4, .ip = 4, .trail = 9),
	L2TP("l2tp data, bytes after the datagram", 1, .lflags = L_V2 | L_S, .ppp = P_IP4,
	     .ip = 4, .trail = 9, .trail_ip = 1),
	L2TP("l2tp data no ppp", 1, .pad = 60),
	L2TP("l2tp data L S no ppp", 1, .lflags = L_V2 | L_L | L_S, .pad = 60),
	L2TP("l2tp data one byte of ppp", 0, .ppp = P_COMP, .pfc = 1, .noacf = 1, .pad = 60),
	L2TP("l2tp data header beyond the datagram", 0, .lflags = L_V2 | L_L | L_S | L_O,
	     .ulen = -8, .pad = 60),
	L2TP("l2tp udp length beyond the ip payload", 0, .ppp = P_IP4, .ip = 4, .ulen = 2),
	L2TP("l2tp udp length 7", 0, .ppp = P_IP4, .ip = 4, .ulen = -1000),

	/* ---- PPP and the packet in L2TP ---- */
	L2TP("l2tp ppp no acf ipv4 tcp", 1, .lflags = L_V2 | L_S, .ppp = P_IP4, .noacf = 1,
	     .ip = 4),
	L2TP("l2tp ppp pfc ipv4 tcp", 1, .lflags = L_V2 | L_L, .ppp = P_IP4, .pfc = 1, .ip = 4),
	L2TP("l2tp ppp comp", 1, .ppp = P_COMP, .cdata = 40),
	L2TP("l2tp ppp no acf pfc comp", 1, .lflags = L_V2 | L_S, .ppp = P_COMP, .noacf = 1,
	     .pfc = 1, .cdata = 40),
	L2TP("l2tp ppp ipv6 tcp psh-ack", 1, .ppp = P_IP6, .ip = 6,
	     .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 10),
	L2TP("l2tp L S ppp ipv4 udp", 1, .lflags = L_V2 | L_L | L_S, .ppp = P_IP4, .ip = 4, UDP_,
	     .data = 30),
	L2TP("l2tp ppp ipv4 udp to 4500", 0, .ppp = P_IP4, .ip = 4, UDP_, .dport = PORT_NATT,
	     .data = 30),
	L2TP("l2tp ppp ipv4 udp to 1701", 0, .ppp = P_IP4, .ip = 4, UDP_, .dport = PORT_L2TP,
	     .data = 30),
	L2TP("l2tp ppp ipv4 tcp syn", 0, .ppp = P_IP4, .ip = 4, .tflags = PB_TCP_SYN),
	L2TP("l2tp ppp ipv4 tcp tls", 0, .ppp = P_IP4, .ip = 4, .data = 20, .tls = 1),
	L2TP("l2tp ppp ipv4 icmp", 0, .ppp = P_IP4, .ip = 4, .proto = PB_IP_ICMP),
	L2TP("l2tp ppp lcp", 0, .lflags = L_V2 | L_L | L_S, .ppp = P_LCP, .cdata = 12),
	L2TP("l2tp ppp ipcp", 0, .ppp = P_IPCP, .cdata = 10),

	/* ---- outer shapes and ports ---- */
	L2TP("l2tp ipv6 outer", 1, .v6 = 1, .lflags = L_V2 | L_L | L_S, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp vlan ipv6 outer ipv6 inner", 1, .vlan = PB_ETH_8021Q, .v6 = 1, .ppp = P_IP6,
	     .ip = 6),
	L2TP("l2tp from 1701 to 50000", 1, .usport = PORT_L2TP, .udport = 50000, .ppp = P_IP4,
	     .ip = 4),
	L2TP("l2tp from 50000 to 1701", 1, .usport = 50000, .udport = PORT_L2TP, .ppp = P_IP4,
	     .ip = 4),
	L2TP("l2tp from 1701 to 1812", 1, .usport = PORT_L2TP, .udport = PORT_RADIUS,
	     .ppp = P_IP4, .ip = 4),
	L2TP("l2tp from 500 to 1701", 0, .usport = PORT_IKE, .udport = PORT_L2TP, .ppp = P_IP4,
	     .ip = 4),
	L2TP("l2tp from 1701 to 500", 0, .usport = PORT_L2TP, .udport = PORT_IKE, .ppp = P_IP4,
	     .ip = 4),
	L2TP("l2tp from 4500 to 1701", 0, .usport = PORT_NATT, .udport = PORT_L2TP,
	     .ppp = P_IP4, .ip = 4),
	L2TP("l2tp from 1701 to 4500", 0, .usport = PORT_L2TP, .udport = PORT_NATT,
	     .ppp = P_IP4, .ip = 4),
	L2TP("l2tp outer ipv4 options", 0, .oihl = 6, .ppp = P_IP4, .ip = 4),
	L2TP("l2tp qinq", 0, .vlan = PB_ETH_8021AD, .vlan2 = PB_ETH_8021Q, .ppp = P_IP4,
	     .ip = 4),
	L2TP("l2tp padded to 200", 1, .lflags = L_V2 | L_L, .ppp = P_COMP, .cdata = 4,
	     .pad = 200),
	L2TP("l2tp L S ipv4 tcp ack padded to 128", 1, .lflags = L_V2 | L_L | L_S, .ppp = P_IP4,
	     .ip = 4, .pad = 128),
	L2TP("l2tp vlan ipv6 outer udp padded to 160", 1, .vlan = PB_ETH_8021Q, .v6 = 1,
	     .ppp = P_IP4, .ip = 4, UDP_, .data = 3, .pad = 160),

	/* ---- what the tunnel lane must leave ---- */
	L2TP("l2tpv3 data over udp", 0, .lflags = L_V3, .ppp = P_IP4, .ip = 4),
	L2TP("l2tpv3 control over udp", 0, .lflags = L_V3 | L_T | L_L | L_S),
	L2TP("l2tp control zlb", 0, .lflags = L_V2 | L_T | L_L | L_S, .pad = 60),
	L2TP("l2tp control without L", 0, .lflags = L_V2 | L_T | L_S, .pad = 60),
	L2TP("l2tp version 1", 0, .lflags = 0x0001, .ppp = P_IP4, .ip = 4),
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

/* ---- building frames --------------------------------------------------- */

struct frame {
	const struct spec *s;
	uint32_t oip;			/* outer IP header */
	uint32_t iip;			/* inner IP header, 0: none */
	uint32_t gre, l2tp;		/* tunnel header, 0: none */
	uint32_t seq_at, ack_at;	/* GRE S and A words, 0: none */
	int has_gk, has_lk;
	struct ts_gre_key gk;		/* the rows the general parse would write */
	struct ts_l2tp_key lk;
	struct pb p;			/* last: build() clears what is before it */
};

/* The payload of a transport header. */
static void put_payload(struct pb *p, const struct spec *s)
{
	uint32_t at;

	if (s->tls) {
		/* a handshake record header of TLS 1.2 (RFC 5246 6.2.1) */
		at = pb_zero(p, s->tls == 1 ? 5 : 4);
		pb_w8(p, at, 0x16);
		pb_w8(p, at + 1, 3);
		pb_w8(p, at + 2, 3);
		if (s->tls == 2)
			return;	/* 4 bytes: not a record header yet */
		pb_w16(p, at + 3, s->data);
	}
	pb_data(p, s->data);
}

/* The transport (or IP in IP) after an IP header. */
static void put_l4(struct pb *p, const struct spec *s)
{
	uint8_t proto = s->proto ? s->proto : PB_IP_TCP;

	switch (proto) {
	case PB_IP_TCP:
		PB_TCP(p, .sport = s->sport ? s->sport : 40000, .dport = s->dport ? s->dport : 443,
		       .flags = s->tflags ? s->tflags : PB_TCP_ACK, .doff = s->doff,
		       .seq = s->tseq, .ack = s->tack ? s->tack : 0x5000);
		put_payload(p, s);
		break;
	case PB_IP_UDP:
		pb_udp(p, s->sport ? s->sport : 40001, s->dport ? s->dport : 53, 0);
		put_payload(p, s);
		break;
	case PB_IP_ICMP:
		pb_icmp(p, 8, 0, 0x00010001);	/* echo request */
		pb_data(p, s->data);
		break;
	case PB_IP_IPV6:
		PB_IPV6(p, .next = PB_IP_TCP);
		PB_TCP(p, .sport = 40000, .dport = 443, .flags = PB_TCP_ACK, .ack = 0x5000);
		break;
	case PB_IP_IPIP:
		PB_IPV4(p, .proto = PB_IP_TCP);
		PB_TCP(p, .sport = 40000, .dport = 443, .flags = PB_TCP_ACK, .ack = 0x5000);
		break;
	}
}

/* Add d to the 16-bit length field at off. */
static void len_add(struct pb *p, uint32_t off, int d)
{
	pb_w16(p, off, (uint16_t)(pb_r16(p->d + off) + d));
}

/* The rows the general parse would write for the frame (from its bytes). */
static void frame_keys(struct frame *f)
{
	const uint8_t *d = f->p.d;
	uint32_t a = f->s->v6 ? f->oip + 8 : f->oip + 12, n = f->s->v6 ? 16 : 4;
	uint8_t fam = f->s->v6 ? 6 : 4;

	memset(&f->gk, 0, sizeof(f->gk));
	memset(&f->lk, 0, sizeof(f->lk));
	f->has_gk = f->has_lk = 0;
	if (f->gre) {
		memcpy(f->gk.src, d + a, n);
		memcpy(f->gk.dst, d + a + n, n);
		memcpy(&f->gk.call_id, d + f->gre + 6, 2);
		f->gk.family = fam;
		f->has_gk = 1;
	}
	if (f->l2tp && (pb_r16(d + f->l2tp) & 0xf) == 2) {
		uint32_t id = f->l2tp + ((pb_r16(d + f->l2tp) & L_L) ? 4 : 2);

		memcpy(f->lk.a, d + a, n);
		memcpy(f->lk.b, d + a + n, n);
		f->lk.tunnel_id = pb_r16(d + id);
		f->lk.session_id = pb_r16(d + id + 2);
		f->lk.version = 2;
		f->lk.family = fam;
		f->has_lk = 1;
	}
}

/*
 * Build the frame of spec s; id is its GRE Call ID or L2TP Tunnel ID
 * (Session ID id ^ 0x5a5a), so rows of different frames never meet.
 */
static void build(struct frame *f, const struct spec *s, uint16_t id)
{
	struct pb *p = &f->p;
	uint16_t et = s->v6 ? PB_ETH_IPV6 : PB_ETH_IPV4, fl;
	uint8_t oproto = s->tun == T_GRE ? 47 : s->tun == T_L2TP ? PB_IP_UDP :
			 (s->proto ? s->proto : PB_IP_TCP);
	uint32_t oudp = 0, hdr_end = 0, llen_at = 0, tpe, at, i;

	memset(f, 0, offsetof(struct frame, p));	/* pb_init() clears p */
	f->s = s;
	pb_init(p);
	if (s->vlan) {
		pb_eth(p, s->vlan);
		if (s->vlan2) {
			pb_vlan(p, 100, s->vlan2);
			pb_vlan(p, 200, et);
		} else {
			pb_vlan(p, 100, et);
		}
	} else {
		pb_eth(p, et);
	}
	f->oip = s->v6 ? PB_IPV6(p, .next = oproto) :
			 PB_IPV4(p, .proto = oproto, .ihl = s->oihl, .frag = s->ofrag);
	switch (s->tun) {
	case T_NONE:
		put_l4(p, s);
		break;
	case T_GRE:
		fl = s->gflags ? s->gflags : G_K | G_V1 | (s->gs ? G_S : 0) | (s->ga ? G_A : 0);
		f->gre = pb_zero(p, 8);
		pb_w16(p, f->gre, fl);
		pb_w16(p, f->gre + 2, s->gproto ? s->gproto : GRE_PPP);
		pb_w16(p, f->gre + 6, id);
		if (fl & G_S) {
			f->seq_at = pb_zero(p, 4);
			pb_w32(p, f->seq_at, 1);
		}
		if ((fl & G_A) && (fl & 7) == 1) {
			f->ack_at = pb_zero(p, 4);
			pb_w32(p, f->ack_at, 1);
		}
		hdr_end = p->len;
		break;
	case T_L2TP:
		fl = s->lflags ? s->lflags : L_V2;
		oudp = pb_udp(p, s->usport ? s->usport : PORT_L2TP,
			      s->udport ? s->udport : PORT_L2TP, 0);
		f->l2tp = pb_zero(p, 2);
		pb_w16(p, f->l2tp, fl);
		if ((fl & 0xf) == 3) {
			if (fl & L_T) {
				/* Length, Control Connection ID, Ns, Nr: a ZLB */
				llen_at = pb_zero(p, 2);
				at = pb_zero(p, 8);
				pb_w32(p, at, 0x10000u + id);
			} else {
				/* reserved, Session ID */
				at = pb_zero(p, 6);
				pb_w32(p, at + 2, 0x10000u + id);
			}
			hdr_end = p->len;
			break;
		}
		if (fl & L_L)
			llen_at = pb_zero(p, 2);
		at = pb_zero(p, 4);
		pb_w16(p, at, id);
		pb_w16(p, at + 2, id ^ 0x5a5a);
		if (fl & L_S) {
			at = pb_zero(p, 4);
			pb_w16(p, at, 7);	/* Ns */
			pb_w16(p, at + 2, 9);	/* Nr */
		}
		if (fl & L_O) {
			at = pb_zero(p, 2);
			pb_w16(p, at, s->osize);
			if (!s->nopad) {
				at = pb_zero(p, s->osize);
				for (i = 0; i < s->osize; i++)
					pb_w8(p, at + i, 0xCC);
			}
		}
		hdr_end = p->len;
		break;
	}
	if (s->tun != T_NONE && s->ppp) {
		if (!s->noacf) {
			at = pb_zero(p, 2);
			pb_w8(p, at, 0xFF);
			pb_w8(p, at + 1, 0x03);
		}
		if (s->pfc) {
			at = pb_zero(p, 1);
			pb_w8(p, at, s->ppp & 0xff);
		} else {
			at = pb_zero(p, 2);
			pb_w16(p, at, s->ppp);
		}
		if (s->ip == 4) {
			f->iip = PB_IPV4(p, .proto = s->proto ? s->proto : PB_IP_TCP,
					 .ihl = s->iihl, .frag = s->ifrag);
			put_l4(p, s);
		} else if (s->ip == 6) {
			f->iip = PB_IPV6(p, .next = s->proto ? s->proto : PB_IP_TCP);
			put_l4(p, s);
		} else if (s->ppp >= 0x8000) {
			/* a control packet: code 9 (Echo-Request), id, length */
			at = pb_zero(p, s->cdata);
			pb_w8(p, at, 9);
			pb_w8(p, at + 1, 1);
			pb_w16(p, at + 2, s->cdata);
		} else {
			pb_data(p, s->cdata);
		}
	}
	tpe = p->len;
	pb_done(p);
	/* the tunnel's length fields: natural, then adjusted */
	if (f->gre)
		pb_w16(p, f->gre + 4, s->plen0 ? 0 : (uint16_t)((int)(tpe - hdr_end) + s->plen));
	if (llen_at) {
		int v = (int)(tpe - f->l2tp) + s->llen;

		/* -1000 + n: the literal n */
		pb_w16(p, llen_at, (uint16_t)(s->llen <= -900 ? s->llen + 1000 : v));
	}
	if (s->trail) {
		at = pb_zero(p, s->trail);
		for (i = 0; i < s->trail; i++)
			pb_w8(p, at + i, 0xEE);
		len_add(p, f->oip + (s->v6 ? 4 : 2), s->trail);
		if (oudp && !s->trail_ip)
			len_add(p, oudp + 4, s->trail);
	}
	if (s->olen)
		len_add(p, f->oip + (s->v6 ? 4 : 2), s->olen);
	if (s->ulen)
		pb_w16(p, oudp + 4, s->ulen <= -900 ? (uint16_t)(s->ulen + 1007) :
			(uint16_t)(pb_r16(p->d + oudp + 4) + s->ulen));
	if (!s->v6) {
		uint32_t hl = (p->d[f->oip] & 0xf) * 4u;

		pb_w16(p, f->oip + 10, 0);
		pb_w16(p, f->oip + 10, pb_csum(p->d + f->oip, hl));
	}
	pb_pad_to(p, s->pad);
	frame_keys(f);
}

static __u32 r32(const uint8_t *b)
{
	return (__u32)pb_r16(b) << 16 | pb_r16(b + 2);
}

/* Swap the source and destination addresses of the IP header at off. */
static void swap_addrs(struct pb *p, uint32_t off, int v6)
{
	uint32_t a = v6 ? off + 8 : off + 12, n = v6 ? 16 : 4;
	uint8_t t[16];

	/* the IPv4 checksum is a sum of 16-bit words: swapping keeps it */
	memcpy(t, p->d + a, n);
	memmove(p->d + a, p->d + a + n, n);
	memcpy(p->d + a + n, t, n);
}

/* ---- the two objects ------------------------------------------------- */

/*
 * Per-CPU arrays of {packets, bytes} by type, compared like the counters.
 * The sweep reads only the first NCM_SWEEP per cut: a batch read costs
 * per element, and msg_types alone has 3328; the others move only with a
 * counter of their own (tls, pptp_control, l2tp_control), and their
 * deltas over the whole sweep are compared once at its end.
 */
static const char *const cmap_names[] = {
	"ppp_stats", "tcp_flags", "msg_types", "pptp_msgs", "l2tp_msgs",
};
#define NCM (sizeof(cmap_names) / sizeof(cmap_names[0]))
#define NCM_SWEEP 2

#define MAX_TABS 24

/* A flow table, mapped once (include/tunnelstat_table.h layout). */
struct tab {
	const char *name;
	char *mem;
	size_t len;
	__u32 nsets, setsz;
	__u64 seed;
};

struct obj {
	const char *name;
	struct tunnelstat_bpf *skel;
	struct ts_batch batch;
	int counters, state;
	__u32 state_sz;
	struct tab tabs[MAX_TABS];
	int ntabs;
	struct tab *gre, *sess;
	int cm_fd[NCM];
	__u32 cm_n[NCM];
	struct ts_stats last;
	struct ts_counter *cm_last[NCM];
};

/* What one frame moved in one object. */
struct run {
	unsigned ncm;		/* cmap_names[] read: NCM, or NCM_SWEEP */
	int err;		/* ts_batch_* result */
	int lane;		/* the lane took it (frame_state untouched) */
	struct ts_counter c[__TS_C_MAX];
	struct ts_counter *cm[NCM];
	int have_gre, have_sess;
	struct ts_gre_call gre;
	struct ts_l2tp_sess sess;
};

static struct obj on, off;
static int ncpu;
static __u64 runs;
static __u64 off_lane_runs;	/* runs in which the lanes-off object "took" a frame */
static __u64 all_runs;

static void die(const char *what, int err)
{
	printf("FAIL - setup: %s: %s\n", what, strerror(err < 0 ? -err : err));
	printf("%d passed, %d failed\n", npass, nfail + 1);
	exit(1);
}

static struct tab *tab_named(struct obj *o, const char *name)
{
	int i;

	for (i = 0; i < o->ntabs; i++)
		if (!strcmp(o->tabs[i].name, name))
			return &o->tabs[i];
	return NULL;
}

static int obj_open(struct obj *o, const char *name, const struct ts_config *cfg)
{
	struct bpf_map *m;
	unsigned i;
	int rc;

	memset(o, 0, sizeof(*o));
	o->name = name;
	rc = ts_bpf_load_cfg(&o->skel, TS_PROG_REPLAY, cfg);
	if (rc)
		return rc;
	ts_batch_init(&o->batch, bpf_program__fd(o->skel->progs.xdp_replay));
	o->counters = bpf_map__fd(o->skel->maps.counters);
	o->state = bpf_map__fd(o->skel->maps.frame_state);
	o->state_sz = bpf_map__value_size(o->skel->maps.frame_state);
	for (i = 0; i < NCM; i++) {
		m = bpf_object__find_map_by_name(o->skel->obj, cmap_names[i]);
		if (!m)
			die(cmap_names[i], ENOENT);
		o->cm_fd[i] = bpf_map__fd(m);
		o->cm_n[i] = bpf_map__max_entries(m);
		o->cm_last[i] = calloc(o->cm_n[i], sizeof(struct ts_counter));
		if (!o->cm_last[i])
			die("calloc", ENOMEM);
	}
	for (i = 0; ts_tab_maps[i] && o->ntabs < MAX_TABS; i++) {
		struct tab *t = &o->tabs[o->ntabs];
		long page = sysconf(_SC_PAGESIZE);
		int fd;

		m = bpf_object__find_map_by_name(o->skel->obj, ts_tab_maps[i]);
		if (!m)
			continue;
		fd = bpf_map__fd(m);
		t->name = ts_tab_maps[i];
		t->nsets = bpf_map__max_entries(m);
		t->setsz = bpf_map__value_size(m);
		t->len = ((size_t)t->setsz * t->nsets + page - 1) / page * page;
		t->mem = mmap(NULL, t->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (t->mem == MAP_FAILED)
			die(t->name, errno);
		rc = ts_tab_seed_of(fd, &t->seed);
		if (rc)
			die(t->name, rc);
		o->ntabs++;
	}
	o->gre = tab_named(o, "gre_calls");
	o->sess = tab_named(o, "l2tp_sess");
	if (!o->gre || !o->sess)
		die("gre_calls/l2tp_sess", ENOENT);
	return 0;
}

/* key's set in table t (its hash, as bpf/table.h computes it). */
static char *tab_set(const struct tab *t, const void *key, size_t ksz, __u64 *tag)
{
	*tag = ts_tab_hash(t->seed, (const ts_tab_word *)key, ksz / 4);
	return t->mem + (size_t)ts_tab_set_of(*tag, t->nsets) * t->setsz;
}

/* key's value in table t, or NULL. */
static const void *tab_get(const struct tab *t, const void *key, size_t ksz, size_t vsz)
{
	size_t slot = TS_TAB_SLOT(ksz, vsz);
	__u64 tag;
	char *set = tab_set(t, key, ksz, &tag);
	int w;

	for (w = 0; w < TS_TAB_WAYS; w++) {
		const struct ts_tab_hdr *h = (const void *)(set + w * slot);

		if (h->tag == tag && !memcmp(set + w * slot + TS_TAB_KOFF, key, ksz))
			return set + w * slot + TS_TAB_VOFF(ksz);
	}
	return NULL;
}

/* Empty key's set (the program is idle): the next frame starts a new row. */
static void tab_forget(const struct tab *t, const void *key, size_t ksz)
{
	__u64 tag;

	memset(tab_set(t, key, ksz, &tag), 0, t->setsz);
}

static void forget_rows(struct obj *o, const struct frame *f)
{
	if (f->has_gk)
		tab_forget(o->gre, &f->gk, sizeof(f->gk));
	if (f->has_lk)
		tab_forget(o->sess, &f->lk, sizeof(f->lk));
}

/* Sum a per-CPU array of n struct ts_counter: one batch call, else per key. */
static int percpu_sum(int fd, __u32 n, struct ts_counter *out)
{
	static __u32 *keys;
	static struct ts_counter *vals;
	static __u32 cap;
	LIBBPF_OPTS(bpf_map_batch_opts, bo);
	__u32 count = n, next, i;
	int err, cpu;

	if (n > cap) {
		free(keys);
		free(vals);
		keys = calloc(n, sizeof(*keys));
		vals = calloc((size_t)n * ncpu, sizeof(*vals));
		if (!keys || !vals)
			return -ENOMEM;
		cap = n;
	}
	err = bpf_map_lookup_batch(fd, NULL, &next, keys, vals, &count, &bo);
	if ((err < 0 && errno != ENOENT) || count != n)
		return ts_percpu_sum(fd, n, out);
	for (i = 0; i < n; i++) {
		struct ts_counter *c = &out[keys[i] < n ? keys[i] : 0];

		c->packets = c->bytes = 0;
		for (cpu = 0; cpu < ncpu; cpu++) {
			c->packets += vals[(size_t)i * ncpu + cpu].packets;
			c->bytes += vals[(size_t)i * ncpu + cpu].bytes;
		}
	}
	return 0;
}

/* Does some CPU's frame_state hold ts? (The general parse stored it.) */
static int state_has(struct obj *o, __u64 ts)
{
	static char *buf;
	size_t vsz = (o->state_sz + 7) & ~7u, at;
	__u32 zero = 0;
	int cpu;

	if (!buf) {
		buf = calloc(ncpu, vsz);
		if (!buf)
			die("calloc", ENOMEM);
	}
	if (bpf_map_lookup_elem(o->state, &zero, buf))
		die("reading frame_state", errno);
	for (cpu = 0; cpu < ncpu; cpu++)
		for (at = 0; at + 8 <= o->state_sz; at += 8)
			if (!memcmp(buf + cpu * vsz + at, &ts, 8))
				return 1;
	return 0;
}

static void run_alloc(struct run *r)
{
	unsigned i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < NCM; i++) {
		r->cm[i] = calloc(on.cm_n[i], sizeof(struct ts_counter));
		if (!r->cm[i])
			die("calloc", ENOMEM);
	}
}

/* Run caplen bytes of f (wire bytes on the wire) at ts through o into r. */
static void run_obj(struct obj *o, const struct frame *f, uint32_t caplen, uint32_t wire,
		    __u64 ts, unsigned ncm, struct run *r)
{
	static struct ts_counter tmp[__TS_MT_MAX * TS_MT_SLOTS];
	struct ts_stats now;
	const void *v;
	unsigned i, k;
	int err;

	r->err = ts_batch_add(&o->batch, f->p.d, caplen, wire, ts);
	if (!r->err)
		r->err = ts_batch_flush(&o->batch);
	err = ts_stats_read(o->counters, &now);
	if (err)
		die("reading counters", err);
	for (i = 0; i < __TS_C_MAX; i++) {
		r->c[i].packets = now.c[i].packets - o->last.c[i].packets;
		r->c[i].bytes = now.c[i].bytes - o->last.c[i].bytes;
	}
	o->last = now;
	r->ncm = ncm;
	for (i = 0; i < ncm; i++) {
		if (o->cm_n[i] > sizeof(tmp) / sizeof(tmp[0]))
			die(cmap_names[i], E2BIG);
		err = percpu_sum(o->cm_fd[i], o->cm_n[i], tmp);
		/* ppp_stats and tcp_flags: with what the lanes counted by signature */
		if (!err && !strcmp(cmap_names[i], "ppp_stats"))
			err = ts_lane_maps_add(o->counters, tmp, NULL);
		else if (!err && !strcmp(cmap_names[i], "tcp_flags"))
			err = ts_lane_maps_add(o->counters, NULL, tmp);
		if (err)
			die(cmap_names[i], err);
		for (k = 0; k < o->cm_n[i]; k++) {
			r->cm[i][k].packets = tmp[k].packets - o->cm_last[i][k].packets;
			r->cm[i][k].bytes = tmp[k].bytes - o->cm_last[i][k].bytes;
		}
		memcpy(o->cm_last[i], tmp, o->cm_n[i] * sizeof(tmp[0]));
	}
	r->lane = !state_has(o, ts);
	r->have_gre = r->have_sess = 0;
	if (f->has_gk && (v = tab_get(o->gre, &f->gk, sizeof(f->gk), sizeof(r->gre)))) {
		r->have_gre = 1;
		memcpy(&r->gre, v, sizeof(r->gre));
	}
	if (f->has_lk && (v = tab_get(o->sess, &f->lk, sizeof(f->lk), sizeof(r->sess)))) {
		r->have_sess = 1;
		memcpy(&r->sess, v, sizeof(r->sess));
	}
}

static struct run r_on, r_off;

/*
 * One frame through both objects at the same capture time. forget: empty
 * the frame's rows first (a new flow); sequences keep them. ncm: how many
 * of cmap_names[] to read.
 */
static __u64 run_both(const struct frame *f, uint32_t caplen, uint32_t wire, int forget,
		      unsigned ncm)
{
	__u64 ts = TS_BASE_NS + runs++ * RUN_GAP_NS;

	if (forget) {
		forget_rows(&on, f);
		forget_rows(&off, f);
	}
	run_obj(&on, f, caplen, wire, ts, ncm, &r_on);
	run_obj(&off, f, caplen, wire, ts, ncm, &r_off);
	all_runs++;
	if (r_off.lane)
		off_lane_runs++;
	return ts;
}

/* ---- comparing ----------------------------------------------------- */

#define GRE_FIELDS(X) X(packets) X(bytes) X(payload_bytes) X(first_ns) X(last_ns) \
	X(ack_only) X(lost) X(reordered) X(duplicates) X(seq_max) X(ack_max) X(flags)
#define SESS_FIELDS(X) X(packets) X(bytes) X(control) X(data) X(first_ns) X(last_ns) \
	X(retransmits) X(gaps) X(ns_max) X(nr_max) X(have_ns) X(have_nr)

/* Lanes on (a) against lanes off (b): "" when they moved the same. */
static void diff_runs(const struct run *a, const struct run *b, char *msg, size_t len)
{
	unsigned i, k;

	msg[0] = 0;
	if (a->err || b->err)
		add_msg(msg, len, "run failed: on %d, off %d", a->err, b->err);
	for (i = 0; i < __TS_C_MAX; i++)
		if (a->c[i].packets != b->c[i].packets || a->c[i].bytes != b->c[i].bytes)
			add_msg(msg, len, "%s: on +%llu/%lluB, off +%llu/%lluB", cname(i),
				(unsigned long long)a->c[i].packets,
				(unsigned long long)a->c[i].bytes,
				(unsigned long long)b->c[i].packets,
				(unsigned long long)b->c[i].bytes);
	for (i = 0; i < a->ncm && i < b->ncm; i++)
		for (k = 0; k < on.cm_n[i]; k++)
			if (a->cm[i][k].packets != b->cm[i][k].packets ||
			    a->cm[i][k].bytes != b->cm[i][k].bytes)
				add_msg(msg, len, "%s[%u]: on +%llu/%lluB, off +%llu/%lluB",
					cmap_names[i], k,
					(unsigned long long)a->cm[i][k].packets,
					(unsigned long long)a->cm[i][k].bytes,
					(unsigned long long)b->cm[i][k].packets,
					(unsigned long long)b->cm[i][k].bytes);
	if (a->have_gre != b->have_gre)
		add_msg(msg, len, "gre_calls row: on %s, off %s", a->have_gre ? "yes" : "none",
			b->have_gre ? "yes" : "none");
	else if (a->have_gre) {
#define X(f)									\
		if (a->gre.f != b->gre.f)					\
			add_msg(msg, len, "gre_calls." #f ": on %llu, off %llu",	\
				(unsigned long long)a->gre.f, (unsigned long long)b->gre.f);
		GRE_FIELDS(X)
#undef X
		if (memcmp(&a->gre, &b->gre, sizeof(a->gre)))
			add_msg(msg, len, "gre_calls row bytes differ");
	}
	if (a->have_sess != b->have_sess)
		add_msg(msg, len, "l2tp_sess row: on %s, off %s", a->have_sess ? "yes" : "none",
			b->have_sess ? "yes" : "none");
	else if (a->have_sess) {
#define X(f)									\
		if (a->sess.f != b->sess.f)					\
			add_msg(msg, len, "l2tp_sess." #f ": on %llu, off %llu",	\
				(unsigned long long)a->sess.f, (unsigned long long)b->sess.f);
		SESS_FIELDS(X)
#undef X
		if (memcmp(&a->sess, &b->sess, sizeof(a->sess)))
			add_msg(msg, len, "l2tp_sess row bytes differ");
	}
}

/*
 * Every flow table of both objects byte for byte: "" when equal. After a
 * difference the lanes-on tables are made the lanes-off ones again, so
 * that one divergence fails one row, not every row after it.
 */
static void diff_tables(char *msg, size_t len)
{
	int i, differ = 0;

	for (i = 0; i < on.ntabs; i++) {
		const struct tab *a = &on.tabs[i], *b = tab_named(&off, a->name);
		size_t n = (size_t)a->setsz * a->nsets, at, slot = a->setsz / TS_TAB_WAYS;

		if (!b || b->setsz != a->setsz || b->nsets != a->nsets) {
			add_msg(msg, len, "table %s: shapes differ", a->name);
			continue;
		}
		if (!memcmp(a->mem, b->mem, n))
			continue;
		for (at = 0; at < n && a->mem[at] == b->mem[at]; at++)
			;
		/* a slot: tag (0-7), referenced bit (8-11), pad, key from TS_TAB_KOFF, value */
		add_msg(msg, len, "table %s differs: set %zu way %zu, byte %zu of the slot%s",
			a->name, at / a->setsz, at % a->setsz / slot, at % slot,
			at % slot < 8 ? " (tag: an entry on one side only)" : "");
		differ = 1;
	}
	if (differ)
		for (i = 0; i < on.ntabs; i++)
			memcpy(on.tabs[i].mem, tab_named(&off, on.tabs[i].name)->mem,
			       (size_t)on.tabs[i].setsz * on.tabs[i].nsets);
}

/* ---- whole frames ------------------------------------------------------ */

static struct frame frames[NSPECS];

/* Frame i's row IDs: apart from each other and from the sequences'. */
static uint16_t frame_id(unsigned i)
{
	return (uint16_t)(0x1000 + i);
}

static void test_frame(unsigned i)
{
	const struct frame *f = &frames[i];
	char msg[1024], name[160];

	run_both(f, f->p.len, f->p.len, 1, NCM);
	diff_runs(&r_on, &r_off, msg, sizeof(msg));
	diff_tables(msg, sizeof(msg));
	if (msg[0])
		fail(f->s->name, msg);
	else
		ok("%s", f->s->name);

	if (f->s->take == EITHER)
		ok("path %s: the lane %s it (either may)", f->s->name,
		   r_on.lane ? "takes" : "leaves");
	else if (r_on.lane == f->s->take)
		ok("path %s: the lane %s it", f->s->name, f->s->take ? "takes" : "leaves");
	else {
		snprintf(msg, sizeof(msg), "the lane %s it, the row says it must %s",
			 r_on.lane ? "took" : "left", f->s->take ? "take" : "leave");
		snprintf(name, sizeof(name), "path %s", f->s->name);
		fail(name, msg);
	}
}

/*
 * Exact expectations for a few frames, in both objects (RFC 2637, 2661,
 * 1661 and the counter meanings of include/tunnelstat.h): a lane and a
 * general parse that agree on a wrong count still fail here.
 */
struct expect {
	const char *frame;
	int ids[16];		/* counters moved by one packet of the frame, -1 ends */
	int ppp;		/* ppp_stats index moved by one, -1: none */
	int tcpf;		/* tcp_flags index moved by one, -1: none */
	int gre;		/* a gre_calls row: 1 */
	int sess;		/* an l2tp_sess row: 1 */
	__u32 gflags;		/* its flags (TS_GRE_HAVE_*) */
	int ack_only;
};

static const struct expect expects[] = {
	{ "gre v1 S A ppp ipv4 tcp ack",
	  { TS_C_TOTAL, TS_C_ETH, TS_C_IPV4, TS_C_GRE, TS_C_GRE_V1, TS_C_GRE_KEY, TS_C_GRE_SEQ,
	    TS_C_GRE_ACK, TS_C_PPP, TS_C_TCP, TS_C_TCP_ACK, TS_C_TCP_INNER, -1 },
	  TS_PPP_IPV4 * TS_PPP_CODES, PB_TCP_ACK, 1, 0, TS_GRE_HAVE_SEQ | TS_GRE_HAVE_ACK, 0 },
	{ "gre v1 ack-only A ipv6 outer",
	  { TS_C_TOTAL, TS_C_ETH, TS_C_IPV6, TS_C_GRE, TS_C_GRE_V1, TS_C_GRE_KEY, TS_C_GRE_ACK,
	    TS_C_GRE_ACK_ONLY, -1 },
	  -1, -1, 1, 0, TS_GRE_HAVE_ACK, 1 },
	{ "gre ipv4 outer ipv6 inner tcp ack",
	  { TS_C_TOTAL, TS_C_ETH, TS_C_IPV4, TS_C_IPV6, TS_C_GRE, TS_C_GRE_V1, TS_C_GRE_KEY,
	    TS_C_PPP, TS_C_TCP, TS_C_TCP_ACK, TS_C_TCP_INNER, -1 },
	  TS_PPP_IPV6 * TS_PPP_CODES, PB_TCP_ACK, 1, 0, 0, 0 },
	{ "gre ppp no acf pfc comp",
	  { TS_C_TOTAL, TS_C_ETH, TS_C_IPV4, TS_C_GRE, TS_C_GRE_V1, TS_C_GRE_KEY, TS_C_GRE_SEQ,
	    TS_C_PPP, TS_C_PPP_NO_ACF, TS_C_PPP_PFC, -1 },
	  TS_PPP_COMP * TS_PPP_CODES, -1, 1, 0, TS_GRE_HAVE_SEQ, 0 },
	{ "l2tp L S ppp ipv4 udp",
	  { TS_C_TOTAL, TS_C_ETH, TS_C_IPV4, TS_C_UDP, TS_C_L2TP, TS_C_L2TP_DATA,
	    TS_C_L2TP_DATA_LENGTH, TS_C_L2TP_DATA_SEQ, TS_C_PPP, -1 },
	  TS_PPP_IPV4 * TS_PPP_CODES, -1, 0, 1, 0, 0 },
	{ "l2tp data L S no ppp",
	  { TS_C_TOTAL, TS_C_ETH, TS_C_IPV4, TS_C_UDP, TS_C_L2TP, TS_C_L2TP_DATA,
	    TS_C_L2TP_DATA_LENGTH, TS_C_L2TP_DATA_SEQ, -1 },
	  -1, -1, 0, 1, 0, 0 },
	{ "plain vlan ipv6 tcp psh-ack",
	  { TS_C_TOTAL, TS_C_ETH, TS_C_VLAN, TS_C_IPV6, TS_C_TCP, TS_C_TCP_ACK, TS_C_TCP_PSH, -1 },
	  -1, PB_TCP_PSH | PB_TCP_ACK, 0, 0, 0, 0 },
};
#define NEXPECTS (sizeof(expects) / sizeof(expects[0]))

/* One object's run r of frame f (wire bytes, at ts) against e: "" if it holds. */
static void check_expect(const struct expect *e, const struct frame *f, const struct run *r,
			 __u64 ts, const char *who, char *msg, size_t len)
{
	__u64 wire = f->p.len;
	unsigned i, k;
	int want, j;

	if (!r->lane && r == &r_on)
		add_msg(msg, len, "%s: the lane did not take it", who);
	for (i = 0; i < __TS_C_MAX; i++) {
		for (want = 0, j = 0; e->ids[j] >= 0; j++)
			if (e->ids[j] == (int)i)
				want = 1;
		if (r->c[i].packets != (__u64)want || r->c[i].bytes != want * wire)
			add_msg(msg, len, "%s: %s +%llu/%lluB, want +%d/%lluB", who, cname(i),
				(unsigned long long)r->c[i].packets,
				(unsigned long long)r->c[i].bytes, want,
				(unsigned long long)(want * wire));
	}
	for (i = 0; i < NCM; i++)
		for (k = 0; k < on.cm_n[i]; k++) {
			want = (!strcmp(cmap_names[i], "ppp_stats") && (int)k == e->ppp) ||
			       (!strcmp(cmap_names[i], "tcp_flags") && (int)k == e->tcpf);
			if (r->cm[i][k].packets != (__u64)want)
				add_msg(msg, len, "%s: %s[%u] +%llu, want +%d", who, cmap_names[i],
					k, (unsigned long long)r->cm[i][k].packets, want);
		}
	if (e->gre != r->have_gre)
		add_msg(msg, len, "%s: gre_calls row %s", who,
			r->have_gre ? "unexpected" : "missing");
	if (e->gre && r->have_gre) {
		const struct ts_gre_call *g = &r->gre;
		__u32 plen = pb_r16(f->p.d + f->gre + 4);
		__u32 seq = f->seq_at ? r32(f->p.d + f->seq_at) : 0;
		__u32 ack = f->ack_at ? r32(f->p.d + f->ack_at) : 0;

		if (g->packets != 1 || g->bytes != wire || g->payload_bytes != plen ||
		    g->first_ns != ts || g->last_ns != ts || g->ack_only != (__u64)e->ack_only ||
		    g->lost || g->reordered || g->duplicates || g->flags != e->gflags ||
		    g->seq_max != seq || g->ack_max != ack)
			add_msg(msg, len,
				"%s: gre_calls row packets %llu bytes %llu payload %llu first %llu "
				"last %llu ack_only %llu flags %u seq %u ack %u; "
				"want 1 %llu %u %llu %llu %d %u %u %u", who,
				(unsigned long long)g->packets, (unsigned long long)g->bytes,
				(unsigned long long)g->payload_bytes,
				(unsigned long long)g->first_ns, (unsigned long long)g->last_ns,
				(unsigned long long)g->ack_only, g->flags, g->seq_max, g->ack_max,
				(unsigned long long)wire, plen, (unsigned long long)ts,
				(unsigned long long)ts, e->ack_only, e->gflags, seq, ack);
	}
	if (e->sess != r->have_sess)
		add_msg(msg, len, "%s: l2tp_sess row %s", who,
			r->have_sess ? "unexpected" : "missing");
	if (e->sess && r->have_sess) {
		const struct ts_l2tp_sess *s = &r->sess;

		if (s->packets != 1 || s->bytes != wire || s->data != 1 || s->control ||
		    s->first_ns != ts || s->last_ns != ts || s->retransmits || s->gaps ||
		    s->have_ns || s->have_nr)
			add_msg(msg, len,
				"%s: l2tp_sess row packets %llu bytes %llu data %llu control %llu "
				"first %llu last %llu; want 1 %llu 1 0 %llu %llu", who,
				(unsigned long long)s->packets, (unsigned long long)s->bytes,
				(unsigned long long)s->data, (unsigned long long)s->control,
				(unsigned long long)s->first_ns, (unsigned long long)s->last_ns,
				(unsigned long long)wire, (unsigned long long)ts,
				(unsigned long long)ts);
	}
}

static void test_expect(const struct expect *e)
{
	char msg[2048] = "", name[160];
	const struct frame *f = NULL;
	unsigned i;
	__u64 ts;

	for (i = 0; i < NSPECS; i++)
		if (!strcmp(specs[i].name, e->frame))
			f = &frames[i];
	snprintf(name, sizeof(name), "exact %s", e->frame);
	if (!f) {
		fail(name, "no such frame");
		return;
	}
	ts = run_both(f, f->p.len, f->p.len, 1, NCM);
	check_expect(e, f, &r_on, ts, "lanes on", msg, sizeof(msg));
	check_expect(e, f, &r_off, ts, "lanes off", msg, sizeof(msg));
	if (msg[0])
		fail(name, msg);
	else
		ok("%s", name);
}

/* ---- sweep ------------------------------------------------------------- */

/*
 * Every captured length from 14 (wire length whole: a snaplen cut), then
 * every shorter wire length (captured = wire: a short frame). One line per
 * frame: the first cut that differs.
 */
static void sweep_frame(const struct frame *f)
{
	char msg[1024], why[1200], name[160];
	uint32_t len = f->p.len, L, cuts = 0, took = 0;
	int wire_cut;

	snprintf(name, sizeof(name), "sweep %s", f->s->name);
	for (wire_cut = 0; wire_cut < 2; wire_cut++)
		for (L = 14; L < len; L++) {
			run_both(f, L, wire_cut ? L : len, 1, NCM_SWEEP);
			cuts++;
			took += r_on.lane;
			diff_runs(&r_on, &r_off, msg, sizeof(msg));
			if (msg[0]) {
				snprintf(why, sizeof(why), "%s %u of %u: %s",
					 wire_cut ? "wire length" : "captured", L, len, msg);
				fail(name, why);
				return;
			}
		}
	ok("%s (%u cuts, %u by the lane)", name, cuts, took);
}

/*
 * The type maps the sweep did not read per cut: their deltas since the
 * last whole read cover every cut, and must be alike.
 */
static void sweep_totals(void)
{
	char msg[1024];
	unsigned i, k;

	/* a cut of the first frame, reading every map */
	run_both(&frames[0], 14, frames[0].p.len, 1, NCM);
	msg[0] = 0;
	for (i = NCM_SWEEP; i < NCM; i++)
		for (k = 0; k < on.cm_n[i]; k++)
			if (r_on.cm[i][k].packets != r_off.cm[i][k].packets ||
			    r_on.cm[i][k].bytes != r_off.cm[i][k].bytes)
				add_msg(msg, sizeof(msg), "%s[%u]: on +%llu, off +%llu",
					cmap_names[i], k,
					(unsigned long long)r_on.cm[i][k].packets,
					(unsigned long long)r_off.cm[i][k].packets);
	diff_tables(msg, sizeof(msg));
	if (msg[0])
		fail("sweep totals", msg);
	else
		ok("sweep totals: msg_types, pptp_msgs, l2tp_msgs and every flow table alike");
}

/* ---- sequences --------------------------------------------------------- */

struct seq {
	const char *name;
	char msg[2048];
	int steps;
};

/* One step of a sequence: no rows emptied; take -1: either path. */
static void seq_step(struct seq *q, const struct frame *f, int take)
{
	char msg[1024];

	run_both(f, f->p.len, f->p.len, 0, NCM);
	q->steps++;
	diff_runs(&r_on, &r_off, msg, sizeof(msg));
	if (msg[0])
		add_msg(q->msg, sizeof(q->msg), "step %d (%s): %s", q->steps, f->s->name, msg);
	if (take >= 0 && r_on.lane != take)
		add_msg(q->msg, sizeof(q->msg), "step %d (%s): the lane %s it", q->steps,
			f->s->name, r_on.lane ? "took" : "left");
}

static void seq_end(struct seq *q)
{
	diff_tables(q->msg, sizeof(q->msg));
	if (q->msg[0])
		fail(q->name, q->msg);
	else
		ok("%s (%d frames)", q->name, q->steps);
}

static void set_seq(struct frame *f, __u32 seq)
{
	if (f->seq_at)
		pb_w32(&f->p, f->seq_at, seq);
}

static void set_ack(struct frame *f, __u32 ack)
{
	if (f->ack_at)
		pb_w32(&f->p, f->ack_at, ack);
}

static const struct spec
	sq_gre_sa = { .name = "gre S A tcp ack", .tun = T_GRE, .gs = 1, .ga = 1, .ppp = P_IP4,
		      .ip = 4 },
	sq_gre_s = { .name = "gre S tcp ack", .tun = T_GRE, .gs = 1, .ppp = P_IP4, .ip = 4 },
	sq_gre_a0 = { .name = "gre ack-only A", .tun = T_GRE, .ga = 1, .pad = 60 },
	sq_gre_lcp = { .name = "gre S lcp", .tun = T_GRE, .gs = 1, .ppp = P_LCP, .cdata = 8 },
	sq_gre_syn = { .name = "gre S inner syn", .tun = T_GRE, .gs = 1, .ppp = P_IP4, .ip = 4,
		       .tflags = PB_TCP_SYN },
	sq_gre_comp = { .name = "gre S A comp", .tun = T_GRE, .gs = 1, .ga = 1, .ppp = P_COMP,
			.cdata = 40 },
	sq_gre_tls = { .name = "gre S inner tls", .tun = T_GRE, .gs = 1, .ppp = P_IP4, .ip = 4,
		       .tflags = PB_TCP_PSH | PB_TCP_ACK, .data = 30, .tls = 1 },
	sq_l2_ls = { .name = "l2tp L S tcp ack", .tun = T_L2TP, .lflags = L_V2 | L_L | L_S,
		     .ppp = P_IP4, .ip = 4 },
	sq_l2_syn = { .name = "l2tp inner syn", .tun = T_L2TP, .ppp = P_IP4, .ip = 4,
		      .tflags = PB_TCP_SYN },
	sq_l2_lcp = { .name = "l2tp lcp", .tun = T_L2TP, .ppp = P_LCP, .cdata = 8 },
	sq_l2_none = { .name = "l2tp no ppp", .tun = T_L2TP, .pad = 60 },
	sq_l2_zlb = { .name = "l2tp zlb", .tun = T_L2TP, .lflags = L_V2 | L_T | L_L | L_S,
		      .pad = 60 };

/* GRE v1 sequence accounting: seq 1 2 4 3 3 4, then an ack-only packet. */
static void seq_gre_numbers(void)
{
	static const __u32 seqs[] = { 1, 2, 4, 3, 3, 4 };
	struct seq q = { .name = "sequence gre seq 1 2 4 3 3 4 then ack-only" };
	static struct frame f, a;
	const void *v;
	unsigned i;

	build(&f, &sq_gre_sa, 0x0100);
	build(&a, &sq_gre_a0, 0x0100);
	forget_rows(&on, &f);
	forget_rows(&off, &f);
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		set_seq(&f, seqs[i]);
		set_ack(&f, 10 + i);
		seq_step(&q, &f, 1);
	}
	set_ack(&a, 30);
	seq_step(&q, &a, 1);
	/* RFC 2637 sequence analysis as include/tunnelstat.h defines the columns */
	v = tab_get(on.gre, &f.gk, sizeof(f.gk), sizeof(struct ts_gre_call));
	if (!v) {
		add_msg(q.msg, sizeof(q.msg), "no gre_calls row");
	} else {
		const struct ts_gre_call *g = v;

		if (g->packets != 7 || g->ack_only != 1 || g->lost || g->reordered != 2 ||
		    g->duplicates != 1 || g->seq_max != 4 || g->ack_max != 30)
			add_msg(q.msg, sizeof(q.msg),
				"row packets %llu ack_only %llu lost %llu reordered %llu dup %llu "
				"seq_max %u ack_max %u; want 7 1 0 2 1 4 30",
				(unsigned long long)g->packets, (unsigned long long)g->ack_only,
				(unsigned long long)g->lost, (unsigned long long)g->reordered,
				(unsigned long long)g->duplicates, g->seq_max, g->ack_max);
	}
	seq_end(&q);
}

/* Wrap, resync and acks going back, lane and general parse on one call. */
static void seq_gre_mixed(void)
{
	struct seq q = { .name = "sequence gre wrap, resync, lane and general parse mixed" };
	static struct frame sa, s, a0, lcp, syn, comp, tls;
	const uint16_t id = 0x0101;

	build(&sa, &sq_gre_sa, id);
	build(&s, &sq_gre_s, id);
	build(&a0, &sq_gre_a0, id);
	build(&lcp, &sq_gre_lcp, id);
	build(&syn, &sq_gre_syn, id);
	build(&comp, &sq_gre_comp, id);
	build(&tls, &sq_gre_tls, id);
	forget_rows(&on, &sa);
	forget_rows(&off, &sa);
	set_seq(&lcp, 0xFFFFFFFD);
	seq_step(&q, &lcp, 0);
	set_seq(&sa, 0xFFFFFFFE);
	set_ack(&sa, 0xFFFFFFF0);
	seq_step(&q, &sa, 1);
	set_seq(&syn, 0xFFFFFFFF);
	seq_step(&q, &syn, 0);
	set_seq(&comp, 1);
	set_ack(&comp, 2);
	seq_step(&q, &comp, 1);
	set_ack(&a0, 1);	/* behind the highest ack */
	seq_step(&q, &a0, 1);
	set_seq(&s, 0);		/* late, across the wrap */
	seq_step(&q, &s, 1);
	set_seq(&tls, 3);
	seq_step(&q, &tls, 0);
	set_seq(&s, 3);		/* duplicate */
	seq_step(&q, &s, 1);
	set_seq(&s, 0x00100000);	/* a restarted sender: resync */
	seq_step(&q, &s, 1);
	set_seq(&lcp, 0x00100002);
	seq_step(&q, &lcp, 0);
	set_seq(&s, 0x00100001);
	seq_step(&q, &s, 1);
	set_ack(&a0, 0x7FFFFFFF);
	seq_step(&q, &a0, 1);
	seq_end(&q);
}

/* One L2TP session row through data (lane and not) and control messages. */
static void seq_l2tp(void)
{
	struct seq q = { .name = "sequence l2tp session, lane and general parse mixed" };
	static struct frame ls, syn, lcp, none, zlb;
	const uint16_t id = 0x0102;

	build(&ls, &sq_l2_ls, id);
	build(&syn, &sq_l2_syn, id);
	build(&lcp, &sq_l2_lcp, id);
	build(&none, &sq_l2_none, id);
	build(&zlb, &sq_l2_zlb, id);
	forget_rows(&on, &ls);
	forget_rows(&off, &ls);
	seq_step(&q, &ls, 1);
	seq_step(&q, &syn, 0);
	seq_step(&q, &ls, 1);
	seq_step(&q, &lcp, 0);
	seq_step(&q, &zlb, 0);
	seq_step(&q, &none, 1);
	seq_step(&q, &ls, 1);
	seq_end(&q);
}

/*
 * A TCP handshake: the ACK that completes it must go to ts_tcp_track()
 * (tcp_expect holds its ACK number), so the lane leaves it; the data after
 * it the lane takes. Plain, then inside GRE (each direction its own call).
 */
static void seq_handshake(int gre)
{
	struct spec syn = { .name = "syn", .tun = gre ? T_GRE : T_NONE, .gs = 1,
			    .ppp = P_IP4, .ip = 4, .tflags = PB_TCP_SYN, .tseq = 1000,
			    .sport = 40500 + gre, .dport = 443 };
	struct spec sa = syn, ack = syn, data = syn, fin = syn;
	struct seq q;
	static struct frame f;

	q = (struct seq){ .name = gre ? "sequence tcp handshake in gre" :
					"sequence tcp handshake" };
	sa.name = "syn-ack";
	sa.tflags = PB_TCP_SYN | PB_TCP_ACK;
	sa.tseq = 5000 + gre * 1000;	/* the other handshake's ACK number is not expected */
	sa.tack = 1001;
	sa.sport = 443;
	sa.dport = 40500 + gre;
	ack.name = "completing ack";
	ack.tflags = PB_TCP_ACK;
	ack.tseq = 1001;
	ack.tack = sa.tseq + 1;
	data.name = "psh-ack data";
	data.tflags = PB_TCP_PSH | PB_TCP_ACK;
	data.tseq = 1001;
	data.tack = sa.tseq + 1;
	data.data = 100;
	fin.name = "fin-ack";
	fin.tflags = PB_TCP_FIN | PB_TCP_ACK;
	fin.tseq = 1101;
	fin.tack = sa.tseq + 1;

	build(&f, &syn, 0x0103);
	forget_rows(&on, &f);
	forget_rows(&off, &f);
	seq_step(&q, &f, 0);
	build(&f, &sa, 0x0104);
	swap_addrs(&f.p, f.oip, 0);
	if (f.iip)
		swap_addrs(&f.p, f.iip, 0);
	frame_keys(&f);
	forget_rows(&on, &f);
	forget_rows(&off, &f);
	seq_step(&q, &f, 0);
	build(&f, &ack, 0x0103);
	seq_step(&q, &f, 0);
	if (r_on.c[TS_C_TCP_HS_COMPLETED].packets != 1)
		add_msg(q.msg, sizeof(q.msg), "tcp_handshake_completed +%llu, want +1",
			(unsigned long long)r_on.c[TS_C_TCP_HS_COMPLETED].packets);
	build(&f, &data, 0x0103);
	seq_step(&q, &f, 1);
	build(&f, &fin, 0x0103);
	seq_step(&q, &f, 0);
	seq_end(&q);
}

/*
 * IDs from `from` on whose rows fall in one set of the table (its hash and
 * seed): a third one evicts, which the lane counts itself.
 */
static int collide(const struct frame *f, uint16_t from, uint16_t *ids, int n)
{
	struct ts_gre_key gk = f->gk;
	struct ts_l2tp_key lk = f->lk;
	__u64 tag;
	char *want = NULL, *set;
	uint32_t id;
	int got = 0;

	for (id = from; id < 0x10000 && got < n; id++) {
		if (f->has_gk) {
			gk.call_id = htons((uint16_t)id);
			set = tab_set(on.gre, &gk, sizeof(gk), &tag);
		} else {
			lk.tunnel_id = id;
			lk.session_id = id ^ 0x5a5a;	/* as build() writes them */
			set = tab_set(on.sess, &lk, sizeof(lk), &tag);
		}
		if (!want)
			want = set;
		if (set == want)
			ids[got++] = (uint16_t)id;
	}
	return got == n;
}

/*
 * Three rows in one set of two ways, twice round: the third evicts one
 * (the lane counts gre_call_evicted / l2tp_evicted itself); which one the
 * hash picks, so whether the next hits, is the table's business, but
 * three keys cycling through two ways evict at least twice.
 */
static void seq_evict(const struct spec *sp, const char *name, int counter)
{
	struct seq q = { .name = name };
	static struct frame f[3];
	__u64 evicted = 0, third = 0;
	uint16_t ids[3];
	int i;

	build(&f[0], sp, 0x2000);
	if (!collide(&f[0], 0x2000, ids, 3)) {
		fail(name, "no three IDs share a set");
		return;
	}
	for (i = 0; i < 3; i++)
		build(&f[i], sp, ids[i]);
	forget_rows(&on, &f[0]);	/* one set: empties it for all three */
	forget_rows(&off, &f[0]);
	for (i = 0; i < 6; i++) {
		seq_step(&q, &f[i % 3], 1);
		evicted += r_on.c[counter].packets;
		if (i == 2)
			third = r_on.c[counter].packets;
	}
	if (third != 1 || evicted < 2)
		add_msg(q.msg, sizeof(q.msg), "%s +%llu at the third row, +%llu in all; "
			"want +1, at least +2", cname(counter), (unsigned long long)third,
			(unsigned long long)evicted);
	seq_end(&q);
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct ts_config cfg = TS_CONFIG_DEFAULT;
	int rc, sweep = 1;
	unsigned i;

	if (argc > 1 && !strcmp(argv[1], "--no-sweep"))
		sweep = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		printf("skip - test_lane: needs root (BPF_PROG_TEST_RUN): run as root\n");
		return summary();
	}
	libbpf_set_print(NULL);
	ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		die("libbpf_num_possible_cpus", ncpu);
	rc = obj_open(&on, "lanes on", NULL);
	if (rc == TS_EXIT_PERM) {
		printf("skip - test_lane: not allowed to load BPF programs\n");
		return summary();
	}
	if (rc) {
		printf("FAIL - load lanes on: ts_bpf_load_cfg returned exit code %d\n", rc);
		return 1;
	}
	cfg.no_lanes = 1;
	rc = obj_open(&off, "lanes off", &cfg);
	if (rc) {
		printf("FAIL - load lanes off: ts_bpf_load_cfg returned exit code %d\n", rc);
		return 1;
	}
	/* fresh objects: every map starts at zero, so deltas need no baseline */
	run_alloc(&r_on);
	run_alloc(&r_off);

	for (i = 0; i < NSPECS; i++)
		build(&frames[i], &specs[i], frame_id(i));
	for (i = 0; i < NSPECS; i++)
		if (frames[i].p.overflow)
			fail(specs[i].name, "the frame does not fit the builder");
		else
			test_frame(i);
	for (i = 0; i < NEXPECTS; i++)
		test_expect(&expects[i]);
	seq_gre_numbers();
	seq_gre_mixed();
	seq_l2tp();
	seq_handshake(0);
	seq_handshake(1);
	seq_evict(&sq_gre_sa, "sequence gre calls evicted", TS_C_ERR_GRE_CALL_EVICTED);
	seq_evict(&sq_l2_ls, "sequence l2tp sessions evicted", TS_C_ERR_L2TP_EVICTED);
	if (sweep) {
		for (i = 0; i < NSPECS; i++)
			if (!frames[i].p.overflow)
				sweep_frame(&frames[i]);
		sweep_totals();
	}
	if (off_lane_runs) {
		char msg[128];

		snprintf(msg, sizeof(msg), "%llu of %llu runs left frame_state untouched",
			 (unsigned long long)off_lane_runs, (unsigned long long)all_runs);
		fail("lanes off: the general parse ran every frame", msg);
	} else {
		ok("lanes off: the general parse ran every frame (%llu runs)",
		   (unsigned long long)all_runs);
	}
	return summary();
}
