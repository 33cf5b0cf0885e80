"""The work of one person for the start page: what is due or late, with its deadline and a link.

Nothing is computed here a second time: the deadlines come from
`visitatie.visitaties.termijnen`, who may act on a visitation from `visitatie.visitaties.toegang`
(the same rights that open the pages), ILT follow-up from `visitatie.ilt.operations`. This module
only picks, per person, what asks something of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from visitatie.ilt import operations as ilt_ops
from visitatie.ilt.models import IltStudie
from visitatie.ilt.opvolging import GESLOTEN_STATUSSEN, OPVOLGBARE_TYPEN, OPVOLGSTATUSSEN
from visitatie.publicatie.models import Editie
from visitatie.register.models import Omgevingsdienst
from visitatie.rondes.models import VisitatieRonde
from visitatie.taal import aantal, datum_nl, getal
from visitatie.visitaties import operations as vis_ops
from visitatie.visitaties.models import CommissieLid, Visitatie, status_na
from visitatie.visitaties.termijnen import Termijn, termijnen_van
from visitatie.visitaties.toegang import rechten

BINNENKORT = timedelta(weeks=4)  # "due soon": a programme-wide list shows steps due within this
PROGRAMMA = {"beheerder", "coordinator"}
# What the start page says each role finds there (also the README's "Roles" section).
ROL_UITLEG = {
    "beheerder": "U ziet het werk van het programmabureau, ILT-studies in concept en edities. "
                 "Accounts en het auditlog staan onder Beheer.",
    "coordinator": "U ziet elke stap van een visitatie die te laat is of binnen vier weken moet, "
                   "verbeterplannen met acties over de termijn en edities die wachten op publicatie.",
    "commissielid": "U ziet wat de commissies waarin u zit nu van u vragen: uw beoordeling, het "
                    "oordeel en het rapport (als secretaris) en reacties in het wederhoor.",
    "od_medewerker": "U ziet wat uw omgevingsdienst nu moet doen: de zelfevaluatie, reageren op het "
                     "conceptrapport (wederhoor), de acties van het verbeterplan en de opvolging van "
                     "ILT-aanbevelingen.",
    "ilt_inspecteur": "U ziet studies die nog concept zijn en hoeveel aanbevelingen de "
                      "omgevingsdiensten nog niet hebben opgevolgd.",
    "redacteur": "U ziet de edities van de Staat van VTH die u nog schrijft en vaststelt.",
    "lezer": "U kunt alles lezen wat voor u openstaat; er wacht geen werk op u.",
}


@dataclass(frozen=True)
class Werk:
    """One thing a person has to do (or keep an eye on)."""

    wat: str
    voor: str  # the OD, study or edition it concerns
    endpoint: str
    args: dict = field(default_factory=dict, compare=False)
    deadline: date | None = None
    te_laat: bool = False
    toelichting: str = ""

    @property
    def sorteer(self) -> tuple:
        return (not self.te_laat, self.deadline or date.max, self.voor, self.wat)


@dataclass
class Werkvoorraad:
    """Everything on one start page, late first, then by deadline."""

    items: list[Werk] = field(default_factory=list)

    def voeg_toe(self, werk: Werk) -> None:
        self.items.append(werk)

    def gesorteerd(self) -> list[Werk]:
        return sorted(self.items, key=lambda w: w.sorteer)

    @property
    def aantal_te_laat(self) -> int:
        return sum(w.te_laat for w in self.items)


def werk_voor(db: Session, gebruiker, vandaag: date) -> Werkvoorraad:
    """The start page's work list for this account (empty for roles that only read)."""
    voorraad = Werkvoorraad()
    rol = gebruiker.rol
    if rol in PROGRAMMA:
        _programma(db, voorraad, vandaag)
    if rol in ("commissielid", "od_medewerker"):
        _eigen_visitaties(db, voorraad, gebruiker, vandaag)
    if rol == "od_medewerker" and gebruiker.od_code:
        _ilt_opvolging_od(db, voorraad, gebruiker.od_code, vandaag)
    if rol in ("ilt_inspecteur", "beheerder"):
        _ilt_studies(db, voorraad, vandaag)
    if rol in ("redacteur", *PROGRAMMA):
        _edities(db, voorraad, publiceren=rol in PROGRAMMA)
    return voorraad


# ------------------------------------------------------------------ visitations


def _context(db: Session, visitaties: list[Visitatie]):
    ods = {od.code: od for od in db.exec(select(Omgevingsdienst)).all()}
    rondes = {r.id: r for r in db.exec(select(VisitatieRonde)).all()}
    return ods, rondes


def _termijn(lijst: list[Termijn], klaar_bij: str) -> Termijn | None:
    return next((t for t in lijst if t.klaar_bij == klaar_bij), None)


