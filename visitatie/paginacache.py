"""Page parts that change only when data change: rendered once per process and data version.

The data version is a random stamp in the one-row table `gegevensversie`. The engine itself
writes a new stamp into every transaction that wrote anything, just before it commits (see
`volg_schrijfacties`), so ORM, Core and bulk writes from any process or host all count, and the
stamp commits or rolls back with the data. A page part is kept under the stamp it was made at
plus everything else it depends on (its arguments, the reader's role and OD, today's date):
when the stamp changes, every part made before is dropped. Reading the stamp is one query by
primary key, in the request's own transaction, before the part's data are read, so a part can
only ever be newer than its stamp, never older.

The logged-in user is kept the same way (`visitatie.auth.models.Lezer`), and the stamp is read
once per request for both (`stempel_van_verzoek`).

Writes that bypass the app's engine (psql by hand, pg_restore) do not stamp; a restore brings
back a stamp no process has seen, so that too clears every cache. Parts are strings (rendered
HTML), never ORM objects, and never contain a CSRF token or nonce: `CSRF_PLEK` stands in for
the token and is filled in per request (`met_csrf`)."""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, g, has_app_context, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import BigInteger, Column, event, text
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

TABEL = "gegevensversie"
SCHRIJVEND = {"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "CREATE", "DROP", "ALTER",
              "TRUNCATE", "COPY"}
EERSTE_WOORD = re.compile(r"\s*(\w+)")
GESCHREVEN = "vth_geschreven"  # flag in the DBAPI connection's info: this transaction wrote
CSRF_IN_G = "csrf_token"  # Flask-WTF's WTF_CSRF_FIELD_NAME, the default
STEMPEL_IN_G = "vth_stempel"  # the stamp as this request read it, until it writes itself
CSRF_PLEK = "\x1fcsrf\x1f"  # a control character no rendered text contains
CSRF_VELD = Markup(f'<input type="hidden" name="csrf_token" value="{CSRF_PLEK}">')  # in a part


class Gegevensversie(SQLModel, table=True):
    __tablename__ = TABEL

    id: int = Field(default=1, primary_key=True)
    # random, never a counter: a restored database must not reuse a stamp
    stempel: int = Field(sa_column=Column(BigInteger, nullable=False))


def nieuwe_stempel() -> int:
    return secrets.randbits(62)


def volg_schrijfacties(engine: Engine) -> None:
    """Stamp a new data version into every transaction on `engine` that wrote something."""
    tabel_gezien: set[bool] = set()  # holds True once the table was found on this engine
    event.listen(engine, "after_cursor_execute", _onthoud_schrijfactie)
    event.listen(engine, "commit", lambda conn: _stempel_bij_commit(conn, tabel_gezien))
    event.listen(engine, "rollback", lambda conn: conn.info.pop(GESCHREVEN, None))


