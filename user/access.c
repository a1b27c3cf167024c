// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The access network sections of show/replay (docs/access.md): PPPoE
 * sessions from PADI to PADT, PPPoE codes and tags, ARP, ICMP, ICMPv6,
 * IGMP, OSPF, RADIUS (codes, request/response pairing, requests still
 * waiting) and TLS records. Message types come from the msg_types array,
 * read once per report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>

#include "report.h"

/*
 * A RADIUS request still waiting this long at report time is counted as
 * unanswered: clients give up after a few retransmissions, 3-5 s apart
 * (RFC 5080 2.2.1), well inside it.
 */
#define RADIUS_ANSWER_NS (30ULL * 1000000000ULL)

struct name {
	unsigned int v;
	const char *s;
};

static const struct name icmp_names[] = {	/* IANA ICMP type numbers */
	{ 0, "Echo Reply" }, { 3, "Destination Unreachable" }, { 4, "Source Quench" },
	{ 5, "Redirect" }, { 8, "Echo Request" }, { 9, "Router Advertisement" },
	{ 10, "Router Solicitation" }, { 11, "Time Exceeded" }, { 12, "Parameter Problem" },
	{ 13, "Timestamp" }, { 14, "Timestamp Reply" }, { 15, "Information Request" },
	{ 16, "Information Reply" }, { 17, "Address Mask Request" },
	{ 18, "Address Mask Reply" }, { 30, "Traceroute" }, { 42, "Extended Echo Request" },
	{ 43, "Extended Echo Reply" }, { 0, NULL }
};

static const struct name icmpv6_names[] = {	/* RFC 4443, 4861, 2710, 3810 */
	{ 1, "Destination Unreachable" }, { 2, "Packet Too Big" }, { 3, "Time Exceeded" },
	{ 4, "Parameter Problem" }, { 128, "Echo Request" }, { 129, "Echo Reply" },
	{ 130, "Multicast Listener Query" }, { 131, "Multicast Listener Report" },
	{ 132, "Multicast Listener Done" }, { 133, "Router Solicitation" },
	{ 134, "Router Advertisement" }, { 135, "Neighbor Solicitation" },
	{ 136, "Neighbor Advertisement" }, { 137, "Redirect" }, { 138, "Router Renumbering" },
	{ 141, "Inverse Neighbor Discovery Solicitation" },
	{ 142, "Inverse Neighbor Discovery Advertisement" },
	{ 143, "Version 2 Multicast Listener Report" }, { 151, "Multicast Router Advertisement" },
	{ 152, "Multicast Router Solicitation" }, { 153, "Multicast Router Termination" },
	{ 160, "Extended Echo Request" }, { 161, "Extended Echo Reply" }, { 0, NULL }
};

static const struct name igmp_names[] = {	/* RFC 1112, 2236, 3376, 4286 */
	{ 0x11, "Membership Query" }, { 0x12, "Version 1 Membership Report" },
	{ 0x13, "DVMRP" }, { 0x14, "PIM version 1" }, { 0x16, "Version 2 Membership Report" },
	{ 0x17, "Leave Group" }, { 0x22, "Version 3 Membership Report" },
	{ 0x30, "Multicast Router Advertisement" }, { 0x31, "Multicast Router Solicitation" },
	{ 0x32, "Multicast Router Termination" }, { 0, NULL }
};

static const struct name ospf_names[] = {	/* RFC 2328 A.3.1, RFC 5340 A.3.1 */
	{ 1, "Hello" }, { 2, "Database Description" }, { 3, "Link State Request" },
	{ 4, "Link State Update" }, { 5, "Link State Acknowledgment" }, { 0, NULL }
};

