"""lookup_attempt.case_number: failed lookups are limited per case as well as per client

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 12:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0019'
down_revision: Union[str, Sequence[str], None] = '0018'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('lookup_attempt', sa.Column('case_number', sa.String(length=40), nullable=True))
    op.create_index('ix_lookup_attempt_case_at', 'lookup_attempt', ['case_number', 'at'])


def downgrade() -> None:
    op.drop_index('ix_lookup_attempt_case_at', table_name='lookup_attempt')
    with op.batch_alter_table('lookup_attempt') as b:
        b.drop_column('case_number')
