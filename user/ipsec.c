// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPsec sections of show/replay (docs/ipsec.md): ESP and AH SAs with their
 * anti-replay counts, IKE SAs, the peers they belong to (with rekeys), and
 * how NAT-T payloads were classified.
 *
 * Peers: every SA belongs to the unordered pair of its two addresses. In a
 * pair, SAs of one kind and direction (ESP or AH: src -> dst and the
 * encapsulation; IKE: the pair) are ordered by first packet. A rekey is an
 * SA B replacing an older A of the same kind and direction: B appeared
 * while A was still in use or soon after (B.first <= A.last + REKEY_SLACK)
 * and A then went quiet while B went on (A.last + REKEY_QUIET <= B.last).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "report.h"

/*
 * A new SA may appear up to this long after the old one's last packet and
 * still replace it: break-before-make rekeys delete the old SA first, and
 * the new one carries traffic an IKE round trip (or a DPD interval) later.
 */
#define REKEY_SLACK_NS (10ULL * 1000000000ULL)
/*
 * The old SA must have been silent this long before the new one's last
 * packet: two child SAs in parallel (one per traffic selector) end within
 * moments of each other when the capture ends, and are not rekeys.
 */
#define REKEY_QUIET_NS (1ULL * 1000000000ULL)

#define KIND_ESP 0
#define KIND_AH 1
#define KIND_IKE 2
static const char *const kind_names[] = { "esp", "ah", "ike" };

struct sa_row {
	struct ts_sa_key k;
	struct ts_sa v;
	int replaced;
};

struct ike_row {
	struct ts_ike_key k;
	struct ts_ike_sa v;
	int replaced;
};

struct rekey {
	int kind;
	const __be32 *src, *dst;	/* direction (IKE: initiator -> responder) */
	char old_spi[20], new_spi[20];
	__u64 at_ns;			/* the new SA's first packet */
};

struct peer {
	__u8 family;
	__be32 a[4], b[4];		/* a < b bytewise */
	size_t n[3];			/* SAs per kind */
	__u64 packets, bytes;		/* all its SAs: ESP, AH and IKE */
	__u64 first_ns, last_ns;
	int nat_t;
	struct rekey *rekeys;
	size_t nrekeys, caprekeys;
};

struct tables {
	struct ts_stats st;
	struct sa_row *sas;
	size_t nsas;
	struct ike_row *ike;
	size_t nike;
	struct peer *peers;
	size_t npeers;
};

static const struct {
	__u8 type;
	const char *name;
} xchg_names[] = {
	{ TS_IKE_X_BASE, "Base" },
	{ TS_IKE_X_MAIN, "Main Mode" },
	{ TS_IKE_X_AUTH_ONLY, "Authentication Only" },
	{ TS_IKE_X_AGGRESSIVE, "Aggressive" },
	{ TS_IKE_X_INFO_V1, "Informational" },
	{ TS_IKE_X_TRANSACTION, "Transaction" },
	{ TS_IKE_X_QUICK, "Quick Mode" },
	{ TS_IKE_X_NEW_GROUP, "New Group Mode" },
	{ TS_IKE_X_SA_INIT, "IKE_SA_INIT" },
	{ TS_IKE_X_AUTH, "IKE_AUTH" },
	{ TS_IKE_X_CREATE_CHILD_SA, "CREATE_CHILD_SA" },
	{ TS_IKE_X_INFORMATIONAL, "INFORMATIONAL" },
	{ TS_IKE_X_SESSION_RESUME, "IKE_SESSION_RESUME" },
	{ TS_IKE_X_INTERMEDIATE, "IKE_INTERMEDIATE" },
	{ TS_IKE_X_FOLLOWUP_KE, "IKE_FOLLOWUP_KE" },
};

static const char *xchg_name(__u8 type)
{
	size_t i;

	for (i = 0; i < sizeof(xchg_names) / sizeof(xchg_names[0]); i++)
		if (xchg_names[i].type == type)
			return xchg_names[i].name;
	return "unknown";
}

static void fmt_spi32(char *buf, size_t len, __be32 spi)
{
	snprintf(buf, len, "%08x", ntohl(spi));
}

