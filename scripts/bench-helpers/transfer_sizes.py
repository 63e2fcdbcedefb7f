#!/usr/bin/python3
"""Bytes a page costs a browser on a cold cache, with and without gzip.

Fetches PAGE from URL, then every stylesheet and script it loads (<link rel="stylesheet">,
<script src>, CSS @import, and the modules, imports and workers the scripts name), each
once with "Accept-Encoding: gzip" and once without, on a connection of its own, and counts
every byte the server sends (status line, headers and body). Checks that each gzip body
unpacks to the plain one. Prints `key value` lines:

  files, plain_bytes, gzip_bytes, plain_body_bytes, gzip_body_bytes

  transfer_sizes.py --url http://127.0.0.1:8080 --page /door
"""

import argparse
import gzip
import re
import socket
import sys
import urllib.parse

HTML_REFS = re.compile(
    r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"', re.I)
CSS_REFS = re.compile(r'@import\s+(?:url\()?["\']([^"\']+)["\']')
JS_REFS = re.compile(
    r'(?:\bimport\s[^;]*?\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bimportScripts\(\s*|'
    r'new\s+(?:Shared)?Worker\(\s*(?:new\s+URL\(\s*)?)'
    r'["\']((?:/|\./|\.\./)[^"\']+\.m?js)["\']')


def exchange(host, port, path, accept_gzip):
    """Whole response bytes, the body, and whether it is gzip; None when not 200."""
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
    if accept_gzip:
        request += "Accept-Encoding: gzip\r\n"
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall((request + "\r\n").encode())
        data = bytearray()
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    if status != b"200":
        return None
    encoded = re.search(rb"(?im)^content-encoding:\s*gzip\s*$", head) is not None
    return data, body, encoded


def references(path, body):
    text = body.decode("utf-8", "replace")
    if path.endswith(".css"):
        found = CSS_REFS.findall(text)
    elif path.endswith(".js"):
        found = JS_REFS.findall(text)
    else:
        found = HTML_REFS.findall(text)
    out = []
    for ref in found:
        url = urllib.parse.urlsplit(urllib.parse.urljoin(path, ref))
        if url.scheme or url.netloc:
            continue  # another site: not ours to count
        out.append(url.path)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--page", required=True)
    args = parser.parse_args()
    base = urllib.parse.urlsplit(args.url)
    host, port = base.hostname, base.port or 80

    totals = {"plain_bytes": 0, "gzip_bytes": 0, "plain_body_bytes": 0, "gzip_body_bytes": 0}
    seen, queue = set(), [args.page]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        first = exchange(host, port, path, False)
        if first is None:
            # A page must answer; a name found in a script's comment need not.
            if path == args.page:
                sys.exit(f"transfer_sizes: GET {path} did not answer 200")
            print(f"transfer_sizes: {path} skipped (not 200)", file=sys.stderr)
            continue
        plain, plain_body, _ = first
        packed, packed_body, encoded = exchange(host, port, path, True)
        if encoded and gzip.decompress(packed_body) != plain_body:
            sys.exit(f"transfer_sizes: the gzip body of {path} does not unpack to the plain one")
        totals["plain_bytes"] += len(plain)
        totals["gzip_bytes"] += len(packed)
        totals["plain_body_bytes"] += len(plain_body)
        totals["gzip_body_bytes"] += len(packed_body)
        queue += references(path, plain_body)
    print(f"files {len(seen)}")
    for key, value in totals.items():
        print(f"{key} {value}")


if __name__ == "__main__":
    main()
