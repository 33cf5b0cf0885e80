"""Benchmark of the council summaries (run: .venv/bin/python bench/raad.py [--werkers N]).

Builds all 354 summaries (342 municipalities + 12 provinces) of the demo's published edition as
HTML and PDF, the way `vth raad build` does, and measures in the same run the baseline: one
WeasyPrint render of the same kind of page (GM0363, warm, median of 5) in this process. Prints
the total, the HTML and PDF phases, the PDF cost per summary (wall time x workers / 354) against
the single render, and the machine's load average, because the cores are shared.
Target: all 354 in under 60 s on a 2-core machine. Writes JSON to bench/results/."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
DOEL_S = 60.0


def bereid_database(tmp: Path) -> str:
    url = os.environ.get("VTH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite'}")
    omgeving = {**os.environ, "VTH_ENV": "development", "VTH_DATABASE_URL": url}
    for opdracht in (["db", "upgrade"], ["demo", "--als-leeg"]):
        subprocess.run([str(BIN / "vth"), *opdracht], env=omgeving, check=True, stdout=subprocess.DEVNULL)
    return url


def enkele_render(db, editie) -> dict:
    from visitatie.raad.operations import laad_bron, samenvatting_voor
    from visitatie.raad.render import PdfMaker, document_html

    begin = time.perf_counter()
    maker = PdfMaker()
    opzet = time.perf_counter() - begin
    document = document_html(samenvatting_voor(laad_bron(db, editie, codes={"GM0363"}), "GM0363"))
    begin = time.perf_counter()
    maker.pdf(document)
    koud = time.perf_counter() - begin
    tijden = []
    for _ in range(5):
        begin = time.perf_counter()
        maker.pdf(document)
        tijden.append(time.perf_counter() - begin)
    return {"opzet_fonts_css_s": opzet, "eerste_s": koud, "warm_mediaan_s": statistics.median(tijden)}


def _cpu() -> float:
    """CPU seconds of this process plus its finished children (the PDF workers, once the pool
    has shut down): unlike wall time, this does not depend on what else runs on the machine."""
    eigen, kinderen = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return eigen.ru_utime + eigen.ru_stime + kinderen.ru_utime + kinderen.ru_stime


def main() -> None:
    from sqlmodel import Session

    from visitatie.db import make_engine
    from visitatie.raad.batch import bouw_alles, standaard_werkers
    from visitatie.raad.operations import gepubliceerde_edities

    parser = argparse.ArgumentParser()
    parser.add_argument("--werkers", type=int, default=None)
    args = parser.parse_args()
    werkers = args.werkers or standaard_werkers()
    with tempfile.TemporaryDirectory() as tmp:
        url = bereid_database(Path(tmp))
        engine = make_engine(url)
        with Session(engine) as db:
            editie = gepubliceerde_edities(db)[0]
            last_voor = os.getloadavg()
            basis = enkele_render(db, editie)
            begin, cpu_begin = time.perf_counter(), _cpu()
            verslag = bouw_alles(db, editie, Path(tmp) / "uit", werkers=werkers)
            totaal, cpu = time.perf_counter() - begin, _cpu() - cpu_begin
            last_na = os.getloadavg()
        engine.dispose()
    per_stuk = verslag.tijden["pdf"] * werkers / verslag.aantal
    resultaten = {
        "editie": editie.jaar, "aantal": verslag.aantal, "pdfs": verslag.pdfs, "werkers": werkers,
        "totaal_s": round(totaal, 2), "html_s": round(verslag.tijden["html"], 2),
        "pdf_s": round(verslag.tijden["pdf"], 2), "pdf_per_samenvatting_s": round(per_stuk, 3),
        "enkele_render": {k: round(v, 3) for k, v in basis.items()},
        "verhouding_per_stuk_tot_enkele_render": round(per_stuk / basis["warm_mediaan_s"], 2),
        "doel_s": DOEL_S, "doel_gehaald": totaal < DOEL_S, "leesbaarheid_fouten": len(verslag.leesbaarheid),
        "load_average_voor": [round(x, 2) for x in last_voor],
        "load_average_na": [round(x, 2) for x in last_na],
        "machine_cores": os.cpu_count(),
        "cpu_s": round(cpu, 1), "cpu_per_samenvatting_s": round(cpu / verslag.aantal, 3),
        # what the run would take with the cores to itself: HTML in one process, PDFs spread
        "geschat_op_vrije_kernen_s": round(
            verslag.tijden["html"] + (cpu - verslag.tijden["html"]) / werkers, 1),
    }
    print(f"{verslag.aantal} samenvattingen (HTML + PDF) met {werkers} processen: {totaal:.1f} s "
          f"(HTML {verslag.tijden['html']:.1f} s, PDF {verslag.tijden['pdf']:.1f} s); doel < {DOEL_S:.0f} s: "
          f"{'gehaald' if totaal < DOEL_S else 'NIET gehaald'}")
    print(f"één WeasyPrint-render (GM0363, warm, mediaan van 5): {basis['warm_mediaan_s']:.3f} s; "
          f"eerste {basis['eerste_s']:.3f} s; fonts+CSS opzetten {basis['opzet_fonts_css_s']:.3f} s")
    print(f"PDF per samenvatting in de batch: {per_stuk:.3f} s = "
          f"{resultaten['verhouding_per_stuk_tot_enkele_render']}x de enkele render")
    print(f"CPU-tijd van de hele bouw: {cpu:.1f} s ({cpu / verslag.aantal:.3f} s per samenvatting); "
          f"op {werkers} vrije kernen dus ongeveer {resultaten['geschat_op_vrije_kernen_s']:.0f} s")
    print(f"load average voor/na: {resultaten['load_average_voor']} / {resultaten['load_average_na']} "
          f"op {os.cpu_count()} kernen (gedeelde machine)")
    map_ = ROOT / "bench" / "results"
    map_.mkdir(exist_ok=True)
    pad = map_ / f"raad-{time.strftime('%Y%m%d-%H%M%S')}.json"
    pad.write_text(json.dumps(resultaten, indent=2), encoding="utf-8")
    print(f"geschreven: {pad.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
