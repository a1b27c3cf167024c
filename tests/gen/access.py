#!/usr/bin/python3
"""Generate the access-network test capture (issue 7).

access.py OUT.pcap

Every frame is well formed, so tshark's counts must equal tunnelstat's
(tests/gen/access_tshark.py); tests/access.t.sh asserts the exact tables.
Timestamps are fixed, so every time and round trip is exact. What is in it:

  PPPoE  session A (host H1, AC1, ID 0x1234): PADI, PADO from AC1 and AC2,
         PADR, PADS; LCP, PAP success, IPCP (the host gets 100.64.1.2, the
         AC is 100.64.0.1), TCP with a TLS handshake and data inside, LCP
         echo, LCP terminate, PADT from the host.
         session B (H2, AC1, 0x2222): CHAP failure, PADT from the AC.
         host H3: PADS with session ID 0 and Service-Name-Error (rejected).
         session D (H4, AC2, 0x3333): session frames only (IPv6 ICMPv6 echo),
         in 802.1Q.
  ARP    request, reply, gratuitous request and reply, probe, RARP, InARP,
         an ARP for IPv6 addresses (not IPv4 over Ethernet), ARP in 802.1Q.
  802.3  STP (LLC only), SNAP RFC 1042 with IPv4 ICMP, SNAP with Cisco's OUI.
  ICMP   echo, reply, port unreachable quoting UDP, time exceeded quoting an
         echo request, redirect, timestamp; ICMPv6 echo, reply, NS, NA, RS,
         RA, MLDv2 report (hop-by-hop), packet too big quoting TCP.
  IGMP   v1 report, v2 query and report, leave, v3 query and report.
  OSPF   v2 hello, DB description, LS request, LS update, LS ack; v3 hello.
  RADIUS answered Access- and Accounting-Requests, a challenge, a reject, a
         retransmission, an ID reused while pending, an unmatched response,
         CoA on 3799, the old port 1645, IPv6, Status-Server, one request
         never answered (50 s before the end) and one still waiting.
  TLS    TLS 1.2 on 443 (ClientHello, ServerHello+Certificate+
         ServerHelloDone in one record, ClientKeyExchange+CCS+Finished in one
         segment, CCS+Finished, application data, heartbeat, alert, a record
         continued in the next segment), TLS 1.3 on 8443, and plain HTTP on
         443 (not TLS).
  GRE v0 IPv4 (key, sequence), IPv6, Ethernet (TEB), ERSPAN I, II, III (with
         the platform subheader), ARP.
"""
import random
import struct
import sys

from scapy.all import (ARP, Dot1Q, Ether, GRE, ICMP, IP, IPv6, IPv6ExtHdrHopByHop, Raw, TCP,
                       UDP, wrpcap)
from scapy.layers.inet6 import (ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6MLReport2,
                                ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6ND_RS,
                                ICMPv6PacketTooBig)

out = sys.argv[1]
rnd = random.Random(7)
pkts = []
T0 = 1700000000.0


def add(t, p):
    p.time = T0 + t
    pkts.append(p)


def rb(n):
    return bytes(rnd.getrandbits(8) for _ in range(n))


# ---- PPPoE ---------------------------------------------------------------
H1, H2, H3, H4 = ("02:00:00:00:01:0%d" % i for i in (1, 2, 3, 4))
AC1, AC2 = "02:00:00:00:0a:01", "02:00:00:00:0a:02"
BC = "ff:ff:ff:ff:ff:ff"
SVC, ACN, UNIQ, COOKIE, SVC_ERR = 0x0101, 0x0102, 0x0103, 0x0104, 0x0201


def tags(*tl):
    return b"".join(struct.pack("!HH", t, len(v)) + v for t, v in tl)


def pppoed(src, dst, code, sid, payload):
    return Ether(src=src, dst=dst, type=0x8863) / Raw(struct.pack("!BBHH", 0x11, code, sid,
                                                                  len(payload)) + payload)


