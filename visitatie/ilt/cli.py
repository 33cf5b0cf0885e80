"""`vth ilt ...`: import and export a study's findings from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import Session

from visitatie.ilt import operations as ops
from visitatie.ilt.bestand import lees_bevindingen, naar_csv, naar_xlsx
from visitatie.ilt.models import IltStudie
from visitatie.importeren import ImportFout


@click.group("ilt", cls=AppGroup, help="ILT-studies: bevindingen importeren en exporteren.")
def ilt_group() -> None:
    pass


def _studie(db: Session, studie_id: int) -> IltStudie:
    studie = db.get(IltStudie, studie_id)
    if studie is None:
        raise click.ClickException(f"Studie {studie_id} bestaat niet.")
    return studie


@ilt_group.command("import", help="Lees bevindingen uit BESTAND (.xlsx of .csv): alles of niets.")
@click.argument("studie_id", type=int)
@click.argument("bestand", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def ilt_import(studie_id: int, bestand: Path) -> None:
    with Session(current_app.extensions["vth_engine"], expire_on_commit=False) as db:
        studie = _studie(db, studie_id)
        try:
            regels = lees_bevindingen(bestand, bestandsnaam=bestand.name, tax=ops.TAXONOMIE(),
                                      od_codes=ops.od_codes(db), provincie_codes=ops.provincie_codes(db))
        except ImportFout as fout:
            raise click.ClickException(
                f"Niets geïmporteerd; {len(fout.meldingen)} fout(en):\n{fout}") from fout
        telling = ops.importeer_bevindingen(db, studie=studie, regels=regels)
        db.commit()
    click.echo(f"{telling['nieuw']} nieuw, {telling['bijgewerkt']} bijgewerkt, "
               f"{telling['ongewijzigd']} ongewijzigd.")


@ilt_group.command("export", help="Schrijf de bevindingen naar BESTAND (.xlsx of .csv).")
@click.argument("studie_id", type=int)
@click.argument("bestand", type=click.Path(dir_okay=False, path_type=Path))
def ilt_export(studie_id: int, bestand: Path) -> None:
    with Session(current_app.extensions["vth_engine"]) as db:
        studie = _studie(db, studie_id)
        regels = ops.regels_van(db, studie)
        if bestand.suffix.lower() == ".xlsx":
            bestand.write_bytes(naar_xlsx(regels, titel=studie.titel, tax=ops.TAXONOMIE(),
                                          registercodes=ops.registercodes(db)))
        elif bestand.suffix.lower() == ".csv":
            bestand.write_bytes(naar_csv(regels))
        else:
            raise click.ClickException("Kies een bestandsnaam die eindigt op .xlsx of .csv.")
    click.echo(f"{len(regels)} bevinding(en) geschreven naar {bestand}.")
