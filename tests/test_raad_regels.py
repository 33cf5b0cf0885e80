"""Pure parts of the council summaries: the questions for the council (each gap appears and
disappears), the readability check, the builder and the search key."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from visitatie.ilt.opvolging import CATEGORIEEN, Telling
from visitatie.monitoring.beleidscyclus import Document, beoordeel_cyclus
from visitatie.raad import leesbaarheid, teksten, vragen
from visitatie.raad.gegevens import (
    Criterium,
    Gegevens,
    GepubliceerdeVisitatie,
    IltPunt,
    IltStand,
    Kerncijfer,
    Kwaliteit,
    OdGegevens,
    Robuustheid,
    ThemaOordeel,
    Verbeteractie,
)
from visitatie.raad.operations import Deelnemer, zoek, zoeksleutel
from visitatie.raad.samenvatting import bouw_samenvatting

PEILDATUM = date(2025, 9, 1)
JAREN = (2024, 2025)
VOLLEDIG = [Document("uhs", 2024, date(2023, 11, 1), date(2023, 11, 10)),
            Document("uitvoeringsprogramma", 2024, date(2024, 2, 1), date(2024, 2, 10)),
            Document("jaarverslag", 2024, date(2025, 5, 1), date(2025, 5, 10)),
            Document("uitvoeringsprogramma", 2025, date(2025, 2, 1), date(2025, 2, 10))]
ALLES_VOLDOET = tuple(Criterium(f"Criterium {i}", "voldoet") for i in range(1, 7))


def od(documenten=VOLLEDIG, **velden) -> OdGegevens:
    uhs = [d.jaar for d in documenten if d.soort == "uhs"]
    basis = dict(code="odmh", naam="Omgevingsdienst Midden-Holland", afkorting="ODMH",
                 robuustheid=Robuustheid(date(2024, 6, 28), "ministerie", "robuust", ALLES_VOLDOET),
                 kwaliteit=Kwaliteit(date(2025, 3, 1), "2.3", "extern_bureau", 28, 28),
                 cycli=tuple(beoordeel_cyclus(documenten, j, PEILDATUM) for j in JAREN),
                 laatste_uhs_jaar=max(uhs) if uhs else None,
                 kerncijfers=(Kerncijfer("Uitgevoerde inspecties", "aantal", 2024, 3400, 3700, 3600),))
    basis.update(velden)
    return OdGegevens(**basis)


def gegevens(*ods: OdGegevens, soort: str = "gemeente", ilt=(), ilt_stand=()) -> Gegevens:
    return Gegevens("GM0484", "Alphen aan den Rijn", soort, "Zuid-Holland", 2026, PEILDATUM, 2024,
                    ods or (od(),), tuple(ilt), ilt_stand=tuple(ilt_stand))


def stand(partij: str = "ODMH", **aantallen: int) -> IltStand:
    """A party's follow-up counts: the given categories, zero for the others."""
    return IltStand(partij, Telling(tuple((c, aantallen.get(c, 0)) for c in CATEGORIEEN)))


GELUID = IltPunt("Geluid en het VTH-stelsel", date(2024, 6, 28), "Verbeter de meldingen.", "ODMH", "open")


def sleutels(g: Gegevens) -> set[str]:
    return {v.sleutel for v in vragen.vragen_voor(g)}


def test_no_gaps_gives_three_general_questions():
    gevonden = vragen.vragen_voor(gegevens())
    assert [v.sleutel for v in gevonden] == [v.sleutel for v in vragen.ALGEMEEN]


