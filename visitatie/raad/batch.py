"""Building every summary of an edition: the HTML of all 354 participants in this process
(gathering the data once and laying out HTML is cheap) and their PDFs in parallel across the
cores, which is where the time goes (WeasyPrint). The pool gets each document as soon as its
HTML is ready, so rendering overlaps with the serial part.

The PDF workers only turn finished HTML into PDF (`render.schrijf_pdf`): they never touch the
database, so they need no app or engine of their own, they import only the render module, and
each keeps one font configuration and stylesheet for all the documents it renders, set up when
the worker starts. Workers are started with "spawn": the in-app job runs in a thread, and
forking a multi-threaded process is unsafe.

With a build cache (`staat_van_vth.bouwcache`, the app's `VTH_BOUWCACHE`) a summary whose
`Gegevens` are unchanged takes its HTML and readability report from the cache, and a PDF whose
HTML, stylesheet and renderer are unchanged is copied instead of rendered, so after one OD's data
change only that OD's participants are made again. A handful of PDFs is laid out in this process
(`PdfRonde`): starting workers would cost more than it saves."""

from __future__ import annotations

import functools
import html
import importlib.metadata
import itertools
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from staat_van_vth.bouwcache import Bouwcache, code_sleutel, sleutel
from visitatie.raad.gegevens import Gegevens
from visitatie.raad.leesbaarheid import controleer
from visitatie.raad.operations import Bron, gegevens_voor
from visitatie.raad.render import (
    CSS_PAD,
    document_html,
    fragment_html,
    pdf_sleutel,
    schrijf_pdf,
    warm_op,
)
from visitatie.raad.samenvatting import bouw_samenvatting

Voortgang = Callable[[int, int, str], None]  # done, total, what
CACHESOORT = "raad-pdf"  # the summaries' PDFs in the build cache
HTMLSOORT = "raad-html"  # their HTML and readability report
# Starting a pool of PDF workers ("spawn", imports, fonts and stylesheet) costs about this many
# warm renders of a summary more than laying them out in this process. Measured on the shared
# 2-core machine (load 7-8): 14 PDFs after one OD's change took 7.7-10.2 s in this process and
# 15.5-18.1 s with two workers, whose start slowed the HTML pass too (docs/proof.md).
OPSTART_IN_RENDERS = 16


@dataclass
class BouwVerslag:
    map: Path
    aantal: int = 0
    pdfs: int = 0
    leesbaarheid: list[tuple[str, str, str]] = field(default_factory=list)  # code, block, reason
    tijden: dict[str, float] = field(default_factory=dict)
    cache: Bouwcache = field(default_factory=Bouwcache)  # `gemaakt`: HTML and PDFs made, not cached
    werkers_gestart: int = 0  # worker processes started for the PDFs (0: laid out in this process)

    @property
    def gerenderd(self) -> int:
        """PDFs laid out (not copied from the build cache)."""
        return self.cache.aantal(CACHESOORT)

    @property
    def html_gemaakt(self) -> int:
        """Summaries whose HTML was made (not taken from the build cache)."""
        return self.cache.aantal(HTMLSOORT)

    def als_dict(self) -> dict:
        return {"map": str(self.map), "aantal": self.aantal, "pdfs": self.pdfs,
                "gerenderd": self.gerenderd, "html_gemaakt": self.html_gemaakt,
                "werkers_gestart": self.werkers_gestart,
                "leesbaarheid_fouten": [list(r) for r in self.leesbaarheid],
                "tijden": {k: round(v, 2) for k, v in self.tijden.items()}}


def standaard_werkers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def bouw_html(bron: Bron, uit: Path, verslag: BouwVerslag, *,
              bij_document: Callable[[str, str], None] | None = None,
              codes: set[str] | None = None) -> list[tuple[str, str]]:
    """Write `<code>.html` for every participant (or only `codes`) plus an index; return
    (code, HTML for the PDF). `bij_document(code, html)` is called as soon as each document is
    ready (to start its PDF). A summary whose `Gegevens` the build cache knows is not made again."""
    uit.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CSS_PAD, uit / "raad.css")
    voor_pdf, index = [], []
    for deelnemer in bron.gesorteerd():
        if codes is not None and deelnemer.code not in codes:
            continue
        gemaakt = opgemaakt(gegevens_voor(bron, deelnemer.code), verslag.cache)
        if bij_document is not None:
            bij_document(deelnemer.code, gemaakt.voor_pdf)
        verslag.leesbaarheid += [(deelnemer.code, blok, reden) for blok, reden in gemaakt.leesbaarheid]
        (uit / f"{deelnemer.code}.html").write_text(gemaakt.html, encoding="utf-8")
        voor_pdf.append((deelnemer.code, gemaakt.voor_pdf))
        index.append((deelnemer.code, deelnemer.weergavenaam))
    (uit / "index.html").write_text(_index_html(bron.editie_jaar, index), encoding="utf-8")
    verslag.aantal = len(voor_pdf)
    return voor_pdf


