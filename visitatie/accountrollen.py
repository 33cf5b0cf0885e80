"""The roles of an account (code -> Dutch label), read by the permissions, the account
operations and the audit log in words. Pure: no database, no Flask, so the audit log (the
lowest domain layer) can name a role without depending on `auth`."""

from __future__ import annotations

ROLLEN: dict[str, str] = {
    "beheerder": "Beheerder",
    "coordinator": "Coördinator programmabureau",
    "commissielid": "Lid visitatiecommissie",
    "od_medewerker": "Medewerker omgevingsdienst",
    "ilt_inspecteur": "Inspecteur ILT",
    "redacteur": "Redacteur Staat van VTH",
    "lezer": "Lezer",
}
OD_GEBONDEN_ROLLEN = {"od_medewerker"}
