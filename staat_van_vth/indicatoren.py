"""Indicators: pure pandas on the snapshot's tables. Plain frames in, plain values out.

Key figures follow the Staat van Volksgezondheid en Zorg: the latest value, the trend against
the previous edition, a comparison (never a ranking), a definition and a source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from visitatie import taal
from visitatie.register import fusies

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
        """The series with its years and the change from first to last year; without a
        series the change against the previous edition. A change of a percentage is in
        procentpunt (`verschil_tekst`)."""
        metingen = [(jaar, w) for jaar, w in self.reeks if w is not None]
        eenheid = " %" if self.eenheid == "%" else ""
        if len(metingen) >= 2:
            verschil = verschil_tekst(metingen[-1][1] - metingen[0][1], self.eenheid)
            return (" → ".join(f"{taal.getal(w)}{eenheid}" for _j, w in metingen)
                    + f" ({metingen[0][0]}–{metingen[-1][0]}: {verschil})")
        if self.waarde is None:
            return "–"
        if self.vorige is None:
            return "alleen deze peildatum"
        verschil = round(self.waarde - self.vorige, 1)
        if verschil == 0:
            return "gelijk aan de vorige editie"
        if self.eenheid == "%":
            richting = "procentpunt hoger" if verschil > 0 else "procentpunt lager"
        else:
            richting = "meer" if verschil > 0 else "minder"
        return f"{_nl(abs(verschil))} {richting} dan in de vorige editie ({_nl(self.vorige)}{eenheid})"


def verschil_tekst(verschil: float | int, eenheid: str) -> str:
    """A difference as printed: signed, one decimal at most, and of percentages in
    procentpunt ("+10,7 procentpunt"), never in % (a change from 40 % to 50 % is 10 points,
    not 10 %)."""
    verschil = round(verschil, 1)
    if verschil == 0:
        return "gelijk"
    teken = "+" if verschil > 0 else "−"
    return f"{teken}{_nl(abs(verschil))}" + (" procentpunt" if eenheid == "%" else "")


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
    ods, deelnames = ods_van_editie(tabellen), tabellen["deelnames"]
    per_od = gemeenten_per_od(ods, deelnames, tabellen["od_provincies"])
    gemeenten = deelnames[deelnames["soort"] == "gemeente"]["deelnemer_code"].nunique()
    return {"ods": len(ods), "seveso": int(ods["seveso"].astype(bool).sum()),
            "gemeenten": int(gemeenten), "mediaan_gemeenten": mediaan(per_od["gemeenten"])}


def ods_op(register: pd.DataFrame | None, dag: date) -> int | None:
    """The number of ODs that existed on `dag`, from the register's validity dates (the
    series of the key figure "Omgevingsdiensten"); None without a register."""
    if register is None or register.empty:
        return None
    tekst = dag.isoformat()
    van, tot = register["geldig_van"].astype("str"), register["geldig_tot"].astype("str")
    begonnen = register["geldig_van"].isna() | (van <= tekst)
    bestaat = register["geldig_tot"].isna() | (tot >= tekst)
    return int((begonnen & bestaat).sum())


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


# --- the population of an edition ------------------------------------------------------
# One rule for every count, denominator, per-OD table and chart: an edition reports on the ODs
# that exist on its reference date. Rows of a service that merged before it are left out, except
# in these tables, which are about merged services on purpose (the code list of the open data,
# the mergers and the memberships that ended: chapters "Het stelsel" and the colophon say so),
# and except where a predecessor's rows are folded into its successor (below).
OVER_VOORGANGERS = frozenset({"omgevingsdiensten_register", "fusies", "beeindigde_deelnames"})


def ods_van_editie(tabellen: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The ODs of the edition: those that exist on its reference date."""
    return tabellen["omgevingsdiensten"]


