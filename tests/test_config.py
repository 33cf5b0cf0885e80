import base64
import secrets

import pytest

from tests.conftest import PRODUCTIE_GEHEIM, make_test_app
from visitatie.app import create_app
from visitatie.config import DEV_SECRET, MIN_GEHEIM_BITS, ConfigFout, geheim_bits
from visitatie.db import make_engine


def test_factory_uses_test_config(app):
    assert app.config["TESTING"] is True
    assert app.config["VTH_ENV"] == "test"


@pytest.mark.parametrize("secret", ["", DEV_SECRET])
def test_production_refuses_missing_or_dev_secret(monkeypatch, secret, database_url):
    monkeypatch.setenv("VTH_ENV", "production")
    monkeypatch.setenv("VTH_SECRET_KEY", secret)
    monkeypatch.setenv("VTH_DATABASE_URL", database_url)
    with pytest.raises(ConfigFout, match="VTH_SECRET_KEY"):
        create_app()


def test_production_starts_with_real_secret(monkeypatch, database_url):
    monkeypatch.setenv("VTH_ENV", "production")
    monkeypatch.setenv("VTH_SECRET_KEY", PRODUCTIE_GEHEIM)
    monkeypatch.setenv("VTH_DATABASE_URL", database_url)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["vth_engine"].dispose()


def test_development_allows_dev_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("VTH_ENV", "development")
    monkeypatch.delenv("VTH_SECRET_KEY", raising=False)
    monkeypatch.setenv("VTH_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    app = create_app()
    assert app.config["SECRET_KEY"] == DEV_SECRET


def test_unknown_mode_refused(database_url):
    with pytest.raises(ConfigFout, match="onbekend"):
        make_test_app(database_url, VTH_ENV="staging")


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.setenv("VTH_ENV", "development")
    monkeypatch.delenv("VTH_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    engine = app.extensions["vth_engine"]
    assert engine.url.get_backend_name() == "sqlite"
    assert engine.url.database.startswith(app.instance_path)


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_healthz(client):
    antwoord = client.get("/healthz")
    assert antwoord.status_code == 200
    assert antwoord.json["status"] == "ok"


def test_unmigrated_database_is_refused_with_command(empty_database_url):
    app = make_test_app(empty_database_url)
    antwoord = app.test_client().get("/omgevingsdiensten")
    assert antwoord.status_code == 503
    assert "vth db upgrade" in antwoord.get_data(as_text=True)
    app.extensions["vth_engine"].dispose()


@pytest.mark.parametrize("status,url", [(404, "/bestaat-niet"), (404, "/omgevingsdiensten/xyz")])
def test_dutch_error_pages(client, status, url):
    antwoord = client.get(url)
    assert antwoord.status_code == status
    assert "Niet gevonden" in antwoord.get_data(as_text=True)
    assert '<html lang="nl">' in antwoord.get_data(as_text=True)


def test_security_headers(client):
    headers = client.get("/").headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_server_error_rolls_back_and_answers_in_dutch(app, client):
    from sqlmodel import select

    from visitatie.auth.permissions import P, vereist
    from visitatie.db import get_db
    from visitatie.register.models import Provincie

    @vereist(P.PUBLIEK)
    def kapot():
        get_db().add(Provincie(code="PV99", naam="Halverwege"))
        get_db().flush()
        raise RuntimeError("stuk")

    app.add_url_rule("/kapot", "kapot", kapot)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    antwoord = client.get("/kapot")
    assert antwoord.status_code == 500
    assert "Er ging iets mis" in antwoord.get_data(as_text=True)
    with app.app_context():
        assert get_db().exec(select(Provincie).where(Provincie.code == "PV99")).first() is None


@pytest.mark.parametrize("secret", ["x", "x" * 64, "geheim-geheim-geheim", "abcdefgh" * 3, "Welkom01!" * 2])
def test_production_refuses_a_weak_secret_and_says_how_to_make_one(monkeypatch, secret, database_url):
    monkeypatch.setenv("VTH_ENV", "production")
    monkeypatch.setenv("VTH_SECRET_KEY", secret)
    monkeypatch.setenv("VTH_DATABASE_URL", database_url)
    with pytest.raises(ConfigFout, match=r"te zwak: er is minstens 32 willekeurige bytes.*token_hex\(32\)"):
        create_app()


@pytest.mark.parametrize("maak", [lambda: secrets.token_hex(32), lambda: secrets.token_urlsafe(32),
                                  lambda: base64.b64encode(secrets.token_bytes(32)).decode()])
def test_thirty_two_random_bytes_in_the_usual_spellings_are_enough(maak):
    assert all(geheim_bits(maak()) >= MIN_GEHEIM_BITS for _ in range(200))
