"""One truth per edition: every output of the demo's published 2024 edition (open data, the
HTML site, the PDF, every council summary) and the API tell the same visit date per OD and the
same numbers of ODs, municipalities and published reports, actions of the improvement plans and
themes at level "op orde". The facts are read back from the outputs themselves, so a refactoring
that makes one output derive a fact differently fails here. The same checks run on the demo
grown tenfold (`tests/test_query_counts.vertienvoudig_demo`), with the edition built again.
That the accepted plan, the visitations and /api/v1/visitaties agree per OD is
tests/test_plan_naar_visitatie_demo.py."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from staat_van_vth.snapshot import lees_snapshot
from staat_van_vth.visitaties import AFGEHANDELD, bezocht_in_laatste_ronde
from tests.test_query_counts import SYNTHETISCHE_ODS, vertienvoudig_demo
from visitatie.publicatie.bouwen import bouw_uitvoer, editiemap
from visitatie.publicatie.models import Editie
from visitatie.raad import bevroren
from visitatie.raad.samenvatting import OP_ORDE
from visitatie.taal import datum_nl

PEILDATUM = "2024-06-01"


@pytest.fixture
def database_url(demo_database_url):
    """The demo, with the 2024 edition it builds and publishes."""
    return demo_database_url


@dataclass
class Uitvoer:
    map_: Path
    snapshot: dict[str, pd.DataFrame]
    pdf_tekst: str
    tienvoud: bool

    def site(self, od_code: str) -> str:
        pagina = self.map_ / "editie" / "site" / "od" / f"{od_code}.html"
        return _platte_tekst(pagina.read_text(encoding="utf-8"))

    def raad(self, code: str) -> str:
        return _platte_tekst(bevroren.lees(self.map_ / bevroren.MAP, code).inhoud)


def _platte_tekst(opmaak: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", opmaak)))


def _tienvoudige_editie(app, map_: Path) -> Path:
    """The demo grown tenfold, and the 2024 edition built again from it (nothing is stored)."""
    vertienvoudig_demo(app)
    storage = Path(app.config["STORAGE_DIR"])
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        editie = db.exec(select(Editie).where(Editie.jaar == 2024)).one()
        bouw_uitvoer(db, editie, map_, storage)
    return map_


def _uitvoer(map_: Path, tienvoud: bool) -> Uitvoer:
    snapshot = lees_snapshot(map_ / "snapshot").tabellen
    pdf = PdfReader(map_ / "editie" / "staat-van-vth-2024.pdf")
    pdf_tekst = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    return Uitvoer(map_, snapshot, pdf_tekst, tienvoud)


@pytest.fixture
def editie(app):
    """The demo's 2024 edition as the demo built and published it."""
    return _uitvoer(editiemap(2024, app.config["STORAGE_DIR"]), tienvoud=False)


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


def _laatste_ronde(rapporten: pd.DataFrame) -> dict[str, str]:
    """OD -> cycle of its latest published report."""
    return dict(rapporten.sort_values(["gepubliceerd_op", "ronde_id"])
                .groupby("od_code").last()["ronde_id"].astype(str))


def _verwacht(editie: Uitvoer, demo: int) -> int:
    """A count of the demo, plus one per synthetic OD (with one municipality) when tenfold."""
    return demo + (SYNTHETISCHE_ODS if editie.tienvoud else 0)


def _deelnemers(editie: Uitvoer, od_code: str) -> list[str]:
    deelnames = editie.snapshot["deelnames"]
    return list(deelnames[deelnames["od_code"] == od_code]["deelnemer_code"])


def _visitatieblok(samenvatting: str, afkorting: str) -> str:
    """What a council summary says about one OD's visitation: from its first sentence to the
    next OD's."""
    begin = samenvatting.index(f"De visitatie van {afkorting} was op")
    einde = samenvatting.find("De visitatie van ", begin + 1)
    return samenvatting[begin:einde if einde > 0 else None]


def test_every_output_gives_the_same_visit_date_per_od(client, editie):
    every_output_gives_the_same_visit_date_per_od(client, editie)


