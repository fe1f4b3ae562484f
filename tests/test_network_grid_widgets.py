"""The grid tabs of 代表编组进站 driven as the browser drives them (comm messages), on both databases:
a station's grids edited, a contact logged, the coverage and 联系超期 lists, the sheet in and out, a
station's staff kept to their stations."""
from __future__ import annotations

from sqlalchemy import func, select

from toolkit.core.access_rules import STAFF
from toolkit.core.principal import Principal
from toolkit.network.grid_models import Grid, GridContact, GridDeputy
from toolkit.network.models import Deputy, Station
from toolkit.network.station_index import StationIndex
from widgets.enrolment.app import EnrolmentApp
from widgets.enrolment.grid_coverage import GridCoveragePanel
from widgets.enrolment.grid_editor import GridEditorPanel

from . import files
from .factories.widgets import click, pick, update

HOSTILE = "<img src=x onerror=alert(1)>"


def _station_with_deputies(db) -> tuple[int, list[int], str]:
    """A township station of the demo with two or more seated deputies: its id, their ids, its path."""
    with db.reader() as s:
        sid, _n = s.execute(select(Deputy.station_id, func.count()).join(Station, Station.id == Deputy.station_id)
                           .where(Station.kind == "township_station").group_by(Deputy.station_id)
                           .having(func.count() >= 2).order_by(Deputy.station_id)).first()
        deputies = s.scalars(select(Deputy.id).where(Deputy.station_id == sid).order_by(Deputy.id)).all()
        return sid, list(deputies), StationIndex.load(s).path(sid)


def _count(db, model, *where) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_a_grid_is_added_edited_and_visited_in_the_editor(demo_db):
    sid, deputies, _ = _station_with_deputies(demo_db)
    panel = EnrolmentApp(demo_db).grids
    assert isinstance(panel, GridEditorPanel)
    pick(panel.station, sid)
    before = _count(demo_db, Grid, Grid.station_id == sid)
    assert f"本站有{before}个网格" in panel.message.value
    # a wrong mobile and a negative count are shown beside their fields, and nothing is written
    update(panel.name.control, value=HOSTILE)
    update(panel.mobile.control, value="2380000000")
    update(panel.households.control, value="-5")
    click(panel.save_button)
    assert "11位手机号" in panel.mobile.error_text and "不小于0的整数" in panel.households.error_text
    assert _count(demo_db, Grid, Grid.station_id == sid) == before
    update(panel.mobile.control, value="13900000009")
    update(panel.households.control, value="210")
    update(panel.deputies, index=[0, 1])
    click(panel.save_button)
    assert "已保存网格" in panel.message.value
    assert _count(demo_db, Grid, Grid.station_id == sid) == before + 1
    with demo_db.reader() as s:
        grid = s.scalar(select(Grid).where(Grid.station_id == sid, Grid.name == HOSTILE))
        assert (grid.worker_mobile, grid.households) == ("13900000009", 210)
        assert set(s.scalars(select(GridDeputy.deputy_id).where(GridDeputy.grid_id == grid.id))) == set(deputies[:2])
        grid_id = grid.id
    shown = [cell.value for _, line in panel.rows.lines for cell in line]
    assert any("&lt;img src=x" in v for v in shown) and not any("<img" in v for v in shown)
    # the open grid takes a contact by one of its deputies
    assert [v for _, v in panel.contact_deputy.options] and panel.delete_button.disabled is False
    pick(panel.contact_deputy, panel.contact_deputy.options[0][1])
    update(panel.contact_note, value="入户走访")
    click(panel.contact_button)
    assert "已登记网格联系" in panel.message.value
    assert _count(demo_db, GridContact, GridContact.grid_id == grid_id) == 1
    click(panel.delete_button)
    assert _count(demo_db, Grid, Grid.station_id == sid) == before


def test_a_name_taken_at_the_station_is_refused_in_plain_chinese(demo_db):
    sid, _, _ = _station_with_deputies(demo_db)
    panel = GridEditorPanel(demo_db)
    pick(panel.station, sid)
    update(panel.name.control, value="第一网格")
    click(panel.save_button)
    assert "已有名为「第一网格」的网格" in panel.message.value and "Traceback" not in panel.message.value


def test_coverage_quiet_grids_and_the_sheet_in_and_out(demo_db, tmp_path):
    _, deputies, path = _station_with_deputies(demo_db)
    panel = GridCoveragePanel(demo_db)
    assert "个网格，其中" in panel.coverage.value and path in panel.coverage.value
    assert "天以上未到网格联系" in panel.quiet.value
    with demo_db.reader() as s:
        name = s.scalar(select(Deputy.name).where(Deputy.id == deputies[0]))
    bad = files.write(tmp_path / "网格.xlsx", ["网格", "所属站点", "联系代表", "户数"],
                      [["新网格", path, name, "很多"], ["新网格二", path, "无此人", "1"]])
    panel.load_file(bad.read_bytes(), "网格.xlsx")
    click(panel.check_button)
    assert "第2行" in panel.preview.value and "第3行" in panel.preview.value and panel.commit_button.disabled
    click(panel.commit_button)                        # a forged click on the disabled button: still refused
    assert _count(demo_db, Grid, Grid.name.like("新网格%")) == 0
    good = files.write(tmp_path / "好.xlsx", ["网格", "所属站点", "联系代表", "户数"], [["新网格", path, name, "120"]])
    panel.load_file(good.read_bytes(), "好.xlsx")
    click(panel.check_button)
    click(panel.commit_button)
    assert "导入完成：新增1个" in panel.message.value
    assert _count(demo_db, Grid, Grid.name == "新网格") == 1
    click(panel.export_button)
    assert "网格表_" in panel.links.value and "download=" in panel.links.value


def test_station_staff_see_and_edit_only_their_stations_grids(demo_db):
    sid, _, _ = _station_with_deputies(demo_db)
    with demo_db.reader() as s:
        other = s.scalar(select(Grid.id).where(Grid.station_id != sid).order_by(Grid.id))
    staff = demo_db.acting_as(Principal("w.staff", "站点工作人员", STAFF, station_id=sid, stations=frozenset({sid})))
    panel = GridEditorPanel(staff)
    assert [v for _, v in panel.station.options] == [sid]
    panel.open_grid(other)                           # a forged open of another station's grid
    assert "不在您管理的站点范围内" in panel.message.value
    coverage = GridCoveragePanel(staff)
    with demo_db.reader() as s:
        total = s.scalar(select(func.count()).select_from(Grid).where(Grid.station_id == sid))
    assert f"共{total}个网格" in coverage.coverage.value
