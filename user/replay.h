/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The replay engine: frames go through the XDP program with
 * BPF_PROG_TEST_RUN, many per call (see xdp_replay in bpf/). Shared by
 * `tunnelstat replay`, the tests and the benchmark.
 */
#ifndef TS_REPLAY_H
#define TS_REPLAY_H

#include <stdint.h>
#include "tunnelstat.h"

/*
 * Bytes per BPF_PROG_TEST_RUN call, at most: a linear XDP test buffer is
 * one page less the 256 B XDP headroom and the skb_shared_info tailroom
 * (320 B with the default 17 fragments; ts_batch_init() probes for less).
 */
#define TS_BATCH_BYTES (4096 - 256 - 320)
/* Largest frame one call takes; longer frames are fed clipped to it. */
#define TS_BATCH_MAX_CAPLEN (TS_BATCH_BYTES - (int)sizeof(struct ts_batch_trailer))

struct ts_batch {
	int prog_fd;
	__u32 cap;		/* bytes the kernel takes per call (probed) */
	__u32 used;		/* bytes filled from the end of buf */
	__u32 nframes;
	__u64 calls;		/* BPF_PROG_TEST_RUN calls made */
	__u64 clipped;		/* frames longer than TS_BATCH_MAX_CAPLEN */
	__u8 buf[TS_BATCH_BYTES];
};

void ts_batch_init(struct ts_batch *b, int prog_fd);
/* Queue one frame (caplen >= 14); runs the batch when full. 0 or -errno. */
int ts_batch_add(struct ts_batch *b, const void *frame, __u32 caplen,
		 __u32 wire_len, __u64 ts_ns);
/* Run what is queued. 0 or -errno (-EPROTO: the program refused the batch). */
int ts_batch_flush(struct ts_batch *b);

struct ts_replay_info {
	char link_type[32];
	__u64 frames;		/* read from the file */
	__u64 fed;		/* given to the program */
	__u64 skipped;		/* not fed: shorter than an Ethernet header, of an
				 * unsupported interface, non-IP PPP, unknown
				 * loopback family */
	__u64 clipped;
	__u64 calls;
	__u64 last_ns;		/* latest frame timestamp */
};

/*
 * Replay a pcap or pcapng file through prog_fd (xdp_replay). Returns a
 * TS_EXIT_* code; on a capture error after some frames, what was read has
 * been fed and info says how much. progress: draw a bar on stderr.
 */
int ts_replay_file(int prog_fd, const char *path, struct ts_replay_info *info,
		   int progress);

#endif
