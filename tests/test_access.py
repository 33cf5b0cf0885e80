"""The access matrix, generated from app.url_map: every route declares a permission; anonymous
users are sent to the login page for every non-public route; each role gets 200 or 403 exactly
as its permissions say. A new route without an example below fails here until it gets one."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import ROLLEN, P, heeft
from visitatie.demo import laad_demo

# Example values for URL parameters, per endpoint (from the reference data and the demo, which
# the fixture below loads). Visitation 1 is the demo's ODMH visitation (improvement plan).
VOORBEELDEN: dict[str, dict[str, str]] = {
    "register.od": {"code": "odmh"},
    "register.gemeente": {"code": "GM0363"},
    "register.provincie": {"code": "PV28"},
    "visitaties.detail": {"visitatie_id": "1"},
    "visitaties.status": {"visitatie_id": "1"},
    "visitaties.commissie_toevoegen": {"visitatie_id": "1"},
    "visitaties.zelfevaluatie": {"visitatie_id": "1"},
    "visitaties.commissie_vragenlijst": {"visitatie_id": "1", "soort": "beoordeling"},
    "visitaties.autosave": {"visitatie_id": "1", "soort": "zelfevaluatie", "vraag_code": "fte"},
    "visitaties.indienen": {"visitatie_id": "1", "soort": "zelfevaluatie"},
    "visitaties.heropenen": {"visitatie_id": "1", "soort": "zelfevaluatie"},
    "visitaties.kalibratie": {"visitatie_id": "1"},
    "visitaties.bewijsstuk": {"visitatie_id": "1", "soort": "zelfevaluatie", "vraag_code": "kc_rapport"},
    "visitaties.rapport": {"visitatie_id": "1"},
    "visitaties.rapport_voorbeeld": {"visitatie_id": "1"},
    "visitaties.rapport_genereren": {"visitatie_id": "1"},
    "visitaties.wederhoor": {"visitatie_id": "1"},
    "visitaties.wederhoor_antwoord": {"visitatie_id": "1", "reactie_id": "1"},
    "visitaties.gesprekken": {"visitatie_id": "1"},
    "visitaties.verbeterplan": {"visitatie_id": "1"},
    "visitaties.verbeteractie": {"visitatie_id": "1", "actie_id": "1"},
    "visitaties.openbaar_rapport": {"visitatie_id": "1"},
    "visitaties.rapport_export": {"visitatie_id": "1", "formaat": "pdf"},
    "visitaties.openbaar_export": {"visitatie_id": "1", "formaat": "docx"},
}


def _betrek_bij_visitaties(db: Session, gebruiker: Gebruiker) -> None:
    """Object-level access: a committee member (and the superuser) sits on every demo committee."""
    from visitatie.visitaties.models import CommissieLid, Visitatie

    if gebruiker.rol in ("commissielid", "beheerder"):
        for v in db.exec(select(Visitatie)).all():
            db.add(CommissieLid(visitatie_id=v.id, gebruiker_id=gebruiker.id, rol="secretaris"))


# Capabilities whose pages check access per object make the logged-in account "involved" here,
# so the matrix tests the permission; the object rules have their own tests.
BETREKKEN = [_betrek_bij_visitaties]


@pytest.fixture(autouse=True)
def demo(app):
    """The demo data, so example objects exist."""
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        laad_demo(db)
        db.commit()


def betrek(app, email: str) -> None:
    with app.app_context(), Session(app.extensions["vth_engine"]) as db:
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
        for stap in BETREKKEN:
            stap(db, gebruiker)
        db.commit()


def get_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        yield rule


def url_voor(rule) -> str:
    waarden = VOORBEELDEN.get(rule.endpoint, {})
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
        antwoord = client.get(url_voor(rule))
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
        antwoord = client.post(url_voor(rule))
        assert antwoord.status_code == 302, rule.endpoint


@pytest.mark.parametrize("rol", list(ROLLEN))
def test_each_role_gets_what_its_permissions_say(app, client, login, rol):
    betrek(app, login(rol))
    for rule in get_routes(app):
        permissie = app.view_functions[rule.endpoint].vth_permissie
        verwacht = 200 if heeft(Rol(rol), permissie) else 403
        assert client.get(url_voor(rule)).status_code == verwacht, (rol, rule.endpoint)


def test_a_route_without_permission_is_refused(app, client):
    app.add_url_rule("/zonder-permissie", "zonder", lambda: "geheim")
    assert client.get("/zonder-permissie").status_code == 403


def test_csrf_is_enforced(database_url):
    from tests.conftest import make_test_app

    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    antwoord = client.post("/inloggen", data={"email": "a@b.nl", "wachtwoord": "x"})
    assert antwoord.status_code == 400
    pagina = client.get("/inloggen").get_data(as_text=True)
    assert 'name="csrf_token"' in pagina
    app.extensions["vth_engine"].dispose()
