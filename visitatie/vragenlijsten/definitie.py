"""Questionnaire definitions: plain dataclasses, read from forms/*.yaml and checked against
forms/vragenlijst.schema.json plus the rules a schema cannot express (unique codes, show_if
references, taxonomy codes, scales, lineage). A broken file is refused with file, line, path
and reason. Pure: no database, no Flask."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from visitatie.bronnen import VRAGENLIJSTEN
from visitatie.taxonomie import Taxonomie, taxonomie
from visitatie.vragenlijsten import expressie

MAP = VRAGENLIJSTEN
SCHEMA = MAP / "vragenlijst.schema.json"
VRAAGTYPEN = (
    "schaal",
    "enkele_keuze",
    "meervoudige_keuze",
    "ja_nee",
    "getal",
    "korte_tekst",
    "lange_tekst",
    "bestand",
    "bevindingen",
)
VERGELIJKBAAR = {"ongewijzigd", "herformuleerd"}


@dataclass(frozen=True)
class Fout:
    bestand: str
    regel: int | None
    pad: str
    reden: str

    def __str__(self) -> str:
        plaats = f"{self.bestand}:{self.regel}" if self.regel else self.bestand
        return f"{plaats}: {self.pad or '(bestand)'}: {self.reden}"


class DefinitieFout(ValueError):
    """A questionnaire file that is refused; `fouten` lists every problem found."""

    def __init__(self, fouten: list[Fout]):
        super().__init__("\n".join(str(f) for f in fouten))
        self.fouten = fouten


@dataclass(frozen=True)
class Niveau:
    waarde: int
    label: str
    descriptor: str = ""


@dataclass(frozen=True)
class Vraag:
    code: str
    type: str
    label: str
    sectie: str
    help: str = ""
    verplicht: bool = False
    show_if: str | None = None
    opties: tuple[tuple[str, str], ...] = ()
    min: float | None = None
    max: float | None = None
    eenheid: str = ""
    niveaus: tuple[Niveau, ...] = ()
    schaal: str = ""
    descriptoren: tuple[str, ...] = ()
    typen: tuple[str, ...] = ()
    herkomst: str = "ongewijzigd"
    vervangt: tuple[str, ...] = ()
    thema: str | None = None


@dataclass(frozen=True)
class Sectie:
    code: str
    titel: str
    vragen: tuple[Vraag, ...]
    thema: str | None = None
    toelichting: str = ""


@dataclass(frozen=True)
class Vragenlijst:
    code: str
    versie: int
    titel: str
    soort: str
    secties: tuple[Sectie, ...]
    toelichting: str = ""
    vorige: str | None = None
    bestand: str = ""
    vragen: dict[str, Vraag] = field(default_factory=dict, compare=False, repr=False)

    @property
    def sleutel(self) -> str:
        return f"{self.code}@{self.versie}"

    def sectie(self, code: str) -> Sectie:
        for sectie in self.secties:
            if sectie.code == code:
                return sectie
        raise KeyError(code)


# ---------------------------------------------------------------- reading one file


def _regelkaart(knoop, pad: tuple = ()) -> dict[tuple, int]:
    """Map every path in the YAML document to its 1-based line, for error messages."""
    kaart = {pad: knoop.start_mark.line + 1}
    if isinstance(knoop, yaml.MappingNode):
        for sleutel, waarde in knoop.value:
            kaart.update(_regelkaart(waarde, (*pad, sleutel.value)))
    elif isinstance(knoop, yaml.SequenceNode):
        for i, waarde in enumerate(knoop.value):
            kaart.update(_regelkaart(waarde, (*pad, i)))
    return kaart


def _dubbele_sleutels(knoop, bestand: str, pad: tuple = ()) -> list[Fout]:
    fouten = []
    if isinstance(knoop, yaml.MappingNode):
        gezien = set()
        for sleutel, waarde in knoop.value:
            if sleutel.value in gezien:
                fouten.append(
                    Fout(
                        bestand,
                        sleutel.start_mark.line + 1,
                        _pad(pad),
                        f"sleutel {sleutel.value!r} staat er twee keer",
                    )
                )
            gezien.add(sleutel.value)
            fouten += _dubbele_sleutels(waarde, bestand, (*pad, sleutel.value))
    elif isinstance(knoop, yaml.SequenceNode):
        for i, waarde in enumerate(knoop.value):
            fouten += _dubbele_sleutels(waarde, bestand, (*pad, i))
    return fouten


def _pad(pad) -> str:
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(pad)
    )


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def lees_tekst(tekst: str, bestand: str, tax: Taxonomie | None = None) -> Vragenlijst:
    """Parse and check one definition; DefinitieFout lists every problem with its place."""
    try:
        knoop = yaml.compose(tekst, Loader=yaml.SafeLoader)
        data = yaml.safe_load(tekst)
    except yaml.YAMLError as fout:
        mark = getattr(fout, "problem_mark", None)
        raise DefinitieFout(
            [
                Fout(
                    bestand,
                    mark.line + 1 if mark else None,
                    "",
                    f"geen geldige YAML: {getattr(fout, 'problem', fout)}",
                )
            ]
        ) from None
    if knoop is None:
        raise DefinitieFout([Fout(bestand, None, "", "het bestand is leeg")])
    regels = _regelkaart(knoop)
    fouten = _dubbele_sleutels(knoop, bestand)
    for fout in sorted(_validator().iter_errors(data), key=lambda f: list(map(str, f.absolute_path))):
        pad = tuple(fout.absolute_path)
        fouten.append(Fout(bestand, regels.get(pad), _pad(pad), _vertaal(fout)))
    if fouten:
        raise DefinitieFout(fouten)
    lijst = _bouw(data, bestand)
    fouten = _controleer(lijst, regels, tax or taxonomie())
    if fouten:
        raise DefinitieFout(fouten)
    return lijst


def _vertaal(fout: jsonschema.ValidationError) -> str:
    """Dutch reasons for the common schema errors; the original message otherwise."""
    if fout.validator == "required":
        return f"verplicht veld ontbreekt: {fout.message.split(' ')[0]}"
    if fout.validator == "additionalProperties":
        return f"onbekend veld: {fout.message}"
    if fout.validator == "enum":
        return f"waarde {fout.instance!r} niet toegestaan; kies uit {fout.validator_value}"
    if fout.validator == "type":
        return f"verwacht type {fout.validator_value}, gevonden {fout.instance!r}"
    if fout.validator == "pattern":
        return f"{fout.instance!r} heeft niet de vorm {fout.validator_value}"
    return fout.message


def _bouw(data: dict, bestand: str) -> Vragenlijst:
    schalen = data.get("schalen", {})
    secties = tuple(_bouw_sectie(s, schalen) for s in data["secties"])
    vragen = {v.code: v for s in secties for v in s.vragen}
    return Vragenlijst(
        code=data["code"],
        versie=data["versie"],
        titel=data["titel"],
        soort=data["soort"],
        secties=secties,
        toelichting=data.get("toelichting", ""),
        vorige=data.get("vorige"),
        bestand=bestand,
        vragen=vragen,
    )


def _bouw_sectie(s: dict, schalen: dict) -> Sectie:
    vragen = tuple(_bouw_vraag(v, s, schalen) for v in s["vragen"])
    return Sectie(
        code=s["code"],
        titel=s["titel"],
        vragen=vragen,
        thema=s.get("thema"),
        toelichting=s.get("toelichting", ""),
    )


def _bouw_vraag(v: dict, sectie: dict, schalen: dict) -> Vraag:
    niveaus = ()
    if v["type"] == "schaal" and v["schaal"] in schalen:
        beschrijvingen = v.get("descriptoren", [])
        niveaus = tuple(
            Niveau(n["waarde"], n["label"], beschrijvingen[i] if i < len(beschrijvingen) else "")
            for i, n in enumerate(schalen[v["schaal"]])
        )
    vervangt = v.get("vervangt", ())
    return Vraag(
        code=v["code"],
        type=v["type"],
        label=v["label"],
        sectie=sectie["code"],
        help=v.get("help", ""),
        verplicht=v.get("verplicht", False),
        show_if=v.get("show_if"),
        opties=tuple((o["waarde"], o["label"]) for o in v.get("opties", ())),
        min=v.get("min"),
        max=v.get("max"),
        eenheid=v.get("eenheid", ""),
        niveaus=niveaus,
        schaal=v.get("schaal", ""),
        descriptoren=tuple(v.get("descriptoren", ())),
        typen=tuple(v.get("typen", ())),
        herkomst=v.get("herkomst", "ongewijzigd"),
        vervangt=(vervangt,) if isinstance(vervangt, str) else tuple(vervangt),
        thema=sectie.get("thema"),
    )


def _controleer(lijst: Vragenlijst, regels: dict, tax: Taxonomie) -> list[Fout]:
    """The rules a JSON schema cannot express."""
    fouten: list[Fout] = []

    def fout(pad: tuple, reden: str) -> None:
        fouten.append(Fout(lijst.bestand, regels.get(pad), _pad(pad), reden))

    gezien_secties: set[str] = set()
    eerder: set[str] = set()
    for si, sectie in enumerate(lijst.secties):
        if sectie.code in gezien_secties:
            fout(("secties", si, "code"), f"sectiecode {sectie.code!r} komt twee keer voor")
        gezien_secties.add(sectie.code)
        if sectie.thema and sectie.thema not in tax.codes("themas"):
            fout(("secties", si, "thema"), f"thema {sectie.thema!r} staat niet in de taxonomie")
        for vi, vraag in enumerate(sectie.vragen):
            pad = ("secties", si, "vragen", vi)
            if vraag.code in eerder:
                fout((*pad, "code"), f"vraagcode {vraag.code!r} komt twee keer voor")
            _controleer_vraag(vraag, pad, eerder, tax, fout)
            eerder.add(vraag.code)
    return fouten


def _controleer_vraag(vraag: Vraag, pad: tuple, eerder: set[str], tax: Taxonomie, fout) -> None:
    if vraag.type == "schaal":
        if not vraag.niveaus:
            fout((*pad, "schaal"), f"schaal {vraag.schaal!r} is niet gedefinieerd onder 'schalen'")
        elif vraag.descriptoren and len(vraag.descriptoren) != len(vraag.niveaus):
            fout(
                (*pad, "descriptoren"),
                f"{len(vraag.descriptoren)} descriptoren voor "
                f"{len(vraag.niveaus)} niveaus: geef er één per niveau",
            )
    if (
        vraag.type == "getal"
        and vraag.min is not None
        and vraag.max is not None
        and vraag.min > vraag.max
    ):
        fout((*pad, "min"), "min is groter dan max")
    for typ in vraag.typen:
        if typ not in tax.codes("bevindingtypen"):
            fout((*pad, "typen"), f"bevindingtype {typ!r} staat niet in de taxonomie")
    if vraag.show_if:
        try:
            onbekend = expressie.namen(expressie.parse(vraag.show_if)) - eerder
        except expressie.ExpressieFout as e:
            fout((*pad, "show_if"), f"show_if is onleesbaar: {e}")
        else:
            if onbekend:
                fout(
                    (*pad, "show_if"),
                    "show_if verwijst naar onbekende of latere vragen: " + ", ".join(sorted(onbekend)),
                )


# ---------------------------------------------------------------- the catalogue


def lees_bestand(pad: Path, tax: Taxonomie | None = None) -> Vragenlijst:
    return lees_tekst(pad.read_text(encoding="utf-8"), pad.name, tax)


def lees_map(map_: Path = MAP, tax: Taxonomie | None = None) -> dict[str, Vragenlijst]:
    """Every definition in a folder, keyed 'code@versie', with lineage checked across files."""
    lijsten: dict[str, Vragenlijst] = {}
    fouten: list[Fout] = []
    for pad in sorted(map_.glob("*.yaml")):
        try:
            lijst = lees_bestand(pad, tax)
        except DefinitieFout as e:
            fouten += e.fouten
            continue
        if lijst.sleutel in lijsten:
            fouten.append(
                Fout(
                    pad.name, None, "", f"{lijst.sleutel} staat ook in {lijsten[lijst.sleutel].bestand}"
                )
            )
        lijsten[lijst.sleutel] = lijst
    fouten += [f for lijst in lijsten.values() for f in controleer_herkomst(lijst, lijsten)]
    if fouten:
        raise DefinitieFout(fouten)
    return lijsten


def controleer_herkomst(lijst: Vragenlijst, lijsten: dict[str, Vragenlijst]) -> list[Fout]:
    """Lineage: `vorige` and every `vervangt` point at a question that exists."""
    fouten = []
    if lijst.vorige and lijst.vorige not in lijsten:
        fouten.append(Fout(lijst.bestand, None, "vorige", f"{lijst.vorige} bestaat niet"))
    for vraag in lijst.vragen.values():
        for ref in vraag.vervangt:
            code, versie = ref.split("@")
            bron = lijsten.get(f"{lijst.code}@{versie}")
            if bron is None or code not in bron.vragen:
                fouten.append(
                    Fout(
                        lijst.bestand,
                        None,
                        f"vraag {vraag.code}.vervangt",
                        f"{ref} bestaat niet in {lijst.code}@{versie}",
                    )
                )
    return fouten


def vergelijkbare_vragen(oud: Vragenlijst, nieuw: Vragenlijst) -> dict[str, str]:
    """New question code -> old question code, only where answers can be compared across
    versions: the same code, or a reworded question with exactly one predecessor."""
    paren = {}
    for vraag in nieuw.vragen.values():
        if vraag.herkomst == "herformuleerd" and len(vraag.vervangt) == 1:
            code, versie = vraag.vervangt[0].split("@")
            if int(versie) == oud.versie and code in oud.vragen:
                paren[vraag.code] = code
        elif vraag.herkomst == "ongewijzigd" and vraag.code in oud.vragen:
            paren[vraag.code] = vraag.code
    return paren


@cache
def catalogus() -> dict[str, Vragenlijst]:
    """All shipped definitions, read once per process."""
    return lees_map(MAP)


def nieuwste(code: str, tot_en_met: int | None = None) -> Vragenlijst:
    """The latest version of a questionnaire (optionally not later than a year)."""
    kandidaten = [
        v
        for v in catalogus().values()
        if v.code == code and (tot_en_met is None or v.versie <= tot_en_met)
    ]
    if not kandidaten:
        raise KeyError(code)
    return max(kandidaten, key=lambda v: v.versie)


def waarde_is_leeg(waarde: Any) -> bool:
    return waarde is None or waarde == "" or waarde == []
