"""The progress board (办理进度追踪图): open cases by unit, deadline and stage — no personal data."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..core.glossary import CASE_STATES
from ..core.workdays import WorkCalendar
from ..network.models import Department, Station
from ..network.station_index import StationIndex
from .due import overdue_condition
from .models import Case
from .rules import CONCLUDED, WAITING_FOR_ANSWER

BOARD_COLUMNS = ["编号", "类别", "所属站点", "承办单位", "办理时限", "当前阶段", "剩余天数"]


def _scope(q, session: Session, station_id: int | None):
    if station_id is not None:
        q = q.where(Case.station_id.in_(StationIndex.load(session).subtree(station_id)))
    return q


def board_cases(session: Session, station_id: int | None = None, limit: int = 40,
                today: date | None = None) -> pd.DataFrame:
    """Cases being handled, the most urgent first (overdue, then nearest deadline)."""
    today = today or date.today()
    st, dept = aliased(Station), aliased(Department)
    no_deadline = sql_case((Case.deadline.is_(None), 1), else_=0)
    q = (select(Case.number, Case.category, st.name, dept.name, Case.deadline, Case.state)
         .join(st, st.id == Case.station_id).outerjoin(dept, dept.id == Case.department_id)
         .where(Case.state.in_(WAITING_FOR_ANSWER))
         .order_by(no_deadline, Case.deadline, Case.id).limit(limit))
    cal = WorkCalendar.load(session)      # 剩余天数 are working days (negative: overdue by so many)
    rows = [(n, c, s, d or "", dl or "", CASE_STATES[state], cal.between(today, dl) if dl else None)
            for n, c, s, d, dl, state in session.execute(_scope(q, session, station_id))]
    return pd.DataFrame(rows, columns=BOARD_COLUMNS)


def board_stages(session: Session, station_id: int | None = None, today: date | None = None) -> pd.DataFrame:
    """How many open cases sit at each stage, and how many of them are overdue."""
    today = today or date.today()
    late = func.sum(sql_case((overdue_condition(today), 1), else_=0))
    q = select(Case.state, func.count(Case.id), late).where(Case.state != CONCLUDED).group_by(Case.state)
    found = {s: (n, l or 0) for s, n, l in session.execute(_scope(q, session, station_id))}
    rows = [(CASE_STATES[s], *found.get(s, (0, 0))) for s in CASE_STATES if s != CONCLUDED]
    return pd.DataFrame(rows, columns=["阶段", "件数", "其中超期"])
