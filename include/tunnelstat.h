/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * tunnelstat ABI: shared by the XDP program (bpf/) and the tunnelstat
 * command (user/). Only fixed-width types, explicit padding and a
 * _Static_assert on every struct size: no helpers, no maps, no SEC().
 * Compiles with `clang --target=bpf` and with the host compiler
 * (`make check-headers`).
 */
#ifndef TUNNELSTAT_H
#define TUNNELSTAT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include "tunnelstat_limits.h"
#include "tunnelstat_table.h"

/*
 * One counter per protocol and one per failure mode. A protocol counter
 * counts the frames in which that protocol was parsed at least once, at any
 * depth (tshark's frame.protocols semantics); bytes are wire frame lengths.
 * Userspace keeps the name of each in user/names.c, in step with this enum.
 * Append new counters before __TS_C_MAX; names, not numbers, are the
 * stable interface (JSON and tables print names).
 */
enum ts_counter_id {
	TS_C_TOTAL = 0,		/* every frame the program saw */

	/* protocols */
	TS_C_ETH,		/* an Ethernet header: Ethernet II or 802.3 */
	TS_C_LLC,		/* IEEE 802.3 length frame (LLC follows) */
	TS_C_VLAN,		/* at least one 802.1Q or 802.1ad tag */
	TS_C_QINQ,		/* two tags stacked */
	TS_C_ETH_OTHER,		/* EtherType not parsed further */
	TS_C_IPV4,
	TS_C_IPV4_OPTIONS,	/* IHL > 5 */
	TS_C_IPV4_FRAGMENT,	/* MF set or offset != 0 */
	TS_C_IPV4_FRAG_FIRST,	/* offset 0, MF set: parsed onward */
	TS_C_IPV4_FRAG_LATER,	/* offset != 0: not parsed further */
	TS_C_IPV6,
	TS_C_IPV6_HOPOPTS,
	TS_C_IPV6_ROUTING,
	TS_C_IPV6_DSTOPTS,
	TS_C_IPV6_FRAGMENT,
	TS_C_IPV6_FRAG_FIRST,
	TS_C_IPV6_FRAG_LATER,
	TS_C_IPV6_NO_NEXT,	/* next header 59 */
	TS_C_IP_OTHER,		/* IP protocol not parsed further */
	TS_C_IPIP,		/* IPv4 or IPv6 carried in IPv4/IPv6 (4, 41) */
	TS_C_ICMP,
	TS_C_ICMPV6,
	TS_C_TCP,
	TS_C_TCP_SYN,		/* SYN without ACK */
	TS_C_TCP_SYNACK,	/* SYN with ACK */
	TS_C_TCP_FIN,
	TS_C_TCP_RST,
	TS_C_TCP_PSH,
	TS_C_TCP_ACK,
	TS_C_TCP_URG,
	TS_C_TCP_ECE,
	TS_C_TCP_CWR,
	TS_C_TCP_NOFLAGS,	/* no flag set at all */
	TS_C_TCP_SYN_FIN,	/* invalid: SYN with FIN */
	TS_C_TCP_SYN_RST,	/* invalid: SYN with RST */
	TS_C_TCP_FIN_NO_ACK,	/* invalid: FIN without ACK (RFC 9293 3.10.7) */
	TS_C_TCP_XMAS,		/* invalid: FIN, PSH and URG together (scan probe) */
	TS_C_TCP_INVALID,	/* any of the invalid combinations above */
	TS_C_TCP_HS_SYN,	/* handshake: a new connection attempt */
	TS_C_TCP_HS_SYN_RETRANS,/* handshake: SYN seen again for a pending attempt */
	TS_C_TCP_HS_SYNACK,	/* handshake: SYN-ACK answering a tracked SYN */
	TS_C_TCP_HS_COMPLETED,	/* handshake: the client's ACK of the SYN-ACK */
	TS_C_TCP_HS_REFUSED,	/* handshake: RST answering a SYN */
	TS_C_TCP_INNER,		/* TCP inside a tunnel the program decapsulated */
	TS_C_TCP_FLOOD_EVENT,	/* SYN flood events emitted */
	TS_C_UDP,
	TS_C_AH,		/* IPsec AH: SPI and sequence read */
	TS_C_ESP,		/* IPsec ESP (payload opaque) */
	TS_C_GRE,		/* any GRE header (RFC 2784/2890, RFC 2637) */
	TS_C_GRE_V0,
	TS_C_GRE_V1,		/* PPTP's enhanced GRE */
	TS_C_GRE_CSUM,		/* C bit: checksum word present */
	TS_C_GRE_ROUTING,	/* R bit: RFC 1701 source route entries */
	TS_C_GRE_KEY,		/* K bit */
	TS_C_GRE_SEQ,		/* S bit */
	TS_C_GRE_ACK,		/* A bit (v1) */
	TS_C_GRE_ACK_ONLY,	/* v1 with payload length 0 */
	TS_C_GRE_TEB,		/* v0 carrying Ethernet (0x6558), parsed on */
	TS_C_GRE_ERSPAN,	/* v0 carrying ERSPAN (0x88BE, 0x22EB), parsed on */
	TS_C_GRE_OTHER,		/* v0 payload type not parsed further */
	TS_C_PPP,		/* a PPP frame (in GRE v1, later L2TP, PPPoE) */
	TS_C_PPP_NO_ACF,	/* address/control field elided (ACFC) */
	TS_C_PPP_PFC,		/* protocol field compressed to 1 byte */
	TS_C_PPTP_CONTROL,	/* a PPTP control message on the control port */
	TS_C_PPTP_MULTI,	/* several control messages in one segment */
	TS_C_PPTP_CONTINUATION,	/* a message running on into the next segment */
	TS_C_L2TP,		/* an L2TP header, v2 or v3, over UDP or IP */
	TS_C_L2TP_CONTROL,	/* a control message (T bit), ZLBs included */
	TS_C_L2TP_DATA,		/* a data message */
	TS_C_L2TPV3,		/* version 3 (RFC 3931), over UDP or IP */
	TS_C_L2TPV3_IP,		/* version 3 straight over IP (protocol 115) */
	TS_C_L2TP_ZLB,		/* control message without AVPs: an acknowledgment */
	TS_C_L2TP_AVP_HIDDEN,	/* at least one hidden AVP (H bit), not decoded */
	TS_C_L2TP_DATA_LENGTH,	/* v2 data with the L bit (Length field) */
	TS_C_L2TP_DATA_SEQ,	/* v2 data with the S bit (Ns, Nr) */
	TS_C_L2TP_DATA_OFFSET,	/* v2 data with the O bit (Offset Size, padding) */
	TS_C_L2TP_DATA_PRIORITY,	/* v2 data with the P bit */
	TS_C_ESP_UDP,		/* UDP on the NAT-T port classified as ESP (RFC 3948) */
	TS_C_NAT_KEEPALIVE,	/* UDP on the NAT-T port: the one byte 0xFF */
	TS_C_IKE,		/* a valid ISAKMP header (IKE port, or NAT-T port + marker) */
	TS_C_IKE_NATT,		/* NAT-T port payload starting with the non-ESP marker */
	TS_C_IKE_V1,		/* ISAKMP major version 1 */
	TS_C_IKE_V2,		/* ISAKMP major version 2 */
	TS_C_SNAP,		/* 802.2 SNAP header (LLC AA-AA-03) */
	TS_C_ARP,		/* ARP or RARP (0x0806, 0x8035) */
	TS_C_ARP_REQUEST,	/* opcode 1, not gratuitous */
	TS_C_ARP_REPLY,		/* opcode 2, not gratuitous */
	TS_C_ARP_GRATUITOUS,	/* request or reply with sender IP == target IP */
	TS_C_ARP_PROBE,		/* request with sender IP 0.0.0.0 (RFC 5227) */
	TS_C_ARP_OTHER,		/* any other opcode (RARP, InARP...) */
	TS_C_ARP_NON_IPV4,	/* not IPv4 over Ethernet: not parsed further */
	TS_C_PPPOE_DISCOVERY,	/* PPPoE discovery stage (0x8863) */
	TS_C_PPPOE_SESSION,	/* PPPoE session stage (0x8864) */
	TS_C_PPPOE_SERVICE_NAME,/* discovery frame with a Service-Name tag */
	TS_C_PPPOE_AC_NAME,	/* discovery frame with an AC-Name tag */
	TS_C_PPPOE_ERROR_TAG,	/* discovery frame with an error tag (0x0201-0x0203) */
	TS_C_IGMP,
	TS_C_OSPF,
	TS_C_RADIUS,
	TS_C_RADIUS_REQUEST,	/* a request code (Access-, Accounting-, CoA-...) */
	TS_C_RADIUS_RESPONSE,
	TS_C_RADIUS_ANSWERED,	/* a response matched to its pending request */
	TS_C_RADIUS_UNMATCHED,	/* a response with no pending request */
	TS_C_RADIUS_RETRANSMIT,	/* a pending request sent again (same ID and authenticator) */
	TS_C_RADIUS_UNANSWERED,	/* a pending request displaced by a new one with its ID */
	TS_C_TLS,		/* a whole TLS record at the start of a TCP payload */
	TS_C_TLS_CONTINUED,	/* a record running on into a later segment */

