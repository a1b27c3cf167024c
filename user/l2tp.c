// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * L2TP sections of show/replay: control messages by version and type,
 * traffic per (direction, tunnel, session), and tunnels with their
 * sessions' lifecycle (docs/l2tp.md).
 *
 * The lifecycle tables are keyed as bpf/parse/l2tp.h builds them (see
 * struct ts_l2tp_key): a tunnel by its LAC, LNS and the LAC's Tunnel ID; a
 * session (call) by its requester, the peer, that tunnel ID and the
 * requester's Session ID. A call belongs to the tunnel with the same tunnel
 * ID, version and pair of addresses, in either order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>

#include "report.h"

/* Short names (RFC 2661 3.2, RFC 3931 3.1 and IANA's registry). */
static const char *const l2tp_msg_names[TS_L2TP_MSG_SLOTS] = {
	[1] = "SCCRQ", [2] = "SCCRP", [3] = "SCCCN", [4] = "StopCCN", [6] = "HELLO",
	[7] = "OCRQ", [8] = "OCRP", [9] = "OCCN", [10] = "ICRQ", [11] = "ICRP",
	[12] = "ICCN", [14] = "CDN", [15] = "WEN", [16] = "SLI",
	[17] = "MDMST",		/* RFC 3573 modem status */
	[18] = "SRRQ", [19] = "SRRP",	/* service relay */
	[20] = "ACK",		/* RFC 3931 explicit acknowledgement */
	[21] = "FSQ", [22] = "FSR",	/* RFC 4951 failover */
	[23] = "MSRQ", [24] = "MSRP", [25] = "MSE", [26] = "MSI", [27] = "MSEN", /* RFC 4045 */
	[28] = "CSUN", [29] = "CSURQ",	/* RFC 5515 */
	[TS_L2TP_MSG_OTHER] = "other",
};

static const char *msg_name(int slot)
{
	const char *n = l2tp_msg_names[slot];

	return n ? n : slot == 0 || slot == 5 || slot == 13 ? "reserved" : "unassigned";
}

static const char *const tunnel_states[] = {
	[0] = "unknown",
	[TS_L2TP_ST_REQUESTED] = "requested",
	[TS_L2TP_ST_REPLIED] = "replied",
	[TS_L2TP_ST_ESTABLISHED] = "established",
	[TS_L2TP_ST_STOPPED] = "stopped",
};

static const char *const call_states[] = {
	[0] = "unknown",
	[TS_L2TP_ST_REQUESTED] = "requested",
	[TS_L2TP_ST_REPLIED] = "replied",
	[TS_L2TP_ST_ESTABLISHED] = "established",
	[TS_L2TP_ST_STOPPED] = "disconnected",
};

struct sess_row {
	struct ts_l2tp_key k;
	struct ts_l2tp_sess v;
};

struct call_row {
	struct ts_l2tp_key k;
	struct ts_l2tp_call v;
	int joined;
};

struct tunnel_row {
	struct ts_l2tp_key k;
	struct ts_l2tp_tunnel v;
	struct call_row **calls;
	size_t ncalls;
};

struct tables {
	struct ts_counter msgs[2 * TS_L2TP_MSG_SLOTS];
	struct sess_row *sess;
	size_t nsess;
	struct tunnel_row *tun;
	size_t ntun;
	struct call_row *calls;
	size_t ncalls;
	struct call_row **links;	/* calls grouped by tunnel, pointed to by tun[].calls */
};

/* Every entry of an l2tp_* hash map (key struct ts_l2tp_key) into rows of rowsz bytes. */
static int dump(int fd, size_t vsz, size_t rowsz, size_t voff, void **rows, size_t *n)
{
	return ts_map_dump(fd, sizeof(struct ts_l2tp_key), vsz, rowsz, voff, rows, n);
}

static int key_cmp(const struct ts_l2tp_key *x, const struct ts_l2tp_key *y)
{
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	if (x->tunnel_id != y->tunnel_id)
		return x->tunnel_id < y->tunnel_id ? -1 : 1;
	if (x->session_id != y->session_id)
		return x->session_id < y->session_id ? -1 : 1;
	c = memcmp(x->a, y->a, 16);
	if (!c)
		c = memcmp(x->b, y->b, 16);
	return c;
}

static int sess_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct sess_row *)a)->k, &((const struct sess_row *)b)->k);
}

