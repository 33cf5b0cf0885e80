"""Proof of concurrency (issue 9) on PostgreSQL: 20 clients autosave answers to the same two
questionnaires while a planning run and report exports run. Every acknowledged save got its own
version and is in the audit trail, the stored answer is the last acknowledged one, every other
save was answered with a conflict, and nothing answered 500. Once in-process (threads on one
app) and once against gunicorn with several worker processes.

Below them, on both databases: every versioned model refuses the second of two saves made from
the same version (issue 18), because the UPDATE itself carries the version read."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict

import pytest
from sqlalchemy import Integer
from sqlmodel import Session, SQLModel, select

from tests.bewijs import Bewaring, Gunicorn, Klant, autosave, blokkeer_demo_accounts, duur
from tests.conftest import PG_URL, TEST_WACHTWOORD, maak_account, make_test_app
from visitatie.audit.models import AuditRegel
from visitatie.errors import Conflict
from visitatie.ilt import operations as iops
from visitatie.ilt.models import IltBevinding, IltOpvolging, IltStudie
from visitatie.monitoring import operations as mops
from visitatie.monitoring.models import BeleidsDocument, Waarneming
from visitatie.planning import operations as plops
from visitatie.planning.models import Visiteur
from visitatie.publicatie import operations as pops
from visitatie.publicatie.models import Editie, HoofdstukTekst
from visitatie.visitaties import operations as vops
from visitatie.visitaties.models import Antwoord, Rapport, Respons, Verbeteractie

ZWAAR_OP_POSTGRES = [
    pytest.mark.zwaar,
    pytest.mark.skipif(not PG_URL, reason="gelijktijdigheid bewijzen we op PostgreSQL: "
                                          "zet VTH_TEST_DATABASE_URL"),
]

# Demo ODs whose scenario visitation has its self-evaluation open (voorbereiding, gepland), and
# the OD whose report is published (its final report is downloaded beside the saves).
OPEN_ODS, GEPUBLICEERD_OD = ("odzob", "odbn"), "odmh"


def demo_visitaties(engine) -> tuple[dict[int, str], int]:
    """(visitation id -> OD for the open self-evaluations, the published visitation's id)."""
    from visitatie.visitaties.demo import scenario_visitaties

    with Session(engine) as db:
        scenario = scenario_visitaties(db)
    return {scenario[od]: od for od in OPEN_ODS}, scenario[GEPUBLICEERD_OD]
VRAGEN = {"contactpersoon": "algemeen", "tv_visie_uitvoering": "toekomstvisie"}  # question: section (2026)
KLANTEN = 20
DUUR = duur(5)  # CI default; VTH_PROOF_DUUR=30 runs the full half minute


def waarde(vraag: str, klant: int, n: int) -> str:
    return f"{vraag} {klant}-{n} (fictief)"


def autosaver(klant: int, get, post, einde: float, uit: list[Bewaring], open_: list[int]) -> None:
    visitatie_id = open_[klant % len(open_)]
    for n in itertools.count():
        if time.monotonic() >= einde:
            return
        vraag = list(VRAGEN)[n % len(VRAGEN)]
        uit.append(autosave(post, get, visitatie_id, vraag, waarde(vraag, klant, n), VRAGEN[vraag]))


def achtergrond(get, post, einde: float, statussen: list[tuple[str, int]], rapport: int) -> None:
    """A planning run and report builds, again and again, beside the autosaves."""
    for n in itertools.count():
        if time.monotonic() >= einde:
            return
        status, _ = post("/planning/rondes/1/plannen", {"seed": str(n), "tijdslimiet": "2"})
        statussen.append(("plannen", status))
        for formaat in ("pdf", "docx"):
            status, _ = get(f"/visitaties/{rapport}/rapport.{formaat}")
            statussen.append((f"rapport {formaat}", status))


def controleer(engine, bewaringen: list[Bewaring], statussen: list[tuple[str, int]]) -> None:
    assert bewaringen, "geen enkele bewaring gedaan"
    assert {b.status for b in bewaringen} <= {200, 409}, sorted({b.status for b in bewaringen})
    assert all(status in (200, 302) for _, status in statussen), statussen
    bevestigd = [b for b in bewaringen if b.status == 200]
    assert bevestigd and len(bevestigd) < len(bewaringen), "verwacht: bewaringen én conflicten"
    per_vraag: dict[tuple[int, str], list[Bewaring]] = defaultdict(list)
    for b in bevestigd:
        per_vraag[(b.visitatie_id, b.vraag)].append(b)
    with Session(engine) as db:
        for (visitatie_id, vraag), lijst in per_vraag.items():
            versies = [b.versie for b in lijst]
            # Two acknowledgements with the same version would mean one overwrote the other.
            assert len(set(versies)) == len(versies), f"verloren update bij {visitatie_id}/{vraag}"
            respons = db.exec(select(Respons).where(Respons.visitatie_id == visitatie_id,
                                                    Respons.soort == "zelfevaluatie")).one()
            rij = db.exec(select(Antwoord).where(Antwoord.respons_id == respons.id,
                                                 Antwoord.vraag_code == vraag)).one()
            laatste = max(lijst, key=lambda b: b.versie)
            assert rij.versie == laatste.versie
            assert str(json.loads(rij.waarde)) == laatste.waarde
            # Every acknowledged save is in the history, exactly once.
            geschiedenis = [json.loads(a.na) for a in db.exec(select(AuditRegel).where(
                AuditRegel.actie == "antwoord.bewaren", AuditRegel.object_type == "respons",
                AuditRegel.object_id == str(respons.id)).order_by(AuditRegel.id)).all()]
            geschiedenis = [g["waarde"] for g in geschiedenis if g["vraag"] == vraag]
            assert sorted(map(str, geschiedenis[-len(lijst):])) == sorted(b.waarde for b in lijst)


def draai(get_post_per_klant, achtergrond_klant, einde: float, engine) -> tuple[list, list]:
    bewaringen: list[Bewaring] = []
    statussen: list[tuple[str, int]] = []
    open_, rapport = demo_visitaties(engine)
    draden = [threading.Thread(target=autosaver, args=(i, *get_post_per_klant[i], einde, bewaringen,
                                                       list(open_)))
              for i in range(KLANTEN)]
    draden.append(threading.Thread(target=achtergrond, args=(*achtergrond_klant, einde, statussen,
                                                             rapport)))
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(DUUR + 120)
    return bewaringen, statussen


@ZWAAR_OP_POSTGRES[0]
@ZWAAR_OP_POSTGRES[1]
def test_concurrent_autosaves_in_process(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    try:
        klanten = []
        for i in range(KLANTEN):
            client = app.test_client()
            email = maak_account(app, "od_medewerker", OPEN_ODS[i % len(OPEN_ODS)])
            assert client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD}
                               ).status_code == 302
            klanten.append(client)
        coordinator = app.test_client()
        coordinator.post("/inloggen", data={"email": maak_account(app, "coordinator"),
                                            "wachtwoord": TEST_WACHTWOORD})

        def paar(client):
            def get(pad):
                antwoord = client.get(pad)
                return antwoord.status_code, antwoord.get_data().decode("utf-8", "replace")

            def post(pad, data):
                antwoord = client.post(pad, data=data)
                return antwoord.status_code, antwoord.get_data(as_text=True)

            return get, post

        bewaringen, statussen = draai([paar(c) for c in klanten], paar(coordinator),
                                      time.monotonic() + DUUR, app.extensions["vth_engine"])
        controleer(app.extensions["vth_engine"], bewaringen, statussen)
    finally:
        app.extensions["vth_engine"].dispose()


