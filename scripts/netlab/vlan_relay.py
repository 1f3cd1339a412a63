#!/usr/bin/env python3
"""A user-space 'switch port' for SynFin's captures: the kernel here has no 802.1Q support, so this relay
puts the tags on the wire itself. It forwards Ethernet frames between a host-facing interface and a
'wire' veth, adding tags on the way out and removing them on the way in; tcpdump on the wire sees real
tagged frames of real TCP traffic. IPv4/ARP frames get one 802.1Q tag, IPv6 frames a QinQ pair
(802.1ad S-tag, then 802.1Q C-tag), so one capture holds both encapsulations.

  vlan_relay.py HOST_IF WIRE_IF [--seconds N]     (run one per side, inside the middle namespace)
"""
import argparse
import select
import socket
import struct
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
VLAN_IPV4 = 100
SVLAN_IPV6, CVLAN_IPV6 = 200, 300


def tag(frame):
    ethertype = struct.unpack_from("!H", frame, 12)[0]
    if ethertype == 0x86DD:
        tags = struct.pack("!HHHH", 0x88A8, SVLAN_IPV6, 0x8100, CVLAN_IPV6)
    else:
        tags = struct.pack("!HH", 0x8100, VLAN_IPV4)
    return frame[:12] + tags + frame[12:]


def untag(frame):
    pos = 12
    while pos + 4 <= len(frame) and struct.unpack_from("!H", frame, pos)[0] in (0x8100, 0x88A8):
        pos += 4
    return frame[:12] + frame[pos:]


def open_if(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((name, 0))
    return s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host_if")
    p.add_argument("wire_if")
    p.add_argument("--seconds", type=float, default=120)
    a = p.parse_args()
    host, wire = open_if(a.host_if), open_if(a.wire_if)
    print("READY", flush=True)
    deadline = time.time() + a.seconds
    while time.time() < deadline:
        ready, _, _ = select.select([host, wire], [], [], 0.5)
        for s in ready:
            frame, addr = s.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            if s is host:
                wire.send(tag(frame))
            else:
                host.send(untag(frame))


if __name__ == "__main__":
    main()
