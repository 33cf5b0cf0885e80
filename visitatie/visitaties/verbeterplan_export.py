"""The improvement plan as a file Dutch Excel opens as is: CSV with semicolons in UTF-8 with a
BOM, and XLSX with Dutch headers, a frozen header row and an autofilter. Pure: plain rows in,
bytes out, through the app's one table writer (visitatie/tabelexport.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from visitatie import tabelexport

KOPPEN = ["Nr.", "Thema", "Aanbeveling", "Eigenaar", "Uiterlijk gereed", "Status", "Voortgang"]


@dataclass(frozen=True)
class ActieRij:
    nummer: int
    thema: str
    aanbeveling: str
    eigenaar: str
    deadline: date | None
    status: str
    voortgang: str


def _waarden(rij: ActieRij, *, datum_als_tekst: bool) -> list:
    deadline = rij.deadline.strftime("%d-%m-%Y") if (rij.deadline and datum_als_tekst) else rij.deadline
    return [rij.nummer, rij.thema, rij.aanbeveling, rij.eigenaar, deadline, rij.status, rij.voortgang]


def naar_csv(rijen: list[ActieRij]) -> bytes:
    return tabelexport.als_csv(KOPPEN, [_waarden(r, datum_als_tekst=True) for r in rijen])


def naar_xlsx(rijen: list[ActieRij], *, titel: str) -> bytes:
    """One sheet named after the visitation (`titel`, cut to a sheet name's 31 characters)."""
    return tabelexport.als_xlsx(tabelexport.Blad(
        titel or "Verbeterplan", KOPPEN, [_waarden(r, datum_als_tekst=False) for r in rijen],
        breedtes=(6, 22, 60, 22, 16, 12, 60)))
