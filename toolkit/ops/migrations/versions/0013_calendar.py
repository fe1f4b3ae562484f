"""the holiday calendar (工作日): holidays and make-up working days, seeded from chinesecalendar

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 10:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    table = op.create_table(
        'calendar_day',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.CheckConstraint("kind IN ('holiday', 'workday')", name='ck_calendar_day_kind'),
        sa.PrimaryKeyConstraint('day'),
    )
    # The years the chinesecalendar package knows; later years are entered or imported by the city.
    from toolkit.core.workdays import seed_rows
    op.bulk_insert(table, seed_rows())


def downgrade() -> None:
    op.drop_table('calendar_day')
