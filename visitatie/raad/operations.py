"""Gathering the data of council summaries for an edition, as known on its reference date
(Editie.peildatum): the only part of the summaries that reads the database.

`laad_bron` reads everything an edition's summaries need in a fixed, small number of queries;
`gegevens_voor` then assembles one participant's `Gegevens` without touching the database, so
354 summaries cost the same queries as one. Facts dated after the reference date are left out
(a document adopted later counts as not adopted), so a summary does not drift as data arrive."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from visitatie.ilt.models import OPVOLGBARE_TYPEN
from visitatie.ilt.operations import Regel, betreft_partij, regels
from visitatie.monitoring import statistiek
from visitatie.monitoring.beleidscyclus import Document, beoordeel_cyclus
from visitatie.monitoring.models import (
    BeleidsDocument,
    Indicator,
    KwaliteitscriteriaToets,
    RobuustheidsBeoordeling,
    RobuustheidsCriterium,
    RobuustheidsOordeel,
    Waarneming,
)
from visitatie.monitoring.robuustheid import oordeel_over_geheel
from visitatie.publicatie.models import Editie
from visitatie.raad.gegevens import (
    Criterium,
    Gegevens,
    IltPunt,
    Kerncijfer,
    Kwaliteit,
    OdGegevens,
    Robuustheid,
    ThemaOordeel,
    Verbeteractie,
    Visitatie,
    Voorganger,
)
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst, Provincie
from visitatie.register.operations import geldig_op
from visitatie.vragenlijsten.definitie import Vragenlijst

KERNCIJFERS = ("bedrijven", "inspecties", "handhavingsacties", "personeel_fte")
GESLOTEN = ("afgerond", "niet_overgenomen")
# Common names that differ from the CBS name, so the search finds them too.
ANDERE_NAMEN = {"denhaag": "GM0518", "denbosch": "GM0796"}


def zoeksleutel(tekst: str) -> str:
    """Lower case without accents, spaces, hyphens or apostrophes: "'s-Gravenhage" and
    "s gravenhage" both become "sgravenhage", "Súdwest-Fryslân" becomes "sudwestfryslan"."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "".join(c for c in zonder_accenten.lower() if c.isalnum())


@dataclass(frozen=True)
class Deelnemer:
    code: str
    naam: str
    soort: str  # gemeente | provincie
    provincie_code: str
    provincie_naam: str

    @property
    def weergavenaam(self) -> str:
        return self.naam if self.soort == "gemeente" else f"Provincie {self.naam}"


def zoek(deelnemers: list[Deelnemer], term: str) -> list[Deelnemer]:
    """Participants whose name (or a common other name) contains the term, tolerant of case,
    accents and punctuation; exact code matches (GM0363, PV27) too."""
    sleutel = zoeksleutel(term)
    if not sleutel:
        return []
    andere = {code for naam, code in ANDERE_NAMEN.items() if sleutel in naam}
    return [d for d in deelnemers if sleutel in zoeksleutel(d.naam) or d.code.lower() == sleutel
            or d.code in andere]


@dataclass
class Bron:
    """Everything the summaries of one edition need, read once."""

    editie_jaar: int
    peildatum: date
    cijferjaar: int
    cyclusjaren: tuple[int, ...]
    deelnemers: dict[str, Deelnemer]
    ods: dict[str, Omgevingsdienst]
    ods_van: dict[str, list[str]]
    od_provincies: dict[str, set[str]]
    robuustheid: dict[str, Robuustheid] = field(default_factory=dict)
    kwaliteit: dict[str, Kwaliteit] = field(default_factory=dict)
    documenten: dict[tuple[str, str], list[Document]] = field(default_factory=dict)
    waarden: dict[str, dict[str, float]] = field(default_factory=dict)
    indicatoren: dict[str, Indicator] = field(default_factory=dict)
    ilt: list[Regel] = field(default_factory=list)
    visitaties: dict[str, Visitatie] = field(default_factory=dict)
    voorgangers: dict[tuple[str, str], list[Omgevingsdienst]] = field(default_factory=dict)
    fictief: bool = False

    def gesorteerd(self) -> list[Deelnemer]:
        """Municipalities by name, then provinces by name (never by any score)."""
        return sorted(self.deelnemers.values(), key=lambda d: (d.soort != "gemeente", zoeksleutel(d.naam)))


