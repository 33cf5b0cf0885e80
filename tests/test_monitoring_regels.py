"""Pure cores of monitoring: the policy-cycle rules, median and peer groups, robustness rules."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from visitatie.monitoring.beleidscyclus import Document, beoordeel_cyclus
from visitatie.monitoring.robuustheid import controleer_oordeel, oordeel_over_geheel
from visitatie.monitoring.statistiek import groepsmedianen, mediaan, vergelijkingsgroepen

LATER = date(2026, 1, 1)  # everything for 2024 is due by then


def volledig_2024(**afwijkend) -> list[Document]:
    docs = {
        "uhs": Document("uhs", 2023, date(2022, 12, 1), date(2022, 12, 15)),
        "uitvoeringsprogramma": Document("uitvoeringsprogramma", 2024, date(2024, 2, 1), date(2024, 2, 20)),
        "jaarverslag": Document("jaarverslag", 2024, date(2025, 5, 1), date(2025, 5, 20)),
    }
    docs.update(afwijkend)
    return [d for d in docs.values() if d is not None]


def statussen(oordeel) -> dict[str, str]:
    return {u.soort: u.status for u in oordeel.uitkomsten}


def test_complete_and_on_time():
    oordeel = beoordeel_cyclus(volledig_2024(), 2024, LATER)
    assert oordeel.status == "compleet" and oordeel.op_tijd
    assert set(statussen(oordeel).values()) == {"op_tijd"}


def test_programme_adopted_after_31_march_is_complete_but_late():
    laat = Document("uitvoeringsprogramma", 2024, date(2024, 4, 1), date(2024, 4, 10))
    oordeel = beoordeel_cyclus(volledig_2024(uitvoeringsprogramma=laat), 2024, LATER)
    assert oordeel.status == "compleet" and not oordeel.op_tijd
    assert statussen(oordeel)["uitvoeringsprogramma"] == "te_laat"


def test_programme_adopted_on_31_march_is_on_time():
    precies = Document("uitvoeringsprogramma", 2024, date(2024, 3, 31), date(2024, 4, 10))
    assert beoordeel_cyclus(volledig_2024(uitvoeringsprogramma=precies), 2024, LATER).op_tijd


def test_missing_report_makes_the_cycle_incomplete():
    oordeel = beoordeel_cyclus(volledig_2024(jaarverslag=None), 2024, LATER)
    assert oordeel.status == "onvolledig" and not oordeel.op_tijd
    assert statussen(oordeel)["jaarverslag"] == "ontbreekt"


def test_report_not_yet_due_keeps_the_cycle_running():
    oordeel = beoordeel_cyclus(volledig_2024(jaarverslag=None), 2024, date(2025, 6, 30))
    assert oordeel.status == "lopend" and oordeel.op_tijd
    assert statussen(oordeel)["jaarverslag"] == "nog_niet_verschuldigd"


def test_not_sent_to_the_council_is_incomplete():
    niet_verzonden = Document("uitvoeringsprogramma", 2024, date(2024, 2, 1), None)
    oordeel = beoordeel_cyclus(volledig_2024(uitvoeringsprogramma=niet_verzonden), 2024, LATER)
    assert statussen(oordeel)["uitvoeringsprogramma"] == "niet_verzonden"
    assert oordeel.status == "onvolledig"


def test_draft_past_its_deadline_is_not_adopted():
    concept = Document("uitvoeringsprogramma", 2024, None, None)
    oordeel = beoordeel_cyclus(volledig_2024(uitvoeringsprogramma=concept), 2024, LATER)
    assert statussen(oordeel)["uitvoeringsprogramma"] == "niet_vastgesteld"


@pytest.mark.parametrize(("uhs_jaar", "geldig"), [(2021, True), (2020, False), (2025, False)])
def test_a_strategy_applies_for_four_years_from_its_first_year(uhs_jaar, geldig):
    uhs = Document("uhs", uhs_jaar, date(uhs_jaar - 1, 12, 1), date(uhs_jaar - 1, 12, 10))
    oordeel = beoordeel_cyclus(volledig_2024(uhs=uhs), 2024, LATER)
    assert (statussen(oordeel)["uhs"] == "op_tijd") is geldig


def test_strategy_adopted_in_its_first_year_is_late():
    uhs = Document("uhs", 2024, date(2024, 1, 15), date(2024, 1, 20))
    assert statussen(beoordeel_cyclus(volledig_2024(uhs=uhs), 2024, LATER))["uhs"] == "te_laat"


def test_the_newest_applicable_strategy_counts():
    oud = Document("uhs", 2021, date(2020, 11, 1), None)  # never sent
    nieuw = Document("uhs", 2023, date(2022, 12, 1), date(2022, 12, 15))
    docs = [d for d in volledig_2024() if d.soort != "uhs"] + [oud, nieuw]
    assert statussen(beoordeel_cyclus(docs, 2024, LATER))["uhs"] == "op_tijd"


def test_median():
    assert mediaan([]) is None
    assert mediaan([3, 1, 2]) == 2
    assert mediaan([4, 1, 3, 2]) == 2.5


def test_peer_groups_are_terciles_by_rank():
    # 7 ODs: rank r goes to group floor(3r/7): ranks 0-2 kleiner, 3-4 middelgroot, 5-6 groter.
    omvang = {"a": 10, "b": 50, "c": 20, "d": 70, "e": 30, "f": 60, "g": 40}
    assert vergelijkingsgroepen(omvang) == {
        "a": "kleiner", "c": "kleiner", "e": "kleiner", "g": "middelgroot", "b": "middelgroot",
        "f": "groter", "d": "groter"}


def test_28_ods_give_groups_of_10_9_9_and_ties_split_by_code():
    groepen = vergelijkingsgroepen({f"od{i:02}": i for i in range(28)})
    assert [list(groepen.values()).count(g) for g in ("kleiner", "middelgroot", "groter")] == [10, 9, 9]
    gelijk = vergelijkingsgroepen({"b": 5, "a": 5, "c": 5})
    assert gelijk == {"a": "kleiner", "b": "middelgroot", "c": "groter"}


def test_group_medians_against_hand_computed_values():
    groepen = {"a": "kleiner", "b": "kleiner", "c": "middelgroot", "d": "groter", "e": "groter"}
    waarden = {"a": 1, "b": 4, "c": 7, "d": 10, "e": 20, "x": 99}  # x has no group
    assert groepsmedianen(waarden, groepen) == {"kleiner": 2.5, "middelgroot": 7, "groter": 15}


def test_a_criterion_not_met_needs_an_action_plan_with_a_target_date():
    assert controleer_oordeel("voldoet", "", None) == []
    assert [v for v, _ in controleer_oordeel("voldoet_niet", "", None)] == ["actieplan", "streefdatum"]
    assert controleer_oordeel("voldoet_deels", "plan", date(2026, 1, 1)) == []
    assert controleer_oordeel("misschien", "", None)[0][0] == "resultaat"


def test_robust_only_when_every_criterion_is_met():
    assert oordeel_over_geheel(["voldoet"] * 6, 6) == "robuust"
    assert oordeel_over_geheel(["voldoet"] * 5, 6) == "onbekend"
    assert oordeel_over_geheel(["voldoet"] * 5 + ["onbekend"], 6) == "onbekend"
    assert oordeel_over_geheel(["voldoet"] * 5 + ["voldoet_deels"], 6) == "niet_robuust"


def test_a_median_of_counts_is_the_lower_middle_value_everywhere():
    """The app, the Staat and the council pages share one median: of a count never half a
    company (12 of 10, 12, 13, 20, not 12,5), of anything else the usual median."""
    from staat_van_vth.monitoring import landelijke_mediaan, vergelijking

    assert mediaan([10, 12, 13, 20], "aantal") == 12
    assert mediaan([10, 12, 13, 20], "fte") == 12.5
    assert groepsmedianen({"a": 1, "b": 2}, {"a": "kleiner", "b": "kleiner"}, "aantal")["kleiner"] == 1
    waarden = [10, 12, 13, 20, 30, 31]
    assert landelijke_mediaan(pd.Series(waarden), "aantal") == mediaan(waarden, "aantal") == 13
    w = pd.DataFrame({"indicator_code": "bedrijven", "od_code": list("abcdef"), "jaar": 2024,
                      "waarde": waarden})
    assert set(vergelijking(w, 2024, {"bedrijven": "aantal"})["mediaan"]) == {13}
