"""The policy cycle of a participant (municipality or province) in one year: which documents
are due, whether they are there, adopted and sent to the council or Provinciale Staten, and
whether they were adopted on time. Pure: plain values in, plain values out.

The *obligation* to have each document comes from the law (column `basis`); the *deadlines*
are this application's norms (column `termijn`), because the law says "yearly" without a
date. Change them here, in one place, and the tests show what moves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

GELDIGHEID_UHS_JAREN = 4  # project norm: a strategy is renewed at least every four years


@dataclass(frozen=True)
class Document:
    soort: str
    jaar: int
    vastgesteld_op: date | None
    verzonden_op: date | None
    ref: int | None = None  # the caller's id, handed back in RegelUitkomst.document


@dataclass(frozen=True)
class DocumentRegel:
    soort: str
    naam: str
    basis: str
    termijn: str
    deadline: Callable[[int], date]  # the year of the document -> latest adoption date

    def past_bij(self, doc: Document, jaar: int) -> bool:
        if doc.soort != self.soort:
            return False
        if self.soort == "uhs":
            return jaar - GELDIGHEID_UHS_JAREN < doc.jaar <= jaar
        return doc.jaar == jaar


REGELS: tuple[DocumentRegel, ...] = (
    DocumentRegel(
        "uhs", "Uitvoerings- en handhavingsstrategie (UHS)",
        "Omgevingsbesluit art. 13.5: het bestuursorgaan stelt een uitvoerings- en "
        "handhavingsstrategie vast en maakt die bekend aan de raad of Provinciale Staten "
        "(VNG-modelverordening kwaliteit VTH, art. 3)",
        f"Vastgesteld vóór 1 januari van het eerste jaar waarvoor zij geldt; "
        f"geldt hier hoogstens {GELDIGHEID_UHS_JAREN} jaar (projectnorm)",
        lambda j: date(j - 1, 12, 31)),
    DocumentRegel(
        "uitvoeringsprogramma", "Jaarlijks uitvoeringsprogramma",
        "Omgevingsbesluit, hoofdstuk 13: jaarlijks uitvoeringsprogramma op basis van de "
        "strategie, ter kennis van de raad of Provinciale Staten",
        "Vastgesteld uiterlijk 31 maart van het programmajaar (projectnorm)",
        lambda j: date(j, 3, 31)),
    DocumentRegel(
        "jaarverslag", "Jaarverslag / evaluatie",
        "Omgevingsbesluit, hoofdstuk 13: jaarlijkse evaluatie van de uitvoering, ter kennis van "
        "de raad of Provinciale Staten",
        "Vastgesteld uiterlijk 1 juli van het jaar na het verslagjaar (projectnorm)",
        lambda j: date(j + 1, 7, 1)),
)
SOORTEN: dict[str, str] = {r.soort: r.naam for r in REGELS}


@dataclass(frozen=True)
class RegelUitkomst:
    soort: str
    status: str  # see STATUS_TEKST
    document: Document | None

    @property
    def tekst(self) -> str:
        return STATUS_TEKST[self.status]


STATUS_TEKST = {
    "op_tijd": "aanwezig, vastgesteld en verzonden; op tijd",
    "te_laat": "aanwezig, vastgesteld en verzonden; te laat vastgesteld",
    "niet_verzonden": "vastgesteld, maar niet aan raad of Staten verzonden",
    "niet_vastgesteld": "aanwezig, maar niet vastgesteld",
    "ontbreekt": "ontbreekt",
    "nog_niet_verschuldigd": "nog niet verschuldigd",
}
VOLLEDIG = {"op_tijd", "te_laat"}


@dataclass(frozen=True)
class CyclusOordeel:
    jaar: int
    uitkomsten: tuple[RegelUitkomst, ...]

    @property
    def status(self) -> str:
        """`compleet`, `lopend` (everything due is there, more is still to come) or `onvolledig`."""
        statussen = {u.status for u in self.uitkomsten}
        if statussen <= VOLLEDIG:
            return "compleet"
        if statussen <= VOLLEDIG | {"nog_niet_verschuldigd"}:
            return "lopend"
        return "onvolledig"

    @property
    def op_tijd(self) -> bool:
        """Complete or running, and nothing that is there was adopted late."""
        return self.status != "onvolledig" and all(u.status != "te_laat" for u in self.uitkomsten)


def beoordeel_cyclus(documenten: Iterable[Document], jaar: int, peildatum: date) -> CyclusOordeel:
    """The cycle of one participant for `jaar`, as known on `peildatum`."""
    documenten = list(documenten)
    return CyclusOordeel(jaar, tuple(_beoordeel_regel(r, documenten, jaar, peildatum) for r in REGELS))


def _beoordeel_regel(regel: DocumentRegel, documenten: list[Document], jaar: int,
                     peildatum: date) -> RegelUitkomst:
    passend = sorted((d for d in documenten if regel.past_bij(d, jaar)), key=lambda d: d.jaar)
    if not passend:
        doc_jaar = jaar
        status = "nog_niet_verschuldigd" if peildatum <= regel.deadline(doc_jaar) else "ontbreekt"
        return RegelUitkomst(regel.soort, status, None)
    doc = passend[-1]  # the most recent strategy counts
    if doc.vastgesteld_op is None:
        status = "nog_niet_verschuldigd" if peildatum <= regel.deadline(doc.jaar) else "niet_vastgesteld"
    elif doc.verzonden_op is None:
        status = "niet_verzonden"
    else:
        status = "op_tijd" if doc.vastgesteld_op <= regel.deadline(doc.jaar) else "te_laat"
    return RegelUitkomst(regel.soort, status, doc)
