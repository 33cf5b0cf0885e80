"""Council summaries with the database: the demo's summaries, the OD on the reference date,
the public portal (published editions only), the PDF, the batch, the CLI and the job."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import event, update
from sqlmodel import Session, select

from staat_van_vth.snapshot import lees_snapshot
from visitatie.monitoring.models import BeleidsDocument
from visitatie.publicatie.bouwen import editiemap
from visitatie.publicatie.models import Editie
from visitatie.publicatie.operations import editie_van
from visitatie.raad import bevroren, leesbaarheid
from visitatie.raad.batch import BouwVerslag, bouw_alles, bouw_html, bouw_pdfs, in_proces_tot
from visitatie.raad.operations import gegevens_voor, samenvatting_voor
from visitatie.raad.operations import laad_bron as laad_bron_van_jaar
from visitatie.raad.render import document_html, pdf_maker, pdf_sleutel
from visitatie.taken.models import Taak
from visitatie.visitaties.models import Antwoord, Respons, Visitatie


@pytest.fixture
def database_url(demo_database_url):
    """The demo: monitoring data, ILT studies and the published 2024 edition."""
    return demo_database_url


def editie(db: Session, jaar: int, peildatum: date, publiceer: bool = False) -> Editie:
    e = Editie(jaar=jaar, periode_van=date(jaar - 2, 1, 1), periode_tot=date(jaar - 1, 12, 31),
               peildatum=peildatum)
    if publiceer:
        e.registreer_bouw("0" * 64)
        e.stel_vast()
        e.publiceer()
    db.add(e)
    db.commit()
    return e


def laad_bron(db: Session, e: Editie):
    """The summaries' source of edition `e`, read from the data now."""
    return laad_bron_van_jaar(db, e.jaar, e.peildatum)


def test_every_generated_block_of_the_demo_passes_the_readability_check(db):
    bron = laad_bron(db, editie_van(db, 2024))
    assert len(bron.deelnemers) == 354
    fouten = []
    for deelnemer in bron.gesorteerd():
        s = samenvatting_voor(bron, deelnemer.code)
        assert 3 <= len(s.vragen) <= 5
        fouten += [(s.code, u.sleutel, u.reden()) for u in leesbaarheid.controleer(s.blokken())]
    assert fouten == []


def test_a_municipality_gets_the_od_valid_on_the_reference_date(db):
    # Apeldoorn: OD Veluwe IJssel until 2023, Omgevingsdienst Veluwe (the merger) from 2024.
    voor = laad_bron(db, editie(db, 2023, date(2023, 6, 1)))
    na = laad_bron(db, editie_van(db, 2024))
    assert [o.code for o in gegevens_voor(voor, "GM0200").ods] == ["ovij"]
    assert [o.code for o in gegevens_voor(na, "GM0200").ods] == ["odveluwe"]


def test_a_council_whose_od_merged_reads_about_the_new_od_and_the_old_one_before(db):
    # Zeist: ODRU until 2025, Omgevingsdienst Utrecht from 1-1-2026; the 2026 edition (1 June).
    bron = laad_bron(db, editie_van(db, 2026))
    zeist = gegevens_voor(bron, "GM0355")
    assert [o.code for o in zeist.ods] == ["odu"]
    assert [(v.code, v.tot) for v in zeist.ods[0].voorgangers] == [("odru", date(2025, 12, 31))]
    od = next(s for s in samenvatting_voor(bron, "GM0355").secties if s.sleutel == "od")
    tekst = " ".join(b.tekst for b in od.blokken)
    assert "Omgevingsdienst Utrecht (ODU)" in tekst
    assert "Tot 1 januari 2026 deed Omgevingsdienst regio Utrecht (ODRU) dit werk" in tekst
    # the province took part in both old ODs; Nijmegen's council reads about Groene Metropool
    assert {v.code for v in gegevens_voor(bron, "PV26").ods[0].voorgangers} == {"odru", "rud-utrecht"}
    assert [v.code for v in gegevens_voor(bron, "GM0268").ods[0].voorgangers] == ["odrn"]
    # the policy cycle sent to the old OD still counts for the period before the merger
    assert zeist.ods[0].laatste_uhs_jaar == 2023  # the demo's UHS 2023 was sent to ODRU
    fouten = [(code, u.sleutel, u.reden()) for code in ("GM0355", "PV26", "GM0268", "PV25")
              for u in leesbaarheid.controleer(samenvatting_voor(bron, code).blokken())]
    assert fouten == []


