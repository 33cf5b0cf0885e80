"""Finding 8 of issue 18: odd input is a Dutch message, never a 500, on SQLite and PostgreSQL.
Closed per class: every row is checked against its columns before it is written
(`invoergrenzen.bewaak`), every form derives from `Formulier` (numbers finite and in range, dates
2000-2100, text no longer than its column), NUL is refused in the URL path and file names, `<int:…>`
in a URL holds only what a column can hold, page numbers are bounded."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import Date, DateTime, Float, Integer, Numeric, String
from sqlmodel import Session, SQLModel, select
from wtforms import StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

from tests.conftest import TEST_WACHTWOORD, make_test_app
from visitatie.errors import DomeinFout
from visitatie.invoergrenzen import Formulier, controleer_rij, kern, kolom_van, paginanummer


def _modellen():
    return [m.class_ for m in SQLModel._sa_registry.mappers]


def _te_groot(kolom):
    """A value the column cannot hold, or None for a column without bounds."""
    soort = kern(kolom.type)
    if isinstance(soort, String) and soort.length:
        return "x" * (soort.length + 1)
    if isinstance(soort, Integer):
        return 2**31 if type(soort) is Integer else 2**63
    if isinstance(soort, Float | Numeric):
        return Decimal("sNaN") if isinstance(soort, Numeric) and not isinstance(soort, Float) else math.nan
    if isinstance(soort, Date | DateTime):
        return date(9999, 12, 31)
    return None


def test_every_column_of_every_model_refuses_what_it_cannot_hold(app):
    """The sweep: each bounded column of each model, with a value just beyond it."""
    geprobeerd = 0
    for model in _modellen():
        for kolom in model.__table__.columns:
            waarde = _te_groot(kolom)
            if waarde is None or kolom.key not in model.__mapper__.column_attrs:
                continue
            rij = model()
            setattr(rij, kolom.key, waarde)
            with pytest.raises(DomeinFout):
                controleer_rij(rij)
            geprobeerd += 1
    assert geprobeerd > 300, geprobeerd


def test_a_write_path_without_a_form_gets_the_dutch_refusal_not_a_database_error(app):
    from visitatie.planning.models import Visiteur

    with Session(app.extensions["vth_engine"]) as db:
        db.add(Visiteur(naam="Test", expertise="x" * 301))
        with pytest.raises(DomeinFout, match="ten hoogste 300 tekens"):
            db.flush()


def _formulieren(klasse=FlaskForm):
    for sub in klasse.__subclasses__():
        yield sub
        yield from _formulieren(sub)


def gebonden_velden(klasse):
    """The form's fields as `Formulier` binds them, without the context its view passes in."""
    form = object.__new__(klasse)
    meta = form.meta = Formulier.Meta()
    velden = []
    for naam in dir(klasse):
        onverbonden = getattr(klasse, naam, None)
        if isinstance(onverbonden, UnboundField):
            velden.append(meta.bind_field(form, onverbonden, {"name": naam, "prefix": "",
                                                               "translations": None}))
    return form, velden


def test_every_form_is_bounded(app):
    """Every form of the app derives from Formulier (imported by create_app), and every text
    field of a form that names its model has its column's length."""
    vrij = [f.__qualname__ for f in _formulieren() if f.__module__.startswith("visitatie")
            and not issubclass(f, Formulier) and f is not Formulier]
    assert not vrij, f"formulieren zonder invoergrenzen: {vrij}"
    gecontroleerd = 0
    with app.test_request_context(method="POST"):
        for klasse in _formulieren(Formulier):
            if getattr(klasse, "model", None) is None:
                continue
            form, velden = gebonden_velden(klasse)
            for veld in velden:
                kolom = kolom_van(form, veld.short_name)
                if not isinstance(veld, StringField | TextAreaField) or kolom is None \
                        or not getattr(kern(kolom.type), "length", None):
                    continue
                lengtes = [v.max for v in veld.validators if isinstance(v, Length)]
                assert kern(kolom.type).length in lengtes, (klasse.__name__, veld.short_name)
                assert min(m for m in lengtes if m and m > 0) <= kern(kolom.type).length
                gecontroleerd += 1
    assert gecontroleerd >= 10, gecontroleerd


def test_page_numbers_are_bounded():
    assert paginanummer({"pagina": "9" * 27}) == 100_000
    assert paginanummer({"pagina": "-3"}) == 1
    assert paginanummer({"pagina": "sNaN"}) == 1


# --- through the app, as the attack did ---------------------------------------------------------


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


def test_audit_page_with_a_27_digit_page_number(client, login):
    login("coordinator")
    assert client.get("/audit?pagina=" + "9" * 27).status_code == 200


