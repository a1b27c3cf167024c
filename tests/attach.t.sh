#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Live attach over a veth pair into a network namespace this test makes and
# removes: attach (native and skb), send known frames from the host end,
# count them with `show`, detach, and check that nothing is left behind:
# no pin under /sys/fs/bpf/tunnelstat/IFACE, no XDP program on the link,
# the program unloaded. A refused attach leaves nothing either.
#
#   TS_BIN=./tunnelstat bash tests/attach.t.sh     (as root; tests/run.sh sets TS_BIN)
set -u
TS_SUITE=attach
# shellcheck source=tests/lib.sh disable=SC2034  # TS_SUITE is read by lib.sh
. "$(dirname "$0")/lib.sh"

need_root
need_cmd nsenter ip
need_scapy
[ -x "$TS_BIN" ] || skip_suite "no tunnelstat binary at $TS_BIN: run make"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf 2>/dev/null

E_ATTACHED=5 E_NOT_ATTACHED=6 E_ATTACH=9

# ---- the frames -------------------------------------------------------------
# 16 frames: 4 TCP, 3 UDP, 2 ICMP over IPv4; 2 UDP behind an 802.1Q tag;
# 1 TCP behind two tags (802.1ad + 802.1Q); 2 UDP and 1 ICMPv6 over IPv6;
# 1 ARP request (docs/access.md). Nobody owns the addresses
# and the namespace end has none, so nothing answers.
cat >"$TS_TMP/gen.py" <<'EOF'
import sys
from scapy.config import conf
conf.verb = 0
from scapy.layers.inet import IP, TCP, UDP, ICMP
from scapy.layers.inet6 import IPv6, ICMPv6EchoRequest
from scapy.layers.l2 import ARP, Dot1AD, Dot1Q, Ether
from scapy.packet import Raw
from scapy.utils import wrpcap