static const struct name radius_names[] = {	/* IANA RADIUS Packet Type Codes */
	{ 1, "Access-Request" }, { 2, "Access-Accept" }, { 3, "Access-Reject" },
	{ 4, "Accounting-Request" }, { 5, "Accounting-Response" }, { 6, "Accounting-Status" },
	{ 7, "Password-Request" }, { 8, "Password-Ack" }, { 9, "Password-Reject" },
	{ 10, "Accounting-Message" }, { 11, "Access-Challenge" }, { 12, "Status-Server" },
	{ 13, "Status-Client" }, { 21, "Resource-Free-Request" },
	{ 22, "Resource-Free-Response" }, { 23, "Resource-Query-Request" },
	{ 24, "Resource-Query-Response" }, { 25, "Alternate-Resource-Reclaim-Request" },
	{ 26, "NAS-Reboot-Request" }, { 27, "NAS-Reboot-Response" }, { 29, "Next-Passcode" },
	{ 30, "New-Pin" }, { 31, "Terminate-Session" }, { 32, "Password-Expired" },
	{ 33, "Event-Request" }, { 34, "Event-Response" }, { 40, "Disconnect-Request" },
	{ 41, "Disconnect-ACK" }, { 42, "Disconnect-NAK" }, { 43, "CoA-Request" },
	{ 44, "CoA-ACK" }, { 45, "CoA-NAK" }, { 50, "IP-Address-Allocate" },
	{ 51, "IP-Address-Release" }, { 52, "Protocol-Error" }, { 250, "Experimental" },
	{ 251, "Experimental" }, { 252, "Experimental" }, { 253, "Experimental" }, { 0, NULL }
};

static const struct name tls_content_names[] = {	/* IANA TLS ContentType */
	{ 20, "change_cipher_spec" }, { 21, "alert" }, { 22, "handshake" },
	{ 23, "application_data" }, { 24, "heartbeat" }, { 0, NULL }
};

static const struct name tls_version_names[] = {	/* record version 3.minor */
	{ 0, "SSL 3.0" }, { 1, "TLS 1.0" }, { 2, "TLS 1.1" }, { 3, "TLS 1.2" },
	{ 4, "TLS 1.3" }, { 0, NULL }
};

static const struct name tls_hs_names[] = {	/* IANA TLS HandshakeType */
	{ 0, "hello_request" }, { 1, "client_hello" }, { 2, "server_hello" },
	{ 3, "hello_verify_request" }, { 4, "new_session_ticket" }, { 5, "end_of_early_data" },
	{ 6, "hello_retry_request" }, { 8, "encrypted_extensions" },
	{ 9, "request_connection_id" }, { 10, "new_connection_id" }, { 11, "certificate" },
	{ 12, "server_key_exchange" }, { 13, "certificate_request" },
	{ 14, "server_hello_done" }, { 15, "certificate_verify" },
	{ 16, "client_key_exchange" }, { 17, "client_certificate_request" },
	{ 20, "finished" }, { 21, "certificate_url" }, { 22, "certificate_status" },
	{ 23, "supplemental_data" }, { 24, "key_update" }, { 25, "compressed_certificate" },
	{ 26, "ekt_key" }, { 254, "message_hash" }, { 0, NULL }
};

static const struct name arp_names[] = {	/* IANA ARP operation codes */
	{ 1, "request" }, { 2, "reply" }, { 3, "RARP request" }, { 4, "RARP reply" },
	{ 5, "DRARP request" }, { 6, "DRARP reply" }, { 7, "DRARP error" },
	{ 8, "InARP request" }, { 9, "InARP reply" }, { 10, "ARP NAK" }, { 0, NULL }
};

static const struct name pppoe_code_names[] = {	/* RFC 2516, RFC 4938 */
	{ 0x00, "session" }, { 0x07, "PADO" }, { 0x09, "PADI" }, { 0x0a, "PADG" },
	{ 0x0b, "PADC" }, { 0x0c, "PADQ" }, { 0x19, "PADR" }, { 0x65, "PADS" },
	{ 0xa7, "PADT" }, { 0xd3, "PADM" }, { 0xd4, "PADN" }, { 0, NULL }
};

