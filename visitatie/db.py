"""The database: one engine per app, one session per request (called `db`), Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

ALLEEN_LEZEND = frozenset({"GET", "HEAD", "OPTIONS"})
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine that stamps a new data version on every write (`visitatie.paginacache`);
    SQLite gets WAL, foreign keys and a busy timeout so readers never block writers."""
    from visitatie.paginacache import volg_schrijfacties

    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    volg_schrijfacties(engine)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def get_db() -> Session:
    """The request's session; committed by the view, rolled back and closed at teardown. A
    read-only request (GET, HEAD, OPTIONS) on PostgreSQL reads in autocommit: no BEGIN and no
    ROLLBACK around its statements, each of which sees the data committed when it runs (what
    READ COMMITTED gives a transaction too). A write in it first opens a transaction
    (`paginacache._begin_bij_schrijven`), so its writes and their stamps commit or roll back together."""
    if "db" not in g:
        g.db = Session(_verbinding_voor_verzoek(), expire_on_commit=False)
    return g.db


def _verbinding_voor_verzoek() -> Engine:
    engine = current_app.extensions["vth_engine"]
    if has_request_context() and request.method in ALLEEN_LEZEND and engine.dialect.name == "postgresql":
        return current_app.extensions["vth_engine_lezen"]
    return engine


def lees_engine(engine: Engine) -> Engine:
    """The same engine and pool, in autocommit (for read-only requests)."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def close_db(exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        if exc is not None:
            db.rollback()
        db.close()


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_up_to_date(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
