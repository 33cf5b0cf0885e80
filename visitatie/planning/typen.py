"""Plain values that go into the planner and the checker and come out of them (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from visitatie.timeutil import EERSTE_DAG, LAATSTE_DAG

ROLNAMEN = {"voorzitter": "voorzitter", "peer": "peer", "bestuurder": "bestuurder",
            "secretaris": "secretaris"}
VROEGSTE_DATUM, LAATSTE_DATUM = EERSTE_DAG, LAATSTE_DAG  # what input may hold (the app's one range)
STANDAARD_COMMISSIE = {"voorzitter": 1, "peer": 2, "bestuurder": 1, "secretaris": 1}


@dataclass(frozen=True)
class Persoon:
    """A member of the visitor pool. `od` is the employer when that is an OD, else None."""

    id: str
    naam: str
    od: str | None
    rollen: frozenset[str]
    expertise: frozenset[str] = frozenset()
    max_bezoeken: int = 3
    afwezig: tuple[tuple[date, date], ...] = ()  # inclusive periods
    inzetbaar: bool = True  # False: dropped out or inactive, only kept on held visits

    def afwezig_op(self, dag: date) -> bool:
        return any(van <= dag <= tot for van, tot in self.afwezig)


@dataclass(frozen=True)
class OdVraag:
    """One OD to visit: its own window, weeks it blocked, and what is already fixed."""

    od: str
    naam: str
    venster_van: date
    venster_tot: date
    geblokkeerde_weken: frozenset[tuple[int, int]] = frozenset()  # ISO (year, week)
    vaste_dag: date | None = None  # first day of a held or fixed visit
    vaste_leden: tuple[tuple[str, str], ...] = ()  # (role, person id) that stay
    gewenste_expertise: frozenset[str] = frozenset()
    # Held: the visit took place on `vaste_dag` with `vaste_leden`. A fact, not a decision:
    # the planner plans around it and the checker only reports conflicts found afterwards.
    gehouden: bool = False
    # This OD's own blocked periods, e.g. the school holidays of its region(s).
    geblokkeerde_perioden: tuple[tuple[date, date, str], ...] = ()


@dataclass(frozen=True)
class Belangenconflict:
    persoon: str
    od: str
    reden: str
    geldig_van: date | None = None  # when the conflict holds (None: open)
    geldig_tot: date | None = None
    gemeld: bool = False  # from a declared tie (not derived from the current employer)


@dataclass(frozen=True)
class Opgave:
    """Everything the planner needs for one cycle."""

    start: date
    deadline: date
    ods: tuple[OdVraag, ...]
    personen: tuple[Persoon, ...]
    conflicten: tuple[Belangenconflict, ...] = ()
    commissie: dict[str, int] = field(default_factory=lambda: dict(STANDAARD_COMMISSIE))
    max_per_week: int = 2
    feestdagen: frozenset[date] = frozenset()
    geblokkeerde_perioden: tuple[tuple[date, date, str], ...] = ()  # national, e.g. summer
    vorige_koppelingen: frozenset[tuple[str, str]] = frozenset()  # (person, od) last cycle
    wederkerigheid: bool = True
    # Spreading: at most this many visits (held ones included) in one calendar quarter.
    max_per_kwartaal: int | None = None
    # Re-planning: the plan to stay close to.
    vorig_plan: tuple[Bezoek, ...] = ()


@dataclass(frozen=True)
class Bezoek:
    od: str
    eerste_dag: date
    leden: tuple[tuple[str, str], ...]  # (role, person id), sorted

    @property
    def tweede_dag(self) -> date:
        return self.eerste_dag + timedelta(days=1)


@dataclass
class Plan:
    bezoeken: list[Bezoek]
    status: str  # "optimaal" | "haalbaar"
    doel: dict[str, int] = field(default_factory=dict)
    uitleg: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (od, role, person)
    seconden: float = 0.0
    doelwaarde: float = 0.0  # the weighted objective and the solver's proven bound on it
    ondergrens: float = 0.0
    rekenrondes: int = 1
    grenzen: dict[str, int] = field(default_factory=dict)  # per objective term, where known

    def bezoek_van(self, od: str) -> Bezoek | None:
        return next((b for b in self.bezoeken if b.od == od), None)


@dataclass
class Onhaalbaar:
    """No plan exists; `redenen` says why in terms of the rules, in Dutch."""

    redenen: list[str]
    seconden: float = 0.0
    status: str = "onhaalbaar"
