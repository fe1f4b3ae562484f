"""Bringing ledgers and hotline exports in: row errors, all-or-nothing, nothing twice."""

import pytest
from sqlalchemy import select

from toolkit import ImportRejected, create_deputy, read_table
from toolkit.cases.hotline import plan_hotline_import
from toolkit.cases.ledger_import import apply_case_import, plan_ledger_import
from toolkit.cases.models import Case
from toolkit.cases.services import timeline
from toolkit.network.models import Department

from . import files
from .factories import record

LEDGER = ["编号", "受理日期", "渠道", "反映人", "联系电话", "反映内容", "类别", "接收代表", "所属站点",
          "承办单位", "交办日期", "办理时限", "答复日期", "办理状态", "满意度"]
HOTLINE = ["工单编号", "受理时间", "来电人", "联系电话", "诉求内容", "诉求类别", "接收代表", "所属站点"]


@pytest.fixture
def deputy(session, network):
    return create_deputy(session, record(姓名="王建国"))


def _ledger_rows():
    return [
        ["WS-2025-001", "2025-03-02", "站内接待", "刘大爷", "13812345678", "路灯坏了", "城乡建设", "王建国",
         "五松镇人大代表联络站", "义安区住建局", "2025-03-03", "2025-03-20", "2025-03-10", "办结", "满意"],
        ["WS-2025-002", "2025年3月5日", "走访", "", "", "学校门口拥堵", "交通出行", "", "五松镇人大代表联络站",
         "义安区交通局", "2025-03-06", "2025-04-30", "", "办理中", ""],
        ["", "2025/3/8", "民情收集簿", "", "", "垃圾清运不及时", "生态环境", "", "天井湖社区联络站",
         "", "", "", "2025-03-09", "就地办结", "基本满意"],
    ]


def _plan(session, tmp_path, rows, name="ledger.xlsx", header=LEDGER, planner=plan_ledger_import):
    return planner(session, read_table(files.write(tmp_path / name, header, rows)))


@pytest.mark.parametrize("name", ["ledger.xlsx", "ledger.xls", "ledger.csv", "ledger.gbk.csv"])
def test_a_ledger_is_read_and_each_timeline_rebuilt(session, deputy, tmp_path, name):
    plan = _plan(session, tmp_path, _ledger_rows(), name)
    assert plan.errors == [] and plan.counts()["new"] == 3
    apply_case_import(session, plan)
    first = session.scalar(select(Case).where(Case.number == "WS-2025-001"))
    assert first.state == "concluded" and first.rating == "满意" and first.days_to_answer == 8
    steps = timeline(session, first.id)["操作"].tolist()
    assert steps == ["收集", "建账", "交办", "承接", "答复", "评价", "办结"]
    second = session.scalar(select(Case).where(Case.number == "WS-2025-002"))
    assert second.state == "in_progress" and timeline(session, second.id)["新状态"].iloc[-1] == "办理中"
    third = session.scalar(select(Case).where(Case.category == "生态环境"))
    assert third.department_id is None and "就地办结" in timeline(session, third.id)["操作"].tolist()
    assert set(session.scalars(select(Department.name))) == {"义安区住建局", "义安区交通局"}


def test_importing_the_same_ledger_twice_adds_nothing(session, deputy, tmp_path, table_count):
    apply_case_import(session, _plan(session, tmp_path, _ledger_rows()))
    again = _plan(session, tmp_path, _ledger_rows(), "again.xlsx")
    assert again.counts() == {"new": 0, "skipped": 3, "error": 0}
    apply_case_import(session, again)
    assert table_count(session, Case) == 3


@pytest.mark.parametrize("change, column, reason", [
    ({1: "2025-02-30"}, "受理日期", "不存在"),
    ({2: "微信群"}, "渠道", "不是受理渠道"),
    ({6: "天气"}, "类别", "不是问题类别"),
    ({7: "李四"}, "接收代表", "没有代表"),
    ({8: "东村联络点"}, "所属站点", "请写明路径"),
    ({12: "2025-03-01"}, "答复日期", "早于受理日期"),
    ({13: "已阅"}, "办理状态", "不是办理状态"),
    ({14: "很好"}, "满意度", "满意、基本满意或不满意"),
    ({9: ""}, "承办单位", "必填"),
    ({5: ""}, "反映内容", "必填"),
])
def test_bad_ledger_rows_are_named_and_nothing_is_written(session, deputy, tmp_path, table_count, change, column, reason):
    rows = _ledger_rows()
    for i, value in change.items():
        rows[0][i] = value
    plan = _plan(session, tmp_path, rows)
    assert [(e.row, e.column) for e in plan.errors] == [(2, column)]
    assert reason in plan.errors[0].message
    with pytest.raises(ImportRejected):
        apply_case_import(session, plan)
    assert table_count(session, Case) == 0


def test_hotline_tickets_are_imported_once(session, deputy, tmp_path, table_count):
    rows = [["GD20250301001", "2025-03-01 10:15", "张女士", "13900001111", "噪音扰民", "噪声污染", "王建国",
             "五松镇人大代表联络站"],
            ["GD20250301002", "2025-03-01 11:00", "", "", "占道经营", "社会治理", "", "天井湖社区联络站"]]
    plan = _plan(session, tmp_path, rows, "h.csv", HOTLINE, plan_hotline_import)
    assert plan.counts() == {"new": 2, "skipped": 0, "error": 0}
    assert "归入「其他」" in plan.warnings[0]
    apply_case_import(session, plan)
    c = session.scalar(select(Case).where(Case.hotline_ticket == "GD20250301001"))
    assert (c.channel, c.category, c.state) == ("hotline", "其他", "registered")
    assert c.number.startswith("TL-2025-")
    rows.append(["GD20250302001", "2025-03-02 08:00", "", "", "新工单", "教育", "", "天井湖社区联络站"])
    again = _plan(session, tmp_path, rows, "h2.xlsx", HOTLINE, plan_hotline_import)
    assert again.counts() == {"new": 1, "skipped": 2, "error": 0}


def test_a_malformed_hotline_file_is_refused_whole(session, deputy, tmp_path):
    plan = _plan(session, tmp_path, [["x", "y"]], "h.csv", ["编号", "内容"], plan_hotline_import)
    assert {e.column for e in plan.errors} == {"工单编号", "受理时间", "诉求内容", "所属站点"}
    assert all(e.row == 1 for e in plan.errors)
