// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPsec rows: canned frames through xdp_replay with BPF_PROG_TEST_RUN (the
 * replay engine), each with the exact counter deltas it must cause (every
 * other counter must stay put) and the ESP/AH and IKE SA entries it must
 * leave. Then: the truncation sweep over every positive row, the
 * anti-replay window cases, and two CPUs feeding one SA at once.
 *
 * Run as root: build/tests/test_ipsec. Prints "ok - NAME" or
 * "FAIL - NAME: why" per check and ends with "N passed, N failed".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfobj.h"
#include "names.h"
#include "replay.h"
#include "stats.h"
#include "table.h"

static int npass, nfail;
static struct tunnelstat_bpf *skel;
static int prog_fd, fd_counters, fd_sas, fd_ike;
/* key and value sizes, for the user/table.h calls */
#define SA_SZ sizeof(struct ts_sa_key), sizeof(struct ts_sa)
#define IKE_SZ sizeof(struct ts_ike_key), sizeof(struct ts_ike_sa)
#define SA_SZ_KV(k, v) &(k), sizeof(k), &(v), sizeof(v)
/* TCP tracking tables (other issues' state): emptied so every row starts fresh */
static int fd_tcp[2] = { -1, -1 };

static void ok(const char *name)
{
	npass++;
	printf("ok - %s\n", name);
}