@pytest.mark.parametrize(("sleutel", "met_gat"), [
    ("robuustheid", gegevens(od(robuustheid=Robuustheid(
        date(2024, 6, 28), "ministerie", "niet_robuust",
        ALLES_VOLDOET[:5] + (Criterium("Innovatie", "voldoet_niet", "Plan", date(2026, 1, 1)),))))),
    ("kwaliteit", gegevens(od(kwaliteit=Kwaliteit(date(2025, 3, 1), "2.3", "zelfevaluatie", 25, 28)))),
    ("geen_toets", gegevens(od(kwaliteit=Kwaliteit(date(2022, 3, 1), "2.3", "zelfevaluatie", 28, 28)))),
    ("geen_toets", gegevens(od(kwaliteit=None))),
    ("actie_te_laat", gegevens(od(robuustheid=Robuustheid(
        date(2024, 6, 28), "ministerie", "niet_robuust",
        ALLES_VOLDOET[:5] + (Criterium("Innovatie", "voldoet_deels", "Plan", date(2025, 1, 1)),))))),
    ("actie_te_laat", gegevens(od(visitatie=GepubliceerdeVisitatie(date(2024, 3, 1), (), (), (), (
        Verbeteractie("Werkprogramma herzien", date(2025, 6, 1), afgerond=False),))))),
    ("jaarverslag", gegevens(od(documenten=[d for d in VOLLEDIG if d.soort != "jaarverslag"]))),
    ("jaarverslag", gegevens(od(documenten=[replace(d, vastgesteld_op=None) if d.soort == "jaarverslag"
                                            else d for d in VOLLEDIG]))),
    ("strategie", gegevens(od(documenten=[d for d in VOLLEDIG if d.soort != "uhs"]))),
    ("strategie", gegevens(od(documenten=[replace(d, jaar=2020, vastgesteld_op=date(2019, 12, 1))
                                          if d.soort == "uhs" else d for d in VOLLEDIG]))),
    ("programma", gegevens(od(documenten=[d for d in VOLLEDIG if d.soort != "uitvoeringsprogramma"
                                          or d.jaar != 2025]))),
    ("niet_verzonden", gegevens(od(documenten=[replace(d, verzonden_op=None) if d.soort == "jaarverslag"
                                               else d for d in VOLLEDIG]))),
    ("ilt", gegevens(ilt=[GELUID], ilt_stand=[stand(open=1)])),
    ("ilt", gegevens(ilt=[GELUID], ilt_stand=[stand(in_behandeling=1)])),
    ("ilt", gegevens(ilt=[replace(GELUID, opvolging="niet_vastgelegd")],
                     ilt_stand=[stand(niet_vastgelegd=1)])),
    ("visitatie", gegevens(od(visitatie=GepubliceerdeVisitatie(date(2024, 3, 1), (), ("Sterk team",),
                                                  ("Investeer in data",))))),
])
def test_each_gap_raises_its_question_and_it_disappears_without_the_gap(sleutel, met_gat):
    assert sleutel in sleutels(met_gat)
    assert sleutel not in sleutels(gegevens())


def test_strategy_older_than_four_years_is_named_as_such():
    oud = [replace(d, jaar=2020, vastgesteld_op=date(2019, 12, 1)) if d.soort == "uhs" else d
           for d in VOLLEDIG]
    vraag = next(v for v in vragen.vragen_voor(gegevens(od(documenten=oud))) if v.sleutel == "strategie")
    assert "ouder dan vier jaar" in vraag.aanleiding
    geen = [d for d in VOLLEDIG if d.soort != "uhs"]
    vraag = next(v for v in vragen.vragen_voor(gegevens(od(documenten=geen))) if v.sleutel == "strategie")
    assert "geen geldige strategie" in vraag.aanleiding


def test_closed_ilt_recommendation_and_finished_action_raise_nothing():
    afgerond = IltPunt("Geluid", date(2024, 6, 28), "Tekst.", "ODMH", "afgerond")
    assert "ilt" not in sleutels(gegevens(ilt=[afgerond], ilt_stand=[stand(afgerond=1)]))
    niet = replace(afgerond, opvolging="niet_overgenomen")
    assert "ilt" not in sleutels(gegevens(ilt=[niet], ilt_stand=[stand(niet_overgenomen=1)]))
    # addressed to all municipalities only: no party records follow-up, so nothing to ask about
    gemeenten = IltPunt("Geluid", date(2024, 6, 28), "Tekst.", "alle gemeenten", None)
    assert "ilt" not in sleutels(gegevens(ilt=[gemeenten]))
    klaar = GepubliceerdeVisitatie(date(2024, 3, 1), (), (), (),
                                   (Verbeteractie("Actie", date(2025, 1, 1), True),))
    assert "actie_te_laat" not in sleutels(gegevens(od(visitatie=klaar)))


