"""The 代表建议 app driven from Python as the browser drives it: the list (late first, filtered), a
suggestion's page, the figures, the sheet in (预检, then all or nothing) and out."""
from __future__ import annotations

import pytest

from toolkit.suggestions.importer import COLUMNS
from widgets.suggestions.app import SuggestionsApp

from . import files
from .factories.widgets import click, pick, update

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def app(demo_db):
    return SuggestionsApp(demo_db)


def test_the_list_shows_the_demo_year_late_first_and_a_suggestion_opens(app):
    panel = app.suggestions
    assert "共 <b>60</b> 件" in panel.counts.value
    first = panel.list.frame.iloc[0]
    late = panel.list.frame["状态"].eq("超期未答复")
    assert late.any() and late.iloc[:late.sum()].all()          # the unanswered past their day come first
    panel.list.open_row(int(first["id"]))
    assert first["建议编号"] in app.detail.body.value and "答复期限" in app.detail.body.value
    pick(panel.answer_class, "C")
    assert set(panel.list.frame["答复类别"]) == {"C"}
    update(panel.text, value="不存在的建议")
    assert "共 <b>0</b> 件" in panel.counts.value


def test_the_figures_count_by_unit_and_export(app):
    figures = app.figures
    assert "主办单位" in figures.table.value and "采纳率" in figures.table.value
    pick(figures.by, "all")
    assert "<td>60</td>" in figures.table.value
    click(figures.export_button)
    assert "代表建议统计_" in figures.download.value


def test_a_sheet_is_checked_then_imported_whole_and_hostile_text_stays_text(app, tmp_path):
    sheet = app.sheet
    row = {"建议编号": "JY-2027-001", "标题": HOSTILE, "领衔代表": "", "提出日期": "2027-01-08", "主办单位": "县应急管理局",
           "交办日期": "2027-01-20"}
    with app.db.reader() as s:
        from sqlalchemy import select

        from toolkit.network.models import Deputy
        row["领衔代表"] = next(n for n in s.scalars(select(Deputy.name)) if list(s.scalars(select(Deputy.name))).count(n) == 1)
    bad = files.write(tmp_path / "bad.xlsx", list(COLUMNS), [[{**row, "交办日期": "2026-12-01"}.get(c, "") for c in COLUMNS]])
    sheet.load_file(bad.read_bytes(), "bad.xlsx")
    click(sheet.check_button)
    assert "第2行" in sheet.preview.value and "交办日期" in sheet.preview.value and sheet.commit_button.disabled
    good = files.write(tmp_path / "good.xlsx", list(COLUMNS), [[row.get(c, "") for c in COLUMNS]])
    sheet.load_file(good.read_bytes(), "good.xlsx")
    click(sheet.check_button)
    assert "新增1件" in sheet.preview.value and "将新增承办单位：县应急管理局" in sheet.preview.value
    click(sheet.commit_button)
    assert "导入完成：新增1件" in sheet.message.value
    assert "共 <b>61</b> 件" in app.suggestions.counts.value          # the list already built is refreshed
    update(app.suggestions.text, value="JY-2027-001")
    app.suggestions.list.open_row(int(app.suggestions.list.frame.iloc[0]["id"]))
    assert HOSTILE not in app.detail.body.value and "&lt;img src=x onerror=alert(1)&gt;" in app.detail.body.value
    click(sheet.export_button)
    assert "代表建议_" in sheet.links.value
