"""Editions of the Staat van VTH. An edition is built from a frozen snapshot; once published
it can no longer change and its snapshot is kept. Council summaries belong to an edition."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from visitatie.errors import Conflict, DomeinFout
from visitatie.timeutil import utcnow
from visitatie.versies import Versiebeheer

STATUS_NAMEN = {"concept": "Concept", "vastgesteld": "Vastgesteld", "gepubliceerd": "Gepubliceerd"}
OVERGANGEN = {"concept": {"vastgesteld"}, "vastgesteld": {"concept", "gepubliceerd"},
              "gepubliceerd": set()}


class Editie(Versiebeheer, SQLModel, table=True):
    __tablename__ = "editie"

    id: int | None = Field(default=None, primary_key=True)
    jaar: int = Field(unique=True, index=True)
    periode_van: date
    periode_tot: date
    peildatum: date
    status: str = Field(default="concept", max_length=15)
    snapshot_sha256: str | None = Field(default=None, max_length=64)
    gebouwd_op: datetime | None = None
    gepubliceerd_op: datetime | None = None
    versie: int = 1  # optimistic locking: every change raises it

    @property
    def periode(self) -> str:
        return f"{self.periode_van.year}-{self.periode_tot.year}"

    @property
    def wijzigbaar(self) -> bool:
        return self.status != "gepubliceerd"

    def _naar(self, status: str) -> None:
        if status not in OVERGANGEN[self.status]:
            raise DomeinFout(f"Een editie met status '{STATUS_NAMEN[self.status]}' kan niet naar "
                             f"'{STATUS_NAMEN[status]}'.")
        self.status = status
        self.versie += 1

    def controleer_wijzigbaar(self) -> None:
        if not self.wijzigbaar:
            raise DomeinFout(f"De editie {self.jaar} is gepubliceerd en kan niet meer veranderen.")

    def registreer_bouw(self, snapshot_sha256: str) -> None:
        self.controleer_wijzigbaar()
        self.snapshot_sha256, self.gebouwd_op = snapshot_sha256, utcnow()
        self.versie += 1

    def stel_vast(self) -> None:
        if self.snapshot_sha256 is None:
            raise DomeinFout("Bouw de editie eerst; een editie zonder snapshot kan niet worden "
                             "vastgesteld.")
        self._naar("vastgesteld")

    def heropen(self) -> None:
        self._naar("concept")

    def publiceer(self) -> None:
        self._naar("gepubliceerd")
        self.gepubliceerd_op = utcnow()


class HoofdstukTekst(Versiebeheer, SQLModel, table=True):
    """The editors' narrative of one chapter of an edition, in Markdown (rendered through the
    pipeline's safe path: no raw HTML, no unsafe links)."""

    __tablename__ = "hoofdstuk_tekst"
    __table_args__ = (UniqueConstraint("editie_id", "hoofdstuk"),)

    id: int | None = Field(default=None, primary_key=True)
    editie_id: int = Field(foreign_key="editie.id", index=True)
    hoofdstuk: str = Field(max_length=40)  # a code from staat_van_vth.hoofdstukken.HOOFDSTUKKEN
    markdown: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    versie: int = 1
    bijgewerkt: datetime = Field(default_factory=utcnow)
    bijgewerkt_door: str = Field(default="", max_length=254)

    def wijzig(self, markdown: str, *, versie: int, door: str) -> None:
        """Change the text; a save based on an older version is refused, never merged."""
        if versie != self.versie:
            raise Conflict("Iemand anders heeft deze tekst intussen gewijzigd. Hieronder staat "
                           "de nieuwe tekst; neem uw wijzigingen opnieuw op.")
        self.markdown, self.bijgewerkt, self.bijgewerkt_door = markdown, utcnow(), door
        self.versie += 1
