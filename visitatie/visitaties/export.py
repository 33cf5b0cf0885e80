"""The final report as PDF (tagged, PDF/UA-1, WeasyPrint) and DOCX (pandoc). Both start from the
sanitised HTML of visitatie.markdown, so links like javascript: never reach either file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from markupsafe import escape

from visitatie.markdown import naar_html
from visitatie.uitvoer import pdf_ua

CSS = """
@page { size: A4; margin: 2cm; @bottom-right { content: counter(page) " / " counter(pages); } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 1.4em; } h3 { font-size: 11.5pt; }
blockquote { border-left: 3px solid #999; margin-left: 0; padding-left: 0.8em; color: #333; }
"""


def html_document(titel: str, markdown: str) -> str:
    """A complete, language-tagged HTML document for the report."""
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{escape(titel)}</title>'
        f"<style>{CSS}</style></head><body>{naar_html(markdown)}</body></html>"
    )


def naar_pdf(titel: str, markdown: str, **opties) -> bytes:
    """Tagged PDF/UA-1 (structure tree, language, title)."""
    return pdf_ua(html_document(titel, markdown), **opties)


def naar_docx(titel: str, markdown: str) -> bytes:
    import pypandoc

    with tempfile.TemporaryDirectory() as tmp:
        doel = Path(tmp) / "rapport.docx"
        pypandoc.convert_text(
            html_document(titel, markdown),
            "docx",
            format="html",
            outputfile=str(doel),
            extra_args=["--metadata", f"title={titel}", "--metadata", "lang=nl-NL"],
        )
        return doel.read_bytes()


def in_cache(map_: Path, sleutel: str, maak) -> bytes:
    """Conversions take seconds: keep each (report version, format) once on disk."""
    pad = map_ / sleutel
    if pad.is_file():
        return pad.read_bytes()
    inhoud = maak()
    map_.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(inhoud)
    return inhoud
