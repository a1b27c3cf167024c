#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# L2TP end to end: the captures tests/gen/l2tp.py writes from RFC 2661 and
# RFC 3931 (an L2TPv2 tunnel; L2TPv3 over IP and over UDP/IPv6) go through
# `tunnelstat replay --json`, and
#   - their l2tp_messages, l2tp_sessions and l2tp_tunnels tables must be
#     exactly what the RFC exchange implies (written out below),
#   - their per-(version, tunnel, session) packet counts, message type
#     counts and protocol counters must equal tshark's on the same file
#     (l2tp.tunnel, l2tp.session, l2tp.ccid, l2tp.sid,
#     l2tp.avp.message_type, frame.protocols);
# then every L2TP capture of ../shared/corpus (INDEX.jsonl) gets the same
# tshark comparison (skipped when the corpus is absent), and --l2tp-port
# is checked from the command line.
#
# Prints "ok - NAME" / "FAIL - NAME: why", then "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
TS_BIN=${TS_BIN:-$ROOT/tunnelstat}
PY=/usr/bin/python3		# scapy lives only under the system interpreter
CORPUS=$ROOT/../shared/corpus

pass=0
failn=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
fail() { failn=$((failn + 1)); echo "FAIL - $1: $2"; }
skip_suite() { echo "skip - l2tp: $1"; echo "0 passed, 0 failed"; exit 0; }

[ "$(id -u)" -eq 0 ] || skip_suite "needs root (BPF_PROG_TEST_RUN)"
[ -x "$TS_BIN" ] || skip_suite "no $TS_BIN: run make"
command -v tshark >/dev/null 2>&1 || skip_suite "needs tshark (make deps)"
"$PY" -c 'import scapy' 2>/dev/null || skip_suite "needs scapy under $PY (make deps)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-l2tp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if ! "$PY" tests/gen/l2tp.py "$TMP" 2>"$TMP/gen.err"; then
	fail "generator" "$(tail -1 "$TMP/gen.err")"
	echo "$pass passed, $failn failed"
	exit 1
fi
ok "generator wrote l2tp_v2_tunnel.pcap and l2tp_v3.pcap"

# The checker: python, reading our JSON and running tshark. Prints ok/FAIL lines.
cat >"$TMP/check.py" <<'EOF'
import json, subprocess, sys

TSHARK = ['tshark', '-n', '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE',
          '-o', 'tcp.desegment_tcp_streams:FALSE']
FIELDS = ['frame.protocols', 'l2tp.tunnel', 'l2tp.session', 'l2tp.ccid', 'l2tp.sid',
          'l2tp.avp.message_type', 'l2tp.type', 'l2tp.length_bit', 'l2tp.seq_bit',
          'l2tp.offset_bit', 'l2tp.priority']

def out(ok, name, why=''):
    print(('ok - %s' % name) if ok else ('FAIL - %s: %s' % (name, why)))

def first(v):
    return v.split(',')[0] if v else ''

def tshark_frames(pcap):
    args = TSHARK + ['-r', pcap, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a',
                     '-E', 'aggregator=,']
    for f in FIELDS:
        args += ['-e', f]
    res = subprocess.run(args, capture_output=True, text=True, check=True)
    frames = []
    for line in res.stdout.splitlines():
        cols = line.split('\t')
        cols += [''] * (len(FIELDS) - len(cols))
        frames.append(dict(zip(FIELDS, cols)))
    return frames

def tshark_count(pcap, flt):
    res = subprocess.run(TSHARK + ['-r', pcap, '-Y', flt], capture_output=True, text=True,
                         check=True)
    return len(res.stdout.splitlines())

def l2tp_key(fr):
    """(version, tunnel, session) of the first L2TP header, as our l2tp_sessions keys it."""
    if fr['l2tp.tunnel']:
        return (2, int(first(fr['l2tp.tunnel'])), int(first(fr['l2tp.session'])))
    if fr['l2tp.ccid']:
        return (3, int(first(fr['l2tp.ccid']), 0), 0)
    if fr['l2tp.sid']:
        return (3, 0, int(first(fr['l2tp.sid']), 0))
    return None

def protos(fr):
    return fr['frame.protocols'].split(':')

