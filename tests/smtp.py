"""A tiny real SMTP server on a free port that keeps what it receives (tests only: Python
3.12 has no smtpd, and a mock would not test that the app speaks SMTP)."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Gesprek(socketserver.StreamRequestHandler):
    def handle(self):
        self._zeg("220 test-smtp")
        while regel := self.rfile.readline():
            opdracht = regel.decode().strip().upper()
            if opdracht.startswith(("EHLO", "HELO")):
                self._zeg("250 test-smtp")
            elif opdracht == "DATA":
                self._zeg("354 einde met .")
                self.server.berichten.append(self._lees_data())
                self._zeg("250 ok")
            elif opdracht == "QUIT":
                self._zeg("221 dag")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self._zeg("250 ok")

    def _lees_data(self) -> EmailMessage:
        regels = []
        while (regel := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            regels.append(regel[1:] if regel.startswith(b"..") else regel)
        return message_from_bytes(b"".join(regels), policy=policy.default)

    def _zeg(self, tekst: str) -> None:
        self.wfile.write(f"{tekst}\r\n".encode())


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Gesprek)
        self.berichten: list[EmailMessage] = []
        self.poort = self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
