"""The greedy first-fit baseline (what a spreadsheet and rules of thumb do) and the objective
values of any plan, counted the way the solver counts them, so plans can be compared."""

from __future__ import annotations

import math
from collections import Counter

from visitatie.planning.capaciteit import gehouden_last, is_kandidaat, kwartaal_van, startdagen_van, week_van
from visitatie.planning.typen import Bezoek, Opgave

DEADLINE_BUFFER_WEKEN = 12  # the solver's: visits in the last 12 weeks count as late


def gulzig_plan(opgave: Opgave) -> list[Bezoek]:
    """First fit: ODs in order, earliest week with room, least-loaded free candidates. It knows
    the committee, conflicts, one visit a week, the maximum per person and per week, nothing else."""
    last, bezet_week, landelijk, bezoeken = Counter(), set(), Counter(), []
    for vraag in opgave.ods:
        for dag in startdagen_van(opgave, vraag):
            w = week_van(dag)
            if landelijk[w] >= opgave.max_per_week:
                continue
            leden = []
            for rol, aantal in opgave.commissie.items():
                gekozen = {x for _, x in leden}
                vrij = sorted((p for p in opgave.personen
                               if is_kandidaat(opgave, p, vraag.od, rol) and (p.id, w) not in bezet_week
                               and last[p.id] < p.max_bezoeken and p.id not in gekozen),
                              key=lambda p: (last[p.id], p.id))
                leden += [(rol, p.id) for p in vrij[:aantal]]
            if len(leden) == sum(opgave.commissie.values()):
                for _, p in leden:
                    last[p] += 1
                    bezet_week.add((p, w))
                landelijk[w] += 1
                bezoeken.append(Bezoek(vraag.od, dag, tuple(sorted(leden))))
                break
    return bezoeken


def eerste_dag_per_week(opgave: Opgave) -> dict[str, dict[tuple[int, int], object]]:
    """od -> ISO week -> the first possible day in that week: the day the solver counts a
    visit in that week by (for spreading and lateness)."""
    uit = {}
    for v in opgave.ods:
        if v.gehouden:
            continue
        per_w = {}
        for d in ([v.vaste_dag] if v.vaste_dag else startdagen_van(opgave, v)):
            per_w.setdefault(week_van(d), d)
        uit[v.od] = per_w
    return uit


def doelen_van(opgave: Opgave, bezoeken: list[Bezoek]) -> dict[str, int]:
    """The objective terms of a plan (the keys of `Plan.doel`, without re-planning changes)."""
    eerste = eerste_dag_per_week(opgave)
    open_ = {b.od: b for b in bezoeken if b.od in eerste}
    telmoment = {od: eerste[od].get(week_van(b.eerste_dag), b.eerste_dag) for od, b in open_.items()}
    return {"grootste_belasting": _grootste_belasting(opgave, bezoeken),
            "ongelijke_spreiding": ongelijke_spreiding(opgave, eerste, list(telmoment.values())),
            "expertisedekking": _dekking(opgave, list(open_.values())),
            "hergebruikte_koppelingen": sum((p, b.od) in opgave.vorige_koppelingen
                                            for b in open_.values() for _, p in b.leden),
            "dicht_bij_deadline": sum(laat_van(opgave, d) for d in telmoment.values())}


def laat_van(opgave: Opgave, dag) -> int:
    weken_over = (opgave.deadline - dag).days // 7
    return max(DEADLINE_BUFFER_WEKEN - weken_over, 0)


def _grootste_belasting(opgave: Opgave, bezoeken: list[Bezoek]) -> int:
    gehouden = {v.od for v in opgave.ods if v.gehouden}
    last = gehouden_last(opgave) + Counter(p for b in bezoeken if b.od not in gehouden for _, p in b.leden)
    return max(last.values(), default=0)


def alle_tags(opgave: Opgave) -> list[str]:
    return sorted({t for p in opgave.personen for t in p.expertise})


def _dekking(opgave: Opgave, bezoeken: list[Bezoek]) -> int:
    """Per visit, the wanted expertise (or every tag in the pool) some member brings."""
    expertise = {p.id: p.expertise for p in opgave.personen}
    vragen = {v.od: v for v in opgave.ods}
    tags = alle_tags(opgave)
    uit = 0
    for b in bezoeken:
        gedekt = set().union(*(expertise.get(p, frozenset()) for _, p in b.leden))
        uit += len(set(sorted(vragen[b.od].gewenste_expertise) or tags) & gedekt)
    return uit


def ongelijke_spreiding(opgave: Opgave, eerste: dict, dagen: list) -> int:
    """Visits above the even share per quarter and month, and below it per quarter, over the
    periods that have free days (held visits count where they fall)."""
    totaal = 0
    for periode, met_tekort in ((kwartaal_van, True), (lambda d: (d.year, d.month), False)):
        perioden = {periode(d) for per_w in eerste.values() for d in per_w.values()}
        if not perioden:
            continue
        vast = Counter(periode(v.vaste_dag) for v in opgave.ods if v.gehouden)
        telling = Counter(periode(d) for d in dagen)
        n = len(eerste) + sum(vast[k] for k in perioden)
        hoog, laag = math.ceil(n / len(perioden)), (n // len(perioden) if met_tekort else 0)
        for k in perioden:
            totaal += max(telling[k] + vast[k] - hoog, 0) + max(laag - vast[k] - telling[k], 0)
    return totaal
