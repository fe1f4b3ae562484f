"""办理时限 in working days: the rule that proposes a deadline when a case is assigned, and the
calendar's upkeep as the cases see it — a change of the holiday calendar moves every open case's
deadline that a rule counted (never one staff chose by hand), and says so in the case's timeline."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.principal import acting_name
from ..core.settings import get_setting
from ..core.workdays import WorkCalendar, import_days, set_day
from .models import Case, CaseEvent
from .rules import WAITING_FOR_ANSWER

HOTLINE_RULE = "case_deadline_days_hotline"


def rule_days(session: Session, channel: str, matter_level: str) -> int:
    """The working days a case gets: by its matter level, except the 12345 deputy channel's 快办."""
    return get_setting(session, HOTLINE_RULE if channel == "hotline" else f"case_deadline_days_{matter_level or 'station'}")


def proposed_deadline(session: Session, case_id: int, today: date | None = None) -> date:
    """The deadline the rule gives a case assigned today."""
    channel, level = session.execute(select(Case.channel, Case.matter_level).where(Case.id == case_id)).one()
    return WorkCalendar.load(session).add(today or date.today(), rule_days(session, channel, level))


def note_rule(session: Session, case: Case, assigned_on: date) -> None:
    """Remember whether the chosen deadline is the rule's (then the calendar may move it)."""
    n = rule_days(session, case.channel, case.matter_level)
    case.deadline_days = n if case.deadline == WorkCalendar.load(session).add(assigned_on, n) else None


def recompute_deadlines(session: Session) -> int:
    """Move the rule-counted deadlines of open cases to the calendar as it is now; returns how many moved."""
    actor = acting_name(session)
    cal, now, moved = WorkCalendar.load(session), datetime.now(), 0
    for case in session.scalars(select(Case).where(Case.state.in_(WAITING_FOR_ANSWER), Case.deadline_days.is_not(None),
                                                   Case.assigned_on.is_not(None))):
        new = cal.add(case.assigned_on, case.deadline_days)
        if new != case.deadline:
            session.add(CaseEvent(case_id=case.id, at=now, actor=actor, action="reschedule", from_state=case.state,
                                  to_state=case.state, note=f"节假日日历调整，办理时限由{case.deadline}改为{new}"
                                                            f"（交办后{case.deadline_days}个工作日）"))
            case.deadline = new
            moved += 1
    session.flush()
    return moved


def change_day(session: Session, day: date, kind: str | None, name: str = "") -> int:
    """Set one calendar day (toolkit.core.workdays.set_day), then move the deadlines it changes."""
    set_day(session, day, kind, name)
    return recompute_deadlines(session)


def import_calendar(session: Session, rows: list[dict], row_numbers: list[int] | None = None) -> tuple[int, int]:
    """Import a year (all or nothing), then move the deadlines it changes: (days, cases moved)."""
    n = import_days(session, rows, row_numbers)
    return n, recompute_deadlines(session)