def laad_bron(db: Session, editie: Editie, *, codes: set[str] | None = None) -> Bron:
    """Read an edition's data; `codes` limits the per-participant parts (documents) to those."""
    peildatum = editie.peildatum
    deelnemers = _deelnemers(db, peildatum)
    ods = {od.code: od for od in db.exec(
        select(Omgevingsdienst).where(geldig_op(Omgevingsdienst, peildatum)))}
    ods_van: dict[str, list[str]] = defaultdict(list)
    query = (select(Deelname.od_code, Deelname.deelnemer_code).where(geldig_op(Deelname, peildatum))
             .order_by(Deelname.od_code))
    if codes is not None:
        query = query.where(Deelname.deelnemer_code.in_(codes))
    for od_code, deelnemer_code in db.exec(query):
        if od_code in ods:
            ods_van[deelnemer_code].append(od_code)
    od_provincies: dict[str, set[str]] = defaultdict(set)
    for od_code, pv in db.exec(select(OdProvincie.od_code, OdProvincie.provincie_code)):
        od_provincies[od_code].add(pv)
    bron = Bron(editie.jaar, peildatum, peildatum.year - 1, (peildatum.year - 1, peildatum.year),
                deelnemers, ods, dict(ods_van), dict(od_provincies))
    nodig = set(ods) if codes is None else {o for c in codes for o in ods_van.get(c, [])}
    _laad_robuustheid(db, bron, nodig)
    _laad_kwaliteit(db, bron, nodig)
    _laad_documenten(db, bron, codes)
    _laad_waarden(db, bron)
    bron.ilt = [r for r in regels(db) if r.bevinding.type in OPVOLGBARE_TYPEN
                and r.studie.publicatiedatum is not None and r.studie.publicatiedatum <= peildatum]
    bron.voorgangers = _voorgangers(db, bron, codes)
    oud = {o.code for lijst in bron.voorgangers.values() for o in lijst}
    bron.visitaties = visitaties_op(db, nodig | oud, peildatum)
    return bron


def _voorgangers(db: Session, bron: Bron, codes: set[str] | None) -> dict:
    """Per (participant, current OD) the ODs the participant took part in until they merged into
    the current OD, when that merger falls in the summary's cycle years (the period before)."""
    grens = date(bron.cyclusjaren[0], 1, 1)
    oud = {od.code: od for od in db.exec(select(Omgevingsdienst).where(
        Omgevingsdienst.opvolger_code.in_(list(bron.ods)), Omgevingsdienst.geldig_tot >= grens))}
    query = select(Deelname).where(Deelname.od_code.in_(list(oud)))
    if codes is not None:
        query = query.where(Deelname.deelnemer_code.in_(codes))
    uit: dict[tuple[str, str], list[Omgevingsdienst]] = defaultdict(list)
    for d in db.exec(query) if oud else ():
        od = oud[d.od_code]
        if d.geldig_tot == od.geldig_tot and od.opvolger_code in bron.ods_van.get(d.deelnemer_code, []):
            uit[(d.deelnemer_code, od.opvolger_code)].append(od)
    return dict(uit)


def visitaties_op(db: Session, od_codes: set[str], peildatum: date) -> dict[str, Visitatie]:
    """Per OD its latest visitation whose report was published on or before the reference date
    (only published reports are public), with the committee's judgement per theme, its strong
    points and recommendations, and the improvement plan's actions. The actions' state is
    today's (it has no history). Four queries, however many ODs."""
    from visitatie.visitaties.models import Respons
    from visitatie.visitaties.models import Verbeteractie as ActieRij
    from visitatie.visitaties.models import Visitatie as VisitatieRij
    from visitatie.visitaties.operations import antwoorden_per_respons, lijst_van

    query = (select(VisitatieRij).where(VisitatieRij.od_code.in_(od_codes),
                                        VisitatieRij.gepubliceerd_op.is_not(None),
                                        VisitatieRij.gepubliceerd_op <= peildatum)
             .order_by(VisitatieRij.gepubliceerd_op, VisitatieRij.id))
    laatste = {v.od_code: v for v in db.exec(query)}
    if not laatste:
        return {}
    ids = [v.id for v in laatste.values()]
    oordelen = {r.visitatie_id: r for r in db.exec(select(Respons).where(
        Respons.visitatie_id.in_(ids), Respons.soort == "commissieoordeel"))}
    antwoorden = antwoorden_per_respons(db, [r.id for r in oordelen.values()])
    acties: dict[int, list[ActieRij]] = defaultdict(list)
    for a in db.exec(select(ActieRij).where(ActieRij.visitatie_id.in_(ids)).order_by(ActieRij.id)):
        acties[a.visitatie_id].append(a)
    uit = {}
    for od_code, v in laatste.items():
        oordeel = oordelen.get(v.id)
        lijst, eigen = (lijst_van(oordeel), antwoorden.get(oordeel.id, {})) if oordeel else (None, {})
        punten = _bevindingen(lijst, eigen) if lijst else {}
        uit[od_code] = Visitatie(
            v.bezoek_van or v.gepubliceerd_op, _thema_oordelen(lijst, eigen) if lijst else (),
            tuple(punten.get("sterk_punt", [])), tuple(punten.get("aanbeveling", [])),
            tuple(Verbeteractie(a.aanbeveling, a.deadline, a.status in ("gereed", "vervallen"))
                  for a in acties[v.id]))
    return uit


