"""Reading cases: filtered, within the user's scope, overdue first, paged by the database; contacts masked
for whoever does not handle them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import case as sql_case
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from ..core.errors import NotFound
from ..core.glossary import CASE_KINDS, CASE_STATES, CHANNELS, SUPERVISION
from ..core.personal_data import mask_name, mask_phone, sees_personal_data
from ..core.principal import principal_of
from ..core.scope import scope_of
from ..core.workdays import WorkCalendar
from ..network.models import Department, Deputy, Station
from ..network.station_index import StationIndex
from .due import is_overdue, overdue_condition
from .models import Case
from .rules import CONCLUDED

LIST_COLUMNS = ["id", "编号", "受理日期", "渠道", "类别", "反映内容", "所属站点", "接收代表",
                "承办单位", "办理时限", "状态", "督办", "超期", "反映人", "联系电话", "version"]


@dataclass
class CaseFilter:
    """What staff narrowed the case list to; empty fields do not filter."""

    text: str = ""
    state: str | None = None
    open_only: bool = False
    overdue_only: bool = False
    channel: str | None = None
    category: str | None = None
    station_id: int | None = None      # this station and all below it
    department_id: int | None = None
    deputy_id: int | None = None
    supervised_only: bool = False
    date_from: date | None = None
    date_to: date | None = None


def _where(q, f: CaseFilter, session: Session, today: date):
    if f.text.strip():
        like = f"%{f.text.strip()}%"
        q = q.where(or_(Case.number.like(like), Case.content.like(like), Case.place.like(like)))
    conditions = [
        (f.state, lambda: Case.state == f.state),
        (f.open_only, lambda: Case.state != CONCLUDED),
        (f.overdue_only, lambda: overdue_condition(today)),
        (f.channel, lambda: Case.channel == f.channel),
        (f.category, lambda: Case.category == f.category),
        (f.department_id, lambda: Case.department_id == f.department_id),
        (f.deputy_id, lambda: Case.deputy_id == f.deputy_id),
        (f.supervised_only, lambda: Case.supervision.is_not(None)),
        (f.date_from, lambda: Case.received_on >= f.date_from),
        (f.date_to, lambda: Case.received_on <= f.date_to),
    ]
    for given, condition in conditions:
        if given:
            q = q.where(condition())
    if f.station_id is not None:
        q = q.where(Case.station_id.in_(StationIndex.load(session).subtree(f.station_id)))
    return within_scope(q, session)


def within_scope(q, session: Session):
    """Only the cases the session's user may see: their stations', their department's, their own."""
    scope = scope_of(session)
    if scope.everything:
        return q
    return q.where(scope.where(station=Case.station_id, department=Case.department_id, deputy=Case.deputy_id))


def handles_personal_data(session: Session, c: Case) -> bool:
    """Whether the session's user handles this citizen's contact: staff of the case's station (and
    administrators above it), the department it was given to, the deputy who received it."""
    return sees_personal_data(principal_of(session)) and \
        scope_of(session).covers(station_id=c.station_id, department_id=c.department_id, deputy_id=c.deputy_id)


def count_cases(session: Session, f: CaseFilter, today: date | None = None) -> dict[str, int]:
    """How many match, and how many of those are overdue."""
    today = today or date.today()
    overdue = func.sum(sql_case((overdue_condition(today), 1), else_=0))
    total, late = session.execute(_where(select(func.count(Case.id), overdue), f, session, today)).one()
    return {"total": total, "overdue": late or 0}


def list_cases(session: Session, f: CaseFilter, page: int = 1, page_size: int = 50,
               today: date | None = None, reveal: bool = False) -> pd.DataFrame:
    """One page of cases, overdue first, then supervised, then newest; personal data masked."""
    today = today or date.today()
    late = sql_case((overdue_condition(today), 0), else_=1)
    watched = sql_case((Case.supervision.is_not(None), 0), else_=1)
    q = _where(select(Case.id), f, session, today).order_by(
        late, watched, Case.received_at.desc(), Case.id.desc())
    if page_size:
        q = q.offset((max(page, 1) - 1) * page_size).limit(page_size)
    return case_rows(session, list(session.scalars(q)), today, reveal)


def case_rows(session: Session, ids: list[int], today: date, reveal: bool = False) -> pd.DataFrame:
    """The list columns for the given cases, in order."""
    if not ids:
        return pd.DataFrame(columns=LIST_COLUMNS)
    st, dept, dep = aliased(Station), aliased(Department), aliased(Deputy)
    result = session.execute(
        select(Case, st.name, dep.name, dept.name).join(st, st.id == Case.station_id)
        .outerjoin(dep, dep.id == Case.deputy_id).outerjoin(dept, dept.id == Case.department_id)
        .where(Case.id.in_(ids))).all()
    by_id = {c.id: (c, s, d, u) for c, s, d, u in result}
    cal = WorkCalendar.load(session)        # days overdue are working days
    out = []
    for i in ids:
        c, station, deputy, unit = by_id[i]
        late = is_overdue(c.state, c.deadline, today)
        out.append([c.id, c.number, c.received_on, CHANNELS[c.channel], c.category,
                    _short(c.content), station, deputy or "", unit or "", c.deadline or "",
                    CASE_STATES[c.state] + ("（二次办理）" if c.rounds > 1 and c.state != CONCLUDED else ""),
                    SUPERVISION.get(c.supervision, "") + (f"·{c.supervisor}" if c.supervisor else ""),
                    f"超期{cal.between(c.deadline, today)}个工作日" if late else "",
                    c.citizen_name or "" if reveal and handles_personal_data(session, c) else mask_name(c.citizen_name),
                    c.citizen_phone or "" if reveal and handles_personal_data(session, c) else mask_phone(c.citizen_phone),
                    c.version])
    return pd.DataFrame(out, columns=LIST_COLUMNS)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def case_detail(session: Session, case_id: int, reveal: bool = True) -> dict:
    """Everything about one case for its page (the handler sees the citizen's contact)."""
    visible = session.scalar(within_scope(select(Case.id).where(Case.id == case_id), session))
    df = case_rows(session, [case_id], date.today(), reveal) if visible else pd.DataFrame()
    if df.empty:
        raise NotFound(f"案件（编号{case_id}）不存在")
    row = df.iloc[0].to_dict()
    c = session.get(Case, case_id)
    row.update({"反映内容": c.content, "地点": c.place or "", "类型": CASE_KINDS[c.kind],
                "state": c.state, "station_id": c.station_id, "评价": c.rating or "", "办理轮次": c.rounds,
                "答复日期": c.answered_on or "", "办结日期": c.concluded_on or ""})
    return row