e = lambda: Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
A, B, A6, B6 = "192.0.2.1", "198.51.100.2", "2001:db8::1", "2001:db8::2"
f = [e() / IP(src=A, dst=B) / TCP(sport=40000, dport=8080, flags="S"),
     e() / IP(src=B, dst=A) / TCP(sport=8080, dport=40000, flags="SA"),
     e() / IP(src=A, dst=B) / TCP(sport=40000, dport=8080, flags="A"),
     e() / IP(src=A, dst=B) / TCP(sport=40000, dport=8080, flags="PA") / Raw(b"x" * 300),
     e() / IP(src=A, dst=B) / UDP(sport=5000, dport=53) / Raw(b"q" * 40),
     e() / IP(src=A, dst=B) / UDP(sport=5001, dport=5060) / Raw(b"i" * 200),
     e() / IP(src=A, dst=B) / UDP(sport=7000, dport=7001) / Raw(b"l" * 60),
     e() / IP(src=A, dst=B) / ICMP(type=8, id=1, seq=1) / Raw(b"p" * 56),
     e() / IP(src=A, dst=B) / ICMP(type=8, id=1, seq=2) / Raw(b"p" * 56),
     e() / Dot1Q(vlan=100) / IP(src=A, dst=B) / UDP(sport=5002, dport=53) / Raw(b"v" * 30),
     e() / Dot1Q(vlan=101) / IP(src=A, dst=B) / UDP(sport=5003, dport=53) / Raw(b"w" * 30),
     e() / Dot1AD(vlan=10) / Dot1Q(vlan=20) / IP(src=A, dst=B) / TCP(sport=40001, dport=8081, flags="S"),
     e() / IPv6(src=A6, dst=B6) / UDP(sport=5004, dport=53) / Raw(b"s" * 20),
     e() / IPv6(src=A6, dst=B6) / UDP(sport=5005, dport=9999) / Raw(b"t" * 100),
     e() / IPv6(src=A6, dst=B6) / ICMPv6EchoRequest(id=3, seq=1),
     Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff") / ARP(psrc=A, pdst=B)]
for i, p in enumerate(f):
    p.time = 1700000000 + i / 1000
wrpcap(sys.argv[1], f)
EOF
"$TS_PY" "$TS_TMP/gen.py" "$TS_TMP/frames.pcap" ||
	{ fail "generate frames" "gen.py failed"; summary; exit 1; }
NFRAMES=16

# The counts of the first layers, as "name=packets", then the total and
# the sum of the errors. Counters that later issues add (handshakes,
# tunnels) are not listed here, but the live run must still equal replay
# on every counter (REPLAY_ALL below).
counts='" ".join("%s=%d" % (k, j["counters"][k]["packets"]) for k in ("eth", "eth_other", "arp", "vlan", "qinq", "ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "tcp_syn", "tcp_synack", "tcp_ack", "tcp_psh")) + " | total=%d errors=%d" % (j["packets"], sum(j["errors"].values()))'
WANT="eth=16 eth_other=0 arp=1 vlan=3 qinq=1 ipv4=12 ipv6=3 tcp=5 udp=7 icmp=2 icmpv6=1 tcp_syn=2 tcp_synack=1 tcp_ack=3 tcp_psh=1 | total=16 errors=0"
# The same file through `replay`: the live program must count the same
# frames the same way, bytes included.
"$TS_BIN" replay --json "$TS_TMP/frames.pcap" >"$TS_TMP/replay.json" 2>"$TS_TMP/replay.err"
expect_eq "replay of the frames gives the expected counts" "$WANT" "$(json_get "$TS_TMP/replay.json" "$counts")"
all_counts='json.dumps([j["packets"], j["bytes"], j["counters"], j["errors"]], sort_keys=True)'
REPLAY_ALL=$(json_get "$TS_TMP/replay.json" "$all_counts")

# ---- one attach cycle in a given mode -----------------------------------------

# pinned IFACE: the names under the pin directory, sorted, space-separated.
pinned() { ls "/sys/fs/bpf/tunnelstat/$1" 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//'; }

# prog_gone ID: the kernel has freed program ID (freeing is deferred: poll).
prog_gone() {
	local i
	command -v bpftool >/dev/null 2>&1 || return 0
	for i in $(seq 1 30); do
		bpftool prog show id "$1" >/dev/null 2>&1 || return 0
		sleep 0.1
	done
	return 1
}

cycle() {
	local mode=$1 ipmode=$2 ifc=$TS_NS_IF id st
	local -a modeopt=()
	[ "$mode" = native ] || modeopt=(--mode "$mode")

	expect_eq "$mode: no XDP program before attach" "" "$(xdp_on "$ifc" "$TS_NS")"
	ts_run_ns attach "$ifc" "${modeopt[@]}"
	expect_eq "$mode: attach exits 0" 0 "$TS_RC"
	[ "$TS_RC" -eq 0 ] || { fail "$mode: attach" "stderr: $TS_ERR"; return; }
	# the maps every command reads; protocol issues add their own next to them
	expect_eq "$mode: pins: counters, link, meta" "counters link meta" \
		"$(pinned "$ifc" | tr ' ' '\n' | grep -xE 'counters|link|meta' | tr '\n' ' ' | sed 's/ $//')"
	expect_eq "$mode: ip link shows the mode" "$ipmode" "$(xdp_mode "$ifc" "$TS_NS")"
	id=$(xdp_on "$ifc" "$TS_NS" | grep -oE '[0-9]+$')
	[ -n "$id" ] && ok "$mode: XDP program $id on $ifc" || fail "$mode: XDP program on $ifc" "ip -d link shows none"

	ts_run_ns status --json
	printf '%s\n' "$TS_OUT" >"$TS_TMP/status.json"
	expect_eq "$mode: status --json lists $ifc, its mode, its program id" \
		"$ifc $mode ${id:-?} attached" "$(json_get "$TS_TMP/status.json" \
		'" ".join("%s %s %d %s" % (a["interface"], a["mode"], a["prog_id"], a["state"]) for a in j["attached"] if a["interface"] == "'"$ifc"'")')"
	ts_run_ns status
	st=$(grep -E "^$ifc " <<<"$TS_OUT")
	if grep -qE "^$ifc +$mode +${id:-x} " <<<"$st"; then
		ok "$mode: status table row"
	else
		fail "$mode: status table row" "got '$st'"
	fi

	ts_run_ns show --json "$ifc"
	printf '%s\n' "$TS_OUT" >"$TS_TMP/show.json"
	expect_eq "$mode: nothing counted before we send (quiet veth)" "0" "$(json_get "$TS_TMP/show.json" 'j["packets"]')"
	expect_eq "$mode: show --json source" "$ifc $mode ${id:-?}" "$(json_get "$TS_TMP/show.json" \
		'"%s %s %d" % (j["source"]["interface"], j["source"]["mode"], j["source"]["prog_id"])')"

	if send_pcap "$TS_HOST_IF" "$TS_TMP/frames.pcap"; then
		ok "$mode: sent $NFRAMES frames from $TS_HOST_IF"
	else
		fail "$mode: send frames" "$(cat "$TS_TMP/send.err")"
	fi
	wait_packets "$TS_NS" "$ifc" "$NFRAMES"
	expect_eq "$mode: show --json counts what was sent" "$WANT" "$(json_get "$TS_TMP/show.json" "$counts")"
	expect_eq "$mode: live counts and bytes equal replay's" "$REPLAY_ALL" "$(json_get "$TS_TMP/show.json" "$all_counts")"
	ts_run_ns show "$ifc"
	if [ "$TS_RC" -eq 0 ] && grep -qE '^ipv4 +12 ' <<<"$TS_OUT" && grep -qE '^vlan +3 ' <<<"$TS_OUT" &&
		! grep -qE '^llc ' <<<"$TS_OUT"; then
		ok "$mode: show table (ipv4 12, vlan 3, zero rows hidden)"
	else
		fail "$mode: show table" "exit $TS_RC: $(tr '\n' '|' <<<"$TS_OUT")"
	fi
	ts_run_ns show
	if [ "$TS_RC" -eq 0 ] && grep -q "tunnelstat on $ifc" <<<"$TS_OUT"; then
		ok "$mode: show without IFACE picks the one attached interface"
	elif [ "$(ls /sys/fs/bpf/tunnelstat | wc -l)" -gt 1 ]; then
		skip "$mode: show without IFACE" "tunnelstat is attached elsewhere on this machine too"
	else
		fail "$mode: show without IFACE" "exit $TS_RC: $TS_ERR"
	fi

	ts_run_ns attach "$ifc" "${modeopt[@]}"
	expect_eq "$mode: attach again exits 5" "$E_ATTACHED" "$TS_RC"
	expect_eq "$mode: attach again leaves the program in place" "${id:-?}" "$(xdp_on "$ifc" "$TS_NS" | grep -oE '[0-9]+$')"

	ts_run_ns detach "$ifc"
	expect_eq "$mode: detach exits 0" 0 "$TS_RC"
	[ ! -e "/sys/fs/bpf/tunnelstat/$ifc" ] && ok "$mode: /sys/fs/bpf/tunnelstat/$ifc is gone" ||
		fail "$mode: pins removed" "left: $(pinned "$ifc")"
	expect_eq "$mode: no XDP program left on $ifc" "" "$(xdp_on "$ifc" "$TS_NS")"
	if [ -n "$id" ] && prog_gone "$id"; then
		ok "$mode: program $id unloaded"
	else
		fail "$mode: program unloaded" "bpftool still shows program ${id:-?}"
	fi
	ts_run_ns detach "$ifc"
	expect_eq "$mode: detach again exits 6" "$E_NOT_ATTACHED" "$TS_RC"
	ts_run_ns show "$ifc"
	expect_eq "$mode: show after detach exits 6" "$E_NOT_ATTACHED" "$TS_RC"
}

ns_setup || { fail "network namespace" "could not create a namespace with a veth pair"; summary; exit 1; }
# `ip -n` is used below as well: make sure $TS_NS_IF is unique machine-wide
# in bpffs, where pin directories are named by interface only.
[ ! -e "/sys/fs/bpf/tunnelstat/$TS_NS_IF" ] || skip_suite "/sys/fs/bpf/tunnelstat/$TS_NS_IF exists already"

cycle native xdp
cycle skb xdpgeneric

# ---- refused attaches leave nothing behind ------------------------------------

# lo has no native XDP: the program is loaded, the kernel refuses the link,
# and the attach must be rolled back.
if [ -e /sys/fs/bpf/tunnelstat/lo ]; then
	skip "native attach on lo is refused" "tunnelstat is attached to some 'lo' already"
else
	ts_run_ns attach lo
	expect_eq "native attach on lo: exit 9" "$E_ATTACH" "$TS_RC"
	grep -qiE 'skb' <<<"$TS_ERR" && ok "native attach on lo: advice to try --mode skb" ||
		fail "native attach on lo: advice" "stderr: $TS_ERR"
	[ ! -e /sys/fs/bpf/tunnelstat/lo ] && ok "native attach on lo: nothing pinned" ||
		fail "native attach on lo: nothing pinned" "left: $(pinned lo)"
	expect_eq "native attach on lo: no XDP program on lo" "" "$(xdp_on lo "$TS_NS")"
fi

# Another XDP program already there: tunnelstat must not replace it.
if command -v clang >/dev/null 2>&1; then
	printf '%s\n' \
		'/* returns XDP_PASS: a stand-in for somebody else'"'"'s program */' \
		'__attribute__((section("xdp"), used)) int other_prog(void *ctx) { return 2; }' \
		'char _license[] __attribute__((section("license"), used)) = "GPL";' >"$TS_TMP/other.c"
	if clang -O2 --target=bpf -c "$TS_TMP/other.c" -o "$TS_TMP/other.o" 2>"$TS_TMP/clang.err" &&
		ip -n "$TS_NS" link set dev "$TS_NS_IF" xdpgeneric obj "$TS_TMP/other.o" sec xdp 2>"$TS_TMP/ip.err"; then
		at_cleanup "ip -n $TS_NS link set dev $TS_NS_IF xdpgeneric off"
		other=$(xdp_on "$TS_NS_IF" "$TS_NS")
		for m in native skb; do
			ts_run_ns attach "$TS_NS_IF" --mode "$m"
			expect_eq "another program attached, attach --mode $m: exit 5" "$E_ATTACHED" "$TS_RC"
			grep -qE "$TS_NS_IF" <<<"$TS_ERR" && [ -z "$TS_OUT" ] && [ "$(nlines "$TS_ERR")" -eq 1 ] &&
				ok "another program attached, --mode $m: one line on stderr" ||
				fail "another program attached, --mode $m: message" "stderr: $TS_ERR"
			[ ! -e "/sys/fs/bpf/tunnelstat/$TS_NS_IF" ] && ok "another program attached, --mode $m: nothing pinned" ||
				fail "another program attached, --mode $m: nothing pinned" "left: $(pinned "$TS_NS_IF")"
			expect_eq "another program attached, --mode $m: that program is untouched" "$other" "$(xdp_on "$TS_NS_IF" "$TS_NS")"
		done
		ip -n "$TS_NS" link set dev "$TS_NS_IF" xdpgeneric off
	else
		skip "another XDP program attached" "could not load a stand-in program: $(cat "$TS_TMP/clang.err" "$TS_TMP/ip.err" 2>/dev/null | head -2 | tr '\n' ' ')"
	fi
else
	skip "another XDP program attached" "needs clang to build a stand-in program"
fi

# The namespace goes away: nothing of ours may remain.
ns=$TS_NS hif=$TS_HOST_IF nif=$TS_NS_IF
ns_teardown
{ [ ! -e "/run/netns/$ns" ] && ! ip link show "$hif" >/dev/null 2>&1 && [ ! -e "/sys/fs/bpf/tunnelstat/$nif" ]; } &&
	ok "teardown: namespace, veth pair and pins gone" || fail "teardown" "something of $ns/$hif/$nif is left"

summary
