"""Where each OD of a cycle stands: its visit days and the visitation's status. The one read
model of "held" (the visit took place, `is_gehouden`), read by the cycle page, the Visitaties
page and the API; the Staat's loader applies the same rule in SQL (`GEHOUDEN_STATUSSEN`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

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

    @property
    def status_naam(self) -> str:
        return STATUSSEN[self.status] if self.status else "Nog niet gepland"


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
