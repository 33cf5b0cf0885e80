"""The exact planner: an OR-Tools CP-SAT model of a visitation cycle (pure: plain values in,
a `Plan` or an `Onhaalbaar` with Dutch reasons out).

Hard rules: one two-day visit per OD on consecutive working days inside its window, before the
deadline; the committee composition; no conflicts of interest (own employer included); persons
available and at most one visit a week and `max_bezoeken` a cycle; at most `max_per_week` visits
a week nationally; at most `max_per_kwartaal` visits a quarter (spreading); no reciprocity;
fixed visits and members stay. Held visits are facts outside the model: they take their week,
their members' week and load, and their reciprocity, and come back unchanged in the plan.
Objective, lexicographic through weights: (re-planning: fewest changes), even spreading over
the months, smallest largest load, most expertise coverage, fewest pairings reused from the
previous cycle, fewest visits close to the deadline."""

from __future__ import annotations

import math
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from ortools.sat.python import cp_model

from visitatie.planning.capaciteit import (
    ROL_LABEL,
    capaciteitscontrole,
    dagen_van_perioden,
    gehouden_last,
    is_kandidaat,
    kwartaal_van,
    startdagen_van,
    week_van,
)
from visitatie.planning.typen import Bezoek, Onhaalbaar, Opgave, Plan

Voortgang = Callable[[int, str], None]
DEADLINE_BUFFER_WEKEN = 12
ONTLEED_VANAF = 100  # open ODs from which one model is too big and `ontleed` plans instead


def _stil(_p: int, _t: str) -> None:
    pass


@dataclass
class _Model:
    model: cp_model.CpModel
    dagen: dict[str, dict[tuple[int, int], list[date]]]
    s: dict[tuple[str, tuple[int, int]], cp_model.IntVar]
    x: dict[tuple[str, str, str], cp_model.IntVar]
    aannames: dict[int, str]  # literal index -> Dutch explanation


def los_op(opgave: Opgave, *, seed: int = 0, tijdslimiet: float = 10.0,
           voortgang: Voortgang = _stil, max_kandidaten: int | None = None,
           workers: int = 1, startplan: list[Bezoek] | None = None) -> Plan | Onhaalbaar:
    """Plan the cycle. With one worker (the default) deterministic for a given seed as long as
    the time limit is not reached; more workers are faster but not reproducible. `startplan`
    (for example a greedy plan) is given to the solver as a hint: it may break rules. From
    `ONTLEED_VANAF` open ODs the decomposed planner (`ontleed`) plans instead."""
    if len(_open(opgave)) >= ONTLEED_VANAF and startplan is None and max_kandidaten is None:
        from visitatie.planning.ontleed import los_op_ontleed

        return los_op_ontleed(opgave, seed=seed, tijdslimiet=tijdslimiet, workers=workers,
                              voortgang=voortgang)
    begin = time.perf_counter()
    voortgang(5, "Capaciteit controleren")
    tekorten = capaciteitscontrole(opgave)
    if tekorten:
        return Onhaalbaar(tekorten, time.perf_counter() - begin)
    datums = None if startplan else _datumfase(opgave, seed, tijdslimiet / 4)
    vorige: Plan | None = None
    paren: set[tuple[str, str]] = set()
    for ronde in range(1, 51):
        procent = 10 + int(80 * min(1.0, (time.perf_counter() - begin) / tijdslimiet))
        voortgang(procent, f"Rekenen (ronde {ronde})")
        m = _bouw(opgave, max_kandidaten=max_kandidaten, met_aannames=False, paren=paren,
                  houden=tuple(startplan or ()))
        _doel(m, opgave)
        if startplan or vorige:  # the previous round's plan breaks only the pairs added since
            _hint(m, startplan or vorige.bezoeken)
        elif datums:
            _hint_weken(m, datums[0])
        if datums:
            _ondergrens(m, datums[1])
        over = tijdslimiet - (time.perf_counter() - begin)
        solver = _solver(seed, max(over, 0.5), workers)
        status = solver.solve(m.model, _Terugmelder(voortgang, tijdslimiet, begin))
        if status == cp_model.INFEASIBLE:
            voortgang(90, "Geen plan mogelijk: oorzaak zoeken")
            redenen = verklaar(opgave, seed=seed, max_kandidaten=max_kandidaten, paren=paren)
            if max_kandidaten:
                redenen.append(f"Let op: gerekend met ten hoogste {max_kandidaten} kandidaten per rol en OD; "
                               "zonder die beperking kan er wel een plan zijn.")
            return Onhaalbaar(redenen, time.perf_counter() - begin)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        plan = _lees_plan(m, solver, opgave)
        nieuw = _botsende_paren([b for b in plan.bezoeken if b.od in m.dagen]) - paren
        if not nieuw:
            plan.status = "optimaal" if status == cp_model.OPTIMAL else "haalbaar"
            plan.seconden = time.perf_counter() - begin
            plan.doelwaarde, plan.ondergrens = solver.objective_value, solver.best_objective_bound
            plan.rekenrondes = ronde
            voortgang(100, f"Plan gevonden ({plan.status}, {ronde} rekenronde(n))")
            return plan
        paren |= nieuw
        vorige = plan
    return Onhaalbaar([f"Binnen de tijdslimiet van {tijdslimiet:g} s is geen plan gevonden, hoewel de "
                       "capaciteitscontrole geen tekort vond. Verhoog de tijdslimiet."],
                      time.perf_counter() - begin)


