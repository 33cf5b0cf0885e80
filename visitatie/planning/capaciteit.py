"""What the planner may choose from (start days, candidates) and the quick capacity check that
explains obvious impossibility before any solving."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from functools import lru_cache

from visitatie.planning.typen import OdVraag, Opgave, Persoon

ROL_LABEL = {"voorzitter": "voorzitter", "peer": "peer(s)", "bestuurder": "bestuurder",
             "secretaris": "secretaris"}


def week_van(dag: date) -> tuple[int, int]:
    jaar, week, _ = dag.isocalendar()
    return jaar, week


def kwartaal_van(dag: date) -> tuple[int, int]:
    return dag.year, (dag.month - 1) // 3 + 1


def gehouden_last(opgave: Opgave) -> Counter:
    """Person id -> number of held visits in this cycle (they count toward the maximum)."""
    return Counter(p for v in opgave.ods if v.gehouden for _, p in v.vaste_leden)


def is_werkdag(opgave: Opgave, dag: date) -> bool:
    if dag.weekday() >= 5 or dag in opgave.feestdagen:
        return False
    return not any(van <= dag <= tot for van, tot, _ in opgave.geblokkeerde_perioden)


def startdagen(opgave: Opgave) -> list[date]:
    """First days of a possible visit: two consecutive working days, before the deadline."""
    return list(_startdagen(opgave.start, opgave.deadline, opgave.feestdagen, opgave.geblokkeerde_perioden))


@lru_cache(maxsize=32)
def _startdagen(start: date, deadline: date, feestdagen: frozenset[date],
                perioden: tuple) -> tuple[date, ...]:
    vrij = _dagen_in(perioden) | feestdagen
    uit, dag = [], start
    while dag + timedelta(days=1) <= deadline:
        if dag.weekday() < 4 and dag not in vrij and dag + timedelta(days=1) not in vrij:
            uit.append(dag)
        dag += timedelta(days=1)
    return tuple(uit)


@lru_cache(maxsize=32)
def _dagen_in(perioden: tuple) -> frozenset[date]:
    """Every day of the given (from, to, name) periods."""
    return dagen_van_perioden(tuple((van, tot) for van, tot, *_ in perioden))


@lru_cache(maxsize=256)
def dagen_van_perioden(perioden: tuple) -> frozenset[date]:
    uit = set()
    for van, tot in perioden:
        uit.update(van + timedelta(days=i) for i in range((tot - van).days + 1))
    return frozenset(uit)


def startdagen_van(opgave: Opgave, vraag: OdVraag) -> list[date]:
    bezet = _dagen_in(vraag.geblokkeerde_perioden)
    return [d for d in startdagen(opgave)
            if vraag.venster_van <= d and d + timedelta(days=1) <= vraag.venster_tot
            and week_van(d) not in vraag.geblokkeerde_weken
            and d not in bezet and d + timedelta(days=1) not in bezet]


def mag_rol(persoon: Persoon, rol: str) -> bool:
    """Role eligibility: a chair is external to all ODs, a peer works at an OD; someone who
    dropped out is only kept on held visits."""
    if rol not in persoon.rollen or not persoon.inzetbaar:
        return False
    if rol == "voorzitter" and persoon.od is not None:
        return False
    return not (rol == "peer" and persoon.od is None)


def heeft_conflict(opgave: Opgave, persoon: Persoon, od: str) -> bool:
    return persoon.od == od or (persoon.id, od) in _conflictparen(opgave.conflicten)


@lru_cache(maxsize=32)
def _conflictparen(conflicten: tuple) -> frozenset[tuple[str, str]]:
    return frozenset((c.persoon, c.od) for c in conflicten)


def is_kandidaat(opgave: Opgave, persoon: Persoon, od: str, rol: str) -> bool:
    return mag_rol(persoon, rol) and not heeft_conflict(opgave, persoon, od)


def _beschikbaar_in(persoon: Persoon, dagen: list[date]) -> bool:
    return any(not persoon.afwezig_op(d) and not persoon.afwezig_op(d + timedelta(days=1))
               for d in dagen)


def capaciteitscontrole(opgave: Opgave) -> list[str]:
    """Necessary conditions, each explained in Dutch; an empty list means nothing obvious."""
    tekorten = []
    te_plannen = [v for v in opgave.ods if v.vaste_dag is None]
    weken = {week_van(d) for d in startdagen(opgave)}
    plaatsen = len(weken) * opgave.max_per_week
    if plaatsen < len(opgave.ods):
        tekorten.append(
            f"Te weinig ruimte: {len(opgave.ods)} bezoeken nodig, maar er zijn {len(weken)} weken "
            f"met twee opeenvolgende werkdagen vóór de deadline en ten hoogste "
            f"{opgave.max_per_week} bezoeken per week, dus {plaatsen} plaatsen.")
    for vraag in te_plannen:
        dagen = startdagen_van(opgave, vraag)
        if not dagen:
            tekorten.append(f"{vraag.naam}: geen twee opeenvolgende werkdagen in het eigen venster "
                            f"({vraag.venster_van:%d-%m-%Y} t/m {vraag.venster_tot:%d-%m-%Y}) "
                            "buiten geblokkeerde weken, feestdagen en vakantieperiodes.")
            continue
        for rol, aantal in opgave.commissie.items():
            vast = sum(1 for r, _ in vraag.vaste_leden if r == rol)
            beschikbaar = [p for p in opgave.personen
                           if is_kandidaat(opgave, p, vraag.od, rol) and _beschikbaar_in(p, dagen)]
            if len(beschikbaar) + vast < aantal:
                tekorten.append(
                    f"{vraag.naam}: {len(beschikbaar) + vast} beschikbare {ROL_LABEL[rol]} zonder "
                    f"belangenconflict in het venster, {aantal} nodig.")
    tekorten += _kwartaaltekort(opgave, te_plannen)
    last = gehouden_last(opgave)
    open_ods = [v for v in opgave.ods if not v.gehouden]
    for rol, aantal in opgave.commissie.items():
        nodig = aantal * len(open_ods)
        aanbod = sum(min(max(p.max_bezoeken - last[p.id], 0), len(weken))
                     for p in opgave.personen if mag_rol(p, rol))
        if aanbod < nodig:
            tekorten.append(f"Rol {ROL_LABEL[rol]}: {nodig} plaatsen te vullen, maar de pool biedt er "
                            f"samen ten hoogste {aanbod} (maximum aantal bezoeken per persoon).")
    return tekorten


def _kwartaaltekort(opgave: Opgave, te_plannen: list[OdVraag]) -> list[str]:
    """The spreading maximum leaves too few places in the quarters the ODs can be visited in."""
    if not opgave.max_per_kwartaal:
        return []
    vast = Counter(kwartaal_van(v.vaste_dag) for v in opgave.ods if v.vaste_dag)
    kwartalen = {kwartaal_van(d) for v in te_plannen for d in startdagen_van(opgave, v)}
    plaatsen = sum(max(opgave.max_per_kwartaal - vast[k], 0) for k in kwartalen)
    if plaatsen >= len(te_plannen):
        return []
    return [f"Te weinig ruimte voor de spreiding: {len(te_plannen)} bezoeken te plannen, maar met ten "
            f"hoogste {opgave.max_per_kwartaal} bezoeken per kwartaal passen er {plaatsen} in de "
            f"{len(kwartalen)} kwartalen met vrije dagen. Verhoog het maximum per kwartaal of geef "
            "vakanties vrij."]
