"""征集 → 筛选 → 票决 → 监督 → 评议 in the toolkit: each step's rules and refusals, on both databases."""
import io
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from toolkit import ToolkitError, create_deputy
from toolkit.network.department_directory import add_department
from toolkit.core.audit_reading import AuditFilter, entries
from toolkit.core.errors import NotFound, ValidationFailed
from toolkit.core.principal import named
from toolkit.evaluations.services import submit
from toolkit.formats.pabulib import parse_pb
from toolkit.projects.announce import (
    announcement,
    announcement_html,
    announcement_pdf,
    announcement_xlsx,
)
from toolkit.projects.ballots import (
    ballot_for_code,
    cast,
    cast_with_code,
    issue_ballots,
    record_paper_ballots,
)
from toolkit.projects.box import box, find_receipt, turnout
from toolkit.projects.export import vote_pb
from toolkit.projects.models import Project, Proposal, ProposalSupport
from toolkit.projects.proposals import (
    merge,
    open_call,
    proposals,
    propose,
    screen,
    support,
)
from toolkit.projects.supervision import (
    add_milestone,
    complete,
    evaluate_projects,
    inspect,
    list_projects,
    project_evaluations,
    project_timeline,
    reach_milestone,
    report_progress,
)
from toolkit.projects.vote_models import Vote
from toolkit.projects.votes import (
    add_candidate,
    add_from_reserve,
    ballot_advice,
    close_and_count,
    create_runoff,
    create_vote,
    open_vote,
)

from .factories import id_number
from .factories import record as deputy_record

TODAY = date.today()
ALL_MET = {"necessity": True, "feasibility": True, "cost": True, "fiscal": True, "legality": True}


def _deputies(session, n, level="县"):
    return [create_deputy(session, deputy_record(姓名=f"代表{'甲乙丙丁戊'[i]}", 身份证号=id_number(), 代表层级=level))
            for i in range(n)]


@pytest.fixture
def call(session, network):
    return open_call(session, "2027年民生实事项目征集", "county", 2027, TODAY - timedelta(days=5),
                     TODAY + timedelta(days=30))


# --- 征集 -----------------------------------------------------------------------------------------

def test_a_call_is_open_at_least_thirty_days(session, network):
    with pytest.raises(ValidationFailed, match="少于30天"):
        open_call(session, "短征集", "county", 2027, TODAY, TODAY + timedelta(days=28))
    cid = open_call(session, "够长的征集", "county", 2027, TODAY, TODAY + timedelta(days=29))
    assert cid


def test_proposals_keep_proposer_place_and_supporters(session, call, network):
    pid = propose(session, call, "老旧小区加装电梯", "张大妈", "citizen", place="幸福里小区",
                  station_id=network["wusong"])
    support(session, pid, "李大爷")
    support(session, pid, "王阿姨")
    with pytest.raises(ToolkitError, match="已是该项目建议的提出人或附议人"):
        support(session, pid, "张大妈")
    row = proposals(session, call).iloc[0]
    assert (row["项目名称"], row["提出人"], row["地点"], row["附议人数"], row["状态"]) == \
        ("老旧小区加装电梯", "张大妈", "幸福里小区", 3, "待筛选")


def test_a_proposal_outside_the_window_is_refused(session, call):
    with pytest.raises(ValidationFailed, match="不在征集期内"):
        propose(session, call, "口袋公园", "张三", "citizen", now=datetime.now() + timedelta(days=40))
    with pytest.raises(ValidationFailed, match="项目名称：必填"):
        propose(session, call, " ", "张三", "citizen")
    assert proposals(session, call).empty


def test_merging_moves_proposers_and_supporters_without_duplicates(session, call):
    keep = propose(session, call, "社区老年食堂", "张三", "citizen")
    support(session, keep, "李四")
    other = propose(session, call, "老年助餐点", "李四", "deputy")
    support(session, other, "王五")
    third = propose(session, call, "长者饭堂", "赵六", "citizen")
    merge(session, keep, [other, third])
    names = set(session.scalars(select(ProposalSupport.name).where(ProposalSupport.proposal_id == keep)))
    assert names == {"李四", "王五", "赵六"}
    assert session.get(Proposal, other).state == "merged" and session.get(Proposal, other).merged_into_id == keep
    with pytest.raises(ToolkitError, match="已合并"):
        merge(session, other, [third])


