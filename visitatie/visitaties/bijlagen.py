"""Attachments where a committee and an OD expect them: an assessment section (`kader`), interview
notes (`gesprek`) and a right-of-reply reaction (`wederhoor`). Who may read and add follows the
confidentiality of the part itself (`RECHTEN`); files go through the app's one file store."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from visitatie import bestanden
from visitatie.audit.operations import log
from visitatie.errors import DomeinFout
from visitatie.taal import cijfers
from visitatie.visitaties.models import (
    GespreksVerslag,
    Visitatie,
    VisitatieBijlage,
    WederhoorReactie,
    status_na,
)
from visitatie.vragenlijsten.definitie import catalogus

# part -> (right to read, right to add or remove): interview notes and assessments stay with the
# committee; a reaction's annex is read by whoever reads the draft.
RECHTEN = {
    "kader": ("gesprekken", "gesprekken"),
    "gesprek": ("gesprekken", "gesprekken"),
    "wederhoor": ("concept_lezen", "wederhoor_reageren"),
}


def bijlagen_van(db: Session, visitatie_id: int, onderdeel: str) -> dict[str, list[VisitatieBijlage]]:
    """Reference -> its attachments, oldest first."""
    uit: dict[str, list[VisitatieBijlage]] = {}
    for b in db.exec(select(VisitatieBijlage)
                     .where(VisitatieBijlage.visitatie_id == visitatie_id,
                            VisitatieBijlage.onderdeel == onderdeel)
                     .order_by(VisitatieBijlage.id)):
        uit.setdefault(b.verwijzing, []).append(b)
    return uit


def controleer_plek(db: Session, *, visitatie: Visitatie, onderdeel: str, verwijzing: str) -> None:
    """Refuse a part that does not exist, or that is closed for new files."""
    if onderdeel not in RECHTEN:
        raise DomeinFout("Onbekend onderdeel.")
    if onderdeel == "kader":
        if verwijzing not in {s.code for s in catalogus()[visitatie.kader_lijst].secties}:
            raise DomeinFout("Onbekende sectie.")
        if status_na(visitatie.status, "definitief"):
            raise DomeinFout("Het rapport is definitief; bijlagen bij de beoordeling liggen vast.")
    elif onderdeel == "gesprek":
        verslag = db.get(GespreksVerslag, int(verwijzing)) if cijfers(verwijzing) else None
        if verslag is None or verslag.visitatie_id != visitatie.id:
            raise DomeinFout("Onbekend gespreksverslag.")
    else:
        reactie = db.get(WederhoorReactie, int(verwijzing)) if cijfers(verwijzing) else None
        if reactie is None or reactie.visitatie_id != visitatie.id:
            raise DomeinFout("Onbekende reactie.")
        if reactie.besluit is not None or visitatie.status != "wederhoor":
            raise DomeinFout("De commissie heeft deze reactie al beantwoord; de bijlagen liggen vast.")


def voeg_toe(db: Session, *, map_: Path, visitatie: Visitatie, onderdeel: str, verwijzing: str,
             naam: str, inhoud: bytes, max_bytes: int, door_id: int | None) -> VisitatieBijlage:
    """Check the place and the file, store it and record it."""
    controleer_plek(db, visitatie=visitatie, onderdeel=onderdeel, verwijzing=verwijzing)
    opgeslagen = bestanden.bewaar(map_, inhoud, naam=naam, max_bytes=max_bytes)
    bijlage = VisitatieBijlage(visitatie_id=visitatie.id, onderdeel=onderdeel, verwijzing=verwijzing,
                               naam=opgeslagen.naam, sleutel=opgeslagen.sleutel,
                               soort=opgeslagen.soort, grootte=opgeslagen.grootte, door_id=door_id)
    db.add(bijlage)
    db.flush()
    log(db, actie="bijlage.toevoegen", object_type="visitatie", object_id=visitatie.id,
        na={"onderdeel": onderdeel, "verwijzing": verwijzing, "naam": bijlage.naam})
    return bijlage


def verwijder(db: Session, *, visitatie: Visitatie, bijlage: VisitatieBijlage) -> None:
    """Remove an attachment from its part (the stored file stays: the audit log refers to it)."""
    controleer_plek(db, visitatie=visitatie, onderdeel=bijlage.onderdeel, verwijzing=bijlage.verwijzing)
    voor = {"onderdeel": bijlage.onderdeel, "verwijzing": bijlage.verwijzing, "naam": bijlage.naam,
            "sleutel": bijlage.sleutel}
    db.delete(bijlage)
    db.flush()
    log(db, actie="bijlage.verwijderen", object_type="visitatie", object_id=visitatie.id, voor=voor)


def verwijder_alle(db: Session, *, visitatie_id: int, onderdeel: str, verwijzing: str) -> None:
    """Drop the attachments of a part that itself goes (a withdrawn reaction)."""
    for b in bijlagen_van(db, visitatie_id, onderdeel).get(verwijzing, []):
        db.delete(b)
    db.flush()
