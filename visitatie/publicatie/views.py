"""Pages of the Staat van VTH: editions for editors and the programme office (narrative with a
live preview, builds as background jobs, adopting, publishing, downloads), and the public
pages of published editions. Nothing of an unpublished edition is served publicly."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlmodel import select
from werkzeug.security import safe_join

from staat_van_vth.render import markdown_naar_html, veilige_redactietekst
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.errors import Conflict, DomeinFout
from visitatie.publicatie import bouwen
from visitatie.publicatie import operations as ops
from visitatie.publicatie.forms import EditieForm, StatusForm, TekstForm
from visitatie.publicatie.models import STATUS_NAMEN, Editie
from visitatie.taken.models import Taak, TaakLooptAl
from visitatie.taken.runner import verzend

bp = Blueprint("publicatie", __name__)
STATUS_ACTIES = {"vaststellen": P.STAAT_REDIGEREN, "heropenen": P.STAAT_REDIGEREN}
DOWNLOAD_TYPEN = {"pdf": "application/pdf", "open-data": "application/zip",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def get_editie_or_404(jaar: int, *, publiek: bool = False) -> Editie:
    """The edition; on public pages only a published one (a concept is simply not there)."""
    editie = ops.editie_van(get_db(), jaar)
    if editie is None or (publiek and editie.status != "gepubliceerd"):
        abort(404)
    return editie


def voorbeeld_html(markdown: str) -> Markup:
    """The narrative as the report will show it: through the pipeline's safe Markdown path."""
    return Markup(markdown_naar_html(veilige_redactietekst(markdown)))  # noqa: S704 - raw HTML is off


# --- editors and programme office ---------------------------------------------------------

@bp.get("/edities")
@vereist(P.STAAT_REDIGEREN)
def edities():
    db = get_db()
    lijst = db.exec(select(Editie).order_by(Editie.jaar.desc())).all()
    return render_template("publicatie/edities.html", edities=lijst, namen=STATUS_NAMEN)


@bp.route("/edities/nieuw", methods=["GET", "POST"])
@vereist(P.STAAT_REDIGEREN)
def nieuw():
    form = EditieForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            editie = ops.maak_editie(db, jaar=form.jaar.data, periode_van=form.periode_van.data,
                                     periode_tot=form.periode_tot.data, peildatum=form.peildatum.data)
        except DomeinFout as fout:
            db.rollback()
            getattr(form, fout.veld or "jaar").errors.append(fout.boodschap)
        else:
            db.commit()
            flash(f"Editie {editie.jaar} aangemaakt.", "succes")
            return redirect(url_for("publicatie.editie", jaar=editie.jaar))
    return render_template("publicatie/nieuw.html", form=form)


@bp.get("/edities/<int:jaar>")
@vereist(P.STAAT_REDIGEREN)
def editie(jaar: int):
    db = get_db()
    editie = get_editie_or_404(jaar)
    teksten = ops.teksten_van(db, editie)
    taken = db.exec(select(Taak).where(Taak.soort == ops.TAAKSOORT).order_by(Taak.id.desc())
                    .limit(50)).all()
    eigen = [t for t in taken if (t.parameters or {}).get("editie_id") == editie.id][:5]
    return render_template(
        "publicatie/editie.html", editie=editie, namen=STATUS_NAMEN, teksten=teksten,
        hoofdstukken=ops.HOOFDSTUK_TITELS, taken=eigen, gebouwd=bouwen.is_gebouwd(jaar),
        downloads={k: p for k, p in bouwen.downloads(jaar).items() if p.exists()},
        form=StatusForm(versie=editie.versie))


@bp.post("/edities/<int:jaar>/bouwen")
@vereist(P.STAAT_REDIGEREN)
def bouw(jaar: int):
    db = get_db()
    editie = get_editie_or_404(jaar)
    if not StatusForm().validate_on_submit():
        abort(400)
    try:
        taak = ops.start_bouw(db, editie=editie, gebruiker_id=current_user.id)
    except TaakLooptAl:
        raise  # shown as the running build (visitatie/taken/views.py)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "fout")
        return redirect(url_for("publicatie.editie", jaar=jaar))
    db.commit()
    verzend(db, taak)
    return redirect(url_for("taken.taak", taak_id=taak.id))


@bp.post("/edities/<int:jaar>/status/<actie>")
@vereist(P.STAAT_REDIGEREN)
def status(jaar: int, actie: str):
    if actie not in STATUS_ACTIES:
        abort(404)
    return _wijzig_status(jaar, actie)


@bp.post("/edities/<int:jaar>/publiceren")
@vereist(P.STAAT_PUBLICEREN)
def publiceren(jaar: int):
    if not bouwen.is_gebouwd(jaar):
        flash("Er zijn geen gebouwde bestanden van deze editie; bouw haar eerst.", "fout")
        return redirect(url_for("publicatie.editie", jaar=jaar))
    return _wijzig_status(jaar, "publiceren")


def _wijzig_status(jaar: int, actie: str):
    db = get_db()
    editie = get_editie_or_404(jaar)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        ops.wijzig_status(db, editie=editie, actie=actie, versie=form.versie.data)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "fout")
    else:
        db.commit()
        flash(f"Editie {jaar}: {STATUS_NAMEN[editie.status].lower()}.", "succes")
    return redirect(url_for("publicatie.editie", jaar=jaar))


