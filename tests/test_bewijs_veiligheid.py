"""Security sweep (issue 9), on the demo: security headers on every route, cookie flags, every
reachable form fuzzed (hypothesis) and filled with script/HTML payloads that must come out
escaped on every page and in the report exports, hostile uploads refused, and pip-audit over
the installed dependencies. Routes come from app.url_map with the examples of tests/test_access.py,
so a new page is swept without being listed here."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from tests.bewijs import blokkeer_demo_accounts, versie_in
from tests.conftest import PRODUCTIE_GEHEIM, TEST_WACHTWOORD, maak_account
from tests.formulieren import formulieren, vul_in
from tests.test_access import betrek, get_routes, url_voor
from visitatie import db as database
from visitatie.app import create_app

PAYLOAD = '<script>alert("vth")</script><img src=x onerror=alert(1)><b>vet</b>"\''
GEVAARLIJK = ('<script>alert("vth")', "<img src=x onerror", "<b>vet</b>")
VOORBEELDEN_PER_FORMULIER = int(os.environ.get("VTH_PROOF_FUZZ", "4"))


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


def als_beheerder(app, client) -> str:
    """The superuser, involved in every visitation: the account that reaches every form."""
    email = maak_account(app, "beheerder")
    assert client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD}).status_code == 302
    betrek(app, email)
    return email


def paginas(app, email: str | None) -> list[str]:
    return [url_voor(rule, app, email) for rule in get_routes(app)]


def controleer_koppen(antwoord, pad: str) -> None:
    csp = antwoord.headers.get("Content-Security-Policy", "")
    assert csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, pad
    assert "frame-ancestors 'none'" in csp, pad
    assert antwoord.headers.get("X-Content-Type-Options") == "nosniff", pad
    assert antwoord.headers.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                                       "strict-origin-when-cross-origin"), pad


@pytest.mark.parametrize("ingelogd", [False, True])
def test_security_headers_on_every_route(app, client, ingelogd):
    email = als_beheerder(app, client) if ingelogd else None
    for pad in [*paginas(app, email), "/bestaat-niet"]:
        controleer_koppen(client.get(pad), pad)
    for rule in app.url_map.iter_rules():  # the answers to POSTs too (redirects, errors)
        if "POST" in rule.methods:
            pad = url_voor(rule, app, email)
            controleer_koppen(client.post(pad), pad)


def test_cookie_flags_in_production(database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("VTH_ENV", "production")
    monkeypatch.setenv("VTH_SECRET_KEY", PRODUCTIE_GEHEIM)
    engine = database.make_engine(database_url)
    blokkeer_demo_accounts(engine)
    engine.dispose()
    app = create_app({"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                      "STORAGE_DIR": str(tmp_path)})
    try:
        email = maak_account(app, "coordinator")
        antwoord = app.test_client().post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD})
        assert antwoord.status_code == 302
        cookies = antwoord.headers.getlist("Set-Cookie")
        assert cookies
        for cookie in cookies:
            vlaggen = {d.strip().lower() for d in cookie.split(";")[1:]}
            assert {"secure", "httponly", "samesite=lax"} <= vlaggen, cookie
        assert "Strict-Transport-Security" in antwoord.headers
    finally:
        app.extensions["vth_engine"].dispose()


def alle_formulieren(client, pad_lijst: list[str]) -> dict[str, object]:
    """Every POST form on every page the superuser can open, by action."""
    gevonden = {}
    for pad in pad_lijst:
        antwoord = client.get(pad)
        if antwoord.status_code == 200 and antwoord.mimetype == "text/html":
            for formulier in formulieren(pad, antwoord.get_data(as_text=True)):
                gevonden.setdefault(formulier.actie, formulier)
    return gevonden


@pytest.mark.zwaar
def test_payloads_in_every_text_field_come_out_escaped(app, client):
    email = als_beheerder(app, client)
    pad_lijst = paginas(app, email)  # once: some examples create their object
    gevonden = alle_formulieren(client, pad_lijst)
    assert len(gevonden) > 20, sorted(gevonden)  # the sweep must actually reach the forms
    for actie, formulier in gevonden.items():
        antwoord = client.post(actie, data=vul_in(formulier, PAYLOAD))
        assert antwoord.status_code < 500, actie
    for pad in paginas(app, email):
        antwoord = client.get(pad)
        assert antwoord.status_code < 500, pad
        if antwoord.mimetype == "text/html":
            tekst = antwoord.get_data(as_text=True)
            assert not [g for g in GEVAARLIJK if g in tekst], pad


@pytest.mark.zwaar
def test_every_form_and_post_endpoint_survives_fuzzing(app, client):
    email = als_beheerder(app, client)
    gevonden = alle_formulieren(client, paginas(app, email))
    doelen = [(actie, [v.naam for v in f.velden]) for actie, f in gevonden.items()]
    bereikt = {actie.split("?")[0] for actie in gevonden}
    for rule in app.url_map.iter_rules():  # htmx endpoints and others no page form points at
        if "POST" in rule.methods and (pad := url_voor(rule, app, email)) not in bereikt:
            doelen.append((pad, [*rule.arguments, "tekst", "versie", "waarde"]))
    waarden = st.one_of(st.text(max_size=80), st.integers(-10**12, 10**12).map(str),
                        st.sampled_from(["", "0", "-1", "9" * 40, "../../etc/passwd", "\x00", PAYLOAD]))
    for actie, namen in doelen:
        fuzz(client, actie, namen, waarden)()


# --- URL paths and import files (issue 18, finding 8) ---------------------------------------------

PAD_WAARDEN = ["\x00", "GM\x000014", "9" * 27, "2147483648", "-1", "x" * 2000, "../../etc/passwd",
               "%00", "sNaN", "9999-12-31"]


@pytest.mark.zwaar
def test_hostile_url_paths_never_give_a_500(app, client):
    """Every GET route with arguments, each argument in turn replaced by NUL, huge numbers, long
    text and traversal (the rest from the examples), anonymous and as the superuser."""
    for ingelogd in (False, True):
        email = als_beheerder(app, client) if ingelogd else None
        geprobeerd = 0
        for rule in get_routes(app):
            if not rule.arguments:
                continue
            voorbeeld = voorbeeld_waarden(rule, app, email)
            for doel in rule.arguments:
                for waarde in PAD_WAARDEN:
                    pad = bouw_pad(rule, voorbeeld | {doel: waarde})
                    antwoord = client.get(pad)
                    assert antwoord.status_code < 500, (pad, antwoord.status_code)
                    if "\x00" in waarde:
                        assert antwoord.status_code in (400, 404), pad
                    geprobeerd += 1
        assert geprobeerd > 100, geprobeerd
        client.get("/uitloggen")


def voorbeeld_waarden(rule, app, email) -> dict:
    from tests.test_access import voorbeeld_waarden as waarden_van

    return {k: str(v) for k, v in waarden_van(rule, app, email).items()}


def bouw_pad(rule, waarden: dict) -> str:
    """The rule's path with these values, quoted, whatever its converters would accept."""
    return re.sub(r"<(?:[^>:]+:)?(\w+)>", lambda m: quote(waarden[m.group(1)], safe=""), rule.rule)


