"""办理进度查询 (toolkit.cases.lookup): the right pair shows the case without personal data; any
wrong pair gets the same message; a client's failures are counted and stop it for the hour."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from toolkit.cases.lookup import TOO_MANY, WRONG, issue_lookup_code, look_up, rate
from toolkit.cases.models import Case
from toolkit.cases.public_intake import submit_opinion
from toolkit.cases.services import act, add_department
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import CASE_ACTIONS
from toolkit.core.settings import set_setting
from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token

from .factories import record


@pytest.fixture
def taken(session, network):
    from toolkit.network.deputies import create_deputy
    did = create_deputy(session, record(姓名="查询代表"), actor="测试")
    token = ensure_token(session, session.get(Deputy, did))
    number = submit_opinion(session, token, "楼道灯坏了", "城乡建设", "王大妈", "13912345678", client="10.0.0.1")
    return number, issue_lookup_code(session, number)


def test_the_phones_last_four_or_the_code_show_the_case_without_personal_data(session, taken):
    number, code = taken
    by_phone = look_up(session, number, "5678", client="a")
    by_code = look_up(session, number.lower(), code.lower(), client="a")
    assert by_phone == by_code and by_phone["编号"] == number and by_phone["状态"] == "收集"
    assert by_phone["阶段"] == [(by_phone["受理日期"], "收集")] and by_phone["答复"] == ""
    shown = str(by_phone)
    assert "王大妈" not in shown and "1391234" not in shown and "测试" not in shown and "群众" not in shown
    with pytest.raises(Exception):
        int(code)                                                 # a code, not digits that could be a phone's


def test_every_wrong_pair_reads_the_same(session, taken):
    number, _ = taken
    messages = set()
    for n, proof in ((number, "0000"), (number, "ABCDEFGH"), ("TL-2099-999999", "5678"), (number, ""), ("", "5678")):
        with pytest.raises(ToolkitError) as e:
            look_up(session, n, proof, client="b")
        messages.add(e.value.message)
    assert messages == {WRONG}


def test_a_clients_failures_are_counted_and_stop_it_for_an_hour(session, taken):
    number, code = taken
    set_setting(session, "lookup_failures_per_client_hour", 3)
    now = datetime(2026, 12, 4, 9, 0)
    for _ in range(3):
        with pytest.raises(ToolkitError):
            look_up(session, number, "0000", client="guesser", now=now)
    with pytest.raises(ToolkitError) as e:
        look_up(session, number, code, client="guesser", now=now)          # even the right pair, for now
    assert e.value.message == TOO_MANY
    assert look_up(session, number, code, client="someone else", now=now)["编号"] == number
    assert look_up(session, number, code, client="guesser", now=now + timedelta(hours=1, seconds=1))


def test_the_answer_shows_once_the_case_is_answered(session, taken):
    number, code = taken
    case = session.scalar(select(Case).where(Case.number == number))
    assert case.station_id is not None            # the deputy's station took it in
    act(session, case.id, "register", actor="测试")
    dept = add_department(session, "区住建局")
    act(session, case.id, "assign", actor="测试", department_id=dept, deadline=case.received_on + timedelta(days=15))
    act(session, case.id, "accept", actor="测试")
    assert look_up(session, number, code)["答复"] == ""
    act(session, case.id, "answer", note="已更换楼道灯三盏", actor="测试")
    seen = look_up(session, number, code)
    assert seen["答复"] == "已更换楼道灯三盏" and seen["承办单位"] == "区住建局" and seen["状态"] == "已答复"
    assert [step for _, step in seen["阶段"]] == ["收集", "建账", "交办", "承接", "答复"]


def _answered(session, number):
    case = session.scalar(select(Case).where(Case.number == number))
    act(session, case.id, "register", actor="测试")
    dept = add_department(session, "区城管局")
    act(session, case.id, "assign", actor="测试", department_id=dept, deadline=case.received_on + timedelta(days=15))
    act(session, case.id, "accept", actor="测试")
    act(session, case.id, "answer", note="已修复", actor="测试")
    return case


def test_the_citizen_rates_the_answer_once_and_unsatisfied_goes_back(session, taken):
    number, code = taken
    with pytest.raises(ToolkitError, match="答复之后才能评价"):
        rate(session, number, code, "满意")
    case = _answered(session, number)
    with pytest.raises(ToolkitError, match="满意、基本满意或不满意"):
        rate(session, number, code, "还行")
    assert rate(session, number, "5678", "不满意", "灯还是不亮") == "办理中"
    assert (case.state, case.rating, case.rounds) == ("in_progress", "不满意", 2)        # 二次办理, as staff would
    with pytest.raises(ToolkitError, match="每次答复只能评价一次"):
        rate(session, number, code, "满意")
    steps = look_up(session, number, code)["阶段"]
    assert steps[-1][1] == CASE_ACTIONS["reopen"] == "二次办理"
    with pytest.raises(ToolkitError, match="不匹配"):
        rate(session, number, "0000", "满意")
