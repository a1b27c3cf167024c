// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "names.h"

/*
 * Names are the stable interface (JSON keys): never rename one. Error
 * names carry no "err_" prefix: they appear under "errors" in JSON.
 */
const char *const ts_counter_names[__TS_C_MAX] = {
	[TS_C_TOTAL]			= "total",
	[TS_C_ETH]			= "eth",
	[TS_C_LLC]			= "llc",
	[TS_C_VLAN]			= "vlan",
	[TS_C_QINQ]			= "qinq",
	[TS_C_ETH_OTHER]		= "eth_other",
	[TS_C_IPV4]			= "ipv4",
	[TS_C_IPV4_OPTIONS]		= "ipv4_options",
	[TS_C_IPV4_FRAGMENT]		= "ipv4_fragment",
	[TS_C_IPV4_FRAG_FIRST]		= "ipv4_fragment_first",
	[TS_C_IPV4_FRAG_LATER]		= "ipv4_fragment_nonfirst",
	[TS_C_IPV6]			= "ipv6",
	[TS_C_IPV6_HOPOPTS]		= "ipv6_hopopts",
	[TS_C_IPV6_ROUTING]		= "ipv6_routing",
	[TS_C_IPV6_DSTOPTS]		= "ipv6_dstopts",
	[TS_C_IPV6_FRAGMENT]		= "ipv6_fragment",
	[TS_C_IPV6_FRAG_FIRST]		= "ipv6_fragment_first",
	[TS_C_IPV6_FRAG_LATER]		= "ipv6_fragment_nonfirst",
	[TS_C_IPV6_NO_NEXT]		= "ipv6_no_next",
	[TS_C_IP_OTHER]			= "ip_other",
	[TS_C_IPIP]			= "ip_in_ip",
	[TS_C_ICMP]			= "icmp",
	[TS_C_ICMPV6]			= "icmpv6",
	[TS_C_TCP]			= "tcp",
	[TS_C_TCP_SYN]			= "tcp_syn",
	[TS_C_TCP_SYNACK]		= "tcp_synack",
	[TS_C_TCP_FIN]			= "tcp_fin",
	[TS_C_TCP_RST]			= "tcp_rst",
	[TS_C_TCP_PSH]			= "tcp_psh",
	[TS_C_TCP_ACK]			= "tcp_ack",
	[TS_C_TCP_URG]			= "tcp_urg",
	[TS_C_TCP_ECE]			= "tcp_ece",
	[TS_C_TCP_CWR]			= "tcp_cwr",
	[TS_C_TCP_NOFLAGS]		= "tcp_noflags",
	[TS_C_UDP]			= "udp",
	[TS_C_AH]			= "ah",
	[TS_C_ESP]			= "esp",

	[TS_C_ERR_ETH_TRUNCATED]	= "eth_truncated",
	[TS_C_ERR_VLAN_TRUNCATED]	= "vlan_truncated",
	[TS_C_ERR_VLAN_LIMIT]		= "vlan_limit",
	[TS_C_ERR_LLC_TRUNCATED]	= "llc_truncated",
	[TS_C_ERR_IPV4_TRUNCATED]	= "ipv4_truncated",
	[TS_C_ERR_IPV4_BAD_VERSION]	= "ipv4_bad_version",
	[TS_C_ERR_IPV4_BAD_IHL]		= "ipv4_bad_ihl",
	[TS_C_ERR_IPV4_BAD_TOTAL_LEN]	= "ipv4_bad_total_len",
	[TS_C_ERR_IPV4_LEN_BEYOND_FRAME] = "ipv4_len_beyond_frame",
	[TS_C_ERR_IPV6_TRUNCATED]	= "ipv6_truncated",
	[TS_C_ERR_IPV6_BAD_VERSION]	= "ipv6_bad_version",
	[TS_C_ERR_IPV6_LEN_BEYOND_FRAME] = "ipv6_len_beyond_frame",
	[TS_C_ERR_IPV6_EXT_TRUNCATED]	= "ipv6_ext_truncated",
	[TS_C_ERR_IPV6_EXT_LIMIT]	= "ipv6_ext_limit",
	[TS_C_ERR_AH_TRUNCATED]		= "ah_truncated",
	[TS_C_ERR_AH_BAD_LEN]		= "ah_bad_len",
	[TS_C_ERR_TCP_TRUNCATED]	= "tcp_truncated",
	[TS_C_ERR_TCP_BAD_DOFF]		= "tcp_bad_doff",
	[TS_C_ERR_UDP_TRUNCATED]	= "udp_truncated",
	[TS_C_ERR_UDP_BAD_LEN]		= "udp_bad_len",
	[TS_C_ERR_ICMP_TRUNCATED]	= "icmp_truncated",
	[TS_C_ERR_ICMPV6_TRUNCATED]	= "icmpv6_truncated",
	[TS_C_ERR_ESP_TRUNCATED]	= "esp_truncated",
	[TS_C_ERR_LAYER_LIMIT]		= "layer_limit",
};

/*
 * A name for every counter: the array is sized by the enum, and the last
 * counter must be named (tests/test_parse.c checks none is NULL or twice).
 */
_Static_assert(sizeof(ts_counter_names) / sizeof(ts_counter_names[0]) == __TS_C_MAX,
	       "a name for every counter");
