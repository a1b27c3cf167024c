// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define PCAP_DONT_INCLUDE_PCAP_BPF_H	/* pcap's struct bpf_insn clashes with linux/bpf.h */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include <bpf/bpf.h>

#include "exitcodes.h"
#include "log.h"
#include "replay.h"
#include "capture.h"

/* Frames shorter than this are counted as skipped, never fed. */
#define ETH_HLEN_ 14
/* Captures larger than this get a progress bar when stderr is a terminal. */
#define PROGRESS_MIN_BYTES (8 << 20)

/* Smallest batch buffer worth running: two full-size Ethernet frames. */
#define TS_BATCH_MIN_BYTES 1024

/*
 * The largest linear XDP test buffer depends on the kernel's
 * skb_shared_info (CONFIG_MAX_SKB_FRAGS): probe it once with an all-zero
 * buffer, which xdp_replay refuses at its first trailer (caplen 0) without
 * counting anything.
 */
static __u32 probe_capacity(int prog_fd)
{
	static __u8 zero[TS_BATCH_BYTES];
	static __u32 cap;
	__u32 size;

	if (cap)
		return cap;
	for (size = TS_BATCH_BYTES; size >= TS_BATCH_MIN_BYTES; size -= 64) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = zero, .data_size_in = size,
			    .repeat = 1);

		if (!bpf_prog_test_run_opts(prog_fd, &opts) || errno != EINVAL)
			break;
	}
	if (size < TS_BATCH_MIN_BYTES)
		size = TS_BATCH_MIN_BYTES;
	if (size != TS_BATCH_BYTES)
		pr_debug("replay: the kernel takes %u-byte test buffers, not %u", size,
			 TS_BATCH_BYTES);
	cap = size;
	return cap;
}

void ts_batch_init(struct ts_batch *b, int prog_fd)
{
	memset(b, 0, offsetof(struct ts_batch, buf));
	b->prog_fd = prog_fd;
	b->cap = probe_capacity(prog_fd);
}

int ts_batch_flush(struct ts_batch *b)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int err;

	if (!b->nframes)
		return 0;
	opts.data_in = b->buf + sizeof(b->buf) - b->used;
	opts.data_size_in = b->used;
	opts.repeat = 1;
	err = bpf_prog_test_run_opts(b->prog_fd, &opts);
	b->calls++;
	b->used = 0;
	b->nframes = 0;
	if (err)
		return -errno;
	if (opts.retval != 2 /* XDP_PASS */)
		return -EPROTO;
	return 0;
}

/*
 * Frames are laid back to front: the buffer is filled from its end, so the
 * first frame queued ends the buffer and the program, peeling from the
 * tail, sees frames in capture order.
 */
int ts_batch_add(struct ts_batch *b, const void *frame, __u32 caplen,
		 __u32 wire_len, __u64 ts_ns)
{
	struct ts_batch_trailer t;
	__u32 need;
	__u8 *dst;
	int err;

	if (caplen > b->cap - sizeof(t)) {
		caplen = b->cap - sizeof(t);
		b->clipped++;
	}
	if (caplen < ETH_HLEN_)
		return -EINVAL;
	need = caplen + sizeof(t);
	if (b->used + need > b->cap || b->nframes == TS_BATCH_MAX_FRAMES) {
		err = ts_batch_flush(b);
		if (err)
			return err;
	}
	dst = b->buf + sizeof(b->buf) - b->used - need;
	/*
	 * Layout in memory, low to high: [new frame][trailer][older ones...].
	 * The program starts at the tail, with the oldest frame.
	 */
	t.ts_ns = ts_ns;
	t.caplen = caplen;
	t.wire_len = wire_len < caplen ? caplen : wire_len;
	memcpy(dst, frame, caplen);
	memcpy(dst + caplen, &t, sizeof(t));
	b->used += need;
	b->nframes++;
	return 0;
}

/* A synthetic Ethernet header for captures without one. */
struct synth {
	__u8 buf[TS_BATCH_MAX_CAPLEN];
};

static int ip_version_type(const __u8 *p, __u32 len, __u16 *type)
{
	if (len < 1)
		return -1;
	switch (p[0] >> 4) {
	case 4:
		*type = 0x0800;
		return 0;
	case 6:
		*type = 0x86DD;
		return 0;
	}
	return -1;
}

