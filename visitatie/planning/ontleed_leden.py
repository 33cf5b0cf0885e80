"""The second phase of the decomposed planner (`ontleed`): with every visit's week fixed, the
members. A repaired greedy pass fills every committee under all rules; a model of the members
only (one visit a week is then a plain sum per person and week) improves that complete plan,
from it as a hint, over a pruned candidate list."""

from __future__ import annotations

import math
import zlib
from collections import Counter, defaultdict

from ortools.sat.python import cp_model

from visitatie.planning import solver as exact
from visitatie.planning.capaciteit import gehouden_last, is_kandidaat, mag_rol, week_van
from visitatie.planning.gulzig import alle_tags
from visitatie.planning.typen import Opgave


def kandidaten_per_week(opgave: Opgave, week: dict, dagen: dict) -> dict:
    """(od, role) -> every person allowed there in the chosen week (available on all its
    candidate days, not on a held visit that week); fixed members always."""
    bezet = defaultdict(set)
    for v in opgave.ods:
        if v.gehouden:
            bezet[week_van(v.vaste_dag)].update(p for _, p in v.vaste_leden)
    uit = {}
    for vraag in exact._open(opgave):
        w = week[vraag.od]
        vast = set(vraag.vaste_leden)
        for rol in opgave.commissie:
            uit[(vraag.od, rol)] = [
                p.id for p in opgave.personen
                if (rol, p.id) in vast or (is_kandidaat(opgave, p, vraag.od, rol) and p.id not in bezet[w]
                                           and not any(exact._afwezig(p, d) for d in dagen[vraag.od][w]))]
    return uit


def vul_gulzig(opgave: Opgave, week: dict, kand: dict) -> dict[str, list[tuple[str, str]]]:
    """The repaired greedy plan: the hardest ODs first (fewest candidates), per role the free
    candidates with the least load who add most wanted expertise, under every rule (one visit a
    week, the maximum, no reciprocity). An OD it cannot fill gets what it found."""
    personen = {p.id: p for p in opgave.personen}
    in_ronde = {v.od for v in opgave.ods}
    last = Counter(gehouden_last(opgave))
    bezet = set()
    richting = _gegeven_richtingen(opgave, personen, in_ronde)
    tags = alle_tags(opgave)
    volgorde = sorted(exact._open(opgave),
                      key=lambda v: (min(len(kand[(v.od, r)]) for r in opgave.commissie), v.od))
    uit = {}
    for vraag in volgorde:
        od, w = vraag.od, week[vraag.od]
        leden = list(vraag.vaste_leden)
        gedekt = set().union(*(personen[p].expertise for _, p in leden if p in personen))
        wens = set(vraag.gewenste_expertise) or set(tags)
        for rol, aantal in opgave.commissie.items():
            nodig = aantal - sum(1 for r, _ in leden if r == rol)
            for _ in range(max(nodig, 0)):
                p = _beste(opgave, kand[(od, rol)], personen, od, w, leden, last, bezet, richting,
                           wens - gedekt, in_ronde)
                if p is None:
                    break
                leden.append((rol, p))
                gedekt |= personen[p].expertise
        for _, p in leden:
            last[p] += 1
            bezet.add((p, w))
            herkomst = personen[p].od if p in personen else None
            if herkomst in in_ronde and herkomst != od:
                richting.add((herkomst, od))
        uit[od] = leden
    return uit


def _gegeven_richtingen(opgave: Opgave, personen: dict, in_ronde: set) -> set[tuple[str, str]]:
    """(from OD, to OD) pairs the held visits already used: the reverse is closed."""
    return {(personen[p].od, v.od) for v in opgave.ods if v.gehouden for _, p in v.vaste_leden
            if p in personen and personen[p].od in in_ronde and personen[p].od != v.od}


def _beste(opgave, lijst, personen, od, w, leden, last, bezet, richting, ontbrekend, in_ronde):
    gekozen = {p for _, p in leden}
    beste, sleutel = None, None
    for pid in lijst:
        p = personen[pid]
        if pid in gekozen or (pid, w) in bezet or last[pid] >= p.max_bezoeken:
            continue
        if p.od in in_ronde and p.od != od and (od, p.od) in richting:
            continue
        k = (last[pid], -len(p.expertise & ontbrekend), (pid, od) in opgave.vorige_koppelingen,
             zlib.crc32(f"{od}|{pid}".encode()))
        if sleutel is None or k < sleutel:
            beste, sleutel = pid, k
    return beste


def _gesnoeid(opgave: Opgave, kand: dict, start: dict, max_kandidaten: int) -> dict:
    """Candidate pruning: the greedy members, fixed and previous members always stay; then the
    least contested people (fewest ODs they are a candidate for) up to `max_kandidaten`."""
    gevraagd = Counter(p for lijst in kand.values() for p in lijst)
    vorige = {(b.od, rol, p) for b in opgave.vorig_plan for rol, p in b.leden}
    uit = {}
    for (od, rol), lijst in kand.items():
        houden = [p for r, p in start.get(od, []) if r == rol and p in lijst]
        houden += [p for p in lijst if (od, rol, p) in vorige and p not in houden]
        rest = sorted((p for p in lijst if p not in houden),
                      key=lambda p, o=od: (gevraagd[p], zlib.crc32(f"{o}|{p}".encode())))
        uit[(od, rol)] = houden + rest[:max(0, max_kandidaten - len(houden))]
    return uit


