"""Planning pages: cycles, plans (table, calendar, load), re-planning, exports, the visitor pool."""

from __future__ import annotations

import calendar
import json
from collections import Counter
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select
from wtforms.fields.choices import SelectChoice

from visitatie.auth.models import Gebruiker
from visitatie.auth.permissions import P, heeft, vereist, ziet_interne_gegevens_van
from visitatie.commissierollen import COMMISSIEROLLEN, korte_naam, rol_naam
from visitatie.db import get_db
from visitatie.errors import DomeinFout
from visitatie.importeren import ImportFout, als_tijdelijk_bestand
from visitatie.paginacache import gecachte_pagina
from visitatie.planning import export, naar_visitaties
from visitatie.planning import operations as ops
from visitatie.planning import taken as _taken  # noqa: F401 - registers the planning job
from visitatie.planning.feestdagen import schoolvakanties
from visitatie.planning.forms import (
    AccepteerForm,
    AfwezigForm,
    BandForm,
    HandmatigForm,
    HerplanForm,
    ImportForm,
    KoppelForm,
    OdInRondeForm,
    PlanForm,
    PlanVraagForm,
    RondeForm,
    SpreidingForm,
    UitnodigForm,
    UitRondeForm,
    VisiteurForm,
    WekenForm,
)
from visitatie.planning.models import Afwezigheid, Band, Plan, Visiteur
from visitatie.register.models import Omgevingsdienst
from visitatie.rondes.models import RondeOd, VisitatieRonde
from visitatie.taal import MAANDEN
from visitatie.taken.runner import maak_taak, verzend
from visitatie.timeutil import vandaag
from visitatie.visitaties import stand as visitatiestand

bp = Blueprint("planning", __name__, url_prefix="/planning")


@bp.app_template_filter("rol")
def _rol_filter(rol: str) -> str:
    """A committee role in Dutch, as the visitation pages name it."""
    return korte_naam(rol)


def get_ronde_or_404(ronde_id: int) -> VisitatieRonde:
    return get_db().get(VisitatieRonde, ronde_id) or abort(404)


def get_plan_or_404(plan_id: int) -> Plan:
    return get_db().get(Plan, plan_id) or abort(404)


def get_visiteur_or_404(visiteur_id: int) -> Visiteur:
    return get_db().get(Visiteur, visiteur_id) or abort(404)


def _namen() -> dict[int, str]:
    return {v.id: v.naam for v in get_db().exec(select(Visiteur)).all()}


def _od_namen() -> dict[str, str]:
    return {od.code: od.afkorting or od.naam for od in get_db().exec(select(Omgevingsdienst)).all()}


@bp.get("/")
@vereist(P.PLANNING_LEZEN)
def rondes():
    db = get_db()
    lijst = db.exec(select(VisitatieRonde).order_by(VisitatieRonde.start)).all()
    standen = {r.id: ops.stand_van_ronde(db, r, vandaag()) for r in lijst}
    return render_template("planning/rondes.html", rondes=lijst, standen=standen, form=RondeForm())


@bp.post("/rondes")
@vereist(P.PLANNING_BEHEREN)
def ronde_nieuw():
    db = get_db()
    form = RondeForm()
    if form.validate_on_submit():
        try:
            r = ops.maak_ronde(db, naam=form.naam.data.strip(), start=form.start.data,
                               deadline=form.deadline.data, max_per_week=form.max_per_week.data,
                               termijn_zelfevaluatie_weken=form.termijn_zelfevaluatie_weken.data,
                               termijn_concept_weken=form.termijn_concept_weken.data,
                               termijn_wederhoor_weken=form.termijn_wederhoor_weken.data)
        except DomeinFout as fout:
            db.rollback()
            getattr(form, fout.veld or "naam").errors.append(fout.boodschap)
        else:
            db.commit()
            flash(f"Ronde {r.naam} aangemaakt met alle OD's die op de startdatum bestaan.", "success")
            return redirect(url_for("planning.ronde", ronde_id=r.id))
    lijst = db.exec(select(VisitatieRonde).order_by(VisitatieRonde.start)).all()
    standen = {r.id: ops.stand_van_ronde(db, r, vandaag()) for r in lijst}
    return render_template("planning/rondes.html", rondes=lijst, standen=standen, form=form), 422


