"""From plan to visit: accepting a plan makes the visitations and their committees, a re-plan
updates visitations that have not started and asks the coordinator about started ones, and on
the demo the plan, the visitations, the API and the two overview pages tell one story."""

from datetime import date

import pytest
from sqlmodel import select

from tests.planning_data import maak_planningvoorbeeld
from visitatie.auth.models import Gebruiker
from visitatie.errors import DomeinFout
from visitatie.planning import operations as ops
from visitatie.planning.models import Visiteur
from visitatie.planning.naar_visitaties import beslis, koppel_account, plancommissie
from visitatie.rondes.models import RondeOd
from visitatie.visitaties import operations as vops
from visitatie.visitaties.models import CommissieLid, PlanVraag, Visitatie


def _visitaties(db, ronde_id: int) -> dict[str, Visitatie]:
    return {v.od_code: v for v in db.exec(select(Visitatie).where(Visitatie.ronde_id == ronde_id))}


def _accepteer_verplaatst(db, plan_id: int, od_code: str, dag: date) -> int:
    """A manual edit of the accepted plan (one visit moved), accepted: a re-plan."""
    kopie = ops.wijzig_handmatig(db, plan_id=plan_id, od_code=od_code, nieuwe_dag=dag, toelichting="test")
    ops.accepteer_plan(db, plan_id=kopie.id, reden="test")
    return kopie.id


@pytest.fixture
def geaccepteerd(app, db):
    """The planning example, accepted again through `accepteer_plan`: the first acceptance."""
    with app.app_context():
        ids = maak_planningvoorbeeld(db)
        ids["plan"] = _accepteer_verplaatst(db, ids["plan"], "ozhz", date(2025, 3, 18))
        db.commit()
    return ids


def test_accepting_a_plan_makes_the_visitations_with_their_committees(db, geaccepteerd):
    visitaties = _visitaties(db, geaccepteerd["ronde"])
    assert set(visitaties) == {"odmh", "ozhz"}
    odmh, ozhz = visitaties["odmh"], visitaties["ozhz"]
    assert (odmh.bezoek_van, odmh.bezoek_tot, odmh.status) == (date(2025, 2, 4), date(2025, 2, 5), "gepland")
    assert (ozhz.bezoek_van, ozhz.bezoek_tot) == (date(2025, 3, 18), date(2025, 3, 19))
    rod = db.get(RondeOd, odmh.ronde_od_id)
    assert (rod.ronde_id, rod.od_code) == (geaccepteerd["ronde"], "odmh")  # linked by a foreign key
    plan = {(t.rol, t.visiteur_id) for t in ops.toewijzingen(db, geaccepteerd["plan"]) if t.od_code == "odmh"}
    assert plancommissie(db, odmh.id) == plan and {rol for rol, _ in plan} == {"voorzitter", "peer"}
    leden = db.exec(select(CommissieLid).where(CommissieLid.visitatie_id == odmh.id)).all()
    assert all(lid.gebruiker_id is None for lid in leden)  # pool persons without a login, for now


def test_a_replan_updates_visitations_that_have_not_started(app, db, geaccepteerd):
    with app.app_context():
        _accepteer_verplaatst(db, geaccepteerd["plan"], "odmh", date(2025, 2, 11))
        db.commit()
    odmh = _visitaties(db, geaccepteerd["ronde"])["odmh"]
    assert (odmh.bezoek_van, odmh.bezoek_tot) == (date(2025, 2, 11), date(2025, 2, 12))
    assert db.exec(select(PlanVraag)).all() == []


