#!/bin/bash
# Builds two namespaces joined by a veth pair, drops ~10% of the client's data segments at the
# server side with nftables (lossy case), and records bounded transfers with tcpdump at the client
# (headers only). Writes keep_alive.pcap, lossy_transfer.pcap and zero_window.pcap to OUTDIR.
set -u
OUT=${1:?output dir}
cleanup() { ip netns del syn_a 2>/dev/null; ip netns del syn_b 2>/dev/null; }
cleanup
ip netns add syn_a; ip netns add syn_b
ip link add va type veth peer name vb
ip link set va netns syn_a; ip link set vb netns syn_b
ip -n syn_a addr add 10.77.0.1/24 dev va; ip -n syn_b addr add 10.77.0.2/24 dev vb
ip -n syn_a link set va up; ip -n syn_b link set vb up
ip -n syn_a link set lo up; ip -n syn_b link set lo up
for ns in syn_a syn_b; do ip netns exec $ns ethtool -K $( [ $ns = syn_a ] && echo va || echo vb ) tso off gso off gro off >/dev/null 2>&1; done

run_case() { # name port lossy server_py client_py
  local name=$1 port=$2 lossy=$3 server=$4 client=$5
  ip netns exec syn_b nft flush ruleset
  if [ "$lossy" = yes ]; then
    ip netns exec syn_b nft -f - <<NFT
table inet loss {
  chain in {
    type filter hook input priority 0;
    tcp dport $port tcp flags & (syn|fin|rst) == 0 numgen random mod 10 == 0 drop
  }
}
NFT
  fi
  ip netns exec syn_a timeout 60 tcpdump -U -s 96 -i va -w "$OUT/$name.pcap" "tcp port $port" 2>/dev/null &
  local dump=$!
  sleep 1
  ip netns exec syn_b timeout 40 python3 -c "$server" $port &
  local srv=$!
  sleep 0.5
  ip netns exec syn_a timeout 40 python3 -c "$client" $port
  wait $srv
  sleep 1
  kill $dump; wait $dump
}

SERVER_DRAIN='
import socket,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("10.77.0.2",int(sys.argv[1]))); s.listen(1); c,_=s.accept()
total=0
while True:
    b=c.recv(65536)
    if not b: break
    total+=len(b)
c.sendall(b"done %d\n" % total); c.close()'
CLIENT_SEND='
import socket,sys
c=socket.create_connection(("10.77.0.2",int(sys.argv[1])))
c.settimeout(30)
for i in range(150): c.sendall(bytes([65+i%26])*1000)
c.shutdown(socket.SHUT_WR); print(c.recv(100)); c.close()'
SERVER_SLOW='
import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,4096)
s.bind(("10.77.0.2",int(sys.argv[1]))); s.listen(1); c,_=s.accept()
total=0; rounds=0
time.sleep(1.5)
while rounds<2000:
    rounds+=1
    b=c.recv(1024)
    if not b: break
    total+=len(b)
    time.sleep(0.02)
c.sendall(b"done %d\n" % total); c.close()'
CLIENT_BIG='
import socket,sys
c=socket.create_connection(("10.77.0.2",int(sys.argv[1])))
c.settimeout(30)
for i in range(60): c.sendall(bytes([97+i%26])*1000)
c.shutdown(socket.SHUT_WR); print(c.recv(100)); c.close()'
SERVER_ECHO='
import socket,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("10.77.0.2",int(sys.argv[1]))); s.listen(1); c,_=s.accept()
for i in range(10):
    b=c.recv(100)
    if not b: break
    c.sendall(b)
c.close()'
CLIENT_IDLE='
import socket,sys,time
c=socket.create_connection(("10.77.0.2",int(sys.argv[1])))
c.setsockopt(socket.SOL_SOCKET,socket.SO_KEEPALIVE,1)
c.setsockopt(socket.IPPROTO_TCP,socket.TCP_KEEPIDLE,1)
c.setsockopt(socket.IPPROTO_TCP,socket.TCP_KEEPINTVL,1)
c.sendall(b"hello"); c.recv(100)
time.sleep(3.5)
c.sendall(b"bye"); c.recv(100); c.close()'
run_case keep_alive 5003 no "$SERVER_ECHO" "$CLIENT_IDLE"
run_case lossy_transfer 5001 yes "$SERVER_DRAIN" "$CLIENT_SEND"
run_case zero_window 5002 no "$SERVER_SLOW" "$CLIENT_BIG"
cleanup
ls -l "$OUT"
