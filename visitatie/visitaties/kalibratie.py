"""Calibration (pure): the OD's self-judgement beside the committee's, per theme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from visitatie.vragenlijsten.definitie import Sectie, Vraag, Vragenlijst

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


def oordeelvragen_per_thema(lijst: Vragenlijst) -> dict[str, tuple[Sectie, Vraag]]:
    """Per theme the section and its scale question: the judgement of that theme."""
    uit = {}
    for sectie in lijst.secties:
        schaal = next((v for v in sectie.vragen if v.type == "schaal"), None)
        if sectie.thema and schaal:
            uit[sectie.thema] = (sectie, schaal)
    return uit


def _oordeel_per_thema(
    lijst: Vragenlijst, antwoorden: dict[str, Any]
) -> dict[str, tuple[str, int | None, int, str]]:
    return {
        thema: (sectie.titel, antwoorden.get(schaal.code), max(n.waarde for n in schaal.niveaus), schaal.code)
        for thema, (sectie, schaal) in oordeelvragen_per_thema(lijst).items()
    }


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
