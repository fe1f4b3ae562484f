"""The day's reminders, put in the outbox before each sweep: every area says its own (cases,
pairings, projects, suggestions); each message's key names its day or episode, so running this every few
minutes adds each reminder once. Nothing is reminded on a holiday or weekend: it waits for the
next working day, when someone reads it. A case sent back by 不满意 is told at the next pass,
whatever the day (the public pages, where citizens rate, do not write the outbox)."""
from __future__ import annotations

from datetime import date

from ..cases.notices import department_digests, deputy_digests, grid_handoffs, reopened
from ..core.db import Database
from ..core.workdays import WorkCalendar
from ..duty.notices import rota_tomorrow
from ..pairings.notices import overdue_pairings
from ..projects.notices import overdue_milestones
from ..suggestions.notices import overdue_lines, promises_late


def unit_digests(session, today: date) -> int:
    """The units' one daily digest: their cases due and overdue, and their suggestions overdue."""
    return department_digests(session, today, overdue_lines(session, today))


REMINDERS = (("办理时限提醒", unit_digests), ("结对联系提醒", overdue_pairings), ("项目节点逾期", overdue_milestones),
             ("建议承诺逾期", promises_late), ("代表新意见", deputy_digests), ("明日值班", rota_tomorrow))
# Told as soon as the next pass runs, holiday or not: a case back in handling should not wait.
AT_ONCE = (("不满意退回", reopened), ("网格员转交", grid_handoffs))


def remind(db: Database, today: date | None = None) -> dict[str, int]:
    """New reminder messages by kind; each kind in its own transaction (one failing stops no other)."""
    today = today or date.today()
    with db.reader() as s:
        workday = WorkCalendar.load(s).is_workday(today)
    counts = {}
    for label, make in AT_ONCE + REMINDERS:
        if not workday and (label, make) in REMINDERS:
            counts[label] = 0
            continue
        with db.unit_of_work() as s:
            counts[label] = make(s, today)
    return counts
