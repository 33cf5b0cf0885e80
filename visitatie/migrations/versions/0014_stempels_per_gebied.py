"""a data version stamp per area of the data instead of one for the whole database

Revision ID: 0014
Revises: 0013v
Create Date: 2026-12-06 23:00:00
"""
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013v'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the areas of visitatie/gebieden.py when this was written; a later area gets its row on its
# first write (a missing row reads as stamp 0)
GEBIEDEN = ("register", "planning", "visitaties", "visitatie", "visitatie:alle", "ilt",
            "monitoring", "edities", "accounts", "inloggen", "audit", "taken", "demodag")


def upgrade() -> None:
    op.drop_table('gegevensversie')
    tabel = op.create_table(
        'gegevensversie',
        sa.Column('gebied', sa.String(length=40), nullable=False),
        sa.Column('stempel', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('gebied'),
    )
    op.bulk_insert(tabel, [{'gebied': g, 'stempel': secrets.randbits(62)} for g in GEBIEDEN])


def downgrade() -> None:
    op.drop_table('gegevensversie')
    tabel = op.create_table(
        'gegevensversie',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stempel', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(tabel, [{'id': 1, 'stempel': secrets.randbits(62)}])
