#!/usr/bin/env bash
# TCP handshake accounting (issue 6): a generated capture replayed with
# exact expectations, tshark's per-frame flag totals as the oracle, the
# --top/--sort/--half-open-timeout views, and live events over a veth pair.
TS_SUITE=tcp
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_suite "needs root (BPF_PROG_TEST_RUN)"
[ -x "$TS_PY" ] && "$TS_PY" -c 'import scapy' 2>/dev/null || skip_suite "needs python3-scapy"

cap="$TS_TMP/tcp.pcap"
"$TS_PY" "$TS_ROOT/tests/gen/tcp.py" "$cap" || skip_suite "generator failed"

ts_run replay --json --top 0 "$cap"
expect_eq "replay exit code" 0 "$TS_RC"
echo "$TS_OUT" >"$TS_TMP/r.json"

# jq-free field access: q 'expression on d'
q() { "$TS_PY" -c "import json,sys; d=json.load(open('$TS_TMP/r.json')); print($1)"; }
svc() { # svc ADDR PORT FIELD [inner]
	local sub=${4:+"['inner']"}
	q "[s$sub['$3'] for s in d['tcp_services'] if s['addr']=='$1' and s['port']==$2][0]"
}

expect_eq "tcp.syn (SYN without ACK, frames)" 1216 "$(q "d['tcp']['syn']")"
expect_eq "tcp.syn_ack" 9 "$(q "d['tcp']['syn_ack']")"
expect_eq "tcp.completed" 7 "$(q "d['tcp']['completed']")"
expect_eq "tcp.rst" 2 "$(q "d['tcp']['rst']")"
expect_eq "tcp.refused" 1 "$(q "d['tcp']['refused']")"
expect_eq "tcp.fin" 9 "$(q "d['tcp']['fin']")"
expect_eq "tcp.retransmitted_syn" 3 "$(q "d['tcp']['retransmitted_syn']")"
expect_eq "tcp.invalid_flags (frames)" 5 "$(q "d['tcp']['invalid_flags']")"
for c in tcp_syn_fin:1 tcp_syn_rst:1 tcp_noflags:1 tcp_fin_no_ack:3 tcp_xmas:1 tcp_inner:7; do
	expect_eq "counter ${c%%:*}" "${c#*:}" "$(q "d['counters']['${c%%:*}']['packets']")"
done
expect_eq "services listed" 7 "$(q "len(d['tcp_services'])")"
expect_eq "first service by syn" "10.1.0.2:1723" "$(q "d['tcp_services'][0]['addr']+':'+str(d['tcp_services'][0]['port'])")"

expect_eq "1723 syn" 1203 "$(svc 10.1.0.2 1723 syn)"
expect_eq "1723 completed" 3 "$(svc 10.1.0.2 1723 completed)"
expect_eq "1723 fin" 6 "$(svc 10.1.0.2 1723 fin)"
expect_eq "1723 expired (flood, 5 s timeout)" 1200 "$(svc 10.1.0.2 1723 expired)"
expect_eq "1723 SYN->SYN-ACK rtt 3 ms in bucket 11" "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]" "$(svc 10.1.0.2 1723 rtt_us_log2)"
expect_eq "1723 SYN-ACK->ACK rtt 100 us in bucket 6" "[0, 0, 0, 0, 0, 0, 3]" "$(svc 10.1.0.2 1723 ack_rtt_us_log2)"
expect_eq "80 refused" 1 "$(svc 10.1.0.2 80 refused)"
expect_eq "80 rst" 1 "$(svc 10.1.0.2 80 rst)"
expect_eq "443 syn (new attempts)" 2 "$(svc 10.1.0.2 443 syn)"
expect_eq "443 retransmitted_syn" 2 "$(svc 10.1.0.2 443 retransmitted_syn)"
expect_eq "443 syn_ack" 1 "$(svc 10.1.0.2 443 syn_ack)"
expect_eq "443 completed" 0 "$(svc 10.1.0.2 443 completed)"
expect_eq "443 expired" 2 "$(svc 10.1.0.2 443 expired)"
expect_eq "ipv6 22 completed" 1 "$(svc 2001:db8::2 22 completed)"
expect_eq "inner 80 syn (GRE v0 + PPTP)" 2 "$(svc 192.168.9.2 80 syn inner)"
expect_eq "inner 80 completed" 1 "$(svc 192.168.9.2 80 completed inner)"
expect_eq "inner 80 outer syn" 0 "$(svc 192.168.9.2 80 syn)"
expect_eq "inner PPTP 8080 completed (Call IDs differ per direction)" 1 "$(svc 192.168.9.3 8080 completed inner)"
expect_eq "inner PPTP 8080 syn_ack" 1 "$(svc 192.168.9.3 8080 syn_ack inner)"
expect_eq "25: SYN repeated after the SYN-ACK is a retransmission" "1 1 2 1" \
	"$(svc 10.1.0.2 25 syn) $(svc 10.1.0.2 25 retransmitted_syn) $(svc 10.1.0.2 25 syn_ack) $(svc 10.1.0.2 25 completed)"
