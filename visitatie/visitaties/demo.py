"""Demo visitations: the ones the accepted plans made (visitatie.planning.demo), moved through
the workflow by the same operations the pages call, each step on its own day: the app's clock is
set to the step's day while it is taken (`op_de_dag`), so audit lines, submission times, the start
of the right of reply and the publication date are those of the step. Each visitation follows the
usual pace after its visit (`stapdagen`) as far as the demo's day (`vandaag()`) allows: the first
cycle (2022-2024) is long over, so its reports are published and its improvement plans followed
up; the second (2025-2026) runs, with visits held, being prepared and planned.

Real: the ODs, the public dates of the planning demo (OMWB 10-11 Oct 2023, OZHZ 31 Oct-1 Nov
2023, ODRU March 2024), OMWB's report published 29 Nov 2023 and ODMH's 28 Dec 2023. Every other
date, all answers, report texts, owners and progress are fictitious and say so. The scenarios
below stop a few visitations at a step (one in each state, so every page has something to show)
and keep two realistically late. Idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from flask import has_app_context
from sqlmodel import Session, select

from visitatie import opslag
from visitatie.auth.models import Gebruiker
from visitatie.auth.operations import maak_gebruiker
from visitatie.errors import DomeinFout
from visitatie.planning.models import Visiteur
from visitatie.planning.naar_visitaties import koppel_account
from visitatie.rondes.models import VisitatieRonde
from visitatie.timeutil import vandaag, zet_vandaag
from visitatie.visitaties import bewijs
from visitatie.visitaties import operations as ops
from visitatie.visitaties.models import (
    GEHOUDEN_VANAF,
    VOLGORDE,
    CommissieLid,
    Verbeteractie,
    Visitatie,
    status_na,
)
from visitatie.vragenlijsten.formulier import zichtbare_vragen

EERSTE, TWEEDE = "2022-2024", "2025-2026"  # the planning demo's cycles


@dataclass(frozen=True)
class Scenario:
    """Where one visitation stops (`doel`: it goes no further, also when its days would allow),
    and optionally the day one step was taken (`anker`: (status, day)); the other steps keep
    the usual pace's proportions around it."""

    doel: str | None = None
    anker: tuple[str, date] | None = None
    te_laat: bool = False  # one of the demo's realistically late visitations


# (cycle, od) -> its scenario. Every other visitation follows the usual pace up to the demo's
# day. The OD codes are unique, so tests and the tour can name a scenario by its OD. The second
# cycle's follow its accepted plan (a scenario never keeps a held visit before "Bezoek
# afgerond", nor moves a coming one past "Zelfevaluatie ingediend").
SCENARIO: dict[tuple[str, str], Scenario] = {
    # First cycle: the published reports with known (real or fixed) dates. ODMH reported every
    # action done; the plan is closed after its coming visit has looked at it.
    (EERSTE, "odmh"): Scenario("verbeterplan", ("gepubliceerd", date(2023, 12, 28))),
    (EERSTE, "omwb"): Scenario(None, ("gepubliceerd", date(2023, 11, 29))),
    (EERSTE, "rud-zeeland"): Scenario(None, ("gepubliceerd", date(2023, 2, 21))),
    (EERSTE, "odnzkg"): Scenario(None, ("gepubliceerd", date(2023, 3, 14))),
    (EERSTE, "fumo"): Scenario(None, ("gepubliceerd", date(2023, 6, 6))),
    (EERSTE, "odt"): Scenario(None, ("gepubliceerd", date(2023, 4, 18))),
    # Late: Haaglanden has not finished the last action of its improvement plan (due in May).
    (EERSTE, "odh"): Scenario("verbeterplan", te_laat=True),
    # The running cycle, one visitation in each state.
    (TWEEDE, "odg"): Scenario("definitief"),  # the board has not yet decided to publish
    (TWEEDE, "rud-zl"): Scenario("gepubliceerd"),  # its improvement plan is being written
    (TWEEDE, "rud-ln"): Scenario("wederhoor", ("wederhoor", date(2026, 9, 7))),  # after the summer
    (TWEEDE, "ozhz"): Scenario("conceptrapport", ("conceptrapport", date(2026, 9, 14))),
    (TWEEDE, "ofgv"): Scenario("bezoek_afgerond"),
    (TWEEDE, "odwh"): Scenario("zelfevaluatie_ingediend"),
    (TWEEDE, "odzob"): Scenario("voorbereiding"),
    (TWEEDE, "odbn"): Scenario("gepland"),
    # Late: DCMR's draft report, due six weeks after its visit in April, has not gone out.
    (TWEEDE, "dcmr"): Scenario("conceptrapport", ("conceptrapport", date(2026, 7, 6)), te_laat=True),
}
# The usual pace (fictitious): days before the first visit day, and days after the last.
VOOR_HET_BEZOEK = {"voorbereiding": 42, "zelfevaluatie_ingediend": 25}
NA_HET_BEZOEK = {"bezoek_afgerond": 1, "conceptrapport": 28, "wederhoor": 35, "definitief": 56,
                 "gepubliceerd": 84, "verbeterplan": 126}
