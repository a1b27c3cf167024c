/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Every map of the program, each with key -> value. Names <= 15 chars. */
#ifndef TS_MAPS_H
#define TS_MAPS_H

#include "../include/tunnelstat.h"

/* enum ts_counter_id -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, __TS_C_MAX);
	__type(key, __u32);
	__type(value, struct ts_counter);
} counters SEC(".maps");

/* 0 -> struct ts_meta (attach time, mode, interface); userspace only */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ts_meta);
} meta SEC(".maps");

/* struct ts_gre_key (src, dst, Call ID) -> struct ts_gre_call */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_GRE_CALLS_MAX);
	__type(key, struct ts_gre_key);
	__type(value, struct ts_gre_call);
} gre_calls SEC(".maps");

/* control message type (1-15) -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, __TS_PPTP_MAX);
	__type(key, __u32);
	__type(value, struct ts_counter);
} pptp_msgs SEC(".maps");

/* struct ts_pptp_key (PNS, PAC, PNS Call ID) -> struct ts_pptp_call */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_PPTP_CALLS_MAX);
	__type(key, struct ts_pptp_key);
	__type(value, struct ts_pptp_call);
} pptp_calls SEC(".maps");

/* struct ts_pptp_key (PNS, PAC, PAC Call ID) -> struct ts_pptp_alias */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_PPTP_CALLS_MAX);
	__type(key, struct ts_pptp_key);
	__type(value, struct ts_pptp_alias);
} pptp_alias SEC(".maps");

/* ts_ppp_proto * TS_PPP_CODES + code -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, __TS_PPP_MAX * TS_PPP_CODES);
	__type(key, __u32);
	__type(value, struct ts_counter);
} ppp_stats SEC(".maps");

/* every TCP flag byte (CWR..FIN) -> per-CPU {packets, bytes} */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct ts_counter);
} tcp_flags SEC(".maps");

/* struct ts_tcp_conn_key (client, server, ports, tunnel) -> struct ts_tcp_conn */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_TCP_CONNS_MAX);
	__type(key, struct ts_tcp_conn_key);
	__type(value, struct ts_tcp_conn);
} tcp_conns SEC(".maps");

/* hash of a connection -> the ACK number completing its handshake (host order) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TS_TCP_EXPECT_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} tcp_expect SEC(".maps");

/* struct ts_tcp_svc_key (server address, port) -> struct ts_tcp_svc */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_TCP_SVCS_MAX);
	__type(key, struct ts_tcp_svc_key);
	__type(value, struct ts_tcp_svc);
} tcp_services SEC(".maps");

/* struct ts_event records for `tunnelstat events` and replay */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TS_EVENTS_BYTES);
} events SEC(".maps");
/* struct ts_sa_key (src, dst, ESP/AH, SPI, IP/UDP) -> struct ts_sa */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_IPSEC_SAS_MAX);
	__type(key, struct ts_sa_key);
	__type(value, struct ts_sa);
} ipsec_sas SEC(".maps");

/* struct ts_ike_key (initiator SPI, the two peers) -> struct ts_ike_sa */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TS_IKE_SAS_MAX);
	__type(key, struct ts_ike_key);
	__type(value, struct ts_ike_sa);
} ike_sas SEC(".maps");

/*
 * Runtime switches, set by userspace before load (--pptp-port). const
 * volatile: the verifier sees the value, one object serves every setting.
 */
const volatile __u16 cfg_pptp_port = 1723;
/* SYN flood: at least this many new SYNs to a service in one second... */
const volatile __u32 cfg_flood_syns = 1000;
/* ...of which fewer than this percentage completed the handshake. */
const volatile __u32 cfg_flood_pct = 10;
/* UDP ports of IKE (500) and of NAT-T, ESP and IKE in UDP (4500, RFC 3948) */
const volatile __u16 cfg_ike_port = 500;
const volatile __u16 cfg_natt_port = 4500;

/*
 * Zeroed initial values for table inserts, read-only: taking them from
 * .rodata instead of the stack keeps the stack inside the 512-byte limit
 * that the call chain classify -> layer shares.
 */
const struct ts_gre_call ts_zero_gre_call = {};
const struct ts_pptp_call ts_zero_pptp_call = {};
const struct ts_tcp_svc ts_zero_tcp_svc = {};
const struct ts_sa ts_zero_sa = {};
const struct ts_ike_sa ts_zero_ike_sa = {};

#endif /* TS_MAPS_H */
