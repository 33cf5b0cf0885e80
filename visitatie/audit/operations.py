"""The one way to write an audit line. Every operation that writes calls `log`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlmodel import Session, SQLModel

from visitatie.audit.models import AuditRegel

GEHEIM = {"wachtwoord_hash", "totp_geheim"}
SYSTEEM = "systeem"
NIET_INGELOGD = "niet ingelogd"  # a failed sign-in: nobody is signed in yet
GEWIJZIGD = "gewijzigd"  # stands in for a confidential value that changed

# Who acts outside a request: a background job started by a person acts for that person.
_namens: ContextVar[tuple[int | None, str] | None] = ContextVar("vth_audit_namens", default=None)


@contextmanager
def namens(gebruiker_id: int | None, email: str) -> Iterator[None]:
    """Credit every audit line written inside this block to the given account."""
    token = _namens.set((gebruiker_id, email))
    try:
        yield
    finally:
        _namens.reset(token)


def als_dict(obj: SQLModel | dict | None) -> dict | None:
    """A JSON-safe picture of an object, without secrets."""
    if obj is None:
        return None
    data = obj if isinstance(obj, dict) else obj.model_dump()
    return {k: _json_waarde(v) for k, v in data.items() if k not in GEHEIM}


def _json_waarde(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date | datetime) else v


def log(db: Session, *, actie: str, object_type: str, object_id: Any = "",
        voor: SQLModel | dict | None = None, na: SQLModel | dict | None = None,
        door: Any = None) -> AuditRegel:
    """`door`: who acted when it is not the signed-in user (an account at sign-in, or a label
    such as NIET_INGELOGD); by default the signed-in user, the job's starter, or "systeem"."""
    gebruiker_id, email = _wie(door)
    regel = AuditRegel(
        gebruiker_id=gebruiker_id, gebruiker_email=email,
        actie=actie, object_type=object_type, object_id=str(object_id),
        voor=_dump(als_dict(voor)), na=_dump(als_dict(na)))
    db.add(regel)
    return regel


def _wie(door: Any) -> tuple[int | None, str]:
    if isinstance(door, str):
        return None, door
    if door is not None:
        return door.id, door.email
    if has_request_context() and current_user.is_authenticated:
        return current_user.id, current_user.email
    return _namens.get() or (None, SYSTEEM)


def _dump(data: dict | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True)
