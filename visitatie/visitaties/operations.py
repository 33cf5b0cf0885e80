"""Writing visitations: creating them, the committee, answers with optimistic locking, status
steps with their preconditions, the report, right of reply, interview notes, improvement plan.
Every function adds/flushes and logs; the caller commits."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from visitatie import versies
from visitatie.audit.operations import GEWIJZIGD, log
from visitatie.auth.models import Gebruiker
from visitatie.errors import Conflict, DomeinFout
from visitatie.register.models import Omgevingsdienst
from visitatie.rondes.models import RondeOd, VisitatieRonde
from visitatie.timeutil import utcnow, vandaag
from visitatie.visitaties import bijlagen
from visitatie.visitaties import rapport as rapportmodule
from visitatie.visitaties.models import (
    BESLUITEN,
    COMMISSIEROLLEN,
    REACTIESOORTEN,
    Antwoord,
    CommissieLid,
    GespreksVerslag,
    Rapport,
    Respons,
    Verbeteractie,
    Visitatie,
    WederhoorReactie,
)
from visitatie.vragenlijsten.definitie import Vraag, Vragenlijst, catalogus, nieuwste
from visitatie.vragenlijsten.formulier import controleer_volledig
from visitatie.vragenlijsten.oordeel import aanbevelingen


class AntwoordConflict(Conflict):
    """Someone saved this answer first: both versions travel with the exception."""

    def __init__(self, vraag_code: str, hunne: Any, uwe: Any, versie: int):
        super().__init__(
            "Iemand anders heeft dit antwoord intussen gewijzigd. Beide versies staan "
            "hieronder; kies wat blijft en sla opnieuw op.",
            veld=vraag_code,
        )
        self.hunne, self.uwe, self.versie = hunne, uwe, versie


# ------------------------------------------------------------------ visitations and committee


def maak_visitatie(
    db: Session,
    *,
    ronde_id: int,
    od_code: str,
    bezoek_van: date | None = None,
    bezoek_tot: date | None = None,
) -> Visitatie:
    """A planned visitation, with the questionnaire versions valid for the cycle's last year."""
    ronde = db.get(VisitatieRonde, ronde_id)
    if ronde is None or db.get(Omgevingsdienst, od_code) is None:
        raise DomeinFout("Onbekende ronde of omgevingsdienst.")
    if db.exec(
        select(Visitatie).where(Visitatie.ronde_id == ronde_id, Visitatie.od_code == od_code)
    ).first():
        raise Conflict("Deze omgevingsdienst heeft in deze ronde al een visitatie.")
    if bezoek_van and bezoek_tot and bezoek_tot < bezoek_van:
        raise DomeinFout("Het bezoek kan niet eindigen vóór het begint.", veld="bezoek_tot")
    jaar = ronde.deadline.year
    rod = db.exec(
        select(RondeOd).where(RondeOd.ronde_id == ronde_id, RondeOd.od_code == od_code)
    ).first()
    visitatie = Visitatie(
        ronde_id=ronde_id,
        od_code=od_code,
        ronde_od_id=rod.id if rod else None,
        bezoek_van=bezoek_van,
        bezoek_tot=bezoek_tot,
        zelfevaluatie_lijst=nieuwste("zelfevaluatie", jaar).sleutel,
        kader_lijst=nieuwste("visitatiekader", jaar).sleutel,
    )
    db.add(visitatie)
    db.flush()
    log(db, actie="visitatie.maken", object_type="visitatie", object_id=visitatie.id, na=visitatie)
    return visitatie


def voeg_commissielid_toe(
    db: Session, *, visitatie: Visitatie, gebruiker_id: int, rol: str
) -> CommissieLid:
    if rol not in COMMISSIEROLLEN:
        raise DomeinFout("Onbekende rol in de commissie.", veld="rol")
    if db.exec(
        select(CommissieLid).where(
            CommissieLid.visitatie_id == visitatie.id, CommissieLid.gebruiker_id == gebruiker_id
        )
    ).first():
        raise Conflict("Deze persoon zit al in de commissie.")
    lid = CommissieLid(visitatie_id=visitatie.id, gebruiker_id=gebruiker_id, rol=rol)
    db.add(lid)
    db.flush()
    log(db, actie="commissie.toevoegen", object_type="visitatie", object_id=visitatie.id, na=lid)
    return lid


