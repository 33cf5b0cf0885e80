"""Form to start building all summaries of an edition. Choices come from the view."""

from __future__ import annotations

from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from visitatie.invoergrenzen import Formulier


class BouwForm(Formulier):
    editie = SelectField("Editie", coerce=int, validators=[InputRequired("Kies een editie.")])
    pdf = BooleanField("Ook PDF's maken (duurt langer)", default=True)

    def __init__(self, *args, edities: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.editie.choices = [SelectChoice(jaar, tekst) for jaar, tekst in edities]
