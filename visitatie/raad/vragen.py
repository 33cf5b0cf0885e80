"""Vragen voor de raad: three to five questions a council (or Provinciale Staten) can ask its
executive, derived from the gaps in the summary's data by small pure rules.

Each rule looks at the plain `Gegevens` and returns a question with its reason, or None. Rules
run in order of weight; the first five that fire are used. When fewer than three fire, fixed
general questions fill up to three. All texts are written for taalniveau B1 (tests check them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from visitatie.ilt.opvolging import NIET_VASTGELEGD
from visitatie.monitoring.beleidscyclus import GELDIGHEID_UHS_JAREN
from visitatie.raad.gegevens import Gegevens, OdGegevens
from visitatie.taal import getal

MINIMUM, MAXIMUM = 3, 5
KWALITEITSTOETS_MAX_JAREN = 2  # project norm: a check against the quality criteria every two years
NIET_GEHAALD = {"voldoet_niet", "voldoet_deels"}
ONTBREKEND = {"ontbreekt", "niet_vastgesteld"}


@dataclass(frozen=True)
class Vraag:
    sleutel: str
    aanleiding: str  # the gap, in one or two short sentences
    tekst: str  # the question itself


def raad(g: Gegevens) -> str:
    return "de raad" if g.soort == "gemeente" else "Provinciale Staten"


def _welke(g: Gegevens, ods: list[OdGegevens]) -> str:
    """'Uw omgevingsdienst' or, for a province with several ODs, how many of them."""
    if len(g.ods) <= 1:
        return "Uw omgevingsdienst"
    if len(ods) == 1:
        return f"Eén van uw omgevingsdiensten ({ods[0].afkorting})"
    return f"{len(ods)} van uw {len(g.ods)} omgevingsdiensten"


def _uitkomsten(g: Gegevens, soort: str, statussen: set[str]) -> list[tuple[OdGegevens, int]]:
    """(OD, year) pairs where the participant's document of this kind has one of the statuses."""
    return [(od, c.jaar) for od in g.ods for c in od.cycli for u in c.uitkomsten
            if u.soort == soort and u.status in statussen]


def robuustheid_niet_gehaald(g: Gegevens) -> Vraag | None:
    ods = [od for od in g.ods if od.robuustheid and any(
        c.resultaat in NIET_GEHAALD for c in od.robuustheid.criteria)]
    if not ods:
        return None
    return Vraag("robuustheid", f"{_welke(g, ods)} haalt nog niet alle eisen voor een sterke dienst.",
                 "Wat doet het college om dat op te lossen? Wanneer is het klaar?")


def kwaliteit_niet_gehaald(g: Gegevens) -> Vraag | None:
    ods = [od for od in g.ods if od.kwaliteit and od.kwaliteit.voldaan < od.kwaliteit.totaal]
    if not ods:
        return None
    return Vraag("kwaliteit", f"{_welke(g, ods)} haalt niet alle eisen voor goed werk.",
                 "Om welke eisen gaat het? Wanneer is dit op orde?")


def actie_over_datum(g: Gegevens) -> Vraag | None:
    def te_laat(od: OdGegevens) -> bool:
        robuust = od.robuustheid and any(
            c.resultaat in NIET_GEHAALD and c.streefdatum and c.streefdatum < g.peildatum
            for c in od.robuustheid.criteria)
        visitatie = od.visitatie and any(
            not a.afgerond and a.streefdatum and a.streefdatum < g.peildatum
            for a in od.visitatie.verbeteracties)
        return bool(robuust or visitatie)

    ods = [od for od in g.ods if te_laat(od)]
    if not ods:
        return None
    return Vraag("actie_te_laat", f"{_welke(g, ods)} heeft een plan om te verbeteren. "
                                  "Maar een actie is nog niet klaar, en de datum is voorbij.",
                 "Waarom is de actie niet op tijd klaar? Wat is de nieuwe datum?")


def jaarverslag_ontbreekt(g: Gegevens) -> Vraag | None:
    gaten = _uitkomsten(g, "jaarverslag", ONTBREKEND)
    if not gaten:
        return None
    jaar = max(j for _, j in gaten)
    return Vraag("jaarverslag", f"Het verslag over het werk in {jaar} is er nog niet.",
                 f"Wanneer stuurt het college het naar {raad(g)}?")


