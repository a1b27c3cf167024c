/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Every map of the program, each with key -> value. Names <= 15 chars. */
#ifndef TS_MAPS_H
#define TS_MAPS_H

#include "../include/tunnelstat.h"
#include "table.h"

/* 0 -> per-CPU struct ts_counters: {packets, bytes} by enum ts_counter_id */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_counters);
} counters SEC(".maps");

/* 0 -> struct ts_meta (attach time, mode, interface); userspace only */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_meta);
} meta SEC(".maps");

/* struct ts_gre_key (src, dst, Call ID) -> struct ts_gre_call */
TS_TABLE(gre_calls, struct ts_gre_key, struct ts_gre_call, TS_GRE_CALLS_MAX);

/* control message type (1-15) -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, __TS_PPTP_MAX);
	__type(key, __u32);
	__type(value, struct ts_counter);
} pptp_msgs SEC(".maps");

/* struct ts_pptp_key (PNS, PAC, PNS Call ID) -> struct ts_pptp_call */
TS_TABLE(pptp_calls, struct ts_pptp_key, struct ts_pptp_call, TS_PPTP_CALLS_MAX);

/* struct ts_pptp_key (lower address, higher address, 0) -> struct ts_pptp_ctrl */
TS_TABLE(pptp_ctrl, struct ts_pptp_key, struct ts_pptp_ctrl, TS_PPTP_CTRL_MAX);

/* struct ts_pptp_key (PNS, PAC, PAC Call ID) -> struct ts_pptp_alias */
TS_TABLE(pptp_alias, struct ts_pptp_key, struct ts_pptp_alias, TS_PPTP_CALLS_MAX);

/* ts_ppp_proto * TS_PPP_CODES + code -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, __TS_PPP_MAX * TS_PPP_CODES);
	__type(key, __u32);
	__type(value, struct ts_counter);
} ppp_stats SEC(".maps");

/* (version == 3) * TS_L2TP_MSG_SLOTS + message type -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * TS_L2TP_MSG_SLOTS);
	__type(key, __u32);
	__type(value, struct ts_counter);
} l2tp_msgs SEC(".maps");

/* struct ts_l2tp_key (src, dst, version, tunnel, session) -> struct ts_l2tp_sess */
TS_TABLE(l2tp_sess, struct ts_l2tp_key, struct ts_l2tp_sess, TS_L2TP_SESS_MAX);

/* struct ts_l2tp_key (LAC, LNS, version, LAC's Tunnel ID) -> struct ts_l2tp_tunnel */
TS_TABLE(l2tp_tunnels, struct ts_l2tp_key, struct ts_l2tp_tunnel, TS_L2TP_TUNNELS_MAX);

/* struct ts_l2tp_key (requester, peer, tunnel key, requester's Session ID) -> struct ts_l2tp_call */
TS_TABLE(l2tp_calls, struct ts_l2tp_key, struct ts_l2tp_call, TS_L2TP_CALLS_MAX);

/* struct ts_l2tp_key (owner, peer, kind, the LNS's or responder's ID) -> struct ts_l2tp_alias */
TS_TABLE(l2tp_alias, struct ts_l2tp_key, struct ts_l2tp_alias, TS_L2TP_ALIAS_MAX);
/* every TCP flag byte (CWR..FIN) -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct ts_counter);
} tcp_flags SEC(".maps");

/* struct ts_tcp_conn_key (client, server, ports, tunnel) -> struct ts_tcp_conn */
TS_TABLE(tcp_conns, struct ts_tcp_conn_key, struct ts_tcp_conn, TS_TCP_CONNS_MAX);

/* hash of a connection -> the ACK number completing its handshake (host order) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TS_TCP_EXPECT_SLOTS);
	__type(key, __u32);
	__type(value, __u64);	/* ts_expect_val(ACK number), 0: nothing expected */
} tcp_expect SEC(".maps");