def test_a_merger_before_the_cycle_years_is_no_longer_mentioned(db):
    apeldoorn = gegevens_voor(laad_bron(db, editie_van(db, 2026)), "GM0200")
    assert [o.code for o in apeldoorn.ods] == ["odveluwe"] and apeldoorn.ods[0].voorgangers == ()


def test_facts_after_the_reference_date_are_left_out(db):
    # The demo's minister judged in June 2024 after the edition's reference date of 1 June 2024.
    juni = gegevens_voor(laad_bron(db, editie_van(db, 2024)), "GM0484")
    december = gegevens_voor(laad_bron(db, editie(db, 2025, date(2024, 12, 1))), "GM0484")
    assert juni.ods[0].robuustheid.beoordelaar == "bestuur_od"
    assert december.ods[0].robuustheid.beoordelaar == "ministerie"


def test_the_published_visitation_of_the_od_fills_its_section(db, client):
    # The demo publishes ODMH's visitation (visit 3 October 2023) on 28 December 2023.
    g = gegevens_voor(laad_bron(db, editie_van(db, 2024)), "GM0484")
    visitatie = g.ods[0].visitatie
    assert visitatie.datum == date(2023, 10, 3)
    assert visitatie.aanbevelingen and len(visitatie.verbeteracties) == len(visitatie.aanbevelingen)
    eerder = gegevens_voor(laad_bron(db, editie(db, 2023, date(2023, 12, 1))), "GM0484")
    assert eerder.ods[0].visitatie is None  # not yet published on that date
    html = client.get("/raad/GM0484").get_data(as_text=True)
    assert "De visitatie van ODMH was op 3 oktober 2023." in html and "visitatierapport ODMH" in html
    # ODBN was visited on 8 April 2024 (the Staat: "bezocht") but its report was published only
    # after the reference date: the summary names the visit, as the Staat does.
    bosch = client.get("/raad/GM0796?editie=2024").get_data(as_text=True)
    assert "kreeg op 8 april 2024 bezoek voor de visitatie. Het verslag daarvan is er nog niet." in bosch
    assert "nog geen gegevens in deze app" not in bosch
    # Achterhoek's visit is only planned (after the reference date): nothing to tell yet.
    assert "nog geen gegevens in deze app" in client.get("/raad/GM0197").get_data(as_text=True)


def test_utrecht_names_its_od_once_and_the_visit_the_staat_reports(client):
    """Utrecht took part in RUD Utrecht on 1 June 2024 (the register: until the merger into
    Omgevingsdienst Utrecht on 1 January 2026); RUD Utrecht was visited on 7 November 2022."""
    html = client.get("/raad/GM0344?editie=2024").get_data(as_text=True)
    assert "door RUD Utrecht. Dit is de stand" in html and "RUD Utrecht (RUD Utrecht)" not in html
    assert "De visitatie van RUD Utrecht was op 7 november 2022." in html  # published in January 2023
    assert "nog geen gegevens in deze app" not in html


def zet_commissieoordeel(db: Session, od_code: str, niveaus: dict[str, int]) -> None:
    """Change the committee's levels (question code -> level) of the OD's visitation."""
    respons = db.exec(select(Respons).join(Visitatie, Visitatie.id == Respons.visitatie_id).where(
        Visitatie.od_code == od_code, Respons.soort == "commissieoordeel")).one()
    for code, niveau in niveaus.items():
        db.exec(update(Antwoord).where(Antwoord.respons_id == respons.id, Antwoord.vraag_code == code)
                .values(waarde=json.dumps(niveau)))
    db.commit()


