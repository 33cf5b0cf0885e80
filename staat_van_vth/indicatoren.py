"""Indicators: pure pandas on the snapshot's tables. Plain frames in, plain values out.

Key figures follow the Staat van Volksgezondheid en Zorg: the latest value, the trend against
the previous edition, a comparison (never a ranking), a definition and a source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from visitatie import taal

MINIMALE_GROEP = 5  # groups smaller than this are suppressed in comparisons


@dataclass(frozen=True)
class Kerncijfer:
    code: str
    naam: str
    waarde: float | int | None
    eenheid: str
    definitie: str
    bron: str
    vorige: float | int | None = None
    toelichting: str = ""
    extra: dict = field(default_factory=dict)
    n: int | None = None  # a percentage's base and count: "40 % (2 van 5)"
    teller: int | None = None
    reeks: tuple[tuple[int, float | None], ...] = ()  # (year, value) over the available years
    reden: str = "niet vastgelegd vóór de peildatum"  # why there is no value

    @property
    def waarde_tekst(self) -> str:
        """The value as printed: with its n ("40 % (2 van 5)", "0 van 29", "12.095 (n = 29)"),
        'geen gegevens (reason)' for none."""
        if self.waarde is None:
            return f"geen gegevens ({self.reden})"
        eenheid = {"aantal": "", "%": " %"}.get(self.eenheid, f" {self.eenheid}")
        tekst = taal.getal(self.waarde) + eenheid
        if self.n is None:
            return tekst
        if self.teller is None:
            return f"{tekst} (n = {taal.getal(self.n)})"
        if self.eenheid == "%":
            return f"{tekst} ({taal.getal(self.teller)} van {taal.getal(self.n)})"
        return f"{tekst} van {taal.getal(self.n)}"

    @property
    def bron_kort(self) -> str:
        """The source's first clause (no details in brackets), for the one-page overview."""
        return re.split(r"[;,(]", self.bron, maxsplit=1)[0].strip()

    @property
    def trend(self) -> str:
        metingen = [(jaar, w) for jaar, w in self.reeks if w is not None]
        if len(metingen) >= 2:
            eenheid = " %" if self.eenheid == "%" else ""
            return (" → ".join(f"{taal.getal(w)}{eenheid}" for _j, w in metingen)
                    + f" ({metingen[0][0]}–{metingen[-1][0]})")
        if self.waarde is None:
            return "–"
        if self.vorige is None:
            return "alleen deze peildatum"
        verschil = round(self.waarde - self.vorige, 1)
        if verschil == 0:
            return "gelijk aan de vorige editie"
        richting = "meer" if verschil > 0 else "minder"
        return f"{_nl(abs(verschil))} {richting} dan in de vorige editie ({_nl(self.vorige)})"


def _nl(getal: float | int) -> str:
    """A short number with a decimal comma (trend texts)."""
    return taal.getal(round(getal, 1))


def gemeenten_per_od(ods: pd.DataFrame, deelnames: pd.DataFrame,
                     od_provincies: pd.DataFrame) -> pd.DataFrame:
    """Per OD: number of participating municipalities and its province(s); alphabetical."""
    gemeenten = deelnames[deelnames["soort"] == "gemeente"]
    aantallen = gemeenten.groupby("od_code").size().rename("gemeenten")
    provincies = (od_provincies.sort_values("provincie").groupby("od_code")["provincie"]
                  .agg(", ".join).rename("provincies"))
    tabel = (ods.set_index("code")[["naam", "afkorting", "seveso"]]
             .join(aantallen).join(provincies).fillna({"gemeenten": 0}))
    tabel["gemeenten"] = tabel["gemeenten"].astype(int)
    return tabel.reset_index(names="od_code").sort_values("naam", kind="mergesort",
                                                            ignore_index=True)


def mediaan(reeks: pd.Series) -> float | None:
    reeks = reeks.dropna()
    return float(reeks.median()) if len(reeks) else None


def onderdruk_kleine_groepen(tabel: pd.DataFrame, aantal_kolom: str, waarde_kolommen: list[str],
                             minimum: int = MINIMALE_GROEP) -> pd.DataFrame:
    """Blank the values of groups with fewer than `minimum` members and mark them."""
    uit = tabel.copy()
    klein = uit[aantal_kolom] < minimum
    for kolom in waarde_kolommen:
        uit[kolom] = uit[kolom].astype("object").where(~klein, None)
    uit["onderdrukt"] = klein
    return uit


def stelsel_in_cijfers(tabellen: dict[str, pd.DataFrame],
                       vorige: dict[str, pd.DataFrame] | None = None) -> list[Kerncijfer]:
    """The system in figures: ODs, Seveso-ODs, participants."""
    huidig = _tellingen(tabellen)
    oud = _tellingen(vorige) if vorige else {}
    bron = "Register van Staat van VTH (gemeenschappelijke regelingen; CBS-gemeentelijst)"
    return [
        Kerncijfer("ods", "Omgevingsdiensten", huidig["ods"], "aantal",
                   "Omgevingsdiensten die op de peildatum bestaan.", bron, oud.get("ods")),
        Kerncijfer("seveso", "Seveso-omgevingsdiensten", huidig["seveso"], "aantal",
                   "Omgevingsdiensten die ook toezicht houden op Seveso-bedrijven in andere "
                   "regio's.", "vnci.nl", oud.get("seveso")),
        Kerncijfer("gemeenten", "Deelnemende gemeenten", huidig["gemeenten"], "aantal",
                   "Gemeenten die op de peildatum deelnemen aan een omgevingsdienst.", bron,
                   oud.get("gemeenten")),
        Kerncijfer("mediaan_gemeenten", "Gemeenten per omgevingsdienst (mediaan)",
                   huidig["mediaan_gemeenten"], "aantal",
                   "De middelste waarde van het aantal deelnemende gemeenten per dienst.", bron,
                   oud.get("mediaan_gemeenten")),
    ]


def _tellingen(tabellen: dict[str, pd.DataFrame]) -> dict:
    ods, deelnames = tabellen["omgevingsdiensten"], tabellen["deelnames"]
    per_od = gemeenten_per_od(ods, deelnames, tabellen["od_provincies"])
    gemeenten = deelnames[deelnames["soort"] == "gemeente"]["deelnemer_code"].nunique()
    return {"ods": len(ods), "seveso": int(ods["seveso"].astype(bool).sum()),
            "gemeenten": int(gemeenten), "mediaan_gemeenten": mediaan(per_od["gemeenten"])}


def fusies_sinds(tabel: pd.DataFrame | None, sinds: date) -> list[dict]:
    """The mergers that took effect after `sinds` (the previous edition's reference date), one
    per successor: its name, the day it started and the ODs that went into it."""
    if tabel is None or tabel.empty:
        return []
    vanaf = pd.to_datetime(tabel["opvolger_vanaf"]).dt.date
    recent = tabel[vanaf > sinds]
    return [{"opvolger": naam, "vanaf": pd.to_datetime(groep["opvolger_vanaf"].iloc[0]).date(),
             "voorgangers": list(groep["naam"])}
            for naam, groep in recent.groupby("opvolger_naam", sort=False)]
