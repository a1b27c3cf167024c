# shellcheck shell=bash disable=SC2034  # TS_RC, TS_OUT, TS_ERR, TS_PY are for the suites
# Shared helpers for tests/*.t.sh and tests/demo.sh: sourced, never run.
#
#   ok NAME / fail NAME WHY / skip NAME WHY   one line per check
#   summary                                   "N passed, N failed"; exit status
#   expect_eq NAME WANT GOT                   the usual assertion
#   ts_run ARGS...                            run $TS_BIN, keep rc/stdout/stderr
#   ns_setup / ns_teardown                    a netns and a veth pair into it
#
# Suites print "ok - NAME" or "FAIL - NAME: why" per check and end with the
# exact line "N passed, N failed" (tests/run.sh sums them). A skipped check
# prints "skip - NAME: why" and counts as neither.

TS_ROOT=${TS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TS_BIN=${TS_BIN:-$TS_ROOT/tunnelstat}
# scapy is only installed for the system interpreter (not a pyenv one on PATH).
TS_PY=${TS_PY:-/usr/bin/python3}

_ts_pass=0
_ts_fail=0

ok()   { _ts_pass=$((_ts_pass + 1)); echo "ok - $1"; }
fail() { _ts_fail=$((_ts_fail + 1)); echo "FAIL - $1: $2"; }
skip() { echo "skip - $1: $2"; }

# Print the summary line and return the suite's exit status.
summary() {
	echo "$_ts_pass passed, $_ts_fail failed"
	[ "$_ts_fail" -eq 0 ]
}

# A suite that cannot run at all (not root, tool missing) says why and
# reports nothing run: tests/run.sh sees a clean "0 passed, 0 failed".
skip_suite() {
	echo "skip - ${TS_SUITE:-suite}: $1"
	echo "0 passed, 0 failed"
	exit 0
}

expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

# Temporary directory of the suite, removed by the exit trap.
TS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-test.XXXXXX")
chmod 755 "$TS_TMP"

# ts_run ARGS...: run tunnelstat; leaves TS_RC, TS_OUT (stdout), TS_ERR (stderr).
ts_run() {
	"$TS_BIN" "$@" >"$TS_TMP/out" 2>"$TS_TMP/err"
	TS_RC=$?
	TS_OUT=$(cat "$TS_TMP/out")
	TS_ERR=$(cat "$TS_TMP/err")
}

# ts_run_ns ARGS...: the same, inside the test's network namespace. nsenter
# rather than `ip netns exec`, which mounts a fresh /sys: pins made under it
# would vanish with the command.
ts_run_ns() {
	nsenter --net="/run/netns/$TS_NS" "$TS_BIN" "$@" >"$TS_TMP/out" 2>"$TS_TMP/err"
	TS_RC=$?
	TS_OUT=$(cat "$TS_TMP/out")
	TS_ERR=$(cat "$TS_TMP/err")
}

# Number of lines in a string (0 for the empty string).
nlines() {
	if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l; fi
}

# json_get FILE EXPR: evaluate a Python expression on the JSON in FILE (bound
# to `j`), print the result. Empty output and status 1 if it does not parse.
json_get() {
	"$TS_PY" -c '
import json, sys
try:
    j = json.load(open(sys.argv[1]))
    v = eval(sys.argv[2])
except Exception as e:
    sys.exit(1)
print(v)' "$1" "$2"
}

# ---- network namespace and veth pair ---------------------------------------
#
# ns_setup: a namespace TS_NS and a veth pair, TS_HOST_IF in this namespace,
# TS_NS_IF inside TS_NS, both up, IPv6 off on both ends (so the kernel sends
# no neighbour discovery or router solicitations of its own) and no address:
# the only frames on the wire are the ones a test sends. Names are unique
# per process (interface names are at most 15 characters). ns_teardown is
# idempotent and runs from the exit trap, also on failure or Ctrl-C.

TS_NS=
TS_HOST_IF=
TS_NS_IF=

_ts_cleanup_hooks=()
# at_cleanup CMD: run CMD (eval'd) at teardown, last registered first.
at_cleanup() { _ts_cleanup_hooks+=("$1"); }

_ts_disable_ipv6() {	# [nsenter prefix...] IFACE
	local ifc=${*: -1}
	local pre=("${@:1:$#-1}")
	# absent when the kernel runs without IPv6: nothing to silence then
	"${pre[@]}" sh -c "f=/proc/sys/net/ipv6/conf/$ifc/disable_ipv6; [ ! -e \$f ] || echo 1 > \$f"
}

ns_setup() {
	local tag=$$
	TS_NS="tsns$tag"
	TS_HOST_IF="tsh$tag"
	TS_NS_IF="tsn$tag"
	ip netns add "$TS_NS" || return 1
	ip link add "$TS_HOST_IF" type veth peer name "$TS_NS_IF" || return 1
	ip link set "$TS_NS_IF" netns "$TS_NS" || return 1
	_ts_disable_ipv6 "$TS_HOST_IF" || return 1
	_ts_disable_ipv6 nsenter --net="/run/netns/$TS_NS" "$TS_NS_IF" || return 1
	ip link set "$TS_HOST_IF" up || return 1
	ip -n "$TS_NS" link set "$TS_NS_IF" up || return 1
	ip -n "$TS_NS" link set lo up || return 1
}

ns_teardown() {
	local i
	for ((i = ${#_ts_cleanup_hooks[@]} - 1; i >= 0; i--)); do
		eval "${_ts_cleanup_hooks[i]}" >/dev/null 2>&1
	done
	_ts_cleanup_hooks=()
	if [ -n "$TS_NS" ]; then
		# detach first, so no pin outlives the interface
		if [ -n "$TS_NS_IF" ] && [ -d "/sys/fs/bpf/tunnelstat/$TS_NS_IF" ]; then
			nsenter --net="/run/netns/$TS_NS" "$TS_BIN" detach "$TS_NS_IF" >/dev/null 2>&1 ||
				rm -rf "/sys/fs/bpf/tunnelstat/$TS_NS_IF"
			rmdir /sys/fs/bpf/tunnelstat 2>/dev/null
		fi
		ip link del "$TS_HOST_IF" >/dev/null 2>&1
		ip netns del "$TS_NS" >/dev/null 2>&1
		TS_NS=
	fi
}

_ts_exit() {
	local rc=$?
	# a second Ctrl-C must not cut the cleanup short
	trap - EXIT
	trap '' INT TERM
	ns_teardown
	rm -rf "$TS_TMP"
	exit "$rc"
}
trap _ts_exit EXIT
trap 'echo "interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# xdp_on IFACE [ns]: the XDP program ids `ip -d link show` reports on IFACE
# (empty if none). Detail output names them "prog/xdp id N" (one per mode).
xdp_on() {
	local args=()
	[ -n "${2:-}" ] && args=(-n "$2")
	ip "${args[@]}" -d link show dev "$1" 2>/dev/null |
		grep -oE 'prog/xdp(generic|drv|offload)? id [0-9]+' | tr '\n' ' ' | sed 's/ $//'
}

# xdp_mode IFACE [ns]: xdp (native), xdpgeneric (skb), xdpoffload or empty,
# from the first line of `ip link show`.
xdp_mode() {
	local args=()
	[ -n "${2:-}" ] && args=(-n "$2")
	ip "${args[@]}" link show dev "$1" 2>/dev/null | head -1 |
		grep -oE '\b(xdpgeneric|xdpoffload|xdpmulti|xdp)\b' | head -1
}

# send_pcap IFACE FILE: send every frame of FILE out of IFACE (in this
# namespace), in order, at a rate the veth ring never overflows.
# tcpreplay when installed, else scapy's sendp.
send_pcap() {
	if command -v tcpreplay >/dev/null 2>&1; then
		tcpreplay -q --pps=2000 -i "$1" "$2" >/dev/null 2>"$TS_TMP/send.err"
	else
		"$TS_PY" -c '
import sys, time
from scapy.config import conf
conf.verb = 0
import scapy.layers.l2  # noqa: F401  (registers the Ethernet link type)
from scapy.utils import rdpcap
sock = conf.L2socket(iface=sys.argv[1])
for p in rdpcap(sys.argv[2]):
    sock.send(p)
    time.sleep(0.0005)
sock.close()' "$1" "$2" 2>"$TS_TMP/send.err"
	fi
}

# wait_packets NS IFACE N: poll `tunnelstat show --json` until it has seen
# at least N packets (frames are processed after the sender returns), then
# give stragglers a moment. Leaves the JSON in $TS_TMP/show.json.
wait_packets() {
	local i n
	for i in $(seq 1 50); do
		nsenter --net="/run/netns/$1" "$TS_BIN" show --json "$2" >"$TS_TMP/show.json" 2>/dev/null
		n=$(json_get "$TS_TMP/show.json" 'j["packets"]') || n=0
		[ "$n" -ge "$3" ] && break
		sleep 0.1
	done
	sleep 0.2
	nsenter --net="/run/netns/$1" "$TS_BIN" show --json "$2" >"$TS_TMP/show.json" 2>/dev/null
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip_suite "needs root (BPF and network namespaces): run as root"
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip_suite "needs '$c' (make deps)"
	done
}

need_scapy() {
	"$TS_PY" -c 'import scapy' 2>/dev/null ||
		skip_suite "needs scapy under $TS_PY (make deps: python3-scapy)"
}
