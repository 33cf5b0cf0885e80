"""PDF/UA after WeasyPrint: what its tagging leaves undone, mended on the structure tree.

WeasyPrint (70) tags the text of page margin boxes (page numbers, running headers and footers)
with marked content whose elements hang under no parent: a screen reader meets them nowhere, a
checker finds content outside the tree. Here every marked-content sequence that no element
reachable from the StructTreeRoot owns becomes an /Artifact, and its orphan element is dropped
from the ParentTree. A list of which every item is one internal link (the contents) becomes a
TOC of TOCI elements. Elements left without any content (an empty pseudo-element) are removed.
Saved with a content-derived ID, so the same input gives the same bytes."""

from __future__ import annotations

import io
import re

import pikepdf


def herstel(pdf_bytes: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        boom = pdf.Root.StructTreeRoot
        knopen: list[tuple[pikepdf.Dictionary, list]] = []  # the tree walked once, for all below
        _verwijder_lege_elementen(boom, knopen)
        per_pagina: dict[tuple[int, int], set[int]] = {}
        for pagina_id, mcid in _mcids(knopen):
            per_pagina.setdefault(pagina_id, set()).add(mcid)
        for nummer, pagina in enumerate(pdf.pages):
            eigen = per_pagina.get(pagina.objgen, set())
            if _maak_artefacten(pdf, pagina, eigen):
                _wis_wezen_uit_parenttree(boom, nummer, eigen)
        for lijst, _ in knopen:
            if _is_element(lijst) and is_inhoudsopgave(lijst):
                _maak_toc(lijst)
        uit = io.BytesIO()
        pdf.save(uit, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return uit.getvalue()


def _elementen(knoop):
    """Every StructElem under `knoop`, depth first, in reading order."""
    for kind in _kinderen(knoop):
        if isinstance(kind, pikepdf.Dictionary) and "/S" in kind:
            yield kind
            yield from _elementen(kind)


def _kinderen(knoop) -> list:
    if "/K" not in knoop:
        return []
    k = knoop.K
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _met_kinderen(boom) -> list[tuple[pikepdf.Dictionary, list]]:
    """The root and every StructElem under it, depth first in reading order, each with its
    children (reading a /K from pikepdf costs more than the rest of the walk)."""
    knopen, stapel = [], [boom]
    while stapel:
        knoop = stapel.pop()
        kinderen = _kinderen(knoop)
        knopen.append((knoop, kinderen))
        stapel.extend(reversed([k for k in kinderen if _is_element(k)]))
    return knopen


def _is_element(kind) -> bool:
    return isinstance(kind, pikepdf.Dictionary) and "/S" in kind


def bereikbare_mcids(pdf: pikepdf.Pdf) -> set[tuple[tuple[int, int], int]]:
    """(page object, MCID) of every marked content an element under the root owns."""
    return _mcids(_met_kinderen(pdf.Root.StructTreeRoot))


def _mcids(knopen: list[tuple[pikepdf.Dictionary, list]]) -> set[tuple[tuple[int, int], int]]:
    gevonden = set()
    for element, kinderen in knopen:
        pagina = element.get("/Pg")
        for kind in kinderen:
            if isinstance(kind, int) and pagina is not None:
                gevonden.add((pagina.objgen, int(kind)))
            elif isinstance(kind, pikepdf.Dictionary) and kind.get("/Type") == "/MCR":
                gevonden.add((kind.get("/Pg", pagina).objgen, int(kind.MCID)))
    return gevonden


# Marked content as WeasyPrint (pydyf) writes it: "/Span <</MCID 3>> BDC".
GEMARKEERD = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _maak_artefacten(pdf: pikepdf.Pdf, pagina: pikepdf.Page, eigen: set[int]) -> bool:
    """Turn the page's marked content that no reachable element owns into artifacts (a bytes
    rewrite: parsing every operator of a long page costs seconds). True when anything changed."""
    inhoud = pagina.obj.Contents
    stromen = list(inhoud) if isinstance(inhoud, pikepdf.Array) else [inhoud]
    bron = b"\n".join(stroom.read_bytes() for stroom in stromen)
    nieuw = GEMARKEERD.sub(lambda m: m.group(0) if int(m.group(1)) in eigen else b"/Artifact BMC",
                           bron)
    if nieuw == bron:
        return False
    pagina.obj.Contents = pdf.make_stream(nieuw)
    return True


def _wis_wezen_uit_parenttree(boom, paginanummer: int, eigen: set[int]) -> None:
    nums = boom.ParentTree.Nums
    for i in range(0, len(nums), 2):
        if int(nums[i]) == paginanummer and isinstance(nums[i + 1], pikepdf.Array):
            nums[i + 1] = pikepdf.Array([ref if mcid in eigen else None
                                         for mcid, ref in enumerate(nums[i + 1])])


def _heeft_inhoud(element) -> bool:
    return any(not isinstance(k, pikepdf.Dictionary) or "/S" not in k or _heeft_inhoud(k)
               for k in _kinderen(element))


def _verwijder_lege_elementen(knoop, knopen: list) -> bool:
    """Drop every element without content under `knoop`, deepest first (once per element: an
    element whose children were filtered has content when any child is left); True when `knoop`
    keeps content. A /K that is no array is left as it is. Every node met goes into `knopen`
    with its children (reading a /K from pikepdf costs more than the rest of the walk); one
    dropped later has no content, so it owns no marked content and is no contents."""
    if "/K" not in knoop or not isinstance(knoop.K, pikepdf.Array):
        knopen.extend(_met_kinderen(knoop))
        return _heeft_inhoud(knoop)
    houd = [k for k in knoop.K if not _is_element(k) or _verwijder_lege_elementen(k, knopen)]
    knoop.K = pikepdf.Array(houd)
    knopen.append((knoop, houd))
    return bool(houd)


def is_inhoudsopgave(element) -> bool:
    """A list whose every item holds one link and nothing else: the contents."""
    if element.S != "/L":
        return False
    items = [k for k in _kinderen(element) if isinstance(k, pikepdf.Dictionary)]
    return bool(items) and all(k.get("/S") == "/LI" and _enige_link(k) for k in items)


def _enige_link(item) -> bool:
    soorten = [e.S for e in _elementen(item) if e.S not in ("/LBody", "/Link")]
    return not soorten and any(e.S == "/Link" for e in _elementen(item))


def _maak_toc(lijst) -> None:
    lijst.S = pikepdf.Name("/TOC")
    for item in _kinderen(lijst):
        item.S = pikepdf.Name("/TOCI")
        for deel in _kinderen(item):
            if isinstance(deel, pikepdf.Dictionary) and deel.get("/S") == "/LBody":
                deel.S = pikepdf.Name("/Reference")
