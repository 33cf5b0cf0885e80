"""Every table of the application, imported in one place so the metadata is complete
(for Alembic and for the tests that compare migrations with the models)."""

from sqlmodel import SQLModel

from visitatie.audit.models import AuditRegel
from visitatie.auth.models import Gebruiker, InlogPoging
from visitatie.planning.models import (
    Afwezigheid,
    Band,
    Plan,
    PlanToewijzing,
    RondeOd,
    VisitatieRonde,
    Visiteur,
)
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst, Provincie

metadata = SQLModel.metadata

__all__ = ["Afwezigheid", "AuditRegel", "Band", "Deelname", "Gebruiker", "Gemeente", "InlogPoging",
           "Omgevingsdienst", "OdProvincie", "Plan", "PlanToewijzing", "Provincie", "RondeOd", "Visiteur",
           "VisitatieRonde", "metadata"]
