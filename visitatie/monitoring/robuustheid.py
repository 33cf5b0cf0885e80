"""Rules for robustness assessments (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

RESULTATEN = {"voldoet": "Voldoet", "voldoet_deels": "Voldoet deels",
              "voldoet_niet": "Voldoet niet", "onbekend": "Onbekend"}
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
