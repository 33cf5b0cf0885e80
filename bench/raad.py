"""Benchmark of the council summaries (run: .venv/bin/python bench/raad.py [--werkers N] [--runs N]).

Builds all 354 summaries (342 municipalities + 12 provinces) of the demo's published edition as
HTML and PDF, the way `vth raad build` does, and measures in the same run the baseline: one
WeasyPrint render of the same kind of page (GM0363, warm, median of 5) in this process. Prints
per build the total, the HTML pass (during which the workers already render), the cost per
summary (wall time x workers / 354) against the single render, the CPU time, and the machine's
load average, because the cores are shared; with --runs N the build is repeated and the medians
count. Target: all 354 in under 60 s on a 2-core machine. The first build fills a build cache
(staat_van_vth/bouwcache.py); then the summaries are built again with that cache, unchanged and
after one OD's data change (bench/een_od.py), counting the summaries whose HTML was made and
whose PDF was laid out again and the workers started, with wall and CPU time (the CPU time is
what the rebuild takes on a free core): target under 5 s with only that OD's participants made
again. Writes JSON to bench/results/."""

from __future__ import annotations

import argparse
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
from resultaten import schrijf_resultaten  # noqa: E402  (bench/ is on sys.path)

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
    document = document_html(samenvatting_voor(laad_bron(db, editie.jaar, editie.peildatum), "GM0363"))
    begin = time.perf_counter()
    maker.pdf(document)
    koud = time.perf_counter() - begin
    tijden, cpu = [], []
    for _ in range(5):
        begin, cpu_begin = time.perf_counter(), time.process_time()
        maker.pdf(document)
        tijden.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - cpu_begin)
    return {"opzet_fonts_css_s": opzet, "eerste_s": koud, "warm_mediaan_s": statistics.median(tijden),
            "warm_mediaan_cpu_s": statistics.median(cpu)}


def _cpu() -> float:
    """CPU seconds of this process plus its finished children (the PDF workers, once the pool
    has shut down): unlike wall time, this does not depend on what else runs on the machine."""
    eigen, kinderen = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return eigen.ru_utime + eigen.ru_stime + kinderen.ru_utime + kinderen.ru_stime


def een_bouw(db, editie, uit: Path, werkers: int, cache: Path | None = None) -> dict:
    """One full build with, just before it, the single-render baseline of the same run."""
    from visitatie.raad.batch import bouw_alles
    from visitatie.raad.operations import laad_bron

    last_voor = os.getloadavg()
    basis = enkele_render(db, editie)
    begin, cpu_begin = time.perf_counter(), _cpu()
    verslag = bouw_alles(laad_bron(db, editie.jaar, editie.peildatum), uit, werkers=werkers,
                         cache=cache)
    totaal, cpu = time.perf_counter() - begin, _cpu() - cpu_begin
    per_stuk = totaal * werkers / verslag.aantal
    return {
        "aantal": verslag.aantal, "pdfs": verslag.pdfs, "totaal_s": round(totaal, 2),
        "html_s": round(verslag.tijden["html"], 2), "per_samenvatting_s": round(per_stuk, 3),
        "enkele_render": {k: round(v, 3) for k, v in basis.items()},
        "verhouding_per_stuk_tot_enkele_render": round(per_stuk / basis["warm_mediaan_s"], 2),
        "cpu_s": round(cpu, 1), "cpu_per_samenvatting_s": round(cpu / verslag.aantal, 3),
        "verhouding_cpu_per_stuk_tot_enkele_render_cpu": round(
            cpu / verslag.aantal / basis["warm_mediaan_cpu_s"], 2),
        # what the run would take with the cores to itself: all work spread over the workers
        "geschat_op_vrije_kernen_s": round(cpu / werkers, 1),
        "leesbaarheid_fouten": len(verslag.leesbaarheid),
        "load_average_voor": [round(x, 2) for x in last_voor],
        "load_average_na": [round(x, 2) for x in os.getloadavg()],
    }


