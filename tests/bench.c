// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench: what the XDP program costs per packet, next to an empty XDP
 * program, measured with BPF_PROG_TEST_RUN in one run.
 *
 * For every canned packet class (the table `classes` below) and for
 * several interleaved rounds (live, empty, replay, live, empty, ...), it
 * measures:
 *   live    xdp_tunnelstat (what runs at the hook), one frame, repeat R;
 *   empty   a two-instruction program (r0 = XDP_PASS; exit), same frame,
 *           same repeat;
 *   replay  xdp_replay, the batch walker `tunnelstat replay` uses: full
 *           batches of copies of the frame, each call timed by the kernel,
 *           divided by the frames in it.
 * and prints the medians as a Markdown table with the ratios to the empty
 * program. Then the fixed cost of one BPF_PROG_TEST_RUN call, which is
 * what batching frames per call amortises.
 *
 * Why replay is not measured with repeat: BPF_PROG_TEST_RUN runs every
 * repetition on the same xdp_buff without restoring it, and xdp_replay
 * consumes its input (it trims each trailer with bpf_xdp_adjust_tail). From
 * the second repetition on it sees a frame without a trailer and returns
 * XDP_ABORTED, so a repeat count would time the abort path. The bench
 * checks this and says so in its output.
 *
 * A benchmark, not a test: it prints numbers and never fails on timing.
 * It exits non-zero only if something cannot run (load, test run refused,
 * a verdict other than XDP_PASS).
 *
 * Adding a packet class (GRE, PPTP control, L2TP, ESP, IKE, ...): write a
 * build_X() with the tests/pktbuild.h helpers and add a row to `classes`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tunnelstat.h"
#include "pktbuild.h"
#include "bpfobj.h"
#include "log.h"
#include "names.h"
#include "replay.h"
#include "stats.h"

#define XDP_PASS_ 2

/* Defaults: >= 1M repetitions as the issue asks, 7 rounds for a median. */
#define DEF_REPEAT 1000000
#define DEF_ROUNDS 7
/* Replay: frames walked per class per round, and at least this many calls. */
#define REPLAY_FRAMES_PER_ROUND 150000
#define REPLAY_MIN_CALLS 2000
/* Calls timed to measure the fixed cost of one BPF_PROG_TEST_RUN. */
#define CALL_SAMPLES 20000

/* ---- packet classes ----------------------------------------------------- */

/*
 * Frames come from tests/pktbuild.h, the builder the test tables use, so a
 * class here is built exactly like the rows there. Each build_X() writes
 * one frame; build() below finishes it (lengths, checksums).
 */

/* A DNS query for example.com, type A: what most UDP port 53 frames carry. */
static void dns_query(struct pb *p)
{
	static const uint8_t q[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,	/* id, RD, 1 question */
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0, 1, 0, 1,					/* A, IN */
	};

	pb_put(p, q, sizeof(q));
}

/* TCP header lengths in 32-bit words: a SYN's options (MSS, timestamps,
 * window scale, SACK-permitted) and an established segment's timestamps. */
#define DOFF_SYN 10
#define DOFF_EST 8

static void build_ipv4_tcp_syn(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = PB_IP4_DF);
	PB_TCP(p, .sport = 40000, .dport = 443, .flags = PB_TCP_SYN, .doff = DOFF_SYN);
}

static void build_ipv4_tcp_ack(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = PB_IP4_DF);
	PB_TCP(p, .sport = 40000, .dport = 443, .flags = PB_TCP_ACK, .doff = DOFF_EST,
	       .ack = 0x0a0b0c0d);
}

/* A full MSS-sized segment: a 1514-byte frame. */
static void build_ipv4_tcp_data(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_TCP, .frag = PB_IP4_DF);
	PB_TCP(p, .sport = 443, .dport = 40000, .flags = PB_TCP_ACK | PB_TCP_PSH,
	       .doff = DOFF_EST, .ack = 0x0a0b0c0d);
	pb_data(p, 1448);
}

static void build_ipv4_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 40000, 53, 0);
	dns_query(p);
}