def test_at_most_five_questions_weightiest_first():
    alles_mis = od(documenten=[], kwaliteit=None, robuustheid=Robuustheid(
        date(2024, 6, 28), "ministerie", "niet_robuust",
        (Criterium("Omvang", "voldoet_niet", "Plan", date(2025, 1, 1)),)))
    gevonden = vragen.vragen_voor(gegevens(alles_mis, ilt=[IltPunt("Geluid", None, "T.", "ODMH", "open")],
                                           ilt_stand=[stand(open=1)]))
    assert len(gevonden) == vragen.MAXIMUM
    assert gevonden[0].sleutel == "robuustheid"


def test_province_with_several_ods_counts_them():
    slecht = od(code="odwh", afkorting="ODWH", kwaliteit=Kwaliteit(date(2025, 3, 1), "2.3", "x", 20, 28))
    vraag = next(v for v in vragen.vragen_voor(gegevens(od(), slecht, soort="provincie"))
                 if v.sleutel == "kwaliteit")
    assert "Eén van uw omgevingsdiensten (ODWH)" in vraag.aanleiding


# --- readability -------------------------------------------------------------------------

@pytest.mark.parametrize(("sleutel", "tekst"), teksten.alle_vaste_teksten())
def test_every_fixed_text_passes_the_readability_check(sleutel, tekst):
    uitslag = leesbaarheid.beoordeel(sleutel, tekst)
    assert uitslag.geslaagd, f"{sleutel}: {uitslag.reden()}"


@pytest.mark.parametrize("vraag", vragen.ALGEMEEN)
def test_general_questions_pass(vraag):
    assert leesbaarheid.beoordeel(vraag.sleutel, f"{vraag.aanleiding} {vraag.tekst}").geslaagd


def test_the_check_rejects_officialese_and_long_sentences():
    ambtelijk = ("Het uitvoeringsprogramma vergunningverlening, toezicht en handhaving wordt door het "
                 "dagelijks bestuur van de gemeenschappelijke regeling geëvalueerd overeenkomstig de "
                 "kwaliteitscriteria en de verordening uitvoering en handhaving omgevingsrecht.")
    uitslag = leesbaarheid.beoordeel("x", ambtelijk)
    assert not uitslag.geslaagd
    assert "Flesch-Douma" in uitslag.reden() and "woorden per zin" in uitslag.reden()
    assert leesbaarheid.controleer([("x", ambtelijk), ("y", "De raad leest dit. Het is kort.")]) == [uitslag]


def test_flesch_douma_uses_dutch_syllables():
    # 206.835 - 0.93 x 3 words per sentence - 77 x 6/3 syllables per word: om-ge-vings-dienst werkt goed
    assert leesbaarheid.flesch_douma("Omgevingsdienst werkt goed.") == pytest.approx(
        206.835 - 0.93 * 3 - 77 * 6 / 3, abs=0.01)


# --- builder -----------------------------------------------------------------------------

def test_every_generated_block_of_both_kinds_passes():
    for g in (gegevens(), gegevens(od(), od(code="odwh", afkorting="ODWH"), soort="provincie"),
              gegevens(od(documenten=[], kwaliteit=None, robuustheid=None))):
        s = bouw_samenvatting(g)
        assert leesbaarheid.controleer(s.blokken()) == []


def test_without_visitation_data_the_summary_says_so():
    s = bouw_samenvatting(gegevens())
    visitatie = next(x for x in s.secties if x.sleutel == "visitatie")
    assert "nog geen gegevens" in visitatie.blokken[0].tekst
    met = bouw_samenvatting(gegevens(od(visitatie=GepubliceerdeVisitatie(
        date(2024, 3, 1), oordelen(3, 3, 4, 3, 2, 3), ("Sterk team",), ("Investeer in data",),
        (Verbeteractie("A", date(2025, 1, 1), False), Verbeteractie("B", None, True))))))
    visitatie = next(x for x in met.secties if x.sleutel == "visitatie")
    assert "1 maart 2024" in visitatie.blokken[1].tekst and "2 acties" in visitatie.blokken[1].tekst
    assert "Bij 5 van de 6 thema's is de dienst op orde of beter." in visitatie.blokken[1].tekst
    assert [c.tekst for c in visitatie.citaten] == ["Sterk team", "Investeer in data"]


