#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Write the foundation capture: every first-layer case tunnelstat parses.

Usage: /usr/bin/python3 tests/gen/foundation.py OUT.pcap

The capture is deterministic (fixed addresses, MACs, IP IDs, sequence
numbers and timestamps), so two runs write the same bytes and a counter
that changes means the parser changed. tests/tshark.t.sh replays it and
compares every per-protocol count with tshark's on the same file.

Frames, in order (see FRAMES at the bottom):
  Ethernet II: ARP, IPv4 TCP/UDP/ICMP, IPv6 TCP/UDP/ICMPv6
  IEEE 802.3 length frames with LLC: STP BPDU, SNAP carrying ARP
  VLAN: 802.1Q, 802.1Q + 802.3/LLC, QinQ 802.1ad + 802.1Q, 0x9100 + 802.1Q,
        802.1Q + 802.1Q
  IPv4 options (record route, router alert); first and non-first fragments:
        a UDP datagram whose length covers both, a SYN whose options
        continue in the second, a whole TCP header in the first
  IPv6 hop-by-hop, routing, destination options, fragment (first and
        non-first, UDP and TCP), a chain of all of them, MLD behind
        hop-by-hop
  TCP: all 256 combinations of the eight flag bits, plus SYN, SYN-ACK, RST,
        FIN over IPv6 and a SYN with options
  ICMP echo, ICMP errors (unreachable, redirect, time exceeded, parameter
        problem) quoting UDP and TCP, with the RFC 792 8-byte quote and the
        RFC 1812 longer quote
  ICMPv6 echo, errors 1-4 quoting UDP and TCP, whole and 8 bytes
  IP in IP: 4 in 4, 6 in 4 (41), 4 in 6, 6 in 6; ESP over IPv4 and IPv6;
        AH over IPv4 and IPv6
  malformed: IPv4 IHL < 5, TCP header cut short by the IPv4 total length,
        UDP length beyond the IP payload, UDP length < 8
