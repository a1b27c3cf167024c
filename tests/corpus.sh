#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Replay captures with `tunnelstat replay --json` and compare the
# per-protocol counters with tshark's on the same file (docs/corpus.md says
# how, and lists every difference we keep, with its reason).
#
#   bash tests/corpus.sh            every capture in ../shared/corpus: a table of
#                                   the captures whose counts differ
#   bash tests/corpus.sh -v         ... and, for each unexplained difference,
#                                   the frames that differ (one replay per frame)
#   bash tests/corpus.sh -vv        ... the same for documented differences too
#   bash tests/corpus.sh FILE...    only these captures (paths, or names
#                                   relative to the corpus)
#   --tap                           "ok - ..." / "FAIL - ..." lines (tests/tshark.t.sh)
#   --per-counter --as NAME FILE    one line per counter for one capture, which the
#                                   exception list knows as NAME
#
# Environment: TS_BIN (default ./tunnelstat), TS_CORPUS (default
# ../shared/corpus relative to the repository), TSHARK (default tshark),
# TS_JOBS (parallel jobs, default the number of CPUs), TS_TSHARK_CACHE (where
# tshark's output is kept between runs, default /tmp/tunnelstat-tshark-cache;
# empty: no cache).
# Exit status: 0 when everything matches or is documented, 1 otherwise, 2 on
# usage errors. With no capture given and no corpus, prints why and exits 0.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TS_BIN=${TS_BIN:-$ROOT/tunnelstat}
TS_CORPUS=${TS_CORPUS:-$ROOT/../shared/corpus}
[ -d "$TS_CORPUS" ] && TS_CORPUS=$(cd "$TS_CORPUS" && pwd)
TSHARK=${TSHARK:-tshark}
JOBS=${TS_JOBS:-$(nproc 2>/dev/null || echo 2)}
DOC=$ROOT/docs/corpus.md
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

verbose=0 tap=0 per_counter=0 as_name=
files=()
usage() {
	sed -n '4,/^set -u$/s/^# \{0,1\}//p' "$0" >&2
	exit "${1:-2}"
}
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=$((verbose + 1)) ;;
	-vv) verbose=$((verbose + 2)) ;;
	--tap) tap=1 ;;
	--per-counter) per_counter=1 ;;
	--as) [ $# -ge 2 ] || usage; as_name=$2; shift ;;
	-h|--help) usage 0 ;;
	--) shift; files+=("$@"); break ;;
	-*) echo "corpus.sh: unknown option $1" >&2; usage ;;
	*) files+=("$1") ;;
	esac
	shift
