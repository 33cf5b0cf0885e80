"""Where the app keeps its files: one storage interface, two implementations.

- `LokaleOpslag` (the embedded default): the folder STORAGE_DIR (VTH_STORAGE_DIR). A place in it
  is a plain `pathlib.Path`, so everything behaves exactly as before this interface existed.
- `S3Opslag`: an S3-compatible object store, chosen by VTH_STORAGE_URL=s3://bucket/prefix; the
  endpoint (VTH_S3_ENDPOINT_URL, else boto3's AWS_ENDPOINT_URL) and the credentials
  (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION) come from the environment. A
  place in it is an `ObjectPlek`, which answers the few Path methods the app uses on stored
  files (`/`, name, read_bytes, write_bytes, read_text, write_text, is_file, exists, mkdir).

Uploads and other single files go through `map(naam)`. A whole folder that must change at once
(an edition: site, PDF, DOCX, open data, snapshot and council summaries) goes through
`vervang_map` and is read through `lokale_kopie`: in the object store each build is written under
a prefix of its own and a pointer object is switched last, so a build that fails half-way leaves
the previous one served; every host reads the current build into a local cache folder once
(immutable, so never stale). Files are always served by the app's views, which check access:
the object store is never exposed to browsers.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from flask import current_app

HUIDIG = ".huidig"  # the pointer object: the id of the build now served
VERSIES = ".versies"  # a build's files live under <map>/.versies/<id>/
logger = logging.getLogger(__name__)


class Opslag(Protocol):
    def map(self, naam: str): ...

    def werkplek(self, naam: str) -> Path: ...

    def vervang_map(self, naam: str, nieuw: Path) -> None: ...

    def lokale_kopie(self, naam: str) -> Path: ...

    def schrijfmap(self, naam: str): ...


def van_app(app=None) -> Opslag:
    """The storage of the running app, from its configuration."""
    app = app or current_app._get_current_object()
    url = app.config.get("STORAGE_URL") or ""
    if not url:
        return LokaleOpslag(Path(app.config["STORAGE_DIR"]))
    opslagen = app.extensions.setdefault("vth_opslag", {})
    sleutel = (url, os.getpid())  # a client per process: never one inherited through a fork
    if sleutel not in opslagen:
        opslagen[sleutel] = S3Opslag.uit_url(url, endpoint=app.config.get("S3_ENDPOINT_URL"),
                                             cache=Path(app.config["STORAGE_CACHE"]))
    return opslagen[sleutel]


def schrijf_heel(plek, inhoud: bytes) -> None:
    """Write a file so that a concurrent reader sees all of it or nothing (an object PUT already is)."""
    if not isinstance(plek, Path):
        plek.write_bytes(inhoud)
        return
    plek.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(dir=plek.parent, suffix=".deel")
    with os.fdopen(fd, "wb") as f:
        f.write(inhoud)
    os.replace(tijdelijk, plek)


# --- the local folder ---------------------------------------------------------------------------

class LokaleOpslag:
    def __init__(self, root: Path):
        self.root = Path(root)

    def map(self, naam: str) -> Path:
        return self.root / naam

    def werkplek(self, naam: str) -> Path:
        """The local folder in which a replacement of `naam` is built: beside it, so the swap
        is a rename on one filesystem."""
        return (self.root / naam).parent

    def vervang_map(self, naam: str, nieuw: Path) -> None:
        doel = self.root / naam
        oud = doel.parent / f".{doel.name}-oud-{uuid.uuid4().hex[:8]}"
        if doel.exists():
            doel.rename(oud)
        nieuw.rename(doel)
        shutil.rmtree(oud, ignore_errors=True)

    def lokale_kopie(self, naam: str) -> Path:
        return self.root / naam

    @contextmanager
    def schrijfmap(self, naam: str) -> Iterator[Path]:
        """A folder that tools write into with plain file calls: here the folder itself."""
        yield self.root / naam


# --- an S3-compatible object store --------------------------------------------------------------

class S3Opslag:
    def __init__(self, client, bucket: str, prefix: str, cache: Path):
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.cache = Path(cache)

    @classmethod
    def uit_url(cls, url: str, *, endpoint: str | None, cache: Path) -> S3Opslag:
        import boto3

        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        return cls(boto3.client("s3", endpoint_url=endpoint or None), bucket, prefix, cache)

    def sleutel(self, naam: str) -> str:
        return "/".join(d for d in (self.prefix, naam.strip("/")) if d)

    def map(self, naam: str) -> ObjectPlek:
        return ObjectPlek(self, naam.strip("/"))

    def werkplek(self, naam: str) -> Path:
        return (self.cache / naam).parent

    # one object

    def lees(self, naam: str) -> bytes:
        try:
            antwoord = self.client.get_object(Bucket=self.bucket, Key=self.sleutel(naam))
        except self.client.exceptions.NoSuchKey as fout:
            raise FileNotFoundError(naam) from fout
        with antwoord["Body"] as body:
            return body.read()

    def schrijf(self, naam: str, inhoud: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.sleutel(naam), Body=inhoud)

    def bestaat(self, naam: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.sleutel(naam))
        except ClientError as fout:
            if fout.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def namen(self, naam: str) -> list[str]:
        """Every object under the folder `naam`, relative to it."""
        begin = self.sleutel(naam) + "/"
        namen = []
        for pagina in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=begin):
            namen += [o["Key"].removeprefix(begin) for o in pagina.get("Contents", [])]
        return namen

    def verwijder_map(self, naam: str) -> None:
        sleutels = [f"{self.sleutel(naam)}/{n}" for n in self.namen(naam)]
        for i in range(0, len(sleutels), 1000):
            self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": s} for s in sleutels[i:i + 1000]], "Quiet": True})

    # a folder replaced at once

    def huidige_versie(self, naam: str) -> str | None:
        try:
            return self.lees(f"{naam}/{HUIDIG}").decode().strip() or None
        except FileNotFoundError:
            return None

    def vervang_map(self, naam: str, nieuw: Path) -> None:
        """Upload `nieuw` under a new version prefix, then switch the pointer: until that last
        write the previous version stays served. A failed upload removes its own part; once
        the switch is made, versions older than the one replaced are removed (the replaced one
        stays for readers that are still fetching it)."""
        vorige = self.huidige_versie(naam)
        versie = uuid.uuid4().hex
        try:
            for pad in sorted(p for p in nieuw.rglob("*") if p.is_file()):
                self.schrijf(f"{naam}/{VERSIES}/{versie}/{pad.relative_to(nieuw).as_posix()}",
                             pad.read_bytes())
        except BaseException:
            self._ruim_op(f"{naam}/{VERSIES}/{versie}")
            raise
        self.schrijf(f"{naam}/{HUIDIG}", versie.encode())
        self._bewaar_als_kopie(nieuw, self.cache / naam / VERSIES / versie)
        oud = {n.split("/", 2)[1] for n in self.namen(naam) if n.startswith(f"{VERSIES}/")}
        for v in oud - {versie, vorige}:
            self._ruim_op(f"{naam}/{VERSIES}/{v}")

    @contextmanager
    def schrijfmap(self, naam: str) -> Iterator[Path]:
        """A local work folder that replaces folder `naam` when the block ends without error."""
        plek = self.werkplek(naam)
        plek.mkdir(parents=True, exist_ok=True)
        werk = Path(tempfile.mkdtemp(dir=plek, prefix=".schrijf-"))
        try:
            yield werk
            self.vervang_map(naam, werk)
        finally:
            shutil.rmtree(werk, ignore_errors=True)

    @staticmethod
    def _bewaar_als_kopie(nieuw: Path, kopie: Path) -> None:
        """The uploaded folder is this host's copy of the new version: no need to fetch it back."""
        try:
            kopie.parent.mkdir(parents=True, exist_ok=True)
            nieuw.rename(kopie)
        except OSError:  # another filesystem, or already fetched: a copy is made when needed
            shutil.rmtree(nieuw, ignore_errors=True)

    def _ruim_op(self, naam: str) -> None:
        try:
            self.verwijder_map(naam)
        except Exception:  # noqa: BLE001 - best effort: a leftover version is never served
            logger.warning("opslag: kon %s niet opruimen", naam)

    def lokale_kopie(self, naam: str) -> Path:
        """The current version of folder `naam` as a local folder (fetched once per version);
        a folder that does not exist when nothing was stored yet."""
        versie = self.huidige_versie(naam)
        basis = self.cache / naam / VERSIES
        if versie is None:
            return basis / "geen"
        doel = basis / versie
        if not doel.is_dir():
            self._haal_op(naam, versie, doel)
        return doel

    def _haal_op(self, naam: str, versie: str, doel: Path) -> None:
        doel.parent.mkdir(parents=True, exist_ok=True)
        werk = Path(tempfile.mkdtemp(dir=doel.parent, prefix=".ophalen-"))
        try:
            for relatief in self.namen(f"{naam}/{VERSIES}/{versie}"):
                pad = werk / relatief
                pad.parent.mkdir(parents=True, exist_ok=True)
                pad.write_bytes(self.lees(f"{naam}/{VERSIES}/{versie}/{relatief}"))
            try:
                werk.rename(doel)
            except OSError:  # another request of this host fetched it first
                pass
        finally:
            shutil.rmtree(werk, ignore_errors=True)
        for ander in doel.parent.iterdir():  # older versions of this host's cache
            if ander.name != versie and not ander.name.startswith("."):
                shutil.rmtree(ander, ignore_errors=True)


