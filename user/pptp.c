// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * PPTP, GRE and PPP sections of show/replay: control messages by type, GRE
 * v1 calls per direction, PPTP calls joined with their GRE traffic, and
 * PPP by protocol and code.
 *
 * The join (RFC 2637 4.1): for a call between PNS P and PAC S, with Call
 * IDs c (the PNS's) and s (the PAC's), GRE P->S carries s and GRE S->P
 * carries c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>

#include "names.h"
#include "report.h"

static const char *const pptp_msg_names[__TS_PPTP_MAX] = {
	[TS_PPTP_SCCRQ] = "Start-Control-Connection-Request",
	[TS_PPTP_SCCRP] = "Start-Control-Connection-Reply",
	[TS_PPTP_STOPCCRQ] = "Stop-Control-Connection-Request",
	[TS_PPTP_STOPCCRP] = "Stop-Control-Connection-Reply",
	[TS_PPTP_ECHORQ] = "Echo-Request",
	[TS_PPTP_ECHORP] = "Echo-Reply",
	[TS_PPTP_OCRQ] = "Outgoing-Call-Request",
	[TS_PPTP_OCRP] = "Outgoing-Call-Reply",
	[TS_PPTP_ICRQ] = "Incoming-Call-Request",
	[TS_PPTP_ICRP] = "Incoming-Call-Reply",
	[TS_PPTP_ICCN] = "Incoming-Call-Connected",
	[TS_PPTP_CCRQ] = "Call-Clear-Request",
	[TS_PPTP_CDN] = "Call-Disconnect-Notify",
	[TS_PPTP_WEN] = "WAN-Error-Notify",
	[TS_PPTP_SLI] = "Set-Link-Info",
};

static const char *const pptp_state_names[] = {
	[0] = "unknown",
	[TS_PPTP_ST_REQUESTED] = "requested",
	[TS_PPTP_ST_ESTABLISHED] = "established",
	[TS_PPTP_ST_REJECTED] = "rejected",
	[TS_PPTP_ST_CLEARING] = "clearing",
	[TS_PPTP_ST_DISCONNECTED] = "disconnected",
};

static const char *const ctrl_state_names[] = {
	[0] = "unknown",
	[TS_PPTP_CC_REQUESTED] = "requested",
	[TS_PPTP_CC_ESTABLISHED] = "established",
	[TS_PPTP_CC_REJECTED] = "rejected",
	[TS_PPTP_CC_STOPPING] = "stopping",
	[TS_PPTP_CC_STOPPED] = "stopped",
};

static const struct {
	__u16 number;
	const char *name;
} ppp_protos[__TS_PPP_MAX] = {
	[TS_PPP_LCP] = { 0xC021, "LCP" },
	[TS_PPP_PAP] = { 0xC023, "PAP" },
	[TS_PPP_CHAP] = { 0xC223, "CHAP" },
	[TS_PPP_IPCP] = { 0x8021, "IPCP" },
	[TS_PPP_IPV6CP] = { 0x8057, "IPV6CP" },
	[TS_PPP_CCP] = { 0x80FD, "CCP" },
	[TS_PPP_COMP] = { 0x00FD, "compressed" },
	[TS_PPP_IPV4] = { 0x0021, "IPv4" },
	[TS_PPP_IPV6] = { 0x0057, "IPv6" },
	[TS_PPP_OTHER] = { 0, "other" },
};

/* Codes of LCP (RFC 1661 5, 1570) and the NCPs built on it (RFC 1332, 1962). */
static const char *const lcp_codes[TS_PPP_CODES] = {
	[1] = "Configure-Request", [2] = "Configure-Ack", [3] = "Configure-Nak",
	[4] = "Configure-Reject", [5] = "Terminate-Request", [6] = "Terminate-Ack",
	[7] = "Code-Reject", [8] = "Protocol-Reject", [9] = "Echo-Request",
	[10] = "Echo-Reply", [11] = "Discard-Request", [12] = "Identification",
	[13] = "Time-Remaining", [14] = "Reset-Request", [15] = "Reset-Ack",
};
static const char *const pap_codes[TS_PPP_CODES] = {	/* RFC 1334 2.2 */
	[1] = "Authenticate-Request", [2] = "Authenticate-Ack", [3] = "Authenticate-Nak",
};
static const char *const chap_codes[TS_PPP_CODES] = {	/* RFC 1994 4 */
	[1] = "Challenge", [2] = "Response", [3] = "Success", [4] = "Failure",
};

