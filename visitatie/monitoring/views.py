"""Monitoring pages: overview, national table per indicator, OD profile, import, corrections,
policy-cycle documents and quality checks."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlmodel import select

from visitatie import bestanden, opslag, tabelexport
from visitatie.auth.permissions import OD_GEBONDEN_ROLLEN, P, heeft, vereist, ziet_interne_gegevens_van
from visitatie.db import get_db
from visitatie.errors import Conflict, DomeinFout
from visitatie.importeren import ImportFout, als_tijdelijk_bestand
from visitatie.monitoring import operations as ops
from visitatie.monitoring import overzichten
from visitatie.monitoring.beleidscyclus import REGELS, SOORTEN, STATUS_TEKST
from visitatie.monitoring.forms import (
    CorrectieForm,
    DocumentForm,
    ImportForm,
    KwaliteitstoetsForm,
    robuustheid_form,
)
from visitatie.monitoring.invoer import KOLOMMEN
from visitatie.monitoring.models import (
    BEOORDELAARS,
    KWALITEIT,
    METHODEN,
    STATUSSEN,
    BeleidsDocument,
    Indicator,
    MonitoringImport,
    RobuustheidsCriterium,
    Waarneming,
)
from visitatie.monitoring.robuustheid import OORDEEL_TEKST, RESULTATEN
from visitatie.monitoring.statistiek import GROEP_UITLEG, GROEPEN
from visitatie.register.models import Omgevingsdienst
from visitatie.register.operations import deelnemers_op
from visitatie.register.views import get_od_or_404, peildatum_uit_verzoek
from visitatie.timeutil import vandaag

bp = Blueprint("monitoring", __name__)
TEKSTEN = {"RESULTATEN": RESULTATEN, "BEOORDELAARS": BEOORDELAARS, "METHODEN": METHODEN,
           "STATUSSEN": STATUSSEN, "KWALITEIT": KWALITEIT, "OORDEEL_TEKST": OORDEEL_TEKST,
           "SOORTEN": SOORTEN, "STATUS_TEKST": STATUS_TEKST}


@bp.context_processor
def teksten():
    return TEKSTEN


def intern_voor(od_code: str | None = None) -> bool:
    """May the current user see non-public (provisional) data, of this OD or nationally?"""
    if od_code:
        return ziet_interne_gegevens_van(current_user, od_code)
    return heeft(current_user, P.MONITORING_BEHEREN)


def eigen_od_van_gebruiker() -> str | None:
    """The OD an OD-bound user may submit for; None for programme-wide roles."""
    return current_user.od_code if current_user.rol in OD_GEBONDEN_ROLLEN else None


def documentenmap() -> Path:
    return opslag.van_app().map("beleidsdocumenten")


def _bewaar_upload(upload) -> tuple[str, str] | None:
    """(storage key, original name) of an uploaded PDF, or None without an upload."""
    if not upload:
        return None
    naam = upload.filename or "document.pdf"
    opgeslagen = bestanden.bewaar(documentenmap(), upload.read(), naam=naam, soorten=bestanden.ALLEEN_PDF)
    return opgeslagen.sleutel, naam


def get_indicator_or_404(code: str) -> Indicator:
    return get_db().get(Indicator, code) or abort(404)


def get_waarneming_or_404(waarneming_id: int) -> Waarneming:
    """An observation the current user may change: OD-bound roles only their own OD's."""
    waarneming = get_db().get(Waarneming, waarneming_id) or abort(404)
    if not ziet_interne_gegevens_van(current_user, waarneming.od_code):
        abort(403)
    return waarneming


def get_eigen_od_or_404(code: str) -> Omgevingsdienst:
    od = get_od_or_404(code)
    if not ziet_interne_gegevens_van(current_user, code):
        abort(403)
    return od


