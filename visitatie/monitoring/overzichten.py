"""Reading monitoring data for pages: the OD profile, the national table per indicator.

`intern` says whether the reader may see non-public data (provisional observations): the
public reads final data only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, distinct, func, select

from visitatie.monitoring import statistiek
from visitatie.monitoring.beleidscyclus import CyclusOordeel, Document, beoordeel_cyclus
from visitatie.monitoring.models import (
    BEOORDELAARS,
    BeleidsDocument,
    Indicator,
    KwaliteitscriteriaToets,
    RobuustheidsBeoordeling,
    RobuustheidsCriterium,
    RobuustheidsOordeel,
    Waarneming,
    WaarnemingCorrectie,
)
from visitatie.monitoring.operations import deelnemer_namen
from visitatie.monitoring.robuustheid import (
    OORDEEL_TEKST,
    geldig_oordeel,
    geldige_oordelen,
    oordeel_over_geheel,
)
from visitatie.register.models import Deelname, Omgevingsdienst
from visitatie.register.operations import deelnemers_op, ods_op
from visitatie.timeutil import vandaag

GROEP_INDICATOR = "werkprogramma"


def zichtbare_waarnemingen(intern: bool):
    query = select(Waarneming)
    return query if intern else query.where(Waarneming.status == "definitief")


# --- robustness and quality -----------------------------------------------------------------

@dataclass
class Beoordeling:
    beoordeling: RobuustheidsBeoordeling
    regels: list[tuple[RobuustheidsCriterium, RobuustheidsOordeel | None]]
    geheel: str


def robuustheid_van(db: Session, od_code: str, *, hoogstens: int | None = None) -> list[Beoordeling]:
    """The OD's assessments, newest first (at most `hoogstens`), each with its criteria in order
    (three queries, however many assessments there are)."""
    beoordelingen = db.exec(select(RobuustheidsBeoordeling).where(
        RobuustheidsBeoordeling.od_code == od_code).order_by(
        RobuustheidsBeoordeling.datum.desc(), RobuustheidsBeoordeling.id.desc()).limit(hoogstens)).all()
    criteria = _criteria_per_versie(db, {b.criteria_versie for b in beoordelingen})
    oordelen: dict[int, dict[str, RobuustheidsOordeel]] = defaultdict(dict)
    for o in db.exec(select(RobuustheidsOordeel).where(
            RobuustheidsOordeel.beoordeling_id.in_([b.id for b in beoordelingen]))):
        oordelen[o.beoordeling_id][o.criterium_code] = o
    uit = []
    for b in beoordelingen:
        regels = [(c, oordelen[b.id].get(c.code)) for c in criteria[b.criteria_versie]]
        uit.append(Beoordeling(b, regels, oordeel_over_geheel(
            [o.resultaat for _, o in regels if o], len(regels))))
    return uit


def _criteria_per_versie(db: Session, versies: set[str]) -> dict[str, list[RobuustheidsCriterium]]:
    per_versie: dict[str, list[RobuustheidsCriterium]] = defaultdict(list)
    for c in db.exec(select(RobuustheidsCriterium).where(RobuustheidsCriterium.versie.in_(versies))
                     .order_by(RobuustheidsCriterium.volgorde)):
        per_versie[c.versie].append(c)
    return per_versie


def kwaliteit_van(db: Session, od_code: str, *,
                  hoogstens: int | None = None) -> list[KwaliteitscriteriaToets]:
    """The OD's quality checks, newest first (at most `hoogstens`)."""
    return list(db.exec(select(KwaliteitscriteriaToets).where(KwaliteitscriteriaToets.od_code == od_code)
                        .order_by(KwaliteitscriteriaToets.datum.desc()).limit(hoogstens)).all())


def landelijk_robuustheidsbeeld(db: Session) -> dict[str, int]:
    """Per overall judgement, how many of today's ODs got it in their verdict (`geldig_oordeel`:
    the minister's latest, else the board's).

    Four queries in all: the overview page must not do one per OD."""
    bestaand = {od.code for od in ods_op(db, vandaag())}
    laatste = geldige_oordelen(b for b in db.exec(select(RobuustheidsBeoordeling)) if b.od_code in bestaand)
    aantal_criteria: dict[str, int] = defaultdict(int)
    for versie in db.exec(select(RobuustheidsCriterium.versie)):
        aantal_criteria[versie] += 1
    resultaten: dict[int, list[str]] = defaultdict(list)
    ids = [b.id for b in laatste.values()]
    for o in db.exec(select(RobuustheidsOordeel).where(RobuustheidsOordeel.beoordeling_id.in_(ids))):
        resultaten[o.beoordeling_id].append(o.resultaat)
    telling: dict[str, int] = defaultdict(int)
    for b in laatste.values():
        telling[oordeel_over_geheel(resultaten[b.id], aantal_criteria[b.criteria_versie])] += 1
    return dict(telling)