@dataclass(frozen=True)
class Opgemaakt:
    """One summary laid out: the document for the PDF, the page that links `raad.css`, and the
    blocks that fail the readability check (block, reason)."""

    voor_pdf: str
    html: str
    leesbaarheid: tuple[tuple[str, str], ...]

    @classmethod
    def maak(cls, gegevens: Gegevens) -> Opgemaakt:
        s = bouw_samenvatting(gegevens)
        fragment = fragment_html(s)
        return cls(document_html(s, fragment=fragment),
                   document_html(s, css_href="raad.css", fragment=fragment),
                   tuple((u.sleutel, u.reden()) for u in controleer(s.blokken())))

    def als_bytes(self) -> bytes:
        return json.dumps([self.voor_pdf, self.html, self.leesbaarheid]).encode()

    @classmethod
    def uit_bytes(cls, inhoud: bytes) -> Opgemaakt:
        voor_pdf, html_, leesbaarheid = json.loads(inhoud)
        return cls(voor_pdf, html_, tuple(tuple(r) for r in leesbaarheid))


def opgemaakt(gegevens: Gegevens, cache: Bouwcache) -> Opgemaakt:
    """A summary's HTML and readability report, from the build cache when its input is known."""
    return Opgemaakt.uit_bytes(cache.haal(HTMLSOORT, html_sleutel(gegevens),
                                          lambda: Opgemaakt.maak(gegevens).als_bytes(), naam=gegevens.code))


def html_sleutel(gegevens: Gegevens) -> str:
    """What decides a summary's HTML and readability report: its `Gegevens` (plain frozen data,
    whose repr names every value) and the code and templates that turn them into text."""
    return sleutel("raad-html", repr(gegevens), *_htmlversie())


@functools.cache
def _htmlversie() -> tuple[str, ...]:
    """The program that turns `Gegevens` into text: every source file and template of the app and
    the pipeline (`bouwcache.code_sleutel`: a label changed in any module they import is a new
    key) and textstat, which scores the text."""
    return code_sleutel(), importlib.metadata.version("textstat")


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


def in_proces_tot(werkers: int) -> int:
    """How many PDFs are laid out in this process rather than in a pool of `werkers`: starting
    the pool costs about `OPSTART_IN_RENDERS` warm renders before any PDF is done, and then
    saves (1 - 1/werkers) of a render per PDF, so the pool wins only beyond this many."""
    return sys.maxsize if werkers <= 1 else OPSTART_IN_RENDERS * werkers // (werkers - 1)


def _pdf_taak(document: str, doel: Path, cache: Bouwcache) -> tuple | None:
    """The arguments of the task that renders `document` to `doel`, or None when the build
    cache had its PDF (then already copied there)."""
    sleutel_ = pdf_sleutel(document)
    if cache.kopieer(CACHESOORT, sleutel_, doel):
        return None
    cache.noteer(CACHESOORT, doel.stem)
    bewaar = cache.pad(CACHESOORT, sleutel_)
    return document, str(doel), str(bewaar) if bewaar else None