static void build_ipv6_tcp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_TCP);
	PB_TCP(p, .sport = 40000, .dport = 443, .flags = PB_TCP_ACK, .doff = DOFF_EST,
	       .ack = 0x0a0b0c0d);
}

static void build_ipv6_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_UDP);
	pb_udp(p, 40000, 53, 0);
	dns_query(p);
}

static void build_ipv6_udp_ext(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_HOPOPTS);
	pb_ip6_opts(p, PB_IP_HOPOPTS, PB_IP_DSTOPTS, 0);
	pb_ip6_opts(p, PB_IP_DSTOPTS, PB_IP_UDP, 0);
	pb_udp(p, 40000, 53, 0);
	dns_query(p);
}

static void build_vlan_ipv4_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_8021Q);
	pb_vlan(p, 10, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 40000, 53, 0);
	dns_query(p);
}

static void build_qinq_ipv4_udp(struct pb *p)
{
	pb_eth(p, PB_ETH_8021AD);
	pb_vlan(p, 100, PB_ETH_8021Q);
	pb_vlan(p, 200, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP);
	pb_udp(p, 40000, 53, 0);
	dns_query(p);
}

/* ping's default: 56 bytes of data, a 98-byte frame. */
static void build_ipv4_icmp_echo(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_ICMP, .frag = PB_IP4_DF);
	pb_icmp(p, 8, 0, 0x00010001);
	pb_data(p, 56);
}

static void build_ipv6_icmpv6_echo(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV6);
	PB_IPV6(p, .next = PB_IP_ICMPV6);
	pb_icmp6(p, 128, 0, 0x00010001);
	pb_data(p, 56);
}

/*
 * First fragment of a 2008-byte UDP datagram, as a sender on a 1500 MTU
 * link emits it: MF set, offset 0, and the UDP length covering the whole
 * datagram (the rest follows in the second fragment). Port 9 (discard):
 * nothing a parser would look into.
 */
static void build_ipv4_frag_first(struct pb *p)
{
	pb_eth(p, PB_ETH_IPV4);
	PB_IPV4(p, .proto = PB_IP_UDP, .frag = PB_IP4_MF);
	pb_udp(p, 40000, 9, 2008);
	pb_data(p, 1472);
}

/*
 * 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x02, 0xab, 0xcb, 0x00, 0x71, 0x09, 0xcb, 0x00, 0x71, 0x02, 0x9c, 0x40, 0x06, 0xbb, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18, 0x20, 0x00, 0x1d, 0xe9, 0x00, 0x00, 0x00, 0x18, 0x00, 0x01, 0x1a, 0x2b, 0x3c, 0x4d, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x21, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff data: GRE v1 (K, S, A; Call ID 33) carrying PPP (address/control,
 * IPv4) and a TCP ACK with 100 bytes inside. Made with scapy; checksums
 * and lengths are right, tshark dissects it as gre:ppp:ip:tcp:data.
 */
static const unsigned char gre1_hdrs[] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00, 0x00, 0xb4, 0x00, 0x01, 0x00, 0x00, 0x40, 0x2f, 0x02, 0x0e, 0xcb, 0x00, 0x71, 0x09, 0xcb, 0x00, 0x71, 0x02, 0x30, 0x81, 0x88, 0x0b, 0x00, 0x90, 0x00, 0x21, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x05, 0xff, 0x03, 0x00, 0x21, 0x45, 0x00, 0x00, 0x8c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0xbe, 0x11, 0xc0, 0xa8, 0x32, 0x07, 0xc0, 0xa8, 0x09, 0x02, 0xb7, 0x98, 0x00, 0x50, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x09, 0x50, 0x10, 0x20, 0x00, 0x93, 0x98, 0x00, 0x00 };

static void build_gre1_data(struct pb *p)
{
	pb_put(p, gre1_hdrs, sizeof(gre1_hdrs));
	pb_data(p, 100);
}

