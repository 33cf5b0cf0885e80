"""Building every summary of an edition: the HTML of all 354 participants in this process
(gathering the data once and laying out HTML is cheap) and their PDFs in parallel across the
cores, which is where the time goes (WeasyPrint). The pool starts before the HTML pass and gets
each document as soon as it is ready, so rendering overlaps with the serial part.

The PDF workers only turn finished HTML into PDF (`render.schrijf_pdf`): they never touch the
database, so they need no app or engine of their own, they import only the render module, and
each keeps one font configuration and stylesheet for all the documents it renders, set up when
the worker starts. Workers are started with "spawn": the in-app job runs in a thread, and
forking a multi-threaded process is unsafe.

With a build cache (`staat_van_vth.bouwcache`, the app's `VTH_BOUWCACHE`) a PDF whose HTML,
stylesheet and renderer are unchanged is copied from the cache instead of rendered, so after
one OD's data change only the summaries whose text changed are laid out again."""

from __future__ import annotations

import html
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from staat_van_vth.bouwcache import Bouwcache
from visitatie.raad.leesbaarheid import controleer
from visitatie.raad.operations import Bron, samenvatting_voor
from visitatie.raad.render import CSS_PAD, document_html, pdf_sleutel, schrijf_pdf, warm_op

Voortgang = Callable[[int, int, str], None]  # done, total, what
CACHESOORT = "raad-pdf"  # the summaries' PDFs in the build cache


@dataclass
class BouwVerslag:
    map: Path
    aantal: int = 0
    pdfs: int = 0
    leesbaarheid: list[tuple[str, str, str]] = field(default_factory=list)  # code, block, reason
    tijden: dict[str, float] = field(default_factory=dict)
    cache: Bouwcache = field(default_factory=Bouwcache)  # `gemaakt`: the PDFs rendered, not cached

    @property
    def gerenderd(self) -> int:
        return self.cache.aantal(CACHESOORT)

    def als_dict(self) -> dict:
        return {"map": str(self.map), "aantal": self.aantal, "pdfs": self.pdfs,
                "gerenderd": self.gerenderd,
                "leesbaarheid_fouten": [list(r) for r in self.leesbaarheid],
                "tijden": {k: round(v, 2) for k, v in self.tijden.items()}}


def standaard_werkers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def bouw_html(bron: Bron, uit: Path, verslag: BouwVerslag, *,
              bij_document: Callable[[str, str], None] | None = None,
              codes: set[str] | None = None) -> list[tuple[str, str]]:
    """Write `<code>.html` for every participant (or only `codes`) plus an index; return
    (code, HTML for the PDF). `bij_document(code, html)` is called as soon as each document is
    ready (to start its PDF)."""
    uit.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CSS_PAD, uit / "raad.css")
    voor_pdf, index = [], []
    for deelnemer in bron.gesorteerd():
        if codes is not None and deelnemer.code not in codes:
            continue
        s = samenvatting_voor(bron, deelnemer.code)
        document = document_html(s)
        if bij_document is not None:
            bij_document(s.code, document)
        verslag.leesbaarheid += [(s.code, u.sleutel, u.reden()) for u in controleer(s.blokken())]
        (uit / f"{s.code}.html").write_text(document_html(s, css_href="raad.css"), encoding="utf-8")
        voor_pdf.append((s.code, document))
        index.append((s.code, deelnemer.weergavenaam))
    (uit / "index.html").write_text(_index_html(bron.editie_jaar, index), encoding="utf-8")
    verslag.aantal = len(voor_pdf)
    return voor_pdf


def _index_html(jaar: int, items: list[tuple[str, str]]) -> str:
    regels = "\n".join(f'<li><a href="{code}.html">{html.escape(naam)}</a> '
                       f'(<a href="{code}.pdf">PDF</a>)</li>' for code, naam in items)
    return (f'<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>Samenvattingen voor '
            f'raad en Staten, Staat van VTH {jaar}</title><link rel="stylesheet" href="raad.css">'
            f'</head><body class="raad-document"><main><h1>Samenvattingen voor raad en Staten, '
            f'editie {jaar}</h1><ul>\n{regels}\n</ul></main></body></html>\n')


