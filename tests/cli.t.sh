#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The tunnelstat command line: every error case gives one line on stderr
# naming the problem, nothing on stdout, and its exit code from
# user/exitcodes.h; --help works everywhere; replay reads every supported
# link type to the same counts and refuses the others.
#
#   TS_BIN=./tunnelstat bash tests/cli.t.sh      (as root; tests/run.sh sets TS_BIN)
set -u
TS_SUITE=cli
# shellcheck source=tests/lib.sh disable=SC2034  # TS_SUITE is read by lib.sh
. "$(dirname "$0")/lib.sh"

need_root
need_cmd nsenter setpriv ip
need_scapy
[ -x "$TS_BIN" ] || skip_suite "no tunnelstat binary at $TS_BIN: run make"

# Exit codes (user/exitcodes.h, docs/tunnelstat.8).
E_USAGE=2 E_PERM=3 E_NO_IFACE=4 E_ATTACHED=5 E_NOT_ATTACHED=6 E_CAPTURE=7

# check_err NAME CODE REGEX: the last command exited CODE, printed nothing
# on stdout and exactly one line on stderr, matching REGEX (extended, case
# insensitive): the problem is named, not just "error".
check_err() {
	local name=$1 code=$2 re=$3 why=()
	[ "$TS_RC" -eq "$code" ] || why+=("exit $TS_RC, expected $code")
	[ -z "$TS_OUT" ] || why+=("stdout not empty: $(head -c 80 <<<"$TS_OUT")")
	[ "$(nlines "$TS_ERR")" -eq 1 ] || why+=("$(nlines "$TS_ERR") lines on stderr, expected 1")
	grep -qiE -- "$re" <<<"$TS_ERR" || why+=("stderr does not match /$re/")
	if [ ${#why[@]} -eq 0 ]; then
		ok "$name"
	else
		local IFS=';'
		fail "$name" "${why[*]} [stderr: $(head -3 <<<"$TS_ERR" | tr '\n' '|')]"
	fi
}

# ---- captures -------------------------------------------------------------
#
# One set of IP packets written under every link type replay accepts, plus
# the odd files. Written record by record (not by scapy's writer) so the
# link-layer headers are exactly the documented ones.
cat >"$TS_TMP/gen.py" <<'EOF'
import struct, sys
from scapy.config import conf
conf.verb = 0
from scapy.layers.inet import IP, TCP, UDP, ICMP
from scapy.layers.inet6 import IPv6, ICMPv6EchoRequest
from scapy.packet import Raw

out = sys.argv[1]
A, B = "192.0.2.1", "198.51.100.2"
A6, B6 = "2001:db8::1", "2001:db8::2"
# 6 IPv4 (3 TCP, 2 UDP, 1 ICMP) and 4 IPv6 (2 UDP, 1 TCP, 1 ICMPv6), on ports
# no tunnel parser claims, so later protocol issues do not change the counts
ips = [bytes(p) for p in (
    IP(src=A, dst=B) / TCP(sport=40000, dport=8080, flags="S"),
    IP(src=B, dst=A) / TCP(sport=8080, dport=40000, flags="SA"),
    IP(src=A, dst=B) / TCP(sport=40000, dport=8080, flags="A") / Raw(b"q" * 100),
    IP(src=A, dst=B) / UDP(sport=5000, dport=53) / Raw(b"d" * 30),
    IP(src=A, dst=B) / UDP(sport=5001, dport=9999) / Raw(b"e" * 200),
    IP(src=A, dst=B) / ICMP(type=8, id=1, seq=1) / Raw(b"p" * 56),
    IPv6(src=A6, dst=B6) / UDP(sport=5002, dport=53) / Raw(b"f" * 40),
    IPv6(src=A6, dst=B6) / UDP(sport=5003, dport=7001) / Raw(b"g" * 300),
    IPv6(src=A6, dst=B6) / TCP(sport=40001, dport=2222, flags="S"),
    IPv6(src=A6, dst=B6) / ICMPv6EchoRequest(id=2, seq=1),
)]
MAC_A, MAC_B = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")

def ethertype(ip):
    return 0x0800 if ip[0] >> 4 == 4 else 0x86DD

def write(path, linktype, frames, cut=None):
    data = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype)
    for i, f in enumerate(frames):
        data += struct.pack("<IIII", 1700000000 + i, 0, len(f), len(f)) + f
    if cut is not None:
        data = data[:cut]
    open(path, "wb").write(data)

def l2(kind, ip):
    t = ethertype(ip)
    v6 = t == 0x86DD
    if kind == "eth":
        return MAC_B + MAC_A + struct.pack("!H", t) + ip
    if kind in ("raw101", "raw12"):
        return ip
    if kind == "sll":	# packet type, ARPHRD_ETHER, address length, address (8), protocol
        return struct.pack("!HHH8sH", 0, 1, 6, MAC_A, t) + ip
    if kind == "sll2":	# protocol, reserved, ifindex, ARPHRD_ETHER, packet type, address length, address
        return struct.pack("!HHIHBB8s", t, 0, 2, 1, 0, 6, MAC_A) + ip
    if kind == "null":	# address family in the writer's byte order (little-endian here); 24: BSD AF_INET6
        return struct.pack("<I", 24 if v6 else 2) + ip
    if kind == "loop":	# OpenBSD loopback: address family big-endian; 30: Darwin AF_INET6
        return struct.pack("!I", 30 if v6 else 2) + ip
    raise ValueError(kind)

LT = {"eth": 1, "raw101": 101, "raw12": 12, "sll": 113, "sll2": 276, "null": 0, "loop": 108}
for kind, lt in LT.items():
    write("%s/lt-%s.pcap" % (out, kind), lt, [l2(kind, ip) for ip in ips])

eth = [l2("eth", ip) for ip in ips]
# cut inside the data of record 8, then inside its header: 7 whole frames before each cut
off = 24 + sum(16 + len(f) for f in eth[:7])
write(out + "/trunc-data.pcap", 1, eth, cut=off + 16 + 5)
write(out + "/trunc-hdr.pcap", 1, eth, cut=off + 7)
# 802.11 (105): refused
write(out + "/wifi.pcap", 105, [bytes(24) + b"payload"])
# runts: 1 and 13 bytes are skipped, 14 bytes (a bare header) and two IPv4 frames are fed
runt = MAC_B + MAC_A + b"\x08\x00"
write(out + "/short.pcap", 1, [runt[:1], eth[0], runt[:13], runt, eth[3]])
EOF
"$TS_PY" "$TS_TMP/gen.py" "$TS_TMP" || { fail "generate captures" "gen.py failed"; summary; exit 1; }
printf 'this is not a capture\n' >"$TS_TMP/text.txt"
: >"$TS_TMP/empty.pcap"

# ---- usage errors: exit 2 -------------------------------------------------

ts_run;                                 check_err "no command" $E_USAGE 'no command|missing.*command|command.*(missing|required)'
ts_run frobnicate;                      check_err "unknown command" $E_USAGE 'frobnicate'
ts_run status --bogus;                  check_err "unknown long option" $E_USAGE 'bogus'
ts_run show -Z;                         check_err "unknown short option" $E_USAGE "'Z'|-Z"
ts_run attach;                          check_err "attach: missing IFACE" $E_USAGE 'missing.*IFACE'
ts_run detach;                          check_err "detach: missing IFACE" $E_USAGE 'missing.*IFACE'
ts_run replay;                          check_err "replay: missing FILE" $E_USAGE 'missing.*FILE'
ts_run attach lo extra;                 check_err "attach: extra argument" $E_USAGE 'extra'
ts_run status extra;                    check_err "status: extra argument" $E_USAGE 'extra'
ts_run show a b;                        check_err "show: extra argument" $E_USAGE "'b'"
ts_run replay "$TS_TMP/lt-eth.pcap" x;  check_err "replay: extra argument" $E_USAGE "'x'"
ts_run attach lo --mode;                check_err "attach: --mode without a value" $E_USAGE 'mode'
ts_run attach lo --mode turbo;          check_err "attach: bad --mode" $E_USAGE 'turbo'

# ---- --help: stdout, exit 0 -------------------------------------------------
#
# Every command the top-level help lists, which must include the five of
# the foundation; later issues add commands (and are tested here for free).
CMDS=$("$TS_BIN" --help 2>/dev/null | sed -nE 's/^  ([a-z][a-z-]*) .*/\1/p' | tr '\n' ' ')
for h in --help -h help; do
	ts_run "$h"
	if [ "$TS_RC" -eq 0 ] && grep -q '^Usage: tunnelstat COMMAND' <<<"$TS_OUT" &&
		[ -z "$TS_ERR" ] && [ "$(grep -cE '^  (attach|detach|status|show|replay) ' <<<"$TS_OUT")" -eq 5 ]; then
		ok "tunnelstat $h: exit 0, stdout lists attach detach status show replay"
	else
		fail "tunnelstat $h" "exit $TS_RC, stdout '$(head -1 <<<"$TS_OUT")', stderr '$(head -1 <<<"$TS_ERR")'"
	fi
done
for cmd in $CMDS; do
	ts_run "$cmd" --help
	if [ "$TS_RC" -eq 0 ] && grep -q "^Usage: tunnelstat $cmd" <<<"$TS_OUT" &&
		grep -qE -- '--help' <<<"$TS_OUT" && [ -z "$TS_ERR" ]; then
		ok "$cmd --help"
	else
		fail "$cmd --help" "exit $TS_RC, stdout '$(head -1 <<<"$TS_OUT")', stderr '$(head -1 <<<"$TS_ERR")'"
	fi
done

# ---- not root: exit 3 -------------------------------------------------------
#
# As nobody, with no capabilities; the binary is copied where nobody can
# run it (the checkout may sit under a directory only root can enter).
cp "$TS_BIN" "$TS_TMP/tunnelstat-nobody"
chmod 755 "$TS_TMP/tunnelstat-nobody"
chmod 644 "$TS_TMP/lt-eth.pcap"
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$TS_TMP/tunnelstat-nobody" "$@" >"$TS_TMP/out" 2>"$TS_TMP/err"
	TS_RC=$?
	TS_OUT=$(cat "$TS_TMP/out")
	TS_ERR=$(cat "$TS_TMP/err")
}
as_nobody attach lo;                    check_err "not root: attach" $E_PERM 'root|permission|capab'
as_nobody detach lo;                    check_err "not root: detach" $E_PERM 'root|permission|capab'
as_nobody status;                       check_err "not root: status" $E_PERM 'root|permission|capab'
as_nobody show lo;                      check_err "not root: show" $E_PERM 'root|permission|capab'
as_nobody replay "$TS_TMP/lt-eth.pcap"; check_err "not root: replay" $E_PERM 'root|permission|capab'
as_nobody attach;                       check_err "not root: a usage error is still a usage error" $E_USAGE 'missing'
as_nobody show --help
if [ "$TS_RC" -eq 0 ] && grep -q '^Usage: tunnelstat show' <<<"$TS_OUT"; then
	ok "not root: --help works"
