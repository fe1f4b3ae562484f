"""Figures on a small hand-checked set; overdue first; masking; the list's filters."""
from datetime import date, datetime

import pytest

from toolkit.cases.queries import CaseFilter, count_cases, list_cases
from toolkit.cases.services import Opinion, act, intake
from toolkit.network.department_directory import add_department
from toolkit.cases.stats import case_figures
from toolkit.core.personal_data import mask_name, mask_phone

D = datetime(2026, 3, 2, 9, 0)
TODAY = date(2026, 4, 1)


@pytest.fixture
def cases(session, network):
    """Six cases: 3 at 五松 (城乡建设), 3 at 天井湖 (教育); two departments.

    #1 concluded 满意 (answered after 4 days)    #2 concluded 基本满意 (6 days)
    #3 assigned, deadline 3-20: overdue on 4-01  #4 不满意, second round, then 满意 (10 days)
    #5 registered                                 #6 resolved on site, not rated (2 days)
    """
    a = add_department(session, "住建局")
    b = add_department(session, "教育局")
    ids = []
    for n, (station, cat) in enumerate([("wusong", "城乡建设")] * 3 + [("tianjinghu", "教育")] * 3):
        c = intake(session, Opinion(content=f"第{n + 1}件", category=cat, station_id=network[station],
                                    citizen_name="刘大爷", citizen_phone="13812345678"), at=D)
        ids.append(c.id)

    def run(i, dept, *steps):
        for action, day, extra in steps:
            params = {"department_id": dept, "deadline": date(2026, 3, 20)} if action == "assign" else {}
            act(session, ids[i], action, at=datetime(2026, 3, day, 10), **params, **extra)

    run(0, a, ("assign", 2, {}), ("accept", 3, {}), ("answer", 6, {"note": "已答复"}), ("evaluate", 7, {"rating": "满意"}),
        ("conclude", 7, {}))
    run(1, a, ("assign", 2, {}), ("accept", 3, {}), ("answer", 8, {"note": "已答复"}),
        ("evaluate", 9, {"rating": "基本满意"}), ("conclude", 9, {}))
    run(2, a, ("assign", 2, {}))
    run(3, b, ("assign", 2, {}), ("accept", 3, {}), ("answer", 5, {"note": "已答复"}),
        ("evaluate", 6, {"rating": "不满意"}), ("answer", 12, {"note": "已答复"}), ("evaluate", 13, {"rating": "满意"}),
        ("conclude", 13, {}))
    run(5, None, ("resolve_on_site", 4, {"note": "已当场解决"}))
    return ids


def test_overall_figures(session, cases):
    row = case_figures(session, "all", today=TODAY).iloc[0]
    assert (row["受理"], row["办结"], row["办结率"]) == (6, 3, 0.5)
    # evaluated cases: #1 满意, #2 基本满意, #4 满意 (its 不满意 was replaced by the second rating)
    assert (row["评价"], row["满意"], row["基本满意"], row["不满意"], row["满意率"]) == (3, 2, 1, 0, 1.0)
    assert row["超期"] == 1
    assert row["平均答复天数"] == round((4 + 6 + 10 + 2) / 4, 1)


def test_figures_by_station_department_category_and_month(session, cases):
    by_station = case_figures(session, "station", today=TODAY).set_index("站点")
    assert by_station.loc["五松镇人大代表联络站", ["受理", "办结", "超期"]].tolist() == [3, 2, 1]
    by_dept = case_figures(session, "department", today=TODAY).set_index("承办单位")
    assert by_dept.loc["教育局", "办结"] == 1
    assert by_dept.loc["（站点就地办理）", "受理"] == 2
    by_cat = case_figures(session, "category", today=TODAY).set_index("类别")
    assert by_cat.loc["教育", "办结率"] == round(1 / 3, 4)
    by_county = case_figures(session, "county", today=TODAY).set_index("县区")
    assert by_county.loc["义安区中心站", "受理"] == 3
    assert case_figures(session, "month", today=TODAY)["月份"].tolist() == ["2026-03"]
    assert case_figures(session, "all", date_from=date(2026, 4, 1)).iloc[0]["受理"] == 0


def test_station_by_month_grid_adds_up_to_the_station_and_month_figures(session, cases, network):
    intake(session, Opinion(content="四月的一件", category="教育", station_id=network["wusong"],
                            citizen_name="张三", citizen_phone="13812345678"), at=datetime(2026, 4, 3, 9, 0))
    grid = case_figures(session, "station_month", today=TODAY)
    assert list(grid.columns[:2]) == ["站点", "月份"]
    wusong = grid[grid["站点"] == "五松镇人大代表联络站"].set_index("月份")
    assert wusong.loc["2026-03", ["受理", "办结", "超期"]].tolist() == [3, 2, 1]
    assert wusong.loc["2026-04", ["受理", "办结", "办结率"]].tolist() == [1, 0, 0.0]
    by_station = case_figures(session, "station", today=TODAY).set_index("站点")
    summed = grid.groupby("站点")[["受理", "办结", "评价", "满意", "基本满意", "不满意", "超期"]].sum()
    assert summed.sort_index().equals(by_station[summed.columns].sort_index())
    by_month = case_figures(session, "month", today=TODAY).set_index("月份")
    assert by_month["受理"].to_dict() == {"2026-03": 6, "2026-04": 1}


def test_overdue_cases_come_first_and_are_counted(session, cases):
    page = list_cases(session, CaseFilter(), today=TODAY)
    # 12 calendar days late (deadline Friday 3/20), 8 working days: 3/23–27, 3/30, 3/31, 4/1
    assert page.iloc[0]["编号"].endswith("000003") and page.iloc[0]["超期"] == "超期8个工作日"
    assert count_cases(session, CaseFilter(), today=TODAY) == {"total": 6, "overdue": 1}
    assert len(list_cases(session, CaseFilter(overdue_only=True), today=TODAY)) == 1


def test_lists_mask_citizens_unless_the_handler_asks(session, cases):
    page = list_cases(session, CaseFilter(), today=TODAY)
    assert set(page["联系电话"]) == {"138****5678"} and set(page["反映人"]) == {"刘**"}
    full = list_cases(session, CaseFilter(), today=TODAY, reveal=True)
    assert set(full["联系电话"]) == {"13812345678"}


@pytest.mark.parametrize("phone, masked", [("13812345678", "138****5678"), ("0562-2821234", "0562****1234"),
                                           ("", ""), (None, "")])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_mask_name():
    assert mask_name("欧阳新华") == "欧***" and mask_name(None) == ""


def test_filters_narrow_the_list(session, cases, network):
    assert len(list_cases(session, CaseFilter(category="教育"), today=TODAY)) == 3
    assert len(list_cases(session, CaseFilter(station_id=network["yian"]), today=TODAY)) == 3
    assert len(list_cases(session, CaseFilter(open_only=True), today=TODAY)) == 3
    assert len(list_cases(session, CaseFilter(text="第4件"), today=TODAY)) == 1
