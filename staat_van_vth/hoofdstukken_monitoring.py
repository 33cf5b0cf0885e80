"""Chapters on monitoring data and ILT studies: robustness, quality criteria, ILT studies,
horizontal accountability, and the comparison per OD used by the OD profiles. Each function
takes the build context and returns the variables of its Markdown template; derived tables
are registered on the context so they are also published as open data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from staat_van_vth import grafieken, ilt, monitoring, visitaties
from staat_van_vth.delen import deel_sleutel, tabel_sleutel
from staat_van_vth.indicatoren import MINIMALE_GROEP
from visitatie.ilt import opvolging as ilt_opvolging
from visitatie.taal import getal

if TYPE_CHECKING:
    from staat_van_vth.hoofdstukken import BouwContext


def _met_namen(tabel: pd.DataFrame, ctx: BouwContext) -> pd.DataFrame:
    ods = ctx.tabellen["omgevingsdiensten"][["code", "naam", "afkorting"]]
    return (tabel.merge(ods, left_on="od_code", right_on="code", how="inner").drop(columns="code")
            .sort_values("naam", kind="mergesort", ignore_index=True))


def robuustheid(ctx: BouwContext) -> dict:
    t = ctx.tabellen
    laatste = _met_namen(monitoring.laatste_robuustheid(t["robuustheid"], t["robuustheidscriteria"]),
                         ctx)
    per_criterium = monitoring.robuustheid_per_criterium(t["robuustheid"], t["robuustheidscriteria"],
                                                         laatste)
    ctx.afgeleid["robuustheid_per_od"] = laatste[["od_code", "naam", "datum", "criteria_versie",
                                                  "oordeel"]]
    ctx.afgeleid["robuustheid_per_criterium"] = per_criterium
    telling = laatste["oordeel_tekst"].value_counts()
    return {"kerncijfers": monitoring.kerncijfers_robuustheid(t, ctx.vorige), "laatste": laatste,
            "telling": [(naam, int(telling.get(naam, 0))) for naam in monitoring.OORDEEL_TEKST.values()],
            "per_criterium": per_criterium, "figuur": _werkprogramma_figuur(ctx),
            "tabel_criterium": ctx.tabel_titel("Resultaten per robuustheidscriterium"),
            "tabel_od": ctx.tabel_titel("Laatste oordeel van de minister per omgevingsdienst")}


def _werkprogramma_figuur(ctx: BouwContext) -> dict | None:
    """The size of the regional work programme per OD (criterion 1), with the median."""
    w = ctx.tabellen["waarnemingen"]
    jaar = monitoring.laatste_jaar(w)
    if jaar is None:
        return None
    deel = w[(w["indicator_code"] == monitoring.GROEP_INDICATOR) & (w["jaar"] == jaar)]
    data = _met_namen(deel[["od_code", "waarde"]], ctx)[["afkorting", "waarde"]]
    if len(data) < MINIMALE_GROEP:
        return None
    return ctx.figuur(
        "werkprogramma", f"Omvang regionaal werkprogramma per omgevingsdienst, {jaar}",
        f"Het regionale werkprogramma loopt in {jaar} uiteen van {getal(data['waarde'].min())} "
        f"tot {getal(data['waarde'].max())} miljoen euro; de mediaan is "
        f"{getal(data['waarde'].median())}. De diensten staan op alfabet, in de grafiek en in de "
        "tabel; de gestippelde lijn is de mediaan.",
        grafieken.staaf_met_mediaan(data, "afkorting", "waarde",
                                    f"Omvang regionaal werkprogramma, {jaar}", "miljoen euro"),
        data, {"afkorting": "Omgevingsdienst", "waarde": "Miljoen euro"})


def kwaliteitscriteria(ctx: BouwContext) -> dict:
    laatste = _met_namen(monitoring.laatste_kwaliteitstoets(ctx.tabellen["kwaliteitstoetsen"]), ctx)
    per_versie = monitoring.kwaliteit_per_versie(laatste)
    ctx.afgeleid["kwaliteit_per_od"] = laatste[["od_code", "naam", "datum", "criteria_versie",
                                                "methode", "aantal_voldaan", "aantal_totaal",
                                                "percentage"]]
    return {"kerncijfers": monitoring.kerncijfers_kwaliteit(ctx.tabellen, ctx.vorige),
            "laatste": laatste, "per_versie": per_versie,
            "tabel_versie": ctx.tabel_titel("Laatste toets naar versie van de kwaliteitscriteria"),
            "tabel_od": ctx.tabel_titel("Laatste toets per omgevingsdienst")}


def ilt_studies(ctx: BouwContext) -> dict:
    t = ctx.tabellen
    per_thema = ilt.bevindingen_per_thema(t["ilt_bevindingen"], t["taxonomie"])
    per_actor = ilt.bevindingen_per_actor(t["ilt_bevindingen"], t["ilt_adressaten"], t["taxonomie"])
    opvolging = ilt.opvolging_per_status(t)
    # named apart from the snapshot's own table `ilt_opvolging`, which the open data publish too
    ctx.afgeleid.update(ilt_per_thema=per_thema, ilt_per_actor=per_actor,
                        ilt_opvolging_stand=opvolging,
                        ilt_opvolging_per_partij=ilt.opvolging_per_partij(t))
    typen = dict(ilt.termen(t["taxonomie"], "bevindingtypen"))
    return {"kerncijfers": ilt.kerncijfers_ilt(t, ctx.vorige), "studies": ilt.studies(t["ilt_bevindingen"]),
            "per_thema": per_thema,
            "thema_kolommen": {"thema": "Thema", **{c: typen.get(c, c) for c in per_thema.columns
                                                    if c not in ("thema", "totaal")},
                               "totaal": "Totaal"},
            "per_actor": per_actor, "opvolging": opvolging,
            "opvolging_zin": ilt_opvolging.zin(ilt_opvolging.telling(ilt.opvolgpunten(t))),
            "tabel_studies": ctx.tabel_titel("Gepubliceerde studies"),
            "tabel_thema": ctx.tabel_titel("Bevindingen per thema en soort"),
            "tabel_actor": ctx.tabel_titel("Bevindingen per geadresseerde actor"),
            "tabel_opvolging": ctx.tabel_titel("Stand van de opvolging")}


def horizontale_verantwoording(ctx: BouwContext) -> dict:
    t = ctx.tabellen
    jaar = monitoring.cyclusjaar(ctx.peildag)
    cycli = monitoring.cycli(t["beleidsdocumenten"], t["deelnames"], jaar, ctx.peildag)
    per_od = _met_namen(monitoring.cycli_per_od(cycli, t["omgevingsdiensten"]).drop(
        columns=["naam", "afkorting"]), ctx)
    ctx.afgeleid["beleidscyclus_per_od"] = per_od
    zichtbaar = per_od[~per_od["onderdrukt"]]
    figuur = None
    gegevens = bool((t["beleidsdocumenten"]["jaar"] == jaar).any())  # else: no data, not 0 %
    if gegevens and len(zichtbaar) >= MINIMALE_GROEP:
        data = zichtbaar[["afkorting", "pct_compleet"]].astype({"pct_compleet": float})
        figuur = ctx.figuur(
            "beleidscyclus", f"Deelnemers met een complete beleidscyclus {jaar}",
            f"Het aandeel deelnemers met een complete beleidscyclus over {jaar} loopt per "
            f"omgevingsdienst uiteen van {getal(round(data['pct_compleet'].min()))} tot "
            f"{getal(round(data['pct_compleet'].max()))} procent. De diensten staan op alfabet, "
            "in de grafiek en in de tabel; de gestippelde lijn is de mediaan.",
            grafieken.staaf_met_mediaan(data, "afkorting", "pct_compleet",
                                        f"Complete beleidscyclus {jaar}", "procent van de deelnemers"),
            data, {"afkorting": "Omgevingsdienst", "pct_compleet": "% compleet"})
    return {"kerncijfers": monitoring.kerncijfers_cyclus(t, ctx.peildag, ctx.vorige,
                                                         ctx.vorige_peildag),
            "cyclusjaar": jaar, "per_od": per_od, "per_document": monitoring.cyclus_per_document(cycli),
            "regels": monitoring.REGELS, "figuur": figuur, "gegevens": gegevens,
            "tabel_document": ctx.tabel_titel(f"Beleidsdocumenten {jaar} naar stand"),
            "tabel_od": ctx.tabel_titel(f"Beleidscyclus {jaar} per omgevingsdienst")}


def od_vergelijking(ctx: BouwContext) -> dict:
    """For the OD profiles: per OD its latest indicator values next to the national median and
    its peer group's median (never a rank), and the value of the previous edition."""
    w = ctx.tabellen["waarnemingen"]
    jaar = monitoring.laatste_jaar(w)
    if jaar is None:
        return {"indicatorjaar": None, "vergelijking": {}}
    eenheden = ctx.tabellen["indicatoren"].set_index("code")["eenheid"].to_dict()
    tabel = monitoring.vergelijking(w, jaar, eenheden)
    tabel = monitoring.met_vorige_editie(tabel, ctx.vorige.get("waarnemingen") if ctx.vorige else None)
    namen = ctx.tabellen["indicatoren"].set_index("code")
    tabel["indicator"] = tabel["indicator_code"].map(namen["naam"])
    tabel["eenheid"] = tabel["indicator_code"].map(namen["eenheid"])
    ctx.afgeleid["vergelijking_per_od"] = tabel
    tabel = tabel.sort_values(["od_code", "indicator"], kind="mergesort")
    return {"indicatorjaar": jaar,
            "vergelijking": {code: _met_index(deel) for code, deel in tabel.groupby("od_code")}}


