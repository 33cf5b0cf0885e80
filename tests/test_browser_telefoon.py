"""Issue 16 in Chromium: every public page works on a phone (390 px and 320 px: no sideways
scrolling, axe-core finds no WCAG 2.1 AA violations, the menu folds behind one button), the
grouped main menu works with the keyboard, and each role's start page passes axe."""

from __future__ import annotations

import pytest

from tests.browser import LiveServer, axe_violations, beschrijf, tab_naar
from tests.conftest import TEST_WACHTWOORD, maak_account
from tests.test_bewijs_toegankelijkheid import html_paginas
from visitatie.auth.permissions import ROLLEN

pytestmark = [pytest.mark.browser, pytest.mark.een_ronde]
TELEFOON = {"width": 390, "height": 844}


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


@pytest.fixture
def live(app):
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def telefoon(browser):
    context = browser.new_context(locale="nl-NL", bypass_csp=True, viewport=TELEFOON)
    pagina = context.new_page()
    pagina.set_default_timeout(15_000)
    yield pagina
    context.close()


def breder_dan_scherm(page) -> list[str]:
    """What sticks out to the right of the screen (empty when nothing scrolls sideways)."""
    return page.evaluate("""() => {
        const breedte = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= breedte) return [];
        return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > breedte + 1)
            .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className);
    }""")


def test_every_public_page_fits_a_phone_and_passes_axe(app, client, live, telefoon):
    paden = html_paginas(app, client, None, None)
    assert len(paden) > 15
    bevindingen = []
    for pad in paden:
        telefoon.goto(live.url + pad)
        if uitsteek := breder_dan_scherm(telefoon):
            bevindingen.append(f"{pad}: breder dan 390 px: {uitsteek}")
        if violations := axe_violations(telefoon):
            bevindingen.append(f"{pad}\n{beschrijf(violations)}")
    assert bevindingen == [], "\n".join(bevindingen)


@pytest.mark.parametrize("pad", ["/raad/GM0193", "/raad/PV26", "/raad/cycli", "/omgevingsdiensten/odru",
                                 "/ilt/opvolging"])
def test_the_council_pages_fit_the_smallest_phone(live, telefoon, pad):
    telefoon.set_viewport_size({"width": 320, "height": 640})
    telefoon.goto(live.url + pad)
    assert breder_dan_scherm(telefoon) == []


def test_on_a_phone_the_menu_folds_behind_one_button(live, telefoon):
    telefoon.goto(live.url + "/raad/GM0193")
    menu = telefoon.locator("nav.vth-nav")
    assert menu.bounding_box()["height"] < 60  # not half the first screen
    assert not telefoon.locator("#hoofdmenu").is_visible()
    knop = telefoon.get_by_role("button", name="Menu")
    knop.click()
    assert knop.get_attribute("aria-expanded") == "true"
    assert telefoon.locator("#hoofdmenu").get_by_role("link", name="Raad en Staten").is_visible()
    telefoon.keyboard.press("Escape")
    assert knop.get_attribute("aria-expanded") == "false"


def test_a_menu_group_opens_and_closes_with_the_keyboard(live, page):
    page.goto(live.url + "/")
    tab_naar(page, "nav summary")
    groep = page.locator("nav details").first
    naam = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    assert groep.evaluate("d => d.open")
    eerste = groep.locator(".vth-nav__sub a").first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('details') !== null")
    assert eerste.is_visible()
    page.keyboard.press("Escape")
    assert not groep.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.textContent.trim()") == naam


@pytest.mark.parametrize("rol", list(ROLLEN))
def test_each_start_page_passes_axe_and_keeps_seven_menu_entries(app, live, page, rol):
    email = maak_account(app, rol)
    page.goto(live.url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(live.url + "/")
    assert page.get_by_role("heading", level=1, name="Uw werk").is_visible()
    assert 1 < page.locator("#hoofdmenu > li").count() <= 7
    violations = axe_violations(page)
    assert violations == [], beschrijf(violations)
