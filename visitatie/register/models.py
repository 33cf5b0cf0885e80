"""The register: provinces, municipalities, omgevingsdiensten and who takes part in which OD when.

Everything carries validity dates: ODs merge, municipalities merge each January.
`geldig_tot` is inclusive; None means open-ended (or, for `geldig_van`, "since before the register").
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class Provincie(SQLModel, table=True):
    __tablename__ = "provincie"

    code: str = Field(primary_key=True, max_length=4)  # CBS PV20..PV31
    naam: str = Field(max_length=60, unique=True)


class Gemeente(SQLModel, table=True):
    __tablename__ = "gemeente"

    code: str = Field(primary_key=True, max_length=6)  # CBS GM0363
    naam: str = Field(max_length=80, index=True)
    provincie_code: str = Field(foreign_key="provincie.code", max_length=4, index=True)
    geldig_van: date | None = None
    geldig_tot: date | None = None


class Omgevingsdienst(SQLModel, table=True):
    __tablename__ = "omgevingsdienst"

    code: str = Field(primary_key=True, max_length=20)  # our stable slug, e.g. "odmh"
    naam: str = Field(max_length=120)
    afkorting: str = Field(max_length=30)
    seveso: bool = False
    geldig_van: date | None = None
    geldig_tot: date | None = None
    opvolger_code: str | None = Field(default=None, foreign_key="omgevingsdienst.code", max_length=20)
    website: str | None = Field(default=None, max_length=200)
    bron: str = Field(default="", max_length=300)


class OdProvincie(SQLModel, table=True):
    """The province(s) an OD works in: a set, because OFGV spans Flevoland and Noord-Holland."""

    __tablename__ = "od_provincie"

    od_code: str = Field(foreign_key="omgevingsdienst.code", primary_key=True, max_length=20)
    provincie_code: str = Field(foreign_key="provincie.code", primary_key=True, max_length=4)


class Deelname(SQLModel, table=True):
    """A municipality or province taking part in an OD during a period."""

    __tablename__ = "deelname"

    id: int | None = Field(default=None, primary_key=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20, index=True)
    soort: str = Field(max_length=10)  # "gemeente" | "provincie"
    deelnemer_code: str = Field(max_length=6, index=True)  # GM.... or PV..
    geldig_van: date
    geldig_tot: date | None = None
    bron: str = Field(default="", max_length=300)
    status: str = Field(default="", max_length=40)
