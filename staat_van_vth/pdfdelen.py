"""The book's PDF from parts: front matter, each chapter and each OD profile laid out as its own
WeasyPrint document, cached (`bouwcache`) on its HTML and the files it loads, and merged into one
tagged PDF with pikepdf. After one OD's data change only the parts whose HTML changed are laid
out again; a full build takes the same path, so both give the same bytes.

The parts carry no page numbers, so a part's bytes do not depend on where it starts: every part
(and a trial layout of the front matter with placeholder numbers in its contents, which only
counts its pages) is asked of the queue at once (`hulpproces.Werk`: this process and a helper
beside it lay them out), then the front matter with the real numbers, and one small document of
as many pages as the book, with nothing but the page numbers where the book's @page rules put
them, laid out beside it (`_stempeldocument`). The merge draws its pages over the book's as
artifacts (`_stempel`): pixel for pixel the book laid out as one document. Should the front
matter's length differ from the trial's, the numbers are laid out again (at most three times).
The book's stylesheets are taken out of the parts' <head> and parsed once per process and
content (`render.Opmaker`, as user stylesheets: the book has no other author styles they could
lose against), and all parts share one font configuration.
Links to an anchor in another part are written as an address under `KRUISLINK` (WeasyPrint drops
a link to an anchor it cannot see) and turned back into a link to the named destination after
the merge. The merge keeps one structure tree: WeasyPrint makes one element per page under
the Document element anyway, so the parts' elements are appended in order; the ParentTree is
renumbered (pages 0..n-1, then the link annotations, as WeasyPrint numbers them), and the named
destinations and outlines are merged (an OD profile's bookmark under its chapter's)."""

from __future__ import annotations

import html as htmllib
import io
import re
import sys
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote

import pikepdf

from staat_van_vth import pdfua
from staat_van_vth.bouwcache import Bouwcache, bestand_sleutel, sleutel

KRUISLINK = "https://deel.staat-van-vth.invalid/#"
HOOFDSTUK = re.compile(r'<section class="hoofdstuk\b[^>]*>')
# A chapter whose every h2 starts a page (staat.css: `.boek .hoofdstuk-profielen h2`): split there.
PER_H2 = 'hoofdstuk-profielen"'
H2 = re.compile(r"^<h2\b", re.MULTILINE)
LINK = re.compile(r'href="#([^"]+)"')
ANKER = re.compile(r'\bid="([^"]+)"')
BRON = re.compile(r'(?:src|href)="([^"#:]+)"')
INHOUD_LINK = ".boek .inhoudsopgave a"  # the contents' links, whose page numbers we fill in
STIJLBLAD = re.compile(r'\s*<link rel="stylesheet" href="([^"#:]+)">')


@dataclass(frozen=True)
class Deel:
    naam: str
    body: str  # the part's HTML inside <body>
    vervolg: bool = False  # continues the chapter of the part before (its bookmarks nest there)


@dataclass(frozen=True)
class Boek:
    kop: str  # everything up to and including <body …>
    voorwerk: Deel
    delen: list[Deel]
    staart: str
    stijlbladen: tuple[str, ...] = ()  # the <link>ed stylesheets, taken out of `kop`


def splits(boek_html: str) -> Boek:
    """The book's HTML in parts: what comes before the first chapter, then every chapter (the
    OD profiles each apart, each inside its chapter's <section> again). A document without a
    <body> or without chapters is one part."""
    body = re.search(r"<body\b[^>]*>", boek_html)
    einde = boek_html.rfind("</body>")
    if body is None or einde < body.end():
        return Boek("", Deel("voorwerk", boek_html), [], "")
    kop, inhoud, staart = boek_html[:body.end()], boek_html[body.end():einde], boek_html[einde:]
    stijlbladen = tuple(STIJLBLAD.findall(kop))
    starts = [m.start() for m in HOOFDSTUK.finditer(inhoud)] + [len(inhoud)]
    delen = []
    for begin, eind in zip(starts, starts[1:], strict=False):
        delen += _hoofdstuk_delen(inhoud[begin:eind])
    return Boek(STIJLBLAD.sub("", kop), Deel("voorwerk", inhoud[:starts[0]]), delen, staart,
                stijlbladen)


def _naam(body: str) -> str:
    """A part is named after its first anchor (its heading): `gemaakt` then says what changed."""
    anker = ANKER.search(body)
    return anker.group(1) if anker else "deel"