static void fmt_spi64(char *buf, size_t len, const __u8 *spi)
{
	snprintf(buf, len, "%02x%02x%02x%02x%02x%02x%02x%02x", spi[0], spi[1], spi[2], spi[3],
		 spi[4], spi[5], spi[6], spi[7]);
}

static int cmp_u64(__u64 a, __u64 b)
{
	return a < b ? -1 : a > b;
}

/* Family, address pair, then first packet: the order of the tables. */
static int sa_cmp(const void *x, const void *y)
{
	const struct sa_row *a = x, *b = y;
	int c;

	if ((c = (int)a->k.proto - (int)b->k.proto) || (c = (int)a->k.family - (int)b->k.family))
		return c;
	if ((c = memcmp(a->k.src, b->k.src, 16)) || (c = memcmp(a->k.dst, b->k.dst, 16)))
		return c;
	if ((c = (int)a->k.encap - (int)b->k.encap))
		return c;
	if ((c = cmp_u64(a->v.first_ns, b->v.first_ns)))
		return c;
	return cmp_u64(ntohl(a->k.spi), ntohl(b->k.spi));
}

static int ike_cmp(const void *x, const void *y)
{
	const struct ike_row *a = x, *b = y;
	int c;

	if ((c = (int)a->k.family - (int)b->k.family) || (c = memcmp(a->k.a, b->k.a, 16)) || (c = memcmp(a->k.b, b->k.b, 16)))
		return c;
	if ((c = cmp_u64(a->v.first_ns, b->v.first_ns)))
		return c;
	return memcmp(a->k.ispi, b->k.ispi, 8);
}

/* The initiator and responder addresses of an IKE SA. */
static void ike_roles(const struct ike_row *r, const __be32 **init, const __be32 **resp)
{
	int b = r->v.initiator == TS_IKE_INIT_B;

	*init = b ? r->k.b : r->k.a;
	*resp = b ? r->k.a : r->k.b;
}

static struct peer *peer_of(struct tables *t, __u8 family, const __be32 *x, const __be32 *y)
{
	const __be32 *a = x, *b = y;
	struct peer *p;
	size_t i;

	if (memcmp(x, y, 16) > 0) {
		a = y;
		b = x;
	}
	for (i = 0; i < t->npeers; i++) {
		p = &t->peers[i];
		if (p->family == family && !memcmp(p->a, a, 16) && !memcmp(p->b, b, 16))
			return p;
	}
	p = realloc(t->peers, (t->npeers + 1) * sizeof(*p));
	if (!p)
		return NULL;
	t->peers = p;
	p = &t->peers[t->npeers++];
	memset(p, 0, sizeof(*p));
	p->family = family;
	memcpy(p->a, a, 16);
	memcpy(p->b, b, 16);
	return p;
}

static int peer_cmp(const void *x, const void *y)
{
	const struct peer *a = x, *b = y;
	int c;

	if ((c = (int)a->family - (int)b->family))
		return c;
	if ((c = memcmp(a->a, b->a, 16)))
		return c;
	return memcmp(a->b, b->b, 16);
}

static void peer_time(struct peer *p, __u64 first, __u64 last)
{
	if (!p->first_ns || first < p->first_ns)
		p->first_ns = first;
	if (last > p->last_ns)
		p->last_ns = last;
}