def _thema_oordelen(lijst: Vragenlijst, antwoorden: dict[str, Any]) -> tuple[ThemaOordeel, ...]:
    """The committee's maturity level per theme, in the framework's order."""
    from visitatie.visitaties.kalibratie import oordeelvragen_per_thema

    uit = []
    for thema, (sectie, vraag) in oordeelvragen_per_thema(lijst).items():
        niveau = antwoorden.get(vraag.code)
        niveau = niveau if isinstance(niveau, int) and not isinstance(niveau, bool) else None
        labels = {n.waarde: n.label for n in vraag.niveaus}
        uit.append(ThemaOordeel(thema, sectie.titel, niveau, labels.get(niveau, ""),
                                max(labels, default=0)))
    return tuple(uit)


def _bevindingen(lijst: Vragenlijst, antwoorden: dict[str, Any]) -> dict[str, list[str]]:
    """The committee's findings by type (sterk_punt, aanbeveling, ...) from its judgement."""
    per_type: dict[str, list[str]] = defaultdict(list)
    for vraag in lijst.vragen.values():
        if vraag.type == "bevindingen":
            for item in antwoorden.get(vraag.code) or []:
                per_type[item["type"]].append(item["tekst"])
    return per_type


def deelnemers_op(db: Session, peildatum: date) -> list[Deelnemer]:
    """Municipalities (by name) then provinces that existed on the date: for the portal's search."""
    return sorted(_deelnemers(db, peildatum).values(),
                  key=lambda d: (d.soort != "gemeente", zoeksleutel(d.naam)))


def _deelnemers(db: Session, peildatum: date) -> dict[str, Deelnemer]:
    """Plain columns, not ORM objects: every municipality is read on every summary page."""
    provincies = dict(db.exec(select(Provincie.code, Provincie.naam)).all())
    uit = {code: Deelnemer(code, naam, "provincie", code, naam) for code, naam in provincies.items()}
    gemeenten = select(Gemeente.code, Gemeente.naam, Gemeente.provincie_code).where(
        geldig_op(Gemeente, peildatum))
    for code, naam, provincie in db.exec(gemeenten):
        uit[code] = Deelnemer(code, naam, "gemeente", provincie, provincies[provincie])
    return uit


def _laad_robuustheid(db: Session, bron: Bron, od_codes: set[str]) -> None:
    laatste: dict[str, RobuustheidsBeoordeling] = {}
    query = (select(RobuustheidsBeoordeling).where(RobuustheidsBeoordeling.datum <= bron.peildatum,
                                                   RobuustheidsBeoordeling.od_code.in_(od_codes))
             .order_by(RobuustheidsBeoordeling.datum, RobuustheidsBeoordeling.id))
    for b in db.exec(query):
        laatste[b.od_code] = b  # the latest assessment counts, whoever made it
    criteria: dict[str, list[RobuustheidsCriterium]] = defaultdict(list)
    for c in db.exec(select(RobuustheidsCriterium).order_by(RobuustheidsCriterium.volgorde)):
        criteria[c.versie].append(c)
    oordelen: dict[int, dict[str, RobuustheidsOordeel]] = defaultdict(dict)
    ids = [b.id for b in laatste.values()]
    for o in db.exec(select(RobuustheidsOordeel).where(RobuustheidsOordeel.beoordeling_id.in_(ids))):
        oordelen[o.beoordeling_id][o.criterium_code] = o
    for od_code, b in laatste.items():
        eigen = oordelen[b.id]
        rij = tuple(Criterium(c.titel, eigen[c.code].resultaat, eigen[c.code].actieplan,
                              eigen[c.code].streefdatum)
                    for c in criteria[b.criteria_versie] if c.code in eigen)
        geheel = oordeel_over_geheel([c.resultaat for c in rij], len(criteria[b.criteria_versie]))
        bron.robuustheid[od_code] = Robuustheid(b.datum, b.beoordelaar, geheel, rij)
        bron.fictief |= b.fictief


