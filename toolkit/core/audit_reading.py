"""Reading the audit trail: a city administrator's pages of it, filtered, as stored (`entries`, for
`liaison audit`) or as people read it (`readable_entries`, for the admin app)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session

from .access_rules import CITY
from .audit_models import PUBLIC_ACTOR, AuditEntry
from .audit_text import change_text, entity_name, names_for
from .errors import ToolkitError
from .glossary import AUDIT_ACTIONS, ENTITY_LABELS, ROLES
from .principal import principal_of

AUDIT_COLUMNS = ["时间", "操作人", "对象", "编号", "操作", "之前", "之后"]


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
