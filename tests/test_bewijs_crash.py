"""Crash safety (issue 9): gunicorn is killed with SIGKILL (master and workers, like a power cut)
in the middle of a stream of autosaves; after a restart the database is intact and every save
the server acknowledged is there."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.bewijs import Bewaring, Gunicorn, Klant, autosave, blokkeer_demo_accounts
from tests.conftest import TEST_WACHTWOORD, maak_account, make_test_app
from visitatie.audit.models import AuditRegel
from visitatie.visitaties.models import Antwoord, Respons

pytestmark = pytest.mark.zwaar
VISITATIE, OD = 8, "odzob"  # the demo's self-evaluation in preparation


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


def stroom(klant: Klant, stop: threading.Event, uit: list[Bewaring]) -> None:
    for n in range(10_000):
        if stop.is_set():
            return
        try:
            uit.append(autosave(klant.post, klant.get, VISITATIE, "contactpersoon", f"Contact {n} (fictief)"))
        except (OSError, AssertionError):
            return  # the server is gone: what was not acknowledged does not count


def test_sigkill_during_saves_loses_no_acknowledged_save(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    engine = app.extensions["vth_engine"]
    email = maak_account(app, "od_medewerker", OD)
    blokkeer_demo_accounts(engine)
    bewaringen: list[Bewaring] = []
    try:
        server = Gunicorn(demo_database_url, tmp_path / "bestanden", tmp_path, workers=2).start()
        try:
            klant = Klant(server.poort)
            klant.log_in(email, TEST_WACHTWOORD)
            stop = threading.Event()
            draad = threading.Thread(target=stroom, args=(klant, stop, bewaringen))
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
            respons = db.exec(select(Respons).where(Respons.visitatie_id == VISITATIE,
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
