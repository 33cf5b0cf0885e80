"""Demo step: the three real ILT studies of the IBP VTH, their conclusions summarised in our own
words (source: the ILT news items on ilent.nl of the publication dates), published; plus
fictitious follow-up by a few ODs, marked as such.

The ILT does not grade its findings, so the demo leaves the severity empty rather than invent one.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from visitatie.ilt import operations as ops
from visitatie.ilt.bestand import BevindingRegel
from visitatie.ilt.models import IltBevinding, IltStudie

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

# Fictitious follow-up: (study index, finding number, OD code, status, account).
OPVOLGING = [
    (0, 1, "odmh", "in_behandeling", "Afspraken gemaakt met de buurdiensten over een gezamenlijke "
     "controleweek (fictief)."),
    (0, 3, "odmh", "afgerond", "Deelname aan het regionale overleg over ketentoezicht (fictief)."),
    (0, 1, "dcmr", "afgerond", "Gezamenlijk toezichtsprogramma met buurdiensten vastgesteld (fictief)."),
    (1, 4, "omwb", "in_behandeling", "Voorstel voor een uniform mandaat ligt bij de deelnemers "
     "(fictief)."),
    (1, 5, "ozhz", "niet_overgenomen", "Gegevens worden al gedeeld via de landelijke voorziening "
     "(fictief)."),
]


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
    for index, nummer, od, status, tekst in OPVOLGING:
        bevinding = db.exec(select(IltBevinding).where(IltBevinding.studie_id == studies[index].id,
                                                       IltBevinding.nummer == nummer)).one()
        if ops.opvolging_van(db, bevinding, "od", od) is None:
            ops.bewaar_opvolging(db, bevinding=bevinding, partij_soort="od", partij_code=od,
                                 status=status, toelichting=tekst, versie=None,
                                 door="demo (fictief)", fictief=True)
    return f"ILT-studies: {nieuw} nieuw (gepubliceerd), fictieve opvolging door {len(OPVOLGING)} OD's"


def _laad_studie(db: Session, gegevens: dict, bevindingen: list) -> IltStudie:
    studie = ops.maak_studie(db, **gegevens)
    bron = f"nieuwsbericht ilent.nl {gegevens['publicatiedatum']:%d-%m-%Y}"
    regels = [_r(n, t, th, tekst, *act, bron=bron)
              for n, (t, th, tekst, act) in enumerate(bevindingen, start=1)]
    ops.importeer_bevindingen(db, studie=studie, regels=regels)
    ops.publiceer_studie(db, studie=studie)
    return studie
