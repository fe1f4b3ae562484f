"""流动联络站: time-boxed mobile points with their deputies on duty and their own QR code; a case
carries the point it was left at, or the grid a grid worker handed it on from; two channels more
(流动联络站, 网格)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-08 01:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0027'
down_revision: Union[str, Sequence[str], None] = '0026'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen copies of the glossary's channels (a migration keeps what it made when it ran).
BEFORE = ("reception", "visit", "qr", "book", "hotline")
AFTER = BEFORE + ("mobile", "grid")
COUNTED = "state, rating, deadline, days_to_answer"


def _channels(values) -> str:
    return f"channel IN ({', '.join(repr(v) for v in values)})"


def _figures_index_again() -> None:
    """Batch mode copies citizen_case on SQLite without its expression index (SQLAlchemy does not
    reflect it): the figures' covering index is made again, as 0009 and 0022 make it."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_case_figures ON citizen_case "
                   f"(station_id, substr(received_on, 1, 7), received_on, {COUNTED})")


def upgrade() -> None:
    op.create_table(
        'mobile_point',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('opens_on', sa.Date(), nullable=False),
        sa.Column('closes_on', sa.Date(), nullable=False),
        sa.Column('hours', sa.String(length=60), nullable=True),
        sa.Column('longitude', sa.Float(), nullable=True),
        sa.Column('latitude', sa.Float(), nullable=True),
        sa.Column('qr_token', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.CheckConstraint('closes_on >= opens_on', name='ck_mobile_point_days'),
        sa.CheckConstraint('length(name) > 0 AND length(place) > 0', name='ck_mobile_point_named'),
        sa.CheckConstraint('(longitude IS NULL) = (latitude IS NULL)', name='ck_mobile_point_coordinates_pair'),
        sa.CheckConstraint('longitude IS NULL OR (longitude BETWEEN 73 AND 136 AND latitude BETWEEN 3 AND 54)',
                           name='ck_mobile_point_coordinates_china'),
        sa.ForeignKeyConstraint(['station_id'], ['station.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_mobile_point_station_id', 'mobile_point', ['station_id'])
    op.create_index('ix_mobile_point_qr_token', 'mobile_point', ['qr_token'], unique=True)
    op.create_index('ix_mobile_point_days', 'mobile_point', ['opens_on', 'closes_on'])
    op.create_table(
        'mobile_point_deputy',
        sa.Column('point_id', sa.Integer(), nullable=False),
        sa.Column('deputy_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['point_id'], ['mobile_point.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('point_id', 'deputy_id'),
    )
    op.create_index('ix_mobile_point_deputy_deputy_id', 'mobile_point_deputy', ['deputy_id'])
    op.create_table(
        'point_activity',
        sa.Column('point_id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['point_id'], ['mobile_point.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('point_id'),
        sa.UniqueConstraint('activity_id'),
    )
    with op.batch_alter_table('citizen_case') as batch:
        batch.add_column(sa.Column('point_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('grid_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_citizen_case_point', 'mobile_point', ['point_id'], ['id'], ondelete='SET NULL')
        batch.create_foreign_key('fk_citizen_case_grid', 'grid', ['grid_id'], ['id'], ondelete='SET NULL')
        batch.drop_constraint('ck_case_channel', type_='check')
        batch.create_check_constraint('ck_case_channel', _channels(AFTER))
    op.create_index('ix_citizen_case_point_id', 'citizen_case', ['point_id'])
    op.create_index('ix_citizen_case_grid_id', 'citizen_case', ['grid_id'])
    _figures_index_again()


def downgrade() -> None:
    op.drop_index('ix_citizen_case_grid_id', table_name='citizen_case')
    op.drop_index('ix_citizen_case_point_id', table_name='citizen_case')
    with op.batch_alter_table('citizen_case') as batch:
        batch.drop_constraint('ck_case_channel', type_='check')
        batch.create_check_constraint('ck_case_channel', _channels(BEFORE))
        batch.drop_constraint('fk_citizen_case_grid', type_='foreignkey')
        batch.drop_constraint('fk_citizen_case_point', type_='foreignkey')
        batch.drop_column('grid_id')
        batch.drop_column('point_id')
    _figures_index_again()
    op.drop_table('point_activity')
    op.drop_table('mobile_point_deputy')
    op.drop_table('mobile_point')
