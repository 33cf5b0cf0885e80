"""Configuration: defaults, overridden by VTH_* environment variables, then by test_config."""

from __future__ import annotations

import math
import os
import string
from datetime import date
from pathlib import Path

DEV_SECRET = "dev-alleen-lokaal"
MODES = ("development", "test", "demo", "production")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigFout(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def from_environment(instance_path: str) -> dict:
    env = os.environ
    mode = env.get("VTH_ENV", "production")
    default_db = f"sqlite:///{Path(instance_path) / 'vth.sqlite'}"
    return {
        "VTH_ENV": mode,
        "SECRET_KEY": env.get("VTH_SECRET_KEY", DEV_SECRET if mode in ("development", "test") else ""),
        "DATABASE_URL": env.get("VTH_DATABASE_URL", default_db),
        "REDIS_URL": env.get("VTH_REDIS_URL") or None,
        "SMTP_HOST": env.get("VTH_SMTP_HOST") or None,
        "SMTP_PORT": int(env.get("VTH_SMTP_PORT", "25")),
        "SMTP_AFZENDER": env.get("VTH_SMTP_AFZENDER", "noreply@localhost"),
        "BEWIJS_MAX_BYTES": int(env.get("VTH_BEWIJS_MAX_BYTES", str(20 * 1024 * 1024))),
        "STORAGE_DIR": env.get("VTH_STORAGE_DIR", str(Path(instance_path) / "bestanden")),
        # s3://bucket/prefix: files in an object store shared by all hosts (visitatie/opslag.py)
        "STORAGE_URL": env.get("VTH_STORAGE_URL") or None,
        "S3_ENDPOINT_URL": env.get("VTH_S3_ENDPOINT_URL") or None,
        "STORAGE_CACHE": env.get("VTH_STORAGE_CACHE", str(Path(instance_path) / "opslag-cache")),
        # built artefacts by content (staat_van_vth/bouwcache.py): this host's, safe to delete
        "BOUWCACHE": env.get("VTH_BOUWCACHE", str(Path(instance_path) / "bouwcache")),
        "PAGINACACHE": int(env.get("VTH_PAGINACACHE", "512")),  # parts per process; 0 = off
        "LOGIN_MAX_FAILURES": int(env.get("VTH_LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCK_MINUTES": int(env.get("VTH_LOGIN_LOCK_MINUTES", "15")),
        # sign-in (visitatie/auth/sessies.py checks these values)
        "LOGIN_MAX_VERTRAGING": float(env.get("VTH_LOGIN_MAX_VERTRAGING", "30")),
        "PROXY_HOPS": int(env.get("VTH_PROXY_HOPS", "0")),
        "MFA": env.get("VTH_MFA", "optioneel"),
        "OIDC_ISSUER": env.get("VTH_OIDC_ISSUER") or None,  # single sign-on (visitatie/auth/sso.py)
        "OIDC_CLIENT_ID": env.get("VTH_OIDC_CLIENT_ID") or None,
        "OIDC_CLIENT_SECRET": env.get("VTH_OIDC_CLIENT_SECRET") or None,
        "OIDC_CLAIM": env.get("VTH_OIDC_CLAIM", "email"),
        "OIDC_LEEWAY": int(env.get("VTH_OIDC_LEEWAY", "60")),
        "LOKAAL_INLOGGEN": env.get("VTH_LOKAAL_INLOGGEN", "aan"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": mode in ("production", "demo"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": mode in ("production", "demo"),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "PROJECT_ROOT": str(PROJECT_ROOT),
        "VANDAAG": _datum(env.get("VTH_VANDAAG"), "VTH_VANDAAG"),
    }


def _datum(tekst: str | None, naam: str) -> date | None:
    if not tekst:
        return None
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise ConfigFout(f"{naam}={tekst!r} is geen datum; schrijf JJJJ-MM-DD.") from None


MIN_GEHEIM_BITS = 256  # 32 random bytes
MAAK_GEHEIM = ("Maak er een met: python -c 'import secrets; print(secrets.token_hex(32))' "
               "en bewaar die in de omgeving van de dienst, niet in de code.")
ALFABETTEN = [(set("0123456789"), 10), (set("0123456789abcdef"), 16), (set("0123456789ABCDEF"), 16),
              (set(string.ascii_lowercase), 26), (set(string.ascii_letters + string.digits), 62),
              (set(string.ascii_letters + string.digits + "-_+/="), 64)]


def geheim_bits(geheim: str) -> float:
    """A generous estimate of a key's randomness: its length times the bits per character of the
    smallest usual alphabet it fits in. A key of few distinct characters ("xxxx…") counts as
    nothing: repetition is not randomness."""
    if len(set(geheim)) < 8:
        return 0.0
    grootte = next((n for alfabet, n in ALFABETTEN if set(geheim) <= alfabet), 94)
    return len(geheim) * math.log2(grootte)


def check(config: dict) -> None:
    """Refuse configurations that must never serve real users."""
    mode = config["VTH_ENV"]
    if mode not in MODES:
        raise ConfigFout(f"VTH_ENV={mode!r} is onbekend; kies uit {', '.join(MODES)}.")
    if mode == "production" and config.get("VANDAAG"):
        raise ConfigFout("VTH_VANDAAG zet de klok van de app op een andere dag; dat kan alleen "
                         "met VTH_ENV=development, test of demo.")
    if mode not in ("development", "test") and config["SECRET_KEY"] in ("", DEV_SECRET):
        raise ConfigFout("VTH_SECRET_KEY ontbreekt of is de ontwikkelwaarde. " + MAAK_GEHEIM)
    if mode not in ("development", "test") and geheim_bits(config["SECRET_KEY"]) < MIN_GEHEIM_BITS:
        raise ConfigFout("VTH_SECRET_KEY is te zwak: er is minstens 32 willekeurige bytes aan "
                         "geheim nodig (bijvoorbeeld 64 hexadecimale tekens). " + MAAK_GEHEIM)
