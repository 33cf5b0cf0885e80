"""No N+1: the number of SQL statements of each main page is the same with the reference data
and with ten times as many ODs, municipalities and memberships."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event
from sqlmodel import Session

from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst

PAGINAS = ["/omgevingsdiensten", "/omgevingsdiensten/odmh", "/gemeenten",
           "/gemeenten/GM0363", "/provincies", "/provincies/PV28"]


@contextmanager
def tel_queries(engine):
    teller = {"n": 0}

    def tel(*_args):
        teller["n"] += 1

    event.listen(engine, "before_cursor_execute", tel)
    try:
        yield teller
    finally:
        event.remove(engine, "before_cursor_execute", tel)


def aantallen(app, client) -> dict[str, int]:
    client.get("/ping")  # the first request checks the migration state once
    uitkomst = {}
    for pad in PAGINAS:
        with tel_queries(app.extensions["vth_engine"]) as teller:
            assert client.get(pad).status_code == 200, pad
        uitkomst[pad] = teller["n"]
    return uitkomst


def vertienvoudig_register(app) -> None:
    """Nine extra synthetic ODs in Zuid-Holland per real one, each with municipalities."""
    with Session(app.extensions["vth_engine"]) as db:
        for i in range(270):
            code = f"synth{i}"
            db.add(Omgevingsdienst(code=code, naam=f"Synthetische dienst {i}", afkorting=f"S{i}"))
            db.flush()
            db.add(OdProvincie(od_code=code, provincie_code="PV28"))
            gemeente = f"GM{9000 - i:04d}"
            db.add(Gemeente(code=gemeente, naam=f"Synthetisch {i}", provincie_code="PV28"))
            db.add(Deelname(od_code=code, soort="gemeente", deelnemer_code=gemeente,
                            geldig_van=date(2023, 1, 1)))
            db.add(Deelname(od_code="odmh", soort="gemeente", deelnemer_code=gemeente,
                            geldig_van=date(2023, 1, 1)))
        db.commit()


@pytest.mark.parametrize("ingelogd", [False, True])
def test_query_count_does_not_grow_with_data(app, client, login, ingelogd):
    if ingelogd:
        login("coordinator")
    voor = aantallen(app, client)
    vertienvoudig_register(app)
    na = aantallen(app, client)
    assert na == voor
