"""Indicators on monitoring data: robustness, quality criteria, the policy cycle of the
participants (horizontal accountability) and the indicator observations per OD. Pure pandas
over snapshot tables; the rules themselves come from the data model's pure modules
(visitatie.monitoring.robuustheid, .beleidscyclus, .statistiek) so the report and the app
can never disagree.

Comparisons are with the national median and a peer group, never a ranking; groups smaller
than MINIMALE_GROEP are suppressed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from staat_van_vth.indicatoren import (
    MINIMALE_GROEP,
    Kerncijfer,
    ods_van_editie,
    onderdruk_kleine_groepen,
)
from visitatie.bekend_op import als_datum
from visitatie.monitoring import statistiek
from visitatie.monitoring.beleidscyclus import REGELS, Document, beoordeel_cyclus
from visitatie.monitoring.robuustheid import OORDEEL_TEKST, Kop, geldige_oordelen, oordeel_over_geheel
from visitatie.taal import getal

GROEP_INDICATOR = "werkprogramma"  # the peer groups follow the size of the work programme
BRON_MONITORING = "Monitoringgegevens Staat van VTH (opgave omgevingsdiensten, definitief)"
BRON_ROBUUSTHEID = "Robuustheidsbeoordelingen (bestuur omgevingsdienst; oordeel minister IenW)"
BRON_CYCLUS = "Beleidsdocumenten van gemeenten en provincies (VNG-modelverordening kwaliteit VTH)"


def _leeg(tabellen: dict | None, naam: str) -> bool:
    return tabellen is None or naam not in tabellen or tabellen[naam].empty


# --- robustness -------------------------------------------------------------------------

def laatste_robuustheid(robuustheid: pd.DataFrame, criteria: pd.DataFrame,
                        beoordelaar: str | None = "ministerie") -> pd.DataFrame:
    """Per OD its verdict (`geldig_oordeel`: the minister's latest, else the board's latest)
    with who made it and the overall judgement (robuust only when every criterion of its set is
    met); with `beoordelaar`, that party's latest assessment per OD (for the minister, whose
    assessment always prevails, the same as the verdict)."""
    kolommen = ["od_code", "beoordeling_id", "datum", "criteria_versie", "beoordelaar", "oordeel",
                "oordeel_tekst"]
    koppen = robuustheid.drop_duplicates("beoordeling_id")
    if beoordelaar is not None:
        koppen = koppen[koppen["beoordelaar"] == beoordelaar]
    gekozen = {b.beoordeling_id for b in geldige_oordelen(
        Kop(r.od_code, int(r.beoordeling_id), als_datum(r.datum), r.beoordelaar) for r in koppen.itertuples()
    ).values()}
    koppen = koppen[koppen["beoordeling_id"].isin(gekozen)]
    if koppen.empty:
        return pd.DataFrame(columns=kolommen)
    koppen = koppen.sort_values("od_code", kind="mergesort")
    aantal = criteria.groupby("versie").size().to_dict()
    resultaten = robuustheid.groupby("beoordeling_id")["resultaat"].agg(list).to_dict()
    koppen = koppen.assign(oordeel=[
        oordeel_over_geheel(resultaten[b], aantal.get(v, 0))
        for b, v in zip(koppen["beoordeling_id"], koppen["criteria_versie"], strict=True)])
    koppen["oordeel_tekst"] = koppen["oordeel"].map(OORDEEL_TEKST)
    return koppen[kolommen].reset_index(drop=True)


def robuustheid_per_criterium(robuustheid: pd.DataFrame, criteria: pd.DataFrame,
                              laatste: pd.DataFrame) -> pd.DataFrame:
    """Per criterion of the latest assessments: how many ODs meet, partly meet, do not meet."""
    rijen = robuustheid[robuustheid["beoordeling_id"].isin(laatste["beoordeling_id"])]
    telling = (rijen.groupby(["criteria_versie", "criterium_code", "resultaat"]).size()
               .unstack(fill_value=0))
    for kolom in ("voldoet", "voldoet_deels", "voldoet_niet", "onbekend"):
        if kolom not in telling.columns:
            telling[kolom] = 0
    tabel = (criteria.rename(columns={"versie": "criteria_versie", "code": "criterium_code"})
             .merge(telling.reset_index(), on=["criteria_versie", "criterium_code"], how="inner"))
    tabel = tabel.sort_values(["criteria_versie", "volgorde"], kind="mergesort", ignore_index=True)
    for kolom in ("voldoet", "voldoet_deels", "voldoet_niet", "onbekend"):
        tabel[kolom] = tabel[kolom].astype(int)
    return tabel[["criteria_versie", "criterium_code", "titel", "voldoet", "voldoet_deels",
                  "voldoet_niet", "onbekend"]]


def kerncijfers_robuustheid(tabellen: dict, vorige: dict | None) -> list[Kerncijfer]:
    def robuust(t: dict | None, beoordelaar: str = "ministerie") -> int | None:
        if _leeg(t, "robuustheid"):
            return None
        laatste = laatste_robuustheid(t["robuustheid"], t["robuustheidscriteria"], beoordelaar)
        if laatste.empty:
            return None  # nobody assessed yet: no data, not "0 robust"
        return int((laatste["oordeel"] == "robuust").sum())

    def beoordeeld(t: dict | None, beoordelaar: str = "ministerie") -> int | None:
        if _leeg(t, "robuustheid"):
            return None
        return len(laatste_robuustheid(t["robuustheid"], t["robuustheidscriteria"], beoordelaar))

    ods = len(ods_van_editie(tabellen))  # "robust: 3 of the edition's 28", assessed or not
    minister, bestuur = robuust(tabellen), robuust(tabellen, "bestuur_od")  # each once: slow

    return [
        Kerncijfer("robuust", "Robuuste omgevingsdiensten (oordeel minister)", minister,
                   "aantal", "Omgevingsdiensten die in de laatste beoordeling door de minister aan "
                   "alle robuustheidscriteria voldoen, van alle diensten op de peildatum (ook de niet "
                   "beoordeelde).", BRON_ROBUUSTHEID, robuust(vorige),
                   n=ods, teller=minister,
                   reden="de minister heeft vóór de peildatum nog geen dienst beoordeeld"),
        Kerncijfer("robuust_zelf", "Robuuste omgevingsdiensten (eigen oordeel bestuur)",
                   bestuur, "aantal",
                   "Omgevingsdiensten die in de laatste zelfbeoordeling door hun bestuur aan alle "
                   "robuustheidscriteria voldoen, van alle diensten op de peildatum (ook de niet "
                   "beoordeelde).", BRON_ROBUUSTHEID, robuust(vorige, "bestuur_od"),
                   n=ods, teller=bestuur,
                   reden="geen zelfbeoordeling vastgelegd vóór de peildatum"),
        Kerncijfer("robuustheid_beoordeeld", "Door de minister beoordeelde omgevingsdiensten",
                   beoordeeld(tabellen), "aantal", "Omgevingsdiensten met ten minste één "
                   "robuustheidsbeoordeling door de minister vóór de peildatum.", BRON_ROBUUSTHEID,
                   beoordeeld(vorige)),
    ]


# --- quality criteria -----------------------------------------------------------------

def laatste_kwaliteitstoets(toetsen: pd.DataFrame) -> pd.DataFrame:
    """Per OD its latest check against the quality criteria, with the share met in percent."""
    if toetsen.empty:
        return toetsen.assign(percentage=pd.Series(dtype=float))
    laatste = (toetsen.sort_values(["od_code", "datum"], kind="mergesort").groupby("od_code").tail(1)
               .reset_index(drop=True))
    laatste["percentage"] = (100 * laatste["aantal_voldaan"] / laatste["aantal_totaal"]).round(1)
    return laatste


def kwaliteit_per_versie(laatste: pd.DataFrame) -> pd.DataFrame:
    """Per criteria version: number of ODs and the median share met (suppressed below 5 ODs)."""
    tabel = (laatste.groupby("criteria_versie")
             .agg(ods=("od_code", "size"), mediaan=("percentage", "median")).reset_index())
    return onderdruk_kleine_groepen(tabel, "ods", ["mediaan"])


def kerncijfers_kwaliteit(tabellen: dict, vorige: dict | None) -> list[Kerncijfer]:
    def mediaan(t: dict | None) -> float | None:
        if _leeg(t, "kwaliteitstoetsen"):
            return None
        laatste = laatste_kwaliteitstoets(t["kwaliteitstoetsen"])
        return (statistiek.mediaan(laatste["percentage"]) if len(laatste) >= MINIMALE_GROEP
                else None)

    getoetst = (0 if _leeg(tabellen, "kwaliteitstoetsen")
                else len(laatste_kwaliteitstoets(tabellen["kwaliteitstoetsen"])))
    return [Kerncijfer(
        "kwaliteit_mediaan", "Kwaliteitscriteria gehaald (mediaan)", mediaan(tabellen), "%",
        "Het aandeel van de kwaliteitscriteria VTH waaraan een omgevingsdienst in haar laatste "
        "toets voldoet; de middelste waarde over de diensten.",
        "Kwaliteitscriteriatoetsen (zelfevaluatie of extern bureau)", mediaan(vorige),
        n=getoetst or None,
        reden=f"{getoetst} getoetste diensten, minder dan {MINIMALE_GROEP}" if getoetst
        else "geen toets vastgelegd vóór de peildatum")]


# --- horizontal accountability: the policy cycle per participant -----------------------

_datum = als_datum


def cycli(documenten: pd.DataFrame, deelnames: pd.DataFrame, jaar: int,
          peildatum: date) -> pd.DataFrame:
    """Per participant (municipality or province) of each OD the judgement of its policy cycle
    for `jaar`, with the pure rules of visitatie.monitoring.beleidscyclus."""
    per_deelnemer: dict[tuple[str, str], list[Document]] = {}
    for rij in documenten.itertuples(index=False):
        per_deelnemer.setdefault((rij.od_code, rij.deelnemer_code), []).append(
            Document(rij.soort, int(rij.jaar), _datum(rij.vastgesteld_op), _datum(rij.verzonden_op)))
    rijen = []
    for d in deelnames.sort_values(["od_code", "deelnemer_code"], kind="mergesort").itertuples():
        oordeel = beoordeel_cyclus(per_deelnemer.get((d.od_code, d.deelnemer_code), []), jaar,
                                   peildatum)
        rijen.append({"od_code": d.od_code, "deelnemer_code": d.deelnemer_code, "naam": d.naam,
                      "status": oordeel.status, "op_tijd": oordeel.status == "compleet" and oordeel.op_tijd,
                      **{f"doc_{u.soort}": u.status for u in oordeel.uitkomsten}})
    kolommen = ["od_code", "deelnemer_code", "naam", "status", "op_tijd",
                *[f"doc_{r.soort}" for r in REGELS]]
    return pd.DataFrame(rijen, columns=kolommen)


def cycli_per_od(cyclus: pd.DataFrame, ods: pd.DataFrame) -> pd.DataFrame:
    """Per OD: participants, complete cycles and complete-on-time cycles, with percentages;
    ODs with fewer than five participants get their figures suppressed."""
    telling = cyclus.groupby("od_code").agg(
        deelnemers=("deelnemer_code", "size"),
        compleet=("status", lambda s: int((s == "compleet").sum())),
        op_tijd=("op_tijd", lambda s: int(s.astype(bool).sum())))
    tabel = ods.set_index("code")[["naam", "afkorting"]].join(telling, how="inner")
    tabel["pct_compleet"] = (100 * tabel["compleet"] / tabel["deelnemers"]).round(1)
    tabel["pct_op_tijd"] = (100 * tabel["op_tijd"] / tabel["deelnemers"]).round(1)
    tabel = tabel.reset_index(names="od_code").sort_values("naam", kind="mergesort", ignore_index=True)
    return onderdruk_kleine_groepen(tabel, "deelnemers",
                                    ["compleet", "op_tijd", "pct_compleet", "pct_op_tijd"])


def cyclus_per_document(cyclus: pd.DataFrame) -> pd.DataFrame:
    """Nationally, per document kind: how many participants are in each status."""
    rijen = []
    for regel in REGELS:
        telling = cyclus[f"doc_{regel.soort}"].value_counts()
        rijen.append({"soort": regel.naam, **{s: int(telling.get(s, 0)) for s in (
            "op_tijd", "te_laat", "niet_verzonden", "niet_vastgesteld", "ontbreekt",
            "nog_niet_verschuldigd")}})
    return pd.DataFrame(rijen)


def cyclusjaar(peildatum: date) -> int:
    """The year whose cycle an edition judges: the latest year all of whose documents were
    due before the reference date (so a cycle is never judged while still running)."""
    jaar = peildatum.year
    while any(regel.deadline(jaar) >= peildatum for regel in REGELS):
        jaar -= 1
    return jaar


def kerncijfers_cyclus(tabellen: dict, peildatum: date, vorige: dict | None,
                       vorige_peildatum: date | None) -> list[Kerncijfer]:
    def telling(t: dict | None, d: date | None, veld: str) -> tuple[int, int] | None:
        """(participants whose cycle passes, participants), or None without documents."""
        if d is None or _leeg(t, "deelnames") or _leeg(t, "beleidsdocumenten"):
            return None
        jaar = cyclusjaar(d)
        if not (t["beleidsdocumenten"]["jaar"] == jaar).any():
            return None  # nothing recorded for that year: no data, not 0 %
        c = cycli(t["beleidsdocumenten"], t["deelnames"], jaar, d)
        if len(c) < MINIMALE_GROEP:
            return None
        geslaagd = (c["status"] == "compleet") if veld == "compleet" else c["op_tijd"].astype(bool)
        return int(geslaagd.sum()), len(c)

    def aandeel(t: dict | None, d: date | None, veld: str) -> float | None:
        stand = telling(t, d, veld)
        return round(100 * stand[0] / stand[1], 1) if stand else None

    def kerncijfer(code: str, naam: str, definitie: str, veld: str) -> Kerncijfer:
        stand = telling(tabellen, peildatum, veld)
        reeks = tuple((cyclusjaar(d), aandeel(tabellen, d, veld))
                      for d in (peildatum.replace(year=peildatum.year - k) for k in (2, 1, 0)))
        return Kerncijfer(code, naam, aandeel(tabellen, peildatum, veld), "%", definitie,
                          BRON_CYCLUS, aandeel(vorige, vorige_peildatum, veld),
                          teller=stand[0] if stand else None, n=stand[1] if stand else None,
                          reeks=reeks, reden=f"geen beleidsdocumenten over {jaar} vastgelegd")

    jaar = cyclusjaar(peildatum)
    return [
        kerncijfer("cyclus_compleet", f"Beleidscyclus {jaar} compleet",
                   f"Het aandeel deelnemers (gemeenten en provincies) met voor {jaar} een geldige "
                   "uitvoerings- en handhavingsstrategie, een uitvoeringsprogramma en een "
                   "jaarverslag, vastgesteld en aan raad of Staten verzonden.", "compleet"),
        kerncijfer("cyclus_op_tijd", f"Beleidscyclus {jaar} compleet en op tijd",
                   "Als hierboven, en elk document vastgesteld vóór zijn termijn (projectnormen).",
                   "op_tijd"),
    ]


# --- indicator observations per OD ----------------------------------------------------

WERKPROGRAMMA_NORM = 16.5  # mln euro, robustness criterion 1 (price level 2023)


def landelijke_mediaan(waarden: pd.Series, eenheid: str) -> float | None:
    """The national median; of a count the lower middle value, so never half a company."""
    waarden = waarden.dropna()
    if len(waarden) < MINIMALE_GROEP:
        return None
    return statistiek.mediaan(waarden, eenheid)


def kerncijfers_indicatoren(tabellen: dict) -> list[Kerncijfer]:
    """Per indicator the national median of the latest year with its series over every year
    of the snapshot, and the test of the work programme against its norm."""
    w, indicatoren = tabellen["waarnemingen"], tabellen["indicatoren"]
    jaren = sorted(int(j) for j in w["jaar"].unique())
    uit = [_werkprogramma_norm(w, jaren)]
    for ind in indicatoren.sort_values("code", kind="mergesort").itertuples():
        eigen = w[w["indicator_code"] == ind.code]
        reeks = tuple((j, landelijke_mediaan(eigen.loc[eigen["jaar"] == j, "waarde"], ind.eenheid))
                      for j in jaren)
        laatste = eigen[eigen["jaar"] == jaren[-1]] if jaren else eigen
        uit.append(Kerncijfer(
            f"indicator_{ind.code}", f"{ind.naam} (landelijke mediaan{f', {jaren[-1]}' if jaren else ''})",
            reeks[-1][1] if reeks else None, ind.eenheid, ind.definitie, ind.bron,
            n=len(laatste) or None, reeks=reeks,
            reden=f"minder dan {MINIMALE_GROEP} diensten met een opgave" if len(laatste) else
            "geen opgave van de omgevingsdiensten"))
    return uit


def _werkprogramma_norm(w: pd.DataFrame, jaren: list[int]) -> Kerncijfer:
    """The work programme of each OD in the latest year against robustness criterion 1, with
    the share that met it in every year of the snapshot."""
    def werk(jaar: int | None) -> pd.DataFrame:
        return w[(w["indicator_code"] == GROEP_INDICATOR) & (w["jaar"] == jaar)]

    def aandeel(jaar: int | None) -> float | None:
        deel = werk(jaar)
        return round(100 * float((deel["waarde"] >= WERKPROGRAMMA_NORM).mean()), 1) if len(deel) else None

    laatste = werk(jaren[-1] if jaren else None)
    return Kerncijfer(
        "werkprogramma_norm", f"Werkprogramma van ten minste {getal(WERKPROGRAMMA_NORM)} mln euro",
        aandeel(jaren[-1] if jaren else None), "%",
        "Het aandeel omgevingsdiensten waarvan het regionale werkprogramma de norm van "
        "robuustheidscriterium 1 haalt (ten minste 16,5 miljoen euro, prijspeil 2023).",
        BRON_MONITORING, n=len(laatste) or None,
        teller=int((laatste["waarde"] >= WERKPROGRAMMA_NORM).sum()),
        reeks=tuple((j, aandeel(j)) for j in jaren), reden="geen opgave van het werkprogramma")


def laatste_jaar(waarnemingen: pd.DataFrame) -> int | None:
    return int(waarnemingen["jaar"].max()) if not waarnemingen.empty else None


def vergelijking(waarnemingen: pd.DataFrame, jaar: int,
                eenheden: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per (indicator, OD) in `jaar`: the value, the national median, the OD's peer group and
    that group's median. Medians over fewer than five ODs are suppressed (None)."""
    jaardata = waarnemingen[waarnemingen["jaar"] == jaar]
    omvang = jaardata[jaardata["indicator_code"] == GROEP_INDICATOR].set_index("od_code")["waarde"]
    groepen = statistiek.vergelijkingsgroepen(omvang.to_dict()) if len(omvang) else {}
    grootte = {g: sum(1 for x in groepen.values() if x == g) for g in statistiek.GROEPEN}
    rijen = []
    for code, deel in jaardata.groupby("indicator_code", sort=True):
        waarden = dict(zip(deel["od_code"], deel["waarde"].astype(float), strict=True))
        eenheid = (eenheden or {}).get(code)
        landelijk = statistiek.mediaan(waarden.values(), eenheid) if len(waarden) >= MINIMALE_GROEP else None
        per_groep = statistiek.groepsmedianen(waarden, groepen, eenheid)
        for od_code, waarde in sorted(waarden.items()):
            groep = groepen.get(od_code)
            rijen.append({"indicator_code": code, "od_code": od_code, "jaar": jaar, "waarde": waarde,
                          "mediaan": landelijk, "groep": groep or "",
                          "groepsmediaan": per_groep[groep] if groep and grootte[groep] >= MINIMALE_GROEP
                          else None})
    return pd.DataFrame(rijen, columns=["indicator_code", "od_code", "jaar", "waarde", "mediaan",
                                        "groep", "groepsmediaan"])


def met_vorige_editie(huidig: pd.DataFrame, vorige_waarnemingen: pd.DataFrame | None) -> pd.DataFrame:
    """Add, per (indicator, OD), the latest value the previous edition reported."""
    uit = huidig.copy()
    if vorige_waarnemingen is None or vorige_waarnemingen.empty:
        uit["vorige"] = None
        return uit
    jaar = laatste_jaar(vorige_waarnemingen)
    oud = vorige_waarnemingen[vorige_waarnemingen["jaar"] == jaar].set_index(
        ["indicator_code", "od_code"])["waarde"].astype(float)
    uit["vorige"] = [oud.get((i, o)) for i, o in zip(uit["indicator_code"], uit["od_code"], strict=True)]
    return uit
