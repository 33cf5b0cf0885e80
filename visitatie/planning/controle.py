"""An independent checker of a plan against every hard rule. It deliberately shares no code
with the solver model or its helpers (only the plain input types), so a test can hold one
against the other; manual edits and `vth plan check` use it too."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from visitatie.planning.typen import Bezoek, Opgave


@dataclass(frozen=True)
class Schending:
    regel: str
    od: str | None
    tekst: str

    def __str__(self) -> str:
        return f"[{self.regel}] {self.tekst}"


def _iso_week(d: date) -> tuple[int, int]:
    c = d.isocalendar()
    return c[0], c[1]


def _geen_werkdag(opgave: Opgave, d: date) -> str | None:
    if d.weekday() > 4:
        return "weekend"
    if d in opgave.feestdagen:
        return "feestdag"
    for van, tot, naam in opgave.geblokkeerde_perioden:
        if van <= d <= tot:
            return f"geblokkeerde periode ({naam})"
    return None


def controleer(opgave: Opgave, bezoeken: list[Bezoek]) -> list[Schending]:
    """Every violated hard rule, one line per violation (empty: the plan is valid)."""
    fouten: list[Schending] = []
    vragen = {v.od: v for v in opgave.ods}
    per_od = Counter(b.od for b in bezoeken)
    for od, vraag in vragen.items():
        if per_od[od] != 1:
            fouten.append(Schending("één bezoek per OD", od,
                                    f"{vraag.naam}: {per_od[od]} bezoeken in plaats van 1"))
    for b in bezoeken:
        if b.od not in vragen:
            fouten.append(Schending("één bezoek per OD", b.od, f"{b.od} hoort niet bij deze ronde"))
            continue
        fouten += _controleer_datum(opgave, vragen[b.od], b)
        fouten += _controleer_commissie(opgave, vragen[b.od], b)
    fouten += _controleer_weken(opgave, bezoeken)
    fouten += _controleer_spreiding(opgave, bezoeken)
    fouten += _controleer_wederkerigheid(opgave, bezoeken)
    return fouten


def signalen(opgave: Opgave, bezoeken: list[Bezoek]) -> list[Schending]:
    """What the coordinator must know about held visits (facts no plan can change): a member
    with a declared tie to the OD that held on the day of the visit, for example a tie declared
    only after the visit."""
    vragen = {v.od: v for v in opgave.ods if v.gehouden}
    namen = {p.id: p.naam for p in opgave.personen}
    uit = []
    for b in bezoeken:
        if b.od not in vragen:
            continue
        for rol, pid in b.leden:
            for c in opgave.conflicten:
                if c.persoon == pid and c.od == b.od and c.gemeld and _geldig_op(c, b.eerste_dag):
                    uit.append(Schending(
                        "belangenconflict bij een gehouden bezoek", b.od,
                        f"{vragen[b.od].naam}: {namen.get(pid, pid)} ({rol}) had op {b.eerste_dag:%d-%m-%Y} "
                        f"een belangenconflict ({c.reden})"))
    return uit


def _geldig_op(c, dag: date) -> bool:
    return (c.geldig_van is None or c.geldig_van <= dag) and (c.geldig_tot is None or dag <= c.geldig_tot)


def _kwartaal(d: date) -> tuple[int, int]:
    return d.year, (d.month + 2) // 3


def _controleer_spreiding(opgave, bezoeken) -> list[Schending]:
    if not opgave.max_per_kwartaal:
        return []
    telling = Counter(_kwartaal(b.eerste_dag) for b in bezoeken)
    return [Schending("spreiding", None, f"{jaar} kwartaal {k}: {n} bezoeken (max {opgave.max_per_kwartaal})")
            for (jaar, k), n in sorted(telling.items()) if n > opgave.max_per_kwartaal]


def _controleer_datum(opgave, vraag, b: Bezoek) -> list[Schending]:
    if vraag.gehouden and set(b.leden) != set(vraag.vaste_leden):
        return [Schending("vaste bezoeken", vraag.od, f"{vraag.naam}: de commissie van het gehouden "
                                                      "bezoek is veranderd")]
    if vraag.vaste_dag is not None:
        if b.eerste_dag != vraag.vaste_dag:
            return [Schending("vaste bezoeken", vraag.od,
                              f"{vraag.naam}: vastgelegd op {vraag.vaste_dag}, gepland op {b.eerste_dag}")]
        return []
    fouten = []
    for dag in (b.eerste_dag, b.eerste_dag + timedelta(days=1)):
        reden = _geen_werkdag(opgave, dag)
        if reden:
            fouten.append(Schending("werkdagen", vraag.od, f"{vraag.naam}: {dag} is geen werkdag ({reden})"))
        for van, tot, naam in vraag.geblokkeerde_perioden:
            if van <= dag <= tot:
                fouten.append(Schending("vakanties van de OD", vraag.od,
                                        f"{vraag.naam}: {dag} valt in {naam}"))
    tweede = b.eerste_dag + timedelta(days=1)
    if b.eerste_dag < opgave.start or tweede > opgave.deadline:
        fouten.append(Schending("binnen de ronde", vraag.od, f"{vraag.naam}: buiten start of deadline"))
    if b.eerste_dag < vraag.venster_van or tweede > vraag.venster_tot:
        fouten.append(Schending("venster van de OD", vraag.od, f"{vraag.naam}: buiten het eigen venster"))
    if _iso_week(b.eerste_dag) in vraag.geblokkeerde_weken:
        fouten.append(Schending("geblokkeerde weken", vraag.od,
                                f"{vraag.naam}: week {_iso_week(b.eerste_dag)[1]} is door de OD geblokkeerd"))
    return fouten


def _controleer_commissie(opgave, vraag, b: Bezoek) -> list[Schending]:
    if vraag.gehouden:  # a fact; `signalen` reports what became known afterwards
        return []
    fouten = []
    personen = {p.id: p for p in opgave.personen}
    conflicten = {(c.persoon, c.od) for c in opgave.conflicten}
    rollen = Counter(rol for rol, _ in b.leden)
    for rol, aantal in opgave.commissie.items():
        if rollen[rol] != aantal:
            fouten.append(Schending("commissiesamenstelling", vraag.od,
                                    f"{vraag.naam}: {rollen[rol]} {rol} in plaats van {aantal}"))
    ids = [p for _, p in b.leden]
    for p, n in Counter(ids).items():
        if n > 1:
            fouten.append(Schending("commissiesamenstelling", vraag.od,
                                    f"{vraag.naam}: {p} heeft twee rollen"))
    for rol, p in vraag.vaste_leden:
        if (rol, p) not in b.leden:
            fouten.append(Schending("vaste bezoeken", vraag.od,
                                    f"{vraag.naam}: vast lid {p} ({rol}) ontbreekt"))
    for rol, pid in b.leden:
        if (rol, pid) in vraag.vaste_leden:
            continue
        p = personen.get(pid)
        if p is None:
            fouten.append(Schending("pool", vraag.od, f"{pid} staat niet in de pool"))
            continue
        if rol not in p.rollen:
            fouten.append(Schending("rol", vraag.od, f"{p.naam} kan geen {rol} zijn"))
        if not p.inzetbaar:
            fouten.append(Schending("beschikbaarheid", vraag.od, f"{p.naam} valt af"))
        if rol == "voorzitter" and p.od is not None:
            fouten.append(Schending("rol", vraag.od, f"{p.naam}: een voorzitter komt van buiten de OD's"))
        if rol == "peer" and p.od is None:
            fouten.append(Schending("rol", vraag.od, f"{p.naam}: een peer werkt bij een andere OD"))
        if p.od == vraag.od or (pid, vraag.od) in conflicten:
            fouten.append(Schending("belangenconflict", vraag.od,
                                    f"{p.naam} heeft een belangenconflict met {vraag.naam}"))
        for dag in (b.eerste_dag, b.eerste_dag + timedelta(days=1)):
            if any(van <= dag <= tot for van, tot in p.afwezig):
                fouten.append(Schending("beschikbaarheid", vraag.od, f"{p.naam} is afwezig op {dag}"))
    return fouten


def _controleer_weken(opgave, bezoeken) -> list[Schending]:
    fouten = []
    personen = {p.id: p for p in opgave.personen}
    landelijk = Counter(_iso_week(b.eerste_dag) for b in bezoeken)
    for week, n in sorted(landelijk.items()):
        if n > opgave.max_per_week:
            fouten.append(Schending("landelijk maximum per week", None,
                                    f"week {week[1]} van {week[0]}: {n} bezoeken "
                                    f"(max {opgave.max_per_week})"))
    per_persoon = defaultdict(list)
    for b in bezoeken:
        for _, p in b.leden:
            per_persoon[p].append(_iso_week(b.eerste_dag))
    for pid, weken in per_persoon.items():
        p = personen.get(pid)
        naam = p.naam if p else pid
        for week, n in Counter(weken).items():
            if n > 1:
                fouten.append(Schending("één bezoek per week", None,
                                        f"{naam}: {n} bezoeken in week {week[1]} van {week[0]}"))
        if p and len(weken) > p.max_bezoeken:
            fouten.append(Schending("maximum per ronde", None,
                                    f"{naam}: {len(weken)} bezoeken (max {p.max_bezoeken})"))
    return fouten


def _controleer_wederkerigheid(opgave, bezoeken) -> list[Schending]:
    if not opgave.wederkerigheid:
        return []
    herkomst = {p.id: p.od for p in opgave.personen}
    in_ronde = {v.od for v in opgave.ods}
    paren = {(herkomst.get(p), b.od) for b in bezoeken for _, p in b.leden
             if herkomst.get(p) in in_ronde and herkomst.get(p) != b.od}
    return [Schending("wederkerigheid", a, f"{a} zit bij {b} én {b} bij {a}")
            for a, b in sorted(paren) if a < b and (b, a) in paren]
