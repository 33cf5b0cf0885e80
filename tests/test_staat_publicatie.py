"""The Staat fit to publish (issue 15, content and page layout): the demo edition 2024, built
once with `vth staat bouwen --uit` from the demo, read back from its Markdown, PDF and site:
demo label everywhere, cover and colophon, generated key messages, one key-figure page with
trends, "geen gegevens" instead of 0, n with every share, norms, numbering, Dutch dates."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from staat_van_vth import grafieken, monitoring, uitgave
from staat_van_vth.indicatoren import Kerncijfer
from tests.conftest import make_test_app

pytestmark = pytest.mark.een_ronde  # tests/conftest.py: what it proves does not depend on the database

DEMO = "Demo: fictieve cijfers"


@pytest.fixture(scope="module")
def editie(demo_template, tmp_path_factory):
    """Built through the Dutch name of the one build command, into a folder of its own."""
    url, opslag = demo_template
    map_ = tmp_path_factory.mktemp("staat-publicatie")
    app = make_test_app(url, STORAGE_DIR=str(opslag))
    uitkomst = app.test_cli_runner().invoke(
        args=["staat", "bouwen", "--editie", "2024", "--uit", str(map_)])
    app.extensions["vth_engine"].dispose()
    assert uitkomst.exit_code == 0, uitkomst.output
    return map_ / "editie"


@pytest.fixture(scope="module")
def markdown(editie) -> str:
    return (editie / "staat-van-vth-2024.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_paginas(editie) -> list[str]:
    from pypdf import PdfReader

    with open(editie / "staat-van-vth-2024.pdf", "rb") as bestand:
        return [pagina.extract_text() for pagina in PdfReader(bestand).pages]


def plat(tekst: str) -> str:
    """PDF text as read: lines joined, words hyphenated at a line end made whole again."""
    return " ".join(re.sub(r"[\u2010-]\n", "", tekst).split())


def hoofdstuk(markdown: str, titel: str) -> str:
    return markdown.split(f"\n# {titel}\n", 1)[1].split("\n# ", 1)[0]


# --- demo label ------------------------------------------------------------------------

def test_demo_is_known_from_the_snapshot_rows_alone():
    echt = {"waarnemingen": pd.DataFrame({"waarde": [1.0], "fictief": [False]}),
            "omgevingsdiensten": pd.DataFrame({"code": ["a"]})}
    assert not uitgave.is_demo(echt)
    assert uitgave.is_demo({**echt, "robuustheid": pd.DataFrame({"fictief": [0, 1]})})


def test_every_pdf_page_carries_the_demo_label(pdf_paginas):
    assert len(pdf_paginas) > 40
    zonder = [nummer for nummer, tekst in enumerate(pdf_paginas, 1) if DEMO not in tekst]
    assert zonder == []
    assert uitgave.DEMO_TEKST in plat(pdf_paginas[0])  # and plainly on the cover


def test_every_table_and_chart_has_the_demo_note_in_the_markdown(markdown):
    """The DOCX is made from this Markdown, so the note is there too."""
    regels = markdown.split("\n")
    tabellen = sum(1 for i, r in enumerate(regels[:-1])
                   if r.startswith("|") and not regels[i + 1].startswith("|"))
    figuren = sum(1 for r in regels if r.startswith("!["))
    colofon = 2  # the colophon and the abbreviations are about the edition, not its data
    assert markdown.count(uitgave.DEMO_ONDERSCHRIFT) == tabellen + figuren - colofon
    assert DEMO in markdown.split("---", 2)[1]  # the title block: the DOCX cover


def test_the_site_says_demo_on_every_page(editie):
    paginas = [*editie.joinpath("site").glob("*.html"), *editie.joinpath("site", "od").glob("*.html")]
    assert len(paginas) > 20
    assert [p.name for p in paginas if DEMO not in p.read_text(encoding="utf-8")] == []


# --- cover, colophon, one build command --------------------------------------------------

def test_cover_and_colophon_name_publisher_date_edition_version_contact_licence(pdf_paginas):
    omslag = plat(pdf_paginas[0])
    for woord in ("Uitgever", uitgave.UITGEVER, "Peildatum", "1 juni 2024", "versie 4"):
        assert woord in omslag
    colofon = plat(pdf_paginas[1])
    for woord in ("Colofon", "Contact", "Licentie open data", "CC0 1.0", "SHA-256"):
        assert woord in colofon


def test_the_cli_build_uses_the_editors_texts_as_the_app_does(markdown):
    """`vth staat bouwen --uit` built this edition: the editors' summary is in it, next to the
    generated key messages, and never the placeholder of old."""
    hoofdlijnen = hoofdstuk(markdown, "Hoofdlijnen")
    assert "## Van de redactie" in hoofdlijnen and "(fictieve demotekst)" in hoofdlijnen
    assert "De redactie schrijft hier" not in markdown


def test_bouwen_is_the_build_command_under_its_dutch_name():
    from visitatie.cli import staat_group

    assert staat_group.commands["bouwen"] is staat_group.commands["build"]


def test_key_messages_are_generated_with_figure_and_chapter_link(markdown):
    hoofdlijnen = hoofdstuk(markdown, "Hoofdlijnen")
    boodschappen = re.findall(r"^\d+\. \*\*(.+?): (.+?)\.\*\* Zie \[(.+?)\]\(#(.+?)\)\.$",
                              hoofdlijnen, re.MULTILINE)
    assert 3 <= len(boodschappen) <= 6
    koppen = set(re.findall(r"^# (.+)$", markdown, re.MULTILINE))
    assert {titel for _n, _w, titel, _a in boodschappen} <= koppen
    assert ("Omgevingsdiensten", "28", "Het stelsel in cijfers", "het-stelsel-in-cijfers") in boodschappen


# --- key figures ---------------------------------------------------------------------------

def test_one_overview_of_every_key_figure_with_real_trends(markdown, pdf_paginas):
    overzicht = hoofdstuk(markdown, "Kerncijfers")
    rijen = [r for r in overzicht.split("\n") if r.startswith("| [")]
    assert len(rijen) >= 20
    assert "geen vergelijking met de vorige editie" not in markdown
    # the indicators' national medians over the three years of the snapshot, with a small line
    bedrijven = next(r for r in rijen if r.startswith("| [Bedrijven onder toezicht"))
    assert "(2021–2023: " in bedrijven and "figuren/trend-indicator_bedrijven.svg" in bedrijven
    assert "(2022–2024: " in next(r for r in rijen if "gepubliceerd visitatierapport" in r)
    pagina = next(plat(t) for t in pdf_paginas if "Kerncijfers in één oogopslag" in plat(t))
    # one page: the first and the last key figure and the note under the table
    for tekst in ("Omgevingsdiensten", "Omvang regionaal werkprogramma (landelijke mediaan, 2023)",
                  "Demogegevens: deze cijfers zijn fictief."):
        assert tekst in pagina


def test_definitions_are_printed_once(markdown):
    definitie = "Omgevingsdiensten die op de peildatum bestaan."
    assert markdown.count(definitie) == 1
    assert markdown.count("Gemeenten die op de peildatum deelnemen aan een omgevingsdienst.") == 1


def test_missing_data_reads_geen_gegevens_with_its_reason_not_zero(markdown):
    overzicht = hoofdstuk(markdown, "Kerncijfers")
    cyclus = next(r for r in overzicht.split("\n") if r.startswith("| [Beleidscyclus 2022 compleet]"))
    assert "geen gegevens (geen beleidsdocumenten over 2022 vastgelegd)" in cyclus
    minister = next(r for r in overzicht.split("\n") if "(oordeel minister)" in r)
    assert "geen gegevens (de minister heeft vóór de peildatum nog geen dienst beoordeeld)" in minister


def test_every_share_comes_with_its_n():
    k = Kerncijfer("x", "X", 40.0, "%", "d", "b", n=5, teller=2)
    assert k.waarde_tekst == "40 % (2 van 5)"
    assert Kerncijfer("x", "X", 82.1, "%", "d", "b", n=21).waarde_tekst == "82,1 % (n = 21)"
    assert Kerncijfer("x", "X", None, "%", "d", "b", reden="nog niets").waarde_tekst == \
        "geen gegevens (nog niets)"


def test_shares_in_the_report_carry_their_n(markdown):
    overzicht = hoofdstuk(markdown, "Kerncijfers")
    aandelen = re.findall(r"\| (\d+(?:,\d)?) %( \([^)]*\))? \|", overzicht)
    assert aandelen and all(n for _w, n in aandelen)
    ilt = next(r for r in overzicht.split("\n") if r.startswith("| [Opvolging ILT-aanbevelingen afgerond]"))
    assert re.search(r"\| \d+(,\d)? % \([\d.]+ van [\d.]+\) \|", ilt), ilt  # a share of items: teller van n


def test_a_median_of_counts_is_a_whole_number():
    assert monitoring.landelijke_mediaan(pd.Series([1, 2, 3, 4, 5, 6]), "aantal") == 3.0
    assert monitoring.landelijke_mediaan(pd.Series([1.0, 2, 3, 4, 5, 6]), "fte") == 3.5


def test_no_half_counts_in_the_od_profiles(markdown):
    profielen = hoofdstuk(markdown, "Profielen per omgevingsdienst")
    halve = [r for r in profielen.split("\n") if r.startswith("| Bedrijven") and ",5 |" in r]
    assert halve == []


def test_board_self_assessments_and_the_work_programme_norm_are_reported(markdown):
    overzicht = hoofdstuk(markdown, "Kerncijfers")
    zelf = next(r for r in overzicht.split("\n") if "(eigen oordeel bestuur)" in r)
    assert re.search(r"\| \d+ van \d+ \|", zelf)
    norm = next(r for r in overzicht.split("\n") if "Werkprogramma van ten minste 16,5 mln euro" in r)
    assert re.search(r"\| [\d,]+ % \(\d+ van \d+\) \|", norm)


# --- charts, tables, abbreviations ---------------------------------------------------------

def test_the_median_line_is_labelled():
    data = pd.DataFrame({"afkorting": ["B", "A", "C", "D", "E"], "n": [1, 2, 3, 4, 6]})
    spec = grafieken.staaf_met_mediaan(data, "afkorting", "n", "T", "aantal")
    teksten = [laag for laag in spec["layer"] if laag["mark"].get("type") == "text"]
    assert teksten and spec["datasets"]
    assert any("mediaan 3" in str(v) for v in spec["datasets"].values())


def test_a_chart_and_its_table_share_one_order(markdown):
    stelsel = hoofdstuk(markdown, "Het stelsel in cijfers")
    na_figuur = stelsel.split("figuren/gemeenten-per-od.svg", 1)[1]
    tabel = [r for r in na_figuur.split("\n\n| Omgevingsdienst | Gemeenten |", 1)[1].split("\n\n")[0]
             .split("\n") if r.startswith("| ") and "---" not in r]
    afkortingen = [r.split(" | ")[0].removeprefix("| ") for r in tabel]
    assert afkortingen == sorted(afkortingen) and len(afkortingen) == 28


def test_figures_and_tables_are_numbered_without_gaps_and_visibly(markdown, pdf_paginas):
    tabellen = [int(n) for n in re.findall(r"^\*Tabel (\d+)\. ", markdown, re.MULTILINE)]
    assert tabellen == list(range(1, len(tabellen) + 1))
    figuren = [int(n) for n in re.findall(r"^\*\*Figuur (\d+)\. ", markdown, re.MULTILINE)]
    assert figuren == list(range(1, len(figuren) + 1)) and figuren
    assert any("Figuur 1. Deelnemende gemeenten per omgevingsdienst" in plat(t) for t in pdf_paginas)


def test_the_abbreviations_are_explained(pdf_paginas):
    tekst = plat("\n".join(pdf_paginas[1:4]))
    for afkorting, naam in (("ODZOB", "Omgevingsdienst Zuidoost-Brabant"),
                            ("OFGV", "Omgevingsdienst Flevoland & Gooi en Vechtstreek"),
                            ("RUD LN", "RUD Limburg Noord")):
        assert f"{afkorting} {naam}" in tekst


# --- layout and Dutch formatting ---------------------------------------------------------

def test_each_od_profile_starts_a_page(pdf_paginas, markdown):
    namen = re.findall(r"^## (.+)$", hoofdstuk(markdown, "Profielen per omgevingsdienst"), re.MULTILINE)
    paginas = [plat(t) for t in pdf_paginas]
    assert len(namen) == 28
    assert [n for n in namen if not any(t.startswith(n) for t in paginas)] == []


def test_dates_are_dutch_and_decimals_have_a_comma(markdown):
    zonder_links = re.sub(r"\]\([^)]*\)", "]", markdown)
    assert re.findall(r"\b\d{4}-\d{2}-\d{2}\b", zonder_links) == []
    # a decimal point before a unit or range (11.8 tot 44.1 miljoen); "versie 2.1" is a name
    assert re.findall(r"\b\d+\.\d+ (?:tot|miljoen|procent|%|fte)", zonder_links) == []
    assert re.findall(r"mediaan is \d+\.\d", zonder_links) == []
    assert "uiteen van 11,8 tot 66,7 miljoen euro" in markdown  # OD Veluwe: its predecessors


def test_page_numbers_and_footer_are_in_the_body_font(editie):
    from pypdf import PdfReader

    with open(editie / "staat-van-vth-2024.pdf", "rb") as bestand:
        lettertypen = {str(f["/BaseFont"]) for p in PdfReader(bestand).pages
                       for f in (p["/Resources"].get("/Font") or {}).values()
                       if "/BaseFont" in f.get_object()}
    assert lettertypen and all("DejaVu-Sans" in f for f in lettertypen), lettertypen


def test_the_peildatum_of_a_series_is_the_day_a_year_earlier():
    """A key figure's series: the stand on the reference day of each earlier year."""
    from staat_van_vth.hoofdstukken import _stand_op

    rapporten = pd.DataFrame({"gepubliceerd_op": ["2022-05-01", "2023-06-02", "2024-05-31"]})
    stand = _stand_op({"visitatierapporten": rapporten}, date(2023, 6, 1))
    assert stand["visitatierapporten"]["gepubliceerd_op"].tolist() == ["2022-05-01"]


