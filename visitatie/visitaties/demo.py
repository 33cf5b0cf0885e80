"""Demo visitations of the first cycle: real ODs and the public dates from domain.md (OMWB
10-11 Oct 2023, OZHZ 31 Oct-1 Nov 2023, ODMH report published 28 Dec 2023, ODRU March 2024);
other dates, all answers and all report texts are fictitious and say so. One visitation in
each state, so every page has something to show. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flask import current_app, has_app_context
from sqlmodel import Session, select

from visitatie.auth.models import Gebruiker
from visitatie.errors import DomeinFout
from visitatie.planning.models import VisitatieRonde
from visitatie.visitaties import bewijs
from visitatie.visitaties import operations as ops
from visitatie.visitaties.models import VOLGORDE, Visitatie, status_na
from visitatie.vragenlijsten.formulier import zichtbare_vragen

RONDE = ("2022-2024", date(2022, 10, 1), date(2024, 12, 31))  # the planning demo's first cycle
# (od, visit from, visit to, target status, publication date); the order fixes the ids.
VISITATIES = [
    (
        "odmh",
        date(2023, 10, 3),
        date(2023, 10, 4),
        "verbeterplan",
        date(2023, 12, 28),
    ),  # visit dates fictief
    ("omwb", date(2023, 10, 10), date(2023, 10, 11), "gepubliceerd", date(2023, 11, 29)),
    ("ozhz", date(2023, 10, 31), date(2023, 11, 1), "definitief", None),
    ("odru", date(2024, 3, 12), date(2024, 3, 13), "wederhoor", None),  # March 2024; days fictief
    ("dcmr", date(2024, 5, 14), date(2024, 5, 15), "conceptrapport", None),
    ("odh", date(2024, 6, 11), date(2024, 6, 12), "bezoek_afgerond", None),
    ("odwh", date(2024, 9, 17), date(2024, 9, 18), "zelfevaluatie_ingediend", None),
    ("odzob", date(2024, 11, 5), date(2024, 11, 6), "voorbereiding", None),
    ("odbn", date(2024, 12, 3), date(2024, 12, 4), "gepland", None),
    # Four more published reports (all days and dates fictief), so the report's calibration of
    # self-evaluation against committee has groups of at least five to show.
    ("rud-zeeland", date(2022, 11, 15), date(2022, 11, 16), "verbeterplan", date(2023, 2, 21)),
    ("odnzkg", date(2022, 12, 6), date(2022, 12, 7), "verbeterplan", date(2023, 3, 14)),
    ("odt", date(2023, 1, 24), date(2023, 1, 25), "verbeterplan", date(2023, 4, 18)),
    ("fumo", date(2023, 3, 7), date(2023, 3, 8), "verbeterplan", date(2023, 6, 6)),
]
# Those four also show progress on their improvement plan: some actions done, some overdue.
MET_VOORTGANG = {"rud-zeeland", "odnzkg", "odt", "fumo"}
VOORTGANG = ["gereed", "lopend", "open", "gereed", "vervallen", "lopend"]
SCHAAL = [2, 3, 3, 2, 4, 3]


def demo_ronde(db: Session) -> VisitatieRonde:
    """The first cycle, looked up by name (the planning demo may have made it)."""
    naam, start, deadline = RONDE
    ronde = db.exec(select(VisitatieRonde).where(VisitatieRonde.naam == naam)).first()
    if ronde is None:
        ronde = VisitatieRonde(naam=naam, start=start, deadline=deadline)
        db.add(ronde)
        db.flush()
    return ronde


def _waarde(vraag, i: int, verschuiving: int = 0):
    """A fictitious answer of the right type; `verschuiving` varies the levels of scale questions,
    so a committee does not simply echo the self-evaluation."""
    if vraag.type == "schaal":
        return SCHAAL[(i + verschuiving) % len(SCHAAL)]
    if vraag.type == "getal":
        return int(min(vraag.max or 250, 250))
    if vraag.type == "meervoudige_keuze":
        return [vraag.opties[0][0], vraag.opties[1][0]]
    if vraag.type in ("enkele_keuze",):
        return vraag.opties[0][0]
    if vraag.type == "ja_nee":
        return "ja"
    if vraag.type == "korte_tekst":
        return "J. de Vries (fictief)"
    if vraag.type == "lange_tekst":
        return (
            f"(fictief) Voorbeeldtekst bij '{vraag.label}'. De omgevingsdienst werkt hier aan; "
            "deze tekst is verzonnen voor de demo."
        )
    if vraag.type == "bevindingen":
        return [
            {
                "type": t,
                "thema": vraag.thema or "bedrijfsvoering",
                "tekst": f"(fictief) {t.replace('_', ' ').capitalize()} over {vraag.thema or 'de OD'}.",
            }
            for t in vraag.typen
        ]
    return None


DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"% Rapport kwaliteitstoets (fictief)\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _bewijs() -> dict | None:
    """A small fictitious PDF as evidence (only when an app gives the storage folder)."""
    if not has_app_context():
        return None
    return bewijs.bewaar(
        Path(current_app.config["STORAGE_DIR"]) / "bewijs",
        naam="kwaliteitstoets-fictief.pdf",
        inhoud=DEMO_PDF,
    )


def _vul_in(db: Session, visitatie: Visitatie, soort: str, gebruiker_id: int | None = None) -> None:
    respons = ops.respons_voor(db, visitatie=visitatie, soort=soort, gebruiker_id=gebruiker_id)
    lijst = ops.lijst_van(respons)
    verschuiving = visitatie.id if soort == "commissieoordeel" else 0
    for _ronde in range(2):  # twice: answers can reveal questions behind show_if
        antwoorden = ops.antwoorden_van(db, respons)
        for i, vraag in enumerate(zichtbare_vragen(lijst, antwoorden)):
            waarde = (
                _bewijs()
                if vraag.type == "bestand" and vraag.code not in antwoorden
                else _waarde(vraag, i, verschuiving)
            )
            if waarde is not None and vraag.code not in antwoorden:
                ops.bewaar_antwoord(db, respons=respons, vraag=vraag, waarde=waarde, versie=0)
    fouten = ops.dien_in(db, respons=respons, visitatie=visitatie)
    if fouten:
        raise DomeinFout(f"Demo-antwoorden onvolledig: {fouten}")


def breng_naar(db: Session, v: Visitatie, doel: str) -> None:
    """Walk the lifecycle up to `doel`, doing what each step needs."""
    while v.status != doel:
        volgende = VOLGORDE[VOLGORDE.index(v.status) + 1]
        if volgende == "zelfevaluatie_ingediend":
            _vul_in(db, v, "zelfevaluatie")
        elif volgende == "conceptrapport":
            _vul_in(db, v, "commissieoordeel")
            ops.maak_conceptrapport(db, visitatie=v)
        elif volgende == "definitief" and not ops.reacties_van(db, v):
            reactie = ops.plaats_reactie(
                db,
                visitatie=v,
                sectie="Ketensamenwerking",
                soort="ontbrekende_context",
                tekst="(fictief) De samenwerking met het OM is in 2023 verbeterd.",
                auteur_id=None,
            )
            ops.beantwoord_reactie(
                db,
                reactie=reactie,
                besluit="deels",
                antwoord="(fictief) De commissie heeft de tekst aangevuld; het oordeel blijft.",
            )
            ops.zet_status(db, visitatie=v, naar=volgende)
        else:
            ops.zet_status(db, visitatie=v, naar=volgende)


def _boek_voortgang(db: Session, v: Visitatie, gepubliceerd: date) -> None:
    """Fictitious progress on the plan: deadlines spread over three years after publication."""
    for j, actie in enumerate(ops.maak_verbeterplan(db, visitatie=v)):
        actie.status = VOORTGANG[(j + v.id) % len(VOORTGANG)]
        actie.deadline = gepubliceerd + timedelta(days=182 + 91 * j)
        actie.eigenaar = "Teamleider (fictief)"
        actie.voortgang = "(fictief) Stand van zaken voor de demo."
        db.add(actie)


def maak_demo_visitaties(db: Session) -> str:
    ronde = demo_ronde(db)
    secretaris = db.exec(select(Gebruiker).where(Gebruiker.email == "commissielid@example.nl")).first()
    nieuw = 0
    for od_code, van, tot, doel, gepubliceerd in VISITATIES:
        if db.exec(
            select(Visitatie).where(Visitatie.ronde_id == ronde.id, Visitatie.od_code == od_code)
        ).first():
            continue
        v = ops.maak_visitatie(db, ronde_id=ronde.id, od_code=od_code, bezoek_van=van, bezoek_tot=tot)
        if secretaris:
            ops.voeg_commissielid_toe(db, visitatie=v, gebruiker_id=secretaris.id, rol="secretaris")
        breng_naar(db, v, doel)
        if gepubliceerd and status_na(v.status, "gepubliceerd"):
            v.gepubliceerd_op = gepubliceerd
        if od_code in MET_VOORTGANG:
            _boek_voortgang(db, v, gepubliceerd)
        if v.wederhoor_gestart:
            v.wederhoor_gestart = tot + timedelta(
                weeks=5
            )  # fictief: draft sent five weeks after the visit
        db.add(v)
        nieuw += 1
    db.flush()
    return f"visitaties: {nieuw} nieuw in '{ronde.naam}' (elke status; zes rapporten gepubliceerd)"
