"""Demo: the editions 2024 (built and published) and 2026 (concept) of the Staat van VTH with
fictitious narrative. Building 2024 takes 5-25 seconds, mostly the PDF."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from visitatie.publicatie import operations as ops

EDITIES = (
    (2024, date(2022, 7, 1), date(2024, 6, 30), date(2024, 6, 1)),
    (2026, date(2024, 7, 1), date(2026, 6, 30), date(2026, 6, 1)),
)
TEKST = {
    "hoofdlijnen": "*(fictieve demotekst)* Het stelsel staat er in {jaar} **stabiel** voor: "
                   "de omgevingsdiensten zijn gegroeid in taken, maar niet alle diensten voldoen "
                   "aan alle robuustheidscriteria.",
    "horizontale_verantwoording": "*(fictieve demotekst)* Veel gemeenten stellen hun "
                                  "uitvoeringsprogramma later vast dan de norm. Zie de tabel per "
                                  "omgevingsdienst.",
}


def stap_edities(db: Session) -> str:
    nieuw = 0
    for jaar, van, tot, peildatum in EDITIES:
        if ops.editie_van(db, jaar) is not None:
            continue
        editie = ops.maak_editie(db, jaar=jaar, periode_van=van, periode_tot=tot, peildatum=peildatum)
        for hoofdstuk, tekst in TEKST.items():
            ops.bewaar_tekst(db, editie=editie, hoofdstuk=hoofdstuk, markdown=tekst.format(jaar=jaar),
                             versie=0, door="redacteur@example.nl")
        nieuw += 1
    return f"edities Staat van VTH: {nieuw} nieuw (2024 en 2026)"


def stap_publiceer_2024(db: Session) -> str:
    """Build and publish the 2024 edition, so the public site and the council summaries have a
    published edition to show. The build reads the database through its own connection, so
    what the earlier demo steps wrote is committed first."""
    from visitatie import opslag
    from visitatie.publicatie.bouwen import bouw

    editie = ops.editie_van(db, 2024)
    if editie is None or editie.status == "gepubliceerd":
        return "editie 2024: al gepubliceerd"
    db.commit()
    bouw(db, editie, opslag.van_app())
    for actie in ("vaststellen", "publiceren"):
        ops.wijzig_status(db, editie=editie, actie=actie, versie=editie.versie)
    return "editie 2024: gebouwd en gepubliceerd"