static const char *ppp_code_name(int proto, int code)
{
	const char *n = NULL;

	if (proto == TS_PPP_PAP)
		n = pap_codes[code];
	else if (proto == TS_PPP_CHAP)
		n = chap_codes[code];
	else if (proto <= TS_PPP_CCP)
		n = lcp_codes[code];
	return n ? n : "other";
}

struct gre_row {
	struct ts_gre_key k;
	struct ts_gre_call v;
	int joined;
};

struct ctrl_row {
	struct ts_pptp_key k;
	struct ts_pptp_ctrl v;
};

struct pptp_row {
	struct ts_pptp_key k;
	struct ts_pptp_call v;
	struct gre_row *to_pac, *to_pns;
	const char *state;	/* shown: the call's, or "cleared" with its connection */
	__u64 started_ns, ended_ns;
};

struct tables {
	struct ts_counter msgs[__TS_PPTP_MAX];
	struct ts_counter ppp[__TS_PPP_MAX * TS_PPP_CODES];
	struct gre_row *gre;
	size_t ngre;
	struct pptp_row *calls;
	size_t ncalls;
	struct ctrl_row *ctrl;
	size_t nctrl;
};

static int key_cmp_addr(const __be32 *a, const __be32 *b)
{
	return memcmp(a, b, 16);
}

static int gre_cmp(const void *a, const void *b)
{
	const struct gre_row *x = a, *y = b;
	int c = key_cmp_addr(x->k.src, y->k.src);

	if (!c)
		c = key_cmp_addr(x->k.dst, y->k.dst);
	if (!c)
		c = (int)ntohs(x->k.call_id) - (int)ntohs(y->k.call_id);
	return c;
}

static int call_cmp(const void *a, const void *b)
{
	const struct pptp_row *x = a, *y = b;
	__u64 tx = x->v.requested_ns ? x->v.requested_ns : x->v.last_ns;
	__u64 ty = y->v.requested_ns ? y->v.requested_ns : y->v.last_ns;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return (int)ntohs(x->k.call_id) - (int)ntohs(y->k.call_id);
}

static struct gre_row *find_gre(struct tables *t, __u8 family, const __be32 *src,
				const __be32 *dst, __be16 call_id)
{
	struct gre_row key = {};

	memcpy(key.k.src, src, 16);
	memcpy(key.k.dst, dst, 16);
	key.k.call_id = call_id;
	key.k.family = family;
	if (!t->ngre)
		return NULL;
	return bsearch(&key, t->gre, t->ngre, sizeof(*t->gre), gre_cmp);
}

static int ctrl_cmp(const void *a, const void *b)
{
	const struct ctrl_row *x = a, *y = b;
	int c = key_cmp_addr(x->k.pns, y->k.pns);

	if (!c)
		c = key_cmp_addr(x->k.pac, y->k.pac);
	if (!c)
		c = (int)x->k.family - (int)y->k.family;
	return c;
}

/* The control connection between a call's PNS and PAC (pptp_ctrl's key order). */
static const struct ctrl_row *find_ctrl(const struct tables *t, const struct pptp_row *c)
{
	struct ctrl_row key = {};
	int low = memcmp(c->k.pns, c->k.pac, 16) <= 0;

	memcpy(key.k.pns, low ? c->k.pns : c->k.pac, 16);
	memcpy(key.k.pac, low ? c->k.pac : c->k.pns, 16);
	key.k.family = c->k.family;
	if (!t->nctrl)
		return NULL;
	return bsearch(&key, t->ctrl, t->nctrl, sizeof(*t->ctrl), ctrl_cmp);
}

static const char *state_name(__u8 s)
{
	return s < sizeof(pptp_state_names) / sizeof(pptp_state_names[0]) ?
		pptp_state_names[s] : "unknown";
}

static const char *ctrl_state_name(__u8 s)
{
	return s < sizeof(ctrl_state_names) / sizeof(ctrl_state_names[0]) ?
		ctrl_state_names[s] : "unknown";
}

