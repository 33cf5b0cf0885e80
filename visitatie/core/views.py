from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import text

from visitatie.auth.permissions import P, vereist
from visitatie.db import get_db, is_up_to_date

bp = Blueprint("core", __name__)


@bp.get("/")
@vereist(P.PUBLIEK)
def home():
    return render_template("core/home.html")


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
