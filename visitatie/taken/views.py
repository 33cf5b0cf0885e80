from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from visitatie.audit.operations import log
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.taken.models import STATUS_NAMEN, Taak
from visitatie.taken.runner import verzend
from visitatie.taken.voortgang import voortgang_opslag

bp = Blueprint("taken", __name__)
BEHEER_ROLLEN = {"beheerder", "coordinator"}


def get_taak_or_404(taak_id: int) -> Taak:
    """The job, for whoever asked for it and for the programme office."""
    taak = get_db().get(Taak, taak_id)
    if taak is None:
        abort(404)
    if taak.aangevraagd_door != current_user.id and current_user.rol not in BEHEER_ROLLEN:
        abort(403)
    return taak


def stand(taak: Taak) -> tuple[int, str]:
    from flask import current_app

    if taak.loopt:
        gemeld = voortgang_opslag(current_app).lees(taak.id)
        if gemeld:
            return gemeld
    return taak.voortgang, taak.bericht or STATUS_NAMEN[taak.status]


@bp.get("/taken/<int:taak_id>")
@vereist(P.INGELOGD)
def taak(taak_id: int):
    taak = get_taak_or_404(taak_id)
    return render_template("taken/taak.html", taak=taak, stand=stand(taak), namen=STATUS_NAMEN)


@bp.get("/taken/<int:taak_id>/status")
@vereist(P.INGELOGD)
def status(taak_id: int):
    """The progress fragment that htmx polls while the job runs."""
    taak = get_taak_or_404(taak_id)
    return render_template("taken/_status.html", taak=taak, stand=stand(taak), namen=STATUS_NAMEN)


@bp.post("/taken/<int:taak_id>/opnieuw")
@vereist(P.INGELOGD)
def opnieuw(taak_id: int):
    db = get_db()
    taak = get_taak_or_404(taak_id)
    taak.opnieuw()
    log(db, actie="taak.opnieuw", object_type="taak", object_id=taak.id, na=taak)
    db.commit()
    verzend(db, taak)
    return redirect(url_for("taken.taak", taak_id=taak.id))
