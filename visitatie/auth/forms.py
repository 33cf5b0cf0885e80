from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from visitatie.auth.operations import MIN_WACHTWOORD
from visitatie.auth.permissions import ROLLEN
from visitatie.invoergrenzen import Formulier


def _nieuw_wachtwoord(label: str = "Nieuw wachtwoord") -> PasswordField:
    return PasswordField(label, validators=[
        InputRequired("Kies een wachtwoord."),
        Length(min=MIN_WACHTWOORD, message=f"Minstens {MIN_WACHTWOORD} tekens.")],
        render_kw={"autocomplete": "new-password"})


def _herhaling() -> PasswordField:
    return PasswordField("Nieuw wachtwoord nogmaals", validators=[
        InputRequired("Typ het nieuwe wachtwoord nogmaals."),
        EqualTo("wachtwoord", "De twee wachtwoorden zijn niet gelijk.")],
        render_kw={"autocomplete": "new-password"})


class InlogForm(Formulier):
    email = EmailField("E-mailadres", validators=[InputRequired("Vul uw e-mailadres in.")],
                       render_kw={"autocomplete": "username"})
    wachtwoord = PasswordField("Wachtwoord", validators=[InputRequired("Vul uw wachtwoord in.")],
                               render_kw={"autocomplete": "current-password"})


class CodeForm(Formulier):
    """The second step of signing in, and confirming a new authenticator app."""

    code = StringField("Code", validators=[InputRequired("Vul de code in.")],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class LegeForm(Formulier):
    """A button that changes something: only the CSRF token."""


class GebruikerForm(Formulier):
    """New account. `od_keuzes` comes from the view: forms never query the database."""

    email = EmailField("E-mailadres", validators=[
        InputRequired("Vul een e-mailadres in."), Email("Dit is geen geldig e-mailadres.")])
    naam = StringField("Naam", validators=[Optional(), Length(max=120)])
    rol = SelectField("Rol", choices=[SelectChoice(k, v) for k, v in ROLLEN.items()],
                      validators=[InputRequired("Kies een rol.")])
    od_code = SelectField("Omgevingsdienst (alleen voor medewerkers van een OD)",
                          validators=[Optional()])
    wachtwoord = _nieuw_wachtwoord("Tijdelijk wachtwoord")

    def __init__(self, *args, od_keuzes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.od_code.choices = [SelectChoice("", "(geen)")] + [SelectChoice(*k) for k in od_keuzes]


class GebruikerWijzigForm(GebruikerForm):
    wachtwoord = None


class WachtwoordWijzigForm(Formulier):
    huidig = PasswordField("Huidig wachtwoord", validators=[
        InputRequired("Vul uw huidige wachtwoord in.")],
        render_kw={"autocomplete": "current-password"})
    wachtwoord = _nieuw_wachtwoord()
    herhaling = _herhaling()


class NieuwWachtwoordForm(Formulier):
    wachtwoord = _nieuw_wachtwoord()
    herhaling = _herhaling()


class VergetenForm(Formulier):
    email = EmailField("E-mailadres", validators=[
        InputRequired("Vul uw e-mailadres in."), Email("Dit is geen geldig e-mailadres.")],
        render_kw={"autocomplete": "username"})