def test_a_policy_cycle_without_documents_has_no_zero_tables_and_no_empty_chart(markdown):
    cyclus = hoofdstuk(markdown, "Horizontale verantwoording")
    assert "Geen gegevens: over 2022 is van geen enkele deelnemer een beleidsdocument vastgelegd" in cyclus
    assert "figuren/beleidscyclus.svg" not in cyclus and "| Ontbreekt" not in cyclus
    assert "uiteen van 0 tot 0" not in markdown


def test_on_the_site_a_link_to_another_chapter_goes_to_its_page(editie):
    hoofdlijnen = (editie / "site" / "hoofdlijnen.html").read_text(encoding="utf-8")
    assert 'href="stelsel.html#het-stelsel-in-cijfers"' in hoofdlijnen
    assert 'href="#het-stelsel-in-cijfers"' not in hoofdlijnen
    robuustheid = (editie / "site" / "robuustheid.html").read_text(encoding="utf-8")
    assert 'href="verantwoording.html#bronnen-en-definities"' in robuustheid


# --- one population: the ODs that exist on the reference date ----------------------------

ODS_2024 = 28  # on 1-1-2024 OD Noord-Veluwe and OD Veluwe IJssel became OD Veluwe
NIET_OVER_ODS = ("Verbeteracties", "Opvolging ILT", "Kwaliteitscriteria")  # actions, recommendations, tests


