// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE		/* fopencookie */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H	/* pcap's struct bpf_insn clashes with linux/bpf.h */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include <zlib.h>
#include <sys/stat.h>

#include "capture.h"

/* pcapng block types (draft-ietf-opsawg-pcapng 4) */
#define PCAPNG_SHB	0x0A0D0D0A
#define PCAPNG_IDB	0x00000001
#define PCAPNG_OPB	0x00000002	/* obsolete packet block */
#define PCAPNG_SPB	0x00000003
#define PCAPNG_EPB	0x00000006
#define PCAPNG_MAGIC	0x1A2B3C4D	/* byte-order magic */
#define PCAPNG_OPT_TSRESOL 9
#define PCAPNG_OPT_TSOFFSET 14
/* Largest block we accept: a 256 KiB frame (the largest snaplen in use) plus headers. */
#define PCAPNG_MAX_BLOCK (256 * 1024 + 64)
/* Interfaces per section: more is a corrupt file in practice. */
#define PCAPNG_MAX_IF 256

struct ng_if {
	int linktype;
	__u32 snaplen;		/* 0: no limit */
	__u64 tsdiv_num;	/* ts units -> ns: ns = ts * num / den */
	__u64 tsdiv_den;
	__s64 tsoffset_s;
};

struct ts_capture {
	FILE *fp;
	gzFile gz;		/* set when the file is gzip-compressed */
	pcap_t *pc;		/* classic pcap */
	/* pcapng */
	int swap;
	__u8 *buf;
	struct ng_if ifs[PCAPNG_MAX_IF];
	int nif;
	int first_linktype;
};

static ssize_t gz_read(void *cookie, char *buf, size_t size)
{
	int n = gzread((gzFile)cookie, buf, size);

	return n < 0 ? -1 : n;
}

static int gz_close(void *cookie)
{
	gzclose((gzFile)cookie);
	return 0;
}

static __u32 u32_(const struct ts_capture *c, const __u8 *p)
{
	__u32 v;

	memcpy(&v, p, 4);
	return c->swap ? __builtin_bswap32(v) : v;
}

static __u16 u16_(const struct ts_capture *c, const __u8 *p)
{
	__u16 v;

	memcpy(&v, p, 2);
	return c->swap ? __builtin_bswap16(v) : v;
}

/* Read one block: type and body (after type and length, before the trailer). */
static int ng_block(struct ts_capture *c, __u32 *type, __u32 *blen, char *err, size_t len)
{
	__u8 hdr[12];
	size_t n;

	n = fread(hdr, 1, 8, c->fp);
	if (n == 0)
		return 0;
	if (n < 8) {
		snprintf(err, len, "truncated pcapng block header");
		return -1;
	}
	memcpy(type, hdr, 4);
	if (*type == PCAPNG_SHB) {
		/* the byte-order magic decides how to read the length */
		if (fread(hdr + 8, 1, 4, c->fp) != 4) {
			snprintf(err, len, "truncated pcapng section header");
			return -1;
		}
		c->swap = 0;
		if (u32_(c, hdr + 8) != PCAPNG_MAGIC) {
			c->swap = 1;
			if (u32_(c, hdr + 8) != PCAPNG_MAGIC) {
				snprintf(err, len, "bad pcapng byte-order magic");
				return -1;
			}
		}
		*blen = u32_(c, hdr + 4);
		if (*blen < 28 || *blen > PCAPNG_MAX_BLOCK || *blen % 4) {
			snprintf(err, len, "bad pcapng section header length %u", *blen);
			return -1;
		}
		memcpy(c->buf, hdr + 8, 4);
		if (fread(c->buf + 4, 1, *blen - 12, c->fp) != *blen - 12) {
			snprintf(err, len, "truncated pcapng section header");
			return -1;
		}
		*blen -= 12;	/* body without the trailing length */
		c->nif = 0;
		return 1;
	}
	*type = u32_(c, hdr);
	*blen = u32_(c, hdr + 4);
	if (*blen < 12 || *blen % 4) {
		snprintf(err, len, "bad pcapng block length %u", *blen);
		return -1;
	}
	if (*type != PCAPNG_IDB && *type != PCAPNG_EPB && *type != PCAPNG_SPB &&
	    *type != PCAPNG_OPB) {
		/* a block we skip (statistics, names, custom): any size, read past it */
		__u32 left = *blen - 8;

		while (left) {
			__u32 n = left < PCAPNG_MAX_BLOCK ? left : PCAPNG_MAX_BLOCK;

			if (fread(c->buf, 1, n, c->fp) != n) {
				snprintf(err, len, "truncated pcapng block (type %u, %u bytes)",
					 *type, *blen);
				return -1;
			}
			left -= n;
		}
		*blen = 0;
		return 1;
	}
	if (*blen > PCAPNG_MAX_BLOCK) {
		snprintf(err, len, "pcapng block of %u bytes is larger than the %u this reader takes",
			 *blen, PCAPNG_MAX_BLOCK);
		return -1;
	}
	if (fread(c->buf, 1, *blen - 8, c->fp) != *blen - 8) {
		snprintf(err, len, "truncated pcapng block (type %u, %u bytes)", *type, *blen);
		return -1;
	}
	*blen -= 12;
	return 1;
}

