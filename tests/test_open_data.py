"""The open data of an edition built from the demo: a Frictionless data package that validates,
whole numbers as integers, every referenced code present, and a zip from every build."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pandas as pd
import pytest

from staat_van_vth.bouw import Editiegegevens, bouw_editie, maak_snapshot
from visitatie import db as database


@pytest.fixture(scope="module")
def open_data(demo_template, tmp_path_factory):
    url, _opslag = demo_template
    engine = database.make_engine(url)
    basis = tmp_path_factory.mktemp("open-data")
    editie = Editiegegevens(2024, date(2024, 6, 1), "2022-2024")
    snapshot = maak_snapshot(engine, editie, basis / "snapshot")
    engine.dispose()
    een = bouw_editie(editie, snapshot, basis / "een")
    twee = bouw_editie(editie, snapshot, basis / "twee")
    return een.map, twee.map


def test_the_package_validates_with_frictionless(open_data):
    from frictionless import Package, system

    with system.use_context(trusted=True):
        rapport = Package(str(open_data[0] / "open-data" / "datapackage.json")).validate()
    fouten = [f"{taak.name}: {fout.message}" for taak in rapport.tasks for fout in taak.errors]
    assert rapport.valid, fouten[:10]


def test_whole_numbers_are_integers(open_data):
    pakket = json.loads((open_data[0] / "open-data" / "datapackage.json").read_text(encoding="utf-8"))
    typen = {(b["name"], v["name"]): v["type"] for b in pakket["resources"] for v in b["schema"]["fields"]}
    assert typen[("gemeenten_per_od", "gemeenten")] == "integer"
    assert typen[("waarnemingen", "jaar")] == "integer"
    assert typen[("waarnemingen", "waarde")] == "number"
    assert typen[("visitatiebezoeken", "bezocht_op")] == "date"
    tekst = (open_data[0] / "open-data" / "gemeenten_per_od.csv").read_text(encoding="utf-8")
    assert ".0," not in tekst


def test_every_od_code_is_in_the_register_also_of_merged_services(open_data):
    map_ = open_data[0] / "open-data"
    register = set(pd.read_csv(map_ / "omgevingsdiensten_register.csv")["code"])
    waarnemingen = set(pd.read_csv(map_ / "waarnemingen.csv")["od_code"])
    assert {"odnv", "ovij"} <= waarnemingen  # the Veluwe services merged on 1-1-2024
    assert waarnemingen <= register
    pakket = json.loads((map_ / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(b["schema"] for b in pakket["resources"] if b["name"] == "waarnemingen")
    assert {"fields": ["od_code"], "reference": {"resource": "omgevingsdiensten_register",
                                                 "fields": ["code"]}} in schema["foreignKeys"]


def test_every_build_writes_the_same_zip(open_data):
    een, twee = (m / "open-data.zip" for m in open_data)
    assert een.read_bytes() == twee.read_bytes()
    with zipfile.ZipFile(een) as archief:
        assert "datapackage.json" in archief.namelist() and "waarnemingen.csv" in archief.namelist()