def every_output_gives_the_same_visit_date_per_od(client, editie: Uitvoer):
    laatste = _laatste_rapporten(editie.snapshot["visitatierapporten"])
    assert len(laatste) >= 6  # the demo publishes reports before the edition's reference date
    assert _laatste_rapporten(_open_data(editie.map_, "visitatierapporten")) == laatste
    api = _api_alles(client, "/api/v1/visitaties?per_pagina=100")
    for od_code, bezoek in laatste.items():
        dag = datum_nl(pd.Timestamp(bezoek).date())
        assert f"bezoek {dag}" in editie.site(od_code)
        assert f"bezoek {dag}" in editie.pdf_tekst, od_code
        for code in _deelnemers(editie, od_code):
            assert f"was op {dag}" in editie.raad(code), (od_code, code)
        gepubliceerd = [r for r in api if r["od_code"] == od_code and r["rapport_gepubliceerd"]
                        and r["gepubliceerd_op"] <= PEILDATUM]
        assert max(gepubliceerd, key=lambda r: r["gepubliceerd_op"])["bezoek_van"] == bezoek


def test_every_council_summary_names_the_visit_the_staat_reports(editie):
    every_council_summary_names_the_visit_the_staat_reports(editie)


def every_council_summary_names_the_visit_the_staat_reports(editie: Uitvoer):
    """The Staat's "Stand per omgevingsdienst" (visited in the latest cycle, report published or
    not) and every council summary of the OD's participants give the same visit. The check above
    only covers ODs with a published report, which is how RUD Utrecht's visit of 7 November 2022
    (report not yet published) escaped it: its summaries said there was no data at all."""
    bezocht = bezocht_in_laatste_ronde(editie.snapshot["visitatierondes"],
                                       editie.snapshot["visitatiebezoeken"])
    assert "rud-utrecht" in bezocht and "rud-utrecht" not in _laatste_rapporten(
        editie.snapshot["visitatierapporten"])  # the case that escaped
    namen = dict(editie.snapshot["omgevingsdiensten"][["code", "naam"]].values)
    for od_code, dag in bezocht.items():
        if od_code not in namen:
            continue  # merged before the reference date: neither the Staat nor a summary names it
        assert f"{namen[od_code]} bezocht ({datum_nl(dag)})" in editie.pdf_tekst, od_code
        for code in _deelnemers(editie, od_code):
            samenvatting = editie.raad(code)
            assert datum_nl(dag) in samenvatting, (od_code, code)
            assert "nog geen gegevens" not in samenvatting, (od_code, code)
            assert f"{namen[od_code]} ({namen[od_code]})" not in samenvatting, (od_code, code)


def test_every_output_counts_the_same_services_municipalities_and_reports(client, editie):
    every_output_counts_the_same_services_municipalities_and_reports(client, editie)


def every_output_counts_the_same_services_municipalities_and_reports(client, editie: Uitvoer):
    snapshot = editie.snapshot
    kerncijfers = _open_data(editie.map_, "kerncijfers").set_index("code")["waarde"].astype(float)
    per_od = _open_data(editie.map_, "gemeenten_per_od")
    api_ods = [o for o in _api_alles(client, "/api/v1/omgevingsdiensten?per_pagina=100")
               if (o["geldig_van"] or "") <= PEILDATUM and (o["geldig_tot"] or "9999") >= PEILDATUM]
    aantallen_ods = {int(kerncijfers["ods"]), len(snapshot["omgevingsdiensten"]), len(per_od), len(api_ods)}
    assert aantallen_ods == {_verwacht(editie, 28)}
    deelnames = snapshot["deelnames"].query("soort == 'gemeente'")
    gemeenten = deelnames["deelnemer_code"].nunique()
    # the API gives a row per municipality and OD it takes part in
    api = _api_alles(client, f"/api/v1/gemeenten?peildatum={PEILDATUM}&per_pagina=100")
    summaries = list((editie.map_ / bevroren.MAP).glob("GM*.json"))
    assert {int(kerncijfers["gemeenten"]), gemeenten, len({g["code"] for g in api}), len(summaries)} == {
        _verwacht(editie, 342)}
    # per OD: a municipality counts for each OD it takes part in (the tenfold data's synthetic
    # municipalities take part in two; the demo's in one, so there the sum is the total too)
    paren = len(deelnames.drop_duplicates(["od_code", "deelnemer_code"]))
    api_paren = sum(g["od_code"] is not None for g in api)
    assert {int(per_od["gemeenten"].astype(int).sum()), paren, api_paren} == {
        _verwacht(editie, 342) + (SYNTHETISCHE_ODS if editie.tienvoud else 0)}
    rapporten = _laatste_rapporten(snapshot["visitatierapporten"])
    assert int(kerncijfers["visitatie_rapporten"]) == len(rapporten)
    assert len(_laatste_rapporten(_open_data(editie.map_, "visitatierapporten"))) == len(rapporten)


