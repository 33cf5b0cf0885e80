"""The demo: real ODs, municipalities and public facts; fictitious people and figures.

Later capabilities add their own step to DEMO_STAPPEN; each step takes the session and
returns a line for the console."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session, func, select

from visitatie.auth.models import Gebruiker
from visitatie.auth.operations import maak_gebruiker
from visitatie.auth.permissions import OD_GEBONDEN_ROLLEN, ROLLEN
from visitatie.bronnen import REFERENTIEDATA
from visitatie.demodag import DEMODAG, bewaar_demodag
from visitatie.ilt.demo import stap_ilt
from visitatie.register.operations import laad_referentie
from visitatie.timeutil import zet_vandaag
from visitatie.web import datum_nl

DEMO_WACHTWOORD = "demo"
DEMO_OD = "odmh"  # the OD the demo OD employee works for
WAARSCHUWING = ("LET OP: demo-accounts met wachtwoord 'demo' zijn alleen voor lokaal gebruik. "
                "Buiten VTH_ENV=development of demo weigert de app te starten zolang ze bestaan.")


def demo_email(rol: str) -> str:
    return f"{rol}@example.nl"


def stap_referentie(db: Session) -> str:
    tellingen = laad_referentie(db, map_=REFERENTIEDATA)
    return f"referentiedata: {sum(t['nieuw'] for t in tellingen.values())} rijen nieuw"


def stap_accounts(db: Session) -> str:
    for rol, omschrijving in ROLLEN.items():
        if db.exec(select(Gebruiker).where(Gebruiker.email == demo_email(rol))).first():
            continue
        maak_gebruiker(db, email=demo_email(rol), rol=rol, wachtwoord=DEMO_WACHTWOORD,
                       naam=f"Demo {omschrijving.lower()} (fictief)", is_demo=True,
                       od_code=DEMO_OD if rol in OD_GEBONDEN_ROLLEN else None)
    return f"demo-accounts: {len(ROLLEN)} (één per rol)"


def stap_monitoring(db: Session) -> str:
    from visitatie.monitoring.demo import stap_monitoring as stap

    return stap(db)


def stap_planning(db: Session) -> str:
    from visitatie.planning.demo import stap_planning as planning

    return planning(db)


def stap_visitaties(db: Session) -> str:
    from visitatie.visitaties.demo import maak_demo_visitaties

    return maak_demo_visitaties(db)


def stap_edities(db: Session) -> str:
    from visitatie.publicatie.demo import stap_edities as stap

    return stap(db)


def stap_demo_editie_publiceren(db: Session) -> str:
    from visitatie.publicatie.demo import stap_publiceer_2024

    return stap_publiceer_2024(db)


DEMO_STAPPEN: list[Callable[[Session], str]] = [stap_referentie, stap_accounts, stap_planning,
                                              stap_ilt, stap_monitoring, stap_visitaties,
                                              stap_edities, stap_demo_editie_publiceren]


def database_is_leeg(db: Session) -> bool:
    return db.exec(select(func.count()).select_from(Gebruiker)).one() == 0


def laad_demo(db: Session, *, vandaag: date = DEMODAG) -> list[str]:
    """Load the demo as it stands on `vandaag`: the app's clock is set to that day while the
    steps run and stays so; the day is stored, so the app opens the demo on it again."""
    zet_vandaag(vandaag)
    bewaar_demodag(db, vandaag)
    return [f"demodag: {datum_nl(vandaag)}", *(stap(db) for stap in DEMO_STAPPEN)]


def demo_accounts_tekst() -> str:
    from visitatie.visitaties.demo import DEMO_LEDEN

    regels = [f"  {demo_email(rol):32} wachtwoord: {DEMO_WACHTWOORD}   ({naam})"
              for rol, naam in ROLLEN.items()]
    leden = [f"  {email:32} {uitleg}" for email, *_zetel, uitleg in DEMO_LEDEN]
    return "\n".join(["Demo-accounts:", *regels,
                      f"Commissieleden uit de visiteurspool (wachtwoord: {DEMO_WACHTWOORD}):", *leden,
                      WAARSCHUWING])