def tabelrijen(deel: str, titel: str) -> list[list[str]]:
    """The body rows of the first table after this title (of a table or a figure), as cells."""
    regels = deel.split(titel, 1)[1].split("\n|", 1)[1].split("\n\n", 1)[0].splitlines()
    return [[c.strip() for c in r.strip("|").split("|")] for r in regels[2:]]


def test_every_count_of_ods_is_over_the_ods_of_the_reference_date(markdown):
    """One fact, one place: the number of ODs beside each key figure, in the visitation
    coverage and in the list per OD are all the edition's ODs (merged services not counted)."""
    kerncijfers = tabelrijen(hoofdstuk(markdown, "Kerncijfers"), "Kerncijfers in één oogopslag")
    assert next(rij[1] for rij in kerncijfers if rij[0].startswith("[Omgevingsdiensten]")) \
        == str(ODS_2024)
    noemers = {rij[0]: [int(n) for n in re.findall(r"(?:\d van|n =) (\d+)", rij[1])]
               for rij in kerncijfers if not rij[0].startswith(tuple(f"[{w}" for w in NIET_OVER_ODS))}
    met_noemer = {naam: n for naam, n in noemers.items() if n}
    assert len(met_noemer) >= 5
    assert {naam: n for naam, n in met_noemer.items() if n != [ODS_2024]} == {}
    visitaties = hoofdstuk(markdown, "Visitaties")
    dekking = tabelrijen(visitaties, "Dekking per visitatieronde")[-1]
    assert int(dekking[2]) == ODS_2024
    assert sum(int(c) for c in (dekking[3], dekking[5], dekking[6])) == ODS_2024
    per_od = tabelrijen(visitaties, "Stand per omgevingsdienst in de laatst begonnen ronde")
    assert len(per_od) == ODS_2024
    assert "Omgevingsdienst Veluwe" in {rij[0] for rij in per_od}
    assert not {"Omgevingsdienst Noord-Veluwe", "Omgevingsdienst Veluwe IJssel"} & {r[0] for r in per_od}


