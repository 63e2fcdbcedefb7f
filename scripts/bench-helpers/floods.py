#!/usr/bin/python3
"""What a hostile client's floods cost the server, and whether others are still served.

  logins       reads VmRSS of PID, sends FAILURES failed logins from this address, then
               COUNT more whose e-mail is EMAIL_BYTES long (the server answers 429 or 401),
               and reads VmRSS again.
  connections  opens COUNT TCP connections that never send a byte, then times a
               GET /healthz and a registration on new connections, and reads VmRSS.
  burst        opens COUNT connections, then sends on each at once a wrong password for
               the account EMAIL, and counts the answers (401: the password was hashed).

Prints `key value` lines for scripts/bench.
"""

import argparse
import http.client
import json
import resource
import socket
import sys
import time

from procfs import status_kb


def post_json(conn, path, body):
    conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status


def login_flood(a):
    rss_before = status_kb(a.pid, "VmRSS")
    conn = http.client.HTTPConnection(a.host, a.port, timeout=30)
    statuses = {}
    for i in range(a.failures):
        status = post_json(conn, "/api/login", {"email": f"flood-{i}@bench.invalid", "password": "pas le bon"})
        statuses[status] = statuses.get(status, 0) + 1
    for i in range(a.count):
        email = f"{i}-" + "x" * (a.email_bytes - 20) + "@bench.invalid"
        status = post_json(conn, "/api/login", {"email": email, "password": "pas le bon"})
        statuses[status] = statuses.get(status, 0) + 1
    conn.close()
    time.sleep(1)
    print(f"rss_before_kb {rss_before}")
    print(f"rss_after_kb {status_kb(a.pid, 'VmRSS')}")
    for status, n in sorted(statuses.items()):
        print(f"status_{status} {n}")


def timed(call):
    started = time.monotonic()
    try:
        status = call()
    except OSError as e:
        print(f"floods: {e}", file=sys.stderr)
        status = 0
    return status, (time.monotonic() - started) * 1000


def connection_flood(a):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < a.count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(a.count + 64, hard), hard))
    rss_before = status_kb(a.pid, "VmRSS")
    silent = []
    try:
        for _ in range(a.count):
            silent.append(socket.create_connection((a.host, a.port), timeout=10))
        time.sleep(1)

        def health():
            conn = http.client.HTTPConnection(a.host, a.port, timeout=10)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            return status

        def register():
            conn = http.client.HTTPConnection(a.host, a.port, timeout=10)
            status = post_json(conn, "/api/registrations", {
                "first_name": "Inès", "last_name": "Après-Déluge", "email": "flood-probe@bench.invalid",
                "organisation": "Ville", "role": "Agente", "consent": True})
            conn.close()
            return status

        health_status, health_ms = timed(health)
        register_status, register_ms = timed(register)
        rss_with = status_kb(a.pid, "VmRSS")
    finally:
        for s in silent:
            s.close()
    print(f"rss_before_kb {rss_before}")
    print(f"rss_with_kb {rss_with}")
    print(f"healthz_status {health_status}")
    print(f"healthz_ms {health_ms:.1f}")
    print(f"register_status {register_status}")
    print(f"register_ms {register_ms:.1f}")


def login_burst(a):
    body = json.dumps({"email": a.email, "password": "pas le bon"}).encode()
    request = (f"POST /api/login HTTP/1.1\r\nHost: {a.host}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    # Every connection open first, then every request written before any answer is read.
    conns = [socket.create_connection((a.host, a.port), timeout=60) for _ in range(a.count)]
    for c in conns:
        c.sendall(request)
    statuses = {}
    for c in conns:
        answer = b""
        while b"\r\n" not in answer:
            piece = c.recv(4096)
            if not piece:
                break
            answer += piece
        c.close()
        words = answer.split(b" ", 2)
        status = int(words[1]) if len(words) > 1 and words[1].isdigit() else 0
        statuses[status] = statuses.get(status, 0) + 1
    for status, n in sorted(statuses.items()):
        print(f"status_{status} {n}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("kind", choices=["logins", "connections", "burst"])
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=1500)
    p.add_argument("--failures", type=int, default=20)
    p.add_argument("--email-bytes", type=int, default=60_000)
    p.add_argument("--email", default="")
    a = p.parse_args()
    {"logins": login_flood, "connections": connection_flood, "burst": login_burst}[a.kind](a)


if __name__ == "__main__":
    main()
