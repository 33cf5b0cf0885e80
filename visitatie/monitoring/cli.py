"""`vth monitoring ...`: load the definitions, import observations from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import Session

from visitatie.errors import DomeinFout
from visitatie.importeren import ImportFout


def _session() -> Session:
    return Session(current_app.extensions["vth_engine"], expire_on_commit=False)


# An AppGroup, so its commands also run inside the app context under the test CLI runner.
@click.group("monitoring", cls=AppGroup, help="Monitoringgegevens: definities en waarnemingen.")
def monitoring_group() -> None:
    pass


@monitoring_group.command("load", help="Laad robuustheidscriteria en indicatordefinities (idempotent).")
def load() -> None:
    from visitatie.monitoring.operations import laad_definities

    with _session() as db:
        try:
            tellingen = laad_definities(db)
        except ImportFout as fout:
            raise click.ClickException(f"Niets geladen:\n{fout}") from fout
        db.commit()
    for soort, t in tellingen.items():
        click.echo(f"{soort:22} {t['nieuw']:3} nieuw  {t['gewijzigd']:3} gewijzigd")


@monitoring_group.command("import", help="Importeer waarnemingen uit een CSV- of XLSX-bestand.")
@click.argument("bestand", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corrigeren", is_flag=True, help="Bestaande waarnemingen zijn correcties.")
@click.option("--reden", default="", help="Reden van de correcties (verplicht met --corrigeren).")
@click.option("--door", default="cli", show_default=True, help="Wie importeert (voor de geschiedenis).")
def importeer(bestand: Path, corrigeren: bool, reden: str, door: str) -> None:
    from visitatie.monitoring.operations import importeer_waarnemingen

    with _session() as db:
        try:
            verslag = importeer_waarnemingen(db, path=bestand, bestandsnaam=bestand.name, door=door,
                                             corrigeren=corrigeren, reden=reden)
        except ImportFout as fout:
            db.rollback()
            raise click.ClickException(
                f"Niets opgeslagen; {len(fout.meldingen)} fout(en):\n{fout}") from fout
        except DomeinFout as fout:
            raise click.ClickException(fout.boodschap) from fout
        db.commit()
    click.echo(f"{verslag.aantal_rijen} rijen: {verslag.aantal_nieuw} nieuw, "
               f"{verslag.aantal_gecorrigeerd} gecorrigeerd.")