def test_the_database_refuses_a_merged_proposal_without_a_target(session, call):
    pid = propose(session, call, "口袋公园", "张三", "citizen")
    with pytest.raises(DBAPIError):
        with session.begin_nested():
            session.execute(text("UPDATE proposal SET state = 'merged' WHERE id = :i"), {"i": pid})


# --- 筛选 -----------------------------------------------------------------------------------------

def test_screening_judges_every_criterion_with_a_reason(session, call):
    dept = add_department(session, "区住建局")
    pid = propose(session, call, "老旧小区改造", "张三", "citizen")
    with pytest.raises(ValidationFailed) as e:
        screen(session, pid, {"necessity": True}, "")
    msgs = e.value.by_field()
    assert "可行性" in msgs["筛选标准"] and "理由" in msgs["筛选理由"]
    with pytest.raises(ValidationFailed, match="估算金额"):
        screen(session, pid, ALL_MET, "群众呼声高，财力可承受")
    assert screen(session, pid, ALL_MET, "群众呼声高，财力可承受", cost=800, department_id=dept) == "reserve"
    other = propose(session, call, "新建体育馆", "李四", "citizen")
    assert screen(session, other, {**ALL_MET, "fiscal": False}, "超出财政承受能力") == "rejected"
    reserve = proposals(session, call, "reserve")
    assert list(reserve["项目名称"]) == ["老旧小区改造"] and reserve.iloc[0]["责任单位"] == "区住建局"
    log = entries(session, AuditFilter("proposal", other))
    assert "超出财政承受能力" in log.iloc[0]["之后"] and "\"财政承受能力\": false" in log.iloc[0]["之后"]


@pytest.mark.parametrize("seats, n, uncontested, refusal, warning", [
    (10, 12, False, None, None),
    (12, 15, False, None, None),
    (15, 20, False, None, None),
    (10, 11, False, None, "11选10"),
    (10, 20, False, None, "20选10"),
    (10, 10, False, "等额票决", None),
    (10, 10, True, None, None),
    (10, 12, True, "已选择等额票决", None),
    (10, 9, False, "少于应选", None),
])
def test_ballot_ratio_advice(seats, n, uncontested, refusal, warning):
    got_refusal, got_warning = ballot_advice(seats, n, uncontested)
    assert (refusal is None) == (got_refusal is None) and (warning is None) == (got_warning is None)
    if refusal:
        assert refusal in got_refusal
    if warning:
        assert warning in got_warning


def _reserve(session, call, titles, dept):
    ids = []
    for t in titles:
        pid = propose(session, call, t, "群众", "citizen")
        screen(session, pid, ALL_MET, "符合条件", cost=100, department_id=dept)
        ids.append(pid)
    return ids


def test_candidates_come_from_the_reserve_pool_and_equal_votes_must_be_chosen(session, call):
    dept = add_department(session, "区民政局")
    ids = _reserve(session, call, ["老年食堂", "口袋公园"], dept)
    rejected = propose(session, call, "体育馆", "群众", "citizen")
    vid = create_vote(session, "2027年票决", "county", seats=2, electorate=5, call_id=call)
    with pytest.raises(ToolkitError, match="不在储备库中"):
        add_from_reserve(session, vid, [rejected])
    assert add_from_reserve(session, vid, ids) == 2
    assert session.get(Proposal, ids[0]).state == "candidate"
    with pytest.raises(ToolkitError, match="等额票决"):
        open_vote(session, vid)
    assert session.get(Vote, vid).state == "draft"
    v2 = create_vote(session, "等额票决", "county", seats=1, electorate=5, uncontested=True)
    add_candidate(session, v2, "充电桩")
    assert open_vote(session, v2) is None


# --- 票决: ballots, paper, runoff, announcement, export, audit -------------------------------------

@pytest.fixture
def open_vote_of_four(session, network):
    vid = create_vote(session, "2027年县民生实事项目票决", "county", seats=1, electorate=4, budget=300)
    for name, cost in (("老年食堂", 120), ("口袋公园", 200)):
        add_candidate(session, vid, name, cost=cost, department="区民政局")
    open_vote(session, vid)
    return vid


