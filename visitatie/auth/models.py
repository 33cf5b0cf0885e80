"""Accounts, login attempts, sign-in counters, password tokens and recovery codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_login import UserMixin
from sqlmodel import Field, SQLModel

from visitatie.taal import cijfers
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
    # Raised by sign-out, a password change, blocking and a role change: every session carries
    # the version it was made under (`get_id`), so all older sessions end at once.
    sessieversie: int = 1
    moet_wachtwoord_wijzigen: bool = False  # a temporary password set by a beheerder
    laatst_ingelogd: datetime | None = None
    totp_geheim: str | None = Field(default=None, max_length=64)
    totp_actief: bool = False

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.actief

    def get_id(self) -> str:  # Flask-Login: what the session cookie holds
        return sessie_id(self.id, self.sessieversie)


def sessie_id(gebruiker_id: int, versie: int) -> str:
    return f"{gebruiker_id}:{versie}"


def lees_sessie_id(waarde: str) -> tuple[int, int] | None:
    """(account id, session version) from a session cookie; None for anything else (an old
    cookie without a version included: it must sign in again)."""
    delen = waarde.split(":")
    if len(delen) != 2 or not all(cijfers(d) for d in delen):
        return None
    return int(delen[0]), int(delen[1])


@dataclass(frozen=True)
class AangemeldeGebruiker(UserMixin):
    """The logged-in user as a request needs it (`current_user`): a read-only snapshot, kept
    under the accounts' stamp (visitatie/paginacache.py), so a request reads no account row. Any change
    to the account is a write, so the next request sees it (the session version included)."""

    id: int
    email: str
    naam: str
    rol: str
    od_code: str | None
    actief: bool
    sessieversie: int = 1
    moet_wachtwoord_wijzigen: bool = False
    totp_actief: bool = False

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.actief

    def get_id(self) -> str:
        return sessie_id(self.id, self.sessieversie)

    @classmethod
    def van(cls, gebruiker: Gebruiker) -> AangemeldeGebruiker:
        return cls(gebruiker.id, gebruiker.email, gebruiker.naam, gebruiker.rol, gebruiker.od_code,
                   gebruiker.actief, gebruiker.sessieversie, gebruiker.moet_wachtwoord_wijzigen,
                   gebruiker.totp_actief)


class InlogPoging(SQLModel, table=True):
    """Every login attempt, kept for the record (the throttle counts in `InlogTeller`)."""

    __tablename__ = "inlog_poging"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    ip: str = Field(max_length=64, index=True)
    tijdstip: datetime = Field(default_factory=utcnow, index=True)
    gelukt: bool = False


class InlogTeller(SQLModel, table=True):
    """Failed sign-ins per key ("ip:..." or "account:...") within a window, raised with one
    atomic upsert so concurrent attempts are each counted."""

    __tablename__ = "inlog_teller"

    sleutel: str = Field(primary_key=True, max_length=300)
    venster_start: datetime
    aantal: int = 0


class WachtwoordToken(SQLModel, table=True):
    """A single-use, short-lived link to set a new password; only the token's hash is kept."""

    __tablename__ = "wachtwoord_token"

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    verloopt: datetime
    gebruikt: bool = False


class Herstelcode(SQLModel, table=True):
    """A one-time recovery code for a lost second factor; only its hash is kept."""

    __tablename__ = "herstelcode"

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64)
    gebruikt: bool = False