/* 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x02, 0xab, 0xcb, 0x00, 0x71, 0x09, 0xcb, 0x00, 0x71, 0x02, 0x9c, 0x40, 0x06, 0xbb, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18, 0x20, 0x00, 0x1d, 0xe9, 0x00, 0x00, 0x00, 0x18, 0x00, 0x01, 0x1a, 0x2b, 0x3c, 0x4d, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x21, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff control: a Set-Link-Info (24 bytes) on TCP 1723. */
static const unsigned char pptp_sli[] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x02, 0xab, 0xcb, 0x00, 0x71, 0x09, 0xcb, 0x00, 0x71, 0x02, 0x9c, 0x40, 0x06, 0xbb, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18, 0x20, 0x00, 0x1d, 0xe9, 0x00, 0x00, 0x00, 0x18, 0x00, 0x01, 0x1a, 0x2b, 0x3c, 0x4d, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x21, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void build_pptp_sli(struct pb *p)
{
	pb_put(p, pptp_sli, sizeof(pptp_sli));
}

/* A frame given as hex (made with scapy, checked with tshark). */
static void put_hex(struct pb *p, const char *hex)
{
	unsigned char b[512];
	size_t n = 0;

	for (; hex[0] && hex[1] && n < sizeof(b); hex += 2) {
		unsigned int v;

		sscanf(hex, "%2x", &v);
		b[n++] = v;
	}
	pb_put(p, b, n);
}

/* L2TPv2 data (L bit), PPP, IPv4 UDP inside: 94 bytes. */
static void build_l2tp_data(struct pb *p)
{
	put_hex(p, "020000000002020000000001080045000050000100004011f698c0000202c000020106a506a5"
		   "003c42e14002003400110005ff0300214500002800080000401166b90a0100020a010001"
		   "00359c410014bb96123481800000000000000000");
}

/* L2TPv2 SCCRQ with 8 AVPs: 144 bytes. */
static void build_l2tp_sccrq(struct pb *p)
{
	put_hex(p, "020000000002020000000001080045000082000100004011f666c0000201c000020206a506a5"
		   "006e79cdc8020066000000000000000080080000000000018008000000020100800a00000003"
		   "00000003800a00000004000000038011000000076c61632e6578616d706c65001500000008"
		   "74756e6e656c737461742d74657374800800000009001180080000000a0004");
}

/* ESP over IPv4, SPI 0x1001, sequence 1: 74 bytes. */
static void build_esp(struct pb *p)
{
	put_hex(p, "02000000000202000000000108004500003c0001000040328e58c0000201c633640200001001"
		   "000000010708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526");
}