def test_issued_codes_vote_once_from_a_phone(session, open_vote_of_four):
    vid = open_vote_of_four
    a, b = _deputies(session, 2)
    codes = issue_ballots(session, vid, [a, b])
    with pytest.raises(ToolkitError, match="已向代表甲发过选票"):
        issue_ballots(session, vid, [a])
    page = ballot_for_code(session, codes[a].lower())
    assert page["voted"] is False and [n for n, _, _ in page["candidates"]] == ["老年食堂", "口袋公园"]
    receipt = cast_with_code(session, codes[a], {"老年食堂": "赞成"})
    with pytest.raises(ToolkitError, match="已经投过票"):
        cast_with_code(session, codes[a], {"老年食堂": "反对"})
    with pytest.raises(ToolkitError, match="已经投过票"):
        cast(session, vid, a, {"老年食堂": "反对"})          # nor at the kiosk
    with pytest.raises(NotFound, match="投票码无效"):
        cast_with_code(session, "NOPE1234", {})
    assert turnout(session, vid) == {"issued": 2, "returned": 1, "voted": 1, "paper_issued": 0}
    cast(session, vid, b, {"老年食堂": "赞成", "口袋公园": "赞成"})   # b's issued ballot, at the kiosk
    with pytest.raises(ToolkitError, match="计票后"):
        find_receipt(session, vid, receipt)
    result = close_and_count(session, vid, present=3)
    assert result["selected"] == [] and result["passed"] == []     # 2 of 4 is not more than half of all
    assert find_receipt(session, vid, receipt.lower()) is True      # counted; what it said is not told
    assert find_receipt(session, vid, "NOT-A-RECEIPT") is False


def test_paper_ballots_are_entered_all_or_nothing(session, open_vote_of_four):
    vid = open_vote_of_four
    good = [{"老年食堂": "赞成", "口袋公园": "反对"}] * 3
    with pytest.raises(ToolkitError, match="第2张票「口袋公园」一栏的「同意」"):
        record_paper_ballots(session, vid, [good[0], {"老年食堂": "赞成", "口袋公园": "同意"}], 4)
    with pytest.raises(ToolkitError, match="未知的候选项目：充电桩"):
        record_paper_ballots(session, vid, [{"充电桩": "赞成"}], 4)
    assert box(session, vid) == []
    assert record_paper_ballots(session, vid, good, 4) == 3
    result = close_and_count(session, vid)
    assert result["selected"] == ["老年食堂"] and session.get(Vote, vid).present == 4
    assert session.scalar(select(func.count(Project.id)).where(Project.name == "老年食堂")) == 1


def test_more_paper_ballots_than_issued_voids_the_vote(session, open_vote_of_four):
    vid = open_vote_of_four
    record_paper_ballots(session, vid, [{"老年食堂": "赞成"}] * 4, 3)
    result = close_and_count(session, vid, present=4)
    assert "多于发出的3张" in result["void"]
    assert session.get(Vote, vid).state == "void"
    assert entries(session, AuditFilter("vote", vid)).iloc[0]["操作"] == "判定无效"
    assert session.scalar(select(func.count(Project.id)).where(Project.name == "老年食堂")) == 0


def test_a_tie_at_the_last_place_goes_to_a_runoff_vote(session, network):
    vid = create_vote(session, "票决", "county", seats=2, electorate=3)
    for name in ("甲项目", "乙项目", "丙项目"):
        add_candidate(session, vid, name)
    open_vote(session, vid)
    record_paper_ballots(session, vid, [{"甲项目": "赞成", "乙项目": "赞成", "丙项目": "赞成"},
                                        {"甲项目": "赞成", "乙项目": "赞成", "丙项目": "赞成"},
                                        {"甲项目": "赞成"}], 3)
    result = close_and_count(session, vid)
    assert result["selected"] == ["甲项目"] and result["runoff"] == ["乙项目", "丙项目"]
    child = create_runoff(session, vid)
    with pytest.raises(ToolkitError, match="已为该票决建立另行表决"):
        create_runoff(session, vid)
    c = session.get(Vote, child)
    assert (c.seats, c.parent_id, c.state) == (1, vid, "draft")
    open_vote(session, child)
    record_paper_ballots(session, child, [{"乙项目": "赞成"}, {"乙项目": "赞成", "丙项目": "反对"}, {}], 3)
    assert close_and_count(session, child)["selected"] == ["乙项目"]
    assert set(session.scalars(select(Project.name))) >= {"甲项目", "乙项目"}
    assert "丙项目" not in set(session.scalars(select(Project.name)))