LABELS = {1: "Beginnend", 2: "In ontwikkeling", 3: "Op orde", 4: "Voorbeeldig"}
THEMAS = ("toekomstvisie", "samenspel", "ketensamenwerking", "taakuitvoering", "professionaliteit",
          "bedrijfsvoering")


def oordelen(*niveaus: int | None) -> tuple[ThemaOordeel, ...]:
    """The committee's levels for the six themes, in the framework's order."""
    return tuple(ThemaOordeel(thema, thema.capitalize(), niveau, LABELS.get(niveau, ""), 4)
                 for thema, niveau in zip(THEMAS, niveaus, strict=True))


@pytest.mark.parametrize(("niveaus", "zinnen"), [
    ((3, 3, 4, 3, 2, 3), ["Bij 5 van de 6 thema's is de dienst op orde of beter.",
                          "Het laagste cijfer is '2. In ontwikkeling'.",
                          "Dat cijfer geldt voor de kennis en kunde."]),
    ((3, 2, 4, 3, 2, 3), ["Bij 4 van de 6 thema's", "Het laagste cijfer is '2. In ontwikkeling'.",
                          "Dat cijfer geldt voor de samenwerking met het bestuur en de kennis en kunde."]),
    ((3, 1, 4, 3, 2, 3), ["Bij 4 van de 6 thema's", "Het laagste cijfer is '1. Beginnend'.",
                          "Dat cijfer geldt voor de samenwerking met het bestuur."]),
    ((1, 1, 1, 3, 3, 4), ["Bij 3 van de 6 thema's", "Dat cijfer geldt voor 3 thema's."]),
    ((2, 2, 2, 2, 2, 2), ["Bij geen van de 6 thema's is de dienst op orde of beter.",
                          "Alle thema's kregen het cijfer '2. In ontwikkeling'."]),
    ((4, 4, 4, 4, 4, 4), ["Bij alle 6 thema's is de dienst op orde of beter.",
                          "Alle thema's kregen het cijfer '4. Voorbeeldig'."]),
    ((3, None, 3, 3, 3, 2), ["Bij 4 van de 5 thema's", "Dat cijfer geldt voor de eigen organisatie."]),
])
def test_the_visitation_outcome_follows_the_committees_levels(niveaus, zinnen):
    visitatie = GepubliceerdeVisitatie(date(2024, 3, 1), oordelen(*niveaus))
    s = bouw_samenvatting(gegevens(od(visitatie=visitatie)))
    blok = next(x for x in s.secties if x.sleutel == "visitatie").blokken[1]
    assert all(zin in blok.tekst for zin in zinnen), blok.tekst
    assert leesbaarheid.beoordeel(blok.sleutel, blok.tekst).geslaagd


def test_without_judged_themes_the_visitation_names_only_the_date():
    visitatie = GepubliceerdeVisitatie(date(2024, 3, 1), oordelen(*[None] * 6))
    s = bouw_samenvatting(gegevens(od(visitatie=visitatie)))
    assert next(x for x in s.secties if x.sleutel == "visitatie").blokken[1].tekst == (
        "De visitatie van ODMH was op 1 maart 2024.")


def test_key_figures_compare_with_medians_never_rank():
    s = bouw_samenvatting(gegevens())
    tabel = next(x for x in s.secties if x.sleutel == "cijfers").tabel
    assert [r[0] for r in tabel.rijen] == ["ODMH", "Midden provincie Zuid-Holland", "Midden Nederland"]
    assert [r[1] for r in tabel.rijen] == ["3.400", "3.700", "3.600"]
    assert not any("plaats" in k.lower() or "rang" in k.lower() for k in tabel.kolommen)


