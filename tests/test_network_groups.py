"""代表小组 on both databases: a group set up (refused with reasons), its activities at its own station,
its quarter at a glance (met? who came, who did not? what came of it?), the duty standards counting
group activities and grid contacts, and the app's tab driven as the browser drives it."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from toolkit.cases.services import Opinion, intake
from toolkit.core.errors import ToolkitError, ValidationFailed
from toolkit.duty.activities import ActivityForm, log_activity
from toolkit.duty.group_quarter import group_quarter
from toolkit.duty.measures import count, per_subject
from toolkit.network.deputies import create_deputy
from toolkit.network.grids import GridData, log_grid_contact, save_grid
from toolkit.network.groups import GroupForm, list_groups, read_group, save_group
from toolkit.network.models import Deputy, Station
from widgets.enrolment.groups import GroupPanel

from .factories import id_number, record
from .factories.widgets import click, pick, update

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def people(session, network):
    """Three deputies at 五松 and one of the city's at 天井湖 (a member across levels)."""
    ids = {n: create_deputy(session, record(姓名=n, 身份证号=id_number())) for n in ("张伟", "王芳", "李明")}
    ids["赵市"] = create_deputy(session, record(姓名="赵市", 身份证号=id_number(), 所属联络站="天井湖社区联络站", 代表层级="市"))
    return {**network, **ids}


def test_a_group_is_checked_and_its_leader_is_a_member(session, people):
    with pytest.raises(ValidationFailed) as refused:
        save_group(session, GroupForm("", "field", None))
    assert {e.field for e in refused.value.errors} == {"小组名称", "专业领域", "活动站点"}
    g = save_group(session, GroupForm(HOSTILE, "township", people["wusong"], people["张伟"], [people["王芳"], people["赵市"]]))
    form = read_group(session, g.id)
    assert set(form.member_ids) == {people["张伟"], people["王芳"], people["赵市"]} and form.leader_id == people["张伟"]
    with pytest.raises(ToolkitError, match="已有名为"):
        save_group(session, GroupForm(HOSTILE, "township", people["wusong"]))
    assert list_groups(session)[0]["成员数"] == 3


def test_the_quarter_shows_who_came_what_came_of_it_and_who_did_not(session, people):
    g = save_group(session, GroupForm("五松代表小组", "township", people["wusong"], people["张伟"],
                                      [people["王芳"], people["李明"]])).id
    idle = save_group(session, GroupForm("农业专业小组", "field", people["wusong"], field="农业农村")).id
    case = intake(session, Opinion("田间道路坑洼", station_id=people["wusong"])).id
    for day in (date(2026, 10, 10), date(2026, 11, 5)):
        log_activity(session, ActivityForm(people["wusong"], "theme", day, "小组活动", deputy_ids=[people["张伟"], people["王芳"]],
                                           case_ids=[case] if day.month == 11 else [], group_id=g), today=date(2026, 12, 1))
    log_activity(session, ActivityForm(people["wusong"], "theme", date(2026, 9, 1), "上季度", deputy_ids=[people["李明"]],
                                       group_id=g), today=date(2026, 12, 1))
    with pytest.raises(ValidationFailed, match="小组的活动站点"):
        log_activity(session, ActivityForm(people["shunan"], "theme", date(2026, 11, 5), "别处", group_id=g),
                     today=date(2026, 12, 1))
    q = group_quarter(session, "2026-Q4").set_index("小组")
    row = q.loc["五松代表小组"]
    assert (row["活动次数"], row["最近活动"], row["成员参加人次"], row["参加过的成员"], row["收集意见"]) == \
        (2, date(2026, 11, 5), 4, 2, 1)
    assert row["未参加的成员"] == "李明" and row["是否开展活动"] == "是"
    assert q.loc["农业专业小组", "是否开展活动"] == "否" and q.loc["农业专业小组", "活动次数"] == 0
    assert idle


def test_the_standards_can_count_group_activities_and_grid_contacts(session, people):
    g = save_group(session, GroupForm("五松代表小组", "township", people["wusong"], people["张伟"])).id
    log_activity(session, ActivityForm(people["wusong"], "theme", date(2026, 11, 5), "小组活动", deputy_ids=[people["张伟"]],
                                       group_id=g), today=date(2026, 12, 1))
    log_activity(session, ActivityForm(people["wusong"], "theme", date(2026, 11, 6), "站点活动", deputy_ids=[people["王芳"]]),
                 today=date(2026, 12, 1))
    grid = save_grid(session, people["wusong"], GridData("一网格", deputy_ids=[people["王芳"]])).id
    log_grid_contact(session, grid, people["王芳"], date(2026, 11, 7), "走访")
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert per_subject(count(session, "group_activities", start, end)) == {people["张伟"]: 1}
    assert per_subject(count(session, "grid_contacts", start, end)) == {people["王芳"]: 1}


def test_the_tab_sets_up_a_group_and_logs_its_activity(demo_db):
    with demo_db.reader() as s:
        station = s.scalar(select(Station.id).where(Station.kind == "township_station").order_by(Station.id))
        seated = s.scalars(select(Deputy.id).where(Deputy.station_id == station).order_by(Deputy.id)).all()
    panel = GroupPanel(demo_db)
    assert "个小组中" in panel.quarter.value
    pick(panel.station, station)
    update(panel.name, value="测试代表小组")
    update(panel.members, index=[0, 1])
    click(panel.save_button)
    assert "已保存「测试代表小组」" in panel.message.value and panel.log_button.disabled is False
    update(panel.title, value="季度集中活动")
    update(panel.attendees, index=[0])
    click(panel.log_button)
    assert "已登记小组活动" in panel.message.value
    assert "测试代表小组" in panel.quarter.value
    update(panel.name, value="")
    click(panel.save_button)
    assert "小组名称" in panel.message.value and "Traceback" not in panel.message.value
    assert seated
