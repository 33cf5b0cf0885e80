"""From plan to visit: the one path by which an accepted plan becomes visitations.

Accepting a plan (planning.operations.accepteer_plan) calls `volg_plan`: per OD of the plan the
cycle's visitation is made, or updated while it has not started, with the planned days and the
committee the plan assigned (pool persons, with their account once linked). A visitation that
has started is never changed silently: the difference waits as a `PlanVraag` on the cycle page
until the coordinator takes it over or keeps the visitation as it is. Every function flushes and
logs; the caller commits."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from visitatie.audit.operations import log
from visitatie.auth.models import Gebruiker
from visitatie.errors import Conflict, DomeinFout
from visitatie.planning.models import Plan, PlanToewijzing, Visiteur
from visitatie.rondes.models import RondeOd
from visitatie.timeutil import utcnow
from visitatie.visitaties import operations as vops
from visitatie.visitaties.models import CommissieLid, PlanVraag, Visitatie, is_begonnen, is_gehouden

Leden = frozenset[tuple[str, int]]  # (role, pool person id)


def bezoeken_in_plan(regels: list[PlanToewijzing]) -> dict[str, tuple[date, date, Leden]]:
    """OD code -> (first day, second day, committee) of a plan's assignments."""
    uit: dict[str, tuple[date, date, set]] = {}
    for t in regels:
        uit.setdefault(t.od_code, (t.eerste_dag, t.tweede_dag, set()))[2].add((t.rol, t.visiteur_id))
    return {od: (van, tot, frozenset(leden)) for od, (van, tot, leden) in uit.items()}


def plancommissie(db: Session, visitatie_id: int) -> Leden:
    """The committee members that come from the pool (those the plan proposes)."""
    return frozenset((rol, p) for rol, p in db.exec(select(CommissieLid.rol, CommissieLid.visiteur_id).where(
        CommissieLid.visitatie_id == visitatie_id, CommissieLid.visiteur_id.is_not(None))))


def volg_plan(db: Session, plan: Plan) -> dict[str, int]:
    """Bring the cycle's visitations in line with the accepted `plan`; returns the counts."""
    regels = db.exec(select(PlanToewijzing).where(PlanToewijzing.plan_id == plan.id)).all()
    bestaand = {v.od_code: v for v in db.exec(select(Visitatie).where(Visitatie.ronde_id == plan.ronde_id))}
    tellingen = {"nieuw": 0, "bijgewerkt": 0, "gelijk": 0, "vragen": 0}
    for od_code, (van, tot, leden) in sorted(bezoeken_in_plan(regels).items()):
        v = bestaand.get(od_code)
        if v is not None:
            _vervang_open_vragen(db, v.id)
        if v is None:
            v = vops.maak_visitatie(db, ronde_id=plan.ronde_id, od_code=od_code,
                                    bezoek_van=van, bezoek_tot=tot)
            zet_commissie(db, v, leden)
            tellingen["nieuw"] += 1
        elif (v.bezoek_van, v.bezoek_tot, plancommissie(db, v.id)) == (van, tot, leden):
            tellingen["gelijk"] += 1
        elif not is_begonnen(v.status):
            _werk_bij(db, v, van, tot, leden, plan_id=plan.id)
            tellingen["bijgewerkt"] += 1
        else:
            db.add(PlanVraag(visitatie_id=v.id, plan_id=plan.id, bezoek_van=van, bezoek_tot=tot,
                             commissie=json.dumps(sorted(leden))))
            tellingen["vragen"] += 1
    db.flush()
    log(db, actie="plan.naar_visitaties", object_type="plan", object_id=plan.id, na=tellingen)
    return tellingen


def _vervang_open_vragen(db: Session, visitatie_id: int) -> None:
    """A newer accepted plan replaces the questions an older one left open."""
    for vraag in db.exec(select(PlanVraag).where(PlanVraag.visitatie_id == visitatie_id,
                                                 PlanVraag.status == "open")):
        vraag.status, vraag.besloten_op = "vervallen", utcnow()
        db.add(vraag)


def _werk_bij(db: Session, v: Visitatie, van: date, tot: date, leden: Leden, *, plan_id: int) -> None:
    voor = {"bezoek_van": v.bezoek_van, "bezoek_tot": v.bezoek_tot,
            "commissie": sorted(plancommissie(db, v.id))}
    v.bezoek_van, v.bezoek_tot = van, tot
    v.versie += 1
    db.add(v)
    zet_commissie(db, v, leden)
    log(db, actie="visitatie.volgt_plan", object_type="visitatie", object_id=v.id, voor=voor,
        na={"bezoek_van": van, "bezoek_tot": tot, "commissie": sorted(leden), "plan": plan_id})


def zet_commissie(db: Session, v: Visitatie, leden: Leden) -> None:
    """Make the pool part of the committee `leden`; members added by account stay. A member
    whose pool person has an account gets that account (and with it access to the pages)."""
    huidig = db.exec(select(CommissieLid).where(CommissieLid.visitatie_id == v.id)).all()
    gewenst = {p: rol for rol, p in leden}
    for lid in huidig:
        if lid.visiteur_id is not None and gewenst.get(lid.visiteur_id) != lid.rol:
            db.delete(lid)
    db.flush()
    blijft = {lid.visiteur_id for lid in huidig if lid.visiteur_id is not None
              and gewenst.get(lid.visiteur_id) == lid.rol}
    accounts = dict(db.exec(select(Visiteur.id, Visiteur.gebruiker_id).where(
        Visiteur.id.in_(list(gewenst)))).all())
    for p, rol in sorted(gewenst.items()):
        if p in blijft:
            continue
        gebruiker_id = accounts.get(p)
        zelfde = next((lid for lid in huidig if gebruiker_id and lid.gebruiker_id == gebruiker_id
                       and lid.visiteur_id is None), None)
        if zelfde is not None:  # the account already sat on it by hand: now as this pool person
            zelfde.visiteur_id, zelfde.rol = p, rol
            db.add(zelfde)
        else:
            db.add(CommissieLid(visitatie_id=v.id, visiteur_id=p, gebruiker_id=gebruiker_id, rol=rol))
    db.flush()


