#!/usr/bin/python3
"""Registers COUNT people one after the other and keeps their manage tokens.

POST /api/registrations on one keep-alive connection to URL, each with a new
email (bench-<PREFIX>-<n>@bench.invalid) and accented names, so that badges
and emails have something to typeset. Writes the manage token of each
registration (the part of manage_url after /m/) to OUTPUT, one per line.
Fails unless every answer is 201 with status "confirmed".

Prints `key value` lines: registered, seconds.
"""

import argparse
import http.client
import json
import sys
import time
import urllib.parse

NAMES = [("Élodie", "Lefèvre-Châtelain"), ("François", "Nguyễn"), ("Anaïs", "de La Tour d'Auvergne"),
         ("Grégoire", "Ó Briain"), ("Maëlle", "Garçon"), ("Jérôme", "Dupont")]
ORGANISATIONS = ["Mairie de Saint-Étienne", "Conseil départemental de l'Hérault",
                 "Communauté d'agglomération du Grand Annecy et des communes associées du bassin annécien"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--prefix", default="people")
    p.add_argument("--output", required=True)
    a = p.parse_args()

    target = urllib.parse.urlsplit(a.url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    started = time.monotonic()
    with open(a.output, "w") as out:
        for n in range(a.count):
            first, last = NAMES[n % len(NAMES)]
            body = json.dumps({
                "first_name": first, "last_name": last,
                "email": f"bench-{a.prefix}-{n}@bench.invalid",
                "organisation": ORGANISATIONS[n % len(ORGANISATIONS)],
                "role": "Chargée de mission « transformation numérique »",
                "consent": True,
            })
            conn.request("POST", "/api/registrations", body=body.encode(), headers=headers)
            response = conn.getresponse()
            answer = response.read()
            if response.status != 201:
                sys.exit(f"register_people: registration {n} answered {response.status}: {answer[:300]!r}")
            reply = json.loads(answer)
            if reply.get("status") != "confirmed":
                sys.exit(f"register_people: registration {n} is {reply.get('status')!r}, not confirmed")
            out.write(reply["manage_url"].split("/m/", 1)[1] + "\n")
    conn.close()
    print(f"registered {a.count}")
    print(f"seconds {time.monotonic() - started:.2f}")


if __name__ == "__main__":
    main()