def pppoes(src, dst, sid, ppp, vlan=None):
    body = struct.pack("!BBHH", 0x11, 0, sid, len(ppp)) + ppp
    if vlan is not None:
        return Ether(src=src, dst=dst) / Dot1Q(vlan=vlan, type=0x8864) / Raw(body)
    return Ether(src=src, dst=dst, type=0x8864) / Raw(body)


def ctrl(proto, code, ident, data=b""):
    return struct.pack("!HBBH", proto, code, ident, 4 + len(data)) + data


def ipv4opt(addr):
    return bytes([3, 6]) + bytes(int(x) for x in addr.split("."))


def dnsopt(addr):
    return bytes([129, 6]) + bytes(int(x) for x in addr.split("."))


LCP, PAP, CHAP, IPCP = 0xC021, 0xC023, 0xC223, 0x8021
MRU = bytes([1, 4, 0x05, 0xD4])
MAGIC = bytes([5, 6, 0x11, 0x22, 0x33, 0x44])
AUTH_PAP = bytes([3, 4, 0xC0, 0x23])
AUTH_CHAP = bytes([3, 5, 0xC2, 0x23, 0x05])


def ppp_ip(p):
    return struct.pack("!H", 0x0021) + bytes(p)


def ppp_ip6(p):
    return struct.pack("!H", 0x0057) + bytes(p)


# TLS building blocks
def hs(t, body):
    return bytes([t]) + len(body).to_bytes(3, "big") + body


def rec(ct, body, ver=0x0303):
    return bytes([ct]) + ver.to_bytes(2, "big") + len(body).to_bytes(2, "big") + body


def ext(t, data):
    return struct.pack("!HH", t, len(data)) + data


def client_hello(sni):
    name = sni.encode()
    exts = ext(0x0000, struct.pack("!HBH", len(name) + 3, 0, len(name)) + name)
    exts += ext(0x002b, bytes([4, 3, 4, 3, 3]))		# supported_versions: 1.3, 1.2
    exts += ext(0x000a, bytes([0, 2, 0, 0x1d]))		# supported_groups: x25519
    exts += ext(0x0033, struct.pack("!HHH", 36, 0x1d, 32) + rb(32))	# key_share
    exts += ext(0x000d, bytes([0, 2, 4, 3]))		# signature_algorithms
    body = b"\x03\x03" + rb(32) + b"\x00" + b"\x00\x04\x13\x01\x00\x2f" + b"\x01\x00"
    body += struct.pack("!H", len(exts)) + exts
    return hs(1, body)


def server_hello12():
    return hs(2, b"\x03\x03" + rb(32) + b"\x00" + b"\x00\x2f" + b"\x00")


def server_hello13():
    exts = ext(0x002b, b"\x03\x04") + ext(0x0033, struct.pack("!HH", 0x1d, 32) + rb(32))
    return hs(2, b"\x03\x03" + rb(32) + b"\x00" + b"\x13\x01" + b"\x00" +
              struct.pack("!H", len(exts)) + exts)


CERT = hs(11, b"\x00\x00\x00")			# an empty certificate_list
SHD = hs(14, b"")
CKE = hs(16, struct.pack("!H", 64) + rb(64))
FIN_ENC = b"\x00" * 8 + rb(32)			# AEAD nonce 0, Finished, tag
CCS = rec(20, b"\x01")


class Flow:
    """A TCP connection's two directions with running sequence numbers."""

    def __init__(self, wrap, c, s, cport, sport, ip6=False):
        self.wrap, self.c, self.s, self.cp, self.sp, self.ip6 = wrap, c, s, cport, sport, ip6
        self.seq = {0: 1000, 1: 5000}

    def ip(self, src, dst):
        return IPv6(src=src, dst=dst) if self.ip6 else IP(src=src, dst=dst)

    def seg(self, t, from_server, flags, data=b""):
        d = 1 if from_server else 0
        src, dst = (self.s, self.c) if from_server else (self.c, self.s)
        sp, dp = (self.sp, self.cp) if from_server else (self.cp, self.sp)
        tcp = TCP(sport=sp, dport=dp, flags=flags, seq=self.seq[d], ack=self.seq[1 - d])
        pkt = self.ip(src, dst) / tcp / (Raw(data) if data else b"")
        self.seq[d] += len(data) + (1 if "S" in flags or "F" in flags else 0)
        add(t, self.wrap(from_server, pkt))

    def handshake(self, t):
        self.seg(t, False, "S")
        self.seg(t + 0.010, True, "SA")
        self.seg(t + 0.011, False, "A")


