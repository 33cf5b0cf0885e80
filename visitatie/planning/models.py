"""Visitation cycles. The planning capability extends this; the visitation workflow refers to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from visitatie.timeutil import utcnow


class VisitatieRonde(SQLModel, table=True):
    """A cycle in which every OD is visited once before the deadline."""

    __tablename__ = "visitatie_ronde"

    id: int | None = Field(default=None, primary_key=True)
    naam: str = Field(max_length=120, unique=True)
    start: date
    deadline: date
    aangemaakt: datetime = Field(default_factory=utcnow)