static int add_rekey(struct peer *p, int kind, const __be32 *src, const __be32 *dst,
		     const char *old_spi, const char *new_spi, __u64 at)
{
	struct rekey *r;

	if (p->nrekeys == p->caprekeys) {
		size_t cap = p->caprekeys ? p->caprekeys * 2 : 4;

		r = realloc(p->rekeys, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		p->rekeys = r;
		p->caprekeys = cap;
	}
	r = &p->rekeys[p->nrekeys++];
	r->kind = kind;
	r->src = src;
	r->dst = dst;
	snprintf(r->old_spi, sizeof(r->old_spi), "%s", old_spi);
	snprintf(r->new_spi, sizeof(r->new_spi), "%s", new_spi);
	r->at_ns = at;
	return 0;
}

/* Does an SA first..last replace an older one ofirst..olast? */
static int replaces(__u64 ofirst, __u64 olast, __u64 first, __u64 last)
{
	return first > ofirst && first <= olast + REKEY_SLACK_NS && olast + REKEY_QUIET_NS <= last;
}

static int same_dir(const struct sa_row *x, const struct sa_row *y)
{
	return x->k.proto == y->k.proto && x->k.encap == y->k.encap &&
	       x->k.family == y->k.family && !memcmp(x->k.src, y->k.src, 16) &&
	       !memcmp(x->k.dst, y->k.dst, 16);
}

/*
 * Group SAs into peers and find rekeys. The rows are sorted by direction,
 * then first packet, so the candidates for an SA to replace come before
 * it in the same run; it replaces the one seen last of those that fit.
 */
static int build_peers(struct tables *t)
{
	char o[20], nw[20];
	size_t i, j;
	int err;

	for (i = 0; i < t->nsas; i++) {
		struct sa_row *r = &t->sas[i];
		struct peer *p = peer_of(t, r->k.family, r->k.src, r->k.dst);
		struct sa_row *best = NULL;

		if (!p)
			return -ENOMEM;
		p->n[r->k.proto == 51 ? KIND_AH : KIND_ESP]++;
		p->packets += r->v.packets;
		p->bytes += r->v.bytes;
		if (r->k.encap == TS_ENCAP_UDP)
			p->nat_t = 1;
		peer_time(p, r->v.first_ns, r->v.last_ns);
		for (j = i; j-- > 0 && same_dir(&t->sas[j], r);) {
			struct sa_row *o_ = &t->sas[j];

			if (!o_->replaced && replaces(o_->v.first_ns, o_->v.last_ns,
						      r->v.first_ns, r->v.last_ns) &&
			    (!best || o_->v.last_ns > best->v.last_ns))
				best = o_;
		}
		if (best) {
			best->replaced = 1;
			fmt_spi32(o, sizeof(o), best->k.spi);
			fmt_spi32(nw, sizeof(nw), r->k.spi);
			err = add_rekey(p, r->k.proto == 51 ? KIND_AH : KIND_ESP, r->k.src,
					r->k.dst, o, nw, r->v.first_ns);
			if (err)
				return err;
		}
	}
	for (i = 0; i < t->nike; i++) {
		struct ike_row *r = &t->ike[i];
		struct peer *p = peer_of(t, r->k.family, r->k.a, r->k.b);
		struct ike_row *best = NULL;
		const __be32 *init, *resp;

		if (!p)
			return -ENOMEM;
		p->n[KIND_IKE]++;
		p->packets += r->v.packets;
		p->bytes += r->v.bytes;
		if (r->v.nat_t)
			p->nat_t = 1;
		peer_time(p, r->v.first_ns, r->v.last_ns);
		for (j = i; j-- > 0 && t->ike[j].k.family == r->k.family &&
			    !memcmp(t->ike[j].k.a, r->k.a, 16) && !memcmp(t->ike[j].k.b, r->k.b, 16);) {
			struct ike_row *o_ = &t->ike[j];

			if (!o_->replaced && replaces(o_->v.first_ns, o_->v.last_ns,
						      r->v.first_ns, r->v.last_ns) &&
			    (!best || o_->v.last_ns > best->v.last_ns))
				best = o_;
		}
		if (best) {
			best->replaced = 1;
			fmt_spi64(o, sizeof(o), best->k.ispi);
			fmt_spi64(nw, sizeof(nw), r->k.ispi);
			ike_roles(r, &init, &resp);
			err = add_rekey(p, KIND_IKE, init, resp, o, nw, r->v.first_ns);
			if (err)
				return err;
		}
	}
	if (t->npeers)
		qsort(t->peers, t->npeers, sizeof(*t->peers), peer_cmp);
	return 0;
}

static void unload(struct tables *t)
{
	size_t i;

	for (i = 0; i < t->npeers; i++)
		free(t->peers[i].rekeys);
	free(t->peers);
	free(t->sas);
	free(t->ike);
	memset(t, 0, sizeof(*t));
}

static int load(struct ts_maps *m, struct tables *t)
{
	int fc, fs, fi, err;

	memset(t, 0, sizeof(*t));
	if ((fc = ts_map_fd(m, "counters")) < 0)
		return fc;
	if ((fs = ts_map_fd(m, "ipsec_sas")) < 0)
		return fs;
	if ((fi = ts_map_fd(m, "ike_sas")) < 0)
		return fi;
	if ((err = ts_stats_read(fc, &t->st)))
		return err;
	err = ts_map_dump(fs, sizeof(struct ts_sa_key), sizeof(struct ts_sa), sizeof(struct sa_row),
			  offsetof(struct sa_row, v), (void **)&t->sas, &t->nsas);
	if (err)
		return err;
	err = ts_map_dump(fi, sizeof(struct ts_ike_key), sizeof(struct ts_ike_sa),
			  sizeof(struct ike_row), offsetof(struct ike_row, v), (void **)&t->ike,
			  &t->nike);
	if (err)
		return err;
	if (t->nsas)
		qsort(t->sas, t->nsas, sizeof(*t->sas), sa_cmp);
	if (t->nike)
		qsort(t->ike, t->nike, sizeof(*t->ike), ike_cmp);
	return build_peers(t);
}

/* ---- tables ------------------------------------------------------------- */

static void sa_table(FILE *f, const struct ts_source *src, const struct tables *t, __u8 proto)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], t1[40], t2[40], by[32], spi[12];
	size_t i;
	int any = 0;

	for (i = 0; i < t->nsas; i++) {
		const struct sa_row *r = &t->sas[i];

		if (r->k.proto != proto)
			continue;
		if (!any++)
			fprintf(f, "\n%s SAS\n%-20s %-20s %-10s %-5s %9s %10s %10s %6s %6s %6s %7s %8s %-27s %-27s\n",
				proto == 51 ? "AH" : "ESP", "SRC", "DST", "SPI", "ENCAP", "PACKETS",
				"BYTES", "SEQ_MAX", "GAPS", "DUP", "REORD", "TOO_OLD", "RESTARTS",
				"FIRST", "LAST");
		ts_fmt_addr(a, sizeof(a), r->k.family, r->k.src);
		ts_fmt_addr(b, sizeof(b), r->k.family, r->k.dst);
		ts_fmt_bytes(by, sizeof(by), r->v.bytes);
		ts_fmt_ts(t1, sizeof(t1), src, r->v.first_ns);
		ts_fmt_ts(t2, sizeof(t2), src, r->v.last_ns);
		snprintf(spi, sizeof(spi), "0x%08x", ntohl(r->k.spi));
		fprintf(f, "%-20s %-20s %-10s %-5s %9llu %10s %10u %6llu %6llu %6llu %7llu %8llu %-27s %-27s\n",
			a, b, spi, r->k.encap == TS_ENCAP_UDP ? "udp" : "ip",
			(unsigned long long)r->v.packets, by, r->v.seq_max,
			(unsigned long long)r->v.gaps, (unsigned long long)r->v.duplicates,
			(unsigned long long)r->v.reordered, (unsigned long long)r->v.too_old,
			(unsigned long long)r->v.restarts, t1, t2);
	}
}