def test_the_announcement_in_html_excel_and_pdf(session, open_vote_of_four):
    import openpyxl
    vid = open_vote_of_four
    record_paper_ballots(session, vid, [{"老年食堂": "赞成", "口袋公园": "反对"}] * 3, 4)
    close_and_count(session, vid, present=4)
    fp = session.get(Vote, vid).fingerprint
    title, lines, table = announcement(session, vid)
    assert list(table.loc[0, ["候选项目", "赞成", "反对", "弃权", "是否通过", "结果"]]) == ["老年食堂", 3, 0, 0, "是", "入选"]
    assert list(table.loc[1, ["候选项目", "赞成", "是否通过", "结果"]]) == ["口袋公园", 0, "否", ""]
    page = announcement_html(session, vid)
    assert fp in page and "老年食堂" in page and "收回选票3张" in page
    book = openpyxl.load_workbook(io.BytesIO(announcement_xlsx(session, vid)))
    assert [c.value for c in book["票决结果"][2]][:5] == [1, "老年食堂", "区民政局", "120", 3]
    text_ = "".join(p.extract_text() for p in PdfReader(io.BytesIO(announcement_pdf(session, vid))).pages)
    assert title in text_.replace("\n", "") and "老年食堂" in text_ and fp[:16] in text_.replace("\n", "")


def test_a_stored_vote_exports_to_pabulib(session, open_vote_of_four):
    vid = open_vote_of_four
    with pytest.raises(ToolkitError, match="计票后"):
        vote_pb(session, vid)
    record_paper_ballots(session, vid, [{"老年食堂": "赞成", "口袋公园": "赞成"}, {"老年食堂": "赞成"},
                                        {"口袋公园": "弃权"}], 4)
    close_and_count(session, vid, present=4)
    inst = parse_pb(vote_pb(session, vid))
    assert inst.budget == 300 and inst.meta["num_votes"] == "3" and inst.meta["vote_type"] == "approval"
    assert sorted(map(sorted, inst.votes)) == [[], ["1"], ["1", "2"]]
    assert inst.projects["1"]["name"] == "老年食堂" and inst.projects["1"]["votes"] == "2"
    assert inst.projects["1"]["selected"] == "0"     # 2 of 4 is not more than half of all


def test_the_pb_export_writes_every_digit_of_the_money(session, network):
    """`:g` wrote 10000001 as 1e+07: amounts are written as stored, digit for digit."""
    vid = create_vote(session, "大额票决", "county", seats=1, electorate=3, budget=10000001, uncontested=True)
    add_candidate(session, vid, "综合体", cost=1234567.89)
    open_vote(session, vid)
    record_paper_ballots(session, vid, [{"综合体": "赞成"}] * 2, 3)
    close_and_count(session, vid, present=3)
    text_ = vote_pb(session, vid)
    assert "budget;10000001\n" in text_ and ";1234567.89;" in text_
    assert parse_pb(text_).budget == 10000001 and parse_pb(text_).cost("1") == Fraction("1234567.89")


def test_opening_counting_and_voids_are_in_the_audit_trail_which_cannot_be_edited(session, open_vote_of_four):
    vid = open_vote_of_four
    with named(session, "工作人员甲"):
        record_paper_ballots(session, vid, [{"老年食堂": "赞成"}] * 3, 3)
        close_and_count(session, vid, present=3)
    log = entries(session, AuditFilter("vote", vid)).head(4)     # the newest four: this vote's life
    assert list(log["操作"]) == ["结束并计票", "录入纸质选票", "开始投票", "建立"]
    assert log.iloc[0]["操作人"] == "工作人员甲" and "票箱指纹" in log.iloc[0]["之后"]
    before = entries(session, limit=100_000)
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="只能追加"):
            with session.begin_nested():
                session.execute(text(statement))
    assert entries(session, limit=100_000).equals(before)


# --- 监督 and 评议 ---------------------------------------------------------------------------------


