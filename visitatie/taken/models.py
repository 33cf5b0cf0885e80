"""Long jobs (report builds, planning runs, batch summaries) run outside the request; this row
is what the user sees of them: status, progress and the outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from visitatie.errors import DomeinFout
from visitatie.timeutil import utcnow

OVERGANGEN = {
    "wachtend": {"bezig", "mislukt"},
    "bezig": {"klaar", "mislukt"},
    "klaar": set(),
    "mislukt": {"wachtend"},  # retried
}
STATUS_NAMEN = {"wachtend": "In de wachtrij", "bezig": "Bezig", "klaar": "Klaar",
                "mislukt": "Mislukt"}
# What a user reads for each job kind (registered with @taaksoort in visitatie/taken/runner.py);
# tests/test_geen_codes.py checks that every registered kind has one.
SOORT_NAMEN = {
    "planning": "Planning van een visitatieronde",
    "staat_bouw": "Bouw van een editie van de Staat van VTH",
    "raad_bouw": "Samenvattingen voor raad en Staten bouwen",
}


LOPEND = text("status IN ('wachtend', 'bezig')")


class TaakLooptAl(DomeinFout):
    """The same job (kind and subject) is already queued or running: the user is shown that one."""

    status = 409

    def __init__(self, taak_id: int):
        super().__init__("Deze taak loopt al; hieronder ziet u de voortgang.")
        self.taak_id = taak_id


class Taak(SQLModel, table=True):
    __tablename__ = "taak"
    # One queued or running job per kind and subject, also when two requests race.
    __table_args__ = (
        Index("uq_taak_lopend", "soort", "onderwerp", unique=True,
              sqlite_where=LOPEND, postgresql_where=LOPEND),
    )

    id: int | None = Field(default=None, primary_key=True)
    soort: str = Field(max_length=40, index=True)
    parameters: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="wachtend", max_length=10, index=True)
    voortgang: int = 0
    bericht: str = Field(default="", max_length=300)
    resultaat: dict | None = Field(default=None, sa_column=Column(JSON))
    fout: str | None = None
    pogingen: int = 0
    aangevraagd_door: int | None = Field(default=None, foreign_key="gebruiker.id",
                                         ondelete="SET NULL")
    aangemaakt: datetime = Field(default_factory=utcnow)
    gestart: datetime | None = None
    beeindigd: datetime | None = None
    extern_id: str | None = Field(default=None, max_length=80)  # the RQ job id on Redis
    # What the job works on ("ronde_id=1"), from its kind's subject keys: one running job each.
    onderwerp: str = Field(default="", max_length=200)
    # The process that holds an in-process job ("host:pid:start"), to tell a dead one's jobs.
    uitvoerder: str | None = Field(default=None, max_length=120)

    def _naar(self, status: str) -> None:
        if status not in OVERGANGEN[self.status]:
            raise DomeinFout(f"Een taak met status '{STATUS_NAMEN[self.status]}' kan niet naar "
                             f"'{STATUS_NAMEN[status]}'.")
        self.status = status

    def start(self) -> None:
        self._naar("bezig")
        self.pogingen += 1
        self.gestart = utcnow()

    def voltooi(self, resultaat: dict) -> None:
        self._naar("klaar")
        self.voortgang, self.resultaat, self.beeindigd = 100, resultaat, utcnow()

    def mislukt(self, fout: str) -> None:
        self._naar("mislukt")
        # the last progress message ("Opnieuw in de wachtrij") no longer describes the job
        self.fout, self.beeindigd, self.bericht = fout[:2000], utcnow(), ""

    def opnieuw(self) -> None:
        self._naar("wachtend")
        self.fout, self.voortgang, self.bericht = None, 0, "Opnieuw in de wachtrij"

    @property
    def naam(self) -> str:
        return SOORT_NAMEN.get(self.soort, "Taak op de achtergrond")

    @property
    def status_naam(self) -> str:
        return STATUS_NAMEN[self.status]

    @property
    def loopt(self) -> bool:
        return self.status in ("wachtend", "bezig")
