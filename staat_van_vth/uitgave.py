"""What the reader is told about an edition itself: whether its figures are demo data, who
publishes it, its version and the licence of its open data (cover, colophon, running footer).

Demo data are known from the snapshot alone, so a build from a saved snapshot says the same as
a build from the database: the demo marks every row it invents `fictief` (monitoring, ILT,
planning), and real imports never do."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

UITGEVER = "Programma Staat van VTH"
CONTACT = "de redactie van de Staat van VTH (Programma Staat van VTH)"
LICENTIE = "CC0 1.0 (publiek domein): vrij te gebruiken zonder voorwaarden"
DEMO_LABEL = "Demo: fictieve cijfers"
DEMO_TEKST = ("Let op: dit is een demo-editie. De omgevingsdiensten en gemeenten bestaan echt, "
              "maar alle cijfers, oordelen en stukken zijn verzonnen.")
DEMO_ONDERSCHRIFT = "*Demogegevens: deze cijfers zijn fictief.*"


def bestandsnaam(jaar: int) -> str:
    """The stem of an edition's files (`staat-van-vth-2026`)."""
    return f"staat-van-vth-{jaar}"


def downloadnamen(jaar: int) -> dict[str, str]:
    """An edition's downloads by kind, named as in its site folder, where the site links them,
    and as the app's download route offers them: the one place these names are made."""
    stam = bestandsnaam(jaar)
    return {"pdf": f"{stam}.pdf", "docx": f"{stam}.docx", "open-data": f"{stam}-open-data.zip"}


def is_demo(tabellen: dict[str, pd.DataFrame]) -> bool:
    """True when any frozen row is marked fictitious: the one test for "demo edition"."""
    return any(_fictief(df["fictief"]) for df in tabellen.values() if "fictief" in df.columns)


def _fictief(reeks: pd.Series) -> bool:
    return bool(reeks.isin([True, 1, "True", "true", "1"]).any())


TABELREGEL = re.compile(r"^\|")
AFBEELDING = re.compile(r"^!\[")


def onderschrift_bij_tabellen_en_figuren(markdown: str) -> str:
    """The demo note under every pipe table and every image of a Markdown text."""
    regels = markdown.split("\n")
    uit: list[str] = []
    for i, regel in enumerate(regels):
        uit.append(regel)
        volgende = regels[i + 1] if i + 1 < len(regels) else ""
        einde_tabel = TABELREGEL.match(regel) and not TABELREGEL.match(volgende)
        if einde_tabel or AFBEELDING.match(regel):
            uit += ["", DEMO_ONDERSCHRIFT]
    return "\n".join(uit)


# The DOCX takes its footer ("Staat van VTH · pagina n") from the reference document, which is
# the same for every edition; a demo edition gets the label put in front of it afterwards.
VOETTEKST = re.compile(r"word/footer\d*\.xml")
EERSTE_RUN = re.compile(r"<w:r[ >]")
DEMO_RUN = ('<w:r><w:rPr><w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans"/><w:b/>'
            '<w:color w:val="8A1C1C"/><w:sz w:val="18"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(DEMO_LABEL)} · </w:t></w:r>')


def demo_in_voettekst(docx: Path) -> None:
    """Put the demo label in the running footer of every page of a DOCX: each footer part gets
    it as its first run. Every zip entry keeps its name, order, date and compression, so the
    same DOCX in gives the same bytes out."""
    uit = io.BytesIO()
    with zipfile.ZipFile(docx) as oud, zipfile.ZipFile(uit, "w") as nieuw:
        for info in oud.infolist():
            inhoud = oud.read(info)
            if VOETTEKST.fullmatch(info.filename):
                inhoud = EERSTE_RUN.sub(lambda m: DEMO_RUN + m.group(0), inhoud.decode("utf-8"),
                                        count=1).encode("utf-8")
            nieuw.writestr(info, inhoud)
    docx.write_bytes(uit.getvalue())
