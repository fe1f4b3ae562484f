"""What a deputy's own page shows (代表个人页面, signed in with a personal link): the opinions received
through their QR code or assigned to them, newest first, with number and state — no citizen's name or
phone. On PostgreSQL the public pages read them only through public_deputy_cases, keyed by the link."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..admin.links import INVALID, link_hash, link_holder
from ..core.access import require
from ..core.errors import NotFound, ToolkitError
from ..core.glossary import CASE_ACTIONS, CASE_STATES, CHANNELS
from ..core.principal import is_public_on_postgresql
from ..network.models import Deputy, Station
from .models import Case, CaseEvent
from .rules import WAITING_FOR_ANSWER
from .services import CONTROL, add_event

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


REPLY_LIMIT = 500
SHOWN_NOTES = ("answer", "resolve_on_site", "deputy_reply", "deputy_note")   # the notes a deputy reads on the timeline


def _own_case(session: Session, token: str, number: str) -> tuple[int, Case]:
    holder = link_holder(session, token)
    if holder.holder != "deputy":
        raise NotFound(INVALID)
    case = session.scalar(select(Case).where(Case.number == (number or "").strip().upper(),
                                             Case.deputy_id == holder.deputy_id))
    if case is None:
        raise NotFound("找不到这件意见（只能查看交给您本人的意见）")
    return holder.deputy_id, case


def deputy_case(session: Session, token: str, number: str) -> dict:
    """One of the deputy's own opinions: what the citizen said (not who they are), its state, limit and
    timeline (steps with their dates; the answers' and the deputy's own words)."""
    if is_public_on_postgresql(session):
        if link_holder(session, token).holder != "deputy":
            raise NotFound(INVALID)
        row = session.execute(select(func.public_deputy_case(link_hash(token), number).table_valued(
            "number", "received_on", "category", "state", "deadline", "content"))).first()
        if row is None or row.number is None:
            raise NotFound("找不到这件意见（只能查看交给您本人的意见）")
        events = session.execute(select(func.public_deputy_case_events(link_hash(token), number).table_valued(
            "at", "action", "note"))).all()
    else:
        _, case = _own_case(session, token, number)
        row = (case.number, case.received_on, case.category, case.state, case.deadline, case.content)
        events = session.execute(select(CaseEvent.at, CaseEvent.action, CaseEvent.note)
                                 .where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)).all()
    n, day, category, state, due, content = row
    return {"编号": n, "日期": day, "类别": category, "状态": CASE_STATES.get(state, state), "时限": due, "内容": content,
            "timeline": [(at, CASE_ACTIONS.get(a, a), note if a in SHOWN_NOTES else "") for at, a, note in events]}


def deputy_reply(session: Session, token: str, number: str, words: str, private: bool = False,
                 now: datetime | None = None) -> None:
    """The deputy's reply to the citizen (首问负责: shown on the citizen's lookup page) or, `private`,
    their own note; a step on the case's timeline that changes nothing else."""
    words = CONTROL.sub("", (words or "").strip())
    if not words:
        raise ToolkitError("请填写回复内容")
    if len(words) > REPLY_LIMIT:
        raise ToolkitError(f"回复不超过{REPLY_LIMIT}字（现有{len(words)}字）")
    now = now or datetime.now()
    if is_public_on_postgresql(session):
        deputy_case(session, token, number)          # a wrong link or another's case: the same refusals as here
        session.execute(select(func.public_deputy_reply(link_hash(token), number, words, private, now)))
        return
    deputy_id, case = _own_case(session, token, number)
    require(session, "case.deputy_reply", deputy_id=deputy_id, target=case.number)
    name = session.scalar(select(Deputy.name).where(Deputy.id == deputy_id))
    add_event(session, case, "deputy_note" if private else "deputy_reply", case.state, case.state,
              f"代表：{name}"[:50], now, words)
    session.flush()
