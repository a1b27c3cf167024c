/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reading capture files, frame by frame: classic pcap through libpcap,
 * pcapng through our own reader, either of them gzip-compressed.
 *
 * Why our own pcapng reader: libpcap 1.10 refuses pcapng files whose
 * interfaces differ in snapshot length or link type ("an interface has a
 * snapshot length ... different from the first"), and real multi-interface
 * captures are like that; tshark reads them. Ours keeps each interface's
 * link type and timestamp resolution.
 */
#ifndef TS_CAPTURE_H
#define TS_CAPTURE_H

#include <stddef.h>
#include <linux/types.h>

struct ts_capture;

struct ts_frame {
	const __u8 *data;
	__u32 caplen;
	__u32 wire_len;
	__u64 ts_ns;		/* since the epoch */
	int linktype;		/* the frame's interface: LINKTYPE_* (pcapng) or DLT_* (pcap) */
};

/* Open path. 0, or -1 with a message naming the problem in err. */
int ts_capture_open(const char *path, struct ts_capture **out, char *err, size_t len);
/* 1 with a frame, 0 at the end, -1 on a truncated or corrupt file (err). */
int ts_capture_next(struct ts_capture *c, struct ts_frame *f, char *err, size_t len);
/* Link type of the first interface (pcap: the file's). */
int ts_capture_linktype(const struct ts_capture *c);
/* Bytes of the file read so far, for a progress bar (compressed: -1). */
long ts_capture_pos(const struct ts_capture *c);
void ts_capture_close(struct ts_capture *c);

#endif