static void ng_idb(struct ts_capture *c, __u32 blen)
{
	struct ng_if *i;
	__u32 o = 8;

	if (c->nif >= PCAPNG_MAX_IF || blen < 8)
		return;
	i = &c->ifs[c->nif++];
	i->linktype = u16_(c, c->buf);
	i->snaplen = u32_(c, c->buf + 4);
	i->tsdiv_num = 1000;	/* default resolution: microseconds */
	i->tsdiv_den = 1;
	i->tsoffset_s = 0;
	while (o + 4 <= blen) {
		__u16 code = u16_(c, c->buf + o), olen = u16_(c, c->buf + o + 2);

		if (code == 0 || o + 4 + olen > blen)
			break;
		if (code == PCAPNG_OPT_TSRESOL && olen >= 1) {
			__u8 r = c->buf[o + 4], e = r & 0x7f;
			__u64 units = 1;

			if (r & 0x80) {		/* 2^-e seconds */
				if (e < 64)
					units = 1ULL << e;
			} else {		/* 10^-e seconds */
				while (e-- && units < 10000000000000000000ULL / 10)
					units *= 10;
			}
			i->tsdiv_num = 1000000000ULL;
			i->tsdiv_den = units;
		} else if (code == PCAPNG_OPT_TSOFFSET && olen >= 8) {
			__u64 v;

			memcpy(&v, c->buf + o + 4, 8);
			i->tsoffset_s = (__s64)(c->swap ? __builtin_bswap64(v) : v);
		}
		o += 4 + ((olen + 3) & ~3u);
	}
	if (c->first_linktype < 0)
		c->first_linktype = i->linktype;
}

static __u64 ng_ts(const struct ng_if *i, __u64 ts)
{
	unsigned __int128 ns = (unsigned __int128)ts * i->tsdiv_num / i->tsdiv_den;

	return (__u64)ns + i->tsoffset_s * 1000000000LL;
}

static int ng_next(struct ts_capture *c, struct ts_frame *f, char *err, size_t len)
{
	__u32 type, blen, ifid, cap, wire;
	__u64 ts;
	int r;

	for (;;) {
		r = ng_block(c, &type, &blen, err, len);
		if (r <= 0)
			return r;
		switch (type) {
		case PCAPNG_IDB:
			ng_idb(c, blen);
			continue;
		case PCAPNG_EPB:
		case PCAPNG_OPB:
			if (blen < 20) {
				snprintf(err, len, "short pcapng packet block");
				return -1;
			}
			if (type == PCAPNG_EPB) {
				ifid = u32_(c, c->buf);
			} else {
				ifid = u16_(c, c->buf);
			}
			ts = ((__u64)u32_(c, c->buf + 4) << 32) | u32_(c, c->buf + 8);
			cap = u32_(c, c->buf + 12);
			wire = u32_(c, c->buf + 16);
			if (cap > blen - 20) {
				snprintf(err, len, "pcapng packet longer than its block");
				return -1;
			}
			if (ifid >= (__u32)c->nif) {
				snprintf(err, len, "pcapng packet of undeclared interface %u", ifid);
				return -1;
			}
			f->data = c->buf + 20;
			f->caplen = cap;
			f->wire_len = wire;
			f->ts_ns = ng_ts(&c->ifs[ifid], ts);
			f->linktype = c->ifs[ifid].linktype;
			return 1;
		case PCAPNG_SPB:
			if (blen < 4 || !c->nif) {
				snprintf(err, len, "bad pcapng simple packet block");
				return -1;
			}
			wire = u32_(c, c->buf);
			f->data = c->buf + 4;
			/* captured: the packet, cut to the snapshot length, without padding */
			f->caplen = wire < blen - 4 ? wire : blen - 4;
			if (c->ifs[0].snaplen && f->caplen > c->ifs[0].snaplen)
				f->caplen = c->ifs[0].snaplen;
			f->wire_len = wire;
			f->ts_ns = 0;	/* simple packet blocks carry no time */
			f->linktype = c->ifs[0].linktype;
			return 1;
		default:
			continue;	/* statistics, name resolution, custom: skipped */
		}
	}
}