static const struct name pppoe_tag_names[] = {	/* IANA PPPoE TAG values */
	{ 0x0000, "End-Of-List" }, { 0x0101, "Service-Name" }, { 0x0102, "AC-Name" },
	{ 0x0103, "Host-Uniq" }, { 0x0104, "AC-Cookie" }, { 0x0105, "Vendor-Specific" },
	{ 0x0106, "Credits" }, { 0x0107, "Metrics" }, { 0x0108, "Sequence Number" },
	{ 0x0109, "Credit Scale Factor" }, { 0x0110, "Relay-Session-Id" }, { 0x0111, "HURL" },
	{ 0x0112, "MOTM" }, { 0x0120, "PPP-Max-Payload" }, { 0x0121, "IP_Route_Add" },
	{ 0x0201, "Service-Name-Error" }, { 0x0202, "AC-System-Error" },
	{ 0x0203, "Generic-Error" }, { 0, NULL }
};

static const char *const pppoe_state_names[] = {
	[0] = "unknown",
	[TS_PPPOE_ST_INITIATED] = "initiated",
	[TS_PPPOE_ST_OFFERED] = "offered",
	[TS_PPPOE_ST_REQUESTED] = "requested",
	[TS_PPPOE_ST_CONFIRMED] = "confirmed",
	[TS_PPPOE_ST_ACTIVE] = "active",
	[TS_PPPOE_ST_TERMINATED] = "terminated",
	[TS_PPPOE_ST_REJECTED] = "rejected",
};

static const char *const ppp_ctrl_names[TS_PPP_CTRL_PROTOS] = {
	"lcp", "pap", "chap", "ipcp", "ipv6cp", "ccp"
};

static const char *name_of(const struct name *t, unsigned int v, const char *dflt)
{
	for (; t->s; t++)
		if (t->v == v)
			return t->s;
	return dflt;
}

struct pppoe_row {
	struct ts_pppoe_key k;
	struct ts_pppoe_session v;
};

struct radius_row {
	struct ts_radius_key k;
	struct ts_radius_req v;
};

struct access_tables {
	struct ts_counter mt[__TS_MT_MAX * TS_MT_SLOTS];
	struct ts_stats st;
	struct pppoe_row *pppoe;
	size_t npppoe;
	struct radius_row *radius;
	size_t nradius;
	__u64 radius_stale;	/* waiting longer than RADIUS_ANSWER_NS */
};

static const struct ts_counter *mt(const struct access_tables *t, int fam, unsigned int slot)
{
	return &t->mt[fam * TS_MT_SLOTS + slot];
}

static __u64 ctr(const struct access_tables *t, int id)
{
	return t->st.c[id].packets;
}

/* Every entry of a map (hash map or flow table), as rows of key then value. */
static int dump(int fd, size_t ksz, size_t vsz, void **rows, size_t *n)
{
	return ts_map_dump(fd, ksz, vsz, ksz + vsz, ksz, rows, n);
}

static __u64 pppoe_start(const struct ts_pppoe_session *v)
{
	const __u64 t[] = { v->padi_ns, v->pado_ns, v->padr_ns, v->pads_ns, v->first_ns,
			    v->padt_ns, v->last_ns };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i])
			return t[i];
	return 0;
}

static int pppoe_cmp(const void *a, const void *b)
{
	const struct pppoe_row *x = a, *y = b;
	__u64 tx = pppoe_start(&x->v), ty = pppoe_start(&y->v);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return memcmp(&x->k, &y->k, sizeof(x->k));
}

static int radius_cmp(const void *a, const void *b)
{
	const struct radius_row *x = a, *y = b;

	if (x->v.sent_ns != y->v.sent_ns)
		return x->v.sent_ns < y->v.sent_ns ? -1 : 1;
	return memcmp(&x->k, &y->k, sizeof(x->k));
}

static void unload(struct access_tables *t)
{
	free(t->pppoe);
	free(t->radius);
	free(t);
}

