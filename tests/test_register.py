"""Reference data: counts from domain.md, coverage on any date, and all-or-nothing import."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from visitatie import db as database
from visitatie.bronnen import REFERENTIEDATA
from visitatie.importeren import ImportFout
from visitatie.register import operations as ops
from visitatie.register.models import Deelname, Gemeente, Omgevingsdienst, Provincie
from visitatie.register.referentie import lees_referentie

DATA = REFERENTIEDATA
PER_PROVINCIE_2024 = {"Groningen": 10, "Fryslân": 18, "Drenthe": 12, "Overijssel": 25,
                      "Flevoland": 6, "Gelderland": 51, "Utrecht": 26, "Noord-Holland": 44,
                      "Zuid-Holland": 50, "Zeeland": 13, "Noord-Brabant": 56, "Limburg": 31}


def test_342_municipalities_with_domain_counts_per_province(db):
    rijen = db.exec(select(Provincie.naam, func.count()).join(Gemeente)
                    .group_by(Provincie.naam)).all()
    assert dict(rijen) == PER_PROVINCIE_2024
    assert sum(PER_PROVINCIE_2024.values()) == 342
    assert db.exec(select(func.count()).select_from(Provincie)).one() == 12


@pytest.mark.parametrize("peildatum,aantal", [(date(2023, 6, 1), 29), (date(2024, 6, 1), 28),
                                               (date(2025, 12, 31), 28), (date(2026, 6, 1), 26)])
def test_number_of_ods_on_a_date(db, peildatum, aantal):
    assert len(ops.ods_op(db, peildatum)) == aantal


@pytest.mark.parametrize("peildatum", [date(2023, 6, 1), date(2024, 6, 1), date(2026, 6, 1)])
def test_every_municipality_in_exactly_one_od(db, peildatum):
    deelnames = db.exec(select(Deelname.deelnemer_code).where(
        Deelname.soort == "gemeente", ops.geldig_op(Deelname, peildatum))).all()
    tellingen = Counter(deelnames)
    gemeenten = db.exec(select(Gemeente.code)).all()
    assert set(tellingen) == set(gemeenten)
    assert set(tellingen.values()) == {1}


def test_every_province_takes_part_in_the_ods_on_its_territory(db):
    ofgv = {d.deelnemer_code for d, _ in ops.deelnemers_op(db, "ofgv", date(2024, 6, 1))
            if d.soort == "provincie"}
    assert ofgv == {"PV24", "PV27"}  # the one OD spanning two provinces


def test_veluwe_merger(db):
    apeldoorn = "GM0200"
    assert ops.od_van_gemeente(db, apeldoorn, date(2023, 12, 31)).code == "ovij"
    assert ops.od_van_gemeente(db, apeldoorn, date(2024, 1, 1)).code == "odveluwe"
    veluwe = db.get(Omgevingsdienst, "odveluwe")
    assert {v.code for v in ops.geschiedenis_van_od(db, veluwe)["voorgangers"]} == {"odnv", "ovij"}


@pytest.mark.parametrize("oud,opvolger,gemeente", [
    ("odru", "odu", "GM0355"), ("rud-utrecht", "odu", "GM0344"),      # Zeist, Utrecht
    ("odra", "odgm", "GM0202"), ("odrn", "odgm", "GM0268"),           # Arnhem, Nijmegen
])
def test_mergers_of_1_january_2026(db, oud, opvolger, gemeente):
    od = db.get(Omgevingsdienst, oud)
    assert (od.geldig_tot, od.opvolger_code) == (date(2025, 12, 31), opvolger)
    assert db.get(Omgevingsdienst, opvolger).geldig_van == date(2026, 1, 1)
    assert ops.od_van_gemeente(db, gemeente, date(2025, 12, 31)).code == oud
    assert ops.od_van_gemeente(db, gemeente, date(2026, 1, 1)).code == opvolger
    assert oud in {v.code for v in ops.geschiedenis_van_od(db, db.get(Omgevingsdienst, opvolger))
                   ["voorgangers"]}


@pytest.mark.parametrize("opvolger,voorgangers,provincie,aantal", [
    ("odu", {"odru", "rud-utrecht"}, "PV26", 26), ("odgm", {"odra", "odrn"}, "PV25", 16)])
def test_every_membership_moved_to_the_successor(db, opvolger, voorgangers, provincie, aantal):
    voor = {(d.soort, d.deelnemer_code) for code in voorgangers
            for d, _ in ops.deelnemers_op(db, code, date(2025, 12, 31))}
    na = {(d.soort, d.deelnemer_code) for d, _ in ops.deelnemers_op(db, opvolger, date(2026, 6, 1))}
    assert voor == na and ("provincie", provincie) in na
    assert sum(1 for soort, _ in na if soort == "gemeente") == aantal
    assert not any(ops.deelnemers_op(db, code, date(2026, 1, 1)) for code in voorgangers)


def test_seveso_ods(db):
    seveso = {od.afkorting for od in ops.ods_op(db, date(2024, 6, 1)) if od.seveso}
    assert seveso == {"ODG", "ODRN", "OD NZKG", "DCMR", "OMWB", "RUD ZL"}
    na_fusie = {od.afkorting for od in ops.ods_op(db, date(2026, 6, 1)) if od.seveso}
    assert na_fusie == {"ODG", "OD Groene Metropool", "OD NZKG", "DCMR", "OMWB", "RUD ZL"}


# --- import errors: every kind with its message, and nothing written ---------------------

def kopie(tmp_path: Path) -> Path:
    doel = tmp_path / "data"
    shutil.copytree(DATA, doel)
    return doel


def vervang(pad: Path, oud: str, nieuw: str) -> None:
    tekst = pad.read_text(encoding="utf-8")
    assert oud in tekst
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")


def fouten(map_: Path) -> list[str]:
    with pytest.raises(ImportFout) as info:
        lees_referentie(map_)
    return [str(m) for m in info.value.meldingen]


def test_unknown_province_code(tmp_path):
    map_ = kopie(tmp_path)
    vervang(map_ / "gemeenten.csv", "GM0014,Groningen,PV20", "GM0014,Groningen,PV99")
    assert "gemeenten.csv, rij 2, kolom 'provincie_code': onbekende provincie 'PV99'" in fouten(map_)


def test_bad_date(tmp_path):
    map_ = kopie(tmp_path)
    vervang(map_ / "deelnames.csv", "odg,GM0014,2023-01-01", "odg,GM0014,2023-13-01")
    assert ("deelnames.csv, rij 2, kolom 'geldig_van': '2023-13-01' is geen datum "
            "(verwacht JJJJ-MM-DD)") in fouten(map_)


def test_unknown_od_code(tmp_path):
    map_ = kopie(tmp_path)
    vervang(map_ / "deelnames.csv", "odg,GM0014,", "odx,GM0014,")
    assert "deelnames.csv, rij 2, kolom 'od_code': onbekende omgevingsdienst 'odx'" in fouten(map_)


def test_municipality_in_two_ods(tmp_path):
    map_ = kopie(tmp_path)
    with open(map_ / "deelnames.csv", "a", encoding="utf-8") as f:
        f.write("fumo,GM0014,2023-01-01,,test,read,\n")
    meldingen = fouten(map_)
    assert any("GM0014 (Groningen) hoort op 2023-01-01 bij meer dan één omgevingsdienst" in m
               for m in meldingen), meldingen


def test_gap_in_membership(tmp_path):
    map_ = kopie(tmp_path)
    vervang(map_ / "deelnames.csv", "odg,GM0014,2023-01-01,", "odg,GM0014,2023-03-01,")
    assert ("deelnames.csv, kolom 'deelnemer_code': gemeente GM0014 (Groningen) hoort op "
            "2023-01-01 bij geen omgevingsdienst") in fouten(map_)


def test_unknown_column(tmp_path):
    map_ = kopie(tmp_path)
    vervang(map_ / "provincies.csv", "code,naam", "code,naam_fout")
    meldingen = fouten(map_)
    assert any("provincies.csv, rij 1, kolom 'naam_fout': onbekende kolom" in m for m in meldingen)


def test_failed_load_writes_nothing(empty_database_url, tmp_path):
    database.upgrade(empty_database_url)
    map_ = kopie(tmp_path)
    vervang(map_ / "gemeenten.csv", "GM0014,Groningen,PV20", "GM0014,Groningen,PV99")
    engine = database.make_engine(empty_database_url)
    with Session(engine) as db:
        with pytest.raises(ImportFout):
            ops.laad_referentie(db, map_=map_)
        db.rollback()
        assert db.exec(select(func.count()).select_from(Provincie)).one() == 0
    engine.dispose()


def test_cli_load_is_idempotent_and_reports_errors(runner, tmp_path):
    eerste = runner.invoke(args=["data", "load"])
    assert eerste.exit_code == 0, eerste.output
    assert "deelnames" in eerste.output and "   0 nieuw" in eerste.output
    map_ = kopie(tmp_path)
    vervang(map_ / "gemeenten.csv", "GM0014,Groningen,PV20", "GM0014,Groningen,PV99")
    fout = runner.invoke(args=["data", "load", "--map", str(map_)])
    assert fout.exit_code != 0
    assert "Niets geladen" in fout.output and "PV99" in fout.output


# --- pages ---------------------------------------------------------------------------------

def test_od_list_filters_by_province(client):
    pagina = client.get("/omgevingsdiensten?provincie=PV29").get_data(as_text=True)
    assert "RUD Zeeland" in pagina and "DCMR" not in pagina


def test_od_page_shows_participants_and_history(client):
    pagina = client.get("/omgevingsdiensten/odveluwe?peildatum=2024-06-01").get_data(as_text=True)
    assert "Apeldoorn" in pagina and "Provincie Gelderland" in pagina
    assert "Omgevingsdienst Noord-Veluwe" in pagina  # predecessor in the history


def test_municipality_page_on_a_chosen_date(client):
    voor = client.get("/gemeenten/GM0200?peildatum=2023-06-01").get_data(as_text=True)
    na = client.get("/gemeenten/GM0200?peildatum=2024-06-01").get_data(as_text=True)
    assert "nam Apeldoorn deel aan <a" in voor and "Veluwe IJssel</a>" in voor
    assert "Omgevingsdienst Veluwe</a>" in na


def test_bad_date_on_page_is_explained(client):
    antwoord = client.get("/gemeenten/GM0200?peildatum=morgen")
    assert antwoord.status_code == 200
    assert "geen geldige datum" in antwoord.get_data(as_text=True)


def test_province_page(client):
    pagina = client.get("/provincies/PV24").get_data(as_text=True)
    assert "Almere" in pagina and "OFGV" in pagina