static void failf(const char *name, const char *fmt, ...)
{
	va_list ap;

	nfail++;
	printf("FAIL - %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---- frame builder ------------------------------------------------------ */

#define MAXF 2048
#define MAXFRAMES 16

struct frame {
	__u8 b[MAXF];
	__u32 n;		/* bytes built */
	__u32 caplen;		/* 0: n */
	__u32 wire;		/* 0: n */
	/* length fields patched to "up to the end" by fin() unless set */
	int ip4[4], n4, ip6[4], n6, udp[4], nudp, ike[4], nike;
};

static const __u8 V4_A[4] = { 192, 0, 2, 1 }, V4_B[4] = { 198, 51, 100, 2 };
static const __u8 V4_C[4] = { 10, 0, 0, 1 }, V4_D[4] = { 10, 0, 0, 2 };	/* inner */
static const __u8 V6_A[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const __u8 V6_B[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static void put(struct frame *f, const void *p, __u32 len)
{
	memcpy(f->b + f->n, p, len);
	f->n += len;
}

static void put8(struct frame *f, __u8 v) { put(f, &v, 1); }
static void put16(struct frame *f, __u16 v) { v = htons(v); put(f, &v, 2); }
static void put32(struct frame *f, __u32 v) { v = htonl(v); put(f, &v, 4); }
static void put64(struct frame *f, __u64 v) { put32(f, v >> 32); put32(f, (__u32)v); }
static void zeros(struct frame *f, __u32 len) { memset(f->b + f->n, 0, len); f->n += len; }

static void eth(struct frame *f, __u16 type)
{
	static const __u8 mac[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };

	memset(f, 0, sizeof(*f));
	put(f, mac, 12);
	put16(f, type);
}

static void ipv4(struct frame *f, __u8 proto, const __u8 *src, const __u8 *dst)
{
	f->ip4[f->n4++] = f->n;
	put8(f, 0x45); put8(f, 0); put16(f, 0); put16(f, 1); put16(f, 0);
	put8(f, 64); put8(f, proto); put16(f, 0);
	put(f, src, 4);
	put(f, dst, 4);
}

static void ipv6(struct frame *f, __u8 next, const __u8 *src, const __u8 *dst)
{
	f->ip6[f->n6++] = f->n;
	put32(f, 0x60000000); put16(f, 0); put8(f, next); put8(f, 64);
	put(f, src, 16);
	put(f, dst, 16);
}

/* IPv6 destination options / hop-by-hop: 8 bytes of PadN */
static void ext8(struct frame *f, __u8 next)
{
	put8(f, next); put8(f, 0); put8(f, 1); put8(f, 4); put32(f, 0);
}

static void udp(struct frame *f, __u16 sport, __u16 dport)
{
	f->udp[f->nudp++] = f->n;
	put16(f, sport); put16(f, dport); put16(f, 0); put16(f, 0);
}

static void esp(struct frame *f, __u32 spi, __u32 seq, __u32 payload)
{
	__u32 i;

	put32(f, spi);
	put32(f, seq);
	for (i = 0; i < payload; i++)
		put8(f, 0xA0 + (i & 15));
}

/* AH with a 12-byte ICV: payload length 4 (24 bytes) */
static void ah(struct frame *f, __u8 next, __u32 spi, __u32 seq)
{
	put8(f, next); put8(f, 4); put16(f, 0);
	put32(f, spi); put32(f, seq);
	zeros(f, 12);
}

static void tcp_syn(struct frame *f)
{
	put16(f, 40000); put16(f, 80); put32(f, 1); put32(f, 0);
	put8(f, 0x50); put8(f, 0x02); put16(f, 65535); put32(f, 0);
}

static void icmp6_echo(struct frame *f)
{
	put8(f, 128); put8(f, 0); put16(f, 0); put32(f, 0x00010001);
}

/* ISAKMP header, no payloads (next payload 0); length patched by fin() */
static void isakmp(struct frame *f, __u64 ispi, __u64 rspi, __u8 ver, __u8 xchg, __u8 flags,
		   __u32 msgid)
{
	put64(f, ispi); put64(f, rspi);
	put8(f, 0); put8(f, ver); put8(f, xchg); put8(f, flags);
	put32(f, msgid);
	f->ike[f->nike++] = f->n;
	put32(f, 0);
}

/* Patch every length field to run to the end of the frame. */
static void fin(struct frame *f)
{
	__u16 v;
	__u32 w;
	int i;

	for (i = 0; i < f->n4; i++) {
		v = htons(f->n - f->ip4[i]);
		memcpy(f->b + f->ip4[i] + 2, &v, 2);
	}
	for (i = 0; i < f->n6; i++) {
		v = htons(f->n - f->ip6[i] - 40);
		memcpy(f->b + f->ip6[i] + 4, &v, 2);
	}
	for (i = 0; i < f->nudp; i++) {
		v = htons(f->n - f->udp[i]);
		memcpy(f->b + f->udp[i] + 4, &v, 2);
	}
	for (i = 0; i < f->nike; i++) {
		w = htonl(f->n - (f->ike[i] - 24));
		memcpy(f->b + f->ike[i], &w, 4);
	}
}

static void set16(struct frame *f, __u32 off, __u16 v) { v = htons(v); memcpy(f->b + off, &v, 2); }
static void set32(struct frame *f, __u32 off, __u32 v) { v = htonl(v); memcpy(f->b + off, &v, 4); }

/* ---- running frames ------------------------------------------------------ */

static struct ts_batch batch;

/* Feed frames, one batch; 0 or -errno (-EPROTO: not XDP_PASS). */
static int run(struct frame *fr, int n, __u64 ts0)
{
	int i, err;

	ts_batch_init(&batch, prog_fd);
	for (i = 0; i < n; i++) {
		__u32 cap = fr[i].caplen ? fr[i].caplen : fr[i].n;
		__u32 wire = fr[i].wire ? fr[i].wire : fr[i].n;

		err = ts_batch_add(&batch, fr[i].b, cap, wire, ts0 + i * 1000ULL);
		if (err)
			return err;
	}
	return ts_batch_flush(&batch);
}

static void clear_map(int fd, size_t ksz, size_t vsz)
{
	ts_map_clear(fd, ksz, vsz);
}

static void clear_state(void)
{
	clear_map(fd_sas, SA_SZ);
	clear_map(fd_ike, IKE_SZ);
	if (fd_tcp[0] >= 0)
		clear_map(fd_tcp[0], sizeof(struct ts_tcp_conn_key), sizeof(struct ts_tcp_conn));
	if (fd_tcp[1] >= 0)
		clear_map(fd_tcp[1], sizeof(struct ts_tcp_svc_key), sizeof(struct ts_tcp_svc));
}

static int map_count(int fd, size_t ksz, size_t vsz)
{
	return ts_map_count(fd, ksz, vsz);
}

/* ---- expectations --------------------------------------------------------- */

struct want_sa {
	int v6, rev;		/* V6_A/V6_B instead of V4; B -> A */
	__u8 proto, encap;
	__u32 spi;
	__u64 packets;
	__u32 seq_max;
	__u64 gaps, dup, reord, old, restarts;
};

struct want_ike {
	int v6;
	__u64 ispi, rspi;	/* rspi 0: never seen */
	__u8 version, nat_t;
	int init_a;		/* initiator is A (V4_A / V6_A) */
	__u64 packets;
	__u8 xtype[TS_IKE_XSLOTS];
	__u32 xcount[TS_IKE_XSLOTS];
};

#define MAXW 4
struct row {
	const char *name;
	int (*build)(struct frame *fr);	/* returns the number of frames */
	const char *deltas;		/* "name[=n] ...": all others stay 0 */
	struct want_sa sa[MAXW];
	int nsa;
	struct want_ike ike[MAXW];
	int nike;
	int positive;			/* in the truncation sweep */
};

static void addrs(int v6, int rev, __be32 *src, __be32 *dst)
{
	memset(src, 0, 16);
	memset(dst, 0, 16);
	memcpy(src, rev ? (v6 ? V6_B : V4_B) : (v6 ? V6_A : V4_A), v6 ? 16 : 4);
	memcpy(dst, rev ? (v6 ? V6_A : V4_A) : (v6 ? V6_B : V4_B), v6 ? 16 : 4);
}

static int counter_id(const char *name)
{
	int i;

	for (i = 0; i < __TS_C_MAX; i++)
		if (ts_counter_names[i] && !strcmp(ts_counter_names[i], name))
			return i;
	return -1;
}

/* Parse "a b=2 c" into want[]; -1 on an unknown name. */
static int parse_deltas(const char *spec, __u64 *want, const char *row)
{
	char buf[512], *tok, *save = NULL;

	memset(want, 0, sizeof(*want) * __TS_C_MAX);
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		int id;

		if (eq)
			*eq = 0;
		id = counter_id(tok);
		if (id < 0) {
			failf(row, "unknown counter '%s' in the row", tok);
			return -1;
		}
		want[id] = eq ? strtoull(eq + 1, NULL, 10) : 1;
	}
	return 0;
}

static int read_counters(struct ts_stats *st)
{
	return ts_stats_read(fd_counters, st);
}

/* Compare counter deltas with want; 0 if equal, else describes the first few. */
static int check_deltas(const char *name, const struct ts_stats *a, const struct ts_stats *b,
			const __u64 *want)
{
	char msg[512] = "";
	int i, bad = 0;

	for (i = 0; i < __TS_C_MAX; i++) {
		__u64 d = b->c[i].packets - a->c[i].packets;

		if (d != want[i]) {
			if (bad++ < 6) {
				size_t l = strlen(msg);

				snprintf(msg + l, sizeof(msg) - l, "%s%s %llu (want %llu)", l ? ", " : "",
					 ts_counter_names[i], (unsigned long long)d,
					 (unsigned long long)want[i]);
			}
		}
	}
	if (bad) {
		failf(name, "counters: %s", msg);
		return -1;
	}
	return 0;
}

static int check_sa(const char *name, const struct want_sa *w)
{
	struct ts_sa_key k = {};
	struct ts_sa v;

	addrs(w->v6, w->rev, k.src, k.dst);
	k.spi = htonl(w->spi);
	k.family = w->v6 ? 6 : 4;
	k.proto = w->proto;
	k.encap = w->encap;
	if (ts_map_get(fd_sas, SA_SZ_KV(k, v))) {
		failf(name, "no SA proto %u spi 0x%08x encap %u", w->proto, w->spi, w->encap);
		return -1;
	}
	if (v.packets != w->packets || v.seq_max != w->seq_max || v.gaps != w->gaps ||
	    v.duplicates != w->dup || v.reordered != w->reord || v.too_old != w->old ||
	    v.restarts != w->restarts) {
		failf(name, "SA 0x%08x: packets %llu seq_max %u gaps %llu dup %llu reord %llu "
		      "too_old %llu restarts %llu; want %llu %u %llu %llu %llu %llu %llu", w->spi,
		      (unsigned long long)v.packets, v.seq_max, (unsigned long long)v.gaps,
		      (unsigned long long)v.duplicates, (unsigned long long)v.reordered,
		      (unsigned long long)v.too_old, (unsigned long long)v.restarts,
		      (unsigned long long)w->packets, w->seq_max, (unsigned long long)w->gaps,
		      (unsigned long long)w->dup, (unsigned long long)w->reord,
		      (unsigned long long)w->old, (unsigned long long)w->restarts);
		return -1;
	}
	return 0;
}

static void spi64(__u8 *out, __u64 v)
{
	int i;

	for (i = 0; i < 8; i++)
		out[i] = v >> (56 - 8 * i);
}

static int check_ike(const char *name, const struct want_ike *w)
{
	struct ts_ike_key k = {};
	struct ts_ike_sa v;
	__u8 rspi[8];
	int i;

	addrs(w->v6, 0, k.a, k.b);	/* A < B bytewise: A is key.a */
	spi64(k.ispi, w->ispi);
	k.family = w->v6 ? 6 : 4;
	if (ts_map_get(fd_ike, SA_SZ_KV(k, v))) {
		failf(name, "no IKE SA %016llx", (unsigned long long)w->ispi);
		return -1;
	}
	spi64(rspi, w->rspi);
	if (v.packets != w->packets || v.version != w->version || v.nat_t != w->nat_t ||
	    v.have_rspi != !!w->rspi || (w->rspi && memcmp(v.rspi, rspi, 8)) ||
	    v.initiator != (w->init_a ? TS_IKE_INIT_A : TS_IKE_INIT_B)) {
		failf(name, "IKE SA %016llx: packets %llu version 0x%02x nat_t %u have_rspi %u "
		      "initiator %u", (unsigned long long)w->ispi, (unsigned long long)v.packets,
		      v.version, v.nat_t, v.have_rspi, v.initiator);
		return -1;
	}
	for (i = 0; i < TS_IKE_XSLOTS; i++) {
		if (v.xtype[i] != w->xtype[i] || v.xcount[i] != w->xcount[i]) {
			failf(name, "IKE SA %016llx slot %d: type %u count %u, want %u %u",
			      (unsigned long long)w->ispi, i, v.xtype[i], v.xcount[i], w->xtype[i],
			      w->xcount[i]);
			return -1;
		}
	}
	return 0;
}

/* ---- rows ------------------------------------------------------------------ */

#define SPI1 0x1001u
#define SPI2 0x2002u
#define ISPI1 0x1122334455667788ULL
#define RSPI1 0x8877665544332211ULL

static int b_esp4(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 50, V4_A, V4_B); esp(fr, SPI1, 1, 32); fin(fr);
	return 1;
}

static int b_esp6(struct frame *fr)
{
	eth(fr, 0x86DD); ipv6(fr, 50, V6_A, V6_B); esp(fr, SPI1, 7, 32); fin(fr);
	return 1;
}

static int b_esp6_ext(struct frame *fr)
{
	eth(fr, 0x86DD); ipv6(fr, 0, V6_A, V6_B); ext8(fr, 60); ext8(fr, 50);
	esp(fr, SPI1, 1, 32); fin(fr);
	return 1;
}

static int b_esp_udp4(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_A, V4_B); udp(fr, 4500, 4500);
	esp(fr, SPI1, 3, 32); fin(fr);
	return 1;
}

/* NAT-T from a port the NAT chose: 4500 only as the source */
static int b_esp_udp6(struct frame *fr)
{
	eth(fr, 0x86DD); ipv6(fr, 17, V6_A, V6_B); udp(fr, 4500, 61000);
	esp(fr, SPI1, 1, 32); fin(fr);
	return 1;
}

static int b_ah_esp(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 51, V4_A, V4_B); ah(fr, 50, SPI2, 5); esp(fr, SPI1, 6, 32);
	fin(fr);
	return 1;
}

