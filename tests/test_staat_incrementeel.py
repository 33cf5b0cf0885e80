"""Incremental editions: the build cache outside the output folder, an unchanged rebuild that
computes and renders nothing, a one-OD change that computes only the chapters reading its rows
and lays out only the parts that show it, with the same bytes
as a full build of the changed data; and the PDF merged from parts equal in structure (tags,
bookmarks, links, anchors, page numbers) to the book laid out as one document."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pikepdf
import pytest

from staat_van_vth import pdfdelen, pdfua, render
from staat_van_vth.bouw import bouw_editie
from staat_van_vth.bouwcache import Bouwcache, sleutel
from staat_van_vth.delen import NietGedeclareerd
from staat_van_vth.hoofdstukken import HOOFDSTUKKEN, BouwContext
from staat_van_vth.hoofdstukken_monitoring import profielfiguur
from staat_van_vth.snapshot import schrijf_snapshot
from tests.test_staat import EDITIE, fixture_tabellen
from tests.test_staat_formaten import PDF, alle_bestanden


def een_od_gewijzigd() -> dict:
    """One action of OD a's improvement plan finished: a's profile says so."""
    tabellen = fixture_tabellen()
    acties = tabellen["verbeteracties"].copy()
    acties.loc[(acties["od_code"] == "a") & (acties["thema"] == "ketensamenwerking"), "status"] = "gereed"
    return {**tabellen, "verbeteracties": acties}


@pytest.fixture(scope="module")
def bouwsels(tmp_path_factory):
    basis = tmp_path_factory.mktemp("incrementeel")
    cache = basis / "cache"
    oud = schrijf_snapshot(fixture_tabellen(), basis / "snapshot-oud", {"jaar": 2099})
    nieuw = schrijf_snapshot(een_od_gewijzigd(), basis / "snapshot-nieuw", {"jaar": 2099})
    return {"vol": bouw_editie(EDITIE, oud, basis / "vol", cache=cache),
            "ongewijzigd": bouw_editie(EDITIE, oud, basis / "ongewijzigd", cache=cache),
            "een_od": bouw_editie(EDITIE, nieuw, basis / "een-od", cache=cache),
            "vers": bouw_editie(EDITIE, nieuw, basis / "vers", cache=basis / "lege-cache"),
            "cache": cache}


def test_the_cache_lives_outside_the_output_folder_and_a_full_build_fills_it(bouwsels):
    vol = bouwsels["vol"]
    assert not [p for p in vol.map.rglob("*") if p.name.startswith(".")]  # no hidden cache inside
    soorten = {"hoofdstukken", "kerncijfers", "html", "grafieken", "open-data", "open-data-zip",
               "pdf-delen", "docx"}
    assert {g.split("/")[0] for g in vol.gemaakt} == soorten
    assert {p.relative_to(bouwsels["cache"]).parts[0] for p in bouwsels["cache"].rglob("*")
            if p.is_file()} >= soorten


def test_a_cache_cleared_between_looking_and_reading_makes_the_artefact_again(tmp_path):
    """The cache may be deleted at any moment: a missing entry is made again, never an error."""
    cache = Bouwcache(tmp_path / "cache")
    sleutel_ = sleutel("proef", "inhoud")
    assert cache.haal("proef", sleutel_, lambda: b"een", naam="x") == b"een"
    shutil.rmtree(tmp_path / "cache")
    assert cache.lees("proef", sleutel_) is None
    assert cache.haal("proef", sleutel_, lambda: b"twee", naam="x") == b"twee"
    assert cache.gemaakt == ["proef/x", "proef/x"]


def test_an_unchanged_rebuild_renders_nothing_and_gives_the_same_bytes(bouwsels):
    assert bouwsels["ongewijzigd"].gemaakt == []
    assert alle_bestanden(bouwsels["ongewijzigd"].map) == alle_bestanden(bouwsels["vol"].map)


def test_a_one_od_change_lays_out_only_the_parts_that_show_it(bouwsels):
    delen = [g.removeprefix("pdf-delen/") for g in bouwsels["een_od"].gemaakt
             if g.startswith("pdf-delen/")]
    profielen = {d.naam for d in pdfdelen.splits(bouwsels["vol"].boek_html).delen if d.vervolg}
    assert profielen == {"dienst-a", "dienst-b", "dienst-c-x"}
    assert [d for d in delen if d in profielen] == ["dienst-a"]  # only a's profile, not b's or c's
    alle = len(pdfdelen.splits(bouwsels["vol"].boek_html).delen)
    assert len(delen) < alle / 2
    assert not [g for g in bouwsels["een_od"].gemaakt if g.startswith("grafieken/")]


def test_a_one_od_change_computes_only_the_chapters_that_read_its_rows(bouwsels):
    """a's improvement plan is in the table verbeteracties: the chapters that read it (visitations,
    profiles) and the chapters printing every key figure are computed again, the rest is not."""
    def gemaakt(soort: str) -> set[str]:
        return {g.removeprefix(soort + "/") for g in bouwsels["een_od"].gemaakt
                if g.startswith(soort + "/")}
    leest = {h.code for h in HOOFDSTUKKEN if "verbeteracties" in h.leest}
    assert leest == {"visitaties", "profielen"}
    assert gemaakt("kerncijfers") == leest
    kerncijfers_gewijzigd = {"hoofdlijnen", "kerncijfers", "verantwoording"}
    assert gemaakt("hoofdstukken") <= leest | kerncijfers_gewijzigd
    assert gemaakt("hoofdstukken") >= leest
    assert {"stelsel", "robuustheid", "ilt"}.isdisjoint(gemaakt("hoofdstukken"))
    assert len(gemaakt("hoofdstukken")) < len(HOOFDSTUKKEN)
    # the site's HTML only of the chapters computed again and the colophon (it names the snapshot)
    assert gemaakt("html") <= gemaakt("hoofdstukken") | {"colofon"}
    # the open data's files only of the changed table and the tables derived from it
    assert "verbeteracties" in gemaakt("open-data")
    assert len(gemaakt("open-data")) < len(alle_bestanden(bouwsels["vol"].map / "open-data")) / 4


def test_an_od_profiles_chart_is_made_again_only_when_its_own_indexes_change(tmp_path):
    """The profiles chapter is computed again after any OD's change; each OD's chart only
    when that OD's own figures changed."""
    od = SimpleNamespace(od_code="a", naam="Dienst A", afkorting="A")
    cijfers = pd.DataFrame({"indicator": ["Fte", "Zaken"], "index": [90, 120]})
    cache = Bouwcache(tmp_path / "cache")
    for index in ([90, 120], [90, 120], [95, 120]):
        ctx = BouwContext(jaar=2099, peildatum="2099-06-01", periode="x", tabellen={}, cache=cache)
        profielfiguur(ctx, od, cijfers.assign(index=index), 2098)
    assert cache.gemaakt == ["grafiekspecs/profiel-a", "grafiekspecs/profiel-a"]


