"""Filling in questionnaires: per section, autosave per question (htmx) with optimistic locking,
submit with completeness check, reopen by a coordinator, and the calibration view."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlmodel import select

from visitatie import bestanden, opslag
from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.invoergrenzen import geheel_getal
from visitatie.markdown import naar_html
from visitatie.paginacache import gecachte_pagina, pagina
from visitatie.timeutil import NL, utcnow, vandaag
from visitatie.visitaties import bewijs, bijlagen
from visitatie.visitaties import operations as ops
from visitatie.visitaties.forms import HeropenForm, LeegForm
from visitatie.visitaties.kalibratie import kalibratie as bereken_kalibratie
from visitatie.visitaties.models import RESPONSSOORTEN, Antwoord, Respons, status_na
from visitatie.visitaties.views import Context, bp, get_visitatie_or_404
from visitatie.vragenlijsten import expressie
from visitatie.vragenlijsten.definitie import catalogus
from visitatie.vragenlijsten.formulier import (
    bouw_formulier,
    controleer_volledig,
    formulier_data,
    nl_getal,
    veldwaarde,
    voortgang,
    waarde_uit_veld,
    weergave,
    zichtbare_vragen,
)

LEES = {
    "zelfevaluatie": "zelfevaluatie_lezen",
    "beoordeling": "gesprekken",
    "commissieoordeel": "gesprekken",
}
SCHRIJF = {
    "zelfevaluatie": "zelfevaluatie_bewerken",
    "beoordeling": "beoordeling_bewerken",
    "commissieoordeel": "oordeel_bewerken",
}


def _respons(ctx: Context, soort: str, maak: bool) -> Respons | None:
    db, gebruiker = get_db(), current_user.id if soort == "beoordeling" else None
    if maak:
        return ops.respons_voor(db, visitatie=ctx.visitatie, soort=soort, gebruiker_id=gebruiker)
    return ops.respons_van(db, visitatie=ctx.visitatie, soort=soort, gebruiker_id=gebruiker)


def _lijst(ctx: Context, soort: str):
    v = ctx.visitatie
    return catalogus()[v.zelfevaluatie_lijst if soort == "zelfevaluatie" else v.kader_lijst]


def _pagina(visitatie_id: int, soort: str):
    """A section of a questionnaire; a GET is cached per data version, day and reader (the
    rights, the answers and the deadlines all come from those)."""
    if soort not in RESPONSSOORTEN:
        abort(404)
    if request.method == "GET":
        sleutel = ("visitaties.vragenlijst", visitatie_id, soort, request.args.get("sectie"),
                   request.args.get("onvolledig"), current_user.id, vandaag())
        return gecachte_pagina(get_db(), sleutel, lambda: _toon(soort, *_sectie(visitatie_id, soort)),
                               kop=_script(), visitatie_id=visitatie_id)
    ctx, lijst, sectie, respons, antwoorden, bewerkbaar = _sectie(visitatie_id, soort)
    if not bewerkbaar:
        abort(403)
    conflicten, fouten, antwoorden = _bewaar_sectie(ctx, soort, lijst, sectie)
    if conflicten or fouten:
        return pagina(*_toon(soort, ctx, lijst, sectie, respons, antwoorden, bewerkbaar, conflicten,
                             fouten), kop=_script())
    flash("Uw antwoorden zijn opgeslagen.", "success")
    volgende = request.form.get("naar") or sectie.code
    return redirect(url_for(request.endpoint, visitatie_id=visitatie_id, sectie=volgende,
                            **({"soort": soort} if soort != "zelfevaluatie" else {})))


def _script() -> str:
    """The page's own script (autosave, conflicts, leave warning): a file, never inline."""
    return f'<script src="{url_for("static", filename="js/vragenlijst.js")}" defer></script>'


def _sectie(visitatie_id: int, soort: str):
    """The visitation (403/404 checked), questionnaire, section, response, answers and whether
    the reader may edit them."""
    ctx = get_visitatie_or_404(visitatie_id, LEES[soort])
    lijst = _lijst(ctx, soort)
    sectie_code = request.args.get("sectie") or lijst.secties[0].code
    try:
        sectie = lijst.sectie(sectie_code)
    except KeyError:
        abort(404)
    respons = _respons(ctx, soort, maak=False)
    bewerkbaar = SCHRIJF[soort] in ctx.rechten and not (respons and respons.ingediend)
    return ctx, lijst, sectie, respons, ops.antwoorden_van(get_db(), respons), bewerkbaar


