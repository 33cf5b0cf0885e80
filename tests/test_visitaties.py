"""The visitation workflow: transitions, visibility per state and role, autosave conflicts,
submit and reopen, report generation, a full right-of-reply round, the improvement plan."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from visitatie.audit.models import AuditRegel
from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import ROLLEN, P, heeft
from visitatie.errors import DomeinFout
from visitatie.visitaties import operations as ops
from visitatie.visitaties.demo import scenario_visitaties
from visitatie.visitaties.models import (
    STATUSSEN,
    TRANSITIES,
    Antwoord,
    CommissieLid,
    Verbeteractie,
    Visitatie,
    status_na,
)
from visitatie.visitaties.rapport import rapport_markdown
from visitatie.visitaties.toegang import rechten
from visitatie.vragenlijsten.definitie import catalogus

VERWACHT = Path(__file__).parent / "data" / "rapport_verwacht.md"


@pytest.fixture
def demo(request, app):
    """The demo's visitations, one per state, by OD: the app runs on a copy of the demo, which
    the test asks for with `@pytest.mark.demodata`."""
    assert request.node.get_closest_marker("demodata"), "markeer de test met @pytest.mark.demodata"
    with Session(app.extensions["vth_engine"]) as db:
        return scenario_visitaties(db)


def _engine_db(app):
    return Session(app.extensions["vth_engine"], expire_on_commit=False)


def _in_commissie(app, email: str, visitatie_id: int, rol: str = "secretaris") -> None:
    with _engine_db(app) as db:
        gebruiker = db.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
        db.add(CommissieLid(visitatie_id=visitatie_id, gebruiker_id=gebruiker.id, rol=rol))
        db.commit()


# ------------------------------------------------------------------ transitions


@pytest.mark.parametrize(
    "van, naar", [(a, b) for a, b in itertools.product(STATUSSEN, STATUSSEN) if TRANSITIES.get(a) != b]
)
def test_every_illegal_transition_is_refused(van, naar):
    v = Visitatie(ronde_id=1, od_code="odmh", status=van, zelfevaluatie_lijst="x", kader_lijst="y")
    with pytest.raises(DomeinFout):
        v.ga_naar(naar)
    assert v.status == van


@pytest.mark.parametrize("van", [s for s in STATUSSEN if s in TRANSITIES])
def test_each_legal_step_moves_one_forward(van):
    v = Visitatie(ronde_id=1, od_code="odmh", status=van, zelfevaluatie_lijst="x", kader_lijst="y")
    v.ga_naar(TRANSITIES[van])
    assert v.status == TRANSITIES[van] and v.versie == 2


# ------------------------------------------------------------------ visibility (generated)

GEVALLEN = [
    (rol, status, eigen, commissierol)
    for rol in ROLLEN
    for status in STATUSSEN
    for eigen in (True, False)
    for commissierol in (None, "peer", "secretaris")
    if not (commissierol and rol == "od_medewerker")
]


@pytest.mark.parametrize("rol, status, eigen, commissierol", GEVALLEN)
def test_confidential_parts_never_leak(rol, status, eigen, commissierol):
    r = rechten(
        rol=rol,
        eigen_od="odmh" if eigen else "odh",
        commissierol=commissierol,
        od_code="odmh",
        status=status,
    )
    od = rol == "od_medewerker" and eigen
    # interview notes and individual assessments: committee only
    assert ("gesprekken" in r) == (commissierol is not None)
    # drafts: committee; the OD from wederhoor on; the programme office only once final
    if "concept_lezen" in r:
        assert status_na(status, "conceptrapport")
        assert (
            commissierol
            or (od and status_na(status, "wederhoor"))
            or (rol in ("coordinator", "beheerder") and status_na(status, "definitief"))
        )
    if commissierol is None and not od and rol not in ("coordinator", "beheerder"):
        assert r <= {"rapport_lezen"}
        assert ("rapport_lezen" in r) == status_na(status, "gepubliceerd")
    if rol == "od_medewerker" and not eigen:
        assert r <= {"rapport_lezen"}


@pytest.mark.demodata
def test_http_visibility_follows_the_rules_for_every_demo_state(app, client, demo):
    """Generated over the demo's visitations (one per state) and five kinds of user."""
    from tests.conftest import TEST_WACHTWOORD, maak_account

    gebruikers = {
        "od_eigen": maak_account(app, "od_medewerker", "odmh"),
        "lezer": maak_account(app, "lezer"),
        "coordinator": maak_account(app, "coordinator"),
        "commissie": maak_account(app, "commissielid"),
        "buitenstaander": maak_account(app, "commissielid"),
    }
    with _engine_db(app) as db:
        visitaties = [db.get(Visitatie, vid) for vid in demo.values()]  # one per state
    for v in visitaties:
        _in_commissie(app, gebruikers["commissie"], v.id, "peer")
    with _engine_db(app) as db:
        accounts = {
            k: db.exec(select(Gebruiker).where(Gebruiker.email == e)).one()
            for k, e in gebruikers.items()
        }
    pagina_recht = {
        "rapport": ({"concept_lezen", "rapport_lezen"}, P.VISITATIES_WERKEN),
        "gesprekken": ({"gesprekken"}, P.COMMISSIEWERK),
        "zelfevaluatie": ({"zelfevaluatie_lezen"}, P.VISITATIES_WERKEN),
        "wederhoor": ({"concept_lezen"}, P.VISITATIES_WERKEN),
    }
    for naam, gebruiker in accounts.items():
        client.post("/uitloggen")
        client.post("/inloggen", data={"email": gebruiker.email, "wachtwoord": TEST_WACHTWOORD})
        for v in visitaties:
            rol_in_commissie = "peer" if naam == "commissie" else None
            r = rechten(
                rol=gebruiker.rol,
                eigen_od=gebruiker.od_code,
                commissierol=rol_in_commissie,
                od_code=v.od_code,
                status=v.status,
            )
            for pagina, (nodig, permissie) in pagina_recht.items():
                verwacht = 200 if heeft(gebruiker, permissie) and nodig & r else 403
                antwoord = client.get(f"/visitaties/{v.id}/{pagina}")
                assert antwoord.status_code == verwacht, (naam, v.od_code, v.status, pagina)


