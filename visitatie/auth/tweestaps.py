"""Two-step sign-in with a time-based code (TOTP, RFC 6238, via pyotp): enrolment with a QR
code, recovery codes shown once, the second step of signing in, and a reset by the beheerder."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
import segno
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user
from sqlmodel import Session, delete, select

from visitatie.audit.operations import log
from visitatie.auth.forms import CodeForm
from visitatie.auth.inloggen import IP_FACTOR, geef_terug, tel_poging
from visitatie.auth.models import Gebruiker, Herstelcode, lees_sessie_id
from visitatie.auth.operations import beeindig_sessies
from visitatie.auth.permissions import P, vereist
from visitatie.auth.views import TWEEDE_STAP, bp, client_adres, meld_aan
from visitatie.db import get_db
from visitatie.errors import DomeinFout

UITGEVER = "Staat van VTH"
AANTAL_HERSTELCODES = 10


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").encode()).hexdigest()


def begin_tweestaps(gebruiker: Gebruiker) -> str:
    """A new secret for an account that has no active second factor yet (not yet in use)."""
    if gebruiker.totp_actief:
        raise DomeinFout("Tweestapsverificatie is al ingesteld.")
    if not gebruiker.totp_geheim:
        gebruiker.totp_geheim = pyotp.random_base32()
    return gebruiker.totp_geheim


def qr_data_uri(gebruiker: Gebruiker) -> str:
    """The otpauth:// link as a QR code in an SVG data URI (the CSP allows img data:)."""
    uri = pyotp.TOTP(gebruiker.totp_geheim).provisioning_uri(name=gebruiker.email,
                                                               issuer_name=UITGEVER)
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def code_klopt(gebruiker: Gebruiker, code: str) -> bool:
    code = code.strip().replace(" ", "")
    return bool(gebruiker.totp_geheim) and pyotp.TOTP(gebruiker.totp_geheim).verify(
        code, valid_window=1)


def bevestig_tweestaps(db: Session, *, gebruiker: Gebruiker, code: str) -> list[str]:
    """Switch the second factor on once the app shows the right code; returns the recovery
    codes (only their hashes are stored: they are shown this once)."""
    if gebruiker.totp_actief or not code_klopt(gebruiker, code):
        raise DomeinFout("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en "
                         "typ de code die de app nu toont.", "code")
    gebruiker.totp_actief = True
    db.add(gebruiker)
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(AANTAL_HERSTELCODES)]
    db.exec(delete(Herstelcode).where(Herstelcode.gebruiker_id == gebruiker.id))
    db.add_all(Herstelcode(gebruiker_id=gebruiker.id, code_hash=_hash(c)) for c in codes)
    log(db, actie="gebruiker.tweestaps_instellen", object_type="gebruiker",
        object_id=gebruiker.id)
    return codes


def tweede_factor_klopt(db: Session, *, gebruiker: Gebruiker, code: str) -> bool:
    """A code from the app, or an unused recovery code (then spent)."""
    if code_klopt(gebruiker, code):
        return True
    gezocht = _hash(code)
    for rij in db.exec(select(Herstelcode).where(Herstelcode.gebruiker_id == gebruiker.id,
                                                 Herstelcode.gebruikt.is_(False))):
        if hmac.compare_digest(rij.code_hash, gezocht):
            rij.gebruikt = True
            db.add(rij)
            log(db, actie="gebruiker.herstelcode_gebruikt", object_type="gebruiker",
                object_id=gebruiker.id, door=gebruiker)
            return True
    return False


def herstel_tweestaps(db: Session, *, gebruiker: Gebruiker) -> None:
    """The beheerder removes a lost second factor; the account sets up a new one."""
    gebruiker.totp_geheim, gebruiker.totp_actief = None, False
    beeindig_sessies(gebruiker)
    db.add(gebruiker)
    db.exec(delete(Herstelcode).where(Herstelcode.gebruiker_id == gebruiker.id))
    log(db, actie="gebruiker.tweestaps_herstellen", object_type="gebruiker",
        object_id=gebruiker.id)


@bp.route("/account/tweestaps", methods=["GET", "POST"])
@vereist(P.INGELOGD)
def totp_instellen():
    db = get_db()
    gebruiker = db.get(Gebruiker, current_user.id)
    if gebruiker.totp_actief:
        return render_template("auth/tweestaps_actief.html")
    geheim = begin_tweestaps(gebruiker)
    db.add(gebruiker)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = bevestig_tweestaps(db, gebruiker=gebruiker, code=form.code.data)
        except DomeinFout as fout:
            form.code.errors.append(fout.boodschap)
        else:
            db.commit()
            antwoord = current_app.make_response(
                render_template("auth/herstelcodes.html", codes=codes))
            antwoord.headers["Cache-Control"] = "no-store"
            return antwoord
    db.commit()  # the secret stays the same while the user types the code
    return render_template("auth/tweestaps_instellen.html", form=form, geheim=geheim,
                           qr=qr_data_uri(gebruiker)), 422 if form.errors else 200


@bp.route("/inloggen/tweede-stap", methods=["GET", "POST"])
@vereist(P.PUBLIEK)
def tweede_stap():
    db, stap = get_db(), session.get(TWEEDE_STAP)
    gelezen = lees_sessie_id(stap["id"]) if stap else None
    gebruiker = db.get(Gebruiker, gelezen[0]) if gelezen else None
    if gebruiker is None or gebruiker.get_id() != stap["id"] or not gebruiker.actief:
        session.pop(TWEEDE_STAP, None)
        return render_template("auth/tweede_stap.html", form=None)  # nothing waits for a code
    form = CodeForm()
    if form.validate_on_submit():
        if _te_veel_codes(db.get_bind(), gebruiker):
            flash("Te veel verkeerde codes. Log over een kwartier opnieuw in.", "error")
            session.pop(TWEEDE_STAP, None)
            return redirect(url_for("auth.inloggen"))
        if tweede_factor_klopt(db, gebruiker=gebruiker, code=form.code.data):
            geef_terug(db.get_bind(), f"ip:{client_adres()}", f"code:{gebruiker.id}")
            return meld_aan(db, gebruiker, "wachtwoord en code", stap["volgende"])
        log(db, actie="inloggen.code_fout", object_type="gebruiker", object_id=gebruiker.id,
            door=gebruiker, na={"adres": client_adres()})
        db.commit()
        form.code.errors.append("Deze code klopt niet.")
    return render_template("auth/tweede_stap.html", form=form), 422 if form.errors else 200


def _te_veel_codes(engine, gebruiker: Gebruiker) -> bool:
    """Codes count per account (the password was right) and per address; a right code hands
    its count back (`geef_terug`)."""
    c = current_app.config
    per_account = tel_poging(engine, f"code:{gebruiker.id}", c["LOGIN_LOCK_MINUTES"])
    per_adres = tel_poging(engine, f"ip:{client_adres()}", c["LOGIN_LOCK_MINUTES"])
    return per_account > c["LOGIN_MAX_FAILURES"] or per_adres > IP_FACTOR * c["LOGIN_MAX_FAILURES"]
