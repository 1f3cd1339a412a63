#!/usr/bin/env python3
"""SynFin's traffic maker for real captures: one server and one client, each run inside its own network
namespace (see scripts/make-captures). The client names a scenario in its first line; the server plays
its side. Every loop is bounded in count and time; every socket has a timeout.

  tcp_scenarios.py server --bind ADDR --port P [--rcvbuf N]
  tcp_scenarios.py client --connect ADDR --port P SCENARIO [--local-port N] [--count N]
"""
import argparse
import socket
import struct
import subprocess
import sys
import time

TIMEOUT = 10.0


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def recv_line(sock):
    data = b""
    while not data.endswith(b"\n") and len(data) < 200:
        chunk = sock.recv(1)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def recv_exact(sock, n):
    got = 0
    while got < n:
        chunk = sock.recv(min(65536, n - got))
        if not chunk:
            break
        got += len(chunk)
    return got


def drain(sock):
    total = 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return total
        total += len(chunk)


def abort(sock):
    # SO_LINGER on, timeout 0: close() sends RST instead of FIN (RFC 9293 §3.10.7.1 ABORT).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def nft(*rule):
    subprocess.run(["nft", *rule], check=True)


# ---------------------------------------------------------------- server side
def serve_one(conn, port):
    conn.settimeout(TIMEOUT)
    words = recv_line(conn).split()
    if not words:
        conn.close()
        return
    cmd, args = words[0], [int(w) for w in words[1:]]
    if cmd == "ECHO":  # client closes first: request, response, client FIN, server FIN
        recv_exact(conn, args[0])
        conn.sendall(b"r" * args[1])
        drain(conn)
        conn.close()
    elif cmd == "SERVER_CLOSE":  # server closes first
        conn.sendall(b"s" * args[0])
        conn.shutdown(socket.SHUT_WR)
        drain(conn)
        conn.close()
    elif cmd == "HALF":  # client half-closes; data keeps flowing server -> client
        drain(conn)
        for _ in range(args[0]):
            conn.sendall(b"h" * args[1])
            time.sleep(0.05)
        conn.close()
    elif cmd == "ABORT_SERVER":
        conn.sendall(b"a" * args[0])
        time.sleep(0.1)
        abort(conn)
    elif cmd == "ABORT_CLIENT":
        conn.sendall(b"ok\n")
        drain_or_reset(conn)
        conn.close()
    elif cmd == "SINK":  # slow reader: the client fills our small receive buffer (zero window)
        time.sleep(args[1] / 1000.0)
        recv_exact(conn, args[0])
        conn.sendall(b"done\n")
        drain(conn)
        conn.close()
    elif cmd == "BULK":  # the client sends a bulk upload over a lossy link
        recv_exact(conn, args[0])
        conn.sendall(b"done\n")
        drain(conn)
        conn.close()
    elif cmd == "IDLE":  # keep-alive: the client idles with SO_KEEPALIVE, then says BYE
        recv_line(conn)
        conn.sendall(b"bye\n")
        drain(conn)
        conn.close()
    elif cmd == "SIMUL":  # simultaneous close: both sides send FIN before seeing the other's
        # Drop the client's FIN at our input for a moment, so our own FIN leaves before we learn of it.
        nft("add", "table", "inet", "synfin_simul")
        nft("add", "chain", "inet", "synfin_simul", "in", "{ type filter hook input priority 0 ; }")
        nft("add", "rule", "inet", "synfin_simul", "in", "tcp", "dport", str(port), "tcp", "flags", "&", "fin", "!=", "0", "drop")
        conn.sendall(b"go\n")
        time.sleep(0.3)
        conn.shutdown(socket.SHUT_WR)
        time.sleep(0.1)
        nft("delete", "table", "inet", "synfin_simul")
        drain(conn)
        conn.close()
    else:
        conn.close()


def drain_or_reset(conn):
    try:
        drain(conn)
    except ConnectionResetError:
        pass


