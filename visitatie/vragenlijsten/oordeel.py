"""The committee's judgement read from a questionnaire's answers (pure: definition and plain
answers in, plain values out). The one reading of "the level per theme" and "the findings by
type", used by the improvement plan (`maak_verbeterplan`), the visitation report
(`rapport.thema_oordelen`), calibration (`kalibratie`), the Staat's loaders
(`visitatie_oordelen`, `visitatie_bevindingen`) and through those the council summaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from visitatie.vragenlijsten.definitie import Sectie, Vraag, Vragenlijst


@dataclass(frozen=True)
class ThemaNiveau:
    """The level a scale question gives one theme; `niveau` None when not (validly) answered."""

    thema: str
    titel: str  # the section's title
    vraag: str  # the scale question's code
    niveau: int | None
    label: str  # the level's label, "" when unanswered
    maximum: int


@dataclass(frozen=True)
class Punt:
    """One strong point, finding, recommendation or improvement point of the judgement. Its
    theme is the item's own, else its question's (the section's)."""

    type: str
    thema: str | None
    tekst: str
    vraag: str


def oordeelvragen_per_thema(lijst: Vragenlijst) -> dict[str, tuple[Sectie, Vraag]]:
    """Per theme the section and its first scale question: the judgement of that theme (a later
    section of the same theme takes its place)."""
    uit = {}
    for sectie in lijst.secties:
        schaal = next((v for v in sectie.vragen if v.type == "schaal"), None)
        if sectie.thema and schaal:
            uit[sectie.thema] = (sectie, schaal)
    return uit


def geldig_niveau(vraag: Vraag, waarde: Any) -> int | None:
    """The answer as a level of the scale, or None (unanswered, not a whole number, or no level
    of this scale)."""
    if not isinstance(waarde, int) or isinstance(waarde, bool):
        return None
    return waarde if any(n.waarde == waarde for n in vraag.niveaus) else None


def niveau_tekst(vraag: Vraag, waarde: Any) -> str:
    """"3. Label" for a level of the scale; the raw answer otherwise."""
    niveau = next((n for n in vraag.niveaus if n.waarde == waarde), None)
    return niveau_met_label(niveau.waarde, niveau.label) if niveau else str(waarde)


def niveau_met_label(niveau: int, label: str) -> str:
    """"3. Op orde": a judged level as every output prints it, from the level and its label as a
    read judgement carries them (`ThemaNiveau`, the snapshot's `visitatie_oordelen`); the bare
    level without a label."""
    return f"{niveau}. {label}" if label else str(niveau)


def niveaus_per_thema(lijst: Vragenlijst, antwoorden: dict[str, Any]) -> list[ThemaNiveau]:
    """Per theme of the questionnaire, in its order, the committee's level."""
    uit = []
    for thema, (sectie, vraag) in oordeelvragen_per_thema(lijst).items():
        niveau = geldig_niveau(vraag, antwoorden.get(vraag.code))
        labels = {n.waarde: n.label for n in vraag.niveaus}
        uit.append(ThemaNiveau(thema, sectie.titel, vraag.code, niveau, labels.get(niveau, ""),
                               max(labels, default=0)))
    return uit


def punten_van(vraag: Vraag, waarde: Any) -> list[Punt]:
    """The items of one findings question's answer, in the order given."""
    if vraag.type != "bevindingen" or not waarde:
        return []
    return [Punt(item["type"], item.get("thema") or vraag.thema, item["tekst"], vraag.code)
            for item in waarde]


def bevindingen(lijst: Vragenlijst, antwoorden: dict[str, Any], type_: str | None = None) -> list[Punt]:
    """Every item of the judgement's findings questions (only those of `type_` when given), in
    the questionnaire's order."""
    return [p for sectie in lijst.secties for vraag in sectie.vragen
            for p in punten_van(vraag, antwoorden.get(vraag.code))
            if type_ is None or p.type == type_]


def aanbevelingen(lijst: Vragenlijst, antwoorden: dict[str, Any]) -> list[Punt]:
    """The recommendations: each becomes one action of the improvement plan."""
    return bevindingen(lijst, antwoorden, "aanbeveling")
