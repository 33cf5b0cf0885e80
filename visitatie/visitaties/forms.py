"""Fixed forms of the workflow (the questionnaires themselves are built at runtime)."""

from __future__ import annotations

from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from visitatie.invoergrenzen import Formulier
from visitatie.visitaties.models import Verbeteractie

VERPLICHT = "Dit veld is verplicht."


class LeegForm(Formulier):
    """Only the CSRF token: for buttons that post."""


class StatusForm(Formulier):
    naar = HiddenField(validators=[DataRequired()])


class HeropenForm(Formulier):
    reden = TextAreaField(
        "Reden om te heropenen", validators=[DataRequired(VERPLICHT), Length(max=2000)]
    )


class RapportForm(Formulier):
    tekst = TextAreaField("Tekst van het rapport (Markdown)", validators=[DataRequired(VERPLICHT)])
    versie = IntegerField(validators=[InputRequired()])


class ReactieForm(Formulier):
    sectie = SelectField("Hoofdstuk", validators=[DataRequired(VERPLICHT)])
    soort = SelectField("Soort reactie", validators=[DataRequired(VERPLICHT)])
    tekst = TextAreaField("Reactie", validators=[DataRequired(VERPLICHT), Length(max=10000)])


class AntwoordForm(Formulier):
    besluit = SelectField("Besluit van de commissie", validators=[DataRequired(VERPLICHT)])
    antwoord = TextAreaField("Toelichting", validators=[Optional(), Length(max=10000)])


class VerslagForm(Formulier):
    titel = StringField("Gesprek met", validators=[DataRequired(VERPLICHT), Length(max=200)])
    tekst = TextAreaField("Verslag (Markdown)", validators=[DataRequired(VERPLICHT)])


class ActieForm(Formulier):
    model = Verbeteractie
    eigenaar = StringField("Eigenaar", validators=[Optional(), Length(max=120)])
    deadline = DateField("Uiterlijk gereed", validators=[Optional()])
    status = SelectField("Status", validators=[DataRequired(VERPLICHT)])
    voortgang = TextAreaField("Voortgang", validators=[Optional(), Length(max=10000)])
    versie = IntegerField(validators=[InputRequired()])


class VisitatieForm(Formulier):
    ronde_id = SelectField("Ronde", coerce=int, validators=[DataRequired(VERPLICHT)])
    od_code = SelectField("Omgevingsdienst", validators=[DataRequired(VERPLICHT)])
    bezoek_van = DateField("Eerste bezoekdag", validators=[Optional()])
    bezoek_tot = DateField("Laatste bezoekdag", validators=[Optional()])


class CommissieForm(Formulier):
    gebruiker_id = SelectField("Persoon", coerce=int, validators=[DataRequired(VERPLICHT)])
    rol = SelectField("Rol in de commissie", validators=[DataRequired(VERPLICHT)])
