"""The visitor pool, declared ties, and stored plans of a cycle (the cycle itself is
`visitatie.rondes.models`, shared with the visitations). The planner's pure core is in
solver.py and works on plain values built by operations.py."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from visitatie.errors import DomeinFout
from visitatie.timeutil import utcnow
from visitatie.versies import Versiebeheer


class Visiteur(Versiebeheer, SQLModel, table=True):
    """A person in the visitor pool."""

    __tablename__ = "visiteur"

    id: int | None = Field(default=None, primary_key=True)
    naam: str = Field(max_length=120)
    email: str = Field(default="", max_length=200)
    od_code: str | None = Field(default=None, foreign_key="omgevingsdienst.code", max_length=20)
    organisatie: str = Field(default="", max_length=120)  # shown when not at an OD
    rollen: str = Field(default="", max_length=100)  # comma-separated
    expertise: str = Field(default="", max_length=300)  # comma-separated tags
    max_bezoeken: int = 3
    actief: bool = True
    fictief: bool = False
    versie: int = 1
    # The person's account, once linked (after an invitation or by the coordinator); until then
    # a committee member from the pool has no login.
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id", unique=True)
    uitgenodigd_op: datetime | None = None

    def rollenset(self) -> frozenset[str]:
        return frozenset(r.strip() for r in self.rollen.split(",") if r.strip())

    def expertiseset(self) -> frozenset[str]:
        return frozenset(t.strip() for t in self.expertise.split(",") if t.strip())


class Afwezigheid(SQLModel, table=True):
    __tablename__ = "visiteur_afwezigheid"

    id: int | None = Field(default=None, primary_key=True)
    visiteur_id: int = Field(foreign_key="visiteur.id", index=True)
    van: date
    tot: date
    reden: str = Field(default="", max_length=200)


class Band(SQLModel, table=True):
    """A declared tie of a person with an OD: a former employer, a board seat, or another tie."""

    __tablename__ = "visiteur_band"

    id: int | None = Field(default=None, primary_key=True)
    visiteur_id: int = Field(foreign_key="visiteur.id", index=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20)
    soort: str = Field(max_length=30)  # voormalig_werkgever | bestuurszetel | overig
    reden: str = Field(default="", max_length=300)
    geldig_van: date | None = None
    geldig_tot: date | None = None


PLAN_OVERGANGEN = {"concept": {"geaccepteerd", "vervallen"}, "geaccepteerd": {"vervangen"},
                   "onhaalbaar": set(), "vervangen": set(), "vervallen": set()}


class Plan(SQLModel, table=True):
    """One planner run (or manual edit) for a cycle; at most one accepted plan per cycle."""

    __tablename__ = "plan"

    id: int | None = Field(default=None, primary_key=True)
    ronde_id: int = Field(foreign_key="visitatie_ronde.id", index=True)
    aangemaakt: datetime = Field(default_factory=utcnow)
    status: str = Field(default="concept", max_length=20)
    soort: str = Field(default="planner", max_length=20)  # planner | herplanning | handmatig
    seed: int = 0
    seconden: float = 0.0
    solver_status: str = Field(default="", max_length=20)
    doel: str = Field(default="{}", max_length=1000)
    redenen: str = Field(default="", max_length=10000)  # Dutch, one per line
    toelichting: str = Field(default="", max_length=2000)
    acceptatiereden: str = Field(default="", max_length=2000)

    def naar(self, status: str) -> None:
        if status not in PLAN_OVERGANGEN[self.status]:
            raise DomeinFout(f"Een plan met status '{self.status}' kan niet naar '{status}'.")
        self.status = status


class PlanToewijzing(SQLModel, table=True):
    __tablename__ = "plan_toewijzing"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20)
    eerste_dag: date
    tweede_dag: date
    rol: str = Field(max_length=20)
    visiteur_id: int = Field(foreign_key="visiteur.id", index=True)
    uitleg: str = Field(default="", max_length=1000)
