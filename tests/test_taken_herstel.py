"""Findings 6 and 7 of issue 18. Without Redis, jobs live in the web processes: the jobs of a
process that died are marked failed when the next one starts (or on `vth taken opruimen`, or
when their page is opened) and can be retried. One job per kind and subject is queued or
running (asking again shows that one); one person has at most a few jobs at once."""

from __future__ import annotations

import subprocess

import pytest
from sqlmodel import Session, select

from tests.conftest import maak_account, make_test_app
from tests.test_taken import schrijf_en_meld  # noqa: F401 - registers the test job kind
from visitatie.errors import DomeinFout
from visitatie.taken import runner
from visitatie.taken.models import Taak, TaakLooptAl
from visitatie.taken.runner import VERWEESD, maak_taak, proces_id


def dood_proces() -> str:
    """The identity of a process on this host that has ended."""
    proces = subprocess.Popen(["true"])
    identiteit = proces_id(proces.pid)
    proces.wait()
    return identiteit


def zet_taken_van(app, uitvoerder: str | None, *statussen: str) -> list[int]:
    """Job rows as a process left them: queued or running, held by `uitvoerder`."""
    ids = []
    with Session(app.extensions["vth_engine"]) as db:
        for n, status in enumerate(statussen):
            taak = Taak(soort="test-schrijf", parameters={"code": f"T{n}", "naam": "Test"},
                        onderwerp=f"{uitvoerder}-{n}", status=status, uitvoerder=uitvoerder,
                        voortgang=0 if status == "wachtend" else 40)
            db.add(taak)
            db.flush()
            ids.append(taak.id)
        db.commit()
    return ids


def statussen(app, ids) -> list[str]:
    with Session(app.extensions["vth_engine"]) as db:
        return [db.get(Taak, i).status for i in ids]


def test_jobs_of_a_dead_process_fail_at_start_up_and_can_be_retried(app, client, login, database_url):
    dood = zet_taken_van(app, dood_proces(), "bezig", "wachtend")
    levend = zet_taken_van(app, proces_id(), "bezig")  # this process: alive, left alone
    nieuw = make_test_app(database_url)  # the next process starts
    nieuw.extensions["vth_engine"].dispose()
    assert statussen(app, dood) == ["mislukt", "mislukt"]
    assert statussen(app, levend) == ["bezig"]
    with Session(app.extensions["vth_engine"]) as db:
        assert db.get(Taak, dood[0]).fout == VERWEESD
    login("beheerder")
    assert VERWEESD in client.get(f"/taken/{dood[0]}").get_data(as_text=True)
    antwoord = client.post(f"/taken/{dood[0]}/opnieuw")
    assert antwoord.status_code == 302
    assert statussen(app, dood[:1]) == ["klaar"]  # TAKEN_SYNCHROON: retried and run at once


def test_vth_taken_opruimen_works_without_redis(app, runner):
    dood = zet_taken_van(app, dood_proces(), "bezig", "wachtend")
    zonder_proces = zet_taken_van(app, None, "wachtend")  # its process died before handing it on
    uitvoer = runner.invoke(args=["taken", "opruimen"])
    assert uitvoer.exit_code == 0, uitvoer.output
    assert "3 taak/taken als mislukt gemarkeerd" in uitvoer.output
    assert statussen(app, dood + zonder_proces) == ["mislukt"] * 3


def test_the_job_page_shows_a_dead_process_job_as_failed(app, client, login):
    login("beheerder")
    [taak] = zet_taken_van(app, dood_proces(), "bezig")
    assert "Mislukt" in client.get(f"/taken/{taak}/status").get_data(as_text=True)


def test_a_reused_pid_does_not_keep_a_dead_job_alive():
    """Same pid, another start time: another process."""
    host, pid, start = proces_id().rsplit(":", 2)
    assert runner.proces_leeft(f"{host}:{pid}:{start}")
    assert not runner.proces_leeft(f"{host}:{pid}:{int(start or 0) + 1}")
    assert runner.proces_leeft(f"een-andere-host:{pid}:0")  # its own host decides


# --- finding 7: one job per kind and subject, a limit per person ------------------------------


def _maak(app, gebruiker_id=None, **parameters) -> int:
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        taak = maak_taak(db, soort="test-schrijf", parameters=parameters, gebruiker_id=gebruiker_id)
        db.commit()
        return taak.id


def test_a_second_request_for_the_same_job_gets_the_running_one(app):
    eerste = _maak(app, code="X1", naam="Een")
    with pytest.raises(TaakLooptAl) as gevangen:
        _maak(app, code="X1", naam="Een")
    assert gevangen.value.taak_id == eerste
    _maak(app, code="X2", naam="Twee")  # another subject is another job


