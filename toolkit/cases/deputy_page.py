"""What a deputy's own page shows (代表个人页面, signed in with a personal link): the opinions received
through their QR code or assigned to them, newest first, with number and state — no citizen's name or
phone. On PostgreSQL the public pages read them only through public_deputy_cases, keyed by the link."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..admin.links import INVALID, link_hash, link_holder
from ..core.errors import NotFound
from ..core.glossary import CASE_STATES, CHANNELS
from ..core.principal import is_public_on_postgresql
from ..network.models import Deputy, Station
from .models import Case
from .rules import WAITING_FOR_ANSWER

SHOWN = 200          # the newest opinions on the page; a deputy with more sees the count


def deputy_page(session: Session, token: str) -> dict:
    """The deputy's name and station, and their opinions newest first (at most SHOWN), with the total."""
    holder = link_holder(session, token)
    if holder.holder != "deputy":
        raise NotFound(INVALID)
    name, station = session.execute(select(Deputy.name, Station.name).outerjoin(Station, Station.id == Deputy.station_id)
                                    .where(Deputy.id == holder.deputy_id)).one()
    if is_public_on_postgresql(session):
        rows = session.execute(select(func.public_deputy_cases(link_hash(token), SHOWN).table_valued(
            "number", "received_on", "channel", "category", "state", "deadline", "total"))).all()
    else:
        total = session.scalar(select(func.count()).select_from(Case).where(Case.deputy_id == holder.deputy_id))
        rows = [(*r, total) for r in session.execute(
            select(Case.number, Case.received_on, Case.channel, Case.category, Case.state, Case.deadline)
            .where(Case.deputy_id == holder.deputy_id).order_by(Case.received_at.desc(), Case.id.desc()).limit(SHOWN))]
    cases = [{"编号": n, "日期": d, "渠道": CHANNELS.get(ch, ch), "类别": cat, "状态": CASE_STATES.get(st, st),
              "待办": st in WAITING_FOR_ANSWER or st in ("collected", "registered"), "时限": due}
             for n, d, ch, cat, st, due, _ in rows]
    return {"代表": name, "联络站": station or "", "cases": cases, "total": rows[0][-1] if rows else 0}
