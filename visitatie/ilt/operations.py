"""Writing ILT studies, findings and follow-up, and answering questions about them.

Every finding code is checked against `visitatie.taxonomie.taxonomie()`: the one taxonomy shared
with the visitation findings (this module keeps a reference to that object, never a copy)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, and_, delete, or_, select

from visitatie import bestanden, versies
from visitatie.audit.operations import log
from visitatie.errors import DomeinFout
from visitatie.ilt import opvolging
from visitatie.ilt.bestand import BevindingRegel
from visitatie.ilt.models import (
    ADRESSAAT_SOORTEN,
    STUDIESOORTEN,
    IltAdressaat,
    IltBevinding,
    IltOpvolging,
    IltStudie,
)
from visitatie.register import fusies
from visitatie.register.models import Deelname, Omgevingsdienst, Provincie
from visitatie.register.operations import geldig_op
from visitatie.taxonomie import taxonomie
from visitatie.timeutil import utcnow, vandaag

if TYPE_CHECKING:
    from visitatie.opslag import Opslag

# The shared taxonomy: a lookup, so tests can check it is the very object visitations use.
TAXONOMIE = taxonomie

STUDIEVELDEN = ("soort", "titel", "thema", "onderwerp", "onderzoeksvraag", "periode_van",
                "periode_tot", "publicatiedatum", "methoden", "onderzochte_partijen",
                "rapport_url", "bron")
MAX_RAPPORT_BYTES = 15 * 1024 * 1024


# --- studies -----------------------------------------------------------------------------------

def studies(db: Session, *, ook_concepten: bool) -> list[IltStudie]:
    query = select(IltStudie)
    if not ook_concepten:
        query = query.where(IltStudie.status == "gepubliceerd")
    lijst = db.exec(query).all()
    return sorted(lijst, key=lambda s: (s.publicatiedatum or date.max, s.id), reverse=True)


def _controleer_studie(gegevens: dict) -> None:
    if gegevens.get("soort") not in STUDIESOORTEN:
        raise DomeinFout("Kies thematisch of signalerend onderzoek.", veld="soort")
    if gegevens.get("thema") not in TAXONOMIE().codes("themas"):
        raise DomeinFout("Kies een thema uit de taxonomie.", veld="thema")
    url = gegevens.get("rapport_url")
    if url and not url.startswith(("https://", "http://")):
        raise DomeinFout("Een link moet beginnen met https:// of http://.", veld="rapport_url")
    van, tot = gegevens.get("periode_van"), gegevens.get("periode_tot")
    if van and tot and tot < van:
        raise DomeinFout("Het einde van de periode ligt vóór het begin.", veld="periode_tot")


def maak_studie(db: Session, *, fictief: bool = False, **gegevens) -> IltStudie:
    """A new study, always as a concept."""
    _controleer_studie(gegevens)
    studie = IltStudie(**{k: v for k, v in gegevens.items() if k in STUDIEVELDEN}, fictief=fictief)
    db.add(studie)
    db.flush()
    log(db, actie="ilt.studie.aanmaken", object_type="ilt_studie", object_id=studie.id, na=studie)
    return studie


def wijzig_studie(db: Session, *, studie: IltStudie, versie: int, **gegevens) -> IltStudie:
    """Save an edit; refuses when someone else saved the study since `versie` was read."""
    boodschap = ("Iemand anders heeft deze studie intussen gewijzigd. Laad de pagina opnieuw en "
                 "voer uw wijziging nog eens in.")
    versies.controleer(studie, versie, boodschap)
    _controleer_studie(gegevens)
    voor = studie.model_dump()
    versies.schrijf(db, studie, versie, boodschap,
                    **{veld: gegevens[veld] for veld in STUDIEVELDEN if veld in gegevens})
    log(db, actie="ilt.studie.wijzigen", object_type="ilt_studie", object_id=studie.id,
        voor=voor, na=studie)
    return studie


def publiceer_studie(db: Session, *, studie: IltStudie) -> None:
    studie.publiceer()
    studie.versie += 1
    db.add(studie)
    log(db, actie="ilt.studie.publiceren", object_type="ilt_studie", object_id=studie.id, na=studie)


def studie_naar_concept(db: Session, *, studie: IltStudie) -> None:
    studie.terug_naar_concept()
    studie.versie += 1
    db.add(studie)
    log(db, actie="ilt.studie.concept", object_type="ilt_studie", object_id=studie.id, na=studie)


# --- the report file ---------------------------------------------------------------------------

def rapport_map(opslag: str | Path | Opslag):
    """The folder of report files, in a storage folder or in the app's storage (visitatie/opslag.py)."""
    return Path(opslag) / "ilt" if isinstance(opslag, str | Path) else opslag.map("ilt")


