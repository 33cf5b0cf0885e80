"""Accessibility sweep (issue 9): every HTML page of the demo, as every role and anonymous,
checked with axe-core (WCAG 2.1 A and AA) in Debian's Chromium. Pages come from app.url_map
with the examples of tests/test_access.py, so a new page is swept without being listed here."""

from __future__ import annotations

import pytest

from tests.browser import LiveServer, axe_violations, beschrijf
from tests.conftest import TEST_WACHTWOORD, maak_account
from tests.test_access import betrek, get_routes, url_voor
from visitatie.auth.permissions import ROLLEN, heeft

pytestmark = [pytest.mark.browser, pytest.mark.zwaar, pytest.mark.een_ronde]


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


class Rol:
    def __init__(self, rol):
        self.rol, self.is_authenticated = rol, rol is not None


def html_paginas(app, client, rol: str | None, email: str | None) -> list[str]:
    """The pages this role may open that answer with HTML (downloads and JSON are not pages)."""
    paden = []
    for rule in get_routes(app):
        if rol is None and app.view_functions[rule.endpoint].vth_permissie != "publiek":
            continue
        if rol is not None and not heeft(Rol(rol), app.view_functions[rule.endpoint].vth_permissie):
            continue
        pad = url_voor(rule, app, email)
        antwoord = client.get(pad)
        volledig = antwoord.get_data()[:20].lower().startswith(b"<!doctype html")  # not a fragment
        if antwoord.status_code == 200 and antwoord.mimetype == "text/html" and volledig:
            paden.append(pad)
    return paden


@pytest.mark.parametrize("rol", [None, *ROLLEN])
def test_every_page_has_no_wcag_violations(app, client, page, rol):
    email = None
    if rol is not None:
        email = maak_account(app, rol)
        betrek(app, email)
        assert client.post("/inloggen", data={"email": email,
                                              "wachtwoord": TEST_WACHTWOORD}).status_code == 302
    paden = html_paginas(app, client, rol, email)
    assert paden, "geen pagina's gevonden"
    bevindingen = []
    with LiveServer(app) as live:
        if email:
            page.goto(live.url + "/inloggen")
            page.get_by_label("E-mailadres").fill(email)
            page.get_by_label("Wachtwoord").fill(TEST_WACHTWOORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_url(live.url + "/")
        for pad in paden:
            page.goto(live.url + pad)
            violations = axe_violations(page)
            if violations:
                bevindingen.append(f"{pad}\n{beschrijf(violations)}")
    assert bevindingen == [], "\n".join(bevindingen)