# --- policy cycle -------------------------------------------------------------------------

@dataclass
class Deelnemercyclus:
    code: str
    naam: str
    per_jaar: dict[int, CyclusOordeel] = field(default_factory=dict)
    documenten: list[BeleidsDocument] = field(default_factory=list)

    def document(self, ref: int | None) -> BeleidsDocument | None:
        return next((d for d in self.documenten if d.id == ref), None)


def cycli_van(db: Session, od_code: str, jaren: list[int], peildatum: date,
              deelnemers: list[tuple[Deelname, str]] | None = None) -> list[Deelnemercyclus]:
    """Per current participant (provinces first, then municipalities by name) the derived cycle;
    `deelnemers` is `deelnemers_op(db, od_code, peildatum)` when the caller already has it."""
    docs: dict[str, list[BeleidsDocument]] = defaultdict(list)
    for d in db.exec(select(BeleidsDocument).where(BeleidsDocument.od_code == od_code)
                     .order_by(BeleidsDocument.jaar, BeleidsDocument.soort)):
        docs[d.deelnemer_code].append(d)
    uit = []
    if deelnemers is None:
        deelnemers = deelnemers_op(db, od_code, peildatum)
    for deelname, naam in deelnemers:
        eigen = docs.get(deelname.deelnemer_code, [])
        plain = [Document(d.soort, d.jaar, d.vastgesteld_op, d.verzonden_op, d.id) for d in eigen]
        uit.append(Deelnemercyclus(
            deelname.deelnemer_code, naam if deelname.soort == "gemeente" else f"Provincie {naam}",
            {j: beoordeel_cyclus(plain, j, peildatum) for j in jaren}, eigen))
    return uit


def cyclus_telling(cycli: list[Deelnemercyclus], jaar: int) -> dict[str, int]:
    telling = {"compleet": 0, "lopend": 0, "onvolledig": 0, "op_tijd": 0, "totaal": len(cycli)}
    for c in cycli:
        oordeel = c.per_jaar[jaar]
        telling[oordeel.status] += 1
        telling["op_tijd"] += oordeel.op_tijd and oordeel.status == "compleet"
    return telling


# --- indicators ---------------------------------------------------------------------------

def reeksen_van(db: Session, od_code: str, intern: bool) -> list[tuple[Indicator, list[Waarneming]]]:
    """Per indicator the OD-level observations by year (municipality rows are left out here)."""
    per_indicator: dict[str, list[Waarneming]] = defaultdict(list)
    query = zichtbare_waarnemingen(intern).where(Waarneming.od_code == od_code,
                                                 Waarneming.gemeente_code == "")
    for w in db.exec(query.order_by(Waarneming.jaar)):
        per_indicator[w.indicator_code].append(w)
    indicatoren = db.exec(select(Indicator).order_by(Indicator.naam)).all()
    return [(i, per_indicator[i.code]) for i in indicatoren if per_indicator[i.code]]


def aantal_reeksen(db: Session, od_code: str, intern: bool) -> int:
    """How many series `reeksen_van` would return, counted in SQL (no observation is loaded)."""
    query = (select(func.count(distinct(Indicator.code)))
             .join(Waarneming, Waarneming.indicator_code == Indicator.code)
             .where(Waarneming.od_code == od_code, Waarneming.gemeente_code == ""))
    if not intern:
        query = query.where(Waarneming.status == "definitief")
    return db.exec(query).one()


@dataclass(frozen=True)
class Vergelijking:
    mediaan: float | None
    groep: str | None
    groepsmediaan: float | None


