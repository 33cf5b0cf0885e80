"""What every template gets: navigation by role, role names, date formatting."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_login import current_user

from visitatie.auth.permissions import ROLLEN, P, heeft
from visitatie.paginacache import CSRF_PLEK, CSRF_VELD
from visitatie.timeutil import NL

# (label, endpoint, permission): shown to whoever holds the permission.
NAVIGATIE: list[tuple[str, str, P]] = [
    ("Omgevingsdiensten", "register.ods", P.PUBLIEK),
    ("Gemeenten", "register.gemeenten", P.PUBLIEK),
    ("Provincies", "register.provincies", P.PUBLIEK),
    ("ILT-studies", "ilt.studies", P.PUBLIEK),
    ("Monitoring", "monitoring.overzicht", P.PUBLIEK),
    ("Staat van VTH", "publicatie.publiek", P.PUBLIEK),
    ("Edities", "publicatie.edities", P.STAAT_REDIGEREN),
    ("Visitatieplanning", "planning.rondes", P.PLANNING_LEZEN),
    ("Visiteurs", "planning.pool", P.PLANNING_BEHEREN),
    ("Visitaties", "visitaties.overzicht", P.VISITATIES_LEZEN),
    ("Visitatierapporten", "visitaties.openbaar", P.PUBLIEK),
    ("Verbeterplannen", "visitaties.verbeterplannen", P.VISITATIES_BEHEREN),
    ("Postvak", "visitaties.herinneringen", P.VISITATIES_BEHEREN),
    ("Raad en Staten", "raad.index", P.PUBLIEK),
    ("Samenvattingen bouwen", "raad.bouwen", P.RAAD_BOUWEN),
    ("Gebruikers", "auth.gebruikers", P.GEBRUIKERS_BEHEREN),
    ("Auditlog", "audit.lijst", P.AUDIT_LEZEN),
]

MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]


def datum_nl(waarde: date | datetime | None) -> str:
    if waarde is None:
        return ""
    tekst = f"{waarde.day} {MAANDEN[waarde.month - 1]} {waarde.year}"
    if isinstance(waarde, datetime):
        tekst += f", {waarde.astimezone(NL):%H:%M}"
    return tekst


def init_templates(app: Flask) -> None:
    app.jinja_env.filters["datum"] = datum_nl
    app.jinja_env.globals["ROLLEN"] = ROLLEN
    app.jinja_env.globals["csrf_veld_gecachet"] = CSRF_VELD
    app.jinja_env.globals["csrf_plek"] = CSRF_PLEK

    @app.context_processor
    def navigatie():
        items = [(label, endpoint) for label, endpoint, p in NAVIGATIE if heeft(current_user, p)]
        return {"navigatie": items, "heeft": lambda p: heeft(current_user, P(p))}
