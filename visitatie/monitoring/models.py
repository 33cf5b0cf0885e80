"""Monitoring data: robustness and quality-criteria assessments, policy-cycle documents,
indicator definitions and observations (with their correction history) per OD.

Criteria sets and indicator definitions are versioned configuration, loaded from `data/`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from visitatie.errors import Conflict, DomeinFout
from visitatie.timeutil import utcnow
from visitatie.versies import Versiebeheer

BEOORDELAARS = {"bestuur_od": "Bestuur van de omgevingsdienst (zelfbeoordeling)",
                "ministerie": "Oordeel van de minister (IenW)"}
KWALITEIT_VERSIES = ("2.1", "2.3", "3.0")
METHODEN = {"zelfevaluatie": "Zelfevaluatie", "extern_bureau": "Extern bureau"}
STATUSSEN = {"voorlopig": "Voorlopig", "definitief": "Definitief"}
KWALITEIT = {"goed": "Goed", "matig": "Matig", "onzeker": "Onzeker"}


class RobuustheidsCriterium(SQLModel, table=True):
    """One criterion of a versioned robustness criteria set (pillar 1)."""

    __tablename__ = "robuustheidscriterium"

    versie: str = Field(primary_key=True, max_length=20)
    code: str = Field(primary_key=True, max_length=20)
    volgorde: int
    titel: str = Field(max_length=200)
    omschrijving: str = Field(default="", max_length=1000)
    perspectief: str = Field(default="", max_length=80)
    bron: str = Field(default="", max_length=300)


class RobuustheidsBeoordeling(SQLModel, table=True):
    """An assessment of one OD against one criteria set, by the OD's board or the minister."""

    __tablename__ = "robuustheidsbeoordeling"

    id: int | None = Field(default=None, primary_key=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20, index=True)
    criteria_versie: str = Field(max_length=20)
    beoordelaar: str = Field(max_length=20)  # BEOORDELAARS
    datum: date
    toelichting: str = Field(default="", max_length=2000)
    fictief: bool = False
    aangemaakt: datetime = Field(default_factory=utcnow)


class RobuustheidsOordeel(SQLModel, table=True):
    """The result on one criterion; an action plan with a target date where it is not met."""

    __tablename__ = "robuustheidsoordeel"
    __table_args__ = (UniqueConstraint("beoordeling_id", "criterium_code"),)

    id: int | None = Field(default=None, primary_key=True)
    beoordeling_id: int = Field(foreign_key="robuustheidsbeoordeling.id", index=True)
    criterium_code: str = Field(max_length=20)
    resultaat: str = Field(max_length=20)  # robuustheid.RESULTATEN
    toelichting: str = Field(default="", max_length=2000)
    bewijs: str = Field(default="", max_length=500)
    actieplan: str = Field(default="", max_length=2000)
    streefdatum: date | None = None


class KwaliteitscriteriaToets(SQLModel, table=True):
    """A check of an OD against the Kwaliteitscriteria VTH (2.1, 2.3 or 3.0)."""

    __tablename__ = "kwaliteitscriteria_toets"

    id: int | None = Field(default=None, primary_key=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20, index=True)
    criteria_versie: str = Field(max_length=5)
    methode: str = Field(max_length=20)  # METHODEN
    datum: date
    aantal_voldaan: int
    aantal_totaal: int
    verbeterpunten: str = Field(default="", max_length=4000)
    fictief: bool = False


