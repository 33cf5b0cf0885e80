"""Account management for the beheerder: list with filters, create, edit, block, reset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import Session, or_, select

from visitatie.auth import mail
from visitatie.auth.forms import GebruikerForm, GebruikerWijzigForm, LegeForm
from visitatie.auth.models import Gebruiker
from visitatie.auth.operations import maak_gebruiker, tijdelijk_wachtwoord, wijzig_gebruiker, zet_actief
from visitatie.auth.permissions import ROLLEN, P, vereist
from visitatie.auth.tweestaps import herstel_tweestaps
from visitatie.auth.views import bp, stuur_herstellink
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.register.models import Omgevingsdienst
from visitatie.register.operations import geldig_op
from visitatie.timeutil import utcnow, vandaag

STATUSSEN = {"actief": "Actief", "geblokkeerd": "Geblokkeerd"}
LAATST_INGELOGD = {"nooit": "Nog nooit ingelogd", "90": "Niet in de laatste 90 dagen",
                   "30": "In de laatste 30 dagen"}


@dataclass(frozen=True)
class Filter:
    rol: str = ""
    od: str = ""
    status: str = ""
    inlog: str = ""

    @classmethod
    def uit_verzoek(cls) -> Filter:
        a = request.args
        return cls(*(a.get(k, "").strip() for k in ("rol", "od", "status", "inlog")))

    def query(self):
        q = select(Gebruiker)
        if self.rol in ROLLEN:
            q = q.where(Gebruiker.rol == self.rol)
        if self.od:
            q = q.where(Gebruiker.od_code == self.od)
        if self.status in STATUSSEN:
            q = q.where(Gebruiker.actief.is_(self.status == "actief"))
        return self._op_inlog(q)

    def _op_inlog(self, q):
        if self.inlog == "nooit":
            return q.where(Gebruiker.laatst_ingelogd.is_(None))
        if self.inlog in ("30", "90"):
            grens = utcnow() - timedelta(days=int(self.inlog))
            if self.inlog == "30":
                return q.where(Gebruiker.laatst_ingelogd >= grens)
            return q.where(or_(Gebruiker.laatst_ingelogd.is_(None),
                               Gebruiker.laatst_ingelogd < grens))
        return q


def _ods(db: Session) -> list[Omgevingsdienst]:
    return db.exec(select(Omgevingsdienst).where(geldig_op(Omgevingsdienst, vandaag()))
                   .order_by(Omgevingsdienst.naam)).all()


def get_gebruiker_or_404(db: Session, gebruiker_id: int) -> Gebruiker:
    gebruiker = db.get(Gebruiker, gebruiker_id)
    if gebruiker is None:
        abort(404)
    return gebruiker


@bp.get("/gebruikers")
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruikers():
    db, filter_ = get_db(), Filter.uit_verzoek()
    lijst = db.exec(filter_.query().order_by(Gebruiker.rol, Gebruiker.email)).all()
    return render_template("auth/gebruikers.html", gebruikers=lijst, filter=filter_, ods=_ods(db),
                           statussen=STATUSSEN, laatst_ingelogd=LAATST_INGELOGD)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker_nieuw():
    db = get_db()
    form = GebruikerForm(od_keuzes=[(od.code, od.naam) for od in _ods(db)])
    if form.validate_on_submit():
        try:
            gebruiker = maak_gebruiker(db, email=form.email.data, naam=form.naam.data or "",
                                       rol=form.rol.data, od_code=form.od_code.data or None,
                                       wachtwoord=form.wachtwoord.data, tijdelijk=True)
        except DomeinFout as fout:
            getattr(form, fout.veld or "email").errors.append(fout.boodschap)
        else:
            db.commit()
            flash(f"Account {gebruiker.email} aangemaakt. Bij de eerste keer inloggen kiest "
                  "de gebruiker een eigen wachtwoord.", "success")
            return redirect(url_for("auth.gebruikers"))
    status = 422 if form.errors else 200
    return render_template("auth/gebruiker_nieuw.html", form=form), status


@bp.route("/gebruikers/<int:gebruiker_id>", methods=["GET", "POST"])
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker(gebruiker_id: int):
    db = get_db()
    account = get_gebruiker_or_404(db, gebruiker_id)
    form = GebruikerWijzigForm(obj=account, od_keuzes=[(od.code, od.naam) for od in _ods(db)])
    if form.validate_on_submit():
        try:
            wijzig_gebruiker(db, gebruiker=account, email=form.email.data,
                             naam=form.naam.data or "", rol=form.rol.data,
                             od_code=form.od_code.data or None)
        except DomeinFout as fout:
            getattr(form, fout.veld or "email").errors.append(fout.boodschap)
        else:
            db.commit()
            flash(f"Account {account.email} gewijzigd.", "success")
            return redirect(url_for("auth.gebruiker", gebruiker_id=account.id))
    status = 422 if form.errors else 200
    return render_template("auth/gebruiker.html", form=form, account=account, knop=LegeForm(),
                           mail_ingesteld=mail.mail_ingesteld(current_app.config)), status


def _actie(gebruiker_id: int, doe, melding: str):
    """A button on the account page: CSRF-checked, done, committed, back to the page."""
    if not LegeForm().validate_on_submit():
        abort(400)
    db = get_db()
    account = get_gebruiker_or_404(db, gebruiker_id)
    doe(db, account)
    db.commit()
    flash(melding.format(email=account.email), "success")
    return redirect(url_for("auth.gebruiker", gebruiker_id=account.id))


@bp.post("/gebruikers/<int:gebruiker_id>/blokkeren")
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker_blokkeren(gebruiker_id: int):
    if gebruiker_id == current_user.id:  # the last beheerder must not lock everyone out
        flash("U kunt uw eigen account niet blokkeren; vraag dat een andere beheerder.", "error")
        return redirect(url_for("auth.gebruiker", gebruiker_id=gebruiker_id))
    return _actie(gebruiker_id, lambda db, g: zet_actief(db, gebruiker=g, actief=False),
                  "Account {email} geblokkeerd; open sessies zijn beëindigd.")


@bp.post("/gebruikers/<int:gebruiker_id>/deblokkeren")
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker_deblokkeren(gebruiker_id: int):
    return _actie(gebruiker_id, lambda db, g: zet_actief(db, gebruiker=g, actief=True),
                  "Account {email} is weer actief.")


@bp.post("/gebruikers/<int:gebruiker_id>/tweestaps-herstellen")
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker_tweestaps_herstellen(gebruiker_id: int):
    return _actie(gebruiker_id, lambda db, g: herstel_tweestaps(db, gebruiker=g),
                  "De tweestapsverificatie van {email} is verwijderd; bij de volgende keer "
                  "inloggen stelt de gebruiker een nieuwe in.")


@bp.post("/gebruikers/<int:gebruiker_id>/herstellink")
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker_herstellink(gebruiker_id: int):
    if not mail.mail_ingesteld(current_app.config):
        flash("Er is geen mailserver ingesteld (VTH_SMTP_HOST); kies een tijdelijk wachtwoord.",
              "error")
        return redirect(url_for("auth.gebruiker", gebruiker_id=gebruiker_id))
    return _actie(gebruiker_id, lambda db, g: stuur_herstellink(db, g, "beheerder"),
                  "Er is een link om een nieuw wachtwoord te kiezen gestuurd naar {email}.")


@bp.post("/gebruikers/<int:gebruiker_id>/tijdelijk-wachtwoord")
@vereist(P.GEBRUIKERS_BEHEREN)
def gebruiker_tijdelijk_wachtwoord(gebruiker_id: int):
    """The new password is shown once, in this answer only (never stored, never redirected)."""
    if not LegeForm().validate_on_submit():
        abort(400)
    db = get_db()
    account = get_gebruiker_or_404(db, gebruiker_id)
    wachtwoord = tijdelijk_wachtwoord(db, gebruiker=account)
    db.commit()
    antwoord = current_app.make_response(render_template(
        "auth/tijdelijk_wachtwoord.html", account=account, wachtwoord=wachtwoord))
    antwoord.headers["Cache-Control"] = "no-store"
    return antwoord
