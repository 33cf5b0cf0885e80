"""`vth raad build`: every council summary of an edition as HTML and PDF, in parallel."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import Session


@click.group("raad", cls=AppGroup, help="Samenvattingen voor gemeenteraden en Provinciale Staten.")
def raad_group() -> None:
    pass


@raad_group.command("build", help="Schrijf alle samenvattingen van een editie als HTML en PDF.")
@click.option("--editie", "--edition", "jaar", type=int, required=True)
@click.option("--uit", "--out", "uit", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--werkers", type=int, default=None,
              help="Aantal processen voor de PDF's (standaard: alle kernen).")
@click.option("--zonder-pdf", is_flag=True, help="Alleen HTML.")
def raad_build(jaar: int, uit: Path, werkers: int | None, zonder_pdf: bool) -> None:
    import time

    from visitatie.raad.batch import BouwVerslag, bouw_html, bouw_pdfs, standaard_werkers
    from visitatie.raad.operations import editie_met_jaar

    verslag = BouwVerslag(uit)
    with Session(current_app.extensions["vth_engine"]) as db:
        editie = editie_met_jaar(db, jaar)
        if editie is None:
            raise click.ClickException(f"Er is geen editie {jaar}.")
        click.echo(f"Editie {jaar} ({editie.status}, peildatum {editie.peildatum}): HTML ...")
        begin = time.perf_counter()
        documenten = bouw_html(db, editie, uit, verslag)
        verslag.tijden["html"] = time.perf_counter() - begin
    if not zonder_pdf:
        werkers = werkers or standaard_werkers()
        begin = time.perf_counter()
        with click.progressbar(length=len(documenten), label=f"PDF ({werkers} processen)",
                               show_pos=True) as balk:
            verslag.pdfs = bouw_pdfs(documenten, uit, werkers=werkers,
                                     voortgang=lambda _i, _n, _code: balk.update(1))
        verslag.tijden["pdf"] = time.perf_counter() - begin
    click.echo(f"{verslag.aantal} samenvattingen, {verslag.pdfs} PDF's in {uit}")
    for stap, seconden in verslag.tijden.items():
        click.echo(f"  {stap:5} {seconden:6.1f} s")
    if verslag.leesbaarheid:
        click.echo(f"Leesbaarheid: {len(verslag.leesbaarheid)} blok(ken) halen de norm niet:")
        for code, sleutel, reden in verslag.leesbaarheid:
            click.echo(f"  {code} {sleutel}: {reden}")
    else:
        click.echo("Leesbaarheid: alle blokken halen de norm (B1).")
