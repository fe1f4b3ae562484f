"""Coverage of enrolment (全部编组进站): enrolled / total, by level and by station."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..core.glossary import LEVELS, kind_label
from .models import Deputy, Seat
from .station_index import StationIndex


def _rate(enrolled: int, total: int) -> float:
    return round(enrolled / total, 4) if total else 0.0


def coverage_summary(session: Session) -> dict:
    """Headline figures: total deputies, enrolled, not enrolled, rate."""
    total, enrolled = session.execute(select(
        func.count(Deputy.id), func.count(Deputy.station_id))).one()
    return {"代表总数": total, "已进站": enrolled, "未进站": total - enrolled,
            "覆盖率": _rate(enrolled, total)}


def coverage_by_level(session: Session) -> pd.DataFrame:
    """Per level: deputies holding a seat there, how many are enrolled, the rate."""
    enrolled = func.sum(case((Deputy.station_id.is_not(None), 1), else_=0))
    rows = dict((lv, (t, e or 0)) for lv, t, e in session.execute(
        select(Seat.level, func.count(func.distinct(Seat.deputy_id)), enrolled)
        .join(Deputy, Deputy.id == Seat.deputy_id).group_by(Seat.level)))
    out = [{"层级": label, "代表数": rows.get(code, (0, 0))[0],
            "已进站": rows.get(code, (0, 0))[1]} for code, label in LEVELS.items()]
    df = pd.DataFrame(out)
    df["未进站"] = df["代表数"] - df["已进站"]
    df["覆盖率"] = [_rate(e, t) for e, t in zip(df["已进站"], df["代表数"])]
    return df


def coverage_by_station(session: Session, parent_id: int | None = None) -> pd.DataFrame:
    """Deputies enrolled in each station below `parent_id` (its whole subtree counted).

    With no parent, the stations one level under the root(s) — the county centres — are listed.
    """
    index = StationIndex.load(session)
    direct = dict(session.execute(
        select(Deputy.station_id, func.count()).where(Deputy.station_id.is_not(None))
        .group_by(Deputy.station_id)).all())
    residents = dict(session.execute(
        select(Deputy.station_id, func.count()).where(Deputy.is_resident.is_(True))
        .group_by(Deputy.station_id)).all())
    if parent_id is None:
        roots = index.children.get(None, [])
        ids = [c for r in roots for c in index.children.get(r, [])] or roots
    else:
        ids = index.children.get(parent_id, [])
    rows = []
    for sid in ids:
        sub = index.subtree(sid)
        r = index.by_id[sid]
        rows.append({"id": sid, "联络站": r.name, "类型": kind_label(r.kind),
                     "本站代表": direct.get(sid, 0),
                     "含下级代表": sum(direct.get(s, 0) for s in sub),
                     "驻站代表": sum(residents.get(s, 0) for s in sub),
                     "下级站点数": len(sub) - 1, "已撤销": r.closed})
    return pd.DataFrame(rows, columns=["id", "联络站", "类型", "本站代表", "含下级代表",
                                       "驻站代表", "下级站点数", "已撤销"])


def unenrolled_ids(session: Session) -> list[int]:
    """Deputies with no home station, by surname strokes."""
    return list(session.scalars(select(Deputy.id).where(Deputy.station_id.is_(None))
                                .order_by(Deputy.stroke_key, Deputy.id)))
