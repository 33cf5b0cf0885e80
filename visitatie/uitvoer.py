"""The output kit outside Flask, shared by the Staat van VTH (`staat_van_vth.render`), the
council summaries (`visitatie.raad.render`) and the visitation report (`visitatie.visitaties`
`.rapport` and `.export`): one Jinja environment factory and one PDF/UA writer. Markdown to
HTML has its home in `visitatie.markdown` (markdown-it-py, then nh3); Dutch numbers and dates in
`visitatie.taal`. Nothing here imports Flask, so the pipeline and the batch workers use it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import jinja2

from visitatie.bronnen import SJABLONEN

TEMPLATES = SJABLONEN


def jinja_omgeving(*, html: bool, map_: Path = TEMPLATES,
                   filters: dict[str, Callable] | None = None) -> jinja2.Environment:
    """A template environment: `html` escapes every value (an HTML page); without it the
    templates write Markdown, which `visitatie.markdown` turns into sanitised HTML later, so
    values stay as they are and a trailing newline is kept. Undefined names are errors."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(map_)), autoescape=html,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=not html)
    env.filters.update(filters or {})
    return env


def alleen_lokaal():
    """WeasyPrint's fetcher for our own files only (stylesheets, fonts, charts): a PDF is never
    the reason the server requests an address on the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"})


PDF_UA = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": True}


def pdf_ua(html: str, *, basis: Path | str | None = None, stylesheets: Iterable = (),
           font_config=None, doel: Path | str | None = None, gemaakt: date | None = None,
           **opties) -> bytes | None:
    """A tagged PDF/UA-1 (structure tree, language, title, the document's own metadata) of an
    HTML document, by WeasyPrint: as bytes, or written to `doel` (then None). `basis` is where
    relative links (images, stylesheets) are found; `gemaakt` fixes the creation and
    modification dates, so the same HTML gives the same bytes."""
    document = opmaak(html, basis=basis, stylesheets=stylesheets, font_config=font_config, **opties)
    if gemaakt is not None:
        document.metadata.created = document.metadata.modified = f"{gemaakt.isoformat()}T00:00:00Z"
    return document.write_pdf(str(doel) if doel else None, **{**PDF_UA, **opties})


def opmaak(html: str, *, basis: Path | str | None = None, stylesheets: Iterable = (),
           font_config=None, **opties):
    """The HTML laid out in pages as `pdf_ua` lays it out (a WeasyPrint Document): to count its
    pages without writing a PDF. `stylesheets` (weasyprint.CSS) count as the user's, below the
    document's own <link> and <style>."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(basis) if basis else None,
                url_fetcher=alleen_lokaal()).render(
        stylesheets=list(stylesheets) or None, font_config=font_config, **{**PDF_UA, **opties})


def stijlblad(pad: Path, font_config=None):
    """A stylesheet parsed once (weasyprint.CSS), for many documents (`opmaak`'s `stylesheets`)."""
    from weasyprint import CSS

    return CSS(url=pad.resolve().as_uri(), url_fetcher=alleen_lokaal(), font_config=font_config)