static int tun_cmp(const void *a, const void *b)
{
	const struct tunnel_row *x = a, *y = b;

	if (x->v.started_ns != y->v.started_ns)
		return x->v.started_ns < y->v.started_ns ? -1 : 1;
	return key_cmp(&x->k, &y->k);
}

static int call_cmp(const void *a, const void *b)
{
	const struct call_row *x = a, *y = b;

	if (x->v.started_ns != y->v.started_ns)
		return x->v.started_ns < y->v.started_ns ? -1 : 1;
	return key_cmp(&x->k, &y->k);
}

/* Does call c belong to tunnel t? Same tunnel key, its two endpoints in either order. */
static int call_in(const struct call_row *c, const struct tunnel_row *t)
{
	if (c->k.tunnel_id != t->k.tunnel_id || c->k.version != t->k.version ||
	    c->k.family != t->k.family)
		return 0;
	return (!memcmp(c->k.a, t->k.a, 16) && !memcmp(c->k.b, t->k.b, 16)) ||
	       (!memcmp(c->k.a, t->k.b, 16) && !memcmp(c->k.b, t->k.a, 16));
}

static void unload(struct tables *t)
{
	free(t->sess);
	free(t->tun);
	free(t->calls);
	free(t->links);
}

static int load(struct ts_maps *m, struct tables *t)
{
	int fmsgs, fsess, ftun, fcalls, err;
	size_t i, j, used = 0;

	memset(t, 0, sizeof(*t));
	if ((fmsgs = ts_map_fd(m, "l2tp_msgs")) < 0)
		return fmsgs;
	if ((fsess = ts_map_fd(m, "l2tp_sess")) < 0)
		return fsess;
	if ((ftun = ts_map_fd(m, "l2tp_tunnels")) < 0)
		return ftun;
	if ((fcalls = ts_map_fd(m, "l2tp_calls")) < 0)
		return fcalls;
	err = ts_percpu_sum(fmsgs, 2 * TS_L2TP_MSG_SLOTS, t->msgs);
	if (!err)
		err = dump(fsess, sizeof(struct ts_l2tp_sess), sizeof(struct sess_row),
			   offsetof(struct sess_row, v), (void **)&t->sess, &t->nsess);
	if (!err)
		err = dump(ftun, sizeof(struct ts_l2tp_tunnel), sizeof(struct tunnel_row),
			   offsetof(struct tunnel_row, v), (void **)&t->tun, &t->ntun);
	if (!err)
		err = dump(fcalls, sizeof(struct ts_l2tp_call), sizeof(struct call_row),
			   offsetof(struct call_row, v), (void **)&t->calls, &t->ncalls);
	if (err)
		return err;
	if (t->nsess)
		qsort(t->sess, t->nsess, sizeof(*t->sess), sess_cmp);
	if (t->ntun)
		qsort(t->tun, t->ntun, sizeof(*t->tun), tun_cmp);
	if (t->ncalls)
		qsort(t->calls, t->ncalls, sizeof(*t->calls), call_cmp);
	t->links = calloc(t->ncalls + 1, sizeof(*t->links));
	if (!t->links)
		return -ENOMEM;
	for (i = 0; i < t->ntun; i++) {
		struct tunnel_row *tr = &t->tun[i];

		tr->calls = t->links + used;
		for (j = 0; j < t->ncalls; j++) {
			if (t->calls[j].joined || !call_in(&t->calls[j], tr))
				continue;
			t->calls[j].joined = 1;
			t->links[used++] = &t->calls[j];
			tr->ncalls++;
		}
	}
	return 0;
}

/* A call's IDs and state as seen from its tunnel (LAC's, LNS's). */
struct call_view {
	int have_lac, have_lns;
	__u32 lac_sid, lns_sid;
	const char *state;
};

static void call_view(const struct tunnel_row *t, const struct call_row *c, struct call_view *cv)
{
	int req_is_lac = !memcmp(c->k.a, t->k.a, 16);
	__u8 st = c->v.state;

	memset(cv, 0, sizeof(*cv));
	if (req_is_lac) {
		cv->have_lac = 1;
		cv->lac_sid = c->v.req_session_id;
		cv->have_lns = c->v.have_resp_id;
		cv->lns_sid = c->v.resp_session_id;
	} else {
		cv->have_lns = 1;
		cv->lns_sid = c->v.req_session_id;
		cv->have_lac = c->v.have_resp_id;
		cv->lac_sid = c->v.resp_session_id;
	}
	/* StopCCN clears every session of the tunnel without a CDN (RFC 2661 5.7) */
	if (t->v.state == TS_L2TP_ST_STOPPED && st != TS_L2TP_ST_STOPPED)
		cv->state = "cleared";
	else
		cv->state = st < sizeof(call_states) / sizeof(call_states[0]) ? call_states[st] :
										   "unknown";
}

