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
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from staat_van_vth.snapshot import lees_snapshot
from staat_van_vth.visitaties import AFGEHANDELD, bezocht_in_laatste_ronde
from tests.test_query_counts import SYNTHETISCHE_ODS, vertienvoudig_demo
from visitatie.ilt.opvolging import CATEGORIEEN, Telling, zin
from visitatie.publicatie.bouwen import bouw_uitvoer, editiemap
from visitatie.publicatie.models import Editie
from visitatie.raad import bevroren
from visitatie.raad.samenvatting import OP_ORDE
from visitatie.taal import aantal, datum_nl, getal

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

    def site_hoofdstuk(self, naam: str) -> str:
        return _platte_tekst((self.map_ / "editie" / "site" / f"{naam}.html").read_text(encoding="utf-8"))

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


@pytest.fixture(scope="module")
def editie(demo_template):
    """The demo's 2024 edition as the demo built and published it: read from the session's demo
    (the tests only read it), its PDF's text extracted once for the module."""
    return _uitvoer(editiemap(2024, demo_template[1]), tienvoud=False)


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


def _bestaand(editie: Uitvoer) -> set[str]:
    """The ODs of the edition's population: those that exist on its reference date."""
    return set(editie.snapshot["omgevingsdiensten"]["code"])


def every_output_gives_the_same_visit_date_per_od(client, editie: Uitvoer):
    laatste = _laatste_rapporten(editie.snapshot["visitatierapporten"])
    assert len(laatste) >= 6  # the demo publishes reports before the edition's reference date
    assert _laatste_rapporten(_open_data(editie.map_, "visitatierapporten")) == laatste
    api = _api_alles(client, "/api/v1/visitaties?per_pagina=100")
    for od_code, bezoek in laatste.items():
        gepubliceerd = [r for r in api if r["od_code"] == od_code and r["rapport_gepubliceerd"]
                        and r["gepubliceerd_op"] <= PEILDATUM]
        assert max(gepubliceerd, key=lambda r: r["gepubliceerd_op"])["bezoek_van"] == bezoek
        if od_code not in _bestaand(editie):
            continue  # merged before the reference date: in the open data, not in the Staat's text
        dag = datum_nl(pd.Timestamp(bezoek).date())
        assert f"bezoek {dag}" in editie.site(od_code)
        assert f"bezoek {dag}" in editie.pdf_tekst, od_code
        for code in _deelnemers(editie, od_code):
            assert f"was op {dag}" in editie.raad(code), (od_code, code)


def test_every_council_summary_names_the_visit_the_staat_reports(editie):
    every_council_summary_names_the_visit_the_staat_reports(editie)


def every_council_summary_names_the_visit_the_staat_reports(editie: Uitvoer):
    """The Staat's "Stand per omgevingsdienst" (visited in the latest cycle, report published or
    not) and every council summary of the OD's participants give the same visit. The check above
    only covers ODs with a published report, which is how RUD Utrecht's visit of 7 November 2022
    (report not yet published then) escaped it: its summaries said there was no data at all."""
    bezocht = bezocht_in_laatste_ronde(editie.snapshot["visitatierondes"],
                                       editie.snapshot["visitatiebezoeken"])
    zonder_rapport = set(bezocht) - set(_laatste_rapporten(editie.snapshot["visitatierapporten"]))
    assert zonder_rapport & _bestaand(editie)  # the case that escaped (in the demo: ODBN, ODRU, ...)
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
    assert len(_laatste_rapporten(_open_data(editie.map_, "visitatierapporten"))) == len(rapporten)
    # the key figure counts the population's reports (a merged OD's stay in the open data)
    assert int(kerncijfers["visitatie_rapporten"]) == len(set(rapporten) & _bestaand(editie))


