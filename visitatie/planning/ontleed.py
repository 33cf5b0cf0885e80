"""The planner at European scale: the cycle decomposed into weeks first, then people.

One CP-SAT model of all weeks and all members of hundreds of visits does not find a plan in a
minute. Decomposed, it does: (1) a model of the dates only chooses every visit's week (national
and quarterly limits, spreading, lateness, and per week no more visits than the pool has people
for each role); its optimum bounds those objective terms for any plan. (2) With the weeks fixed,
a repaired greedy pass fills every committee under all rules, and (3) a model of the members
only (one visit a week is then a plain sum per person and week) improves that complete plan
from it as a hint (`ontleed_leden`). Held visits stay facts throughout.

A guard: no objective term may end worse than in the greedy first-fit plan (`gulzig`), so the
plan is never worse than the baseline on any term; the bounds reported are those of plans under
that guard (`datumgrens` without it gives the unguarded bound on spreading and lateness)."""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ortools.sat.python import cp_model

from visitatie.planning import solver as exact
from visitatie.planning.capaciteit import (
    capaciteitscontrole,
    gehouden_last,
    kwartaal_van,
    mag_rol,
    week_van,
)
from visitatie.planning.gulzig import alle_tags, doelen_van, gulzig_plan, laat_van
from visitatie.planning.ontleed_leden import (
    dekbare_expertise,
    kandidaten_per_week,
    kies_leden,
    laagste_belasting,
    vul_gulzig,
)
from visitatie.planning.typen import Bezoek, Onhaalbaar, Opgave, Plan
from visitatie.planning.uitleg import leg_uit

WEKEN_AANDEEL = 0.35  # of the time limit for the dates; the rest is for the members
MARGE = 0.15  # of the members' time, for building their model and reading the plan


@dataclass
class _Weken:
    """The dates phase's result: od -> week, and its proven bound on spreading and lateness."""

    week: dict[str, tuple[int, int]]
    spreiding: int
    laat: int
    bewezen: bool


def los_op_ontleed(opgave: Opgave, *, seed: int = 0, tijdslimiet: float = 60.0, workers: int = 2,
                   max_kandidaten: int = 25, voortgang: exact.Voortgang = exact._stil) -> Plan | Onhaalbaar:
    """Plan a large cycle in two phases; see the module text. The plan's `doelwaarde` and
    `ondergrens` are the lexicographic objective (`gewogen`) of the plan and of the bounds."""
    begin = time.perf_counter()
    tekorten = capaciteitscontrole(opgave)
    if tekorten:
        return Onhaalbaar(tekorten, time.perf_counter() - begin)
    voortgang(10, "Weken kiezen")
    grens_gulzig = doelen_van(opgave, gulzig_plan(opgave))
    weken = kies_weken(opgave, seed, tijdslimiet * WEKEN_AANDEEL, workers, grens_gulzig)
    if weken is None:  # the greedy plan broke rules to get there: plan without its limits
        grens_gulzig = None
        weken = kies_weken(opgave, seed, tijdslimiet * WEKEN_AANDEEL, workers, None)
    if weken is None:
        return Onhaalbaar(["Geen weken gevonden die de landelijke en kwartaallimieten en de beschikbare "
                           "personen per week samen toelaten."], time.perf_counter() - begin)
    voortgang(40, "Commissies vullen")
    dagen = exact._dagen_per_week(opgave)
    kand = kandidaten_per_week(opgave, weken.week, dagen)
    start = vul_gulzig(opgave, weken.week, kand)
    eind = begin + tijdslimiet
    leden, bewezen = kies_leden(opgave, weken.week, kand, start, seed, _ledentijd(eind), workers,
                                max_kandidaten, grens_gulzig)
    if leden is None and grens_gulzig:  # the greedy values were reached by breaking rules
        leden, bewezen = kies_leden(opgave, weken.week, kand, start, seed, _ledentijd(eind), workers,
                                    max_kandidaten, None)
    if leden is None:
        return _zonder_leden(opgave, seed, eind - time.perf_counter(), workers, begin)
    plan = _plan(opgave, weken, _bezoeken(opgave, weken.week, dagen, leden), bewezen)
    plan.seconden = time.perf_counter() - begin
    voortgang(100, f"Plan gevonden ({plan.status})")
    return plan


def _ledentijd(eind: float) -> float:
    """The members model's share of what is left, keeping a margin to build and read it."""
    return max((eind - time.perf_counter()) * (1 - MARGE), 1.0)


