#!/usr/bin/python3
"""Fills a colloq SQLite database with generated registrations, in one transaction.

The database must already have the schema (`colloq migrate --data DIR`) and
no registration of EVENT; the server must not be running on it yet. Rows get
ids 1..COUNT in arrival order, French names with accents, unique emails, a
random ticket nonce each, the search key the server would give them (when the
schema has that column), and these statuses: every WAITLIST_EVERY-th
registration waitlisted, every CANCEL_EVERY-th cancelled (0: none), all
others confirmed. The registration before every PARTNER_EVERY-th belongs to
PARTNER, the others are public. The seat counters are then set from what was
inserted, as the server keeps them.

Prints `key value` lines: registrations, confirmed, waitlisted, cancelled,
partner_confirmed, seconds.
"""

import argparse
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone

FIRST_NAMES = ["Élodie", "Jean", "Marie", "François", "Anaïs", "Grégoire", "Chloé", "Léa", "Hélène",
               "Noël", "Zoé", "Joël", "Amélie", "Bérénice", "Jérôme", "Inès", "Maëlle", "Loïc",
               "Sébastien", "Ophélie", "Raphaël", "Mathéo", "Camille", "Nathan"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Lefèvre", "Moreau", "Laurent", "Simon", "Michel", "Lefébure", "Garçon", "Leroy",
              "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
              "Vincent", "Muller", "Lefèvre-Châtelain", "de La Tour d'Auvergne", "Nguyễn", "Ó Briain"]
ORGANISATIONS = ["Mairie de Saint-Étienne", "Conseil départemental de l'Hérault",
                 "Région Provence-Alpes-Côte d'Azur", "Communauté d'agglomération du Grand Annecy",
                 "Ville de Besançon", "Métropole européenne de Lille", "Préfecture de la Côte-d'Or",
                 "Syndicat intercommunal des eaux", "Commune de Lœuilly", "Agence régionale de santé"]
ROLES = ["Directrice générale des services", "Chargé de mission numérique", "Maire adjoint",
         "Délégué à la protection des données", "Responsable des systèmes d'information",
         "Conseillère municipale", "Chef de projet « IA »", "Secrétaire de mairie"]


# The server's search key (server/colloq/domain/text.cpp, search_key): ASCII letters in lower
# case, letters U+00C0 to U+017F without their accents, every other character as it is.
FOLDED = (
    "a a a a a a ae c e e e e i i i i "  # C0
    "d n o o o o o * o u u u u y th ss "  # D0
    "a a a a a a ae c e e e e i i i i "  # E0
    "d n o o o o o / o u u u u y th y "  # F0
    "a a a a a a c c c c c c c c d d "  # 100
    "d d e e e e e e e e e e g g g g "  # 110
    "g g g g h h h h i i i i i i i i "  # 120
    "i i ij ij j j k k k l l l l l l l "  # 130
    "l l l n n n n n n n n n o o o o "  # 140
    "o o oe oe r r r r r r s s s s s s "  # 150
    "s s t t t t t t u u u u u u u u "  # 160
    "u u u u w w y y y z z z z z z s"  # 170
).split()
assert len(FOLDED) == 0x180 - 0xC0


def search_key(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp < 0x80:
            out.append(ch.lower())
        elif 0xC0 <= cp <= 0x17F:
            out.append(FOLDED[cp - 0xC0])
        else:
            out.append(ch)
    return "".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="the SQLite file, e.g. DATA/colloq.db")
    p.add_argument("--event", required=True, help="the event slug of the configuration")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--partner", default="", help="partner slug for one registration in PARTNER_EVERY")
    p.add_argument("--partner-every", type=int, default=200)
    p.add_argument("--waitlist-every", type=int, default=0)
    p.add_argument("--cancel-every", type=int, default=0)
    p.add_argument("--seed", type=int, default=20241010)
    a = p.parse_args()

    rng = random.Random(a.seed)
    started = time.monotonic()
    db = sqlite3.connect(a.db, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA cache_size = -131072")  # 128 MiB: the indexes are built without rereading pages
    if db.execute("SELECT COUNT(*) FROM registrations WHERE event = ?", (a.event,)).fetchone()[0]:
        sys.exit(f"seed_registrations: {a.db} already holds registrations of {a.event}")

    columns = {row[1] for row in db.execute("PRAGMA table_info(registrations)")}
    with_search_key = "search_key" in columns  # migration 005; the server fills it otherwise, row by row
    base = datetime.now(timezone.utc) - timedelta(days=30)
    counts = {"confirmed": 0, "waitlisted": 0, "cancelled": 0}
    partner_confirmed = 0

    def rows():
        nonlocal partner_confirmed
        for i in range(1, a.count + 1):
            first = rng.choice(FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            email = f"participant.{i}@exemple-{i % 97}.fr"
            if a.cancel_every and i % a.cancel_every == 0:
                status = "cancelled"
            elif a.waitlist_every and i % a.waitlist_every == 0:
                status = "waitlisted"
            else:
                status = "confirmed"
            counts[status] += 1
            partner = a.partner if a.partner and (i + 1) % a.partner_every == 0 else ""
            if partner and status == "confirmed":
                partner_confirmed += 1
            at = base + timedelta(milliseconds=i * 250)
            stamp = at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"
            organisation = rng.choice(ORGANISATIONS)
            row = (i, a.event, partner, first, last, email, email.lower(), organisation,
                   rng.choice(ROLES), status, stamp, stamp, rng.getrandbits(64).to_bytes(8, "big").hex())
            if with_search_key:
                row += (search_key(f"{first} {last} {email} {organisation}"),)
            yield row

    names = ("id, event, partner, first_name, last_name, email, email_norm, organisation, role, status, "
             "created_at, updated_at, ticket_nonce" + (", search_key" if with_search_key else ""))
    db.execute("BEGIN")
    db.executemany(f"INSERT INTO registrations ({names}) VALUES ({', '.join('?' * len(names.split(',')))})",
                   rows())
    db.execute("DELETE FROM seat_counters WHERE event = ?", (a.event,))
    db.execute("INSERT INTO seat_counters (event, partner, confirmed) VALUES (?, '', ?)",
               (a.event, counts["confirmed"]))
    if a.partner:
        db.execute("INSERT INTO seat_counters (event, partner, confirmed) VALUES (?, ?, ?)",
                   (a.event, a.partner, partner_confirmed))
    db.execute("COMMIT")
    db.close()

    print(f"registrations {a.count}")
    for status, n in counts.items():
        print(f"{status} {n}")
    print(f"partner_confirmed {partner_confirmed}")
    print(f"seconds {time.monotonic() - started:.2f}")


if __name__ == "__main__":
    main()
