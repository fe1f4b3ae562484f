"""What "overdue" and "due soon" mean, once: a case waiting for its unit's answer past its deadline
(超期), or whose deadline falls within DUE_SOON working days (即将到期). The SQL conditions count and
sort in the database; `is_overdue` says the same of a row already read."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_

from ..core.workdays import WorkCalendar
from .models import Case
from .rules import WAITING_FOR_ANSWER

DUE_SOON = 3           # working days before the deadline a case enters its department's digest


def overdue_condition(today: date):
    """Past the deadline and not answered yet."""
    return and_(Case.state.in_(WAITING_FOR_ANSWER), Case.deadline < today)


def due_by_condition(cal: WorkCalendar, today: date):
    """Waiting for an answer with a deadline no later than DUE_SOON working days ahead (overdue included)."""
    return and_(Case.state.in_(WAITING_FOR_ANSWER), Case.deadline <= cal.add(today, DUE_SOON))


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """overdue_condition, for a case already read."""
    return state in WAITING_FOR_ANSWER and deadline is not None and deadline < today
