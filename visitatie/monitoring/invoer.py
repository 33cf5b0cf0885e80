"""Reading an observations file (CSV or XLSX, one layout) into checked rows. Pure: the known
ODs, municipalities, indicators and existing observations come in as plain values; every
problem is collected with its row and column, and the file is refused as a whole.

Layout (header row, then one observation per row):
    od, gemeente, indicator, jaar, waarde, eenheid, status, kwaliteit, toelichting
`gemeente` empty = the OD as a whole; `kwaliteit` empty = goed; decimals with . or ,."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from visitatie.importeren import Importlezer, Rij, weiger_bij_fouten
from visitatie.monitoring.models import KWALITEIT, STATUSSEN
from visitatie.taal import cijfers

KOLOMMEN = ["od", "gemeente", "indicator", "jaar", "waarde", "eenheid", "status", "kwaliteit",
            "toelichting"]
Sleutel = tuple[str, str, str, int]  # indicator, od, gemeente ("" for the OD), jaar


@dataclass(frozen=True)
class IndicatorRegel:
    eenheid: str
    minimum: float
    maximum: float
    niveaus: frozenset[str]


@dataclass(frozen=True)
class Geldigheid:
    van: date | None
    tot: date | None

    def bestaat_in(self, jaar: int) -> bool:
        return (self.van is None or self.van.year <= jaar) and (self.tot is None or self.tot.year >= jaar)


@dataclass(frozen=True)
class GelezenWaarneming:
    rij: int
    sleutel: Sleutel
    waarde: float
    status: str
    kwaliteit: str
    toelichting: str


def lees_waarnemingen(path: Path, *, bestandsnaam: str, ods: dict[str, Geldigheid],
                      gemeenten: set[str], indicatoren: dict[str, IndicatorRegel],
                      bestaand: dict[Sleutel, float], corrigeren: bool,
                      eigen_od: str | None = None) -> list[GelezenWaarneming]:
    """All rows, checked; raise ImportFout with every problem. With `corrigeren` a row that
    matches an existing observation is a correction, otherwise it is refused as a duplicate.

    `eigen_od` set (an OD employee submits): only that OD's rows, and only provisional ones;
    the programme office makes figures final."""
    lezer = Importlezer(bestandsnaam)
    gezien: dict[Sleutel, int] = {}
    uit: list[GelezenWaarneming] = []
    for rij in lezer.rijen(path, KOLOMMEN):
        gelezen = _lees_rij(lezer, rij, ods, gemeenten, indicatoren)
        if gelezen is None or not _mag_aanleveren(lezer, rij, gelezen, eigen_od):
            continue
        if gelezen.sleutel in gezien:
            lezer.fout(rij.nummer, "jaar", f"dubbele waarneming: dezelfde indicator, dienst, gemeente "
                                           f"en jaar staan ook in rij {gezien[gelezen.sleutel]}")
            continue
        gezien[gelezen.sleutel] = rij.nummer
        if gelezen.sleutel in bestaand and not corrigeren:
            lezer.fout(rij.nummer, "waarde", f"dubbele waarneming: bestaat al (waarde "
                                             f"{_getal(bestaand[gelezen.sleutel])}); lever een "
                                             f"wijziging aan als correctie met een reden")
            continue
        uit.append(gelezen)
    if not uit and not lezer.meldingen:
        lezer.fout(None, None, "het bestand bevat geen waarnemingen")
    weiger_bij_fouten([lezer])
    return uit


def _mag_aanleveren(lezer: Importlezer, rij: Rij, gelezen: GelezenWaarneming, eigen_od: str | None) -> bool:
    if eigen_od is None:
        return True
    if gelezen.sleutel[1] != eigen_od:
        lezer.fout(rij.nummer, "od", f"u mag alleen cijfers van uw eigen omgevingsdienst ('{eigen_od}') "
                                     f"aanleveren")
        return False
    if gelezen.status != "voorlopig":
        lezer.fout(rij.nummer, "status", "een omgevingsdienst levert cijfers aan als 'voorlopig'; "
                                         "het programmabureau stelt ze definitief vast")
        return False
    return True


def _lees_rij(lezer: Importlezer, rij: Rij, ods: dict[str, Geldigheid], gemeenten: set[str],
              indicatoren: dict[str, IndicatorRegel]) -> GelezenWaarneming | None:
    voor = len(lezer.meldingen)
    od = lezer.code(rij, "od", ods, "omgevingsdienst")
    indicator = lezer.code(rij, "indicator", indicatoren, "indicator")
    gemeente = lezer.tekst(rij, "gemeente", verplicht=False)
    jaar = _jaar(lezer, rij)
    waarde = _waarde(lezer, rij)
    eenheid = lezer.tekst(rij, "eenheid")
    status = lezer.tekst(rij, "status").lower()
    kwaliteit = (lezer.tekst(rij, "kwaliteit", verplicht=False) or "goed").lower()
    if status and status not in STATUSSEN:
        lezer.fout(rij.nummer, "status", f"'{status}' is geen status (voorlopig of definitief)")
    if kwaliteit not in KWALITEIT:
        lezer.fout(rij.nummer, "kwaliteit", f"'{kwaliteit}' is geen kwaliteit ({', '.join(KWALITEIT)})")
    if gemeente and gemeente not in gemeenten:
        lezer.fout(rij.nummer, "gemeente", f"onbekende gemeente '{gemeente}'")
    if od in ods and jaar is not None and not ods[od].bestaat_in(jaar):
        lezer.fout(rij.nummer, "jaar", f"omgevingsdienst '{od}' bestond niet in {jaar}")
    regel = indicatoren.get(indicator)
    if regel:
        _controleer_tegen_definitie(lezer, rij, indicator, regel, eenheid, waarde, gemeente)
    if len(lezer.meldingen) > voor or jaar is None or waarde is None:
        return None
    return GelezenWaarneming(rij.nummer, (indicator, od, gemeente, jaar), waarde, status, kwaliteit,
                             lezer.tekst(rij, "toelichting", verplicht=False))


def _controleer_tegen_definitie(lezer: Importlezer, rij: Rij, code: str, regel: IndicatorRegel,
                                eenheid: str, waarde: float | None, gemeente: str) -> None:
    if eenheid and eenheid != regel.eenheid:
        lezer.fout(rij.nummer, "eenheid", f"verkeerde eenheid '{eenheid}' voor indicator '{code}' "
                                          f"(verwacht '{regel.eenheid}')")
    if waarde is not None and not regel.minimum <= waarde <= regel.maximum:
        lezer.fout(rij.nummer, "waarde", f"waarde {_getal(waarde)} buiten het bereik "
                                         f"{_getal(regel.minimum)} tot en met {_getal(regel.maximum)} "
                                         f"voor indicator '{code}'")
    if gemeente and "gemeente" not in regel.niveaus:
        lezer.fout(rij.nummer, "gemeente", f"indicator '{code}' kent geen waarden per gemeente")


def _jaar(lezer: Importlezer, rij: Rij) -> int | None:
    tekst = lezer.tekst(rij, "jaar")
    if tekst and not (cijfers(tekst) and 2000 <= int(tekst) <= 2100):
        lezer.fout(rij.nummer, "jaar", f"'{tekst}' is geen jaartal")
        return None
    return int(tekst) if tekst else None


def _waarde(lezer: Importlezer, rij: Rij) -> float | None:
    tekst = lezer.tekst(rij, "waarde")
    if not tekst:
        return None
    if "," in tekst and "." not in tekst:
        tekst = tekst.replace(",", ".")  # Dutch spreadsheets write decimal commas
    try:
        waarde = float(tekst)
    except ValueError:
        waarde = math.nan
    if not math.isfinite(waarde):
        lezer.fout(rij.nummer, "waarde", f"'{tekst}' is geen getal")
        return None
    return waarde


def _getal(waarde: float) -> str:
    return f"{waarde:g}" if waarde != int(waarde) else str(int(waarde))
