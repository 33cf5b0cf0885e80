"""The formats of a Staat edition: two builds byte-identical in every file, the DOCX in the house
style and readable by LibreOffice, and the PDF's structure tree as PDF/UA asks (page numbers and
leaders as artifacts, all content reachable from the root, a TOC of TOCI, captions as Caption)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from staat_van_vth import pdfua, render
from staat_van_vth.bouw import bouw_editie
from staat_van_vth.hoofdstukken import HOOFDSTUKKEN
from staat_van_vth.snapshot import schrijf_snapshot
from tests.test_staat import EDITIE, fixture_tabellen

pytestmark = pytest.mark.een_ronde  # tests/conftest.py: what it proves does not depend on the database

PDF, DOCX = "staat-van-vth-2099.pdf", "staat-van-vth-2099.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def bouwsels(tmp_path_factory):
    basis = tmp_path_factory.mktemp("formaten")
    snapshot = schrijf_snapshot(fixture_tabellen(), basis / "snapshot", {"jaar": 2099})
    # the first with a second process drawing and laying out beside this one, the second alone:
    # who ran a task must not show in the bytes (staat_van_vth/hulpproces.py)
    eerste = bouw_editie(EDITIE, snapshot, basis / "een", cache=basis / "cache", hulpproces=True)
    tweede = bouw_editie(EDITIE, snapshot, basis / "twee", hulpproces=False)
    return eerste.map, tweede.map


def alle_bestanden(map_: Path) -> dict[str, bytes]:
    return {str(p.relative_to(map_)): p.read_bytes() for p in sorted(map_.rglob("*")) if p.is_file()}


def test_two_builds_of_one_edition_are_byte_identical_in_every_file(bouwsels):
    een, twee = (alle_bestanden(m) for m in bouwsels)
    assert sorted(een) == sorted(twee)
    for soort in (PDF, DOCX, "open-data.zip", "manifest.json"):
        assert soort in een
    assert any(p.endswith(".svg") for p in een) and any(p.endswith(".png") for p in een)
    verschillend = [pad for pad in een if een[pad] != twee[pad]]
    assert verschillend == []


def test_every_date_inside_the_docx_is_the_reference_date(bouwsels):
    with zipfile.ZipFile(bouwsels[0] / DOCX) as docx:
        # pandoc stamps its own parts with the reference date, keeps the fixed date of the
        # parts it takes from the reference document
        assert {info.date_time[:3] for info in docx.infolist()} == {(2099, 6, 1), (2000, 1, 1)}
        kern = docx.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", kern) == \
        ["2099-06-01T00:00:00Z", "2099-06-01T00:00:00Z"]


def test_the_pdf_carries_the_reference_date_not_the_build_time(bouwsels):
    with pikepdf.open(bouwsels[0] / PDF) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20990601")


def test_the_reference_document_is_made_by_its_script():
    from scripts.maak_referentie_docx import huisstijl, standaard_referentie

    assert huisstijl(standaard_referentie()) == render.REFERENTIE_DOCX.read_bytes(), \
        "referentie.docx is verouderd: draai scripts/maak_referentie_docx.py (na een pandoc-update)"


def test_docx_has_contents_page_numbers_and_chapter_breaks(bouwsels):
    import docx

    document = docx.Document(bouwsels[0] / DOCX)
    assert document.styles["Heading 1"].paragraph_format.page_break_before
    lichaam = document.element.body.xml
    assert re.search(r'<w:instrText[^>]*>\s*TOC ', lichaam)
    assert "<w:updateFields" in document.settings.element.xml
    voettekst = document.sections[0].footer._element.xml
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*<", voettekst)
    assert "DejaVu Sans" in document.styles["Normal"].element.xml or \
        "DejaVu Sans" in document.styles.element.xml


def test_docx_columns_are_as_wide_as_their_longest_word(bouwsels):
    import docx

    document = docx.Document(bouwsels[0] / DOCX)
    assert document.tables
    for tabel in document.tables:
        breedtes = [int(k.get(f"{W}w")) for k in tabel._tbl.tblGrid.findall(f"{W}gridCol")]
        kop = [cel.text for cel in tabel.rows[0].cells]
        if len(set(kop)) > 1 and len({len(k) for k in kop}) > 1:
            assert len(set(breedtes)) > 1, kop  # pandoc's equal widths broke words mid-word


@pytest.fixture(scope="module")
def libreoffice_pdf(bouwsels, tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) ontbreekt: installeer het Debian-pakket "
                    "libreoffice-writer-nogui (scripts/system-deps.sh doet dat)")
    uit = tmp_path_factory.mktemp("libreoffice")
    profiel = (uit / "profiel").as_uri()
    proces = subprocess.run([soffice, f"-env:UserInstallation={profiel}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(uit), str(bouwsels[0] / DOCX)],
                            capture_output=True, text=True, timeout=300)
    assert proces.returncode == 0, proces.stderr
    pdf = uit / DOCX.replace(".docx", ".pdf")
    assert pdf.exists(), proces.stdout + proces.stderr
    return pdf


def pdf_tekst(pad: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(pad).pages)


def test_libreoffice_converts_the_docx_and_headings_and_tables_survive(bouwsels, libreoffice_pdf):
    import docx

    document = docx.Document(bouwsels[0] / DOCX)
    koppen = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert koppen == [h.titel for h in HOOFDSTUKKEN]
    tekst = pdf_tekst(libreoffice_pdf)
    woorden = set(re.findall(r"\S+", tekst))
    for kop in koppen:
        assert kop in tekst
    assert len(document.tables) >= 5
    assert "Omgevingsdienst" in woorden  # it broke as "Omgevin gsdienst"
    for tabel in document.tables:
        for cel in tabel.rows[0].cells:
            for woord in cel.text.split():
                assert woord in woorden, f"kopwoord {woord!r} gebroken of weg in de PDF van LibreOffice"


# --- PDF/UA -----------------------------------------------------------------------------------

def gemarkeerde_tekst(pad: Path) -> list[tuple[int, str, bool, float]]:
    """(page, text, inside an artifact, height above the bottom edge in pt) of every text run."""
    from pypdf import PdfReader

    runs = []
    for nummer, pagina in enumerate(PdfReader(pad).pages):
        stapel: list[bool] = []

        def operator(op, args, _cm, _tm, stapel=stapel):
            if op in (b"BDC", b"BMC"):
                stapel.append(str(args[0]) == "/Artifact")
            elif op == b"EMC" and stapel:
                stapel.pop()

        def tekst(t, cm, tm, _font, _size, nummer=nummer, stapel=stapel):
            if t.strip():
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((nummer, t.strip(), any(stapel), y))

        pagina.extract_text(visitor_operand_before=operator, visitor_text=tekst)
    return runs


def test_page_numbers_are_artifacts_and_nothing_tagged_sits_in_the_bottom_margin(bouwsels):
    runs = gemarkeerde_tekst(bouwsels[0] / PDF)
    # the bottom margin is 2.5 cm (71 pt); text inside a chart (a form XObject) reads as y = 0
    voet = [r for r in runs if 0 < r[3] < 60]
    assert voet, "geen paginanummers gevonden"
    assert all(artefact for _p, _t, artefact, _y in voet), [r for r in voet if not r[2]][:3]
    assert {(p, t) for p, t, _a, _y in voet if p >= 2} >= {(2, "3"), (3, "4")}


def test_every_marked_content_is_reachable_from_the_struct_tree_root(bouwsels):
    with pikepdf.open(bouwsels[0] / PDF) as pdf:
        bereikbaar = pdfua.bereikbare_mcids(pdf)
        for pagina in pdf.pages:
            for operanden, operator in pikepdf.parse_content_stream(pagina):
                if str(operator) == "BDC" and "/MCID" in operanden[1]:
                    assert (pagina.objgen, int(operanden[1].MCID)) in bereikbaar


def structuur(pad: Path) -> list[str]:
    with pikepdf.open(pad) as pdf:
        return [str(e.S) for e in pdfua._elementen(pdf.Root.StructTreeRoot)]


def test_contents_is_a_toc_of_tocis_with_leaders_untagged(bouwsels):
    soorten = structuur(bouwsels[0] / PDF)
    assert soorten.count("/TOC") == 1
    assert soorten.count("/TOCI") == len(HOOFDSTUKKEN)
    inhoudspagina = [t for p, t, artefact, _y in gemarkeerde_tekst(bouwsels[0] / PDF)
                     if p == 1 and not artefact]
    assert not [t for t in inhoudspagina if set(t) <= {".", " ", "…"}]
    assert len(inhoudspagina) <= 1 + 3 * len(HOOFDSTUKKEN)


def test_captions_of_tables_and_figures_are_tagged_caption(tmp_path):
    html = render.markdown_naar_html(
        "# Kop\n\nTabel 1. Diensten per provincie\n\n| a | b |\n|---|---:|\n| x | 1 |\n\n"
        "Figuur 1. Omvang van het werkprogramma\n\n![Omvang](figuren/f.png)\n\n"
        "![Deelnemers](figuren/g.png)\n\nFiguur 2. Deelnemers per dienst\n\nTabel 2 staat hier los.\n")
    assert "<caption>Tabel 1. Diensten per provincie</caption>" in html
    assert "<figcaption>Figuur 1. Omvang van het werkprogramma</figcaption>" in html
    assert '<img src="figuren/g.png" alt="Deelnemers">\n<figcaption>Figuur 2. Deelnemers' in html
    assert "<p>Tabel 2 staat hier los.</p>" in html
    pagina = f'<!doctype html><html lang="nl"><head><title>t</title></head><body>{html}</body></html>'
    render.schrijf_pdf(pagina, tmp_path, tmp_path / "t.pdf", gemaakt=date(2099, 6, 1))
    assert structuur(tmp_path / "t.pdf").count("/Caption") == 3
