"""Configuration: defaults, overridden by VTH_* environment variables, then by test_config."""

from __future__ import annotations

import os
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


def check(config: dict) -> None:
    """Refuse configurations that must never serve real users."""
    mode = config["VTH_ENV"]
    if mode not in MODES:
        raise ConfigFout(f"VTH_ENV={mode!r} is onbekend; kies uit {', '.join(MODES)}.")
    if mode == "production" and config.get("VANDAAG"):
        raise ConfigFout("VTH_VANDAAG zet de klok van de app op een andere dag; dat kan alleen "
                         "met VTH_ENV=development, test of demo.")
    if mode not in ("development", "test") and config["SECRET_KEY"] in ("", DEV_SECRET):
        raise ConfigFout(
            "VTH_SECRET_KEY ontbreekt of is de ontwikkelwaarde. Zet een lange willekeurige waarde, "
            "bijvoorbeeld: python -c 'import secrets; print(secrets.token_hex(32))'."
        )
