"""The report (generate, edit with a sanitised preview), right of reply, interview notes and the
improvement plan."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlmodel import select
from wtforms.fields.choices import SelectChoice

from visitatie import opslag
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.errors import Conflict, DomeinFout
from visitatie.markdown import naar_html
from visitatie.register.models import Omgevingsdienst
from visitatie.taxonomie import taxonomie
from visitatie.timeutil import vandaag
from visitatie.visitaties import bijlagen, export
from visitatie.visitaties import operations as ops
from visitatie.visitaties import rapport as rapportmodule
from visitatie.visitaties import verbeterplan_export as planexport
from visitatie.visitaties.forms import (
    ActieForm,
    AntwoordForm,
    LeegForm,
    RapportForm,
    ReactieForm,
    VerslagForm,
)
from visitatie.visitaties.models import (
    ACTIESTATUSSEN,
    BESLUITEN,
    REACTIESOORTEN,
    GespreksVerslag,
    Herinnering,
    Verbeteractie,
    Visitatie,
    WederhoorReactie,
    status_na,
)
from visitatie.visitaties.views import bp, get_visitatie_or_404


def _keuzes(d: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(k, v) for k, v in d.items()]


@bp.route("/visitaties/<int:visitatie_id>/rapport", methods=["GET", "POST"])
@vereist(P.VISITATIES_WERKEN)
def rapport(visitatie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, {"concept_lezen", "rapport_lezen"})
    db = get_db()
    rap = ops.rapport_van(db, ctx.visitatie)
    form = RapportForm(data={"tekst": rap.tekst, "versie": rap.versie} if rap else None)
    status = 200
    if request.method == "POST":
        if "concept_bewerken" not in ctx.rechten or rap is None:
            abort(403)
        if form.validate_on_submit():
            try:
                ops.bewaar_rapport(db, rapport=rap, tekst=form.tekst.data, versie=form.versie.data)
            except Conflict as fout:
                db.rollback()
                flash(fout.boodschap, "error")
                status = 409
            else:
                db.commit()
                flash("Het rapport is opgeslagen.", "success")
                return redirect(url_for("visitaties.rapport", visitatie_id=visitatie_id))
    return render_template(
        "visitaties/rapport.html",
        ctx=ctx,
        v=ctx.visitatie,
        rapport=rap,
        form=form,
        html=naar_html(ops.volledig_rapport(rap)) if rap else None,
        leeg_form=LeegForm(),
        actueel=rap.tekst if rap else "",
    ), status


@bp.post("/visitaties/<int:visitatie_id>/rapport/voorbeeld")
@vereist(P.COMMISSIEWERK)
def rapport_voorbeeld(visitatie_id: int):
    """The live preview (htmx): the same sanitised HTML the report page shows."""
    get_visitatie_or_404(visitatie_id, "concept_bewerken")
    return str(naar_html(request.form.get("tekst", "")))


@bp.post("/visitaties/<int:visitatie_id>/rapport/genereren")
@vereist(P.COMMISSIEWERK)
def rapport_genereren(visitatie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "oordeel_bewerken")
    if not LeegForm().validate_on_submit():
        abort(400)
    db = get_db()
    try:
        ops.maak_conceptrapport(db, visitatie=ctx.visitatie)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
        return redirect(url_for("visitaties.detail", visitatie_id=visitatie_id))
    db.commit()
    flash("Het conceptrapport is gemaakt uit het oordeel van de commissie.", "success")
    return redirect(url_for("visitaties.rapport", visitatie_id=visitatie_id))


@bp.route("/visitaties/<int:visitatie_id>/wederhoor", methods=["GET", "POST"])
@vereist(P.VISITATIES_WERKEN)
def wederhoor(visitatie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "concept_lezen")
    db = get_db()
    form = _reactie_form(db, ctx)
    if request.method == "POST":
        if "wederhoor_reageren" not in ctx.rechten:
            abort(403)
        if form.validate_on_submit():
            try:
                ops.plaats_reactie(
                    db,
                    visitatie=ctx.visitatie,
                    sectie=form.sectie.data,
                    soort=form.soort.data,
                    tekst=form.tekst.data,
                    auteur_id=current_user.id,
                )
            except DomeinFout as fout:
                db.rollback()
                flash(fout.boodschap, "error")
            else:
                db.commit()
                flash("Uw reactie is geplaatst.", "success")
                return redirect(url_for("visitaties.wederhoor", visitatie_id=visitatie_id))
    antwoord_forms, wijzig_forms = {}, {}
    for r in ops.reacties_van(db, ctx.visitatie):
        f = AntwoordForm(prefix=f"r{r.id}", data={"besluit": r.besluit, "antwoord": r.antwoord})
        f.besluit.choices = _keuzes(BESLUITEN)
        antwoord_forms[r.id] = (r, f)
        if "wederhoor_reageren" in ctx.rechten and r.besluit is None:
            wijzig_forms[r.id] = _reactie_form(db, ctx, prefix=f"w{r.id}", formdata=None,
                                               data={"sectie": r.sectie, "soort": r.soort, "tekst": r.tekst})
    return render_template(
        "visitaties/wederhoor.html",
        ctx=ctx,
        v=ctx.visitatie,
        form=form,
        reacties=antwoord_forms,
        wijzig_forms=wijzig_forms,
        leeg_form=LeegForm(),
        bijlagen=bijlagen.bijlagen_van(db, visitatie_id, "wederhoor"),
        soorten=REACTIESOORTEN,
        besluiten=BESLUITEN,
    )


@bp.post("/visitaties/<int:visitatie_id>/wederhoor/<int:reactie_id>")
@vereist(P.COMMISSIEWERK)
def wederhoor_antwoord(visitatie_id: int, reactie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "wederhoor_beantwoorden")
    db = get_db()
    reactie = db.get(WederhoorReactie, reactie_id)
    if reactie is None or reactie.visitatie_id != ctx.visitatie.id:
        abort(404)
    form = AntwoordForm(prefix=f"r{reactie_id}")
    form.besluit.choices = _keuzes(BESLUITEN)
    try:
        if not form.validate_on_submit():
            raise DomeinFout("Kies een besluit.")
        ops.beantwoord_reactie(
            db, reactie=reactie, besluit=form.besluit.data, antwoord=form.antwoord.data or ""
        )
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("Het antwoord van de commissie is opgeslagen.", "success")
    return redirect(url_for("visitaties.wederhoor", visitatie_id=visitatie_id))


def _eigen_open_reactie(visitatie_id: int, reactie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "wederhoor_reageren")
    reactie = get_db().get(WederhoorReactie, reactie_id)
    if reactie is None or reactie.visitatie_id != ctx.visitatie.id:
        abort(404)
    return ctx, reactie


@bp.post("/visitaties/<int:visitatie_id>/wederhoor/<int:reactie_id>/wijzigen")
@vereist(P.VISITATIES_WERKEN)
def wederhoor_wijzigen(visitatie_id: int, reactie_id: int):
    """The OD changes a reaction the committee has not answered yet."""
    ctx, reactie = _eigen_open_reactie(visitatie_id, reactie_id)
    db = get_db()
    form = _reactie_form(db, ctx, prefix=f"w{reactie_id}")
    try:
        if not form.validate_on_submit():
            raise DomeinFout("Kies een hoofdstuk en een soort en schrijf een reactie.")
        ops.wijzig_reactie(db, visitatie=ctx.visitatie, reactie=reactie, sectie=form.sectie.data,
                           soort=form.soort.data, tekst=form.tekst.data)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("Uw reactie is gewijzigd.", "success")
    return redirect(url_for("visitaties.wederhoor", visitatie_id=visitatie_id))


@bp.post("/visitaties/<int:visitatie_id>/wederhoor/<int:reactie_id>/intrekken")
@vereist(P.VISITATIES_WERKEN)
def wederhoor_intrekken(visitatie_id: int, reactie_id: int):
    """The OD withdraws a reaction the committee has not answered yet."""
    ctx, reactie = _eigen_open_reactie(visitatie_id, reactie_id)
    if not LeegForm().validate_on_submit():
        abort(400)
    db = get_db()
    try:
        ops.trek_reactie_in(db, visitatie=ctx.visitatie, reactie=reactie)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("Uw reactie is ingetrokken.", "success")
    return redirect(url_for("visitaties.wederhoor", visitatie_id=visitatie_id))


def _reactie_form(db, ctx, prefix: str = "", **kwargs) -> ReactieForm:
    rap = ops.rapport_van(db, ctx.visitatie)
    form = ReactieForm(prefix=prefix, **kwargs)
    form.sectie.choices = [SelectChoice(s, s) for s in (rapportmodule.secties(rap.tekst) if rap else [])]
    form.soort.choices = _keuzes(REACTIESOORTEN)
    return form


@bp.route("/visitaties/<int:visitatie_id>/gesprekken", methods=["GET", "POST"])
@vereist(P.COMMISSIEWERK)
def gesprekken(visitatie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "gesprekken")
    db = get_db()
    form = VerslagForm()
    if form.validate_on_submit():
        ops.voeg_verslag_toe(
            db,
            visitatie=ctx.visitatie,
            titel=form.titel.data,
            tekst=form.tekst.data,
            auteur_id=current_user.id,
        )
        db.commit()
        flash("Het gespreksverslag is opgeslagen.", "success")
        return redirect(url_for("visitaties.gesprekken", visitatie_id=visitatie_id))
    verslagen = db.exec(
        select(GespreksVerslag)
        .where(GespreksVerslag.visitatie_id == visitatie_id)
        .order_by(GespreksVerslag.aangemaakt)
    ).all()
    return render_template(
        "visitaties/gesprekken.html",
        ctx=ctx,
        v=ctx.visitatie,
        form=form,
        verslagen=verslagen,
        naar_html=naar_html,
        bijlagen=bijlagen.bijlagen_van(db, visitatie_id, "gesprek"),
        leeg_form=LeegForm(),
    )


@bp.get("/visitaties/<int:visitatie_id>/verbeterplan")
@vereist(P.VISITATIES_WERKEN)
def verbeterplan(visitatie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "verbeterplan_lezen")
    forms = []
    for actie in ops.acties_van(get_db(), visitatie_id):
        f = ActieForm(prefix=f"a{actie.id}", obj=actie)
        f.status.choices = _keuzes(ACTIESTATUSSEN)
        forms.append((actie, f))
    return render_template(
        "visitaties/verbeterplan.html", ctx=ctx, v=ctx.visitatie, acties=forms, statussen=ACTIESTATUSSEN,
        vandaag=vandaag(),
    )


VERBETERPLAN_FORMATEN = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.get("/visitaties/<int:visitatie_id>/verbeterplan.<formaat>")
@vereist(P.VISITATIES_WERKEN)
def verbeterplan_export(visitatie_id: int, formaat: str):
    """The improvement plan for Excel: CSV (semicolons, UTF-8 with BOM) or XLSX."""
    ctx = get_visitatie_or_404(visitatie_id, "verbeterplan_lezen")
    if formaat not in VERBETERPLAN_FORMATEN:
        abort(404)
    tax = taxonomie()
    rijen = [
        planexport.ActieRij(nummer=i, thema=tax.naam("themas", a.thema) if a.thema else "",
                            aanbeveling=a.aanbeveling, eigenaar=a.eigenaar, deadline=a.deadline,
                            status=ACTIESTATUSSEN.get(a.status, a.status), voortgang=a.voortgang)
        for i, a in enumerate(ops.acties_van(get_db(), visitatie_id), start=1)
    ]
    titel = f"Verbeterplan {ctx.od.naam}"
    inhoud = (planexport.naar_csv(rijen) if formaat == "csv"
              else planexport.naar_xlsx(rijen, titel=titel))
    return send_file(io.BytesIO(inhoud), mimetype=VERBETERPLAN_FORMATEN[formaat], as_attachment=True,
                     download_name=f"verbeterplan-{ctx.od.code}-{visitatie_id}.{formaat}")


def _termijn_opmerking(deadline, status: str) -> str | None:
    """A remark (not a refusal) when an open action gets a deadline in the past."""
    if deadline and deadline < vandaag() and status in ("open", "lopend"):
        return (f"Let op: de termijn {deadline:%d-%m-%Y} ligt in het verleden. De actie is wel "
                "opgeslagen; klopt de datum?")
    return None


@bp.post("/visitaties/<int:visitatie_id>/verbeterplan/<int:actie_id>")
@vereist(P.VISITATIES_WERKEN)
def verbeteractie(visitatie_id: int, actie_id: int):
    ctx = get_visitatie_or_404(visitatie_id, "verbeterplan_bewerken")
    db = get_db()
    actie = db.get(Verbeteractie, actie_id)
    if actie is None or actie.visitatie_id != ctx.visitatie.id:
        abort(404)
    form = ActieForm(prefix=f"a{actie_id}")
    form.status.choices = _keuzes(ACTIESTATUSSEN)
    try:
        if not form.validate_on_submit():
            raise DomeinFout(
                "Controleer de velden: "
                + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            )
        ops.werk_actie_bij(
            db,
            actie=actie,
            versie=form.versie.data,
            eigenaar=form.eigenaar.data or "",
            deadline=form.deadline.data,
            status=form.status.data,
            voortgang=form.voortgang.data or "",
        )
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("De actie is bijgewerkt.", "success")
        if opmerking := _termijn_opmerking(form.deadline.data, form.status.data):
            flash(opmerking, "warning")
    return redirect(url_for("visitaties.verbeterplan", visitatie_id=visitatie_id))


@bp.get("/verbeterplannen")
@vereist(P.VISITATIES_BEHEREN)
def verbeterplannen():
    """The status of every improvement plan, across all ODs."""
    db = get_db()
    rijen = db.exec(
        select(Visitatie, Omgevingsdienst)
        .join(Omgevingsdienst, Omgevingsdienst.code == Visitatie.od_code)
        .where(Visitatie.status.in_(["verbeterplan", "afgerond"]))
        .order_by(Omgevingsdienst.naam)
    ).all()
    tellingen = {}
    for v, _od in rijen:
        acties = ops.acties_van(db, v.id)
        tellingen[v.id] = {s: sum(a.status == s for a in acties) for s in ACTIESTATUSSEN}
    return render_template(
        "visitaties/verbeterplannen.html", rijen=rijen, tellingen=tellingen, statussen=ACTIESTATUSSEN
    )


@bp.get("/herinneringen")
@vereist(P.VISITATIES_BEHEREN)
def herinneringen():
    """The outbox: every reminder made, and how it went out."""
    db = get_db()
    rijen = db.exec(
        select(Herinnering, Omgevingsdienst)
        .join(Visitatie, Visitatie.id == Herinnering.visitatie_id)
        .join(Omgevingsdienst, Omgevingsdienst.code == Visitatie.od_code)
        .order_by(Herinnering.aangemaakt.desc())
        .limit(500)
    ).all()
    return render_template("visitaties/herinneringen.html", rijen=rijen)


EXPORT = {
    "pdf": ("application/pdf", export.naar_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        export.naar_docx,
    ),
}


def _export(visitatie: Visitatie, od: Omgevingsdienst, formaat: str, concept: bool = False):
    if formaat not in EXPORT:
        abort(404)
    rap = ops.rapport_van(get_db(), visitatie) or abort(404)
    mime, maak = EXPORT[formaat]
    titel = f"{'Concept (vertrouwelijk): v' if concept else 'V'}isitatierapport {od.naam}"
    tekst = ops.volledig_rapport(rap)
    if concept:
        tekst = (f"**Concept, vertrouwelijk: versie {rap.versie}. Niet verspreiden; het definitieve "
                 f"rapport kan afwijken.**\n\n{tekst}")
    inhoud = export.in_cache(
        opslag.van_app().map("rapporten"),
        f"{'concept-' if concept else ''}{visitatie.id}-{rap.versie}-"
        f"{len(rap.bijlage_wederhoor or '')}.{formaat}",
        lambda: maak(titel, tekst),
    )
    return send_file(
        io.BytesIO(inhoud),
        mimetype=mime,
        as_attachment=True,
        download_name=f"{'concept-' if concept else ''}visitatierapport-{od.code}-{visitatie.id}.{formaat}",
    )


@bp.get("/visitaties/<int:visitatie_id>/rapport.<formaat>")
@vereist(P.VISITATIES_WERKEN)
def rapport_export(visitatie_id: int, formaat: str):
    """The report as PDF or DOCX. A draft only for who may read the draft (the committee, and the
    OD from the right of reply on), marked as a confidential draft in the file and its name."""
    ctx = get_visitatie_or_404(visitatie_id, {"rapport_lezen", "concept_lezen"})
    concept = not status_na(ctx.visitatie.status, "definitief")
    if concept and "concept_lezen" not in ctx.rechten:
        abort(403)
    return _export(ctx.visitatie, ctx.od, formaat, concept=concept)


@bp.get("/openbaar/visitatierapporten/<int:visitatie_id>.<formaat>")
@vereist(P.PUBLIEK)
def openbaar_export(visitatie_id: int, formaat: str):
    db = get_db()
    visitatie = db.get(Visitatie, visitatie_id)
    if (
        visitatie is None
        or visitatie.gepubliceerd_op is None
        or not status_na(visitatie.status, "gepubliceerd")
    ):
        abort(404)
    return _export(visitatie, db.get(Omgevingsdienst, visitatie.od_code), formaat)
