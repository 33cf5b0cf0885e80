"""Render: Jinja Markdown templates -> Markdown -> HTML (markdown-it with raw HTML disabled,
then nh3: `visitatie.markdown`, so editors' text cannot inject markup) -> PDF (WeasyPrint,
tagged PDF/UA: `visitatie.uitvoer`) and DOCX (pandoc)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import jinja2
import pandas as pd

from visitatie import uitvoer
from visitatie.markdown import naar_html, slug

__all__ = ["slug"]  # the site's anchors, as `markdown_naar_html` makes them

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "staat"
MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]
MD_SPECIAAL = re.compile(r"([\\`*_\[\]<>|#])")


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
    """Dutch number format: 1.234,5; integers without decimals."""
    if waarde is None or (isinstance(waarde, float) and pd.isna(waarde)):
        return "–"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if float(waarde).is_integer():
        return f"{int(waarde):,}".replace(",", ".")
    return f"{waarde:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def datum_nl(waarde: str | date) -> str:
    d = date.fromisoformat(waarde) if isinstance(waarde, str) else waarde
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


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
    return md_escape(waarde)


def jinja_omgeving() -> jinja2.Environment:
    """The chapters' environment: they write Markdown (`visitatie.uitvoer.jinja_omgeving`)."""
    return uitvoer.jinja_omgeving(html=False, map_=TEMPLATES, filters={
        "getal": getal, "md_tabel": md_tabel, "datum_nl": datum_nl, "md_escape": md_escape})


def markdown_naar_html(tekst: str) -> str:
    """Headings with anchors, sanitised: the one Markdown path (`visitatie.markdown`)."""
    return str(naar_html(tekst, ankers=True))


def normaliseer(markdown: str) -> str:
    """At most one blank line in a row, one newline at the end: stable output for diffs."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def schrijf_pdf(html: str, basis: Path, doel: Path) -> None:
    uitvoer.pdf_ua(html, basis=basis, doel=doel)


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
