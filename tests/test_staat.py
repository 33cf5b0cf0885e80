"""The Staat van VTH pipeline: indicators on small frames, snapshot integrity, the rendered
Markdown of a fixture edition against a committed file, determinism, PDF, DOCX, open data."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from staat_van_vth import indicatoren
from staat_van_vth.bouw import Editiegegevens, bouw_editie, maak_snapshot
from staat_van_vth.hoofdstukken import HOOFDSTUKKEN
from staat_van_vth.render import md_tabel
from staat_van_vth.snapshot import SnapshotFout, lees_snapshot, schrijf_snapshot

VERWACHT = Path(__file__).parent / "expected" / "staat_fixture.md"
EDITIE = Editiegegevens(2099, date(2099, 6, 1), "2097-2099 (testeditie)")


def fixture_tabellen() -> dict[str, pd.DataFrame]:
    ods = pd.DataFrame({"code": ["b", "a", "c"], "naam": ["Dienst B", "Dienst A", "Dienst C|x"],
                        "afkorting": ["DB", "DA", "DC"], "seveso": [False, True, False],
                        "geldig_van": [None] * 3, "geldig_tot": [None] * 3,
                        "opvolger_code": [None] * 3})
    deelnames = pd.DataFrame({
        "od_code": ["a", "a", "b", "b", "b", "c", "a"],
        "soort": ["gemeente"] * 6 + ["provincie"],
        "deelnemer_code": ["GM1", "GM2", "GM3", "GM4", "GM5", "GM6", "PV1"],
        "naam": ["Aadorp", "Beek", "Cuijk", "Dalen", "Epe", "Fijnaart", "Provincie P"],
        "provincie_code": ["PV1"] * 7, "status": ["read"] * 7})
    od_provincies = pd.DataFrame({"od_code": ["a", "b", "c"], "provincie_code": ["PV1"] * 3,
                                  "provincie": ["P"] * 3})
    return {"omgevingsdiensten": ods, "deelnames": deelnames, "od_provincies": od_provincies,
            **monitoring_tabellen(), **ilt_tabellen(), **visitatie_tabellen()}


def visitatie_tabellen() -> dict[str, pd.DataFrame]:
    rondes = pd.DataFrame({"ronde_id": [1, 2], "naam": ["Ronde 1 (fictief)", "Ronde 2 (fictief)"],
                           "start": ["2096-01-01", "2098-07-01"], "deadline": ["2097-12-31", "2100-06-30"]})
    bezoeken = pd.DataFrame(
        [(1, "a", "2097-03-01", "2097-03-01"), (1, "b", "2098-02-01", "2097-11-01"), (1, "c", None, None),
         (2, "a", "2099-01-10", "2099-01-10"), (2, "b", None, "2099-09-01"), (2, "c", None, None)],
        columns=["ronde_id", "od_code", "bezocht_op", "gepland"])
    return {"visitatierondes": rondes, "visitatiebezoeken": bezoeken, **visitatierapport_tabellen()}


KALIBRATIEKOLOMMEN = ["ronde_id", "thema", "zelfevaluatie", "zelf_vraag", "zelf", "kader",
                      "kader_vraag", "commissie"]


def kalibratierij(ronde_id, thema, versie, zelf_vraag, zelf, kader_vraag, commissie) -> tuple:
    """A row of the visitatie_kalibratie table, both questionnaires of one version."""
    return (ronde_id, thema, f"zelfevaluatie@{versie}", zelf_vraag, zelf, f"visitatiekader@{versie}",
            kader_vraag, commissie)


def visitatierapport_tabellen() -> dict[str, pd.DataFrame]:
    """Published reports: a in both cycles (its second report supersedes the first), b in the
    first only, c none. The kalibratie uses a fictitious reworded-incompatible question
    (pr_oordeel_v2) in cycle 2, so cycle 1's professionaliteit is not comparable."""
    from staat_van_vth.load import vragen_herkomst

    rapporten = pd.DataFrame(
        [(1, "a", "2097-03-01", "2097-03-02", "2097-06-01"),
         (1, "b", "2098-02-01", "2098-02-02", "2098-05-01"),
         (2, "a", "2099-01-10", "2099-01-11", "2099-04-01")],
        columns=["ronde_id", "od_code", "bezoek_van", "bezoek_tot", "gepubliceerd_op"])
    bevindingen = pd.DataFrame(
        [(1, "a", "sterk_punt", "toekomstvisie"), (1, "a", "aanbeveling", "samenspel"),
         (2, "a", "sterk_punt", "toekomstvisie"), (2, "a", "aanbeveling", "toekomstvisie"),
         (2, "a", "aanbeveling", "ketensamenwerking"), (2, "a", "bevinding", "samenspel"),
         (1, "b", "sterk_punt", "samenspel"), (1, "b", "aanbeveling", "toekomstvisie")],
        columns=["ronde_id", "od_code", "type", "thema"])
    bevindingen["tekst"] = [f"(fictief) punt {i}" for i in range(len(bevindingen))]
    acties = pd.DataFrame(
        [(1, "a", "samenspel", "2098-01-01", "open"), (2, "a", "toekomstvisie", "2099-03-01", "open"),
         (2, "a", "toekomstvisie", "2099-05-01", "gereed"),
         (2, "a", "ketensamenwerking", "2099-12-31", "lopend"),
         (1, "b", "toekomstvisie", "2098-12-31", "vervallen")],
        columns=["ronde_id", "od_code", "thema", "deadline", "status"])
    kalibratie = pd.DataFrame(
        [kalibratierij(1, "toekomstvisie", 2024, "tv_zelfoordeel", 3, "tv_oordeel", 2),
         kalibratierij(1, "toekomstvisie", 2024, "tv_zelfoordeel", 2, "tv_oordeel", 2),
         kalibratierij(2, "toekomstvisie", 2026, "tv_zelfoordeel", 2, "tv_oordeel", 3),
         kalibratierij(1, "professionaliteit", 2024, "pr_zelfoordeel", 2, "pr_oordeel", 2),
         kalibratierij(1, "professionaliteit", 2024, "pr_zelfoordeel", 3, "pr_oordeel", 3),
         kalibratierij(2, "professionaliteit", 2026, "pr_zelfoordeel", 3, "pr_oordeel_v2", 2)],
        columns=KALIBRATIEKOLOMMEN)
    return {"visitatierapporten": rapporten, "visitatie_bevindingen": bevindingen, "verbeteracties": acties,
            "visitatie_kalibratie": kalibratie, "vragen_herkomst": vragen_herkomst(None, None)}


