#!/usr/bin/env bash
# Access-network protocols (issue 7): PPPoE sessions, ARP, 802.3/SNAP, ICMP,
# ICMPv6, IGMP, OSPF, RADIUS, TLS records and GRE v0 payloads.
#
#  1. a generated capture (tests/gen/access.py) replayed with exact
#     expectations on every JSON section (docs/access.md), the PPPoE session
#     followed from PADI to PADT with the address IPCP assigned;
#  2. tshark as the oracle on that capture (tests/gen/access_tshark.py);
#  3. the same comparison on every capture in ../shared/corpus (skipped when
#     absent; tshark's numbers are cached under build/ by content hash);
#  4. live: the capture sent over a veth pair to an attached program, read
#     back with `show --json` from the pinned maps.
TS_SUITE=access
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_suite "needs root (BPF_PROG_TEST_RUN)"
[ -x "$TS_PY" ] && "$TS_PY" -c 'import scapy' 2>/dev/null || skip_suite "needs python3-scapy"

cap="$TS_TMP/access.pcap"
"$TS_PY" "$TS_ROOT/tests/gen/access.py" "$cap" || skip_suite "generator failed"

ts_run replay --json --top 0 "$cap"
expect_eq "replay exit code" 0 "$TS_RC"
echo "$TS_OUT" >"$TS_TMP/r.json"

# q 'python expression on d' (jq-free)
q() { "$TS_PY" -c "import json,sys; d=json.load(open('$TS_TMP/r.json')); print($1)"; }
ctr() { q "d['counters']['$1']['packets']"; }
# one session's field: sess HOST AC SID FIELD-EXPRESSION
sess() {
	q "[(s$4) for s in d['pppoe_sessions'] if s['host']=='$1' and s['ac']=='$2' and s['session_id']==$3][0]"
}
types() { # types EXPR-OF-ARRAY FIELD: "type:count ..." in order
	q "' '.join('%d:%d' % (e['$2'], e['count']) for e in $1)"
}

H1=02:00:00:00:01:01 H2=02:00:00:00:01:02 H3=02:00:00:00:01:03 H4=02:00:00:00:01:04
AC1=02:00:00:00:0a:01 AC2=02:00:00:00:0a:02

# ---- 1. exact expectations -------------------------------------------------
expect_eq "frames replayed" 142 "$(q "d['packets']")"
for c in pppoe_discovery:15 pppoe_session:34 pppoe_service_name:12 pppoe_ac_name:4 \
	pppoe_error_tag:2 arp:12 llc:3 snap:2 igmp:6 ospf:6 radius:25 tls:17 tls_continued:1 \
	gre_erspan:3 gre_teb:1 tcp_inner:9 ppp:34; do
	expect_eq "counter ${c%%:*}" "${c#*:}" "$(ctr "${c%%:*}")"
done
expect_eq "no parse errors" "{}" "$(q "{k: v for k, v in d['errors'].items() if v}")"
expect_eq "ppp_no_addr_ctrl not counted for PPPoE (RFC 2516 7)" 0 "$(ctr ppp_no_addr_ctrl)"

# PPPoE session A, PADI to PADT
A="$H1 $AC1 4660"
expect_eq "sessions listed" 5 "$(q "len(d['pppoe_sessions'])")"
expect_eq "A state" terminated "$(sess $A "['state']")"
expect_eq "A discovery seen" True "$(sess $A "['discovery_seen']")"
expect_eq "A PADI..PADT times" \
	"2023-11-14T22:13:21.000000Z 2023-11-14T22:13:21.010000Z 2023-11-14T22:13:21.020000Z 2023-11-14T22:13:21.030000Z 2023-11-14T22:13:21.040000Z 2023-11-14T22:13:21.410000Z" \
	"$(sess $A "['padi']+' '+s['pado']+' '+s['padr']+' '+s['pads']+' '+s['first_data']+' '+s['padt']")"
expect_eq "A PADT by" host "$(sess $A "['padt_by']")"
expect_eq "A frames to AC / to host" "13 12" "$(sess $A "['to_ac']['packets'],s['to_host']['packets']" | tr -d '(),')"
expect_eq "A bytes to AC / to host" "916 929" "$(sess $A "['to_ac']['bytes'],s['to_host']['bytes']" | tr -d '(),')"
expect_eq "A PPP control lcp pap chap ipcp" "8 2 0 6" \
	"$(sess $A "['ppp_control']['lcp'],s['ppp_control']['pap'],s['ppp_control']['chap'],s['ppp_control']['ipcp']" | tr -d '(),')"
expect_eq "A PAP success at 21.060" "pap success 2023-11-14T22:13:21.060000Z" \
	"$(sess $A "['auth']+' '+s['auth_result']+' '+s['auth_time']")"
