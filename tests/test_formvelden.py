"""LangeSelect writes the same HTML as WTForms' own select widget, only faster."""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.widgets import Select

from visitatie.formvelden import LangeSelect


class Keuze(FlaskForm):
    class Meta:
        csrf = False

    snel = SelectField("Snel", widget=LangeSelect())
    gewoon = SelectField("Gewoon", widget=Select())


def test_lange_select_renders_like_wtforms(app):
    keuzes = [("", "(niemand)"), ("a\"b<c>", "Naam & <i>tekst</i>"), ("x", ""), ("odmh", "ODMH")]
    with app.test_request_context(method="POST", data={"snel": "odmh", "gewoon": "odmh"}):
        form = Keuze()
        form.snel.choices = form.gewoon.choices = keuzes
        form.validate()
        snel, gewoon = form.snel(class_="k"), form.gewoon(class_="k")
    assert "selected value=\"odmh\"" in snel
    assert str(snel).replace('"snel"', '"gewoon"') == str(gewoon)
