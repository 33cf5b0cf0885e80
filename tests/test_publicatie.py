"""Editions in the app: narrative with a safe live preview and conflict on stale saves, the
build as a background job, adopting and publishing through the lifecycle, downloads, and
public pages that show nothing of an unpublished edition. The one real build runs once."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from sqlmodel import Session, select

from tests.conftest import TEST_WACHTWOORD, maak_account, make_test_app
from visitatie.publicatie.models import Editie, HoofdstukTekst
from visitatie.taken.models import Taak


def inloggen(app, client, rol: str) -> None:
    email = maak_account(app, rol)
    antwoord = client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD})
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)[:300]


def editie(app, jaar: int) -> Editie:
    with Session(app.extensions["vth_engine"]) as db:
        return db.exec(select(Editie).where(Editie.jaar == jaar)).one()


@pytest.fixture(scope="module")
def gebouwd(backend, demo_template, tmp_path_factory):
    """The demo's 2026 edition, its narrative saved and built through the web as a job."""
    url = backend.copy(demo_template[0])
    opslag = tmp_path_factory.mktemp("publicatie-bestanden")
    shutil.copytree(demo_template[1], opslag, dirs_exist_ok=True)
    app = make_test_app(url, TAKEN_SYNCHROON=True, STORAGE_DIR=str(opslag))
    client = app.test_client()
    inloggen(app, client, "redacteur")
    antwoord = client.post("/edities/2026/tekst/stelsel",
                           data={"markdown": "Een **vette** zin van de redactie.", "versie": "0"})
    assert antwoord.status_code == 302
    antwoord = client.post("/edities/2026/bouwen", data={"versie": "1"})
    assert antwoord.status_code == 302 and "/taken/" in antwoord.headers["Location"]
    yield app, client
    app.extensions["vth_engine"].dispose()
    backend.drop(url)


