"""Small planning objects for page tests and the access matrix (no solving: fast)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from visitatie.planning import operations as ops
from visitatie.planning.models import Plan, PlanToewijzing, Visiteur


def maak_planningvoorbeeld(db: Session) -> dict[str, int]:
    """Cycle 'test-ronde' (ODMH and OZHZ), four persons, an accepted plan with one visit."""
    ronde = ops.maak_ronde(db, naam="test-ronde", start=date(2025, 1, 6), deadline=date(2025, 6, 30),
                           od_codes=["odmh", "ozhz"], commissie="voorzitter=1,peer=1")
    personen = [Visiteur(naam="Vera Voorzitter (fictief)", rollen="voorzitter", organisatie="extern"),
                Visiteur(naam="Pim Peer (fictief)", rollen="peer", od_code="dcmr"),
                Visiteur(naam="Wil Voorzitter (fictief)", rollen="voorzitter", organisatie="extern"),
                Visiteur(naam="Olga Peer (fictief)", rollen="peer", od_code="odwh")]
    for p in personen:
        db.add(p)
    db.flush()
    plan = Plan(ronde_id=ronde.id, status="geaccepteerd", solver_status="optimaal", doel="{}")
    db.add(plan)
    db.flush()
    for od, dag, leden in (("odmh", date(2025, 2, 4), (personen[0], personen[1])),
                           ("ozhz", date(2025, 3, 11), (personen[2], personen[3]))):
        for p in leden:
            db.add(PlanToewijzing(plan_id=plan.id, od_code=od, eerste_dag=dag,
                                  tweede_dag=date(dag.year, dag.month, dag.day + 1),
                                  rol=p.rollen, visiteur_id=p.id, uitleg="test"))
    db.flush()
    return {"ronde": ronde.id, "plan": plan.id, "visiteur": personen[0].id}


def markeer_gehouden(db: Session, plan_id: int, od_code: str) -> None:
    """The visit of `od_code` took place: the plan's visitation moves to a held status (the one
    fact of "held", visitatie/visitaties/stand.py)."""
    from sqlmodel import select

    from visitatie.planning.naar_visitaties import volg_plan
    from visitatie.visitaties.models import Visitatie

    volg_plan(db, db.get(Plan, plan_id))
    visitatie = db.exec(select(Visitatie).where(Visitatie.od_code == od_code)).one()
    visitatie.status = "bezoek_afgerond"
    db.add(visitatie)
    db.flush()
