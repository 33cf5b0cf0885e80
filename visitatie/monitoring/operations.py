"""Writing monitoring data. Operations add and flush and write an audit line; the caller
(view or CLI command) commits. Reading for pages lives in `overzichten.py`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, SQLModel, select

from visitatie import versies
from visitatie.audit.operations import log
from visitatie.bronnen import REFERENTIEDATA
from visitatie.errors import DomeinFout
from visitatie.monitoring import definities
from visitatie.monitoring.beleidscyclus import SOORTEN
from visitatie.monitoring.invoer import Geldigheid, IndicatorRegel, lees_waarnemingen
from visitatie.monitoring.models import (
    BEOORDELAARS,
    KWALITEIT_VERSIES,
    METHODEN,
    STATUSSEN,
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
from visitatie.monitoring.robuustheid import controleer_oordeel
from visitatie.register.models import Deelname, Gemeente, Omgevingsdienst, Provincie


def laad_definities(db: Session, *, map_: Path | None = None) -> dict[str, dict[str, int]]:
    """Synchronise criteria sets and indicator definitions with data/: idempotent.

    Definitions are only added or updated, never deleted: observations and assessments refer
    to them, and an old version must stay readable."""
    map_ = map_ or REFERENTIEDATA
    criteria, indicatoren = definities.lees_criteria(map_), definities.lees_indicatoren(map_)
    tellingen = {
        "robuustheidscriteria": _bij_werken(db, RobuustheidsCriterium, criteria,
                                            lambda c: (c.versie, c.code)),
        "indicatoren": _bij_werken(db, Indicator, indicatoren, lambda i: i.code),
    }
    if any(t["nieuw"] or t["gewijzigd"] for t in tellingen.values()):
        log(db, actie="monitoring.definities_laden", object_type="monitoring", object_id=str(map_),
            na=tellingen)
    return tellingen


def _bij_werken(db: Session, model: type[SQLModel], nieuw: list[SQLModel], sleutel) -> dict[str, int]:
    telling = {"nieuw": 0, "gewijzigd": 0}
    for obj in nieuw:
        oud = db.get(model, sleutel(obj))
        if oud is None:
            db.add(obj)
            telling["nieuw"] += 1
            continue
        gewijzigd = False
        for veld, waarde in obj.model_dump().items():
            if getattr(oud, veld) != waarde:
                setattr(oud, veld, waarde)
                gewijzigd = True
        telling["gewijzigd"] += gewijzigd
    db.flush()
    return telling


# --- observations -------------------------------------------------------------------------

def importeer_waarnemingen(db: Session, *, path: Path, bestandsnaam: str, door: str,
                           corrigeren: bool = False, reden: str = "",
                           fictief: bool = False, eigen_od: str | None = None) -> MonitoringImport:
    """Import a CSV or XLSX file of observations: all of it, or (ImportFout) nothing.

    Rows that match an existing observation are refused, unless `corrigeren` is set: then they
    are corrections, each keeping the old value with who and why (`reden` is required).
    `eigen_od`: the submitter is bound to that OD (see invoer.lees_waarnemingen)."""
    if corrigeren and not reden.strip():
        raise DomeinFout("Geef een reden voor de correcties.", "reden")
    bestaand = {(w.indicator_code, w.od_code, w.gemeente_code, w.jaar): w
                for w in db.exec(select(Waarneming)).all()}
    rijen = lees_waarnemingen(
        path, bestandsnaam=bestandsnaam, ods=_od_geldigheid(db),
        gemeenten=set(db.exec(select(Gemeente.code)).all()), indicatoren=_indicator_regels(db),
        bestaand={k: w.waarde for k, w in bestaand.items()}, corrigeren=corrigeren, eigen_od=eigen_od)
    verslag = MonitoringImport(bestand=bestandsnaam[:200], door=door, aantal_rijen=len(rijen),
                               reden=reden.strip())
    db.add(verslag)
    db.flush()
    for rij in rijen:
        oud = bestaand.get(rij.sleutel)
        if oud is None:
            _nieuwe_waarneming(db, rij, verslag.id, fictief)
            verslag.aantal_nieuw += 1
        elif (oud.waarde, oud.status) != (rij.waarde, rij.status):
            corrigeer_waarneming(db, waarneming=oud, waarde=rij.waarde, status=rij.status,
                                 reden=reden, versie=oud.versie, door=door, import_id=verslag.id)
            verslag.aantal_gecorrigeerd += 1
    log(db, actie="monitoring.importeren", object_type="monitoring_import", object_id=verslag.id,
        na=verslag)
    db.flush()
    return verslag


def _nieuwe_waarneming(db: Session, rij, import_id: int, fictief: bool) -> Waarneming:
    indicator, od, gemeente, jaar = rij.sleutel
    waarneming = Waarneming(indicator_code=indicator, od_code=od, gemeente_code=gemeente, jaar=jaar,
                            waarde=rij.waarde, status=rij.status, kwaliteit=rij.kwaliteit,
                            toelichting=rij.toelichting[:1000], import_id=import_id, fictief=fictief)
    db.add(waarneming)
    return waarneming


def _od_geldigheid(db: Session) -> dict[str, Geldigheid]:
    return {od.code: Geldigheid(od.geldig_van, od.geldig_tot)
            for od in db.exec(select(Omgevingsdienst)).all()}


def _indicator_regels(db: Session) -> dict[str, IndicatorRegel]:
    return {i.code: IndicatorRegel(i.eenheid, i.minimum, i.maximum, frozenset(i.aggregatieniveaus.split(";")))
            for i in db.exec(select(Indicator)).all()}


def corrigeer_waarneming(db: Session, *, waarneming: Waarneming, waarde: float, status: str,
                         reden: str, versie: int, door: str, import_id: int | None = None,
                         mag_vaststellen: bool = True) -> WaarnemingCorrectie:
    """Change an observation, keeping the old value, who and why. Checks the indicator's range.

    Without `mag_vaststellen` (an OD employee) only provisional values can be corrected, and
    they stay provisional: the programme office makes figures final."""
    if not mag_vaststellen and "definitief" in (waarneming.status, status):
        raise DomeinFout("Definitieve cijfers stelt het programmabureau vast en corrigeert het ook; "
                         "neem contact op met het programmabureau.", "status")
    if not reden.strip():
        raise DomeinFout("Geef een reden voor de correctie.", "reden")
    if status not in STATUSSEN:
        raise DomeinFout(f"Onbekende status '{status}'.", "status")
    indicator = db.get(Indicator, waarneming.indicator_code)
    if not indicator.minimum <= waarde <= indicator.maximum:
        raise DomeinFout(f"De waarde moet tussen {indicator.minimum:g} en {indicator.maximum:g} "
                         f"{indicator.eenheid} liggen.", "waarde")
    voor = waarneming.model_dump()
    correctie = WaarnemingCorrectie(
        waarneming_id=waarneming.id, oude_waarde=waarneming.waarde, nieuwe_waarde=waarde,
        oude_status=waarneming.status, nieuwe_status=status, reden=reden.strip()[:1000], door=door,
        import_id=import_id)
    waarneming.corrigeer(waarde=waarde, status=status, versie=versie)
    db.add(correctie)
    versies.spoel(db, "Deze waarneming is intussen gewijzigd. Laad de pagina opnieuw.")
    log(db, actie="monitoring.waarneming_corrigeren", object_type="waarneming",
        object_id=waarneming.id, voor=voor, na=waarneming)
    return correctie


# --- assessments --------------------------------------------------------------------------

def maak_robuustheidsbeoordeling(db: Session, *, od_code: str, criteria_versie: str, beoordelaar: str,
                                 datum: date, oordelen: dict[str, dict], toelichting: str = "",
                                 fictief: bool = False) -> RobuustheidsBeoordeling:
    """A new assessment with one result per criterion code of the set (missing = onbekend)."""
    criteria = db.exec(select(RobuustheidsCriterium).where(
        RobuustheidsCriterium.versie == criteria_versie)).all()
    if not criteria:
        raise DomeinFout(f"Onbekende criteriaset '{criteria_versie}'.", "criteria_versie")
    if beoordelaar not in BEOORDELAARS:
        raise DomeinFout(f"Onbekende beoordelaar '{beoordelaar}'.", "beoordelaar")
    _od_of_fout(db, od_code)
    onbekend = set(oordelen) - {c.code for c in criteria}
    if onbekend:
        raise DomeinFout(f"Onbekende criteria: {', '.join(sorted(onbekend))}.")
    beoordeling = RobuustheidsBeoordeling(od_code=od_code, criteria_versie=criteria_versie,
                                          beoordelaar=beoordelaar, datum=datum,
                                          toelichting=toelichting, fictief=fictief)
    db.add(beoordeling)
    db.flush()
    for criterium in criteria:
        o = oordelen.get(criterium.code, {"resultaat": "onbekend"})
        fouten = controleer_oordeel(o["resultaat"], o.get("actieplan", ""), o.get("streefdatum"))
        if fouten:
            raise DomeinFout(f"{criterium.code}: {fouten[0][1]}", fouten[0][0])
        db.add(RobuustheidsOordeel(beoordeling_id=beoordeling.id, criterium_code=criterium.code,
                                   resultaat=o["resultaat"], toelichting=o.get("toelichting", ""),
                                   bewijs=o.get("bewijs", ""), actieplan=o.get("actieplan", ""),
                                   streefdatum=o.get("streefdatum")))
    log(db, actie="monitoring.robuustheid_beoordelen", object_type="robuustheidsbeoordeling",
        object_id=beoordeling.id,
        na={**beoordeling.model_dump(mode="json"),
            "oordelen": {code: o["resultaat"] for code, o in sorted(oordelen.items())}})
    db.flush()
    return beoordeling


def registreer_kwaliteitstoets(db: Session, *, od_code: str, criteria_versie: str, methode: str,
                               datum: date, aantal_voldaan: int, aantal_totaal: int,
                               verbeterpunten: str = "", fictief: bool = False) -> KwaliteitscriteriaToets:
    if criteria_versie not in KWALITEIT_VERSIES:
        raise DomeinFout(f"Onbekende versie '{criteria_versie}' van de kwaliteitscriteria.",
                         "criteria_versie")
    if methode not in METHODEN:
        raise DomeinFout(f"Onbekende methode '{methode}'.", "methode")
    if not 0 <= aantal_voldaan <= aantal_totaal or aantal_totaal < 1:
        raise DomeinFout("Het aantal gehaalde criteria ligt tussen 0 en het totaal.", "aantal_voldaan")
    _od_of_fout(db, od_code)
    toets = KwaliteitscriteriaToets(od_code=od_code, criteria_versie=criteria_versie, methode=methode,
                                    datum=datum, aantal_voldaan=aantal_voldaan,
                                    aantal_totaal=aantal_totaal, verbeterpunten=verbeterpunten,
                                    fictief=fictief)
    db.add(toets)
    db.flush()
    log(db, actie="monitoring.kwaliteitstoets", object_type="kwaliteitscriteria_toets",
        object_id=toets.id, na=toets)
    return toets


# --- policy-cycle documents ---------------------------------------------------------------

def sla_document_op(db: Session, *, od_code: str, deelnemer_code: str, soort: str, jaar: int,
                    vastgesteld_op: date | None, verzonden_op: date | None, link: str = "",
                    titel: str = "", versie: int | None = None, fictief: bool = False,
                    bestand: tuple[str, str] | None = None) -> BeleidsDocument:
    """Record or update the document of a participant of the OD.

    `versie` is the version the editor saw: 0 for "new", so an existing document is never
    replaced unseen (Conflict); None only for callers that own the data (demo, scripts).
    `bestand`: (storage key, original name) of a PDF already stored with `bewaar_pdf`."""
    if soort not in SOORTEN:
        raise DomeinFout(f"Onbekende documentsoort '{soort}'.", "soort")
    if deelnemer_code not in deelnemer_codes(db, od_code):
        raise DomeinFout("Deze gemeente of provincie neemt niet deel aan deze omgevingsdienst.",
                         "deelnemer_code")
    if verzonden_op and not vastgesteld_op:
        raise DomeinFout("Een document wordt pas na vaststelling verzonden.", "verzonden_op")
    if verzonden_op and vastgesteld_op and verzonden_op < vastgesteld_op:
        raise DomeinFout("De verzenddatum ligt vóór de vaststelling.", "verzonden_op")
    doc = _document(db, od_code, deelnemer_code, soort, jaar)
    voor = doc.model_dump() if doc else None
    if doc is None:
        doc = BeleidsDocument(od_code=od_code, deelnemer_code=deelnemer_code, soort=soort, jaar=jaar,
                              fictief=fictief)
        db.add(doc)
    boodschap = (f"Er is al een {SOORTEN[soort].lower()} {jaar} van deze deelnemer vastgelegd (vastgesteld "
                 f"{doc.vastgesteld_op or 'nog niet'}, verzonden {doc.verzonden_op or 'nog niet'}). "
                 f"Verstuur het formulier opnieuw om het te vervangen.") if doc.id else versies.GEWIJZIGD
    waarden = {"vastgesteld_op": vastgesteld_op, "verzonden_op": verzonden_op,
               "link": link.strip()[:500], "titel": titel.strip()[:200]}
    if bestand:
        waarden.update(bestand=bestand[0], bestandsnaam=bestand[1][:200])
    if doc.id is None:
        for naam, waarde in waarden.items():
            setattr(doc, naam, waarde)
        db.flush()
    else:  # None: a caller that owns the data (demo, scripts) writes on top of what it read
        versies.schrijf(db, doc, doc.versie if versie is None else versie, boodschap, **waarden)
    log(db, actie="monitoring.document_opslaan", object_type="beleidsdocument", object_id=doc.id,
        voor=voor, na=doc)
    return doc


def document_versie(db: Session, *, od_code: str, deelnemer_code: str, soort: str, jaar: int) -> int:
    """The current version of a document, 0 when there is none."""
    doc = _document(db, od_code, deelnemer_code, soort, jaar)
    return doc.versie if doc else 0


def _document(db: Session, od_code: str, deelnemer_code: str, soort: str,
              jaar: int) -> BeleidsDocument | None:
    return db.exec(select(BeleidsDocument).where(
        BeleidsDocument.od_code == od_code, BeleidsDocument.deelnemer_code == deelnemer_code,
        BeleidsDocument.soort == soort, BeleidsDocument.jaar == jaar)).first()


def deelnemer_codes(db: Session, od_code: str) -> set[str]:
    """Every municipality or province that ever took part in the OD."""
    return set(db.exec(select(Deelname.deelnemer_code).where(Deelname.od_code == od_code)).all())


def deelnemer_namen(db: Session) -> dict[str, str]:
    namen = dict(db.exec(select(Gemeente.code, Gemeente.naam)).all())
    namen.update({c: f"Provincie {n}" for c, n in db.exec(select(Provincie.code, Provincie.naam)).all()})
    return namen


def _od_of_fout(db: Session, od_code: str) -> Omgevingsdienst:
    od = db.get(Omgevingsdienst, od_code)
    if od is None:
        raise DomeinFout(f"Onbekende omgevingsdienst '{od_code}'.", "od_code")
    return od

