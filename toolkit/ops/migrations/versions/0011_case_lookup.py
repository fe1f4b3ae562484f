"""case lookup: the receipt's lookup code (kept as a keyed hash) and the failed lookups per client

- citizen_case.lookup_hash: toolkit.core.keys.keyed_hash("lookup", code) of the code the receipt
  showed; the code itself is never stored.
- lookup_attempt: one row per failed lookup (client key, time), so guessing case numbers is
  limited per client and hour by the database, on every worker alike.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 07:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Plain ALTER TABLE on both back-ends (SQLite 3.35+ drops columns too): a batch copy of the
    # table would lose the figures' expression index (0009), which SQLAlchemy cannot reflect.
    op.add_column('citizen_case', sa.Column('lookup_hash', sa.String(length=64), nullable=True))
    op.create_table(
        'lookup_attempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_key', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_lookup_attempt_client_at', 'lookup_attempt', ['client_key', 'at'])


def downgrade() -> None:
    op.drop_index('ix_lookup_attempt_client_at', table_name='lookup_attempt')
    op.drop_table('lookup_attempt')
    op.drop_column('citizen_case', 'lookup_hash')
