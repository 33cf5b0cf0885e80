"""The questionnaire engine: definitions load, broken ones are refused with their place,
lineage, the show_if language and a runtime form for every question type."""

from __future__ import annotations

import pytest

from visitatie.vragenlijsten import expressie
from visitatie.vragenlijsten.definitie import (
    VRAAGTYPEN,
    DefinitieFout,
    catalogus,
    lees_tekst,
    vergelijkbare_vragen,
)
from visitatie.vragenlijsten.formulier import (
    bouw_formulier,
    controleer_volledig,
    formulier_data,
    waarde_uit_veld,
)

GOED = """\
code: proef
versie: 2024
titel: Proef
soort: zelfevaluatie
schalen:
  vier:
  - {waarde: 1, label: Een}
  - {waarde: 2, label: Twee}
secties:
- code: s1
  titel: Sectie
  thema: toekomstvisie
  vragen:
  - code: schaal
    type: schaal
    schaal: vier
    descriptoren: [laag, hoog]
    label: Schaal
    verplicht: true
  - code: keuze
    type: enkele_keuze
    label: Keuze
    opties: [{waarde: a, label: A}, {waarde: b, label: B}]
  - code: meer
    type: meervoudige_keuze
    label: Meer
    opties: [{waarde: a, label: A}, {waarde: b, label: B}]
  - code: jn
    type: ja_nee
    label: Ja of nee
  - code: getal
    type: getal
    label: Getal
    min: 0
    max: 10
    eenheid: fte
    show_if: "jn == 'ja'"
  - code: kort
    type: korte_tekst
    label: Kort
  - code: lang
    type: lange_tekst
    label: Lang
  - code: bestand
    type: bestand
    label: Bestand
  - code: punten
    type: bevindingen
    label: Punten
    typen: [sterk_punt, bevinding, aanbeveling]
"""


def test_every_shipped_definition_loads_with_the_six_themes():
    lijsten = catalogus()
    assert set(lijsten) == {
        "zelfevaluatie@2024",
        "zelfevaluatie@2026",
        "visitatiekader@2024",
        "visitatiekader@2026",
    }
    kader = lijsten["visitatiekader@2024"]
    themas = [s.thema for s in kader.secties if s.thema]
    assert themas == [
        "toekomstvisie",
        "samenspel",
        "ketensamenwerking",
        "taakuitvoering",
        "professionaliteit",
        "bedrijfsvoering",
    ]
    oordeel = kader.vragen["tv_oordeel"]
    assert [n.label for n in oordeel.niveaus] == [
        "Beginnend",
        "In ontwikkeling",
        "Op orde",
        "Voorbeeldig",
    ]
    assert all(n.descriptor for n in oordeel.niveaus)


def test_lineage_compares_only_comparable_questions():
    c = catalogus()
    paren = vergelijkbare_vragen(c["zelfevaluatie@2024"], c["zelfevaluatie@2026"])
    assert paren["tv_visie_uitvoering"] == "tv_beschrijving"  # reworded
    assert "bv_informatiegestuurd" not in paren  # new
    assert "bs_opdrachtgeverschap" not in paren  # split: not comparable
    assert paren["fte"] == "fte"
    assert c["zelfevaluatie@2026"].vragen["bv_informatiegestuurd"].herkomst == "nieuw"


def test_a_good_definition_has_every_question_type():
    lijst = lees_tekst(GOED, "proef.yaml")
    assert {v.type for v in lijst.vragen.values()} == set(VRAAGTYPEN)


