"""The app's one clock. Every "today" and "now" of a domain decision is read here and nowhere
else: a ruff rule (TID251 in pyproject.toml) refuses the standard library's wall-clock reads
in every other module.

The clock can be set to another day (`zet_vandaag`): the demo describes a fixed day, and the
tests freeze one. A set day starts at noon in the Netherlands and time keeps running from
there, shifted by a fixed amount: intervals (login throttling, job durations) stay real, and a
test run or demo session of up to twelve hours stays on the set day even when the real clock
passes midnight."""

from __future__ import annotations

import time as time_
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")
MIDDAG = time(12)

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
    """Make `dag` today, from noon in the Netherlands on; None: the real date."""
    global _verschuiving
    if dag is None:
        _verschuiving = timedelta(0)
        return
    _verschuiving = datetime.combine(dag, MIDDAG, NL) - _echt_nu()


def is_verzet() -> bool:
    """True when the clock has been set to another day than the real one."""
    return _verschuiving != timedelta(0)


# The dates the app accepts from anyone (forms, imports, query strings, rows): one range for
# every input, so a typo such as 9999-12-31 is refused at the door and never breaks a page.
EERSTE_DAG, LAATSTE_DAG = date(2000, 1, 1), date(2100, 12, 31)
BUITEN_DATUMS = "Kies een datum tussen 1-1-2000 en 31-12-2100."


def redelijke_dag(dag: date | datetime) -> bool:
    return EERSTE_DAG <= (dag.date() if isinstance(dag, datetime) else dag) <= LAATSTE_DAG


def wandklok() -> float:
    """Seconds since the epoch on the real clock: only for comparing with what the operating
    system stamps (file modification times), which the app's clock cannot set."""
    return time_.time()
