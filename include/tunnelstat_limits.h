/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Loop limits and sizes, each with the reason for its value. */
#ifndef TUNNELSTAT_LIMITS_H
#define TUNNELSTAT_LIMITS_H

/*
 * VLAN tags parsed: one 802.1Q, or 802.1ad + 802.1Q (QinQ). Stacks deeper
 * than that are rare misconfigurations; hitting the limit is counted
 * (vlan_limit) and the frame is not parsed further.
 */
#define TS_MAX_VLAN 2

/*
 * IPv6 extension headers walked per IPv6 header. RFC 8200 4.1 recommends at
 * most one of each (Destination Options twice): hop-by-hop, dst-opts,
 * routing, fragment, AH, dst-opts = 6. Two spare for odd but legal chains;
 * more is counted as ipv6_ext_limit.
 */
#define TS_MAX_IPV6_EXT 8

/*
 * Protocol layers the dispatcher walks per frame (Ethernet, VLANs, IP,
 * extension chain, transport, and nested IP inside ICMP errors or IP-in-IP
 * tunnels). 16 covers eth + 2 VLAN + 3 IP layers with transport and room
 * for the tunnel layers later issues add; beyond it is layer_limit.
 */
#define TS_MAX_LAYERS 16

/*
 * Frames walked per BPF_PROG_TEST_RUN call in replay. A linear XDP test
 * buffer holds at most ~3.5 KB, so at 14 B + 16 B trailer per frame the
 * smallest frames fit about 117 to a call; 128 leaves the loop bound above
 * what the buffer can hold.
 */
#define TS_BATCH_MAX_FRAMES 128

/*
 * GRE headers parsed per frame. One level of nesting (GRE in GRE) is
 * what real deployments show (a GRE over a GRE-backhauled link); deeper is
 * counted as gre_nest_limit.
 */
#define TS_MAX_GRE_DEPTH 2

/*
 * RFC 1701 source route entries walked in a GRE v0 header with R set. The
 * routing field is deprecated (RFC 2784); 4 entries cover what old
 * routers emit, more is gre_routing_limit.
 */
#define TS_MAX_GRE_SRE 4

/*
 * PPTP control messages parsed per TCP segment. Messages are 16-220 bytes,
 * so a 1460-byte segment holds at most 91 of the smallest, but peers send
 * one or two at a time (request and echo); 8 leaves room, more is counted
 * as pptp_msg_limit.
 */
#define TS_MAX_PPTP_MSGS 8

/*
 * PPPoE discovery tags walked per frame. A PADO carries Service-Name(s),
 * AC-Name, Host-Uniq, AC-Cookie, perhaps Vendor-Specific and
 * Relay-Session-Id and End-Of-List: about 8. An AC offering many services
 * lists one Service-Name each; 16 covers that, more is pppoe_tag_limit.
 */
#define TS_MAX_PPPOE_TAGS 16

/*
 * IPCP options walked in a Configure-Ack to find IP-Address (RFC 1332):
 * IP-Compression, IP-Address and the four DNS/NBNS options (RFC 1877) make
 * 6; 8 leaves room, more is ppp_opt_limit.
 */
#define TS_MAX_PPP_OPTS 8

/*
 * TLS records parsed per TCP segment. A TLS 1.3 server flight is
 * ServerHello, ChangeCipherSpec and a few application data records; TLS
 * 1.2 sends up to five handshake records. 16 covers both with room, more
 * is tls_record_limit. They are parsed TS_TLS_RECORDS_PER_STEP to a
 * dispatcher step, so a segment takes at most 4 of the TS_MAX_LAYERS.
 */
#define TS_MAX_TLS_RECORDS 16
#define TS_TLS_RECORDS_PER_STEP 4

/*
 * Handshake messages walked in one TLS record. TLS 1.2 packs ServerHello,
 * Certificate, ServerKeyExchange, CertificateRequest and ServerHelloDone
 * into one record (5); 8 leaves room, more is tls_hs_limit.
 */
#define TS_MAX_TLS_HS_MSGS 8

/*
 * PPPoE sessions kept (LRU: the oldest is evicted). An access concentrator
 * terminates a few thousand to 64K sessions; 16384 x ~150 B is ~2.5 MB.
 */
#define TS_PPPOE_SESSIONS_MAX 16384

/*
 * RADIUS requests awaiting a response. A request lives one round trip
 * (milliseconds) unless unanswered; 8192 covers a busy NAS's burst.
 */
#define TS_RADIUS_PENDING_MAX 8192

/*
 * AVPs walked per L2TP control message. The longest messages RFC 2661
 * defines carry 15-17 AVPs (ICCN with proxy authentication and LCP
 * CONFREQs, ICRQ with every optional AVP plus a Random Vector); an ICRQ
 * from a DSL access node adds the Broadband Forum's line AVPs (TR-101:
 * circuit and remote IDs, data rates, delays, about 20). 32 covers both;
 * more is counted as l2tp_avp_limit and what was found so far is kept.
 */
#define TS_MAX_L2TP_AVPS 32

