"""ILT studies through the database and HTTP: access per role and publication state, import
all-or-nothing, round trip, uploads, follow-up and the OD-page section."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

import visitatie.taxonomie
from staat_van_vth import ilt as staat_ilt
from staat_van_vth.load import laad_tabellen
from visitatie import bestanden
from visitatie.audit.models import AuditRegel
from visitatie.errors import Conflict, DomeinFout
from visitatie.ilt import operations as ops
from visitatie.ilt.bestand import KOLOMMEN, BevindingRegel
from visitatie.ilt.demo import opvolging_plan, stap_ilt
from visitatie.ilt.forms import BevindingForm
from visitatie.ilt.models import IltBevinding, IltOpvolging, IltStudie
from visitatie.ilt.opvolging import CATEGORIEEN, NIET_VASTGELEGD, per_partij, telling
from visitatie.timeutil import NL, vandaag

GOED = "1,aanbeveling,informatie,midden,Deel gegevens.,omgevingsdiensten,odmh,PV28,p. 12"


@pytest.fixture
def demo(app, db):
    with app.app_context():
        stap_ilt(db)
        db.commit()
    return {s.titel[:5]: s for s in db.exec(select(IltStudie)).all()}


@pytest.fixture
def concept(app, db) -> IltStudie:
    with app.app_context():
        studie = ops.maak_studie(db, soort="signalerend", titel="Geheim concept", thema="informatie")
        ops.bewaar_bevinding(db, studie=studie, regel=BevindingRegel(
            1, "aanbeveling", "informatie", None, "Conceptbevinding", ("omgevingsdiensten",)))
        db.commit()
    return studie


def aantal(db: Session, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def csv_bestand(*rijen: str, kop: str = ",".join(KOLOMMEN)):
    return (io.BytesIO(("\n".join([kop, *rijen]) + "\n").encode("utf-8")), "bevindingen.csv")


# --- the shared taxonomy -----------------------------------------------------------------------

def test_the_shared_taxonomy_is_the_same_object_used_by_visitation_findings(app):
    assert ops.TAXONOMIE is visitatie.taxonomie.taxonomie
    assert ops.TAXONOMIE() is visitatie.taxonomie.taxonomie()
    with app.test_request_context():
        form = BevindingForm(tax=ops.TAXONOMIE(), od_keuzes=[], provincie_keuzes=[])
    gedeeld = visitatie.taxonomie.taxonomie()
    assert [(c.value, c.label) for c in form.thema.choices][1:] == gedeeld.keuzes("themas")


def test_findings_outside_the_taxonomy_are_refused(app, db, concept):
    with app.app_context(), pytest.raises(DomeinFout, match="Onbekende code 'mening'"):
        ops.bewaar_bevinding(db, studie=concept, regel=BevindingRegel(2, "mening", "informatie", None, "x"))


# --- access per role and publication state -----------------------------------------------------

@pytest.mark.parametrize("rol,verwacht", [
    (None, 404), ("lezer", 404), ("od_medewerker", 404), ("commissielid", 404),
    ("coordinator", 200), ("redacteur", 200), ("ilt_inspecteur", 200), ("beheerder", 200)])
def test_concept_studies_are_invisible_to_others(client, login, concept, rol, verwacht):
    if rol:
        login(rol)
    assert client.get(f"/ilt/studies/{concept.id}").status_code == verwacht
    assert client.get(f"/ilt/studies/{concept.id}/bevindingen.csv").status_code == verwacht
    lijst = client.get("/ilt/").get_data(as_text=True)
    assert ("Geheim concept" in lijst) == (verwacht == 200)
    assert ("Conceptbevinding" in client.get("/ilt/themas").get_data(as_text=True)) is False


def test_everyone_reads_published_studies(client, demo):
    studie = demo["E-was"]
    pagina = client.get(f"/ilt/studies/{studie.id}").get_data(as_text=True)
    assert "E-waste (AEEA) en het VTH-stelsel" in pagina and "19 april 2023" in pagina
    assert "ilent.nl" in pagina
    assert "kunnen beter met elkaar samenwerken" in client.get("/ilt/themas").get_data(as_text=True)
    assert "Ministerie van IenW" in client.get("/ilt/actoren").get_data(as_text=True)


@pytest.mark.parametrize("rol", ["coordinator", "redacteur", "od_medewerker", "lezer"])
def test_only_ilt_inspectors_write(client, login, concept, rol):
    login(rol)
    assert client.post("/ilt/studies/nieuw", data={"titel": "x"}).status_code == 403
    assert client.post(f"/ilt/studies/{concept.id}/publiceren").status_code in (403, 404)


def test_an_inspector_creates_edits_and_publishes_a_study(client, login, db):
    login("ilt_inspecteur")
    antwoord = client.post("/ilt/studies/nieuw", data={
        "soort": "thematisch", "titel": "Bodem en het VTH-stelsel", "thema": "taakuitvoering"})
    assert antwoord.status_code == 302
    studie = db.exec(select(IltStudie).where(IltStudie.titel == "Bodem en het VTH-stelsel")).one()
    assert studie.status == "concept"
    client.post(f"/ilt/studies/{studie.id}/publiceren")
    db.refresh(studie)
    assert studie.status == "concept"  # refused: no publication date yet
    antwoord = client.post(f"/ilt/studies/{studie.id}/bewerken", data={
        "soort": "thematisch", "titel": "Bodem en het VTH-stelsel", "thema": "taakuitvoering",
        "publicatiedatum": "2025-03-01", "versie": str(studie.versie)})
    assert antwoord.status_code == 302
    client.post(f"/ilt/studies/{studie.id}/publiceren")
    db.refresh(studie)
    assert studie.status == "gepubliceerd" and studie.publicatiedatum == date(2025, 3, 1)


def test_a_stale_edit_is_refused_not_overwritten(app, db, concept):
    with app.app_context():
        ops.wijzig_studie(db, studie=concept, versie=concept.versie, soort="signalerend",
                          titel="Eerste", thema="informatie")
        with pytest.raises(Conflict):
            ops.wijzig_studie(db, studie=concept, versie=concept.versie - 1, soort="signalerend",
                              titel="Tweede", thema="informatie")
    assert concept.titel == "Eerste"


def test_the_form_rejects_a_stale_version(client, login, concept):
    login("ilt_inspecteur")
    antwoord = client.post(f"/ilt/studies/{concept.id}/bewerken", data={
        "soort": "signalerend", "titel": "Nieuw", "thema": "informatie", "versie": "0"})
    assert antwoord.status_code == 409
    assert "intussen gewijzigd" in antwoord.get_data(as_text=True)


# --- import through the web --------------------------------------------------------------------

def test_import_of_a_valid_file_writes_findings(client, login, db, concept):
    login("ilt_inspecteur")
    antwoord = client.post(f"/ilt/studies/{concept.id}/importeren", data={"bestand": csv_bestand(
        GOED, "2,conclusie,professionaliteit,,Kennis verschilt.,gemeenten;provincies,,,§ 2")},
        content_type="multipart/form-data")
    assert antwoord.status_code == 302
    regels = ops.regels_van(db, concept)
    assert [r.nummer for r in regels] == [1, 2]
    assert regels[0] == BevindingRegel(1, "aanbeveling", "informatie", "midden", "Deel gegevens.",
                                       ("omgevingsdiensten",), ("odmh",), ("PV28",), "p. 12")


@pytest.mark.parametrize("rijen,kop,melding", [
    ([GOED], ",".join([*KOLOMMEN, "extra"]), "rij 1, kolom &#39;extra&#39;: onbekende kolom"),
    ([GOED.replace("midden", "zwaar")], None,
     "rij 2, kolom &#39;ernst&#39;: onbekende ernst &#39;zwaar&#39;"),
    ([GOED.replace("odmh", "odxx")], None, "rij 2, kolom &#39;omgevingsdiensten&#39;: onbekende OD-code"),
    ([GOED, "2,conclusie,informatie,,,,,,"], None, "rij 3, kolom &#39;tekst&#39;: verplicht veld is leeg"),
])
def test_a_bad_import_writes_nothing_and_says_where(client, login, db, concept, rijen, kop, melding):
    login("ilt_inspecteur")
    voor = (aantal(db, IltBevinding), ops.regels_van(db, concept))
    bestand = csv_bestand(*rijen, kop=kop) if kop else csv_bestand(*rijen)
    antwoord = client.post(f"/ilt/studies/{concept.id}/importeren", data={"bestand": bestand},
                           content_type="multipart/form-data")
    assert antwoord.status_code == 422
    assert melding in antwoord.get_data(as_text=True)
    assert (aantal(db, IltBevinding), ops.regels_van(db, concept)) == voor


@pytest.mark.parametrize("formaat", ["xlsx", "csv"])
def test_round_trip_export_import_gives_the_same_findings(client, login, db, demo, formaat):
    login("ilt_inspecteur")
    bron = demo["Asbes"]
    export = client.get(f"/ilt/studies/{bron.id}/bevindingen.{formaat}")
    assert export.status_code == 200
    client.post("/ilt/studies/nieuw", data={"soort": "thematisch", "titel": "Kopie", "thema": "informatie"})
    kopie = db.exec(select(IltStudie).where(IltStudie.titel == "Kopie")).one()
    for doel in (kopie, bron):  # into a new study, and back into the same one (no change)
        antwoord = client.post(f"/ilt/studies/{doel.id}/importeren",
                               data={"bestand": (io.BytesIO(export.data), "naam-maakt-niet-uit")},
                               content_type="multipart/form-data")
        assert antwoord.status_code == 302
    assert ops.regels_van(db, kopie) == ops.regels_van(db, bron)
    assert len(ops.regels_van(db, bron)) == 5


# --- the report file ---------------------------------------------------------------------------

def test_a_pdf_report_is_stored_under_a_generated_name(app, client, login, db, concept, tmp_path):
    app.config["STORAGE_DIR"] = str(tmp_path)
    login("ilt_inspecteur")
    pdf = b"%PDF-1.4\n% test\n"
    antwoord = client.post(f"/ilt/studies/{concept.id}/rapport/uploaden",
                           data={"bestand": (io.BytesIO(pdf), "../../etc/passwd.pdf")},
                           content_type="multipart/form-data")
    assert antwoord.status_code == 422 and "met een map erin" in antwoord.get_data(as_text=True)
    assert not (tmp_path / "ilt").exists()
    antwoord = client.post(f"/ilt/studies/{concept.id}/rapport/uploaden",
                           data={"bestand": (io.BytesIO(pdf), "passwd.pdf")},
                           content_type="multipart/form-data")
    assert antwoord.status_code == 302
    opgeslagen = list((tmp_path / "ilt").iterdir())
    assert len(opgeslagen) == 1 and "passwd" not in opgeslagen[0].name
    assert opgeslagen[0].read_bytes() == pdf
    with client.get(f"/ilt/studies/{concept.id}/rapport") as download:
        assert download.data == pdf and download.mimetype == "application/pdf"
        assert download.headers["Content-Disposition"].startswith("attachment")


def test_the_report_size_limit_is_15_mb():
    bestanden.controleer(b"%PDF-" + b"0" * (ops.MAX_RAPPORT_BYTES - 5), max_bytes=ops.MAX_RAPPORT_BYTES)
    with pytest.raises(DomeinFout, match="groter dan 15 MB"):
        bestanden.controleer(b"%PDF-" + b"0" * (ops.MAX_RAPPORT_BYTES + 1), max_bytes=ops.MAX_RAPPORT_BYTES)


@pytest.mark.parametrize("inhoud,melding", [
    (b"<html><script>alert(1)</script></html>", "Alleen PDF-bestanden"),
    (b"%PDF-" + b"0" * 2048, "groter dan 2 kB"),
    (b"", "Het bestand is leeg"),
])
def test_anything_but_a_pdf_of_acceptable_size_is_refused(app, client, login, concept, tmp_path,
                                                          monkeypatch, inhoud, melding):
    app.config["STORAGE_DIR"] = str(tmp_path)
    monkeypatch.setattr(ops, "MAX_RAPPORT_BYTES", 2048)  # a small limit keeps the upload small
    login("ilt_inspecteur")
    antwoord = client.post(f"/ilt/studies/{concept.id}/rapport/uploaden",
                           data={"bestand": (io.BytesIO(inhoud), "rapport.pdf")},
                           content_type="multipart/form-data")
    assert antwoord.status_code == 422
    assert melding in antwoord.get_data(as_text=True)
    assert not (tmp_path / "ilt").exists() or not list((tmp_path / "ilt").iterdir())


# --- follow-up ---------------------------------------------------------------------------------

def test_an_od_user_keeps_the_follow_up_of_its_own_od_only(client, login, db, demo):
    bevinding = db.exec(select(IltBevinding).where(IltBevinding.studie_id == demo["E-was"].id,
                                                   IltBevinding.nummer == 1)).one()
    login("od_medewerker", od_code="odwh")
    url = f"/ilt/bevindingen/{bevinding.id}/opvolging/od/"
    assert client.get(url + "odmh").status_code == 403
    assert client.get(f"/ilt/bevindingen/{bevinding.id}/opvolging/provincie/PV28").status_code == 403
    antwoord = client.post(url + "odwh", data={"status": "in_behandeling", "toelichting": "Gestart."})
    assert antwoord.status_code == 302
    opvolging = ops.opvolging_van(db, bevinding, "od", "odwh")
    assert opvolging.status == "in_behandeling" and opvolging.bijgewerkt_door.startswith("od_medewerker")


def test_follow_up_only_for_addressed_recommendations(client, login, db, demo):
    login("od_medewerker", od_code="odmh")
    conclusie = db.exec(select(IltBevinding).where(IltBevinding.studie_id == demo["E-was"].id,
                                                   IltBevinding.nummer == 2)).one()
    alleen_gemeenten = db.exec(select(IltBevinding).where(IltBevinding.studie_id == demo["Gelui"].id,
                                                          IltBevinding.nummer == 3)).one()
    for b in (conclusie, alleen_gemeenten):
        assert client.get(f"/ilt/bevindingen/{b.id}/opvolging/od/odmh").status_code == 404


def test_follow_up_of_a_concept_is_out_of_reach_for_od_users(client, login, db, concept):
    login("od_medewerker", od_code="odmh")
    bevinding = ops.bevindingen_van(db, concept)[0]
    assert client.get(f"/ilt/bevindingen/{bevinding.id}/opvolging/od/odmh").status_code == 404


def test_follow_up_status_changes_follow_the_rules(app, db, demo):
    bevinding = db.exec(select(IltBevinding).where(IltBevinding.studie_id == demo["E-was"].id,
                                                   IltBevinding.nummer == 3)).one()
    with app.app_context():
        opvolging = ops.opvolging_van(db, bevinding, "od", "odmh")
        assert opvolging.status == "afgerond"
        with pytest.raises(DomeinFout, match="heropen"):
            ops.bewaar_opvolging(db, bevinding=bevinding, partij_soort="od", partij_code="odmh",
                                 status="open", toelichting="", versie=opvolging.versie)
        with pytest.raises(Conflict):
            ops.bewaar_opvolging(db, bevinding=bevinding, partij_soort="od", partij_code="odmh",
                                 status="in_behandeling", toelichting="", versie=opvolging.versie - 1)
        ops.bewaar_opvolging(db, bevinding=bevinding, partij_soort="od", partij_code="odmh",
                             status="in_behandeling", toelichting="Heropend", versie=opvolging.versie)
    assert opvolging.status == "in_behandeling"


def test_overviews_count_open_recommendations_per_od_and_theme(app, db, demo, client):
    with app.app_context():
        overzicht = ops.opvolging_overzicht(db, date(2025, 1, 1))
    per_od = {s.code: s for s in overzicht.per_od}
    per_thema = {s.code: s for s in overzicht.per_thema}
    # ODs are addressed as a category in four recommendations/improvement points of the demo;
    # ODMH recorded "BAO-" (demo.OD_OPVOLGING): in behandeling, afgerond, open, nothing
    assert per_od["odmh"].aanbevelingen == per_od["odmh"].telling.n == 4
    assert (per_od["odmh"].gesloten, per_od["odmh"].per_status["in_behandeling"]) == (1, 1)
    assert per_od["odmh"].open == 3
    # without recorded follow-up an item is "niet vastgelegd", never counted as open (one definition
    # with the Staat and the council summaries: visitatie/ilt/opvolging.py)
    assert (per_od["odmh"].per_status["niet_vastgelegd"], per_od["odmh"].per_status["open"]) == (1, 1)
    assert per_od["ozhz"].gesloten == 2 and per_od["odwh"].open == 4
    assert per_od["odwh"].per_status["niet_vastgelegd"] == 4
    # per theme the same items: e-waste 3 and asbestos 5 for each of the 28 ODs of that day (e-waste
    # 5, to the ministry and the ILT, asks nothing of an OD or province and is no item)
    assert (per_thema["informatie"].aanbevelingen, per_thema["informatie"].telling.n) == (2, 56)
    assert per_thema["informatie"].per_status == {"afgerond": 15, "niet_overgenomen": 2, "in_behandeling": 12,
                                                  "open": 10, "niet_vastgelegd": 17}
    # asbestos 4 also for the 12 provinces: its theme counts 28 + 12 items
    assert per_thema["taakuitvoering"].telling.n == 40 and len(overzicht.per_provincie) == 12
    assert list(per_thema) == ["ketensamenwerking", "taakuitvoering", "informatie"]  # themes with items
    assert overzicht.totaal.per_status == {"afgerond": 33, "niet_overgenomen": 3, "in_behandeling": 35,
                                           "open": 22, "niet_vastgelegd": 31}  # the Staat 2024's count
    pagina = client.get("/ilt/opvolging").get_data(as_text=True)
    assert "Omgevingsdienst Midden-Holland" in pagina and "Informatievoorziening en data" in pagina
    assert pagina.count('<th scope="col">Niet vastgelegd</th>') == 3  # per theme, OD and province
    assert "afgesloten" not in pagina  # the old column "door iedereen die reageerde afgesloten"


def _demo_opvolgpunten(db, peildatum: date) -> list:
    """The demo's follow-up items as the Staat of that reference date counts them."""
    tabellen = laad_tabellen(db.connection(), peildatum, ["omgevingsdiensten", "omgevingsdiensten_register",
                                                          "deelnames", "ilt_bevindingen",
                                                          "ilt_adressaten", "ilt_opvolging"])
    return staat_ilt.opvolgpunten(tabellen)