	/* failure modes: one each, never one lump "malformed" */
	TS_C_ERR_ETH_TRUNCATED,
	TS_C_ERR_VLAN_TRUNCATED,
	TS_C_ERR_VLAN_LIMIT,
	TS_C_ERR_LLC_TRUNCATED,
	TS_C_ERR_IPV4_TRUNCATED,
	TS_C_ERR_IPV4_BAD_VERSION,
	TS_C_ERR_IPV4_BAD_IHL,
	TS_C_ERR_IPV4_BAD_TOTAL_LEN,	/* total length < header length */
	TS_C_ERR_IPV4_LEN_BEYOND_FRAME,
	TS_C_ERR_IPV6_TRUNCATED,
	TS_C_ERR_IPV6_BAD_VERSION,
	TS_C_ERR_IPV6_LEN_BEYOND_FRAME,
	TS_C_ERR_IPV6_EXT_TRUNCATED,
	TS_C_ERR_IPV6_EXT_LIMIT,
	TS_C_ERR_AH_TRUNCATED,
	TS_C_ERR_AH_BAD_LEN,
	TS_C_ERR_TCP_TRUNCATED,
	TS_C_ERR_TCP_BAD_DOFF,
	TS_C_ERR_UDP_TRUNCATED,
	TS_C_ERR_UDP_BAD_LEN,
	TS_C_ERR_ICMP_TRUNCATED,
	TS_C_ERR_ICMPV6_TRUNCATED,
	TS_C_ERR_ESP_TRUNCATED,
	TS_C_ERR_LAYER_LIMIT,
	TS_C_ERR_GRE_TRUNCATED,		/* fixed 4 bytes missing */
	TS_C_ERR_GRE_OPT_TRUNCATED,	/* an announced optional word past the end */
	TS_C_ERR_GRE_BAD_VERSION,	/* version neither 0 nor 1 */
	TS_C_ERR_GRE_V1_NO_KEY,
	TS_C_ERR_GRE_V1_CSUM_ROUTING,	/* v1 with C or R set */
	TS_C_ERR_GRE_V1_BAD_PROTO,	/* v1 protocol other than 0x880B */
	TS_C_ERR_GRE_ROUTING_LIMIT,
	TS_C_ERR_GRE_NEST_LIMIT,	/* GRE inside GRE beyond TS_MAX_GRE_DEPTH */
	TS_C_ERR_PPP_TRUNCATED,
	TS_C_ERR_PPP_CTRL_TRUNCATED,	/* LCP/PAP/CHAP/NCP header missing */
	TS_C_ERR_PPTP_TRUNCATED,	/* header not captured */
	TS_C_ERR_PPTP_BAD_LENGTH,	/* shorter than its message type's layout */
	TS_C_ERR_PPTP_BAD_TYPE,		/* PPTP message type not 1 (control) */
	TS_C_ERR_PPTP_BAD_COOKIE,	/* magic cookie not 0x1A2B3C4D */
	TS_C_ERR_PPTP_BAD_CTRL_TYPE,	/* control message type not 1-15 */
	TS_C_ERR_PPTP_MSG_LIMIT,
	TS_C_ERR_GRE_TABLE_FULL,	/* gre_calls insert failed */
	TS_C_ERR_PPTP_TABLE_FULL,	/* pptp_calls insert failed */
	TS_C_ERR_L2TP_TRUNCATED,	/* header (as its bits announce) past the datagram or capture */
	TS_C_ERR_L2TP_BAD_VERSION,	/* version neither 2 nor 3 (3 only over IP) */
	TS_C_ERR_L2TP_BAD_LENGTH,	/* Length field shorter than the header */
	TS_C_ERR_L2TP_LEN_BEYOND,	/* Length field beyond the datagram */
	TS_C_ERR_L2TP_CTRL_NO_LS,	/* control message without the L or S bit */
	TS_C_ERR_L2TP_BAD_OFFSET,	/* Offset Size beyond the message */
	TS_C_ERR_L2TP_V3_ZERO_SESSION,	/* v3 data message with Session ID 0 */
	TS_C_ERR_L2TP_AVP_TRUNCATED,	/* an AVP inside the message but not captured */
	TS_C_ERR_L2TP_AVP_BAD_LEN,	/* AVP length < 6, or short for its attribute */
	TS_C_ERR_L2TP_AVP_BEYOND,	/* AVP running past the message's end */
	TS_C_ERR_L2TP_AVP_LIMIT,	/* more AVPs than TS_MAX_L2TP_AVPS */
	TS_C_ERR_L2TP_NO_MSG_TYPE,	/* first AVP not a (visible) Message Type */
	TS_C_ERR_L2TP_TABLE_FULL,	/* an l2tp_* table insert failed */
	TS_C_ERR_TCP_CONN_TABLE_FULL,	/* tcp_conns insert failed */
	TS_C_ERR_TCP_SVC_TABLE_FULL,	/* tcp_services insert failed */
	TS_C_ERR_EVENT_LOST,		/* ring buffer full: event dropped */
	TS_C_ERR_TCP_TINY_FRAGMENT,	/* first fragment with under 20 TCP bytes (RFC 1858) */
	TS_C_ERR_ESP_SPI_ZERO,		/* SPI 0: reserved for local use (RFC 4303 2.1) */
	TS_C_ERR_ESP_SPI_RESERVED,	/* SPI 1-255: reserved by IANA */
	TS_C_ERR_AH_SPI_ZERO,		/* the same for AH (RFC 4302 2.4) */
	TS_C_ERR_AH_SPI_RESERVED,
	TS_C_ERR_NATT_TRUNCATED,	/* NAT-T payload not captured: not classified */
	TS_C_ERR_IKE_TRUNCATED,		/* ISAKMP header not captured */
	TS_C_ERR_IKE_SHORT,		/* datagram shorter than the 28-byte header */
	TS_C_ERR_IKE_BAD_LEN,		/* length field < 28 or beyond the datagram */
	TS_C_ERR_IKE_TRAILING,		/* length field shorter than the datagram */
	TS_C_ERR_IKE_BAD_VERSION,	/* major version neither 1 nor 2 */
	TS_C_ERR_IKE_ISPI_ZERO,		/* initiator SPI 0 (RFC 7296 3.1: never) */
	TS_C_ERR_IKE_XCHG_LIMIT,	/* more exchange types in one IKE SA than slots */
	TS_C_ERR_IPSEC_TABLE_FULL,	/* ipsec_sas insert failed */
	TS_C_ERR_IKE_TABLE_FULL,	/* ike_sas insert failed */
	TS_C_ERR_IPSEC_LOCK_BUSY,	/* an SA's lock not had in TS_SA_SPIN_MAX tries */
	TS_C_ERR_LLC_BAD_LENGTH,	/* 802.3 length shorter than the LLC header */
	TS_C_ERR_SNAP_TRUNCATED,
	TS_C_ERR_ARP_TRUNCATED,
	TS_C_ERR_PPPOE_TRUNCATED,
	TS_C_ERR_PPPOE_BAD_VERSION,	/* version or type not 1 */
	TS_C_ERR_PPPOE_BAD_CODE,	/* session stage with a code other than 0 */
	TS_C_ERR_PPPOE_LEN_BEYOND_FRAME,
	TS_C_ERR_PPPOE_TAG_TRUNCATED,	/* a tag runs past the payload */
	TS_C_ERR_PPPOE_TAG_LIMIT,
	TS_C_ERR_PPPOE_TABLE_FULL,	/* pppoe_sessions insert failed */
	TS_C_ERR_PPP_OPT_LIMIT,		/* IPCP options beyond TS_MAX_PPP_OPTS */
	TS_C_ERR_IGMP_TRUNCATED,
	TS_C_ERR_OSPF_TRUNCATED,
	TS_C_ERR_OSPF_BAD_VERSION,	/* neither 2 nor 3 */
	TS_C_ERR_OSPF_BAD_TYPE,		/* message type not 1-5 */
	TS_C_ERR_OSPF_BAD_LENGTH,	/* shorter than the header or beyond the IP payload */
	TS_C_ERR_RADIUS_TRUNCATED,
	TS_C_ERR_RADIUS_BAD_CODE,	/* not an IANA-assigned code */
	TS_C_ERR_RADIUS_BAD_LENGTH,	/* < 20, > 4096 or beyond the UDP payload */
	TS_C_ERR_RADIUS_TABLE_FULL,	/* radius_pending insert failed */
	TS_C_ERR_TLS_BAD_RECORD,	/* a record header after a good record fails the check */
	TS_C_ERR_TLS_RECORD_LIMIT,
	TS_C_ERR_TLS_HS_LIMIT,		/* handshake messages in a record beyond the limit */
	TS_C_ERR_ERSPAN_TRUNCATED,
	TS_C_ERR_ERSPAN_BAD_VERSION,	/* ERSPAN header version neither 1 nor 2 */
	TS_C_ERR_IPSEC_SA_EVICTED,	/* a live SA replaced by a new one: ipsec_sas too small */
	TS_C_ERR_TCP_CONN_EVICTED,	/* a tracked connection replaced: tcp_conns too small (or a flood) */
	TS_C_ERR_TCP_SVC_EVICTED,	/* a service replaced: tcp_services too small */
	TS_C_ERR_IKE_SA_EVICTED,	/* a live IKE SA replaced: ike_sas too small */
	TS_C_ERR_GRE_CALL_EVICTED,	/* a GRE call direction replaced: gre_calls too small */
	TS_C_ERR_PPTP_CALL_EVICTED,	/* a PPTP call (or its PAC Call ID) replaced */
	TS_C_ERR_L2TP_EVICTED,		/* an L2TP session, tunnel, call or alias replaced */
	TS_C_ERR_PPPOE_EVICTED,		/* a PPPoE session replaced: pppoe_sessions too small */

