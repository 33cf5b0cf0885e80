"""Evidence files: the type is sniffed from the content (never the name or the browser's word),
stored outside static/ under a random name, served only through a view that checks access."""

from __future__ import annotations

import io
import secrets
import zipfile
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


def bewaar(map_: Path, *, naam: str, inhoud: bytes, max_bytes: int = STANDAARD_MAX) -> dict:
    """Check and store a file; returns the answer value that refers to it."""
    if not inhoud:
        raise DomeinFout("Het bestand is leeg.")
    if len(inhoud) > max_bytes:
        raise DomeinFout(f"Het bestand is groter dan {max_bytes // (1024 * 1024)} MB.")
    soort = herken(inhoud)
    if soort is None:
        raise DomeinFout(
            "Alleen PDF, DOCX, XLSX, ODT, PNG en JPEG zijn toegestaan (herkend aan de inhoud)."
        )
    sleutel = secrets.token_hex(16)
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / sleutel).write_bytes(inhoud)
    return {
        "naam": secure_filename(naam) or f"bijlage.{soort}",
        "sleutel": sleutel,
        "type": TYPEN[soort],
        "grootte": len(inhoud),
    }


def pad(map_: Path, waarde: dict) -> Path:
    """The stored file of an answer value; the key is ours (hex), never a path from the user."""
    sleutel = waarde.get("sleutel", "")
    if not (len(sleutel) == 32 and all(c in "0123456789abcdef" for c in sleutel)):
        raise DomeinFout("Onbekend bestand.")
    return map_ / sleutel
