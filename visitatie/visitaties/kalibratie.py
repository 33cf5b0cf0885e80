"""Calibration (pure): the OD's self-judgement beside the committee's, per theme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from visitatie.vragenlijsten.definitie import Vragenlijst
from visitatie.vragenlijsten.oordeel import niveaus_per_thema

GROOT_VERSCHIL = 2


@dataclass(frozen=True)
class KalibratieRij:
    thema: str
    titel: str
    zelf: int | None
    commissie: int | None
    maximum: int
    zelf_vraag: str = ""  # the question codes, so comparisons over versions can follow lineage
    kader_vraag: str = ""

    @property
    def verschil(self) -> int | None:
        return None if self.zelf is None or self.commissie is None else self.zelf - self.commissie

    @property
    def groot(self) -> bool:
        return self.verschil is not None and abs(self.verschil) >= GROOT_VERSCHIL


def _oordeel_per_thema(
    lijst: Vragenlijst, antwoorden: dict[str, Any]
) -> dict[str, tuple[str, int | None, int, str]]:
    return {n.thema: (n.titel, n.niveau, n.maximum, n.vraag) for n in niveaus_per_thema(lijst, antwoorden)}


def kalibratie(
    zelf_lijst: Vragenlijst, zelf: dict[str, Any], kader: Vragenlijst, oordeel: dict[str, Any]
) -> list[KalibratieRij]:
    """One row per theme present in both questionnaires."""
    a, b = _oordeel_per_thema(zelf_lijst, zelf), _oordeel_per_thema(kader, oordeel)
    return [
        KalibratieRij(thema, titel, waarde, b[thema][1], maximum, vraag, b[thema][3])
        for thema, (titel, waarde, maximum, vraag) in a.items()
        if thema in b
    ]
