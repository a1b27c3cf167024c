/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Opening and loading the embedded XDP object (skeleton). */
#ifndef TS_BPFOBJ_H
#define TS_BPFOBJ_H

#include "tunnelstat.h"
#include "tunnelstat.skel.h"

enum ts_prog {
	TS_PROG_LIVE,	/* xdp_tunnelstat, attached to an interface */
	TS_PROG_REPLAY,	/* xdp_replay, run with BPF_PROG_TEST_RUN */
};

/*
 * Open the skeleton and load only the program asked for. On failure prints
 * one line (and the verifier's last lines if the kernel refused the
 * program) and returns a TS_EXIT_* code; 0 on success.
 */
int ts_bpf_load(struct tunnelstat_bpf **out, enum ts_prog which);

/* Runtime switches, written to the program's rodata before load. */
struct ts_config {
	__u16 pptp_port;	/* PPTP control, TCP; 1723 (RFC 2637) */
	__u16 l2tp_port;	/* L2TP, UDP; 1701 (RFC 2661 8.1) */
	__u32 flood_syns;	/* SYN flood: new SYNs per second to one service */
	__u32 flood_pct;	/* ...with under this % completed */
	__u16 ike_port;		/* IKE, UDP; 500 (RFC 7296 2) */
	__u16 natt_port;	/* IKE, ESP and keepalives in UDP; 4500 (RFC 3948) */
	__u8 no_lanes;		/* tests: the general parse for every frame (bpf/lane.h) */
};
/*
 * Flood defaults: 1000 new SYNs a second to one service is far above what
 * a VPN concentrator sees from real clients, and a real burst completes
 * most handshakes within the second, so under 10% completed is an attack
 * (or an outage, which an operator wants to hear about too).
 */
#define TS_CONFIG_DEFAULT { .pptp_port = 1723, .l2tp_port = 1701, .flood_syns = 1000, \
			    .flood_pct = 10, .ike_port = 500, .natt_port = 4500 }

/* ts_bpf_load with a configuration (NULL: the defaults). */
int ts_bpf_load_cfg(struct tunnelstat_bpf **out, enum ts_prog which,
		    const struct ts_config *cfg);

/* Is this process allowed to load BPF and attach XDP? TS_EXIT_* code. */
int ts_check_privileges(const char *what);

#endif
