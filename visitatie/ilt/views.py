"""Pages of the ILT studies: list and detail (published ones for everybody), findings by theme
and by actor, follow-up overviews, and the pages where ILT inspectors and OD users write."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlmodel import select

from visitatie import opslag as bestandsopslag
from visitatie.auth.permissions import OD_GEBONDEN_ROLLEN, P, heeft, vereist, ziet_interne_gegevens_van
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.ilt import operations as ops
from visitatie.ilt.bestand import BevindingRegel, lees_bevindingen, naar_csv, naar_xlsx
from visitatie.ilt.forms import BestandForm, BevindingForm, LeegForm, OpvolgingForm, StudieForm
from visitatie.ilt.models import (
    ADRESSAAT_SOORTEN,
    PARTIJ_SOORTEN,
    STUDIESOORTEN,
    STUDIESTATUSSEN,
    IltBevinding,
    IltStudie,
)
from visitatie.ilt.opvolging import CATEGORIEEN, GESLOTEN_STATUSSEN, OPVOLGSTATUSSEN
from visitatie.importeren import ImportFout, als_tijdelijk_bestand
from visitatie.register.models import Omgevingsdienst, Provincie
from visitatie.register.operations import geldig_op
from visitatie.timeutil import vandaag

bp = Blueprint("ilt", __name__, url_prefix="/ilt")
bp.add_app_template_global(OPVOLGSTATUSSEN, "ILT_OPVOLGSTATUSSEN")  # also for the OD-page section
bp.add_app_template_global(CATEGORIEEN, "ILT_OPVOLGCATEGORIEEN")
bp.add_app_template_global(GESLOTEN_STATUSSEN, "ILT_GESLOTEN")


@bp.app_template_global("ilt_naam")
def ilt_naam(lijst: str, code: str | None) -> str:
    """Display name of a taxonomy code; the code itself when it is unknown."""
    if not code:
        return ""
    try:
        return ops.TAXONOMIE().naam(lijst, code)
    except KeyError:
        return code


@bp.context_processor
def ilt_context():
    return {"STUDIESOORTEN": STUDIESOORTEN, "STUDIESTATUSSEN": STUDIESTATUSSEN,
            "OPVOLGSTATUSSEN": OPVOLGSTATUSSEN, "ADRESSAAT_SOORTEN": ADRESSAAT_SOORTEN,
            "mag_beheren": heeft(current_user, P.ILT_BEHEREN),
            "mag_opvolgen": mag_opvolgen}


# --- access ------------------------------------------------------------------------------------

def ziet_concepten() -> bool:
    return heeft(current_user, P.ILT_ALLES_LEZEN)


def get_studie_or_404(studie_id: int) -> IltStudie:
    """The study; a concept is invisible (404) to whoever may not read concepts."""
    studie = get_db().get(IltStudie, studie_id)
    if studie is None or (not studie.gepubliceerd and not ziet_concepten()):
        abort(404)
    return studie


def get_bevinding_or_404(bevinding_id: int) -> tuple[IltBevinding, IltStudie]:
    bevinding = get_db().get(IltBevinding, bevinding_id) or abort(404)
    return bevinding, get_studie_or_404(bevinding.studie_id)


def mag_opvolgen(soort: str, code: str) -> bool:
    """An OD user keeps the follow-up of its own OD only; other holders of the permission any."""
    if not heeft(current_user, P.ILT_OPVOLGEN):
        return False
    if current_user.rol in OD_GEBONDEN_ROLLEN:
        return soort == "od" and ziet_interne_gegevens_van(current_user, code)
    return True


def _namen(db) -> dict[str, dict[str, str]]:
    return {"od": {o.code: o.afkorting for o in db.exec(select(Omgevingsdienst)).all()},
            "provincie": {p.code: p.naam for p in db.exec(select(Provincie)).all()}}


# --- reading -----------------------------------------------------------------------------------

@bp.get("/")
@vereist(P.PUBLIEK)
def studies():
    lijst = ops.studies(get_db(), ook_concepten=ziet_concepten())
    return render_template("ilt/studies.html", studies=lijst)


@bp.get("/studies/<int:studie_id>")
@vereist(P.PUBLIEK)
def studie(studie_id: int):
    db = get_db()
    s = get_studie_or_404(studie_id)
    return render_template("ilt/studie.html", studie=s, regels=ops.regels(db, ook_concepten=True, studie=s),
                           partijen=ops.partijen_op(db, vandaag()), namen=_namen(db), form=LeegForm(),
                           heeft_bestand=ops.rapport_pad(s, bestandsopslag.van_app()) is not None)


@bp.get("/studies/<int:studie_id>/rapport")
@vereist(P.PUBLIEK)
def rapport(studie_id: int):
    s = get_studie_or_404(studie_id)
    pad = ops.rapport_pad(s, bestandsopslag.van_app())
    if pad is None:
        return render_template("ilt/geen_rapport.html", studie=s)
    return send_file(io.BytesIO(pad.read_bytes()), mimetype="application/pdf", as_attachment=True,
                     download_name=f"ilt-studie-{s.id}.pdf")


@bp.get("/studies/<int:studie_id>/bevindingen.<formaat>")
@vereist(P.PUBLIEK)
def exporteren(studie_id: int, formaat: str):
    db = get_db()
    s = get_studie_or_404(studie_id)
    regels = ops.regels_van(db, s)
    if formaat == "csv":
        data, mime = naar_csv(regels), "text/csv; charset=utf-8"
    elif formaat == "xlsx":
        data = naar_xlsx(regels, titel=s.titel, tax=ops.TAXONOMIE(), registercodes=ops.registercodes(db))
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    return Response(data, mimetype=mime, headers={
        "Content-Disposition": f'attachment; filename="ilt-studie-{s.id}-bevindingen.{formaat}"'})


@bp.get("/themas")
@vereist(P.PUBLIEK)
def per_thema():
    db = get_db()
    return render_template("ilt/per_thema.html", groepen=ops.per_thema(db), namen=_namen(db))


@bp.get("/actoren")
@vereist(P.PUBLIEK)
def per_actor():
    db = get_db()
    return render_template("ilt/per_actor.html", groepen=ops.per_actor(db), namen=_namen(db))


@bp.get("/opvolging")
@vereist(P.PUBLIEK)
def opvolging():
    db = get_db()
    return render_template("ilt/opvolging.html", overzicht=ops.opvolging_overzicht(db, vandaag()))


# --- studies: writing --------------------------------------------------------------------------

def _studie_form(**kwargs) -> StudieForm:
    return StudieForm(thema_keuzes=ops.TAXONOMIE().keuzes("themas"), **kwargs)


def _toon_domeinfout(form, fout: DomeinFout, standaard: str) -> None:
    veld = getattr(form, fout.veld or standaard, None) or getattr(form, standaard)
    veld.errors = [*veld.errors, fout.boodschap]
    form.vth_status = fout.status  # 409 for a conflict, 422 otherwise


def _status(form) -> int:
    """The status of a form page: 200, 422 with field errors, 409 after a conflict."""
    return getattr(form, "vth_status", 422) if form.errors else 200


@bp.route("/studies/nieuw", methods=["GET", "POST"])
@vereist(P.ILT_BEHEREN)
def studie_nieuw():
    form = _studie_form()
    if form.validate_on_submit():
        db = get_db()
        try:
            s = ops.maak_studie(db, **form.gegevens())
        except DomeinFout as fout:
            _toon_domeinfout(form, fout, "titel")
        else:
            db.commit()
            flash("Studie aangemaakt als concept.", "success")
            return redirect(url_for("ilt.studie", studie_id=s.id))
    return render_template("ilt/studie_form.html", form=form, studie=None), _status(form)


@bp.route("/studies/<int:studie_id>/bewerken", methods=["GET", "POST"])
@vereist(P.ILT_BEHEREN)
def studie_bewerken(studie_id: int):
    s = get_studie_or_404(studie_id)
    form = _studie_form(obj=s)
    if request.method == "GET":
        form.versie.data = s.versie
    if form.validate_on_submit():
        db = get_db()
        try:
            ops.wijzig_studie(db, studie=s, versie=form.versie.data, **form.gegevens())
        except DomeinFout as fout:
            db.rollback()
            _toon_domeinfout(form, fout, "titel")
        else:
            db.commit()
            flash("Studie opgeslagen.", "success")
            return redirect(url_for("ilt.studie", studie_id=s.id))
    return render_template("ilt/studie_form.html", form=form, studie=s), _status(form)


@bp.post("/studies/<int:studie_id>/publiceren")
@vereist(P.ILT_BEHEREN)
def publiceren(studie_id: int):
    return _status_actie(studie_id, ops.publiceer_studie, "De studie is gepubliceerd.")


@bp.post("/studies/<int:studie_id>/concept")
@vereist(P.ILT_BEHEREN)
def naar_concept(studie_id: int):
    return _status_actie(studie_id, ops.studie_naar_concept, "De studie is weer een concept.")


def _status_actie(studie_id: int, actie, bericht: str):
    s = get_studie_or_404(studie_id)
    if not LeegForm().validate_on_submit():
        abort(400)
    db = get_db()
    try:
        actie(db, studie=s)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash(bericht, "success")
    return redirect(url_for("ilt.studie", studie_id=studie_id))


@bp.route("/studies/<int:studie_id>/rapport/uploaden", methods=["GET", "POST"])
@vereist(P.ILT_BEHEREN)
def rapport_uploaden(studie_id: int):
    s = get_studie_or_404(studie_id)
    form = BestandForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            ops.bewaar_rapport(db, studie=s, data=_lees_upload_bytes(form, ops.MAX_RAPPORT_BYTES + 1),
                               opslag=bestandsopslag.van_app(),
                               naam=form.bestand.data.filename or "")
        except DomeinFout as fout:
            _toon_domeinfout(form, fout, "bestand")
        else:
            db.commit()
            flash("Het rapport is opgeslagen.", "success")
            return redirect(url_for("ilt.studie", studie_id=s.id))
    return render_template("ilt/rapport_uploaden.html", form=form, studie=s), _status(form)


# --- findings: writing -------------------------------------------------------------------------

def _bevinding_form(db, **kwargs) -> BevindingForm:
    ods = db.exec(select(Omgevingsdienst).where(geldig_op(Omgevingsdienst, vandaag()))
                  .order_by(Omgevingsdienst.naam)).all()
    provincies = db.exec(select(Provincie).order_by(Provincie.naam)).all()
    return BevindingForm(tax=ops.TAXONOMIE(), od_keuzes=[(o.code, o.naam) for o in ods],
                         provincie_keuzes=[(p.code, p.naam) for p in provincies], **kwargs)


def _regel_uit(form: BevindingForm) -> BevindingRegel:
    return BevindingRegel(form.nummer.data, form.type.data, form.thema.data, form.ernst.data or None,
                          form.tekst.data.strip(), tuple(form.actoren.data or ()),
                          tuple(form.ods.data or ()), tuple(form.provincies.data or ()),
                          (form.bron.data or "").strip())


def _bewaar_bevinding_form(s: IltStudie, form: BevindingForm, bestaand: IltBevinding | None):
    db = get_db()
    regel = _regel_uit(form)
    if bestaand is None and any(b.nummer == regel.nummer for b in ops.bevindingen_van(db, s)):
        form.nummer.errors = [*form.nummer.errors, "Dit nummer is in deze studie al in gebruik."]
        return None
    if bestaand is not None and regel.nummer != bestaand.nummer:
        form.nummer.errors = [*form.nummer.errors, "Het nummer van een bestaande bevinding blijft gelijk."]
        return None
    try:
        ops.bewaar_bevinding(db, studie=s, regel=regel)
    except DomeinFout as fout:
        db.rollback()
        _toon_domeinfout(form, fout, "tekst")
        return None
    db.commit()
    flash(f"Bevinding {regel.nummer} opgeslagen.", "success")
    return redirect(url_for("ilt.studie", studie_id=s.id, _anchor=f"bevinding-{regel.nummer}"))


@bp.route("/studies/<int:studie_id>/bevindingen/nieuw", methods=["GET", "POST"])
@vereist(P.ILT_BEHEREN)
def bevinding_nieuw(studie_id: int):
    db = get_db()
    s = get_studie_or_404(studie_id)
    form = _bevinding_form(db)
    if request.method == "GET":
        form.nummer.data = max((b.nummer for b in ops.bevindingen_van(db, s)), default=0) + 1
    if form.validate_on_submit() and (antwoord := _bewaar_bevinding_form(s, form, None)):
        return antwoord
    return render_template("ilt/bevinding_form.html", form=form, studie=s, bevinding=None), \
        _status(form)


@bp.route("/bevindingen/<int:bevinding_id>/bewerken", methods=["GET", "POST"])
@vereist(P.ILT_BEHEREN)
def bevinding_bewerken(bevinding_id: int):
    db = get_db()
    bevinding, s = get_bevinding_or_404(bevinding_id)
    form = _bevinding_form(db, obj=bevinding)
    if request.method == "GET":
        regel = ops.als_regel(db, bevinding)
        form.actoren.data, form.ods.data = list(regel.actoren), list(regel.ods)
        form.provincies.data, form.ernst.data = list(regel.provincies), regel.ernst or ""
    if form.validate_on_submit() and (antwoord := _bewaar_bevinding_form(s, form, bevinding)):
        return antwoord
    return render_template("ilt/bevinding_form.html", form=form, studie=s, bevinding=bevinding), \
        _status(form)


@bp.post("/bevindingen/<int:bevinding_id>/verwijderen")
@vereist(P.ILT_BEHEREN)
def bevinding_verwijderen(bevinding_id: int):
    bevinding, s = get_bevinding_or_404(bevinding_id)
    if not LeegForm().validate_on_submit():
        abort(400)
    db = get_db()
    try:
        ops.verwijder_bevinding(db, bevinding=bevinding)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash(f"Bevinding {bevinding.nummer} verwijderd.", "success")
    return redirect(url_for("ilt.studie", studie_id=s.id))


@bp.route("/studies/<int:studie_id>/importeren", methods=["GET", "POST"])
@vereist(P.ILT_BEHEREN)
def importeren(studie_id: int):
    """Findings from XLSX or CSV: all rows are written, or (on any error) none."""
    db = get_db()
    s = get_studie_or_404(studie_id)
    form, meldingen = BestandForm(), []
    if form.validate_on_submit():
        try:
            regels = _lees_upload(db, _lees_upload_bytes(form))
            telling = ops.importeer_bevindingen(db, studie=s, regels=regels)
        except ImportFout as fout:
            db.rollback()
            meldingen = fout.meldingen
        except DomeinFout as fout:
            db.rollback()
            _toon_domeinfout(form, fout, "bestand")
        else:
            db.commit()
            flash(f"Import gelukt: {telling['nieuw']} nieuw, {telling['bijgewerkt']} bijgewerkt, "
                  f"{telling['ongewijzigd']} ongewijzigd.", "success")
            return redirect(url_for("ilt.studie", studie_id=s.id))
    status = 422 if (form.errors or meldingen) else 200
    return render_template("ilt/importeren.html", form=form, studie=s, meldingen=meldingen), status


def _lees_upload_bytes(form: BestandForm, maximum: int = -1) -> bytes:
    """The uploaded bytes (at most `maximum`); the spooled temporary file is closed at once."""
    bestand = form.bestand.data
    try:
        return bestand.read(maximum)
    finally:
        bestand.close()


def _lees_upload(db, data: bytes) -> list[BevindingRegel]:
    """Read an upload through a temporary file; the type is judged by content, not by name."""
    with als_tijdelijk_bestand(data) as pad:
        return lees_bevindingen(pad, bestandsnaam=f"geüpload {pad.suffix[1:].upper()}-bestand",
                                tax=ops.TAXONOMIE(), od_codes=ops.od_codes(db),
                                provincie_codes=ops.provincie_codes(db))


# --- follow-up ---------------------------------------------------------------------------------

@bp.route("/bevindingen/<int:bevinding_id>/opvolging/<soort>/<code>", methods=["GET", "POST"])
@vereist(P.ILT_OPVOLGEN)
def opvolging_bewerken(bevinding_id: int, soort: str, code: str):
    db = get_db()
    bevinding, s = get_bevinding_or_404(bevinding_id)
    if soort not in PARTIJ_SOORTEN:
        abort(404)
    if not mag_opvolgen(soort, code):
        abort(403)
    regel, partijen = ops.regel_van(db, bevinding), ops.partijen_op(db, vandaag())
    if regel is None or not bevinding.opvolgbaar or not partijen.betreft(regel, soort, code):
        abort(404)
    bestaand = regel.opvolging_van(soort, code)
    form = OpvolgingForm(obj=bestaand, status_keuzes=OPVOLGSTATUSSEN.items())
    if request.method == "GET":
        form.versie.data = bestaand.versie if bestaand else 0
    if form.validate_on_submit():
        try:
            ops.bewaar_opvolging(db, bevinding=bevinding, partij_soort=soort, partij_code=code,
                                 status=form.status.data, toelichting=form.toelichting.data or "",
                                 versie=form.versie.data, door=current_user.email)
        except DomeinFout as fout:
            db.rollback()
            _toon_domeinfout(form, fout, "status")
        else:
            db.commit()
            flash("Opvolging opgeslagen.", "success")
            return redirect(url_for("ilt.studie", studie_id=s.id, _anchor=f"bevinding-{bevinding.nummer}"))
    namen = _namen(db)
    voorgangers = [namen["od"].get(c, c) for c in partijen.voorgangers_op(regel, code)]
    return render_template("ilt/opvolging_form.html", form=form, studie=s, regel=regel,
                           partij=namen[soort].get(code, code), soort=soort, namen=namen,
                           voorgangers=voorgangers), _status(form)
