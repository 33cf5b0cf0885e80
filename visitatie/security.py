"""Security headers on every response; every endpoint must declare a permission (fail closed)."""

from __future__ import annotations

from flask import Flask, abort, current_app, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")


def init_security(app: Flask) -> None:
    @app.before_request
    def require_declared_permission():
        if request.endpoint is None or request.endpoint == "static":
            return None
        view = current_app.view_functions[request.endpoint]
        if not hasattr(view, "vth_permissie"):
            abort(403)  # a route without a declared permission serves nobody
        return None

    @app.before_request
    def refuse_nul_characters():
        if any(_bevat_nul(waarde) for waarde in _invoer()):
            abort(400, "De invoer bevat een NUL-teken (\\x00); zo'n teken kan niet worden opgeslagen. "
                       "Verwijder het en probeer het opnieuw.")
        return None

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response


def _invoer():
    """Every value a client sent: URL path, query string, form fields, upload file names and
    JSON body."""
    yield request.path
    yield from request.args.keys()
    yield from request.args.values()
    yield from request.form.keys()
    yield from (bestand.filename or "" for bestand in request.files.values())
    yield from request.form.values()
    if request.is_json:
        yield request.get_json(silent=True)


def _bevat_nul(waarde) -> bool:
    """True when text anywhere in `waarde` (nested JSON included) holds a NUL character, which
    PostgreSQL cannot store in a text column."""
    if isinstance(waarde, str):
        return "\x00" in waarde
    if isinstance(waarde, dict):
        return any(_bevat_nul(k) or _bevat_nul(v) for k, v in waarde.items())
    if isinstance(waarde, list):
        return any(_bevat_nul(v) for v in waarde)
    return False
