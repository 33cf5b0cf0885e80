"""Council summaries frozen with their edition. Building an edition of the Staat van VTH also
writes every participant's summary (the portal's fragment and the standalone document for the
PDF) next to the edition's snapshot, made from that snapshot's tables; a published edition
can no longer be rebuilt, so its
summaries stay as they were published, whatever is corrected later, and the portal reads a
file instead of the database. The same goes for the clerks' overview of policy cycles. An
edition built before this existed falls back to deriving both from the data
(visitatie/raad/operations.py)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from staat_van_vth.snapshot import SnapshotFout, lees_snapshot
from visitatie.raad.operations import (
    BRONTABELLEN,
    Bron,
    bron_uit_tabellen,
    cycli_overzicht,
    laad_bron,
    samenvatting_voor,
)
from visitatie.raad.render import document_html, fragment_html
from visitatie.raad.samenvatting import Samenvatting

MAP = "raad"  # inside the edition's folder, beside its snapshot
CYCLI = "cycli.json"  # the clerks' overview (visitatie/raad/operations.py cycli_overzicht)
CODE = re.compile(r"(GM\d{4}|PV\d{2})")


@dataclass(frozen=True)
class Weergave:
    """What the portal shows of one summary: its names, the fragment and the PDF's document."""

    code: str
    naam: str
    titel: str
    inhoud: str
    document: str

    @classmethod
    def van(cls, s: Samenvatting) -> Weergave:
        return cls(code=s.code, naam=s.naam, titel=s.titel, inhoud=fragment_html(s),
                   document=document_html(s))


def bron_van(db: Session, jaar: int, peildatum: date, snapshot_map: Path) -> Bron:
    """The source of the summaries of edition `jaar` (reference date `peildatum`): its snapshot
    once built (the same rows as every other output of the edition); before that, the same
    tables read from the data now. The edition itself is publicatie's: see
    `visitatie.publicatie.bouwen.raadsbron`."""
    try:
        tabellen = lees_snapshot(snapshot_map).tabellen
    except (OSError, SnapshotFout):
        return laad_bron(db, jaar, peildatum)
    if not set(BRONTABELLEN) <= set(tabellen):  # a snapshot of an older build
        return laad_bron(db, jaar, peildatum)
    return bron_uit_tabellen(tabellen, jaar, peildatum)


def bevries(bron: Bron, map_: Path) -> int:
    """Write every participant's summary of the edition and the clerks' overview into `map_`;
    the number of summaries written."""
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / CYCLI).write_text(json.dumps(cycli_overzicht(bron), ensure_ascii=False), encoding="utf-8")
    aantal = 0
    for deelnemer in bron.gesorteerd():
        weergave = Weergave.van(samenvatting_voor(bron, deelnemer.code))
        (map_ / f"{weergave.code}.json").write_text(json.dumps(asdict(weergave), ensure_ascii=False),
                                                    encoding="utf-8")
        aantal += 1
    return aantal


def lees(map_: Path, code: str) -> Weergave | None:
    """The frozen summary of a participant, or None when the edition has none for it."""
    if not CODE.fullmatch(code):
        return None
    pad = map_ / f"{code}.json"
    return Weergave(**json.loads(pad.read_text(encoding="utf-8"))) if pad.is_file() else None


def lees_cycli(map_: Path) -> dict | None:
    """The clerks' overview frozen with the edition, or None for an edition built before."""
    pad = map_ / CYCLI
    return json.loads(pad.read_text(encoding="utf-8")) if pad.is_file() else None