def bewaar_rapport(db: Session, *, studie: IltStudie, data: bytes, opslag: str | Path | Opslag,
                   naam: str = "") -> Path:
    """Store the PDF in the app's file store (the client's file name is never used for storage)."""
    sleutel = bestanden.bewaar(rapport_map(opslag), data, naam=naam, soorten=bestanden.ALLEEN_PDF,
                               max_bytes=MAX_RAPPORT_BYTES).sleutel
    voor = studie.rapport_bestand
    studie.rapport_bestand = sleutel
    studie.versie += 1
    db.add(studie)
    log(db, actie="ilt.rapport.uploaden", object_type="ilt_studie", object_id=studie.id,
        voor={"rapport_bestand": voor}, na={"rapport_bestand": sleutel, "bytes": len(data)})
    return rapport_map(opslag) / sleutel


def rapport_pad(studie: IltStudie, opslag: str | Path | Opslag):
    """The stored file, only if the stored name is a key of the file store (defence in depth)."""
    try:
        pad = bestanden.pad(rapport_map(opslag), studie.rapport_bestand or "")
    except DomeinFout:
        return None
    return pad if pad.is_file() else None


# --- findings ----------------------------------------------------------------------------------

def controleer_regel(db: Session, regel: BevindingRegel,
                     register: tuple[set[str], set[str]] | None = None) -> None:
    """The checks of the import, for findings entered in a form or by code. `register` holds
    the known OD and province codes when the caller already read them."""
    tax = TAXONOMIE()
    for waarde, lijst, veld in ((regel.type, "bevindingtypen", "type"), (regel.thema, "themas", "thema")):
        if waarde not in tax.codes(lijst):
            raise DomeinFout(f"Onbekende code '{waarde}'.", veld=veld)
    if regel.ernst and regel.ernst not in tax.codes("ernst"):
        raise DomeinFout(f"Onbekende ernst '{regel.ernst}'.", veld="ernst")
    if set(regel.actoren) - set(tax.codes("actoren")):
        raise DomeinFout("Onbekende actorcategorie.", veld="actoren")
    ods, provincies = register or (od_codes(db), provincie_codes(db))
    if set(regel.ods) - ods or set(regel.provincies) - provincies:
        raise DomeinFout("Onbekende omgevingsdienst of provincie.", veld="ods")
    if not regel.tekst.strip():
        raise DomeinFout("Vul de tekst van de bevinding in.", veld="tekst")


def od_codes(db: Session) -> set[str]:
    return set(db.exec(select(Omgevingsdienst.code)).all())


def provincie_codes(db: Session) -> set[str]:
    return set(db.exec(select(Provincie.code)).all())


def bewaar_bevinding(db: Session, *, studie: IltStudie, regel: BevindingRegel) -> tuple[IltBevinding, bool]:
    """Create or replace the finding with this number in the study; True when it is new."""
    bestaand = db.exec(select(IltBevinding).where(IltBevinding.studie_id == studie.id,
                                                  IltBevinding.nummer == regel.nummer)).first()
    voor = als_regel(db, bestaand) if bestaand else None
    bevinding = _bewaar_velden(db, studie, regel, bestaand, voor, (od_codes(db), provincie_codes(db)))
    db.flush()
    _na_bewaren(db, bevinding, regel, voor)
    return bevinding, bestaand is None


def _bewaar_velden(db: Session, studie: IltStudie, regel: BevindingRegel, bevinding: IltBevinding | None,
                   voor: BevindingRegel | None, register: tuple[set[str], set[str]]) -> IltBevinding:
    """Check the row and copy it onto a (new) finding; the caller flushes, then `_na_bewaren`."""
    controleer_regel(db, regel, register)
    if bevinding is not None and voor == regel:
        return bevinding  # unchanged: no writes
    if bevinding is None:
        bevinding = IltBevinding(studie_id=studie.id, nummer=regel.nummer, type="", thema="", tekst="")
    bevinding.type, bevinding.thema, bevinding.ernst = regel.type, regel.thema, regel.ernst
    bevinding.tekst, bevinding.bron = regel.tekst, regel.bron
    db.add(bevinding)
    return bevinding


