"""The open data of an edition as a Frictionless data package: every public table as CSV and
JSON, a `datapackage.json` with a Table Schema per file (types, units, descriptions, code lists,
primary and foreign keys), and `open-data.zip` of it all. Deterministic: the same snapshot gives
the same bytes. Each table's files and schema, and the zip, are kept in the build cache under
their content, so a rebuild writes unchanged tables without formatting them again."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from staat_van_vth.bouwcache import Bouwcache
from staat_van_vth.delen import deel_sleutel, tabel_sleutel
from staat_van_vth.snapshot import csv_bytes

LICENTIE = {"name": "CC0-1.0", "title": "CC0 1.0 Universal (publiek domein)",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
ZIP_DATUM = (2000, 1, 1, 0, 0, 0)  # fixed timestamps: the same open data gives the same zip
REGISTER = "omgevingsdiensten_register"  # every OD ever, the code list that od_code refers to

# Measures stay decimal numbers even when an edition happens to hold only whole values, so a
# column keeps one type from edition to edition; every other whole-valued column is an integer.
MATEN = {"waarde", "mediaan", "groepsmediaan", "vorige", "percentage", "pct_compleet",
         "pct_op_tijd", "pct_bezocht"}

# column -> (description, unit); a column not listed gets its name as title only.
KOLOMMEN: dict[str, tuple[str, str | None]] = {
    "od_code": ("Code van de omgevingsdienst (zie omgevingsdiensten_register)", None),
    "code": ("Code", None),
    "naam": ("Naam", None),
    "afkorting": ("Gangbare afkorting", None),
    "seveso": ("Voert ook BRZO-/Seveso-taken uit voor andere diensten", None),
    "geldig_van": ("Eerste dag van geldigheid", None),
    "geldig_tot": ("Laatste dag van geldigheid (leeg: nog geldig)", None),
    "opvolger_code": ("Code van de omgevingsdienst die deze na een fusie opvolgt", None),
    "deelnemer_code": ("CBS-code van de deelnemer (GMxxxx gemeente, PVxx provincie)", None),
    "provincie_code": ("CBS-code van de provincie", None),
    "soort": ("Soort", None),
    "status": ("Status of zekerheid", None),
    "jaar": ("Jaar", "jaar"),
    "datum": ("Datum", None),
    "waarde": ("Waarde (eenheid: zie indicatoren)", None),
    "mediaan": ("Landelijke mediaan", None),
    "groepsmediaan": ("Mediaan van de peergroep", None),
    "percentage": ("Percentage", "%"),
    "pct_compleet": ("Percentage compleet", "%"),
    "pct_op_tijd": ("Percentage compleet en op tijd", "%"),
    "pct_bezocht": ("Percentage bezocht", "%"),
    "aantal": ("Aantal", "aantal"),
    "ronde_id": ("Nummer van de visitatieronde (zie visitatierondes)", None),
    "indicator_code": ("Code van de indicator (zie indicatoren)", None),
    "eenheid": ("Eenheid", None),
    "definitie": ("Definitie", None),
    "bron": ("Bron", None),
    "fictief": ("1 als de waarde fictief is (demogegevens)", None),
    "partij_soort": ("Soort partij die opvolging vastlegt: od (omgevingsdienst) of provincie", None),
    "partij_code": ("Code van de omgevingsdienst of CBS-code van de provincie", None),
    "categorie": ("Stand van de opvolging: afgerond, niet_overgenomen, in_behandeling, open of "
                  "niet_vastgelegd (de partij legde geen opvolging vast)", None),
    "niet_vastgelegd": ("Opvolgpunten zonder vastgelegde opvolging (niet open en niet afgerond)",
                        "aantal"),
}
SLEUTELS: dict[str, list[str]] = {
    REGISTER: ["code"],
    "omgevingsdiensten": ["code"],
    "indicatoren": ["code"],
    "robuustheidscriteria": ["versie", "code"],
    "visitatierondes": ["ronde_id"],
    "ilt_bevindingen": ["studie_id", "nummer"],
    "deelnames": ["od_code", "deelnemer_code"],
    "kerncijfers": ["code"],
}
# (table, columns) -> (table referred to, its columns)
VERWIJZINGEN: dict[str, list[tuple[list[str], str, list[str]]]] = {
    "ilt_adressaten": [(["studie_id", "nummer"], "ilt_bevindingen", ["studie_id", "nummer"])],
    "robuustheid": [(["criteria_versie", "criterium_code"], "robuustheidscriteria", ["versie", "code"])],
}
ROND_VERWIJZINGEN = [("indicator_code", "indicatoren", "code"), ("ronde_id", "visitatierondes", "ronde_id")]


def schrijf_pakket(tabellen: dict[str, pd.DataFrame], map_: Path, *, titel: str, peildatum: str,
                   extra: dict, cache: Bouwcache | None = None) -> None:
    """Write every table as CSV and JSON plus datapackage.json into `map_`; a table whose rows
    (and the set of table names its keys refer to) are unchanged is taken from `cache`."""
    map_.mkdir(parents=True, exist_ok=True)
    cache = cache or Bouwcache()
    namen = sorted(tabellen)
    bronnen = []
    for naam in namen:
        df = tabellen[naam]
        csv, json_, schema = cache.onthoud(
            "open-data", deel_sleutel("open-data", naam, tabel_sleutel(df), *namen),
            lambda naam=naam, df=df: _bestanden(naam, df, namen), naam=naam)
        (map_ / f"{naam}.csv").write_bytes(csv)
        (map_ / f"{naam}.json").write_bytes(json_)
        bronnen.append({"name": naam, "path": f"{naam}.csv", "format": "csv", "mediatype": "text/csv",
                        "encoding": "utf-8", "schema": schema})
    pakket = {"name": "staat-van-vth-open-data", "title": titel, "licenses": [LICENTIE],
              "peildatum": peildatum, **extra, "resources": bronnen}
    (map_ / "datapackage.json").write_text(
        json.dumps(pakket, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def _bestanden(naam: str, df: pd.DataFrame, namen: list[str]) -> tuple[bytes, bytes, dict]:
    """One table's CSV, JSON and Table Schema (`namen`: every table of the package)."""
    df = _met_gehele_getallen(df)
    geordend = df.sort_values(list(df.columns), kind="mergesort") if len(df.columns) else df
    json_ = geordend.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    return csv_bytes(df), json_.encode("utf-8"), tabelschema(naam, df, namen)


