"""Who is acting: the signed-in user (a Principal), carried on the session.

The principal travels on the session (`session.info["principal"]`), put there by the Database a
page or command opened for its user, so a widget cannot choose it. A session without one belongs
to trusted code run by whoever owns the database (the CLI's builders, migrations, tests).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .access_rules import CITY, PUBLIC
from .config import current_actor
from .glossary import ROLES

PRINCIPAL = "principal"


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


def principal_of(session: Session) -> Principal | None:
    """The user this session acts for; None for trusted code."""
    return session.info.get(PRINCIPAL)


def is_public_on_postgresql(session: Session) -> bool:
    """Whether this session is the public pages' on PostgreSQL: there their database account acts
    through the checking functions (toolkit/ops/migrations 0020), never by writing tables itself."""
    p = principal_of(session)
    return p is not None and p.role == PUBLIC and session.bind.dialect.name == "postgresql"


def acting_name(session: Session, given: str | None = None) -> str:
    """Who a timeline, a move or a log line names for this write: the signed-in user, taken from
    the session, whatever a caller says (a page cannot choose it). Only trusted code without a
    user (imports from the CLI, builders, tests) and the public pages (which name the channel, as
    「群众（二维码）」) give the name themselves; without one it is the local user (LIAISON_USER)."""
    p = principal_of(session)
    if p is not None and p.role != PUBLIC:
        return p.label
    return given or current_actor()
