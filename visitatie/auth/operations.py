"""Accounts: creating them, checking passwords, throttling failed logins."""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, func, select

from visitatie.audit.operations import log
from visitatie.auth.models import Gebruiker, InlogPoging
from visitatie.auth.permissions import OD_GEBONDEN_ROLLEN, ROLLEN
from visitatie.errors import Conflict, DomeinFout
from visitatie.register.models import Omgevingsdienst
from visitatie.timeutil import utcnow

_hasher = PasswordHasher()
# Verified against when the e-mail address is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("niet-een-echt-wachtwoord")
MIN_WACHTWOORD = 10


class TeVeelPogingen(DomeinFout):
    status = 429


def hash_wachtwoord(wachtwoord: str) -> str:
    return _hasher.hash(wachtwoord)


def wachtwoord_klopt(hash_: str, wachtwoord: str) -> bool:
    try:
        return _hasher.verify(hash_, wachtwoord)
    except (VerificationError, InvalidHashError):
        return False


def maak_gebruiker(db: Session, *, email: str, rol: str, wachtwoord: str, naam: str = "",
                   od_code: str | None = None, is_demo: bool = False) -> Gebruiker:
    email = email.strip().lower()
    _controleer_rol_en_od(db, rol, od_code)
    if not is_demo and len(wachtwoord) < MIN_WACHTWOORD:
        raise DomeinFout(f"Kies een wachtwoord van minstens {MIN_WACHTWOORD} tekens.", "wachtwoord")
    if db.exec(select(Gebruiker).where(Gebruiker.email == email)).first():
        raise Conflict(f"Er bestaat al een account met e-mailadres {email}.", "email")
    gebruiker = Gebruiker(email=email, naam=naam, rol=rol, od_code=od_code or None,
                          wachtwoord_hash=hash_wachtwoord(wachtwoord), is_demo=is_demo)
    db.add(gebruiker)
    db.flush()
    log(db, actie="gebruiker.aanmaken", object_type="gebruiker", object_id=gebruiker.id,
        na=gebruiker)
    return gebruiker


def _controleer_rol_en_od(db: Session, rol: str, od_code: str | None) -> None:
    if rol not in ROLLEN:
        raise DomeinFout(f"Onbekende rol '{rol}'. Kies uit: {', '.join(ROLLEN)}.", "rol")
    if rol in OD_GEBONDEN_ROLLEN and not od_code:
        raise DomeinFout(f"De rol {ROLLEN[rol]} hoort bij één omgevingsdienst; kies die.", "od_code")
    if rol not in OD_GEBONDEN_ROLLEN and od_code:
        raise DomeinFout(f"De rol {ROLLEN[rol]} is niet aan een omgevingsdienst gebonden.", "od_code")
    if od_code and db.get(Omgevingsdienst, od_code) is None:
        raise DomeinFout(f"Onbekende omgevingsdienst '{od_code}'.", "od_code")


def controleer_inlog(db: Session, *, email: str, wachtwoord: str, ip: str,
                     max_fouten: int, blokkeer_minuten: int) -> Gebruiker | None:
    """The account if e-mail and password match; None otherwise (without saying which part).

    After `max_fouten` failures for one address, or four times as many from one IP address,
    within `blokkeer_minuten`, every attempt is refused until the window has passed."""
    email = email.strip().lower()
    if _recente_fouten(db, email, ip, blokkeer_minuten, max_fouten):
        raise TeVeelPogingen(
            f"Te veel mislukte inlogpogingen. Probeer het over {blokkeer_minuten} minuten opnieuw.")
    gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).first()
    hash_ = gebruiker.wachtwoord_hash if gebruiker else _DUMMY_HASH
    gelukt = wachtwoord_klopt(hash_, wachtwoord) and gebruiker is not None and gebruiker.actief
    db.add(InlogPoging(email=email, ip=ip, gelukt=gelukt))
    return gebruiker if gelukt else None


def _recente_fouten(db: Session, email: str, ip: str, minuten: int, max_fouten: int) -> bool:
    sinds = utcnow() - timedelta(minutes=minuten)
    fouten = select(func.count()).select_from(InlogPoging).where(
        InlogPoging.tijdstip >= sinds, InlogPoging.gelukt.is_(False))
    per_email = db.exec(fouten.where(InlogPoging.email == email)).one()
    per_ip = db.exec(fouten.where(InlogPoging.ip == ip)).one()
    return per_email >= max_fouten or per_ip >= 4 * max_fouten