def _hoofdstuk_delen(hoofdstuk: str) -> list[Deel]:
    opener = HOOFDSTUK.match(hoofdstuk).group(0)
    if PER_H2 not in opener:
        return [Deel(_naam(hoofdstuk), hoofdstuk)]
    binnen = hoofdstuk[len(opener):hoofdstuk.rindex("</section>")]
    grenzen = sorted({0, *(m.start() for m in H2.finditer(binnen))})
    stukken = [binnen[a:b] for a, b in zip(grenzen, grenzen[1:] + [len(binnen)], strict=True)]
    if len(stukken) > 1 and not stukken[0].strip():  # the chapter opens with an h2
        stukken[:2] = [stukken[0] + stukken[1]]
    return [Deel(_naam(stuk), f"{opener}{stuk}</section>\n", vervolg=i > 0)
            for i, stuk in enumerate(stukken)]


# The parts carry no page number: it is stamped on at the merge (`_stempel`), so a part's bytes do
# not depend on where it starts and every part can be laid out at once, by either process.
GEEN_NUMMER = "@page { @bottom-center { content: none; } }"
# The stamp's own pages: nothing but the page number (the parts carry every other margin box).
ANDERE_MARGES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
                 "right-top", "right-middle", "right-bottom", "bottom-right-corner", "bottom-right",
                 "bottom-left", "bottom-left-corner", "left-bottom", "left-middle", "left-top")
ALLEEN_NUMMER = "@page { " + " ".join(f"@{m} {{ content: none; }}" for m in ANDERE_MARGES) + " }"


def _document(boek: Boek, deel: Deel, *, stijl: str = "") -> str:
    """One part as a document of its own, without page numbers: links to anchors outside it
    become KRUISLINK addresses."""
    eigen = set(ANKER.findall(deel.body))
    body = LINK.sub(lambda m: m.group(0) if m.group(1) in eigen
                    else f'href="{KRUISLINK}{quote(htmllib.unescape(m.group(1)))}"', deel.body)
    return _als_document(boek, GEEN_NUMMER + stijl, body)


def _stempeldocument(boek: Boek, paginas: int) -> str:
    """`paginas` empty pages under the book's own @page rules: the page numbers alone, where
    and as the book prints them (the first page, the cover, has none)."""
    leeg = "".join('<div style="break-before: page"></div>' if i else "<div></div>" for i in range(paginas))
    return _als_document(boek, ALLEEN_NUMMER, leeg)


def _als_document(boek: Boek, stijl: str, body: str) -> str:
    """`body` in the book's head and tail, with `stijl` after the book's own styles."""
    return boek.kop.replace("</head>", f"<style>{stijl}</style>\n</head>", 1) + body + boek.staart


def _inhoud_stijl(voorwerk: Deel, paginas: dict[str, int] | None) -> str:
    """The contents' page numbers, as WeasyPrint's target-counter would print them in one
    document; without `paginas` a placeholder of the same width, to learn the front's length."""
    regels = []
    for anker in dict.fromkeys(LINK.findall(voorwerk.body)):
        nummer = "000" if paginas is None else str(paginas.get(htmllib.unescape(anker), ""))
        doel = f"{KRUISLINK}{quote(htmllib.unescape(anker))}"
        regels.append(f'{INHOUD_LINK}[href="{doel}"]::after {{ content: "{nummer}"; }}')
    return "\n".join(regels)


