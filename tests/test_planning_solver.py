from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitatie.planning.controle import controleer
from visitatie.planning.feestdagen import feestdagen_tussen
from visitatie.planning.solver import los_op
from visitatie.planning.synthetisch import synthetische_opgave
from visitatie.planning.typen import Belangenconflict, Bezoek, OdVraag, Onhaalbaar, Opgave, Persoon, Plan

COMMISSIE = {"voorzitter": 1, "peer": 1}


def klein(**extra) -> Opgave:
    start, deadline = date(2024, 4, 1), date(2024, 5, 31)
    ods = (OdVraag("a", "OD A", start, deadline), OdVraag("b", "OD B", start, deadline),
           OdVraag("c", "OD C", start, deadline))
    personen = (Persoon("v1", "Voorzitter 1", None, frozenset({"voorzitter"})),
                Persoon("v2", "Voorzitter 2", None, frozenset({"voorzitter"})),
                Persoon("pa", "Peer A", "a", frozenset({"peer"}), frozenset({"handhaving"})),
                Persoon("pb", "Peer B", "b", frozenset({"peer"})),
                Persoon("pc", "Peer C", "c", frozenset({"peer"})))
    waarden = dict(start=start, deadline=deadline, ods=ods, personen=personen, commissie=COMMISSIE,
                   feestdagen=frozenset(feestdagen_tussen(start, deadline)), wederkerigheid=False)
    waarden.update(extra)
    return Opgave(**waarden)


def test_small_case_is_feasible_and_valid():
    opgave = klein()
    plan = los_op(opgave, tijdslimiet=10)
    assert isinstance(plan, Plan), plan
    assert plan.status == "optimaal"
    assert controleer(opgave, plan.bezoeken) == []
    assert plan.doel["grootste_belasting"] == 2  # 3 visits over 2 chairs
    for b in plan.bezoeken:
        assert b.eerste_dag != date(2024, 5, 9)  # Ascension Day
        assert all(plan.uitleg[(b.od, rol, p)] for rol, p in b.leden)


def test_no_chair_without_conflict_is_explained_per_od():
    conflicten = (Belangenconflict("v1", "b", "bestuurszetel"), Belangenconflict("v2", "b", "oud-werkgever"))
    uit = los_op(klein(conflicten=conflicten))
    assert isinstance(uit, Onhaalbaar)
    assert any("OD B" in r and "voorzitter" in r for r in uit.redenen), uit.redenen


def test_capacity_shortage_is_explained():
    uit = los_op(klein(deadline=date(2024, 4, 5), max_per_week=1))
    assert isinstance(uit, Onhaalbaar)
    assert "Te weinig ruimte" in uit.redenen[0]


def test_infeasible_core_names_the_rules():
    # Enough chairs in total, but with reciprocity two ODs cannot both be visited by each other's peers.
    opgave = klein(ods=klein().ods[:2], personen=klein().personen[:2] + klein().personen[2:4],
                   wederkerigheid=True)
    uit = los_op(opgave)
    assert isinstance(uit, Onhaalbaar)
    assert "wederkerigheid" in " ".join(uit.redenen)


def test_fixed_visit_stays_and_replanning_changes_little():
    opgave = klein(ods=(replace(klein().ods[0], vaste_dag=date(2024, 4, 16)),) + klein().ods[1:])
    plan = los_op(opgave)
    assert plan.bezoek_van("a").eerste_dag == date(2024, 4, 16)
    # v1 drops out: only the visits v1 was on may change.
    zonder = tuple(p for p in opgave.personen if p.id != "v1") + (
        Persoon("v3", "Voorzitter 3", None, frozenset({"voorzitter"})),)
    herplan = los_op(replace(opgave, personen=zonder, vorig_plan=tuple(plan.bezoeken)))
    assert isinstance(herplan, Plan)
    met_v1 = {b.od for b in plan.bezoeken if any(p == "v1" for _, p in b.leden)}
    for oud in plan.bezoeken:
        nieuw = herplan.bezoek_van(oud.od)
        if oud.od not in met_v1:
            assert nieuw == oud
        else:
            assert nieuw.eerste_dag == oud.eerste_dag
            assert set(oud.leden) - set(nieuw.leden) == {("voorzitter", "v1")}
            assert len(set(nieuw.leden) - set(oud.leden)) == 1
    assert herplan.doel["wijzigingen"] == 2 * len(met_v1)  # v1 out and someone in, per visit