def visitatietekst(db: Session, code: str) -> str:
    s = samenvatting_voor(laad_bron(db, editie_van(db, 2024)), code)
    return " ".join(b.tekst for b in next(x for x in s.secties if x.sleutel == "visitatie").blokken)


def test_the_visitation_outcome_follows_the_committees_levels(db):
    zet_commissieoordeel(db, "odmh", {code: 2 for code in ("tv_oordeel", "bs_oordeel", "ks_oordeel",
                                                            "tu_oordeel", "pr_oordeel", "bv_oordeel")})
    tekst = visitatietekst(db, "GM0484")
    assert "Bij geen van de 6 thema's is de dienst op orde of beter." in tekst
    assert "Alle thema's kregen het cijfer '2. In ontwikkeling'." in tekst
    zet_commissieoordeel(db, "odmh", {"tv_oordeel": 3, "bs_oordeel": 3, "ks_oordeel": 4,
                                      "tu_oordeel": 3, "pr_oordeel": 1, "bv_oordeel": 3})
    tekst = visitatietekst(db, "GM0484")
    assert "Bij 5 van de 6 thema's is de dienst op orde of beter." in tekst
    assert "Het laagste cijfer is '1. Beginnend'. Dat cijfer geldt voor de kennis en kunde." in tekst
    assert leesbaarheid.controleer([("visitatie", tekst)]) == []


def test_only_published_visitation_reports_feed_the_outcome(db):
    # ODRA's report was published after the reference date (July 2024): Arnhem's summary shows
    # nothing of it, only the visit itself, as the Staat's stand per OD does.
    arnhem = visitatietekst(db, "GM0202")
    assert arnhem.endswith("ODRA kreeg op 15 april 2024 bezoek voor de visitatie. "
                           "Het verslag daarvan is er nog niet.")
    assert "is de dienst op orde" not in arnhem and "Het plan om te verbeteren" not in arnhem
    assert leesbaarheid.controleer([("visitatie", arnhem)]) == []
    db.exec(update(Visitatie).where(Visitatie.od_code == "odmh").values(gepubliceerd_op=None))
    db.commit()
    assert "is de dienst op orde" not in visitatietekst(db, "GM0484")


def test_laad_bron_reads_a_fixed_number_of_queries(app, db):
    editie_2024 = editie_van(db, 2024)

    def queries() -> int:
        teller = []
        luister = lambda *_args: teller.append(1)  # noqa: E731
        event.listen(app.extensions["vth_engine"], "before_cursor_execute", luister)
        try:
            laad_bron(db, editie_2024)
        finally:
            event.remove(app.extensions["vth_engine"], "before_cursor_execute", luister)
        return len(teller)

    voor, gepubliceerd = queries(), len(laad_bron(db, editie_2024).visitaties)
    # Three more first-cycle visitations (reports published in June and July 2024) become
    # published before the reference date.
    db.exec(update(Visitatie).where(Visitatie.od_code.in_(["odij", "odru", "odbn"]),
                                    Visitatie.bezoek_van < date(2025, 1, 1))
            .values(gepubliceerd_op=date(2024, 5, 31)))
    db.commit()
    assert len(laad_bron(db, editie_2024).visitaties) == gepubliceerd + 3
    assert queries() == voor


def test_a_province_gets_all_its_ods(db):
    g = gegevens_voor(laad_bron(db, editie_van(db, 2024)), "PV25")
    assert g.soort == "provincie" and len(g.ods) >= 6
    assert "odveluwe" in {o.code for o in g.ods}