	__TS_C_MAX
};

/* First error counter: everything from here on is a failure mode. */
#define TS_C_FIRST_ERROR TS_C_ERR_ETH_TRUNCATED

/* Value of the per-CPU `counters` array, one slot per enum ts_counter_id. */
struct ts_counter {
	__u64 packets;
	__u64 bytes;
};
_Static_assert(sizeof(struct ts_counter) == 16, "ts_counter ABI");

/*
 * The counters map's one value (per CPU): every counter by enum
 * ts_counter_id. One value, not one slot per counter, so a frame looks the
 * map up once and not once per counter it bumps (docs/performance.md).
 * lane[]: what the lanes counted, one slot per frame signature, which
 * stands for several counters (include/tunnelstat_lane.h); read the
 * counters with ts_stats_read(), which adds them in.
 */
#define TS_COUNTER_SLOTS 256
#define TS_LANE_TUN_SIGS 1024
#define TS_LANE_SIGS (TS_LANE_TUN_SIGS + 16)
struct ts_counters {
	struct ts_counter c[TS_COUNTER_SLOTS];
	struct ts_counter lane[TS_LANE_SIGS];
};
_Static_assert(__TS_C_MAX <= TS_COUNTER_SLOTS, "every counter has a slot");
/* a per-CPU map value may not exceed 32 KiB (PCPU_MIN_UNIT_SIZE) */
_Static_assert(sizeof(struct ts_counters) <= 32768, "ts_counters fits a per-CPU value");

/* Attach modes kept in struct ts_meta.mode. */
#define TS_MODE_NATIVE 1
#define TS_MODE_SKB 2

/*
 * Value of the one-slot `meta` array: written by `tunnelstat attach`,
 * read by `status` and `show`. The program never touches it.
 */
