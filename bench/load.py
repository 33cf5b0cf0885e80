"""Load test: wrk against gunicorn (2 workers) on loopback, each page against a baseline route.

Usage: .venv/bin/python bench/load.py [--duur 10] [--verbindingen 16]
Starts its own gunicorn on a fresh SQLite database with the demo loaded (or on
VTH_DATABASE_URL when set), so it measures the same app a user gets from `make run`."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE = "/ping"
# The most used pages; a page whose capability is not built yet answers 404 and is reported so.
PAGINAS = {
    "OD-overzicht": "/omgevingsdiensten",
    "OD-pagina": "/omgevingsdiensten/odmh",
    "rondeoverzicht": "/planning/rondes",
    "vragenlijst": "/visitaties",
    "raadssamenvatting": "/raad/GM0363",
    "API OD-lijst": "/api/v1/omgevingsdiensten",
}
LATENCY = re.compile(r"^P(50|95|99) (\d+)$", re.MULTILINE)  # printed by percentielen.lua, in µs
RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
LUA = Path(__file__).with_name("percentielen.lua")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bereid_database(tmp: Path) -> dict:
    omgeving = {**os.environ, "VTH_ENV": "development"}
    omgeving.setdefault("VTH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite'}")
    for opdracht in (["db", "upgrade"], ["demo", "--als-leeg"]):
        subprocess.run([str(BIN / "vth"), *opdracht], env=omgeving, check=True,
                       stdout=subprocess.DEVNULL)
    return omgeving


def start_gunicorn(omgeving: dict, poort: int) -> subprocess.Popen:
    omgeving = {**omgeving, "VTH_BIND": f"127.0.0.1:{poort}", "VTH_WORKERS": "2",
                "VTH_THREADS": "1"}
    proces = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT,
                              env=omgeving, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    einde = time.monotonic() + 30
    while time.monotonic() < einde:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{poort}{BASELINE}", timeout=1).close()
            return proces
        except OSError:
            time.sleep(0.2)
    proces.kill()
    raise SystemExit("gunicorn startte niet")


def status_van(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as antwoord:
            return antwoord.status
    except urllib.error.HTTPError as fout:
        return fout.code


def wrk(url: str, duur: int, verbindingen: int) -> dict:
    uitvoer = subprocess.run(["wrk", "-t2", f"-c{verbindingen}", f"-d{duur}s", "-s", str(LUA), url],
                             capture_output=True, text=True, check=True).stdout
    latenties = {p: int(us) / 1000 for p, us in LATENCY.findall(uitvoer)}
    return {"rps": float(RPS.search(uitvoer).group(1)), "p50_ms": latenties["50"],
            "p95_ms": latenties["95"], "p99_ms": latenties["99"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duur", type=int, default=10)
    parser.add_argument("--verbindingen", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk ontbreekt: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        omgeving = bereid_database(Path(tmp))
        poort = vrije_poort()
        server = start_gunicorn(omgeving, poort)
        try:
            resultaten = meet(f"http://127.0.0.1:{poort}", args.duur, args.verbindingen)
        finally:
            server.terminate()
            server.wait(10)
    schrijf(resultaten, args)


def meet(basis: str, duur: int, verbindingen: int) -> dict:
    basislijn = wrk(basis + BASELINE, duur, verbindingen)
    resultaten = {"basislijn": {"pad": BASELINE, **basislijn}, "paginas": {}}
    print(f"{'pagina':20} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'t.o.v. basis':>13}")
    print(f"{'basislijn ' + BASELINE:20} {basislijn['rps']:9.0f} {basislijn['p50_ms']:8.1f} "
          f"{basislijn['p95_ms']:8.1f} {'100%':>13}")
    for naam, pad in PAGINAS.items():
        status = status_van(basis + pad)
        if status != 200:
            print(f"{naam:20} overgeslagen: {pad} antwoordt {status}")
            resultaten["paginas"][naam] = {"pad": pad, "status": status}
            continue
        meting = wrk(basis + pad, duur, verbindingen)
        meting["verhouding"] = meting["rps"] / basislijn["rps"]
        resultaten["paginas"][naam] = {"pad": pad, **meting}
        doel = "ok" if meting["verhouding"] >= 0.25 and meting["p95_ms"] < 100 else "ONDER DOEL"
        print(f"{naam:20} {meting['rps']:9.0f} {meting['p50_ms']:8.1f} {meting['p95_ms']:8.1f} "
              f"{meting['verhouding']:12.0%}  {doel}")
    return resultaten


def schrijf(resultaten: dict, args) -> None:
    map_ = ROOT / "bench" / "results"
    map_.mkdir(exist_ok=True)
    pad = map_ / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    resultaten.update({"duur_s": args.duur, "verbindingen": args.verbindingen,
                       "workers": 2, "machine_cores": os.cpu_count()})
    pad.write_text(json.dumps(resultaten, indent=2), encoding="utf-8")
    print(f"geschreven: {pad.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
