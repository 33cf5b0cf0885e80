"""Visitations, their committees, questionnaire responses (one row per answer), the report,
right of reply, interview notes and the improvement plan."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from visitatie.commissierollen import COMMISSIEROLLEN  # noqa: F401 (re-exported)
from visitatie.errors import DomeinFout
from visitatie.timeutil import utcnow
from visitatie.versies import Versiebeheer

STATUSSEN: dict[str, str] = {
    "gepland": "Gepland",
    "voorbereiding": "Voorbereiding",
    "zelfevaluatie_ingediend": "Zelfevaluatie ingediend",
    "bezoek_afgerond": "Bezoek afgerond",
    "conceptrapport": "Conceptrapport",
    "wederhoor": "Wederhoor",
    "definitief": "Definitief rapport",
    "gepubliceerd": "Gepubliceerd",
    "verbeterplan": "Verbeterplan",
    "afgerond": "Afgerond",
}
# What a step forward means, said before it is taken (no step can be taken back).
GEVOLGEN: dict[str, str] = {
    "voorbereiding": "de visitatie gaat naar de voorbereiding. Een stap terug kan niet.",
    "zelfevaluatie_ingediend": "de zelfevaluatie geldt als ingediend. Een stap terug kan niet.",
    "bezoek_afgerond": "het bezoek staat daarna als afgerond; de leden kunnen hun eigen "
                       "beoordeling dan niet meer wijzigen. Een stap terug kan niet.",
    "conceptrapport": "het conceptrapport wordt vastgesteld. Een stap terug kan niet.",
    "wederhoor": "de omgevingsdienst kan het conceptrapport dan lezen en erop reageren. "
                 "Dit kan niet ongedaan worden gemaakt.",
    "definitief": "het rapport wordt definitief, met de bijlage wederhoor. Daarna kan niemand "
                  "de tekst nog wijzigen of nog reageren. Dit kan niet ongedaan worden gemaakt.",
    "gepubliceerd": "het rapport wordt voor iedereen openbaar op de openbare pagina's. "
                    "Publiceren kan niet worden teruggedraaid.",
    "verbeterplan": "voor elke aanbeveling wordt een verbeteractie gemaakt en de omgevingsdienst "
                    "gaat aan het verbeterplan werken. Een stap terug kan niet.",
    "afgerond": "de visitatie wordt afgesloten; het verbeterplan kan daarna niet meer worden "
                "bijgewerkt. Dit kan niet ongedaan worden gemaakt.",
}
VOLGORDE = list(STATUSSEN)
# The one legal step forward from each state; nothing skips a step or goes back.
TRANSITIES: dict[str, str] = dict(zip(VOLGORDE, VOLGORDE[1:], strict=False))

# The one role vocabulary, shared with the planner (see visitatie/commissierollen.py).
# "Held" (the visit took place) is one fact: the visitation reached this status.
GEHOUDEN_VANAF = "bezoek_afgerond"
RESPONSSOORTEN = {
    "zelfevaluatie": "Zelfevaluatie",
    "beoordeling": "Beoordeling commissielid",
    "commissieoordeel": "Oordeel van de commissie",
}
REACTIESOORTEN = {
    "feitelijke_onjuistheid": "Feitelijke onjuistheid",
    "ontbrekende_context": "Ontbrekende context",
    "oneens_met_oordeel": "Oneens met het oordeel",
}
BESLUITEN = {
    "overgenomen": "Overgenomen",
    "deels": "Deels overgenomen",
    "niet_overgenomen": "Niet overgenomen",
}
ACTIESTATUSSEN = {"open": "Open", "lopend": "Lopend", "gereed": "Gereed", "vervallen": "Vervallen"}


def status_na(status: str, ander: str) -> bool:
    """True when `status` is `ander` or later in the lifecycle."""
    return VOLGORDE.index(status) >= VOLGORDE.index(ander)


def is_gehouden(status: str | None) -> bool:
    """Whether the visit took place: the one rule every page, the API and the Staat read."""
    return status is not None and status_na(status, GEHOUDEN_VANAF)


def is_begonnen(status: str) -> bool:
    """Whether the workflow has started (beyond 'gepland'): a re-plan then asks the coordinator."""
    return status != "gepland"


class Visitatie(Versiebeheer, SQLModel, table=True):
    """One visit of one OD in one cycle; the status moves only through `ga_naar`."""

    __tablename__ = "visitatie"
    __table_args__ = (UniqueConstraint("ronde_id", "od_code"),)

    id: int | None = Field(default=None, primary_key=True)
    ronde_id: int = Field(foreign_key="visitatie_ronde.id", index=True)
    od_code: str = Field(foreign_key="omgevingsdienst.code", max_length=20, index=True)
    # The OD's line in the cycle's planning: the accepted plan writes days and committee here.
    ronde_od_id: int | None = Field(default=None, foreign_key="ronde_od.id", index=True)
    status: str = Field(default="gepland", max_length=30)
    bezoek_van: date | None = None
    bezoek_tot: date | None = None
    zelfevaluatie_lijst: str = Field(max_length=80)
    kader_lijst: str = Field(max_length=80)
    wederhoor_gestart: date | None = None
    gepubliceerd_op: date | None = None
    versie: int = 1
    aangemaakt: datetime = Field(default_factory=utcnow)

    @property
    def status_naam(self) -> str:
        return STATUSSEN[self.status]

    def ga_naar(self, nieuw: str) -> None:
        """Move one step forward; refuse every other move with DomeinFout."""
        if nieuw not in STATUSSEN:
            raise DomeinFout(f"Onbekende status {nieuw!r}.")
        if TRANSITIES.get(self.status) != nieuw:
            raise DomeinFout(
                f"Een visitatie kan niet van '{STATUSSEN[self.status]}' naar '{STATUSSEN[nieuw]}'."
            )
        self.status = nieuw
        self.versie += 1


class CommissieLid(SQLModel, table=True):
    """Who sits on a visitation's committee, with which role: a person of the visitor pool
    (proposed by the accepted plan), an account (gives access to its pages), or both once the
    pool person has an account."""

    __tablename__ = "commissie_lid"
    __table_args__ = (UniqueConstraint("visitatie_id", "gebruiker_id"),
                      UniqueConstraint("visitatie_id", "visiteur_id"))

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id", index=True)
    visiteur_id: int | None = Field(default=None, foreign_key="visiteur.id", index=True)
    rol: str = Field(max_length=20)


class PlanVraag(SQLModel, table=True):
    """A difference between the accepted plan and a visitation that had already started: the
    coordinator decides per visitation whether it is taken over (never done silently)."""

    __tablename__ = "plan_vraag"

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    bezoek_van: date
    bezoek_tot: date
    commissie: str = Field(sa_column=Column(Text, nullable=False))  # JSON [[rol, visiteur_id], ...]
    status: str = Field(default="open", max_length=20)  # open | overgenomen | afgewezen
    aangemaakt: datetime = Field(default_factory=utcnow)
    besloten_op: datetime | None = None


class Respons(SQLModel, table=True):
    """One filled-in questionnaire: the OD's self-evaluation, a member's assessment or the
    committee's consolidated judgement."""

    __tablename__ = "respons"
    # One response per (visitation, kind, author): a member's assessment is theirs, the
    # self-evaluation and the judgement (no author) are shared. NULLs differ in a unique index, so
    # the shared ones get a partial index of their own (both SQLite and PostgreSQL have them).
    __table_args__ = (
        Index("uq_respons_per_lid", "visitatie_id", "soort", "gebruiker_id", unique=True),
        Index("uq_respons_gedeeld", "visitatie_id", "soort", unique=True,
              sqlite_where=text("gebruiker_id IS NULL"), postgresql_where=text("gebruiker_id IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    soort: str = Field(max_length=20)
    vragenlijst: str = Field(max_length=80)
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    ingediend_op: datetime | None = None
    heropend_reden: str | None = Field(default=None, sa_column=Column(Text))

    @property
    def ingediend(self) -> bool:
        return self.ingediend_op is not None

    def dien_in(self) -> None:
        if self.ingediend:
            raise DomeinFout("Deze vragenlijst is al ingediend.")
        self.ingediend_op = utcnow()

    def heropen(self, reden: str) -> None:
        if not self.ingediend:
            raise DomeinFout("Deze vragenlijst is nog niet ingediend.")
        if not reden.strip():
            raise DomeinFout("Geef een reden om te heropenen.", veld="reden")
        self.ingediend_op = None
        self.heropend_reden = reden.strip()


class Antwoord(Versiebeheer, SQLModel, table=True):
    """One answer: one row per (response, question code); `waarde` is JSON."""

    __tablename__ = "antwoord"
    __table_args__ = (UniqueConstraint("respons_id", "vraag_code"),)

    id: int | None = Field(default=None, primary_key=True)
    respons_id: int = Field(foreign_key="respons.id", index=True)
    vraag_code: str = Field(max_length=60)
    waarde: str = Field(sa_column=Column(Text, nullable=False))
    versie: int = 1
    gewijzigd: datetime = Field(default_factory=utcnow)
    gewijzigd_door: int | None = Field(default=None, foreign_key="gebruiker.id")


class Rapport(Versiebeheer, SQLModel, table=True):
    """The report as Markdown: edited as draft, frozen (with the right-of-reply annex) when final."""

    __tablename__ = "rapport"

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", unique=True)
    tekst: str = Field(sa_column=Column(Text, nullable=False))
    bijlage_wederhoor: str | None = Field(default=None, sa_column=Column(Text))
    versie: int = 1
    gewijzigd: datetime = Field(default_factory=utcnow)


class WederhoorReactie(SQLModel, table=True):
    """A comment of the OD on one section of the draft, and the committee's answer."""

    __tablename__ = "wederhoor_reactie"

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    sectie: str = Field(max_length=120)
    soort: str = Field(max_length=30)
    tekst: str = Field(sa_column=Column(Text, nullable=False))
    auteur_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    aangemaakt: datetime = Field(default_factory=utcnow)
    besluit: str | None = Field(default=None, max_length=20)
    antwoord: str | None = Field(default=None, sa_column=Column(Text))
    beantwoord_op: datetime | None = None


class GespreksVerslag(SQLModel, table=True):
    """Notes of a confidential interview during the visit: for the committee only."""

    __tablename__ = "gespreksverslag"

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    titel: str = Field(max_length=200)
    tekst: str = Field(sa_column=Column(Text, nullable=False))
    auteur_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    aangemaakt: datetime = Field(default_factory=utcnow)


class Verbeteractie(Versiebeheer, SQLModel, table=True):
    """One action of the improvement plan, made from a recommendation; kept by the OD."""

    __tablename__ = "verbeteractie"

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    thema: str | None = Field(default=None, max_length=40)
    aanbeveling: str = Field(sa_column=Column(Text, nullable=False))
    eigenaar: str = Field(default="", max_length=120)
    deadline: date | None = None
    status: str = Field(default="open", max_length=20)
    voortgang: str = Field(default="", sa_column=Column(Text, nullable=False))
    versie: int = 1

    @property
    def loopt(self) -> bool:
        """Still to be done: open or in progress (not done, not dropped)."""
        return self.status in ("open", "lopend")

    def te_laat(self, vandaag: date) -> bool:
        return self.loopt and self.deadline is not None and self.deadline < vandaag


class Herinnering(SQLModel, table=True):
    """A reminder about a deadline: sent by SMTP when configured, else kept in the outbox.
    Unique per visitation, step and recipient, so sending twice never repeats one."""

    __tablename__ = "herinnering"
    __table_args__ = (UniqueConstraint("visitatie_id", "stap", "ontvanger"),)

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    stap: str = Field(max_length=80)
    ontvanger: str = Field(max_length=254)
    onderwerp: str = Field(max_length=200)
    tekst: str = Field(sa_column=Column(Text, nullable=False))
    aangemaakt: datetime = Field(default_factory=utcnow)
    verzonden_via: str = Field(default="postvak", max_length=20)


class VisitatieBijlage(SQLModel, table=True):
    """A file attached to a part of a visitation: an assessment section of the committee
    (`kader`, verwijzing = section code), interview notes (`gesprek`, the notes' id) or a
    right-of-reply reaction (`wederhoor`, the reaction's id). The file itself is in the app's one
    file store (visitatie/bestanden.py) under `sleutel`."""

    __tablename__ = "visitatie_bijlage"

    id: int | None = Field(default=None, primary_key=True)
    visitatie_id: int = Field(foreign_key="visitatie.id", index=True)
    onderdeel: str = Field(max_length=20)
    verwijzing: str = Field(max_length=80)
    naam: str = Field(max_length=255)
    sleutel: str = Field(max_length=60)
    soort: str = Field(max_length=10)
    grootte: int
    door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    aangemaakt: datetime = Field(default_factory=utcnow)