class PdfBouwer:
    """Lays out parts through the cache and the queue `werk` (`hulpproces.Werk`), whose tasks
    lay out in either process (`render.pdf_deel`, `render.paginas_deel`,
    `render.paginanummers`: WeasyPrint, PDF/UA, fixed dates, mended by pdfua.herstel)."""

    def __init__(self, werk, basis: Path, gemaakt: date, cache: Bouwcache):
        self.werk, self.basis, self.gemaakt, self.cache = werk, basis, gemaakt, cache
        self._bronnen: dict[str, str] = {}

    def delen(self, opdrachten: list[tuple[str, str, str]], stijlbladen: tuple[str, ...]) -> list:
        """Each (task, name, document) from the cache or laid out through the queue, all at once:
        "pdf-deel" gives the PDF, "pdf-paginas" its number of pages, "paginanummers" an
        untagged PDF. The longest documents are queued first, so the two processes do not end
        with one laying out a long part while the other has nothing left."""
        sleutels = [self._sleutel(taak, document, stijlbladen) for taak, _naam, document in opdrachten]
        uitkomsten = [self.cache.lees("pdf-delen", sleutel_) for sleutel_ in sleutels]
        nieuw = [i for i, inhoud in enumerate(uitkomsten) if inhoud is None]
        for i in sorted(nieuw, key=lambda i: -len(opdrachten[i][2])):
            taak, _naam, document = opdrachten[i]
            uitkomsten[i] = self.werk.geef(taak, self.basis, self.gemaakt, stijlbladen, document)
        for i in nieuw:
            taak, naam, _document = opdrachten[i]
            waarde = self.werk.wacht([uitkomsten[i]])[0]
            uitkomsten[i] = str(waarde).encode() if taak == "pdf-paginas" else waarde
            self.cache.noteer("pdf-delen", naam)
            self.cache.bewaar("pdf-delen", sleutels[i], uitkomsten[i])
        return [int(u) if taak == "pdf-paginas" else u
                for u, (taak, _n, _d) in zip(uitkomsten, opdrachten, strict=True)]

    def _sleutel(self, soort: str, document: str, stijlbladen: tuple[str, ...]) -> str:
        paden = sorted(set(BRON.findall(document)) | set(stijlbladen))
        return sleutel(soort, document, *stijlbladen, *(f"{p}={self._bron(p)}" for p in paden),
                       *_versies(), self.gemaakt.isoformat())

    def _bron(self, pad: str) -> str:
        """The key of a file the part loads; a link that leaves the site's folder (an editor's
        relative link) is no input of the layout and is never read."""
        if pad not in self._bronnen:
            bestand = (self.basis / pad).resolve()
            binnen = bestand.is_relative_to(self.basis.resolve())
            self._bronnen[pad] = bestand_sleutel(bestand) if binnen else "buiten de site"
        return self._bronnen[pad]


@cache
def _versies() -> tuple[str, ...]:
    """What else decides a part's bytes: the renderer's versions, its font subsetter and the
    code that calls them."""
    import weasyprint
    from weasyprint.text import ffi

    from staat_van_vth import render
    from visitatie import uitvoer

    subsetter = "harfbuzz" if ffi.harfbuzz_subset is not None else "fonttools"
    return (weasyprint.__version__, pikepdf.__version__, subsetter,
            *(Path(m.__file__).read_text(encoding="utf-8")
              for m in (sys.modules[__name__], pdfua, uitvoer, render)))


def bouw_pdf(boek_html: str, bouwer: PdfBouwer) -> bytes:
    """The book's PDF from cached parts, merged and numbered (see the module's docstring)."""
    boek = splits(boek_html)
    proef = _document(boek, boek.voorwerk, stijl=_inhoud_stijl(boek.voorwerk, None))
    lengte, *delen = bouwer.delen([("pdf-paginas", "voorwerk-proef", proef)]
                                  + [("pdf-deel", d.naam, _document(boek, d)) for d in boek.delen],
                                  boek.stijlbladen)
    lengtes, ankers = zip(*(_lengte_en_ankers(pdf) for pdf in delen), strict=True) if delen else ((), ())
    for _ in range(3):
        paginas = _paginas_van_ankers(lengte + 1, lengtes, ankers)
        totaal = lengte + sum(lengtes)  # when the front matter keeps the trial's length
        voorwerk, nummers = bouwer.delen(
            [("pdf-deel", "voorwerk", _document(boek, boek.voorwerk,
                                                stijl=_inhoud_stijl(boek.voorwerk, paginas))),
             ("paginanummers", f"paginanummers-{totaal}", _stempeldocument(boek, totaal))],
            boek.stijlbladen)
        lengte, vorige = _lengte_en_ankers(voorwerk)[0], lengte
        if lengte == vorige:
            return voeg_samen([(boek.voorwerk, voorwerk), *zip(boek.delen, delen, strict=True)],
                              nummers)
    raise RuntimeError("De lengte van het voorwerk van de Staat blijft veranderen.")


def _paginas_van_ankers(begin: int, lengtes, ankers) -> dict[str, int]:
    """The page number of every anchor when the parts follow each other from page `begin`."""
    paginas: dict[str, int] = {}
    for lengte, eigen in zip(lengtes, ankers, strict=True):
        for anker, index in eigen.items():
            paginas.setdefault(anker, begin + index)
        begin += lengte
    return paginas


def _lengte_en_ankers(pdf: bytes) -> tuple[int, dict[str, int]]:
    """A part's number of pages, and every named destination with the index of its page."""
    with pikepdf.open(io.BytesIO(pdf)) as p:
        index = {pagina.objgen: i for i, pagina in enumerate(p.pages)}
        return len(p.pages), {naam: index[doel[0].objgen] for naam, doel in _bestemmingen(p)}


def _bestemmingen(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Array]]:
    namen = pdf.Root.get("/Names")
    if namen is None or "/Dests" not in namen:
        return []
    return list(pikepdf.NameTree(namen.Dests).items())


