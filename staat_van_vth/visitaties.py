"""Indicators on visitations: coverage of each cycle (which ODs were visited, before the
deadline, which are planned, which not yet) from the planning; and from the published reports
only: strong points and recommendations per theme, the state of the improvement plans, and the
calibration of self-evaluation against the committee (a distribution, never a ranking; answers
are compared across questionnaire versions only where their lineage matches). Pure pandas over
snapshot tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import pandas as pd

from staat_van_vth.ilt import termen
from staat_van_vth.indicatoren import Kerncijfer, onderdruk_kleine_groepen
from staat_van_vth.render import datum_nl
from visitatie.bekend_op import als_datum
from visitatie.visitaties.stand import STAND_NAMEN, stand_uit_dagen

BRON = "Visitatieplanning Staat van VTH (rondes, gehouden en geplande bezoeken)"
BRON_RAPPORTEN = ("Gepubliceerde visitatierapporten (oordeel van de commissie) en de "
                  "verbeterplannen van de omgevingsdiensten")
AFGEHANDELD = ("gereed", "vervallen")
RICHTINGEN = ("hoger", "gelijk", "lager")  # the committee's level against the self-judgement


def dekking(rondes: pd.DataFrame, bezoeken: pd.DataFrame) -> pd.DataFrame:
    """Per cycle: ODs in it, visited, visited on or before the deadline, planned, not planned."""
    rijen = []
    for ronde in rondes.sort_values(["start", "ronde_id"], kind="mergesort").itertuples():
        deel = bezoeken[bezoeken["ronde_id"] == ronde.ronde_id]
        bezocht = deel["bezocht_op"].notna()
        op_tijd = bezocht & (deel["bezocht_op"].astype("str") <= str(ronde.deadline))
        gepland = ~bezocht & deel["gepland"].notna()
        rijen.append({"ronde": ronde.naam, "start": ronde.start, "deadline": ronde.deadline,
                      "ods": len(deel), "bezocht": int(bezocht.sum()), "voor_deadline": int(op_tijd.sum()),
                      "gepland": int(gepland.sum()), "niet_gepland": int((~bezocht & ~gepland).sum()),
                      "pct_bezocht": round(100 * float(bezocht.mean()), 1) if len(deel) else None})
    return pd.DataFrame(rijen, columns=["ronde", "start", "deadline", "ods", "bezocht", "voor_deadline",
                                        "gepland", "niet_gepland", "pct_bezocht"])


def bezoekdag(rij) -> date | None:
    """The day one row of `visitatiebezoeken` says the OD was visited, or None."""
    return date.fromisoformat(str(rij.bezocht_op)[:10]) if pd.notna(rij.bezocht_op) else None


def bezocht_in_laatste_ronde(rondes: pd.DataFrame, bezoeken: pd.DataFrame) -> dict[str, date]:
    """Per OD the day it was visited in the latest started cycle: what the Staat's "Stand per
    omgevingsdienst" says, read by the council summaries too."""
    laatste = laatste_ronde(rondes)
    if laatste is None:
        return {}
    deel = bezoeken[bezoeken["ronde_id"] == laatste["ronde_id"]]
    return {r.od_code: bezoekdag(r) for r in deel.itertuples() if bezoekdag(r) is not None}


def stand_per_od(bezoeken: pd.DataFrame, ronde_id: int) -> pd.DataFrame:
    """Per OD in one cycle: visited on, or planned for, or not yet planned: the stand of
    `visitatie.visitaties.stand` (the app's pages say the same), in its words, with the day."""
    deel = bezoeken[bezoeken["ronde_id"] == ronde_id]

    def stand(rij) -> str:
        soort = stand_uit_dagen(rij.bezocht_op, rij.gepland)
        dag = {"bezocht": rij.bezocht_op, "gepland": rij.gepland}.get(soort)
        woord = STAND_NAMEN[soort].lower()
        return f"{woord} ({datum_nl(als_datum(dag))})" if dag is not None else woord

    return pd.DataFrame({"od_code": deel["od_code"], "stand": [stand(r) for r in deel.itertuples()]})