@bp.post("/rondes/<int:ronde_id>/ods")
@vereist(P.PLANNING_BEHEREN)
def ronde_od(ronde_id: int):
    """Add or remove an OD (for example the successor after a merger)."""
    db = get_db()
    r = get_ronde_or_404(ronde_id)
    form = OdInRondeForm()
    form.od_code.choices = [SelectChoice(od.code, od.naam) for od in db.exec(select(Omgevingsdienst)).all()]
    if form.validate_on_submit():
        if form.opnemen.data != "1" and request.form.get("bevestigd") != "1":
            bezoek = _gepland_bezoek(db, r, form.od_code.data)
            if bezoek:
                return render_template("planning/uit_ronde.html", ronde=r, bezoek=bezoek,
                                       od=db.get(Omgevingsdienst, form.od_code.data),
                                       form=UitRondeForm(od_code=form.od_code.data))
        try:
            ops.zet_od_in_ronde(db, ronde_id=r.id, od_code=form.od_code.data,
                                opnemen=form.opnemen.data == "1")
        except DomeinFout as fout:
            flash(fout.boodschap, "error")
        else:
            db.commit()
            flash("Omgevingsdiensten van de ronde bijgewerkt.", "success")
    return redirect(url_for("planning.ronde", ronde_id=r.id))


def _gepland_bezoek(db, r: VisitatieRonde, od_code: str):
    """The OD's visit in the accepted plan (od_code, eerste_dag, tweede_dag), or None."""
    plan = ops.geaccepteerd_plan(db, r.id)
    return next((t for t in ops.bezoekdagen(db, plan.id) if t.od_code == od_code), None) if plan else None


@bp.post("/rondes/<int:ronde_id>/spreiding")
@vereist(P.PLANNING_BEHEREN)
def spreiding(ronde_id: int):
    """The maximum per quarter and the school holidays the coordinator opens for visits."""
    db = get_db()
    r = get_ronde_or_404(ronde_id)
    form = _spreidingform(r, request.form)
    if form.validate_on_submit():
        ops.zet_spreiding(db, ronde_id=r.id, max_per_kwartaal=form.max_per_kwartaal.data,
                          open_vakanties=form.open_vakanties.data or [])
        db.commit()
        flash("Spreiding opgeslagen; het volgende plan houdt er rekening mee.", "success")
    else:
        flash("Spreiding niet opgeslagen: " + _fouten(form), "error")
    return redirect(url_for("planning.ronde", ronde_id=r.id))


def _spreidingform(r: VisitatieRonde, formdata=None) -> SpreidingForm:
    form = SpreidingForm(formdata=formdata)
    form.open_vakanties.choices = [SelectChoice(v.sleutel, v.naam)
                                   for v in schoolvakanties(r.start, r.deadline)]
    if formdata is None:
        form.max_per_kwartaal.data = r.max_per_kwartaal
        form.open_vakanties.data = sorted(r.geopende_vakanties())
    return form


@bp.get("/rondes/<int:ronde_id>")
@vereist(P.PLANNING_LEZEN)
def ronde(ronde_id: int):
    """Cached per stamp of the areas it reads (visitatie/gebieden.py), day and the reader's
    role and OD (all the page depends on)."""
    db = get_db()
    lezer = current_user._get_current_object()
    return gecachte_pagina(db, ("planning.ronde", ronde_id, vandaag(), lezer.rol, lezer.od_code),
                           lambda: _ronde_pagina(db, ronde_id, lezer))


def _ronde_pagina(db, ronde_id: int, lezer) -> tuple[str, str]:
    r = get_ronde_or_404(ronde_id)
    plan = ops.geaccepteerd_plan(db, r.id)
    plannen = db.exec(select(Plan).where(Plan.ronde_id == r.id).order_by(Plan.id.desc())).all()
    standen = visitatiestand.bezoekstanden(db, r.id)  # the visitations: days and status per OD
    ods = ops.ronde_ods(db, r.id)  # read once: the table, the counts, the mergers and both forms
    blokkeerbaar = {od.code for _rod, od in ods if _mag_blokkeren(lezer, od.code)}
    return f"Ronde {r.naam}", render_template(
        "planning/_ronde.html", ronde=r, stand=ops.stand(r, [rod for rod, _ in ods], standen, vandaag()),
        ods=ods, fusies=ops.fusies_in_ronde(db, r, ods), plan=plan, plannen=plannen,
        standen=standen, vragen=_plan_vragen(db, r.id),
        na_opheffing=ops.bezoeken_na_opheffing(db, ods, _bezoekdagen(standen)),
        dagen=_bezoekdagen(standen), vandaag=vandaag(), planform=PlanForm(),
        herplanform=_herplanform(r, ods=ods),
        spreidingform=_spreidingform(r), vakanties=schoolvakanties(r.start, r.deadline),
        max_per_kwartaal=r.max_per_kwartaal or ops.afgeleid_maximum(r, len(ods)),
        kwartalen=ops.kwartalen_van(r),
        blokkeerbaar=blokkeerbaar, odform=_odform(ods))


