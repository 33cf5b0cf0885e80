"""Indicators on ILT studies: findings per theme and per actor category, and the follow-up by
the addressed parties. Pure pandas over snapshot tables; names come from the taxonomy frozen
in the snapshot, so an edition keeps the words it was built with."""

from __future__ import annotations

import pandas as pd

from staat_van_vth.indicatoren import Kerncijfer

BRON_ILT = "Inspectie Leefomgeving en Transport (ILT), gepubliceerde studies"
OPVOLGBAAR = ("aanbeveling", "verbeterpunt")
OPVOLGSTATUSSEN = {"open": "Open", "in_behandeling": "In behandeling", "afgerond": "Afgerond",
                   "niet_overgenomen": "Niet overgenomen"}


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
                      "opvolgbaar": int(deel["type"].isin(OPVOLGBAAR).sum())})
    return pd.DataFrame(rijen, columns=["actor", "bevindingen", "opvolgbaar"])


def opvolging_per_status(opvolging: pd.DataFrame) -> pd.DataFrame:
    """Follow-up items (one per finding and addressed party) per status, with percentages."""
    telling = opvolging["status"].value_counts()
    totaal = int(telling.sum())
    rijen = [{"status": naam, "aantal": int(telling.get(code, 0)),
              "percentage": round(100 * telling.get(code, 0) / totaal, 1) if totaal else None}
             for code, naam in OPVOLGSTATUSSEN.items()]
    return pd.DataFrame(rijen, columns=["status", "aantal", "percentage"])


def kerncijfers_ilt(tabellen: dict, vorige: dict | None) -> list[Kerncijfer]:
    def aantal_studies(t: dict | None) -> int | None:
        if t is None or "ilt_bevindingen" not in t:
            return None
        return int(t["ilt_bevindingen"]["studie_id"].nunique())

    def afgerond(t: dict | None) -> float | None:
        if t is None or "ilt_opvolging" not in t or t["ilt_opvolging"].empty:
            return None
        return round(100 * float((t["ilt_opvolging"]["status"] == "afgerond").mean()), 1)

    return [
        Kerncijfer("ilt_studies", "Gepubliceerde ILT-studies", aantal_studies(tabellen), "aantal",
                   "Thematische en signalerende studies van de ILT naar het VTH-stelsel, "
                   "gepubliceerd vóór de peildatum.", BRON_ILT, aantal_studies(vorige)),
        Kerncijfer("ilt_afgerond", "Opvolging ILT-aanbevelingen afgerond", afgerond(tabellen), "%",
                   "Het aandeel van de opvolgpunten (per aanbeveling of verbeterpunt en per "
                   "geadresseerde partij) dat de partij als afgerond heeft gemeld.", BRON_ILT,
                   afgerond(vorige), n=len(tabellen["ilt_opvolging"]) or None,
                   teller=int((tabellen["ilt_opvolging"]["status"] == "afgerond").sum()),
                   reden="nog geen opvolging gemeld"),
    ]
