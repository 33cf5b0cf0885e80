"""Account management, sessions that really end, self-service passwords, two-step sign-in,
throttling behind a proxy, and the readable audit log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading

import pyotp
import pytest
from sqlmodel import Session, select

from tests.conftest import PRODUCTIE_GEHEIM, TEST_WACHTWOORD, maak_account, make_test_app
from visitatie.audit.leesbaar import als_csv, verschillen
from visitatie.audit.models import AuditRegel
from visitatie.auth.inloggen import Inlogregels, TeVeelPogingen, controleer_inlog, vertraging
from visitatie.auth.models import Gebruiker, InlogTeller, WachtwoordToken
from visitatie.auth.operations import maak_herstel_token
from visitatie.timeutil import utcnow


def _gebruiker(app, email: str) -> Gebruiker:
    with Session(app.extensions["vth_engine"], expire_on_commit=False) as db:
        return db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()


def _inloggen(client, email: str, wachtwoord: str = TEST_WACHTWOORD):
    return client.post("/inloggen", data={"email": email, "wachtwoord": wachtwoord})


def _kopie(app, client):
    """A second client holding a copy of `client`'s session cookie."""
    kopie = app.test_client()
    cookie = client.get_cookie("session")
    kopie.set_cookie("session", cookie.value)
    return kopie


def test_a_copied_cookie_is_refused_after_sign_out(app, client):
    email = maak_account(app, "coordinator")
    _inloggen(client, email)
    kopie = _kopie(app, client)
    assert kopie.get("/account").status_code == 200
    client.post("/uitloggen")
    assert kopie.get("/account").status_code == 302
    assert _inloggen(client, email).status_code == 302  # signing in again works


def test_blocking_and_a_role_change_end_every_session(app, client, login):
    email = maak_account(app, "coordinator")
    sessie = app.test_client()
    _inloggen(sessie, email)
    login("beheerder")
    gid = _gebruiker(app, email).id
    client.post(f"/gebruikers/{gid}", data={"email": email, "naam": "", "rol": "lezer", "od_code": ""})
    assert sessie.get("/account").status_code == 302
    _inloggen(sessie, email)
    assert client.post(f"/gebruikers/{gid}/blokkeren").status_code == 302
    assert sessie.get("/account").status_code == 302
    assert _inloggen(sessie, email).status_code == 401
    client.post(f"/gebruikers/{gid}/deblokkeren")
    assert _inloggen(sessie, email).status_code == 302
    acties = [r.actie for r in _audit(app, gid)]
    assert {"gebruiker.wijzigen", "gebruiker.blokkeren", "gebruiker.deblokkeren"} <= set(acties)


def _audit(app, gebruiker_id: int) -> list[AuditRegel]:
    with Session(app.extensions["vth_engine"]) as db:
        return db.exec(select(AuditRegel).where(AuditRegel.object_type == "gebruiker",
                                                AuditRegel.object_id == str(gebruiker_id))).all()


def test_a_beheerder_cannot_block_their_own_account(app, client, login):
    gid = _gebruiker(app, login("beheerder")).id
    antwoord = client.post(f"/gebruikers/{gid}/blokkeren", follow_redirects=True)
    assert "eigen account niet blokkeren" in antwoord.get_data(as_text=True)
    assert client.get("/account").status_code == 200


def test_list_filters_by_role_od_status_and_last_sign_in(app, client, login):
    od = maak_account(app, "od_medewerker", "odg")
    lezer = maak_account(app, "lezer")
    beheerder = login("beheerder")
    pagina = client.get("/gebruikers?rol=od_medewerker&od=odg").get_data(as_text=True)
    assert od in pagina and lezer not in pagina
    pagina = client.get("/gebruikers?inlog=nooit").get_data(as_text=True)
    assert f">{lezer}</a>" in pagina and f">{beheerder}</a>" not in pagina  # just signed in
    assert f">{beheerder}</a>" in client.get("/gebruikers?inlog=30").get_data(as_text=True)
    assert lezer not in client.get("/gebruikers?status=geblokkeerd").get_data(as_text=True)


