"""Account mail (reset links) through the configured SMTP server (VTH_SMTP_HOST/_PORT/_AFZENDER).
Reset links never go to the outbox that coordinators read: without SMTP nothing is sent."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

logger = logging.getLogger(__name__)


def mail_ingesteld(config) -> bool:
    return bool(config.get("SMTP_HOST"))


def verstuur(config, *, aan: str, onderwerp: str, tekst: str) -> bool:
    """Send one message; False (and a log line for the operator) when no SMTP is configured."""
    if not mail_ingesteld(config):
        logger.warning("geen SMTP ingesteld: bericht '%s' niet verstuurd", onderwerp)
        return False
    bericht = EmailMessage()
    bericht["From"] = config.get("SMTP_AFZENDER", "noreply@localhost")
    bericht["To"], bericht["Subject"] = aan, onderwerp
    bericht.set_content(tekst)
    with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT", 25)), timeout=30) as server:
        server.send_message(bericht)
    return True


def herstel_tekst(link: str, minuten: int) -> str:
    return (f"Met deze link kiest u een nieuw wachtwoord voor Staat van VTH:\n\n{link}\n\n"
            f"De link werkt één keer en {minuten} minuten lang. Heeft u dit niet aangevraagd? "
            "Dan kunt u dit bericht negeren; uw wachtwoord blijft dan hetzelfde.\n\n"
            "Dit is een automatisch bericht van Staat van VTH.")
