#!/usr/bin/python3
"""Generate the TCP handshake test captures (issue 6).

tcp.py OUT.pcap   handshakes, refusals, retransmissions, invalid flags,
                  TCP inside GRE v0 and PPTP, IPv6, and a SYN flood.
Timestamps are fixed, so every count (and every RTT bucket) is exact.
The expected values are asserted by tests/tcp.t.sh.
"""
import sys
from scapy.all import Ether, IP, IPv6, TCP, GRE, PPP, Raw, wrpcap

out = sys.argv[1]
pkts = []
T0 = 1700000000.0


def add(t, p):
    p.time = T0 + t
    pkts.append(p)


E = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
C, S = "10.1.0.1", "10.1.0.2"

# 1. three completed handshakes to S:1723, SYN->SYN-ACK 3 ms (bucket 11:
#    2048-4095 us), SYN-ACK->ACK 100 us (bucket 6: 64-127 us); then FIN both ways
for i in range(3):
    t = 1.0 + i
    sp = 40000 + i
    add(t, E / IP(src=C, dst=S) / TCP(sport=sp, dport=1723, flags="S", seq=1000))
    add(t + 0.003, E / IP(src=S, dst=C) / TCP(sport=1723, dport=sp, flags="SA", seq=5000, ack=1001))
    add(t + 0.0031, E / IP(src=C, dst=S) / TCP(sport=sp, dport=1723, flags="A", seq=1001, ack=5001))
    add(t + 0.5, E / IP(src=C, dst=S) / TCP(sport=sp, dport=1723, flags="FA", seq=1001, ack=5001))
    add(t + 0.501, E / IP(src=S, dst=C) / TCP(sport=1723, dport=sp, flags="FA", seq=5001, ack=1002))

# 2. refused: SYN to port 80 answered by RST-ACK
add(5.0, E / IP(src=C, dst=S) / TCP(sport=41000, dport=80, flags="S", seq=1))
add(5.001, E / IP(src=S, dst=C) / TCP(sport=80, dport=41000, flags="RA", seq=0, ack=2))

# 3. SYN retransmitted twice, never answered (expired at the end of the capture)
for k, dt in enumerate((0.0, 1.0, 3.0)):
    add(6.0 + dt, E / IP(src=C, dst=S) / TCP(sport=42000, dport=443, flags="S", seq=77))

# 4. SYN-ACK never acknowledged (half-open on the server side, expired)
add(10.0, E / IP(src=C, dst=S) / TCP(sport=43000, dport=443, flags="S", seq=1))
add(10.002, E / IP(src=S, dst=C) / TCP(sport=443, dport=43000, flags="SA", seq=9, ack=2))

# 5. invalid flag combinations, each once, to port 8080 (no service known:
#    counted as flags only)
for fl in ("SF", "SR", "", "F", "FPU"):
    add(11.0, E / IP(src=C, dst=S) / TCP(sport=44000, dport=8080, flags=fl))

# 6. IPv6 handshake completed to [2001:db8::2]:22
C6, S6 = "2001:db8::1", "2001:db8::2"
add(12.0, E / IPv6(src=C6, dst=S6) / TCP(sport=45000, dport=22, flags="S"))
add(12.001, E / IPv6(src=S6, dst=C6) / TCP(sport=22, dport=45000, flags="SA", ack=1))
add(12.002, E / IPv6(src=C6, dst=S6) / TCP(sport=45000, dport=22, flags="A", seq=1, ack=1))

# 7. inner: a completed handshake inside GRE v0 (key 7) to 192.168.9.2:80
G = E / IP(src="203.0.113.1", dst="203.0.113.2") / GRE(key_present=1, key=7, proto=0x0800)
Gr = E / IP(src="203.0.113.2", dst="203.0.113.1") / GRE(key_present=1, key=7, proto=0x0800)
add(13.0, G / IP(src="192.168.9.1", dst="192.168.9.2") / TCP(sport=46000, dport=80, flags="S"))
add(13.004, Gr / IP(src="192.168.9.2", dst="192.168.9.1") / TCP(sport=80, dport=46000, flags="SA", ack=1))
add(13.005, G / IP(src="192.168.9.1", dst="192.168.9.2") / TCP(sport=46000, dport=80, flags="A", seq=1, ack=1))

# 8. inner: a SYN inside PPTP's enhanced GRE (call 33) carrying PPP/IPv4, to 192.168.9.2:80
ppp = bytes.fromhex("ff030021")
syn = bytes(IP(src="192.168.50.7", dst="192.168.9.2") / TCP(sport=47000, dport=80, flags="S"))
payload = ppp + syn
hdr = bytes.fromhex("3001880b") + len(payload).to_bytes(2, "big") + (33).to_bytes(2, "big") + (1).to_bytes(4, "big")
add(14.0, E / IP(src="203.0.113.9", dst="203.0.113.2", proto=47) / Raw(hdr + payload))

# 8b. a completed handshake inside PPTP to 192.168.9.3:8080: each direction
#     carries the peer's Call ID (RFC 2637 4.1), 200 towards the PAC, 100 back
def pptp(t, src, dst, call, inner, seq):
    body = bytes.fromhex("ff030021") + bytes(inner)
    gre = bytes.fromhex("3001880b") + len(body).to_bytes(2, "big") + call.to_bytes(2, "big") + seq.to_bytes(4, "big")
    add(t, E / IP(src=src, dst=dst, proto=47) / Raw(gre + body))


pptp(15.0, "203.0.113.9", "203.0.113.2", 200,
     IP(src="192.168.50.7", dst="192.168.9.3") / TCP(sport=48000, dport=8080, flags="S", seq=70), 1)
pptp(15.002, "203.0.113.2", "203.0.113.9", 100,
     IP(src="192.168.9.3", dst="192.168.50.7") / TCP(sport=8080, dport=48000, flags="SA", seq=900, ack=71), 1)
pptp(15.003, "203.0.113.9", "203.0.113.2", 200,
     IP(src="192.168.50.7", dst="192.168.9.3") / TCP(sport=48000, dport=8080, flags="A", seq=71, ack=901), 2)

# 8c. the SYN-ACK lost on its way: the client repeats its SYN (same ISN) after
#     the server answered, the server answers again, then the ACK: one attempt
for dt, fl, src, dst, sp, dp, sq, ak in ((0, "S", C, S, 49000, 25, 300, 0),
                                        (0.001, "SA", S, C, 25, 49000, 800, 301),
                                        (1.0, "S", C, S, 49000, 25, 300, 0),
                                        (1.001, "SA", S, C, 25, 49000, 800, 301),
                                        (1.002, "A", C, S, 49000, 25, 301, 801)):
    add(16.0 + dt, E / IP(src=src, dst=dst) / TCP(sport=sp, dport=dp, flags=fl, seq=sq, ack=ak))

# 9. SYN flood on S:1723 from 1200 sources within 0.6 s: one event
for i in range(1200):
    src = "172.16.%d.%d" % (i // 200, i % 200 + 1)
    add(20.0 + i * 0.0005, E / IP(src=src, dst=S) / TCP(sport=1024 + i, dport=1723, flags="S"))

# 10. a last frame at t=30 sets "now": with the default 5 s half-open timeout
#     every pending handshake has expired; with 20 s the flood's (t=20-20.6)
#     are still half-open while those of 3, 4 and 8 (t=6-14) have expired
add(30.0, E / IP(src=C, dst=S) / TCP(sport=40000, dport=1723, flags="A", seq=9, ack=9))

pkts.sort(key=lambda p: p.time)
wrpcap(out, pkts)