# The improvement plan: the OD sets owners and deadlines two weeks after it is made, one
# deadline every four months; it reports progress three months in and closes an action a week
# before its deadline (every fifth is dropped). A month after the last, the plan is closed.
PLAN_INGEVULD, TUSSEN_DEADLINES, VOORTGANG_NA = 14, 120, 91
AFSLUITEN_NA = 28
DEMO_COMMISSIELID = "commissielid@example.nl"
# Committee members who can sign in: pool persons linked to a demo account (password "demo"),
# as a coordinator links them on the pool page. (account, cycle, od, seat, what it shows)
DEMO_LEDEN = (
    (DEMO_COMMISSIELID, TWEEDE, "odwh", "secretaris",
     "secretaris bij ODWH: beoordelen en het oordeel van de commissie vaststellen"),
    ("voorzitter@example.nl", TWEEDE, "odijmond", "voorzitter",
     "voorzitter bij OD IJmond: de eigen beoordeling invullen"),
    ("peer@example.nl", TWEEDE, "rud-ln", "peer",
     "peer bij RUD Limburg Noord: reacties in het wederhoor beantwoorden"),
)
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


@contextmanager
def op_de_dag(dag: date) -> Iterator[None]:
    """Take a step on `dag`: the app's one clock stands on it, then back on the demo's day."""
    demodag = vandaag()
    zet_vandaag(dag)
    try:
        yield
    finally:
        zet_vandaag(demodag)


def stapdagen(van: date, tot: date, anker: tuple[str, date] | None = None) -> dict[str, date]:
    """The day of each step of a visitation visited from `van` to `tot` (pure): the usual pace,
    or with one step on a known day and the steps before it spread in proportion."""
    dagen = {stap: van - timedelta(days=d) for stap, d in VOOR_HET_BEZOEK.items()}
    stap, dag = anker or ("bezoek_afgerond", tot + timedelta(days=NA_HET_BEZOEK["bezoek_afgerond"]))
    schaal = (dag - tot).days / NA_HET_BEZOEK[stap]
    for s, d in NA_HET_BEZOEK.items():
        if d <= NA_HET_BEZOEK[stap]:
            dagen[s] = tot + timedelta(days=max(1, round(d * schaal)))
        else:
            dagen[s] = dag + timedelta(days=d - NA_HET_BEZOEK[stap])
    return dagen


def doel_op_de_dag(dagen: dict[str, date], scenario: Scenario, dag: date) -> str:
    """The last step whose day has come (`afgerond` is decided by the improvement plan), kept
    at the scenario's step."""
    tot = scenario.doel
    if tot is not None and not status_na(tot, GEHOUDEN_VANAF) and dagen[GEHOUDEN_VANAF] <= dag:
        tot = GEHOUDEN_VANAF  # the visit took place
    doel = "gepland"
    for stap in VOLGORDE:
        if stap in dagen and dagen[stap] <= dag:
            doel = stap
        if stap == tot:
            break
    return doel


def _wederhoor_ronde(db: Session, v: Visitatie, dagen: dict[str, date], dag: date) -> None:
    """The OD reacts four days into the right of reply; the committee answers before it ends."""
    reageren = dagen["wederhoor"] + timedelta(days=4)
    if ops.reacties_van(db, v) or reageren > dag:
        return
    with op_de_dag(reageren):
        reactie = ops.plaats_reactie(db, visitatie=v, sectie="Ketensamenwerking",
                                     soort="ontbrekende_context", auteur_id=None,
                                     tekst="(fictief) De samenwerking met het OM is verbeterd.")
    if dagen["definitief"] <= dag:
        with op_de_dag(dagen["definitief"] - timedelta(days=2)):
            ops.beantwoord_reactie(db, reactie=reactie, besluit="deels", antwoord=(
                "(fictief) De commissie heeft de tekst aangevuld; het oordeel blijft."))


def breng_naar(db: Session, v: Visitatie, doel: str, dagen: dict[str, date] | None = None,
               dag: date | None = None) -> None:
    """Walk the lifecycle up to `doel`, each step on its day (without `dagen`: today), doing what
    each step needs."""
    dag = dag or vandaag()
    dagen = dagen or {**stapdagen(dag, dag), **dict.fromkeys(VOLGORDE, dag)}
    while v.status != doel:
        volgende = VOLGORDE[VOLGORDE.index(v.status) + 1]
        with op_de_dag(dagen[volgende]):
            if volgende == "zelfevaluatie_ingediend":
                _vul_in(db, v, "zelfevaluatie")
            elif volgende == "conceptrapport":
                _vul_in(db, v, "commissieoordeel")
                ops.maak_conceptrapport(db, visitatie=v)
            else:
                ops.zet_status(db, visitatie=v, naar=volgende)
        if volgende == "wederhoor":
            _wederhoor_ronde(db, v, dagen, dag)


def _actiedagen(gemaakt: date, j: int) -> tuple[date, date]:
    """The deadline of the plan's j-th action and the day progress on it is reported."""
    deadline = gemaakt + timedelta(days=PLAN_INGEVULD + TUSSEN_DEADLINES * (j + 1))
    return deadline, gemaakt + timedelta(days=PLAN_INGEVULD + VOORTGANG_NA)