int ts_ipsec_table(FILE *f, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], t1[40], t2[40], is[20], rs[20];
	const __be32 *init, *resp;
	struct tables t;
	size_t i, k;
	int err, x;

	err = load(m, &t);
	if (err) {
		unload(&t);
		return err;
	}
	sa_table(f, src, &t, 50);
	sa_table(f, src, &t, 51);
	if (t.nike)
		fprintf(f, "\nIKE SAS\n%-20s %-20s %-16s %-16s %-3s %-5s %7s %-27s %-27s  %s\n",
			"INITIATOR", "RESPONDER", "ISPI", "RSPI", "VER", "NAT_T", "PACKETS",
			"FIRST", "LAST", "EXCHANGES");
	for (i = 0; i < t.nike; i++) {
		const struct ike_row *r = &t.ike[i];

		ike_roles(r, &init, &resp);
		ts_fmt_addr(a, sizeof(a), r->k.family, init);
		ts_fmt_addr(b, sizeof(b), r->k.family, resp);
		fmt_spi64(is, sizeof(is), r->k.ispi);
		if (r->v.have_rspi)
			fmt_spi64(rs, sizeof(rs), r->v.rspi);
		else
			snprintf(rs, sizeof(rs), "-");
		ts_fmt_ts(t1, sizeof(t1), src, r->v.first_ns);
		ts_fmt_ts(t2, sizeof(t2), src, r->v.last_ns);
		fprintf(f, "%-20s %-20s %-16s %-16s %u.%u %-5s %7llu %-27s %-27s ", a, b, is, rs,
			r->v.version >> 4, r->v.version & 15, r->v.nat_t ? "yes" : "no",
			(unsigned long long)r->v.packets, t1, t2);
		for (x = 0; x < TS_IKE_XSLOTS && r->v.xcount[x]; x++)
			fprintf(f, " %s(%u)=%u", xchg_name(r->v.xtype[x]), r->v.xtype[x],
				r->v.xcount[x]);
		fputc('\n', f);
	}
	if (t.npeers)
		fprintf(f, "\nIPSEC PEERS\n%-20s %-20s %4s %4s %4s %-5s %9s %10s\n", "PEER_A",
			"PEER_B", "IKE", "ESP", "AH", "NAT_T", "PACKETS", "BYTES");
	for (i = 0; i < t.npeers; i++) {
		const struct peer *p = &t.peers[i];
		char by[32];

		ts_fmt_addr(a, sizeof(a), p->family, p->a);
		ts_fmt_addr(b, sizeof(b), p->family, p->b);
		ts_fmt_bytes(by, sizeof(by), p->bytes);
		fprintf(f, "%-20s %-20s %4zu %4zu %4zu %-5s %9llu %10s\n", a, b, p->n[KIND_IKE],
			p->n[KIND_ESP], p->n[KIND_AH], p->nat_t ? "yes" : "no",
			(unsigned long long)p->packets, by);
		for (k = 0; k < p->nrekeys; k++) {
			const struct rekey *r = &p->rekeys[k];

			ts_fmt_addr(a, sizeof(a), p->family, r->src);
			ts_fmt_addr(b, sizeof(b), p->family, r->dst);
			ts_fmt_ts(t1, sizeof(t1), src, r->at_ns);
			fprintf(f, "  rekey %-3s %s -> %s: %s replaced by %s at %s\n",
				kind_names[r->kind], a, b, r->old_spi, r->new_spi, t1);
		}
	}
	if (t.st.c[TS_C_NAT_KEEPALIVE].packets || t.st.c[TS_C_IKE_NATT].packets ||
	    t.st.c[TS_C_ESP_UDP].packets)
		fprintf(f, "\nNAT-T PAYLOADS\n%-12s %10llu\n%-12s %10llu\n%-12s %10llu\n",
			"keepalives",
			(unsigned long long)t.st.c[TS_C_NAT_KEEPALIVE].packets, "ike",
			(unsigned long long)t.st.c[TS_C_IKE_NATT].packets, "esp",
			(unsigned long long)t.st.c[TS_C_ESP_UDP].packets);
	unload(&t);
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

