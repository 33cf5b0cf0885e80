"""Which OD a merged OD went into (pure: plain values in, plain values out): the one successor
rule the Staat folds predecessor data with and the ILT follow-up counts by."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def opvolgers(bestaand: Iterable[str], stap: Mapping[str, str | None]) -> dict[str, str]:
    """Per merged OD the OD of `bestaand` (those existing on the reference date) it went into,
    following a chain of mergers through `stap` (code -> `opvolger_code` of the register).
    A merged OD whose chain ends outside `bestaand` (a successor not yet started) is left out."""
    bestaand = set(bestaand)
    stap = {c: o for c, o in stap.items() if isinstance(o, str) and o}
    uit = {}
    for code in sorted(stap.keys() - bestaand):  # an OD that still exists merged into nothing yet
        doel, gezien = code, {code}
        while doel not in bestaand and doel in stap and stap[doel] not in gezien:
            doel = stap[doel]
            gezien.add(doel)
        if doel in bestaand:
            uit[code] = doel
    return uit
