""""As known on the reference date" (pure): the one rule by which an edition, its loaders and
the council summaries read a date from a table cell and decide whether it had happened by then.
A cell is a date (PostgreSQL), ISO text (SQLite, snapshot CSV) or empty (None, NaN, "")."""

from __future__ import annotations

import math
from datetime import date


def als_datum(waarde) -> date | None:
    """The date in a table cell, None when empty."""
    if waarde is None or waarde == "" or (isinstance(waarde, float) and math.isnan(waarde)):
        return None
    return waarde if isinstance(waarde, date) else date.fromisoformat(str(waarde)[:10])


def bekend_op(waarde, peildatum: date) -> date | None:
    """The cell's date if it lies on or before the reference date, else None: what was known
    then."""
    dag = als_datum(waarde)
    return dag if dag is not None and dag <= peildatum else None
