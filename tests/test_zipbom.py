"""Finding 1 of issue 18: no upload or import can take the server's memory. Archives are judged
from their central directory before anything is inflated; spreadsheets stream with bounds on
rows, columns and cell length. The bomb tests run in a child process under a memory limit
(RLIMIT_AS): the server stays under it and refuses in Dutch."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from visitatie import bestanden
from visitatie.errors import DomeinFout
from visitatie.importeren import MAX_CELTEKST, Importlezer

MB = 1024 * 1024
ONBEGRENSD = 600 * MB  # what the bombs inflate to; the child may use 300 MB above its start

KIND = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from visitatie import bestanden
    from visitatie.errors import DomeinFout
    from visitatie.importeren import Importlezer

    def vmsize():
        regel = next(r for r in open("/proc/self/status") if r.startswith("VmSize:"))
        return int(regel.split()[1]) * 1024

    grens = vmsize() + 300 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (grens, grens))
    soort, pad = sys.argv[1], Path(sys.argv[2])
    if soort == "upload":
        try:
            bestanden.controleer(pad.read_bytes(), naam="x.pdf", soorten=bestanden.TYPEN)
            print("AANVAARD")
        except DomeinFout as fout:
            print("GEWEIGERD", fout.boodschap)
    else:
        lezer = Importlezer("bom.xlsx")
        rijen = list(lezer.rijen(pad, ["naam", "email"]))
        print("MELDINGEN", len(rijen), "; ".join(str(m) for m in lezer.meldingen))
""")


def in_kind(soort: str, pad: Path) -> str:
    """Run the upload check or import in a child process under a memory limit."""
    uit = subprocess.run([sys.executable, "-c", KIND, soort, str(pad)], capture_output=True, text=True,
                         timeout=300, env={"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"},
                         cwd=Path(__file__).resolve().parents[1])
    assert uit.returncode == 0, uit.stderr[-2000:]
    return uit.stdout


def schrijf_nullen(deel, grootte: int) -> None:
    blok = b"\0" * MB
    for _ in range(grootte // MB):
        deel.write(blok)


@pytest.fixture(scope="module")
def bommen(tmp_path_factory) -> dict[str, Path]:
    """An ODT-looking zip whose `mimetype` entry inflates to 600 MB, and an xlsx whose first
    sheet holds a 600 MB inline string; both under 1 MB on disk."""
    map_ = tmp_path_factory.mktemp("bommen")
    odt = map_ / "x.pdf"
    with zipfile.ZipFile(odt, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("mimetype", "w", force_zip64=True) as deel:
            schrijf_nullen(deel, ONBEGRENSD)
    xlsx = map_ / "bom.xlsx"
    boek = Workbook()
    boek.active.append(["naam", "email"])
    buffer = io.BytesIO()
    boek.save(buffer)
    with zipfile.ZipFile(buffer) as bron, zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED,
                                                          compresslevel=9) as z:
        for info in bron.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, bron.read(info))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as deel:
            deel.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                       b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c>'
                       b'<c r="B1" t="inlineStr"><is><t>email</t></is></c></row>'
                       b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
            blok = b"A" * MB
            for _ in range(ONBEGRENSD // MB):
                deel.write(blok)
            deel.write(b"</t></is></c></row></sheetData></worksheet>")
    assert odt.stat().st_size < 2 * MB and xlsx.stat().st_size < 2 * MB
    return {"odt": odt, "xlsx": xlsx}


def test_a_zip_bomb_upload_is_refused_under_a_memory_limit(bommen):
    assert in_kind("upload", bommen["odt"]).startswith("GEWEIGERD Dit bestand pakken we niet uit")


def test_a_spreadsheet_bomb_import_is_refused_under_a_memory_limit(bommen):
    uit = in_kind("import", bommen["xlsx"])
    assert uit.startswith("MELDINGEN 0 bom.xlsx: dit bestand pakken we niet uit"), uit


def zip_met(delen: dict[str, bytes], **opties) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **opties) as z:
        for naam, inhoud in delen.items():
            z.writestr(naam, inhoud)
    return buffer.getvalue()


@pytest.mark.parametrize("inhoud,melding", [
    (zip_met({f"d{i}": b"" for i in range(bestanden.MAX_ZIPDELEN + 1)}), "meer dan 5000 onderdelen"),
    (zip_met({"word/document.xml": b"\0" * (5 * MB)}), "zip-bom"),
])
def test_archives_beyond_the_bounds_are_refused_before_inflating(inhoud, melding):
    with pytest.raises(DomeinFout, match=melding):
        bestanden.controleer(inhoud, naam="stuk.docx")


