"""Accounts, login, throttling, audit log and the demo accounts."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from tests.conftest import PRODUCTIE_GEHEIM, TEST_WACHTWOORD, maak_account, make_test_app
from visitatie.audit.models import AuditRegel
from visitatie.auth.models import Gebruiker
from visitatie.config import ConfigFout


def test_password_is_hashed_with_argon2(app, db):
    email = maak_account(app, "lezer")
    gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
    assert gebruiker.wachtwoord_hash.startswith("$argon2id$")
    assert TEST_WACHTWOORD not in gebruiker.wachtwoord_hash


@pytest.mark.parametrize("email,wachtwoord", [("lezer-x@test.nl", "verkeerd"),
                                              ("bestaat-niet@test.nl", TEST_WACHTWOORD)])
def test_wrong_login_does_not_say_which_part(app, client, email, wachtwoord):
    maak_account(app, "lezer")
    antwoord = client.post("/inloggen", data={"email": email, "wachtwoord": wachtwoord})
    pagina = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 401
    assert "Deze combinatie van e-mailadres en wachtwoord is onbekend." in pagina
    assert f'value="{email}"' in pagina  # what was typed is shown again
    assert wachtwoord not in pagina.replace(email, "")


def test_wrong_guesses_slow_an_account_down_but_never_lock_it(app, client):
    app.config["LOGIN_MAX_VERTRAGING"] = 0.01
    email = maak_account(app, "lezer")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        assert client.post("/inloggen", data={"email": email, "wachtwoord": "fout"}).status_code == 401
    antwoord = client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD})
    assert antwoord.status_code == 302  # the owner still gets in


def test_one_address_is_refused_after_its_hard_limit(app, client):
    app.config["LOGIN_MAX_VERTRAGING"] = 0.01
    email = maak_account(app, "lezer")
    for i in range(4 * app.config["LOGIN_MAX_FAILURES"]):
        client.post("/inloggen", data={"email": f"gok{i}@test.nl", "wachtwoord": "fout"})
    antwoord = client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD})
    assert antwoord.status_code == 429
    assert "Te veel mislukte inlogpogingen" in antwoord.get_data(as_text=True)


@pytest.mark.parametrize("verzoek", [
    lambda c: c.post("/inloggen", data={"email": "a\x00@test.nl", "wachtwoord": "x"}),
    lambda c: c.get("/raad/", query_string={"q": "den\x00haag"}),
    lambda c: c.post("/inloggen", json={"genest": ["ok", {"veld": "\x00"}]}),
])
def test_nul_characters_are_refused_with_a_dutch_message(client, verzoek):
    antwoord = verzoek(client)  # PostgreSQL cannot store NUL in text: refuse before any view runs
    assert antwoord.status_code == 400
    assert "NUL-teken" in antwoord.get_data(as_text=True)


def test_login_redirect_stays_on_site(app, client):
    email = maak_account(app, "lezer")
    antwoord = client.post("/inloggen?next=https://kwaad.example/", data={
        "email": email, "wachtwoord": TEST_WACHTWOORD})
    assert antwoord.headers["Location"] == "/"


def test_session_cookie_flags(database_url):
    app = make_test_app(database_url, VTH_ENV="production", SECRET_KEY=PRODUCTIE_GEHEIM,
                        SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    email = maak_account(app, "lezer")
    antwoord = client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD})
    cookie = antwoord.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    app.extensions["vth_engine"].dispose()


def test_logout(client, login):
    login("lezer")
    assert client.get("/account").status_code == 200
    client.post("/uitloggen")
    assert client.get("/account").status_code == 302


def test_create_user_form_reshows_input_with_dutch_errors(client, login):
    login("beheerder")
    antwoord = client.post("/gebruikers/nieuw", data={
        "email": "nieuw@test.nl", "naam": "Nieuwe Collega", "rol": "od_medewerker",
        "wachtwoord": "lang-genoeg-wachtwoord"})
    pagina = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 422
    assert "hoort bij één omgevingsdienst" in pagina
    assert 'value="nieuw@test.nl"' in pagina and 'value="Nieuwe Collega"' in pagina


def test_create_user_writes_audit_line_visible_to_coordinator(app, client, login, db):
    login("beheerder")
    antwoord = client.post("/gebruikers/nieuw", data={
        "email": "nieuw@test.nl", "rol": "od_medewerker", "od_code": "odg",
        "wachtwoord": "lang-genoeg-wachtwoord"})
    assert antwoord.status_code == 302
    regel = db.exec(select(AuditRegel).where(AuditRegel.actie == "gebruiker.aanmaken",
                                             AuditRegel.object_type == "gebruiker")
                    .order_by(AuditRegel.id.desc())).first()
    na = json.loads(regel.na)
    assert na["email"] == "nieuw@test.nl" and "wachtwoord_hash" not in na
    assert regel.gebruiker_email.startswith("beheerder-")
    client.post("/uitloggen")
    login("coordinator")
    assert "nieuw@test.nl" in client.get("/audit?actie=gebruiker").get_data(as_text=True)


def test_od_bound_role_needs_existing_od(runner):
    fout = runner.invoke(args=["users", "create", "--email", "a@test.nl", "--rol", "od_medewerker",
                               "--od", "bestaat-niet", "--wachtwoord", "lang-genoeg-ww"])
    assert fout.exit_code != 0 and "Onbekende omgevingsdienst" in fout.output
    goed = runner.invoke(args=["users", "create", "--email", "a@test.nl", "--rol", "od_medewerker",
                               "--od", "odmh", "--wachtwoord", "lang-genoeg-ww"])
    assert goed.exit_code == 0, goed.output
    dubbel = runner.invoke(args=["users", "create", "--email", "A@test.nl", "--rol", "lezer",
                                 "--wachtwoord", "lang-genoeg-ww"])
    assert dubbel.exit_code != 0 and "bestaat al" in dubbel.output


def test_demo_creates_one_account_per_role_and_warns(runner, client):
    uitvoer = runner.invoke(args=["demo"])
    assert uitvoer.exit_code == 0, uitvoer.output
    assert "coordinator@example.nl" in uitvoer.output and "alleen voor lokaal gebruik" in uitvoer.output
    antwoord = client.post("/inloggen", data={"email": "coordinator@example.nl", "wachtwoord": "demo"})
    assert antwoord.status_code == 302
    nogmaals = runner.invoke(args=["demo", "--als-leeg"])
    assert "niet opnieuw geladen" in nogmaals.output


@pytest.mark.demodata
def test_production_refuses_to_start_with_demo_accounts(runner, client, database_url, monkeypatch):
    monkeypatch.setenv("VTH_SECRET_KEY", PRODUCTIE_GEHEIM)
    with pytest.raises(ConfigFout, match="demo-accounts"):
        make_test_app(database_url, VTH_ENV="production", SECRET_KEY=PRODUCTIE_GEHEIM)
    geblokkeerd = runner.invoke(args=["users", "disable-demo"])
    assert geblokkeerd.exit_code == 0 and "9 demo-account(s) geblokkeerd" in geblokkeerd.output
    inlog = client.post("/inloggen", data={"email": "coordinator@example.nl", "wachtwoord": "demo"})
    assert inlog.status_code == 401
    app = make_test_app(database_url, VTH_ENV="production", SECRET_KEY=PRODUCTIE_GEHEIM)
    app.extensions["vth_engine"].dispose()


def test_od_employee_sees_only_own_od_internals():
    from visitatie.auth.permissions import ziet_interne_gegevens_van

    class Medewerker:
        is_authenticated, rol, od_code = True, "od_medewerker", "odmh"

    class Coordinator:
        is_authenticated, rol, od_code = True, "coordinator", None

    assert ziet_interne_gegevens_van(Medewerker(), "odmh")
    assert not ziet_interne_gegevens_van(Medewerker(), "dcmr")
    assert ziet_interne_gegevens_van(Coordinator(), "dcmr")