IMPORTS = {  # import endpoint: (its columns, extra form fields)
    "/planning/pool/importeren": ("visitatie.planning.operations", "POOL_KOLOMMEN", {}),
    "/monitoring/importeren": ("visitatie.monitoring.invoer", "KOLOMMEN", {"reden": "fuzz"}),
    "/ilt/studies/1/importeren": ("visitatie.ilt.bestand", "KOLOMMEN", {}),
}
CEL = st.one_of(st.text(max_size=40), st.sampled_from([
    "\x00", "sNaN", "NaN", "inf", "-1e400", "9" * 27, "2147483648", "9999-12-31", "0001-01-01",
    "x" * 5000, "=HYPERLINK(\"x\")", "", ";", '"', "1,5", "1.000,5"]))


@pytest.mark.zwaar
def test_hostile_import_files_never_give_a_500(app, client):
    """Every import (visitor pool, monitoring, ILT findings): a CSV with the right header and rows
    of hostile cells is refused in Dutch or read, never a 500, and a refused file writes nothing."""
    import importlib

    als_beheerder(app, client)
    for actie, (module, naam, extra) in IMPORTS.items():
        kolommen = getattr(importlib.import_module(module), naam)
        importeer(client, actie, kolommen, extra)()


def importeer(client, actie: str, kolommen: list[str], extra: dict):
    @settings(max_examples=VOORBEELDEN_PER_FORMULIER * 2, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(st.lists(CEL, min_size=len(kolommen), max_size=len(kolommen)), min_size=1, max_size=3))
    def verstuur(rijen):
        tekst = "\n".join([",".join(kolommen), *(",".join(csv_cel(c) for c in rij) for rij in rijen)])
        data = {**extra, "bestand": (io.BytesIO(tekst.encode("utf-8", "surrogatepass")), "fuzz.csv")}
        antwoord = client.post(actie, data=data, content_type="multipart/form-data")
        assert antwoord.status_code < 500, (actie, rijen)

    return verstuur