def test_supervision_milestones_progress_and_inspections(session, project):
    deputies = _deputies(session, 2)
    m = add_milestone(session, project, "完成招标", TODAY + timedelta(days=10))
    report_progress(session, project, TODAY, 40, "主体完工", photos="卫生室外景\n诊室内景")
    with pytest.raises(ValidationFailed, match="不能低于上次报告的40%"):
        report_progress(session, project, TODAY, 30, "回退")
    with pytest.raises(ValidationFailed, match="早于上次报告"):
        report_progress(session, project, TODAY - timedelta(days=1), 50, "补报")
    inspect(session, project, TODAY, deputies, "进度符合计划，建议加快设备采购")
    with pytest.raises(ValidationFailed, match="至少一名代表"):
        inspect(session, project, TODAY, [], "无")
    row = list_projects(session).set_index("编号").loc[project]
    assert (row["进度"], row["下一节点"], row["状态"]) == ("40%", "完成招标", "实施中")
    timeline = project_timeline(session, project)
    assert "代表甲、代表乙：进度符合计划" in " ".join(timeline["内容"]) and "诊室内景" in " ".join(timeline["照片说明"])
    report_progress(session, project, TODAY, 100, "全部完工")
    with pytest.raises(ToolkitError, match="未完成的节点：完成招标"):
        complete(session, project, TODAY)
    reach_milestone(session, m, TODAY)
    complete(session, project, TODAY)
    with pytest.raises(ToolkitError, match="已于"):
        report_progress(session, project, TODAY, 100, "再报")


def test_completed_projects_are_rated_and_the_result_returns_to_the_project(session, project):
    with pytest.raises(ToolkitError, match="完工后才能测评"):
        evaluate_projects(session, "项目测评", [project], TODAY, TODAY)
    report_progress(session, project, TODAY, 100, "完工")
    complete(session, project, TODAY)
    rid = evaluate_projects(session, "2027年民生实事项目满意度测评", [project], TODAY, TODAY + timedelta(days=7), rater_kind="deputies")
    a, b = _deputies(session, 2)
    from toolkit.evaluations.services import targets_of
    (tid, label), = targets_of(session, rid)
    submit(session, rid, tid, f"deputy:{a}", "满意")
    submit(session, rid, tid, f"deputy:{b}", "不满意")
    ev = project_evaluations(session, project)
    assert list(ev["测评"]) == ["2027年民生实事项目满意度测评"] and ev.iloc[0]["票数"] == 2
    assert ev.iloc[0]["满意率"] == 0.5


def test_budget_analysis_sits_beside_the_legal_result(session, open_vote_of_four):
    from toolkit.projects.export import budget_analysis
    vid = open_vote_of_four                  # budget 300: 老年食堂 120, 口袋公园 200
    record_paper_ballots(session, vid, [{"老年食堂": "赞成", "口袋公园": "赞成"}] * 2 + [{"口袋公园": "赞成"}], 4)
    close_and_count(session, vid, present=4)
    df = budget_analysis(session, vid).set_index("候选项目")
    assert list(df["法定结果"]) == ["", "√"]            # 口袋公园 3 of 4 passes; 老年食堂 2 of 4 does not
    assert list(df["预算内得票优先"]) == ["", "√"]       # 200 first, then 120 does not fit in 100


def test_citizens_project_opinions_become_proposals_once(session, call, network):
    from toolkit.cases.services import Opinion, intake
    from toolkit.projects.proposals import project_cases, propose_from_case
    wanted = intake(session, Opinion(content="建议在东村建一个口袋公园\n方便老人散步", channel="qr", category="民生项目",
                                     station_id=network["wusong"], citizen_name="刘小明", place="东村"))
    other = intake(session, Opinion(content="路灯坏了", category="城乡建设", station_id=network["wusong"]))
    assert [i for i, _, _ in project_cases(session, call)] == [wanted.id]
    pid = propose_from_case(session, call, wanted.id)
    p = session.get(Proposal, pid)
    assert (p.title, p.source, p.proposer, p.place, p.case_id) == ("建议在东村建一个口袋公园", "qr", "刘**", "东村", wanted.id)
    assert project_cases(session, call) == []
    with pytest.raises(ToolkitError, match="已转为项目建议"):
        propose_from_case(session, call, wanted.id)
    with pytest.raises(ToolkitError, match="不是「民生项目」"):
        propose_from_case(session, call, other.id)
