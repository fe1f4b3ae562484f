"""代表回复 (首问负责): on PostgreSQL the public pages read a deputy's own case and its timeline, write the
deputy's reply or note, and show the citizen the deputy's latest reply, only through checking functions
(keyed by the deputy's link, or by the citizen's proof as public_case_answer is)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-08 03:30:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0031'
down_revision: Union[str, Sequence[str], None] = '0030'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

MINE = """(SELECT l.deputy_id FROM personal_link l WHERE l.token_hash = h AND l.revoked_at IS NULL
         AND l.expires_at > localtimestamp AND l.holder = 'deputy')"""
REPLY_LIMIT = 500
FUNCTIONS = {
    "public_deputy_case(text, text)": f"""
CREATE OR REPLACE FUNCTION public_deputy_case(h text, num text) RETURNS TABLE (number text, received_on date,
  category text, state text, deadline date, content text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.number::text, c.received_on, c.category::text, c.state::text, c.deadline, c.content
  FROM citizen_case c WHERE c.number = upper(btrim(num)) AND c.deputy_id = {MINE}
$$""",
    "public_deputy_case_events(text, text)": f"""
CREATE OR REPLACE FUNCTION public_deputy_case_events(h text, num text) RETURNS TABLE (at timestamp, action text, note text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT e.at, e.action::text,
         CASE WHEN e.action IN ('answer', 'resolve_on_site', 'deputy_reply', 'deputy_note') THEN e.note END
  FROM case_event e JOIN citizen_case c ON c.id = e.case_id
  WHERE c.number = upper(btrim(num)) AND c.deputy_id = {MINE}
  ORDER BY e.at, e.id
$$""",
    "public_deputy_reply(text, text, text, boolean, timestamp without time zone)": f"""
CREATE OR REPLACE FUNCTION public_deputy_reply(h text, num text, words text, private boolean, at timestamp)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE k citizen_case%ROWTYPE; who text; step text;
BEGIN
  SELECT * INTO k FROM citizen_case c WHERE c.number = upper(btrim(num)) AND c.deputy_id = {MINE};
  IF NOT FOUND THEN
    RAISE EXCEPTION 'permission denied: not a case of this link''s deputy' USING ERRCODE = '42501';
  END IF;
  IF words IS NULL OR btrim(words) = '' OR char_length(words) > {REPLY_LIMIT} THEN
    RAISE EXCEPTION 'a reply of 1 to {REPLY_LIMIT} characters' USING ERRCODE = '22023';
  END IF;
  SELECT left('代表：' || d.name, 50) INTO who FROM deputy d WHERE d.id = k.deputy_id;
  step := CASE WHEN private THEN 'deputy_note' ELSE 'deputy_reply' END;
  INSERT INTO case_event (case_id, at, actor, action, from_state, to_state, note)
  VALUES (k.id, at, who, step, k.state, k.state, words);
  INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
  VALUES (localtimestamp, 'public', 'case_event', k.id, 'insert', NULL, jsonb_build_object('action', step)::text);
END $$""",
    "public_case_deputy_reply(integer, text, text)": """
CREATE OR REPLACE FUNCTION public_case_deputy_reply(c integer, h text, digits text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT e.note FROM case_event e
  WHERE e.case_id = c AND e.action = 'deputy_reply'
    AND ((h IS NOT NULL AND case_lookup_is(c, h)) OR (digits ~ '^[0-9]{4}$' AND case_phone_tail_is(c, digits)))
  ORDER BY e.at DESC, e.id DESC LIMIT 1
$$""",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return          # SQLite has no accounts: the Python services are the whole line there
    for signature, body in FUNCTIONS.items():
        op.execute(body)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for signature in reversed(FUNCTIONS):
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
