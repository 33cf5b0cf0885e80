"""The one taxonomy of findings, shared by visitation reports and ILT studies: themes, finding
types, a severity scale and actor categories. Configured in data/taxonomie.json; loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from visitatie.bronnen import REFERENTIEDATA

BESTAND = REFERENTIEDATA / "taxonomie.json"


@dataclass(frozen=True)
class Term:
    code: str
    naam: str
    niveau: int | None = None


@dataclass(frozen=True)
class Taxonomie:
    themas: tuple[Term, ...]
    bevindingtypen: tuple[Term, ...]
    ernst: tuple[Term, ...]
    actoren: tuple[Term, ...]

    def naam(self, lijst: str, code: str) -> str:
        """The display name of a code in one of the lists; KeyError when unknown."""
        for term in getattr(self, lijst):
            if term.code == code:
                return term.naam
        raise KeyError(f"{lijst}: onbekende code {code!r}")

    def codes(self, lijst: str) -> list[str]:
        return [term.code for term in getattr(self, lijst)]

    def keuzes(self, lijst: str) -> list[tuple[str, str]]:
        return [(term.code, term.naam) for term in getattr(self, lijst)]


def lees_taxonomie(pad: Path) -> Taxonomie:
    data = json.loads(pad.read_text(encoding="utf-8"))
    return Taxonomie(**{lijst: tuple(Term(**t) for t in data[lijst])
                        for lijst in ("themas", "bevindingtypen", "ernst", "actoren")})


@cache
def taxonomie() -> Taxonomie:
    """The configured taxonomy: the same object for every caller."""
    return lees_taxonomie(BESTAND)
