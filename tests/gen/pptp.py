#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Write PPTP captures: control connection on TCP 1723 and enhanced GRE.

Usage: /usr/bin/python3 tests/gen/pptp.py OUTDIR

Writes six deterministic captures (fixed addresses, MACs, sequence
numbers and timestamps; two runs give the same bytes) that tests/pptp.t.sh
replays and asserts exactly, and compares with tshark:

pptp_session.pcap   an outgoing call, IPv4. PNS 192.0.2.1 (TCP client,
    Call ID 42), PAC 198.51.100.2 (port 1723, Call ID 1234).
      TCP handshake; SCCRQ, SCCRP; OCRQ (t=1.000 s), OCRP result 1
      (t=1.100 s); SLI; in GRE: LCP Configure-Request/Ack both ways, CHAP
      Challenge/Response/Success, IPCP Configure-Request/Ack both ways;
      IPv4 data both ways with sequence gaps and a reorder, ack-only
      packets; PPTP Echo-Request/Reply twice; a second SLI;
      Call-Clear-Request (t=10.000 s); Call-Disconnect-Notify
      result 4 cause 16 (t=10.100 s); Stop-Control-Connection-Request and
      Reply; FIN exchange.
pptp_incoming.pcap  an incoming call, IPv6. The PAC 2001:db8::a is the TCP
    client (port 40002 -> 1723 on the PNS 2001:db8::b): ICRQ (PAC Call ID
    1911, t=2.000 s), ICRP (PNS Call ID 85, result 1), ICCN (t=2.200 s), SLI,
    GRE both ways, CDN result 1 cause 0 (t=5.000 s), StopCCRQ/RP.
pptp_rejected.pcap  an outgoing call the PAC rejects: OCRQ (PNS Call ID 7,
    t=1.000 s), OCRP (PAC Call ID 0, result 4 Busy, cause 3, t=1.050 s);
    StopCCRQ/RP; and a GRE v1 flow between two other hosts (Call ID 99, 3
    packets) that no control connection announced.
pptp_stopped.pcap   two calls on one control connection, IPv4 (PNS
    192.0.2.1 opens it): OCRQ/OCRP for PNS Call IDs 50 (PAC 500) and 51 (PAC
    501), GRE on call 50; call 51 cleared with Call-Clear-Request and CDN
    result 3 (t=3.100 s); then the PAC stops the control connection,
    StopCCRQ reason 3 (t=5.000 s), StopCCRP result 1 (t=5.001 s), with
    call 50 still up: RFC 2637 clears it with the connection.
pptp_restart.pcap   the PNS opens a control connection and call 70 (PAC
    700), then opens a new control connection (t=4.000 s) without
    stopping the first, and call 71 (PAC 701) on it: call 70 went with
    the old connection.
pptp_midstream.pcap the capture starts inside a control connection: call
    80 (PAC 800) set up, then a new control connection (SCCRQ at
    t=2.003 s): call 80 belonged to the unseen one, and ended with it.

One message per TCP segment: tshark 4.0 dissects only the first PPTP
message of a segment, and these captures are compared with it (several
messages per segment are covered by tests/test_pptp.c).

Frames from the second host (b) are padded to the 60-byte Ethernet minimum,
as a capture on the receiving side shows them; the first host's are not.

The GRE sequence plan of pptp_session.pcap (per direction; seq_max, lost
and reordered follow from RFC 1982 serial arithmetic):
  PNS->PAC, Call ID 1234: seq 0..4 control, then data 5 6 8 10 9 11
      (7 never sent: lost 1; 9 after 10: reordered 1), then 1 ack-only.
  PAC->PNS, Call ID 42: seq 0..5 control, then data 6 8 7 9 12
      (10 and 11 never sent: lost 2; 7 after 8: reordered 1), then 2 ack-only.
