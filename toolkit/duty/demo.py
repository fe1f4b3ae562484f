"""Demo data of deputies' duties: activities at every station month by month since January 2025
(some stations skip a month, so the standards have someone behind), trainings at the county
centres, and yearly duty records. Fixed dates, so reports over them read the same any day."""
from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..network.models import Deputy, Seat, Station
from .models import Activity, ActivityAttendee, DutyRecord

ACTOR = "演示数据"
FIRST, LAST = (2025, 1), (2026, 11)
LAST_DAY = 15   # of the last month: the case demo's "today" is 2026-11-15
THEMES = ["优化营商环境", "乡村振兴", "平安建设", "生态环境保护", "养老服务", "教育惠民", "助企纾困", "文明创建",
          "防汛抗旱", "民生实事项目监督", "基层治理", "就业帮扶"]
KINDS = [("reception", "接待选民日", 40), ("theme", "月度主题活动", 20), ("bench", "板凳议事会", 12),
         ("evening", "屋场夜话", 8), ("survey", "调研视察", 10), ("household", "进村入户走访", 10)]


def _months():
    y, m = FIRST
    while (y, m) <= LAST:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def load_demo_duties(session: Session, seed: int = 5) -> int:
    """Activities, attendance and duty records; returns the number of activities."""
    rng = random.Random(seed)
    stations = list(session.execute(select(Station.id, Station.kind, Station.parent_id).where(Station.closed_on.is_(None))
                                    .order_by(Station.id)))
    members: dict[int, list[int]] = {}
    for d, sid in session.execute(select(Deputy.id, Deputy.station_id).where(Deputy.station_id.is_not(None)).order_by(Deputy.id)):
        members.setdefault(sid, []).append(d)
    local = [s for s in stations if s.kind in ("township_station", "village_point")]
    centres = [s for s in stations if s.kind == "county_center"]
    below: dict[int, list[int]] = {}
    for s in stations:
        if s.parent_id is not None:
            below.setdefault(s.parent_id, []).append(s.id)
    activities, attendance = [], []
    for y, m in _months():
        theme = THEMES[(m - 1) % len(THEMES)]
        for s in local:
            if rng.random() < 0.08:        # a month without an activity
                continue
            for _ in range(1 if rng.random() < 0.7 else 2):
                code, label, _w = rng.choices(KINDS, [k[2] for k in KINDS])[0]
                day = date(y, m, rng.randint(1, LAST_DAY if (y, m) == LAST else 28))
                who = [d for d in members.get(s.id, []) if rng.random() < 0.6]
                a = Activity(station_id=s.id, kind=code, held_on=day, title=f"{label}：{theme}", theme=theme,
                             citizens_received=rng.randint(5, 40) if code in ("reception", "bench", "evening") else 0,
                             created_by=ACTOR, created_at=datetime.combine(day, datetime.min.time()).replace(hour=18))
                activities.append((a, who))
        for c in centres:   # the county's monthly training for deputies enrolled below it
            day = date(y, m, min(15, LAST_DAY) if (y, m) == LAST else 15)
            pool = [d for sid in [c.id, *below.get(c.id, [])] for child in [sid, *below.get(sid, [])]
                    for d in members.get(child, [])]
            activities.append((Activity(station_id=c.id, kind="training", held_on=day, title=f"代表履职学习培训：{theme}",
                                        theme=theme, citizens_received=0, created_by=ACTOR,
                                        created_at=datetime.combine(day, datetime.min.time()).replace(hour=18)),
                               [d for d in dict.fromkeys(pool) if rng.random() < 0.7]))
    session.add_all(a for a, _ in activities)
    session.flush()
    for a, who in activities:
        attendance += [ActivityAttendee(activity_id=a.id, deputy_id=d) for d in who]
    session.add_all(attendance)
    county_deputies = list(session.scalars(select(Seat.deputy_id).where(Seat.level.in_(("county", "township")))
                                           .distinct().order_by(Seat.deputy_id)))
    records = []
    for d in county_deputies:
        for kind, share, day in (("diary", 0.8, date(2025, 12, 20)), ("story", 0.6, date(2025, 11, 28)),
                                 ("report_back", 0.5, date(2025, 12, 10)), ("diary", 0.3, date(2026, 6, 30))):
            if rng.random() < share:
                records.append(DutyRecord(deputy_id=d, kind=kind, done_on=day, created_by=ACTOR,
                                          title={"diary": "民情日志", "story": "履职故事", "report_back": "年度述职"}[kind]))
    session.add_all(records)
    session.flush()
    return len(activities)
