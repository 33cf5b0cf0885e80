"""In Debian's Chromium: log in, open an OD page, and check every visited page with axe-core."""

from __future__ import annotations

import pytest

from tests.browser import LiveServer, axe_violations, beschrijf
from tests.conftest import TEST_WACHTWOORD, maak_account

pytestmark = pytest.mark.browser


@pytest.fixture
def live(app):
    with LiveServer(app) as server:
        yield server


def bezoek_en_controleer(page, url: str) -> None:
    antwoord = page.goto(url)
    assert antwoord.status < 400, url
    violations = axe_violations(page)
    assert violations == [], f"{url}\n{beschrijf(violations)}"


def test_login_open_od_page_and_axe(app, live, page):
    email = maak_account(app, "coordinator")
    bezoek_en_controleer(page, live.url + "/")
    page.get_by_role("link", name="Inloggen").click()
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(live.url + "/")
    assert page.get_by_text(email).is_visible()
    bezoek_en_controleer(page, live.url + "/omgevingsdiensten")
    page.get_by_role("link", name="Omgevingsdienst Midden-Holland").click()
    assert page.get_by_role("heading", name="Omgevingsdienst Midden-Holland", level=1).is_visible()
    assert axe_violations(page) == [], beschrijf(axe_violations(page))
    for pad in ["/gemeenten/GM0200?peildatum=2023-06-01", "/provincies/PV25", "/audit",
                "/account"]:
        bezoek_en_controleer(page, live.url + pad)


def test_form_errors_are_accessible(app, live, page):
    bezoek_en_controleer(page, live.url + "/inloggen")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_text("Vul uw e-mailadres in.").is_visible()
    assert axe_violations(page) == [], beschrijf(axe_violations(page))


def test_skip_link_is_first_and_reaches_main(live, page):
    page.goto(live.url + "/omgevingsdiensten")
    page.keyboard.press("Tab")
    focus = page.evaluate("document.activeElement.textContent")
    assert focus.strip() == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
