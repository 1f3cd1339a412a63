#!/usr/bin/env python3
"""Writes scenarios.pcap: the SegmentAnalyzerTest scenarios as Ethernet/IPv4/TCP frames, one
connection (client port) per scenario, so tshark can judge the same segments. Times in microseconds."""
import struct, sys

S, A, P, F = 2, 16, 8, 1
PA = P | A


def frame(t, port, from_a, seq, ack, flags, win, length, wscale):
    src, dst = (bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) if from_a else (bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1]))
    sp, dp = (port, 80) if from_a else (80, port)
    opts = bytes([1, 3, 3, wscale]) if (flags & S and wscale is not None) else b''
    tcp = struct.pack('>HHIIBBHHH', sp, dp, seq & 0xffffffff, ack & 0xffffffff, (5 + len(opts) // 4) << 4,
                      flags, win, 0, 0) + opts + b'x' * length
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst) + tcp
    eth = b'\x02' * 6 + b'\x04' * 6 + b'\x08\x00' + ip
    return struct.pack('<IIII', t // 1000000, t % 1000000, len(eth), len(eth)) + eth


def handshake(isn_a=91, isn_b=5000):
    return [(0, 'A', isn_a, 0, S, 64240, 0), (1000, 'B', isn_b, isn_a + 1, S | A, 65160, 0),
            (1000, 'A', isn_a + 1, isn_b + 1, A, 502, 0)]


SCENARIOS = {
    'seed': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 8), (100, 'A', 100, 5001, PA, 502, 20),
             (1900, 'B', 5001, 120, A, 510, 0), (295000, 'A', 92, 5001, PA, 502, 8), (1000, 'B', 5001, 120, A, 510, 0)]),
    'timeout': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (100, 'A', 192, 5001, PA, 502, 100),
                (1000, 'B', 5001, 192, A, 510, 0), (200000, 'A', 192, 5001, PA, 502, 100)]),
    'fast': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (10, 'A', 192, 5001, PA, 502, 100),
             (10, 'A', 292, 5001, PA, 502, 100), (10, 'A', 392, 5001, PA, 502, 100),
             (1000, 'B', 5001, 192, A, 510, 0), (10, 'B', 5001, 192, A, 510, 0), (10, 'B', 5001, 192, A, 510, 0),
             (5000, 'A', 192, 5001, PA, 502, 100)]),
    'gap_ooo': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (10, 'A', 292, 5001, PA, 502, 100),
                (500, 'A', 192, 5001, PA, 502, 100)]),
    'window': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (1000, 'B', 5001, 192, A, 510, 0),
               (10, 'B', 5001, 192, A, 510, 0), (10, 'B', 5001, 192, A, 700, 0), (10, 'B', 5001, 192, A, 0, 0),
               (200000, 'A', 192, 5001, A, 502, 1), (1000, 'B', 5001, 192, A, 0, 0),
               (400000, 'A', 192, 5001, A, 502, 1), (1000, 'B', 5001, 192, A, 510, 0),
               (10, 'A', 192, 5001, PA, 502, 100)]),
    'full': (7, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (1000, 'B', 5001, 192, A, 4, 0),
             (10, 'A', 192, 5001, PA, 502, 256), (10, 'A', 448, 5001, PA, 502, 256)]),
    'full_unscaled': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (1000, 'B', 5001, 192, A, 300, 0),
                      (10, 'A', 192, 5001, PA, 502, 300)]),
    'full_syn_window': (7, [(0, 'A', 91, 0, S, 64240, 0), (1000, 'B', 5000, 92, S | A, 300, 0),
                        (1000, 'A', 92, 5001, A, 502, 0), (10, 'A', 92, 5001, PA, 502, 300)]),
    'ooo_no_handshake_early': (None, [(0, 'A', 1000, 7, PA, 502, 100), (10, 'A', 1200, 7, PA, 502, 100),
                               (2900, 'A', 1100, 7, PA, 502, 100)]),
    'ooo_no_handshake_late': (None, [(0, 'A', 1000, 7, PA, 502, 100), (10, 'A', 1200, 7, PA, 502, 100),
                              (3000, 'A', 1100, 7, PA, 502, 100)]),
    'rst': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (10, 'A', 5000, 0, 4, 0, 0)]),
    'keepalive': (None, handshake() + [(1000, 'A', 92, 5001, PA, 502, 100), (1000, 'B', 5001, 192, A, 510, 0),
                  (7200000, 'A', 191, 5001, A, 502, 0), (1000, 'B', 5001, 192, A, 510, 0),
                  (1000000, 'A', 191, 5001, A, 502, 1)]),
    'wrap': (None, handshake(0xFFFFFF00, 0xFFFFFFF0)),
}


def wrap_tail():
    out, seq, back = [], 0xFFFFFF01, 0xFFFFFFF1
    for _ in range(6):
        out.append((100, 'A', seq, back, PA, 502, 100))
        seq += 100
        out.append((1000, 'B', back, seq, PA, 510, 10))
        back += 10
    out.append((300000, 'A', seq - 100, back, PA, 502, 100))
    return out


SCENARIOS['wrap'] = (None, SCENARIOS['wrap'][1] + wrap_tail())

with open(sys.argv[1], 'wb') as out:
    out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    t = 1_700_000_000_000_000
    for i, (wscale, steps) in enumerate(SCENARIOS.values()):
        port = 40000 + i
        t += 10_000_000
        for dt, who, seq, ack, flags, win, length in steps:
            t += dt
            out.write(frame(t, port, who == 'A', seq, ack, flags, win, length, wscale))
