"""Crash safety (issue 9): gunicorn is killed with SIGKILL (master and workers, like a power cut)
in the middle of a stream of autosaves; after a restart the database is intact and every save
the server acknowledged is there. And a queue worker killed in the middle of a Staat van VTH
build: the job is marked failed (and completes when retried), nothing half-built is promoted."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import subprocess
import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.bewijs import BIN, Bewaring, Gunicorn, Klant, autosave, blokkeer_demo_accounts, redis_antwoordt
from tests.conftest import TEST_WACHTWOORD, maak_account, make_test_app
from visitatie.audit.models import AuditRegel
from visitatie.config import PROJECT_ROOT
from visitatie.publicatie import bouwen
from visitatie.publicatie.models import Editie
from visitatie.taken.models import Taak
from visitatie.taken.runner import VERWEESD, wachtrij
from visitatie.taken.voortgang import voortgang_opslag
from visitatie.visitaties.demo import scenario_visitaties
from visitatie.visitaties.models import Antwoord, Respons

pytestmark = pytest.mark.zwaar
OD = "odzob"  # the demo's visitation in preparation: its self-evaluation is open


def integriteit(engine) -> None:
    """SQLite: PRAGMA integrity_check and foreign_key_check. PostgreSQL: every foreign key and
    check constraint is re-validated by the server."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            return
        namen = conn.execute(text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE contype IN ('f', 'c') AND connamespace = 'public'::regnamespace")).all()
        for tabel, naam in namen:
            conn.execute(text(f'ALTER TABLE {tabel} VALIDATE CONSTRAINT "{naam}"'))


def stroom(klant: Klant, stop: threading.Event, uit: list[Bewaring], visitatie: int) -> None:
    for n in range(10_000):
        if stop.is_set():
            return
        try:
            uit.append(autosave(klant.post, klant.get, visitatie, "contactpersoon", f"Contact {n} (fictief)"))
        except (OSError, http.client.HTTPException, AssertionError):
            # the server is gone, also in the middle of an answer (IncompleteRead): what was not
            # acknowledged does not count
            return


def test_sigkill_during_saves_loses_no_acknowledged_save(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    engine = app.extensions["vth_engine"]
    email = maak_account(app, "od_medewerker", OD)
    with Session(engine) as db:
        visitatie = scenario_visitaties(db)[OD]
    blokkeer_demo_accounts(engine)
    bewaringen: list[Bewaring] = []
    try:
        server = Gunicorn(demo_database_url, tmp_path / "bestanden", tmp_path, workers=2).start()
        try:
            klant = Klant(server.poort)
            klant.log_in(email, TEST_WACHTWOORD)
            stop = threading.Event()
            draad = threading.Thread(target=stroom, args=(klant, stop, bewaringen, visitatie))
            draad.start()
            einde = time.monotonic() + 30
            while len([b for b in bewaringen if b.status == 200]) < 10 and time.monotonic() < einde:
                time.sleep(0.05)
            server.kill()
            stop.set()
            draad.join(30)
        finally:
            server.stop()
        bevestigd = [b for b in bewaringen if b.status == 200]
        assert len(bevestigd) >= 10, "te weinig bewaringen voor de kill"
        with Gunicorn(demo_database_url, tmp_path / "bestanden", tmp_path, workers=2) as herstart:
            assert Klant(herstart.poort).get("/readyz")[0] == 200
        integriteit(engine)
        with Session(engine) as db:
            respons = db.exec(select(Respons).where(Respons.visitatie_id == visitatie,
                                                    Respons.soort == "zelfevaluatie")).one()
            rij = db.exec(select(Antwoord).where(Antwoord.respons_id == respons.id,
                                                 Antwoord.vraag_code == "contactpersoon")).one()
            geschiedenis = {json.loads(a.na)["waarde"] for a in db.exec(select(AuditRegel).where(
                AuditRegel.actie == "antwoord.bewaren", AuditRegel.object_id == str(respons.id))).all()}
        assert {b.waarde for b in bevestigd} <= geschiedenis  # every acknowledged save is there
        laatste = max(bevestigd, key=lambda b: b.versie)
        # The stored version is at least the last acknowledged one (a save may have committed
        # just before the kill without its answer reaching the client), never behind it.
        assert rij.versie >= laatste.versie
        if rij.versie == laatste.versie:
            assert json.loads(rij.waarde) == laatste.waarde
    finally:
        engine.dispose()


# --- a queue worker killed during a report build -------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own (test_taken uses 15)


def start_worker(app, *opties: str) -> subprocess.Popen:
    """`vth worker` in its own process group, so SIGKILL reaches the work horse it forks too."""
    omgeving = {**os.environ, "VTH_ENV": "test", "VTH_SECRET_KEY": "test-geheim",
                "VTH_DATABASE_URL": app.config["DATABASE_URL"], "VTH_REDIS_URL": REDIS_URL,
                "VTH_STORAGE_DIR": app.config["STORAGE_DIR"],
                "VTH_BOUWCACHE": str(app.config["BOUWCACHE"])}  # a warm cache could finish before the kill
    return subprocess.Popen([str(BIN / "vth"), "worker", *opties], cwd=PROJECT_ROOT, env=omgeving,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def wacht_op(voorwaarde, seconden: float, wat: str) -> None:
    einde = time.monotonic() + seconden
    while not voorwaarde():
        assert time.monotonic() < einde, f"niet binnen {seconden} s: {wat}"
        time.sleep(0.2)


def taak_van(app, taak_id: int) -> Taak:
    with Session(app.extensions["vth_engine"]) as db:
        return db.get(Taak, taak_id)


def editie_2026(app) -> Editie:
    with Session(app.extensions["vth_engine"]) as db:
        return db.exec(select(Editie).where(Editie.jaar == 2026)).one()


def bouw_bezig_voorbij(app, taak_id: int, procent: int) -> bool:
    stand = voortgang_opslag(app).lees(taak_id)
    return stand is not None and stand[0] >= procent


@pytest.mark.skipif(not redis_antwoordt(REDIS_URL), reason="Redis antwoordt niet op 127.0.0.1:6379")
def test_worker_killed_during_a_build_fails_the_job_and_publishes_nothing_half(
        demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"),
                        REDIS_URL=REDIS_URL, TAKEN_SYNCHROON=False)
    wachtrij(app).connection.flushdb()  # our own Redis database: no jobs of earlier runs
    editiemap = bouwen.editiemap(2026, tmp_path / "bestanden")
    client = app.test_client()
    email = maak_account(app, "redacteur")
    assert client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD}).status_code == 302
    worker = None
    try:
        antwoord = client.post("/edities/2026/bouwen", data={"versie": editie_2026(app).versie})
        taak_id = int(antwoord.headers["Location"].rsplit("/", 1)[1])
        worker = start_worker(app)
        wacht_op(lambda: bouw_bezig_voorbij(app, taak_id, 60), 90, "de bouw bereikt de PDF")
        assert taak_van(app, taak_id).status == "bezig"
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)

        # The app's job page notices the dead worker at once (its pid is gone on this host).
        pagina = client.get(f"/taken/{taak_id}").get_data(as_text=True)
        assert "Mislukt" in pagina and VERWEESD in pagina
        assert taak_van(app, taak_id).status == "mislukt"
        # The half-built outputs stayed in the build folder; nothing was promoted, no build
        # was recorded and the edition offers no downloads.
        assert list(editiemap.parent.glob(".2026-bouw-*/editie/site"))
        assert not (editiemap / "editie").exists()
        assert editie_2026(app).snapshot_sha256 is None
        assert "PDF downloaden" not in client.get("/edities/2026").get_data(as_text=True)

        # Retried through the app, a fresh worker completes it and the outputs are whole.
        assert client.post(f"/taken/{taak_id}/opnieuw").status_code == 302
        worker = start_worker(app, "--burst")
        assert worker.wait(110) == 0
        taak = taak_van(app, taak_id)
        assert taak.status == "klaar" and taak.pogingen == 2, taak.fout
        manifest = json.loads((editiemap / "editie" / "manifest.json").read_text())
        assert editie_2026(app).snapshot_sha256 == manifest["snapshot_sha256"]
        for naam, sha in manifest["bestanden"].items():  # every output whole, as recorded
            assert hashlib.sha256((editiemap / "editie" / naam).read_bytes()).hexdigest() == sha
        assert client.get("/edities/2026/bestand/pdf").data.startswith(b"%PDF")
    finally:
        if worker and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        app.extensions["vth_engine"].dispose()
