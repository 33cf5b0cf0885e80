"""Benchmark of the Staat van VTH build: time per stage, against the floor measured in the
same run (WeasyPrint alone on the final HTML, pandoc alone on the final Markdown); with the
build cache (staat_van_vth/bouwcache.py) a full build with an empty cache, a rebuild with
unchanged data into a new folder, and a rebuild after one OD's data change (bench/een_od.py),
each as a ratio to the floor, the last also compared byte for byte with a full build of the
changed data; and the build with ten times the data (synthetic).

Usage: .venv/bin/python bench/staat.py [--zonder-10x]
Makes a fresh SQLite database with the demo (or uses VTH_DATABASE_URL when set) and builds
the 2026 edition from it. Targets: build <= 1.5x floor; an unchanged rebuild renders nothing;
a one-OD rebuild under 2 s with the bytes of a full build; 10x data at most 10x the time."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
from een_od import wijzig_een_od  # noqa: E402
from resultaten import schrijf_resultaten  # noqa: E402  (bench/ is on sys.path)

from staat_van_vth.bouw import Editiegegevens, bouw_editie, maak_snapshot  # noqa: E402
from staat_van_vth.snapshot import lees_snapshot, schrijf_snapshot  # noqa: E402

EDITIE = Editiegegevens(2026, date(2026, 6, 1), "2024-2026")


def database(tmp: Path) -> str:
    url = os.environ.get("VTH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite'}")
    omgeving = {**os.environ, "VTH_ENV": "development", "VTH_DATABASE_URL": url}
    for opdracht in (["db", "upgrade"], ["demo", "--als-leeg"]):
        subprocess.run([str(BIN / "vth"), *opdracht], env=omgeving, check=True, stdout=subprocess.DEVNULL)
    return url


def klok(functie, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    uitkomst = functie(*args, **kwargs)
    return time.perf_counter() - start, uitkomst


def cpu() -> float:
    """CPU seconds of this process (all its threads) and of its children that ended (pandoc):
    on a machine shared with other work they move far less than the wall clock."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bouw(snapshot, uit: Path, cache: Path) -> tuple[float, dict, object]:
    totaal, resultaat = klok(bouw_editie, EDITIE, snapshot, uit, cache=cache)
    return totaal, resultaat.tijden, resultaat


def bestanden(map_: Path) -> dict[str, bytes]:
    return {str(p.relative_to(map_)): p.read_bytes() for p in sorted(map_.rglob("*")) if p.is_file()}


def incrementeel(snapshot, tmp: Path, cache: Path, vloer_s: float) -> dict:
    """An unchanged rebuild and a one-OD rebuild with the cache of the full build, as ratios to
    the floor, and the one-OD rebuild compared with a full build of the changed data."""
    ongewijzigd, _t, herbouw = bouw(snapshot, tmp / "ongewijzigd", cache)
    gewijzigd = schrijf_snapshot(wijzig_een_od(snapshot.tabellen), tmp / "snapshot-een-od",
                                 snapshot.manifest)
    een_od, tijden_een_od, na = bouw(gewijzigd, tmp / "een-od", cache)
    _vers_s, _t, vers = bouw(gewijzigd, tmp / "vers", tmp / "lege-cache")
    return {"herbouw_ongewijzigd_s": ongewijzigd, "herbouw_ongewijzigd_gemaakt": herbouw.gemaakt,
            "herbouw_ongewijzigd_tot_vloer": ongewijzigd / vloer_s,
            "herbouw_een_od_s": een_od, "herbouw_een_od_stappen": tijden_een_od,
            "herbouw_een_od_gemaakt": na.gemaakt, "herbouw_een_od_tot_vloer": een_od / vloer_s,
            "herbouw_een_od_gelijk_aan_volle_bouw": bestanden(na.map) == bestanden(vers.map)}


def vloer(resultaat, tmp: Path) -> dict[str, float]:
    """WeasyPrint alone on the final HTML and pandoc alone on the final Markdown: no fixed dates,
    no PDF/UA repair, no house style (what the build adds to them is what it is measured on)."""
    import pypandoc
    from weasyprint import HTML

    markdown = (resultaat.map / f"{EDITIE.bestandsnaam}.md").read_text(encoding="utf-8")
    pdf, _ = klok(lambda: HTML(string=resultaat.boek_html, base_url=str(resultaat.map / "site"))
                  .write_pdf(tmp / "vloer.pdf", pdf_variant="pdf/ua-1", pdf_tags=True))
    docx, _ = klok(lambda: pypandoc.convert_text(
        markdown.replace(".svg)", ".png)"), "docx", format="markdown", outputfile=str(tmp / "vloer.docx"),
        extra_args=["--resource-path", str(resultaat.map / "site"), "--standalone"]))
    return {"pdf": pdf, "docx": docx}


def tienvoud(tabellen: dict[str, pd.DataFrame], factor: int = 10) -> dict[str, pd.DataFrame]:
    """Synthetic data: every OD (with its participants, documents, figures, assessments) and
    every ILT study copied `factor` times under new codes."""
    od_kolommen = {"omgevingsdiensten": ["code", "opvolger_code"], "od_provincies": ["od_code"],
                   "deelnames": ["od_code", "deelnemer_code"], "robuustheid": ["od_code"],
                   "kwaliteitstoetsen": ["od_code"], "beleidsdocumenten": ["od_code", "deelnemer_code"],
                   "waarnemingen": ["od_code"]}
    id_kolommen = {"robuustheid": "beoordeling_id", "ilt_bevindingen": "studie_id",
                   "ilt_adressaten": "studie_id", "ilt_opvolging": "studie_id"}
    uit = {}
    for naam, df in tabellen.items():
        if naam not in od_kolommen and naam not in id_kolommen:
            uit[naam] = df
            continue
        kopieen = []
        for k in range(factor):
            kopie = df.copy()
            for kolom in od_kolommen.get(naam, []):
                kopie[kolom] = kopie[kolom].map(lambda v, k=k: v if k == 0 or pd.isna(v) else f"{v}-{k}")
            if naam == "omgevingsdiensten" and k:
                kopie["naam"] = kopie["naam"] + f" (synthetisch {k})"
                kopie["afkorting"] = kopie["afkorting"] + f"-{k}"
            if naam in id_kolommen:
                kopie[id_kolommen[naam]] = kopie[id_kolommen[naam]] + k * 1_000_000
            kopieen.append(kopie)
        uit[naam] = pd.concat(kopieen, ignore_index=True)
    return uit


