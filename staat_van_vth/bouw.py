"""Building an edition: snapshot -> chapters -> charts -> Markdown -> HTML site, PDF, DOCX,
open data, and a manifest of every output. The same snapshot gives byte-identical Markdown,
HTML and open data (no clocks, sorted tables), and PDF and DOCX with identical text."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2
import pandas as pd
from sqlalchemy.engine import Engine

from staat_van_vth import opendata, render, uitgave
from staat_van_vth.bouwcache import Bouwcache
from staat_van_vth.delen import deel_sleutel
from staat_van_vth.grafieken import Tekenaar
from staat_van_vth.hoofdstukken import HOOFDSTUKKEN, BouwContext, Hoofdstuk, bereken
from staat_van_vth.hulpproces import Werk
from staat_van_vth.indicatoren import populatie
from staat_van_vth.load import NIET_OPENBAAR, laad_tabellen
from staat_van_vth.snapshot import Snapshot, schrijf_snapshot
from visitatie.uitvoer import jinja_omgeving

Voortgang = Callable[[int, str], None]
LICENTIE = uitgave.LICENTIE


@dataclass
class BouwResultaat:
    map: Path
    manifest: dict
    tijden: dict[str, float] = field(default_factory=dict)
    boek_html: str = ""  # the one-document HTML the PDF was made from (for bench/staat.py)
    gemaakt: list[str] = field(default_factory=list)  # what was rendered, not taken from the cache
    door_hulpproces: list[str] = field(default_factory=list)  # the tasks the helper ran (`hulpproces`)


@dataclass(frozen=True)
class Editiegegevens:
    """What a build needs to know of the edition it makes (year, reference date, period, the
    app's version): plain values, so the pipeline runs without the app. The app's edition, with
    its status and texts, is `visitatie.publicatie.models.Editie`."""

    jaar: int
    peildatum: date
    periode: str
    versie: int = 1  # the app's edition version (visitatie.publicatie.models.Editie.versie)
    uitgever: str = uitgave.UITGEVER
    contact: str = uitgave.CONTACT

    @property
    def bestandsnaam(self) -> str:
        return uitgave.bestandsnaam(self.jaar)

    @property
    def downloads(self) -> dict[str, str]:
        return uitgave.downloadnamen(self.jaar)


def maak_snapshot(engine: Engine, editie: Editiegegevens, map_: Path) -> Snapshot:
    tabellen = laad_tabellen(engine, editie.peildatum)
    return schrijf_snapshot(tabellen, map_, {"jaar": editie.jaar,
                                             "peildatum": editie.peildatum.isoformat(),
                                             "periode": editie.periode})


def bouw_editie(editie: Editiegegevens, snapshot: Snapshot, uit: Path, *, vorige: Snapshot | None = None,
                tekst: dict[str, str] | None = None, cache: Bouwcache | Path | None = None,
                voortgang: Voortgang | None = None, hulpproces: bool | None = None) -> BouwResultaat:
    """Every output of the edition into `uit`. `cache`: the build cache (`bouwcache`), a folder
    outside `uit`; what it holds is not laid out again (`BouwResultaat.gemaakt` lists what was).
    `hulpproces`: draw charts and lay out PDF parts in a second process as well (`hulpproces`;
    by default when this process may use two cores)."""
    meld = voortgang or (lambda _p, _t: None)
    cache = Bouwcache.van(cache)
    tijden: dict[str, float] = {}
    uit.mkdir(parents=True, exist_ok=True)
    env = _markdown_env()
    demo = uitgave.is_demo(snapshot.tabellen)
    with Werk(hulp=hulpproces) as werk:
        tekenaar = Tekenaar(uit / "site" / "figuren", cache, werk)
        ctx = BouwContext(jaar=editie.jaar, peildatum=editie.peildatum.isoformat(),
                          periode=editie.periode, tabellen=populatie(snapshot.tabellen),
                          vorige=populatie(vorige.tabellen) if vorige else None,
                          vorige_jaar=vorige.manifest.get("jaar") if vorige else None,
                          vorige_peildatum=vorige.manifest.get("peildatum") if vorige else None,
                          tekst=tekst or {}, cache=cache, bij_figuur=tekenaar.teken)
        with _klok(tijden, "hoofdstukken"):
            meld(10, "Hoofdstukken en kerncijfers berekenen")
            delen = _nummer_tabellen(list(_bereken_hoofdstukken(ctx, env, demo, tekenaar)))
            colofon = render.normaliseer(env.get_template("colofon.md.j2").render(
                editie=editie, demo=demo, demo_tekst=uitgave.DEMO_TEKST, licentie=LICENTIE,
                snapshot=snapshot.sha256, afkortingen=_afkortingen(ctx)))
        with _klok(tijden, "markdown"):
            markdown = _schrijf_markdown(editie, colofon, delen, uit, demo)
        with _klok(tijden, "html"):
            meld(45, "HTML-site maken")
            boek_html = _schrijf_site(editie, colofon, delen, ctx, env, uit / "site", demo)
        with _klok(tijden, "open_data"):
            _schrijf_open_data(ctx, snapshot.tabellen, uit)
        with _klok(tijden, "grafieken"):  # what is left of them once the rest is computed
            meld(50, "Grafieken tekenen")
            tekenaar.svgs()
        # pandoc is a child process: the DOCX is made while WeasyPrint lays out the PDF
        with ThreadPoolExecutor(1) as docx_maker:
            docx = docx_maker.submit(_schrijf_docx, editie, markdown, uit, cache, tekenaar)
            try:
                with _klok(tijden, "pdf"):
                    meld(60, "PDF maken")
                    render.schrijf_pdf(boek_html, uit / "site", uit / f"{editie.bestandsnaam}.pdf",
                                       gemaakt=editie.peildatum, cache=cache, werk=werk)
                with _klok(tijden, "docx"):  # what is left of the DOCX once the PDF is done
                    meld(85, "DOCX maken")
                    tekenaar.help_met_pngs()
                    docx.result()
            except BaseException:
                werk.annuleer()  # the DOCX's thread may wait for PNGs no one will draw now
                raise
        if demo:
            uitgave.demo_in_voettekst(uit / f"{editie.bestandsnaam}.docx")
    _downloads_op_site(editie, uit)
    manifest = _schrijf_manifest(uit, snapshot)
    meld(100, "Klaar")
    return BouwResultaat(uit, manifest, tijden, boek_html, cache.gemaakt, werk.door_hulp)


def _bereken_hoofdstukken(ctx: BouwContext, env: jinja2.Environment, demo: bool, tekenaar: Tekenaar):
    """Every chapter computed in order; each figure asked for as soon as it is registered
    (`BouwContext.bij_figuur`), so it is drawn while the chapters are computed."""
    for hoofdstuk in HOOFDSTUKKEN:
        getekend = len(ctx.figuren)
        deel = (hoofdstuk, bereken(hoofdstuk, ctx, _schrijver(env, hoofdstuk, demo), str(demo)))
        for figuur in ctx.figuren[getekend:]:  # those of a chapter from the cache too
            tekenaar.teken(figuur)
        yield deel


def _schrijf_docx(editie: Editiegegevens, markdown: str, uit: Path, cache: Bouwcache,
                  tekenaar: Tekenaar) -> None:
    """The DOCX, once its pictures are drawn (in another thread than the PDF's: it only waits)."""
    tekenaar.pngs()
    render.schrijf_docx(markdown, uit / "site", uit / f"{editie.bestandsnaam}.docx",
                        gemaakt=editie.peildatum, cache=cache)


class _klok:
    def __init__(self, tijden: dict, naam: str):
        self.tijden, self.naam = tijden, naam

    def __enter__(self):
        self.start = time.perf_counter()

    def __exit__(self, *_exc):
        self.tijden[self.naam] = time.perf_counter() - self.start


def _render_hoofdstuk(env: jinja2.Environment, hoofdstuk, ctx: BouwContext,
                      demo: bool = False) -> str:
    return _schrijver(env, hoofdstuk, demo)(ctx)[0]


def _schrijver(env: jinja2.Environment, hoofdstuk: Hoofdstuk, demo: bool):
    """What computes one chapter in its context: its Markdown, and its site pages per OD."""
    def schrijf(ctx: BouwContext) -> tuple[str, dict[str, tuple[str, str]]]:
        context = hoofdstuk.context(ctx)
        variabelen = {"jaar": ctx.jaar, "peildatum": ctx.peildatum, "periode": ctx.periode,
                      "tekst": render.veilige_redactietekst(ctx.tekst.get(hoofdstuk.code, "")),
                      **context}
        paginas = {od.od_code: (od.naam, render.markdown_naar_html(
                       _markdown(env, hoofdstuk.od_pagina, {"od": od, **context}, demo)))
                   for od in context["per_od"].itertuples()} if hoofdstuk.od_pagina else {}
        return _markdown(env, hoofdstuk.template, variabelen, demo), paginas
    return schrijf


def _markdown(env: jinja2.Environment, template: str, variabelen: dict, demo: bool) -> str:
    markdown = env.get_template(template).render(**variabelen)
    if demo:
        markdown = uitgave.onderschrift_bij_tabellen_en_figuren(markdown)
    return render.normaliseer(markdown)


def _nummer_tabellen(delen: list) -> list:
    """Tables numbered in the order they are printed (a chapter may leave a table out)."""
    teller = iter(range(1, 10_000))
    return [(h, render.TABELTITEL.sub(lambda _m: f"*Tabel {next(teller)}. ", md))
            for h, md in delen]


def _afkortingen(ctx: BouwContext) -> list[tuple[str, str]]:
    """Every abbreviation of a service the report prints, with its full name, A-Z."""
    ods = ctx.tabellen["omgevingsdiensten"]
    return sorted({(str(a), str(n)) for a, n in zip(ods["afkorting"], ods["naam"], strict=True)
                   if isinstance(a, str) and a and a != n})


def _schrijf_markdown(editie: Editiegegevens, colofon: str, delen, uit: Path, demo: bool) -> str:
    ondertitel = f"{editie.periode}. {uitgave.DEMO_LABEL}" if demo else editie.periode
    kop = (f"---\ntitle: \"Staat van VTH {editie.jaar}\"\nsubtitle: \"{ondertitel}\"\n"
           f"author: \"{editie.uitgever}\"\n"
           f"date: \"Peildatum {render.datum_nl(editie.peildatum)}, versie {editie.versie}\"\n"
           f"lang: nl-NL\n---\n\n")
    markdown = kop + colofon + "\n" + "\n".join(md for _h, md in delen)
    (uit / f"{editie.bestandsnaam}.md").write_text(markdown, encoding="utf-8")
    return markdown


# One environment of each kind per process: Jinja compiles a template once per environment
# (and checks its file's date on every use, so an edited template is still picked up).
_markdown_env = functools.cache(render.jinja_omgeving)


@functools.cache
def _html_env() -> jinja2.Environment:
    return jinja_omgeving(html=True, map_=render.TEMPLATES, filters={"datum_nl": render.datum_nl})


def _schrijf_site(editie: Editiegegevens, colofon: str, delen, ctx: BouwContext, env, site: Path,
                  demo: bool) -> str:
    """A page per chapter and per OD; returns the one-document HTML the PDF is made from."""
    html_env = _html_env()
    render.kopieer_statisch(site)
    inhoud = [{"code": h.code, "titel": h.titel, "anker": render.slug(h.titel),
               "html": _html(md, ctx.cache, h.code)}
              for h, md in delen]
    gemeen = {"editie": editie, "hoofdstukken": inhoud, "demo": demo, "downloads": editie.downloads,
              "demo_label": uitgave.DEMO_LABEL, "demo_tekst": uitgave.DEMO_TEKST,
              "colofon": _html(colofon, ctx.cache, "colofon")}
    pagina = html_env.get_template("site.html.j2")
    (site / "index.html").write_text(pagina.render(**gemeen, huidig=None, basis=""),
                                     encoding="utf-8")
    pagina_van = {anker: h["code"] for h in inhoud for anker in ANKER.findall(h["html"])}
    for deel in inhoud:
        (site / f"{deel['code']}.html").write_text(
            _links_naar_paginas(pagina.render(**gemeen, huidig=deel, basis=""), pagina_van, deel),
            encoding="utf-8")
    _schrijf_od_paginas(ctx, pagina, gemeen, site / "od")
    return html_env.get_template("boek.html.j2").render(**gemeen)


def _html(markdown: str, cache: Bouwcache, naam: str) -> str:
    """A chapter's HTML (`render.markdown_naar_html`), from the cache when its Markdown is."""
    return cache.haal("html", deel_sleutel("html", naam, markdown),
                      lambda: render.markdown_naar_html(markdown).encode(), naam=naam).decode()


LINK_IN_DOCUMENT = re.compile(r'href="#([^"]+)"')
ANKER = re.compile(r'id="([^"]+)"')


def _links_naar_paginas(html: str, pagina_van: dict[str, str], deel: dict) -> str:
    """In the book every chapter is one document; on the site each has its page, so a link to
    a heading of another chapter goes to that chapter's page (`pagina_van`: anchor -> page)."""
    def link(m: re.Match) -> str:
        doel = pagina_van.get(m.group(1))
        if doel is None or doel == deel["code"]:
            return m.group(0)
        return f'href="{doel}.html#{m.group(1)}"'
    return LINK_IN_DOCUMENT.sub(link, html)


def _schrijf_od_paginas(ctx: BouwContext, pagina, gemeen: dict, map_: Path) -> None:
    """A page per OD, from the profiles chapter's computation (`Hoofdstuk.od_pagina`)."""
    map_.mkdir(parents=True, exist_ok=True)
    for od_code, (naam, html) in ctx.paginas.items():
        deel = {"code": f"od/{od_code}", "titel": naam,
                "html": html.replace('src="figuren/', 'src="../figuren/')}  # a folder deeper
        (map_ / f"{od_code}.html").write_text(
            pagina.render(**gemeen, huidig=deel, basis="../"), encoding="utf-8")


def _schrijf_open_data(ctx: BouwContext, snapshot: dict[str, pd.DataFrame], uit: Path) -> None:
    """The open data package in `uit/open-data` and its zip `uit/open-data.zip`: the snapshot as
    it is (also the rows of merged services), the report's derived tables and key figures."""
    from staat_van_vth import indicatoren
    from staat_van_vth.hoofdstukken import alle_kerncijfers

    map_ = uit / "open-data"
    openbaar = {naam: df for naam, df in snapshot.items() if naam not in NIET_OPENBAAR}
    tabellen = {**openbaar, **ctx.afgeleid}
    tabellen["gemeenten_per_od"] = indicatoren.gemeenten_per_od(
        ctx.tabellen["omgevingsdiensten"], ctx.tabellen["deelnames"], ctx.tabellen["od_provincies"])
    kerncijfers = alle_kerncijfers(ctx)
    tabellen["kerncijfers"] = pd.DataFrame(
        [{"code": k.code, "naam": k.naam, "waarde": k.waarde, "vorige": k.vorige,
          "eenheid": k.eenheid} for k in kerncijfers])
    definities = [{"code": k.code, "naam": k.naam, "definitie": k.definitie, "eenheid": k.eenheid,
                   "bron": k.bron} for k in kerncijfers]
    titel = f"Staat van VTH {ctx.jaar}: open data"
    opendata.schrijf_pakket(tabellen, map_, titel=titel, peildatum=ctx.peildatum,
                            extra={"kerncijfers": definities}, cache=ctx.cache)
    metadata = {"titel": titel, "peildatum": ctx.peildatum, "licentie": LICENTIE,
                "tabellen": sorted(tabellen), "kerncijfers": definities}
    (map_ / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False,
                                                   sort_keys=True) + "\n", encoding="utf-8")
    (uit / "open-data.zip").write_bytes(opendata.zip_map(map_, ctx.cache))


def _downloads_op_site(editie: Editiegegevens, uit: Path) -> None:
    """The PDF, DOCX and open-data zip also in the site folder (hard links where the file
    system allows), where the site's start page links them."""
    bron = {"pdf": uit / f"{editie.bestandsnaam}.pdf", "docx": uit / f"{editie.bestandsnaam}.docx",
            "open-data": uit / "open-data.zip"}
    for soort, naam in editie.downloads.items():
        doel = uit / "site" / naam
        doel.unlink(missing_ok=True)
        try:
            os.link(bron[soort], doel)
        except OSError:
            shutil.copyfile(bron[soort], doel)


def _schrijf_manifest(uit: Path, snapshot: Snapshot) -> dict:
    bestanden = sorted(p for p in uit.rglob("*") if p.is_file() and p.name != "manifest.json")
    manifest = {"snapshot_sha256": snapshot.sha256,
                "bestanden": {str(p.relative_to(uit)): hashlib.sha256(p.read_bytes()).hexdigest()
                              for p in bestanden}}
    (uit / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return manifest