"""
import sys
from decimal import Decimal

from scapy.all import (AH, ARP, ESP, ICMP, IP, LLC, SNAP, STP, TCP, UDP,
                       Dot1AD, Dot1Q, Dot3, Ether, ICMPv6DestUnreach,
                       ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6MLReport,
                       ICMPv6PacketTooBig, ICMPv6ParamProblem, ICMPv6TimeExceeded,
                       IPOption_Router_Alert, IPOption_RR, IPv6,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
                       IPv6ExtHdrRouting, Raw, RouterAlert, conf, wrpcap)

conf.verb = 0

# Documentation addresses (RFC 5737, RFC 3849) and locally administered MACs.
MAC_A, MAC_B = "02:00:00:00:00:01", "02:00:00:00:00:02"
V4_A, V4_B = "192.0.2.1", "198.51.100.2"
V4_R = "203.0.113.9"            # a router sending ICMP errors
V6_A, V6_B = "2001:db8::1", "2001:db8::2"
V6_R = "2001:db8:ffff::9"
# Ports chosen so that tshark decodes no tunnel on them (4789 VXLAN,
# 1701 L2TP, 4500 NAT-T, 3544 Teredo are avoided).
SPORT, DPORT = 40000, 8080
USPORT, UDPORT = 40001, 9999
PAYLOAD = b"tunnelstat foundation payload"

# 2023-11-14T22:13:20Z, one millisecond apart.
T0 = 1700000000


def eth(ethertype=None):
    if ethertype is None:
        return Ether(src=MAC_A, dst=MAC_B)
    return Ether(src=MAC_A, dst=MAC_B, type=ethertype)


def ip4(**kw):
    kw.setdefault("src", V4_A)
    kw.setdefault("dst", V4_B)
    kw.setdefault("id", 1)
    return IP(**kw)


def ip6(**kw):
    kw.setdefault("src", V6_A)
    kw.setdefault("dst", V6_B)
    return IPv6(**kw)


def tcp(flags="S", **kw):
    kw.setdefault("sport", SPORT)
    kw.setdefault("dport", DPORT)
    kw.setdefault("seq", 1000)
    kw.setdefault("ack", 2000 if "A" in str(flags) else 0)
    kw.setdefault("window", 8192)
    return TCP(flags=flags, **kw)


def udp(**kw):
    kw.setdefault("sport", USPORT)
    kw.setdefault("dport", UDPORT)
    return UDP(**kw)


def ethernet_ii():
    return [
        eth() / ARP(op=1, hwsrc=MAC_A, psrc=V4_A, pdst=V4_B),
        eth() / ip4() / tcp("S"),
        eth() / ip4() / udp() / PAYLOAD,
        eth() / ip4() / ICMP(type=8, id=1, seq=1) / PAYLOAD,
        eth() / ip4() / ICMP(type=0, id=1, seq=1) / PAYLOAD,
        eth() / ip6() / tcp("SA"),
        eth() / ip6() / udp() / PAYLOAD,
        eth() / ip6() / ICMPv6EchoRequest(id=1, seq=1, data=PAYLOAD),
        eth() / ip6() / ICMPv6EchoReply(id=1, seq=1, data=PAYLOAD),
    ]


def ieee8023_llc():
    # Dot3 fills in the 802.3 length field.
    return [
        Dot3(src=MAC_A, dst="01:80:c2:00:00:00") / LLC(dsap=0x42, ssap=0x42, ctrl=3) / STP(),
        # SNAP carrying ARP: tshark shows eth:llc:arp. (SNAP carrying IP would
        # make tshark count IPv4 behind an LLC header tunnelstat stops at.)
        Dot3(src=MAC_A, dst=MAC_B) / LLC(dsap=0xAA, ssap=0xAA, ctrl=3) /
        SNAP(OUI=0, code=0x0806) / ARP(op=1, hwsrc=MAC_A, psrc=V4_A, pdst=V4_B),
    ]


def vlans():
    # An 802.3 length right after the tag: the raw LLC (STP) follows it.
    llc = bytes(LLC(dsap=0x42, ssap=0x42, ctrl=3) / STP())
    return [
        eth() / Dot1Q(vlan=100) / ip4() / tcp("S"),
        eth() / Dot1Q(vlan=100) / ip6() / udp() / PAYLOAD,
        eth() / Dot1Q(vlan=100, type=len(llc)) / Raw(llc),
        eth() / Dot1AD(vlan=200) / Dot1Q(vlan=100) / ip4() / udp() / PAYLOAD,
        eth() / Dot1AD(vlan=200) / Dot1Q(vlan=100) / ip6() / tcp("R"),
        eth(0x9100) / Dot1Q(vlan=300) / Dot1Q(vlan=100) / ip4() / ICMP() / PAYLOAD,
        eth() / Dot1Q(vlan=300) / Dot1Q(vlan=100) / ip4() / tcp("F"),
    ]


def ipv4_cases():
    # One UDP datagram split in two: the first fragment holds the UDP header,
    # whose length covers the whole datagram (more than this fragment holds).
    # Transport bytes come from a whole packet, so their checksums are right.
    dgram = bytes(ip4(proto=17) / udp() / (PAYLOAD * 4))[20:]
    first, rest = dgram[:32], dgram[32:]
    # A SYN with 20 bytes of options, fragmented after 24 bytes: the fixed
    # header and the flags are in the first fragment, the options are not.
    syn = bytes(ip4(proto=6) / tcp("S", options=[("MSS", 1460), ("NOP", None), ("WScale", 7),
                                                 ("SAckOK", b""), ("Timestamp", (1, 0)),
                                                 ("NOP", None), ("NOP", None)]))[20:]
    return [
        eth() / ip4(options=[IPOption_RR(routers=["0.0.0.0"] * 3)]) / ICMP() / PAYLOAD,
        eth() / ip4(options=[IPOption_Router_Alert()]) / udp() / PAYLOAD,
        eth() / ip4(id=7, flags="MF", frag=0, proto=17) / Raw(first),
        eth() / ip4(id=7, frag=len(first) // 8, proto=17) / Raw(rest),
        eth() / ip4(id=8, flags="MF", frag=0, proto=6) / Raw(syn[:24]),
        eth() / ip4(id=8, frag=3, proto=6) / Raw(syn[24:]),
        eth() / ip4(id=9, flags="MF", frag=0) / tcp("PA") / PAYLOAD,
        eth() / ip4(id=9, frag=(20 + len(PAYLOAD) + 7) // 8, proto=6) / Raw(PAYLOAD),
    ]


def ipv6_cases():
    dgram = bytes(ip6() / udp() / (PAYLOAD * 4))[40:]
    first, rest = dgram[:32], dgram[32:]
    return [
        eth() / ip6() / IPv6ExtHdrHopByHop() / udp() / PAYLOAD,
        eth() / ip6() / IPv6ExtHdrRouting(type=0, segleft=0, addresses=[V6_R]) / tcp("S"),
        eth() / ip6() / IPv6ExtHdrDestOpt() / ICMPv6EchoRequest(id=2, seq=1),
        eth() / ip6() / IPv6ExtHdrFragment(id=0x1234, offset=0, m=1, nh=17) / Raw(first),
        eth() / ip6() / IPv6ExtHdrFragment(id=0x1234, offset=len(first) // 8, m=0, nh=17) / Raw(rest),
        eth() / ip6() / IPv6ExtHdrFragment(id=0x1235, offset=0, m=1) / tcp("S") / PAYLOAD,
        eth() / ip6() / IPv6ExtHdrFragment(id=0x1235, offset=(20 + len(PAYLOAD) + 7) // 8,
                                           m=0, nh=6) / Raw(PAYLOAD),
        eth() / ip6() / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
        IPv6ExtHdrRouting(type=0, segleft=0, addresses=[V6_R]) /
        IPv6ExtHdrFragment(id=0x1236, offset=0, m=0) / IPv6ExtHdrDestOpt() / udp() / PAYLOAD,
        eth() / ip6(dst="ff02::16", hlim=1) / IPv6ExtHdrHopByHop(options=[RouterAlert()]) /
        ICMPv6MLReport(mladdr="ff02::1:ff00:2"),
    ]


def tcp_flags():
    frames = []
    for f in range(256):
        frames.append(eth() / ip4() / TCP(sport=SPORT, dport=DPORT, seq=1000 + f,
                                          ack=2000 if f & 0x10 else 0, flags=f,
                                          window=8192, urgptr=1 if f & 0x20 else 0))
    frames += [
        eth() / ip6() / tcp("S"),
        eth() / ip6() / tcp("SA"),
        eth() / ip6() / tcp("R"),
        eth() / ip6() / tcp("RA"),
        eth() / ip6() / tcp("FA"),
        eth() / ip4() / tcp("S", options=[("MSS", 1460), ("SAckOK", b""),
                                          ("Timestamp", (1, 0)), ("NOP", None),
                                          ("WScale", 7)]),
    ]
    return frames


def icmp_errors():
    # What was sent and bounced: quoted in full (RFC 1812 4.3.2.3) or only
    # the IP header and 8 bytes (RFC 792).
    q_udp = bytes(ip4(src=V4_B, dst=V4_A, id=3) / udp(sport=UDPORT, dport=USPORT) / PAYLOAD)
    q_tcp = bytes(ip4(src=V4_B, dst=V4_A, id=4) / tcp("S", sport=DPORT, dport=SPORT) / PAYLOAD)
    r = dict(src=V4_R, dst=V4_B)
    return [
        eth() / ip4(**r) / ICMP(type=3, code=3) / Raw(q_udp),
        eth() / ip4(**r) / ICMP(type=3, code=3) / Raw(q_udp[:28]),
        eth() / ip4(**r) / ICMP(type=3, code=1) / Raw(q_tcp),
        eth() / ip4(**r) / ICMP(type=3, code=1) / Raw(q_tcp[:28]),
        eth() / ip4(**r) / ICMP(type=11, code=0) / Raw(q_tcp[:28]),
        eth() / ip4(**r) / ICMP(type=5, code=1, gw=V4_R) / Raw(q_udp[:28]),
        eth() / ip4(**r) / ICMP(type=12, code=0, ptr=8) / Raw(q_udp),
    ]


def icmpv6_errors():
    q_udp = bytes(ip6(src=V6_B, dst=V6_A) / udp(sport=UDPORT, dport=USPORT) / PAYLOAD)
    q_tcp = bytes(ip6(src=V6_B, dst=V6_A) / tcp("S", sport=DPORT, dport=SPORT) / PAYLOAD)
    r = dict(src=V6_R, dst=V6_B)
    return [
        eth() / ip6(**r) / ICMPv6DestUnreach(code=4) / Raw(q_udp),
        eth() / ip6(**r) / ICMPv6PacketTooBig(mtu=1280) / Raw(q_tcp),
        eth() / ip6(**r) / ICMPv6TimeExceeded(code=0) / Raw(q_udp[:48]),
        eth() / ip6(**r) / ICMPv6ParamProblem(code=0, ptr=6) / Raw(q_tcp[:48]),
    ]


def checksummed(l3, l4):
    """l4 with the checksum it has right behind l3 (scapy leaves it 0 behind AH)."""
    full = l3.__class__(bytes(l3 / l4))
    l4 = l4.copy()
    l4.chksum = full[l4.__class__].chksum
    return l4


def tunnels():
    return [
        eth() / ip4(proto=4) / ip4(src="10.0.0.1", dst="10.0.0.2") / ICMP() / PAYLOAD,
        eth() / ip4(proto=41) / ip6(src="fd00::1", dst="fd00::2") / udp() / PAYLOAD,
        eth() / ip6(nh=4) / ip4(src="10.0.0.1", dst="10.0.0.2") / tcp("S"),
        eth() / ip6(nh=41) / ip6(src="fd00::1", dst="fd00::2") /
        ICMPv6EchoRequest(id=3, seq=1),
        eth() / ip4() / ESP(spi=0x1001, seq=1) / Raw(PAYLOAD),
        eth() / ip6() / ESP(spi=0x1002, seq=1) / Raw(PAYLOAD),
        eth() / ip4() / AH(nh=6, payloadlen=4, spi=0x2001, seq=1, icv=b"\x00" * 12) /
        checksummed(ip4(), tcp("S")),
        eth() / ip6() / AH(nh=17, payloadlen=4, spi=0x2002, seq=1, icv=b"\x00" * 12) /
        checksummed(ip6(), udp() / PAYLOAD),
    ]


def malformed():
    good = ip4(proto=6) / tcp("S")
    raw = bytearray(bytes(good))
    raw[0] = 0x43                   # IHL 3: 12 bytes, less than the fixed 20
    cut_tcp = bytes(ip4(proto=6, len=20 + 12) / Raw(bytes(tcp("S"))[:12]))
    return [
        eth(0x0800) / Raw(bytes(raw)),
        eth(0x0800) / Raw(cut_tcp),
        eth() / ip4() / udp(len=200) / PAYLOAD,     # beyond the IP payload
        eth() / ip4() / udp(len=4) / PAYLOAD,       # shorter than its header
    ]


FRAMES = (ethernet_ii() + ieee8023_llc() + vlans() + ipv4_cases() + ipv6_cases() +
          tcp_flags() + icmp_errors() + icmpv6_errors() + tunnels() + malformed())


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: foundation.py OUT.pcap")
    frames = []
    for i, f in enumerate(FRAMES):
        p = Ether(bytes(f))     # freeze checksums and lengths
        p.time = Decimal(T0) + Decimal(i) / 1000
        frames.append(p)
    wrpcap(sys.argv[1], frames, linktype=1)


if __name__ == "__main__":
    main()
