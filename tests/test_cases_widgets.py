"""The case panels driven from Python: intake, steps offered and refused, board, public page."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from toolkit.cases.models import Case
from toolkit.core.workdays import WorkCalendar
from widgets import CasesApp, ProgressBoard


def _count(db):
    with db.reader() as s:
        return s.scalar(select(func.count(Case.id)))


@pytest.fixture
def app(demo_db):
    return CasesApp(demo_db)


def test_intake_shows_errors_by_field_and_then_logs_with_a_number(app, demo_db):
    before = _count(demo_db)
    f = app.intake.fields
    f["联系电话"].value = "123"
    app.intake.submit.click()
    assert "请填写" in f["反映内容"].error_text and "手机号" in f["联系电话"].error_text
    assert "请选择" in f["所属站点"].error_text
    assert _count(demo_db) == before
    f["所属站点"].value = f["所属站点"].control.options[5][1]
    assert f["所属站点"].error_text == "" and "请填写" in f["反映内容"].error_text    # the fixed field's hint goes at once
    f["接收代表"].value = f["接收代表"].control.options[-1][1]
    f["反映内容"].value, f["联系电话"].value, f["类别"].value = "小区路灯不亮", "13812345678", "城乡建设"
    app.intake.submit.click()
    assert app.intake.message.kind == "ok" and "TL-" in app.intake.message.text
    assert _count(demo_db) == before + 1
    assert app.detail.case_id == app.intake.created_id
    assert app.detail.allowed == ["resolve_on_site", "assign", "to_suggestion"]


def test_steps_are_offered_only_when_allowed_and_a_stale_page_is_refused(app, demo_db):
    app.intake.fields["所属站点"].value = app.intake.fields["所属站点"].control.options[5][1]
    app.intake.fields["反映内容"].value = "路面坑洼"
    app.intake.submit.click()
    d = app.detail
    d.department.value = d.department.options[0][1]
    with app.db.reader() as s:          # the page proposes the rule's deadline: 15 working days
        assert d.deadline.value == WorkCalendar.load(s).add(date.today(), 15)
    d.deadline.value = date.today() + timedelta(days=10)
    d.take("assign")
    assert d.message.kind == "ok" and d.allowed == ["transfer", "accept"]
    labels = [b.description for b in d.buttons.children]
    assert labels == ["转办", "承接"]
    d.take("answer")  # a forged message for a button that is not offered
    assert d.message.kind == "error" and "当前状态为「已交办」" in d.message.text
    d.version -= 1  # someone else acted since this page loaded
    assert d.refresh_button.layout.display == "none"
    d.take("accept")
    assert "已被他人修改" in d.message.text and d.refresh_button.layout.display is None    # 刷新 offered
    d.refresh_button.click()
    assert d.refresh_button.layout.display == "none" and "已刷新为最新内容" in d.message.text
    d.take("accept")
    d.take("answer")                              # an answer without its text is refused, and says so
    assert d.message.kind == "error" and "请填写答复内容" in d.message.text and d.detail["state"] == "accepted"
    d.note.value = "已更换路灯"
    d.take("answer")
    d.rating.value = "不满意"
    d.take("evaluate")
    assert d.detail["state"] == "in_progress" and d.detail["办理轮次"] == 2
    assert "二次办理" in d.history.value


def test_the_list_puts_overdue_first_and_exports_masked(app):
    from toolkit.cases.queries import count_cases
    with app.db.reader() as s:
        overdue = count_cases(s, app.cases.current_filter())["overdue"]
    assert overdue > 0  # the demo has late cases
    assert app.cases.frame.iloc[0]["超期"].startswith("超期")
    assert all("****" in p for p in app.cases.frame["联系电话"] if p)
    app.cases.export_button.click()
    assert "data:application/vnd.openxmlformats" in app.cases.download.value


def test_figures_panel_regroups(app):
    app.figures.by.value = "county"
    assert list(app.figures.frame.columns[:3]) == ["县区", "受理", "办结"]
    assert "办结率" in app.figures.chart.value


def test_station_by_month_figures_page_fifty_rows_and_export_every_row(app):
    import base64
    import io
    import re

    import openpyxl

    panel = app.figures
    panel.by.value = "station_month"
    total = len(panel.frame)
    assert list(panel.frame.columns[:2]) == ["站点", "月份"] and total > 50
    assert panel.table.value.count("<tr>") == 51 and panel.pager.layout.display == ""
    first = panel.table.value
    panel.pager.next.click()
    assert panel.table.value != first and f"共 {total} 条" in panel.pager.info.value
    panel.export_button.click()
    data = base64.b64decode(re.search(r"base64,([^\"]+)", panel.download.value).group(1))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["按站点×月份统计"]
    assert sheet.max_row == total + 1 and [c.value for c in sheet[1]][:3] == ["站点", "月份", "受理"]
    panel.by.value = "county"        # short tables need no pager; a new grouping drops the old file
    assert panel.pager.layout.display == "none" and panel.download.value == ""


def test_a_department_sees_its_cases(app):
    unit = app.departments.unit.options[0][1]
    app.departments.unit.value = unit
    app.departments.view_button.click()
    assert app.selected_index == 1 and app.cases.department.value == unit


def test_the_board_shows_no_personal_data(demo_db):
    board = ProgressBoard(demo_db)
    assert list(board.cases.columns) == ["编号", "类别", "所属站点", "承办单位", "办理时限", "当前阶段", "剩余天数"]
    with demo_db.reader() as s:
        phones = [p for p in s.scalars(select(Case.citizen_phone)) if p]
    assert phones and not any(p in board.table.value for p in phones)
    assert "各阶段在办件数" in board.stages.value


def test_after_a_step_the_case_page_is_drawn_once(app):
    """The list refreshes, but the case stays chosen: no blank page, no second drawing."""
    cases, d = app.cases, app.detail
    first = next(v for _, v in cases.pick.options if v is not None)
    cases.pick.value = first
    assert d.case_id == first
    drawn = []
    original = d.refresh
    d.refresh = lambda: (drawn.append(d.case_id), original())[1]
    step = next(a for a in d.allowed if a in ("register", "accept", "assign", "conclude", "resolve_on_site"))
    if step in ("assign",):
        d.department.value = d.department.options[0][1]
        d.deadline.value = date.today() + timedelta(days=10)
    d.note.value = "已当场解决" if step == "resolve_on_site" else ""
    d.take(step)
    assert d.message.kind == "ok", d.message.text
    assert drawn == [first] and d.case_id == first and cases.selected_id == first
    other = next(v for _, v in cases.pick.options if v not in (None, first))
    cases.pick.value = other                      # a person picking still switches the page
    assert d.case_id == other and drawn == [first, other]


def test_a_row_of_the_case_list_opens_with_one_click(app):
    """Not a drop-down below twenty rows: each row's 打开 opens it; the columns a station works by."""
    listing = app.cases
    grid = listing.list.grid
    assert grid.columns == ["编号", "受理日期", "类别", "反映内容", "所属站点", "承办单位", "办理时限", "状态", "督办", "超期"]
    button, cells = grid.lines[2]
    number = cells[0].value
    button.click()
    assert app.detail.case_id == button.row_id == listing.selected_id
    assert f"案件 {number}" in app.detail.summary.value
    listing.pager.next.click()                                  # a new page: the same widgets, new text
    assert grid.lines[0][0].row_id != button.row_id and len(grid.text.splitlines()) == len(listing.frame)


