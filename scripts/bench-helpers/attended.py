#!/usr/bin/python3
"""Marks the first COUNT registrations of a seeded colloq database as checked in at the door
and gives each a private link whose token is written to OUTPUT, one per line: what the
certificates benchmark needs to ask for /m/{token}/certificate.pdf. The token is
"<link id>.<secret>" and the database keeps its SHA-256 in hex, as the server does.
"""

import argparse
import hashlib
import secrets
import sqlite3


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--db", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--output", required=True)
    a = p.parse_args()
    db = sqlite3.connect(a.db)
    ids = [row[0] for row in db.execute(
        "SELECT id FROM registrations WHERE status = 'confirmed' ORDER BY id LIMIT ?", (a.count,))]
    first_link = (db.execute("SELECT COALESCE(MAX(id), 0) FROM manage_links").fetchone()[0]) + 1
    tokens = []
    with db:
        for n, registration in enumerate(ids):
            token = f"{first_link + n}.{secrets.token_urlsafe(32)}"
            db.execute("INSERT INTO manage_links (id, registration_id, token_hash, created_at) VALUES (?, ?, ?, ?)",
                       (first_link + n, registration, hashlib.sha256(token.encode()).hexdigest(),
                        "2024-10-01T08:00:00.000Z"))
            db.execute("UPDATE registrations SET checked_in_at = '2024-10-10T07:12:00.000Z', "
                       "checked_in_door = 'entrée' WHERE id = ?", (registration,))
            tokens.append(token)
    with open(a.output, "w") as out:
        out.write("\n".join(tokens) + "\n")
    print(f"attended {len(tokens)}")


if __name__ == "__main__":
    main()