# --- the page numbers --------------------------------------------------------------------------

def _stempel(doel: pikepdf.Pdf, nummers: pikepdf.Pdf) -> None:
    """Each page of `nummers` drawn over the same page of `doel`, as an artifact (a page number
    is no content a screen reader should read), its fonts added to the page's resources under
    fixed names (so the same book gives the same bytes)."""
    kopieen: dict[tuple, object] = {}  # each resource copied once (the stamp's pages share them)
    begin = doel.make_stream(b"q\n")  # the page's own drawing in q/Q: it leaves a transformation
    for index, (pagina, stempelpagina) in enumerate(zip(doel.pages, nummers.pages, strict=True)):
        bronnen = stempelpagina.obj.Resources
        gedeeld = bronnen.objgen if bronnen.is_indirect else index
        namen = {}
        for soort, per_naam in bronnen.items():
            if isinstance(per_naam, pikepdf.Dictionary):
                for naam, waarde in per_naam.items():
                    if (gedeeld, soort, naam) not in kopieen:
                        kopieen[gedeeld, soort, naam] = doel.copy_foreign(nummers.make_indirect(waarde))
                    namen[naam] = _voeg_bron_toe(pagina, soort, f"/Paginanummer{naam[1:]}",
                                                 kopieen[gedeeld, soort, naam])
        inhoud = pikepdf.unparse_content_stream(
            [([namen.get(str(o), o) if isinstance(o, pikepdf.Name) else o for o in operanden], operator)
             for operanden, operator in pikepdf.parse_content_stream(stempelpagina)])
        pagina.contents_add(begin, prepend=True)
        pagina.contents_add(doel.make_stream(b"Q\n/Artifact BMC\nq\n" + inhoud + b"\nQ\nEMC\n"))


def _voeg_bron_toe(pagina: pikepdf.Page, soort: str, naam: str, waarde) -> pikepdf.Name:
    """`waarde` in the page's resources of `soort` as `naam` (the pages of a part share one
    resource dictionary: a second page finds it there already)."""
    bronnen = pagina.obj.Resources
    if soort not in bronnen:
        bronnen[soort] = pikepdf.Dictionary()
    if naam in bronnen[soort] and bronnen[soort][naam].objgen != waarde.objgen:
        raise ValueError(f"{naam} staat al in de bronnen van een pagina")
    bronnen[soort][naam] = waarde
    return pikepdf.Name(naam)


# --- the merge ---------------------------------------------------------------------------------

