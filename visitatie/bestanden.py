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
from typing import IO

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
# Bounds on what an archive (docx, xlsx, odt) may unpack to, judged from its central directory
# before anything is inflated: a zip bomb is refused, never unpacked.
MAX_ZIPDELEN = 5000
MAX_UITGEPAKT = 256 * 1024 * 1024
MAX_VERHOUDING = 100  # uncompressed : compressed, for entries over 1 MB
MIMETYPE_MAX = 128  # the ODF `mimetype` entry is one short line
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
        with open_archief(io.BytesIO(inhoud)) as z:
            namen = set(z.namelist())
            if "mimetype" in namen and _begin_van(z, "mimetype").strip() == TYPEN["odt"].encode():
                return "odt"
            if "word/document.xml" in namen:
                return "docx"
            if "xl/workbook.xml" in namen:
                return "xlsx"
    except zipfile.BadZipFile:
        return None
    return None


class ArchiefTeGroot(DomeinFout):
    """An archive whose contents would unpack beyond our bounds (a zip bomb, or simply too big)."""

    def __init__(self, reden: str):
        super().__init__(f"Dit bestand pakken we niet uit: {reden}.", "bestand")


def open_archief(bron: IO[bytes] | Path, *, max_uitgepakt: int = MAX_UITGEPAKT) -> zipfile.ZipFile:
    """A zip archive whose entries were checked against the bounds before anything is inflated:
    the number of entries (from the end record, before the directory is even parsed), the total
    size they unpack to and each large entry's compression ratio. zipfile never yields more than
    an entry's declared size, so these bounds hold for every later read. Raises ArchiefTeGroot
    (a DomeinFout) or zipfile.BadZipFile."""
    if _aantal_delen(bron) > MAX_ZIPDELEN:
        raise ArchiefTeGroot(f"het bevat meer dan {MAX_ZIPDELEN} onderdelen")
    archief = zipfile.ZipFile(bron)
    try:
        _controleer_delen(archief.infolist(), max_uitgepakt)
    except ArchiefTeGroot:
        archief.close()
        raise
    return archief


def _controleer_delen(delen: list[zipfile.ZipInfo], max_uitgepakt: int) -> None:
    if sum(d.file_size for d in delen) > max_uitgepakt:
        raise ArchiefTeGroot(f"uitgepakt zou het groter zijn dan {leesbare_grootte(max_uitgepakt)}")
    for deel in delen:
        if deel.file_size > 1024 * 1024 and deel.file_size > MAX_VERHOUDING * max(deel.compress_size, 1):
            raise ArchiefTeGroot("het is verdacht sterk samengeperst (een zogenaamde zip-bom)")


def _aantal_delen(bron: IO[bytes] | Path) -> int:
    """The entry count from the zip's end-of-central-directory record (0 when none is found;
    zipfile then refuses the file itself)."""
    if isinstance(bron, Path):
        with open(bron, "rb") as f:
            return _aantal_delen(io.BytesIO(_staart(f)))
    staart = _staart(bron)
    plek = staart.rfind(b"PK\x05\x06")
    if plek < 0 or len(staart) < plek + 12:
        return 0
    aantal = int.from_bytes(staart[plek + 10:plek + 12], "little")
    zip64 = staart.rfind(b"PK\x06\x06", 0, plek)
    if aantal == 0xFFFF and zip64 >= 0 and len(staart) >= zip64 + 40:
        aantal = int.from_bytes(staart[zip64 + 32:zip64 + 40], "little")
    return aantal


def _staart(f: IO[bytes]) -> bytes:
    """The last 64 kB and a bit: the end record sits there, behind a comment of at most 64 kB."""
    f.seek(0, io.SEEK_END)
    lengte = f.tell()
    f.seek(max(lengte - (65536 + 22 + 56 + 20), 0))
    staart = f.read()
    f.seek(0)
    return staart


def _begin_van(archief: zipfile.ZipFile, naam: str) -> bytes:
    """At most MIMETYPE_MAX bytes of one entry: inflated no further than that."""
    with archief.open(naam) as deel:
        return deel.read(MIMETYPE_MAX)


def leesbare_grootte(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} kB"


def controleer(inhoud: bytes, *, naam: str = "", soorten: Collection[str] = TYPEN,
               max_bytes: int = STANDAARD_MAX) -> str:
    """The kind of an acceptable upload; a Dutch refusal (field `bestand`) for anything else."""
    if "\x00" in naam:
        raise DomeinFout("De bestandsnaam bevat een ongeldig teken.", "bestand")
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
