"""The data of council summaries for an edition, as known on its reference date
(Editie.peildatum), taken from the edition's tables (staat_van_vth/load.py): the same rows its
snapshot freezes and the Staat reads, so the report and the summaries cannot tell two stories.

`bron_uit_tabellen` assembles a `Bron` from those tables without a database; `laad_bron` reads
the same tables now, for an edition that has no snapshot yet. `gegevens_voor` then assembles
one participant's `Gegevens`. Facts dated after the reference date are left out (a document
adopted later counts as not adopted), so a summary does not drift as data arrive."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlmodel import Session

from staat_van_vth import ilt as staat_ilt
from staat_van_vth.load import laad_tabellen
from staat_van_vth.visitaties import AFGEHANDELD, bezocht_in_laatste_ronde, laatste_rapporten
from visitatie.bekend_op import als_datum
from visitatie.ilt import opvolging as ilt_opvolging
from visitatie.ilt.models import IltAdressaat, IltBevinding, IltOpvolging, IltStudie
from visitatie.ilt.operations import Regel
from visitatie.ilt.opvolging import GESLOTEN_STATUSSEN, OPVOLGBARE_TYPEN
from visitatie.monitoring import statistiek
from visitatie.monitoring.beleidscyclus import Document, beoordeel_cyclus
from visitatie.monitoring.robuustheid import Kop, geldige_oordelen, oordeel_over_geheel
from visitatie.raad.gegevens import (
    Criterium,
    Definitie,
    Dienst,
    Gegevens,
    GepubliceerdeVisitatie,
    IltPunt,
    IltStand,
    Kerncijfer,
    Kwaliteit,
    OdGegevens,
    Robuustheid,
    ThemaOordeel,
    Verbeteractie,
    Voorganger,
)

KERNCIJFERS = ("bedrijven", "inspecties", "handhavingsacties", "personeel_fte")
# Common names that differ from the CBS name, so the search finds them too.
ANDERE_NAMEN = {"denhaag": "GM0518", "denbosch": "GM0796"}


def zoeksleutel(tekst: str) -> str:
    """Lower case without accents, spaces, hyphens or apostrophes: "'s-Gravenhage" and
    "s gravenhage" both become "sgravenhage", "Súdwest-Fryslân" becomes "sudwestfryslan"."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "".join(c for c in zonder_accenten.lower() if c.isalnum())


@dataclass(frozen=True)
class Deelnemer:
    code: str
    naam: str
    soort: str  # gemeente | provincie
    provincie_code: str
    provincie_naam: str

    @property
    def weergavenaam(self) -> str:
        return self.naam if self.soort == "gemeente" else f"Provincie {self.naam}"


def zoek(deelnemers: list[Deelnemer], term: str) -> list[Deelnemer]:
    """Participants whose name (or a common other name) contains the term, tolerant of case,
    accents and punctuation; exact code matches (GM0363, PV27) too."""
    sleutel = zoeksleutel(term)
    if not sleutel:
        return []
    andere = {code for naam, code in ANDERE_NAMEN.items() if sleutel in naam}
    return [d for d in deelnemers if sleutel in zoeksleutel(d.naam) or d.code.lower() == sleutel
            or d.code in andere]


