"""ILT thematic and signalling studies, their findings and the follow-up by the addressed parties.

Findings store codes from the one shared taxonomy (visitatie/taxonomie.py): theme, finding type,
severity and actor categories. The codes are validated in operations/import, never copied here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from visitatie.errors import DomeinFout
from visitatie.ilt.opvolging import OPVOLGBARE_TYPEN, OPVOLGSTATUSSEN
from visitatie.timeutil import utcnow
from visitatie.versies import Versiebeheer

STUDIESOORTEN = {"thematisch": "Thematisch onderzoek", "signalerend": "Signalerend onderzoek"}
STUDIESTATUSSEN = {"concept": "Concept", "gepubliceerd": "Gepubliceerd"}


# Addressees: a category from the taxonomy, or one specific OD or province from the register.
ADRESSAAT_SOORTEN = {"actor": "Actorcategorie", "od": "Omgevingsdienst", "provincie": "Provincie"}
PARTIJ_SOORTEN = ("od", "provincie")  # who can keep follow-up

# Which follow-up status may follow which: a closed item can only be reopened as "in behandeling".
OPVOLG_OVERGANGEN = {
    "open": {"in_behandeling", "afgerond", "niet_overgenomen"},
    "in_behandeling": {"open", "afgerond", "niet_overgenomen"},
    "afgerond": {"in_behandeling"},
    "niet_overgenomen": {"in_behandeling"},
}


class IltStudie(Versiebeheer, SQLModel, table=True):
    """One ILT study; visible to the public only once published."""

    __tablename__ = "ilt_studie"

    id: int | None = Field(default=None, primary_key=True)
    soort: str = Field(max_length=20)  # STUDIESOORTEN
    titel: str = Field(max_length=200)
    thema: str = Field(max_length=40)  # taxonomy theme code (main theme)
    onderwerp: str = Field(default="", max_length=200)  # e.g. "e-waste (AEEA)"
    onderzoeksvraag: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    periode_van: date | None = None
    periode_tot: date | None = None
    publicatiedatum: date | None = None
    status: str = Field(default="concept", max_length=20)
    methoden: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    onderzochte_partijen: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    rapport_url: str | None = Field(default=None, max_length=500)
    rapport_bestand: str | None = Field(default=None, max_length=80)  # generated name in STORAGE_DIR
    bron: str = Field(default="", max_length=300)
    fictief: bool = False
    versie: int = 1
    aangemaakt: datetime = Field(default_factory=utcnow)

    @property
    def gepubliceerd(self) -> bool:
        return self.status == "gepubliceerd"

    def publiceer(self) -> None:
        if self.status != "concept":
            raise DomeinFout("Alleen een concept kan worden gepubliceerd.")
        if self.publicatiedatum is None:
            raise DomeinFout("Vul eerst de publicatiedatum in.", veld="publicatiedatum")
        self.status = "gepubliceerd"

    def terug_naar_concept(self) -> None:
        if self.status != "gepubliceerd":
            raise DomeinFout("Deze studie is al een concept.")
        self.status = "concept"


class IltBevinding(SQLModel, table=True):
    """A finding of a study; `nummer` identifies it within the study (import/export key)."""

    __tablename__ = "ilt_bevinding"
    __table_args__ = (UniqueConstraint("studie_id", "nummer"),)

    id: int | None = Field(default=None, primary_key=True)
    studie_id: int = Field(foreign_key="ilt_studie.id", index=True)
    nummer: int
    type: str = Field(max_length=40)  # taxonomy bevindingtypen
    thema: str = Field(max_length=40, index=True)  # taxonomy themas
    ernst: str | None = Field(default=None, max_length=40)  # taxonomy ernst
    tekst: str = Field(sa_column=Column(Text, nullable=False))
    bron: str = Field(default="", max_length=200)  # page or section of the report

    @property
    def opvolgbaar(self) -> bool:
        return self.type in OPVOLGBARE_TYPEN


class IltAdressaat(SQLModel, table=True):
    """To whom a finding is addressed: an actor category, or a specific OD or province."""

    __tablename__ = "ilt_adressaat"
    __table_args__ = (UniqueConstraint("bevinding_id", "soort", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    bevinding_id: int = Field(foreign_key="ilt_bevinding.id", index=True)
    soort: str = Field(max_length=12)  # ADRESSAAT_SOORTEN
    code: str = Field(max_length=40, index=True)


class IltOpvolging(Versiebeheer, SQLModel, table=True):
    """What one addressed party did with a finding: a status and a short account."""

    __tablename__ = "ilt_opvolging"
    __table_args__ = (UniqueConstraint("bevinding_id", "partij_soort", "partij_code"),)

    id: int | None = Field(default=None, primary_key=True)
    bevinding_id: int = Field(foreign_key="ilt_bevinding.id", index=True)
    partij_soort: str = Field(max_length=12)  # PARTIJ_SOORTEN
    partij_code: str = Field(max_length=20, index=True)
    status: str = Field(default="open", max_length=20)
    toelichting: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    fictief: bool = False
    versie: int = 1
    bijgewerkt: datetime = Field(default_factory=utcnow)
    bijgewerkt_door: str = Field(default="", max_length=254)

    def zet_status(self, nieuw: str) -> None:
        """Change the status along OPVOLG_OVERGANGEN; the same status again is a no-op."""
        if nieuw not in OPVOLGSTATUSSEN:
            raise DomeinFout(f"Onbekende status '{nieuw}'.", veld="status")
        if nieuw != self.status and nieuw not in OPVOLG_OVERGANGEN[self.status]:
            raise DomeinFout(f"Van '{OPVOLGSTATUSSEN[self.status]}' kan niet naar "
                             f"'{OPVOLGSTATUSSEN[nieuw]}'; heropen eerst (in behandeling).",
                             veld="status")
        self.status = nieuw
