"""The pure import/export core of ILT findings: no database, no HTTP."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from visitatie.ilt.bestand import KOLOMMEN, BevindingRegel, lees_bevindingen, naar_csv, naar_xlsx
from visitatie.importeren import ImportFout, Importlezer, bestandssoort
from visitatie.taxonomie import taxonomie

ODS = {"odmh", "dcmr"}
PROVINCIES = {"PV28"}
GOED = ["1", "aanbeveling", "informatie", "midden", "Deel gegevens.", "omgevingsdiensten;ilt",
        "odmh", "PV28", "p. 12"]


def schrijf_csv(pad, rijen, kop=KOLOMMEN):
    pad.write_text("\n".join(",".join(r) for r in [kop, *rijen]) + "\n", encoding="utf-8")
    return pad


def schrijf_xlsx(pad, rijen, kop=KOLOMMEN):
    boek = Workbook()
    for rij in [kop, *rijen]:
        boek.active.append(rij)
    boek.save(pad)
    return pad


def lees(pad):
    return lees_bevindingen(pad, bestandsnaam="test", tax=taxonomie(), od_codes=ODS,
                            provincie_codes=PROVINCIES)


def meldingen(pad) -> list[str]:
    with pytest.raises(ImportFout) as fout:
        lees(pad)
    return [str(m) for m in fout.value.meldingen]


@pytest.mark.parametrize("schrijf,naam", [(schrijf_csv, "b.csv"), (schrijf_xlsx, "b.xlsx")])
def test_a_valid_file_gives_plain_findings(tmp_path, schrijf, naam):
    regels = lees(schrijf(tmp_path / naam, [GOED]))
    assert regels == [BevindingRegel(1, "aanbeveling", "informatie", "midden", "Deel gegevens.",
                                     ("omgevingsdiensten", "ilt"), ("odmh",), ("PV28",), "p. 12")]


def test_xlsx_numbers_and_empty_rows_read_like_csv(tmp_path):
    rij = [1, *GOED[1:]]  # a real number in Excel, not text
    pad = schrijf_xlsx(tmp_path / "b.xlsx", [rij, [None] * len(KOLOMMEN)])
    assert lees(pad) == lees(schrijf_csv(tmp_path / "b.csv", [GOED]))


def test_unknown_column_is_reported_on_row_1(tmp_path):
    pad = schrijf_csv(tmp_path / "b.csv", [[*GOED, "x"]], kop=[*KOLOMMEN, "opmerking"])
    assert meldingen(pad) == ["test, rij 1, kolom 'opmerking': onbekende kolom; verwacht: "
                              + ", ".join(KOLOMMEN)]


def test_missing_column_is_reported(tmp_path):
    pad = schrijf_xlsx(tmp_path / "b.xlsx", [GOED[:-1]], kop=KOLOMMEN[:-1])
    assert meldingen(pad) == ["test, rij 1, kolom 'bron': kolom ontbreekt"]


def test_bad_severity_names_row_column_and_choices(tmp_path):
    pad = schrijf_csv(tmp_path / "b.csv", [GOED[:3] + ["zwaar"] + GOED[4:]])
    assert meldingen(pad) == ["test, rij 2, kolom 'ernst': onbekende ernst 'zwaar'; kies uit "
                              "laag, midden, hoog of laat leeg"]


def test_unknown_od_code(tmp_path):
    pad = schrijf_csv(tmp_path / "b.csv", [GOED[:6] + ["odmh;odxx"] + GOED[7:]])
    assert meldingen(pad) == ["test, rij 2, kolom 'omgevingsdiensten': onbekende OD-code 'odxx'"]


def test_empty_required_cell(tmp_path):
    pad = schrijf_xlsx(tmp_path / "b.xlsx", [GOED, ["2", "conclusie", "informatie", "", "", "", "",
                                                    "", ""]])
    assert meldingen(pad) == ["test, rij 3, kolom 'tekst': verplicht veld is leeg"]


def test_every_error_in_every_row_is_collected(tmp_path):
    rijen = [GOED, ["1", "mening", "informatie", "", "Dubbel nummer.", "", "", "", ""],
             ["x", "conclusie", "weer", "", "Tekst.", "burgers", "", "PV99", ""]]
    tekst = "\n".join(meldingen(schrijf_csv(tmp_path / "b.csv", rijen)))
    for deel in ["rij 3, kolom 'type': onbekende bevindingtype 'mening'",
                 "rij 4, kolom 'nummer': 'x' is geen geheel getal groter dan 0",
                 "rij 4, kolom 'thema': onbekende thema 'weer'",
                 "rij 4, kolom 'actoren': onbekende actorcategorie 'burgers'",
                 "rij 4, kolom 'provincies': onbekende provinciecode 'PV99'"]:
        assert deel in tekst


def test_duplicate_number_is_refused(tmp_path):
    pad = schrijf_csv(tmp_path / "b.csv", [GOED, GOED])
    assert meldingen(pad) == ["test, rij 3, kolom 'nummer': nummer 1 komt twee keer voor"]


def test_not_an_excel_file_and_not_utf8(tmp_path):
    nep = tmp_path / "b.xlsx"
    nep.write_bytes(b"PK\x03\x04 geen echte zip")
    assert meldingen(nep) == ["test: het bestand is geen geldig Excel-bestand (.xlsx)"]
    latin = tmp_path / "b.csv"
    latin.write_bytes((",".join(KOLOMMEN) + "\n1,conclusie,informatie,,caf\xe9,,,,\n").encode("latin-1"))
    assert "geen CSV in UTF-8" in meldingen(latin)[0]


def test_file_type_is_judged_by_content():
    assert bestandssoort(b"PK\x03\x04rest") == "xlsx"
    assert bestandssoort(b"nummer,type") == "csv"


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_findings(tmp_path, formaat):
    regels = [BevindingRegel(1, "aanbeveling", "informatie", "hoog", "Tekst met ; en \"aanhalingstekens\", "
                             "komma's en é.", ("gemeenten", "ilt"), ("dcmr", "odmh"), ("PV28",), "§ 3.2"),
              BevindingRegel(2, "goede_praktijk", "ketensamenwerking", None, "=SOM(A1:A2) blijft tekst",
                             bron="-p. 4")]
    pad = tmp_path / f"export.{formaat}"
    if formaat == "csv":
        pad.write_bytes(naar_csv(regels))
    else:
        pad.write_bytes(naar_xlsx(regels, titel="Studie", tax=taxonomie()))
    assert lees(pad) == regels


def test_csv_export_neutralises_formulas(tmp_path):
    data = naar_csv([BevindingRegel(1, "conclusie", "informatie", None, "=1+1")]).decode("utf-8-sig")
    assert "'=1+1" in data


def test_the_xlsx_reader_yields_the_same_rows_as_the_csv_reader(tmp_path):
    csv_rijen = list(Importlezer("a").rijen(schrijf_csv(tmp_path / "a.csv", [GOED]), KOLOMMEN))
    xlsx_rijen = list(Importlezer("a").rijen(schrijf_xlsx(tmp_path / "a.xlsx", [GOED]), KOLOMMEN))
    assert csv_rijen == xlsx_rijen
