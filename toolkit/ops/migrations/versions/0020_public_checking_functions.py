"""the public account acts through checking functions (PostgreSQL)

The public pages' database account had INSERT on case_event (a forged official answer reached the
staff timeline and the citizen's page), read case_event.note and the code hashes of the register,
and could UPDATE vote_register / INSERT into ballot_box directly (it filled the box for every
unused code). Its writes now go through SECURITY DEFINER functions that check what the page
checks, and it reads no hash it could replay:

- case_lookup_is(case, hash): whether a lookup code's keyed hash is the case's (the hash itself
  is no longer readable);
- public_case_answer(case, hash, digits): the answer's text, only for a proven pair;
- public_rate_case(case, hash, rating, note, at): the citizen's 评价 with the lookup code, the
  case's own evaluate step (不满意 back to in_progress, a second round), audited;
- public_collect_event(case): the first step of an opinion just taken in, once;
- public_ballot_line(hash) and public_cast_ballot(hash, marks): the register line of a voting
  code, and a ballot into the box with the code spent, the box resealed;
- public_kiosk_rated(round, hash) and public_kiosk_answer(...): what an evaluation code has rated,
  and one answer by it (a single case rated there takes its own evaluate step).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 13:00:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = '0020'
down_revision: Union[str, Sequence[str], None] = '0019'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen copies of the words the Python side writes (a migration keeps what it made when it ran).
CITIZEN, QR_ACTOR = "群众（查询页）", "群众（二维码）"
CHANNELS = {"reception": "站内接待", "visit": "走访", "qr": "二维码", "book": "民情收集簿", "hotline": "12345人大代表通道"}
CHANNEL_CASES = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in CHANNELS.items())
KIOSK_ACTOR = "满意度测评（code）"
LOCK_SPACE = 0x6C7A0000          # toolkit.projects.ballots._LOCK_SPACE

FUNCTIONS = {
    "case_lookup_is(integer, text)": """