expect_eq "A IPCP: host address (Configure-Ack by the AC)" 100.64.1.2 "$(sess $A "['host_ip']")"
expect_eq "A IPCP: AC address (Configure-Ack by the host)" 100.64.0.1 "$(sess $A "['ac_ip']")"
expect_eq "A tags and LCP terminate" "True True False True" \
	"$(sess $A "['service_name_tag'],s['ac_name_tag'],s['error_tag'],s['lcp_terminate']" | tr -d '(),')"
expect_eq "second offer (AC2) left offered" "offered 2023-11-14T22:13:21.011000Z" \
	"$(sess $H1 $AC2 0 "['state']+' '+s['pado']")"
expect_eq "B: CHAP failure, PADT by the AC, Generic-Error tag" "terminated chap failure ac True" \
	"$(sess $H2 $AC1 8738 "['state'],s['auth'],s['auth_result'],s['padt_by'],s['error_tag']" | tr -d "(),'")"
expect_eq "B frames to AC / to host, chap" "2 4 3" \
	"$(sess $H2 $AC1 8738 "['to_ac']['packets'],s['to_host']['packets'],s['ppp_control']['chap']" | tr -d '(),')"
expect_eq "H3 rejected (PADS session ID 0, Service-Name-Error)" "rejected True 2023-11-14T22:13:23.000000Z" \
	"$(sess $H3 $AC1 0 "['state'],s['error_tag'],s['padi']" | tr -d "(),'")"
expect_eq "H3 PADI entry folded into the rejection" 0 \
	"$(q "len([s for s in d['pppoe_sessions'] if s['host']=='$H3' and s['ac']=='00:00:00:00:00:00'])")"
expect_eq "D: no discovery, host guessed from the first frame" "active False 2 1" \
	"$(sess $H4 $AC2 13107 "['state'],s['discovery_seen'],s['to_ac']['packets'],s['to_host']['packets']" | tr -d "(),'")"
expect_eq "PPPoE codes" "0:34 7:4 9:3 25:3 101:3 167:2" "$(types "d['pppoe']['codes']" code)"
expect_eq "PPPoE tags" "257:12 258:4 259:5 260:2 513:1 515:1" "$(types "d['pppoe']['tags']" tag)"

# ARP, ICMP, ICMPv6, IGMP, OSPF
expect_eq "ARP kinds request reply gratuitous probe other non_ipv4" "6 2 2 1 2 1" \
	"$(q "' '.join(str(d['arp'][k]) for k in ('request','reply','gratuitous','probe','other','non_ipv4'))")"
expect_eq "ARP opcodes" "1:7 2:3 3:1 8:1" "$(types "d['arp']['opcodes']" opcode)"
expect_eq "ICMP types (a quoted echo request not counted)" "0:1 3:1 5:1 8:5 11:1 13:1" \
	"$(types "d['icmp']" type)"
expect_eq "ICMPv6 types" "2:1 128:4 129:2 133:1 134:1 135:1 136:1 143:1" "$(types "d['icmpv6']" type)"
expect_eq "IGMP types" "17:2 18:1 22:1 23:1 34:1" "$(types "d['igmp']" type)"
expect_eq "OSPFv2 types" "1:1 2:1 3:1 4:1 5:1" "$(types "d['ospf']['v2']" type)"
expect_eq "OSPFv3 types" "1:1" "$(types "d['ospf']['v3']" type)"

# RADIUS
expect_eq "RADIUS codes" "1:11 2:6 3:2 4:1 5:1 11:1 12:1 43:1 44:1" "$(types "d['radius']['codes']" code)"
expect_eq "RADIUS requests responses answered unmatched retransmits waiting unanswered" \
	"14 11 10 1 1 2 2" \
	"$(q "' '.join(str(d['radius'][k]) for k in ('requests','responses','answered','unmatched_responses','retransmits','waiting','unanswered'))")"
expect_eq "RADIUS response times (log2 us buckets)" "256:1 512:4 1024:1 2048:2 4096:1 2097152:1" \
	"$(types "d['radius']['response_time_us']" from)"
expect_eq "RADIUS waiting requests (ID 9 unanswered, ID 60 at the end)" "9 60" \
	"$(q "' '.join(str(r['id']) for r in d['radius']['waiting_requests'])")"

# TLS
expect_eq "TLS records" "20:6 21:1 22:12 23:8 24:1" "$(types "d['tls']['records']" content_type)"
expect_eq "TLS record versions" "3.1:3 3.3:25" \
	"$(q "' '.join('%s:%d' % (e['version'], e['count']) for e in d['tls']['versions'])")"
expect_eq "TLS handshakes (encrypted Finished not counted)" "1:3 2:3 11:2 14:2 16:2" \
	"$(types "d['tls']['handshakes']" type)"
expect_eq "TLS continued records" 1 "$(q "d['tls']['continued']")"

