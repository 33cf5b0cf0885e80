"""The one read model of each domain fact, on plain data and without a database: the
committee's judgement per theme and its findings by type, the robustness verdict, "as known on
the reference date" and the visitation status of an OD on a day. Each also checks that the
places that used to decode the fact themselves now give what the read model gives."""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest

from staat_van_vth import visitaties as staat_visitaties
from staat_van_vth.monitoring import laatste_robuustheid
from visitatie.bekend_op import als_datum, bekend_op
from visitatie.ilt.opvolging import NIET_VASTGELEGD, opvolgpunten, per_partij, telling, zin
from visitatie.monitoring.robuustheid import geldig_oordeel, geldige_oordelen
from visitatie.raad import operations as raad_operations
from visitatie.raad import samenvatting
from visitatie.register import fusies
from visitatie.taxonomie import taxonomie
from visitatie.visitaties.kalibratie import kalibratie
from visitatie.visitaties.rapport import thema_oordelen
from visitatie.visitaties.stand import STAND_NAMEN, Bezoekstand, bezocht_op, stand_op, stand_uit_dagen
from visitatie.vragenlijsten import formulier
from visitatie.vragenlijsten.definitie import lees_tekst
from visitatie.vragenlijsten.oordeel import (
    aanbevelingen,
    bevindingen,
    niveau_met_label,
    niveau_tekst,
    niveaus_per_thema,
)

KADER = """\
code: proef
versie: 2024
titel: Proef
soort: beoordeling
schalen:
  vier:
  - {waarde: 1, label: Beginnend}
  - {waarde: 2, label: In ontwikkeling}
  - {waarde: 3, label: Op orde}
  - {waarde: 4, label: Voorbeeldig}
secties:
- code: tv
  titel: Toekomstvisie
  thema: toekomstvisie
  vragen:
  - code: tv_oordeel
    type: schaal
    schaal: vier
    descriptoren: [a, b, c, d]
    label: Oordeel
  - code: tv_punten
    type: bevindingen
    label: Punten
    typen: [sterk_punt, bevinding, aanbeveling]
- code: sp
  titel: Samenspel
  thema: samenspel
  vragen:
  - code: sp_oordeel
    type: schaal
    schaal: vier
    descriptoren: [a, b, c, d]
    label: Oordeel
  - code: sp_punten
    type: bevindingen
    label: Punten
    typen: [sterk_punt, aanbeveling]
"""

ANTWOORDEN = {
    "tv_oordeel": 3,
    "tv_punten": [{"type": "sterk_punt", "tekst": "Heldere visie"},
                  {"type": "aanbeveling", "tekst": "Meet de voortgang"},
                  {"type": "aanbeveling", "tekst": "Betrek de raad", "thema": "samenspel"}],
    "sp_oordeel": True,  # not a level: a boolean is never read as 1
    "sp_punten": [{"type": "aanbeveling", "tekst": "Spreek vaker af"}],
}


@pytest.fixture(scope="module")
def kader():
    return lees_tekst(KADER, "proef.yaml")


# --- the committee's judgement -----------------------------------------------------------

def test_the_level_per_theme_reads_only_levels_of_the_scale(kader):
    niveaus = {n.thema: n for n in niveaus_per_thema(kader, ANTWOORDEN)}
    assert list(niveaus) == ["toekomstvisie", "samenspel"]
    assert (niveaus["toekomstvisie"].niveau, niveaus["toekomstvisie"].label) == (3, "Op orde")
    assert niveaus["toekomstvisie"].maximum == 4
    assert (niveaus["samenspel"].niveau, niveaus["samenspel"].label) == (None, "")
    assert niveaus_per_thema(kader, {"tv_oordeel": 9})[0].niveau is None


def test_a_finding_takes_its_own_theme_else_its_sections(kader):
    assert [(p.type, p.thema, p.tekst) for p in bevindingen(kader, ANTWOORDEN)] == [
        ("sterk_punt", "toekomstvisie", "Heldere visie"),
        ("aanbeveling", "toekomstvisie", "Meet de voortgang"),
        ("aanbeveling", "samenspel", "Betrek de raad"),
        ("aanbeveling", "samenspel", "Spreek vaker af"),
    ]
    assert [p.tekst for p in aanbevelingen(kader, ANTWOORDEN)] == [
        "Meet de voortgang", "Betrek de raad", "Spreek vaker af"]
    assert bevindingen(kader, {}) == []