struct ts_meta {
	__u64 attached_ns;	/* CLOCK_REALTIME at attach, ns since epoch */
	__u32 ifindex;
	__u32 mode;		/* TS_MODE_* */
	__u32 prog_id;
	__u32 pad;
	char ifname[16];	/* IFNAMSIZ */
};
_Static_assert(sizeof(struct ts_meta) == 40, "ts_meta ABI");

/*
 * Replay batches (user/replay.c packs, bpf/tunnelstat.bpf.c walks): frames
 * are laid back to front in one buffer, each followed by this trailer, so
 * the program peels them off the tail in capture order.
 */
struct ts_batch_trailer {
	__u64 ts_ns;		/* capture timestamp, ns since epoch */
	__u32 caplen;		/* bytes of the frame present before this trailer */
	__u32 wire_len;		/* length on the wire (pcap orig_len) */
};
_Static_assert(sizeof(struct ts_batch_trailer) == 16, "ts_batch_trailer ABI");

/*
 * Addresses in map keys: IPv4 in a[0] with a[1..3] zero, IPv6 in all four;
 * network byte order as on the wire. family is 4 or 6.
 */

/* gre_calls key: one direction of one GRE v1 call (outer src -> dst). */
struct ts_gre_key {
	__be32 src[4];
	__be32 dst[4];
	__be16 call_id;		/* from the key field, network order */
	__u8 family;
	__u8 pad[5];
};
_Static_assert(sizeof(struct ts_gre_key) == 40, "ts_gre_key ABI");
_Static_assert(__builtin_offsetof(struct ts_gre_key, call_id) == 32, "tail: one 64-bit word");

#define TS_GRE_HAVE_SEQ 0x1
#define TS_GRE_HAVE_ACK 0x2
/* a new call reuses the IDs: the next sequence / ack number starts afresh */
#define TS_GRE_RESYNC_SEQ 0x4
#define TS_GRE_RESYNC_ACK 0x8

/* gre_calls value. Sequence arithmetic is modulo 2^32 (RFC 1982). */
struct ts_gre_call {
	__u64 packets;
	__u64 bytes;		/* wire frame bytes */
	__u64 payload_bytes;	/* GRE payload length field (the PPP frame) */
	__u64 first_ns;
	__u64 last_ns;
	__u64 ack_only;		/* packets with payload length 0 */
	__u64 lost;		/* sequence numbers skipped, less late arrivals */
	__u64 reordered;	/* arrived behind the highest sequence seen */
	__u64 duplicates;	/* equal to the highest sequence seen */
	__u32 seq_max;		/* host order */
	__u32 ack_max;		/* host order */
	__u32 flags;		/* TS_GRE_HAVE_* */
	__u32 pad;
};
_Static_assert(sizeof(struct ts_gre_call) == 88, "ts_gre_call ABI");
TS_TAB_TYPES(gre_calls, struct ts_gre_key, struct ts_gre_call);

/* PPTP control message types (RFC 2637 2.0). */
enum ts_pptp_msg {
	TS_PPTP_SCCRQ = 1,
	TS_PPTP_SCCRP = 2,
	TS_PPTP_STOPCCRQ = 3,
	TS_PPTP_STOPCCRP = 4,
	TS_PPTP_ECHORQ = 5,
	TS_PPTP_ECHORP = 6,
	TS_PPTP_OCRQ = 7,
	TS_PPTP_OCRP = 8,
	TS_PPTP_ICRQ = 9,
	TS_PPTP_ICRP = 10,
	TS_PPTP_ICCN = 11,
	TS_PPTP_CCRQ = 12,
	TS_PPTP_CDN = 13,
	TS_PPTP_WEN = 14,
	TS_PPTP_SLI = 15,
	__TS_PPTP_MAX = 16,
};

/* PPTP call states (struct ts_pptp_call.state). */
enum ts_pptp_state {
	TS_PPTP_ST_REQUESTED = 1,	/* OCRQ or ICRQ/ICRP seen */
	TS_PPTP_ST_ESTABLISHED = 2,	/* OCRP result 1, or ICCN */
	TS_PPTP_ST_REJECTED = 3,	/* OCRP/ICRP with another result */
	TS_PPTP_ST_CLEARING = 4,	/* Call-Clear-Request */
	TS_PPTP_ST_DISCONNECTED = 5,	/* Call-Disconnect-Notify */
};

/* PPTP control connection states (struct ts_pptp_ctrl.state). */
enum ts_pptp_ctrl_state {
	TS_PPTP_CC_REQUESTED = 1,	/* Start-Control-Connection-Request */
	TS_PPTP_CC_ESTABLISHED = 2,	/* Start-Control-Connection-Reply, result 1 */
	TS_PPTP_CC_REJECTED = 3,	/* Start-Control-Connection-Reply, another result */
	TS_PPTP_CC_STOPPING = 4,	/* Stop-Control-Connection-Request */
	TS_PPTP_CC_STOPPED = 5,		/* Stop-Control-Connection-Reply */
};

/* struct ts_pptp_ctrl.origin and .stop_by: which host of the key sent it */
#define TS_PPTP_CC_LOW 1	/* the key's first address (pns field) */
#define TS_PPTP_CC_HIGH 2	/* the key's second address (pac field) */

/*
 * pptp_calls key: PNS address, PAC address and the PNS's Call ID.
 * pptp_alias uses the same layout with the PAC's Call ID, to find the call
 * from messages that carry only that (ICRQ, CDN, SLI).
 */
struct ts_pptp_key {
	__be32 pns[4];
	__be32 pac[4];
	__be16 call_id;
	__u8 family;
	__u8 pad[5];
};
_Static_assert(sizeof(struct ts_pptp_key) == 40, "ts_pptp_key ABI");
_Static_assert(__builtin_offsetof(struct ts_pptp_key, call_id) == 32, "tail: one 64-bit word");

struct ts_pptp_call {
	__u64 requested_ns;
	__u64 established_ns;
	__u64 clearing_ns;
	__u64 ended_ns;		/* CDN, or the rejecting reply */
	__u64 last_ns;
	__u32 sli;		/* Set-Link-Info messages */
	__u32 wen;		/* WAN-Error-Notify messages */
	__be16 pns_call_id;
	__be16 pac_call_id;	/* valid once have_pac_id (0 is a valid ID) */
	__u8 state;		/* enum ts_pptp_state */
	__u8 result;		/* result code of the reply or CDN */
	__u8 error;		/* general error code */
	__u8 have_pac_id;
	__u16 cause;		/* CDN cause code, host order */
	__u8 pad2[6];
};
_Static_assert(sizeof(struct ts_pptp_call) == 64, "ts_pptp_call ABI");
TS_TAB_TYPES(pptp_calls, struct ts_pptp_key, struct ts_pptp_call);

