"""Signing in and out, and what an account holder does for themselves."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlmodel import select

from visitatie.auth import mail
from visitatie.auth.forms import InlogForm, NieuwWachtwoordForm, VergetenForm, WachtwoordWijzigForm
from visitatie.auth.inloggen import Inlogregels, TeVeelPogingen, controleer_inlog
from visitatie.auth.models import Gebruiker
from visitatie.auth.operations import (
    TOKEN_GELDIG,
    gebruik_token,
    geldig_token,
    maak_herstel_token,
    registreer_inlog,
    wijzig_wachtwoord,
)
from visitatie.auth.operations import uitloggen as uitlog
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.register.models import Omgevingsdienst

bp = Blueprint("auth", __name__)
TWEEDE_STAP = "vth_tweede_stap"  # in the session: the account that passed its password


def inlogregels() -> Inlogregels:
    c = current_app.config
    return Inlogregels(c["LOGIN_MAX_FAILURES"], c["LOGIN_LOCK_MINUTES"], c["LOGIN_MAX_VERTRAGING"])


def client_adres() -> str:
    """The client's address: behind VTH_PROXY_HOPS proxies, ProxyFix has put it here."""
    return request.remote_addr or "?"


@bp.route("/inloggen", methods=["GET", "POST"])
@vereist(P.PUBLIEK)
def inloggen():
    form = InlogForm()
    status = 200
    if not current_app.config["LOKAAL_INLOGGEN"] == "aan":
        if form.is_submitted():
            flash("Inloggen met een wachtwoord staat uit; log in via uw organisatie.", "error")
            status = 403
        return render_template("auth/inloggen.html", form=None), status
    if form.validate_on_submit():
        db = get_db()
        try:
            uitslag = controleer_inlog(db, email=form.email.data, wachtwoord=form.wachtwoord.data,
                                       ip=client_adres(), regels=inlogregels())
        except TeVeelPogingen as fout:
            db.commit()
            flash(fout.boodschap, "error")
            return render_template("auth/inloggen.html", form=form), 429
        time.sleep(uitslag.vertraging)  # an account with many failures answers slowly, never locks
        if uitslag.gebruiker:
            return _na_wachtwoord(db, uitslag.gebruiker)
        db.commit()
        flash("Deze combinatie van e-mailadres en wachtwoord is onbekend.", "error")
        status = 401
    elif form.is_submitted():
        status = 400
    return render_template("auth/inloggen.html", form=form), status


def _na_wachtwoord(db, gebruiker: Gebruiker):
    """The password was right: sign in, or ask for the second factor first."""
    volgende = _veilige_volgende(request.args.get("next"))
    if gebruiker.totp_actief:
        db.commit()
        session[TWEEDE_STAP] = {"id": gebruiker.get_id(), "volgende": volgende}
        return redirect(url_for("auth.tweede_stap"))
    return meld_aan(db, gebruiker, "wachtwoord", volgende)


def meld_aan(db, gebruiker: Gebruiker, wijze: str, volgende: str):
    registreer_inlog(db, gebruiker=gebruiker, adres=client_adres(), wijze=wijze)
    db.commit()
    session.pop(TWEEDE_STAP, None)
    login_user(gebruiker)
    return redirect(volgende)


def _veilige_volgende(doel: str | None) -> str:
    """Only same-site paths: an open redirect after login would help phishing."""
    if doel and doel.startswith("/") and not doel.startswith("//") and not urlsplit(doel).netloc:
        return doel
    return url_for("core.home")


@bp.post("/uitloggen")
@vereist(P.INGELOGD)
def uitloggen():
    db = get_db()
    uitlog(db, gebruiker=db.get(Gebruiker, current_user.id))
    db.commit()
    logout_user()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("core.home"))


@bp.get("/account")
@vereist(P.INGELOGD)
def account():
    od = get_db().get(Omgevingsdienst, current_user.od_code) if current_user.od_code else None
    return render_template("auth/account.html", od=od)


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@vereist(P.INGELOGD)
def wachtwoord_wijzigen():
    form = WachtwoordWijzigForm()
    if form.validate_on_submit():
        db = get_db()
        gebruiker = db.get(Gebruiker, current_user.id)
        try:
            wijzig_wachtwoord(db, gebruiker=gebruiker, huidig=form.huidig.data,
                              nieuw=form.wachtwoord.data)
        except DomeinFout as fout:
            getattr(form, fout.veld or "wachtwoord").errors.append(fout.boodschap)
        else:
            db.commit()
            login_user(gebruiker)  # this session goes on under the new version; all others end
            flash("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.", "success")
            return redirect(url_for("auth.account"))
    status = 422 if form.errors else 200
    return render_template("auth/wachtwoord_wijzigen.html", form=form), status


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@vereist(P.PUBLIEK)
def wachtwoord_vergeten():
    """Always the same answer, whether or not the address has an account."""
    if current_app.config["LOKAAL_INLOGGEN"] != "aan":
        flash("Inloggen met een wachtwoord staat uit; log in via uw organisatie.", "info")
        return redirect(url_for("auth.inloggen"))
    form = VergetenForm()
    if form.validate_on_submit():
        db = get_db()
        email = form.email.data.strip().lower()
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).first()
        if gebruiker and gebruiker.actief and mail.mail_ingesteld(current_app.config):
            stuur_herstellink(db, gebruiker, "wachtwoord vergeten")
        db.commit()
        flash("Als dit adres bij ons bekend is, staat er binnen enkele minuten een e-mail met een "
              "link klaar. De link werkt één keer en "
              f"{int(TOKEN_GELDIG.total_seconds() // 60)} minuten lang.", "info")
        return redirect(url_for("auth.inloggen"))
    status = 422 if form.errors else 200
    return render_template("auth/wachtwoord_vergeten.html", form=form), status


def stuur_herstellink(db, gebruiker: Gebruiker, aanvraag: str) -> None:
    token = maak_herstel_token(db, gebruiker=gebruiker, aanvraag=aanvraag)
    link = url_for("auth.wachtwoord_herstellen", token=token, _external=True)
    mail.verstuur(current_app.config, aan=gebruiker.email, onderwerp="Nieuw wachtwoord kiezen",
                  tekst=mail.herstel_tekst(link, int(TOKEN_GELDIG.total_seconds() // 60)))


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@vereist(P.PUBLIEK)
def wachtwoord_herstellen(token: str):
    db = get_db()
    if geldig_token(db, token) is None:
        flash("Deze link is verlopen of al gebruikt. Vraag hieronder een nieuwe aan.", "error")
        return redirect(url_for("auth.wachtwoord_vergeten"))
    form = NieuwWachtwoordForm()
    if form.validate_on_submit():
        try:
            gebruik_token(db, token=token, nieuw=form.wachtwoord.data)
        except DomeinFout as fout:
            form.wachtwoord.errors.append(fout.boodschap)
        else:
            db.commit()
            logout_user()
            flash("Uw nieuwe wachtwoord is ingesteld. Log ermee in.", "success")
            return redirect(url_for("auth.inloggen"))
    status = 422 if form.errors else 200
    return render_template("auth/wachtwoord_herstellen.html", form=form), status


from visitatie.auth import beheer, sso, tweestaps  # noqa: E402, F401  (their routes are on `bp`)