def herbouw(db, editie, tmp: Path, werkers: int, cache: Path, od: str = "dcmr") -> dict:
    """Rebuild all summaries with the cache of a full build: unchanged, then after one OD's data
    change; the time, and how many PDFs were laid out again (expected: that OD's participants)."""
    # Imported here, not at the top: a spawned PDF worker imports this script again as its main
    # module, and should not load pandas for it.
    from een_od import wijzig_een_od

    from staat_van_vth.load import laad_tabellen
    from visitatie.raad.batch import bouw_alles
    from visitatie.raad.operations import BRONTABELLEN, bron_uit_tabellen

    tabellen = laad_tabellen(db.connection(), editie.peildatum, BRONTABELLEN)
    leden = tabellen["deelnames"][tabellen["deelnames"]["od_code"] == od]["deelnemer_code"]
    uitkomst = {"od": od, "deelnemers_van_od": int(leden.nunique())}
    for naam, t in (("ongewijzigd", tabellen), ("een_od", wijzig_een_od(tabellen, od))):
        begin, cpu_begin = time.perf_counter(), _cpu()
        verslag = bouw_alles(bron_uit_tabellen(t, editie.jaar, editie.peildatum), tmp / naam,
                             werkers=werkers, cache=cache)
        uitkomst[naam] = {"totaal_s": round(time.perf_counter() - begin, 2),
                          "cpu_s": round(_cpu() - cpu_begin, 2),  # what it takes on a free core
                          "html_s": round(verslag.tijden["html"], 2),
                          "pdfs_opnieuw": verslag.gerenderd, "html_opnieuw": verslag.html_gemaakt,
                          "werkers_gestart": verslag.werkers_gestart, "aantal": verslag.aantal}
    uitkomst["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return uitkomst


def main() -> None:
    from sqlmodel import Session

    from visitatie.db import make_engine
    from visitatie.publicatie.operations import gepubliceerde_edities
    from visitatie.raad.batch import standaard_werkers

    parser = argparse.ArgumentParser()
    parser.add_argument("--werkers", type=int, default=None)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    werkers = args.werkers or standaard_werkers()
    with tempfile.TemporaryDirectory() as tmp:
        url = bereid_database(Path(tmp))
        engine = make_engine(url)
        with Session(engine) as db:
            editie = gepubliceerde_edities(db)[0]
            runs = []
            for i in range(args.runs):
                cache = Path(tmp) / "cache" if i == 0 else None  # the first run fills the cache
                runs.append(een_bouw(db, editie, Path(tmp) / f"uit{i}", werkers, cache))
                r = runs[-1]
                print(f"run {i + 1}: {r['aantal']} samenvattingen (HTML + PDF) met {werkers} processen: "
                      f"{r['totaal_s']:.1f} s (HTML-ronde {r['html_s']:.1f} s); per samenvatting "
                      f"{r['per_samenvatting_s']:.3f} s = {r['verhouding_per_stuk_tot_enkele_render']}x de "
                      f"enkele render ({r['enkele_render']['warm_mediaan_s']:.3f} s); CPU {r['cpu_s']:.1f} s "
                      f"({r['verhouding_cpu_per_stuk_tot_enkele_render_cpu']}x); load "
                      f"{r['load_average_voor'][0]}->{r['load_average_na'][0]}", flush=True)
            opnieuw = herbouw(db, editie, Path(tmp), werkers, Path(tmp) / "cache")
            o, e = opnieuw["ongewijzigd"], opnieuw["een_od"]
            print(f"herbouw met cache: ongewijzigd {o['totaal_s']:.2f} s ({o['html_opnieuw']} HTML, "
                  f"{o['pdfs_opnieuw']} PDF's opnieuw, {o['werkers_gestart']} werkers); na een wijziging bij "
                  f"{opnieuw['od']} {e['totaal_s']:.2f} s, CPU {e['cpu_s']:.2f} s "
                  f"(HTML-ronde {e['html_s']:.2f} s; "
                  f"{e['html_opnieuw']} HTML, {e['pdfs_opnieuw']} PDF's opnieuw, "
                  f"{e['werkers_gestart']} werkers, "
                  f"{opnieuw['deelnemers_van_od']} deelnemers van die OD; doel < 5 s); "
                  f"load {opnieuw['load_average'][0]}", flush=True)
        engine.dispose()
    mediaan = {k: round(statistics.median(r[k] for r in runs), 3) for k in (
        "totaal_s", "html_s", "per_samenvatting_s", "verhouding_per_stuk_tot_enkele_render", "cpu_s",
        "verhouding_cpu_per_stuk_tot_enkele_render_cpu", "geschat_op_vrije_kernen_s")}
    mediaan["enkele_render_warm_s"] = round(
        statistics.median(r["enkele_render"]["warm_mediaan_s"] for r in runs), 3)
    resultaten = {"editie": editie.jaar, "werkers": werkers, "machine_cores": os.cpu_count(),
                  "doel_s": DOEL_S, "doel_gehaald": mediaan["totaal_s"] < DOEL_S, "mediaan": mediaan,
                  "runs": runs, "herbouw": opnieuw, "herbouw_doel_s": 5.0,
                  "herbouw_doel_gehaald": opnieuw["een_od"]["totaal_s"] < 5.0}
    print(f"mediaan van {len(runs)}: {mediaan['totaal_s']:.1f} s voor alle {runs[0]['aantal']}; doel < "
          f"{DOEL_S:.0f} s: {'gehaald' if resultaten['doel_gehaald'] else 'NIET gehaald'}; per samenvatting "
          f"{mediaan['verhouding_per_stuk_tot_enkele_render']}x de enkele render (wandklok), "
          f"{mediaan['verhouding_cpu_per_stuk_tot_enkele_render_cpu']}x (CPU); op {werkers} vrije kernen "
          f"~{mediaan['geschat_op_vrije_kernen_s']:.0f} s")
    schrijf_resultaten("raad", resultaten)


if __name__ == "__main__":
    main()
