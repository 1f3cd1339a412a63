#!/bin/sh
# Makes lo_veth_any.pcapng: three interfaces, lo (EN10MB), a veth into a network namespace (EN10MB)
# and "any" (dumpcap asks for LINUX_SLL there), one short TCP exchange seen on each. Run as root; cleans up after itself.
set -eu
NS=synfin-cap
ip netns add $NS
trap 'ip link del sfcap0 2>/dev/null || true; ip netns del $NS 2>/dev/null || true' EXIT
ip link add sfcap0 type veth peer name sfcap1 netns $NS
ip addr add 10.99.0.1/30 dev sfcap0
ip link set sfcap0 up
ip netns exec $NS ip addr add 10.99.0.2/30 dev sfcap1
ip netns exec $NS ip link set sfcap1 up
ip netns exec $NS ip link set lo up
sleep 1
dumpcap -q -s 128 -a duration:6 -w lo_veth_any.pcapng \
  -i lo -f 'tcp port 18766' -i sfcap0 -f 'tcp port 18767' -i any -f 'tcp port 18768' &
CAP=$!
sleep 2
echo_server='import socket,sys;s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind((sys.argv[1],int(sys.argv[2])));s.listen();c,_=s.accept();c.sendall(c.recv(100));c.close()'
client='import socket,sys;c=socket.create_connection((sys.argv[1],int(sys.argv[2])),timeout=5);c.sendall(b"hello");c.recv(100);c.close()'
python3 -c "$echo_server" 127.0.0.1 18766 & sleep 0.5; python3 -c "$client" 127.0.0.1 18766; wait $!
ip netns exec $NS python3 -c "$echo_server" 10.99.0.2 18767 & sleep 0.5; python3 -c "$client" 10.99.0.2 18767; wait $!
python3 -c "$echo_server" 127.0.0.1 18768 & sleep 0.5; python3 -c "$client" 127.0.0.1 18768; wait $!
wait $CAP