class ObjectPlek:
    """A file or folder in the object store, with the Path methods the app uses on stored files."""

    def __init__(self, opslag: S3Opslag, naam: str):
        self.opslag = opslag
        self.naam = naam

    def __truediv__(self, deel: str) -> ObjectPlek:
        return ObjectPlek(self.opslag, f"{self.naam}/{deel}")

    def __repr__(self) -> str:
        return f"ObjectPlek({self.opslag.bucket}/{self.opslag.sleutel(self.naam)})"

    def __eq__(self, ander) -> bool:
        return isinstance(ander, ObjectPlek) and (ander.opslag, ander.naam) == (self.opslag, self.naam)

    def __hash__(self) -> int:
        return hash(self.naam)

    @property
    def name(self) -> str:
        return self.naam.rsplit("/", 1)[-1]

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        """Folders do not exist in an object store: nothing to make."""

    def read_bytes(self) -> bytes:
        return self.opslag.lees(self.naam)

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.read_bytes().decode(encoding)

    def write_bytes(self, inhoud: bytes) -> int:
        self.opslag.schrijf(self.naam, inhoud)
        return len(inhoud)

    def write_text(self, tekst: str, encoding: str = "utf-8") -> int:
        return self.write_bytes(tekst.encode(encoding))

    def is_file(self) -> bool:
        return self.opslag.bestaat(self.naam)

    exists = is_file
