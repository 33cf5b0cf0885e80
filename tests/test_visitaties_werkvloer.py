"""Everyday work on a visitation without surprises (issue 16): decimal commas, the autosave's
JSON answers (saved, conflict with both versions), labels said once, the committee form, and
confirmation before what cannot be undone."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from tests.conftest import TEST_WACHTWOORD, maak_account
from visitatie.taxonomie import taxonomie
from visitatie.visitaties.models import Antwoord, Respons, Visitatie
from visitatie.vragenlijsten.definitie import catalogus
from visitatie.vragenlijsten.formulier import DUBBELZINNIG, lees_getal, nl_getal, veld

JSON = {"Accept": "application/json"}


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


@pytest.fixture
def vids(app):
    """OD -> its demo scenario visitation (one per state; the plan makes two per OD)."""
    from visitatie.visitaties.demo import scenario_visitaties

    with Session(app.extensions["vth_engine"]) as db:
        return scenario_visitaties(db)


def _antwoord(app, code: str, od: str = "odbn") -> Antwoord | None:
    """The answer in the self-evaluation of the OD's demo scenario visitation."""
    from visitatie.visitaties.demo import scenario_visitaties

    with Session(app.extensions["vth_engine"]) as db:
        vid = scenario_visitaties(db)[od]
        return db.exec(select(Antwoord).join(Respons).join(Visitatie)
                       .where(Antwoord.vraag_code == code, Visitatie.id == vid,
                              Respons.soort == "zelfevaluatie")).first()


def _post(client, vid, code, waarde, versie, headers=None, soort="zelfevaluatie"):
    return client.post(f"/visitaties/{vid}/antwoord/{soort}/{code}",
                       data={code: waarde, f"versie__{code}": versie}, headers=headers or {})


def _ingelogd(app, rol="od_medewerker", od="odbn"):
    client = app.test_client()
    email = maak_account(app, rol, od)
    assert client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD}).status_code == 302
    return client


# ------------------------------------------------------------------ decimal comma


@pytest.mark.parametrize("tekst, getal", [("312,5", Decimal("312.5")), ("312.5", Decimal("312.5")),
                                           (" 120 ", Decimal(120)), ("-0,25", Decimal("-0.25")),
                                           ("", None)])
def test_a_number_takes_the_decimal_comma_and_the_point(tekst, getal):
    assert lees_getal(tekst) == getal


@pytest.mark.parametrize("tekst", ["3.125,5", "3,125.5", "1.000.000", "1,2,3"])
def test_a_number_with_a_thousands_separator_is_refused_not_guessed(tekst):
    with pytest.raises(ValueError, match="scheiding voor duizendtallen"):
        lees_getal(tekst)


def test_numbers_are_shown_back_in_dutch_notation():
    assert [nl_getal(w) for w in (312.5, 120, 0.25, None)] == ["312,5", "120", "0,25", ""]


@pytest.mark.parametrize("getypt", ["312,5", "312.5"])
def test_typing_312_comma_5_stores_312_point_5_and_shows_312_comma_5(app, vids, getypt):
    client = _ingelogd(app)
    antwoord = _post(client, vids["odbn"], "fte", getypt, 0, JSON)
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    assert antwoord.get_json()["tonen"] == "312,5"
    assert json.loads(_antwoord(app, "fte").waarde) == 312.5
    pagina = client.get(f"/visitaties/{vids['odbn']}/zelfevaluatie?sectie=algemeen").get_data(as_text=True)
    assert 'value="312,5"' in pagina and 'inputmode="decimal"' in pagina


def test_an_ambiguous_number_is_refused_with_a_dutch_message_and_not_stored(app, vids):
    client = _ingelogd(app)
    antwoord = _post(client, vids["odbn"], "fte", "3.125,5", 0, JSON)
    assert antwoord.status_code == 422
    assert antwoord.get_json()["boodschap"] == DUBBELZINNIG
    assert _antwoord(app, "fte") is None
    sectie = client.post(f"/visitaties/{vids['odbn']}/zelfevaluatie?sectie=algemeen",
                         data={"fte": "3.125,5", "versie__fte": "0"}).get_data(as_text=True)
    assert "schrijf bijvoorbeeld 3125,5" in sectie and 'value="3.125,5"' in sectie  # input kept


# ------------------------------------------------------------------ autosave answers in JSON