def strategie_verouderd(g: Gegevens) -> Vraag | None:
    """No valid strategy in the latest year shown: too old (more than four years) or none."""
    if not g.cyclusjaren:
        return None
    jaar = max(g.cyclusjaren)
    gaten = [od for od, j in _uitkomsten(g, "uhs", ONTBREKEND) if j == jaar]
    if not gaten:
        return None
    if any(od.laatste_uhs_jaar is not None and od.laatste_uhs_jaar <= jaar - GELDIGHEID_UHS_JAREN
           for od in gaten):
        aanleiding = "De strategie voor toezicht en handhaving is ouder dan vier jaar."
    else:
        aanleiding = f"Er is geen geldige strategie voor toezicht en handhaving in {jaar}."
    return Vraag("strategie", aanleiding, "Wanneer komt er een nieuwe strategie? "
                                          f"Hoe praat {raad(g)} daarover mee?")


def programma_ontbreekt(g: Gegevens) -> Vraag | None:
    gaten = _uitkomsten(g, "uitvoeringsprogramma", ONTBREKEND)
    if not gaten:
        return None
    jaar = max(j for _, j in gaten)
    return Vraag("programma", f"Het college heeft geen vastgesteld plan voor het werk in {jaar}.",
                 "Hoe weet het college wat de dienst dat jaar moet doen?")


def niet_verzonden(g: Gegevens) -> Vraag | None:
    if not any(u.status == "niet_verzonden" for od in g.ods for c in od.cycli for u in c.uitkomsten):
        return None
    return Vraag("niet_verzonden", f"Het college stelde een stuk vast, maar stuurde het niet naar {raad(g)}.",
                 "Waarom kreeg de raad dit stuk niet? Wanneer komt het?" if g.soort == "gemeente"
                 else "Waarom kregen de Staten dit stuk niet? Wanneer komt het?")


def ilt_open(g: Gegevens) -> Vraag | None:
    """Follow-up items of the participant's parties (as the summary's table counts them) that
    are not known to be closed: without recorded follow-up, or still open or in progress."""
    niet_vastgelegd = sum(s.telling.aantal(NIET_VASTGELEGD) for s in g.ilt_stand)
    lopend = sum(s.telling.niet_klaar for s in g.ilt_stand) - niet_vastgelegd
    if not niet_vastgelegd and not lopend:
        return None
    zinnen = []  # counted per advice and per party, as the table: "keer", never "adviezen"
    if niet_vastgelegd:
        zinnen.append(f"{getal(niet_vastgelegd)} keer is niet vastgelegd wat er met een advies van "
                      "de inspectie is gedaan.")
    if lopend:
        zinnen.append(f"{getal(lopend)} keer is een advies nog niet klaar.")
    return Vraag("ilt", " ".join(zinnen), "Wat doen het college en de dienst met deze adviezen?")


def geen_recente_toets(g: Gegevens) -> Vraag | None:
    grens = g.peildatum - timedelta(days=365 * KWALITEITSTOETS_MAX_JAREN)
    ods = [od for od in g.ods if od.kwaliteit is None or od.kwaliteit.datum < grens]
    if not ods:
        return None
    return Vraag("geen_toets", f"{_welke(g, ods)} is in twee jaar niet getoetst aan de kwaliteitseisen.",
                 "Wanneer laat de dienst dit weer toetsen?")


def visitatie_aanbevelingen(g: Gegevens) -> Vraag | None:
    ods = [od for od in g.ods if od.visitatie and od.visitatie.aanbevelingen]
    if not ods:
        return None
    return Vraag("visitatie", "De visitatie gaf adviezen aan de dienst.",
                 f"Wat doet de dienst met die adviezen? Hoe hoort {raad(g)} hoe het gaat?")


REGELS: tuple[Callable[[Gegevens], Vraag | None], ...] = (
    robuustheid_niet_gehaald, actie_over_datum, jaarverslag_ontbreekt, strategie_verouderd,
    kwaliteit_niet_gehaald, geen_recente_toets, ilt_open, programma_ontbreekt, niet_verzonden,
    visitatie_aanbevelingen,
)

ALGEMEEN = (
    Vraag("algemeen_geld", "De dienst doet veel werk voor het college.",
          "Heeft de dienst genoeg mensen en geld voor dat werk?"),
    Vraag("algemeen_toezicht", "Toezicht op bedrijven beschermt de mensen die er wonen.",
          "Hoe weet het college of dat toezicht goed genoeg is?"),
    Vraag("algemeen_informatie", "Goede informatie helpt bij de controle op het college.",
          "Hoe vaak krijgen wij nieuws over het werk van de dienst?"),
)


def vragen_voor(g: Gegevens) -> list[Vraag]:
    """Three to five questions: from the gaps first, then general ones to make three."""
    gevonden = [v for v in (regel(g) for regel in REGELS) if v is not None][:MAXIMUM]
    for algemeen in ALGEMEEN:
        if len(gevonden) >= MINIMUM:
            break
        gevonden.append(algemeen)
    return gevonden
