// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * TCP handshake sections of show/replay: totals ("tcp"), services
 * ("tcp_services", top N by a sort key, outer and inner traffic apart,
 * half-open connections now and expired ones from the connection table)
 * and, in replay, the events the run produced ("events").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "names.h"
#include "report.h"

struct svc_row {
	struct ts_tcp_svc_key k;
	struct ts_tcp_svc v;
	__u64 half_open[2], expired[2];	/* outer, inner */
};

struct conn_row {
	struct ts_tcp_conn_key k;
	struct ts_tcp_conn v;
};

struct tcp_tables {
	struct ts_stats st;
	struct svc_row *svc;
	size_t nsvc;
};

static const char *sort_key = "syn";

static __u64 sort_val(const struct svc_row *r)
{
	const struct ts_tcp_svc_counts *o = &r->v.outer, *i = &r->v.inner;

	if (!strcmp(sort_key, "syn_ack"))
		return o->syn_ack + i->syn_ack;
	if (!strcmp(sort_key, "completed"))
		return o->completed + i->completed;
	if (!strcmp(sort_key, "rst"))
		return o->rst + i->rst;
	if (!strcmp(sort_key, "refused"))
		return o->refused + i->refused;
	if (!strcmp(sort_key, "fin"))
		return o->fin + i->fin;
	if (!strcmp(sort_key, "half_open"))
		return r->half_open[0] + r->half_open[1];
	if (!strcmp(sort_key, "expired"))
		return r->expired[0] + r->expired[1];
	return o->syn + i->syn;
}

static int svc_cmp(const void *a, const void *b)
{
	const struct svc_row *x = a, *y = b;
	__u64 vx = sort_val(x), vy = sort_val(y);
	int c;

	if (vx != vy)
		return vx > vy ? -1 : 1;
	c = memcmp(x->k.addr, y->k.addr, 16);
	return c ? c : (int)ntohs(x->k.port) - (int)ntohs(y->k.port);
}

static int svc_key_cmp(const void *a, const void *b)
{
	const struct svc_row *x = a, *y = b;
	int c = memcmp(x->k.addr, y->k.addr, 16);

	if (!c)
		c = (int)ntohs(x->k.port) - (int)ntohs(y->k.port);
	if (!c)
		c = x->k.family - y->k.family;
	return c;
}

const char *const ts_tcp_sort_keys[] = {
	"syn", "syn_ack", "completed", "rst", "refused", "fin", "half_open", "expired", NULL
};

static int load(struct ts_maps *m, const struct ts_source *src, struct tcp_tables *t)
{
	struct conn_row *conns = NULL;
	size_t nconns = 0, i;
	int fc, fs, fconn, err;

	memset(t, 0, sizeof(*t));
	if ((fc = ts_map_fd(m, "counters")) < 0)
		return fc;
	if ((fs = ts_map_fd(m, "tcp_services")) < 0)
		return fs;
	if ((fconn = ts_map_fd(m, "tcp_conns")) < 0)
		return fconn;
	err = ts_stats_read(fc, &t->st);
	if (err)
		return err;
	err = ts_map_dump(fs, sizeof(struct ts_tcp_svc_key), sizeof(struct ts_tcp_svc),
			  sizeof(struct svc_row), offsetof(struct svc_row, v),
			  (void **)&t->svc, &t->nsvc);
	if (err)
		return err;
	if (t->nsvc)
		qsort(t->svc, t->nsvc, sizeof(*t->svc), svc_key_cmp);
	/* half-open and expired handshakes, per service, from the connections */
	err = ts_map_dump(fconn, sizeof(struct ts_tcp_conn_key), sizeof(struct ts_tcp_conn),
			  sizeof(struct conn_row), offsetof(struct conn_row, v),
			  (void **)&conns, &nconns);
	if (err)
		return err;
	for (i = 0; i < nconns; i++) {
		const struct ts_tcp_conn_key *ck = &conns[i].k;
		const struct ts_tcp_conn *cv = &conns[i].v;
		struct svc_row key = {}, *r;
		int inner;

		if (cv->state != TS_TCP_SYN_SENT && cv->state != TS_TCP_SYN_RCVD)
			continue;
		memcpy(key.k.addr, ck->server, 16);
		key.k.port = ck->sport;
		key.k.family = ck->family;
		r = t->nsvc ? bsearch(&key, t->svc, t->nsvc, sizeof(*t->svc), svc_key_cmp) : NULL;
		if (!r)
			continue;
		inner = ck->tunnel != TS_TUN_NONE;
		if (src->now_ns > cv->syn_ns && src->now_ns - cv->syn_ns >= src->half_open_ns)
			r->expired[inner]++;
		else
			r->half_open[inner]++;
	}
	free(conns);
	sort_key = src->sort ? src->sort : "syn";
	if (t->nsvc)
		qsort(t->svc, t->nsvc, sizeof(*t->svc), svc_cmp);
	return 0;
}

