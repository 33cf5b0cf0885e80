"""Demo visitations: the ones the accepted plans made (visitatie.planning.demo), moved through
the workflow as far as the demo's day (`vandaag()`) allows. A visit whose days have passed was
held, so its visitation is at least "Bezoek afgerond"; a visit still ahead is at most
"Zelfevaluatie ingediend". Real: the ODs, the public dates of the planning demo (OMWB 10-11 Oct
2023, OZHZ 31 Oct-1 Nov 2023, ODRU March 2024) and ODMH's report published 28 Dec 2023; other
dates, all answers and all report texts are fictitious and say so. The scenarios below put one
visitation in each state, so every page has something to show. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from flask import has_app_context
from sqlmodel import Session, select

from visitatie import opslag
from visitatie.auth.models import Gebruiker
from visitatie.errors import DomeinFout
from visitatie.planning.models import Visiteur
from visitatie.planning.naar_visitaties import koppel_account
from visitatie.rondes.models import VisitatieRonde
from visitatie.timeutil import vandaag
from visitatie.visitaties import bewijs
from visitatie.visitaties import operations as ops
from visitatie.visitaties.models import GEHOUDEN_VANAF, VOLGORDE, CommissieLid, Visitatie, status_na
from visitatie.vragenlijsten.formulier import zichtbare_vragen

EERSTE, TWEEDE = "2022-2024", "2025-2026"  # the planning demo's cycles
# (cycle, od) -> (target status, publication date). Every other visitation stands where its
# days put it: held when they passed, else planned (in preparation within six weeks).
SCENARIO: dict[tuple[str, str], tuple[str, date | None]] = {
    (EERSTE, "odmh"): ("verbeterplan", date(2023, 12, 28)),
    (EERSTE, "omwb"): ("gepubliceerd", date(2023, 11, 29)),
    (EERSTE, "ozhz"): ("definitief", None),
    (EERSTE, "odru"): ("wederhoor", None),
    (EERSTE, "dcmr"): ("conceptrapport", None),
    (EERSTE, "odh"): ("bezoek_afgerond", None),
    # Four more published reports, so the report's calibration of self-evaluation against
    # committee has groups of at least five to show.
    (EERSTE, "rud-zeeland"): ("verbeterplan", date(2023, 2, 21)),
    (EERSTE, "odnzkg"): ("verbeterplan", date(2023, 3, 14)),
    (EERSTE, "odt"): ("verbeterplan", date(2023, 4, 18)),
    (EERSTE, "fumo"): ("verbeterplan", date(2023, 6, 6)),
    # The running cycle: visits in the coming weeks (see planning.demo.LATER).
    (TWEEDE, "odwh"): ("zelfevaluatie_ingediend", None),
    (TWEEDE, "odzob"): ("voorbereiding", None),
    (TWEEDE, "odbn"): ("gepland", None),
}
VOORBEREIDING_WEKEN = 6
DEMO_COMMISSIELID = "commissielid@example.nl"  # linked to the pool person secretary on ODWH 2025-2026
# Those four also show progress on their improvement plan: some actions done, some overdue.
MET_VOORTGANG = {"rud-zeeland", "odnzkg", "odt", "fumo"}
VOORTGANG = ["gereed", "lopend", "open", "gereed", "vervallen", "lopend"]
SCHAAL = [2, 3, 3, 2, 4, 3]


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
        opslag.van_app().map("bewijs"),
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


def doel_op_de_dag(v: Visitatie, scenario: str | None, dag: date) -> str:
    """The status a visitation has on `dag`: the scenario's, kept within what its days allow."""
    gehouden = v.bezoek_tot is not None and v.bezoek_tot < dag
    if gehouden:
        doel = scenario or GEHOUDEN_VANAF
        return doel if status_na(doel, GEHOUDEN_VANAF) else GEHOUDEN_VANAF
    binnenkort = v.bezoek_van is not None and v.bezoek_van <= dag + timedelta(weeks=VOORBEREIDING_WEKEN)
    standaard = "voorbereiding" if binnenkort else "gepland"
    doel = scenario or standaard
    return doel if not status_na(doel, GEHOUDEN_VANAF) else "zelfevaluatie_ingediend"


def scenario_visitaties(db: Session) -> dict[str, int]:
    """OD code -> id of its scenario visitation (the one tests and the tour refer to)."""
    rondes = {r.naam: r.id for r in db.exec(select(VisitatieRonde))}
    uit = {}
    for (ronde, od_code) in SCENARIO:
        vid = db.exec(select(Visitatie.id).where(Visitatie.ronde_id == rondes.get(ronde),
                                                 Visitatie.od_code == od_code)).first()
        if vid is not None:
            uit[od_code] = vid
    return uit


def _koppel_demo_account(db: Session) -> None:
    """The demo committee member is the pool secretary of ODWH's coming visit (account linked)."""
    account = db.exec(select(Gebruiker).where(Gebruiker.email == DEMO_COMMISSIELID)).first()
    vid = scenario_visitaties(db).get("odwh")
    if account is None or vid is None or db.exec(select(Visiteur).where(
            Visiteur.gebruiker_id == account.id)).first():
        return
    secretaris = db.exec(select(CommissieLid.visiteur_id).where(
        CommissieLid.visitatie_id == vid, CommissieLid.rol == "secretaris",
        CommissieLid.visiteur_id.is_not(None))).first()
    if secretaris is not None:
        koppel_account(db, visiteur_id=secretaris, gebruiker_id=account.id)


def maak_demo_visitaties(db: Session) -> str:
    """Move the visitations the plans made through the workflow, up to the demo's day."""
    dag = vandaag()
    _koppel_demo_account(db)
    rondes = {r.id: r.naam for r in db.exec(select(VisitatieRonde))}
    bewogen = 0
    query = select(Visitatie).order_by(Visitatie.ronde_id, Visitatie.bezoek_van, Visitatie.id)
    for v in db.exec(query).all():
        scenario, gepubliceerd = SCENARIO.get((rondes[v.ronde_id], v.od_code), (None, None))
        doel = doel_op_de_dag(v, scenario, dag)
        if v.status != "gepland" or doel == "gepland":
            continue
        breng_naar(db, v, doel)
        if gepubliceerd and status_na(v.status, "gepubliceerd"):
            v.gepubliceerd_op = gepubliceerd
        if v.od_code in MET_VOORTGANG and gepubliceerd:
            _boek_voortgang(db, v, gepubliceerd)
        if v.wederhoor_gestart:
            v.wederhoor_gestart = v.bezoek_tot + timedelta(weeks=5)  # fictief: draft five weeks on
        db.add(v)
        bewogen += 1
    db.flush()
    return f"visitaties: {bewogen} door de workflow tot de demodag (uit de geaccepteerde plannen)"