static int b_ah_tcp(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 51, V4_A, V4_B); ah(fr, 6, SPI2, 1); tcp_syn(fr); fin(fr);
	return 1;
}

static int b_ah_tunnel4(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 51, V4_A, V4_B); ah(fr, 4, SPI2, 1);
	ipv4(fr, 17, V4_C, V4_D); udp(fr, 1234, 53); zeros(fr, 12); fin(fr);
	return 1;
}

static int b_ah_tunnel6(struct frame *fr)
{
	eth(fr, 0x86DD); ipv6(fr, 51, V6_A, V6_B); ah(fr, 41, SPI2, 9);
	ipv6(fr, 58, V6_B, V6_A); icmp6_echo(fr); fin(fr);
	return 1;
}

/* IKEv1 Main Mode, first message: responder SPI still 0 */
static int b_ikev1_500(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_A, V4_B); udp(fr, 500, 500);
	isakmp(fr, ISPI1, 0, 0x10, 2, 0, 0); zeros(fr, 20); fin(fr);
	return 1;
}

/* IKEv2 IKE_SA_INIT request and response (I flag, then R flag) */
static int b_ikev2_500(struct frame *fr)
{
	eth(&fr[0], 0x0800); ipv4(&fr[0], 17, V4_A, V4_B); udp(&fr[0], 500, 500);
	isakmp(&fr[0], ISPI1, 0, 0x20, 34, 0x08, 0); zeros(&fr[0], 40); fin(&fr[0]);
	eth(&fr[1], 0x0800); ipv4(&fr[1], 17, V4_B, V4_A); udp(&fr[1], 500, 500);
	isakmp(&fr[1], ISPI1, RSPI1, 0x20, 34, 0x20, 0); zeros(&fr[1], 40); fin(&fr[1]);
	return 2;
}

/* IKEv2 IKE_AUTH floated to 4500, from the responder (no I flag) */
static int b_ikev2_4500(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_B, V4_A); udp(fr, 4500, 4500); put32(fr, 0);
	isakmp(fr, ISPI1, RSPI1, 0x20, 35, 0x20, 1); zeros(fr, 64); fin(fr);
	return 1;
}

/* IKEv1 Quick Mode on 4500 over IPv6 */
static int b_ikev1_4500(struct frame *fr)
{
	eth(fr, 0x86DD); ipv6(fr, 17, V6_A, V6_B); udp(fr, 4500, 4500); put32(fr, 0);
	isakmp(fr, ISPI1, RSPI1, 0x10, 32, 0x01, 0x12345678); zeros(fr, 32); fin(fr);
	return 1;
}

static int b_keepalive(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_A, V4_B); udp(fr, 4500, 4500); put8(fr, 0xFF); fin(fr);
	return 1;
}

/* ICMP port unreachable quoting an ESP packet: counted, not an SA packet */
static int b_icmp_esp(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 1, V4_B, V4_A);
	put8(fr, 3); put8(fr, 3); put16(fr, 0); put32(fr, 0);
	ipv4(fr, 50, V4_A, V4_B); esp(fr, SPI1, 1, 0);
	fin(fr);
	set16(fr, 14 + 20 + 8 + 2, 200);	/* the quoted packet was longer */
	return 1;
}

/* --- malformed --- */

static int b_esp_trunc(struct frame *fr)
{
	b_esp4(fr);
	fr->caplen = 14 + 20 + 6;
	return 1;
}

static int b_esp_bad_len(struct frame *fr)
{
	b_esp4(fr);
	set16(fr, 14 + 2, 20 + 6);	/* IP says 6 bytes of ESP */
	return 1;
}

static int b_esp_spi0(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 50, V4_A, V4_B); esp(fr, 0, 1, 32); fin(fr);
	return 1;
}

static int b_esp_spi255(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 50, V4_A, V4_B); esp(fr, 255, 1, 32); fin(fr);
	return 1;
}

static int b_ah_spi0(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 51, V4_A, V4_B); ah(fr, 6, 0, 1); tcp_syn(fr); fin(fr);
	return 1;
}

static int b_ah_spi1(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 51, V4_A, V4_B); ah(fr, 6, 1, 1); tcp_syn(fr); fin(fr);
	return 1;
}

/* payload length 0: 8 bytes, short of the 12 fixed ones */
static int b_ah_len0(struct frame *fr)
{
	b_ah_tcp(fr);
	fr->b[14 + 20 + 1] = 0;
	return 1;
}

/* AH announcing more than the IP payload holds */
static int b_ah_len_beyond(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 51, V4_A, V4_B); ah(fr, 59, SPI2, 1); fin(fr);
	fr->b[14 + 20 + 1] = 5;	/* 28 bytes, the packet has 24 */
	return 1;
}

static int b_ah_trunc(struct frame *fr)
{
	b_ah_tcp(fr);
	fr->caplen = 14 + 20 + 16;	/* inside the ICV */
	return 1;
}

/* 20 bytes (payload length 3): a multiple of 4 but not of 8, after IPv6 */
static int b_ah_v6_not8(struct frame *fr)
{
	eth(fr, 0x86DD); ipv6(fr, 51, V6_A, V6_B);
	put8(fr, 59); put8(fr, 3); put16(fr, 0); put32(fr, SPI2); put32(fr, 1); zeros(fr, 8);
	fin(fr);
	return 1;
}

