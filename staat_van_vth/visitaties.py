"""Indicators on visitations: coverage of each cycle (which ODs were visited, before the
deadline, which are planned, which not yet). Pure pandas over snapshot tables.

Strong points, recommendations, improvement plans and the calibration of self-evaluation
against the committee follow once the visitation workflow keeps its reports in the app."""

from __future__ import annotations

from datetime import date

import pandas as pd

from staat_van_vth.indicatoren import Kerncijfer
from staat_van_vth.render import datum_nl

BRON = "Visitatieplanning Staat van VTH (rondes, gehouden en geplande bezoeken)"


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


def stand_per_od(bezoeken: pd.DataFrame, ronde_id: int) -> pd.DataFrame:
    """Per OD in one cycle: visited on, or planned for, or not yet planned."""
    deel = bezoeken[bezoeken["ronde_id"] == ronde_id]

    def stand(rij) -> str:
        if pd.notna(rij.bezocht_op):
            return f"bezocht ({rij.bezocht_op})"
        if pd.notna(rij.gepland):
            return f"gepland ({rij.gepland})"
        return "nog niet gepland"

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

    return [Kerncijfer(
        "visitatie_dekking", "Omgevingsdiensten bezocht in de lopende ronde", aandeel(tabellen), "%",
        f"Het aandeel omgevingsdiensten in de laatst begonnen visitatieronde dat vóór "
        f"{datum_nl(peildatum)} is bezocht.", BRON, aandeel(vorige))]
