from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db

bp = Blueprint("core", __name__)


@bp.get("/")
@vereist(P.PUBLIEK)
def home():
    return render_template("core/home.html")


@bp.get("/healthz")
@vereist(P.PUBLIEK)
def healthz():
    get_db().exec(text("SELECT 1"))
    return {"status": "ok", "database": "bereikbaar"}
