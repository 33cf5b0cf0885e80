"""The one way the app writes a table for people to open in a spreadsheet (CSV or XLSX).

Every text cell is protected against formula injection: a value starting with = + - @, a tab or
a carriage return is written with a leading apostrophe (CSV) or as a text cell (XLSX), so a name
like `=HYPERLINK(...)` stays a name for every reader. The layout follows Dutch office habits:
CSV with semicolons and a UTF-8 BOM (what Dutch Excel opens and saves), XLSX with a bold,
frozen header row, an autofilter and readable column widths."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"


def veilige_tekst(waarde: str) -> str:
    """Text that no spreadsheet reads as a formula."""
    return "'" + waarde if waarde.startswith(FORMULE_TEKENS) else waarde


def _cel(waarde: Any) -> Any:
    """A value as it goes into a cell: numbers and dates as themselves, everything else as text."""
    if waarde is None:
        return ""
    if isinstance(waarde, int | float | date | datetime):  # bool too: an Excel WAAR/ONWAAR
        return waarde
    return str(waarde)


def als_csv(kop: Sequence[str], rijen: Iterable[Sequence[Any]], *, nederlands: bool = True) -> bytes:
    """A CSV in UTF-8. `nederlands` (for people): what Dutch Excel opens and saves, with BOM,
    semicolons and decimal commas; otherwise (for programs, the API): commas and decimal
    points. Formulas are neutralised either way."""
    uit = io.StringIO()
    # CRLF (RFC 4180) for both: the writer then also quotes a value holding a bare CR.
    schrijver = csv.writer(uit, delimiter=";" if nederlands else ",", lineterminator="\r\n")
    schrijver.writerow([_csvtekst(_cel(k), nederlands) for k in kop])
    for rij in rijen:
        schrijver.writerow([_csvtekst(_cel(w), nederlands) for w in rij])
    return (("\ufeff" if nederlands else "") + uit.getvalue()).encode("utf-8")


def _csvtekst(waarde: Any, nederlands: bool) -> str:
    if isinstance(waarde, datetime | date):
        return waarde.isoformat()
    if isinstance(waarde, bool):
        return ("ja" if waarde else "nee") if nederlands else str(waarde)
    if isinstance(waarde, float) and nederlands:
        return repr(waarde).replace(".", ",")  # Dutch Excel reads a decimal comma
    if isinstance(waarde, int | float):
        return repr(waarde)
    return veilige_tekst(str(waarde))


@dataclass
class Blad:
    """One sheet: a title (at most 31 characters), the header, the rows and column widths."""

    titel: str
    kop: Sequence[str]
    rijen: Iterable[Sequence[Any]]
    breedtes: Sequence[int] = field(default_factory=tuple)
    tabel: bool = True  # False: a free-form sheet (explanations) without header styling


def als_xlsx(*bladen: Blad) -> bytes:
    """An XLSX with one sheet per Blad; text is always text, never a formula."""
    from openpyxl import Workbook

    boek = Workbook()
    boek.remove(boek.active)
    for blad in bladen:
        _vul(boek.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", blad.titel)[:31] or "Blad"), blad)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _vul(werkblad, blad: Blad) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    werkblad.append([_cel(k) for k in blad.kop])
    for rij in blad.rijen:
        werkblad.append([_cel(w) for w in rij])
    for rij in werkblad.iter_rows():
        for cel in rij:
            if isinstance(cel.value, str):
                cel.data_type = "s"  # openpyxl would store a leading = as a formula
    for nummer, breedte in enumerate(blad.breedtes, start=1):
        werkblad.column_dimensions[get_column_letter(nummer)].width = breedte
    if blad.tabel and blad.kop:
        for cel in werkblad[1]:
            cel.font = Font(bold=True)
        werkblad.freeze_panes = "A2"
        werkblad.auto_filter.ref = werkblad.dimensions