def test_a_json_save_gives_version_time_and_the_sections_progress(app, vids):
    client = _ingelogd(app)
    antwoord = _post(client, vids["odbn"], "contactpersoon", "A. Eerste (fictief)", 0, JSON).get_json()
    assert antwoord["status"] == "opgeslagen" and antwoord["versie"] == 1
    assert len(antwoord["tijd"]) == 5 and antwoord["tijd"][2] == ":"
    assert antwoord["voortgang"]["algemeen"][0] == 1 and antwoord["herladen"] is False


def test_a_json_conflict_carries_both_versions_who_and_the_field_value(app, vids):
    anne, bert = _ingelogd(app), _ingelogd(app)
    vid = vids["odbn"]
    assert _post(anne, vid, "contactpersoon", "Anne (fictief)", 0, JSON).status_code == 200
    antwoord = _post(bert, vid, "contactpersoon", "Bert (fictief)", 0, JSON)
    assert antwoord.status_code == 409
    conflict = antwoord.get_json()
    assert conflict["hunne"] == "Anne (fictief)" and conflict["uwe"] == "Bert (fictief)"
    assert conflict["hunne_veld"] == "Anne (fictief)" and conflict["versie"] == 1
    assert "@test.nl" in conflict["door"] and "Iemand anders" in conflict["boodschap"]
    # keeping one's own version is a save with the new version
    assert _post(bert, vid, "contactpersoon", "Bert (fictief)", 1, JSON).status_code == 200
    assert json.loads(_antwoord(app, "contactpersoon").waarde) == "Bert (fictief)"


def test_a_radio_conflict_names_the_choices_not_codes(app, vids):
    anne, bert = _ingelogd(app), _ingelogd(app)
    vid = vids["odbn"]
    assert _post(anne, vid, "kc_getoetst", "ja", 0, JSON).status_code == 200
    conflict = _post(bert, vid, "kc_getoetst", "nee", 0, JSON).get_json()
    assert (conflict["hunne"], conflict["uwe"], conflict["hunne_veld"]) == ("Ja", "Nee", "ja")


def test_the_section_page_loads_its_script_from_a_file_and_marks_fields_for_autosave(app, vids):
    client = _ingelogd(app)
    pagina = client.get(f"/visitaties/{vids['odbn']}/zelfevaluatie?sectie=algemeen").get_data(as_text=True)
    assert '<script src="/static/js/vragenlijst.js" defer></script>' in pagina
    assert "data-autosave=" in pagina and 'data-voortgang="algemeen"' in pagina
    assert "<script>" not in pagina and "hx-post" not in pagina


# ------------------------------------------------------------------ labels, committee form


def test_a_level_whose_descriptor_names_it_is_not_said_twice(app):
    vraag = catalogus()["visitatiekader@2026"].vragen["rb_maatschappij"]
    with app.test_request_context():
        labels = [keuze.label for keuze in veld(vraag, taxonomie()).kwargs["choices"]]
    assert labels[0] == "1. Zwak: het perspectief is een risico voor de taakuitvoering."
    assert not any("Zwak: Zwak" in label for label in labels)


def test_the_coordinator_sees_the_add_committee_member_form(app, vids):
    client = _ingelogd(app, "coordinator", None)
    pagina = client.get(f"/visitaties/{vids['odbn']}").get_data(as_text=True)
    assert "Toevoegen aan de commissie" in pagina and 'name="gebruiker_id"' in pagina
    od = _ingelogd(app, "od_medewerker", "odbn").get(f"/visitaties/{vids['odbn']}").get_data(as_text=True)
    assert "Toevoegen aan de commissie" not in od


# ------------------------------------------------------------------ confirmation


def test_submitting_and_each_step_forward_ask_once_what_cannot_be_undone(app, vids):
    od = _ingelogd(app)
    pagina = od.get(f"/visitaties/{vids['odbn']}/zelfevaluatie?sectie=algemeen").get_data(as_text=True)
    indienen = pagina[pagina.index("<h2>Indienen</h2>"):]
    assert "<details>" in indienen and "Ja, definitief indienen" in indienen
    assert "kunt u de antwoorden niet meer wijzigen" in indienen
    coordinator = _ingelogd(app, "coordinator", None)
    detail = coordinator.get(f"/visitaties/{vids['odg']}").get_data(as_text=True)  # definitief
    assert "Volgende stap: Gepubliceerd" in detail and "Publiceren kan niet worden teruggedraaid" in detail
    assert "Ja, naar &#39;Gepubliceerd&#39;" in detail