def monitoring_tabellen() -> dict[str, pd.DataFrame]:
    robuustheid = pd.DataFrame(
        [(1, "a", "v1", "ministerie", "2098-01-01", "c1", "voldoet_niet"),
         (1, "a", "v1", "ministerie", "2098-01-01", "c2", "voldoet"),
         (2, "a", "v1", "ministerie", "2099-01-01", "c1", "voldoet"),
         (2, "a", "v1", "ministerie", "2099-01-01", "c2", "voldoet"),
         (3, "b", "v1", "ministerie", "2099-02-01", "c1", "voldoet"),
         (3, "b", "v1", "ministerie", "2099-02-01", "c2", "voldoet_niet"),
         (4, "b", "v1", "bestuur_od", "2099-03-01", "c1", "voldoet"),
         (4, "b", "v1", "bestuur_od", "2099-03-01", "c2", "voldoet")],
        columns=["beoordeling_id", "od_code", "criteria_versie", "beoordelaar", "datum",
                 "criterium_code", "resultaat"])
    criteria = pd.DataFrame({"versie": ["v1", "v1"], "code": ["c1", "c2"], "volgorde": [1, 2],
                             "titel": ["Omvang werkprogramma", "Kennis | kunde"]})
    toetsen = pd.DataFrame(
        [("a", "2.3", "zelfevaluatie", "2097-05-01", 20, 40),
         ("a", "2.3", "zelfevaluatie", "2098-05-01", 30, 40),
         ("b", "3.0", "extern_bureau", "2099-02-01", 45, 50)],
        columns=["od_code", "criteria_versie", "methode", "datum", "aantal_voldaan", "aantal_totaal"])
    documenten = pd.DataFrame(
        [("a", "GM1", "uhs", 2097, "2096-12-01", "2096-12-10"),
         ("a", "GM1", "uitvoeringsprogramma", 2097, "2097-03-01", "2097-03-05"),
         ("a", "GM1", "jaarverslag", 2097, "2098-05-01", "2098-05-02"),
         ("a", "GM2", "uhs", 2096, "2095-12-01", "2095-12-10"),
         ("a", "GM2", "uitvoeringsprogramma", 2097, "2097-05-01", "2097-05-05"),
         ("a", "GM2", "jaarverslag", 2097, "2098-05-01", "2098-05-02"),
         ("b", "GM3", "uhs", 2097, "2096-12-01", None),
         ("b", "GM4", "uitvoeringsprogramma", 2097, "2097-03-01", "2097-03-05")],
        columns=["od_code", "deelnemer_code", "soort", "jaar", "vastgesteld_op", "verzonden_op"])
    indicatoren_ = pd.DataFrame(
        [("werkprogramma", "Omvang regionaal werkprogramma", "Omvang in miljoen euro.", "mln euro", "OD"),
         ("bedrijven", "Bedrijven onder toezicht", "Aantal bedrijven.", "aantal", "OD")],
        columns=["code", "naam", "definitie", "eenheid", "bron"])
    waarnemingen = pd.DataFrame(
        [(i, od, j, w, "goed", True) for (i, od, j, w) in [
            ("werkprogramma", "a", 2098, 12.5), ("werkprogramma", "b", 2098, 30.0),
            ("werkprogramma", "c", 2098, 8.0), ("bedrijven", "a", 2098, 1200.0),
            ("bedrijven", "b", 2098, 3400.0), ("werkprogramma", "a", 2097, 12.0)]],
        columns=["indicator_code", "od_code", "jaar", "waarde", "kwaliteit", "fictief"])
    return {"robuustheid": robuustheid, "robuustheidscriteria": criteria,
            "kwaliteitstoetsen": toetsen, "beleidsdocumenten": documenten,
            "indicatoren": indicatoren_, "waarnemingen": waarnemingen}