def _laad_kwaliteit(db: Session, bron: Bron, od_codes: set[str]) -> None:
    query = (select(KwaliteitscriteriaToets).where(KwaliteitscriteriaToets.datum <= bron.peildatum,
                                                   KwaliteitscriteriaToets.od_code.in_(od_codes))
             .order_by(KwaliteitscriteriaToets.datum, KwaliteitscriteriaToets.id))
    for t in db.exec(query):
        bron.kwaliteit[t.od_code] = Kwaliteit(t.datum, t.criteria_versie, t.methode, t.aantal_voldaan,
                                              t.aantal_totaal)
        bron.fictief |= t.fictief


def _bekend_op(d: date | None, peildatum: date) -> date | None:
    return d if d is not None and d <= peildatum else None


def _laad_documenten(db: Session, bron: Bron, codes: set[str] | None) -> None:
    query = select(BeleidsDocument.od_code, BeleidsDocument.deelnemer_code, BeleidsDocument.soort,
                   BeleidsDocument.jaar, BeleidsDocument.vastgesteld_op, BeleidsDocument.verzonden_op,
                   BeleidsDocument.fictief).where(BeleidsDocument.jaar <= bron.peildatum.year)
    if codes is not None:
        query = query.where(BeleidsDocument.deelnemer_code.in_(codes))
    documenten: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for od_code, deelnemer, soort, jaar, vastgesteld, verzonden, fictief in db.exec(query):
        documenten[(od_code, deelnemer)].append(Document(
            soort, jaar, _bekend_op(vastgesteld, bron.peildatum), _bekend_op(verzonden, bron.peildatum)))
        bron.fictief |= fictief
    bron.documenten = dict(documenten)


def _laad_waarden(db: Session, bron: Bron) -> None:
    """Final OD-level values of the key figures in the figures year (the public sees final only)."""
    bron.indicatoren = {i.code: i for i in db.exec(select(Indicator).where(Indicator.code.in_(KERNCIJFERS)))}
    query = select(Waarneming.indicator_code, Waarneming.od_code, Waarneming.waarde,
                   Waarneming.fictief).where(
        Waarneming.jaar == bron.cijferjaar, Waarneming.gemeente_code == "",
        Waarneming.status == "definitief", Waarneming.indicator_code.in_(KERNCIJFERS))
    waarden: dict[str, dict[str, float]] = defaultdict(dict)
    for code, od_code, waarde, fictief in db.exec(query):
        waarden[code][od_code] = float(waarde)
        bron.fictief |= fictief
    bron.waarden = dict(waarden)


# --- assembling one participant (no database) ----------------------------------------------

def gegevens_voor(bron: Bron, code: str) -> Gegevens | None:
    """One participant's summary data, or None when it did not exist on the reference date."""
    deelnemer = bron.deelnemers.get(code)
    if deelnemer is None:
        return None
    od_codes = bron.ods_van.get(code, [])
    ods = tuple(_od_gegevens(bron, deelnemer, bron.ods[c]) for c in od_codes)
    return Gegevens(code, deelnemer.naam, deelnemer.soort, deelnemer.provincie_naam, bron.editie_jaar,
                    bron.peildatum, bron.cijferjaar, tuple(sorted(ods, key=lambda o: o.naam)),
                    _ilt_punten(bron, deelnemer, od_codes), bron.fictief)


def _od_gegevens(bron: Bron, deelnemer: Deelnemer, od: Omgevingsdienst) -> OdGegevens:
    voorgangers = sorted(bron.voorgangers.get((deelnemer.code, od.code), []), key=lambda o: o.naam)
    documenten = [d for o in (od, *voorgangers) for d in bron.documenten.get((o.code, deelnemer.code), [])]
    uhs = [d.jaar for d in documenten if d.soort == "uhs" and d.jaar <= bron.peildatum.year]
    return OdGegevens(od.code, od.naam, od.afkorting, bron.robuustheid.get(od.code),
                      bron.kwaliteit.get(od.code),
                      tuple(beoordeel_cyclus(documenten, jaar, bron.peildatum) for jaar in bron.cyclusjaren),
                      max(uhs) if uhs else None, _kerncijfers(bron, deelnemer, od.code),
                      bron.visitaties.get(od.code),
                      tuple(Voorganger(o.code, o.naam, o.afkorting, o.geldig_tot, bron.visitaties.get(o.code))
                            for o in voorgangers))