static size_t rows_shown(const struct ts_source *src, size_t n)
{
	return src->top > 0 && (size_t)src->top < n ? (size_t)src->top : n;
}

int ts_tcp_table(FILE *f, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN];
	struct tcp_tables t;
	size_t i, n;
	int err;

	err = load(m, src, &t);
	if (err) {
		free(t.svc);
		return err;
	}
	n = rows_shown(src, t.nsvc);
	if (n) {
		fprintf(f, "\nTCP SERVICES (top %zu of %zu by %s; inner = inside tunnels)\n"
			"%-28s %6s %7s %7s %7s %7s %6s %7s %6s %9s %7s %7s\n", n, t.nsvc, sort_key,
			"SERVER", "PORT", "SYN", "RETRANS", "SYNACK", "DONE", "RST", "REFUSED", "FIN",
			"HALF_OPEN", "EXPIRED", "INNER");
		for (i = 0; i < n; i++) {
			struct svc_row *r = &t.svc[i];
			const struct ts_tcp_svc_counts *o = &r->v.outer, *in = &r->v.inner;

			ts_fmt_addr(a, sizeof(a), r->k.family, r->k.addr);
			fprintf(f, "%-28s %6u %7llu %7llu %7llu %7llu %6llu %7llu %6llu %9llu %7llu %7llu\n",
				a, ntohs(r->k.port),
				(unsigned long long)(o->syn + in->syn),
				(unsigned long long)(o->syn_retrans + in->syn_retrans),
				(unsigned long long)(o->syn_ack + in->syn_ack),
				(unsigned long long)(o->completed + in->completed),
				(unsigned long long)(o->rst + in->rst),
				(unsigned long long)(o->refused + in->refused),
				(unsigned long long)(o->fin + in->fin),
				(unsigned long long)(r->half_open[0] + r->half_open[1]),
				(unsigned long long)(r->expired[0] + r->expired[1]),
				(unsigned long long)in->syn);
		}
	}
	free(t.svc);
	return 0;
}

static void json_counts(struct ts_json *j, const struct ts_tcp_svc_counts *c,
			__u64 half_open, __u64 expired)
{
	int b, last;

	json_u64(j, "syn", c->syn);
	json_u64(j, "retransmitted_syn", c->syn_retrans);
	json_u64(j, "syn_ack", c->syn_ack);
	json_u64(j, "completed", c->completed);
	json_u64(j, "rst", c->rst);
	json_u64(j, "refused", c->refused);
	json_u64(j, "fin", c->fin);
	json_u64(j, "half_open", half_open);
	json_u64(j, "expired", expired);
	/* histograms: bucket i = [2^i, 2^(i+1)) microseconds, trailing zeros cut */
	for (last = TS_RTT_BUCKETS - 1; last >= 0 && !c->rtt_syn_synack[last]; last--)
		;
	json_arr_open(j, "rtt_us_log2");
	for (b = 0; b <= last; b++)
		json_u64(j, NULL, c->rtt_syn_synack[b]);
	json_arr_close(j);
	for (last = TS_RTT_BUCKETS - 1; last >= 0 && !c->rtt_synack_ack[last]; last--)
		;
	json_arr_open(j, "ack_rtt_us_log2");
	for (b = 0; b <= last; b++)
		json_u64(j, NULL, c->rtt_synack_ack[b]);
	json_arr_close(j);
}