def test_temporary_password_is_shown_once_and_must_be_replaced(app, client, login):
    email = maak_account(app, "redacteur")
    login("beheerder")
    gid = _gebruiker(app, email).id
    antwoord = client.post(f"/gebruikers/{gid}/tijdelijk-wachtwoord")
    assert antwoord.headers["Cache-Control"] == "no-store"
    tijdelijk = re.search(r'id="tijdelijk-wachtwoord">([^<]+)<', antwoord.get_data(as_text=True))[1]
    assert tijdelijk not in client.get(f"/gebruikers/{gid}").get_data(as_text=True)
    gebruiker = app.test_client()
    assert _inloggen(gebruiker, email, TEST_WACHTWOORD).status_code == 401
    assert _inloggen(gebruiker, email, tijdelijk).status_code == 302
    assert gebruiker.get("/edities").headers["Location"].endswith("/account/wachtwoord")
    fout = gebruiker.post("/account/wachtwoord", data={
        "huidig": "verkeerd", "wachtwoord": "mijn-eigen-wachtwoord", "herhaling": "mijn-eigen-wachtwoord"})
    assert fout.status_code == 422 and "huidige wachtwoord klopt niet" in fout.get_data(as_text=True)
    gebruiker.post("/account/wachtwoord", data={
        "huidig": tijdelijk, "wachtwoord": "mijn-eigen-wachtwoord", "herhaling": "mijn-eigen-wachtwoord"})
    assert gebruiker.get("/edities").status_code == 200


def test_forgotten_password_reveals_nothing_and_its_link_works_once(app, client, db):
    email = maak_account(app, "lezer")
    app.config["SMTP_HOST"] = None  # no mail server: the answer is the same all the same
    bekend = client.post("/wachtwoord-vergeten", data={"email": email}, follow_redirects=True)
    onbekend = client.post("/wachtwoord-vergeten", data={"email": "niemand@test.nl"},
                           follow_redirects=True)
    assert bekend.get_data(as_text=True) == onbekend.get_data(as_text=True)
    assert "Als dit adres bij ons bekend is" in bekend.get_data(as_text=True)
    gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
    with app.test_request_context():
        token = maak_herstel_token(db, gebruiker=gebruiker, aanvraag="test")
    db.commit()
    nieuw = {"wachtwoord": "een-nieuw-wachtwoord", "herhaling": "een-nieuw-wachtwoord"}
    assert client.post(f"/wachtwoord-herstellen/{token}", data=nieuw).status_code == 302
    assert _inloggen(client, email, "een-nieuw-wachtwoord").status_code == 302
    client.post("/uitloggen")
    tweede = client.post(f"/wachtwoord-herstellen/{token}", data=nieuw, follow_redirects=True)
    assert "verlopen of al gebruikt" in tweede.get_data(as_text=True)


def test_an_expired_link_is_refused(app, client, db):
    from datetime import timedelta

    email = maak_account(app, "lezer")
    gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
    with app.test_request_context():
        token = maak_herstel_token(db, gebruiker=gebruiker, aanvraag="test")
    rij = db.exec(select(WachtwoordToken)).one()
    rij.verloopt = utcnow() - timedelta(minutes=1)
    db.add(rij)
    db.commit()
    antwoord = client.get(f"/wachtwoord-herstellen/{token}", follow_redirects=True)
    assert "verlopen of al gebruikt" in antwoord.get_data(as_text=True)


def _zet_tweestaps_aan(client) -> tuple[str, list[str]]:
    pagina = client.get("/account/tweestaps").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in pagina
    geheim = re.search(r'id="totp-sleutel">([A-Z2-7]+)<', pagina)[1]
    fout = client.post("/account/tweestaps", data={"code": "000000"})
    assert fout.status_code == 422
    antwoord = client.post("/account/tweestaps", data={"code": pyotp.TOTP(geheim).now()})
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", antwoord.get_data(as_text=True))
    assert len(codes) == 10
    return geheim, codes