else
	fail "not root: --help works" "exit $TS_RC"
fi

# Root, but without the capabilities: dropped from the bounding set, they
# are gone from the binary's permitted set after exec.
as_root_without() {
	local drop=$1; shift
	setpriv --bounding-set="$drop" "$TS_BIN" "$@" >"$TS_TMP/out" 2>"$TS_TMP/err"
	TS_RC=$?
	TS_OUT=$(cat "$TS_TMP/out")
	TS_ERR=$(cat "$TS_TMP/err")
}
as_root_without -bpf,-sys_admin attach lo
check_err "root without CAP_BPF/CAP_SYS_ADMIN: attach" $E_PERM 'CAP_BPF|root|capab'
as_root_without -bpf,-sys_admin replay "$TS_TMP/lt-eth.pcap"
check_err "root without CAP_BPF/CAP_SYS_ADMIN: replay" $E_PERM 'CAP_BPF|root|capab'
as_root_without -net_admin attach lo
check_err "root without CAP_NET_ADMIN: attach" $E_PERM 'CAP_NET_ADMIN|root|capab'
as_root_without -sys_admin replay --json "$TS_TMP/lt-eth.pcap"
expect_eq "root with CAP_BPF but not CAP_SYS_ADMIN: replay works" "0 10" \
	"$TS_RC $(printf '%s\n' "$TS_OUT" >"$TS_TMP/capbpf.json"; json_get "$TS_TMP/capbpf.json" 'j["packets"]')"

