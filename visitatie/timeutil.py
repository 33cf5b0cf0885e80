from datetime import UTC, datetime
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """Aware UTC now: SQLModel stores aware datetimes and returns them in UTC."""
    return datetime.now(UTC)


def vandaag():
    """Today's date in the Netherlands."""
    return datetime.now(NL).date()