t = 1.0
# session A: discovery, with a second offer from AC2
add(t, pppoed(H1, BC, 0x09, 0, tags((SVC, b""), (UNIQ, b"\x00\x00\x00\x01"))))
add(t + 0.010, pppoed(AC1, H1, 0x07, 0, tags((ACN, b"ac1"), (SVC, b""), (UNIQ, b"\x00\x00\x00\x01"),
                                            (COOKIE, rb(16)))))
add(t + 0.011, pppoed(AC2, H1, 0x07, 0, tags((ACN, b"ac2"), (SVC, b""),
                                            (UNIQ, b"\x00\x00\x00\x01"))))
add(t + 0.020, pppoed(H1, AC1, 0x19, 0, tags((SVC, b""), (UNIQ, b"\x00\x00\x00\x01"),
                                            (COOKIE, rb(16)))))
add(t + 0.030, pppoed(AC1, H1, 0x65, 0x1234, tags((SVC, b""), (UNIQ, b"\x00\x00\x00\x01"))))


def sA(tt, from_ac, ppp):
    add(tt, pppoes(AC1, H1, 0x1234, ppp) if from_ac else pppoes(H1, AC1, 0x1234, ppp))


sA(1.040, False, ctrl(LCP, 1, 1, MRU + MAGIC))
sA(1.041, True, ctrl(LCP, 1, 1, MRU + AUTH_PAP + MAGIC))
sA(1.042, True, ctrl(LCP, 2, 1, MRU + MAGIC))
sA(1.043, False, ctrl(LCP, 2, 1, MRU + AUTH_PAP + MAGIC))
sA(1.050, False, ctrl(PAP, 1, 1, b"\x04user\x04pass"))
sA(1.060, True, ctrl(PAP, 2, 1, b"\x00"))
sA(1.070, False, ctrl(IPCP, 1, 1, ipv4opt("0.0.0.0") + dnsopt("0.0.0.0")))
sA(1.071, True, ctrl(IPCP, 1, 1, ipv4opt("100.64.0.1")))
sA(1.072, True, ctrl(IPCP, 3, 1, ipv4opt("100.64.1.2") + dnsopt("192.0.2.53")))
sA(1.073, False, ctrl(IPCP, 2, 1, ipv4opt("100.64.0.1")))
sA(1.074, False, ctrl(IPCP, 1, 2, ipv4opt("100.64.1.2") + dnsopt("192.0.2.53")))
# the Ack lists DNS first: the IP-Address option is found by walking
sA(1.075, True, ctrl(IPCP, 2, 2, dnsopt("192.0.2.53") + ipv4opt("100.64.1.2")))

fa = Flow(lambda srv, p: pppoes(AC1, H1, 0x1234, ppp_ip(p)) if srv else
          pppoes(H1, AC1, 0x1234, ppp_ip(p)), "100.64.1.2", "198.51.100.10", 50000, 443)
fa.handshake(1.100)
fa.seg(1.122, False, "PA", rec(22, client_hello("a.example"), 0x0301))
fa.seg(1.150, True, "PA", rec(22, server_hello12() + CERT + SHD))
fa.seg(1.160, False, "PA", rec(22, CKE) + CCS + rec(22, FIN_ENC))
fa.seg(1.170, True, "PA", CCS + rec(22, FIN_ENC))
fa.seg(1.200, False, "PA", rec(23, rb(60)))
fa.seg(1.210, True, "PA", rec(23, rb(300)))
sA(1.300, False, ctrl(LCP, 9, 3, b"\x11\x22\x33\x44"))
sA(1.301, True, ctrl(LCP, 10, 3, b"\x55\x66\x77\x88"))
sA(1.400, False, ctrl(LCP, 5, 4))
sA(1.401, True, ctrl(LCP, 6, 4))
add(1.410, pppoed(H1, AC1, 0xA7, 0x1234, b""))

