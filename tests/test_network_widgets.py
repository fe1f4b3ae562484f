"""The panels driven from Python as a user would: set values, click, read what they show."""
from sqlalchemy import func, select

from toolkit.network.models import Deputy, Station
from widgets import (
    CoveragePanel,
    DeputyFormPanel,
    DeputyListPanel,
    EnrolmentApp,
    EnrolmentMovePanel,
    RosterIOPanel,
    StationTreePanel,
)

from . import files
from .factories import record


def _count(db, model):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def _fill(form, values):
    for column, value in values.items():
        form.fields[column].value = value


def test_the_form_shows_each_problem_next_to_its_field_and_writes_nothing(demo_db):
    form = DeputyFormPanel(demo_db)
    _fill(form, record(身份证号="340705197503151019", 联系电话="12345", 出生年月="1975-13",
                       所属联络站=form.fields["所属联络站"].control.options[3][1]))
    form.save_button.click()
    errors = form.errors()
    assert set(errors) == {"身份证号", "联系电话", "出生年月"}
    assert "校验位错误" in errors["身份证号"]
    assert form.message.kind == "error" and "3处" in form.message.text
    assert _count(demo_db, Deputy) == 57


def test_a_deputy_added_in_the_form_is_found_in_the_list(demo_db):
    app = EnrolmentApp(demo_db)
    app.new_button.click()
    station = next(v for label, v in app.form.fields["所属联络站"].control.options if v.endswith("幸福街道人大代表联络站"))
    _fill(app.form, record(姓名="欧阳新华", 所属联络站=station))
    app.form.save_button.click()
    assert app.form.message.kind == "ok", app.form.message.text
    app.deputies.text.value = "欧阳新华"
    app.deputies.search_button.click()
    assert app.deputies.frame["姓名"].tolist() == ["欧阳新华"]
    assert "欧阳新华" in app.deputies.table.value
    assert app.coverage.summary["代表总数"] == 58


def test_editing_loads_the_record_and_saves_changes(demo_db):
    app = EnrolmentApp(demo_db)
    first = app.deputies.pick.options[1][1]
    app.deputies.pick.value = first
    app.edit_button.click()
    assert app.selected_index == 1 and app.form.deputy_id == first
    app.form.fields["专业特长"].value = "水利"
    app.form.save_button.click()
    assert app.form.message.kind == "ok"
    with demo_db.reader() as s:
        assert s.get(Deputy, first).specialty == "水利"


def test_edit_without_a_selection_asks_to_choose(demo_db):
    app = EnrolmentApp(demo_db)
    app.edit_button.click()
    assert app.selected_index == 0 and "请先" in app.deputies.message.text


def test_filters_sort_and_pages(demo_db):
    panel = DeputyListPanel(demo_db, page_size=10)
    assert panel.pager.total == 57 and len(panel.frame) == 10
    panel.pager.next.click()
    assert panel.pager.page == 2
    panel.enrolled.value = False
    assert panel.pager.total == 3 and set(panel.frame["所属联络站"]) == {"（未进站）"}
    panel.reset_button.click()
    panel.sort.value = "pinyin"
    assert panel.pager.total == 57
    panel.export_button.click()
    assert "data:application/vnd.openxmlformats" in panel.download.value


def test_moving_a_deputy_records_the_history(demo_db):
    mover = EnrolmentMovePanel(demo_db)
    with demo_db.reader() as s:
        did, home = s.execute(select(Deputy.id, Deputy.station_id).where(Deputy.station_id.is_not(None))).first()
    mover.deputy_id = did
    target = next(v for _, v in mover.target.options if v != home)
    mover.target.value, mover.note.value = target, "工作调动"
    mover.move_button.click()
    assert mover.message.kind == "ok"
    assert "工作调动" in mover.history.value
    mover.target.value = target
    mover.move_button.click()
    assert mover.message.kind == "error" and "无需调整" in mover.message.text


