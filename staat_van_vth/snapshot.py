"""A snapshot freezes every input table of an edition as CSV with a manifest of SHA-256 sums,
so a build can be repeated byte for byte and every figure traced back to its data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

MANIFEST = "manifest.json"


class SnapshotFout(RuntimeError):
    pass


@dataclass(frozen=True)
class Snapshot:
    tabellen: dict[str, pd.DataFrame]
    manifest: dict

    @property
    def sha256(self) -> str:
        return self.manifest["sha256"]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Deterministic CSV: columns as given, rows sorted on all columns, \\n line ends."""
    geordend = df.sort_values(list(df.columns), kind="mergesort") if len(df.columns) else df
    return geordend.to_csv(index=False, lineterminator="\n").encode("utf-8")


def schrijf_snapshot(tabellen: dict[str, pd.DataFrame], map_: Path, metadata: dict) -> Snapshot:
    map_.mkdir(parents=True, exist_ok=True)
    sommen = {}
    for naam in sorted(tabellen):
        data = csv_bytes(tabellen[naam])
        (map_ / f"{naam}.csv").write_bytes(data)
        sommen[f"{naam}.csv"] = sha256_bytes(data)
    geheel = sha256_bytes("".join(f"{n} {s}\n" for n, s in sorted(sommen.items())).encode())
    manifest = {**metadata, "bestanden": sommen, "sha256": geheel,
                "kolommen": {naam: _soorten(tabellen[naam]) for naam in sorted(tabellen)}}
    (map_ / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                 encoding="utf-8")
    return lees_snapshot(map_)


def lees_snapshot(map_: Path) -> Snapshot:
    """Read a snapshot and check every file against its manifest."""
    manifest = json.loads((map_ / MANIFEST).read_text(encoding="utf-8"))
    tabellen = {}
    for bestand, som in manifest["bestanden"].items():
        data = (map_ / bestand).read_bytes()
        if sha256_bytes(data) != som:
            raise SnapshotFout(f"{bestand} is gewijzigd sinds de snapshot (SHA-256 klopt niet).")
        naam = bestand.removesuffix(".csv")
        tekst = [k for k, soort in manifest.get("kolommen", {}).get(naam, {}).items()
                 if soort == "tekst"]
        tabellen[naam] = pd.read_csv(map_ / bestand, keep_default_na=False, na_values=[""],
                                     dtype=dict.fromkeys(tekst, "str"))
    return Snapshot(tabellen, manifest)


def _soorten(df: pd.DataFrame) -> dict[str, str]:
    """Per column its kind, so text that looks like a number ("2.3", "0363") stays text."""
    def soort(reeks: pd.Series) -> str:
        if pd.api.types.is_bool_dtype(reeks):
            return "bool"
        return "getal" if pd.api.types.is_numeric_dtype(reeks) else "tekst"

    return {kolom: soort(df[kolom]) for kolom in df.columns}
