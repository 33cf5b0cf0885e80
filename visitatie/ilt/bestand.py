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

from dataclasses import dataclass
from pathlib import Path

from visitatie import tabelexport
from visitatie.importeren import Importlezer, Rij, weiger_bij_fouten
from visitatie.taal import cijfers
from visitatie.taxonomie import Taxonomie

KOLOMMEN = ["nummer", "type", "thema", "ernst", "tekst", "actoren", "omgevingsdiensten",
            "provincies", "bron"]
SCHEIDING = ";"
# Spreadsheet programs run cells starting with these as formulas; CSV export neutralises them.


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
    lezer = Importlezer(bestandsnaam)
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


def _lees_rij(lezer: Importlezer, rij: Rij, tax: Taxonomie, od_codes: set[str],
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


def _nummer(lezer: Importlezer, rij: Rij) -> int | None:
    waarde = lezer.tekst(rij, "nummer")
    if not waarde:
        return None
    if not cijfers(waarde) or int(waarde) < 1:
        lezer.fout(rij.nummer, "nummer", f"'{waarde}' is geen geheel getal groter dan 0")
        return None
    return int(waarde)


def _ernst(lezer: Importlezer, rij: Rij, tax: Taxonomie) -> str | None:
    waarde = lezer.tekst(rij, "ernst", verplicht=False).lower()
    if waarde and waarde not in tax.codes("ernst"):
        lezer.fout(rij.nummer, "ernst",
                   f"onbekende ernst '{waarde}'; kies uit {', '.join(tax.codes('ernst'))} of laat leeg")
    return waarde or None


def _lijst(lezer: Importlezer, rij: Rij, kolom: str, bekend: set[str], soort: str,
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
    """Dutch Excel's CSV (semicolons, UTF-8 with BOM), formulas neutralised (visitatie.tabelexport)."""
    return tabelexport.als_csv(KOLOMMEN, ([als_rij(r)[k] for k in KOLOMMEN] for r in regels))


def naar_xlsx(regels: list[BevindingRegel], *, titel: str, tax: Taxonomie,
              registercodes: list[tuple[str, str, str]] = ()) -> bytes:
    """One sheet 'Bevindingen' in the import layout, plus a sheet explaining the codes: the
    taxonomy's and `registercodes` (column, code, name: the ODs and provinces the import knows)."""
    bevindingen = tabelexport.Blad("Bevindingen", KOLOMMEN,
                               ([r.nummer, *(als_rij(r)[k] for k in KOLOMMEN[1:])] for r in regels),
                               breedtes=(10, 16, 22, 10, 80))
    return tabelexport.als_xlsx(bevindingen, tabelexport.Blad("Codes", [f"Bevindingen uit: {titel}"],
                                                      _coderegels(tax) + [list(r) for r in registercodes],
                                                      tabel=False))


def _coderegels(tax: Taxonomie) -> list[list[str]]:
    regels = [["Alleen het eerste tabblad wordt ingelezen. Codes per kolom:"]]
    for kolom, lijst in (("type", "bevindingtypen"), ("thema", "themas"), ("ernst", "ernst"),
                         ("actoren", "actoren")):
        regels += [[kolom, code, naam] for code, naam in tax.keuzes(lijst)]
    return regels


def _zonder_formulebescherming(tekst: str) -> str:
    if tekst.startswith("'") and tekst[1:].startswith(tabelexport.FORMULE_TEKENS):
        return tekst[1:]
    return tekst
