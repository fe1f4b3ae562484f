"""我的建议: on PostgreSQL the deputy's own page reads the suggestions the deputy leads or co-signs only
through a checking function keyed by their personal link

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-08 04:30:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0033'
down_revision: Union[str, Sequence[str], None] = '0032'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SIGNATURE = "public_deputy_suggestions(text, integer)"
BODY = """
CREATE OR REPLACE FUNCTION public_deputy_suggestions(h text, shown integer) RETURNS TABLE (number text, title text,
  lead boolean, proposed_on date, assigned_on date, answer_due date, answered_on date, answer_class text, done_on date,
  deputy_opinion text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH mine AS (SELECT l.deputy_id FROM personal_link l
                WHERE l.token_hash = h AND l.revoked_at IS NULL AND l.expires_at > localtimestamp AND l.holder = 'deputy')
  SELECT s.number::text, s.title::text, s.lead_deputy_id = mine.deputy_id, s.proposed_on, s.assigned_on, s.answer_due,
         s.answered_on, s.answer_class::text, s.done_on, s.deputy_opinion::text
  FROM suggestion s, mine
  WHERE s.lead_deputy_id = mine.deputy_id
     OR s.id IN (SELECT c.suggestion_id FROM suggestion_cosigner c WHERE c.deputy_id = mine.deputy_id)
  ORDER BY s.proposed_on DESC, s.id DESC
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
