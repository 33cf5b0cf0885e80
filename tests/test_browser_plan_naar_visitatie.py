"""The coordinator in the browser: a manual move of a started visitation, accepted, waits on the
cycle page until the coordinator takes it over; axe-core finds no violations on that page."""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlmodel import Session, select

from tests.browser import LiveServer, axe_violations, beschrijf
from tests.conftest import TEST_WACHTWOORD, maak_account
from visitatie.planning import operations as ops
from visitatie.rondes.models import VisitatieRonde
from visitatie.visitaties.demo import scenario_visitaties
from visitatie.visitaties.models import Visitatie

pytestmark = pytest.mark.browser


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


@pytest.fixture
def server(app):
    """The demo with ODWH's coming visit (self-evaluation submitted) moved in an accepted plan."""
    with app.app_context(), Session(app.extensions["vth_engine"], expire_on_commit=False) as db:
        ronde = db.exec(select(VisitatieRonde).where(VisitatieRonde.naam == "2025-2026")).one()
        vid = scenario_visitaties(db)["odwh"]
        plan = ops.geaccepteerd_plan(db, ronde.id)
        kopie = ops.wijzig_handmatig(db, plan_id=plan.id, od_code="odwh", nieuwe_dag=date(2026, 10, 13),
                                     toelichting="verzoek van de OD (fictief)")
        ops.accepteer_plan(db, plan_id=kopie.id, reden="test")
        db.commit()
    email = maak_account(app, "coordinator")
    with LiveServer(app) as live:
        yield live.url, ronde.id, vid, email


def test_the_coordinator_takes_a_difference_over_on_the_cycle_page(app, server, page):
    basis, ronde_id, vid, email = server
    page.goto(f"{basis}/inloggen")
    page.fill("#email", email)
    page.fill("#wachtwoord", TEST_WACHTWOORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{basis}/planning/rondes/{ronde_id}")
    verschillen = page.locator("h2#verschillen + p + table")
    assert "13 oktober 2026" in verschillen.inner_text()
    assert axe_violations(page) == [], beschrijf(axe_violations(page))
    if os.environ.get("VTH_SCHERMAFDRUK"):
        page.screenshot(path=os.environ["VTH_SCHERMAFDRUK"], full_page=True)
    with page.expect_navigation():
        verschillen.get_by_role("button", name="Plan overnemen").click()
    assert "De visitatie volgt nu het plan." in page.content()
    assert page.locator("#verschillen").count() == 0
    with Session(app.extensions["vth_engine"]) as db:
        v = db.get(Visitatie, vid)
        assert (v.bezoek_van, v.status) == (date(2026, 10, 13), "zelfevaluatie_ingediend")
