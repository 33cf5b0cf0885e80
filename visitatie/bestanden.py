"""Uploaded files, one store for the whole app. The kind of a file is judged by its content (never
by its name or the browser's word); files live outside static/, in the configured storage folder
shared by all hosts, under a random key; views that check access serve them."""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from werkzeug.utils import secure_filename

from visitatie.errors import DomeinFout

TYPEN = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
STANDAARD_MAX = 20 * 1024 * 1024
ALLEEN_PDF = frozenset({"pdf"})
SLEUTEL = re.compile(r"[0-9a-f]{32}(\.[a-z]{3,4})?")  # older keys of evidence files have no extension


@dataclass(frozen=True)
class Opgeslagen:
    sleutel: str
    soort: str
    naam: str
    grootte: int

    @property
    def mimetype(self) -> str:
        return TYPEN[self.soort]


def herken(inhoud: bytes) -> str | None:
    """The kind of file from its first bytes (and, for zip containers, their contents)."""
    if inhoud.startswith(b"%PDF-"):
        return "pdf"
    if inhoud.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if inhoud.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if inhoud.startswith(b"PK\x03\x04"):
        return _zipsoort(inhoud)
    return None


def _zipsoort(inhoud: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as z:
            namen = set(z.namelist())
            if "mimetype" in namen and z.read("mimetype").strip() == TYPEN["odt"].encode():
                return "odt"
            if "word/document.xml" in namen:
                return "docx"
            if "xl/workbook.xml" in namen:
                return "xlsx"
    except zipfile.BadZipFile:
        return None
    return None


def leesbare_grootte(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} kB"


def controleer(inhoud: bytes, *, naam: str = "", soorten: Collection[str] = TYPEN,
               max_bytes: int = STANDAARD_MAX) -> str:
    """The kind of an acceptable upload; a Dutch refusal (field `bestand`) for anything else."""
    if re.search(r"[/\\]|\.\.", naam):
        raise DomeinFout("Een bestandsnaam met een map erin weigeren we; geef alleen de naam.", "bestand")
    if not inhoud:
        raise DomeinFout("Het bestand is leeg.", "bestand")
    if len(inhoud) > max_bytes:
        raise DomeinFout(f"Het bestand is groter dan {leesbare_grootte(max_bytes)}.", "bestand")
    soort = herken(inhoud)
    if soort not in soorten:
        raise DomeinFout(f"Alleen {_opsomming(soorten)} zijn toegestaan (herkend aan de inhoud).", "bestand")
    return soort


def _opsomming(soorten: Collection[str]) -> str:
    namen = [s.upper() for s in TYPEN if s in soorten]
    if len(namen) == 1:
        return f"{namen[0]}-bestanden"
    return ", ".join(namen[:-1]) + f" en {namen[-1]}"


def bewaar(map_: Path, inhoud: bytes, *, naam: str = "", soorten: Collection[str] = TYPEN,
           max_bytes: int = STANDAARD_MAX) -> Opgeslagen:
    """Check and store an upload under a new random key."""
    soort = controleer(inhoud, naam=naam, soorten=soorten, max_bytes=max_bytes)
    sleutel = f"{secrets.token_hex(16)}.{soort}"
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / sleutel).write_bytes(inhoud)
    return Opgeslagen(sleutel=sleutel, soort=soort, naam=secure_filename(naam) or f"bijlage.{soort}",
                      grootte=len(inhoud))


def pad(map_: Path, sleutel: str) -> Path:
    """The stored file of a key; refuses anything that is not a key we made (no path tricks)."""
    if not SLEUTEL.fullmatch(sleutel or ""):
        raise DomeinFout("Onbekend bestand.")
    return map_ / sleutel
