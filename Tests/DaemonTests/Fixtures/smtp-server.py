"""An SMTP server on 127.0.0.1 for the mail tests (aiosmtpd).

Saves each accepted message as msg-N.eml (with its envelope in msg-N.json) in --folder,
prints "ready PORT" once it accepts connections, and runs until terminated.
--mode starttls: STARTTLS offered and required before MAIL; smtps: TLS from the start;
plain: no TLS at all. --user/--password: AUTH required (over TLS). --reject ADDRESS: RCPT
answered 550; --defer ADDRESS: RCPT answered 451.
"""
import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, folder, reject, defer):
        self.folder = folder
        self.reject = set(reject)
        self.defer = set(defer)
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address in self.defer:
            return "451 4.3.0 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f"msg-{self.count}")
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                       "tls": server.transport.get_extra_info("ssl_object") is not None,
                       "auth": session.authenticated}, f)
        os.rename(base + ".tmp", base + ".eml")
        return f"250 2.0.0 Ok: queued as FW{self.count:04d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mode", choices=["starttls", "smtps", "plain"], default="starttls")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--defer", action="append", default=[])
    args = parser.parse_args()
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)

    port = args.port
    if port == 0:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False)

    kwargs = dict(hostname="127.0.0.1", port=port, decode_data=False)
    if args.user:
        kwargs.update(authenticator=authenticate, auth_required=True,
                      auth_require_tls=args.mode != "plain")
    if args.mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    elif args.mode == "smtps":
        kwargs.update(ssl_context=context)
    controller = Controller(Handler(args.folder, args.reject, args.defer), **kwargs)
    controller.start()
    print(f"ready {port}", flush=True)
    # Each message is renamed into place whole, so stopping at any moment loses none. The
    # test process may have started it with SIGTERM blocked.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