def test_checker_finds_violations():
    opgave = klein()
    slecht = [Bezoek("a", date(2024, 5, 9), (("peer", "pa"), ("voorzitter", "v1"))),
              Bezoek("b", date(2024, 5, 11), (("peer", "pa"),))]
    regels = {s.regel for s in controleer(opgave, slecht)}
    assert {"één bezoek per OD", "werkdagen", "belangenconflict", "commissiesamenstelling",
            "één bezoek per week"} <= regels


def test_same_seed_same_plan():
    opgave = synthetische_opgave(6, 30, seed=3, start=date(2025, 1, 6), deadline=date(2025, 6, 30))
    een, twee = los_op(opgave, seed=7), los_op(opgave, seed=7)
    assert een.bezoeken == twee.bezoeken


def met_willekeurige_belemmeringen(data, opgave, *, afwezig_binnen: int, afwezig_dagen: int,
                                   max_afwezig: int, weken: tuple[int, int], max_blok: int, **meer):
    """The cycle with conflicts, absences and blocked weeks drawn by hypothesis, and a committee
    of three; `meer` replaces further fields."""
    ids, ods = [p.id for p in opgave.personen], [v.od for v in opgave.ods]
    conflicten = tuple(Belangenconflict(p, od, "test") for p, od in data.draw(
        st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ods)), max_size=6)))
    afwezig = data.draw(st.dictionaries(st.sampled_from(ids), st.integers(0, afwezig_binnen),
                                        max_size=max_afwezig))
    begin = opgave.start
    personen = tuple(replace(p, afwezig=((begin + timedelta(days=afwezig[p.id]),
                                          begin + timedelta(days=afwezig[p.id] + afwezig_dagen)),))
                     if p.id in afwezig else p for p in opgave.personen)
    blok = data.draw(st.sets(st.integers(*weken), max_size=max_blok))
    vragen = tuple(replace(v, geblokkeerde_weken=frozenset((begin.year, w) for w in blok)) if i == 0 else v
                   for i, v in enumerate(opgave.ods))
    return replace(opgave, commissie={"voorzitter": 1, "peer": 1, "bestuurder": 1},
                   conflicten=conflicten, personen=personen, ods=vragen, **meer)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_od=st.integers(2, 5), n_personen=st.integers(8, 25), seed=st.integers(0, 1000),
       max_per_week=st.integers(1, 2), data=st.data())
def test_every_returned_plan_satisfies_every_hard_rule(n_od, n_personen, seed, max_per_week, data):
    opgave = synthetische_opgave(n_od, n_personen, seed=seed, start=date(2025, 3, 3),
                                 deadline=date(2025, 5, 30), max_per_week=max_per_week)
    opgave = met_willekeurige_belemmeringen(
        data, opgave, afwezig_binnen=80, afwezig_dagen=7, max_afwezig=6, weken=(10, 22), max_blok=3,
        geblokkeerde_perioden=((date(2025, 4, 14), date(2025, 4, 18), "meivakantie"),))
    uit = los_op(opgave, seed=seed, tijdslimiet=5)
    if isinstance(uit, Plan):
        assert controleer(opgave, uit.bezoeken) == []
    else:
        assert uit.redenen and all(isinstance(r, str) and r for r in uit.redenen)


def test_held_visit_is_a_fact_even_when_a_member_dropped_out():
    """Issue 16: re-planning after a member of a held visit dropped out crashed (KeyError)."""
    basis = klein()
    gehouden = replace(basis.ods[0], vaste_dag=date(2024, 4, 16), gehouden=True,
                       vaste_leden=(("peer", "pb"), ("voorzitter", "v1")))
    v1_weg = tuple(replace(p, inzetbaar=False) if p.id == "v1" else p for p in basis.personen)
    opgave = klein(ods=(gehouden,) + basis.ods[1:], personen=v1_weg)
    plan = los_op(opgave)
    assert isinstance(plan, Plan), plan
    assert plan.bezoek_van("a") == Bezoek("a", date(2024, 4, 16), (("peer", "pb"), ("voorzitter", "v1")))
    assert all(p != "v1" for b in plan.bezoeken if b.od != "a" for _, p in b.leden)
    # pb sat on the held visit in week 16: not again that week
    assert all(b.eerste_dag.isocalendar()[1] != 16 for b in plan.bezoeken
               if b.od != "a" and any(p == "pb" for _, p in b.leden))
    assert controleer(opgave, plan.bezoeken) == []
    assert plan.uitleg[("a", "voorzitter", "v1")].endswith("gehouden bezoek (vaststaand)")