def _bezoekdagen(standen: dict) -> dict:
    """OD -> (first, second visit day) of the cycle's visitations that have days."""
    return {code: (s.bezoek_van, s.bezoek_tot) for code, s in standen.items() if s.bezoek_van}


def _plan_vragen(db, ronde_id: int) -> list[dict]:
    """The differences between the accepted plan and started visitations, in Dutch."""
    vragen = naar_visitaties.open_vragen(db, ronde_id)
    if not vragen:
        return []
    namen, od_namen = _namen(), _od_namen()
    uit = []
    for vraag, v in vragen:
        oud, nieuw = naar_visitaties.plancommissie(db, v.id), naar_visitaties.leden_van(vraag)
        wijzigingen = [f"{namen.get(p, p)} ({rol_naam(rol).lower()}) eruit" for rol, p in sorted(oud - nieuw)]
        wijzigingen += [f"{namen.get(p, p)} ({rol_naam(rol).lower()}) erin" for rol, p in sorted(nieuw - oud)]
        uit.append({"vraag": vraag, "visitatie": v, "od": od_namen.get(v.od_code, v.od_code),
                    "verschuift": (vraag.bezoek_van, vraag.bezoek_tot) != (v.bezoek_van, v.bezoek_tot),
                    "gehouden": visitatiestand.van_visitatie(v).gehouden, "wijzigingen": wijzigingen})
    return uit


@bp.post("/vragen/<int:vraag_id>")
@vereist(P.PLANNING_BEHEREN)
def plan_vraag(vraag_id: int):
    """Take a difference of the plan over into a started visitation, or keep the visitation."""
    db = get_db()
    vraag = db.get(naar_visitaties.PlanVraag, vraag_id) or abort(404)
    v = db.get(naar_visitaties.Visitatie, vraag.visitatie_id)
    form = PlanVraagForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        naar_visitaties.beslis(db, vraag_id=vraag.id, overnemen=form.besluit.data == "overnemen")
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("De visitatie volgt nu het plan." if form.besluit.data == "overnemen"
              else "De visitatie blijft zoals die was.", "success")
    return redirect(url_for("planning.ronde", ronde_id=v.ronde_id))


def _odform(ods: list[tuple[RondeOd, Omgevingsdienst]]) -> OdInRondeForm:
    """The form to add an OD that is not yet in the cycle (`ods`)."""
    form = OdInRondeForm()
    in_ronde = {od.code for _r, od in ods}
    form.od_code.choices = [SelectChoice(code, naam) for code, naam in get_db().exec(
        select(Omgevingsdienst.code, Omgevingsdienst.naam).order_by(Omgevingsdienst.naam))
        if code not in in_ronde]
    return form


def _mag_blokkeren(gebruiker, od_code: str) -> bool:
    return heeft(gebruiker, P.PLANNING_WEKEN) and ziet_interne_gegevens_van(gebruiker, od_code)


def _herplanform(r: VisitatieRonde, formdata=None, ods=None) -> HerplanForm:
    """The re-planning form; `ods` is `ops.ronde_ods(db, r.id)` when the caller has it."""
    db = get_db()
    form = HerplanForm(formdata=formdata)
    personen = db.exec(select(Visiteur.id, Visiteur.naam).where(Visiteur.actief.is_(True))
                       .order_by(Visiteur.naam))
    form.zonder.choices = [SelectChoice("", "(niemand)")] + [
        SelectChoice(str(id_), naam) for id_, naam in personen]
    form.od_code.choices = [SelectChoice("", "(geen)")] + [
        SelectChoice(od.code, od.naam) for _r, od in (ods if ods is not None else ops.ronde_ods(db, r.id))]
    return form


@bp.post("/rondes/<int:ronde_id>/plannen")
@vereist(P.PLANNING_BEHEREN)
def plannen(ronde_id: int):
    r = get_ronde_or_404(ronde_id)
    form = PlanForm()
    if not form.validate_on_submit():
        flash("Controleer variant en tijdslimiet: " + "; ".join(
            f for fouten in form.errors.values() for f in fouten), "error")
        return redirect(url_for("planning.ronde", ronde_id=r.id))
    return _start_planning(ronde_id=r.id, seed=form.seed.data, tijdslimiet=form.tijdslimiet.data)


