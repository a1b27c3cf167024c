#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Compare tunnelstat's IPsec tables with tshark on one capture.

Usage: ipsec_tshark.py [--exact] NAME CAPTURE OURS.json [TSHARK_ARGS...]

OURS.json is `tunnelstat replay --json CAPTURE` (same port options as the
TSHARK_ARGS, e.g. -d udp.port==1500,isakmp). Prints one "ok - ..." or
"FAIL - ...: why" line per check (tests/ipsec.t.sh counts them):

  esp per SPI      frames per ESP SPI (tshark esp.spi) = packets of our
                   esp_sas with that SPI, summed over addresses and
                   encapsulation
  ah per SPI       the same for AH (ah.spi, ah_sas)
  ike per SA       messages per (initiator SPI, exchange type) (tshark
                   isakmp.ispi, isakmp.exchangetype) = the exchange counts
                   of our ike_sas
  nat-t            keepalives, non-ESP markers and ESP in udpencap =
                   our nat_t object
  counters         frames with esp / ah / isakmp = counters esp / ah / ike

Frames where tshark finds ESP/AH/IKE inside an ICMP error's quote are left
out of the tables (not traffic of the SA), and SPI 0 names no SA: those
are compared as counters only.

Without --exact, our count may fall short of tshark's, never exceed it,
and only by as many frames as our own failure counters account for:
errors of the protocol (a bad length tshark dissects anyway), errors of
the layers below it (udp_bad_len: a UDP length beyond the IP payload,
which tshark ignores), and frames tshark reaches through a layer
tunnelstat does not parse (the allowance is printed). With --exact (our
generated captures) the counts must be equal.
"""
import collections
import json
import subprocess
import sys

TSHARK = ["tshark", "-n", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
          "-o", "tcp.desegment_tcp_streams:FALSE"]

# Layers tunnelstat parses on the way to IPsec (tshark frame.protocols names).
SUPPORTED = {"eth", "ethertype", "vlan", "ip", "ipv6", "ipv6.hopopts", "ipv6.routing",
             "ipv6.dstopts", "ipv6.fraghdr", "udp", "udpencap", "ah", "esp", "isakmp",
             "gre", "sll", "null", "raw"}

# Our failure counters that can leave a frame out, per protocol.
PROTO_ERRORS = {
    "esp": ["esp_truncated", "natt_truncated"],
    "ah": ["ah_bad_len", "ah_truncated"],
    "ike": ["ike_short", "ike_truncated", "ike_bad_len", "ike_bad_version", "natt_truncated"],
    "natt": ["natt_truncated"],
}
LOWER_PREFIXES = ("eth_", "vlan_", "llc_", "ipv4_", "ipv6_", "udp_", "layer_", "gre_", "ppp_")

FIELDS = ["frame.protocols", "esp.spi", "ah.spi", "isakmp.ispi", "isakmp.exchangetype",
          "udpencap.nat_keepalive", "udpencap.non_esp_marker"]


def out(ok, name, why=""):
    print(("ok - %s" % name) if ok else ("FAIL - %s: %s" % (name, why)))


def path_before(protos, proto):
    """The layers before the first `proto`, or None if it is absent."""
    return protos[:protos.index(proto)] if proto in protos else None


def in_icmp(before):
    return any(p in ("icmp", "icmpv6") for p in before)


def unsupported(before):
    return any(p not in SUPPORTED for p in before)


def tshark_view(capture, extra):
    """Per-key counts and per-protocol frame totals from tshark."""
    args = TSHARK + extra + ["-r", capture, "-T", "fields", "-E", "separator=|",
                             "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        args += ["-e", f]
    res = subprocess.run(args, capture_output=True, text=True)
    # a capture cut short mid-packet: tshark says so, exits 2 and still
    # prints every frame it read (as the replay does)
    if res.returncode != 0 and not res.stdout:
        raise RuntimeError("tshark: " + res.stderr.strip().splitlines()[-1])
    v = {
        "esp": collections.Counter(), "ah": collections.Counter(),
        "ike": collections.Counter(),
        "frames": collections.Counter(), "quoted": collections.Counter(),
        "unsupported": collections.Counter(), "zero": collections.Counter(),
        "keepalive": 0, "marker": 0, "esp_udp": 0,
    }
    for line in res.stdout.splitlines():
        cols = line.split("|")
        protos = cols[0].split(":")
        esp, ah, ispi, xchg, ka, marker = cols[1:7]
        for name, vals in (("esp", esp), ("ah", ah)):
            before = path_before(protos, name)
            if before is None:
                continue
            v["frames"][name] += 1
            if in_icmp(before):
                v["quoted"][name] += 1
                continue
            if unsupported(before):
                v["unsupported"][name] += 1
            for s in filter(None, vals.split(",")):
                spi = int(s, 16)
                if spi == 0:
                    v["zero"][name] += 1
                else:
                    v[name][spi] += 1
        before = path_before(protos, "isakmp")
        if before is not None:
            v["frames"]["ike"] += 1
            if in_icmp(before):
                v["quoted"]["ike"] += 1
            else:
                if unsupported(before):
                    v["unsupported"]["ike"] += 1
                xs = xchg.split(",")
                for i, s in enumerate(filter(None, ispi.split(","))):
                    if int(s, 16) == 0:
                        v["zero"]["ike"] += 1
                        continue
                    x = xs[i] if i < len(xs) else ""
                    v["ike"][(s, int(x) if x else None)] += 1
        before = path_before(protos, "udpencap")
        if before is not None and not in_icmp(before):
            if ka:
                v["keepalive"] += 1
            elif marker:
                v["marker"] += 1
            elif "esp" in protos[protos.index("udpencap"):]:
                v["esp_udp"] += 1
    return v


def our_view(j):
    v = {"esp": collections.Counter(), "ah": collections.Counter(),
         "ike": collections.Counter()}
    for sa in j["esp_sas"]:
        v["esp"][int(sa["spi"], 16)] += sa["packets"]
    for sa in j["ah_sas"]:
        v["ah"][int(sa["spi"], 16)] += sa["packets"]
    for sa in j["ike_sas"]:
        for x in sa["exchanges"]:
            v["ike"][(sa["ispi"], x["type"])] += x["count"]
    return v


def allowance(proto, t, errors, exact):
    if exact:
        return 0, ""
    lower = sum(n for k, n in errors.items() if k.startswith(LOWER_PREFIXES))
    own = sum(errors.get(k, 0) for k in PROTO_ERRORS[proto])
    unsup = t["unsupported"][proto] if proto in t["unsupported"] else 0
    why = []
    if own:
        why.append("%d own errors" % own)
    if lower:
        why.append("%d lower-layer errors" % lower)
    if unsup:
        why.append("%d frames through unparsed layers" % unsup)
    return own + lower + unsup, ", ".join(why)


def fmt_key(proto, k):
    return "%08x" % k if proto != "ike" else "%s/%s" % k


def compare_keys(name, proto, tk, ok_, allow, why):
    """Per key: ours <= tshark; the total shortfall within the allowance."""
    bad = []
    short = 0
    for k in sorted(set(tk) | set(ok_), key=str):
        if ok_[k] > tk[k]:
            bad.append("%s ours %d > tshark %d" % (fmt_key(proto, k), ok_[k], tk[k]))
        else:
            short += tk[k] - ok_[k]
            if tk[k] != ok_[k]:
                bad_short = "%s ours %d < tshark %d" % (fmt_key(proto, k), ok_[k], tk[k])
                if allow == 0:
                    bad.append(bad_short)
    total = sum(tk.values())
    label = "%s: %s per %s (%d frames, %d keys)" % (
        name, proto, "SA and exchange" if proto == "ike" else "SPI", total, len(tk))
    if bad:
        out(False, label, "; ".join(bad[:6]))
    elif short > allow:
        out(False, label, "short by %d, more than our errors explain (%d: %s)" %
            (short, allow, why or "none"))
    else:
        out(True, label + ("" if not short else " (short by %d: %s)" % (short, why)))


def compare_total(name, label, tn, on, allow, why):
    if on > tn:
        out(False, "%s: %s" % (name, label), "ours %d > tshark %d" % (on, tn))
    elif tn - on > allow:
        out(False, "%s: %s" % (name, label), "ours %d < tshark %d, our errors explain %d (%s)"
            % (on, tn, allow, why or "none"))
    else:
        out(True, "%s: %s %d%s" % (name, label, on,
                                   "" if tn == on else " (tshark %d: %s)" % (tn, why)))


def main():
    argv = sys.argv[1:]
    exact = False
    if argv and argv[0] == "--exact":
        exact = True
        argv = argv[1:]
    if len(argv) < 3:
        sys.exit(__doc__)
    name, capture, ours = argv[:3]
    extra = argv[3:]
    t = tshark_view(capture, extra)
    j = json.load(open(ours))
    o = our_view(j)
    errors = j["errors"]
    counters = {k: v["packets"] for k, v in j["counters"].items()}

    for proto in ("esp", "ah", "ike"):
        if not t["frames"][proto] and not counters.get(proto, 0) and not o[proto]:
            continue
        allow, why = allowance(proto, t, errors, exact)
        compare_keys(name, proto, t[proto], o[proto], allow, why)
        # the counter also counts SPI 0 and quoted headers; IKE is never
        # parsed inside an ICMP quote
        tn = t["frames"][proto] - (t["quoted"][proto] if proto == "ike" else 0)
        compare_total(name, "%s counter" % proto, tn, counters.get(proto, 0), allow, why)
    if t["keepalive"] or t["marker"] or t["esp_udp"] or any(j["nat_t"].values()):
        allow, why = allowance("natt", t, errors, exact)
        for label, tn, on in (("nat-t keepalives", t["keepalive"], j["nat_t"]["keepalives"]),
                              ("nat-t ike", t["marker"], j["nat_t"]["ike"]),
                              ("nat-t esp", t["esp_udp"], j["nat_t"]["esp"])):
            compare_total(name, label, tn, on, allow, why)


if __name__ == "__main__":
    main()
