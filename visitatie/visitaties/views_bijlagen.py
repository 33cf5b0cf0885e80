"""Attachments of the committee (assessment sections, interview notes) and of right-of-reply
reactions: add, download, remove; each checked against the right of its part."""

from __future__ import annotations

import io
from pathlib import Path

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_login import current_user

from visitatie import bestanden, opslag
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.visitaties import bijlagen
from visitatie.visitaties.forms import LeegForm
from visitatie.visitaties.models import VisitatieBijlage
from visitatie.visitaties.views import bp, get_visitatie_or_404


def _map() -> Path:
    return opslag.van_app().map("bijlagen")


def _terug(visitatie_id: int, onderdeel: str, verwijzing: str) -> str:
    if onderdeel == "kader":
        soort = request.form.get("soort")
        return url_for("visitaties.commissie_vragenlijst", visitatie_id=visitatie_id,
                       soort=soort if soort in ("beoordeling", "commissieoordeel") else "beoordeling",
                       sectie=verwijzing)
    if onderdeel == "gesprek":
        return url_for("visitaties.gesprekken", visitatie_id=visitatie_id)
    return url_for("visitaties.wederhoor", visitatie_id=visitatie_id)


@bp.post("/visitaties/<int:visitatie_id>/bijlagen/<onderdeel>/<verwijzing>")
@vereist(P.VISITATIES_WERKEN)
def bijlage_toevoegen(visitatie_id: int, onderdeel: str, verwijzing: str):
    if onderdeel not in bijlagen.RECHTEN:
        abort(404)
    ctx = get_visitatie_or_404(visitatie_id, bijlagen.RECHTEN[onderdeel][1])
    if not LeegForm().validate_on_submit():
        abort(400)
    db = get_db()
    bestand = request.files.get("bestand")
    try:
        if not bestand or not bestand.filename:
            raise DomeinFout("Kies een bestand.")
        b = bijlagen.voeg_toe(db, map_=_map(), visitatie=ctx.visitatie, onderdeel=onderdeel,
                              verwijzing=verwijzing, naam=bestand.filename, inhoud=bestand.read(),
                              max_bytes=current_app.config.get("BEWIJS_MAX_BYTES", bestanden.STANDAARD_MAX),
                              door_id=current_user.id)
    except DomeinFout as fout:
        db.rollback()
        flash(f"Bijlage niet toegevoegd: {fout.boodschap}", "error")
    else:
        db.commit()
        flash(f"Bijlage '{b.naam}' toegevoegd.", "success")
    return redirect(_terug(visitatie_id, onderdeel, verwijzing))


def _bijlage(visitatie_id: int, bijlage_id: int, schrijven: bool):
    db = get_db()
    bijlage = db.get(VisitatieBijlage, bijlage_id)
    if bijlage is None or bijlage.visitatie_id != visitatie_id:
        abort(404)
    lees, schrijf = bijlagen.RECHTEN[bijlage.onderdeel]
    return get_visitatie_or_404(visitatie_id, schrijf if schrijven else lees), bijlage


@bp.get("/visitaties/<int:visitatie_id>/bijlage/<int:bijlage_id>")
@vereist(P.VISITATIES_WERKEN)
def bijlage(visitatie_id: int, bijlage_id: int):
    """Always a download, only for who may read the part it belongs to."""
    _ctx, b = _bijlage(visitatie_id, bijlage_id, schrijven=False)
    pad = bestanden.pad(_map(), b.sleutel)
    if not pad.is_file():
        abort(404)
    return send_file(io.BytesIO(pad.read_bytes()), mimetype=bestanden.TYPEN[b.soort],
                     as_attachment=True, download_name=b.naam)


@bp.post("/visitaties/<int:visitatie_id>/bijlage/<int:bijlage_id>/verwijderen")
@vereist(P.VISITATIES_WERKEN)
def bijlage_verwijderen(visitatie_id: int, bijlage_id: int):
    ctx, b = _bijlage(visitatie_id, bijlage_id, schrijven=True)
    if not LeegForm().validate_on_submit():
        abort(400)
    db = get_db()
    terug = _terug(visitatie_id, b.onderdeel, b.verwijzing)
    try:
        bijlagen.verwijder(db, visitatie=ctx.visitatie, bijlage=b)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("De bijlage is verwijderd.", "success")
    return redirect(terug)
