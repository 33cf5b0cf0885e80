"""Single sign-on with OpenID Connect (Authlib): authorization code flow with PKCE, the issuer
checked exactly (discovery document and ID token), the ID token's signature, audience, expiry
and nonce checked by Authlib, the state single-use (kept in the session, dropped when used).

An account is found, never made: by the e-mail claim when the provider says it is verified
(`email_verified`), or by a configured claim (VTH_OIDC_CLAIM, e.g. `preferred_username` or
`upn` for Entra ID) whose value is the account's e-mail address. Role and OD stay the
beheerder's. Tokens are checked against real time, as the provider issues them: the app's own
(demo) clock plays no part in a security check."""

from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, flash, redirect, session, url_for
from joserfc.errors import JoseError
from sqlmodel import Session, select

from visitatie.audit.operations import NIET_INGELOGD, log
from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import P, vereist
from visitatie.auth.sessies import SSO_IN_SESSIE
from visitatie.auth.views import bp, client_adres, meld_aan
from visitatie.config import ConfigFout
from visitatie.db import get_db

FOUTEN = (AuthlibBaseError, JoseError, requests.RequestException, KeyError, ValueError)


class SsoFout(Exception):
    """Signing in through the identity provider failed; the message is for the user."""


def sso_aan(config) -> bool:
    return bool(config.get("OIDC_ISSUER"))


def init_sso(app: Flask) -> None:
    c = app.config
    if c["LOKAAL_INLOGGEN"] not in ("aan", "uit"):
        raise ConfigFout("VTH_LOKAAL_INLOGGEN moet 'aan' of 'uit' zijn.")
    if not sso_aan(c):
        if c["LOKAAL_INLOGGEN"] == "uit":
            raise ConfigFout("VTH_LOKAAL_INLOGGEN=uit kan alleen met VTH_OIDC_ISSUER: anders kan "
                             "niemand inloggen.")
        return
    if not (c["OIDC_CLIENT_ID"] and c["OIDC_CLIENT_SECRET"]):
        raise ConfigFout("Zet VTH_OIDC_CLIENT_ID en VTH_OIDC_CLIENT_SECRET bij VTH_OIDC_ISSUER.")
    oauth = OAuth(app)
    oauth.register(
        "idp", client_id=c["OIDC_CLIENT_ID"], client_secret=c["OIDC_CLIENT_SECRET"],
        server_metadata_url=c["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"})
    app.extensions["vth_oidc"] = oauth


def _client():
    oauth = current_app.extensions.get("vth_oidc")
    if oauth is None:
        abort(404)
    return oauth.idp


def _controleer_uitgever(client) -> None:
    """The discovery document must name exactly the configured issuer (OpenID Connect
    Discovery 1.0, section 4.3)."""
    uitgever = client.load_server_metadata().get("issuer")
    if uitgever != current_app.config["OIDC_ISSUER"]:
        raise SsoFout("Het identiteitsplatform noemt een andere uitgever dan ingesteld.")


@bp.get("/inloggen/sso")
@vereist(P.PUBLIEK)
def sso():
    client = _client()
    try:
        _controleer_uitgever(client)
        return client.authorize_redirect(url_for("auth.sso_terug", _external=True))
    except (SsoFout, *FOUTEN) as fout:
        return _mislukt(get_db(), fout)


@bp.get("/inloggen/sso/terug")
@vereist(P.PUBLIEK)
def sso_terug():
    client, db = _client(), get_db()
    try:
        _controleer_uitgever(client)
        token = client.authorize_access_token(
            claims_options={"iss": {"essential": True, "value": current_app.config["OIDC_ISSUER"]}},
            leeway=current_app.config["OIDC_LEEWAY"])
        gebruiker = zoek_account(db, token.get("userinfo") or {}, current_app.config["OIDC_CLAIM"])
    except (SsoFout, *FOUTEN) as fout:
        return _mislukt(db, fout)
    antwoord = meld_aan(db, gebruiker, "eenmalige aanmelding", url_for("core.home"))
    session[SSO_IN_SESSIE] = True
    return antwoord


def zoek_account(db: Session, claims: dict, claim: str) -> Gebruiker:
    """The active account the claims name; SsoFout when there is none (none is ever made)."""
    if claim == "email" and claims.get("email_verified") is not True:
        raise SsoFout("Het identiteitsplatform bevestigt uw e-mailadres niet.")
    waarde = str(claims.get(claim) or "").strip().lower()
    gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == waarde)).first() if waarde else None
    if gebruiker is None or not gebruiker.actief:
        raise SsoFout(f"Er is geen actief account voor {waarde or 'u'}. Vraag de beheerder van "
                      "Staat van VTH om een account; die kent ook uw rol toe.")
    return gebruiker


def _mislukt(db: Session, fout: Exception):
    reden = str(fout) if isinstance(fout, SsoFout) else type(fout).__name__
    log(db, actie="inloggen.mislukt", object_type="inloggen", object_id="sso",
        door=NIET_INGELOGD, na={"wijze": "eenmalige aanmelding", "reden": reden,
                                "adres": client_adres()})
    db.commit()
    current_app.logger.warning("eenmalige aanmelding mislukt: %r", fout)
    boodschap = str(fout) if isinstance(fout, SsoFout) else (
        "Inloggen via uw organisatie is niet gelukt (de aanmelding was ongeldig, verlopen of al "
        "gebruikt). Probeer het opnieuw.")
    flash(boodschap, "error")
    return redirect(url_for("auth.inloggen"))
