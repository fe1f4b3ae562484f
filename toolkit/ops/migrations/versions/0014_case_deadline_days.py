"""working-day deadlines: citizen_case.deadline_days, the working days a rule counted the deadline
from (NULL when staff chose the date by hand), so a calendar change can move it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 10:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Plain ALTER TABLE (a batch copy would lose the figures' expression index of 0009).
    op.add_column('citizen_case', sa.Column('deadline_days', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('citizen_case', 'deadline_days')