static void sa_json(struct ts_json *j, const struct ts_source *src, const struct tables *t,
		    __u8 proto)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], spi[12];
	size_t i;

	json_arr_open(j, proto == 51 ? "ah_sas" : "esp_sas");
	for (i = 0; i < t->nsas; i++) {
		const struct sa_row *r = &t->sas[i];

		if (r->k.proto != proto)
			continue;
		ts_fmt_addr(a, sizeof(a), r->k.family, r->k.src);
		ts_fmt_addr(b, sizeof(b), r->k.family, r->k.dst);
		fmt_spi32(spi, sizeof(spi), r->k.spi);
		json_obj_open(j, NULL);
		json_str(j, "src", a);
		json_str(j, "dst", b);
		json_str(j, "spi", spi);
		json_str(j, "encap", r->k.encap == TS_ENCAP_UDP ? "udp" : "ip");
		json_u64(j, "packets", r->v.packets);
		json_u64(j, "bytes", r->v.bytes);
		json_u64(j, "seq_max", r->v.seq_max);
		json_u64(j, "gaps", r->v.gaps);
		json_u64(j, "duplicates", r->v.duplicates);
		json_u64(j, "reordered", r->v.reordered);
		json_u64(j, "too_old", r->v.too_old);
		json_u64(j, "restarts", r->v.restarts);
		ts_json_time(j, "first_seen", src, r->v.first_ns);
		ts_json_time(j, "last_seen", src, r->v.last_ns);
		json_obj_close(j);
	}
	json_arr_close(j);
}