def test_the_work_programme_chart_and_its_median_are_over_the_same_ods(markdown):
    robuustheid = hoofdstuk(markdown, "Robuustheid")
    tabel = tabelrijen(robuustheid, "**Figuur 2. Omvang regionaal werkprogramma")
    assert len(tabel) == ODS_2024
    waarden = sorted(float(r[1].replace(".", "").replace(",", ".")) for r in tabel)
    mediaan = (waarden[13] + waarden[14]) / 2
    assert f"de mediaan is {monitoring.getal(round(mediaan, 1))}" in robuustheid.replace("\n", " ")


# --- the reviewer's leftovers of issue 15 -------------------------------------------------

def test_the_docx_footer_carries_the_demo_label_on_every_page(editie):
    """Every page of the DOCX has the one section's footer: the label is in it, before the
    page number field, and two builds of the footer stay identical (zip dates kept)."""
    import zipfile

    import docx

    document = docx.Document(editie / "staat-van-vth-2024.docx")
    assert len(document.sections) == 1
    voettekst = document.sections[0].footer
    assert not voettekst.is_linked_to_previous
    assert voettekst.paragraphs[0].text.startswith(f"{uitgave.DEMO_LABEL} · Staat van VTH · pagina")
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*<", voettekst._element.xml)
    with zipfile.ZipFile(editie / "staat-van-vth-2024.docx") as archief:
        assert {i.date_time[:3] for i in archief.infolist()} <= {(2024, 6, 1), (2000, 1, 1)}


