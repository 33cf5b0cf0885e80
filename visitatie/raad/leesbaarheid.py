"""Readability check for plain Dutch (taalniveau B1). Pure.

Flesch-Douma (the Dutch adaptation of Flesch Reading Ease, 206.835 - 0.93 x words per sentence
- 77 x syllables per word) through textstat's language-explicit backend, which counts syllables
with pyphen's nl_NL hyphenation dictionary; both work offline. textstat's module-level
`set_lang` is global state, so it is not used here.

The limits are this project's norms for B1: a Flesch-Douma score of at least 60 ("normaal" or
easier on Douma's scale) and at most 15 words per sentence on average."""

from __future__ import annotations

from dataclasses import dataclass

from textstat.backend import metrics

TAAL = "nl"
MINIMALE_SCORE = 60.0
MAXIMALE_ZINSLENGTE = 15.0


@dataclass(frozen=True)
class Uitslag:
    sleutel: str
    score: float
    zinslengte: float

    @property
    def geslaagd(self) -> bool:
        return self.score >= MINIMALE_SCORE and self.zinslengte <= MAXIMALE_ZINSLENGTE

    def reden(self) -> str:
        """Why the block fails, in Dutch; empty when it passes."""
        redenen = []
        if self.score < MINIMALE_SCORE:
            redenen.append(f"Flesch-Douma {self.score:.0f} (minimaal {MINIMALE_SCORE:.0f})")
        if self.zinslengte > MAXIMALE_ZINSLENGTE:
            redenen.append(f"gemiddeld {self.zinslengte:.1f} woorden per zin "
                           f"(hoogstens {MAXIMALE_ZINSLENGTE:.0f})")
        return "; ".join(redenen)


def flesch_douma(tekst: str) -> float:
    return float(metrics.flesch_reading_ease(tekst, TAAL))


def zinslengte(tekst: str) -> float:
    return float(metrics.words_per_sentence(tekst))


def beoordeel(sleutel: str, tekst: str) -> Uitslag:
    return Uitslag(sleutel, flesch_douma(tekst), zinslengte(tekst))


def controleer(blokken) -> list[Uitslag]:
    """The blocks ((key, text) pairs) that fail the check."""
    return [u for u in (beoordeel(s, t) for s, t in blokken) if not u.geslaagd]
