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


def test_a_suggestion_is_proposed_handed_out_answered_and_rated_from_the_app(app):
    from toolkit.core.access_rules import DEPUTY
    from toolkit.core.principal import Principal, local_admin
    from widgets.suggestions.handling import SuggestionHandlingPanel
    proposal = app.proposal
    from sqlalchemy import select

    from toolkit.network.models import Deputy
    with app.db.reader() as s:
        name = s.scalar(select(Deputy.name).order_by(Deputy.id))
    update(proposal.lead_picker.text, value=name)
    assert proposal.lead_picker.value is not None
    update(proposal.title.control, value="关于老旧小区加装电梯的建议")
    assert "相似的已有建议" in proposal.similar.value and "加装电梯" in proposal.similar.value   # the demo year has them
    update(proposal.content.control, value=HOSTILE)
    click(proposal.submit)
    assert "已提出代表建议 JY-" in proposal.message.text
    new_id, number = proposal.proposed, proposal.message.text.split()[1].rstrip("，待代表工委交办。")
    panel = app.suggestions
    update(panel.text, value=number)
    panel.list.open_row(new_id)
    handling = app.handling
    offered = [v for _, v in handling.step.options]
    assert offered[0] == "assign" and set(offered) <= {"assign", "to_project"}   # only 交办 until it is handed out
    if "to_project" in offered:                                     # the demo's call is open: take it into it
        pick(handling.step, "to_project")
        click(handling.submit)
        assert handling.message.text == "已纳入民生实事项目征集。"
        assert "纳入民生实事项目征集" in handling.history.value and "to_project" not in [v for _, v in handling.step.options]
        pick(handling.step, "assign")
    update(handling.key.control, value=True)                        # no unit, 重点督办 without its leader
    click(handling.submit)
    assert handling.supervisor.error_text == "重点督办须写明领衔督办的领导"
    assert handling.unit.error_text == "请选择主办单位" and "有2处需要修改" in handling.message.text
    update(handling.supervisor.control, value="王副县长")
    pick(handling.unit.control, handling.unit.control.options[0][1])
    click(handling.submit)
    assert "已交办" in handling.message.text and "交办" in handling.history.value
    pick(handling.step, "answer")
    pick(handling.answer_class.control, "B")
    update(handling.answer_text.control, value="已列入明年计划")
    click(handling.submit)
    assert handling.promised_on.error_text.startswith("B类答复须填写")    # the refusal says where
    assert "有1处需要修改" in handling.message.text
    pick(handling.answer_class.control, "A")
    click(handling.submit)
    assert "已答复" in handling.message.text
    as_city = SuggestionHandlingPanel(app.db.acting_as(local_admin()))
    as_city.suggestion_id = new_id
    assert [v for _, v in as_city.step.options] == ["contact"]      # the city administrator does not rate
    with app.db.reader() as s:
        from toolkit.suggestions.models import Suggestion
        lead = s.get(Suggestion, new_id).lead_deputy_id
    as_lead = SuggestionHandlingPanel(app.db.acting_as(Principal("lead", "领衔代表", DEPUTY, deputy_id=lead)))
    as_lead.suggestion_id = new_id
    assert [v for _, v in as_lead.step.options] == ["rate"]
    pick(as_lead.opinion.control, "不满意")
    click(as_lead.submit)
    assert as_lead.opinion_note.error_text == "不能为空"                # 不满意 says why
    update(as_lead.opinion_note.control, value="进度太慢")
    click(as_lead.submit)
    assert as_lead.message.text == "已提交代表意见。" and "退回重新办理" in as_lead.history.value
    handling.refresh()
    assert "answer" in [v for _, v in handling.step.options]         # back with the unit for a second answer
    assert HOSTILE not in app.detail.body.value
