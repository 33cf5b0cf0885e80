"""Every table of the application, imported in one place so the metadata is complete
(for Alembic and for the tests that compare migrations with the models)."""

from sqlmodel import SQLModel

from visitatie.audit.models import AuditRegel
from visitatie.auth.models import (
    Gebruiker,
    Herstelcode,
    InlogPoging,
    InlogTeller,
    WachtwoordToken,
)
from visitatie.demodag import DemoDag
from visitatie.ilt.models import IltAdressaat, IltBevinding, IltOpvolging, IltStudie
from visitatie.monitoring.models import (
    BeleidsDocument,
    Indicator,
    KwaliteitscriteriaToets,
    MonitoringImport,
    RobuustheidsBeoordeling,
    RobuustheidsCriterium,
    RobuustheidsOordeel,
    Waarneming,
    WaarnemingCorrectie,
)
from visitatie.paginacache import Gegevensversie
from visitatie.planning.models import Afwezigheid, Band, Plan, PlanToewijzing, Visiteur
from visitatie.publicatie.models import Editie, HoofdstukTekst
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst, Provincie
from visitatie.rondes.models import RondeOd, VisitatieRonde
from visitatie.taken.models import Taak
from visitatie.visitaties.models import (
    Antwoord,
    CommissieLid,
    GespreksVerslag,
    Herinnering,
    PlanVraag,
    Rapport,
    Respons,
    Verbeteractie,
    Visitatie,
    VisitatieBijlage,
    WederhoorReactie,
)

metadata = SQLModel.metadata

__all__ = ["AuditRegel", "Deelname", "Editie", "Gebruiker", "Gemeente", "IltAdressaat",
           "IltBevinding", "IltOpvolging", "IltStudie", "InlogPoging", "InlogTeller", "Herstelcode",
           "WachtwoordToken", "Omgevingsdienst", "OdProvincie",
           "Provincie", "Taak", "VisitatieRonde", "metadata"]
__all__ += ["Afwezigheid", "Band", "Plan", "PlanToewijzing", "RondeOd", "Visiteur"]
__all__ += ["BeleidsDocument", "Indicator", "KwaliteitscriteriaToets", "MonitoringImport",
            "RobuustheidsBeoordeling", "RobuustheidsCriterium", "RobuustheidsOordeel", "Waarneming",
            "WaarnemingCorrectie"]
__all__ += ["Antwoord", "CommissieLid", "PlanVraag", "GespreksVerslag", "Herinnering", "Rapport", "Respons",
            "Verbeteractie", "Visitatie", "VisitatieBijlage", "WederhoorReactie"]
__all__ += ["HoofdstukTekst", "Gegevensversie", "DemoDag"]