# session B: CHAP failure, the AC terminates
t = 2.0
add(t, pppoed(H2, BC, 0x09, 0, tags((SVC, b"isp"))))
add(t + 0.01, pppoed(AC1, H2, 0x07, 0, tags((ACN, b"ac1"), (SVC, b"isp"))))
add(t + 0.02, pppoed(H2, AC1, 0x19, 0, tags((SVC, b"isp"))))
add(t + 0.03, pppoed(AC1, H2, 0x65, 0x2222, tags((SVC, b"isp"))))


def sB(tt, from_ac, ppp):
    add(tt, pppoes(AC1, H2, 0x2222, ppp) if from_ac else pppoes(H2, AC1, 0x2222, ppp))


sB(2.040, True, ctrl(LCP, 1, 1, AUTH_CHAP + MAGIC))
sB(2.041, False, ctrl(LCP, 2, 1, AUTH_CHAP + MAGIC))
sB(2.050, True, ctrl(CHAP, 1, 1, b"\x10" + rb(16) + b"ac1"))
sB(2.051, False, ctrl(CHAP, 2, 1, b"\x10" + rb(16) + b"user"))
sB(2.060, True, ctrl(CHAP, 4, 1, b"denied"))
sB(2.070, True, ctrl(LCP, 5, 2))
add(2.080, pppoed(AC1, H2, 0xA7, 0x2222, tags((0x0203, b"auth failed"))))

# host H3: the AC rejects the service
t = 3.0
add(t, pppoed(H3, BC, 0x09, 0, tags((SVC, b"tv"))))
add(t + 0.01, pppoed(AC1, H3, 0x07, 0, tags((ACN, b"ac1"), (SVC, b"tv"))))
add(t + 0.02, pppoed(H3, AC1, 0x19, 0, tags((SVC, b"tv"))))
add(t + 0.03, pppoed(AC1, H3, 0x65, 0, tags((SVC_ERR, b"no such service"))))

# session D: no discovery seen, IPv6 inside, in 802.1Q
e6 = IPv6(src="2001:db8:4::2", dst="2001:db8:99::1")
add(4.0, pppoes(H4, AC2, 0x3333, ppp_ip6(e6 / ICMPv6EchoRequest(id=1, seq=1)), vlan=10))
add(4.01, pppoes(AC2, H4, 0x3333, ppp_ip6(IPv6(src="2001:db8:99::1", dst="2001:db8:4::2") /
                                          ICMPv6EchoReply(id=1, seq=1)), vlan=10))
add(4.02, pppoes(H4, AC2, 0x3333, ppp_ip6(e6 / ICMPv6EchoRequest(id=1, seq=2)), vlan=10))

# ---- ARP -----------------------------------------------------------------
M1, M2 = "02:00:00:00:02:01", "02:00:00:00:02:02"
t = 5.0
add(t, Ether(src=M1, dst=BC) / ARP(op=1, hwsrc=M1, psrc="192.0.2.1", pdst="192.0.2.2"))
add(t + .01, Ether(src=M2, dst=M1) / ARP(op=2, hwsrc=M2, psrc="192.0.2.2", hwdst=M1,
                                         pdst="192.0.2.1"))
add(t + .02, Ether(src=M1, dst=BC) / ARP(op=1, hwsrc=M1, psrc="192.0.2.5", pdst="192.0.2.5"))
add(t + .03, Ether(src=M2, dst=BC) / ARP(op=2, hwsrc=M2, psrc="192.0.2.6", hwdst=BC,
                                         pdst="192.0.2.6"))
