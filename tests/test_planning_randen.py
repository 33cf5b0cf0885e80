"""Planning at the edges (issue 16): far-off dates, ties found after a held visit, editing ties
and absences, confirming a removal, the weeks hint, spreading settings and calendar UIDs."""

import re
from datetime import date

import icalendar
import pytest
from sqlmodel import Session, select

from tests.planning_data import maak_planningvoorbeeld, markeer_gehouden
from visitatie.planning.models import Afwezigheid, Band, Visiteur
from visitatie.rondes.models import RondeOd, VisitatieRonde


@pytest.fixture
def voorbeeld(app):
    with Session(app.extensions["vth_engine"]) as db:
        ids = maak_planningvoorbeeld(db)
        db.commit()
    return ids


def _pim(db) -> Visiteur:
    return db.exec(select(Visiteur).where(Visiteur.naam.like("Pim%"))).one()


def test_a_stored_tie_in_the_year_9999_breaks_no_page(client, login, voorbeeld, db):
    """Rows written before dates were bounded (no form or row check lets them in now)."""
    db.connection().execute(Band.__table__.insert(), [
        {"visiteur_id": voorbeeld["visiteur"], "od_code": "odwh", "soort": "voormalig_werkgever",
         "geldig_van": None, "geldig_tot": date(9999, 12, 31), "reden": ""},
        {"visiteur_id": voorbeeld["visiteur"], "od_code": "odh", "soort": "overig",
         "geldig_van": date(9999, 12, 31), "geldig_tot": None, "reden": ""}])
    db.commit()
    login("coordinator")
    assert client.get(f"/planning/plannen/{voorbeeld['plan']}").status_code == 200
    assert client.get(f"/planning/rondes/{voorbeeld['ronde']}/conflicten").status_code == 200
    assert client.get(f"/planning/pool/{voorbeeld['visiteur']}").status_code == 200


def test_dates_outside_2000_2100_are_refused_at_the_door(client, login, voorbeeld, db):
    login("coordinator")
    aantal = len(db.exec(select(Band)).all())
    antwoord = client.post(f"/planning/pool/{voorbeeld['visiteur']}/banden", follow_redirects=True,
                           data={"od_code": "odh", "soort": "bestuurszetel", "geldig_van": "2024-01-01",
                                 "geldig_tot": "9999-12-31"})
    assert "Kies een datum tussen 1-1-2000 en 31-12-2100." in antwoord.get_data(as_text=True)
    assert len(db.exec(select(Band)).all()) == aantal
    antwoord = client.post(f"/planning/pool/{voorbeeld['visiteur']}/afwezig", follow_redirects=True,
                           data={"van": "1999-12-31", "tot": "2024-01-02"})
    assert "Kies een datum tussen 1-1-2000 en 31-12-2100." in antwoord.get_data(as_text=True)
    assert db.exec(select(Afwezigheid)).all() == []


def test_tie_declared_after_a_held_visit_is_flagged_to_the_coordinator(client, login, voorbeeld, db):
    markeer_gehouden(db, voorbeeld["plan"], "odmh")
    db.commit()
    login("coordinator")
    pim = _pim(db)
    # declared today, but Pim sat on the board of ODMH since 2024: the visit of 4-2-2025 had a conflict
    antwoord = client.post(f"/planning/pool/{pim.id}/banden", follow_redirects=True,
                           data={"od_code": "odmh", "soort": "bestuurszetel", "reden": "AB-lid (fictief)",
                                 "geldig_van": "2024-01-01"})
    pagina = antwoord.get_data(as_text=True)
    assert "Let op, gehouden bezoek: ODMH: Pim Peer (fictief) (peer) had op 04-02-2025" in pagina
    plan_url = f"/planning/plannen/{voorbeeld['plan']}"
    for url in (f"/planning/rondes/{voorbeeld['ronde']}/conflicten", plan_url):
        pagina = client.get(url).get_data(as_text=True)
        assert "Pim Peer (fictief) (peer) had op 04-02-2025 een belangenconflict" in pagina
    # a tie that began after the visit is no conflict of that visit
    band = db.exec(select(Band).where(Band.visiteur_id == pim.id)).one()
    band.geldig_van = date(2025, 6, 1)
    db.commit()
    assert "had op 04-02-2025" not in client.get(plan_url).get_data(as_text=True)


def test_absences_and_ties_can_be_edited_and_removed(client, login, voorbeeld, db):
    login("coordinator")
    v = voorbeeld["visiteur"]
    client.post(f"/planning/pool/{v}/afwezig", data={"van": "2025-03-01", "tot": "2025-03-05", "reden": "x"})
    client.post(f"/planning/pool/{v}/banden", data={"od_code": "odh", "soort": "overig", "reden": "buurman",
                                                    "geldig_van": "2023-05-01"})
    afwezig = db.exec(select(Afwezigheid)).one()
    band = db.exec(select(Band)).one()
    pagina = client.get(f"/planning/pool/{v}").get_data(as_text=True)
    assert "andere band (buurman), vanaf 1 mei 2023" in pagina  # one name; the start date shown
    assert client.get(f"/planning/pool/{v}/afwezig/{afwezig.id}").status_code == 200
    client.post(f"/planning/pool/{v}/afwezig/{afwezig.id}", data={"van": "2025-04-01", "tot": "2025-04-02"})
    db.refresh(afwezig)
    assert (afwezig.van, afwezig.tot) == (date(2025, 4, 1), date(2025, 4, 2))
    antwoord = client.post(f"/planning/pool/{v}/banden/{band.id}", data={
        "od_code": "odh", "soort": "overig", "geldig_van": "2023-05-01", "geldig_tot": "2023-01-01"})
    assert antwoord.status_code == 422
    assert "De einddatum ligt voor de begindatum." in antwoord.get_data(as_text=True)
    client.post(f"/planning/pool/{v}/banden/{band.id}", data={"od_code": "odwh", "soort": "bestuurszetel",
                                                              "geldig_van": "2023-05-01"})
    db.refresh(band)
    assert (band.od_code, band.soort) == ("odwh", "bestuurszetel")
    client.post(f"/planning/pool/{v}/afwezig/{afwezig.id}/verwijderen")
    client.post(f"/planning/pool/{v}/banden/{band.id}/verwijderen")
    db.expire_all()
    assert db.exec(select(Afwezigheid)).all() == [] and db.exec(select(Band)).all() == []
    conflicten = client.get(f"/planning/rondes/{voorbeeld['ronde']}/conflicten").get_data(as_text=True)
    assert "gemelde band:" not in conflicten and "overig" not in conflicten


