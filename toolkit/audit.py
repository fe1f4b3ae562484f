"""Writing to and reading the audit trail. Services call record() inside their own transaction,
so the entry and the change it describes commit together or not at all."""
from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit_models import AuditEntry
from .glossary import AUDIT_ACTIONS

AUDIT_COLUMNS = ["时间", "操作人", "对象", "编号", "操作", "之前", "之后"]


def _json(values) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, default=str, sort_keys=True)


def record(session: Session, actor: str, entity: str, entity_id: int | None, action: str,
           before: dict | None = None, after: dict | None = None) -> None:
    """Append one entry; the values are kept as JSON."""
    session.add(AuditEntry(at=datetime.now(), actor=actor or "未知", entity=entity, entity_id=entity_id,
                           action=action, before=_json(before), after=_json(after)))
    session.flush()


def entries(session: Session, entity: str | None = None, entity_id: int | None = None,
            limit: int = 200) -> pd.DataFrame:
    """The newest entries, optionally of one record, for the admin view."""
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == entity_id)
    rows = [(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.entity, e.entity_id, AUDIT_ACTIONS.get(e.action, e.action),
             e.before or "", e.after or "") for e in session.scalars(q)]
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)
