"""工作日 on the holiday calendar, on both databases: the arithmetic across 春节 2026 and 国庆 2025
with their make-up working days (checked by hand against the State Council's notices), the
calendar's upkeep (city administrators only, all-or-nothing import, audit), and the CLI."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from toolkit.core.access import Forbidden
from toolkit.core.access_rules import CITY, COUNTY
from toolkit.core.audit_models import AuditEntry
from toolkit.core.errors import ImportRejected, ToolkitError
from toolkit.core.principal import PRINCIPAL, Principal
from toolkit.core.workdays import WorkCalendar, import_days, missing_next_year, set_day, year_days
from toolkit.ops.cli import main as liaison

D = date.fromisoformat


# 2026 春节: 2/15 (Sun) – 2/23 (Mon) off; Saturdays 2/14 and 2/28 worked.
# 2025 国庆+中秋: 10/1 – 10/8 off; Sunday 9/28 and Saturday 10/11 worked.
@pytest.mark.parametrize("start,n,expected", [
    ("2026-02-12", 1, "2026-02-13"),       # Thursday → Friday
    ("2026-02-12", 2, "2026-02-14"),       # the Saturday worked before the holiday
    ("2026-02-12", 3, "2026-02-24"),       # then nine days off: Tuesday after
    ("2026-02-13", 15, "2026-03-12"),      # 2/14, 2/24–2/28 (Sat worked), 3/2–3/6, 3/9–3/12
    ("2025-09-26", 2, "2025-09-29"),       # the Sunday worked, then Monday
    ("2025-09-30", 1, "2025-10-09"),       # over the eight days off
    ("2025-09-30", 3, "2025-10-11"),       # Thursday, Friday and the Saturday worked
    ("2025-10-10", 0, "2025-10-10"),
])
def test_n_working_days_after_a_day(session, start, n, expected):
    assert WorkCalendar.load(session).add(D(start), n) == D(expected)


def test_working_days_between_two_days(session):
    cal = WorkCalendar.load(session)
    assert cal.between(D("2025-09-30"), D("2025-10-11")) == 3
    assert cal.between(D("2026-02-13"), D("2026-03-12")) == 15
    assert cal.between(D("2026-03-12"), D("2026-02-13")) == -15 and cal.between(D("2026-03-12"), D("2026-03-12")) == 0
    assert not cal.is_workday(D("2026-02-16")) and cal.is_workday(D("2026-02-28")) and not cal.is_workday(D("2026-03-07"))
    assert {2025, 2026} <= cal.years()


def test_a_city_administrator_keeps_the_calendar_and_others_may_not(session):
    session.info[PRINCIPAL] = Principal("wang.city", "王市管", CITY)
    set_day(session, D("2027-02-08"), "holiday", "春节")
    set_day(session, D("2027-02-06"), "workday", "春节调休")        # a Saturday
    cal = WorkCalendar.load(session)
    assert cal.add(D("2027-02-05"), 1) == D("2027-02-06") and cal.add(D("2027-02-06"), 1) == D("2027-02-09")
    with pytest.raises(ToolkitError, match="本来就是工作日"):
        set_day(session, D("2027-02-10"), "workday")
    set_day(session, D("2027-02-08"), None)                           # an ordinary Monday again
    assert WorkCalendar.load(session).is_workday(D("2027-02-08"))
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "calendar_day")
                              .order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["create", "create", "update"]
    session.info[PRINCIPAL] = Principal("li.county", "李区管", COUNTY, station_id=1, stations=frozenset({1}))
    with pytest.raises(Forbidden, match="维护节假日与调休日历"):
        set_day(session, D("2027-10-01"), "holiday", "国庆节")


def test_next_years_calendar_is_imported_all_or_nothing(session):
    rows = [{"日期": "2027-10-01", "类型": "放假", "名称": "国庆节"}, {"日期": "2027-10-09", "类型": "调休上班", "名称": "国庆节调休"},
            {"日期": "2027-13-01", "类型": "放假", "名称": ""}, {"日期": "2027-10-12", "类型": "调休上班", "名称": ""},
            {"日期": "2027-10-02", "类型": "休息", "名称": ""}]
    assert missing_next_year(session, today=D("2026-12-01")) == 2027
    assert missing_next_year(session, today=D("2026-11-30")) is None
    with pytest.raises(ImportRejected) as refused:
        import_days(session, rows)
    assert [(e.row, e.column) for e in refused.value.errors] == [(4, "日期"), (5, "类型"), (6, "类型")]
    assert year_days(session, 2027) == []
    assert import_days(session, rows[:2]) == 2
    assert year_days(session, 2027) == [(D("2027-10-01"), "放假", "国庆节"), (D("2027-10-09"), "调休上班", "国庆节调休")]
    assert missing_next_year(session, today=D("2026-12-01")) is None


def test_the_cli(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cal.sqlite3'}"
    assert liaison(["init", "--db", url]) == 0
    capsys.readouterr()
    assert liaison(["calendar", "add", "2026-02-12", "3", "--db", url]) == 0
    assert capsys.readouterr().out.strip() == "2026-02-24"
    assert liaison(["calendar", "between", "2025-09-30", "2025-10-11", "--db", url]) == 0
    assert capsys.readouterr().out.strip() == "3"
    assert liaison(["calendar", "set", "2027-01-01", "--holiday", "--name", "元旦", "--db", url]) == 0
    (tmp_path / "2027.csv").write_text("日期,类型,名称\n2027-02-06,调休上班,春节调休\n2027-02-08,放假,春节\n", encoding="utf-8")
    assert liaison(["calendar", "import", str(tmp_path / "2027.csv"), "--db", url]) == 0
    capsys.readouterr()
    assert liaison(["calendar", "show", "2027", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines() == ["2027-01-01\t周五\t放假\t元旦", "2027-02-06\t周六\t调休上班\t春节调休",
                                                   "2027-02-08\t周一\t放假\t春节"]
    with pytest.raises(SystemExit) as bad:
        liaison(["calendar", "add", "2026-02-30", "3", "--db", url])
    assert bad.value.code == 2 and "不是日期" in capsys.readouterr().err
