"""No internal codes or English reach a user (issue 16): every HTML page of the demo, as every
role and anonymous, is read as a person reads it (the visible text, not the markup) and searched
for what slipped through before: job kinds ("staat_bouw"), "Seed", "Mislukt: Mislukt",
"1 visitaties", "naar de od", command names ("vth reminders send"), status codes."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tests.conftest import TEST_WACHTWOORD, maak_account
from tests.test_access import betrek
from tests.test_bewijs_toegankelijkheid import html_paginas
from visitatie.auth.permissions import ROLLEN
from visitatie.taken.models import SOORT_NAMEN, STATUS_NAMEN, Taak
from visitatie.taken.runner import TAAKSOORTEN

pytestmark = pytest.mark.een_ronde  # tests/conftest.py: what it proves does not depend on the database

MEERVOUDEN = ("visitaties", "taken", "herinneringen", "gemeenten", "omgevingsdiensten", "acties",
              "studies", "bevindingen", "aanbevelingen", "reacties", "conflicten", "deelnemers",
              "personen", "accounts", "fouten", "regels", "blokken", "adviezen", "diensten")
VERBODEN = {
    "interne code (woord_met_liggend_streepje)": re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@.-])"),
    "Engels": re.compile(r"\b(Seed|seed|Failed|Pending|Running|None|True|False|OPTIMAL|FEASIBLE|"
                         r"INFEASIBLE|UNKNOWN)\b"),
    "dubbele status": re.compile(r"\b(\w+): \1\b"),
    "enkelvoud met meervoud": re.compile(r"(?<![\d.,])\b1 (" + "|".join(MEERVOUDEN) + r")\b"),
    "afkorting in kleine letters": re.compile(r"\bde (od|ilt|vth)\b"),
    "commandonaam": re.compile(r"\bvth [a-z]+( [a-z-]+)?\b"),
}


@pytest.fixture
def database_url(demo_database_url):
    return demo_database_url


# The audit log shows each stored record as it was written (before and after, as JSON): that is
# its purpose, for the administrators who read it.
RUWE_GEGEVENS = {"/audit"}


def zichtbare_tekst(pagina: str) -> str:
    """The text a reader sees: without scripts, styles, tags and attribute values, and without
    <code>, which marks what a person must type as it is (the columns of an import file)."""
    pagina = re.sub(r"<(script|style|code)\b.*?</\1>", " ", pagina, flags=re.S | re.I)
    pagina = re.sub(r"<[^>]+>", " ", pagina)
    return re.sub(r"\s+", " ", htmllib.unescape(pagina))


def vondsten(tekst: str) -> list[str]:
    uit = []
    for naam, patroon in VERBODEN.items():
        for m in patroon.finditer(tekst):
            uit.append(f"{naam}: …{tekst[max(m.start() - 40, 0):m.end() + 20]}…")
    return uit


def test_the_checks_find_what_slipped_through_before():
    for voorbeeld in ("Taak 3: staat_bouw", "Seed (zelfde seed, zelfde plan)", "Mislukt: Mislukt",
                      "1 visitaties van uw omgevingsdienst", "Te laat: conceptrapport naar de od",
                      "gemaakt met vth reminders send."):
        assert vondsten(voorbeeld), voorbeeld
    for goed in ("1 visitatie", "3 visitaties", "coordinator@example.nl", "Conceptrapport naar de OD",
                 "12 september 2023", "rapport-2024.pdf", "Mislukt: de planning is onhaalbaar."):
        assert vondsten(goed) == [], goed


@pytest.mark.parametrize("rol", [None, *ROLLEN])
def test_no_page_shows_codes_or_english(app, client, rol):
    email = None
    if rol is not None:
        email = maak_account(app, rol)
        betrek(app, email)
        assert client.post("/inloggen", data={"email": email,
                                              "wachtwoord": TEST_WACHTWOORD}).status_code == 302
    bevindingen = []
    for pad in html_paginas(app, client, rol, email):
        if pad.split("?")[0] in RUWE_GEGEVENS:
            continue
        tekst = zichtbare_tekst(client.get(pad).get_data(as_text=True))
        tekst = tekst.replace(email or "\0", "")  # the signed-in account's own address
        bevindingen += [f"{pad}: {v}" for v in vondsten(tekst)]
    assert bevindingen == [], "\n".join(sorted(set(bevindingen)))


def test_every_job_kind_has_a_dutch_name():
    eigen = {soort for soort, functie in TAAKSOORTEN.items() if functie.__module__.startswith("visitatie.")}
    assert eigen <= set(SOORT_NAMEN)  # the app's own kinds (tests register some of their own)
    assert all("_" not in naam for naam in SOORT_NAMEN.values())


def test_a_failed_job_says_so_once_and_without_a_stale_message():
    taak = Taak(soort="planning", parameters={})
    taak.start()
    taak.mislukt("Onverwachte fout")
    taak.opnieuw()
    taak.start()
    taak.mislukt("Onverwachte fout")
    assert taak.bericht == "" and taak.status_naam == STATUS_NAMEN["mislukt"]
