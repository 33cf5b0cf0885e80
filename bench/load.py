"""Load test: wrk against gunicorn (2 workers) on loopback, each page against a baseline route.

Usage: .venv/bin/python bench/load.py [--duur 10] [--verbindingen 16] [--herhalingen 3]
Starts its own gunicorn on a fresh SQLite database with the demo loaded (or on
VTH_DATABASE_URL when set, which must name an empty database: `createdb`), so it measures
the same app a user gets from `make run`.
Pages behind a login are measured with the session cookie of one demo coordinator login,
handed to wrk as a header. The pages come from the page cache when nothing was written in
between, as they do for a reader in production; `--zonder-cache` measures them with the cache
off (VTH_PAGINACACHE=0), so every request reads and renders everything.

Two workloads, each measured `--herhalingen` times, the median reported (the machine is
shared): "alleen lezen", wrk alone; "gemengd", the same readers plus one writer that autosaves
an answer in another OD's open self-evaluation once a second, as a colleague filling in a
questionnaire does, for the whole run (the baseline too). Writes bench/results/load.json."""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from unittest.mock import patch

from resultaten import schrijf_resultaten  # bench/ is on sys.path
from sqlmodel import Session

from visitatie.app import create_app
from visitatie.visitaties.demo import scenario_visitaties

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
# The writer of the mixed workload: an employee of the OD whose scenario visitation is still
# planned (its self-evaluation open), made by this benchmark; the question it autosaves.
SCHRIJVER = {"email": "bench-schrijver@example.nl", "wachtwoord": "bench-schrijver-wachtwoord"}
SCHRIJVER_OD, SCHRIJF_VRAAG = "odbn", "fte"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LATENCY = re.compile(r"^P(50|95|99) (\d+)$", re.MULTILINE)  # printed by percentielen.lua, in µs
RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
FOUTEN = re.compile(r"Non-2xx or 3xx responses: (\d+)")  # 4xx/5xx answers (a 302 counts as 3xx)
LUA = Path(__file__).with_name("percentielen.lua")
LOAD_BEGIN = os.getloadavg()


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
    subprocess.run([str(BIN / "vth"), "users", "create", "--email", SCHRIJVER["email"],
                    "--rol", "od_medewerker", "--od", SCHRIJVER_OD],
                   env={**omgeving, "VTH_NEW_PASSWORD": SCHRIJVER["wachtwoord"]}, check=True,
                   stdout=subprocess.DEVNULL)
    return omgeving


def visitatie_van_schrijver(omgeving: dict) -> int:
    """The id of the writer's OD's scenario visitation, asked of the app on the bench's database."""
    with patch.dict(os.environ, omgeving):
        app = create_app()
    try:
        with Session(app.extensions["vth_engine"]) as db:
            return scenario_visitaties(db)[SCHRIJVER_OD]
    finally:
        app.extensions["vth_engine"].dispose()


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


def log_in(poort: int, account: dict = DEMO_LOGIN) -> str:
    """Log an account in once; the Cookie header value of the session."""
    _, formulier, cookies = verzoek(poort, "GET", "/inloggen")
    token = html.unescape(CSRF.search(formulier).group(1))
    koek = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, _, gezet = verzoek(poort, "POST", "/inloggen", koek, {**account, "csrf_token": token})
    if status != 302:
        raise SystemExit(f"inloggen als {account['email']} mislukte ({status})")
    return "; ".join(f"{k}={v}" for k, v in {**cookies, **gezet}.items())


class Schrijver(threading.Thread):
    """Autosaves one answer once a second, each time another value, with the version the last
    save returned, until stopped; counts the saves and the failed ones."""

    def __init__(self, poort: int, visitatie_id: int):
        super().__init__(daemon=True)
        self.poort, self.stop = poort, threading.Event()
        self.pad = f"/visitaties/{visitatie_id}/antwoord/zelfevaluatie/{SCHRIJF_VRAAG}"
        self.cookie = log_in(poort, SCHRIJVER)
        status, pagina, _ = verzoek(poort, "GET", f"/visitaties/{visitatie_id}/zelfevaluatie",
                                    self.cookie)
        if status != 200:
            raise SystemExit(f"de schrijver ziet de zelfevaluatie niet ({status})")
        self.token = html.unescape(CSRF.search(pagina).group(1))
        versie = re.search(rf'name="versie__{SCHRIJF_VRAAG}" value="(\d+)"', pagina)
        self.versie, self.opgeslagen, self.mislukt = int(versie.group(1)), 0, 0

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.bewaar()

    def bewaar(self) -> None:
        waarde = 100 + (self.opgeslagen + self.mislukt) % 500
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=10)
        try:
            verbinding.request("POST", self.pad, body=urllib.parse.urlencode({
                SCHRIJF_VRAAG: str(waarde), f"versie__{SCHRIJF_VRAAG}": self.versie,
                "csrf_token": self.token}), headers={
                "Cookie": self.cookie, "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded"})
            antwoord = verbinding.getresponse()
            tekst = antwoord.read()
        finally:
            verbinding.close()
        if antwoord.status == 200:
            self.versie, self.opgeslagen = json.loads(tekst)["versie"], self.opgeslagen + 1
        else:
            self.mislukt += 1


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
    parser.add_argument("--herhalingen", type=int, default=3, help="runs per workload; median")
    parser.add_argument("--zonder-cache", action="store_true", help="VTH_PAGINACACHE=0")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk ontbreekt: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        omgeving = bereid_database(Path(tmp))
        if args.zonder_cache:
            omgeving["VTH_PAGINACACHE"] = "0"
        poort = vrije_poort()
        visitatie_id = visitatie_van_schrijver(omgeving)
        server = start_gunicorn(omgeving, poort)
        try:
            resultaten = {"alleen_lezen": meet_mediaan(poort, args, None),
                          "gemengd": meet_mediaan(poort, args, visitatie_id)}
        finally:
            server.terminate()
            server.wait(10)
    schrijf(resultaten, args)


