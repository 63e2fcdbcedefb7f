"""The SMTP server of the integration tests: Debian's aiosmtpd storing every message it
accepts in a maildir, with answers the test can change while it runs, by writing files in
CONTROL_DIR (one address a line, read at every command):

  greylist     RCPT TO one of these: 450 (greylisting, as long as the address is listed)
  refuse       RCPT TO one of these: 550 (no such mailbox)
  unavailable  present: every MAIL FROM answered 421 (service not available)

It offers AUTH PLAIN and LOGIN without TLS and no STARTTLS, like a badly set up server, so
that a client willing to send its password in clear would; every command is logged on
stdout ("CMD <verb> <argument>"; an AUTH line is logged with the data it carried).

usage: /usr/bin/python3 smtp_sink.py HOST PORT MAILDIR CONTROL_DIR
"""
import asyncio
import os
import signal
import sys
import time

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult


def log(*words):
    print('%.3f' % time.time(), *words, flush=True)


def listed(control, name, address):
    try:
        with open(os.path.join(control, name)) as fh:
            return address.lower() in {line.strip().lower() for line in fh if line.strip()}
    except FileNotFoundError:
        return False


class Handler(Mailbox):
    def __init__(self, maildir, control):
        super().__init__(maildir)
        self.control = control

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if os.path.exists(os.path.join(self.control, 'unavailable')):
            log('MAIL', address, '421')
            return '421 4.3.2 Service not available, closing transmission channel'
        log('MAIL', address, '250')
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return '250 OK'

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if listed(self.control, 'greylist', address):
            log('RCPT', address, '450')
            return '450 4.2.0 Greylisted, please try again later'
        if listed(self.control, 'refuse', address):
            log('RCPT', address, '550')
            return '550 5.1.1 No such mailbox'
        log('RCPT', address, '250')
        envelope.rcpt_tos.append(address)
        return '250 OK'


class LoggingSMTP(SMTP):
    async def smtp_AUTH(self, arg):
        log('CMD AUTH', arg)
        return await super().smtp_AUTH(arg)


def authenticate(server, session, envelope, mechanism, auth_data):
    log('AUTH', mechanism, getattr(auth_data, 'login', b''), getattr(auth_data, 'password', b''))
    return AuthResult(success=True)


def main():
    host, port, maildir, control = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    handler = Handler(maildir, control)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    factory = lambda: LoggingSMTP(handler, hostname='sink.test', authenticator=authenticate,
                                  auth_require_tls=False)
    server = loop.run_until_complete(loop.create_server(factory, host, port))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    log('listening', host, port)
    loop.run_forever()
    server.close()


if __name__ == '__main__':
    main()
