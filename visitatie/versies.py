"""Optimistic locking, one way for every versioned row. A model with a `versie` column mixes in
`Versiebeheer`: its mapper then puts `AND versie = <the version read>` into every UPDATE and
refuses (StaleDataError) when no row matched, so a save based on an old version can never
overwrite a newer one, not even when two saves pass the Python check at the same moment.
Operations write through `schrijf`, which turns that refusal into the domain's Conflict."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import declared_attr
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from visitatie.errors import Conflict

GEWIJZIGD = "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."


class Versiebeheer:
    """Mixin for a table model with an integer `versie`: the database checks the version."""

    @declared_attr
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy passes the class
        # The application raises `versie` itself (generator False), so the value a user read and
        # the value the UPDATE's WHERE carries are the same number.
        return {"version_id_col": cls.__table__.c.versie, "version_id_generator": False}


def controleer(rij: Any, gelezen: int | None, boodschap: str = GEWIJZIGD) -> None:
    """Refuse at once when the user's version is not the one stored (the cheap, early check)."""
    if gelezen != rij.versie:
        raise Conflict(boodschap)


def schrijf(db: Session, rij: Any, gelezen: int | None, boodschap: str = GEWIJZIGD, **waarden: Any) -> None:
    """Write `waarden` to a versioned row the user read at version `gelezen`: the UPDATE runs
    `WHERE id = :id AND versie = :gelezen` and raises the version; no row matched means someone
    else saved first, and the caller gets Conflict(boodschap) with nothing written."""
    controleer(rij, gelezen, boodschap)
    for naam, waarde in waarden.items():
        setattr(rij, naam, waarde)
    rij.versie = gelezen + 1
    db.add(rij)
    spoel(db, boodschap)


def spoel(db: Session, boodschap: str = GEWIJZIGD) -> None:
    """Flush, turning a lost race on a versioned row into Conflict. The session is rolled back:
    what this request did so far is not kept, and the next read shows the newer version."""
    try:
        db.flush()
    except StaleDataError:
        db.rollback()
        raise Conflict(boodschap) from None
