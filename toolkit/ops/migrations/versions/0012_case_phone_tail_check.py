"""case lookup on PostgreSQL: the database compares a phone's last four digits

The public pages' account may not read citizens' phone numbers, yet a citizen proves a lookup
with the last four digits of the phone they gave. On PostgreSQL a SECURITY DEFINER function
`case_phone_tail_is(case, digits)` answers yes or no without handing the number out; SQLite has
no accounts and compares in Python (toolkit.cases.lookup).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 09:00:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

PHONE_TAIL_IS = """
CREATE OR REPLACE FUNCTION case_phone_tail_is(c integer, digits text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(bool_or(length(d) >= 4 AND right(d, 4) = digits), false)
  FROM (SELECT regexp_replace(coalesce(citizen_phone, ''), '[^0-9]', '', 'g') AS d
        FROM citizen_case WHERE id = c) AS p
$$"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PHONE_TAIL_IS)
        op.execute("REVOKE ALL ON FUNCTION case_phone_tail_is(integer, text) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS case_phone_tail_is(integer, text)")