# ---- interfaces: exit 4, 5, 6 -----------------------------------------------

NOIF="tsnoif$$"
ts_run attach "$NOIF";                  check_err "attach: no such interface" $E_NO_IFACE "$NOIF"
ts_run detach "$NOIF";                  check_err "detach: interface never attached" $E_NOT_ATTACHED "$NOIF"
ts_run show "$NOIF";                    check_err "show: interface never attached" $E_NOT_ATTACHED "$NOIF"

if ns_setup; then
	ts_run_ns detach "$TS_NS_IF";   check_err "detach: existing interface, not attached" $E_NOT_ATTACHED "$TS_NS_IF"
	ts_run_ns show "$TS_NS_IF";     check_err "show: existing interface, not attached" $E_NOT_ATTACHED "$TS_NS_IF"
	ts_run_ns attach "$TS_NS_IF"
	if [ "$TS_RC" -eq 0 ] && [ -z "$TS_OUT" ]; then
		ok "attach: exit 0, nothing on stdout"
	else
		fail "attach" "exit $TS_RC, stdout '$TS_OUT', stderr '$TS_ERR'"
	fi
	ts_run_ns attach "$TS_NS_IF";   check_err "attach: already attached" $E_ATTACHED "$TS_NS_IF"
	ts_run_ns attach "$TS_NS_IF" --mode skb
	check_err "attach --mode skb: already attached" $E_ATTACHED "$TS_NS_IF"
	ts_run_ns detach "$TS_NS_IF"
	expect_eq "detach: exit 0" 0 "$TS_RC"
	ts_run_ns detach "$TS_NS_IF";   check_err "detach: twice" $E_NOT_ATTACHED "$TS_NS_IF"
	ns_teardown