/* BSD loopback address families that mean IPv6 (Linux, NetBSD/OpenBSD, FreeBSD, Darwin). */
static int af_is_inet6(__u32 af)
{
	return af == 10 || af == 24 || af == 28 || af == 30;
}

/*
 * Turn one captured frame into an Ethernet frame: point *frame at it and
 * return its length, or 0 if it cannot be (skipped). hdr_delta is added to
 * the wire length.
 */
static __u32 to_ether(int dlt, const __u8 *pkt, __u32 caplen, struct synth *s,
		      const __u8 **frame, int *hdr_delta)
{
	__u32 strip = 0;
	__u16 type = 0;

	switch (dlt) {
	case DLT_EN10MB:
		*frame = pkt;
		*hdr_delta = 0;
		return caplen;
	case DLT_RAW:
	case 101:	/* LINKTYPE_RAW where libpcap keeps it */
		strip = 0;
		if (ip_version_type(pkt, caplen, &type))
			return 0;
		break;
	case 228:	/* DLT_IPV4: IPv4 whatever the version field says */
		type = 0x0800;
		break;
	case 229:	/* DLT_IPV6 */
		type = 0x86DD;
		break;
	case DLT_LINUX_SLL:	/* 16 B: type, hatype, addrlen, addr[8], protocol */
		strip = 16;
		if (caplen < strip)
			return 0;
		type = (pkt[14] << 8) | pkt[15];
		break;
	case 276:	/* DLT_LINUX_SLL2, 20 B: protocol first */
		strip = 20;
		if (caplen < strip)
			return 0;
		type = (pkt[0] << 8) | pkt[1];
		break;
	case DLT_PPP:		/* RFC 1661 frame, address/control maybe elided */
	case DLT_PPP_SERIAL: {	/* RFC 1662 HDLC-like framing */
		__u16 proto;

		if (caplen >= 2 && pkt[0] == 0xff && pkt[1] == 0x03)
			strip = 2;
		if (caplen < strip + 1)
			return 0;
		if (pkt[strip] & 1) {	/* compressed protocol field */
			proto = pkt[strip];
			strip += 1;
		} else {
			if (caplen < strip + 2)
				return 0;
			proto = (pkt[strip] << 8) | pkt[strip + 1];
			strip += 2;
		}
		/* only IP is fed; other PPP frames (LCP, ...) are skipped */
		if (proto == 0x0021)
			type = 0x0800;
		else if (proto == 0x0057)
			type = 0x86DD;
		else
			return 0;
		break;
	}
	case DLT_NULL:
	case DLT_LOOP: {
		__u32 af;

		strip = 4;
		if (caplen < strip)
			return 0;
		memcpy(&af, pkt, 4);
		if (dlt == DLT_LOOP)
			af = ntohl(af);
		else if (af > 0xffff)	/* written on a host of the other byte order */
			af = __builtin_bswap32(af);
		if (af == 2)
			type = 0x0800;
		else if (af_is_inet6(af))
			type = 0x86DD;
		else
			return 0;
		break;
	}
	default:
		return 0;
	}
	caplen -= strip;
	if (caplen > sizeof(s->buf) - ETH_HLEN_)
		caplen = sizeof(s->buf) - ETH_HLEN_;
	memset(s->buf, 0, 12);
	s->buf[12] = type >> 8;
	s->buf[13] = type & 0xff;
	memcpy(s->buf + ETH_HLEN_, pkt + strip, caplen);
	*frame = s->buf;
	*hdr_delta = ETH_HLEN_ - (int)strip;
	return caplen + ETH_HLEN_;
}

static int dlt_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB: case DLT_RAW: case 101: case 228: case 229:
	case DLT_LINUX_SLL: case 276: case DLT_NULL: case DLT_LOOP:
	case DLT_PPP: case DLT_PPP_SERIAL:
		return 1;
	}
	return 0;
}

static void progress_draw(long pos, long size)
{
	int pct = size && pos >= 0 ? (int)(pos * 100 / size) : 0;
	int w = pct / 4;

	if (pos < 0)	/* compressed: no position to show */
		fprintf(stderr, "\rreplaying...");
	else
		fprintf(stderr, "\r[%-25.*s] %3d%%", w, "#########################", pct);
}