int ts_ipsec_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], s[20], ver[8];
	const __be32 *init, *resp;
	struct tables t;
	size_t i, k;
	int err, x;

	err = load(m, &t);
	if (err) {
		unload(&t);
		return err;
	}
	sa_json(j, src, &t, 50);
	sa_json(j, src, &t, 51);

	json_arr_open(j, "ike_sas");
	for (i = 0; i < t.nike; i++) {
		const struct ike_row *r = &t.ike[i];

		ike_roles(r, &init, &resp);
		ts_fmt_addr(a, sizeof(a), r->k.family, init);
		ts_fmt_addr(b, sizeof(b), r->k.family, resp);
		json_obj_open(j, NULL);
		json_str(j, "initiator", a);
		json_str(j, "responder", b);
		fmt_spi64(s, sizeof(s), r->k.ispi);
		json_str(j, "ispi", s);
		if (r->v.have_rspi) {
			fmt_spi64(s, sizeof(s), r->v.rspi);
			json_str(j, "rspi", s);
		} else {
			json_null(j, "rspi");
		}
		snprintf(ver, sizeof(ver), "%u.%u", r->v.version >> 4, r->v.version & 15);
		json_str(j, "version", ver);
		json_bool(j, "nat_t", r->v.nat_t);
		json_arr_open(j, "exchanges");
		for (x = 0; x < TS_IKE_XSLOTS && r->v.xcount[x]; x++) {
			json_obj_open(j, NULL);
			json_u64(j, "type", r->v.xtype[x]);
			json_str(j, "name", xchg_name(r->v.xtype[x]));
			json_u64(j, "count", r->v.xcount[x]);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_u64(j, "packets", r->v.packets);
		ts_json_time(j, "first_seen", src, r->v.first_ns);
		ts_json_time(j, "last_seen", src, r->v.last_ns);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_arr_open(j, "ipsec_peers");
	for (i = 0; i < t.npeers; i++) {
		const struct peer *p = &t.peers[i];

		ts_fmt_addr(a, sizeof(a), p->family, p->a);
		ts_fmt_addr(b, sizeof(b), p->family, p->b);
		json_obj_open(j, NULL);
		json_str(j, "peer_a", a);
		json_str(j, "peer_b", b);
		json_u64(j, "ike_sas", p->n[KIND_IKE]);
		json_u64(j, "esp_sas", p->n[KIND_ESP]);
		json_u64(j, "ah_sas", p->n[KIND_AH]);
		json_bool(j, "nat_t", p->nat_t);
		json_u64(j, "packets", p->packets);
		json_u64(j, "bytes", p->bytes);
		ts_json_time(j, "first_seen", src, p->first_ns);
		ts_json_time(j, "last_seen", src, p->last_ns);
		json_arr_open(j, "rekeys");
		for (k = 0; k < p->nrekeys; k++) {
			const struct rekey *r = &p->rekeys[k];

			ts_fmt_addr(a, sizeof(a), p->family, r->src);
			ts_fmt_addr(b, sizeof(b), p->family, r->dst);
			json_obj_open(j, NULL);
			json_str(j, "kind", kind_names[r->kind]);
			json_str(j, "src", a);
			json_str(j, "dst", b);
			json_str(j, "old_spi", r->old_spi);
			json_str(j, "new_spi", r->new_spi);
			ts_json_time(j, "at", src, r->at_ns);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_obj_open(j, "nat_t");
	json_u64(j, "keepalives", t.st.c[TS_C_NAT_KEEPALIVE].packets);
	json_u64(j, "ike", t.st.c[TS_C_IKE_NATT].packets);
	json_u64(j, "esp", t.st.c[TS_C_ESP_UDP].packets);
	json_obj_close(j);
	unload(&t);
	return 0;
}
