"""The app's one clock (visitatie/timeutil.py) and the demo's day (visitatie/demodag.py)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.conftest import TESTDAG, make_test_app
from visitatie import timeutil
from visitatie.config import ConfigFout
from visitatie.demodag import DEMODAG, bewaar_demodag, lees_demodag


def test_tests_run_on_the_frozen_day_whatever_the_real_date():
    assert timeutil.vandaag() == TESTDAG


def test_klok_sets_the_day_and_time_keeps_running(klok):
    klok.zet(date(2031, 3, 15))
    eerst = timeutil.utcnow()
    assert timeutil.vandaag() == date(2031, 3, 15)
    assert timeutil.utcnow() >= eerst  # a shift, not a standstill: durations stay real


def test_the_day_follows_the_netherlands_not_utc(monkeypatch):
    # 23:30 UTC on 31 December is already New Year's Day in Amsterdam.
    monkeypatch.setattr(timeutil, "_echt_nu", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    timeutil.zet_vandaag(None)
    assert timeutil.vandaag() == date(2027, 1, 1)


@pytest.mark.parametrize("echte_dag", [date(2026, 12, 6), date(2027, 7, 1), date(2031, 3, 15)])
def test_set_day_holds_whatever_the_real_date(monkeypatch, echte_dag):
    monkeypatch.setattr(timeutil, "_echt_nu",
                        lambda: datetime.combine(echte_dag, datetime.min.time(), UTC) + timedelta(hours=10))
    timeutil.zet_vandaag(date(2026, 9, 15))
    assert timeutil.vandaag() == date(2026, 9, 15)


def test_a_set_day_survives_the_real_clock_passing_midnight(monkeypatch):
    """CI ran across midnight once, and the set day moved on under the tests."""
    echt = {"nu": datetime(2026, 12, 6, 22, 50, tzinfo=UTC)}  # 23:50 in Amsterdam
    monkeypatch.setattr(timeutil, "_echt_nu", lambda: echt["nu"])
    timeutil.zet_vandaag(date(2026, 9, 15))
    echt["nu"] += timedelta(hours=11)
    assert timeutil.vandaag() == date(2026, 9, 15)


def test_development_app_opens_the_demo_on_its_stored_day(database_url, monkeypatch, tmp_path):
    app = make_test_app(database_url)
    with Session(app.extensions["vth_engine"]) as db:
        bewaar_demodag(db, date(2025, 4, 1))
        db.commit()
    assert lees_demodag(app.extensions["vth_engine"]) == date(2025, 4, 1)
    app.extensions["vth_engine"].dispose()
    timeutil.zet_vandaag(None)
    dev = make_test_app(database_url, VTH_ENV="development")
    assert timeutil.vandaag() == date(2025, 4, 1)
    assert dev.config["DEMODAG"] == date(2025, 4, 1)
    pagina = dev.test_client().get("/").get_data(as_text=True)
    assert "De demo beschrijft de stand op 1 april 2025" in pagina
    dev.extensions["vth_engine"].dispose()


def test_vth_vandaag_sets_the_clock_outside_production(database_url, monkeypatch):
    monkeypatch.setenv("VTH_VANDAAG", "2027-07-01")
    app = make_test_app(database_url, VTH_ENV="development")
    assert timeutil.vandaag() == date(2027, 7, 1)
    app.extensions["vth_engine"].dispose()


def test_production_refuses_a_set_clock(database_url, monkeypatch):
    monkeypatch.setenv("VTH_VANDAAG", "2027-07-01")
    with pytest.raises(ConfigFout, match="VTH_VANDAAG"):
        make_test_app(database_url, VTH_ENV="production", SECRET_KEY="x" * 64)


def test_a_wrong_vth_vandaag_says_how_to_write_it(database_url, monkeypatch):
    monkeypatch.setenv("VTH_VANDAAG", "15-9-2026")
    with pytest.raises(ConfigFout, match="JJJJ-MM-DD"):
        make_test_app(database_url, VTH_ENV="development")


def _planningstand(db: Session) -> str:
    from visitatie.planning import operations as ops
    from visitatie.rondes.models import RondeOd, VisitatieRonde
    from visitatie.visitaties.stand import bezoekstanden

    stand = []
    for ronde in db.exec(select(VisitatieRonde).order_by(VisitatieRonde.naam)).all():
        plan = ops.geaccepteerd_plan(db, ronde.id)
        stand.append([ronde.naam, sorted((t.od_code, t.eerste_dag.isoformat(), t.rol)
                                         for t in ops.toewijzingen(db, plan.id))])
        stand.append(sorted((r.od_code, str(r.vaste_dag), str(r.venster_van), str(r.venster_tot))
                            for r in db.exec(select(RondeOd).where(RondeOd.ronde_id == ronde.id))))
        stand.append(sorted((s.od_code, str(s.bezoek_van), str(s.status))
                            for s in bezoekstanden(db, ronde.id).values()))
    return hashlib.sha256(json.dumps(stand).encode()).hexdigest()


def test_the_demo_planning_is_the_same_whatever_day_it_is_loaded(backend, template_url, monkeypatch):
    """Loaded on three real dates, the demo's planning describes the same day identically."""
    from visitatie.planning.demo import stap_planning

    standen = set()
    for echte_dag in (date(2026, 12, 6), date(2027, 7, 1), date(2031, 3, 15)):
        monkeypatch.setattr(timeutil, "_echt_nu",
                            lambda d=echte_dag: datetime.combine(d, datetime.min.time(), UTC))
        timeutil.zet_vandaag(DEMODAG)
        url = backend.copy(template_url)
        app = make_test_app(url)
        with app.app_context(), Session(app.extensions["vth_engine"]) as db:
            bewaar_demodag(db, DEMODAG)
            stap_planning(db)
            db.commit()
            standen.add(_planningstand(db))
        app.extensions["vth_engine"].dispose()
        backend.drop(url)
    assert len(standen) == 1


@pytest.mark.zwaar
def test_vth_demo_loads_as_of_another_day(runner, app, db):
    uitvoer = runner.invoke(args=["demo", "--vandaag", "2025-06-01"])
    assert uitvoer.exit_code == 0, uitvoer.output
    assert "demodag: 1 juni 2025" in uitvoer.output
    assert lees_demodag(app.extensions["vth_engine"]) == date(2025, 6, 1)
