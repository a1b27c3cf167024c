#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Write a large pcap of mixed traffic for the replay benchmark (tests/bench.sh).

usage: bench_capture.py OUT.pcap [FRAMES] [SEED]

A few thousand distinct frames (flows x kinds) are built once with struct,
then FRAMES records are written by picking among them with a seeded RNG, so
1.5 million frames take seconds, not the minutes scapy would. Standard
library only: runs under any python3.

The mix, by frames (made up, but shaped like ordinary traffic: many
pure ACKs, some full-size segments, DNS, QUIC-sized UDP, a little ICMP,
IPv6, 802.1Q and fragments):
"""
import random
import struct
import sys

# (weight in percent, builder name, what it is). Weights sum to 100.
MIX = [
    (34, "v4_tcp_ack", "IPv4 TCP pure ACKs, 66 B"),
    (8, "v4_tcp_full", "IPv4 TCP full-size segments, 1514 B"),
    (10, "v4_tcp_small", "IPv4 TCP segments of 100-600 B"),
    (3, "v4_tcp_ctl", "IPv4 TCP SYN, SYN-ACK, FIN"),
    (12, "v4_udp_dns", "IPv4 DNS queries"),
    (3, "v4_udp_quic", "IPv4 UDP to 443, 1292 B (QUIC-sized)"),
    (8, "v6_tcp", "IPv6 TCP ACKs and segments"),
    (5, "v6_udp", "IPv6 DNS queries"),
    (4, "v4_icmp", "ICMP echo request and reply"),
    (1, "v6_icmp", "ICMPv6 echo request and reply"),
    (5, "vlan_v4", "802.1Q-tagged IPv4 TCP ACKs and DNS"),
    (2, "v4_frag", "IPv4 UDP fragments, first and later"),
]
__doc__ += "\n".join("  %3d%%  %-13s %s" % m for m in MIX) + "\n"

FLOWS = 256            # distinct address/port pairs per kind
SNAPLEN = 65535
LINKTYPE_ETHERNET = 1

SRC_MAC = bytes.fromhex("020000000001")
DST_MAC = bytes.fromhex("020000000002")


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(etype, vlan=None):
    if vlan is None:
        return DST_MAC + SRC_MAC + struct.pack("!H", etype)
    return DST_MAC + SRC_MAC + struct.pack("!HHH", 0x8100, vlan, etype)


def ipv4(src, dst, proto, payload, frag=0x4000, ident=0):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag,
                      64, proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6(src, dst, nxt, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nxt, 64,
                       src, dst) + payload


def l4_csum(pseudo, seg, off):
    c = csum(pseudo + seg)
    return seg[:off] + struct.pack("!H", c or 0xFFFF) + seg[off + 2:]


def pseudo4(src, dst, proto, n):
    return src + dst + struct.pack("!BBH", 0, proto, n)


def pseudo6(src, dst, proto, n):
    return src + dst + struct.pack("!IxxxB", n, proto)


TS_OPTS = bytes([1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9])
SYN_OPTS = bytes([2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 7, 0, 0, 0, 0, 1, 3, 3, 7])


def tcp(sport, dport, flags, payload, opts=TS_OPTS, seq=1000, ack=2000):
    doff = (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack if flags & 0x10 else 0,
                       doff << 4, flags, 64240, 0, 0) + opts + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def dns_query(qid, name):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q + struct.pack("!HH", 1, 1)


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.blob = bytes(rng.getrandbits(8) for _ in range(2048))

    def pay(self, n):
        o = self.rng.randrange(0, len(self.blob) - n) if n < len(self.blob) else 0
        return self.blob[o:o + n]

    def a4(self, i):
        return bytes([10, 1, i >> 8 & 0xFF, i & 0xFF]), bytes([192, 0, 2, 1 + i % 200])

    def a6(self, i):
        return (bytes.fromhex("20010db8000100000000000000000000")[:14] + struct.pack("!H", i),
                bytes.fromhex("20010db8000200000000000000000000")[:14] + struct.pack("!H", i % 200 + 1))

    def t4(self, i, flags, payload, opts=TS_OPTS, vlan=None):
        s, d = self.a4(i)
        seg = tcp(32768 + i, 443, flags, payload, opts)
        seg = l4_csum(pseudo4(s, d, 6, len(seg)), seg, 16)
        return eth(0x0800, vlan) + ipv4(s, d, 6, seg)

    def u4(self, i, dport, payload, vlan=None):
        s, d = self.a4(i)
        seg = udp(40000 + i, dport, payload)
        seg = l4_csum(pseudo4(s, d, 17, len(seg)), seg, 6)
        return eth(0x0800, vlan) + ipv4(s, d, 17, seg)

    # one builder per kind: flow index -> frame
    def v4_tcp_ack(self, i):
        return self.t4(i, 0x10, b"")

    def v4_tcp_full(self, i):
        return self.t4(i, 0x18, self.pay(1448))

    def v4_tcp_small(self, i):
        return self.t4(i, 0x18, self.pay(self.rng.randrange(34, 534)))

    def v4_tcp_ctl(self, i):
        kind = i % 3
        if kind == 0:
            return self.t4(i, 0x02, b"", SYN_OPTS)
        if kind == 1:
            return self.t4(i, 0x12, b"", SYN_OPTS)
        return self.t4(i, 0x11, b"")

    def v4_udp_dns(self, i):
        return self.u4(i, 53, dns_query(i, "host%d.example.com" % i))

    def v4_udp_quic(self, i):
        return self.u4(i, 443, self.pay(1250))

    def v6_tcp(self, i):
        s, d = self.a6(i)
        seg = tcp(32768 + i, 443, 0x10 if i % 2 else 0x18,
                  b"" if i % 2 else self.pay(self.rng.randrange(20, 1200)))
        seg = l4_csum(pseudo6(s, d, 6, len(seg)), seg, 16)
        return eth(0x86DD) + ipv6(s, d, 6, seg)

    def v6_udp(self, i):
        s, d = self.a6(i)
        seg = udp(40000 + i, 53, dns_query(i, "host%d.example.net" % i))
        seg = l4_csum(pseudo6(s, d, 17, len(seg)), seg, 6)
        return eth(0x86DD) + ipv6(s, d, 17, seg)

    def v4_icmp(self, i):
        s, d = self.a4(i)
        msg = struct.pack("!BBHHH", 8 if i % 2 else 0, 0, 0, i, 1) + self.pay(56)
        msg = msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]
        return eth(0x0800) + ipv4(s, d, 1, msg)

    def v6_icmp(self, i):
        s, d = self.a6(i)
        msg = struct.pack("!BBHHH", 128 if i % 2 else 129, 0, 0, i, 1) + self.pay(56)
        msg = l4_csum(pseudo6(s, d, 58, len(msg)), msg, 2)
        return eth(0x86DD) + ipv6(s, d, 58, msg)

    def vlan_v4(self, i):
        if i % 2:
            return self.t4(i, 0x10, b"", vlan=100 + i % 8)
        return self.u4(i, 53, dns_query(i, "vlan%d.example.org" % i), vlan=100 + i % 8)

    def v4_frag(self, i):
        s, d = self.a4(i)
        if i % 2:   # first fragment: UDP header with the whole datagram's length
            seg = struct.pack("!HHHH", 40000 + i, 9, 8 + 2000, 0) + self.pay(1472)
            return eth(0x0800) + ipv4(s, d, 17, seg, frag=0x2000, ident=i)
        return eth(0x0800) + ipv4(s, d, 17, self.pay(528), frag=1480 // 8, ident=i)


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) > 1 else 2
    out = sys.argv[1]
    frames = int(sys.argv[2]) if len(sys.argv) > 2 else 1500000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    g = Gen(rng)

    # Every template with its pcap record header prefix ready but the time.
    tmpl = []
    weights = []
    for w, kind, _ in MIX:
        build = getattr(g, kind)
        for i in range(FLOWS):
            f = build(i)
            tmpl.append(struct.pack("<II", len(f), len(f)) + f)
            weights.append(w)
    picks = rng.choices(range(len(tmpl)), weights=weights, k=frames)

    t0 = 1700000000
    with open(out, "wb") as fh:
        # pcap, microsecond timestamps
        fh.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET))
        pack = struct.Struct("<II").pack
        chunk = []
        for n, k in enumerate(picks):
            # one frame every 10 us: 100 k frames/s of capture time
            us = n * 10
            chunk.append(pack(t0 + us // 1000000, us % 1000000))
            chunk.append(tmpl[k])
            if len(chunk) >= 65536:
                fh.write(b"".join(chunk))
                chunk.clear()
        fh.write(b"".join(chunk))
    return 0


if __name__ == "__main__":
    sys.exit(main())
