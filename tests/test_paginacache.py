"""The page cache (visitatie/paginacache.py): a page is served from the cache until anything is
written, by any path or process; what a reader sees depends only on the data and on who reads;
CSRF tokens are never shared between readers."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import text, update
from sqlmodel import Session, select

from tests.conftest import TEST_WACHTWOORD, maak_account, make_test_app
from tests.planning_data import maak_planningvoorbeeld
from tests.test_query_counts import tel_queries
from visitatie.db import make_engine
from visitatie.paginacache import CSRF_PLEK, Paginacache, huidige_stempels
from visitatie.register.models import Omgevingsdienst
from visitatie.visitaties.demo import scenario_visitaties

OD_PAGINA = "/omgevingsdiensten/odmh"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]*)"')


def statements(app, client, pad: str) -> int:
    with tel_queries(app.extensions["vth_engine"]) as teller:
        assert client.get(pad).status_code == 200
    return teller["n"]


def stempels(app) -> dict[str, int]:
    with Session(app.extensions["vth_engine"]) as db:
        return huidige_stempels(db)


@pytest.fixture
def demo_app(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    yield app
    app.extensions["vth_engine"].dispose()


@pytest.mark.parametrize("pad", ["/omgevingsdiensten", OD_PAGINA, "/raad/GM0484",
                                 "/api/v1/omgevingsdiensten", "/api/v1/omgevingsdiensten?formaat=csv"])
def test_a_second_request_reads_only_the_data_version(demo_app, pad):
    client = demo_app.test_client()
    client.get("/ping")  # the first request checks the migration state once
    eerste = client.get(pad).get_data()
    with tel_queries(demo_app.extensions["vth_engine"]) as teller:
        tweede = client.get(pad)
    assert teller["n"] == 1  # the stamp; no data, no template of the part
    assert tweede.get_data() == eerste and tweede.status_code == 200


def test_another_key_is_another_part(app, client):
    client.get("/ping")
    eerste = statements(app, client, OD_PAGINA)
    assert eerste > 5
    assert statements(app, client, OD_PAGINA + "?peildatum=2022-01-01") == eerste


def test_the_api_follows_writes_and_the_summary_keeps_its_print_style(demo_app):
    client = demo_app.test_client()
    assert "Via de API" not in client.get("/api/v1/omgevingsdiensten").get_data(as_text=True)
    with Session(demo_app.extensions["vth_engine"]) as db:
        db.get(Omgevingsdienst, "odmh").naam = "Via de API"
        db.commit()
    assert "Via de API" in client.get("/api/v1/omgevingsdiensten").get_data(as_text=True)
    assert 'href="/static/css/raad.css" media="print"' in client.get("/raad/GM0484").get_data(as_text=True)


def test_the_cache_can_be_turned_off(database_url, tmp_path):
    app = make_test_app(database_url, PAGINACACHE=0, STORAGE_DIR=str(tmp_path))
    client = app.test_client()
    client.get("/ping")
    assert statements(app, client, OD_PAGINA) == statements(app, client, OD_PAGINA) > 5
    app.extensions["vth_engine"].dispose()


def test_an_orm_write_shows_at_once(app, client, db):
    assert "Omgevingsdienst Midden-Holland" in client.get(OD_PAGINA).get_data(as_text=True)
    db.get(Omgevingsdienst, "odmh").naam = "Omgevingsdienst Hernoemd"
    db.commit()
    assert "Omgevingsdienst Hernoemd" in client.get(OD_PAGINA).get_data(as_text=True)


def test_a_core_write_and_another_process_also_count(app, client, database_url):
    client.get(OD_PAGINA)
    with app.extensions["vth_engine"].begin() as conn:
        conn.execute(update(Omgevingsdienst).where(Omgevingsdienst.code == "odmh")
                     .values(naam="Via Core"))
    assert "Via Core" in client.get(OD_PAGINA).get_data(as_text=True)

    ander = make_test_app(database_url)  # a second app process on the same database
    with Session(ander.extensions["vth_engine"]) as db:
        db.get(Omgevingsdienst, "odmh").naam = "Via een ander proces"
        db.commit()
    ander.extensions["vth_engine"].dispose()
    assert "Via een ander proces" in client.get(OD_PAGINA).get_data(as_text=True)


def test_only_committed_writes_change_the_stamp(app, db):
    voor = stempels(app)
    db.get(Omgevingsdienst, "odmh").naam = "Teruggedraaid"
    db.flush()
    db.rollback()
    db.exec(text("SELECT 1")).all()
    db.commit()  # a transaction that only read
    assert stempels(app) == voor
    db.get(Omgevingsdienst, "odmh").naam = "Vastgelegd"
    db.commit()
    na = stempels(app)
    assert na["register"] != voor["register"]
    assert {k: v for k, v in na.items() if k != "register"} == {
        k: v for k, v in voor.items() if k != "register"}  # the register's stamp alone


def test_a_database_without_the_table_still_commits(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT x FROM t")).scalar() == 1
    engine.dispose()


def test_the_cache_is_bounded_and_a_part_is_made_again_when_its_stamps_change():
    cache, gemaakt = Paginacache(maximum=2), []

    def maak(naam):
        gemaakt.append(naam)
        return naam

    for naam in ("a", "b", "a", "c", "a"):  # "a" stays recent, "b" falls out for "c"
        assert cache.haal((1,), (naam,), lambda naam=naam: maak(naam)) == naam
    assert gemaakt == ["a", "b", "c"]
    cache.haal((1,), ("b",), lambda: maak("b"))
    assert gemaakt == ["a", "b", "c", "b"]
    cache.haal((2,), ("b",), lambda: maak("b"))  # its stamps changed: made again
    assert len(gemaakt) == 5
    cache.haal((1,), ("a",), lambda: maak("a"))  # "a" kept its stamps: still served
    assert len(gemaakt) == 5


@pytest.fixture
def csrf_app(database_url, tmp_path):
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True, STORAGE_DIR=str(tmp_path))
    with Session(app.extensions["vth_engine"]) as db:
        ids = maak_planningvoorbeeld(db)
        db.commit()
    yield app, ids
    app.extensions["vth_engine"].dispose()


def log_in(app, rol: str, od_code: str | None = None):
    client = app.test_client()
    token = CSRF.search(client.get("/inloggen").get_data(as_text=True)).group(1)
    antwoord = client.post("/inloggen", data={"email": maak_account(app, rol, od_code),
                                              "wachtwoord": TEST_WACHTWOORD, "csrf_token": token})
    assert antwoord.status_code == 302
    return client


def test_each_reader_sees_their_own_rights_and_token(csrf_app):
    app, ids = csrf_app
    pad = f"/planning/rondes/{ids['ronde']}"
    coordinator, medewerker = log_in(app, "coordinator"), log_in(app, "od_medewerker", "odmh")
    tweede_coordinator = log_in(app, "coordinator")
    paginas = {naam: client.get(pad).get_data(as_text=True) for naam, client in
               [("coordinator", coordinator), ("medewerker", medewerker),
                ("tweede", tweede_coordinator)]}
    assert "Plan berekenen" in paginas["coordinator"] and "Plan berekenen" not in paginas["medewerker"]
    assert paginas["medewerker"].count("Weken voor") == 1  # only the own OD's row has the form
    assert paginas["coordinator"].count("Weken voor") > 1
    for pagina in paginas.values():
        assert CSRF_PLEK not in pagina
    tokens = {naam: set(CSRF.findall(pagina)) for naam, pagina in paginas.items()}
    assert all(len(t) == 1 for t in tokens.values())  # one token per page, in every form
    assert len(set.union(*tokens.values())) == 3  # the second coordinator got a page from the
    # cache (same role), but with a token of their own, which works:
    rod = re.search(r'action="(/planning/rondes/\d+/ods/\d+/weken)"', paginas["tweede"])
    antwoord = tweede_coordinator.post(html.unescape(rod.group(1)), data={
        "geblokkeerde_weken": "2024-W10", "csrf_token": tokens["tweede"].pop()})
    assert antwoord.status_code == 302
    assert "2024-W10" in tweede_coordinator.get(pad).get_data(as_text=True)


def test_a_colleagues_autosave_shows_on_the_next_load(demo_database_url, tmp_path):
    """The questionnaire is cached per reader; an autosave is a write like any other."""
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path))
    with Session(app.extensions["vth_engine"]) as db:
        visitatie = scenario_visitaties(db)["odbn"]
    pad = f"/visitaties/{visitatie}/zelfevaluatie"
    anne, bert = maak_account(app, "od_medewerker", "odbn"), maak_account(app, "od_medewerker", "odbn")
    client, tweede = app.test_client(), app.test_client()
    client.post("/inloggen", data={"email": anne, "wachtwoord": TEST_WACHTWOORD})
    tweede.post("/inloggen", data={"email": bert, "wachtwoord": TEST_WACHTWOORD})
    assert 'value="4321"' not in client.get(pad).get_data(as_text=True)
    assert client.get(pad).get_data(as_text=True).count('name="versie__fte" value="0"') == 1
    antwoord = tweede.post(f"/visitaties/{visitatie}/antwoord/zelfevaluatie/fte",
                           data={"fte": "4321", "versie__fte": 0})
    assert antwoord.status_code == 200
    pagina = client.get(pad).get_data(as_text=True)
    assert 'value="4321"' in pagina and 'name="versie__fte" value="1"' in pagina
    app.extensions["vth_engine"].dispose()


def test_a_part_holding_a_real_csrf_token_is_refused(app):
    from flask_wtf.csrf import generate_csrf

    from visitatie.db import get_db
    from visitatie.paginacache import gecachte_pagina

    with app.test_request_context("/"):
        with pytest.raises(RuntimeError, match="csrf_plek"):
            gecachte_pagina(get_db(), ("register.ods",), lambda: ("Titel", f"<p>{generate_csrf()}</p>"))


def test_a_logged_in_request_reads_the_stamp_once_and_nothing_else(csrf_app):
    app, ids = csrf_app
    coordinator = log_in(app, "coordinator")
    pad = f"/planning/rondes/{ids['ronde']}"
    coordinator.get(pad)
    with tel_queries(app.extensions["vth_engine"]) as teller:
        assert coordinator.get(pad).status_code == 200
    assert teller["n"] == 1  # the stamp serves the login and the page: no account row, no data


def test_a_changed_or_blocked_account_takes_effect_on_the_next_request(app, client, login, db):
    from visitatie.auth.models import Gebruiker

    email = login("coordinator")
    assert client.get("/planning/").status_code == 200
    gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
    gebruiker.rol = "lezer"
    db.commit()
    assert client.get("/planning/").status_code == 403  # the role, at once
    gebruiker.actief = False
    db.commit()
    assert client.get("/planning/").status_code == 302  # blocked: back to the login


def test_a_request_that_writes_reads_the_new_stamp(app):
    from visitatie.db import get_db
    from visitatie.paginacache import stempels_van_verzoek

    with app.test_request_context("/", method="POST"):
        db = get_db()
        voor = stempels_van_verzoek(db)
        assert stempels_van_verzoek(db) is voor  # read once
        db.get(Omgevingsdienst, "odmh").naam = "Eigen schrijfactie"
        db.commit()
        assert stempels_van_verzoek(db)["register"] != voor["register"]


def test_a_public_page_sets_no_cookie(app, client):
    client.get("/ping")
    for _ in range(2):  # made, then from the cache
        assert "Set-Cookie" not in client.get(OD_PAGINA).headers
