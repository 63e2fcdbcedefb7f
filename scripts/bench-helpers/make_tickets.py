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

Prints `tickets <count>` on stdout.
"""

import argparse
import base64
import ctypes
import ctypes.util
import hashlib
import json
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
        return base64.b32encode(body + self.signature.raw).decode().rstrip("=")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the server's data directory (holds badge-signing.key)")
    p.add_argument("--list", required=True, help="GET /api/checkin/list answer, or - for stdin")
    p.add_argument("--output", required=True)
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
    with open(a.output, "w") as out:
        for r in door_list["registrations"]:
            if r.get("status", "confirmed") != "confirmed" or not r.get("ticket_id"):
                continue
            out.write(signer.ticket(int(r["id"]), r["ticket_id"]) + "\n")
            count += 1
    print(f"tickets {count}")


if __name__ == "__main__":
    main()