def test_the_demo_records_most_follow_up_but_not_all(app, db, demo):
    """The 2024 edition counts follow-up recorded for most items, in every category, and
    items nobody recorded ("niet vastgelegd"); the older study's items are further along."""
    with app.app_context():
        punten = _demo_opvolgpunten(db, date(2024, 6, 1))
    t = telling(punten)
    assert t.n == 124 and all(t.aantal(c) for c in CATEGORIEEN)
    assert 0 < t.aantal(NIET_VASTGELEGD) <= t.n / 4  # most items have a recorded status, not all
    assert dict(t.aantallen) == {"afgerond": 33, "niet_overgenomen": 3, "in_behandeling": 35, "open": 22,
                                 NIET_VASTGELEGD: 31}  # the Staat 2024: "33 afgerond", 26,6 %
    per_studie = {k: telling(p for p in punten if p.studie_id == s.id) for k, s in demo.items()}
    ewaste, asbest = per_studie["E-was"], per_studie["Asbes"]
    assert ewaste.percentage("afgerond") > 50 > asbest.percentage("afgerond")
    assert asbest.percentage("open") > ewaste.percentage("open")
    assert per_studie["Gelui"].n == 0  # the noise study asks nothing of ODs or provinces
    # whole parties that recorded nothing: four ODs, four provinces
    stil = [p for p, tp in per_partij(punten).items() if tp.aantal(NIET_VASTGELEGD) == tp.n]
    assert sorted(soort for soort, _ in stil) == ["od"] * 4 + ["provincie"] * 4


