"""The audit log in words: what changed (only that), and a CSV that Dutch Excel opens safely.
Pure: plain values in, plain values out."""

from __future__ import annotations

import json
from dataclasses import dataclass

from visitatie import tabelexport
from visitatie.accountrollen import ROLLEN

ACTIES = {
    "inloggen.gelukt": "Ingelogd",
    "inloggen.mislukt": "Inloggen mislukt",
    "inloggen.geweigerd": "Inloggen geweigerd (te veel pogingen)",
    "inloggen.code_fout": "Verkeerde code bij inloggen",
    "inloggen.uitloggen": "Uitgelogd",
    "gebruiker.aanmaken": "Account aangemaakt",
    "gebruiker.wijzigen": "Account gewijzigd",
    "gebruiker.blokkeren": "Account geblokkeerd",
    "gebruiker.deblokkeren": "Account gedeblokkeerd",
    "gebruiker.wachtwoord_herstellen": "Tijdelijk wachtwoord gemaakt",
    "gebruiker.wachtwoord_wijzigen": "Wachtwoord gewijzigd",
    "gebruiker.herstellink": "Link voor nieuw wachtwoord verstuurd",
    "gebruiker.tweestaps_instellen": "Tweestapsverificatie ingesteld",
    "gebruiker.tweestaps_herstellen": "Tweestapsverificatie verwijderd door beheerder",
    "gebruiker.herstelcode_gebruikt": "Herstelcode gebruikt",
    "antwoord.bewaren": "Antwoord bewaard",
    "editie.bouwen": "Editie gebouwd",
    "respons.samenvoegen": "Dubbele vragenlijst samengevoegd",
    "taak.aanmaken": "Taak gestart",
    "taak.opnieuw": "Taak opnieuw gestart",
    "taak.verweesd": "Taak mislukt: het proces dat haar uitvoerde is gestopt",
}
VELDEN = {"od_code": "omgevingsdienst", "email": "e-mailadres", "actief": "actief",
          "adres": "adres", "wijze": "wijze", "vraag": "vraag", "waarde": "waarde"}
ALTIJD_TONEN = {"vraag"}  # names what changed, even when it is the same before and after


@dataclass(frozen=True)
class Verschil:
    veld: str
    voor: str
    na: str


def actie_in_woorden(actie: str) -> str:
    return ACTIES.get(actie, actie.replace(".", ": ").replace("_", " ").capitalize())


def waarde_in_woorden(waarde, veld: str = "") -> str:
    if waarde is None or waarde == "":
        return "(leeg)"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, dict):
        return ", ".join(f"{k.replace('_', ' ')} {waarde_in_woorden(v)}" for k, v in waarde.items())
    if isinstance(waarde, list):
        return ", ".join(waarde_in_woorden(v) for v in waarde)
    if veld == "rol":
        return ROLLEN.get(str(waarde), str(waarde))
    return str(waarde)


def _laad(tekst: str | None) -> dict:
    if not tekst:
        return {}
    data = json.loads(tekst)
    return data if isinstance(data, dict) else {"waarde": data}


def verschillen(voor: str | None, na: str | None) -> list[Verschil]:
    """Only the fields whose value differs, in words (plus the question it is about); a line
    with only `na` lists its values."""
    oud, nieuw = _laad(voor), _laad(na)
    velden = sorted(set(oud) | set(nieuw))
    return [Verschil(VELDEN.get(v, v.replace("_", " ")), waarde_in_woorden(oud.get(v), v),
                     waarde_in_woorden(nieuw.get(v), v))
            for v in velden
            if oud.get(v) != nieuw.get(v) or (not oud and v in nieuw) or v in ALTIJD_TONEN]


def samenvatting(voor: str | None, na: str | None) -> str:
    """The change on one line, as in the CSV: "veld: voor → na; ..." (only "veld: na" for a
    new object or an unchanged field)."""
    return "; ".join(f"{v.veld}: {v.voor} → {v.na}" if voor and v.voor != v.na
                     else f"{v.veld}: {v.na}" for v in verschillen(voor, na))


def als_csv(kop: list[str], rijen: list[list[str]]) -> bytes:
    """Semicolons and UTF-8 with a byte order mark (what Excel set to Dutch opens directly),
    formulas neutralised: the app's one table writer."""
    return tabelexport.als_csv(kop, [[str(c) for c in rij] for rij in rijen])