def kies_leden(opgave: Opgave, week: dict, kand: dict, start: dict, seed: int, tijdslimiet: float,
               workers: int, max_kandidaten: int, niet_slechter: dict | None) -> tuple[dict | None, bool]:
    """Members with the weeks fixed, from the greedy plan as a complete hint; with
    `niet_slechter` no worse load, coverage or reuse than those values. Returns
    od -> [(role, person)] and whether it is proven optimal for these weeks and candidates."""
    model = cp_model.CpModel()
    personen = {p.id: p for p in opgave.personen}
    lijsten = _gesnoeid(opgave, kand, start, max_kandidaten)
    x = {(od, rol, p): model.new_bool_var(f"x_{od}_{rol}_{p}")
         for (od, rol), lijst in lijsten.items() for p in lijst}
    per_od_persoon = defaultdict(list)
    for (od, _rol, p), var in x.items():
        per_od_persoon[(od, p)].append(var)
    for (od, rol), lijst in lijsten.items():
        model.add(sum(x[(od, rol, p)] for p in lijst) == opgave.commissie[rol])
    for vraag in exact._open(opgave):
        for rol, p in vraag.vaste_leden:
            model.add(x[(vraag.od, rol, p)] == 1)
    per_persoon_week, per_persoon = defaultdict(list), defaultdict(list)
    for (od, p), vars_ in per_od_persoon.items():
        model.add_at_most_one(vars_)
        per_persoon_week[(p, week[od])] += vars_
        per_persoon[p] += vars_
    for vars_ in per_persoon_week.values():
        model.add_at_most_one(vars_)
    last = gehouden_last(opgave)
    for p, vars_ in per_persoon.items():
        model.add(sum(vars_) <= max(personen[p].max_bezoeken - last[p], 0))
    if opgave.wederkerigheid:
        exact._wederkerigheid(model, opgave, personen, per_od_persoon, lambda _t: [],
                              [v for v in opgave.ods if v.gehouden])
    _doel_leden(model, opgave, x, per_persoon, last, niet_slechter)
    gekozen = {(od, rol, p) for od, leden in start.items() for rol, p in leden}
    for sleutel, var in x.items():
        model.add_hint(var, sleutel in gekozen)
    solver = exact._solver(seed, tijdslimiet, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    leden = defaultdict(list)
    for (od, rol, p), var in x.items():
        if solver.value(var):
            leden[od].append((rol, p))
    return dict(leden), status == cp_model.OPTIMAL


def _doel_leden(model, opgave: Opgave, x: dict, per_persoon: dict, last: Counter,
                niet_slechter: dict | None) -> None:
    """The member terms of the solver's objective, in its order: changes, largest load,
    expertise coverage, reused pairings."""
    personen = {p.id: p for p in opgave.personen}
    hoogste = max([p.max_bezoeken for p in opgave.personen] + list(last.values()) + [1])
    grootste = model.new_int_var(0, hoogste, "grootste_belasting")
    for p, vars_ in per_persoon.items():
        model.add(grootste >= sum(vars_) + last[p])
    model.add(grootste >= max([*last.values(), laagste_belasting(opgave)]))
    tags = alle_tags(opgave)
    dekking = []
    vragen = {v.od: v for v in opgave.ods}
    per_od_tag = defaultdict(list)
    for (od, _r, p), var in x.items():
        for tag in personen[p].expertise:
            per_od_tag[(od, tag)].append(var)
    for vraag in exact._open(opgave):
        for tag in sorted(vragen[vraag.od].gewenste_expertise) or tags:
            if per_od_tag[(vraag.od, tag)]:
                c = model.new_bool_var(f"dek_{vraag.od}_{tag}")
                model.add(c <= sum(per_od_tag[(vraag.od, tag)]))
                dekking.append(c)
    hergebruik = [var for (od, _r, p), var in x.items() if (p, od) in opgave.vorige_koppelingen]
    model.add(sum(dekking) <= dekbare_expertise(opgave))  # valid, and it lets the solver stop there
    if niet_slechter:
        model.add(grootste <= niet_slechter["grootste_belasting"])
        model.add(sum(dekking) >= niet_slechter["expertisedekking"])
        model.add(sum(hergebruik) <= niet_slechter["hergebruikte_koppelingen"])
    open_ = {v.od for v in exact._open(opgave)}
    wijzigingen = [1 - x[(b.od, r, p)] if (b.od, r, p) in x else 1
                   for b in opgave.vorig_plan if b.od in open_ for r, p in b.leden]
    w_her = 1
    w_dek = w_her * (len(hergebruik) + 1)
    w_last = w_dek * (len(dekking) + 1)
    w_wijz = w_last * (hoogste + 1)
    model.minimize(w_wijz * sum(wijzigingen) + w_last * grootste - w_dek * sum(dekking)
                   + w_her * sum(hergebruik))


def laagste_belasting(opgave: Opgave) -> int:
    """A bound on the largest load of any plan: per role, its seats over the people who may take it."""
    n = len(exact._open(opgave))
    grens = 0
    for rol, aantal in opgave.commissie.items():
        mensen = sum(1 for p in opgave.personen if mag_rol(p, rol))
        if mensen:
            grens = max(grens, math.ceil(n * aantal / mensen))
    return grens


def dekbare_expertise(opgave: Opgave) -> int:
    """The most coverage any plan can reach: per OD, the wanted tags some allowed person has."""
    tags = set(alle_tags(opgave))
    uit = 0
    for vraag in exact._open(opgave):
        kunnen = set()
        for p in opgave.personen:
            if p.expertise <= kunnen:
                continue
            if any(is_kandidaat(opgave, p, vraag.od, r) for r in opgave.commissie):
                kunnen |= p.expertise
        uit += len((set(vraag.gewenste_expertise) or tags) & kunnen)
    return uit