@bp.get("/monitoring")
@vereist(P.PUBLIEK)
def overzicht():
    db = get_db()
    indicatoren = db.exec(select(Indicator).order_by(Indicator.naam)).all()
    return render_template("monitoring/overzicht.html", indicatoren=indicatoren,
                           robuustheid=overzichten.landelijk_robuustheidsbeeld(db))


@bp.get("/monitoring/indicatoren/<code>")
@vereist(P.PUBLIEK)
def indicator(code: str):
    db = get_db()
    ind = get_indicator_or_404(code)
    intern = intern_voor()
    jaren = overzichten.beschikbare_jaren(db, code, intern)
    jaar = request.args.get("jaar", type=int)
    if jaar not in jaren:
        jaar = jaren[-1] if jaren else None
    tabel = overzichten.landelijke_tabel(db, indicator=ind, jaar=jaar, intern=intern) if jaar else None
    return render_template("monitoring/indicator.html", indicator=ind, jaren=jaren, jaar=jaar,
                           tabel=tabel, intern=intern, groepen=GROEPEN, groep_uitleg=GROEP_UITLEG)


@bp.get("/omgevingsdiensten/<code>/monitoring")
@vereist(P.PUBLIEK)
def od_profiel(code: str):
    db = get_db()
    od = get_od_or_404(code)
    peildatum, fout = peildatum_uit_verzoek()
    intern = intern_voor(code)
    jaren = [peildatum.year - 2, peildatum.year - 1, peildatum.year]
    return render_template(
        "monitoring/od_profiel.html", od=od, peildatum=peildatum, fout=fout, intern=intern,
        beoordelingen=overzichten.robuustheid_van(db, code),
        kwaliteit=overzichten.kwaliteit_van(db, code), jaren=jaren,
        cycli=overzichten.cycli_van(db, code, jaren, peildatum), regels=REGELS,
        reeksen=overzichten.reeksen_van(db, code, intern),
        gemeentecijfers=overzichten.gemeentecijfers_van(db, code, intern),
        vergelijkingen=overzichten.vergelijkingen_voor(db, code, intern))


@bp.route("/monitoring/importeren", methods=["GET", "POST"])
@vereist(P.MONITORING_INVOEREN)
def importeren():
    db = get_db()
    form = ImportForm()
    meldingen, status = [], 200
    if form.validate_on_submit():
        upload = form.bestand.data
        with als_tijdelijk_bestand(upload.read()) as pad:
            try:
                verslag = ops.importeer_waarnemingen(
                    db, path=pad, bestandsnaam=upload.filename or pad.name, door=current_user.email,
                    corrigeren=form.corrigeren.data, reden=form.reden.data or "",
                    eigen_od=eigen_od_van_gebruiker())
            except ImportFout as fout:
                db.rollback()
                meldingen, status = fout.meldingen, 422
            except DomeinFout as fout:
                db.rollback()
                form.reden.errors.append(fout.boodschap)
            else:
                db.commit()
                flash(f"Import geslaagd: {verslag.aantal_nieuw} nieuw, {verslag.aantal_gecorrigeerd} "
                      f"gecorrigeerd, {verslag.aantal_rijen} rijen gelezen.", "success")
                return redirect(url_for("monitoring.importeren"))
    if form.errors:
        status = 422
    query = select(MonitoringImport).order_by(MonitoringImport.tijdstip.desc()).limit(20)
    if eigen_od_van_gebruiker():
        query = query.where(MonitoringImport.door == current_user.email)
    verslagen = db.exec(query).all()
    return render_template("monitoring/importeren.html", form=form, meldingen=meldingen,
                           eigen_od=eigen_od_van_gebruiker(),
                           verslagen=verslagen, kolommen=KOLOMMEN,
                           indicatoren=db.exec(select(Indicator).order_by(Indicator.code)).all()), status