def commissierol(db: Session, visitatie_id: int, gebruiker_id: int | None) -> str | None:
    if gebruiker_id is None:
        return None
    lid = db.exec(
        select(CommissieLid).where(
            CommissieLid.visitatie_id == visitatie_id, CommissieLid.gebruiker_id == gebruiker_id
        )
    ).first()
    return lid.rol if lid else None


def zet_status(db: Session, *, visitatie: Visitatie, naar: str) -> None:
    """One step forward, with the preconditions of the step and its side effects."""
    voor = visitatie.status
    if naar == "zelfevaluatie_ingediend":
        zelf = respons_van(db, visitatie=visitatie, soort="zelfevaluatie")
        if zelf is None or not zelf.ingediend:
            raise DomeinFout("De zelfevaluatie is nog niet ingediend.")
    if naar == "conceptrapport" and rapport_van(db, visitatie) is None:
        raise DomeinFout("Maak eerst het conceptrapport.")
    if naar == "definitief":
        _maak_definitief(db, visitatie)
    visitatie.ga_naar(naar)
    if naar == "wederhoor":
        visitatie.wederhoor_gestart = vandaag()
    if naar == "gepubliceerd":
        visitatie.gepubliceerd_op = vandaag()
    if naar == "verbeterplan":
        maak_verbeterplan(db, visitatie=visitatie)
    db.add(visitatie)
    db.flush()
    log(
        db,
        actie="visitatie.status",
        object_type="visitatie",
        object_id=visitatie.id,
        voor={"status": voor},
        na={"status": naar},
    )


# ------------------------------------------------------------------ responses and answers


def lijst_van(respons: Respons) -> Vragenlijst:
    return catalogus()[respons.vragenlijst]


def respons_van(
    db: Session, *, visitatie: Visitatie, soort: str, gebruiker_id: int | None = None
) -> Respons | None:
    query = select(Respons).where(Respons.visitatie_id == visitatie.id, Respons.soort == soort)
    if soort == "beoordeling":
        query = query.where(Respons.gebruiker_id == gebruiker_id)
    return db.exec(query).first()


def respons_voor(
    db: Session, *, visitatie: Visitatie, soort: str, gebruiker_id: int | None = None
) -> Respons:
    """The response of this kind (made on first use). One self-evaluation and one consolidated
    judgement per visitation; one assessment per committee member."""
    respons = respons_van(db, visitatie=visitatie, soort=soort, gebruiker_id=gebruiker_id)
    if respons is None:
        respons = _maak_respons(db, visitatie=visitatie, soort=soort,
                                gebruiker_id=gebruiker_id if soort == "beoordeling" else None)
    return respons


def _maak_respons(db: Session, *, visitatie: Visitatie, soort: str, gebruiker_id: int | None) -> Respons:
    """Insert-or-get under the unique indexes of `respons`: two first answers at once make one
    response on both databases; the one that loses the race reads the winner's row."""
    lijst = visitatie.zelfevaluatie_lijst if soort == "zelfevaluatie" else visitatie.kader_lijst
    insert = postgresql_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    tabel = Respons.__table__
    nieuw = db.execute(
        insert(tabel)
        .values(visitatie_id=visitatie.id, soort=soort, vragenlijst=lijst, gebruiker_id=gebruiker_id)
        .on_conflict_do_nothing()
        .returning(tabel.c.id)
    ).first()
    respons = respons_van(db, visitatie=visitatie, soort=soort, gebruiker_id=gebruiker_id)
    if nieuw is not None:
        log(db, actie="respons.maken", object_type="respons", object_id=respons.id, na=respons)
    return respons


def antwoorden_van(db: Session, respons: Respons | None) -> dict[str, Any]:
    """Question code -> stored value."""
    if respons is None:
        return {}
    return antwoorden_per_respons(db, [respons.id]).get(respons.id, {})


