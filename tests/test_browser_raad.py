"""The public portal for councils in Chromium: axe-core finds no WCAG 2.1 AA violations on the
search page, a municipality's and a province's summary, and the clerks' overview; a summary is
found, read and downloaded with the keyboard only."""

from __future__ import annotations

import pytest

from tests.browser import LiveServer, axe_violations, beschrijf, tab_naar

pytestmark = pytest.mark.browser


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


@pytest.fixture
def live(app):
    with LiveServer(app) as server:
        yield server


def test_portal_pages_pass_axe(live, page):
    for pad in ["/raad/", "/raad/?q=fryslan", "/raad/GM0484", "/raad/PV25", "/raad/cycli?provincie=PV20"]:
        antwoord = page.goto(live.url + pad)
        assert antwoord.status < 400, pad
        violations = axe_violations(page)
        assert violations == [], f"{pad}\n{beschrijf(violations)}"


def test_search_by_name_in_the_browser(live, page):
    page.goto(live.url + "/raad/")
    page.get_by_label("Naam van uw gemeente of provincie").fill("s-gravenhage")
    page.get_by_role("button", name="Zoek").click()
    kop = "'s-Gravenhage: uw omgevingsdienst in het kort"
    assert page.get_by_role("heading", level=1, name=kop).is_visible()
    assert page.get_by_role("link", name="Download als PDF (A4)").is_visible()


def test_find_and_read_a_summary_by_keyboard_only(live, page):
    page.goto(live.url + "/raad/")
    tab_naar(page, "input[name=q]")
    page.keyboard.type("Alphen aan den Rijn")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    kop = "Alphen aan den Rijn: uw omgevingsdienst in het kort"
    assert page.get_by_role("heading", level=1, name=kop).is_visible()
    tab_naar(page, "a[href*='GM0484.pdf']")  # the PDF download is reachable by keyboard
    with page.expect_response(lambda r: "GM0484.pdf" in r.url) as pdf:
        page.keyboard.press("Enter")
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
