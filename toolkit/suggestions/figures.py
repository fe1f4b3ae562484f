"""The figures every 代表工委 reports each year, counted by the database in one GROUP BY: per 主办单位,
类别, 领衔代表 or all, as of a day — 件数, 已答复, 按期答复, 超期未答复, A/B/C, 采纳率, the deputies'
opinions and 满意率 with, beside it, the citizens' own confirmation (how many of the citizens behind
the suggestions said whether it was done, how many said 已落实, and that share), B promises overdue,
重点督办. The citizens' words are summed per suggestion first, so a suggestion counts once."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import and_, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, aliased

from ..core.errors import ToolkitError
from ..core.glossary import SUGGESTION_FIGURE_DIMENSIONS
from ..network.models import Department, Deputy
from .models import Suggestion, SuggestionCase

COUNTS = ["件数", "已答复", "按期答复", "超期未答复", "A", "B", "C", "满意", "基本满意", "不满意", "B类逾期未落实", "重点督办",
          "群众确认", "群众确认已落实"]
FIELDS = ["件数", "已答复", "按期答复", "超期未答复", "A", "B", "C", "采纳率", "满意", "基本满意", "不满意", "满意率",
          "群众确认", "群众确认已落实", "群众确认落实率", "B类逾期未落实", "重点督办"]
# What `liaison suggestions stats --format json` gives, to the letter of its contract (issue 32); the
# citizens' confirmation is in the pages, the reports, the analysis frame and the command line's table.
CONTRACT_FIELDS = [f for f in FIELDS if not f.startswith("群众确认")]


def _count_if(condition):
    return func.sum(sql_case((condition, 1), else_=0))


def _confirmations(as_of: date):
    """Per suggestion: its citizens who said whether it was done by the end of `as_of`, and those who said 已落实."""
    said = and_(SuggestionCase.confirmation.is_not(None), SuggestionCase.confirmed_at < datetime.combine(as_of, time.max))
    return (select(SuggestionCase.suggestion_id.label("sid"), _count_if(said).label("said"),
                   _count_if(and_(said, SuggestionCase.confirmation == "已落实")).label("done"))
            .group_by(SuggestionCase.suggestion_id).subquery())


def _measures(as_of: date, words):
    s = Suggestion
    answered = and_(s.answered_on.is_not(None), s.answered_on <= as_of)
    unanswered = or_(s.answered_on.is_(None), s.answered_on > as_of)
    return [func.count(s.id), _count_if(answered), _count_if(and_(answered, s.answered_on <= s.answer_due)),
            _count_if(and_(unanswered, s.answer_due < as_of)),
            *(_count_if(and_(answered, s.answer_class == c)) for c in "ABC"),
            *(_count_if(and_(answered, s.deputy_opinion == o)) for o in ("满意", "基本满意", "不满意")),
            _count_if(and_(answered, s.answer_class == "B", s.promised_on < as_of,
                           or_(s.done_on.is_(None), s.done_on > as_of))),
            _count_if(s.key_supervision.is_(True)),
            func.sum(func.coalesce(words.c.said, 0)), func.sum(func.coalesce(words.c.done, 0))]


def _grouping(by: str):
    """The key column's label and expression, the join it needs, and what to group and order by."""
    if by == "unit":
        unit = aliased(Department)
        key = func.coalesce(unit.name, "（未交办）")
        return "主办单位", key, lambda q: q.outerjoin(unit, unit.id == Suggestion.main_unit_id), [key]
    if by == "category":
        key = func.coalesce(Suggestion.category, "（未分类）")
        return "类别", key, lambda q: q, [key]
    if by == "session":
        key = func.coalesce(Suggestion.session_label, "（未填届次会次）")
        return "届次会次", key, lambda q: q, [key]
    if by == "deputy":              # two deputies of one name stay two rows
        lead = aliased(Deputy)
        return "领衔代表", lead.name, lambda q: q.join(lead, lead.id == Suggestion.lead_deputy_id), [lead.name, lead.id]
    return None, None, lambda q: q, []


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def suggestion_figures(session: Session, by: str = "all", as_of: date | None = None, year: int | None = None) -> list[dict]:
    """One row per group, as the command line and the report print them; rates in [0, 1] or None.
    `year`: only the suggestions proposed in that year (the yearly report)."""
    if by not in SUGGESTION_FIGURE_DIMENSIONS:
        raise ToolkitError(f"不支持按「{by}」统计，可选：{'、'.join(SUGGESTION_FIGURE_DIMENSIONS)}")
    as_of = as_of or date.today()
    label, key, join, group = _grouping(by)
    words = _confirmations(as_of)
    q = join(select(*([key] if label else []), *_measures(as_of, words)).select_from(Suggestion)
             .outerjoin(words, words.c.sid == Suggestion.id))
    if year is not None:
        q = q.where(Suggestion.proposed_on >= date(year, 1, 1), Suggestion.proposed_on <= date(year, 12, 31))
    if group:
        q = q.group_by(*group).order_by(*group)
    rows = []
    for values in session.execute(q):
        values = list(values)
        head = {label: values.pop(0)} if label else {}
        counts = dict(zip(COUNTS, (int(v or 0) for v in values)))
        rated = counts["满意"] + counts["基本满意"] + counts["不满意"]
        rates = {"采纳率": _rate(counts["A"] + counts["B"], counts["已答复"]),
                 "满意率": _rate(counts["满意"] + counts["基本满意"], rated),
                 "群众确认落实率": _rate(counts["群众确认已落实"], counts["群众确认"])}
        rows.append({**head, **{f: counts[f] if f in counts else rates[f] for f in FIELDS}})
    return rows
