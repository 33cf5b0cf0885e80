"""Public pages of the register: ODs, municipalities, provinces, on a chosen date."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlmodel import select

from visitatie.auth.permissions import P, vereist, ziet_interne_gegevens_van
from visitatie.db import get_db
from visitatie.ilt.operations import bevindingen_voor_od
from visitatie.monitoring.overzichten import od_profiel_samenvatting
from visitatie.paginacache import gecachte_pagina
from visitatie.register import operations as ops
from visitatie.register.models import Gemeente, Omgevingsdienst, Provincie
from visitatie.timeutil import EERSTE_DAG, LAATSTE_DAG, redelijke_dag, vandaag

bp = Blueprint("register", __name__)




def peildatum_uit_verzoek() -> tuple[date, str | None]:
    """The date asked for (?peildatum=JJJJ-MM-DD), today when absent; an error text when invalid."""
    tekst = request.args.get("peildatum", "").strip()
    if not tekst:
        return vandaag(), None
    try:
        dag = date.fromisoformat(tekst)
    except ValueError:
        return vandaag(), f"'{tekst}' is geen geldige datum; toont vandaag."
    if not redelijke_dag(dag):  # 9999-12-31 broke date arithmetic (500)
        return vandaag(), f"Kies een peildatum tussen {EERSTE_DAG.year} en {LAATSTE_DAG.year}; toont vandaag."
    return dag, None


def get_od_or_404(code: str) -> Omgevingsdienst:
    od = get_db().get(Omgevingsdienst, code)
    if od is None:
        abort(404)
    return od


@bp.get("/omgevingsdiensten")
@vereist(P.PUBLIEK)
def ods():
    db = get_db()
    peildatum, fout = peildatum_uit_verzoek()
    provincie = request.args.get("provincie") or None
    return gecachte_pagina(db, ("register.ods", peildatum, fout, provincie),
                           lambda: _ods_pagina(db, peildatum, fout, provincie))


def _ods_pagina(db, peildatum: date, fout: str | None, provincie: str | None) -> tuple[str, str]:
    provincies = db.exec(select(Provincie).order_by(Provincie.naam)).all()
    if provincie and provincie not in {p.code for p in provincies}:
        provincie, fout = None, "Onbekende provincie; alle omgevingsdiensten getoond."
    lijst = ops.ods_op(db, peildatum, provincie)
    per_od = ops.provincies_per_od(db, [od.code for od in lijst])
    return "Omgevingsdiensten", render_template(
        "register/_ods.html", ods=lijst, provincies=provincies, per_od=per_od, gekozen=provincie,
        peildatum=peildatum, fout=fout)


@bp.get("/omgevingsdiensten/<code>")
@vereist(P.PUBLIEK)
def od(code: str):
    db = get_db()
    peildatum, fout = peildatum_uit_verzoek()
    intern = ziet_interne_gegevens_van(current_user, code)
    return gecachte_pagina(db, ("register.od", code, peildatum, fout, intern),
                           lambda: _od_pagina(db, code, peildatum, fout, intern))


def _od_pagina(db, code: str, peildatum: date, fout: str | None, intern: bool) -> tuple[str, str]:
    dienst = get_od_or_404(code)
    deelnemers = ops.deelnemers_op(db, code, peildatum)
    return dienst.naam, render_template(
        "register/_od.html", od=dienst, peildatum=peildatum, fout=fout, deelnemers=deelnemers,
        provincies=ops.provincies_van_od(db, code),
        geschiedenis=ops.geschiedenis_van_od(db, dienst),
        # a merged OD's items as on its last day: after it they are its successor's
        ilt_bevindingen=bevindingen_voor_od(db, code, min(peildatum, dienst.geldig_tot or peildatum)),
        monitoring=od_profiel_samenvatting(db, code, peildatum=peildatum, deelnemers=deelnemers,
                                           intern=intern))


@bp.get("/gemeenten")
@vereist(P.PUBLIEK)
def gemeenten():
    db = get_db()
    zoek = request.args.get("q", "").strip()
    query = select(Gemeente, Provincie.naam).join(Provincie).order_by(Gemeente.naam)
    if zoek:
        query = query.where(Gemeente.naam.ilike(f"%{zoek}%"))
    return render_template("register/gemeenten.html", gemeenten=db.exec(query).all(), zoek=zoek)


@bp.get("/gemeenten/<code>")
@vereist(P.PUBLIEK)
def gemeente(code: str):
    db = get_db()
    gem = db.get(Gemeente, code) or abort(404)
    peildatum, fout = peildatum_uit_verzoek()
    return render_template(
        "register/gemeente.html", gemeente=gem, provincie=db.get(Provincie, gem.provincie_code),
        peildatum=peildatum, fout=fout, od=ops.od_van_gemeente(db, code, peildatum),
        historie=ops.deelnames_van(db, code))


@bp.get("/provincies")
@vereist(P.PUBLIEK)
def provincies():
    lijst = get_db().exec(select(Provincie).order_by(Provincie.naam)).all()
    return render_template("register/provincies.html", provincies=lijst)


@bp.get("/provincies/<code>")
@vereist(P.PUBLIEK)
def provincie(code: str):
    db = get_db()
    prov = db.get(Provincie, code) or abort(404)
    peildatum, fout = peildatum_uit_verzoek()
    gemeenten = db.exec(select(Gemeente).where(Gemeente.provincie_code == code,
                                               ops.geldig_op(Gemeente, peildatum))
                        .order_by(Gemeente.naam)).all()
    return render_template(
        "register/provincie.html", provincie=prov, peildatum=peildatum, fout=fout,
        ods=ops.ods_op(db, peildatum, code), gemeenten=gemeenten,
        od_per_gemeente=ops.od_per_gemeente(db, [g.code for g in gemeenten], peildatum))
