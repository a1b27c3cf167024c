#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# IPsec through `tunnelstat replay --json`: the generated captures of
# tests/gen/ipsec.py with their exact SA tables (the anti-replay counts of
# every SA, IKE SAs, peers and rekeys, NAT-T), the port options, and the
# per-SPI and per-exchange counts against tshark on the generated captures
# and on every ESP, AH, ISAKMP and UDP 4500 capture of ../shared/corpus
# (tests/gen/ipsec_tshark.py says what is compared). Needs root, tshark and
# scapy under /usr/bin/python3; skips cleanly without them.
#
#   TS_BIN=./tunnelstat bash tests/ipsec.t.sh      (as root; tests/run.sh sets TS_BIN)
set -u
TS_SUITE=ipsec
. "$(dirname "$0")/lib.sh"

need_root
need_cmd tshark
need_scapy
[ -x "$TS_BIN" ] || skip_suite "no tunnelstat binary at $TS_BIN: run make"
ROOT=$TS_ROOT
TMP=$TS_TMP
CORPUS=${TS_CORPUS:-$TS_ROOT/../shared/corpus}

# check NAME FILE EXPR: EXPR (Python, the JSON bound to j) is True, or
# else a string saying what is wrong.
check() {
	local r
	r=$("$TS_PY" - "$2" "$3" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
def sa(table, spi):
    m = [s for s in j[table] if s["spi"] == spi]
    return m[0] if len(m) == 1 else None
def peer(a, b):
    m = [p for p in j["ipsec_peers"] if {p["peer_a"], p["peer_b"]} == {a, b}]
    return m[0] if len(m) == 1 else None
def fields(d, keys):
    return None if d is None else {k: d[k] for k in keys}
try:
    v = eval(sys.argv[2])
except Exception as e:
    v = "%s: %s" % (type(e).__name__, e)
print("OK" if v is True else v)
EOF
)
	if [ "$r" = OK ]; then ok "$1"; else fail "$1" "$r"; fi
}

# compare [--exact] NAME CAPTURE JSON [tshark args]: tests/gen/ipsec_tshark.py
compare() {
	local line
	CMP_NAME=$1
	[ "$1" = --exact ] && CMP_NAME=$2
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"FAIL - "*) line=${line#FAIL - }; fail "${line%%: *}" "${line#*: }" ;;
		*) echo "$line" ;;
		esac
	done < <("$TS_PY" "$ROOT/tests/gen/ipsec_tshark.py" "$@" 2>"$TMP/cmp.err" ||
		echo "FAIL - $CMP_NAME: comparison failed: $(tail -1 "$TMP/cmp.err")")
}

replay() {	# OUT.json ARGS...
	local out=$1
	shift
	"$TS_BIN" replay --json "$@" >"$out" 2>"$TMP/err"
}

if ! "$TS_PY" "$ROOT/tests/gen/ipsec.py" "$TMP" 2>"$TMP/gen.err"; then
	fail "generate captures" "$(tail -3 "$TMP/gen.err")"
	summary
	exit
fi

# ---- sequence runs, rekeys ------------------------------------------------------

