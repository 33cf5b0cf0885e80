"""The chapters of the Staat van VTH. Each chapter has a Markdown template in
templates/staat/, a context function over the build context, its key figures and the snapshot
tables both read (`leest`, the one declaration the build cache keys it on: `staat_van_vth.delen`);
capabilities add chapters to HOOFDSTUKKEN. Editors' narrative text (Markdown) is passed in per
chapter code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

import pandas as pd

from staat_van_vth import grafieken, ilt, indicatoren, monitoring, visitaties
from staat_van_vth.bouwcache import Bouwcache
from staat_van_vth.delen import Tabelsleutels, beperk, deel_sleutel
from staat_van_vth.grafieken import Figuur
from staat_van_vth.hoofdstukken_monitoring import (
    horizontale_verantwoording,
    ilt_profiel,
    ilt_studies,
    kwaliteitscriteria,
    od_vergelijking,
    profielfiguur,
    robuustheid,
    visitatie_dekking,
    visitatie_profiel,
)
from staat_van_vth.render import slug
from visitatie.taal import getal


@dataclass
class BouwContext:
    jaar: int
    peildatum: str
    periode: str
    tabellen: dict[str, pd.DataFrame]
    vorige: dict[str, pd.DataFrame] | None = None
    vorige_jaar: int | None = None
    tekst: dict[str, str] = field(default_factory=dict)
    vorige_peildatum: str | None = None
    figuren: list[Figuur] = field(default_factory=list)
    tabelnummer: int = 0
    figuurnummer: int = 0  # numbered figures only (not the small trend lines)
    afgeleid: dict[str, pd.DataFrame] = field(default_factory=dict)  # also published as open data
    kerncijfers: list | None = None  # kerncijfers_per_hoofdstuk, computed once per build
    profielen: dict | None = None  # _od_profielen: for the chapter and the OD pages, once
    paginas: dict[str, tuple[str, str]] = field(default_factory=dict)  # OD code -> (name, HTML)
    cache: Bouwcache = field(default_factory=Bouwcache)  # the parts already computed
    sleutels: Tabelsleutels | None = None  # each table's key, computed once per build
    vorige_sleutels: Tabelsleutels | None = None
    bij_figuur: Callable[[Figuur], None] | None = None  # told of each figure as it is registered

    @property
    def peildag(self) -> date:
        return date.fromisoformat(self.peildatum)

    @property
    def vorige_peildag(self) -> date | None:
        return date.fromisoformat(self.vorige_peildatum) if self.vorige_peildatum else None

    def figuur(self, code: str, titel: str, samenvatting: str, spec: dict,
               data: pd.DataFrame, kolommen: dict[str, str]) -> dict:
        """Register a figure; it comes with its text summary and its data as a table, the
        table in the chart's order (on its first column, as grafieken.staaf_met_mediaan)."""
        data = data.sort_values(next(iter(kolommen)), kind="mergesort", ignore_index=True)
        self.figuurnummer += 1
        figuur = Figuur(code, f"Figuur {self.figuurnummer}. {titel}", samenvatting, spec, data)
        self._registreer(figuur)
        return {"titel": figuur.titel, "pad": f"figuren/{code}.svg", "samenvatting": samenvatting,
                "data": data, "kolommen": kolommen}

    def minigrafiek(self, code: str, spec: dict) -> str:
        """A small chart inside a table (a trend line): drawn with the figures, not numbered."""
        self._registreer(Figuur(code, "", "", spec, pd.DataFrame()))
        return f"figuren/{code}.svg"

    def _registreer(self, figuur: Figuur) -> None:
        """Keep the figure with the chapter, and tell the build at once (`bij_figuur`): it
        draws the chart while the chapter goes on (`grafieken.Tekenaar`)."""
        self.figuren.append(figuur)
        if self.bij_figuur is not None:
            self.bij_figuur(figuur)

    def tabel_titel(self, titel: str) -> str:
        self.tabelnummer += 1
        return f"Tabel {self.tabelnummer}. {titel}"

    def deel(self, hoofdstuk: Hoofdstuk) -> BouwContext:
        """The context one chapter computes in: only the tables it declares, its own figures
        (numbered on from the chapters before it), derived tables and pages."""
        return replace(self, tabellen=beperk(self.tabellen, hoofdstuk.leest, hoofdstuk.code),
                       vorige=beperk(self.vorige, hoofdstuk.leest, hoofdstuk.code), figuren=[],
                       afgeleid={}, paginas={}, tabelnummer=0, profielen=None,
                       kerncijfers=self.kerncijfers if hoofdstuk.toont_kerncijfers else None)

    def sleutel(self, soort: str, hoofdstuk: Hoofdstuk, *extra: str) -> str:
        """The cache key of a part of `hoofdstuk`: the rows of the tables it reads, this
        edition's and the previous one's, the edition's plain values and `extra`."""
        if self.sleutels is None:
            self.sleutels, self.vorige_sleutels = Tabelsleutels(self.tabellen), Tabelsleutels(self.vorige)
        return deel_sleutel(soort, hoofdstuk.code, str(self.jaar), self.peildatum, self.periode,
                            str(self.vorige_jaar), str(self.vorige_peildatum),
                            *self.sleutels.van(hoofdstuk.leest), "vorige",
                            *self.vorige_sleutels.van(hoofdstuk.leest), *extra)