def _na_bewaren(db: Session, bevinding: IltBevinding, regel: BevindingRegel,
                voor: BevindingRegel | None) -> None:
    """Addressees and the audit line, once the finding has its id."""
    if voor == regel:
        return
    _zet_adressaten(db, bevinding, regel, vervang=voor is not None)
    log(db, actie="ilt.bevinding." + ("wijzigen" if voor else "aanmaken"),
        object_type="ilt_bevinding", object_id=bevinding.id,
        voor=_regel_dict(voor) if voor else None, na=_regel_dict(regel))


def _zet_adressaten(db: Session, bevinding: IltBevinding, regel: BevindingRegel, vervang: bool) -> None:
    if vervang:
        db.exec(delete(IltAdressaat).where(IltAdressaat.bevinding_id == bevinding.id))
    db.add_all([IltAdressaat(bevinding_id=bevinding.id, soort=soort, code=code)
                for soort, codes in (("actor", regel.actoren), ("od", regel.ods),
                                     ("provincie", regel.provincies))
                for code in codes])


def _regel_dict(regel: BevindingRegel) -> dict:
    from dataclasses import asdict

    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(regel).items()}


def importeer_bevindingen(db: Session, *, studie: IltStudie, regels: list[BevindingRegel]) -> dict[str, int]:
    """Write checked rows: a row with an existing number replaces that finding, others are added.
    Findings not in the file stay. Re-importing an export therefore changes nothing."""
    bestaand = {b.nummer: b for b in bevindingen_van(db, studie)}
    adres = adressaten(db, [b.id for b in bestaand.values()])
    register = (od_codes(db), provincie_codes(db))
    werk = []
    for regel in regels:
        oud = bestaand.get(regel.nummer)
        voor = als_regel(db, oud, adres[oud.id]) if oud else None
        werk.append((_bewaar_velden(db, studie, regel, oud, voor, register), regel, voor))
    db.flush()  # once: every new finding gets its id
    for bevinding, regel, voor in werk:
        _na_bewaren(db, bevinding, regel, voor)
    db.flush()
    telling = Counter("nieuw" if voor is None else "ongewijzigd" if voor == regel else "bijgewerkt"
                      for _, regel, voor in werk)
    log(db, actie="ilt.bevindingen.importeren", object_type="ilt_studie", object_id=studie.id,
        na=dict(telling))
    return {k: telling[k] for k in ("nieuw", "bijgewerkt", "ongewijzigd")}


def verwijder_bevinding(db: Session, *, bevinding: IltBevinding) -> None:
    if db.exec(select(IltOpvolging.id).where(IltOpvolging.bevinding_id == bevinding.id)).first():
        raise DomeinFout("Deze bevinding heeft al opvolging van een partij en blijft daarom bestaan.")
    log(db, actie="ilt.bevinding.verwijderen", object_type="ilt_bevinding", object_id=bevinding.id,
        voor=bevinding)
    db.exec(delete(IltAdressaat).where(IltAdressaat.bevinding_id == bevinding.id))
    db.delete(bevinding)
    db.flush()


def bevindingen_van(db: Session, studie: IltStudie) -> list[IltBevinding]:
    return list(db.exec(select(IltBevinding).where(IltBevinding.studie_id == studie.id)
                        .order_by(IltBevinding.nummer)).all())


def adressaten(db: Session, bevinding_ids: list[int]) -> dict[int, list[IltAdressaat]]:
    """Addressees per finding: actor categories in the taxonomy's order, then ODs, provinces."""
    uit: dict[int, list[IltAdressaat]] = defaultdict(list)
    if bevinding_ids:
        for a in db.exec(select(IltAdressaat).where(IltAdressaat.bevinding_id.in_(bevinding_ids))
                         .order_by(IltAdressaat.code)).all():
            uit[a.bevinding_id].append(a)
    volgorde = {("actor", c): i for i, c in enumerate(TAXONOMIE().codes("actoren"))}
    soorten = list(ADRESSAAT_SOORTEN)
    for lijst in uit.values():
        lijst.sort(key=lambda a: (soorten.index(a.soort), volgorde.get((a.soort, a.code), 0)))
    return uit


