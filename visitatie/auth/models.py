"""Accounts and login attempts."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlmodel import Field, SQLModel

from visitatie.timeutil import utcnow


class Gebruiker(UserMixin, SQLModel, table=True):
    __tablename__ = "gebruiker"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    naam: str = Field(default="", max_length=120)
    wachtwoord_hash: str = Field(max_length=200)
    rol: str = Field(max_length=20)
    od_code: str | None = Field(default=None, foreign_key="omgevingsdienst.code", max_length=20)
    actief: bool = True
    is_demo: bool = False
    aangemaakt: datetime = Field(default_factory=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.actief


class InlogPoging(SQLModel, table=True):
    """Every login attempt, so throttling works across processes and hosts."""

    __tablename__ = "inlog_poging"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    ip: str = Field(max_length=64, index=True)
    tijdstip: datetime = Field(default_factory=utcnow, index=True)
    gelukt: bool = False