def test_two_step_sign_in_with_app_code_and_recovery_code(app, client):
    email = maak_account(app, "ilt_inspecteur")
    _inloggen(client, email)
    geheim, codes = _zet_tweestaps_aan(client)
    client.post("/uitloggen")
    assert _inloggen(client, email).headers["Location"].endswith("/inloggen/tweede-stap")
    assert client.get("/account").status_code == 302  # not signed in before the code
    assert client.post("/inloggen/tweede-stap", data={"code": "123456"}).status_code == 422
    assert client.post("/inloggen/tweede-stap",
                       data={"code": pyotp.TOTP(geheim).now()}).status_code == 302
    assert client.get("/account").status_code == 200
    client.post("/uitloggen")
    _inloggen(client, email)
    assert client.post("/inloggen/tweede-stap", data={"code": codes[0]}).status_code == 302
    client.post("/uitloggen")
    _inloggen(client, email)
    assert client.post("/inloggen/tweede-stap", data={"code": codes[0]}).status_code == 422  # spent


def test_mfa_required_sends_a_role_with_non_public_data_to_enrolment(database_url):
    app = make_test_app(database_url, MFA="verplicht")
    client = app.test_client()
    _inloggen(client, maak_account(app, "coordinator"))
    assert client.get("/edities").headers["Location"].endswith("/account/tweestaps")
    _zet_tweestaps_aan(client)
    assert client.get("/edities").status_code == 200
    lezer = app.test_client()
    _inloggen(lezer, maak_account(app, "lezer"))
    assert lezer.get("/account").status_code == 200  # a reader sees only public data
    app.extensions["vth_engine"].dispose()


def test_beheerder_resets_a_lost_second_factor(app, client, login):
    email = maak_account(app, "commissielid")
    eigenaar = app.test_client()
    _inloggen(eigenaar, email)
    _zet_tweestaps_aan(eigenaar)
    login("beheerder")
    gid = _gebruiker(app, email).id
    client.post(f"/gebruikers/{gid}/tweestaps-herstellen")
    assert eigenaar.get("/account").status_code == 302  # its sessions ended
    assert _inloggen(eigenaar, email).headers["Location"] == "/"
    assert "gebruiker.tweestaps_herstellen" in [r.actie for r in _audit(app, gid)]


def test_delay_doubles_after_the_limit_and_is_capped():
    assert [vertraging(n, 5, 10) for n in (1, 5, 6, 7, 8, 20)] == [0, 0, 1, 2, 4, 10]