def _bewaar_sectie(ctx: Context, soort: str, lijst, sectie):
    """Save every shown question of the section; stale versions become conflicts, the rest is kept."""
    db = get_db()
    respons = _respons(ctx, soort, maak=True)
    antwoorden = ops.antwoorden_van(db, respons)
    vragen = [v for v in sectie.vragen if expressie.toon(v.show_if, antwoorden)]
    form = bouw_formulier(vragen)()
    fouten = {} if form.validate() else {k: v for k, v in form.errors.items()}
    conflicten = {}
    for vraag in vragen:
        if vraag.code in fouten:
            continue
        if vraag.type == "bestand":
            bestand = request.files.get(vraag.code)
            if not bestand or not bestand.filename:
                continue
            try:
                waarde = bewijs.bewaar(
                    _bewijsmap(),
                    naam=bestand.filename,
                    inhoud=bestand.read(),
                    max_bytes=current_app.config.get("BEWIJS_MAX_BYTES", bestanden.STANDAARD_MAX),
                )
            except DomeinFout as fout:
                fouten[vraag.code] = [fout.boodschap]
                continue
        else:
            waarde = waarde_uit_veld(vraag, form[vraag.code])
        try:
            ops.bewaar_antwoord(
                db,
                respons=respons,
                vraag=vraag,
                waarde=waarde,
                versie=geheel_getal(request.form.get(f"versie__{vraag.code}")),
                gebruiker_id=current_user.id,
            )
        except ops.AntwoordConflict as conflict:
            conflicten[vraag.code] = conflict
    db.commit()
    return conflicten, fouten, ops.antwoorden_van(db, respons)


def _toon(soort, ctx, lijst, sectie, respons, antwoorden, bewerkbaar, conflicten=None, fouten=None):
    """The page's title and content: on a failed save with what was typed and the messages."""
    db = get_db()
    zichtbaar = {v.code for v in zichtbare_vragen(lijst, antwoorden)}
    vragen = [v for v in sectie.vragen if v.code in zichtbaar]
    data = formulier_data(vragen, antwoorden)
    form = bouw_formulier(vragen)(formdata=request.form if request.method == "POST" else None, data=data)
    soortnaam = RESPONSSOORTEN[soort]
    return f"{soortnaam} {ctx.od.naam}", render_template(
        "visitaties/_vragenlijst.html",
        ctx=ctx,
        v=ctx.visitatie,
        soort=soort,
        soortnaam=soortnaam,
        lijst=lijst,
        sectie=sectie,
        vragen=vragen,
        form=form,
        respons=respons,
        antwoorden=antwoorden,
        versies=ops.versies_van(db, respons) if respons else {},
        bewerkbaar=bewerkbaar,
        conflicten=conflicten or {},
        fouten=fouten or {},
        voortgang=voortgang(lijst, antwoorden),
        naar_html=naar_html,
        afhankelijk={
            n
            for v in lijst.vragen.values()
            if v.show_if
            for n in expressie.namen(expressie.parse(v.show_if))
        },
        leeg_form=LeegForm(),
        heropen_form=HeropenForm(),
        indien_fouten=request.args.get("onvolledig"),
        leden=ops.beoordelingen_van_leden(db, ctx.visitatie) if soort == "commissieoordeel" else [],
        kader_bijlagen=_kader_bijlagen(ctx, soort, sectie.code),
        bijlagen_open="gesprekken" in ctx.rechten
        and not status_na(ctx.visitatie.status, "definitief"),
        weergave=weergave,
    )


def _kader_bijlagen(ctx: Context, soort: str, sectie: str) -> list | None:
    """The committee's attachments of an assessment section (None: not shown on this page)."""
    if soort == "zelfevaluatie" or "gesprekken" not in ctx.rechten:
        return None
    return bijlagen.bijlagen_van(get_db(), ctx.visitatie.id, "kader").get(sectie, [])


@bp.route("/visitaties/<int:visitatie_id>/zelfevaluatie", methods=["GET", "POST"])
@vereist(P.VISITATIES_WERKEN)
def zelfevaluatie(visitatie_id: int):
    return _pagina(visitatie_id, "zelfevaluatie")