@dataclass
class Bron:
    """Everything the summaries of one edition need, taken from the edition's tables."""

    editie_jaar: int
    peildatum: date
    cijferjaar: int
    cyclusjaren: tuple[int, ...]
    deelnemers: dict[str, Deelnemer]
    ods: dict[str, Dienst]
    ods_van: dict[str, list[str]]
    od_provincies: dict[str, set[str]]
    robuustheid: dict[str, Robuustheid] = field(default_factory=dict)
    kwaliteit: dict[str, Kwaliteit] = field(default_factory=dict)
    documenten: dict[tuple[str, str], list[Document]] = field(default_factory=dict)
    waarden: dict[str, dict[str, float]] = field(default_factory=dict)
    indicatoren: dict[str, Definitie] = field(default_factory=dict)
    ilt: list[Regel] = field(default_factory=list)
    # (party kind, code) -> its follow-up items counted (`visitatie.ilt.opvolging`, as the Staat)
    ilt_tellingen: dict[tuple[str, str], ilt_opvolging.Telling] = field(default_factory=dict)
    visitaties: dict[str, GepubliceerdeVisitatie] = field(default_factory=dict)
    # OD -> the day it was visited in the latest started cycle (the Staat's stand per OD)
    bezocht: dict[str, date] = field(default_factory=dict)
    # (participant, current OD) -> the ODs it took part in until they merged into that OD, with
    # their last day: a summary speaks of the old OD for the period before the merger.
    voorgangers: dict[tuple[str, str], list[tuple[Dienst, date]]] = field(default_factory=dict)
    fictief: bool = False

    def gesorteerd(self) -> list[Deelnemer]:
        """Municipalities by name, then provinces by name (never by any score)."""
        return sorted(self.deelnemers.values(), key=lambda d: (d.soort != "gemeente", zoeksleutel(d.naam)))


# The edition's tables (staat_van_vth/load.py) the summaries are made from: the same rows the
# Staat reads, so a council summary and the report cannot tell two stories.
BRONTABELLEN = ("deelnemers", "omgevingsdiensten", "deelnames", "od_provincies", "robuustheid",
                "robuustheidscriteria", "kwaliteitstoetsen", "beleidsdocumenten", "indicatoren",
                "waarnemingen", "ilt_bevindingen", "ilt_adressaten", "ilt_opvolging",
                "visitatierapporten", "visitatie_oordelen", "visitatie_bevindingen", "verbeteracties",
                "omgevingsdiensten_register", "fusies", "beeindigde_deelnames", "visitatierondes",
                "visitatiebezoeken")


def laad_bron(db: Session, jaar: int, peildatum: date) -> Bron:
    """The summaries' source for an edition (`jaar`, `peildatum`) not (yet) frozen: the tables
    its snapshot would hold, read now through the request's own connection."""
    tabellen = laad_tabellen(db.connection(), peildatum, BRONTABELLEN)
    return bron_uit_tabellen(tabellen, jaar, peildatum)


def bron_uit_tabellen(t: dict[str, pd.DataFrame], jaar: int, peildatum: date) -> Bron:
    """Assemble the source of an edition's summaries from its snapshot tables (no database)."""
    deelnemers = {r.code: Deelnemer(r.code, r.naam, r.soort, r.provincie_code, r.provincie_naam)
                  for r in t["deelnemers"].itertuples()}
    ods = {r.code: Dienst(r.code, r.naam, r.afkorting) for r in t["omgevingsdiensten"].itertuples()}
    ods_van: dict[str, list[str]] = defaultdict(list)
    for r in t["deelnames"].sort_values(["od_code", "deelnemer_code"]).itertuples():
        if r.od_code in ods:
            ods_van[r.deelnemer_code].append(r.od_code)
    od_provincies: dict[str, set[str]] = defaultdict(set)
    for r in t["od_provincies"].itertuples():
        od_provincies[r.od_code].add(r.provincie_code)
    bron = Bron(jaar, peildatum, peildatum.year - 1, (peildatum.year - 1, peildatum.year),
                deelnemers, ods, dict(ods_van), dict(od_provincies))
    _robuustheid(bron, t["robuustheid"], t["robuustheidscriteria"])
    _kwaliteit(bron, t["kwaliteitstoetsen"])
    _documenten(bron, t["beleidsdocumenten"])
    _waarden(bron, t["waarnemingen"], t["indicatoren"])
    bron.ilt = ilt_regels(t["ilt_bevindingen"], t["ilt_adressaten"], t["ilt_opvolging"])
    bron.ilt_tellingen = ilt_opvolging.per_partij(staat_ilt.opvolgpunten(t))
    bron.voorgangers = _voorgangers(bron, t["fusies"], t["beeindigde_deelnames"])
    oud = {o.code for lijst in bron.voorgangers.values() for o, _tot in lijst}
    bron.visitaties = visitaties_uit(t["visitatierapporten"], t["visitatie_oordelen"],
                                     t["visitatie_bevindingen"], t["verbeteracties"], set(ods) | oud)
    bron.bezocht = bezocht_in_laatste_ronde(t["visitatierondes"], t["visitatiebezoeken"])
    return bron


