"""Finding 9 of issue 18: a backup leaks no password and no data, and a broken one says what is
wrong, in Dutch."""

from __future__ import annotations

from sqlalchemy import create_engine

from visitatie.backup import maak_backup, pg_verbinding


def test_the_database_password_never_reaches_the_command_line():
    engine = create_engine("postgresql+psycopg://vth:z33r-geheim@db.example:5432/vth")
    url, omgeving = pg_verbinding(engine)
    assert "z33r-geheim" not in url and url == "postgresql://vth@db.example:5432/vth"
    assert omgeving["PGPASSWORD"] == "z33r-geheim"


def test_an_archive_is_readable_by_its_owner_only(app, tmp_path):
    archief = maak_backup(app.extensions["vth_engine"], tmp_path / "leeg", tmp_path / "b")
    assert archief.stat().st_mode & 0o777 == 0o600
    assert archief.parent.stat().st_mode & 0o777 == 0o700


def test_a_truncated_archive_is_refused_in_dutch(runner, tmp_path):
    assert runner.invoke(args=["backup", "--naar", str(tmp_path)]).exit_code == 0
    archief = next(tmp_path.glob("vth-backup-*.tar.gz"))
    afgebroken = tmp_path / "afgebroken.tar.gz"
    afgebroken.write_bytes(archief.read_bytes()[: archief.stat().st_size // 2])
    uitkomst = runner.invoke(args=["restore", str(afgebroken)])
    assert uitkomst.exit_code != 0 and "Aborted" not in uitkomst.output
    assert "Dit backuparchief is onvolledig of beschadigd" in uitkomst.output
