"""`vth reminders send`: the deadline reminders (idempotent)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session

from visitatie.timeutil import vandaag
from visitatie.visitaties.herinneringen import verstuur


@click.group("reminders", help="Herinneringen aan termijnen van visitaties.")
def reminders_group() -> None:
    pass


def smtp_instellingen() -> dict | None:
    """SMTP from the configuration (VTH_SMTP_HOST / _PORT / _AFZENDER); None: the outbox."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return None
    return {"host": config["SMTP_HOST"], "port": config.get("SMTP_PORT", 25),
            "afzender": config.get("SMTP_AFZENDER", "noreply@localhost")}


@reminders_group.command(
    "send", help="Verstuur herinneringen die nog niet verstuurd zijn (nooit dubbel)."
)
@click.option(
    "--datum",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.",
)
@with_appcontext
def reminders_send(datum) -> None:
    peildatum: date = datum.date() if datum else vandaag()
    with Session(current_app.extensions["vth_engine"], expire_on_commit=False) as db:
        nieuw = verstuur(db, vandaag=peildatum, smtp=smtp_instellingen())
        db.commit()
    via = "per e-mail" if smtp_instellingen() else "in het postvak (geen SMTP ingesteld)"
    click.echo(f"{len(nieuw)} nieuwe herinnering(en) {via}.")
