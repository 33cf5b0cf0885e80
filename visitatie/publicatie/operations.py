"""Editions: recording them, the editors' narrative per chapter, building (as a background
job), adopting and publishing. Every write is logged; the caller commits."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from staat_van_vth.hoofdstukken import HOOFDSTUKKEN
from visitatie import versies
from visitatie.audit.operations import log
from visitatie.errors import Conflict, DomeinFout
from visitatie.publicatie.models import Editie, HoofdstukTekst
from visitatie.taken.models import Taak
from visitatie.taken.runner import maak_taak

HOOFDSTUK_TITELS = {h.code: h.titel for h in HOOFDSTUKKEN}
TAAKSOORT = "staat_bouw"


def editie_van(db: Session, jaar: int) -> Editie | None:
    return db.exec(select(Editie).where(Editie.jaar == jaar)).first()


def maak_editie(db: Session, *, jaar: int, periode_van: date, periode_tot: date,
                peildatum: date) -> Editie:
    if editie_van(db, jaar) is not None:
        raise Conflict(f"Er is al een editie {jaar}.", veld="jaar")
    if not periode_van <= peildatum <= periode_tot:
        raise DomeinFout("De peildatum ligt niet in de periode van de editie.", veld="peildatum")
    editie = Editie(jaar=jaar, periode_van=periode_van, periode_tot=periode_tot, peildatum=peildatum)
    db.add(editie)
    db.flush()
    log(db, actie="editie.aanmaken", object_type="editie", object_id=editie.id, na=editie)
    return editie


def teksten_van(db: Session, editie: Editie) -> dict[str, HoofdstukTekst]:
    return {t.hoofdstuk: t for t in db.exec(
        select(HoofdstukTekst).where(HoofdstukTekst.editie_id == editie.id))}


def bewaar_tekst(db: Session, *, editie: Editie, hoofdstuk: str, markdown: str, versie: int,
                 door: str) -> HoofdstukTekst:
    """Save the narrative of one chapter. `versie` is the version the editor started from
    (0 for a chapter without text yet); a stale save raises Conflict."""
    editie.controleer_wijzigbaar()
    if hoofdstuk not in HOOFDSTUK_TITELS:
        raise DomeinFout(f"Onbekend hoofdstuk '{hoofdstuk}'.")
    tekst = teksten_van(db, editie).get(hoofdstuk)
    if tekst is None:
        if versie != 0:
            raise Conflict("Deze tekst bestaat niet meer in de vorm waarop u begon.")
        tekst = HoofdstukTekst(editie_id=editie.id, hoofdstuk=hoofdstuk, markdown=markdown,
                               bijgewerkt_door=door)
        db.add(tekst)
        voor = None
    else:
        voor = tekst.model_dump()
        tekst.wijzig(markdown, versie=versie, door=door)
    versies.spoel(db, "Iemand anders heeft deze tekst intussen gewijzigd. Hieronder staat de nieuwe "
                      "tekst; neem uw wijzigingen opnieuw op.")
    log(db, actie="editie.tekst", object_type="hoofdstuk_tekst", object_id=tekst.id, voor=voor,
        na=tekst)
    return tekst


def start_bouw(db: Session, *, editie: Editie, gebruiker_id: int | None) -> Taak:
    """Queue a build of the edition (snapshot, site, PDF, DOCX, open data)."""
    editie.controleer_wijzigbaar()
    if editie.status != "concept":
        raise DomeinFout("Alleen een concept-editie wordt gebouwd; heropen de editie eerst.")
    return maak_taak(db, soort=TAAKSOORT, parameters={"editie_id": editie.id},
                     gebruiker_id=gebruiker_id)


def _controleer_versie(editie: Editie, versie: int) -> None:
    if versie != editie.versie:
        raise Conflict("De editie is intussen gewijzigd (bijvoorbeeld opnieuw gebouwd). "
                       "Bekijk de nieuwe stand en probeer het opnieuw.")


def wijzig_status(db: Session, *, editie: Editie, actie: str, versie: int) -> Editie:
    """Adopt (`vaststellen`), reopen (`heropenen`) or publish (`publiceren`) through the
    model's lifecycle; who may publish is the view's permission."""
    _controleer_versie(editie, versie)
    voor = editie.model_dump()
    {"vaststellen": editie.stel_vast, "heropenen": editie.heropen,
     "publiceren": editie.publiceer}[actie]()
    versies.spoel(db, "De editie is intussen gewijzigd (bijvoorbeeld opnieuw gebouwd). Bekijk de "
                      "nieuwe stand en probeer het opnieuw.")
    log(db, actie=f"editie.{actie}", object_type="editie", object_id=editie.id, voor=voor, na=editie)
    return editie


def vorige_gepubliceerde(db: Session, editie: Editie) -> Editie | None:
    return db.exec(select(Editie).where(Editie.status == "gepubliceerd", Editie.jaar < editie.jaar)
                   .order_by(Editie.jaar.desc())).first()


def gepubliceerde_edities(db: Session) -> list[Editie]:
    return list(db.exec(select(Editie).where(Editie.status == "gepubliceerd")
                        .order_by(Editie.jaar.desc())).all())
