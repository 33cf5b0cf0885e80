"""Writing the register and answering questions about it on a given date."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlmodel import Session, SQLModel, and_, or_, select

from visitatie.audit.operations import log
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst, Provincie
from visitatie.register.referentie import Referentie, lees_referentie


def laad_referentie(db: Session, *, map_: Path) -> dict[str, dict[str, int]]:
    """Read, check and synchronise the reference data: all of it, or (on any error) nothing.

    Idempotent: a second run with the same files changes nothing."""
    ref: Referentie = lees_referentie(map_)
    tellingen = {
        "provincies": _synchroniseer(db, Provincie, lambda p: p.code, ref.provincies),
        "gemeenten": _synchroniseer(db, Gemeente, lambda g: g.code, ref.gemeenten),
        "omgevingsdiensten": _synchroniseer(db, Omgevingsdienst, lambda o: o.code, ref.ods),
        "od_provincies": _synchroniseer(
            db, OdProvincie, lambda k: (k.od_code, k.provincie_code), ref.od_provincies),
        "deelnames": _synchroniseer(
            db, Deelname, lambda d: (d.od_code, d.deelnemer_code, d.geldig_van), ref.deelnames),
    }
    log(db, actie="referentiedata.laden", object_type="register", object_id=str(map_),
        na={k: v for k, v in tellingen.items()})
    return tellingen


def _synchroniseer(db: Session, model: type[SQLModel], sleutel: Callable,
                   nieuw: Sequence[SQLModel]) -> dict[str, int]:
    bestaand = {sleutel(obj): obj for obj in db.exec(select(model)).all()}
    telling = {"nieuw": 0, "gewijzigd": 0, "verwijderd": 0}
    gewenst = {sleutel(obj): obj for obj in nieuw}
    for key, obj in gewenst.items():
        oud = bestaand.get(key)
        if oud is None:
            db.add(obj)
            telling["nieuw"] += 1
        elif _kopieer_velden(obj, oud):
            telling["gewijzigd"] += 1
    for key, oud in bestaand.items():
        if key not in gewenst:
            db.delete(oud)
            telling["verwijderd"] += 1
    db.flush()
    return telling


def _kopieer_velden(bron: SQLModel, doel: SQLModel) -> bool:
    gewijzigd = False
    for veld, waarde in bron.model_dump(exclude={"id"}).items():
        if getattr(doel, veld) != waarde:
            setattr(doel, veld, waarde)
            gewijzigd = True
    return gewijzigd


def geldig_op(model, peildatum: date):
    """SQL condition: the row is valid on the given date (open ends count as valid)."""
    return and_(or_(model.geldig_van.is_(None), model.geldig_van <= peildatum),
                or_(model.geldig_tot.is_(None), model.geldig_tot >= peildatum))


def ods_op(db: Session, peildatum: date, provincie_code: str | None = None) -> list[Omgevingsdienst]:
    query = select(Omgevingsdienst).where(geldig_op(Omgevingsdienst, peildatum))
    if provincie_code:
        query = query.join(OdProvincie).where(OdProvincie.provincie_code == provincie_code)
    return list(db.exec(query.order_by(Omgevingsdienst.naam)).all())


def od_van_gemeente(db: Session, gemeente_code: str, peildatum: date) -> Omgevingsdienst | None:
    return od_per_gemeente(db, [gemeente_code], peildatum).get(gemeente_code)


def deelnemers_op(db: Session, od_code: str, peildatum: date) -> list[tuple[Deelname, str]]:
    """The participants of an OD on a date, with their names, provinces first."""
    rijen = []
    for model in (Provincie, Gemeente):
        query = (select(Deelname, model.naam).join(model, model.code == Deelname.deelnemer_code)
                 .where(Deelname.od_code == od_code, geldig_op(Deelname, peildatum))
                 .order_by(model.naam))
        rijen += list(db.exec(query).all())
    return rijen


def provincies_van_od(db: Session, od_code: str) -> list[Provincie]:
    return provincies_per_od(db, [od_code])[od_code]


def provincies_per_od(db: Session, od_codes: list[str]) -> dict[str, list[Provincie]]:
    """The province(s) of several ODs in one query."""
    query = (select(OdProvincie.od_code, Provincie)
             .join(Provincie, OdProvincie.provincie_code == Provincie.code)
             .where(OdProvincie.od_code.in_(od_codes)).order_by(Provincie.naam))
    per_od: dict[str, list[Provincie]] = {code: [] for code in od_codes}
    for od_code, provincie in db.exec(query).all():
        per_od[od_code].append(provincie)
    return per_od


def od_per_gemeente(db: Session, gemeente_codes: list[str], peildatum: date) -> dict:
    """The OD of several municipalities on a date, in one query."""
    query = (select(Deelname.deelnemer_code, Omgevingsdienst)
             .join(Omgevingsdienst, Deelname.od_code == Omgevingsdienst.code)
             .where(Deelname.deelnemer_code.in_(gemeente_codes), geldig_op(Deelname, peildatum)))
    return dict(db.exec(query).all())


def geschiedenis_van_od(db: Session, od: Omgevingsdienst) -> dict[str, list[Omgevingsdienst]]:
    """Predecessors (merged into this OD) and successor."""
    voorgangers = db.exec(select(Omgevingsdienst).where(Omgevingsdienst.opvolger_code == od.code)
                          .order_by(Omgevingsdienst.naam)).all()
    opvolger = db.get(Omgevingsdienst, od.opvolger_code) if od.opvolger_code else None
    return {"voorgangers": list(voorgangers), "opvolger": [opvolger] if opvolger else []}


def deelnames_van(db: Session, deelnemer_code: str) -> list[tuple[Deelname, Omgevingsdienst]]:
    query = (select(Deelname, Omgevingsdienst).join(Omgevingsdienst)
             .where(Deelname.deelnemer_code == deelnemer_code).order_by(Deelname.geldig_van))
    return list(db.exec(query).all())
