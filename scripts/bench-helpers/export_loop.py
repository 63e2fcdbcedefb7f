#!/usr/bin/python3
"""Keeps exports running against a colloq server for a bounded time.

Downloads the CSV list, the XLSX list and the sign-in sheet in turn, again
and again, with an API token, reading each answer to its end and throwing the
bytes away, until SECONDS have passed; the export in progress at that moment
is abandoned (the connection is closed). Prints `key value` lines:

  completed_csv, completed_xlsx, completed_pdf, abandoned, failed, bytes
"""

import argparse
import http.client
import sys
import time
import urllib.parse

EXPORTS = [("csv", "/api/exports/registrations.csv"),
           ("xlsx", "/api/exports/registrations.xlsx"),
           ("pdf", "/api/exports/signin-sheet.pdf")]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--token", required=True)
    p.add_argument("--seconds", type=float, required=True)
    a = p.parse_args()

    target = urllib.parse.urlsplit(a.url)
    deadline = time.monotonic() + a.seconds
    completed = {kind: 0 for kind, _ in EXPORTS}
    abandoned = failed = total_bytes = 0
    turn = 0
    while time.monotonic() < deadline:
        kind, path = EXPORTS[turn % len(EXPORTS)]
        turn += 1
        conn = http.client.HTTPConnection(target.hostname, target.port,
                                          timeout=max(1.0, deadline - time.monotonic()))
        try:
            conn.request("GET", path, headers={"Authorization": f"Bearer {a.token}"})
            response = conn.getresponse()
            if response.status != 200:
                print(f"export_loop: GET {path} answered {response.status}", file=sys.stderr)
                failed += 1
                time.sleep(0.2)
                continue
            finished = False
            while time.monotonic() < deadline:
                piece = response.read(64 * 1024)
                if not piece:
                    finished = True
                    break
                total_bytes += len(piece)
            if finished:
                completed[kind] += 1
            else:
                abandoned += 1
        except TimeoutError:
            abandoned += 1
        except (OSError, http.client.HTTPException) as e:
            print(f"export_loop: GET {path}: {e}", file=sys.stderr)
            failed += 1
        finally:
            conn.close()

    for kind, _ in EXPORTS:
        print(f"completed_{kind} {completed[kind]}")
    print(f"abandoned {abandoned}")
    print(f"failed {failed}")
    print(f"bytes {total_bytes}")


if __name__ == "__main__":
    main()
