"""Fixed forms of the workflow (the questionnaires themselves are built at runtime)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

VERPLICHT = "Dit veld is verplicht."


class LeegForm(FlaskForm):
    """Only the CSRF token: for buttons that post."""


class StatusForm(FlaskForm):
    naar = HiddenField(validators=[DataRequired()])


class HeropenForm(FlaskForm):
    reden = TextAreaField(
        "Reden om te heropenen", validators=[DataRequired(VERPLICHT), Length(max=2000)]
    )


class RapportForm(FlaskForm):
    tekst = TextAreaField("Tekst van het rapport (Markdown)", validators=[DataRequired(VERPLICHT)])
    versie = IntegerField(validators=[InputRequired()])


class ReactieForm(FlaskForm):
    sectie = SelectField("Hoofdstuk", validators=[DataRequired(VERPLICHT)])
    soort = SelectField("Soort reactie", validators=[DataRequired(VERPLICHT)])
    tekst = TextAreaField("Reactie", validators=[DataRequired(VERPLICHT), Length(max=10000)])


class AntwoordForm(FlaskForm):
    besluit = SelectField("Besluit van de commissie", validators=[DataRequired(VERPLICHT)])
    antwoord = TextAreaField("Toelichting", validators=[Optional(), Length(max=10000)])


class VerslagForm(FlaskForm):
    titel = StringField("Gesprek met", validators=[DataRequired(VERPLICHT), Length(max=200)])
    tekst = TextAreaField("Verslag (Markdown)", validators=[DataRequired(VERPLICHT)])


class ActieForm(FlaskForm):
    eigenaar = StringField("Eigenaar", validators=[Optional(), Length(max=120)])
    deadline = DateField("Uiterlijk gereed", validators=[Optional()])
    status = SelectField("Status", validators=[DataRequired(VERPLICHT)])
    voortgang = TextAreaField("Voortgang", validators=[Optional(), Length(max=10000)])
    versie = IntegerField(validators=[InputRequired()])


class VisitatieForm(FlaskForm):
    ronde_id = SelectField("Ronde", coerce=int, validators=[DataRequired(VERPLICHT)])
    od_code = SelectField("Omgevingsdienst", validators=[DataRequired(VERPLICHT)])
    bezoek_van = DateField("Eerste bezoekdag", validators=[Optional()])
    bezoek_tot = DateField("Laatste bezoekdag", validators=[Optional()])


class CommissieForm(FlaskForm):
    gebruiker_id = SelectField("Persoon", coerce=int, validators=[DataRequired(VERPLICHT)])
    rol = SelectField("Rol in de commissie", validators=[DataRequired(VERPLICHT)])
