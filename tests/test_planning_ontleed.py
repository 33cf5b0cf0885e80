"""The decomposed planner (weeks first, then people) on small generated cycles: every plan passes
the independent checker, is no worse than the greedy baseline on any objective term, and its
bounds are real bounds."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_planning_solver import met_willekeurige_belemmeringen
from visitatie.planning import solver
from visitatie.planning.capaciteit import kwartaal_van
from visitatie.planning.controle import controleer
from visitatie.planning.gulzig import doelen_van, gulzig_plan
from visitatie.planning.ontleed import datumgrens, los_op_ontleed
from visitatie.planning.solver import los_op
from visitatie.planning.synthetisch import synthetische_opgave
from visitatie.planning.typen import Plan

pytestmark = pytest.mark.een_ronde  # tests/conftest.py: what it proves does not depend on the database

HOGER_IS_BETER = {"expertisedekking"}


def klein(**extra):
    opgave = synthetische_opgave(14, 70, seed=3, start=date(2025, 1, 6), deadline=date(2025, 12, 31))
    return replace(opgave, **extra)


def niet_slechter(ons: dict, ander: dict) -> list[str]:
    """The terms where `ons` is worse than `ander`."""
    return [k for k, v in ander.items()
            if (ons[k] < v if k in HOGER_IS_BETER else ons[k] > v)]


def test_decomposed_plan_is_valid_and_no_worse_than_greedy_on_any_term():
    opgave = klein()
    plan = los_op_ontleed(opgave, tijdslimiet=20, workers=1)
    assert isinstance(plan, Plan), plan
    assert controleer(opgave, plan.bezoeken) == []
    gulzig = doelen_van(opgave, gulzig_plan(opgave))
    assert niet_slechter(plan.doel, gulzig) == [], (plan.doel, gulzig)
    assert plan.doel["ongelijke_spreiding"] < gulzig["ongelijke_spreiding"]  # greedy fills the first weeks


def test_reported_values_are_the_plans_own_and_never_beat_the_bound():
    opgave = klein()
    plan = los_op_ontleed(opgave, tijdslimiet=20, workers=1)
    assert {k: plan.doel[k] for k in plan.grenzen} == doelen_van(opgave, plan.bezoeken)
    assert plan.doelwaarde >= plan.ondergrens
    for term, grens in plan.grenzen.items():
        assert (plan.doel[term] <= grens) if term in HOGER_IS_BETER else (plan.doel[term] >= grens)


def test_counts_bound_is_below_the_exact_optimum():
    opgave = synthetische_opgave(6, 30, seed=2, start=date(2025, 1, 6), deadline=date(2025, 6, 30))
    exact = los_op(opgave, tijdslimiet=30)
    assert isinstance(exact, Plan) and exact.status == "optimaal"
    spreiding, laat, bewezen = datumgrens(opgave)
    assert bewezen
    assert (spreiding, laat) <= (exact.doel["ongelijke_spreiding"], exact.doel["dicht_bij_deadline"])


def test_the_exact_planner_hands_large_cycles_to_the_decomposition(monkeypatch):
    opgave = klein()
    monkeypatch.setattr(solver, "ONTLEED_VANAF", len(opgave.ods))
    plan = los_op(opgave, tijdslimiet=20)
    assert isinstance(plan, Plan) and plan.grenzen  # only the decomposition reports its bounds
    assert controleer(opgave, plan.bezoeken) == []
    assert all(plan.uitleg[(b.od, rol, p)] for b in plan.bezoeken for rol, p in b.leden)


def test_evaluator_counts_like_the_solver():
    opgave = synthetische_opgave(6, 30, seed=2, start=date(2025, 1, 6), deadline=date(2025, 6, 30))
    plan = los_op(opgave, tijdslimiet=30)
    assert isinstance(plan, Plan)
    doel = doelen_van(opgave, plan.bezoeken)
    assert doel == {k: plan.doel[k] for k in doel}


def test_held_visit_quarter_limit_and_school_holiday_are_kept():
    basis = klein()
    eerste = basis.ods[0]
    gehouden_plan = gulzig_plan(replace(basis, ods=(eerste,)))[0]
    vakantie = (date(2025, 2, 15), date(2025, 3, 2), "voorjaarsvakantie regio zuid (fictief)")
    ods = (replace(eerste, gehouden=True, vaste_dag=gehouden_plan.eerste_dag,
                   vaste_leden=gehouden_plan.leden),
           replace(basis.ods[1], geblokkeerde_perioden=(vakantie,)), *basis.ods[2:])
    opgave = replace(basis, ods=ods, max_per_kwartaal=4)
    plan = los_op_ontleed(opgave, tijdslimiet=20, workers=1)
    assert isinstance(plan, Plan), plan
    assert controleer(opgave, plan.bezoeken) == []
    assert plan.bezoek_van(eerste.od) == gehouden_plan
    assert not vakantie[0] <= plan.bezoek_van(basis.ods[1].od).eerste_dag <= vakantie[1]
    per_kwartaal = [kwartaal_van(b.eerste_dag) for b in plan.bezoeken]
    assert max(per_kwartaal.count(k) for k in per_kwartaal) <= 4


@pytest.mark.zwaar
def test_european_scale_within_a_minute_without_violations():
    groot = synthetische_opgave(300, 1000, seed=1, start=date(2025, 1, 6), deadline=date(2026, 12, 31),
                                max_per_week=4)
    groot = replace(groot, personen=tuple(replace(p, max_bezoeken=4) for p in groot.personen))
    plan = los_op_ontleed(groot, tijdslimiet=60, workers=2)
    assert isinstance(plan, Plan), plan
    assert plan.seconden < 65  # the limit plus building the models on a loaded machine
    assert controleer(groot, plan.bezoeken) == []
    assert niet_slechter(plan.doel, doelen_van(groot, gulzig_plan(groot))) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_od=st.integers(2, 8), n_personen=st.integers(10, 40), seed=st.integers(0, 1000),
       data=st.data())
def test_every_decomposed_plan_satisfies_every_hard_rule(n_od, n_personen, seed, data):
    """Conflicts, absences and blocked weeks drawn at random: whatever the decomposition
    returns passes the independent checker (or it says why there is no plan)."""
    opgave = synthetische_opgave(n_od, n_personen, seed=seed, start=date(2025, 3, 3),
                                 deadline=date(2025, 6, 27))
    opgave = met_willekeurige_belemmeringen(
        data, opgave, afwezig_binnen=100, afwezig_dagen=9, max_afwezig=8, weken=(10, 25), max_blok=4,
        max_per_kwartaal=n_od)
    uit = los_op_ontleed(opgave, seed=seed, tijdslimiet=5, workers=1)
    if isinstance(uit, Plan):
        assert controleer(opgave, uit.bezoeken) == []
    else:
        assert uit.redenen and all(isinstance(r, str) and r for r in uit.redenen)
