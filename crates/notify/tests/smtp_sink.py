#!/usr/bin/env python3
"""A real SMTP server on loopback for callvault's tests (aiosmtpd).

usage: smtp_sink.py PORT FOLDER [starttls|tls CERT_PEM KEY_PEM]

Refuses recipients whose local part starts with "bounce" (550 5.1.1, a
mailbox that does not exist: a permanent refusal, RFC 5321 4.2.2), and
accepts every other message and writes it to FOLDER as one JSON file
({"mail_from", "rcpt_tos", "data", "tls_version"}), written under a
temporary name and renamed, so a reader never sees half a message.
"tls_version" is the protocol the message came over ("TLSv1.3"), or null
for plain text. With "starttls" the server offers STARTTLS (RFC 3207) and
refuses mail before it; with "tls" it speaks TLS from the first byte
(RFC 8314). Prints "ready" once listening. Exits 3 with a message when
aiosmtpd is missing.
"""
import json
import os
import ssl
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

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("bounce"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
            "tls_version": tls_version(server.transport),
        }
        name = uuid.uuid4().hex
        temporary = os.path.join(self.folder, f".{name}.tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(temporary, os.path.join(self.folder, f"{name}.json"))
        return "250 Message accepted for delivery"


def tls_version(transport):
    ssl_object = transport.get_extra_info("ssl_object")
    return ssl_object.version() if ssl_object is not None else None


def tls_options(args):
    if not args:
        return {}
    mode, cert, key = args
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if mode == "starttls":
        return {"tls_context": context, "require_starttls": True}
    if mode == "tls":
        return {"ssl_context": context}
    sys.exit(f"unknown TLS mode {mode}")


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    options = tls_options(sys.argv[3:])
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
