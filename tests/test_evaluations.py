"""Evaluation rounds: one response per respondent and target, codes, formulas, flags, hand-off."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from toolkit import NotFound, ToolkitError, ValidationFailed, create_deputy
from toolkit.cases.models import Case
from toolkit.cases.services import Opinion, act, intake, timeline
from toolkit.network.department_directory import add_department
from toolkit.evaluations.models import EvalResponse
from toolkit.evaluations.results import comments, ranking, round_results
from toolkit.evaluations.services import (
    add_department_targets,
    add_target,
    close_round,
    correct,
    create_round,
    issue_codes,
    submit,
)

from .factories import id_number, record

OPEN, NOW = date(2026, 3, 1), datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def citizens_round(session, network):
    add_department(session, "住建局")
    add_department(session, "教育局")
    rid = create_round(session, "2026年一季度部门测评", "department", "citizens", OPEN, OPEN + timedelta(days=30), items=["答复是否及时", "问题是否解决"])
    add_department_targets(session, rid)
    return rid


def _targets(session, rid):
    df = round_results(session, rid)
    return dict(zip(df["测评对象"], df["id"]))


def test_a_code_rates_each_target_once(session, citizens_round):
    t = _targets(session, citizens_round)
    code = issue_codes(session, citizens_round, 1)[0]
    submit(session, citizens_round, t["住建局"], f"code:{code}", "满意", now=NOW)
    submit(session, citizens_round, t["教育局"], f"code:{code.lower()}", "不满意", now=NOW)
    with pytest.raises(ToolkitError, match="同一对象只能评价一次"):
        submit(session, citizens_round, t["住建局"], f"code:{code}", "不满意", now=NOW)
    with pytest.raises(ToolkitError, match="测评码无效"):
        submit(session, citizens_round, t["住建局"], "code:FORGED00", "满意", now=NOW)
    assert session.scalar(select(func.count(EvalResponse.id))) == 2


@pytest.mark.parametrize("verdict, scores, field", [
    ("很满意", {}, "总体评价"), ("满意", {"x": 3}, "评分项"),
])
def test_bad_answers_are_refused_and_nothing_written(session, citizens_round, verdict, scores, field):
    t = _targets(session, citizens_round)
    code = issue_codes(session, citizens_round, 1)[0]
    with pytest.raises(ValidationFailed, match=field):
        submit(session, citizens_round, t["住建局"], f"code:{code}", verdict, scores, now=NOW)
    assert session.scalar(select(func.count(EvalResponse.id))) == 0


def test_scores_outside_one_to_five_are_refused(session, citizens_round):
    t = _targets(session, citizens_round)
    items = round_results(session, citizens_round).columns
    code = issue_codes(session, citizens_round, 1)[0]
    from toolkit.evaluations.models import EvalItem
    item = session.scalar(select(EvalItem.id).where(EvalItem.round_id == citizens_round))
    with pytest.raises(ValidationFailed, match="1到5"):
        submit(session, citizens_round, t["住建局"], f"code:{code}", "满意", {item: 6}, now=NOW)
    assert "答复是否及时" in items


def test_a_closed_or_not_yet_open_round_accepts_nothing(session, citizens_round):
    t = _targets(session, citizens_round)
    code = issue_codes(session, citizens_round, 1)[0]
    with pytest.raises(ToolkitError, match="不在测评时间内"):
        submit(session, citizens_round, t["住建局"], f"code:{code}", "满意", now=datetime(2026, 5, 1))
    close_round(session, citizens_round)
    with pytest.raises(ToolkitError, match="已结束"):
        submit(session, citizens_round, t["住建局"], f"code:{code}", "满意", now=NOW)


def test_results_both_formulas_flags_and_ranking(session, network):
    add_department(session, "住建局")
    add_department(session, "教育局")
    both = create_round(session, "测评甲", "department", "citizens", OPEN, OPEN + timedelta(days=30))
    only = create_round(session, "测评乙", "department", "citizens", OPEN, OPEN + timedelta(days=30),
                        numerator="satisfied-only", denominator="rated")
    for rid in (both, only):
        add_department_targets(session, rid)
        t = _targets(session, rid)
        codes = issue_codes(session, rid, 10)
        # 住建局: 4 满意, 2 基本满意, 2 不满意, 2 弃权; 教育局: 1 满意, 2 不满意
        for code, v in zip(codes, ["满意"] * 4 + ["基本满意"] * 2 + ["不满意"] * 2 + ["弃权"] * 2):
            submit(session, rid, t["住建局"], f"code:{code}", v, comment="好" if v == "满意" else "", now=NOW)
        for code, v in zip(codes, ["满意", "不满意", "不满意"]):
            submit(session, rid, t["教育局"], f"code:{code}", v, now=NOW)
    a = round_results(session, both).set_index("测评对象")
    assert a.loc["住建局", ["票数", "满意率", "不满意率", "整改"]].tolist() == [10, 0.6, 0.2, False]
    assert a.loc["教育局", ["满意率", "不满意率", "整改"]].tolist() == [0.3333, 0.6667, True]
    b = round_results(session, only).set_index("测评对象")
    assert b.loc["住建局", ["满意率", "不满意率"]].tolist() == [0.5, 0.25]
    assert ranking(session, both)["测评对象"].tolist() == ["住建局", "教育局"]
    assert ranking(session, both)["名次"].tolist() == [1, 2]
    add_department(session, "交通局")                   # a unit nobody has rated yet, and a tie
    add_department(session, "民政局")
    add_department_targets(session, both)
    t = _targets(session, both)
    for code, v in zip(issue_codes(session, both, 3), ["满意", "不满意", "不满意"]):
        submit(session, both, t["民政局"], f"code:{code}", v, now=NOW)
    ranked = ranking(session, both).set_index("测评对象")["名次"]
    assert ranked.to_dict() == {"住建局": 1, "教育局": 2, "民政局": 2, "交通局": "未参评"}   # no place without a vote
    assert comments(session, both)["意见"].tolist() == ["好"] * 4


def test_a_committee_round_gives_each_target_a_verdict(session, network):
    add_department(session, "住建局")
    rid = create_round(session, "常委会测评", "department", "committee", OPEN, OPEN, members=10)
    add_department_targets(session, rid)
    t = _targets(session, rid)
    for code, v in zip(issue_codes(session, rid, 10), ["满意"] * 5 + ["基本满意"]):
        submit(session, rid, t["住建局"], f"code:{code}", v, now=datetime(2026, 3, 1, 15))
    assert round_results(session, rid).iloc[0]["结论"] == "基本满意"  # 5 of 10 is not more than half


def test_a_correction_replaces_and_keeps_the_old(session, citizens_round):
    t = _targets(session, citizens_round)
    code = issue_codes(session, citizens_round, 1)[0]
    first = submit(session, citizens_round, t["住建局"], f"code:{code}", "不满意", now=NOW)
    second = correct(session, first, "满意", now=NOW)
    old, new = session.get(EvalResponse, first), session.get(EvalResponse, second)
    assert old.replaced_at and new.replaces_id == first and old.verdict == "不满意"
    assert round_results(session, citizens_round).set_index("测评对象").loc["住建局", "满意"] == 1
    with pytest.raises(ToolkitError, match="当前有效"):
        correct(session, first, "满意", now=NOW)


def test_deputies_rate_as_themselves_within_scope(session, network):
    inside = create_deputy(session, record(代表层级="县"))
    outside = create_deputy(session, record(代表层级="乡", 身份证号=id_number("19800101"), 出生年月="1980-01"))
    rid = create_round(session, "述职测评", "report", "deputies", OPEN, OPEN, rater_level="county")
    tid = add_target(session, rid, "王某述职")
    submit(session, rid, tid, f"deputy:{inside}", "满意", now=datetime(2026, 3, 1, 9))
    with pytest.raises(ToolkitError, match="不在本次测评的参评代表范围内"):
        submit(session, rid, tid, f"deputy:{outside}", "满意", now=datetime(2026, 3, 1, 9))
    with pytest.raises(NotFound):
        submit(session, rid, tid, "deputy:99999", "满意", now=datetime(2026, 3, 1, 9))


def test_an_unsatisfied_case_rating_goes_back_to_second_round_handling(session, network):
    dept = add_department(session, "住建局")
    c = intake(session, Opinion(content="路灯", station_id=network["wusong"]), at=datetime(2026, 3, 1, 9))
    for action, kw in (("assign", {"department_id": dept, "deadline": date(2026, 3, 20)}), ("accept", {}), ("answer", {"note": "已答复"})):
        act(session, c.id, action, at=datetime(2026, 3, 2, 9), **kw)
    rid = create_round(session, "单件测评", "case", "citizens", OPEN, OPEN + timedelta(days=30))
    tid = add_target(session, rid, c.number, case_id=c.id)
    submit(session, rid, tid, f"code:{issue_codes(session, rid, 1)[0]}", "不满意", now=NOW)
    assert session.get(Case, c.id).state == "in_progress" and session.get(Case, c.id).rounds == 2
    assert timeline(session, c.id).iloc[-1]["操作"] == "二次办理"


def test_setting_up_a_round_checks_every_field(session, network):
    with pytest.raises(ValidationFailed) as e:
        create_round(session, "", "x", "committee", OPEN, OPEN - timedelta(days=1), items=["a", "a"],
                     unsatisfied_limit="2")
    assert set(e.value.by_field()) == {"测评名称", "测评对象类型", "测评时间", "组成人员总数", "评分项", "整改线"}


def test_two_submissions_at_once_count_once(engine):
    """Two sessions submit the same code for the same target: the database keeps one."""
    from toolkit.core.db import Database
    from toolkit.evaluations.models import EvalCode, EvalRound, EvalTarget
    from toolkit.network.models import Department
    db = Database(engine=engine)
    with db.unit_of_work() as s:
        add_department(s, "并发局")
        rid = create_round(s, "并发测评", "department", "citizens", OPEN, OPEN + timedelta(days=30))
        add_department_targets(s, rid)
        tid = _targets(s, rid)["并发局"]
        code = issue_codes(s, rid, 1)[0]
    try:
        with db.sessions() as a, db.sessions() as b:
            submit(a, rid, tid, f"code:{code}", "满意", now=NOW)
            a.commit()
            with pytest.raises(ToolkitError, match="只能评价一次"):
                submit(b, rid, tid, f"code:{code}", "不满意", now=NOW)
            b.rollback()
        with db.reader() as s:
            assert s.scalar(select(func.count(EvalResponse.id)).where(EvalResponse.round_id == rid)) == 1
    finally:
        with db.unit_of_work() as s:
            for model in (EvalResponse, EvalCode, EvalTarget, EvalRound, Department):
                s.execute(delete(model))
