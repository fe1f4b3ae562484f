"""Personal links (个人链接): a deputy's or a grid worker's own address on their phone — a long random
token of which only a keyed hash is kept; it expires, staff revoke it (a lost phone is one command),
and each issue and revocation is in the operation log. On PostgreSQL the public pages check a link
only through the checking function public_link_holder (they read no hash)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.audit import record
from ..core.errors import NotFound
from ..core.keys import keyed_hash
from ..core.principal import acting_name, is_public_on_postgresql
from ..core.settings import get_setting
from .link_models import PersonalLink

INVALID = "链接无效或已失效：请联系联络站工作人员重新获取"
TOKEN_BYTES = 24           # 32 URL-safe characters: not guessable, short enough for a text message


@dataclass(frozen=True)
class LinkHolder:
    """Whose link it is: a deputy (deputy_id) or the grid worker of a mobile number."""

    holder: str
    deputy_id: int | None = None
    mobile: str | None = None


def link_hash(token: str) -> str:
    """What the database keeps of a token."""
    return keyed_hash("link", (token or "").strip())


def issue_link(session: Session, holder: LinkHolder, station_id=None, now: datetime | None = None) -> str:
    """A new link for the holder (their earlier links stay valid until revoked or expired); the token,
    to be sent once and never stored in the clear. `station_id`: the holder's station(s), for the permission."""
    require(session, "link.issue", station_id=station_id, deputy_id=holder.deputy_id,
            target="代表个人链接" if holder.holder == "deputy" else "网格员个人链接")
    now = now or datetime.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = PersonalLink(holder=holder.holder, deputy_id=holder.deputy_id, mobile=holder.mobile,
                        token_hash=link_hash(token), created_at=now, created_by=acting_name(session),
                        expires_at=now + timedelta(days=get_setting(session, "personal_link_days")))
    session.add(link)
    session.flush()
    record(session, acting_name(session), "personal_link", link.id, "insert",
           after={"对象": "代表" if holder.holder == "deputy" else "网格员", "有效至": link.expires_at})
    return token


def revoke_links(session: Session, holder: LinkHolder, station_id=None, now: datetime | None = None) -> int:
    """End every live link of the holder (a lost phone); how many were ended."""
    require(session, "link.issue", station_id=station_id, deputy_id=holder.deputy_id, target="撤销个人链接")
    now = now or datetime.now()
    mine = (PersonalLink.deputy_id == holder.deputy_id) if holder.holder == "deputy" else (
        PersonalLink.mobile == holder.mobile)
    ended = session.execute(update(PersonalLink).where(PersonalLink.holder == holder.holder, mine,
                                                       PersonalLink.revoked_at.is_(None), PersonalLink.expires_at > now)
                            .values(revoked_at=now).execution_options(synchronize_session=False)).rowcount
    record(session, acting_name(session), "personal_link", None, "revoke",
           after={"对象": "代表" if holder.holder == "deputy" else "网格员", "撤销": ended})
    return ended


def link_holder(session: Session, token: str, now: datetime | None = None) -> LinkHolder:
    """Whose live link this is (its last use noted), or NotFound with one message for any bad token."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise NotFound(INVALID)
    if is_public_on_postgresql(session):
        row = session.execute(select(func.public_link_holder(link_hash(token)).table_valued(
            "holder", "deputy_id", "mobile"))).first()
        if row is None or row.holder is None:
            raise NotFound(INVALID)
        return LinkHolder(row.holder, row.deputy_id, row.mobile)
    now = now or datetime.now()
    link = session.scalar(select(PersonalLink).where(PersonalLink.token_hash == link_hash(token)))
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        raise NotFound(INVALID)
    # A plain UPDATE: noting the use is the link's own bookkeeping, not a write of the holder's.
    session.execute(update(PersonalLink).where(PersonalLink.id == link.id).values(last_used_at=now)
                    .execution_options(synchronize_session=False))
    return LinkHolder(link.holder, link.deputy_id, link.mobile)
