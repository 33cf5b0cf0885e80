"""Charts: altair with one shared theme (calm blue of the app's theme, an installed font so
WeasyPrint and vl-convert measure text alike). Rendered to SVG and PNG once per distinct spec:
the build cache's key is the spec and the renderer's version, so a rebuild with unchanged data,
into any folder, reuses them (`staat_van_vth.bouwcache`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from staat_van_vth.bouwcache import Bouwcache, sleutel
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


def thema(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (chart.configure(font=FONT).configure_axis(labelFontSize=11, titleFontSize=12,
                                                      labelLimit=260)
            .configure_view(strokeWidth=0).configure_title(fontSize=14, anchor="start"))


def staaf_met_mediaan(data: pd.DataFrame, categorie: str, waarde: str, titel: str,
                      as_titel: str) -> dict:
    """Horizontal bars in alphabetical order (never a ranking) with the median as a line."""
    volgorde = sorted(data[categorie].tolist())
    basis = alt.Chart(data)
    staven = basis.mark_bar(color=BLAUW).encode(
        x=alt.X(f"{waarde}:Q", title=as_titel), y=alt.Y(f"{categorie}:N", sort=volgorde, title=None),
        tooltip=[alt.Tooltip(f"{categorie}:N"), alt.Tooltip(f"{waarde}:Q")])
    lijn = basis.mark_rule(color=ACCENT, strokeDash=[4, 3], size=2).encode(x=f"median({waarde}):Q")
    label = alt.Chart(pd.DataFrame({"mediaan": [float(data[waarde].median())],
                                    "label": [f"mediaan {getal(data[waarde].median())}"]}))
    tekst = label.mark_text(color=ACCENT, align="left", baseline="bottom", dx=4, y=-2,
                            fontWeight="bold").encode(x="mediaan:Q", text="label:N")
    chart = (staven + lijn + tekst).properties(title=titel, width=420, height=alt.Step(16))
    return thema(chart).to_dict()


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
    lijn = mediaan.mark_rule(color=ACCENT, strokeDash=[4, 3], size=2).encode(x="x:Q")
    tekst = mediaan.mark_text(color=ACCENT, align="left", baseline="bottom", dx=4, y=-2,
                              fontWeight="bold").encode(x="x:Q", text="label:N")
    return thema((staven + lijn + tekst).properties(width=320, height=alt.Step(14))).to_dict()


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
    return thema(lijn.properties(width=70, height=16)).to_dict()


def render_figuur(figuur: Figuur, doelmap: Path, cache: Bouwcache | Path | None) -> dict[str, Path]:
    """SVG (HTML, PDF), PNG (DOCX) and the Vega-Lite spec (interactive HTML) of one figure."""
    doelmap.mkdir(parents=True, exist_ok=True)
    cache = Bouwcache.van(cache)
    spec = json.dumps(figuur.spec, sort_keys=True)
    paden = {"svg": doelmap / f"{figuur.code}.svg", "png": doelmap / f"{figuur.code}.png",
             "vl": doelmap / f"{figuur.code}.vl.json"}
    paden["vl"].write_text(spec, encoding="utf-8")
    svg = cache.haal("grafieken", sleutel("grafiek", "svg", spec, vlc.__version__),
                     lambda: vlc.vegalite_to_svg(figuur.spec).encode("utf-8"), naam=f"{figuur.code}.svg")
    # the PNG drawn from that SVG (what vegalite_to_png does too: the same bytes for every chart
    # of the demo edition) without running Vega a second time: a third of the charts stage
    png = cache.haal("grafieken", sleutel("grafiek", "png uit svg", spec, vlc.__version__),
                     lambda: vlc.svg_to_png(svg.decode("utf-8"), scale=2), naam=f"{figuur.code}.png")
    paden["svg"].write_bytes(svg)
    paden["png"].write_bytes(png)
    return paden
