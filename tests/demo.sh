#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make demo`: tunnelstat end to end on a machine with no tunnel traffic of
# its own. Makes a network namespace and a veth pair into it, attaches
# tunnelstat inside, pushes a generated mix of VPN and tunnel traffic
# (tests/gen/demo_mix.py) through the pair with tcpreplay, prints what
# `tunnelstat show` counted, detaches and removes everything: also when a
# step fails or on Ctrl-C.
#
# Needs root, a built ./tunnelstat (make does it), and from `make deps`:
# iproute2, util-linux (nsenter), tcpreplay, python3-scapy.
set -u
cd "$(dirname "$0")/.."
TS_ROOT=$PWD
TS_BIN=${TS_BIN:-$TS_ROOT/tunnelstat}
# shellcheck source=tests/lib.sh
. tests/lib.sh

# The capture stays after the demo, for `tunnelstat replay` or tshark.
PCAP=${TS_DEMO_PCAP:-$TS_ROOT/build/demo_mix.pcap}
# Frames per second through the veth: the receiving end has a 256-frame
# ring per queue, and a steady rate keeps it from overflowing on a busy
# or small machine. About half a second for the default mix.
PPS=5000

step() { printf '==> %s\n' "$*" >&2; }
die()  { printf 'demo: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, XDP): run 'sudo make demo'"
[ -x "$TS_BIN" ] || die "no tunnelstat binary at $TS_BIN: run 'make demo', which builds it"
for c in ip nsenter tcpreplay; do
	command -v "$c" >/dev/null 2>&1 || die "'$c' is missing: run 'make deps'"
done
"$TS_PY" -c 'import scapy' 2>/dev/null || die "scapy is missing for $TS_PY: run 'make deps' (python3-scapy)"

step "generating a mix of tunnel traffic into $PCAP"
mkdir -p "$(dirname "$PCAP")"
at_cleanup "rm -f '$PCAP.tmp'"	# an interrupted run leaves no half-written capture
"$TS_PY" tests/gen/demo_mix.py "$PCAP.tmp" 2>"$TS_TMP/gen.err" && mv "$PCAP.tmp" "$PCAP" ||
	die "generator failed: $(cat "$TS_TMP/gen.err")"
FRAMES=$(grep -oE 'wrote [0-9]+' "$TS_TMP/gen.err" | grep -oE '[0-9]+')
echo "    ${FRAMES:-?} frames: TCP sessions, PPTP control + GRE/PPP, GRE, L2TPv2, ESP, AH, IKE, NAT-T," >&2
echo "    802.1Q and QinQ, IPv6 extension headers, IPv4 fragments, ICMP errors" >&2

step "creating namespace and veth pair"
ns_setup || die "could not create the namespace and veth pair"
echo "    $TS_HOST_IF (here) <-> $TS_NS_IF (in namespace $TS_NS), IPv6 off, no addresses" >&2

step "tunnelstat attach $TS_NS_IF (inside $TS_NS)"
ts_run_ns attach "$TS_NS_IF"
if [ "$TS_RC" -eq 9 ]; then	# a kernel without native XDP on veth: generic XDP does the same here
	echo "    native mode refused ($TS_ERR); trying --mode skb" >&2
	ts_run_ns attach "$TS_NS_IF" --mode skb
fi
[ "$TS_RC" -eq 0 ] || die "attach failed (exit $TS_RC): $TS_ERR"
echo "    $TS_ERR" >&2
ts_run_ns status
printf '%s\n\n' "$TS_OUT"

step "tcpreplay -i $TS_HOST_IF --pps=$PPS $(basename "$PCAP")"
tcpreplay -q --pps="$PPS" -i "$TS_HOST_IF" "$PCAP" >"$TS_TMP/tcpreplay.out" 2>&1 ||
	die "tcpreplay failed: $(tail -3 "$TS_TMP/tcpreplay.out")"
wait_packets "$TS_NS" "$TS_NS_IF" "${FRAMES:-1}"
if ! seen=$(json_get "$TS_TMP/show.json" 'j["packets"]'); then
	echo "    note: 'tunnelstat show --json' did not print valid JSON" >&2
elif [ "$seen" != "$FRAMES" ]; then
	echo "    note: sent $FRAMES frames, the program saw $seen" >&2
fi

step "tunnelstat show $TS_NS_IF"
ts_run_ns show "$TS_NS_IF"
[ "$TS_RC" -eq 0 ] || die "show failed (exit $TS_RC): $TS_ERR"
printf '%s\n\n' "$TS_OUT"

# The same capture through `tunnelstat replay` (BPF_PROG_TEST_RUN, no
# interface): live and replay run one program and must agree.
"$TS_BIN" replay --json "$PCAP" >"$TS_TMP/replay.json" 2>/dev/null
same='json.dumps([j["packets"], j["bytes"], j["counters"], j["errors"]], sort_keys=True)'
live=$(json_get "$TS_TMP/show.json" "$same") && replayed=$(json_get "$TS_TMP/replay.json" "$same") ||
	live= replayed=x
if [ "$live" = "$replayed" ]; then
	echo "    'tunnelstat replay $PCAP' counts the same, frame for frame" >&2
elif [ -z "$live" ]; then
	echo "    note: could not compare with 'tunnelstat replay': its JSON or show's did not parse" >&2
else
	echo "    note: 'tunnelstat replay $PCAP' counts differently from the live run" >&2
fi

step "tunnelstat detach $TS_NS_IF"
ts_run_ns detach "$TS_NS_IF"
[ "$TS_RC" -eq 0 ] || die "detach failed (exit $TS_RC): $TS_ERR"
[ ! -e "/sys/fs/bpf/tunnelstat/$TS_NS_IF" ] || die "pins left under /sys/fs/bpf/tunnelstat/$TS_NS_IF"

step "removing namespace and veth pair"
ns_teardown
step "done: nothing left behind; the capture is $PCAP"
