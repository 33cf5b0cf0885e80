"""Page parts that change only when the data they read change: rendered once per process and
per stamp of the areas they read.

Every area of the data (`visitatie.gebieden`: register, planning, the visitations and each
visitation's content, ILT, monitoring, editions, accounts, ...) has a random stamp, one row per
area in the table `gegevensversie`. The engine itself writes new stamps for the areas of the
tables a transaction wrote, just before it commits (see `volg_schrijfacties`), so ORM, Core and
bulk writes from any process or host all count, and the stamps commit or roll back with the
data. A page part is kept under the stamps of the areas it declares plus everything else it
depends on (its arguments, the reader's role and OD, today's date): a write to another area
leaves it be. The stamps are read in one query, once per request, before the part's data are
read, so a part can only ever be newer than its stamps, never older.

The logged-in user is kept the same way (`visitatie.auth.models.AangemeldeGebruiker`, area "accounts").

Writes that bypass the app's engine (psql by hand, pg_restore) do not stamp; a restore brings
back stamps no process has seen, so that too clears every cache. Parts are strings (rendered
HTML), never ORM objects, and never contain a CSRF token or nonce: `CSRF_PLEK` stands in for
the token and is filled in per request (`met_csrf`)."""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar

from flask import current_app, g, has_app_context, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import BigInteger, Column, event, text
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

from visitatie.gebieden import (
    KOLOMMEN_APART,
    alle_stempels,
    controleer_gelezen,
    stempels_voor_schrijfactie,
    stempelsleutels,
)

