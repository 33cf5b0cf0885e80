from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request
from sqlmodel import func, select

from visitatie.audit.leesbaar import actie_in_woorden, als_csv, samenvatting, verschillen
from visitatie.audit.models import AuditRegel
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db
from visitatie.invoergrenzen import paginanummer
from visitatie.timeutil import NL

bp = Blueprint("audit", __name__)
PER_PAGINA = 50
MAX_EXPORT = 100_000


@dataclass(frozen=True)
class Filter:
    persoon: str = ""
    object_type: str = ""
    object_id: str = ""
    actie: str = ""
    van: str = ""
    tot: str = ""

    @classmethod
    def uit_verzoek(cls) -> tuple[Filter, str | None]:
        waarden = {k: request.args.get(k, "").strip() for k in cls.__dataclass_fields__}
        filter_ = cls(**waarden)
        try:
            filter_.periode()
        except ValueError:
            return cls(**{**waarden, "van": "", "tot": ""}), "Schrijf een datum als JJJJ-MM-DD."
        return filter_, None

    def periode(self) -> tuple[datetime | None, datetime | None]:
        """The period as instants: from the start of `van` to the end of `tot`, Dutch time."""
        van = datetime.combine(date.fromisoformat(self.van), time(), NL) if self.van else None
        tot = (datetime.combine(date.fromisoformat(self.tot) + timedelta(days=1), time(), NL)
               if self.tot else None)
        return van, tot

    def query(self):
        q = select(AuditRegel)
        if self.persoon:
            q = q.where(AuditRegel.gebruiker_email.contains(self.persoon.lower()))
        if self.object_type:
            q = q.where(AuditRegel.object_type == self.object_type)
        if self.object_id:
            q = q.where(AuditRegel.object_id == self.object_id)
        if self.actie:
            q = q.where(AuditRegel.actie.startswith(self.actie))
        van, tot = self.periode()
        if van:
            q = q.where(AuditRegel.tijdstip >= van)
        if tot:
            q = q.where(AuditRegel.tijdstip < tot)
        return q

    def args(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


@bp.get("/audit")
@vereist(P.AUDIT_LEZEN)
def lijst():
    db = get_db()
    filter_, fout = Filter.uit_verzoek()
    pagina = paginanummer(request.args)
    query = filter_.query()
    totaal = db.exec(select(func.count()).select_from(query.subquery())).one()
    regels = db.exec(query.order_by(AuditRegel.id.desc())
                     .offset((pagina - 1) * PER_PAGINA).limit(PER_PAGINA)).all()
    soorten = db.exec(select(AuditRegel.object_type).distinct().order_by(AuditRegel.object_type)).all()
    return render_template(
        "audit/lijst.html", regels=[(r, actie_in_woorden(r.actie), verschillen(r.voor, r.na))
                                    for r in regels],
        pagina=pagina, filter=filter_, fout=fout, soorten=soorten,
        laatste=max(1, -(-totaal // PER_PAGINA)), totaal=totaal)


@bp.get("/audit/export.csv")
@vereist(P.AUDIT_LEZEN)
def export():
    filter_, _ = Filter.uit_verzoek()
    regels = get_db().exec(filter_.query().order_by(AuditRegel.id).limit(MAX_EXPORT)).all()
    rijen = [[f"{r.tijdstip.astimezone(NL):%d-%m-%Y %H:%M:%S}", r.gebruiker_email,
              actie_in_woorden(r.actie), r.object_type, r.object_id,
              samenvatting(r.voor, r.na)]
             for r in regels]
    inhoud = als_csv(["Tijdstip", "Wie", "Actie", "Soort object", "Object", "Wijziging"], rijen)
    return Response(inhoud, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=auditlog.csv"})