def csv_cel(waarde: str) -> str:
    return '"' + waarde.replace('"', '""') + '"'


def fuzz(client, actie: str, namen: list[str], waarden):
    """A hypothesis test for one endpoint: random values in its fields never give a 500."""

    @settings(max_examples=VOORBEELDEN_PER_FORMULIER, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({naam: waarden for naam in namen}))
    def verstuur(data):
        antwoord = client.post(actie, data=data)
        assert antwoord.status_code < 500, (actie, data)

    return verstuur


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


GRENS = "vth-grens-7f3a"


def multipart(velden: dict[str, str], veld: str, bestandsnaam: str, inhoud: bytes) -> bytes:
    """The request body as bytes (the test client would spool a large file to an unclosed temp file)."""
    delen = [f'--{GRENS}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in velden.items()]
    delen.append(f'--{GRENS}\r\nContent-Disposition: form-data; name="{veld}"; filename="{bestandsnaam}"'
                 f'\r\nContent-Type: application/pdf\r\n\r\n'.encode() + inhoud + b"\r\n")
    return b"".join(delen) + f"--{GRENS}--\r\n".encode()


UPLOADS = {
    # (form page with its upload field, the field, extra form data)
    "ILT-rapport": ("/ilt/studies/1/rapport/uploaden", "bestand", {}),
    "monitoringdocument": ("/omgevingsdiensten/odmh/monitoring/documenten", "bestand",
                           {"deelnemer_code": "GM0484", "soort": "jaarverslag", "jaar": "2031",
                            "vastgesteld_op": "2031-05-01", "versie": "0"}),
    "bewijsstuk": ("/visitaties/{odzob}/zelfevaluatie?sectie=algemeen", "kc_rapport", {}),
}


@pytest.mark.parametrize("soort", list(UPLOADS))
def test_hostile_uploads_are_refused(app, client, soort, tmp_path):
    from visitatie.visitaties.demo import scenario_visitaties

    als_beheerder(app, client)
    with Session(app.extensions["vth_engine"]) as db:
        odzob = scenario_visitaties(db)["odzob"]  # in preparation: its self-evaluation is open
    if soort == "bewijsstuk":
        login_od = maak_account(app, "od_medewerker", "odzob")
        client.post("/inloggen", data={"email": login_od, "wachtwoord": TEST_WACHTWOORD})
        pagina = client.get(f"/visitaties/{odzob}/zelfevaluatie").get_data(as_text=True)
        client.post(f"/visitaties/{odzob}/antwoord/zelfevaluatie/kc_getoetst",
                    data={"kc_getoetst": "ja", "versie__kc_getoetst": str(versie_in(pagina, "kc_getoetst"))})
    pad, veld, extra = UPLOADS[soort]
    pad = pad.format(odzob=odzob)
    opslag = Path(app.config["STORAGE_DIR"])
    voor = {p for p in opslag.rglob("*") if p.is_file()}
    pogingen = {
        "verkeerd type": (b"<html><script>alert(1)</script></html>", "rapport.pdf"),
        "te groot": (b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024), "groot.pdf"),
        "pad in de naam": (pdf(), "../../../etc/rapport.pdf"),
    }
    for naam, (inhoud, bestandsnaam) in pogingen.items():
        antwoord = client.post(pad, data=multipart(extra, veld, bestandsnaam, inhoud),
                               content_type=f"multipart/form-data; boundary={GRENS}")
        assert antwoord.status_code in (200, 400, 413, 422), (soort, naam, antwoord.status_code)
        assert {p for p in opslag.rglob("*") if p.is_file()} == voor, (soort, naam, "bewaard")
    assert not list(tmp_path.parent.glob("**/etc/rapport.pdf"))
    with Session(app.extensions["vth_engine"]) as db:
        from sqlalchemy import text

        for tabel, kolom in (("beleidsdocument", "bestandsnaam"), ("antwoord", "waarde")):
            rijen = db.execute(text(f"SELECT {kolom} FROM {tabel}")).scalars().all()  # noqa: S608
            assert not [r for r in rijen if r and "../" in r], (tabel, kolom)


