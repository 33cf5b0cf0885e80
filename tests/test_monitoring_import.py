"""Importing observations (CSV and XLSX share one validation path): every error with its
message and nothing written; corrections keep the old value with who and why."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook
from sqlmodel import func, select

from visitatie.audit.models import AuditRegel
from visitatie.errors import Conflict, DomeinFout
from visitatie.importeren import ImportFout
from visitatie.monitoring.invoer import KOLOMMEN
from visitatie.monitoring.models import MonitoringImport, Waarneming, WaarnemingCorrectie
from visitatie.monitoring.operations import corrigeer_waarneming, importeer_waarnemingen, laad_definities

GOED = {"od": "odmh", "gemeente": "", "indicator": "bedrijven", "jaar": "2024", "waarde": "4200",
        "eenheid": "aantal", "status": "definitief", "kwaliteit": "", "toelichting": ""}


@pytest.fixture
def mdb(db):
    laad_definities(db)
    db.commit()
    return db


def schrijf_csv(pad, rijen, kolommen=KOLOMMEN):
    with open(pad, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=kolommen)
        writer.writeheader()
        writer.writerows(rijen)
    return pad


def schrijf_xlsx(pad, rijen, kolommen=KOLOMMEN):
    boek = Workbook()
    blad = boek.active
    blad.append(kolommen)
    for rij in rijen:
        blad.append([_als_cel(rij.get(k, "")) for k in kolommen])
    boek.save(pad)
    return pad


def _als_cel(tekst: str):
    try:
        return int(tekst)
    except ValueError:
        return tekst or None


def importeer(db, pad, **kw):
    return importeer_waarnemingen(db, path=pad, bestandsnaam=pad.name, door="tester@test.nl", **kw)


def aantal(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize("schrijf", [schrijf_csv, schrijf_xlsx], ids=["csv", "xlsx"])
def test_a_good_file_is_imported_with_a_report(mdb, tmp_path, schrijf):
    pad = schrijf(tmp_path / f"goed.{schrijf.__name__[-4:].strip('_')}", [
        GOED, {**GOED, "indicator": "begroting", "waarde": "12,5", "eenheid": "mln euro"},
        {**GOED, "gemeente": "GM0484", "waarde": "310"}])
    verslag = importeer(mdb, pad)
    mdb.commit()
    assert (verslag.aantal_rijen, verslag.aantal_nieuw, verslag.aantal_gecorrigeerd) == (3, 3, 0)
    begroting = mdb.exec(select(Waarneming).where(Waarneming.indicator_code == "begroting")).one()
    assert begroting.waarde == 12.5 and begroting.import_id == verslag.id
    assert mdb.exec(select(AuditRegel).where(AuditRegel.actie == "monitoring.importeren")).first()


FOUTEN = [
    ({"od": "odxx"}, "od", "onbekende omgevingsdienst 'odxx'"),
    ({"indicator": "geluk"}, "indicator", "onbekende indicator 'geluk'"),
    ({"waarde": "999999999"}, "waarde", "waarde 999999999 buiten het bereik 0 tot en met 200000"),
    ({"waarde": "-1"}, "waarde", "waarde -1 buiten het bereik"),
    ({"waarde": "veel"}, "waarde", "'veel' is geen getal"),
    ({"eenheid": "stuks"}, "eenheid",
     "verkeerde eenheid 'stuks' voor indicator 'bedrijven' (verwacht 'aantal')"),
    ({"jaar": "24"}, "jaar", "'24' is geen jaartal"),
    ({"status": "concept"}, "status", "'concept' is geen status"),
    ({"gemeente": "GM9999"}, "gemeente", "onbekende gemeente 'GM9999'"),
    ({"indicator": "begroting", "eenheid": "mln euro", "gemeente": "GM0484", "waarde": "3"}, "gemeente",
     "indicator 'begroting' kent geen waarden per gemeente"),
    ({"od": "odveluwe", "jaar": "2021"}, "jaar", "omgevingsdienst 'odveluwe' bestond niet in 2021"),
]


@pytest.mark.parametrize("schrijf", [schrijf_csv, schrijf_xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize(("wijziging", "kolom", "tekst"), FOUTEN,
                         ids=[f[1] + str(i) for i, f in enumerate(FOUTEN)])
def test_each_error_is_reported_with_row_and_column_and_nothing_is_written(
        mdb, tmp_path, schrijf, wijziging, kolom, tekst):
    pad = schrijf(tmp_path / ("fout.csv" if schrijf is schrijf_csv else "fout.xlsx"),
                  [{**GOED, "indicator": "inspecties"}, {**GOED, **wijziging}])
    with pytest.raises(ImportFout) as fout:
        importeer(mdb, pad)
    mdb.rollback()
    melding = fout.value.meldingen[0]
    assert (melding.rij, melding.kolom) == (3, kolom)
    assert tekst in melding.tekst
    assert f"rij 3, kolom '{kolom}'" in str(fout.value)
    assert aantal(mdb, Waarneming) == 0 and aantal(mdb, MonitoringImport) == 0


def test_a_duplicate_within_the_file_is_refused(mdb, tmp_path):
    pad = schrijf_csv(tmp_path / "dubbel.csv", [GOED, {**GOED, "waarde": "4300"}])
    with pytest.raises(ImportFout, match="dubbele waarneming: .* ook in rij 2"):
        importeer(mdb, pad)
    mdb.rollback()
    assert aantal(mdb, Waarneming) == 0


def test_an_existing_observation_is_a_duplicate_unless_it_is_a_correction(mdb, tmp_path):
    importeer(mdb, schrijf_csv(tmp_path / "eerst.csv", [GOED]))
    mdb.commit()
    nieuw = schrijf_csv(tmp_path / "tweede.csv", [{**GOED, "waarde": "4300"},
                                                 {**GOED, "indicator": "inspecties", "waarde": "900"}])
    with pytest.raises(ImportFout, match=r"dubbele waarneming: bestaat al \(waarde 4200\)"):
        importeer(mdb, nieuw)
    mdb.rollback()
    assert aantal(mdb, Waarneming) == 1
    with pytest.raises(DomeinFout, match="reden"):
        importeer(mdb, nieuw, corrigeren=True)
    verslag = importeer(mdb, nieuw, corrigeren=True, reden="Telling herzien na controle")
    mdb.commit()
    assert (verslag.aantal_nieuw, verslag.aantal_gecorrigeerd) == (1, 1)
    correctie = mdb.exec(select(WaarnemingCorrectie)).one()
    assert (correctie.oude_waarde, correctie.nieuwe_waarde) == (4200, 4300)
    assert (correctie.door, correctie.reden, correctie.import_id) == (
        "tester@test.nl", "Telling herzien na controle", verslag.id)


def test_wrong_columns_and_an_empty_file_are_refused(mdb, tmp_path):
    pad = schrijf_csv(tmp_path / "kolommen.csv", [{"od": "odmh"}], kolommen=["od", "getal"])
    with pytest.raises(ImportFout) as fout:
        importeer(mdb, pad)
    teksten = [str(m) for m in fout.value.meldingen]
    assert "kolommen.csv, rij 1, kolom 'getal': onbekende kolom; verwacht: od, gemeente, indicator, " \
           "jaar, waarde, eenheid, status, kwaliteit, toelichting" in teksten
    assert "kolommen.csv, rij 1, kolom 'waarde': kolom ontbreekt" in teksten
    with pytest.raises(ImportFout, match="geen waarnemingen"):
        importeer(mdb, schrijf_csv(tmp_path / "leeg.csv", []))


def test_a_file_that_is_not_xlsx_is_refused(mdb, tmp_path):
    pad = tmp_path / "kapot.xlsx"
    pad.write_text("dit is geen spreadsheet")
    with pytest.raises(ImportFout, match=r"kapot.xlsx: het bestand is geen geldig Excel-bestand \(.xlsx\)"):
        importeer(mdb, pad)


def test_a_correction_keeps_history_and_refuses_stale_versions(mdb, tmp_path):
    importeer(mdb, schrijf_csv(tmp_path / "a.csv", [{**GOED, "status": "voorlopig"}]))
    w = mdb.exec(select(Waarneming)).one()
    corrigeer_waarneming(mdb, waarneming=w, waarde=4100, status="definitief", reden="Dubbeltelling eruit",
                         versie=1, door="a@test.nl")
    corrigeer_waarneming(mdb, waarneming=w, waarde=4150, status="definitief", reden="Nagekomen",
                         versie=2, door="b@test.nl")
    mdb.commit()
    historie = mdb.exec(select(WaarnemingCorrectie).order_by(WaarnemingCorrectie.id)).all()
    assert [(c.oude_waarde, c.nieuwe_waarde, c.door, c.reden) for c in historie] == [
        (4200, 4100, "a@test.nl", "Dubbeltelling eruit"), (4100, 4150, "b@test.nl", "Nagekomen")]
    assert (w.waarde, w.versie, w.status) == (4150, 3, "definitief")
    with pytest.raises(Conflict):
        corrigeer_waarneming(mdb, waarneming=w, waarde=1, status="definitief", reden="x", versie=2, door="c")
    with pytest.raises(DomeinFout, match="terug naar voorlopig"):
        corrigeer_waarneming(mdb, waarneming=w, waarde=1, status="voorlopig", reden="x", versie=3, door="c")
    with pytest.raises(DomeinFout, match="reden"):
        corrigeer_waarneming(mdb, waarneming=w, waarde=1, status="definitief", reden=" ", versie=3, door="c")
    with pytest.raises(DomeinFout, match="tussen 0 en 200000"):
        corrigeer_waarneming(mdb, waarneming=w, waarde=-5, status="definitief", reden="x", versie=3, door="c")


def test_loading_definitions_is_idempotent(db):
    eerste = laad_definities(db)
    tweede = laad_definities(db)
    assert eerste["indicatoren"]["nieuw"] == 6 and eerste["robuustheidscriteria"]["nieuw"] == 6
    assert tweede == {"robuustheidscriteria": {"nieuw": 0, "gewijzigd": 0},
                      "indicatoren": {"nieuw": 0, "gewijzigd": 0}}


def test_spreadsheet_cells_read_as_csv_text():
    from datetime import date, datetime

    from visitatie.importeren import celtekst

    waarden = (None, 12.0, 12.5, 7, True, " odmh ", datetime(2024, 3, 1), date(2024, 3, 1))
    assert [celtekst(v) for v in waarden] == ["", "12", "12.5", "7", "1", "odmh", "2024-03-01",
                                                   "2024-03-01"]


def test_the_cli_loads_definitions_and_imports_all_or_nothing(runner, app, tmp_path):
    from sqlmodel import Session

    assert "indicatoren" in runner.invoke(args=["monitoring", "load"]).output
    slecht = schrijf_csv(tmp_path / "cli.csv", [GOED, {**GOED, "od": "odxx"}])
    resultaat = runner.invoke(args=["monitoring", "import", str(slecht)])
    assert resultaat.exit_code != 0 and "Niets opgeslagen; 1 fout(en)" in resultaat.output
    assert "cli.csv, rij 3, kolom 'od': onbekende omgevingsdienst 'odxx'" in resultaat.output
    goed = schrijf_csv(tmp_path / "cli2.csv", [GOED])
    resultaat = runner.invoke(args=["monitoring", "import", str(goed), "--door", "beheer"])
    assert resultaat.exit_code == 0 and "1 nieuw" in resultaat.output
    with Session(app.extensions["vth_engine"]) as db:
        assert aantal(db, Waarneming) == 1
