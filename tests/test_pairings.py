"""Pairings: every rule's refusal, capacities, term ends, contacts and health, the planner."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from toolkit import NotFound, ToolkitError, create_deputy
from toolkit.core.settings import set_setting
from toolkit.pairings.models import ContactLog, Pairing
from toolkit.pairings.plan import accept, suggest_plan
from toolkit.pairings.queries import PairingFilter, committee_shortfalls, count_pairings, list_pairings, network
from toolkit.pairings.services import (
    create_pairing,
    end_pairing,
    end_term_pairings,
    log_contact,
    reassign,
    set_committee_role,
)

from .factories import id_number, record

TODAY = date(2026, 6, 1)


def _dep(session, name, station="五松镇人大代表联络站", **kw):
    base = dict(姓名=name, 身份证号=id_number(), 所属联络站=station)
    base.update(kw)
    return create_deputy(session, record(**base))


@pytest.fixture
def people(session, network):
    """Leaders and grassroots at two stations of two counties."""
    ids = {
        "leader_a": _dep(session, "甲领导", 是否领导干部="是", 代表层级="市", 是否连任="是", 专业特长="农业"),
        "leader_b": _dep(session, "乙领导", "天井湖社区联络站", 是否领导干部="是", 代表层级="省"),
        "grass_1": _dep(session, "基层一", 是否连任="否", 代表层级="乡"),
        "grass_2": _dep(session, "基层二", "顺安镇人大代表联络站", 是否连任="否", 代表层级="县", 专业特长="农业"),
        "grass_3": _dep(session, "基层三", "天井湖社区联络站", 是否连任="否", 代表层级="乡"),
    }
    return ids


@pytest.mark.parametrize("kind, mentor, mentee, reason", [
    ("leader_grassroots", "grass_1", "grass_2", "不是领导干部代表"),
    ("leader_grassroots", "leader_a", "leader_b", "不是基层代表"),
    ("reelected_new", "grass_1", "grass_2", "不是连任代表"),
    ("reelected_new", "leader_a", "leader_a", "不能与自己结对"),
    ("upper_lower", "grass_1", "grass_2", "不是省、市人大代表"),
    ("upper_lower", "leader_a", "leader_b", "不是县、乡人大代表"),
    ("committee_grassroots", "leader_a", "grass_1", "不是常委会组成人员"),
])
def test_each_rule_refuses_with_a_reason(session, people, kind, mentor, mentee, reason, table_count):
    with pytest.raises(ToolkitError, match=reason):
        create_pairing(session, kind, people[mentor], people[mentee])
    assert table_count(session, Pairing) == 0


def test_one_active_mentor_of_each_kind(session, people):
    create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_1"])
    with pytest.raises(ToolkitError, match="已有「领导干部代表联系基层代表」的联系人"):
        create_pairing(session, "leader_grassroots", people["leader_b"], people["grass_1"])
    create_pairing(session, "upper_lower", people["leader_b"], people["grass_1"])  # another kind


def test_capacity_is_configurable_and_enforced(session, people):
    set_setting(session, "capacity_leader_grassroots", 2)
    create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_1"])
    create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_2"])
    with pytest.raises(ToolkitError, match="达到上限2"):
        create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_3"])
    with pytest.raises(ToolkitError, match="1到1000"):
        set_setting(session, "capacity_leader_grassroots", 0)


def test_committee_members_take_five_to_eight(session, people, network):
    set_committee_role(session, people["leader_a"], "member")
    mentees = [_dep(session, f"基层{'一二三四五六七八九'[i]}甲", 是否连任="否") for i in range(9)]
    for m in mentees[:4]:
        create_pairing(session, "committee_grassroots", people["leader_a"], m)
    assert committee_shortfalls(session)["联系基层代表数"].tolist() == [4]  # a warning, not a refusal
    for m in mentees[4:8]:
        create_pairing(session, "committee_grassroots", people["leader_a"], m)
    with pytest.raises(ToolkitError, match="达到上限8"):
        create_pairing(session, "committee_grassroots", people["leader_a"], mentees[8])
    assert committee_shortfalls(session).empty


def test_a_leader_covers_townships(session, people, network):
    set_committee_role(session, people["leader_b"], "leader")
    create_pairing(session, "leader_township", people["leader_b"], station_id=network["wusong"])
    with pytest.raises(ToolkitError, match="乡镇联络站"):
        create_pairing(session, "leader_township", people["leader_b"], station_id=network["dongcun_w"])
    create_pairing(session, "leader_township", people["leader_b"], station_id=network["shunan"])
    with pytest.raises(ToolkitError, match="上限2"):
        create_pairing(session, "leader_township", people["leader_b"], station_id=network["tianjinghu"])


def test_unknown_deputies_and_double_ends_are_refused(session, people):
    with pytest.raises(NotFound):
        create_pairing(session, "leader_grassroots", 99999, people["grass_1"])
    pid = create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_1"], on=TODAY)
    end_pairing(session, pid, "工作调动", on=TODAY)
    with pytest.raises(ToolkitError, match="已于2026-06-01结束"):
        end_pairing(session, pid, "再次结束", on=TODAY)


def test_reassigning_keeps_the_history(session, people):
    pid = create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_1"], on=TODAY)
    new = reassign(session, pid, people["leader_b"], on=TODAY)
    old = session.get(Pairing, pid)
    assert old.ended_on == TODAY and old.end_reason == "调整联系人"
    assert session.get(Pairing, new).mentor_id == people["leader_b"]


def test_a_term_end_ends_its_pairings(session, people):
    create_pairing(session, "upper_lower", people["leader_a"], people["grass_1"], on=TODAY)
    assert end_term_pairings(session, "city", "第十八届", TODAY + timedelta(days=1)) == 1
    p = session.scalar(select(Pairing))
    assert p.ended_on and p.end_reason == "第十八届届满"


def test_contacts_and_health(session, people):
    set_setting(session, "pairing_overdue_days", 30)
    a = create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_1"], on=date(2026, 1, 1))
    b = create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_2"], on=date(2026, 1, 1))
    log_contact(session, b, date(2026, 5, 20), "走访", "了解村道情况", today=TODAY)
    with pytest.raises(ToolkitError, match="不能晚于今天"):
        log_contact(session, a, TODAY + timedelta(days=1), "电话", "x", today=TODAY)
    with pytest.raises(ToolkitError, match="联系方式"):
        log_contact(session, a, TODAY, "微信", "x", today=TODAY)
    page = list_pairings(session, PairingFilter(), today=TODAY)
    assert page["被联系对象"].tolist() == ["基层一", "基层二"]  # the longest silence first
    assert page["状态"].tolist() == ["联系超期", "正常"] and page["未联系天数"].tolist() == [151, 12]
    assert count_pairings(session, PairingFilter(), today=TODAY) == {"total": 2, "overdue": 1}
    assert list_pairings(session, PairingFilter(health="overdue"), today=TODAY)["被联系对象"].tolist() == ["基层一"]
    assert session.scalar(select(ContactLog.topic)) == "了解村道情况"


def test_the_planner_breaks_no_rule_and_covers_at_least_first_fit(session, people, network):
    more = [_dep(session, f"基层{'一二三四'[i]}乙", ["五松镇人大代表联络站", "天井湖社区联络站"][i % 2],
                 是否连任="否", 代表层级="乡") for i in range(4)]
    plan = suggest_plan(session, "leader_grassroots")
    assert plan.eligible == 3 + len(more)
    ff = plan.quality["首次适配方案"]
    assert plan.quality["建议方案"]["覆盖率"] >= ff["覆盖率"]
    assert plan.quality["建议方案"]["同县区比例"] >= ff["同县区比例"]
    by_mentor = {}
    for s in plan.suggestions:
        by_mentor[s.mentor_id] = by_mentor.get(s.mentor_id, 0) + 1
    assert max(by_mentor.values()) <= 3
    first = next(s for s in plan.suggestions if s.target.name == "基层一")
    assert first.mentor == "甲领导" and first.reason == "同一联络站"
    assert accept(session, plan, list(range(len(plan.suggestions)))) == len(plan.suggestions)
    assert suggest_plan(session, "leader_grassroots").eligible == 3 + len(more) - len(plan.suggestions)


def test_the_plan_is_the_same_for_the_same_data(session, people):
    a = [(s.mentor_id, s.target.key) for s in suggest_plan(session, "upper_lower").suggestions]
    b = [(s.mentor_id, s.target.key) for s in suggest_plan(session, "upper_lower").suggestions]
    assert a == b and a


def test_accepting_a_stale_plan_is_refused_by_the_rules(session, people):
    plan = suggest_plan(session, "leader_grassroots")
    create_pairing(session, "leader_grassroots", people["leader_b"], plan.suggestions[0].target.key)
    with pytest.raises(ToolkitError, match="已有"):
        accept(session, plan, [0])


def test_the_network_view_groups_by_county_and_mentor(session, people):
    create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_1"])
    create_pairing(session, "leader_grassroots", people["leader_a"], people["grass_2"])
    view = network(session, "leader_grassroots")
    assert view == {"义安区中心站": {"甲领导（五松镇人大代表联络站）": ["基层一", "基层二"]}}