add(t + .04, Ether(src=M1, dst=BC) / ARP(op=1, hwsrc=M1, psrc="0.0.0.0", pdst="192.0.2.7"))
add(t + .05, Ether(src=M1, dst=BC, type=0x8035) / ARP(op=3, hwsrc=M1, psrc="0.0.0.0",
                                                      hwdst=M1, pdst="0.0.0.0"))
add(t + .06, Ether(src=M1, dst=M2) / ARP(op=8, hwsrc=M1, psrc="192.0.2.1", hwdst=M2,
                                         pdst="0.0.0.0"))
add(t + .07, Ether(src=M1, dst=BC) / ARP(op=1, ptype=0x86DD, plen=16, hwsrc=M1,
                                         psrc="2001:db8::1", pdst="2001:db8::2"))
add(t + .08, Ether(src=M1, dst=BC) / Dot1Q(vlan=20) / ARP(op=1, hwsrc=M1, psrc="192.0.2.1",
                                                          pdst="192.0.2.9"))

# ---- 802.3 / LLC / SNAP ----------------------------------------------------
BPDU = bytes([0x42, 0x42, 0x03]) + b"\x00\x00\x00\x00" + bytes(31)
add(6.0, Ether(src=M1, dst="01:80:c2:00:00:00", type=len(BPDU)) / Raw(BPDU))
snap_ip = bytes(IP(src="192.0.2.1", dst="192.0.2.2") / ICMP(type=8, id=7, seq=1) / Raw(b"x" * 8))
snap = bytes([0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00]) + snap_ip
add(6.01, Ether(src=M1, dst=M2, type=len(snap)) / Raw(snap))
cdp = bytes([0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x20, 0x00]) + bytes([2, 180, 0, 0])
add(6.02, Ether(src=M1, dst="01:00:0c:cc:cc:cc", type=len(cdp)) / Raw(cdp) / Raw(bytes(60 - 14 - len(cdp))))

# ---- ICMP / ICMPv6 -----------------------------------------------------------
A, B = "192.0.2.1", "192.0.2.2"
E = Ether(src=M1, dst=M2)
t = 7.0
add(t, E / IP(src=A, dst=B) / ICMP(type=8, id=9, seq=1) / Raw(b"ping"))
add(t + .01, E / IP(src=B, dst=A) / ICMP(type=0, id=9, seq=1) / Raw(b"ping"))
add(t + .02, E / IP(src=B, dst=A) / ICMP(type=3, code=3) /
    IP(src=A, dst=B) / UDP(sport=5000, dport=9) / Raw(b"q" * 8))
add(t + .03, E / IP(src="192.0.2.254", dst=A) / ICMP(type=11, code=0) /
    IP(src=A, dst=B, ttl=1) / ICMP(type=8, id=9, seq=2) / Raw(b"ping"))
add(t + .04, E / IP(src="192.0.2.254", dst=A) / ICMP(type=5, code=1, gw="192.0.2.253") /
    IP(src=A, dst=B) / UDP(sport=5001, dport=9))
add(t + .05, E / IP(src=A, dst=B) / ICMP(type=13, id=3, seq=1, ts_ori=1, ts_rx=0, ts_tx=0))
A6, B6 = "2001:db8:1::1", "2001:db8:1::2"
add(t + .10, E / IPv6(src=A6, dst=B6) / ICMPv6EchoRequest(id=5, seq=1))
add(t + .11, E / IPv6(src=B6, dst=A6) / ICMPv6EchoReply(id=5, seq=1))
add(t + .12, E / IPv6(src=A6, dst="ff02::1:ff00:2") / ICMPv6ND_NS(tgt=B6))
add(t + .13, E / IPv6(src=B6, dst=A6) / ICMPv6ND_NA(tgt=B6, R=0, S=1))
add(t + .14, E / IPv6(src="fe80::1", dst="ff02::2") / ICMPv6ND_RS())
add(t + .15, E / IPv6(src="fe80::2", dst="ff02::1") / ICMPv6ND_RA())
add(t + .16, E / IPv6(src="fe80::1", dst="ff02::16", hlim=1) /
    IPv6ExtHdrHopByHop(options=[]) / ICMPv6MLReport2())
