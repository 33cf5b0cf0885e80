"""Finding 4 of issue 18: someone else's text placed in a Markdown document stays text. The
reviewed OD's right-of-reply text could end its quote with a bare CR and add a forged heading
to the committee's published report; now every line end is normalised and the text is escaped
and quoted as a block of its own (`visitatie.markdown.citaat`, `letterlijk`, `op_een_regel`)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from staat_van_vth.render import md_escape
from visitatie.markdown import citaat, letterlijk, naar_html, op_een_regel, regels
from visitatie.visitaties.rapport import wederhoor_bijlage

VALSE_KOP = "Oordeel van de commissie na wederhoor"
REGELEINDEN = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029"]
MARKDOWN = ["## " + VALSE_KOP, "# kop", "> ander citaat", "- lijst", "1. lijst", "    code", "```", "---",
            "===", "| a | b |\n|---|---|", "<script>x</script>", "[klik](javascript:alert(1))",
            "![b](https://x.nl/b.png)", "*nadruk* __vet__", "&lt;b&gt; &#x2028;", "regel\\", "<https://x.nl>"]
PAYLOADS = [f"Begin{eind}{m}{eind}Einde" for eind in REGELEINDEN for m in MARKDOWN]


def tags(html: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", html))


def tekst_van(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_a_bare_cr_in_a_reply_no_longer_forges_a_heading_in_the_report():
    reactie = {"sectie": "Professionaliteit", "soort": "Aanvulling", "besluit": "Niet overgenomen",
               "tekst": f"Wij zijn het oneens.\r## {VALSE_KOP}\rZeer goed.", "antwoord": "Blijft staan."}
    html = str(naar_html(wederhoor_bijlage([reactie])))
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Bijlage: wederhoor"]
    citaat_html = re.search(r"<blockquote>(.*?)</blockquote>", html, re.S).group(1)
    assert f"## {VALSE_KOP}" in citaat_html and "Zeer goed." in citaat_html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_quoted_text_is_one_quote_of_plain_text_whatever_it_holds(payload):
    html = str(naar_html(citaat(payload)))
    assert tags(html) <= {"blockquote", "p", "br"}, html
    assert html.count("<blockquote>") == 1
    verwacht = [r.strip() for r in regels(payload) if r.strip()]
    assert [r.strip() for r in tekst_van(html).split("\n") if r.strip()] == verwacht


@pytest.mark.parametrize("payload", PAYLOADS)
def test_literal_text_and_one_line_text_never_become_structure(payload):
    assert tags(str(naar_html(letterlijk(payload)))) <= {"p", "br"}
    een_regel = str(naar_html("### " + op_een_regel(payload)))
    assert tags(een_regel) == {"h3"} and een_regel.count("<h3>") == 1


@pytest.mark.parametrize("eind", REGELEINDEN)
def test_a_table_cell_of_the_staat_stays_in_its_row(eind):
    tabel = f"| a |\n|---|\n| {md_escape(f'x{eind}| b |{eind}## kop')} |"
    html = str(naar_html(tabel))
    assert html.count("<tr>") == 2 and "<h2>" not in html
