"""Files in storage (visitatie/opslag.py): the local folder stays the default and a plain folder;
with VTH_STORAGE_URL=s3://… uploads, downloads and editions go through a real S3-compatible
server (moto in server mode), downloads keep their access checks, and an edition upload that
fails half-way leaves the previous edition served."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.conftest import make_test_app
from tests.objectopslag import BUCKET, moto_server
from visitatie import opslag
from visitatie.ilt import operations as ilt_ops
from visitatie.ilt.bestand import BevindingRegel
from visitatie.publicatie import bouwen
from visitatie.publicatie.models import Editie


@pytest.fixture(scope="module")
def objecten():
    with moto_server() as server:
        yield server


def s3_app(database_url: str, objecten, tmp_path: Path, prefix: str, host: str = "a"):
    return make_test_app(database_url, STORAGE_DIR=str(tmp_path / host / "bestanden"),
                         STORAGE_URL=f"s3://{BUCKET}/{prefix}", S3_ENDPOINT_URL=objecten.endpoint,
                         STORAGE_CACHE=str(tmp_path / host / "cache"))


def log_in(app, rol: str):
    from tests.conftest import TEST_WACHTWOORD, maak_account

    client = app.test_client()
    email = maak_account(app, rol)
    assert client.post("/inloggen", data={"email": email, "wachtwoord": TEST_WACHTWOORD}).status_code == 302
    return client


def bestanden_onder(map_: Path) -> list[Path]:
    return [p for p in map_.rglob("*") if p.is_file()] if map_.exists() else []


def test_the_local_folder_is_the_default_and_stays_a_plain_folder(app):
    with app.app_context():
        lokaal = opslag.van_app()
        assert isinstance(lokaal, opslag.LokaleOpslag)
        root = Path(app.config["STORAGE_DIR"])
        assert lokaal.map("bijlagen") == root / "bijlagen"
        assert bouwen.editiemap(2024) == root / "edities" / "2024"


def test_an_upload_lands_in_the_object_store_and_its_download_keeps_the_access_check(
        database_url, objecten, tmp_path):
    app = s3_app(database_url, objecten, tmp_path, "uploads")
    try:
        with app.app_context(), Session(app.extensions["vth_engine"]) as db:
            studie = ilt_ops.maak_studie(db, soort="signalerend", titel="Geheim concept", thema="informatie")
            ilt_ops.bewaar_bevinding(db, studie=studie, regel=BevindingRegel(
                1, "aanbeveling", "informatie", None, "Conceptbevinding", ("omgevingsdiensten",)))
            db.commit()
            studie_id = studie.id
        inspecteur = log_in(app, "ilt_inspecteur")
        pdf = b"%PDF-1.4\n% rapport in de objectopslag\n"
        antwoord = inspecteur.post(f"/ilt/studies/{studie_id}/rapport/uploaden",
                                   data={"bestand": (io.BytesIO(pdf), "rapport.pdf")},
                                   content_type="multipart/form-data")
        assert antwoord.status_code == 302
        sleutels = objecten.sleutels("uploads/ilt/")
        assert len(sleutels) == 1 and sleutels[0].endswith(".pdf")
        assert bestanden_onder(tmp_path / "a") == []  # nothing on this host's disk
        with inspecteur.get(f"/ilt/studies/{studie_id}/rapport") as download:
            assert download.data == pdf and download.mimetype == "application/pdf"
        # the concept's report stays invisible to whoever may not read concepts
        with app.test_client().get(f"/ilt/studies/{studie_id}/rapport") as anoniem:
            assert anoniem.status_code == 404
    finally:
        app.extensions["vth_engine"].dispose()


def editie_2026(app) -> Editie:
    with Session(app.extensions["vth_engine"]) as db:
        return db.exec(select(Editie).where(Editie.jaar == 2026)).one()


class Onderbreking(Exception):
    pass


def breek_af_na(client, aantal: int) -> None:
    """The connection to the object store breaks after `aantal` uploads (at the client's
    transport, before the request leaves): what a network failure half-way looks like."""
    gezien = []

    def verstuur(request, **_):
        gezien.append(request.url)
        if len(gezien) > aantal:
            raise Onderbreking(f"verbinding verbroken na {aantal} uploads")

    client.meta.events.register("before-send.s3.PutObject", verstuur, unique_id="breek-af")


def test_a_folder_replaced_in_the_object_store_switches_only_when_all_of_it_is_uploaded(objecten, tmp_path):
    client = objecten.client()
    s3 = opslag.S3Opslag(client, BUCKET, "map-proef", tmp_path / "cache")
    try:
        def folder(naam: str, inhoud: dict[str, bytes]) -> Path:
            for relatief, data in inhoud.items():
                (tmp_path / naam / relatief).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / naam / relatief).write_bytes(data)
            return tmp_path / naam

        assert not s3.lokale_kopie("edities/2030").exists()  # nothing stored yet
        s3.vervang_map("edities/2030", folder("eerste", {"a.txt": b"1", "sub/b.txt": b"1"}))
        sleutels = set(objecten.sleutels("map-proef/"))
        breek_af_na(client, 1)
        with pytest.raises(Onderbreking):
            s3.vervang_map("edities/2030", folder("tweede", {"a.txt": b"2", "sub/b.txt": b"2",
                                                           "c.txt": b"2"}))
        client.meta.events.unregister("before-send.s3.PutObject", unique_id="breek-af")
        assert set(objecten.sleutels("map-proef/")) == sleutels  # the partial upload removed
        andere_host = opslag.S3Opslag(client, BUCKET, "map-proef", tmp_path / "cache-b")
        kopie = andere_host.lokale_kopie("edities/2030")
        assert (kopie / "a.txt").read_bytes() == b"1" and (kopie / "sub" / "b.txt").read_bytes() == b"1"
        assert not (kopie / "c.txt").exists()

        s3.vervang_map("edities/2030", folder("derde", {"a.txt": b"3"}))
        kopie = andere_host.lokale_kopie("edities/2030")
        assert (kopie / "a.txt").read_bytes() == b"3" and not (kopie / "sub").exists()
    finally:
        client.close()


@pytest.mark.zwaar  # three edition builds: minutes on the shared 2-core machine
def test_an_edition_in_the_object_store_survives_an_upload_that_fails_half_way(
        demo_database_url, objecten, tmp_path):
    app = s3_app(demo_database_url, objecten, tmp_path, "edities-proef")
    andere_host = s3_app(demo_database_url, objecten, tmp_path, "edities-proef", host="b")
    try:
        with app.app_context(), Session(app.extensions["vth_engine"]) as db:
            opslag_ = opslag.van_app()
            bouwen.bouw(db, db.get(Editie, editie_2026(app).id), opslag_)
            db.commit()
            eerste = opslag_.huidige_versie("edities/2026")
        objecten_na_eerste = set(objecten.sleutels("edities-proef/"))
        assert f"edities-proef/edities/2026/.versies/{eerste}/editie/manifest.json" in objecten_na_eerste
        redacteur = log_in(app, "redacteur")
        pdf = redacteur.get("/edities/2026/bestand/pdf").data
        assert pdf.startswith(b"%PDF")

        with app.app_context(), Session(app.extensions["vth_engine"]) as db:
            breek_af_na(opslag_.client, 5)
            with pytest.raises(Onderbreking):
                bouwen.bouw(db, db.get(Editie, editie_2026(app).id), opslag_)
            db.rollback()
            opslag_.client.meta.events.unregister("before-send.s3.PutObject", unique_id="breek-af")
            assert opslag_.huidige_versie("edities/2026") == eerste
        # the half-uploaded version was removed again; the edition served is the first, whole
        assert set(objecten.sleutels("edities-proef/")) == objecten_na_eerste
        assert redacteur.get("/edities/2026/bestand/pdf").data == pdf
        assert "PDF downloaden" in redacteur.get("/edities/2026").get_data(as_text=True)

        # another host (its own cache folder) serves the same edition from the object store
        andere = log_in(andere_host, "redacteur")
        assert andere.get("/edities/2026/bestand/pdf").data == pdf
        assert (tmp_path / "b" / "cache" / "edities" / "2026" / ".versies" / eerste).is_dir()
        assert not (tmp_path / "a" / "bestanden" / "edities").exists()  # nothing in the local folder

        # a complete rebuild switches the pointer; the version it replaced stays for late readers
        with app.app_context(), Session(app.extensions["vth_engine"]) as db:
            bouwen.bouw(db, db.get(Editie, editie_2026(app).id), opslag_)
            db.commit()
            tweede = opslag_.huidige_versie("edities/2026")
        assert tweede != eerste
        versies = {s.split("/")[4] for s in objecten.sleutels("edities-proef/edities/2026/.versies/")}
        assert versies == {eerste, tweede}
        assert andere.get("/edities/2026/bestand/pdf").data.startswith(b"%PDF")
        assert (tmp_path / "b" / "cache" / "edities" / "2026" / ".versies" / tweede).is_dir()
    finally:
        app.extensions["vth_engine"].dispose()
        andere_host.extensions["vth_engine"].dispose()
