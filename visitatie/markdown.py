"""Markdown for long answers and reports: markdown-it-py with raw HTML disabled, then nh3 as a
second line of defence. The one place that turns user text into HTML, and the one place that
puts someone else's text into a Markdown document (`letterlijk`, `citaat`): there it is text,
never structure, whatever line ends or Markdown it holds."""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "s",
}
# Images only in the Staat van VTH, and only its own charts: an image address elsewhere would make
# the server fetch it when it renders a PDF or DOCX (a request to any internal address).
EIGEN_FIGUUR = re.compile(r"figuren/[A-Za-z0-9._-]+")


ATTRIBUTEN = {"a": {"href", "title"}, "th": {"scope"}, **{f"h{n}": {"id"} for n in range(1, 7)}}
# Table alignment as a class, not a style attribute: the app's CSP forbids inline styles.
UITLIJNING = re.compile(r' style="text-align:(left|right|center)"')
KLASSEN = {cel: {"uitlijning-left", "uitlijning-right", "uitlijning-center"} for cel in ("th", "td")}


@cache
def _md(ankers: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    return md.use(anchors_plugin, min_level=1, max_level=3, slug_func=slug) if ankers else md


def _alleen_eigen_figuren(element: str, attribuut: str, waarde: str) -> str | None:
    if element == "img" and attribuut == "src" and not EIGEN_FIGUUR.fullmatch(waarde):
        return None
    return waarde


def slug(tekst: str) -> str:
    """A heading's anchor: lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-")


def naar_html(tekst: str | None, *, ankers: bool = False, figuren: bool = False) -> Markup:
    """Safe HTML for a Markdown text (empty for None): the one path for user text, the
    visitation report, the council summaries and the Staat van VTH. `ankers` gives headings of
    levels 1 to 3 an id (`slug`) to link to, as the Staat's site and table of contents do;
    `figuren` keeps images whose address is one of the edition's own charts (`figuren/...`)."""
    if not tekst:
        return Markup("")
    html = UITLIJNING.sub(r' class="uitlijning-\1"', _md(ankers).render(tekst))
    schoon = nh3.clean(
        html,
        tags=TAGS | {"img"} if figuren else TAGS,
        attributes={**ATTRIBUTEN, "img": {"src", "alt", "title"}} if figuren else ATTRIBUTEN,
        attribute_filter=_alleen_eigen_figuren,
        allowed_classes=KLASSEN,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(schoon)  # noqa: S704 - sanitised by nh3 just above


# Every character that ends a line somewhere: CommonMark itself knows \r\n, \r and \n; pandoc
# (DOCX, PDF) and browsers know more. All become \n before a text is placed in a document.
REGELEINDE = re.compile("\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# CommonMark lets a backslash escape any ASCII punctuation: escaped, none of it is structure.
LEESTEKEN = re.compile(r"([!-/:-@\[-`{-~])")


def regels(tekst: str) -> list[str]:
    """The lines of a text, split at every kind of line end."""
    return REGELEINDE.sub("\n", tekst or "").split("\n")


def letterlijk(tekst: str) -> str:
    """Text that renders as exactly this text in Markdown: every punctuation mark escaped and
    leading spaces dropped per line (no heading, list, quote, code block, link, table or HTML
    can start), lines kept as hard line breaks, blank lines as paragraph breaks."""
    uit = [LEESTEKEN.sub(r"\\\1", regel.strip()) for regel in regels(tekst)]
    while uit and not uit[0]:
        uit.pop(0)
    while uit and not uit[-1]:
        uit.pop()
    return "\n".join(regel + "\\" if regel and volgende else regel
                     for regel, volgende in zip(uit, uit[1:] + [""], strict=True))


def op_een_regel(tekst: str) -> str:
    """`letterlijk` for a place that holds one line (a heading, a table cell, a list item)."""
    return letterlijk(" ".join(regels(tekst)))


def citaat(tekst: str) -> str:
    """Someone else's text as a block quote of its own: escaped with `letterlijk`, then every
    line (and only after line ends are normalised) carries the quote marker, so nothing in the
    text can end the quote and write outside it."""
    return "\n".join(f"> {regel}".rstrip() for regel in letterlijk(tekst).split("\n"))
