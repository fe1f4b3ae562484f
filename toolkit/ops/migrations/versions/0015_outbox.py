"""notifications: the outbox, and where a department hears of its cases (e-mail, group robot)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 10:10:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: Union[str, Sequence[str], None] = '0014'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('recipient', sa.String(length=300), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('event', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_try_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.CheckConstraint("channel IN ('email', 'wecom', 'dingtalk')", name='ck_outbox_channel'),
        sa.CheckConstraint("state IN ('pending', 'sending', 'sent', 'failed', 'given_up')", name='ck_outbox_state'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    op.create_index('ix_outbox_state_next', 'outbox', ['state', 'next_try_at'])
    # Plain ALTER TABLE: department has no expression index, but keep to one way of adding columns.
    op.add_column('department', sa.Column('email', sa.String(length=120), nullable=True))
    op.add_column('department', sa.Column('robot_url', sa.String(length=300), nullable=True))


def downgrade() -> None:
    op.drop_column('department', 'robot_url')
    op.drop_column('department', 'email')
    op.drop_index('ix_outbox_state_next', table_name='outbox')
    op.drop_table('outbox')