/*
 * pptp_ctrl value: the control connection between two hosts (RFC 2637
 * 1.3: one per PNS-PAC pair; either side may open it). Key: struct
 * ts_pptp_key with the lower address (bytewise) in pns, the higher in
 * pac, Call ID 0. Every call between the pair runs on it: when it stops,
 * calls still up are cleared with it (RFC 2637 2.3), which userspace
 * shows by joining the two tables.
 */
struct ts_pptp_ctrl {
	__u64 started_ns;	/* SCCRQ, or the first message seen */
	__u64 established_ns;	/* SCCRP with result 1 */
	__u64 stop_ns;		/* StopCCRQ (or the StopCCRP if the request was missed) */
	__u64 stopped_ns;	/* StopCCRP, or the rejecting SCCRP */
	__u64 prev_end_ns;	/* a new SCCRQ replaced a connection: when that one ended */
	__u64 last_ns;
	__u8 state;		/* enum ts_pptp_ctrl_state */
	__u8 origin;		/* TS_PPTP_CC_LOW/HIGH: sender of the SCCRQ; 0 unknown */
	__u8 stop_by;		/* sender of the StopCCRQ; 0 none */
	__u8 result;		/* SCCRP or StopCCRP result code */
	__u8 error;		/* its general error code */
	__u8 reason;		/* StopCCRQ reason (1 none, 2 Stop-Protocol, 3 Stop-Local-Shutdown) */
	__u8 pad[2];
};
_Static_assert(sizeof(struct ts_pptp_ctrl) == 56, "ts_pptp_ctrl ABI");
TS_TAB_TYPES(pptp_ctrl, struct ts_pptp_key, struct ts_pptp_ctrl);

/* pptp_alias value: the PNS's Call ID for a PAC Call ID. */
struct ts_pptp_alias {
	__u64 requested_ns;	/* ICRQ time, before the PNS's ID is known */
	__be16 pns_call_id;
	__u8 has_pns;
	__u8 pad[5];
};
_Static_assert(sizeof(struct ts_pptp_alias) == 16, "ts_pptp_alias ABI");
TS_TAB_TYPES(pptp_alias, struct ts_pptp_key, struct ts_pptp_alias);

/*
 * ppp_stats index: protocol * TS_PPP_CODES + code. Control protocols count
 * by code (codes above 15 land in slot 0, "other"); data protocols use 0.
 */
enum ts_ppp_proto {
	TS_PPP_LCP = 0,		/* 0xC021 */
	TS_PPP_PAP,		/* 0xC023 */
	TS_PPP_CHAP,		/* 0xC223 */
	TS_PPP_IPCP,		/* 0x8021 */
	TS_PPP_IPV6CP,		/* 0x8057 */
	TS_PPP_CCP,		/* 0x80FD */
	TS_PPP_COMP,		/* 0x00FD compressed/encrypted datagram (MPPE) */
	TS_PPP_IPV4,		/* 0x0021 */
	TS_PPP_IPV6,		/* 0x0057 */
	TS_PPP_OTHER,
	__TS_PPP_MAX
};
#define TS_PPP_CODES 16

/*
 * L2TP (RFC 2661 v2, RFC 3931 v3). l2tp_msgs index: (version == 3) *
 * TS_L2TP_MSG_SLOTS + message type; types above TS_L2TP_MSG_OTHER land in
 * slot TS_L2TP_MSG_OTHER. The highest type IANA has assigned is 29 (CSURQ,
 * RFC 5515).
 */
#define TS_L2TP_MSG_SLOTS 32
#define TS_L2TP_MSG_OTHER 31

/* Control message types (RFC 2661 3.2, RFC 3931 3.1, IANA). */
enum ts_l2tp_msg_type {
	TS_L2TP_SCCRQ = 1,
	TS_L2TP_SCCRP = 2,
	TS_L2TP_SCCCN = 3,
	TS_L2TP_STOPCCN = 4,
	TS_L2TP_HELLO = 6,
	TS_L2TP_OCRQ = 7,
	TS_L2TP_OCRP = 8,
	TS_L2TP_OCCN = 9,
	TS_L2TP_ICRQ = 10,
	TS_L2TP_ICRP = 11,
	TS_L2TP_ICCN = 12,
	TS_L2TP_CDN = 14,
	TS_L2TP_WEN = 15,
	TS_L2TP_SLI = 16,
	TS_L2TP_ACK = 20,	/* RFC 3931 explicit acknowledgement */
};

/* Tunnel and session (call) states, struct ts_l2tp_tunnel/ts_l2tp_call .state */
enum ts_l2tp_state {
	TS_L2TP_ST_REQUESTED = 1,	/* SCCRQ; ICRQ or OCRQ */
	TS_L2TP_ST_REPLIED = 2,		/* SCCRP; ICRP or OCRP */
	TS_L2TP_ST_ESTABLISHED = 3,	/* SCCCN; ICCN or OCCN */
	TS_L2TP_ST_STOPPED = 4,		/* StopCCN; CDN */
};

/* struct ts_l2tp_key.kind in l2tp_alias */
#define TS_L2TP_ALIAS_TUNNEL 1
#define TS_L2TP_ALIAS_CALL 2

/*
 * One key layout for every L2TP table; a and b are IP addresses, IDs are
 * in host order (v2's are 16-bit, v3's 32-bit):
 *   l2tp_sess    a = source, b = destination, the header's Tunnel ID (v3:
 *                Control Connection ID, 0 on data) and Session ID
 *   l2tp_tunnels a = LAC (the SCCRQ sender), b = LNS, tunnel_id = the
 *                LAC's assigned Tunnel ID, session_id 0
 *   l2tp_calls   a = the ICRQ/OCRQ sender, b = its peer, tunnel_id = the
 *                tunnel's key (the LAC's Tunnel ID), session_id = the
 *                requester's assigned Session ID
 *   l2tp_alias   a = an ID's owner, b = its peer; kind TS_L2TP_ALIAS_TUNNEL:
 *                tunnel_id = the LNS's Tunnel ID; kind TS_L2TP_ALIAS_CALL:
 *                tunnel_id = the tunnel's key, session_id = the
 *                responder's Session ID
 */
struct ts_l2tp_key {
	__be32 a[4];
	__be32 b[4];
	__u32 tunnel_id;
	__u32 session_id;
	__u8 version;		/* 2 or 3 */
	__u8 family;		/* 4 or 6 */
	__u8 kind;		/* l2tp_alias only, else 0 */
	__u8 pad[5];
};
_Static_assert(sizeof(struct ts_l2tp_key) == 48, "ts_l2tp_key ABI");
_Static_assert(__builtin_offsetof(struct ts_l2tp_key, tunnel_id) == 32 &&
	       __builtin_offsetof(struct ts_l2tp_key, version) == 40, "IDs, then the tail: 64-bit words");

/*
 * l2tp_sess value: one direction of one (tunnel, session). Sequence
 * fields follow the control connection (RFC 2661 5.8): they are kept on
 * the Session ID 0 row of the tunnel, since every control message of a
 * tunnel shares one Ns space whatever Session ID its header carries.
 */
