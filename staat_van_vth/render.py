"""Render: Jinja Markdown templates -> Markdown -> HTML (markdown-it, raw HTML disabled, so
editors' text cannot inject markup) -> PDF (WeasyPrint, tagged PDF/UA) and DOCX (pandoc)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import jinja2
import pandas as pd
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from visitatie import taal

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "staat"
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
    """Editors write Markdown, never HTML: raw tags become text and links may only go to safe
    schemes. markdown-it (html disabled) is safe already; pandoc, for the DOCX, is not."""
    return ONVEILIGE_LINK.sub("](#)", tekst.replace("<", "&lt;")).strip()


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
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(getal=getal, md_tabel=md_tabel, datum_nl=datum_nl, md_escape=md_escape)
    return env


UITLIJNING = re.compile(r' style="text-align:(left|right|center)"')


def markdown_naar_html(tekst: str) -> str:
    md = (MarkdownIt("commonmark", {"html": False, "typographer": False})
          .enable("table").use(anchors_plugin, min_level=1, max_level=3,
                               slug_func=slug))
    # Table alignment as a class, not a style attribute: the app's CSP forbids inline styles.
    # (Raw HTML is off, so every style attribute here is markdown-it's own.)
    return UITLIJNING.sub(r' class="uitlijning-\1"', md.render(tekst))


def slug(tekst: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-")


def normaliseer(markdown: str) -> str:
    """At most one blank line in a row, one newline at the end: stable output for diffs."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def schrijf_pdf(html: str, basis: Path, doel: Path) -> None:
    from weasyprint import HTML

    HTML(string=html, base_url=str(basis)).write_pdf(
        doel, pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False,
        custom_metadata=True)


def schrijf_docx(markdown: str, basis: Path, doel: Path) -> None:
    import pypandoc

    referentie = TEMPLATES / "referentie.docx"
    extra = ["--resource-path", str(basis), "--standalone"]
    if referentie.exists():
        extra += ["--reference-doc", str(referentie)]
    pypandoc.convert_text(markdown.replace(".svg)", ".png)"), "docx", format="markdown",
                          outputfile=str(doel), extra_args=extra)


# Vendored by scripts/vendor.py (versions in visitatie/static/vendor/vendor.json): the site
# must work without a CDN. Copied as files, not imported: the pipeline knows no web layer.
VEGA = TEMPLATES.parent.parent / "visitatie" / "static" / "vendor" / "vega"
VEGA_BESTANDEN = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "vega-interpreter.js")


def kopieer_statisch(doel: Path) -> None:
    doel.mkdir(parents=True, exist_ok=True)
    for bestand in ("staat.css", "staat-grafieken.js"):
        shutil.copyfile(TEMPLATES / bestand, doel / bestand)
    (doel / "vendor").mkdir(exist_ok=True)
    for bestand in (*VEGA_BESTANDEN, "LICENSE"):
        if (VEGA / bestand).exists():
            shutil.copyfile(VEGA / bestand, doel / "vendor" / bestand)
