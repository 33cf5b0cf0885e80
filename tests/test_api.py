"""The open API: published data only, pagination and CSV, and the OpenAPI 3.1 document run
against the app with schemathesis (every operation, generated inputs, no failure)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from visitatie.publicatie.models import Editie


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url  # observations and editions come from the demo


def test_openapi_document_is_3_1_and_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    regels = [r.rule for r in app.url_map.iter_rules()
              if r.endpoint.startswith("api.") and r.endpoint != "api.openapi"]
    routes = {r.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
              for r in regels}
    assert routes == set(document["paths"])


def test_pagination_and_csv_variant(client):
    eerste = client.get("/api/v1/gemeenten?per_pagina=10").get_json()
    assert len(eerste["data"]) == 10 and eerste["totaal"] > 300 and "pagina=2" in eerste["volgende"]
    tweede = client.get(eerste["volgende"]).get_json()
    assert {g["code"] for g in tweede["data"]}.isdisjoint(g["code"] for g in eerste["data"])
    assert next(g for g in eerste["data"])["od_code"]
    tekst = client.get("/api/v1/gemeenten?formaat=csv").get_data(as_text=True)
    rijen = list(csv.DictReader(io.StringIO(tekst)))
    assert len(rijen) == eerste["totaal"]
    assert client.get("/api/v1/gemeenten?per_pagina=0").status_code == 400


def test_only_final_observations_and_published_editions(client, db):
    waarnemingen = client.get("/api/v1/waarnemingen?formaat=csv").get_data(as_text=True)
    jaren = {int(r["jaar"]) for r in csv.DictReader(io.StringIO(waarnemingen))}
    assert jaren and max(jaren) <= 2024  # the demo's 2025-2026 figures are provisional
    # the demo publishes 2024 and keeps 2026 as a concept
    assert [e["jaar"] for e in client.get("/api/v1/edities").get_json()["data"]] == [2024]
    editie = Editie(jaar=2020, periode_van=date(2018, 7, 1), periode_tot=date(2020, 6, 30),
                    peildatum=date(2020, 6, 1))
    editie.registreer_bouw("f" * 64)
    editie.stel_vast()
    editie.publiceer()
    db.add(editie)
    db.commit()
    assert sorted(e["jaar"] for e in client.get("/api/v1/edities").get_json()["data"]) == [2020, 2024]
    assert client.get("/api/v1/edities/2026").status_code == 404


def test_od_with_its_municipalities(client):
    od = client.get("/api/v1/omgevingsdiensten/odmh?peildatum=2024-06-01").get_json()
    assert "GM0484" in od["gemeenten"] and od["provincies"] == ["PV28"]
    assert client.get("/api/v1/omgevingsdiensten/bestaat-niet").status_code == 404


def test_visitation_status_per_od_shows_public_facts_only(client):
    pagina = client.get("/api/v1/visitaties?per_pagina=5").get_json()
    assert pagina["totaal"] == 29 + 28 and len(pagina["data"]) == 5 and "pagina=2" in pagina["volgende"]
    alle = pagina["data"]
    while pagina["volgende"]:
        pagina = client.get(pagina["volgende"]).get_json()
        alle += pagina["data"]
    assert len(alle) == 29 + 28  # every OD of both cycles: the accepted plans made the visitations
    per_od = {v["od_code"]: v for v in alle if v["ronde"] == "2022-2024"}
    assert len(per_od) == 29 and all(v["gehouden"] for v in per_od.values())  # the cycle is over
    odmh = per_od["odmh"]
    assert (odmh["ronde"], odmh["bezoek_van"], odmh["rapport_gepubliceerd"], odmh["gepubliceerd_op"]) == (
        "2022-2024", "2023-10-03", True, "2023-12-28")
    assert client.get(odmh["rapport_url"]).status_code == 200  # the public report page
    assert all(v["rapport_gepubliceerd"] for v in per_od.values())  # the first cycle is long done
    odg = next(v for v in alle if (v["ronde"], v["od_code"]) == ("2025-2026", "odg"))  # final, not published
    assert (odg["rapport_gepubliceerd"], odg["gepubliceerd_op"], odg["rapport_url"]) == (False, None, None)
    assert all(set(v) == {"od_code", "ronde", "ronde_start", "ronde_deadline", "bezoek_van", "bezoek_tot",
                          "gehouden", "rapport_gepubliceerd", "gepubliceerd_op", "rapport_url"} for v in alle)
    assert [v["od_code"] for v in client.get("/api/v1/visitaties?od=omwb").get_json()["data"]] == ["omwb"] * 2
    tekst = client.get("/api/v1/visitaties?formaat=csv").get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(tekst)))) == 29 + 28


def test_api_conforms_to_its_openapi_document(app):
    """Every operation with generated inputs: no server error, statuses, content types and
    bodies as documented. (Driven by hand: schemathesis' pytest plugin does not run on pytest 9.)"""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    bewerkingen = [resultaat.ok() for resultaat in schema.get_all_operations()]
    assert len(bewerkingen) == 8
    for bewerking in bewerkingen:

        @given(case=bewerking.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def controleer(case):
            case.call_and_validate()

        controleer()


def test_a_nul_character_in_an_api_parameter_gets_a_json_error(client):
    antwoord = client.get("/api/v1/waarnemingen", query_string={"od": "odmh\x00"})
    assert antwoord.status_code == 400 and antwoord.mimetype == "application/json"
    assert set(antwoord.get_json()) == {"fout", "status"} and "NUL-teken" in antwoord.get_json()["fout"]


def test_the_api_follows_the_mergers_of_2026(client):
    odru = client.get("/api/v1/omgevingsdiensten/odru?peildatum=2025-12-31").get_json()
    assert (odru["geldig_tot"], odru["opvolger_code"]) == ("2025-12-31", "odu")
    assert len(odru["gemeenten"]) == 15
    assert client.get("/api/v1/omgevingsdiensten/odru?peildatum=2026-01-01").get_json()["gemeenten"] == []
    odu = client.get("/api/v1/omgevingsdiensten/odu?peildatum=2026-06-01").get_json()
    assert odu["geldig_van"] == "2026-01-01" and len(odu["gemeenten"]) == 26
    zeist = [g for g in client.get("/api/v1/gemeenten?peildatum=2026-06-01&per_pagina=500").get_json()["data"]
             if g["code"] == "GM0355"]
    assert zeist[0]["od_code"] == "odu"
