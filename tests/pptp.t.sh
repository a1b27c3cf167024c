#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# PPTP (issue 3): the generated captures of tests/gen/pptp.py replayed with
# --json and asserted exactly (the call table, control messages by type,
# GRE calls per direction, PPP by protocol and code), then compared with
# tshark: packets per (outer source, destination, gre.key.call_id) against
# our gre_calls, and pptp.control_message_type counts against our
# pptp_messages. The same tshark comparison runs on every capture of
# ../shared/corpus whose INDEX.jsonl line has pptp or gre_v1.
#
#   TS_BIN=./tunnelstat bash tests/pptp.t.sh      (as root; tests/run.sh sets TS_BIN)
set -u
TS_SUITE=pptp
. "$(dirname "$0")/lib.sh"

need_root
need_scapy
[ -x "$TS_BIN" ] || skip_suite "no tunnelstat binary at $TS_BIN: run make"

"$TS_PY" "$TS_ROOT/tests/gen/pptp.py" "$TS_TMP" || skip_suite "tests/gen/pptp.py failed"
CORPUS="$TS_ROOT/../shared/corpus"

# replay CAPTURE OUT [ARGS...]: replay --json into OUT; checks the exit code.
replay() {
	local cap=$1 out=$2
	shift 2
	"$TS_BIN" replay --json "$@" "$cap" >"$out" 2>"$TS_TMP/replay.err"
	local rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "replay $(basename "$cap") $*" "exit $rc: $(head -2 "$TS_TMP/replay.err" | tr '\n' ' ')"
		return 1
	fi
	return 0
}

# py FILE EXPR: evaluate EXPR with the JSON of FILE bound to d (helpers below).
cat >"$TS_TMP/q.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))

def counter(name):
    return d["counters"][name]["packets"]

def errors():
    return " ".join("%s=%d" % (k, v) for k, v in sorted(d["errors"].items()) if v) or "none"

def msgs():
    return " ".join("%d:%d" % (m["type"], m["count"]) for m in d["pptp_messages"])

def calls():
    out = []
    for c in d["pptp_calls"]:
        out.append("%s>%s %s/%s %s result=%d cause=%d started=%s ended=%s to_pac=%d/%d/%d to_pns=%d/%d/%d" % (
            c["pns"], c["pac"], c["pns_call_id"], c["pac_call_id"], c["state"], c["result"],
            c["cause"], c["started"], c["ended"],
            c["to_pac"]["packets"], c["to_pac"]["lost"], c["to_pac"]["reordered"],
            c["to_pns"]["packets"], c["to_pns"]["lost"], c["to_pns"]["reordered"]))
    return " | ".join(out) or "none"

def gre():
    out = []
    for g in d["gre_calls"]:
        out.append("%s>%s#%d packets=%d payload=%d seq_max=%s ack_max=%s ack_only=%d lost=%d reordered=%d dup=%d %s" % (
            g["src"], g["dst"], g["call_id"], g["packets"], g["payload_bytes"], g["seq_max"],
            g["ack_max"], g["ack_only"], g["lost"], g["reordered"], g["duplicates"],
            g.get("control")))
    return " | ".join(sorted(out)) or "none"

def ctrl():
    return " | ".join("%s>%s %s result=%d reason=%d by=%s started=%s ended=%s" % (
        c["originator"], c["peer"], c["state"], c["result"], c["stop_reason"], c["stop_by"],
        c["started"], c["ended"]) for c in d["pptp_control_connections"]) or "none"

def ppp():
    return " ".join("%s%s=%d" % (p["name"], "" if p["code"] is None else ":%d" % p["code"], p["count"])
                    for p in d["ppp"])