# A chapter's own key figures: (tables, previous edition's tables, reference day, previous one)
Kerncijfers = Callable[..., list[indicatoren.Kerncijfer]]


@dataclass(frozen=True)
class Hoofdstuk:
    code: str
    titel: str
    template: str
    context: Callable[[BouwContext], dict]
    leest: frozenset[str] = frozenset()  # every snapshot table its context and key figures read
    kerncijfers: Kerncijfers | None = None
    toont_kerncijfers: bool = False  # prints key figures of every chapter
    od_pagina: str | None = None  # a template the site renders once per OD of its `per_od`


class Deel(NamedTuple):
    """What one chapter's computation leaves: the cached unit of `bereken`."""

    markdown: str
    figuren: list[Figuur]
    afgeleid: dict[str, pd.DataFrame]
    figuurnummer: int  # the last figure number it used
    paginas: dict[str, tuple[str, str]]


def bereken(hoofdstuk: Hoofdstuk, ctx: BouwContext,
            schrijf: Callable[[BouwContext], tuple[str, dict]], *extra: str) -> str:
    """One chapter's Markdown, computed by `schrijf` in its own context (`BouwContext.deel`), or
    taken from the cache when what it reads is unchanged (`extra`: what else `schrijf` depends
    on); its figures, derived tables and OD pages are added to `ctx` either way."""
    toont = repr(kerncijfers_per_hoofdstuk(ctx)) if hoofdstuk.toont_kerncijfers else ""
    def maak() -> Deel:
        deel = ctx.deel(hoofdstuk)
        markdown, paginas = schrijf(deel)
        return Deel(markdown, deel.figuren, deel.afgeleid, deel.figuurnummer, paginas)
    uit = ctx.cache.onthoud("hoofdstukken", ctx.sleutel(
        "hoofdstuk", hoofdstuk, str(ctx.figuurnummer), ctx.tekst.get(hoofdstuk.code, ""), toont,
        *extra), maak, naam=hoofdstuk.code)
    ctx.figuren += uit.figuren
    ctx.afgeleid.update(uit.afgeleid)
    ctx.paginas.update(uit.paginas)
    ctx.figuurnummer = uit.figuurnummer
    return uit.markdown


def kerncijfers_per_hoofdstuk(ctx: BouwContext) -> list[tuple[str, list[indicatoren.Kerncijfer]]]:
    """Every key figure of the edition with the code of the chapter that explains it; the
    figures whose rows carry a date also with their series over the years before. Per chapter
    from the cache when the tables it reads are unchanged."""
    if ctx.kerncijfers is None:
        ctx.kerncijfers = [(h.code, ctx.cache.onthoud(
            "kerncijfers", ctx.sleutel("kerncijfers", h), lambda h=h: _met_reeksen(h, ctx.deel(h)),
            naam=h.code)) for h in HOOFDSTUKKEN if h.kerncijfers]
    return ctx.kerncijfers


