"""我的建议 on the deputy's own page: the suggestions they lead (领衔) or co-sign (附议), newest first, each
with its state, the answer's class and, for the lead, their own opinion of it. On PostgreSQL read only
through public_deputy_suggestions, keyed by the deputy's personal link."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..admin.links import INVALID, link_hash, link_holder
from ..core.errors import NotFound
from ..core.principal import is_public_on_postgresql
from .models import Suggestion, SuggestionCosigner

SHOWN = 100


def _state(assigned_on, answer_due, answered_on, answer_class, done_on, today: date) -> str:
    if done_on:
        return "已落实"
    if answered_on:
        return f"已答复（{answer_class}类）" if answer_class else "已答复"
    if assigned_on:
        return "超期未答复" if answer_due and answer_due < today else "办理中"
    return "未交办"


def my_suggestions(session: Session, token: str, today: date | None = None) -> list[dict]:
    """The deputy's suggestions (at most SHOWN), newest first."""
    today = today or date.today()
    holder = link_holder(session, token)
    if holder.holder != "deputy":
        raise NotFound(INVALID)
    if is_public_on_postgresql(session):
        rows = session.execute(select(func.public_deputy_suggestions(link_hash(token), SHOWN).table_valued(
            "number", "title", "lead", "proposed_on", "assigned_on", "answer_due", "answered_on", "answer_class",
            "done_on", "deputy_opinion"))).all()
    else:
        cosigned = select(SuggestionCosigner.suggestion_id).where(SuggestionCosigner.deputy_id == holder.deputy_id)
        rows = session.execute(select(Suggestion.number, Suggestion.title, Suggestion.lead_deputy_id == holder.deputy_id,
                                      Suggestion.proposed_on, Suggestion.assigned_on, Suggestion.answer_due,
                                      Suggestion.answered_on, Suggestion.answer_class, Suggestion.done_on,
                                      Suggestion.deputy_opinion)
                               .where(or_(Suggestion.lead_deputy_id == holder.deputy_id, Suggestion.id.in_(cosigned)))
                               .order_by(Suggestion.proposed_on.desc(), Suggestion.id.desc()).limit(SHOWN)).all()
    return [{"编号": n, "标题": t, "身份": "领衔" if lead else "附议", "提出日期": p,
             "状态": _state(a, due, ans, cls, done, today), "代表意见": opinion or ""}
            for n, t, lead, p, a, due, ans, cls, done, opinion in rows]