# text tables name the sections
ts_run replay "$cap"
for s in "PPPOE SESSIONS" "PPPOE CODES" "PPPOE DISCOVERY TAGS" "ARP OPCODES" "ICMPV6" "IGMP" \
	"OSPFV3" "RADIUS PAIRING" "RADIUS REQUESTS WAITING" "TLS HANDSHAKE MESSAGES"; do
	if grep -q "^$s" <<<"$TS_OUT"; then ok "table section $s"; else fail "table section $s" "missing"; fi
done
if grep -q "^02:00:00:00:01:01 02:00:00:00:0a:01 *4660 terminated .* pap *success 100.64.1.2" <<<"$TS_OUT"; then
	ok "table row of session A"
else
	fail "table row of session A" "$(grep 4660 <<<"$TS_OUT")"
fi

# ---- 2. tshark on the generated capture -------------------------------------
if command -v tshark >/dev/null; then
	TS_BIN="$TS_BIN" "$TS_PY" "$TS_ROOT/tests/gen/access_tshark.py" --name generated "$cap" \
		>"$TS_TMP/tsk" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "tshark: ${line#ok - }" ;;
		"FAIL - "*) r=${line#FAIL - }; fail "tshark: ${r%%: tshark*}" "tshark${r#*: tshark}" ;;
		*) fail "tshark comparison" "$line" ;;
		esac
	done <"$TS_TMP/tsk"
else
	skip "tshark comparison" "tshark not installed"
fi

# ---- 3. the corpus --------------------------------------------------------------
corpus="$TS_ROOT/../shared/corpus"
if [ ! -f "$corpus/INDEX.jsonl" ]; then
	skip "corpus" "$corpus not found (only the development machine has it)"
elif ! command -v tshark >/dev/null; then
	skip "corpus" "tshark not installed"
else
	"$TS_PY" -c "
import json, sys
for l in open(sys.argv[1]):
    print(json.loads(l)['file'])" "$corpus/INDEX.jsonl" >"$TS_TMP/files"
	# each worker writes a file of its own: parallel writers on one pipe
	# can interleave their buffers mid-line
	mkdir -p "$TS_TMP/corpus.d"
	(cd "$corpus" && xargs -a "$TS_TMP/files" -d '\n' -P "$(nproc)" -n 16 \
		sh -c 'b=$0 py=$1 sc=$2 c=$3 o=$4; shift 4
			env TS_BIN="$b" "$py" "$sc" --cache "$c" "$@" >"$o/$$.out" 2>&1' \
		"$TS_BIN" "$TS_PY" "$TS_ROOT/tests/gen/access_tshark.py" \
		"$TS_ROOT/build/access-tshark-cache" "$TS_TMP/corpus.d")
	cat "$TS_TMP"/corpus.d/*.out | grep -v '^$' >"$TS_TMP/corpus"
	n=$(wc -l <"$TS_TMP/files")
	nok=$(grep -c '^ok - ' "$TS_TMP/corpus")
	nskip=$(grep -c '^skip - ' "$TS_TMP/corpus")
	if grep -q '^FAIL - ' "$TS_TMP/corpus" || grep -vqE '^(ok|skip|FAIL) - ' "$TS_TMP/corpus"; then
		while IFS= read -r line; do fail "corpus" "$line"; done \
			< <(grep -vE '^(ok|skip) - ' "$TS_TMP/corpus")
	else
		ok "corpus: $n captures, $nok comparisons equal tshark's ($(grep -c 'documented difference' "$TS_TMP/corpus") documented differences), $nskip captures replay cannot read"
	fi
	grep '^skip - ' "$TS_TMP/corpus" | sed 's/^skip - /skip - corpus: /'
fi

# ---- 4. live, from the pins ------------------------------------------------------
if command -v tcpreplay >/dev/null && ns_setup 2>/dev/null; then
	ts_run_ns attach "$TS_NS_IF" --mode skb
	expect_eq "attach" 0 "$TS_RC"
	tcpreplay -q -i "$TS_HOST_IF" --pps 2000 "$cap" >/dev/null 2>&1
	sleep 0.3
	ts_run_ns show "$TS_NS_IF" --json
	expect_eq "show exit code" 0 "$TS_RC"
	echo "$TS_OUT" >"$TS_TMP/r.json"
	expect_eq "live: session A terminated with its address" "terminated 100.64.1.2 13 12" \
		"$(sess $A "['state'],s['host_ip'],s['to_ac']['packets'],s['to_host']['packets']" | tr -d "(),'")"
	expect_eq "live: PPPoE codes" "0:34 7:4 9:3 25:3 101:3 167:2" "$(types "d['pppoe']['codes']" code)"
	expect_eq "live: TLS handshakes" "1:3 2:3 11:2 14:2 16:2" "$(types "d['tls']['handshakes']" type)"
	expect_eq "live: RADIUS answered" 10 "$(q "d['radius']['answered']")"
	ts_run_ns detach "$TS_NS_IF"
	expect_eq "detach" 0 "$TS_RC"
	ns_teardown
else
	skip "live" "needs tcpreplay and network namespaces"
fi

summary
