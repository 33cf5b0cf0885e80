"""The Flask application (create_app) of Staat van VTH: visitations, ILT studies, monitoring
data, the Staat van VTH report and council summaries. Importing the package `visitatie` does
not import this module, so the pipeline and the pure cores load without Flask."""

from __future__ import annotations

import os

from flask import Flask, g, request

from visitatie import config as config_module
from visitatie.bronnen import SJABLONEN
from visitatie.db import close_db, get_db, is_up_to_date, lees_engine, make_engine
from visitatie.extensions import csrf, login_manager
from visitatie.paginacache import Paginacache, paginadeel


def create_app(test_config: dict | None = None, *, weiger_demo_accounts: bool = True) -> Flask:
    """The app. `weiger_demo_accounts=False` only for `vth users disable-demo`, which repairs
    a production database that still holds demo accounts."""
    # Named after the package, as when the factory lived in visitatie/__init__.py: the same
    # root path, instance folder and logger name.
    app = Flask("visitatie", instance_relative_config=True,
                template_folder=str(SJABLONEN))
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config_module.check(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["vth_engine"] = engine
    app.extensions["vth_engine_lezen"] = lees_engine(engine)
    from visitatie.demodag import zet_klok

    app.config["DEMODAG"] = zet_klok(app.config, engine)
    app.extensions["vth_paginacache"] = Paginacache(app.config["PAGINACACHE"])
    app.teardown_appcontext(close_db)
    csrf.init_app(app)
    _init_login(app)
    from visitatie.invoergrenzen import BegrensdGetal, bewaak

    app.url_map.converters["int"] = BegrensdGetal  # before any route is added
    _register_blueprints(app)
    from visitatie.foutpaginas import register_error_handlers
    from visitatie.logboek import init_logging
    from visitatie.security import init_security

    init_logging(app)
    register_error_handlers(app)
    init_security(app)
    bewaak()  # every row is checked against its columns before it is written
    _guard_database(app)
    _ruim_taken_van_dode_processen_op(app)
    if weiger_demo_accounts:
        _refuse_demo_accounts_in_production(app)
    from visitatie.cli import register_commands
    from visitatie.web import init_templates

    register_commands(app)
    init_templates(app)
    return app


def _init_login(app: Flask) -> None:
    from visitatie.auth.models import AangemeldeGebruiker, Gebruiker, lees_sessie_id
    from visitatie.auth.sessies import init_sessies

    login_manager.init_app(app)

    @login_manager.user_loader
    def load_user(sessie: str) -> AangemeldeGebruiker | None:
        """The account of a session, if the session is still of its current version."""
        gelezen = lees_sessie_id(sessie)
        if gelezen is None:
            return None
        db, (gebruiker_id, versie) = get_db(), gelezen

        def lees() -> AangemeldeGebruiker | None:
            gebruiker = db.get(Gebruiker, gebruiker_id)
            return AangemeldeGebruiker.van(gebruiker) if gebruiker and gebruiker.actief else None

        lezer = paginadeel(db, ("lezer", gebruiker_id), lees)
        return lezer if lezer is not None and lezer.sessieversie == versie else None

    init_sessies(app)
    from visitatie.auth.sso import init_sso

    init_sso(app)


def _register_blueprints(app: Flask) -> None:
    from visitatie.api.views import bp as api_bp
    from visitatie.audit.views import bp as audit_bp
    from visitatie.auth.views import bp as auth_bp
    from visitatie.core.views import bp as core_bp
    from visitatie.ilt.views import bp as ilt_bp
    from visitatie.monitoring.views import bp as monitoring_bp
    from visitatie.planning.views import bp as planning_bp
    from visitatie.publicatie.views import bp as publicatie_bp
    from visitatie.raad.views import bp as raad_bp
    from visitatie.register.views import bp as register_bp
    from visitatie.taken.views import bp as taken_bp
    from visitatie.visitaties.views import bp as visitaties_bp

    for bp in (core_bp, auth_bp, register_bp, audit_bp, taken_bp, ilt_bp, monitoring_bp,
               planning_bp, visitaties_bp, publicatie_bp, api_bp, raad_bp):
        app.register_blueprint(bp)


def _guard_database(app: Flask) -> None:
    """Refuse to serve an unmigrated database, naming the command that fixes it."""
    state = {"ok": False}

    @app.before_request
    def check_migrated():
        if state["ok"] or request.endpoint in ("static", "core.healthz", "core.readyz"):
            return None
        if is_up_to_date(app.extensions["vth_engine"]):
            state["ok"] = True
            return None
        from visitatie.foutpaginas import foutpagina

        g.skip_nav = True
        return foutpagina(503, "De database is niet bijgewerkt. Voer eerst `vth db upgrade` "
                               "uit (of `make run`, dat het voor u doet).")


def _ruim_taken_van_dode_processen_op(app: Flask) -> None:
    """Without Redis, jobs live in the web processes: at start-up, those of a process that died
    (a SIGKILL, a crash) are marked failed so that they can be retried (issue 18, finding 6)."""
    engine = app.extensions["vth_engine"]
    if app.config.get("REDIS_URL") or not is_up_to_date(engine):
        return
    from sqlmodel import Session

    from visitatie.taken.runner import ruim_taken_van_dode_processen_op

    with app.app_context(), Session(engine) as db:
        if ruim_taken_van_dode_processen_op(db):
            db.commit()


def _refuse_demo_accounts_in_production(app: Flask) -> None:
    if app.config["VTH_ENV"] in ("development", "test", "demo"):
        return
    from sqlalchemy import inspect
    from sqlmodel import Session, select

    from visitatie.auth.models import Gebruiker

    engine = app.extensions["vth_engine"]
    if not inspect(engine).has_table("gebruiker"):
        return
    with Session(engine) as db:
        demo_aanwezig = db.exec(select(Gebruiker.id).where(Gebruiker.is_demo.is_(True),
                                                        Gebruiker.actief.is_(True))).first()
    if demo_aanwezig:
        engine.dispose()
        raise config_module.ConfigFout(
            "Er staan demo-accounts in deze database. Die zijn alleen voor lokaal gebruik: "
            "blokkeer ze (vth users disable-demo) of start met VTH_ENV=development of demo.")
