"""jobs: one queued or running job per kind and subject; the process that holds an in-process job

Existing jobs get a subject of their own ("taak-<id>") so the unique index holds for them; new
jobs get their kind's subject. Without Redis, the process that runs a job is recorded, so a
process that starts later can tell the jobs of a dead one (issue 18, findings 6 and 7).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 23:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOPEND = sa.text("status IN ('wachtend', 'bezig')")


def upgrade() -> None:
    with op.batch_alter_table('taak') as batch_op:
        batch_op.add_column(sa.Column('onderwerp', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('uitvoerder', sqlmodel.sql.sqltypes.AutoString(length=120),
                                      nullable=True))
    op.execute("UPDATE taak SET onderwerp = 'taak-' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table('taak') as batch_op:
        batch_op.alter_column('onderwerp', server_default=None)
    op.create_index('uq_taak_lopend', 'taak', ['soort', 'onderwerp'], unique=True,
                    sqlite_where=LOPEND, postgresql_where=LOPEND)


def downgrade() -> None:
    op.drop_index('uq_taak_lopend', table_name='taak')
    with op.batch_alter_table('taak') as batch_op:
        batch_op.drop_column('uitvoerder')
        batch_op.drop_column('onderwerp')
