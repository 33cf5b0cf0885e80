"""What every signed-in request must satisfy before it reaches its view: a temporary password
is replaced first, and with VTH_MFA=verplicht a role that sees non-public data sets up its
second factor first."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, session, url_for
from flask_login import current_user

from visitatie.auth.permissions import ROLLEN
from visitatie.config import ConfigFout

SSO_IN_SESSIE = "vth_sso"  # set by visitatie.auth.sso
MFA_KEUZES = ("uit", "optioneel", "verplicht")
MFA_ROLLEN = frozenset(ROLLEN) - {"lezer"}  # every role that sees non-public data
# Where a signed-in user may go while a step is still owed.
ALTIJD_OPEN = {"static", "auth.uitloggen", "auth.wachtwoord_wijzigen", "auth.totp_instellen",
               "core.healthz", "core.readyz"}


def mfa_verplicht_voor(rol: str, beleid: str) -> bool:
    return beleid == "verplicht" and rol in MFA_ROLLEN


def init_sessies(app: Flask) -> None:
    if app.config["MFA"] not in MFA_KEUZES:
        raise ConfigFout(f"VTH_MFA={app.config['MFA']!r} is onbekend; kies uit "
                         f"{', '.join(MFA_KEUZES)}.")
    if app.config["PROXY_HOPS"] < 0:
        raise ConfigFout("VTH_PROXY_HOPS moet 0 of meer zijn: het aantal proxy's voor de app.")

    @app.before_request
    def openstaande_stap():
        if not current_user.is_authenticated or request.endpoint in ALTIJD_OPEN:
            return None
        if current_user.moet_wachtwoord_wijzigen:
            flash("Kies eerst een eigen wachtwoord in plaats van het tijdelijke.", "info")
            return redirect(url_for("auth.wachtwoord_wijzigen"))
        if (mfa_verplicht_voor(current_user.rol, app.config["MFA"]) and not current_user.totp_actief
                and not session.get(SSO_IN_SESSIE)):  # the identity provider asked the factors
            flash("Stel eerst tweestapsverificatie in; dat is verplicht voor uw rol.", "info")
            return redirect(url_for("auth.totp_instellen"))
        return None