def test_report_and_calibration_read_the_same_judgement(kader):
    per_sectie = thema_oordelen(kader, ANTWOORDEN, taxonomie())
    assert per_sectie[0].oordelen == [("Oordeel", "3. Op orde")]
    assert per_sectie[0].per_type["Aanbevelingen"] == ["Meet de voortgang", "Betrek de raad"]
    aanbevolen = [t for s in per_sectie for t in s.per_type.get("Aanbevelingen", [])]
    assert aanbevolen == [p.tekst for p in aanbevelingen(kader, ANTWOORDEN)]
    # the members' overview and the form's choices print a level as the report does
    vraag = kader.secties[0].vragen[0]
    assert formulier.weergave(vraag, 3) == niveau_tekst(vraag, 3) == "3. Op orde"
    assert niveau_met_label(3, "Op orde") == "3. Op orde" and niveau_met_label(3, "") == "3"
    assert formulier.niveau_label(vraag, 3, "Op orde", "c") == "3. Op orde: c"
    rijen = {r.thema: r for r in kalibratie(kader, {"tv_oordeel": 1}, kader, ANTWOORDEN)}
    assert (rijen["toekomstvisie"].zelf, rijen["toekomstvisie"].commissie) == (1, 3)
    assert rijen["samenspel"].commissie is None  # the same reading as the Staat's table


# --- the robustness verdict ----------------------------------------------------------------

@dataclass(frozen=True)
class Beoordeling:
    id: int
    od_code: str
    datum: date
    beoordelaar: str


ZELF = Beoordeling(1, "OD1", date(2023, 10, 31), "bestuur_od")
MINISTER = Beoordeling(2, "OD1", date(2024, 6, 28), "ministerie")
LATER_ZELF = Beoordeling(3, "OD1", date(2025, 3, 1), "bestuur_od")


def test_the_ministers_latest_verdict_counts_else_the_boards():
    alle = [LATER_ZELF, MINISTER, ZELF]
    assert geldig_oordeel(alle) == MINISTER  # a later self-assessment does not overrule it
    assert geldig_oordeel(alle, date(2024, 6, 1)) == ZELF  # before the minister judged
    assert geldig_oordeel(alle, date(2023, 1, 1)) is None
    tweede = Beoordeling(4, "OD1", date(2024, 6, 28), "ministerie")
    assert geldig_oordeel([*alle, tweede]) == tweede  # same day: the later record
    assert geldige_oordelen([*alle, Beoordeling(5, "OD2", date(2023, 1, 1), "bestuur_od")],
                            date(2024, 6, 1)) == {"OD1": ZELF, "OD2": Beoordeling(5, "OD2", date(2023, 1, 1),
                                                                                  "bestuur_od")}


def test_the_staat_reads_the_same_verdict_and_says_who_made_it():
    rijen = [{"beoordeling_id": b.id, "od_code": b.od_code, "criteria_versie": "v",
              "beoordelaar": b.beoordelaar, "datum": b.datum.isoformat(), "criterium_code": "c1",
              "resultaat": r}
             for b, r in ((ZELF, "voldoet_niet"), (MINISTER, "voldoet"), (LATER_ZELF, "voldoet_niet"))]
    criteria = pd.DataFrame([{"versie": "v", "code": "c1", "volgorde": 1, "titel": "C1"}])
    laatste = laatste_robuustheid(pd.DataFrame(rijen), criteria, beoordelaar=None)
    gekozen = laatste[["beoordeling_id", "beoordelaar", "oordeel"]].values.tolist()
    assert gekozen == [[2, "ministerie", "robuust"]]
    alleen_zelf = laatste_robuustheid(pd.DataFrame(rijen[:1]), criteria, beoordelaar=None)
    assert alleen_zelf["beoordelaar"].tolist() == ["bestuur_od"]
    assert laatste_robuustheid(pd.DataFrame(rijen[:1]), criteria).empty  # the minister's only


# --- as known on the reference date ----------------------------------------------------------

