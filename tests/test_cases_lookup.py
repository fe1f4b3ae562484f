"""办理进度查询 (toolkit.cases.lookup): the right pair shows the case without personal data; any
wrong pair gets the same message; a client's failures are counted and stop it for the hour."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from toolkit.cases.lookup import RATE_NEEDS_CODE, TOO_MANY, TOO_MANY_FOR_CASE, WRONG, look_up, rate
from toolkit.cases.lookup_codes import issue_lookup_code
from toolkit.cases.models import Case, LookupAttempt
from toolkit.cases.public_intake import submit_opinion
from toolkit.cases.services import act
from toolkit.network.department_directory import add_department
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import CASE_ACTIONS
from toolkit.core.settings import set_setting
from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token

from . import factories
from .factories import record


@pytest.fixture
def taken(session, network):
    from toolkit.network.deputies import create_deputy
    did = create_deputy(session, record(姓名="查询代表"))
    token = ensure_token(session, session.get(Deputy, did))
    number = submit_opinion(session, token, "楼道灯坏了", "城乡建设", "王大妈", "13912345678", client="10.0.0.1")
    return number, issue_lookup_code(session, number)


def test_the_phones_last_four_or_the_code_show_the_case_without_personal_data(session, taken):
    number, code = taken
    by_phone = look_up(session, number, "5678", client="a")
    by_code = look_up(session, number.lower(), code.lower(), client="a")
    assert by_phone == by_code and by_phone["编号"] == number and by_phone["状态"] == "已收到"
    assert by_phone["阶段"] == [(by_phone["受理日期"], "收到您的意见")] and by_phone["答复"] == ""
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


@pytest.fixture
def taken_db(db):
    """The same opinion in a database whose units of work commit (as the public pages use it)."""
    from toolkit.network.deputies import create_deputy
    with db.unit_of_work() as s:
        factories.small_network(s)
        did = create_deputy(s, record(姓名="查询代表"))
        token = ensure_token(s, s.get(Deputy, did))
        number = submit_opinion(s, token, "楼道灯坏了", "城乡建设", "王大妈", "13912345678", client="10.0.0.1")
        return db, number, issue_lookup_code(s, number)


def _try(db, number, proof, client, now):
    with db.unit_of_work() as s:
        return look_up(s, number, proof, client=client, now=now)


def test_a_clients_failures_are_kept_although_the_request_fails_and_stop_it_for_an_hour(taken_db):
    db, number, code = taken_db
    with db.unit_of_work() as s:
        set_setting(s, "lookup_failures_per_client_hour", 3)
    now = datetime(2026, 12, 4, 9, 0)
    for proof in ("0000", "0001", "ZZZZZZZZ"):
        with pytest.raises(ToolkitError, match="不匹配"):
            _try(db, number, proof, "guesser", now)
    with db.reader() as s:                       # committed, though each request was rolled back
        assert s.scalar(select(func.count(LookupAttempt.id))) == 3
    with pytest.raises(ToolkitError) as e:
        _try(db, number, code, "guesser", now)          # even the right pair, for now
    assert e.value.message == TOO_MANY
    assert _try(db, number, code, "someone else", now)["编号"] == number
    assert _try(db, number, code, "guesser", now + timedelta(hours=1, seconds=1))


def test_a_cases_phone_ending_cannot_be_found_by_many_clients_together(taken_db):
    db, number, code = taken_db
    with db.unit_of_work() as s:
        set_setting(s, "lookup_failures_per_case_day", 4)
    now = datetime(2026, 12, 4, 9, 0)
    for n in range(4):                                            # each from another address
        with pytest.raises(ToolkitError, match="不匹配"):
            _try(db, number, f"{n:04d}", f"10.1.0.{n}", now)
    with pytest.raises(ToolkitError) as e:
        _try(db, number, "5678", "10.1.0.99", now)                  # the right ending, refused today
    assert e.value.message == TOO_MANY_FOR_CASE
    assert _try(db, number, code, "10.1.0.99", now)["编号"] == number       # the code still opens it
    assert _try(db, number, "5678", "10.1.0.99", now + timedelta(days=1, seconds=1))["编号"] == number


def test_a_proof_of_other_scripts_digits_is_a_wrong_pair_not_an_error(taken_db):
    db, number, _ = taken_db
    with pytest.raises(ToolkitError, match="不匹配"):
        _try(db, number, "١٢٣٤", "c", datetime(2026, 12, 4, 9, 0))


def test_the_answer_shows_once_the_case_is_answered(session, taken):
    number, code = taken
    case = session.scalar(select(Case).where(Case.number == number))
    assert case.station_id is not None            # the deputy's station took it in
    act(session, case.id, "register")
    dept = add_department(session, "区住建局")
    act(session, case.id, "assign", department_id=dept, deadline=case.received_on + timedelta(days=15))
    act(session, case.id, "accept")
    assert look_up(session, number, code)["答复"] == ""
    act(session, case.id, "answer", note="已更换楼道灯三盏")
    seen = look_up(session, number, code)
    assert seen["答复"] == "已更换楼道灯三盏" and seen["承办单位"] == "区住建局" and seen["状态"] == "已答复"
    assert [step for _, step in seen["阶段"]] == ["收到您的意见", "联络站受理", "转交承办单位办理", "承办单位接收办理", "承办单位答复"]


def _answered(session, number):
    case = session.scalar(select(Case).where(Case.number == number))
    act(session, case.id, "register")
    dept = add_department(session, "区城管局")
    act(session, case.id, "assign", department_id=dept, deadline=case.received_on + timedelta(days=15))
    act(session, case.id, "accept")
    act(session, case.id, "answer", note="已修复")
    return case


def test_the_citizen_rates_the_answer_once_and_unsatisfied_goes_back(session, taken):
    number, code = taken
    with pytest.raises(ToolkitError, match="答复之后才能评价"):
        rate(session, number, code, "满意")
    case = _answered(session, number)
    with pytest.raises(ToolkitError, match="满意、基本满意或不满意"):
        rate(session, number, code, "还行")
    with pytest.raises(ToolkitError) as e:
        rate(session, number, "5678", "不满意", "灯还是不亮")          # the phone ending only looks up
    assert e.value.message == RATE_NEEDS_CODE
    assert rate(session, number, code, "不满意", "灯还是不亮") == "办理中"
    assert (case.state, case.rating, case.rounds) == ("in_progress", "不满意", 2)        # 二次办理, as staff would
    with pytest.raises(ToolkitError, match="每次答复只能评价一次"):
        rate(session, number, code, "满意")
    steps = look_up(session, number, code)["阶段"]
    assert steps[-1][1] == "重新办理" and CASE_ACTIONS["reopen"] == "二次办理"     # the citizen's word for the same step
    with pytest.raises(ToolkitError, match="不匹配"):
        rate(session, number, "0000", "满意")
