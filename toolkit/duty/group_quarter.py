"""A deputy group's quarter at a glance (代表小组季度): did it meet, who of its members came, what came of it
(the opinions raised at its activities) — every group of the user's scope in one table, counted by the database."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ..core.scope import scope_of
from ..network.group_models import DeputyGroup, DeputyGroupMember
from ..network.models import Deputy
from .models import Activity, ActivityAttendee, ActivityCase
from .standards import parse_period

COLUMNS = ["小组", "组长", "成员数", "活动次数", "最近活动", "成员参加人次", "参加过的成员", "未参加的成员", "收集意见", "是否开展活动"]


def current_quarter(today: date | None = None) -> str:
    """"2026-Q4" for a day in October to December."""
    today = today or date.today()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def group_quarter(session: Session, period: str | None = None) -> pd.DataFrame:
    """One row per group: its activities in the period (a quarter by default), the members who came
    (a member counts once however often they came), the ones who did not, the opinions raised."""
    start, end, _ = parse_period(period or current_quarter())
    groups = session.execute(select(DeputyGroup.id, DeputyGroup.name, Deputy.name)
                             .outerjoin(Deputy, Deputy.id == DeputyGroup.leader_id)
                             .where(scope_of(session).where(station=DeputyGroup.station_id))
                             .order_by(DeputyGroup.station_id, DeputyGroup.name)).all()
    ids = [g[0] for g in groups]
    held = (Activity.group_id.in_(ids)) & (Activity.held_on >= start) & (Activity.held_on <= end)
    meetings = dict((g, (n, last)) for g, n, last in session.execute(
        select(Activity.group_id, func.count(), func.max(Activity.held_on)).where(held).group_by(Activity.group_id)))
    member = (DeputyGroupMember.group_id == Activity.group_id) & (DeputyGroupMember.deputy_id == ActivityAttendee.deputy_id)
    came = dict((g, (n, d)) for g, n, d in session.execute(
        select(Activity.group_id, func.count(), func.count(distinct(ActivityAttendee.deputy_id)))
        .join(ActivityAttendee, ActivityAttendee.activity_id == Activity.id).join(DeputyGroupMember, member)
        .where(held).group_by(Activity.group_id)))
    raised = dict(session.execute(select(Activity.group_id, func.count()).join(ActivityCase).where(held)
                                  .group_by(Activity.group_id)).all())
    absent = _absent(session, ids, held)
    sizes = dict(session.execute(select(DeputyGroupMember.group_id, func.count())
                                 .where(DeputyGroupMember.group_id.in_(ids)).group_by(DeputyGroupMember.group_id)).all())
    rows = []
    for gid, name, leader in groups:
        n, last = meetings.get(gid, (0, None))
        visits, people = came.get(gid, (0, 0))
        rows.append([name, leader or "", sizes.get(gid, 0), n, last, visits, people, "、".join(absent.get(gid, [])),
                     raised.get(gid, 0), "是" if n else "否"])
    return pd.DataFrame(rows, columns=COLUMNS)


def _absent(session: Session, ids: list[int], held) -> dict[int, list[str]]:
    """Members who came to none of the group's activities in the period, by group."""
    attended = (select(Activity.group_id, ActivityAttendee.deputy_id)
                .join(ActivityAttendee, ActivityAttendee.activity_id == Activity.id).where(held))
    seen = {(g, d) for g, d in session.execute(attended)}
    out: dict[int, list[str]] = {}
    for gid, did, name in session.execute(select(DeputyGroupMember.group_id, Deputy.id, Deputy.name).join(Deputy)
                                          .where(DeputyGroupMember.group_id.in_(ids)).order_by(Deputy.stroke_key)):
        if (gid, did) not in seen:
            out.setdefault(gid, []).append(name)
    return out
