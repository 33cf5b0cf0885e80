"""Finding 5 of issue 18: every CSV and XLSX the app writes goes through visitatie.tabelexport, which
neutralises spreadsheet formulas and follows Dutch office habits. The sweep writes every export
with the payloads = + - @ tab CR and checks that none becomes a formula."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from visitatie import tabelexport
from visitatie.api.views import _csv as api_csv
from visitatie.ilt.bestand import BevindingRegel, naar_csv, naar_xlsx
from visitatie.planning import export
from visitatie.taxonomie import taxonomie

PAYLOADS = ["=HYPERLINK(\"https://x.nl\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
APP = Path(__file__).resolve().parents[1] / "visitatie"


def _plan(payload: str) -> list[export.Regel]:
    return [export.Regel("odmh", "Omgevingsdienst Midden-Holland", date(2025, 2, 5), date(2025, 2, 6),
                         "peer", payload, payload)]


def _ilt(payload: str) -> list[BevindingRegel]:
    return [BevindingRegel(1, "aanbeveling", "informatie", None, payload, bron=payload)]


CSV_EXPORTS = {
    "plan": lambda p: export.als_csv(_plan(p)).decode("utf-8-sig"),
    "ilt": lambda p: naar_csv(_ilt(p)).decode("utf-8-sig"),
    "api": lambda p: api_csv([{"code": "odmh", "naam": p}], ["code", "naam"]),
    "tabelexport": lambda p: tabelexport.als_csv(["kolom"], [[p]]).decode("utf-8-sig"),
}
XLSX_EXPORTS = {
    "plan": lambda p: export.als_xlsx(_plan(p), titel="Ronde 2025/2026"),
    "ilt": lambda p: naar_xlsx(_ilt(p), titel="Studie", tax=taxonomie(),
                               registercodes=[("omgevingsdiensten", "odmh", p)]),
    "tabelexport": lambda p: tabelexport.als_xlsx(tabelexport.Blad("Blad", ["kolom"], [[p]])),
}


@pytest.mark.parametrize("soort", CSV_EXPORTS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_csv_export_lets_a_cell_start_a_formula(soort, payload):
    tekst = CSV_EXPORTS[soort](payload)
    scheiding = ";" if soort != "api" else ","
    cellen = [cel for rij in csv.reader(io.StringIO(tekst), delimiter=scheiding) for cel in rij]
    assert "'" + payload in cellen
    assert not [cel for cel in cellen if cel.startswith(tabelexport.FORMULE_TEKENS)]


@pytest.mark.parametrize("soort", XLSX_EXPORTS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_xlsx_export_holds_a_formula(soort, payload):
    boek = load_workbook(io.BytesIO(XLSX_EXPORTS[soort](payload)))
    cellen = [cel for blad in boek.worksheets for rij in blad.iter_rows() for cel in rij]
    assert payload in [cel.value for cel in cellen]
    assert not [cel.coordinate for cel in cellen if cel.data_type == "f"]


def test_plan_exports_speak_dutch_office():
    tekst = export.als_csv(_plan("Pim Peer (fictief)")).decode("utf-8")
    assert tekst.startswith("\ufeffOmgevingsdienst;Eerste dag;Tweede dag;Rol;Persoon;Toelichting\r\n")
    assert "Omgevingsdienst Midden-Holland;2025-02-05;2025-02-06;Peer;Pim Peer (fictief)" in tekst
    blad = load_workbook(io.BytesIO(export.als_xlsx(_plan("Pim"), titel="Ronde 2025/2026"))).active
    assert blad.title == "Ronde 2025-2026" and blad.freeze_panes == "A2" and blad.auto_filter.ref == "A1:F2"
    assert blad["A1"].value == "Omgevingsdienst" and blad["A1"].font.bold and blad["D2"].value == "Peer"


def test_the_ilt_codes_sheet_lists_the_register_codes_the_import_needs():
    boek = load_workbook(io.BytesIO(XLSX_EXPORTS["ilt"]("Omgevingsdienst Midden-Holland")))
    assert ["omgevingsdiensten", "odmh", "Omgevingsdienst Midden-Holland"] in [
        list(r) for r in boek["Codes"].iter_rows(values_only=True)]


def test_only_the_export_helper_writes_csv_or_xlsx():
    """The rule that keeps the class closed: a new export cannot bypass the protection."""
    schrijvers = [str(pad.relative_to(APP)) for pad in APP.rglob("*.py")
                  if re.search(r"csv\.(writer|DictWriter)\(|Workbook\(\)", pad.read_text(encoding="utf-8"))]
    assert schrijvers == ["tabelexport.py"]