def test_a_concurrent_burst_of_wrong_passwords_is_counted_attempt_by_attempt(app):
    """30 threads at once: each attempt counted, and exactly the per-address limit (20) of them
    get as far as checking the password (SQLite and PostgreSQL)."""
    email = maak_account(app, "lezer")
    regels = Inlogregels(max_fouten=5, venster_minuten=15, max_vertraging=0)
    uitkomsten: list[str] = []
    start = threading.Barrier(30)

    def poging():
        with app.test_request_context(), Session(app.extensions["vth_engine"]) as db:
            start.wait()
            try:
                controleer_inlog(db, email=email, wachtwoord="fout", ip="10.0.0.9", regels=regels)
                db.commit()
                uitkomsten.append("gecontroleerd")
            except TeVeelPogingen:
                uitkomsten.append("geweigerd")

    draden = [threading.Thread(target=poging) for _ in range(30)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    with Session(app.extensions["vth_engine"]) as db:
        assert db.get(InlogTeller, "ip:10.0.0.9").aantal == 30
        assert db.get(InlogTeller, f"account:{email}").aantal == 20
    assert uitkomsten.count("gecontroleerd") == 20 and uitkomsten.count("geweigerd") == 10


def test_proxy_hops_decide_which_address_is_throttled(database_url):
    app = make_test_app(database_url, PROXY_HOPS=1)
    client = app.test_client()
    for i in range(20):
        client.post("/inloggen", data={"email": f"x{i}@test.nl", "wachtwoord": "f"},
                    headers={"X-Forwarded-For": "192.0.2.1"})
    geweigerd = client.post("/inloggen", data={"email": "y@test.nl", "wachtwoord": "f"},
                            headers={"X-Forwarded-For": "192.0.2.1"})
    ander = client.post("/inloggen", data={"email": "y@test.nl", "wachtwoord": "f"},
                        headers={"X-Forwarded-For": "192.0.2.2"})
    assert (geweigerd.status_code, ander.status_code) == (429, 401)
    app.extensions["vth_engine"].dispose()


def test_without_proxy_hops_a_forged_header_is_ignored(app, client):
    for i in range(20):
        client.post("/inloggen", data={"email": f"x{i}@test.nl", "wachtwoord": "f"},
                    headers={"X-Forwarded-For": f"198.51.100.{i}"})
    assert client.post("/inloggen", data={"email": "y@test.nl", "wachtwoord": "f"}).status_code == 429


def test_audit_shows_only_what_changed_in_words():
    assert [(v.veld, v.voor, v.na) for v in verschillen(
        '{"rol": "lezer", "naam": "An", "actief": true}',
        '{"rol": "coordinator", "naam": "An", "actief": false}')] == [
        ("actief", "ja", "nee"), ("rol", "Lezer", "Coördinator programmabureau")]
    assert verschillen(None, '{"telling": {"nieuw": 3}}')[0].na == "nieuw 3"  # never raw JSON


def test_csv_escapes_formulas_and_opens_in_dutch_excel():
    inhoud = als_csv(["a", "b"], [["=SOM(A1)", "+31"], ["-2", "@x"], ["gewoon; tekst", "é"]])
    assert inhoud.startswith(b"\xef\xbb\xbf")
    tekst = inhoud.decode("utf-8-sig")
    assert tekst.splitlines() == ["a;b", "'=SOM(A1);'+31", "'-2;'@x", '"gewoon; tekst";é']


def test_sign_in_events_and_filters_in_the_audit_log(app, client, login):
    email = maak_account(app, "lezer")
    _inloggen(client, email, "verkeerd")
    _inloggen(client, email)
    client.post("/uitloggen")
    login("coordinator")
    pagina = client.get(f"/audit?persoon={email}").get_data(as_text=True)
    assert "Ingelogd" in pagina and "Uitgelogd" in pagina
    assert "Inloggen mislukt" in client.get("/audit?actie=inloggen.mislukt").get_data(as_text=True)
    export = client.get(f"/audit/export.csv?persoon={email}")
    assert export.mimetype == "text/csv" and "Uitgelogd" in export.data.decode("utf-8-sig")
    assert "Schrijf een datum" in client.get("/audit?van=gisteren").get_data(as_text=True)


@pytest.mark.demodata
def test_disable_demo_runs_in_the_production_profile(runner, database_url, tmp_path):
    omgeving = {**os.environ, "VTH_ENV": "production", "VTH_SECRET_KEY": PRODUCTIE_GEHEIM,
                "VTH_DATABASE_URL": database_url, "VTH_STORAGE_DIR": str(tmp_path)}
    vth = [sys.executable, "-c", "from visitatie.cli import main; main()"]
    weigert = subprocess.run([*vth, "db", "upgrade"], env=omgeving, capture_output=True, text=True)
    assert weigert.returncode != 0 and "demo-accounts" in weigert.stderr
    herstel = subprocess.run([*vth, "users", "disable-demo"], env=omgeving, capture_output=True,
                             text=True)
    assert herstel.returncode == 0, herstel.stderr
    assert "9 demo-account(s) geblokkeerd" in herstel.stdout  # one per role, two more committee members
    assert subprocess.run([*vth, "db", "upgrade"], env=omgeving).returncode == 0


@pytest.mark.demodata
def test_confidential_answers_never_reach_the_audit_log(app, client, login):
    """A committee member's draft assessment: the audit log page and its export say only that
    it changed, even to a coordinator who may read the audit log."""
    from tests.test_visitaties import _autosave, _in_commissie
    from visitatie.visitaties.demo import scenario_visitaties

    with Session(app.extensions["vth_engine"]) as db:
        vid = scenario_visitaties(db)["odwh"]
    geheim = "GEHEIM-oordeel-over-de-directeur-7731"
    lid = maak_account(app, "commissielid")
    _in_commissie(app, lid, vid, "peer")
    _inloggen(client, lid)
    antwoord = _autosave(client, vid, "tv_onderbouwing_visie", geheim, 0, soort="beoordeling")
    assert antwoord.status_code == 200
    client.post("/uitloggen")
    login("coordinator")
    pagina = client.get("/audit?actie=antwoord").get_data(as_text=True)
    assert "vraag: tv_onderbouwing" in pagina and "waarde: (leeg) → gewijzigd" in pagina
    assert geheim not in pagina
    assert geheim not in client.get("/audit/export.csv").data.decode("utf-8-sig")
    with Session(app.extensions["vth_engine"]) as db:
        assert not [r for r in db.exec(select(AuditRegel)) if geheim in f"{r.voor}{r.na}"]


def test_a_job_started_by_a_person_is_credited_to_that_person(app):
    from visitatie.audit.operations import log
    from visitatie.taken.runner import TAAKSOORTEN, maak_taak, voer_uit

    email = maak_account(app, "redacteur")
    gid = _gebruiker(app, email).id

    def schrijf(db, parameters, voortgang):
        log(db, actie="test.schrijven", object_type="test")
        return {}

    TAAKSOORTEN["test_schrijven"] = schrijf
    try:
        with Session(app.extensions["vth_engine"]) as db:
            taak = maak_taak(db, soort="test_schrijven", parameters={}, gebruiker_id=gid)
            db.commit()
            taak_id = taak.id
        voer_uit(app, taak_id)
    finally:
        del TAAKSOORTEN["test_schrijven"]
    with Session(app.extensions["vth_engine"]) as db:
        regel = db.exec(select(AuditRegel).where(AuditRegel.actie == "test.schrijven")).one()
    assert (regel.gebruiker_id, regel.gebruiker_email) == (gid, email)


def _link(bericht) -> str:
    return re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", bericht.get_content())[1]


def test_reset_links_go_by_real_smtp_for_the_beheerder_and_for_wachtwoord_vergeten(app, client, login):
    from tests.smtp import SmtpServer

    email = maak_account(app, "od_medewerker")
    with SmtpServer() as smtp:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.poort)
        login("beheerder")
        gid = _gebruiker(app, email).id
        client.post(f"/gebruikers/{gid}/herstellink")
        client.post("/uitloggen")
        client.post("/wachtwoord-vergeten", data={"email": email})
        client.post("/wachtwoord-vergeten", data={"email": "niemand@test.nl"})
    assert [b["To"] for b in smtp.berichten] == [email, email]  # nothing for an unknown address
    eerste, tweede = (_link(b) for b in smtp.berichten)
    nieuw = {"wachtwoord": "via-de-mail-gekozen", "herhaling": "via-de-mail-gekozen"}
    assert client.post(tweede, data=nieuw).status_code == 302
    assert "verlopen of al gebruikt" in client.get(eerste, follow_redirects=True).get_data(as_text=True)
    assert _inloggen(client, email, "via-de-mail-gekozen").status_code == 302