def vergelijkingen_voor(db: Session, od_code: str, intern: bool) -> dict[tuple[str, int], Vergelijking]:
    """Per (indicator, year) the national median, this OD's peer group and that group's median,
    as in the national tables; from one query over all OD-level observations."""
    per_jaar: dict[int, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    # Plain columns, not ORM objects: about a thousand rows per page view.
    query = select(Waarneming.jaar, Waarneming.indicator_code, Waarneming.od_code, Waarneming.waarde).where(
        Waarneming.gemeente_code == "")
    if not intern:
        query = query.where(Waarneming.status == "definitief")
    for jaar, indicator_code, code, waarde in db.exec(query):
        per_jaar[jaar][indicator_code][code] = waarde
    uit = {}
    eenheden = dict(db.exec(select(Indicator.code, Indicator.eenheid)).all())
    for jaar, per_indicator in per_jaar.items():
        omvang = per_indicator.get(GROEP_INDICATOR, {})
        groepen = statistiek.vergelijkingsgroepen(omvang) if omvang else {}
        groep = groepen.get(od_code)
        for code, waarden in per_indicator.items():
            if od_code in waarden:
                eenheid = eenheden.get(code)
                mediaan_groep = statistiek.groepsmedianen(waarden, groepen, eenheid)[groep] if groep else None
                uit[(code, jaar)] = Vergelijking(statistiek.mediaan(waarden.values(), eenheid), groep,
                                                 mediaan_groep)
    return uit


def gemeentecijfers_van(db: Session, od_code: str, intern: bool) -> list[tuple[Indicator, Waarneming, str]]:
    """Observations per municipality of this OD, by indicator, year and municipality name."""
    query = zichtbare_waarnemingen(intern).where(Waarneming.od_code == od_code,
                                                 Waarneming.gemeente_code != "")
    waarnemingen = db.exec(query).all()
    if not waarnemingen:
        return []  # most ODs: spare loading every municipality's name
    indicatoren = {i.code: i for i in db.exec(select(Indicator))}
    namen = deelnemer_namen(db)
    rijen = [(indicatoren[w.indicator_code], w, namen.get(w.gemeente_code, w.gemeente_code))
             for w in waarnemingen]
    return sorted(rijen, key=lambda r: (r[0].naam, r[1].jaar, r[2]))


def beschikbare_jaren(db: Session, indicator_code: str, intern: bool) -> list[int]:
    query = zichtbare_waarnemingen(intern).where(Waarneming.indicator_code == indicator_code)
    return sorted({w.jaar for w in db.exec(query)})


@dataclass
class LandelijkeTabel:
    indicator: Indicator
    jaar: int
    rijen: list[tuple[Omgevingsdienst, Waarneming, str | None]]  # sorted by OD name, never by value
    mediaan: float | None
    groepsmedianen: dict[str, float | None]
    groepsgrootte: dict[str, int]
    fictief: bool


def landelijke_tabel(db: Session, *, indicator: Indicator, jaar: int, intern: bool) -> LandelijkeTabel:
    """All ODs' values of one indicator in one year, with the median and peer-group medians."""
    voorwaarden = [Waarneming.jaar == jaar, Waarneming.gemeente_code == ""]
    if not intern:
        voorwaarden.append(Waarneming.status == "definitief")
    rijen = db.exec(select(Waarneming, Omgevingsdienst)
                    .join(Omgevingsdienst, Omgevingsdienst.code == Waarneming.od_code)
                    .where(Waarneming.indicator_code == indicator.code, *voorwaarden)
                    .order_by(Omgevingsdienst.naam, Omgevingsdienst.code)).all()
    omvang = {w.od_code: w.waarde for w in db.exec(
        select(Waarneming).where(Waarneming.indicator_code == GROEP_INDICATOR, *voorwaarden))}
    groepen = statistiek.vergelijkingsgroepen(omvang) if omvang else {}
    waarden = {w.od_code: w.waarde for w, _ in rijen}
    grootte = {g: sum(1 for x in groepen.values() if x == g) for g in statistiek.GROEPEN}
    return LandelijkeTabel(
        indicator, jaar, [(od, w, groepen.get(od.code)) for w, od in rijen],
        statistiek.mediaan(waarden.values(), indicator.eenheid),
        statistiek.groepsmedianen(waarden, groepen, indicator.eenheid), grootte,
        any(w.fictief for w, _ in rijen))


def correcties_van(db: Session, waarneming_id: int) -> list[WaarnemingCorrectie]:
    return list(db.exec(select(WaarnemingCorrectie).where(WaarnemingCorrectie.waarneming_id == waarneming_id)
                        .order_by(WaarnemingCorrectie.tijdstip.desc(), WaarnemingCorrectie.id.desc())).all())


# --- the OD page hook ---------------------------------------------------------------------

def od_profiel_samenvatting(db: Session, od_code: str, *, intern: bool, peildatum: date,
                            deelnemers: list[tuple[Deelname, str]]) -> dict:
    """What the register's OD page shows in its monitoring section (templates/monitoring/
    _od_profiel.html): latest robustness judgement, latest quality check, last year's cycles.
    `deelnemers` are the OD's participants on `peildatum`, which the page shows anyway."""
    alle = robuustheid_van(db, od_code)
    geldig = geldig_oordeel([b.beoordeling for b in alle])
    laatste = next((b for b in alle if b.beoordeling is geldig), None)
    jaar = peildatum.year - 1
    cycli = cycli_van(db, od_code, [jaar], peildatum, deelnemers)
    return {
        "od_code": od_code,
        "robuustheid": laatste,
        "robuustheid_tekst": OORDEEL_TEKST[laatste.geheel] if laatste else "",
        "beoordelaar_tekst": BEOORDELAARS[laatste.beoordeling.beoordelaar] if laatste else "",
        "kwaliteit": next(iter(kwaliteit_van(db, od_code, hoogstens=1)), None),
        "cyclusjaar": jaar,
        "cyclus": cyclus_telling(cycli, jaar) if cycli else None,
        "aantal_reeksen": aantal_reeksen(db, od_code, intern),
    }


def deelnemer_naam(db: Session, code: str) -> str:
    return deelnemer_namen(db).get(code, code)

