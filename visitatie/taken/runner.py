"""Running jobs: in-process threads on the embedded default, an RQ queue on Redis when
VTH_REDIS_URL is set (`vth worker` processes take them). Either way the job function runs in
its own session and reports progress through its Taak row, so any web process can show it.

A job function is registered with @taaksoort("naam") and has the signature
    f(db: Session, parameters: dict, voortgang: Callable[[int, str], None]) -> dict
It must do all its writes in `db`; they are committed together with the result, so a job
that fails leaves nothing half-done.

A kind names its subject (the parameters that say what it works on): one job per kind and
subject is queued or running at a time, and one person has at most TAKEN_PER_GEBRUIKER jobs
queued or running. Without Redis, the process that holds a job is recorded on it, so the jobs
of a process that died are marked failed (and can be retried) by the next one to start."""

from __future__ import annotations

import json
import logging
import os
import socket
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from visitatie.audit.operations import SYSTEEM, log, namens
from visitatie.errors import DomeinFout
from visitatie.taken.models import Taak, TaakLooptAl
from visitatie.taken.voortgang import voortgang_opslag

logger = logging.getLogger(__name__)
TaakFunctie = Callable[[Session, dict, Callable[[int, str], None]], dict]
TAAKSOORTEN: dict[str, TaakFunctie] = {}
ONDERWERPEN: dict[str, tuple[str, ...] | None] = {}  # kind -> its subject's parameters (None: all)
QUEUE_NAAM = "vth"
TAKEN_PER_GEBRUIKER = 3  # jobs one person may have queued or running at once (every kind is heavy)


# What an RQ worker process runs for a job: an entry point that builds the app, so it lives in the
# entry layer (visitatie/werker.py) and is named here by its path, not imported.
WERKER = "visitatie.werker.voer_uit_in_worker"


def taaksoort(naam: str, onderwerp: tuple[str, ...] | None = None) -> Callable[[TaakFunctie], TaakFunctie]:
    def registreer(functie: TaakFunctie) -> TaakFunctie:
        TAAKSOORTEN[naam] = functie
        ONDERWERPEN[naam] = onderwerp
        return functie

    return registreer


def onderwerp_van(soort: str, parameters: dict) -> str:
    """What a job works on, as text: its kind's subject parameters ("ronde_id=1")."""
    sleutels = ONDERWERPEN.get(soort) or sorted(parameters)
    return "&".join(f"{k}={json.dumps(parameters.get(k), sort_keys=True)}" for k in sleutels)[:200]


def lopende_taak(db: Session, soort: str, onderwerp: str) -> Taak | None:
    return db.exec(select(Taak).where(Taak.soort == soort, Taak.onderwerp == onderwerp,
                                      Taak.status.in_(["wachtend", "bezig"]))).first()


def maak_taak(db: Session, *, soort: str, parameters: dict, gebruiker_id: int | None) -> Taak:
    """Queue a job (written with the caller's transaction; `verzend` after the commit). The same
    job already queued or running raises TaakLooptAl (the user is shown that one); more than
    TAKEN_PER_GEBRUIKER of one person's jobs at once is refused in Dutch."""
    if soort not in TAAKSOORTEN:
        raise DomeinFout(f"Onbekende taaksoort '{soort}'.")
    onderwerp = onderwerp_van(soort, parameters)
    _weiger_dubbel(db, soort, onderwerp)
    _weiger_boven_limiet(db, gebruiker_id)
    # held by this process from the start, so a clean-up between the commit and `verzend`
    # cannot take the new job for one of a dead process
    taak = Taak(soort=soort, parameters=parameters, aangevraagd_door=gebruiker_id, onderwerp=onderwerp,
                uitvoerder=proces_id())
    try:
        with db.begin_nested():  # a request that raced past the check above meets the unique index
            db.add(taak)
            db.flush()
    except IntegrityError:
        _weiger_dubbel(db, soort, onderwerp)
        raise
    log(db, actie="taak.aanmaken", object_type="taak", object_id=taak.id, na=taak)
    return taak


def _weiger_dubbel(db: Session, soort: str, onderwerp: str) -> None:
    lopend = lopende_taak(db, soort, onderwerp)
    if lopend is not None:
        raise TaakLooptAl(lopend.id)


def _weiger_boven_limiet(db: Session, gebruiker_id: int | None) -> None:
    if gebruiker_id is None:
        return
    aantal = db.exec(select(func.count(Taak.id)).where(
        Taak.aangevraagd_door == gebruiker_id, Taak.status.in_(["wachtend", "bezig"]))).one()
    if aantal >= TAKEN_PER_GEBRUIKER:
        raise DomeinFout(f"U heeft al {aantal} taken in de wachtrij of bezig; start een nieuwe "
                         "taak als er een klaar is (zie de voortgang op de pagina van die taken).")


def zet_opnieuw(db: Session, taak: Taak) -> None:
    """Retry a failed job, unless the same job is already queued or running again."""
    _weiger_dubbel(db, taak.soort, taak.onderwerp)
    taak.opnieuw()
    taak.uitvoerder = proces_id()  # no longer the dead process's
    log(db, actie="taak.opnieuw", object_type="taak", object_id=taak.id, na=taak)


def verzend(db: Session, taak: Taak, app: Flask | None = None) -> None:
    """Hand a committed job to the queue (Redis) or to the in-process pool."""
    app = app or current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        queue = wachtrij(app)
        job = queue.enqueue(WERKER, taak.id, job_timeout=3600, failure_ttl=7 * 24 * 3600)
        queue.connection.close()
        taak.extern_id = job.id
        db.commit()
        return
    taak.uitvoerder = proces_id()  # this process holds the job until it ends
    db.commit()
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
            taak.uitvoerder = taak.uitvoerder if taak.extern_id else proces_id()
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


def ruim_taken_van_dode_processen_op(db: Session, taken: list[Taak] | None = None) -> int:
    """In-process jobs (no Redis) queued or running in a process that no longer exists are
    marked failed, so they can be retried; their writes were never committed. The caller commits."""
    if taken is None:
        taken = list(db.exec(select(Taak).where(Taak.status.in_(["wachtend", "bezig"]),
                                                Taak.extern_id.is_(None))).all())
    verweesd = 0
    for taak in taken:
        if taak.loopt and taak.extern_id is None and not proces_leeft(taak.uitvoerder):
            if taak.status == "wachtend":
                taak.start()
            taak.mislukt(VERWEESD)
            log(db, actie="taak.verweesd", object_type="taak", object_id=taak.id, na=taak)
            verweesd += 1
    return verweesd


def proces_id(pid: int | None = None) -> str:
    """This process as "host:pid:start"; the start time tells a reused pid from the original."""
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{_starttijd(pid)}"


def proces_leeft(uitvoerder: str | None) -> bool:
    """False when the process is gone (or its pid now belongs to another process); a process on
    another host counts as alive. No process recorded: nobody holds the job."""
    if not uitvoerder:
        return False
    host, pid, start = uitvoerder.rsplit(":", 2)
    if host != socket.gethostname():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by another user
    return _starttijd(int(pid)) == start


def _starttijd(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" where /proc is absent."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


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
