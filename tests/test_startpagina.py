"""The start page tells each person what to do (issue 16): per role its own due and late work,
with deadlines and links, taken from the functions that already decide deadlines and rights;
and a main menu grouped by task, with at most seven top-level entries for every role."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import url_for
from markupsafe import escape
from sqlmodel import Session, select

from tests.conftest import TEST_WACHTWOORD, maak_account
from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import ROLLEN, heeft
from visitatie.ilt.models import IltStudie
from visitatie.register.models import Omgevingsdienst
from visitatie.rondes.models import VisitatieRonde
from visitatie.taal import aantal, datum_nl
from visitatie.visitaties import operations as vis_ops
from visitatie.visitaties.demo import scenario_visitaties
from visitatie.visitaties.models import Visitatie, status_na
from visitatie.visitaties.termijnen import termijnen_van
from visitatie.web import NAVIGATIE, menu_voor

MAX_MENU = 7


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


def _db(app) -> Session:
    return Session(app.extensions["vth_engine"], expire_on_commit=False)


def _inloggen(client, email: str) -> None:
    assert client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD}).status_code == 302


def _start(app, client, rol: str, od_code: str | None = None) -> tuple[str, str]:
    email = maak_account(app, rol, od_code)
    _inloggen(client, email)
    return email, client.get("/").get_data(as_text=True)


def _visitatie(app, od_code: str) -> Visitatie:
    with _db(app) as db:
        return db.get(Visitatie, scenario_visitaties(db)[od_code])


def _termijn(app, v: Visitatie, klaar_bij: str):
    with _db(app) as db:
        ronde = db.get(VisitatieRonde, v.ronde_id)
        return next(t for t in termijnen_van(v, ronde, date(2026, 9, 15)) if t.klaar_bij == klaar_bij)


def _item(html: str, href: str) -> str:
    """The start page's item that links to `href` (its whole <li>), or '' when absent."""
    m = re.search(r'<li class="vth-werk__item[^"]*">\s*<a class="vth-werk__wat" href="'
                  + re.escape(href) + r'">.*?</li>', html, re.S)
    return m.group(0) if m else ""


def _in_commissie(app, email: str, od_code: str, rol: str) -> Visitatie:
    with _db(app) as db:
        v = db.get(Visitatie, scenario_visitaties(db)[od_code])
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
        vis_ops.voeg_commissielid_toe(db, visitatie=v, gebruiker_id=gebruiker.id, rol=rol)
        db.commit()
        return v


# ------------------------------------------------------------------ the menu


def _menu(html: str) -> str:
    return html[html.index('id="hoofdmenu"'):html.index("</nav>")]


def _bovenste_items(html: str) -> list[str]:
    menu = _menu(html)
    return re.findall(r'<li><a class="vth-nav__link"[^>]*>([^<]+)</a>'
                      r'|<summary class="vth-nav__link[^"]*">([^<]+)</summary>', menu)


@pytest.mark.parametrize("rol", [None, *ROLLEN])
def test_every_role_sees_at_most_seven_menu_entries_and_every_page_it_may_open(app, client, rol):
    if rol is not None:
        _inloggen(client, maak_account(app, rol))
    html = client.get("/").get_data(as_text=True)
    bovenaan = _bovenste_items(html)
    assert 1 < len(bovenaan) <= MAX_MENU, bovenaan
    menu = _menu(html)
    lezer = type("L", (), {"rol": rol, "is_authenticated": rol is not None})()
    with app.test_request_context():
        for groep in NAVIGATIE:
            for item in groep.items:
                zichtbaar = f'href="{url_for(item.endpoint)}"' in menu
                assert zichtbaar == heeft(lezer, item.permissie), (rol, item.label)


def test_a_group_with_one_visible_item_is_a_plain_link_and_others_a_submenu():
    anoniem = type("A", (), {"rol": None, "is_authenticated": False})()
    groepen = {g.label: g for g in menu_voor(anoniem)}
    assert groepen["ILT-studies"].enkel is not None
    assert groepen["Register"].enkel is None and len(groepen["Register"].items) == 3
    assert "Beheer" not in groepen  # nothing in it for a visitor


def test_the_menu_opens_groups_without_inline_script(client):
    html = client.get("/").get_data(as_text=True)
    assert "<details>" in _menu(html) and "<summary" in _menu(html)
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None  # the CSP forbids inline script
    assert " style=" not in html


