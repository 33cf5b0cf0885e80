"""Operations on cycles, the visitor pool and plans. Each writes through `log`; the caller commits."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, select

from visitatie import versies
from visitatie.audit.operations import log
from visitatie.commissierollen import COMMISSIEROLLEN
from visitatie.errors import Conflict, DomeinFout
from visitatie.importeren import Importlezer, weiger_bij_fouten
from visitatie.planning import solver
from visitatie.planning.conflicten import BandFeit, ConflictRegel, bepaal_conflicten
from visitatie.planning.controle import Schending, controleer, signalen
from visitatie.planning.feestdagen import Schoolvakantie, feestdagen_tussen, regio_van, schoolvakanties
from visitatie.planning.models import Afwezigheid, Band, Plan, PlanToewijzing, Visiteur
from visitatie.planning.naar_visitaties import volg_plan
from visitatie.planning.typen import (
    LAATSTE_DATUM,
    VROEGSTE_DATUM,
    Belangenconflict,
    Bezoek,
    OdVraag,
    Onhaalbaar,
    Opgave,
    Persoon,
)
from visitatie.register.models import OdProvincie, Omgevingsdienst
from visitatie.rondes.models import RondeOd, VisitatieRonde
from visitatie.taal import cijfers
from visitatie.timeutil import BUITEN_DATUMS, vandaag
from visitatie.visitaties import stand as visitatiestand

ROLLEN = tuple(COMMISSIEROLLEN)  # the one role vocabulary, shared with the visitation workflow
# One name per kind of tie, everywhere (form, person page, conflict register).
BAND_SOORTEN = {"voormalig_werkgever": "voormalig werkgever", "bestuurszetel": "bestuurszetel",
                "overig": "andere band"}
POOL_KOLOMMEN = ["naam", "email", "od", "organisatie", "rollen", "expertise", "max_bezoeken",
                 "afwezig", "fictief"]


def _stil(_p: int, _t: str) -> None:
    pass


# --- cycles -----------------------------------------------------------------------------------

def ods_geldig_op(db: Session, dag: date) -> list[Omgevingsdienst]:
    return list(db.exec(select(Omgevingsdienst).where(
        (Omgevingsdienst.geldig_van.is_(None)) | (Omgevingsdienst.geldig_van <= dag),
        (Omgevingsdienst.geldig_tot.is_(None)) | (Omgevingsdienst.geldig_tot >= dag),
    ).order_by(Omgevingsdienst.naam)).all())


def maak_ronde(db: Session, *, naam: str, start: date, deadline: date,
               od_codes: list[str] | None = None, **instellingen) -> VisitatieRonde:
    """A new cycle; by default every OD valid at the start is to be visited."""
    if deadline <= start:
        raise DomeinFout("De deadline moet na de start liggen.", veld="deadline")
    if db.exec(select(VisitatieRonde).where(VisitatieRonde.naam == naam)).first():
        raise Conflict(f"Er bestaat al een ronde '{naam}'.")
    ronde = VisitatieRonde(naam=naam, start=start, deadline=deadline, **instellingen)
    db.add(ronde)
    db.flush()
    codes = od_codes if od_codes is not None else [od.code for od in ods_geldig_op(db, start)]
    for code in codes:
        db.add(RondeOd(ronde_id=ronde.id, od_code=code))
    db.flush()
    log(db, actie="ronde.aanmaken", object_type="visitatie_ronde", object_id=ronde.id, na=ronde)
    return ronde


def ronde_op_naam(db: Session, naam: str) -> VisitatieRonde | None:
    return db.exec(select(VisitatieRonde).where(VisitatieRonde.naam == naam)).first()


def ronde_ods(db: Session, ronde_id: int) -> list[tuple[RondeOd, Omgevingsdienst]]:
    return list(db.exec(select(RondeOd, Omgevingsdienst).join(
        Omgevingsdienst, Omgevingsdienst.code == RondeOd.od_code).where(
        RondeOd.ronde_id == ronde_id).order_by(Omgevingsdienst.naam)).all())


def fusies_in_ronde(db: Session, ronde: VisitatieRonde,
                    ods: list[tuple[RondeOd, Omgevingsdienst]] | None = None) -> list[tuple]:
    """ODs of the cycle that end before the deadline, with their successor: the coordinator
    decides whether the successor is visited. `ods` is `ronde_ods(db, ronde.id)` if at hand."""
    if ods is None:
        ods = ronde_ods(db, ronde.id)
    return [(od, db.get(Omgevingsdienst, od.opvolger_code) if od.opvolger_code else None)
            for _r, od in ods if od.geldig_tot is not None and od.geldig_tot < ronde.deadline]


def bezoeken_na_opheffing(db: Session, ods: list[tuple[RondeOd, Omgevingsdienst]],
                          dagen: dict[str, tuple[date, date]]) -> list[tuple]:
    """Visits planned on a day an OD no longer exists (after a merger in the register), with the
    successor to propose: (od, first visit day, successor or None). `dagen`: od -> (day 1, day 2)."""
    uit = []
    for _r, od in ods:
        if od.geldig_tot is not None and od.code in dagen and dagen[od.code][1] > od.geldig_tot:
            uit.append((od, dagen[od.code][0], opvolger_op(db, od, dagen[od.code][0])))
    return uit


def opvolger_op(db: Session, od: Omgevingsdienst, dag: date) -> Omgevingsdienst | None:
    """The OD that carries on `od`'s work on `dag`, following successors through merger after
    merger (None: `od` has no successor)."""
    gezien, opvolger = {od.code}, None
    while od.opvolger_code and od.opvolger_code not in gezien:
        od = opvolger = db.get(Omgevingsdienst, od.opvolger_code)
        gezien.add(od.code)
        if od.geldig_tot is None or od.geldig_tot >= dag:
            break
    return opvolger


def zet_od_in_ronde(db: Session, *, ronde_id: int, od_code: str, opnemen: bool) -> None:
    bestaand = db.exec(select(RondeOd).where(RondeOd.ronde_id == ronde_id,
                                             RondeOd.od_code == od_code)).first()
    if opnemen and not bestaand:
        if db.get(Omgevingsdienst, od_code) is None:
            raise DomeinFout(f"Onbekende OD '{od_code}'.")
        db.add(RondeOd(ronde_id=ronde_id, od_code=od_code))
        log(db, actie="ronde.od_toevoegen", object_type="visitatie_ronde", object_id=ronde_id,
            na={"od": od_code})
    elif not opnemen and bestaand:
        if visitatiestand.bezoekstanden(db, ronde_id).get(od_code):
            raise DomeinFout("Deze omgevingsdienst heeft in deze ronde al een visitatie; "
                             "die blijft in de ronde.")
        db.delete(bestaand)
        log(db, actie="ronde.od_verwijderen", object_type="visitatie_ronde", object_id=ronde_id,
            voor={"od": od_code})
    db.flush()


def zet_geblokkeerde_weken(db: Session, *, ronde_od_id: int, weken: str) -> RondeOd:
    """An OD blocks weeks of its own window ("2024-W30 2024-W31")."""
    rod = db.get(RondeOd, ronde_od_id)
    voor = rod.model_dump()
    rod.geblokkeerde_weken = " ".join(weken.replace(",", " ").split())
    try:
        rod.weken()
    except ValueError as fout:
        raise DomeinFout("Gebruik weken als JJJJ-Wnn, gescheiden door spaties.",
                         veld="geblokkeerde_weken") from fout
    log(db, actie="ronde_od.weken_blokkeren", object_type="ronde_od", object_id=rod.id,
        voor=voor, na=rod)
    db.flush()
    return rod


def stand_van_ronde(db: Session, ronde: VisitatieRonde, vandaag: date) -> dict:
    """Visited n of N, planned, overdue, days to the deadline (from the visitations)."""
    return stand(ronde, [r for r, _ in ronde_ods(db, ronde.id)],
                 visitatiestand.bezoekstanden(db, ronde.id), vandaag)


def stand(ronde: VisitatieRonde, rods: list[RondeOd], standen: dict, vandaag: date) -> dict:
    """`stand_van_ronde` from the cycle's ODs and their visitations (`bezoekstanden`): visited is
    held (the visitation's status says the visit took place), never a date that passed."""
    bezocht = sum(1 for r in rods if r.od_code in standen and standen[r.od_code].gehouden)
    gepland = sum(1 for r in rods if r.od_code in standen and not standen[r.od_code].gehouden
                  and standen[r.od_code].bezoek_van)
    te_laat = 0 if vandaag <= ronde.deadline else len(rods) - bezocht
    return {"totaal": len(rods), "bezocht": bezocht, "gepland": gepland, "te_laat": te_laat,
            "ongepland": len(rods) - bezocht - gepland,
            "dagen_tot_deadline": (ronde.deadline - vandaag).days}


# --- visitor pool -----------------------------------------------------------------------------

def importeer_pool(db: Session, *, pad: Path, bestandsnaam: str | None = None) -> dict[str, int]:
    """Import the visitor pool from CSV or XLSX: all or nothing; a person is matched on e-mail
    (or on name when the e-mail is empty) and updated, else created."""
    lezer = Importlezer(bestandsnaam or pad.name)
    ods = {od.code for od in db.exec(select(Omgevingsdienst)).all()}
    nieuw = []
    for rij in lezer.rijen(pad, POOL_KOLOMMEN):
        nieuw.append(_lees_persoon(lezer, rij, ods))
    weiger_bij_fouten([lezer])
    tellingen = {"nieuw": 0, "gewijzigd": 0}
    for waarden, afwezig in nieuw:
        tellingen[_bewaar_import(db, waarden, afwezig)] += 1
    db.flush()
    return tellingen


def _lees_persoon(lezer: Importlezer, rij, ods: set[str]) -> tuple[dict, list]:
    naam = lezer.tekst(rij, "naam")
    od = rij.waarden.get("od", "")
    if od and od not in ods:
        lezer.fout(rij.nummer, "od", f"onbekende OD '{od}'")
    rollen = [r.strip() for r in lezer.tekst(rij, "rollen").split(";") if r.strip()]
    for rol in rollen:
        if rol not in ROLLEN:
            lezer.fout(rij.nummer, "rollen", f"onbekende rol '{rol}'; kies uit {', '.join(ROLLEN)}")
    if "voorzitter" in rollen and od:
        lezer.fout(rij.nummer, "rollen", "een voorzitter komt van buiten de omgevingsdiensten (od leeg)")
    if "peer" in rollen and not od:
        lezer.fout(rij.nummer, "od", "een peer werkt bij een OD: vul de OD in")
    maximum = rij.waarden.get("max_bezoeken", "") or "3"
    if not cijfers(maximum) or not 1 <= int(maximum) <= 20:
        lezer.fout(rij.nummer, "max_bezoeken", f"'{maximum}' is geen aantal tussen 1 en 20")
        maximum = "3"
    afwezig = []
    for deel in rij.waarden.get("afwezig", "").split(";"):
        if not deel.strip():
            continue
        van, _, tot = deel.strip().partition("/")
        try:
            periode = (date.fromisoformat(van), date.fromisoformat(tot or van))
            if not all(VROEGSTE_DATUM <= d <= LAATSTE_DATUM for d in periode):
                raise ValueError(deel)
            afwezig.append(periode)
        except ValueError:
            lezer.fout(rij.nummer, "afwezig", f"'{deel.strip()}' is geen periode JJJJ-MM-DD/JJJJ-MM-DD")
    fictief = rij.waarden.get("fictief", "").lower() in ("1", "ja", "true")
    waarden = dict(naam=naam, email=rij.waarden.get("email", ""), od_code=od or None,
                   organisatie=rij.waarden.get("organisatie", ""), rollen=",".join(rollen),
                   expertise=",".join(t.strip() for t in rij.waarden.get("expertise", "").split(";")
                                      if t.strip()),
                   max_bezoeken=int(maximum), fictief=fictief)
    return waarden, afwezig


def _bewaar_import(db: Session, waarden: dict, afwezig: list) -> str:
    sleutel = (Visiteur.email == waarden["email"]) if waarden["email"] else (Visiteur.naam == waarden["naam"])
    bestaand = db.exec(select(Visiteur).where(sleutel)).first()
    if bestaand:
        voor = bestaand.model_dump()
        for k, v in waarden.items():
            setattr(bestaand, k, v)
        bestaand.versie += 1
        persoon, soort = bestaand, "gewijzigd"
    else:
        persoon, soort = Visiteur(**waarden), "nieuw"
        db.add(persoon)
        voor = None
    db.flush()
    for van, tot in afwezig:
        db.add(Afwezigheid(visiteur_id=persoon.id, van=van, tot=tot, reden="import"))
    log(db, actie=f"visiteur.import_{soort}", object_type="visiteur", object_id=persoon.id,
        voor=voor, na=persoon)
    return soort


def wijzig_visiteur(db: Session, *, visiteur_id: int, versie: int, rollen: list[str], expertise: str,
                    max_bezoeken: int, actief: bool) -> Visiteur:
    persoon = db.get(Visiteur, visiteur_id)
    boodschap = "Iemand anders heeft deze persoon intussen gewijzigd. Laad de pagina opnieuw."
    versies.controleer(persoon, versie, boodschap)
    if "voorzitter" in rollen and persoon.od_code:
        raise DomeinFout("Een voorzitter komt van buiten de omgevingsdiensten.", veld="rollen")
    if "peer" in rollen and not persoon.od_code:
        raise DomeinFout("Een peer werkt bij een omgevingsdienst.", veld="rollen")
    voor = persoon.model_dump()
    persoon.rollen = ",".join(rollen)
    persoon.expertise = ",".join(t.strip() for t in expertise.split(",") if t.strip())
    persoon.max_bezoeken, persoon.actief = max_bezoeken, actief
    versies.schrijf(db, persoon, versie, boodschap)
    log(db, actie="visiteur.wijzigen", object_type="visiteur", object_id=persoon.id, voor=voor, na=persoon)
    return persoon


def _redelijk(dag: date | None, veld: str) -> None:
    """Refuse dates outside 2000-2100 (a typo such as 9999-12-31) before they are stored."""
    if dag is not None and not VROEGSTE_DATUM <= dag <= LAATSTE_DATUM:
        raise DomeinFout(BUITEN_DATUMS, veld=veld)


def voeg_afwezigheid_toe(db: Session, *, visiteur_id: int, van: date, tot: date, reden: str) -> Afwezigheid:
    _redelijk(van, "van")
    _redelijk(tot, "tot")
    if tot < van:
        raise DomeinFout("De einddatum ligt voor de begindatum.", veld="tot")
    regel = Afwezigheid(visiteur_id=visiteur_id, van=van, tot=tot, reden=reden)
    db.add(regel)
    db.flush()
    log(db, actie="visiteur.afwezig", object_type="visiteur", object_id=visiteur_id, na=regel)
    return regel


def voeg_band_toe(db: Session, *, visiteur_id: int, od_code: str, soort: str, reden: str,
                  geldig_van: date | None, geldig_tot: date | None) -> Band:
    _controleer_band(soort, geldig_van, geldig_tot)
    band = Band(visiteur_id=visiteur_id, od_code=od_code, soort=soort, reden=reden,
                geldig_van=geldig_van, geldig_tot=geldig_tot)
    db.add(band)
    db.flush()
    log(db, actie="visiteur.band", object_type="visiteur", object_id=visiteur_id, na=band)
    return band


def _controleer_band(soort: str, geldig_van: date | None, geldig_tot: date | None) -> None:
    if soort not in BAND_SOORTEN:
        raise DomeinFout("Onbekende soort band.", veld="soort")
    _redelijk(geldig_van, "geldig_van")
    _redelijk(geldig_tot, "geldig_tot")
    if geldig_van and geldig_tot and geldig_tot < geldig_van:
        raise DomeinFout("De einddatum ligt voor de begindatum.", veld="geldig_tot")
    if soort == "voormalig_werkgever" and geldig_tot is None:
        raise DomeinFout("Vul de einddatum van het dienstverband in.", veld="geldig_tot")


def conflicten_van_ronde(db: Session, ronde: VisitatieRonde) -> list[ConflictRegel]:
    personen = db.exec(select(Visiteur).where(Visiteur.actief.is_(True))).all()
    banden = [BandFeit(str(b.visiteur_id), b.od_code, b.soort, b.reden, b.geldig_van, b.geldig_tot)
              for b in db.exec(select(Band)).all()]
    provincies = None
    if ronde.zelfde_provincie_is_conflict:
        provincies = {}
        for rij in db.exec(select(OdProvincie)).all():
            provincies[rij.od_code] = provincies.get(rij.od_code, frozenset()) | {rij.provincie_code}
    return bepaal_conflicten(
        werkgevers={str(p.id): p.od_code for p in personen}, banden=banden, start=ronde.start,
        deadline=ronde.deadline, oud_werkgever_jaren=ronde.oud_werkgever_jaren, provincies=provincies,
        ods=[r.od_code for r, _ in ronde_ods(db, ronde.id)],
        opvolgers={od.code: (od.opvolger_code, od.naam) for od in db.exec(
            select(Omgevingsdienst).where(Omgevingsdienst.opvolger_code.is_not(None))).all()})


# --- planning ---------------------------------------------------------------------------------

def geaccepteerd_plan(db: Session, ronde_id: int) -> Plan | None:
    return db.exec(select(Plan).where(Plan.ronde_id == ronde_id, Plan.status == "geaccepteerd")).first()


def toewijzingen(db: Session, plan_id: int) -> list[PlanToewijzing]:
    return list(db.exec(select(PlanToewijzing).where(PlanToewijzing.plan_id == plan_id).order_by(
        PlanToewijzing.eerste_dag, PlanToewijzing.od_code, PlanToewijzing.rol)).all())


def bezoekdagen(db: Session, plan_id: int) -> list:
    """The plan's assignments as plain rows (od_code, eerste_dag, tweede_dag), in the order of
    `toewijzingen`: what overviews show, without loading every assignment as an object."""
    return list(db.exec(select(PlanToewijzing.od_code, PlanToewijzing.eerste_dag,
                               PlanToewijzing.tweede_dag).where(PlanToewijzing.plan_id == plan_id)
                        .order_by(PlanToewijzing.eerste_dag, PlanToewijzing.od_code, PlanToewijzing.rol)))


def bezoeken_van(regels: list[PlanToewijzing]) -> list[Bezoek]:
    per_od: dict[str, list[PlanToewijzing]] = {}
    for t in regels:
        per_od.setdefault(t.od_code, []).append(t)
    return [Bezoek(od, ts[0].eerste_dag, tuple(sorted((t.rol, str(t.visiteur_id)) for t in ts)))
            for od, ts in per_od.items()]


def _vorige_koppelingen(db: Session, ronde: VisitatieRonde) -> frozenset[tuple[str, str]]:
    vorige = db.exec(select(VisitatieRonde).where(VisitatieRonde.deadline < ronde.start)
                     .order_by(VisitatieRonde.deadline.desc())).first()
    plan = geaccepteerd_plan(db, vorige.id) if vorige else None
    if not plan:
        return frozenset()
    return frozenset((str(t.visiteur_id), t.od_code) for t in toewijzingen(db, plan.id))


def opgave_voor_ronde(db: Session, ronde: VisitatieRonde, *, herplan: bool = False,
                      zonder: int | None = None, verplaats: tuple[str, date] | None = None) -> Opgave:
    """The plain planning problem of a cycle. Held visits of the accepted plan are facts (their
    day and committee stay, also a member who dropped out since); re-planning stays close to the
    accepted plan and plans the rest from today; `zonder` drops a person who dropped out;
    `verplaats` fixes one OD on a new day."""
    plan = geaccepteerd_plan(db, ronde.id)
    geaccepteerd = bezoeken_van(toewijzingen(db, plan.id)) if plan else []
    vorig_per_od = {b.od: b for b in geaccepteerd}
    gehouden_dagen = visitatiestand.gehouden_ods(db, ronde.id)  # the one fact: the visit took place
    provincies = _provincies_per_od(db)
    vakanties = gesloten_vakanties(ronde)
    vragen = []
    for rod, od in ronde_ods(db, ronde.id):
        gehouden = rod.od_code in gehouden_dagen and rod.od_code in vorig_per_od
        vaste_dag, vaste_leden = rod.vaste_dag, ()
        if gehouden:  # a held visit stays where it was, with its committee
            vaste_dag = gehouden_dagen[rod.od_code] or vaste_dag or vorig_per_od[rod.od_code].eerste_dag
            vaste_leden = vorig_per_od[rod.od_code].leden
        elif rod.od_code in gehouden_dagen:  # held without a plan: its day stays
            vaste_dag = gehouden_dagen[rod.od_code] or vaste_dag
        elif verplaats and verplaats[0] == rod.od_code:
            vaste_dag = verplaats[1]
        van = rod.venster_van or ronde.start
        if herplan and not gehouden and ronde.start <= vandaag() <= ronde.deadline:
            van = max(van, vandaag())  # a running cycle: the rest from today on, never in the past
        regios = regio_van(od.code, provincies.get(od.code, frozenset()))
        vragen.append(OdVraag(
            rod.od_code, od.afkorting or od.naam, van, _venster_tot(rod, od, ronde), rod.weken(),
            vaste_dag, vaste_leden,
            frozenset(t.strip() for t in rod.gewenste_expertise.split(",") if t.strip()),
            gehouden=gehouden,
            geblokkeerde_perioden=tuple((v.van, v.tot, v.naam) for v in vakanties if v.regio in regios)))
    in_gehouden = {p for v in vragen if v.gehouden for _, p in v.vaste_leden}
    return Opgave(start=ronde.start, deadline=ronde.deadline, ods=tuple(vragen),
                  personen=_personen(db, in_gehouden, zonder),
                  conflicten=tuple(Belangenconflict(c.persoon, c.od, c.reden, c.geldig_van, c.geldig_tot,
                                                    gemeld=c.gemeld)
                                   for c in conflicten_van_ronde(db, ronde)),
                  commissie=ronde.commissie_samenstelling(), max_per_week=ronde.max_per_week,
                  feestdagen=frozenset(feestdagen_tussen(ronde.start, ronde.deadline, ronde.bevrijdingsdag)),
                  geblokkeerde_perioden=tuple(ronde.perioden()),
                  vorige_koppelingen=_vorige_koppelingen(db, ronde),
                  vorig_plan=tuple(geaccepteerd) if herplan else (),
                  max_per_kwartaal=max_per_kwartaal(ronde, vragen))


def _personen(db: Session, in_gehouden: set[str], zonder: int | None) -> tuple[Persoon, ...]:
    """The active pool, plus anyone on a held visit who is no longer active; whoever dropped out
    (`zonder`) or is inactive stays known but is not planned again (`inzetbaar=False`)."""
    afwezig: dict[int, list] = {}
    for a in db.exec(select(Afwezigheid)).all():
        afwezig.setdefault(a.visiteur_id, []).append((a.van, a.tot))
    uit = []
    for p in db.exec(select(Visiteur).order_by(Visiteur.id)).all():
        inzetbaar = p.actief and p.id != zonder
        if inzetbaar or str(p.id) in in_gehouden:
            uit.append(Persoon(str(p.id), p.naam, p.od_code, p.rollenset(), p.expertiseset(),
                               p.max_bezoeken, tuple(afwezig.get(p.id, ())), inzetbaar=inzetbaar))
    return tuple(uit)


def _provincies_per_od(db: Session) -> dict[str, frozenset[str]]:
    uit: dict[str, frozenset[str]] = {}
    for rij in db.exec(select(OdProvincie)).all():
        uit[rij.od_code] = uit.get(rij.od_code, frozenset()) | {rij.provincie_code}
    return uit


def kwartalen_van(ronde: VisitatieRonde) -> int:
    """The number of calendar quarters the cycle touches."""
    return (ronde.deadline.year - ronde.start.year) * 4 + (ronde.deadline.month - 1) // 3 \
        - (ronde.start.month - 1) // 3 + 1


def max_per_kwartaal(ronde: VisitatieRonde, vragen: list[OdVraag]) -> int:
    """The coordinator's maximum, else `afgeleid_maximum`; never below what held visits already
    put in one quarter."""
    maximum = ronde.max_per_kwartaal or afgeleid_maximum(ronde, len(vragen))
    gehouden = Counter((v.vaste_dag.year, (v.vaste_dag.month + 2) // 3) for v in vragen if v.gehouden)
    return max(maximum, *gehouden.values(), 1)


def afgeleid_maximum(ronde: VisitatieRonde, aantal: int) -> int:
    """The even share per quarter rounded up, plus one: 28 visits in 8 quarters gives 5."""
    return -(-aantal // kwartalen_van(ronde)) + 1


def gesloten_vakanties(ronde: VisitatieRonde) -> list[Schoolvakantie]:
    """The school holidays during the cycle that block visits (all but the opened ones)."""
    open_ = ronde.geopende_vakanties()
    return [v for v in schoolvakanties(ronde.start, ronde.deadline) if v.sleutel not in open_]


def _venster_tot(rod: RondeOd, od: Omgevingsdienst, ronde: VisitatieRonde) -> date:
    """The last day of an OD's window: never after the OD ends in the register (a merger)."""
    einde = rod.venster_tot or ronde.deadline
    return min(einde, od.geldig_tot) if od.geldig_tot else einde


def voer_planning_uit(db: Session, *, ronde_id: int, voortgang: Callable[[int, str], None] = _stil,
                      seed: int = 0, tijdslimiet: float = 30.0, herplan: bool = False,
                      zonder: int | None = None, verplaats: tuple[str, date] | None = None,
                      workers: int = 1) -> Plan:
    """One planning run, stored as a concept plan (or an 'onhaalbaar' plan with the reasons).
    Long-running: report progress through `voortgang(percentage, tekst)`."""
    ronde = db.get(VisitatieRonde, ronde_id)
    if ronde is None:
        raise DomeinFout("Onbekende ronde.")
    voortgang(1, "Gegevens verzamelen")
    opgave = opgave_voor_ronde(db, ronde, herplan=herplan, zonder=zonder, verplaats=verplaats)
    uitkomst = solver.los_op(opgave, seed=seed, tijdslimiet=tijdslimiet, voortgang=voortgang,
                             workers=workers)
    soort = "herplanning" if herplan else "planner"
    toelichting = _toelichting(db, zonder, verplaats)
    if isinstance(uitkomst, Onhaalbaar):
        plan = Plan(ronde_id=ronde_id, status="onhaalbaar", soort=soort, seed=seed,
                    seconden=round(uitkomst.seconden, 2), solver_status="onhaalbaar",
                    redenen="\n".join(uitkomst.redenen), toelichting=toelichting)
        db.add(plan)
        db.flush()
    else:
        plan = Plan(ronde_id=ronde_id, soort=soort, seed=seed, seconden=round(uitkomst.seconden, 2),
                    solver_status=uitkomst.status, doel=json.dumps(uitkomst.doel), toelichting=toelichting)
        db.add(plan)
        db.flush()
        for b in uitkomst.bezoeken:
            for rol, p in b.leden:
                db.add(PlanToewijzing(plan_id=plan.id, od_code=b.od, eerste_dag=b.eerste_dag,
                                      tweede_dag=b.tweede_dag, rol=rol, visiteur_id=int(p),
                                      uitleg=uitkomst.uitleg.get((b.od, rol, p), "vastgelegd")[:1000]))
    log(db, actie="plan.maken", object_type="plan", object_id=plan.id, na=plan)
    db.flush()
    voortgang(100, "Klaar")
    return plan


def _toelichting(db: Session, zonder: int | None, verplaats: tuple[str, date] | None) -> str:
    delen = []
    if zonder is not None:
        persoon = db.get(Visiteur, zonder)
        delen.append(f"{persoon.naam if persoon else zonder} valt af")
    if verplaats:
        delen.append(f"{verplaats[0]} verplaatst naar {verplaats[1]:%d-%m-%Y}")
    return "; ".join(delen)


def schendingen(db: Session, plan: Plan) -> list[Schending]:
    """Every hard-rule violation of a stored plan, by the independent checker."""
    if plan.status == "onhaalbaar":
        return []
    opgave = opgave_voor_ronde(db, db.get(VisitatieRonde, plan.ronde_id))
    return controleer(opgave, bezoeken_van(toewijzingen(db, plan.id)))


def wijzig_handmatig(db: Session, *, plan_id: int, od_code: str, nieuwe_dag: date,
                     toelichting: str) -> Plan:
    """A manual edit: a new concept plan, a copy with one visit moved. It is checked against the
    same rules when shown and accepted."""
    bron = db.get(Plan, plan_id)
    regels = toewijzingen(db, plan_id)
    if not any(t.od_code == od_code for t in regels):
        raise DomeinFout("Deze OD staat niet in het plan.", veld="od_code")
    kopie = Plan(ronde_id=bron.ronde_id, soort="handmatig", doel=bron.doel,
                 toelichting=f"handmatig: {od_code} naar {nieuwe_dag:%d-%m-%Y}. {toelichting}".strip())
    db.add(kopie)
    db.flush()
    for t in regels:
        verplaatst = t.od_code == od_code
        db.add(PlanToewijzing(
            plan_id=kopie.id, od_code=t.od_code, rol=t.rol, visiteur_id=t.visiteur_id,
            eerste_dag=nieuwe_dag if verplaatst else t.eerste_dag,
            tweede_dag=nieuwe_dag + timedelta(days=1) if verplaatst else t.tweede_dag,
            uitleg="handmatig verplaatst" if verplaatst else t.uitleg))
    log(db, actie="plan.handmatig", object_type="plan", object_id=kopie.id, na=kopie)
    db.flush()
    return kopie


def accepteer_plan(db: Session, *, plan_id: int, reden: str = "") -> Plan:
    """Accept a concept plan; a plan that breaks a rule needs a recorded reason. The cycle's
    visitations follow the plan (`visitatie.planning.naar_visitaties.volg_plan`)."""

    plan = db.get(Plan, plan_id)
    fouten = schendingen(db, plan)
    if fouten and not reden.strip():
        raise DomeinFout(f"Dit plan overtreedt {len(fouten)} regel(s); accepteren kan alleen met een reden.",
                         veld="reden")
    voor = plan.model_dump()
    oud = geaccepteerd_plan(db, plan.ronde_id)
    if oud and oud.id != plan.id:
        oud.naar("vervangen")
    plan.naar("geaccepteerd")
    plan.acceptatiereden = reden.strip()
    log(db, actie="plan.accepteren", object_type="plan", object_id=plan.id, voor=voor, na=plan)
    db.flush()
    volg_plan(db, plan)
    return plan


def verschillen(oud: list[PlanToewijzing], nieuw: list[PlanToewijzing], namen: dict[int, str],
                od_namen: dict[str, str] | None = None) -> list[str]:
    """What changes from the accepted plan to this one, in Dutch, one line per change: a new
    date, and each member out and in (what the solver's count of changes counts too)."""
    od_namen = od_namen or {}
    def per_od(regels):
        uit = {}
        for t in regels:
            dag, leden = uit.get(t.od_code, (t.eerste_dag, set()))
            leden.add((t.rol, t.visiteur_id))
            uit[t.od_code] = (dag, leden)
        return uit

    a, b = per_od(oud), per_od(nieuw)
    regels = []
    for code in sorted(set(a) | set(b), key=lambda c: od_namen.get(c, c)):
        od = od_namen.get(code, code)
        if code not in b or code not in a:
            regels.append(f"{od}: {'bezoek vervalt' if code not in b else 'nieuw bezoek'}")
            continue
        if a[code][0] != b[code][0]:
            regels.append(f"{od}: datum {a[code][0]:%d-%m-%Y} wordt {b[code][0]:%d-%m-%Y}")
        for rol, p in sorted(a[code][1] - b[code][1]):
            regels.append(f"{od}: {namen.get(p, p)} ({rol}) gaat uit de commissie")
        for rol, p in sorted(b[code][1] - a[code][1]):
            regels.append(f"{od}: {namen.get(p, p)} ({rol}) komt in de commissie")
    return regels


# --- editing absences and ties, spreading settings ----------------------------------------------

def wijzig_afwezigheid(db: Session, *, afwezigheid_id: int, van: date, tot: date, reden: str) -> Afwezigheid:
    _redelijk(van, "van")
    _redelijk(tot, "tot")
    if tot < van:
        raise DomeinFout("De einddatum ligt voor de begindatum.", veld="tot")
    regel = db.get(Afwezigheid, afwezigheid_id)
    voor = regel.model_dump()
    regel.van, regel.tot, regel.reden = van, tot, reden
    log(db, actie="visiteur.afwezig_wijzigen", object_type="visiteur", object_id=regel.visiteur_id,
        voor=voor, na=regel)
    db.flush()
    return regel


def _verwijder_van_visiteur(db: Session, regel: Afwezigheid | Band, actie: str) -> None:
    """Remove an absence or tie of a pool person, with the row as it was in the audit log."""
    log(db, actie=actie, object_type="visiteur", object_id=regel.visiteur_id, voor=regel.model_dump())
    db.delete(regel)
    db.flush()


def verwijder_afwezigheid(db: Session, *, afwezigheid_id: int) -> None:
    _verwijder_van_visiteur(db, db.get(Afwezigheid, afwezigheid_id), "visiteur.afwezig_verwijderen")


def wijzig_band(db: Session, *, band_id: int, od_code: str, soort: str, reden: str,
                geldig_van: date | None, geldig_tot: date | None) -> Band:
    band = db.get(Band, band_id)
    voor = band.model_dump()
    _controleer_band(soort, geldig_van, geldig_tot)
    band.od_code, band.soort, band.reden = od_code, soort, reden
    band.geldig_van, band.geldig_tot = geldig_van, geldig_tot
    log(db, actie="visiteur.band_wijzigen", object_type="visiteur", object_id=band.visiteur_id,
        voor=voor, na=band)
    db.flush()
    return band


def verwijder_band(db: Session, *, band_id: int) -> None:
    _verwijder_van_visiteur(db, db.get(Band, band_id), "visiteur.band_verwijderen")


def zet_spreiding(db: Session, *, ronde_id: int, max_per_kwartaal: int | None,
                  open_vakanties: list[str]) -> VisitatieRonde:
    """The coordinator's maximum per quarter (None: derived) and the school holidays opened."""
    ronde = db.get(VisitatieRonde, ronde_id)
    bekend = {v.sleutel for v in schoolvakanties(ronde.start, ronde.deadline)}
    voor = ronde.model_dump()
    ronde.max_per_kwartaal = max_per_kwartaal
    ronde.open_vakanties = " ".join(sorted(set(open_vakanties) & bekend))
    ronde.versie += 1
    log(db, actie="ronde.spreiding", object_type="visitatie_ronde", object_id=ronde.id, voor=voor, na=ronde)
    db.flush()
    return ronde


def signalen_van_plan(db: Session, plan: Plan) -> list[Schending]:
    """Held visits of this plan with a tie that held on the day of the visit (see controle)."""
    return controle_van_plan(db, plan)[2]


def controle_van_plan(db: Session, plan: Plan) -> tuple[Opgave, list[Schending], list[Schending]]:
    """The cycle's problem, the plan's rule violations and its held-visit signals, in one go."""
    opgave = opgave_voor_ronde(db, db.get(VisitatieRonde, plan.ronde_id))
    if plan.status == "onhaalbaar":
        return opgave, [], []
    bezoeken = bezoeken_van(toewijzingen(db, plan.id))
    return opgave, controleer(opgave, bezoeken), signalen(opgave, bezoeken)


def signalen_van_persoon(db: Session, visiteur_id: int) -> list[Schending]:
    """After a tie is declared: the held visits of this person it concerns, in every cycle."""
    uit = []
    for ronde in db.exec(select(VisitatieRonde)).all():
        plan = geaccepteerd_plan(db, ronde.id)
        regels = toewijzingen(db, plan.id) if plan else []
        if any(t.visiteur_id == visiteur_id for t in regels):
            opgave = opgave_voor_ronde(db, ronde)
            eigen = tuple(c for c in opgave.conflicten if c.persoon == str(visiteur_id))
            uit += signalen(replace(opgave, conflicten=eigen), bezoeken_van(regels))
    return uit


def spreiding_van(bezoekdagen_: list[date], maximum: int | None) -> list[dict]:
    """Visits per quarter, with the months inside, for the plan page."""
    per_kwartaal: dict[tuple[int, int], Counter] = {}
    for dag in sorted(bezoekdagen_):
        per_kwartaal.setdefault((dag.year, (dag.month + 2) // 3), Counter())[dag.month] += 1
    return [{"jaar": jaar, "kwartaal": k, "aantal": sum(m.values()), "maanden": sorted(m.items()),
             "te_veel": bool(maximum and sum(m.values()) > maximum)}
            for (jaar, k), m in sorted(per_kwartaal.items())]