def _eigen_visitaties(db: Session, voorraad: Werkvoorraad, gebruiker, vandaag: date) -> None:
    """A committee member's or an OD's visitations: the steps their rights open now."""
    query = select(Visitatie).where(Visitatie.status != "afgerond")
    if gebruiker.rol == "commissielid":
        query = query.join(CommissieLid).where(CommissieLid.gebruiker_id == gebruiker.id)
    else:
        query = query.where(Visitatie.od_code == gebruiker.od_code)
    visitaties = list(db.exec(query.order_by(Visitatie.id)).all())
    ods, rondes = _context(db, visitaties)
    for v in visitaties:
        commissierol = vis_ops.commissierol(db, v.id, gebruiker.id)
        r = rechten(rol=gebruiker.rol, eigen_od=gebruiker.od_code, commissierol=commissierol,
                    od_code=v.od_code, status=v.status)
        lijst = termijnen_van(v, rondes.get(v.ronde_id), vandaag)
        for werk in _stappen(db, v, r, lijst, gebruiker.id, ods[v.od_code].naam, vandaag):
            voorraad.voeg_toe(werk)


def _met_termijn(wat: str, voor: str, endpoint: str, args: dict, termijn: Termijn | None,
                 toelichting: str = "") -> Werk:
    return Werk(wat, voor, endpoint, args, termijn.deadline if termijn else None,
                bool(termijn and termijn.te_laat), toelichting)


def _stappen(db: Session, v: Visitatie, r: frozenset[str], lijst: list[Termijn], gebruiker_id: int,
             od_naam: str, vandaag: date) -> list[Werk]:
    """The steps this person may take on one visitation now, each with the deadline it serves."""
    args = {"visitatie_id": v.id}
    concept = _termijn(lijst, "wederhoor")
    uit: list[Werk] = []
    if "zelfevaluatie_bewerken" in r:
        uit.append(_met_termijn("Zelfevaluatie invullen en indienen", od_naam,
                                "visitaties.zelfevaluatie", args,
                                _termijn(lijst, "zelfevaluatie_ingediend")))
    if "beoordeling_bewerken" in r and not _ingediend(db, v, "beoordeling", gebruiker_id):
        uit.append(_met_termijn("Uw beoordeling invullen", od_naam, "visitaties.commissie_vragenlijst",
                                {**args, "soort": "beoordeling"}, concept))
    if "oordeel_bewerken" in r:
        if not _ingediend(db, v, "commissieoordeel", None):
            uit.append(_met_termijn("Oordeel van de commissie vaststellen", od_naam,
                                    "visitaties.commissie_vragenlijst",
                                    {**args, "soort": "commissieoordeel"}, concept))
        else:
            uit.append(_met_termijn("Conceptrapport maken", od_naam, "visitaties.rapport", args,
                                    concept))
    if "concept_bewerken" in r and v.status == "conceptrapport":
        uit.append(_met_termijn("Conceptrapport naar de omgevingsdienst sturen", od_naam,
                                "visitaties.rapport", args, concept))
    uit += _wederhoor(db, v, r, lijst, od_naam)
    if "verbeterplan_bewerken" in r:
        uit += _verbeteracties(db, v, od_naam, vandaag)
    return uit


def _ingediend(db: Session, v: Visitatie, soort: str, gebruiker_id: int | None) -> bool:
    respons = vis_ops.respons_van(db, visitatie=v, soort=soort, gebruiker_id=gebruiker_id)
    return bool(respons and respons.ingediend)


def _wederhoor(db: Session, v: Visitatie, r: frozenset[str], lijst: list[Termijn],
               od_naam: str) -> list[Werk]:
    termijn = _termijn(lijst, "definitief")
    args = {"visitatie_id": v.id}
    if "wederhoor_reageren" in r:
        return [_met_termijn("Reageren op het conceptrapport (wederhoor)", od_naam,
                             "visitaties.wederhoor", args, termijn)]
    if "wederhoor_beantwoorden" in r:
        open_ = sum(reactie.besluit is None for reactie in vis_ops.reacties_van(db, v))
        toelichting = (f"{aantal(open_, 'reactie wacht', 'reacties wachten')} op antwoord."
                       if open_ else "Nog geen reacties van de omgevingsdienst.")
        return [_met_termijn("Wederhoor: reacties beantwoorden", od_naam, "visitaties.wederhoor",
                             args, termijn, toelichting)]
    return []


def _verbeteracties(db: Session, v: Visitatie, od_naam: str, vandaag: date) -> list[Werk]:
    return [Werk(f"Verbeteractie bijwerken: {_kort(a.aanbeveling)}", od_naam, "visitaties.verbeterplan",
                 {"visitatie_id": v.id}, a.deadline, a.te_laat(vandaag))
            for a in vis_ops.acties_van(db, v.id) if a.loopt]


def _kort(tekst: str, lengte: int = 80) -> str:
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1].rstrip() + "…"


