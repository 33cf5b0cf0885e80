"""Load test: wrk against gunicorn (2 workers) on loopback, each page against a baseline route.

Usage: .venv/bin/python bench/load.py [--duur 10] [--verbindingen 16]
Starts its own gunicorn on a fresh SQLite database with the demo loaded (or on
VTH_DATABASE_URL when set), so it measures the same app a user gets from `make run`.
Pages behind a login are measured with the session cookie of one demo coordinator login,
handed to wrk as a header. The pages come from the page cache when nothing was written in
between, as they do for a reader in production; `--zonder-cache` measures them with the cache
off (VTH_PAGINACACHE=0), so every request reads and renders everything."""

from __future__ import annotations

import argparse
import html
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from resultaten import schrijf_resultaten  # bench/ is on sys.path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE = "/ping"
# The most used pages and whether they need the login; a page that does not answer 200 is
# reported so and skipped.
PAGINAS = {
    "OD-overzicht": ("/omgevingsdiensten", False),
    "OD-pagina": ("/omgevingsdiensten/odmh", False),
    "rondeoverzicht": ("/planning/rondes/1", True),
    "vragenlijst": ("/visitaties/8/zelfevaluatie", True),  # the demo's open self-evaluation
    "raadssamenvatting": ("/raad/GM0363", False),
    "API OD-lijst": ("/api/v1/omgevingsdiensten", False),
}
DEMO_LOGIN = {"email": "coordinator@example.nl", "wachtwoord": "demo"}  # `vth demo` accounts
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LATENCY = re.compile(r"^P(50|95|99) (\d+)$", re.MULTILINE)  # printed by percentielen.lua, in µs
RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
FOUTEN = re.compile(r"Non-2xx or 3xx responses: (\d+)")  # 4xx/5xx answers (a 302 counts as 3xx)
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


def verzoek(poort: int, methode: str, pad: str, cookie: str = "", data: dict | None = None):
    """One request without redirects: (status, body, {cookie name: value} that was set)."""
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        verbinding.request(methode, pad, body=body, headers=headers)
        antwoord = verbinding.getresponse()
        tekst = antwoord.read().decode("utf-8", "replace")
        gezet = dict(waarde.split(";", 1)[0].split("=", 1) for kop, waarde in antwoord.getheaders()
                     if kop.lower() == "set-cookie")
    finally:
        verbinding.close()
    return antwoord.status, tekst, gezet


def log_in(poort: int) -> str:
    """Log the demo coordinator in once; the Cookie header value of the session."""
    _, formulier, cookies = verzoek(poort, "GET", "/inloggen")
    token = html.unescape(CSRF.search(formulier).group(1))
    koek = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, _, gezet = verzoek(poort, "POST", "/inloggen", koek, {**DEMO_LOGIN, "csrf_token": token})
    if status != 302:
        raise SystemExit(f"inloggen als {DEMO_LOGIN['email']} mislukte ({status})")
    return "; ".join(f"{k}={v}" for k, v in {**cookies, **gezet}.items())


def wrk(url: str, duur: int, verbindingen: int, cookie: str = "") -> dict:
    kop = ["-H", f"Cookie: {cookie}"] if cookie else []
    uitvoer = subprocess.run(["wrk", "-t2", f"-c{verbindingen}", f"-d{duur}s", "-s", str(LUA),
                              *kop, url], capture_output=True, text=True, check=True).stdout
    latenties = {p: int(us) / 1000 for p, us in LATENCY.findall(uitvoer)}
    fouten = FOUTEN.search(uitvoer)
    return {"rps": float(RPS.search(uitvoer).group(1)), "p50_ms": latenties["50"],
            "p95_ms": latenties["95"], "p99_ms": latenties["99"],
            "niet_2xx": int(fouten.group(1)) if fouten else 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duur", type=int, default=10)
    parser.add_argument("--verbindingen", type=int, default=16)
    parser.add_argument("--zonder-cache", action="store_true", help="VTH_PAGINACACHE=0")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk ontbreekt: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        omgeving = bereid_database(Path(tmp))
        if args.zonder_cache:
            omgeving["VTH_PAGINACACHE"] = "0"
        poort = vrije_poort()
        server = start_gunicorn(omgeving, poort)
        try:
            resultaten = meet(poort, args.duur, args.verbindingen)
        finally:
            server.terminate()
            server.wait(10)
    schrijf(resultaten, args)


def meet(poort: int, duur: int, verbindingen: int) -> dict:
    basis = f"http://127.0.0.1:{poort}"
    cookie = log_in(poort)
    basislijn = wrk(basis + BASELINE, duur, verbindingen)
    resultaten = {"basislijn": {"pad": BASELINE, **basislijn}, "paginas": {}}
    print(f"{'pagina':20} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'t.o.v. basis':>13}")
    print(f"{'basislijn ' + BASELINE:20} {basislijn['rps']:9.0f} {basislijn['p50_ms']:8.1f} "
          f"{basislijn['p95_ms']:8.1f} {'100%':>13}")
    for naam, (pad, ingelogd) in PAGINAS.items():
        koek = cookie if ingelogd else ""
        status = verzoek(poort, "GET", pad, koek)[0]
        if status != 200:
            print(f"{naam:20} overgeslagen: {pad} antwoordt {status}")
            resultaten["paginas"][naam] = {"pad": pad, "ingelogd": ingelogd, "status": status}
            continue
        meting = wrk(basis + pad, duur, verbindingen, koek)
        meting["verhouding"] = meting["rps"] / basislijn["rps"]
        resultaten["paginas"][naam] = {"pad": pad, "ingelogd": ingelogd, **meting}
        doel = "ok" if meting["verhouding"] >= 0.25 and meting["p95_ms"] < 100 else "ONDER DOEL"
        if meting["niet_2xx"]:
            doel += f" ({meting['niet_2xx']} antwoorden niet 2xx/3xx)"
        print(f"{naam:20} {meting['rps']:9.0f} {meting['p50_ms']:8.1f} {meting['p95_ms']:8.1f} "
              f"{meting['verhouding']:12.0%}  {doel}")
    return resultaten


def schrijf(resultaten: dict, args) -> None:
    database = os.environ.get("VTH_DATABASE_URL", "sqlite").split(":", 1)[0]
    resultaten.update({"datum": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "duur_s": args.duur,
                       "verbindingen": args.verbindingen, "workers": 2, "database": database,
                       "paginacache": not args.zonder_cache,
                       "machine_cores": os.cpu_count(), "load_avg": os.getloadavg()})
    schrijf_resultaten("load", resultaten)


if __name__ == "__main__":
    main()
