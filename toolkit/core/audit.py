"""Writing the audit trail (audit_reading reads it).

Every ORM write a signed-in user makes is recorded by `audit_flush` (row by row, values before and
after) in the same transaction as the write; services call `record()` for writes made in bulk
(Core inserts of an import) and for refusals. Either way the entry commits with its change or not
at all.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import LargeBinary, insert, inspect
from sqlalchemy.orm import Session

from .access import CHECKED
from .audit_models import PUBLIC_ACTOR, AuditEntry
from .personal_data import mask_email, mask_id_number, mask_name, mask_phone
from .principal import PRINCIPAL, principal_of



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
            ("app_user", "email"): mask_email, ("app_user", "phone"): mask_phone,
            ("grid", "worker_mobile"): mask_phone}


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
