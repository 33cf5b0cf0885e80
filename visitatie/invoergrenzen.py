"""Bounds on every value that reaches the database (issue 18, finding 8): text within its column's
length, whole numbers within their column's range, numbers finite, dates within a sane range, page
numbers bounded. One rule per kind of value, applied in two places:

- every form (`Formulier`, the base of every form in the app) gets the bounds as validators, so
  the user sees a Dutch message beside the field and keeps what they typed;
- every flush (`bewaak`) checks each new or changed row against its columns, so no write path
  (an import, the API, an operation) can make PostgreSQL refuse a value with a 500."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from flask_wtf import FlaskForm
from sqlalchemy import BigInteger, Date, DateTime, Float, Integer, Numeric, SmallInteger, String, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator
from werkzeug.routing import IntegerConverter
from wtforms import DateField, DateTimeLocalField, DecimalField, FloatField, IntegerField, StringField
from wtforms.meta import DefaultMeta
from wtforms.validators import Length, StopValidation

from visitatie.errors import DomeinFout
from visitatie.taal import cijfers
from visitatie.timeutil import BUITEN_DATUMS, EERSTE_DAG, LAATSTE_DAG, redelijke_dag  # noqa: F401

BEREIK = {SmallInteger: (-(2**15), 2**15 - 1), BigInteger: (-(2**63), 2**63 - 1),
          Integer: (-(2**31), 2**31 - 1)}  # PostgreSQL's integer types; SQLite stores them all
MAX_PAGINA = 100_000
BUITEN_BEREIK = "Vul een getal in tussen {laag} en {hoog}."
GEEN_GETAL = "Vul een gewoon getal in."


def kern(kolomtype):
    """The plain SQL type under a decorated one (SQLModel's AutoString, UTCDateTime)."""
    return kolomtype.impl_instance if isinstance(kolomtype, TypeDecorator) else kolomtype


def bereik_van(kolomtype) -> tuple[int, int] | None:
    """The whole numbers a column can hold (the most specific integer type wins)."""
    kolomtype = kern(kolomtype)
    for soort in (SmallInteger, BigInteger, Integer):
        if isinstance(kolomtype, soort):
            return BEREIK[soort]
    return None


def probleem(kolomtype, waarde) -> str | None:
    """What is wrong with `waarde` for a column of this type, in Dutch; None when it fits."""
    if waarde is None:
        return None
    kolomtype = kern(kolomtype)
    if isinstance(kolomtype, String) and kolomtype.length and isinstance(waarde, str):
        if len(waarde) > kolomtype.length:
            return f"Deze tekst is te lang: ten hoogste {kolomtype.length} tekens."
    elif (bereik := bereik_van(kolomtype)) and isinstance(waarde, int) and not isinstance(waarde, bool):
        if not bereik[0] <= waarde <= bereik[1]:
            return BUITEN_BEREIK.format(laag=bereik[0], hoog=bereik[1])
    elif isinstance(kolomtype, Float | Numeric) and isinstance(waarde, float | Decimal):
        if not eindig(waarde):
            return GEEN_GETAL
    elif isinstance(kolomtype, Date | DateTime) and isinstance(waarde, date):
        if not redelijke_dag(waarde):
            return BUITEN_DATUMS
    return None


def eindig(getal) -> bool:
    """False for NaN, sNaN and the infinities (Decimal and float alike)."""
    return getal.is_finite() if isinstance(getal, Decimal) else math.isfinite(getal)




def controleer_rij(rij) -> None:
    """Refuse (DomeinFout, 422) a row with a value its column cannot hold."""
    mapper = sa_inspect(rij).mapper
    for attribuut in mapper.column_attrs:
        for kolom in attribuut.columns:
            fout = probleem(kolom.type, getattr(rij, attribuut.key, None))
            if fout:
                raise DomeinFout(fout, veld=attribuut.key)  # the column's name is no word for a user


def _voor_het_schrijven(sessie: Session, _context, _instanties) -> None:
    for rij in [*sessie.new, *sessie.dirty]:
        controleer_rij(rij)


def bewaak() -> None:
    """Check every row before any session writes it (once per process)."""
    if not event.contains(Session, "before_flush", _voor_het_schrijven):
        event.listen(Session, "before_flush", _voor_het_schrijven)


def geheel_getal(tekst: str | None, standaard: int = 0) -> int:
    """A whole number a client sent (a version, an id), within PostgreSQL's integer; a
    DomeinFout (422) with a Dutch message otherwise."""
    tekst = (tekst or "").strip()
    if not tekst:
        return standaard
    if not cijfers(tekst.removeprefix("-")) or len(tekst) > 11 or probleem(Integer(), int(tekst)) is not None:
        raise DomeinFout("Deze pagina is verouderd of beschadigd; laad haar opnieuw.")
    return int(tekst)


def paginanummer(args, naam: str = "pagina") -> int:
    """A page number from the query string: 1 when absent or not a number, at most MAX_PAGINA."""
    tekst = args.get(naam, "")
    getal = int(tekst) if cijfers(tekst) else 1
    return min(max(getal, 1), MAX_PAGINA)


class BegrensdGetal(IntegerConverter):
    """`<int:…>` in a URL: a number a column can hold (a 27-digit id is a 404, never a 500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", BEREIK[Integer][1])
        super().__init__(map, *args, **kwargs)


# --- forms ------------------------------------------------------------------------------------


def _begrens_getal(veld) -> None:
    def eindig_en_binnen_bereik(_form, _veld):
        if veld.data is None:
            return
        if isinstance(veld.data, float | Decimal) and not eindig(veld.data):
            raise StopValidation(GEEN_GETAL)
        bereik = BEREIK[Integer]
        if isinstance(veld.data, int) and not bereik[0] <= veld.data <= bereik[1]:
            raise StopValidation(BUITEN_BEREIK.format(laag=bereik[0], hoog=bereik[1]))
    veld.validators = [eindig_en_binnen_bereik, *veld.validators]


def _begrens_datum(veld) -> None:
    def redelijke_datum(_form, _veld):
        if isinstance(veld.data, date) and not redelijke_dag(veld.data):
            raise StopValidation(BUITEN_DATUMS)
    veld.validators = [redelijke_datum, *veld.validators]


def _begrens_tekst(veld, kolomtype) -> None:
    kolomtype = kern(kolomtype)
    if isinstance(kolomtype, String) and kolomtype.length:
        lengte = kolomtype.length
        veld.validators = [*veld.validators, Length(max=lengte, message=f"Ten hoogste {lengte} tekens.")]
        veld.render_kw = {**(veld.render_kw or {}), "maxlength": lengte}


def kolom_van(form, naam: str):
    """The column a form field writes, when the form names its model (`model = Visiteur`) and the
    field is named as the column; also `kolommen = {"veld": Model.kolom}` for other names."""
    kolom = getattr(form, "kolommen", {}).get(naam)
    if kolom is not None:
        return kolom.property.columns[0] if hasattr(kolom, "property") else kolom
    model = getattr(form, "model", None)
    if model is not None:
        return model.__table__.columns.get(naam)
    return None


class Formulier(FlaskForm):
    """The base of every form: numbers finite and within range, dates within 2000-2100, text no
    longer than the column it is written to (`model` or `kolommen` on the form)."""

    class Meta(FlaskForm.Meta):
        locales = ("nl",)

        def get_translations(self, form):
            """WTForms' own Dutch messages ("Ongeldig getal."): Flask-WTF would look for
            Flask-Babel, which the app does not use, and fall back to English."""
            return DefaultMeta.get_translations(self, form)

        def bind_field(self, form, unbound_field, options):
            veld = unbound_field.bind(form=form, **options)
            if isinstance(veld, IntegerField | DecimalField | FloatField):
                _begrens_getal(veld)
            elif isinstance(veld, DateField | DateTimeLocalField):
                _begrens_datum(veld)
            elif isinstance(veld, StringField) and (kolom := kolom_van(form, veld.short_name)) is not None:
                _begrens_tekst(veld, kolom.type)
            return veld