def _plan(opgave: Opgave, weken: _Weken, bezoeken: list[Bezoek], leden_bewezen: bool) -> Plan:
    """The plan with its objective terms, their bounds and whether it sits on them."""
    doel = doelen_van(opgave, bezoeken)
    doel["wijzigingen"] = exact.tel_wijzigingen(opgave.vorig_plan, bezoeken)
    grens = ondergrenzen(opgave, weken)
    status = "optimaal" if leden_bewezen and weken.bewezen and _op_grens(doel, grens) else "haalbaar"
    plan = Plan(bezoeken, status, doel, leg_uit(opgave, bezoeken), grenzen=grens)
    plan.doelwaarde, plan.ondergrens = gewogen(opgave, doel), gewogen(opgave, grens)
    return plan


def _zonder_leden(opgave: Opgave, seed: int, over: float, workers: int, begin: float) -> Plan | Onhaalbaar:
    """No committees for the chosen weeks. A cycle small enough for the one model goes there
    (it finds a plan with other weeks, or says which rules clash); a large one gets the reason."""
    if len(exact._open(opgave)) < exact.ONTLEED_VANAF:
        return exact.los_op(opgave, seed=seed, tijdslimiet=max(over, 1.0), workers=workers)
    return Onhaalbaar(["Met de gekozen weken is geen volledige commissie voor elke OD gevonden (één persoon "
                       "per week, het maximum per persoon en geen wederkerigheid samen). Geef meer personen "
                       "per rol op of verhoog hun maximum aantal bezoeken."], time.perf_counter() - begin)


def _op_grens(doel: dict, grens: dict) -> bool:
    return all(doel[k] == v for k, v in grens.items())


# --- phase 1: weeks ---------------------------------------------------------------------

def kies_weken(opgave: Opgave, seed: int, tijdslimiet: float, workers: int,
               niet_slechter: dict | None) -> _Weken | None:
    """Every visit's week, with no worse spreading or lateness than `niet_slechter` (if given).
    First how many visits go in each week (a small model of counts: a relaxation, so its
    optimum bounds every plan's), then which OD goes where; when the ODs' windows do not let
    those counts be filled, the model of every OD and week decides."""
    dagen = exact._dagen_per_week(opgave)
    ruimte = _ruimte_per_week(opgave, dagen)
    telling = None if opgave.vorig_plan else _tel_per_plek(opgave, dagen, ruimte, seed, tijdslimiet / 2,
                                                            workers, niet_slechter)
    if telling is not None:
        week = _wijs_plekken_toe(dagen, telling[0])
        if week is not None:
            return _Weken(week, telling[1], telling[2], telling[3])
    return _datummodel(opgave, dagen, ruimte, seed, tijdslimiet / 2, workers, niet_slechter)


def datumgrens(opgave: Opgave, *, seed: int = 0, tijdslimiet: float = 20.0, workers: int = 1,
               niet_slechter: dict | None = None) -> tuple[int, int, bool] | None:
    """The lexicographically least (spreading, lateness) any plan can have (with `niet_slechter`:
    any plan no worse than those values), and whether it is proven; None if none was found."""
    dagen = exact._dagen_per_week(opgave)
    telling = _tel_per_plek(opgave, dagen, _ruimte_per_week(opgave, dagen), seed, tijdslimiet, workers,
                            niet_slechter)
    return None if telling is None else telling[1:]


def _plekken(dagen: dict) -> Counter:
    """(week, first day) -> how many ODs could start that week on that day: the places the
    counts model fills (the first day decides the month, quarter and lateness)."""
    return Counter((w, ds[0]) for per_w in dagen.values() for w, ds in per_w.items())