def test_the_demo_follow_up_was_recorded_before_the_2024_reference_date(app, db, demo):
    """Each record went through the follow-up operation on its own day (record and audit line
    agree), after its study appeared and before the 2024 edition's reference date, which reads
    follow-up as it stands; a closed item was first 'in behandeling'."""
    with app.app_context():
        rijen = db.exec(select(IltOpvolging, IltBevinding, IltStudie)
                        .join(IltBevinding, IltBevinding.id == IltOpvolging.bevinding_id)
                        .join(IltStudie, IltStudie.id == IltBevinding.studie_id)).all()
        regels = db.exec(select(AuditRegel).where(AuditRegel.actie == "ilt.opvolging.bewaren")).all()
    assert rijen and all(o.fictief and o.toelichting.endswith("(fictief).") for o, _, _ in rijen)
    assert all(s.publicatiedatum < o.bijgewerkt.astimezone(NL).date() < date(2024, 6, 1) for o, _, s in rijen)
    per_rij: dict[str, list] = {}
    for r in sorted(regels, key=lambda r: r.tijdstip):
        per_rij.setdefault(r.object_id, []).append(r)
    for o, _, _ in rijen:
        lijn = per_rij[str(o.id)]
        assert abs(lijn[-1].tijdstip - o.bijgewerkt) < timedelta(seconds=1)  # the same save
        assert lijn[-1].gebruiker_email == o.bijgewerkt_door
        if o.status in ("afgerond", "niet_overgenomen"):
            assert [json.loads(r.na)["status"] for r in lijn] == ["in_behandeling", o.status]
    assert all(r.gebruiker_email == "ILT (fictief)" for o, _, _ in rijen if o.partij_soort == "provincie"
               for r in per_rij[str(o.id)])


