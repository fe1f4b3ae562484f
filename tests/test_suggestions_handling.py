"""代表建议 handled in the product, on both databases: 提出 with the citizens' cases → 交办 (the term,
the units told) → 三见面 and 协办意见 → 答复 A/B/C (the cases answered with it, the deputy told) →
代表意见 (不满意: 重新办理, a second round) → 落实 → the citizens' own confirmation; the rules the
database holds; the overdue digest and the promise reminders."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from toolkit.cases.lookup_codes import issue_lookup_code
from toolkit.cases.models import Case, CaseEvent
from toolkit.cases.notices import department_digests
from toolkit.cases.services import Opinion, intake
from toolkit.core.access import Forbidden
from toolkit.core.errors import ToolkitError, ValidationFailed
from toolkit.core.principal import PRINCIPAL
from toolkit.core.workdays import WorkCalendar
from toolkit.network.models import Department
from toolkit.notify.models import OutboxMessage
from toolkit.projects.proposals import calls_for_suggestion, project_origins, proposal_origins, propose_from_suggestion
from toolkit.suggestions.answers import answer, fulfil, rate
from toolkit.suggestions.case_links import linked_cases
from toolkit.suggestions.confirm import confirm, suggestion_for_case
from toolkit.suggestions.due import months_after
from toolkit.suggestions.figures import suggestion_figures
from toolkit.suggestions.handling import SuggestionForm, assign, co_opinion, propose, record_contact
from toolkit.suggestions.models import Suggestion
from toolkit.suggestions.notices import overdue_lines, promises_late
from toolkit.suggestions.timeline import timeline
from toolkit.triage.earlier_suggestions import similar_suggestions

from .factories.access import principals

TODAY = date.today()
HOSTILE = "<img src=x onerror=alert(1)>"


def _messages(session, event, about: str = ""):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.event == event,
                                                            OutboxMessage.key.contains(about)).order_by(OutboxMessage.id)))


def _as(session, w, key):
    session.info[PRINCIPAL] = principals(w)[key]


@pytest.fixture
def two_cases(session, world):
    """Two citizens' opinions that 五松代表 received at 五松 (one with a mobile), booked in and waiting."""
    a = intake(session, Opinion("老旧小区没有电梯，老人上下楼困难", station_id=world["wusong"], deputy_id=world["dep_w"],
                                citizen_phone="13905620011"))
    b = intake(session, Opinion("希望给五层老楼加装电梯", station_id=world["wusong"], deputy_id=world["dep_w"]))
    return a, b