# ------------------------------------------------------------------ the work per role


def test_a_visitor_gets_the_public_tasks_and_a_way_to_sign_in(client):
    html = client.get("/").get_data(as_text=True)
    for pad in ("/raad/", "/omgevingsdiensten", "/staat", "/openbaar/visitatierapporten", "/ilt/",
                "/inloggen"):
        assert f'href="{pad}"' in html, pad
    assert "Uw werk" not in html


def test_an_od_in_right_of_reply_is_told_to_react_before_the_deadline(app, client):
    v = _visitatie(app, "rud-ln")
    assert v.status == "wederhoor"
    termijn = _termijn(app, v, "definitief")
    _, html = _start(app, client, "od_medewerker", "rud-ln")
    item = _item(html, f"/visitaties/{v.id}/wederhoor")
    assert "Reageren op het conceptrapport (wederhoor)" in item
    assert f"Uiterlijk {datum_nl(termijn.deadline)}" in item
    assert ("Te laat" in item) == termijn.te_laat
    assert "RUD Limburg Noord" in html


def test_an_od_before_its_visit_is_told_to_submit_its_self_evaluation(app, client, klok):
    v = _visitatie(app, "odbn")
    termijn = _termijn(app, v, "zelfevaluatie_ingediend")
    klok.zet(date(2024, 11, 1))  # three weeks before the deadline: due, not late
    _, html = _start(app, client, "od_medewerker", "odbn")
    item = _item(html, f"/visitaties/{v.id}/zelfevaluatie")
    assert "Zelfevaluatie invullen en indienen" in item
    assert f"Uiterlijk {datum_nl(termijn.deadline)}" in item and "Te laat" not in item
    klok.zet(termijn.deadline + timedelta(days=1))
    assert "Te laat" in _item(client.get("/").get_data(as_text=True), f"/visitaties/{v.id}/zelfevaluatie")


def test_an_od_sees_its_open_improvement_actions_and_ilt_recommendations(app, client):
    v = _visitatie(app, "odh")
    with _db(app) as db:
        acties = vis_ops.acties_van(db, v.id)
        from visitatie.ilt.operations import bevindingen_voor_od
        ilt = [r for r in bevindingen_voor_od(db, "odh", date(2026, 9, 15)) if r.bevinding.opvolgbaar
               and (r.opvolging_van("od", "odh") is None
                    or r.opvolging_van("od", "odh").status in ("open", "in_behandeling"))]
    _, html = _start(app, client, "od_medewerker", "odh")
    lopend = [a for a in acties if a.loopt]
    assert lopend and len(lopend) < len(acties)  # the demo has done and dropped actions too
    assert html.count(f'href="/visitaties/{v.id}/verbeterplan"') == len(lopend)
    te_laat = [a for a in lopend if a.te_laat(date(2026, 9, 15))]
    assert te_laat and f"{len(te_laat)} te laat" in html
    assert ilt
    for r in ilt:
        assert f'href="/ilt/bevindingen/{r.bevinding.id}/opvolging/od/odh"' in html
    assert "/visitaties/1/" not in html  # nothing of another OD's visitation


def test_a_committee_member_sees_only_the_steps_of_their_own_committees(app, client):
    email = maak_account(app, "commissielid")
    dcmr = _in_commissie(app, email, "dcmr", "secretaris")
    odh = _in_commissie(app, email, "ofgv", "peer")
    _inloggen(client, email)
    html = client.get("/").get_data(as_text=True)
    assert "Conceptrapport naar de omgevingsdienst sturen" in _item(html, f"/visitaties/{dcmr.id}/rapport")
    beoordeling = _item(html, f"/visitaties/{odh.id}/commissie/beoordeling")
    assert "Uw beoordeling invullen" in beoordeling
    assert f"Uiterlijk {datum_nl(_termijn(app, odh, 'wederhoor').deadline)}" in beoordeling
    assert f"/visitaties/{odh.id}/commissie/commissieoordeel" not in html  # a member, not the secretary
    assert html.count('class="vth-werk__item') == 2


