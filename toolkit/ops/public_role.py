"""The public instance's PostgreSQL account: it may add what the public pages add, and nothing else.

The public pages (QR intake, the case lookup and rating, the evaluation kiosk, the ballot page) face the internet; if their
server is ever taken over, its database account still cannot read a citizen's phone number,
change a case, a deputy or a user, or delete anything. Each page's needs are listed here as
data, so a reviewer reads in one place what the public can touch; the grants test proves each
page works with exactly these and that the rest is refused.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Engine

from ..cases.lookup import PUBLIC_COLUMNS
from ..core.errors import ToolkitError
from .all_models import METADATA

# table: privileges; a list in parentheses limits a privilege to those columns.
_SHOWN = {"deputy": "SELECT (id, name, station_id, qr_token)", "station": "SELECT (id, name, parent_id, kind, closed_on)",
          "app_setting": "SELECT"}
# Audit rows without the actor column: the column's default names the public; no other actor can be written.
AUDIT = "INSERT (at, entity, entity_id, action, before, after)"
LOOKUP_READS = [column.expression.name for column in PUBLIC_COLUMNS]
GRANTS: dict[str, dict[str, str]] = {
    # 扫码留言: who the code names, the flood limits' counts, then the case, its first event, its
    # number, and the receipt's lookup code (a keyed hash).
    "intake": {**_SHOWN,
               "citizen_case": "INSERT, SELECT (id, number, channel, received_at, deputy_id, intake_client, version), "
                               "UPDATE (lookup_hash)",
               "case_event": "INSERT", "case_counter": "SELECT, INSERT, UPDATE", "audit_log": AUDIT},
    # 办理进度查询 and 评价: the case without its citizen (the phone's last four are compared by the
    # database), its stages and handling unit, the failed tries per client, then the evaluate step.
    "lookup": {"app_setting": "SELECT", "department": "SELECT (id, name)",
               "citizen_case": f"SELECT ({', '.join(LOOKUP_READS)}), "
                               "UPDATE (state, rating, rounds, answered_on, days_to_answer, version)",
               "case_event": "SELECT (id, case_id, at, action, to_state, note), INSERT",
               "lookup_attempt": "SELECT, INSERT", "function case_phone_tail_is(integer, text)": "EXECUTE",
               "audit_log": AUDIT},
    # 满意度测评: the round, its targets and items, the code, which targets it has rated (not how), the
    # answer (unique per code) and its scores.
    "kiosk": {**_SHOWN, "eval_round": "SELECT", "eval_item": "SELECT", "eval_target": "SELECT",
              "eval_code": "SELECT (id, round_id, code_hash)",
              "eval_response": "SELECT (id, round_id, target_id, respondent, replaced_at), INSERT", "eval_score": "INSERT",
              "seat": "SELECT (id, deputy_id, level)", "audit_log": AUDIT},
    # 投票: the vote and its candidates, the code's register line (marked used), the sealed ballot.
    # The box is resealed by a SECURITY DEFINER function: the account may not DELETE ballots.
    "ballot": {**_SHOWN, "vote": "SELECT", "vote_candidate": "SELECT",
               "vote_register": "SELECT (id, vote_id, deputy_id, code_hash, voted), UPDATE (voted)",
               "ballot_box": "INSERT", "function ballot_box_reseal(integer)": "EXECUTE", "audit_log": AUDIT},
}
PAGES = tuple(GRANTS)
# Column grants cannot say which rows or which changes: a trigger lets the public account make
# only the two updates its pages make — the receipt's lookup code on a case that has none, and a
# citizen's rating of an answered case (满意 → evaluated, 不满意 → back to in_progress).
GUARD = """CREATE OR REPLACE FUNCTION citizen_case_public_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = TG_ARGV[0] AND NOT (
       (OLD.state = 'answered' AND NEW.state IN ('evaluated', 'in_progress') AND NEW.lookup_hash IS NOT DISTINCT FROM OLD.lookup_hash)
    OR (OLD.lookup_hash IS NULL AND NEW.lookup_hash IS NOT NULL
        AND (NEW.state, NEW.rating, NEW.rounds, NEW.answered_on, NEW.days_to_answer, NEW.version)
            IS NOT DISTINCT FROM (OLD.state, OLD.rating, OLD.rounds, OLD.answered_on, OLD.days_to_answer, OLD.version))) THEN
    RAISE EXCEPTION 'permission denied: the public account may only rate an answered case or set a new lookup code'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grants_for(pages: tuple[str, ...] = PAGES) -> dict[str, list[str]]:
    """Table → privileges for the pages served (their union)."""
    out: dict[str, list[str]] = {}
    for page in pages:
        if page not in GRANTS:
            raise ToolkitError(f"没有名为「{page}」的公开页面（可选：{'、'.join(PAGES)}）")
        for table, privileges in GRANTS[page].items():
            wanted = re.split(r",\s*(?![^()]*\))", privileges)
            if any(p.startswith("INSERT") for p in wanted) and table in METADATA.tables and "id" in METADATA.tables[table].c:
                wanted.append("SELECT (id)")   # an insert reads its new id back (RETURNING id)
            for p in wanted:
                if p not in out.setdefault(table, []):
                    out[table].append(p)
    return out


def statements(role: str, pages: tuple[str, ...] = PAGES, password: str | None = None) -> list[str]:
    """The SQL that makes `role` the public account: created if missing, everything revoked, then
    only the listed grants (and the id sequences of the tables it inserts into)."""
    if not _NAME.match(role):
        raise ToolkitError(f"数据库账号名「{role}」不合规：须为小写字母、数字或下划线")
    login = f" PASSWORD '{password.replace(chr(39), chr(39) * 2)}'" if password else ""
    out = [f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
           f"THEN CREATE ROLE {role} LOGIN; END IF; END $$",
           f"ALTER ROLE {role} LOGIN{login}",
           f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
           f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
           f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {role}",
           f"GRANT USAGE ON SCHEMA public TO {role}"]
    grants = grants_for(pages)
    for table, privileges in grants.items():
        out += [f"GRANT {p} ON {table} TO {role}" for p in privileges]
        if any(p.startswith("INSERT") for p in privileges) and table in METADATA.tables and "id" in METADATA.tables[table].c:
            out.append(f"DO $$ BEGIN EXECUTE 'GRANT USAGE ON SEQUENCE ' || "
                       f"pg_get_serial_sequence('{table}', 'id') || ' TO {role}'; END $$")
    out += [GUARD, f"DROP TRIGGER IF EXISTS citizen_case_guard_{role} ON citizen_case"]
    if any(p.startswith("UPDATE") for p in grants.get("citizen_case", ())):
        out.append(f"CREATE TRIGGER citizen_case_guard_{role} BEFORE UPDATE ON citizen_case FOR EACH ROW "
                   f"EXECUTE FUNCTION citizen_case_public_guard('{role}')")
    return out


def apply(engine: Engine, role: str, pages: tuple[str, ...] = PAGES, password: str | None = None) -> int:
    """Make `role` the public account on this PostgreSQL database; returns the grants made."""
    if engine.dialect.name != "postgresql":
        raise ToolkitError("公开服务的受限数据库账号只在 PostgreSQL 上设置（SQLite 没有账号）")
    sql = statements(role, pages, password)
    with engine.begin() as c:
        for statement in sql:
            c.execute(text(statement))
    return sum(s.startswith("GRANT") and " ON SCHEMA " not in s for s in sql)