def laatste_ronde(rondes: pd.DataFrame) -> pd.Series | None:
    if rondes.empty:
        return None
    return rondes.sort_values(["start", "ronde_id"], kind="mergesort").iloc[-1]


def kerncijfers_visitaties(tabellen: dict, vorige: dict | None, peildatum: date) -> list[Kerncijfer]:
    def aandeel(t: dict | None) -> float | None:
        if t is None or "visitatierondes" not in t or t["visitatierondes"].empty:
            return None
        tabel = dekking(t["visitatierondes"], t["visitatiebezoeken"])
        return tabel["pct_bezocht"].iloc[-1]

    def telling(t: dict) -> dict:
        if t["visitatierondes"].empty:
            return {}
        rij = dekking(t["visitatierondes"], t["visitatiebezoeken"]).iloc[-1]
        return {"teller": int(rij["bezocht"]), "n": int(rij["ods"])}

    return [Kerncijfer(
        "visitatie_dekking", "Omgevingsdiensten bezocht in de lopende ronde", aandeel(tabellen), "%",
        f"Het aandeel omgevingsdiensten in de laatst begonnen visitatieronde dat vóór "
        f"{datum_nl(peildatum)} is bezocht.", BRON, aandeel(vorige), **telling(tabellen),
        reden="nog geen visitatieronde begonnen")]


# --- published reports ----------------------------------------------------------------

def laatste_rapporten(rapporten: pd.DataFrame) -> pd.DataFrame:
    """Per OD its latest published visitation report (by publication date, then cycle)."""
    geordend = rapporten.sort_values(["gepubliceerd_op", "ronde_id"], kind="mergesort")
    return geordend.drop_duplicates("od_code", keep="last").sort_values("od_code", kind="mergesort",
                                                                         ignore_index=True)


def _van_laatste(tabel: pd.DataFrame, laatste: pd.DataFrame) -> pd.DataFrame:
    """The rows of `tabel` that belong to each OD's latest published report."""
    return tabel.merge(laatste[["ronde_id", "od_code"]], on=["ronde_id", "od_code"], how="inner")


def punten_per_thema(bevindingen: pd.DataFrame, laatste: pd.DataFrame,
                     taxonomie: pd.DataFrame) -> pd.DataFrame:
    """Themes (taxonomy order) x finding types, counted over each OD's latest published report,
    with the number of ODs that received a recommendation on the theme."""
    deel = _van_laatste(bevindingen, laatste)
    kolommen = ["thema", *[t for t, _ in termen(taxonomie, "bevindingtypen")], "totaal", "ods_aanbeveling"]
    rijen = []
    for code, naam in termen(taxonomie, "themas"):
        thema = deel[deel["thema"] == code]
        if thema.empty:
            continue
        telling = thema["type"].value_counts()
        rij = {"thema": naam, **{t: int(telling.get(t, 0)) for t in kolommen[1:-2]},
               "totaal": len(thema),
               "ods_aanbeveling": thema.loc[thema["type"] == "aanbeveling", "od_code"].nunique()}
        rijen.append(rij)
    tabel = pd.DataFrame(rijen, columns=kolommen)
    leeg = [t for t in kolommen[1:-2] if not tabel[t].sum()]
    return tabel.drop(columns=leeg)


def themas_met(bevindingen: pd.DataFrame, soort: str, taxonomie: pd.DataFrame) -> list[str]:
    """Names of the themes (taxonomy order) with at least one finding of this kind."""
    aanwezig = set(bevindingen.loc[bevindingen["type"] == soort, "thema"])
    return [naam for code, naam in termen(taxonomie, "themas") if code in aanwezig]