@pytest.mark.demodata
def test_public_report_only_once_published(client, demo):
    assert client.get(f"/openbaar/visitatierapporten/{demo['odmh']}").status_code == 200
    assert client.get(f"/openbaar/visitatierapporten/{demo['odg']}").status_code == 404
    lijst = client.get("/openbaar/visitatierapporten").get_data(as_text=True)
    assert "Omgevingsdienst Midden-Holland" in lijst and "28 december 2023" in lijst
    assert f"/openbaar/visitatierapporten/{demo['odg']}" not in lijst  # final, not yet published


# ------------------------------------------------------------------ filling in


def _antwoorden(app, vid: int) -> dict[str, Antwoord]:
    with _engine_db(app) as db:
        respons = ops.respons_van(db, visitatie=db.get(Visitatie, vid), soort="zelfevaluatie")
        if respons is None:
            return {}
        return {
            a.vraag_code: a for a in db.exec(select(Antwoord).where(Antwoord.respons_id == respons.id))
        }


def _autosave(client, vid, code, waarde, versie, soort="zelfevaluatie"):
    return client.post(
        f"/visitaties/{vid}/antwoord/{soort}/{code}", data={code: waarde, f"versie__{code}": versie}
    )


@pytest.mark.demodata
def test_autosave_conflict_keeps_both_versions(app, client, demo):
    from tests.conftest import TEST_WACHTWOORD, maak_account

    vid = demo["odbn"]
    anne, bert = maak_account(app, "od_medewerker", "odbn"), maak_account(app, "od_medewerker", "odbn")
    tweede = app.test_client()
    client.post("/inloggen", data={"email": anne, "wachtwoord": TEST_WACHTWOORD})
    tweede.post("/inloggen", data={"email": bert, "wachtwoord": TEST_WACHTWOORD})
    assert _autosave(client, vid, "fte", "120", 0).status_code == 200
    antwoord = _autosave(tweede, vid, "fte", "135", 0)  # Bert still has version 0
    assert antwoord.status_code == 409
    tekst = antwoord.get_data(as_text=True)
    assert "120" in tekst and "135" in tekst
    rij = _antwoorden(app, vid)["fte"]
    assert rij.waarde == "120" and rij.versie == 1
    assert _autosave(tweede, vid, "fte", "135", 1).status_code == 200  # after seeing it, Bert may save