def ilt_tabellen() -> dict[str, pd.DataFrame]:
    from staat_van_vth.load import taxonomie_termen

    bevindingen = pd.DataFrame(
        [(1, "Studie X (fictief)", "2099-01-15", 1, "aanbeveling", "informatie", "hoog"),
         (1, "Studie X (fictief)", "2099-01-15", 2, "bevinding", "samenspel", None),
         (1, "Studie X (fictief)", "2099-01-15", 3, "aanbeveling", "informatie", "midden")],
        columns=["studie_id", "studie", "publicatiedatum", "nummer", "type", "thema", "ernst"])
    adressaten = pd.DataFrame(
        [(1, 1, "actor", "gemeenten"), (1, 1, "od", "a"), (1, 2, "actor", "omgevingsdiensten"),
         (1, 3, "od", "b"), (1, 3, "od", "a")],
        columns=["studie_id", "nummer", "soort", "code"])
    opvolging = pd.DataFrame(
        [(1, 1, "od", "a", "afgerond"), (1, 3, "od", "a", "open"), (1, 3, "od", "b", "in_behandeling")],
        columns=["studie_id", "nummer", "partij_soort", "partij_code", "status"])
    return {"ilt_bevindingen": bevindingen, "ilt_adressaten": adressaten, "ilt_opvolging": opvolging,
            "taxonomie": taxonomie_termen(None, None)}


def test_gemeenten_per_od_counts_and_sorts_alphabetically():
    t = fixture_tabellen()
    per_od = indicatoren.gemeenten_per_od(t["omgevingsdiensten"], t["deelnames"], t["od_provincies"])
    assert per_od["naam"].tolist() == ["Dienst A", "Dienst B", "Dienst C|x"]
    assert per_od["gemeenten"].tolist() == [2, 3, 1]  # the province is not counted
    assert indicatoren.mediaan(per_od["gemeenten"]) == 2.0


def test_small_groups_are_suppressed():
    tabel = pd.DataFrame({"groep": ["x", "y"], "n": [4, 5], "gemiddelde": [1.5, 2.5]})
    uit = indicatoren.onderdruk_kleine_groepen(tabel, "n", ["gemiddelde"])
    assert uit["gemiddelde"].tolist() == [None, 2.5]
    assert uit["onderdrukt"].tolist() == [True, False]


def test_key_figures_with_trend_against_previous_edition():
    huidig = fixture_tabellen()
    vorig = fixture_tabellen()
    vorig["omgevingsdiensten"] = vorig["omgevingsdiensten"].iloc[:2]
    cijfers = {k.code: k for k in indicatoren.stelsel_in_cijfers(huidig, vorig)}
    assert cijfers["ods"].waarde == 3 and cijfers["ods"].vorige == 2
    assert cijfers["ods"].trend == "1 meer dan in de vorige editie (2)"
    assert cijfers["seveso"].trend == "gelijk aan de vorige editie"