def verbeterplannen(acties: pd.DataFrame, laatste: pd.DataFrame, peildatum: date) -> pd.DataFrame:
    """Per OD with a published report: the actions of that report's improvement plan, how many
    are done (gereed or vervallen), and how many are overdue on the reference date."""
    deel = _van_laatste(acties, laatste)
    gedaan = deel["status"].isin(AFGEHANDELD)
    te_laat = ~gedaan & deel["deadline"].notna() & (deel["deadline"].astype("str") < peildatum.isoformat())
    telling = pd.DataFrame({"od_code": deel["od_code"], "acties": 1, "gereed": gedaan.astype(int),
                            "te_laat": te_laat.astype(int)}).groupby("od_code").sum()
    tabel = laatste[["od_code", "ronde_id", "gepubliceerd_op"]].set_index("od_code").join(telling)
    tabel[["acties", "gereed", "te_laat"]] = tabel[["acties", "gereed", "te_laat"]].fillna(0).astype(int)
    return tabel.reset_index()


def kerncijfers_rapporten(tabellen: dict, vorige: dict | None, peildatum: date,
                          vorige_peildatum: date | None) -> list[Kerncijfer]:
    def cijfers(t: dict | None, peil: date | None) -> dict:
        if t is None or "visitatierapporten" not in t or peil is None:
            return {}
        laatste = laatste_rapporten(t["visitatierapporten"])
        plannen = verbeterplannen(t["verbeteracties"], laatste, peil)
        acties = int(plannen["acties"].sum())
        return {"rapporten": len(laatste), "te_laat": int(plannen["te_laat"].sum()),
                "pct_gereed": round(100 * plannen["gereed"].sum() / acties, 1) if acties else None,
                "gereed": int(plannen["gereed"].sum()), "acties": acties}

    nu, oud = cijfers(tabellen, peildatum), cijfers(vorige, vorige_peildatum)
    return [
        Kerncijfer("visitatie_rapporten", "Omgevingsdiensten met een gepubliceerd visitatierapport",
                   nu.get("rapporten"), "aantal",
                   f"Omgevingsdiensten waarvan uiterlijk op {datum_nl(peildatum)} een "
                   "visitatierapport is gepubliceerd.", BRON_RAPPORTEN, oud.get("rapporten")),
        Kerncijfer("verbeteracties_gereed", "Verbeteracties gereed", nu.get("pct_gereed"), "%",
                   "Het aandeel acties in het verbeterplan bij het laatste gepubliceerde rapport van "
                   "elke dienst dat gereed of vervallen is (stand bij het maken van de snapshot).",
                   BRON_RAPPORTEN, oud.get("pct_gereed"), n=nu.get("acties"), teller=nu.get("gereed"),
                   reden="nog geen verbeterplan bij een gepubliceerd rapport"),
        Kerncijfer("verbeteracties_te_laat", "Verbeteracties over de termijn", nu.get("te_laat"),
                   "aantal", f"Acties uit die verbeterplannen die op {datum_nl(peildatum)} nog niet "
                   "gereed zijn terwijl hun termijn is verstreken.", BRON_RAPPORTEN, oud.get("te_laat")),
    ]


# --- calibration and lineage ------------------------------------------------------------

def _lijst_versie(sleutel: str) -> tuple[str, int]:
    code, versie = sleutel.split("@")
    return code, int(versie)


def vergelijkbaar(herkomst: pd.DataFrame, oud: tuple[str, str], nieuw: tuple[str, str]) -> bool:
    """Whether an answer to question `oud` = (list@version, code) may be compared with one to
    `nieuw`: follow the recorded lineage back from `nieuw`, version by version. A new, split or
    otherwise reworded-incompatible question has no recorded predecessor and breaks the chain."""
    (lijst_oud, versie_oud), vraag_oud = _lijst_versie(oud[0]), oud[1]
    (lijst, versie), vraag = _lijst_versie(nieuw[0]), nieuw[1]
    stappen = herkomst[herkomst["vragenlijst"] == lijst].set_index(["nieuwe_versie", "nieuwe_vraag"])
    while lijst == lijst_oud and versie > versie_oud:
        if (versie, vraag) not in stappen.index:
            return False
        stap = stappen.loc[(versie, vraag)]
        versie, vraag = int(stap["oude_versie"]), stap["oude_vraag"]
    return (lijst, versie, vraag) == (lijst_oud, versie_oud, vraag_oud)


