"""The improvement plan as a file Dutch Excel opens as is: CSV with semicolons in UTF-8 with a
BOM, and XLSX with Dutch headers, a frozen header row and an autofilter. Pure: plain rows in,
bytes out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

KOPPEN = ["Nr.", "Thema", "Aanbeveling", "Eigenaar", "Uiterlijk gereed", "Status", "Voortgang"]
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ActieRij:
    nummer: int
    thema: str
    aanbeveling: str
    eigenaar: str
    deadline: date | None
    status: str
    voortgang: str


def _tekst(waarde: str) -> str:
    """Text that a spreadsheet never runs as a formula."""
    return "'" + waarde if waarde.startswith(FORMULE_TEKENS) else waarde


def _cellen(rij: ActieRij) -> list[str]:
    return [str(rij.nummer), _tekst(rij.thema), _tekst(rij.aanbeveling), _tekst(rij.eigenaar),
            rij.deadline.strftime("%d-%m-%Y") if rij.deadline else "", rij.status,
            _tekst(rij.voortgang)]


def naar_csv(rijen: list[ActieRij]) -> bytes:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOPPEN)
    schrijver.writerows(_cellen(r) for r in rijen)
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def naar_xlsx(rijen: list[ActieRij], *, titel: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    boek = Workbook()
    blad = boek.active
    blad.title = "Verbeterplan"
    blad.append(KOPPEN)
    for r in rijen:
        cellen = _cellen(r)
        blad.append([r.nummer, *cellen[1:4], r.deadline, *cellen[5:]])
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for rij in blad.iter_rows(min_row=2):
        for cel in rij:
            if isinstance(cel.value, str):
                cel.data_type = "s"  # text, never a formula
                cel.alignment = Alignment(wrap_text=True, vertical="top")
        rij[4].number_format = "DD-MM-YYYY"
    blad.freeze_panes = "A2"
    blad.auto_filter.ref = blad.dimensions
    for kolom, breedte in zip("ABCDEFG", (6, 22, 60, 22, 16, 12, 60), strict=True):
        blad.column_dimensions[kolom].width = breedte
    boek.properties.title = titel
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()
