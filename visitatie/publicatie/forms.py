"""Forms for editions: a new edition, a chapter's narrative, and the bare status actions."""

from __future__ import annotations

from wtforms import DateField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from visitatie.formvelden import VersieVeld
from visitatie.invoergrenzen import Formulier

MAX_TEKST = 50_000


class EditieForm(Formulier):
    jaar = IntegerField(
        "Editiejaar",
        validators=[
            InputRequired("Vul het editiejaar in."),
            NumberRange(2000, 2100, "Kies een jaar tussen 2000 en 2100."),
        ],
    )
    periode_van = DateField("Periode van", validators=[InputRequired("Vul het begin van de periode in.")])
    periode_tot = DateField(
        "Periode tot en met", validators=[InputRequired("Vul het einde van de periode in.")]
    )
    peildatum = DateField("Peildatum", validators=[InputRequired("Vul de peildatum in.")])


class TekstForm(Formulier):
    markdown = TextAreaField(
        "Tekst (Markdown)",
        validators=[Length(max=MAX_TEKST, message=(f"De tekst is te lang (hoogstens {MAX_TEKST} tekens)."))],
    )
    versie = VersieVeld()


class StatusForm(Formulier):
    """Only the CSRF token and the version the user saw."""

    versie = VersieVeld()