done
if [ -n "$as_name" ] && [ ${#files[@]} -ne 1 ]; then
	echo "corpus.sh: --as names exactly one capture" >&2
	exit 2
fi

say_fail() {
	if [ $tap = 1 ]; then echo "FAIL - corpus: $*"; else echo "corpus.sh: $*" >&2; fi
	exit 1
}
command -v "$TSHARK" >/dev/null || say_fail "tshark not found (install it with make deps)"
[ -x "$TS_BIN" ] || say_fail "no tunnelstat binary at $TS_BIN (run make)"
[ -f "$DOC" ] || say_fail "no $DOC"

WORK=$(mktemp -d /tmp/tunnelstat-corpus.XXXXXX) || exit 1
trap 'rm -rf "$WORK"' EXIT

# The manifest: one line per capture, "index<TAB>name<TAB>path<TAB>link type
# from INDEX.jsonl (or -)". Names are corpus-relative paths, or --as NAME.
if [ ${#files[@]} -eq 0 ]; then
	if [ ! -f "$TS_CORPUS/INDEX.jsonl" ]; then
		echo "# SKIP corpus: $TS_CORPUS not found (only the development machine has ../shared/corpus)"
		exit 0
	fi
	"$PY" - "$TS_CORPUS" > "$WORK/manifest" <<'EOF' || exit 1
import json, os, sys
corpus = sys.argv[1]
for i, line in enumerate(open(os.path.join(corpus, "INDEX.jsonl"))):
    d = json.loads(line)
    print(f"{i}\t{d['file']}\t{os.path.join(corpus, d['file'])}\t{d.get('linktype', '-')}")
EOF
else
	i=0
	for f in "${files[@]}"; do
		if [ -f "$f" ]; then
			path=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
		elif [ -f "$TS_CORPUS/$f" ]; then
			path=$TS_CORPUS/$f
		else
			say_fail "no capture $f"
		fi
		name=${as_name:-$f}
		case $path in "$TS_CORPUS"/*) [ -n "$as_name" ] || name=${path#"$TS_CORPUS"/} ;; esac
		lt=-
		[ -f "$TS_CORPUS/INDEX.jsonl" ] && lt=$("$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["file"] == sys.argv[2]:
        print(d.get("linktype", "-")); break
else:
    print("-")' "$TS_CORPUS/INDEX.jsonl" "$name")
		printf '%s\t%s\t%s\t%s\n' "$i" "$name" "$path" "$lt" >> "$WORK/manifest"
		i=$((i + 1))
	done
fi

# Run both tools on every capture, JOBS at a time. tshark: one line per
# frame, "number<TAB>frame.protocols<TAB>tcp.flags (one per TCP header)".
#
# tshark's answer depends only on the capture's bytes, tshark's version and
# this command line, and costs ~0.3 s a file to start up: it is kept in
# TS_TSHARK_CACHE (outside the repository; empty disables it), keyed by the
# capture's SHA-256 and a hash of version and command. tunnelstat, the thing
# under test, always runs.
TS_TSHARK_ARGS="-n -o ip.defragment:FALSE -o ipv6.defragment:FALSE -o tcp.desegment_tcp_streams:FALSE"
TS_TSHARK_ARGS+=" -T fields -e frame.number -e frame.protocols -e tcp.flags"
TS_TSHARK_CACHE=${TS_TSHARK_CACHE-/tmp/tunnelstat-tshark-cache}
TS_TSHARK_KEY=$({ "$TSHARK" --version 2>/dev/null | head -1; echo "$TS_TSHARK_ARGS"; } |
	sha256sum | cut -c1-16)
[ -z "$TS_TSHARK_CACHE" ] || mkdir -p "$TS_TSHARK_CACHE" 2>/dev/null || TS_TSHARK_CACHE=
export TS_BIN TSHARK WORK TS_TSHARK_ARGS TS_TSHARK_CACHE TS_TSHARK_KEY
# shellcheck disable=SC2016 # the script runs in the child bash
cut -f1,3 "$WORK/manifest" | tr '\t' '\n' | xargs -d '\n' -n 2 -P "$JOBS" bash -c '
	i=$1 path=$2 c=
	if [ -n "$TS_TSHARK_CACHE" ]; then
		c=$TS_TSHARK_CACHE/$(sha256sum < "$path" | cut -c1-64)-$TS_TSHARK_KEY
	fi
	if [ -n "$c" ] && [ -f "$c.rc" ]; then
		cp "$c.out" "$WORK/$i.tshark"; cp "$c.err" "$WORK/$i.tshark.err"
		cp "$c.rc" "$WORK/$i.tshark.rc"
	else
		# shellcheck disable=SC2086 # TS_TSHARK_ARGS is a word list
		"$TSHARK" $TS_TSHARK_ARGS -r "$path" > "$WORK/$i.tshark" 2> "$WORK/$i.tshark.err"
		echo $? > "$WORK/$i.tshark.rc"
		if [ -n "$c" ]; then    # rc last: its presence marks a whole entry
			cp "$WORK/$i.tshark" "$c.out.$$" && mv "$c.out.$$" "$c.out" &&
			cp "$WORK/$i.tshark.err" "$c.err.$$" && mv "$c.err.$$" "$c.err" &&
			cp "$WORK/$i.tshark.rc" "$c.rc.$$" && mv "$c.rc.$$" "$c.rc"
		fi
	fi
	"$TS_BIN" replay --json "$path" > "$WORK/$i.json" 2> "$WORK/$i.err"
	echo $? > "$WORK/$i.rc"
' _

full=0
[ ${#files[@]} -eq 0 ] && full=1
export TS_FULL=$full TS_VERBOSE=$verbose TS_TAP=$tap TS_PER_COUNTER=$per_counter TS_DOC=$DOC
"$PY" - "$WORK" <<'EOF'
import collections, json, os, re, subprocess, sys

work = sys.argv[1]
verbose = int(os.environ["TS_VERBOSE"])
tap = os.environ["TS_TAP"] == "1"
per_counter = os.environ["TS_PER_COUNTER"] == "1"
doc = os.environ["TS_DOC"]
ts_bin = os.environ["TS_BIN"]

# tunnelstat counter -> tshark frame.protocols names that count for it.
# tshark calls an 802.1ad S-tag "ieee8021ad" and an 802.1Q/0x9100 tag "vlan".
COUNTERS = {
    "eth": ("eth",), "vlan": ("vlan", "ieee8021ad"), "llc": ("llc",),
    "ipv4": ("ip",), "ipv6": ("ipv6",), "tcp": ("tcp",), "udp": ("udp",),
    "icmp": ("icmp",), "icmpv6": ("icmpv6",),
}
# TCP flag counters: (mask, value) over the 8 flag bits of a TCP header.
FLAGS = {
    "tcp_syn": (0x12, 0x02), "tcp_synack": (0x12, 0x12),
    "tcp_rst": (0x04, 0x04), "tcp_fin": (0x01, 0x01),
}
ORDER = list(COUNTERS) + list(FLAGS)
# Link types replay takes (INDEX.jsonl names); others must be refused.
SUPPORTED_LINKS = {"ether", "linux-sll", "linux-sll2", "null", "loop", "rawip", "rawip4", "rawip6"}


def md_table(heading):
    """Rows (lists of cells) of the first table under '## heading'."""
    rows, inside = [], False
    for line in open(doc):
        if line.startswith("## "):
            inside = line[3:].strip().lower().startswith(heading.lower())
            continue
        if inside and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if set("".join(cells)) <= set("-: "):
                continue
            rows.append(cells)
    return rows[1:]     # drop the header row


def unquote(s):
    return s.strip().strip("`")


CUT = {unquote(r[0]) for r in md_table("Encapsulations not parsed yet")}
EXC = {}        # (capture, counter) -> tshark - tunnelstat
EXC_WHY = {}
for r in md_table("Exceptions"):
    cap = unquote(r[0])
    for part in r[1].split(","):
        m = re.fullmatch(r"`?(\w+)`?\s*([+-]\d+)", part.strip())
        if not m:
            sys.exit(f"docs/corpus.md: bad difference '{part}' for {cap}")
        EXC[(cap, m.group(1))] = int(m.group(2))
    EXC_WHY[cap] = r[2] if len(r) > 2 else ""
REFUSED = {unquote(r[0]): r[1] for r in md_table("Refused captures")}


def tshark_frames(path):
    """Per frame: (number, chain before the cut, full chain, tcp flag values counted)."""
    out = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        while len(f) < 3:
            f.append("")
        full = f[1].split(":") if f[1] else []
        chain = []
        for p in full:
            if p in CUT:
                break
            chain.append(p)
        # tcp.flags has one value per TCP header that reached its flags byte,
        # in frame order; keep those of the TCP headers before the cut.
        flags = [int(x, 16) for x in f[2].split(",") if x]
        flags = flags[:chain.count("tcp")]
        out.append((f[0], chain, full, flags))
    return out


def frame_counts(chain, flags):
    c = {k: int(any(p in names for p in chain)) for k, names in COUNTERS.items()}
    for k, (mask, val) in FLAGS.items():
        c[k] = int(any(x & mask == val for x in flags))
    return c


def squeeze(chain):
    """tshark's chain with runs of one name shortened: ipv6.fraghdr*129."""
    out = []
    for p in chain:
        if out and out[-1][0] == p:
            out[-1][1] += 1
        else:
            out.append([p, 1])
    return ":".join(p if n == 1 else f"{p}*{n}" for p, n in out) or "(no protocol)"


def replay(path):
    r = subprocess.run([ts_bin, "replay", "--json", path], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr.strip()


def locate(path, frames, diffs):
    """Replay the frames that may explain diffs one by one; yield the differing ones."""
    want = {}
    for fr in frames:
        tc = frame_counts(fr[1], fr[3])
        if any((tc[k] == 1) == (d > 0) for k, d in diffs.items()):
            want[fr[0]] = tc
    shown = 0
    tmp = os.path.join(work, "one.pcap")
    for num, tc in want.items():
        if shown >= 20:
            yield "      ... (more frames not shown)"
            return
        subprocess.run(["editcap", "-r", path, tmp, num], capture_output=True)
        rc, out, err = replay(tmp)
        if rc != 0:
            yield f"      frame {num}: replay exit {rc}: {err}"
            shown += 1
            continue
        j = json.loads(out)
        ours = {k: j["counters"].get(k, {}).get("packets", -1) for k in ORDER}
        if j["source"]["link_type"] != "EN10MB":
            tc = dict(tc, eth=ours["eth"])
        d = {k: (tc[k], ours[k]) for k in diffs if tc[k] != ours[k]}
        if d:
            fr = next(f for f in frames if f[0] == num)
            errs = ",".join(k for k, v in j["errors"].items() if v) or "no error counter"
            flags = ",".join(hex(x) for x in fr[3])
            diff = " ".join(f"{k} {a}/{b}" for k, (a, b) in d.items())
            yield (f"      frame {num}: tshark {squeeze(fr[2])}"
                   f"{' flags ' + flags if flags else ''} | tshark/ours {diff} | {errs}")
            shown += 1


results = []
for line in open(os.path.join(work, "manifest")):
    idx, name, path, link = line.rstrip("\n").split("\t")
    rd = lambda ext: open(os.path.join(work, idx + ext), errors="replace").read()
    r = dict(name=name, path=path, link=link, rc=int(rd(".rc") or -1),
             err=rd(".err").strip(), trc=int(rd(".tshark.rc") or -1))
    r["err"] = "; ".join(l for l in r["err"].splitlines() if l)
    try:
        j = json.loads(rd(".json"))
    except ValueError:
        j = None
    r["json"] = j
    frames = tshark_frames(os.path.join(work, idx + ".tshark"))
    r["frames"] = frames
    r["problem"] = None
    if r["rc"] >= 128 or r["rc"] < 0:
        r["problem"] = f"crashed (exit {r['rc']}): {r['err']}"
    elif r["rc"] == 7:
        if "which replay does not support" in r["err"]:
            if link in SUPPORTED_LINKS:
                r["problem"] = f"refused a supported link type {link}: {r['err']}"
        elif "truncated" in r["err"] and r["trc"] != 0:
            pass        # tshark finds it cut short too
        elif name in REFUSED:
            pass
        else:
            r["problem"] = f"exit 7 on a capture tshark reads: {r['err']}"
    elif r["rc"] != 0:
        r["problem"] = f"exit {r['rc']}: {r['err']}"
    r["counts"] = None
    if j is not None and r["problem"] is None:
        t = collections.Counter()
        for fr in frames:
            for k, v in frame_counts(fr[1], fr[3]).items():
                t[k] += v
        # a counter missing from the JSON reads -1: a mismatch, not a traceback
        ours = {k: j["counters"].get(k, {}).get("packets", -1) for k in ORDER}
        if j["source"]["link_type"] != "EN10MB":
            # Replay prepends a synthetic Ethernet header: every frame fed counts.
            t["eth"] = j["source"]["frames"] - j["source"]["skipped"]
        r["counts"] = {k: (t[k], ours[k], EXC.get((name, k), 0)) for k in ORDER}
        if j["source"]["frames"] != len(frames):
            r["problem"] = f"replay read {j['source']['frames']} frames, tshark {len(frames)}"
    elif j is None and r["rc"] == 0:
        r["problem"] = "exit 0 without JSON"
    results.append(r)

names = {r["name"] for r in results}
mismatch = [r for r in results if r["counts"] and any(t - o != e for t, o, e in r["counts"].values())]
documented = [r for r in results if r["counts"] and r not in mismatch
              and any(e for _, _, e in r["counts"].values())]
problems = [r for r in results if r["problem"]]
# An exception for a capture that was compared and matched as documented is
# in use; one for a capture that is present but not compared is stale.
stale = sorted({c for c, _ in EXC if c in names and
                not any(r["name"] == c and r["counts"] for r in results)})
if os.environ.get("TS_FULL") == "1":
    # the whole corpus ran: a name that matches no capture is a typo or gone
    stale += sorted({c for c, _ in EXC if c not in names and not c.startswith("tests/")})
    stale += sorted(c for c in REFUSED if c not in names)
refused_stale = sorted(c for c in REFUSED if c in names and
                       not any(r["name"] == c and r["rc"] == 7 for r in results))


def fmt_counts(r):
    out = []
    for k, (t, o, e) in r["counts"].items():
        if t - o != e:
            note = f", documented {e:+d}" if e else ""
            out.append(f"{k} tshark {t} ours {o}{note}")
    return "; ".join(out)


if per_counter:
    r = results[0]
    if r["problem"] or not r["counts"]:
        print(f"FAIL - {r['name']}: {r['problem'] or 'replay exit %d: %s' % (r['rc'], r['err'])}")
        sys.exit(1)
    bad = 0
    for k, (t, o, e) in r["counts"].items():
        note = f" (documented {e:+d}: {EXC_WHY.get(r['name'], '')})" if e else ""
        if t - o == e:
            print(f"ok - {r['name']}: {k} {o} (tshark {t}){note}")
        else:
            bad += 1
            print(f"FAIL - {r['name']}: {k} ours {o}, tshark {t}, expected tshark{-e:+d}"
                  if e else f"FAIL - {r['name']}: {k} ours {o}, tshark {t}")
    sys.exit(1 if bad else 0)

if tap:
    crashed = [r for r in problems if "crashed" in r["problem"]]
    if crashed:
        for r in crashed:
            print(f"FAIL - corpus no crash: {r['name']}: {r['problem']}")
    else:
        print(f"ok - corpus: {len(results)} captures replayed, none crashed")
    other = [r for r in problems if r not in crashed]
    if other:
        for r in other:
            print(f"FAIL - corpus replay: {r['name']}: {r['problem']}")
    else:
        n7 = sum(1 for r in results if r["rc"] == 7)
        print(f"ok - corpus: exit 0 on {len(results) - n7}, exit 7 on {n7} "
              "(unsupported link type, truncated, or documented)")
    if mismatch:
        for r in mismatch:
            print(f"FAIL - corpus counts: {r['name']}: {fmt_counts(r)}")
    else:
        n = sum(1 for r in results if r["counts"])
        print(f"ok - corpus: counts equal tshark's on {n} captures "
              f"({len(documented)} with documented differences)")
    if stale or refused_stale:
        for c in stale:
            print(f"FAIL - corpus exceptions: {c} is listed in docs/corpus.md but was not compared"
                  " (no such capture, or replay refused it)")
        for c in refused_stale:
            print(f"FAIL - corpus exceptions: {c} is listed as refused but replay read it")
    else:
        print("ok - corpus: every exception in docs/corpus.md is still needed")
    sys.exit(1 if (problems or mismatch or stale or refused_stale) else 0)

# By hand: one line per capture that differs, unexpected ones first.
W = 64


def short(name):
    return name if len(name) <= W else "..." + name[-(W - 3):]


def line(name, what, verdict):
    print(f"{short(name):<{W}}  {what:<34} {verdict}")


def cells(r):
    return " ".join(f"{k} {t}/{o}" for k, (t, o, e) in r["counts"].items() if t != o or e)


print(f"{'capture':<{W}}  {'counter tshark/ours':<34} verdict")
for r in mismatch + documented:
    if r in mismatch:
        exp = [f"{k} {e:+d}" for k, (t, o, e) in r["counts"].items() if e]
        verdict = "UNEXPECTED" + (f" (documented: {', '.join(exp)})" if exp else "")
    else:
        verdict = "documented: " + EXC_WHY.get(r["name"], "")
        if verbose < 1 and len(verdict) > 60:
            verdict = verdict[:57] + "..."
    line(r["name"], cells(r), verdict)
    if (r in mismatch and verbose >= 1) or verbose >= 2:
        d = {k: t - o for k, (t, o, e) in r["counts"].items() if t != o}
        for l in locate(r["path"], r["frames"], d):
            print(l)
for r in problems:
    line(r["name"], "PROBLEM", r["problem"])
for r in results:
    if r["rc"] == 7 and not r["problem"]:
        why = REFUSED.get(r["name"], re.sub(r"^tunnelstat: |capture '[^']*' ", "", r["err"]))
        line(r["name"], "exit 7" + (", frames before compared" if r["counts"] else ""),
             why if verbose else why[:90])
for c in stale:
    line(c, "STALE exception", "listed in docs/corpus.md, but the capture now matches or was not compared")
for c in refused_stale:
    line(c, "STALE refusal", "listed as refused in docs/corpus.md, but replay read it")
ncmp = sum(1 for r in results if r["counts"])
print(f"\n{len(results)} captures, {ncmp} compared: {ncmp - len(mismatch) - len(documented)} equal, "
      f"{len(documented)} differ as documented, {len(mismatch)} differ unexpectedly; "
      f"{len(problems)} with problems; {len(stale) + len(refused_stale)} stale exceptions")
sys.exit(1 if (problems or mismatch or stale or refused_stale) else 0)
EOF
