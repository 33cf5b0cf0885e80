from datetime import date

from visitatie.planning.conflicten import BandFeit, bepaal_conflicten


def redenen(**kw):
    basis = dict(werkgevers={"p": "odmh"}, banden=[], start=date(2025, 1, 1), deadline=date(2026, 12, 31))
    basis.update(kw)
    return {(c.persoon, c.od): c.reden for c in bepaal_conflicten(**basis)}


def test_current_employer_is_a_conflict():
    assert redenen()[("p", "odmh")] == "huidige werkgever"


def test_former_employer_counts_for_the_configured_number_of_years():
    band = BandFeit("p", "dcmr", "voormalig_werkgever", geldig_tot=date(2022, 6, 30))
    assert ("p", "dcmr") not in redenen(banden=[band])
    assert "voormalig werkgever" in redenen(banden=[band], oud_werkgever_jaren=3)[("p", "dcmr")]


def test_board_seat_only_while_valid_during_the_cycle():
    oud = BandFeit("p", "ozhz", "bestuurszetel", "AB-lid", date(2015, 1, 1), date(2018, 1, 1))
    nu = BandFeit("p", "odwh", "bestuurszetel", "AB-lid", date(2024, 1, 1), None)
    uit = redenen(banden=[oud, nu])
    assert ("p", "ozhz") not in uit
    assert uit[("p", "odwh")] == "bestuurszetel: AB-lid"


def test_same_province_only_when_asked():
    prov = {"odmh": frozenset({"PV28"}), "odwh": frozenset({"PV28"}), "odg": frozenset({"PV20"})}
    assert ("p", "odwh") not in redenen(ods=["odwh", "odg"])
    uit = redenen(provincies=prov, ods=["odwh", "odg"])
    assert ("p", "odwh") in uit and ("p", "odg") not in uit


def test_a_conflict_with_a_merged_od_holds_for_its_successor():
    opvolgers = {"odnv": ("odveluwe", "Omgevingsdienst Noord-Veluwe"),
                 "odru": ("odu", "Omgevingsdienst regio Utrecht"),
                 "odra": ("odgm", "Omgevingsdienst Regio Arnhem")}
    regels = bepaal_conflicten(
        werkgevers={"a": "odru", "b": None},
        banden=[BandFeit("b", "odnv", "voormalig_werkgever", geldig_tot=date(2024, 6, 30)),
                BandFeit("b", "odra", "bestuurszetel", reden="AB-lid")],
        start=date(2025, 1, 1), deadline=date(2026, 12, 31), opvolgers=opvolgers)
    paren = {(r.persoon, r.od) for r in regels}
    assert {("a", "odru"), ("a", "odu"), ("b", "odnv"), ("b", "odveluwe"),
            ("b", "odra"), ("b", "odgm")} <= paren
    veluwe = next(r for r in regels if r.od == "odveluwe")
    assert veluwe.geldig_tot == date(2026, 6, 30)  # same period as the tie with the old OD
    assert "opgegaan in deze omgevingsdienst" in veluwe.reden and "Noord-Veluwe" in veluwe.reden
    zonder = bepaal_conflicten(werkgevers={"a": "odru"}, banden=[], start=date(2025, 1, 1),
                               deadline=date(2026, 12, 31))
    assert {(r.persoon, r.od) for r in zonder} == {("a", "odru")}
