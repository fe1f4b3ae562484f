"""Reading pairings: health (days since the last contact), overdue first, the network view."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from ..core.glossary import PAIRING_KINDS
from ..core.settings import get_setting
from ..network.models import Deputy, Station
from ..network.station_index import StationIndex
from .models import ContactLog, Pairing
from .rules import COMMITTEE_MIN, load_people

COLUMNS = ["id", "类型", "联系人", "被联系对象", "所属站点", "结对日期", "最近联系", "未联系天数", "状态", "结束原因"]


@dataclass
class PairingFilter:
    """What staff narrowed the list to."""

    kind: str | None = None
    mentor: str = ""
    mentee: str = ""
    station_id: int | None = None  # the mentee's station (or the 包联 township), subtree included
    health: str | None = None      # "overdue" | "ok"
    active_only: bool = True


def _query(session: Session, f: PairingFilter, today: date):
    last = (select(ContactLog.pairing_id, func.max(ContactLog.day).label("last_day"))
            .group_by(ContactLog.pairing_id).subquery())
    mentor, mentee, st = aliased(Deputy), aliased(Deputy), aliased(Station)
    since = func.coalesce(last.c.last_day, Pairing.started_on)
    q = (select(Pairing.id, Pairing.kind, mentor.name, func.coalesce(mentee.name, st.name), Pairing.started_on,
                last.c.last_day, Pairing.ended_on, Pairing.end_reason, since.label("since"),
                func.coalesce(mentee.station_id, Pairing.station_id))
         .join(mentor, mentor.id == Pairing.mentor_id)
         .outerjoin(mentee, mentee.id == Pairing.mentee_id)
         .outerjoin(st, st.id == Pairing.station_id)
         .outerjoin(last, last.c.pairing_id == Pairing.id))
    threshold = today - timedelta(days=get_setting(session, "pairing_overdue_days"))
    conditions = [
        (f.kind, lambda: Pairing.kind == f.kind),
        (f.mentor.strip(), lambda: mentor.name.like(f"%{f.mentor.strip()}%")),
        (f.mentee.strip(), lambda: or_(mentee.name.like(f"%{f.mentee.strip()}%"), st.name.like(f"%{f.mentee.strip()}%"))),
        (f.active_only, lambda: Pairing.ended_on.is_(None)),
        (f.health == "overdue", lambda: since < threshold),
        (f.health == "ok", lambda: since >= threshold),
    ]
    for given, cond in conditions:
        if given:
            q = q.where(cond())
    if f.station_id is not None:
        sub = StationIndex.load(session).subtree(f.station_id)
        q = q.where(or_(mentee.station_id.in_(sub), Pairing.station_id.in_(sub)))
    return q, since, threshold


def count_pairings(session: Session, f: PairingFilter, today: date | None = None) -> dict[str, int]:
    """How many match, and how many of those are overdue."""
    today = today or date.today()
    q, since, threshold = _query(session, f, today)
    sub = q.subquery()
    total = session.scalar(select(func.count()).select_from(sub))
    late = session.scalar(select(func.count()).select_from(sub).where(sub.c.since < threshold))
    return {"total": total, "overdue": late}


def list_pairings(session: Session, f: PairingFilter, page: int = 1, page_size: int = 50,
                  today: date | None = None) -> pd.DataFrame:
    """A page of pairings, the longest without contact first."""
    today = today or date.today()
    q, since, threshold = _query(session, f, today)
    q = q.order_by(Pairing.ended_on.is_not(None), since, Pairing.id)
    if page_size:
        q = q.offset((max(page, 1) - 1) * page_size).limit(page_size)
    rows = session.execute(q).all()
    station_names = dict(session.execute(select(Station.id, Station.name)).all())
    out = []
    for pid, kind, mentor, target, started, last, ended, reason, since_day, sid in rows:
        days = (today - since_day).days
        state = "已结束" if ended else ("联系超期" if since_day < threshold else "正常")
        out.append([pid, PAIRING_KINDS[kind], mentor, target, station_names.get(sid, ""), started,
                    last or "（尚未联系）", days if not ended else "", state, reason or ""])
    return pd.DataFrame(out, columns=COLUMNS)


def contacts(session: Session, pairing_id: int | None = None) -> pd.DataFrame:
    """The contact log (of one pairing, or all), newest first."""
    mentor, mentee, st = aliased(Deputy), aliased(Deputy), aliased(Station)
    q = (select(ContactLog.day, ContactLog.mode, ContactLog.topic, ContactLog.notes, ContactLog.logged_by,
                Pairing.kind, mentor.name, func.coalesce(mentee.name, st.name))
         .join(Pairing, Pairing.id == ContactLog.pairing_id).join(mentor, mentor.id == Pairing.mentor_id)
         .outerjoin(mentee, mentee.id == Pairing.mentee_id).outerjoin(st, st.id == Pairing.station_id)
         .order_by(ContactLog.day.desc(), ContactLog.id.desc()))
    if pairing_id is not None:
        q = q.where(ContactLog.pairing_id == pairing_id)
    return pd.DataFrame([(d, m, t, n or "", by, PAIRING_KINDS[k], a, b) for d, m, t, n, by, k, a, b in session.execute(q)],
                        columns=["日期", "方式", "主题", "记录", "记录人", "类型", "联系人", "被联系对象"])


def network(session: Session, kind: str) -> dict[str, dict[str, list[str]]]:
    """County → mentor → mentees of the active pairings of one kind (for the network view)."""
    people = load_people(session)
    index = StationIndex.load(session)
    st_names = {i: r.name for i, r in index.by_id.items()}
    out: dict[str, dict[str, list[str]]] = {}
    for mentor_id, mentee_id, station_id in session.execute(
            select(Pairing.mentor_id, Pairing.mentee_id, Pairing.station_id)
            .where(Pairing.kind == kind, Pairing.ended_on.is_(None)).order_by(Pairing.mentor_id, Pairing.id)):
        m = people[mentor_id]
        county = st_names.get(m.county_id, "（未归属县区）")
        label = f"{m.name}（{st_names.get(m.station_id, '未进站')}）"
        target = people[mentee_id].name if mentee_id else st_names[station_id]
        out.setdefault(county, {}).setdefault(label, []).append(target)
    return out


def committee_shortfalls(session: Session) -> pd.DataFrame:
    """常委会组成人员 with fewer than 5 active mentees: a warning, not a refusal."""
    counts = dict(session.execute(select(Pairing.mentor_id, func.count()).where(
        Pairing.kind == "committee_grassroots", Pairing.ended_on.is_(None)).group_by(Pairing.mentor_id)).all())
    rows = [(i, n, counts.get(i, 0)) for i, n in session.execute(
        select(Deputy.id, Deputy.name).where(Deputy.committee_role.is_not(None)).order_by(Deputy.stroke_key))
        if counts.get(i, 0) < COMMITTEE_MIN]
    return pd.DataFrame(rows, columns=["id", "常委会组成人员", "联系基层代表数"])