def _met_index(cijfers: pd.DataFrame) -> pd.DataFrame:
    """An OD's value as a whole percentage of the national median (100 = the median); none
    where the median is not shown or is zero."""
    mediaan = pd.to_numeric(cijfers["mediaan"], errors="coerce")
    index = (100 * cijfers["waarde"].astype(float) / mediaan.where(mediaan != 0)).round()
    return cijfers.assign(index=index.astype("Int64"))


def profielfiguur(ctx: BouwContext, od, cijfers: pd.DataFrame, jaar: int) -> dict | None:
    """The small chart of one OD profile: its indicators of `jaar` against the national median,
    a numbered figure with a text summary; its data are the index column of the profile's
    table. None when no indicator has a national median."""
    data = cijfers.loc[cijfers["index"].notna(), ["indicator", "index"]].astype({"index": int})
    if data.empty:
        return None

    def namen(rijen: pd.DataFrame) -> str:
        return ", ".join(str(n).lower() for n in rijen["indicator"]) or "geen"

    samenvatting = (
        f"{od.afkorting} in {jaar} per indicator als percentage van de landelijke mediaan (de "
        f"gestippelde lijn bij 100; de cijfers staan in de kolom Index hierboven). Boven de "
        f"mediaan: {namen(data[data['index'] > 100])}; eronder: {namen(data[data['index'] < 100])}.")
    code = f"profiel-{od.od_code}"
    # the chart of each OD from the cache while its own indexes are unchanged (altair is slow)
    spec = ctx.cache.onthoud("grafiekspecs", deel_sleutel("index_tegen_mediaan", code, tabel_sleutel(data)),
                             lambda: grafieken.index_tegen_mediaan(data, "indicator", "index"), naam=code)
    return ctx.figuur(code, f"{od.naam} naast de landelijke mediaan, {jaar}", samenvatting, spec,
                      data, {"indicator": "Indicator", "index": "Index (mediaan = 100)"})