def _met_reeksen(h: Hoofdstuk, ctx: BouwContext) -> list[indicatoren.Kerncijfer]:
    reeksen: dict[str, list] = {}
    for dag in (ctx.peildag.replace(year=ctx.peildag.year - k) for k in JAREN_TERUG):
        stand = beperk(_stand_op(ctx.tabellen, dag), h.leest, h.code)
        for k in h.kerncijfers(stand, ctx.vorige, dag, ctx.vorige_peildag):
            waarde = EIGEN_STAND[k.code](ctx.tabellen, dag) if k.code in EIGEN_STAND else k.waarde
            reeksen.setdefault(k.code, []).append((dag.year, waarde))
    return [replace(k, reeks=(*reeksen[k.code], (ctx.peildag.year, k.waarde)))
            if k.code in MET_DATUM else k
            for k in h.kerncijfers(ctx.tabellen, ctx.vorige, ctx.peildag, ctx.vorige_peildag)]


JAREN_TERUG = (2, 1)  # a series: the stand on the reference day two and one year earlier
# Tables whose rows carry the day they came into being; filtered on it, they give the stand on
# an earlier day. Only key figures that read nothing else get a series.
DATUMKOLOM = {"robuustheid": "datum", "kwaliteitstoetsen": "datum",
              "visitatierapporten": "gepubliceerd_op", "ilt_bevindingen": "publicatiedatum",
              "visitatierondes": "start"}
# Rows that stay on an earlier day, with this date blanked when it came later: a visit of a
# round that had begun was then planned, not yet made.
LATER_LEEG = {"visitatiebezoeken": "bezocht_op"}
MET_DATUM = {"robuust", "robuust_zelf", "robuustheid_beoordeeld", "kwaliteit_mediaan",
             "visitatie_rapporten", "ilt_studies", "visitatie_dekking", "ods"}
# Key figures whose stand on an earlier day comes from a table that keeps its own history
# (the register's validity dates), not from the snapshot filtered to that day.
EIGEN_STAND = {"ods": lambda t, dag: indicatoren.ods_op(t.get("omgevingsdiensten_register"), dag)}


def _stand_op(tabellen: Mapping[str, pd.DataFrame], dag: date) -> dict[str, pd.DataFrame]:
    def op(naam: str, df: pd.DataFrame) -> pd.DataFrame:
        if naam in LATER_LEEG:
            kolom = LATER_LEEG[naam]
            return df.assign(**{kolom: df[kolom].where(df[kolom].astype("str") <= dag.isoformat())})
        kolom = DATUMKOLOM.get(naam)
        return df[df[kolom].astype("str") <= dag.isoformat()] if kolom else df
    return {naam: op(naam, df) for naam, df in tabellen.items()}


def alle_kerncijfers(ctx: BouwContext) -> list[indicatoren.Kerncijfer]:
    """Every key figure of the edition, in chapter order."""
    return [k for _code, kerncijfers in kerncijfers_per_hoofdstuk(ctx) for k in kerncijfers]


MAX_BOODSCHAPPEN = 6


def kernboodschappen(ctx: BouwContext) -> list[dict]:
    """The summary's key messages, made from the snapshot alone: per chapter its first key
    figure that has a value, with that value and a link to the chapter; at most six."""
    titels = {h.code: h.titel for h in HOOFDSTUKKEN}
    boodschappen = []
    for code, kerncijfers in kerncijfers_per_hoofdstuk(ctx):
        gemeten = [k for k in kerncijfers if k.waarde is not None]
        if gemeten:
            boodschappen.append({"kerncijfer": gemeten[0], "hoofdstuk": titels[code],
                                 "anker": slug(titels[code])})
    return boodschappen[:MAX_BOODSCHAPPEN]