@bp.route("/visitaties/<int:visitatie_id>/commissie/<soort>", methods=["GET", "POST"])
@vereist(P.COMMISSIEWERK)
def commissie_vragenlijst(visitatie_id: int, soort: str):
    if soort == "zelfevaluatie":
        abort(404)
    return _pagina(visitatie_id, soort)


@bp.post("/visitaties/<int:visitatie_id>/antwoord/<soort>/<vraag_code>")
@vereist(P.VISITATIES_WERKEN)
def autosave(visitatie_id: int, soort: str, vraag_code: str):
    """Save one question. The page's script asks for JSON (saved: version, time and progress;
    409: both versions; 422: the reason); other callers get a small status fragment."""
    if soort not in RESPONSSOORTEN:
        abort(404)
    ctx = get_visitatie_or_404(visitatie_id, SCHRIJF[soort])
    lijst = _lijst(ctx, soort)
    vraag = lijst.vragen.get(vraag_code) or abort(404)
    if vraag.type == "bestand":
        abort(400)  # files go with the section form (multipart), never through autosave
    db = get_db()
    respons = _respons(ctx, soort, maak=True)
    form = bouw_formulier([vraag])()
    json_gevraagd = request.accept_mimetypes.best == "application/json"
    context = {"vraag": vraag, "conflict": None, "fout": None, "versie": None, "naar_html": naar_html}
    if not form.validate():
        context["fout"] = " ".join(str(f) for f in form.errors.get(vraag.code, ["Ongeldige invoer."]))
        if json_gevraagd:
            return jsonify(status="fout", boodschap=context["fout"]), 422
        return render_template("visitaties/_autosave.html", **context)
    try:
        rij = ops.bewaar_antwoord(
            db,
            respons=respons,
            vraag=vraag,
            waarde=waarde_uit_veld(vraag, form[vraag.code]),
            versie=geheel_getal(request.form.get(f"versie__{vraag.code}")),
            gebruiker_id=current_user.id,
        )
    except ops.AntwoordConflict as conflict:
        db.rollback()
        if json_gevraagd:
            return jsonify(_conflict_json(db, respons, vraag, conflict)), 409
        context["conflict"] = conflict
        return render_template("visitaties/_autosave.html", **context), 409
    except DomeinFout as fout:
        db.rollback()
        if json_gevraagd:
            return jsonify(status="fout", boodschap=fout.boodschap), 422
        context["fout"] = fout.boodschap
        return render_template("visitaties/_autosave.html", **context), 422
    db.commit()
    context["versie"] = rij.versie if rij else ops.versies_van(db, respons).get(vraag.code)
    herladen = bool(rij) and _heeft_afhankelijke(lijst, vraag.code)
    if json_gevraagd:
        antwoorden = ops.antwoorden_van(db, respons)
        return jsonify(
            status="opgeslagen",
            versie=context["versie"] or 0,
            tijd=_nl_tijd(utcnow()),
            voortgang=voortgang(lijst, antwoorden),
            herladen=herladen,
            tonen=nl_getal(antwoorden.get(vraag.code)) if vraag.type == "getal" else None,
        )
    headers = {"HX-Refresh": "true"} if herladen else {}
    return render_template("visitaties/_autosave.html", **context), 200, headers


def _conflict_json(db, respons: Respons, vraag, conflict: ops.AntwoordConflict) -> dict:
    """Both versions as the person reads them, the other's as form values (to take it over;
    None for a list of findings, which the page reloads) and who saved it, when."""
    rij = db.exec(select(Antwoord).where(Antwoord.respons_id == respons.id,
                                         Antwoord.vraag_code == vraag.code)).first()
    door = db.get(Gebruiker, rij.gewijzigd_door) if rij and rij.gewijzigd_door else None
    wanneer = f" om {_nl_tijd(rij.gewijzigd)}" if rij else ""
    return {
        "status": "conflict",
        "boodschap": conflict.boodschap,
        "versie": conflict.versie,
        "hunne": weergave(vraag, conflict.hunne),
        "uwe": weergave(vraag, conflict.uwe),
        "hunne_veld": veldwaarde(vraag, conflict.hunne),
        "door": ((door.naam or door.email) if door else "een ander") + wanneer,
    }


