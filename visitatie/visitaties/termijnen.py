"""Deadlines per step, relative to the visit (pure). Defaults from the issue: self-evaluation
3 weeks before the visit, draft report 6 weeks after it, right of reply 2 weeks after the draft
is sent to the OD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from visitatie.visitaties.models import status_na

STANDAARD = {"zelfevaluatie_weken_voor": 3, "concept_weken_na": 6, "wederhoor_weken": 2}


@dataclass(frozen=True)
class Termijn:
    stap: str
    deadline: date
    klaar_bij: str  # the status that completes the step
    te_laat: bool


def termijnen(
    *,
    status: str,
    bezoek_van: date | None,
    bezoek_tot: date | None,
    wederhoor_gestart: date | None,
    vandaag: date,
    instellingen: dict[str, int] | None = None,
) -> list[Termijn]:
    """The deadlines that apply, each flagged when today is past it and the step is not done."""
    w = {**STANDAARD, **(instellingen or {})}
    stappen = []
    if bezoek_van:
        stappen.append(
            (
                "Zelfevaluatie indienen",
                bezoek_van - timedelta(weeks=w["zelfevaluatie_weken_voor"]),
                "zelfevaluatie_ingediend",
            )
        )
    if bezoek_tot or bezoek_van:
        einde = bezoek_tot or bezoek_van
        stappen.append(
            ("Conceptrapport naar de OD", einde + timedelta(weeks=w["concept_weken_na"]), "wederhoor")
        )
    if wederhoor_gestart:
        stappen.append(
            (
                "Wederhoor afronden",
                wederhoor_gestart + timedelta(weeks=w["wederhoor_weken"]),
                "definitief",
            )
        )
    return [
        Termijn(stap, deadline, klaar, not status_na(status, klaar) and vandaag > deadline)
        for stap, deadline, klaar in stappen
    ]


def te_laat(termijnlijst: list[Termijn]) -> bool:
    return any(t.te_laat for t in termijnlijst)


def termijnen_van(visitatie, ronde, vandaag: date) -> list[Termijn]:
    """The deadlines of one visitation, with its cycle's settings."""
    return termijnen(status=visitatie.status, bezoek_van=visitatie.bezoek_van,
                     bezoek_tot=visitatie.bezoek_tot,
                     wederhoor_gestart=visitatie.wederhoor_gestart, vandaag=vandaag,
                     instellingen=ronde.termijn_instellingen() if ronde else None)
