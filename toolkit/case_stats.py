"""The loop's figures, counted by the database: received, concluded, 办结率, 满意率, overdue."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import case as sql_case, extract, func, select
from sqlalchemy.orm import Session, aliased

from .case_models import Case, Department
from .case_queries import overdue_condition
from .models import Station

DIMENSIONS = {"station": "站点", "county": "县区", "department": "承办单位",
              "category": "类别", "month": "月份", "all": "合计"}
COLUMNS = ["受理", "办结", "办结率", "评价", "满意", "基本满意", "不满意", "满意率", "超期",
           "平均答复天数"]
RATE_NOTE = "办结率 = 办结 / 受理；满意率 = (满意 + 基本满意) / 已评价"


def _measures(today: date):
    def count_if(cond):
        return func.sum(sql_case((cond, 1), else_=0))
    return [func.count(Case.id), count_if(Case.state == "concluded"),
            count_if(Case.rating.is_not(None)), count_if(Case.rating == "满意"),
            count_if(Case.rating == "基本满意"), count_if(Case.rating == "不满意"),
            count_if(overdue_condition(today)), func.avg(Case.days_to_answer)]


def _group(by: str):
    """The key column(s) and the join each dimension needs."""
    if by == "station":
        st = aliased(Station)
        return [st.name], lambda q: q.join(st, st.id == Case.station_id), [st.name]
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
        y, m = extract("year", Case.received_on), extract("month", Case.received_on)
        return [y, m], lambda q: q, [y, m]
    if by == "all":
        return [], lambda q: q, []
    raise ValueError(f"不支持按「{by}」统计，可选：{'、'.join(DIMENSIONS)}")


def case_figures(session: Session, by: str = "all", date_from: date | None = None,
                 date_to: date | None = None, today: date | None = None,
                 stations: list[int] | None = None) -> pd.DataFrame:
    """One row per group (one GROUP BY query), rates as fractions rounded to 4 places.

    `stations` limits the count to cases received at those stations (a subtree, for reports)."""
    today = today or date.today()
    keys, join, group = _group(by)
    q = join(select(*keys, *_measures(today)).select_from(Case))
    if stations is not None:
        q = q.where(Case.station_id.in_(stations))
    if date_from:
        q = q.where(Case.received_on >= date_from)
    if date_to:
        q = q.where(Case.received_on <= date_to)
    if group:
        q = q.group_by(*group).order_by(*group)
    rows = []
    for r in session.execute(q):
        key = r[:len(keys)]
        received, concluded, rated, sat, basic, unsat, late, avg_days = r[len(keys):]
        label = (f"{int(key[0])}-{int(key[1]):02d}" if by == "month" else key[0]) if keys else "合计"
        rows.append([label, received, concluded or 0, _rate(concluded, received), rated or 0,
                     sat or 0, basic or 0, unsat or 0, _rate((sat or 0) + (basic or 0), rated),
                     late or 0, round(float(avg_days), 1) if avg_days is not None else None])
    df = pd.DataFrame(rows, columns=[DIMENSIONS[by], *COLUMNS])
    if by == "all" and df.empty:
        df.loc[0] = ["合计", 0, 0, 0.0, 0, 0, 0, 0, 0.0, 0, None]
    return df


def _rate(part, whole) -> float:
    return round((part or 0) / whole, 4) if whole else 0.0
