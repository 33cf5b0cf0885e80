"""The `vth` command group: database, reference data, users, demo (plus Flask's run/shell)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext
from sqlmodel import Session

from visitatie import db as database
from visitatie.bronnen import REFERENTIEDATA
from visitatie.errors import DomeinFout
from visitatie.importeren import ImportFout

# The command that repairs a database the production profile refuses (demo accounts in it)
# must itself start in that profile.
HERSTELOPDRACHT = ["users", "disable-demo"]


def main() -> None:
    import sys

    from visitatie.app import create_app

    herstel = sys.argv[1:3] == HERSTELOPDRACHT
    FlaskGroup(create_app=lambda: create_app(weiger_demo_accounts=not herstel),
               help="Staat van VTH: beheeropdrachten.")()


def _session() -> Session:
    return Session(current_app.extensions["vth_engine"], expire_on_commit=False)


def _url() -> str:
    return current_app.extensions["vth_engine"].url.render_as_string(hide_password=False)


def register_commands(app: Flask) -> None:
    from visitatie.ilt.cli import ilt_group
    from visitatie.planning.cli import plan_group

    for group in (db_group, data_group, users_group, taken_group, staat_group, ilt_group,
                  plan_group):
        app.cli.add_command(group)
    app.cli.add_command(demo_command)
    for command in (worker_command, backup_command, restore_command):
        app.cli.add_command(command)
    from visitatie.monitoring.cli import monitoring_group
    from visitatie.raad.cli import raad_group

    app.cli.add_command(monitoring_group)
    from visitatie.visitaties.cli import reminders_group

    app.cli.add_command(reminders_group)
    app.cli.add_command(raad_group)


@click.group("db", cls=AppGroup, help="Database en migraties.")
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


@click.group("data", cls=AppGroup, help="Referentiedata (provincies, gemeenten, OD's, deelnames).")
def data_group() -> None:
    pass


@data_group.command("load", help="Laad de referentiedata (standaard visitatie/data/*.csv): "
                                  "alles of niets, idempotent.")
@click.option("--map", "map_", type=click.Path(file_okay=False, path_type=Path),
              default=REFERENTIEDATA, show_default=True)
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


@click.group("users", cls=AppGroup, help="Accounts.")
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


@users_group.command("disable-demo", help="Blokkeer alle demo-accounts (wachtwoord onbruikbaar).")
def users_disable_demo() -> None:
    from visitatie.auth.operations import blokkeer_demo

    with _session() as db:
        aantal = blokkeer_demo(db)
        db.commit()
    click.echo(f"{aantal} demo-account(s) geblokkeerd.")


@click.command("demo", help="Laad de demo: referentiedata en een demo-account per rol.")
@with_appcontext
@click.option("--als-leeg", is_flag=True, help="Alleen als er nog geen accounts zijn.")
@click.option("--vandaag", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="De dag die de demo beschrijft (JJJJ-MM-DD); standaard 15 september 2026.")
def demo_command(als_leeg: bool, vandaag) -> None:
    from visitatie.demo import database_is_leeg, demo_accounts_tekst, laad_demo
    from visitatie.demodag import DEMODAG

    with _session() as db:
        if als_leeg and not database_is_leeg(db):
            click.echo("De database bevat al gegevens; demo niet opnieuw geladen.")
        else:
            for regel in laad_demo(db, vandaag=vandaag.date() if vandaag else DEMODAG):
                click.echo(regel)
            db.commit()
    click.echo(demo_accounts_tekst())


@click.command("worker", help="Voer lange taken uit van de Redis-wachtrij (VTH_REDIS_URL).")
@click.option("--burst", is_flag=True, help="Stop zodra de wachtrij leeg is.")
@with_appcontext
def worker_command(burst: bool) -> None:
    from rq import Worker

    from visitatie.taken.runner import ruim_verweesde_taken_op, wachtrij

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Zet VTH_REDIS_URL: zonder Redis lopen taken in het webproces.")
    with _session() as db:
        opgeruimd = ruim_verweesde_taken_op(db, current_app)
        db.commit()
    if opgeruimd:
        click.echo(f"{opgeruimd} taak/taken van een gestopt proces als mislukt gemarkeerd.")
    queue = wachtrij(current_app)
    Worker([queue], connection=queue.connection).work(burst=burst)


@click.group("taken", cls=AppGroup, help="Lange taken.")
def taken_group() -> None:
    pass


@taken_group.command("opruimen", help="Markeer taken van gestopte workers of processen als mislukt.")
def taken_opruimen() -> None:
    from visitatie.taken.runner import ruim_taken_van_dode_processen_op, ruim_verweesde_taken_op

    with _session() as db:
        if current_app.config.get("REDIS_URL"):
            aantal = ruim_verweesde_taken_op(db, current_app)
        else:
            aantal = ruim_taken_van_dode_processen_op(db)
        db.commit()
    click.echo(f"{aantal} taak/taken als mislukt gemarkeerd.")


@click.command("backup", help="Maak een backup van database en bestanden (tar.gz).")
@click.option("--naar", "doelmap", type=click.Path(file_okay=False, path_type=Path),
              default=Path("backups"), show_default=True)
@with_appcontext
def backup_command(doelmap: Path) -> None:
    from visitatie.backup import BackupFout, maak_backup

    try:
        archief = maak_backup(current_app.extensions["vth_engine"],
                              Path(current_app.config["STORAGE_DIR"]), doelmap)
    except BackupFout as fout:
        raise click.ClickException(str(fout)) from fout
    click.echo(f"Backup geschreven: {archief}")
    if current_app.config.get("STORAGE_URL"):
        click.echo(f"Let op: de bestanden staan in de objectopslag {current_app.config['STORAGE_URL']} "
                   "en zitten niet in deze backup; bewaar ze met versiebeheer of een kopie van de bucket.")


@click.command("restore", help="Zet een backup terug in een lege database.")
@click.argument("archief", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(archief: Path) -> None:
    from visitatie.backup import BackupFout, herstel_backup

    try:
        manifest = herstel_backup(current_app.extensions["vth_engine"],
                                  Path(current_app.config["STORAGE_DIR"]), archief)
    except BackupFout as fout:
        raise click.ClickException(str(fout)) from fout
    click.echo(f"Hersteld: backup van {manifest['gemaakt']} (revisie {manifest['revisie']}).")


@click.group("staat", cls=AppGroup, help="De Staat van VTH.")
def staat_group() -> None:
    pass


@staat_group.command("build", help="Bouw een editie: snapshot, HTML, PDF, DOCX en open data, met de "
                                   "teksten van de redactie. Zonder --uit in de app-opslag, als de "
                                   "bouwtaak in de app. 'vth staat bouwen' is hetzelfde commando.")
@click.option("--editie", "--edition", "jaar", type=int, required=True)
@click.option("--uit", "--out", "uit", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Bouw in deze map (anders: in de app-opslag, als de bouwtaak in de app).")
@click.option("--snapshot", "snapshot_map", type=click.Path(file_okay=False, path_type=Path),
              help="Bouw uit deze snapshot (anders: een nieuwe uit de database, in UIT/snapshot).")
@click.option("--peildatum", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Alleen zonder editie in de app; standaard 1 juni van het editiejaar.")
@click.option("--publiceren", is_flag=True, help="Na het bouwen vaststellen en publiceren (app-opslag).")
def staat_build(jaar: int, uit: Path | None, snapshot_map: Path | None, peildatum,
                publiceren: bool) -> None:
    from visitatie.publicatie import operations

    with _session() as db:
        editie = operations.editie_van(db, jaar)
        _weiger_genegeerde_opties(editie, uit, snapshot_map, peildatum)
        if uit is None:
            if editie is None:
                raise click.ClickException(f"Er is geen editie {jaar} in de app; maak haar in de app "
                                           "of met 'vth demo', of bouw met --uit in een eigen map.")
            _bouw_in_opslag(db, editie, publiceren)
        elif publiceren:
            raise click.ClickException("--publiceren kan alleen bij een bouw in de app-opslag "
                                       "(zonder --uit).")
        else:
            _bouw_in_map(db, editie, jaar, uit, snapshot_map, peildatum)


@staat_group.command("bouwcache-opruimen", help="Verwijder uit de bouwcache van deze host wat "
                                                "langer dan DAGEN niet is gebruikt (standaard 30).")
@click.option("--dagen", type=click.IntRange(1, 3650), default=30, show_default=True,
              help="Ten minste 1: een bouw die nu loopt schrijft zijn bestanden net.")
def staat_bouwcache_opruimen(dagen: int) -> None:
    from staat_van_vth.bouwcache import ruim_op
    from visitatie import taal
    from visitatie.publicatie.bouwen import bouwcache
    from visitatie.timeutil import wandklok

    map_ = bouwcache()
    opgeruimd = ruim_op(map_, ongebruikt_sinds=wandklok() - dagen * 86400)
    megabytes = taal.getal(round(opgeruimd.bytes / 1_000_000, 1))
    click.echo(f"{taal.aantal(opgeruimd.bestanden, 'bestand', 'bestanden')} ({megabytes} MB) "
               f"verwijderd uit de bouwcache {map_}: niet gebruikt in de laatste "
               f"{taal.aantal(dagen, 'dag', 'dagen')}.")


def _weiger_genegeerde_opties(editie, uit: Path | None, snapshot_map: Path | None, peildatum) -> None:
    """An option the build would ignore is refused, not silently dropped."""
    if uit is None and (snapshot_map or peildatum):
        raise click.ClickException("--snapshot en --peildatum gelden alleen bij een bouw met --uit.")
    if editie is not None and peildatum:
        raise click.ClickException(f"Editie {editie.jaar} staat in de app met peildatum "
                                   f"{editie.peildatum:%d-%m-%Y}; --peildatum geldt alleen zonder editie.")


def _bouw_in_map(db: Session, editie, jaar: int, uit: Path, snapshot_map: Path | None,
                 peildatum) -> None:
    """Build into a folder of one's own, with the app edition's texts and version if it has one."""
    from datetime import date

    from staat_van_vth.bouw import Editiegegevens, bouw_editie, maak_snapshot
    from staat_van_vth.snapshot import SnapshotFout, lees_snapshot
    from visitatie import opslag
    from visitatie.publicatie.bouwen import bouwcache, bouwinvoer

    invoer = (bouwinvoer(db, editie, opslag.van_app()) if editie else
              {"editie": Editiegegevens(jaar, peildatum.date() if peildatum else date(jaar, 6, 1),
                                f"{jaar - 2}-{jaar}")})
    try:
        snapshot = (lees_snapshot(snapshot_map) if snapshot_map else
                    maak_snapshot(current_app.extensions["vth_engine"], invoer["editie"],
                                  uit / "snapshot"))
    except SnapshotFout as fout:
        raise click.ClickException(str(fout)) from fout
    resultaat = bouw_editie(snapshot=snapshot, uit=uit / "editie", cache=bouwcache(),
                            voortgang=lambda p, t: click.echo(f"{p:3d}% {t}"), **invoer)
    for stap, seconden in resultaat.tijden.items():
        click.echo(f"  {stap:12} {seconden:6.2f} s")
    click.echo(f"Editie {jaar} gebouwd in {uit / 'editie'} (snapshot {snapshot.sha256[:12]}).")


def _bouw_in_opslag(db: Session, editie, publiceren: bool) -> None:
    from visitatie import opslag
    from visitatie.publicatie import bouwen, operations

    try:
        resultaat = bouwen.bouw(db, editie, opslag.van_app(),
                                lambda p, t: click.echo(f"{p:3d}% {t}"))
        if publiceren:
            for actie in ("vaststellen", "publiceren"):
                operations.wijzig_status(db, editie=editie, actie=actie, versie=editie.versie)
    except DomeinFout as fout:
        db.rollback()
        raise click.ClickException(fout.boodschap) from fout
    db.commit()
    click.echo(f"Editie {editie.jaar} gebouwd (snapshot {resultaat['snapshot_sha256'][:12]}); "
               f"status: {editie.status}.")


staat_group.add_command(staat_build, "bouwen")  # the Dutch name: an alias (README)
