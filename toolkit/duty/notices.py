"""The duty area's reminders: a deputy on the rota is told the working day before (Friday tells Saturday's,
Sunday's and Monday's turns: reminders wait for working days; the key names the turn's day, so each is
added once)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.glossary import SERVICE_POSTS
from ..core.workdays import WorkCalendar
from ..network.models import Station
from ..notify.addresses import of_deputy, tell
from .models import RotaTurn


def rota_tomorrow(session: Session, today: date) -> int:
    """To each deputy with a rota turn from tomorrow up to the next working day: where and at which post."""
    calendar, last = WorkCalendar.load(session), today + timedelta(days=1)
    while not calendar.is_workday(last) and last < today + timedelta(days=10):
        last += timedelta(days=1)
    sent = 0
    for deputy_id, day, post, station in session.execute(
            select(RotaTurn.deputy_id, RotaTurn.day, RotaTurn.post, Station.name)
            .join(Station, Station.id == RotaTurn.station_id)
            .where(RotaTurn.day > today, RotaTurn.day <= last).order_by(RotaTurn.day, RotaTurn.deputy_id, RotaTurn.id)):
        sent += tell(session, f"rota-turn:{deputy_id}:{day}:{post}", of_deputy(session, deputy_id), "进站值班提醒",
                     f"代表您好：{day.month}月{day.day}日请到{station}{SERVICE_POSTS.get(post, post)}值班。", "rota_tomorrow")
    return sent
