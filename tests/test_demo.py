"""The demo as a picture of the field on its day (15 September 2026): the first cycle long done
through the real workflow, each step on a plausible day; the second cycle as its accepted plan
has it; a few named late steps, not dozens; demo accounts that find work waiting."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from visitatie.audit.models import AuditRegel
from visitatie.auth.models import Gebruiker
from visitatie.demo import DEMO_WACHTWOORD, demo_accounts_tekst, demo_email
from visitatie.demodag import DEMODAG
from visitatie.planning.models import Visiteur
from visitatie.rondes.models import VisitatieRonde
from visitatie.timeutil import NL
from visitatie.visitaties.demo import (
    DEMO_LEDEN,
    EERSTE,
    SCENARIO,
    TWEEDE,
    Scenario,
    doel_op_de_dag,
    scenario_visitaties,
    stapdagen,
)
from visitatie.visitaties.models import CommissieLid, Visitatie, status_na
from visitatie.visitaties.termijnen import termijnen_van


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


def _per_ronde(db: Session, naam: str) -> dict[str, Visitatie]:
    ronde = db.exec(select(VisitatieRonde).where(VisitatieRonde.naam == naam)).one()
    return {v.od_code: v for v in db.exec(select(Visitatie).where(Visitatie.ronde_id == ronde.id))}


def _start(app, email: str) -> str:
    client = app.test_client()
    antwoord = client.post("/inloggen", data={"email": email, "wachtwoord": DEMO_WACHTWOORD})
    assert antwoord.status_code == 302, email
    return client, client.get("/").get_data(as_text=True)


def _items(html: str) -> list[str]:
    return re.findall(r'<li class="vth-werk__item[^"]*">.*?</li>', html, re.S)


# ------------------------------------------------------------------ the pace (pure)


def test_the_steps_follow_the_visit_in_order_and_an_anchor_keeps_its_day():
    van, tot = date(2023, 10, 10), date(2023, 10, 11)
    gewoon = stapdagen(van, tot)
    volgorde = [gewoon[s] for s in ("voorbereiding", "zelfevaluatie_ingediend", "bezoek_afgerond",
                                    "conceptrapport", "wederhoor", "definitief", "gepubliceerd",
                                    "verbeterplan")]
    assert volgorde == sorted(volgorde) and len(set(volgorde)) == len(volgorde)
    assert gewoon["zelfevaluatie_ingediend"] < van - timedelta(weeks=3) < tot < gewoon["bezoek_afgerond"]
    anker = stapdagen(van, tot, ("gepubliceerd", date(2023, 11, 29)))
    assert anker["gepubliceerd"] == date(2023, 11, 29)
    assert tot < anker["conceptrapport"] < anker["wederhoor"] < anker["definitief"] < date(2023, 11, 29)


def test_a_held_visit_is_never_kept_before_held_nor_a_coming_one_past_its_self_evaluation():
    dagen = stapdagen(date(2026, 4, 20), date(2026, 4, 21))
    assert doel_op_de_dag(dagen, Scenario("voorbereiding"), DEMODAG) == "bezoek_afgerond"
    assert doel_op_de_dag(dagen, Scenario("definitief"), DEMODAG) == "definitief"
    assert doel_op_de_dag(dagen, Scenario(), DEMODAG) == "verbeterplan"
    komend = stapdagen(DEMODAG + timedelta(days=10), DEMODAG + timedelta(days=11))
    assert doel_op_de_dag(komend, Scenario("definitief"), DEMODAG) == "zelfevaluatie_ingediend"
    assert doel_op_de_dag(komend, Scenario("voorbereiding"), DEMODAG) == "voorbereiding"
    ver = stapdagen(DEMODAG + timedelta(weeks=12), DEMODAG + timedelta(weeks=12, days=1))
    assert doel_op_de_dag(ver, Scenario(), DEMODAG) == "gepland"


def test_every_scenario_names_its_od_once():
    ods = [od for _ronde, od in SCENARIO]
    assert len(ods) == len(set(ods))


# ------------------------------------------------------------------ the demo's picture


def test_the_first_cycle_is_published_and_followed_up_except_the_named_late_one(db):
    eerste = _per_ronde(db, EERSTE)
    assert len(eerste) == 29
    assert all(status_na(v.status, "gepubliceerd") for v in eerste.values())  # nothing stuck before
    assert sum(v.status == "afgerond" for v in eerste.values()) >= 20  # most plans carried out and closed
    laat = {od for (ronde, od), s in SCENARIO.items() if ronde == EERSTE and s.te_laat}
    open_plannen = {od for od, v in eerste.items() if v.status == "verbeterplan"}
    assert laat <= open_plannen
    # the publication dates that are public facts
    assert eerste["odmh"].gepubliceerd_op == date(2023, 12, 28)
    assert eerste["omwb"].gepubliceerd_op == date(2023, 11, 29)


def test_the_second_cycle_stands_where_its_accepted_plan_puts_it(db):
    tweede = _per_ronde(db, TWEEDE)
    for od, v in tweede.items():
        gehouden = v.bezoek_tot < DEMODAG
        assert status_na(v.status, "bezoek_afgerond") == gehouden, od
    statussen = {v.status for v in tweede.values()}
    assert {"gepland", "voorbereiding", "zelfevaluatie_ingediend", "bezoek_afgerond", "conceptrapport",
            "wederhoor", "definitief", "gepubliceerd", "verbeterplan"} <= statussen
    for (ronde, od), s in SCENARIO.items():  # a scenario the plan's days allow is where it stops
        gehouden = tweede[od].bezoek_tot < DEMODAG if ronde == TWEEDE else None
        if s.doel and gehouden is not None and status_na(s.doel, "bezoek_afgerond") == gehouden:
            assert tweede[od].status == s.doel, od


def test_each_step_was_taken_on_its_own_day_through_the_workflow(db):
    """The audit lines of the status steps are in the order of the workflow, on days between the
    visit's preparation and the demo's day; the right of reply and publication carry their day."""
    ids = {v.id: v for v in db.exec(select(Visitatie))}
    stappen: dict[int, list] = {}
    for regel in db.exec(select(AuditRegel).where(AuditRegel.actie == "visitatie.status")
                         .order_by(AuditRegel.id)):
        stappen.setdefault(int(regel.object_id), []).append(regel.tijdstip.astimezone(NL).date())
    for vid, v in ids.items():
        dagen = stappen.get(vid, [])
        assert dagen == sorted(dagen), v.od_code
        assert all(dag <= DEMODAG for dag in dagen), v.od_code
        if v.gepubliceerd_op:
            assert v.bezoek_tot < v.wederhoor_gestart < v.gepubliceerd_op <= DEMODAG, v.od_code
            assert v.gepubliceerd_op in dagen


def test_the_coordinator_sees_a_few_real_late_steps_not_dozens(app, db):
    _client, html = _start(app, demo_email("coordinator"))
    laat = [item for item in _items(html) if "Te laat" in item]
    laat_ids = {int(m) for item in laat for m in re.findall(r'href="/visitaties/(\d+)', item)}
    ids = scenario_visitaties(db)
    verwacht = {ids[od] for (_ronde, od), s in SCENARIO.items() if s.te_laat}
    assert laat_ids == verwacht and 1 <= len(laat) <= 3, laat
    # and each of them is late by the one deadline rule
    for vid in laat_ids:
        v = db.get(Visitatie, vid)
        termijnen = termijnen_van(v, db.get(VisitatieRonde, v.ronde_id), DEMODAG)
        acties_te_laat = "Verbeterplan volgen" in html and v.status == "verbeterplan"
        assert any(t.te_laat for t in termijnen) or acties_te_laat, v.od_code


def test_the_demo_od_employee_has_an_open_self_evaluation(app, db):
    account = db.exec(select(Gebruiker).where(Gebruiker.email == demo_email("od_medewerker"))).one()
    v = _per_ronde(db, TWEEDE)[account.od_code]
    assert v.status == "voorbereiding" and v.bezoek_van > DEMODAG
    client, html = _start(app, account.email)
    item = next(i for i in _items(html) if f'href="/visitaties/{v.id}/zelfevaluatie"' in i)
    assert "Zelfevaluatie invullen en indienen" in item and "Te laat" not in item
    assert client.get(f"/visitaties/{v.id}/zelfevaluatie").status_code == 200


@pytest.mark.parametrize("email, ronde, od_code, rol", [regel[:4] for regel in DEMO_LEDEN])
def test_a_committee_member_account_sees_its_visitation(app, db, email, ronde, od_code, rol):
    """A pool person linked to a demo account signs in and finds the visitation of their seat."""
    account = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
    persoon = db.exec(select(Visiteur).where(Visiteur.gebruiker_id == account.id)).one()
    assert account.rol == "commissielid" and account.is_demo and "(fictief)" in persoon.naam
    v = _per_ronde(db, ronde)[od_code]
    zetel = db.exec(select(CommissieLid).where(CommissieLid.visitatie_id == v.id,
                                               CommissieLid.visiteur_id == persoon.id)).one()
    assert (zetel.rol, zetel.gebruiker_id) == (rol, account.id)
    client, html = _start(app, email)
    assert f'href="/visitaties/{v.id}' in html
    if v.status in ("voorbereiding", "zelfevaluatie_ingediend", "bezoek_afgerond"):
        assert "Uw beoordeling invullen" in html
        assert client.get(f"/visitaties/{v.id}/commissie/beoordeling").status_code == 200
    if v.status == "wederhoor":
        assert "Wederhoor: reacties beantwoorden" in html and "1 reactie wacht op antwoord" in html
    assert email in demo_accounts_tekst()


def test_pool_persons_without_an_account_remain(db):
    gekoppeld = db.exec(select(Visiteur).where(Visiteur.gebruiker_id.is_not(None))).all()
    assert len(gekoppeld) == len(DEMO_LEDEN)
    assert db.exec(select(Visiteur).where(Visiteur.gebruiker_id.is_(None))).first() is not None
