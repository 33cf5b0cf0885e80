"""Demo step: the three real ILT studies of the IBP VTH, their conclusions summarised in our own
words (source: the ILT news items on ilent.nl of the publication dates), published; plus
fictitious follow-up, marked as such: most ODs and provinces recorded most items, some
recorded nothing (so "niet vastgelegd" shows too), each on a day before the 2024 edition's
reference date and through the operation the follow-up page calls.

The ILT does not grade its findings, so the demo leaves the severity empty rather than invent one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlmodel import Session, select

from visitatie.audit.operations import namens
from visitatie.auth.models import Gebruiker
from visitatie.ilt import operations as ops
from visitatie.ilt.bestand import BevindingRegel
from visitatie.ilt.models import IltBevinding, IltOpvolging, IltStudie
from visitatie.register.models import Omgevingsdienst
from visitatie.taal import aantal
from visitatie.timeutil import is_verzet, vandaag, zet_vandaag

OD, GEM, PROV, ILT, MIN = "omgevingsdiensten", "gemeenten", "provincies", "ilt", "ministerie"


def _r(nummer: int, type_: str, thema: str, tekst: str, *actoren: str, bron: str) -> BevindingRegel:
    return BevindingRegel(nummer, type_, thema, None, tekst, tuple(actoren), bron=bron)


STUDIES = [
    {
        "studie": dict(
            soort="thematisch", titel="E-waste (AEEA) en het VTH-stelsel", thema="ketensamenwerking",
            onderwerp="inzameling en verwerking van afgedankte elektrische en elektronische apparatuur",
            onderzoeksvraag="Hoe goed werkt het VTH-stelsel in de keten van inzameling en verwerking "
                            "van e-waste?",
            publicatiedatum=date(2023, 4, 19),
            onderzochte_partijen="Omgevingsdiensten en andere partijen in de keten van e-waste "
                                 "(zie het rapport voor de precieze lijst).",
            bron="ILT, nieuwsbericht op ilent.nl van 19 april 2023; omgevingsweb.nl"),
        "bevindingen": [
            ("verbeterpunt", "ketensamenwerking", "De omgevingsdiensten die verantwoordelijk zijn "
             "voor schakels in de e-wasteketen kunnen beter met elkaar samenwerken.", (OD,)),
            ("conclusie", "professionaliteit", "De kennis over e-waste verschilt sterk per "
             "betrokken partij.", (OD, GEM, PROV)),
            ("aanbeveling", "informatie", "Toezichthouders in de keten moeten meer informatie "
             "met elkaar uitwisselen.", (OD, ILT)),
            ("conclusie", "informatie", "Er is weinig zicht op hoeveel e-waste weglekt naar "
             "illegale verwerkers.", (ILT, MIN)),
            ("verbeterpunt", "informatie", "Gegevens over de sector en de registraties zijn te "
             "gebrekkig om de keten als geheel te volgen.", (MIN, ILT)),
        ],
    },
    {
        "studie": dict(
            soort="thematisch", titel="Asbestsanering en het VTH-stelsel", thema="taakuitvoering",
            onderwerp="bescherming van de leefomgeving bij het verwijderen van asbest",
            onderzoeksvraag="Beschermt het VTH-stelsel de leefomgeving voldoende bij asbestsanering?",
            publicatiedatum=date(2024, 1, 10),
            onderzochte_partijen="Omgevingsdiensten, gemeenten en partijen in de asbestketen "
                                 "(zie het rapport).",
            bron="ILT, nieuwsbericht op ilent.nl van 10 januari 2024; omgevingsweb.nl"),
        "bevindingen": [
            ("conclusie", "taakuitvoering", "De meeste saneringsbedrijven willen zich aan de regels "
             "houden, maar maken daarbij fouten.", (OD, GEM)),
            ("conclusie", "taakuitvoering", "Er zijn geen aanwijzingen dat asbest op grote schaal "
             "buiten het zicht van het toezicht verdwijnt.", (ILT, MIN)),
            ("verbeterpunt", "financiering", "De manier waarop het toezicht op asbest wordt "
             "bekostigd, verdient verbetering.", (MIN, GEM)),
            ("verbeterpunt", "taakuitvoering", "Gemeenten mandateren de asbesttaken niet op "
             "dezelfde manier aan hun omgevingsdienst; dat maakt het toezicht ongelijk.",
             (GEM, PROV, OD)),
            ("verbeterpunt", "informatie", "Kennis en gegevens over asbestsaneringen worden te "
             "weinig gedeeld tussen de betrokken partijen.", (OD, ILT)),
        ],
    },
    {
        "studie": dict(
            soort="thematisch", titel="Geluid en het VTH-stelsel", thema="taakuitvoering",
            onderwerp="klachtafhandeling, belangenafweging en handhaving bij geluidsoverlast",
            onderzoeksvraag="Hoe gaan de partijen in het VTH-stelsel om met geluidsoverlast: van "
                            "klacht tot handhaving?",
            publicatiedatum=date(2024, 6, 28),
            onderzochte_partijen="Gemeenten en omgevingsdiensten (zie het rapport).",
            bron="ILT, nieuwsbericht op ilent.nl van 28 juni 2024; omgevingsweb.nl"),
        "bevindingen": [
            ("conclusie", "taakuitvoering", "Inwoners met een klacht over geluid vinden niet "
             "gemakkelijk het juiste loket.", (GEM, OD)),
            ("conclusie", "taakuitvoering", "Gemeenten zien geluid bij hun afwegingen soms over "
             "het hoofd.", (GEM,)),
            ("aanbeveling", "ketensamenwerking", "Gemeenten zouden bij geluid vaker advies van "
             "hun omgevingsdienst moeten vragen.", (GEM,)),
            ("conclusie", "taakuitvoering", "Overtredingen worden zelden vastgesteld, omdat "
             "gemiddelde geluidsniveaus de pieken verbergen.", (OD, MIN)),
        ],
    },
]

# --- fictitious follow-up ---------------------------------------------------------------------
#
# The follow-up items of the demo (visitatie/ilt/opvolging.py): the recommendations and
# improvement points addressed to every OD, and one also to every province. The geluid study
# asks nothing of them.
PUNTEN = ((0, 1), (0, 3), (1, 4), (1, 5))  # (study index, finding number)
LETTERS = {"A": "afgerond", "N": "niet_overgenomen", "B": "in_behandeling", "O": "open", "-": None}
# Per OD of the 2024 edition, the status it recorded for each item of PUNTEN ("-": nothing).
# Older e-waste items are mostly done or running, the recent asbestos ones more often open or
# not yet recorded; four ODs recorded nothing at all. The services merged on 1-1-2026 recorded
# as themselves, so their successors (ODU, OD Groene Metropool) have recorded nothing yet.
OD_OPVOLGING = {
    "odg": "ABO-", "fumo": "AABO", "rud-drenthe": "----", "odij": "ABB-", "odt": "BAO-",
    "odveluwe": "AAOB", "oda": "ANBO", "odv": "BABB", "odra": "AABO", "odrn": "BAOO",
    "odr": "AA--", "rud-utrecht": "AOBO", "odru": "ABAB", "ofgv": "BBOO", "odnhn": "AAB-",
    "odijmond": "----", "odnzkg": "AABA", "odh": "NABO", "odwh": "----", "odmh": "BAO-",
    "dcmr": "AABB", "ozhz": "ABON", "rud-zeeland": "BA--", "omwb": "ABB-", "odbn": "AAOO",
    "odzob": "ABBO", "rud-ln": "BBO-", "rud-zl": "----",
}
# The provinces on the asbestos mandate (PUNTEN[2]): the ILT records for them, as provinces
# have no accounts yet. Four recorded nothing.
PROVINCIE_OPVOLGING = {"PV20": "B", "PV21": "O", "PV22": "-", "PV23": "B", "PV24": "-", "PV25": "O",
                       "PV26": "A", "PV27": "B", "PV28": "B", "PV29": "-", "PV30": "O", "PV31": "-"}
# What a party wrote, per item and status (all fictitious).
TOELICHTING = {
    (0, 1): {"afgerond": "Gezamenlijk toezichtsprogramma met buurdiensten vastgesteld",
             "in_behandeling": "Afspraken gemaakt met de buurdiensten over een gezamenlijke "
                               "controleweek",
             "open": "Staat op de planning van het volgende uitvoeringsprogramma",
             "niet_overgenomen": "In ons werkgebied zijn geen verwerkers van e-waste; wij volgen "
                                 "de landelijke aanpak"},
    (0, 3): {"afgerond": "Deelname aan het regionale overleg over ketentoezicht",
             "in_behandeling": "Afspraken over het delen van controlegegevens met de ILT in "
                               "voorbereiding",
             "open": "Nog niet opgepakt; eerst de samenwerking met de buurdiensten",
             "niet_overgenomen": "Gegevens gaan al via het landelijke informatieknooppunt; een "
                                 "eigen regeling voegt niets toe"},
    (1, 4): {"afgerond": "Alle deelnemers hebben hetzelfde mandaat voor asbesttaken vastgesteld",
             "in_behandeling": "Voorstel voor een uniform mandaat ligt bij de deelnemers",
             "open": "Bespreking met de deelnemers gepland"},
    (1, 5): {"afgerond": "Saneringsgegevens worden elke maand gedeeld met de buurdiensten en de ILT",
             "in_behandeling": "Aansluiting op het gedeelde asbestdossier wordt ingericht",
             "open": "Nog niet opgepakt; eerst het mandaat op orde",
             "niet_overgenomen": "Gegevens worden al gedeeld via de landelijke voorziening"},
}
NAMENS_PROVINCIE = "Vastgelegd door de ILT namens de provincie: "
# Days after publication: the first record, then the step that closes an item. Every date lies
# before the 2024 edition's reference date (1 June 2024): its snapshot reads follow-up as it
# stands when built (staat_van_vth/load.py `ilt_opvolging`), so a later record would count in
# an edition that could not have known it.
EERSTE_DAG = {0: (50, 4), 1: (25, 2)}  # study index -> (days, extra days per party)
AFSLUITEN_NA = {0: (110, 3), 1: (20, 0)}


def stap_ilt(db: Session) -> str:
    """Load the three studies (once) and the fictitious follow-up."""
    nieuw = 0
    studies = []
    for definitie in STUDIES:
        gegevens = definitie["studie"]
        studie = db.exec(select(IltStudie).where(IltStudie.titel == gegevens["titel"])).first()
        if studie is None:
            studie = _laad_studie(db, gegevens, definitie["bevindingen"])
            nieuw += 1
        studies.append(studie)
    vastgelegd = _leg_opvolging_vast(db, studies)
    return (f"ILT-studies: {nieuw} nieuw (gepubliceerd), fictieve opvolging van "
            f"{aantal(vastgelegd, 'opvolgpunt', 'opvolgpunten')}")


def opvolging_plan() -> list[tuple[int, int, str, str, str]]:
    """Every fictitious record: (study index, number, party kind, party code, status), by party
    in the order of the tables above."""
    plan = [(s, n, "od", code, LETTERS[letters[i]])
            for code, letters in OD_OPVOLGING.items() for i, (s, n) in enumerate(PUNTEN)]
    plan += [(*PUNTEN[2], "provincie", code, LETTERS[letter])
             for code, letter in PROVINCIE_OPVOLGING.items()]
    return [regel for regel in plan if regel[-1] is not None]


def _leg_opvolging_vast(db: Session, studies: list[IltStudie]) -> int:
    """Record each item of the plan that has no record yet, the i-th party on its own days."""
    bevindingen = {(i, b.nummer): b for i, s in enumerate(studies) for b in ops.bevindingen_van(db, s)}
    al = {(o.bevinding_id, o.partij_soort, o.partij_code) for o in db.exec(select(IltOpvolging)).all()}
    volgnummer: dict[str, int] = {}
    wie: dict[str, tuple[int | None, str]] = {}
    for index, nummer, soort, code, status in opvolging_plan():
        bevinding = bevindingen[(index, nummer)]
        if (bevinding.id, soort, code) not in al:
            dagen = _dagen(studies[index], index, nummer, volgnummer.setdefault(code, len(volgnummer)))
            dagen = _vanaf(dagen, _begin(db, soort, code))
            _volg_op(db, bevinding, (soort, code), status, dagen, TOELICHTING[(index, nummer)],
                     wie.setdefault(code, _wie(db, soort, code)))
    return len(opvolging_plan())


def _volg_op(db: Session, bevinding: IltBevinding, partij: tuple[str, str], status: str,
             dagen: tuple[date, date], teksten: dict[str, str], door: tuple[int | None, str]) -> None:
    """Record one item the way a party does (`bewaar_opvolging`, with its audit line), each step
    on its day: an item the party closed was first 'in behandeling'."""
    stappen = [status] if status in ("open", "in_behandeling") else ["in_behandeling", status]
    opvolging = None
    for stap, dag in zip(stappen, dagen, strict=False):
        tekst = teksten[stap]
        if partij[0] == "provincie":
            tekst = NAMENS_PROVINCIE + tekst[0].lower() + tekst[1:]
        with _op(dag), namens(*door):
            opvolging = ops.bewaar_opvolging(
                db, bevinding=bevinding, partij_soort=partij[0], partij_code=partij[1], status=stap,
                toelichting=f"{tekst} (fictief).", versie=opvolging.versie if opvolging else None,
                door=door[1], fictief=True)


def _dagen(studie: IltStudie, index: int, nummer: int, i: int) -> tuple[date, date]:
    """The day of the first record and of the closing one, for the i-th party."""
    (basis, stap), (na, extra) = EERSTE_DAG[index], AFSLUITEN_NA[index]
    eerste = studie.publicatiedatum + timedelta(days=basis + nummer + stap * i)
    return eerste, eerste + timedelta(days=na + extra * i)


def _begin(db: Session, soort: str, code: str) -> date | None:
    """The day an OD started (ODVeluwe: 1 January 2024); provinces always existed."""
    return db.get(Omgevingsdienst, code).geldig_van if soort == "od" else None


def _vanaf(dagen: tuple[date, date], begin: date | None) -> tuple[date, date]:
    """The days moved to no earlier than the party's start: a party records follow-up only on a
    day the recommendation is its item (operations.partijen_op), so not before it existed."""
    eerste = max(dagen[0], begin or dagen[0])
    return eerste, max(dagen[1], eerste + timedelta(days=1))


@contextmanager
def _op(dag: date) -> Iterator[None]:
    """The app's clock on `dag` for a moment (so a record and its audit line carry that day),
    then back on the day it stood on (or the real one)."""
    vorige = vandaag() if is_verzet() else None
    zet_vandaag(dag)
    try:
        yield
    finally:
        zet_vandaag(vorige)


def _wie(db: Session, soort: str, code: str) -> tuple[int | None, str]:
    """Who records: the OD's own demo account where it has one (ODMH), else a fictitious staff
    member of the OD; for a province the ILT's demo account (provinces have no accounts yet)."""
    query = (select(Gebruiker).where(Gebruiker.rol == "od_medewerker", Gebruiker.od_code == code)
             if soort == "od" else select(Gebruiker).where(Gebruiker.rol == "ilt_inspecteur"))
    account = db.exec(query.where(Gebruiker.is_demo)).first()
    if account is not None:
        return account.id, account.email
    if soort == "provincie":
        return None, "ILT (fictief)"
    return None, f"medewerker {db.get(Omgevingsdienst, code).afkorting} (fictief)"


def _laad_studie(db: Session, gegevens: dict, bevindingen: list) -> IltStudie:
    studie = ops.maak_studie(db, **gegevens)
    bron = f"nieuwsbericht ilent.nl {gegevens['publicatiedatum']:%d-%m-%Y}"
    regels = [_r(n, t, th, tekst, *act, bron=bron)
              for n, (t, th, tekst, act) in enumerate(bevindingen, start=1)]
    ops.importeer_bevindingen(db, studie=studie, regels=regels)
    ops.publiceer_studie(db, studie=studie)
    return studie