def keys_missing():
    want = {
        "gre_calls": ["src", "dst", "call_id", "packets", "bytes", "payload_bytes", "seq_max",
                      "ack_max", "ack_only", "lost", "reordered", "duplicates", "first_seen",
                      "last_seen"],
        "pptp_messages": ["type", "name", "count"],
        "pptp_control_connections": ["originator", "peer", "originator_known", "state", "result",
                                     "error", "stop_reason", "stop_by", "started", "established",
                                     "stop_requested", "ended", "last_seen"],
        "pptp_calls": ["pns", "pac", "pns_call_id", "pac_call_id", "state", "result", "cause",
                       "started", "ended", "to_pac", "to_pns"],
        "ppp": ["protocol", "name", "code", "code_name", "count"],
    }
    miss = []
    for sec, ks in want.items():
        if sec not in d:
            miss.append(sec)
            continue
        for row in d[sec]:
            miss += ["%s.%s" % (sec, k) for k in ks if k not in row]
            for k in ("to_pac", "to_pns"):
                if sec == "pptp_calls" and k in row:
                    miss += ["%s.%s.%s" % (sec, k, s) for s in ("packets", "bytes", "lost", "reordered")
                             if s not in row[k]]
    for c in ("gre", "gre_v0", "gre_v1", "pptp_control", "ppp"):
        if c not in d["counters"]:
            miss.append("counters." + c)
    return " ".join(sorted(set(miss))) or "none"

print(eval(sys.argv[2]))
EOF
q() { "$TS_PY" "$TS_TMP/q.py" "$1" "$2" 2>&1; }

# ---- tshark as the oracle --------------------------------------------------
#
# tshark with TCP reassembly and IP defragmentation off sees what a
# per-packet hook sees. For each GRE header of version 1 with a key, the
# Call ID is paired with the IP header right before it in frame.protocols
# (the outer addresses of that GRE layer, also for 4in6 and nested cases).
cat >"$TS_TMP/oracle.py" <<'EOF'
import collections, json, subprocess, sys