def test_the_programme_office_sees_every_late_step(app, client):
    with _db(app) as db:
        ods = {od.code: od.naam for od in db.exec(select(Omgevingsdienst)).all()}
        te_laat = [(v, t) for v in db.exec(select(Visitatie)).all()
                   for t in termijnen_van(v, db.get(VisitatieRonde, v.ronde_id), date(2026, 9, 15))
                   if t.te_laat and not status_na(v.status, t.klaar_bij)]
    assert te_laat
    for rol in ("coordinator", "beheerder"):
        client.post("/uitloggen")
        _, html = _start(app, client, rol)
        for v, t in te_laat:
            item = _item(html, f"/visitaties/{v.id}")
            assert escape(ods[v.od_code]) in html and t.stap in html, (rol, v.od_code, t.stap)
            assert item and "Te laat" in item
        assert "Editie schrijven, bouwen en vaststellen" in html


def _overzichtsrij(html: str, visitatie_id: int) -> str:
    """The deadlines cell of the Visitaties overview's row that links to one visitation."""
    m = re.search(r'<tr>\s*<td><a href="/visitaties/' + str(visitatie_id) + r'">.*?</tr>', html, re.S)
    assert m, visitatie_id
    return re.findall(r"<td>.*?</td>", m.group(0), re.S)[-1]


def test_the_overview_and_the_start_page_agree_on_late_improvement_plans(app, client):
    """One fact, one answer: an improvement plan with actions past their deadline is late on the
    start page, on the plan page and in the Visitaties overview, never "op schema" there."""
    with _db(app) as db:
        visitaties = db.exec(select(Visitatie)).all()
        te_laat = {v.id: sum(a.te_laat(date(2026, 9, 15)) for a in vis_ops.acties_van(db, v.id))
                   for v in visitaties}
        rijp = {v.id: any(t.te_laat for t in termijnen_van(v, db.get(VisitatieRonde, v.ronde_id),
                                                          date(2026, 9, 15)))
                for v in visitaties}
        ods = {v.id: v.od_code for v in visitaties}
    assert {ods[i] for i, n in te_laat.items() if n} == {"odh"}  # Haaglanden's, the demo's one late plan
    _, start = _start(app, client, "coordinator")
    overzicht = client.get("/visitaties").get_data(as_text=True)
    for visitatie_id, n in te_laat.items():
        rij = _overzichtsrij(overzicht, visitatie_id)
        plan = client.get(f"/visitaties/{visitatie_id}/verbeterplan").get_data(as_text=True)
        assert plan.count("Termijn verstreken") == n, ods[visitatie_id]
        if n:
            assert f"Verbeterplan: {aantal(n, 'actie', 'acties')} over de termijn" in rij
            assert "op schema" not in rij, ods[visitatie_id]
            assert f"{aantal(n, 'actie is', 'acties zijn')} over de termijn" in _item(
                start, f"/visitaties/{visitatie_id}/verbeterplan")
        else:
            assert "Verbeterplan:" not in rij
            assert ("op schema" in rij) == (not rijp[visitatie_id]), ods[visitatie_id]


def test_ilt_sees_its_concept_studies_and_the_open_follow_up(app, client):
    with _db(app) as db:
        studie = IltStudie(soort="thematisch", titel="Bodemsanering (concept)", thema="bodem")
        db.add(studie)
        db.commit()
    _, html = _start(app, client, "ilt_inspecteur")
    assert "Studie afmaken en publiceren" in _item(html, f"/ilt/studies/{studie.id}")
    assert "Opvolging van aanbevelingen volgen" in _item(html, "/ilt/opvolging")
    item = _item(html, "/ilt/opvolging")
    assert "is geen opvolging vastgelegd" in item  # never called "open"
    assert re.search(r"[\d.]+ opvolgpunten niet afgesloten bij \d+ omgevingsdiensten", item), item


def test_the_editor_sees_the_edition_in_progress(app, client):
    _, html = _start(app, client, "redacteur")
    assert "Staat van VTH 2026" in _item(html, "/edities/2026")


def test_a_reader_is_told_nothing_waits(app, client):
    _, html = _start(app, client, "lezer")
    assert "Er wacht nu geen werk op u." in html and "vth-werk__item" not in html


def test_counts_take_the_right_form_of_the_noun():
    assert aantal(1, "taak", "taken") == "1 taak"
    assert aantal(0, "taak", "taken") == "0 taken"
    assert aantal(3, "visitatie", "visitaties") == "3 visitaties"
