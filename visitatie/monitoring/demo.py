"""Demo monitoring data: the real ODs and participants with FICTITIOUS figures, assessments and
documents (all rows carry `fictief=True` and the UI marks them). Deterministic (seeded), and
idempotent: a second run adds nothing.

Consistent with the public picture of cycle 1 (docs/domain.md section 5): ODs assessed
themselves in October 2023, the minister judged in June 2024, and only two ODs were judged
robust. Which two is not public in our sources, so the two here are drawn at random."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, select

from visitatie.audit.operations import log
from visitatie.monitoring.models import (
    BeleidsDocument,
    MonitoringImport,
    Waarneming,
)
from visitatie.monitoring.operations import (
    laad_definities,
    maak_robuustheidsbeoordeling,
    registreer_kwaliteitstoets,
)
from visitatie.register.operations import deelnemers_op, ods_op

JAREN = range(2021, 2027)
CRITERIA_VERSIE = "ibp-2023"
ZELFBEOORDELING = date(2023, 10, 31)
OORDEEL_MINISTER = date(2024, 6, 28)
AANTAL_ROBUUST = 2
KANSEN = ["voldoet", "voldoet", "voldoet_deels", "voldoet_niet", "onbekend"]  # for R2..R6
NORM_MLN = 16.5  # robustness criterion 1: work programme of at least EUR 16.5 mln
FICTIEF = "Fictieve beoordeling (demo)."


def stap_monitoring(db: Session) -> str:
    laad_definities(db)
    if db.exec(select(Waarneming).where(Waarneming.fictief.is_(True))).first():
        return "monitoring: demogegevens stonden er al"
    n_waarnemingen = _waarnemingen(db)
    n_beoordelingen = _robuustheid(db)
    n_toetsen = _kwaliteit(db)
    n_documenten = _documenten(db)
    log(db, actie="monitoring.demo", object_type="monitoring", object_id="demo",
        na={"waarnemingen": n_waarnemingen, "beoordelingen": n_beoordelingen, "toetsen": n_toetsen,
            "documenten": n_documenten})
    return (f"monitoring (fictief): {n_waarnemingen} waarnemingen, {n_beoordelingen} "
            f"robuustheidsbeoordelingen, {n_toetsen} kwaliteitstoetsen, {n_documenten} documenten")


def _waarnemingen(db: Session) -> int:
    verslag = MonitoringImport(bestand="demo (fictief)", door="systeem")
    db.add(verslag)
    db.flush()
    aantal = 0
    for jaar in JAREN:
        for od in ods_op(db, date(jaar, 7, 1)):
            rng = random.Random(f"{od.code}-{jaar}")
            for code, waarde in _cijfers(_werkprogramma(od.code, jaar), rng).items():
                db.add(Waarneming(
                    indicator_code=code, od_code=od.code, jaar=jaar, waarde=waarde,
                    status="definitief" if jaar <= 2024 else "voorlopig",  # 2025-2026: not yet final
                    kwaliteit="matig" if rng.random() < 0.12 else "goed", fictief=True,
                    import_id=verslag.id))
                aantal += 1
    verslag.aantal_rijen = verslag.aantal_nieuw = aantal
    db.flush()
    return aantal


def _werkprogramma(od_code: str, jaar: int) -> float:
    """The fictitious size of an OD's work programme (mln euro), growing 3% a year."""
    return random.Random(od_code).uniform(9, 45) * 1.03 ** (jaar - 2021)


def _cijfers(werkprogramma: float, rng: random.Random) -> dict[str, float]:
    """Plausible proportions between the figures of one OD-year (all fictitious)."""
    ruis = lambda: rng.uniform(0.85, 1.15)  # noqa: E731
    bedrijven = round(werkprogramma * 420 * ruis())
    inspecties = round(bedrijven * 0.3 * ruis())
    return {
        "werkprogramma": round(werkprogramma, 1),
        "begroting": round(werkprogramma * 1.15 * ruis(), 1),
        "personeel_fte": round(werkprogramma * 6.2 * ruis(), 1),
        "bedrijven": bedrijven,
        "inspecties": inspecties,
        "handhavingsacties": round(inspecties * 0.05 * ruis()),
    }