add(t + .17, E / IPv6(src=B6, dst=A6) / ICMPv6PacketTooBig(mtu=1280) /
    IPv6(src=A6, dst=B6) / TCP(sport=40000, dport=80, flags="A") / Raw(b"z" * 16))

# ---- IGMP -----------------------------------------------------------------
def igmp(t_, mrt, group, extra=b""):
    body = bytes([t_, mrt, 0, 0]) + bytes(int(x) for x in group.split(".")) + extra
    c = 0
    for i in range(0, len(body), 2):
        c += (body[i] << 8) + (body[i + 1] if i + 1 < len(body) else 0)
    c = (c & 0xFFFF) + (c >> 16)
    c = ~((c & 0xFFFF) + (c >> 16)) & 0xFFFF
    return body[:2] + struct.pack("!H", c) + body[4:]


RA = b"\x94\x04\x00\x00"
t = 8.0
add(t, E / IP(src=A, dst="224.0.0.1", proto=2, ttl=1, options=RA) / Raw(igmp(0x11, 100, "0.0.0.0")))
add(t + .01, E / IP(src=A, dst="239.1.1.1", proto=2, ttl=1, options=RA) /
    Raw(igmp(0x16, 0, "239.1.1.1")))
add(t + .02, E / IP(src=A, dst="224.0.0.2", proto=2, ttl=1, options=RA) /
    Raw(igmp(0x17, 0, "239.1.1.1")))
add(t + .03, E / IP(src=A, dst="239.1.1.2", proto=2, ttl=1) / Raw(igmp(0x12, 0, "239.1.1.2")))
add(t + .04, E / IP(src=A, dst="224.0.0.1", proto=2, ttl=1, options=RA) /
    Raw(igmp(0x11, 100, "0.0.0.0", b"\x02\x7d\x00\x00")))
v3rec = bytes([4, 0, 0, 1]) + bytes([239, 1, 1, 3]) + bytes([192, 0, 2, 9])
add(t + .05, E / IP(src=A, dst="224.0.0.22", proto=2, ttl=1, options=RA) /
    Raw(igmp(0x22, 0, "0.0.0.1", v3rec)))

# ---- OSPF -----------------------------------------------------------------
def ospf2(t_, body):
    return struct.pack("!BBH4s4sHHQ", 2, t_, 24 + len(body), bytes([10, 0, 0, 1]), bytes(4), 0,
                       0, 0) + body


LSAH = struct.pack("!HBB4s4sIHH", 1, 2, 1, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 1]),
                   0x80000001, 0, 20)
hello = bytes([255, 255, 255, 0]) + struct.pack("!HBBI4s4s", 10, 2, 1, 40, bytes(4), bytes(4))
t = 9.0
for i, (ty, body) in enumerate([(1, hello), (2, struct.pack("!HBBI", 1500, 2, 7, 1) + LSAH),
                                (3, struct.pack("!I4s4s", 1, bytes([10, 0, 0, 1]),
                                                bytes([10, 0, 0, 1]))),
                                (4, struct.pack("!I", 1) + LSAH), (5, LSAH)]):
    add(t + i * .01, E / IP(src="10.0.0.1", dst="224.0.0.5", proto=89, ttl=1) /
        Raw(ospf2(ty, body)))
hello3 = struct.pack("!IBBBBHH4s4s", 1, 1, 0, 0, 0x13, 10, 40, bytes(4), bytes(4))
ospf3 = struct.pack("!BBH4s4sHBB", 3, 1, 16 + len(hello3), bytes([10, 0, 0, 1]), bytes(4), 0, 0,
                    0) + hello3
add(t + .10, E / IPv6(src="fe80::1", dst="ff02::5", nh=89, hlim=1) / Raw(ospf3))

# ---- RADIUS -----------------------------------------------------------------
NAS, SRV = "192.0.2.20", "192.0.2.30"


def radius(code, ident, auth, attrs=b""):
    return struct.pack("!BBH", code, ident, 20 + len(attrs)) + auth + attrs


