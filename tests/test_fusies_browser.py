"""In Debian's Chromium: the coordinator sees a visit planned after a merger, with the successor
proposed, and the register pages of the 2026 mergers pass axe-core."""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlmodel import Session

from tests.browser import LiveServer, axe_violations, beschrijf
from tests.conftest import TEST_WACHTWOORD, maak_account
from visitatie.planning import operations as ops
from visitatie.planning.models import Plan, PlanToewijzing, Visiteur
from visitatie.planning.naar_visitaties import volg_plan

pytestmark = pytest.mark.browser


def _plan_na_fusie(app) -> int:
    """Cycle 2025-2026 with ODRU, whose accepted plan (made before the register knew the merger)
    visits ODRU in March 2026."""
    with Session(app.extensions["vth_engine"]) as db:
        ronde = ops.maak_ronde(db, naam="2025-2026 Utrecht", start=date(2025, 1, 6),
                               deadline=date(2026, 12, 18), od_codes=["odru", "odmh"])
        plan = Plan(ronde_id=ronde.id, status="geaccepteerd", solver_status="optimaal", doel="{}")
        persoon = Visiteur(naam="Vera Voorzitter (fictief)", rollen="voorzitter", organisatie="extern")
        db.add_all([plan, persoon])
        db.flush()
        db.add(PlanToewijzing(plan_id=plan.id, od_code="odru", eerste_dag=date(2026, 3, 3),
                              tweede_dag=date(2026, 3, 4), rol="voorzitter", visiteur_id=persoon.id,
                              uitleg="vóór de fusie gepland"))
        volg_plan(db, plan)  # the accepted plan's visitation: the one path from plan to visit
        db.commit()
        return ronde.id


def test_coordinator_sees_the_visit_after_the_merger_and_the_successor(app, page):
    ronde_id = _plan_na_fusie(app)
    email = maak_account(app, "coordinator")
    with LiveServer(app) as live:
        page.goto(live.url + "/inloggen")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(TEST_WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(live.url + "/")
        page.goto(f"{live.url}/planning/rondes/{ronde_id}")
        melding = page.get_by_role("alert")
        assert "Omgevingsdienst regio Utrecht staat gepland op 3 maart 2026" in melding.inner_text()
        assert "Voorstel: bezoek Omgevingsdienst Utrecht" in melding.inner_text()
        assert page.get_by_text("gaat op in Omgevingsdienst Utrecht").is_visible()
        odru = page.get_by_role("row", name="Omgevingsdienst regio Utrecht")
        assert "6 januari 2025 – 31 december 2025" in odru.inner_text()  # the window ends with ODRU
        if os.environ.get("VTH_SCREENSHOT"):
            page.screenshot(path=os.environ["VTH_SCREENSHOT"], full_page=True)
        assert axe_violations(page) == [], beschrijf(axe_violations(page))
        for pad in ("/omgevingsdiensten/odu?peildatum=2026-06-01", "/gemeenten/GM0355",
                    "/omgevingsdiensten/odgm?peildatum=2026-06-01"):
            assert page.goto(live.url + pad).status < 400
            assert axe_violations(page) == [], f"{pad}\n{beschrijf(axe_violations(page))}"
        page.goto(live.url + "/omgevingsdiensten/odu?peildatum=2026-06-01")
        assert page.get_by_role("link", name="RUD Utrecht").is_visible()  # predecessor in the history