static const char *tunnel_state(__u8 s)
{
	return s < sizeof(tunnel_states) / sizeof(tunnel_states[0]) ? tunnel_states[s] : "unknown";
}

static void fmt_opt(char *buf, size_t len, int have, unsigned long long v)
{
	if (have)
		snprintf(buf, len, "%llu", v);
	else
		snprintf(buf, len, "-");
}

int ts_l2tp_table(FILE *f, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], t1[40], t2[40], by[32], x[16], y[16];
	struct tables t;
	size_t i, j;
	int k, any, err;

	err = load(m, &t);
	if (err) {
		unload(&t);
		return err;
	}
	for (any = 0, k = 0; k < 2 * TS_L2TP_MSG_SLOTS; k++) {
		int slot = k % TS_L2TP_MSG_SLOTS;

		if (!t.msgs[k].packets)
			continue;
		if (!any++)
			fprintf(f, "\nL2TP CONTROL MESSAGES\n%3s %5s  %-10s %10s\n", "VER", "TYPE",
				"NAME", "COUNT");
		fmt_opt(x, sizeof(x), slot != TS_L2TP_MSG_OTHER, slot);
		fprintf(f, "%3d %5s  %-10s %10llu\n", k < TS_L2TP_MSG_SLOTS ? 2 : 3, x,
			msg_name(slot), (unsigned long long)t.msgs[k].packets);
	}
	if (t.nsess) {
		fprintf(f, "\nL2TP SESSIONS (one row per direction; control sequence on session 0)\n"
			"%-20s %-20s %3s %10s %10s %9s %10s %8s %8s %6s %6s %6s %5s\n",
			"SRC", "DST", "VER", "TUNNEL", "SESSION", "PACKETS", "BYTES", "CONTROL",
			"DATA", "NS_MAX", "NR_MAX", "RETRAN", "GAPS");
		for (i = 0; i < t.nsess; i++) {
			struct sess_row *r = &t.sess[i];

			ts_fmt_addr(a, sizeof(a), r->k.family, r->k.a);
			ts_fmt_addr(b, sizeof(b), r->k.family, r->k.b);
			ts_fmt_bytes(by, sizeof(by), r->v.bytes);
			fmt_opt(x, sizeof(x), r->v.have_ns, r->v.ns_max);
			fmt_opt(y, sizeof(y), r->v.have_nr, r->v.nr_max);
			fprintf(f, "%-20s %-20s %3u %10u %10u %9llu %10s %8llu %8llu %6s %6s %6llu %5llu\n",
				a, b, r->k.version, r->k.tunnel_id, r->k.session_id,
				(unsigned long long)r->v.packets, by,
				(unsigned long long)r->v.control, (unsigned long long)r->v.data, x, y,
				(unsigned long long)r->v.retransmits, (unsigned long long)r->v.gaps);
		}
	}
	if (t.ntun) {
		fprintf(f, "\nL2TP TUNNELS (LAC: the SCCRQ sender) and their sessions\n"
			"%-20s %-20s %3s %10s %10s %-12s %6s %-27s %-27s\n",
			"LAC", "LNS", "VER", "LAC_ID", "LNS_ID", "STATE", "RESULT", "STARTED", "ENDED");
		for (i = 0; i < t.ntun; i++) {
			struct tunnel_row *r = &t.tun[i];

			ts_fmt_addr(a, sizeof(a), r->k.family, r->k.a);
			ts_fmt_addr(b, sizeof(b), r->k.family, r->k.b);
			ts_fmt_ts(t1, sizeof(t1), src, r->v.started_ns);
			ts_fmt_ts(t2, sizeof(t2), src, r->v.ended_ns);
			fmt_opt(x, sizeof(x), r->v.have_lns_id, r->v.lns_tunnel_id);
			fmt_opt(y, sizeof(y), r->v.have_result, r->v.result);
			fprintf(f, "%-20s %-20s %3u %10u %10s %-12s %6s %-27s %-27s\n", a, b,
				r->k.version, r->v.lac_tunnel_id, x, tunnel_state(r->v.state), y, t1, t2);
			for (j = 0; j < r->ncalls; j++) {
				const struct call_row *c = r->calls[j];
				struct call_view cv;
				char s1[16], s2[16], res[16];

				call_view(r, c, &cv);
				fmt_opt(s1, sizeof(s1), cv.have_lac, cv.lac_sid);
				fmt_opt(s2, sizeof(s2), cv.have_lns, cv.lns_sid);
				fmt_opt(res, sizeof(res), c->v.have_result, c->v.result);
				fprintf(f, "  %-8s %-9s %10s %10s %-12s %6s\n", "session",
					c->v.outgoing ? "outgoing" : "incoming", s1, s2, cv.state, res);
			}
		}
	}
	unload(&t);
	return 0;
}