/*
 * What a call shows: its own state, unless it was still up when its
 * control connection stopped (StopCCRQ/RP, or a new SCCRQ between the
 * pair): RFC 2637 2.3 clears every call with the connection, without a
 * Call-Disconnect-Notify. Then "cleared", ended when the connection did.
 */
static void call_view(const struct tables *t, struct pptp_row *c)
{
	const struct ctrl_row *cc = find_ctrl(t, c);
	__u64 start = c->v.requested_ns ? c->v.requested_ns : c->v.established_ns;
	__u64 stop = 0;

	c->state = state_name(c->v.state);
	c->started_ns = start;
	c->ended_ns = c->v.ended_ns;
	if (!start)	/* its request missed: first seen with a later message */
		start = c->v.last_ns;
	if (!cc || c->v.state == TS_PPTP_ST_REJECTED || c->v.state == TS_PPTP_ST_DISCONNECTED)
		return;
	if (cc->v.prev_end_ns && cc->v.started_ns > start)
		stop = cc->v.prev_end_ns;	/* the connection it ran on was replaced */
	else if (cc->v.stop_ns || cc->v.stopped_ns)
		stop = cc->v.stop_ns ? cc->v.stop_ns : cc->v.stopped_ns;
	if (!stop || stop < start)
		return;
	c->state = "cleared";
	c->ended_ns = stop;
}

static int load(struct ts_maps *m, struct tables *t)
{
	int fmsgs, fppp, fgre, fcalls, fctrl, fctr;
	size_t i;
	int err;

	memset(t, 0, sizeof(*t));
	if ((fmsgs = ts_map_fd(m, "pptp_msgs")) < 0)
		return fmsgs;
	if ((fppp = ts_map_fd(m, "ppp_stats")) < 0)
		return fppp;
	if ((fctr = ts_map_fd(m, "counters")) < 0)
		return fctr;
	if ((fgre = ts_map_fd(m, "gre_calls")) < 0)
		return fgre;
	if ((fcalls = ts_map_fd(m, "pptp_calls")) < 0)
		return fcalls;
	if ((fctrl = ts_map_fd(m, "pptp_ctrl")) < 0)
		return fctrl;
	if ((err = ts_percpu_sum(fmsgs, __TS_PPTP_MAX, t->msgs)) ||
	    (err = ts_percpu_sum(fppp, __TS_PPP_MAX * TS_PPP_CODES, t->ppp)) ||
	    (err = ts_lane_maps_add(fctr, t->ppp, NULL)))
		return err;
	err = ts_map_dump(fgre, sizeof(struct ts_gre_key), sizeof(struct ts_gre_call),
			sizeof(struct gre_row), offsetof(struct gre_row, v),
			(void **)&t->gre, &t->ngre);
	if (err)
		return err;
	err = ts_map_dump(fcalls, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_call),
			sizeof(struct pptp_row), offsetof(struct pptp_row, v),
			(void **)&t->calls, &t->ncalls);
	if (err)
		return err;
	err = ts_map_dump(fctrl, sizeof(struct ts_pptp_key), sizeof(struct ts_pptp_ctrl),
			sizeof(struct ctrl_row), offsetof(struct ctrl_row, v),
			(void **)&t->ctrl, &t->nctrl);
	if (err)
		return err;
	if (t->nctrl)
		qsort(t->ctrl, t->nctrl, sizeof(*t->ctrl), ctrl_cmp);
	if (t->ngre)
		qsort(t->gre, t->ngre, sizeof(*t->gre), gre_cmp);
	if (t->ncalls)
		qsort(t->calls, t->ncalls, sizeof(*t->calls), call_cmp);
	for (i = 0; i < t->ncalls; i++) {
		struct pptp_row *c = &t->calls[i];

		call_view(t, c);
		c->to_pns = find_gre(t, c->k.family, c->k.pac, c->k.pns, c->v.pns_call_id);
		if (c->v.have_pac_id)
			c->to_pac = find_gre(t, c->k.family, c->k.pns, c->k.pac, c->v.pac_call_id);
		if (c->to_pns)
			c->to_pns->joined = 1;
		if (c->to_pac)
			c->to_pac->joined = 1;
	}
	return 0;
}