def _kerncijferoverzicht(ctx: BouwContext) -> list[dict]:
    """One row per key figure for the overview page, with a small trend line where the
    snapshot has a series of at least two years."""
    titels = {h.code: h.titel for h in HOOFDSTUKKEN}
    rijen = []
    for code, kerncijfers in kerncijfers_per_hoofdstuk(ctx):
        for k in kerncijfers:
            lijn = ctx.minigrafiek(f"trend-{k.code}", grafieken.minilijn(k.reeks, k.eenheid)) \
                if sum(w is not None for _j, w in k.reeks) >= 2 else None
            rijen.append({"kerncijfer": k, "lijn": lijn, "hoofdstuk": titels[code],
                          "anker": slug(titels[code])})
    return rijen


def _hoofdlijnen(ctx: BouwContext) -> dict:
    return {"boodschappen": kernboodschappen(ctx)}


def _kerncijfers_hoofdstuk(ctx: BouwContext) -> dict:
    return {"overzicht": _kerncijferoverzicht(ctx),
            "tabel_overzicht": ctx.tabel_titel("Kerncijfers in één oogopslag")}


def _stelsel(ctx: BouwContext) -> dict:
    per_od = indicatoren.gemeenten_per_od(ctx.tabellen["omgevingsdiensten"],
                                          ctx.tabellen["deelnames"],
                                          ctx.tabellen["od_provincies"])
    med = indicatoren.mediaan(per_od["gemeenten"])
    figuur = ctx.figuur(
        "gemeenten-per-od", "Deelnemende gemeenten per omgevingsdienst",
        f"Het aantal deelnemende gemeenten per omgevingsdienst loopt uiteen van "
        f"{per_od['gemeenten'].min()} tot {per_od['gemeenten'].max()}; de mediaan is "
        f"{getal(med)}. De diensten staan op alfabet, in de grafiek en in de tabel; de gestippelde "
        "lijn is de mediaan.",
        grafieken.staaf_met_mediaan(per_od, "afkorting", "gemeenten",
                                    "Deelnemende gemeenten per omgevingsdienst", "gemeenten"),
        per_od, {"afkorting": "Omgevingsdienst", "gemeenten": "Gemeenten"})
    return {"per_od": per_od, "mediaan": med, "figuur": figuur, **_fusies(ctx),
            "tabel_titel": ctx.tabel_titel("Omgevingsdiensten, provincies en deelnemers")}


def _fusies(ctx: BouwContext) -> dict:
    """The mergers since the previous edition (or, without one, in the two years before the
    reference date) and the number of ODs then, so the report explains a changed count."""
    sinds = ctx.vorige_peildag or ctx.peildag.replace(year=ctx.peildag.year - 2)
    vorig = len(ctx.vorige["omgevingsdiensten"]) if ctx.vorige else None
    return {"fusies": indicatoren.fusies_sinds(ctx.tabellen.get("fusies"), sinds),
            "fusies_sinds": sinds, "vorig_aantal": vorig}


def _od_profielen(ctx: BouwContext) -> dict:
    """The OD profiles' variables, made once: the chapter and the site's OD pages print the
    same profiles with the same figure numbers."""
    if ctx.profielen is None:
        ctx.profielen = _maak_od_profielen(ctx)
    return ctx.profielen


def _maak_od_profielen(ctx: BouwContext) -> dict:
    per_od = indicatoren.gemeenten_per_od(ctx.tabellen["omgevingsdiensten"],
                                          ctx.tabellen["deelnames"],
                                          ctx.tabellen["od_provincies"])
    deelnemers = ctx.tabellen["deelnames"].sort_values("naam", kind="mergesort")
    vergelijking = od_vergelijking(ctx)
    figuren = {od.od_code: profielfiguur(ctx, od, vergelijking["vergelijking"][od.od_code],
                                         vergelijking["indicatorjaar"])
               for od in per_od.itertuples() if od.od_code in vergelijking["vergelijking"]}
    return {"per_od": per_od, "mediaan": indicatoren.mediaan(per_od["gemeenten"]),
            "deelnemers": {code: groep for code, groep in deelnemers.groupby("od_code")},
            "figuren": figuren, **vergelijking, **visitatie_profiel(ctx), **ilt_profiel(ctx)}


