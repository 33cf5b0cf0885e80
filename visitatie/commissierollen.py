"""The one role vocabulary of a visitation committee, shared by the planner (the pool, a plan's
assignments) and the visitation workflow (`CommissieLid`). Pure: no database, no Flask."""

from __future__ import annotations

# Code -> Dutch label, in the order a committee is listed.
COMMISSIEROLLEN: dict[str, str] = {
    "voorzitter": "Voorzitter (extern)",
    "peer": "Peer (collega van een andere omgevingsdienst)",
    "bestuurder": "Bestuurder",
    "secretaris": "Secretaris",
}
# The workflow's former "lid" became "peer" (migration 0013p).


def rol_naam(rol: str) -> str:
    """The Dutch label of a role; an unknown code is shown as it is, never an error page."""
    return COMMISSIEROLLEN.get(rol, rol)


def korte_naam(rol: str) -> str:
    """The label without its explanation ("Voorzitter", "Peer"), for tables."""
    return rol_naam(rol).split(" (")[0]


def volgorde(rol: str) -> int:
    rollen = list(COMMISSIEROLLEN)
    return rollen.index(rol) if rol in rollen else len(rollen)
