"""Nothing typed in a questionnaire is lost (issue 16), in Chromium under the app's own CSP (no
`bypass_csp`: the script must work as a file): two people change one answer and the second sees
both versions at the field; text is saved while typing; leaving with unsaved text asks first;
a decimal comma is stored as a decimal point and shown back with a comma."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from tests.browser import LiveServer
from tests.conftest import TEST_WACHTWOORD, maak_account
from visitatie.visitaties import operations as ops
from visitatie.visitaties.demo import scenario_visitaties
from visitatie.visitaties.models import Antwoord, Respons, Visitatie
from visitatie.vragenlijsten.definitie import catalogus

pytestmark = pytest.mark.browser


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


@pytest.fixture
def server(app):
    with Session(app.extensions["vth_engine"]) as db:
        v = db.get(Visitatie, scenario_visitaties(db)["odbn"])
        respons = ops.respons_voor(db, visitatie=v, soort="zelfevaluatie")
        vraag = catalogus()[v.zelfevaluatie_lijst].vragen["kc_getoetst"]
        ops.bewaar_antwoord(db, respons=respons, vraag=vraag, waarde="ja", versie=0)  # shows kc_wie
        db.commit()
        vid = v.id
    with LiveServer(app) as live:
        yield live.url, vid


def _waarde(app, code: str):
    with Session(app.extensions["vth_engine"]) as db:
        rij = db.exec(select(Antwoord).join(Respons).join(Visitatie)
                      .where(Antwoord.vraag_code == code, Visitatie.id == scenario_visitaties(db)["odbn"],
                             Respons.soort == "zelfevaluatie")).first()
        return json.loads(rij.waarde) if rij else None


def _open(browser, app, basis: str, vid: int):
    """A fresh browser with the app's real CSP, logged in as a new ODBN employee, on the section."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    fouten: list[str] = []
    page.on("console", lambda m: fouten.append(m.text) if "Security Policy" in m.text else None)
    page.on("pageerror", lambda fout: fouten.append(str(fout)))  # a script error
    page.goto(f"{basis}/inloggen")
    page.fill("#email", maak_account(app, "od_medewerker", "odbn"))
    page.fill("#wachtwoord", TEST_WACHTWOORD)
    with page.expect_navigation():
        page.click("form button[type=submit]:has-text('Inloggen')")
    page.goto(f"{basis}/visitaties/{vid}/zelfevaluatie?sectie=algemeen")
    page.csp_fouten = fouten
    return page


def test_two_people_one_answer_shows_both_and_nothing_typed_vanishes(server, browser, app):
    basis, vid = server
    anne, bert = _open(browser, app, basis, vid), _open(browser, app, basis, vid)

    anne.fill("#contactpersoon", "Anne (fictief)")
    anne.press("#contactpersoon", "Tab")
    anne.wait_for_selector("#status-contactpersoon:has-text('Opgeslagen om')")
    bert.click("#contactpersoon")
    bert.keyboard.type("Bert (fictief)")  # Bert's page still has the version before Anne's
    conflict = bert.wait_for_selector("#vraag-contactpersoon .vth-conflict")
    assert "Anne (fictief)" in conflict.inner_text() and "Bert (fictief)" in conflict.inner_text()
    assert bert.input_value("#contactpersoon") == "Bert (fictief)"  # his text is still there
    assert _waarde(app, "contactpersoon") == "Anne (fictief)"
    bert.click("#vraag-contactpersoon button:has-text('Mijn versie bewaren')")
    bert.wait_for_selector("#status-contactpersoon:has-text('Opgeslagen om')")
    assert _waarde(app, "contactpersoon") == "Bert (fictief)"

    # again, and now Bert sets his own text aside and takes Anne's: both stay on his screen
    anne.reload()
    anne.fill("#contactpersoon", "Anne, tweede keer (fictief)")
    anne.press("#contactpersoon", "Tab")
    anne.wait_for_selector("#status-contactpersoon:has-text('Opgeslagen om')")
    bert.fill("#contactpersoon", "Bert, tweede keer (fictief)")
    bert.press("#contactpersoon", "Tab")
    bert.wait_for_selector("#vraag-contactpersoon .vth-conflict")
    bert.click("#vraag-contactpersoon button:has-text('apart zetten')")
    assert bert.input_value("#contactpersoon") == "Anne, tweede keer (fictief)"
    assert bert.input_value(".vth-apart textarea") == "Bert, tweede keer (fictief)"
    bert.reload()  # nothing unsaved: no question; the set-aside text survives the reload
    assert bert.input_value(".vth-apart textarea") == "Bert, tweede keer (fictief)"
    assert _waarde(app, "contactpersoon") == "Anne, tweede keer (fictief)"

    # a radio button: Bert takes Anne's choice over
    anne.check("#kc_wie-0")
    anne.wait_for_selector("#status-kc_wie:has-text('Opgeslagen om')")
    bert.check("#kc_wie-1")
    conflict = bert.wait_for_selector("#vraag-kc_wie .vth-conflict")
    assert _waarde(app, "kc_wie") == anne.get_attribute("#kc_wie-0", "value")
    bert.click("#vraag-kc_wie button:has-text('De andere versie overnemen')")
    assert bert.is_checked("#kc_wie-0") and not bert.is_checked("#kc_wie-1")
    assert bert.locator("#vraag-kc_wie .vth-conflict").count() == 0
    assert anne.csp_fouten == [] and bert.csp_fouten == []