def test_station_tree_actions_and_refusals(demo_db):
    panel = StationTreePanel(demo_db)
    town = next(v for label, v in panel.tree.options if "幸福街道人大代表联络站" in label)
    panel.tree.value = town
    panel.new_name.value, panel.new_kind.value = "新建村联络点", "village_point"
    panel.add_button.click()
    assert panel.message.kind == "ok" and _count(demo_db, Station) == 24
    new_id = panel.tree.value
    panel.rename_text.value = "新建社区联络点"
    panel.rename_button.click()
    assert any("新建社区联络点" in label for label, _ in panel.tree.options)
    panel.close_button.click()
    assert panel.message.kind == "ok"
    panel.tree.value = town
    panel.close_button.click()  # has deputies and open children
    assert panel.message.kind == "error" and "请先" in panel.message.text
    assert new_id not in [v for _, v in panel.tree.options]
    panel.show_closed.value = True
    assert any("（已撤销）" in label for label, _ in panel.tree.options)


def test_a_forged_click_on_a_disabled_import_button_is_still_refused(demo_db, tmp_path):
    panel = RosterIOPanel(demo_db)
    path = files.roster(tmp_path / "r.xlsx", [record(所属联络站="幸福街道人大代表联络站"),
                                            record(联系电话="1", 所属联络站="幸福街道人大代表联络站")])
    panel.load_file(path.read_bytes(), "花名册.xlsx")
    panel.check_button.click()
    assert panel.commit_button.disabled
    assert "第3行" in panel.preview.value and "联系电话" in panel.preview.value
    panel.commit_button.click()  # what a crafted widget message would do
    assert panel.message.kind == "error" and "导入未执行" in panel.message.text
    assert _count(demo_db, Deputy) == 57
    panel.skip_invalid.value = True
    assert not panel.commit_button.disabled
    panel.commit_button.click()
    assert panel.message.kind == "ok" and _count(demo_db, Deputy) == 58


def test_import_without_a_file_and_with_a_broken_file(demo_db):
    panel = RosterIOPanel(demo_db)
    panel.check_button.click()
    assert "请先选择" in panel.message.text
    panel.load_file(b"garbage", "花名册.xlsx")
    panel.check_button.click()
    assert panel.message.kind == "error" and "文件已损坏" in panel.message.text


def test_template_and_export_downloads(demo_db):
    panel = RosterIOPanel(demo_db)
    panel.template_button.click()
    assert 'download="代表花名册模板.xlsx"' in panel.links.value
    panel.export_button.click()
    assert "代表花名册_" in panel.links.value


def test_coverage_shows_figures_charts_and_the_unenrolled(demo_db):
    panel = CoveragePanel(demo_db)
    assert panel.summary == {"代表总数": 57, "已进站": 54, "未进站": 3, "覆盖率": round(54 / 57, 4)}
    assert "94.7%" in panel.figures.value
    assert panel.by_level.value.count("lz-bar-row") == 5
    assert len(panel.missing) == 3 and "（未进站）" in panel.unenrolled.value
    county = panel.scope.options[2][1]
    panel.scope.value = county
    assert len(panel.stations) > 0


def test_an_unexpected_failure_shows_a_plain_message_not_a_traceback(demo_db):
    panel = DeputyListPanel(demo_db)
    demo_db.engine.dispose()
    panel.db = type(demo_db)("sqlite:////nonexistent/dir/x.sqlite3")
    panel.search_button.click()
    assert panel.message.kind == "error" and "系统内部错误" in panel.message.text
    assert "Traceback" not in panel.message.value


def test_a_station_is_found_by_part_of_its_name_or_its_pinyin_initials(demo_db):
    """414 stations are too many to scroll: the box beside the picker narrows it."""
    from toolkit.core.collation import initials, matches
    from widgets.pieces.station_picker import StationPicker
    assert initials("五松镇人大代表联络站") == "wszrddbllz" and matches("五松镇人大代表联络站", "WSZ")
    assert matches("五松镇人大代表联络站", "五松") and not matches("天井湖社区联络站", "wsz")
    picker = StationPicker(demo_db, "站点", blank="（全部）")
    box = picker.with_search()
    everything = len(picker.options)
    name = next(label.strip() for label, v in picker.options if v is not None)
    picker.search.value = initials(name)[:3]
    assert 1 < len(picker.options) < everything and picker.label.strip() == next(
        label.strip() for label, _ in picker.options[1:])                      # the first match chosen
    assert all(matches(label.strip(), initials(name)[:3]) for label, _ in picker.options[1:])
    picker.search.value = name
    assert picker.label.strip() == name
    picker.search.value = ""
    assert len(picker.options) == everything and box.children[0] is picker
