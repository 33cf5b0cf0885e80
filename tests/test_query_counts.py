"""No N+1: the number of SQL statements of each main page is the same with the reference data
(register pages) or the demo (visitation, planning, ILT and monitoring pages) and with ten
times as much data, each page as the roles that use it."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event
from sqlmodel import Session

from tests.conftest import make_test_app
from tests.vertienvoudig import KOPIEEN, kloon
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst
from visitatie.rondes.models import RondeOd

SYNTHETISCHE_ODS = 320  # room for every (OD, municipality) series of the demo, merged services included

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


def aantallen(app, client, paginas=PAGINAS) -> dict[str, int]:
    client.get("/ping")  # the first request checks the migration state once
    uitkomst = {}
    for pad in paginas:
        with tel_queries(app.extensions["vth_engine"]) as teller:
            assert client.get(pad).status_code == 200, pad
        uitkomst[pad] = teller["n"]
    return uitkomst


def vertienvoudig_register(app) -> None:
    """Nine extra synthetic ODs in Zuid-Holland per real one, each with municipalities."""
    with Session(app.extensions["vth_engine"]) as db:
        for i in range(SYNTHETISCHE_ODS):
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


# The demo's accounts (password "demo") and the pages each role works with: {odmh} is the
# od_medewerker's (ODMH) visitation in the improvement-plan stage, {odzob} one in preparation and
# {odwh} the one whose committee the demo committee member sits on (through the visitor pool).
DEMO_PAGINAS = {
    "coordinator": ["/visitaties", "/visitaties/{odmh}", "/visitaties/{odzob}",
                    "/visitaties/{odzob}/zelfevaluatie",
                    "/planning/rondes/1", "/planning/pool", "/ilt/", "/ilt/studies/1",
                    "/ilt/themas", "/omgevingsdiensten/odmh/monitoring",
                    "/monitoring/indicatoren/inspecties"],
    "od_medewerker": ["/visitaties", "/visitaties/{odmh}", "/visitaties/{odmh}/zelfevaluatie",
                      "/visitaties/{odmh}/verbeterplan", "/omgevingsdiensten/odmh/monitoring"],
    "commissielid": ["/visitaties", "/visitaties/{odwh}", "/visitaties/{odwh}/zelfevaluatie",
                     "/visitaties/{odwh}/commissie/beoordeling"],
    "ilt_inspecteur": ["/ilt/", "/ilt/studies/1", "/ilt/themas"],
    None: ["/monitoring/indicatoren/inspecties", "/omgevingsdiensten/odmh/monitoring"],
}
VISITATIES = ["visitatie_ronde", "ronde_od", "plan", "plan_toewijzing", "visitatie",
              "commissie_lid", "respons", "antwoord", "rapport", "wederhoor_reactie",
              "gespreksverslag", "verbeteractie", "herinnering"]
ILT_BEVINDINGEN = ["ilt_bevinding", "ilt_adressaat", "ilt_opvolging"]


def vertienvoudig_demo(app) -> None:
    """Ten times the demo where the pages list things: cycles with their visitations (so every
    role is on ten times as many), reactions, interviews and actions within a visitation, ODs in
    a cycle, visitors, studies and findings per study, monitoring ODs and assessments."""
    engine = app.extensions["vth_engine"]
    vertienvoudig_register(app)
    kloon(engine, VISITATIES, {"visitatie_ronde": lambda r, k: {**r, "naam": f"{r['naam']} ({k})"}})
    kloon(engine, ["wederhoor_reactie", "gespreksverslag", "verbeteractie"])
    kloon(engine, ["visiteur", "visiteur_afwezigheid", "visiteur_band"],
          {"visiteur": lambda r, k: {**r, "gebruiker_id": None}})  # one pool person per account
    kloon(engine, ["ilt_studie", *ILT_BEVINDINGEN])
    kloon(engine, ILT_BEVINDINGEN, {"ilt_bevinding": lambda r, k: {**r, "nummer": r["nummer"] + 1000 * k}})
    kloon(engine, ["robuustheidsbeoordeling", "robuustheidsoordeel"])
    kloon(engine, ["kwaliteitscriteria_toets"])
    kloon(engine, ["waarneming"], {"waarneming": naar_synthetische_od(engine)})
    with Session(engine) as db:
        for i in range(SYNTHETISCHE_ODS):
            db.add(RondeOd(ronde_id=1, od_code=f"synth{i}"))
        db.commit()


def naar_synthetische_od(engine):
    """Each copy of an (OD, municipality) series goes to its own synthetic OD and municipality."""
    with engine.connect() as conn:
        paren = conn.exec_driver_sql("SELECT DISTINCT od_code, gemeente_code FROM waarneming "
                                     "ORDER BY 1, 2").all()
    index = {tuple(paar): n for n, paar in enumerate(paren)}
    assert len(index) * KOPIEEN <= SYNTHETISCHE_ODS, "te weinig synthetische diensten"

    def wijzig(rij: dict, kopie: int) -> dict:
        i = index[(rij["od_code"], rij["gemeente_code"])] * KOPIEEN + kopie - 1
        return {**rij, "od_code": f"synth{i}", "gemeente_code": f"GM{9000 - i:04d}"}

    return wijzig


def demo_aantallen(app) -> dict:
    from visitatie.visitaties.demo import scenario_visitaties

    with Session(app.extensions["vth_engine"]) as db:
        ids = scenario_visitaties(db)
    uitkomst = {}
    for rol, paginas in DEMO_PAGINAS.items():
        paginas = [pad.format(**ids) for pad in paginas]
        client = app.test_client()
        if rol:
            antwoord = client.post("/inloggen", data={"email": f"{rol}@example.nl",
                                                      "wachtwoord": "demo"})
            assert antwoord.status_code == 302, rol
        uitkomst.update({(rol, pad): n for pad, n in aantallen(app, client, paginas).items()})
    return uitkomst


def test_query_count_of_the_work_pages_does_not_grow_with_data(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    try:
        voor = demo_aantallen(app)
        vertienvoudig_demo(app)
        na = demo_aantallen(app)
    finally:
        app.extensions["vth_engine"].dispose()
    assert {k: (voor[k], na[k]) for k in voor if voor[k] != na[k]} == {}