def _voorgangers(bron: Bron, fusies: pd.DataFrame, beeindigd: pd.DataFrame) -> dict:
    """Per (participant, current OD) the ODs the participant took part in until they merged into
    the current OD, when that merger falls in the summary's cycle years (the period before)."""
    grens = date(bron.cyclusjaren[0], 1, 1)
    oud = {f.code: (Dienst(f.code, f.naam, f.afkorting), _datum(f.geldig_tot), f.opvolger_code)
           for f in fusies.itertuples() if f.opvolger_code in bron.ods and _datum(f.geldig_tot) >= grens}
    uit: dict[tuple[str, str], list[tuple[Dienst, date]]] = defaultdict(list)
    for d in beeindigd.itertuples():
        if d.od_code not in oud:
            continue
        dienst, tot, opvolger = oud[d.od_code]
        if _datum(d.geldig_tot) == tot and opvolger in bron.ods_van.get(d.deelnemer_code, []):
            uit[(d.deelnemer_code, opvolger)].append((dienst, tot))
    return dict(uit)


_datum = als_datum  # a date from a table cell (`visitatie.bekend_op`)


def _geheel(waarde) -> int | None:
    return None if waarde is None or pd.isna(waarde) else int(waarde)


def _tekst(waarde) -> str:
    return "" if waarde is None or (isinstance(waarde, float) and pd.isna(waarde)) else str(waarde)


def _waar(waarde) -> bool:
    return str(waarde).lower() in ("1", "true")


def _robuustheid(bron: Bron, oordelen: pd.DataFrame, criteria_df: pd.DataFrame) -> None:
    """Per OD its verdict on the reference date (`geldig_oordeel`: the minister's latest, else
    the board's), with who made it."""
    criteria: dict[str, list] = defaultdict(list)
    for c in criteria_df.sort_values(["versie", "volgorde"]).itertuples():
        criteria[c.versie].append(c)
    koppen = [Kop(r.od_code, int(r.beoordeling_id), _datum(r.datum), r.beoordelaar)
              for r in oordelen.drop_duplicates("beoordeling_id").itertuples() if r.od_code in bron.ods]
    rijen, per_beoordeling = {}, defaultdict(dict)  # one pass over the rows, not one per OD
    for r in oordelen.itertuples():
        rijen[int(r.beoordeling_id)] = r
        per_beoordeling[int(r.beoordeling_id)][r.criterium_code] = r
    for od_code, kop in geldige_oordelen(koppen, bron.peildatum).items():
        b = rijen[kop.beoordeling_id]
        eigen = per_beoordeling[kop.beoordeling_id]
        rij = tuple(Criterium(c.titel, eigen[c.code].resultaat, _tekst(eigen[c.code].actieplan),
                              _datum(eigen[c.code].streefdatum))
                    for c in criteria[b.criteria_versie] if c.code in eigen)
        geheel = oordeel_over_geheel([c.resultaat for c in rij], len(criteria[b.criteria_versie]))
        bron.robuustheid[od_code] = Robuustheid(_datum(b.datum), b.beoordelaar, geheel, rij)
        bron.fictief |= _waar(b.fictief)


def _kwaliteit(bron: Bron, toetsen: pd.DataFrame) -> None:
    for t in sorted(toetsen.itertuples(), key=lambda t: _datum(t.datum)):
        if t.od_code in bron.ods:
            bron.kwaliteit[t.od_code] = Kwaliteit(_datum(t.datum), str(t.criteria_versie), t.methode,
                                                  int(t.aantal_voldaan), int(t.aantal_totaal))
            bron.fictief |= _waar(t.fictief)


