"""`vth plan ...`: solve, check and import the visitor pool from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import Session

from visitatie.importeren import ImportFout


def _session() -> Session:
    return Session(current_app.extensions["vth_engine"], expire_on_commit=False)


def _ronde(db: Session, naam: str):
    from visitatie.planning.operations import ronde_op_naam

    ronde = ronde_op_naam(db, naam)
    if ronde is None:
        raise click.ClickException(f"Onbekende ronde '{naam}'.")
    return ronde


@click.group("plan", cls=AppGroup, help="Visitatieplanning: plannen berekenen en controleren.")
def plan_group() -> None:
    pass


@plan_group.command("solve", help="Bereken een plan voor een ronde (als concept opgeslagen).")
@click.option("--ronde", "naam", required=True, help="Naam van de ronde, bijv. 2025-2026")
@click.option("--seed", default=0, show_default=True)
@click.option("--time-limit", "tijdslimiet", default=30.0, show_default=True, help="seconden")
@click.option("--workers", default=1, show_default=True, help="meer is sneller, niet reproduceerbaar")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="schrijf het plan ook als JSON")
def plan_solve(naam: str, seed: int, tijdslimiet: float, workers: int, out: Path | None) -> None:
    from visitatie.planning import operations as ops

    with _session() as db:
        ronde = _ronde(db, naam)
        plan = ops.voer_planning_uit(
            db, ronde_id=ronde.id, seed=seed, tijdslimiet=tijdslimiet, workers=workers,
            voortgang=lambda p, t: click.echo(f"[{p:3}%] {t}", err=True))
        db.commit()
        regels = ops.toewijzingen(db, plan.id)
    if plan.status == "onhaalbaar":
        click.echo("Geen plan mogelijk:\n" + plan.redenen)
    else:
        click.echo(f"Plan {plan.id} ({plan.solver_status}, {plan.seconden:.1f} s): "
                   f"{len({t.od_code for t in regels})} bezoeken. Doelen: {plan.doel}")
    if out:
        out.write_text(json.dumps({
            "ronde": naam, "plan": plan.id, "status": plan.status, "solver_status": plan.solver_status,
            "redenen": plan.redenen.splitlines(), "doel": json.loads(plan.doel or "{}"),
            "toewijzingen": [{"od": t.od_code, "eerste_dag": t.eerste_dag.isoformat(),
                              "tweede_dag": t.tweede_dag.isoformat(), "rol": t.rol,
                              "visiteur": t.visiteur_id, "uitleg": t.uitleg} for t in regels],
        }, ensure_ascii=False, indent=2), encoding="utf-8")
    if plan.status == "onhaalbaar":
        raise SystemExit(1)


@plan_group.command("check", help="Controleer het geaccepteerde plan van een ronde op alle harde regels "
                                   "(ook de spreiding per kwartaal en de schoolvakanties).")
@click.option("--ronde", "naam", required=True)
def plan_check(naam: str) -> None:
    from visitatie.planning import operations as ops

    with _session() as db:
        ronde = _ronde(db, naam)
        plan = ops.geaccepteerd_plan(db, ronde.id)
        if plan is None:
            raise click.ClickException(f"Ronde '{naam}' heeft nog geen geaccepteerd plan.")
        fouten = ops.schendingen(db, plan)
        signalen = ops.signalen_van_plan(db, plan)
    for fout in fouten:
        click.echo(str(fout))
    for signaal in signalen:  # facts no plan can change: reported, not counted as violations
        click.echo(f"Let op, gehouden bezoek: {signaal.tekst}")
    click.echo(f"Plan {plan.id}: {len(fouten)} overtreding(en)"
               + (f", {len(signalen)} gehouden bezoek(en) met een later gemeld belangenconflict." if signalen
                  else "."))
    if fouten:
        raise SystemExit(1)


@plan_group.command("import-pool", help="Importeer de visiteurspool uit CSV of XLSX (alles of niets).")
@click.argument("bestand", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def plan_import_pool(bestand: Path) -> None:
    from visitatie.planning.operations import importeer_pool

    with _session() as db:
        try:
            tellingen = importeer_pool(db, pad=bestand)
        except ImportFout as fout:
            db.rollback()
            raise click.ClickException(
                f"Niets geïmporteerd; {len(fout.meldingen)} fout(en):\n{fout}") from fout
        db.commit()
    click.echo(f"{tellingen['nieuw']} nieuw, {tellingen['gewijzigd']} gewijzigd.")