def test_a_change_of_a_percentage_is_in_procentpunt_never_in_percent():
    """From 40 % to 50 % is 10 procentpunt (and 25 % more): the report prints the former."""
    tegen_vorige = indicatoren.Kerncijfer("x", "X", 50.0, "%", "d", "b", vorige=40.0)
    assert tegen_vorige.trend == "10 procentpunt hoger dan in de vorige editie (40 %)"
    lager = indicatoren.Kerncijfer("x", "X", 71.4, "%", "d", "b", vorige=82.1)
    assert lager.trend == "10,7 procentpunt lager dan in de vorige editie (82,1 %)"
    reeks = indicatoren.Kerncijfer("x", "X", 82.1, "%", "d", "b",
                                   reeks=((2022, 71.4), (2023, None), (2024, 82.1)))
    assert reeks.trend == "71,4 % → 82,1 % (2022–2024: +10,7 procentpunt)"
    aantal = indicatoren.Kerncijfer("x", "X", 6, "aantal", "d", "b", reeks=((2022, 8), (2024, 6)))
    assert aantal.trend == "8 → 6 (2022–2024: −2)"
    assert indicatoren.verschil_tekst(0.04, "%") == "gelijk"


def test_the_number_of_ods_on_an_earlier_day_comes_from_the_register():
    register = pd.DataFrame({"code": ["a", "oud1", "oud2", "nieuw"],
                             "geldig_van": [None, None, None, "2024-01-01"],
                             "geldig_tot": [None, "2023-12-31", "2023-12-31", None]})
    assert indicatoren.ods_op(register, date(2023, 6, 1)) == 3
    assert indicatoren.ods_op(register, date(2024, 6, 1)) == 2
    assert indicatoren.ods_op(None, date(2024, 6, 1)) is None


def test_markdown_table_escapes_and_formats():
    tekst = md_tabel(pd.DataFrame({"naam": ["a|b", "*c*"], "n": [1234, 5]}), {"naam": "Naam", "n": "N"})
    assert "a\\|b" in tekst and "\\*c\\*" in tekst and "1.234" in tekst and "---:" in tekst


def test_snapshot_detects_tampering(tmp_path):
    snapshot = schrijf_snapshot(fixture_tabellen(), tmp_path, {"jaar": 2099})
    assert len(snapshot.sha256) == 64
    pad = tmp_path / "deelnames.csv"
    pad.write_text(pad.read_text().replace("Aadorp", "Aardorp"))
    with pytest.raises(SnapshotFout, match="deelnames.csv"):
        lees_snapshot(tmp_path)


@pytest.fixture(scope="module")
def twee_bouwsels(tmp_path_factory):
    basis = tmp_path_factory.mktemp("staat")
    snapshot = schrijf_snapshot(fixture_tabellen(), basis / "snapshot", {"jaar": 2099})
    tekst = {"hoofdlijnen": "Dit is **fictieve** tekst. <script>alert(1)</script> [x](javascript:alert(1))"}
    eerste = bouw_editie(EDITIE, lees_snapshot(basis / "snapshot"), basis / "een", tekst=tekst,
                         cache=basis / "cache")
    tweede = bouw_editie(EDITIE, snapshot, basis / "twee", tekst=tekst)
    return eerste, tweede


def test_rendered_markdown_matches_committed_file(twee_bouwsels):
    markdown = (twee_bouwsels[0].map / "staat-van-vth-2099.md").read_text(encoding="utf-8")
    if os.environ.get("VTH_UPDATE_EXPECTED"):
        VERWACHT.write_text(markdown, encoding="utf-8")
    assert markdown == VERWACHT.read_text(encoding="utf-8")


def test_builds_from_one_snapshot_are_byte_identical(twee_bouwsels):
    een, twee = twee_bouwsels
    beloofd = [p for p in een.manifest["bestanden"] if not p.endswith((".pdf", ".docx"))]
    assert any(p.startswith("site/") for p in beloofd) and any(p.startswith("open-data/") for p in beloofd)
    for pad in beloofd:
        assert een.manifest["bestanden"][pad] == twee.manifest["bestanden"].get(pad), pad
    assert pdf_tekst(een.map) == pdf_tekst(twee.map)
    assert docx_tekst(een.map) == docx_tekst(twee.map)


