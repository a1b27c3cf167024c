#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Write the IPsec test captures (tests/ipsec.t.sh replays them).

Usage: /usr/bin/python3 tests/gen/ipsec.py OUTDIR

Deterministic: fixed addresses, SPIs and timestamps, so the same bytes
every run. Writes three captures:

ipsec_sa.pcap    sequence runs, one per SA: ESP over IPv4 (both directions),
                 ESP over IPv6, ESP in UDP 4500, AH over IPv4 (transport,
                 ICMP inside) and AH over IPv6 (tunnel mode, IPv6 inside).
                 Every SA runs the same numbers, SEQ_RUN below: one gap,
                 one duplicate, one reorder, one too-old packet and one
                 restart, so each SA must end with gaps 1, duplicates 1,
                 reordered 1, too_old 1, restarts 1, seq_max 5, 155 packets.
                 Then a rekey in both directions between REKEY_A and
                 REKEY_B (the old SPI goes quiet while the new one carries
                 on), and two child SAs side by side between PAR_A and
                 PAR_B that are not a rekey.
ipsec_ike.pcap   IKEv1 Main Mode + Quick Mode + Informational on 500;
                 IKEv2 IKE_SA_INIT on 500, then IKE_AUTH, CREATE_CHILD_SA
                 and INFORMATIONAL floated to 4500 behind the non-ESP
                 marker, with NAT keepalives and ESP in UDP; an IKEv2 IKE
                 SA rekeyed (a new initiator SPI takes over); IKEv1 over
                 IPv6 floating to 4500 half way through Main Mode.
ipsec_ports.pcap IKE on UDP 1500 and NAT-T on UDP 14500: counted only with
                 --ike-port 1500 --natt-port 14500.
