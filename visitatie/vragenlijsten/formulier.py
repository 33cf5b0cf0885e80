"""WTForms built at runtime from a questionnaire definition, and the conversion between form
data and stored answer values (plain JSON values). Also the completeness check on submit."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from wtforms import (
    FieldList,
    FileField,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from visitatie.invoergrenzen import Formulier
from visitatie.taxonomie import Taxonomie, taxonomie
from visitatie.vragenlijsten import expressie
from visitatie.vragenlijsten.definitie import Vraag, Vragenlijst, waarde_is_leeg
from visitatie.vragenlijsten.oordeel import niveau_tekst

JA_NEE = [SelectChoice("ja", "Ja"), SelectChoice("nee", "Nee")]


GETAL = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
GETAL_VOORBEELD = "Geef een getal, bijvoorbeeld 312,5."
DUBBELZINNIG = ("Gebruik één teken voor de decimalen en geen scheiding voor duizendtallen: "
                "schrijf bijvoorbeeld 3125,5 in plaats van 3.125,5.")


def lees_getal(tekst: str) -> Decimal | None:
    """A number as Dutch users type it: "312,5" and "312.5" are both 312.5; empty is None.
    Anything with a thousands separator ("3.125,5", "3,125.5", "1.000.000") is refused with a
    Dutch message (ValueError): whether "3.125" meant 3125 cannot be known, so we never guess."""
    schoon = tekst.strip().replace(" ", "").replace("\u00a0", "")
    if not schoon:
        return None
    if ("," in schoon and "." in schoon) or schoon.count(",") + schoon.count(".") > 1:
        raise ValueError(DUBBELZINNIG)
    if not GETAL.fullmatch(schoon):
        raise ValueError(GETAL_VOORBEELD)
    try:
        return Decimal(schoon.replace(",", "."))
    except InvalidOperation as fout:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(GETAL_VOORBEELD) from fout


def nl_getal(waarde: Any) -> str:
    """A stored number in Dutch notation: 312.5 -> "312,5", 120 -> "120" (no thousands dots,
    so what is shown can be typed back unchanged)."""
    if waarde is None or waarde == "":
        return ""
    getal = Decimal(str(waarde))
    tekst = format(getal.normalize(), "f") if getal == getal.to_integral_value() else str(getal)
    return tekst.replace(".", ",")


class NlGetalVeld(StringField):
    """A number field that takes the decimal comma; shown back in Dutch notation. A text input
    with inputmode=decimal: a browser's number input would drop or reinterpret the comma."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        self.data = None
        if valuelist:
            try:
                self.data = lees_getal(valuelist[0])
            except ValueError as fout:
                raise ValueError(str(fout)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return nl_getal(self.data) if self.data is not None else ""


class Vinkjes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _keuzes(paren) -> list[SelectChoice]:
    return [SelectChoice(str(w), label) for w, label in paren]


def _bevinding_form(vraag: Vraag, tax: Taxonomie) -> type[Form]:
    typen = [SelectChoice(c, tax.naam("bevindingtypen", c)) for c in vraag.typen]
    themas = [SelectChoice(c, n) for c, n in tax.keuzes("themas")]

    class BevindingForm(Form):
        type = SelectField("Soort", choices=typen, validators=[Optional()])
        thema = SelectField("Thema", choices=themas, default=vraag.thema, validators=[Optional()])
        tekst = TextAreaField("Tekst", validators=[Optional(), Length(max=5000)])

    return BevindingForm


def veld(vraag: Vraag, tax: Taxonomie):
    """The WTForms field (unbound) for one question."""
    opties = {"description": vraag.help}
    if vraag.type == "schaal":
        keuzes = [SelectChoice(str(n.waarde), niveau_label(vraag, n.waarde, n.label, n.descriptor))
                  for n in vraag.niveaus]
        return RadioField(vraag.label, choices=keuzes, validators=[Optional()], **opties)
    if vraag.type == "enkele_keuze":
        return RadioField(vraag.label, choices=_keuzes(vraag.opties), validators=[Optional()], **opties)
    if vraag.type == "meervoudige_keuze":
        return Vinkjes(vraag.label, choices=_keuzes(vraag.opties), validators=[Optional()], **opties)
    if vraag.type == "ja_nee":
        return RadioField(vraag.label, choices=JA_NEE, validators=[Optional()], **opties)
    if vraag.type == "getal":
        return NlGetalVeld(vraag.label, validators=[Optional(), _bereik(vraag)], **opties)
    if vraag.type == "korte_tekst":
        return StringField(
            vraag.label,
            validators=[Optional(), Length(max=300, message="Maximaal 300 tekens.")],
            **opties,
        )
    if vraag.type == "lange_tekst":
        return TextAreaField(vraag.label, validators=[Optional(), Length(max=50000)], **opties)
    if vraag.type == "bestand":
        return FileField(vraag.label, **opties)
    if vraag.type == "bevindingen":
        return FieldList(
            FormField(_bevinding_form(vraag, tax)), label=vraag.label, min_entries=1, **opties
        )
    raise ValueError(vraag.type)


def niveau_label(vraag: Vraag, waarde: int, label: str, descriptor: str) -> str:
    """"2. Matig: er zijn tekortkomingen": the level as the report prints it (`niveau_tekst`),
    then its descriptor; a descriptor that already starts with the level's name ("Matig: er
    zijn ...") does not repeat it."""
    if descriptor.casefold().startswith(f"{label.casefold()}:"):
        descriptor = descriptor[len(label) + 1:].strip()
    return niveau_tekst(vraag, waarde) + (f": {descriptor}" if descriptor else "")


def _bereik(vraag: Vraag):
    """The range check of a number question; a value that is no number already has its message."""
    binnen = NumberRange(min=vraag.min, max=vraag.max, message=_bereik_tekst(vraag))

    def controleer(form, field):
        if field.data is not None:
            binnen(form, field)

    return controleer


def _bereik_tekst(vraag: Vraag) -> str:
    eenheid = f" {vraag.eenheid}" if vraag.eenheid else ""
    if vraag.min is not None and vraag.max is not None:
        return f"Geef een getal van {_getal(vraag.min)} tot en met {_getal(vraag.max)}{eenheid}."
    if vraag.min is not None:
        return f"Geef een getal van minstens {_getal(vraag.min)}{eenheid}."
    return f"Geef een getal van hoogstens {_getal(vraag.max)}{eenheid}."


def _getal(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def bouw_formulier(vragen: list[Vraag], tax: Taxonomie | None = None) -> type[Formulier]:
    """A FlaskForm class with one field per question, named by the question code."""
    tax = tax or taxonomie()
    attrs = {v.code: veld(v, tax) for v in vragen}
    return type("VragenlijstForm", (Formulier,), attrs)


def formulier_data(vragen: list[Vraag], antwoorden: dict[str, Any]) -> dict[str, Any]:
    """Stored answers as `data=` for the form constructor."""
    data = {}
    for v in vragen:
        waarde = antwoorden.get(v.code)
        if waarde is None or v.type == "bestand":
            continue
        if v.type == "bevindingen":
            data[v.code] = [*waarde, {"type": v.typen[0], "thema": v.thema, "tekst": ""}]
        elif v.type in ("schaal", "enkele_keuze"):
            data[v.code] = str(waarde)
        elif v.type == "getal":
            data[v.code] = Decimal(str(waarde))
        else:
            data[v.code] = waarde
    return data


def veldwaarde(vraag: Vraag, waarde: Any) -> str | list[str] | None:
    """A stored answer as the values of its form field (what the browser puts in the field to
    take over another person's version); None for a list of findings (several fields)."""
    if vraag.type in ("bevindingen", "bestand"):
        return None
    if waarde is None:
        return [] if vraag.type == "meervoudige_keuze" else ""
    if vraag.type == "meervoudige_keuze":
        return [str(w) for w in waarde]
    if vraag.type == "getal":
        return nl_getal(waarde)
    return str(waarde)


def waarde_uit_veld(vraag: Vraag, field) -> Any:
    """The value to store for a question from its (validated) field; None means empty."""
    data = field.data
    if vraag.type == "schaal":
        return int(data) if data not in (None, "", "None") else None
    if vraag.type == "getal":
        if data is None:
            return None
        return int(data) if data == data.to_integral_value() else float(data)
    if vraag.type == "meervoudige_keuze":
        return list(data) or None
    if vraag.type == "bevindingen":
        items = [
            {"type": d["type"], "thema": d["thema"], "tekst": d["tekst"].strip()}
            for d in data
            if d.get("tekst") and d["tekst"].strip()
        ]
        return items or None
    if vraag.type in ("korte_tekst", "lange_tekst"):
        return data.strip() or None if isinstance(data, str) else None
    if vraag.type in ("enkele_keuze", "ja_nee"):
        return data if data not in (None, "", "None") else None
    return None


def zichtbare_vragen(lijst: Vragenlijst, antwoorden: dict[str, Any]) -> list[Vraag]:
    """The questions whose show_if holds for the current answers."""
    return [v for v in lijst.vragen.values() if expressie.toon(v.show_if, antwoorden)]


def controleer_volledig(lijst: Vragenlijst, antwoorden: dict[str, Any]) -> dict[str, str]:
    """On submit: every shown required question answered, every number in range.
    Returns question code -> Dutch reason (empty: complete)."""
    fouten = {}
    for v in zichtbare_vragen(lijst, antwoorden):
        waarde = antwoorden.get(v.code)
        if v.verplicht and waarde_is_leeg(waarde):
            fouten[v.code] = "Deze vraag is verplicht."
        elif (
            v.type == "getal"
            and waarde is not None
            and not ((v.min is None or waarde >= v.min) and (v.max is None or waarde <= v.max))
        ):
            fouten[v.code] = _bereik_tekst(v)
    return fouten


def voortgang(lijst: Vragenlijst, antwoorden: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Per section: (answered, shown) questions."""
    zichtbaar = {v.code for v in zichtbare_vragen(lijst, antwoorden)}
    uit = {}
    for sectie in lijst.secties:
        codes = [v.code for v in sectie.vragen if v.code in zichtbaar]
        uit[sectie.code] = (sum(not waarde_is_leeg(antwoorden.get(c)) for c in codes), len(codes))
    return uit


def weergave(vraag: Vraag, waarde: Any) -> str:
    """A stored answer as short Dutch text (for overviews such as the members' assessments)."""
    if waarde_is_leeg(waarde):
        return "niet ingevuld"
    if vraag.type == "schaal":
        return niveau_tekst(vraag, waarde)
    if vraag.type in ("enkele_keuze", "meervoudige_keuze"):
        labels = dict(vraag.opties)
        return ", ".join(labels.get(w, w) for w in (waarde if isinstance(waarde, list) else [waarde]))
    if vraag.type == "ja_nee":
        return "Ja" if waarde == "ja" else "Nee"
    if vraag.type == "getal":
        return f"{nl_getal(waarde)} {vraag.eenheid or ''}".strip()
    if vraag.type == "bevindingen":
        return "; ".join(f"{item['type'].replace('_', ' ')}: {item['tekst']}" for item in waarde)
    if vraag.type == "bestand":
        return waarde.get("naam", "bestand")
    return str(waarde)
