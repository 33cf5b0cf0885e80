"""Two app hosts (README, "Twee of meer hosts"): two gunicorn processes on different ports, each
with a cache folder of its own, sharing PostgreSQL, Redis and an S3-compatible object store (moto
in server mode). An edition built through host A (its job run by a queue worker beside it) is
served by host B, and a session made on A works on B."""

from __future__ import annotations

import subprocess

import pytest
from sqlmodel import Session, select

from tests.bewijs import BIN, Gunicorn, Klant, blokkeer_demo_accounts, redis_antwoordt
from tests.conftest import PG_URL, TEST_WACHTWOORD, maak_account, make_test_app
from tests.objectopslag import moto_server
from visitatie.config import PROJECT_ROOT
from visitatie.publicatie.models import Editie

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own (other tests use 14 and 15)


pytestmark = [
    pytest.mark.zwaar,
    # the hosts share the suite's PostgreSQL database: this runs in make test's PostgreSQL round
    # (making the demo on PostgreSQL once more in the SQLite round took minutes)
    pytest.mark.skipif(not PG_URL, reason="draait in de PostgreSQL-ronde (VTH_TEST_DATABASE_URL)"),
    pytest.mark.skipif(not redis_antwoordt(REDIS_URL), reason="Redis antwoordt niet op 127.0.0.1:6379"),
]


@pytest.fixture
def postgres_demo(demo_database_url):
    """The demo on PostgreSQL: the suite's own copy."""
    return demo_database_url


def host(database_url: str, objecten, map_, naam: str) -> Gunicorn:
    server = Gunicorn(database_url, map_ / naam / "bestanden", map_ / naam, workers=1)
    server.omgeving.update({**objecten.omgeving("twee-hosts"), "VTH_REDIS_URL": REDIS_URL,
                            "VTH_STORAGE_CACHE": str(map_ / naam / "cache")})
    return server


def test_an_edition_built_through_one_host_is_served_by_the_other_and_so_is_the_session(
        postgres_demo, tmp_path):
    from redis import Redis

    with Redis.from_url(REDIS_URL) as redis:
        redis.flushdb()  # our own Redis database: no jobs or sessions of earlier runs
    beheer = make_test_app(postgres_demo)
    email = maak_account(beheer, "redacteur")
    blokkeer_demo_accounts(beheer.extensions["vth_engine"])
    with Session(beheer.extensions["vth_engine"]) as db:
        versie = db.exec(select(Editie.versie).where(Editie.jaar == 2026)).one()
    beheer.extensions["vth_engine"].dispose()

    with moto_server() as objecten, host(postgres_demo, objecten, tmp_path, "a") as a, \
            host(postgres_demo, objecten, tmp_path, "b") as b:
        klant_a = Klant(a.poort)
        klant_a.log_in(email, TEST_WACHTWOORD)
        status, pagina = klant_a.get("/edities/2026")
        assert status == 200 and "PDF downloaden" not in pagina
        status, _ = klant_a.post("/edities/2026/bouwen", {"versie": versie})
        assert status == 302
        worker = subprocess.run([str(BIN / "vth"), "worker", "--burst"], cwd=PROJECT_ROOT,
                                env={**a.omgeving, "HOME": str(tmp_path / "a")}, timeout=300,
                                capture_output=True, text=True)
        assert worker.returncode == 0, worker.stderr[-2000:]
        assert objecten.sleutels("twee-hosts/edities/2026/.huidig")

        # the session made on A, its cookie presented to B
        klant_b = Klant(b.poort, cookies=dict(klant_a.cookies))
        status, pagina = klant_b.get("/edities/2026")
        assert status == 200 and "PDF downloaden" in pagina
        status, _ = klant_b.get("/account")
        assert status == 200  # a page only for who is signed in
        assert Klant(b.poort).get("/account")[0] == 302  # without the cookie: to the login page

        status_b, pdf_b = klant_b.get("/edities/2026/bestand/pdf")
        status_a, pdf_a = klant_a.get("/edities/2026/bestand/pdf")
        assert (status_a, status_b) == (200, 200) and pdf_b.startswith("%PDF") and pdf_b == pdf_a
        assert list((tmp_path / "b" / "cache" / "edities" / "2026" / ".versies").iterdir())
        assert not (tmp_path / "b" / "bestanden" / "edities").exists()