def _datumfase(opgave: Opgave, seed: int, tijdslimiet: float) -> tuple[dict, tuple[int, int]] | None:
    """Dates only: the weeks that spread best and stay furthest from the deadline under the
    national and quarterly limits. A relaxation of the full model (no members), so its optimum
    bounds the date part of the full objective from below, and its weeks are a good first hint;
    together they make the full model much faster to solve and to prove."""
    model = cp_model.CpModel()
    dagen = _dagen_per_week(opgave)
    s = {(od, w): model.new_bool_var(f"s_{od}_{w[0]}_{w[1]}") for od, per_w in dagen.items() for w in per_w}
    for od, per_w in dagen.items():
        model.add_exactly_one(s[(od, w)] for w in per_w)
    feiten = [v for v in opgave.ods if v.gehouden]
    gehouden_per_week = Counter(week_van(v.vaste_dag) for v in feiten)
    per_week = defaultdict(list)
    for (_od, w), var in s.items():
        per_week[w].append(var)
    for w, vars_ in per_week.items():
        model.add(sum(vars_) <= max(opgave.max_per_week - gehouden_per_week[w], 0))
    _spreiding(model, opgave, dagen, s, feiten, lambda _t: [])
    m = _Model(model, dagen, s, {}, {})
    spreiding, _ = _ongelijk(m, opgave)
    laat = _laat(m, opgave)
    model.minimize(_gewicht_laat_boven(opgave) * sum(spreiding) + sum(laat))
    solver = _solver(seed, tijdslimiet, 1)
    if solver.solve(model) != cp_model.OPTIMAL:
        return None
    return ({k: bool(solver.value(v)) for k, v in s.items()},
            (int(sum(solver.value(v) for v in spreiding)), int(sum(solver.value(v) for v in laat))))


def _gewicht_laat_boven(opgave: Opgave) -> int:
    """More than any sum of lateness penalties: what makes a weight lexicographic above it."""
    return len(opgave.ods) * DEADLINE_BUFFER_WEKEN + 1


def _hint_weken(m: _Model, weken: dict) -> None:
    for sleutel, var in m.s.items():
        m.model.add_hint(var, weken.get(sleutel, False))


def _ondergrens(m: _Model, optimum: tuple[int, int]) -> None:
    """The dates-only optimum (spreading, lateness) bounds the same terms of the full model:
    both weigh spreading above any sum of lateness, so G*spreading + lateness >= G*S* + L*."""
    spreiding, laat = optimum
    m.model.add(m.gewicht_spreid * sum(m.doelen["spreiding"]) + sum(m.doelen["laat"])
                >= m.gewicht_spreid * spreiding + laat)


