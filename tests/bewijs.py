"""Shared pieces for the proofs (issue 9): a gunicorn server in a subprocess on a free loopback
port, a tiny HTTP client that keeps its own cookies (the production cookies are `Secure`, which
a standard cookie jar would never send over plain http) and the autosave client that the
concurrency and crash proofs both use."""

from __future__ import annotations

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import PRODUCTIE_GEHEIM
from visitatie.config import PROJECT_ROOT

BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def duur(standaard: float) -> float:
    """Seconds a timed proof runs: VTH_PROOF_DUUR when set (the issue asks 30), else the CI default."""
    return float(os.environ.get("VTH_PROOF_DUUR", standaard))


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def blokkeer_demo_accounts(engine) -> None:
    """What `vth users disable-demo` does: production refuses to start with active demo accounts."""
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(text("UPDATE gebruiker SET actief = false, wachtwoord_hash = '!geblokkeerd' "
                          "WHERE is_demo = true"))


class Gunicorn:
    """gunicorn with the production config on loopback; `kill()` is SIGKILL to the whole group."""

    def __init__(self, database_url: str, opslag: Path, home: Path, workers: int = 3):
        self.poort = vrije_poort()
        self.omgeving = {**os.environ, "VTH_ENV": "production", "VTH_SECRET_KEY": PRODUCTIE_GEHEIM,
                         "VTH_DATABASE_URL": database_url, "VTH_BIND": f"127.0.0.1:{self.poort}",
                         "VTH_WORKERS": str(workers), "VTH_STORAGE_DIR": str(opslag),
                         "VTH_BOUWCACHE": str(home / "bouwcache"), "HOME": str(home)}
        self.omgeving.pop("VTH_REDIS_URL", None)
        self.proces: subprocess.Popen | None = None

    def start(self) -> Gunicorn:
        self.proces = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=PROJECT_ROOT, env=self.omgeving,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        einde = time.monotonic() + 60
        while time.monotonic() < einde:
            try:
                if Klant(self.poort).get("/readyz")[0] == 200:
                    return self
            except OSError:
                pass
            assert self.proces.poll() is None, "gunicorn stopte tijdens het starten"
            time.sleep(0.2)
        raise AssertionError("gunicorn startte niet binnen 60 s")

    def kill(self) -> None:
        """SIGKILL to master and workers at once: nothing gets to clean up (a power cut)."""
        os.killpg(self.proces.pid, signal.SIGKILL)
        self.proces.wait(10)

    def stop(self) -> None:
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()
            try:
                self.proces.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Klant:
    """One browser-like client over http.client: its own cookies, CSRF token from the last form."""

    poort: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str | None = None

    def _verzoek(self, methode: str, pad: str, data: dict | None = None) -> tuple[int, str]:
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrf_token": self.csrf or ""})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            verbinding.request(methode, pad, body=body, headers=headers)
            antwoord = verbinding.getresponse()
            tekst = antwoord.read().decode("utf-8", "replace")
            for kop, waarde in antwoord.getheaders():
                if kop.lower() == "set-cookie":
                    naam, _, rest = waarde.partition("=")
                    self.cookies[naam] = rest.split(";", 1)[0]
        finally:
            verbinding.close()
        if gevonden := CSRF.search(tekst):
            self.csrf = html.unescape(gevonden.group(1))
        return antwoord.status, tekst

    def get(self, pad: str) -> tuple[int, str]:
        return self._verzoek("GET", pad)

    def post(self, pad: str, data: dict) -> tuple[int, str]:
        return self._verzoek("POST", pad, data)

    def log_in(self, email: str, wachtwoord: str) -> None:
        self.get("/inloggen")
        status, tekst = self.post("/inloggen", {"email": email, "wachtwoord": wachtwoord})
        assert status == 302, tekst[:500]


def versie_in(pagina: str, vraag_code: str) -> int:
    gevonden = re.search(rf'name="versie__{vraag_code}" value="(\d+)"', pagina)
    assert gevonden, f"geen versieveld voor {vraag_code}"
    return int(gevonden.group(1))


@dataclass
class Bewaring:
    """One autosave as the client saw it."""

    visitatie_id: int
    vraag: str
    waarde: str
    status: int
    versie: int | None  # the version the server acknowledged (200 only)


def autosave(post, get, visitatie_id: int, vraag: str, waarde: str, sectie: str = "algemeen") -> Bewaring:
    """Read the version on the questionnaire page, save one value with it (as htmx would)."""
    pad = f"/visitaties/{visitatie_id}/zelfevaluatie?sectie={sectie}"
    status, pagina = get(pad)
    assert status == 200, (status, pagina[:300])
    versie = versie_in(pagina, vraag)
    status, fragment = post(f"/visitaties/{visitatie_id}/antwoord/zelfevaluatie/{vraag}",
                            {vraag: waarde, f"versie__{vraag}": str(versie)})
    nieuw = None
    if status == 200:
        assert "Niet opgeslagen" not in fragment, fragment
        nieuw = versie_in(fragment, vraag)
    return Bewaring(visitatie_id, vraag, waarde, status, nieuw)


def redis_antwoordt(url: str) -> bool:
    """True when Redis answers at `url` (the heavier proofs skip with a reason otherwise)."""
    try:
        from redis import Redis

        with Redis.from_url(url, socket_connect_timeout=1) as verbinding:
            return bool(verbinding.ping())
    except Exception:  # noqa: BLE001 - any failure means: no Redis here
        return False