/* ESP in UDP 4500 (RFC 3948): 82 bytes. */
static void build_esp_udp(struct pb *p)
{
	put_hex(p, "0200000000020200000000010800450000440001000040118e71c0000201c633640211941194"
		   "00307ebb00001001000000010708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		   "20212223242526");
}

/* IKEv2 IKE_SA_INIT header on UDP 500: 90 bytes. */
static void build_ike(struct pb *p)
{
	put_hex(p, "02000000000202000000000108004500004c0001000040118e69c0000201c633640201f401f4"
		   "0038bce5333333333333333300000000000000002b202208000000000000003000000014"
		   "000102030405060708090a0b0c0d0e0f");
}

/* PPPoE session, PPP, IPv4 TCP ACK with data: 82 bytes. */
static void build_pppoe_tcp(struct pb *p)
{
	put_hex(p, "020000000a01020000000101886411001234003e00214500003c000100004006eb3b64400102"
		   "c633640ac3500050000003e80000138850102000707b00007878787878787878787878787878"
		   "787878787878");
}

/* TCP to 443 carrying a TLS 1.3 ClientHello record: 195 bytes. */
static void build_tls_client_hello(struct pb *p)
{
	put_hex(p, "0200000000020200000000010800450000b50001000040068e0bc0000201c6336402c73801bb"
		   "000003e80000138850182000815500001603010088010000840303000102030405060708090a"
		   "0b0c0d0e0f101112131415161718191a1b1c1d1e1f0000041301002f0100005700000010000e"
		   "00000b76706e2e6578616d706c65002b00050403040303000a00040002001d00330026002400"
		   "1d0020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f000d00"
		   "0400020403");
}

/*
 * One row per packet class. Later issues add theirs here (gre,
 * pptp_control, l2tp, esp, ike, ...): a build_X() and a line.
 */
static const struct bench_class {
	const char *name;
	void (*build)(struct pb *p);
} classes[] = {
	{ "ipv4_tcp_syn",	build_ipv4_tcp_syn },
	{ "ipv4_tcp_ack",	build_ipv4_tcp_ack },
	{ "ipv4_tcp_data",	build_ipv4_tcp_data },
	{ "ipv4_udp",		build_ipv4_udp },
	{ "ipv6_tcp",		build_ipv6_tcp },
	{ "ipv6_udp",		build_ipv6_udp },
	{ "ipv6_udp_hbh_dst",	build_ipv6_udp_ext },
	{ "vlan_ipv4_udp",	build_vlan_ipv4_udp },
	{ "qinq_ipv4_udp",	build_qinq_ipv4_udp },
	{ "ipv4_icmp_echo",	build_ipv4_icmp_echo },
	{ "ipv6_icmpv6_echo",	build_ipv6_icmpv6_echo },
	{ "ipv4_frag_first",	build_ipv4_frag_first },
	{ "gre1_ppp_ipv4_tcp",	build_gre1_data },
	{ "pptp_control_sli",	build_pptp_sli },
	{ "l2tp_data_ppp_udp",	build_l2tp_data },
	{ "l2tp_sccrq_8_avps",	build_l2tp_sccrq },
	{ "esp_ipv4",		build_esp },
	{ "esp_in_udp_4500",	build_esp_udp },
	{ "ike_sa_init",	build_ike },
	{ "pppoe_ipv4_tcp",	build_pppoe_tcp },
	{ "tls_client_hello",	build_tls_client_hello },
};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

/* Build class c into *p, finished. Exits if the builder overflowed. */
static void build(size_t c, struct pb *p)
{
	pb_init(p);
	classes[c].build(p);
	pb_done(p);
	if (p->overflow) {
		fprintf(stderr, "bench: class %s does not fit in %d bytes\n",
			classes[c].name, PB_MAX);
		exit(1);
	}
}

/* ---- measuring ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * One BPF_PROG_TEST_RUN: data once, repeat times. Returns the kernel's
 * mean ns per repetition, or -1 after printing why. *retval gets the
 * verdict of the last repetition.
 */
static double run_repeat(int fd, const void *data, __u32 len, __u32 repeat, __u32 *retval)
{
	static __u8 out[TS_BATCH_BYTES + 512];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = data,
		.data_size_in = len,
		.data_out = out,
		.data_size_out = sizeof(out),
		.repeat = repeat,
	);

	if (bpf_prog_test_run_opts(fd, &opts)) {
		fprintf(stderr, "bench: BPF_PROG_TEST_RUN: %s\n", strerror(errno));
		return -1;
	}
	*retval = opts.retval;
	return opts.duration;
}

/*
 * The baselines, from raw instructions: the empty program (r0 = XDP_PASS;
 * exit) and, with clock set, one that first reads bpf_ktime_get_ns() as
 * the live entry does, to show what the clock read alone costs.
 */
static int load_baseline(int clock)
{
	struct bpf_insn insns[3] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_ktime_get_ns },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS_ },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const struct bpf_insn *start = clock ? insns : insns + 1;
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, clock ? "ts_bench_clock" : "ts_bench_empty",
			       "GPL", start, clock ? 3 : 2, NULL);

	if (fd < 0)
		fprintf(stderr, "bench: cannot load the %s XDP program: %s\n",
			clock ? "clock-read" : "empty", strerror(errno));
	return fd;
}

/* A replay batch of copies of one frame, laid out as user/replay.c does. */
struct batch {
	__u8 buf[TS_BATCH_BYTES];
	__u32 len;
	__u32 nframes;
};

static void make_batch(struct batch *b, const struct pb *f, __u32 max)
{
	struct ts_batch_trailer t = { .ts_ns = 1, .caplen = f->len, .wire_len = f->len };
	__u32 need = f->len + sizeof(t);

	b->len = 0;
	b->nframes = 0;
	while (b->nframes < max && b->nframes < TS_BATCH_MAX_FRAMES &&
	       b->len + need <= sizeof(b->buf)) {
		memcpy(b->buf + b->len, f->d, f->len);
		memcpy(b->buf + b->len + f->len, &t, sizeof(t));
		b->len += need;
		b->nframes++;
	}
}

