"""Who is acting, and whether they may: every write service calls `require` before it writes.

The principal travels on the session (`session.info["principal"]`), put there by the Database a
page or command opened for its user, so a widget cannot choose it. A session without one belongs
to trusted code run by whoever owns the database (the CLI's builders, migrations, tests).
"""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .access_rules import CITY, DEPT, DEPUTY, PUBLIC, RULES, STATION_ROLES
from .errors import ToolkitError
from .glossary import ROLES

PRINCIPAL = "principal"
CHECKED = "access_checked"      # set once a write of this session passed `require`
ON_BEHALF = "on_behalf_of_system"


@dataclass(frozen=True)
class Principal:
    """A signed-in user: role, scope, and the stations that scope covers (a subtree)."""

    login: str
    name: str
    role: str
    station_id: int | None = None
    department_id: int | None = None
    deputy_id: int | None = None
    stations: frozenset[int] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        """How pages and timelines name this user: 张三（站点工作人员）."""
        return f"{self.name}（{ROLES[self.role]}）"

    @property
    def is_city_admin(self) -> bool:
        return self.role == CITY


LOCAL_LOGIN = "local"
PUBLIC_PRINCIPAL = Principal(login="public", name="群众", role=PUBLIC)


def local_admin(name: str = "本地管理员") -> Principal:
    """The single user of `make serve` on one's own machine."""
    return Principal(login=LOCAL_LOGIN, name=name, role=CITY)


class Forbidden(ToolkitError):
    """A write the user's role or scope does not allow; it is logged, then shown as it is."""

    def __init__(self, principal: Principal, action: str, why: str, target: str = ""):
        self.principal, self.action, self.why, self.target = principal, action, why, target
        super().__init__(f"无权{RULES[action].label}：{why}。（当前用户：{principal.label}）")


def principal_of(session: Session) -> Principal | None:
    """The user this session acts for; None for trusted code."""
    return session.info.get(PRINCIPAL)


def actor_of(session: Session, fallback: str) -> str:
    """The name to write into timelines: the signed-in user's, else what the caller gave."""
    p = principal_of(session)
    return p.label if p else fallback


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
    if p.role in STATION_ROLES:
        wanted = _ids(station_id)
        if not wanted:
            return "该操作涉及全市范围，须由市级管理员办理"
        if not wanted <= p.stations:
            return "对象不在您管理的站点范围内"
        return None
    if p.role == DEPT:
        return None if p.department_id in _ids(department_id) else "对象不是交给本单位承办的"
    if p.role == DEPUTY:
        return None if p.deputy_id in _ids(deputy_id) else "代表只能办理与本人有关的事项"
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


def require_read(session: Session, *, station_id: int | None = None, deputy_id: int | None = None,
                 deputy_station: int | None = None, what: str = "") -> None:
    """Refuse a read outside the user's scope, as the case list does: the city reads all, station
    roles their stations (a deputy by their home station), a deputy themself, nobody else."""
    p = principal_of(session)
    if p is None or p.role == CITY:
        return
    if p.role in STATION_ROLES:
        station = deputy_station if deputy_id is not None else station_id
        if station in p.stations:
            return
    elif p.role == DEPUTY and deputy_id is not None and p.deputy_id == deputy_id:
        return
    raise ToolkitError(f"无权查看{what}：对象不在您的范围内。（当前用户：{p.label}）")


def scope_stations(session: Session) -> frozenset[int] | None:
    """The stations whose records this session may see, or None for no limit (city, trusted)."""
    p = principal_of(session)
    if p is None or p.role == CITY:
        return None
    return p.stations
