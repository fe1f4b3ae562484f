"""The public instance's PostgreSQL account: it may add what the public pages add, and nothing else.

The public pages (QR intake, the case lookup and rating, the evaluation kiosk, the ballot page) face the internet; if their
server is ever taken over, its database account still cannot read a citizen's phone number,
change a case, a deputy or a user, or delete anything. Each page's needs are listed here as
data, so a reviewer reads in one place what the public can touch; the grants test proves each
page works with exactly these and that the rest is refused.
"""
from __future__ import annotations

import re

from sqlalchemy.engine import Engine

from ..cases.lookup import PUBLIC_COLUMNS
from ..core.errors import ToolkitError
from ..suggestions.confirm import PUBLIC_SUGGESTION_COLUMNS
from .all_models import METADATA
from .db_accounts import account_statements, run

# table: privileges; a list in parentheses limits a privilege to those columns.
_SHOWN = {"deputy": "SELECT (id, name, station_id, qr_token)", "station": "SELECT (id, name, parent_id, kind, closed_on)",
          "app_setting": "SELECT"}
# Audit rows without the actor column: the column's default names the public; no other actor can be written.
AUDIT = "INSERT (at, entity, entity_id, action, before, after)"
LOOKUP_READS = [column.expression.name for column in PUBLIC_COLUMNS]
SUGGESTION_READS = [column.expression.name for column in PUBLIC_SUGGESTION_COLUMNS]
GRANTS: dict[str, dict[str, str]] = {
    # 扫码留言: who the code names, the flood limits' counts, then the case, its number, and the
    # receipt's lookup code (a keyed hash); its first step on the timeline by a checking function.
    "intake": {**_SHOWN,
               "citizen_case": "INSERT, SELECT (id, number, channel, received_at, deputy_id, point_id, intake_client, intake_address, intake_key, version), "
                               "UPDATE (lookup_hash)",
               "function public_collect_event(integer)": "EXECUTE",
               # 流动联络站: what its code names, and its days (an opinion is taken only while it is open)
               "mobile_point": "SELECT (id, name, place, station_id, opens_on, closes_on, hours, qr_token)",
               "case_counter": "SELECT, INSERT, UPDATE", "audit_log": AUDIT},
    # 办理进度查询 and 评价: the case without its citizen, its stages (not their notes) and handling
    # unit, the failed tries per client and per case. The database compares the phone's last four
    # and the lookup code (no hash is readable), gives the answer's text to a proven pair only, and
    # makes the evaluate step itself.
    "lookup": {"app_setting": "SELECT", "department": "SELECT (id, name)",
               "citizen_case": f"SELECT ({', '.join(LOOKUP_READS)})",
               "case_event": "SELECT (id, case_id, at, action)",
               "lookup_attempt": "SELECT, INSERT", "function case_phone_tail_is(integer, text)": "EXECUTE",
               "function case_lookup_is(integer, text)": "EXECUTE",
               "function public_case_answer(integer, text, text)": "EXECUTE",
               "function public_case_deputy_reply(integer, text, text)": "EXECUTE",
               "function public_rate_case(integer, text, text, text, timestamp without time zone)": "EXECUTE",
               # the 代表建议 a case grew into, and the citizen's word on it through a checking function
               "suggestion": f"SELECT ({', '.join(SUGGESTION_READS)})",
               "suggestion_case": "SELECT (suggestion_id, case_id, confirmation)",
               "function public_confirm_suggestion(integer, text, text, timestamp without time zone)": "EXECUTE",
               "audit_log": AUDIT},
    # 满意度测评: the round, its targets and items; what a code has rated (not how) and its answer
    # with scores by checking functions: the account reads no code hash and writes no answer itself.
    "kiosk": {**_SHOWN, "eval_round": "SELECT", "eval_item": "SELECT", "eval_target": "SELECT",
              "function public_kiosk_rated(integer, text)": "EXECUTE",
              "function public_kiosk_answer(integer, integer, text, text, text, text, timestamp without time zone)":
                  "EXECUTE",
              "audit_log": AUDIT},
    # 投票: the vote and its candidates; the code's register line and the cast by checking functions
    # (the code spent, the ballot in the box, the box resealed): the account reads no code hash and
    # may neither mark a register line nor add to the box itself.
    "ballot": {**_SHOWN, "vote": "SELECT", "vote_candidate": "SELECT",
               "function public_ballot_line(text)": "EXECUTE", "function public_cast_ballot(text, text)": "EXECUTE",
               "audit_log": AUDIT},
    # 找联络站: the open stations' public facts (no phone, no head) and who is on duty when.
    "stations": {"station": "SELECT (id, name, parent_id, kind, closed_on, address, reception_days, longitude, latitude)",
                 "rota_turn": "SELECT (station_id, day, deputy_id)", "deputy": "SELECT (id, name, stroke_key)",
                 "mobile_point": "SELECT (id, name, place, opens_on, closes_on, hours)",
                 "mobile_point_deputy": "SELECT (point_id, deputy_id)"},
    # 网格员: the link checked, the worker's grids and hand-offs read, by checking functions keyed by the
    # link's hash (no grid, no worker's mobile readable); the hand-off taken in as an opinion is.
    "grid": {**_SHOWN, "calendar_day": "SELECT", "lookup_attempt": "SELECT, INSERT",
             "citizen_case": "INSERT, SELECT (id, number, channel, received_at, deputy_id, version)",
             "function public_collect_event(integer)": "EXECUTE", "case_counter": "SELECT, INSERT, UPDATE",
             "function public_link_holder(text)": "EXECUTE", "function public_worker_grids(text)": "EXECUTE",
             "function public_worker_handoffs(text, date)": "EXECUTE", "audit_log": AUDIT},
    # 代表个人页面: the link checked, the deputy's name and station, their opinions by a checking function
    # keyed by the link's hash (number, day, channel, category, state, limit: no citizen, no text).
    "deputy": {**_SHOWN, "lookup_attempt": "SELECT, INSERT", "function public_link_holder(text)": "EXECUTE",
               "function public_deputy_suggestions(text, integer)": "EXECUTE",
               "function public_deputy_cases(text, integer)": "EXECUTE",
               "function public_deputy_case(text, text)": "EXECUTE",
               "function public_deputy_case_events(text, text)": "EXECUTE",
               "function public_deputy_reply(text, text, text, boolean, timestamp without time zone)": "EXECUTE"},
    # 代表履职公开页: who the QR token names, their levels, station and grids, whether their county shows the
    # page, and their opinions only as counts by a checking function.
    "record": {**_SHOWN, "station": "SELECT (id, name, parent_id, kind, closed_on, reception_days)",
               "seat": "SELECT (deputy_id, level)", "grid": "SELECT (id, name)", "grid_deputy": "SELECT",
               "deputy_page_off": "SELECT", "function public_deputy_record(text, date)": "EXECUTE"},
}
PAGES = tuple(GRANTS)
# Column grants cannot say which rows or which changes: a trigger lets the public account make
# only the one update its pages make itself — the receipt's lookup code on a case that has none
# (the rating is made by public_rate_case, as the function's owner).
GUARD = """CREATE OR REPLACE FUNCTION citizen_case_public_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = TG_ARGV[0] AND NOT (
       OLD.lookup_hash IS NULL AND NEW.lookup_hash IS NOT NULL
        AND (NEW.state, NEW.rating, NEW.rounds, NEW.answered_on, NEW.days_to_answer, NEW.version)
            IS NOT DISTINCT FROM (OLD.state, OLD.rating, OLD.rounds, OLD.answered_on, OLD.days_to_answer, OLD.version)) THEN
    RAISE EXCEPTION 'permission denied: the public account may only set a new lookup code'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""


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
    out = account_statements(role, password) + [f"GRANT USAGE ON SCHEMA public TO {role}"]
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
    sql = statements(role, pages, password)
    run(engine, sql, "公开服务的受限数据库账号只在 PostgreSQL 上设置（SQLite 没有账号）")
    return sum(s.startswith("GRANT") and " ON SCHEMA " not in s for s in sql)