# ------------------------------------------------------------------ right of reply


def _wederhoor(app, vids):
    """An RUD LN employee (RUD LN is in the right of reply) with one posted reaction."""
    from visitatie.visitaties import operations as ops
    from visitatie.visitaties.rapport import secties

    od = _ingelogd(app, "od_medewerker", "rud-ln")
    with Session(app.extensions["vth_engine"]) as db:
        v = db.get(Visitatie, vids["rud-ln"])
        sectie = secties(ops.rapport_van(db, v).tekst)[0]
        reactie = ops.plaats_reactie(db, visitatie=v, sectie=sectie, soort="ontbrekende_context",
                                     tekst="Eerste versie (fictief)", auteur_id=None)
        db.commit()
        return od, reactie.id, sectie


def _reactie(app, rid):
    from visitatie.visitaties.models import WederhoorReactie

    with Session(app.extensions["vth_engine"]) as db:
        return db.get(WederhoorReactie, rid)


def test_the_od_edits_and_withdraws_a_reaction_until_the_committee_answers(app, vids):
    od, rid, sectie = _wederhoor(app, vids)
    vid = vids["rud-ln"]
    pagina = od.get(f"/visitaties/{vid}/wederhoor").get_data(as_text=True)
    assert "Reactie wijzigen" in pagina and "Ja, reactie intrekken" in pagina
    od.post(f"/visitaties/{vid}/wederhoor/{rid}/wijzigen",
            data={f"w{rid}-sectie": sectie, f"w{rid}-soort": "feitelijke_onjuistheid",
                  f"w{rid}-tekst": "Tweede versie (fictief)"})
    assert (_reactie(app, rid).tekst, _reactie(app, rid).soort) == ("Tweede versie (fictief)",
                                                                     "feitelijke_onjuistheid")
    andere = _ingelogd(app, "od_medewerker", "odbn")  # another OD may not touch it
    assert andere.post(f"/visitaties/{vid}/wederhoor/{rid}/intrekken").status_code == 403
    assert od.post(f"/visitaties/{vid}/wederhoor/{rid}/intrekken").status_code == 302
    assert _reactie(app, rid) is None


def test_an_answered_reaction_can_no_longer_be_changed(app, vids):
    from visitatie.visitaties import operations as ops
    from visitatie.visitaties.models import WederhoorReactie

    od, rid, sectie = _wederhoor(app, vids)
    with Session(app.extensions["vth_engine"]) as db:
        ops.beantwoord_reactie(db, reactie=db.get(WederhoorReactie, rid), besluit="overgenomen", antwoord="")
        db.commit()
    antwoord = od.post(f"/visitaties/{vids['rud-ln']}/wederhoor/{rid}/intrekken", follow_redirects=True)
    assert "al beantwoord" in antwoord.get_data(as_text=True)
    assert _reactie(app, rid) is not None
    pagina = od.get(f"/visitaties/{vids['rud-ln']}/wederhoor").get_data(as_text=True)
    assert f"/wederhoor/{rid}/wijzigen" not in pagina and f"/wederhoor/{rid}/intrekken" not in pagina


def test_the_od_downloads_the_draft_marked_as_draft_and_no_one_else_does(app, vids):
    vid = vids["rud-ln"]  # in the right of reply
    od = _ingelogd(app, "od_medewerker", "rud-ln")
    antwoord = od.get(f"/visitaties/{vid}/rapport.docx")
    assert antwoord.status_code == 200 and antwoord.data.startswith(b"PK")
    assert "concept-visitatierapport" in antwoord.headers["Content-Disposition"]
    assert "Concept downloaden" in od.get(f"/visitaties/{vid}/rapport").get_data(as_text=True)
    for rol, od_code in (("od_medewerker", "odbn"), ("coordinator", None), ("lezer", None)):
        assert _ingelogd(app, rol, od_code).get(f"/visitaties/{vid}/rapport.pdf").status_code == 403
    assert app.test_client().get(f"/visitaties/{vid}/rapport.pdf").status_code in (302, 401, 403)
    eigen = _ingelogd(app, "od_medewerker", "dcmr")  # DCMR's draft is not yet in the right of reply
    assert eigen.get(f"/visitaties/{vids['dcmr']}/rapport.docx").status_code == 403