@bp.route("/edities/<int:jaar>/tekst/<hoofdstuk>", methods=["GET", "POST"])
@vereist(P.STAAT_REDIGEREN)
def tekst(jaar: int, hoofdstuk: str):
    db = get_db()
    editie = get_editie_or_404(jaar)
    if hoofdstuk not in ops.HOOFDSTUK_TITELS:
        abort(404)
    bestaand = ops.teksten_van(db, editie).get(hoofdstuk)
    form = TekstForm(data={"markdown": bestaand.markdown if bestaand else "",
                           "versie": bestaand.versie if bestaand else 0}
                     if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            ops.bewaar_tekst(db, editie=editie, hoofdstuk=hoofdstuk, markdown=form.markdown.data or "",
                             versie=form.versie.data, door=current_user.email)
        except Conflict as fout:
            db.rollback()
            form.markdown.errors.append(fout.boodschap)
            return render_template("publicatie/tekst.html", editie=editie, hoofdstuk=hoofdstuk,
                                   titel=ops.HOOFDSTUK_TITELS[hoofdstuk], form=form,
                                   huidig=bestaand, voorbeeld=voorbeeld_html(form.markdown.data or "")), 409
        except DomeinFout as fout:
            db.rollback()
            flash(fout.boodschap, "fout")
            return redirect(url_for("publicatie.editie", jaar=jaar))
        db.commit()
        flash(f"Tekst van '{ops.HOOFDSTUK_TITELS[hoofdstuk]}' opgeslagen.", "succes")
        return redirect(url_for("publicatie.editie", jaar=jaar))
    return render_template("publicatie/tekst.html", editie=editie, hoofdstuk=hoofdstuk,
                           titel=ops.HOOFDSTUK_TITELS[hoofdstuk], form=form, huidig=None,
                           voorbeeld=voorbeeld_html(form.markdown.data or ""))


@bp.post("/edities/<int:jaar>/voorbeeld")
@vereist(P.STAAT_REDIGEREN)
def voorbeeld(jaar: int):
    """The live preview fragment (htmx): Markdown in, the safe HTML of the report out."""
    get_editie_or_404(jaar)
    form = TekstForm()
    if not form.validate_on_submit():
        abort(400)
    return render_template("publicatie/_voorbeeld.html", voorbeeld=voorbeeld_html(form.markdown.data or ""))


@bp.get("/edities/<int:jaar>/bestand/<soort>")
@vereist(P.STAAT_REDIGEREN)
def bestand(jaar: int, soort: str):
    get_editie_or_404(jaar)
    return _stuur_download(jaar, soort)


@bp.get("/edities/<int:jaar>/site/")
@bp.get("/edities/<int:jaar>/site/<path:pad>")
@vereist(P.STAAT_REDIGEREN)
def site(jaar: int, pad: str = "index.html"):
    """The built HTML site of any edition, to review before it is published."""
    get_editie_or_404(jaar)
    return _stuur_site(jaar, pad)


# --- public ---------------------------------------------------------------------------

@bp.get("/staat")
@vereist(P.PUBLIEK)
def publiek():
    return render_template("publicatie/publiek.html", edities=ops.gepubliceerde_edities(get_db()))


@bp.get("/staat/<int:jaar>/")
@bp.get("/staat/<int:jaar>/<path:pad>")
@vereist(P.PUBLIEK)
def publiek_site(jaar: int, pad: str = "index.html"):
    get_editie_or_404(jaar, publiek=True)
    return _stuur_site(jaar, pad)


@bp.get("/staat/<int:jaar>/download/<soort>")
@vereist(P.PUBLIEK)
def publiek_download(jaar: int, soort: str):
    get_editie_or_404(jaar, publiek=True)
    return _stuur_download(jaar, soort)


def _stuur_site(jaar: int, pad: str):
    map_ = bouwen.editiemap(jaar) / "editie" / "site"
    veilig = safe_join(str(map_), pad)  # None for anything that would leave the folder
    if veilig is None or not _is_bestand(Path(veilig)):
        abort(404)
    return _bestand(Path(veilig), mimetypes.guess_type(veilig)[0] or "application/octet-stream")


def _is_bestand(pad: Path) -> bool:
    """False also for a name the file system refuses (too long: found by the URL-path fuzz)."""
    try:
        return pad.is_file()
    except OSError:
        return False


def _stuur_download(jaar: int, soort: str):
    pad = bouwen.downloads(jaar).get(soort)
    if pad is None or not pad.exists():
        abort(404)
    return _bestand(pad, DOWNLOAD_TYPEN[soort], pad.name)


def _bestand(pad: Path, mimetype: str, download: str | None = None) -> Response:
    """Read whole (an edition's files are a few MB): no open file handle outlives the request."""
    antwoord = Response(pad.read_bytes(), mimetype=mimetype)
    antwoord.headers["Cache-Control"] = "public, max-age=300"
    if download:
        antwoord.headers.set("Content-Disposition", "attachment", filename=download)
    return antwoord