static int b_ah_trunc_fixed(struct frame *fr)
{
	b_ah_tcp(fr);
	fr->caplen = 14 + 20 + 10;	/* inside the sequence number */
	return 1;
}

/* eight destination options headers, then AH: the ninth extension header */
static int b_ah_ext_limit(struct frame *fr)
{
	int i;

	eth(fr, 0x86DD); ipv6(fr, 60, V6_A, V6_B);
	for (i = 0; i < 7; i++)
		ext8(fr, 60);
	ext8(fr, 51);
	ah(fr, 59, SPI2, 1);
	fin(fr);
	return 1;
}

static int b_natt_trunc(struct frame *fr)
{
	b_esp_udp4(fr);
	fr->caplen = 14 + 20 + 8 + 2;
	return 1;
}

/* three bytes on 4500: not a keepalive, not a marker: ESP, too short */
static int b_natt_3(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_A, V4_B); udp(fr, 4500, 4500);
	put8(fr, 1); put8(fr, 2); put8(fr, 3); fin(fr);
	return 1;
}

/* one byte that is not 0xFF */
static int b_natt_1(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_A, V4_B); udp(fr, 4500, 4500); put8(fr, 0xFE); fin(fr);
	return 1;
}

static int b_ike_short(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_A, V4_B); udp(fr, 500, 500); zeros(fr, 20); fin(fr);
	return 1;
}

static int b_ike_trunc(struct frame *fr)
{
	b_ikev1_500(fr);
	fr->caplen = 14 + 20 + 8 + 20;
	return 1;
}

static int b_ike_len_small(struct frame *fr)
{
	b_ikev1_500(fr);
	set32(fr, 14 + 20 + 8 + 24, 27);
	return 1;
}

static int b_ike_len_big(struct frame *fr)
{
	b_ikev1_500(fr);
	set32(fr, 14 + 20 + 8 + 24, 49);	/* the datagram holds 48 */
	return 1;
}

static int b_ike_trailing(struct frame *fr)
{
	b_ikev1_500(fr);
	set32(fr, 14 + 20 + 8 + 24, 28);
	return 1;
}

static int b_ike_bad_version(struct frame *fr)
{
	b_ikev1_500(fr);
	fr->b[14 + 20 + 8 + 17] = 0x30;
	return 1;
}

static int b_ike_ispi0(struct frame *fr)
{
	eth(fr, 0x0800); ipv4(fr, 17, V4_A, V4_B); udp(fr, 500, 500);
	isakmp(fr, 0, 0, 0x20, 34, 0x08, 0); fin(fr);
	return 1;
}

/* nine exchange types in one IKE SA: the ninth has no slot */
static int b_ike_xchg_limit(struct frame *fr)
{
	static const __u8 types[9] = { 34, 43, 35, 36, 37, 38, 44, 40, 41 };
	int i;

	for (i = 0; i < 9; i++) {
		eth(&fr[i], 0x0800); ipv4(&fr[i], 17, V4_A, V4_B); udp(&fr[i], 500, 500);
		isakmp(&fr[i], ISPI1, RSPI1, 0x20, types[i], 0x08, i); fin(&fr[i]);
	}
	return 9;
}

/* 9 IKE messages between A and B */
#define IKE9 "total=9 eth=9 ipv4=9 udp=9 ike=9 ike_v2=9"

