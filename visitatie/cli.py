"""The `vth` command group: database, reference data, users, demo (plus Flask's run/shell)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from sqlmodel import Session, delete, select

from visitatie import db as database
from visitatie.config import PROJECT_ROOT
from visitatie.errors import DomeinFout
from visitatie.importeren import ImportFout


def main() -> None:
    from visitatie import create_app

    FlaskGroup(create_app=create_app, help="Staat van VTH: beheeropdrachten.")()


def _session() -> Session:
    return Session(current_app.extensions["vth_engine"], expire_on_commit=False)


def _url() -> str:
    return current_app.extensions["vth_engine"].url.render_as_string(hide_password=False)


def register_commands(app: Flask) -> None:
    for group in (db_group, data_group, users_group):
        app.cli.add_command(group)
    app.cli.add_command(demo_command)
    from visitatie.visitaties.cli import reminders_group

    app.cli.add_command(reminders_group)


@click.group("db", help="Database en migraties.")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Breng de database naar de nieuwste migratie.")
@click.option("--revisie", default="head", show_default=True)
def db_upgrade(revisie: str) -> None:
    database.upgrade(_url(), revisie)
    click.echo(f"Database bijgewerkt tot {database.current_revision(current_app.extensions['vth_engine'])}.")


@db_group.command("current", help="Toon de huidige migratie.")
def db_current() -> None:
    engine = current_app.extensions["vth_engine"]
    click.echo(f"huidig: {database.current_revision(engine)}  nieuwste: {database.head_revision()}")


@db_group.command("revision", help="Maak een nieuwe migratie (autogenerate) voor ontwikkelaars.")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    from alembic import command

    command.revision(database.alembic_config(_url()), message=message, autogenerate=True)


@click.group("data", help="Referentiedata (provincies, gemeenten, OD's, deelnames).")
def data_group() -> None:
    pass


@data_group.command("load", help="Laad data/*.csv: alles of niets, idempotent.")
@click.option("--map", "map_", type=click.Path(file_okay=False, path_type=Path),
              default=PROJECT_ROOT / "data", show_default=True)
def data_load(map_: Path) -> None:
    from visitatie.register.operations import laad_referentie

    with _session() as db:
        try:
            tellingen = laad_referentie(db, map_=map_)
        except ImportFout as fout:
            db.rollback()
            raise click.ClickException(
                f"Niets geladen; {len(fout.meldingen)} fout(en):\n{fout}") from fout
        db.commit()
    for soort, telling in tellingen.items():
        click.echo(f"{soort:18} {telling['nieuw']:4} nieuw  {telling['gewijzigd']:4} gewijzigd  "
                   f"{telling['verwijderd']:4} verwijderd")


@click.group("users", help="Accounts.")
def users_group() -> None:
    pass


@users_group.command("create", help="Maak een account aan.")
@click.option("--email", required=True)
@click.option("--rol", required=True)
@click.option("--od", "od_code", default=None, help="OD-code, verplicht voor od_medewerker")
@click.option("--naam", default="")
@click.password_option("--wachtwoord", prompt="Wachtwoord", envvar="VTH_NEW_PASSWORD")
def users_create(email: str, rol: str, od_code: str | None, naam: str, wachtwoord: str) -> None:
    from visitatie.auth.operations import maak_gebruiker

    with _session() as db:
        try:
            gebruiker = maak_gebruiker(db, email=email, rol=rol, od_code=od_code, naam=naam,
                                       wachtwoord=wachtwoord)
        except DomeinFout as fout:
            raise click.ClickException(fout.boodschap) from fout
        db.commit()
        click.echo(f"Account {gebruiker.email} ({gebruiker.rol}) aangemaakt.")


@users_group.command("delete-demo", help="Verwijder alle demo-accounts.")
def users_delete_demo() -> None:
    from visitatie.audit.operations import log
    from visitatie.auth.models import Gebruiker

    with _session() as db:
        demo = db.exec(select(Gebruiker).where(Gebruiker.is_demo.is_(True))).all()
        for gebruiker in demo:
            log(db, actie="gebruiker.verwijderen", object_type="gebruiker",
                object_id=gebruiker.id, voor=gebruiker)
        db.exec(delete(Gebruiker).where(Gebruiker.is_demo.is_(True)))
        db.commit()
    click.echo(f"{len(demo)} demo-account(s) verwijderd.")


@click.command("demo", help="Laad de demo: referentiedata en een demo-account per rol.")
@click.option("--als-leeg", is_flag=True, help="Alleen als er nog geen accounts zijn.")
def demo_command(als_leeg: bool) -> None:
    from visitatie.demo import database_is_leeg, demo_accounts_tekst, laad_demo

    with _session() as db:
        if als_leeg and not database_is_leeg(db):
            click.echo("De database bevat al gegevens; demo niet opnieuw geladen.")
        else:
            for regel in laad_demo(db):
                click.echo(regel)
            db.commit()
    click.echo(demo_accounts_tekst())
