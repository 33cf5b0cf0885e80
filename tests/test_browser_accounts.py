"""In Debian's Chromium: sessions that end, blocking, a temporary password, two-step sign-in."""

from __future__ import annotations

import pyotp
import pytest

from tests.browser import LiveServer, axe_violations, beschrijf
from tests.conftest import TEST_WACHTWOORD, maak_account

pytestmark = pytest.mark.browser


@pytest.fixture
def live(app):
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def tweede(browser):
    """A second browser (another person, or a thief holding a copied cookie)."""
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def inloggen(page, url: str, email: str, wachtwoord: str = TEST_WACHTWOORD) -> None:
    page.goto(url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()


def test_a_copied_cookie_is_refused_after_sign_out(app, live, page, tweede):
    email = maak_account(app, "coordinator")
    inloggen(page, live.url, email)
    page.wait_for_url(live.url + "/")
    tweede.context.add_cookies(page.context.cookies())
    tweede.goto(live.url + "/account")
    assert tweede.get_by_role("heading", name="Mijn account").is_visible()
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_text("U bent uitgelogd.").wait_for()  # the next page, not whatever shows mid-click
    tweede.goto(live.url + "/account")
    assert tweede.get_by_role("heading", name="Inloggen").is_visible()


def test_a_beheerder_blocks_an_account_and_its_open_session_ends(app, live, page, tweede):
    email = maak_account(app, "commissielid")
    inloggen(tweede, live.url, email)
    tweede.wait_for_url(live.url + "/")
    inloggen(page, live.url, maak_account(app, "beheerder"))
    page.locator("summary", has_text="Beheer").click()  # the menu groups accounts under Beheer
    page.get_by_role("link", name="Gebruikers").click()
    page.get_by_role("link", name=email).click()
    assert axe_violations(page) == [], beschrijf(axe_violations(page))
    page.get_by_role("button", name="Blokkeren").click()
    page.get_by_text("open sessies zijn beëindigd").wait_for()
    tweede.goto(live.url + "/account")
    assert tweede.get_by_role("heading", name="Inloggen").is_visible()
    inloggen(tweede, live.url, email)
    assert tweede.get_by_text("Deze combinatie van e-mailadres en wachtwoord is onbekend.").is_visible()


def test_a_temporary_password_is_changed_at_first_sign_in(app, live, page, tweede):
    inloggen(page, live.url, maak_account(app, "beheerder"))
    page.goto(live.url + "/gebruikers/nieuw")
    page.get_by_label("E-mailadres").fill("nieuwe.redacteur@test.nl")
    page.get_by_label("Rol").select_option("redacteur")
    page.get_by_label("Tijdelijk wachtwoord").fill("tijdelijk-van-de-beheerder")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_text("Account nieuwe.redacteur@test.nl aangemaakt").wait_for()
    inloggen(tweede, live.url, "nieuwe.redacteur@test.nl", "tijdelijk-van-de-beheerder")
    tweede.wait_for_url(live.url + "/account/wachtwoord")
    assert tweede.get_by_text("Kies eerst een eigen wachtwoord").is_visible()
    assert axe_violations(tweede) == [], beschrijf(axe_violations(tweede))
    tweede.get_by_label("Huidig wachtwoord").fill("tijdelijk-van-de-beheerder")
    tweede.locator("#wachtwoord").fill("mijn-eigen-geheim-2026")
    tweede.get_by_label("Nieuw wachtwoord nogmaals").fill("mijn-eigen-geheim-2026")
    tweede.get_by_role("button", name="Wachtwoord wijzigen").click()
    tweede.get_by_text("Uw wachtwoord is gewijzigd.").wait_for()
    tweede.goto(live.url + "/edities")
    assert tweede.get_by_role("heading", name="Edities", level=1).is_visible()


def test_two_step_enrolment_and_sign_in(app, live, page):
    email = maak_account(app, "ilt_inspecteur")
    inloggen(page, live.url, email)
    page.wait_for_url(live.url + "/")
    page.goto(live.url + "/account")
    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    qr = page.get_by_role("img", name="QR-code")
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") > 100  # drawn under the CSP
    assert axe_violations(page) == [], beschrijf(axe_violations(page))
    geheim = page.locator("#totp-sleutel").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(geheim).now())
    page.get_by_role("button", name="Bevestigen").click()
    assert page.locator("#herstelcodes li").count() == 10
    page.get_by_role("button", name="Uitloggen").click()
    inloggen(page, live.url, email)
    page.wait_for_url(live.url + "/inloggen/tweede-stap")
    page.get_by_label("Code").fill(pyotp.TOTP(geheim).now())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(live.url + "/")
    assert page.get_by_text(email).is_visible()
