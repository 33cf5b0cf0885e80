"""Shared machinery for all-or-nothing imports: read everything, collect every error with its
file, row and column, and only then decide. Row numbers count like a spreadsheet: the header is
row 1, the first data row is row 2. CSV (UTF-8) and XLSX (first sheet) yield the same `Rij`
objects, so both formats share one validation path."""

from __future__ import annotations

import csv
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

XLSX_HANDTEKENING = b"PK\x03\x04"  # an .xlsx file is a zip archive


def bestandssoort(begin: bytes) -> str:
    """'xlsx' or 'csv', judged by the content: a client's file name or type is not trusted."""
    return "xlsx" if begin.startswith(XLSX_HANDTEKENING) else "csv"


@contextmanager
def als_tijdelijk_bestand(data: bytes) -> Iterator[Path]:
    """An uploaded table as a temporary file whose suffix follows its content, never the
    client's file name; removed afterwards."""
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / f"upload.{bestandssoort(data[:8])}"
        pad.write_bytes(data)
        yield pad


def celtekst(waarde: object) -> str:
    """A spreadsheet cell as the text a CSV would hold (dates ISO, whole numbers without .0)."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "1" if waarde else "0"
    if isinstance(waarde, datetime):
        return waarde.date().isoformat() if waarde.time() == datetime.min.time() else waarde.isoformat()
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()


@dataclass(frozen=True)
class Melding:
    bestand: str
    rij: int | None
    kolom: str | None
    tekst: str

    def __str__(self) -> str:
        plaats = self.bestand
        if self.rij is not None:
            plaats += f", rij {self.rij}"
        if self.kolom:
            plaats += f", kolom '{self.kolom}'"
        return f"{plaats}: {self.tekst}"


class ImportFout(Exception):
    """An import was refused; nothing was written. Holds every problem found."""

    def __init__(self, meldingen: list[Melding]):
        self.meldingen = meldingen
        super().__init__("\n".join(str(m) for m in meldingen))


@dataclass
class Rij:
    nummer: int
    waarden: dict[str, str]


@dataclass
class Lezer:
    """Reads one tabular file and collects errors instead of stopping at the first."""

    bestand: str
    meldingen: list[Melding] = field(default_factory=list)

    def fout(self, rij: int | None, kolom: str | None, tekst: str) -> None:
        self.meldingen.append(Melding(self.bestand, rij, kolom, tekst))

    def rijen(self, path: Path, kolommen: list[str]) -> Iterator[Rij]:
        """The data rows of a CSV or (by suffix .xlsx) XLSX file with exactly these columns."""
        if Path(path).suffix.lower() == ".xlsx":
            yield from self._xlsx_rijen(Path(path), kolommen)
            return
        try:
            with open(path, newline="", encoding="utf-8-sig") as f:
                reader = csv.DictReader(f)
                if not self._kolommen_kloppen(reader.fieldnames or [], kolommen):
                    return
                for nummer, waarden in enumerate(reader, start=2):
                    yield Rij(nummer, {k: (v or "").strip() for k, v in waarden.items() if k})
        except UnicodeDecodeError:
            self.fout(None, None, "het bestand is geen CSV in UTF-8 (sla het op als 'CSV UTF-8' "
                                  "of lever een Excel-bestand)")

    def _xlsx_rijen(self, path: Path, kolommen: list[str]) -> Iterator[Rij]:
        from openpyxl import load_workbook

        try:
            boek = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            self.fout(None, None, "het bestand is geen geldig Excel-bestand (.xlsx)")
            return
        try:
            cellen = boek.worksheets[0].iter_rows(values_only=True)
            kop = [celtekst(v) for v in next(cellen, ())]
            while kop and not kop[-1]:  # Excel often reports empty trailing columns
                kop.pop()
            if not self._kolommen_kloppen(kop, kolommen):
                return
            for nummer, rij in enumerate(cellen, start=2):
                waarden = {naam: celtekst(v) for naam, v in zip(kop, rij, strict=False) if naam}
                if any(waarden.values()):  # skip blank rows, as csv.DictReader does
                    yield Rij(nummer, {k: waarden.get(k, "") for k in kop})
        finally:
            boek.close()

    def _kolommen_kloppen(self, gevonden: list[str], verwacht: list[str]) -> bool:
        for kolom in gevonden:
            if kolom not in verwacht:
                self.fout(1, kolom, f"onbekende kolom; verwacht: {', '.join(verwacht)}")
        for kolom in verwacht:
            if kolom not in gevonden:
                self.fout(1, kolom, "kolom ontbreekt")
        return set(gevonden) == set(verwacht)

    def tekst(self, rij: Rij, kolom: str, verplicht: bool = True) -> str:
        waarde = rij.waarden.get(kolom, "")
        if verplicht and not waarde:
            self.fout(rij.nummer, kolom, "verplicht veld is leeg")
        return waarde

    def datum(self, rij: Rij, kolom: str, verplicht: bool = True) -> date | None:
        waarde = self.tekst(rij, kolom, verplicht)
        if not waarde:
            return None
        try:
            return date.fromisoformat(waarde)
        except ValueError:
            self.fout(rij.nummer, kolom, f"'{waarde}' is geen datum (verwacht JJJJ-MM-DD)")
            return None

    def code(self, rij: Rij, kolom: str, bekend: set[str] | dict, soort: str) -> str:
        waarde = self.tekst(rij, kolom)
        if waarde and waarde not in bekend:
            self.fout(rij.nummer, kolom, f"onbekende {soort} '{waarde}'")
        return waarde

    def ja_nee(self, rij: Rij, kolom: str) -> bool:
        waarde = self.tekst(rij, kolom).lower()
        if waarde not in ("0", "1", "ja", "nee", "true", "false"):
            self.fout(rij.nummer, kolom, f"'{waarde}' is geen ja/nee (gebruik 1 of 0)")
        return waarde in ("1", "ja", "true")


def weiger_bij_fouten(lezers: list[Lezer]) -> None:
    meldingen = [m for lezer in lezers for m in lezer.meldingen]
    if meldingen:
        raise ImportFout(meldingen)