@pytest.mark.parametrize("cel", [date(2024, 5, 1), "2024-05-01", "2024-05-01 00:00:00"])
def test_a_date_cell_reads_the_same_from_every_source(cel):
    assert als_datum(cel) == date(2024, 5, 1)
    assert bekend_op(cel, date(2024, 5, 1)) == date(2024, 5, 1)
    assert bekend_op(cel, date(2024, 4, 30)) is None


@pytest.mark.parametrize("leeg", [None, "", float("nan")])
def test_an_empty_cell_is_no_date(leeg):
    assert als_datum(leeg) is None and bekend_op(leeg, date.max) is None


# --- the visitation status of an OD on a day ----------------------------------------------------

def test_a_visit_is_held_on_a_day_only_when_it_took_place_by_then():
    dag = date(2024, 6, 1)
    assert stand_op("gepubliceerd", "2024-05-02", dag) == "bezocht"
    assert bezocht_op("gepubliceerd", "2024-05-02", dag) == date(2024, 5, 2)
    assert stand_op("gepubliceerd", "2024-09-02", dag) == "gepland"  # not yet on that day
    assert stand_op("gepland", "2024-05-02", dag) == "gepland"  # days passed, visit not recorded
    assert bezocht_op("gepland", "2024-05-02", dag) is None
    assert stand_op(None, None, dag) == "niet_gepland"
    # an OD of the cycle without a visitation, as a table's outer join gives it (found tenfold)
    assert stand_op(float("nan"), float("nan"), dag) == "niet_gepland"
    stand = Bezoekstand("OD1", 1, date(2024, 5, 2), date(2024, 5, 3), "bezoek_afgerond")
    assert stand.op(dag) == "bezocht" and stand.op(date(2024, 5, 1)) == "gepland"


def test_the_staats_stand_per_od_says_what_stand_op_says():
    """The Staat's table keeps the held day (`bezocht_op`) and the planned day, as its loader
    writes them; the stand it prints is `stand_op`'s, in the pages' words."""
    dag = date(2024, 6, 1)
    gevallen = [("gepubliceerd", "2024-05-02"), ("gepubliceerd", "2024-09-02"), ("gepland", "2024-05-02"),
                (None, None), (float("nan"), float("nan"))]
    bezoeken = pd.DataFrame([(1, f"od{i}", bezocht_op(status, van, dag), als_datum(van))
                             for i, (status, van) in enumerate(gevallen)],
                            columns=["ronde_id", "od_code", "bezocht_op", "gepland"])
    gedrukt = staat_visitaties.stand_per_od(bezoeken, 1)["stand"].tolist()
    verwacht = [STAND_NAMEN[stand_op(status, van, dag)].lower() for status, van in gevallen]
    assert [g.split(" (")[0] for g in gedrukt] == verwacht
    assert gedrukt[0] == "bezocht (2 mei 2024)" and gedrukt[1] == "gepland (2 september 2024)"
    assert stand_uit_dagen(float("nan"), None) == "niet_gepland"


# --- the places that used to decide a fact themselves now call the one function ----------------

LEZERS = [
    (staat_visitaties.stand_per_od, "stand_uit_dagen"),  # the stand of a visit (stand_op's rule)
    (raad_operations.visitaties_uit, "laatste_rapporten"),  # which published report is the latest
    (formulier.weergave, "niveau_tekst"),  # a level as printed
    (formulier.niveau_label, "niveau_tekst"),
    (samenvatting.uitkomst_tekst, "niveau_met_label"),  # the council's level words, as the report's
    (raad_operations.bron_uit_tabellen, "opvolgpunten"),  # the ILT follow-up items
]


