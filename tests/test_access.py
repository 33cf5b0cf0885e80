"""The access matrix, generated from app.url_map: every route declares a permission; anonymous
users are sent to the login page for every non-public route; each role gets 200 or 403 exactly
as its permissions say. A new route without an example below fails here until it gets one."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.planning_data import maak_planningvoorbeeld
from visitatie.auth.permissions import ROLLEN, P, heeft

# Example values for URL parameters, per endpoint (taken from the reference data).
VOORBEELDEN: dict[str, dict[str, str]] = {
    "register.od": {"code": "odmh"},
    "register.gemeente": {"code": "GM0363"},
    "register.provincie": {"code": "PV28"},
    "planning.ronde": {"ronde_id": "1"},
    "planning.kalender": {"ronde_id": "1"},
    "planning.belasting": {"ronde_id": "1"},
    "planning.conflicten": {"ronde_id": "1"},
    "planning.plannen": {"ronde_id": "1"},
    "planning.herplannen": {"ronde_id": "1"},
    "planning.weken_blokkeren": {"ronde_id": "1", "ronde_od_id": "1"},
    "planning.plan": {"plan_id": "1"},
    "planning.accepteren": {"plan_id": "1"},
    "planning.wijzigen": {"plan_id": "1"},
    "planning.plan_export": {"plan_id": "1", "soort": "ics"},
    "planning.visiteur": {"visiteur_id": "1"},
    "planning.afwezig": {"visiteur_id": "1"},
    "planning.band": {"visiteur_id": "1"},
    "planning.ronde_od": {"ronde_id": "1"},
    "planning.visiteur_agenda": {"visiteur_id": "1"},
}

# Objects that only exist after a demo step; each capability adds a fast function that creates
# them (ids start at 1 in the fresh test database).
VOORBEREIDINGEN = [maak_planningvoorbeeld]


@pytest.fixture(autouse=True)
def voorbeeldobjecten(app):
    with Session(app.extensions["vth_engine"]) as db:
        for maak in VOORBEREIDINGEN:
            maak(db)
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
    login(rol)
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
