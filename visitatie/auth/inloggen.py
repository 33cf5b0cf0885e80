"""Sign-in: checking a password, throttling per account and per client address.

The counters live in `inlog_teller` and are raised with one atomic upsert in a transaction of
their own (committed at once, whatever the request does next), so a burst of concurrent
attempts is counted attempt by attempt, across processes and hosts. An attempt is counted
before the password is checked (a reservation); a correct sign-in hands its reservation back.

Per client address there is a hard limit. A named account is never locked: after too many
failures its answers are delayed (`vertraging`), so an attacker cannot keep the owner out by
typing five wrong passwords."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from visitatie.audit.operations import NIET_INGELOGD, log
from visitatie.auth.models import Gebruiker, InlogPoging, InlogTeller
from visitatie.auth.operations import DUMMY_HASH, wachtwoord_klopt
from visitatie.errors import DomeinFout
from visitatie.timeutil import utcnow

IP_FACTOR = 4  # an address (an office behind one NAT) may fail four times as often as an account


class TeVeelPogingen(DomeinFout):
    status = 429


@dataclass(frozen=True)
class Inlogregels:
    max_fouten: int  # per account before answers slow down; per address times IP_FACTOR: refused
    venster_minuten: int
    max_vertraging: float  # seconds


@dataclass(frozen=True)
class Inloguitslag:
    gebruiker: Gebruiker | None
    vertraging: float  # seconds the answer must wait (the account has failed too often)


def tel_poging(engine: Engine, sleutel: str, venster_minuten: int) -> int:
    """Count one attempt under `sleutel` in its own committed transaction; returns the count in
    the current window (a window older than `venster_minuten` starts again at 1)."""
    nu = utcnow()
    verlopen = InlogTeller.venster_start < nu - timedelta(minutes=venster_minuten)
    insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
    opdracht = insert(InlogTeller).values(sleutel=sleutel, venster_start=nu, aantal=1)
    opdracht = opdracht.on_conflict_do_update(
        index_elements=["sleutel"],
        set_={"aantal": case((verlopen, 1), else_=InlogTeller.aantal + 1),
              "venster_start": case((verlopen, nu), else_=InlogTeller.venster_start)},
    ).returning(InlogTeller.aantal)
    with engine.begin() as conn:
        return conn.execute(opdracht).scalar_one()


def geef_terug(engine: Engine, ip_sleutel: str, account_sleutel: str) -> None:
    """A correct sign-in: the address's reservation back, the account's failures forgotten."""
    with engine.begin() as conn:
        conn.execute(update(InlogTeller).where(InlogTeller.sleutel == ip_sleutel,
                                               InlogTeller.aantal > 0)
                     .values(aantal=InlogTeller.aantal - 1))
        conn.execute(delete(InlogTeller).where(InlogTeller.sleutel == account_sleutel))


def vertraging(fouten: int, max_fouten: int, maximum: float) -> float:
    """Seconds to wait: none up to `max_fouten`, then doubling from one second, up to `maximum`."""
    if fouten <= max_fouten:
        return 0.0
    return min(float(2 ** min(fouten - max_fouten - 1, 16)), maximum)


def controleer_inlog(db: Session, *, email: str, wachtwoord: str, ip: str,
                     regels: Inlogregels) -> Inloguitslag:
    """Whether e-mail and password match (without saying which part was wrong), and how long
    the answer must wait. Raises TeVeelPogingen when the address is over its hard limit."""
    email = email.strip().lower()
    engine = db.get_bind()
    ip_sleutel, account_sleutel = f"ip:{ip}", f"account:{email}"
    if tel_poging(engine, ip_sleutel, regels.venster_minuten) > IP_FACTOR * regels.max_fouten:
        log(db, actie="inloggen.geweigerd", object_type="inloggen", object_id=email,
            na={"email": email, "adres": ip})
        raise TeVeelPogingen("Te veel mislukte inlogpogingen vanaf dit adres. Probeer het over "
                             f"{regels.venster_minuten} minuten opnieuw.")
    fouten = tel_poging(engine, account_sleutel, regels.venster_minuten)
    gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).first()
    hash_ = gebruiker.wachtwoord_hash if gebruiker else DUMMY_HASH
    gelukt = wachtwoord_klopt(hash_, wachtwoord) and gebruiker is not None and gebruiker.actief
    db.add(InlogPoging(email=email, ip=ip, gelukt=gelukt))
    if gelukt:
        geef_terug(engine, ip_sleutel, account_sleutel)
        return Inloguitslag(gebruiker, 0.0)
    log(db, actie="inloggen.mislukt", object_type="gebruiker",
        object_id=gebruiker.id if gebruiker else "", door=NIET_INGELOGD,
        na={"email": email, "adres": ip})
    return Inloguitslag(None, vertraging(fouten, regels.max_fouten, regels.max_vertraging))