/* struct ts_tcp_svc_key (server address, port) -> struct ts_tcp_svc */
TS_TABLE(tcp_services, struct ts_tcp_svc_key, struct ts_tcp_svc, TS_TCP_SVCS_MAX);

/* ts_msg_family * TS_MT_SLOTS + type -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, __TS_MT_MAX * TS_MT_SLOTS);
	__type(key, __u32);
	__type(value, struct ts_counter);
} msg_types SEC(".maps");

/* struct ts_pppoe_key (host MAC, AC MAC, session ID) -> struct ts_pppoe_session */
TS_TABLE(pppoe_sessions, struct ts_pppoe_key, struct ts_pppoe_session, TS_PPPOE_SESSIONS_MAX);

/* struct ts_radius_key (client, server, ports, Identifier) -> struct ts_radius_req */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_RADIUS_PENDING_MAX);
	__type(key, struct ts_radius_key);
	__type(value, struct ts_radius_req);
} radius_pending SEC(".maps");

/* struct ts_event records for `tunnelstat events` and replay */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TS_EVENTS_BYTES);
} events SEC(".maps");
/* struct ts_sa_key (src, dst, ESP/AH, SPI, IP/UDP) -> struct ts_sa */
TS_TABLE(ipsec_sas, struct ts_sa_key, struct ts_sa, TS_IPSEC_SAS_MAX);

/* struct ts_ike_key (initiator SPI, the two peers) -> struct ts_ike_sa */
TS_TABLE(ike_sas, struct ts_ike_key, struct ts_ike_sa, TS_IKE_SAS_MAX);

/*
 * One L2TP message, as bpf/parse/l2tp.h hands it to its global functions
 * (by pointer: scalars only). Host byte order. It lives in l2tp_scratch,
 * not on the stack: the call chain xdp -> classify -> layer -> track shares
 * 512 bytes of stack and a table key would not fit.
 */
struct ts_l2tp_msg {
	__u32 tunnel_id;	/* header Tunnel ID (v3: CCID; 0 on data) */
	__u32 session_id;	/* header Session ID (v3 control: 0) */
	__u32 peer_sid;		/* the receiver's Session ID: v2 header, v3 AVP 64 */
	__u32 assigned_tid;	/* AVP 9 or 61 */
	__u32 assigned_sid;	/* AVP 14 or 63 */
	__u32 err;		/* out: a failure counter to bump, or 0 */
	__u16 msg_type;
	__u16 result;
	__u16 error;
	__u16 ns;
	__u16 nr;
	__u8 version;
	__u8 flags;		/* L2TP_M_* */
	/* scratch for ts_l2tp_track()'s table keys and values */
	struct ts_l2tp_key key;
	struct ts_l2tp_alias alias;
};

/* 0 -> struct ts_l2tp_msg, per-CPU scratch of the L2TP parser (one message at a time) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_l2tp_msg);
} l2tp_scratch SEC(".maps");

/*
 * Runtime switches, set by userspace before load (--pptp-port,
 * --l2tp-port). const volatile: the verifier sees the value, one object
 * serves every setting.
 */
const volatile __u16 cfg_pptp_port = 1723;
const volatile __u16 cfg_l2tp_port = 1701;	/* UDP, RFC 2661 8.1 */
/* SYN flood: at least this many new SYNs to a service in one second... */
const volatile __u32 cfg_flood_syns = 1000;
/* ...of which fewer than this percentage completed the handshake. */
const volatile __u32 cfg_flood_pct = 10;
/* UDP ports of IKE (500) and of NAT-T, ESP and IKE in UDP (4500, RFC 3948) */
const volatile __u16 cfg_ike_port = 500;
const volatile __u16 cfg_natt_port = 4500;
/*
 * The lanes (bpf/lane.h) off: every frame takes the general parse. For
 * tests, which check both count alike (tests/test_lane.c); the verifier
 * removes the branch.
 */
const volatile __u8 cfg_no_lanes = 0;

#endif /* TS_MAPS_H */
