"""Writing to and reading the audit trail.

Every ORM write a signed-in user makes is recorded by `audit_flush` (row by row, values before and
after) in the same transaction as the write; services call `record()` for writes made in bulk
(Core inserts of an import) and for refusals. Either way the entry commits with its change or not
at all.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import LargeBinary, bindparam, func, insert, inspect, select, text
from sqlalchemy.orm import Session

from .access import CHECKED
from .access_rules import CITY
from .audit_models import PUBLIC_ACTOR, AuditEntry
from .audit_text import change_text, entity_name, names_for
from .errors import ToolkitError
from .glossary import AUDIT_ACTIONS, ENTITY_LABELS, ROLES
from .personal_data import mask_email, mask_id_number, mask_name, mask_phone
from .principal import PRINCIPAL, principal_of

AUDIT_COLUMNS = ["时间", "操作人", "对象", "编号", "操作", "之前", "之后"]


def _json(values) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, default=str, sort_keys=True)


def _insert(session: Session, rows: list[dict]) -> None:
    # On PostgreSQL the public account may not write the actor column; its rows leave it to the
    # column's default (the public), so a taken-over public server cannot sign as anyone else.
    # The rows of one call share their actor, so they keep one shape for the one insert.
    if session.bind.dialect.name == "postgresql":
        rows = [{k: v for k, v in r.items() if not (k == "actor" and v == PUBLIC_ACTOR)} for r in rows]
    session.connection().execute(insert(AuditEntry), rows)


def record(session: Session, actor: str, entity: str, entity_id: int | None, action: str,
           before: dict | None = None, after: dict | None = None) -> None:
    """Append one entry; the values are kept as JSON (personal fields masked by the caller or by `scrub`).
    The entry names the signed-in user by login, as every row `audit_flush` writes does (the label
    is shown when the log is read), whatever `actor` a caller passed; `actor` names only trusted
    code without a user (imports from the command line, builders)."""
    session.flush()
    p = principal_of(session)
    _insert(session, [dict(at=datetime.now(), actor=p.login if p is not None else (actor or "未知"), entity=entity,
                           entity_id=entity_id, action=action, before=_json(before), after=_json(after))])


# The log can never be edited or deleted, so personal data goes into it masked: enough to see
# that a phone changed, never the number (toolkit/core/personal_data.py holds the masks).
PERSONAL = {("citizen_case", "citizen_name"): mask_name, ("citizen_case", "citizen_phone"): mask_phone,
            ("deputy", "id_number"): mask_id_number, ("deputy", "phone"): mask_phone, ("deputy", "email"): mask_email,
            ("app_user", "email"): mask_email, ("app_user", "phone"): mask_phone}


def scrub(entity: str, values: dict | None) -> dict | None:
    """`values` with the personal fields of `entity` masked."""
    if values is None:
        return None
    return {k: (PERSONAL[(entity, k)](v) if (entity, k) in PERSONAL and v else v) for k, v in values.items()}


def _row_values(obj, keys) -> dict:
    return {k: getattr(obj, k) for k in keys}


def _columns(mapper) -> list[str]:
    # Binary columns hold sort keys derived from other columns: nothing a reader needs.
    return [a.key for a in mapper.column_attrs if not isinstance(a.columns[0].type, LargeBinary)]


def _change(obj) -> tuple[dict, dict] | None:
    state, before, after = inspect(obj), {}, {}
    for key in _columns(state.mapper):
        hist = state.attrs[key].history
        if hist.added and hist.added != hist.deleted:
            before[key] = hist.deleted[0] if hist.deleted else None
            after[key] = hist.added[0]
    return (before, after) if after else None


def audit_flush(session: Session, _context) -> None:
    """Record each row a signed-in user's flush inserted, changed or deleted (an after_flush hook:
    ids are known, histories not yet reset)."""
    principal = session.info.get(PRINCIPAL)
    if principal is None:
        return
    now, rows = datetime.now(), []

    def add(obj, action, before, after):
        if not getattr(obj, "__audit__", True):
            return
        entity = obj.__tablename__
        rows.append(dict(at=now, actor=principal.login, entity=entity, action=action, entity_id=getattr(obj, "id", None),
                         before=_json(scrub(entity, before)), after=_json(scrub(entity, after))))

    for obj in session.new:
        if not isinstance(obj, AuditEntry):
            add(obj, "insert", None, _row_values(obj, _columns(inspect(obj).mapper)))
    for obj in session.dirty:
        change = _change(obj)
        if change:
            add(obj, "update", *change)
    for obj in session.deleted:
        add(obj, "delete", _row_values(obj, _columns(inspect(obj).mapper)), None)
    if rows and not session.info.get(CHECKED):
        # A service wrote without asking `require` first: a bug, refused before it commits.
        raise RuntimeError(f"write to {rows[0]['entity']} without a permission check")
    if rows:
        _insert(session, rows)


def require_reader(session: Session) -> None:
    """Only a city administrator reads the log (it names every user's writes across the city)."""
    p = principal_of(session)
    if p is not None and p.role != CITY:
        raise ToolkitError(f"无权查看操作日志：仅市级管理员可以查看。（当前用户：{p.label}）")


@dataclass(frozen=True)
class AuditFilter:
    """What the admin view and `liaison audit` narrow the log to; empty fields narrow nothing."""

    entity: str | None = None
    entity_id: int | None = None
    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _where(q, f: AuditFilter):
    for column, value in ((AuditEntry.entity, f.entity), (AuditEntry.actor, f.actor), (AuditEntry.action, f.action)):
        if value:
            q = q.where(column == value)
    if f.entity_id is not None:
        q = q.where(AuditEntry.entity_id == f.entity_id)
    if f.since:
        q = q.where(AuditEntry.at >= f.since)
    if f.until:
        q = q.where(AuditEntry.at < f.until)
    return q


def count_entries(session: Session, f: AuditFilter = AuditFilter()) -> int:
    """How many entries match (counted by the database)."""
    require_reader(session)
    return session.scalar(_where(select(func.count(AuditEntry.id)), f))


def entries(session: Session, f: AuditFilter = AuditFilter(), limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """The newest entries (a page of them), filtered, for the admin view and `liaison audit`."""
    require_reader(session)
    page = session.scalars(_where(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset), f)).all()
    shown = actor_labels(session, {e.actor for e in page})
    rows = [(e.at.strftime("%Y-%m-%d %H:%M:%S"), shown.get(e.actor, e.actor), ENTITY_LABELS.get(e.entity, e.entity),
             e.entity_id, AUDIT_ACTIONS.get(e.action, e.action), e.before or "", e.after or "") for e in page]
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


def readable_entries(session: Session, f: AuditFilter = AuditFilter(), limit: int = 50, offset: int = 0) -> pd.DataFrame:
    """A page of the log as people read it: time to the minute, who, what (by name or case
    number), the operation, and the values changed in words (toolkit/core/audit_text.py)."""
    require_reader(session)
    page = session.scalars(_where(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset), f)).all()
    shown = actor_labels(session, {e.actor for e in page})
    names = names_for(session, [(e.entity, e.entity_id, e.before, e.after) for e in page])
    rows = [(e.at.strftime("%Y-%m-%d %H:%M"), shown.get(e.actor, e.actor), ENTITY_LABELS.get(e.entity, e.entity),
             entity_name(e.entity, e.entity_id, names), AUDIT_ACTIONS.get(e.action, e.action),
             change_text(e.entity, e.before, e.after, names)) for e in page]
    return pd.DataFrame(rows, columns=["时间", "操作人", "对象", "编号", "操作", "内容"])


SYSTEM_ACTORS = {PUBLIC_ACTOR: "群众（公开页面）", "local": "本地管理员"}


def actor_labels(session: Session, logins: set[str]) -> dict[str, str]:
    """How the log shows who acted: 王芳（市级管理员） for a user's login (one query for the page),
    the system's own names for the public pages and the local administrator."""
    # The users' table read by name: core sits below the admin area and knows no model of it.
    users = session.execute(text("SELECT login, name, role FROM app_user WHERE login IN :logins")
                            .bindparams(bindparam("logins", expanding=True)), {"logins": sorted(logins)}).all() \
        if logins else []
    return {**SYSTEM_ACTORS, **{login: f"{name}（{ROLES.get(role, role)}）" for login, name, role in users}}
