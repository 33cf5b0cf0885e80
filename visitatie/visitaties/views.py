"""Pages of the visitation workflow: overviews, a visitation, status steps, the public reports.
Questionnaire pages live in views_vragenlijst.py, report/right-of-reply/plan pages in views_rapport.py."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlmodel import select
from wtforms.fields.choices import SelectChoice

from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import P, vereist
from visitatie.commissierollen import volgorde
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.gebieden import werkt_aan_visitatie
from visitatie.markdown import naar_html
from visitatie.planning.models import Visiteur
from visitatie.register.models import Omgevingsdienst
from visitatie.register.operations import ods_op
from visitatie.rondes.models import VisitatieRonde
from visitatie.timeutil import vandaag
from visitatie.visitaties import operations as ops
from visitatie.visitaties.forms import CommissieForm, StatusForm, VisitatieForm
from visitatie.visitaties.models import (
    COMMISSIEROLLEN,
    GEVOLGEN,
    STATUSSEN,
    TRANSITIES,
    CommissieLid,
    Visitatie,
    status_na,
)
from visitatie.visitaties.termijnen import termijnen_van
from visitatie.visitaties.toegang import mag_stap, rechten

bp = Blueprint("visitaties", __name__)


@dataclass
class Context:
    visitatie: Visitatie
    rechten: frozenset[str]
    commissierol: str | None
    od: Omgevingsdienst
    ronde: VisitatieRonde


def get_visitatie_or_404(visitatie_id: int, recht: str | set[str] = "inzien") -> Context:
    """The visitation and the current user's rights on it; 404 when absent, 403 without `recht`
    (or without any of a set of rights)."""
    db = get_db()
    werkt_aan_visitatie(visitatie_id)  # its writes stamp this visitation's content only
    visitatie = db.get(Visitatie, visitatie_id)
    if visitatie is None:
        abort(404)
    rol = ops.commissierol(db, visitatie.id, current_user.id)
    r = rechten(
        rol=current_user.rol,
        eigen_od=current_user.od_code,
        commissierol=rol,
        od_code=visitatie.od_code,
        status=visitatie.status,
    )
    if not ({recht} if isinstance(recht, str) else recht) & r:
        abort(403)
    return Context(
        visitatie,
        r,
        rol,
        db.get(Omgevingsdienst, visitatie.od_code),
        db.get(VisitatieRonde, visitatie.ronde_id),
    )


def _termijnen(v: Visitatie, ronde: VisitatieRonde | None = None):
    return termijnen_van(v, ronde or get_db().get(VisitatieRonde, v.ronde_id), vandaag())


def _zichtbare_visitaties(db) -> list[Visitatie]:
    """Committee members see their own visitations, OD staff their OD's, others all."""
    query = select(Visitatie)
    if current_user.rol == "commissielid":
        query = query.join(CommissieLid).where(CommissieLid.gebruiker_id == current_user.id)
    elif current_user.rol == "od_medewerker":
        query = query.where(Visitatie.od_code == current_user.od_code)
    return list(db.exec(query.order_by(Visitatie.bezoek_van, Visitatie.id)).all())


@bp.get("/visitaties")
@vereist(P.VISITATIES_LEZEN)
def overzicht():
    db = get_db()
    lijst = _zichtbare_visitaties(db)
    ods = {od.code: od for od in db.exec(select(Omgevingsdienst)).all()}
    rondes = {r.id: r for r in db.exec(select(VisitatieRonde)).all()}
    rijen = [(v, ods[v.od_code], rondes[v.ronde_id], _termijnen(v, rondes[v.ronde_id])) for v in lijst]
    return render_template(
        "visitaties/overzicht.html",
        rijen=rijen,
        acties_te_laat=ops.acties_te_laat(db, vandaag()),
        statussen=STATUSSEN,
        kan_openen=current_user.rol in ("beheerder", "coordinator", "commissielid", "od_medewerker"),
    )


@bp.get("/visitaties/<int:visitatie_id>")
@vereist(P.VISITATIES_WERKEN)
def detail(visitatie_id: int):
    db = get_db()
    ctx = get_visitatie_or_404(visitatie_id)
    leden = sorted(
        db.exec(
            select(CommissieLid, Gebruiker, Visiteur)
            .outerjoin(Gebruiker, Gebruiker.id == CommissieLid.gebruiker_id)
            .outerjoin(Visiteur, Visiteur.id == CommissieLid.visiteur_id)
            .where(CommissieLid.visitatie_id == visitatie_id)
        ).all(),
        key=lambda rij: (volgorde(rij[0].rol), rij[0].id),
    )
    volgende = TRANSITIES.get(ctx.visitatie.status)
    vorige = ops.vorige_visitatie(db, ctx.visitatie)
    return render_template(
        "visitaties/detail.html",
        ctx=ctx,
        v=ctx.visitatie,
        leden=leden,
        rollen=COMMISSIEROLLEN,
        termijnen=_termijnen(ctx.visitatie),
        statussen=STATUSSEN,
        status_na=status_na,
        volgende=volgende if volgende and mag_stap(ctx.rechten, volgende) else None,
        form=StatusForm(),
        vorige=vorige,
        vorige_acties=ops.acties_van(db, vorige.id) if vorige else [],
        commissie_form=_commissie_form(db) if "beheren" in ctx.rechten else None,
        gevolgen=GEVOLGEN,
    )


