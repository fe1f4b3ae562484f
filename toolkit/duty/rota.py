"""The duty rota (轮值排班) of a station's service posts for a month.

The plan fills each (day, post) from the station's deputies: never on a day a deputy marked as
unavailable, never twice on one day, turns spread evenly (the fewest turns so far goes first),
and among equals a deputy whose specialty suits the post. A slot no one can take stays empty and
is reported. Saving replaces the month's rota in one transaction."""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.audit import record
from ..core.errors import FieldError, ToolkitError, ValidationFailed
from ..core.glossary import POST_SPECIALTIES, SERVICE_POSTS
from ..core.principal import acting_name
from ..network.models import Deputy
from ..network.stations import get_station
from .models import RotaTurn, Unavailability
from .standards import parse_period

WEEKDAYS = "一二三四五六日"


@dataclass
class RotaPlan:
    """Turns as (day, post, deputy id), the slots left empty, and each deputy's count."""

    station_id: int
    month: str
    turns: list[tuple[date, str, int]]
    empty: list[tuple[date, str]]
    names: dict[int, str]


def _days(month: str, weekdays: tuple[int, ...]) -> list[date]:
    start, end, _ = parse_period(month)
    if (start.day, end.day) != (1, monthrange(start.year, start.month)[1]) or start.month != end.month:
        raise ToolkitError("排班以月为单位，请写作 2026-05")
    return [date(start.year, start.month, d) for d in range(1, end.day + 1)
            if date(start.year, start.month, d).weekday() in weekdays]


def suits(specialty: str | None, post: str) -> bool:
    """Whether a deputy's specialty suits a post."""
    return bool(specialty) and any(word in specialty for word in POST_SPECIALTIES[post])


def plan_rota(session: Session, station_id: int, month: str, posts: tuple[str, ...] = tuple(SERVICE_POSTS),
              weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> RotaPlan:
    """A month's plan for the station (not saved)."""
    station = get_station(session, station_id)
    if station.closed_on is not None:
        raise ToolkitError(f"「{station.name}」已撤销")
    unknown = [p for p in posts if p not in SERVICE_POSTS]
    if unknown or not posts:
        raise ToolkitError(f"未知的服务岗：{'、'.join(unknown)}" if unknown else "请至少选择一个服务岗")
    if not weekdays or any(d not in range(7) for d in weekdays):
        raise ToolkitError("请选择值班的星期")
    days = _days(month, weekdays)
    people = list(session.execute(select(Deputy.id, Deputy.name, Deputy.specialty)
                                  .where(Deputy.station_id == station_id).order_by(Deputy.id)))
    if not people:
        raise ToolkitError(f"「{station.name}」没有进站代表，无法排班")
    off = {(d, day) for d, day in session.execute(
        select(Unavailability.deputy_id, Unavailability.day).where(
            Unavailability.deputy_id.in_([p.id for p in people]), Unavailability.day >= days[0] if days else True,
            Unavailability.day <= days[-1] if days else True))}
    turns, empty, count = [], [], {p.id: 0 for p in people}
    for day in days:
        taken: set[int] = set()
        for post in posts:
            free = [p for p in people if p.id not in taken and (p.id, day) not in off]
            if not free:
                empty.append((day, post))
                continue
            pick = min(free, key=lambda p: (count[p.id], not suits(p.specialty, post), p.id))
            turns.append((day, post, pick.id))
            taken.add(pick.id)
            count[pick.id] += 1
    return RotaPlan(station_id, month, turns, empty, {p.id: p.name for p in people})


def save_rota(session: Session, plan: RotaPlan) -> int:
    """Replace the station's rota for the month with the plan."""
    actor = acting_name(session)
    require(session, "rota.edit", station_id=plan.station_id, target=plan.month)
    days = sorted({d for d, _, _ in plan.turns} | {d for d, _ in plan.empty})
    start, end, _ = parse_period(plan.month)
    session.execute(delete(RotaTurn).where(RotaTurn.station_id == plan.station_id, RotaTurn.day >= start,
                                           RotaTurn.day <= end))
    session.add_all(RotaTurn(station_id=plan.station_id, day=d, post=p, deputy_id=i) for d, p, i in plan.turns)
    session.flush()
    record(session, actor, "rota", plan.station_id, "update", after={"月份": plan.month, "班次": len(plan.turns),
                                                                      "空缺": len(plan.empty), "天数": len(days)})
    return len(plan.turns)


def mark_unavailable(session: Session, deputy_id: int, day: date, reason: str = "") -> None:
    """A deputy cannot take a turn that day."""
    deputy = session.get(Deputy, deputy_id)
    if deputy is None:
        raise ValidationFailed([FieldError("代表", "找不到该代表")])
    require(session, "rota.edit", station_id=deputy.station_id, target=deputy.name)
    if not isinstance(day, date):
        raise ValidationFailed([FieldError("日期", "请填写日期")])
    if session.scalar(select(Unavailability.id).where(Unavailability.deputy_id == deputy_id, Unavailability.day == day)):
        return
    session.add(Unavailability(deputy_id=deputy_id, day=day, reason=(reason or "").strip() or None))
    session.flush()


def plan_table(plan: RotaPlan) -> pd.DataFrame:
    """Day × post with the deputy's name (空缺 for an empty slot), for screens and printing."""
    used = {p for _, p, _ in plan.turns} | {p for _, p in plan.empty}
    posts = [p for p in SERVICE_POSTS if p in used]
    grid: dict[date, dict[str, str]] = {}
    for d, p, i in plan.turns:
        grid.setdefault(d, {})[p] = plan.names[i]
    for d, p in plan.empty:
        grid.setdefault(d, {})[p] = "空缺"
    rows = [[f"{d:%m-%d}（{WEEKDAYS[d.weekday()]}）", *[grid[d].get(p, "") for p in posts]] for d in sorted(grid)]
    return pd.DataFrame(rows, columns=["日期", *[SERVICE_POSTS[p] for p in posts]])


def saved_rota(session: Session, station_id: int, month: str) -> RotaPlan:
    """The saved rota of a month as a plan."""
    start, end, _ = parse_period(month)
    rows = list(session.execute(select(RotaTurn.day, RotaTurn.post, RotaTurn.deputy_id, Deputy.name)
                                .join(Deputy, Deputy.id == RotaTurn.deputy_id)
                                .where(RotaTurn.station_id == station_id, RotaTurn.day >= start, RotaTurn.day <= end)
                                .order_by(RotaTurn.day, RotaTurn.post)))
    return RotaPlan(station_id, month, [(d, p, i) for d, p, i, _ in rows], [], {i: n for _, _, i, n in rows})


def on_duty(session: Session, station_ids: list[int], today: date | None = None,
            days: int = 14) -> dict[int, list[tuple[date, str]]]:
    """Station id → (day, deputy's name) of its rota turns in the next `days` days, by day: the
    deputies on duty that the citizens' 找联络站 page shows."""
    today = today or date.today()
    out: dict[int, list[tuple[date, str]]] = {}
    for sid, day, name in session.execute(
            select(RotaTurn.station_id, RotaTurn.day, Deputy.name).join(Deputy, Deputy.id == RotaTurn.deputy_id)
            .where(RotaTurn.station_id.in_(station_ids), RotaTurn.day >= today,
                   RotaTurn.day < today + timedelta(days=days)).order_by(RotaTurn.day, Deputy.stroke_key)):
        out.setdefault(sid, []).append((day, name))
    return out
