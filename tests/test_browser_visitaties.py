"""A committee-free path through the browser: an OD employee fills in part of the
self-evaluation with the keyboard only (autosave, a show_if question appearing, saving the
section), and axe-core finds no violations on the questionnaire page."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from sqlmodel import Session, select
from werkzeug.serving import make_server

from tests.conftest import TEST_WACHTWOORD, maak_account
from visitatie.demo import laad_demo
from visitatie.visitaties.models import Visitatie

CHROMIUM = shutil.which("chromium")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")]


@pytest.fixture
def server(app):
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        laad_demo(db)
        db.commit()
        vid = db.exec(select(Visitatie.id).where(Visitatie.od_code == "odbn")).one()
    email = maak_account(app, "od_medewerker", "odbn")
    http = make_server("127.0.0.1", 0, app, threaded=True)
    draad = threading.Thread(target=http.serve_forever, daemon=True)
    draad.start()
    yield f"http://127.0.0.1:{http.server_port}", vid, email
    http.shutdown()
    draad.join()


def tab_naar(page, selector: str, maximaal: int = 150) -> None:
    """Press Tab until the element is focused: proves it is reachable by keyboard."""
    for _ in range(maximaal):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is niet met Tab te bereiken")


def test_fill_in_by_keyboard_only_and_axe_finds_nothing(server):
    from playwright.sync_api import sync_playwright

    basis, vid, email = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(bypass_csp=True).new_page()  # bypass only so axe can be injected
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

        fouten = axe_fouten(page)
        page.goto(f"{basis}/visitaties/{vid}/zelfevaluatie?sectie=toekomstvisie")  # scale + findings list
        fouten += axe_fouten(page)
        browser.close()
    assert fouten == []


def axe_fouten(page) -> list:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    resultaat = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in resultaat["violations"]]