def pdf_tekst(map_: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(map_ / "staat-van-vth-2099.pdf").pages)


def docx_tekst(map_: Path) -> list[tuple[str, str]]:
    import docx

    document = docx.Document(map_ / "staat-van-vth-2099.docx")
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_pdf_is_tagged_and_holds_every_chapter(twee_bouwsels):
    from pypdf import PdfReader

    lezer = PdfReader(twee_bouwsels[0].map / "staat-van-vth-2099.pdf")
    assert "/StructTreeRoot" in lezer.trailer["/Root"]
    tekst = pdf_tekst(twee_bouwsels[0].map)
    for hoofdstuk in HOOFDSTUKKEN:
        assert hoofdstuk.titel in tekst


def test_docx_uses_heading_styles(twee_bouwsels):
    stijlen = docx_tekst(twee_bouwsels[0].map)
    koppen = [tekst for stijl, tekst in stijlen if stijl == "Heading 1"]
    assert koppen == [h.titel for h in HOOFDSTUKKEN]


def test_editor_text_cannot_inject_markup(twee_bouwsels):
    html = (twee_bouwsels[0].map / "site" / "hoofdlijnen.html").read_text(encoding="utf-8")
    assert "<strong>fictieve</strong>" in html
    assert "<script>" not in html and 'href="javascript:' not in html
    assert "javascript:" not in (twee_bouwsels[0].map / "staat-van-vth-2099.md").read_text()
    import zipfile

    with zipfile.ZipFile(twee_bouwsels[0].map / "staat-van-vth-2099.docx") as docx:
        assert all(b"javascript:" not in docx.read(naam) for naam in docx.namelist())


def test_open_data_round_trips_into_pandas(twee_bouwsels):
    map_ = twee_bouwsels[0].map / "open-data"
    per_od = pd.read_csv(map_ / "gemeenten_per_od.csv")
    assert per_od.set_index("od_code")["gemeenten"].to_dict() == {"a": 2, "b": 3, "c": 1}
    assert pd.read_json(map_ / "kerncijfers.json").set_index("code").loc["ods", "waarde"] == 3
    assert "licentie" in (map_ / "metadata.json").read_text(encoding="utf-8")


def test_every_chart_has_a_text_and_a_table_alternative(twee_bouwsels):
    html = (twee_bouwsels[0].map / "site" / "stelsel.html").read_text(encoding="utf-8")
    assert 'alt="Figuur 1. Deelnemende gemeenten per omgevingsdienst"' in html
    assert "loopt uiteen van 1 tot 3" in html and "<table>" in html
    assert (twee_bouwsels[0].map / "site" / "figuren" / "gemeenten-per-od.vl.json").exists()


def test_snapshot_from_database_and_cli_build(app, runner, tmp_path):
    snapshot = maak_snapshot(app.extensions["vth_engine"], Editiegegevens(2024, date(2024, 6, 1), "x"),
                             tmp_path / "snap")
    assert len(snapshot.tabellen["omgevingsdiensten"]) == 28
    uitvoer = runner.invoke(args=["staat", "build", "--editie", "2024", "--uit", str(tmp_path / "b"),
                                  "--snapshot", str(tmp_path / "snap")])
    assert uitvoer.exit_code == 0, uitvoer.output
    assert (tmp_path / "b" / "editie" / "staat-van-vth-2024.pdf").exists()
    assert "100% Klaar" in uitvoer.output


def test_cli_build_refuses_options_it_would_ignore(runner, tmp_path):
    zonder_uit = runner.invoke(args=["staat", "build", "--editie", "2031", "--peildatum", "2031-06-01"])
    assert zonder_uit.exit_code != 0 and "alleen bij een bouw met --uit" in zonder_uit.output


@pytest.mark.parametrize("peildatum,aantal", [(date(2024, 6, 1), 28), (date(2026, 6, 1), 26)])
def test_the_snapshot_counts_the_ods_of_its_reference_date(app, tmp_path, peildatum, aantal):
    snapshot = maak_snapshot(app.extensions["vth_engine"], Editiegegevens(peildatum.year, peildatum, "x"),
                             tmp_path / "snap")
    assert len(snapshot.tabellen["omgevingsdiensten"]) == aantal