static const struct row rows[] = {
	{ "esp_ipv4", b_esp4, "total eth ipv4 esp",
	  { { .proto = 50, .spi = SPI1, .packets = 1, .seq_max = 1 } }, 1, {}, 0, 1 },
	{ "esp_ipv6", b_esp6, "total eth ipv6 esp",
	  { { .v6 = 1, .proto = 50, .spi = SPI1, .packets = 1, .seq_max = 7 } }, 1, {}, 0, 1 },
	{ "esp_ipv6_after_ext", b_esp6_ext, "total eth ipv6 ipv6_hopopts ipv6_dstopts esp",
	  { { .v6 = 1, .proto = 50, .spi = SPI1, .packets = 1, .seq_max = 1 } }, 1, {}, 0, 1 },
	{ "esp_udp_ipv4", b_esp_udp4, "total eth ipv4 udp esp esp_udp",
	  { { .proto = 50, .encap = TS_ENCAP_UDP, .spi = SPI1, .packets = 1, .seq_max = 3 } }, 1,
	  {}, 0, 1 },
	{ "esp_udp_ipv6_src_port", b_esp_udp6, "total eth ipv6 udp esp esp_udp",
	  { { .v6 = 1, .proto = 50, .encap = TS_ENCAP_UDP, .spi = SPI1, .packets = 1,
	      .seq_max = 1 } }, 1, {}, 0, 1 },
	{ "ah_then_esp", b_ah_esp, "total eth ipv4 ah esp",
	  { { .proto = 51, .spi = SPI2, .packets = 1, .seq_max = 5 },
	    { .proto = 50, .spi = SPI1, .packets = 1, .seq_max = 6 } }, 2, {}, 0, 1 },
	{ "ah_then_tcp", b_ah_tcp, "total eth ipv4 ah tcp tcp_syn tcp_handshake_syn",
	  { { .proto = 51, .spi = SPI2, .packets = 1, .seq_max = 1 } }, 1, {}, 0, 1 },
	{ "ah_tunnel_ipv4", b_ah_tunnel4, "total eth ipv4 ah ip_in_ip udp",
	  { { .proto = 51, .spi = SPI2, .packets = 1, .seq_max = 1 } }, 1, {}, 0, 1 },
	{ "ah_tunnel_ipv6", b_ah_tunnel6, "total eth ipv6 ah ip_in_ip icmpv6",
	  { { .v6 = 1, .proto = 51, .spi = SPI2, .packets = 1, .seq_max = 9 } }, 1, {}, 0, 1 },
	{ "ikev1_main_500", b_ikev1_500, "total eth ipv4 udp ike ike_v1", {}, 0,
	  { { .ispi = ISPI1, .version = 0x10, .init_a = 1, .packets = 1, .xtype = { 2 },
	      .xcount = { 1 } } }, 1, 1 },
	{ "ikev2_sa_init_500", b_ikev2_500, "total=2 eth=2 ipv4=2 udp=2 ike=2 ike_v2=2", {}, 0,
	  { { .ispi = ISPI1, .rspi = RSPI1, .version = 0x20, .init_a = 1, .packets = 2,
	      .xtype = { 34 }, .xcount = { 2 } } }, 1, 1 },
	{ "ikev2_auth_4500_marker", b_ikev2_4500, "total eth ipv4 udp ike ike_v2 ike_natt", {}, 0,
	  { { .ispi = ISPI1, .rspi = RSPI1, .version = 0x20, .nat_t = 1, .init_a = 1,
	      .packets = 1, .xtype = { 35 }, .xcount = { 1 } } }, 1, 1 },
	{ "ikev1_quick_4500_marker_ipv6", b_ikev1_4500, "total eth ipv6 udp ike ike_v1 ike_natt",
	  {}, 0,
	  { { .v6 = 1, .ispi = ISPI1, .rspi = RSPI1, .version = 0x10, .nat_t = 1, .init_a = 1,
	      .packets = 1, .xtype = { 32 }, .xcount = { 1 } } }, 1, 1 },
	{ "nat_keepalive", b_keepalive, "total eth ipv4 udp nat_keepalive", {}, 0, {}, 0, 1 },
	{ "icmp_quoting_esp", b_icmp_esp, "total eth ipv4 icmp esp", {}, 0, {}, 0, 1 },

	{ "esp_truncated", b_esp_trunc, "total eth ipv4 esp_truncated", {}, 0, {}, 0, 0 },
	{ "esp_past_ip_length", b_esp_bad_len, "total eth ipv4 esp_truncated", {}, 0, {}, 0, 0 },
	{ "esp_spi_zero", b_esp_spi0, "total eth ipv4 esp esp_spi_zero", {}, 0, {}, 0, 0 },
	/* reserved SPIs are counted, and still accounted: manual keying uses them */
	{ "esp_spi_reserved", b_esp_spi255, "total eth ipv4 esp esp_spi_reserved",
	  { { .proto = 50, .spi = 255, .packets = 1, .seq_max = 1 } }, 1, {}, 0, 0 },
	{ "ah_spi_zero", b_ah_spi0, "total eth ipv4 ah ah_spi_zero tcp tcp_syn tcp_handshake_syn",
	  {}, 0, {}, 0, 0 },
	{ "ah_spi_reserved", b_ah_spi1,
	  "total eth ipv4 ah ah_spi_reserved tcp tcp_syn tcp_handshake_syn",
	  { { .proto = 51, .spi = 1, .packets = 1, .seq_max = 1 } }, 1, {}, 0, 0 },
	{ "ah_bad_len_zero", b_ah_len0, "total eth ipv4 ah_bad_len", {}, 0, {}, 0, 0 },
	{ "ah_bad_len_beyond_ip", b_ah_len_beyond, "total eth ipv4 ah_bad_len", {}, 0, {}, 0, 0 },
	/* the ICV cut short: not an AH we can walk past, not accounted */
	{ "ah_truncated_icv", b_ah_trunc, "total eth ipv4 ah_truncated", {}, 0, {}, 0, 0 },
	{ "ah_ipv6_not_8_aligned", b_ah_v6_not8, "total eth ipv6 ah_bad_len", {}, 0, {}, 0, 0 },
	{ "ah_truncated_fixed", b_ah_trunc_fixed, "total eth ipv4 ah_truncated", {}, 0, {}, 0, 0 },
	{ "ah_ipv6_ext_limit", b_ah_ext_limit, "total eth ipv6 ipv6_dstopts ipv6_ext_limit", {}, 0,
	  {}, 0, 0 },
	{ "natt_truncated", b_natt_trunc, "total eth ipv4 udp natt_truncated", {}, 0, {}, 0, 0 },
	{ "natt_three_bytes", b_natt_3, "total eth ipv4 udp esp_udp esp_truncated", {}, 0, {}, 0,
	  0 },
	{ "natt_one_byte_not_ff", b_natt_1, "total eth ipv4 udp esp_udp esp_truncated", {}, 0, {},
	  0, 0 },
	{ "ike_short", b_ike_short, "total eth ipv4 udp ike_short", {}, 0, {}, 0, 0 },
	{ "ike_truncated", b_ike_trunc, "total eth ipv4 udp ike_truncated", {}, 0, {}, 0, 0 },
	{ "ike_bad_len_below_header", b_ike_len_small, "total eth ipv4 udp ike_bad_len", {}, 0, {},
	  0, 0 },
	{ "ike_bad_len_beyond_datagram", b_ike_len_big, "total eth ipv4 udp ike_bad_len", {}, 0,
	  {}, 0, 0 },
	{ "ike_trailing_data", b_ike_trailing, "total eth ipv4 udp ike ike_v1 ike_trailing_data",
	  {}, 0,
	  { { .ispi = ISPI1, .version = 0x10, .init_a = 1, .packets = 1, .xtype = { 2 },
	      .xcount = { 1 } } }, 1, 0 },
	{ "ike_bad_version", b_ike_bad_version, "total eth ipv4 udp ike_bad_version", {}, 0, {}, 0,
	  0 },
	{ "ike_ispi_zero", b_ike_ispi0, "total eth ipv4 udp ike ike_v2 ike_ispi_zero", {}, 0, {}, 0,
	  0 },
	{ "ike_exchange_limit", b_ike_xchg_limit, IKE9 " ike_exchange_limit", {}, 0,
	  { { .ispi = ISPI1, .rspi = RSPI1, .version = 0x20, .init_a = 1, .packets = 9,
	      .xtype = { 34, 43, 35, 36, 37, 38, 44, 40 },
	      .xcount = { 1, 1, 1, 1, 1, 1, 1, 1 } } }, 1, 0 },
};

#define NROWS (int)(sizeof(rows) / sizeof(rows[0]))

static struct frame frames[MAXFRAMES];

static void run_row(const struct row *r)
{
	struct ts_stats a, b;
	__u64 want[__TS_C_MAX];
	int n, i, err;

	clear_state();
	if (parse_deltas(r->deltas, want, r->name))
		return;
	n = r->build(frames);
	if (read_counters(&a)) {
		failf(r->name, "cannot read counters");
		return;
	}
	err = run(frames, n, 1700000000ULL * 1000000000ULL);
	if (err) {
		failf(r->name, "run: %s", strerror(-err));
		return;
	}
	read_counters(&b);
	if (check_deltas(r->name, &a, &b, want))
		return;
	if (map_count(fd_sas, SA_SZ) != r->nsa) {
		failf(r->name, "%d ESP/AH SAs, want %d", map_count(fd_sas, SA_SZ), r->nsa);
		return;
	}
	if (map_count(fd_ike, IKE_SZ) != r->nike) {
		failf(r->name, "%d IKE SAs, want %d", map_count(fd_ike, IKE_SZ), r->nike);
		return;
	}
	for (i = 0; i < r->nsa; i++)
		if (check_sa(r->name, &r->sa[i]))
			return;
	for (i = 0; i < r->nike; i++)
		if (check_ike(r->name, &r->ike[i]))
			return;
	ok(r->name);
}

/*
 * Every positive row at every shorter capture length (the wire length
 * stays): the program passes the frame, counts it once, counts no
 * protocol the full frame does not, and leaves no SA the full frame
 * does not (no key built from bytes past the end).
 */
