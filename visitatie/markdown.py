"""Markdown for long answers and reports: markdown-it-py with raw HTML disabled, then nh3 as a
second line of defence. The one place that turns user text into HTML."""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

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
}


@cache
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def naar_html(tekst: str | None) -> Markup:
    """Safe HTML for a Markdown text (empty for None)."""
    if not tekst:
        return Markup("")
    html = _md().render(tekst)
    schoon = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(schoon)
