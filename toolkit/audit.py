"""Writing to and reading the audit trail.

Every ORM write a signed-in user makes is recorded by `audit_flush` (row by row, values before and
after) in the same transaction as the write; services call `record()` for writes made in bulk
(Core inserts of an import) and for refusals. Either way the entry commits with its change or not
at all.
"""
from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import LargeBinary, insert, inspect, select
from sqlalchemy.orm import Session

from .access import CHECKED, PRINCIPAL
from .audit_models import AuditEntry
from .glossary import AUDIT_ACTIONS, ENTITY_LABELS

AUDIT_COLUMNS = ["时间", "操作人", "对象", "编号", "操作", "之前", "之后"]


def _json(values) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, default=str, sort_keys=True)


def record(session: Session, actor: str, entity: str, entity_id: int | None, action: str,
           before: dict | None = None, after: dict | None = None) -> None:
    """Append one entry; the values are kept as JSON."""
    session.add(AuditEntry(at=datetime.now(), actor=actor or "未知", entity=entity, entity_id=entity_id,
                           action=action, before=_json(before), after=_json(after)))
    session.flush()


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
        rows.append(dict(at=now, actor=principal.login, entity=obj.__tablename__, action=action,
                         entity_id=getattr(obj, "id", None), before=_json(before), after=_json(after)))

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
        session.connection().execute(insert(AuditEntry), rows)


def entries(session: Session, entity: str | None = None, entity_id: int | None = None, actor: str | None = None,
            action: str | None = None, since: datetime | None = None, until: datetime | None = None,
            limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """The newest entries (a page of them), filtered, for the admin view and `liaison audit`."""
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    if actor:
        q = q.where(AuditEntry.actor == actor)
    if action:
        q = q.where(AuditEntry.action == action)
    if since:
        q = q.where(AuditEntry.at >= since)
    if until:
        q = q.where(AuditEntry.at < until)
    if entity:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == entity_id)
    rows = [(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, ENTITY_LABELS.get(e.entity, e.entity), e.entity_id, AUDIT_ACTIONS.get(e.action, e.action),
             e.before or "", e.after or "") for e in session.scalars(q)]
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)
