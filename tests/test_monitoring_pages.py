"""Monitoring pages: who sees what, who may write, no rankings, the OD-page hook, the demo."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlmodel import Session, select

from visitatie.monitoring.models import (
    BeleidsDocument,
    KwaliteitscriteriaToets,
    Waarneming,
    WaarnemingCorrectie,
)
from visitatie.monitoring.operations import laad_definities


@pytest.fixture
def gegevens(app):
    """Definitions plus werkprogramma and bedrijven for four ODs in 2024 (one provisional)."""
    with Session(app.extensions["vth_engine"]) as db:
        laad_definities(db)
        rijen = [("odmh", 30, 9000, "definitief"), ("dcmr", 90, 1000, "definitief"),
                 ("odg", 12, 5000, "definitief"), ("fumo", 20, 7777, "voorlopig")]
        for od, omvang, bedrijven, status in rijen:
            db.add(Waarneming(indicator_code="werkprogramma", od_code=od, jaar=2024, waarde=omvang,
                              status="definitief"))
            db.add(Waarneming(indicator_code="bedrijven", od_code=od, jaar=2024, waarde=bedrijven,
                              status=status))
        db.commit()
        return {w.od_code: w.id for w in db.exec(select(Waarneming).where(
            Waarneming.indicator_code == "bedrijven")).all()}


def tekst(antwoord) -> str:
    return antwoord.get_data(as_text=True)


def test_the_public_national_table_shows_final_values_alphabetically_with_medians(client, gegevens):
    pagina = tekst(client.get("/monitoring/indicatoren/bedrijven?jaar=2024"))
    assert "7.777" not in pagina  # provisional: not public
    namen = re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a>', pagina)
    assert namen == ["DCMR Milieudienst Rijnmond", "Omgevingsdienst Groningen",
                     "Omgevingsdienst Midden-Holland"]
    assert "Mediaan alle diensten (3)" in pagina and ">5.000 aantal<" in pagina
    assert "Geen ranglijst" in pagina and "rang" not in pagina.lower().replace("ranglijst", "")


def test_internal_readers_also_see_provisional_values(client, login, gegevens):
    login("coordinator")
    pagina = tekst(client.get("/monitoring/indicatoren/bedrijven?jaar=2024"))
    assert "7.777" in pagina and "voorlopig" in pagina
    # 4 ODs by werkprogramma: odg 12, fumo 20 -> kleiner; odmh 30 -> middelgroot; dcmr 90 -> groter
    # a count: the lower middle value (odg 5.000, fumo 7.777), never half a company
    assert "Mediaan groep kleiner (2 diensten)" in pagina and "6.388,5" not in pagina


def test_the_od_profile_and_the_register_page_show_monitoring(client, gegevens):
    profiel = tekst(client.get("/omgevingsdiensten/odmh/monitoring"))
    assert "Monitoringprofiel Omgevingsdienst Midden-Holland" in profiel and "9.000" in profiel
    assert "Corrigeren" not in profiel  # anonymous: read only
    assert "Cijfers per gemeente" not in profiel
    od = tekst(client.get("/omgevingsdiensten/odmh"))
    assert 'id="monitoring-kop"' in od and "/omgevingsdiensten/odmh/monitoring" in od


def test_od_employee_corrects_own_od_only(client, login, gegevens, app):
    login("od_medewerker", "odmh")
    eigen, ander = gegevens["odmh"], gegevens["dcmr"]
    definitief = client.post(f"/monitoring/waarnemingen/{eigen}/corrigeren",
                             data={"waarde": "9100", "status": "definitief", "reden": "x", "versie": "1"})
    assert definitief.status_code == 422 and "stelt het programmabureau vast" in tekst(definitief)
    with Session(app.extensions["vth_engine"]) as db:
        db.get(Waarneming, eigen).status = "voorlopig"
        db.commit()
    assert client.get(f"/monitoring/waarnemingen/{ander}/corrigeren").status_code == 403
    poging = client.post(f"/monitoring/waarnemingen/{ander}/corrigeren",
                         data={"waarde": "1", "status": "definitief", "reden": "x", "versie": "1"})
    assert poging.status_code == 403
    zonder_reden = client.post(f"/monitoring/waarnemingen/{eigen}/corrigeren",
                               data={"waarde": "9100", "status": "voorlopig", "reden": "", "versie": "1"})
    assert zonder_reden.status_code == 422 and "Geef een reden" in tekst(zonder_reden)
    antwoord = client.post(f"/monitoring/waarnemingen/{eigen}/corrigeren",
                           data={"waarde": "9100", "status": "voorlopig", "reden": "Herteld", "versie": "1"})
    assert antwoord.status_code == 302
    verouderd = client.post(f"/monitoring/waarnemingen/{eigen}/corrigeren",
                            data={"waarde": "9200", "status": "voorlopig", "reden": "x", "versie": "1"})
    assert verouderd.status_code == 409
    with Session(app.extensions["vth_engine"]) as db:
        assert db.get(Waarneming, eigen).waarde == 9100
        correctie = db.exec(select(WaarnemingCorrectie)).one()
        assert (correctie.oude_waarde, correctie.reden) == (9000, "Herteld")
    assert "Herteld" in tekst(client.get(f"/monitoring/waarnemingen/{eigen}/corrigeren"))


@pytest.mark.parametrize(("rol", "status"), [("coordinator", 200), ("beheerder", 200),
                                             ("od_medewerker", 200), ("redacteur", 403), ("lezer", 403)])
def test_the_programme_office_and_od_employees_may_import(client, login, rol, status):
    login(rol)
    assert client.get("/monitoring/importeren").status_code == status


def test_import_through_the_web_shows_the_report_and_writes_nothing_on_error(client, login, app, gegevens):
    login("coordinator")
    kop = "od,gemeente,indicator,jaar,waarde,eenheid,status,kwaliteit,toelichting\n"
    slecht = (kop + "odmh,,inspecties,2024,10,aantal,definitief,,\n"
              "odxx,,inspecties,2024,10,aantal,definitief,,\n")
    antwoord = client.post("/monitoring/importeren", content_type="multipart/form-data",
                           data={"bestand": (io.BytesIO(slecht.encode()), "cijfers.csv")})
    assert antwoord.status_code == 422
    assert ("cijfers.csv, rij 3, kolom &#39;od&#39;: onbekende omgevingsdienst &#39;odxx&#39;"
            in tekst(antwoord))
    with Session(app.extensions["vth_engine"]) as db:
        assert not db.exec(select(Waarneming).where(Waarneming.indicator_code == "inspecties")).first()
    goed = kop + "odmh,,inspecties,2024,10,aantal,definitief,,\n"
    antwoord = client.post("/monitoring/importeren", content_type="multipart/form-data",
                           data={"bestand": (io.BytesIO(goed.encode()), "cijfers.csv")})
    assert antwoord.status_code == 302
    assert "cijfers.csv" in tekst(client.get("/monitoring/importeren"))


def test_od_employee_records_a_document_for_a_participant_of_its_own_od(client, login, app, gegevens):
    login("od_medewerker", "odmh")
    data = {"deelnemer_code": "GM0484", "soort": "uitvoeringsprogramma", "jaar": "2025",
            "vastgesteld_op": "2025-02-01", "verzonden_op": "2025-02-10", "link": "https://example.nl/up"}
    assert client.post("/omgevingsdiensten/odmh/monitoring/documenten", data=data).status_code == 302
    assert client.post("/omgevingsdiensten/dcmr/monitoring/documenten", data=data).status_code == 403
    fout = client.post("/omgevingsdiensten/odmh/monitoring/documenten",
                       data={**data, "verzonden_op": "2025-01-01"})
    assert fout.status_code == 422 and "vóór de vaststelling" in tekst(fout)
    opnieuw = client.post("/omgevingsdiensten/odmh/monitoring/documenten",
                          data={**data, "vastgesteld_op": "2025-03-01", "verzonden_op": ""})
    assert opnieuw.status_code == 422 and "Er is al een jaarlijks uitvoeringsprogramma 2025" in tekst(opnieuw)
    assert 'name="versie" type="hidden" value="1"' in tekst(opnieuw)
    with Session(app.extensions["vth_engine"]) as db:
        doc = db.exec(select(BeleidsDocument)).one()
        assert (doc.deelnemer_code, doc.jaar, doc.versie, doc.vastgesteld_op.day) == ("GM0484", 2025, 1, 1)
    bewust = client.post("/omgevingsdiensten/odmh/monitoring/documenten",
                         data={**data, "vastgesteld_op": "2025-03-01", "verzonden_op": "", "versie": "1"})
    assert bewust.status_code == 302
    with Session(app.extensions["vth_engine"]) as db:
        doc = db.exec(select(BeleidsDocument)).one()
        assert (doc.versie, doc.vastgesteld_op.month, doc.verzonden_op) == (2, 3, None)


def test_coordinator_records_a_quality_check(client, login, app):
    login("coordinator")
    data = {"criteria_versie": "2.3", "methode": "extern_bureau", "datum": "2025-03-01",
            "aantal_voldaan": "30", "aantal_totaal": "28"}
    fout = client.post("/omgevingsdiensten/odmh/monitoring/kwaliteitstoets", data=data)
    assert fout.status_code == 422 and "tussen 0 en het totaal" in tekst(fout)
    assert client.post("/omgevingsdiensten/odmh/monitoring/kwaliteitstoets",
                       data={**data, "aantal_voldaan": "25"}).status_code == 302
    with Session(app.extensions["vth_engine"]) as db:
        assert db.exec(select(KwaliteitscriteriaToets)).one().aantal_voldaan == 25


def test_the_demo_is_fictitious_complete_and_idempotent(app, client):
    from visitatie.monitoring.demo import stap_monitoring
    from visitatie.monitoring.models import RobuustheidsBeoordeling
    from visitatie.monitoring.overzichten import landelijk_robuustheidsbeeld
    from visitatie.register.operations import ods_op
    from visitatie.timeutil import vandaag

    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        # 6 indicators x (29 x 3 + 28 x 2 + 26) OD-years: the register's mergers of 2024 and 2026
        assert "1014 waarnemingen" in stap_monitoring(db)
        db.commit()
        assert "stonden er al" in stap_monitoring(db)
        assert landelijk_robuustheidsbeeld(db)["robuust"] == 2
        # today's ODs with a verdict: the 2026 mergers' new services have none yet, and services
        # merged away before the minister judged (self-assessed only) are no longer counted
        vandaag_ods = {od.code for od in ods_op(db, vandaag())}
        beoordeeld = {b.od_code for b in db.exec(select(RobuustheidsBeoordeling))} & vandaag_ods
        assert sum(landelijk_robuustheidsbeeld(db).values()) == len(beoordeeld) < len(vandaag_ods)
        assert all(w.fictief for w in db.exec(select(Waarneming)).all())
    pagina = tekst(client.get("/monitoring/indicatoren/bedrijven?jaar=2023"))
    assert "fictief" in pagina and pagina.count('<th scope="row">') == 29
    assert "Robuust: 2 omgevingsdiensten" in tekst(client.get("/monitoring"))


def test_an_od_employee_submits_provisional_figures_of_its_own_od_only(client, login, app, gegevens):
    login("od_medewerker", "odmh")
    kop = "od,gemeente,indicator,jaar,waarde,eenheid,status,kwaliteit,toelichting\n"
    fout = (kop + "dcmr,,inspecties,2024,10,aantal,voorlopig,,\n"
            "odmh,,inspecties,2024,10,aantal,definitief,,\n")
    antwoord = client.post("/monitoring/importeren", content_type="multipart/form-data",
                           data={"bestand": (io.BytesIO(fout.encode()), "eigen.csv")})
    pagina = tekst(antwoord)
    assert antwoord.status_code == 422
    assert "rij 2, kolom &#39;od&#39;: u mag alleen cijfers van uw eigen omgevingsdienst" in pagina
    assert "rij 3, kolom &#39;status&#39;: een omgevingsdienst levert cijfers aan als" in pagina
    goed = kop + "odmh,,inspecties,2024,10,aantal,voorlopig,,\n"
    assert client.post("/monitoring/importeren", content_type="multipart/form-data",
                       data={"bestand": (io.BytesIO(goed.encode()), "eigen.csv")}).status_code == 302
    with Session(app.extensions["vth_engine"]) as db:
        w = db.exec(select(Waarneming).where(Waarneming.indicator_code == "inspecties")).one()
        assert (w.od_code, w.status) == ("odmh", "voorlopig")


def test_a_robustness_assessment_needs_an_action_plan_where_a_criterion_is_not_met(client, login, app):
    from visitatie.monitoring.models import RobuustheidsBeoordeling, RobuustheidsOordeel

    with Session(app.extensions["vth_engine"]) as db:
        laad_definities(db)
        db.commit()
    login("od_medewerker", "odmh")
    pagina = tekst(client.get("/omgevingsdiensten/odmh/monitoring/robuustheid"))
    assert "R6. Past bij de identiteit van de regio" in pagina
    assert 'value="ministerie"' not in pagina  # an OD records its own board's assessment only
    assert client.get("/omgevingsdiensten/dcmr/monitoring/robuustheid").status_code == 403
    data = {"beoordelaar": "bestuur_od", "datum": "2025-10-01",
            **{f"R{i}_resultaat": "voldoet" for i in range(1, 7)}, "R1_resultaat": "voldoet_niet"}
    fout = client.post("/omgevingsdiensten/odmh/monitoring/robuustheid", data=data)
    assert fout.status_code == 422 and "Beschrijf het actieplan" in tekst(fout)
    data.update(R1_actieplan="Samenwerking met buurdienst", R1_streefdatum="2027-01-01")
    assert client.post("/omgevingsdiensten/odmh/monitoring/robuustheid", data=data).status_code == 302
    with Session(app.extensions["vth_engine"]) as db:
        b = db.exec(select(RobuustheidsBeoordeling)).one()
        assert (b.od_code, b.beoordelaar, b.fictief) == ("odmh", "bestuur_od", False)
        r1 = db.exec(select(RobuustheidsOordeel).where(RobuustheidsOordeel.criterium_code == "R1")).one()
        assert (r1.resultaat, r1.actieplan) == ("voldoet_niet", "Samenwerking met buurdienst")
    assert "Nog niet robuust" in tekst(client.get("/omgevingsdiensten/odmh/monitoring"))


def test_the_downloadable_templates_pass_the_import_validation(client, login, app, tmp_path):
    from visitatie.monitoring.operations import importeer_waarnemingen

    with Session(app.extensions["vth_engine"]) as db:
        laad_definities(db)
        db.commit()
    login("coordinator")
    for formaat in ("csv", "xlsx"):
        antwoord = client.get(f"/monitoring/importeren/sjabloon.{formaat}")
        assert antwoord.status_code == 200
        pad = tmp_path / f"sjabloon.{formaat}"
        pad.write_bytes(antwoord.data)
        with Session(app.extensions["vth_engine"]) as db:
            verslag = importeer_waarnemingen(db, path=pad, bestandsnaam=pad.name, door="t")
            assert verslag.aantal_nieuw == 1  # the example row passes the same validation
            db.rollback()
    assert client.get("/monitoring/importeren/sjabloon.pdf").status_code == 404


def test_municipality_figures_appear_on_the_od_profile(client, app, gegevens):
    with Session(app.extensions["vth_engine"]) as db:
        db.add(Waarneming(indicator_code="inspecties", od_code="odmh", gemeente_code="GM0484", jaar=2024,
                          waarde=321, status="definitief"))
        db.commit()
    profiel = tekst(client.get("/omgevingsdiensten/odmh/monitoring"))
    assert "Cijfers per gemeente" in profiel and "Alphen aan den Rijn" in profiel and ">321<" in profiel


def test_the_profile_compares_each_year_with_the_medians_of_the_national_table(app, gegevens):
    from visitatie.monitoring.overzichten import vergelijkingen_voor

    with Session(app.extensions["vth_engine"]) as db:
        publiek = vergelijkingen_voor(db, "odmh", intern=False)
        intern = vergelijkingen_voor(db, "odg", intern=True)
    # public, 2024, bedrijven: odmh 9000, dcmr 1000, odg 5000 (fumo provisional) -> median 5000;
    # groups by werkprogramma of all four (definitief): odg, fumo kleiner; odmh middelgroot
    v = publiek[("bedrijven", 2024)]
    assert (v.mediaan, v.groep, v.groepsmediaan) == (5000, "middelgroot", 9000)
    w = intern[("bedrijven", 2024)]
    assert (w.mediaan, w.groep, w.groepsmediaan) == (5000, "kleiner", 5000)  # counts: lower middle


def test_an_uploaded_pdf_is_public_once_adopted_and_other_files_are_refused(client, login, app):
    login("od_medewerker", "odmh")
    data = {"deelnemer_code": "GM0484", "soort": "jaarverslag", "jaar": "2025"}
    url_nieuw = "/omgevingsdiensten/odmh/monitoring/documenten"
    nep = client.post(url_nieuw, content_type="multipart/form-data",
                      data={**data, "bestand": (io.BytesIO(b"MZ not a pdf"), "jaarverslag.pdf")})
    assert nep.status_code == 422 and "Alleen PDF-bestanden" in tekst(nep)
    antwoord = client.post(url_nieuw, content_type="multipart/form-data",
                           data={**data, "bestand": (io.BytesIO(b"%PDF-1.7 concept"),
                                                     "jaarverslag 2025.pdf")})
    assert antwoord.status_code == 302
    with Session(app.extensions["vth_engine"]) as db:
        doc = db.exec(select(BeleidsDocument)).one()
    url = f"/monitoring/documenten/{doc.id}/bestand"
    download = client.get(url)
    assert download.status_code == 200 and download.data == b"%PDF-1.7 concept"
    assert 'filename="jaarverslag 2025.pdf"' in download.headers["Content-Disposition"]
    assert url in tekst(client.get("/omgevingsdiensten/odmh/monitoring"))
    client.post("/uitloggen")
    assert client.get(url).status_code == 404  # a draft is not public
    with Session(app.extensions["vth_engine"]) as db:
        db.get(BeleidsDocument, doc.id).vastgesteld_op = date(2026, 6, 1)
        db.commit()
    assert client.get(url).status_code == 200
