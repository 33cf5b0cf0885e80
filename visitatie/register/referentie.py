"""Reading and checking the reference data in `data/` (pure: files in, model objects out).

Refuses the whole set when anything is wrong: an unknown code, a bad date, a municipality in
two ODs on one day, or a day on which a municipality belongs to no OD.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from visitatie.importeren import Importlezer, Melding, weiger_bij_fouten
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst, Provincie
from visitatie.taal import cijfers

# The register describes the situation from this date on (see data/README.md).
REGISTER_START = date(2023, 1, 1)

BESTANDEN = {
    "provincies": ("provincies.csv", ["code", "naam"]),
    "gemeenten": ("gemeenten.csv", ["code", "naam", "provincie_code", "geldig_van", "geldig_tot"]),
    "ods": ("omgevingsdiensten.csv",
            ["code", "naam", "afkorting", "provincies", "seveso", "geldig_van", "geldig_tot",
             "opvolger", "bron"]),
    "deelnames": ("deelnames.csv",
                  ["od_code", "deelnemer_code", "geldig_van", "geldig_tot", "bron", "status",
                   "opmerking"]),
}


@dataclass
class Referentie:
    provincies: list[Provincie]
    gemeenten: list[Gemeente]
    ods: list[Omgevingsdienst]
    od_provincies: list[OdProvincie]
    deelnames: list[Deelname]


def lees_referentie(map_: Path) -> Referentie:
    """Read all four files; raise ImportFout with every problem, or return the checked data."""
    lezers = {naam: Importlezer(bestand) for naam, (bestand, _) in BESTANDEN.items()}
    provincies = _lees_provincies(map_, lezers["provincies"])
    gemeenten = _lees_gemeenten(map_, lezers["gemeenten"], provincies)
    ods, od_provincies = _lees_ods(map_, lezers["ods"], provincies)
    deelnames, rijnummers = _lees_deelnames(map_, lezers["deelnames"], gemeenten, provincies, ods)
    weiger_bij_fouten(list(lezers.values()))
    lezers["deelnames"].meldingen.extend(
        controleer_dekking(gemeenten, ods, od_provincies, deelnames, rijnummers))
    weiger_bij_fouten(list(lezers.values()))
    return Referentie(list(provincies.values()), list(gemeenten.values()), list(ods.values()),
                      od_provincies, deelnames)


def _rijen(map_: Path, lezer: Importlezer, sleutel: str):
    return lezer.rijen(map_ / BESTANDEN[sleutel][0], BESTANDEN[sleutel][1])


def _uniek(lezer: Importlezer, gezien: dict, rij, kolom: str, waarde: str) -> bool:
    if waarde in gezien:
        lezer.fout(rij.nummer, kolom, f"'{waarde}' komt twee keer voor")
        return False
    return True


def _lees_provincies(map_: Path, lezer: Importlezer) -> dict[str, Provincie]:
    provincies: dict[str, Provincie] = {}
    for rij in _rijen(map_, lezer, "provincies"):
        code, naam = lezer.tekst(rij, "code"), lezer.tekst(rij, "naam")
        if code and not (code.startswith("PV") and cijfers(code[2:])):
            lezer.fout(rij.nummer, "code", f"'{code}' is geen CBS-provinciecode (PVnn)")
        elif code and _uniek(lezer, provincies, rij, "code", code):
            provincies[code] = Provincie(code=code, naam=naam)
    return provincies


def _lees_gemeenten(map_: Path, lezer: Importlezer, provincies: dict) -> dict[str, Gemeente]:
    gemeenten: dict[str, Gemeente] = {}
    for rij in _rijen(map_, lezer, "gemeenten"):
        code = lezer.tekst(rij, "code")
        if code and not (code.startswith("GM") and len(code) == 6 and cijfers(code[2:])):
            lezer.fout(rij.nummer, "code", f"'{code}' is geen CBS-gemeentecode (GMnnnn)")
            continue
        gemeente = Gemeente(
            code=code, naam=lezer.tekst(rij, "naam"),
            provincie_code=lezer.code(rij, "provincie_code", provincies, "provincie"),
            geldig_van=lezer.datum(rij, "geldig_van", verplicht=False),
            geldig_tot=lezer.datum(rij, "geldig_tot", verplicht=False))
        _controleer_periode(lezer, rij, gemeente.geldig_van, gemeente.geldig_tot)
        if code and _uniek(lezer, gemeenten, rij, "code", code):
            gemeenten[code] = gemeente
    return gemeenten


def _lees_ods(map_: Path, lezer: Importlezer, provincies: dict):
    ods: dict[str, Omgevingsdienst] = {}
    koppelingen: list[OdProvincie] = []
    opvolgers: list[tuple] = []
    for rij in _rijen(map_, lezer, "ods"):
        code = lezer.tekst(rij, "code")
        od = Omgevingsdienst(
            code=code, naam=lezer.tekst(rij, "naam"), afkorting=lezer.tekst(rij, "afkorting"),
            seveso=lezer.ja_nee(rij, "seveso"), bron=lezer.tekst(rij, "bron", verplicht=False),
            geldig_van=lezer.datum(rij, "geldig_van", verplicht=False),
            geldig_tot=lezer.datum(rij, "geldig_tot", verplicht=False),
            opvolger_code=rij.waarden.get("opvolger") or None)
        _controleer_periode(lezer, rij, od.geldig_van, od.geldig_tot)
        for pv in filter(None, lezer.tekst(rij, "provincies").split(";")):
            if pv.strip() not in provincies:
                lezer.fout(rij.nummer, "provincies", f"onbekende provincie '{pv.strip()}'")
            koppelingen.append(OdProvincie(od_code=code, provincie_code=pv.strip()))
        if od.opvolger_code:
            opvolgers.append((rij, od.opvolger_code))
        if code and _uniek(lezer, ods, rij, "code", code):
            ods[code] = od
    for rij, opvolger in opvolgers:
        if opvolger not in ods:
            lezer.fout(rij.nummer, "opvolger", f"onbekende omgevingsdienst '{opvolger}'")
    # Successors first, so a predecessor's reference never points at a row not yet written.
    volgorde = sorted(ods.values(), key=lambda od: od.opvolger_code is not None)
    return {od.code: od for od in volgorde}, koppelingen


def _lees_deelnames(map_: Path, lezer: Importlezer, gemeenten: dict, provincies: dict, ods: dict):
    deelnames: list[Deelname] = []
    rijnummers: dict[int, int] = {}
    for rij in _rijen(map_, lezer, "deelnames"):
        code = lezer.tekst(rij, "deelnemer_code")
        soort = "provincie" if code.startswith("PV") else "gemeente"
        bekend = provincies if soort == "provincie" else gemeenten
        if code and code not in bekend:
            lezer.fout(rij.nummer, "deelnemer_code", f"onbekende {soort} '{code}'")
        deelname = Deelname(
            od_code=lezer.code(rij, "od_code", ods, "omgevingsdienst"), soort=soort,
            deelnemer_code=code, geldig_van=lezer.datum(rij, "geldig_van"),
            geldig_tot=lezer.datum(rij, "geldig_tot", verplicht=False),
            bron=lezer.tekst(rij, "bron"), status=lezer.tekst(rij, "status"))
        _controleer_periode(lezer, rij, deelname.geldig_van, deelname.geldig_tot)
        _controleer_binnen_od(lezer, rij, deelname, ods)
        rijnummers[id(deelname)] = rij.nummer
        deelnames.append(deelname)
    return deelnames, rijnummers


def _controleer_periode(lezer: Importlezer, rij, van: date | None, tot: date | None) -> None:
    if van and tot and tot < van:
        lezer.fout(rij.nummer, "geldig_tot", f"einddatum {tot} ligt voor begindatum {van}")


def _controleer_binnen_od(lezer: Importlezer, rij, deelname: Deelname, ods: dict) -> None:
    od = ods.get(deelname.od_code)
    if od is None or deelname.geldig_van is None:
        return
    if od.geldig_van and deelname.geldig_van < od.geldig_van:
        lezer.fout(rij.nummer, "geldig_van", f"{od.afkorting} bestaat pas vanaf {od.geldig_van}")
    if od.geldig_tot and (deelname.geldig_tot is None or deelname.geldig_tot > od.geldig_tot):
        lezer.fout(rij.nummer, "geldig_tot", f"{od.afkorting} bestaat maar tot {od.geldig_tot}")


def _geldig(obj, dag: date) -> bool:
    return (obj.geldig_van is None or obj.geldig_van <= dag) and (
        obj.geldig_tot is None or dag <= obj.geldig_tot)


def grensdata(objecten) -> list[date]:
    """Every day on which something starts or the day after it ends: the only days that can differ."""
    dagen = {REGISTER_START}
    for obj in objecten:
        if obj.geldig_van:
            dagen.add(obj.geldig_van)
        if obj.geldig_tot:
            dagen.add(obj.geldig_tot + timedelta(days=1))
    return sorted(d for d in dagen if d >= REGISTER_START)


def controleer_dekking(gemeenten: dict, ods: dict, od_provincies: list[OdProvincie],
                       deelnames: list[Deelname], rijnummers: dict[int, int]) -> list[Melding]:
    """Every municipality in exactly one OD and every OD with its province(s), on every day."""
    meldingen: list[Melding] = []
    dagen = grensdata([*gemeenten.values(), *ods.values(), *deelnames])
    for dag in dagen:
        meldingen += _dekking_gemeenten(dag, gemeenten, deelnames, rijnummers)
        meldingen += _dekking_provincies(dag, ods, od_provincies, deelnames)
    return _ontdubbel(meldingen)


def _dekking_gemeenten(dag, gemeenten, deelnames, rijnummers) -> list[Melding]:
    per_gemeente = defaultdict(list)
    for d in deelnames:
        if d.soort == "gemeente" and _geldig(d, dag):
            per_gemeente[d.deelnemer_code].append(d)
    meldingen = []
    for gemeente in gemeenten.values():
        if not _geldig(gemeente, dag):
            continue
        gevonden = per_gemeente.get(gemeente.code, [])
        if not gevonden:
            meldingen.append(Melding("deelnames.csv", None, "deelnemer_code",
                f"gemeente {gemeente.code} ({gemeente.naam}) hoort op {dag} bij geen omgevingsdienst"))
        elif len(gevonden) > 1:
            rijen = " en ".join(str(rijnummers[id(d)]) for d in gevonden)
            meldingen.append(Melding("deelnames.csv", rijnummers[id(gevonden[-1])], "od_code",
                f"gemeente {gemeente.code} ({gemeente.naam}) hoort op {dag} bij meer dan één "
                f"omgevingsdienst (rijen {rijen})"))
    return meldingen


def _dekking_provincies(dag, ods, od_provincies, deelnames) -> list[Melding]:
    aanwezig = {(d.od_code, d.deelnemer_code) for d in deelnames
                if d.soort == "provincie" and _geldig(d, dag)}
    return [Melding("deelnames.csv", None, "deelnemer_code",
                    f"provincie {k.provincie_code} neemt op {dag} niet deel aan {k.od_code}, "
                    "een omgevingsdienst op haar grondgebied")
            for k in od_provincies
            if _geldig(ods[k.od_code], dag) and (k.od_code, k.provincie_code) not in aanwezig]


def _ontdubbel(meldingen: list[Melding]) -> list[Melding]:
    """One message per problem, even when it shows on several boundary days."""
    gezien, uniek = set(), []
    for m in meldingen:
        sleutel = (m.rij, m.kolom, m.tekst.split(" op ")[0])
        if sleutel not in gezien:
            gezien.add(sleutel)
            uniek.append(m)
    return uniek
