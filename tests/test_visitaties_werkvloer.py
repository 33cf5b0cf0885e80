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
    with Session(app.extensions["vth_engine"]) as db:
        return {v.od_code: v.id for v in db.exec(select(Visitatie)).all()}


def _antwoord(app, code: str, od: str = "odbn") -> Antwoord | None:
    with Session(app.extensions["vth_engine"]) as db:
        return db.exec(select(Antwoord).join(Respons).join(Visitatie)
                       .where(Antwoord.vraag_code == code, Visitatie.od_code == od,
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