def _referentie(rijen: pd.DataFrame) -> dict[str, tuple[tuple[str, str], tuple[str, str]]]:
    """Per theme the questions of the newest questionnaire versions used in these rows."""
    uit = {}
    for thema, deel in rijen.groupby("thema"):
        nieuwste = max(deel.itertuples(), key=lambda r: (_lijst_versie(r.zelfevaluatie)[1],
                                                          _lijst_versie(r.kader)[1]))
        uit[thema] = ((nieuwste.zelfevaluatie, nieuwste.zelf_vraag), (nieuwste.kader, nieuwste.kader_vraag))
    return uit


def _zelfde_vragen(rij, ref: dict, vergelijk: Callable[[tuple, tuple], bool]) -> bool:
    """Both judgements of a row answer questions whose lineage leads to the theme's reference
    (`vergelijk`: `vergelijkbaar` over the lineage)."""
    if rij.thema not in ref:
        return False
    zelf, kader = ref[rij.thema]
    return (vergelijk((rij.zelfevaluatie, rij.zelf_vraag), zelf)
            and vergelijk((rij.kader, rij.kader_vraag), kader))


def kalibratie_verdeling(kalibratie: pd.DataFrame, herkomst: pd.DataFrame, rondes: pd.DataFrame,
                         taxonomie: pd.DataFrame) -> pd.DataFrame:
    """Per theme and cycle: how often the committee judged higher, equal or lower than the OD
    itself. Cycles are compared on the questions of the latest cycle: a judgement on a question
    whose lineage does not lead there is left out and counted as not comparable. Groups of fewer
    than five visitations are suppressed. No OD appears: a distribution, never a ranking."""
    kolommen = ["thema", "ronde", "visitaties", *RICHTINGEN, "niet_vergelijkbaar"]
    if kalibratie.empty:
        return pd.DataFrame(columns=[*kolommen, "onderdrukt"])
    volgorde = rondes.sort_values(["start", "ronde_id"], kind="mergesort")
    df = kalibratie.merge(volgorde[["ronde_id", "naam"]], on="ronde_id")
    laatste = volgorde[volgorde["ronde_id"].isin(df["ronde_id"])]["ronde_id"].iloc[-1]
    ref = _referentie(df[df["ronde_id"] == laatste])
    # many rows answer the same few questions: each pair of questions is looked up once
    vergelijk = cache(lambda oud, nieuw: vergelijkbaar(herkomst, oud, nieuw))
    df["vergelijkbaar"] = [_zelfde_vragen(r, ref, vergelijk) for r in df.itertuples()]
    verschil = df["commissie"].astype(int) - df["zelf"].astype(int)
    df["richting"] = ["hoger" if v > 0 else "gelijk" if v == 0 else "lager" for v in verschil]
    rijen = []
    for code, naam in termen(taxonomie, "themas"):
        for ronde_id, ronde in zip(volgorde["ronde_id"], volgorde["naam"], strict=True):
            deel = df[(df["thema"] == code) & (df["ronde_id"] == ronde_id)]
            if deel.empty:
                continue
            mee = deel[deel["vergelijkbaar"]]
            telling = mee["richting"].value_counts()
            rijen.append({"thema": naam, "ronde": ronde, "visitaties": len(mee),
                          **{r: int(telling.get(r, 0)) for r in RICHTINGEN},
                          "niet_vergelijkbaar": int((~deel["vergelijkbaar"]).sum())})
    return onderdruk_kleine_groepen(pd.DataFrame(rijen, columns=kolommen), "visitaties", list(RICHTINGEN))