@bp.post("/rondes/<int:ronde_id>/herplannen")
@vereist(P.PLANNING_BEHEREN)
def herplannen(ronde_id: int):
    db = get_db()
    r = get_ronde_or_404(ronde_id)
    form = _herplanform(r, request.form)
    if not form.validate_on_submit():
        flash("Het herplanformulier is niet goed ingevuld.", "error")
        return redirect(url_for("planning.ronde", ronde_id=r.id))
    if not ops.geaccepteerd_plan(db, r.id):
        flash("Herplannen kan pas als er een geaccepteerd plan is.", "error")
        return redirect(url_for("planning.ronde", ronde_id=r.id))
    verplaats = [form.od_code.data, form.nieuwe_dag.data.isoformat()] \
        if form.od_code.data and form.nieuwe_dag.data else None
    return _start_planning(ronde_id=r.id, seed=form.seed.data, herplan=True, verplaats=verplaats,
                           zonder=int(form.zonder.data) if form.zonder.data else None)


def _start_planning(**parameters):
    """Queue a planning run and show its progress; the job links to the plan when it is done."""
    db = get_db()
    taak = maak_taak(db, soort="planning", parameters=parameters, gebruiker_id=current_user.id)
    db.commit()
    verzend(db, taak)
    return redirect(url_for("taken.taak", taak_id=taak.id))


@bp.post("/rondes/<int:ronde_id>/ods/<int:ronde_od_id>/weken")
@vereist(P.PLANNING_WEKEN)
def weken_blokkeren(ronde_id: int, ronde_od_id: int):
    db = get_db()
    rod = db.get(RondeOd, ronde_od_id)
    if rod is None or rod.ronde_id != ronde_id:
        abort(404)
    if not ziet_interne_gegevens_van(current_user, rod.od_code):
        abort(403)
    form = WekenForm()
    if form.validate_on_submit():
        try:
            ops.zet_geblokkeerde_weken(db, ronde_od_id=rod.id, weken=form.geblokkeerde_weken.data or "")
        except DomeinFout as fout:
            flash(fout.boodschap, "error")
        else:
            db.commit()
            flash("Geblokkeerde weken opgeslagen.", "success")
    return redirect(url_for("planning.ronde", ronde_id=ronde_id))


@bp.get("/plannen/<int:plan_id>")
@vereist(P.PLANNING_LEZEN)
def plan(plan_id: int):
    db = get_db()
    p = get_plan_or_404(plan_id)
    r = db.get(VisitatieRonde, p.ronde_id)
    regels = ops.toewijzingen(db, p.id)
    namen = _namen()
    geaccepteerd = ops.geaccepteerd_plan(db, r.id)
    od_namen = _od_namen()
    wijzigingen = None
    if geaccepteerd and geaccepteerd.id != p.id and p.status == "concept":
        wijzigingen = ops.verschillen(ops.toewijzingen(db, geaccepteerd.id), regels, namen, od_namen)
    handform = HandmatigForm()
    handform.od_code.choices = [SelectChoice(od.code, od.naam) for _r, od in ops.ronde_ods(db, r.id)]
    opgave, schendingen, signalen = ops.controle_van_plan(db, p)
    return render_template(
        "planning/plan.html", plan=p, ronde=r, regels=regels, namen=namen, od_namen=od_namen,
        doel=json.loads(p.doel or "{}"), schendingen=schendingen, wijzigingen=wijzigingen,
        signalen=signalen, max_per_kwartaal=opgave.max_per_kwartaal,
        spreiding=ops.spreiding_van(list({t.od_code: t.eerste_dag for t in regels}.values()),
                                    opgave.max_per_kwartaal),
        maanden=MAANDEN, acceptform=AccepteerForm(), handform=handform)


@bp.post("/plannen/<int:plan_id>/accepteren")
@vereist(P.PLANNING_BEHEREN)
def accepteren(plan_id: int):
    db = get_db()
    p = get_plan_or_404(plan_id)
    form = AccepteerForm()
    if form.validate_on_submit():
        try:
            ops.accepteer_plan(db, plan_id=p.id, reden=form.reden.data or "")
        except DomeinFout as fout:
            flash(fout.boodschap, "error")
            return redirect(url_for("planning.plan", plan_id=p.id))
        db.commit()
        flash("Plan geaccepteerd. De visitaties volgen het plan; verschillen met begonnen "
              "visitaties staan op de pagina van de ronde.", "success")
    return redirect(url_for("planning.ronde", ronde_id=p.ronde_id))