def test_a_replan_asks_the_coordinator_about_started_visitations(app, db, client, login, geaccepteerd):
    with app.app_context():
        odmh = _visitaties(db, geaccepteerd["ronde"])["odmh"]
        vops.zet_status(db, visitatie=odmh, naar="voorbereiding")
        _accepteer_verplaatst(db, geaccepteerd["plan"], "odmh", date(2025, 2, 11))
        db.commit()
    db.refresh(odmh)
    assert odmh.bezoek_van == date(2025, 2, 4)  # never moved silently
    vraag = db.exec(select(PlanVraag)).one()
    assert (vraag.status, vraag.bezoek_van, vraag.visitatie_id) == ("open", date(2025, 2, 11), odmh.id)
    login("coordinator")
    pagina = client.get(f"/planning/rondes/{geaccepteerd['ronde']}").get_data(as_text=True)
    assert "Verschillen met het plan" in pagina and "11 februari 2025" in pagina
    assert client.post(f"/planning/vragen/{vraag.id}", data={"besluit": "overnemen"}).status_code == 302
    db.expire_all()
    assert db.get(Visitatie, odmh.id).bezoek_van == date(2025, 2, 11)
    assert db.get(PlanVraag, vraag.id).status == "overgenomen"
    assert "Verschillen met het plan" not in client.get(
        f"/planning/rondes/{geaccepteerd['ronde']}").get_data(as_text=True)


def test_a_held_visit_is_never_moved(app, db, geaccepteerd):
    with app.app_context():
        odmh = _visitaties(db, geaccepteerd["ronde"])["odmh"]
        odmh.status = "bezoek_afgerond"  # the visit took place
        db.add(odmh)
        _accepteer_verplaatst(db, geaccepteerd["plan"], "odmh", date(2025, 2, 11))
        vraag = db.exec(select(PlanVraag)).one()
        with pytest.raises(DomeinFout, match="plaatsgevonden"):
            beslis(db, vraag_id=vraag.id, overnemen=True)
        beslis(db, vraag_id=vraag.id, overnemen=False)
        db.commit()
    assert db.get(Visitatie, odmh.id).bezoek_van == date(2025, 2, 4)
    assert db.get(PlanVraag, vraag.id).status == "afgewezen"


def test_a_linked_account_gets_the_pool_persons_committee_seats(app, db, geaccepteerd):
    from tests.conftest import maak_account

    email = maak_account(app, "commissielid")
    with app.app_context():
        account = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
        odmh = _visitaties(db, geaccepteerd["ronde"])["odmh"]
        assert vops.commissierol(db, odmh.id, account.id) is None
        koppel_account(db, visiteur_id=geaccepteerd["visiteur"], gebruiker_id=account.id)
        db.commit()
    assert vops.commissierol(db, odmh.id, account.id) == "voorzitter"
    assert db.get(Visiteur, geaccepteerd["visiteur"]).gebruiker_id == account.id


def test_an_od_with_a_visitation_stays_in_the_cycle(app, db, geaccepteerd):
    with app.app_context(), pytest.raises(DomeinFout, match="al een visitatie"):
        ops.zet_od_in_ronde(db, ronde_id=geaccepteerd["ronde"], od_code="odmh", opnemen=False)


def test_a_visitor_is_invited_and_linked_to_an_account_with_their_email(app, db, client, login, geaccepteerd):
    persoon = db.get(Visiteur, geaccepteerd["visiteur"])
    persoon.email = "vera@example.nl"
    db.add(persoon)
    db.commit()
    login("coordinator")
    client.post(f"/planning/pool/{persoon.id}/uitnodigen")
    db.expire_all()
    assert db.get(Visiteur, persoon.id).uitgenodigd_op is not None
    pagina = client.get(f"/planning/pool/{persoon.id}").get_data(as_text=True)
    assert "Nog geen account" in pagina and "Uitgenodigd op" in pagina
    with app.app_context():
        from visitatie.auth.operations import maak_gebruiker

        account = maak_gebruiker(db, email="vera@example.nl", rol="commissielid",
                                 wachtwoord="lang-genoeg-1234")
        db.commit()
    client.post(f"/planning/pool/{persoon.id}/uitnodigen")  # now the account exists: linked
    db.expire_all()
    assert db.get(Visiteur, persoon.id).gebruiker_id == account.id
    odmh = _visitaties(db, geaccepteerd["ronde"])["odmh"]
    assert vops.commissierol(db, odmh.id, account.id) == "voorzitter"
    assert "Gekoppeld aan het account" in client.get(f"/planning/pool/{persoon.id}").get_data(as_text=True)
