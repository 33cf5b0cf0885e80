"""The chapters of the Staat van VTH. Each chapter has a Markdown template in
templates/staat/ and a context function over the build context; capabilities add chapters to
HOOFDSTUKKEN. Editors' narrative text (Markdown) is passed in per chapter code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from staat_van_vth import grafieken, ilt, indicatoren, monitoring, visitaties
from staat_van_vth.grafieken import Figuur
from staat_van_vth.hoofdstukken_monitoring import (
    horizontale_verantwoording,
    ilt_studies,
    kwaliteitscriteria,
    od_vergelijking,
    robuustheid,
    visitatie_dekking,
    visitatie_profiel,
)


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
    afgeleid: dict[str, pd.DataFrame] = field(default_factory=dict)  # also published as open data

    @property
    def peildag(self) -> date:
        return date.fromisoformat(self.peildatum)

    @property
    def vorige_peildag(self) -> date | None:
        return date.fromisoformat(self.vorige_peildatum) if self.vorige_peildatum else None

    def figuur(self, code: str, titel: str, samenvatting: str, spec: dict,
               data: pd.DataFrame, kolommen: dict[str, str]) -> dict:
        """Register a figure; it comes with its text summary and its data as a table."""
        figuur = Figuur(code, f"Figuur {len(self.figuren) + 1}. {titel}", samenvatting, spec, data)
        self.figuren.append(figuur)
        return {"titel": figuur.titel, "pad": f"figuren/{code}.svg", "samenvatting": samenvatting,
                "data": data, "kolommen": kolommen}

    def tabel_titel(self, titel: str) -> str:
        self.tabelnummer += 1
        return f"Tabel {self.tabelnummer}. {titel}"


@dataclass(frozen=True)
class Hoofdstuk:
    code: str
    titel: str
    template: str
    context: Callable[[BouwContext], dict]


def alle_kerncijfers(ctx: BouwContext) -> list[indicatoren.Kerncijfer]:
    """Every key figure of the edition, in chapter order."""
    t, v = ctx.tabellen, ctx.vorige
    return [*indicatoren.stelsel_in_cijfers(t, v), *monitoring.kerncijfers_robuustheid(t, v),
            *monitoring.kerncijfers_kwaliteit(t, v),
            *visitaties.kerncijfers_visitaties(t, v, ctx.peildag),
            *visitaties.kerncijfers_rapporten(t, v, ctx.peildag, ctx.vorige_peildag),
            *ilt.kerncijfers_ilt(t, v),
            *monitoring.kerncijfers_cyclus(t, ctx.peildag, v, ctx.vorige_peildag)]


def _hoofdlijnen(ctx: BouwContext) -> dict:
    return {"kerncijfers": alle_kerncijfers(ctx)}


def _stelsel(ctx: BouwContext) -> dict:
    per_od = indicatoren.gemeenten_per_od(ctx.tabellen["omgevingsdiensten"],
                                          ctx.tabellen["deelnames"],
                                          ctx.tabellen["od_provincies"])
    med = indicatoren.mediaan(per_od["gemeenten"])
    figuur = ctx.figuur(
        "gemeenten-per-od", "Deelnemende gemeenten per omgevingsdienst",
        f"Het aantal deelnemende gemeenten per omgevingsdienst loopt uiteen van "
        f"{per_od['gemeenten'].min()} tot {per_od['gemeenten'].max()}; de mediaan is {med:g}. "
        "De diensten staan op alfabet; de stippellijn is de mediaan.",
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
    per_od = indicatoren.gemeenten_per_od(ctx.tabellen["omgevingsdiensten"],
                                          ctx.tabellen["deelnames"],
                                          ctx.tabellen["od_provincies"])
    deelnemers = ctx.tabellen["deelnames"].sort_values("naam", kind="mergesort")
    return {"per_od": per_od, "mediaan": indicatoren.mediaan(per_od["gemeenten"]),
            "deelnemers": {code: groep for code, groep in deelnemers.groupby("od_code")},
            **od_vergelijking(ctx), **visitatie_profiel(ctx)}


def _verantwoording(ctx: BouwContext) -> dict:
    huidig = set(ctx.tabellen["omgevingsdiensten"]["naam"])
    vorig = set(ctx.vorige["omgevingsdiensten"]["naam"]) if ctx.vorige else set()
    return {"nieuw": sorted(huidig - vorig) if ctx.vorige else [],
            "vervallen": sorted(vorig - huidig),
            "kerncijfers": alle_kerncijfers(ctx), **_fusies(ctx)}


HOOFDSTUKKEN: list[Hoofdstuk] = [
    Hoofdstuk("hoofdlijnen", "Hoofdlijnen", "hoofdlijnen.md.j2", _hoofdlijnen),
    Hoofdstuk("stelsel", "Het stelsel in cijfers", "stelsel.md.j2", _stelsel),
    Hoofdstuk("robuustheid", "Robuustheid", "robuustheid.md.j2", robuustheid),
    Hoofdstuk("kwaliteitscriteria", "Kwaliteitscriteria", "kwaliteitscriteria.md.j2",
              kwaliteitscriteria),
    Hoofdstuk("visitaties", "Visitaties", "visitaties.md.j2", visitatie_dekking),
    Hoofdstuk("ilt", "ILT-studies", "ilt.md.j2", ilt_studies),
    Hoofdstuk("horizontale_verantwoording", "Horizontale verantwoording",
              "horizontale_verantwoording.md.j2", horizontale_verantwoording),
    Hoofdstuk("profielen", "Profielen per omgevingsdienst", "profielen.md.j2", _od_profielen),
    Hoofdstuk("verantwoording", "Verantwoording", "verantwoording.md.j2", _verantwoording),
]