static void json_opt(struct ts_json *j, const char *key, int have, __u64 v)
{
	if (have)
		json_u64(j, key, v);
	else
		json_null(j, key);
}

int ts_l2tp_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct tables t;
	size_t i, n;
	int k, err;

	err = load(m, &t);
	if (err) {
		unload(&t);
		return err;
	}
	json_arr_open(j, "l2tp_messages");
	for (k = 0; k < 2 * TS_L2TP_MSG_SLOTS; k++) {
		int slot = k % TS_L2TP_MSG_SLOTS;

		if (!t.msgs[k].packets)
			continue;
		json_obj_open(j, NULL);
		json_u64(j, "version", k < TS_L2TP_MSG_SLOTS ? 2 : 3);
		json_opt(j, "type", slot != TS_L2TP_MSG_OTHER, slot);
		json_str(j, "name", msg_name(slot));
		json_u64(j, "count", t.msgs[k].packets);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_arr_open(j, "l2tp_sessions");
	for (i = 0; i < t.nsess; i++) {
		struct sess_row *r = &t.sess[i];

		ts_fmt_addr(a, sizeof(a), r->k.family, r->k.a);
		ts_fmt_addr(b, sizeof(b), r->k.family, r->k.b);
		json_obj_open(j, NULL);
		json_str(j, "src", a);
		json_str(j, "dst", b);
		json_u64(j, "version", r->k.version);
		json_u64(j, "tunnel_id", r->k.tunnel_id);
		json_u64(j, "session_id", r->k.session_id);
		json_u64(j, "packets", r->v.packets);
		json_u64(j, "bytes", r->v.bytes);
		json_u64(j, "control", r->v.control);
		json_u64(j, "data", r->v.data);
		json_opt(j, "ns_max", r->v.have_ns, r->v.ns_max);
		json_opt(j, "nr_max", r->v.have_nr, r->v.nr_max);
		json_u64(j, "retransmits", r->v.retransmits);
		json_u64(j, "gaps", r->v.gaps);
		ts_json_time(j, "first_seen", src, r->v.first_ns);
		ts_json_time(j, "last_seen", src, r->v.last_ns);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_arr_open(j, "l2tp_tunnels");
	for (i = 0; i < t.ntun; i++) {
		struct tunnel_row *r = &t.tun[i];

		ts_fmt_addr(a, sizeof(a), r->k.family, r->k.a);
		ts_fmt_addr(b, sizeof(b), r->k.family, r->k.b);
		json_obj_open(j, NULL);
		json_str(j, "lac", a);
		json_str(j, "lns", b);
		json_u64(j, "version", r->k.version);
		json_u64(j, "lac_tunnel_id", r->v.lac_tunnel_id);
		json_opt(j, "lns_tunnel_id", r->v.have_lns_id, r->v.lns_tunnel_id);
		json_str(j, "state", tunnel_state(r->v.state));
		json_opt(j, "result", r->v.have_result, r->v.result);
		ts_json_time(j, "started", src, r->v.started_ns);
		ts_json_time(j, "ended", src, r->v.ended_ns);
		json_arr_open(j, "sessions");
		for (n = 0; n < r->ncalls; n++) {
			const struct call_row *c = r->calls[n];
			struct call_view cv;

			call_view(r, c, &cv);
			json_obj_open(j, NULL);
			json_opt(j, "lac_session_id", cv.have_lac, cv.lac_sid);
			json_opt(j, "lns_session_id", cv.have_lns, cv.lns_sid);
			json_str(j, "state", cv.state);
			json_opt(j, "result", c->v.have_result, c->v.result);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_obj_close(j);
	}
	json_arr_close(j);
	unload(&t);
	return 0;
}