def test_the_staat_of_2026_explains_the_mergers_since_2024(app, tmp_path):
    from staat_van_vth.bouw import _render_hoofdstuk
    from staat_van_vth.hoofdstukken import BouwContext
    from staat_van_vth.render import jinja_omgeving

    engine = app.extensions["vth_engine"]
    vorige = maak_snapshot(engine, Editiegegevens(2024, date(2024, 6, 1), "x"), tmp_path / "s24")
    nu = maak_snapshot(engine, Editiegegevens(2026, date(2026, 6, 1), "x"), tmp_path / "s26")
    assert indicatoren.fusies_sinds(nu.tabellen["fusies"], date(2024, 6, 1)) == [
        {"opvolger": "Omgevingsdienst Groene Metropool", "vanaf": date(2026, 1, 1),
         "voorgangers": ["Omgevingsdienst Regio Arnhem", "Omgevingsdienst Regio Nijmegen"]},
        {"opvolger": "Omgevingsdienst Utrecht", "vanaf": date(2026, 1, 1),
         "voorgangers": ["Omgevingsdienst regio Utrecht", "RUD Utrecht"]}]
    # the Veluwe merger is explained by the edition after it, the 2024 one
    assert [f["opvolger"] for f in indicatoren.fusies_sinds(vorige.tabellen["fusies"], date(2022, 6, 1))] \
        == ["Omgevingsdienst Veluwe"]
    ctx = BouwContext(2026, "2026-06-01", "x", nu.tabellen, vorige=vorige.tabellen, vorige_jaar=2024,
                      vorige_peildatum="2024-06-01")
    stelsel = next(h for h in HOOFDSTUKKEN if h.code == "stelsel")
    tekst = _render_hoofdstuk(jinja_omgeving(), stelsel, ctx)
    assert "telt het stelsel 26 diensten, tegen 28 op de vorige peildatum" in tekst
    assert ("Omgevingsdienst regio Utrecht en RUD Utrecht zijn op 1 januari 2026 opgegaan in "
            "Omgevingsdienst Utrecht") in tekst
    verantwoording = next(h for h in HOOFDSTUKKEN if h.code == "verantwoording")
    assert "- Fusie: Omgevingsdienst Regio Arnhem en Omgevingsdienst Regio Nijmegen op 1 januari 2026" \
        in _render_hoofdstuk(jinja_omgeving(), verantwoording, ctx)


def test_site_is_csp_clean_and_carries_the_interactive_charts(twee_bouwsels):
    site = twee_bouwsels[0].map / "site"
    for pagina in site.rglob("*.html"):
        html = pagina.read_text(encoding="utf-8")
        assert " style=" not in html and "<script>" not in html, pagina  # the app's CSP forbids both
    stelsel = (site / "stelsel.html").read_text(encoding="utf-8")
    assert 'src="vendor/vega-interpreter.js"' in stelsel and 'src="staat-grafieken.js"' in stelsel
    assert 'class="uitlijning-right"' in stelsel
    for bestand in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega-interpreter.js"):
        assert (site / "vendor" / bestand).stat().st_size > 1000
    assert "expr: window.vegaExpressionInterpreter" in (site / "staat-grafieken.js").read_text()


def test_open_data_holds_the_calibration_distribution_but_never_its_rows(twee_bouwsels):
    map_ = twee_bouwsels[0].map / "open-data"
    assert not (map_ / "visitatie_kalibratie.csv").exists()  # self-judgements are not public
    assert "visitatie_kalibratie\"" not in (map_ / "metadata.json").read_text(encoding="utf-8")
    verdeling = pd.read_csv(map_ / "visitatie_kalibratie_verdeling.csv")
    assert "od_code" not in verdeling.columns and verdeling["onderdrukt"].all()
    plannen = pd.read_csv(map_ / "verbeterplannen_per_od.csv").set_index("od_code")
    assert plannen.loc["a", "te_laat"] == 1