@pytest.mark.parametrize(
    "oud, nieuw, plaats, reden",
    [
        ("    label: Keuze\n", "", "proef.yaml:", "label"),
        (
            "    type: ja_nee\n",
            "    type: jaofnee\n",
            "proef.yaml:29: secties[0].vragen[3].type",
            "niet toegestaan",
        ),
        (
            "    show_if: \"jn == 'ja'\"",
            "    show_if: \"kort == 'x'\"",
            "show_if",
            "latere vragen: kort",
        ),
        ("    show_if: \"jn == 'ja'\"", "    show_if: \"jn === 'ja'\"", "show_if", "onleesbaar"),
        (
            "  thema: toekomstvisie\n",
            "  thema: onbekend\n",
            "proef.yaml:12: secties[0].thema",
            "taxonomie",
        ),
        (
            "    typen: [sterk_punt, bevinding, aanbeveling]",
            "    typen: [pluspunt]",
            "typen",
            "taxonomie",
        ),
        ("    descriptoren: [laag, hoog]", "    descriptoren: [laag]", "descriptoren", "één per niveau"),
        ("  - code: kort\n", "  - code: lang\n", "code", "twee keer"),
        ("titel: Proef\n", "titel: Proef\ntitel: Dubbel\n", "proef.yaml:4", "twee keer"),
        ("    min: 0\n", "    min: 20\n", "min", "groter dan max"),
        ("soort: zelfevaluatie\n", "soort: [zelfevaluatie\n", "proef.yaml:", "geen geldige YAML"),
    ],
)
def test_a_broken_definition_names_its_place_and_reason(oud, nieuw, plaats, reden):
    assert oud in GOED
    with pytest.raises(DefinitieFout) as fout:
        lees_tekst(GOED.replace(oud, nieuw, 1), "proef.yaml")
    tekst = str(fout.value)
    assert plaats in tekst and reden in tekst, tekst


@pytest.mark.parametrize(
    "tekst, antwoorden, verwacht",
    [
        ("jn == 'ja'", {"jn": "ja"}, True),
        ("jn == 'ja'", {}, False),
        ("not jn == 'ja'", {"jn": "nee"}, True),
        ("getal >= 5 and getal < 10", {"getal": 7}, True),
        ("getal > 5", {"getal": "7"}, False),  # unlike types never compare as numbers
        ("getal > 5", {}, False),
        ("keuze in ['a', 'b'] or jn == 'ja'", {"keuze": "c", "jn": "ja"}, True),
        ("keuze not in ['a', 'b']", {"keuze": "c"}, True),
        ("meer bevat 'a'", {"meer": ["a", "b"]}, True),
        ("meer bevat 'z'", {"meer": ["a"]}, False),
        ("(a == 1 or b == 2) and c == leeg", {"a": 1, "b": 3}, True),
        ("x == true", {"x": True}, True),
    ],
)
def test_show_if_expressions(tekst, antwoorden, verwacht):
    assert expressie.toon(tekst, antwoorden) is verwacht


@pytest.mark.parametrize(
    "tekst, positie",
    [
        ("__import__('os').system('ls')", 16),  # a call is not in the language
        ("a ==", 4),
        ("a == 'open", 5),
        ("(a == 1", 7),
        ("a = 1", 2),
        ("", 0),
        ("a == 1 b", 7),
    ],
)
def test_show_if_refuses_what_it_does_not_know(tekst, positie):
    with pytest.raises(expressie.ExpressieFout) as fout:
        expressie.parse(tekst)
    assert fout.value.positie == positie


def test_a_runtime_form_for_every_question_type_round_trips_answers(app):
    lijst = lees_tekst(GOED, "proef.yaml")
    vragen = list(lijst.vragen.values())
    antwoorden = {
        "schaal": 2,
        "keuze": "b",
        "meer": ["a", "b"],
        "jn": "ja",
        "getal": 7,
        "kort": "x",
        "lang": "**vet**",
        "punten": [{"type": "aanbeveling", "thema": "toekomstvisie", "tekst": "Doe iets"}],
    }
    with app.test_request_context():
        form = bouw_formulier(vragen)(data=formulier_data(vragen, antwoorden))
        html = "".join(str(form[v.code]) for v in vragen if v.type != "bevindingen")
        assert 'type="radio"' in html and 'type="checkbox"' in html and 'type="file"' in html
        assert "2. Twee: hoog" in str(form["schaal"])
        terug = {v.code: waarde_uit_veld(v, form[v.code]) for v in vragen if v.type != "bestand"}
    assert {k: w for k, w in terug.items() if w is not None} == antwoorden


def test_completeness_checks_required_shown_questions_and_ranges():
    lijst = lees_tekst(GOED, "proef.yaml")
    assert controleer_volledig(lijst, {}) == {"schaal": "Deze vraag is verplicht."}
    fouten = controleer_volledig(lijst, {"schaal": 1, "jn": "ja", "getal": 11})
    assert fouten == {"getal": "Geef een getal van 0 tot en met 10 fte."}
    assert (
        controleer_volledig(lijst, {"schaal": 1, "jn": "nee", "getal": 11}) == {}
    )  # hidden: not checked