def _programma(db: Session, voorraad: Werkvoorraad, vandaag: date) -> None:
    """The programme office: every visitation step that is late or due within four weeks, and
    the improvement plans with actions past their deadline."""
    visitaties = list(db.exec(select(Visitatie).where(Visitatie.status != "afgerond")
                              .order_by(Visitatie.id)).all())
    ods, rondes = _context(db, visitaties)
    for v in visitaties:
        for t in termijnen_van(v, rondes.get(v.ronde_id), vandaag):
            open_ = not status_na(v.status, t.klaar_bij)
            if open_ and (t.te_laat or t.deadline - vandaag <= BINNENKORT):
                voorraad.voeg_toe(Werk(t.stap, ods[v.od_code].naam, "visitaties.detail",
                                       {"visitatie_id": v.id}, t.deadline, t.te_laat,
                                       f"Stand: {v.status_naam.lower()}."))
    _verbeterplannen_te_laat(db, voorraad, ods, vandaag)


def _verbeterplannen_te_laat(db: Session, voorraad: Werkvoorraad, ods: dict, vandaag: date) -> None:
    for visitatie_id, acties in vis_ops.acties_te_laat(db, vandaag).items():
        v = db.get(Visitatie, visitatie_id)
        voorraad.voeg_toe(Werk("Verbeterplan volgen", ods[v.od_code].naam, "visitaties.verbeterplan",
                               {"visitatie_id": v.id}, min(a.deadline for a in acties), True,
                               f"{aantal(len(acties), 'actie is', 'acties zijn')} over de termijn."))


# ------------------------------------------------------------------ ILT and editions


def _ilt_opvolging_od(db: Session, voorraad: Werkvoorraad, od_code: str, vandaag: date) -> None:
    """Published ILT recommendations that are items of the OD (also those addressed to an OD
    merged into it) that it has not closed."""
    for regel in ilt_ops.bevindingen_voor_od(db, od_code, vandaag):
        if regel.bevinding.type not in OPVOLGBARE_TYPEN:
            continue
        opvolging = regel.opvolging_van("od", od_code)
        if opvolging is not None and opvolging.status in GESLOTEN_STATUSSEN:
            continue
        stand = "nog niets vastgelegd" if opvolging is None else OPVOLGSTATUSSEN[opvolging.status].lower()
        voorraad.voeg_toe(Werk(f"ILT-aanbeveling opvolgen: {_kort(regel.bevinding.tekst)}",
                               regel.studie.titel, "ilt.opvolging_bewerken",
                               {"bevinding_id": regel.bevinding.id, "soort": "od", "code": od_code},
                               toelichting=f"Opvolging: {stand}."))


def _ilt_studies(db: Session, voorraad: Werkvoorraad, vandaag: date) -> None:
    """ILT: studies still in concept, and the follow-up that addressed ODs still owe."""
    for studie in db.exec(select(IltStudie).where(IltStudie.status == "concept")
                          .order_by(IltStudie.titel)).all():
        voorraad.voeg_toe(Werk("Studie afmaken en publiceren", studie.titel, "ilt.studie",
                               {"studie_id": studie.id}))
    standen = [s for s in ilt_ops.open_per_od(db, vandaag) if s.open]
    if standen:
        # an item is one recommendation for one service (visitatie/ilt/opvolging.py): "not closed"
        # counts niet vastgelegd too, but names it apart
        open_ = aantal(sum(s.open for s in standen), "opvolgpunt", "opvolgpunten")
        bij = aantal(len(standen), "omgevingsdienst", "omgevingsdiensten")
        niets = sum(s.per_status["niet_vastgelegd"] for s in standen)
        toelichting = f"{open_} niet afgesloten bij {bij}"
        if niets:
            toelichting += f"; bij {getal(niets)} daarvan is geen opvolging vastgelegd"
        voorraad.voeg_toe(Werk("Opvolging van aanbevelingen volgen", "ILT-studies", "ilt.opvolging",
                               toelichting=toelichting + "."))


def _edities(db: Session, voorraad: Werkvoorraad, *, publiceren: bool) -> None:
    """Editions of the Staat van VTH still to write and adopt, and (programme office) to publish."""
    for e in db.exec(select(Editie).where(Editie.status != "gepubliceerd").order_by(Editie.jaar)).all():
        if e.status == "concept":
            voorraad.voeg_toe(Werk("Editie schrijven, bouwen en vaststellen", f"Staat van VTH {e.jaar}",
                                   "publicatie.editie", {"jaar": e.jaar},
                                   toelichting=f"Stand op {datum_nl(e.peildatum)}."))
        elif publiceren:
            voorraad.voeg_toe(Werk("Vastgestelde editie publiceren", f"Staat van VTH {e.jaar}",
                                   "publicatie.editie", {"jaar": e.jaar}))