static void sweep_row(const struct row *r)
{
	char name[96];
	struct ts_stats a, b;
	__u64 full[__TS_C_MAX];
	__u32 len, full_len;
	int n, i, err;

	snprintf(name, sizeof(name), "truncation sweep %s", r->name);
	if (parse_deltas(r->deltas, full, name))
		return;
	n = r->build(frames);
	for (i = 0; i < n; i++) {
		full_len = frames[i].n;
		for (len = 14; len < full_len; len++) {
			struct frame *f = &frames[i];

			clear_state();
			f->caplen = len;
			f->wire = full_len;
			read_counters(&a);
			err = run(f, 1, 1);
			read_counters(&b);
			if (err) {
				failf(name, "length %u: %s", len, strerror(-err));
				return;
			}
			if (b.c[TS_C_TOTAL].packets - a.c[TS_C_TOTAL].packets != 1) {
				failf(name, "length %u: total did not count once", len);
				return;
			}
			for (int c = 1; c < TS_C_FIRST_ERROR; c++) {
				if (b.c[c].packets - a.c[c].packets > full[c]) {
					failf(name, "length %u: counted %s, the full frame does not",
					      len, ts_counter_names[c]);
					return;
				}
			}
			if (map_count(fd_sas, SA_SZ) > r->nsa || map_count(fd_ike, IKE_SZ) > r->nike) {
				failf(name, "length %u: an SA the full frame does not make", len);
				return;
			}
			for (int s = 0; s < map_count(fd_sas, SA_SZ); s++) {
				/* whatever is there must be one of the row's SAs */
				int found = 0;

				for (int w = 0; w < r->nsa && !found; w++) {
					struct ts_sa_key k = {};
					struct ts_sa v;

					addrs(r->sa[w].v6, r->sa[w].rev, k.src, k.dst);
					k.spi = htonl(r->sa[w].spi);
					k.family = r->sa[w].v6 ? 6 : 4;
					k.proto = r->sa[w].proto;
					k.encap = r->sa[w].encap;
					found = !ts_map_get(fd_sas, SA_SZ_KV(k, v));
				}
				if (!found) {
					failf(name, "length %u: an SA with a key not in the frame", len);
					return;
				}
			}
			f->caplen = 0;
			f->wire = 0;
		}
	}
	ok(name);
}

/* ---- the anti-replay window --------------------------------------------- */

struct seq_case {
	const char *name;
	__u32 seqs[200];
	int n;
	struct want_sa want;
};

static int seq_frames(const __u32 *seqs, int n, __u64 ts0)
{
	int i, err, k;

	for (i = 0; i < n; i += k) {
		for (k = 0; k < MAXFRAMES && i + k < n; k++) {
			eth(&frames[k], 0x0800);
			ipv4(&frames[k], 50, V4_A, V4_B);
			esp(&frames[k], SPI1, seqs[i + k], 16);
			fin(&frames[k]);
		}
		err = run(frames, k, ts0 + i * 1000ULL);
		if (err)
			return err;
	}
	return 0;
}

static void window_case(const char *name, const __u32 *seqs, int n, const struct want_sa *w)
{
	int err;

	clear_map(fd_sas, SA_SZ);
	err = seq_frames(seqs, n, 1);
	if (err) {
		failf(name, "run: %s", strerror(-err));
		return;
	}
	if (!check_sa(name, w))
		ok(name);
}

static void window_cases(void)
{
	static __u32 s[400];
	struct want_sa w;
	int n, i;

	/* The generated run of tests/gen/ipsec.py, packet for packet. */
	n = 0;
	for (i = 1; i <= 5; i++)
		s[n++] = i;
	s[n++] = 7;			/* 6 skipped: a gap once it leaves the window */
	s[n++] = 8;
	s[n++] = 8;			/* duplicate */
	s[n++] = 10;
	s[n++] = 9;			/* reordered */
	for (i = 11; i <= 150; i++)
		s[n++] = i;
	s[n++] = 70;			/* behind the window (150 - 64): too old */
	s[n++] = 1;			/* back near 1: restart */
	s[n++] = 2;
	s[n++] = 3;
	s[n++] = 5;			/* 4 missing, but still inside the window */
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = n, .seq_max = 5, .gaps = 1,
			      .dup = 1, .reord = 1, .old = 1, .restarts = 1 };
	window_case("window: gap, duplicate, reorder, too old, restart", s, n, &w);

	/* A duplicate of the top itself, and a duplicate inside the window. */
	n = 0;
	s[n++] = 100; s[n++] = 100; s[n++] = 101; s[n++] = 99; s[n++] = 99;
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = 5, .seq_max = 101,
			      .dup = 2, .reord = 1 };
	window_case("window: duplicates of the top and inside", s, n, &w);

	/*
	 * Joined mid-stream at 1000: numbers before it were never watched,
	 * so sliding past them is no gap; 990 is reordered, then a duplicate.
	 */
	n = 0;
	s[n++] = 1000; s[n++] = 990; s[n++] = 990;
	for (i = 1001; i <= 1100; i++)
		s[n++] = i;
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = n, .seq_max = 1100,
			      .dup = 1, .reord = 1 };
	window_case("window: joined mid-stream, no gaps before it", s, n, &w);

	/* A jump of 200: 199 numbers skipped, all gone from the window by 300. */
	n = 0;
	s[n++] = 100; s[n++] = 300;
	for (i = 301; i <= 364; i++)
		s[n++] = i;
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = n, .seq_max = 364, .gaps = 199 };
	window_case("window: jump beyond the window", s, n, &w);

	/* The same jump, watched before the skipped numbers leave: 199 - 63 final. */
	n = 0;
	s[n++] = 100; s[n++] = 300;
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = 2, .seq_max = 300, .gaps = 136 };
	window_case("window: jump, numbers still inside are not gaps yet", s, n, &w);

	/* ESN: the low 32 bits wrap; 0xfffffffe .. 1 is a step, not a restart. */
	n = 0;
	s[n++] = 0xfffffffe; s[n++] = 0xffffffff; s[n++] = 0; s[n++] = 1; s[n++] = 3;
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = 5, .seq_max = 3 };
	window_case("window: 32-bit wrap is a step", s, n, &w);

	/*
	 * A restart abandons the window: the numbers it still missed are
	 * gaps (10 and 12 here). A too-old packet above TS_RESTART_SEQ is
	 * no restart: 65 with the top at 200.
	 */
	n = 0;
	for (i = 1; i <= 9; i++)
		s[n++] = i;
	s[n++] = 11;
	for (i = 13; i <= 200; i++)
		s[n++] = i;
	s[n++] = 136;			/* 64 back from 200: just outside */
	s[n++] = 65;
	s[n++] = 1;
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = n, .seq_max = 1, .gaps = 2,
			      .old = 2, .restarts = 1 };
	window_case("window: too old above the restart limit, then restart", s, n, &w);

	/* A hole still inside the window at restart is a gap then. */
	n = 0;
	for (i = 1; i <= 100; i++)
		if (i != 98)
			s[n++] = i;
	s[n++] = 2;
	w = (struct want_sa){ .proto = 50, .spi = SPI1, .packets = n, .seq_max = 2, .gaps = 1,
			      .restarts = 1 };
	window_case("window: restart finalises the holes in the window", s, n, &w);

	/* Two SAs with the same SPI in opposite directions stay apart. */
	clear_map(fd_sas, SA_SZ);
	eth(&frames[0], 0x0800); ipv4(&frames[0], 50, V4_A, V4_B); esp(&frames[0], SPI1, 5, 8);
	fin(&frames[0]);
	eth(&frames[1], 0x0800); ipv4(&frames[1], 50, V4_B, V4_A); esp(&frames[1], SPI1, 1, 8);
	fin(&frames[1]);
	if (run(frames, 2, 1)) {
		failf("window: directions apart", "run failed");
	} else {
		struct want_sa w1 = { .proto = 50, .spi = SPI1, .packets = 1, .seq_max = 5 };
		struct want_sa w2 = { .rev = 1, .proto = 50, .spi = SPI1, .packets = 1, .seq_max = 1 };

		if (!check_sa("window: directions apart", &w1) &&
		    !check_sa("window: directions apart", &w2))
			ok("window: directions apart");
	}
}

