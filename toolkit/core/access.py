"""Whether the acting user may make a write: every write service calls `require` before it writes.

Who acts is the session's principal (core.principal); which records they reach is their scope
(core.scope); which roles may make which write is the table in core.access_rules.
"""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from sqlalchemy.orm import Session

from .access_rules import CITY, DEPT, DEPUTY, PUBLIC, RULES, STATION_ROLES
from .errors import ToolkitError
from .glossary import ROLES
from .principal import Principal, principal_of
from .scope import Scope

CHECKED = "access_checked"      # set once a write of this session passed `require`
ON_BEHALF = "on_behalf_of_system"


class Forbidden(ToolkitError):
    """A write the user's role or scope does not allow; it is logged, then shown as it is."""

    def __init__(self, principal: Principal, action: str, why: str, target: str = ""):
        self.principal, self.action, self.why, self.target = principal, action, why, target
        super().__init__(f"无权{RULES[action].label}：{why}。（当前用户：{principal.label}）")


def _ids(value) -> set:
    if value is None:
        return set()
    if isinstance(value, Iterable) and not isinstance(value, str):
        return {v for v in value if v is not None}
    return {value}


def why_not(p: Principal, action: str, station_id=None, department_id=None, deputy_id=None) -> str | None:
    """Why `p` may not make this write (None if it may). Scope arguments may be one id or several;
    every station named must lie in a station role's subtree, and a deputy must be one of those named."""
    rule = RULES[action]
    if p.role not in rule.roles:
        return f"{ROLES[p.role]}不能{rule.label}"
    if p.role == CITY or p.role == PUBLIC or not rule.scoped:
        return None
    scope = Scope.of(p)
    if p.role in STATION_ROLES:      # every station named must lie in the user's subtree
        wanted = _ids(station_id)
        if not wanted:
            return "该操作涉及全市范围，须由市级管理员办理"
        return None if all(scope.covers(station_id=s) for s in wanted) else "对象不在您管理的站点范围内"
    if p.role == DEPT:               # one of the departments named is the user's
        return None if any(scope.covers(department_id=d) for d in _ids(department_id)) else "对象不是交给本单位承办的"
    if p.role == DEPUTY:
        return None if any(scope.covers(deputy_id=d) for d in _ids(deputy_id)) else "代表只能办理与本人有关的事项"
    return f"未知角色「{p.role}」"


def require(session: Session, action: str, *, station_id=None, department_id=None, deputy_id=None,
            target: str = "") -> None:
    """Refuse (Forbidden) unless the session's user may make this write on this target."""
    if action not in RULES:
        raise KeyError(action)  # a typo in a service, not a user's mistake
    p = principal_of(session)
    if p is None or session.info.get(ON_BEHALF):
        return
    why = why_not(p, action, station_id, department_id, deputy_id)
    if why:
        raise Forbidden(p, action, why, target)
    session.info[CHECKED] = True


@contextmanager
def on_behalf_of_system(session: Session):
    """A write the user's own permitted write entails (a citizen's rating closing its case's
    evaluation step): checked once at the permitted write, not again for the consequence."""
    session.info[ON_BEHALF] = True
    try:
        yield
    finally:
        session.info.pop(ON_BEHALF, None)