TABEL = "gegevensversie"
SCHRIJVEND = {"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"}
DDL = {"CREATE", "DROP", "ALTER", "TRUNCATE", "COPY"}
EERSTE_WOORD = re.compile(r"\s*(\w+)")
# the table a write statement writes: INSERT [OR ...] INTO t, UPDATE t, DELETE FROM t
GESCHREVEN_TABEL = re.compile(r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|'
                              r'DELETE\s+FROM|MERGE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE)
GEZETTE_KOLOMMEN = re.compile(r"\bSET\s+(.*?)(?:\s+WHERE\b|\s+RETURNING\b|$)",
                              re.IGNORECASE | re.DOTALL)
KOLOM_IS = re.compile(r'"?(\w+)"?\s*=')
VOOR_UPDATE = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b", re.IGNORECASE)
IDLE = 0  # psycopg's pq.TransactionStatus.IDLE: no transaction open on the connection
GELEZEN_TABEL = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
GESCHREVEN = "vth_geschreven"  # in the DBAPI connection's info: the stamps this transaction raises
CSRF_IN_G = "csrf_token"  # Flask-WTF's WTF_CSRF_FIELD_NAME, the default
STEMPEL_IN_G = "vth_stempels"  # the stamps as this request read them, until it writes itself
CSRF_PLEK = "\x1fcsrf\x1f"  # a control character no rendered text contains
CSRF_VELD = Markup(f'<input type="hidden" name="csrf_token" value="{CSRF_PLEK}">')  # in a part
GELEZEN: ContextVar[list[set[str]] | None] = ContextVar("vth_gelezen", default=None)


class Gegevensversie(SQLModel, table=True):
    __tablename__ = TABEL

    gebied: str = Field(primary_key=True, max_length=40)
    # random, never a counter: a restored database must not reuse a stamp
    stempel: int = Field(sa_column=Column(BigInteger, nullable=False))


def nieuwe_stempel() -> int:
    return secrets.randbits(62)


def volg_schrijfacties(engine: Engine) -> None:
    """Stamp the areas a transaction on `engine` wrote, just before it commits; open that
    transaction first when a read-only request's connection (autocommit) writes; and record
    what a part reads while it is checked."""
    tabel_gezien: set[bool] = set()  # holds True once the table was found on this engine
    event.listen(engine, "before_cursor_execute", _voor_statement)
    event.listen(engine, "after_cursor_execute",
                 lambda conn, _cur, statement, _params, context, _many:
                 _onthoud_schrijfactie(conn, statement, context))
    event.listen(engine, "commit", lambda conn: _stempel_bij_commit(conn, tabel_gezien))
    event.listen(engine, "rollback", lambda conn: conn.info.pop(GESCHREVEN, None))


def _voor_statement(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    gelezen = GELEZEN.get()
    if gelezen:
        gelezen[-1].update(t.lower() for t in GELEZEN_TABEL.findall(statement))
    if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        _begin_bij_schrijven(conn, statement)


def _begin_bij_schrijven(conn, statement: str) -> None:
    """A read-only request that writes after all (a sign-in through SSO, a 2FA secret) gets
    its transaction here, before its first write or lock: the commit or rollback it ends with
    then holds all its writes and their stamps, as in any other request."""
    woord = EERSTE_WOORD.match(statement)
    schrijft = woord and woord.group(1).upper() in SCHRIJVEND | DDL
    if not (schrijft or VOOR_UPDATE.search(statement)):
        return
    dbapi = conn.connection.dbapi_connection
    if dbapi.info.transaction_status == IDLE:
        cursor = dbapi.cursor()
        try:
            cursor.execute("BEGIN")
        finally:
            cursor.close()


def _onthoud_schrijfactie(conn, statement: str, context) -> None:
    woord = EERSTE_WOORD.match(statement)
    if not woord:
        return
    soort = woord.group(1).upper()
    if soort in DDL:
        stempels = alle_stempels()
    elif soort in SCHRIJVEND:
        stempels = _stempels_van(statement, context)
    else:
        return
    if stempels:
        conn.info.setdefault(GESCHREVEN, set()).update(stempels)


def _stempels_van(statement: str, context) -> set[str]:
    gevonden = GESCHREVEN_TABEL.match(statement)
    if not gevonden:
        return alle_stempels()
    tabel = gevonden.group(1).lower()
    kolommen = _gezette_kolommen(statement) if statement.lstrip()[:6].upper() == "UPDATE" else None
    if kolommen and all((tabel, k) in KOLOMMEN_APART for k in kolommen):
        return {KOLOMMEN_APART[(tabel, k)] for k in kolommen}
    return stempels_voor_schrijfactie(tabel, _genoemde_visitaties(context))


def _gezette_kolommen(statement: str) -> set[str]:
    gezet = GEZETTE_KOLOMMEN.search(statement)
    return {k.lower() for k in KOLOM_IS.findall(gezet.group(1))} if gezet else set()


def _genoemde_visitaties(context) -> set:
    """The `visitatie_id` values a statement carries itself (an INSERT, a bulk write)."""
    parameters = getattr(context, "compiled_parameters", None) or []
    return {p[naam] for p in parameters for naam in p if naam.startswith("visitatie_id")}


def _stempel_bij_commit(conn, tabel_gezien: set[bool]) -> None:
    """Runs inside the transaction, just before COMMIT, on the raw DBAPI cursor (no events)."""
    stempels = conn.info.pop(GESCHREVEN, None)
    if stempels:
        _schrijf_stempels(conn, stempels, tabel_gezien)


def _schrijf_stempels(conn, stempels: set[str], tabel_gezien: set[bool]) -> None:
    """New stamps for `stempels`, in a fixed order, so two transactions never wait on each
    other's stamp rows the other way round (no deadlock); nothing is locked after them."""
    cursor = conn.connection.cursor()
    try:
        if not (tabel_gezien or _tabel_bestaat(conn.dialect.name, cursor, tabel_gezien)):
            return  # a database that is not migrated yet (`vth db upgrade` creates the table)
        for gebied in sorted(stempels):
            # area names are ours and the stamp an int we made ourselves: safe in the SQL
            cursor.execute(f"INSERT INTO {TABEL} (gebied, stempel) VALUES ('{gebied}', "
                           f"{nieuwe_stempel()}) ON CONFLICT (gebied) DO UPDATE "
                           f"SET stempel = excluded.stempel")
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


def huidige_stempels(db: Session) -> dict[str, int]:
    return dict(db.exec(text(f"SELECT gebied, stempel FROM {TABEL}")).all())


def stempels_van_verzoek(db: Session) -> dict[str, int]:
    """The stamps, read once per request (the login and the page share them) and again after
    the request itself wrote. Another request's write in between only makes the parts this
    request makes newer than their stamps, never older."""
    if STEMPEL_IN_G not in g:
        g.vth_stempels = huidige_stempels(db)
    return g.vth_stempels


class Paginacache:
    """Parts of pages, each kept with the stamps it was made under; a part whose stamps
    changed is made again. Thread-safe. Bounded (any peildatum can be asked for): the least
    recently used part goes; 0 keeps nothing."""

    def __init__(self, maximum: int):
        self.maximum = maximum
        self._delen: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()
        self._slot = threading.Lock()

    def haal(self, stempels: tuple, sleutel: tuple, maak: Callable[[], object]):
        with self._slot:
            gevonden = self._delen.get(sleutel)
            if gevonden is not None and gevonden[0] == stempels:
                self._delen.move_to_end(sleutel)
                return gevonden[1]
        deel = maak()  # outside the lock: another thread may make the same part meanwhile
        with self._slot:
            self._delen[sleutel] = (stempels, deel)
            self._delen.move_to_end(sleutel)
            if len(self._delen) > self.maximum:
                self._delen.popitem(last=False)
        return deel


def paginadeel(db: Session, sleutel: tuple, maak: Callable[[], object],
               visitatie_id: int | None = None):
    """What `maak()` returns for `sleutel` at the current stamps of its areas; `sleutel[0]`
    names the part (its areas are declared in `visitatie.gebieden.DELEN`), the rest holds
    everything else the part depends on. `visitatie_id`: the visitation whose content it reads."""
    deel = sleutel[0]
    sleutels = stempelsleutels(deel, visitatie_id)
    if current_app.config.get("PAGINACACHE_CONTROLE"):
        maak = _gecontroleerd(deel, maak)
    cache = current_app.extensions["vth_paginacache"]
    if not cache.maximum:
        return maak()
    stempels = stempels_van_verzoek(db)
    return cache.haal(tuple(stempels.get(s, 0) for s in sleutels), sleutel, maak)


def _gecontroleerd(deel: str, maak: Callable[[], object]) -> Callable[[], object]:
    """`maak`, refused when it reads a table of an area `deel` does not declare."""
    def maak_en_controleer():
        stapel = GELEZEN.get()
        token = GELEZEN.set([*(stapel or []), set()])  # a part made inside it records its own
        try:
            deel_zelf = maak()
            gelezen = GELEZEN.get()[-1]
        finally:
            GELEZEN.reset(token)
        controleer_gelezen(deel, gelezen)
        return deel_zelf
    return maak_en_controleer


def met_csrf(html: str) -> Markup:
    """A cached part with this request's CSRF token where `CSRF_PLEK` stands (a part without
    forms makes no token, so a public page sets no session cookie)."""
    return Markup(html.replace(CSRF_PLEK, generate_csrf()) if CSRF_PLEK in html else html)


def gecachte_pagina(db: Session, sleutel: tuple, maak: Callable[[], tuple[str, str]],
                    kop: str = "", visitatie_id: int | None = None) -> str:
    """The whole page around a cached (title, rendered content) from `maak`; the layout (the
    reader's navigation, flashed messages, CSRF tokens) is rendered for every request. `kop`:
    fixed extra markup for the page's head."""
    return pagina(*paginadeel(db, sleutel, lambda: _zonder_eigen_token(*maak()),
                              visitatie_id=visitatie_id), kop=kop)


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