# ------------------------------------------------------------------ improvement plan


def test_the_improvement_plan_exports_for_dutch_excel(app, vids):
    from openpyxl import load_workbook

    od = _ingelogd(app, "od_medewerker", "odmh")  # ODMH works on its improvement plan
    csv = od.get(f"/visitaties/{vids['odmh']}/verbeterplan.csv")
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    regels = csv.data.decode("utf-8-sig").splitlines()
    assert regels[0] == "Nr.;Thema;Aanbeveling;Eigenaar;Uiterlijk gereed;Status;Voortgang"
    assert len(regels) > 1 and regels[1].startswith("1;")
    xlsx = od.get(f"/visitaties/{vids['odmh']}/verbeterplan.xlsx")
    import io

    blad = load_workbook(io.BytesIO(xlsx.data)).active
    assert blad.freeze_panes == "A2" and blad.auto_filter.ref and blad["A1"].value == "Nr."
    assert _ingelogd(app, "od_medewerker", "odbn").get(
        f"/visitaties/{vids['odmh']}/verbeterplan.csv").status_code == 403


def test_a_deadline_in_the_past_is_saved_with_a_remark(app, vids):
    from visitatie.visitaties.models import Verbeteractie

    od = _ingelogd(app, "od_medewerker", "odmh")
    with Session(app.extensions["vth_engine"]) as db:
        actie = db.exec(select(Verbeteractie).where(Verbeteractie.visitatie_id == vids["odmh"])).first()
    p = f"a{actie.id}"
    antwoord = od.post(f"/visitaties/{vids['odmh']}/verbeterplan/{actie.id}", follow_redirects=True,
                       data={f"{p}-eigenaar": "Team (fictief)", f"{p}-deadline": "2026-09-01",
                             f"{p}-status": "lopend", f"{p}-voortgang": "", f"{p}-versie": actie.versie})
    tekst = antwoord.get_data(as_text=True)
    assert "De actie is bijgewerkt." in tekst
    assert "de termijn 01-09-2026 ligt in het verleden" in tekst and "Termijn verstreken" in tekst
    vooruit = od.post(f"/visitaties/{vids['odmh']}/verbeterplan/{actie.id}", follow_redirects=True,
                      data={f"{p}-eigenaar": "Team (fictief)", f"{p}-deadline": "2027-01-01",
                            f"{p}-status": "lopend", f"{p}-voortgang": "", f"{p}-versie": actie.versie + 1})
    assert "ligt in het verleden" not in vooruit.get_data(as_text=True)


# ------------------------------------------------------------------ attachments

PDF = b"%PDF-1.4\n% bijlage (fictief)\n"


def _secretaris(app, vid):
    """A committee account that is secretary of the visitation."""
    from visitatie.auth.models import Gebruiker
    from visitatie.visitaties.models import CommissieLid

    client = app.test_client()
    email = maak_account(app, "commissielid")
    with Session(app.extensions["vth_engine"]) as db:
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
        db.add(CommissieLid(visitatie_id=vid, gebruiker_id=gebruiker.id, rol="secretaris"))
        db.commit()
    client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD})
    return client


def _upload(client, pad, inhoud=PDF, naam="onderbouwing.pdf", **extra):
    import io

    return client.post(pad, data={"bestand": (io.BytesIO(inhoud), naam), **extra},
                       content_type="multipart/form-data", follow_redirects=True)


def test_the_committee_attaches_evidence_to_an_assessment_section_for_itself_only(app, vids):
    vid = vids["rud-ln"]  # right of reply: the report is not final yet
    commissie = _secretaris(app, vid)
    pagina = commissie.get(f"/visitaties/{vid}/commissie/commissieoordeel?sectie=toekomstvisie")
    assert "Bijlagen van de commissie" in pagina.get_data(as_text=True)
    antwoord = _upload(commissie, f"/visitaties/{vid}/bijlagen/kader/toekomstvisie", soort="commissieoordeel")
    tekst = antwoord.get_data(as_text=True)
    assert "Bijlage &#39;onderbouwing.pdf&#39; toegevoegd." in tekst and "/bijlage/" in tekst
    from visitatie.visitaties.models import VisitatieBijlage

    with Session(app.extensions["vth_engine"]) as db:
        bijlage = db.exec(select(VisitatieBijlage)).one()
    pad = f"/visitaties/{vid}/bijlage/{bijlage.id}"
    assert commissie.get(pad).data == PDF
    for rol, od in (("od_medewerker", "rud-ln"), ("coordinator", None)):
        assert _ingelogd(app, rol, od).get(pad).status_code == 403  # committee only
    geweigerd = _upload(commissie, f"/visitaties/{vid}/bijlagen/kader/toekomstvisie", b"MZ geen pdf", "x.exe")
    assert "Bijlage niet toegevoegd: Alleen PDF" in geweigerd.get_data(as_text=True)
    _upload(commissie, f"/visitaties/{vid}/bijlagen/kader/bestaat_niet")  # refused: unknown section
    with Session(app.extensions["vth_engine"]) as db:
        assert len(db.exec(select(VisitatieBijlage)).all()) == 1
    assert commissie.post(f"{pad}/verwijderen").status_code == 302
    with Session(app.extensions["vth_engine"]) as db:
        assert db.exec(select(VisitatieBijlage)).all() == []