if replay "$TMP/sa.json" "$TMP/ipsec_sa.pcap"; then
	RUN='{"packets": 155, "seq_max": 5, "gaps": 1, "duplicates": 1, "reordered": 1, "too_old": 1, "restarts": 1}'
	KEYS='["packets", "seq_max", "gaps", "duplicates", "reordered", "too_old", "restarts"]'
	for spi in 0000c001 0000c002 0000c003 0000c004; do
		check "sequence run ESP $spi: gap, duplicate, reorder, too old, restart" "$TMP/sa.json" \
			"fields(sa('esp_sas', '$spi'), $KEYS) == $RUN or fields(sa('esp_sas', '$spi'), $KEYS)"
	done
	for spi in 0000a001 0000a002; do
		check "sequence run AH $spi: gap, duplicate, reorder, too old, restart" "$TMP/sa.json" \
			"fields(sa('ah_sas', '$spi'), $KEYS) == $RUN or fields(sa('ah_sas', '$spi'), $KEYS)"
	done
	check "SA keys: addresses and encapsulation" "$TMP/sa.json" \
		"[fields(sa(t, s), ['src', 'dst', 'encap']) for t, s in [('esp_sas', '0000c001'), ('esp_sas', '0000c002'), ('esp_sas', '0000c003'), ('esp_sas', '0000c004'), ('ah_sas', '0000a001'), ('ah_sas', '0000a002')]] == [
		 {'src': '192.0.2.1', 'dst': '198.51.100.2', 'encap': 'ip'},
		 {'src': '198.51.100.2', 'dst': '192.0.2.1', 'encap': 'ip'},
		 {'src': '2001:db8::1', 'dst': '2001:db8::2', 'encap': 'ip'},
		 {'src': '192.0.2.10', 'dst': '203.0.113.20', 'encap': 'udp'},
		 {'src': '192.0.2.1', 'dst': '198.51.100.2', 'encap': 'ip'},
		 {'src': '2001:db8::1', 'dst': '2001:db8::2', 'encap': 'ip'}] or 'got something else'"
	check "rekeyed and parallel SAs: in order, no anomalies" "$TMP/sa.json" \
		"[fields(sa('esp_sas', s), ['packets', 'seq_max', 'gaps', 'duplicates', 'reordered', 'too_old', 'restarts']) for s in ['0000d001', '0000d002', '0000d101', '0000d102', '0000e001', '0000e002']] == [
		 {'packets': n, 'seq_max': n, 'gaps': 0, 'duplicates': 0, 'reordered': 0, 'too_old': 0, 'restarts': 0} for n in (31, 36, 31, 36, 61, 51)] or 'got something else'"
	check "peers: a rekey in each direction between 192.0.2.30 and 198.51.100.30" "$TMP/sa.json" \
		"[(r['kind'], r['src'], r['dst'], r['old_spi'], r['new_spi'], r['at']) for r in peer('192.0.2.30', '198.51.100.30')['rekeys']] == [
		 ('esp', '192.0.2.30', '198.51.100.30', '0000d001', '0000d002', '2023-11-14T22:15:25.001000Z'),
		 ('esp', '198.51.100.30', '192.0.2.30', '0000d101', '0000d102', '2023-11-14T22:15:25.001500Z')] or peer('192.0.2.30', '198.51.100.30')['rekeys']"
	check "peers: two child SAs side by side are no rekey" "$TMP/sa.json" \
		"peer('192.0.2.40', '198.51.100.40')['rekeys'] == [] and peer('192.0.2.40', '198.51.100.40')['esp_sas'] == 2 or peer('192.0.2.40', '198.51.100.40')"
	check "peers: SAs grouped by address pair" "$TMP/sa.json" \
		"[(p['peer_a'], p['peer_b'], p['ike_sas'], p['esp_sas'], p['ah_sas'], p['nat_t'], p['packets'], len(p['rekeys'])) for p in j['ipsec_peers']] == [
		 ('192.0.2.1', '198.51.100.2', 0, 2, 1, False, 465, 0),
		 ('192.0.2.10', '203.0.113.20', 0, 1, 0, True, 155, 0),
		 ('192.0.2.30', '198.51.100.30', 0, 4, 0, False, 134, 2),
		 ('192.0.2.40', '198.51.100.40', 0, 2, 0, False, 112, 0),
		 ('2001:db8::1', '2001:db8::2', 0, 1, 1, False, 310, 0)] or [(p['peer_a'], p['peer_b'], p['ike_sas'], p['esp_sas'], p['ah_sas'], p['nat_t'], p['packets'], len(p['rekeys'])) for p in j['ipsec_peers']]"
	check "sequence capture: counters and no errors" "$TMP/sa.json" \
		"(j['counters']['esp']['packets'], j['counters']['esp_udp']['packets'], j['counters']['ah']['packets'], j['counters']['ike']['packets'], sum(j['errors'].values())) == (866, 155, 310, 0, 0) or (j['counters']['esp'], j['counters']['ah'], {k: v for k, v in j['errors'].items() if v})"
	compare --exact "generated ipsec_sa" "$TMP/ipsec_sa.pcap" "$TMP/sa.json"
else
	fail "replay ipsec_sa.pcap" "$(tail -3 "$TMP/err")"
fi

# ---- IKE, NAT-T ---------------------------------------------------------------

