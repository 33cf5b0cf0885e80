"""Demo step: council summaries need a published edition. The Staat van VTH demo creates the
editions (2024 published, 2026 concept); when it has not run (or is not merged yet) this step
creates the 2024 edition and publishes it, looking it up by year so it never makes a second."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlmodel import Session

from visitatie.audit.operations import log
from visitatie.publicatie.models import Editie
from visitatie.raad.operations import editie_met_jaar

DEMO_JAAR = 2024
# Not the hash of a real snapshot: the demo edition is published without a build. The Staat van
# VTH build replaces it when it runs; the marker makes that visible in the audit log.
DEMO_SNAPSHOT = hashlib.sha256(b"demo-editie zonder snapshot (fictief)").hexdigest()


def stap_raad(db: Session) -> str:
    editie = editie_met_jaar(db, DEMO_JAAR)
    if editie is not None:
        return f"raadssamenvattingen: editie {DEMO_JAAR} bestond al ({editie.status})"
    editie = Editie(jaar=DEMO_JAAR, periode_van=date(DEMO_JAAR - 2, 1, 1),
                    periode_tot=date(DEMO_JAAR - 1, 12, 31), peildatum=date(DEMO_JAAR, 6, 1))
    editie.registreer_bouw(DEMO_SNAPSHOT)
    editie.stel_vast()
    editie.publiceer()
    db.add(editie)
    db.flush()
    log(db, actie="raad.demo_editie", object_type="editie", object_id=editie.id, na=editie)
    return f"raadssamenvattingen: editie {DEMO_JAAR} aangemaakt en gepubliceerd (demo)"