def test_the_summary_page_print_stylesheet_and_pdf(client):
    antwoord = client.get("/raad/GM0484")
    html = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 200
    assert "Alphen aan den Rijn: uw omgevingsdienst in het kort" in html
    assert "Vragen voor de raad" in html and "ODMH" in html and "Begrippen" in html
    assert 'media="print"' in html and "raad.css" in html
    assert "/raad/GM0484.pdf?editie=2024" in html
    pdf = client.get("/raad/GM0484.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    lezer = PdfReader(io.BytesIO(pdf.data))
    root = lezer.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert root["/Lang"] == "nl"
    assert len(lezer.pages) <= 3
    assert lezer.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4
    assert "Vragen voor de raad" in "".join(p.extract_text() for p in lezer.pages)


def test_every_page_of_a_demo_summary_pdf_carries_the_demo_label(client, db):
    """Page 1 says "demo: fictieve gegevens"; the running footer repeats it on every page, so a
    printed page 2 cannot pass for real data. Real data keep the plain footer."""
    pdf = PdfReader(io.BytesIO(client.get("/raad/GM0484.pdf?editie=2024").data))
    assert len(pdf.pages) >= 2
    for nummer, pagina in enumerate(pdf.pages, start=1):
        assert f"Staat van VTH · demo: fictieve gegevens · pagina {nummer}" in pagina.extract_text(), nummer
    echt = replace(samenvatting_voor(laad_bron(db, editie_van(db, 2024)), "GM0484"), fictief=False)
    echte_pdf = PdfReader(io.BytesIO(pdf_maker().pdf(document_html(echt))))
    assert "Staat van VTH · pagina 2" in echte_pdf.pages[1].extract_text()
    assert not any("demo: fictieve gegevens" in p.extract_text() for p in echte_pdf.pages)


def test_a_published_summary_stays_as_it_was_built_with_its_edition(app, client, db):
    map_ = editiemap(2024, app.config["STORAGE_DIR"]) / bevroren.MAP
    assert len(list(map_.glob("[GP][MV]*.json"))) == 354  # the demo built and published 2024
    voor, pdf_voor = client.get("/raad/GM0484").data, client.get("/raad/GM0484.pdf").data
    live_voor = visitatietekst(db, "GM0484")
    zet_commissieoordeel(db, "odmh", {"tv_oordeel": 4, "bs_oordeel": 1})  # a later correction
    assert visitatietekst(db, "GM0484") != live_voor  # the data changed ...
    assert client.get("/raad/GM0484").data == voor  # ... the published summary did not
    assert client.get("/raad/GM0484.pdf").data == pdf_voor
    assert bevroren.lees(map_, "../../GM0484") is None and bevroren.lees(map_, "GM9999") is None


def test_the_clerks_overview_stays_as_it_was_built_with_its_edition(app, client, db):
    map_ = editiemap(2024, app.config["STORAGE_DIR"]) / bevroren.MAP
    voor = client.get("/raad/cycli").data
    db.exec(update(BeleidsDocument).values(verzonden_op=None))  # a later correction: none sent
    db.commit()
    assert client.get("/raad/cycli").data == voor  # the published overview did not change
    (map_ / bevroren.CYCLI).unlink()  # as for an edition built before overviews were frozen
    assert client.get("/raad/cycli").data == voor  # derived again from the edition's snapshot
    shutil.rmtree(map_.parent / "snapshot")  # an edition without a snapshot: only then live
    na = client.get("/raad/cycli").get_data(as_text=True)
    assert na != voor.decode() and "Westerwolde" in na


def test_the_summaries_of_an_edition_come_from_its_snapshot(app, db):
    """Frozen summaries, a derivation from the snapshot and the snapshot's own tables agree."""
    editie = editie_van(db, 2024)
    snapshot_map = editiemap(2024, app.config["STORAGE_DIR"]) / "snapshot"
    tabellen = lees_snapshot(snapshot_map).tabellen
    with app.app_context():
        bron = bevroren.bron_van(db, editie.jaar, editie.peildatum, snapshot_map)
    rapporten = tabellen["visitatierapporten"]
    odmh = rapporten[rapporten["od_code"] == "odmh"].iloc[0]
    assert bron.visitaties["odmh"].datum.isoformat() == odmh["bezoek_van"]
    assert len(bron.deelnemers) == 354 and set(bron.ods) == set(tabellen["omgevingsdiensten"]["code"])
    weergave = bevroren.lees(snapshot_map.parent / bevroren.MAP, "GM0484")
    assert weergave == bevroren.Weergave.van(samenvatting_voor(bron, "GM0484"))


def test_a_summary_pdf_is_rendered_once_and_again_when_its_content_changes(app, client, db):
    voorraad = Path(app.config["STORAGE_DIR"]) / "raad-pdf"
    eerste = client.get("/raad/GM0484.pdf").data
    [bewaard] = voorraad.glob("*.pdf")
    assert bewaard.read_bytes() == eerste
    bewaard.write_bytes(b"%PDF-bewaard")  # the next download is read from the store, not rendered
    assert client.get("/raad/GM0484.pdf").data == b"%PDF-bewaard"
    for deel in (bevroren.MAP, "snapshot"):  # an edition without either: derived live from here on
        shutil.rmtree(editiemap(2024, app.config["STORAGE_DIR"]) / deel)
    zet_commissieoordeel(db, "odmh", {"tv_oordeel": 4})  # other content: a new PDF, never a stale one
    nieuw = client.get("/raad/GM0484.pdf").data
    assert nieuw.startswith(b"%PDF-1") and len(list(voorraad.glob("*.pdf"))) == 2
    assert not list(voorraad.glob("*.deel"))


def test_a_province_summary_addresses_provinciale_staten(client):
    html = client.get("/raad/PV25").get_data(as_text=True)
    assert "Vragen voor Provinciale Staten" in html
    # named as a province, so its title differs from the municipality of the same name (issue 16)
    assert "<h1>Provincie Gelderland: uw omgevingsdiensten in het kort</h1>" in html


@pytest.mark.parametrize(("zoekterm", "doel"), [("s-gravenhage", "GM0518"), ("'S-GRAVENHAGE", "GM0518"),
                                                ("Den Haag", "GM0518"), ("sudwest", "GM1900"),
                                                ("Súdwest-Fryslân", "GM1900"), ("gm0363", "GM0363")])
def test_search_is_tolerant_of_case_and_accents(client, zoekterm, doel):
    antwoord = client.get("/raad/", query_string={"q": zoekterm})
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"].startswith(f"/raad/{doel}")


def test_search_with_several_or_no_results(client):
    html = client.get("/raad/?q=fryslan").get_data(as_text=True)
    assert "Noardeast-Fryslân" in html and "Súdwest-Fryslân" in html and "Provincie Fryslân" in html
    assert "Geen gemeente of provincie gevonden" in client.get("/raad/?q=atlantis").get_data(as_text=True)


def test_public_pages_never_show_an_unpublished_edition(client, db):
    assert editie_van(db, 2026).status == "concept"  # the demo's draft edition
    for url in ["/raad/?editie=2026", "/raad/GM0363?editie=2026", "/raad/GM0363.pdf?editie=2026",
                "/raad/cycli?editie=2026"]:
        assert client.get(url).status_code == 404, url
    html = client.get("/raad/").get_data(as_text=True)
    assert "Editie 2024" in html and "2026" not in html


def test_without_a_published_edition_the_portal_says_so(client, db):
    # Published editions never change through the app; the test turns the demo's back directly.
    db.exec(update(Editie).where(Editie.jaar == 2024).values(status="concept"))
    db.commit()
    assert "nog geen editie van de Staat van VTH gepubliceerd" in client.get("/raad/").get_data(as_text=True)
    antwoord = client.get("/raad/GM0363")
    assert antwoord.status_code == 404
    assert "nog geen editie" in antwoord.get_data(as_text=True)
    assert "nog geen editie" in client.get("/raad/cycli").get_data(as_text=True)


def test_unknown_participant_is_404(client):
    assert client.get("/raad/GM9999").status_code == 404


def test_the_clerks_overview_lists_cycles_by_name(client):
    html = client.get("/raad/cycli?provincie=PV20").get_data(as_text=True)
    assert "Westerwolde" in html and "Provincie Groningen" in html and "Amsterdam" not in html
    assert html.index("Eemsdelta") < html.index("Westerwolde")  # by name, not by score
    assert "compleet" in html or "niet compleet" in html


def test_the_batch_writes_html_for_all_and_pdfs_in_parallel(db, tmp_path):
    verslag = bouw_alles(laad_bron(db, editie_van(db, 2024)), tmp_path, pdf=False)
    assert verslag.aantal == 354 and verslag.leesbaarheid == []
    assert len(list(tmp_path.glob("GM*.html"))) == 342 and len(list(tmp_path.glob("PV*.html"))) == 12
    assert (tmp_path / "index.html").exists() and (tmp_path / "raad.css").exists()
    bron = laad_bron(db, editie_van(db, 2024))
    documenten = bouw_html(bron, tmp_path / "b", BouwVerslag(tmp_path / "b"))
    gemeld = []
    aantal = bouw_pdfs(documenten[:2], tmp_path, werkers=2, drempel=0,  # a pool even for two
                       voortgang=lambda i, n, c: gemeld.append((i, n)))
    assert aantal == 2
    assert gemeld == [(1, 2), (2, 2)]
    assert all((tmp_path / f"{code}.pdf").read_bytes().startswith(b"%PDF") for code, _ in documenten[:2])


def test_the_pdfs_start_while_the_html_is_written_and_all_arrive(db, tmp_path):
    # Beyond the threshold the pool starts and renders each document as soon as its HTML is ready.
    gemeld = []
    codes = {"GM0484", "GM0363", "PV28"}
    verslag = bouw_alles(laad_bron(db, editie_van(db, 2024)), tmp_path, werkers=2, codes=codes, drempel=0,
                         voortgang=lambda i, n, code: gemeld.append((i, n, code)))
    assert verslag.aantal == verslag.pdfs == 3 and set(verslag.tijden) == {"html", "totaal"}
    assert verslag.werkers_gestart == 2
    assert [(i, n) for i, n, _ in gemeld] == [(1, 3), (2, 3), (3, 3)] and {c for *_, c in gemeld} == codes
    for code in codes:
        pdf = PdfReader(tmp_path / f"{code}.pdf")
        assert "/StructTreeRoot" in pdf.trailer["/Root"] and (tmp_path / f"{code}.html").exists()


def test_a_few_pdfs_are_laid_out_in_this_process_without_workers(db, tmp_path):
    assert in_proces_tot(1) > 354 and in_proces_tot(2) > in_proces_tot(8) > 0
    gemeld = []
    verslag = bouw_alles(laad_bron(db, editie_van(db, 2024)), tmp_path, werkers=2, codes={"GM0484", "PV28"},
                         voortgang=lambda i, n, code: gemeld.append((i, n, code)))
    assert verslag.werkers_gestart == 0 and verslag.gerenderd == verslag.pdfs == 2
    assert sorted(gemeld) == [(1, 2, "GM0484"), (2, 2, "PV28")]
    assert PdfReader(tmp_path / "PV28.pdf").pages


def test_with_the_build_cache_a_rebuild_makes_only_the_summaries_whose_od_changed(db, tmp_path):
    from staat_van_vth.load import laad_tabellen
    from visitatie.raad.operations import BRONTABELLEN, bron_uit_tabellen

    e = editie_van(db, 2024)
    tabellen = laad_tabellen(db.connection(), e.peildatum, BRONTABELLEN)
    deelnames = tabellen["deelnames"]
    leden = {od: set(deelnames[deelnames["od_code"] == od]["deelnemer_code"]) for od in ("dcmr", "odmh")}
    codes = leden["dcmr"] | set(sorted(leden["odmh"])[:3])

    def bouw(t, uit: str, **opties):
        return bouw_alles(bron_uit_tabellen(t, e.jaar, e.peildatum), tmp_path / uit, codes=codes,
                          cache=tmp_path / "cache", **{"werkers": 1, **opties})

    def gemaakt(verslag, soort: str) -> list[str]:
        return sorted(g.split("/")[1] for g in verslag.cache.gemaakt if g.startswith(soort + "/"))

    vol = bouw(tabellen, "vol")
    assert vol.gerenderd == vol.pdfs == vol.html_gemaakt == len(codes)
    # unchanged: no summary made, no PDF laid out, no worker started (even with a pool forced)
    ongewijzigd = bouw(tabellen, "ongewijzigd", werkers=2, drempel=0)
    assert (ongewijzigd.html_gemaakt, ongewijzigd.gerenderd, ongewijzigd.werkers_gestart) == (0, 0, 0)
    assert ongewijzigd.leesbaarheid == vol.leesbaarheid and ongewijzigd.aantal == len(codes)
    robuustheid = tabellen["robuustheid"].copy()  # one criterion of dcmr's latest assessment now met
    dcmr = robuustheid[(robuustheid["od_code"] == "dcmr")]
    laatste = dcmr[dcmr["datum"] == dcmr["datum"].max()]
    robuustheid.loc[laatste[laatste["resultaat"] != "voldoet"].index[0], "resultaat"] = "voldoet"
    gewijzigd = {**tabellen, "robuustheid": robuustheid}
    na = bouw(gewijzigd, "een-od", werkers=2)  # one OD's participants: laid out without workers
    assert gemaakt(na, "raad-html") == gemaakt(na, "raad-pdf") == sorted(leden["dcmr"])
    assert na.werkers_gestart == 0
    bouw_alles(bron_uit_tabellen(gewijzigd, e.jaar, e.peildatum), tmp_path / "vers", werkers=1, codes=codes)
    for code in sorted(codes):  # what comes from the cache is what a build without it makes
        for soort in ("html", "pdf"):
            assert (tmp_path / "een-od" / f"{code}.{soort}").read_bytes() == \
                (tmp_path / "vers" / f"{code}.{soort}").read_bytes(), (code, soort)


def test_the_pdf_key_is_a_build_cache_key(monkeypatch):
    from staat_van_vth import bouwcache

    document = "<!doctype html><html lang=nl><title>x</title><p>Een zin."
    eerder = pdf_sleutel(document)
    monkeypatch.setattr(bouwcache, "VERSIE", bouwcache.VERSIE + "-volgende")  # the one switch for all
    assert pdf_sleutel(document) != eerder and len(eerder) == 64


def test_the_cli_builds_and_reports_readability(runner, tmp_path):
    uitkomst = runner.invoke(args=["raad", "build", "--editie", "2024", "--uit", str(tmp_path),
                                   "--zonder-pdf"])
    assert uitkomst.exit_code == 0, uitkomst.output
    assert "354 samenvattingen" in uitkomst.output and "alle blokken halen de norm" in uitkomst.output
    fout = runner.invoke(args=["raad", "build", "--editie", "1999", "--uit", str(tmp_path)])
    assert fout.exit_code != 0 and "Er is geen editie 1999" in fout.output


def test_the_build_job_runs_from_the_app(app, client, login, db):
    app.config["TAKEN_SYNCHROON"] = True
    login("redacteur")
    assert client.get("/raad/bouwen").status_code == 200
    antwoord = client.post("/raad/bouwen", data={"editie": "2024"})  # without PDFs
    assert antwoord.status_code == 302
    taak = db.exec(select(Taak).where(Taak.soort == "raad_bouw")).one()
    db.refresh(taak)
    assert taak.status == "klaar", taak.fout
    assert taak.resultaat["aantal"] == 354 and taak.resultaat["pdfs"] == 0
    assert taak.resultaat["leesbaarheid_fouten"] == []
    assert "354 samenvattingen" in client.get("/raad/bouwen").get_data(as_text=True)


def test_readers_may_not_start_a_build(client, login):
    login("lezer")
    assert client.post("/raad/bouwen", data={"editie": "2024"}).status_code == 403
