from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlalchemy import text

from visitatie.auth.permissions import P, vereist
from visitatie.core.werk import ROL_UITLEG, werk_voor
from visitatie.db import get_db, is_up_to_date
from visitatie.register.models import Omgevingsdienst
from visitatie.timeutil import vandaag

bp = Blueprint("core", __name__)


@bp.get("/")
@vereist(P.PUBLIEK)
def home():
    """The start page: for an account its own work (late first), for a visitor the public pages."""
    if not current_user.is_authenticated:
        return render_template("core/home.html", voorraad=None)
    db = get_db()
    voorraad = werk_voor(db, current_user, vandaag())
    od = db.get(Omgevingsdienst, current_user.od_code) if current_user.od_code else None
    return render_template("core/home.html", voorraad=voorraad, werk=voorraad.gesorteerd(), od=od,
                           uitleg=ROL_UITLEG.get(current_user.rol, ""))


@bp.get("/ping")
@vereist(P.PUBLIEK)
def ping():
    """The smallest route of the app: the baseline of the load benchmark."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
@vereist(P.PUBLIEK)
def healthz():
    """Liveness and database reachability (for load balancers and `make run` users alike)."""
    get_db().exec(text("SELECT 1"))
    return {"status": "ok", "database": "bereikbaar"}


@bp.get("/readyz")
@vereist(P.PUBLIEK)
def readyz():
    """Readiness: database migrated to the newest revision and, when configured, Redis answers."""
    controles = {"database": is_up_to_date(current_app.extensions["vth_engine"])}
    if current_app.config.get("REDIS_URL"):
        controles["wachtrij"] = _redis_antwoordt(current_app.config["REDIS_URL"])
    klaar = all(controles.values())
    return {"status": "klaar" if klaar else "niet klaar", "controles": controles}, (
        200 if klaar else 503)


def _redis_antwoordt(url: str) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        with Redis.from_url(url, socket_connect_timeout=2) as verbinding:
            return bool(verbinding.ping())
    except RedisError:
        return False
