"""Evidence files of questionnaire answers, kept in the app's one file store (visitatie/bestanden.py);
the answer value refers to the stored file and remembers its name, type and size."""

from __future__ import annotations

from pathlib import Path

from visitatie import bestanden


def bewaar(map_: Path, *, naam: str, inhoud: bytes, max_bytes: int = bestanden.STANDAARD_MAX) -> dict:
    """Check and store a file; returns the answer value that refers to it."""
    opgeslagen = bestanden.bewaar(map_, inhoud, naam=naam, max_bytes=max_bytes)
    return {"naam": opgeslagen.naam, "sleutel": opgeslagen.sleutel, "type": opgeslagen.mimetype,
            "grootte": opgeslagen.grootte}


def pad(map_: Path, waarde: dict) -> Path:
    """The stored file of an answer value."""
    return bestanden.pad(map_, waarde.get("sleutel", ""))