def test_every_output_counts_the_same_actions_and_themes_per_od(editie):
    every_output_counts_the_same_actions_and_themes_per_od(editie)


def every_output_counts_the_same_actions_and_themes_per_od(editie: Uitvoer):
    """The improvement plan of each OD's latest report (actions, done, overdue) as the open data,
    the Staat's OD page and PDF and every council summary of its participants give it; and on
    how many themes the committee judged the OD "op orde" or better, as the open data and the
    council summaries give it."""
    laatste = _laatste_ronde(_open_data(editie.map_, "visitatierapporten"))
    acties = _open_data(editie.map_, "verbeteracties")
    oordelen = _open_data(editie.map_, "visitatie_oordelen")
    afkorting = dict(editie.snapshot["omgevingsdiensten"][["code", "afkorting"]].values)
    met_plan = 0
    for od_code, ronde in laatste.items():
        eigen = acties[(acties["od_code"] == od_code) & (acties["ronde_id"] == ronde)]
        gedaan = eigen["status"].isin(AFGEHANDELD)
        n, klaar = len(eigen), int(gedaan.sum())
        laat = int((~gedaan & eigen["deadline"].notna() & (eigen["deadline"] < PEILDATUM)).sum())
        staat = (f"Verbeterplan: {n} {'actie' if n == 1 else 'acties'}, waarvan {klaar} gereed en {laat} "
                 f"over de termijn" if n else "Er is nog geen verbeterplan.")
        assert staat in editie.site(od_code) and staat in editie.pdf_tekst, (od_code, staat)
        niveaus = oordelen[(oordelen["od_code"] == od_code) & (oordelen["ronde_id"] == ronde)]["niveau"]
        niveaus = [int(float(w)) for w in niveaus.dropna()]
        goed = sum(w >= OP_ORDE for w in niveaus)
        for code in _deelnemers(editie, od_code):
            blok = _visitatieblok(editie.raad(code), afkorting[od_code])
            assert (f"Het plan om te verbeteren heeft {n} acties. Daarvan zijn er {klaar} klaar en "
                    f"{laat} over de datum." in blok) if n else ("Het plan om te verbeteren" not in blok), (
                od_code, code, blok)
            if niveaus:
                hoeveel = {len(niveaus): "alle", 0: "geen van de"}.get(goed, f"{goed} van de")
                assert f"Bij {hoeveel} {len(niveaus)} thema's is de dienst op orde of beter." in blok
        met_plan += n > 0
    assert met_plan  # the demo has improvement plans in its published reports


@pytest.mark.zwaar
def test_every_output_agrees_on_tenfold_data(app, client, tmp_path):
    """The same checks on the demo grown tenfold, with the 2024 edition built again (once)."""
    editie = _uitvoer(_tienvoudige_editie(app, tmp_path / "tienvoud"), tienvoud=True)
    every_output_gives_the_same_visit_date_per_od(client, editie)
    every_council_summary_names_the_visit_the_staat_reports(editie)
    every_output_counts_the_same_services_municipalities_and_reports(client, editie)
    every_output_counts_the_same_actions_and_themes_per_od(editie)