struct ts_l2tp_sess {
	__u64 packets;
	__u64 bytes;		/* wire frame bytes */
	__u64 control;		/* control messages, ZLBs included */
	__u64 data;
	__u64 first_ns;
	__u64 last_ns;
	__u64 retransmits;	/* a control Ns at or behind the highest seen */
	__u64 gaps;		/* control Ns values skipped */
	__u16 ns_max;		/* highest Ns of a non-ZLB control message */
	__u16 nr_max;		/* highest Nr of any control message */
	__u8 have_ns;
	__u8 have_nr;
	__u8 pad[2];
};
_Static_assert(sizeof(struct ts_l2tp_sess) == 72, "ts_l2tp_sess ABI");
TS_TAB_TYPES(l2tp_sess, struct ts_l2tp_key, struct ts_l2tp_sess);

/* l2tp_tunnels value */
struct ts_l2tp_tunnel {
	__u64 started_ns;	/* SCCRQ (or SCCRP if the request was missed) */
	__u64 ended_ns;		/* StopCCN */
	__u32 lac_tunnel_id;
	__u32 lns_tunnel_id;	/* valid once have_lns_id */
	__u16 result;		/* StopCCN Result Code, valid once have_result */
	__u16 error;		/* its Error Code, 0 if absent */
	__u8 state;		/* enum ts_l2tp_state */
	__u8 have_lns_id;
	__u8 have_result;
	__u8 pad;
};
_Static_assert(sizeof(struct ts_l2tp_tunnel) == 32, "ts_l2tp_tunnel ABI");
TS_TAB_TYPES(l2tp_tunnels, struct ts_l2tp_key, struct ts_l2tp_tunnel);

/* l2tp_calls value: one session's lifecycle */
struct ts_l2tp_call {
	__u64 started_ns;	/* the request (or the reply if it was missed) */
	__u64 ended_ns;		/* CDN */
	__u32 req_session_id;	/* the requester's Session ID (the key's) */
	__u32 resp_session_id;	/* the responder's, valid once have_resp_id */
	__u16 result;		/* CDN Result Code, valid once have_result */
	__u16 error;
	__u8 state;		/* enum ts_l2tp_state */
	__u8 have_resp_id;
	__u8 have_result;
	__u8 outgoing;		/* 1: OCRQ/OCRP (LNS-initiated), 0: ICRQ/ICRP */
};
_Static_assert(sizeof(struct ts_l2tp_call) == 32, "ts_l2tp_call ABI");
TS_TAB_TYPES(l2tp_calls, struct ts_l2tp_key, struct ts_l2tp_call);

/* l2tp_alias value: the ID to put in the key of the tunnel or call */
struct ts_l2tp_alias {
	__u32 id;		/* TUNNEL: the LAC's Tunnel ID; CALL: the requester's Session ID */
	__u32 pad;
};
_Static_assert(sizeof(struct ts_l2tp_alias) == 8, "ts_l2tp_alias ABI");
TS_TAB_TYPES(l2tp_alias, struct ts_l2tp_key, struct ts_l2tp_alias);
/* Tunnel a TCP connection ran in (struct ts_tcp_conn.tunnel). */
enum ts_tunnel_kind {
	TS_TUN_NONE = 0,
	TS_TUN_GRE = 1,		/* GRE v0; id = key if present */
	TS_TUN_PPTP = 2,	/* GRE v1; id = Call ID */
	TS_TUN_L2TP = 3,	/* id = tunnel << 16 | session */
	TS_TUN_PPPOE = 4,	/* id = session ID */
	TS_TUN_IPIP = 5,	/* IPv4/IPv6 in IP; id 0 */
};

/* TCP handshake states (struct ts_tcp_conn.state). */
enum ts_tcp_state {
	TS_TCP_SYN_SENT = 1,
	TS_TCP_SYN_RCVD = 2,	/* SYN-ACK seen */
	TS_TCP_ESTABLISHED = 3,
	TS_TCP_RESET = 4,
	TS_TCP_CLOSED = 5,	/* FIN seen */
};

/*
 * tcp_conns key: one connection, oriented client -> server by its SYN.
 * Tunnel identity is part of the key: the same inner 4-tuple in two
 * tunnels is two connections.
 */
struct ts_tcp_conn_key {
	__be32 client[4];
	__be32 server[4];
	__be16 cport;
	__be16 sport;
	__u32 tunnel_id;	/* same both ways: see ts_enter_tunnel() */
	__u8 family;
	__u8 tunnel;		/* enum ts_tunnel_kind */
	__u8 pad[6];
};
_Static_assert(sizeof(struct ts_tcp_conn_key) == 48, "ts_tcp_conn_key ABI");
_Static_assert(__builtin_offsetof(struct ts_tcp_conn_key, cport) == 32, "tail: two 64-bit words");

struct ts_tcp_conn {
	__u64 syn_ns;		/* first SYN */
	__u64 synack_ns;
	__u64 established_ns;
	__u64 last_ns;
	__u32 syns;		/* SYNs sent, retransmissions included */
	__u32 client_isn;	/* the SYN's sequence number: a new ISN is a new attempt */
	__u32 tunnel_ref;	/* the tunnel's ID on the SYN (Call ID, key, tunnel << 16 | session) */
	__u8 state;		/* enum ts_tcp_state */
	__u8 pad[3];
};
_Static_assert(sizeof(struct ts_tcp_conn) == 48, "ts_tcp_conn ABI");
TS_TAB_TYPES(tcp_conns, struct ts_tcp_conn_key, struct ts_tcp_conn);

/* tcp_services key: a server address and port (network order). */
struct ts_tcp_svc_key {
	__be32 addr[4];
	__be16 port;
	__u8 family;
	__u8 pad;
};
_Static_assert(sizeof(struct ts_tcp_svc_key) == 20, "ts_tcp_svc_key ABI");

/*
 * Round-trip histogram buckets: bucket i counts RTTs in [2^i, 2^(i+1)) us,
 * bucket 0 also < 1 us; 24 buckets reach 2^24 us = 16.8 s, past the
 * longest SYN retransmission schedule that still completes.
 */
#define TS_RTT_BUCKETS 24

/* Handshake counts of one service, outer or inner traffic. */
struct ts_tcp_svc_counts {
	__u64 syn;		/* new attempts */
	__u64 syn_retrans;
	__u64 syn_ack;
	__u64 completed;
	__u64 rst;		/* RSTs from either side */
	__u64 refused;		/* RST answering a SYN */
	__u64 fin;
	__u32 rtt_syn_synack[TS_RTT_BUCKETS];	/* SYN -> SYN-ACK, log2 us */
	__u32 rtt_synack_ack[TS_RTT_BUCKETS];	/* SYN-ACK -> ACK, log2 us */
};
_Static_assert(sizeof(struct ts_tcp_svc_counts) == 56 + 8 * TS_RTT_BUCKETS, "svc counts ABI");

