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
from xml.etree.ElementTree import ParseError

from visitatie.bestanden import ArchiefTeGroot, open_archief

XLSX_HANDTEKENING = b"PK\x03\x04"  # an .xlsx file is a zip archive
# Bounds checked while a file streams in: far beyond any real import, far below harm.
MAX_RIJEN = 50_000
MAX_KOLOMMEN = 100
MAX_CELTEKST = 32_767  # Excel's own limit for one cell
MAX_IMPORT_UITGEPAKT = 50 * 1024 * 1024


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


def scheidingsteken(kopregel: str) -> str:
    """The separator of a CSV judged by its header line: semicolon (Dutch Excel), tab or comma."""
    return max((";", "\t", ","), key=kopregel.count) if kopregel.strip() else ","


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
class Importlezer:
    """Reads one tabular file and collects errors instead of stopping at the first."""

    bestand: str
    meldingen: list[Melding] = field(default_factory=list)

    def fout(self, rij: int | None, kolom: str | None, tekst: str) -> None:
        self.meldingen.append(Melding(self.bestand, rij, kolom, tekst))

    def rijen(self, path: Path, kolommen: list[str]) -> Iterator[Rij]:
        """The data rows of a CSV or (by suffix .xlsx) XLSX file with exactly these columns.
        Both are read as a stream with bounds on rows, columns and cell length checked as they
        come, so no file (a zip bomb, a 300 MB cell) can take the server's memory."""
        path = Path(path)
        bron = self._xlsx_rijen(path) if path.suffix.lower() == ".xlsx" else self._csv_rijen(path)
        kop = next(bron, None)
        if kop is None or not self._kolommen_kloppen(kop, kolommen):
            return
        for nummer, cellen in enumerate(bron, start=2):
            if nummer > MAX_RIJEN + 1:
                self.fout(None, None, f"het bestand heeft meer dan {MAX_RIJEN} rijen; splits het op")
                return
            waarden = {naam: self._cel(nummer, naam, v) for naam, v in zip(kop, cellen, strict=False) if naam}
            if any(waarden.values()):  # skip blank rows, as a spreadsheet user expects
                yield Rij(nummer, {k: waarden.get(k, "") for k in kop if k})

    def _cel(self, nummer: int, kolom: str, waarde: str) -> str:
        if len(waarde) > MAX_CELTEKST:
            self.fout(nummer, kolom, f"de cel is langer dan {MAX_CELTEKST} tekens")
            return ""
        if "\x00" in waarde:
            self.fout(nummer, kolom, "de cel bevat een ongeldig teken (NUL)")
            return ""
        return waarde

    def _csv_rijen(self, path: Path) -> Iterator[list[str]]:
        """The header, then each row, of a CSV in UTF-8 (with or without BOM), separated by
        semicolons (what Dutch Excel saves) or commas."""
        try:
            with open(path, newline="", encoding="utf-8-sig") as f:
                teken = scheidingsteken(f.readline())
                f.seek(0)  # the utf-8-sig decoder drops a BOM again after this
                for rij in csv.reader(f, delimiter=teken):
                    yield [cel.strip() for cel in rij[:MAX_KOLOMMEN]]
        except UnicodeDecodeError:
            self.fout(None, None, "het bestand is geen CSV in UTF-8 (sla het op als 'CSV UTF-8' "
                                  "of lever een Excel-bestand)")
        except csv.Error:
            self.fout(None, None, f"het bestand is geen leesbare CSV (een cel is langer dan "
                                  f"{MAX_CELTEKST} tekens of een aanhalingsteken sluit niet)")

    def _xlsx_rijen(self, path: Path) -> Iterator[list[str]]:
        from openpyxl import load_workbook

        try:
            open_archief(path, max_uitgepakt=MAX_IMPORT_UITGEPAKT).close()
            boek = load_workbook(path, read_only=True, data_only=True)
        except ArchiefTeGroot as fout:
            self.fout(None, None, fout.boodschap[0].lower() + fout.boodschap[1:].rstrip("."))
            return
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            self.fout(None, None, "het bestand is geen geldig Excel-bestand (.xlsx)")
            return
        try:
            cellen = boek.worksheets[0].iter_rows(max_col=MAX_KOLOMMEN, max_row=MAX_RIJEN + 2,
                                                  values_only=True)
            kop = [celtekst(v) for v in next(cellen, ())]
            while kop and not kop[-1]:  # Excel often reports empty trailing columns
                kop.pop()
            yield kop
            for rij in cellen:
                yield [celtekst(v) for v in rij]
        except (ParseError, zipfile.BadZipFile, KeyError, ValueError):
            self.fout(None, None, "het bestand is geen geldig Excel-bestand (.xlsx)")
        finally:
            boek.close()

    def _kolommen_kloppen(self, gevonden: list[str], verwacht: list[str]) -> bool:
        if len(gevonden) == 1 and len(verwacht) > 1 and not set(gevonden) & set(verwacht):
            self.fout(1, None, "we vinden maar één kolom: het scheidingsteken klopt niet. Sla het "
                               "bestand op als 'CSV UTF-8' (puntkomma of komma als scheidingsteken) "
                               "of lever een Excel-bestand")
            return False
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


def weiger_bij_fouten(lezers: list[Importlezer]) -> None:
    meldingen = [m for lezer in lezers for m in lezer.meldingen]
    if meldingen:
        raise ImportFout(meldingen)