static int load(struct ts_maps *m, const struct ts_source *src, struct access_tables **out)
{
	struct access_tables *t = calloc(1, sizeof(*t));
	int fmt, fc, fp, fr, err;
	size_t i;

	*out = t;
	if (!t)
		return -ENOMEM;
	if ((fmt = ts_map_fd(m, "msg_types")) < 0)
		return fmt;
	if ((fc = ts_map_fd(m, "counters")) < 0)
		return fc;
	if ((fp = ts_map_fd(m, "pppoe_sessions")) < 0)
		return fp;
	if ((fr = ts_map_fd(m, "radius_pending")) < 0)
		return fr;
	if ((err = ts_percpu_sum(fmt, __TS_MT_MAX * TS_MT_SLOTS, t->mt)) ||
	    (err = ts_stats_read(fc, &t->st)))
		return err;
	err = dump(fp, sizeof(struct ts_pppoe_key), sizeof(struct ts_pppoe_session),
		   (void **)&t->pppoe, &t->npppoe);
	if (err)
		return err;
	err = dump(fr, sizeof(struct ts_radius_key), sizeof(struct ts_radius_req),
		   (void **)&t->radius, &t->nradius);
	if (err)
		return err;
	if (t->npppoe)
		qsort(t->pppoe, t->npppoe, sizeof(*t->pppoe), pppoe_cmp);
	if (t->nradius)
		qsort(t->radius, t->nradius, sizeof(*t->radius), radius_cmp);
	for (i = 0; i < t->nradius; i++)
		if (src->now_ns > t->radius[i].v.sent_ns &&
		    src->now_ns - t->radius[i].v.sent_ns >= RADIUS_ANSWER_NS)
			t->radius_stale++;
	return 0;
}

static void fmt_mac(char *buf, size_t len, const __u8 *a)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
}

static const char *pppoe_state(__u8 s)
{
	return s < sizeof(pppoe_state_names) / sizeof(pppoe_state_names[0]) ?
		pppoe_state_names[s] : "unknown";
}

static const char *auth_proto(__u8 p)
{
	return p == TS_AUTH_PAP ? "pap" : p == TS_AUTH_CHAP ? "chap" : NULL;
}

static const char *auth_result(__u8 r)
{
	return r == TS_AUTH_SUCCESS ? "success" : r == TS_AUTH_FAILURE ? "failure" : NULL;
}

static unsigned int tag_of_slot(unsigned int slot)
{
	return ((slot / 64) << 8) | (slot % 64);
}

/* ---- tables ------------------------------------------------------------- */

/* Rows "TYPE NAME COUNT" of one msg_types family; header printed once. */
static void table_types(FILE *f, const struct access_tables *t, int fam, const char *title,
			const struct name *names, int hex)
{
	unsigned int k;
	int any = 0;

	for (k = 0; k < TS_MT_SLOTS; k++) {
		const struct ts_counter *c = mt(t, fam, k);

		if (!c->packets)
			continue;
		if (!any++)
			fprintf(f, "\n%s\n%6s  %-40s %10s\n", title, "TYPE", "NAME", "COUNT");
		if (hex)
			fprintf(f, "  0x%02x  %-40s %10llu\n", k, name_of(names, k, "unknown"),
				(unsigned long long)c->packets);
		else
			fprintf(f, "%6u  %-40s %10llu\n", k, name_of(names, k, "unknown"),
				(unsigned long long)c->packets);
	}
}