def test_taking_out_an_od_with_a_planned_visit_asks_first(client, login, voorbeeld, db):
    login("coordinator")
    url = f"/planning/rondes/{voorbeeld['ronde']}/ods"
    antwoord = client.post(url, data={"od_code": "odmh", "opnemen": "0"})
    pagina = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 200 and "uit ronde test-ronde halen?" in pagina
    assert "4 februari 2025" in pagina
    assert db.exec(select(RondeOd).where(RondeOd.od_code == "odmh")).first() is not None
    client.post(url, data={"od_code": "odmh", "opnemen": "0", "bevestigd": "1"})
    assert db.exec(select(RondeOd).where(RondeOd.od_code == "odmh")).first() is None


def test_blocked_weeks_field_shows_its_format_before_it_is_refused(client, login, voorbeeld):
    login("coordinator")
    pagina = client.get(f"/planning/rondes/{voorbeeld['ronde']}").get_data(as_text=True)
    assert re.search(r'id="weken-\d+-uitleg">Als JJJJ-Wnn met spaties ertussen, bijv. 2025-W30 2025-W31',
                     pagina)
    assert 'placeholder="2025-W30 2025-W31"' in pagina


def test_coordinator_sets_the_spreading_and_opens_a_holiday(client, login, voorbeeld, db):
    login("coordinator")
    client.post(f"/planning/rondes/{voorbeeld['ronde']}/spreiding",
                data={"max_per_kwartaal": "3", "open_vakanties": ["mei-2025-zuid"]})
    ronde = db.get(VisitatieRonde, voorbeeld["ronde"])
    db.refresh(ronde)
    assert ronde.max_per_kwartaal == 3 and ronde.open_vakanties == "mei-2025-zuid"
    pagina = client.get(f"/planning/plannen/{voorbeeld['plan']}").get_data(as_text=True)
    assert "Ten hoogste 3 bezoeken per kwartaal" in pagina
    assert re.search(r"2025 kwartaal 1</th>\s*<td>2</td>\s*<td>februari: 1, maart: 1", pagina)


def test_calendar_events_keep_their_uid_across_plan_versions(client, login, voorbeeld, db):
    vera = db.get(Visiteur, voorbeeld["visiteur"])
    vera.email = "vera@example.nl"
    db.commit()
    login("coordinator")

    def events(plan_id):
        agenda = icalendar.Calendar.from_ical(client.get(f"/planning/plannen/{plan_id}/export.ics").data)
        return {str(e["LOCATION"]): e for e in agenda.walk("VEVENT")}

    oud = events(voorbeeld["plan"])
    antwoord = client.post(f"/planning/plannen/{voorbeeld['plan']}/wijzigen",
                           data={"od_code": "odmh", "nieuwe_dag": "2025-02-11", "toelichting": ""})
    nieuw = events(int(antwoord.headers["Location"].rsplit("/", 1)[1]))
    assert set(oud) == set(nieuw) == {"ODMH", "OZHZ"}
    for od in oud:
        assert oud[od]["UID"] == nieuw[od]["UID"]
        assert int(nieuw[od]["SEQUENCE"]) > int(oud[od]["SEQUENCE"])
    assert nieuw["ODMH"].decoded("DTSTART") == date(2025, 2, 11)
    deelnemers = nieuw["ODMH"]["ATTENDEE"]
    deelnemers = deelnemers if isinstance(deelnemers, list) else [deelnemers]
    assert [str(a) for a in deelnemers] == ["mailto:vera@example.nl"]
    assert deelnemers[0].params["CN"] == "Vera Voorzitter (fictief)"


def test_plan_check_refuses_clustered_visits_and_reports_held_conflicts(runner, voorbeeld, db):
    ronde = db.get(VisitatieRonde, voorbeeld["ronde"])
    ronde.max_per_kwartaal = 1  # both visits of the example fall in the first quarter of 2025
    markeer_gehouden(db, voorbeeld["plan"], "odmh")
    db.add(Band(visiteur_id=_pim(db).id, od_code="odmh", soort="bestuurszetel", geldig_van=date(2024, 1, 1)))
    db.commit()
    uit = runner.invoke(args=["plan", "check", "--ronde", "test-ronde"])
    assert uit.exit_code == 1, uit.output
    assert "[spreiding] 2025 kwartaal 1: 2 bezoeken (max 1)" in uit.output
    assert "Let op, gehouden bezoek: ODMH: Pim Peer (fictief) (peer) had op 04-02-2025" in uit.output
