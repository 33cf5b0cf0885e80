"""Finding the forms of a page and filling them in: the security sweep submits every form it can
reach, so a new page's forms are swept without anyone listing them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEKSTSOORTEN = {"text", "search", "email", "url", "tel", "password", "", None}
OVERSLAAN = {"/uitloggen"}  # submitting it would end the sweep's session


@dataclass
class Veld:
    naam: str
    soort: str  # input type, "textarea" or "select"
    opties: list[str] = field(default_factory=list)
    waarde: str = ""


@dataclass
class Formulier:
    actie: str
    multipart: bool
    velden: list[Veld] = field(default_factory=list)


class _FormulierParser(HTMLParser):
    def __init__(self, pad: str):
        super().__init__()
        self.pad, self.formulieren, self._huidig, self._select = pad, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._huidig = Formulier(a.get("action") or self.pad,
                                     "multipart" in (a.get("enctype") or ""))
            self.formulieren.append(self._huidig)
        elif self._huidig is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "reset", "image"):
            self._huidig.velden.append(Veld(a["name"], a.get("type") or "text", waarde=a.get("value") or ""))
        elif tag == "textarea":
            self._huidig.velden.append(Veld(a["name"], "textarea"))
        elif tag == "select":
            self._select = Veld(a["name"], "select")
            self._huidig.velden.append(self._select)
        elif tag == "option" and self._select is not None and a.get("value") is not None:
            self._select.opties.append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._huidig = None
        elif tag == "select":
            self._select = None


def formulieren(pad: str, html: str) -> list[Formulier]:
    lezer = _FormulierParser(pad)
    lezer.feed(html)
    return [f for f in lezer.formulieren if f.actie.split("?")[0] not in OVERSLAAN]


def vul_in(formulier: Formulier, tekst: str) -> dict[str, str]:
    """Every free-text field gets `tekst`; the others keep a valid-looking value of their kind."""
    data: dict[str, str] = {}
    for veld in formulier.velden:
        if veld.soort in ("hidden", "checkbox", "radio"):
            data.setdefault(veld.naam, veld.waarde or "1")
        elif veld.soort == "select":
            data[veld.naam] = next((o for o in veld.opties if o), "")
        elif veld.soort == "number":
            data[veld.naam] = "1"
        elif veld.soort == "date":
            data[veld.naam] = "2025-01-15"
        elif veld.soort == "file":
            continue
        elif veld.soort in TEKSTSOORTEN or veld.soort == "textarea":
            data[veld.naam] = tekst
        else:
            data[veld.naam] = veld.waarde
    return data