"""
import os
import struct
import sys
from decimal import Decimal as D

from scapy.all import IP, TCP, UDP, Ether, IPv6, Padding, Raw, conf, wrpcap

conf.verb = 0

T0 = 1700000000                 # 2023-11-14T22:13:20Z
MAC_A, MAC_B = "02:00:00:00:00:01", "02:00:00:00:00:02"
COOKIE = 0x1A2B3C4D

# RFC 2637 2.1-2.15: total length of each control message type.
SIZE = {1: 156, 2: 156, 3: 16, 4: 16, 5: 16, 6: 20, 7: 168, 8: 32, 9: 220,
        10: 24, 11: 28, 12: 16, 13: 148, 14: 40, 15: 24}


def pptp(ctype, body):
    """A control message: header, then the body padded to the RFC size."""
    size = SIZE[ctype]
    hdr = struct.pack("!HHIHH", size, 1, COOKIE, ctype, 0)
    msg = hdr + body
    assert len(msg) <= size, (ctype, len(msg))
    return msg + b"\0" * (size - len(msg))


def name64(s):
    return s.encode().ljust(64, b"\0")


def sccrq():
    return pptp(1, struct.pack("!HHIIHH", 0x0100, 0, 3, 3, 1, 1) +
                name64("pns-host") + name64("tunnelstat"))


def sccrp():
    return pptp(2, struct.pack("!HBBIIHH", 0x0100, 1, 0, 3, 3, 1, 1) +
                name64("pac-host") + name64("tunnelstat"))


def stopccrq(reason=1):
    return pptp(3, struct.pack("!BBH", reason, 0, 0))


def stopccrp():
    return pptp(4, struct.pack("!BBH", 1, 0, 0))


def echorq(ident):
    return pptp(5, struct.pack("!I", ident))


def echorp(ident):
    return pptp(6, struct.pack("!IBBH", ident, 1, 0, 0))


def ocrq(call_id, serial):
    return pptp(7, struct.pack("!HHIIIIHHHH", call_id, serial, 300, 100000000, 3, 3,
                               64, 0, 0, 0) + b"\0" * 64 + b"\0" * 64)


def ocrp(call_id, peer, result, error=0, cause=0):
    return pptp(8, struct.pack("!HHBBHIHHI", call_id, peer, result, error, cause,
                               100000000, 64, 0, 0))


def icrq(call_id, serial):
    return pptp(9, struct.pack("!HHIIHH", call_id, serial, 1, 0, 4, 4) +
                name64("5551") + name64("5552") + b"\0" * 64)


def icrp(call_id, peer, result, error=0):
    return pptp(10, struct.pack("!HHBBHHH", call_id, peer, result, error, 64, 0, 0))


def iccn(peer):
    return pptp(11, struct.pack("!HHIHHI", peer, 0, 100000000, 64, 0, 3))


def ccrq(call_id):
    return pptp(12, struct.pack("!HH", call_id, 0))


def cdn(call_id, result, error, cause):
    return pptp(13, struct.pack("!HBBHH", call_id, result, error, cause, 0) + b"\0" * 128)


def sli(peer):
    return pptp(15, struct.pack("!HHII", peer, 0, 0xFFFFFFFF, 0xFFFFFFFF))


# ---- PPP and enhanced GRE ----------------------------------------------------

def ppp(proto, payload, acf=True):
    """PPP frame (RFC 1661): address/control unless elided, 2-byte protocol."""
    return (b"\xff\x03" if acf else b"") + struct.pack("!H", proto) + payload


def ctrl(code, ident, data=b""):
    """LCP-style packet: code, identifier, length, data."""
    return struct.pack("!BBH", code, ident, 4 + len(data)) + data


def gre1(call_id, payload, seq=None, ack=None):
    """Enhanced GRE (RFC 2637 4.1): K always, S with a payload, A with an ack."""
    flags = 0x2001
    if seq is not None:
        flags |= 0x1000
    if ack is not None:
        flags |= 0x0080
    h = struct.pack("!HHHH", flags, 0x880B, len(payload), call_id)
    if seq is not None:
        h += struct.pack("!I", seq)
    if ack is not None:
        h += struct.pack("!I", ack)
    return h + payload


class Capture:
    """Frames with a running clock: 1 ms apart unless set with at()."""

    def __init__(self, v6, a, b):
        self.frames = []
        self.ms = 0
        self.v6 = v6
        self.a, self.b = a, b

    def at(self, ms):
        assert ms >= self.ms
        self.ms = ms

    def ip(self, src, dst, proto):
        if self.v6:
            return IPv6(src=src, dst=dst, nh=proto, hlim=64)
        return IP(src=src, dst=dst, proto=proto, id=0x100 + len(self.frames), flags="DF", ttl=64)

    def add(self, pkt, from_a=True):
        if not from_a and len(pkt) < 60:
            pkt = pkt / Padding(b"\0" * (60 - len(pkt)))
        pkt.time = D(T0) + D(self.ms) / 1000
        self.frames.append(pkt)
        self.ms += 1

    def eth(self, from_a):
        return Ether(src=MAC_A if from_a else MAC_B, dst=MAC_B if from_a else MAC_A)

    def gre(self, from_a, call_id, payload, seq=None, ack=None):
        src, dst = (self.a, self.b) if from_a else (self.b, self.a)
        self.add(self.eth(from_a) / self.ip(src, dst, 47) / Raw(gre1(call_id, payload, seq, ack)),
                 from_a)


class Tcp:
    """One TCP connection from the client (a) to the server (b), sequence numbers kept."""

    def __init__(self, cap, cport, sport):
        self.cap = cap
        self.cport, self.sport = cport, sport
        self.seq = {True: 1000, False: 5000}

    def send(self, from_a, flags, data=b""):
        c = self.cap
        src, dst = (c.a, c.b) if from_a else (c.b, c.a)
        sp, dp = (self.cport, self.sport) if from_a else (self.sport, self.cport)
        ack = self.seq[not from_a] if "A" in flags else 0
        seg = TCP(sport=sp, dport=dp, flags=flags, seq=self.seq[from_a], ack=ack, window=65535)
        pkt = c.eth(from_a) / c.ip(src, dst, 6) / seg
        if data:
            pkt = pkt / Raw(data)
        c.add(pkt, from_a)
        self.seq[from_a] += len(data) + (1 if ("S" in flags or "F" in flags) else 0)

    def handshake(self):
        self.send(True, "S")
        self.send(False, "SA")
        self.send(True, "A")

    def close(self):
        self.send(True, "FA")
        self.send(False, "FA")
        self.send(True, "A")


LCP, CHAP, IPCP, IPV4 = 0xC021, 0xC223, 0x8021, 0x0021


def inner_ip(src, dst, n):
    return bytes(IP(src=src, dst=dst, id=n, ttl=64) / UDP(sport=40000, dport=9) /
                 Raw(bytes(range(32))))


def session():
    c = Capture(False, "192.0.2.1", "198.51.100.2")
    pns, pac = 42, 1234
    t = Tcp(c, 40001, 1723)
    t.handshake()
    t.send(True, "PA", sccrq())
    t.send(False, "PA", sccrp())
    c.at(1000)
    t.send(True, "PA", ocrq(pns, 1))
    c.at(1100)
    t.send(False, "PA", ocrp(pac, pns, 1, 0, 0))
    t.send(True, "PA", sli(pac))

    # PPP negotiation in GRE. PNS->PAC carries the PAC's ID, PAC->PNS the PNS's.
    s_to_pac, s_to_pns = 0, 0

    def to_pac(payload, ack=None):
        nonlocal s_to_pac
        c.gre(True, pac, payload, s_to_pac, ack)
        s_to_pac += 1

    def to_pns(payload, ack=None):
        nonlocal s_to_pns
        c.gre(False, pns, payload, s_to_pns, ack)
        s_to_pns += 1

    opts = bytes([1, 4, 0x05, 0xa0, 5, 6, 0x12, 0x34, 0x56, 0x78])  # MRU, magic
    to_pac(ppp(LCP, ctrl(1, 1, opts)))                       # seq 0
    to_pns(ppp(LCP, ctrl(1, 1, opts)), ack=0)                # seq 0
    to_pac(ppp(LCP, ctrl(2, 1, opts)), ack=0)                # seq 1
    to_pns(ppp(LCP, ctrl(2, 1, opts)), ack=1)                # seq 1
    to_pns(ppp(CHAP, ctrl(1, 7, bytes([16]) + bytes(16) + b"pac")), ack=1)  # seq 2
    to_pac(ppp(CHAP, ctrl(2, 7, bytes([49]) + bytes(49) + b"user")), ack=2)  # seq 2
    to_pns(ppp(CHAP, ctrl(3, 7, b"S=ok")), ack=2)            # seq 3
    ipo = bytes([3, 6, 10, 0, 0, 2])
    to_pac(ppp(IPCP, ctrl(1, 1, ipo)), ack=3)                # seq 3
    to_pns(ppp(IPCP, ctrl(1, 1, bytes([3, 6, 10, 0, 0, 1]))), ack=3)  # seq 4
    to_pac(ppp(IPCP, ctrl(2, 1, bytes([3, 6, 10, 0, 0, 1]))), ack=4)  # seq 4
    to_pns(ppp(IPCP, ctrl(2, 1, ipo)), ack=4)                # seq 5

    # data, address/control elided (ACFC negotiated in practice)
    def data_pac(seq, ack):
        c.gre(True, pac, ppp(IPV4, inner_ip("10.0.0.2", "10.0.0.1", seq), acf=False), seq, ack)

    def data_pns(seq, ack):
        c.gre(False, pns, ppp(IPV4, inner_ip("10.0.0.1", "10.0.0.2", seq), acf=False), seq, ack)

    for seq in (5, 6, 8, 10, 9, 11):            # 7 lost, 9 late
        data_pac(seq, 5)
    for seq in (6, 8, 7, 9, 12):                # 10, 11 lost, 7 late
        data_pns(seq, 11)
    c.gre(True, pac, b"", None, 12)              # ack-only
    c.gre(False, pns, b"", None, 11)             # ack-only
    c.gre(False, pns, b"", None, 11)             # ack-only, again

    t.send(False, "PA", echorq(0x77))
    t.send(True, "PA", echorp(0x77))
    t.send(False, "PA", echorq(0x78))
    t.send(True, "PA", echorp(0x78))
    t.send(True, "PA", sli(pac))
    c.at(10000)
    t.send(True, "PA", ccrq(pns))
    c.at(10100)
    t.send(False, "PA", cdn(pac, 4, 0, 16))
    t.send(True, "PA", stopccrq())
    t.send(False, "PA", stopccrp())
    t.close()
    return c.frames


def incoming():
    c = Capture(True, "2001:db8::a", "2001:db8::b")     # a: PAC, b: PNS
    pac, pns = 1911, 85
    t = Tcp(c, 40002, 1723)
    t.handshake()
    t.send(True, "PA", sccrq())
    t.send(False, "PA", sccrp())
    c.at(2000)
    t.send(True, "PA", icrq(pac, 3))
    t.send(False, "PA", icrp(pns, pac, 1))
    c.at(2200)
    t.send(True, "PA", iccn(pns))
    t.send(False, "PA", sli(pac))
    # GRE: PAC (a) -> PNS (b) carries the PNS's ID; PNS -> PAC the PAC's
    for i in range(4):
        c.gre(True, pns, ppp(LCP, ctrl(9, i, b"\0\0\0\0")), i, None if i == 0 else i - 1)
    for i in range(3):
        c.gre(False, pac, ppp(LCP, ctrl(10, i, b"\0\0\0\0")), i, i)
    c.at(5000)
    t.send(True, "PA", cdn(pac, 1, 0, 0))
    t.send(False, "PA", stopccrq())
    t.send(True, "PA", stopccrp())
    t.close()
    return c.frames


def rejected():
    c = Capture(False, "192.0.2.1", "198.51.100.2")
    t = Tcp(c, 40003, 1723)
    t.handshake()
    t.send(True, "PA", sccrq())
    t.send(False, "PA", sccrp())
    c.at(1000)
    t.send(True, "PA", ocrq(7, 1))
    c.at(1050)
    t.send(False, "PA", ocrp(0, 7, 4, 0, 3))
    t.send(True, "PA", stopccrq())
    t.send(False, "PA", stopccrp())
    t.close()
    # a GRE v1 flow nobody announced on a control channel seen here
    o = Capture(False, "203.0.113.5", "203.0.113.6")
    o.ms = c.ms
    for i in range(3):
        o.gre(True, 99, ppp(0x00FD, bytes(20), acf=False), i, None)
    return c.frames + o.frames


def stopped():
    c = Capture(False, "192.0.2.1", "198.51.100.2")      # a: PNS, b: PAC
    t = Tcp(c, 40004, 1723)
    t.handshake()
    t.send(True, "PA", sccrq())
    t.send(False, "PA", sccrp())
    c.at(1000)
    t.send(True, "PA", ocrq(50, 1))
    c.at(1100)
    t.send(False, "PA", ocrp(500, 50, 1, 0, 0))
    c.at(1200)
    t.send(True, "PA", ocrq(51, 2))
    c.at(1300)
    t.send(False, "PA", ocrp(501, 51, 1, 0, 0))
    for i in range(3):
        c.gre(True, 500, ppp(LCP, ctrl(9, i, b"\0\0\0\0")), i, None)
        c.gre(False, 50, ppp(LCP, ctrl(10, i, b"\0\0\0\0")), i, i)
    c.at(3000)
    t.send(True, "PA", ccrq(51))
    c.at(3100)
    t.send(False, "PA", cdn(501, 3, 0, 0))
    c.at(5000)
    t.send(False, "PA", stopccrq(3))                    # the PAC shuts down
    c.at(5001)
    t.send(True, "PA", stopccrp())
    t.close()
    return c.frames


def restart():
    c = Capture(False, "192.0.2.1", "198.51.100.2")      # a: PNS, b: PAC
    t = Tcp(c, 40005, 1723)
    t.handshake()
    t.send(True, "PA", sccrq())
    t.send(False, "PA", sccrp())
    c.at(1000)
    t.send(True, "PA", ocrq(70, 1))
    t.send(False, "PA", ocrp(700, 70, 1, 0, 0))
    # the PNS restarts: a new control connection, no Stop, no CDN
    c.at(4000)
    t2 = Tcp(c, 40006, 1723)
    t2.handshake()
    t2.send(True, "PA", sccrq())
    t2.send(False, "PA", sccrp())
    c.at(4100)
    t2.send(True, "PA", ocrq(71, 2))
    t2.send(False, "PA", ocrp(701, 71, 1, 0, 0))
    return c.frames


def midstream():
    c = Capture(False, "192.0.2.1", "198.51.100.2")      # a: PNS, b: PAC
    t = Tcp(c, 40007, 1723)
    # the capture starts with the call's setup, its connection's start unseen
    t.send(True, "PA", ocrq(80, 1))
    t.send(False, "PA", ocrp(800, 80, 1, 0, 0))
    c.at(2000)
    t2 = Tcp(c, 40008, 1723)
    t2.handshake()
    t2.send(True, "PA", sccrq())
    t2.send(False, "PA", sccrp())
    return c.frames


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    wrpcap(os.path.join(out, "pptp_session.pcap"), session(), linktype=1)
    wrpcap(os.path.join(out, "pptp_incoming.pcap"), incoming(), linktype=1)
    wrpcap(os.path.join(out, "pptp_rejected.pcap"), rejected(), linktype=1)
    wrpcap(os.path.join(out, "pptp_stopped.pcap"), stopped(), linktype=1)
    wrpcap(os.path.join(out, "pptp_restart.pcap"), restart(), linktype=1)
    wrpcap(os.path.join(out, "pptp_midstream.pcap"), midstream(), linktype=1)


if __name__ == "__main__":
    main()
