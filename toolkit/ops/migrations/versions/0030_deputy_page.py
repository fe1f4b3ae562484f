"""代表个人页面: on PostgreSQL the public pages read a deputy's own opinions only through a checking
function keyed by their personal link's hash (number, day, channel, category, state, limit)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-08 03:00:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0030'
down_revision: Union[str, Sequence[str], None] = '0029'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SIGNATURE = "public_deputy_cases(text, integer)"
BODY = """
CREATE OR REPLACE FUNCTION public_deputy_cases(h text, shown integer) RETURNS TABLE (number text, received_on date,
  channel text, category text, state text, deadline date, total bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH mine AS (SELECT l.deputy_id FROM personal_link l
                WHERE l.token_hash = h AND l.revoked_at IS NULL AND l.expires_at > localtimestamp AND l.holder = 'deputy')
  SELECT c.number::text, c.received_on, c.channel::text, c.category::text, c.state::text, c.deadline,
         count(*) OVER ()
  FROM citizen_case c JOIN mine ON c.deputy_id = mine.deputy_id
  ORDER BY c.received_at DESC, c.id DESC
  LIMIT shown
$$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return          # SQLite has no accounts: the Python services are the whole line there
    op.execute(BODY)
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