@ZWAAR_OP_POSTGRES[0]
@ZWAAR_OP_POSTGRES[1]
def test_concurrent_autosaves_against_gunicorn_workers(demo_database_url, tmp_path):
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    accounts = [maak_account(app, "od_medewerker", OPEN_ODS[i % len(OPEN_ODS)])
                for i in range(KLANTEN)]
    coordinator_email = maak_account(app, "coordinator")
    blokkeer_demo_accounts(app.extensions["vth_engine"])
    try:
        with Gunicorn(demo_database_url, tmp_path / "bestanden", tmp_path, workers=3) as server:
            klanten = [Klant(server.poort) for _ in accounts]
            for klant, email in zip(klanten, accounts, strict=True):
                klant.log_in(email, TEST_WACHTWOORD)
            coordinator = Klant(server.poort)
            coordinator.log_in(coordinator_email, TEST_WACHTWOORD)
            bewaringen, statussen = draai([(k.get, k.post) for k in klanten],
                                          (coordinator.get, coordinator.post),
                                          time.monotonic() + DUUR, app.extensions["vth_engine"])
        controleer(app.extensions["vth_engine"], bewaringen, statussen)
    finally:
        app.extensions["vth_engine"].dispose()


# --- every versioned model, on both databases (issue 18, finding 2) --------------------------------
# Two editors read the same version; the first saves; the second, whose Python check still sees
# the old version, must get the conflict and change nothing. Before the UPDATE carried the version,
# the second save silently overwrote the first (a lost update).

def _eerste(db, model, *voorwaarden):
    return db.exec(select(model).where(*voorwaarden).order_by(model.id)).first()


