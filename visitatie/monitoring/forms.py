"""Forms for monitoring data. Choices come from the view (forms never query the database)."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from visitatie.invoergrenzen import Formulier
from visitatie.monitoring.beleidscyclus import SOORTEN
from visitatie.monitoring.models import KWALITEIT_VERSIES, METHODEN, STATUSSEN, BeleidsDocument


def keuzes(paren) -> list[SelectChoice]:
    return [SelectChoice(k, v) for k, v in paren]


class ImportForm(Formulier):
    bestand = FileField("Bestand (CSV of XLSX)", validators=[
        FileRequired("Kies een bestand."),
        FileAllowed(["csv", "xlsx"], "Alleen CSV- of XLSX-bestanden.")])
    corrigeren = BooleanField("Rijen die al bestaan zijn correcties")
    reden = TextAreaField("Reden van de correcties", validators=[Optional(), Length(max=1000)])

    def validate_reden(self, veld) -> None:
        if self.corrigeren.data and not (veld.data or "").strip():
            raise ValidationError("Geef een reden: een correctie bewaart de oude waarde met wie en waarom.")


class CorrectieForm(Formulier):
    waarde = DecimalField("Nieuwe waarde", places=None, validators=[
        InputRequired("Vul een getal in (met een punt als decimaalteken).")])
    status = SelectField("Status", choices=keuzes(STATUSSEN.items()))
    reden = TextAreaField("Reden van de correctie", validators=[
        InputRequired("Geef een reden: de oude waarde blijft bewaard met wie en waarom."),
        Length(max=1000)])
    versie = IntegerField(validators=[InputRequired()])


class DocumentForm(Formulier):
    model = BeleidsDocument
    deelnemer_code = SelectField("Gemeente of provincie", validators=[InputRequired("Kies een deelnemer.")])
    soort = SelectField("Soort document", choices=keuzes(SOORTEN.items()))
    jaar = IntegerField("Jaar", validators=[
        InputRequired("Vul een jaartal in."), NumberRange(2000, 2100, "Een jaartal tussen 2000 en 2100.")])
    titel = StringField("Titel", validators=[Optional(), Length(max=200)])
    vastgesteld_op = DateField("Vastgesteld op", validators=[Optional()])
    verzonden_op = DateField("Verzonden aan raad of Provinciale Staten op", validators=[Optional()])
    link = StringField("Link naar het document", validators=[Optional(), Length(max=500)])
    bestand = FileField("Of upload het document (PDF)", validators=[
        FileAllowed(["pdf"], "Alleen PDF-bestanden.")])
    versie = IntegerField(validators=[Optional()])  # hidden: the version the editor saw, 0 = new

    def __init__(self, *args, deelnemers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.deelnemer_code.choices = keuzes(deelnemers)

    def validate_link(self, veld) -> None:
        if veld.data and not veld.data.startswith(("https://", "http://")):
            raise ValidationError("Een link begint met https:// of http://.")


class KwaliteitstoetsForm(Formulier):
    criteria_versie = SelectField("Versie kwaliteitscriteria",
                                  choices=keuzes((v, v) for v in KWALITEIT_VERSIES))
    methode = SelectField("Methode", choices=keuzes(METHODEN.items()))
    datum = DateField("Datum", validators=[InputRequired("Vul een datum in.")])
    aantal_voldaan = IntegerField("Aantal gehaalde criteria", validators=[
        InputRequired("Vul een aantal in."), NumberRange(0, 500, "Een aantal van 0 of meer.")])
    aantal_totaal = IntegerField("Totaal aantal criteria", validators=[
        InputRequired("Vul een aantal in."), NumberRange(1, 500, "Minstens 1.")])
    verbeterpunten = TextAreaField("Verbeterpunten", validators=[Optional(), Length(max=4000)])


class RobuustheidForm(Formulier):
    """Base of the runtime-built assessment form: one group of fields per criterion of the set."""

    beoordelaar = SelectField("Beoordelaar")
    datum = DateField("Datum van de beoordeling", validators=[InputRequired("Vul een datum in.")])
    toelichting = TextAreaField("Toelichting bij de beoordeling", validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, beoordelaars: list[tuple[str, str]], codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.beoordelaar.choices = keuzes(beoordelaars)
        self.codes = codes

    def velden_van(self, code: str) -> list:
        return [self[f"{code}_{deel}"] for deel in ("resultaat", "toelichting", "bewijs", "actieplan",
                                                     "streefdatum")]

    def oordelen(self) -> dict[str, dict]:
        return {code: {deel: self[f"{code}_{deel}"].data or ("" if deel != "streefdatum" else None)
                       for deel in ("resultaat", "toelichting", "bewijs", "actieplan", "streefdatum")}
                for code in self.codes}

    def validate(self, extra_validators=None) -> bool:
        from visitatie.monitoring.robuustheid import controleer_oordeel

        goed = super().validate(extra_validators)
        for code, o in self.oordelen().items():
            for veld, tekst in controleer_oordeel(o["resultaat"], o["actieplan"], o["streefdatum"]):
                self[f"{code}_{veld}"].errors.append(tekst)
                goed = False
        return goed


def robuustheid_form(criteria: list[tuple[str, str]], beoordelaars: list[tuple[str, str]],
                     **kwargs) -> RobuustheidForm:
    """A form for a criteria set given as (code, title) pairs; built at runtime because the set
    is configuration."""
    from visitatie.monitoring.robuustheid import RESULTATEN

    velden = {}
    for code, _titel in criteria:
        velden[f"{code}_resultaat"] = SelectField(f"Resultaat {code}", choices=keuzes(RESULTATEN.items()),
                                                  default="onbekend")
        velden[f"{code}_toelichting"] = TextAreaField(f"Toelichting {code}",
                                                      validators=[Optional(), Length(max=2000)])
        velden[f"{code}_bewijs"] = StringField(f"Bewijs {code} (link of document)",
                                               validators=[Optional(), Length(max=500)])
        velden[f"{code}_actieplan"] = TextAreaField(f"Actieplan {code}",
                                                    validators=[Optional(), Length(max=2000)])
        velden[f"{code}_streefdatum"] = DateField(f"Streefdatum actieplan {code}", validators=[Optional()])
    klasse = type("RobuustheidFormVoorSet", (RobuustheidForm,), velden)
    return klasse(beoordelaars=beoordelaars, codes=[code for code, _ in criteria], **kwargs)