def test_text_is_saved_while_typing_and_the_counter_follows(server, browser, app):
    basis, vid = server
    page = _open(browser, app, basis, vid)
    teller = page.locator("[data-voortgang='algemeen']")
    voor = int(teller.inner_text().split()[0])
    page.click("#contactpersoon")
    page.keyboard.type("Typend opgeslagen (fictief)")  # the cursor stays in the field
    page.wait_for_selector("#status-contactpersoon:has-text('Opgeslagen om')")
    assert _waarde(app, "contactpersoon") == "Typend opgeslagen (fictief)"
    assert page.evaluate("document.activeElement.id") == "contactpersoon"
    assert int(teller.inner_text().split()[0]) == voor + 1  # without a reload


def test_leaving_with_unsaved_text_asks_first(server, browser, app):
    basis, vid = server
    page = _open(browser, app, basis, vid)
    vragen: list[str] = []

    def blijf(dialog):
        vragen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", blijf)
    page.click("#contactpersoon")
    page.keyboard.type("Nog niet opgeslagen")
    page.close(run_before_unload=True)  # at once: the pause before saving has not passed
    page.wait_for_timeout(500)
    assert vragen == ["beforeunload"]
    assert not page.is_closed()
    page.wait_for_selector("#status-contactpersoon:has-text('Opgeslagen om')")
    with page.expect_event("close"):
        page.close(run_before_unload=True)  # all saved: no question, the page closes
    assert vragen == ["beforeunload"] and page.is_closed()


def test_a_decimal_comma_is_stored_as_a_decimal_and_shown_with_a_comma(server, browser, app):
    basis, vid = server
    page = _open(browser, app, basis, vid)
    page.fill("#fte", "312,5")
    page.press("#fte", "Tab")
    page.wait_for_selector("#status-fte:has-text('Opgeslagen om')")
    assert _waarde(app, "fte") == 312.5
    page.reload()
    assert page.input_value("#fte") == "312,5"
    page.fill("#fte", "3.125,5")
    page.press("#fte", "Tab")
    page.wait_for_selector("#status-fte:has-text('geen scheiding voor duizendtallen')")
    assert _waarde(app, "fte") == 312.5 and page.input_value("#fte") == "3.125,5"


def test_the_new_parts_of_the_right_of_reply_and_the_assessment_pass_axe(server, app, page):
    """The reaction's edit/withdraw/annex controls and the committee's attachments, for axe-core."""
    from tests.browser import axe_violations, beschrijf
    from visitatie.auth.models import Gebruiker
    from visitatie.visitaties.models import CommissieLid
    from visitatie.visitaties.rapport import secties

    basis, _vid = server
    with Session(app.extensions["vth_engine"]) as db:
        v = db.get(Visitatie, scenario_visitaties(db)["rud-ln"])
        ops.plaats_reactie(db, visitatie=v, sectie=secties(ops.rapport_van(db, v).tekst)[0],
                           soort="ontbrekende_context", tekst="Reactie (fictief)", auteur_id=None)
        db.commit()
        vid = v.id
    od, lid = maak_account(app, "od_medewerker", "rud-ln"), maak_account(app, "commissielid")
    with Session(app.extensions["vth_engine"]) as db:
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == lid)).one()
        db.add(CommissieLid(visitatie_id=vid, gebruiker_id=gebruiker.id, rol="secretaris"))
        db.commit()
    fouten = []
    for email, pad in ((od, f"/visitaties/{vid}/wederhoor"),
                       (lid, f"/visitaties/{vid}/commissie/commissieoordeel?sectie=toekomstvisie")):
        page.goto(f"{basis}/inloggen")
        page.fill("#email", email)
        page.fill("#wachtwoord", TEST_WACHTWOORD)
        with page.expect_navigation():
            page.click("form button[type=submit]:has-text('Inloggen')")
        page.goto(f"{basis}{pad}")
        for wijzig in page.locator(".vth-wijzig summary").all():  # the demo's reaction and this one
            wijzig.click()  # opened: the hidden part is checked too
        assert page.locator(".vth-bijlagen input[type=file]").count() >= 1
        fouten += axe_violations(page)
        page.goto(f"{basis}/")
        with page.expect_navigation():
            page.click("button:has-text('Uitloggen')")
    assert fouten == [], beschrijf(fouten)
