"""Demo of the planning: a fictitious visitor pool and the two real cycles.

Real: the ODs, the cycle periods (first cycle October 2022 - end 2024, 29 ODs; second cycle
2025-2026, 28 ODs), the mergers in the register (OD Noord-Veluwe and OD Veluwe IJssel on
1-1-2024; ODRU and RUD Utrecht, OD Regio Arnhem and OD Regio Nijmegen on 1-1-2026: each
merging OD is visited before its merger, in the cycle that starts with it), and the
publicly known visit dates (OMWB 10-11 Oct 2023, OZHZ 31 Oct-1 Nov 2023, ODRU in March 2024;
OD NHN 16-17 May 2022, before the cycle start in our data, shown as a pilot).
Fictitious: every person, committee, expertise and absence, and the dates of all other visits
(five of them fixed here, so the demo's published reports come after their visits).
Accepting the plans makes the visitations (visitatie.planning.naar_visitaties); the visitation demo
then moves them through the workflow as far as the demo's day allows."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, select

from visitatie.audit.operations import log
from visitatie.planning import operations as ops
from visitatie.planning.models import Afwezigheid, Band, Visiteur
from visitatie.planning.synthetisch import EXPERTISE
from visitatie.register.models import Omgevingsdienst
from visitatie.rondes.models import RondeOd, VisitatieRonde
from visitatie.taal import datum_nl
from visitatie.timeutil import vandaag

VOORNAMEN = ["Anouk", "Bram", "Carla", "Daan", "Eline", "Floris", "Greetje", "Hamza", "Ilse", "Joost",
             "Karin", "Lucas", "Marieke", "Niels", "Olga", "Pieter", "Quinten", "Roos", "Sander", "Tess",
             "Umut", "Vera", "Wouter", "Yara", "Zeynep"]
ACHTERNAMEN = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
               "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
               "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Haan", "Vermeulen"]
ZOMER = ("2023-07-15 2023-08-27 zomervakantie (indicatief)\n"
         "2024-07-13 2024-08-25 zomervakantie (indicatief)\n"
         "2022-12-24 2023-01-08 kerstvakantie\n2023-12-23 2024-01-07 kerstvakantie\n"
         "2024-12-21 2025-01-05 kerstvakantie")
ZOMER_2 = ("2025-01-01 2025-01-05 kerstvakantie\n2025-07-12 2025-08-24 zomervakantie (indicatief)\n"
           "2026-07-04 2026-08-16 zomervakantie (indicatief)\n"
           "2025-12-20 2026-01-04 kerstvakantie\n2026-12-19 2026-12-31 kerstvakantie")


# Fictitious days fixed in the first cycle: these reports are published in the demo on set dates.
VASTE_DAGEN = {"rud-zeeland": date(2022, 11, 15), "odnzkg": date(2022, 12, 6), "odt": date(2023, 1, 24),
               "fumo": date(2023, 3, 7), "odmh": date(2023, 10, 3)}
# ODs of the running cycle visited after the demo's day: (weeks from the day, window in weeks).
# ODMH's comes after its self-evaluation is due, so the demo's OD employee has one to fill in.
LATER = {"odwh": (2, 3), "odzob": (4, 4), "odmh": (4, 2), "odbn": (10, 6)}


def _namen(rnd: random.Random):
    gezien = set()
    while True:
        naam = f"{rnd.choice(VOORNAMEN)} {rnd.choice(ACHTERNAMEN)}"
        if naam not in gezien:
            gezien.add(naam)
            yield f"{naam} (fictief)"


def maak_pool(db: Session, *, seed: int = 2022) -> int:
    """About 120 fictitious persons: external chairs, programme-office secretaries, and per OD
    two peers (director/manager) and one administrator."""
    rnd = random.Random(seed)
    namen = _namen(rnd)
    ods = db.exec(select(Omgevingsdienst).order_by(Omgevingsdienst.code)).all()
    personen = []
    for i in range(12):
        personen.append(Visiteur(naam=next(namen), organisatie="extern (fictief)", rollen="voorzitter",
                                 email=f"voorzitter{i + 1}@example.nl"))
        personen.append(Visiteur(naam=next(namen), organisatie="Programmabureau ODNL (fictief)",
                                 rollen="secretaris", email=f"secretaris{i + 1}@example.nl"))
    for od in ods:
        for j, rol in enumerate(("peer", "peer", "bestuurder")):
            personen.append(Visiteur(naam=next(namen), od_code=od.code, rollen=rol,
                                     email=f"{od.code}-{j + 1}@example.nl"))
    for p in personen:
        p.fictief = True
        p.expertise = ",".join(sorted(rnd.sample(EXPERTISE[:6], 2)))
        db.add(p)
    db.flush()
    for p in rnd.sample(personen, 15):  # some holidays and sabbaticals
        jaar = rnd.choice((2023, 2024, 2025, 2026))
        van = date(jaar, rnd.randint(2, 10), rnd.randint(1, 20))
        db.add(Afwezigheid(visiteur_id=p.id, van=van, tot=van.replace(day=van.day + 7),
                           reden="vakantie (fictief)"))
    peers = [p for p in personen if p.rollen == "peer"]
    for p in rnd.sample(peers, 6):  # former employers, within the default two years
        ander = rnd.choice([od for od in ods if od.code != p.od_code])
        db.add(Band(visiteur_id=p.id, od_code=ander.code, soort="voormalig_werkgever",
                    reden="vorige functie (fictief)", geldig_tot=date(2022, 3, 31)))
    log(db, actie="visiteur.demo", object_type="visiteur", na={"aantal": len(personen)})
    db.flush()
    return len(personen)


def _zet(db: Session, ronde: VisitatieRonde, code: str, **waarden) -> None:
    rod = db.exec(select(RondeOd).where(RondeOd.ronde_id == ronde.id, RondeOd.od_code == code)).one()
    for k, v in waarden.items():
        setattr(rod, k, v)


def maak_rondes(db: Session) -> tuple[VisitatieRonde, VisitatieRonde]:
    eerste = ops.maak_ronde(db, naam="2022-2024", start=date(2022, 10, 1), deadline=date(2024, 12, 31),
                            geblokkeerde_perioden=ZOMER)
    _zet(db, eerste, "omwb", vaste_dag=date(2023, 10, 10), toelichting="openbaar bekend: 10-11 oktober 2023")
    _zet(db, eerste, "ozhz", vaste_dag=date(2023, 10, 31),
         toelichting="openbaar bekend: 31 oktober-1 november 2023")
    _zet(db, eerste, "odru", venster_van=date(2024, 3, 1), venster_tot=date(2024, 3, 31),
         toelichting="openbaar bekend: maart 2024 (dag niet openbaar)")
    _zet(db, eerste, "odnhn", vaste_dag=date(2022, 5, 16),
         toelichting="pilot op 16-17 mei 2022, vóór de start van deze ronde in onze gegevens")
    for code, dag in VASTE_DAGEN.items():
        _zet(db, eerste, code, vaste_dag=dag, toelichting="bezoekdag vastgelegd (fictief)")
    _voor_de_fusie(db, eerste)
    tweede = ops.maak_ronde(db, naam="2025-2026", start=date(2025, 1, 1), deadline=date(2026, 12, 31),
                            geblokkeerde_perioden=ZOMER_2)
    _zet(db, tweede, "odmh", geblokkeerde_weken="2025-W37 2025-W38",
         toelichting="weken geblokkeerd door de OD (fictief)")
    _voor_de_fusie(db, tweede)
    _later_bezoeken(db, tweede)
    return eerste, tweede


def _voor_de_fusie(db: Session, ronde: VisitatieRonde) -> None:
    """An OD that merges during the cycle is visited before its last day (the register's end)."""
    for od, opvolger in ops.fusies_in_ronde(db, ronde):
        dag = od.geldig_tot + timedelta(days=1)
        _zet(db, ronde, od.code, venster_tot=od.geldig_tot,
             toelichting=f"fuseert per {datum_nl(dag)}" + (f" tot {opvolger.naam}" if opvolger else ""))


def _later_bezoeken(db: Session, ronde: VisitatieRonde) -> None:
    """Keep the running cycle partly ahead of us: four ODs (fictitiously) asked to be visited
    in the coming weeks, so the cycle is partly held whenever the demo is loaded while it runs."""
    for code, (na, weken) in LATER.items():
        van = max(vandaag() + timedelta(weeks=na), ronde.start)
        tot = min(van + timedelta(weeks=weken), ronde.deadline - timedelta(days=14))
        if tot - van < timedelta(days=14):
            continue
        _zet(db, ronde, code, venster_van=van, venster_tot=tot,
             toelichting="wil pas na een reorganisatie bezocht worden (fictief)")
    db.flush()


# One worker and a fixed seed make the plan reproducible once the solver proves it optimal (in
# about 1.5 s on a quiet machine). The limit is far away so that a loaded machine (a CI run, two
# test workers building the demo at once) still reaches that proof instead of stopping at
# whatever plan it had when the wall clock ran out: the demo must not depend on timing luck.
DEMO_TIJDSLIMIET = 600.0


def stap_planning(db: Session) -> str:
    if db.exec(select(VisitatieRonde).where(VisitatieRonde.naam == "2022-2024")).first():
        return "planning: al aanwezig"
    aantal = maak_pool(db)
    eerste, tweede = maak_rondes(db)
    regels = [f"planning: {aantal} fictieve visiteurs"]
    for ronde in (eerste, tweede):
        plan = ops.voer_planning_uit(db, ronde_id=ronde.id, seed=0, tijdslimiet=DEMO_TIJDSLIMIET, workers=1)
        if plan.status == "onhaalbaar":
            regels.append(f"ronde {ronde.naam}: onhaalbaar: {plan.redenen}")
            continue
        ops.accepteer_plan(db, plan_id=plan.id)  # makes the cycle's visitations
        regels.append(f"ronde {ronde.naam}: plan {plan.id} ({plan.solver_status}, {plan.seconden:.1f} s)")
    return "; ".join(regels)

