"""A committee-free path through the browser: an OD employee fills in part of the
self-evaluation with the keyboard only (autosave, a show_if question appearing, saving the
section), and axe-core finds no violations on the questionnaire page."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.browser import LiveServer, axe_violations, beschrijf, tab_naar
from tests.conftest import TEST_WACHTWOORD, maak_account
from visitatie.visitaties.demo import scenario_visitaties

pytestmark = pytest.mark.browser


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


@pytest.fixture
def server(app):
    with Session(app.extensions["vth_engine"]) as db:
        vid = scenario_visitaties(db)["odbn"]  # planned, in the running cycle
    email = maak_account(app, "od_medewerker", "odbn")
    with LiveServer(app) as live:
        yield live.url, vid, email


def test_fill_in_by_keyboard_only_and_axe_finds_nothing(server, page):
    basis, vid, email = server
    page.goto(f"{basis}/inloggen")
    tab_naar(page, "#email")
    page.keyboard.type(email)
    tab_naar(page, "#wachtwoord")
    page.keyboard.type(TEST_WACHTWOORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/inloggen" not in page.url, page.content()

    page.goto(f"{basis}/visitaties/{vid}/zelfevaluatie?sectie=algemeen")
    tab_naar(page, "#contactpersoon")
    page.keyboard.type("T. Toetsenbord (fictief)")
    tab_naar(page, "#fte")  # leaving the field autosaves it
    page.wait_for_selector("#status-contactpersoon:has-text('Opgeslagen')")
    page.keyboard.type("120")
    tab_naar(page, "#taken-1")
    page.keyboard.press("Space")
    page.wait_for_selector("#status-taken:has-text('Opgeslagen')")
    assert page.locator("#kc_wie-0").count() == 0  # hidden until kc_getoetst == 'ja'
    tab_naar(page, "#kc_getoetst-0")
    with page.expect_navigation():  # a question others depend on: the page refreshes
        page.keyboard.press("Space")
    assert page.locator("#kc_wie-0").count() == 1
    tab_naar(page, "#kc_wie-0")  # a radio group is one Tab stop; arrows choose within it
    page.keyboard.press("ArrowDown")
    page.wait_for_selector("#status-kc_wie:has-text('Opgeslagen')")
    tab_naar(page, ".vth-knoppen button.utrecht-button--secondary-action")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Uw antwoorden zijn opgeslagen." in page.content()
    assert page.input_value("#fte") == "120"
    assert page.is_checked("#kc_wie-1") and page.is_checked("#taken-1")

    fouten = axe_violations(page)
    page.goto(f"{basis}/visitaties/{vid}/zelfevaluatie?sectie=toekomstvisie")  # scale + findings list
    fouten += axe_violations(page)
    assert fouten == [], beschrijf(fouten)