def voeg_samen(delen: list[tuple[Deel, bytes]], nummers: bytes | None = None) -> bytes:
    """One PDF of the laid-out parts, in order, with one structure tree, one ParentTree, the
    named destinations and bookmarks of all, links between parts restored, and the pages of
    `nummers` (the page numbers) stamped on."""
    bronnen = [pikepdf.open(io.BytesIO(pdf)) for pdf in (*(pdf for _deel, pdf in delen),
                                                         *([nummers] if nummers else []))]
    try:
        doel = bronnen[0]
        document = doel.Root.StructTreeRoot.K[0]
        pagina_nums, annot_nums = _nums(doel, doel, range(len(doel.pages)))
        bestemmingen = list(_bestemmingen(doel))
        bladwijzers = []
        for (deel, _pdf), bron in zip(delen[1:], bronnen[1:len(delen)], strict=True):
            eerste = len(doel.pages)
            doel.pages.extend(bron.pages)
            nieuw = range(eerste, len(doel.pages))
            for element in bron.Root.StructTreeRoot.K[0].K:
                kopie = doel.copy_foreign(element)
                kopie.P = document
                document.K.append(kopie)
            paginas, annots = _nums(doel, bron, nieuw)
            pagina_nums += paginas
            annot_nums += annots
            bestemmingen += [(naam, _herbouw_doel(dest, bron, doel, eerste))
                             for naam, dest in _bestemmingen(bron)]
            bladwijzers.append((deel, _bladwijzers(bron, eerste)))
        _schrijf_parenttree(doel, pagina_nums, annot_nums)
        _schrijf_bestemmingen(doel, bestemmingen)
        _voeg_bladwijzers_toe(doel, bladwijzers)
        _herstel_kruislinks(doel, {naam for naam, _d in bestemmingen})
        if nummers:
            _stempel(doel, bronnen[-1])
        uit = io.BytesIO()
        doel.save(uit, deterministic_id=True, compress_streams=True,
                  object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return uit.getvalue()
    finally:
        for bron in bronnen:
            bron.close()


def _nums(doel: pikepdf.Pdf, bron: pikepdf.Pdf, paginas: range):
    """The ParentTree entries of `bron`'s pages (now `doel`'s pages `paginas`) and of their
    annotations, copied into `doel`: ([(page, value)], [(annotation, value)])."""
    oud = bron.Root.StructTreeRoot.ParentTree.Nums
    waarden = {int(oud[i]): oud[i + 1] for i in range(0, len(oud), 2)}
    kopie = (lambda w: w) if bron is doel else (lambda w: _kopieer(doel, w))
    pagina_nums, annot_nums = [], []
    for index in paginas:
        pagina = doel.pages[index].obj
        pagina_nums.append((pagina, kopie(waarden[int(pagina.StructParents)])))
        for annot in pagina.get("/Annots", []):
            if "/StructParent" in annot:
                annot_nums.append((annot, kopie(waarden[int(annot.StructParent)])))
    return pagina_nums, annot_nums


def _kopieer(doel: pikepdf.Pdf, waarde):
    if isinstance(waarde, pikepdf.Array):
        return pikepdf.Array([None if w is None else doel.copy_foreign(w) for w in waarde])
    return doel.copy_foreign(waarde)


def _schrijf_parenttree(doel: pikepdf.Pdf, pagina_nums: list, annot_nums: list) -> None:
    """Pages 0..n-1 by their index, then the annotations (as WeasyPrint numbers one document)."""
    nums = pikepdf.Array()
    for sleutel_, (object_, waarde) in enumerate(pagina_nums + annot_nums):
        if sleutel_ < len(pagina_nums):
            object_.StructParents = sleutel_
        else:
            object_.StructParent = sleutel_
        nums.append(sleutel_)
        nums.append(waarde)
    boom = doel.Root.StructTreeRoot
    boom.ParentTree = doel.make_indirect(pikepdf.Dictionary(Nums=nums))
    boom.ParentTreeNextKey = len(nums) // 2


def _herbouw_doel(dest: pikepdf.Array, bron: pikepdf.Pdf, doel: pikepdf.Pdf, eerste: int):
    index = [p.objgen for p in bron.pages].index(dest[0].objgen)
    return pikepdf.Array([doel.pages[eerste + index].obj, *list(dest)[1:]])


def _schrijf_bestemmingen(doel: pikepdf.Pdf, bestemmingen: list) -> None:
    """One sorted name tree; the first anchor of a name wins, as in one WeasyPrint document."""
    eerst: dict[str, pikepdf.Array] = {}
    for naam, dest in bestemmingen:
        eerst.setdefault(str(naam), dest)
    namen = pikepdf.Array()
    for naam in sorted(eerst):
        namen.append(pikepdf.String(naam))
        namen.append(eerst[naam])
    if "/Names" not in doel.Root:
        doel.Root.Names = pikepdf.Dictionary()
    doel.Root.Names.Dests = doel.make_indirect(pikepdf.Dictionary(Names=namen))


def _bladwijzers(bron: pikepdf.Pdf, eerste: int) -> list:
    """A part's bookmarks as (title, page in the merged PDF, x, y, children)."""
    index = {p.objgen: i for i, p in enumerate(bron.pages)}

    def lees(items):
        return [(str(i.title), eerste + index[i.destination[0].objgen], i.destination[2],
                 i.destination[3], lees(i.children)) for i in items]
    with bron.open_outline() as outline:
        return lees(outline.root)


def _voeg_bladwijzers_toe(doel: pikepdf.Pdf, bladwijzers: list) -> None:
    with doel.open_outline() as outline:
        for deel, items in bladwijzers:
            bovenste = outline.root[-1].children if deel.vervolg and outline.root else outline.root
            bovenste.extend(_maak_items(items))


def _maak_items(items) -> list:
    uit = []
    for titel, pagina, x, y, kinderen in items:
        item = pikepdf.OutlineItem(titel, pagina, "XYZ", left=x, top=y, zoom=0)
        item.children.extend(_maak_items(kinderen))
        uit.append(item)
    return uit


def _herstel_kruislinks(doel: pikepdf.Pdf, namen: set[str]) -> None:
    """A link written as a KRUISLINK address becomes a link to its named destination."""
    for pagina in doel.pages:
        for annot in pagina.obj.get("/Annots", []):
            actie = annot.get("/A")
            if actie is None or not str(actie.get("/URI", "")).startswith(KRUISLINK):
                continue
            anker = unquote(str(actie.URI)[len(KRUISLINK):])
            del annot["/A"]
            annot.Contents = pikepdf.String(anker)
            if anker in namen:
                annot.Dest = pikepdf.String(anker)