def _onthoud_schrijfactie(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    woord = EERSTE_WOORD.match(statement)
    if woord and woord.group(1).upper() in SCHRIJVEND:
        conn.info[GESCHREVEN] = True


def _stempel_bij_commit(conn, tabel_gezien: set[bool]) -> None:
    """Runs inside the transaction, just before COMMIT, on the raw DBAPI cursor (no events);
    nothing is locked after the stamp's row, so it cannot take part in a deadlock."""
    if not conn.info.pop(GESCHREVEN, False):
        return
    cursor = conn.connection.cursor()
    try:
        if not (tabel_gezien or _tabel_bestaat(conn.dialect.name, cursor, tabel_gezien)):
            return  # a database that is not migrated yet (`vth db upgrade` creates the table)
        stempel = nieuwe_stempel()  # an int we made ourselves: safe to write into the SQL
        cursor.execute(f"UPDATE {TABEL} SET stempel = {stempel} WHERE id = 1")
        if cursor.rowcount == 0:
            cursor.execute(f"INSERT INTO {TABEL} (id, stempel) VALUES (1, {stempel})")
    finally:
        cursor.close()
    if has_app_context():
        g.pop(STEMPEL_IN_G, None)  # this request wrote: what it read before is stale now


def _tabel_bestaat(dialect: str, cursor, tabel_gezien: set[bool]) -> bool:
    if dialect == "sqlite":
        cursor.execute(f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABEL}'")
    else:
        cursor.execute(f"SELECT to_regclass('{TABEL}') IS NOT NULL")
    rij = cursor.fetchone()
    if rij and rij[0]:
        tabel_gezien.add(True)
    return bool(tabel_gezien)


def huidige_stempel(db: Session) -> int | None:
    return db.exec(text(f"SELECT stempel FROM {TABEL} WHERE id = 1")).scalar()


def stempel_van_verzoek(db: Session) -> int | None:
    """The stamp, read once per request (the login and the page share it) and again after the
    request itself wrote. Another request's write in between only makes the parts this request
    makes newer than their stamp, never older."""
    if STEMPEL_IN_G not in g:
        g.vth_stempel = huidige_stempel(db)
    return g.vth_stempel


class Paginacache:
    """Parts of pages made at one data version; a new stamp empties it. Thread-safe. Bounded
    (any peildatum can be asked for): the least recently used part goes; 0 keeps nothing."""

    def __init__(self, maximum: int):
        self.maximum = maximum
        self._stempel: int | None = None
        self._delen: OrderedDict[tuple, object] = OrderedDict()
        self._slot = threading.Lock()

    def haal(self, stempel: int, sleutel: tuple, maak: Callable[[], object]):
        with self._slot:
            if stempel != self._stempel:
                self._delen.clear()
                self._stempel = stempel
            elif sleutel in self._delen:
                self._delen.move_to_end(sleutel)
                return self._delen[sleutel]
        deel = maak()  # outside the lock: another thread may make the same part meanwhile
        with self._slot:
            if stempel == self._stempel:
                self._delen[sleutel] = deel
                if len(self._delen) > self.maximum:
                    self._delen.popitem(last=False)
        return deel


def paginadeel(db: Session, sleutel: tuple, maak: Callable[[], object]):
    """What `maak()` returns for `sleutel` at the current data version; `sleutel` must name
    the page and hold everything the part depends on."""
    cache = current_app.extensions["vth_paginacache"]
    stempel = stempel_van_verzoek(db) if cache.maximum else None
    if stempel is None:
        return maak()
    return cache.haal(stempel, sleutel, maak)


def met_csrf(html: str) -> Markup:
    """A cached part with this request's CSRF token where `CSRF_PLEK` stands (a part without
    forms makes no token, so a public page sets no session cookie)."""
    return Markup(html.replace(CSRF_PLEK, generate_csrf()) if CSRF_PLEK in html else html)


def gecachte_pagina(db: Session, sleutel: tuple, maak: Callable[[], tuple[str, str]],
                    kop: str = "") -> str:
    """The whole page around a cached (title, rendered content) from `maak`; the layout (the
    reader's navigation, flashed messages, CSRF tokens) is rendered for every request. `kop`:
    fixed extra markup for the page's head."""
    return pagina(*paginadeel(db, sleutel, lambda: _zonder_eigen_token(*maak())), kop=kop)


def _zonder_eigen_token(titel: str, inhoud: str) -> tuple[str, str]:
    """Refuse to keep a part holding this request's CSRF token: another reader would get it."""
    token = g.get(CSRF_IN_G)  # where Flask-WTF keeps the token once this request made one
    if token and token in inhoud:
        raise RuntimeError("Een gecachet paginadeel bevat een CSRF-token; gebruik csrf_plek.")
    return titel, inhoud


def pagina(titel: str, inhoud: str, kop: str = "") -> str:
    """The layout around a title and content rendered for the cache (`CSRF_PLEK` filled in)."""
    return render_template("_gecachte_pagina.html", titel=titel, inhoud=met_csrf(inhoud),
                           kop=Markup(kop))
