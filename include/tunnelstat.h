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
	TS_C_ETH,		/* Ethernet II (EtherType >= 0x0600) */
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
	TS_C_UDP,
	TS_C_AH,		/* IPsec AH header walked past */
	TS_C_ESP,		/* IPsec ESP (payload opaque) */

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

#endif /* TUNNELSTAT_H */