@pytest.mark.parametrize("pad", ["/visitaties/" + "9" * 27, "/ilt/studies/2147483648",
                                 "/planning/pool/99999999999999999999"])
def test_an_id_beyond_any_column_is_not_found(client, login, pad):
    login("beheerder")
    assert client.get(pad).status_code == 404


def test_an_ilt_finding_number_beyond_the_column_is_a_form_error(client, login):
    login("ilt_inspecteur")
    antwoord = client.post("/ilt/studies/1/bevindingen/nieuw", data={
        "nummer": "2147483648", "type": "aanbeveling", "thema": "overig", "tekst": "Test"})
    assert antwoord.status_code < 500
    assert "Vul een getal in tussen" in antwoord.get_data(as_text=True)


def test_a_word_in_a_number_field_is_refused_in_dutch(client, login):
    login("ilt_inspecteur")
    antwoord = client.post("/ilt/studies/1/bevindingen/nieuw", data={
        "nummer": "twaalf", "type": "aanbeveling", "thema": "overig", "tekst": "Test"})
    pagina = antwoord.get_data(as_text=True)
    assert antwoord.status_code < 500
    assert "Ongeldig getal." in pagina and "Not a valid" not in pagina


def test_snan_in_the_correction_form_is_a_form_error(app, client, login):
    from tests.test_access import waarneming_van_odmh

    login("coordinator")
    with Session(app.extensions["vth_engine"]) as db:
        waarneming = waarneming_van_odmh(db)
    for tekst in ("sNaN", "NaN", "Infinity", "-inf"):
        antwoord = client.post(f"/monitoring/waarnemingen/{waarneming}/corrigeren", data={
            "waarde": tekst, "status": "definitief", "reden": "test", "versie": "1"})
        assert antwoord.status_code < 500, tekst
        assert "Vul een gewoon getal in." in antwoord.get_data(as_text=True), tekst


def test_a_broken_version_in_autosave_is_refused_in_dutch(demo_database_url, tmp_path):
    """An employee who may save gets a Dutch 422 for a version that is no whole number."""
    from tests.test_paginacache_gebieden import ingelogd
    from visitatie.visitaties.demo import scenario_visitaties

    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    with Session(app.extensions["vth_engine"]) as db:
        vid = scenario_visitaties(db)["odbn"]
    medewerker = ingelogd(app, "od_medewerker", "odbn")
    for versie in ("sNaN", "abc", "9" * 27):
        antwoord = medewerker.post(f"/visitaties/{vid}/antwoord/zelfevaluatie/fte",
                                   data={"fte": "12", "versie__fte": versie})
        assert antwoord.status_code == 422, versie
        assert "Deze pagina is verouderd of beschadigd" in antwoord.get_data(as_text=True)
    assert medewerker.post(f"/visitaties/{vid}/antwoord/zelfevaluatie/fte",
                           data={"fte": "12", "versie__fte": "0"}).status_code == 200  # reachable


def test_a_visitor_expertise_longer_than_its_column_is_a_form_error(app, client, login):
    from visitatie.planning.models import Visiteur

    login("coordinator")
    with Session(app.extensions["vth_engine"]) as db:
        visiteur = db.exec(select(Visiteur).order_by(Visiteur.id)).first()
    antwoord = client.post(f"/planning/pool/{visiteur.id}", data={
        "versie": str(visiteur.versie), "expertise": "x" * 301, "max_bezoeken": "3", "actief": "y"})
    assert antwoord.status_code < 500
    assert "Ten hoogste 300 tekens." in antwoord.get_data(as_text=True)


def test_a_date_far_in_the_future_is_a_form_error(client, login):
    login("coordinator")
    antwoord = client.post("/planning/rondes", data={
        "naam": "Verre toekomst", "start": "9999-01-01", "deadline": "9999-12-31", "max_per_week": "2",
        "termijn_zelfevaluatie_weken": "3", "termijn_concept_weken": "6", "termijn_wederhoor_weken": "2"})
    assert antwoord.status_code < 500
    assert "Kies een datum tussen" in antwoord.get_data(as_text=True)


def test_nul_in_a_login_form_field_name_is_refused(client):
    antwoord = client.post("/inloggen", data={"email\x00": "a", "wachtwoord": TEST_WACHTWOORD})
    assert antwoord.status_code == 400


@pytest.mark.parametrize("pad", ["/raad/GM%000014", "/omgevingsdiensten/odmh%00", "/gemeenten/GM%000200",
                                 "/omgevingsdiensten/odmh%00/monitoring"])
def test_a_nul_in_the_url_path_is_refused_in_dutch(client, pad):
    antwoord = client.get(pad)
    assert antwoord.status_code == 400, antwoord.status_code
    assert "NUL-teken" in antwoord.get_data(as_text=True)
