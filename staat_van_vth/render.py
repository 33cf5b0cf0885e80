"""Render: Jinja Markdown templates -> Markdown -> HTML (markdown-it with raw HTML disabled,
then nh3: `visitatie.markdown`, so editors' text cannot inject markup) -> PDF (WeasyPrint,
tagged PDF/UA: `visitatie.uitvoer`) and DOCX (pandoc)."""

from __future__ import annotations

import os
import re
import shutil
import threading
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path

import jinja2
import pandas as pd

from staat_van_vth.bouwcache import Bouwcache, bestand_sleutel, sleutel
from staat_van_vth.hulpproces import Werk
from visitatie import taal, uitvoer
from visitatie.bronnen import SJABLONEN, STATISCH
from visitatie.markdown import naar_html, slug

__all__ = ["slug"]  # the site's anchors, as `markdown_naar_html` makes them

TEMPLATES = SJABLONEN / "staat"
MD_SPECIAAL = re.compile(r"([\\`*_\[\]<>|#])")
ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date in a table cell: printed the Dutch way
TABELTITEL = re.compile(r"^\*Tabel \d+\. ", re.MULTILINE)  # a table's caption, as ctx.tabel_titel


# Every line end CommonMark, pandoc or a browser knows (as visitatie.markdown.REGELEINDE): a
# value in a table cell or heading stays on its one line.
REGELEINDE = re.compile("\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def md_escape(waarde) -> str:
    return MD_SPECIAAL.sub(r"\\\1", REGELEINDE.sub(" ", str(waarde)))


ONVEILIGE_LINK = re.compile(
    r"\]\(\s*<?\s*(?:javascript|vbscript|data|file):[^()]*(?:\([^()]*\)[^()]*)*\)", re.IGNORECASE)


def veilige_redactietekst(tekst: str) -> str:
    """Editors write Markdown, never HTML: raw tags become text, links may only go to safe
    schemes and an image is text (pandoc would fetch its address for the DOCX). markdown-it
    (html disabled) is safe already; pandoc is not."""
    return ONVEILIGE_LINK.sub("](#)", tekst.replace("<", "&lt;").replace("![", "\\![")).strip()


def getal(waarde) -> str:
    """Dutch number format: 1.234,5; integers without decimals (visitatie.taal, the one home)."""
    if waarde is not None and not isinstance(waarde, str | bool) and pd.isna(waarde):
        return "–"
    return taal.getal(waarde)


def datum_nl(waarde: str | date) -> str:
    return taal.datum_nl(date.fromisoformat(waarde) if isinstance(waarde, str) else waarde)


def md_tabel(df: pd.DataFrame, kolommen: dict[str, str] | None = None) -> str:
    """A pipe table; numbers right-aligned and in Dutch format."""
    kolommen = kolommen or {k: k for k in df.columns}
    numeriek = {k: pd.api.types.is_numeric_dtype(df[k]) and not pd.api.types.is_bool_dtype(df[k])
                for k in kolommen}
    regels = ["| " + " | ".join(md_escape(v) for v in kolommen.values()) + " |",
              "|" + "|".join("---:" if numeriek[k] else "---" for k in kolommen) + "|"]
    for rij in df[list(kolommen)].itertuples(index=False):
        regels.append("| " + " | ".join(_cel(v, numeriek[k])
                                        for k, v in zip(kolommen, rij, strict=True)) + " |")
    return "\n".join(regels)


def _cel(waarde, numeriek: bool) -> str:
    """Numbers (also in object columns, where suppressed values are None) in Dutch format;
    a missing or suppressed value as a dash, never as an empty cell."""
    if waarde is None or (not isinstance(waarde, str) and pd.isna(waarde)):
        return "–"
    if numeriek or isinstance(waarde, bool | int | float):
        return getal(waarde)
    if isinstance(waarde, str) and ISO_DATUM.fullmatch(waarde):
        return datum_nl(waarde)
    return md_escape(waarde)


def jinja_omgeving() -> jinja2.Environment:
    """The chapters' environment: they write Markdown (`visitatie.uitvoer.jinja_omgeving`)."""
    return uitvoer.jinja_omgeving(html=False, map_=TEMPLATES, filters={
        "getal": getal, "md_tabel": md_tabel, "datum_nl": datum_nl, "md_escape": md_escape,
        "aantal": lambda n, enkelvoud, meervoud: taal.aantal(int(n), enkelvoud, meervoud)})


def markdown_naar_html(tekst: str) -> str:
    """Headings with anchors, sanitised (the one Markdown path, `visitatie.markdown`), then the
    captions of tables and figures marked up."""
    return bijschriften(str(naar_html(tekst, ankers=True, figuren=True)))


# A paragraph "Tabel n…" right before a table, or "Figuur n…" right before or after an image,
# is that table's or figure's caption: <caption> and <figure>/<figcaption>, which WeasyPrint
# tags as Caption in the PDF and a screen reader announces with its table or figure.
BIJSCHRIFT = r"<p>({soort} \d+\b(?:(?!</p>).)*)</p>"
AFBEELDING = r"<p>(<img [^>]*>)</p>"
TABELBIJSCHRIFT = re.compile(BIJSCHRIFT.format(soort="Tabel") + r"\n<table>", re.S)
FIGUURBIJSCHRIFT_BOVEN = re.compile(BIJSCHRIFT.format(soort="Figuur") + r"\n" + AFBEELDING, re.S)
FIGUURBIJSCHRIFT_ONDER = re.compile(AFBEELDING + r"\n" + BIJSCHRIFT.format(soort="Figuur"), re.S)
# the chapters' figure macro: the caption in bold, a line break, the image, in one paragraph
FIGUURBIJSCHRIFT_VET = re.compile(r"<p><strong>(Figuur \d+\b[^<]*)</strong><br>\n(<img [^>]*>)</p>")


def bijschriften(html: str) -> str:
    html = TABELBIJSCHRIFT.sub(r"<table>\n<caption>\1</caption>", html)
    html = FIGUURBIJSCHRIFT_VET.sub(r"<figure>\n<figcaption>\1</figcaption>\n\2\n</figure>", html)
    html = FIGUURBIJSCHRIFT_BOVEN.sub(r"<figure>\n<figcaption>\1</figcaption>\n\2\n</figure>", html)
    return FIGUURBIJSCHRIFT_ONDER.sub(r"<figure>\n\1\n<figcaption>\2</figcaption>\n</figure>", html)


def normaliseer(markdown: str) -> str:
    """At most one blank line in a row, one newline at the end: stable output for diffs."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def schrijf_pdf(html: str, basis: Path, doel: Path, *, gemaakt: date,
                cache: Bouwcache | Path | None = None, werk: Werk | None = None) -> None:
    """Tagged PDF/UA-1 with `gemaakt` (the edition's reference date) as its creation and
    modification date, so the same HTML gives the same bytes; laid out in parts that the build
    cache keeps (`pdfdelen`), each mended by pdfua.herstel, merged into one document. `werk`:
    the queue the parts are laid out through (`hulpproces`), by default this process alone."""
    from staat_van_vth import pdfdelen

    try:
        with nullcontext(werk) if werk else Werk(hulp=False) as werk_:
            bouwer = pdfdelen.PdfBouwer(werk_, basis, gemaakt, Bouwcache.van(cache))
            doel.write_bytes(pdfdelen.bouw_pdf(html, bouwer))
    finally:  # a long-running process builds into a new folder each time: keep no fonts for it
        opmaker.cache_clear()


class Opmaker:
    """WeasyPrint for the many parts of one build: one font configuration (fonts loaded once)
    and every stylesheet parsed once per content, both made when first needed (a build that
    finds every part in the cache loads neither). One per site folder and date in a process
    (`opmaker`), so the build's process and its helper (`hulpproces`) each keep theirs."""

    def __init__(self, basis: Path, gemaakt: date):
        self.basis, self.gemaakt = basis, gemaakt
        self._lettertypen = None
        self._stijlen: dict[tuple[str, str], object] = {}

    def pdf(self, html: str, stijlbladen: tuple[str, ...] = ()) -> bytes:
        """`html` as tagged PDF/UA-1 (`pdf_document`) with the stylesheets `stijlbladen` (paths
        under `basis`)."""
        return pdf_document(html, self.basis, gemaakt=self.gemaakt, font_config=self.lettertypen(),
                            stylesheets=self.stijlen(stijlbladen))

    def aantal_paginas(self, html: str, stijlbladen: tuple[str, ...] = ()) -> int:
        """How many pages `pdf` would give: laid out, no PDF written."""
        return len(uitvoer.opmaak(html, basis=self.basis, font_config=self.lettertypen(),
                                  stylesheets=self.stijlen(stijlbladen)).pages)

    def zonder_tags(self, html: str, stijlbladen: tuple[str, ...] = ()) -> bytes:
        """`html` as a plain PDF (no tags: what it draws is placed as an artifact elsewhere)."""
        with vaste_bouwtijd(self.gemaakt):
            return uitvoer.opmaak(html, basis=self.basis, font_config=self.lettertypen(),
                                  stylesheets=self.stijlen(stijlbladen), pdf_tags=False,
                                  pdf_variant=None).write_pdf()

    def lettertypen(self):
        from weasyprint.text.fonts import FontConfiguration

        self._lettertypen = self._lettertypen or FontConfiguration()
        return self._lettertypen

    def stijlen(self, stijlbladen: tuple[str, ...]) -> list:
        """The stylesheets parsed, each once per content (an edited file is parsed again)."""
        sleutels = [(pad, bestand_sleutel(self.basis / pad)) for pad in stijlbladen]
        for pad, inhoud in sleutels:
            if (pad, inhoud) not in self._stijlen:
                self._stijlen[pad, inhoud] = uitvoer.stijlblad(self.basis / pad, self.lettertypen())
        return [self._stijlen[s] for s in sleutels]


@lru_cache(maxsize=4)
def opmaker(basis: Path, gemaakt: date) -> Opmaker:
    """This process's Opmaker for one build's site folder (emptied when its PDF is done)."""
    return Opmaker(basis, gemaakt)


# The tasks `pdfdelen` gives to `hulpproces.Werk`: plain arguments, so either process runs them.
def pdf_deel(basis: Path, gemaakt: date, stijlbladen: tuple[str, ...], html: str) -> bytes:
    return opmaker(basis, gemaakt).pdf(html, stijlbladen)


def paginas_deel(basis: Path, gemaakt: date, stijlbladen: tuple[str, ...], html: str) -> int:
    return opmaker(basis, gemaakt).aantal_paginas(html, stijlbladen)


def paginanummers(basis: Path, gemaakt: date, stijlbladen: tuple[str, ...], html: str) -> bytes:
    return opmaker(basis, gemaakt).zonder_tags(html, stijlbladen)


def pdf_document(html: str, basis: Path, *, gemaakt: date, font_config=None,
                 stylesheets: list | None = None) -> bytes:
    """One HTML document as a tagged PDF/UA-1 with fixed dates, mended by pdfua.herstel."""
    from staat_van_vth import pdfua

    with vaste_bouwtijd(gemaakt):
        pdf = uitvoer.pdf_ua(html, basis=basis, gemaakt=gemaakt, font_config=font_config,
                             stylesheets=stylesheets or ())
    return pdfua.herstel(pdf)


_BOUWTIJD = threading.Lock()


@contextmanager
def vaste_bouwtijd(gemaakt: date):
    """SOURCE_DATE_EPOCH while a PDF is made: fontTools (WeasyPrint's font subsetter when
    HarfBuzz-subset is missing) stamps each embedded font with it. One build at a time sets it
    (the variable is process-wide; pandoc gets it in its own environment, `_docx`)."""
    with _BOUWTIJD:
        vorige = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch(gemaakt))
        try:
            yield
        finally:
            if vorige is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = vorige


def epoch(dag: date) -> int:
    return int(datetime.combine(dag, time(0, 0), tzinfo=UTC).timestamp())


REFERENTIE_DOCX = TEMPLATES / "referentie.docx"  # made by scripts/maak_referentie_docx.py
KOLOMBREEDTES = TEMPLATES / "kolombreedtes.lua"
AFBEELDINGEN = TEMPLATES / "afbeeldingen.lua"  # fixed sizes of the small charts


PANDOC_OPTIES = ("--standalone", "--toc", "--toc-depth=2", "--metadata", "toc-title=Inhoud")
AFBEELDING_MD = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def schrijf_docx(markdown: str, basis: Path, doel: Path, *, gemaakt: date,
                 cache: Bouwcache | Path | None = None) -> None:
    """DOCX in the house style of referentie.docx: a contents field, page numbers in the
    footer, a page break before every chapter, column widths from the content, and `gemaakt`
    as every date inside (document properties, zip entries), so the same Markdown gives the
    same bytes. Cached on the Markdown, the images it includes, the house style and pandoc's
    version."""
    import pypandoc

    markdown = markdown.replace(".svg)", ".png)")
    afbeeldingen = [f"{p}={bestand_sleutel(basis / p)}"
                    for p in sorted(set(AFBEELDING_MD.findall(markdown)))]
    sleutel_ = sleutel("docx", markdown, *afbeeldingen, REFERENTIE_DOCX.read_bytes(),
                       KOLOMBREEDTES.read_bytes(), AFBEELDINGEN.read_bytes(), *PANDOC_OPTIES,
                       pypandoc.get_pandoc_version(), gemaakt.isoformat())
    doel.write_bytes(Bouwcache.van(cache).haal(
        "docx", sleutel_, lambda: _docx(markdown, basis, gemaakt), naam=doel.name))


def _docx(markdown: str, basis: Path, gemaakt: date) -> bytes:
    """pandoc as a child process with SOURCE_DATE_EPOCH in its own environment (not the
    process-wide one of `vaste_bouwtijd`), so the build lays out the PDF meanwhile."""
    import subprocess
    import tempfile

    import pypandoc

    with _BOUWTIJD:  # a PDF part may be setting SOURCE_DATE_EPOCH in this process meanwhile
        omgeving = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch(gemaakt))}
    with tempfile.TemporaryDirectory(prefix="staat-docx-") as tmp:
        uit = Path(tmp) / "staat.docx"
        subprocess.run([pypandoc.get_pandoc_path(), "--from=markdown", "--to=docx", f"--output={uit}",
                        "--resource-path", str(basis), "--reference-doc", str(REFERENTIE_DOCX),
                        "--lua-filter", str(KOLOMBREEDTES), "--lua-filter", str(AFBEELDINGEN),
                        *PANDOC_OPTIES], input=markdown.encode("utf-8"), check=True,
                       capture_output=True, env=omgeving)
        return uit.read_bytes()


# Vendored by scripts/vendor.py (versions in visitatie/static/vendor/vendor.json): the site
# must work without a CDN. Copied as files, not imported: the pipeline knows no web layer.
VEGA = STATISCH / "vendor" / "vega"
VEGA_BESTANDEN = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega-interpreter.js")


def kopieer_statisch(doel: Path) -> None:
    doel.mkdir(parents=True, exist_ok=True)
    for bestand in ("staat.css", "staat-grafieken.js"):
        shutil.copyfile(TEMPLATES / bestand, doel / bestand)
    (doel / "vendor").mkdir(exist_ok=True)
    for bestand in (*VEGA_BESTANDEN, "LICENSE"):
        if (VEGA / bestand).exists():
            shutil.copyfile(VEGA / bestand, doel / "vendor" / bestand)
