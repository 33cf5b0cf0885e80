from datetime import date

from sqlmodel import select

from tests.planning_data import maak_planningvoorbeeld
from visitatie.planning import operations as ops
from visitatie.planning.demo import stap_planning
from visitatie.planning.models import Band, Plan, Visiteur
from visitatie.planning.naar_visitaties import volg_plan
from visitatie.rondes.models import RondeOd, VisitatieRonde
from visitatie.visitaties.models import Visitatie


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
        volg_plan(db, db.get(Plan, ids["plan"]))
        held = db.exec(select(Visitatie).where(Visitatie.od_code == "odmh")).one()
        held.status = "bezoek_afgerond"  # the visit took place: the one fact of "held"
        db.add(held)
        db.flush()
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
    # proven optimal, not cut off by the wall clock: the demo is the same on any machine load
    assert {ops.geaccepteerd_plan(db, r.id).solver_status for r in rondes.values()} == {"optimaal"}
    assert len(ops.ronde_ods(db, rondes["2022-2024"].id)) == 29
    assert len(ops.ronde_ods(db, rondes["2025-2026"].id)) == 28
    eerste = ops.geaccepteerd_plan(db, rondes["2022-2024"].id)
    dagen = {t.od_code: t.eerste_dag for t in ops.toewijzingen(db, eerste.id)}
    assert dagen["omwb"] == date(2023, 10, 10) and dagen["ozhz"] == date(2023, 10, 31)
    assert date(2024, 3, 1) <= dagen["odru"] <= date(2024, 3, 31)
    assert dagen["odnv"] <= date(2023, 12, 31)
    assert ops.schendingen(db, eerste) == []
    # the ODs merging on 1-1-2026 are visited before their merger, none after its end
    fusies = {od.code for od, _ in ops.fusies_in_ronde(db, rondes["2025-2026"])}
    assert fusies == {"odru", "rud-utrecht", "odra", "odrn"}
    plan2 = ops.geaccepteerd_plan(db, rondes["2025-2026"].id)
    dagen2 = {t.od_code: t.tweede_dag for t in ops.toewijzingen(db, plan2.id)}
    assert all(dagen2[code] <= date(2025, 12, 31) for code in fusies)
    assert ops.schendingen(db, plan2) == []
    assert ops.bezoeken_na_opheffing(db, ops.ronde_ods(db, plan2.ronde_id),
                                     {c: (d, d) for c, d in dagen2.items()}) == []
    # accepting made the visitations; their status (moved on by the visitation demo) says held
    assert len(db.exec(select(Visitatie).where(Visitatie.ronde_id == rondes["2025-2026"].id)).all()) == 28
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


def _utrecht_ronde(db):
    """A 2025-2026 cycle with ODRU (merging into Omgevingsdienst Utrecht on 1-1-2026)."""
    return ops.maak_ronde(db, naam="utrecht", start=date(2025, 1, 6), deadline=date(2026, 12, 18),
                          od_codes=["odru", "odmh"], commissie="voorzitter=1,peer=1")


def test_the_planner_never_plans_an_od_after_its_end_in_the_register(app, db):
    with app.app_context():
        ronde = _utrecht_ronde(db)
        vraag = {v.od: v for v in ops.opgave_voor_ronde(db, ronde).ods}
    assert vraag["odru"].venster_tot == date(2025, 12, 31)  # ODRU ends; the cycle runs on
    assert vraag["odmh"].venster_tot == date(2026, 12, 18)


def test_a_visit_planned_after_a_merger_is_flagged_with_the_successor(app, db, client, login):
    with app.app_context():
        ronde = _utrecht_ronde(db)
        ods = ops.ronde_ods(db, ronde.id)
        na = ops.bezoeken_na_opheffing(db, ods, {"odru": (date(2026, 3, 3), date(2026, 3, 4)),
                                                 "odmh": (date(2026, 3, 10), date(2026, 3, 11))})
        voor = ops.bezoeken_na_opheffing(db, ods, {"odru": (date(2025, 12, 30), date(2025, 12, 31))})
        plan = Plan(ronde_id=ronde.id, status="geaccepteerd", solver_status="optimaal", doel="{}")
        db.add(plan)
        db.flush()
        persoon = Visiteur(naam="Vera Voorzitter (fictief)", rollen="voorzitter", organisatie="extern")
        db.add(persoon)
        db.flush()
        from visitatie.planning.models import PlanToewijzing
        db.add(PlanToewijzing(plan_id=plan.id, od_code="odru", eerste_dag=date(2026, 3, 3),
                              tweede_dag=date(2026, 3, 4), rol="voorzitter", visiteur_id=persoon.id,
                              uitleg="test"))
        volg_plan(db, plan)  # the accepted plan's visitation: the one path from plan to visit
        db.commit()
        ronde_id = ronde.id
    assert [(od.code, dag, opvolger.code) for od, dag, opvolger in na] == [("odru", date(2026, 3, 3), "odu")]
    assert voor == []
    assert any(s.regel == "venster van de OD" and s.od == "odru" for s in ops.schendingen(db, plan))
    login("coordinator")
    pagina = client.get(f"/planning/rondes/{ronde_id}").get_data(as_text=True)
    assert "Omgevingsdienst regio Utrecht staat gepland op 3 maart 2026" in pagina
    assert "Voorstel: bezoek Omgevingsdienst Utrecht, de opvolger per 1 januari 2026" in pagina


def test_opvolger_follows_merger_after_merger(app, db):
    from visitatie.register.models import Omgevingsdienst

    odru = db.get(Omgevingsdienst, "odru")
    assert ops.opvolger_op(db, odru, date(2026, 6, 1)).code == "odu"
    assert ops.opvolger_op(db, db.get(Omgevingsdienst, "odu"), date(2026, 6, 1)) is None
