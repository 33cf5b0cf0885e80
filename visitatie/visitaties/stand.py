"""Where each OD of a cycle stands: its visit days and the visitation's status. The one read
model of "held" (the visit took place, `is_gehouden`), read by the cycle page, the Visitaties
page and the API; the Staat's loader applies the same rule in SQL (`GEHOUDEN_STATUSSEN`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from visitatie.bekend_op import als_datum, bekend_op
from visitatie.visitaties.models import GEHOUDEN_VANAF, STATUSSEN, VOLGORDE, Visitatie, is_gehouden

GEHOUDEN_STATUSSEN = tuple(VOLGORDE[VOLGORDE.index(GEHOUDEN_VANAF):])


@dataclass(frozen=True)
class Bezoekstand:
    od_code: str
    visitatie_id: int | None
    bezoek_van: date | None
    bezoek_tot: date | None
    status: str | None  # the workflow status; None: no visitation yet

    @property
    def gehouden(self) -> bool:
        return is_gehouden(self.status)

    def op(self, dag: date) -> str:
        """Its status on a day (`stand_op`)."""
        return stand_op(self.status, self.bezoek_van, dag)

    @property
    def status_naam(self) -> str:
        return STATUSSEN[self.status] if self.status else "Nog niet gepland"


STAND_NAMEN = {"bezocht": "Bezocht", "gepland": "Gepland", "niet_gepland": "Nog niet gepland"}


def stand_op(status: str | None, bezoek_van, dag: date) -> str:
    """The visitation status of an OD on a day (pure): `bezocht` when its visit took place
    (`is_gehouden`) and its first day is known on that day (`visitatie.bekend_op`); `gepland`
    when visit days are set; else `niet_gepland`. The one rule for "held by the reference
    date" of the edition's loaders and the pages. An OD of the cycle without a visitation (an
    empty table cell: None or NaN) has status None."""
    return stand_uit_dagen(bezocht_op(status, bezoek_van, dag), bezoek_van)


def bezocht_op(status: str | None, bezoek_van, dag: date) -> date | None:
    """The first day of the visit if it was held as known on `dag`, else None."""
    status = status if isinstance(status, str) and status else None
    return bekend_op(bezoek_van, dag) if is_gehouden(status) else None


def stand_uit_dagen(bezocht, gepland) -> str:
    """The stand from the day a visit was held as known on a day (`bezocht_op`) and its first
    planned day: what `stand_op` says, for a table that keeps those two days (the Staat's
    `visitatiebezoeken`). Empty cells (None, NaN) are no day."""
    if als_datum(bezocht) is not None:
        return "bezocht"
    return "gepland" if als_datum(gepland) is not None else "niet_gepland"


def van_visitatie(v: Visitatie) -> Bezoekstand:
    return Bezoekstand(v.od_code, v.id, v.bezoek_van, v.bezoek_tot, v.status)


def bezoekstanden(db: Session, ronde_id: int) -> dict[str, Bezoekstand]:
    """OD code -> its visitation's days and status in the cycle (one query)."""
    rijen = db.exec(select(Visitatie.od_code, Visitatie.id, Visitatie.bezoek_van, Visitatie.bezoek_tot,
                           Visitatie.status).where(Visitatie.ronde_id == ronde_id)).all()
    return {r[0]: Bezoekstand(*r) for r in rijen}


def gehouden_ods(db: Session, ronde_id: int) -> dict[str, date | None]:
    """OD code -> first visit day, for every OD of the cycle whose visit took place."""
    return {s.od_code: s.bezoek_van for s in bezoekstanden(db, ronde_id).values() if s.gehouden}