def test_the_whole_chain_from_the_citizens_cases_to_their_confirmation(session, world, two_cases):
    a, b = two_cases
    session.get(Department, world["d1"]).email = "zjj@example.gov.cn"
    _as(session, world, "deputy_w")
    s = propose(session, SuggestionForm("关于老旧小区加装电梯的建议", HOSTILE, world["dep_w"], category="城乡建设",
                                        session_label="第十八届人大第五次会议", cosigner_ids=[world["dep_t"]],
                                        case_numbers=f"{a.number}、{b.number.lower()}"))
    assert s.number.startswith(f"JY-{TODAY.year}-") and s.content == HOSTILE
    assert [n for n, _, _ in linked_cases(session, s.id)] == sorted([a.number, b.number])
    assert a.kind == "suggestion" and a.state == "registered"           # waits for the suggestion's 交办
    assert session.scalar(select(CaseEvent.note).where(CaseEvent.case_id == a.id, CaseEvent.action == "link")) \
        == f"并入代表建议 {s.number}《关于老旧小区加装电梯的建议》"

    _as(session, world, "county_yian")
    assign(session, s.id, world["d2"])                                   # first to 区民政局, then handed again
    assert a.state == "assigned" and a.department_id == world["d2"]
    assign(session, s.id, world["d1"], [world["d2"]], key_supervision=True, supervisor="王副县长")
    assert s.answer_due == months_after(TODAY, 3) and s.key_supervision
    assert a.state == b.state == "assigned" and a.department_id == world["d1"]
    assert not _messages(session, "case_assigned", a.number)           # the suggestion tells the unit, once
    assert [m.recipient for m in _messages(session, "suggestion_assigned", s.number)] == ["zjj@example.gov.cn"]

    _as(session, world, "dept_d2")
    co_opinion(session, s.id, "民政局意见：老年人优先")
    with pytest.raises(Forbidden):
        answer(session, s.id, "A", "已解决")                            # a 协办 unit does not answer
    _as(session, world, "dept_d1")
    record_contact(session, s.id, "办前", "面商", TODAY, "与代表当面商量方案")
    with pytest.raises(Forbidden):
        co_opinion(session, s.id, "主办单位不写协办意见")
    with pytest.raises(ValidationFailed, match="承诺落实日期"):
        answer(session, s.id, "B", "列入计划")
    answer(session, s.id, "B", "已列入明年计划", promised_on=TODAY + timedelta(days=60))
    assert a.state == b.state == "answered"
    assert session.scalar(select(CaseEvent.note).where(CaseEvent.case_id == a.id, CaseEvent.action == "answer")) \
        .startswith(f"代表建议 {s.number} 已答复（B类：正在解决或列入计划）")
    assert not _messages(session, "suggestion_done", s.number)         # B: nothing is done yet

    _as(session, world, "deputy_t")                                     # a 附议代表 does not rate
    with pytest.raises(Forbidden):
        rate(session, s.id, "满意")
    _as(session, world, "deputy_w")
    with pytest.raises(ValidationFailed, match="意见说明"):
        rate(session, s.id, "不满意")
    rate(session, s.id, "不满意", "时间太晚")
    assert (s.rounds, s.reopened_on, s.deputy_opinion) == (2, TODAY, "不满意")
    assert s.reopen_due == months_after(TODAY, 1) and s.answered_on == TODAY

    _as(session, world, "dept_d1")
    answer(session, s.id, "A", "已提前完成加装")
    assert (s.reanswered_on, s.reopened_on, s.deputy_opinion, s.promised_on) == (TODAY, None, None, None)
    assert _messages(session, "suggestion_reopened", s.number)
    told = _messages(session, "suggestion_done", s.number)
    assert [m.recipient for m in told] == ["13905620011"]               # the citizen who left a mobile
    assert a.number in told[0].body and "老旧小区" not in told[0].body  # never the citizen's words

    session.info.pop(PRINCIPAL)
    shown = suggestion_for_case(session, a.number)
    assert shown["可确认"] and shown["群众确认"] == ""
    code = issue_lookup_code(session, a.number)
    with pytest.raises(ToolkitError, match="查询码"):
        confirm(session, a.number, "0011", "已落实")                    # the phone's ending only looks
    assert confirm(session, a.number, code, "部分落实") == "部分落实"
    session.expire_all()
    assert suggestion_for_case(session, a.number)["群众确认"] == "部分落实"
    mine = next(r for r in suggestion_figures(session, "deputy") if r["领衔代表"] == "五松代表")
    assert (mine["群众确认"], mine["群众确认已落实"], mine["群众确认落实率"]) == (1, 0, 0.0)
    confirm(session, a.number, code, "已落实")                           # a later word replaces the first
    mine = next(r for r in suggestion_figures(session, "deputy") if r["领衔代表"] == "五松代表")
    assert (mine["群众确认"], mine["群众确认已落实"], mine["群众确认落实率"]) == (1, 1, 1.0)
    assert mine["件数"] == 5                                             # four of the world's, and this one: once each
    sessions = {r["届次会次"]: r["件数"] for r in suggestion_figures(session, "session")}
    assert sessions == {"第十八届人大第五次会议": 1, "（未填届次会次）": 4}
    steps = timeline(session, s.id)
    assert list(steps["环节"]) == ["提出", "关联群众意见", "交办", "交办", "协办意见", "沟通（三见面）", "答复", "代表意见",
                                 "退回重新办理", "答复", "群众确认", "群众确认"]
    assert list(steps["轮次"])[-2:] == ["第2轮", "第2轮"]


