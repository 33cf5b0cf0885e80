"""Reminders about deadlines (`vth reminders send`): idempotent, by SMTP when configured,
otherwise into the outbox that coordinators read."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta
from email.message import EmailMessage

from sqlmodel import Session, select

from visitatie.audit.operations import log
from visitatie.auth.models import Gebruiker
from visitatie.register.models import Omgevingsdienst
from visitatie.rondes.models import VisitatieRonde
from visitatie.visitaties.models import CommissieLid, Herinnering, Visitatie
from visitatie.visitaties.termijnen import Termijn, termijnen_van

VOORUIT = timedelta(days=7)  # remind a week ahead, and keep reminding nobody twice


def ontvangers(db: Session, visitatie: Visitatie, termijn: Termijn) -> list[str]:
    """Who acts on the step: the OD for its self-evaluation and right of reply, the secretary
    for the draft report."""
    if termijn.klaar_bij == "wederhoor":
        query = (
            select(Gebruiker.email)
            .join(CommissieLid, CommissieLid.gebruiker_id == Gebruiker.id)
            .where(CommissieLid.visitatie_id == visitatie.id, CommissieLid.rol == "secretaris")
        )
    else:
        query = select(Gebruiker.email).where(
            Gebruiker.rol == "od_medewerker", Gebruiker.od_code == visitatie.od_code
        )
    return sorted(db.exec(query.where(Gebruiker.actief.is_(True))).all())


def te_versturen(db: Session, *, vandaag: date) -> list[Herinnering]:
    """New reminders for open steps due within a week (or overdue), not sent before."""
    nieuw = []
    for v in db.exec(select(Visitatie).where(Visitatie.status.not_in(["afgerond"]))).all():
        od = db.get(Omgevingsdienst, v.od_code)
        for t in termijnen_van(v, db.get(VisitatieRonde, v.ronde_id), vandaag):
            if t.deadline - VOORUIT > vandaag or not _open(v, t):
                continue
            for email in ontvangers(db, v, t):
                if db.exec(
                    select(Herinnering.id).where(
                        Herinnering.visitatie_id == v.id,
                        Herinnering.stap == t.stap,
                        Herinnering.ontvanger == email,
                    )
                ).first():
                    continue
                nieuw.append(
                    Herinnering(
                        visitatie_id=v.id,
                        stap=t.stap,
                        ontvanger=email,
                        onderwerp=f"Herinnering visitatie {od.naam}: {t.stap}",
                        tekst=(
                            f"De stap '{t.stap}' van de visitatie van {od.naam} moet uiterlijk "
                            f"{t.deadline.strftime('%d-%m-%Y')} klaar zijn"
                            + (" en is te laat." if t.te_laat else ".")
                            + "\n\nDit is een automatisch bericht van Staat van VTH."
                        ),
                    )
                )
    return nieuw


def _open(v: Visitatie, t: Termijn) -> bool:
    from visitatie.visitaties.models import status_na

    return not status_na(v.status, t.klaar_bij)


def verstuur(db: Session, *, vandaag: date, smtp: dict | None = None) -> list[Herinnering]:
    """Make and send (or queue) the due reminders; each is recorded so it is never sent again."""
    nieuw = te_versturen(db, vandaag=vandaag)
    for h in nieuw:
        if smtp and smtp.get("host"):
            _smtp(smtp, h)
            h.verzonden_via = "smtp"
        db.add(h)
        db.flush()
        log(
            db,
            actie="herinnering.versturen",
            object_type="visitatie",
            object_id=h.visitatie_id,
            na={"stap": h.stap, "ontvanger": h.ontvanger, "via": h.verzonden_via},
        )
    return nieuw


def _smtp(smtp: dict, h: Herinnering) -> None:
    bericht = EmailMessage()
    bericht["From"], bericht["To"], bericht["Subject"] = (
        smtp.get("afzender", "noreply@localhost"),
        h.ontvanger,
        h.onderwerp,
    )
    bericht.set_content(h.tekst)
    with smtplib.SMTP(smtp["host"], int(smtp.get("port", 25)), timeout=30) as server:
        server.send_message(bericht)
