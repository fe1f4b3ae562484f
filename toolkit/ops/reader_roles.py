"""The read-only PostgreSQL accounts for code that runs in a kernel: the analysts' (JupyterLab, the
hub's `analysts` group) and the report runner's. A role held only by Python in a process the user
controls is no role, so each account sees the database through a schema of views of its own:

- `liaison_analyst`: every table an analysis reads, with citizens' and deputies' names, phones, ID
  numbers and e-mails masked exactly as `toolkit.core.personal_data` masks them, and no secret
  (lookup and code hashes, client keys, robot addresses, QR tokens) at all;
- `liaison_reports`: the same tables in the clear (reports for staff name people), still without
  the secrets.

Neither account may read the audit log, the outbox, failed lookups or evaluation codes, and both
are read-only by default (`default_transaction_read_only`) and hold SELECT on their views only:
the tables themselves are not granted. The account's `search_path` is its schema, so the
toolkit's unqualified queries read the views unchanged. Run the grant again after `liaison init`
upgrades the schema (a new table or column appears in the views only then).
"""
from __future__ import annotations

from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

from ..core.errors import ToolkitError
from .all_models import METADATA
from .db_accounts import account_statements, run

# How a column is shown: a masking expression (with {c} for the column), or None for "not at all".
NAME = "CASE WHEN {c} IS NULL OR {c} = '' THEN {c} ELSE left({c}, 1) || repeat('*', char_length({c}) - 1) END"
PHONE = ("CASE WHEN {c} IS NULL OR {c} = '' THEN {c} WHEN {c} ~ '^[0-9]{{11}}$' THEN left({c}, 3) || '****' || right({c}, 4) "
         "WHEN char_length({c}) > 8 THEN left({c}, 4) || '****' || right({c}, 4) ELSE '****' END")
ID_NUMBER = ("CASE WHEN {c} IS NULL OR {c} = '' THEN {c} "
             "ELSE left({c}, 6) || repeat('*', greatest(char_length({c}) - 8, 0)) || right({c}, 2) END")
EMAIL = "CASE WHEN position('@' in {c}) > 0 THEN left({c}, 1) || '***@' || split_part({c}, '@', 2) ELSE NULL END"

SECRETS = {"citizen_case": {"lookup_hash": None, "intake_client": None, "intake_address": None}, "deputy": {"qr_token": None},
           "vote_register": {"code_hash": None}, "department": {"robot_url": None},
           "app_user": {"email": None, "phone": None},
           # a personal link's keyed hash and a mobile point's QR token open pages: no reader needs them
           "personal_link": {"token_hash": None}, "mobile_point": {"qr_token": None}}
PERSONAL = {"citizen_case": {"citizen_name": NAME, "citizen_phone": PHONE},
            "deputy": {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "email": EMAIL,
                       "pinyin_key": None, "stroke_key": None},       # the keys spell the whole name
            "department": {"contact": NAME, "phone": PHONE, "email": EMAIL},
            "station": {"head": NAME, "phone": PHONE}, "grid": {"worker_name": NAME, "worker_mobile": PHONE},
            "personal_link": {"mobile": PHONE},
            "proposal": {"proposer": NAME}, "proposal_support": {"name": NAME},
            "eval_response": {"respondent": None}, "suggestion_event": {"actor": NAME}}
HIDDEN = {"audit_log", "outbox", "lookup_attempt", "eval_code"}
ACCOUNTS = {"analyst": ("liaison_analyst", {t: {**SECRETS.get(t, {}), **PERSONAL.get(t, {})}
                                             for t in set(SECRETS) | set(PERSONAL)}),
            "reports": ("liaison_reports", SECRETS)}


def _column(table, column, shown: dict) -> str:
    name = f'"{column.name}"'
    if column.name not in shown:
        return name
    how = shown[column.name]
    if how is None:
        return f"CAST(NULL AS {column.type.compile(dialect=postgresql.dialect())}) AS {name}"
    return f"{how.format(c=f'{table}.{name}')} AS {name}"


def view_statements(kind: str) -> list[str]:
    """The schema of views for one kind of account, made anew."""
    schema, masks = ACCOUNTS[kind]
    out = [f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}"]
    for table in METADATA.sorted_tables:
        if table.name in HIDDEN:
            continue
        shown = masks.get(table.name, {})
        columns = ", ".join(_column(table.name, c, shown) for c in table.c)
        out.append(f"CREATE VIEW {schema}.{table.name} AS SELECT {columns} FROM public.{table.name}")
    return out


def statements(kind: str, role: str, password: str | None = None) -> list[str]:
    """The SQL that makes `role` the read-only account of `kind` (analyst or reports)."""
    if kind not in ACCOUNTS:
        raise ToolkitError(f"没有名为「{kind}」的只读账号类型（可选：{'、'.join(ACCOUNTS)}）")
    schema = ACCOUNTS[kind][0]
    return [*account_statements(role, password),
            f"REVOKE CREATE ON SCHEMA public FROM {role}",
            *view_statements(kind),
            f"GRANT USAGE ON SCHEMA {schema} TO {role}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}",
            f"ALTER ROLE {role} SET search_path = {schema}",
            f"ALTER ROLE {role} SET default_transaction_read_only = on"]


def apply(engine: Engine, kind: str, role: str, password: str | None = None) -> int:
    """Make `role` the read-only account of `kind` on this PostgreSQL database; returns the views made."""
    sql = statements(kind, role, password)
    run(engine, sql, "只读数据库账号只在 PostgreSQL 上设置（SQLite 没有账号：见 README 的安全一节）")
    return sum(s.startswith("CREATE VIEW") for s in sql)