def test_the_od_page_shows_the_ilt_findings_that_concern_it(client, demo):
    pagina = client.get("/omgevingsdiensten/odmh").get_data(as_text=True)
    assert "ILT-bevindingen die deze omgevingsdienst aangaan" in pagina
    assert "kunnen beter met elkaar samenwerken" in pagina
    assert "Afspraken gemaakt met de buurdiensten" in pagina and "(fictief)" in pagina
    assert "advies van hun omgevingsdienst" not in pagina  # addressed to municipalities only


def test_the_demo_step_is_idempotent(app, db, demo):
    with app.app_context():
        stap_ilt(db)
        db.commit()
    assert aantal(db, IltStudie) == 3
    assert aantal(db, IltOpvolging) == len(opvolging_plan()) == 93
    assert all(s.gepubliceerd for s in demo.values())


def test_a_report_link_must_be_a_web_address(app, db, concept):
    with app.app_context(), pytest.raises(DomeinFout, match="https://"):
        ops.wijzig_studie(db, studie=concept, versie=concept.versie, soort="signalerend",
                          titel="x", thema="informatie", rapport_url="javascript://x%0aalert(1)")


def test_the_cli_exports_and_imports_with_row_errors(app, runner, db, demo, concept, tmp_path):
    uit = tmp_path / "e-waste.xlsx"
    resultaat = runner.invoke(args=["ilt", "export", str(demo["E-was"].id), str(uit)])
    assert resultaat.exit_code == 0, resultaat.output
    resultaat = runner.invoke(args=["ilt", "import", str(concept.id), str(uit)])
    assert resultaat.exit_code == 0 and "4 nieuw, 1 bijgewerkt" in resultaat.output
    fout = tmp_path / "fout.csv"
    fout.write_text(",".join(KOLOMMEN) + "\n9,conclusie,informatie,zwaar,x,,,,\n", encoding="utf-8")
    resultaat = runner.invoke(args=["ilt", "import", str(concept.id), str(fout)])
    assert resultaat.exit_code != 0 and "rij 2, kolom 'ernst'" in resultaat.output
    db.expire_all()
    assert [r.nummer for r in ops.regels_van(db, concept)] == [1, 2, 3, 4, 5]