def test_migration_blanks_confidential_answers_an_earlier_version_wrote(empty_database_url):
    from sqlalchemy import create_engine, text

    from visitatie import db as database

    database.upgrade(empty_database_url, "0012")
    engine = create_engine(empty_database_url)  # no foreign key checks: two bare rows suffice
    geheim = '{"vraag": "tv_onderbouwing", "waarde": "GEHEIM-7731"}'
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET session_replication_role = replica"))
        for rid, soort in ((1, "beoordeling"), (2, "zelfevaluatie")):
            conn.execute(text("INSERT INTO respons (id, visitatie_id, soort, vragenlijst) "
                              "VALUES (:id, 1, :soort, 'kader')"), {"id": rid, "soort": soort})
            conn.execute(text(
                "INSERT INTO audit_regel (tijdstip, gebruiker_email, actie, object_type, object_id, "
                "na) VALUES (CURRENT_TIMESTAMP, 'x', 'antwoord.bewaren', 'respons', :id, :na)"),
                {"id": str(rid), "na": geheim})
    database.upgrade(empty_database_url)
    with engine.connect() as conn:
        na = dict(conn.execute(text("SELECT object_id, na FROM audit_regel")).all())
    engine.dispose()
    assert "GEHEIM" not in na["1"] and "gewijzigd" in na["1"]
    assert na["2"] == geheim  # the OD's own self-evaluation is not confidential
