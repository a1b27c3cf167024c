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

#endif /* TUNNELSTAT_LIMITS_H */