def als_regel(db: Session, bevinding: IltBevinding,
              adres: list[IltAdressaat] | None = None) -> BevindingRegel:
    adres = adressaten(db, [bevinding.id])[bevinding.id] if adres is None else adres

    def codes(soort: str) -> tuple[str, ...]:
        return tuple(a.code for a in adres if a.soort == soort)

    return BevindingRegel(bevinding.nummer, bevinding.type, bevinding.thema, bevinding.ernst,
                          bevinding.tekst, codes("actor"), codes("od"), codes("provincie"),
                          bevinding.bron)


def regels_van(db: Session, studie: IltStudie) -> list[BevindingRegel]:
    """The study's findings as plain rows (for the export and the round-trip test)."""
    lijst = bevindingen_van(db, studie)
    adres = adressaten(db, [b.id for b in lijst])
    return [als_regel(db, b, adres[b.id]) for b in lijst]


# --- reading across studies --------------------------------------------------------------------

@dataclass
class Regel:
    """A finding with its study, addressees and follow-up, ready for a page."""

    bevinding: IltBevinding
    studie: IltStudie
    adressaten: list[IltAdressaat] = field(default_factory=list)
    opvolging: list[IltOpvolging] = field(default_factory=list)

    def codes(self, soort: str) -> list[str]:
        return [a.code for a in self.adressaten if a.soort == soort]

    def opvolging_van(self, soort: str, code: str) -> IltOpvolging | None:
        return next((o for o in self.opvolging
                     if o.partij_soort == soort and o.partij_code == code), None)


def regels(db: Session, *, ook_concepten: bool = False, thema: str | None = None,
           studie: IltStudie | None = None, od_codes: Collection[str] | None = None) -> list[Regel]:
    """Findings (of published studies unless asked otherwise) with everything pages show;
    with `od_codes` only those addressed to one of these ODs by name or to all ODs (in SQL)."""
    query = select(IltBevinding, IltStudie).join(IltStudie)
    if od_codes is not None:
        query = query.where(IltBevinding.id.in_(select(IltAdressaat.bevinding_id).where(or_(
            and_(IltAdressaat.soort == "od", IltAdressaat.code.in_(sorted(od_codes))),
            and_(IltAdressaat.soort == "actor", IltAdressaat.code == "omgevingsdiensten")))))
    if not ook_concepten:
        query = query.where(IltStudie.status == "gepubliceerd")
    if thema:
        query = query.where(IltBevinding.thema == thema)
    if studie is not None:
        query = query.where(IltBevinding.studie_id == studie.id)
    rijen = db.exec(query.order_by(IltStudie.publicatiedatum.desc(), IltBevinding.nummer)).all()
    ids = [b.id for b, _ in rijen]
    adres = adressaten(db, ids)
    opvolging: dict[int, list[IltOpvolging]] = defaultdict(list)
    if ids:
        for o in db.exec(select(IltOpvolging).where(IltOpvolging.bevinding_id.in_(ids))
                         .order_by(IltOpvolging.partij_code)).all():
            opvolging[o.bevinding_id].append(o)
    return [Regel(b, s, adres[b.id], opvolging[b.id]) for b, s in rijen]


def regel_van(db: Session, bevinding: IltBevinding) -> Regel | None:
    studie = db.get(IltStudie, bevinding.studie_id)
    return next((r for r in regels(db, ook_concepten=True, studie=studie)
                 if r.bevinding.id == bevinding.id), None)


@dataclass(frozen=True)
class Partijen:
    """The parties that own follow-up items on a day: the ODs existing then, the provinces taking
    part in an OD then, and the successor of every OD merged before it. Whoever asks which
    party a recommendation is an item of (the count, the work lists, the OD page, the form that
    records follow-up) asks this, by the one rule `visitatie.ilt.opvolging.partijen_van`."""

    bekend: dict[str, frozenset[str]]  # {"od": codes, "provincie": codes}
    opvolgers: dict[str, str]  # merged OD -> its successor in bekend["od"]

    def van(self, regel: Regel, *, bij_naam: bool = False) -> set[tuple[str, str]]:
        """(soort, code) of every party the finding is an item of; `bij_naam`: leave out those
        reached only through a category (all ODs, all provinces)."""
        adres = [(a.soort, a.code) for a in regel.adressaten if not (bij_naam and a.soort == "actor")]
        return opvolging.partijen_van(adres, self.bekend, self.opvolgers)

    def betreft(self, regel: Regel, soort: str, code: str) -> bool:
        return (soort, code) in self.van(regel)

    def namen_van(self, od_code: str) -> set[str]:
        """The codes that address this OD by name: its own and those of the ODs merged into it."""
        return {od_code} | {c for c, o in self.opvolgers.items() if o == od_code}

    def voorgangers_op(self, regel: Regel, od_code: str) -> list[str]:
        """The ODs merged into this OD that the finding names (why it is this OD's item)."""
        return [c for c in regel.codes("od") if c != od_code and c in self.namen_van(od_code)]


