"""The public portal for councils and Provinciale Staten (no login): find a municipality or
province, read its summary (HTML, print, PDF), and the clerks' overview of policy cycles.
Only published editions are ever shown. Plus the page that starts the batch as a job."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from visitatie import opslag
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.foutpaginas import foutpagina
from visitatie.paginacache import gecachte_pagina
from visitatie.publicatie.bouwen import editiemap, raadsbron  # also registers the job "raad_bouw"
from visitatie.publicatie.models import STATUS_NAMEN, Editie
from visitatie.publicatie.operations import gepubliceerde_edities
from visitatie.raad import bevroren
from visitatie.raad import operations as ops
from visitatie.raad.forms import BouwForm
from visitatie.raad.render import pdf_uit_voorraad
from visitatie.taken.models import Taak
from visitatie.taken.runner import maak_taak, verzend

bp = Blueprint("raad", __name__, url_prefix="/raad")
GEEN_EDITIE = ("Er is nog geen editie van de Staat van VTH gepubliceerd. Daarom zijn er nog geen "
               "samenvattingen voor raad en Staten.")
CYCLUS_TEKST = {"compleet": "compleet", "lopend": "loopt nog", "onvolledig": "niet compleet"}


def gekozen_editie(db, edities: list[Editie]) -> Editie | None:
    """The edition asked for (?editie=jaar) among the published ones, else the newest; an
    unpublished or unknown year is a 404, so nothing unpublished can be reached."""
    jaar = request.args.get("editie", type=int)
    if jaar is None:
        return edities[0] if edities else None
    editie = next((e for e in edities if e.jaar == jaar), None)
    if editie is None:
        abort(404)
    return editie


def get_samenvatting_or_404(db, code: str) -> tuple[bevroren.Weergave | None, Editie | None, list[Editie]]:
    """The summary of a participant in a published edition (as frozen with the edition's build,
    else derived from the data), or a plain 404."""
    edities = gepubliceerde_edities(db)
    editie = gekozen_editie(db, edities)
    if editie is None:
        return None, None, edities
    weergave = bevroren.lees(editiemap(editie.jaar) / bevroren.MAP, code)
    if weergave is None:
        s = ops.samenvatting_voor(raadsbron(db, editie), code)
        if s is None:
            abort(404)
        weergave = bevroren.Weergave.van(s)
    return weergave, editie, edities


@bp.get("/")
@vereist(P.PUBLIEK)
def index():
    db = get_db()
    edities = gepubliceerde_edities(db)
    editie = gekozen_editie(db, edities)
    zoekterm = request.args.get("q", "").strip()[:100]
    deelnemers, resultaten = [], None
    if editie is not None:
        deelnemers = ops.deelnemers_op(db, editie.peildatum)
        if zoekterm:
            resultaten = ops.zoek(deelnemers, zoekterm)
            if len(resultaten) == 1:
                return redirect(url_for("raad.samenvatting", code=resultaten[0].code, editie=editie.jaar))
    per_provincie: dict[str, list[ops.Deelnemer]] = {}
    for d in deelnemers:
        if d.soort == "gemeente":
            per_provincie.setdefault(d.provincie_naam, []).append(d)
    provincies = [d for d in deelnemers if d.soort == "provincie"]
    return render_template("raad/index.html", editie=editie, edities=edities, zoekterm=zoekterm,
                           resultaten=resultaten, provincies=provincies,
                           per_provincie=dict(sorted(per_provincie.items())), geen_editie=GEEN_EDITIE)


@bp.get("/cycli")
@vereist(P.PUBLIEK)
def cycli():
    db = get_db()
    edities = gepubliceerde_edities(db)
    editie = gekozen_editie(db, edities)
    if editie is None:
        return render_template("raad/cycli.html", editie=None, geen_editie=GEEN_EDITIE)
    overzicht = (bevroren.lees_cycli(editiemap(editie.jaar) / bevroren.MAP)
                 or ops.cycli_overzicht(raadsbron(db, editie)))
    provincie = request.args.get("provincie", "")
    rijen = [r for r in overzicht["rijen"] if not provincie or r["provincie"] == provincie]
    telling = {jaar: sum(1 for r in rijen for c in r["cycli"] if c["jaar"] == jaar and c["op_tijd"])
               for jaar in overzicht["jaren"]}
    return render_template("raad/cycli.html", editie=editie, edities=edities, rijen=rijen,
                           jaren=overzicht["jaren"], telling=telling, provincies=overzicht["provincies"],
                           provincie=provincie, fictief=overzicht["fictief"], cyclus_tekst=CYCLUS_TEKST,
                           geen_editie=GEEN_EDITIE)


@bp.get("/<code>")
@vereist(P.PUBLIEK)
def samenvatting(code: str):
    """Cached per stamp of the areas it reads and edition asked for (a build or publication writes)."""
    db, code = get_db(), code.upper()
    try:
        return gecachte_pagina(db, ("raad.samenvatting", code, request.args.get("editie")),
                               lambda: _samenvatting_pagina(db, code), kop=_printstijl())
    except GeenEditie:
        return foutpagina(404, GEEN_EDITIE)


def _printstijl() -> str:
    return f'<link rel="stylesheet" href="{url_for("static", filename="css/raad.css")}" media="print">'


class GeenEditie(Exception):
    """No edition has been published yet: not an error of the request, and not cached."""


def _samenvatting_pagina(db, code: str) -> tuple[str, str]:
    s, editie, edities = get_samenvatting_or_404(db, code)
    if s is None:
        raise GeenEditie
    return s.titel, render_template("raad/_samenvatting_pagina.html", s=s, editie=editie,
                                    edities=edities)


@bp.get("/<code>.pdf")
@vereist(P.PUBLIEK)
def pdf(code: str):
    s, editie, _ = get_samenvatting_or_404(get_db(), code.upper())
    if s is None:
        return foutpagina(404, GEEN_EDITIE)
    inhoud = pdf_uit_voorraad(s.document, opslag.van_app().map("raad-pdf"))
    naam = f"samenvatting-{s.code}-{editie.jaar}.pdf"
    return Response(inhoud, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{naam}"'})


@bp.route("/bouwen", methods=["GET", "POST"])
@vereist(P.RAAD_BOUWEN)
def bouwen():
    """Start the batch for any edition (also a concept, to check it before publication): the
    files go to the storage folder, never to the public portal."""
    db = get_db()
    edities = list(db.exec(select(Editie).order_by(Editie.jaar.desc())))
    form = BouwForm(edities=[(e.jaar, f"{e.jaar} ({STATUS_NAMEN[e.status].lower()})") for e in edities])
    if form.validate_on_submit():
        taak = maak_taak(db, soort="raad_bouw", parameters={"jaar": form.editie.data, "pdf": form.pdf.data},
                         gebruiker_id=current_user.id)
        db.commit()
        verzend(db, taak)
        flash("De samenvattingen worden gebouwd. Deze pagina toont de voortgang.")
        return redirect(url_for("taken.taak", taak_id=taak.id))
    recent = db.exec(select(Taak).where(Taak.soort == "raad_bouw").order_by(Taak.id.desc()).limit(5)).all()
    return render_template("raad/bouwen.html", form=form, edities=edities, recent=recent)
