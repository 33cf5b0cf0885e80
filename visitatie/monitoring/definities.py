"""Reading the versioned configuration: robustness criteria (JSON) and indicator definitions
(CSV). Pure: files in, model objects out; any problem refuses the whole set."""

from __future__ import annotations

import json
from pathlib import Path

from visitatie.importeren import ImportFout, Importlezer, Melding, weiger_bij_fouten
from visitatie.monitoring.models import Indicator, RobuustheidsCriterium

CRITERIA_BESTAND = "robuustheidscriteria.json"
INDICATOREN_BESTAND = "indicatoren.csv"
INDICATOR_KOLOMMEN = ["code", "naam", "definitie", "eenheid", "bron", "richting", "aggregatieniveaus",
                      "vergelijkbaarheid", "minimum", "maximum", "versie"]
NIVEAUS = {"od", "gemeente"}


def lees_criteria(map_: Path) -> list[RobuustheidsCriterium]:
    try:
        data = json.loads((map_ / CRITERIA_BESTAND).read_text(encoding="utf-8"))
        uit = []
        for versie, inhoud in data["versies"].items():
            for volgorde, c in enumerate(inhoud["criteria"], start=1):
                uit.append(RobuustheidsCriterium(
                    versie=versie, code=c["code"], volgorde=volgorde, titel=c["titel"],
                    omschrijving=c.get("omschrijving", ""), perspectief=c.get("perspectief", ""),
                    bron=inhoud.get("bron", "")[:300]))
    except (OSError, ValueError, KeyError, TypeError) as fout:
        raise ImportFout([Melding(CRITERIA_BESTAND, None, None, f"onleesbaar: {fout}")]) from fout
    return uit


def lees_indicatoren(map_: Path) -> list[Indicator]:
    lezer = Importlezer(INDICATOREN_BESTAND)
    uit: dict[str, Indicator] = {}
    for rij in lezer.rijen(map_ / INDICATOREN_BESTAND, INDICATOR_KOLOMMEN):
        waarden = {k: lezer.tekst(rij, k) for k in INDICATOR_KOLOMMEN}
        niveaus = set(waarden["aggregatieniveaus"].split(";"))
        if not niveaus <= NIVEAUS or "od" not in niveaus:
            lezer.fout(rij.nummer, "aggregatieniveaus", "gebruik 'od' of 'od;gemeente'")
        try:
            minimum, maximum = float(waarden["minimum"]), float(waarden["maximum"])
        except ValueError:
            lezer.fout(rij.nummer, "maximum", "minimum en maximum moeten getallen zijn")
            continue
        if waarden["code"] in uit:
            lezer.fout(rij.nummer, "code", f"'{waarden['code']}' komt twee keer voor")
        waarden.update(minimum=minimum, maximum=maximum)
        uit[waarden["code"]] = Indicator(**waarden)
    weiger_bij_fouten([lezer])
    return list(uit.values())
