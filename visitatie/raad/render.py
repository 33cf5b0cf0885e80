"""Laying out a summary: the standalone HTML document (one Jinja template, also used inside the
portal page) and its PDF (A4, tagged PDF/UA-1, WeasyPrint). Works without a Flask app, so the
batch can render in worker processes."""

from __future__ import annotations

import importlib.metadata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import markupsafe

from staat_van_vth.bouwcache import schrijf_heel, sleutel
from visitatie import uitvoer
from visitatie.bronnen import STATISCH

if TYPE_CHECKING:  # the PDF workers import this module: only what rendering needs
    from visitatie.raad.samenvatting import Samenvatting

TEMPLATES = uitvoer.TEMPLATES
CSS_PAD = STATISCH / "css" / "raad.css"


@cache
def omgeving() -> jinja2.Environment:
    return uitvoer.jinja_omgeving(html=True)


def fragment_html(s: Samenvatting) -> str:
    """The summary itself, as the portal page and the document both show it."""
    return omgeving().get_template("raad/_samenvatting.html").render(s=s)


def document_html(s: Samenvatting, *, css_href: str | None = None, fragment: str | None = None) -> str:
    """The standalone document; `css_href` links the stylesheet (the PDF gets it directly).
    `fragment`: the summary's `fragment_html` when it is already made, so the summary is laid
    out once for every document that shows it."""
    inhoud = markupsafe.Markup(fragment_html(s) if fragment is None else fragment)
    return omgeving().get_template("raad/document.html").render(s=s, css_href=css_href, fragment=inhoud)


class PdfMaker:
    """Renders PDFs with one font configuration and one parsed stylesheet, reused for every
    document: parsing the CSS and setting up fonts each time costs more than a small page."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        self.css = uitvoer.stijlblad(CSS_PAD, self.fonts)  # parsed as the Staat's (local files only)

    def pdf(self, html: str) -> bytes:
        return uitvoer.pdf_ua(html, basis=TEMPLATES, stylesheets=[self.css], font_config=self.fonts)


@cache
def pdf_maker() -> PdfMaker:
    """One per process (the batch's workers each get their own)."""
    return PdfMaker()


@cache
def _opmaakversie() -> tuple[bytes, str, str]:
    """What besides the HTML decides a PDF: the stylesheet, the renderer's version and the code
    that calls it (`uitvoer.pdf_ua`). The version is read without importing WeasyPrint (~1 s),
    which a build that finds every PDF in its cache never needs."""
    return (CSS_PAD.read_bytes(), importlib.metadata.version("weasyprint"),
            Path(uitvoer.__file__).read_text(encoding="utf-8"))


def pdf_sleutel(document: str) -> str:
    """What decides a summary's PDF: its HTML, the stylesheet and the renderer (the key of the
    portal's store and of the batch's build cache, by the one key function of the build cache)."""
    return sleutel("raad-pdf", document, *_opmaakversie())


def pdf_uit_voorraad(document: str, map_: Path) -> bytes:
    """The PDF of a document, rendered once: a store addressed by the document's content (the
    same HTML and stylesheet always give the same PDF, so it is never stale), in the storage
    folder that all app processes share. A public download then costs a file read, not a render."""
    pad = map_ / f"{pdf_sleutel(document)}.pdf"
    if pad.is_file():
        return pad.read_bytes()
    # The app's storage (a folder or an object store) loads Flask, which the workers that import
    # this module do not need.
    from visitatie import opslag

    inhoud = pdf_maker().pdf(document)
    opslag.schrijf_heel(pad, inhoud)  # a concurrent reader sees the whole file or none
    return inhoud


# A tiny page in the summaries' style: rendering it once warms fonts and caches.
PROEFPAGINA = ('<!doctype html><html lang="nl"><head><title>Proef</title></head><body class="raad-document">'
               '<main><h1>Proef</h1><p>Een <strong>korte</strong> zin.</p></main></body></html>')


def warm_op() -> None:
    """Batch worker start: set up fonts and stylesheet and render a tiny page once, while the
    main process is still writing HTML, so the first real document pays for none of it."""
    pdf_maker().pdf(PROEFPAGINA)


def schrijf_pdf(document: str, doel: str, bewaar: str | None = None) -> str:
    """Batch worker task: one document's PDF into a file (and into the build cache at `bewaar`).
    Lives here, not in batch.py, so the workers import only what rendering needs (no database,
    no readability check)."""
    inhoud = pdf_maker().pdf(document)
    Path(doel).write_bytes(inhoud)
    if bewaar:
        schrijf_heel(Path(bewaar), inhoud)
    return doel
