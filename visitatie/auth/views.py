from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlmodel import select

from visitatie.auth.forms import GebruikerForm, InlogForm
from visitatie.auth.models import Gebruiker
from visitatie.auth.operations import TeVeelPogingen, controleer_inlog, maak_gebruiker
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.register.models import Omgevingsdienst
from visitatie.register.operations import geldig_op
from visitatie.timeutil import vandaag

bp = Blueprint("auth", __name__)


@bp.route("/inloggen", methods=["GET", "POST"])
@vereist(P.PUBLIEK)
def inloggen():
    form = InlogForm()
    status = 200
    if form.validate_on_submit():
        db = get_db()
        try:
            gebruiker = controleer_inlog(
                db, email=form.email.data, wachtwoord=form.wachtwoord.data,
                ip=request.remote_addr or "?", max_fouten=current_app.config["LOGIN_MAX_FAILURES"],
                blokkeer_minuten=current_app.config["LOGIN_LOCK_MINUTES"])
        except TeVeelPogingen as fout:
            flash(fout.boodschap, "error")
            return render_template("auth/inloggen.html", form=form), 429
        db.commit()
        if gebruiker:
            login_user(gebruiker)
            return redirect(_veilige_volgende(request.args.get("next")))
        flash("Deze combinatie van e-mailadres en wachtwoord is onbekend.", "error")
        status = 401
    elif form.is_submitted():
        status = 400
    return render_template("auth/inloggen.html", form=form), status


def _veilige_volgende(doel: str | None) -> str:
    """Only same-site paths: an open redirect after login would help phishing."""
    if doel and doel.startswith("/") and not doel.startswith("//") and not urlsplit(doel).netloc:
        return doel
    return url_for("core.home")


@bp.post("/uitloggen")
@vereist(P.INGELOGD)
def uitloggen():
    logout_user()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("core.home"))


@bp.get("/account")
@vereist(P.INGELOGD)
def account():
    od = get_db().get(Omgevingsdienst, current_user.od_code) if current_user.od_code else None
    return render_template("auth/account.html", od=od)


@bp.get("/gebruikers")
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruikers():
    lijst = get_db().exec(select(Gebruiker).order_by(Gebruiker.rol, Gebruiker.email)).all()
    return render_template("auth/gebruikers.html", gebruikers=lijst)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker_nieuw():
    db = get_db()
    ods = db.exec(select(Omgevingsdienst).where(geldig_op(Omgevingsdienst, vandaag()))
                  .order_by(Omgevingsdienst.naam)).all()
    form = GebruikerForm(od_keuzes=[(od.code, od.naam) for od in ods])
    if form.validate_on_submit():
        try:
            gebruiker = maak_gebruiker(db, email=form.email.data, naam=form.naam.data or "",
                                       rol=form.rol.data, od_code=form.od_code.data or None,
                                       wachtwoord=form.wachtwoord.data)
        except DomeinFout as fout:
            getattr(form, fout.veld or "email").errors.append(fout.boodschap)
        else:
            db.commit()
            flash(f"Account {gebruiker.email} aangemaakt.", "success")
            return redirect(url_for("auth.gebruikers"))
    status = 422 if form.errors else 200
    return render_template("auth/gebruiker_nieuw.html", form=form), status