def test_a_b_promise_is_kept_or_reminded(session, world):
    s = propose(session, SuggestionForm("关于道路养护的建议", "路面破损", world["dep_w"]), proposed_on=TODAY - timedelta(days=130))
    assign(session, s.id, world["d1"], assigned_on=TODAY - timedelta(days=120))
    answer(session, s.id, "B", "列入计划", promised_on=TODAY - timedelta(days=5), answered_on=TODAY - timedelta(days=30))
    assert promises_late(session, TODAY) == 0                            # the unit has no address: nothing sent…
    assert list(timeline(session, s.id)["环节"])[-1] == "答复"          # …and nothing marked
    with pytest.raises(ValidationFailed, match="落实日期"):
        fulfil(session, s.id, TODAY - timedelta(days=40), "已完工")
    fulfil(session, s.id, TODAY, "已完工，附验收单")
    assert s.done_on == TODAY and "晚于承诺日期" in list(timeline(session, s.id)["说明"])[-1]
    with pytest.raises(ToolkitError, match="已于"):
        fulfil(session, s.id, TODAY, "再次")


def test_promise_and_overdue_reminders_reach_a_unit_with_an_address(session, world):
    session.get(Department, world["d1"]).email = "zjj@example.gov.cn"
    late = propose(session, SuggestionForm("关于排水的建议", "积水", world["dep_w"]), proposed_on=TODAY - timedelta(days=200))
    assign(session, late.id, world["d1"], assigned_on=TODAY - timedelta(days=190))
    promised = propose(session, SuggestionForm("关于路灯的建议", "不亮", world["dep_w"]), proposed_on=TODAY - timedelta(days=70))
    assign(session, promised.id, world["d1"], assigned_on=TODAY - timedelta(days=60))
    answer(session, promised.id, "B", "列入计划", promised_on=TODAY - timedelta(days=1), answered_on=TODAY - timedelta(days=20))
    assert overdue_lines(session, TODAY) == {world["d1"]: [f"{late.number}（应于{late.answer_due}前答复）"]}
    assert promises_late(session, TODAY) == 1 and promises_late(session, TODAY) == 0     # told once
    assert list(timeline(session, promised.id)["环节"])[-1] == "承诺逾期"
    cal = WorkCalendar.load(session)
    workday = next(TODAY + timedelta(days=k) for k in range(1, 30) if cal.is_workday(TODAY + timedelta(days=k)))
    assert department_digests(session, workday, overdue_lines(session, workday)) == 1      # digests go on working days
    digest = _messages(session, "deadline_digest")[0].body
    assert f"代表建议超期未答复：{late.number}" in digest


def test_the_database_holds_the_rules_of_a_round(session, world):
    s = propose(session, SuggestionForm("关于停车的建议", "停车难", world["dep_w"]))
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():          # sent back without a 不满意
        session.execute(text("UPDATE suggestion SET reopened_on = proposed_on, reopen_due = proposed_on WHERE id = :i"),
                        {"i": s.id})
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(text("INSERT INTO suggestion_case (suggestion_id, case_id, confirmation) "
                             "VALUES (:s, :c, '已落实')"), {"s": s.id, "c": world["case_answered"]})
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(text("INSERT INTO suggestion_event (suggestion_id, at, actor, action, round) "
                             "VALUES (:s, CURRENT_TIMESTAMP, 'x', 'delete', 1)"), {"s": s.id})


def test_refusals_say_why(session, world, two_cases):
    a, _ = two_cases
    with pytest.raises(ValidationFailed) as e:
        propose(session, SuggestionForm("", "x\x07", None, case_numbers=["TL-1999-000001"]))
    assert {f.field for f in e.value.errors} == {"标题", "内容", "领衔代表"}
    with pytest.raises(ValidationFailed, match="没有编号为「TL-1999-000001」的案件"):
        propose(session, SuggestionForm("标题", "内容", world["dep_w"], case_numbers=["TL-1999-000001"]))
    propose(session, SuggestionForm("标题", "内容", world["dep_w"], case_numbers=[a.number]))
    with pytest.raises(ValidationFailed, match=f"{a.number} 已并入代表建议"):
        propose(session, SuggestionForm("标题二", "内容", world["dep_w"], case_numbers=[a.number]))
    _as(session, world, "deputy_w")                                      # a deputy links only what they received
    with pytest.raises(Forbidden, match="不是您接收的群众意见"):
        propose(session, SuggestionForm("标题三", "内容", world["dep_w"], case_numbers=[session.get(Case, world["case_registered"]).number]))
    session.info.pop(PRINCIPAL)
    s = session.get(Suggestion, world["s_new"])
    with pytest.raises(ToolkitError, match="尚未交办"):
        answer(session, s.id, "A", "已解决")
    with pytest.raises(ValidationFailed, match="领衔督办"):
        assign(session, s.id, world["d1"], key_supervision=True)
    with pytest.raises(ValidationFailed, match="沟通阶段"):
        record_contact(session, world["s_assigned"], "办完", "面商", TODAY)


