"""On the demo, the accepted plans, the visitations, /api/v1/visitaties, the cycle page and the
Visitaties page give the same visit days and status for every OD."""

from datetime import date
from html.parser import HTMLParser

import pytest
from sqlmodel import Session, select

from visitatie.auth.models import Gebruiker
from visitatie.planning import operations as ops
from visitatie.planning.naar_visitaties import plancommissie
from visitatie.rondes.models import VisitatieRonde
from visitatie.visitaties.models import CommissieLid, Visitatie, is_gehouden
from visitatie.visitaties.stand import bezoekstanden
from visitatie.web import datum_nl


def _visitaties(db, ronde_id: int) -> dict[str, Visitatie]:
    return {v.od_code: v for v in db.exec(select(Visitatie).where(Visitatie.ronde_id == ronde_id))}


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


class _Rijen(HTMLParser):
    """The rows of the first table on a page as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rijen, self._cel, self._klaar, self._in_tabel = [], None, False, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and not self._klaar:
            self._in_tabel = True
        elif self._in_tabel and tag == "tr":
            self.rijen.append([])
        elif self._in_tabel and tag in ("td", "th"):
            self._cel = []

    def handle_endtag(self, tag):
        if tag == "table" and self._in_tabel:
            self._in_tabel, self._klaar = False, True
        elif self._in_tabel and tag in ("td", "th") and self._cel is not None:
            self.rijen[-1].append(" ".join("".join(self._cel).split()))
            self._cel = None

    def handle_data(self, data):
        if self._cel is not None:
            self._cel.append(data)


def _tabel(html: str, na: str = "") -> list[list[str]]:
    parser = _Rijen()
    parser.feed(html[html.index(na):] if na else html)
    return [r for r in parser.rijen if r]


def test_the_accepted_plan_the_visitations_and_the_api_agree_per_od(app, db, client):
    api = {}
    pagina = client.get("/api/v1/visitaties?per_pagina=100").get_json()
    for v in pagina["data"]:
        api[(v["ronde"], v["od_code"])] = v
    for ronde in db.exec(select(VisitatieRonde)).all():
        plan = ops.geaccepteerd_plan(db, ronde.id)
        dagen = {t.od_code: (t.eerste_dag, t.tweede_dag) for t in ops.toewijzingen(db, plan.id)}
        visitaties = _visitaties(db, ronde.id)
        assert set(dagen) == set(visitaties) == {r.od_code for r, _ in ops.ronde_ods(db, ronde.id)}
        for od_code, v in visitaties.items():
            assert (v.bezoek_van, v.bezoek_tot) == dagen[od_code], od_code
            assert v.ronde_od_id is not None
            uit_api = api[(ronde.naam, od_code)]
            assert (uit_api["bezoek_van"], uit_api["bezoek_tot"]) == (v.bezoek_van.isoformat(),
                                                                      v.bezoek_tot.isoformat())
            # held is one fact: the visit took place exactly when its days have passed on the demo's day
            assert uit_api["gehouden"] == is_gehouden(v.status) == (v.bezoek_tot < date(2026, 9, 15)), od_code


def test_the_cycle_page_and_the_visitations_page_show_the_same_visit_and_status(db, client, login):
    login("coordinator")
    overzicht = {}
    for rij in _tabel(client.get("/visitaties").get_data(as_text=True)):
        if len(rij) == 5 and rij[0] != "Omgevingsdienst":
            overzicht[(rij[1], rij[0])] = rij
    assert len(overzicht) == 29 + 28
    for ronde in db.exec(select(VisitatieRonde)).all():
        standen = bezoekstanden(db, ronde.id)
        namen = {od.code: od.naam for _r, od in ops.ronde_ods(db, ronde.id)}
        html = client.get(f"/planning/rondes/{ronde.id}").get_data(as_text=True)
        cyclus = {r[0]: r for r in _tabel(html, "<h2>Omgevingsdiensten in deze ronde") if len(r) == 5}
        for od_code, stand in standen.items():
            naam = namen[od_code]
            rij_ronde, rij_lijst = cyclus[naam], overzicht[(ronde.naam, naam)]
            for rij, bezoek in ((rij_ronde, rij_ronde[3]), (rij_lijst, rij_lijst[2])):
                assert datum_nl(stand.bezoek_van) in bezoek and datum_nl(stand.bezoek_tot) in bezoek, rij
            assert stand.status_naam in rij_ronde[4], rij_ronde
            assert stand.status_naam in rij_lijst[3], rij_lijst
        held = sum(s.gehouden for s in standen.values())
        assert f"{held} van {len(standen)}" in html


def test_the_demo_committee_comes_from_the_plan_and_the_demo_member_has_a_seat(db):
    for ronde in db.exec(select(VisitatieRonde)).all():
        plan = ops.geaccepteerd_plan(db, ronde.id)
        for od_code, v in _visitaties(db, ronde.id).items():
            verwacht = {(t.rol, t.visiteur_id) for t in ops.toewijzingen(db, plan.id) if t.od_code == od_code}
            assert plancommissie(db, v.id) == verwacht and len(verwacht) == 5, od_code
    with Session(db.get_bind()) as s:
        account = s.exec(select(Gebruiker).where(Gebruiker.email == "commissielid@example.nl")).one()
        assert s.exec(select(CommissieLid).where(CommissieLid.gebruiker_id == account.id)).first()
