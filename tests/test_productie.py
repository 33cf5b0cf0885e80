"""Production profile: backup and restore, readiness, request ids, gunicorn configuration."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from tests.conftest import PRODUCTIE_GEHEIM, make_test_app
from visitatie import db as database
from visitatie.backup import BackupFout, herstel_backup, maak_backup
from visitatie.config import PROJECT_ROOT


def inhoud(engine) -> dict[str, list]:
    """Every row of every table, sorted: what a restore must give back exactly."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        return {naam: sorted(map(repr, conn.execute(select(tabel)).all()))
                for naam, tabel in metadata.tables.items()}


@pytest.mark.demodata  # every table filled
def test_backup_restores_every_record_and_file(app, backend, tmp_path):
    engine = app.extensions["vth_engine"]
    opslag = tmp_path / "opslag"
    (opslag / "rapporten").mkdir(parents=True)
    (opslag / "rapporten" / "visitatie.pdf").write_bytes(b"%PDF-1.7 test")
    archief = maak_backup(engine, opslag, tmp_path / "backups")

    doel_url = backend.empty()
    doel = database.make_engine(doel_url)
    try:
        manifest = herstel_backup(doel, tmp_path / "hersteld", archief)
        assert manifest["revisie"] == database.head_revision()
        assert inhoud(doel) == inhoud(engine)
        assert (tmp_path / "hersteld" / "rapporten" / "visitatie.pdf").read_bytes() == b"%PDF-1.7 test"
        with pytest.raises(BackupFout, match="niet leeg"):
            herstel_backup(doel, tmp_path / "nogmaals", archief)
    finally:
        doel.dispose()
        backend.drop(doel_url)


def test_damaged_backup_is_refused(app, backend, tmp_path):
    archief = maak_backup(app.extensions["vth_engine"], tmp_path / "leeg", tmp_path / "b")
    uitgepakt = tmp_path / "uit"
    with tarfile.open(archief) as tar:
        tar.extractall(uitgepakt, filter="data")
    manifest = json.loads((uitgepakt / "manifest.json").read_text())
    db_bestand = uitgepakt / manifest["database"]
    db_bestand.write_bytes(db_bestand.read_bytes() + b"x")
    beschadigd = tmp_path / "beschadigd.tar.gz"
    with tarfile.open(beschadigd, "w:gz") as tar:
        for pad in uitgepakt.iterdir():
            tar.add(pad, arcname=pad.name)
    doel_url = backend.empty()
    doel = database.make_engine(doel_url)
    try:
        with pytest.raises(BackupFout, match="beschadigd"):
            herstel_backup(doel, tmp_path / "h", beschadigd)
    finally:
        doel.dispose()
        backend.drop(doel_url)


def test_cli_backup_and_restore(runner, tmp_path):
    uitvoer = runner.invoke(args=["backup", "--naar", str(tmp_path)])
    assert uitvoer.exit_code == 0, uitvoer.output
    archief = next(tmp_path.glob("vth-backup-*.tar.gz"))
    fout = runner.invoke(args=["restore", str(archief)])  # into the same, non-empty database
    assert fout.exit_code != 0 and "niet leeg" in fout.output


def test_readiness_and_request_id(client, empty_database_url):
    antwoord = client.get("/readyz", headers={"X-Request-ID": "abc-123"})
    assert antwoord.status_code == 200 and antwoord.json["controles"]["database"] is True
    assert antwoord.headers["X-Request-ID"] == "abc-123"
    assert len(client.get("/", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]) == 32
    leeg = make_test_app(empty_database_url)
    antwoord = leeg.test_client().get("/readyz")
    assert antwoord.status_code == 503 and antwoord.json["controles"]["database"] is False
    leeg.extensions["vth_engine"].dispose()


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_with_the_production_config(database_url, tmp_path):
    poort = vrije_poort()
    omgeving = {**os.environ, "VTH_ENV": "production", "VTH_SECRET_KEY": PRODUCTIE_GEHEIM,
                "VTH_DATABASE_URL": database_url, "VTH_BIND": f"127.0.0.1:{poort}",
                "VTH_WORKERS": "2", "HOME": str(tmp_path)}
    proces = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=PROJECT_ROOT, env=omgeving, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        einde = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{poort}/readyz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proces.poll() is None, proces.stderr.read().decode()
                assert time.monotonic() < einde, "gunicorn startte niet"
                time.sleep(0.2)
        assert not (tmp_path / ".gunicorn").exists()  # no control socket in $HOME
    finally:
        proces.terminate()
        proces.wait(10)
        proces.stderr.close()
