"""Every table of the application, imported in one place so the metadata is complete
(for Alembic and for the tests that compare migrations with the models)."""

from sqlmodel import SQLModel

from visitatie.audit.models import AuditRegel
from visitatie.auth.models import Gebruiker, InlogPoging
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
from visitatie.planning.models import VisitatieRonde
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst, Provincie

metadata = SQLModel.metadata

__all__ = ["AuditRegel", "Deelname", "Gebruiker", "Gemeente", "InlogPoging", "Omgevingsdienst",
           "OdProvincie", "Provincie", "VisitatieRonde", "metadata"]
# Monitoring (issue 6)
__all__ += ["BeleidsDocument", "Indicator", "KwaliteitscriteriaToets", "MonitoringImport",
            "RobuustheidsBeoordeling", "RobuustheidsCriterium", "RobuustheidsOordeel", "Waarneming",
            "WaarnemingCorrectie"]