@pytest.mark.demodata
def test_section_save_with_a_stale_version_shows_both_and_keeps_the_rest(app, client, login, demo):
    login("od_medewerker", "odbn")
    vid = demo["odbn"]
    _autosave(client, vid, "contactpersoon", "A. Eerste (fictief)", 0)
    antwoord = client.post(
        f"/visitaties/{vid}/zelfevaluatie?sectie=algemeen",
        data={
            "contactpersoon": "B. Tweede (fictief)",
            "versie__contactpersoon": "0",
            "fte": "80",
            "versie__fte": "0",
        },
    )
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 200 and "A. Eerste" in tekst and "B. Tweede" in tekst
    waarden = {code: a.waarde for code, a in _antwoorden(app, vid).items()}
    assert waarden["fte"] == "80" and "Eerste" in waarden["contactpersoon"]


@pytest.mark.demodata
def test_range_errors_are_shown_and_not_saved(app, client, login, demo):
    login("od_medewerker", "odbn")
    antwoord = _autosave(client, demo["odbn"], "fte", "99999", 0)
    assert "Geef een getal van 0 tot en met 5000 fte." in antwoord.get_data(as_text=True)
    assert "fte" not in _antwoorden(app, demo["odbn"])


@pytest.mark.demodata
def test_submit_checks_completeness_locks_and_a_coordinator_reopens_with_reason(
    app, client, login, demo
):
    login("od_medewerker", "odbn")
    vid = demo["odbn"]
    antwoord = client.post(f"/visitaties/{vid}/indienen/zelfevaluatie", follow_redirects=True)
    assert "Nog niet compleet" in antwoord.get_data(as_text=True)
    with _engine_db(app) as db:
        v = db.get(Visitatie, vid)
        assert v.status == "gepland"
        from visitatie.visitaties.demo import breng_naar

        breng_naar(db, v, "zelfevaluatie_ingediend")
        db.commit()
    assert _autosave(client, vid, "fte", "1", 1).status_code == 403  # no longer editable
    client.post("/uitloggen")
    login("coordinator")
    assert (
        client.post(f"/visitaties/{vid}/heropenen/zelfevaluatie", data={"reden": ""}).status_code == 302
    )
    client.post(
        f"/visitaties/{vid}/heropenen/zelfevaluatie", data={"reden": "Bijlage ontbrak (fictief)"}
    )
    with _engine_db(app) as db:
        respons = ops.respons_van(db, visitatie=db.get(Visitatie, vid), soort="zelfevaluatie")
        assert not respons.ingediend and respons.heropend_reden == "Bijlage ontbrak (fictief)"
        assert db.exec(select(AuditRegel).where(AuditRegel.actie == "respons.heropenen")).first()


# ------------------------------------------------------------------ report


def _vaste_antwoorden():
    lijst = catalogus()["visitatiekader@2024"]
    antwoorden = {}
    for i, v in enumerate(lijst.vragen.values()):
        if v.type == "schaal":
            antwoorden[v.code] = 1 + i % 4
        elif v.type == "lange_tekst":
            antwoorden[v.code] = f"Onderbouwing {v.code}."
        elif v.type == "bevindingen":
            antwoorden[v.code] = [
                {"type": "sterk_punt", "thema": v.thema, "tekst": f"Sterk {v.code}."},
                {"type": "aanbeveling", "thema": v.thema, "tekst": f"Advies {v.code}."},
            ]
    return lijst, antwoorden


def test_report_generation_matches_the_committed_markdown():
    lijst, antwoorden = _vaste_antwoorden()
    tekst = rapport_markdown(
        od_naam="Omgevingsdienst Midden-Holland",
        ronde="Eerste ronde 2022-2024",
        bezoek_van=date(2023, 10, 3),
        bezoek_tot=date(2023, 10, 4),
        lijst=lijst,
        antwoorden=antwoorden,
    )
    assert tekst == VERWACHT.read_text(encoding="utf-8")