def partijen_op(db: Session, peildatum: date) -> Partijen:
    """The parties on `peildatum` (two queries: the register's ODs with their successors, the
    provinces taking part)."""
    register = db.exec(select(Omgevingsdienst.code, Omgevingsdienst.opvolger_code,
                              geldig_op(Omgevingsdienst, peildatum))).all()
    ods = frozenset(code for code, _, bestaat in register if bestaat)
    provincies = db.exec(select(Deelname.deelnemer_code).distinct()
                         .where(Deelname.soort == "provincie", geldig_op(Deelname, peildatum))).all()
    return Partijen({"od": ods, "provincie": frozenset(provincies)},
                    fusies.opvolgers(ods, {code: opvolger for code, opvolger, _ in register}))


def bevindingen_voor_od(db: Session, od_code: str, peildatum: date) -> list[Regel]:
    """Published findings that concern this OD on `peildatum`: addressed to it by name, to an OD
    merged into it before that day, or to all omgevingsdiensten (the OD page, its work list)."""
    partijen = partijen_op(db, peildatum)
    return [r for r in regels(db, od_codes=partijen.namen_van(od_code))
            if partijen.betreft(r, "od", od_code)]


def per_actor(db: Session, *, ook_concepten: bool = False) -> dict[str, list[Regel]]:
    """Findings grouped by actor category, in the taxonomy's order."""
    alle = regels(db, ook_concepten=ook_concepten)
    return {code: [r for r in alle if code in r.codes("actor")] for code in TAXONOMIE().codes("actoren")}


def per_thema(db: Session, *, ook_concepten: bool = False) -> dict[str, list[Regel]]:
    alle = regels(db, ook_concepten=ook_concepten)
    return {code: [r for r in alle if r.bevinding.thema == code] for code in TAXONOMIE().codes("themas")}


# --- follow-up ---------------------------------------------------------------------------------

def bewaar_opvolging(db: Session, *, bevinding: IltBevinding, partij_soort: str, partij_code: str,
                     status: str, toelichting: str, versie: int | None, door: str = "",
                     fictief: bool = False) -> IltOpvolging:
    """Record a party's follow-up of a finding addressed to it (new, or an edit of `versie`)."""
    regel = regel_van(db, bevinding)
    if not bevinding.opvolgbaar:
        raise DomeinFout("Alleen aanbevelingen en verbeterpunten krijgen opvolging.")
    if regel is None or not partijen_op(db, vandaag()).betreft(regel, partij_soort, partij_code):
        raise DomeinFout("Deze bevinding is niet aan deze partij gericht.")
    opvolging = regel.opvolging_van(partij_soort, partij_code)
    boodschap = "Iemand anders heeft deze opvolging intussen gewijzigd. Laad de pagina opnieuw."
    if opvolging is not None:
        versies.controleer(opvolging, versie, boodschap)
    voor = opvolging.model_dump() if opvolging else None
    if opvolging is None:
        opvolging = IltOpvolging(bevinding_id=bevinding.id, partij_soort=partij_soort,
                                 partij_code=partij_code, fictief=fictief, versie=0)
    opvolging.zet_status(status)
    versies.schrijf(db, opvolging, opvolging.versie, boodschap, toelichting=toelichting.strip(),
                    bijgewerkt=utcnow(), bijgewerkt_door=door)
    log(db, actie="ilt.opvolging.bewaren", object_type="ilt_opvolging", object_id=opvolging.id,
        voor=voor, na=opvolging)
    return opvolging


def opvolging_van(db: Session, bevinding: IltBevinding, soort: str, code: str) -> IltOpvolging | None:
    return db.exec(select(IltOpvolging).where(IltOpvolging.bevinding_id == bevinding.id,
                                              IltOpvolging.partij_soort == soort,
                                              IltOpvolging.partij_code == code)).first()