def attr(t_, v):
    return bytes([t_, 2 + len(v)]) + v


UN = attr(1, b"alice")


def rad(tt, src, dst, sp, dp, payload, ip6=False):
    ip = IPv6(src=src, dst=dst) if ip6 else IP(src=src, dst=dst)
    add(tt, E / ip / UDP(sport=sp, dport=dp) / Raw(payload))


t = 10.0
auth = [rb(16) for _ in range(12)]
rad(t, NAS, SRV, 40001, 1812, radius(1, 1, auth[0], UN))		# -> Accept, 2 ms
rad(t + .002, SRV, NAS, 1812, 40001, radius(2, 1, rb(16)))
rad(t + .010, NAS, SRV, 40001, 1812, radius(1, 2, auth[1], UN))		# -> Challenge
rad(t + .013, SRV, NAS, 1812, 40001, radius(11, 2, rb(16), attr(24, b"state")))
rad(t + .020, NAS, SRV, 40001, 1812, radius(1, 3, auth[2], UN))		# -> Reject, 5 ms
rad(t + .025, SRV, NAS, 1812, 40001, radius(3, 3, rb(16)))
rad(t + .030, NAS, SRV, 40002, 1813, radius(4, 7, auth[3], attr(40, b"\x00\x00\x00\x01")))
rad(t + .031, SRV, NAS, 1813, 40002, radius(5, 7, rb(16)))		# 1 ms
rad(t + .040, NAS, SRV, 40001, 1812, radius(1, 9, auth[4], UN))		# never answered
rad(t + .050, NAS, SRV, 40001, 1812, radius(1, 10, auth[5], UN))	# retransmitted
rad(t + 3.050, NAS, SRV, 40001, 1812, radius(1, 10, auth[5], UN))
rad(t + 3.052, SRV, NAS, 1812, 40001, radius(2, 10, rb(16)))		# 3.002 s after the first
rad(t + .060, NAS, SRV, 40001, 1812, radius(1, 11, auth[6], UN))	# ID 11 reused while
rad(t + .070, NAS, SRV, 40001, 1812, radius(1, 11, auth[7], UN))	# pending: unanswered
rad(t + .071, SRV, NAS, 1812, 40001, radius(2, 11, rb(16)))
rad(t + .080, SRV, NAS, 1812, 40001, radius(2, 50, rb(16)))		# no request: unmatched
rad(t + .090, SRV, NAS, 50000, 3799, radius(43, 4, auth[8], UN))	# CoA to the NAS
rad(t + .091, NAS, SRV, 3799, 50000, radius(44, 4, rb(16)))
rad(t + .100, NAS, SRV, 40003, 1645, radius(1, 20, auth[9], UN))
rad(t + .104, SRV, NAS, 1645, 40003, radius(3, 20, rb(16)))		# 4 ms
rad(t + .110, "2001:db8:2::20", "2001:db8:2::30", 40004, 1812, radius(1, 30, auth[10], UN), True)
rad(t + .111, "2001:db8:2::30", "2001:db8:2::20", 1812, 40004, radius(2, 30, rb(16)), True)
rad(t + .120, NAS, SRV, 40005, 1812, radius(12, 40, auth[11], attr(80, bytes(16))))
rad(t + .1205, SRV, NAS, 1812, 40005, radius(2, 40, rb(16)))		# 500 us