@bp.post("/visitaties/<int:visitatie_id>/status")
@vereist(P.VISITATIES_WERKEN)
def status(visitatie_id: int):
    db = get_db()
    ctx = get_visitatie_or_404(visitatie_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    if not mag_stap(ctx.rechten, form.naar.data):
        abort(403)
    try:
        ops.zet_status(db, visitatie=ctx.visitatie, naar=form.naar.data)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash(f"De visitatie staat nu op '{ctx.visitatie.status_naam}'.", "success")
    return redirect(url_for("visitaties.detail", visitatie_id=visitatie_id))


# ------------------------------------------------------------------ programme office


@bp.route("/visitaties/nieuw", methods=["GET", "POST"])
@vereist(P.VISITATIES_BEHEREN)
def nieuw():
    db = get_db()
    form = VisitatieForm()
    form.ronde_id.choices = [
        SelectChoice(r.id, r.naam)
        for r in db.exec(select(VisitatieRonde).order_by(VisitatieRonde.start.desc())).all()
    ]
    form.od_code.choices = [SelectChoice(od.code, od.naam) for od in ods_op(db, vandaag())]
    if form.validate_on_submit():
        try:
            v = ops.maak_visitatie(
                db,
                ronde_id=form.ronde_id.data,
                od_code=form.od_code.data,
                bezoek_van=form.bezoek_van.data,
                bezoek_tot=form.bezoek_tot.data,
            )
        except DomeinFout as fout:
            db.rollback()
            getattr(form, fout.veld or "od_code").errors.append(fout.boodschap)
        else:
            db.commit()
            flash("De visitatie is gepland.", "success")
            return redirect(url_for("visitaties.detail", visitatie_id=v.id))
    return render_template("visitaties/nieuw.html", form=form)


def _commissie_form(db) -> CommissieForm:
    form = CommissieForm()
    kandidaten = db.exec(
        select(Gebruiker)
        .where(Gebruiker.rol == "commissielid", Gebruiker.actief.is_(True))
        .order_by(Gebruiker.naam)
    ).all()
    form.gebruiker_id.choices = [
        SelectChoice(g.id, f"{g.naam or g.email} ({g.email})") for g in kandidaten
    ]
    form.rol.choices = [SelectChoice(k, n) for k, n in COMMISSIEROLLEN.items()]
    return form


@bp.post("/visitaties/<int:visitatie_id>/commissie")
@vereist(P.VISITATIES_BEHEREN)
def commissie_toevoegen(visitatie_id: int):
    db = get_db()
    ctx = get_visitatie_or_404(visitatie_id, "beheren")
    form = _commissie_form(db)
    try:
        if not form.validate_on_submit():
            raise DomeinFout("Kies een persoon en een rol.")
        ops.voeg_commissielid_toe(
            db, visitatie=ctx.visitatie, gebruiker_id=form.gebruiker_id.data, rol=form.rol.data
        )
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("Toegevoegd aan de commissie.", "success")
    return redirect(url_for("visitaties.detail", visitatie_id=visitatie_id))


# ------------------------------------------------------------------ public


def _gepubliceerd(db):
    return (
        select(Visitatie, Omgevingsdienst, VisitatieRonde)
        .join(Omgevingsdienst, Omgevingsdienst.code == Visitatie.od_code)
        .join(VisitatieRonde, VisitatieRonde.id == Visitatie.ronde_id)
        .where(Visitatie.gepubliceerd_op.is_not(None))
    )


@bp.get("/openbaar/visitatierapporten")
@vereist(P.PUBLIEK)
def openbaar():
    rijen = get_db().exec(_gepubliceerd(get_db()).order_by(Visitatie.gepubliceerd_op.desc())).all()
    return render_template("visitaties/openbaar.html", rijen=rijen)


@bp.get("/openbaar/visitatierapporten/<int:visitatie_id>")
@vereist(P.PUBLIEK)
def openbaar_rapport(visitatie_id: int):
    db = get_db()
    rij = db.exec(_gepubliceerd(db).where(Visitatie.id == visitatie_id)).first()
    if rij is None or not status_na(rij[0].status, "gepubliceerd"):
        abort(404)
    rapport = ops.rapport_van(db, rij[0])
    return render_template(
        "visitaties/openbaar_rapport.html",
        v=rij[0],
        od=rij[1],
        ronde=rij[2],
        html=naar_html(ops.volledig_rapport(rapport)),
    )


from visitatie.visitaties import views_bijlagen, views_rapport, views_vragenlijst  # noqa: E402,F401,I001
