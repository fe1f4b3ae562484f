"""代表建议 handled in the product: the congress level it is made to (the answer's term per level), the timeline, the cases a suggestion grew from with each citizen's
confirmation, 重新办理 after 不满意, the evidence of 落实, a project proposal taken from a suggestion;
and the public lookup's checking function for the citizen's confirmation (PostgreSQL)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 21:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0024'
down_revision: Union[str, Sequence[str], None] = '0023'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen copies of the glossary's words (a migration keeps what it made when it ran).
ACTIONS = ('propose', 'link_case', 'assign', 'contact', 'co_opinion', 'answer', 'rate', 'reopen', 'done',
           'promise_late', 'to_project', 'confirm')
WORDS = ('已落实', '部分落实', '未落实')
LEVELS = ('province', 'city', 'county', 'township')
CITIZEN = '群众（查询页）'


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# The citizen's word on a suggestion their case grew into, with the lookup code (the hash, as
# public_rate_case takes it): only once the suggestion is answered A or its promise is kept.
CONFIRM = f"""
CREATE OR REPLACE FUNCTION public_confirm_suggestion(c integer, h text, word text, at timestamp) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE l suggestion_case%ROWTYPE; s suggestion%ROWTYPE;
BEGIN
  IF h IS NULL OR NOT case_lookup_is(c, h) THEN
    RAISE EXCEPTION 'not the case''s lookup code' USING ERRCODE = '42501';
  END IF;
  IF word IS NULL OR NOT ({_in('word', WORDS)}) THEN
    RAISE EXCEPTION 'not a confirmation' USING ERRCODE = '22023';
  END IF;
  SELECT * INTO l FROM suggestion_case WHERE case_id = c FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the case grew into no suggestion' USING ERRCODE = 'P0001';
  END IF;
  SELECT * INTO s FROM suggestion WHERE id = l.suggestion_id;
  IF NOT (s.answer_class = 'A' OR s.done_on IS NOT NULL) THEN
    RAISE EXCEPTION 'nothing is said to be done yet' USING ERRCODE = 'P0001';
  END IF;
  UPDATE suggestion_case SET confirmation = word, confirmed_at = at WHERE case_id = c;
  INSERT INTO suggestion_event (suggestion_id, at, actor, action, round, note)
  VALUES (s.id, at, '{CITIZEN}', 'confirm', s.rounds, '群众确认：' || word);
  INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
  VALUES (localtimestamp, 'public', 'suggestion_case', c, 'update',
          jsonb_build_object('confirmation', l.confirmation)::text, jsonb_build_object('confirmation', word)::text);
  RETURN word;
END $$"""


def upgrade() -> None:
    with op.batch_alter_table('suggestion') as batch:
        batch.add_column(sa.Column('rounds', sa.Integer(), nullable=False, server_default='1'))
        batch.add_column(sa.Column('reopened_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('reopen_due', sa.Date(), nullable=True))
        batch.add_column(sa.Column('reanswered_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('done_evidence', sa.Text(), nullable=True))
        batch.add_column(sa.Column('level', sa.String(length=10), nullable=False, server_default='county'))
        batch.create_check_constraint('ck_suggestion_level', _in('level', LEVELS))
        batch.create_check_constraint('ck_suggestion_reopened',
                                      "reopened_on IS NULL OR (coalesce(deputy_opinion, '') = '不满意' AND reopen_due IS NOT NULL)")
        batch.create_check_constraint('ck_suggestion_rounds', 'rounds >= 1')
    op.create_table(
        'suggestion_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('suggestion_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.CheckConstraint(_in('action', ACTIONS), name='ck_suggestion_event_action'),
        sa.ForeignKeyConstraint(['suggestion_id'], ['suggestion.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_suggestion_event_suggestion_id', 'suggestion_event', ['suggestion_id'])
    op.create_table(
        'suggestion_case',
        sa.Column('suggestion_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('confirmation', sa.String(length=10), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(f"confirmation IS NULL OR {_in('confirmation', WORDS)}", name='ck_suggestion_case_word'),
        sa.CheckConstraint('(confirmation IS NULL) = (confirmed_at IS NULL)', name='ck_suggestion_case_confirmed'),
        sa.ForeignKeyConstraint(['suggestion_id'], ['suggestion.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['case_id'], ['citizen_case.id']),
        sa.PrimaryKeyConstraint('suggestion_id', 'case_id'),
        sa.UniqueConstraint('case_id'),
    )
    with op.batch_alter_table('proposal') as batch:
        batch.add_column(sa.Column('suggestion_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_proposal_suggestion', 'suggestion', ['suggestion_id'], ['id'])
        batch.create_unique_constraint('uq_proposal_suggestion', ['suggestion_id'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(CONFIRM)
        op.execute("REVOKE ALL ON FUNCTION public_confirm_suggestion(integer, text, text, timestamp) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS public_confirm_suggestion(integer, text, text, timestamp)")
    with op.batch_alter_table('proposal') as batch:
        batch.drop_constraint('uq_proposal_suggestion', type_='unique')
        batch.drop_constraint('fk_proposal_suggestion', type_='foreignkey')
        batch.drop_column('suggestion_id')
    op.drop_table('suggestion_case')
    op.drop_index('ix_suggestion_event_suggestion_id', table_name='suggestion_event')
    op.drop_table('suggestion_event')
    with op.batch_alter_table('suggestion') as batch:
        batch.drop_constraint('ck_suggestion_level', type_='check')
        batch.drop_constraint('ck_suggestion_rounds', type_='check')
        batch.drop_constraint('ck_suggestion_reopened', type_='check')
        for column in ('level', 'done_evidence', 'reanswered_on', 'reopen_due', 'reopened_on', 'rounds'):
            batch.drop_column(column)