def test_build_job_records_the_snapshot_and_serves_the_outputs(gebouwd):
    app, client = gebouwd
    with Session(app.extensions["vth_engine"]) as db:
        taak = db.exec(select(Taak).where(Taak.soort == "staat_bouw")).one()
        assert taak.status == "klaar", taak.fout
    gebouwde = editie(app, 2026)
    assert gebouwde.snapshot_sha256 and gebouwde.gebouwd_op
    pagina = client.get("/edities/2026").get_data(as_text=True)
    assert "PDF downloaden" in pagina and gebouwde.snapshot_sha256 in pagina
    site = client.get("/edities/2026/site/stelsel.html").get_data(as_text=True)
    assert "<strong>vette</strong>" in site
    pdf = client.get("/edities/2026/bestand/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_sites_download_links_work_in_the_app(gebouwd):
    """The start page of the built site links the PDF, DOCX and open data relatively; in the
    app (the site folder served under /edities/<jaar>/site/) each gives the download's bytes."""
    from urllib.parse import urljoin

    _app, client = gebouwd
    basis = "/edities/2026/site/index.html"
    index = client.get(basis).get_data(as_text=True)
    links = re.findall(r'<a href="([^"]+)" download>', index)
    assert len(links) == 3
    for link, soort in zip(links, ("pdf", "docx", "open-data"), strict=True):
        bestand = client.get(urljoin(basis, link))
        assert bestand.status_code == 200, link
        download = client.get(f"/edities/2026/bestand/{soort}")
        assert bestand.data == download.data, link
        # the download is saved under the name the site links it by
        assert download.headers["Content-Disposition"] == f"attachment; filename={link}", link


def test_nothing_unpublished_leaks_and_publishing_opens_the_public_pages(gebouwd):
    app, client = gebouwd
    anoniem = app.test_client()
    for pad in ("/staat/2026/", "/staat/2026/stelsel.html", "/staat/2026/download/pdf",
                "/api/v1/edities/2026"):
        assert anoniem.get(pad).status_code == 404, pad
    gepubliceerd = [e["jaar"] for e in anoniem.get("/api/v1/edities").get_json()["data"]]
    assert 2026 not in gepubliceerd

    versie = {"versie": editie(app, 2026).versie}
    assert client.post("/edities/2026/status/vaststellen", data=versie).status_code == 302
    assert editie(app, 2026).status == "vastgesteld"
    versie = {"versie": editie(app, 2026).versie}
    assert client.post("/edities/2026/publiceren", data=versie).status_code == 403

    coordinator = app.test_client()
    inloggen(app, coordinator, "coordinator")
    coordinator.post("/edities/2026/publiceren", data={"versie": editie(app, 2026).versie})
    assert editie(app, 2026).status == "gepubliceerd"

    assert "Een <strong>vette</strong> zin" in anoniem.get("/staat/2026/stelsel.html").get_data(as_text=True)
    assert anoniem.get("/staat/2026/../../snapshot/manifest.json").status_code == 404
    zip_ = anoniem.get("/staat/2026/download/open-data")
    with zipfile.ZipFile(io.BytesIO(zip_.data)) as archief:
        assert "metadata.json" in archief.namelist() and "beleidscyclus_per_od.csv" in archief.namelist()
    api = anoniem.get("/api/v1/edities/2026").get_json()
    assert api["snapshot_sha256"] == editie(app, 2026).snapshot_sha256
    assert "Staat van VTH 2026" in anoniem.get("/staat").get_data(as_text=True)

    # published: no more builds, no more text
    client.post("/edities/2026/bouwen", data={"versie": editie(app, 2026).versie})
    antwoord = client.post("/edities/2026/tekst/stelsel", data={"markdown": "anders", "versie": "1"})
    assert antwoord.status_code == 302
    with Session(app.extensions["vth_engine"]) as db:
        assert db.exec(select(Taak).where(Taak.soort == "staat_bouw")).all().__len__() == 1
        tekst = db.exec(select(HoofdstukTekst).where(HoofdstukTekst.hoofdstuk == "stelsel")).one()
        assert tekst.markdown.startswith("Een **vette**")


def test_preview_renders_through_the_safe_markdown_path(app, client, login):
    login("redacteur")
    client.post("/edities/nieuw", data={"jaar": "2030", "periode_van": "2028-07-01",
                                        "periode_tot": "2030-06-30", "peildatum": "2030-06-01"})
    antwoord = client.post("/edities/2030/voorbeeld", data={
        "markdown": "**sterk** <script>alert(1)</script> [x](javascript:alert(1))"})
    html = antwoord.get_data(as_text=True)
    assert "<strong>sterk</strong>" in html
    assert "<script>" not in html and "javascript:" not in html


def test_stale_save_of_a_chapter_text_is_refused(app, client, login):
    login("redacteur")
    client.post("/edities/nieuw", data={"jaar": "2030", "periode_van": "2028-07-01",
                                        "periode_tot": "2030-06-30", "peildatum": "2030-06-01"})
    for versie, tekst in (("0", "eerste"), ("1", "tweede")):
        antwoord = client.post("/edities/2030/tekst/hoofdlijnen", data={"markdown": tekst, "versie": versie})
        assert antwoord.status_code == 302
    antwoord = client.post("/edities/2030/tekst/hoofdlijnen", data={"markdown": "verouderd", "versie": "1"})
    assert antwoord.status_code == 409
    pagina = antwoord.get_data(as_text=True)
    assert "intussen gewijzigd" in pagina and "tweede" in pagina and "verouderd" in pagina
    with Session(app.extensions["vth_engine"]) as db:
        assert db.exec(select(HoofdstukTekst)).one().markdown == "tweede"


def test_new_edition_form_reshows_input_with_dutch_messages(app, client, login):
    login("redacteur")
    antwoord = client.post("/edities/nieuw", data={"jaar": "2030", "periode_van": "2028-07-01",
                                                   "periode_tot": "2030-06-30", "peildatum": "2031-01-01"})
    pagina = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 200 and "peildatum ligt niet in de periode" in pagina
    assert 'value="2030"' in pagina


def test_demo_records_both_editions_with_narrative(app, db):
    from visitatie.publicatie.demo import stap_edities

    stap_edities(db)
    stap_edities(db)  # idempotent
    assert [e.jaar for e in db.exec(select(Editie).order_by(Editie.jaar))] == [2024, 2026]
    assert len(db.exec(select(HoofdstukTekst)).all()) == 4


def test_a_damaged_version_field_reshows_the_text_with_a_dutch_message(app, client, login):
    login("redacteur")
    client.post("/edities/nieuw", data={"jaar": "2030", "periode_van": "2028-07-01",
                                        "periode_tot": "2030-06-30", "peildatum": "2030-06-01"})
    antwoord = client.post("/edities/2030/tekst/hoofdlijnen",
                           data={"markdown": "mijn tekst", "versie": "abc"})
    pagina = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 200
    assert "verouderd of beschadigd" in pagina and "mijn tekst" in pagina
    with Session(app.extensions["vth_engine"]) as db:
        assert db.exec(select(HoofdstukTekst)).first() is None


def test_a_later_build_removes_what_a_killed_build_left_behind(tmp_path):
    import os

    from visitatie.publicatie.bouwen import RESTEN_NA_S, ruim_resten_op

    doel = tmp_path / "edities" / "2026"
    oud_werk, oud_wissel, lopend, ander_jaar = (tmp_path / "edities" / naam for naam in (
        ".2026-bouw-dood", ".2026-oud-dood", ".2026-bouw-loopt", ".2024-bouw-dood"))
    for map_ in (oud_werk, oud_wissel, lopend, ander_jaar):
        (map_ / "editie").mkdir(parents=True)
    lang_geleden = 1_000_000.0
    for map_ in (oud_werk, oud_wissel, ander_jaar):
        os.utime(map_, (lang_geleden, lang_geleden))
    nu = lang_geleden + RESTEN_NA_S + 1
    os.utime(lopend, (nu - 60, nu - 60))  # a build of the same edition, busy elsewhere
    assert sorted(ruim_resten_op(doel, nu=nu)) == sorted([oud_werk, oud_wissel])
    assert not oud_werk.exists() and not oud_wissel.exists()
    assert lopend.exists() and ander_jaar.exists()
