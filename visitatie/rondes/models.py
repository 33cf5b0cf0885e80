"""The visitation cycle: which ODs are visited between start and deadline, the settings the
planner plans it by, and the deadlines of its visitations' workflow.

Both planning (which plans the cycle and makes its visitations follow an accepted plan) and
visitaties (whose every visitation belongs to a cycle and to its OD's line in it) read these
tables, so they sit below both: planning imports visitaties, never the reverse."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from visitatie.timeutil import utcnow
from visitatie.versies import Versiebeheer

STANDAARD_COMMISSIE_TEKST = "voorzitter=1,peer=2,bestuurder=1,secretaris=1"


class VisitatieRonde(Versiebeheer, SQLModel, table=True):
    """A cycle in which every OD is visited once before the deadline."""

    __tablename__ = "visitatie_ronde"

    id: int | None = Field(default=None, primary_key=True)
    naam: str = Field(max_length=120, unique=True)
    start: date
    deadline: date
    aangemaakt: datetime = Field(default_factory=utcnow)
    commissie: str = Field(default=STANDAARD_COMMISSIE_TEKST, max_length=200)
    max_per_week: int = 2
    # One period per line: "JJJJ-MM-DD JJJJ-MM-DD naam", e.g. the summer holidays.
    geblokkeerde_perioden: str = Field(default="", max_length=2000)
    oud_werkgever_jaren: int = 2
    zelfde_provincie_is_conflict: bool = False
    bevrijdingsdag: str = Field(default="elk_jaar", max_length=10)
    # Spreading: at most this many visits a calendar quarter (None: derived from the cycle).
    max_per_kwartaal: int | None = None
    # School holidays (keys such as "zomer-2027-noord") the coordinator opened for visits.
    open_vakanties: str = Field(default="", max_length=2000, sa_column_kwargs={"server_default": ""})
    # Deadlines of the visitation workflow, in weeks (defaults from the issue).
    termijn_zelfevaluatie_weken: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    termijn_concept_weken: int = Field(default=6, sa_column_kwargs={"server_default": "6"})
    termijn_wederhoor_weken: int = Field(default=2, sa_column_kwargs={"server_default": "2"})
    versie: int = 1

    def termijn_instellingen(self) -> dict[str, int]:
        """This cycle's deadlines in the terms of visitatie.visitaties.termijnen."""
        return {"zelfevaluatie_weken_voor": self.termijn_zelfevaluatie_weken,
                "concept_weken_na": self.termijn_concept_weken,
                "wederhoor_weken": self.termijn_wederhoor_weken}

    def commissie_samenstelling(self) -> dict[str, int]:
        uit = {}
        for deel in self.commissie.split(","):
            rol, _, aantal = deel.partition("=")
            if rol.strip():
                uit[rol.strip()] = int(aantal or 1)
        return uit

    def geopende_vakanties(self) -> frozenset[str]:
        return frozenset(self.open_vakanties.split())

    def perioden(self) -> list[tuple[date, date, str]]:
        uit = []
        for regel in self.geblokkeerde_perioden.splitlines():
            delen = regel.split(maxsplit=2)
            if len(delen) >= 2:
                uit.append((date.fromisoformat(delen[0]), date.fromisoformat(delen[1]),
                            delen[2] if len(delen) > 2 else "geblokkeerd"))
        return uit


class RondeOd(SQLModel, table=True):
    """An OD to visit in a cycle, with its own window, blocked weeks and fixed or held visit."""

    __tablename__ = "ronde_od"
    __table_args__ = (UniqueConstraint("ronde_id", "od_code"),)

    id: int | None = Field(default=None, primary_key=True)
    ronde_id: int = Field(foreign_key="visitatie_ronde.id", index=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20)
    venster_van: date | None = None
    venster_tot: date | None = None
    geblokkeerde_weken: str = Field(default="", max_length=500)  # "2023-W30 2023-W31"
    vaste_dag: date | None = None  # first day of a visit fixed by the coordinator
    # Whether the visit was held is not stored here: it is the visitation's status
    # (visitatie.visitaties.stand), recorded once.
    gewenste_expertise: str = Field(default="", max_length=300)
    toelichting: str = Field(default="", max_length=500)

    def weken(self) -> frozenset[tuple[int, int]]:
        uit = set()
        for deel in self.geblokkeerde_weken.replace(",", " ").split():
            jaar, _, week = deel.upper().partition("-W")
            uit.add((int(jaar), int(week)))
        return frozenset(uit)
