"""Building an edition in the app: the background jobs "staat_bouw" (the edition) and
"raad_bouw" (its council summaries as HTML and PDF), and where outputs live.

The edition's folder edities/<jaar>/ in the app's storage (visitatie/opslag.py) holds
`snapshot/` (kept: a published edition's snapshot is its proof), `editie/` (site, PDF, DOCX,
open data, manifest; the downloads also in `editie/site/`, whence the app serves them) and
`raad/` (the council summaries frozen with the edition, visitatie/raad/bevroren.py).
A build is made
in a local work folder and swapped in only when complete (a rename in the local folder; in an
object store a new prefix and a pointer switched last), so readers never see half an edition;
what a killed build left behind is removed by a later build. The build cache
(`staat_van_vth.bouwcache`: charts, the PDF's parts, the DOCX, council summary PDFs) is this
host's folder `VTH_BOUWCACHE`, outside every edition, shared by all builds."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from flask import current_app, has_app_context
from sqlmodel import Session

from staat_van_vth import uitgave
from staat_van_vth.bouw import Editiegegevens, bouw_editie, maak_snapshot
from staat_van_vth.snapshot import SnapshotFout, lees_snapshot
from visitatie import opslag
from visitatie.audit.operations import log
from visitatie.errors import DomeinFout
from visitatie.publicatie.models import Editie
from visitatie.publicatie.operations import TAAKSOORT, editie_van, teksten_van, vorige_gepubliceerde
from visitatie.raad import bevroren
from visitatie.raad.batch import bouw_alles
from visitatie.raad.operations import Bron
from visitatie.taken.runner import taaksoort
from visitatie.timeutil import wandklok

RESTEN_NA_S = 6 * 3600  # a build takes minutes; a work folder this old belongs to a killed one


def opslagnaam(jaar: int) -> str:
    return f"edities/{jaar}"


def editiemap(jaar: int, storage: Path | None = None) -> Path:
    """The local folder to read a built edition from (with an object store: this host's copy)."""
    return _opslag(storage).lokale_kopie(opslagnaam(jaar))


def raadsbron(db: Session, editie: Editie) -> Bron:
    """The source of an edition's council summaries: its snapshot once built, else the data now
    (`visitatie.raad.bevroren.bron_van`)."""
    return bevroren.bron_van(db, editie.jaar, editie.peildatum, editiemap(editie.jaar) / "snapshot")


def _opslag(storage: opslag.Opslag | str | Path | None) -> opslag.Opslag:
    if storage is None:
        return opslag.van_app()
    return opslag.LokaleOpslag(Path(storage)) if isinstance(storage, str | Path) else storage


def downloads(jaar: int, storage: Path | None = None) -> dict[str, Path]:
    """The downloadable files of a built edition, by kind: in its site folder, under the names
    `uitgave.downloadnamen` gives them (the site links them there)."""
    site = editiemap(jaar, storage) / "editie" / "site"
    return {soort: site / naam for soort, naam in uitgave.downloadnamen(jaar).items()}


def is_gebouwd(jaar: int) -> bool:
    return (editiemap(jaar) / "editie" / "manifest.json").exists()


def bouw(db: Session, editie: Editie, storage: opslag.Opslag | Path, voortgang=None) -> dict:
    """Snapshot the database, build every output, swap it into place, record the build."""
    editie.controleer_wijzigbaar()
    opslag_ = _opslag(storage)
    werkplek = opslag_.werkplek(opslagnaam(editie.jaar))
    ruim_resten_op(werkplek / str(editie.jaar))
    werk = werkplek / f".{editie.jaar}-bouw-{uuid.uuid4().hex[:8]}"
    try:
        snapshot, resultaat = bouw_uitvoer(db, editie, werk, opslag_, voortgang)
        opslag_.vervang_map(opslagnaam(editie.jaar), werk)
    finally:
        shutil.rmtree(werk, ignore_errors=True)
    voor = editie.model_dump()
    editie.registreer_bouw(snapshot.sha256)
    log(db, actie="editie.bouwen", object_type="editie", object_id=editie.id, voor=voor, na=editie)
    return {"snapshot_sha256": snapshot.sha256,
            "tijden": {k: round(v, 2) for k, v in resultaat.tijden.items()}}


def bouw_uitvoer(db: Session, editie: Editie, werk: Path, storage: opslag.Opslag | Path,
                 voortgang=None):
    """Every output of the edition into `werk`, from one snapshot: the snapshot itself, the Staat
    (`editie/`: PDF, HTML site, open data, DOCX) and the council summaries
    (`raad/`). Changes nothing in the database; returns the snapshot and the build result."""
    invoer = bouwinvoer(db, editie, storage)
    snapshot = maak_snapshot(db.get_bind(), invoer["editie"], werk / "snapshot")
    resultaat = bouw_editie(snapshot=snapshot, uit=werk / "editie", cache=bouwcache(),
                            voortgang=voortgang, **invoer)
    # the council summaries of this edition, from the same snapshot as the report
    bevroren.bevries(bevroren.bron_uit_tabellen(snapshot.tabellen, editie.jaar, editie.peildatum),
                     werk / bevroren.MAP)
    return snapshot, resultaat


def bouwcache() -> Path | None:
    """This host's build cache (`VTH_BOUWCACHE`); none outside an app."""
    return Path(current_app.config["BOUWCACHE"]) if has_app_context() else None


def bouwinvoer(db: Session, editie: Editie, storage: opslag.Opslag | Path) -> dict:
    """What a build of an app edition reads besides its snapshot: the edition (with its version),
    the editors' chapter texts and the previous published edition. The app's build job and
    `vth staat build` both start here, so they give the same edition."""
    return {"editie": Editiegegevens(editie.jaar, editie.peildatum, editie.periode, versie=editie.versie),
            "tekst": {c: t.markdown for c, t in teksten_van(db, editie).items()},
            "vorige": _vorige_snapshot(db, editie, _opslag(storage))}


def _vorige_snapshot(db: Session, editie: Editie, storage: opslag.Opslag):
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


@taaksoort(TAAKSOORT, onderwerp=("editie_id",))
def bouw_taak(db: Session, parameters: dict, voortgang) -> dict:
    editie = db.get(Editie, int(parameters["editie_id"]))
    resultaat = bouw(db, editie, opslag.van_app(), voortgang)
    # No request context in a worker, so no url_for: the path of publicatie.editie.
    return {**resultaat, "url": f"/edities/{editie.jaar}", "label": f"Naar de editie {editie.jaar}"}


@taaksoort("raad_bouw", onderwerp=("jaar",))
def raad_bouw(db: Session, parameters: dict, voortgang: Callable[[int, str], None]) -> dict:
    """Background job: build every council summary of an edition into raad/<jaar> of the app's
    storage (`visitatie.raad.batch.bouw_alles`)."""
    editie = editie_van(db, int(parameters["jaar"]))
    if editie is None:
        raise DomeinFout(f"Er is geen editie {parameters['jaar']}.")
    voortgang(1, "HTML van alle samenvattingen")
    bron = raadsbron(db, editie)
    with opslag.van_app().schrijfmap(f"raad/{editie.jaar}") as uit:
        verslag = bouw_alles(bron, uit, werkers=current_app.config.get("RAAD_WERKERS"),
                             pdf=parameters.get("pdf", True), cache=bouwcache(),
                             voortgang=lambda i, n, code: voortgang(5 + 95 * i // n,
                                                                    f"PDF {i} van {n} ({code})"))
    return {**verslag.als_dict(), "jaar": editie.jaar, "url": "/raad/bouwen",
            "label": "Bekijk het verslag van de bouw"}