def _nl_tijd(moment: datetime) -> str:
    """Hours and minutes in the Netherlands (SQLite gives the stored UTC time back naive)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(NL).strftime("%H:%M")


def _heeft_afhankelijke(lijst, code: str) -> bool:
    return any(
        v.show_if and code in expressie.namen(expressie.parse(v.show_if)) for v in lijst.vragen.values()
    )


@bp.post("/visitaties/<int:visitatie_id>/indienen/<soort>")
@vereist(P.VISITATIES_WERKEN)
def indienen(visitatie_id: int, soort: str):
    if soort not in RESPONSSOORTEN:
        abort(404)
    ctx = get_visitatie_or_404(visitatie_id, SCHRIJF[soort])
    if not LeegForm().validate_on_submit():
        abort(400)
    db = get_db()
    respons = _respons(ctx, soort, maak=True)
    try:
        fouten = ops.dien_in(db, respons=respons, visitatie=ctx.visitatie)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
        fouten = {}
    else:
        if not fouten:
            db.commit()
            flash("Ingediend. De vragenlijst is nu vergrendeld.", "success")
    if fouten:
        db.rollback()
        lijst = _lijst(ctx, soort)
        eerste = next(v for v in lijst.vragen.values() if v.code in fouten)
        flash(
            f"Nog niet compleet: {len(fouten)} vraag/vragen ontbreken of zijn ongeldig. "
            f"Eerste: '{eerste.label}'.",
            "error",
        )
        return redirect(_url(visitatie_id, soort, eerste.sectie, onvolledig=1))
    return redirect(_url(visitatie_id, soort, None))


def _url(visitatie_id: int, soort: str, sectie: str | None, **extra) -> str:
    if soort == "zelfevaluatie":
        return url_for("visitaties.zelfevaluatie", visitatie_id=visitatie_id, sectie=sectie, **extra)
    return url_for(
        "visitaties.commissie_vragenlijst",
        visitatie_id=visitatie_id,
        soort=soort,
        sectie=sectie,
        **extra,
    )


@bp.post("/visitaties/<int:visitatie_id>/heropenen/<soort>")
@vereist(P.VISITATIES_BEHEREN)
def heropenen(visitatie_id: int, soort: str):
    if soort not in ("zelfevaluatie", "commissieoordeel"):
        abort(404)
    ctx = get_visitatie_or_404(visitatie_id, "beheren")
    form = HeropenForm()
    db = get_db()
    respons = _respons(ctx, soort, maak=False) or abort(404)
    try:
        if not form.validate_on_submit():
            raise DomeinFout("Geef een reden om te heropenen.")
        ops.heropen(db, respons=respons, reden=form.reden.data)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("De vragenlijst is heropend; de reden staat in het auditlog.", "success")
    return redirect(_url(visitatie_id, soort, None))


def _bewijsmap() -> Path:
    return opslag.van_app().map("bewijs")


@bp.get("/visitaties/<int:visitatie_id>/bewijs/<soort>/<vraag_code>")
@vereist(P.VISITATIES_WERKEN)
def bewijsstuk(visitatie_id: int, soort: str, vraag_code: str):
    """An evidence file, only for who may read the questionnaire; always as a download."""
    if soort not in RESPONSSOORTEN:
        abort(404)
    ctx = get_visitatie_or_404(visitatie_id, LEES[soort])
    waarde = ops.antwoorden_van(get_db(), _respons(ctx, soort, maak=False)).get(vraag_code)
    if not isinstance(waarde, dict):
        abort(404)
    bestand = bewijs.pad(_bewijsmap(), waarde)
    if not bestand.is_file():
        abort(404)
    # Read into memory (files are at most a few MB): no open file handle outlives the request.
    return send_file(
        io.BytesIO(bestand.read_bytes()),
        mimetype=waarde["type"],
        as_attachment=True,
        download_name=waarde["naam"],
    )


@bp.get("/visitaties/<int:visitatie_id>/kalibratie")
@vereist(P.VISITATIES_WERKEN)
def kalibratie(visitatie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "kalibratie")
    db = get_db()
    zelf = ops.respons_van(db, visitatie=ctx.visitatie, soort="zelfevaluatie")
    oordeel = ops.respons_van(db, visitatie=ctx.visitatie, soort="commissieoordeel")
    rijen = bereken_kalibratie(
        _lijst(ctx, "zelfevaluatie"),
        ops.antwoorden_van(db, zelf),
        _lijst(ctx, "commissieoordeel"),
        ops.antwoorden_van(db, oordeel),
    )
    return render_template(
        "visitaties/kalibratie.html",
        ctx=ctx,
        v=ctx.visitatie,
        rijen=rijen,
        controleer_volledig=controleer_volledig,
    )
