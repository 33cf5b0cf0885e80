from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlmodel import func, select

from visitatie.audit.models import AuditRegel
from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db

bp = Blueprint("audit", __name__)
PER_PAGINA = 50


@bp.get("/audit")
@vereist(P.AUDIT_LEZEN)
def lijst():
    db = get_db()
    pagina = max(request.args.get("pagina", 1, type=int), 1)
    actie = request.args.get("actie", "").strip()
    query = select(AuditRegel)
    if actie:
        query = query.where(AuditRegel.actie.startswith(actie))
    totaal = db.exec(select(func.count()).select_from(query.subquery())).one()
    regels = db.exec(query.order_by(AuditRegel.id.desc())
                     .offset((pagina - 1) * PER_PAGINA).limit(PER_PAGINA)).all()
    return render_template("audit/lijst.html", regels=regels, pagina=pagina, actie=actie,
                           laatste=max(1, -(-totaal // PER_PAGINA)), totaal=totaal)