static void unload(struct tables *t)
{
	free(t->gre);
	free(t->calls);
	free(t->ctrl);
}

/* A control connection's two hosts, the one that opened it first when known. */
static void ctrl_hosts(const struct ctrl_row *c, char *a, char *b, size_t n)
{
	int swap = c->v.origin == TS_PPTP_CC_HIGH;

	ts_fmt_addr(a, n, c->k.family, swap ? c->k.pac : c->k.pns);
	ts_fmt_addr(b, n, c->k.family, swap ? c->k.pns : c->k.pac);
}

/* Who sent the StopCCRQ, in the terms ctrl_hosts() orders them by. */
static const char *ctrl_stop_by(const struct ctrl_row *c)
{
	__u8 first = c->v.origin ? c->v.origin : TS_PPTP_CC_LOW;	/* as ctrl_hosts() */

	if (!c->v.stop_by)
		return NULL;
	return c->v.stop_by == first ? "originator" : "peer";
}

int ts_pptp_table(FILE *f, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], t1[40], t2[40], by[32];
	struct tables t;
	size_t i;
	int k, any, err;

	err = load(m, &t);
	if (err) {
		unload(&t);
		return err;
	}
	for (any = 0, k = 1; k < __TS_PPTP_MAX; k++) {
		if (!t.msgs[k].packets)
			continue;
		if (!any++)
			fprintf(f, "\nPPTP CONTROL MESSAGES\n%4s  %-36s %10s\n", "TYPE", "NAME", "COUNT");
		fprintf(f, "%4d  %-36s %10llu\n", k, pptp_msg_names[k],
			(unsigned long long)t.msgs[k].packets);
	}
	if (t.nctrl) {
		fprintf(f, "\nPPTP CONTROL CONNECTIONS (ORIGINATOR sent the Start-Control-Connection-Request)\n"
			"%-20s %-20s %-12s %6s %6s %-10s %-27s %-27s\n",
			"ORIGINATOR", "PEER", "STATE", "RESULT", "REASON", "STOP_BY", "STARTED", "ENDED");
		for (i = 0; i < t.nctrl; i++) {
			const struct ctrl_row *c = &t.ctrl[i];
			const char *by = ctrl_stop_by(c);

			ctrl_hosts(c, a, b, sizeof(a));
			ts_fmt_ts(t1, sizeof(t1), src, c->v.started_ns);
			ts_fmt_ts(t2, sizeof(t2), src, c->v.stopped_ns ? c->v.stopped_ns : c->v.stop_ns);
			fprintf(f, "%-20s %-20s %-12s %6u %6u %-10s %-27s %-27s\n", a, b,
				ctrl_state_name(c->v.state), c->v.result, c->v.reason, by ? by : "-",
				t1, t2);
		}
	}
	if (t.ncalls) {
		fprintf(f, "\nPPTP CALLS\n%-20s %-20s %6s %6s %-12s %6s %5s %-27s %-27s %8s %5s %5s %8s %5s %5s\n",
			"PNS", "PAC", "PNS_ID", "PAC_ID", "STATE", "RESULT", "CAUSE", "STARTED", "ENDED",
			"TO_PAC", "LOST", "REORD", "TO_PNS", "LOST", "REORD");
		for (i = 0; i < t.ncalls; i++) {
			struct pptp_row *c = &t.calls[i];
			const struct ts_gre_call zero = {};
			const struct ts_gre_call *tp = c->to_pac ? &c->to_pac->v : &zero;
			const struct ts_gre_call *tn = c->to_pns ? &c->to_pns->v : &zero;

			ts_fmt_addr(a, sizeof(a), c->k.family, c->k.pns);
			ts_fmt_addr(b, sizeof(b), c->k.family, c->k.pac);
			ts_fmt_ts(t1, sizeof(t1), src, c->started_ns);
			ts_fmt_ts(t2, sizeof(t2), src, c->ended_ns);
			fprintf(f, "%-20s %-20s %6u %6u %-12s %6u %5u %-27s %-27s %8llu %5llu %5llu %8llu %5llu %5llu\n",
				a, b, ntohs(c->v.pns_call_id), ntohs(c->v.pac_call_id),
				c->state, c->v.result, c->v.cause, t1, t2,
				(unsigned long long)tp->packets, (unsigned long long)tp->lost,
				(unsigned long long)tp->reordered, (unsigned long long)tn->packets,
				(unsigned long long)tn->lost, (unsigned long long)tn->reordered);
		}
	}
	if (t.ngre) {
		fprintf(f, "\nGRE CALLS (PPTP enhanced GRE, one row per direction)\n"
			"%-20s %-20s %7s %9s %10s %10s %10s %10s %8s %6s %6s %5s  %s\n",
			"SRC", "DST", "CALL_ID", "PACKETS", "BYTES", "PAYLOAD", "SEQ_MAX", "ACK_MAX",
			"ACK_ONLY", "LOST", "REORD", "DUP", "CONTROL");
		for (i = 0; i < t.ngre; i++) {
			struct gre_row *g = &t.gre[i];
			char sq[16], ak[16], pb[32];

			ts_fmt_addr(a, sizeof(a), g->k.family, g->k.src);
			ts_fmt_addr(b, sizeof(b), g->k.family, g->k.dst);
			ts_fmt_bytes(by, sizeof(by), g->v.bytes);
			ts_fmt_bytes(pb, sizeof(pb), g->v.payload_bytes);
			snprintf(sq, sizeof(sq), g->v.flags & TS_GRE_HAVE_SEQ ? "%u" : "-", g->v.seq_max);
			snprintf(ak, sizeof(ak), g->v.flags & TS_GRE_HAVE_ACK ? "%u" : "-", g->v.ack_max);
			fprintf(f, "%-20s %-20s %7u %9llu %10s %10s %10s %10s %8llu %6llu %6llu %5llu  %s\n",
				a, b, ntohs(g->k.call_id), (unsigned long long)g->v.packets, by, pb,
				sq, ak, (unsigned long long)g->v.ack_only,
				(unsigned long long)g->v.lost, (unsigned long long)g->v.reordered,
				(unsigned long long)g->v.duplicates,
				g->joined ? "call" : "not seen on the control channel");
		}
	}
	for (any = 0, k = 0; k < __TS_PPP_MAX * TS_PPP_CODES; k++) {
		int proto = k / TS_PPP_CODES, code = k % TS_PPP_CODES;

		if (!t.ppp[k].packets)
			continue;
		if (!any++)
			fprintf(f, "\nPPP\n%-8s %-11s %-22s %10s\n", "PROTOCOL", "NAME", "CODE", "COUNT");
		fprintf(f, "0x%04x   %-11s %-22s %10llu\n", ppp_protos[proto].number,
			ppp_protos[proto].name,
			proto <= TS_PPP_CCP ? ppp_code_name(proto, code) : "-",
			(unsigned long long)t.ppp[k].packets);
	}
	unload(&t);
	return 0;
}

