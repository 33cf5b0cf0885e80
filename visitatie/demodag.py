"""The day the demo describes. The demo builds every state (held visits, deadlines, "te laat")
relative to this day and stores it, so the demo looks the same whatever day it is loaded or
opened: in development and demo mode the app's clock is set to it (see `zet_klok`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

from visitatie import timeutil

DEMODAG = date(2026, 9, 15)  # the default: the second cycle runs, the 2026 edition is being written


class DemoDag(SQLModel, table=True):
    """One row, present only in a database with the demo loaded."""

    __tablename__ = "demodag"
    id: int = Field(default=1, primary_key=True)
    datum: date


def bewaar_demodag(db: Session, datum: date) -> None:
    rij = db.get(DemoDag, 1) or DemoDag(datum=datum)
    rij.datum = datum
    db.add(rij)
    db.flush()


def lees_demodag(engine: Engine) -> date | None:
    if not inspect(engine).has_table("demodag"):
        return None
    with Session(engine) as db:
        rij = db.get(DemoDag, 1)
    return rij.datum if rij else None


def zet_klok(config: dict, engine: Engine) -> date | None:
    """Set the app's clock: VTH_VANDAAG when given; else, in development and demo mode, the
    stored demo day. Production always runs on the real date. Returns the day set, if any."""
    dag = config.get("VANDAAG")
    if dag is None and config["VTH_ENV"] in ("development", "demo"):
        dag = lees_demodag(engine)
    if dag is not None:
        timeutil.zet_vandaag(dag)
    return dag