def _met_gehele_getallen(df: pd.DataFrame) -> pd.DataFrame:
    """Counts and codes that pandas read as floats (because of an empty cell) become integers."""
    df = df.copy()
    for kolom in df.columns:
        reeks = df[kolom]
        if (kolom not in MATEN and pd.api.types.is_float_dtype(reeks) and reeks.notna().any()
                and (reeks.dropna() % 1 == 0).all()):
            df[kolom] = reeks.astype("Int64")
    return df


def _veldtype(reeks: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(reeks):
        return "boolean"
    if pd.api.types.is_integer_dtype(reeks):
        return "integer"
    if pd.api.types.is_numeric_dtype(reeks):
        return "number"
    waarden = reeks.dropna().astype(str)
    if len(waarden) and waarden.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "date"
    return "string"


def _veld(kolom: str, reeks: pd.Series) -> dict:
    omschrijving, eenheid = KOLOMMEN.get(kolom, (kolom.replace("_", " ").capitalize(), None))
    veld = {"name": kolom, "type": _veldtype(reeks), "description": omschrijving}
    if veld["type"] == "boolean":
        veld["trueValues"], veld["falseValues"] = ["True", "true", "1"], ["False", "false", "0"]
    if eenheid:
        veld["unit"] = eenheid
    return veld


def tabelschema(naam: str, df: pd.DataFrame, alle: Iterable[str]) -> dict:
    """The Table Schema of one table; `alle`: the names of every table in the package."""
    alle = set(alle)
    schema: dict = {"fields": [_veld(k, df[k]) for k in df.columns], "missingValues": [""]}
    if naam in SLEUTELS and set(SLEUTELS[naam]) <= set(df.columns):
        schema["primaryKey"] = SLEUTELS[naam]
    sleutels = list(VERWIJZINGEN.get(naam, []))
    if "od_code" in df.columns and REGISTER in alle:
        sleutels.append((["od_code"], REGISTER, ["code"]))
    if naam == "omgevingsdiensten":
        sleutels.append((["code"], REGISTER, ["code"]))
    for kolom, doel, doelkolom in ROND_VERWIJZINGEN:
        if kolom in df.columns and doel in alle and naam != doel:
            sleutels.append(([kolom], doel, [doelkolom]))
    if sleutels:
        schema["foreignKeys"] = [{"fields": velden, "reference": {"resource": doel, "fields": doelvelden}}
                                 for velden, doel, doelvelden in sleutels]
    return schema


def zip_map(map_: Path, cache: Bouwcache | None = None) -> bytes:
    """A deterministic zip of a folder (sorted names, fixed timestamps); from `cache` when every
    name and content is unchanged."""
    bestanden = [(str(pad.relative_to(map_)), pad.read_bytes())
                 for pad in sorted(p for p in map_.rglob("*") if p.is_file())]
    inhoud = [deel for naam, data in bestanden for deel in (naam, data)]
    return (cache or Bouwcache()).haal("open-data-zip", deel_sleutel("open-data-zip", "zip", *inhoud),
                                       lambda: _zip(bestanden), naam="open-data.zip")


def _zip(bestanden: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, data in bestanden:
            info = zipfile.ZipInfo(naam, ZIP_DATUM)
            info.compress_type = zipfile.ZIP_DEFLATED
            archief.writestr(info, data)
    return buffer.getvalue()