def _kerncijfers(bron: Bron, deelnemer: Deelnemer, od_code: str) -> tuple[Kerncijfer, ...]:
    """The OD's value against the median of the ODs in the participant's province and of all ODs."""
    in_provincie = {c for c, pvs in bron.od_provincies.items() if deelnemer.provincie_code in pvs}
    uit = []
    for code in KERNCIJFERS:
        if code not in bron.indicatoren:
            continue
        waarden = bron.waarden.get(code, {})
        provincie = [w for c, w in waarden.items() if c in in_provincie]
        uit.append(Kerncijfer(bron.indicatoren[code].naam, bron.indicatoren[code].eenheid, bron.cijferjaar,
                              waarden.get(od_code), statistiek.mediaan(provincie),
                              statistiek.mediaan(waarden.values())))
    return tuple(uit)


def _ilt_punten(bron: Bron, deelnemer: Deelnemer, od_codes: list[str]) -> tuple[IltPunt, ...]:
    """Open-able ILT points for this participant: addressed to its kind of authority (or this
    province by name), or to its OD(s) by name or as the category of all ODs."""
    punten = []
    for r in bron.ilt:
        adres = _adres(r, deelnemer, od_codes, bron)
        if adres is not None:
            punten.append(IltPunt(r.studie.titel, r.studie.publicatiedatum, r.bevinding.tekst, *adres))
    return tuple(punten)


def _adres(r: Regel, deelnemer: Deelnemer, od_codes: list[str], bron: Bron) -> tuple[str, str | None] | None:
    """(to whom, in words; follow-up status) when the finding concerns the participant."""
    if deelnemer.soort == "provincie" and betreft_partij(r, "provincie", deelnemer.code):
        opvolging = r.opvolging_van("provincie", deelnemer.code)
        naam = ("alle provincies" if "provincies" in r.codes("actor") else f"provincie {deelnemer.naam}")
        return naam, opvolging.status if opvolging else None
    if deelnemer.soort == "gemeente" and "gemeenten" in r.codes("actor"):
        return "alle gemeenten", None
    eigen = [c for c in od_codes if c in r.codes("od")]
    if eigen or (od_codes and "omgevingsdiensten" in r.codes("actor")):
        betrokken = eigen or od_codes
        statussen = [o.status if (o := r.opvolging_van("od", c)) else None for c in betrokken]
        open_ = [s for s in statussen if s not in GESLOTEN]
        naam = (", ".join(bron.ods[c].afkorting for c in eigen) if eigen else "alle omgevingsdiensten")
        return naam, (open_[0] if open_ else statussen[0])
    return None


def samenvatting_voor(bron: Bron, code: str):
    from visitatie.raad.samenvatting import bouw_samenvatting

    gegevens = gegevens_voor(bron, code)
    return bouw_samenvatting(gegevens) if gegevens else None


# --- editions -------------------------------------------------------------------------------

def gepubliceerde_edities(db: Session) -> list[Editie]:
    """Published editions, newest first: the only ones the public portal shows."""
    return list(db.exec(select(Editie).where(Editie.status == "gepubliceerd").order_by(Editie.jaar.desc())))


def editie_met_jaar(db: Session, jaar: int) -> Editie | None:
    return db.exec(select(Editie).where(Editie.jaar == jaar)).first()


def cycli_overzicht(bron: Bron) -> dict:
    """The clerks' overview of an edition as plain data (frozen with the edition's build): per
    participant and OD, by name, each cycle year's status and whether it was on time."""
    rijen = [{"code": d.code, "naam": d.weergavenaam, "provincie": d.provincie_code, "od": od.afkorting,
              "cycli": [{"jaar": c.jaar, "status": c.status, "op_tijd": c.op_tijd} for c in od.cycli]}
             for d in bron.gesorteerd() for od in gegevens_voor(bron, d.code).ods]
    provincies = sorted({(d.provincie_code, d.provincie_naam) for d in bron.deelnemers.values()},
                        key=lambda p: p[1])
    return {"jaren": list(bron.cyclusjaren), "provincies": [list(p) for p in provincies],
            "rijen": rijen, "fictief": bron.fictief}