def test_weak_matches_are_folded_away_and_none_worth_a_look_is_said():
    """可能重复 listed 6–13% matches as if worth a look; now only ≥15% are, the rest folded."""
    from toolkit.triage import Advice
    from widgets.cases.advice import AdviceBox

    def dup(number, pct):
        return {"编号": number, "相似度": f"{pct}%", "值得一看": pct >= 15, "受理日期": "2026-12-01",
                "所属站点": "五松镇人大代表联络站", "类别": "城乡建设", "状态": "已交办", "反映内容": "路灯不亮"}
    box = AdviceBox("与较早的案件为同一事项")
    box.show(Advice(duplicates=[dup("TL-2026-000001", 31), dup("TL-2026-000002", 9)]))
    strong, folded = box.duplicates.value.split("<details>")
    assert "可能重复" in strong and "TL-2026-000001" in strong and "TL-2026-000002" not in strong
    assert "相似度较低的1件" in folded and "TL-2026-000002" in folded
    box.show(Advice(duplicates=[dup("TL-2026-000003", 7)]))
    assert "没有明显重复的案件" in box.duplicates.value and "<b>可能重复</b>" not in box.duplicates.value


def test_times_show_to_the_minute_in_every_table():
    from datetime import datetime

    import pandas as pd

    from widgets.pieces.common import table_html
    shown = table_html(pd.DataFrame({"时间": [datetime(2026, 12, 7, 9, 30, 12, 123456)], "件数": [1]}))
    assert "<td>2026-12-07 09:30</td>" in shown and "123456" not in shown