class BeleidsDocument(Versiebeheer, SQLModel, table=True):
    """A policy-cycle document of a participant (municipality or province) of an OD.

    `deelnemer_code` is a CBS code (GMnnnn / PVnn); `jaar` is the year the document is for
    (for a strategy: the first year it applies to)."""

    __tablename__ = "beleidsdocument"
    __table_args__ = (UniqueConstraint("od_code", "deelnemer_code", "soort", "jaar"),)

    id: int | None = Field(default=None, primary_key=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20, index=True)
    deelnemer_code: str = Field(max_length=6, index=True)
    soort: str = Field(max_length=30)  # regels.SOORTEN
    jaar: int
    titel: str = Field(default="", max_length=200)
    vastgesteld_op: date | None = None
    verzonden_op: date | None = None  # to the council or Provinciale Staten
    link: str = Field(default="", max_length=500)
    bestand: str = Field(default="", max_length=80)  # storage key of an uploaded PDF
    bestandsnaam: str = Field(default="", max_length=200)  # its original name, for the download
    fictief: bool = False
    versie: int = 1


class Indicator(SQLModel, table=True):
    """An indicator definition (versioned configuration from data/indicatoren.csv)."""

    __tablename__ = "indicator"

    code: str = Field(primary_key=True, max_length=40)
    naam: str = Field(max_length=120)
    definitie: str = Field(max_length=1000)
    eenheid: str = Field(max_length=30)
    bron: str = Field(max_length=300)
    richting: str = Field(max_length=200)
    aggregatieniveaus: str = Field(max_length=60)  # "od" or "od;gemeente"
    vergelijkbaarheid: str = Field(max_length=1000)
    minimum: float = 0
    maximum: float
    versie: str = Field(max_length=20)

    def kent_niveau(self, niveau: str) -> bool:
        return niveau in self.aggregatieniveaus.split(";")


class Waarneming(Versiebeheer, SQLModel, table=True):
    """One value of an indicator for an OD (and optionally one municipality) in a year."""

    __tablename__ = "waarneming"
    __table_args__ = (UniqueConstraint("indicator_code", "od_code", "gemeente_code", "jaar"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_code: str = Field(foreign_key="indicator.code", max_length=40, index=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20, index=True)
    # "" (not NULL) for the OD as a whole, so the unique constraint also holds there.
    gemeente_code: str = Field(default="", max_length=6)
    jaar: int = Field(index=True)
    waarde: float
    status: str = Field(default="voorlopig", max_length=12)  # STATUSSEN
    kwaliteit: str = Field(default="goed", max_length=12)  # KWALITEIT
    toelichting: str = Field(default="", max_length=1000)
    fictief: bool = False
    import_id: int | None = Field(default=None, foreign_key="monitoring_import.id")
    versie: int = 1

    def corrigeer(self, *, waarde: float, status: str, versie: int) -> None:
        """Change value and status; the caller records the history (see operations)."""
        if versie != self.versie:
            raise Conflict("Deze waarneming is intussen gewijzigd. Laad de pagina opnieuw.")
        if self.status == "definitief" and status == "voorlopig":
            raise DomeinFout("Een definitieve waarneming kan niet terug naar voorlopig.", "status")
        self.waarde, self.status, self.versie = waarde, status, self.versie + 1


class WaarnemingCorrectie(SQLModel, table=True):
    """History of a correction: the old value stays, with who changed it and why."""

    __tablename__ = "waarneming_correctie"

    id: int | None = Field(default=None, primary_key=True)
    waarneming_id: int = Field(foreign_key="waarneming.id", index=True)
    oude_waarde: float
    nieuwe_waarde: float
    oude_status: str = Field(max_length=12)
    nieuwe_status: str = Field(max_length=12)
    reden: str = Field(max_length=1000)
    door: str = Field(max_length=254)
    tijdstip: datetime = Field(default_factory=utcnow)
    import_id: int | None = Field(default=None, foreign_key="monitoring_import.id")


class MonitoringImport(SQLModel, table=True):
    """The report of a successful import (a refused import writes nothing)."""

    __tablename__ = "monitoring_import"

    id: int | None = Field(default=None, primary_key=True)
    bestand: str = Field(max_length=200)
    door: str = Field(max_length=254)
    tijdstip: datetime = Field(default_factory=utcnow)
    aantal_rijen: int = 0
    aantal_nieuw: int = 0
    aantal_gecorrigeerd: int = 0
    reden: str = Field(default="", max_length=1000)
