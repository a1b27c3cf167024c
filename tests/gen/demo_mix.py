#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Write a pcap with a generated mix of VPN and tunnel traffic.

Used by tests/demo.sh (pushed through a veth pair) and usable on its own:

    /usr/bin/python3 tests/gen/demo_mix.py OUT.pcap [--seed N] [--scale N]

The mix: TCP sessions (handshake, data, teardown) to web, ssh and PPTP
ports; PPTP control (start-control-connection, outgoing call) with GRE v1
carrying PPP (LCP, IPv4); GRE v0 carrying IPv4, with and without a key;
L2TPv2 on UDP 1701 (control with AVPs, data with PPP); IPsec ESP and AH over
IPv4 and IPv6; IKE on UDP 500 and NAT-T on 4500 (IKE behind the non-ESP
marker, and ESP in UDP); 802.1Q and QinQ (802.1ad) tagged frames; IPv6 with
hop-by-hop, routing, destination-options and fragment headers; IPv4
fragments; ICMP and ICMPv6 errors quoting the packet that caused them.

Deterministic: the same seed and scale give the same file, byte for byte.
Addresses come from the documentation ranges (RFC 5737, RFC 3849); every
frame fits a 1500-byte MTU so tcpreplay can send it through a veth.
Needs scapy, which on Debian lives under /usr/bin/python3.
"""

import argparse
import random
import struct
import sys

from scapy.config import conf
from scapy.layers.inet import ICMP, IP, TCP, UDP, IPerror, TCPerror, UDPerror, fragment
from scapy.layers.inet6 import (ICMPv6DestUnreach, ICMPv6EchoRequest, ICMPv6PacketTooBig,
                                IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment,
                                IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, UDPerror as UDP6err,
                                IPerror6)
from scapy.layers.ipsec import AH, ESP
from scapy.layers.isakmp import ISAKMP
from scapy.layers.l2 import GRE, GRE_PPTP, Dot1AD, Dot1Q, Ether
from scapy.layers.l2tp import L2TP
from scapy.layers.ppp import HDLC, PPP
from scapy.layers.pptp import (PPTPOutgoingCallReply, PPTPOutgoingCallRequest,
                               PPTPStartControlConnectionReply,
                               PPTPStartControlConnectionRequest)
from scapy.packet import Raw
from scapy.utils import wrpcap

conf.verb = 0

# Locally administered MACs: nothing on a real LAN owns them.
MAC_A = "02:00:5e:00:00:01"
MAC_B = "02:00:5e:00:00:02"
# Capture start: a fixed time, so the file is reproducible.
T0 = 1700000000.0
# Gap between frames: 50 us keeps the whole mix under a second of capture time.
GAP = 0.00005


class Mix:
    """Builds flows (lists of frames in order) with one seeded RNG."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def v4(self, net):
        return "%s.%d" % (net, self.r.randint(1, 254))

    def v6(self):
        return "2001:db8:%x::%x" % (self.r.randint(1, 0xffff), self.r.randint(1, 0xffff))

    def port(self):
        return self.r.randint(1024, 65535)

    def payload(self, lo, hi):
        return bytes(self.r.getrandbits(8) for _ in range(self.r.randint(lo, hi)))

    @staticmethod
    def eth(fwd):
        return Ether(src=MAC_A, dst=MAC_B) if fwd else Ether(src=MAC_B, dst=MAC_A)

    # -- plain TCP ---------------------------------------------------------

    def tcp_session(self, cli, srv, dport, exchanges, v6=False):
        """Handshake, request/response exchanges, FIN both ways."""
        ip = IPv6 if v6 else IP
        sport, cseq, sseq = self.port(), self.r.getrandbits(32), self.r.getrandbits(32)
        out = []

        def seg(fwd, flags, data=b""):
            nonlocal cseq, sseq
            if fwd:
                p = self.eth(1) / ip(src=cli, dst=srv) / TCP(
                    sport=sport, dport=dport, flags=flags, seq=cseq, ack=sseq if "A" in flags else 0)
                cseq = (cseq + len(data) + (1 if ("S" in flags or "F" in flags) else 0)) & 0xffffffff
            else:
                p = self.eth(0) / ip(src=srv, dst=cli) / TCP(
                    sport=dport, dport=sport, flags=flags, seq=sseq, ack=cseq)
                sseq = (sseq + len(data) + (1 if ("S" in flags or "F" in flags) else 0)) & 0xffffffff
            out.append(p / Raw(data) if data else p)

        seg(1, "S")
        seg(0, "SA")
        seg(1, "A")
        for req, resp in exchanges:
            seg(1, "PA", req)
            seg(0, "PA", resp)
            seg(1, "A")
        seg(1, "FA")
        seg(0, "FA")
        seg(1, "A")
        return out

    def web(self):
        v6 = self.r.random() < 0.3
        cli, srv = (self.v6(), self.v6()) if v6 else (self.v4("192.0.2"), self.v4("203.0.113"))
        ex = [(self.payload(60, 300), self.payload(200, 1200)) for _ in range(self.r.randint(1, 3))]
        return self.tcp_session(cli, srv, self.r.choice([80, 443, 22]), ex, v6)

    # -- PPTP: control on TCP 1723, data in enhanced GRE (RFC 2637) ---------

    def pptp(self):
        cli, srv = self.v4("192.0.2"), self.v4("198.51.100")
        call_c, call_s = self.r.randint(1, 0xffff), self.r.randint(1, 0xffff)
        ctrl = [
            (bytes(PPTPStartControlConnectionRequest(host_name="demo-client")),
             bytes(PPTPStartControlConnectionReply(host_name="demo-server"))),
            (bytes(PPTPOutgoingCallRequest(call_id=call_c, call_serial_number=1)),
             bytes(PPTPOutgoingCallReply(call_id=call_s, peer_call_id=call_c))),
        ]
        flows = [self.tcp_session(cli, srv, 1723, ctrl)[:-3]]  # the call stays up
        gre = []
        seq = {1: 0, 0: 0}
        for i in range(self.r.randint(4, 10)):
            fwd = self.r.random() < 0.5
            src, dst = (cli, srv) if fwd else (srv, cli)
            seq[fwd] += 1
            if i == 0:	# LCP Configure-Request, with address and control
                ppp = HDLC() / PPP(proto=0xc021) / Raw(b"\x01\x01\x00\x0e\x01\x04\x05\xdc"
                                                       b"\x05\x06" + self.payload(4, 4))
            else:		# IPv4 inside, address/control compressed away
                inner = IP(src="10.9.0.2", dst="10.9.0.1") if fwd else IP(src="10.9.0.1", dst="10.9.0.2")
                ppp = PPP(proto=0x0021) / inner / UDP(sport=5353, dport=5353) / Raw(self.payload(20, 400))
            g = GRE_PPTP(seqnum_present=1, acknum_present=1, call_id=call_s if fwd else call_c,
                         sequence_number=seq[fwd], ack_number=seq[not fwd])
            gre.append(self.eth(fwd) / IP(src=src, dst=dst, proto=47) / g / ppp)
        # an acknowledgement-only GRE packet: no sequence number, no payload
        gre.append(self.eth(0) / IP(src=srv, dst=cli, proto=47) /
                   GRE_PPTP(acknum_present=1, call_id=call_c, ack_number=seq[1]))
        flows.append(gre)
        return flows

    # -- GRE version 0 (RFC 2784, key per RFC 2890) carrying IPv4 ----------

    def gre0(self):
        a, b = self.v4("198.51.100"), self.v4("203.0.113")
        keyed = self.r.random() < 0.5
        out = []
        for i in range(self.r.randint(2, 6)):
            g = GRE(proto=0x0800, key_present=1, key=0x1000 + i) if keyed else GRE(proto=0x0800)
            inner = IP(src="172.16.0.1", dst="172.16.0.2") / ICMP(type=8, id=7, seq=i) / Raw(self.payload(16, 64))
            out.append(self.eth(1) / IP(src=a, dst=b, proto=47) / g / inner)
        return out

    # -- L2TPv2 (RFC 2661) on UDP 1701 -------------------------------------

    @staticmethod
    def avp(attr, value, mandatory=True):
        flags = 0x8000 if mandatory else 0
        return struct.pack("!HHH", flags | (6 + len(value)), 0, attr) + value

    def l2tp(self):
        lac, lns = self.v4("192.0.2"), self.v4("198.51.100")
        tid, sid = self.r.randint(1, 0xffff), self.r.randint(1, 0xffff)
        udp = lambda fwd: (self.eth(fwd) / IP(src=lac if fwd else lns, dst=lns if fwd else lac) /
                           UDP(sport=1701, dport=1701))
        sccrq = (self.avp(0, struct.pack("!H", 1)) + self.avp(2, struct.pack("!H", 0x0100)) +
                 self.avp(7, b"demo-lac") + self.avp(9, struct.pack("!H", tid)))
        sccrp = self.avp(0, struct.pack("!H", 2)) + self.avp(9, struct.pack("!H", 0x4242))
        ctl = "control+length+sequence"
        out = [udp(1) / L2TP(hdr=ctl, tunnel_id=0, ns=0, nr=0) / Raw(sccrq),
               udp(0) / L2TP(hdr=ctl, tunnel_id=tid, ns=0, nr=1) / Raw(sccrp),
               udp(1) / L2TP(hdr=ctl, tunnel_id=0x4242, ns=1, nr=1) / Raw(b"")]	# ZLB ack
        for i in range(self.r.randint(3, 8)):
            fwd = i % 2 == 0
            inner = IP(src="10.20.0.2", dst="10.20.0.1") if fwd else IP(src="10.20.0.1", dst="10.20.0.2")
            data = L2TP(tunnel_id=tid, session_id=sid) / HDLC() / PPP(proto=0x0021) / inner / \
                UDP(sport=53, dport=53) / Raw(self.payload(20, 300))
            out.append(udp(fwd) / data)
        return out

    # -- IPsec: ESP (RFC 4303) and AH (RFC 4302), IKE (RFC 7296) -----------

    def esp(self):
        v6 = self.r.random() < 0.3
        a, b = (self.v6(), self.v6()) if v6 else (self.v4("192.0.2"), self.v4("203.0.113"))
        ip = IPv6 if v6 else IP
        spi = self.r.getrandbits(32) | 0x100
        return [self.eth(1) / ip(src=a, dst=b) / ESP(spi=spi, seq=i + 1, data=self.payload(48, 800))
                for i in range(self.r.randint(3, 8))]

    def ah(self):
        out = []
        a, b = self.v4("192.0.2"), self.v4("203.0.113")
        spi = self.r.getrandbits(32) | 0x100
        for i in range(self.r.randint(2, 4)):	# AH over ICMP (IPv4)
            out.append(self.eth(1) / IP(src=a, dst=b) /
                       AH(spi=spi, seq=i + 1, payloadlen=4, icv=self.payload(12, 12), nh=1) /
                       ICMP(type=8, id=9, seq=i) / Raw(self.payload(8, 56)))
        a6, b6 = self.v6(), self.v6()
        for i in range(self.r.randint(1, 3)):	# AH as an IPv6 extension, UDP behind it
            out.append(self.eth(1) / IPv6(src=a6, dst=b6) /
                       AH(spi=spi + 1, seq=i + 1, payloadlen=4, icv=self.payload(12, 12), nh=17) /
                       UDP(sport=self.port(), dport=9) / Raw(self.payload(8, 100)))
        return out

    def ike_msg(self, exch, resp, icookie, rcookie, mid):
        # IKEv2 header (version 2.0); a body of opaque payload bytes
        return ISAKMP(init_cookie=icookie, resp_cookie=rcookie, next_payload=33, version=0x20,
                      exch_type=exch, flags=0x20 if resp else 0x08, id=mid) / \
            Raw(self.payload(40, 300))

    def ike(self):
        cli, srv = self.v4("192.0.2"), self.v4("198.51.100")
        ic, rc = self.payload(8, 8), self.payload(8, 8)
        natt = self.r.random() < 0.5
        out = [self.eth(1) / IP(src=cli, dst=srv) / UDP(sport=500, dport=500) /
               self.ike_msg(34, 0, ic, b"\0" * 8, 0),
               self.eth(0) / IP(src=srv, dst=cli) / UDP(sport=500, dport=500) /
               self.ike_msg(34, 1, ic, rc, 0)]
        if not natt:
            return out
        # behind NAT: IKE_AUTH on 4500 after the four-byte non-ESP marker, then ESP in UDP
        sport = self.port()
        out += [self.eth(1) / IP(src=cli, dst=srv) / UDP(sport=sport, dport=4500) /
                Raw(b"\0\0\0\0" + bytes(self.ike_msg(35, 0, ic, rc, 1))),
                self.eth(0) / IP(src=srv, dst=cli) / UDP(sport=4500, dport=sport) /
                Raw(b"\0\0\0\0" + bytes(self.ike_msg(35, 1, ic, rc, 1)))]
        spi = self.r.getrandbits(32) | 0x100
        out += [self.eth(1) / IP(src=cli, dst=srv) / UDP(sport=sport, dport=4500) /
                Raw(struct.pack("!II", spi, i + 1) + self.payload(40, 600))
                for i in range(self.r.randint(2, 6))]
        out.append(self.eth(1) / IP(src=cli, dst=srv) / UDP(sport=sport, dport=4500) / Raw(b"\xff"))
        return out

    # -- VLAN tags (802.1Q, and 802.1ad QinQ) ------------------------------

    def vlan(self):
        out = []
        for _ in range(self.r.randint(2, 5)):
            a, b = self.v4("192.0.2"), self.v4("203.0.113")
            if self.r.random() < 0.5:
                l2 = self.eth(1) / Dot1Q(vlan=self.r.randint(2, 4094))
            else:
                l2 = self.eth(1) / Dot1AD(vlan=self.r.randint(2, 4094)) / Dot1Q(vlan=self.r.randint(2, 4094))
            l4 = UDP(sport=self.port(), dport=53) if self.r.random() < 0.5 else \
                TCP(sport=self.port(), dport=443, flags="S")
            out.append(l2 / IP(src=a, dst=b) / l4 / Raw(self.payload(0, 200)))
        # PPTP control behind a tag too
        out.append(self.eth(1) / Dot1Q(vlan=30) / IP(src=self.v4("192.0.2"), dst=self.v4("198.51.100")) /
                   TCP(sport=self.port(), dport=1723, flags="S"))
        return out

    # -- IPv6 extension headers and fragments ------------------------------

    def ipv6_ext(self):
        a, b = self.v6(), self.v6()
        u = lambda: UDP(sport=self.port(), dport=53) / Raw(self.payload(8, 120))
        out = [self.eth(1) / IPv6(src=a, dst=b) / IPv6ExtHdrHopByHop() / u(),
               self.eth(1) / IPv6(src=a, dst=b) / IPv6ExtHdrRouting(addresses=[self.v6()]) /
               TCP(sport=self.port(), dport=443, flags="S"),
               self.eth(1) / IPv6(src=a, dst=b) / IPv6ExtHdrDestOpt() / ICMPv6EchoRequest(id=3, seq=1),
               self.eth(1) / IPv6(src=a, dst=b) / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
               IPv6ExtHdrRouting(addresses=[self.v6()]) / u()]
        # a UDP datagram in two fragments: first (offset 0, M set) and last
        big = bytes(UDP(sport=self.port(), dport=4500) / Raw(self.payload(1300, 1300)))
        fid = self.r.getrandbits(32)
        out.append(self.eth(1) / IPv6(src=a, dst=b) / IPv6ExtHdrFragment(nh=17, offset=0, m=1, id=fid) /
                   Raw(big[:1200]))
        out.append(self.eth(1) / IPv6(src=a, dst=b) / IPv6ExtHdrFragment(nh=17, offset=150, m=0, id=fid) /
                   Raw(big[1200:]))
        return out

    def ipv4_frag(self):
        a, b = self.v4("192.0.2"), self.v4("203.0.113")
        p = IP(src=a, dst=b, id=self.r.randint(1, 0xffff)) / UDP(sport=self.port(), dport=1701) / \
            Raw(self.payload(2000, 2600))
        return [self.eth(1) / f for f in fragment(p, fragsize=1400)]

    # -- ICMP errors quoting the offending packet --------------------------

    def icmp_errors(self):
        a, b, r = self.v4("192.0.2"), self.v4("203.0.113"), self.v4("198.51.100")
        a6, b6 = self.v6(), self.v6()
        return [
            self.eth(0) / IP(src=b, dst=a) / ICMP(type=3, code=3) /
            IPerror(src=a, dst=b) / UDPerror(sport=self.port(), dport=500),
            self.eth(0) / IP(src=r, dst=a) / ICMP(type=11, code=0) /
            IPerror(src=a, dst=b, ttl=1) / TCPerror(sport=self.port(), dport=1723, flags="S"),
            self.eth(0) / IP(src=r, dst=a) / ICMP(type=3, code=4, nexthopmtu=1400) /
            IPerror(src=a, dst=b, proto=47) / Raw(b"\x30\x01\x88\x0b\x00\x00\x00\x07"),
            self.eth(0) / IPv6(src=b6, dst=a6) / ICMPv6PacketTooBig(mtu=1280) /
            IPerror6(src=a6, dst=b6) / UDP6err(sport=self.port(), dport=4500),
            self.eth(0) / IPv6(src=b6, dst=a6) / ICMPv6DestUnreach(code=4) /
            IPerror6(src=a6, dst=b6) / UDP6err(sport=self.port(), dport=1701),
        ]