def test_the_demo_label_goes_only_into_a_demo_docx(tmp_path):
    """The reference document (the footer of every DOCX) has no label; `demo_in_voettekst`
    adds it, keeping the page number, and gives the same bytes for the same DOCX."""
    import shutil
    import zipfile

    from staat_van_vth import render

    def voettekst(pad) -> str:
        with zipfile.ZipFile(pad) as archief:
            return archief.read("word/footer1.xml").decode()

    assert uitgave.DEMO_LABEL not in voettekst(render.REFERENTIE_DOCX)
    een, twee = tmp_path / "een.docx", tmp_path / "twee.docx"
    for pad in (een, twee):
        shutil.copyfile(render.REFERENTIE_DOCX, pad)
        uitgave.demo_in_voettekst(pad)
    assert uitgave.DEMO_LABEL in voettekst(een) and " PAGE " in voettekst(een)
    assert een.read_bytes() == twee.read_bytes()


def test_each_od_profile_has_its_own_small_numbered_chart(markdown, editie, pdf_paginas):
    profielen = hoofdstuk(markdown, "Profielen per omgevingsdienst")
    per_od = re.split(r"^## ", profielen, flags=re.MULTILINE)[1:]
    assert len(per_od) == ODS_2024
    for deel in per_od:
        naam = deel.split("\n", 1)[0]
        kop = re.search(rf"^\*\*Figuur (\d+)\. {re.escape(naam)} naast de landelijke mediaan, 2023\*\*\\\n"
                        r"!\[[^]]+\]\((figuren/profiel-[a-z0-9_-]+\.svg)\)\n\n"
                        + re.escape(uitgave.DEMO_ONDERSCHRIFT) + r"\n\n(.+)$", deel, re.MULTILINE)
        assert kop, naam
        assert "als percentage van de landelijke mediaan" in kop.group(3)
        pad = editie / "site" / kop.group(2)
        assert pad.exists() and pad.with_suffix(".png").exists()
    assert any("Figuur 3. DCMR Milieudienst Rijnmond naast de landelijke mediaan, 2023" in plat(t)
               for t in pdf_paginas)


