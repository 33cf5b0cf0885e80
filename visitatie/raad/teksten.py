"""The fixed texts of a council summary, written for taalniveau B1. `{raad}` becomes "de raad"
or "Provinciale Staten" (and the verb after it agrees: `{controleert}`), `{deelnemer}` "uw
gemeente" or "uw provincie"; the words about the service agree with how many there are
(`{deze_dienst}`: "deze dienst" or "deze diensten"). The tests check every text in every form
with the readability check."""

from __future__ import annotations

INTRO = ("Deze samenvatting is voor {raad}. Zij gaat over {de_od} van {deelnemer}. "
         "{die_dienst_doet} werk voor het milieu. Denk aan vergunningen en controle bij bedrijven. "
         "Het college blijft de baas over dat werk. {raad_hoofd} {controleert} het college. "
         "Aan het eind staan vragen die u het college kunt stellen.")

GEEN_VISITATIE = ("Bij een visitatie kijken collega's van andere diensten hoe een dienst werkt. "
                  "Over de visitatie van {deze_dienst} zijn nog geen gegevens in deze app. "
                  "Het verslag staat meestal op de website van {de_dienst}.")

VISITATIE_UITLEG = ("Bij een visitatie kijken collega's van andere diensten hoe een dienst werkt. "
                    "Zij schrijven op wat goed gaat en wat beter kan. Ze kijken naar zes thema's. "
                    "Elk thema krijgt een cijfer van 1 tot 4. Vanaf een 3 is het op orde.")

# The themes of the visitation framework in plain words (taxonomy code -> name in a sentence).
THEMA_NAMEN = {"toekomstvisie": "de visie op de toekomst",
               "samenspel": "de samenwerking met het bestuur",
               "ketensamenwerking": "de samenwerking met partners",
               "taakuitvoering": "het uitvoeren van de taken",
               "professionaliteit": "de kennis en kunde",
               "bedrijfsvoering": "de eigen organisatie"}

ROBUUST_UITLEG = ("Een sterke dienst heeft genoeg mensen, geld en kennis. Zo kan zij ook grote of "
                  "lastige taken aan. Het Rijk heeft zes eisen voor zo'n sterke dienst. "
                  "Daarnaast zijn er eisen voor de kwaliteit van het werk.")

CYCLUS_UITLEG = ("Het college maakt elk jaar een plan voor het werk. Na het jaar volgt een verslag. "
                 "Elke vier jaar komt er een nieuwe strategie. Het college stuurt deze stukken naar "
                 "{raad}.")

GEEN_ILT = ("De inspectie (ILT) deed onderzoek naar het hele stelsel. Daarin staan geen adviezen "
            "voor {deelnemer} of {uw_dienst}.")

CIJFERS_UITLEG = ("De cijfers laten zien hoe groot de dienst is en hoeveel werk zij deed. We zetten "
                  "ze naast het midden van de diensten in uw provincie en in heel Nederland. "
                  "Dat is geen ranglijst. Diensten zijn niet even groot en doen niet hetzelfde werk.")

GEEN_CIJFERS = "Voor dit jaar zijn er nog geen vaste cijfers van {deze_dienst}."

VRAGEN_UITLEG = ("Deze vragen volgen uit wat we vonden. U kunt ze aan het college stellen. "
                 "Bijvoorbeeld in een vergadering of met schriftelijke vragen.")

FICTIEF = ("Let op: dit is een demo. De cijfers, oordelen en stukken zijn verzonnen. "
           "De namen van de diensten en gemeenten zijn echt.")

GEEN_OD = "Wij weten niet met welke omgevingsdienst {deelnemer} op die datum werkte."

BEGRIPPEN: tuple[tuple[str, str], ...] = (
    ("Omgevingsdienst (OD)", "Een dienst van gemeenten en provincie samen. Zij doet het werk voor "
                             "vergunningen, toezicht en handhaving."),
    ("Toezicht en handhaving", "Controle of bedrijven zich aan de regels houden. En optreden als "
                               "dat niet zo is."),
    ("Robuust", "Sterk genoeg. De dienst heeft genoeg mensen, geld en kennis voor haar taken."),
    ("Kwaliteitseisen", "Afspraken over wat een goede dienst moet kunnen. Zoals genoeg vakmensen "
                        "met de juiste kennis."),
    ("Strategie", "Het plan voor vier jaar. Het zegt waar de dienst op let en hoe zij optreedt."),
    ("Uitvoeringsprogramma", "Het plan voor het werk van één jaar."),
    ("Jaarverslag", "Het verslag over het werk van één jaar. Wat is er gedaan, en wat niet?"),
    ("Visitatie", "Een bezoek van collega's van andere diensten. Zij kijken hoe de dienst werkt."),
    ("Inspectie (ILT)", "De inspectie van het Rijk. Zij onderzoekt hoe het hele stelsel werkt."),
    ("Midden (mediaan)", "Het middelste getal als je alle getallen op volgorde zet. De helft zit "
                         "erboven, de helft eronder."),
)


ENKELVOUD = {"de_od": "de omgevingsdienst", "die_dienst_doet": "Die dienst doet",
             "deze_dienst": "deze dienst", "de_dienst": "de dienst", "uw_dienst": "uw dienst"}
MEERVOUD = {"de_od": "de omgevingsdiensten", "die_dienst_doet": "Die diensten doen",
            "deze_dienst": "deze diensten", "de_dienst": "elke dienst", "uw_dienst": "uw diensten"}


def invullen(tekst: str, soort: str, meer_diensten: bool = False) -> str:
    """Fill the placeholders for a municipality ("gemeente") or a province ("provincie"), and
    for one or more services."""
    dienst = MEERVOUD if meer_diensten else ENKELVOUD
    if soort == "gemeente":
        return tekst.format(raad="de raad", raad_hoofd="De raad", controleert="controleert",
                            deelnemer="uw gemeente", **dienst)
    return tekst.format(raad="Provinciale Staten", raad_hoofd="Provinciale Staten",
                        controleert="controleren", deelnemer="uw provincie", **dienst)


VASTE_TEKSTEN = {"intro": INTRO, "geen_visitatie": GEEN_VISITATIE, "visitatie_uitleg": VISITATIE_UITLEG,
                 "robuust_uitleg": ROBUUST_UITLEG, "cyclus_uitleg": CYCLUS_UITLEG, "geen_ilt": GEEN_ILT,
                 "cijfers_uitleg": CIJFERS_UITLEG, "geen_cijfers": GEEN_CIJFERS,
                 "vragen_uitleg": VRAGEN_UITLEG, "fictief": FICTIEF, "geen_od": GEEN_OD}


def alle_vaste_teksten() -> list[tuple[str, str]]:
    """Every fixed text in both forms, plus the glossary: what the tests check."""
    uit = [(f"{sleutel}/{soort}/{'meer' if meer else 'een'}", invullen(tekst, soort, meer))
           for sleutel, tekst in VASTE_TEKSTEN.items() for soort in ("gemeente", "provincie")
           for meer in (False, True)]
    return uit + [(f"begrip/{term}", uitleg) for term, uitleg in BEGRIPPEN]