def test_a_chapter_reading_a_table_it_does_not_declare_is_an_error():
    """The declaration (`Hoofdstuk.leest`) is what the key names, so it must be true."""
    stelsel = next(h for h in HOOFDSTUKKEN if h.code == "stelsel")
    ctx = BouwContext(jaar=2099, peildatum="2099-06-01", periode="x",
                      tabellen=fixture_tabellen()).deel(stelsel)
    assert "omgevingsdiensten" in ctx.tabellen
    for lees in (lambda t: t["robuustheid"], lambda t: t.get("robuustheid"),
                 lambda t: "robuustheid" in t):
        with pytest.raises(NietGedeclareerd, match="robuustheid"):
            lees(ctx.tabellen)


def test_the_incremental_build_has_the_bytes_of_a_full_build_of_the_changed_data(bouwsels):
    incrementeel, vers = (alle_bestanden(bouwsels[k].map) for k in ("een_od", "vers"))
    assert sorted(incrementeel) == sorted(vers)
    assert [pad for pad in vers if incrementeel[pad] != vers[pad]] == []
    assert incrementeel[PDF] != alle_bestanden(bouwsels["vol"].map)[PDF]  # the change is in it


def structuur(pdf: pikepdf.Pdf) -> dict:
    """What a reader and a screen reader meet: tags with their pages, bookmarks, links, anchors."""
    pagina = {p.objgen: i for i, p in enumerate(pdf.pages)}
    tags = [(str(e.S), pagina.get(e.Pg.objgen) if "/Pg" in e else None)
            for e in pdfua._elementen(pdf.Root.StructTreeRoot)]
    with pdf.open_outline() as outline:
        def lees(items):
            return [(str(i.title), pagina[i.destination[0].objgen], lees(i.children)) for i in items]
        bladwijzers = lees(outline.root)
    links = [(i, str(a.get("/Dest", "")), str(a.get("/A", {}).get("/URI", "")), str(a.Contents),
              int(a.StructParent)) for i, p in enumerate(pdf.pages) for a in p.obj.get("/Annots", [])]
    ankers = {str(k): pagina[v[0].objgen]
              for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    eigenaars = [(int(nums[i]), [pagina[r.Pg.objgen] for r in nums[i + 1] if r is not None and "/Pg" in r])
                 for i in range(0, len(nums), 2) if isinstance(nums[i + 1], pikepdf.Array)]
    return {"paginas": len(pdf.pages), "tags": tags, "bladwijzers": bladwijzers, "links": links,
            "ankers": ankers, "eigenaars": eigenaars, "taal": str(pdf.Root.Lang),
            "structparents": [int(p.obj.StructParents) for p in pdf.pages]}


def test_the_merged_pdf_has_the_structure_of_the_book_as_one_document(bouwsels, tmp_path):
    vol = bouwsels["vol"]
    (tmp_path / "een.pdf").write_bytes(render.pdf_document(vol.boek_html, vol.map / "site",
                                                           gemaakt=EDITIE.peildatum))
    with pikepdf.open(vol.map / PDF) as delen, pikepdf.open(tmp_path / "een.pdf") as een:
        samengevoegd, geheel = structuur(delen), structuur(een)
    assert samengevoegd == geheel
    assert samengevoegd["structparents"] == list(range(samengevoegd["paginas"]))
    assert all(pagina == sleutel for sleutel, paginas in samengevoegd["eigenaars"] for pagina in paginas)
    assert any(dest for _p, dest, _u, _c, _s in samengevoegd["links"])  # the contents' links


def test_the_stamped_page_numbers_look_as_in_the_book_laid_out_as_one_document(bouwsels, tmp_path):
    """The parts are laid out without page numbers (so a part does not depend on where it
    starts) and numbered at the merge: every page, its number included, has the pixels of the
    book laid out as one document."""
    vol = bouwsels["vol"]
    (tmp_path / "een.pdf").write_bytes(render.pdf_document(vol.boek_html, vol.map / "site",
                                                           gemaakt=EDITIE.peildatum))
    for naam, pdf in (("delen", vol.map / PDF), ("een", tmp_path / "een.pdf")):
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / naam)], check=True)
    delen, een = (sorted(tmp_path.glob(f"{naam}-*.pgm")) for naam in ("delen", "een"))
    assert len(delen) == len(een) > 5
    verschillend = [p.name for p, q in zip(delen, een, strict=True) if p.read_bytes() != q.read_bytes()]
    assert verschillend == []


