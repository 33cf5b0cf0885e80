"""Every table of the application, imported in one place so the metadata is complete
(for Alembic and for the tests that compare migrations with the models)."""

from sqlmodel import SQLModel

from visitatie.audit.models import AuditRegel
from visitatie.auth.models import Gebruiker, InlogPoging
from visitatie.planning.models import VisitatieRonde
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst, Provincie
from visitatie.visitaties.models import (
    Antwoord,
    CommissieLid,
    GespreksVerslag,
    Herinnering,
    Rapport,
    Respons,
    Verbeteractie,
    Visitatie,
    WederhoorReactie,
)

metadata = SQLModel.metadata

__all__ = ["Antwoord", "AuditRegel", "CommissieLid", "GespreksVerslag", "Herinnering", "Rapport", "Respons",
           "Verbeteractie", "Visitatie", "WederhoorReactie", "Deelname", "Gebruiker", "Gemeente",
           "InlogPoging", "Omgevingsdienst",
           "OdProvincie", "Provincie", "VisitatieRonde", "metadata"]