def _documenten(bron: Bron, documenten_df: pd.DataFrame) -> None:
    documenten: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for d in documenten_df.itertuples():
        if int(d.jaar) <= bron.peildatum.year:
            documenten[(d.od_code, d.deelnemer_code)].append(
                Document(d.soort, int(d.jaar), _datum(d.vastgesteld_op), _datum(d.verzonden_op)))
            bron.fictief |= _waar(d.fictief)
    bron.documenten = dict(documenten)


def _waarden(bron: Bron, waarnemingen: pd.DataFrame, indicatoren: pd.DataFrame) -> None:
    """Final OD-level values of the key figures in the figures year (the public sees final only)."""
    bron.indicatoren = {i.code: Definitie(i.naam, i.eenheid) for i in indicatoren.itertuples()
                        if i.code in KERNCIJFERS}
    waarden: dict[str, dict[str, float]] = defaultdict(dict)
    for w in waarnemingen.itertuples():
        if int(w.jaar) == bron.cijferjaar and w.indicator_code in KERNCIJFERS:
            waarden[w.indicator_code][w.od_code] = float(w.waarde)
            bron.fictief |= _waar(w.fictief)
    bron.waarden = dict(waarden)


def ilt_regels(bevindingen: pd.DataFrame, adressaten: pd.DataFrame, opvolging: pd.DataFrame) -> list[Regel]:
    """The follow-able ILT findings of an edition's tables, newest study first."""
    studies: dict[int, IltStudie] = {}
    uit = []
    for b in bevindingen.itertuples():
        if b.type not in OPVOLGBARE_TYPEN:
            continue
        studie = studies.setdefault(int(b.studie_id), IltStudie(id=int(b.studie_id), titel=b.studie,
                                                                publicatiedatum=_datum(b.publicatiedatum)))
        sleutel = (int(b.studie_id), int(b.nummer))
        uit.append(Regel(
            IltBevinding(studie_id=studie.id, nummer=int(b.nummer), type=b.type, tekst=_tekst(b.tekst),
                         thema=b.thema),
            studie,
            [IltAdressaat(soort=a.soort, code=a.code) for a in adressaten.itertuples()
             if (int(a.studie_id), int(a.nummer)) == sleutel],
            sorted((IltOpvolging(partij_soort=o.partij_soort, partij_code=o.partij_code, status=o.status)
                    for o in opvolging.itertuples() if (int(o.studie_id), int(o.nummer)) == sleutel),
                   key=lambda o: o.partij_code)))
    return sorted(uit, key=lambda r: (-r.studie.publicatiedatum.toordinal(), r.bevinding.nummer))


def visitaties_uit(rapporten: pd.DataFrame, oordelen: pd.DataFrame, bevindingen: pd.DataFrame,
                   acties: pd.DataFrame, od_codes: set[str]) -> dict[str, GepubliceerdeVisitatie]:
    """Per OD its latest visitation whose report was published on or before the reference date
    (only published reports are public; which one is latest is the Staat's rule,
    `staat_van_vth.visitaties.laatste_rapporten`), with the committee's judgement per theme, its strong
    points and recommendations, and the improvement plan's actions. The actions' state is the
    one when the edition was built (it has no history)."""
    laatste = {r.od_code: r for r in laatste_rapporten(rapporten).itertuples() if r.od_code in od_codes}
    oordelen_van, bevindingen_van, acties_van = (_per_visitatie(df) for df in (oordelen, bevindingen, acties))

    uit = {}
    for od_code, r in laatste.items():
        punten = bevindingen_van(r)
        uit[od_code] = GepubliceerdeVisitatie(
            _datum(r.bezoek_van) or _datum(r.gepubliceerd_op),
            tuple(ThemaOordeel(o.thema, o.titel, _geheel(o.niveau), _tekst(o.label), int(o.maximum))
                  for o in oordelen_van(r).sort_values("volgorde").itertuples()),
            tuple(punten[punten["type"] == "sterk_punt"]["tekst"]),
            tuple(punten[punten["type"] == "aanbeveling"]["tekst"]),
            tuple(Verbeteractie(a.aanbeveling, _datum(a.deadline), a.status in AFGEHANDELD)
                  for a in acties_van(r).itertuples()))
    return uit