/*
 * A flow table (include/tunnelstat_table.h) holds TS_TAB_WAYS entries per
 * set: the sizes of the flow tables below are multiples of it whose
 * quotient, the number of sets, is a power of two (ts_tab_set_of() masks
 * the hash). A new entry whose set is taken replaces one, so evictions
 * start before the table is full.
 */

/*
 * Entries in the GRE and PPTP call tables (flow tables; evictions counted
 * as gre_call_evicted, pptp_call_evicted). pptp_alias has as many as
 * pptp_calls; pptp_ctrl's evictions count as pptp_call_evicted too.
 */
#define TS_GRE_CALLS_MAX 16384
#define TS_PPTP_CALLS_MAX 4096
#define TS_PPTP_CTRL_MAX 1024	/* control connections (pptp_ctrl), one per host pair */

/*
 * L2TP tables (flow tables; evictions not counted). Sessions: one row per
 * direction and (tunnel, session), so a LAC with thousands of subscribers
 * fills two per subscriber; tunnels are few per peer pair; calls and
 * aliases follow the sessions.
 */
#define TS_L2TP_SESS_MAX 16384
#define TS_L2TP_TUNNELS_MAX 4096
#define TS_L2TP_CALLS_MAX 8192
#define TS_L2TP_ALIAS_MAX 16384

/*
 * TCP tables (flow tables). Connections: a handshake lives a few RTTs,
 * established ones are kept until evicted; 65536 entries x 112-byte
 * slots is 7 MB. A SYN flood from random sources fills it and evicts
 * (tcp_conn_evicted), which is the point: the service table still counts
 * every SYN.
 */
#define TS_TCP_CONNS_MAX 65536
#define TS_TCP_SVCS_MAX 8192

/*
 * Slots of the handshake-completion filter (tcp_expect): a plain ACK is
 * looked up in tcp_conns only if the slot of its acknowledgment number
 * holds that number, as a SYN-ACK announced it, so established traffic
 * costs one array read, not a hash lookup. 65536 slots (256 KiB); two
 * pending handshakes sharing a slot lose the older one's completion
 * (rare unless under a SYN flood).
 */
#define TS_TCP_EXPECT_BITS 16
#define TS_TCP_EXPECT_SLOTS (1 << TS_TCP_EXPECT_BITS)

/* SYN flood window: rates are judged per second. */
#define TS_FLOOD_WINDOW_NS 1000000000ULL

/* Ring buffer for events: 256 KiB holds ~5000 events between two reads. */
#define TS_EVENTS_BYTES (256 * 1024)

/*
 * Anti-replay window watched per ESP/AH SA, in sequence numbers. RFC 4303
 * 3.4.3 makes 64 the default a receiver SHOULD use (32 the minimum), so
 * what we count as too_old is what a default receiver drops, and
 * duplicates are what it would reject as replays. It is also one __u64:
 * sliding it is a single shift under the SA's lock. Changing it means
 * changing that word to an array (bpf/parse/ipsec_sa.h).
 */
#define TS_REPLAY_WINDOW 64

/*
 * A sequence number at most this high that lies behind the window is a
 * restart (a new SA reusing the SPI, or a peer that restarted), not a
 * packet that is too old: senders start at 1 (RFC 4303 3.3.3), so "near
 * 1" is within the first window's worth.
 */
#define TS_RESTART_SEQ TS_REPLAY_WINDOW

/*
 * Exchange types counted per IKE SA. An IKEv2 SA uses at most five
 * (IKE_SA_INIT, IKE_INTERMEDIATE, IKE_AUTH, CREATE_CHILD_SA,
 * INFORMATIONAL), an IKEv1 SA four (Main or Aggressive, Quick,
 * Informational, Transaction); 8 leaves room. A ninth distinct type in one
 * SA is counted as ike_exchange_limit.
 */
#define TS_IKE_XSLOTS 8

/*
 * Entries in the SA tables (flow tables; evictions counted as
 * ipsec_sa_evicted, ike_sa_evicted). An IPsec gateway has two ESP SAs per
 * child SA and one IKE SA per peer; 16k SAs are 8k tunnels, about 2.4 MB
 * of table (152-byte slots).
 */
#define TS_IPSEC_SAS_MAX 16384
#define TS_IKE_SAS_MAX 4096

/*
 * Attempts at an SA entry's lock (a compare-and-swap each) before giving
 * up on the packet (ipsec_lock_busy). A holder keeps the lock for a few
 * dozen instructions, so even 64 CPUs queued on one SA wait well under
 * 100 attempts. The fast path (ESP, IKE parsed inline) tries
 * TS_SA_SPIN_FAST times without a call; if the lock stays busy, the
 * global ts_sa_account() / ts_ike_account() tries TS_SA_SPIN_MAX times
 * more, TS_SA_SPIN_FAST inline and the rest in bpf_loop(), verified once
 * whatever the bound. A contended attempt costs tens of ns, so 65536 are
 * over a millisecond: only a holder that cannot run exhausts them
 * (interrupted on its own CPU by the waiter in generic XDP or
 * BPF_PROG_TEST_RUN from process context, preempted on PREEMPT_RT, its
 * vCPU descheduled), where spinning on could last forever.
 */
#define TS_SA_SPIN_FAST 16
#define TS_SA_SPIN_MAX 65536

#endif /* TUNNELSTAT_LIMITS_H */