def meet_mediaan(poort: int, args, visitatie_id: int | None) -> dict:
    """`args.herhalingen` runs of the workload (with the writer when `visitatie_id` is given);
    per page the median of each figure."""
    naam = "gemengd: 16 lezers + 1 schrijver" if visitatie_id else "alleen lezen"
    print(f"== {naam}")
    schrijver = Schrijver(poort, visitatie_id) if visitatie_id else None
    if schrijver:
        schrijver.start()
    try:
        runs = [meet(poort, args.duur, args.verbindingen) for _ in range(args.herhalingen)]
    finally:
        if schrijver:
            schrijver.stop.set()
            schrijver.join()
    resultaten = {"herhalingen": args.herhalingen, "basislijn": _mediaan([r["basislijn"] for r in runs]),
                  "paginas": {p: _mediaan([r["paginas"][p] for r in runs]) for p in runs[0]["paginas"]}}
    for meting in resultaten["paginas"].values():
        if "rps" in meting:
            meting["doel_gehaald"] = meting["verhouding"] >= 0.25 and meting["p95_ms"] < 100
    if schrijver:
        resultaten["schrijver"] = {"opgeslagen": schrijver.opgeslagen, "mislukt": schrijver.mislukt}
    toon(naam + f" (mediaan van {args.herhalingen})", resultaten)
    return resultaten


def _mediaan(metingen: list[dict]) -> dict:
    return {k: (statistics.median(m[k] for m in metingen)
                if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
            for k, v in metingen[0].items()}


def toon(kop: str, resultaten: dict) -> None:
    basislijn = resultaten["basislijn"]
    print(f"-- {kop}")
    print(f"{'pagina':20} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'t.o.v. basis':>13}")
    print(f"{'basislijn ' + BASELINE:20} {basislijn['rps']:9.0f} {basislijn['p50_ms']:8.1f} "
          f"{basislijn['p95_ms']:8.1f} {'100%':>13}")
    for naam, meting in resultaten["paginas"].items():
        if "rps" not in meting:
            print(f"{naam:20} overgeslagen: {meting['pad']} antwoordt {meting['status']}")
            continue
        doel = "ok" if meting["doel_gehaald"] else "ONDER DOEL"
        if meting["niet_2xx"]:
            doel += f" ({meting['niet_2xx']:.0f} antwoorden niet 2xx/3xx)"
        print(f"{naam:20} {meting['rps']:9.0f} {meting['p50_ms']:8.1f} {meting['p95_ms']:8.1f} "
              f"{meting['verhouding']:12.0%}  {doel}")
    if "schrijver" in resultaten:
        print(f"schrijver: {resultaten['schrijver']['opgeslagen']} keer opgeslagen, "
              f"{resultaten['schrijver']['mislukt']} mislukt")


def meet(poort: int, duur: int, verbindingen: int) -> dict:
    basis = f"http://127.0.0.1:{poort}"
    cookie = log_in(poort)
    basislijn = wrk(basis + BASELINE, duur, verbindingen)
    resultaten = {"basislijn": {"pad": BASELINE, **basislijn}, "paginas": {}}
    for naam, (pad, ingelogd) in PAGINAS.items():
        koek = cookie if ingelogd else ""
        status = verzoek(poort, "GET", pad, koek)[0]
        if status != 200:
            resultaten["paginas"][naam] = {"pad": pad, "ingelogd": ingelogd, "status": status}
            continue
        meting = wrk(basis + pad, duur, verbindingen, koek)
        meting["verhouding"] = meting["rps"] / basislijn["rps"]
        resultaten["paginas"][naam] = {"pad": pad, "ingelogd": ingelogd, **meting}
    return resultaten


def schrijf(resultaten: dict, args) -> None:
    database = os.environ.get("VTH_DATABASE_URL", "sqlite").split(":", 1)[0]
    resultaten.update({"datum": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "duur_s": args.duur,
                       "load_avg_begin": LOAD_BEGIN,
                       "verbindingen": args.verbindingen, "workers": 2, "database": database,
                       "paginacache": not args.zonder_cache,
                       "machine_cores": os.cpu_count(), "load_avg": os.getloadavg()})
    schrijf_resultaten("load", resultaten)
    (ROOT / "bench" / "results" / "load.json").write_text(json.dumps(resultaten, indent=2),
                                                          encoding="utf-8")


if __name__ == "__main__":
    main()
