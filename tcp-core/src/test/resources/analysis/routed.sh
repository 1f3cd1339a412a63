#!/bin/bash
# Client syn_c (10.78.1.1) -> router syn_r -> server syn_s (10.78.2.1). The router drops 1 in 10 of the
# client's data segments in its forward hook; tcpdump records at the server, so the capture shows the
# gaps, the receiver's duplicate ACKs and the sender's fast retransmissions.
set -u
OUT=${1:?output dir}
cleanup() { for n in syn_c syn_r syn_s; do ip netns del $n 2>/dev/null; done; }
cleanup
for n in syn_c syn_r syn_s; do ip netns add $n; ip -n $n link set lo up; done
ip link add vc type veth peer name vrc; ip link add vs type veth peer name vrs
ip link set vc netns syn_c; ip link set vrc netns syn_r; ip link set vrs netns syn_r; ip link set vs netns syn_s
ip -n syn_c addr add 10.78.1.1/24 dev vc; ip -n syn_r addr add 10.78.1.2/24 dev vrc
ip -n syn_r addr add 10.78.2.2/24 dev vrs; ip -n syn_s addr add 10.78.2.1/24 dev vs
for pair in syn_c:vc syn_r:vrc syn_r:vrs syn_s:vs; do
  ip -n ${pair%%:*} link set ${pair##*:} up
  ip netns exec ${pair%%:*} ethtool -K ${pair##*:} tso off gso off gro off >/dev/null 2>&1
done
ip -n syn_c route add default via 10.78.1.2; ip -n syn_s route add default via 10.78.2.2
ip netns exec syn_r sysctl -qw net.ipv4.ip_forward=1
ip netns exec syn_r nft -f - <<NFT
table inet loss {
  chain drops {
    type filter hook forward priority 0;
    tcp dport 5005 tcp flags & (syn|fin|rst) == 0 numgen random mod 10 == 0 drop
  }
}
NFT
ip netns exec syn_s timeout 60 tcpdump -U -s 96 -i vs -w "$OUT/gaps_at_receiver.pcap" "tcp port 5005" 2>/dev/null &
DUMP=$!
sleep 1
ip netns exec syn_s timeout 40 python3 -c '
import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("10.78.2.1",5005)); s.listen(1); c,_=s.accept()
total=0
while True:
    b=c.recv(65536)
    if not b: break
    total+=len(b)
c.sendall(b"done %d\n" % total); c.close()' &
SRV=$!
sleep 0.5
ip netns exec syn_c timeout 40 python3 -c '
import socket
c=socket.create_connection(("10.78.2.1",5005)); c.settimeout(30)
for i in range(150): c.sendall(bytes([65+i%26])*1000)
c.shutdown(socket.SHUT_WR); print(c.recv(100)); c.close()'
wait $SRV
sleep 1
kill $DUMP; wait $DUMP
cleanup
