"""Backups: the database (SQLite online backup, or pg_dump for PostgreSQL) plus the stored
files, in one tar.gz with a manifest of SHA-256 sums; and restoring one into an empty database."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url

from visitatie.db import current_revision
from visitatie.timeutil import utcnow


class BackupFout(RuntimeError):
    pass


def _pg_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sha256(pad: Path) -> str:
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def maak_backup(engine: Engine, opslag: Path, doelmap: Path) -> Path:
    """Write vth-backup-<time>.tar.gz to doelmap and return its path."""
    doelmap.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        werk = Path(tmp)
        db_bestand = _dump_database(engine, werk)
        if opslag.exists():
            shutil.copytree(opslag, werk / "bestanden")
        bestanden = sorted(p for p in werk.rglob("*") if p.is_file())
        manifest = {"gemaakt": utcnow().isoformat(), "database": db_bestand.name,
                    "dialect": engine.dialect.name, "revisie": current_revision(engine),
                    "sha256": {str(p.relative_to(werk)): _sha256(p) for p in bestanden}}
        (werk / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        archief = doelmap / f"vth-backup-{utcnow():%Y%m%d-%H%M%S-%f}.tar.gz"
        with tarfile.open(archief, "w:gz") as tar:
            for pad in sorted(werk.iterdir()):
                tar.add(pad, arcname=pad.name)
    return archief


def _dump_database(engine: Engine, werk: Path) -> Path:
    if engine.dialect.name == "sqlite":
        doel = werk / "database.sqlite"
        bron = sqlite3.connect(make_url(str(engine.url)).database)
        kopie = sqlite3.connect(doel)
        with kopie:
            bron.backup(kopie)  # consistent while the app keeps writing
        bron.close()
        kopie.close()
        return doel
    doel = werk / "database.dump"
    _voer_uit(["pg_dump", "--format=custom", "--no-owner", f"--file={doel}", _pg_url(engine)])
    return doel


def herstel_backup(engine: Engine, opslag: Path, archief: Path) -> dict:
    """Restore an archive into an empty database and storage folder; returns the manifest."""
    if inspect(engine).get_table_names():
        raise BackupFout("De doeldatabase is niet leeg; herstel alleen in een lege database.")
    with tempfile.TemporaryDirectory() as tmp:
        werk = Path(tmp)
        with tarfile.open(archief, "r:gz") as tar:
            tar.extractall(werk, filter="data")
        manifest = json.loads((werk / "manifest.json").read_text(encoding="utf-8"))
        _controleer_sommen(werk, manifest)
        _herstel_database(engine, werk / manifest["database"], manifest["dialect"])
        if (werk / "bestanden").exists():
            shutil.copytree(werk / "bestanden", opslag, dirs_exist_ok=True)
    return manifest


def _controleer_sommen(werk: Path, manifest: dict) -> None:
    for naam, som in manifest["sha256"].items():
        if _sha256(werk / naam) != som:
            raise BackupFout(f"Backup beschadigd: {naam} klopt niet met het manifest.")


def _herstel_database(engine: Engine, dump: Path, dialect: str) -> None:
    if dialect != engine.dialect.name:
        raise BackupFout(f"Deze backup is van {dialect}; de doeldatabase is {engine.dialect.name}.")
    if dialect == "sqlite":
        engine.dispose()
        doel = Path(make_url(str(engine.url)).database)
        bron, kopie = sqlite3.connect(dump), sqlite3.connect(doel)
        with kopie:
            bron.backup(kopie)
        bron.close()
        kopie.close()
        return
    _voer_uit(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_pg_url(engine)}",
               str(dump)])


def _voer_uit(opdracht: list[str]) -> None:
    if shutil.which(opdracht[0]) is None:
        raise BackupFout(f"{opdracht[0]} is niet geïnstalleerd (Debian: postgresql-client).")
    uitkomst = subprocess.run(opdracht, capture_output=True, text=True)
    if uitkomst.returncode != 0:
        raise BackupFout(f"{opdracht[0]} mislukte: {uitkomst.stderr.strip()[:500]}")
