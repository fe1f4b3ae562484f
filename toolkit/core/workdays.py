"""工作日: the holiday calendar and working-day arithmetic.

A day is a working day when it is Monday to Friday and not a holiday, or when it is a make-up
working day (调休上班, a weekend day worked in exchange for a longer holiday). The exceptions live
in the database (`calendar_day`): seeded from the `chinesecalendar` package for the years it knows,
edited by city administrators, imported for next year from a file when the State Council announces it.

Convention: N working days from day D is the N-th working day after D (D itself does not count);
the working days between D and E are those after D up to and including E.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .access import require
from .audit import record
from .errors import ImportRejected, RowError, ToolkitError
from .models import KINDS, CalendarDay
from .principal import acting_name


@dataclass(frozen=True)
class WorkCalendar:
    """The calendar as read once: the exceptions by day."""

    exceptions: dict[date, str]
    # What each exception changes in a count of Monday–Friday days (a weekday off −1, a weekend worked +1),
    # in date order with running totals, so a count over years is a lookup, not a walk.
    _days: list[date] = field(default_factory=list, repr=False)
    _running: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self):
        total = 0
        for day in sorted(self.exceptions):
            change = (-1 if self.exceptions[day] == "holiday" else 0) if day.weekday() < 5 else \
                (1 if self.exceptions[day] == "workday" else 0)
            if change:
                total += change
                self._days.append(day)
                self._running.append(total)

    def _adjust_upto(self, day: date) -> int:
        i = bisect_right(self._days, day)
        return self._running[i - 1] if i else 0

    @classmethod
    def load(cls, session: Session) -> WorkCalendar:
        return cls(dict(session.execute(select(CalendarDay.day, CalendarDay.kind)).all()))

    def is_workday(self, day: date) -> bool:
        kind = self.exceptions.get(day)
        return kind == "workday" if kind else day.weekday() < 5

    def add(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n ≥ 0; 0 is `start` itself)."""
        if n < 0:
            raise ToolkitError("工作日数不能为负")
        day = start
        while n:
            day += timedelta(days=1)
            n -= self.is_workday(day)
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.between(end, start)
        return _weekdays_upto(end) - _weekdays_upto(start) + self._adjust_upto(end) - self._adjust_upto(start)

    def years(self) -> set[int]:
        """The years the calendar has exceptions for (a year without any is probably not entered yet)."""
        return {d.year for d in self.exceptions}


def _weekdays_upto(day: date) -> int:
    """Monday–Friday days from a fixed Monday up to and including `day` (differences count a span)."""
    n = (day - date(2000, 1, 3)).days + 1          # 2000-01-03 was a Monday
    weeks, rest = divmod(n, 7)
    return weeks * 5 + min(rest, 5)


def seed_rows() -> list[dict]:
    """The exceptions `chinesecalendar` knows (its years only), as rows."""
    from chinese_calendar import constants

    names = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
             "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
             "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}
    rows = [{"day": d, "kind": "holiday", "name": names.get(str(n), str(n))} for d, n in constants.holidays.items()]
    rows += [{"day": d, "kind": "workday", "name": names.get(str(n), str(n)) + "调休"} for d, n in constants.workdays.items()
             if d.weekday() >= 5]
    return rows


def set_day(session: Session, day: date, kind: str | None, name: str = "") -> None:
    """Make `day` a holiday or a make-up working day (kind None: an ordinary day again)."""
    require(session, "calendar.edit", target=day.isoformat())
    if kind is not None and kind not in KINDS:
        raise ToolkitError(f"「{kind}」不是日历类型，应为放假或调休上班")
    name = (name or "").strip()
    if len(name) > 40:
        raise ToolkitError("名称过长（不超过40字）")
    if kind == "workday" and day.weekday() < 5:
        raise ToolkitError(f"{day}是周{'一二三四五'[day.weekday()]}，本来就是工作日，不能设为调休上班")
    old = session.get(CalendarDay, day)
    before = {"日期": day.isoformat(), "类型": KINDS[old.kind], "名称": old.name} if old else None
    if kind is None:
        session.execute(delete(CalendarDay).where(CalendarDay.day == day))
    elif old:
        old.kind, old.name = kind, name
    else:
        session.add(CalendarDay(day=day, kind=kind, name=name))
    session.flush()
    record(session, acting_name(session), "calendar_day", None, "update" if old else "create",
           before=before, after={"日期": day.isoformat(), "类型": KINDS[kind], "名称": name} if kind else None)


def import_days(session: Session, rows: list[dict], row_numbers: list[int] | None = None) -> int:
    """Rows of 日期, 类型 (放假 / 调休上班), 名称 — all or nothing; refusals name the row and column."""
    require(session, "calendar.edit", target="导入")
    kinds = {v: k for k, v in KINDS.items()}
    errors, parsed = [], []
    for i, row in enumerate(rows):
        n = row_numbers[i] if row_numbers else i + 2
        raw_day, raw_kind = str(row.get("日期") or "").strip(), str(row.get("类型") or "").strip()
        try:
            day = date.fromisoformat(raw_day[:10])
        except ValueError:
            errors.append(RowError(n, "日期", f"「{raw_day}」不是日期（应为 2027-02-06 这样的格式）"))
            continue
        if raw_kind not in kinds:
            errors.append(RowError(n, "类型", f"「{raw_kind}」应为放假或调休上班"))
            continue
        if kinds[raw_kind] == "workday" and day.weekday() < 5:
            errors.append(RowError(n, "类型", f"{day}本来就是工作日，不能设为调休上班"))
            continue
        parsed.append((day, kinds[raw_kind], str(row.get("名称") or "").strip()[:40]))
    if errors:
        raise ImportRejected(errors)
    for day, kind, name in parsed:
        set_day(session, day, kind, name)
    return len(parsed)


def year_days(session: Session, year: int) -> list[tuple[date, str, str]]:
    """(day, 放假/调休上班, name) of a year's exceptions, in order."""
    rows = session.execute(select(CalendarDay.day, CalendarDay.kind, CalendarDay.name)
                           .where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
                           .order_by(CalendarDay.day)).all()
    return [(d, KINDS[k], n) for d, k, n in rows]


def missing_next_year(session: Session, today: date | None = None) -> int | None:
    """From December on: next year, when its calendar has not been entered (else None)."""
    today = today or date.today()
    if today.month < 12:
        return None
    nxt = today.year + 1
    return None if session.scalar(select(CalendarDay.day).where(CalendarDay.day >= date(nxt, 1, 1)).limit(1)) else nxt
