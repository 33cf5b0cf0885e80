"""Findings to and from XLSX/CSV in one documented column layout (pure: plain values in and out).

Layout (one row per finding, header in row 1):

| kolom | inhoud |
|---|---|
| nummer | volgnummer binnen de studie (geheel getal > 0, uniek); sleutel bij opnieuw importeren |
| type | code uit de taxonomie: conclusie, aanbeveling, verbeterpunt, goede_praktijk, ... |
| thema | code uit de taxonomie: ketensamenwerking, informatie, ... |
| ernst | leeg of een code van de ernstschaal: laag, midden, hoog |
| tekst | de bevinding zelf |
| actoren | actorcategorieën, gescheiden door ';': gemeenten;provincies;omgevingsdiensten;ilt;ministerie |
| omgevingsdiensten | optioneel: OD-codes uit het register, gescheiden door ';' (bijv. odmh;dcmr) |
| provincies | optioneel: CBS-provinciecodes, gescheiden door ';' (bijv. PV28) |
| bron | pagina of paragraaf in het rapport |
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from visitatie.importeren import Lezer, Rij, weiger_bij_fouten
from visitatie.taxonomie import Taxonomie

KOLOMMEN = ["nummer", "type", "thema", "ernst", "tekst", "actoren", "omgevingsdiensten",
            "provincies", "bron"]
SCHEIDING = ";"
# Spreadsheet programs run cells starting with these as formulas; CSV export neutralises them.
FORMULE_TEKENS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class BevindingRegel:
    """One finding as plain values: what a file row, a form and the export all describe."""

    nummer: int
    type: str
    thema: str
    ernst: str | None
    tekst: str
    actoren: tuple[str, ...] = ()
    ods: tuple[str, ...] = ()
    provincies: tuple[str, ...] = ()
    bron: str = ""


def lees_bevindingen(pad: Path, *, bestandsnaam: str, tax: Taxonomie, od_codes: set[str],
                     provincie_codes: set[str]) -> list[BevindingRegel]:
    """Read and check a CSV or XLSX file; ImportFout with every problem, or all rows."""
    lezer = Lezer(bestandsnaam)
    regels: list[BevindingRegel] = []
    nummers: set[int] = set()
    for rij in lezer.rijen(pad, KOLOMMEN):
        regel = _lees_rij(lezer, rij, tax, od_codes, provincie_codes)
        if regel and regel.nummer in nummers:
            lezer.fout(rij.nummer, "nummer", f"nummer {regel.nummer} komt twee keer voor")
        elif regel:
            nummers.add(regel.nummer)
            regels.append(regel)
    if not lezer.meldingen and not regels:
        lezer.fout(None, None, "het bestand bevat geen bevindingen")
    weiger_bij_fouten([lezer])
    return regels


def _lees_rij(lezer: Lezer, rij: Rij, tax: Taxonomie, od_codes: set[str],
              provincie_codes: set[str]) -> BevindingRegel | None:
    fouten_voor = len(lezer.meldingen)
    nummer = _nummer(lezer, rij)
    type_ = lezer.code(rij, "type", set(tax.codes("bevindingtypen")), "bevindingtype")
    thema = lezer.code(rij, "thema", set(tax.codes("themas")), "thema")
    ernst = _ernst(lezer, rij, tax)
    tekst = _zonder_formulebescherming(lezer.tekst(rij, "tekst"))
    actoren = _lijst(lezer, rij, "actoren", set(tax.codes("actoren")), "actorcategorie")
    ods = _lijst(lezer, rij, "omgevingsdiensten", od_codes, "OD-code", str.lower)
    provincies = _lijst(lezer, rij, "provincies", provincie_codes, "provinciecode", str.upper)
    if len(lezer.meldingen) > fouten_voor or nummer is None:
        return None
    return BevindingRegel(nummer, type_, thema, ernst, tekst, actoren, ods, provincies,
                          _zonder_formulebescherming(lezer.tekst(rij, "bron", verplicht=False)))


def _nummer(lezer: Lezer, rij: Rij) -> int | None:
    waarde = lezer.tekst(rij, "nummer")
    if not waarde:
        return None
    if not waarde.isdigit() or int(waarde) < 1:
        lezer.fout(rij.nummer, "nummer", f"'{waarde}' is geen geheel getal groter dan 0")
        return None
    return int(waarde)


def _ernst(lezer: Lezer, rij: Rij, tax: Taxonomie) -> str | None:
    waarde = lezer.tekst(rij, "ernst", verplicht=False).lower()
    if waarde and waarde not in tax.codes("ernst"):
        lezer.fout(rij.nummer, "ernst",
                   f"onbekende ernst '{waarde}'; kies uit {', '.join(tax.codes('ernst'))} of laat leeg")
    return waarde or None


def _lijst(lezer: Lezer, rij: Rij, kolom: str, bekend: set[str], soort: str,
           normaal=str.strip) -> tuple[str, ...]:
    codes = [normaal(c.strip()) for c in rij.waarden.get(kolom, "").replace(",", SCHEIDING)
             .split(SCHEIDING) if c.strip()]
    for code in codes:
        if code not in bekend:
            lezer.fout(rij.nummer, kolom, f"onbekende {soort} '{code}'")
    return tuple(dict.fromkeys(codes))  # drop repeats, keep order


def als_rij(regel: BevindingRegel) -> dict[str, str]:
    return {"nummer": str(regel.nummer), "type": regel.type, "thema": regel.thema,
            "ernst": regel.ernst or "", "tekst": regel.tekst,
            "actoren": SCHEIDING.join(regel.actoren), "omgevingsdiensten": SCHEIDING.join(regel.ods),
            "provincies": SCHEIDING.join(regel.provincies), "bron": regel.bron}


def naar_csv(regels: list[BevindingRegel]) -> bytes:
    """UTF-8 with BOM, so Excel opens it with the right characters."""
    uit = io.StringIO()
    schrijver = csv.DictWriter(uit, fieldnames=KOLOMMEN, lineterminator="\r\n")
    schrijver.writeheader()
    for regel in regels:
        rij = als_rij(regel)
        for kolom in ("tekst", "bron"):
            rij[kolom] = _met_formulebescherming(rij[kolom])
        schrijver.writerow(rij)
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def naar_xlsx(regels: list[BevindingRegel], *, titel: str, tax: Taxonomie) -> bytes:
    """One sheet 'Bevindingen' in the import layout, plus a sheet explaining the codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    boek = Workbook()
    blad = boek.active
    blad.title = "Bevindingen"
    blad.append(KOLOMMEN)
    for regel in regels:
        rij = als_rij(regel)
        blad.append([regel.nummer, *(rij[k] for k in KOLOMMEN[1:])])
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for rij in blad.iter_rows(min_row=2):
        for cel in rij:
            if isinstance(cel.value, str) and cel.value.startswith("="):
                cel.data_type = "s"  # text, never a formula
    blad.freeze_panes = "A2"
    blad.column_dimensions["E"].width = 80
    _codeblad(boek.create_sheet("Codes"), titel, tax)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _codeblad(blad, titel: str, tax: Taxonomie) -> None:
    blad.append([f"Bevindingen uit: {titel}"])
    blad.append(["Alleen het eerste tabblad wordt ingelezen. Codes per kolom:"])
    for kolom, lijst in (("type", "bevindingtypen"), ("thema", "themas"), ("ernst", "ernst"),
                         ("actoren", "actoren")):
        for code, naam in tax.keuzes(lijst):
            blad.append([kolom, code, naam])


def _met_formulebescherming(tekst: str) -> str:
    return "'" + tekst if tekst.startswith(FORMULE_TEKENS) else tekst


def _zonder_formulebescherming(tekst: str) -> str:
    if tekst.startswith("'") and tekst[1:].startswith(FORMULE_TEKENS):
        return tekst[1:]
    return tekst
