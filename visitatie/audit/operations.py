"""The one way to write an audit line. Every operation that writes calls `log`."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlmodel import Session, SQLModel

from visitatie.audit.models import AuditRegel

GEHEIM = {"wachtwoord_hash"}


def als_dict(obj: SQLModel | dict | None) -> dict | None:
    """A JSON-safe picture of an object, without secrets."""
    if obj is None:
        return None
    data = obj if isinstance(obj, dict) else obj.model_dump()
    return {k: _json_waarde(v) for k, v in data.items() if k not in GEHEIM}


def _json_waarde(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date | datetime) else v


def log(db: Session, *, actie: str, object_type: str, object_id: Any = "",
        voor: SQLModel | dict | None = None, na: SQLModel | dict | None = None) -> AuditRegel:
    gebruiker = current_user if has_request_context() and current_user.is_authenticated else None
    regel = AuditRegel(
        gebruiker_id=gebruiker.id if gebruiker else None,
        gebruiker_email=gebruiker.email if gebruiker else "systeem",
        actie=actie, object_type=object_type, object_id=str(object_id),
        voor=_dump(als_dict(voor)), na=_dump(als_dict(na)))
    db.add(regel)
    return regel


def _dump(data: dict | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True)