/*
 * A lock that is never released (set from here): the program gives up
 * after TS_SA_SPIN_MAX attempts, counts ipsec_lock_busy, leaves the entry
 * alone, and passes the frame. Released, the next packet is accounted.
 */
static void lock_busy(void)
{
	const char *name = "SA lock held elsewhere: ipsec_lock_busy, entry untouched";
	struct ts_sa_key k = {};
	struct ts_sa v = { .packets = 5, .seq_max = 10, .window = 1, .span = 1, .lock = 1 };
	struct ts_stats a, b;
	__u64 want[__TS_C_MAX];
	int err;

	clear_state();
	addrs(0, 0, k.src, k.dst);
	k.spi = htonl(SPI1);
	k.family = 4;
	k.proto = 50;
	if (ts_map_put(fd_sas, SA_SZ_KV(k, v))) {
		failf(name, "cannot insert the entry: %s", strerror(errno));
		return;
	}
	eth(&frames[0], 0x0800); ipv4(&frames[0], 50, V4_A, V4_B); esp(&frames[0], SPI1, 11, 8);
	fin(&frames[0]);
	parse_deltas("total eth ipv4 esp ipsec_lock_busy", want, name);
	read_counters(&a);
	err = run(frames, 1, 1);
	read_counters(&b);
	if (err) {
		failf(name, "run: %s", strerror(-err));
		return;
	}
	if (check_deltas(name, &a, &b, want))
		return;
	if (ts_map_get(fd_sas, SA_SZ_KV(k, v)) || v.packets != 5 || v.seq_max != 10) {
		failf(name, "the entry changed: packets %llu seq_max %u",
		      (unsigned long long)v.packets, v.seq_max);
		return;
	}
	v.lock = 0;
	ts_map_put(fd_sas, SA_SZ_KV(k, v));
	if (run(frames, 1, 2) || ts_map_get(fd_sas, SA_SZ_KV(k, v)) || v.packets != 6 ||
	    v.seq_max != 11 || v.lock) {
		failf(name, "released, the next packet was not accounted: packets %llu seq_max %u "
		      "lock %llu", (unsigned long long)v.packets, v.seq_max,
		      (unsigned long long)v.lock);
		return;
	}
	ok(name);
}

/*
 * Flow table replacement (include/tunnelstat_table.h): three SAs whose
 * keys hash to one set of TS_TAB_WAYS (2). The third replaces one of the
 * first two: ipsec_sa_evicted once, two SAs left, the newest among them.
 */
static void table_evicts(void)
{
	const char *name = "flow table: a third SA in a full set evicts one, counted";
	__u32 spis[3], n = 0, set = 0, spi, nsets = TS_IPSEC_SAS_MAX / TS_TAB_WAYS;
	struct ts_sa_key k = {};
	struct ts_sa v;
	struct ts_stats a, b;
	__u64 want[__TS_C_MAX], seed;
	int err, i;

	if (ts_tab_seed_of(fd_sas, &seed)) {
		failf(name, "ipsec_sas has no registered seed");
		return;
	}
	addrs(0, 0, k.src, k.dst);
	k.family = 4;
	k.proto = 50;
	/* the userspace twin of the program's hash finds keys that collide */
	for (spi = 0x1000; n < 3 && spi < 0x1000 + 64 * nsets; spi++) {
		k.spi = htonl(spi);
		__u32 s = ts_tab_set_of(ts_tab_hash(seed, (const ts_tab_word *)&k, sizeof(k) / 4),
					nsets);

		if (!n)
			set = s;
		if (s == set)
			spis[n++] = spi;
	}
	if (n < 3) {
		failf(name, "no three SPIs in one set");
		return;
	}
	clear_state();
	for (i = 0; i < 3; i++) {
		eth(&frames[i], 0x0800); ipv4(&frames[i], 50, V4_A, V4_B);
		esp(&frames[i], spis[i], 1, 8);
		fin(&frames[i]);
	}
	parse_deltas("total=3 eth=3 ipv4=3 esp=3 ipsec_sa_evicted", want, name);
	read_counters(&a);
	err = run(frames, 3, 1);
	read_counters(&b);
	if (err) {
		failf(name, "run: %s", strerror(-err));
		return;
	}
	if (check_deltas(name, &a, &b, want))
		return;
	if (map_count(fd_sas, SA_SZ) != 2) {
		failf(name, "%d SAs in the table, want 2", map_count(fd_sas, SA_SZ));
		return;
	}
	k.spi = htonl(spis[2]);
	if (ts_map_get(fd_sas, SA_SZ_KV(k, v)) || v.packets != 1) {
		failf(name, "the newest SA 0x%08x is not in the table", spis[2]);
		return;
	}
	ok(name);
}

/*
 * The same for TCP handshakes (issue: "evictions counted"): three SYNs
 * whose connections hash to one tcp_conns set. tcp_conn_evicted once, two
 * connections left, the newest among them.
 */
static void tcp_table_evicts(void)
{
	const char *name = "flow table: a third TCP connection in a full set evicts one, counted";
	__u32 nsets = TS_TCP_CONNS_MAX / TS_TAB_WAYS, cport, s, set = 0, n = 0;
	__u8 *cnt = calloc(nsets, 1);
	__u16 ports[3];
	struct ts_tcp_conn_key k = {};
	struct ts_tcp_conn v;
	struct ts_stats a, b;
	__u64 want[__TS_C_MAX], seed;
	int err, i;

	if (!cnt || fd_tcp[0] < 0 || ts_tab_seed_of(fd_tcp[0], &seed)) {
		failf(name, "setup: no memory or no tcp_conns seed");
		goto out;
	}
	addrs(0, 0, k.client, k.server);
	k.sport = htons(80);
	k.family = 4;
	for (cport = 1024; cport < 65536; cport++) {
		k.cport = htons(cport);
		s = ts_tab_set_of(ts_tab_hash(seed, (const ts_tab_word *)&k, sizeof(k) / 4), nsets);
		if (++cnt[s] == 3) {
			set = s;
			break;
		}
	}
	for (cport = 1024; cport < 65536 && n < 3; cport++) {
		k.cport = htons(cport);
		if (ts_tab_set_of(ts_tab_hash(seed, (const ts_tab_word *)&k, sizeof(k) / 4), nsets) == set)
			ports[n++] = cport;
	}
	if (n < 3) {
		failf(name, "no three client ports in one set");
		goto out;
	}
	clear_state();
	for (i = 0; i < 3; i++) {
		eth(&frames[i], 0x0800); ipv4(&frames[i], 6, V4_A, V4_B);
		put16(&frames[i], ports[i]); put16(&frames[i], 80); put32(&frames[i], 1000 + i);
		put32(&frames[i], 0); put8(&frames[i], 0x50); put8(&frames[i], 0x02);
		put16(&frames[i], 65535); put32(&frames[i], 0);
		fin(&frames[i]);
	}
	parse_deltas("total=3 eth=3 ipv4=3 tcp=3 tcp_syn=3 tcp_handshake_syn=3 tcp_conn_evicted",
		     want, name);
	read_counters(&a);
	err = run(frames, 3, 1);
	read_counters(&b);
	if (err) {
		failf(name, "run: %s", strerror(-err));
		goto out;
	}
	if (check_deltas(name, &a, &b, want))
		goto out;
	if (map_count(fd_tcp[0], sizeof(struct ts_tcp_conn_key), sizeof(struct ts_tcp_conn)) != 2) {
		failf(name, "%d connections in the table, want 2",
		      map_count(fd_tcp[0], sizeof(struct ts_tcp_conn_key), sizeof(struct ts_tcp_conn)));
		goto out;
	}
	k.cport = htons(ports[2]);
	if (ts_map_get(fd_tcp[0], &k, sizeof(k), &v, sizeof(v)) || v.client_isn != 1002) {
		failf(name, "the newest connection (port %u) is not in the table", ports[2]);
		goto out;
	}
	ok(name);
out:
	free(cnt);
}

