"""The day's reminders, put in the outbox before each sweep: every area says its own (cases,
pairings, projects); each message's key names its day or episode, so running this every few
minutes adds each reminder once. Nothing is reminded on a holiday or weekend: it waits for the
next working day, when someone reads it."""
from __future__ import annotations

from datetime import date

from ..cases.notices import department_digests
from ..core.db import Database
from ..core.workdays import WorkCalendar
from ..pairings.notices import overdue_pairings
from ..projects.notices import overdue_milestones

REMINDERS = (("办理时限提醒", department_digests), ("结对联系提醒", overdue_pairings), ("项目节点逾期", overdue_milestones))


def remind(db: Database, today: date | None = None) -> dict[str, int]:
    """New reminder messages by kind; each kind in its own transaction (one failing stops no other)."""
    today = today or date.today()
    with db.reader() as s:
        if not WorkCalendar.load(s).is_workday(today):
            return {label: 0 for label, _ in REMINDERS}
    counts = {}
    for label, make in REMINDERS:
        with db.unit_of_work() as s:
            counts[label] = make(s, today)
    return counts