def test_a_suggestion_goes_into_the_call_with_its_citizens(session, world, two_cases):
    a, _ = two_cases
    s = propose(session, SuggestionForm("关于建设社区老年食堂的建议", "老人吃饭难", world["dep_w"], category="民生实事",
                                        case_numbers=[a.number]))
    proposal = propose_from_suggestion(session, world["call"], s.id)
    assert proposal_origins(session, proposal) == {"代表建议": f"{s.number}《关于建设社区老年食堂的建议》", "群众意见": [a.number]}
    with pytest.raises(ToolkitError, match="已纳入"):
        propose_from_suggestion(session, world["call"], s.id)
    assert calls_for_suggestion(session, s.id) == []                     # taken: nothing more to offer
    other = session.get(Suggestion, world["s_new"])
    assert [i for _, i in calls_for_suggestion(session, other.id)] == [world["call"]]
    _as(session, world, "county_yian")
    assert calls_for_suggestion(session, other.id) == []                 # the city takes suggestions into its call
    session.info.pop(PRINCIPAL)
    # Screened onto the ballot and voted through, the project shows the suggestion and the citizens behind it.
    from toolkit.projects.ballots import record_paper_ballots
    from toolkit.projects.models import Project
    from toolkit.projects.votes import add_candidate, close_and_count, create_vote, open_vote
    vote = create_vote(session, "建议转项目", "county", seats=1, electorate=3, uncontested=True)
    add_candidate(session, vote, "社区老年食堂", cost=80, proposal_id=proposal)
    open_vote(session, vote)
    record_paper_ballots(session, vote, [{"社区老年食堂": "赞成"}] * 3, 3)
    close_and_count(session, vote)
    project = session.scalar(select(Project.id).where(Project.name == "社区老年食堂"))
    assert project_origins(session, project)["群众意见"] == [a.number]


def test_earlier_suggestions_like_a_new_one_are_found(session, world):
    for title in ("关于老旧小区加装电梯的建议", "关于农村公路养护的建议", "关于中小学周边停车的建议"):
        s = propose(session, SuggestionForm(title, f"{title}，群众反映强烈", world["dep_w"]), proposed_on=date(2025, 1, 8))
    found = similar_suggestions(session, "建议给老旧小区加装电梯")
    assert found and found[0]["标题"] == "关于老旧小区加装电梯的建议" and found[0]["年份"] == 2025
    assert all(f["标题"] != "关于中小学周边停车的建议" for f in found)
    assert similar_suggestions(session, "电梯", exclude_id=s.id) == []   # too short to say anything


def test_the_yearly_report_and_the_voice_of_deputies_print_from_the_command_line(demo_url, tmp_path, capsys):
    from openpyxl import load_workbook

    from toolkit.ops.cli import main
    out = tmp_path / "annual.xlsx"
    assert main(["report", "suggestion-annual", "--period", "2026", "--out", str(out), "--db", demo_url]) == 0
    assert load_workbook(out).sheetnames == ["说明", "按主办单位", "按类别", "重点督办"]   # the sentences first
    pdf = tmp_path / "voice.pdf"
    assert main(["report", "voice-of-deputies", "--period", "2026", "--out", str(pdf), "--db", demo_url]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["report", "voice-of-deputies", "--period", "2026-05", "--out", str(pdf), "--db", demo_url]) == 2
    assert "期间「2026-05」应为年份" in capsys.readouterr().err


def test_the_answer_term_is_set_per_level_of_congress(session, world):
    from toolkit.core.settings import set_setting
    set_setting(session, "suggestion_answer_months_township", 2)
    township = propose(session, SuggestionForm("关于村道的建议", "村道破损", world["dep_w"], level="township"))
    county = propose(session, SuggestionForm("关于县道的建议", "县道破损", world["dep_w"]))
    for s in (township, county):
        assign(session, s.id, world["d1"])
    assert (township.answer_due, county.answer_due) == (months_after(TODAY, 2), months_after(TODAY, 3))
    with pytest.raises(ValidationFailed, match="提交层级"):
        propose(session, SuggestionForm("关于国道的建议", "国道", world["dep_w"], level="national"))
