"""The Dutch error pages: every refusal of the web app (HTTP status, expired form, domain
exception, lost race) answered in Dutch, as a page or, for the API, as JSON."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError

from visitatie.errors import DomeinFout

TITELS = {
    400: ("Ongeldige invoer", "Het verzoek bevat ongeldige invoer."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Deze pagina bestaat niet (meer)."),
    405: ("Niet toegestaan", "Deze handeling is op deze pagina niet toegestaan."),
    409: ("Conflict", "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."),
    413: ("Bestand te groot", "Het verstuurde bestand is te groot."),
    422: ("Niet uitgevoerd", "Deze handeling kan niet worden uitgevoerd."),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Er is niets opgeslagen; "
                             "probeer het later opnieuw."),
    503: ("Tijdelijk niet beschikbaar", "De applicatie is tijdelijk niet beschikbaar."),
}

VERLOPEN_FORMULIER = ("Het formulier is verlopen of niet via deze site verstuurd (beveiligingscode ontbreekt "
                      "of klopt niet). Ga terug, laad de pagina opnieuw en verstuur het nogmaals.")


def foutpagina(status: int, toelichting: str | None = None):
    titel, tekst = TITELS[status]
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return {"fout": toelichting or tekst, "status": status}, status  # the API's Fout schema
    return render_template("errors/fout.html", status=status, titel=titel,
                           tekst=toelichting or tekst), status


def _eigen_toelichting(fout) -> str | None:
    """The Dutch text a view passed to `abort(status, ...)`; never werkzeug's English default."""
    standaard = type(fout).description
    return fout.description if fout.description != standaard else None


def verloren_wedloop(_fout: StaleDataError):
    """A versioned row changed between read and write, outside `versies.schrijf`: the request is
    rolled back and answered as the conflict it is, never with a 500 or a lost update."""
    if "db" in g:
        g.db.rollback()
    return foutpagina(409)


def register_error_handlers(app: Flask) -> None:
    for status in (400, 403, 404, 405, 409, 413, 422):
        app.register_error_handler(status, lambda e, s=status: foutpagina(s, _eigen_toelichting(e)))
    app.register_error_handler(CSRFError, lambda e: foutpagina(400, VERLOPEN_FORMULIER))
    app.register_error_handler(DomeinFout, lambda e: foutpagina(e.status, e.boodschap))
    app.register_error_handler(StaleDataError, verloren_wedloop)

    @app.errorhandler(500)
    def serverfout(_e):
        if "db" in g:
            g.db.rollback()  # nothing the request half did is kept
        return foutpagina(500)