def test_report_exports_escape_payloads(app, client):
    """A payload in the report text ends up as text (or removed) in PDF and DOCX: no script,
    no element, no file pulled in by the PDF renderer."""
    from docx import Document
    from pypdf import PdfReader

    from visitatie.visitaties.models import Rapport

    als_beheerder(app, client)
    with Session(app.extensions["vth_engine"]) as db:
        rapport = db.get(Rapport, 1) or pytest.fail("demo heeft geen rapport 1")
        rapport.tekst = rapport.tekst + "\n\n## Test\n\n" + PAYLOAD + '\n\n<img src="file:///etc/hostname">\n'
        rapport.versie += 1
        db.add(rapport)
        db.commit()
        visitatie_id = rapport.visitatie_id
    pdf_antwoord = client.get(f"/visitaties/{visitatie_id}/rapport.pdf")
    assert pdf_antwoord.status_code == 200
    inhoud = pdf_antwoord.data
    assert b"/JavaScript" not in inhoud and b"/JS " not in inhoud
    lezer = PdfReader(io.BytesIO(inhoud))
    assert not any(pagina.images for pagina in lezer.pages)  # file:///etc/hostname not fetched
    tekst = "".join(p.extract_text() for p in lezer.pages)
    assert "vet" in tekst or "alert" not in tekst
    docx_antwoord = client.get(f"/visitaties/{visitatie_id}/rapport.docx")
    assert docx_antwoord.status_code == 200
    document = Document(io.BytesIO(docx_antwoord.data))
    assert not document.inline_shapes
    assert not [r for r in document.part.rels.values() if "image" in r.reltype or r.is_external]


@pytest.mark.zwaar
@pytest.mark.een_ronde
def test_pip_audit_finds_no_known_vulnerability(tmp_path):
    pip_audit = Path(sys.executable).parent / "pip-audit"
    if not pip_audit.exists() and shutil.which("pip-audit") is None:
        pytest.skip("pip-audit is niet geïnstalleerd (zit in de test-extra's)")
    uitvoer = subprocess.run([str(pip_audit), "--progress-spinner", "off", "--skip-editable",
                              "--cache-dir", str(tmp_path)], capture_output=True, text=True, timeout=600)
    if uitvoer.returncode != 0 and ("ConnectionError" in uitvoer.stderr or "Max retries" in uitvoer.stderr
                                    or "NameResolution" in uitvoer.stderr or "timed out" in uitvoer.stderr):
        pytest.skip("pip-audit bereikt de advisory-database van PyPI niet (geen netwerk)")
    niet_gecontroleerd = niet_geauditeerd(uitvoer.stdout + uitvoer.stderr)
    if niet_gecontroleerd:  # "no known vulnerabilities" about packages it never checked is no pass
        pytest.skip(f"pip-audit heeft NIET gedraaid: {niet_gecontroleerd} pakket(ten) konden niet worden "
                    "gecontroleerd (geen advisory-database bereikbaar); doe de audit bij de release")
    assert uitvoer.returncode == 0, uitvoer.stdout + uitvoer.stderr


def niet_geauditeerd(uitvoer: str) -> int:
    """How many packages pip-audit says it could not audit (0 when it checked them all)."""
    telling = re.search(r"(\d+) (?:packages?|dependenc(?:y|ies)) could not be audited", uitvoer)
    if telling:
        return int(telling.group(1))
    return len(re.findall(r"could not be audited", uitvoer))


@pytest.mark.parametrize("uitvoer,aantal", [
    ("No known vulnerabilities found, 119 dependencies could not be audited", 119),
    ("Name Skip Reason\nfoo Dependency not found on PyPI and could not be audited: foo (1.0)", 1),
    ("No known vulnerabilities found", 0),
])
def test_an_audit_that_could_not_check_packages_is_not_a_pass(uitvoer, aantal):
    assert niet_geauditeerd(uitvoer) == aantal