def test_reimporting_unchanged_rows_writes_nothing(app, db, demo):
    from visitatie.audit.models import AuditRegel

    studie = demo["Gelui"]
    with app.app_context():
        regels = ops.regels_van(db, studie)
        voor = aantal(db, AuditRegel)
        telling = ops.importeer_bevindingen(db, studie=studie, regels=regels)
        gewijzigd = [*regels[:-1], BevindingRegel(**{**regels[-1].__dict__, "tekst": "Nieuw"})]
        tweede = ops.importeer_bevindingen(db, studie=studie, regels=gewijzigd)
        db.flush()
    assert telling == {"nieuw": 0, "bijgewerkt": 0, "ongewijzigd": 4}
    assert tweede == {"nieuw": 0, "bijgewerkt": 1, "ongewijzigd": 3}
    assert aantal(db, AuditRegel) == voor + 3  # two import summaries and one changed finding
    assert ops.regels_van(db, studie)[-1].tekst == "Nieuw"


@pytest.fixture
def aan_voorgangers(app, db) -> IltBevinding:
    """A published recommendation addressed by name to ODRA and ODRN, which merged into OD Groene
    Metropool (odgm) on 1 January 2026 (the register); the tests run on 15 September 2026."""
    with app.app_context():
        studie = ops.maak_studie(db, soort="signalerend", titel="Gelderse signalen", thema="informatie",
                                 publicatiedatum=date(2025, 3, 1))
        bevinding, _ = ops.bewaar_bevinding(db, studie=studie, regel=BevindingRegel(
            1, "aanbeveling", "informatie", None, "Deel de gegevens.", (), ("odra", "odrn")))
        ops.publiceer_studie(db, studie=studie)
        db.commit()
    return bevinding