def test_every_output_counts_the_same_actions_and_themes_per_od(editie):
    every_output_counts_the_same_actions_and_themes_per_od(editie)
    every_output_counts_the_same_ilt_follow_up(editie)


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
        if od_code not in _bestaand(editie):
            continue  # merged before the reference date: in the open data, not in the Staat's text
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
            assert (f"Het plan om te verbeteren heeft {aantal(n, 'actie', 'acties')}. Daarvan "
                    f"{'is' if klaar == 1 else 'zijn'} er {klaar} klaar en {laat} over de datum." in blok
                    ) if n else ("Het plan om te verbeteren" not in blok), (
                od_code, code, blok)
            if niveaus:
                hoeveel = {len(niveaus): "alle", 0: "geen van de"}.get(goed, f"{goed} van de")
                assert f"Bij {hoeveel} {len(niveaus)} thema's is de dienst op orde of beter." in blok
        met_plan += n > 0
    assert met_plan  # the demo has improvement plans in its published reports


def _ilt_opvolgpunten(editie: Uitvoer) -> dict[tuple[str, str], Counter]:
    """The follow-up items per party, counted here from the open data's own ILT tables: each
    recommendation or improvement point and each OD or province of the edition it is addressed
    to (by name, or as the category of all ODs or all provinces), in the status that party
    recorded, else "niet_vastgelegd"."""
    bevindingen = _open_data(editie.map_, "ilt_bevindingen")
    adressaten = _open_data(editie.map_, "ilt_adressaten")
    opvolging = _open_data(editie.map_, "ilt_opvolging")
    deelnames = editie.snapshot["deelnames"]
    partijen = {"od": set(editie.snapshot["omgevingsdiensten"]["code"]),
                "provincie": set(deelnames.loc[deelnames["soort"] == "provincie", "deelnemer_code"])}
    categorie = {"omgevingsdiensten": "od", "provincies": "provincie"}
    status = {(o.studie_id, o.nummer, o.partij_soort, o.partij_code): o.status
              for o in opvolging.itertuples()}
    gericht: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for a in adressaten.itertuples():
        if a.code in partijen.get(a.soort, ()):
            gericht[(a.studie_id, a.nummer)].add((a.soort, a.code))
        elif a.soort == "actor" and a.code in categorie:
            gericht[(a.studie_id, a.nummer)] |= {(categorie[a.code], c) for c in partijen[categorie[a.code]]}
    telling: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for b in bevindingen[bevindingen["type"].isin(["aanbeveling", "verbeterpunt"])].itertuples():
        for partij in gericht[(b.studie_id, b.nummer)]:
            telling[partij][status.get((b.studie_id, b.nummer, *partij), "niet_vastgelegd")] += 1
    return telling


def _als_telling(aantallen: Counter) -> Telling:
    return Telling(tuple((c, aantallen[c]) for c in CATEGORIEEN))


def _raad_ilt(samenvatting: str) -> str:
    """The ILT section of a council summary: from its heading to the next section's."""
    begin = samenvatting.index("Onderzoek door de inspectie")
    return samenvatting[begin:samenvatting.index("Cijfers over", begin)]


def test_every_output_counts_the_same_ilt_follow_up(editie):
    every_output_counts_the_same_ilt_follow_up(editie)


