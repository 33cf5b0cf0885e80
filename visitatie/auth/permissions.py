"""Roles and permissions. Every route declares exactly one permission with `@vereist(...)`;
a route without one is refused (fail closed), and the access-matrix test enumerates them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum

from flask import abort
from flask_login import current_user

# The roles live in a pure module (the audit log names them without importing auth); they are
# re-exported here for the views, forms and tests that read them with the permissions.
from visitatie.accountrollen import OD_GEBONDEN_ROLLEN, ROLLEN  # noqa: F401


class P(StrEnum):
    """Permissions. PUBLIEK: anyone; INGELOGD: any account; the rest per role below."""

    PUBLIEK = "publiek"
    INGELOGD = "ingelogd"
    AUDIT_LEZEN = "audit.lezen"
    GEBRUIKERS_BEHEREN = "gebruikers.beheren"
    REGISTER_BEHEREN = "register.beheren"
    ILT_ALLES_LEZEN = "ilt.alles_lezen"  # also concept studies
    ILT_BEHEREN = "ilt.beheren"  # studies, findings, import, report upload
    ILT_OPVOLGEN = "ilt.opvolgen"  # follow-up of findings (an OD user: only its own OD)
    MONITORING_BEHEREN = "monitoring.beheren"  # national data: imports, assessments
    MONITORING_INVOEREN = "monitoring.invoeren"  # documents and corrections (own OD when OD-bound)
    PLANNING_LEZEN = "planning.lezen"
    PLANNING_BEHEREN = "planning.beheren"
    PLANNING_WEKEN = "planning.weken_blokkeren"  # an OD blocks weeks of its own window
    VISITATIES_LEZEN = "visitaties.lezen"
    VISITATIES_WERKEN = "visitaties.werken"
    COMMISSIEWERK = "visitaties.commissiewerk"
    VISITATIES_BEHEREN = "visitaties.beheren"
    STAAT_REDIGEREN = "staat.redigeren"  # editions: narrative, builds, adopting, concept downloads
    STAAT_PUBLICEREN = "staat.publiceren"  # publishing an adopted edition
    RAAD_BOUWEN = "raad.bouwen"  # build all council summaries of an edition (background job)


ROL_PERMISSIES: dict[str, frozenset[P]] = {
    "beheerder": frozenset(P),
    "coordinator": frozenset({P.INGELOGD, P.AUDIT_LEZEN, P.REGISTER_BEHEREN, P.ILT_ALLES_LEZEN,
                              P.MONITORING_BEHEREN, P.MONITORING_INVOEREN, P.PLANNING_LEZEN,
                              P.PLANNING_BEHEREN, P.PLANNING_WEKEN, P.VISITATIES_LEZEN,
                              P.VISITATIES_WERKEN, P.VISITATIES_BEHEREN, P.STAAT_REDIGEREN,
                              P.STAAT_PUBLICEREN, P.RAAD_BOUWEN}),
    "commissielid": frozenset({P.INGELOGD, P.PLANNING_LEZEN, P.VISITATIES_LEZEN, P.VISITATIES_WERKEN,
                               P.COMMISSIEWERK}),
    "od_medewerker": frozenset({P.INGELOGD, P.ILT_OPVOLGEN, P.MONITORING_INVOEREN, P.PLANNING_LEZEN,
                                P.PLANNING_WEKEN, P.VISITATIES_LEZEN, P.VISITATIES_WERKEN}),
    "ilt_inspecteur": frozenset({P.INGELOGD, P.ILT_ALLES_LEZEN, P.ILT_BEHEREN, P.ILT_OPVOLGEN,
                                 P.PLANNING_LEZEN, P.VISITATIES_LEZEN}),
    "redacteur": frozenset({P.INGELOGD, P.ILT_ALLES_LEZEN, P.PLANNING_LEZEN, P.VISITATIES_LEZEN,
                            P.STAAT_REDIGEREN, P.RAAD_BOUWEN}),
    "lezer": frozenset({P.INGELOGD, P.VISITATIES_LEZEN}),
}


def heeft(gebruiker, permissie: P) -> bool:
    if permissie == P.PUBLIEK:
        return True
    if not gebruiker.is_authenticated:
        return False
    return permissie in ROL_PERMISSIES.get(gebruiker.rol, frozenset())


def vereist(permissie: P) -> Callable:
    """Declare and enforce the permission of a view."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if permissie != P.PUBLIEK and not current_user.is_authenticated:
                from visitatie.extensions import login_manager

                return login_manager.unauthorized()
            if not heeft(current_user, permissie):
                abort(403)
            return view(*args, **kwargs)

        wrapper.vth_permissie = permissie
        return wrapper

    return decorator


def ziet_interne_gegevens_van(gebruiker, od_code: str) -> bool:
    """Non-public data of an OD: programme-wide roles see all, an OD-bound role only its own."""
    if not gebruiker.is_authenticated or gebruiker.rol == "lezer":
        return False
    if gebruiker.rol in OD_GEBONDEN_ROLLEN:
        return gebruiker.od_code == od_code
    return True
