"""Building every summary of an edition: HTML for all 354 participants first (one process:
gathering the data once and laying out HTML is cheap), then the PDFs in parallel across the
cores, which is where the time goes (WeasyPrint).

The PDF workers only turn finished HTML into PDF: they never touch the database, so they need
no app or engine of their own, and each keeps one font configuration and stylesheet for all the
documents it renders. Workers are started with "spawn": the in-app job runs in a thread, and
forking a multi-threaded process is unsafe."""

from __future__ import annotations

import html
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlmodel import Session

from visitatie.errors import DomeinFout
from visitatie.publicatie.models import Editie
from visitatie.raad.leesbaarheid import controleer
from visitatie.raad.operations import editie_met_jaar, laad_bron, samenvatting_voor
from visitatie.raad.render import CSS_PAD, document_html, pdf_maker
from visitatie.taken.runner import taaksoort

Voortgang = Callable[[int, int, str], None]  # done, total, what


@dataclass
class BouwVerslag:
    map: Path
    aantal: int = 0
    pdfs: int = 0
    leesbaarheid: list[tuple[str, str, str]] = field(default_factory=list)  # code, block, reason
    tijden: dict[str, float] = field(default_factory=dict)

    def als_dict(self) -> dict:
        return {"map": str(self.map), "aantal": self.aantal, "pdfs": self.pdfs,
                "leesbaarheid_fouten": [list(r) for r in self.leesbaarheid],
                "tijden": {k: round(v, 2) for k, v in self.tijden.items()}}


def standaard_werkers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def bouw_html(db: Session, editie: Editie, uit: Path, verslag: BouwVerslag) -> list[tuple[str, str]]:
    """Write `<code>.html` for every participant plus an index; return (code, HTML for the PDF)."""
    uit.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CSS_PAD, uit / "raad.css")
    bron = laad_bron(db, editie)
    voor_pdf, index = [], []
    for deelnemer in bron.gesorteerd():
        s = samenvatting_voor(bron, deelnemer.code)
        verslag.leesbaarheid += [(s.code, u.sleutel, u.reden()) for u in controleer(s.blokken())]
        (uit / f"{s.code}.html").write_text(document_html(s, css_href="raad.css"), encoding="utf-8")
        voor_pdf.append((s.code, document_html(s)))
        index.append((s.code, deelnemer.weergavenaam))
    (uit / "index.html").write_text(_index_html(editie, index), encoding="utf-8")
    verslag.aantal = len(voor_pdf)
    return voor_pdf


def _index_html(editie: Editie, items: list[tuple[str, str]]) -> str:
    regels = "\n".join(f'<li><a href="{code}.html">{html.escape(naam)}</a> '
                       f'(<a href="{code}.pdf">PDF</a>)</li>' for code, naam in items)
    return (f'<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>Samenvattingen voor '
            f'raad en Staten, Staat van VTH {editie.jaar}</title><link rel="stylesheet" href="raad.css">'
            f'</head><body class="raad-document"><main><h1>Samenvattingen voor raad en Staten, '
            f'editie {editie.jaar}</h1><ul>\n{regels}\n</ul></main></body></html>\n')


def _schrijf_pdf(code: str, document: str, doel: str) -> str:
    Path(doel).write_bytes(pdf_maker().pdf(document))
    return code


def bouw_pdfs(documenten: list[tuple[str, str]], uit: Path, *, werkers: int,
              voortgang: Voortgang) -> int:
    totaal = len(documenten)
    if werkers <= 1:
        for i, (code, document) in enumerate(documenten, 1):
            _schrijf_pdf(code, document, str(uit / f"{code}.pdf"))
            voortgang(i, totaal, code)
        return totaal
    with ProcessPoolExecutor(max_workers=werkers, mp_context=multiprocessing.get_context("spawn")) as pool:
        taken = [pool.submit(_schrijf_pdf, code, document, str(uit / f"{code}.pdf"))
                 for code, document in documenten]
        for i, klaar in enumerate(as_completed(taken), 1):
            voortgang(i, totaal, klaar.result())
    return totaal


def bouw_alles(db: Session, editie: Editie, uit: Path, *, werkers: int | None = None, pdf: bool = True,
               voortgang: Voortgang | None = None) -> BouwVerslag:
    """All summaries of an edition as HTML (and PDF) in `uit`, with a readability report."""
    meld = voortgang or (lambda _i, _n, _t: None)
    verslag = BouwVerslag(uit)
    begin = time.perf_counter()
    documenten = bouw_html(db, editie, uit, verslag)
    verslag.tijden["html"] = time.perf_counter() - begin
    if pdf:
        begin = time.perf_counter()
        verslag.pdfs = bouw_pdfs(documenten, uit, werkers=werkers or standaard_werkers(), voortgang=meld)
        verslag.tijden["pdf"] = time.perf_counter() - begin
    return verslag


@taaksoort("raad_bouw")
def raad_bouw(db: Session, parameters: dict, voortgang: Callable[[int, str], None]) -> dict:
    """Background job: build every summary of an edition into STORAGE_DIR/raad/<jaar>."""
    editie = editie_met_jaar(db, int(parameters["jaar"]))
    if editie is None:
        raise DomeinFout(f"Er is geen editie {parameters['jaar']}.")
    uit = Path(current_app.config["STORAGE_DIR"]) / "raad" / str(editie.jaar)
    voortgang(1, "HTML van alle samenvattingen")
    verslag = bouw_alles(db, editie, uit, werkers=current_app.config.get("RAAD_WERKERS"),
                         pdf=parameters.get("pdf", True),
                         voortgang=lambda i, n, code: voortgang(5 + 95 * i // n, f"PDF {i} van {n} ({code})"))
    return {**verslag.als_dict(), "jaar": editie.jaar, "url": "/raad/bouwen",
            "label": "Bekijk het verslag van de bouw"}