def test_the_od_page_on_the_site_shows_its_chart_as_a_figure(editie):
    pagina = (editie / "site" / "od" / "dcmr.html").read_text(encoding="utf-8")
    figuur = re.search(r"<figure>\s*<figcaption>(Figuur \d+\. DCMR[^<]*)</figcaption>\s*"
                       r'<img src="\.\./figuren/profiel-dcmr\.svg" alt="([^"]+)"', pagina)
    assert figuur and figuur.group(2) == figuur.group(1)
    assert (editie / "site" / "figuren" / "profiel-dcmr.vl.json").exists()
    # as every chart of a chapter: a figure with its caption (Caption in the tagged PDF)
    stelsel = (editie / "site" / "stelsel.html").read_text(encoding="utf-8")
    assert "<figure>\n<figcaption>Figuur 1. Deelnemende gemeenten per omgevingsdienst</figcaption>" \
        in stelsel


def test_the_profile_chart_labels_the_median_line():
    data = pd.DataFrame({"indicator": ["A", "B"], "index": [80, 130]})
    spec = grafieken.index_tegen_mediaan(data, "indicator", "index")
    lagen = [laag["mark"]["type"] for laag in spec["layer"]]
    assert lagen == ["bar", "rule", "text"]
    assert spec["layer"][0]["encoding"]["x2"] == {"datum": 100}
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [50, 150]
    assert any("landelijke mediaan = 100" in str(v) for v in spec["datasets"].values())


@pytest.mark.parametrize(("indexen", "domein", "streepjes"), [
    ([80, 130], [50, 150], [50, 75, 100, 125, 150]),
    ([100, 175], [0, 200], [0, 50, 100, 150, 200]),  # a range of 75 once gave ticks 25, 62, 99, ...
    ([40, 300], [0, 300], [0, 100, 200, 300]),  # never below 0: an index is a share of the median
    ([100, 251], [0, 300], [0, 100, 200, 300]),
])
def test_the_profile_chart_axis_has_whole_ticks_with_one_on_the_median(indexen, domein, streepjes):
    assert grafieken.index_as(pd.Series(indexen)) == (domein, streepjes)
    assert 100 in streepjes and all(t % 25 == 0 for t in streepjes)


def test_the_docx_draws_the_small_charts_at_a_fixed_small_size(editie):
    """Sized by their pixels the trend lines filled their column: 1,1 cm wide as in the PDF;
    a profile's chart 11 cm."""
    import zipfile

    with zipfile.ZipFile(editie / "staat-van-vth-2024.docx") as archief:
        xml = archief.read("word/document.xml").decode()
    breedte = {m.group(2): int(m.group(1)) for m in re.finditer(
        r'<wp:extent cx="(\d+)".*?<pic:cNvPr descr="(figuren/[^"]+)"', xml)}
    trend = {p: b for p, b in breedte.items() if "/trend-" in p}
    profiel = {p: b for p, b in breedte.items() if "/profiel-" in p}
    assert len(trend) >= 10 and len(profiel) == ODS_2024
    cm = 360_000  # EMU
    assert all(abs(b - 1.1 * cm) < 0.01 * cm for b in trend.values()), trend
    assert all(abs(b - 11 * cm) < 0.01 * cm for b in profiel.values()), profiel