class PdfRonde:
    """The PDFs of a build that the cache lacks. They wait here while they are few, and are laid
    out in this process at the end (`af`); once more arrive than `in_proces_tot`, a pool of
    workers starts and gets them, and every later one as soon as it arrives, so for a full
    build the workers render while the HTML is still being written. At the end this process
    takes back what no worker has started yet and lays it out too."""

    def __init__(self, uit: Path, cache: Bouwcache, *, werkers: int, drempel: int | None = None) -> None:
        self.uit, self.cache, self.werkers = uit, cache, werkers
        self.drempel = in_proces_tot(werkers) if drempel is None else drempel
        self.wachtend: list[tuple] = []
        self.pool: ProcessPoolExecutor | None = None
        self.taken: dict[Future, tuple] = {}  # what the pool renders: the task of each

    def voeg_toe(self, code: str, document: str) -> None:
        taak = _pdf_taak(document, self.uit / f"{code}.pdf", self.cache)
        if taak is None:
            return
        if self.pool is None:
            self.wachtend.append(taak)
            if len(self.wachtend) > self.drempel:
                self._start_pool()
        else:
            self.taken[self.pool.submit(schrijf_pdf, *taak)] = taak

    def _start_pool(self) -> None:
        self.pool = _pdf_pool(self.werkers)
        self.taken = {self.pool.submit(schrijf_pdf, *taak): taak for taak in self.wachtend}
        self.wachtend = []

    @property
    def werkers_gestart(self) -> int:
        """Worker processes this build started (0: everything was laid out in this process)."""
        return self.werkers if self.pool is not None else 0

    def af(self, voortgang: Voortgang) -> None:
        """Lay out what waits here. With a pool, this process also lays out the PDFs that no
        worker has started yet, from the back of the queue, while the workers start and warm up.
        Reports each PDF as it is done."""
        totaal, teller = len(self.wachtend) + len(self.taken), itertools.count(1)
        for taak in self._eigen():
            schrijf_pdf(*taak)
            voortgang(next(teller), totaal, Path(taak[1]).stem)
        _wacht_op(self.taken, lambda code: voortgang(next(teller), totaal, code))

    def _eigen(self) -> Iterator[tuple]:
        """The tasks for this process: those waiting here, then those taken back from the pool
        (a future no worker has picked up can still be cancelled)."""
        yield from self.wachtend
        while True:
            terug = next((f for f in reversed(self.taken) if f.cancel()), None)
            if terug is None:
                return
            yield self.taken.pop(terug)

    def __enter__(self) -> PdfRonde:
        return self

    def __exit__(self, soort, *_fout) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=soort is not None)


def _wacht_op(taken: dict[Future, tuple], klaar: Callable[[str], None]) -> None:
    """Report each PDF of the pool as it is done; on a failure, cancel the rest and raise."""
    try:
        for af in as_completed(taken):
            af.result()
            klaar(Path(taken[af][1]).stem)
    except BaseException:
        for taak in taken:
            taak.cancel()
        raise


def bouw_pdfs(documenten: list[tuple[str, str]], uit: Path, *, werkers: int, voortgang: Voortgang,
              cache: Bouwcache | None = None, drempel: int | None = None) -> int:
    """PDFs of finished documents (code, HTML): in this process when few, else in a pool."""
    with PdfRonde(uit, cache or Bouwcache(), werkers=werkers, drempel=drempel) as ronde:
        for code, document in documenten:
            ronde.voeg_toe(code, document)
        ronde.af(voortgang)
    return len(documenten)


def bouw_alles(bron: Bron, uit: Path, *, werkers: int | None = None, pdf: bool = True,
               voortgang: Voortgang | None = None, codes: set[str] | None = None,
               cache: Bouwcache | Path | None = None, drempel: int | None = None) -> BouwVerslag:
    """All summaries of an edition (or only `codes`) as HTML (and PDF) in `uit`, with a
    readability report. `cache`: the build cache; a summary whose data it knows is not made
    again, a PDF it holds is copied, not rendered.

    Each document goes to the PDFs as soon as its HTML is ready (`PdfRonde`): up to `drempel`
    (default `in_proces_tot(werkers)`) PDFs are laid out in this process afterwards, without
    starting workers; beyond that a pool starts at once and renders while the rest of the HTML
    is written. `tijden`: "html" is the HTML pass, "totaal" the whole build."""
    verslag = BouwVerslag(uit, cache=Bouwcache.van(cache))
    begin = time.perf_counter()
    if not pdf:
        bouw_html(bron, uit, verslag, codes=codes)
        verslag.tijden["html"] = verslag.tijden["totaal"] = time.perf_counter() - begin
        return verslag
    with PdfRonde(uit, verslag.cache, werkers=werkers or standaard_werkers(), drempel=drempel) as ronde:
        bouw_html(bron, uit, verslag, bij_document=ronde.voeg_toe, codes=codes)
        verslag.tijden["html"] = time.perf_counter() - begin
        ronde.af(voortgang or (lambda _i, _n, _t: None))
    verslag.pdfs, verslag.werkers_gestart = verslag.aantal, ronde.werkers_gestart
    verslag.tijden["totaal"] = time.perf_counter() - begin
    return verslag