def test_held_visits_count_toward_the_maximum_and_the_weekly_limit():
    basis = klein()
    gehouden = replace(basis.ods[0], vaste_dag=date(2024, 4, 16), gehouden=True,
                       vaste_leden=(("peer", "pb"), ("voorzitter", "v1")))
    personen = tuple(replace(p, max_bezoeken=1) if p.id == "v1" else p for p in basis.personen)
    opgave = klein(ods=(gehouden,) + basis.ods[1:], personen=personen, max_per_week=1)
    plan = los_op(opgave)
    assert isinstance(plan, Plan), plan
    assert sum(p == "v1" for b in plan.bezoeken for _, p in b.leden) == 1  # only the held one
    assert all(b.eerste_dag.isocalendar()[1] != 16 for b in plan.bezoeken if b.od != "a")


def test_checker_signals_a_conflict_declared_after_a_held_visit():
    from visitatie.planning.controle import signalen

    basis = klein()
    gehouden = replace(basis.ods[0], vaste_dag=date(2024, 4, 16), gehouden=True,
                       vaste_leden=(("peer", "pb"), ("voorzitter", "v1")))
    band = Belangenconflict("v1", "a", "bestuurszetel", date(2020, 1, 1), None, gemeld=True)
    later = Belangenconflict("pb", "a", "bestuurszetel", date(2024, 5, 1), None, gemeld=True)
    opgave = klein(ods=(gehouden,) + basis.ods[1:], conflicten=(band, later))
    plan = los_op(opgave)
    assert controleer(opgave, plan.bezoeken) == []  # a fact is no rule violation...
    meldingen = signalen(opgave, plan.bezoeken)  # ...but the coordinator must know
    assert [(s.od, "Voorzitter 1" in s.tekst) for s in meldingen] == [("a", True)]


def _lange_ronde(n: int = 8, **extra) -> Opgave:
    """A two-year cycle 2027-2028 with n ODs in the three holiday regions."""
    from visitatie.planning.feestdagen import schoolvakanties

    start, deadline = date(2027, 1, 1), date(2028, 12, 31)
    regios = ("noord", "midden", "zuid")
    ods = tuple(OdVraag(f"od{i}", f"OD {i}", start, deadline, geblokkeerde_perioden=tuple(
        (v.van, v.tot, v.naam) for v in schoolvakanties(start, deadline, (regios[i % 3],))))
        for i in range(n))
    personen = tuple(Persoon(f"v{i}", f"Voorzitter {i}", None, frozenset({"voorzitter"}), max_bezoeken=4)
                     for i in range(3))
    personen += tuple(Persoon(f"p{i}", f"Peer {i}", f"od{i}", frozenset({"peer"}), max_bezoeken=4)
                      for i in range(n))
    waarden = dict(start=start, deadline=deadline, ods=ods, personen=personen, commissie=COMMISSIE,
                   feestdagen=frozenset(feestdagen_tussen(start, deadline)), wederkerigheid=False,
                   max_per_kwartaal=2)
    waarden.update(extra)
    return Opgave(**waarden)


def test_visits_are_spread_over_the_cycle_and_avoid_school_holidays():
    """Issue 16: a cycle 2027-2028 put every visit in consecutive weeks of 2028, some in summer."""
    opgave = _lange_ronde()
    plan = los_op(opgave, tijdslimiet=10)
    assert isinstance(plan, Plan) and plan.status == "optimaal", plan
    assert controleer(opgave, plan.bezoeken) == []
    kwartalen = Counter((b.eerste_dag.year, (b.eerste_dag.month + 2) // 3) for b in plan.bezoeken)
    assert max(kwartalen.values()) == 1 and len(kwartalen) == 8  # 8 visits, 8 quarters: one each
    assert {b.eerste_dag.year for b in plan.bezoeken} == {2027, 2028}
    assert not any(date(b.eerste_dag.year, 7, 11) <= b.eerste_dag <= date(b.eerste_dag.year, 8, 31)
                   for b in plan.bezoeken)  # the summer holidays (every region's)
    assert plan.doel["ongelijke_spreiding"] == 0


def test_checker_refuses_clustered_visits_and_holidays():
    opgave = _lange_ronde(n=3)
    maandagen = [date(2028, 3, 6), date(2028, 3, 13), date(2028, 7, 24)]
    leden = [(("peer", "p1"), ("voorzitter", "v0")), (("peer", "p2"), ("voorzitter", "v1")),
             (("peer", "p0"), ("voorzitter", "v2"))]
    plan = [Bezoek(f"od{i}", d, lid) for i, (d, lid) in enumerate(zip(maandagen, leden, strict=True))]
    opgave = replace(opgave, max_per_kwartaal=1)
    regels = {s.regel: s.tekst for s in controleer(opgave, plan)}
    assert regels["spreiding"] == "2028 kwartaal 1: 2 bezoeken (max 1)"
    assert "zomervakantie 2028" in regels["vakanties van de OD"]
