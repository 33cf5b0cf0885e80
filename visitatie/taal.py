"""Dutch wording shared by pages, messages and e-mails: one place for counts and dates. Pure."""

from __future__ import annotations

from datetime import date, datetime

from visitatie.timeutil import NL

MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]


def cijfers(tekst: str) -> bool:
    """True for a non-empty text of the digits 0-9 only, as typed in a form or a file: a whole
    number int() reads. (str.isdigit also accepts '²' and the digits of other scripts, which
    int() refuses: the import fuzz found a 500 that way.)"""
    return tekst.isascii() and tekst.isdigit()


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """'1 visitatie', '3 visitaties', '0 visitaties', '1.200 visitaties': a count (in Dutch
    format) with the right form of the noun. The one plural rule of every output."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def datum_nl(waarde: date | datetime | None) -> str:
    """'15 september 2026' (with ', 14:03' Dutch time for a moment); empty for no date."""
    if waarde is None:
        return ""
    tekst = f"{waarde.day} {MAANDEN[waarde.month - 1]} {waarde.year}"
    if isinstance(waarde, datetime):
        tekst += f", {waarde.astimezone(NL):%H:%M}"
    return tekst


def maand_nl(waarde: date) -> str:
    """'september 2026': the month and year of a date."""
    return f"{MAANDEN[waarde.month - 1]} {waarde.year}"


def getal(waarde, decimalen: int = 1) -> str:
    """Dutch number format: '1.234,5'; whole numbers without decimals; '–' for no value."""
    if waarde is None or (isinstance(waarde, float) and waarde != waarde):  # None or NaN
        return "–"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if float(waarde).is_integer():
        return f"{int(waarde):,}".replace(",", ".")
    tekst = f"{float(waarde):,.{decimalen}f}"
    return tekst.replace(",", "X").replace(".", ",").replace("X", ".")


def percentage(teller: int, noemer: int) -> str:
    """'40 % (2 van 5)': a share always with its n; 'geen gegevens (0 van 0)' without a base."""
    if not noemer:
        return "geen gegevens (0 van 0)"
    return f"{getal(round(100 * teller / noemer))} % ({getal(teller)} van {getal(noemer)})"