@bp.post("/plannen/<int:plan_id>/wijzigen")
@vereist(P.PLANNING_BEHEREN)
def wijzigen(plan_id: int):
    db = get_db()
    p = get_plan_or_404(plan_id)
    form = HandmatigForm()
    form.od_code.choices = [SelectChoice(od.code, od.naam) for _r, od in ops.ronde_ods(db, p.ronde_id)]
    if not form.validate_on_submit():
        flash("Kies een OD en een geldige datum.", "error")
        return redirect(url_for("planning.plan", plan_id=p.id))
    try:
        kopie = ops.wijzig_handmatig(db, plan_id=p.id, od_code=form.od_code.data,
                                     nieuwe_dag=form.nieuwe_dag.data, toelichting=form.toelichting.data or "")
    except DomeinFout as fout:
        flash(fout.boodschap, "error")
        return redirect(url_for("planning.plan", plan_id=p.id))
    db.commit()
    flash("Handmatige wijziging als nieuw conceptplan opgeslagen; controleer de regels hieronder.", "info")
    return redirect(url_for("planning.plan", plan_id=kopie.id))


def _exportregels(regels, ronde_id: int) -> list[export.Regel]:
    od_namen = _od_namen()
    personen = {v.id: v for v in get_db().exec(select(Visiteur)).all()}
    onbekend = Visiteur(naam="onbekend")
    return [export.Regel(t.od_code, od_namen.get(t.od_code, t.od_code), t.eerste_dag, t.tweede_dag,
                         t.rol, personen.get(t.visiteur_id, onbekend).naam, t.uitleg,
                         email=personen.get(t.visiteur_id, onbekend).email, ronde_id=ronde_id)
            for t in regels]


def _bestand(inhoud, soort: str, naam: str) -> Response:
    mimetypes = {"ics": "text/calendar; charset=utf-8", "csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    return Response(inhoud, mimetype=mimetypes[soort],
                    headers={"Content-Disposition": f'attachment; filename="{naam}.{soort}"'})


@bp.get("/plannen/<int:plan_id>/export.<soort>")
@vereist(P.PLANNING_LEZEN)
def plan_export(plan_id: int, soort: str):
    db = get_db()
    p = get_plan_or_404(plan_id)
    r = db.get(VisitatieRonde, p.ronde_id)
    regels = _exportregels(ops.toewijzingen(db, p.id), r.id)
    naam = f"visitatieplan-{r.naam}-{p.id}"
    if soort == "ics":
        tekst = export.ical(regels, naam=f"Visitaties {r.naam}", volgnummers={r.id: p.id})
        return _bestand(tekst, soort, naam)
    if soort == "csv":
        return _bestand(export.als_csv(regels), soort, naam)
    if soort == "xlsx":
        return _bestand(export.als_xlsx(regels, titel=r.naam), soort, naam)
    abort(404)


@bp.get("/rondes/<int:ronde_id>/kalender")
@vereist(P.PLANNING_LEZEN)
def kalender(ronde_id: int):
    db = get_db()
    r = get_ronde_or_404(ronde_id)
    plan = ops.geaccepteerd_plan(db, r.id)
    per_dag: dict[date, set[str]] = {}
    od_namen = _od_namen()
    for t in ops.toewijzingen(db, plan.id) if plan else []:
        for dag in (t.eerste_dag, t.tweede_dag):
            per_dag.setdefault(dag, set()).add(od_namen.get(t.od_code, t.od_code))
    maanden = []
    jaar, maand = r.start.year, r.start.month
    while (jaar, maand) <= (r.deadline.year, r.deadline.month):
        weken = calendar.Calendar().monthdatescalendar(jaar, maand)
        if any(d.month == maand and d in per_dag for w in weken for d in w) or not plan:
            maanden.append((f"{MAANDEN[maand - 1]} {jaar}", maand, weken))
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return render_template("planning/kalender.html", ronde=r, plan=plan, maanden=maanden, per_dag=per_dag)


@bp.get("/rondes/<int:ronde_id>/belasting")
@vereist(P.PLANNING_LEZEN)
def belasting(ronde_id: int):
    db = get_db()
    r = get_ronde_or_404(ronde_id)
    plan = ops.geaccepteerd_plan(db, r.id)
    regels = ops.toewijzingen(db, plan.id) if plan else []
    telling = Counter(t.visiteur_id for t in regels)
    personen = db.exec(select(Visiteur).where(Visiteur.actief.is_(True)).order_by(Visiteur.naam)).all()
    per_persoon = {p.id: [t for t in regels if t.visiteur_id == p.id] for p in personen}
    return render_template("planning/belasting.html", ronde=r, plan=plan, personen=personen,
                           telling=telling, per_persoon=per_persoon, od_namen=_od_namen())


