from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.taken.models import STATUS_NAMEN, Taak, TaakLooptAl
from visitatie.taken.runner import (
    ruim_taken_van_dode_processen_op,
    ruim_verweesde_taken_op,
    verzend,
    zet_opnieuw,
)
from visitatie.taken.voortgang import voortgang_opslag

bp = Blueprint("taken", __name__)
BEHEER_ROLLEN = {"beheerder", "coordinator"}


def get_taak_or_404(taak_id: int) -> Taak:
    """The job, for whoever asked for it and for the programme office."""
    taak = get_db().get(Taak, taak_id)
    if taak is None:
        abort(404)
    if not mag_zien(taak):
        abort(403)
    return taak


def mag_zien(taak: Taak) -> bool:
    return taak.aangevraagd_door == current_user.id or current_user.rol in BEHEER_ROLLEN


@bp.app_errorhandler(TaakLooptAl)
def toon_lopende_taak(fout: TaakLooptAl):
    """Asking again for a job that is queued or running shows that one (every kind, every view);
    a job someone else started is not theirs to open, so they stay where they were."""
    db = get_db()
    db.rollback()
    taak = db.get(Taak, fout.taak_id)
    if taak is not None and mag_zien(taak):
        flash(fout.boodschap)
        return redirect(url_for("taken.taak", taak_id=taak.id))
    flash("Deze taak is al gestart door een collega en loopt nog; probeer het later opnieuw.")
    return redirect(url_for("core.home"))


def controleer_worker(taak: Taak) -> None:
    """A running job whose worker or process died is shown as failed at once, not after RQ's
    heartbeat expiry or never; the page polls, so the user sees it while waiting."""
    if not taak.loopt:
        return
    if taak.extern_id and current_app.config.get("REDIS_URL"):
        opgeruimd = ruim_verweesde_taken_op(get_db(), current_app, [taak])
    elif not taak.extern_id and not current_app.config.get("REDIS_URL"):
        opgeruimd = ruim_taken_van_dode_processen_op(get_db(), [taak])
    else:
        opgeruimd = 0
    if opgeruimd:
        get_db().commit()


def stand(taak: Taak) -> tuple[int, str]:
    if taak.loopt:
        gemeld = voortgang_opslag(current_app).lees(taak.id)
        if gemeld:
            return gemeld
    return taak.voortgang, taak.bericht or STATUS_NAMEN[taak.status]


@bp.get("/taken/<int:taak_id>")
@vereist(P.INGELOGD)
def taak(taak_id: int):
    taak = get_taak_or_404(taak_id)
    controleer_worker(taak)
    return render_template("taken/taak.html", taak=taak, stand=stand(taak), namen=STATUS_NAMEN)


@bp.get("/taken/<int:taak_id>/status")
@vereist(P.INGELOGD)
def status(taak_id: int):
    """The progress fragment that htmx polls while the job runs."""
    taak = get_taak_or_404(taak_id)
    controleer_worker(taak)
    return render_template("taken/_status.html", taak=taak, stand=stand(taak), namen=STATUS_NAMEN)


@bp.post("/taken/<int:taak_id>/opnieuw")
@vereist(P.INGELOGD)
def opnieuw(taak_id: int):
    db = get_db()
    taak = get_taak_or_404(taak_id)
    zet_opnieuw(db, taak)
    db.commit()
    verzend(db, taak)
    return redirect(url_for("taken.taak", taak_id=taak.id))