def compare_tshark(tag, pcap, j, proto_map):
    frames = tshark_frames(pcap)
    l2 = [f for f in frames if 'l2tp' in protos(f)]
    # per (version, tunnel, session) packets
    want = {}
    for f in l2:
        k = l2tp_key(f)
        if k is not None:
            want[k] = want.get(k, 0) + 1
    got = {}
    for r in j['l2tp_sessions']:
        if r['packets']:
            k = (r['version'], r['tunnel_id'], r['session_id'])
            got[k] = got.get(k, 0) + r['packets']
    out(want == got, '%s: packets per (version, tunnel, session) equal tshark\'s' % tag,
        'tshark %s, ours %s' % (sorted(want.items()), sorted(got.items())))
    # message types
    want = {}
    for f in l2:
        v = 2 if f['l2tp.tunnel'] else 3
        for t in filter(None, f['l2tp.avp.message_type'].split(',')):
            t = int(t)
            k = (v, t if t < 31 else None)
            want[k] = want.get(k, 0) + 1
    got = {(m['version'], m['type']): m['count'] for m in j['l2tp_messages']}
    out(want == got, '%s: message type counts equal tshark\'s' % tag,
        'tshark %s, ours %s' % (sorted(want.items(), key=str), sorted(got.items(), key=str)))
    # protocol counters: frames with the protocol anywhere (frame.protocols)
    for ours, theirs in proto_map:
        n = sum(1 for f in frames if theirs in protos(f))
        c = j['counters'][ours]['packets']
        out(n == c, '%s: %s counter equals tshark (%d)' % (tag, ours, n),
            'tshark %d, ours %d' % (n, c))
    v3 = sum(1 for f in l2 if not f['l2tp.tunnel'])
    c = j['counters']['l2tpv3']['packets']
    out(v3 == c, '%s: l2tpv3 counter equals tshark (%d)' % (tag, v3), 'tshark %d, ours %d' % (v3, c))
    return frames

def t(sec):
    """RFC 3339 time of the generator's frame clock: 2023-11-14T22:13:20Z + sec."""
    s = 20 + sec
    return '2023-11-14T22:13:%02d.%06dZ' % (int(s), round((s - int(s)) * 1e6))

def frame_t(n):
    return t(0.125 * (n - 1))

def sess(src, dst, v, tid, sid, packets, nbytes, control, data, ns, nr, retx, gaps, f0, f1):
    return {'src': src, 'dst': dst, 'version': v, 'tunnel_id': tid, 'session_id': sid,
            'packets': packets, 'bytes': nbytes, 'control': control, 'data': data,
            'ns_max': ns, 'nr_max': nr, 'retransmits': retx, 'gaps': gaps,
            'first_seen': frame_t(f0), 'last_seen': frame_t(f1)}

def msgs(v, counts):
    names = {1: 'SCCRQ', 2: 'SCCRP', 3: 'SCCCN', 4: 'StopCCN', 6: 'HELLO', 10: 'ICRQ',
             11: 'ICRP', 12: 'ICCN', 14: 'CDN', 20: 'ACK'}
    return [{'version': v, 'type': k, 'name': names[k], 'count': c}
            for k, c in sorted(counts.items())]

def exact(tag, name, want, got):
    if want == got:
        out(True, '%s: %s exactly' % (tag, name))
        return
    out(False, '%s: %s exactly' % (tag, name),
        'want %s, got %s' % (json.dumps(want), json.dumps(got)))

LAC, LNS = '192.0.2.1', '192.0.2.2'