def test_the_database_keeps_one_running_job_per_subject(app):
    """Two requests that both passed the check in Python meet the unique index."""
    with Session(app.extensions["vth_engine"]) as db:
        for _ in range(2):
            db.add(Taak(soort="planning", parameters={"ronde_id": 1}, onderwerp="ronde_id=1"))
        with pytest.raises(Exception, match="(?i)unique"):
            db.flush()
        db.rollback()


def test_asking_again_for_a_planning_run_shows_the_running_one(app, client, login):
    from datetime import date

    from visitatie.rondes.models import VisitatieRonde

    login("coordinator")
    with Session(app.extensions["vth_engine"]) as db:
        ronde = VisitatieRonde(naam="Ronde", start=date(2026, 1, 1), deadline=date(2027, 12, 31))
        db.add(ronde)
        db.flush()
        lopend = Taak(soort="planning", parameters={"ronde_id": ronde.id, "seed": 0},
                      onderwerp=runner.onderwerp_van("planning", {"ronde_id": ronde.id}), status="bezig",
                      uitvoerder=proces_id())
        db.add(lopend)
        db.commit()
        lopend_id, ronde_id = lopend.id, ronde.id
    antwoord = client.post(f"/planning/rondes/{ronde_id}/plannen", data={"seed": "3", "tijdslimiet": "5"})
    assert antwoord.status_code == 302, antwoord.status_code
    assert antwoord.headers["Location"].endswith(f"/taken/{lopend_id}")
    with Session(app.extensions["vth_engine"]) as db:
        assert len(db.exec(select(Taak).where(Taak.soort == "planning")).all()) == 1
    pagina = client.get(f"/taken/{lopend_id}").get_data(as_text=True)
    assert "Deze taak loopt al" in pagina


def test_one_person_may_not_queue_more_than_the_limit(app, login):
    from visitatie.auth.models import Gebruiker

    login("redacteur")
    with Session(app.extensions["vth_engine"]) as db:
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.rol == "redacteur")).first()
        for n in range(runner.TAKEN_PER_GEBRUIKER):
            db.add(Taak(soort="test-schrijf", parameters={}, onderwerp=f"vol-{n}", status="wachtend",
                        aangevraagd_door=gebruiker.id, uitvoerder=proces_id()))
        db.commit()
        gebruiker_id = gebruiker.id
    with pytest.raises(DomeinFout, match="U heeft al 3 taken in de wachtrij of bezig"):
        _maak(app, gebruiker_id, code="X9", naam="Negen")


def test_a_new_or_retried_job_is_held_by_its_process_before_it_is_sent(app):
    """Between the commit and `verzend`, a clean-up must not take the job for a dead one's."""
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        taak = maak_taak(db, soort="test-schrijf", parameters={"code": "N1", "naam": "Nieuw"},
                         gebruiker_id=None)
        db.commit()
        assert runner.ruim_taken_van_dode_processen_op(db) == 0
        assert taak.status == "wachtend" and taak.uitvoerder == proces_id()
        taak.uitvoerder = dood_proces()
        taak.start()
        taak.mislukt("test")
        runner.zet_opnieuw(db, taak)
        db.commit()
        assert runner.ruim_taken_van_dode_processen_op(db) == 0
        assert taak.status == "wachtend" and taak.uitvoerder == proces_id()


def test_a_build_a_colleague_started_is_not_opened_for_you(app, client, login):
    """A second editor asking for the same build stays on a page of theirs, with the reason,
    instead of being sent to a job page that answers 403."""
    from visitatie.auth.models import Gebruiker
    from visitatie.publicatie.models import Editie
    from visitatie.publicatie.operations import TAAKSOORT

    login("redacteur")
    client.post("/edities/nieuw", data={"jaar": "2030", "periode_van": "2028-07-01",
                                        "periode_tot": "2030-06-30", "peildatum": "2030-06-01"})
    collega = maak_account(app, "redacteur")
    with Session(app.extensions["vth_engine"]) as db:
        editie = db.exec(select(Editie).where(Editie.jaar == 2030)).one()
        collega_id = db.exec(select(Gebruiker).where(Gebruiker.email == collega)).one().id
        db.add(Taak(soort=TAAKSOORT, parameters={"editie_id": editie.id}, status="bezig",
                    onderwerp=runner.onderwerp_van(TAAKSOORT, {"editie_id": editie.id}),
                    uitvoerder=proces_id(), aangevraagd_door=collega_id))
        db.commit()
        versie = editie.versie
    antwoord = client.post("/edities/2030/bouwen", data={"versie": versie})
    assert antwoord.status_code == 302
    assert "/taken/" not in antwoord.headers["Location"]
    pagina = client.get(antwoord.headers["Location"]).get_data(as_text=True)
    assert "al gestart door een collega" in pagina