int ts_tcp_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN];
	struct tcp_tables t;
	size_t i, n;
	int err;

	err = load(m, src, &t);
	if (err) {
		free(t.svc);
		return err;
	}
	json_obj_open(j, "tcp");
	json_u64(j, "syn", t.st.c[TS_C_TCP_SYN].packets);
	json_u64(j, "syn_ack", t.st.c[TS_C_TCP_SYNACK].packets);
	json_u64(j, "completed", t.st.c[TS_C_TCP_HS_COMPLETED].packets);
	json_u64(j, "rst", t.st.c[TS_C_TCP_RST].packets);
	json_u64(j, "refused", t.st.c[TS_C_TCP_HS_REFUSED].packets);
	json_u64(j, "fin", t.st.c[TS_C_TCP_FIN].packets);
	json_u64(j, "retransmitted_syn", t.st.c[TS_C_TCP_HS_SYN_RETRANS].packets);
	json_u64(j, "invalid_flags", t.st.c[TS_C_TCP_INVALID].packets);
	json_obj_close(j);

	n = rows_shown(src, t.nsvc);
	json_arr_open(j, "tcp_services");
	for (i = 0; i < n; i++) {
		struct svc_row *r = &t.svc[i];

		ts_fmt_addr(a, sizeof(a), r->k.family, r->k.addr);
		json_obj_open(j, NULL);
		json_str(j, "addr", a);
		json_u64(j, "port", ntohs(r->k.port));
		json_counts(j, &r->v.outer, r->half_open[0], r->expired[0]);
		json_obj_open(j, "inner");
		json_counts(j, &r->v.inner, r->half_open[1], r->expired[1]);
		json_obj_close(j);
		json_obj_close(j);
	}
	json_arr_close(j);
	free(t.svc);
	return 0;
}

/* ---- events ------------------------------------------------------------ */

void ts_event_format(const struct ts_event *ev, const struct ts_source *src,
		     char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], t[40];

	ts_fmt_ts(t, sizeof(t), src, ev->ts_ns);
	ts_fmt_addr(a, sizeof(a), ev->family, ev->addr);
	if (ev->type == TS_EV_SYN_FLOOD)
		snprintf(buf, len, "%s syn_flood %s port %u: %u SYNs in %u ms, %u completed",
			 t, a, ntohs(ev->port), ev->syns, ev->window_ms, ev->completed);
	else
		snprintf(buf, len, "%s event type %u", t, ev->type);
}

void ts_event_json(struct ts_json *j, const struct ts_event *ev, const struct ts_source *src)
{
	char a[INET6_ADDRSTRLEN], t[40];

	ts_fmt_ts(t, sizeof(t), src, ev->ts_ns);
	ts_fmt_addr(a, sizeof(a), ev->family, ev->addr);
	json_obj_open(j, NULL);
	json_str(j, "time", t);
	json_str(j, "type", ev->type == TS_EV_SYN_FLOOD ? "syn_flood" : "unknown");
	json_str(j, "addr", a);
	json_u64(j, "port", ntohs(ev->port));
	json_u64(j, "syns", ev->syns);
	json_u64(j, "completed", ev->completed);
	json_u64(j, "window_ms", ev->window_ms);
	json_obj_close(j);
}

/* Replay keeps the events of the run: drained from the ring buffer once. */
struct ev_list {
	struct ts_event *ev;
	size_t n, cap;
};

static int collect(void *ctx, void *data, size_t size)
{
	struct ev_list *l = ctx;

	if (size < sizeof(struct ts_event))
		return 0;
	if (l->n == l->cap) {
		struct ts_event *n;

		l->cap = l->cap ? l->cap * 2 : 16;
		n = realloc(l->ev, l->cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		l->ev = n;
	}
	memcpy(&l->ev[l->n++], data, sizeof(struct ts_event));
	return 0;
}

static struct ev_list replay_events;
static int replay_events_done;

static int drain(struct ts_maps *m)
{
	struct ring_buffer *rb;
	int fd, err;

	if (replay_events_done)
		return 0;
	fd = ts_map_fd(m, "events");
	if (fd < 0)
		return fd;
	rb = ring_buffer__new(fd, collect, &replay_events, NULL);
	if (!rb)
		return -errno;
	err = ring_buffer__consume(rb);
	ring_buffer__free(rb);
	replay_events_done = 1;
	return err < 0 ? err : 0;
}

int ts_events_table(FILE *f, const struct ts_source *src, struct ts_maps *m)
{
	char line[256];
	size_t i;
	int err;

	if (!m->obj)
		return 0;	/* live: `tunnelstat events` streams them */
	err = drain(m);
	if (err)
		return err;
	if (replay_events.n)
		fprintf(f, "\nEVENTS\n");
	for (i = 0; i < replay_events.n; i++) {
		ts_event_format(&replay_events.ev[i], src, line, sizeof(line));
		fprintf(f, "%s\n", line);
	}
	return 0;
}

int ts_events_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m)
{
	size_t i;
	int err;

	if (!m->obj)
		return 0;
	err = drain(m);
	if (err)
		return err;
	json_arr_open(j, "events");
	for (i = 0; i < replay_events.n; i++)
		ts_event_json(j, &replay_events.ev[i], src);
	json_arr_close(j);
	return 0;
}