def ilt_profiel(ctx: BouwContext) -> dict:
    """For the OD profiles: per OD the follow-up of the ILT recommendations addressed to it, in
    the one sentence of `visitatie.ilt.opvolging` (the council summaries count the same items)."""
    tellingen = ilt_opvolging.per_partij(ilt.opvolgpunten(ctx.tabellen))
    return {"ilt_per_od": {code: ilt_opvolging.zin(t) for (soort, code), t in tellingen.items()
                           if soort == "od"}}


def visitatie_dekking(ctx: BouwContext) -> dict:
    t = ctx.tabellen
    tabel = visitaties.dekking(t["visitatierondes"], t["visitatiebezoeken"])
    ctx.afgeleid["visitatie_dekking"] = tabel
    laatste = visitaties.laatste_ronde(t["visitatierondes"])
    per_od = None
    if laatste is not None:
        per_od = _met_namen(visitaties.stand_per_od(t["visitatiebezoeken"], laatste["ronde_id"]), ctx)
    return {"kerncijfers": visitaties.kerncijfers_visitaties(t, ctx.vorige, ctx.peildag),
            "dekking": tabel, "laatste": laatste, "per_od": per_od,
            "tabel_dekking": ctx.tabel_titel("Dekking per visitatieronde"),
            "tabel_od": ctx.tabel_titel("Stand per omgevingsdienst in de laatst begonnen ronde"),
            **_visitatie_uitkomsten(ctx)}


