"""Accounts and login attempts."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Lezer(UserMixin):
    """The logged-in user as a request needs it (`current_user`): a read-only snapshot, kept
    per data version (visitatie/paginacache.py), so a request reads no account row. Any change
    to the account is a write, so the next request sees it."""

    id: int
    email: str
    naam: str
    rol: str
    od_code: str | None
    actief: bool

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.actief

    @classmethod
    def van(cls, gebruiker: Gebruiker) -> Lezer:
        return cls(gebruiker.id, gebruiker.email, gebruiker.naam, gebruiker.rol, gebruiker.od_code,
                   gebruiker.actief)


class InlogPoging(SQLModel, table=True):
    """Every login attempt, so throttling works across processes and hosts."""

    __tablename__ = "inlog_poging"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    ip: str = Field(max_length=64, index=True)
    tijdstip: datetime = Field(default_factory=utcnow, index=True)
    gelukt: bool = False