def _pdf_pool(werkers: int) -> ProcessPoolExecutor:
    """Workers started with "spawn" that warm up (fonts, stylesheet) as soon as they start."""
    return ProcessPoolExecutor(max_workers=werkers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=warm_op)


def _wacht_op(taken: dict[Future, str], voortgang: Voortgang) -> int:
    """Report each PDF as it is done; on a failure, cancel the rest and raise."""
    try:
        for i, klaar in enumerate(as_completed(taken), 1):
            klaar.result()
            voortgang(i, len(taken), taken[klaar])
    except BaseException:
        for taak in taken:
            taak.cancel()
        raise
    return len(taken)


def _pdf_taak(document: str, doel: Path, cache: Bouwcache) -> tuple | None:
    """The arguments of the worker task that renders `document` to `doel`, or None when the
    build cache had its PDF (then already written)."""
    sleutel = pdf_sleutel(document)
    inhoud = cache.lees(CACHESOORT, sleutel)
    if inhoud is not None:
        doel.write_bytes(inhoud)
        return None
    cache.noteer(CACHESOORT, doel.stem)
    bewaar = cache.pad(CACHESOORT, sleutel)
    return document, str(doel), str(bewaar) if bewaar else None


def bouw_pdfs(documenten: list[tuple[str, str]], uit: Path, *, werkers: int,
              voortgang: Voortgang, cache: Bouwcache | None = None) -> int:
    """PDFs of finished documents (code, HTML): in this process with one worker, else in a pool."""
    cache = cache or Bouwcache()
    taken = [t for code, document in documenten
             if (t := _pdf_taak(document, uit / f"{code}.pdf", cache)) is not None]
    if werkers <= 1:
        for i, taak in enumerate(taken, 1):
            schrijf_pdf(*taak)
            voortgang(i, len(taken), Path(taak[1]).stem)
        return len(documenten)
    with _pdf_pool(werkers) as pool:
        _wacht_op({pool.submit(schrijf_pdf, *taak): Path(taak[1]).stem for taak in taken}, voortgang)
    return len(documenten)


def bouw_alles(bron: Bron, uit: Path, *, werkers: int | None = None, pdf: bool = True,
               voortgang: Voortgang | None = None, codes: set[str] | None = None,
               cache: Bouwcache | Path | None = None) -> BouwVerslag:
    """All summaries of an edition (or only `codes`) as HTML (and PDF) in `uit`, with a
    readability report. `cache`: the build cache; a PDF it holds is copied, not rendered.

    With several workers the pool starts first: the workers warm up while the data are read,
    and each document goes to them as soon as its HTML is ready, so no core waits for the
    serial HTML pass. `tijden`: "html" is that pass, "totaal" the whole build."""
    meld = voortgang or (lambda _i, _n, _t: None)
    werkers = werkers or standaard_werkers()
    verslag = BouwVerslag(uit, cache=Bouwcache.van(cache))
    begin = time.perf_counter()
    if not pdf or werkers <= 1:
        documenten = bouw_html(bron, uit, verslag, codes=codes)
        verslag.tijden["html"] = time.perf_counter() - begin
        verslag.pdfs = (bouw_pdfs(documenten, uit, werkers=1, voortgang=meld, cache=verslag.cache)
                        if pdf else 0)
    else:
        with _pdf_pool(werkers) as pool:
            taken: dict[Future, str] = {}

            def start_pdf(code: str, document: str) -> None:
                taak = _pdf_taak(document, uit / f"{code}.pdf", verslag.cache)
                if taak is not None:
                    taken[pool.submit(schrijf_pdf, *taak)] = code

            try:
                bouw_html(bron, uit, verslag, bij_document=start_pdf, codes=codes)
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
            verslag.tijden["html"] = time.perf_counter() - begin
            _wacht_op(taken, meld)
            verslag.pdfs = verslag.aantal
    verslag.tijden["totaal"] = time.perf_counter() - begin
    return verslag
