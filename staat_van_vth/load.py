"""Load: the only part of the pipeline that touches the database. Each loader turns tables of
the data model into one tidy DataFrame; capabilities register their own with @lader."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

Lader = Callable[[Connection, date], pd.DataFrame]
LADERS: dict[str, Lader] = {}


def lader(naam: str) -> Callable[[Lader], Lader]:
    def registreer(functie: Lader) -> Lader:
        LADERS[naam] = functie
        return functie

    return registreer


def _query(conn: Connection, sql: str, **parameters) -> pd.DataFrame:
    resultaat = conn.execute(text(sql), parameters)
    return pd.DataFrame(resultaat.fetchall(), columns=list(resultaat.keys()))


@lader("omgevingsdiensten")
def ods(conn: Connection, peildatum: date) -> pd.DataFrame:
    df = _query(conn, """
        SELECT code, naam, afkorting, seveso, geldig_van, geldig_tot, opvolger_code
        FROM omgevingsdienst
        WHERE (geldig_van IS NULL OR geldig_van <= :d) AND (geldig_tot IS NULL OR geldig_tot >= :d)
    """, d=peildatum)
    df["seveso"] = df["seveso"].astype(bool)
    return df


@lader("od_provincies")
def od_provincies(conn: Connection, peildatum: date) -> pd.DataFrame:
    return _query(conn, """
        SELECT k.od_code, p.code AS provincie_code, p.naam AS provincie
        FROM od_provincie k JOIN provincie p ON p.code = k.provincie_code
    """)


@lader("deelnames")
def deelnames(conn: Connection, peildatum: date) -> pd.DataFrame:
    """Participants of each OD on the reference date, with name and province."""
    return _query(conn, """
        SELECT d.od_code, d.soort, d.deelnemer_code,
               COALESCE(g.naam, p.naam) AS naam, COALESCE(g.provincie_code, p.code) AS provincie_code,
               d.status
        FROM deelname d
        LEFT JOIN gemeente g ON g.code = d.deelnemer_code
        LEFT JOIN provincie p ON p.code = d.deelnemer_code
        WHERE d.geldig_van <= :d AND (d.geldig_tot IS NULL OR d.geldig_tot >= :d)
    """, d=peildatum)


def laad_tabellen(engine: Engine, peildatum: date) -> dict[str, pd.DataFrame]:
    with engine.connect() as conn:
        return {naam: functie(conn, peildatum) for naam, functie in sorted(LADERS.items())}
