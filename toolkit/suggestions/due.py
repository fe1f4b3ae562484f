"""When a 代表建议 must be answered: three calendar months after its 交办 (代表法), counted as
people count months — the same day number, or that month's last day when it has none
(2026-11-30 → 2027-02-28). The months are a setting per level of congress: `suggestion_answer_months`
for a county's (and by default), `suggestion_answer_months_city` and the like for the others."""
from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy.orm import Session

from ..core.settings import get_setting


def months_after(day: date, months: int) -> date:
    """`day` plus whole calendar months, kept inside the month it lands in."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_months(session: Session, level: str = "county") -> int:
    """The answer's term in months for a suggestion to the congress of `level`."""
    return get_setting(session, "suggestion_answer_months" if level == "county" else f"suggestion_answer_months_{level}")


def answer_due(session: Session, assigned_on: date, level: str = "county") -> date:
    """The last day for the unit's answer to a suggestion handed out on `assigned_on`."""
    return months_after(assigned_on, answer_months(session, level))
