"""代表小组: deputy groups by township or by field, with a leader and members across levels; an
activity may be a group's

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-08 02:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0028'
down_revision: Union[str, Sequence[str], None] = '0027'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GROUP_KINDS = ("township", "field")       # frozen copy of the glossary's kinds


def upgrade() -> None:
    op.create_table(
        'deputy_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=60), nullable=True),
        sa.Column('leader_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.CheckConstraint(f"kind IN ({', '.join(repr(k) for k in GROUP_KINDS)})", name='ck_deputy_group_kind'),
        sa.CheckConstraint('length(name) > 0', name='ck_deputy_group_name'),
        sa.ForeignKeyConstraint(['station_id'], ['station.id']),
        sa.ForeignKeyConstraint(['leader_id'], ['deputy.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('station_id', 'name', name='uq_deputy_group_station_name'),
    )
    op.create_index('ix_deputy_group_station_id', 'deputy_group', ['station_id'])
    op.create_table(
        'deputy_group_member',
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('deputy_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['deputy_group.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('group_id', 'deputy_id'),
    )
    op.create_index('ix_deputy_group_member_deputy_id', 'deputy_group_member', ['deputy_id'])
    with op.batch_alter_table('activity') as batch:
        batch.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_activity_group', 'deputy_group', ['group_id'], ['id'], ondelete='SET NULL')
    op.create_index('ix_activity_group_id', 'activity', ['group_id'])


def downgrade() -> None:
    op.drop_index('ix_activity_group_id', table_name='activity')
    with op.batch_alter_table('activity') as batch:
        batch.drop_constraint('fk_activity_group', type_='foreignkey')
        batch.drop_column('group_id')
    op.drop_table('deputy_group_member')
    op.drop_table('deputy_group')
