"""toolkit.analysis on a small hand-made city, on both databases: what each column means, checked
value by value; an analyst (分析员) reads within their scope with names masked and writes nothing;
`toolkit.connect(user=…)` applies the user."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

import toolkit
from toolkit import analysis, create_deputy
from toolkit.admin.users import add_user
from toolkit.cases.services import Opinion, act, intake
from toolkit.network.department_directory import add_department
from toolkit.core.access import Forbidden
from toolkit.core.principal import PRINCIPAL, Principal
from toolkit.duty.activities import ActivityForm, log_activity
from toolkit.evaluations.models import EvalItem
from toolkit.evaluations.services import add_target, create_round, issue_codes, submit
from toolkit.pairings.services import create_pairing, log_contact
from toolkit.projects.supervision import add_milestone

from .factories import id_number, record

TODAY = date(2026, 10, 9)       # a Friday after 国庆 (10-01…10-07 off)


@pytest.fixture
def city(session, network):
    """At 五松 (义安区): 王代表 receives 案件一, given to 区住建局 and not answered, due 09-29; at 天井湖
    (铜官区): 李代表 receives 案件二, answered on the spot and rated 满意; 案件三 comes in October."""
    ids = dict(network)
    ids["dept"] = add_department(session, "区住建局")
    ids["wang"] = create_deputy(session, record(姓名="王建国", 身份证号=id_number(), 是否连任="是", 联系电话="13900000001"))
    ids["li"] = create_deputy(session, record(姓名="李新", 身份证号=id_number(), 是否连任="否", 代表层级="乡",
                                              所属联络站="天井湖社区联络站"))
    one = intake(session, Opinion(content="路灯坏了", station_id=network["wusong"], deputy_id=ids["wang"],
                                  citizen_name="张三", citizen_phone="13900009999", category="城乡建设"),
                 at=datetime(2026, 9, 21, 9))
    act(session, one.id, "assign", department_id=ids["dept"], deadline=date(2026, 9, 29), at=datetime(2026, 9, 21, 10))
    two = intake(session, Opinion(content="咨询医保", station_id=network["tianjinghu"], deputy_id=ids["li"],
                                  category="社会保障"), at=datetime(2026, 9, 22, 9))
    act(session, two.id, "resolve_on_site", "已当场解决", at=datetime(2026, 9, 22, 11))
    act(session, two.id, "evaluate", rating="满意", at=datetime(2026, 9, 23, 9))
    intake(session, Opinion(content="十月的事", station_id=network["wusong"]), at=datetime(2026, 10, 8, 9))
    ids["one"], ids["two"] = one.number, two.number
    return ids


def _as(session, principal):
    session.info[PRINCIPAL] = principal


def _analyst(city, county=True):
    if county:
        stations = frozenset({city["yian"], city["wusong"], city["shunan"], city["dongcun_w"], city["dongcun_s"]})
        return Principal("ay", "义安区分析员", "analyst", station_id=city["yian"], stations=stations)
    return Principal("a", "市分析员", "analyst")


def test_cases_one_row_per_case_each_column_as_documented(session, city):
    df = analysis.cases("2026-09-01", "2026-09-30", db=session, today=TODAY).set_index("number")
    assert list(df.index) == [city["one"], city["two"]]                  # September only, oldest first
    one, two = df.loc[city["one"]], df.loc[city["two"]]
    assert (one["station"], one["county"], one["department"], one["deputy"]) == \
        ("五松镇人大代表联络站", "义安区中心站", "区住建局", "王建国")
    assert (one["state"], one["category"], one["rounds"]) == ("已交办", "城乡建设", 1)
    assert one["received_on"] == pd.Timestamp("2026-09-21") and one["deadline"] == pd.Timestamp("2026-09-29")
    assert bool(one["overdue"]) and one["working_days_overdue"] == 3      # 09-30, 10-08, 10-09
    assert pd.isna(one["answered_on"]) and pd.isna(one["days_to_answer"]) and pd.isna(one["rating"])
    assert (two["state"], two["rating"], two["days_to_answer"], bool(two["overdue"])) == ("已评价", "满意", 0, False)
    assert pd.isna(two["department"]) and two["county"] == "铜官区中心站" and two["working_days_overdue"] == 0
    assert str(df["received_on"].dtype).startswith("datetime64") and df["channel"].dtype == "category"
    assert not {"content", "citizen_name", "citizen_phone"} & set(df.columns)
    assert len(analysis.cases(db=session, today=TODAY)) == 3 and len(analysis.cases("2026-10-01", db=session)) == 1


def test_labels_speak_the_glossary(session, city):
    shown = analysis.labels(analysis.cases(db=session, today=TODAY))
    assert list(shown.columns[:3]) == ["案件编号", "受理日期", "受理渠道"] and "受理站点" in shown.columns
    assert "所属联络站" in analysis.labels(analysis.deputies(db=session)).columns
    own = analysis.labels(pd.DataFrame({"number": [1], "my_column": [2]}))
    assert list(own.columns) == ["案件编号", "my_column"]


def test_case_events_are_the_steps_in_order(session, city):
    ev = analysis.case_events("2026-09-21", "2026-09-21", db=session)
    assert list(ev["action"]) == ["收集", "建账", "交办"] and list(ev["to_state"]) == ["收集", "建账", "已交办"]
    assert set(ev["number"]) == {city["one"]} and "actor" not in ev.columns


def test_deputies_activities_and_pairings(session, city):
    log_activity(session, ActivityForm(city["wusong"], "reception", date(2026, 9, 25), "九月接待选民日", citizens_received=12,
                                       deputy_ids=[city["wang"]], case_ids=[session.scalar(
                                           select(toolkit.cases.models.Case.id).where(
                                               toolkit.cases.models.Case.number == city["one"]))]),
                 today=TODAY)
    d = analysis.deputies(db=session).set_index("name")
    assert (d.loc["王建国", "levels"], d.loc["王建国", "highest_level"], d.loc["王建国", "county"]) == ("县、乡", "县", "义安区中心站")
    assert d.loc["李新", "levels"] == "乡" and bool(d.loc["李新", "enrolled"]) and not {"phone", "id_number"} & set(d.columns)
    a = analysis.activities(db=session).iloc[0]
    assert (a["kind"], a["deputies_present"], a["citizens_received"], a["opinions"], a["county"]) == \
        ("接待选民日", 1, 12, 1, "义安区中心站")
    pid = create_pairing(session, "reelected_new", city["wang"], city["li"], on=date(2026, 1, 5))
    log_contact(session, pid, date(2026, 3, 1), "电话", "了解履职情况")
    p = analysis.pairings(db=session, today=date(2026, 7, 1)).iloc[0]
    assert (p["kind"], p["mentor"], p["mentee"], p["contacts"]) == ("连任代表联系新任代表", "王建国", "李新", 1)
    assert p["last_contact"] == pd.Timestamp("2026-03-01") and p["days_since_contact"] == 122 and bool(p["overdue"])
    c = analysis.contacts(db=session).iloc[0]
    assert (c["mode"], c["topic"], c["day"]) == ("电话", "了解履职情况", pd.Timestamp("2026-03-01"))


def test_evaluations_are_responses_without_identities(session, city):
    r = create_round(session, "承办单位测评", "department", "citizens", TODAY, TODAY + timedelta(days=5),
                     items=["态度", "效率"])
    t = add_target(session, r, "区住建局", department_id=city["dept"])
    items = list(session.scalars(select(EvalItem.id).where(EvalItem.round_id == r).order_by(EvalItem.position)))
    for code, verdict, scores in zip(issue_codes(session, r, 2), ("满意", "不满意"), ({items[0]: 5, items[1]: 4}, {})):
        submit(session, r, t, f"code:{code}", verdict, scores, now=datetime(2026, 10, 9, 10))
    df = analysis.evaluations(db=session)
    assert list(df["verdict"]) == ["满意", "不满意"] and list(df["items_scored"]) == [2, 0]
    assert df["score_mean"].iloc[0] == 4.5 and pd.isna(df["score_mean"].iloc[1])
    assert (df["target"].iloc[0], df["target_kind"].iloc[0], df["rater_kind"].iloc[0]) == \
        ("区住建局", "承办单位办理工作", "群众（凭测评码）")
    assert "respondent" not in df.columns and "comment" not in df.columns


def test_projects_and_votes(session, project):  # noqa: F811
    add_milestone(session, project, "完成招标", date.today() + timedelta(days=10))
    p = analysis.projects(db=session, today=date.today() + timedelta(days=11)).iloc[0]
    assert (p["name"], p["department"], p["cost"], p["milestones"], p["milestones_late"]) == \
        ("村卫生室提升", "区卫健委", 50.0, 1, 1)
    assert analysis.projects(db=session).iloc[0]["milestones_late"] == 0
    v = analysis.votes(db=session).iloc[0]
    assert (v["candidate"], v["ballots"], v["electorate"], v["turnout"], v["votes_for"], v["votes_against"]) == \
        ("村卫生室提升", 3, 3, 1.0, 3, 0)
    assert bool(v["passed"]) and bool(v["selected"]) and v["state"] == "已计票"


def test_duty_status_is_one_row_per_deputy_and_requirement(session, city):
    df = analysis.duty_status("铜陵“121”任务机制", "2026", db=session, today=TODAY)
    per = df.groupby("deputy_id").size()
    assert set(per.index) == {city["wang"], city["li"]} and per.nunique() == 1 and per.iloc[0] >= 1
    assert set(df["status"]) <= {"已达标", "未达标（期内）", "未达标", "不适用"}
    with pytest.raises(toolkit.ToolkitError, match="没有名为「不存在」的履职标准"):
        analysis.duty_status("不存在", "2026", db=session)


def test_an_analyst_reads_within_the_scope_with_names_masked(session, city):
    _as(session, _analyst(city))
    try:
        df = analysis.cases(db=session, today=TODAY)
        assert set(df["station"]) == {"五松镇人大代表联络站"}                  # 义安区 only
        assert df.set_index("number").loc[city["one"], "deputy"] == "王**"
        assert list(analysis.deputies(db=session)["name"]) == ["王**"]
        assert set(analysis.duty_status("铜陵“121”任务机制", "2026", db=session)["deputy_id"]) == {city["wang"]}
        assert analysis.votes(db=session).empty and analysis.projects(db=session).empty   # no station: city readers
    finally:
        session.info.pop(PRINCIPAL)
    _as(session, _analyst(city, county=False))
    try:
        assert len(analysis.cases(db=session, today=TODAY)) == 3
        assert set(analysis.deputies(db=session)["name"]) == {"王**", "李*"}
    finally:
        session.info.pop(PRINCIPAL)


def test_an_analyst_writes_nothing_and_sees_no_contacts(session, city):
    from toolkit.cases.queries import CaseFilter, list_cases
    from toolkit.network.deputies import read_deputy
    _as(session, _analyst(city, county=False))
    try:
        with pytest.raises(Forbidden, match="分析员不能"):
            intake(session, Opinion(content="分析员登记", station_id=city["wusong"]))
        shown = list_cases(session, CaseFilter(), page_size=0, today=TODAY, reveal=True)
        assert "张三" not in shown.to_string() and "13900009999" not in shown.to_string()
        record_ = read_deputy(session, city["wang"])
        assert record_["联系电话"] == "139****0001" and "*" in record_["身份证号"]
    finally:
        session.info.pop(PRINCIPAL)


def test_connect_as_a_user(db):
    url = db.engine.url.render_as_string(hide_password=False)
    with db.unit_of_work() as s:
        add_user(s, "fx.city", "市分析员", "analyst")
    as_analyst = toolkit.connect(url, user="fx.city")
    assert as_analyst.principal.role == "analyst" and as_analyst.principal.station_id is None
    assert toolkit.connect(url).principal is None                   # the command line's own: trusted
    with pytest.raises(toolkit.ToolkitError, match="尚未开通或已停用"):
        toolkit.connect(url, user="nobody")
    with as_analyst.unit_of_work() as s, pytest.raises(Forbidden):
        add_department(s, "分析员新建的局")


def test_suggestions_one_row_each_with_their_citizens_and_masked_for_an_analyst(session, city):
    from toolkit.suggestions.answers import answer
    from toolkit.suggestions.handling import SuggestionForm, assign, propose
    from toolkit.suggestions.models import SuggestionCase
    wang = propose(session, SuggestionForm("关于路灯的建议", "路灯", city["wang"], category="城乡建设",
                                           cosigner_ids=[city["li"]], case_numbers=[city["one"]]), proposed_on=date(2026, 1, 8))
    assign(session, wang.id, city["dept"], assigned_on=date(2026, 1, 20))
    answer(session, wang.id, "B", "列入计划", promised_on=date(2026, 6, 30), answered_on=date(2026, 5, 6))
    link = session.scalar(select(SuggestionCase))
    link.confirmation, link.confirmed_at = "未落实", datetime(2026, 7, 1)     # the citizen's word (as the lookup page writes it)
    propose(session, SuggestionForm("关于医保的建议", "医保", city["li"]), proposed_on=date(2026, 2, 1))
    df = analysis.suggestions(db=session, today=TODAY)
    assert list(df["lead_deputy"]) == ["王建国", "李新"] and len(df) == 2
    w = df.iloc[0]
    assert (w["cosigners"], w["unit"], w["answer_due"], w["on_time"], w["answer_class"]) == \
        (1, "区住建局", pd.Timestamp(2026, 4, 20), False, "B")                 # answered after 04-20: late
    assert (w["promise_late"], w["citizen_cases"], w["citizens_confirmed"], w["citizens_done"]) == (True, 1, 1, 0)
    assert pd.isna(df.iloc[1]["assigned_on"]) and df.iloc[1]["citizen_cases"] == 0
    assert analysis.labels(df).columns[0] == "建议编号"
    assert len(analysis.suggestions("2026-02-01", db=session)) == 1
    _as(session, _analyst(city))
    try:
        mine = analysis.suggestions(db=session, today=TODAY)
        assert list(mine["lead_deputy"]) == ["王**"]                          # 义安区 only, the name masked
    finally:
        session.info.pop(PRINCIPAL)


def test_grids_are_counted_and_a_silent_one_is_overdue_within_the_analysts_scope(session, city):
    from toolkit.network.grids import GridData, log_grid_contact, save_grid
    north = save_grid(session, city["wusong"], GridData("北网格", "陈网格", "13800000001", 300, 900, [city["wang"]])).id
    save_grid(session, city["wusong"], GridData("空网格", households=100))
    save_grid(session, city["tianjinghu"], GridData("湖滨网格", deputy_ids=[city["li"]]))
    log_grid_contact(session, north, city["wang"], date(2026, 5, 1), "走访")
    g = analysis.grids(db=session, today=date(2026, 7, 1)).set_index("grid")
    assert (g.loc["北网格", "deputies"], g.loc["北网格", "contacts"], g.loc["北网格", "days_since_contact"]) == (1, 1, 61)
    assert bool(g.loc["北网格", "overdue"]) and g.loc["北网格", "county"] == "义安区中心站"
    assert not bool(g.loc["空网格", "overdue"]) and bool(g.loc["湖滨网格", "overdue"])      # never visited
    assert not {"worker_name", "worker_mobile"} & set(g.reset_index().columns)
    assert not bool(analysis.grids(db=session, today=date(2026, 5, 20)).set_index("grid").loc["北网格", "overdue"])
    _as(session, _analyst(city))                           # 义安区's analyst: 五松's grids, not 天井湖's
    assert set(analysis.grids(db=session, today=date(2026, 7, 1))["grid"]) == {"北网格", "空网格"}