@bp.get("/rondes/<int:ronde_id>/conflicten")
@vereist(P.PLANNING_BEHEREN)
def conflicten(ronde_id: int):
    db = get_db()
    r = get_ronde_or_404(ronde_id)
    regels = sorted(ops.conflicten_van_ronde(db, r), key=lambda c: (int(c.persoon), c.od))
    plan = ops.geaccepteerd_plan(db, r.id)
    return render_template("planning/conflicten.html", ronde=r, regels=regels,
                           signalen=ops.signalen_van_plan(db, plan) if plan else [],
                           namen={str(k): v for k, v in _namen().items()}, od_namen=_od_namen())


# --- visitor pool -----------------------------------------------------------------------------

@bp.get("/pool")
@vereist(P.PLANNING_BEHEREN)
def pool():
    personen = get_db().exec(select(Visiteur).order_by(Visiteur.naam)).all()
    return render_template("planning/pool.html", personen=personen, form=ImportForm(),
                           od_namen=_od_namen(), kolommen=ops.POOL_KOLOMMEN, meldingen=[])


@bp.post("/pool/importeren")
@vereist(P.PLANNING_BEHEREN)
def pool_importeren():
    db = get_db()
    form = ImportForm()
    meldingen = []
    if form.validate_on_submit():
        bestand = form.bestand.data
        with als_tijdelijk_bestand(bestand.read()) as pad:
            try:
                tellingen = ops.importeer_pool(db, pad=pad, bestandsnaam=bestand.filename)
            except ImportFout as fout:
                db.rollback()
                meldingen = [str(m) for m in fout.meldingen]
            else:
                db.commit()
                flash(f"Pool geïmporteerd: {tellingen['nieuw']} nieuw, {tellingen['gewijzigd']} gewijzigd.",
                      "success")
                return redirect(url_for("planning.pool"))
    personen = db.exec(select(Visiteur).order_by(Visiteur.naam)).all()
    return render_template("planning/pool.html", personen=personen, form=form, od_namen=_od_namen(),
                           kolommen=ops.POOL_KOLOMMEN, meldingen=meldingen), 422


def _visiteurform(v: Visiteur, formdata=None) -> VisiteurForm:
    form = VisiteurForm(formdata=formdata, obj=None if formdata else v)
    form.rollen.choices = [SelectChoice(r, COMMISSIEROLLEN[r]) for r in ops.ROLLEN]
    if formdata is None:
        form.rollen.data = sorted(v.rollenset())
        form.expertise.data = ", ".join(sorted(v.expertiseset()))
        form.versie.data = v.versie
    return form