@pytest.mark.demodata
def test_a_full_right_of_reply_round(app, client, login, demo):
    vid = demo["rud-ln"]
    email_od = login("od_medewerker", "rud-ln")
    antwoord = client.post(
        f"/visitaties/{vid}/wederhoor",
        data={
            "sectie": "Professionaliteit",
            "soort": "feitelijke_onjuistheid",
            "tekst": "De kwaliteitscriteria zijn in 2023 getoetst (fictief).",
        },
    )
    assert antwoord.status_code == 302, email_od
    client.post("/uitloggen")
    secretaris = login("commissielid")
    _in_commissie(app, secretaris, vid)
    # not all answered: cannot become final
    client.post(f"/visitaties/{vid}/status", data={"naar": "definitief"})
    with _engine_db(app) as db:
        assert db.get(Visitatie, vid).status == "wederhoor"
        reacties = ops.reacties_van(db, db.get(Visitatie, vid))
    for r in reacties:
        client.post(
            f"/visitaties/{vid}/wederhoor/{r.id}",
            data={f"r{r.id}-besluit": "overgenomen", f"r{r.id}-antwoord": "Aangepast."},
        )
    client.post(f"/visitaties/{vid}/status", data={"naar": "definitief"})
    with _engine_db(app) as db:
        v = db.get(Visitatie, vid)
        assert v.status == "definitief"
        bijlage = ops.rapport_van(db, v).bijlage_wederhoor
    assert (
        "Bijlage: wederhoor" in bijlage and r"getoetst \(fictief\)" in bijlage and "Overgenomen" in bijlage
    )
    pagina = client.get(f"/visitaties/{vid}/rapport").get_data(as_text=True)
    assert "Bijlage: wederhoor" in pagina


@pytest.mark.demodata
def test_report_edit_is_sanitised_and_version_checked(app, client, login, demo):
    vid = demo["dcmr"]
    _in_commissie(app, login("commissielid"), vid)
    with _engine_db(app) as db:
        versie = ops.rapport_van(db, db.get(Visitatie, vid)).versie
    tekst = "## Inleiding\n\n<script>alert(1)</script> [klik](javascript:alert(1))"
    assert (
        client.post(f"/visitaties/{vid}/rapport", data={"tekst": tekst, "versie": versie}).status_code
        == 302
    )
    pagina = client.get(f"/visitaties/{vid}/rapport").get_data(as_text=True)
    assert "<script>alert" not in pagina and 'href="javascript' not in pagina
    assert (
        client.post(f"/visitaties/{vid}/rapport", data={"tekst": "oud", "versie": versie}).status_code
        == 409
    )
    voorbeeld = client.post(f"/visitaties/{vid}/rapport/voorbeeld", data={"tekst": "**vet** <b>x</b>"})
    assert "<strong>vet</strong>" in voorbeeld.get_data(as_text=True)
    assert "<b>" not in voorbeeld.get_data(as_text=True)


@pytest.mark.demodata
def test_improvement_plan_comes_from_recommendations_and_is_kept_by_the_od(app, client, login, demo):
    vid = demo["odmh"]
    with _engine_db(app) as db:
        acties = db.exec(select(Verbeteractie).where(Verbeteractie.visitatie_id == vid)).all()
    assert len(acties) == 6 and all(a.aanbeveling.startswith("(fictief) Aanbeveling") for a in acties)
    login("od_medewerker", "odmh")
    a = acties[0]  # the demo's OD kept it up to date: a version on from the one the plan made
    antwoord = client.post(
        f"/visitaties/{vid}/verbeterplan/{a.id}",
        data={
            f"a{a.id}-eigenaar": "Afdeling VTH (fictief)",
            f"a{a.id}-deadline": "2025-06-30",
            f"a{a.id}-status": "lopend",
            f"a{a.id}-voortgang": "Gestart.",
            f"a{a.id}-versie": str(a.versie),
        },
    )
    assert antwoord.status_code == 302
    with _engine_db(app) as db:
        assert db.get(Verbeteractie, a.id).status == "lopend"
    # a stale version is refused
    client.post(
        f"/visitaties/{vid}/verbeterplan/{a.id}",
        data={f"a{a.id}-status": "gereed", f"a{a.id}-versie": str(a.versie)},
    )
    with _engine_db(app) as db:
        assert db.get(Verbeteractie, a.id).status == "lopend"


@pytest.mark.demodata
def test_overviews_flag_overdue_steps(client, login, demo):
    login("coordinator")
    tekst = client.get("/visitaties").get_data(as_text=True)
    assert "Te laat" in tekst and "Omgevingsdienst Brabant Noord" in tekst
    assert "Omgevingsdienst Midden-Holland" in client.get("/verbeterplannen").get_data(as_text=True)


