"""The access matrix, generated from app.url_map: every route declares a permission; anonymous
users are sent to the login page for every non-public route; each role gets 200 or 403 exactly
as its permissions say. A new route without an example below fails here until it gets one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import Session, select

from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import ROLLEN, P, heeft
from visitatie.taken.models import Taak


def eigen_taak(db: Session, gebruiker: Gebruiker | None) -> dict:
    """A finished job requested by the logged-in user (object-level rule: requester sees it)."""
    taak = Taak(soort="voorbeeld", status="klaar", aangevraagd_door=gebruiker.id if gebruiker else None)
    db.add(taak)
    db.flush()
    return {"taak_id": taak.id}


# The demo builds and publishes the 2024 edition (its files come along with the demo database).
GEPUBLICEERDE_EDITIE = {"jaar": "2024"}


# Example values for URL parameters per endpoint: fixed values from the reference data, or a
# function (db, logged-in user) -> values that makes an object the user may see.
VOORBEELDEN: dict[str, dict[str, str] | Callable[[Session, Gebruiker | None], dict]] = {
    "register.od": {"code": "odmh"},
    "register.gemeente": {"code": "GM0363"},
    "register.provincie": {"code": "PV28"},
    "taken.taak": eigen_taak,
    "taken.status": eigen_taak,
    "taken.opnieuw": eigen_taak,
    "auth.wachtwoord_herstellen": lambda db, _gebruiker: {"token": herstel_token(db)},
    **{f"auth.{e}": {"gebruiker_id": "1"} for e in (
        "gebruiker", "gebruiker_blokkeren", "gebruiker_deblokkeren", "gebruiker_herstellink",
        "gebruiker_tijdelijk_wachtwoord", "gebruiker_tweestaps_herstellen")},
    **{f"ilt.{e}": {"studie_id": "1"} for e in (
        "studie", "rapport", "studie_bewerken", "publiceren", "naar_concept", "rapport_uploaden",
        "bevinding_nieuw", "importeren")},
    "ilt.exporteren": {"studie_id": "1", "formaat": "csv"},
    "ilt.bevinding_bewerken": {"bevinding_id": "1"},
    "ilt.bevinding_verwijderen": {"bevinding_id": "1"},
    "ilt.opvolging_bewerken": {"bevinding_id": "1", "soort": "od", "code": "odmh"},
    "monitoring.indicator": {"code": "bedrijven"},
    "monitoring.od_profiel": {"code": "odmh"},
    "monitoring.document": {"code": "odmh"},
    "monitoring.kwaliteitstoets": {"code": "odmh"},
    "monitoring.corrigeren": lambda db, _gebruiker: {"waarneming_id": waarneming_van_odmh(db)},
    "monitoring.robuustheid": {"code": "odmh"},
    "monitoring.sjabloon": {"formaat": "csv"},
    "monitoring.document_bestand": lambda db, _gebruiker: {"document_id": vastgesteld_document(db)},
    **{f"planning.{e}": {"ronde_id": "1"} for e in (
        "ronde", "kalender", "belasting", "conflicten", "plannen", "herplannen", "ronde_od", "spreiding")},
    **{f"planning.{e}": lambda db, _g: eerste_rij(db, "Afwezigheid", "afwezigheid_id")
       for e in ("afwezig_wijzigen", "afwezig_verwijderen")},
    **{f"planning.{e}": lambda db, _g: eerste_rij(db, "Band", "band_id")
       for e in ("band_wijzigen", "band_verwijderen")},
    **{f"planning.{e}": {"plan_id": "1"} for e in ("plan", "accepteren", "wijzigen")},
    "planning.plan_export": {"plan_id": "1", "soort": "ics"},
    **{f"planning.{e}": {"visiteur_id": "1"} for e in ("visiteur", "afwezig", "band",
                                                          "visiteur_agenda", "uitnodigen",
                                                          "account_koppelen")},
    "planning.weken_blokkeren": lambda db, gebruiker: ronde_od_van_odmh(db, gebruiker),
    "planning.plan_vraag": {"vraag_id": "1"},
    "visitaties.detail": lambda db, _g: van_odmh(db),
    "visitaties.status": lambda db, _g: van_odmh(db),
    "visitaties.commissie_toevoegen": lambda db, _g: van_odmh(db),
    "visitaties.zelfevaluatie": lambda db, _g: van_odmh(db),
    "visitaties.commissie_vragenlijst": lambda db, _g: {**van_odmh(db), "soort": "beoordeling"},
    "visitaties.autosave": lambda db, _g: {**van_odmh(db), "soort": "zelfevaluatie", "vraag_code": "fte"},
    "visitaties.indienen": lambda db, _g: {**van_odmh(db), "soort": "zelfevaluatie"},
    "visitaties.heropenen": lambda db, _g: {**van_odmh(db), "soort": "zelfevaluatie"},
    "visitaties.kalibratie": lambda db, _g: van_odmh(db),
    "visitaties.bewijsstuk": lambda db, _g: {**van_odmh(db), "soort": "zelfevaluatie",
                                              "vraag_code": "kc_rapport"},
    "visitaties.rapport": lambda db, _g: van_odmh(db),
    "visitaties.rapport_voorbeeld": lambda db, _g: van_odmh(db),
    "visitaties.rapport_genereren": lambda db, _g: van_odmh(db),
    "visitaties.wederhoor": lambda db, _g: van_odmh(db),
    "visitaties.wederhoor_antwoord": lambda db, _g: van_odmh(db, reactie=True),
    "visitaties.gesprekken": lambda db, _g: van_odmh(db),
    "visitaties.verbeterplan": lambda db, _g: van_odmh(db),
    "visitaties.verbeteractie": lambda db, _g: van_odmh(db, actie=True),
    "visitaties.openbaar_rapport": lambda db, _g: van_odmh(db),
    "visitaties.rapport_export": lambda db, _g: {**van_odmh(db), "formaat": "pdf"},
    "visitaties.openbaar_export": lambda db, _g: {**van_odmh(db), "formaat": "docx"},
    "visitaties.wederhoor_wijzigen": lambda db, _g: van_odmh(db, reactie=True),
    "visitaties.wederhoor_intrekken": lambda db, _g: van_odmh(db, reactie=True),
    "visitaties.verbeterplan_export": lambda db, _g: {**van_odmh(db), "formaat": "csv"},
    "visitaties.bijlage_toevoegen": lambda db, _g: {**van_odmh(db), "onderdeel": "kader",
                                                    "verwijzing": "toekomstvisie"},
    "visitaties.bijlage": lambda db, _g: {**van_odmh(db), "bijlage_id": bijlage_van_odmh(db)},
    "visitaties.bijlage_verwijderen": lambda db, _g: {**van_odmh(db), "bijlage_id": bijlage_van_odmh(db)},
    "publicatie.editie": {"jaar": "2026"},
    "publicatie.bouw": {"jaar": "2026"},
    "publicatie.publiceren": {"jaar": "2026"},
    "publicatie.voorbeeld": {"jaar": "2026"},
    "publicatie.status": {"jaar": "2026", "actie": "vaststellen"},
    "publicatie.tekst": {"jaar": "2026", "hoofdstuk": "hoofdlijnen"},
    "publicatie.site": {**GEPUBLICEERDE_EDITIE, "pad": "index.html"},
    "publicatie.bestand": {**GEPUBLICEERDE_EDITIE, "soort": "pdf"},
    "publicatie.publiek_site": {**GEPUBLICEERDE_EDITIE, "pad": "index.html"},
    "publicatie.publiek_download": {**GEPUBLICEERDE_EDITIE, "soort": "pdf"},
    "api.omgevingsdienst": {"code": "odmh"},
    "api.editie": GEPUBLICEERDE_EDITIE,
    "raad.samenvatting": {"code": "GM0363"},
    "raad.pdf": {"code": "PV20"},
}


def van_odmh(db: Session, *, reactie: bool = False, actie: bool = False) -> dict:
    """ODMH's visitation of the first cycle (improvement-plan stage; the test od_medewerker works
    for ODMH), with its first right-of-reply comment or improvement action when asked."""
    from visitatie.visitaties.demo import scenario_visitaties
    from visitatie.visitaties.models import Verbeteractie, WederhoorReactie

    vid = scenario_visitaties(db)["odmh"]
    uit = {"visitatie_id": str(vid)}
    if reactie:
        uit["reactie_id"] = str(db.exec(select(WederhoorReactie.id).where(
            WederhoorReactie.visitatie_id == vid).order_by(WederhoorReactie.id)).first())
    if actie:
        uit["actie_id"] = str(db.exec(select(Verbeteractie.id).where(
            Verbeteractie.visitatie_id == vid).order_by(Verbeteractie.id)).first())
    return uit


def eerste_rij(db: Session, model: str, sleutel: str) -> dict:
    """The first absence or tie of the demo pool, with its person."""
    from visitatie.planning import models

    rij = db.exec(select(getattr(models, model)).order_by(getattr(models, model).id)).first()
    return {"visiteur_id": rij.visiteur_id, sleutel: rij.id}


def ronde_od_van_odmh(db: Session, _gebruiker) -> dict:
    """ODMH's place in the demo's first cycle (the test od_medewerker works for ODMH)."""
    from visitatie.rondes.models import RondeOd

    rod = db.exec(select(RondeOd).where(RondeOd.od_code == "odmh").order_by(RondeOd.id)).first()
    return {"ronde_id": rod.ronde_id, "ronde_od_id": rod.id}


def waarneming_van_odmh(db: Session) -> int:
    """An observation of odmh, the OD of the test od_medewerker (from the demo)."""
    from visitatie.monitoring.models import Waarneming

    return db.exec(select(Waarneming.id).where(Waarneming.od_code == "odmh")
                   .order_by(Waarneming.id)).first()


def bijlage_van_odmh(db: Session) -> int:
    """An annex to a right-of-reply reaction of ODMH's visitation: whoever reads the draft
    reads it, so every role the matrix makes involved may download it."""
    from visitatie import bestanden, opslag
    from visitatie.visitaties.models import VisitatieBijlage

    vid = int(van_odmh(db)["visitatie_id"])
    bestaand = db.exec(select(VisitatieBijlage.id).where(VisitatieBijlage.visitatie_id == vid)).first()
    if bestaand:
        return bestaand
    opgeslagen = bestanden.bewaar(opslag.van_app().map("bijlagen"), b"%PDF-1.4 x")
    bijlage = VisitatieBijlage(visitatie_id=vid, onderdeel="wederhoor", verwijzing="0", naam="x.pdf",
                               sleutel=opgeslagen.sleutel, soort="pdf", grootte=opgeslagen.grootte)
    db.add(bijlage)
    db.flush()
    return bijlage.id


def vastgesteld_document(db: Session) -> int:
    """An adopted policy document with a stored PDF, so its download is public."""
    from visitatie import bestanden
    from visitatie.monitoring.models import BeleidsDocument
    from visitatie.monitoring.views import documentenmap

    bestaand = db.exec(select(BeleidsDocument.id).where(BeleidsDocument.od_code == "odmh",
                                                        BeleidsDocument.jaar == 2099)).first()
    if bestaand:  # a sweep may ask for the example twice
        return bestaand
    document = BeleidsDocument(od_code="odmh", deelnemer_code="GM0484", soort="jaarverslag",
                               jaar=2099, vastgesteld_op=date(2099, 5, 1),
                               bestand=bestanden.bewaar(documentenmap(), b"%PDF-1.4 voorbeeld").sleutel,
                               bestandsnaam="jaarverslag.pdf")
    db.add(document)
    db.flush()
    return document.id


@pytest.fixture
def database_url(demo_database_url):
    """Some routes need objects that only the demo steps create: start from the demo."""
    return demo_database_url


def _betrek_bij_visitaties(db: Session, gebruiker: Gebruiker) -> None:
    """Object-level access: a committee member (and the superuser) sits on every demo committee."""
    from visitatie.visitaties.models import CommissieLid, Visitatie

    if gebruiker.rol in ("commissielid", "beheerder"):
        for v in db.exec(select(Visitatie)).all():
            db.add(CommissieLid(visitatie_id=v.id, gebruiker_id=gebruiker.id, rol="secretaris"))


# Capabilities whose pages check access per object make the logged-in account "involved" here,
# so the matrix tests the permission; the object rules have their own tests.
BETREKKEN = [_betrek_bij_visitaties]


def betrek(app, email: str) -> None:
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
        for stap in BETREKKEN:
            stap(db, gebruiker)
        db.commit()


def herstel_token(db: Session) -> str:
    """A valid reset link for some account (one is made when there is none)."""
    from visitatie.auth.operations import maak_gebruiker, maak_herstel_token

    gebruiker = db.exec(select(Gebruiker)).first() or maak_gebruiker(
        db, email="herstel@test.nl", rol="lezer", wachtwoord="lang-genoeg-ww")
    return maak_herstel_token(db, gebruiker=gebruiker, aanvraag="test")


# Routes that exist only when configured: single sign-on answers 404 without VTH_OIDC_ISSUER
# (tests/test_sso.py drives them against a provider process).
ALLEEN_INGESTELD = {"auth.sso", "auth.sso_terug"}


def get_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods or rule.endpoint in ALLEEN_INGESTELD:
            continue
        yield rule


def test_single_sign_on_is_absent_until_configured(client):
    assert client.get("/inloggen/sso").status_code == 404


def voorbeeld_waarden(rule, app=None, email: str | None = None) -> dict:
    """The example values of a rule's arguments (some made in the database for this user)."""
    waarden = VOORBEELDEN.get(rule.endpoint, {})
    if callable(waarden):
        with app.app_context(), Session(app.extensions["vth_engine"]) as db:
            gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).first()
            waarden = waarden(db, gebruiker)
            db.commit()
    return waarden


