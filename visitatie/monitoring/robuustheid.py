"""Rules for robustness assessments (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

RESULTATEN = {"voldoet": "Voldoet", "voldoet_deels": "Voldoet deels",
              "voldoet_niet": "Voldoet niet", "onbekend": "Onbekend"}

T = TypeVar("T")

NIET_VOLDAAN = {"voldoet_deels", "voldoet_niet"}


def controleer_oordeel(resultaat: str, actieplan: str, streefdatum: date | None) -> list[tuple[str, str]]:
    """Problems as (field, Dutch message): where a criterion is not (fully) met, an action plan
    with a target date is required."""
    if resultaat not in RESULTATEN:
        return [("resultaat", f"'{resultaat}' is geen resultaat ({', '.join(RESULTATEN)})")]
    fouten = []
    if resultaat in NIET_VOLDAAN:
        if not actieplan.strip():
            fouten.append(("actieplan", "Beschrijf het actieplan: dit criterium wordt niet "
                                        "(volledig) gehaald."))
        if streefdatum is None:
            fouten.append(("streefdatum", "Geef een streefdatum voor het actieplan."))
    return fouten


def oordeel_over_geheel(resultaten: Iterable[str], aantal_criteria: int) -> str:
    """`robuust` only when every criterion of the set is met; `onbekend` when any result is
    missing or unknown and none is failed; otherwise `niet_robuust`."""
    resultaten = list(resultaten)
    if any(r in NIET_VOLDAAN for r in resultaten):
        return "niet_robuust"
    if len(resultaten) < aantal_criteria or "onbekend" in resultaten:
        return "onbekend"
    return "robuust"


OORDEEL_TEKST = {"robuust": "Robuust", "niet_robuust": "Nog niet robuust", "onbekend": "Onbekend"}


# The minister's judgement is the verdict; until the minister has judged an OD, its board's
# latest self-assessment stands in, marked as such by `beoordelaar`.
VOORRANG = {"ministerie": 1, "bestuur_od": 0}


def geldig_oordeel(beoordelingen: Iterable[T], op: date | None = None) -> T | None:
    """The one rule for "the OD's robustness verdict on a date": of the assessments made on or
    before `op` (all when None), the minister's latest; without one, the board's latest. Each
    assessment has `datum`, `beoordelaar` and an id (`id` or `beoordeling_id`, the tie-breaker
    within a day). Who made the verdict is its `beoordelaar`."""
    kandidaten = [b for b in beoordelingen if op is None or b.datum <= op]
    if not kandidaten:
        return None
    return max(kandidaten, key=lambda b: (VOORRANG.get(b.beoordelaar, -1), b.datum, _id(b)))


def geldige_oordelen(beoordelingen: Iterable[T], op: date | None = None) -> dict[str, T]:
    """Per OD (`od_code`) its verdict under `geldig_oordeel`."""
    per_od: dict[str, list[T]] = {}
    for b in beoordelingen:
        per_od.setdefault(b.od_code, []).append(b)
    uit = {od: geldig_oordeel(lijst, op) for od, lijst in per_od.items()}
    return {od: b for od, b in uit.items() if b is not None}


def _id(b) -> int:
    return getattr(b, "id", None) or getattr(b, "beoordeling_id", 0)


@dataclass(frozen=True)
class Kop:
    """The head of one assessment as a table row gives it, for `geldig_oordeel`."""

    od_code: str
    beoordeling_id: int
    datum: date
    beoordelaar: str
