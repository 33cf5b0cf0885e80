"""Forms of the planning pages; choices come from the view."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, NumberRange, Optional, ValidationError

from visitatie.formvelden import LangeSelect, VersieVeld
from visitatie.invoergrenzen import Formulier
from visitatie.planning.models import Afwezigheid, Band, Visiteur
from visitatie.planning.typen import LAATSTE_DATUM, VROEGSTE_DATUM
from visitatie.rondes.models import VisitatieRonde
from visitatie.timeutil import BUITEN_DATUMS


def redelijke_datum(_form, veld) -> None:
    """Dates between 2000 and 2100: a typo such as 9999-12-31 is refused here, at the door."""
    if veld.data is not None and not VROEGSTE_DATUM <= veld.data <= LAATSTE_DATUM:
        raise ValidationError(BUITEN_DATUMS)


class PlanForm(Formulier):
    seed = IntegerField("Variant (zelfde nummer, zelfde plan)", default=0,
                        validators=[InputRequired("Vul een getal in."), NumberRange(0, 10**6)])
    tijdslimiet = IntegerField("Tijdslimiet in seconden", default=30,
                               validators=[InputRequired("Vul een getal in."),
                                           NumberRange(1, 600, "Kies 1 tot 600 seconden.")])


class HerplanForm(Formulier):
    zonder = SelectField("Persoon die afvalt", validators=[Optional()], widget=LangeSelect())
    od_code = SelectField("Bezoek verplaatsen: OD", validators=[Optional()], widget=LangeSelect())
    nieuwe_dag = DateField("Nieuwe eerste dag", validators=[redelijke_datum, Optional()])
    seed = IntegerField("Variant", default=0,
                        validators=[InputRequired("Vul een getal in."), NumberRange(0, 10**6)])


class HandmatigForm(Formulier):
    od_code = SelectField("OD", validators=[DataRequired("Kies een OD.")])
    nieuwe_dag = DateField("Nieuwe eerste dag", validators=[
        DataRequired("Vul een datum in (JJJJ-MM-DD)."), redelijke_datum])
    toelichting = StringField("Toelichting", validators=[Optional()])


class AccepteerForm(Formulier):
    reden = TextAreaField("Reden (verplicht als het plan een regel overtreedt)", validators=[Optional()])


class PlanVraagForm(Formulier):
    """The coordinator's decision on a difference between the plan and a started visitation."""

    besluit = HiddenField(validators=[AnyOf(["overnemen", "houden"])])


class KoppelForm(Formulier):
    gebruiker_id = SelectField("Account", coerce=int, validators=[InputRequired("Kies een account.")])


class UitnodigForm(Formulier):
    """Only the CSRF token: the invitation goes to the person's e-mail address in the pool."""


class ImportForm(Formulier):
    bestand = FileField("Bestand (CSV of XLSX)", validators=[
        FileRequired("Kies een bestand."), FileAllowed(["csv", "xlsx"], "Alleen CSV of XLSX.")])


class VisiteurForm(Formulier):
    model = Visiteur
    versie = VersieVeld()
    rollen = SelectMultipleField("Rollen", validators=[Optional()])
    expertise = StringField("Expertise (komma's ertussen)", validators=[Optional()])
    max_bezoeken = IntegerField("Maximum aantal bezoeken per ronde", validators=[
        InputRequired("Vul een aantal in."), NumberRange(1, 20, "Kies 1 tot 20.")])
    actief = BooleanField("Actief in de pool")


class AfwezigForm(Formulier):
    model = Afwezigheid
    van = DateField("Afwezig van", validators=[DataRequired("Vul een datum in."), redelijke_datum])
    tot = DateField("Afwezig tot en met", validators=[DataRequired("Vul een datum in."), redelijke_datum])
    reden = StringField("Reden", validators=[Optional()])


class WekenForm(Formulier):
    geblokkeerde_weken = StringField("Geblokkeerde weken (bijv. 2025-W30 2025-W31)", validators=[Optional()])


class RondeForm(Formulier):
    model = VisitatieRonde
    naam = StringField("Naam (bijv. 2027-2028)", validators=[DataRequired("Vul een naam in.")])
    start = DateField("Start", validators=[
        DataRequired("Vul een datum in (JJJJ-MM-DD)."), redelijke_datum])
    deadline = DateField("Deadline", validators=[
        DataRequired("Vul een datum in (JJJJ-MM-DD)."), redelijke_datum])
    max_per_week = IntegerField("Ten hoogste bezoeken per week (landelijk)", default=2,
                                validators=[InputRequired("Vul een aantal in."), NumberRange(1, 10)])
    termijn_zelfevaluatie_weken = IntegerField(
        "Zelfevaluatie indienen: weken vóór het bezoek", default=3,
        validators=[InputRequired("Vul een aantal weken in."), NumberRange(0, 26, "Kies 0 tot 26.")])
    termijn_concept_weken = IntegerField(
        "Conceptrapport naar de OD: weken na het bezoek", default=6,
        validators=[InputRequired("Vul een aantal weken in."), NumberRange(1, 26, "Kies 1 tot 26.")])
    termijn_wederhoor_weken = IntegerField(
        "Wederhoor: weken na het versturen van het concept", default=2,
        validators=[InputRequired("Vul een aantal weken in."), NumberRange(1, 12, "Kies 1 tot 12.")])


class OdInRondeForm(Formulier):
    od_code = SelectField("OD", validators=[DataRequired("Kies een OD.")], widget=LangeSelect())
    opnemen = HiddenField(default="1")


class BandForm(Formulier):
    model = Band
    od_code = SelectField("OD", validators=[DataRequired("Kies een OD.")])
    soort = SelectField("Soort band", validators=[DataRequired("Kies een soort.")])
    reden = StringField("Toelichting", validators=[Optional()])
    geldig_van = DateField("Vanaf", validators=[redelijke_datum, Optional()])
    geldig_tot = DateField("Tot en met (bij een voormalig werkgever: einde dienstverband)",
                           validators=[redelijke_datum, Optional()])


class SpreidingForm(Formulier):
    max_per_kwartaal = IntegerField("Ten hoogste bezoeken per kwartaal (leeg: afgeleid uit de ronde)",
                                    validators=[Optional(), NumberRange(1, 50, "Kies 1 tot 50.")])
    open_vakanties = SelectMultipleField("Vrijgegeven schoolvakanties", validators=[Optional()])


class UitRondeForm(Formulier):
    od_code = HiddenField()
    opnemen = HiddenField(default="0")
    bevestigd = HiddenField(default="1")