def check_v2(pcap, j):
    tag = 'v2 tunnel'
    exact(tag, 'l2tp_messages', msgs(2, {1: 1, 2: 1, 3: 1, 4: 1, 6: 2, 10: 1, 11: 1, 12: 1,
                                          14: 1}), j['l2tp_messages'])
    # frames: see tests/gen/l2tp.py v2_tunnel(); sorted by version, tunnel, session, src
    exact(tag, 'l2tp_sessions', [
        sess(LAC, LNS, 2, 0, 0, 1, 144, 1, 0, 0, 0, 0, 0, 1, 1),        # SCCRQ
        sess(LNS, LAC, 2, 17, 0, 7, 453, 7, 0, 2, 6, 1, 0, 2, 21),      # HELLO sent twice
        sess(LNS, LAC, 2, 17, 5, 3, 270, 1, 2, None, None, 0, 0, 6, 12),
        sess(LAC, LNS, 2, 42, 0, 5, 330, 5, 0, 5, 3, 0, 0, 3, 20),
        sess(LAC, LNS, 2, 42, 9, 5, 418, 2, 3, None, None, 0, 0, 7, 18),
    ], j['l2tp_sessions'])
    exact(tag, 'l2tp_tunnels', [{
        'lac': LAC, 'lns': LNS, 'version': 2, 'lac_tunnel_id': 17, 'lns_tunnel_id': 42,
        'state': 'stopped', 'result': 1, 'started': frame_t(1), 'ended': frame_t(20),
        'sessions': [{'lac_session_id': 5, 'lns_session_id': 9, 'state': 'disconnected',
                      'result': 3}]}], j['l2tp_tunnels'])
    c = j['counters']
    want = {'l2tp': 21, 'l2tp_control': 16, 'l2tp_data': 5, 'l2tp_zlb': 6, 'l2tpv3': 0,
            'l2tp_data_length': 3, 'l2tp_data_sequenced': 2, 'l2tp_data_offset': 2,
            'l2tp_data_priority': 1, 'l2tp_avp_hidden': 0, 'ppp': 5}
    got = {k: c[k]['packets'] for k in want}
    exact(tag, 'L2TP counters', want, got)
    errs = {k: v for k, v in j['errors'].items() if v}
    exact(tag, 'no error counted', {}, errs)
    compare_tshark(tag, pcap, j, [('eth', 'eth'), ('ipv4', 'ip'), ('ipv6', 'ipv6'),
                                  ('udp', 'udp'), ('tcp', 'tcp'), ('icmpv6', 'icmpv6'),
                                  ('l2tp', 'l2tp'), ('ppp', 'ppp')])
    # the flag counters and ZLBs against tshark's fields
    for ours, flt in [('l2tp_control', 'l2tp.type == 1'), ('l2tp_data', 'l2tp.type == 0'),
                      ('l2tp_zlb', 'l2tp.zero_length_body_message'),
                      ('l2tp_data_length', 'l2tp.type == 0 && l2tp.length_bit == 1'),
                      ('l2tp_data_sequenced', 'l2tp.type == 0 && l2tp.seq_bit == 1'),
                      ('l2tp_data_offset', 'l2tp.type == 0 && l2tp.offset_bit == 1'),
                      ('l2tp_data_priority', 'l2tp.type == 0 && l2tp.priority == 1')]:
        n = tshark_count(pcap, flt)
        out(n == c[ours]['packets'], '%s: %s equals tshark\'s %s (%d)' % (tag, ours, flt, n),
            'ours %d' % c[ours]['packets'])

A, B = '198.51.100.1', '198.51.100.2'
X, Y = '2001:db8::1', '2001:db8::2'

def check_v3(pcap, j):
    tag = 'v3'
    exact(tag, 'l2tp_messages', msgs(3, {1: 2, 2: 2, 3: 2, 4: 2, 6: 1, 10: 1, 11: 1, 12: 1,
                                          14: 1, 20: 1}), j['l2tp_messages'])
    a_cc, b_cc = 0x0A0A0001, 0x0B0B0002
    exact(tag, 'l2tp_sessions', [
        # IPv4 first, then by tunnel, session, addresses
        sess(A, B, 3, 0, 0, 1, 98, 1, 0, 0, 0, 0, 0, 1, 1),              # SCCRQ over IP
        sess(B, A, 3, 0, 0x1001, 1, 80, 0, 1, None, None, 0, 0, 9, 9),   # data over IP
        sess(A, B, 3, 0, 0x2002, 2, 160, 0, 2, None, None, 0, 0, 8, 10),
        sess(B, A, 3, a_cc, 0, 5, 368, 5, 0, 3, 5, 0, 0, 2, 13),       # ACK takes no Ns
        sess(A, B, 3, b_cc, 0, 4, 318, 4, 0, 4, 4, 0, 0, 3, 12),
        sess(X, Y, 3, 0, 0, 1, 109, 1, 0, 0, 0, 0, 0, 14, 14),           # SCCRQ over UDP/IPv6
        sess(X, Y, 3, 0, 0x30003, 1, 86, 0, 1, None, None, 0, 0, 18, 18),  # data over UDP
        sess(Y, X, 3, 7, 0, 2, 183, 2, 0, 0, 2, 0, 0, 15, 17),
        sess(X, Y, 3, 9, 0, 2, 184, 2, 0, 2, 1, 0, 0, 16, 19),
    ], j['l2tp_sessions'])
    exact(tag, 'l2tp_tunnels', [
        {'lac': A, 'lns': B, 'version': 3, 'lac_tunnel_id': a_cc, 'lns_tunnel_id': b_cc,
         'state': 'stopped', 'result': 1, 'started': frame_t(1), 'ended': frame_t(13),
         'sessions': [{'lac_session_id': 0x1001, 'lns_session_id': 0x2002,
                       'state': 'disconnected', 'result': 1}]},
        {'lac': X, 'lns': Y, 'version': 3, 'lac_tunnel_id': 7, 'lns_tunnel_id': 9,
         'state': 'stopped', 'result': 2, 'started': frame_t(14), 'ended': frame_t(19),
         'sessions': []},
    ], j['l2tp_tunnels'])
    c = j['counters']
    want = {'l2tp': 19, 'l2tp_control': 15, 'l2tp_data': 4, 'l2tp_zlb': 1, 'l2tpv3': 19,
            'l2tpv3_ip': 13}
    exact(tag, 'L2TP counters', want, {k: c[k]['packets'] for k in want})
    exact(tag, 'no error counted', {}, {k: v for k, v in j['errors'].items() if v})
    # tshark decodes the pseudowire payload (Ethernet) too; we count it, not parse it
    compare_tshark(tag, pcap, j, [('eth', 'eth'), ('ipv6', 'ipv6'), ('l2tp', 'l2tp')])
    n = sum(1 for f in tshark_frames(pcap) if protos(f)[:3] == ['eth', 'ethertype', 'ip'])
    out(n == c['ipv4']['packets'], '%s: outer IPv4 frames equal tshark (%d)' % (tag, n),
        'ours %d' % c['ipv4']['packets'])

