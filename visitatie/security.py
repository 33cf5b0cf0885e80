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

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