def test_a_recommendation_to_a_merged_od_by_name_counts_at_its_successor(app, db, aan_voorgangers):
    """Advice to ODRA by name is ODRA's item before the merger and OD Groene Metropool's after it,
    on the page as in the Staat (the one definition, visitatie/ilt/opvolging.py)."""
    with app.app_context():
        def op(dag: date) -> dict:
            pagina = {s.code: s.telling.n for s in ops.opvolging_overzicht(db, dag).per_od if s.telling.n}
            tabellen = laad_tabellen(db.connection(), dag, ["omgevingsdiensten", "omgevingsdiensten_register",
                                                             "deelnames", "ilt_bevindingen", "ilt_adressaten",
                                                             "ilt_opvolging"])
            staat = {code: t.n for (_, code), t in per_partij(staat_ilt.opvolgpunten(tabellen)).items()}
            assert pagina == staat, dag
            return pagina

        assert op(date(2025, 6, 1)) == {"odra": 1, "odrn": 1}
        assert op(date(2026, 6, 1)) == {"odgm": 1}  # one recommendation, one item of the successor


def _stand_van(db, od_code: str) -> dict[str, int]:
    return next(s for s in ops.opvolging_overzicht(db, vandaag()).per_od if s.code == od_code).per_status


def test_the_successor_records_follow_up_on_advice_to_its_predecessor(app, client, login, db,
                                                                       aan_voorgangers):
    """An employee of OD Groene Metropool finds the advice to ODRA and ODRN in the work list, on
    the study and on the OD page, records its follow-up, and the count moves it to that status."""
    url = f"/ilt/bevindingen/{aan_voorgangers.id}/opvolging/od/odgm"
    with app.app_context():
        assert _stand_van(db, "odgm")["niet_vastgelegd"] == 1
    login("od_medewerker", od_code="odgm")
    assert f'href="{url}"' in client.get("/").get_data(as_text=True)  # the work list
    assert f'href="{url}"' in client.get(f"/ilt/studies/{aan_voorgangers.studie_id}").get_data(as_text=True)
    od_pagina = client.get("/omgevingsdiensten/odgm").get_data(as_text=True)
    assert "Deel de gegevens." in od_pagina and "gericht aan ODRA, ODRN" in od_pagina
    formulier = client.get(url).get_data(as_text=True)
    assert "Gericht aan ODRA en ODRN, opgegaan in OD Groene Metropool" in formulier
    antwoord = client.post(url, data={"status": "in_behandeling", "toelichting": "Opgepakt.", "versie": 0})
    assert antwoord.status_code == 302
    with app.app_context():
        stand = _stand_van(db, "odgm")
    assert (stand["in_behandeling"], stand["niet_vastgelegd"]) == (1, 0)
    assert "In behandeling" in client.get("/omgevingsdiensten/odgm").get_data(as_text=True)


def test_advice_to_a_merged_od_is_not_an_item_of_an_unrelated_od(app, client, login, db, aan_voorgangers):
    login("od_medewerker", od_code="odmh")
    url = f"/ilt/bevindingen/{aan_voorgangers.id}/opvolging/od/"
    assert client.get(url + "odmh").status_code == 404  # not addressed to ODMH
    assert client.get(url + "odgm").status_code == 403  # not its own OD
    assert "/opvolging/od/" not in client.get("/").get_data(as_text=True)
    # after the merger it is no longer ODRA's item either: its follow-up is its successor's
    with app.app_context(), pytest.raises(DomeinFout, match="niet aan deze partij"):
        ops.bewaar_opvolging(db, bevinding=aan_voorgangers, partij_soort="od", partij_code="odra",
                             status="open", toelichting="", versie=None)


def test_the_page_of_a_merged_od_shows_its_advice_as_on_its_last_day(client, aan_voorgangers):
    pagina = client.get("/omgevingsdiensten/odra").get_data(as_text=True)
    assert "Deel de gegevens." in pagina and "gericht aan ODRA" in pagina
