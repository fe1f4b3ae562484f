"""The loop's figures, counted by the database: received, concluded, 办结率, 满意率, overdue, and each
unit's load (department_load).

One GROUP BY query per request. Grouped by station (or station × month) the query reads only the
covering index ix_case_figures, in its order, and names the stations afterwards — 713 names
instead of a join per case row."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..core.glossary import FIGURE_DIMENSIONS
from ..core.sql_dates import year_month
from ..network.department_directory import reached_by
from ..network.models import Department, Station
from .due import overdue_condition
from .models import Case
from .queries import within_scope
from .rules import CONCLUDED

COLUMNS = ["受理", "办结", "办结率", "评价", "满意", "基本满意", "不满意", "满意率", "超期",
           "平均答复天数"]
RATE_NOTE = "办结率 = 办结 / 受理；满意率 = (满意 + 基本满意) / 已评价"


def _count_if(cond):
    return func.sum(sql_case((cond, 1), else_=0))


def _measures(today: date):
    return [func.count(Case.id), _count_if(Case.state == CONCLUDED),
            func.count(Case.rating), _count_if(Case.rating == "满意"),
            _count_if(Case.rating == "基本满意"), _count_if(Case.rating == "不满意"),
            _count_if(overdue_condition(today)), func.avg(Case.days_to_answer)]


def _group(by: str):
    """The key columns, the join each dimension needs, and the GROUP BY."""
    month = year_month(Case.received_on)
    if by == "station":
        return [Case.station_id], lambda q: q, [Case.station_id]
    if by == "station_month":
        return [Case.station_id, month], lambda q: q, [Case.station_id, month]
    if by == "county":
        st = aliased(Station)
        return [func.coalesce(st.name, "（未归属县区）")], \
            lambda q: q.outerjoin(st, st.id == Case.county_id), [st.name]
    if by == "department":
        d = aliased(Department)
        return [func.coalesce(d.name, "（站点就地办理）")], \
            lambda q: q.outerjoin(d, d.id == Case.department_id), [d.name]
    if by == "category":
        return [Case.category], lambda q: q, [Case.category]
    if by == "month":
        return [month], lambda q: q, [month]
    if by == "all":
        return [], lambda q: q, []
    raise ValueError(f"不支持按「{by}」统计，可选：{'、'.join(FIGURE_DIMENSIONS)}")


def figures_query(by: str = "all", date_from: date | None = None, date_to: date | None = None,
                  today: date | None = None, stations: list[int] | None = None):
    """The one GROUP BY statement behind case_figures (its plan is tested)."""
    keys, join, group = _group(by)
    q = join(select(*keys, *_measures(today or date.today())).select_from(Case))
    if stations is not None:
        q = q.where(Case.station_id.in_(stations))
    if date_from:
        q = q.where(Case.received_on >= date_from)
    if date_to:
        q = q.where(Case.received_on <= date_to)
    return q.group_by(*group).order_by(*group) if group else q


def case_figures(session: Session, by: str = "all", date_from: date | None = None,
                 date_to: date | None = None, today: date | None = None,
                 stations: list[int] | None = None) -> pd.DataFrame:
    """One row per group (one GROUP BY query), rates as fractions rounded to 4 places.

    `stations` limits the count to cases received at those stations (a subtree, for reports);
    the session's user counts only the cases they may see (their stations', department's, own)."""
    q = within_scope(figures_query(by, date_from, date_to, today, stations), session)
    key_names = {"station_month": ["站点", "月份"], "all": []}.get(by, [FIGURE_DIMENSIONS[by]])
    # Core, not ORM, execution and plain tuples: for 23,000 station × month rows the ORM's row
    # handling and pandas inspecting each Row object took longer than the query.
    raw = pd.DataFrame([tuple(r) for r in session.connection().execute(q)],
                       columns=key_names + ["受理", "办结", "评价", "满意", "基本满意", "不满意", "超期",
                                            "平均答复天数"])
    if by == "all":   # no GROUP BY: always exactly one row, zeros on an empty database
        key_names = ["合计"]
        raw.insert(0, "合计", "合计")
    if by in ("station", "station_month"):
        names = dict(session.execute(select(Station.id, Station.name)).all())
        raw["站点"] = raw["站点"].map(names)
        # Station order, as the list of stations reads (name order, months within).
        raw = raw.sort_values(key_names, kind="stable", ignore_index=True)
    counts = ["办结", "评价", "满意", "基本满意", "不满意", "超期"]
    raw[counts] = raw[counts].fillna(0).astype("int64")
    raw["受理"] = raw["受理"].astype("int64")
    raw["办结率"] = _rate(raw["办结"], raw["受理"])
    raw["满意率"] = _rate(raw["满意"] + raw["基本满意"], raw["评价"])
    raw["平均答复天数"] = pd.to_numeric(raw["平均答复天数"]).astype("float64").round(1)   # NaN: none answered
    return raw[key_names + COLUMNS].reset_index(drop=True)


def _rate(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0)).fillna(0.0).round(4)


def department_load(session: Session, today: date | None = None) -> pd.DataFrame:
    """Each unit with its open, overdue and concluded cases (one GROUP BY)."""
    today = today or date.today()
    rows = session.execute(
        select(Department.id, Department.name, Department.contact, Department.phone, Department.email,
               Department.robot_url, _count_if(Case.state != CONCLUDED), _count_if(overdue_condition(today)),
               _count_if(Case.state == CONCLUDED))
        .outerjoin(Case, Case.department_id == Department.id)
        .group_by(Department.id, Department.name, Department.contact, Department.phone, Department.email,
                  Department.robot_url)
        .order_by(Department.name)).all()
    return pd.DataFrame([(i, n, c or "", p or "", reached_by(e, r), o or 0, l or 0, d or 0)
                         for i, n, c, p, e, r, o, l, d in rows],
                        columns=["id", "承办单位", "联系人", "电话", "通知方式", "在办", "超期", "已办结"])


def opinions_by_station(session: Session, days: int | None = 365, today: date | None = None,
                        by=Case.station_id) -> dict[int, int]:
    """Opinions received at each station (or, with `by=Case.point_id`, each mobile point) in the last
    `days` days (all, when None), counted by the database within the user's scope: what the map shows
    around each pin."""
    q = within_scope(select(by, func.count()).where(by.is_not(None)).group_by(by), session)
    if days is not None:
        q = q.where(Case.received_on >= (today or date.today()) - timedelta(days=days))
    return dict(session.execute(q).all())


def opinions_by_point(session: Session, days: int | None = None, today: date | None = None) -> dict[int, int]:
    """Opinions left at each mobile point (流动联络站) within the user's scope."""
    return opinions_by_station(session, days, today, by=Case.point_id)


def opinions_by_grid(session: Session, days: int | None = None, today: date | None = None) -> dict[int, int]:
    """Opinions that carry a grid (handed on by its grid worker) per grid, within the user's scope."""
    return opinions_by_station(session, days, today, by=Case.grid_id)
