"""One truth per edition: every output of the demo's published 2024 edition (open data, the
HTML site, the PDF, every council summary) and the API tell the same visit date per OD and the
same numbers of ODs, municipalities and published reports. The facts are read back from the
outputs themselves, so a refactoring that makes one output derive a fact differently fails here."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pypdf import PdfReader

from staat_van_vth.snapshot import lees_snapshot
from visitatie.publicatie.bouwen import editiemap
from visitatie.raad import bevroren
from visitatie.taal import datum_nl

PEILDATUM = "2024-06-01"


@pytest.fixture
def database_url(demo_database_url):
    """The demo, with the 2024 edition it builds and publishes."""
    return demo_database_url


@pytest.fixture
def editie(app):
    map_ = editiemap(2024, app.config["STORAGE_DIR"])
    snapshot = lees_snapshot(map_ / "snapshot").tabellen
    pdf = PdfReader(map_ / "editie" / "staat-van-vth-2024.pdf")
    pdf_tekst = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    return map_, snapshot, pdf_tekst


def _open_data(map_, naam: str) -> pd.DataFrame:
    return pd.read_csv(map_ / "editie" / "open-data" / f"{naam}.csv", keep_default_na=False,
                       na_values=[""], dtype=str)


def _laatste_rapporten(rapporten: pd.DataFrame) -> dict[str, str]:
    """OD -> first visit day of its latest published report."""
    return dict(rapporten.sort_values(["gepubliceerd_op", "ronde_id"])
                .groupby("od_code").last()["bezoek_van"])


def _api_alles(client, pad: str) -> list[dict]:
    rijen, url = [], pad
    while url:
        antwoord = client.get(url).get_json()
        rijen += antwoord["data"]
        url = antwoord.get("volgende")
    return rijen


def test_every_output_gives_the_same_visit_date_per_od(client, editie):
    map_, snapshot, pdf_tekst = editie
    laatste = _laatste_rapporten(snapshot["visitatierapporten"])
    assert len(laatste) >= 6  # the demo publishes reports before the edition's reference date
    assert _laatste_rapporten(_open_data(map_, "visitatierapporten")) == laatste
    api = _api_alles(client, "/api/v1/visitaties?per_pagina=100")
    deelnames = snapshot["deelnames"]
    for od_code, bezoek in laatste.items():
        tekst = f"bezoek {datum_nl(pd.Timestamp(bezoek).date())}"
        assert tekst in (map_ / "editie" / "site" / "od" / f"{od_code}.html").read_text(encoding="utf-8")
        assert tekst in pdf_tekst, od_code
        zin = f"was op {datum_nl(pd.Timestamp(bezoek).date())}"
        for code in deelnames[deelnames["od_code"] == od_code]["deelnemer_code"]:
            assert zin in bevroren.lees(map_ / bevroren.MAP, code).inhoud, (od_code, code)
        gepubliceerd = [r for r in api if r["od_code"] == od_code and r["rapport_gepubliceerd"]
                        and r["gepubliceerd_op"] <= PEILDATUM]
        assert max(gepubliceerd, key=lambda r: r["gepubliceerd_op"])["bezoek_van"] == bezoek


def test_every_output_counts_the_same_services_municipalities_and_reports(client, editie):
    map_, snapshot, _pdf = editie
    kerncijfers = _open_data(map_, "kerncijfers").set_index("code")["waarde"].astype(float)
    per_od = _open_data(map_, "gemeenten_per_od")
    api_ods = [o for o in _api_alles(client, "/api/v1/omgevingsdiensten?per_pagina=100")
               if (o["geldig_van"] or "") <= PEILDATUM and (o["geldig_tot"] or "9999") >= PEILDATUM]
    aantallen_ods = {int(kerncijfers["ods"]), len(snapshot["omgevingsdiensten"]), len(per_od), len(api_ods)}
    assert aantallen_ods == {28}
    gemeenten = snapshot["deelnames"].query("soort == 'gemeente'")["deelnemer_code"].nunique()
    api_gemeenten = client.get(f"/api/v1/gemeenten?peildatum={PEILDATUM}&per_pagina=1").get_json()["totaal"]
    assert {int(kerncijfers["gemeenten"]), int(per_od["gemeenten"].astype(int).sum()), gemeenten,
            api_gemeenten} == {342}
    summaries = [p for p in (map_ / bevroren.MAP).glob("GM*.json")]
    assert len(summaries) == 342
    rapporten = _laatste_rapporten(snapshot["visitatierapporten"])
    assert int(kerncijfers["visitatie_rapporten"]) == len(rapporten)