@bp.route("/pool/<int:visiteur_id>", methods=["GET", "POST"])
@vereist(P.PLANNING_BEHEREN)
def visiteur(visiteur_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    form = _visiteurform(v, request.form if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        try:
            ops.wijzig_visiteur(db, visiteur_id=v.id, versie=form.versie.data,
                                rollen=form.rollen.data, expertise=form.expertise.data or "",
                                max_bezoeken=form.max_bezoeken.data, actief=form.actief.data)
        except DomeinFout as fout:  # Conflict (409) included: someone saved first
            db.rollback()
            getattr(form, fout.veld or "rollen").errors.append(fout.boodschap)
            status = fout.status
        else:
            db.commit()
            flash("Opgeslagen.", "success")
            return redirect(url_for("planning.visiteur", visiteur_id=v.id))
    afwezig = db.exec(select(Afwezigheid).where(Afwezigheid.visiteur_id == v.id)
                      .order_by(Afwezigheid.van)).all()
    banden = db.exec(select(Band).where(Band.visiteur_id == v.id)).all()
    if form.errors and status == 200:
        status = 422
    return render_template("planning/visiteur.html", v=v, form=form, afwezigform=AfwezigForm(),
                           bandform=_bandform(), koppelform=_koppelform(db), uitnodigform=UitnodigForm(),
                           soorten=ops.BAND_SOORTEN,
                           account=db.get(Gebruiker, v.gebruiker_id) if v.gebruiker_id else None,
                           afwezig=afwezig, banden=banden, od_namen=_od_namen()), status


def _koppelform(db) -> KoppelForm:
    form = KoppelForm()
    form.gebruiker_id.choices = [SelectChoice(g.id, f"{g.naam or g.email} ({g.email})")
                                 for g in naar_visitaties.vrije_accounts(db)]
    return form


@bp.post("/pool/<int:visiteur_id>/uitnodigen")
@vereist(P.PLANNING_BEHEREN)
def uitnodigen(visiteur_id: int):
    """Invite a pool person to make or link an account (linked at once when one exists)."""
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    if not UitnodigForm().validate_on_submit():
        abort(400)
    try:
        uitkomst = naar_visitaties.nodig_uit(db, visiteur_id=v.id)
    except DomeinFout as fout:
        db.rollback()
        flash(fout.boodschap, "error")
    else:
        db.commit()
        flash("Het bestaande account met dit e-mailadres is gekoppeld." if uitkomst == "gekoppeld" else
              "Uitnodiging vastgelegd. Zodra er een account met dit e-mailadres is, koppelt u het hier.",
              "success")
    return redirect(url_for("planning.visiteur", visiteur_id=v.id))


@bp.post("/pool/<int:visiteur_id>/account")
@vereist(P.PLANNING_BEHEREN)
def account_koppelen(visiteur_id: int):
    """Link a pool person to an existing committee-member account."""
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    form = _koppelform(db)
    if form.validate_on_submit():
        try:
            naar_visitaties.koppel_account(db, visiteur_id=v.id, gebruiker_id=form.gebruiker_id.data)
        except DomeinFout as fout:
            db.rollback()
            flash(fout.boodschap, "error")
        else:
            db.commit()
            flash("Account gekoppeld: deze persoon ziet nu de visitaties van zijn of haar commissies.",
                  "success")
    else:
        flash("Kies een account.", "error")
    return redirect(url_for("planning.visiteur", visiteur_id=v.id))


@bp.post("/pool/<int:visiteur_id>/afwezig")
@vereist(P.PLANNING_BEHEREN)
def afwezig(visiteur_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    form = AfwezigForm()
    if form.validate_on_submit():
        try:
            ops.voeg_afwezigheid_toe(db, visiteur_id=v.id, van=form.van.data, tot=form.tot.data,
                                     reden=form.reden.data or "")
        except DomeinFout as fout:
            flash(fout.boodschap, "error")
        else:
            db.commit()
            flash("Afwezigheid toegevoegd.", "success")
    else:
        flash("Controleer de datums: " + _fouten(form), "error")
    return redirect(url_for("planning.visiteur", visiteur_id=v.id))


def _bandform(band: Band | None = None) -> BandForm:
    form = BandForm(obj=band)
    form.od_code.choices = [SelectChoice(od.code, od.naam) for od in get_db().exec(
        select(Omgevingsdienst).order_by(Omgevingsdienst.naam)).all()]
    form.soort.choices = [SelectChoice(k, v) for k, v in ops.BAND_SOORTEN.items()]
    return form


@bp.post("/pool/<int:visiteur_id>/banden")
@vereist(P.PLANNING_BEHEREN)
def band(visiteur_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    form = _bandform()
    if form.validate_on_submit():
        try:
            ops.voeg_band_toe(db, visiteur_id=v.id, od_code=form.od_code.data, soort=form.soort.data,
                              reden=form.reden.data or "", geldig_van=form.geldig_van.data,
                              geldig_tot=form.geldig_tot.data)
        except DomeinFout as fout:
            flash(fout.boodschap, "error")
        else:
            db.commit()
            flash("Band vastgelegd; de belangenconflicten houden er rekening mee.", "success")
            _meld_gehouden(db, v.id)
    else:
        flash("Controleer OD, soort en datums: " + _fouten(form), "error")
    return redirect(url_for("planning.visiteur", visiteur_id=v.id))


def _meld_gehouden(db, visiteur_id: int) -> None:
    """Re-check the held visits of this person and tell the coordinator what the tie touches."""
    for s in ops.signalen_van_persoon(db, visiteur_id):
        flash(f"Let op, gehouden bezoek: {s.tekst}. Het bezoek blijft staan; leg vast hoe u hiermee "
              "omgaat (bijvoorbeeld in het rapport).", "warning")


def _fouten(form) -> str:
    return " ".join(f for fouten in form.errors.values() for f in fouten)


@bp.get("/pool/<int:visiteur_id>/agenda.ics")
@vereist(P.PLANNING_BEHEREN)
def visiteur_agenda(visiteur_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    regels, volgnummers = [], {}
    for r in db.exec(select(VisitatieRonde)).all():
        plan = ops.geaccepteerd_plan(db, r.id)
        if plan:
            alle = ops.toewijzingen(db, plan.id)
            eigen = {t.od_code for t in alle if t.visiteur_id == v.id}
            regels += _exportregels([t for t in alle if t.od_code in eigen], r.id)
            volgnummers[r.id] = plan.id
    tekst = export.ical(regels, naam=f"Visitaties {v.naam}", volgnummers=volgnummers)
    return _bestand(tekst, "ics", f"visitaties-{v.id}")


def _afwezigheid_or_404(visiteur_id: int, afwezigheid_id: int) -> Afwezigheid:
    regel = get_db().get(Afwezigheid, afwezigheid_id)
    if regel is None or regel.visiteur_id != visiteur_id:
        abort(404)
    return regel


def _band_or_404(visiteur_id: int, band_id: int) -> Band:
    band = get_db().get(Band, band_id)
    if band is None or band.visiteur_id != visiteur_id:
        abort(404)
    return band


@bp.route("/pool/<int:visiteur_id>/afwezig/<int:afwezigheid_id>", methods=["GET", "POST"])
@vereist(P.PLANNING_BEHEREN)
def afwezig_wijzigen(visiteur_id: int, afwezigheid_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    regel = _afwezigheid_or_404(v.id, afwezigheid_id)
    form = AfwezigForm(obj=regel) if request.method == "GET" else AfwezigForm()
    if form.validate_on_submit():
        try:
            ops.wijzig_afwezigheid(db, afwezigheid_id=regel.id, van=form.van.data, tot=form.tot.data,
                                   reden=form.reden.data or "")
        except DomeinFout as fout:
            db.rollback()
            getattr(form, fout.veld or "van").errors.append(fout.boodschap)
        else:
            db.commit()
            flash("Afwezigheid gewijzigd.", "success")
            return redirect(url_for("planning.visiteur", visiteur_id=v.id))
    return render_template("planning/bewerk.html", v=v, form=form, titel="Afwezigheid wijzigen",
                           velden=[form.van, form.tot, form.reden],
                           verwijder=url_for("planning.afwezig_verwijderen", visiteur_id=v.id,
                                             afwezigheid_id=regel.id)), 422 if form.errors else 200


@bp.post("/pool/<int:visiteur_id>/afwezig/<int:afwezigheid_id>/verwijderen")
@vereist(P.PLANNING_BEHEREN)
def afwezig_verwijderen(visiteur_id: int, afwezigheid_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    ops.verwijder_afwezigheid(db, afwezigheid_id=_afwezigheid_or_404(v.id, afwezigheid_id).id)
    db.commit()
    flash("Afwezigheid verwijderd.", "success")
    return redirect(url_for("planning.visiteur", visiteur_id=v.id))


@bp.route("/pool/<int:visiteur_id>/banden/<int:band_id>", methods=["GET", "POST"])
@vereist(P.PLANNING_BEHEREN)
def band_wijzigen(visiteur_id: int, band_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    band = _band_or_404(v.id, band_id)
    form = _bandform(band if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            ops.wijzig_band(db, band_id=band.id, od_code=form.od_code.data, soort=form.soort.data,
                            reden=form.reden.data or "", geldig_van=form.geldig_van.data,
                            geldig_tot=form.geldig_tot.data)
        except DomeinFout as fout:
            db.rollback()
            getattr(form, fout.veld or "soort").errors.append(fout.boodschap)
        else:
            db.commit()
            flash("Band gewijzigd; de belangenconflicten houden er rekening mee.", "success")
            _meld_gehouden(db, v.id)
            return redirect(url_for("planning.visiteur", visiteur_id=v.id))
    return render_template("planning/bewerk.html", v=v, form=form, titel="Band wijzigen",
                           velden=[form.od_code, form.soort, form.reden, form.geldig_van, form.geldig_tot],
                           verwijder=url_for("planning.band_verwijderen", visiteur_id=v.id,
                                             band_id=band.id)), 422 if form.errors else 200


@bp.post("/pool/<int:visiteur_id>/banden/<int:band_id>/verwijderen")
@vereist(P.PLANNING_BEHEREN)
def band_verwijderen(visiteur_id: int, band_id: int):
    db = get_db()
    v = get_visiteur_or_404(visiteur_id)
    ops.verwijder_band(db, band_id=_band_or_404(v.id, band_id).id)
    db.commit()
    flash("Band verwijderd.", "success")
    return redirect(url_for("planning.visiteur", visiteur_id=v.id))