@pytest.mark.demodata
def test_every_page_renders_for_the_committee(app, client, login, demo):
    email = login("commissielid")
    for vid in demo.values():
        _in_commissie(app, email, vid)
    for vid in demo.values():
        for pad in (
            "",
            "/zelfevaluatie",
            "/commissie/beoordeling",
            "/commissie/commissieoordeel",
            "/gesprekken",
        ):
            assert client.get(f"/visitaties/{vid}{pad}").status_code == 200, (vid, pad)


@pytest.mark.demodata
def test_a_coordinator_plans_a_visitation_and_composes_the_committee(app, client, login, demo):
    lid = maak_lid(app)
    login("coordinator")
    with _engine_db(app) as db:
        ronde_id = db.get(Visitatie, demo["odmh"]).ronde_id
    antwoord = client.post("/visitaties/nieuw", data={"ronde_id": ronde_id, "od_code": "odmh"})
    assert "al een visitatie" in antwoord.get_data(as_text=True)  # one per OD per cycle
    with _engine_db(app) as db:  # the demo's plans made every visitation: plan by hand in a new cycle
        from visitatie.planning.operations import maak_ronde

        ronde_id = maak_ronde(db, naam="handmatig (test)", start=date(2024, 9, 1),
                              deadline=date(2024, 12, 31), od_codes=["odg"]).id
        db.commit()
    antwoord = client.post(
        "/visitaties/nieuw",
        data={
            "ronde_id": ronde_id,
            "od_code": "odg",
            "bezoek_van": "2024-10-08",
            "bezoek_tot": "2024-10-07",
        },
    )
    assert "vóór het begint" in antwoord.get_data(as_text=True)
    antwoord = client.post(
        "/visitaties/nieuw",
        data={
            "ronde_id": ronde_id,
            "od_code": "odg",
            "bezoek_van": "2024-10-08",
            "bezoek_tot": "2024-10-09",
        },
    )
    assert antwoord.status_code == 302
    vid = int(antwoord.headers["Location"].rsplit("/", 1)[1])
    client.post(f"/visitaties/{vid}/commissie", data={"gebruiker_id": lid, "rol": "voorzitter"})
    with _engine_db(app) as db:
        v = db.get(Visitatie, vid)
        assert v.zelfevaluatie_lijst == "zelfevaluatie@2024" and v.status == "gepland"
        assert ops.commissierol(db, vid, lid) == "voorzitter"


def maak_lid(app) -> int:
    from tests.conftest import maak_account

    email = maak_account(app, "commissielid")
    with _engine_db(app) as db:
        return db.exec(select(Gebruiker).where(Gebruiker.email == email)).one().id


@pytest.mark.demodata
def test_evidence_is_sniffed_stored_privately_and_served_only_to_who_may_read(app, client, login, demo):
    import io

    from visitatie.bestanden import herken

    assert herken(b"%PDF-1.7 ...") == "pdf" and herken(b"MZ\x90\x00") is None
    assert herken(b"\x89PNG\r\n\x1a\n....") == "png"
    vid = demo["odbn"]
    login("od_medewerker", "odbn")
    for veld, waarde in (("kc_getoetst", "ja"),):
        _autosave(client, vid, veld, waarde, 0)
    vals = client.post(
        f"/visitaties/{vid}/zelfevaluatie?sectie=algemeen",
        data={"kc_rapport": (io.BytesIO(b"MZ\x90\x00 geen pdf"), "rapport.pdf")},
        content_type="multipart/form-data",
    )
    assert "Alleen PDF" in vals.get_data(as_text=True)
    for naam in ("../../toets.pdf", "toets.pdf"):  # a path in the name is refused
        antwoord = client.post(
            f"/visitaties/{vid}/zelfevaluatie?sectie=algemeen",
            data={"kc_rapport": (io.BytesIO(b"%PDF-1.4 toets (fictief)"), naam)},
            content_type="multipart/form-data",
        )
        assert ("met een map erin" in antwoord.get_data(as_text=True)) == (naam != "toets.pdf")
    waarde = _antwoorden(app, vid)["kc_rapport"].waarde
    assert '"naam": "toets.pdf"' in waarde and "static" not in waarde
    download = client.get(f"/visitaties/{vid}/bewijs/zelfevaluatie/kc_rapport")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    client.post("/uitloggen")
    login("od_medewerker", "odmh")  # another OD
    assert client.get(f"/visitaties/{vid}/bewijs/zelfevaluatie/kc_rapport").status_code == 403


