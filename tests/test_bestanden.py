"""The one file store for uploads: kind judged by content, limits, names, keys that stay inside."""

from __future__ import annotations

import io
import zipfile

import pytest

from visitatie import bestanden
from visitatie.errors import DomeinFout

PDF = b"%PDF-1.4\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_stored_file_is_found_again_by_its_key(tmp_path):
    opgeslagen = bestanden.bewaar(tmp_path, PDF, naam="Rapport 2024.pdf")
    assert opgeslagen.soort == "pdf" and opgeslagen.mimetype == "application/pdf"
    assert opgeslagen.naam == "Rapport_2024.pdf" and opgeslagen.grootte == len(PDF)
    assert bestanden.pad(tmp_path, opgeslagen.sleutel).read_bytes() == PDF


@pytest.mark.parametrize("inhoud,soort", [(PDF, "pdf"), (docx(), "docx"), (b"\x89PNG\r\n\x1a\n...", "png"),
                                          (b"<html>", None), (b"PK\x03\x04kapot", None)])
def test_the_kind_comes_from_the_content(inhoud, soort):
    assert bestanden.herken(inhoud) == soort


@pytest.mark.parametrize("inhoud,naam,soorten,melding", [
    (docx(), "stuk.pdf", bestanden.ALLEEN_PDF, "Alleen PDF-bestanden zijn toegestaan"),
    (b"<script>", "x.pdf", bestanden.TYPEN, "Alleen PDF, DOCX, XLSX, ODT, PNG en JPEG zijn toegestaan"),
    (b"", "leeg.pdf", bestanden.TYPEN, "Het bestand is leeg"),
    (PDF + b"0" * 2048, "groot.pdf", bestanden.TYPEN, "groter dan 2 kB"),
    (PDF, "../../etc/passwd.pdf", bestanden.TYPEN, "met een map erin"),
    (PDF, "map\\stuk.pdf", bestanden.TYPEN, "met een map erin"),
])
def test_refusals_are_dutch_and_store_nothing(tmp_path, inhoud, naam, soorten, melding):
    with pytest.raises(DomeinFout, match=melding) as fout:
        bestanden.bewaar(tmp_path / "map", inhoud, naam=naam, soorten=soorten, max_bytes=2048)
    assert fout.value.veld == "bestand"
    assert not (tmp_path / "map").exists()


@pytest.mark.parametrize("sleutel", ["../geheim.pdf", "a" * 32 + ".pdf/../x", "/etc/passwd", "", "a" * 31])
def test_keys_cannot_escape_the_storage_folder(tmp_path, sleutel):
    with pytest.raises(DomeinFout):
        bestanden.pad(tmp_path, sleutel)


def test_keys_of_older_evidence_files_without_extension_still_resolve(tmp_path):
    assert bestanden.pad(tmp_path, "0123456789abcdef" * 2) == tmp_path / ("0123456789abcdef" * 2)
