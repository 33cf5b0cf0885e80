"""What every template gets: navigation by role, role names, date formatting."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_login import current_user

from visitatie.auth.permissions import ROLLEN, P, heeft
from visitatie.paginacache import CSRF_PLEK, CSRF_VELD
from visitatie.taal import aantal, datum_nl, getal


@dataclass(frozen=True)
class Item:
    """One menu link, shown to whoever holds its permission."""

    label: str
    endpoint: str
    permissie: P


@dataclass(frozen=True)
class Groep:
    """A top-level menu entry grouped by task: a submenu, or a plain link when a reader sees
    only one of its items."""

    label: str
    items: tuple[Item, ...]


# The one list of the main menu: at most seven groups, so no role sees more than seven entries.
# A new page joins the group of its task (or a new group, keeping the count in mind).
NAVIGATIE: list[Groep] = [
    Groep("Start", (Item("Start", "core.home", P.PUBLIEK),)),
    Groep("Register", (
        Item("Omgevingsdiensten", "register.ods", P.PUBLIEK),
        Item("Gemeenten", "register.gemeenten", P.PUBLIEK),
        Item("Provincies", "register.provincies", P.PUBLIEK),
    )),
    Groep("Visitaties", (
        Item("Visitaties", "visitaties.overzicht", P.VISITATIES_LEZEN),
        Item("Visitatieplanning", "planning.rondes", P.PLANNING_LEZEN),
        Item("Visiteurs", "planning.pool", P.PLANNING_BEHEREN),
        Item("Verbeterplannen", "visitaties.verbeterplannen", P.VISITATIES_BEHEREN),
        Item("Postvak herinneringen", "visitaties.herinneringen", P.VISITATIES_BEHEREN),
        Item("Visitatierapporten", "visitaties.openbaar", P.PUBLIEK),
    )),
    Groep("ILT-studies", (Item("ILT-studies", "ilt.studies", P.PUBLIEK),)),
    Groep("Staat van VTH", (
        Item("Staat van VTH", "publicatie.publiek", P.PUBLIEK),
        Item("Monitoring", "monitoring.overzicht", P.PUBLIEK),
        Item("Edities schrijven", "publicatie.edities", P.STAAT_REDIGEREN),
    )),
    Groep("Raad en Staten", (
        Item("Raad en Staten", "raad.index", P.PUBLIEK),
        Item("Samenvattingen bouwen", "raad.bouwen", P.RAAD_BOUWEN),
    )),
    Groep("Beheer", (
        Item("Gebruikers", "auth.gebruikers", P.GEBRUIKERS_BEHEREN),
        Item("Auditlog", "audit.lijst", P.AUDIT_LEZEN),
    )),
]


@dataclass(frozen=True)
class Menugroep:
    """A group as one reader sees it: only the items they may open."""

    label: str
    items: tuple[Item, ...]

    @property
    def enkel(self) -> Item | None:
        """The one item of a group that shows as a plain link."""
        return self.items[0] if len(self.items) == 1 else None

    def bevat(self, endpoint: str | None) -> bool:
        return any(i.endpoint == endpoint for i in self.items)


def menu_voor(gebruiker) -> list[Menugroep]:
    """The main menu of this reader: groups with at least one item they may open."""
    groepen = [Menugroep(g.label, tuple(i for i in g.items if heeft(gebruiker, i.permissie)))
               for g in NAVIGATIE]
    return [g for g in groepen if g.items]


def init_templates(app: Flask) -> None:
    app.jinja_env.filters["datum"] = datum_nl
    app.jinja_env.filters["getal"] = getal
    app.jinja_env.globals["aantal"] = aantal
    app.jinja_env.globals["ROLLEN"] = ROLLEN
    app.jinja_env.globals["csrf_veld_gecachet"] = CSRF_VELD
    app.jinja_env.globals["csrf_plek"] = CSRF_PLEK

    @app.context_processor
    def navigatie():
        return {"navigatie": menu_voor(current_user), "heeft": lambda p: heeft(current_user, P(p))}
