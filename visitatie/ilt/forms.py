"""Forms for studies, findings, follow-up and file uploads. Choices come from the view."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from visitatie.formvelden import VersieVeld
from visitatie.ilt.models import STUDIESOORTEN, IltBevinding, IltOpvolging, IltStudie
from visitatie.invoergrenzen import Formulier


def keuzes(paren, leeg: str | None = None) -> list[SelectChoice]:
    """SelectChoice objects from (code, name) pairs, optionally with an empty first choice."""
    eerst = [SelectChoice("", leeg)] if leeg is not None else []
    return eerst + [SelectChoice(code, naam) for code, naam in paren]


class StudieForm(Formulier):
    model = IltStudie
    soort = SelectField("Soort onderzoek", choices=keuzes(STUDIESOORTEN.items()),
                        validators=[InputRequired("Kies de soort onderzoek.")])
    titel = StringField("Titel", validators=[InputRequired("Vul een titel in."), Length(max=200)])
    thema = SelectField("Hoofdthema", validators=[InputRequired("Kies een thema.")])
    onderwerp = StringField("Onderwerp", validators=[Optional(), Length(max=200)])
    onderzoeksvraag = TextAreaField("Onderzoeksvraag", validators=[Optional(), Length(max=4000)])
    periode_van = DateField("Onderzoeksperiode vanaf", validators=[Optional()])
    periode_tot = DateField("Onderzoeksperiode tot en met", validators=[Optional()])
    publicatiedatum = DateField("Publicatiedatum", validators=[Optional()])
    methoden = TextAreaField("Methoden", validators=[Optional(), Length(max=4000)])
    onderzochte_partijen = TextAreaField("Onderzochte partijen", validators=[Optional(), Length(max=4000)])
    rapport_url = URLField("Link naar het rapport", validators=[
        Optional(), URL(message="Dit is geen geldige webadres (begin met https://)."), Length(max=500)])
    bron = StringField("Bron", validators=[Optional(), Length(max=300)])
    versie = VersieVeld()

    def __init__(self, *args, thema_keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.thema.choices = keuzes(thema_keuzes, "(kies)")

    def gegevens(self) -> dict:
        gegevens = {naam: (veld.data.strip() if isinstance(veld.data, str) else veld.data)
                    for naam, veld in self._fields.items() if naam not in ("csrf_token", "versie")}
        gegevens["rapport_url"] = gegevens["rapport_url"] or None
        return gegevens


class BevindingForm(Formulier):
    model = IltBevinding
    nummer = IntegerField("Nummer", validators=[
        InputRequired("Vul een nummer in."), NumberRange(min=1, message="Een getal groter dan 0.")])
    type = SelectField("Soort bevinding", validators=[InputRequired("Kies de soort bevinding.")])
    thema = SelectField("Thema", validators=[InputRequired("Kies een thema.")])
    ernst = SelectField("Ernst", validators=[Optional()])
    tekst = TextAreaField("Tekst", validators=[InputRequired("Vul de bevinding in."), Length(max=4000)])
    actoren = SelectMultipleField("Gericht aan (actorcategorieën)", validators=[Optional()])
    ods = SelectMultipleField("Gericht aan specifieke omgevingsdiensten", validators=[Optional()])
    provincies = SelectMultipleField("Gericht aan specifieke provincies", validators=[Optional()])
    bron = StringField("Bron in het rapport (pagina of paragraaf)", validators=[Optional(), Length(max=200)])

    def __init__(self, *args, tax, od_keuzes, provincie_keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = keuzes(tax.keuzes("bevindingtypen"), "(kies)")
        self.thema.choices = keuzes(tax.keuzes("themas"), "(kies)")
        self.ernst.choices = keuzes(tax.keuzes("ernst"), "(geen)")
        self.actoren.choices = keuzes(tax.keuzes("actoren"))
        self.ods.choices = keuzes(od_keuzes)
        self.provincies.choices = keuzes(provincie_keuzes)


class OpvolgingForm(Formulier):
    model = IltOpvolging
    status = SelectField("Status", validators=[InputRequired("Kies een status.")])
    toelichting = TextAreaField("Korte toelichting", validators=[Optional(), Length(max=2000)])
    versie = VersieVeld()

    def __init__(self, *args, status_keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = keuzes(status_keuzes)


class BestandForm(Formulier):
    bestand = FileField("Bestand", validators=[FileRequired("Kies een bestand.")])


class LeegForm(Formulier):
    """Only the CSRF token: for buttons that post (publish, delete)."""
