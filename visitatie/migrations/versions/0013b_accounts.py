"""accounts: session version, temporary passwords, TOTP, sign-in counters, password tokens

Revision ID: 0013b
Revises: 0013p
Create Date: 2026-12-06 19:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013b'
down_revision: str | None = '0013p'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('gebruiker') as batch_op:
        batch_op.add_column(sa.Column('sessieversie', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('moet_wachtwoord_wijzigen', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('laatst_ingelogd', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_geheim', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column('totp_actief', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_table(
        'inlog_teller',
        sa.Column('sleutel', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('venster_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('aantal', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('sleutel'),
    )
    op.create_table(
        'wachtwoord_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gebruiker_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('verloopt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('gebruikt', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_wachtwoord_token_gebruiker_id', 'wachtwoord_token', ['gebruiker_id'])
    op.create_table(
        'herstelcode',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gebruiker_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('gebruikt', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_herstelcode_gebruiker_id', 'herstelcode', ['gebruiker_id'])
    _wis_vertrouwelijke_antwoorden()


def _wis_vertrouwelijke_antwoorden() -> None:
    """Earlier versions wrote the committee's confidential answers into the audit log: keep
    the fact that they changed, drop the text."""
    op.execute(
        "UPDATE audit_regel SET voor = CASE WHEN voor IS NULL THEN NULL "
        "ELSE '{\"vertrouwelijk\": \"gewijzigd\"}' END, "
        "na = '{\"vertrouwelijk\": \"gewijzigd\"}' "
        "WHERE actie = 'antwoord.bewaren' AND object_type = 'respons' AND object_id IN "
        "(SELECT CAST(id AS VARCHAR(80)) FROM respons WHERE soort <> 'zelfevaluatie')")


def downgrade() -> None:
    op.drop_index('ix_herstelcode_gebruiker_id', table_name='herstelcode')
    op.drop_table('herstelcode')
    op.drop_index('ix_wachtwoord_token_gebruiker_id', table_name='wachtwoord_token')
    op.drop_table('wachtwoord_token')
    op.drop_table('inlog_teller')
    with op.batch_alter_table('gebruiker') as batch_op:
        for kolom in ('totp_actief', 'totp_geheim', 'laatst_ingelogd', 'moet_wachtwoord_wijzigen',
                      'sessieversie'):
            batch_op.drop_column(kolom)
