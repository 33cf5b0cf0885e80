"""An installed wheel runs, not only a checkout: templates, questionnaire definitions (forms/),
reference data (data/), static files and migrations are package resources of `visitatie`, found
through visitatie/bronnen.py (importlib.resources). This builds the wheel, checks its contents,
unpacks it away from the checkout and starts the app from there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.een_ronde  # tests/conftest.py: what it proves does not depend on the database

ROOT = Path(__file__).resolve().parent.parent
BRONMAPPEN = ("templates", "forms", "data", "static", "migrations")
NIET_MEE = {".venv", ".git", "instance", "build", "node_modules", "__pycache__", ".pytest_cache",
            ".ruff_cache"}

# Runs in a fresh interpreter with only the unpacked wheel (and the venv's dependencies) on its
# path: where the package's folders are, and what the app and the readers make of them.
CONTROLE = """
import json, os, sys
import visitatie, visitatie.bronnen as bronnen
from staat_van_vth import render
from visitatie import db
from visitatie.app import create_app
from visitatie.raad.render import CSS_PAD
from visitatie.taxonomie import taxonomie
from visitatie.vragenlijsten.definitie import catalogus

db.upgrade(os.environ["VTH_DATABASE_URL"])
app = create_app({"TESTING": True})
try:
    antwoord = app.test_client().get("/")
    pagina = antwoord.get_data(as_text=True)
finally:
    app.extensions["vth_engine"].dispose()
print(json.dumps({
    "pakket": visitatie.__file__,
    "mappen": [str(bronnen.SJABLONEN), str(bronnen.VRAGENLIJSTEN), str(bronnen.REFERENTIEDATA),
               str(render.TEMPLATES), str(CSS_PAD)],
    "vragenlijsten": sorted(catalogus()),
    "themas": len(taxonomie().themas),
    "status": antwoord.status_code,
    "titel_gevonden": "Staat van VTH" in pagina,
}))
"""


def bestanden_onder(map_: Path) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in map_.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


@pytest.fixture(scope="module")
def wiel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the checkout (a build writes build/ and *.egg-info next to
    the sources; the checkout stays clean)."""
    werk = tmp_path_factory.mktemp("wiel")
    bron = werk / "bron"
    shutil.copytree(ROOT, bron, ignore=lambda _map, namen: [n for n in namen if n in NIET_MEE
                                                            or n.endswith(".egg-info")])
    uitkomst = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", ".",
                               "-w", str(werk / "dist")], cwd=bron, capture_output=True, text=True,
                              timeout=600)
    assert uitkomst.returncode == 0, uitkomst.stderr
    (gebouwd,) = (werk / "dist").glob("staat_van_vth-*.whl")
    return gebouwd


def test_het_wiel_bevat_alle_bronbestanden(wiel):
    with zipfile.ZipFile(wiel) as archief:
        in_wiel = set(archief.namelist())
    for naam in BRONMAPPEN:
        verwacht = bestanden_onder(ROOT / "visitatie" / naam)
        assert verwacht, f"visitatie/{naam} is leeg of ontbreekt in de checkout"
        ontbreekt = sorted(verwacht - in_wiel)
        assert not ontbreekt, f"niet in het wiel: {ontbreekt[:10]}"
    pakketten = {p.relative_to(ROOT).parent.as_posix() for p in (ROOT / "visitatie").rglob("*.py")
                 if "static" not in p.parts} | {"staat_van_vth"}
    zonder_code = sorted(p for p in pakketten if not any(n.startswith(p + "/") and n.endswith(".py")
                                                         for n in in_wiel))
    assert not zonder_code, f"pakketten zonder code in het wiel: {zonder_code}"


def test_het_uitgepakte_wiel_vindt_zijn_bestanden_en_start(wiel, tmp_path):
    """Unpacked away from the checkout, the package finds its folders inside itself, reads the
    questionnaires and the taxonomy, and the app serves its start page from its templates."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wiel) as archief:
        archief.extractall(site)
    omgeving = {**os.environ, "PYTHONPATH": str(site), "VTH_ENV": "test",
                "VTH_DATABASE_URL": f"sqlite:///{tmp_path / 'vth.sqlite'}",
                "VTH_STORAGE_DIR": str(tmp_path / "bestanden"), "VTH_BOUWCACHE": str(tmp_path / "bouwcache")}
    uitkomst = subprocess.run([sys.executable, "-P", "-c", CONTROLE], cwd=tmp_path, env=omgeving,
                              capture_output=True, text=True, timeout=300)
    assert uitkomst.returncode == 0, uitkomst.stderr[-3000:]
    gezien = json.loads(uitkomst.stdout.strip().splitlines()[-1])
    assert Path(gezien["pakket"]).is_relative_to(site), gezien["pakket"]
    for map_ in gezien["mappen"]:
        assert Path(map_).is_relative_to(site / "visitatie") and Path(map_).exists(), map_
    assert {"zelfevaluatie", "visitatiekader"} <= {code.split("@")[0] for code in gezien["vragenlijsten"]}
    assert gezien["themas"] > 0
    assert gezien["status"] == 200 and gezien["titel_gevonden"]