int ts_capture_open(const char *path, struct ts_capture **out, char *err, size_t len)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct ts_capture *c;
	__u8 magic[4];
	FILE *raw;
	int r;

	raw = fopen(path, "rb");
	if (!raw) {
		snprintf(err, len, "%s", strerror(errno));
		return -1;
	}
	{
		struct stat sb;

		if (!fstat(fileno(raw), &sb) && S_ISDIR(sb.st_mode)) {
			fclose(raw);
			snprintf(err, len, "it is a directory, not a capture file");
			return -1;
		}
	}
	r = fread(magic, 1, 2, raw) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	c = calloc(1, sizeof(*c));
	if (!c) {
		fclose(raw);
		snprintf(err, len, "%s", strerror(ENOMEM));
		return -1;
	}
	c->first_linktype = -1;
	if (r) {		/* gzip: read through zlib */
		cookie_io_functions_t io = { .read = gz_read, .close = gz_close };

		fclose(raw);
		c->gz = gzopen(path, "rb");
		c->fp = c->gz ? fopencookie(c->gz, "r", io) : NULL;
		if (!c->fp) {
			snprintf(err, len, "cannot decompress");
			if (c->gz)
				gzclose(c->gz);
			free(c);
			return -1;
		}
	} else {
		rewind(raw);
		c->fp = raw;
	}
	if (fread(magic, 1, 4, c->fp) != 4) {
		snprintf(err, len, "file too short for a capture header");
		goto fail;
	}
	if (!memcmp(magic, "\x0a\x0d\x0d\x0a", 4)) {
		__u32 type, blen;

		c->buf = malloc(PCAPNG_MAX_BLOCK);
		if (!c->buf) {
			snprintf(err, len, "%s", strerror(ENOMEM));
			goto fail;
		}
		/* put the magic back by re-reading: cookie streams cannot seek */
		memcpy(&type, magic, 4);
		{
			__u8 l[4];

			if (fread(l, 1, 4, c->fp) != 4 || fread(c->buf, 1, 4, c->fp) != 4) {
				snprintf(err, len, "truncated pcapng section header");
				goto fail;
			}
			c->swap = 0;
			if (u32_(c, c->buf) != PCAPNG_MAGIC) {
				c->swap = 1;
				if (u32_(c, c->buf) != PCAPNG_MAGIC) {
					snprintf(err, len, "bad pcapng byte-order magic");
					goto fail;
				}
			}
			blen = u32_(c, l);
			if (blen < 28 || blen > PCAPNG_MAX_BLOCK || blen % 4 ||
			    fread(c->buf + 4, 1, blen - 12, c->fp) != blen - 12) {
				snprintf(err, len, "bad or truncated pcapng section header");
				goto fail;
			}
		}
		/* read up to the first packet to learn the first link type */
		*out = c;
		return 0;
	}
	/* classic pcap: hand the stream, magic included, to libpcap */
	if (!c->gz) {
		rewind(c->fp);
	} else {
		/* re-open: the four bytes read cannot be pushed back into a cookie */
		fclose(c->fp);
		cookie_io_functions_t io = { .read = gz_read, .close = gz_close };

		c->gz = gzopen(path, "rb");
		c->fp = c->gz ? fopencookie(c->gz, "r", io) : NULL;
		if (!c->fp) {
			snprintf(err, len, "cannot decompress");
			free(c);
			return -1;
		}
	}
	c->pc = pcap_fopen_offline_with_tstamp_precision(c->fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!c->pc) {
		snprintf(err, len, "%s (is it a pcap or pcapng file?)", errbuf);
		goto fail;
	}
	c->first_linktype = pcap_datalink(c->pc);
	*out = c;
	return 0;
fail:
	if (c->fp)
		fclose(c->fp);
	free(c->buf);
	free(c);
	return -1;
}

int ts_capture_next(struct ts_capture *c, struct ts_frame *f, char *err, size_t len)
{
	struct pcap_pkthdr *h;
	const u_char *pkt;
	int r;

	if (!c->pc)
		return ng_next(c, f, err, len);
	r = pcap_next_ex(c->pc, &h, &pkt);
	if (r == 1) {
		f->data = pkt;
		f->caplen = h->caplen;
		f->wire_len = h->len;
		/* nanosecond precision was asked for: tv_usec holds ns */
		f->ts_ns = (__u64)h->ts.tv_sec * 1000000000ULL + h->ts.tv_usec;
		f->linktype = c->first_linktype;
		return 1;
	}
	if (r == PCAP_ERROR_BREAK)
		return 0;
	snprintf(err, len, "%s", pcap_geterr(c->pc));
	return -1;
}

int ts_capture_linktype(const struct ts_capture *c)
{
	return c->first_linktype;
}

long ts_capture_pos(const struct ts_capture *c)
{
	return c->gz ? -1 : ftell(c->fp);
}

void ts_capture_close(struct ts_capture *c)
{
	if (!c)
		return;
	if (c->pc)
		pcap_close(c->pc);	/* closes fp */
	else if (c->fp)
		fclose(c->fp);
	free(c->buf);
	free(c);
}