else
	fail "network namespace" "could not create $TS_NS with a veth pair"
fi

# ---- captures: exit 7 -------------------------------------------------------

ts_run replay "$TS_TMP/missing.pcap";   check_err "replay: missing file" $E_CAPTURE 'missing\.pcap'
ts_run replay "$TS_TMP/text.txt";       check_err "replay: not a capture" $E_CAPTURE 'text\.txt'
ts_run replay "$TS_TMP/empty.pcap";     check_err "replay: empty file" $E_CAPTURE 'empty\.pcap'
ts_run replay "$TS_TMP";                check_err "replay: a directory" $E_CAPTURE "$TS_TMP"
ts_run replay "$TS_TMP/wifi.pcap";      check_err "replay: 802.11 refused, link type named" $E_CAPTURE '802.11'
grep -q '105' <<<"$TS_ERR" && ok "replay: 802.11 refusal gives the number 105" ||
	fail "replay: 802.11 refusal gives the number 105" "stderr: $TS_ERR"
ts_run replay --json "$TS_TMP/wifi.pcap"
check_err "replay --json: 802.11 refused, stdout empty" $E_CAPTURE '802.11'

# A truncated capture: the whole frames before the cut are counted and
# printed, then exit 7 with one line naming the problem.
for cut in data hdr; do
	f="$TS_TMP/trunc-$cut.pcap"
	ts_run replay --json "$f"
	expect_eq "truncated in record $cut: exit 7" $E_CAPTURE "$TS_RC"
	expect_eq "truncated in record $cut: one line on stderr" 1 "$(nlines "$TS_ERR")"
	grep -qiE 'truncat' <<<"$TS_ERR" && ok "truncated in record $cut: stderr says truncated" ||
		fail "truncated in record $cut: stderr says truncated" "stderr: $TS_ERR"
	printf '%s\n' "$TS_OUT" >"$TS_TMP/trunc.json"
	got=$(json_get "$TS_TMP/trunc.json" '" ".join(str(x) for x in (j["source"]["frames"], j["source"]["skipped"],
		j["packets"], j["counters"]["ipv4"]["packets"], j["counters"]["ipv6"]["packets"],
		j["counters"]["tcp"]["packets"], j["counters"]["udp"]["packets"], j["counters"]["icmp"]["packets"]))')
	expect_eq "truncated in record $cut: the 7 frames before the cut are counted (frames skipped packets ipv4 ipv6 tcp udp icmp)" \
		"7 0 7 6 1 3 3 1" "$got"
