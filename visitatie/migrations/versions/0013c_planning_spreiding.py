"""planning: spreading maximum per quarter and school holidays the coordinator opened

Revision ID: 0013c
Revises: 0013b
Create Date: 2026-12-06 19:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013c'
down_revision: str | None = '0013b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('visitatie_ronde') as batch:
        batch.add_column(sa.Column('max_per_kwartaal', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('open_vakanties', sa.String(length=2000), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('visitatie_ronde') as batch:
        batch.drop_column('open_vakanties')
        batch.drop_column('max_per_kwartaal')
