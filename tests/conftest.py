"""Fixtures: a fresh database per test (SQLite by default, PostgreSQL when
VTH_TEST_DATABASE_URL is set), the app, a client, a CLI runner and logins per role.

Each backend gets one migrated template database with the reference data loaded; every test
gets its own copy of it (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL)."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import uuid
import weakref
from datetime import date
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from visitatie import db as database
from visitatie import timeutil
from visitatie.app import create_app
from visitatie.auth.operations import maak_gebruiker
from visitatie.bronnen import REFERENTIEDATA
from visitatie.demodag import DEMODAG
from visitatie.register.operations import laad_referentie

PG_URL = os.environ.get("VTH_TEST_DATABASE_URL")
TESTDAG = DEMODAG  # the day every test runs on, unless it sets another with `klok`
TEST_WACHTWOORD = "test-wachtwoord-123"
_teller = itertools.count()


def _pg_admin(url: str):
    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(
        hide_password=False), autocommit=True)


def pytest_collection_modifyitems(config, items):
    """A test marked `een_ronde` proves what does not depend on the database engine (a page's
    accessibility in Chromium, the layout of a built PDF, the planner's solver, the wheel): it runs
    in the SQLite round of `make test` and is skipped in the PostgreSQL round, which would repeat
    it to the byte. Every test that reads or writes through the database runs in both."""
    if not PG_URL:
        return
    overslaan = pytest.mark.skip(reason="draait in de SQLite-ronde: hangt niet af van de database")
    for item in items:
        if item.get_closest_marker("een_ronde"):
            item.add_marker(overslaan)


class SqliteBackend:
    def __init__(self, tmp: Path):
        self.tmp = tmp

    def empty(self) -> str:
        return f"sqlite:///{self.tmp / f'db{next(_teller)}.sqlite'}"

    def copy(self, template_url: str) -> str:
        doel = self.tmp / f"db{next(_teller)}.sqlite"
        shutil.copyfile(make_url(template_url).database, doel)
        return f"sqlite:///{doel}"

    def drop(self, url: str) -> None:
        Path(make_url(url).database).unlink(missing_ok=True)


class PostgresBackend:
    def __init__(self, base_url: str):
        self.base = make_url(base_url)
        self.prefix = f"vth_t_{uuid.uuid4().hex[:8]}"

    def empty(self, template: str | None = None) -> str:
        naam = f"{self.prefix}_{next(_teller)}"
        with _pg_admin(str(self.base)) as conn:
            clausule = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
            conn.execute(f'CREATE DATABASE "{naam}"{clausule}')
        return self.base.set(database=naam).render_as_string(hide_password=False)

    def copy(self, template_url: str) -> str:
        return self.empty(template=make_url(template_url).database)

    def drop(self, url: str) -> None:
        with _pg_admin(str(self.base)) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture(scope="session", autouse=True)
def bevroren_klok():
    """No test depends on the real date: the app's clock stands on TESTDAG for the whole session
    (before any session fixture builds the demo), whatever day the suite runs."""
    timeutil.zet_vandaag(TESTDAG)
    yield
    timeutil.zet_vandaag(None)


class Klok:
    def zet(self, dag: date) -> None:
        """Make `dag` the app's today for the rest of this test."""
        timeutil.zet_vandaag(dag)


@pytest.fixture(autouse=True)
def klok():
    """`klok.zet(date(...))` sets the app's today within one test; every test starts on TESTDAG."""
    timeutil.zet_vandaag(TESTDAG)
    yield Klok()
    timeutil.zet_vandaag(TESTDAG)


_verbonden_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _onthoud_engine(verbinding) -> None:
    _verbonden_engines.add(verbinding.engine)


@pytest.fixture(autouse=True)
def sluit_engines():
    """Every engine a test used closes its pooled connections when the test ends. An engine a
    test forgot would otherwise be collected later with idle PostgreSQL connections, and their
    ResourceWarning would fail whichever test happens to be running then."""
    yield
    for engine in list(_verbonden_engines):
        engine.dispose()


@pytest.fixture(scope="session")
def backend(tmp_path_factory):
    return PostgresBackend(PG_URL) if PG_URL else SqliteBackend(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def template_url(backend):
    """Migrated, with the reference data: what every test starts from."""
    url = backend.empty()
    database.upgrade(url)
    engine = database.make_engine(url)
    with Session(engine) as db:
        laad_referentie(db, map_=REFERENTIEDATA)
        db.commit()
    engine.dispose()
    yield url
    backend.drop(url)


@pytest.fixture(scope="session")
def demo_template(backend, template_url, tmp_path_factory):
    """The reference template plus the whole demo (database and stored files), built once."""
    from visitatie.demo import laad_demo

    url, opslag = backend.copy(template_url), tmp_path_factory.mktemp("demo-bestanden")
    app = make_test_app(url, STORAGE_DIR=str(opslag))
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        laad_demo(db)
        db.commit()
    app.extensions["vth_engine"].dispose()
    yield url, opslag
    backend.drop(url)


@pytest.fixture
def demo_database_url(backend, demo_template, tmp_path):
    """A copy of the demo for one test; its files go where the `app` fixture stores files."""
    url, opslag = demo_template
    shutil.copytree(opslag, tmp_path / "bestanden", dirs_exist_ok=True)
    kopie = backend.copy(url)
    yield kopie
    backend.drop(kopie)


@pytest.fixture
def database_url(request, backend, template_url):
    """A copy of the reference template; for a test marked `demodata` a copy of the whole demo
    (copying the session's demo takes a second, loading it again takes a minute)."""
    if request.node.get_closest_marker("demodata"):
        yield request.getfixturevalue("demo_database_url")
        return
    url = backend.copy(template_url)
    yield url
    backend.drop(url)


@pytest.fixture
def empty_database_url(backend):
    url = backend.empty()
    yield url
    backend.drop(url)


# A production-strength secret key for tests that start the app as in production (issue 18).
PRODUCTIE_GEHEIM = "3a7fe0c8a453199efc7ba2c75ebb5481332ba7355f646f0fc41a660bce240da7"


def make_test_app(url: str, **extra):
    config = {"TESTING": True, "VTH_ENV": "test", "SECRET_KEY": "test-geheim",
              "DATABASE_URL": url, "WTF_CSRF_ENABLED": False, "SERVER_NAME": None,
              "TAKEN_SYNCHROON": True,  # jobs finish before the request returns; test_taken opts out
              "STORAGE_DIR": tempfile.mkdtemp(prefix="vth-bestanden-"),  # uploads never in the repo
              "BOUWCACHE": tempfile.mkdtemp(prefix="vth-bouwcache-"),  # nor the build cache
              "PAGINACACHE_CONTROLE": True}  # every cached part reads only its declared areas
    config.update(extra)
    return create_app(config)


@pytest.fixture
def app(database_url, tmp_path):
    app = make_test_app(database_url, STORAGE_DIR=str(tmp_path / "bestanden"),
                        BOUWCACHE=str(tmp_path / "bouwcache"))
    yield app
    app.extensions["vth_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    with Session(app.extensions["vth_engine"], expire_on_commit=False) as session:
        yield session


def maak_account(app, rol: str, od_code: str | None = None) -> str:
    email = f"{rol}-{next(_teller)}@test.nl"
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        maak_gebruiker(db, email=email, rol=rol, wachtwoord=TEST_WACHTWOORD,
                       od_code=od_code or ("odmh" if rol == "od_medewerker" else None))
        db.commit()
    return email


@pytest.fixture
def login(app, client):
    """login(rol, od_code=None): make an account with that role and log the client in."""

    def _login(rol: str, od_code: str | None = None):
        email = maak_account(app, rol, od_code)
        antwoord = client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD})
        assert antwoord.status_code == 302, antwoord.get_data(as_text=True)
        return email

    return _login



@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, which must never download a browser of its own."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    pad = chromium_path()
    if pad is None:
        pytest.skip("Debian's chromium is niet geïnstalleerd (make test installeert het)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=pad, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the tests inject axe-core; the app itself never allows inline scripts.
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
