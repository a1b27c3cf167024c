#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# tests/bench.sh: the benchmark behind `make bench` (which builds first;
# this script builds nothing). Two parts:
#
#  1. build/tests/bench: ns per packet of the XDP program against an empty
#     XDP program, per packet class, with BPF_PROG_TEST_RUN (tests/bench.c).
#  2. Replay throughput: `tunnelstat replay` on a large generated capture
#     (tests/gen/bench_capture.py) against `ndpiReader -i` and tshark on the
#     same file, side by side in one run.
#
# Prints the tables and rewrites docs/performance.md with them. A benchmark,
# not a test: nothing here passes or fails on timing. It exits non-zero only
# when it cannot run (not root, not built, a tool it runs fails).
#
# Knobs (environment):
#   TS_BENCH_ARGS           extra arguments for build/tests/bench
#                           (e.g. "--repeat 100000 --rounds 3" for a quick look)
#   TS_BENCH_FRAMES         frames in the generated capture (default 1500000)
#   TS_BENCH_ROUNDS         interleaved replay rounds, median kept (default 5)
#   TS_BENCH_TSHARK_FRAMES  frames tshark dissects, 0 = all (default 300000:
#                           tshark dissects ~15 k frames/s here, so the whole
#                           file alone would take ~100 s)
#   TS_BENCH_NO_DOC=1       print only, leave docs/performance.md alone
set -u
cd "$(dirname "$0")/.." || exit 1

BENCH=build/tests/bench
TS=./tunnelstat
DOC=docs/performance.md
FRAMES=${TS_BENCH_FRAMES:-1500000}
ROUNDS=${TS_BENCH_ROUNDS:-5}
TSHARK_FRAMES=${TS_BENCH_TSHARK_FRAMES:-300000}
CAP_DIR=build/bench
CAP=$CAP_DIR/mix-$FRAMES.pcap
GEN=tests/gen/bench_capture.py

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (BPF_PROG_TEST_RUN loads BPF programs): run it with sudo"
if [ ! -x "$BENCH" ] || [ ! -x "$TS" ]; then
	die "$BENCH or $TS is missing: run 'make bench', which builds them"
fi

PY=python3
command -v "$PY" >/dev/null 2>&1 || PY=/usr/bin/python3

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

now_ns() { date +%s%N; }
# secs START_NS END_NS -> seconds with 3 decimals
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'; }
# spread < FILE -> "min X, max Y"
spread() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "min %s, max %s", lo, hi }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

KERNEL=$(uname -r)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$CPU" ] || CPU=$(uname -m)
NCPU=$(nproc)
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
T_START=$(now_ns)

# ---- 1. per-packet cost -------------------------------------------------
say "per-packet cost: $BENCH ${TS_BENCH_ARGS:-}"
# shellcheck disable=SC2086  # TS_BENCH_ARGS is a list of arguments
"$BENCH" ${TS_BENCH_ARGS:-} >"$TMP/perpkt.md" || die "$BENCH failed"
cat "$TMP/perpkt.md"
echo

