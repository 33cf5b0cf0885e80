"""Charts: altair with one shared theme (calm blue of the app's theme, an installed font so
WeasyPrint and vl-convert measure text alike). Rendered to SVG and PNG once per distinct spec:
the build cache's key is the spec and the renderer's version, so a rebuild with unchanged data,
into any folder, reuses them (`staat_van_vth.bouwcache`)."""

from __future__ import annotations

import json
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from staat_van_vth.bouwcache import Bouwcache, sleutel
from staat_van_vth.hulpproces import Werk
from visitatie.taal import getal

FONT = "DejaVu Sans"
BLAUW, DONKER, ACCENT = "#1f4e79", "#153a5b", "#a4262c"


@dataclass(frozen=True)
class Figuur:
    code: str
    titel: str
    samenvatting: str  # the text alternative: what the chart shows, in one or two sentences
    spec: dict
    data: pd.DataFrame  # the data table alternative


# Channels are written as alt.X(...), alt.Text(...), never as bare strings: altair turns a bare
# string into a channel by hashing its whole schema each time (a third of a profile chart's time).
def thema(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (chart.configure(font=FONT).configure_axis(labelFontSize=11, titleFontSize=12,
                                                      labelLimit=260)
            .configure_view(strokeWidth=0).configure_title(fontSize=14, anchor="start"))


def als_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart in the house theme as a Vega-Lite spec. Not validated against Vega-Lite's
    schema here (a fifth of a build's chart time, on the build's critical path): the tests
    validate every spec the builds make (tests/test_staat_publicatie.py)."""
    return thema(chart).to_dict(validate=False)


def staaf_met_mediaan(data: pd.DataFrame, categorie: str, waarde: str, titel: str,
                      as_titel: str) -> dict:
    """Horizontal bars in alphabetical order (never a ranking) with the median as a line."""
    volgorde = sorted(data[categorie].tolist())
    basis = alt.Chart(data)
    staven = basis.mark_bar(color=BLAUW).encode(
        x=alt.X(f"{waarde}:Q", title=as_titel), y=alt.Y(f"{categorie}:N", sort=volgorde, title=None),
        tooltip=[alt.Tooltip(f"{categorie}:N"), alt.Tooltip(f"{waarde}:Q")])
    lijn = basis.mark_rule(color=ACCENT, strokeDash=[4, 3], size=2).encode(x=alt.X(f"median({waarde}):Q"))
    label = alt.Chart(pd.DataFrame({"mediaan": [float(data[waarde].median())],
                                    "label": [f"mediaan {getal(data[waarde].median())}"]}))
    tekst = label.mark_text(color=ACCENT, align="left", baseline="bottom", dx=4, y=-2,
                            fontWeight="bold").encode(x=alt.X("mediaan:Q"), text=alt.Text("label:N"))
    chart = (staven + lijn + tekst).properties(title=titel, width=420, height=alt.Step(16))
    return als_spec(chart)


def index_tegen_mediaan(data: pd.DataFrame, categorie: str, waarde: str) -> dict:
    """A small chart for an OD profile: per indicator a bar from the national median (100) to
    the OD's value as a percentage of it, in the order of the profile's table (alphabetical);
    the median line labelled, in the middle of an axis of at least 50 to 150. No title: the
    figure's caption names the OD and the year."""
    domein, streepjes = index_as(data[waarde])
    staven = alt.Chart(data).mark_bar(color=BLAUW).encode(
        x=alt.X(f"{waarde}:Q", title="% van de landelijke mediaan",
                scale=alt.Scale(domain=domein), axis=alt.Axis(values=streepjes)),
        x2=alt.X2(datum=100),
        y=alt.Y(f"{categorie}:N", sort=data[categorie].tolist(), title=None),
        tooltip=[alt.Tooltip(f"{categorie}:N"), alt.Tooltip(f"{waarde}:Q")])
    mediaan = alt.Chart(pd.DataFrame({"x": [100], "label": ["landelijke mediaan = 100"]}))
    lijn = mediaan.mark_rule(color=ACCENT, strokeDash=[4, 3], size=2).encode(x=alt.X("x:Q"))
    tekst = mediaan.mark_text(color=ACCENT, align="left", baseline="bottom", dx=4, y=-2,
                              fontWeight="bold").encode(x=alt.X("x:Q"), text=alt.Text("label:N"))
    return als_spec((staven + lijn + tekst).properties(width=320, height=alt.Step(14)))


def index_as(indexen: pd.Series) -> tuple[list[int], list[int]]:
    """The axis of an index chart: 100 in the middle, reaching the farthest index rounded up to
    a multiple of 50 (so every tick, a quarter of the axis apart, is a whole multiple of 25 and
    one falls on 100), never below 0 (an index is a share of the median)."""
    uitslag = max(50, -(-int((indexen - 100).abs().max()) // 50) * 50)
    onder = max(0, 100 - uitslag)
    stap = uitslag // 2
    return [onder, 100 + uitslag], [100 + i * stap for i in range(-2, 3) if 100 + i * stap >= onder]


def minilijn(reeks, eenheid: str) -> dict:
    """A small trend line for the key-figure overview: the years on the axis, no title."""
    data = pd.DataFrame([{"jaar": str(j), "waarde": w} for j, w in reeks if w is not None])
    lijn = alt.Chart(data).mark_line(color=BLAUW, point=alt.OverlayMarkDef(color=BLAUW, size=20)).encode(
        x=alt.X("jaar:O", title=None, axis=None),
        y=alt.Y("waarde:Q", title=None, axis=None, scale=alt.Scale(zero=eenheid == "%")))
    return als_spec(lijn.properties(width=70, height=16))


PNG_SCHAAL = 2  # the DOCX's pictures: twice the SVG's size in pixels


class Tekenaar:
    """The build's charts through the queue `werk` (`hulpproces.Werk`): SVG (HTML, PDF), PNG
    (DOCX) and the Vega-Lite spec (interactive HTML) of each figure into `doelmap`. `teken` asks
    for a figure's SVG as soon as a chapter registers it, so it is drawn while the build computes
    on; `svgs` waits for them and asks for the PNGs, each drawn from its SVG (what
    vegalite_to_png does too: the same bytes) without running Vega a second time; `pngs` waits for
    those and writes them. The cache's key is the spec and vl-convert's version, so a rebuild
    with unchanged data, into any folder, draws nothing."""

    def __init__(self, doelmap: Path, cache: Bouwcache, werk: Werk):
        self.doelmap, self.cache, self.werk = doelmap, cache, werk
        self._svg: list[tuple[Figuur, str, bytes | Future]] = []  # (figure, spec, SVG)
        self._png: list[tuple[Figuur, str, bytes | Future]] = []
        self._gevraagd: set[str] = set()
        doelmap.mkdir(parents=True, exist_ok=True)

    def teken(self, figuur: Figuur) -> None:
        """Ask for the figure's SVG (once per code: a chapter tells of its figures as it
        registers them, and again when it comes from the cache)."""
        if figuur.code in self._gevraagd:
            return
        self._gevraagd.add(figuur.code)
        spec = json.dumps(figuur.spec, sort_keys=True)
        (self.doelmap / f"{figuur.code}.vl.json").write_text(spec, encoding="utf-8")
        self._svg.append((figuur, spec, self._vraag("svg", spec, figuur.spec)))

    def svgs(self) -> None:
        for figuur, spec, svg in self._svg:
            svg = self._klaar(svg, "svg", spec, f"{figuur.code}.svg", lambda w: w.encode("utf-8"))
            (self.doelmap / f"{figuur.code}.svg").write_bytes(svg)
            self._png.append((figuur, spec, self._vraag("png", spec, svg.decode("utf-8"), PNG_SCHAAL)))
        self._svg = []

    def pngs(self) -> None:
        """Wait for the PNGs and write them (in the DOCX's thread, which only waits: the build's
        thread runs tasks, in `help_met_pngs` at the latest)."""
        for figuur, spec, png in self._png:
            png = self._klaar(png, "png", spec, f"{figuur.code}.png", bytes)
            (self.doelmap / f"{figuur.code}.png").write_bytes(png)
        self._png = []

    def help_met_pngs(self) -> None:
        """Run waiting tasks in this thread until the PNGs are drawn."""
        self.werk.wacht(self._wachtende_pngs())

    def _wachtende_pngs(self) -> list[Future]:
        return [png for _f, _s, png in self._png if isinstance(png, Future)]

    def _vraag(self, taak: str, spec: str, *argumenten) -> bytes | Future:
        """From the cache, or drawn by task `taak` ("svg" or "png") of the queue."""
        inhoud = self.cache.lees("grafieken", _sleutel(taak, spec))
        return inhoud if inhoud is not None else self.werk.geef(taak, *argumenten)

    def _klaar(self, inhoud: bytes | Future, taak: str, spec: str, naam: str, als_bytes) -> bytes:
        if not isinstance(inhoud, Future):
            return inhoud
        inhoud = als_bytes(self.werk.wacht([inhoud])[0])
        self.cache.noteer("grafieken", naam)
        self.cache.bewaar("grafieken", _sleutel(taak, spec), inhoud)
        return inhoud


def _sleutel(taak: str, spec: str) -> str:
    """A chart's key: its spec and vl-convert's version (a PNG is drawn from the SVG of the same
    spec, the key's words say so)."""
    return sleutel("grafiek", {"svg": "svg", "png": "png uit svg"}[taak], spec, vlc.__version__)
