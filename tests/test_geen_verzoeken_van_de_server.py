"""Rendering a text never makes the server fetch an address a user wrote (no SSRF through
images): Markdown keeps images only in the Staat and only its own charts, editors' images
become text, and the PDF writer fetches nothing from the network."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from staat_van_vth.render import markdown_naar_html, veilige_redactietekst
from visitatie.markdown import naar_html
from visitatie.uitvoer import pdf_ua

INTERN = "http://169.254.169.254/latest/meta-data"


def test_user_markdown_keeps_no_image():
    assert "<img" not in naar_html(f"Zie ![kaart]({INTERN})")


def test_the_staat_keeps_only_its_own_charts():
    html = markdown_naar_html(f"![a](figuren/omvang.svg) ![b]({INTERN}) ![c](../figuren/x.svg)")
    assert 'src="figuren/omvang.svg"' in html
    assert INTERN not in html and "../figuren" not in html


def test_an_editors_image_becomes_a_link_pandoc_will_not_fetch():
    tekst = veilige_redactietekst(f"Zie ![kaart]({INTERN}).")
    assert "![" not in tekst.replace("\\![", "")
    assert "<img" not in markdown_naar_html(tekst)


@pytest.fixture
def luisteraar():
    verzoeken = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            verzoeken.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    yield f"http://127.0.0.1:{server.server_port}", verzoeken
    server.shutdown()
    server.server_close()
    draad.join()


def test_the_pdf_writer_fetches_nothing_from_the_network(luisteraar):
    adres, verzoeken = luisteraar
    html = (f'<html lang="nl"><head><title>t</title><link rel="stylesheet" href="{adres}/s.css">'
            f'</head><body><p>Tekst</p><img src="{adres}/geheim.png" alt="x"></body></html>')
    assert pdf_ua(html).startswith(b"%PDF")
    assert verzoeken == []
