"""The draft report as Markdown from the committee's consolidated judgement (pure: plain values
in, text out), its sections for the right of reply, and the right-of-reply annex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment

from visitatie.markdown import citaat, letterlijk, op_een_regel
from visitatie.taxonomie import Taxonomie, taxonomie
from visitatie.uitvoer import jinja_omgeving
from visitatie.vragenlijsten.definitie import Vragenlijst
from visitatie.vragenlijsten.oordeel import niveau_tekst, punten_van

SJABLOON = "visitaties/rapport.md.j2"


@cache
def _omgeving() -> Environment:
    # Markdown, not HTML: autoescape off; the HTML is made (and sanitised) by visitatie.markdown.
    return jinja_omgeving(html=False)


# Plural headings for the finding types of a report; other types use the taxonomy's name.
KOPPEN = {
    "sterk_punt": "Sterke punten",
    "bevinding": "Bevindingen",
    "aanbeveling": "Aanbevelingen",
    "verbeterpunt": "Verbeterpunten",
}


@dataclass(frozen=True)
class ThemaOordeel:
    titel: str
    oordelen: list[tuple[str, str]]  # (question label, level) per scale question
    onderbouwing: str
    per_type: dict[str, list[str]]


def thema_oordelen(lijst: Vragenlijst, antwoorden: dict[str, Any], tax: Taxonomie) -> list[ThemaOordeel]:
    """Per section: the scale judgement(s), the grounds and the findings grouped by type, in the
    order of the question's types (read through `visitatie.vragenlijsten.oordeel`)."""
    uit = []
    for sectie in lijst.secties:
        oordelen, onderbouwing, per_type = [], [], {}
        for v in sectie.vragen:
            waarde = antwoorden.get(v.code)
            if waarde in (None, "", []):
                continue
            if v.type == "schaal":
                oordelen.append((v.label, niveau_tekst(v, waarde)))
            elif v.type == "lange_tekst":
                onderbouwing.append(waarde)
            elif v.type == "bevindingen":
                punten = punten_van(v, waarde)
                for typ in v.typen:
                    teksten = [p.tekst for p in punten if p.type == typ]
                    if teksten:
                        kop = KOPPEN.get(typ) or tax.naam("bevindingtypen", typ)
                        per_type.setdefault(kop, []).extend(teksten)
        uit.append(ThemaOordeel(sectie.titel, oordelen, "\n\n".join(onderbouwing), per_type))
    return uit


def rapport_markdown(
    *,
    od_naam: str,
    ronde: str,
    bezoek_van: date | None,
    bezoek_tot: date | None,
    lijst: Vragenlijst,
    antwoorden: dict[str, Any],
    tax: Taxonomie | None = None,
) -> str:
    """The draft report from the committee's judgement, through templates/visitaties/rapport.md.j2."""
    tax = tax or taxonomie()
    return (
        _omgeving()
        .get_template(SJABLOON)
        .render(
            od_naam=od_naam,
            ronde=ronde,
            bezoek_van=bezoek_van,
            bezoek_tot=bezoek_tot,
            lijst=lijst,
            themas=thema_oordelen(lijst, antwoorden, tax),
        )
    )


def secties(markdown: str) -> list[str]:
    """The level-2 headings of a report: the sections the OD can react to."""
    return [m.group(1).strip() for m in re.finditer(r"^## (.+)$", markdown, flags=re.MULTILINE)]


def wederhoor_bijlage(reacties: list[dict[str, str]]) -> str:
    """The right-of-reply annex: every comment of the OD with the committee's decision. The OD's
    text and the committee's answer are placed as text of their own (escaped, the OD's quoted),
    never as Markdown: nothing in them can add a heading or end the quote."""
    regels = ["## Bijlage: wederhoor", ""]
    if not reacties:
        return "\n".join(
            [*regels, "De omgevingsdienst heeft geen reacties gegeven op het conceptrapport.", ""]
        )
    for i, r in enumerate(reacties, start=1):
        regels += [
            f"### Reactie {i}: {op_een_regel(r['sectie'])}",
            "",
            f"*Soort:* {op_een_regel(r['soort'])}",
            "",
            citaat(r["tekst"]),
            "",
            f"*Besluit van de commissie:* {op_een_regel(r['besluit'])}",
            "",
            letterlijk(r["antwoord"]),
            "",
        ]
    return "\n".join(regels)