struct ts_tcp_svc {
	struct ts_tcp_svc_counts outer;
	struct ts_tcp_svc_counts inner;	/* TCP inside decapsulated tunnels */
	__u64 first_ns;
	__u64 last_ns;
	__u64 win_start_ns;	/* SYN flood window (one second) */
	__u32 win_syns;
	__u32 win_completed;
	__u32 win_alerted;	/* an event was sent for this window */
	__u32 pad;
};
_Static_assert(sizeof(struct ts_tcp_svc) == 2 * sizeof(struct ts_tcp_svc_counts) + 40, "svc ABI");
TS_TAB_TYPES(tcp_services, struct ts_tcp_svc_key, struct ts_tcp_svc);

/* Ring buffer events (map `events`). */
enum ts_event_type {
	TS_EV_SYN_FLOOD = 1,
};

struct ts_event {
	__u64 ts_ns;		/* map time (pcap time in replay, monotonic live) */
	__u32 type;		/* enum ts_event_type */
	__u32 syns;		/* SYNs in the window */
	__u32 completed;	/* handshakes completed in the window */
	__u32 window_ms;
	__be32 addr[4];		/* the service under flood */
	__be16 port;
	__u8 family;
	__u8 pad[5];
};
_Static_assert(sizeof(struct ts_event) == 48, "ts_event ABI");

/*
 * IPsec (RFC 4301): ESP (RFC 4303) and AH (RFC 4302) security associations
 * as seen on the wire, and IKE SAs (RFC 2408 IKEv1, RFC 7296 IKEv2).
 */

/* ts_sa_key.encap */
#define TS_ENCAP_IP 0		/* ESP/AH directly in IP (protocol 50/51) */
#define TS_ENCAP_UDP 1		/* ESP in UDP on the NAT-T port (RFC 3948) */

/* ipsec_sas key: one SA as the wire shows it, ESP and AH alike. */
struct ts_sa_key {
	__be32 src[4];		/* the IP header carrying ESP/AH (see ts_gre_key) */
	__be32 dst[4];
	__be32 spi;		/* network order */
	__u8 family;
	__u8 proto;		/* 50 ESP, 51 AH */
	__u8 encap;		/* TS_ENCAP_* */
	__u8 pad;
};
_Static_assert(sizeof(struct ts_sa_key) == 40, "ts_sa_key ABI");
_Static_assert(__builtin_offsetof(struct ts_sa_key, spi) == 32, "tail: one 64-bit word");

/*
 * ipsec_sas value. Sequence numbers are host order, compared modulo 2^32.
 * window bit i set: sequence seq_max - i arrived (TS_REPLAY_WINDOW bits);
 * only the low `span` bits are numbers this SA has been watched for, so
 * joining an SA mid-stream counts no gaps for what came before. Updated
 * only while holding `lock` (bpf/parse/ipsec_sa.h, docs/ipsec.md).
 */
struct ts_sa {
	__u64 packets;
	__u64 bytes;		/* wire frame bytes */
	__u64 first_ns;
	__u64 last_ns;
	__u64 window;
	__u64 gaps;		/* numbers that left the window never having arrived */
	__u64 duplicates;	/* a number that had already arrived */
	__u64 reordered;	/* arrived late, but inside the window */
	__u64 too_old;		/* arrived behind the window */
	__u64 restarts;		/* the sequence fell back near 1 */
	__u32 seq_max;		/* top of the window: highest since the last restart */
	__u32 span;		/* window bits in use, 1..TS_REPLAY_WINDOW */
	__u64 lock;		/* 0 free, 1 held by a CPU updating the entry */
};
_Static_assert(sizeof(struct ts_sa) == 96, "ts_sa ABI");
TS_TAB_TYPES(ipsec_sas, struct ts_sa_key, struct ts_sa);

/* ISAKMP exchange types (RFC 2408 4.1, RFC 7296 3.1, IANA registry). */
enum ts_ike_exchange {
	TS_IKE_X_BASE = 1,
	TS_IKE_X_MAIN = 2,		/* Identity Protection (Main Mode) */
	TS_IKE_X_AUTH_ONLY = 3,
	TS_IKE_X_AGGRESSIVE = 4,
	TS_IKE_X_INFO_V1 = 5,		/* Informational */
	TS_IKE_X_TRANSACTION = 6,	/* mode config (draft-ietf-ipsec-isakmp-mode-cfg) */
	TS_IKE_X_QUICK = 32,
	TS_IKE_X_NEW_GROUP = 33,
	TS_IKE_X_SA_INIT = 34,
	TS_IKE_X_AUTH = 35,
	TS_IKE_X_CREATE_CHILD_SA = 36,
	TS_IKE_X_INFORMATIONAL = 37,
	TS_IKE_X_SESSION_RESUME = 38,	/* RFC 5723 */
	TS_IKE_X_INTERMEDIATE = 43,	/* RFC 9242 */
	TS_IKE_X_FOLLOWUP_KE = 44,	/* RFC 9370 */
};

/* ts_ike_sa.initiator: which key address sent the first message */
#define TS_IKE_INIT_A 1
#define TS_IKE_INIT_B 2

/*
 * ike_sas key: the initiator's SPI and the two peers, the lower address
 * (bytewise) in a, so both directions find the same entry.
 */
struct ts_ike_key {
	__be32 a[4];
	__be32 b[4];
	__u8 ispi[8];		/* wire order */
	__u8 family;
	__u8 pad[7];
};
_Static_assert(sizeof(struct ts_ike_key) == 48, "ts_ike_key ABI");
_Static_assert(__builtin_offsetof(struct ts_ike_key, family) == 40, "family and pad: one word");

/*
 * ike_sas value. Exchange types are counted in TS_IKE_XSLOTS slots taken
 * in order of first appearance: xtype[i] counted xcount[i] times. Updated
 * only while holding `lock`, like struct ts_sa.
 */
struct ts_ike_sa {
	__u64 packets;
	__u64 bytes;
	__u64 first_ns;
	__u64 last_ns;
	__u32 xcount[TS_IKE_XSLOTS];
	__u32 msgid_last;	/* host order */
	__u8 rspi[8];		/* wire order; valid once have_rspi */
	__u8 xtype[TS_IKE_XSLOTS];
	__u8 version;		/* major << 4 | minor, of the last message */
	__u8 nat_t;		/* seen on the NAT-T port (floated, RFC 3947) */
	__u8 initiator;		/* TS_IKE_INIT_A/B, 0 unknown */
	__u8 init_known;	/* 1: from the I flag (v2) or a zero rSPI; 0: a guess */
	__u8 have_rspi;
	__u8 pad[3];
	__u64 lock;		/* 0 free, 1 held */
};
_Static_assert(sizeof(struct ts_ike_sa) == 104, "ts_ike_sa ABI");
TS_TAB_TYPES(ike_sas, struct ts_ike_key, struct ts_ike_sa);
_Static_assert(TS_IKE_XSLOTS == 8, "ts_ike_sa is laid out for 8 exchange slots");