/* Median kernel ns per frame over `calls` runs of one batch. -1 on error. */
static double run_batches(int fd, const struct batch *b, int calls)
{
	double *v = calloc(calls, sizeof(*v)), m;
	__u32 ret;
	int i;

	if (!v)
		return -1;
	for (i = 0; i < calls; i++) {
		double d = run_repeat(fd, b->buf, b->len, 1, &ret);

		if (d < 0 || ret != XDP_PASS_) {
			if (d >= 0)
				fprintf(stderr, "bench: xdp_replay returned %u on a batch of %u\n",
					ret, b->nframes);
			free(v);
			return -1;
		}
		v[i] = d / b->nframes;
	}
	m = median(v, calls);
	free(v);
	return m;
}

/* Median wall-clock ns of one BPF_PROG_TEST_RUN call (repeat 1), syscall included. */
static double call_cost(int fd, const void *data, __u32 len)
{
	double *v = calloc(CALL_SAMPLES, sizeof(*v)), m, t0;
	__u32 ret;
	int i;

	if (!v)
		return -1;
	for (i = 0; i < CALL_SAMPLES; i++) {
		t0 = now_ns();
		if (run_repeat(fd, data, len, 1, &ret) < 0) {
			free(v);
			return -1;
		}
		v[i] = now_ns() - t0;
	}
	m = median(v, CALL_SAMPLES);
	free(v);
	return m;
}

/* The counters one frame moves, as "eth ipv4 tcp ...", errors marked '!'. */
static int counters_hit(int prog_fd, int map_fd, const struct pb *f, char *buf, size_t sz)
{
	static struct ts_stats before, after;
	size_t n = 0;
	__u32 ret;
	int id;

	buf[0] = 0;
	if (ts_stats_read(map_fd, &before) ||
	    run_repeat(prog_fd, f->d, f->len, 1, &ret) < 0 ||
	    ts_stats_read(map_fd, &after))
		return -1;
	if (ret != XDP_PASS_) {
		fprintf(stderr, "bench: xdp_tunnelstat returned %u, not XDP_PASS\n", ret);
		return -1;
	}
	for (id = TS_C_TOTAL + 1; id < __TS_C_MAX; id++) {
		if (after.c[id].packets == before.c[id].packets || n >= sz)
			continue;
		if (ts_counter_names[id])
			n += snprintf(buf + n, sz - n, "%s%s%s", n ? " " : "",
				      ts_counter_is_error(id) ? "!" : "", ts_counter_names[id]);
		else	/* names.c behind the enum: show the number */
			n += snprintf(buf + n, sz - n, "%s#%d", n ? " " : "", id);
	}
	return 0;
}

