"""The entry point of an RQ worker process (`vth worker`) for one job: build the app from the
environment and run the job. It makes an app, so it belongs to the entry layer; the job runner
(`visitatie/taken/runner.py`, a domain module) names it by its path (`WERKER`)."""

from __future__ import annotations

from visitatie.app import create_app
from visitatie.taken.runner import voer_uit
from visitatie.taken.voortgang import voortgang_opslag


def voer_uit_in_worker(taak_id: int) -> None:
    app = create_app()
    try:
        voer_uit(app, taak_id)
    finally:
        app.extensions["vth_engine"].dispose()
        voortgang_opslag(app).sluit()
