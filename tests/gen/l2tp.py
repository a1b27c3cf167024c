#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Write L2TP captures built from the RFCs (real L2TPv2 control captures are rare).

Usage: /usr/bin/python3 tests/gen/l2tp.py OUTDIR

Writes, deterministically (fixed addresses, IDs and timestamps):

  OUTDIR/l2tp_v2_tunnel.pcap  one L2TPv2 tunnel over UDP 1701 between a LAC
      (192.0.2.1) and an LNS (192.0.2.2), RFC 2661 sections 5.1, 5.2, 5.7,
      5.8, 6 and 7: SCCRQ (8 AVPs), SCCRP, SCCCN, ZLB, ICRQ, ICRP, ICCN, ZLB,
      data messages carrying PPP (LCP, IPv4 TCP, IPv4 UDP, IPv6 ICMPv6) with
      the L, S, O and P bits in several combinations, HELLO, ZLB, the same
      HELLO retransmitted (the ZLB that acked it was lost beyond the capture
      point), ZLB, CDN (result 3), ZLB, StopCCN (result 1), ZLB.

  OUTDIR/l2tp_v3.pcap  L2TPv3 (RFC 3931): a control connection over IP
      (protocol 115, Session ID 0 then the control header) between
      198.51.100.1 and 198.51.100.2 with SCCRQ, SCCRP, SCCCN, ICRQ, ICRP,
      ICCN, data messages over IP, HELLO, ACK, CDN, StopCCN; then a control
      connection over UDP 1701 with IPv6 outer addresses (2001:db8::1,
      2001:db8::2): SCCRQ, SCCRP, SCCCN, ZLB, data over UDP, StopCCN.

tests/l2tp.t.sh replays both, asserts the tables exactly and compares the
per-(tunnel, session) packet counts and the message type counts with
tshark's.

Layouts (all fields big-endian):
  v2 header: flags/ver(2) [Length(2)] Tunnel ID(2) Session ID(2)
             [Ns(2) Nr(2)] [Offset Size(2) pad]; T=0x8000 L=0x4000 S=0x0800
             O=0x0200 P=0x0100, version 2
  v3 control: flags/ver(2)=0xC803 Length(2) CCID(4) Ns(2) Nr(2)
  v3 data over IP: Session ID(4); over UDP: flags/ver(2)=0x0003 reserved(2)
             Session ID(4); no cookie here
  AVP: M(1) H(1) rsvd(4) Length(10) Vendor(2) Type(2) value
