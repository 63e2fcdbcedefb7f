#!/usr/bin/python3
"""Resident memory of a server holding many idle keep-alive connections.

Reads VmRSS of PID, opens COUNT connections to HOST:PORT, sends one
`GET PATH` on each and reads the answer, keeps them all open and idle for
HOLD seconds, then reads VmRSS again and checks how many the server still
holds open. Prints `key value` lines for scripts/bench:

  rss_before_kb, rss_with_kb, rss_anon_kb, rss_file_kb, rss_shmem_kb, hwm_kb,
  requested, answered, ok_status, still_open

RssAnon is the heap and stacks; RssFile counts the pages of mapped files
(an SQLite mmap, for one) that the process has touched.
"""

import argparse
import resource
import select
import socket
import sys
import time

from procfs import status_kb


def raise_fd_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < wanted:
        sys.exit(f"idle_connections: the open-file limit is {hard}, {wanted} are needed; raise `ulimit -Hn`")


def read_response(sock, deadline):
    """Reads one HTTP/1.1 response with a Content-Length body; returns its status."""
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the headers ended")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        elif name.strip().lower() == "transfer-encoding":
            raise ValueError("chunked answers are not handled; send Content-Length")
    while len(body) < length:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed inside the body")
        body += chunk
    return status


def still_open(socks):
    """Counts the sockets the peer has not closed (no EOF, no error pending)."""
    open_count = 0
    for s in socks:
        readable, _, _ = select.select([s], [], [], 0)
        if not readable:
            open_count += 1
            continue
        try:
            if s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT):
                open_count += 1  # unexpected bytes, but the connection is up
        except (BlockingIOError, InterruptedError):
            open_count += 1
        except OSError:
            pass
    return open_count


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--path", default="/healthz")
    p.add_argument("--hold", type=float, default=2.0, help="seconds the connections stay idle before measuring")
    p.add_argument("--timeout", type=float, default=30.0)
    a = p.parse_args()

    raise_fd_limit(a.count + 64)
    rss_before = status_kb(a.pid, "VmRSS")

    request = (f"GET {a.path} HTTP/1.1\r\nHost: {a.host}:{a.port}\r\n"
               "Connection: keep-alive\r\n\r\n").encode()
    deadline = time.monotonic() + a.timeout
    socks, answered, ok_status = [], 0, 0
    try:
        for _ in range(a.count):
            s = socket.create_connection((a.host, a.port), timeout=a.timeout)
            socks.append(s)
            s.sendall(request)
            try:
                status = read_response(s, deadline)
            except (OSError, ValueError, IndexError) as e:
                print(f"idle_connections: connection {len(socks)}: {e}", file=sys.stderr)
                continue
            answered += 1
            ok_status += status == 200
        time.sleep(a.hold)
        rss_with = status_kb(a.pid, "VmRSS")
        parts = {k: status_kb(a.pid, k) for k in ("RssAnon", "RssFile", "RssShmem")}
        hwm = status_kb(a.pid, "VmHWM")
        open_count = still_open(socks)
    finally:
        for s in socks:
            s.close()

    print(f"rss_before_kb {rss_before}")
    print(f"rss_with_kb {rss_with}")
    print(f"rss_anon_kb {parts['RssAnon']}")
    print(f"rss_file_kb {parts['RssFile']}")
    print(f"rss_shmem_kb {parts['RssShmem']}")
    print(f"hwm_kb {hwm}")
    print(f"requested {a.count}")
    print(f"answered {answered}")
    print(f"ok_status {ok_status}")
    print(f"still_open {open_count}")


if __name__ == "__main__":
    main()