/*
 * msg_types: per-CPU {packets, bytes} indexed by family * TS_MT_SLOTS +
 * slot, one slot per message type of the protocols below (a type is a byte
 * in all of them, so a slot is the type itself unless said otherwise).
 */
enum ts_msg_family {
	TS_MT_ICMP = 0,		/* ICMP type; a packet quoted in an error is not counted */
	TS_MT_ICMPV6,		/* ICMPv6 type, likewise */
	TS_MT_IGMP,		/* IGMP type */
	TS_MT_OSPF,		/* OSPFv2 message type (1-5) */
	TS_MT_OSPFV3,		/* OSPFv3 message type (1-5) */
	TS_MT_RADIUS,		/* RADIUS code */
	TS_MT_RADIUS_RTT,	/* request -> response time: slot i counts [2^i, 2^(i+1)) us */
	TS_MT_TLS_CONTENT,	/* TLS record content type (20-24) */
	TS_MT_TLS_VERSION,	/* TLS record version: slot = minor (major is 3) */
	TS_MT_TLS_HANDSHAKE,	/* handshake message type */
	TS_MT_ARP_OP,		/* ARP opcode; slot 0 also holds opcodes above 255 */
	TS_MT_PPPOE_CODE,	/* PPPoE code (0x00 is the session stage) */
	TS_MT_PPPOE_TAG,	/* discovery tag: slot = TS_PPPOE_TAG_SLOT(type) */
	__TS_MT_MAX
};
#define TS_MT_SLOTS 256

/*
 * PPPoE tag types (RFC 2516 appendix A, RFC 4638, RFC 5578, IANA) lie in
 * 0x0000-0x03FF with a low byte under 64: the high byte times 64 plus the
 * low byte is a unique slot below 256. Slot 255 holds every other type.
 */
#define TS_PPPOE_TAG_OTHER 255
#define TS_PPPOE_TAG_SLOT(t) ((t) < 0x0400 && ((t) & 0xFF) < 64 ? \
			      (((t) >> 8) * 64 + ((t) & 0xFF)) : TS_PPPOE_TAG_OTHER)

/* PPPoE session states (struct ts_pppoe_session.state), RFC 2516 5. */
enum ts_pppoe_state {
	TS_PPPOE_ST_INITIATED = 1,	/* PADI seen, no offer yet: the AC is 00:00:00:00:00:00 */
	TS_PPPOE_ST_OFFERED = 2,	/* PADO */
	TS_PPPOE_ST_REQUESTED = 3,	/* PADR */
	TS_PPPOE_ST_CONFIRMED = 4,	/* PADS with a session ID */
	TS_PPPOE_ST_ACTIVE = 5,		/* session stage frames seen */
	TS_PPPOE_ST_TERMINATED = 6,	/* PADT */
	TS_PPPOE_ST_REJECTED = 7,	/* PADS with session ID 0 (RFC 2516 5.4) */
};

/* struct ts_pppoe_session.flags */
#define TS_PPPOE_F_NO_DISCOVERY	0x01	/* first seen in the session stage: host is a guess */
#define TS_PPPOE_F_SERVICE_NAME	0x02	/* a discovery frame carried a Service-Name tag */
#define TS_PPPOE_F_AC_NAME	0x04	/* ... an AC-Name tag */
#define TS_PPPOE_F_ERROR_TAG	0x08	/* ... an error tag */
#define TS_PPPOE_F_PADT_BY_AC	0x10	/* the AC sent the PADT */
#define TS_PPPOE_F_LCP_TERM	0x20	/* LCP Terminate-Request seen */

/* PPP authentication (struct ts_pppoe_session.auth_proto, auth_result). */
#define TS_AUTH_PAP		1	/* RFC 1334 */
#define TS_AUTH_CHAP		2	/* RFC 1994 (MS-CHAP uses the same codes) */
#define TS_AUTH_SUCCESS		1	/* PAP Authenticate-Ack, CHAP Success */
#define TS_AUTH_FAILURE		2	/* PAP Authenticate-Nak, CHAP Failure */

/* Control protocols counted per PPPoE session: enum ts_ppp_proto LCP..CCP. */
#define TS_PPP_CTRL_PROTOS 6

/*
 * pppoe_sessions key: the host's and the access concentrator's MAC
 * addresses and the session ID (network order). Before the PADS assigns
 * one, the session ID is 0 (RFC 2516 5.1-5.3); before a PADO names the AC,
 * the AC address is all zeros.
 */
struct ts_pppoe_key {
	__u8 host[6];
	__u8 ac[6];
	__be16 session_id;
	__u8 pad[2];
};
_Static_assert(sizeof(struct ts_pppoe_key) == 16, "ts_pppoe_key ABI");

struct ts_pppoe_session {
	__u64 padi_ns;
	__u64 pado_ns;
	__u64 padr_ns;
	__u64 pads_ns;
	__u64 first_ns;		/* first session stage frame */
	__u64 last_ns;		/* last frame of either stage */
	__u64 padt_ns;
	__u64 auth_ns;		/* PAP/CHAP outcome */
	__u64 packets[2];	/* session stage frames: [0] host -> AC, [1] AC -> host */
	__u64 bytes[2];		/* their wire lengths */
	__u32 ppp_ctrl[TS_PPP_CTRL_PROTOS];	/* LCP PAP CHAP IPCP IPV6CP CCP packets */
	__be32 host_ip;		/* IPCP Configure-Ack sent by the AC: the host's address */
	__be32 ac_ip;		/* IPCP Configure-Ack sent by the host: the AC's address */
	__u8 state;		/* enum ts_pppoe_state */
	__u8 auth_proto;	/* TS_AUTH_PAP, TS_AUTH_CHAP or 0 */
	__u8 auth_result;	/* TS_AUTH_SUCCESS, TS_AUTH_FAILURE or 0 */
	__u8 flags;		/* TS_PPPOE_F_* */
	__u8 pad[4];
};
_Static_assert(sizeof(struct ts_pppoe_session) == 136, "ts_pppoe_session ABI");
TS_TAB_TYPES(pppoe_sessions, struct ts_pppoe_key, struct ts_pppoe_session);

/*
 * radius_pending key: one outstanding request, by client and server
 * address and port and the Identifier (RFC 2865 3: the client matches a
 * reply by Identifier on its source address and port).
 */
struct ts_radius_key {
	__be32 client[4];
	__be32 server[4];
	__be16 cport;
	__be16 sport;
	__u8 id;
	__u8 family;
	__u8 pad[2];
};
_Static_assert(sizeof(struct ts_radius_key) == 40, "ts_radius_key ABI");

struct ts_radius_req {
	__u64 sent_ns;		/* first transmission */
	__u64 auth;		/* first 8 bytes of the Request Authenticator, as on the wire */
	__u32 retransmits;
	__u8 code;
	__u8 pad[3];
};
_Static_assert(sizeof(struct ts_radius_req) == 24, "ts_radius_req ABI");

#endif /* TUNNELSTAT_H */