def test_interview_notes_take_attachments(app, vids):
    from visitatie.visitaties.models import GespreksVerslag

    vid = vids["rud-ln"]
    commissie = _secretaris(app, vid)
    commissie.post(f"/visitaties/{vid}/gesprekken", data={"titel": "Directie (fictief)", "tekst": "Notities"})
    with Session(app.extensions["vth_engine"]) as db:
        verslag = db.exec(select(GespreksVerslag).where(GespreksVerslag.visitatie_id == vid)).one()
    tekst = _upload(commissie, f"/visitaties/{vid}/bijlagen/gesprek/{verslag.id}").get_data(as_text=True)
    pagina = commissie.get(f"/visitaties/{vid}/gesprekken").get_data(as_text=True)
    assert "toegevoegd" in tekst and "onderbouwing.pdf" in pagina and "Bijlagen bij dit verslag" in pagina


def test_a_reaction_takes_an_annex_the_committee_reads_and_it_goes_with_the_reaction(app, vids):
    from visitatie.visitaties.models import VisitatieBijlage

    od, rid, _sectie = _wederhoor(app, vids)
    vid = vids["rud-ln"]
    _upload(od, f"/visitaties/{vid}/bijlagen/wederhoor/{rid}", naam="toelichting.pdf")
    with Session(app.extensions["vth_engine"]) as db:
        bijlage = db.exec(select(VisitatieBijlage)).one()
    assert _secretaris(app, vid).get(f"/visitaties/{vid}/bijlage/{bijlage.id}").data == PDF
    andere_od = _ingelogd(app, "od_medewerker", "odbn")
    assert andere_od.get(f"/visitaties/{vid}/bijlage/{bijlage.id}").status_code == 403
    assert "toelichting.pdf" in od.get(f"/visitaties/{vid}/wederhoor").get_data(as_text=True)
    od.post(f"/visitaties/{vid}/wederhoor/{rid}/intrekken")
    with Session(app.extensions["vth_engine"]) as db:
        assert db.exec(select(VisitatieBijlage)).all() == []


def test_the_scripts_save_carries_the_pages_csrf_token_in_a_header(demo_database_url, tmp_path):
    """With CSRF on (as in production): the token the page holds, sent as X-CSRFToken, is taken."""
    import re

    from tests.conftest import make_test_app

    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path), WTF_CSRF_ENABLED=True)
    from visitatie.visitaties.demo import scenario_visitaties

    with Session(app.extensions["vth_engine"]) as db:
        vid = scenario_visitaties(db)["odbn"]
    client = app.test_client()
    inloggen = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', inloggen).group(1)
    client.post("/inloggen", data={"email": maak_account(app, "od_medewerker", "odbn"),
                                   "wachtwoord": TEST_WACHTWOORD, "csrf_token": token})
    pagina = client.get(f"/visitaties/{vid}/zelfevaluatie?sectie=algemeen").get_data(as_text=True)
    formulier = pagina[pagina.index('class="vth-vragenlijst"'):]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', formulier).group(1)
    pad = f"/visitaties/{vid}/antwoord/zelfevaluatie/fte"
    assert _post(client, vid, "fte", "1,5", 0, JSON).status_code == 400  # without the token
    antwoord = _post(client, vid, "fte", "1,5", 0, {**JSON, "X-CSRFToken": token})
    assert antwoord.status_code == 200, pad
    app.extensions["vth_engine"].dispose()
