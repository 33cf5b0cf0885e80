"""The small, safe expression language of `show_if`: a tokenizer, a recursive-descent parser
producing a tiny tree of tuples, and an evaluator over a dict of answers. No `eval`.

Grammar (lowest precedence first)::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := value (("==" | "!=" | "<" | "<=" | ">" | ">=") value
                         | "in" list | "not" "in" list
                         | "bevat" value)?
    value      := NUMBER | STRING | "true" | "false" | "leeg" | NAME | "(" expr ")"
    list       := "[" (value ("," value)*)? "]"

A NAME is a question code; its value is the stored answer (None when unanswered).
`bevat` tests membership in a multiple-choice answer: `sectoren bevat 'bodem'`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class ExpressieFout(ValueError):
    """A show_if expression that cannot be read; `positie` is the 0-based character offset."""

    def __init__(self, reden: str, positie: int):
        super().__init__(f"{reden} (positie {positie + 1})")
        self.reden, self.positie = reden, positie


@dataclass(frozen=True)
class Token:
    soort: str  # NUM, STR, NAME, OP, KW, EOF
    waarde: Any
    positie: int


SLEUTELWOORDEN = {"and", "or", "not", "in", "true", "false", "leeg", "bevat"}
_PATROON = re.compile(
    r"""
    (?P<spatie>\s+)
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<str>'[^'\\]*'|"[^"\\]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
""",
    re.VERBOSE,
)


def tokens(tekst: str) -> list[Token]:
    """Split an expression into tokens; refuse anything the language does not know."""
    uit, pos = [], 0
    while pos < len(tekst):
        m = _PATROON.match(tekst, pos)
        if not m:
            raise ExpressieFout(f"onverwacht teken {tekst[pos]!r}", pos)
        soort, waarde = m.lastgroup, m.group()
        if soort == "num":
            uit.append(Token("NUM", float(waarde) if "." in waarde else int(waarde), pos))
        elif soort == "str":
            uit.append(Token("STR", waarde[1:-1], pos))
        elif soort == "name":
            uit.append(Token("KW" if waarde in SLEUTELWOORDEN else "NAME", waarde, pos))
        elif soort == "op":
            uit.append(Token("OP", waarde, pos))
        pos = m.end()
    uit.append(Token("EOF", None, len(tekst)))
    return uit


VERGELIJKINGEN = {"==", "!=", "<", "<=", ">", ">="}


class _Parser:
    def __init__(self, tekst: str):
        self.tokens = tokens(tekst)
        self.i = 0

    def kijk(self) -> Token:
        return self.tokens[self.i]

    def neem(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def is_(self, soort: str, waarde: Any = None) -> bool:
        t = self.kijk()
        return t.soort == soort and (waarde is None or t.waarde == waarde)

    def verwacht(self, soort: str, waarde: Any) -> None:
        if not self.is_(soort, waarde):
            t = self.kijk()
            raise ExpressieFout(f"verwacht {waarde!r}, gevonden {t.waarde!r}", t.positie)
        self.neem()

    def geheel(self):
        boom = self.of()
        if not self.is_("EOF"):
            t = self.kijk()
            raise ExpressieFout(f"onverwacht {t.waarde!r} na een volledige expressie", t.positie)
        return boom

    def of(self):
        boom = self.en()
        while self.is_("KW", "or"):
            self.neem()
            boom = ("or", boom, self.en())
        return boom

    def en(self):
        boom = self.niet()
        while self.is_("KW", "and"):
            self.neem()
            boom = ("and", boom, self.niet())
        return boom

    def niet(self):
        if self.is_("KW", "not"):
            self.neem()
            return ("not", self.niet())
        return self.vergelijking()

    def vergelijking(self):
        links = self.waarde()
        t = self.kijk()
        if t.soort == "OP" and t.waarde in VERGELIJKINGEN:
            self.neem()
            return (t.waarde, links, self.waarde())
        if self.is_("KW", "in"):
            self.neem()
            return ("in", links, self.lijst())
        if self.is_("KW", "not") and self.tokens[self.i + 1].waarde == "in":
            self.i += 2
            return ("not", ("in", links, self.lijst()))
        if self.is_("KW", "bevat"):
            self.neem()
            return ("bevat", links, self.waarde())
        return links

    def waarde(self):
        t = self.neem()
        if t.soort in ("NUM", "STR"):
            return ("lit", t.waarde)
        if t.soort == "KW" and t.waarde in ("true", "false"):
            return ("lit", t.waarde == "true")
        if t.soort == "KW" and t.waarde == "leeg":
            return ("lit", None)
        if t.soort == "NAME":
            return ("var", t.waarde)
        if t.soort == "OP" and t.waarde == "(":
            boom = self.of()
            self.verwacht("OP", ")")
            return boom
        raise ExpressieFout(
            f"verwacht een waarde, gevonden {t.waarde!r}"
            if t.soort != "EOF"
            else "expressie houdt onverwacht op",
            t.positie,
        )

    def lijst(self):
        self.verwacht("OP", "[")
        items = []
        if not self.is_("OP", "]"):
            items.append(self.waarde())
            while self.is_("OP", ","):
                self.neem()
                items.append(self.waarde())
        self.verwacht("OP", "]")
        return ("list", tuple(items))


def parse(tekst: str):
    """Parse an expression into a tree of tuples; ExpressieFout names the position."""
    if not tekst or not tekst.strip():
        raise ExpressieFout("lege expressie", 0)
    return _Parser(tekst).geheel()


def namen(boom) -> set[str]:
    """The question codes an expression refers to."""
    if boom[0] == "var":
        return {boom[1]}
    if boom[0] == "lit":
        return set()
    if boom[0] == "list":
        return set().union(*(namen(b) for b in boom[1])) if boom[1] else set()
    return set().union(*(namen(b) for b in boom[1:]))


def evalueer(boom, antwoorden: dict[str, Any]) -> bool | Any:
    """Evaluate a parsed expression against answers. Comparing unlike types is False, never an error."""
    soort = boom[0]
    if soort == "lit":
        return boom[1]
    if soort == "var":
        return antwoorden.get(boom[1])
    if soort == "list":
        return [evalueer(b, antwoorden) for b in boom[1]]
    if soort == "and":
        return bool(evalueer(boom[1], antwoorden)) and bool(evalueer(boom[2], antwoorden))
    if soort == "or":
        return bool(evalueer(boom[1], antwoorden)) or bool(evalueer(boom[2], antwoorden))
    if soort == "not":
        return not evalueer(boom[1], antwoorden)
    links, rechts = evalueer(boom[1], antwoorden), evalueer(boom[2], antwoorden)
    return _vergelijk(soort, links, rechts)


def _vergelijk(op: str, links: Any, rechts: Any) -> bool:
    if op == "==":
        return links == rechts
    if op == "!=":
        return links != rechts
    if op == "in":
        return links in rechts
    if op == "bevat":
        return isinstance(links, list | tuple | set) and rechts in links
    getal = (int, float)
    if not (isinstance(links, getal) and isinstance(rechts, getal)) or isinstance(links, bool):
        return False
    return {"<": links < rechts, "<=": links <= rechts, ">": links > rechts, ">=": links >= rechts}[op]


def toon(expressie: str | None, antwoorden: dict[str, Any]) -> bool:
    """Whether a question with this show_if is shown (no expression: always)."""
    return True if not expressie else bool(evalueer(parse(expressie), antwoorden))
