"""Long jobs: in-process by default, on a Redis queue (RQ) when configured; progress is
visible while they run; a failing job leaves nothing half-written and can be retried."""

from __future__ import annotations

import os
import threading
import time

import pytest
from sqlmodel import Session, select

from tests.conftest import make_test_app
from visitatie.errors import DomeinFout
from visitatie.register.models import Provincie
from visitatie.taken.models import Taak
from visitatie.taken.runner import maak_taak, taaksoort, verzend, voer_uit

REDIS_URL = "redis://127.0.0.1:6379/15"
doorgaan = threading.Event()


@taaksoort("test-schrijf")
def schrijf_en_meld(db, parameters, voortgang):
    voortgang(50, "halverwege")
    db.add(Provincie(code=parameters["code"], naam=parameters["naam"]))
    if parameters.get("wacht"):
        doorgaan.wait(10)
    if parameters.get("faal"):
        db.flush()
        raise DomeinFout("Bewust mislukt.")
    return {"url": "/provincies", "label": "Naar de provincies"}


def start(app, **parameters) -> int:
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        taak = maak_taak(db, soort="test-schrijf", parameters=parameters, gebruiker_id=None)
        db.commit()
        verzend(db, taak, app)
        return taak.id


def lees(app, taak_id) -> Taak:
    with Session(app.extensions["vth_engine"]) as db:
        return db.get(Taak, taak_id)


def wacht_tot_klaar(app, taak_id, seconden=15) -> Taak:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        taak = lees(app, taak_id)
        if not taak.loopt:
            return taak
        time.sleep(0.05)
    raise AssertionError("taak niet op tijd klaar")


@pytest.fixture
def app(app):
    app.config["TAKEN_SYNCHROON"] = False  # these tests are about the background runner itself
    return app


def test_in_process_job_runs_outside_the_request_with_progress(app, client, login):
    login("coordinator")
    doorgaan.clear()
    taak_id = start(app, code="PV90", naam="Testprovincie", wacht=True)
    einde = time.monotonic() + 10
    while "halverwege" not in (pagina := client.get(f"/taken/{taak_id}/status").get_data(True)):
        assert time.monotonic() < einde, pagina
        time.sleep(0.05)
    assert 'hx-trigger="every 1s"' in pagina and 'value="50"' in pagina
    doorgaan.set()
    taak = wacht_tot_klaar(app, taak_id)
    assert taak.status == "klaar" and taak.voortgang == 100
    pagina = client.get(f"/taken/{taak_id}").get_data(as_text=True)
    assert "Naar de provincies" in pagina and "hx-trigger" not in pagina


def test_failed_job_writes_nothing_and_can_be_retried(app, client, login, db):
    login("coordinator")
    taak_id = start(app, code="PV91", naam="Mislukt", faal=True)
    taak = wacht_tot_klaar(app, taak_id)
    assert taak.status == "mislukt" and taak.fout == "Bewust mislukt."
    assert db.exec(select(Provincie).where(Provincie.code == "PV91")).first() is None
    assert "Opnieuw proberen" in client.get(f"/taken/{taak_id}").get_data(as_text=True)
    with Session(app.extensions["vth_engine"]) as sessie:
        taak = sessie.get(Taak, taak_id)
        taak.parameters = {"code": "PV91", "naam": "Tweede poging"}
        sessie.commit()
    client.post(f"/taken/{taak_id}/opnieuw")
    taak = wacht_tot_klaar(app, taak_id)
    assert taak.status == "klaar" and taak.pogingen == 2


def test_job_page_is_only_for_requester_and_programme_office(app, client, login):
    taak_id = start(app, code="PV92", naam="Geheim")
    wacht_tot_klaar(app, taak_id)
    login("lezer")
    assert client.get(f"/taken/{taak_id}").status_code == 403


def test_finished_job_cannot_run_twice(app):
    app.config["TAKEN_SYNCHROON"] = True
    taak_id = start(app, code="PV93", naam="Eenmalig")
    assert lees(app, taak_id).status == "klaar"
    voer_uit(app, taak_id)  # a duplicate delivery does nothing
    assert lees(app, taak_id).pogingen == 1


def redis_beschikbaar() -> bool:
    try:
        from redis import Redis

        with Redis.from_url(REDIS_URL, socket_connect_timeout=1) as verbinding:
            return verbinding.ping()
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.skipif(not redis_beschikbaar(), reason="Redis antwoordt niet op 127.0.0.1:6379")
def test_the_queue_names_a_worker_entry_point_that_exists():
    """RQ finds the job's function by its dotted name only when a worker runs it: resolve it
    here, so a move of the function fails without Redis too."""
    import inspect
    import pkgutil

    from visitatie.taken.runner import WERKER

    functie = pkgutil.resolve_name(WERKER)
    assert callable(functie) and list(inspect.signature(functie).parameters) == ["taak_id"]


def test_job_on_redis_queue_runs_in_a_worker(database_url, monkeypatch):
    from rq import SimpleWorker

    from visitatie.taken.runner import wachtrij

    monkeypatch.setenv("VTH_ENV", "test")
    monkeypatch.setenv("VTH_SECRET_KEY", "test-geheim")
    monkeypatch.setenv("VTH_DATABASE_URL", database_url)
    monkeypatch.setenv("VTH_REDIS_URL", REDIS_URL)
    app = make_test_app(database_url, REDIS_URL=REDIS_URL)
    queue = wachtrij(app)
    queue.empty()
    taak_id = start(app, code="PV94", naam="Via Redis")
    assert lees(app, taak_id).status == "wachtend" and lees(app, taak_id).extern_id
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    taak = lees(app, taak_id)
    assert taak.status == "klaar", taak.fout
    queue.connection.close()
    app.extensions["vth_engine"].dispose()


@pytest.mark.skipif(not redis_beschikbaar(), reason="Redis antwoordt niet op 127.0.0.1:6379")
def test_a_worker_counts_as_dead_when_its_process_here_is_gone_or_its_record_expired():
    """The check that lets a killed worker's job fail at once (the zwaar proof kills a real one)."""
    import subprocess
    import uuid

    from redis import Redis
    from rq import Queue, Worker

    from visitatie.taken.runner import worker_leeft

    verbinding = Redis.from_url(REDIS_URL)
    beeindigd = subprocess.Popen(["true"])
    beeindigd.wait()  # reaped: its pid is free now
    namen = {}
    for soort, pid in (("levend", os.getpid()), ("dood", beeindigd.pid)):
        worker = Worker([Queue("vth-test", connection=verbinding)], name=f"{soort}-{uuid.uuid4().hex}",
                        connection=verbinding)
        worker.pid = pid
        worker.register_birth()
        namen[soort] = worker.name
    try:
        assert worker_leeft(namen["levend"], verbinding)
        assert not worker_leeft(namen["dood"], verbinding)
        assert not worker_leeft("nooit-bestaan", verbinding) and not worker_leeft("", verbinding)
    finally:
        for naam in namen.values():
            Worker.find_by_key(f"{Worker.redis_worker_namespace_prefix}{naam}", verbinding).register_death()
        verbinding.close()