def test_long_words_of_the_source_column_are_not_broken_mid_syllable(pdf_paginas, markdown):
    """The PDF breaks a long compound in a narrow cell at a syllable, with a hyphen (read back
    whole), never mid-syllable without one ("Robuustheidsbeoordeli ngen")."""
    pagina = next(plat(t) for t in pdf_paginas if "Kerncijfers in één oogopslag" in plat(t))
    bronnen = re.findall(r"\| ([^|]+) \|$", hoofdstuk(markdown, "Kerncijfers"), re.MULTILINE)[1:]
    lang = {w for bron in bronnen for w in bron.split() if len(w) >= 14}
    assert "Robuustheidsbeoordelingen" in lang
    assert {w for w in lang if w not in pagina} == set()


def test_no_unverified_article_is_printed(markdown, pdf_paginas):
    assert "niet geverifieerd" not in markdown
    assert not any("niet geverifieerd" in plat(t) for t in pdf_paginas)


def test_changes_of_percentages_are_in_procentpunt(markdown):
    """Every trend of a percentage with a series ends with its change in procentpunt; no
    change anywhere in the report is written as a signed percentage."""
    overzicht = hoofdstuk(markdown, "Kerncijfers")
    trends = [r for r in overzicht.split("\n") if r.startswith("| [") and " % → " in r]
    assert trends and all(re.search(r": [+−]?[\d,]+ procentpunt\) \|", r) or ": gelijk) |" in r
                          for r in trends), trends
    assert "procentpunt" in " ".join(trends)
    assert re.findall(r"[+−]\d+(?:,\d+)? ?%", markdown) == []


def test_the_site_links_its_downloads_relatively(editie):
    """The start page links the PDF, DOCX and open-data zip next to it: as files, and in the
    app, which serves the site folder under /staat/<jaar>/."""
    index = (editie / "site" / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"/]+\.(?:pdf|docx|zip))" download>([^<]+)</a>', index))
    assert links == {"staat-van-vth-2024.pdf": "PDF", "staat-van-vth-2024.docx": "Word-document",
                     "staat-van-vth-2024-open-data.zip": "open data"}
    bron = {"staat-van-vth-2024.pdf": "staat-van-vth-2024.pdf",
            "staat-van-vth-2024.docx": "staat-van-vth-2024.docx",
            "staat-van-vth-2024-open-data.zip": "open-data.zip"}
    for link, bestand in bron.items():
        assert (editie / "site" / link).read_bytes() == (editie / bestand).read_bytes()


# Key figures whose data keep no history: the snapshot has only their stand of today.
ZONDER_HISTORIE = ("Seveso-omgevingsdiensten", "Deelnemende gemeenten", "Gemeenten per omgevingsdienst",
                   "Robuuste omgevingsdiensten (eigen oordeel bestuur)",
                   "Door de minister beoordeelde omgevingsdiensten", "Verbeteracties",
                   "Opvolging ILT-aanbevelingen")


def test_key_figures_with_a_multi_year_series_show_their_trend(markdown):
    rijen = [r for r in hoofdstuk(markdown, "Kerncijfers").split("\n") if r.startswith("| [")]
    enkel = [r.split("]")[0][3:] for r in rijen if "| alleen deze peildatum |" in r]
    assert [n for n in enkel if not n.startswith(ZONDER_HISTORIE)] == []
    ods = next(r for r in rijen if r.startswith("| [Omgevingsdiensten]"))
    assert "29 → 29 → 28 (2022–2024: −1)" in ods  # two services merged on 1 January 2024
    assert "figuren/trend-visitatie_dekking.svg" in next(r for r in rijen if "lopende ronde" in r)
    assert "(2021–2023:" in next(r for r in rijen if r.startswith("| [Werkprogramma van ten minste"))


def test_every_chart_spec_of_the_edition_is_valid_vega_lite(editie):
    """The build asks altair for its specs unvalidated (`grafieken.als_spec`: a fifth of a
    chart's time on the build's critical path); here each spec it drew is checked against
    Vega-Lite's schema, so a chart altair would have refused still fails a test."""
    import json

    import altair as alt

    specs = sorted((editie / "site" / "figuren").glob("*.vl.json"))
    assert len(specs) > 20
    for pad in specs:
        spec = json.loads(pad.read_text(encoding="utf-8"))
        soort = alt.LayerChart if "layer" in spec else alt.Chart
        soort.from_dict(spec, validate=True)
    with pytest.raises(Exception, match="layer"):
        alt.LayerChart.from_dict({**spec, "layer": 5}, validate=True)