@dataclass
class Stand:
    """One row of an overview of the follow-up: its follow-up items per category (the one
    definition, `visitatie.ilt.opvolging`) and how many recommendations they come from."""

    naam: str
    code: str
    telling: opvolging.Telling
    aanbevelingen: int = 0

    @property
    def per_status(self) -> dict[str, int]:
        return dict(self.telling.aantallen)

    @property
    def gesloten(self) -> int:
        return self.telling.n - self.telling.niet_klaar

    @property
    def open(self) -> int:
        """Items not known to be closed: open, in behandeling and niet vastgelegd."""
        return self.telling.niet_klaar


def _stand(naam: str, code: str, punten: list[opvolging.Opvolgpunt]) -> Stand:
    return Stand(naam, code, opvolging.telling(punten), len({(p.studie_id, p.nummer) for p in punten}))


@dataclass
class Overzicht:
    """The follow-up items of the published studies on a day, per theme, per OD and per province
    (every row counts the same items: the themes' totals are the parties' totals)."""

    per_thema: list[Stand]
    per_od: list[Stand]
    per_provincie: list[Stand]
    totaal: Stand
    totaal_od: Stand
    totaal_provincie: Stand


def opvolgpunten_op(db: Session, peildatum: date, alle: list[Regel]) -> list[opvolging.Opvolgpunt]:
    """The follow-up items of `alle` for the ODs and provinces taking part on `peildatum`, an OD
    merged before it counted as its successor (the rules of `visitatie.ilt.opvolging`)."""
    partijen = partijen_op(db, peildatum)
    return opvolging.opvolgpunten(
        [(r.bevinding.studie_id, r.bevinding.nummer, r.bevinding.type) for r in alle],
        [(r.bevinding.studie_id, r.bevinding.nummer, a.soort, a.code) for r in alle for a in r.adressaten],
        [(r.bevinding.studie_id, r.bevinding.nummer, o.partij_soort, o.partij_code, o.status)
         for r in alle for o in r.opvolging],
        partijen.bekend, opvolgers=partijen.opvolgers)


def opvolging_overzicht(db: Session, peildatum: date) -> Overzicht:
    """The overview of `/ilt/opvolging`: per theme of the taxonomy (with items), per current OD
    (every one, also without items) and per province taking part in an OD (with items)."""
    alle = regels(db)
    punten = opvolgpunten_op(db, peildatum, alle)
    thema = {(r.bevinding.studie_id, r.bevinding.nummer): r.bevinding.thema for r in alle}
    groepen: dict[tuple[str, str], list[opvolging.Opvolgpunt]] = defaultdict(list)
    for p in punten:
        groepen[("thema", thema[(p.studie_id, p.nummer)])].append(p)
        groepen[(p.partij_soort, p.partij_code)].append(p)
    ods = db.exec(select(Omgevingsdienst).where(geldig_op(Omgevingsdienst, peildatum))
                  .order_by(Omgevingsdienst.naam)).all()
    provincies = db.exec(select(Provincie).order_by(Provincie.naam)).all()
    return Overzicht(
        [_stand(naam, code, groepen[("thema", code)]) for code, naam in TAXONOMIE().keuzes("themas")
         if groepen[("thema", code)]],
        [_stand(od.naam, od.code, groepen[("od", od.code)]) for od in ods],
        [_stand(p.naam, p.code, groepen[("provincie", p.code)]) for p in provincies
         if groepen[("provincie", p.code)]],
        *(_stand("Totaal", "", [p for p in punten if soort in (None, p.partij_soort)])
          for soort in (None, "od", "provincie")))


def open_per_od(db: Session, peildatum: date) -> list[Stand]:
    """Per current OD: the follow-up items that concern it (`visitatie.ilt.opvolging`, the one
    definition the Staat and the council summaries count), per category, how many it closed
    and how many are not closed (open, in behandeling or niet vastgelegd)."""
    return opvolging_overzicht(db, peildatum).per_od


def registercodes(db: Session) -> list[tuple[str, str, str]]:
    """The OD and province codes the findings import accepts, for the export's Codes sheet."""
    return ([("omgevingsdiensten", od.code, od.naam) for od in db.exec(select(Omgevingsdienst)
                                                                        .order_by(Omgevingsdienst.code))]
            + [("provincies", p.code, p.naam) for p in db.exec(select(Provincie).order_by(Provincie.code))])
