"""Building an edition in the app: the background job "staat_bouw" and where outputs live.

STORAGE_DIR/edities/<jaar>/ holds `snapshot/` (kept: a published edition's snapshot is its
proof), `editie/` (site, PDF, DOCX, open data, manifest), `open-data.zip` and `raad/` (the
council summaries frozen with the edition, visitatie/raad/bevroren.py). A build is made
in a folder next to it and swapped in only when complete, so readers never see half an
edition; what a killed build left behind is removed by a later build. The chart cache is
shared by all editions."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from flask import current_app
from sqlmodel import Session

from staat_van_vth.bouw import Editie as BouwEditie
from staat_van_vth.bouw import bouw_editie, maak_snapshot
from staat_van_vth.snapshot import SnapshotFout, lees_snapshot
from visitatie.audit.operations import log
from visitatie.publicatie.models import Editie
from visitatie.publicatie.operations import TAAKSOORT, teksten_van, vorige_gepubliceerde
from visitatie.raad import bevroren
from visitatie.taken.runner import taaksoort
from visitatie.timeutil import wandklok

RESTEN_NA_S = 6 * 3600  # a build takes minutes; a work folder this old belongs to a killed one


def editiesmap(storage: Path | None = None) -> Path:
    return Path(storage or current_app.config["STORAGE_DIR"]) / "edities"


def editiemap(jaar: int, storage: Path | None = None) -> Path:
    return editiesmap(storage) / str(jaar)


def bestandsnaam(jaar: int) -> str:
    return f"staat-van-vth-{jaar}"  # as staat_van_vth.bouw.Editie.bestandsnaam


def downloads(jaar: int, storage: Path | None = None) -> dict[str, Path]:
    """The downloadable files of a built edition, by kind."""
    map_ = editiemap(jaar, storage)
    naam = bestandsnaam(jaar)
    return {"pdf": map_ / "editie" / f"{naam}.pdf", "docx": map_ / "editie" / f"{naam}.docx",
            "open-data": map_ / "open-data.zip"}


def is_gebouwd(jaar: int) -> bool:
    return (editiemap(jaar) / "editie" / "manifest.json").exists()


def bouw(db: Session, editie: Editie, storage: Path, voortgang=None) -> dict:
    """Snapshot the database, build every output, swap it into place, record the build."""
    editie.controleer_wijzigbaar()
    doel = editiemap(editie.jaar, storage)
    ruim_resten_op(doel)
    werk = doel.parent / f".{editie.jaar}-bouw-{uuid.uuid4().hex[:8]}"
    bouw_editie_ = BouwEditie(editie.jaar, editie.peildatum,
                              f"{editie.periode_van.year}-{editie.periode_tot.year}")
    try:
        snapshot = maak_snapshot(db.get_bind(), bouw_editie_, werk / "snapshot")
        resultaat = bouw_editie(
            bouw_editie_, snapshot, werk / "editie", vorige=_vorige_snapshot(db, editie, storage),
            tekst={c: t.markdown for c, t in teksten_van(db, editie).items()},
            cache=editiesmap(storage) / ".grafiekcache", voortgang=voortgang)
        shutil.copyfile(resultaat.map / "open-data.zip", werk / "open-data.zip")
        # the council summaries of this edition, from the same snapshot as the report
        bevroren.bevries(bevroren.bron_uit_tabellen(snapshot.tabellen, editie.jaar, editie.peildatum),
                         werk / bevroren.MAP)
        _wissel(werk, doel)
    finally:
        shutil.rmtree(werk, ignore_errors=True)
    voor = editie.model_dump()
    editie.registreer_bouw(snapshot.sha256)
    log(db, actie="editie.bouwen", object_type="editie", object_id=editie.id, voor=voor, na=editie)
    return {"snapshot_sha256": snapshot.sha256,
            "tijden": {k: round(v, 2) for k, v in resultaat.tijden.items()}}


def _vorige_snapshot(db: Session, editie: Editie, storage: Path):
    vorige = vorige_gepubliceerde(db, editie)
    if vorige is None:
        return None
    try:
        return lees_snapshot(editiemap(vorige.jaar, storage) / "snapshot")
    except (OSError, SnapshotFout):
        return None  # the chapters then say there is nothing to compare with


def ruim_resten_op(doel: Path, nu: float | None = None) -> list[Path]:
    """Remove what a killed build of this edition left behind (its work folder, or the old
    edition it was swapping out). Only folders untouched for RESTEN_NA_S: a build of the same
    edition running elsewhere right now is never touched. Returns what was removed."""
    grens = (wandklok() if nu is None else nu) - RESTEN_NA_S
    resten = [p for patroon in (f".{doel.name}-bouw-*", f".{doel.name}-oud-*")
              for p in doel.parent.glob(patroon) if p.is_dir() and p.stat().st_mtime < grens]
    for rest in resten:
        shutil.rmtree(rest, ignore_errors=True)
    return resten


def _wissel(nieuw: Path, doel: Path) -> None:
    oud = doel.parent / f".{doel.name}-oud-{uuid.uuid4().hex[:8]}"
    if doel.exists():
        doel.rename(oud)
    nieuw.rename(doel)
    shutil.rmtree(oud, ignore_errors=True)


@taaksoort(TAAKSOORT, onderwerp=("editie_id",))
def bouw_taak(db: Session, parameters: dict, voortgang) -> dict:
    editie = db.get(Editie, int(parameters["editie_id"]))
    resultaat = bouw(db, editie, Path(current_app.config["STORAGE_DIR"]), voortgang)
    # No request context in a worker, so no url_for: the path of publicatie.editie.
    return {**resultaat, "url": f"/edities/{editie.jaar}", "label": f"Naar de editie {editie.jaar}"}