# Rows whose live/empty ratio the target (<= 1.5x) applies to: plain TCP/UDP.
TARGET_ROWS="ipv4_tcp_syn ipv4_tcp_ack ipv4_tcp_data ipv4_udp ipv6_tcp ipv6_udp"
TARGET_LINE=$(awk -F'|' -v rows="$TARGET_ROWS" '
	BEGIN { n = split(rows, r, " "); for (i = 1; i <= n; i++) want[r[i]] = 1; lo = 1e9; hi = 0 }
	{ gsub(/ /, "", $2); gsub(/[ x]/, "", $6) }
	($2 in want) { if ($6 + 0 < lo) lo = $6 + 0; if ($6 + 0 > hi) hi = $6 + 0; k++; if ($6 + 0 <= 1.5) met++ }
	END { if (k) printf "%.2fx to %.2fx over %d plain TCP/UDP rows; %d of %d within 1.5x", lo, hi, k, met + 0, k }
' "$TMP/perpkt.md")

# ---- 2. replay throughput -----------------------------------------------
if [ ! -s "$CAP" ] || [ "$GEN" -nt "$CAP" ]; then
	say "generating $CAP ($FRAMES frames)"
	mkdir -p "$CAP_DIR"
	rm -f "$CAP_DIR"/mix-*.pcap
	"$PY" "$GEN" "$CAP.tmp" "$FRAMES" || die "cannot generate $CAP"
	mv "$CAP.tmp" "$CAP"
fi
CAP_BYTES=$(stat -c %s "$CAP")
# Warm the page cache so no tool pays for the first read from disk.
cat "$CAP" >/dev/null

have_ndpi=0 have_tshark=0
if command -v ndpiReader >/dev/null 2>&1; then have_ndpi=1; else
	say "ndpiReader not found (Debian package libndpi-bin): skipping that comparison"; fi
if command -v tshark >/dev/null 2>&1; then have_tshark=1; else
	say "tshark not found (Debian package tshark): skipping that comparison"; fi

run_tunnelstat() {
	local t0 t1 rc
	t0=$(now_ns)
	"$TS" replay -v "$CAP" >"$TMP/ts.out" 2>"$TMP/ts.err"
	rc=$?
	t1=$(now_ns)
	[ $rc -eq 0 ] || { tail -5 "$TMP/ts.err" >&2; die "tunnelstat replay exited $rc"; }
	secs "$t0" "$t1"
}

run_ndpi() {
	local t0 t1
	t0=$(now_ns)
	# -q: no per-flow report; no -w/-C/-j: no output files
	ndpiReader -i "$CAP" -q >"$TMP/ndpi.out" 2>&1
	t1=$(now_ns)
	if grep -qi "error" "$TMP/ndpi.out"; then
		head -3 "$TMP/ndpi.out" >&2
		die "ndpiReader failed"
	fi
	secs "$t0" "$t1"
}

# tshark dissects only when something needs the tree: with -q and no tap or
# filter it merely reads the file. -z io,stat,0 makes it dissect every frame
# (and count them, which checks it read them all).
run_tshark() {
	local t0 t1 limit=()
	[ "$TSHARK_FRAMES" -gt 0 ] && limit=(-c "$TSHARK_FRAMES")
	t0=$(now_ns)
	tshark -r "$CAP" -n -q "${limit[@]}" -z io,stat,0 >"$TMP/tshark.out" 2>"$TMP/tshark.err" ||
		{ tail -3 "$TMP/tshark.err" >&2; die "tshark failed"; }
	t1=$(now_ns)
	secs "$t0" "$t1"
}

say "replay throughput on $CAP ($FRAMES frames, $((CAP_BYTES / 1000000)) MB), $ROUNDS rounds"
: >"$TMP/ts.times"
: >"$TMP/ndpi.times"
for ((r = 1; r <= ROUNDS; r++)); do
	run_tunnelstat >>"$TMP/ts.times" || exit 1
	if [ $have_ndpi -eq 1 ]; then run_ndpi >>"$TMP/ndpi.times" || exit 1; fi
done
TS_S=$(median <"$TMP/ts.times")
DBG=$(grep -o 'replay: [0-9]* frames in [0-9]* BPF_PROG_TEST_RUN calls' "$TMP/ts.err" | tail -1)
TS_FED=$(echo "$DBG" | awk '{ print $2 }')
TS_CALLS=$(echo "$DBG" | awk '{ print $5 }')
if [ -z "$TS_FED" ] || [ -z "$TS_CALLS" ]; then
	die "tunnelstat replay -v printed no 'replay: N frames in M BPF_PROG_TEST_RUN calls' line"
fi
TS_PKTS=$(awk '/ packets, / { print $1; exit }' "$TMP/ts.out")
[ "$TS_PKTS" = "$FRAMES" ] || say "warning: tunnelstat counted ${TS_PKTS:-?} packets of $FRAMES"

fps() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
mfps() { awk -v f="$1" 'BEGIN { printf "%.2f", f / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

TS_FPS=$(fps "$FRAMES" "$TS_S")
PER_CALL=$(awk -v f="$TS_FED" -v c="$TS_CALLS" 'BEGIN { printf "%.1f", f / c }')

ROWS="| tunnelstat replay | $FRAMES | $TS_S | $(mfps "$TS_FPS") | 1.00x | median of $ROUNDS ($(spread <"$TMP/ts.times") s); $PER_CALL frames per BPF_PROG_TEST_RUN call ($TS_CALLS calls) |"
NDPI_RATIO="" TSHARK_RATIO=""
if [ $have_ndpi -eq 1 ]; then
	NDPI_S=$(median <"$TMP/ndpi.times")
	NDPI_FPS=$(fps "$FRAMES" "$NDPI_S")
	NDPI_RATIO=$(ratio "$TS_FPS" "$NDPI_FPS")
	ROWS+=$'\n'"| ndpiReader -i FILE -q | $FRAMES | $NDPI_S | $(mfps "$NDPI_FPS") | ${NDPI_RATIO}x | median of $ROUNDS ($(spread <"$TMP/ndpi.times") s); nDPI $(ndpiReader -h 2>&1 | awk '/nDPI/ { print $NF; exit }' | tr -d '()') |"
else
	ROWS+=$'\n'"| ndpiReader | - | - | - | - | not installed (apt-get install libndpi-bin) |"
fi
if [ $have_tshark -eq 1 ]; then
	say "tshark (dissecting ${TSHARK_FRAMES/#0/all} frames, one run)"
	TSHARK_S=$(run_tshark) || exit 1
	TSHARK_N=$(awk -F'|' '/<>/ { gsub(/ /, "", $3); print $3; exit }' "$TMP/tshark.out")
	[ -n "$TSHARK_N" ] || die "tshark printed no io,stat frame count"
	TSHARK_FPS=$(fps "$TSHARK_N" "$TSHARK_S")
	TSHARK_RATIO=$(ratio "$TS_FPS" "$TSHARK_FPS")
	TSHARK_NOTE="one run; first $TSHARK_N frames of the file"
	[ "$TSHARK_N" = "$FRAMES" ] && TSHARK_NOTE="one run; whole file"
	ROWS+=$'\n'"| tshark -r FILE -n -q -z io,stat,0 | $TSHARK_N | $TSHARK_S | $(mfps "$TSHARK_FPS") | ${TSHARK_RATIO}x | $TSHARK_NOTE; $(tshark -v 2>/dev/null | awk 'NR == 1 { print $1, $3 }') |"
else
	ROWS+=$'\n'"| tshark | - | - | - | - | not installed (apt-get install tshark) |"
fi

REPLAY_MD="| tool | frames | seconds | M frames/s | tunnelstat's rate ÷ this | notes |
|---|--:|--:|--:|--:|---|
$ROWS"
echo "$REPLAY_MD"
echo
SUMMARY="tunnelstat replay: $(mfps "$TS_FPS") M frames/s, $PER_CALL frames per call"
[ -n "$NDPI_RATIO" ] && SUMMARY+="; ${NDPI_RATIO}x ndpiReader's rate"
[ -n "$TSHARK_RATIO" ] && SUMMARY+="; ${TSHARK_RATIO}x tshark's rate"
echo "$SUMMARY"
echo "per packet (live/empty): $TARGET_LINE"
T_END=$(now_ns)
say "done in $(secs "$T_START" "$T_END") s"

[ "${TS_BENCH_NO_DOC:-0}" = 1 ] && exit 0

# ---- docs/performance.md -------------------------------------------------
MIX=$("$PY" "$GEN" --help | awk '$1 ~ /^[0-9]+%$/ { w = $1; k = $2; $1 = $2 = ""; sub(/^ +/, ""); printf "- %s %s (%s)\n", w, $0, k }')
cat >"$DOC.tmp" <<EOF
# Performance

Written by \`make bench\` (tests/bench.sh, tests/bench.c); do not edit by
hand, run it again. Numbers from one run on one machine: compare rows within
a run, not across machines.

- date: $DATE
- kernel: $KERNEL
- CPU: $CPU ($NCPU CPUs online)
- version: $("$TS" --version 2>/dev/null | head -1)
- load average when the bench started: $LOADAVG

## Per packet: the XDP program against an empty one

$(cat "$TMP/perpkt.md")

Columns: **live** is \`xdp_tunnelstat\`, the entry attached at the hook,
run on one frame with \`BPF_PROG_TEST_RUN\` repeat ≥ 1,000,000; **empty** is
a two-instruction XDP program (\`r0 = XDP_PASS; exit\`) loaded from raw
instructions and run on the same frame the same way. Both numbers are the
kernel's own mean per repetition (ns, rounded by the kernel to whole ns), so
the syscall is not in them. **replay** is \`xdp_replay\`, the batch walker
\`tunnelstat replay\` uses, on full batches of copies of the frame
(**frames/call** of them), timed per call by the kernel and divided by the
frames; it adds the batch walk (two \`bpf_xdp_adjust_head\` and two
\`bpf_xdp_adjust_tail\` per frame) but not the live entry's clock read.
**counters hit** lists the counters the frame moved (\`!\` marks a failure
counter), which shows each canned packet parsed as far as it should.

Method: the bench pins itself to one CPU; for each class it interleaves
rounds (live, empty, replay, live, empty, ...) and keeps the median of each,
so drift in the machine's speed hits all three alike. Why replay is not timed
with repeat: every repetition of \`BPF_PROG_TEST_RUN\` runs on the same
\`xdp_buff\` without restoring it, and \`xdp_replay\` trims its trailer, so
from the second repetition on it sees no trailer and aborts (the line above
shows the verdict).

**Target**: plain TCP and UDP (ipv4_tcp_*, ipv4_udp, ipv6_tcp, ipv6_udp) at
most 1.5x the empty program, live/empty. This run: $TARGET_LINE.
Not a pass/fail check: timing on a shared machine is too noisy for one.

## Replay throughput against ndpiReader and tshark

$REPLAY_MD

$SUMMARY.

The capture is generated by tests/gen/bench_capture.py ($FRAMES frames,
$((CAP_BYTES / 1000000)) MB, Ethernet, seeded, cached in build/bench/), by frames:

$MIX

Each tool reads the same file from the page cache (warmed first); times are
wall clock from start to exit, program load and start-up included.
tunnelstat and ndpiReader run interleaved, $ROUNDS rounds, median kept;
the notes give each one's spread over the rounds, and where the spreads
overlap the ratio between them is within noise.
tunnelstat is run with \`-v\`, whose debug line "replay: N frames in M
BPF_PROG_TEST_RUN calls" gives the frames per call. ndpiReader runs with
\`-q\` and no output file. tshark dissects only when something needs the
protocol tree (with \`-q\` alone it just reads the file), so it runs with
\`-z io,stat,0\`, which makes it dissect and count every frame; it is by far
the slowest, so by default it dissects only the first
${TSHARK_FRAMES/#0/all} frames (TS_BENCH_TSHARK_FRAMES=0 for all) and the
ratio compares rates. Every \`BPF_PROG_TEST_RUN\` call costs a fixed
microsecond or two (the first note under the per-packet table), which is
why replay packs many frames into each call.
EOF
mv "$DOC.tmp" "$DOC"
say "wrote $DOC"
