"""Stamps per area of the data (visitatie/gebieden.py): a write keeps every cached part that
does not read its area; every part reads only the areas it declares; a read-only request on
PostgreSQL opens no transaction unless it writes."""

from __future__ import annotations

import pytest
from sqlmodel import Session, SQLModel, select

from tests.conftest import TEST_WACHTWOORD, maak_account, make_test_app
from tests.test_query_counts import tel_queries
from visitatie.gebieden import DELEN, GEBIED_VAN_TABEL, GEBIEDEN, NietGedeclareerd
from visitatie.paginacache import TABEL
from visitatie.register.models import Omgevingsdienst
from visitatie.rondes.models import VisitatieRonde
from visitatie.visitaties.demo import scenario_visitaties

OD_PAGINA = "/omgevingsdiensten/odmh"


@pytest.fixture
def demo_app(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    yield app
    app.extensions["vth_engine"].dispose()


def ingelogd(app, rol: str, od_code: str | None = None):
    client = app.test_client()
    antwoord = client.post("/inloggen", data={"email": maak_account(app, rol, od_code),
                                              "wachtwoord": TEST_WACHTWOORD})
    assert antwoord.status_code == 302
    return client


def statements(app, client, pad: str) -> int:
    with tel_queries(app.extensions["vth_engine"]) as teller:
        assert client.get(pad).status_code == 200
    return teller["n"]


def test_every_table_has_one_area_and_every_part_declares_known_areas():
    tabellen = set(SQLModel.metadata.tables) - {TABEL}
    assert tabellen == set(GEBIED_VAN_TABEL)
    assert sum(len(t) for t in GEBIEDEN.values()) == len(GEBIED_VAN_TABEL)  # none in two
    assert {g for gebieden in DELEN.values() for g in gebieden} <= set(GEBIEDEN)


def test_a_part_that_reads_an_undeclared_area_is_refused(app):
    from visitatie.db import get_db
    from visitatie.paginacache import paginadeel

    with app.test_request_context("/"):
        db = get_db()
        assert paginadeel(db, ("register.ods", "eigen"),
                          lambda: len(db.exec(select(Omgevingsdienst)).all())) > 0
        with pytest.raises(NietGedeclareerd, match="visitatie_ronde"):
            paginadeel(db, ("register.ods", "vreemd"),
                       lambda: db.exec(select(VisitatieRonde)).all())


def test_every_cached_page_reads_only_its_declared_areas(demo_app):
    """The tests run with PAGINACACHE_CONTROLE: a page whose part reads an undeclared area
    raises instead of answering. Each cached page, made fresh, by a reader who may see it."""
    with Session(demo_app.extensions["vth_engine"]) as db:
        visitatie = scenario_visitaties(db)["odbn"]
    anoniem, coordinator = demo_app.test_client(), ingelogd(demo_app, "coordinator")
    medewerker = ingelogd(demo_app, "od_medewerker", "odbn")
    api = ["/api/v1/openapi.json", "/api/v1/omgevingsdiensten", "/api/v1/omgevingsdiensten/odmh",
           "/api/v1/gemeenten", "/api/v1/edities", "/api/v1/indicatoren",
           "/api/v1/waarnemingen", "/api/v1/visitaties"]
    for client, pad in [(anoniem, "/omgevingsdiensten"), (anoniem, OD_PAGINA),
                        (coordinator, OD_PAGINA), (coordinator, "/planning/rondes/1"),
                        (medewerker, f"/visitaties/{visitatie}/zelfevaluatie"),
                        (anoniem, "/raad/GM0484"), *[(anoniem, p) for p in api]]:
        assert client.get(pad).status_code == 200, pad


def test_a_login_or_an_autosave_keeps_the_od_page_and_another_visitations_page(demo_app):
    with Session(demo_app.extensions["vth_engine"]) as db:
        ids = scenario_visitaties(db)
    pagina_b = f"/visitaties/{ids['odzob']}/zelfevaluatie"
    lezer, schrijver = ingelogd(demo_app, "coordinator"), ingelogd(demo_app, "od_medewerker", "odbn")
    beheerder = maak_account(demo_app, "beheerder")  # made now: a new account is an account change
    for pad in (OD_PAGINA, pagina_b):
        assert statements(demo_app, lezer, pad) > 1  # made
        assert statements(demo_app, lezer, pad) == 1  # from the cache: only the stamps
    assert demo_app.test_client().post("/inloggen", data={
        "email": beheerder, "wachtwoord": TEST_WACHTWOORD}).status_code == 302  # a login elsewhere
    antwoord = schrijver.post(f"/visitaties/{ids['odbn']}/antwoord/zelfevaluatie/fte",
                              data={"fte": "4321", "versie__fte": 0})
    assert antwoord.status_code == 200  # an autosave on visitation A
    for pad in (OD_PAGINA, pagina_b):
        assert statements(demo_app, lezer, pad) == 1, pad


def test_a_write_to_the_register_remakes_the_pages_that_read_it(demo_app):
    with Session(demo_app.extensions["vth_engine"]) as db:
        pagina_b = f"/visitaties/{scenario_visitaties(db)['odzob']}/zelfevaluatie"
    lezer = ingelogd(demo_app, "coordinator")
    for pad in (OD_PAGINA, pagina_b, "/raad/GM0484"):
        lezer.get(pad)
    with Session(demo_app.extensions["vth_engine"]) as db:
        db.get(Omgevingsdienst, "odmh").naam = "Omgevingsdienst Hernoemd"
        db.commit()
    assert "Omgevingsdienst Hernoemd" in lezer.get(OD_PAGINA).get_data(as_text=True)
    assert statements(demo_app, lezer, pagina_b) > 1  # it reads the register too: made again


def test_an_autosave_remakes_its_own_visitations_page(demo_app):
    with Session(demo_app.extensions["vth_engine"]) as db:
        pad_a = f"/visitaties/{scenario_visitaties(db)['odbn']}"
    lezer, schrijver = ingelogd(demo_app, "coordinator"), ingelogd(demo_app, "od_medewerker", "odbn")
    assert 'value="4321"' not in lezer.get(pad_a + "/zelfevaluatie").get_data(as_text=True)
    schrijver.post(pad_a + "/antwoord/zelfevaluatie/fte", data={"fte": "4321", "versie__fte": 0})
    assert 'value="4321"' in lezer.get(pad_a + "/zelfevaluatie").get_data(as_text=True)


def test_a_write_the_request_cannot_place_stamps_every_visitation(app, db):
    """A write to a visitation's content outside a request on one visitation (a command, an
    import) raises the stamp every visitation's part is kept under."""
    from visitatie.paginacache import huidige_stempels
    from visitatie.visitaties.models import Respons

    voor = huidige_stempels(db)
    db.exec(select(Respons)).all()
    db.execute(Respons.__table__.delete().where(Respons.__table__.c.id == -1))
    db.commit()
    na = huidige_stempels(db)
    assert na["visitatie"] != voor.get("visitatie")
    assert na.get("register") == voor.get("register")


def test_a_read_only_request_on_postgresql_opens_no_transaction_until_it_writes(app):
    from visitatie.db import get_db

    if app.extensions["vth_engine"].dialect.name != "postgresql":
        pytest.skip("autocommit reads are for PostgreSQL")
    from psycopg.pq import TransactionStatus

    from visitatie.paginacache import huidige_stempels

    with Session(app.extensions["vth_engine"]) as ander:
        voor = huidige_stempels(ander)
    with app.test_request_context("/", method="GET"):
        db = get_db()
        db.get(Omgevingsdienst, "odmh")
        dbapi = db.connection().connection.dbapi_connection
        assert dbapi.info.transaction_status == TransactionStatus.IDLE  # no BEGIN was sent
        db.get(Omgevingsdienst, "odmh").naam = "Teruggedraaid"
        db.flush()
        assert dbapi.info.transaction_status == TransactionStatus.INTRANS  # the write began one
        db.rollback()
        db.get(Omgevingsdienst, "odmh").naam = "Vastgelegd"
        db.commit()
        assert dbapi.info.transaction_status == TransactionStatus.IDLE
    with Session(app.extensions["vth_engine"]) as ander:
        assert ander.get(Omgevingsdienst, "odmh").naam == "Vastgelegd"  # committed, stamped:
        assert huidige_stempels(ander)["register"] != voor["register"]