def _rapport(db, rij, gelezen, tekst):
    vops.bewaar_rapport(db, rapport=rij, tekst=tekst, versie=gelezen)


def _actie(db, rij, gelezen, tekst):
    vops.werk_actie_bij(db, actie=rij, versie=gelezen, eigenaar=tekst, deadline=rij.deadline,
                        status=rij.status, voortgang=tekst)


def _studie(db, rij, gelezen, tekst):
    gegevens = {veld: getattr(rij, veld) for veld in iops.STUDIEVELDEN} | {"titel": tekst}
    iops.wijzig_studie(db, studie=rij, versie=gelezen, **gegevens)


def _opvolging(db, rij, gelezen, tekst):
    bevinding = db.get(IltBevinding, rij.bevinding_id)
    iops.bewaar_opvolging(db, bevinding=bevinding, partij_soort=rij.partij_soort, partij_code=rij.partij_code,
                          status=rij.status, toelichting=tekst, versie=gelezen)


def _waarneming(db, rij, gelezen, tekst):
    mops.corrigeer_waarneming(db, waarneming=rij, waarde=rij.waarde, status=rij.status, reden=tekst,
                              versie=gelezen, door=tekst)


def _document(db, rij, gelezen, tekst):
    mops.sla_document_op(db, od_code=rij.od_code, deelnemer_code=rij.deelnemer_code, soort=rij.soort,
                         jaar=rij.jaar, vastgesteld_op=rij.vastgesteld_op, verzonden_op=rij.verzonden_op,
                         titel=tekst, versie=gelezen)


def _tekst(db, rij, gelezen, tekst):
    pops.bewaar_tekst(db, editie=db.get(Editie, rij.editie_id), hoofdstuk=rij.hoofdstuk, markdown=tekst,
                      versie=gelezen, door=tekst)


def _visiteur(db, rij, gelezen, tekst):
    plops.wijzig_visiteur(db, visiteur_id=rij.id, versie=gelezen, rollen=rij.rollen.split(","),
                          expertise=tekst, max_bezoeken=rij.max_bezoeken, actief=rij.actief)


GEVALLEN = {  # model: (which row, how it is saved, the field that shows whose save won)
    "rapport": (lambda db: _eerste(db, Rapport), _rapport, "tekst"),
    "verbeteractie": (lambda db: _eerste(db, Verbeteractie), _actie, "voortgang"),
    "ilt-studie": (lambda db: _eerste(db, IltStudie), _studie, "titel"),
    "ilt-opvolging": (lambda db: _eerste(db, IltOpvolging), _opvolging, "toelichting"),
    "waarneming": (lambda db: _eerste(db, Waarneming, Waarneming.status == "voorlopig"), _waarneming,
                   "versie"),
    "beleidsdocument": (lambda db: _eerste(db, BeleidsDocument), _document, "titel"),
    "hoofdstuktekst": (lambda db: db.exec(select(HoofdstukTekst).join(Editie).where(
        Editie.status == "concept")).first(), _tekst, "markdown"),
    "visiteur": (lambda db: _eerste(db, Visiteur), _visiteur, "expertise"),
}


@pytest.mark.parametrize("soort", GEVALLEN)
def test_two_saves_from_the_same_version_never_both_win(demo_database_url, tmp_path, soort):
    laad, bewaar, veld = GEVALLEN[soort]
    app = make_test_app(demo_database_url, STORAGE_DIR=str(tmp_path / "bestanden"))
    engine = app.extensions["vth_engine"]
    with app.app_context(), Session(engine) as eerste, Session(engine) as tweede:
        rij = laad(eerste)
        assert rij is not None, f"de demo heeft geen {soort}"
        model, sleutel, gelezen = type(rij), rij.id, rij.versie
        oud = tweede.get(model, sleutel)  # the second editor's page, read at the same version
        bewaar(eerste, rij, gelezen, "eerste")
        eerste.commit()
        with pytest.raises(Conflict):
            bewaar(tweede, oud, gelezen, "tweede")
        tweede.rollback()
    with Session(engine) as db:
        opgeslagen = db.get(model, sleutel)
        assert opgeslagen.versie == gelezen + 1
        assert veld == "versie" or getattr(opgeslagen, veld) == "eerste"
    engine.dispose()


def test_every_versioned_model_lets_the_database_check_the_version():
    """The rule behind the cases above, for every table with a `versie` counter, present or future."""
    versiebeheerd = {m.class_.__name__: m.version_id_col is not None for m in SQLModel._sa_registry.mappers
                     if "versie" in m.columns and isinstance(m.columns["versie"].type, Integer)}
    assert versiebeheerd and all(versiebeheerd.values()), versiebeheerd