def check_corpus(pcap, j, name):
    compare_tshark(name, pcap, j, [('l2tp', 'l2tp')])

mode, pcap, jf = sys.argv[1:4]
j = json.load(open(jf))
if mode == 'v2':
    check_v2(pcap, j)
elif mode == 'v3':
    check_v3(pcap, j)
else:
    check_corpus(pcap, j, sys.argv[4])
EOF

# check MODE PCAP [NAME]: replay to JSON, then the checker's lines
check() {
	local mode=$1 pcap=$2 name=${3:-$2} out
	if ! "$TS_BIN" replay --json "$pcap" >"$TMP/r.json" 2>"$TMP/r.err"; then
		fail "$name: replay" "exit $? $(tail -1 "$TMP/r.err")"
		return
	fi
	out=$("$PY" "$TMP/check.py" "$mode" "$pcap" "$TMP/r.json" "$name" 2>&1)
	if [ -z "$out" ] || echo "$out" | grep -q Traceback; then
		fail "$name: checker" "$(echo "$out" | tail -1)"
		return
	fi
	while IFS= read -r line; do
		case $line in
		ok\ -\ *) ok "${line#ok - }" ;;
		FAIL\ -\ *) line=${line#FAIL - }; fail "${line%%: *}" "${line#*: }" ;;
		esac
	done <<<"$out"
}

check v2 "$TMP/l2tp_v2_tunnel.pcap" "v2 tunnel"
check v3 "$TMP/l2tp_v3.pcap" "v3"

# --l2tp-port: another port leaves UDP 1701 alone; a bad port is a usage error
"$TS_BIN" replay --json --l2tp-port 1702 "$TMP/l2tp_v2_tunnel.pcap" >"$TMP/p.json" 2>/dev/null
n=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["counters"]["l2tp"]["packets"])' \
	"$TMP/p.json" 2>/dev/null)
[ "$n" = 0 ] && ok "--l2tp-port 1702: UDP 1701 not parsed as L2TP" ||
	fail "--l2tp-port 1702: UDP 1701 not parsed as L2TP" "l2tp counted '$n'"
"$TS_BIN" replay --l2tp-port 70000 "$TMP/l2tp_v2_tunnel.pcap" >/dev/null 2>"$TMP/p.err"
rc=$?
[ "$rc" = 2 ] && grep -q -- "--l2tp-port" "$TMP/p.err" && ok "--l2tp-port 70000: usage error (exit 2)" ||
	fail "--l2tp-port 70000: usage error (exit 2)" "exit $rc: $(cat "$TMP/p.err")"

# every L2TP capture of the corpus, against tshark
if [ ! -f "$CORPUS/INDEX.jsonl" ]; then
	echo "skip - corpus: $CORPUS not found (a fresh clone has no shared/)"
else
	files=$("$PY" -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("l2tp"):
        print(e["file"])' "$CORPUS/INDEX.jsonl")
	[ -n "$files" ] || echo "skip - corpus: INDEX.jsonl lists no L2TP capture"
	while IFS= read -r f; do
		[ -n "$f" ] && check corpus "$CORPUS/$f" "corpus $f"
	done <<<"$files"
fi

echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