/* --pcap FILE: the canned frames, one per class, to check them with tshark. */
static int write_pcap(const char *path)
{
	struct { __u32 magic; __u16 vmaj, vmin; __s32 zone; __u32 sigfigs, snaplen, linktype; }
		fh = { 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1 /* Ethernet */ };
	FILE *out = fopen(path, "wb");
	size_t c;

	if (!out) {
		fprintf(stderr, "bench: cannot write '%s': %s\n", path, strerror(errno));
		return 1;
	}
	fwrite(&fh, sizeof(fh), 1, out);
	for (c = 0; c < NCLASSES; c++) {
		static struct pb f;
		__u32 rec[4] = { 1700000000, (__u32)c, 0, 0 };

		build(c, &f);
		rec[2] = rec[3] = f.len;
		fwrite(rec, sizeof(rec), 1, out);
		fwrite(f.d, f.len, 1, out);
	}
	if (fclose(out)) {
		fprintf(stderr, "bench: cannot write '%s': %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

struct result {
	double live, empty, replay;
	__u32 per_call;
	__u32 frame_len;
	char hit[256];
};

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "bench: cannot pin to CPU %d: %s (continuing)\n", cpu, strerror(errno));
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bench [--repeat N] [--rounds N] [--cpu N] [--only CLASS] [--pcap FILE]\n"
		"  Per-packet cost of the tunnelstat XDP program against an empty XDP\n"
		"  program, with BPF_PROG_TEST_RUN; prints a Markdown table.\n"
		"  --repeat N   repetitions per measurement (default %d)\n"
		"  --rounds N   interleaved rounds, medians taken (default %d)\n"
		"  --cpu N      pin to this CPU (default: the last one)\n"
		"  --only CLASS measure one packet class\n"
		"  --pcap FILE  write the canned frames (one per class) to FILE and exit\n"
		"  -v           libbpf debug output\n",
		DEF_REPEAT, DEF_ROUNDS);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repeat", required_argument, NULL, 'r' },
		{ "rounds", required_argument, NULL, 'n' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "only", required_argument, NULL, 'o' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tunnelstat_bpf *live = NULL, *rep = NULL;
	static struct result res[NCLASSES];
	static struct batch batch;
	long repeat = DEF_REPEAT, rounds = DEF_ROUNDS;
	int cpu = (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;
	int live_fd, rep_fd, empty_fd = -1, clock_fd = -1, map_fd, ret = 1, opt, verbose = 0;
	const char *only = NULL;
	double *vl = NULL, *ve = NULL, *vr = NULL;
	double call_small, call_full, replay_repeat_ns = -1, clock_ns, clock_empty_ns;
	__u32 small_len = 0, full_len = 0;
	__u32 replay_repeat_ret = 0;
	size_t c, measured = 0;
	int r;

	while ((opt = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			repeat = strtol(optarg, NULL, 10);
			break;
		case 'n':
			rounds = strtol(optarg, NULL, 10);
			break;
		case 'c':
			cpu = (int)strtol(optarg, NULL, 10);
			break;
		case 'o':
			only = optarg;
			break;
		case 'p':
			return write_pcap(optarg);
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (repeat < 1 || repeat > 0xffffffffL || rounds < 1 || rounds > 99 || optind != argc) {
		usage(stderr);
		return 2;
	}
	ts_log_init(verbose);
	if (cpu < 0)
		cpu = 0;
	pin_cpu(cpu);

	if (ts_bpf_load(&live, TS_PROG_LIVE) || ts_bpf_load(&rep, TS_PROG_REPLAY))
		goto out;
	empty_fd = load_baseline(0);
	clock_fd = load_baseline(1);
	if (empty_fd < 0 || clock_fd < 0)
		goto out;
	live_fd = bpf_program__fd(live->progs.xdp_tunnelstat);
	rep_fd = bpf_program__fd(rep->progs.xdp_replay);
	map_fd = bpf_map__fd(live->maps.counters);

	vl = calloc(rounds, sizeof(double));
	ve = calloc(rounds, sizeof(double));
	vr = calloc(rounds, sizeof(double));
	if (!vl || !ve || !vr)
		goto out;

	for (c = 0; c < NCLASSES; c++) {
		struct result *rs = &res[c];
		static struct pb f;
		__u32 rv = XDP_PASS_;
		int calls;

		if (only && strcmp(only, classes[c].name))
			continue;
		build(c, &f);
		rs->frame_len = f.len;
		measured++;
		if (counters_hit(live_fd, map_fd, &f, rs->hit, sizeof(rs->hit)))
			goto out;
		make_batch(&batch, &f, TS_BATCH_MAX_FRAMES);
		rs->per_call = batch.nframes;
		calls = REPLAY_FRAMES_PER_ROUND / batch.nframes;
		if (calls < REPLAY_MIN_CALLS)
			calls = REPLAY_MIN_CALLS;

		/* Interleaved: noise that drifts over time hits all three alike. */
		for (r = 0; r < rounds; r++) {
			vl[r] = run_repeat(live_fd, f.d, f.len, repeat, &rv);
			if (vl[r] < 0 || rv != XDP_PASS_)
				goto bad_verdict;
			ve[r] = run_repeat(empty_fd, f.d, f.len, repeat, &rv);
			if (ve[r] < 0 || rv != XDP_PASS_)
				goto bad_verdict;
			vr[r] = run_batches(rep_fd, &batch, calls);
			if (vr[r] < 0)
				goto out;
		}
		rs->live = median(vl, rounds);
		rs->empty = median(ve, rounds);
		rs->replay = median(vr, rounds);
		fprintf(stderr, "bench: %-18s live %.1f ns, empty %.1f ns, replay %.1f ns/frame\n",
			classes[c].name, rs->live, rs->empty, rs->replay);
		continue;
bad_verdict:
		if (rv != XDP_PASS_)
			fprintf(stderr, "bench: %s: verdict %u, not XDP_PASS\n", classes[c].name, rv);
		goto out;
	}
	if (!measured) {
		fprintf(stderr, "bench: no packet class named '%s'\n", only);
		goto out;
	}

	/* The fixed cost a call adds, smallest frame and a full batch buffer. */
	{
		static struct pb f;
		__u32 rv;

		pb_init(&f);
		build_ipv4_tcp_ack(&f);
		pb_done(&f);

		for (r = 0; r < rounds; r++) {
			vl[r] = run_repeat(clock_fd, f.d, f.len, repeat, &rv);
			ve[r] = run_repeat(empty_fd, f.d, f.len, repeat, &rv);
			if (vl[r] < 0 || ve[r] < 0)
				goto out;
		}
		clock_ns = median(vl, rounds);
		clock_empty_ns = median(ve, rounds);
		small_len = f.len;
		call_small = call_cost(empty_fd, f.d, f.len);
		make_batch(&batch, &f, TS_BATCH_MAX_FRAMES);
		full_len = batch.len;
		call_full = call_cost(empty_fd, batch.buf, batch.len);
		/* Show that repeat cannot time xdp_replay (see the top comment). */
		make_batch(&batch, &f, 1);
		replay_repeat_ns = run_repeat(rep_fd, batch.buf, batch.len, 1000, &replay_repeat_ret);
		if (call_small < 0 || call_full < 0 || replay_repeat_ns < 0)
			goto out;
	}

	printf("| class | frame B | live ns | empty ns | live/empty | replay ns/frame | replay/empty "
	       "| frames/call | counters hit |\n");
	printf("|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
	for (c = 0; c < NCLASSES; c++) {
		struct result *rs = &res[c];

		if (only && strcmp(only, classes[c].name))
			continue;
		printf("| %s | %u | %.1f | %.1f | %.2fx | %.1f | %.2fx | %u | %s |\n",
		       classes[c].name, rs->frame_len, rs->live, rs->empty, rs->live / rs->empty,
		       rs->replay, rs->replay / rs->empty, rs->per_call, rs->hit);
	}
	printf("\n");
	printf("- one BPF_PROG_TEST_RUN call (empty program, repeat 1, wall clock, syscall included): "
	       "%.0f ns with a %u B frame, %.0f ns with a %u B batch buffer\n",
	       call_small, small_len, call_full, full_len);
	printf("- empty program + one bpf_ktime_get_ns() call (the live entry's clock read): "
	       "%.1f ns, against %.1f ns empty\n", clock_ns, clock_empty_ns);
	printf("- xdp_replay with one frame + trailer at repeat 1000: verdict %u (%s), %.0f ns/repetition: "
	       "%s\n",
	       replay_repeat_ret, replay_repeat_ret == XDP_PASS_ ? "XDP_PASS" : "not XDP_PASS",
	       replay_repeat_ns,
	       replay_repeat_ret == XDP_PASS_ ?
	       "the kernel restores the buffer between repetitions" :
	       "repetitions share one xdp_buff, so after the first the trailer is gone; "
	       "replay is timed per batch instead");
	printf("- rounds %ld, repeat %ld, CPU %d\n", rounds, repeat, cpu);
	ret = 0;
out:
	free(vl);
	free(ve);
	free(vr);
	if (empty_fd >= 0)
		close(empty_fd);
	if (clock_fd >= 0)
		close(clock_fd);
	tunnelstat_bpf__destroy(live);
	tunnelstat_bpf__destroy(rep);
	return ret;
}