done
ts_run replay "$TS_TMP/trunc-data.pcap"
if [ "$TS_RC" -eq $E_CAPTURE ] && grep -qE '^capture .*: 7 frames, 0 skipped' <<<"$TS_OUT" &&
	grep -qE '^ipv4 +6 ' <<<"$TS_OUT"; then
	ok "truncated: the table of the frames before the cut is printed"
else
	fail "truncated: the table of the frames before the cut is printed" "exit $TS_RC, stdout: $(head -5 <<<"$TS_OUT" | tr '\n' '|')"
fi

# ---- replay --json: the schema ----------------------------------------------

ts_run replay --json "$TS_TMP/lt-eth.pcap"
printf '%s\n' "$TS_OUT" >"$TS_TMP/eth.json"
if [ "$TS_RC" -eq 0 ] && json_get "$TS_TMP/eth.json" 'True' >/dev/null; then
	ok "replay --json: exit 0, stdout parses as JSON"
else
	fail "replay --json: parses" "exit $TS_RC, stderr '$TS_ERR'"
fi
expect_eq "replay --json: nothing on stderr" "" "$TS_ERR"
expect_eq "replay --json: top-level keys" "True" "$(json_get "$TS_TMP/eth.json" \
	'{"tool","version","source","packets","bytes","counters","errors"} <= set(j)')"
expect_eq "replay --json: source keys" "True" "$(json_get "$TS_TMP/eth.json" \
	'set(j["source"]) >= {"capture","link_type","frames","skipped"}')"
expect_eq "replay --json: tool, capture, link type, frames, skipped" \
	"tunnelstat $TS_TMP/lt-eth.pcap EN10MB 10 0" "$(json_get "$TS_TMP/eth.json" \
	'" ".join(str(x) for x in (j["tool"], j["source"]["capture"], j["source"]["link_type"], j["source"]["frames"], j["source"]["skipped"]))')"
expect_eq "replay --json: every counter is {packets, bytes} of integers, every error an integer" "True" \
	"$(json_get "$TS_TMP/eth.json" 'all(set(v) == {"packets","bytes"} and all(type(x) is int for x in v.values()) for v in j["counters"].values()) and all(type(v) is int for v in j["errors"].values()) and len(j["errors"]) > 0')"
expect_eq "replay --json: the issue's counter names are all there" "True" \
	"$(json_get "$TS_TMP/eth.json" '{"eth","llc","vlan","ipv4","ipv4_fragment","ipv6","ipv6_fragment","icmp","icmpv6","tcp","udp"} <= set(j["counters"])')"
expect_eq "replay --json: zero counters are listed" "0" "$(json_get "$TS_TMP/eth.json" 'j["counters"]["vlan"]["packets"]')"
# 10 frames: 14 bytes of Ethernet on each, plus the IP packets.
expect_eq "replay --json: packets, bytes, eth" "10 1274 10 1274" "$(json_get "$TS_TMP/eth.json" \
	'"%d %d %d %d" % (j["packets"], j["bytes"], j["counters"]["eth"]["packets"], j["counters"]["eth"]["bytes"])')"
expect_eq "replay --json: ipv4 ipv6 tcp udp icmp icmpv6 packets" "6 4 4 4 1 1" "$(json_get "$TS_TMP/eth.json" \
	'" ".join(str(j["counters"][k]["packets"]) for k in ("ipv4","ipv6","tcp","udp","icmp","icmpv6"))')"
expect_eq "replay --json: no errors" "0" "$(json_get "$TS_TMP/eth.json" 'sum(j["errors"].values())')"

