"""the analyst role (分析员): reads within a scope, personal data masked, never writes

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 12:30:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0017'
down_revision: Union[str, Sequence[str], None] = '0016'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BEFORE = "role IN ('city_admin', 'county_admin', 'station_staff', 'department', 'deputy', 'public')"
AFTER = "role IN ('city_admin', 'county_admin', 'station_staff', 'department', 'deputy', 'public', 'analyst')"


def _role_check(condition: str) -> None:
    # SQLite cannot alter a CHECK: batch mode copies the table (PostgreSQL alters it in place).
    with op.batch_alter_table('app_user') as b:
        b.drop_constraint('ck_app_user_role', type_='check')
        b.create_check_constraint('ck_app_user_role', condition)


def upgrade() -> None:
    _role_check(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM app_user WHERE role = 'analyst'")
    _role_check(BEFORE)