@pytest.mark.demodata
def test_reminders_are_sent_once_into_the_outbox(app, runner, client, login, demo):
    from tests.conftest import maak_account

    maak_account(app, "od_medewerker", "odbn")  # odbn: planned visit, self-evaluation due 3 weeks before
    with _engine_db(app) as db:
        termijn = db.get(Visitatie, demo["odbn"]).bezoek_van - timedelta(weeks=3)
    eerste = runner.invoke(args=["reminders", "send", "--datum", str(termijn - timedelta(days=4))])
    assert eerste.exit_code == 0, eerste.output
    assert "in het postvak" in eerste.output
    assert runner.invoke(
        args=["reminders", "send", "--datum", str(termijn - timedelta(days=3))]
    ).output.startswith("0 nieuwe")
    with _engine_db(app) as db:
        from visitatie.visitaties.models import Herinnering

        rijen = db.exec(select(Herinnering).where(Herinnering.visitatie_id == demo["odbn"])).all()
    assert [r.stap for r in rijen] == ["Zelfevaluatie indienen"]
    assert f"{termijn:%d-%m-%Y}" in rijen[0].tekst
    login("coordinator")
    assert "Herinnering visitatie Omgevingsdienst Brabant Noord" in client.get(
        "/herinneringen"
    ).get_data(as_text=True)


@pytest.mark.demodata
def test_final_report_exports_as_tagged_pdf_and_docx_never_a_draft(app, client, login, demo):
    from visitatie.visitaties.export import naar_pdf

    pdf = naar_pdf("Visitatierapport", "# Titel\n\n[x](javascript:alert(1))\n", uncompressed_pdf=True)
    assert b"/StructTreeRoot" in pdf and b"pdfuaid" in pdf and b"javascript" not in pdf
    publiek = client.get(f"/openbaar/visitatierapporten/{demo['odmh']}.pdf")
    assert publiek.status_code == 200 and publiek.data.startswith(b"%PDF")
    docx = client.get(f"/openbaar/visitatierapporten/{demo['odmh']}.docx")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")
    assert (
        client.get(f"/openbaar/visitatierapporten/{demo['odg']}.pdf").status_code == 404
    )  # not published
    login("coordinator")  # the programme office reads a report only once it is final
    assert client.get(f"/visitaties/{demo['dcmr']}/rapport.pdf").status_code == 403  # a draft
    client.post("/uitloggen")
    email = login("commissielid")
    _in_commissie(app, email, demo["dcmr"])
    concept = client.get(f"/visitaties/{demo['dcmr']}/rapport.docx")  # the committee: marked draft
    assert concept.status_code == 200 and "concept-" in concept.headers["Content-Disposition"]


@pytest.mark.demodata
def test_the_secretary_sees_each_members_assessment_when_consolidating(app, client, login, demo):
    from tests.conftest import TEST_WACHTWOORD, maak_account

    vid = demo["odwh"]  # zelfevaluatie_ingediend: assessments and the judgement are open
    lid = maak_account(app, "commissielid")
    _in_commissie(app, lid, vid, "peer")
    client.post("/inloggen", data={"email": lid, "wachtwoord": TEST_WACHTWOORD})
    assert _autosave(client, vid, "tv_oordeel", "2", 0, soort="beoordeling").status_code == 200
    client.post("/uitloggen")
    _in_commissie(app, login("commissielid"), vid, "secretaris")
    pagina = client.get(f"/visitaties/{vid}/commissie/commissieoordeel?sectie=toekomstvisie")
    tekst = pagina.get_data(as_text=True)
    assert "Beoordelingen van de leden (1)" in tekst and "2. In ontwikkeling" in tekst
    # a member's own page shows only their own assessment
    assert "Beoordelingen van de leden" not in client.get(
        f"/visitaties/{vid}/commissie/beoordeling?sectie=toekomstvisie").get_data(as_text=True)
