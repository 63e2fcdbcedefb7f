#!/usr/bin/python3
"""Signs the badge tickets of confirmed registrations, as the server would.

Reads the door list (the JSON of GET /api/checkin/list) from LIST, or from
stdin when LIST is "-", and writes one ticket per line to OUTPUT, in the
list's order. Each ticket is signed with the data directory's
badge-signing.key for the registration's current nonce (its ticket_id).

Ticket layout, version 1 (see server/colloq/tickets/ticket.hpp):
  0x01 | event tag (first 4 bytes of SHA-256("colloq-event:" + slug))
       | registration id (uint32, big-endian) | nonce (8 bytes)
       | Ed25519 signature of b"colloq-ticket-v1" + the 17 bytes above
as RFC 4648 base32, upper case, without padding.

Ed25519 signatures are deterministic: a ticket made here is byte for byte
the one in the server's badge for the same key and nonce. libsodium is
reached through ctypes, so nothing beyond the Python standard library and
the libsodium the server links is needed.

With --record-fingerprints DB, also records in the database the fingerprint
(SHA-256 of the ticket's bytes) of every ticket but the first --unsent ones, as
the server's mail worker does when it e-mails a badge: the server recognises
those badges without checking their signature. The first --unsent tickets
stand for badges not e-mailed yet, whose signature the server checks.

Prints `tickets <count>` (and `recorded <count>`) on stdout.
"""

import argparse
import base64
import ctypes
import ctypes.util
import hashlib
import json
import sqlite3
import struct
import sys

SECRET_KEY_BYTES = 64
SIGNATURE_BYTES = 64
DOMAIN_PREFIX = b"colloq-ticket-v1"


def load_sodium():
    name = ctypes.util.find_library("sodium")
    if not name:
        sys.exit("make_tickets: libsodium is not installed (Debian: libsodium23)")
    lib = ctypes.CDLL(name)
    if lib.sodium_init() < 0:
        sys.exit("make_tickets: sodium_init failed")
    lib.crypto_sign_detached.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_char_p,
                                         ctypes.c_ulonglong, ctypes.c_char_p]
    return lib


def event_tag(slug):
    return hashlib.sha256(b"colloq-event:" + slug.encode()).digest()[:4]


class Signer:
    def __init__(self, secret_key, slug):
        if len(secret_key) != SECRET_KEY_BYTES:
            sys.exit(f"make_tickets: the signing key holds {len(secret_key)} bytes, not {SECRET_KEY_BYTES}")
        self.sodium = load_sodium()
        self.secret_key = secret_key
        self.tag = event_tag(slug)
        self.signature = ctypes.create_string_buffer(SIGNATURE_BYTES)

    def ticket(self, registration_id, nonce_hex):
        nonce = bytes.fromhex(nonce_hex)
        if len(nonce) != 8:
            raise ValueError(f"registration {registration_id}: ticket_id {nonce_hex!r} is not 16 hex digits")
        body = b"\x01" + self.tag + struct.pack(">I", registration_id) + nonce
        message = DOMAIN_PREFIX + body
        if self.sodium.crypto_sign_detached(self.signature, None, message, len(message), self.secret_key) != 0:
            raise RuntimeError("crypto_sign_detached failed")
        return body + self.signature.raw


def text_of(ticket_bytes):
    return base64.b32encode(ticket_bytes).decode().rstrip("=")


def record_fingerprints(db_path, rows):
    """rows: (fingerprint, registration id, nonce hex), written in one transaction."""
    db = sqlite3.connect(db_path, timeout=60)
    with db:
        db.executemany("UPDATE registrations SET ticket_fingerprint = ? WHERE id = ? AND ticket_nonce = ?", rows)
    db.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the server's data directory (holds badge-signing.key)")
    p.add_argument("--list", required=True, help="GET /api/checkin/list answer, or - for stdin")
    p.add_argument("--output", required=True)
    p.add_argument("--record-fingerprints", metavar="DB", help="the server's database")
    p.add_argument("--unsent", type=int, default=0, help="how many first tickets get no fingerprint")
    p.add_argument("--limit", type=int, default=0, help="at most this many tickets (0: one per confirmed registration)")
    a = p.parse_args()

    with open(f"{a.data}/badge-signing.key", "rb") as f:
        secret_key = f.read()
    if a.list == "-":
        door_list = json.load(sys.stdin)
    else:
        with open(a.list, encoding="utf-8") as f:
            door_list = json.load(f)
    signer = Signer(secret_key, door_list["event"])
    count = 0
    fingerprints = []
    with open(a.output, "w") as out:
        for r in door_list["registrations"]:
            if r.get("status", "confirmed") != "confirmed" or not r.get("ticket_id"):
                continue
            if a.limit and count >= a.limit:
                break
            ticket = signer.ticket(int(r["id"]), r["ticket_id"])
            out.write(text_of(ticket) + "\n")
            if count >= a.unsent:
                fingerprints.append((hashlib.sha256(ticket).hexdigest(), int(r["id"]), r["ticket_id"]))
            count += 1
    print(f"tickets {count}")
    if a.record_fingerprints:
        record_fingerprints(a.record_fingerprints, fingerprints)
        print(f"recorded {len(fingerprints)}")


if __name__ == "__main__":
    main()
