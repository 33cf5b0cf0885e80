"""data version stamp for the page cache

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 01:10:00
"""
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tabel = op.create_table(
        'gegevensversie',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stempel', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(tabel, [{'id': 1, 'stempel': secrets.randbits(62)}])


def downgrade() -> None:
    op.drop_table('gegevensversie')
