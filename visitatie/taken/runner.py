"""Running jobs: in-process threads on the embedded default, an RQ queue on Redis when
VTH_REDIS_URL is set (`vth worker` processes take them). Either way the job function runs in
its own session and reports progress through its Taak row, so any web process can show it.

A job function is registered with @taaksoort("naam") and has the signature
    f(db: Session, parameters: dict, voortgang: Callable[[int, str], None]) -> dict
It must do all its writes in `db`; they are committed together with the result, so a job
that fails leaves nothing half-done."""

from __future__ import annotations

import logging
import os
import socket
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from sqlmodel import Session, select

from visitatie.audit.operations import SYSTEEM, log, namens
from visitatie.errors import DomeinFout
from visitatie.taken.models import Taak
from visitatie.taken.voortgang import voortgang_opslag

logger = logging.getLogger(__name__)
TaakFunctie = Callable[[Session, dict, Callable[[int, str], None]], dict]
TAAKSOORTEN: dict[str, TaakFunctie] = {}
QUEUE_NAAM = "vth"


def taaksoort(naam: str) -> Callable[[TaakFunctie], TaakFunctie]:
    def registreer(functie: TaakFunctie) -> TaakFunctie:
        TAAKSOORTEN[naam] = functie
        return functie

    return registreer


def maak_taak(db: Session, *, soort: str, parameters: dict, gebruiker_id: int | None) -> Taak:
    """Queue a job (written with the caller's transaction; `verzend` after the commit)."""
    if soort not in TAAKSOORTEN:
        raise DomeinFout(f"Onbekende taaksoort '{soort}'.")
    taak = Taak(soort=soort, parameters=parameters, aangevraagd_door=gebruiker_id)
    db.add(taak)
    db.flush()
    log(db, actie="taak.aanmaken", object_type="taak", object_id=taak.id, na=taak)
    return taak


def verzend(db: Session, taak: Taak, app: Flask | None = None) -> None:
    """Hand a committed job to the queue (Redis) or to the in-process pool."""
    app = app or current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        queue = wachtrij(app)
        job = queue.enqueue(voer_uit_in_worker, taak.id, job_timeout=3600, failure_ttl=7 * 24 * 3600)
        queue.connection.close()
        taak.extern_id = job.id
        db.commit()
        return
    taak_id = taak.id
    if app.config.get("TAKEN_SYNCHROON"):
        voer_uit(app, taak_id)
    else:
        _pool(app).submit(_veilig, app, taak_id)


def wachtrij(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAAM, connection=Redis.from_url(app.config["REDIS_URL"]))


def _pool(app: Flask) -> ThreadPoolExecutor:
    if "vth_taken_pool" not in app.extensions:
        app.extensions["vth_taken_pool"] = ThreadPoolExecutor(max_workers=2,
                                                              thread_name_prefix="vth-taak")
    return app.extensions["vth_taken_pool"]


def _veilig(app: Flask, taak_id: int) -> None:
    try:
        voer_uit(app, taak_id)
    except Exception:  # a thread must never die silently
        logger.exception("taak %s: onverwachte fout", taak_id)


def voer_uit(app: Flask, taak_id: int) -> None:
    """Run one job: mark it started, run it, commit its writes with the result, or mark it failed."""
    engine = app.extensions["vth_engine"]
    with app.app_context():
        with Session(engine) as db:
            taak = db.get(Taak, taak_id)
            if taak is None or taak.status != "wachtend":
                return
            taak.start()
            db.commit()
        opslag = voortgang_opslag(app)
        with Session(engine) as db:
            taak = db.get(Taak, taak_id)
            try:
                with namens(*_starter(db, taak)):  # its audit lines name who started it
                    resultaat = TAAKSOORTEN[taak.soort](
                        db, dict(taak.parameters),
                        lambda procent, bericht: opslag.zet(taak_id, procent, bericht))
                taak.voltooi(resultaat or {})
                db.commit()
            except Exception as fout:  # noqa: BLE001 - every failure is recorded for the user
                db.rollback()
                _markeer_mislukt(engine, taak_id, fout)


