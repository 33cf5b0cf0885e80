"""Planning runs as long jobs: the solver may take a minute, so it never runs in a request."""

from __future__ import annotations

from datetime import date

from flask import current_app

from visitatie.planning import operations as ops
from visitatie.taken.runner import taaksoort


@taaksoort("planning", onderwerp=("ronde_id",))
def planningstaak(db, parameters: dict, voortgang) -> dict:
    """Parameters: ronde_id, seed, tijdslimiet; for re-planning also herplan, zonder, verplaats."""
    verplaats = parameters.get("verplaats")
    plan = ops.voer_planning_uit(
        db, ronde_id=parameters["ronde_id"], voortgang=voortgang, seed=parameters.get("seed", 0),
        tijdslimiet=parameters.get("tijdslimiet", 30.0), herplan=parameters.get("herplan", False),
        zonder=parameters.get("zonder"),
        verplaats=(verplaats[0], date.fromisoformat(verplaats[1])) if verplaats else None)
    adres = current_app.url_map.bind("localhost").build("planning.plan", {"plan_id": plan.id})
    return {"plan_id": plan.id, "url": adres, "label": "Bekijk het plan"}
