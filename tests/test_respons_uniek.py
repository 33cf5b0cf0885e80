"""Finding 3 of issue 18: two first answers at once make one questionnaire response, on SQLite
as on PostgreSQL, and both acknowledged answers stay. The unique indexes on `respons` make it so;
the migration that adds them merges existing duplicates without losing an answer."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from tests.conftest import maak_account
from visitatie import db as database
from visitatie.audit.models import AuditRegel
from visitatie.auth.models import Gebruiker
from visitatie.visitaties import operations as vops
from visitatie.visitaties.models import Antwoord, Respons, Visitatie
from visitatie.vragenlijsten.definitie import catalogus


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


def _zonder_zelfevaluatie(db) -> Visitatie:
    """A visitation whose self-evaluation has not been started yet."""
    begonnen = select(Respons.visitatie_id).where(Respons.soort == "zelfevaluatie")
    return db.exec(select(Visitatie).where(Visitatie.id.not_in(begonnen)).order_by(Visitatie.id)).first()


def _wacht_op_elkaar_bij_het_maken(engine, partijen: int) -> None:
    """Both first saves reach their INSERT of the response before either goes on: the race of
    the attack, made certain. (With a lock that keeps the second out, the wait times out.)"""
    samen = threading.Barrier(partijen, timeout=2)

    @event.listens_for(engine, "before_cursor_execute")
    def wacht(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO RESPONS"):
            try:
                samen.wait()
            except threading.BrokenBarrierError:
                pass


def _eerste_antwoord(app, visitatie_id, soort, gebruiker_id, code, fouten):
    try:
        with app.app_context(), Session(app.extensions["vth_engine"]) as db:
            visitatie = db.get(Visitatie, visitatie_id)
            respons = vops.respons_voor(db, visitatie=visitatie, soort=soort, gebruiker_id=gebruiker_id)
            vraag = vops.lijst_van(respons).vragen[code]
            vops.bewaar_antwoord(db, respons=respons, vraag=vraag, waarde=f"antwoord op {code}", versie=0)
            db.commit()
    except Exception as fout:  # noqa: BLE001 - the test reports it
        fouten.append(fout)


@pytest.mark.parametrize("soort", ["zelfevaluatie", "beoordeling"])
def test_two_first_answers_at_once_make_one_response_and_keep_both(app, soort):
    engine = app.extensions["vth_engine"]
    with Session(engine) as db:
        visitatie = _zonder_zelfevaluatie(db)
        lijst = catalogus()[visitatie.zelfevaluatie_lijst if soort == "zelfevaluatie"
                            else visitatie.kader_lijst]
        vid = visitatie.id
    lid = None
    if soort == "beoordeling":
        email = maak_account(app, "commissielid")
        with Session(engine) as db:
            lid = db.exec(select(Gebruiker.id).where(Gebruiker.email == email)).one()
    codes = list(lijst.vragen)[:2]
    _wacht_op_elkaar_bij_het_maken(engine, 2)
    fouten: list[Exception] = []
    draden = [threading.Thread(target=_eerste_antwoord, args=(app, vid, soort, lid, code, fouten))
              for code in codes]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(60)
    assert not fouten, fouten
    with Session(engine) as db:
        responsen = db.exec(select(Respons).where(Respons.visitatie_id == vid, Respons.soort == soort)).all()
        assert len(responsen) == 1, f"{len(responsen)} responsen voor één vragenlijst"
        opgeslagen = vops.antwoorden_van(db, responsen[0])
        assert set(codes) <= set(opgeslagen), opgeslagen


def test_the_database_refuses_a_second_response(app):
    engine = app.extensions["vth_engine"]
    with Session(engine) as db:
        visitatie = _zonder_zelfevaluatie(db)
        for _ in range(2):
            db.add(Respons(visitatie_id=visitatie.id, soort="zelfevaluatie", vragenlijst="x"))
        with pytest.raises(Exception, match="(?i)unique"):
            db.flush()
        db.rollback()


def test_the_migration_merges_duplicate_responses_without_losing_answers(database_url):
    """Duplicates made before the constraint (as the race did): an answer only the duplicate has
    moves to the oldest response; where both answered, the latest change stays, its version rises
    above both (an open page gets a conflict, not an overwrite), and the audit log records it."""
    from alembic import command

    config = database.alembic_config(database_url)
    command.downgrade(config, "0014")  # before the constraint of 0015
    engine = database.make_engine(database_url)
    with Session(engine) as db:
        origineel = db.exec(select(Respons).join(Antwoord, Antwoord.respons_id == Respons.id)
                            .where(Respons.soort == "zelfevaluatie").order_by(Respons.id)).first()
        bestaand = db.exec(select(Antwoord).where(Antwoord.respons_id == origineel.id)).first()
        beantwoord = set(vops.antwoorden_van(db, origineel))
        nieuw_code = "alleen_in_de_dubbele"  # answered only in the duplicate
        dubbel = Respons(visitatie_id=origineel.visitatie_id, soort="zelfevaluatie",
                         vragenlijst=origineel.vragenlijst)
        db.add(dubbel)
        db.flush()
        later = bestaand.gewijzigd.replace(year=bestaand.gewijzigd.year + 1)
        db.add(Antwoord(respons_id=dubbel.id, vraag_code=nieuw_code, waarde='"alleen in de dubbele"',
                        versie=1, gewijzigd=later))
        db.add(Antwoord(respons_id=dubbel.id, vraag_code=bestaand.vraag_code, waarde='"later bewaard"',
                        versie=1, gewijzigd=later))
        db.commit()
        oorspronkelijk, oude_versie = origineel.id, bestaand.versie
        visitatie_id, gedeelde_code = origineel.visitatie_id, bestaand.vraag_code
    engine.dispose()

    command.upgrade(config, "head")

    engine = database.make_engine(database_url)
    with Session(engine) as db:
        responsen = db.exec(select(Respons).where(Respons.visitatie_id == visitatie_id,
                                                  Respons.soort == "zelfevaluatie")).all()
        assert [r.id for r in responsen] == [oorspronkelijk]
        rijen = db.exec(select(Antwoord).where(Antwoord.respons_id == oorspronkelijk))
        antwoorden = {a.vraag_code: a for a in rijen}
        assert antwoorden[nieuw_code].waarde == '"alleen in de dubbele"'
        assert antwoorden[gedeelde_code].waarde == '"later bewaard"'
        assert antwoorden[gedeelde_code].versie > oude_versie
        assert beantwoord <= set(antwoorden)
        regel = db.exec(select(AuditRegel).where(AuditRegel.actie == "respons.samenvoegen")).one()
        assert regel.object_id == str(oorspronkelijk)
    engine.dispose()
