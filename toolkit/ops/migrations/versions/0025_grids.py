"""网格: the grids under a station, the deputies who answer for each, their contacts there

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-08 00:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0025'
down_revision: Union[str, Sequence[str], None] = '0024'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# A frozen copy of the glossary's words (a migration keeps what it made when it ran).
CONTACT_MODES = ("走访", "电话", "座谈", "线上")


def upgrade() -> None:
    op.create_table(
        'grid',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('worker_name', sa.String(length=50), nullable=True),
        sa.Column('worker_mobile', sa.String(length=11), nullable=True),
        sa.Column('households', sa.Integer(), nullable=True),
        sa.Column('residents', sa.Integer(), nullable=True),
        sa.Column('boundary', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint('households IS NULL OR households >= 0', name='ck_grid_households'),
        sa.CheckConstraint('residents IS NULL OR residents >= 0', name='ck_grid_residents'),
        sa.CheckConstraint("worker_mobile IS NULL OR (length(worker_mobile) = 11 AND substr(worker_mobile, 1, 1) = '1')",
                           name='ck_grid_worker_mobile'),
        sa.CheckConstraint('length(name) > 0', name='ck_grid_name'),
        sa.ForeignKeyConstraint(['station_id'], ['station.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('station_id', 'name', name='uq_grid_station_name'),
    )
    op.create_index('ix_grid_station_id', 'grid', ['station_id'])
    op.create_table(
        'grid_deputy',
        sa.Column('grid_id', sa.Integer(), nullable=False),
        sa.Column('deputy_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('grid_id', 'deputy_id'),
    )
    op.create_index('ix_grid_deputy_deputy_id', 'grid_deputy', ['deputy_id'])
    op.create_table(
        'grid_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('grid_id', sa.Integer(), nullable=False),
        sa.Column('deputy_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('way', sa.String(length=10), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('actor', sa.String(length=50), nullable=False),
        sa.CheckConstraint(f"way IN ({', '.join(repr(w) for w in CONTACT_MODES)})", name='ck_grid_contact_way'),
        sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_grid_contact_grid_day', 'grid_contact', ['grid_id', 'day'])
    op.create_index('ix_grid_contact_deputy_id', 'grid_contact', ['deputy_id'])


def downgrade() -> None:
    op.drop_table('grid_contact')
    op.drop_table('grid_deputy')
    op.drop_table('grid')