"""
import os
import struct
import sys

from scapy.all import (ICMPv6EchoRequest, IP, IPv6, TCP, UDP, Ether, Raw, conf,
                       wrpcap)

conf.verb = 0

T, L, S, O, P = 0x8000, 0x4000, 0x0800, 0x0200, 0x0100
BASE = 1700000000          # 2023-11-14T22:13:20Z
STEP = 0.125               # seconds between frames (exact in binary)

# IETF AVP types (RFC 2661 4.4, RFC 3931 5.4)
AVP_MSG_TYPE, AVP_RESULT, AVP_PROTO_VER, AVP_FRAMING_CAP, AVP_BEARER_CAP = 0, 1, 2, 3, 4
AVP_FIRMWARE, AVP_HOST_NAME, AVP_VENDOR_NAME, AVP_TUNNEL_ID, AVP_RWS = 6, 7, 8, 9, 10
AVP_SESSION_ID, AVP_CALL_SERIAL, AVP_FRAMING_TYPE, AVP_TX_SPEED = 14, 15, 19, 24
AVP_CCID, AVP_LOCAL_SID, AVP_REMOTE_SID, AVP_PW_CAPS, AVP_ROUTER_ID = 61, 63, 64, 62, 60
AVP_PW_TYPE = 68
PW_ETHERNET = 5                # RFC 4719

SCCRQ, SCCRP, SCCCN, STOPCCN, HELLO = 1, 2, 3, 4, 6
ICRQ, ICRP, ICCN, CDN, ACK = 10, 11, 12, 14, 20


def avp(typ, value, mandatory=True, hidden=False, vendor=0):
    """One AVP: its Length counts the 6-byte header (RFC 2661 4.1)."""
    length = 6 + len(value)
    assert length <= 0x3FF
    bits = (0x8000 if mandatory else 0) | (0x4000 if hidden else 0)
    return struct.pack('!HHH', bits | length, vendor, typ) + value


def u16(v):
    return struct.pack('!H', v)


def u32(v):
    return struct.pack('!I', v)


def msg_type(t):
    return avp(AVP_MSG_TYPE, u16(t))


def result(code, error=None):
    return avp(AVP_RESULT, u16(code) + (u16(error) if error is not None else b''))


def v2_control(tid, sid, ns, nr, avps):
    """Control message: T, L and S set, O and P clear (RFC 2661 3.1)."""
    body = b''.join(avps)
    return struct.pack('!HHHHHH', T | L | S | 2, 12 + len(body), tid, sid, ns, nr) + body


def v2_data(tid, sid, payload, flags=0, ns=0, nr=0, offset_pad=None):
    """Data message with the optional fields its flags ask for."""
    hdr = b''
    if flags & S:
        hdr += struct.pack('!HH', ns, nr)
    if flags & O:
        hdr += u16(len(offset_pad)) + offset_pad
    fixed = struct.pack('!HH', tid, sid)
    if flags & L:
        total = 2 + 2 + len(fixed) + len(hdr) + len(payload)
        return struct.pack('!HH', flags | 2, total) + fixed + hdr + payload
    return u16(flags | 2) + fixed + hdr + payload


def v3_control(ccid, ns, nr, avps):
    body = b''.join(avps)
    return struct.pack('!HHIHH', T | L | S | 3, 12 + len(body), ccid, ns, nr) + body


def ppp(proto, info, acf=True):
    """A PPP frame as L2TP carries it: HDLC address/control, protocol (RFC 2661 2)."""
    return (b'\xff\x03' if acf else b'') + u16(proto) + info


class Capture:
    def __init__(self):
        self.frames = []

    def add(self, pkt):
        pkt.time = BASE + STEP * len(self.frames)
        self.frames.append(pkt)


def udp4(src, dst, payload, sport=1701, dport=1701):
    return (Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02') /
            IP(src=src, dst=dst, id=1, ttl=64) / UDP(sport=sport, dport=dport) / Raw(payload))


def v2_tunnel():
    lac, lns = '192.0.2.1', '192.0.2.2'
    lac_tid, lns_tid = 17, 42          # Assigned Tunnel IDs (each peer's own)
    lac_sid, lns_sid = 5, 9            # Assigned Session IDs
    c = Capture()

    def to_lns(payload):
        c.add(udp4(lac, lns, payload))

    def to_lac(payload):
        c.add(udp4(lns, lac, payload))

    # 5.1: control connection establishment. SCCRQ (6.1) with 8 AVPs; the
    # Tunnel ID in its header is 0, the peer has assigned none yet.
    sccrq_avps = [
        msg_type(SCCRQ),
        avp(AVP_PROTO_VER, b'\x01\x00'),                   # version 1 revision 0
        avp(AVP_FRAMING_CAP, u32(0x3)),                    # sync and async
        avp(AVP_BEARER_CAP, u32(0x3)),                     # digital and analog
        avp(AVP_HOST_NAME, b'lac.example'),
        avp(AVP_VENDOR_NAME, b'tunnelstat-test', mandatory=False),
        avp(AVP_TUNNEL_ID, u16(lac_tid)),
        avp(AVP_RWS, u16(4)),
    ]
    assert len(sccrq_avps) == 8
    to_lns(v2_control(0, 0, 0, 0, sccrq_avps))                                    # 1
    to_lac(v2_control(lac_tid, 0, 0, 1, [                                         # 2 SCCRP (6.2)
        msg_type(SCCRP), avp(AVP_PROTO_VER, b'\x01\x00'), avp(AVP_FRAMING_CAP, u32(0x3)),
        avp(AVP_HOST_NAME, b'lns.example'), avp(AVP_TUNNEL_ID, u16(lns_tid)),
        avp(AVP_RWS, u16(8))]))
    to_lns(v2_control(lns_tid, 0, 1, 1, [msg_type(SCCCN)]))                       # 3 SCCCN (6.3)
    to_lac(v2_control(lac_tid, 0, 1, 2, []))                                      # 4 ZLB ack (5.8)

    # 5.2.1 incoming call: ICRQ (6.6), ICRP (6.7), ICCN (6.8)
    to_lns(v2_control(lns_tid, 0, 2, 1, [
        msg_type(ICRQ), avp(AVP_SESSION_ID, u16(lac_sid)), avp(AVP_CALL_SERIAL, u32(1))]))  # 5
    to_lac(v2_control(lac_tid, lac_sid, 1, 3, [
        msg_type(ICRP), avp(AVP_SESSION_ID, u16(lns_sid))]))                      # 6
    to_lns(v2_control(lns_tid, lns_sid, 3, 2, [
        msg_type(ICCN), avp(AVP_TX_SPEED, u32(64000)), avp(AVP_FRAMING_TYPE, u32(0x1))]))  # 7
    to_lac(v2_control(lac_tid, 0, 2, 4, []))                                      # 8 ZLB

    # data messages (RFC 2661 3.1): the header names the receiver's IDs
    lcp_req = bytes([1, 1, 0, 8, 1, 4, 0x05, 0xDC])                               # Configure-Request, MRU 1500
    to_lns(v2_data(lns_tid, lns_sid, ppp(0xC021, lcp_req)))                       # 9: no optional field
    ip_tcp = bytes(IP(src='10.1.0.1', dst='10.1.0.2', id=7) /
                   TCP(sport=40000, dport=80, flags='S', seq=1000))
    to_lns(v2_data(lns_tid, lns_sid, ppp(0x0021, ip_tcp), flags=L))               # 10: L
    ip_udp = bytes(IP(src='10.1.0.2', dst='10.1.0.1', id=8) /
                   UDP(sport=53, dport=40001) / Raw(b'\x12\x34\x81\x80' + b'\x00' * 8))
    to_lac(v2_data(lac_tid, lac_sid, ppp(0x0021, ip_udp), flags=L | S, ns=0, nr=0))  # 11: L S
    to_lac(v2_data(lac_tid, lac_sid, ppp(0x0021, ip_udp), flags=S | O, ns=1, nr=0,
                   offset_pad=b'\x00' * 4))                                       # 12: S O
    ip6_icmp = bytes(IPv6(src='2001:db8:1::1', dst='2001:db8:1::2') /
                     ICMPv6EchoRequest(id=1, seq=1))
    to_lns(v2_data(lns_tid, lns_sid, ppp(0x0057, ip6_icmp), flags=L | O | P,
                   offset_pad=b''))                                               # 13: L O P, offset 0

    # 5.5 keepalive: HELLO (6.5), its ZLB, then the HELLO again: the LNS did
    # not get the ZLB and retransmits (5.8) with the same Ns.
    to_lac(v2_control(lac_tid, 0, 2, 4, [msg_type(HELLO)]))                       # 14
    to_lns(v2_control(lns_tid, 0, 4, 3, []))                                      # 15 ZLB
    to_lac(v2_control(lac_tid, 0, 2, 4, [msg_type(HELLO)]))                       # 16 retransmission
    to_lns(v2_control(lns_tid, 0, 4, 3, []))                                      # 17 ZLB again

    # 5.7 teardown: CDN (6.12) from the LAC, named by the LNS's Session ID;
    # result 3, "disconnected for administrative reasons" (4.4.2)
    to_lns(v2_control(lns_tid, lns_sid, 4, 3, [
        msg_type(CDN), result(3), avp(AVP_SESSION_ID, u16(lac_sid))]))            # 18
    to_lac(v2_control(lac_tid, 0, 3, 5, []))                                      # 19 ZLB
    # StopCCN (6.4), result 1 "general request to clear control connection"
    to_lns(v2_control(lns_tid, 0, 5, 3, [
        msg_type(STOPCCN), avp(AVP_TUNNEL_ID, u16(lac_tid)), result(1, 0)]))      # 20
    to_lac(v2_control(lac_tid, 0, 3, 6, []))                                      # 21 ZLB
    return c.frames


def v3():
    a, b = '198.51.100.1', '198.51.100.2'
    a_cc, b_cc = 0x0A0A0001, 0x0B0B0002        # Assigned Control Connection IDs
    a_sid, b_sid = 0x00001001, 0x00002002      # Local Session IDs
    c = Capture()
    eth = Ether(src='02:00:00:00:00:03', dst='02:00:00:00:00:04')

    def ip(src, dst, payload):
        c.add(eth / IP(src=src, dst=dst, id=2, proto=115) / Raw(payload))

    def ctrl(src, dst, ccid, ns, nr, avps):
        ip(src, dst, b'\x00\x00\x00\x00' + v3_control(ccid, ns, nr, avps))

    # RFC 3931 3.3: control connection, then 3.4.1 an incoming call
    ctrl(a, b, 0, 0, 0, [msg_type(SCCRQ), avp(AVP_HOST_NAME, b'lcce-a'),
                         avp(AVP_ROUTER_ID, u32(1)), avp(AVP_CCID, u32(a_cc)),
                         avp(AVP_PW_CAPS, u16(PW_ETHERNET))])
    ctrl(b, a, a_cc, 0, 1, [msg_type(SCCRP), avp(AVP_HOST_NAME, b'lcce-b'),
                            avp(AVP_ROUTER_ID, u32(2)), avp(AVP_CCID, u32(b_cc)),
                            avp(AVP_PW_CAPS, u16(PW_ETHERNET))])
    ctrl(a, b, b_cc, 1, 1, [msg_type(SCCCN)])
    # explicit ACK (RFC 3931 5.3, 6.15): like a ZLB it carries the next Ns
    # without taking it, so the ICRP below has the same Ns
    ctrl(b, a, a_cc, 1, 2, [msg_type(ACK)])
    ctrl(a, b, b_cc, 2, 2, [msg_type(ICRQ), avp(AVP_LOCAL_SID, u32(a_sid)),
                            avp(AVP_REMOTE_SID, u32(0)), avp(AVP_CALL_SERIAL, u32(7)),
                            avp(AVP_PW_TYPE, u16(PW_ETHERNET))])
    ctrl(b, a, a_cc, 1, 3, [msg_type(ICRP), avp(AVP_LOCAL_SID, u32(b_sid)),
                            avp(AVP_REMOTE_SID, u32(a_sid))])
    ctrl(a, b, b_cc, 3, 3, [msg_type(ICCN), avp(AVP_LOCAL_SID, u32(a_sid)),
                            avp(AVP_REMOTE_SID, u32(b_sid))])
    # data over IP: the receiver's Session ID, no cookie, an Ethernet frame
    frame = bytes(Ether(src='02:aa:00:00:00:01', dst='02:bb:00:00:00:01') /
                  IP(src='10.9.0.1', dst='10.9.0.2') / UDP(sport=1000, dport=2000))
    ip(a, b, u32(b_sid) + frame)
    ip(b, a, u32(a_sid) + frame)
    ip(a, b, u32(b_sid) + frame)
    ctrl(b, a, a_cc, 2, 4, [msg_type(HELLO)])
    ctrl(a, b, b_cc, 4, 4, [msg_type(CDN), result(1), avp(AVP_LOCAL_SID, u32(a_sid)),
                            avp(AVP_REMOTE_SID, u32(b_sid))])
    ctrl(b, a, a_cc, 3, 5, [msg_type(STOPCCN), result(1), avp(AVP_CCID, u32(b_cc))])

    # v3 over UDP with IPv6 outer addresses (RFC 3931 4.1.2)
    x, y = '2001:db8::1', '2001:db8::2'
    x_cc, y_cc = 7, 9

    def u6(src, dst, payload):
        c.add(Ether(src='02:00:00:00:00:05', dst='02:00:00:00:00:06') /
              IPv6(src=src, dst=dst) / UDP(sport=1701, dport=1701) / Raw(payload))

    u6(x, y, v3_control(0, 0, 0, [msg_type(SCCRQ), avp(AVP_HOST_NAME, b'x'),
                                  avp(AVP_ROUTER_ID, u32(3)), avp(AVP_CCID, u32(x_cc))]))
    u6(y, x, v3_control(x_cc, 0, 1, [msg_type(SCCRP), avp(AVP_HOST_NAME, b'y'),
                                     avp(AVP_ROUTER_ID, u32(4)), avp(AVP_CCID, u32(y_cc))]))
    u6(x, y, v3_control(y_cc, 1, 1, [msg_type(SCCCN)]))
    u6(y, x, v3_control(x_cc, 1, 2, []))                                          # ZLB
    u6(x, y, struct.pack('!HHI', 3, 0, 0x00030003) + b'\x00' * 16)               # data
    u6(x, y, v3_control(y_cc, 2, 1, [msg_type(STOPCCN), result(2, 6),
                                     avp(AVP_CCID, u32(x_cc))]))
    return c.frames


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    wrpcap(os.path.join(out, 'l2tp_v2_tunnel.pcap'), v2_tunnel())
    wrpcap(os.path.join(out, 'l2tp_v3.pcap'), v3())


if __name__ == '__main__':
    main()
