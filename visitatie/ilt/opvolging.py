"""The one definition of the follow-up of ILT recommendations (pure: plain values in, plain
values out), read by the Staat (national, per OD in the profiles, open data), the council
summaries (for their OD and province) and the ILT pages.

A *follow-up item* (opvolgpunt) is one recommendation or improvement point and one party it is
addressed to that can record follow-up: an OD or a province, by name or through the category
"omgevingsdiensten" / "provincies" (then every OD or province of the edition). An OD addressed
by name that merged before the reference date is replaced by the OD it went into (the register's
successor, `visitatie.register.fusies.opvolgers`, by which the Staat folds other predecessor
data): the recommendation is then one item of that successor, in the status the successor
recorded (a predecessor's record is not carried over, as for items addressed to all ODs).
Each item has exactly one category: the status the party recorded, or `niet_vastgelegd` when it recorded
none. "Niet vastgelegd" is its own category, never counted as open or as done; a share is
always printed with its n (`Telling`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from visitatie.taal import aantal, getal

# Finding types that ask something of the addressed party and therefore get follow-up.
OPVOLGBARE_TYPEN = ("aanbeveling", "verbeterpunt")
# The statuses a party records (the ILT pages' words).
OPVOLGSTATUSSEN = {
    "open": "Open",
    "in_behandeling": "In behandeling",
    "afgerond": "Afgerond",
    "niet_overgenomen": "Niet overgenomen",
}
# The statuses that close an item for its party (a closed item can be reopened).
GESLOTEN_STATUSSEN = frozenset({"afgerond", "niet_overgenomen"})
NIET_VASTGELEGD = "niet_vastgelegd"
# Every category of a follow-up item, in the order outputs print them: closed, running, none.
CATEGORIEEN = {
    "afgerond": "Afgerond",
    "niet_overgenomen": "Niet overgenomen",
    "in_behandeling": "In behandeling",
    "open": "Open",
    NIET_VASTGELEGD: "Niet vastgelegd",
}
# Actor category -> the kind of party it stands for (every party of that kind).
CATEGORIE_PARTIJ = {"omgevingsdiensten": "od", "provincies": "provincie"}


@dataclass(frozen=True)
class Opvolgpunt:
    studie_id: int
    nummer: int
    partij_soort: str  # "od" | "provincie"
    partij_code: str
    categorie: str  # a key of CATEGORIEEN


@dataclass(frozen=True)
class Telling:
    """Follow-up items per category, with their n."""

    aantallen: tuple[tuple[str, int], ...]  # (category, count) in CATEGORIEEN's order

    @property
    def n(self) -> int:
        return sum(a for _, a in self.aantallen)

    def aantal(self, categorie: str) -> int:
        return dict(self.aantallen)[categorie]

    def percentage(self, categorie: str) -> float | None:
        """The share of a category in %, one decimal; None without items (no 0 %)."""
        return round(100 * self.aantal(categorie) / self.n, 1) if self.n else None

    @property
    def niet_klaar(self) -> int:
        """Items not known to be closed: open, in behandeling and niet vastgelegd."""
        return self.n - sum(self.aantal(c) for c in GESLOTEN_STATUSSEN)


def partijen_van(adressaten: Iterable[tuple[str, str]], bekend: Mapping[str, Collection[str]],
                 opvolgers: Mapping[str, str]) -> set[tuple[str, str]]:
    """The parties (soort, code) of which one recommendation with these addressees (soort, code)
    is a follow-up item: the parties of `bekend` {"od": codes, "provincie": codes} it names, an OD
    merged before the reference date as its successor (`opvolgers`), and every party of `bekend`
    of a category it names. The one rule of who owns an item: what is counted and who records."""
    uit: set[tuple[str, str]] = set()
    for soort, code in adressaten:
        if soort == "od" and code not in bekend.get("od", ()):
            code = opvolgers.get(code, code)
        if soort in bekend and code in bekend[soort]:
            uit.add((soort, code))
        elif soort == "actor" and code in CATEGORIE_PARTIJ:
            uit.update((CATEGORIE_PARTIJ[code], c) for c in bekend.get(CATEGORIE_PARTIJ[code], ()))
    return uit


def opvolgpunten(bevindingen: Iterable[tuple[int, int, str]],
                 adressaten: Iterable[tuple[int, int, str, str]],
                 opvolging: Iterable[tuple[int, int, str, str, str]],
                 partijen: Mapping[str, Iterable[str]], *,
                 opvolgers: Mapping[str, str]) -> list[Opvolgpunt]:
    """Every follow-up item: `bevindingen` (studie_id, nummer, type), `adressaten` (studie_id,
    nummer, soort, code), `opvolging` (studie_id, nummer, partij_soort, partij_code, status),
    `partijen` {"od": codes, "provincie": codes}, the parties of the edition (or of today), and
    `opvolgers` {merged OD: its successor among those parties} (`partijen_van`). Sorted by study,
    number, party."""
    bekend = {soort: set(codes) for soort, codes in partijen.items()}
    adres: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for studie_id, nummer, soort, code in adressaten:
        adres.setdefault((int(studie_id), int(nummer)), []).append((soort, code))
    status = {(int(s), int(n), soort, code): st for s, n, soort, code, st in opvolging}
    punten = [Opvolgpunt(int(s), int(n), soort, code,
                         status.get((int(s), int(n), soort, code), NIET_VASTGELEGD))
              for s, n, type_ in bevindingen if type_ in OPVOLGBARE_TYPEN
              for soort, code in partijen_van(adres.get((int(s), int(n)), ()), bekend, opvolgers)]
    return sorted(punten, key=lambda p: (p.studie_id, p.nummer, p.partij_soort, p.partij_code))


def telling(punten: Iterable[Opvolgpunt]) -> Telling:
    """The items per category (every category, zero included)."""
    aantal = Counter(p.categorie for p in punten)
    return Telling(tuple((c, aantal.get(c, 0)) for c in CATEGORIEEN))


def per_partij(punten: Iterable[Opvolgpunt]) -> dict[tuple[str, str], Telling]:
    """(partij_soort, partij_code) -> its Telling, for every party with at least one item."""
    groepen: dict[tuple[str, str], list[Opvolgpunt]] = {}
    for p in punten:
        groepen.setdefault((p.partij_soort, p.partij_code), []).append(p)
    return {partij: telling(lijst) for partij, lijst in sorted(groepen.items())}


def zin(t: Telling) -> str:
    """The counts in one Dutch sentence, every category named with its number and the n:
    'Van de 12 opvolgpunten: 2 afgerond, 0 niet overgenomen, 1 in behandeling, 0 open en 9 niet
    vastgelegd.' (a colon, so no verb has to agree with five numbers); one item is named by its
    category alone: 'Er is 1 opvolgpunt: in behandeling.'"""
    if t.n == 0:
        return "Er zijn geen opvolgpunten."
    if t.n == 1:
        return f"Er is 1 opvolgpunt: {next(CATEGORIEEN[c].lower() for c, a in t.aantallen if a)}."
    delen = [f"{getal(a)} {CATEGORIEEN[c].lower()}" for c, a in t.aantallen]
    return f"Van de {aantal(t.n, 'opvolgpunt', 'opvolgpunten')}: {', '.join(delen[:-1])} en {delen[-1]}."
