"""Single sign-on end to end against a real OpenID provider process (oidc-provider-mock),
started by these tests: authorization code flow with PKCE, a wrong issuer, an expired token,
a replayed state, an unverified or unknown address, and sign-in in Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from sqlmodel import Session, select

from tests.browser import LiveServer
from tests.conftest import maak_account, make_test_app
from visitatie.audit.models import AuditRegel

CLIENT = {"OIDC_CLIENT_ID": "vth", "OIDC_CLIENT_SECRET": "geheim-van-de-client"}


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def provider(*extra: str):
    """An OpenID provider in its own process; yields its issuer URL."""
    poort = _vrije_poort()
    proces = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(poort), *extra],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    uitgever = f"http://127.0.0.1:{poort}"
    try:
        for _ in range(100):
            try:
                httpx.get(uitgever + "/.well-known/openid-configuration", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield uitgever
    finally:
        proces.terminate()
        proces.wait(timeout=10)


@pytest.fixture(scope="module")
def idp():
    with provider() as uitgever:
        yield uitgever


def persoon(uitgever: str, sub: str, **claims) -> None:
    antwoord = httpx.put(f"{uitgever}/users/{quote(sub)}", json={"sub": sub, **claims})
    assert antwoord.status_code == 204


@pytest.fixture
def sso_app(database_url, idp):
    app = make_test_app(database_url, OIDC_ISSUER=idp, **CLIENT)
    yield app
    app.extensions["vth_engine"].dispose()


def aanmelden(client, sub: str):
    """The user's round trip: app -> provider (the user approves as `sub`) -> app."""
    naar_idp = client.get("/inloggen/sso")
    assert naar_idp.status_code == 302, naar_idp.get_data(as_text=True)
    vraag = parse_qs(urlsplit(naar_idp.headers["Location"]).query)
    assert vraag["code_challenge_method"] == ["S256"] and vraag["code_challenge"]  # PKCE
    terug = httpx.post(naar_idp.headers["Location"], data={"sub": sub})
    assert terug.status_code == 302
    adres = urlsplit(terug.headers["Location"])
    return f"{adres.path}?{adres.query}", client.get(f"{adres.path}?{adres.query}")


def _redenen(app) -> list[str]:
    with Session(app.extensions["vth_engine"]) as db:
        return [r.na for r in db.exec(select(AuditRegel).where(
            AuditRegel.actie == "inloggen.mislukt", AuditRegel.object_id == "sso"))]


def test_sign_in_with_a_verified_address_and_a_replayed_state(sso_app, idp):
    email = maak_account(sso_app, "coordinator")
    persoon(idp, "anne-1", email=email.upper(), email_verified=True)
    client = sso_app.test_client()
    terugweg, antwoord = aanmelden(client, "anne-1")
    assert antwoord.headers["Location"] == "/"
    assert email in client.get("/account").get_data(as_text=True)
    nogmaals = sso_app.test_client()  # an attacker replays the callback in another browser
    assert nogmaals.get(terugweg).headers["Location"] == "/inloggen"
    assert nogmaals.get("/account").status_code == 302
    client.post("/uitloggen")
    assert client.get(terugweg).headers["Location"] == "/inloggen"  # the same browser, later
    assert client.get("/account").status_code == 302
    assert len(_redenen(sso_app)) == 2


def test_no_account_is_made_and_an_unverified_address_is_refused(sso_app, idp):
    persoon(idp, "onbekend-1", email="nieuw@test.nl", email_verified=True)
    client = sso_app.test_client()
    _, antwoord = aanmelden(client, "onbekend-1")
    assert antwoord.headers["Location"] == "/inloggen"
    assert "Er is geen actief account voor nieuw@test.nl" in client.get("/inloggen").get_data(as_text=True)
    email = maak_account(sso_app, "beheerder")
    persoon(idp, "bert-1", email=email, email_verified=False)
    _, antwoord = aanmelden(client, "bert-1")
    assert client.get("/account").status_code == 302
    assert "bevestigt uw e-mailadres niet" in client.get("/inloggen").get_data(as_text=True)


def test_a_configured_claim_matches_the_account(database_url, idp):
    app = make_test_app(database_url, OIDC_ISSUER=idp, OIDC_CLAIM="preferred_username", **CLIENT)
    email = maak_account(app, "redacteur")
    persoon(idp, "carla-1", preferred_username=email)  # no e-mail claim at all (Entra ID)
    client = app.test_client()
    aanmelden(client, "carla-1")
    assert client.get("/account").status_code == 200
    app.extensions["vth_engine"].dispose()


def test_a_wrong_issuer_is_refused(database_url, idp):
    app = make_test_app(database_url, OIDC_ISSUER=idp + "/", **CLIENT)  # not the provider's name
    client = app.test_client()
    antwoord = client.get("/inloggen/sso")
    assert antwoord.headers["Location"] == "/inloggen"
    assert "andere uitgever" in client.get("/inloggen").get_data(as_text=True)
    app.extensions["vth_engine"].dispose()


def test_an_expired_id_token_is_refused(database_url):
    with provider("--token-max-age", "-30") as verlopen:  # every token expired when issued
        app = make_test_app(database_url, OIDC_ISSUER=verlopen, OIDC_LEEWAY=0, **CLIENT)
        email = maak_account(app, "lezer")
        persoon(verlopen, "dirk-1", email=email, email_verified=True)
        client = app.test_client()
        _, antwoord = aanmelden(client, "dirk-1")
        assert antwoord.headers["Location"] == "/inloggen"
        assert client.get("/account").status_code == 302
        assert "ExpiredTokenError" in _redenen(app)[0]
        app.extensions["vth_engine"].dispose()


def test_local_passwords_can_be_switched_off(database_url, idp):
    app = make_test_app(database_url, OIDC_ISSUER=idp, LOKAAL_INLOGGEN="uit", **CLIENT)
    email = maak_account(app, "lezer")
    client = app.test_client()
    pagina = client.get("/inloggen").get_data(as_text=True)
    assert "Inloggen via uw organisatie" in pagina and 'name="wachtwoord"' not in pagina
    from tests.conftest import TEST_WACHTWOORD

    assert client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD}).status_code == 403
    assert client.get("/account").status_code == 302
    app.extensions["vth_engine"].dispose()


@pytest.mark.browser
def test_sign_in_through_the_provider_in_chromium(sso_app, idp, page):
    email = maak_account(sso_app, "ilt_inspecteur")
    persoon(idp, "eva-1", email=email, email_verified=True)
    with LiveServer(sso_app) as live:
        page.goto(live.url + "/inloggen")
        page.get_by_role("link", name="Inloggen via uw organisatie").click()
        page.locator("input[name=sub]").fill("eva-1")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(live.url + "/")
        assert page.get_by_text(email).is_visible()