expect_eq "events: one syn_flood" 1 "$(q "len(d['events'])")"
expect_eq "event service" "syn_flood 10.1.0.2 1723 1000 0" \
	"$(q "' '.join(str(d['events'][0][k]) for k in ('type','addr','port','syns','completed'))")"

# --half-open-timeout 20: the flood (10 s old at the last frame) is half-open
ts_run replay --json --top 0 --half-open-timeout 20 "$cap"
echo "$TS_OUT" >"$TS_TMP/r.json"
expect_eq "1723 half_open with 20 s timeout" 1200 "$(svc 10.1.0.2 1723 half_open)"
expect_eq "1723 expired with 20 s timeout" 0 "$(svc 10.1.0.2 1723 expired)"
expect_eq "443 expired with 20 s timeout" 2 "$(svc 10.1.0.2 443 expired)"

# --top/--sort
ts_run replay --json --top 1 --sort refused "$cap"
echo "$TS_OUT" >"$TS_TMP/r.json"
expect_eq "--top 1 --sort refused" "1 80" "$(q "str(len(d['tcp_services']))+' '+str(d['tcp_services'][0]['port'])")"
ts_run replay --sort bogus "$cap"
expect_eq "--sort bogus exit code" 2 "$TS_RC"
# a higher flood threshold: no event
ts_run replay --json --syn-flood-rate 5000 "$cap"
echo "$TS_OUT" >"$TS_TMP/r.json"
expect_eq "no event above --syn-flood-rate 5000" 0 "$(q "len(d['events'])")"

# tshark as the oracle: per-frame flag totals
if command -v tshark >/dev/null; then
	tsk=$(tshark -n -o tcp.desegment_tcp_streams:FALSE -r "$cap" -T fields \
		-e tcp.flags.syn -e tcp.flags.ack -e tcp.flags.reset -e tcp.flags.fin 2>/dev/null |
		awk -F'\t' '{ if ($1==1 && $2==0) s++; if ($1==1 && $2==1) sa++; if ($3==1) r++; if ($4==1) f++ }
			END { printf "%d %d %d %d", s, sa, r, f }')
	ts_run replay --json "$cap"
	echo "$TS_OUT" >"$TS_TMP/r.json"
	ours=$(q "' '.join(str(d['counters'][k]['packets']) for k in ('tcp_syn','tcp_synack','tcp_rst','tcp_fin'))")
	expect_eq "SYN SYN-ACK RST FIN frames equal tshark's" "$tsk" "$ours"
else
	skip "tshark comparison" "tshark not installed"
fi

# live: events streamed from an attached interface
if command -v tcpreplay >/dev/null && ns_setup 2>/dev/null; then
	ts_run_ns attach "$TS_NS_IF" --syn-flood-rate 500
	expect_eq "attach for events" 0 "$TS_RC"
	nsenter --net="/run/netns/$TS_NS" "$TS_BIN" events "$TS_NS_IF" --json >"$TS_TMP/ev" 2>"$TS_TMP/ev.err" &
	evpid=$!
	sleep 0.5
	"$TS_PY" - "$cap" "$TS_TMP/flood.pcap" <<'PY'
import sys
from scapy.all import rdpcap, wrpcap
wrpcap(sys.argv[2], [p for p in rdpcap(sys.argv[1]) if p.haslayer("TCP") and p["TCP"].dport == 1723 and p["TCP"].flags == "S"])
PY
	tcpreplay -q -i "$TS_HOST_IF" --pps 5000 "$TS_TMP/flood.pcap" >/dev/null 2>&1
	sleep 0.5
	ts_run_ns detach "$TS_NS_IF"
	wait "$evpid"
	expect_eq "events exits 0 after detach" 0 "$?"
	n=$(grep -c '"type": "syn_flood"' "$TS_TMP/ev")
	if [ "$n" -ge 1 ]; then ok "live syn_flood event streamed ($n)"; else fail "live syn_flood event streamed" "$(cat "$TS_TMP/ev" "$TS_TMP/ev.err")"; fi
	ns_teardown
else
	skip "live events" "needs tcpreplay and netns"
fi
summary