def _robuustheid(db: Session) -> int:
    aantal = 0
    for od in ods_op(db, ZELFBEOORDELING):
        maak_robuustheidsbeoordeling(
            db, od_code=od.code, criteria_versie=CRITERIA_VERSIE, beoordelaar="bestuur_od",
            datum=ZELFBEOORDELING, oordelen=_oordelen(random.Random(f"zelf-{od.code}"), False,
                                                     _werkprogramma(od.code, 2023) >= NORM_MLN),
            toelichting=FICTIEF, fictief=True)
        aantal += 1
    ods = ods_op(db, OORDEEL_MINISTER)
    # Robust only where the (fictitious) work programme meets criterion 1, so the data agree.
    groot = sorted(od.code for od in ods if _werkprogramma(od.code, 2024) >= NORM_MLN)
    robuust = set(random.Random("minister-2024").sample(groot, AANTAL_ROBUUST))
    for od in ods:
        maak_robuustheidsbeoordeling(
            db, od_code=od.code, criteria_versie=CRITERIA_VERSIE, beoordelaar="ministerie",
            datum=OORDEEL_MINISTER,
            oordelen=_oordelen(random.Random(f"min-{od.code}"), od.code in robuust,
                               _werkprogramma(od.code, 2024) >= NORM_MLN),
            toelichting=FICTIEF + " In juni 2024 oordeelde de minister twee omgevingsdiensten robuust; "
                                  "welke is niet openbaar in onze bronnen, de toewijzing hier is fictief.",
            fictief=True)
        aantal += 1
    return aantal


def _oordelen(rng: random.Random, robuust: bool, groot_genoeg: bool) -> dict[str, dict]:
    """Results for R1..R6: all met when robust; otherwise R1 follows the work-programme size
    and at least one other criterion is not (fully) met."""
    resultaten = ["voldoet" if groot_genoeg else "voldoet_niet"] + [
        "voldoet" if robuust else rng.choice(KANSEN) for _ in range(5)]
    if not robuust and not any(r.startswith("voldoet_") for r in resultaten):
        resultaten[rng.randint(1, 5)] = "voldoet_deels"
    uit = {}
    for i, resultaat in enumerate(resultaten, start=1):
        o = {"resultaat": resultaat, "toelichting": "Fictieve toelichting (demo)."}
        if resultaat in ("voldoet_deels", "voldoet_niet"):
            o["actieplan"] = "Fictief actieplan (demo): maatregelen in het meerjarenprogramma."
            o["streefdatum"] = date(2026, 1, 1) + timedelta(days=rng.randint(0, 720))
        uit[f"R{i}"] = o
    return uit


def _kwaliteit(db: Session) -> int:
    ods = ods_op(db, date(2025, 1, 1))
    for od in ods:
        rng = random.Random(f"kwaliteit-{od.code}")
        datum = date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365))
        registreer_kwaliteitstoets(
            db, od_code=od.code, criteria_versie="2.3" if datum.year >= 2024 else "2.1",
            methode=rng.choice(["zelfevaluatie", "extern_bureau"]), datum=datum,
            aantal_voldaan=rng.randint(18, 28), aantal_totaal=28,
            verbeterpunten="Fictief (demo): kritieke massa bij enkele disciplines.", fictief=True)
    return len(ods)


def _documenten(db: Session) -> int:
    aantal = 0
    for od in ods_op(db, date(2025, 1, 1)):
        for deelname, _naam in deelnemers_op(db, od.code, date(2025, 1, 1)):
            rng = random.Random(f"doc-{od.code}-{deelname.deelnemer_code}")
            for soort, jaar, norm in (("uhs", 2023, date(2022, 12, 1)),
                                      ("uitvoeringsprogramma", 2024, date(2024, 2, 15)),
                                      ("jaarverslag", 2024, date(2025, 5, 15)),
                                      ("uitvoeringsprogramma", 2025, date(2025, 2, 15)),
                                      ("jaarverslag", 2025, date(2026, 5, 15)),
                                      ("uitvoeringsprogramma", 2026, date(2026, 2, 15))):
                toeval = rng.random()
                if toeval < 0.08:
                    continue  # missing
                vastgesteld = norm + timedelta(days=rng.randint(-30, 30) + (90 if toeval < 0.18 else 0))
                verzonden = None if toeval > 0.95 else vastgesteld + timedelta(days=rng.randint(3, 40))
                db.add(BeleidsDocument(
                    od_code=od.code, deelnemer_code=deelname.deelnemer_code, soort=soort, jaar=jaar,
                    titel=f"{soort.capitalize()} {jaar} (fictief)", vastgesteld_op=vastgesteld,
                    verzonden_op=verzonden, fictief=True))
                aantal += 1
    db.flush()
    return aantal