def _visitatie_uitkomsten(ctx: BouwContext) -> dict:
    """What the published reports say: strong points and recommendations per theme, the
    improvement plans per OD and the calibration of self-evaluation against the committee."""
    t = ctx.tabellen
    laatste = visitaties.laatste_rapporten(t["visitatierapporten"])
    punten = visitaties.punten_per_thema(t["visitatie_bevindingen"], laatste, t["taxonomie"])
    plannen = _met_namen(visitaties.verbeterplannen(t["verbeteracties"], laatste, ctx.peildag), ctx)
    kalibratie = visitaties.kalibratie_verdeling(t["visitatie_kalibratie"], t["vragen_herkomst"],
                                                 t["visitatierondes"], t["taxonomie"])
    ctx.afgeleid.update(visitatie_punten_per_thema=punten, verbeterplannen_per_od=plannen,
                        visitatie_kalibratie_verdeling=kalibratie)
    typen = dict(ilt.termen(t["taxonomie"], "bevindingtypen"))
    return {"kerncijfers_rapporten": visitaties.kerncijfers_rapporten(t, ctx.vorige, ctx.peildag,
                                                                      ctx.vorige_peildag),
            "rapporten": len(laatste), "punten": punten,
            "punten_kolommen": {"thema": "Thema", **{c: typen.get(c, c) for c in punten.columns
                                                     if c in typen}, "totaal": "Totaal",
                                "ods_aanbeveling": "Diensten met een aanbeveling"},
            "plannen": plannen, "kalibratie": kalibratie, "minimale_groep": MINIMALE_GROEP,
            "tabel_punten": ctx.tabel_titel("Sterke punten, bevindingen en aanbevelingen per thema"),
            "tabel_plannen": ctx.tabel_titel("Verbeterplannen per omgevingsdienst"),
            "tabel_kalibratie": ctx.tabel_titel("Oordeel van de commissie naast het eigen oordeel "
                                                "van de dienst, per thema en ronde")}


def visitatie_profiel(ctx: BouwContext) -> dict:
    """For the OD profiles: per OD its latest published report in brief (dates, themes of its
    strong points and recommendations) and the state of its improvement plan."""
    t = ctx.tabellen
    laatste = visitaties.laatste_rapporten(t["visitatierapporten"])
    plannen = visitaties.verbeterplannen(t["verbeteracties"], laatste, ctx.peildag).set_index("od_code")
    rondes = t["visitatierondes"].set_index("ronde_id")["naam"]
    bevindingen = t["visitatie_bevindingen"].merge(laatste[["ronde_id", "od_code"]],
                                                   on=["ronde_id", "od_code"])
    uit = {}
    for rapport in laatste.itertuples():
        eigen = bevindingen[bevindingen["od_code"] == rapport.od_code]
        uit[rapport.od_code] = {
            "ronde": rondes.get(rapport.ronde_id, ""), "gepubliceerd_op": rapport.gepubliceerd_op,
            "bezoek_van": rapport.bezoek_van if pd.notna(rapport.bezoek_van) else None,
            "plan": plannen.loc[rapport.od_code].to_dict(),
            **{soort: visitaties.themas_met(eigen, soort, t["taxonomie"])
               for soort in ("sterk_punt", "aanbeveling")}}
    return {"visitatie_per_od": uit}
