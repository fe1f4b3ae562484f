"""What every restricted PostgreSQL account shares (the public pages', the analysts', the report
runner's): a checked name, the role made if missing with its password, every earlier grant on the
apps' tables taken back; and running an account's statements in one transaction."""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Engine

from ..core.errors import ToolkitError

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def account_statements(role: str, password: str | None = None) -> list[str]:
    """The role, created if missing, able to sign in and nothing more, with no grant left on the
    apps' tables, sequences or functions (each account then grants only its own)."""
    if not _NAME.match(role):
        raise ToolkitError(f"数据库账号名「{role}」不合规：须为小写字母、数字或下划线")
    login = f" PASSWORD '{password.replace(chr(39), chr(39) * 2)}'" if password else ""
    return [f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} LOGIN; END IF; END $$",
            f"ALTER ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE{login}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
            f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {role}"]


def run(engine: Engine, sql: list[str], not_here: str) -> None:
    """Run an account's statements, all or none; `not_here` is the refusal on SQLite (no accounts)."""
    if engine.dialect.name != "postgresql":
        raise ToolkitError(not_here)
    with engine.begin() as c:
        for statement in sql:
            c.execute(text(statement))