if replay "$TMP/ike.json" "$TMP/ipsec_ike.pcap"; then
	check "IKE SAs: roles, SPIs, versions, NAT-T, exchanges" "$TMP/ike.json" \
		"[(s['initiator'], s['responder'], s['ispi'], s['rspi'], s['version'], s['nat_t'], s['packets'], [(x['type'], x['name'], x['count']) for x in s['exchanges']]) for s in j['ike_sas']] == [
		 ('192.0.2.1', '198.51.100.2', '1111111111111111', '2222222222222222', '1.0', False, 10, [(2, 'Main Mode', 6), (32, 'Quick Mode', 3), (5, 'Informational', 1)]),
		 ('192.0.2.10', '203.0.113.20', '3333333333333333', '4444444444444444', '2.0', True, 9, [(34, 'IKE_SA_INIT', 2), (35, 'IKE_AUTH', 2), (36, 'CREATE_CHILD_SA', 2), (37, 'INFORMATIONAL', 3)]),
		 ('203.0.113.20', '192.0.2.10', '5555555555555555', '6666666666666666', '2.0', True, 12, [(37, 'INFORMATIONAL', 12)]),
		 ('2001:db8::1', '2001:db8::2', '7777777777777777', '8888888888888888', '1.0', True, 9, [(2, 'Main Mode', 6), (32, 'Quick Mode', 3)])] or [(s['initiator'], s['ispi'], s['version'], s['nat_t'], s['packets'], s['exchanges']) for s in j['ike_sas']]"
	check "IKE SAs: first and last seen" "$TMP/ike.json" \
		"[(s['first_seen'], s['last_seen']) for s in j['ike_sas']][1:3] == [('2023-11-14T22:13:30.000000Z', '2023-11-14T22:14:12.000000Z'), ('2023-11-14T22:14:10.000000Z', '2023-11-14T22:15:00.010000Z')] or [(s['first_seen'], s['last_seen']) for s in j['ike_sas']]"
	check "nat_t: keepalives, IKE behind the marker, ESP" "$TMP/ike.json" \
		"j['nat_t'] == {'keepalives': 3, 'ike': 24, 'esp': 10} or j['nat_t']"
	check "counters: ike, ike_v1, ike_v2, ike_natt, nat_keepalive, esp_udp" "$TMP/ike.json" \
		"[j['counters'][c]['packets'] for c in ('ike', 'ike_v1', 'ike_v2', 'ike_natt', 'nat_keepalive', 'esp', 'esp_udp')] == [40, 19, 21, 24, 3, 10, 10] and sum(j['errors'].values()) == 0 or ([j['counters'][c]['packets'] for c in ('ike', 'ike_v1', 'ike_v2', 'ike_natt', 'nat_keepalive', 'esp', 'esp_udp')], {k: v for k, v in j['errors'].items() if v})"
	check "ESP in UDP after the float" "$TMP/ike.json" \
		"fields(sa('esp_sas', '0000f001'), ['src', 'dst', 'encap', 'packets', 'seq_max', 'gaps']) == {'src': '192.0.2.10', 'dst': '203.0.113.20', 'encap': 'udp', 'packets': 10, 'seq_max': 10, 'gaps': 0} or sa('esp_sas', '0000f001')"
	check "peers: the IKE SA rekeyed, ESP and IKE grouped" "$TMP/ike.json" \
		"(peer('192.0.2.10', '203.0.113.20')['ike_sas'], peer('192.0.2.10', '203.0.113.20')['esp_sas'], peer('192.0.2.10', '203.0.113.20')['nat_t'], [(r['kind'], r['src'], r['dst'], r['old_spi'], r['new_spi']) for r in peer('192.0.2.10', '203.0.113.20')['rekeys']]) == (2, 1, True, [('ike', '203.0.113.20', '192.0.2.10', '3333333333333333', '5555555555555555')]) and peer('192.0.2.1', '198.51.100.2')['rekeys'] == [] or peer('192.0.2.10', '203.0.113.20')"
	compare --exact "generated ipsec_ike" "$TMP/ipsec_ike.pcap" "$TMP/ike.json"
else
	fail "replay ipsec_ike.pcap" "$(tail -3 "$TMP/err")"
fi

# ---- --ike-port, --natt-port ------------------------------------------------------

if replay "$TMP/p0.json" "$TMP/ipsec_ports.pcap"; then
	check "default ports: IKE on 1500 and NAT-T on 14500 are plain UDP" "$TMP/p0.json" \
		"(j['counters']['udp']['packets'], j['counters']['ike']['packets'], j['counters']['esp']['packets'], j['nat_t'], j['ike_sas'], j['esp_sas']) == (6, 0, 0, {'keepalives': 0, 'ike': 0, 'esp': 0}, [], []) or j['counters']['ike']"