def _per_visitatie(df: pd.DataFrame) -> Callable[[Any], pd.DataFrame]:
    """The rows of a table per visitation (cycle, OD), grouped once rather than masked per OD."""
    groepen = dict(iter(df.groupby(["ronde_id", "od_code"], sort=False)))
    return lambda r: groepen.get((r.ronde_id, r.od_code), df.iloc[0:0])


def deelnemers_op(db: Session, peildatum: date) -> list[Deelnemer]:
    """Municipalities (by name) then provinces that existed on the date: for the portal's search."""
    tabel = laad_tabellen(db.connection(), peildatum, ["deelnemers"])["deelnemers"]
    return sorted((Deelnemer(r.code, r.naam, r.soort, r.provincie_code, r.provincie_naam)
                   for r in tabel.itertuples()), key=lambda d: (d.soort != "gemeente", zoeksleutel(d.naam)))


# --- assembling one participant (no database) ----------------------------------------------

def gegevens_voor(bron: Bron, code: str) -> Gegevens | None:
    """One participant's summary data, or None when it did not exist on the reference date."""
    deelnemer = bron.deelnemers.get(code)
    if deelnemer is None:
        return None
    od_codes = bron.ods_van.get(code, [])
    ods = tuple(_od_gegevens(bron, deelnemer, bron.ods[c]) for c in od_codes)
    return Gegevens(code, deelnemer.naam, deelnemer.soort, deelnemer.provincie_naam, bron.editie_jaar,
                    bron.peildatum, bron.cijferjaar, tuple(sorted(ods, key=lambda o: o.naam)),
                    _ilt_punten(bron, deelnemer, od_codes), bron.fictief,
                    _ilt_stand(bron, deelnemer, od_codes))


def _ilt_stand(bron: Bron, deelnemer: Deelnemer, od_codes: list[str]) -> tuple[IltStand, ...]:
    """The follow-up counts of the participant's ODs (by name) and, for a province, its own."""
    partijen = [("od", c, bron.ods[c].afkorting) for c in sorted(od_codes, key=lambda c: bron.ods[c].naam)]
    if deelnemer.soort == "provincie":
        partijen.append(("provincie", deelnemer.code, deelnemer.weergavenaam))
    return tuple(IltStand(naam, bron.ilt_tellingen[(soort, code)]) for soort, code, naam in partijen
                 if (soort, code) in bron.ilt_tellingen)


def _od_gegevens(bron: Bron, deelnemer: Deelnemer, od: Dienst) -> OdGegevens:
    voorgangers = sorted(bron.voorgangers.get((deelnemer.code, od.code), []), key=lambda o: o[0].naam)
    documenten = [d for o in (od, *(v for v, _tot in voorgangers))
                  for d in bron.documenten.get((o.code, deelnemer.code), [])]
    uhs = [d.jaar for d in documenten if d.soort == "uhs" and d.jaar <= bron.peildatum.year]
    return OdGegevens(od.code, od.naam, od.afkorting, bron.robuustheid.get(od.code),
                      bron.kwaliteit.get(od.code),
                      tuple(beoordeel_cyclus(documenten, jaar, bron.peildatum) for jaar in bron.cyclusjaren),
                      max(uhs) if uhs else None, _kerncijfers(bron, deelnemer, od.code),
                      bron.visitaties.get(od.code),
                      tuple(Voorganger(o.code, o.naam, o.afkorting, tot, bron.visitaties.get(o.code))
                            for o, tot in voorgangers),
                      bron.bezocht.get(od.code))


