from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from visitatie.auth.operations import MIN_WACHTWOORD
from visitatie.auth.permissions import ROLLEN


class InlogForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[InputRequired("Vul uw e-mailadres in.")],
                       render_kw={"autocomplete": "username"})
    wachtwoord = PasswordField("Wachtwoord", validators=[InputRequired("Vul uw wachtwoord in.")],
                               render_kw={"autocomplete": "current-password"})


class GebruikerForm(FlaskForm):
    """New account. `od_keuzes` comes from the view: forms never query the database."""

    email = EmailField("E-mailadres", validators=[
        InputRequired("Vul een e-mailadres in."), Email("Dit is geen geldig e-mailadres.")])
    naam = StringField("Naam", validators=[Optional(), Length(max=120)])
    rol = SelectField("Rol", choices=[SelectChoice(k, v) for k, v in ROLLEN.items()],
                      validators=[InputRequired("Kies een rol.")])
    od_code = SelectField("Omgevingsdienst (alleen voor medewerkers van een OD)",
                          validators=[Optional()])
    wachtwoord = PasswordField("Tijdelijk wachtwoord", validators=[
        InputRequired("Kies een wachtwoord."),
        Length(min=MIN_WACHTWOORD, message=f"Minstens {MIN_WACHTWOORD} tekens.")],
        render_kw={"autocomplete": "new-password"})

    def __init__(self, *args, od_keuzes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.od_code.choices = [SelectChoice("", "(geen)")] + [SelectChoice(*k) for k in od_keuzes]