else
	fail "replay ipsec_ports.pcap" "$(tail -3 "$TMP/err")"
fi
if replay "$TMP/p1.json" --ike-port 1500 --natt-port 14500 "$TMP/ipsec_ports.pcap"; then
	check "--ike-port 1500 --natt-port 14500" "$TMP/p1.json" \
		"(j['counters']['ike']['packets'], j['nat_t'], [(s['ispi'], s['nat_t'], [(x['type'], x['count']) for x in s['exchanges']]) for s in j['ike_sas']], [(s['spi'], s['encap'], s['packets']) for s in j['esp_sas']]) == (3, {'keepalives': 1, 'ike': 1, 'esp': 2}, [('3333333333333333', True, [(34, 2), (35, 1)])], [('0000b001', 'udp', 2)]) or (j['nat_t'], j['ike_sas'])"
	compare --exact "generated ipsec_ports" "$TMP/ipsec_ports.pcap" "$TMP/p1.json" \
		-d udp.port==1500,isakmp -d udp.port==14500,udpencap
else
	fail "replay --ike-port --natt-port" "$(tail -3 "$TMP/err")"
fi
for bad in "--ike-port 0" "--natt-port 65536" "--ike-port x" "--ike-port 4500" "--natt-port 500"; do
	# shellcheck disable=SC2086 # the option and its value are two words
	"$TS_BIN" replay $bad "$TMP/ipsec_ports.pcap" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 2 ] && [ -s "$TMP/err" ]; then ok "replay $bad: usage error"; else
		fail "replay $bad: usage error" "exit $rc, stderr '$(head -1 "$TMP/err")'"; fi
done
for cmd in attach replay; do
	h=$("$TS_BIN" "$cmd" --help 2>&1)
	if grep -q -- "--ike-port PORT" <<<"$h" && grep -q -- "--natt-port PORT" <<<"$h"; then
		ok "$cmd --help lists --ike-port and --natt-port"
	else
		fail "$cmd --help lists --ike-port and --natt-port" "not in the help"
	fi
done

# ---- the corpus -------------------------------------------------------------------

if [ ! -f "$CORPUS/INDEX.jsonl" ]; then
	skip "corpus" "no $CORPUS (a fresh clone has none): real captures not compared"
else
	"$TS_PY" -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if any(k in e for k in ("esp", "ah", "isakmp", "udp4500", "esp_in_udp")):
        print(e["file"])' "$CORPUS/INDEX.jsonl" >"$TMP/corpus.list"
	# one capture per job, two at a time (tshark's start-up dominates);
	# results are read back in list order
	corpus_one() {	# INDEX FILE
		local out=$TMP/corpus.$1
		if ! "$TS_BIN" replay --json "$CORPUS/$2" >"$out.json" 2>"$out.err" && [ ! -s "$out.json" ]; then
			# the replay engine could not read the capture at all
			echo "skip - corpus $2: replay read no frame: $(tail -1 "$out.err")" >"$out.txt"
			return
		fi
		"$TS_PY" "$ROOT/tests/gen/ipsec_tshark.py" "corpus $2" "$CORPUS/$2" "$out.json" \
			>"$out.txt" 2>"$out.cmp" ||
			echo "FAIL - corpus $2: comparison failed: $(tail -1 "$out.cmp")" >>"$out.txt"
	}
	n=0
	while IFS= read -r f; do
		n=$((n + 1))
		corpus_one "$n" "$f" &
		[ $((n % 2)) -eq 0 ] && wait
	done <"$TMP/corpus.list"
	wait
	for ((i = 1; i <= n; i++)); do
		while IFS= read -r line; do
			case $line in
			"ok - "*) ok "${line#ok - }" ;;
			"FAIL - "*) line=${line#FAIL - }; fail "${line%%: *}" "${line#*: }" ;;
			*) echo "$line" ;;
			esac
		done <"$TMP/corpus.$i.txt"
	done
	[ "$n" -gt 0 ] || fail "corpus" "INDEX.jsonl lists no ESP, AH, ISAKMP or UDP 4500 capture"
fi

summary
