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
    from contextlib import ExitStack

    from visitatie.publicatie.bouwen import bouwcache, raadsbron
    from visitatie.publicatie.operations import editie_van
    from visitatie.raad.batch import bouw_alles, standaard_werkers

    werkers = werkers or standaard_werkers()
    with Session(current_app.extensions["vth_engine"]) as db, ExitStack() as balken:
        editie = editie_van(db, jaar)
        if editie is None:
            raise click.ClickException(f"Er is geen editie {jaar}.")
        click.echo(f"Editie {jaar} ({editie.status}, peildatum {editie.peildatum}): HTML en "
                   + ("geen PDF's" if zonder_pdf else f"PDF's ({werkers} processen) ..."))
        balk = []

        def voortgang(_i: int, totaal: int, _code: str) -> None:
            if not balk:  # the total is known once the first PDF is done
                balk.append(balken.enter_context(click.progressbar(length=totaal, label="PDF",
                                                                   show_pos=True)))
            balk[0].update(1)

        bron = raadsbron(db, editie)
        verslag = bouw_alles(bron, uit, werkers=werkers, pdf=not zonder_pdf, voortgang=voortgang,
                             cache=bouwcache())
    click.echo(f"{verslag.aantal} samenvattingen, {verslag.pdfs} PDF's in {uit} "
               f"({verslag.gerenderd} opnieuw opgemaakt, de rest uit de bouwcache)")
    for stap, seconden in verslag.tijden.items():
        click.echo(f"  {stap:6} {seconden:6.1f} s")
    if verslag.leesbaarheid:
        click.echo(f"Leesbaarheid: {len(verslag.leesbaarheid)} blok(ken) halen de norm niet:")
        for code, sleutel, reden in verslag.leesbaarheid:
            click.echo(f"  {code} {sleutel}: {reden}")
    else:
        click.echo("Leesbaarheid: alle blokken halen de norm (B1).")
