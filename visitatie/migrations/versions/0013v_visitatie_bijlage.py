"""attachments of the committee and of right-of-reply reactions

Revision ID: 0013v
Revises: 0013c
Create Date: 2026-12-06 20:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013v'
down_revision: str | None = '0013c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'visitatie_bijlage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visitatie_id', sa.Integer(), nullable=False),
        sa.Column('onderdeel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('verwijzing', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('naam', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('sleutel', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('soort', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('grootte', sa.Integer(), nullable=False),
        sa.Column('door_id', sa.Integer(), nullable=True),
        sa.Column('aangemaakt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['visitatie_id'], ['visitatie.id']),
        sa.ForeignKeyConstraint(['door_id'], ['gebruiker.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_visitatie_bijlage_visitatie_id', 'visitatie_bijlage', ['visitatie_id'])


def downgrade() -> None:
    op.drop_index('ix_visitatie_bijlage_visitatie_id', table_name='visitatie_bijlage')
    op.drop_table('visitatie_bijlage')