def opvolgers(tabellen: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Per merged OD the OD of the edition it went into (following a chain of mergers:
    `visitatie.register.fusies.opvolgers`)."""
    register = tabellen.get("omgevingsdiensten_register")
    if register is None or register.empty:
        return {}
    return fusies.opvolgers(ods_van_editie(tabellen)["code"],
                            dict(zip(register["code"], register["opvolger_code"], strict=True)))


def populatie(tabellen: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The snapshot as the report counts it: every row about an OD is about an OD of the
    edition. The observations of the years before a merger and the visits of a cycle that
    started before it are folded into the successor (the chapters on profiles and visitations
    say so); every other row of a merged service is left out of the report (not of the open
    data, which publishes the snapshot as it is)."""
    bestaand = set(ods_van_editie(tabellen)["code"])
    naar = opvolgers(tabellen)
    samenvoegen = {"waarnemingen": lambda df: _waarnemingen_naar_opvolger(
                       df, naar, tabellen.get("indicatoren")),
                   "visitatiebezoeken": lambda df: _bezoeken_naar_opvolger(df, naar)}

    def over_editie(naam: str, df: pd.DataFrame) -> pd.DataFrame:
        if naam in OVER_VOORGANGERS or "od_code" not in df.columns:
            return df
        if naam in samenvoegen and naar:
            df = samenvoegen[naam](df)
        return df[df["od_code"].isin(bestaand)].reset_index(drop=True)

    return {naam: over_editie(naam, df) for naam, df in tabellen.items()}


def _voorgangers(naar: dict[str, str]) -> dict[str, set[str]]:
    uit: dict[str, set[str]] = {}
    for oud, nieuw in naar.items():
        uit.setdefault(nieuw, set()).add(oud)
    return uit


def _waarnemingen_naar_opvolger(df: pd.DataFrame, naar: dict[str, str],
                                indicatoren: pd.DataFrame | None) -> pd.DataFrame:
    """A year before the merger, the successor's value is the sum of its predecessors' (only
    for counts, money and fte; only when every predecessor reported and the successor did not)."""
    eenheid = {} if indicatoren is None else dict(zip(indicatoren["code"], indicatoren["eenheid"],
                                                      strict=True))
    voorgangers = _voorgangers(naar)
    eigen = set(zip(df["indicator_code"].tolist(), df["od_code"].tolist(), df["jaar"].tolist(),
                    strict=True))  # lists: iterating a pandas column goes element by element
    oud = df[df["od_code"].isin(naar)].assign(opvolger=lambda d: d["od_code"].map(naar))
    rijen = []
    for (indicator, opvolger, jaar), deel in oud.groupby(["indicator_code", "opvolger", "jaar"]):
        if (eenheid.get(indicator) == "%" or (indicator, opvolger, jaar) in eigen
                or set(deel["od_code"]) != voorgangers[opvolger]):
            continue
        rijen.append({**deel.iloc[0].drop("opvolger").to_dict(), "od_code": opvolger,
                      "waarde": deel["waarde"].sum()})
    return pd.concat([df, pd.DataFrame(rijen, columns=df.columns)], ignore_index=True) if rijen else df


def _bezoeken_naar_opvolger(df: pd.DataFrame, naar: dict[str, str]) -> pd.DataFrame:
    """In a cycle that started before a merger the successor counts as visited once every
    predecessor (and the successor itself, if in the cycle) was visited, on the last of those
    days; otherwise as planned on the last planned day, if any."""
    df = df.assign(od_code=df["od_code"].map(lambda c: naar.get(c, c)))
    rijen = []
    for (ronde_id, od_code), deel in df.groupby(["ronde_id", "od_code"], sort=False):
        bezocht = deel["bezocht_op"].notna().all()
        rijen.append({"ronde_id": ronde_id, "od_code": od_code,
                      "bezocht_op": deel["bezocht_op"].max() if bezocht else None,
                      "gepland": deel["gepland"].dropna().max() if deel["gepland"].notna().any()
                      else None})
    return pd.DataFrame(rijen, columns=df.columns)
