#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# tshark is the oracle: `tunnelstat replay` must count, per protocol, the
# frames tshark finds that protocol in (frame.protocols, reassembly off).
#
# 1. tests/gen/foundation.py writes a deterministic capture of every
#    first-layer case; each counter must equal tshark's (one line each),
#    and the failure counters must be exactly those its malformed frames hit.
# 2. Every capture in ../shared/corpus (when present) is replayed: no crash,
#    exit 0 or 7 for a reason, and counts equal to tshark's except the
#    differences docs/corpus.md lists with their cause (tests/corpus.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
export TS_BIN=${TS_BIN:-$PWD/tunnelstat}
PY=/usr/bin/python3                 # Debian's python3-scapy lives here only
GEN=tests/gen/foundation.py
pass=0 fail=0

ok() { echo "ok - $*"; pass=$((pass + 1)); }
not_ok() { echo "FAIL - $*"; fail=$((fail + 1)); }
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
# Count the ok/FAIL lines of a sub-run (corpus.sh) into our totals.
tally() {
	local line
	while IFS= read -r line; do
		echo "$line"
		case $line in
		"ok - "*) pass=$((pass + 1)) ;;
		"FAIL - "*) fail=$((fail + 1)) ;;
		esac
	done
}

tmp=$(mktemp -d /tmp/tunnelstat-tshark.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

if ! command -v tshark >/dev/null; then
	not_ok "tshark is installed (make deps)"
	finish
fi
if [ ! -x "$TS_BIN" ]; then
	not_ok "tunnelstat is built ($TS_BIN)"
	finish
fi

# ---- 1. the generated capture ---------------------------------------------
if ! "$PY" -c 'import scapy' 2>/dev/null; then
	not_ok "scapy importable by $PY (make deps installs python3-scapy)"
elif ! "$PY" "$GEN" "$tmp/a.pcap" 2>"$tmp/gen.err" || ! "$PY" "$GEN" "$tmp/b.pcap" 2>>"$tmp/gen.err"; then
	not_ok "foundation.py writes a capture: $(tail -1 "$tmp/gen.err")"
else
	if cmp -s "$tmp/a.pcap" "$tmp/b.pcap"; then
		ok "foundation.py is deterministic (two runs, same bytes)"
	else
		not_ok "foundation.py is deterministic: two runs differ"
	fi
	# The capture still holds every case the comparison relies on (as tshark
	# reads it): a generator change cannot quietly drop one.
	tshark -n -o ip.defragment:FALSE -o ipv6.defragment:FALSE -r "$tmp/a.pcap" -T fields \
		-e frame.protocols -e ip.hdr_len -e ip.flags.mf -e ip.frag_offset \
		-e ipv6.fraghdr.offset -e ipv6.fraghdr.more -e tcp.flags \
		> "$tmp/cover.txt" 2>/dev/null
	"$PY" - "$tmp/cover.txt" > "$tmp/cover.out" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
vals = lambda r, i: [v for v in r[i].split(",") if v] if len(r) > i else []
chains = [":" + r[0] + ":" for r in rows]
need = {
    "Ethernet II": ":eth:ethertype:ip:", "802.3/LLC": ":eth:llc:", "802.1Q": ":vlan:ethertype:ip:",
    "802.1Q + LLC": ":vlan:llc:", "QinQ 802.1ad + 802.1Q": ":ieee8021ad:ethertype:vlan:",
    "IPv6 hop-by-hop": ":ipv6.hopopts:", "IPv6 routing": ":ipv6.routing:",
    "IPv6 destination options": ":ipv6.dstopts:", "IPv6 fragment": ":ipv6.fraghdr:",
    "ICMP error quoting UDP": ":icmp:ip:udp:", "ICMP error quoting TCP": ":icmp:ip:tcp:",
    "ICMPv6 echo": ":ipv6:icmpv6:data:", "ICMPv6 error quoting UDP": ":icmpv6:ipv6:udp:",
    "ICMPv6 error quoting TCP": ":icmpv6:ipv6:tcp:", "IPv4 in IPv4": ":ip:ip:",
    "IPv6 in IPv4": ":ip:ipv6:", "IPv4 in IPv6": ":ipv6:ip:", "IPv6 in IPv6": ":ipv6:ipv6:",
    "ESP over IPv4": ":ip:esp:", "ESP over IPv6": ":ipv6:esp:", "AH over IPv4": ":ip:ah:tcp:",
    "AH over IPv6": ":ipv6:ah:udp:", "UDP": ":udp:",
}
missing = [k for k, v in need.items() if not any(v in c for c in chains)]
checks = {
    "IPv4 options": any(int(v) > 20 for r in rows for v in vals(r, 1)),
    "IPv4 first fragment": any(vals(r, 2)[:1] == ["1"] and vals(r, 3)[:1] == ["0"] for r in rows),
    "IPv4 non-first fragment": any(int(v) > 0 for r in rows for v in vals(r, 3)),
    "IPv6 first fragment": any(vals(r, 4)[:1] == ["0"] and vals(r, 5)[:1] == ["1"] for r in rows),
    "IPv6 non-first fragment": any(int(v) > 0 for r in rows for v in vals(r, 4)),
    "all 256 TCP flag bytes": {int(v, 16) & 0xff for r in rows for v in vals(r, 6)} == set(range(256)),
}
missing += [k for k, ok in checks.items() if not ok]
if missing:
    print("FAIL - foundation covers every case: missing " + ", ".join(missing))
else:
    print(f"ok - foundation covers every case ({len(need) + len(checks)} checked with tshark)")
EOF
	tally < "$tmp/cover.out"

	# Every counter against tshark, by the exception list's name for it.
	bash tests/corpus.sh --tap --per-counter --as "$GEN" "$tmp/a.pcap" > "$tmp/pc.out" 2>&1
	tally < "$tmp/pc.out"

	# The failure counters: exactly the malformed frames at its end, nothing
	# else (every well-formed frame must parse without an error counter).
	if "$TS_BIN" replay --json "$tmp/a.pcap" > "$tmp/a.json" 2> "$tmp/a.err"; then
		"$PY" - "$tmp/a.json" > "$tmp/err.out" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
want = {"ipv4_bad_ihl": 1, "tcp_truncated": 1, "udp_bad_len": 2}
got = {k: v for k, v in j["errors"].items() if v}
missing = [k for k in want if k not in j["errors"]]
if missing:
    print(f"FAIL - foundation errors: no counter named {', '.join(missing)}")
elif got == want:
    print("ok - foundation errors: " + ", ".join(f"{k} {v}" for k, v in sorted(got.items())) +
          ", every other failure counter 0")
else:
    print(f"FAIL - foundation errors: want {want}, got {got}")
frames = j["source"]["frames"]
if frames == j["packets"] and j["source"]["skipped"] == 0:
    print(f"ok - foundation: {frames} frames fed, none skipped")
else:
    print(f"FAIL - foundation: frames {frames}, packets {j['packets']}, skipped {j['source']['skipped']}")
EOF
		tally < "$tmp/err.out"
	else
		not_ok "replay of the foundation capture: exit $?: $(cat "$tmp/a.err")"
	fi
fi

# ---- 2. the corpus ----------------------------------------------------------
corpus=${TS_CORPUS:-$PWD/../shared/corpus}
if [ ! -f "$corpus/INDEX.jsonl" ]; then
	echo "# SKIP corpus: $corpus not found (only the development machine has ../shared/corpus)"
else
	TS_CORPUS=$corpus bash tests/corpus.sh --tap > "$tmp/corpus.out" 2>&1
	tally < "$tmp/corpus.out"
	grep -q '^\(ok\|FAIL\) - ' "$tmp/corpus.out" || not_ok "corpus.sh ran: $(tail -1 "$tmp/corpus.out")"
fi
finish
