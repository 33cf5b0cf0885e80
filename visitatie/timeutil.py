"""The app's one clock. Every "today" and "now" of a domain decision is read here and nowhere
else: a ruff rule (TID251 in pyproject.toml) refuses the standard library's wall-clock reads
in every other module.

The clock can be set to another day (`zet_vandaag`): the demo describes a fixed day, and the
tests freeze one. Time keeps running from there, shifted by a fixed amount, so intervals
(login throttling, job durations) stay real while every date question gets the set day."""

from __future__ import annotations

import time as time_
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")

_verschuiving = timedelta(0)


def _echt_nu() -> datetime:
    return datetime.now(UTC)


def utcnow() -> datetime:
    """Aware UTC now on the app's clock: SQLModel stores aware datetimes and returns them in UTC."""
    return _echt_nu() + _verschuiving


def vandaag() -> date:
    """Today's date in the Netherlands, on the app's clock."""
    return utcnow().astimezone(NL).date()


def zet_vandaag(dag: date | None) -> None:
    """Make `dag` today (at the current time of day in the Netherlands); None: the real date."""
    global _verschuiving
    if dag is None:
        _verschuiving = timedelta(0)
        return
    echt = _echt_nu().astimezone(NL)
    gewenst = datetime.combine(dag, time(echt.hour, echt.minute, echt.second, echt.microsecond), NL)
    _verschuiving = gewenst - echt


def is_verzet() -> bool:
    """True when the clock has been set to another day than the real one."""
    return _verschuiving != timedelta(0)


def wandklok() -> float:
    """Seconds since the epoch on the real clock: only for comparing with what the operating
    system stamps (file modification times), which the app's clock cannot set."""
    return time_.time()