static void json_dir(struct ts_json *j, const char *key, const struct gre_row *g)
{
	json_obj_open(j, key);
	json_u64(j, "packets", g ? g->v.packets : 0);
	json_u64(j, "bytes", g ? g->v.bytes : 0);
	json_u64(j, "lost", g ? g->v.lost : 0);
	json_u64(j, "reordered", g ? g->v.reordered : 0);
	json_obj_close(j);
}

int ts_pptp_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct tables t;
	size_t i;
	int k, err;

	err = load(m, &t);
	if (err) {
		unload(&t);
		return err;
	}
	json_arr_open(j, "pptp_messages");
	for (k = 1; k < __TS_PPTP_MAX; k++) {
		if (!t.msgs[k].packets)
			continue;
		json_obj_open(j, NULL);
		json_u64(j, "type", k);
		json_str(j, "name", pptp_msg_names[k]);
		json_u64(j, "count", t.msgs[k].packets);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_arr_open(j, "gre_calls");
	for (i = 0; i < t.ngre; i++) {
		struct gre_row *g = &t.gre[i];

		ts_fmt_addr(a, sizeof(a), g->k.family, g->k.src);
		ts_fmt_addr(b, sizeof(b), g->k.family, g->k.dst);
		json_obj_open(j, NULL);
		json_str(j, "src", a);
		json_str(j, "dst", b);
		json_u64(j, "call_id", ntohs(g->k.call_id));
		json_u64(j, "packets", g->v.packets);
		json_u64(j, "bytes", g->v.bytes);
		json_u64(j, "payload_bytes", g->v.payload_bytes);
		if (g->v.flags & TS_GRE_HAVE_SEQ)
			json_u64(j, "seq_max", g->v.seq_max);
		else
			json_null(j, "seq_max");
		if (g->v.flags & TS_GRE_HAVE_ACK)
			json_u64(j, "ack_max", g->v.ack_max);
		else
			json_null(j, "ack_max");
		json_u64(j, "ack_only", g->v.ack_only);
		json_u64(j, "lost", g->v.lost);
		json_u64(j, "reordered", g->v.reordered);
		json_u64(j, "duplicates", g->v.duplicates);
		ts_json_time(j, "first_seen", src, g->v.first_ns);
		ts_json_time(j, "last_seen", src, g->v.last_ns);
		json_str(j, "control", g->joined ? "call" : "unseen");
		json_obj_close(j);
	}
	json_arr_close(j);

	json_arr_open(j, "pptp_control_connections");
	for (i = 0; i < t.nctrl; i++) {
		const struct ctrl_row *c = &t.ctrl[i];
		const char *by = ctrl_stop_by(c);

		ctrl_hosts(c, a, b, sizeof(a));
		json_obj_open(j, NULL);
		json_str(j, "originator", a);
		json_str(j, "peer", b);
		json_bool(j, "originator_known", c->v.origin != 0);
		json_str(j, "state", ctrl_state_name(c->v.state));
		json_u64(j, "result", c->v.result);
		json_u64(j, "error", c->v.error);
		json_u64(j, "stop_reason", c->v.reason);
		if (by)
			json_str(j, "stop_by", by);
		else
			json_null(j, "stop_by");
		ts_json_time(j, "started", src, c->v.started_ns);
		ts_json_time(j, "established", src, c->v.established_ns);
		ts_json_time(j, "stop_requested", src, c->v.stop_ns);
		ts_json_time(j, "ended", src, c->v.stopped_ns ? c->v.stopped_ns : c->v.stop_ns);
		ts_json_time(j, "last_seen", src, c->v.last_ns);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_arr_open(j, "pptp_calls");
	for (i = 0; i < t.ncalls; i++) {
		struct pptp_row *c = &t.calls[i];

		ts_fmt_addr(a, sizeof(a), c->k.family, c->k.pns);
		ts_fmt_addr(b, sizeof(b), c->k.family, c->k.pac);
		json_obj_open(j, NULL);
		json_str(j, "pns", a);
		json_str(j, "pac", b);
		json_u64(j, "pns_call_id", ntohs(c->v.pns_call_id));
		if (c->v.have_pac_id)
			json_u64(j, "pac_call_id", ntohs(c->v.pac_call_id));
		else
			json_null(j, "pac_call_id");
		json_str(j, "state", c->state);
		json_u64(j, "result", c->v.result);
		json_u64(j, "cause", c->v.cause);
		ts_json_time(j, "started", src, c->started_ns);
		ts_json_time(j, "established", src, c->v.established_ns);
		ts_json_time(j, "clearing", src, c->v.clearing_ns);
		ts_json_time(j, "ended", src, c->ended_ns);
		json_u64(j, "set_link_info", c->v.sli);
		json_u64(j, "wan_errors", c->v.wen);
		json_dir(j, "to_pac", c->to_pac);
		json_dir(j, "to_pns", c->to_pns);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_arr_open(j, "ppp");
	for (k = 0; k < __TS_PPP_MAX * TS_PPP_CODES; k++) {
		int proto = k / TS_PPP_CODES, code = k % TS_PPP_CODES;

		if (!t.ppp[k].packets)
			continue;
		json_obj_open(j, NULL);
		json_u64(j, "protocol", ppp_protos[proto].number);
		json_str(j, "name", ppp_protos[proto].name);
		if (proto <= TS_PPP_CCP) {
			json_u64(j, "code", code);
			json_str(j, "code_name", ppp_code_name(proto, code));
		} else {
			json_null(j, "code");
			json_null(j, "code_name");
		}
		json_u64(j, "count", t.ppp[k].packets);
		json_obj_close(j);
	}
	json_arr_close(j);
	unload(&t);
	return 0;
}