def test_province_wording():
    s = bouw_samenvatting(gegevens(od(), soort="provincie"))
    assert s.raad == "Provinciale Staten"
    assert "voor Provinciale Staten" in s.secties[0].blokken[0].tekst
    assert "Provinciale Staten controleren het college" in s.secties[0].blokken[0].tekst
    assert "De raad controleert het college" in bouw_samenvatting(gegevens()).secties[0].blokken[0].tekst


def test_a_province_is_titled_as_one_and_never_like_its_capital():
    gemeente = bouw_samenvatting(gegevens(od()))
    provincie = bouw_samenvatting(gegevens(od(), od(code="odwh", afkorting="ODWH"), soort="provincie"))
    assert gemeente.titel == "Alphen aan den Rijn: uw omgevingsdienst in het kort"
    assert provincie.titel == "Provincie Alphen aan den Rijn: uw omgevingsdiensten in het kort"


def test_two_services_are_never_called_this_service():
    twee = bouw_samenvatting(gegevens(od(), od(code="odwh", afkorting="ODWH"), soort="provincie"))
    teksten_ = " ".join(tekst for _, tekst in twee.blokken())
    assert "deze dienst " not in teksten_ and "deze dienst." not in teksten_
    assert "Die diensten doen werk voor het milieu" in teksten_
    assert leesbaarheid.controleer(twee.blokken()) == []


def test_a_summary_says_how_many_ilt_recommendations_it_shows():
    punten = [IltPunt(f"Studie {i}", date(2024, 1, 1), f"Advies {i}.", "alle gemeenten", None)
              for i in range(7)]
    s = bouw_samenvatting(gegevens(ilt=punten))
    ilt = next(sectie for sectie in s.secties if sectie.sleutel == "ilt")
    assert "Daarin staan 7 adviezen" in ilt.blokken[0].tekst
    assert "Hieronder staan er drie." in ilt.blokken[0].tekst
    assert len(ilt.citaten) == 3
    weinig = next(sectie for sectie in bouw_samenvatting(gegevens(ilt=punten[:2])).secties
                  if sectie.sleutel == "ilt")
    assert "Hieronder" not in weinig.blokken[0].tekst and len(weinig.citaten) == 2


def test_the_ilt_question_names_unrecorded_and_unfinished_follow_up_apart():
    """Niet vastgelegd is never counted as open: the question names both, as the table does."""
    vraag = next(v for v in vragen.vragen_voor(gegevens(
        ilt=[GELUID], ilt_stand=[stand(niet_vastgelegd=3, open=1, afgerond=2)])) if v.sleutel == "ilt")
    assert vraag.aanleiding == ("3 keer is niet vastgelegd wat er met een advies van de inspectie is "
                                "gedaan. 1 keer is een advies nog niet klaar.")
    een = next(v for v in vragen.vragen_voor(gegevens(ilt=[GELUID], ilt_stand=[stand(niet_vastgelegd=1)]))
               if v.sleutel == "ilt")
    assert een.aanleiding == "1 keer is niet vastgelegd wat er met een advies van de inspectie is gedaan."
    assert leesbaarheid.controleer([("ilt", vraag.aanleiding), ("ilt1", een.aanleiding)]) == []


def test_the_ilt_section_shows_each_partys_follow_up_with_its_own_column_for_unrecorded():
    s = bouw_samenvatting(gegevens(od(), od(code="odwh", naam="Omgevingsdienst West-Holland",
                                            afkorting="ODWH"), soort="provincie", ilt=[GELUID],
                                   ilt_stand=[stand("ODMH", afgerond=1, niet_vastgelegd=2),
                                              stand("ODWH", open=1),
                                              stand("Provincie Zuid-Holland", niet_vastgelegd=1)]))
    ilt = next(sectie for sectie in s.secties if sectie.sleutel == "ilt")
    assert ilt.tabel.kolommen == ("Dienst of provincie", "Afgerond", "Niet overgenomen", "In behandeling",
                                  "Open", "Niet vastgelegd", "Totaal")
    assert ilt.tabel.rijen == (("ODMH", "1", "0", "0", "0", "2", "3"), ("ODWH", "0", "0", "0", "1", "0", "1"),
                               ("Provincie Zuid-Holland", "0", "0", "0", "0", "1", "1"))
    uitleg = "Staat er 'niet vastgelegd'? Dan is niet bekend of het advies is opgevolgd."
    assert uitleg in ilt.blokken[0].tekst
    assert ilt.citaten[0].bron.endswith("; opvolging: open")
    assert leesbaarheid.controleer(s.blokken()) == []