@bp.route("/monitoring/waarnemingen/<int:waarneming_id>/corrigeren", methods=["GET", "POST"])
@vereist(P.MONITORING_INVOEREN)
def corrigeren(waarneming_id: int):
    db = get_db()
    waarneming = get_waarneming_or_404(waarneming_id)
    form = CorrectieForm(data={"waarde": waarneming.waarde, "status": waarneming.status,
                               "versie": waarneming.versie} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            ops.corrigeer_waarneming(db, waarneming=waarneming, waarde=float(form.waarde.data),
                                     status=form.status.data, reden=form.reden.data,
                                     versie=form.versie.data, door=current_user.email,
                                     mag_vaststellen=eigen_od_van_gebruiker() is None)
        except DomeinFout as fout:
            db.rollback()
            if fout.status == 409:
                raise
            getattr(form, fout.veld or "waarde").errors.append(fout.boodschap)
        else:
            db.commit()
            flash("Correctie opgeslagen; de oude waarde staat in de geschiedenis.", "success")
            return redirect(url_for("monitoring.corrigeren", waarneming_id=waarneming.id))
    return render_template(
        "monitoring/corrigeren.html", form=form, waarneming=waarneming,
        od=db.get(Omgevingsdienst, waarneming.od_code),
        indicator=db.get(Indicator, waarneming.indicator_code),
        correcties=overzichten.correcties_van(db, waarneming.id)), 422 if form.errors else 200


@bp.route("/omgevingsdiensten/<code>/monitoring/documenten", methods=["GET", "POST"])
@vereist(P.MONITORING_INVOEREN)
def document(code: str):
    db = get_db()
    od = get_eigen_od_or_404(code)
    deelnemers = [(d.deelnemer_code, naam if d.soort == "gemeente" else f"Provincie {naam}")
                  for d, naam in deelnemers_op(db, code, vandaag())]
    form = DocumentForm(deelnemers=deelnemers)
    if request.method == "GET":
        form.deelnemer_code.data = request.args.get("deelnemer")
        form.jaar.data = request.args.get("jaar", type=int) or vandaag().year
    if form.validate_on_submit():
        try:
            bestand = _bewaar_upload(form.bestand.data)
            ops.sla_document_op(db, od_code=code, deelnemer_code=form.deelnemer_code.data, bestand=bestand,
                                soort=form.soort.data, jaar=form.jaar.data, titel=form.titel.data or "",
                                vastgesteld_op=form.vastgesteld_op.data, verzonden_op=form.verzonden_op.data,
                                link=form.link.data or "", versie=form.versie.data or 0)
        except DomeinFout as fout:
            db.rollback()
            getattr(form, fout.veld or "soort").errors.append(fout.boodschap)
            if isinstance(fout, Conflict):
                form.versie.raw_data = None  # re-render with the version now seen
                form.versie.data = ops.document_versie(
                    db, od_code=code, deelnemer_code=form.deelnemer_code.data, soort=form.soort.data,
                    jaar=form.jaar.data)
        else:
            db.commit()
            flash("Document opgeslagen.", "success")
            return redirect(url_for("monitoring.od_profiel", code=code) + "#beleidscyclus")
    return render_template("monitoring/document.html", form=form, od=od), 422 if form.errors else 200


@bp.route("/omgevingsdiensten/<code>/monitoring/kwaliteitstoets", methods=["GET", "POST"])
@vereist(P.MONITORING_BEHEREN)
def kwaliteitstoets(code: str):
    db = get_db()
    od = get_od_or_404(code)
    form = KwaliteitstoetsForm()
    if form.validate_on_submit():
        try:
            ops.registreer_kwaliteitstoets(
                db, od_code=code, criteria_versie=form.criteria_versie.data, methode=form.methode.data,
                datum=form.datum.data, aantal_voldaan=form.aantal_voldaan.data,
                aantal_totaal=form.aantal_totaal.data, verbeterpunten=form.verbeterpunten.data or "")
        except DomeinFout as fout:
            db.rollback()
            getattr(form, fout.veld or "aantal_voldaan").errors.append(fout.boodschap)
        else:
            db.commit()
            flash("Toets op de kwaliteitscriteria opgeslagen.", "success")
            return redirect(url_for("monitoring.od_profiel", code=code) + "#kwaliteit")
    return render_template("monitoring/kwaliteitstoets.html", form=form, od=od), 422 if form.errors else 200


@bp.route("/omgevingsdiensten/<code>/monitoring/robuustheid", methods=["GET", "POST"])
@vereist(P.MONITORING_INVOEREN)
def robuustheid(code: str):
    """Record an assessment: an OD employee its own board's, the programme office either kind."""
    db = get_db()
    od = get_eigen_od_or_404(code)
    versies = sorted(set(db.exec(select(RobuustheidsCriterium.versie)).all()))
    if not versies:
        raise DomeinFout("Er zijn geen robuustheidscriteria geladen (vth monitoring load).")
    versie = request.args.get("versie") if request.args.get("versie") in versies else versies[-1]
    criteria = db.exec(select(RobuustheidsCriterium).where(RobuustheidsCriterium.versie == versie)
                       .order_by(RobuustheidsCriterium.volgorde)).all()
    beoordelaars = [(k, v) for k, v in BEOORDELAARS.items()
                    if k == "bestuur_od" or not eigen_od_van_gebruiker()]
    form = robuustheid_form([(c.code, c.titel) for c in criteria], beoordelaars)
    if form.validate_on_submit():
        try:
            ops.maak_robuustheidsbeoordeling(
                db, od_code=code, criteria_versie=versie, beoordelaar=form.beoordelaar.data,
                datum=form.datum.data, oordelen=form.oordelen(), toelichting=form.toelichting.data or "")
        except DomeinFout as fout:
            db.rollback()
            form.datum.errors.append(fout.boodschap)
        else:
            db.commit()
            flash("Robuustheidsbeoordeling opgeslagen.", "success")
            return redirect(url_for("monitoring.od_profiel", code=code) + "#robuustheid")
    return render_template("monitoring/robuustheid.html", form=form, od=od, criteria=criteria,
                           versie=versie), 422 if form.errors else 200


@bp.get("/monitoring/importeren/sjabloon.<formaat>")
@vereist(P.MONITORING_INVOEREN)
def sjabloon(formaat: str):
    """An empty import file in the documented layout, with one example row."""
    voorbeeld = [eigen_od_van_gebruiker() or "odmh", "", "bedrijven", str(vandaag().year - 1), "4200",
                 "aantal", "voorlopig", "goed", "voorbeeldrij: vervang of verwijder"]
    if formaat == "csv":
        inhoud = tabelexport.als_csv(KOLOMMEN, [voorbeeld])
        return Response(inhoud, mimetype=tabelexport.CSV_MIMETYPE, headers={
            "Content-Disposition": "attachment; filename=waarnemingen-sjabloon.csv"})
    if formaat == "xlsx":
        inhoud = tabelexport.als_xlsx(tabelexport.Blad("waarnemingen", KOLOMMEN, [voorbeeld]))
        return Response(inhoud, headers={
            "Content-Disposition": "attachment; filename=waarnemingen-sjabloon.xlsx"},
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    abort(404)


@bp.get("/monitoring/documenten/<int:document_id>/bestand")
@vereist(P.PUBLIEK)
def document_bestand(document_id: int):
    """The uploaded PDF of a policy document: public once adopted, before that only internally."""
    doc = get_db().get(BeleidsDocument, document_id)
    if doc is None or not doc.bestand:
        abort(404)
    if doc.vastgesteld_op is None and not ziet_interne_gegevens_van(current_user, doc.od_code):
        abort(404)
    pad = bestanden.pad(documentenmap(), doc.bestand)
    if not pad.is_file():
        abort(404)
    # Read whole (uploads are capped at MAX_CONTENT_LENGTH): no open file handle outlives the request.
    antwoord = Response(pad.read_bytes(), mimetype="application/pdf")
    antwoord.headers.set("Content-Disposition", "attachment", filename=doc.bestandsnaam or "document.pdf")
    return antwoord
