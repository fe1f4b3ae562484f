"""The citizen's side of the QR code: who the code names, and taking an opinion in, with limits."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.errors import NotFound, ToolkitError, ValidationFailed
from ..core.glossary import CITIZEN_FIELDS
from ..core.keys import keyed_hash
from ..core.principal import named
from ..core.settings import get_setting
from ..network.models import Deputy, Station
from ..network.point_models import MobilePoint
from .models import Case
from .services import Opinion, intake

# A code on a poster must not become a way to flood a station: limits per hour (toolkit/core/settings.py),
# per deputy, per visitor (address and the page's cookie) and per address (many phones share one).
PER_DEPUTY, PER_CLIENT, PER_ADDRESS = "intake_per_deputy_hour", "intake_per_client_hour", "intake_per_address_hour"
ACTOR = "群众（二维码）"
# Without the proxy's address every visitor is this one client: a page reload is not a new client.
UNKNOWN_CLIENT = "unknown"


def _named(session: Session, token: str):
    """The deputy a code names (id, name, station), read column by column: the public instance's
    database account may read nothing else of a deputy (toolkit/ops/public_role.py)."""
    token = (token or "").strip()
    row = session.execute(select(Deputy.id, Deputy.name, Deputy.station_id)
                          .where(Deputy.qr_token == token)).first() if token else None
    if row is None or row.station_id is None:
        raise NotFound("二维码无效或已过期，请联系联络站工作人员")
    return row


def deputy_card(session: Session, token: str) -> dict[str, str]:
    """What the public page may show of the deputy a code names: name and station only."""
    deputy = _named(session, token)
    return {"代表": deputy.name, "联络站": session.scalar(select(Station.name).where(Station.id == deputy.station_id))}


def client_key(raw: str) -> str:
    """A keyed one-way key for a client's address, so no address is stored: with the server's
    secret key, so the key cannot be reversed by hashing every address of a /16 (65,536 tries)."""
    return keyed_hash("client", raw)


def _queue(session: Session, *keys: str) -> None:
    # Count-then-insert is a race unless submissions for one deputy (and one client) queue:
    # PostgreSQL takes a transaction lock per key; SQLite's writers queue already (IMMEDIATE).
    if session.bind.dialect.name == "postgresql":
        for key in sorted(set(keys)):
            session.execute(select(func.pg_advisory_xact_lock(int(keyed_hash("lock", key)[:15], 16))))


ONCE = re.compile(r"[A-Za-z0-9_-]{16,40}")
VISITOR = ONCE          # the page's visitor cookie: random, URL-safe


def visitor_keys(address: str, visitor: str) -> tuple[str, str]:
    """(visitor key, address key). A phone that keeps the page's cookie is its own visitor even
    behind a shared address; without one (cookies off, or a script) the address is the visitor."""
    address = address or UNKNOWN_CLIENT
    by_address = client_key(address)
    return (client_key(f"{address}|{visitor}") if VISITOR.fullmatch(visitor or "") else by_address), by_address


def already_taken(session: Session, once: str) -> str | None:
    """The number of the case this form (its one-time key) already filed, if any."""
    if not ONCE.fullmatch(once or ""):
        return None
    return session.scalar(select(Case.number).where(Case.intake_key == once))


def submit_opinion(session: Session, token: str, content: str, category: str, name: str = "",
                   phone: str = "", client: str = "", now: datetime | None = None, once: str = "",
                   visitor: str = "") -> str:
    """Take a citizen's opinion for the deputy of `token`; returns the case number. `client` is the
    visitor's address, `visitor` the page's cookie; `once` is the form's one-time key: the same form
    sent again (a reload, a double tap) is not a second case."""
    now = now or datetime.now()
    deputy = _named(session, token)
    return _take(session, Opinion(content=content, channel="qr", category=category, deputy_id=deputy.id,
                                  citizen_name=name, citizen_phone=phone),
                 f"deputy:{deputy.id}", Case.deputy_id == deputy.id, "该代表", client, visitor, now, once)


def _take(session: Session, opinion: Opinion, target: str, same_target, who: str, client: str, visitor: str,
          now: datetime, once: str) -> str:
    """The flood limits (per deputy or point, visitor and address; the refusal is counted by the
    caller's transaction failing, nothing is written), then the case."""
    key, address = visitor_keys(client, visitor)
    _queue(session, target, f"client:{key}", f"address:{address}")
    since = now - timedelta(hours=1)
    recent = select(func.count(Case.id)).where(Case.channel.in_(("qr", "mobile")), Case.received_at >= since)
    if session.scalar(recent.where(same_target)) >= get_setting(session, PER_DEPUTY):
        raise ToolkitError(f"{who}近一小时收到的留言较多，请稍后再试，或到联络站当面反映")
    if session.scalar(recent.where(Case.intake_client == key)) >= get_setting(session, PER_CLIENT):
        raise ToolkitError("您提交得太频繁了，请一小时后再试")
    if session.scalar(recent.where(Case.intake_address == address)) >= get_setting(session, PER_ADDRESS):
        raise ToolkitError("您所在的网络近一小时提交的留言较多，请稍后再试，或到联络站当面反映")
    try:
        with named(session, ACTOR):
            case = intake(session, opinion, register=False, at=now, client=key, address=address,
                          once=once if ONCE.fullmatch(once or "") else None)
    except ValidationFailed as e:
        raise ToolkitError(citizen_message(e)) from None
    return case.number


def _point(session: Session, token: str):
    """The mobile point a code names, read column by column (the public account reads only these)."""
    token = (token or "").strip()
    row = session.execute(select(MobilePoint.id, MobilePoint.name, MobilePoint.place, MobilePoint.station_id,
                                 MobilePoint.opens_on, MobilePoint.closes_on, MobilePoint.hours)
                          .where(MobilePoint.qr_token == token)).first() if token else None
    if row is None:
        raise NotFound("二维码无效，请联系联络站工作人员")
    return row


def point_card(session: Session, token: str, today: date | None = None) -> dict:
    """What the public page shows of a mobile point: its name, place, days, and whether it is open."""
    p = _point(session, token)
    today = today or date.today()
    days = f"{p.opens_on.month}月{p.opens_on.day}日至{p.closes_on.month}月{p.closes_on.day}日" + (f" {p.hours}" if p.hours else "")
    station = session.scalar(select(Station.name).where(Station.id == p.station_id))
    return {"流动联络站": p.name, "地点": p.place, "开放时间": days, "联络站": station,
            "open": p.opens_on <= today <= p.closes_on}


def submit_point_opinion(session: Session, token: str, content: str, category: str, name: str = "",
                         phone: str = "", client: str = "", now: datetime | None = None, once: str = "",
                         visitor: str = "") -> str:
    """Take a citizen's opinion left at a mobile point while it is open; returns the case number."""
    now = now or datetime.now()
    p = _point(session, token)
    if not p.opens_on <= now.date() <= p.closes_on:
        raise ToolkitError("该流动联络站" + ("尚未开始" if now.date() < p.opens_on else "已结束")
                           + "，请扫描代表的二维码或到联络站反映")
    return _take(session, Opinion(content=content, channel="mobile", category=category, station_id=p.station_id,
                                  point_id=p.id, citizen_name=name, citizen_phone=phone),
                 f"point:{p.id}", Case.point_id == p.id, "该流动联络站", client, visitor, now, once)


def citizen_message(refusal: ValidationFailed) -> str:
    """The refusal in the words of the citizen's form (称呼, 手机号), not the office's (反映人)."""
    said = []
    for error in refusal.errors:
        if error.field == "反映内容" and not error.message.startswith(("内容过长", "含有")):
            said.append("请填写您想反映的问题或建议")
        else:
            said.append(f"{CITIZEN_FIELDS.get(error.field, error.field)}：{error.message}")
    return "；".join(said)
