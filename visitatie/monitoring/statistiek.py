"""Median and peer groups for the national tables. Pure; no rankings are produced here: a
table is always sorted by name, and a peer group is a band, not a position."""

from __future__ import annotations

import statistics
from collections.abc import Mapping

GROEPEN = ("kleiner", "middelgroot", "groter")
GROEP_UITLEG = ("Vergelijkingsgroep: de omgevingsdiensten van dat jaar, op volgorde van de omvang van "
                "hun regionale werkprogramma (indicator 'werkprogramma') in drie bijna even grote "
                "groepen verdeeld (tercielen). Bij 28 diensten: 10 kleinere, 9 middelgrote en 9 grotere. "
                "Gelijke omvang wordt op code verdeeld. Diensten zonder opgave van het werkprogramma "
                "vallen in geen groep.")


def mediaan(waarden, eenheid: str | None = None) -> float | None:
    """The median of the values, None for none. Of a count (`eenheid` "aantal") the lower middle
    value, so never half a company: the one median of the app, the Staat and the council pages."""
    waarden = sorted(float(w) for w in waarden)
    if not waarden:
        return None
    if eenheid == "aantal":
        return waarden[(len(waarden) - 1) // 2]
    return statistics.median(waarden)


def vergelijkingsgroepen(omvang: Mapping[str, float]) -> dict[str, str]:
    """Peer group per OD code from the size of its work programme: terciles by rank.

    The OD at rank r (0-based, smallest first, ties by code) of n is in group floor(3r/n)."""
    volgorde = sorted(omvang, key=lambda code: (float(omvang[code]), code))
    n = len(volgorde)
    return {code: GROEPEN[3 * r // n] for r, code in enumerate(volgorde)}


def groepsmedianen(waarden: Mapping[str, float], groepen: Mapping[str, str],
                   eenheid: str | None = None) -> dict[str, float | None]:
    """Median of the values per peer group (ODs without a group are left out)."""
    return {groep: mediaan((w for code, w in waarden.items() if groepen.get(code) == groep), eenheid)
            for groep in GROEPEN}