def test_an_ordinary_odt_docx_and_xlsx_are_still_recognised():
    odt = zip_met({"mimetype": bestanden.TYPEN["odt"].encode(), "content.xml": b"<x/>" * 1000})
    assert bestanden.herken(odt) == "odt"
    assert bestanden.herken(zip_met({"word/document.xml": b"<w/>"})) == "docx"
    assert bestanden.herken(zip_met({"xl/workbook.xml": b"<x/>"})) == "xlsx"


def test_a_nul_in_an_upload_name_is_refused():
    with pytest.raises(DomeinFout, match="ongeldig teken"):
        bestanden.controleer(b"%PDF-1.4", naam="x\x00.pdf")


def lees(pad: Path, kolommen=("naam", "email")) -> tuple[list[dict], list[str]]:
    lezer = Importlezer(pad.name)
    rijen = [r.waarden for r in lezer.rijen(pad, list(kolommen))]
    return rijen, [str(m) for m in lezer.meldingen]


def test_dutch_excel_csv_with_semicolons_and_a_bom_is_read(tmp_path):
    pad = tmp_path / "pool.csv"
    pad.write_bytes("\ufeffnaam;email\r\nJanssen, P.;p@example.nl\r\n".encode())
    assert lees(pad) == ([{"naam": "Janssen, P.", "email": "p@example.nl"}], [])


def test_a_wrong_separator_is_named_instead_of_listing_missing_columns(tmp_path):
    pad = tmp_path / "pool.csv"
    pad.write_text("naam|email\nJan|j@example.nl\n", encoding="utf-8")
    _, meldingen = lees(pad)
    assert meldingen == ["pool.csv, rij 1: we vinden maar één kolom: het scheidingsteken klopt niet. "
                         "Sla het bestand op als 'CSV UTF-8' (puntkomma of komma als scheidingsteken) "
                         "of lever een Excel-bestand"]


@pytest.mark.parametrize("soort,cel,melding", [
    ("csv", "a\x00b", "rij 2, kolom 'naam': de cel bevat een ongeldig teken (NUL)"),
    ("csv", "x" * (MAX_CELTEKST + 1), f"rij 2, kolom 'naam': de cel is langer dan {MAX_CELTEKST} tekens"),
    ("xlsx", "x" * (MAX_CELTEKST + 1), f"rij 2, kolom 'naam': de cel is langer dan {MAX_CELTEKST} tekens"),
    ("xlsx", "a\x00b", "het bestand is geen geldig Excel-bestand (.xlsx)"),  # NUL is not XML
])
def test_bad_cells_are_refused_while_streaming(tmp_path, soort, cel, melding):
    pad = tmp_path / f"pool.{soort}"
    if soort == "csv":
        pad.write_text(f"naam,email\n{cel},j@example.nl\n", encoding="utf-8")
    else:
        boek = Workbook()
        boek.active.append(["naam", "email"])
        boek.active.append(["Jan", "j@example.nl"])
        boek.save(tmp_path / "bron.xlsx")
        _vervang_cel(tmp_path / "bron.xlsx", pad, cel)
    assert lees(pad)[1] == [f"pool.{soort}, {melding}" if "rij" in melding else f"pool.{soort}: {melding}"]


def _vervang_cel(pad: Path, uit: Path, cel: str) -> None:
    """openpyxl refuses to write a NUL or an over-long cell; Excel files from elsewhere may hold them."""
    inhoud = pad.read_bytes()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, zipfile.ZipFile(uit, "w") as z:
        for info in bron.infolist():
            data = bron.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<t>Jan</t>", f"<t>{cel}</t>".encode())
            z.writestr(info, data)


def test_rows_beyond_the_bound_stop_the_read(tmp_path, monkeypatch):
    monkeypatch.setattr("visitatie.importeren.MAX_RIJEN", 3)
    pad = tmp_path / "pool.csv"
    pad.write_text("naam,email\n" + "Jan,j@example.nl\n" * 10, encoding="utf-8")
    rijen, meldingen = lees(pad)
    assert len(rijen) == 3 and meldingen == ["pool.csv: het bestand heeft meer dan 3 rijen; splits het op"]
