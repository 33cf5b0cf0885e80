"""Backups: the database (SQLite online backup, or pg_dump for PostgreSQL) plus the stored
files, in one tar.gz with a manifest of SHA-256 sums; and restoring one into an empty database."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, Engine, make_url

from visitatie.db import current_revision
from visitatie.timeutil import utcnow


class BackupFout(RuntimeError):
    pass


def pg_verbinding(engine: Engine) -> tuple[str, dict[str, str]]:
    """The libpq URL without the password, and the environment that carries it (PGPASSWORD):
    a command line is visible to every local user in /proc/<pid>/cmdline, a process's
    environment only to its owner."""
    url = engine.url.set(drivername="postgresql")
    omgeving = {**os.environ}
    if url.password:
        omgeving["PGPASSWORD"] = str(url.password)
    zonder = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)
    return zonder.render_as_string(hide_password=False), omgeving


def _sha256(pad: Path) -> str:
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def maak_backup(engine: Engine, opslag: Path, doelmap: Path) -> Path:
    """Write vth-backup-<time>.tar.gz to doelmap and return its path."""
    doelmap.mkdir(mode=0o700, parents=True, exist_ok=True)
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
        # Only the owner may read a backup: it holds every record, account hashes included.
        with os.fdopen(os.open(archief, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f, \
                tarfile.open(fileobj=f, mode="w:gz") as tar:
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
    url, omgeving = pg_verbinding(engine)
    _voer_uit(["pg_dump", "--format=custom", "--no-owner", f"--file={doel}", url], omgeving)
    return doel


def herstel_backup(engine: Engine, opslag: Path, archief: Path) -> dict:
    """Restore an archive into an empty database and storage folder; returns the manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        werk = Path(tmp)
        manifest = _pak_uit(archief, werk)  # first the archive: is it whole?
        _controleer_sommen(werk, manifest)
        if inspect(engine).get_table_names():
            raise BackupFout("De doeldatabase is niet leeg; herstel alleen in een lege database.")
        _herstel_database(engine, werk / manifest["database"], manifest["dialect"])
        if (werk / "bestanden").exists():
            shutil.copytree(werk / "bestanden", opslag, dirs_exist_ok=True)
    return manifest


def _pak_uit(archief: Path, werk: Path) -> dict:
    """Unpack an archive and read its manifest; a truncated or foreign file is refused in Dutch."""
    try:
        with tarfile.open(archief, "r:gz") as tar:
            tar.extractall(werk, filter="data")
        return json.loads((werk / "manifest.json").read_text(encoding="utf-8"))
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as fout:
        raise BackupFout(f"Dit backuparchief is onvolledig of beschadigd (bijvoorbeeld afgebroken "
                         f"tijdens het kopiëren) en wordt niet teruggezet: {_reden(fout)}. "
                         f"Neem een andere backup.") from fout


def _reden(fout: Exception) -> str:
    if isinstance(fout, EOFError | zlib.error):
        return "het archief houdt te vroeg op"
    if isinstance(fout, FileNotFoundError | ValueError):
        return "de inhoudsopgave (manifest.json) ontbreekt of is onleesbaar"
    return "het is geen leesbaar tar.gz-archief"


def _controleer_sommen(werk: Path, manifest: dict) -> None:
    for naam, som in manifest["sha256"].items():
        if not (werk / naam).is_file() or _sha256(werk / naam) != som:
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
    url, omgeving = pg_verbinding(engine)
    _voer_uit(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url}", str(dump)], omgeving)


def _voer_uit(opdracht: list[str], omgeving: dict[str, str]) -> None:
    if shutil.which(opdracht[0]) is None:
        raise BackupFout(f"{opdracht[0]} is niet geïnstalleerd (Debian: postgresql-client).")
    uitkomst = subprocess.run(opdracht, capture_output=True, text=True, env=omgeving)
    if uitkomst.returncode != 0:
        raise BackupFout(f"{opdracht[0]} mislukte: {uitkomst.stderr.strip()[:500]}")