def _tel_per_plek(opgave, dagen, ruimte, seed, tijdslimiet, workers, niet_slechter):
    """The counts model. Returns (counts per place, spreading, lateness, proven) or None."""
    model = cp_model.CpModel()
    plekken = _plekken(dagen)
    n = {plek: model.new_int_var(0, aantal, f"n_{plek[0][0]}_{plek[0][1]}_{plek[1]}")
         for plek, aantal in sorted(plekken.items())}
    model.add(sum(n.values()) == len(dagen))
    per_week = defaultdict(list)
    for (w, _d), var in n.items():
        per_week[w].append(var)
    for w, vars_ in per_week.items():
        model.add(sum(vars_) <= ruimte[w])
    for groep in {frozenset(per_w) for per_w in dagen.values()}:  # Hall: each window group fits
        leden = sum(1 for per_w in dagen.values() if set(per_w) <= groep)
        model.add(sum(var for (w, _d), var in n.items() if w in groep) >= leden)
    feiten = [v for v in opgave.ods if v.gehouden]
    if opgave.max_per_kwartaal:
        vast = Counter(kwartaal_van(v.vaste_dag) for v in feiten)
        for k, vars_ in _per_periode(n, kwartaal_van).items():
            model.add(sum(vars_) <= max(opgave.max_per_kwartaal - vast[k], 0))
    spreiding = _ongelijk_telling(model, opgave, n, len(dagen), feiten)
    laat = sum(laat_van(opgave, d) * var for (_w, d), var in n.items())
    if niet_slechter:
        model.add(sum(spreiding) <= niet_slechter["ongelijke_spreiding"])
        model.add(laat <= niet_slechter["dicht_bij_deadline"])
    model.minimize(exact._gewicht_laat_boven(opgave) * sum(spreiding) + laat)
    solver = exact._solver(seed, tijdslimiet, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    waarden = {plek: solver.value(var) for plek, var in n.items()}
    bewezen = status == cp_model.OPTIMAL
    if bewezen:  # (S*, L*) is lexicographically minimal
        return waarden, int(sum(solver.value(v) for v in spreiding)), int(solver.value(laat)), True
    return waarden, int(solver.best_objective_bound // exact._gewicht_laat_boven(opgave)), 0, False


def _per_periode(n: dict, periode) -> dict:
    uit = defaultdict(list)
    for (_w, d), var in n.items():
        uit[periode(d)].append(var)
    return uit


def _ongelijk_telling(model, opgave: Opgave, n: dict, aantal_open: int, feiten: list) -> list:
    """The solver's uneven-spreading terms (see `solver._ongelijk_per`), on counts."""
    termen = []
    for periode, met_tekort in ((kwartaal_van, True), (exact._maand, False)):
        per = _per_periode(n, periode)
        vast = Counter(periode(v.vaste_dag) for v in feiten)
        totaal = aantal_open + sum(vast[k] for k in per)
        hoog, laag = math.ceil(totaal / len(per)), (totaal // len(per) if met_tekort else 0)
        for k, vars_ in sorted(per.items()):
            over = model.new_int_var(0, aantal_open, f"over_{k}")
            model.add(over >= sum(vars_) + vast[k] - hoog)
            termen.append(over)
            if laag > vast[k]:
                tekort = model.new_int_var(0, laag, f"tekort_{k}")
                model.add(tekort >= laag - vast[k] - sum(vars_))
                termen.append(tekort)
    return termen


def _wijs_plekken_toe(dagen: dict, telling: dict) -> dict | None:
    """ODs to places with exactly the counted number each (the ODs with the fewest weeks
    first); None when this greedy pass cannot fill them (the ODs' windows differ too much)."""
    over = dict(telling)
    uit = {}
    for od, per_w in sorted(dagen.items(), key=lambda kv: (len(kv[1]), kv[0])):
        plek = next(((w, ds[0]) for w, ds in sorted(per_w.items()) if over.get((w, ds[0]), 0) > 0), None)
        if plek is None:
            return None
        over[plek] -= 1
        uit[od] = plek[0]
    return uit


def _datummodel(opgave, dagen, ruimte, seed, tijdslimiet, workers, niet_slechter) -> _Weken | None:
    """Dates only, one variable per OD and week (a relaxation of the full model plus the per-week
    role capacity); with a previous plan it also keeps as many weeks as it can."""
    model = cp_model.CpModel()
    s = {(od, w): model.new_bool_var(f"s_{od}_{w[0]}_{w[1]}") for od, per_w in dagen.items() for w in per_w}
    for od, per_w in dagen.items():
        model.add_exactly_one(s[(od, w)] for w in per_w)
    per_week = defaultdict(list)
    for (_od, w), var in s.items():
        per_week[w].append(var)
    for w, vars_ in per_week.items():
        if len(vars_) > ruimte[w]:
            model.add(sum(vars_) <= ruimte[w])
    feiten = [v for v in opgave.ods if v.gehouden]
    exact._spreiding(model, opgave, dagen, s, feiten, lambda _t: [])
    m = exact._Model(model, dagen, s, {}, {})
    spreiding, _ = exact._ongelijk(m, opgave)
    laat = exact._laat(m, opgave)
    if niet_slechter:
        model.add(sum(spreiding) <= niet_slechter["ongelijke_spreiding"])
        model.add(sum(laat) <= niet_slechter["dicht_bij_deadline"])
    wijzigingen = [1 - s[(b.od, week_van(b.eerste_dag))] for b in opgave.vorig_plan
                   if (b.od, week_van(b.eerste_dag)) in s]
    g = exact._gewicht_laat_boven(opgave)
    model.minimize(g * (len(spreiding) * 40 + 1) * sum(wijzigingen) + g * sum(spreiding) + sum(laat))
    solver = exact._solver(seed, tijdslimiet, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    week = {od: w for (od, w), var in s.items() if solver.value(var)}
    if status == cp_model.OPTIMAL and not wijzigingen:  # (S*, L*) is lexicographically minimal
        return _Weken(week, int(sum(solver.value(v) for v in spreiding)),
                      int(sum(solver.value(v) for v in laat)), True)
    grens = 0 if wijzigingen else int(solver.best_objective_bound // g)
    return _Weken(week, grens, 0, False)


def _ruimte_per_week(opgave: Opgave, dagen: dict) -> dict:
    """Week -> how many visits it can take: the national limit less held visits, and per role
    the people of the pool free that week divided by the seats a visit needs."""
    feiten = [v for v in opgave.ods if v.gehouden]
    gehouden = Counter(week_van(v.vaste_dag) for v in feiten)
    bezet = defaultdict(set)
    for v in feiten:
        bezet[week_van(v.vaste_dag)].update(p for _, p in v.vaste_leden)
    uit = {}
    for w in {w for per_w in dagen.values() for w in per_w}:
        ruimte = opgave.max_per_week - gehouden[w]
        for rol, aantal in opgave.commissie.items():
            vrij = sum(1 for p in opgave.personen if mag_rol(p, rol) and p.id not in bezet[w]
                       and not _week_afwezig(p, w))
            ruimte = min(ruimte, vrij // max(aantal, 1))
        uit[w] = max(ruimte, 0)
    return uit


def _week_afwezig(persoon, w: tuple[int, int]) -> bool:
    """Absent on every working day of ISO week w (then of no use that week at all)."""
    if not persoon.afwezig:
        return False
    maandag = date.fromisocalendar(w[0], w[1], 1)
    return all(persoon.afwezig_op(maandag + timedelta(days=i)) for i in range(5))


def _bezoeken(opgave: Opgave, week: dict, dagen: dict, leden: dict) -> list[Bezoek]:
    vorige = {b.od: b.eerste_dag for b in opgave.vorig_plan}
    uit = []
    for vraag in opgave.ods:
        if vraag.gehouden:
            uit.append(Bezoek(vraag.od, vraag.vaste_dag, tuple(sorted(vraag.vaste_leden))))
            continue
        ds = dagen[vraag.od][week[vraag.od]]
        vorig = vorige.get(vraag.od)
        dag = vorig if vorig in ds and exact._maand(vorig) == exact._maand(ds[0]) else ds[0]
        uit.append(Bezoek(vraag.od, dag, tuple(sorted(leden.get(vraag.od, [])))))
    return uit


# --- bounds and the weighted objective --------------------------------------------------

def ondergrenzen(opgave: Opgave, weken: _Weken) -> dict[str, int]:
    """Per objective term, a value no plan can beat: spreading and lateness from the dates
    phase (proven there), the largest load from the seats per role, coverage from the
    expertise any allowed person brings, reuse 0."""
    return {"grootste_belasting": max([laagste_belasting(opgave), *gehouden_last(opgave).values()]),
            "ongelijke_spreiding": weken.spreiding, "expertisedekking": dekbare_expertise(opgave),
            "hergebruikte_koppelingen": 0, "dicht_bij_deadline": weken.laat if weken.bewezen else 0}


def gewogen(opgave: Opgave, doel: dict) -> int:
    """The lexicographic objective as one number (lower is better): spreading, then largest
    load, then coverage (more is better), then reuse, then lateness."""
    n = len(opgave.ods)
    zetels = sum(opgave.commissie.values())
    u_laat = n * exact.DEADLINE_BUFFER_WEKEN + 1
    u_her = n * zetels + 1
    u_dek = n * max(len(alle_tags(opgave)), 1) + 1
    u_last = max([p.max_bezoeken for p in opgave.personen] + [1]) + n + 1
    w_her, w_dek = u_laat, u_laat * u_her
    w_last = w_dek * u_dek
    w_spreid = w_last * u_last
    return (w_spreid * doel["ongelijke_spreiding"] + w_last * doel["grootste_belasting"]
            - w_dek * doel["expertisedekking"] + w_her * doel["hergebruikte_koppelingen"]
            + doel["dicht_bij_deadline"])