cap, ours = sys.argv[1], json.load(open(sys.argv[2]))
fields = ["frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "gre.flags.version", "gre.flags.key", "gre.key.call_id", "pptp.control_message_type"]
cmd = ["tshark", "-n", "-r", cap, "-o", "tcp.desegment_tcp_streams:FALSE",
       "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
       "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=\t"]
for f in fields:
    cmd += ["-e", f]
out = subprocess.run(cmd, capture_output=True, text=True).stdout
gre = collections.Counter()
msgs = collections.Counter()
for line in out.splitlines():
    cols = (line.split("\t") + [""] * len(fields))[:len(fields)]
    v = [c.split("|") if c else [] for c in cols]
    protos = cols[0].split(":")
    i4 = i6 = ig = ik = 0
    last = None
    for p in protos:
        if p == "ip" and i4 < len(v[1]):
            last = (v[1][i4], v[2][i4]); i4 += 1
        elif p == "ipv6" and i6 < len(v[3]):
            last = (v[3][i6], v[4][i6]); i6 += 1
        elif p == "gre" and ig < len(v[5]):
            ver, key = v[5][ig], (v[6][ig] if ig < len(v[6]) else "")
            ig += 1
            if ver == "1" and key in ("1", "True") and ik < len(v[7]) and last:
                gre["%s>%s#%s" % (last[0], last[1], v[7][ik])] += 1
                ik += 1
    for t in v[8]:
        msgs[int(t)] += 1

def fmt(c):
    return " ".join("%s=%d" % (k, c[k]) for k in sorted(c)) or "none"

our_gre = collections.Counter()
for g in ours.get("gre_calls", []):
    our_gre["%s>%s#%d" % (g["src"], g["dst"], g["call_id"])] += g["packets"]
our_msgs = collections.Counter({m["type"]: m["count"] for m in ours.get("pptp_messages", [])})
print(fmt(gre))
print(fmt(our_gre))
print(fmt(msgs))
print(fmt(our_msgs))
EOF

# compare_tshark NAME CAPTURE JSON: two checks, Call-ID packets and message types.
compare_tshark() {
	local name=$1 cap=$2 js=$3 out
	if ! command -v tshark >/dev/null 2>&1; then
		skip "$name: tshark" "tshark not installed (make deps)"
		return
	fi
	out=$("$TS_PY" "$TS_TMP/oracle.py" "$cap" "$js" 2>&1)
	if [ "$(printf '%s\n' "$out" | wc -l)" -ne 4 ]; then
		fail "$name: tshark oracle" "$(head -3 <<<"$out" | tr '\n' ' ')"
		return
	fi
	expect_eq "$name: GRE packets per (src, dst, Call ID) = tshark's" \
		"$(sed -n 1p <<<"$out")" "$(sed -n 2p <<<"$out")"
	expect_eq "$name: PPTP control messages per type = tshark's" \
		"$(sed -n 3p <<<"$out")" "$(sed -n 4p <<<"$out")"
}

# ---- the outgoing call -----------------------------------------------------

S="$TS_TMP/session.json"
if replay "$TS_TMP/pptp_session.pcap" "$S"; then
	ok "replay pptp_session.pcap"
	expect_eq "session: JSON sections and keys of docs/json.md" "none" "$(q "$S" 'keys_missing()')"
	expect_eq "session: no error counted" "none" "$(q "$S" 'errors()')"
	expect_eq "session: the call" \
		"192.0.2.1>198.51.100.2 42/1234 disconnected result=4 cause=16 started=2023-11-14T22:13:21.000000Z ended=2023-11-14T22:13:30.100000Z to_pac=12/1/1 to_pns=13/2/1" \
		"$(q "$S" 'calls()')"
	expect_eq "session: established at the OCRP" "2023-11-14T22:13:21.100000Z" \
		"$(q "$S" 'd["pptp_calls"][0]["established"]')"
	expect_eq "session: clearing at the Call-Clear-Request" "2023-11-14T22:13:30.000000Z" \
		"$(q "$S" 'd["pptp_calls"][0]["clearing"]')"
	expect_eq "session: Set-Link-Info on the call" "2" \
		"$(q "$S" 'd["pptp_calls"][0]["set_link_info"]')"
	expect_eq "session: control messages by type" \
		"1:1 2:1 3:1 4:1 5:2 6:2 7:1 8:1 12:1 13:1 15:2" "$(q "$S" 'msgs()')"
	expect_eq "session: message names" \
		"Outgoing-Call-Request Call-Disconnect-Notify Set-Link-Info" \
		"$(q "$S" '" ".join(m["name"] for m in d["pptp_messages"] if m["type"] in (7, 13, 15))')"
	expect_eq "session: GRE calls per direction" \
		"192.0.2.1>198.51.100.2#1234 packets=12 payload=498 seq_max=11 ack_max=12 ack_only=1 lost=1 reordered=1 dup=0 call | 198.51.100.2>192.0.2.1#42 packets=13 payload=414 seq_max=12 ack_max=11 ack_only=2 lost=2 reordered=1 dup=0 call" \
		"$(q "$S" 'gre()')"
	expect_eq "session: GRE to the PAC first and last seen" \
		"2023-11-14T22:13:21.102000Z 2023-11-14T22:13:21.124000Z" \
		"$(q "$S" '" ".join(g["first_seen"] + " " + g["last_seen"] for g in d["gre_calls"] if g["call_id"] == 1234)')"
	expect_eq "session: counters gre gre_v0 gre_v1 gre_key gre_seq gre_ack gre_ack_only" \
		"25 0 25 25 22 24 3" \
		"$(q "$S" '" ".join(str(counter(c)) for c in ("gre", "gre_v0", "gre_v1", "gre_key", "gre_seq", "gre_ack", "gre_ack_only"))')"
	expect_eq "session: counters ppp ppp_no_addr_ctrl ppp_proto_compressed" "22 11 0" \
		"$(q "$S" '" ".join(str(counter(c)) for c in ("ppp", "ppp_no_addr_ctrl", "ppp_proto_compressed"))')"
	expect_eq "session: counters pptp_control pptp_multi_message pptp_continuation" "14 0 0" \
		"$(q "$S" '" ".join(str(counter(c)) for c in ("pptp_control", "pptp_multi_message", "pptp_continuation"))')"
	expect_eq "session: PPP by protocol and code" \
		"LCP:1=2 LCP:2=2 CHAP:1=1 CHAP:2=1 CHAP:3=1 IPCP:1=2 IPCP:2=2 IPv4=11" "$(q "$S" 'ppp()')"
	compare_tshark "session" "$TS_TMP/pptp_session.pcap" "$S"

	# the table view carries the same call
	"$TS_BIN" replay "$TS_TMP/pptp_session.pcap" >"$TS_TMP/session.txt" 2>/dev/null
	if grep -qE '^192\.0\.2\.1 +198\.51\.100\.2 +42 +1234 +disconnected ' "$TS_TMP/session.txt"; then
		ok "session: table lists the call (PNS PAC ids state)"
	else
		fail "session: table lists the call (PNS PAC ids state)" \
			"no row '192.0.2.1 198.51.100.2 42 1234 disconnected' under PPTP CALLS"
	fi
fi

# --pptp-port moves the control port: nothing on 1723 is control any more,
# the GRE traffic stays, now with no call to join it to.
P="$TS_TMP/session5555.json"
if replay "$TS_TMP/pptp_session.pcap" "$P" --pptp-port 5555; then
	expect_eq "--pptp-port 5555: pptp_control, messages, calls" "0 | none" \
		"$(q "$P" 'str(counter("pptp_control")) + " | " + (msgs() or "none")')"
	expect_eq "--pptp-port 5555: pptp_calls" "none" "$(q "$P" 'calls()')"
	expect_eq "--pptp-port 5555: GRE calls kept, none joined" "25 unseen,unseen" \
		"$(q "$P" 'str(sum(g["packets"] for g in d["gre_calls"])) + " " + ",".join(g["control"] for g in d["gre_calls"])')"
fi
P="$TS_TMP/session1723.json"
if replay "$TS_TMP/pptp_session.pcap" "$P" -p 1723 && [ -f "$S" ]; then
	expect_eq "-p 1723 gives the default result" "$(q "$S" 'calls() + msgs()')" "$(q "$P" 'calls() + msgs()')"
fi

# ---- the incoming call, over IPv6 ------------------------------------------

I="$TS_TMP/incoming.json"
if replay "$TS_TMP/pptp_incoming.pcap" "$I"; then
	ok "replay pptp_incoming.pcap"
	expect_eq "incoming: no error counted" "none" "$(q "$I" 'errors()')"
	expect_eq "incoming: the call (PAC is the TCP client)" \
		"2001:db8::b>2001:db8::a 85/1911 disconnected result=1 cause=0 started=2023-11-14T22:13:22.000000Z ended=2023-11-14T22:13:25.000000Z to_pac=3/0/0 to_pns=4/0/0" \
		"$(q "$I" 'calls()')"
	expect_eq "incoming: established at the ICCN" "2023-11-14T22:13:22.200000Z" \
		"$(q "$I" 'd["pptp_calls"][0]["established"]')"
	expect_eq "incoming: control messages by type" "1:1 2:1 3:1 4:1 9:1 10:1 11:1 13:1 15:1" \
		"$(q "$I" 'msgs()')"
	expect_eq "incoming: GRE calls per direction" \
		"2001:db8::a>2001:db8::b#85 packets=4 payload=48 seq_max=3 ack_max=2 ack_only=0 lost=0 reordered=0 dup=0 call | 2001:db8::b>2001:db8::a#1911 packets=3 payload=36 seq_max=2 ack_max=2 ack_only=0 lost=0 reordered=0 dup=0 call" \
		"$(q "$I" 'gre()')"
	expect_eq "incoming: PPP" "LCP:9=4 LCP:10=3" "$(q "$I" 'ppp()')"
	expect_eq "incoming: counters ipv6 gre_v1 pptp_control" "22 7 9" \
		"$(q "$I" '" ".join(str(counter(c)) for c in ("ipv6", "gre_v1", "pptp_control"))')"
	compare_tshark "incoming" "$TS_TMP/pptp_incoming.pcap" "$I"
fi

# ---- the rejected call, and GRE nobody announced ----------------------------

R="$TS_TMP/rejected.json"
if replay "$TS_TMP/pptp_rejected.pcap" "$R"; then
	ok "replay pptp_rejected.pcap"
	expect_eq "rejected: no error counted" "none" "$(q "$R" 'errors()')"
	expect_eq "rejected: the call" \
		"192.0.2.1>198.51.100.2 7/0 rejected result=4 cause=3 started=2023-11-14T22:13:21.000000Z ended=2023-11-14T22:13:21.050000Z to_pac=0/0/0 to_pns=0/0/0" \
		"$(q "$R" 'calls()')"
	expect_eq "rejected: never established" "None" "$(q "$R" 'd["pptp_calls"][0]["established"]')"
	expect_eq "rejected: control messages by type" "1:1 2:1 3:1 4:1 7:1 8:1" "$(q "$R" 'msgs()')"
	expect_eq "rejected: the unannounced GRE call" \
		"203.0.113.5>203.0.113.6#99 packets=3 payload=66 seq_max=2 ack_max=None ack_only=0 lost=0 reordered=0 dup=0 unseen" \
		"$(q "$R" 'gre()')"
	expect_eq "rejected: PPP" "compressed=3" "$(q "$R" 'ppp()')"
	compare_tshark "rejected" "$TS_TMP/pptp_rejected.pcap" "$R"
	"$TS_BIN" replay "$TS_TMP/pptp_rejected.pcap" >"$TS_TMP/rejected.txt" 2>/dev/null
	if grep -E '^203\.0\.113\.5 ' "$TS_TMP/rejected.txt" | grep -q 'not seen on the control channel'; then
		ok "rejected: table marks the GRE call not seen on the control channel"
	else
		fail "rejected: table marks the GRE call not seen on the control channel" \
			"$(grep -E '^203\.0\.113\.5 ' "$TS_TMP/rejected.txt" | head -1)"
	fi
fi

# ---- a control connection stopped with a call still up ---------------------

X="$TS_TMP/stopped.json"
if replay "$TS_TMP/pptp_stopped.pcap" "$X"; then
	ok "replay pptp_stopped.pcap"
	expect_eq "stopped: no error counted" "none" "$(q "$X" 'errors()')"
	expect_eq "stopped: the control connection (PAC stops it, reason 3)" \
		"192.0.2.1>198.51.100.2 stopped result=1 reason=3 by=peer started=2023-11-14T22:13:20.003000Z ended=2023-11-14T22:13:25.001000Z" \
		"$(q "$X" 'ctrl()')"
	expect_eq "stopped: established at the SCCRP, stop requested at the StopCCRQ" \
		"2023-11-14T22:13:20.004000Z 2023-11-14T22:13:25.000000Z True" \
		"$(q "$X" '" ".join(str(d["pptp_control_connections"][0][k]) for k in ("established", "stop_requested", "originator_known"))')"
	expect_eq "stopped: the call up at the StopCCRQ is cleared then; the other kept its CDN" \
		"192.0.2.1>198.51.100.2 50/500 cleared result=1 cause=0 started=2023-11-14T22:13:21.000000Z ended=2023-11-14T22:13:25.000000Z to_pac=3/0/0 to_pns=3/0/0 | 192.0.2.1>198.51.100.2 51/501 disconnected result=3 cause=0 started=2023-11-14T22:13:21.200000Z ended=2023-11-14T22:13:23.100000Z to_pac=0/0/0 to_pns=0/0/0" \
		"$(q "$X" 'calls()')"
	expect_eq "stopped: control messages by type" "1:1 2:1 3:1 4:1 7:2 8:2 12:1 13:1" "$(q "$X" 'msgs()')"
	compare_tshark "stopped" "$TS_TMP/pptp_stopped.pcap" "$X"
	"$TS_BIN" replay "$TS_TMP/pptp_stopped.pcap" >"$TS_TMP/stopped.txt" 2>/dev/null
	if grep -A2 '^PPTP CONTROL CONNECTIONS' "$TS_TMP/stopped.txt" |
		grep -qE '^192\.0\.2\.1 +198\.51\.100\.2 +stopped +1 +3 +peer '; then
		ok "stopped: table lists the control connection"
	else
		fail "stopped: table lists the control connection" \
			"$(grep -A2 '^PPTP CONTROL CONNECTIONS' "$TS_TMP/stopped.txt" | tail -1)"
	fi
	if grep -qE '^192\.0\.2\.1 +198\.51\.100\.2 +50 +500 +cleared ' "$TS_TMP/stopped.txt"; then
		ok "stopped: table shows call 50 cleared"
	else
		fail "stopped: table shows call 50 cleared" "$(grep -E ' 50 +500 ' "$TS_TMP/stopped.txt")"
	fi
fi

# a second control connection between the same pair replaces the first, and
# takes its call with it
Y="$TS_TMP/restart.json"
if replay "$TS_TMP/pptp_restart.pcap" "$Y"; then
	expect_eq "restart: one control connection, the new one" \
		"192.0.2.1>198.51.100.2 established result=1 reason=0 by=None started=2023-11-14T22:13:24.003000Z ended=None" \
		"$(q "$Y" 'ctrl()')"
	expect_eq "restart: the old call cleared when the new connection started, the new one up" \
		"192.0.2.1>198.51.100.2 70/700 cleared result=1 cause=0 started=2023-11-14T22:13:21.000000Z ended=2023-11-14T22:13:24.003000Z to_pac=0/0/0 to_pns=0/0/0 | 192.0.2.1>198.51.100.2 71/701 established result=1 cause=0 started=2023-11-14T22:13:24.100000Z ended=None to_pac=0/0/0 to_pns=0/0/0" \
		"$(q "$Y" 'calls()')"
	compare_tshark "restart" "$TS_TMP/pptp_restart.pcap" "$Y"
fi

Z="$TS_TMP/midstream.json"
if replay "$TS_TMP/pptp_midstream.pcap" "$Z"; then
	expect_eq "midstream: a call set up before the pair's first SCCRQ is cleared by it" \
		"192.0.2.1>198.51.100.2 80/800 cleared result=1 cause=0 started=2023-11-14T22:13:20.000000Z ended=2023-11-14T22:13:22.003000Z to_pac=0/0/0 to_pns=0/0/0" \
		"$(q "$Z" 'calls()')"
fi

# the session's calls all ended before its StopCCRQ: none is cleared by it
if [ -f "$S" ]; then
	expect_eq "session: the control connection stopped by the PNS" \
		"192.0.2.1>198.51.100.2 stopped result=1 reason=1 by=originator" \
		"$(q "$S" '" ".join(ctrl().split()[:5])')"
fi

# ---- the corpus ------------------------------------------------------------

if [ ! -d "$CORPUS" ]; then
	skip "corpus" "no $CORPUS (a fresh clone has no shared corpus)"
elif [ ! -f "$CORPUS/INDEX.jsonl" ]; then
	skip "corpus" "no INDEX.jsonl in $CORPUS"
else
	mapfile -t files < <("$TS_PY" -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if "pptp" in e or "gre_v1" in e:
        print(e["file"])' "$CORPUS/INDEX.jsonl")
	[ ${#files[@]} -gt 0 ] || skip "corpus" "no capture with pptp or gre_v1 in INDEX.jsonl"
	n=0
	for f in "${files[@]}"; do
		n=$((n + 1))
		js="$TS_TMP/corpus$n.json"
		if replay "$CORPUS/$f" "$js"; then
			ok "corpus $f: replay"
			compare_tshark "corpus $f" "$CORPUS/$f" "$js"
		fi
	done
fi

# ---- a request split over two segments ----------------------------------------
# An Outgoing-Call-Request whose first segment holds 100 of its 168 bytes:
# counted as a continuation, and its Call ID (bytes 12-13) still opens the call.
"$TS_PY" - "$TS_TMP/split.pcap" <<'PY'
import struct, sys
from scapy.all import Ether, IP, TCP, Raw, wrpcap
hdr = lambda t, body: struct.pack("!HHIHH", 12 + len(body), 1, 0x1A2B3C4D, t, 0) + body
ocrq = hdr(7, struct.pack("!HHIIIIHHHH", 5, 1, 300, 100000000, 3, 3, 64, 0, 0, 0) + bytes(128))
ocrp = hdr(8, struct.pack("!HHBBHIIHHI", 77, 5, 1, 0, 0, 64000, 64, 64, 0, 0))
E = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
pk = [E / IP(src="10.0.0.1", dst="10.0.0.2") / TCP(sport=50000, dport=1723, seq=1, ack=1, flags="A") / Raw(ocrq[:100]),
      E / IP(src="10.0.0.1", dst="10.0.0.2") / TCP(sport=50000, dport=1723, seq=101, ack=1, flags="PA") / Raw(ocrq[100:]),
      E / IP(src="10.0.0.2", dst="10.0.0.1") / TCP(sport=1723, dport=50000, seq=1, ack=169, flags="PA") / Raw(ocrp)]
for i, p in enumerate(pk):
    p.time = 1700000000 + i
wrpcap(sys.argv[1], pk)
PY
if replay "$TS_TMP/split.pcap" "$TS_TMP/split.json"; then
	expect_eq "split request: continuation counted" 1 \
		"$(q "$TS_TMP/split.json" "d['counters']['pptp_continuation']['packets']")"
	expect_eq "split request: the call opened by its first segment, then established" \
		"10.0.0.1 10.0.0.2 5 77 established 2023-11-14T22:13:20.000000Z" \
		"$(q "$TS_TMP/split.json" "' '.join(str(c[k]) for c in d['pptp_calls'] for k in ('pns','pac','pns_call_id','pac_call_id','state','started'))")"
fi

summary