# --- the coordinator's decision on a started visitation -----------------------------------------

def open_vragen(db: Session, ronde_id: int) -> list[tuple[PlanVraag, Visitatie]]:
    return list(db.exec(select(PlanVraag, Visitatie).join(Visitatie, Visitatie.id == PlanVraag.visitatie_id)
                        .where(Visitatie.ronde_id == ronde_id, PlanVraag.status == "open")
                        .order_by(PlanVraag.bezoek_van, Visitatie.od_code)).all())


def leden_van(vraag: PlanVraag) -> Leden:
    return frozenset((rol, int(p)) for rol, p in json.loads(vraag.commissie))


def beslis(db: Session, *, vraag_id: int, overnemen: bool) -> PlanVraag:
    """Take the plan's days and committee over into the visitation, or keep it as it is. A held
    visit is never moved: only a change of committee can be taken over."""
    vraag = db.get(PlanVraag, vraag_id)
    if vraag is None or vraag.status != "open":
        raise Conflict("Over dit verschil is al beslist.")
    v = db.get(Visitatie, vraag.visitatie_id)
    if overnemen:
        if is_gehouden(v.status) and (vraag.bezoek_van, vraag.bezoek_tot) != (v.bezoek_van, v.bezoek_tot):
            raise DomeinFout("Dit bezoek heeft al plaatsgevonden: de datum blijft zoals die was.")
        _werk_bij(db, v, vraag.bezoek_van, vraag.bezoek_tot, leden_van(vraag), plan_id=vraag.plan_id)
    vraag.status, vraag.besloten_op = ("overgenomen" if overnemen else "afgewezen"), utcnow()
    db.add(vraag)
    db.flush()
    log(db, actie="plan_vraag.beslissen", object_type="visitatie", object_id=v.id,
        na={"vraag": vraag.id, "besluit": vraag.status})
    return vraag


def ronde_od_van(db: Session, ronde_id: int, od_code: str) -> RondeOd | None:
    return db.exec(select(RondeOd).where(RondeOd.ronde_id == ronde_id, RondeOd.od_code == od_code)).first()


# --- pool persons and accounts ----------------------------------------------------------------------

def koppel_account(db: Session, *, visiteur_id: int, gebruiker_id: int) -> Visiteur:
    """Link a pool person to an account: from then on their committee seats give access."""
    persoon = db.get(Visiteur, visiteur_id)
    if db.exec(select(Visiteur).where(Visiteur.gebruiker_id == gebruiker_id,
                                      Visiteur.id != visiteur_id)).first():
        raise Conflict("Dit account hoort al bij een andere persoon uit de pool.")
    voor = persoon.model_dump()
    persoon.gebruiker_id = gebruiker_id
    persoon.versie += 1
    db.add(persoon)
    for lid in db.exec(select(CommissieLid).where(CommissieLid.visiteur_id == visiteur_id)):
        dubbel = db.exec(select(CommissieLid).where(CommissieLid.visitatie_id == lid.visitatie_id,
                                                    CommissieLid.gebruiker_id == gebruiker_id,
                                                    CommissieLid.id != lid.id)).first()
        if dubbel is not None:  # the account sat there by hand already: one seat remains
            db.delete(dubbel)
            db.flush()
        lid.gebruiker_id = gebruiker_id
        db.add(lid)
    db.flush()
    log(db, actie="visiteur.account_koppelen", object_type="visiteur", object_id=persoon.id,
        voor=voor, na=persoon)
    return persoon


def nodig_uit(db: Session, *, visiteur_id: int) -> str:
    """Invite a pool person to the app: an account with their e-mail address is linked at once
    ("gekoppeld"); otherwise the invitation is recorded ("uitgenodigd") until an account exists.
    Until then they sit on committees as a pool person without a login."""
    persoon = db.get(Visiteur, visiteur_id)
    if persoon.gebruiker_id is not None:
        raise Conflict("Deze persoon heeft al een gekoppeld account.")
    if not persoon.email.strip():
        raise DomeinFout("Deze persoon heeft geen e-mailadres; vul het in via de import van de pool.")
    account = db.exec(select(Gebruiker).where(Gebruiker.email == persoon.email.strip().lower())).first()
    if account is not None:
        koppel_account(db, visiteur_id=persoon.id, gebruiker_id=account.id)
        return "gekoppeld"
    persoon.uitgenodigd_op = utcnow()
    db.add(persoon)
    db.flush()
    log(db, actie="visiteur.uitnodigen", object_type="visiteur", object_id=persoon.id,
        na={"email": persoon.email, "uitgenodigd_op": persoon.uitgenodigd_op})
    return "uitgenodigd"


def vrije_accounts(db: Session) -> list[Gebruiker]:
    """Active committee-member accounts not yet linked to a pool person."""
    gekoppeld = select(Visiteur.gebruiker_id).where(Visiteur.gebruiker_id.is_not(None))
    return list(db.exec(select(Gebruiker).where(Gebruiker.rol == "commissielid", Gebruiker.actief.is_(True),
                                                Gebruiker.id.not_in(gekoppeld)).order_by(Gebruiker.email)))
