"""In Debian's Chromium: the edition pages pass axe-core, and the live preview of a chapter's
text updates through htmx under the app's CSP."""

from __future__ import annotations

import pytest

from tests.browser import LiveServer, axe_violations, beschrijf
from tests.conftest import TEST_WACHTWOORD, maak_account

pytestmark = pytest.mark.browser


@pytest.fixture
def live(app):
    with LiveServer(app) as server:
        yield server


def test_edition_pages_are_accessible_and_preview_is_live(app, live, page):
    email = maak_account(app, "redacteur")
    page.goto(live.url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(live.url + "/")
    page.goto(live.url + "/edities/nieuw")
    assert axe_violations(page) == [], beschrijf(axe_violations(page))
    page.get_by_label("Editiejaar").fill("2030")
    page.get_by_label("Periode van").fill("2028-07-01")
    page.get_by_label("Periode tot en met").fill("2030-06-30")
    page.get_by_label("Peildatum").fill("2030-06-01")
    page.get_by_role("button", name="Aanmaken").click()
    page.wait_for_url(live.url + "/edities/2030")
    assert axe_violations(page) == [], beschrijf(axe_violations(page))
    page.get_by_role("link", name="Hoofdlijnen").click()
    page.get_by_label("Tekst (Markdown)").fill("Een **sterke** zin <b>x</b>")
    page.locator("#voorbeeld strong").wait_for()
    assert page.locator("#voorbeeld strong").inner_text() == "sterke"
    assert page.locator("#voorbeeld b").count() == 0
    assert axe_violations(page) == [], beschrijf(axe_violations(page))
    for pad in ("/edities", "/staat"):
        page.goto(live.url + pad)
        assert axe_violations(page) == [], (pad, beschrijf(axe_violations(page)))
