"""Make visitatie/templates/staat/referentie.docx, the reference document that gives the Staat's DOCX its
house style: pandoc's own reference document with the report's font (DejaVu Sans, as the PDF),
its blue headings, a page break before every chapter (Heading 1), ruled tables and a footer
with the page number; Word is asked to fill the contents field on opening. Deterministic:
fixed zip dates and order, so a rerun gives the same bytes.

Usage: .venv/bin/python scripts/maak_referentie_docx.py"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pypandoc

DOEL = Path(__file__).resolve().parent.parent / "visitatie" / "templates" / "staat" / "referentie.docx"
ZIP_DATUM = (2000, 1, 1, 0, 0, 0)
DONKERBLAUW = "153A5B"
RELATIE_VOETTEKST = "rIdVoettekst"

KLEIN = '<w:rPr><w:sz w:val="18"/></w:rPr>'
VOETTEKST = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:rPr><w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans"/>'
    f'<w:color w:val="{DONKERBLAUW}"/><w:sz w:val="18"/></w:rPr>'
    '<w:t xml:space="preserve">Staat van VTH · pagina </w:t></w:r>'
    f'<w:r>{KLEIN}<w:fldChar w:fldCharType="begin"/></w:r>'
    f'<w:r>{KLEIN}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    f'<w:r>{KLEIN}<w:fldChar w:fldCharType="separate"/></w:r>'
    f'<w:r>{KLEIN}<w:t>1</w:t></w:r>'
    f'<w:r>{KLEIN}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>\n')

SECTIE = (f'<w:sectPr><w:footerReference xmlns:r="http://schemas.openxmlformats.org/'
          f'officeDocument/2006/relationships" w:type="default" r:id="{RELATIE_VOETTEKST}"/>'
          '<w:pgSz w:w="11906" w:h="16838"/>'
          '<w:pgMar w:top="1247" w:right="1134" w:bottom="1417" w:left="1134" w:header="709" '
          'w:footer="567" w:gutter="0"/><w:footnotePr><w:numRestart w:val="eachSect"/>'
          '</w:footnotePr></w:sectPr>')

TABELRANDEN = ('<w:tblBorders><w:top w:val="single" w:sz="4" w:color="B5C3D1"/>'
               '<w:bottom w:val="single" w:sz="4" w:color="B5C3D1"/>'
               '<w:insideH w:val="single" w:sz="4" w:color="B5C3D1"/></w:tblBorders>')


def standaard_referentie() -> bytes:
    pandoc = pypandoc.get_pandoc_path()
    return subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                          check=True, capture_output=True).stdout


def stijlen(xml: str) -> str:
    xml = re.sub(r'<w:rFonts w:asciiTheme="minorHAnsi"[^/]*/>',
                 '<w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans" w:cs="DejaVu Sans"/>', xml)
    xml = re.sub(r'<w:rFonts w:asciiTheme="majorHAnsi"[^/]*/>',
                 '<w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans" w:cs="DejaVu Sans"/>', xml)
    xml = xml.replace('<w:sz w:val="24" />\n        <w:szCs w:val="24" />\n        <w:lang w:val="en-US"',
                      '<w:sz w:val="20" />\n        <w:szCs w:val="20" />\n        <w:lang w:val="nl-NL"')
    xml = re.sub(r'<w:color w:val="[0-9A-F]{6}" w:themeColor="accent1"\s*w:themeShade="BF" />',
                 f'<w:color w:val="{DONKERBLAUW}" />', xml)
    kop1 = xml.index('w:styleId="Heading1"')
    xml = xml[:kop1] + xml[kop1:].replace("<w:keepNext />", "<w:pageBreakBefore />\n      <w:keepNext />", 1)
    tabel = xml.index('w:styleId="Table"')
    xml = xml[:tabel] + xml[tabel:].replace('<w:tblInd w:w="0" w:type="dxa" />',
                                            '<w:tblInd w:w="0" w:type="dxa" />' + TABELRANDEN, 1)
    # narrow cell margins (3 pt a side; kolombreedtes.lua counts on them)
    return xml[:tabel] + xml[tabel:].replace('w:w="108"', 'w:w="57"', 2)


def huisstijl(bron: bytes) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bron)) as oud, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as nieuw:
        for naam in oud.namelist():
            tekst = oud.read(naam)
            if naam == "word/styles.xml":
                tekst = stijlen(tekst.decode()).encode()
            elif naam == "word/settings.xml":  # Word fills the contents field on opening
                tekst = tekst.replace(b'<w:zoom w:percent="100" />',
                                      b'<w:zoom w:percent="100" />\n  <w:updateFields w:val="true" />', 1)
            elif naam == "word/document.xml":
                tekst = re.sub(r"<w:sectPr>.*?</w:sectPr>", SECTIE, tekst.decode(), flags=re.S).encode()
            elif naam == "word/_rels/document.xml.rels":
                tekst = tekst.replace(b"</Relationships>", (
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footer" Id="' + RELATIE_VOETTEKST.encode() + b'" Target="footer1.xml" />'
                    b"</Relationships>"))
            elif naam == "[Content_Types].xml":
                tekst = tekst.replace(b"</Types>", (
                    b'<Override PartName="/word/footer1.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" /></Types>'))
            _schrijf(nieuw, naam, tekst)
        _schrijf(nieuw, "word/footer1.xml", VOETTEKST.encode())
    return uit.getvalue()


def _schrijf(archief: zipfile.ZipFile, naam: str, inhoud: bytes) -> None:
    info = zipfile.ZipInfo(naam, ZIP_DATUM)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archief.writestr(info, inhoud)


if __name__ == "__main__":
    DOEL.write_bytes(huisstijl(standaard_referentie()))
    print(f"Geschreven: {DOEL}")