/* ---- two CPUs, one SA ---------------------------------------------------- */

#define CONC_BATCH 32		/* frames per BPF_PROG_TEST_RUN call, both threads in step */
#define CONC_ROUNDS 2000
#define CONC_FRAMES (CONC_BATCH * CONC_ROUNDS)	/* per thread */
#define CONC_BASE 1000		/* above TS_RESTART_SEQ: a straggler is too old, never a restart */

static pthread_barrier_t conc_barrier;

struct conc_arg {
	int cpu;
	__u32 first;		/* this thread's first sequence; steps by 2 */
	int err;
};

/*
 * One thread: rounds of CONC_BATCH frames, starting each round together
 * with the other thread (a barrier), so both CPUs work on the same
 * stretch of sequence numbers at the same time.
 */
static void *conc_thread(void *p)
{
	struct conc_arg *a = p;
	struct ts_batch *b = calloc(1, sizeof(*b));
	struct frame f;
	cpu_set_t set;
	int r, i, err;

	CPU_ZERO(&set);
	CPU_SET(a->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (!b)
		a->err = -ENOMEM;
	else
		ts_batch_init(b, prog_fd);
	for (r = 0; r < CONC_ROUNDS; r++) {
		for (i = 0; i < CONC_BATCH && !a->err; i++) {
			eth(&f, 0x0800); ipv4(&f, 50, V4_A, V4_B);
			esp(&f, SPI1, a->first + 2 * (r * CONC_BATCH + i), 0);
			fin(&f);
			a->err = ts_batch_add(b, f.b, f.n, f.n, 1 + r);
		}
		pthread_barrier_wait(&conc_barrier);
		if (!a->err && (err = ts_batch_flush(b)))
			a->err = err;
	}
	free(b);
	return NULL;
}

/*
 * Two threads on two CPUs each feed half of one SA's numbers (odd and
 * even), every number exactly once. Whatever the interleaving, an
 * uncorrupted window ends with every packet counted, save those whose
 * lock wait ran out (ipsec_lock_busy: possible here, where a holder in
 * process context can be preempted), no duplicates and no restarts. And
 * every number is accounted for exactly once as missing: each number that
 * arrived behind the window was counted as a gap when it left it, each
 * number given up for the lock was never recorded. So gaps, plus the
 * holes still in the window, plus the numbers above the top, equal
 * too_old plus lock_busy.
 */
static void concurrency(void)
{
	const char *name = "two CPUs on one SA: the window stays consistent";
	struct conc_arg a[2] = { { 0, CONC_BASE, 0 }, { 1, CONC_BASE + 1, 0 } };
	struct ts_sa_key k = {};
	struct ts_stats before, after;
	__u64 busy, holes, above, last = CONC_BASE + 2 * CONC_FRAMES - 1;
	pthread_t th[2];
	struct ts_sa v;
	int i;

	if (libbpf_num_possible_cpus() < 2 || sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("skip - %s: needs two CPUs\n", name);
		return;
	}
	clear_map(fd_sas, SA_SZ);
	read_counters(&before);
	pthread_barrier_init(&conc_barrier, NULL, 2);
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, conc_thread, &a[i]);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&conc_barrier);
	read_counters(&after);
	busy = after.c[TS_C_ERR_IPSEC_LOCK_BUSY].packets - before.c[TS_C_ERR_IPSEC_LOCK_BUSY].packets;
	if (a[0].err || a[1].err) {
		failf(name, "run: %s", strerror(-(a[0].err ? a[0].err : a[1].err)));
		return;
	}
	addrs(0, 0, k.src, k.dst);
	k.spi = htonl(SPI1);
	k.family = 4;
	k.proto = 50;
	if (ts_map_get(fd_sas, SA_SZ_KV(k, v))) {
		failf(name, "no SA");
		return;
	}
	printf("# %llu reordered, %llu too old, %llu given up for the lock across the two CPUs\n",
	       (unsigned long long)v.reordered, (unsigned long long)v.too_old,
	       (unsigned long long)busy);
	holes = TS_REPLAY_WINDOW - __builtin_popcountll(v.window);
	above = last - v.seq_max;
	if (v.packets + busy != 2 * CONC_FRAMES || v.duplicates || v.restarts ||
	    v.span != TS_REPLAY_WINDOW || v.gaps + holes + above != v.too_old + busy ||
	    (!busy && (v.seq_max != last || v.window != ~0ULL))) {
		failf(name, "packets %llu + lock_busy %llu (want %d) duplicates %llu restarts %llu "
		      "seq_max %u (want %llu) window %016llx span %u gaps %llu too_old %llu",
		      (unsigned long long)v.packets, (unsigned long long)busy, 2 * CONC_FRAMES,
		      (unsigned long long)v.duplicates, (unsigned long long)v.restarts,
		      v.seq_max, (unsigned long long)last, (unsigned long long)v.window,
		      v.span, (unsigned long long)v.gaps, (unsigned long long)v.too_old);
		return;
	}
	ok(name);
}

int main(void)
{
	int i, err;

	if (geteuid()) {
		printf("skip - test_ipsec: needs root (BPF_PROG_TEST_RUN)\n0 passed, 0 failed\n");
		return 0;
	}
	libbpf_set_print(NULL);
	err = ts_bpf_load(&skel, TS_PROG_REPLAY);
	if (err) {
		printf("FAIL - load: the program did not load (exit code %d)\n0 passed, 1 failed\n",
		       err);
		return 1;
	}
	prog_fd = bpf_program__fd(skel->progs.xdp_replay);
	fd_counters = bpf_map__fd(skel->maps.counters);
	fd_sas = bpf_map__fd(skel->maps.ipsec_sas);
	fd_ike = bpf_map__fd(skel->maps.ike_sas);
	fd_tcp[0] = bpf_object__find_map_fd_by_name(skel->obj, "tcp_conns");
	fd_tcp[1] = bpf_object__find_map_fd_by_name(skel->obj, "tcp_services");

	for (i = 0; i < NROWS; i++)
		run_row(&rows[i]);
	for (i = 0; i < NROWS; i++)
		if (rows[i].positive)
			sweep_row(&rows[i]);
	window_cases();
	lock_busy();
	table_evicts();
	tcp_table_evicts();
	concurrency();

	tunnelstat_bpf__destroy(skel);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
