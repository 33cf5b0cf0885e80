"""the accepted plan drives the visitations: link to the cycle's OD, pool persons on committees,
one role vocabulary, questions for started visitations, "held" recorded once

Revision ID: 0013p
Revises: 0012
Create Date: 2026-12-06 19:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013p'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('visitatie', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ronde_od_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_visitatie_ronde_od_id'), ['ronde_od_id'], unique=False)
        batch_op.create_foreign_key('fk_visitatie_ronde_od_id', 'ronde_od', ['ronde_od_id'], ['id'])
    op.execute("UPDATE visitatie SET ronde_od_id = (SELECT r.id FROM ronde_od r "
               "WHERE r.ronde_id = visitatie.ronde_id AND r.od_code = visitatie.od_code)")

    with op.batch_alter_table('visiteur', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gebruiker_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('uitgenodigd_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint('uq_visiteur_gebruiker_id', ['gebruiker_id'])
        batch_op.create_foreign_key('fk_visiteur_gebruiker_id', 'gebruiker', ['gebruiker_id'], ['id'])

    with op.batch_alter_table('commissie_lid', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visiteur_id', sa.Integer(), nullable=True))
        batch_op.alter_column('gebruiker_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_commissie_lid_visiteur_id'), ['visiteur_id'], unique=False)
        batch_op.create_unique_constraint('uq_commissie_lid_visiteur', ['visitatie_id', 'visiteur_id'])
        batch_op.create_foreign_key('fk_commissie_lid_visiteur_id', 'visiteur', ['visiteur_id'], ['id'])
    op.execute("UPDATE commissie_lid SET rol = 'peer' WHERE rol = 'lid'")  # one role vocabulary

    op.create_table(
        'plan_vraag',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visitatie_id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('bezoek_van', sa.Date(), nullable=False),
        sa.Column('bezoek_tot', sa.Date(), nullable=False),
        sa.Column('commissie', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('aangemaakt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('besloten_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
        sa.ForeignKeyConstraint(['visitatie_id'], ['visitatie.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('plan_vraag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_vraag_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_vraag_visitatie_id'), ['visitatie_id'], unique=False)

    # "Held" is the visitation's status from now on; the planning's own flag goes.
    with op.batch_alter_table('ronde_od', schema=None) as batch_op:
        batch_op.drop_column('gehouden')


def downgrade() -> None:
    with op.batch_alter_table('ronde_od', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gehouden', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.execute("UPDATE ronde_od SET gehouden = TRUE WHERE id IN (SELECT ronde_od_id FROM visitatie "
               "WHERE status NOT IN ('gepland', 'voorbereiding', 'zelfevaluatie_ingediend'))")
    with op.batch_alter_table('plan_vraag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_vraag_visitatie_id'))
        batch_op.drop_index(batch_op.f('ix_plan_vraag_plan_id'))
    op.drop_table('plan_vraag')
    op.execute("UPDATE commissie_lid SET rol = 'lid' WHERE rol IN ('peer', 'bestuurder')")
    op.execute("DELETE FROM commissie_lid WHERE gebruiker_id IS NULL")
    with op.batch_alter_table('commissie_lid', schema=None) as batch_op:
        batch_op.drop_constraint('fk_commissie_lid_visiteur_id', type_='foreignkey')
        batch_op.drop_constraint('uq_commissie_lid_visiteur', type_='unique')
        batch_op.drop_index(batch_op.f('ix_commissie_lid_visiteur_id'))
        batch_op.alter_column('gebruiker_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('visiteur_id')
    with op.batch_alter_table('visiteur', schema=None) as batch_op:
        batch_op.drop_constraint('fk_visiteur_gebruiker_id', type_='foreignkey')
        batch_op.drop_constraint('uq_visiteur_gebruiker_id', type_='unique')
        batch_op.drop_column('uitgenodigd_op')
        batch_op.drop_column('gebruiker_id')
    with op.batch_alter_table('visitatie', schema=None) as batch_op:
        batch_op.drop_constraint('fk_visitatie_ronde_od_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_visitatie_ronde_od_id'))
        batch_op.drop_column('ronde_od_id')