"""
import os
import struct
import sys

from scapy.all import (ICMP, IP, TCP, UDP, Ether, ICMPv6EchoRequest, IPv6, Raw,
                       conf, wrpcap)
from scapy.layers.ipsec import AH, ESP

conf.verb = 0

MAC_A, MAC_B = "02:00:00:00:00:01", "02:00:00:00:00:02"
# Documentation addresses (RFC 5737, RFC 3849).
V4_A, V4_B = "192.0.2.1", "198.51.100.2"
V4_C, V4_D = "192.0.2.10", "203.0.113.20"      # NAT-T peers
V6_A, V6_B = "2001:db8::1", "2001:db8::2"
REKEY_A, REKEY_B = "192.0.2.30", "198.51.100.30"
PAR_A, PAR_B = "192.0.2.40", "198.51.100.40"
T0 = 1700000000.0

# One SA's sequence numbers (see tests/test_ipsec.c, the same run):
# 6 never comes (a gap once it leaves the 64-number window), 8 twice
# (duplicate), 10 before 9 (reordered), 70 after 150 (too old), then 1
# again (restart) and 4 still missing but inside the window (no gap yet).
SEQ_RUN = ([1, 2, 3, 4, 5, 7, 8, 8, 10, 9] + list(range(11, 151)) +
           [70, 1, 2, 3, 5])
assert len(SEQ_RUN) == 155


def eth():
    return Ether(src=MAC_A, dst=MAC_B)


def esp_payload(seq):
    """Opaque ciphertext: 32 bytes that vary with the sequence."""
    return bytes((seq * 7 + i) & 0xFF for i in range(32))


def esp4(src, dst, spi, seq):
    return eth() / IP(src=src, dst=dst) / ESP(spi=spi, seq=seq, data=esp_payload(seq))


def esp6(src, dst, spi, seq):
    return eth() / IPv6(src=src, dst=dst) / ESP(spi=spi, seq=seq, data=esp_payload(seq))


def esp_udp(src, dst, spi, seq, sport=4500, dport=4500):
    return (eth() / IP(src=src, dst=dst) / UDP(sport=sport, dport=dport) /
            ESP(spi=spi, seq=seq, data=esp_payload(seq)))


def ah4(src, dst, spi, seq):
    """AH transport mode over an ICMP echo; ICV 12 bytes (length 4)."""
    return (eth() / IP(src=src, dst=dst) /
            AH(spi=spi, seq=seq, nh=1, payloadlen=4, icv=b"\x5a" * 12) /
            ICMP(id=1, seq=seq))


def ah6_tunnel(src, dst, spi, seq):
    """AH tunnel mode over IPv6: inner IPv6 + ICMPv6 echo."""
    return (eth() / IPv6(src=src, dst=dst) /
            AH(spi=spi, seq=seq, nh=41, payloadlen=4, icv=b"\x5a" * 12) /
            IPv6(src="2001:db8:1::1", dst="2001:db8:2::1") / ICMPv6EchoRequest(seq=seq))


# The six SAs of the sequence runs: (builder, SPI).
RUN_SAS = [
    (lambda s: esp4(V4_A, V4_B, 0x0000C001, s), "esp", 0x0000C001),
    (lambda s: esp4(V4_B, V4_A, 0x0000C002, s), "esp", 0x0000C002),
    (lambda s: esp6(V6_A, V6_B, 0x0000C003, s), "esp", 0x0000C003),
    (lambda s: esp_udp(V4_C, V4_D, 0x0000C004, s), "esp", 0x0000C004),
    (lambda s: ah4(V4_A, V4_B, 0x0000A001, s), "ah", 0x0000A001),
    (lambda s: ah6_tunnel(V6_A, V6_B, 0x0000A002, s), "ah", 0x0000A002),
]


def stamp(pkt, t):
    pkt.time = T0 + t
    return pkt


def sa_capture():
    out = []
    t = 0.0
    # the runs, interleaved: packet i of every SA in turn
    for seq in SEQ_RUN:
        for build, _, _ in RUN_SAS:
            out.append(stamp(build(seq), t))
            t += 0.001
    # Rekey at 100 s: d001 (A->B) and d101 (B->A) carry traffic from 100 s
    # to 130 s; d002/d102 start at 125 s and run to 160 s.
    for sec in range(100, 161):
        if sec <= 130:
            out.append(stamp(esp4(REKEY_A, REKEY_B, 0x0000D001, sec - 99), sec))
            out.append(stamp(esp4(REKEY_B, REKEY_A, 0x0000D101, sec - 99), sec + 0.0005))
        if sec >= 125:
            out.append(stamp(esp4(REKEY_A, REKEY_B, 0x0000D002, sec - 124), sec + 0.001))
            out.append(stamp(esp4(REKEY_B, REKEY_A, 0x0000D102, sec - 124), sec + 0.0015))
        # two child SAs side by side, both to the end: no rekey
        out.append(stamp(esp4(PAR_A, PAR_B, 0x0000E001, sec - 99), sec + 0.002))
        if sec >= 110:
            out.append(stamp(esp4(PAR_A, PAR_B, 0x0000E002, sec - 109), sec + 0.0025))
    out.sort(key=lambda p: p.time)
    return out


# ---- IKE -------------------------------------------------------------------

def isakmp(ispi, rspi, version, xchg, flags, msgid):
    """ISAKMP header + one Vendor ID payload (16 bytes of data)."""
    vid_type = 13 if version >> 4 == 1 else 43
    vid = struct.pack("!BBH", 0, 0, 20) + bytes(range(16))
    hdr = struct.pack("!QQBBBBII", ispi, rspi, vid_type, version, xchg, flags, msgid,
                      28 + len(vid))
    return hdr + vid


def ike4(src, dst, data, sport=500, dport=500, marker=False):
    payload = (b"\x00\x00\x00\x00" if marker else b"") + data
    return eth() / IP(src=src, dst=dst) / UDP(sport=sport, dport=dport) / Raw(payload)


def ike6(src, dst, data, sport=500, dport=500, marker=False):
    payload = (b"\x00\x00\x00\x00" if marker else b"") + data
    return eth() / IPv6(src=src, dst=dst) / UDP(sport=sport, dport=dport) / Raw(payload)


V1_I, V1_R = 0x1111111111111111, 0x2222222222222222
V2_I, V2_R = 0x3333333333333333, 0x4444444444444444
V2_NEW_I, V2_NEW_R = 0x5555555555555555, 0x6666666666666666
V6_I, V6_R = 0x7777777777777777, 0x8888888888888888
I_FLAG, R_FLAG = 0x08, 0x20


def ike_capture():
    out = []

    def add(p, t):
        out.append(stamp(p, t))

    # IKEv1 between A (initiator) and B on 500: Main Mode (6), Quick Mode (3),
    # Informational (1).
    t = 0.0
    for i in range(6):
        a_to_b = i % 2 == 0
        rspi = 0 if i == 0 else V1_R
        src, dst = (V4_A, V4_B) if a_to_b else (V4_B, V4_A)
        add(ike4(src, dst, isakmp(V1_I, rspi, 0x10, 2, 0x01 if i >= 4 else 0, 0)), t)
        t += 0.01
    for i in range(3):
        src, dst = (V4_A, V4_B) if i % 2 == 0 else (V4_B, V4_A)
        add(ike4(src, dst, isakmp(V1_I, V1_R, 0x10, 32, 0x01, 0xABCD0001)), t)
        t += 0.01
    add(ike4(V4_B, V4_A, isakmp(V1_I, V1_R, 0x10, 5, 0x01, 0xABCD0002)), t)

    # IKEv2 between C (initiator, behind a NAT: source port 4500 <- 62000)
    # and D: IKE_SA_INIT on 500, the rest on 4500 with the marker.
    t = 10.0
    add(ike4(V4_C, V4_D, isakmp(V2_I, 0, 0x20, 34, I_FLAG, 0)), t)
    add(ike4(V4_D, V4_C, isakmp(V2_I, V2_R, 0x20, 34, R_FLAG, 0)), t + 0.01)
    natt = [(35, 1), (36, 2), (37, 3)]
    t += 0.1
    for xchg, msgid in natt:
        add(ike4(V4_C, V4_D, isakmp(V2_I, V2_R, 0x20, xchg, I_FLAG, msgid), 62000, 4500, True), t)
        add(ike4(V4_D, V4_C, isakmp(V2_I, V2_R, 0x20, xchg, R_FLAG, msgid), 4500, 62000, True),
            t + 0.01)
        t += 0.1
    # ESP in UDP on the floated ports, and keepalives from the NATed side
    for seq in range(1, 11):
        add(esp_udp(V4_C, V4_D, 0x0000F001, seq, 62000, 4500), t)
        t += 0.01
    for _ in range(3):
        add(eth() / IP(src=V4_C, dst=V4_D) / UDP(sport=62000, dport=4500) / Raw(b"\xff"), t)
        t += 1.0
    # the IKE SA lives on until 52 s; its rekeyed successor from 50 s to 100 s
    add(ike4(V4_C, V4_D, isakmp(V2_I, V2_R, 0x20, 37, I_FLAG, 4), 62000, 4500, True), 52.0)
    for k, sec in enumerate(range(50, 101, 10)):
        add(ike4(V4_D, V4_C, isakmp(V2_NEW_I, V2_NEW_R, 0x20, 37, I_FLAG, k), 4500, 62000, True),
            float(sec))
        add(ike4(V4_C, V4_D, isakmp(V2_NEW_I, V2_NEW_R, 0x20, 37, R_FLAG, k), 62000, 4500, True),
            sec + 0.01)

    # IKEv1 over IPv6, NAT detected: Main Mode 1-4 on 500, 5-6 and Quick Mode
    # on 4500.
    t = 200.0
    for i in range(6):
        a_to_b = i % 2 == 0
        src, dst = (V6_A, V6_B) if a_to_b else (V6_B, V6_A)
        rspi = 0 if i == 0 else V6_R
        data = isakmp(V6_I, rspi, 0x10, 2, 0x01 if i >= 4 else 0, 0)
        if i < 4:
            add(ike6(src, dst, data), t)
        else:
            add(ike6(src, dst, data, 4500, 4500, True), t)
        t += 0.01
    for i in range(3):
        src, dst = (V6_A, V6_B) if i % 2 == 0 else (V6_B, V6_A)
        add(ike6(src, dst, isakmp(V6_I, V6_R, 0x10, 32, 0x01, 0x100), 4500, 4500, True), t)
        t += 0.01
    out.sort(key=lambda p: p.time)
    return out


def ports_capture():
    out = []
    out.append(stamp(ike4(V4_A, V4_B, isakmp(V2_I, 0, 0x20, 34, I_FLAG, 0), 1500, 1500), 0))
    out.append(stamp(ike4(V4_B, V4_A, isakmp(V2_I, V2_R, 0x20, 34, R_FLAG, 0), 1500, 1500), 0.1))
    out.append(stamp(ike4(V4_A, V4_B, isakmp(V2_I, V2_R, 0x20, 35, I_FLAG, 1), 14500, 14500,
                          True), 0.2))
    out.append(stamp(eth() / IP(src=V4_A, dst=V4_B) / UDP(sport=14500, dport=14500) /
                     Raw(b"\xff"), 0.3))
    out.append(stamp(esp_udp(V4_A, V4_B, 0x0000B001, 1, 14500, 14500), 0.4))
    out.append(stamp(esp_udp(V4_A, V4_B, 0x0000B001, 2, 14500, 14500), 0.5))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    wrpcap(os.path.join(d, "ipsec_sa.pcap"), sa_capture())
    wrpcap(os.path.join(d, "ipsec_ike.pcap"), ike_capture())
    wrpcap(os.path.join(d, "ipsec_ports.pcap"), ports_capture())


if __name__ == "__main__":
    main()
