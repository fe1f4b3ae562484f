"""办理时限 in working days, on both databases: the rule proposes the deadline (by matter level; the
12345 channel's 快办), a hand-chosen date is kept as chosen, a calendar change moves only the rule's
deadlines of open cases and says so in their timeline, the board and the list count working days."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from toolkit.cases.board import board_cases
from toolkit.cases.deadlines import change_day, import_calendar, proposed_deadline
from toolkit.cases.models import Case, CaseEvent
from toolkit.cases.queries import CaseFilter, list_cases
from toolkit.cases.services import Opinion, act, intake
from toolkit.network.department_directory import add_department
from toolkit.core.settings import set_setting

THU = date(2026, 2, 12)     # before 春节 2026: 2/14 (Sat) worked, 2/15–2/23 off, 2/28 (Sat) worked


def _assigned(session, network, dept, deadline=None, channel="reception", level="station", today=THU):
    case = intake(session, Opinion(content="路灯不亮", channel=channel, station_id=network["wusong"], matter_level=level),
                  at=datetime.combine(today, time(8)))
    chosen = deadline or proposed_deadline(session, case.id, today=today)
    act(session, case.id, "assign", at=datetime.combine(today, time(9)), department_id=dept, deadline=chosen)
    return case


def test_the_rule_proposes_working_days_and_a_hand_chosen_date_is_kept(session, network):
    dept = add_department(session, "时限测试局")
    ruled = _assigned(session, network, dept)      # 15 working days: 2/13, 2/14, 2/24–28, 3/2–6, 3/9–11
    assert (ruled.deadline, ruled.deadline_days) == (date(2026, 3, 11), 15)
    quick = _assigned(session, network, dept, channel="hotline")
    assert (quick.deadline, quick.deadline_days) == (date(2026, 2, 24), 3)                            # 2/13, 2/14, 2/24
    set_setting(session, "case_deadline_days_county", 20)
    county = _assigned(session, network, dept, level="county")
    assert county.deadline_days == 20
    hand = _assigned(session, network, dept, deadline=date(2026, 3, 31))
    assert (hand.deadline, hand.deadline_days) == (date(2026, 3, 31), None)


def test_a_calendar_change_moves_only_the_rules_deadlines_of_open_cases(session, network):
    dept = add_department(session, "时限测试局")
    ruled = _assigned(session, network, dept)
    hand = _assigned(session, network, dept, deadline=date(2026, 3, 13))
    done = _assigned(session, network, dept)
    act(session, done.id, "accept", at=datetime.combine(THU, time(10)))
    act(session, done.id, "answer", note="已修复", at=datetime.combine(THU, time(11)))
    assert change_day(session, date(2026, 3, 2), "holiday", "假设的假日") == 1     # one more day off before 3/11
    assert ruled.deadline == date(2026, 3, 12) and hand.deadline == date(2026, 3, 13) and done.deadline == date(2026, 3, 11)
    note = session.scalar(select(CaseEvent.note).where(CaseEvent.case_id == ruled.id, CaseEvent.action == "reschedule"))
    assert note == "节假日日历调整，办理时限由2026-03-11改为2026-03-12（交办后15个工作日）"
    n, moved = import_calendar(session, [{"日期": "2026-03-02", "类型": "放假", "名称": "假设的假日"},
                                         {"日期": "2026-03-07", "类型": "调休上班", "名称": "补班"}])
    assert (n, moved) == (2, 1) and ruled.deadline == date(2026, 3, 11)       # the Saturday 3/7 worked gives it back
    assert session.get(Case, hand.id).deadline == date(2026, 3, 13)


def test_the_board_and_the_list_count_working_days(session, network):
    dept = add_department(session, "时限测试局")
    case = _assigned(session, network, dept)                               # due 2026-03-11
    board = board_cases(session, today=date(2026, 2, 13)).set_index("编号")
    assert board.loc[case.number, "剩余天数"] == 14                        # 2/14, 2/24–28, 3/2–6, 3/9–11
    board = board_cases(session, today=date(2026, 3, 16)).set_index("编号")
    assert board.loc[case.number, "剩余天数"] == -3                        # 3/12, 3/13 and 3/16 past the deadline
    page = list_cases(session, CaseFilter(overdue_only=True), today=date(2026, 3, 16)).set_index("编号")
    assert page.loc[case.number, "超期"] == "超期3个工作日"