def _werk_bij(db: Session, actie: Verbeteractie, dag: date, **waarden) -> None:
    with op_de_dag(dag):
        ops.werk_actie_bij(db, actie=actie, versie=actie.versie, **{
            "eigenaar": actie.eigenaar, "deadline": actie.deadline, "status": actie.status,
            "voortgang": actie.voortgang, **waarden})


def volg_verbeterplan(db: Session, v: Visitatie, gemaakt: date, dag: date, *, te_laat: bool) -> date | None:
    """The OD keeps its improvement plan up to `dag` through the plan page's operation: owners
    and deadlines, progress, actions done or dropped. A late plan leaves its last action
    unfinished past its deadline. Returns the day the last action closed, None while some run."""
    acties = ops.acties_van(db, v.id)
    if not acties or gemaakt + timedelta(days=PLAN_INGEVULD) > dag:
        return None
    for j, actie in enumerate(acties):
        deadline, voortgang = _actiedagen(gemaakt, j)
        _werk_bij(db, actie, gemaakt + timedelta(days=PLAN_INGEVULD), eigenaar="Teamleider (fictief)",
                  deadline=deadline, status="open", voortgang="")
        if voortgang <= dag:
            _werk_bij(db, actie, min(voortgang, deadline - timedelta(days=14)), status="lopend",
                      voortgang="(fictief) Gestart; de eerste stappen zijn gezet.")
        blijft_open = te_laat and j == len(acties) - 1
        if deadline - timedelta(days=7) <= dag and not blijft_open:
            klaar = "vervallen" if j % 5 == 4 else "gereed"
            _werk_bij(db, actie, deadline - timedelta(days=7), status=klaar, voortgang=(
                "(fictief) Vervallen: opgegaan in een bredere actie." if klaar == "vervallen"
                else "(fictief) Uitgevoerd en besproken met het bestuur."))
    if any(a.loopt for a in acties):
        return None
    return max(a.deadline for a in acties) - timedelta(days=7)


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


def _koppel_demo_leden(db: Session) -> None:
    """Link a pool person of each DEMO_LEDEN seat to its demo account (made when missing)."""
    from visitatie.demo import DEMO_WACHTWOORD

    rondes = {r.naam: r.id for r in db.exec(select(VisitatieRonde))}
    for email, ronde, od_code, rol, _uitleg in DEMO_LEDEN:
        zetel = db.exec(select(CommissieLid.visiteur_id).join(Visitatie).where(
            Visitatie.ronde_id == rondes.get(ronde), Visitatie.od_code == od_code,
            CommissieLid.rol == rol, CommissieLid.visiteur_id.is_not(None))
            .order_by(CommissieLid.visiteur_id)).first()
        persoon = db.get(Visiteur, zetel) if zetel is not None else None
        if persoon is None or persoon.gebruiker_id is not None:
            continue
        account = db.exec(select(Gebruiker).where(Gebruiker.email == email)).first() or maak_gebruiker(
            db, email=email, rol="commissielid", wachtwoord=DEMO_WACHTWOORD, naam=persoon.naam, is_demo=True)
        if db.exec(select(Visiteur).where(Visiteur.gebruiker_id == account.id)).first() is None:
            koppel_account(db, visiteur_id=persoon.id, gebruiker_id=account.id)


def _beweeg(db: Session, v: Visitatie, scenario: Scenario, dag: date) -> bool:
    """Move one visitation as far as its days and scenario allow; True when it moved."""
    dagen = stapdagen(v.bezoek_van, v.bezoek_tot, scenario.anker)
    doel = doel_op_de_dag(dagen, scenario, dag)
    if v.status != "gepland" or doel == "gepland":
        return False
    breng_naar(db, v, doel, dagen, dag)
    if v.status == "verbeterplan":
        gesloten = volg_verbeterplan(db, v, dagen["verbeterplan"], dag, te_laat=scenario.te_laat)
        afsluiten = gesloten + timedelta(days=AFSLUITEN_NA) if gesloten else None
        if afsluiten and afsluiten <= dag and scenario.doel != "verbeterplan":
            with op_de_dag(afsluiten):
                ops.zet_status(db, visitatie=v, naar="afgerond")
    return True


def maak_demo_visitaties(db: Session) -> str:
    """Move the visitations the plans made through the workflow, up to the demo's day."""
    dag = vandaag()
    _koppel_demo_leden(db)
    rondes = {r.id: r.naam for r in db.exec(select(VisitatieRonde))}
    bewogen = 0
    query = select(Visitatie).order_by(Visitatie.ronde_id, Visitatie.bezoek_van, Visitatie.id)
    for v in db.exec(query).all():
        scenario = SCENARIO.get((rondes[v.ronde_id], v.od_code), Scenario())
        bewogen += _beweeg(db, v, scenario, dag)
    db.flush()
    return f"visitaties: {bewogen} door de workflow tot de demodag (uit de geaccepteerde plannen)"
