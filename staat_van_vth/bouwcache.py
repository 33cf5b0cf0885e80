"""The build cache: every expensive artefact of a build (a chapter's computation, a chart, a part
of the PDF, the DOCX, a council summary's PDF) stored under the SHA-256 of everything that decides its bytes.

A key names its inputs, never a place or a time, so an entry is never stale: changed input is a
new key, and what nothing asks for any more is just unused. The folder lives outside every
output folder (the app: `VTH_BOUWCACHE`, default `instance/bouwcache`), is shared by every build
on the host and may be deleted at any moment; the next build then renders everything again.
`gemaakt` records what a build had to render, so tests can count it instead of timing it."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.metadata import version
from pathlib import Path

# Raise when the pipeline's own code changes what an artefact looks like for the same input.
VERSIE = "1"

BRONMAPPEN = ("staat_van_vth", "visitatie")  # every file there may decide an artefact's content
NIET_BRON = {"static", "__pycache__", "migrations"}
# the libraries whose version may change an artefact: tables, charts' specs, templates, HTML
BIBLIOTHEKEN = ("pandas", "numpy", "altair", "jinja2", "markdown-it-py", "mdit-py-plugins", "nh3")


def sleutel(*delen: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed, so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256(VERSIE.encode())
    for deel in delen:
        data = deel.encode() if isinstance(deel, str) else deel
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


@cache
def code_sleutel() -> str:
    """The pipeline's own program: every source file, template and questionnaire definition of
    `staat_van_vth` and `visitatie` (not the app's static files), and the versions of the
    libraries in BIBLIOTHEKEN. Read once per process."""
    wortel = Path(__file__).resolve().parent.parent
    bestanden = sorted(p for map_ in BRONMAPPEN for p in (wortel / map_).rglob("*")
                       if p.is_file() and not NIET_BRON & set(p.relative_to(wortel).parts))
    h = hashlib.sha256(" ".join(f"{b}={version(b)}" for b in BIBLIOTHEKEN).encode())
    for pad in bestanden:
        h.update(str(pad.relative_to(wortel)).encode() + b"\0" + pad.read_bytes() + b"\0")
    return h.hexdigest()


def bestand_sleutel(pad: Path) -> str:
    """The key of one input file: its content (not its name or date)."""
    return hashlib.sha256(pad.read_bytes()).hexdigest() if pad.is_file() else "ontbreekt"


@dataclass
class Bouwcache:
    """A cache folder (or none: every artefact is then rendered) and what this build rendered."""

    map: Path | None = None
    gemaakt: list[str] = field(default_factory=list)  # "soort/naam" of every artefact rendered

    @classmethod
    def van(cls, cache: Bouwcache | Path | str | None) -> Bouwcache:
        return cache if isinstance(cache, Bouwcache) else cls(Path(cache) if cache else None)

    def haal(self, soort: str, sleutel_: str, maak: Callable[[], bytes], *, naam: str = "") -> bytes:
        """The artefact of `sleutel_` from the cache, or made by `maak()` and stored."""
        inhoud = self.lees(soort, sleutel_)
        if inhoud is None:
            inhoud = maak()
            self.noteer(soort, naam or sleutel_[:12])
            self.bewaar(soort, sleutel_, inhoud)
        return inhoud

    def onthoud(self, soort: str, sleutel_: str, maak: Callable[[], object], *, naam: str) -> object:
        """A computed value (a chapter's Markdown, figures and tables) from the cache, or made by
        `maak()` and stored, pickled. A pickle runs code when read, so values are kept only in a
        folder nobody else may write to (`alleen_van_mij`); elsewhere they are computed anew."""
        veilig = self.voor_pickles
        inhoud = self.lees(soort, sleutel_) if veilig else None
        if inhoud is not None:
            return pickle.loads(inhoud)
        waarde = maak()
        self.noteer(soort, naam)
        if veilig:
            self.bewaar(soort, sleutel_, pickle.dumps(waarde, protocol=pickle.HIGHEST_PROTOCOL))
        return waarde

    @cached_property
    def voor_pickles(self) -> bool:
        """Whether pickled values may be kept here (asked once per cache, not per value)."""
        return self.map is not None and alleen_van_mij(self.map)

    def lees(self, soort: str, sleutel_: str) -> bytes | None:
        pad = self.pad(soort, sleutel_)
        try:
            if pad is None:
                return None
            inhoud = pad.read_bytes()
            _gebruikt(pad)
            return inhoud
        except (FileNotFoundError, IsADirectoryError):  # not made yet, or the cache was just cleared
            return None

    def kopieer(self, soort: str, sleutel_: str, doel: Path) -> bool:
        """Copy the artefact to `doel` without reading it into this process; False when absent."""
        pad = self.pad(soort, sleutel_)
        try:
            if pad is None:
                return False
            shutil.copyfile(pad, doel)
            _gebruikt(pad)
            return True
        except (FileNotFoundError, IsADirectoryError):
            return False

    def bewaar(self, soort: str, sleutel_: str, inhoud: bytes) -> None:
        pad = self.pad(soort, sleutel_)
        if pad is not None:
            schrijf_heel(pad, inhoud)

    def noteer(self, soort: str, naam: str) -> None:
        """Record that this build rendered `naam` (also when a worker process did the work)."""
        self.gemaakt.append(f"{soort}/{naam}")

    def pad(self, soort: str, sleutel_: str) -> Path | None:
        return self.map / soort / sleutel_[:2] / sleutel_ if self.map else None

    def aantal(self, soort: str) -> int:
        """How many artefacts of `soort` this build rendered."""
        return sum(1 for g in self.gemaakt if g.startswith(soort + "/"))


def alleen_van_mij(map_: Path) -> bool:
    """True when the folder (made if missing) belongs to this process's user and no group or
    other user may write to it: then no one else can place a pickle there."""
    map_.mkdir(parents=True, exist_ok=True)
    stand = map_.stat()
    return stand.st_uid == os.getuid() and not stand.st_mode & 0o022


def schrijf_heel(pad: Path, inhoud: bytes) -> None:
    """Write via a temporary file and a rename: a concurrent build reads the whole entry or none.
    (`visitatie.opslag.schrijf_heel` does the same for the app's storage, but loads Flask.)"""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(dir=pad.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(inhoud)
        os.replace(tijdelijk, pad)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise


def _gebruikt(pad: Path) -> None:
    """An entry's modification time is its last use (written or read): `ruim_op` goes by it."""
    try:
        os.utime(pad)
    except FileNotFoundError:  # removed meanwhile by `ruim_op`: the content was read all the same
        pass


@dataclass(frozen=True)
class Opgeruimd:
    bestanden: int
    bytes: int


def ruim_op(map_: Path, *, ongebruikt_sinds: float) -> Opgeruimd:
    """Remove every entry (and every temporary file a killed build left) last used before
    `ongebruikt_sinds`, in seconds since the epoch as the file system stamps them. A running
    build loses nothing: an entry removed between its lookup and its read is made again."""
    bestanden = totaal = 0
    for pad in sorted(map_.glob("*/*/*")) if map_.is_dir() else ():
        try:
            stand = pad.stat()
            if not pad.is_file() or stand.st_mtime >= ongebruikt_sinds:
                continue
            pad.unlink()
        except FileNotFoundError:
            continue
        bestanden, totaal = bestanden + 1, totaal + stand.st_size
    return Opgeruimd(bestanden, totaal)