/* LINKTYPE_* (file) to DLT_* (libpcap) where they differ. */
static int ts_link_dlt(int linktype)
{
	return linktype == 101 ? DLT_RAW : linktype;
}

static void ts_link_name(int linktype, char *buf, size_t len)
{
	const char *n = pcap_datalink_val_to_name(ts_link_dlt(linktype));

	snprintf(buf, len, "%s", n ? n : "unknown");
}

int ts_replay_file(int prog_fd, const char *path, struct ts_replay_info *info,
		   int progress)
{
	static struct ts_batch batch;
	static struct synth synth;
	struct ts_capture *cap = NULL;
	struct ts_frame fr;
	char err[PCAP_ERRBUF_SIZE + 64] = "";
	int dlt, rc, ret = TS_EXIT_OK, unsupported = 0;
	struct stat sb;
	long size = 0;

	memset(info, 0, sizeof(*info));
	if (access(path, R_OK)) {
		pr_err("cannot read capture '%s': %s", path, strerror(errno));
		return TS_EXIT_CAPTURE;
	}
	if (!stat(path, &sb))
		size = sb.st_size;
	if (ts_capture_open(path, &cap, err, sizeof(err))) {
		pr_err("cannot open capture '%s': %s", path, err);
		return TS_EXIT_CAPTURE;
	}
	ts_batch_init(&batch, prog_fd);
	if (progress && (size < PROGRESS_MIN_BYTES || !isatty(STDERR_FILENO)))
		progress = 0;

	while ((rc = ts_capture_next(cap, &fr, err, sizeof(err))) == 1) {
		const __u8 *frame;
		int delta = 0, e;
		__u32 len;

		dlt = ts_link_dlt(fr.linktype);
		if (!info->frames)	/* the first frame's link type names the capture */
			ts_link_name(fr.linktype, info->link_type, sizeof(info->link_type));
		info->frames++;
		if (!dlt_supported(dlt)) {
			/* one interface of a multi-interface pcapng may be of another type */
			if (!unsupported)
				unsupported = fr.linktype;
			info->skipped++;
			continue;
		}
		len = to_ether(dlt, fr.data, fr.caplen, &synth, &frame, &delta);
		if (len < ETH_HLEN_) {
			info->skipped++;
			continue;
		}
		if (fr.ts_ns > info->last_ns)
			info->last_ns = fr.ts_ns;
		e = ts_batch_add(&batch, frame, len, (__u32)((int)fr.wire_len + delta), fr.ts_ns);
		if (e) {
			pr_err("replay failed at frame %llu of '%s': %s",
			       (unsigned long long)info->frames, path, strerror(-e));
			ret = TS_EXIT_FAILURE;
			goto out;
		}
		info->fed++;
		if (progress && !(info->frames & 0xffff))
			progress_draw(ts_capture_pos(cap), size);
	}
	if (rc < 0) {
		pr_err("capture '%s' is truncated or corrupt after frame %llu: %s",
		       path, (unsigned long long)info->frames, err);
		ret = TS_EXIT_CAPTURE;
	}
	if (!info->frames && !info->link_type[0])
		ts_link_name(ts_capture_linktype(cap), info->link_type, sizeof(info->link_type));
	if (unsupported) {
		char name[32];

		ts_link_name(unsupported, name, sizeof(name));
		if (!info->fed) {
			pr_err("capture '%s' has link type %s (%d), which replay does not "
			       "support: use Ethernet, raw IP, PPP, Linux cooked (SLL, SLL2) "
			       "or BSD loopback", path, name, unsupported);
			ret = TS_EXIT_CAPTURE;
			goto out;
		}
		pr_warn("'%s': frames of link type %s (%d) skipped: an interface of a type "
			"replay does not support", path, name, unsupported);
	}
	rc = ts_batch_flush(&batch);
	if (rc) {
		pr_err("replay failed: BPF_PROG_TEST_RUN: %s", strerror(-rc));
		ret = TS_EXIT_FAILURE;
	}
out:
	if (progress)
		fputs("\r\033[K", stderr);
	info->clipped = batch.clipped;
	info->calls = batch.calls;
	ts_capture_close(cap);
	return ret;
}
