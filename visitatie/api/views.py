"""The read-only JSON API under /api/v1/: published data only. Registers, published editions,
indicator definitions, final observations and the visitation status per OD. Long tables are
paginated and also offered as CSV (`?formaat=csv`). The OpenAPI 3.1 description is at /api/v1/openapi.json."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from sqlmodel import func, select
from werkzeug.exceptions import HTTPException

from visitatie import tabelexport
from visitatie.api.openapi import openapi_document
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.monitoring.models import Indicator, Waarneming
from visitatie.paginacache import paginadeel
from visitatie.publicatie.models import Editie
from visitatie.register.models import Deelname, Gemeente, OdProvincie, Omgevingsdienst
from visitatie.register.operations import geldig_op
from visitatie.rondes.models import VisitatieRonde
from visitatie.timeutil import vandaag
from visitatie.visitaties.models import Visitatie, is_gehouden, status_na

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGINA = 500


class Ongeldig(Exception):
    def __init__(self, boodschap: str):
        super().__init__(boodschap)
        self.boodschap = boodschap


@bp.errorhandler(Ongeldig)
def ongeldig(fout: Ongeldig):
    return jsonify({"fout": fout.boodschap, "status": 400}), 400


@bp.errorhandler(HTTPException)
def http_fout(fout: HTTPException):
    return jsonify({"fout": fout.description, "status": fout.code}), fout.code


def _geheel(naam: str, standaard: int, minimum: int, maximum: int | None = None) -> int:
    tekst = request.args.get(naam)
    if tekst is None:
        return standaard
    try:
        waarde = int(tekst)
    except ValueError:
        raise Ongeldig(f"'{naam}' moet een geheel getal zijn.") from None
    if waarde < minimum or (maximum is not None and waarde > maximum):
        raise Ongeldig(f"'{naam}' moet tussen {minimum} en {maximum or 'oneindig'} liggen.")
    return waarde


def _formaat() -> str:
    formaat = request.args.get("formaat", "json")
    if formaat not in ("json", "csv"):
        raise Ongeldig("'formaat' is 'json' of 'csv'.")
    return formaat


def _peildatum() -> date:
    tekst = request.args.get("peildatum")
    if tekst is None:
        return vandaag()
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise Ongeldig("'peildatum' is een datum als JJJJ-MM-DD.") from None


def _pagina(query, naar_dict, kolommen: list[str]):
    """One page of a query (or all rows as CSV), with the total and a link to the next page.
    Cached per stamp of the areas it reads (visitatie/gebieden.py, by endpoint), day and
    request: the API is public, so the request says it all."""
    sleutel = (request.endpoint, request.path, tuple(sorted(request.args.items(multi=True))), vandaag())
    mimetype, tekst = paginadeel(get_db(), sleutel, lambda: _maak_pagina(query, naar_dict, kolommen))
    return Response(tekst, mimetype=mimetype)


def _maak_pagina(query, naar_dict, kolommen: list[str]) -> tuple[str, str]:
    db = get_db()
    formaat = _formaat()
    if formaat == "csv":
        return "text/csv", _csv([naar_dict(r) for r in db.exec(query)], kolommen)
    pagina = _geheel("pagina", 1, 1, 1_000_000)
    per_pagina = _geheel("per_pagina", 100, 1, MAX_PER_PAGINA)
    totaal = db.exec(select(func.count()).select_from(query.subquery())).one()
    rijen = db.exec(query.offset((pagina - 1) * per_pagina).limit(per_pagina)).all()
    volgende = None
    if pagina * per_pagina < totaal:
        args = {**request.args.to_dict(), "pagina": pagina + 1, "per_pagina": per_pagina}
        volgende = url_for(request.endpoint, **(request.view_args or {}), **args)
    antwoord = {"data": [naar_dict(r) for r in rijen], "pagina": pagina, "per_pagina": per_pagina,
                "totaal": totaal, "volgende": volgende}
    return "application/json", current_app.json.response(antwoord).get_data(as_text=True)


def _csv(rijen: list[dict], kolommen: list[str]) -> str:
    """CSV for programs (commas, decimal points), formulas neutralised like every export."""
    return tabelexport.als_csv(kolommen, ([r.get(k) for k in kolommen] for r in rijen),
                           nederlands=False).decode("utf-8")


def _od(od: Omgevingsdienst, provincies: list[str] | None = None) -> dict:
    uit = {
        "code": od.code,
        "naam": od.naam,
        "afkorting": od.afkorting,
        "seveso": od.seveso,
        "geldig_van": _iso(od.geldig_van),
        "geldig_tot": _iso(od.geldig_tot),
        "opvolger_code": od.opvolger_code,
        "website": od.website,
    }
    if provincies is not None:
        uit["provincies"] = provincies
    return uit


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# --- endpoints ------------------------------------------------------------------------


@bp.get("/openapi.json")
@vereist(P.PUBLIEK)
def openapi():
    return jsonify(openapi_document())


@bp.get("/omgevingsdiensten")
@vereist(P.PUBLIEK)
def omgevingsdiensten():
    """Every OD in the register (also merged ones, with their validity), by name."""
    query = select(Omgevingsdienst).order_by(Omgevingsdienst.naam, Omgevingsdienst.code)
    return _pagina(
        query,
        _od,
        ["code", "naam", "afkorting", "seveso", "geldig_van", "geldig_tot", "opvolger_code", "website"],
    )


@bp.get("/omgevingsdiensten/<code>")
@vereist(P.PUBLIEK)
def omgevingsdienst(code: str):
    db = get_db()
    od = db.get(Omgevingsdienst, code)
    if od is None:
        return jsonify({"fout": f"Geen omgevingsdienst '{code}'.", "status": 404}), 404
    peildatum = _peildatum()
    provincies = sorted(db.exec(select(OdProvincie.provincie_code).where(OdProvincie.od_code == code)).all())
    gemeenten = db.exec(
        select(Deelname.deelnemer_code)
        .where(Deelname.od_code == code, Deelname.soort == "gemeente", geldig_op(Deelname, peildatum))
        .order_by(Deelname.deelnemer_code)
    ).all()
    return jsonify({**_od(od, provincies), "peildatum": peildatum.isoformat(), "gemeenten": list(gemeenten)})


@bp.get("/gemeenten")
@vereist(P.PUBLIEK)
def gemeenten():
    """Municipalities valid on the reference date (default today) with the OD they take part in."""
    peildatum = _peildatum()
    query = (
        select(Gemeente, Deelname.od_code)
        .join(
            Deelname,
            (Deelname.deelnemer_code == Gemeente.code) & geldig_op(Deelname, peildatum),
            isouter=True,
        )
        .where(geldig_op(Gemeente, peildatum))
        .order_by(Gemeente.naam, Gemeente.code)
    )

    def als_dict(rij) -> dict:
        gemeente, od_code = rij
        return {
            "code": gemeente.code,
            "naam": gemeente.naam,
            "provincie_code": gemeente.provincie_code,
            "od_code": od_code,
        }

    return _pagina(query, als_dict, ["code", "naam", "provincie_code", "od_code"])


def _editie(e: Editie) -> dict:
    return {
        "jaar": e.jaar,
        "periode_van": e.periode_van.isoformat(),
        "periode_tot": e.periode_tot.isoformat(),
        "peildatum": e.peildatum.isoformat(),
        "snapshot_sha256": e.snapshot_sha256,
        "gepubliceerd_op": e.gepubliceerd_op.isoformat() if e.gepubliceerd_op else None,
        "url": url_for("publicatie.publiek_site", jaar=e.jaar, _external=False),
        "downloads": {
            s: url_for("publicatie.publiek_download", jaar=e.jaar, soort=s)
            for s in ("pdf", "docx", "open-data")
        },
    }


@bp.get("/edities")
@vereist(P.PUBLIEK)
def edities():
    """Published editions only; a concept does not exist for the API."""
    rijen = (
        get_db()
        .exec(select(Editie).where(Editie.status == "gepubliceerd").order_by(Editie.jaar.desc()))
        .all()
    )
    return jsonify({"data": [_editie(e) for e in rijen]})


@bp.get("/edities/<int:jaar>")
@vereist(P.PUBLIEK)
def editie(jaar: int):
    e = get_db().exec(select(Editie).where(Editie.jaar == jaar, Editie.status == "gepubliceerd")).first()
    if e is None:
        return jsonify({"fout": f"Geen gepubliceerde editie {jaar}.", "status": 404}), 404
    return jsonify(_editie(e))


@bp.get("/indicatoren")
@vereist(P.PUBLIEK)
def indicatoren():
    rijen = get_db().exec(select(Indicator).order_by(Indicator.code)).all()
    return jsonify(
        {
            "data": [
                {
                    "code": i.code,
                    "naam": i.naam,
                    "definitie": i.definitie,
                    "eenheid": i.eenheid,
                    "bron": i.bron,
                    "versie": i.versie,
                }
                for i in rijen
            ]
        }
    )


@bp.get("/waarnemingen")
@vereist(P.PUBLIEK)
def waarnemingen():
    """Final observations only (provisional figures are not public), filterable."""
    query = select(Waarneming).where(Waarneming.status == "definitief")
    for veld in ("indicator", "od"):
        waarde = request.args.get(veld)
        if waarde is not None:
            kolom = Waarneming.indicator_code if veld == "indicator" else Waarneming.od_code
            query = query.where(kolom == waarde)
    if "jaar" in request.args:
        query = query.where(Waarneming.jaar == _geheel("jaar", 0, 1900, 2200))
    query = query.order_by(
        Waarneming.indicator_code, Waarneming.od_code, Waarneming.gemeente_code, Waarneming.jaar
    )

    def als_dict(w: Waarneming) -> dict:
        return {
            "indicator": w.indicator_code,
            "od_code": w.od_code,
            "gemeente_code": w.gemeente_code or None,
            "jaar": w.jaar,
            "waarde": w.waarde,
            "kwaliteit": w.kwaliteit,
            "fictief": w.fictief,
        }

    return _pagina(
        query, als_dict, ["indicator", "od_code", "gemeente_code", "jaar", "waarde", "kwaliteit", "fictief"]
    )


VISITATIEKOLOMMEN = ["od_code", "ronde", "ronde_start", "ronde_deadline", "bezoek_van", "bezoek_tot",
                     "gehouden", "rapport_gepubliceerd", "gepubliceerd_op", "rapport_url"]


@bp.get("/visitaties")
@vereist(P.PUBLIEK)
def visitaties():
    """Visitation status per OD: only what is public (cycle, visit days, whether the visit took
    place, whether and when the report was published, as on the public report pages); never the
    inner workflow state. The visitations follow the cycle's accepted plan."""
    query = select(Visitatie, VisitatieRonde).join(VisitatieRonde, VisitatieRonde.id == Visitatie.ronde_id)
    if "od" in request.args:
        query = query.where(Visitatie.od_code == request.args["od"])
    query = query.order_by(VisitatieRonde.start, VisitatieRonde.id, Visitatie.od_code)

    def als_dict(rij) -> dict:
        v, ronde = rij
        gepubliceerd = v.gepubliceerd_op is not None and status_na(v.status, "gepubliceerd")
        rapport = url_for("visitaties.openbaar_rapport", visitatie_id=v.id) if gepubliceerd else None
        return {
            "od_code": v.od_code,
            "ronde": ronde.naam,
            "ronde_start": _iso(ronde.start),
            "ronde_deadline": _iso(ronde.deadline),
            "bezoek_van": _iso(v.bezoek_van),
            "bezoek_tot": _iso(v.bezoek_tot),
            "gehouden": is_gehouden(v.status),
            "rapport_gepubliceerd": gepubliceerd,
            "gepubliceerd_op": _iso(v.gepubliceerd_op) if gepubliceerd else None,
            "rapport_url": rapport,
        }

    return _pagina(query, als_dict, VISITATIEKOLOMMEN)
