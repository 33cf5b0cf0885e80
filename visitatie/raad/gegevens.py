"""The plain input of a council summary: everything the builder and the question rules need,
gathered by operations.py as known on the edition's reference date. No database here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from visitatie.ilt.opvolging import Telling
from visitatie.monitoring.beleidscyclus import CyclusOordeel


@dataclass(frozen=True)
class Dienst:
    """An OD as a summary names it."""

    code: str
    naam: str
    afkorting: str


@dataclass(frozen=True)
class Definitie:
    """A key figure's name and unit (monitoring's indicator)."""

    naam: str
    eenheid: str


@dataclass(frozen=True)
class Criterium:
    """One robustness criterion in the latest assessment."""

    titel: str
    resultaat: str  # monitoring.robuustheid.RESULTATEN
    actieplan: str = ""
    streefdatum: date | None = None


@dataclass(frozen=True)
class Robuustheid:
    datum: date
    beoordelaar: str  # "bestuur_od" | "ministerie"
    geheel: str  # robuust | niet_robuust | onbekend
    criteria: tuple[Criterium, ...] = ()


@dataclass(frozen=True)
class Kwaliteit:
    datum: date
    versie: str
    methode: str
    voldaan: int
    totaal: int


@dataclass(frozen=True)
class Kerncijfer:
    naam: str
    eenheid: str
    jaar: int
    waarde: float | None
    mediaan_provincie: float | None
    mediaan_land: float | None


@dataclass(frozen=True)
class Verbeteractie:
    tekst: str
    streefdatum: date | None
    afgerond: bool


@dataclass(frozen=True)
class ThemaOordeel:
    """The committee's judgement of one theme on the maturity scale (1 to `maximum`)."""

    thema: str  # taxonomy code, e.g. "toekomstvisie"
    titel: str  # the section title in the framework, used when the theme has no plain name
    niveau: int | None  # None: not judged
    label: str = ""  # the scale's label for the level, e.g. "In ontwikkeling"
    maximum: int = 4


@dataclass(frozen=True)
class GepubliceerdeVisitatie:
    """The OD's latest published visitation."""

    datum: date
    oordelen: tuple[ThemaOordeel, ...] = ()
    sterke_punten: tuple[str, ...] = ()
    aanbevelingen: tuple[str, ...] = ()
    verbeteracties: tuple[Verbeteractie, ...] = ()


@dataclass(frozen=True)
class OdGegevens:
    """One OD the participant takes part in, with the participant's own policy cycle there."""

    code: str
    naam: str
    afkorting: str
    robuustheid: Robuustheid | None = None
    kwaliteit: Kwaliteit | None = None
    cycli: tuple[CyclusOordeel, ...] = ()
    laatste_uhs_jaar: int | None = None
    kerncijfers: tuple[Kerncijfer, ...] = ()
    visitatie: GepubliceerdeVisitatie | None = None
    voorgangers: tuple[Voorganger, ...] = ()
    # the day of its visit in the latest started cycle, report published or not (the Staat's stand)
    bezocht_op: date | None = None


@dataclass(frozen=True)
class Voorganger:
    """The OD the participant took part in before it merged into its current OD (the period
    before the merger is about the old OD, its visitation included)."""

    code: str
    naam: str
    afkorting: str
    tot: date
    visitatie: GepubliceerdeVisitatie | None = None


@dataclass(frozen=True)
class IltPunt:
    """An ILT recommendation or improvement point that concerns the participant or its OD."""

    studie: str
    publicatiedatum: date | None
    tekst: str
    betreft: str  # who it is addressed to, in words
    # the follow-up category (`visitatie.ilt.opvolging.CATEGORIEEN`) of the addressed party;
    # None when it is addressed to no party that records follow-up (e.g. all municipalities)
    opvolging: str | None


@dataclass(frozen=True)
class IltStand:
    """The follow-up items of one party of the summary (its OD, or the province itself), counted
    by the one definition (`visitatie.ilt.opvolging`), as the Staat counts them."""

    partij: str  # the OD's abbreviation, or "Provincie X"
    telling: Telling


@dataclass(frozen=True)
class Gegevens:
    code: str
    naam: str
    soort: str  # "gemeente" | "provincie"
    provincie: str
    editie_jaar: int
    peildatum: date
    cijferjaar: int
    ods: tuple[OdGegevens, ...] = ()
    ilt: tuple[IltPunt, ...] = field(default_factory=tuple)
    fictief: bool = False
    ilt_stand: tuple[IltStand, ...] = ()

    @property
    def cyclusjaren(self) -> tuple[int, ...]:
        return tuple(c.jaar for c in self.ods[0].cycli) if self.ods else ()
