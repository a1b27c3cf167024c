#!/usr/bin/env bash
# Run the whole test suite: every tests/test_* binary and tests/*.t.sh script.
# Each suite prints its own "ok"/"FAIL" lines and ends with "N passed, N failed".
# This runner sums them and exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
export TS_BIN="$PWD/tunnelstat" TS_ROOT="$PWD"
pass=0 fail=0 suites_failed=()
run_suite() {
	local name=$1; shift
	local out rc
	echo "== $name"
	out=$("$@" 2>&1); rc=$?
	echo "$out" | sed 's/^/   /'
	local line p f
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
	if [ -z "$line" ]; then
		echo "   (suite $name printed no summary; exit $rc)"
		fail=$((fail + 1)); suites_failed+=("$name"); return
	fi
	p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then suites_failed+=("$name"); fi
}
for t in build/tests/test_*; do
	[ -x "$t" ] && run_suite "$(basename "$t")" "$t"
done
for t in tests/*.t.sh; do
	[ -f "$t" ] && run_suite "$(basename "$t" .t.sh)" bash "$t"
done
echo
[ ${#suites_failed[@]} -eq 0 ] || echo "failed suites: ${suites_failed[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ ${#suites_failed[@]} -eq 0 ]
