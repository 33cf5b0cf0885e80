from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from visitatie.timeutil import utcnow


class AuditRegel(SQLModel, table=True):
    """One write: who, when, what, and the values before and after (JSON)."""

    __tablename__ = "audit_regel"

    id: int | None = Field(default=None, primary_key=True)
    tijdstip: datetime = Field(default_factory=utcnow, index=True)
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id", index=True,
                                     ondelete="SET NULL")
    gebruiker_email: str = Field(default="systeem", max_length=254)
    actie: str = Field(max_length=60, index=True)
    object_type: str = Field(max_length=60, index=True)
    object_id: str = Field(default="", max_length=80)
    voor: str | None = None
    na: str | None = None