def every_output_counts_the_same_ilt_follow_up(editie: Uitvoer):
    """The ILT follow-up items per category ("niet vastgelegd" its own category, never open or
    done), nationally and per OD and province, as counted here from the open data's ILT tables,
    as the open data's derived tables give them, as the Staat's PDF and site say them (the ILT
    chapter nationally, the OD pages per OD) and as every council summary of the OD's (and the
    province's) participants shows them in its table."""
    verwacht = _ilt_opvolgpunten(editie)
    assert sum(sum(c.values()) for c in verwacht.values()) > 0  # the demo has recommendations
    per_partij = _open_data(editie.map_, "ilt_opvolging_per_partij")
    gepubliceerd = {(r["partij_soort"], r["partij_code"]): Counter(
        {c: int(r[c]) for c in CATEGORIEEN if int(r[c])}) for r in per_partij.to_dict("records")}
    assert gepubliceerd == {p: +c for p, c in verwacht.items()}
    assert (per_partij[list(CATEGORIEEN)].astype(int).sum(axis=1) == per_partij["totaal"].astype(int)).all()
    landelijk = sum(verwacht.values(), Counter())
    stand = _open_data(editie.map_, "ilt_opvolging_stand").set_index("categorie")["aantal"].astype(int)
    assert stand.to_dict() == {c: landelijk[c] for c in CATEGORIEEN}
    zin_landelijk = zin(_als_telling(landelijk))
    assert zin_landelijk in editie.pdf_tekst and zin_landelijk in editie.site_hoofdstuk("ilt")
    kerncijfers = _open_data(editie.map_, "kerncijfers").set_index("code")["waarde"].astype(float)
    assert kerncijfers["ilt_afgerond"] == round(100 * landelijk["afgerond"] / sum(landelijk.values()), 1)
    afkorting = dict(editie.snapshot["omgevingsdiensten"][["code", "afkorting"]].values)
    namen = dict(editie.snapshot["deelnames"][["deelnemer_code", "naam"]].values)
    for (soort, code), aantallen in verwacht.items():
        telling = _als_telling(aantallen)
        rij = " ".join(getal(telling.aantal(c)) for c in CATEGORIEEN) + f" {getal(telling.n)} "
        if soort == "od":
            assert f"ILT-opvolging. {zin(telling)}" in editie.site(code), code
            assert f"ILT-opvolging. {zin(telling)}" in editie.pdf_tekst, code
            for deelnemer in _deelnemers(editie, code):
                assert f" {afkorting[code]} {rij}" in _raad_ilt(editie.raad(deelnemer)), (code, deelnemer)
        else:
            assert f" {namen[code]} {rij}" in _raad_ilt(editie.raad(code)), code


def _totaalrijen(pagina: str) -> list[list[int]]:
    """The "Totaal" rows of a page's tables (in page order), as numbers."""
    return [[int(c.replace(".", "")) for c in re.findall(r"<td>([\d.]+)</td>", rij)]
            for rij in re.findall(r"<tfoot><tr><th scope=\"row\">Totaal</th>(.*?)</tr></tfoot>", pagina)]


def test_the_ilt_page_counts_the_follow_up_items_the_staat_counts(app, client, editie):
    """/ilt/opvolging per theme, per OD and per province: the themes' totals are the ODs' and
    provinces' together and the Staat's count of the same data (the tables of today's reference
    date); on the edition's reference date the overview counts what the edition published."""
    from datetime import date

    from staat_van_vth import ilt as staat_ilt
    from staat_van_vth.load import laad_tabellen
    from visitatie.ilt.operations import opvolging_overzicht
    from visitatie.ilt.opvolging import telling
    from visitatie.timeutil import vandaag

    thema, od, provincie = _totaalrijen(client.get("/ilt/opvolging").get_data(as_text=True))
    assert thema[0] < thema[1]  # per theme: recommendations, then items (one per addressed party)
    assert thema[1:] == [a + b for a, b in zip(od, provincie, strict=True)]
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        tabellen = laad_tabellen(db.connection(), vandaag(), [
            "omgevingsdiensten", "omgevingsdiensten_register", "deelnames", "ilt_bevindingen",
            "ilt_adressaten", "ilt_opvolging"])
        staat = telling(staat_ilt.opvolgpunten(tabellen))
        assert thema[1:] == [staat.n, *(staat.aantal(c) for c in CATEGORIEEN)]
        toen = opvolging_overzicht(db, date.fromisoformat(PEILDATUM)).totaal
    stand = _open_data(editie.map_, "ilt_opvolging_stand").set_index("categorie")["aantal"].astype(int)
    assert toen.per_status == stand.to_dict()


@pytest.mark.zwaar
def test_every_output_agrees_on_tenfold_data(app, client, tmp_path):
    """The same checks on the demo grown tenfold, with the 2024 edition built again (once)."""
    editie = _uitvoer(_tienvoudige_editie(app, tmp_path / "tienvoud"), tienvoud=True)
    every_output_gives_the_same_visit_date_per_od(client, editie)
    every_council_summary_names_the_visit_the_staat_reports(editie)
    every_output_counts_the_same_services_municipalities_and_reports(client, editie)
    every_output_counts_the_same_actions_and_themes_per_od(editie)
    every_output_counts_the_same_ilt_follow_up(editie)
