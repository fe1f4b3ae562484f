"""The opinion loop: intake, every allowed and refused step, timeline, supervision, versions."""
from datetime import date, datetime, timedelta

import pytest

from toolkit import ToolkitError, ValidationFailed, create_deputy
from toolkit.cases.models import Case
from toolkit.cases.rules import TRANSITIONS
from toolkit.cases.services import (
    Opinion,
    act,
    intake,
    supervise,
    timeline,
)
from toolkit.core.glossary import CASE_STATES
from toolkit.network.department_directory import add_department
from toolkit.core.principal import named

from .factories import record

DAY = datetime(2026, 3, 2, 9, 30)


@pytest.fixture
def dept(session):
    return add_department(session, "义安区住房和城乡建设局", "李科长", "0562-2821234")


@pytest.fixture
def deputy(session, network):
    return create_deputy(session, record())


def _case(session, network, **kw) -> Case:
    o = Opinion(content="五松镇东村路灯坏了三个月没人修", category="城乡建设",
                station_id=network["wusong"], citizen_name="刘大爷", citizen_phone="13812345678")
    for k, v in kw.items():
        setattr(o, k, v)
    return intake(session, o, at=DAY)


def _advance(session, case, dept, to: str) -> None:
    """Walk a fresh case along the main path to `to`."""
    path = {"registered": [], "assigned": ["assign"], "accepted": ["assign", "accept"],
            "in_progress": ["assign", "accept", "progress"],
            "answered": ["assign", "accept", "progress", "answer"],
            "evaluated": ["assign", "accept", "progress", "answer", "evaluate"],
            "concluded": ["assign", "accept", "progress", "answer", "evaluate", "conclude"]}
    for action in path[to]:
        act(session, case.id, action, **_params(action, dept))


def _params(action, dept):
    if action in ("assign", "transfer", "to_suggestion"):
        return {"department_id": dept, "deadline": date(2026, 3, 20), "at": DAY}
    if action == "evaluate":
        return {"rating": "满意", "at": DAY}
    if action in ("answer", "resolve_on_site"):
        return {"note": "已办理并答复", "at": DAY}
    return {"at": DAY}


def test_an_opinion_gets_a_readable_number_and_is_booked_in(session, network):
    a, b = _case(session, network), _case(session, network)
    assert a.number == "TL-2026-000001" and b.number == "TL-2026-000002"
    assert a.state == "registered"
    assert timeline(session, a.id)["操作"].tolist() == ["收集", "建账"]


def test_a_qr_opinion_waits_to_be_booked_in(session, network, deputy):
    c = intake(session, Opinion(content="小区门口积水", channel="qr", deputy_id=deputy,
                                category="城乡建设"), register=False)
    assert c.state == "collected" and c.station_id == network["wusong"]
    assert c.county_id == network["yian"]


@pytest.mark.parametrize("opinion, field", [
    (dict(content="  "), "反映内容"),
    (dict(content="字" * 2001), "反映内容"),
    (dict(channel="微信"), "渠道"),
    (dict(category="天气"), "类别"),
    (dict(citizen_phone="12345"), "联系电话"),
    (dict(station_id=None), "所属站点"),
])
def test_bad_opinions_are_refused_by_field_and_write_nothing(session, network, table_count, opinion, field):
    with pytest.raises(ValidationFailed) as e:
        _case(session, network, **opinion)
    assert field in e.value.by_field()
    assert table_count(session, Case) == 0


ALL_STATES = list(CASE_STATES)


@pytest.mark.parametrize("state", [s for s in ALL_STATES if s != "collected"])
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_action_from_every_state_is_allowed_or_refused_with_a_reason(session, network, dept, state, action):
    c = _case(session, network)
    _advance(session, c, dept, state)
    sources, target = TRANSITIONS[action]
    if state in sources:
        act(session, c.id, action, **_params(action, dept))
        assert c.state == target
    else:
        with pytest.raises(ToolkitError, match=f"当前状态为「{CASE_STATES[state]}」"):
            act(session, c.id, action, **_params(action, dept))
        assert c.state == state


def test_resolving_on_site_skips_departments(session, network):
    c = _case(session, network)
    act(session, c.id, "resolve_on_site", "已联系社区电工修复", at=DAY + timedelta(days=2))
    assert c.state == "answered" and c.department_id is None and c.days_to_answer == 2


def test_unsatisfied_sends_the_case_back_for_a_second_round(session, network, dept):
    c = _case(session, network)
    _advance(session, c, dept, "answered")
    act(session, c.id, "evaluate", rating="不满意", at=DAY)
    assert c.state == "in_progress" and c.rounds == 2 and c.answered_on is None
    last = timeline(session, c.id).iloc[-1]
    assert (last["操作"], last["原状态"], last["新状态"]) == ("二次办理", "已答复", "办理中")
    assert "不满意" in last["说明"]


def test_assigning_needs_a_department_and_a_future_deadline(session, network, dept):
    c = _case(session, network)
    with pytest.raises(ValidationFailed, match="承办单位"):
        act(session, c.id, "assign", deadline=date(2026, 3, 20), at=DAY)
    with pytest.raises(ValidationFailed, match="办理时限"):
        act(session, c.id, "assign", department_id=dept, deadline=date(2026, 3, 1), at=DAY)
    act(session, c.id, "to_suggestion", department_id=dept, deadline=date(2026, 6, 1), at=DAY)
    assert c.kind == "suggestion" and c.state == "assigned"


def test_every_step_records_who_when_from_to_and_note(session, network, dept):
    c = _case(session, network)
    with named(session, "王主任"):
        act(session, c.id, "assign", "请尽快处理", department_id=dept, deadline=date(2026, 3, 20), at=DAY)
    last = timeline(session, c.id).iloc[-1]
    assert (last["操作人"], last["操作"], last["原状态"], last["新状态"]) == ("王主任", "交办", "建账", "已交办")
    assert "义安区住房和城乡建设局" in last["说明"] and "请尽快处理" in last["说明"]


def test_supervision_marks_the_case_and_needs_a_leader_name(session, network, table_count):
    c = _case(session, network)
    with pytest.raises(ValidationFailed, match="领导"):
        supervise(session, c.id, "leader")
    supervise(session, c.id, "leader", leader="张副主任")
    assert (c.supervision, c.supervisor) == ("leader", "张副主任")
    assert timeline(session, c.id).iloc[-1]["说明"] == "领衔督办（张副主任）"


def test_a_stale_version_is_refused_with_refresh_advice(session, network, dept):
    c = _case(session, network)
    seen = c.version
    act(session, c.id, "assign", department_id=dept, deadline=date(2026, 3, 20), at=DAY)
    with pytest.raises(ToolkitError, match="已被他人修改，请刷新"):
        act(session, c.id, "accept", expected_version=seen, at=DAY)
