from datetime import date

from sqlmodel import select

from tests.planning_data import maak_planningvoorbeeld
from visitatie.planning import operations as ops
from visitatie.planning.demo import stap_planning
from visitatie.planning.models import Band, Plan, RondeOd, VisitatieRonde, Visiteur


def test_planning_run_reports_progress_and_stores_the_plan(app, db):
    with app.app_context():
        ids = maak_planningvoorbeeld(db)
        meldingen = []
        plan = ops.voer_planning_uit(db, ronde_id=ids["ronde"],
                                     voortgang=lambda p, t: meldingen.append((p, t)))
        db.commit()
    assert plan.status == "concept" and plan.solver_status == "optimaal"
    assert meldingen[0][0] < meldingen[-1][0] == 100
    assert {t.od_code for t in ops.toewijzingen(db, plan.id)} == {"odmh", "ozhz"}
    assert ops.schendingen(db, plan) == []


def test_infeasible_run_is_stored_with_dutch_reasons(app, db):
    with app.app_context():
        ids = maak_planningvoorbeeld(db)
        for v in db.exec(select(Visiteur)).all():
            db.add(Band(visiteur_id=v.id, od_code="odmh", soort="bestuurszetel", reden="AB-lid (fictief)"))
        db.flush()
        plan = ops.voer_planning_uit(db, ronde_id=ids["ronde"])
    assert plan.status == "onhaalbaar"
    assert "ODMH: 0 beschikbare voorzitter zonder belangenconflict in het venster, 1 nodig." in plan.redenen


def test_new_cycle_takes_ods_valid_at_start_and_shows_mergers(app, db):
    with app.app_context():
        ronde = ops.maak_ronde(db, naam="r", start=date(2023, 1, 1), deadline=date(2024, 12, 31))
    codes = {r.od_code for r in db.exec(select(RondeOd).where(RondeOd.ronde_id == ronde.id)).all()}
    assert len(codes) == 29 and "odveluwe" not in codes
    assert {od.code for od, _ in ops.fusies_in_ronde(db, ronde)} == {"odnv", "ovij"}


def test_held_visit_keeps_its_committee_when_replanning(app, db):
    with app.app_context():
        ids = maak_planningvoorbeeld(db)
        rod = db.exec(select(RondeOd).where(RondeOd.od_code == "odmh")).one()
        rod.gehouden = True
        ronde = db.get(VisitatieRonde, ids["ronde"])
        opgave = ops.opgave_voor_ronde(db, ronde, herplan=True, zonder=ids["visiteur"])
    odmh = next(v for v in opgave.ods if v.od == "odmh")
    assert odmh.vaste_dag == date(2025, 2, 4)
    assert ("voorzitter", str(ids["visiteur"])) in odmh.vaste_leden  # held: history stays
    assert odmh.gehouden
    weg = next(p for p in opgave.personen if p.id == str(ids["visiteur"]))
    assert not weg.inzetbaar  # known (for the held visit), never planned again


def test_demo_plans_both_cycles_without_violations(app, db):
    with app.app_context():
        regel = stap_planning(db)
        db.commit()
    assert "onhaalbaar" not in regel
    rondes = {r.naam: r for r in db.exec(select(VisitatieRonde)).all()}
    assert len(ops.ronde_ods(db, rondes["2022-2024"].id)) == 29
    assert len(ops.ronde_ods(db, rondes["2025-2026"].id)) == 28
    eerste = ops.geaccepteerd_plan(db, rondes["2022-2024"].id)
    dagen = {t.od_code: t.eerste_dag for t in ops.toewijzingen(db, eerste.id)}
    assert dagen["omwb"] == date(2023, 10, 10) and dagen["ozhz"] == date(2023, 10, 31)
    assert date(2024, 3, 1) <= dagen["odru"] <= date(2024, 3, 31)
    assert dagen["odnv"] <= date(2023, 12, 31)
    assert ops.schendingen(db, eerste) == []
    tweede = db.exec(select(RondeOd).where(RondeOd.ronde_id == rondes["2025-2026"].id)).all()
    # on the demo's day (the clock of every test) the running cycle is partly held
    assert 0 < sum(r.gehouden for r in tweede) < len(tweede)
    assert all("(fictief)" in v.naam for v in db.exec(select(Visiteur)).all())
    assert len(db.exec(select(Plan).where(Plan.status == "geaccepteerd")).all()) == 2


def test_plan_status_only_moves_along_allowed_transitions():
    import pytest

    from visitatie.errors import DomeinFout

    plan = Plan(ronde_id=1)
    plan.naar("geaccepteerd")
    with pytest.raises(DomeinFout):
        plan.naar("concept")
    plan.naar("vervangen")
    assert plan.status == "vervangen"