def antwoorden_per_respons(db: Session, respons_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Response id -> (question code -> stored value), for many responses in one query."""
    uit: dict[int, dict[str, Any]] = {}
    for a in db.exec(select(Antwoord).where(Antwoord.respons_id.in_(respons_ids))):
        uit.setdefault(a.respons_id, {})[a.vraag_code] = json.loads(a.waarde)
    return uit


def versies_van(db: Session, respons: Respons) -> dict[str, int]:
    rijen = db.exec(select(Antwoord).where(Antwoord.respons_id == respons.id)).all()
    return {a.vraag_code: a.versie for a in rijen}


def beoordelingen_van_leden(db: Session, visitatie: Visitatie) -> list[tuple[str, dict[str, Any]]]:
    """Every member's own assessment (name, answers), for the secretary who consolidates them."""
    rijen = db.exec(
        select(Respons, Gebruiker)
        .join(Gebruiker, Gebruiker.id == Respons.gebruiker_id)
        .where(Respons.visitatie_id == visitatie.id, Respons.soort == "beoordeling")
        .order_by(Gebruiker.naam)
    ).all()
    return [(g.naam or g.email, antwoorden_van(db, r)) for r, g in rijen]


def bewaar_antwoord(
    db: Session,
    *,
    respons: Respons,
    vraag: Vraag,
    waarde: Any,
    versie: int,
    gebruiker_id: int | None = None,
) -> Antwoord | None:
    """Save one answer when `versie` is the stored version (0: never saved). A stale version
    with a different value raises AntwoordConflict carrying both; nothing is overwritten.
    Returns the row, or None when nothing changed."""
    if respons.ingediend:
        raise DomeinFout("Deze vragenlijst is ingediend en daarom vergrendeld.")
    rij = db.exec(
        select(Antwoord).where(Antwoord.respons_id == respons.id, Antwoord.vraag_code == vraag.code)
    ).first()
    huidig = json.loads(rij.waarde) if rij else None
    if huidig == waarde:
        return None
    if (rij.versie if rij else 0) != versie:
        raise AntwoordConflict(vraag.code, huidig, waarde, rij.versie if rij else 0)
    tekst = json.dumps(waarde, ensure_ascii=False)
    # The write itself re-checks the version, so two saves racing past the read above can never
    # both win (a lost update): the loser changes no row and gets the conflict.
    if rij is None:
        geschreven = _voeg_antwoord_toe(db, respons_id=respons.id, vraag_code=vraag.code, tekst=tekst,
                                        gebruiker_id=gebruiker_id)
    else:
        tabel = Antwoord.__table__
        geschreven = db.execute(
            update(tabel)
            .where(tabel.c.id == rij.id, tabel.c.versie == versie)
            .values(waarde=tekst, versie=versie + 1, gewijzigd=utcnow(), gewijzigd_door=gebruiker_id)
            .returning(tabel.c.id)
        ).first() is not None
    rij = db.exec(
        select(Antwoord)
        .where(Antwoord.respons_id == respons.id, Antwoord.vraag_code == vraag.code)
        .execution_options(populate_existing=True)
    ).one()
    if not geschreven:
        raise AntwoordConflict(vraag.code, json.loads(rij.waarde), waarde, rij.versie)
    log(
        db,
        actie="antwoord.bewaren",
        object_type="respons",
        object_id=respons.id,
        **_antwoord_voor_audit(respons, vraag.code, huidig, waarde),
    )
    return rij


def _antwoord_voor_audit(respons: Respons, code: str, voor, na) -> dict:
    """The committee's draft assessments and consolidated judgement are confidential: the
    audit log records that an answer changed, never its text."""
    if respons.soort != "zelfevaluatie":
        voor, na = (None if voor is None else GEWIJZIGD), GEWIJZIGD
    return {"voor": {"vraag": code, "waarde": voor}, "na": {"vraag": code, "waarde": na}}


def _voeg_antwoord_toe(db: Session, *, respons_id: int, vraag_code: str, tekst: str,
                       gebruiker_id: int | None) -> bool:
    """The first save of a question; False when a concurrent first save got there before us
    (ON CONFLICT DO NOTHING instead of an integrity error that would end the transaction)."""
    insert = postgresql_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    tabel = Antwoord.__table__
    nieuw = db.execute(
        insert(tabel)
        .values(respons_id=respons_id, vraag_code=vraag_code, waarde=tekst, versie=1,
                gewijzigd=utcnow(), gewijzigd_door=gebruiker_id)
        .on_conflict_do_nothing(index_elements=["respons_id", "vraag_code"])
        .returning(tabel.c.id)
    ).first()
    return nieuw is not None


def dien_in(db: Session, *, respons: Respons, visitatie: Visitatie) -> dict[str, str]:
    """Submit a response when complete (returns the problems otherwise, and changes nothing).
    Submitting the self-evaluation moves the visitation on."""
    fouten = controleer_volledig(lijst_van(respons), antwoorden_van(db, respons))
    if fouten:
        return fouten
    respons.dien_in()
    db.add(respons)
    log(db, actie="respons.indienen", object_type="respons", object_id=respons.id)
    if respons.soort == "zelfevaluatie":
        if visitatie.status == "gepland":
            zet_status(db, visitatie=visitatie, naar="voorbereiding")
        zet_status(db, visitatie=visitatie, naar="zelfevaluatie_ingediend")
    return {}


def heropen(db: Session, *, respons: Respons, reden: str) -> None:
    """A coordinator reopens a submitted response; the reason is kept and logged."""
    respons.heropen(reden)
    db.add(respons)
    log(db, actie="respons.heropenen", object_type="respons", object_id=respons.id, na={"reden": reden})


# ------------------------------------------------------------------ report and right of reply


def rapport_van(db: Session, visitatie: Visitatie) -> Rapport | None:
    return db.exec(select(Rapport).where(Rapport.visitatie_id == visitatie.id)).first()


def maak_conceptrapport(db: Session, *, visitatie: Visitatie) -> Rapport:
    """Generate the draft from the committee's consolidated judgement and move to `conceptrapport`."""
    oordeel = respons_van(db, visitatie=visitatie, soort="commissieoordeel")
    if oordeel is None or not oordeel.ingediend:
        raise DomeinFout("Het oordeel van de commissie is nog niet vastgesteld (ingediend).")
    ronde = db.get(VisitatieRonde, visitatie.ronde_id)
    od = db.get(Omgevingsdienst, visitatie.od_code)
    tekst = rapportmodule.rapport_markdown(
        od_naam=od.naam,
        ronde=ronde.naam,
        bezoek_van=visitatie.bezoek_van,
        bezoek_tot=visitatie.bezoek_tot,
        lijst=lijst_van(oordeel),
        antwoorden=antwoorden_van(db, oordeel),
    )
    rapport = Rapport(visitatie_id=visitatie.id, tekst=tekst)
    db.add(rapport)
    db.flush()
    log(db, actie="rapport.genereren", object_type="visitatie", object_id=visitatie.id)
    zet_status(db, visitatie=visitatie, naar="conceptrapport")
    return rapport


def bewaar_rapport(db: Session, *, rapport: Rapport, tekst: str, versie: int) -> None:
    voor = {"versie": rapport.versie}
    versies.schrijf(db, rapport, versie, "Iemand anders heeft het rapport intussen gewijzigd. Uw tekst "
                    "staat hieronder; neem uw wijzigingen over in de nieuwe versie.",
                    tekst=tekst, gewijzigd=utcnow())
    log(
        db,
        actie="rapport.bewerken",
        object_type="rapport",
        object_id=rapport.id,
        voor=voor,
        na={"versie": rapport.versie},
    )


def plaats_reactie(
    db: Session, *, visitatie: Visitatie, sectie: str, soort: str, tekst: str, auteur_id: int | None
) -> WederhoorReactie:
    if visitatie.status != "wederhoor":
        raise DomeinFout("Reageren kan alleen tijdens het wederhoor.")
    rapport = rapport_van(db, visitatie)
    if sectie not in rapportmodule.secties(rapport.tekst):
        raise DomeinFout("Kies een hoofdstuk uit het conceptrapport.", veld="sectie")
    if soort not in REACTIESOORTEN:
        raise DomeinFout("Kies een soort reactie.", veld="soort")
    if not tekst.strip():
        raise DomeinFout("Schrijf een reactie.", veld="tekst")
    reactie = WederhoorReactie(
        visitatie_id=visitatie.id, sectie=sectie, soort=soort, tekst=tekst.strip(), auteur_id=auteur_id
    )
    db.add(reactie)
    db.flush()
    log(db, actie="wederhoor.reageren", object_type="visitatie", object_id=visitatie.id, na=reactie)
    return reactie


def _open_reactie(visitatie: Visitatie, reactie: WederhoorReactie) -> None:
    if visitatie.status != "wederhoor" or reactie.visitatie_id != visitatie.id:
        raise DomeinFout("Reacties wijzigen of intrekken kan alleen tijdens het wederhoor.")
    if reactie.besluit is not None:
        raise DomeinFout("De commissie heeft deze reactie al beantwoord; wijzigen of intrekken "
                         "kan niet meer.")


def wijzig_reactie(
    db: Session, *, visitatie: Visitatie, reactie: WederhoorReactie, sectie: str, soort: str, tekst: str
) -> None:
    """The OD changes its reaction, as long as the committee has not answered it."""
    _open_reactie(visitatie, reactie)
    if sectie not in rapportmodule.secties(rapport_van(db, visitatie).tekst):
        raise DomeinFout("Kies een hoofdstuk uit het conceptrapport.", veld="sectie")
    if soort not in REACTIESOORTEN:
        raise DomeinFout("Kies een soort reactie.", veld="soort")
    if not tekst.strip():
        raise DomeinFout("Schrijf een reactie.", veld="tekst")
    voor = {"sectie": reactie.sectie, "soort": reactie.soort, "tekst": reactie.tekst}
    reactie.sectie, reactie.soort, reactie.tekst = sectie, soort, tekst.strip()
    db.add(reactie)
    db.flush()
    log(db, actie="wederhoor.wijzigen", object_type="wederhoor_reactie", object_id=reactie.id,
        voor=voor, na={"sectie": sectie, "soort": soort, "tekst": reactie.tekst})


def trek_reactie_in(db: Session, *, visitatie: Visitatie, reactie: WederhoorReactie) -> None:
    """The OD withdraws a reaction the committee has not answered; the audit log keeps its text."""
    _open_reactie(visitatie, reactie)
    voor = {"sectie": reactie.sectie, "soort": reactie.soort, "tekst": reactie.tekst}
    reactie_id = reactie.id
    bijlagen.verwijder_alle(db, visitatie_id=visitatie.id, onderdeel="wederhoor", verwijzing=str(reactie_id))
    db.delete(reactie)
    db.flush()
    log(db, actie="wederhoor.intrekken", object_type="wederhoor_reactie", object_id=reactie_id,
        voor=voor)


def beantwoord_reactie(db: Session, *, reactie: WederhoorReactie, besluit: str, antwoord: str) -> None:
    if besluit not in BESLUITEN:
        raise DomeinFout("Kies een besluit.", veld="besluit")
    if besluit != "overgenomen" and not antwoord.strip():
        raise DomeinFout("Geef de reden als de reactie niet (geheel) is overgenomen.", veld="antwoord")
    voor = {"besluit": reactie.besluit}
    reactie.besluit, reactie.antwoord, reactie.beantwoord_op = besluit, antwoord.strip(), utcnow()
    db.add(reactie)
    log(
        db,
        actie="wederhoor.beantwoorden",
        object_type="wederhoor_reactie",
        object_id=reactie.id,
        voor=voor,
        na={"besluit": besluit},
    )


def reacties_van(db: Session, visitatie: Visitatie) -> list[WederhoorReactie]:
    return list(
        db.exec(
            select(WederhoorReactie)
            .where(WederhoorReactie.visitatie_id == visitatie.id)
            .order_by(WederhoorReactie.id)
        ).all()
    )


def _maak_definitief(db: Session, visitatie: Visitatie) -> None:
    reacties = reacties_van(db, visitatie)
    open_ = [r for r in reacties if r.besluit is None]
    if open_:
        raise DomeinFout(f"Nog {len(open_)} reactie(s) uit het wederhoor zonder antwoord.")
    rapport = rapport_van(db, visitatie)
    rapport.bijlage_wederhoor = rapportmodule.wederhoor_bijlage(
        [
            {
                "sectie": r.sectie,
                "soort": REACTIESOORTEN[r.soort],
                "tekst": r.tekst,
                "besluit": BESLUITEN[r.besluit],
                "antwoord": r.antwoord or "",
            }
            for r in reacties
        ]
    )
    db.add(rapport)


def volledig_rapport(rapport: Rapport) -> str:
    """Report text with the right-of-reply annex (once final)."""
    return rapport.tekst + ("\n\n" + rapport.bijlage_wederhoor if rapport.bijlage_wederhoor else "")


# ------------------------------------------------------------------ interview notes


def voeg_verslag_toe(
    db: Session, *, visitatie: Visitatie, titel: str, tekst: str, auteur_id: int | None
) -> GespreksVerslag:
    if not titel.strip() or not tekst.strip():
        raise DomeinFout("Geef een titel en een verslag.")
    verslag = GespreksVerslag(
        visitatie_id=visitatie.id, titel=titel.strip(), tekst=tekst, auteur_id=auteur_id
    )
    db.add(verslag)
    db.flush()
    # The text itself stays out of the audit log: it is confidential.
    log(
        db,
        actie="gespreksverslag.toevoegen",
        object_type="visitatie",
        object_id=visitatie.id,
        na={"titel": verslag.titel},
    )
    return verslag


# ------------------------------------------------------------------ improvement plan


def maak_verbeterplan(db: Session, *, visitatie: Visitatie) -> list[Verbeteractie]:
    """One action per recommendation of the committee's judgement (idempotent)."""
    bestaand = db.exec(select(Verbeteractie).where(Verbeteractie.visitatie_id == visitatie.id)).all()
    if bestaand:
        return list(bestaand)
    oordeel = respons_van(db, visitatie=visitatie, soort="commissieoordeel")
    antwoorden = antwoorden_van(db, oordeel)
    punten = aanbevelingen(lijst_van(oordeel), antwoorden) if oordeel else []
    acties = [Verbeteractie(visitatie_id=visitatie.id, thema=p.thema, aanbeveling=p.tekst) for p in punten]
    db.add_all(acties)
    db.flush()
    log(
        db,
        actie="verbeterplan.maken",
        object_type="visitatie",
        object_id=visitatie.id,
        na={"acties": len(acties)},
    )
    return acties


def werk_actie_bij(
    db: Session,
    *,
    actie: Verbeteractie,
    versie: int,
    eigenaar: str,
    deadline: date | None,
    status: str,
    voortgang: str,
) -> None:
    voor = actie.model_dump()
    versies.schrijf(db, actie, versie, "Iemand anders heeft deze actie intussen gewijzigd. Laad de "
                    "pagina opnieuw.", eigenaar=eigenaar.strip(), deadline=deadline, status=status,
                    voortgang=voortgang)
    log(
        db,
        actie="verbeteractie.bijwerken",
        object_type="verbeteractie",
        object_id=actie.id,
        voor=voor,
        na=actie,
    )


def acties_van(db: Session, visitatie_id: int) -> list[Verbeteractie]:
    return list(
        db.exec(
            select(Verbeteractie)
            .where(Verbeteractie.visitatie_id == visitatie_id)
            .order_by(Verbeteractie.id)
        ).all()
    )


def acties_te_laat(db: Session, vandaag: date) -> dict[int, list[Verbeteractie]]:
    """Per visitation the actions of its improvement plan that are past their deadline: the one
    rule (Verbeteractie.te_laat) the start page, the overview and the plan page all read."""
    per_visitatie: dict[int, list[Verbeteractie]] = {}
    for a in db.exec(select(Verbeteractie).order_by(Verbeteractie.id)).all():
        if a.te_laat(vandaag):
            per_visitatie.setdefault(a.visitatie_id, []).append(a)
    return per_visitatie


def vorige_visitatie(db: Session, visitatie: Visitatie) -> Visitatie | None:
    """The same OD's visitation in the previous cycle (for its recommendations' status)."""
    ronde = db.get(VisitatieRonde, visitatie.ronde_id)
    query = (
        select(Visitatie)
        .join(VisitatieRonde, VisitatieRonde.id == Visitatie.ronde_id)
        .where(Visitatie.od_code == visitatie.od_code, VisitatieRonde.start < ronde.start)
        .order_by(VisitatieRonde.start.desc())
    )
    return db.exec(query).first()
