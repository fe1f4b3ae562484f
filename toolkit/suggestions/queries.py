"""Reading suggestions: filtered, within the user's scope, the late ones first, paged by the
database; one suggestion with its 附议代表 and 协办单位. Scope as for cases: station roles see the
suggestions of their stations' deputies, a unit those it hosts or helps with, a deputy their own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, aliased

from ..core.errors import NotFound
from ..core.glossary import SUGGESTION_CLASSES
from ..core.scope import scope_of
from ..network.models import Department, Deputy
from .models import Suggestion, SuggestionCosigner, SuggestionCoUnit

LIST_COLUMNS = ["id", "建议编号", "标题", "领衔代表", "主办单位", "交办日期", "答复期限", "答复日期", "答复类别",
                "代表意见", "状态", "重点督办"]
STATUSES = {"unassigned": "未交办", "open": "办理中", "late": "超期未答复", "answered": "已答复",
            "promise_late": "B类逾期未落实", "done": "已落实"}


@dataclass
class SuggestionFilter:
    """What staff narrowed the list to; empty fields do not filter."""

    text: str = ""
    unit_id: int | None = None
    category: str | None = None
    status: str | None = None          # a key of STATUSES
    answer_class: str | None = None
    key_only: bool = False


def _status_conditions(today: date) -> dict:
    s = Suggestion
    answered = s.answered_on.is_not(None)
    promise_late = and_(s.answer_class == "B", s.promised_on < today, s.done_on.is_(None))
    return {"unassigned": s.assigned_on.is_(None),
            "open": and_(s.assigned_on.is_not(None), ~answered, or_(s.answer_due.is_(None), s.answer_due >= today)),
            "late": and_(~answered, s.answer_due < today),
            "answered": and_(answered, ~promise_late, s.done_on.is_(None)),
            "promise_late": promise_late,
            "done": s.done_on.is_not(None)}


def within_scope(q, session: Session):
    scope = scope_of(session)
    if scope.everything:
        return q
    lead = aliased(Deputy)
    helps = exists().where(SuggestionCoUnit.suggestion_id == Suggestion.id,
                           scope.where(department=SuggestionCoUnit.department_id))
    return q.join(lead, lead.id == Suggestion.lead_deputy_id).where(
        or_(scope.where(station=lead.station_id, department=Suggestion.main_unit_id, deputy=Suggestion.lead_deputy_id),
            helps))


def _where(q, f: SuggestionFilter, session: Session, today: date):
    if f.text.strip():
        like = f"%{f.text.strip()}%"
        q = q.where(or_(Suggestion.number.like(like), Suggestion.title.like(like), Suggestion.content.like(like)))
    for value, condition in ((f.unit_id, lambda: Suggestion.main_unit_id == f.unit_id),
                             (f.category, lambda: Suggestion.category == f.category),
                             (f.answer_class, lambda: Suggestion.answer_class == f.answer_class),
                             (f.key_only, lambda: Suggestion.key_supervision.is_(True)),
                             (f.status, lambda: _status_conditions(today)[f.status])):
        if value:
            q = q.where(condition())
    return within_scope(q, session)


def count_suggestions(session: Session, f: SuggestionFilter, today: date | None = None) -> dict[str, int]:
    """How many match, and how many of them are unanswered past their due day."""
    today = today or date.today()
    late = func.sum(sql_case((_status_conditions(today)["late"], 1), else_=0))
    total, n_late = session.execute(_where(select(func.count(Suggestion.id), late), f, session, today)).one()
    return {"total": total, "late": n_late or 0}


def _status(row, today: date) -> str:
    if row.done_on:
        return STATUSES["done"]
    if row.answered_on:
        late = row.answer_class == "B" and row.promised_on and row.promised_on < today
        return STATUSES["promise_late" if late else "answered"]
    if row.assigned_on is None:
        return STATUSES["unassigned"]
    return STATUSES["late" if row.answer_due and row.answer_due < today else "open"]


def list_suggestions(session: Session, f: SuggestionFilter, page: int = 1, page_size: int = 50,
                     today: date | None = None) -> pd.DataFrame:
    """One page: unanswered past their due day first, then 重点督办, then by number."""
    today = today or date.today()
    lead, unit = aliased(Deputy), aliased(Department)
    late = sql_case((_status_conditions(today)["late"], 0), else_=1)
    key = sql_case((Suggestion.key_supervision.is_(True), 0), else_=1)
    # The page's ids first, sorted on narrow rows (PostgreSQL sorted the whole rows in 100 ms at 10,000
    # suggestions, the ids in 13), by the numbers' bytes: they are ASCII, and a locale's collation costs.
    number = Suggestion.number.collate("C") if session.bind.dialect.name == "postgresql" else Suggestion.number
    ids = list(session.scalars(_where(select(Suggestion.id), f, session, today).order_by(late, key, number)
                               .limit(page_size).offset((page - 1) * page_size)))
    q = (select(Suggestion, lead.name.label("lead_name"), unit.name.label("unit_name"))
         .join(lead, lead.id == Suggestion.lead_deputy_id).outerjoin(unit, unit.id == Suggestion.main_unit_id)
         .where(Suggestion.id.in_(ids)))
    found = {s.id: (s, lead_name, unit_name) for s, lead_name, unit_name in session.execute(q)}
    rows = [(s.id, s.number, s.title, lead_name, unit_name or "", s.assigned_on or "", s.answer_due or "",
             s.answered_on or "", s.answer_class or "", s.deputy_opinion or "", _status(s, today),
             "重点督办" if s.key_supervision else "") for s, lead_name, unit_name in (found[i] for i in ids)]
    return pd.DataFrame(rows, columns=LIST_COLUMNS)


def suggestion_detail(session: Session, suggestion_id: int, today: date | None = None) -> dict:
    """Everything about one suggestion the user may see, in the app's words."""
    today = today or date.today()
    q = within_scope(select(Suggestion).where(Suggestion.id == suggestion_id), session)
    s = session.scalar(q)
    if s is None:
        raise NotFound(f"代表建议（编号{suggestion_id}）不存在或不在您的范围内")
    names = dict(session.execute(select(Deputy.id, Deputy.name).where(
        or_(Deputy.id == s.lead_deputy_id, Deputy.id.in_(select(SuggestionCosigner.deputy_id)
                                                           .where(SuggestionCosigner.suggestion_id == s.id))))).all())
    cosigners = [names[d] for d in session.scalars(select(SuggestionCosigner.deputy_id)
                                                   .where(SuggestionCosigner.suggestion_id == s.id))]
    co_units = list(session.scalars(select(Department.name).join(SuggestionCoUnit, SuggestionCoUnit.department_id == Department.id)
                                    .where(SuggestionCoUnit.suggestion_id == s.id).order_by(Department.name)))
    unit = session.get(Department, s.main_unit_id) if s.main_unit_id else None
    return {"id": s.id, "建议编号": s.number, "标题": s.title, "内容": s.content, "类别": s.category or "",
            "领衔代表": names[s.lead_deputy_id], "附议代表": "、".join(cosigners), "提出日期": s.proposed_on,
            "主办单位": unit.name if unit else "", "协办单位": "、".join(co_units), "交办日期": s.assigned_on or "",
            "答复期限": s.answer_due or "", "重点督办": "是" if s.key_supervision else "否",
            "答复日期": s.answered_on or "",
            "答复类别": f"{s.answer_class} {SUGGESTION_CLASSES[s.answer_class]}" if s.answer_class else "",
            "答复内容": s.answer_text or "", "代表意见": s.deputy_opinion or "", "承诺落实日期": s.promised_on or "",
            "落实日期": s.done_on or "", "状态": _status(s, today)}


