"""one questionnaire response per (visitation, kind, author): merge duplicates, then enforce it

Two first answers at once could make two responses on SQLite (issue 18, finding 3); the answers
saved into the second one were no longer shown. Duplicates are merged into the oldest response
before the unique indexes are made, so no answer is lost: an answer only the duplicate has moves
over; where both have one, the most recently changed value stays, its version becomes higher than
either (an editor still holding an old page gets a conflict, not an overwrite), and the audit log
records the merge (with the replaced values of a self-evaluation; committee texts stay out of it,
as everywhere in the audit log).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 23:00:00
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from visitatie.timeutil import utcnow

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GEDEELD = sa.text("gebruiker_id IS NULL")


def upgrade() -> None:
    bind = op.get_bind()
    for groep in _dubbele_groepen(bind):
        _voeg_samen(bind, groep)
    op.create_index('uq_respons_per_lid', 'respons', ['visitatie_id', 'soort', 'gebruiker_id'],
                    unique=True)
    op.create_index('uq_respons_gedeeld', 'respons', ['visitatie_id', 'soort'], unique=True,
                    sqlite_where=GEDEELD, postgresql_where=GEDEELD)


def downgrade() -> None:
    op.drop_index('uq_respons_gedeeld', table_name='respons')
    op.drop_index('uq_respons_per_lid', table_name='respons')


def _dubbele_groepen(bind) -> list[list[int]]:
    """Response ids per (visitation, kind, author) that occur more than once, oldest first."""
    groepen: dict[tuple, list[int]] = {}
    for rid, visitatie, soort, gebruiker in bind.execute(sa.text(
            "SELECT id, visitatie_id, soort, gebruiker_id FROM respons ORDER BY id")):
        groepen.setdefault((visitatie, soort, gebruiker), []).append(rid)
    return [ids for ids in groepen.values() if len(ids) > 1]


def _antwoorden(bind, respons_id: int) -> dict[str, tuple]:
    rijen = bind.execute(sa.text(
        "SELECT vraag_code, id, waarde, versie, gewijzigd FROM antwoord WHERE respons_id = :r"),
        {"r": respons_id})
    return {code: (aid, waarde, versie, gewijzigd) for code, aid, waarde, versie, gewijzigd in rijen}


def _voeg_samen(bind, groep: list[int]) -> None:
    blijft, *dubbel = groep
    soort = bind.execute(sa.text("SELECT soort FROM respons WHERE id = :r"), {"r": blijft}).scalar()
    vervangen: dict[str, object] = {}
    for weg in dubbel:
        houden = _antwoorden(bind, blijft)
        for code, (aid, waarde, versie, gewijzigd) in _antwoorden(bind, weg).items():
            if code not in houden:
                bind.execute(sa.text("UPDATE antwoord SET respons_id = :r WHERE id = :a"),
                             {"r": blijft, "a": aid})
                continue
            hid, hwaarde, hversie, hgewijzigd = houden[code]
            nieuwer = str(gewijzigd or "") > str(hgewijzigd or "")
            waarde_nu, oud = (waarde, hwaarde) if nieuwer else (hwaarde, waarde)
            bind.execute(sa.text("UPDATE antwoord SET waarde = :w, versie = :v WHERE id = :a"),
                         {"w": waarde_nu, "v": max(versie, hversie) + 1, "a": hid})
            bind.execute(sa.text("DELETE FROM antwoord WHERE id = :a"), {"a": aid})
            vervangen[code] = json.loads(oud) if soort == "zelfevaluatie" else "(gewijzigd)"
        _neem_indiening_over(bind, blijft, weg)
        bind.execute(sa.text("DELETE FROM respons WHERE id = :r"), {"r": weg})
    _log(bind, blijft, dubbel, vervangen)


def _neem_indiening_over(bind, blijft: int, weg: int) -> None:
    """A submitted duplicate keeps the merged response submitted."""
    bind.execute(sa.text(
        "UPDATE respons SET ingediend_op = (SELECT ingediend_op FROM respons WHERE id = :w) "
        "WHERE id = :b AND ingediend_op IS NULL"), {"b": blijft, "w": weg})


AUDIT = sa.table('audit_regel', sa.column('tijdstip', sqlmodel.sql.sqltypes.UTCDateTime()),
                 sa.column('gebruiker_email'), sa.column('actie'), sa.column('object_type'),
                 sa.column('object_id'), sa.column('voor'), sa.column('na'))


def _log(bind, blijft: int, dubbel: list[int], vervangen: dict) -> None:
    voor = {"dubbele_responsen": dubbel, "vervangen_antwoorden": vervangen}
    bind.execute(AUDIT.insert().values(
        tijdstip=utcnow(), gebruiker_email="systeem", actie="respons.samenvoegen", object_type="respons",
        object_id=str(blijft), voor=json.dumps(voor, ensure_ascii=False), na=json.dumps({"respons": blijft})))
