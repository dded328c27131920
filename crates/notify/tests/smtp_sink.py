#!/usr/bin/env python3
"""A real SMTP server on loopback for callvault's tests (aiosmtpd).

usage: smtp_sink.py PORT FOLDER

Accepts every message and writes it to FOLDER as one JSON file
({"mail_from", "rcpt_tos", "data"}), written under a temporary name and
renamed, so a reader never sees half a message. Prints "ready" once
listening. Exits 3 with a message when aiosmtpd is missing.
"""
import json
import os
import sys
import threading
import uuid

try:
    from aiosmtpd.controller import Controller
except ImportError:
    print("aiosmtpd is missing: pip install aiosmtpd (scripts/test installs it)", file=sys.stderr, flush=True)
    sys.exit(3)


class Sink:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
        }
        name = uuid.uuid4().hex
        temporary = os.path.join(self.folder, f".{name}.tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(temporary, os.path.join(self.folder, f"{name}.json"))
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
