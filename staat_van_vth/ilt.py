"""Indicators on ILT studies: findings per theme and per actor category, and the follow-up by
the addressed parties. Pure pandas over snapshot tables; names come from the taxonomy frozen
in the snapshot, so an edition keeps the words it was built with."""

from __future__ import annotations

import pandas as pd

from staat_van_vth.indicatoren import Kerncijfer, opvolgers
from visitatie.ilt import opvolging
from visitatie.ilt.opvolging import CATEGORIEEN, OPVOLGBARE_TYPEN, Opvolgpunt

BRON_ILT = "Inspectie Leefomgeving en Transport (ILT), gepubliceerde studies"


def termen(taxonomie: pd.DataFrame, lijst: str) -> list[tuple[str, str]]:
    deel = taxonomie[taxonomie["lijst"] == lijst].sort_values("volgorde", kind="mergesort")
    return list(zip(deel["code"], deel["naam"], strict=True))


def studies(bevindingen: pd.DataFrame) -> pd.DataFrame:
    """Per study: title, publication date and number of findings; by date, then title."""
    tabel = (bevindingen.groupby(["studie_id", "studie", "publicatiedatum"]).size()
             .rename("bevindingen").reset_index())
    return tabel.sort_values(["publicatiedatum", "studie"], kind="mergesort", ignore_index=True)


def bevindingen_per_thema(bevindingen: pd.DataFrame, taxonomie: pd.DataFrame) -> pd.DataFrame:
    """Themes (taxonomy order) x finding types: counts; themes without findings left out."""
    typen = termen(taxonomie, "bevindingtypen")
    telling = bevindingen.groupby(["thema", "type"]).size().unstack(fill_value=0)
    rijen = []
    for code, naam in termen(taxonomie, "themas"):
        if code not in telling.index:
            continue
        rij = {"thema": naam}
        rij.update({t: int(telling.loc[code].get(t, 0)) for t, _ in typen})
        rij["totaal"] = sum(rij[t] for t, _ in typen)
        rijen.append(rij)
    tabel = pd.DataFrame(rijen, columns=["thema", *[t for t, _ in typen], "totaal"])
    gebruikt = [t for t, _ in typen if tabel[t].sum() > 0] if len(tabel) else []
    return tabel[["thema", *gebruikt, "totaal"]]


def bevindingen_per_actor(bevindingen: pd.DataFrame, adressaten: pd.DataFrame,
                          taxonomie: pd.DataFrame) -> pd.DataFrame:
    """Per actor category: the findings addressed to it. A finding addressed to one specific
    OD or province counts for the category 'omgevingsdiensten' or 'provincies'."""
    categorie = adressaten["code"].where(adressaten["soort"] == "actor",
                                         adressaten["soort"].map({"od": "omgevingsdiensten",
                                                                  "provincie": "provincies"}))
    uniek = adressaten.assign(actor=categorie).drop_duplicates(["studie_id", "nummer", "actor"])
    uniek = uniek.merge(bevindingen[["studie_id", "nummer", "type"]], on=["studie_id", "nummer"])
    rijen = []
    for code, naam in termen(taxonomie, "actoren"):
        deel = uniek[uniek["actor"] == code]
        if deel.empty:
            continue
        rijen.append({"actor": naam, "bevindingen": len(deel),
                      "opvolgbaar": int(deel["type"].isin(OPVOLGBARE_TYPEN).sum())})
    return pd.DataFrame(rijen, columns=["actor", "bevindingen", "opvolgbaar"])


def opvolgpunten(t: dict[str, pd.DataFrame]) -> list[Opvolgpunt]:
    """The follow-up items of an edition's tables (`visitatie.ilt.opvolging.opvolgpunten`, the
    one definition), for the edition's ODs and provinces, an OD merged before the reference date
    counted as its successor (`indicatoren.opvolgers`, as the Staat folds its other data): read
    by the Staat and the council summaries alike."""
    deelnames = t["deelnames"]
    provincies = deelnames.loc[deelnames["soort"] == "provincie", "deelnemer_code"].unique()
    return opvolging.opvolgpunten(
        t["ilt_bevindingen"][["studie_id", "nummer", "type"]].itertuples(index=False),
        t["ilt_adressaten"][["studie_id", "nummer", "soort", "code"]].itertuples(index=False),
        t["ilt_opvolging"][["studie_id", "nummer", "partij_soort", "partij_code", "status"]]
        .itertuples(index=False),
        {"od": t["omgevingsdiensten"]["code"], "provincie": provincies}, opvolgers=opvolgers(t))


def opvolging_per_status(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The follow-up items per category (niet vastgelegd included), with percentages of all."""
    telling = opvolging.telling(opvolgpunten(t))
    rijen = [{"categorie": code, "status": naam, "aantal": telling.aantal(code),
              "percentage": telling.percentage(code)} for code, naam in CATEGORIEEN.items()]
    return pd.DataFrame(rijen, columns=["categorie", "status", "aantal", "percentage"])


def opvolging_per_partij(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per OD and province with follow-up items: the items per category and in total."""
    rijen = [{"partij_soort": soort, "partij_code": code,
              **{c: telling.aantal(c) for c in CATEGORIEEN}, "totaal": telling.n}
             for (soort, code), telling in opvolging.per_partij(opvolgpunten(t)).items()]
    return pd.DataFrame(rijen, columns=["partij_soort", "partij_code", *CATEGORIEEN, "totaal"])


def kerncijfers_ilt(tabellen: dict, vorige: dict | None) -> list[Kerncijfer]:
    def aantal_studies(t: dict | None) -> int | None:
        if t is None or "ilt_bevindingen" not in t:
            return None
        return int(t["ilt_bevindingen"]["studie_id"].nunique())

    def telling(t: dict | None) -> opvolging.Telling | None:
        if t is None or "ilt_opvolging" not in t:
            return None
        return opvolging.telling(opvolgpunten(t))

    nu, toen = telling(tabellen), telling(vorige)
    return [
        Kerncijfer("ilt_studies", "Gepubliceerde ILT-studies", aantal_studies(tabellen), "aantal",
                   "Thematische en signalerende studies van de ILT naar het VTH-stelsel, "
                   "gepubliceerd vóór de peildatum.", BRON_ILT, aantal_studies(vorige)),
        Kerncijfer("ilt_afgerond", "Opvolging ILT-aanbevelingen afgerond",
                   nu.percentage("afgerond") if nu else None, "%",
                   "Het aandeel van de opvolgpunten (per aanbeveling of verbeterpunt en per "
                   "geadresseerde omgevingsdienst of provincie, ook via de categorie 'alle "
                   "omgevingsdiensten' of 'alle provincies') dat de partij als afgerond heeft "
                   "vastgelegd. Een punt zonder vastgelegde opvolging telt mee als 'niet "
                   "vastgelegd', niet als open of afgerond.", BRON_ILT,
                   toen.percentage("afgerond") if toen else None, n=nu.n if nu else None,
                   teller=nu.aantal("afgerond") if nu else None,
                   reden="geen aanbevelingen aan omgevingsdiensten of provincies"),
    ]