def test_calibration_of_a_group_of_five_is_shown():
    from staat_van_vth.bouw import _render_hoofdstuk
    from staat_van_vth.hoofdstukken import BouwContext
    from staat_van_vth.render import jinja_omgeving

    t = fixture_tabellen()
    extra = pd.DataFrame([kalibratierij(2, "toekomstvisie", 2026, "tv_zelfoordeel", z, "tv_oordeel", c)
                          for z, c in [(2, 2), (3, 2), (1, 2), (2, 2)]], columns=KALIBRATIEKOLOMMEN)
    t["visitatie_kalibratie"] = pd.concat([t["visitatie_kalibratie"], extra], ignore_index=True)
    ctx = BouwContext(jaar=2099, peildatum="2099-06-01", periode="x", tabellen=t)
    hoofdstuk = next(h for h in HOOFDSTUKKEN if h.code == "visitaties")
    markdown = _render_hoofdstuk(jinja_omgeving(), hoofdstuk, ctx)
    assert "| Toekomstvisie | Ronde 2 (fictief) | 5 | 2 | 2 | 1 | 0 |" in markdown
    assert "| Toekomstvisie | Ronde 1 (fictief) | 2 | – | – | – | 0 |" in markdown


def test_only_published_reports_feed_the_snapshot(demo_database_url, tmp_path):
    """Drafts, interview notes, members' own assessments and right-of-reply never leave the
    app; a report published after the reference date does not count yet."""
    import json

    from sqlmodel import Session, select

    from tests.conftest import make_test_app
    from visitatie.visitaties.models import Antwoord, GespreksVerslag, Respons, Visitatie, WederhoorReactie

    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    engine = app.extensions["vth_engine"]
    geheim = {"type": "aanbeveling", "thema": "samenspel", "tekst": "GEHEIM"}
    with Session(engine) as db:
        from visitatie.visitaties.demo import scenario_visitaties

        ids = scenario_visitaties(db)  # ODMH's published report, OZHZ's draft (second cycle)
        odmh, ozhz = db.get(Visitatie, ids["odmh"]), db.get(Visitatie, ids["ozhz"])
        concept = db.exec(select(Respons).where(Respons.visitatie_id == ozhz.id,
                                                Respons.soort == "commissieoordeel")).one()
        concept_antwoord = db.exec(select(Antwoord).where(Antwoord.respons_id == concept.id,
                                                          Antwoord.vraag_code == "bs_bevindingen")).one()
        concept_antwoord.waarde = json.dumps([geheim])
        db.add(concept_antwoord)
        lid = Respons(visitatie_id=odmh.id, soort="beoordeling", vragenlijst=concept.vragenlijst)
        db.add(lid)
        db.flush()
        db.add(Antwoord(respons_id=lid.id, vraag_code="tv_bevindingen", waarde=json.dumps([geheim])))
        db.add(GespreksVerslag(visitatie_id=odmh.id, titel="GEHEIM", tekst="GEHEIM"))
        db.add(WederhoorReactie(visitatie_id=odmh.id, sectie="GEHEIM", soort="oneens_met_oordeel",
                                tekst="GEHEIM"))
        db.commit()
    with Session(engine) as db:  # the reports published by the reference date
        rapporten = db.exec(select(Visitatie.od_code, Visitatie.gepubliceerd_op)
                            .where(Visitatie.gepubliceerd_op.is_not(None))).all()
    gepubliceerd = {od for od, dag in rapporten if dag <= date(2024, 6, 1)}
    assert {"odmh", "omwb", "odt"} <= gepubliceerd and any(dag > date(2024, 6, 1) for _, dag in rapporten)
    snapshot = maak_snapshot(engine, Editiegegevens(2024, date(2024, 6, 1), "x"), tmp_path / "snap")
    t = snapshot.tabellen
    assert set(t["visitatierapporten"]["od_code"]) == gepubliceerd
    assert set(t["visitatie_bevindingen"]["od_code"]) == gepubliceerd
    assert set(t["verbeteracties"]["od_code"]) == gepubliceerd  # the plans of those reports
    assert len(t["visitatie_kalibratie"]) == len(gepubliceerd) * 6  # six themes per report
    assert all(b"GEHEIM" not in p.read_bytes() for p in (tmp_path / "snap").iterdir())
    eerder = maak_snapshot(engine, Editiegegevens(2023, date(2023, 12, 1), "x"), tmp_path / "snap2023")
    assert "odmh" not in set(eerder.tabellen["visitatierapporten"]["od_code"])  # published 28 Dec 2023
    assert "omwb" in set(eerder.tabellen["visitatierapporten"]["od_code"])
    engine.dispose()