CREATE OR REPLACE FUNCTION case_lookup_is(c integer, h text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(bool_or(lookup_hash IS NOT NULL AND lookup_hash = h), false) FROM citizen_case WHERE id = c
$$""",
    "public_case_answer(integer, text, text)": """
CREATE OR REPLACE FUNCTION public_case_answer(c integer, h text, digits text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT e.note FROM case_event e JOIN citizen_case k ON k.id = e.case_id
  WHERE e.case_id = c AND e.action IN ('answer', 'resolve_on_site') AND e.note IS NOT NULL AND e.note <> ''
    AND k.state IN ('answered', 'evaluated', 'concluded')
    AND ((h IS NOT NULL AND case_lookup_is(c, h)) OR (digits ~ '^[0-9]{4}$' AND case_phone_tail_is(c, digits)))
  ORDER BY e.at DESC, e.id DESC LIMIT 1
$$""",
    # Not granted to anyone: the evaluate step both checking functions below make.
    "case_evaluate_step(integer, text, text, timestamp without time zone, text)": """
CREATE OR REPLACE FUNCTION case_evaluate_step(c integer, rating text, note text, at timestamp, actor text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE k citizen_case%ROWTYPE; target text; said text;
BEGIN
  SELECT * INTO k FROM citizen_case WHERE id = c FOR UPDATE;
  IF NOT FOUND OR k.state <> 'answered' THEN
    RAISE EXCEPTION 'only an answered case is rated' USING ERRCODE = 'P0001';
  END IF;
  IF rating IS NULL OR rating NOT IN ('满意', '基本满意', '不满意') THEN
    RAISE EXCEPTION 'not a rating' USING ERRCODE = '22023';
  END IF;
  said := '评价：' || rating || CASE WHEN rating = '不满意' THEN '，退回二次办理' ELSE '' END
          || CASE WHEN btrim(coalesce(note, '')) <> '' THEN '；' || btrim(note) ELSE '' END;
  IF rating = '不满意' THEN        -- back for a second round of handling (二次办理), as act() does
    target := 'in_progress';
    UPDATE citizen_case SET state = target, rating = case_evaluate_step.rating, rounds = rounds + 1,
           answered_on = NULL, days_to_answer = NULL, version = version + 1 WHERE id = c;
  ELSE
    target := 'evaluated';
    UPDATE citizen_case SET state = target, rating = case_evaluate_step.rating, version = version + 1 WHERE id = c;
  END IF;
  INSERT INTO case_event (case_id, at, actor, action, from_state, to_state, note)
  VALUES (c, at, actor, CASE WHEN rating = '不满意' THEN 'reopen' ELSE 'evaluate' END, 'answered', target, said);
  INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
  VALUES (localtimestamp, 'public', 'citizen_case', c, 'update',
          jsonb_build_object('state', k.state, 'rating', k.rating, 'rounds', k.rounds)::text,
          jsonb_build_object('state', target, 'rating', rating,
                             'rounds', k.rounds + CASE WHEN rating = '不满意' THEN 1 ELSE 0 END)::text);
  RETURN target;
END $$""",
    "public_rate_case(integer, text, text, text, timestamp without time zone)": f"""
CREATE OR REPLACE FUNCTION public_rate_case(c integer, h text, rating text, note text, at timestamp)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF h IS NULL OR NOT case_lookup_is(c, h) THEN
    RAISE EXCEPTION 'permission denied: the lookup code does not match' USING ERRCODE = '42501';
  END IF;
  IF char_length(coalesce(note, '')) > 520 THEN
    RAISE EXCEPTION 'note too long' USING ERRCODE = '22001';
  END IF;
  RETURN case_evaluate_step(c, rating, note, at, '{CITIZEN}');
END $$""",
    "public_kiosk_rated(integer, text)": """
CREATE OR REPLACE FUNCTION public_kiosk_rated(r integer, h text) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT CASE WHEN EXISTS (SELECT 1 FROM eval_code WHERE round_id = r AND code_hash = h)
         THEN coalesce((SELECT array_agg(target_id ORDER BY target_id) FROM eval_response
                        WHERE round_id = r AND respondent = 'code:' || h AND replaced_at IS NULL), '{}')
         END
$$""",
    "public_kiosk_answer(integer, integer, text, text, text, text, timestamp without time zone)": f"""
CREATE OR REPLACE FUNCTION public_kiosk_answer(r integer, t integer, h text, verdict text, scores text,
                                               comment text, at timestamp)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE rnd eval_round%ROWTYPE; tgt eval_target%ROWTYPE; s jsonb; answer_id integer;
BEGIN
  SELECT * INTO rnd FROM eval_round WHERE id = r;
  IF NOT FOUND OR rnd.closed_at IS NOT NULL OR at::date < rnd.opens_on OR at::date > rnd.closes_on
     OR rnd.rater_kind NOT IN ('citizens', 'committee') THEN
    RAISE EXCEPTION 'the round takes no answers by code now' USING ERRCODE = 'P0001';
  END IF;
  IF h IS NULL OR NOT EXISTS (SELECT 1 FROM eval_code WHERE round_id = r AND code_hash = h) THEN
    RAISE EXCEPTION 'permission denied: no such evaluation code' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO tgt FROM eval_target WHERE id = t AND round_id = r;
  IF NOT FOUND OR verdict IS NULL OR verdict NOT IN ('满意', '基本满意', '不满意', '弃权') THEN
    RAISE EXCEPTION 'not an answer of this round' USING ERRCODE = '22023';
  END IF;
  s := coalesce(scores, '{{}}')::jsonb;
  IF jsonb_typeof(s) <> 'object' OR EXISTS (
       SELECT 1 FROM jsonb_each(s) AS e
       WHERE e.key !~ '^[0-9]{{1,9}}$' OR jsonb_typeof(e.value) <> 'number' OR (e.value #>> '{{}}') !~ '^[1-5]$'
          OR NOT EXISTS (SELECT 1 FROM eval_item i WHERE i.round_id = r AND i.id = e.key::integer)) THEN
    RAISE EXCEPTION 'not a score of this round' USING ERRCODE = '22023';
  END IF;
  INSERT INTO eval_response (round_id, target_id, respondent, verdict, comment, submitted_at)
  VALUES (r, t, 'code:' || h, verdict,
          CASE WHEN rnd.with_comment THEN nullif(left(btrim(coalesce(comment, '')), 1000), '') END, at)
  RETURNING id INTO answer_id;          -- the unique index refuses a second answer for the target
  INSERT INTO eval_score (response_id, item_id, score)
  SELECT answer_id, e.key::integer, (e.value #>> '{{}}')::integer FROM jsonb_each(s) AS e;
  IF tgt.case_id IS NOT NULL AND verdict <> '弃权'
     AND EXISTS (SELECT 1 FROM citizen_case WHERE id = tgt.case_id AND state = 'answered') THEN
    PERFORM case_evaluate_step(tgt.case_id, verdict, '', at, '{KIOSK_ACTOR}');
  END IF;
  RETURN answer_id;
END $$""",
    "public_collect_event(integer)": f"""
CREATE OR REPLACE FUNCTION public_collect_event(c integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE k citizen_case%ROWTYPE;
BEGIN
  SELECT * INTO k FROM citizen_case WHERE id = c;
  IF NOT FOUND OR k.state <> 'collected' OR EXISTS (SELECT 1 FROM case_event WHERE case_id = c) THEN
    RAISE EXCEPTION 'permission denied: only the first step of an opinion just taken in' USING ERRCODE = '42501';
  END IF;
  INSERT INTO case_event (case_id, at, actor, action, from_state, to_state, note)
  VALUES (c, k.received_at, CASE WHEN k.channel = 'qr' THEN '{QR_ACTOR}' ELSE '群众' END, 'collect', NULL, 'collected',
          '渠道：' || CASE k.channel {CHANNEL_CASES} ELSE k.channel END);
END $$""",
    "public_ballot_line(text)": """
CREATE OR REPLACE FUNCTION public_ballot_line(h text, OUT line_id integer, OUT vote_id integer, OUT voted boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT r.id, r.vote_id, r.voted FROM vote_register r WHERE r.code_hash = h
$$""",
    "public_cast_ballot(text, text)": f"""
CREATE OR REPLACE FUNCTION public_cast_ballot(h text, marks text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE line vote_register%ROWTYPE; v vote%ROWTYPE; m jsonb; receipt text;
BEGIN
  SELECT * INTO line FROM vote_register r WHERE r.code_hash = h;
  IF NOT FOUND OR h IS NULL THEN
    RAISE EXCEPTION 'permission denied: no such voting code' USING ERRCODE = '42501';
  END IF;
  PERFORM pg_advisory_xact_lock({LOCK_SPACE} + line.vote_id);
  SELECT * INTO v FROM vote WHERE id = line.vote_id;
  IF v.state <> 'open' THEN
    RAISE EXCEPTION 'the vote is not open' USING ERRCODE = 'P0001';
  END IF;
  IF (SELECT r.voted FROM vote_register r WHERE r.id = line.id) THEN
    RAISE EXCEPTION 'this code has voted' USING ERRCODE = 'P0001';
  END IF;
  m := marks::jsonb;
  IF jsonb_typeof(m) <> 'object'
     OR (SELECT coalesce(array_agg(k ORDER BY k), '{{}}') FROM jsonb_object_keys(m) AS k)
        IS DISTINCT FROM (SELECT coalesce(array_agg(name::text ORDER BY name::text), '{{}}') FROM vote_candidate WHERE vote_id = v.id)
     OR EXISTS (SELECT 1 FROM jsonb_each(m) AS e WHERE jsonb_typeof(e.value) <> 'string'
                OR e.value #>> '{{}}' NOT IN (SELECT unnest(CASE WHEN v.form = 'itemised'
                                                              THEN ARRAY['赞成', '反对', '弃权', '']
                                                              ELSE ARRAY['√', '✓', '✔', '1', ''] END))) THEN
    RAISE EXCEPTION 'not a ballot of this vote' USING ERRCODE = '22023';
  END IF;
  UPDATE vote_register SET voted = (voted OR id = line.id) WHERE vote_id = v.id;
  receipt := upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12));
  INSERT INTO ballot_box (receipt, vote_id, marks, paper) VALUES (receipt, v.id, marks, false);
  PERFORM ballot_box_reseal(v.id);
  RETURN receipt;
END $$""",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return          # SQLite has no accounts: the Python services are the whole line there
    for signature, body in FUNCTIONS.items():
        op.execute(body)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for signature in reversed(FUNCTIONS):
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")