def _kerncijfers(bron: Bron, deelnemer: Deelnemer, od_code: str) -> tuple[Kerncijfer, ...]:
    """The OD's value against the median of the ODs in the participant's province and of all ODs."""
    in_provincie = {c for c, pvs in bron.od_provincies.items() if deelnemer.provincie_code in pvs}
    uit = []
    for code in KERNCIJFERS:
        if code not in bron.indicatoren:
            continue
        waarden = bron.waarden.get(code, {})
        provincie = [w for c, w in waarden.items() if c in in_provincie]
        eenheid = bron.indicatoren[code].eenheid
        uit.append(Kerncijfer(bron.indicatoren[code].naam, eenheid, bron.cijferjaar,
                              waarden.get(od_code), statistiek.mediaan(provincie, eenheid),
                              statistiek.mediaan(waarden.values(), eenheid)))
    return tuple(uit)


def _ilt_punten(bron: Bron, deelnemer: Deelnemer, od_codes: list[str]) -> tuple[IltPunt, ...]:
    """Open-able ILT points for this participant: addressed to its kind of authority (or this
    province by name), or to its OD(s) by name or as the category of all ODs."""
    punten = []
    for r in bron.ilt:
        adres = _adres(r, deelnemer, od_codes, bron)
        if adres is not None:
            punten.append(IltPunt(r.studie.titel, r.studie.publicatiedatum, r.bevinding.tekst, *adres))
    return tuple(punten)


def _adres(r: Regel, deelnemer: Deelnemer, od_codes: list[str], bron: Bron) -> tuple[str, str | None] | None:
    """(to whom, in words; follow-up category) when the finding concerns the participant. With
    several ODs addressed, the category of the first that has not closed it."""
    if deelnemer.soort == "provincie" and ("provincie", deelnemer.code) in ilt_opvolging.partijen_van(
            [(a.soort, a.code) for a in r.adressaten], {"provincie": {deelnemer.code}}, {}):
        naam = ("alle provincies" if "provincies" in r.codes("actor") else f"provincie {deelnemer.naam}")
        return naam, _categorie(r, "provincie", deelnemer.code)
    if deelnemer.soort == "gemeente" and "gemeenten" in r.codes("actor"):
        return "alle gemeenten", None
    eigen = [c for c in od_codes if c in r.codes("od")]
    if eigen or (od_codes and "omgevingsdiensten" in r.codes("actor")):
        categorieen = [_categorie(r, "od", c) for c in eigen or od_codes]
        open_ = [c for c in categorieen if c not in GESLOTEN_STATUSSEN]
        naam = (", ".join(bron.ods[c].afkorting for c in eigen) if eigen else "alle omgevingsdiensten")
        return naam, (open_ or categorieen)[0]
    return None


def _categorie(r: Regel, soort: str, code: str) -> str:
    """The party's follow-up category: its recorded status, else niet vastgelegd."""
    opvolging = r.opvolging_van(soort, code)
    return opvolging.status if opvolging else ilt_opvolging.NIET_VASTGELEGD


def samenvatting_voor(bron: Bron, code: str):
    from visitatie.raad.samenvatting import bouw_samenvatting

    gegevens = gegevens_voor(bron, code)
    return bouw_samenvatting(gegevens) if gegevens else None


def cycli_overzicht(bron: Bron) -> dict:
    """The clerks' overview of an edition as plain data (frozen with the edition's build): per
    participant and OD, by name, each cycle year's status and whether it was on time."""
    rijen = [{"code": d.code, "naam": d.weergavenaam, "provincie": d.provincie_code, "od": od.afkorting,
              "cycli": [{"jaar": c.jaar, "status": c.status, "op_tijd": c.op_tijd} for c in od.cycli]}
             for d in bron.gesorteerd() for od in gegevens_voor(bron, d.code).ods]
    provincies = sorted({(d.provincie_code, d.provincie_naam) for d in bron.deelnemers.values()},
                        key=lambda p: p[1])
    return {"jaren": list(bron.cyclusjaren), "provincies": [list(p) for p in provincies],
            "rijen": rijen, "fictief": bron.fictief}