# ---- TLS --------------------------------------------------------------------
E2 = Ether(src=M1, dst=M2)
t = 20.0
f1 = Flow(lambda srv, p: E2 / p, "192.0.2.40", "198.51.100.20", 51000, 443)
f1.handshake(t)
f1.seg(t + .02, False, "PA", rec(22, client_hello("b.example"), 0x0301))
f1.seg(t + .05, True, "PA", rec(22, server_hello12() + CERT + SHD))
f1.seg(t + .06, False, "PA", rec(22, CKE) + CCS + rec(22, FIN_ENC))
f1.seg(t + .07, True, "PA", CCS + rec(22, FIN_ENC))
f1.seg(t + .08, False, "PA", rec(23, rb(100)) + rec(23, rb(20)))
f1.seg(t + .09, False, "PA", rec(24, b"\x01\x00\x10" + rb(16) + rb(16)))	# heartbeat request
big = rec(23, rb(1800))
f1.seg(t + .10, True, "A", big[:1000])		# a record continued...
f1.seg(t + .11, True, "PA", big[1000:])	# ...here: not a record start
f1.seg(t + .12, False, "PA", rec(21, rb(26)))	# an encrypted alert
f2 = Flow(lambda srv, p: E2 / p, "192.0.2.41", "198.51.100.21", 51001, 8443)
f2.handshake(t + 1)
f2.seg(t + 1.02, False, "PA", rec(22, client_hello("c.example"), 0x0301))
f2.seg(t + 1.05, True, "PA", rec(22, server_hello13()) + CCS + rec(23, rb(40)) + rec(23, rb(300)))
f2.seg(t + 1.06, False, "PA", CCS + rec(23, rb(53)))
f2.seg(t + 1.07, False, "PA", rec(23, rb(200)))
f3 = Flow(lambda srv, p: E2 / p, "192.0.2.42", "198.51.100.22", 51002, 443)
f3.handshake(t + 2)
f3.seg(t + 2.02, False, "PA", b"GET / HTTP/1.1\r\nHost: d.example\r\n\r\n")

# ---- GRE v0 -----------------------------------------------------------------
G1, G2 = "203.0.113.1", "203.0.113.2"
EG = Ether(src=M1, dst=M2)
t = 30.0
add(t, EG / IP(src=G1, dst=G2) / GRE(key_present=1, key=77, seqnum_present=1, sequence_number=1) /
    IP(src="10.9.0.1", dst="10.9.0.2") / ICMP(type=8, id=1, seq=1))
add(t + .01, EG / IP(src=G1, dst=G2) / GRE(proto=0x86DD) /
    IPv6(src="2001:db8:9::1", dst="2001:db8:9::2") / ICMPv6EchoRequest(id=2, seq=1))
inner = Ether(src="02:00:00:00:09:01", dst="02:00:00:00:09:02") / IP(src="10.9.1.1", dst="10.9.1.2") / \
    ICMP(type=8, id=3, seq=1)
add(t + .02, EG / IP(src=G1, dst=G2) / GRE(proto=0x6558, key_present=1, key=5000) / inner)
mirrored = Ether(src="02:00:00:00:09:03", dst=BC) / ARP(op=1, hwsrc="02:00:00:00:09:03",
                                                        psrc="10.9.2.1", pdst="10.9.2.2")
add(t + .03, EG / IP(src=G1, dst=G2) / GRE(proto=0x88BE) / mirrored)		# type I
er2 = struct.pack("!HHI", 0x1000 | 10, 0x0005, 0)				# ver 1, VLAN 10, session 5
add(t + .04, EG / IP(src=G1, dst=G2) / GRE(proto=0x88BE, seqnum_present=1, sequence_number=1) /
    Raw(er2) / mirrored)
er3 = struct.pack("!HHIHH", 0x2000 | 10, 0x0006, 123456, 0, 0x0001)		# ver 2, FT 0, O
plat = struct.pack("!II", 0x0C000000, 0)					# platform ID 3
add(t + .05, EG / IP(src=G1, dst=G2) / GRE(proto=0x22EB, seqnum_present=1, sequence_number=1) /
    Raw(er3 + plat) / inner)
add(t + .06, EG / IP(src=G1, dst=G2) / GRE(proto=0x0806) /
    ARP(op=2, hwsrc="02:00:00:00:09:04", psrc="10.9.3.1", hwdst="02:00:00:00:09:05",
        pdst="10.9.3.2"))

# ---- a RADIUS request left waiting at the end of the capture ----------------
rad(60.0, NAS, SRV, 40006, 1812, radius(1, 60, rb(16), UN))

pkts.sort(key=lambda p: p.time)
wrpcap(out, pkts)