def test_one_action_is_one_action():
    """"heeft 1 acties" was printed: the count and its noun come from `visitatie.taal.aantal`."""
    een = GepubliceerdeVisitatie(date(2024, 3, 1), (), (), (),
                                   (Verbeteractie("Actie", date(2026, 1, 1), True),))
    s = bouw_samenvatting(gegevens(od(visitatie=een)))
    tekst = next(sectie for sectie in s.secties if sectie.sleutel == "visitatie").blokken[1].tekst
    assert "Het plan om te verbeteren heeft 1 actie. Daarvan is er 1 klaar en 0 over de datum." in tekst


# --- search ------------------------------------------------------------------------------

@pytest.mark.parametrize(("invoer", "sleutel"), [
    ("'s-Gravenhage", "sgravenhage"), ("s-gravenhage", "sgravenhage"), ("S GRAVENHAGE", "sgravenhage"),
    ("Súdwest-Fryslân", "sudwestfryslan"), ("sudwest fryslan", "sudwestfryslan"), ("", "")])
def test_search_key_ignores_case_accents_and_punctuation(invoer, sleutel):
    assert zoeksleutel(invoer) == sleutel


def test_search_finds_by_part_of_name_other_name_and_code():
    deelnemers = [Deelnemer("GM0518", "'s-Gravenhage", "gemeente", "PV28", "Zuid-Holland"),
                  Deelnemer("GM1900", "Súdwest-Fryslân", "gemeente", "PV21", "Fryslân"),
                  Deelnemer("PV21", "Fryslân", "provincie", "PV21", "Fryslân")]
    assert [d.code for d in zoek(deelnemers, "sudwest")] == ["GM1900"]
    assert [d.code for d in zoek(deelnemers, "Den Haag")] == ["GM0518"]
    assert [d.code for d in zoek(deelnemers, "fryslan")] == ["GM1900", "PV21"]
    assert [d.code for d in zoek(deelnemers, "pv21")] == ["PV21"]
    assert zoek(deelnemers, "  ") == []


def test_the_ilt_question_counts_what_the_table_counts():
    """One advice to every service of a province is one advice in the text but an item per
    service in the table; the question said "Bij 5 adviezen" beside "4 adviezen": it now counts
    the table's items ("keer"), and the text says an advice counts at every service."""
    alle_diensten = replace(GELUID, betreft="alle omgevingsdiensten", opvolging=None)
    g = gegevens(od(), od(code="odh", afkorting="ODH"), soort="provincie", ilt=[alle_diensten],
                 ilt_stand=[stand("ODMH", niet_vastgelegd=1), stand("ODH", niet_vastgelegd=1, open=1)])
    s = bouw_samenvatting(g)
    sectie = next(sectie for sectie in s.secties if sectie.sleutel == "ilt")
    assert "Daarin staat 1 advies" in sectie.blokken[0].tekst
    assert "Een advies aan meer diensten telt bij elke dienst." in sectie.blokken[0].tekst
    kolom = sectie.tabel.kolommen.index("Niet vastgelegd")
    in_tabel = sum(int(rij[kolom]) for rij in sectie.tabel.rijen)
    vraag = next(v for v in vragen.vragen_voor(g) if v.sleutel == "ilt")
    assert vraag.aanleiding.startswith(f"{in_tabel} keer is niet vastgelegd wat er met een advies")
    assert "1 keer is een advies nog niet klaar." in vraag.aanleiding


def test_a_province_with_one_service_reads_as_that_service():
    """"Van uw 1 dienst zijn er 0 sterk genoeg" was printed for Zeeland and Drenthe."""
    s = bouw_samenvatting(gegevens(od(), soort="provincie"))
    tekst = " ".join(b.tekst for b in next(x for x in s.secties if x.sleutel == "robuust").blokken)
    assert "Van uw" not in tekst and "ODMH is" in tekst
