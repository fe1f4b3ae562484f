"""Who is acting: the signed-in user (a Principal), carried on the session.

The principal travels on the session (`session.info["principal"]`), put there by the Database a
page or command opened for its user, so a widget cannot choose it. A session without one belongs
to trusted code run by whoever owns the database (the CLI's builders, migrations, tests).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

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


ACTING_NAME = "acting_name"


@contextmanager
def named(session: Session, name: str) -> Iterator[Session]:
    """Trusted code without a user (builders, imports, the public pages naming their channel, as
    「群众（二维码）」) says once, for a block, whom the timelines name; a signed-in user's session
    is named by its user whatever this says."""
    saved = session.info.get(ACTING_NAME)
    session.info[ACTING_NAME] = name
    try:
        yield session
    finally:
        if saved is None:
            session.info.pop(ACTING_NAME, None)
        else:
            session.info[ACTING_NAME] = saved


def acting_name(session: Session) -> str:
    """Who a timeline, a move or a log line names for this write: the signed-in user, taken from
    the session (a page cannot choose it); for trusted code, the name `named` gave the session;
    else the local user (LIAISON_USER). Services take no `actor`: there is one way to name it."""
    p = principal_of(session)
    if p is not None and p.role != PUBLIC:
        return p.label
    return session.info.get(ACTING_NAME) or current_actor()