def interleave(r, flows):
    """Merge flows at random while keeping each flow's frames in order."""
    flows = [list(f) for f in flows if f]
    pos = [0] * len(flows)
    live = list(range(len(flows)))
    out = []
    while live:
        k = r.choice(live)
        out.append(flows[k][pos[k]])
        pos[k] += 1
        if pos[k] == len(flows[k]):
            live.remove(k)
    return out


def build(seed, scale):
    m = Mix(seed)
    flows = []
    for _ in range(scale):
        flows += [m.web() for _ in range(3)]
        flows += m.pptp()
        flows += [m.gre0(), m.l2tp(), m.esp(), m.ah(), m.ike(), m.ike(), m.vlan(),
                  m.ipv6_ext(), m.ipv4_frag(), m.icmp_errors()]
    frames = interleave(m.r, flows)
    for i, f in enumerate(frames):
        f.time = T0 + i * GAP
    return frames


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="pcap file to write")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--scale", type=int, default=20,
                    help="rounds of the mix, about 100 frames each (default 20)")
    args = ap.parse_args()
    if args.scale < 1:
        ap.error("--scale must be at least 1")
    frames = build(args.seed, args.scale)
    too_big = [i for i, f in enumerate(frames) if len(f) > 1514]
    if too_big:		# a generator bug: tcpreplay could not send these through the veth
        sys.exit("demo_mix: frames %s exceed the MTU" % too_big[:5])
    wrpcap(args.out, frames)
    print("demo_mix: wrote %d frames to %s" % (len(frames), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