@pytest.mark.parametrize(("functie", "naam"), LEZERS, ids=lambda x: getattr(x, "__name__", x))
def test_each_place_reads_the_one_function(functie, naam):
    """Each of these once derived the fact itself (and could drift): it must call the one
    function, and print no stand or level words of its own."""
    boom = ast.parse(textwrap.dedent(inspect.getsource(functie)))
    genoemd = {n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(boom)
               if isinstance(n, ast.Attribute | ast.Name)}
    assert naam in genoemd
    teksten = [n.value for n in ast.walk(boom) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [t for t in teksten if "niet gepland" in t or t.endswith(". ")], teksten


# --- ILT follow-up ---------------------------------------------------------------------------------

def test_every_addressed_party_has_one_follow_up_category():
    bevindingen_ = [(1, 1, "aanbeveling"), (1, 2, "verbeterpunt"), (1, 3, "conclusie"), (2, 1, "aanbeveling")]
    adressaten = [(1, 1, "od", "odmh"), (1, 1, "od", "opgeheven"), (1, 2, "actor", "omgevingsdiensten"),
                  (1, 2, "actor", "gemeenten"), (1, 3, "od", "odmh"), (2, 1, "actor", "provincies"),
                  (2, 1, "provincie", "PV28")]
    opvolging = [(1, 1, "od", "odmh", "afgerond"), (1, 2, "od", "dcmr", "in_behandeling"),
                 (1, 3, "od", "odmh", "open")]  # a conclusion gets no follow-up, even when recorded
    punten = opvolgpunten(bevindingen_, adressaten, opvolging,
                          {"od": ["odmh", "dcmr"], "provincie": ["PV28", "PV27"]}, opvolgers={})
    assert [(p.studie_id, p.nummer, p.partij_code, p.categorie) for p in punten] == [
        (1, 1, "odmh", "afgerond"), (1, 2, "dcmr", "in_behandeling"), (1, 2, "odmh", NIET_VASTGELEGD),
        (2, 1, "PV27", NIET_VASTGELEGD), (2, 1, "PV28", NIET_VASTGELEGD)]
    t = telling(punten)
    assert (t.n, t.aantal("afgerond"), t.aantal(NIET_VASTGELEGD), t.aantal("open")) == (5, 1, 3, 0)
    assert t.percentage("afgerond") == 20.0 and t.niet_klaar == 4
    assert telling([]).percentage("afgerond") is None  # no items: no share, never 0 %
    assert per_partij(punten)[("od", "odmh")].n == 2
    assert zin(t) == ("Van de 5 opvolgpunten: 1 afgerond, 0 niet overgenomen, 1 in behandeling, "
                      "0 open en 3 niet vastgelegd.")
    assert zin(per_partij(punten)[("od", "dcmr")]) == "Er is 1 opvolgpunt: in behandeling."
    assert zin(telling([])) == "Er zijn geen opvolgpunten."


def test_an_od_addressed_by_name_that_merged_counts_at_its_successor():
    """After a merger a recommendation to a predecessor by name is one item of the successor (the
    register's successor, as the Staat folds other data), in the successor's own record; before
    it, each predecessor has its own item."""
    register = {"odra": "odgm", "odrn": "odgm", "odgm": None, "odmh": None, "oud": "odra"}
    assert fusies.opvolgers(["odgm", "odmh"], register) == {"odra": "odgm", "odrn": "odgm", "oud": "odgm"}
    assert fusies.opvolgers(["odmh"], register) == {}  # a successor not yet started: nothing to fold into
    # before the merger day ODRA and ODRN still exist: they are nobody's predecessor yet (an OD
    # merged into ODRA earlier is ODRA's)
    assert fusies.opvolgers(["odra", "odrn", "odmh"], register) == {"oud": "odra"}
    bevindingen_ = [(1, 1, "aanbeveling"), (1, 2, "aanbeveling"), (1, 3, "conclusie")]
    adressaten = [(1, 1, "od", "odra"), (1, 1, "od", "odrn"), (1, 2, "od", "oud"), (1, 2, "od", "odgm"),
                  (1, 3, "od", "odra")]
    opvolging = [(1, 1, "od", "odra", "afgerond"), (1, 2, "od", "odgm", "open")]

    def punten(ods: list[str]) -> list[tuple]:
        return [(p.nummer, p.partij_code, p.categorie) for p in opvolgpunten(
            bevindingen_, adressaten, opvolging, {"od": ods}, opvolgers=fusies.opvolgers(ods, register))]

    assert punten(["odgm", "odmh"]) == [(1, "odgm", NIET_VASTGELEGD), (2, "odgm", "open")]
    # before it (oud went into odra earlier, so counts there)
    assert punten(["odra", "odrn", "odmh"]) == [(1, "odra", "afgerond"), (1, "odrn", NIET_VASTGELEGD),
                                                 (2, "odra", NIET_VASTGELEGD)]