KEY_COLUMNS = ["建议编号", "标题", "领衔代表", "主办单位", "领衔督办", "交办日期", "答复期限", "状态", "答复类别", "答复内容"]


def key_suggestions(session: Session, year: int, today: date | None = None) -> pd.DataFrame:
    """The year's 重点督办 suggestions, by number: what 《代表之声》 prints for the city's leaders."""
    today = today or date.today()
    lead, unit = aliased(Deputy), aliased(Department)
    q = within_scope(select(Suggestion, lead.name.label("lead_name"), unit.name.label("unit_name"))
                .join(lead, lead.id == Suggestion.lead_deputy_id).outerjoin(unit, unit.id == Suggestion.main_unit_id)
                .where(Suggestion.key_supervision.is_(True), Suggestion.proposed_on >= date(year, 1, 1),
                       Suggestion.proposed_on <= date(year, 12, 31)), session).order_by(Suggestion.number)
    rows = [(s.number, s.title, lead_name, unit_name or "", s.supervisor or "", s.assigned_on or "", s.answer_due or "",
             _status(s, today), f"{s.answer_class}类" if s.answer_class else "", s.answer_text or "")
            for s, lead_name, unit_name in session.execute(q)]
    return pd.DataFrame(rows, columns=KEY_COLUMNS)
