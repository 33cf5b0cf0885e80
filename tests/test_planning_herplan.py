"""Re-planning on the demo: held visits are fixed facts (issue 16)."""

from datetime import date

from sqlmodel import Session

from tests.conftest import make_test_app
from visitatie.planning import operations as ops
from visitatie.visitaties.stand import gehouden_ods


def test_replanning_after_a_member_of_a_held_visit_drops_out(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        ronde = ops.ronde_op_naam(db, "2025-2026")
        plan = ops.geaccepteerd_plan(db, ronde.id)
        gehouden = set(gehouden_ods(db, ronde.id))
        regels = ops.toewijzingen(db, plan.id)
        lid = next(t for t in regels if t.od_code in gehouden and t.rol == "peer")
        nieuw = ops.voer_planning_uit(db, ronde_id=ronde.id, herplan=True, zonder=lid.visiteur_id,
                                      tijdslimiet=20)
        assert nieuw.status == "concept", nieuw.redenen
        oud = {(t.od_code, t.rol, t.visiteur_id, t.eerste_dag) for t in regels if t.od_code in gehouden}
        na = {(t.od_code, t.rol, t.visiteur_id, t.eerste_dag) for t in ops.toewijzingen(db, nieuw.id)
              if t.od_code in gehouden}
        assert oud == na  # held visits are facts: same day, same committee (the dropped one too)
        assert lid.visiteur_id not in {t.visiteur_id for t in ops.toewijzingen(db, nieuw.id)
                                       if t.od_code not in gehouden}
        assert ops.schendingen(db, nieuw) == []
        # the rest of a running cycle is never planned in the past
        assert all(t.eerste_dag >= date(2026, 9, 15) for t in ops.toewijzingen(db, nieuw.id)
                   if t.od_code not in gehouden)
        ops.accepteer_plan(db, plan_id=nieuw.id)
        db.commit()
    uit = app.test_cli_runner().invoke(args=["plan", "check", "--ronde", "2025-2026"])
    assert uit.exit_code == 0 and "0 overtreding(en)" in uit.output, uit.output