def _hint(m: _Model, bezoeken: list[Bezoek]) -> None:
    weken = {(b.od, week_van(b.eerste_dag)) for b in bezoeken}
    leden = {(b.od, rol, p) for b in bezoeken for rol, p in b.leden}
    for sleutel, var in m.s.items():
        m.model.add_hint(var, sleutel in weken)
    for sleutel, var in m.x.items():
        m.model.add_hint(var, sleutel in leden)


def _solver(seed: int, tijdslimiet: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = tijdslimiet
    solver.parameters.num_workers = workers
    return solver


class _Terugmelder(cp_model.CpSolverSolutionCallback):
    def __init__(self, voortgang: Voortgang, tijdslimiet: float, begin: float):
        super().__init__()
        self.voortgang, self.tijdslimiet, self.begin = voortgang, tijdslimiet, begin

    def on_solution_callback(self) -> None:
        verstreken = time.perf_counter() - self.begin
        procent = 10 + int(80 * min(1.0, verstreken / max(self.tijdslimiet, 0.001)))
        self.voortgang(procent, f"Plan verbeterd (doelwaarde {int(self.objective_value)})")


def _kandidaten(opgave: Opgave, max_kandidaten: int | None, seed: int = 0,
                houden: tuple[Bezoek, ...] = ()) -> dict:
    """(od, role) -> person ids allowed there; pruned to the first `max_kandidaten` by a
    seeded order for very large pools (fixed and previous members always stay)."""
    vorige = {(b.od, rol, p) for b in (*opgave.vorig_plan, *houden) for rol, p in b.leden}
    uit = {}
    for vraag in _open(opgave):
        vast = set(vraag.vaste_leden)
        for rol in opgave.commissie:
            lijst = [p.id for p in opgave.personen
                     if (rol, p.id) in vast or is_kandidaat(opgave, p, vraag.od, rol)]
            if max_kandidaten and len(lijst) > max_kandidaten:
                houden = [p for p in lijst if (rol, p) in vast or (vraag.od, rol, p) in vorige]
                rest = sorted((p for p in lijst if p not in houden),
                              key=lambda p, o=vraag.od: zlib.crc32(f"{seed}|{o}|{p}".encode()))
                lijst = houden + rest[:max(0, max_kandidaten - len(houden))]
            uit[(vraag.od, rol)] = lijst
    return uit


def _afwezig(persoon, dag: date) -> bool:
    weg = dagen_van_perioden(persoon.afwezig)
    return dag in weg or dag + timedelta(days=1) in weg


def _open(opgave: Opgave) -> list:
    """The ODs the model decides on: all but the held visits."""
    return [v for v in opgave.ods if not v.gehouden]


def _maand(dag: date) -> tuple[int, int]:
    return dag.year, dag.month


def _dagen_per_week(opgave: Opgave) -> dict[str, dict[tuple[int, int], list[date]]]:
    """od -> ISO week -> the possible first days in that week (a fixed visit: its own day)."""
    uit = {}
    for v in _open(opgave):
        per_w = defaultdict(list)
        for d in ([v.vaste_dag] if v.vaste_dag else startdagen_van(opgave, v)):
            per_w[week_van(d)].append(d)
        uit[v.od] = dict(per_w)
    return uit


def _bouw(opgave: Opgave, *, max_kandidaten: int | None, met_aannames: bool,
          paren: set[tuple[str, str]] = frozenset(), houden: tuple[Bezoek, ...] = ()) -> _Model:
    model = cp_model.CpModel()
    aannames: dict[int, str] = {}
    personen = {p.id: p for p in opgave.personen}

    def regel(tekst: str):
        """A switch for one rule group: always on, or an assumption to explain infeasibility."""
        if not met_aannames:
            return []
        lit = model.new_bool_var(tekst)
        aannames[lit.index] = tekst
        model.add_assumption(lit)
        return [lit]

    # The model decides weeks; the day inside the week follows (see _lees_plan). Availability
    # is therefore checked per week: someone absent on any candidate day of that week is not
    # planned in it. That is stricter than needed, never looser.
    dagen = _dagen_per_week(opgave)
    alle_weken = sorted({w for per_w in dagen.values() for w in per_w})
    week_index = {w: i for i, w in enumerate(alle_weken)}
    s = {(od, w): model.new_bool_var(f"s_{od}_{w[0]}_{w[1]}")
         for od, per_w in dagen.items() for w in per_w}
    wk = {}  # od -> index of the week of its visit
    for od, per_w in dagen.items():
        model.add_exactly_one(s[(od, w)] for w in per_w)
        domein = cp_model.Domain.from_values(sorted(week_index[w] for w in per_w))
        wk[od] = model.new_int_var_from_domain(domein, f"week_{od}")
        model.add(wk[od] == sum(week_index[w] * s[(od, w)] for w in per_w))
    feiten = [v for v in opgave.ods if v.gehouden]
    per_week = defaultdict(list)
    for (_od, w), var in s.items():
        per_week[w].append(var)
    gehouden_per_week = Counter(week_van(v.vaste_dag) for v in feiten)
    landelijk = regel(f"ten hoogste {opgave.max_per_week} bezoeken per week landelijk")
    for w, vars_ in per_week.items():
        ruimte = max(opgave.max_per_week - gehouden_per_week[w], 0)
        if len(vars_) > ruimte:
            model.add(sum(vars_) <= ruimte).only_enforce_if(landelijk)
    _spreiding(model, opgave, dagen, s, feiten, regel)

    kand = _kandidaten(opgave, max_kandidaten, houden=houden)
    x = {(od, rol, p): model.new_bool_var(f"x_{od}_{rol}_{p}")
         for (od, rol), lijst in kand.items() for p in lijst}
    per_od_persoon = defaultdict(list)
    for (od, _rol, p), var in x.items():
        per_od_persoon[(od, p)].append(var)
    bezet = defaultdict(set)  # person -> weeks of their held visits
    for v in feiten:
        for _, p in v.vaste_leden:
            bezet[p].add(week_van(v.vaste_dag))
    for vraag in _open(opgave):
        aan = regel(f"{vraag.naam}: een volledige commissie ("
                    + ", ".join(f"{n} {ROL_LABEL[r]}" for r, n in opgave.commissie.items()) + ")")
        for rol, aantal in opgave.commissie.items():
            model.add(sum(x[(vraag.od, rol, p)] for p in kand[(vraag.od, rol)]) == aantal
                      ).only_enforce_if(aan)
        vast = regel(f"{vraag.naam}: vastgelegde datum en leden blijven staan") \
            if (vraag.vaste_dag or vraag.vaste_leden) else []
        for rol, p in vraag.vaste_leden:
            model.add(x[(vraag.od, rol, p)] == 1).only_enforce_if(vast)
    for (od, p), vars_ in per_od_persoon.items():
        model.add_at_most_one(vars_)
        persoon = personen[p]
        if not persoon.afwezig and not bezet[p]:
            continue
        for w, ds in dagen[od].items():
            if w in bezet[p] or any(_afwezig(persoon, d) for d in ds):
                model.add(sum(vars_) + s[(od, w)] <= 1)

    per_persoon = defaultdict(dict)
    for (od, p), vars_ in per_od_persoon.items():
        per_persoon[p][od] = vars_
    max_regel = regel("elke persoon binnen zijn maximum aantal bezoeken per ronde")
    last = gehouden_last(opgave)
    for p, per_od in per_persoon.items():
        model.add(sum(v for vs in per_od.values() for v in vs) <= max(personen[p].max_bezoeken - last[p], 0)
                  ).only_enforce_if(max_regel)
    _een_per_week(model, per_persoon, s, dagen, paren, regel)
    if opgave.wederkerigheid:
        _wederkerigheid(model, opgave, personen, per_od_persoon, regel, feiten)
    return _Model(model, dagen, s, x, aannames)


def _spreiding(model, opgave: Opgave, dagen, s, feiten, regel) -> None:
    """At most `max_per_kwartaal` visits in a calendar quarter, held visits included."""
    if not opgave.max_per_kwartaal:
        return
    aan = regel(f"ten hoogste {opgave.max_per_kwartaal} bezoeken per kwartaal (spreiding over de ronde)")
    per_kwartaal = defaultdict(list)
    for (od, w), var in s.items():
        per_kwartaal[kwartaal_van(dagen[od][w][0])].append(var)
    vast = Counter(kwartaal_van(v.vaste_dag) for v in feiten)
    for k, vars_ in per_kwartaal.items():
        ruimte = max(opgave.max_per_kwartaal - vast[k], 0)
        if len(vars_) > ruimte:
            model.add(sum(vars_) <= ruimte).only_enforce_if(aan)


def _een_per_week(model, per_persoon, s, dagen, paren, regel) -> None:
    """A person at most one visit a week, for the given pairs of ODs: a 'same week' switch per
    pair, forced on by clauses, and then no shared member. Stating this for every pair up front
    makes the model ten times slower, so `los_op` adds pairs lazily (row generation): only
    pairs a solution actually put in one week. The end result satisfies the rule for all."""
    aan = regel("elke persoon ten hoogste één bezoek per week")
    for a, b in sorted(paren):
        gedeeld = set(dagen[a]) & set(dagen[b])
        if not gedeeld:
            continue
        z = model.new_bool_var(f"zelfde_{a}_{b}")
        for w in gedeeld:
            model.add_bool_or([s[(a, w)].negated(), s[(b, w)].negated(), z])
        for per_od in per_persoon.values():
            if a in per_od and b in per_od:
                model.add(sum(per_od[a]) + sum(per_od[b]) + z <= 2).only_enforce_if(aan)


def _botsende_paren(plan_bezoeken) -> set[tuple[str, str]]:
    """When two visits in one week share a member: all pairs of ODs planned in a common week
    (what row generation adds next); else nothing."""
    per_week = defaultdict(list)
    for b in plan_bezoeken:
        per_week[week_van(b.eerste_dag)].append(b)
    paren = set()
    botsing = False
    for bezoeken in per_week.values():
        for x, y in combinations(sorted(bezoeken, key=lambda b: b.od), 2):
            paren.add((x.od, y.od))
            botsing = botsing or bool({p for _, p in x.leden} & {p for _, p in y.leden})
    # Only a real clash needs another round; then every same-week pair is added at once, which
    # saves rounds (the solver would otherwise move the clash to the next pair).
    return paren if botsing else set()


def _wederkerigheid(model, opgave, personen, per_od_persoon, regel, feiten=()) -> None:
    """If someone from A sits on B's committee, nobody from B sits on A's (held visits count)."""
    in_ronde = {v.od for v in opgave.ods}
    gegeven = {(personen[p].od, v.od) for v in feiten for _, p in v.vaste_leden
               if p in personen and personen[p].od in in_ronde and personen[p].od != v.od}
    r = {}
    for (od, p), vars_ in per_od_persoon.items():
        herkomst = personen[p].od
        if herkomst in in_ronde and herkomst != od:
            if (herkomst, od) not in r:
                r[(herkomst, od)] = model.new_bool_var(f"r_{herkomst}_{od}")
            for v in vars_:
                model.add_implication(v, r[(herkomst, od)])
    aan = regel("geen wederkerigheid: wie van OD A bij B visiteert, krijgt niemand van B terug")
    for (a, b), var in r.items():
        if (b, a) in gegeven:
            model.add(var == 0).only_enforce_if(aan)
        elif (b, a) in r and a < b:
            model.add(var + r[(b, a)] <= 1).only_enforce_if(aan)


def _doel(m: _Model, opgave: Opgave) -> None:
    model, x, s = m.model, m.x, m.s
    personen = {p.id: p for p in opgave.personen}
    belasting = defaultdict(list)
    for (_od, _rol, p), var in x.items():
        belasting[p].append(var)
    hoogste = max((p.max_bezoeken for p in opgave.personen), default=1)
    hoogste = max(hoogste, *gehouden_last(opgave).values(), 1)
    grootste = model.new_int_var(0, hoogste + 5, "grootste_belasting")
    last = gehouden_last(opgave)
    for p, vars_ in belasting.items():
        model.add(grootste >= sum(vars_) + last[p])
    if last:
        model.add(grootste >= max(last.values()))

    alle_tags = sorted({t for p in opgave.personen for t in p.expertise})
    dekking = []
    for vraag in _open(opgave):
        for tag in sorted(vraag.gewenste_expertise) or alle_tags:
            met = [var for (od, _r, p), var in x.items() if od == vraag.od and tag in personen[p].expertise]
            if met:
                c = model.new_bool_var(f"dek_{vraag.od}_{tag}")
                model.add(c <= sum(met))
                dekking.append(c)
    hergebruik = [var for (od, _r, p), var in x.items() if (p, od) in opgave.vorige_koppelingen]
    laat = _laat(m, opgave)
    wijzigingen = []
    for b in opgave.vorig_plan:
        if b.od not in m.dagen:  # held (a fact) or no longer in the cycle
            continue
        if (b.od, week_van(b.eerste_dag)) in s:
            wijzigingen.append(1 - s[(b.od, week_van(b.eerste_dag))])
        else:
            wijzigingen.append(1)
        for rol, p in b.leden:
            wijzigingen.append(1 - x[(b.od, rol, p)] if (b.od, rol, p) in x else 1)

    spreiding, u_spreid = _ongelijk(m, opgave)
    u_laat = _gewicht_laat_boven(opgave)
    u_her = len(x) + 1
    u_dek = len(dekking) + 1
    u_last = hoogste + 6
    gewicht_laat = 1
    gewicht_her = u_laat
    gewicht_dek = u_laat * u_her
    gewicht_last = gewicht_dek * u_dek
    gewicht_spreid = gewicht_last * u_last
    m.gewicht_spreid = gewicht_spreid
    gewicht_wijz = gewicht_spreid * u_spreid
    model.minimize(gewicht_wijz * sum(wijzigingen) + gewicht_spreid * sum(spreiding)
                   + gewicht_last * grootste
                   - gewicht_dek * sum(dekking) + gewicht_her * sum(hergebruik)
                   + gewicht_laat * sum(laat))
    m.doelen = {"grootste": grootste, "dekking": dekking, "hergebruik": hergebruik,
                "laat": laat, "spreiding": spreiding}


def _laat(m: _Model, opgave: Opgave) -> list:
    laat = []
    for (od, w), var in m.s.items():
        weken_over = (opgave.deadline - m.dagen[od][w][0]).days // 7
        if weken_over < DEADLINE_BUFFER_WEKEN:
            laat.append((DEADLINE_BUFFER_WEKEN - weken_over) * var)
    return laat


def _ongelijk(m: _Model, opgave: Opgave) -> tuple[list, int]:
    """Uneven spreading: per quarter with free days, the visits above the even share (rounded
    up) and the shortfall below it (rounded down); per month only those above. Held visits
    count where they fall. Returns the penalty terms and an upper bound on their sum plus one."""
    termen, bovengrens = [], 1
    for periode, onder in ((kwartaal_van, True), (_maand, False)):
        t, g = _ongelijk_per(m, opgave, periode, onder)
        termen += t
        bovengrens += g
    return termen, bovengrens


def _ongelijk_per(m: _Model, opgave: Opgave, periode, met_tekort: bool) -> tuple[list, int]:
    per = defaultdict(list)
    for (od, w), var in m.s.items():
        per[periode(m.dagen[od][w][0])].append(var)
    if not per:
        return [], 0
    vast = Counter(periode(v.vaste_dag) for v in opgave.ods if v.gehouden)
    n = len(m.dagen) + sum(vast[k] for k in per)
    hoog, laag = math.ceil(n / len(per)), (n // len(per) if met_tekort else 0)
    termen, bovengrens = [], 0
    for k, vars_ in sorted(per.items()):
        if len(vars_) + vast[k] > hoog:
            over = m.model.new_int_var(0, len(vars_), f"over_{k}")
            m.model.add(over >= sum(vars_) + vast[k] - hoog)
            termen.append(over)
            bovengrens += len(vars_)
        if laag > vast[k]:
            tekort = m.model.new_int_var(0, laag, f"tekort_{k}")
            m.model.add(tekort >= laag - vast[k] - sum(vars_))
            termen.append(tekort)
            bovengrens += laag
    return termen, bovengrens


def _lees_plan(m: _Model, solver: cp_model.CpSolver, opgave: Opgave) -> Plan:
    bezoeken = []
    vorige = {b.od: b.eerste_dag for b in opgave.vorig_plan}
    for vraag in opgave.ods:
        if vraag.gehouden:
            bezoeken.append(Bezoek(vraag.od, vraag.vaste_dag, tuple(sorted(vraag.vaste_leden))))
            continue
        week = next(w for w in m.dagen[vraag.od] if solver.value(m.s[(vraag.od, w)]))
        leden = tuple(sorted((rol, p) for (od, rol, p), var in m.x.items()
                             if od == vraag.od and solver.value(var)))
        ds = m.dagen[vraag.od][week]
        # The previous day stays when the model kept its week (and month: the spreading counts it).
        vorig = vorige.get(vraag.od)
        dag = vorig if vorig in ds and _maand(vorig) == _maand(ds[0]) else ds[0]
        bezoeken.append(Bezoek(vraag.od, dag, leden))
    d = m.doelen
    doel = {"grootste_belasting": int(solver.value(d["grootste"])),
            "ongelijke_spreiding": int(sum(solver.value(v) for v in d["spreiding"])),
            "expertisedekking": int(sum(solver.value(c) for c in d["dekking"])),
            "hergebruikte_koppelingen": int(sum(solver.value(v) for v in d["hergebruik"])),
            "dicht_bij_deadline": int(sum(solver.value(v) for v in d["laat"])),
            "wijzigingen": tel_wijzigingen(opgave.vorig_plan, bezoeken)}
    from visitatie.planning.uitleg import leg_uit

    return Plan(bezoeken, "haalbaar", doel, leg_uit(opgave, bezoeken))


def tel_wijzigingen(vorig: tuple[Bezoek, ...], bezoeken: list[Bezoek]) -> int:
    """Changes against the previous plan as a person counts them: a new date, and every member
    out and every member in (a replacement is two changes); 0 without a previous plan."""
    if not vorig:
        return 0
    oud = {b.od: b for b in vorig}
    uit = 0
    for b in bezoeken:
        a = oud.get(b.od)
        if a is None:
            continue
        uit += (a.eerste_dag != b.eerste_dag) + len(set(a.leden) ^ set(b.leden))
    return uit


def verklaar(opgave: Opgave, *, seed: int = 0, max_kandidaten: int | None = None,
             paren: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Why no plan exists: re-solve with every rule group behind an assumption and translate
    the infeasible core into Dutch."""
    m = _bouw(opgave, max_kandidaten=max_kandidaten, met_aannames=True, paren=paren)
    solver = _solver(seed, 30.0, 1)
    status = solver.solve(m.model)
    if status != cp_model.INFEASIBLE:
        return ["Geen plan gevonden binnen de tijdslimiet; de oorzaak is niet vastgesteld."]
    kern = [m.aannames[i] for i in solver.sufficient_assumptions_for_infeasibility()
            if i in m.aannames]
    if not kern:
        return ["De vaste gegevens (vensters, feestdagen, afwezigheid) laten samen geen plan toe."]
    return ["Deze regels zijn samen niet te verenigen: " + "; ".join(kern) + "."]