int ts_access_table(FILE *f, const struct ts_source *src, struct ts_maps *m)
{
	char h[20], a[20], ip1[INET_ADDRSTRLEN], ip2[INET_ADDRSTRLEN], t1[40], t2[40];
	struct access_tables *t;
	unsigned int k;
	size_t i;
	int err, any;

	err = load(m, src, &t);
	if (err) {
		if (t)
			unload(t);
		return err;
	}
	if (t->npppoe) {
		fprintf(f, "\nPPPOE SESSIONS\n%-17s %-17s %6s %-10s %-27s %-27s %8s %8s %-5s %-7s %-15s\n",
			"HOST", "AC", "SID", "STATE", "STARTED", "ENDED", "TO_AC", "TO_HOST",
			"AUTH", "RESULT", "HOST_IP");
		for (i = 0; i < t->npppoe; i++) {
			const struct pppoe_row *r = &t->pppoe[i];

			fmt_mac(h, sizeof(h), r->k.host);
			fmt_mac(a, sizeof(a), r->k.ac);
			ts_fmt_ts(t1, sizeof(t1), src, pppoe_start(&r->v));
			ts_fmt_ts(t2, sizeof(t2), src, r->v.padt_ns);
			if (r->v.host_ip)
				inet_ntop(AF_INET, &r->v.host_ip, ip1, sizeof(ip1));
			else
				snprintf(ip1, sizeof(ip1), "-");
			fprintf(f, "%-17s %-17s %6u %-10s %-27s %-27s %8llu %8llu %-5s %-7s %-15s\n",
				h, a, ntohs(r->k.session_id), pppoe_state(r->v.state), t1, t2,
				(unsigned long long)r->v.packets[0], (unsigned long long)r->v.packets[1],
				auth_proto(r->v.auth_proto) ? auth_proto(r->v.auth_proto) : "-",
				auth_result(r->v.auth_result) ? auth_result(r->v.auth_result) : "-", ip1);
		}
	}
	table_types(f, t, TS_MT_PPPOE_CODE, "PPPOE CODES", pppoe_code_names, 1);
	for (any = 0, k = 0; k < TS_MT_SLOTS; k++) {
		const struct ts_counter *c = mt(t, TS_MT_PPPOE_TAG, k);

		if (!c->packets)
			continue;
		if (!any++)
			fprintf(f, "\nPPPOE DISCOVERY TAGS\n%6s  %-40s %10s\n", "TAG", "NAME", "COUNT");
		if (k == TS_PPPOE_TAG_OTHER)
			fprintf(f, "%6s  %-40s %10llu\n", "-", "other", (unsigned long long)c->packets);
		else
			fprintf(f, "0x%04x  %-40s %10llu\n", tag_of_slot(k),
				name_of(pppoe_tag_names, tag_of_slot(k), "unknown"),
				(unsigned long long)c->packets);
	}
	if (ctr(t, TS_C_ARP)) {
		fprintf(f, "\nARP\n%10s %10s %10s %10s %10s %10s\n", "REQUEST", "REPLY",
			"GRATUITOUS", "PROBE", "OTHER", "NON_IPV4");
		fprintf(f, "%10llu %10llu %10llu %10llu %10llu %10llu\n",
			(unsigned long long)ctr(t, TS_C_ARP_REQUEST),
			(unsigned long long)ctr(t, TS_C_ARP_REPLY),
			(unsigned long long)ctr(t, TS_C_ARP_GRATUITOUS),
			(unsigned long long)ctr(t, TS_C_ARP_PROBE),
			(unsigned long long)ctr(t, TS_C_ARP_OTHER),
			(unsigned long long)ctr(t, TS_C_ARP_NON_IPV4));
	}
	table_types(f, t, TS_MT_ARP_OP, "ARP OPCODES", arp_names, 0);
	table_types(f, t, TS_MT_ICMP, "ICMP", icmp_names, 0);
	table_types(f, t, TS_MT_ICMPV6, "ICMPV6", icmpv6_names, 0);
	table_types(f, t, TS_MT_IGMP, "IGMP", igmp_names, 1);
	table_types(f, t, TS_MT_OSPF, "OSPFV2", ospf_names, 0);
	table_types(f, t, TS_MT_OSPFV3, "OSPFV3", ospf_names, 0);
	table_types(f, t, TS_MT_RADIUS, "RADIUS", radius_names, 0);
	if (ctr(t, TS_C_RADIUS)) {
		fprintf(f, "\nRADIUS PAIRING\n%10s %10s %10s %10s %10s %10s %10s\n", "REQUESTS",
			"RESPONSES", "ANSWERED", "UNMATCHED", "RETRANS", "WAITING", "UNANSWERED");
		fprintf(f, "%10llu %10llu %10llu %10llu %10llu %10zu %10llu\n",
			(unsigned long long)ctr(t, TS_C_RADIUS_REQUEST),
			(unsigned long long)ctr(t, TS_C_RADIUS_RESPONSE),
			(unsigned long long)ctr(t, TS_C_RADIUS_ANSWERED),
			(unsigned long long)ctr(t, TS_C_RADIUS_UNMATCHED),
			(unsigned long long)ctr(t, TS_C_RADIUS_RETRANSMIT), t->nradius,
			(unsigned long long)(ctr(t, TS_C_RADIUS_UNANSWERED) + t->radius_stale));
	}
	for (i = 0; i < t->nradius; i++) {
		const struct radius_row *r = &t->radius[i];

		if (!i)
			fprintf(f, "\nRADIUS REQUESTS WAITING\n%-20s %6s %-20s %6s %4s %-22s %-27s %7s\n",
				"CLIENT", "PORT", "SERVER", "PORT", "ID", "CODE", "SENT", "RETRANS");
		ts_fmt_addr(ip1, sizeof(ip1), r->k.family, r->k.client);
		ts_fmt_addr(ip2, sizeof(ip2), r->k.family, r->k.server);
		ts_fmt_ts(t1, sizeof(t1), src, r->v.sent_ns);
		fprintf(f, "%-20s %6u %-20s %6u %4u %-22s %-27s %7u\n", ip1, ntohs(r->k.cport), ip2,
			ntohs(r->k.sport), r->k.id, name_of(radius_names, r->v.code, "unknown"), t1,
			r->v.retransmits);
	}
	table_types(f, t, TS_MT_TLS_CONTENT, "TLS RECORDS", tls_content_names, 0);
	for (any = 0, k = 0; k < TS_MT_SLOTS; k++) {
		const struct ts_counter *c = mt(t, TS_MT_TLS_VERSION, k);

		if (!c->packets)
			continue;
		if (!any++)
			fprintf(f, "\nTLS RECORD VERSIONS\n%6s  %-40s %10s\n", "VER", "NAME", "COUNT");
		fprintf(f, "%4s%u.%u  %-40s %10llu\n", "", 3, k, name_of(tls_version_names, k, "unknown"),
			(unsigned long long)c->packets);
	}
	table_types(f, t, TS_MT_TLS_HANDSHAKE, "TLS HANDSHAKE MESSAGES", tls_hs_names, 0);
	unload(t);
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

static void json_str_or_null(struct ts_json *j, const char *key, const char *s)
{
	if (s)
		json_str(j, key, s);
	else
		json_null(j, key);
}

static void json_ipv4(struct ts_json *j, const char *key, __be32 a)
{
	char buf[INET_ADDRSTRLEN];

	if (!a) {
		json_null(j, key);
		return;
	}
	inet_ntop(AF_INET, &a, buf, sizeof(buf));
	json_str(j, key, buf);
}

/* [{"<field>": type, "name": ..., "count": N, "bytes": N}] of one family */
static void json_types(struct ts_json *j, const struct access_tables *t, const char *key,
		       int fam, const char *field, const struct name *names)
{
	unsigned int k;

	json_arr_open(j, key);
	for (k = 0; k < TS_MT_SLOTS; k++) {
		const struct ts_counter *c = mt(t, fam, k);

		if (!c->packets)
			continue;
		json_obj_open(j, NULL);
		json_u64(j, field, k);
		json_str(j, "name", name_of(names, k, "unknown"));
		json_u64(j, "count", c->packets);
		json_u64(j, "bytes", c->bytes);
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void json_dir(struct ts_json *j, const char *key, __u64 packets, __u64 bytes)
{
	json_obj_open(j, key);
	json_u64(j, "packets", packets);
	json_u64(j, "bytes", bytes);
	json_obj_close(j);
}

static void json_pppoe(struct ts_json *j, const struct access_tables *t,
		       const struct ts_source *src)
{
	char mac[20];
	unsigned int k;
	size_t i;

	json_arr_open(j, "pppoe_sessions");
	for (i = 0; i < t->npppoe; i++) {
		const struct pppoe_row *r = &t->pppoe[i];
		const struct ts_pppoe_session *v = &r->v;

		json_obj_open(j, NULL);
		fmt_mac(mac, sizeof(mac), r->k.host);
		json_str(j, "host", mac);
		fmt_mac(mac, sizeof(mac), r->k.ac);
		json_str(j, "ac", mac);
		json_u64(j, "session_id", ntohs(r->k.session_id));
		json_str(j, "state", pppoe_state(v->state));
		json_bool(j, "discovery_seen", !(v->flags & TS_PPPOE_F_NO_DISCOVERY));
		ts_json_time(j, "padi", src, v->padi_ns);
		ts_json_time(j, "pado", src, v->pado_ns);
		ts_json_time(j, "padr", src, v->padr_ns);
		ts_json_time(j, "pads", src, v->pads_ns);
		ts_json_time(j, "first_data", src, v->first_ns);
		ts_json_time(j, "padt", src, v->padt_ns);
		ts_json_time(j, "last_seen", src, v->last_ns);
		if (v->padt_ns)
			json_str(j, "padt_by", v->flags & TS_PPPOE_F_PADT_BY_AC ? "ac" : "host");
		else
			json_null(j, "padt_by");
		json_dir(j, "to_ac", v->packets[0], v->bytes[0]);
		json_dir(j, "to_host", v->packets[1], v->bytes[1]);
		json_obj_open(j, "ppp_control");
		for (k = 0; k < TS_PPP_CTRL_PROTOS; k++)
			json_u64(j, ppp_ctrl_names[k], v->ppp_ctrl[k]);
		json_obj_close(j);
		json_str_or_null(j, "auth", auth_proto(v->auth_proto));
		json_str_or_null(j, "auth_result", auth_result(v->auth_result));
		ts_json_time(j, "auth_time", src, v->auth_ns);
		json_ipv4(j, "host_ip", v->host_ip);
		json_ipv4(j, "ac_ip", v->ac_ip);
		json_bool(j, "service_name_tag", v->flags & TS_PPPOE_F_SERVICE_NAME);
		json_bool(j, "ac_name_tag", v->flags & TS_PPPOE_F_AC_NAME);
		json_bool(j, "error_tag", v->flags & TS_PPPOE_F_ERROR_TAG);
		json_bool(j, "lcp_terminate", v->flags & TS_PPPOE_F_LCP_TERM);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_obj_open(j, "pppoe");
	json_types(j, t, "codes", TS_MT_PPPOE_CODE, "code", pppoe_code_names);
	json_arr_open(j, "tags");
	for (k = 0; k < TS_MT_SLOTS; k++) {
		const struct ts_counter *c = mt(t, TS_MT_PPPOE_TAG, k);

		if (!c->packets)
			continue;
		json_obj_open(j, NULL);
		if (k == TS_PPPOE_TAG_OTHER) {
			json_null(j, "tag");
			json_str(j, "name", "other");
		} else {
			json_u64(j, "tag", tag_of_slot(k));
			json_str(j, "name", name_of(pppoe_tag_names, tag_of_slot(k), "unknown"));
		}
		json_u64(j, "count", c->packets);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}

static void json_radius(struct ts_json *j, const struct access_tables *t,
			const struct ts_source *src)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	unsigned int k;
	size_t i;

	json_obj_open(j, "radius");
	json_types(j, t, "codes", TS_MT_RADIUS, "code", radius_names);
	json_u64(j, "requests", ctr(t, TS_C_RADIUS_REQUEST));
	json_u64(j, "responses", ctr(t, TS_C_RADIUS_RESPONSE));
	json_u64(j, "answered", ctr(t, TS_C_RADIUS_ANSWERED));
	json_u64(j, "unmatched_responses", ctr(t, TS_C_RADIUS_UNMATCHED));
	json_u64(j, "retransmits", ctr(t, TS_C_RADIUS_RETRANSMIT));
	json_u64(j, "waiting", t->nradius);
	json_u64(j, "unanswered", ctr(t, TS_C_RADIUS_UNANSWERED) + t->radius_stale);
	json_arr_open(j, "response_time_us");
	for (k = 0; k < TS_RTT_BUCKETS; k++) {
		const struct ts_counter *c = mt(t, TS_MT_RADIUS_RTT, k);

		if (!c->packets)
			continue;
		json_obj_open(j, NULL);
		json_u64(j, "from", k ? 1ULL << k : 0);
		json_u64(j, "to", 1ULL << (k + 1));
		json_u64(j, "count", c->packets);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_arr_open(j, "waiting_requests");
	for (i = 0; i < t->nradius; i++) {
		const struct radius_row *r = &t->radius[i];

		ts_fmt_addr(a, sizeof(a), r->k.family, r->k.client);
		ts_fmt_addr(b, sizeof(b), r->k.family, r->k.server);
		json_obj_open(j, NULL);
		json_str(j, "client", a);
		json_u64(j, "client_port", ntohs(r->k.cport));
		json_str(j, "server", b);
		json_u64(j, "server_port", ntohs(r->k.sport));
		json_u64(j, "id", r->k.id);
		json_u64(j, "code", r->v.code);
		json_str(j, "name", name_of(radius_names, r->v.code, "unknown"));
		ts_json_time(j, "sent", src, r->v.sent_ns);
		json_u64(j, "retransmits", r->v.retransmits);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}

static void json_tls(struct ts_json *j, const struct access_tables *t)
{
	char v[8];
	unsigned int k;

	json_obj_open(j, "tls");
	json_types(j, t, "records", TS_MT_TLS_CONTENT, "content_type", tls_content_names);
	json_arr_open(j, "versions");
	for (k = 0; k < TS_MT_SLOTS; k++) {
		const struct ts_counter *c = mt(t, TS_MT_TLS_VERSION, k);

		if (!c->packets)
			continue;
		snprintf(v, sizeof(v), "3.%u", k);
		json_obj_open(j, NULL);
		json_str(j, "version", v);
		json_str(j, "name", name_of(tls_version_names, k, "unknown"));
		json_u64(j, "count", c->packets);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_types(j, t, "handshakes", TS_MT_TLS_HANDSHAKE, "type", tls_hs_names);
	json_u64(j, "continued", ctr(t, TS_C_TLS_CONTINUED));
	json_obj_close(j);
}

int ts_access_json(struct ts_json *j, const struct ts_source *src, struct ts_maps *m)
{
	struct access_tables *t;
	int err;

	err = load(m, src, &t);
	if (err) {
		if (t)
			unload(t);
		return err;
	}
	json_pppoe(j, t, src);

	json_obj_open(j, "arp");
	json_u64(j, "request", ctr(t, TS_C_ARP_REQUEST));
	json_u64(j, "reply", ctr(t, TS_C_ARP_REPLY));
	json_u64(j, "gratuitous", ctr(t, TS_C_ARP_GRATUITOUS));
	json_u64(j, "probe", ctr(t, TS_C_ARP_PROBE));
	json_u64(j, "other", ctr(t, TS_C_ARP_OTHER));
	json_u64(j, "non_ipv4", ctr(t, TS_C_ARP_NON_IPV4));
	json_types(j, t, "opcodes", TS_MT_ARP_OP, "opcode", arp_names);
	json_obj_close(j);

	json_types(j, t, "icmp", TS_MT_ICMP, "type", icmp_names);
	json_types(j, t, "icmpv6", TS_MT_ICMPV6, "type", icmpv6_names);
	json_types(j, t, "igmp", TS_MT_IGMP, "type", igmp_names);
	json_obj_open(j, "ospf");
	json_types(j, t, "v2", TS_MT_OSPF, "type", ospf_names);
	json_types(j, t, "v3", TS_MT_OSPFV3, "type", ospf_names);
	json_obj_close(j);
	json_radius(j, t, src);
	json_tls(j, t);
	unload(t);
	return 0;
}
