#!/usr/bin/python3
"""A local SMTP server (aiosmtpd) that accepts every message and logs its arrival.

Listens on HOST:PORT until SIGTERM or SIGINT. Appends one line per message to
LOG, flushed at once, so another process can follow the count:

  <arrival, seconds since the epoch> <bytes> <attachments> <recipient>

where <attachments> counts the parts with a filename (a confirmation carries
the QR image, the PDF badge and the calendar entry). Writes `ready` to
stdout once it accepts connections. Needs Debian's python3-aiosmtpd.
"""

import argparse
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, log):
        self.log = log
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        arrived = time.time()
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", "replace")
        attachments = content.count(b"filename=")
        recipient = envelope.rcpt_tos[0] if envelope.rcpt_tos else "-"
        with self.lock:
            self.log.write(f"{arrived:.6f} {len(content)} {attachments} {recipient}\n")
            self.log.flush()
        return "250 OK"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--log", required=True)
    a = p.parse_args()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with open(a.log, "a") as log:
        controller = Controller(CountingHandler(log), hostname=a.host, port=a.port,
                                data_size_limit=64 * 1024 * 1024)
        controller.start()
        print("ready", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        finally:
            controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
