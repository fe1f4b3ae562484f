"""case figures covering index

The figures page counts every case by station (and month): an index holding every column those
counts read lets the database scan the index instead of the wide case rows (content, place…),
in station order. SQLite keys it by month too, in the spelling toolkit.core.sql_dates.year_month
compiles to, so station × month is grouped in index order; PostgreSQL cannot index to_char (not
immutable) and hashes the groups.

SQLAlchemy does not reflect SQLite expression indexes: a later batch migration that copies
citizen_case on SQLite must create this index again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 11:40:00

"""
from typing import Sequence, Union

from alembic import op


revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COUNTED = "state, rating, deadline, days_to_answer"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX ix_case_figures ON citizen_case "
                   f"(station_id, substr(received_on, 1, 7), received_on, {COUNTED})")
    else:
        op.execute(f"CREATE INDEX ix_case_figures ON citizen_case (station_id, received_on, {COUNTED})")


def downgrade() -> None:
    op.execute("DROP INDEX ix_case_figures")