def test_a_link_out_of_the_site_folder_is_never_read_for_the_key(tmp_path):
    """An editor's relative link such as ../../geheim.txt is not an input of the layout."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "staat.css").write_text("body {}", encoding="utf-8")
    geheim = tmp_path / "geheim.txt"
    geheim.write_text("een", encoding="utf-8")
    bouwer = pdfdelen.PdfBouwer(None, site, EDITIE.peildatum, Bouwcache())
    assert bouwer._bron("../geheim.txt") == "buiten de site"
    assert bouwer._bron("staat.css") != "buiten de site"


def test_the_front_matters_trial_layout_only_counts_its_pages(bouwsels):
    """Laid out with placeholder page numbers only to learn its length: no PDF is written for
    it, the cache keeps the number (one per front matter: the colophon names the snapshot)."""
    lengtes = [p.read_bytes() for p in (bouwsels["cache"] / "pdf-delen").rglob("*")
               if p.is_file() and not p.read_bytes().startswith(b"%PDF")]
    assert len(lengtes) == 2 and all(lengte.isdigit() for lengte in lengtes)
    assert sum(g == "pdf-delen/voorwerk-proef" for g in bouwsels["een_od"].gemaakt) == 1


def test_the_parts_take_the_books_stylesheet_apart_and_are_keyed_on_its_content(tmp_path):
    """Parsed once per content instead of once per part (`render.Opmaker`); an edited stylesheet
    is parsed again and lays every part out again."""
    boek = pdfdelen.splits('<html><head><link rel="stylesheet" href="staat.css"></head>'
                           '<body><section class="hoofdstuk"><h1 id="a">A</h1></section></body></html>')
    assert boek.stijlbladen == ("staat.css",)
    assert "<link" not in boek.kop
    (tmp_path / "staat.css").write_text("h1 { color: red }", encoding="utf-8")
    deel = pdfdelen._document(boek, boek.delen[0])
    opmaker = render.Opmaker(tmp_path, EDITIE.peildatum)

    def sleutel_():
        bouwer = pdfdelen.PdfBouwer(None, tmp_path, EDITIE.peildatum, Bouwcache())
        return bouwer._sleutel("pdf-deel", deel, boek.stijlbladen)
    voor, geparst = sleutel_(), opmaker.stijlen(boek.stijlbladen)
    assert opmaker.stijlen(boek.stijlbladen) == geparst  # once per content
    (tmp_path / "staat.css").write_text("h1 { color: blue }", encoding="utf-8")
    assert sleutel_() != voor
    assert opmaker.stijlen(boek.stijlbladen) != geparst


def test_the_cache_keeps_what_builds_use_and_prunes_what_they_no_longer_ask_for(tmp_path):
    """Every hit marks an entry used; pruning removes only entries unused since the given time."""
    import os

    from staat_van_vth.bouwcache import Bouwcache, ruim_op, sleutel

    cache = Bouwcache(tmp_path / "cache")
    oud, nieuw = sleutel("oud"), sleutel("nieuw")
    for s in (oud, nieuw):
        cache.haal("pdf-delen", s, lambda s=s: s.encode())
        os.utime(cache.pad("pdf-delen", s), (1_000_000_000, 1_000_000_000))  # last used in 2001
    assert cache.lees("pdf-delen", nieuw) == nieuw.encode()  # a later build reads it

    opgeruimd = ruim_op(tmp_path / "cache", ongebruikt_sinds=1_000_000_001)
    assert (opgeruimd.bestanden, opgeruimd.bytes) == (1, len(oud))
    assert cache.lees("pdf-delen", oud) is None and cache.lees("pdf-delen", nieuw) is not None
    assert ruim_op(tmp_path / "ontbreekt", ongebruikt_sinds=2e9).bestanden == 0


def test_vth_staat_bouwcache_opruimen_removes_what_was_not_used_for_a_month(runner, app):
    import os

    from staat_van_vth.bouwcache import Bouwcache, sleutel

    cache = Bouwcache(Path(app.config["BOUWCACHE"]))
    cache.haal("docx", sleutel("vergeten"), lambda: b"x" * 2_500_000)
    cache.haal("docx", sleutel("gebruikt"), lambda: b"y")
    os.utime(cache.pad("docx", sleutel("vergeten")), (1_000_000_000, 1_000_000_000))
    uitvoer = runner.invoke(args=["staat", "bouwcache-opruimen"])
    assert uitvoer.exit_code == 0, uitvoer.output
    assert "1 bestand (2,5 MB) verwijderd" in uitvoer.output and "laatste 30 dagen" in uitvoer.output
    assert not cache.pad("docx", sleutel("vergeten")).exists()
    assert cache.pad("docx", sleutel("gebruikt")).exists()


def test_computed_chapters_are_kept_only_in_a_folder_no_one_else_may_write(tmp_path):
    """A pickle runs code when read: in a folder others may write to, nothing is kept or read."""
    import os

    from staat_van_vth.bouwcache import Bouwcache

    eigen, open_ = tmp_path / "eigen", tmp_path / "open"
    eigen.mkdir(mode=0o755)
    open_.mkdir()
    os.chmod(open_, 0o777)
    for map_, bewaard in ((eigen, 1), (open_, 0)):
        for _ in range(2):
            cache = Bouwcache(map_)
            waarde = cache.onthoud("hoofdstukken", "a" * 64, lambda: {"md": "tekst"}, naam="x")
            assert waarde == {"md": "tekst"}
        assert len(list(map_.rglob("a" * 64))) == bewaard
        assert cache.gemaakt == ([] if bewaard else ["hoofdstukken/x"])


def test_a_value_and_its_text_give_different_table_keys():
    """pandas hashes object columns as text; the key must still tell 1 from "1"."""
    from datetime import date

    from staat_van_vth.delen import tabel_sleutel

    def sleutel_van(waarde):
        return tabel_sleutel(pd.DataFrame({"k": pd.Series([waarde], dtype=object)}))

    assert sleutel_van(1) != sleutel_van("1")
    assert sleutel_van(date(2024, 1, 1)) != sleutel_van("2024-01-01")
    assert sleutel_van("1") == sleutel_van("1")