def url_voor(rule, app=None, email: str | None = None) -> str:
    waarden = voorbeeld_waarden(rule, app, email)
    ontbrekend = set(rule.arguments) - set(waarden)
    assert not ontbrekend, f"{rule.endpoint}: voeg voorbeeldwaarden toe voor {ontbrekend}"
    return rule.build(waarden)[1]


class Rol:
    def __init__(self, rol):
        self.rol, self.is_authenticated = rol, True


def test_every_route_declares_a_permission(app):
    zonder = [rule.endpoint for rule in app.url_map.iter_rules()
              if rule.endpoint != "static"
              and not hasattr(app.view_functions[rule.endpoint], "vth_permissie")]
    assert zonder == []


def test_anonymous_users_are_sent_to_login(app, client):
    for rule in get_routes(app):
        permissie = app.view_functions[rule.endpoint].vth_permissie
        antwoord = client.get(url_voor(rule, app))
        if permissie == P.PUBLIEK:
            assert antwoord.status_code == 200, rule.endpoint
        else:
            assert antwoord.status_code == 302, rule.endpoint
            assert antwoord.headers["Location"].startswith("/inloggen"), rule.endpoint


def test_anonymous_posts_are_sent_to_login(app, client):
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        if app.view_functions[rule.endpoint].vth_permissie == P.PUBLIEK:
            continue
        antwoord = client.post(url_voor(rule, app))
        assert antwoord.status_code == 302, rule.endpoint


@pytest.mark.parametrize("rol", list(ROLLEN))
def test_each_role_gets_what_its_permissions_say(app, client, login, rol):
    email = login(rol)
    betrek(app, email)
    for rule in get_routes(app):
        permissie = app.view_functions[rule.endpoint].vth_permissie
        verwacht = 200 if heeft(Rol(rol), permissie) else 403
        assert client.get(url_voor(rule, app, email)).status_code == verwacht, (rol, rule.endpoint)


def test_a_route_without_permission_is_refused(app, client):
    app.add_url_rule("/zonder-permissie", "zonder", lambda: "geheim")
    assert client.get("/zonder-permissie").status_code == 403


def test_csrf_is_enforced(database_url):
    from tests.conftest import make_test_app

    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    antwoord = client.post("/inloggen", data={"email": "a@b.nl", "wachtwoord": "x"})
    assert antwoord.status_code == 400
    assert "Het formulier is verlopen" in antwoord.get_data(as_text=True)  # Dutch, not werkzeug's English
    pagina = client.get("/inloggen").get_data(as_text=True)
    assert 'name="csrf_token"' in pagina
    app.extensions["vth_engine"].dispose()