def _verantwoording(ctx: BouwContext) -> dict:
    huidig = set(ctx.tabellen["omgevingsdiensten"]["naam"])
    vorig = set(ctx.vorige["omgevingsdiensten"]["naam"]) if ctx.vorige else set()
    return {"nieuw": sorted(huidig - vorig) if ctx.vorige else [],
            "vervallen": sorted(vorig - huidig),
            "kerncijfers": alle_kerncijfers(ctx), **_fusies(ctx)}


ODS = frozenset({"omgevingsdiensten"})
VISITATIES = frozenset({"visitatierapporten", "visitatierondes", "verbeteracties",
                        "visitatie_bevindingen", "taxonomie"})
# the follow-up counts an OD merged before the reference date as its successor (the register)
ILT = frozenset({"ilt_bevindingen", "ilt_adressaten", "ilt_opvolging", "deelnames", "taxonomie",
                 "omgevingsdiensten_register"})
HOOFDSTUKKEN: list[Hoofdstuk] = [
    Hoofdstuk("hoofdlijnen", "Hoofdlijnen", "hoofdlijnen.md.j2", _hoofdlijnen,
              toont_kerncijfers=True),
    Hoofdstuk("kerncijfers", "Kerncijfers", "kerncijfers.md.j2", _kerncijfers_hoofdstuk,
              toont_kerncijfers=True),
    Hoofdstuk("stelsel", "Het stelsel in cijfers", "stelsel.md.j2", _stelsel,
              ODS | {"deelnames", "od_provincies", "fusies", "omgevingsdiensten_register"},
              lambda t, v, _dag, _vorige_dag: indicatoren.stelsel_in_cijfers(t, v)),
    Hoofdstuk("robuustheid", "Robuustheid", "robuustheid.md.j2", robuustheid,
              ODS | {"robuustheid", "robuustheidscriteria", "waarnemingen"},
              lambda t, v, _dag, _vorige_dag: monitoring.kerncijfers_robuustheid(t, v)),
    Hoofdstuk("kwaliteitscriteria", "Kwaliteitscriteria", "kwaliteitscriteria.md.j2",
              kwaliteitscriteria, ODS | {"kwaliteitstoetsen"},
              lambda t, v, _dag, _vorige_dag: monitoring.kerncijfers_kwaliteit(t, v)),
    Hoofdstuk("visitaties", "Visitaties", "visitaties.md.j2", visitatie_dekking,
              ODS | VISITATIES | {"visitatiebezoeken", "visitatie_kalibratie", "vragen_herkomst"},
              lambda t, v, dag, vorige_dag: [*visitaties.kerncijfers_visitaties(t, v, dag),
                                             *visitaties.kerncijfers_rapporten(t, v, dag, vorige_dag)]),
    Hoofdstuk("ilt", "ILT-studies", "ilt.md.j2", ilt_studies, ODS | ILT,
              lambda t, v, _dag, _vorige_dag: ilt.kerncijfers_ilt(t, v)),
    Hoofdstuk("horizontale_verantwoording", "Horizontale verantwoording",
              "horizontale_verantwoording.md.j2", horizontale_verantwoording,
              ODS | {"beleidsdocumenten", "deelnames"},
              lambda t, v, dag, vorige_dag: monitoring.kerncijfers_cyclus(t, dag, v, vorige_dag)),
    Hoofdstuk("profielen", "Profielen per omgevingsdienst", "profielen.md.j2", _od_profielen,
              ODS | VISITATIES | ILT | {"od_provincies", "waarnemingen", "indicatoren"},
              lambda t, _v, _dag, _vorige_dag: monitoring.kerncijfers_indicatoren(t),
              od_pagina="od_profiel.md.j2"),
    Hoofdstuk("verantwoording", "Verantwoording", "verantwoording.md.j2", _verantwoording,
              ODS | {"fusies"}, toont_kerncijfers=True),
]