def server(a):
    ls = socket.socket(family(a.bind), socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if a.rcvbuf:
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.rcvbuf)
    ls.bind((a.bind, a.port))
    ls.listen(64)
    ls.settimeout(a.lifetime)
    print("READY", flush=True)
    deadline = time.time() + a.lifetime
    while time.time() < deadline:
        try:
            conn, _ = ls.accept()
        except socket.timeout:
            break
        try:
            serve_one(conn, a.port)
        except (OSError, ValueError) as e:
            print("server: %s" % e, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- client side
def connect(a, local_port=None, timeout=TIMEOUT, keepalive=False):
    s = socket.socket(family(a.connect), socket.SOCK_STREAM)
    if local_port:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("::" if family(a.connect) == socket.AF_INET6 else "0.0.0.0", local_port))
    if keepalive:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    s.settimeout(timeout)
    s.connect((a.connect, a.port))
    return s


def client(a):
    sc = a.scenario
    for i in range(a.count):
        if sc == "normal":
            s = connect(a)
            s.sendall(b"ECHO 300 1200\n" + b"q" * 300)
            recv_exact(s, 1200)
            s.shutdown(socket.SHUT_WR)
            drain(s)
            s.close()
        elif sc == "server-close":
            s = connect(a, a.local_port)
            s.sendall(b"SERVER_CLOSE 700\n")
            drain(s)
            s.close()
        elif sc == "refused" or sc == "unanswered":
            try:
                connect(a, timeout=a.connect_timeout).close()
                raise SystemExit("expected the connection to fail")
            except (ConnectionRefusedError, socket.timeout, TimeoutError):
                pass
        elif sc == "half-close":
            s = connect(a)
            s.sendall(b"HALF 5 400\n")
            s.shutdown(socket.SHUT_WR)
            drain(s)
            s.close()
        elif sc == "abort-server":
            s = connect(a)
            s.sendall(b"ABORT_SERVER 200\n")
            try:
                drain(s)
            except ConnectionResetError:
                pass
            s.close()
        elif sc == "abort-client":
            s = connect(a)
            s.sendall(b"ABORT_CLIENT\n")
            recv_exact(s, 3)
            abort(s)
        elif sc == "zero-window":
            s = connect(a)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
            n = 300000
            s.sendall(("SINK %d 1500\n" % n).encode())
            s.sendall(b"z" * n)
            recv_line(s)
            s.shutdown(socket.SHUT_WR)
            drain(s)
            s.close()
        elif sc == "loss":
            s = connect(a)
            n = 400000
            s.sendall(("BULK %d\n" % n).encode())
            s.sendall(b"b" * n)
            recv_line(s)
            s.shutdown(socket.SHUT_WR)
            drain(s)
            s.close()
        elif sc == "keepalive":
            s = connect(a, keepalive=True)
            s.sendall(b"IDLE\n")
            time.sleep(3.5)
            s.sendall(b"BYE\n")
            recv_line(s)
            s.shutdown(socket.SHUT_WR)
            drain(s)
            s.close()
        elif sc == "simultaneous":
            s = connect(a)
            s.sendall(b"SIMUL\n")
            recv_line(s)
            s.shutdown(socket.SHUT_WR)
            drain(s)
            s.close()
        else:
            raise SystemExit("unknown scenario " + sc)
        if a.pause:
            time.sleep(a.pause)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="role", required=True)
    s = sub.add_parser("server")
    s.add_argument("--bind", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--rcvbuf", type=int, default=0)
    s.add_argument("--lifetime", type=float, default=60.0)
    c = sub.add_parser("client")
    c.add_argument("--connect", required=True)
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--local-port", type=int, default=0)
    c.add_argument("--count", type=int, default=1)
    c.add_argument("--pause", type=float, default=0.0)
    c.add_argument("--connect-timeout", type=float, default=2.5)
    c.add_argument("scenario")
    a = p.parse_args()
    server(a) if a.role == "server" else client(a)


if __name__ == "__main__":
    main()