# ---- link types: the same counts as Ethernet --------------------------------
#
# The synthetic Ethernet header replaces the capture's own, and wire
# lengths are adjusted by the difference, so packets and bytes match.
same_counts='" ".join("%s=%d/%d" % (k, j["counters"][k]["packets"], j["counters"][k]["bytes"]) for k in sorted(j["counters"]) if j["counters"][k]["packets"]) + " total=%d/%d errors=%d" % (j["packets"], j["bytes"], sum(j["errors"].values()))'
want=$(json_get "$TS_TMP/eth.json" "$same_counts")
for lt in raw101:RAW raw12:RAW sll:LINUX_SLL sll2:LINUX_SLL2 null:NULL loop:LOOP; do
	kind=${lt%%:*} name=${lt#*:}
	ts_run replay --json "$TS_TMP/lt-$kind.pcap"
	printf '%s\n' "$TS_OUT" >"$TS_TMP/lt.json"
	if [ "$TS_RC" -ne 0 ]; then
		fail "link type $kind" "exit $TS_RC: $TS_ERR"
		continue
	fi
	expect_eq "link type $kind: counts equal Ethernet's" "$want" "$(json_get "$TS_TMP/lt.json" "$same_counts")"
	expect_eq "link type $kind: link_type, frames, skipped" "$name 10 0" "$(json_get "$TS_TMP/lt.json" \
		'"%s %d %d" % (j["source"]["link_type"], j["source"]["frames"], j["source"]["skipped"])')"
done

# ---- short frames: counted under source.skipped, never fed -------------------

ts_run replay --json "$TS_TMP/short.pcap"
printf '%s\n' "$TS_OUT" >"$TS_TMP/short.json"
expect_eq "short frames: exit 0" 0 "$TS_RC"
# 1 and 13 bytes skipped; fed: a 14-byte bare header (IPv4 EtherType, no
# IPv4 header: ipv4_truncated), a TCP SYN and a UDP datagram.
expect_eq "short frames: frames skipped packets eth ipv4 ipv4_truncated" "5 2 3 3 2 1" \
	"$(json_get "$TS_TMP/short.json" '" ".join(str(x) for x in (j["source"]["frames"], j["source"]["skipped"], j["packets"], j["counters"]["eth"]["packets"], j["counters"]["ipv4"]["packets"], j["errors"]["ipv4_truncated"]))')"

# ---- replay is reproducible --------------------------------------------------
#
# "now" comes from each frame's timestamp, so two runs over the same file
# print the same thing, tables of calls and times included. The demo's
# tunnel mix exercises every parser there is.
if "$TS_PY" "$TS_ROOT/tests/gen/demo_mix.py" --scale 2 "$TS_TMP/mix.pcap" 2>/dev/null; then
	ts_run replay --json "$TS_TMP/mix.pcap"; first=$TS_OUT rc1=$TS_RC err1=$TS_ERR
	ts_run replay --json "$TS_TMP/mix.pcap"
	if [ "$rc1" -eq 0 ] && [ "$TS_RC" -eq 0 ] && [ -z "$err1" ] && [ "$first" = "$TS_OUT" ]; then
		ok "replay of the demo mix: exit 0, the same JSON twice"
	else
		fail "replay of the demo mix twice" "exit $rc1/$TS_RC, stderr '$err1', $([ "$first" = "$TS_OUT" ] && echo same || echo different) output"
	fi
	printf '%s\n' "$TS_OUT" >"$TS_TMP/mix.json"
	frames=$("$TS_PY" -c 'import sys; from scapy.utils import rdpcap; print(len(rdpcap(sys.argv[1])))' "$TS_TMP/mix.pcap" 2>/dev/null)
	expect_eq "replay of the demo mix: JSON parses, every frame fed" "$frames $frames 0" \
		"$(json_get "$TS_TMP/mix.json" '"%d %d %d" % (j["source"]["frames"], j["packets"], j["source"]["skipped"])')"
	ts_run replay "$TS_TMP/mix.pcap"; first=$TS_OUT
	ts_run replay "$TS_TMP/mix.pcap"
	expect_eq "replay of the demo mix: the same table twice" "$first" "$TS_OUT"
else
	fail "replay of the demo mix" "tests/gen/demo_mix.py failed"
fi

# ---- -v: libbpf's debug output on stderr, the data unchanged on stdout ------

ts_run replay "$TS_TMP/lt-eth.pcap"
plain=$TS_OUT
ts_run replay -v "$TS_TMP/lt-eth.pcap"
if [ "$TS_RC" -eq 0 ] && grep -q '^libbpf: ' <<<"$TS_ERR" && [ "$TS_OUT" = "$plain" ]; then
	ok "replay -v: libbpf debug lines on stderr, stdout unchanged"
else
	fail "replay -v" "exit $TS_RC, $(grep -c '^libbpf: ' <<<"$TS_ERR") libbpf lines, stdout $([ "$TS_OUT" = "$plain" ] && echo same || echo differs)"
fi
ts_run replay "$TS_TMP/lt-eth.pcap"
expect_eq "replay without -v: nothing on stderr" "" "$TS_ERR"

# ---- status --json --------------------------------------------------------------

ts_run status --json
printf '%s\n' "$TS_OUT" >"$TS_TMP/status.json"
expect_eq "status --json: exit 0, parses, tool and an attached list" "0 tunnelstat list" \
	"$TS_RC $(json_get "$TS_TMP/status.json" '"%s %s" % (j["tool"], type(j["attached"]).__name__)')"

# ---- the man page: every option of every command, every exit code ---------------
#
# The option tables in user/main.c are the one source of --help; the man
# page must keep up with them and with user/exitcodes.h.
MAN=$TS_ROOT/docs/tunnelstat.8
if [ ! -f "$MAN" ]; then
	skip "man page in step with --help and exitcodes.h" "docs/tunnelstat.8 does not exist yet"
else
	mantext=$(sed 's/\\//g' "$MAN")
	missing=()
	for cmd in $CMDS; do
		grep -qE "(^|[^a-z])$cmd([^a-z]|$)" <<<"$mantext" || missing+=("command $cmd")
		for o in $("$TS_BIN" "$cmd" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
			grep -qF -- "$o" <<<"$mantext" || missing+=("$cmd $o")
		done
	done
	[ ${#missing[@]} -eq 0 ] && ok "man page: every command and option of --help" ||
		fail "man page: every command and option of --help" "not in docs/tunnelstat.8: ${missing[*]}"
	exits=$(awk 'toupper($0) ~ /^\.SH +"?EXIT STATUS/ {on=1; next} /^\.SH/ {on=0} on' "$MAN" | sed 's/\\//g')
	missing=()
	while read -r name num; do
		grep -qwE "$num" <<<"$exits" || missing+=("$name=$num")
	done < <(sed -nE 's/^\s*(TS_EXIT_[A-Z_]+) *= *([0-9]+),.*/\1 \2/p' "$TS_ROOT/user/exitcodes.h")
	if [ -z "$exits" ]; then
		fail "man page: EXIT STATUS lists every code of user/exitcodes.h" "no EXIT STATUS section"
	elif [ ${#missing[@]} -eq 0 ]; then
		ok "man page: EXIT STATUS lists every code of user/exitcodes.h"
	else
		fail "man page: EXIT STATUS lists every code of user/exitcodes.h" "missing ${missing[*]}"
	fi
fi

# ---- pins made by another tunnelstat version: exit 10 --------------------------
# A counters map of another layout (4096 bytes per CPU: the layout before
# the lanes' signature slots) pinned where `show` looks: one line naming the
# problem and what to do, exit 10, nothing printed, nothing misread.
if command -v bpftool >/dev/null 2>&1; then
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	OLDIF="tsold$$"
	OLDDIR=/sys/fs/bpf/tunnelstat/$OLDIF
	mkdir -p "$OLDDIR"
	at_cleanup "rm -rf '$OLDDIR'"
	if bpftool map create "$OLDDIR/counters" type percpu_array key 4 value 4096 entries 1 \
		name counters 2>"$TS_TMP/bpftool.err"; then
		ts_run show "$OLDIF"
		check_err "show: counters pinned by another version" 10 'another (layout|tunnelstat version).*detach'
		ts_run show --json "$OLDIF"
		check_err "show --json: counters pinned by another version" 10 'another (layout|tunnelstat version).*detach'
	else
		fail "show: counters pinned by another version" "bpftool map create: $(head -1 "$TS_TMP/bpftool.err")"
	fi
	rm -rf "$OLDDIR"
else
	skip "show: counters pinned by another version" "no bpftool"
fi

# ---- the kernel refuses the program: exit 8 -----------------------------------
skip "kernel refuses the program (exit 8)" \
	"no clean trigger: the embedded object passes this kernel's verifier, and a test-only switch in the binary is not acceptable"

summary
