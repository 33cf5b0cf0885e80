"""Accounts: creating, editing, blocking and resetting them; passwords; ending sessions.

Every change that takes rights away or replaces a secret raises the account's session version
(`beeindig_sessies`), so every session made before it is refused at the next request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from visitatie.audit.operations import log
from visitatie.auth.models import Gebruiker, WachtwoordToken
from visitatie.auth.permissions import OD_GEBONDEN_ROLLEN, ROLLEN
from visitatie.errors import Conflict, DomeinFout
from visitatie.register.models import Omgevingsdienst
from visitatie.timeutil import utcnow

_hasher = PasswordHasher()
# Verified against when the e-mail address is unknown, so both cases take the same time.
DUMMY_HASH = _hasher.hash("niet-een-echt-wachtwoord")
ONBRUIKBAAR = "!geblokkeerd"  # no argon2 hash: no password matches it
MIN_WACHTWOORD = 10
TOKEN_GELDIG = timedelta(minutes=30)
ACCOUNTVELDEN = ("email", "naam", "rol", "od_code", "actief")  # what the audit log shows


def hash_wachtwoord(wachtwoord: str) -> str:
    return _hasher.hash(wachtwoord)


def wachtwoord_klopt(hash_: str, wachtwoord: str) -> bool:
    try:
        return _hasher.verify(hash_, wachtwoord)
    except (VerificationError, InvalidHashError):
        return False


def beeld(gebruiker: Gebruiker) -> dict:
    """The account as the audit log shows it: no secrets, no counters."""
    return {veld: getattr(gebruiker, veld) for veld in ACCOUNTVELDEN}


def _controleer_wachtwoord(wachtwoord: str) -> None:
    if len(wachtwoord) < MIN_WACHTWOORD:
        raise DomeinFout(f"Kies een wachtwoord van minstens {MIN_WACHTWOORD} tekens.", "wachtwoord")


def maak_gebruiker(db: Session, *, email: str, rol: str, wachtwoord: str, naam: str = "",
                   od_code: str | None = None, is_demo: bool = False,
                   tijdelijk: bool = False) -> Gebruiker:
    """A new account; `tijdelijk`: the password was chosen by someone else and must be
    replaced at the first sign-in."""
    email = email.strip().lower()
    _controleer_rol_en_od(db, rol, od_code)
    if not is_demo:
        _controleer_wachtwoord(wachtwoord)
    _controleer_vrij_adres(db, email)
    gebruiker = Gebruiker(email=email, naam=naam, rol=rol, od_code=od_code or None,
                          wachtwoord_hash=hash_wachtwoord(wachtwoord), is_demo=is_demo,
                          moet_wachtwoord_wijzigen=tijdelijk)
    db.add(gebruiker)
    db.flush()
    log(db, actie="gebruiker.aanmaken", object_type="gebruiker", object_id=gebruiker.id,
        na=beeld(gebruiker))
    return gebruiker


def _controleer_vrij_adres(db: Session, email: str, behalve: int | None = None) -> None:
    bestaand = db.exec(select(Gebruiker).where(Gebruiker.email == email)).first()
    if bestaand and bestaand.id != behalve:
        raise Conflict(f"Er bestaat al een account met e-mailadres {email}.", "email")


def _controleer_rol_en_od(db: Session, rol: str, od_code: str | None) -> None:
    if rol not in ROLLEN:
        raise DomeinFout(f"Onbekende rol '{rol}'. Kies uit: {', '.join(ROLLEN)}.", "rol")
    if rol in OD_GEBONDEN_ROLLEN and not od_code:
        raise DomeinFout(f"De rol {ROLLEN[rol]} hoort bij één omgevingsdienst; kies die.", "od_code")
    if rol not in OD_GEBONDEN_ROLLEN and od_code:
        raise DomeinFout(f"De rol {ROLLEN[rol]} is niet aan een omgevingsdienst gebonden.", "od_code")
    if od_code and db.get(Omgevingsdienst, od_code) is None:
        raise DomeinFout(f"Onbekende omgevingsdienst '{od_code}'.", "od_code")


def beeindig_sessies(gebruiker: Gebruiker) -> None:
    """Every existing session of this account is refused from its next request on."""
    gebruiker.sessieversie += 1


def wijzig_gebruiker(db: Session, *, gebruiker: Gebruiker, email: str, naam: str, rol: str,
                     od_code: str | None) -> None:
    """Edit an account; a new role or OD ends its sessions (its rights changed)."""
    email, od_code = email.strip().lower(), od_code or None
    _controleer_rol_en_od(db, rol, od_code)
    _controleer_vrij_adres(db, email, behalve=gebruiker.id)
    voor = beeld(gebruiker)
    if (rol, od_code) != (gebruiker.rol, gebruiker.od_code):
        beeindig_sessies(gebruiker)
    gebruiker.email, gebruiker.naam, gebruiker.rol, gebruiker.od_code = email, naam, rol, od_code
    db.add(gebruiker)
    log(db, actie="gebruiker.wijzigen", object_type="gebruiker", object_id=gebruiker.id,
        voor=voor, na=beeld(gebruiker))


def zet_actief(db: Session, *, gebruiker: Gebruiker, actief: bool) -> None:
    """Block (its open sessions end at once) or unblock an account."""
    if gebruiker.actief == actief:
        return
    voor = beeld(gebruiker)
    gebruiker.actief = actief
    beeindig_sessies(gebruiker)
    db.add(gebruiker)
    log(db, actie="gebruiker.blokkeren" if not actief else "gebruiker.deblokkeren",
        object_type="gebruiker", object_id=gebruiker.id, voor=voor, na=beeld(gebruiker))


def blokkeer_demo(db: Session) -> int:
    """Demo accounts are referenced by demo data (committees, answers), so they are blocked and
    their passwords made unusable rather than deleted; the audit log keeps who they were."""
    demo = db.exec(select(Gebruiker).where(Gebruiker.is_demo.is_(True),
                                           Gebruiker.actief.is_(True))).all()
    for gebruiker in demo:
        gebruiker.wachtwoord_hash = ONBRUIKBAAR
        zet_actief(db, gebruiker=gebruiker, actief=False)
    return len(demo)


def tijdelijk_wachtwoord(db: Session, *, gebruiker: Gebruiker) -> str:
    """A new random password, to be shown once and replaced at the next sign-in."""
    wachtwoord = secrets.token_urlsafe(12)
    gebruiker.wachtwoord_hash = hash_wachtwoord(wachtwoord)
    gebruiker.moet_wachtwoord_wijzigen = True
    beeindig_sessies(gebruiker)
    db.add(gebruiker)
    log(db, actie="gebruiker.wachtwoord_herstellen", object_type="gebruiker",
        object_id=gebruiker.id, na={"wijze": "tijdelijk wachtwoord"})
    return wachtwoord


def wijzig_wachtwoord(db: Session, *, gebruiker: Gebruiker, huidig: str | None, nieuw: str) -> None:
    """The owner sets a new password (`huidig` is checked unless None: a reset link); every
    other session of the account ends."""
    if huidig is not None and not wachtwoord_klopt(gebruiker.wachtwoord_hash, huidig):
        raise DomeinFout("Uw huidige wachtwoord klopt niet.", "huidig")
    _controleer_wachtwoord(nieuw)
    if wachtwoord_klopt(gebruiker.wachtwoord_hash, nieuw):
        raise DomeinFout("Kies een ander wachtwoord dan het huidige.", "wachtwoord")
    gebruiker.wachtwoord_hash = hash_wachtwoord(nieuw)
    gebruiker.moet_wachtwoord_wijzigen = False
    beeindig_sessies(gebruiker)
    db.add(gebruiker)
    log(db, actie="gebruiker.wachtwoord_wijzigen", object_type="gebruiker",
        object_id=gebruiker.id, door=gebruiker)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def maak_herstel_token(db: Session, *, gebruiker: Gebruiker, aanvraag: str) -> str:
    """A single-use token for a link that sets a new password; only its hash is stored.
    `aanvraag`: who asked ("beheerder" or "wachtwoord vergeten"), for the audit log."""
    token = secrets.token_urlsafe(32)
    db.add(WachtwoordToken(gebruiker_id=gebruiker.id, token_hash=_token_hash(token),
                           verloopt=utcnow() + TOKEN_GELDIG))
    log(db, actie="gebruiker.herstellink", object_type="gebruiker", object_id=gebruiker.id,
        na={"aanvraag": aanvraag})
    return token


def geldig_token(db: Session, token: str) -> WachtwoordToken | None:
    rij = db.exec(select(WachtwoordToken).where(
        WachtwoordToken.token_hash == _token_hash(token))).first()
    if rij is None or rij.gebruikt or rij.verloopt < utcnow():
        return None
    return rij


def gebruik_token(db: Session, *, token: str, nieuw: str) -> Gebruiker:
    """Set a new password with a reset link; the link (and every other open link of the
    account) is spent. Raises DomeinFout for an unknown, used or expired link."""
    rij = geldig_token(db, token)
    if rij is None:
        raise DomeinFout("Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.")
    gebruiker = db.get(Gebruiker, rij.gebruiker_id)
    if not gebruiker.actief:
        raise DomeinFout("Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.")
    wijzig_wachtwoord(db, gebruiker=gebruiker, huidig=None, nieuw=nieuw)
    for open_token in db.exec(select(WachtwoordToken).where(
            WachtwoordToken.gebruiker_id == gebruiker.id, WachtwoordToken.gebruikt.is_(False))):
        open_token.gebruikt = True
        db.add(open_token)
    return gebruiker


def registreer_inlog(db: Session, *, gebruiker: Gebruiker, adres: str, wijze: str) -> None:
    gebruiker.laatst_ingelogd = utcnow()
    db.add(gebruiker)
    log(db, actie="inloggen.gelukt", object_type="gebruiker", object_id=gebruiker.id,
        door=gebruiker, na={"adres": adres, "wijze": wijze})


def uitloggen(db: Session, *, gebruiker: Gebruiker) -> None:
    """Signing out ends every session of the account, a copied cookie included."""
    beeindig_sessies(gebruiker)
    db.add(gebruiker)
    log(db, actie="inloggen.uitloggen", object_type="gebruiker", object_id=gebruiker.id,
        door=gebruiker)