def _starter(db: Session, taak: Taak) -> tuple[int | None, str]:
    from visitatie.auth.models import Gebruiker

    gebruiker = db.get(Gebruiker, taak.aangevraagd_door) if taak.aangevraagd_door else None
    return (gebruiker.id, gebruiker.email) if gebruiker else (None, SYSTEEM)


def _markeer_mislukt(engine, taak_id: int, fout: Exception) -> None:
    tekst = fout.boodschap if isinstance(fout, DomeinFout) else (
        f"Onverwachte fout: {type(fout).__name__}: {fout}")
    logger.error("taak %s mislukt\n%s", taak_id, traceback.format_exc())
    with Session(engine) as db:
        taak = db.get(Taak, taak_id)
        taak.mislukt(tekst)
        db.commit()


VERWEESD = "Het proces dat deze taak uitvoerde is gestopt; start de taak opnieuw."


def ruim_verweesde_taken_op(db: Session, app: Flask, taken: list[Taak] | None = None) -> int:
    """Queued jobs (all running ones, or `taken`) whose RQ job died outside our code (a killed
    worker) are marked failed, never left "bezig" for ever; their writes were never committed.
    The caller commits."""
    from rq.registry import StartedJobRegistry

    queue = wachtrij(app)
    verbinding = queue.connection
    if taken is None:
        taken = list(db.exec(select(Taak).where(Taak.status.in_(["wachtend", "bezig"]),
                                                Taak.extern_id.is_not(None))).all())
    registry = StartedJobRegistry(queue=queue)
    for taak in taken:
        _verloop_als_worker_dood_is(registry, taak.extern_id)
    registry.cleanup()  # RQ moves expired (abandoned) jobs to its failed registry
    verweesd = 0
    for taak in taken:
        if taak.loopt and _rq_status(taak.extern_id, verbinding) in VERWEESDE_STATUSSEN:
            if taak.status == "wachtend":
                taak.start()
            taak.mislukt(VERWEESD)
            log(db, actie="taak.verweesd", object_type="taak", object_id=taak.id, na=taak)
            verweesd += 1
    verbinding.close()
    return verweesd


VERWEESDE_STATUSSEN = {None, "failed", "stopped", "canceled"}


def _rq_status(job_id: str, verbinding) -> str | None:
    """The RQ job's status as plain text (JobStatus members do not hash like their values)."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        return Job.fetch(job_id, connection=verbinding).get_status().value
    except NoSuchJobError:
        return None


def _verloop_als_worker_dood_is(registry, job_id: str) -> None:
    """RQ only notices a dead worker when the heartbeat of its job expires (a minute or more).
    A worker records its host and pid: when its record is gone, or it ran on this host and its
    process no longer exists, the job's entry in the started registry gets an expiry in the past
    so that RQ's own clean-up treats it as abandoned now (moved to failed, or retried)."""
    from rq.executions import Execution

    for gevonden_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
        if gevonden_id != job_id:
            continue
        execution = Execution(id=execution_id, job_id=job_id, connection=registry.connection)
        try:
            execution.refresh()
        except ValueError:
            pass  # its record expired with the worker: no worker name, so not alive
        if not worker_leeft(execution.worker_name, registry.connection):
            # Score 0 (1970) is an expiry in the past; cleanup() reads scores from 0 up.
            registry.connection.zadd(registry.key, {execution.composite_key: 0}, xx=True)


def worker_leeft(naam: str, verbinding) -> bool:
    """False when the worker's record has expired or its process on this host is gone; a worker
    on another host counts as alive (its heartbeat decides)."""
    from rq import Worker

    worker = Worker.find_by_key(f"{Worker.redis_worker_namespace_prefix}{naam}", verbinding) if naam else None
    if worker is None:
        return False
    if worker.hostname != socket.gethostname() or not worker.pid:
        return True
    try:
        os.kill(worker.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True


def voer_uit_in_worker(taak_id: int) -> None:
    """Entry point for an RQ worker process: build the app from the environment and run."""
    from visitatie.app import create_app

    app = create_app()
    try:
        voer_uit(app, taak_id)
    finally:
        app.extensions["vth_engine"].dispose()
        voortgang_opslag(app).sluit()