def main() -> None:
    argumenten = argparse.ArgumentParser(description=__doc__)
    argumenten.add_argument("--zonder-10x", action="store_true", help="sla de bouw met tienvoudige data over")
    opties = argumenten.parse_args()
    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory(prefix="bench-staat-") as t:
        tmp = Path(t)
        engine = create_engine(database(tmp))
        snapshot_tijd, snapshot = klok(maak_snapshot, engine, EDITIE, tmp / "snapshot")
        engine.dispose()
        begin = cpu()
        totaal, tijden, resultaat = bouw(snapshot, tmp / "een", tmp / "cache")
        volle_bouw, volle_bouw_cpu = totaal, cpu() - begin
        totaal += snapshot_tijd
        begin = cpu()
        vl = vloer(resultaat, tmp)
        vloer_cpu = cpu() - begin
        vloer_s = vl["pdf"] + vl["docx"]
        figuren = {"snapshot": snapshot_tijd, **tijden, "totaal": totaal,
                   "vloer_pdf": vl["pdf"], "vloer_docx": vl["docx"],
                   "verhouding_tot_vloer": totaal / vloer_s,
                   "volle_bouw_s": volle_bouw, "volle_bouw_tot_vloer": volle_bouw / vloer_s,
                   "volle_bouw_cpu_s": volle_bouw_cpu, "vloer_cpu_s": vloer_cpu,
                   "volle_bouw_cpu_tot_vloer": volle_bouw_cpu / vloer_cpu,
                   "door_hulpproces": len(resultaat.door_hulpproces),
                   **incrementeel(snapshot, tmp, tmp / "cache", vloer_s),
                   "load_average": [round(x, 2) for x in os.getloadavg()]}
        print(f"{'stap':22}{'seconden':>10}")
        for stap in ("snapshot", "hoofdstukken", "markdown", "html", "open_data", "grafieken", "pdf", "docx"):
            print(f"{stap:22}{figuren[stap]:10.2f}")
        hulp = Counter(resultaat.door_hulpproces)
        print("(grafieken: wat er na de open data nog te tekenen was; de rest is getekend terwijl de "
              f"hoofdstukken werden berekend; het hulpproces deed {hulp.total()} taken: "
              f"{', '.join(f'{taak} {n}' for taak, n in hulp.items())})")
        print(f"{'totaal':22}{totaal:10.2f}")
        print(f"vloer: WeasyPrint alleen {vl['pdf']:.2f} s + pandoc alleen {vl['docx']:.2f} s "
              f"= {vloer_s:.2f} s; bouw / vloer = {figuren['verhouding_tot_vloer']:.2f} "
              "(doel <= 1,5)")
        f = figuren
        print(f"volle bouw (lege cache) {volle_bouw:.2f} s = {f['volle_bouw_tot_vloer']:.2f}x de vloer; "
              f"herbouw ongewijzigd {f['herbouw_ongewijzigd_s']:.2f} s = "
              f"{f['herbouw_ongewijzigd_tot_vloer']:.2f}x ({len(f['herbouw_ongewijzigd_gemaakt'])} "
              f"opnieuw gemaakt); herbouw na een OD {figuren['herbouw_een_od_s']:.2f} s = "
              f"{figuren['herbouw_een_od_tot_vloer']:.2f}x (doel < 2 s; opnieuw: "
              f"{', '.join(figuren['herbouw_een_od_gemaakt'])}); gelijk aan volle bouw: "
              f"{'ja' if figuren['herbouw_een_od_gelijk_aan_volle_bouw'] else 'NEE'}")
        print(f"CPU-tijd (proces en pandoc): volle bouw {volle_bouw_cpu:.2f} s, vloer {vloer_cpu:.2f} s "
              f"= {f['volle_bouw_cpu_tot_vloer']:.2f}x")
        print("stappen herbouw na een OD: " + ", ".join(
            f"{k} {v:.2f}" for k, v in figuren["herbouw_een_od_stappen"].items()))
        print(f"load average {figuren['load_average']} (2 kernen, gedeeld met andere ontwikkelaars)")
        if not opties.zonder_10x:
            groot = schrijf_snapshot(tienvoud(snapshot.tabellen), tmp / "snapshot-10x", snapshot.manifest)
            groot = lees_snapshot(tmp / "snapshot-10x")
            groot_totaal, groot_tijden, _ = bouw(groot, tmp / "tien", tmp / "cache-10x")
            figuren.update(tienvoud_totaal=groot_totaal,
                           tienvoud_verhouding=groot_totaal / (totaal - snapshot_tijd),
                           tienvoud_stappen=groot_tijden)
            print(f"10x data: {groot_totaal:.2f} s = {figuren['tienvoud_verhouding']:.1f}x de bouw met 1x "
                  "(doel <= 10x: hoogstens lineair)")
        schrijf_resultaten("staat", figuren)


if __name__ == "__main__":
    main()
