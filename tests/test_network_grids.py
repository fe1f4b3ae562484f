"""网格 (grids) under the stations on both databases: `liaison grids import` and `… coverage --format json`
to the letter of the contract, row by row; the database's own lines; a deputy who moves leaves the
grid; 联系超期 from the contacts."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from toolkit.network.deputies import create_deputy
from toolkit.network.enrolment import enrol
from toolkit.network.grid_figures import grid_coverage, quiet_grids
from toolkit.network.grid_import import COLUMNS
from toolkit.network.grid_models import Grid, GridDeputy
from toolkit.network.grids import GridData, log_grid_contact, save_grid
from toolkit.ops.cli import main

from . import files
from .factories import id_number, record, small_network

WUSONG_PATH = "铜陵市人大代表联络总站/义安区中心站/五松镇人大代表联络站"
DONGCUN_W = WUSONG_PATH + "/东村联络点"


@pytest.fixture
def county(db):
    """The small network; 张伟, 王芳 seated at 五松, 李明 at 顺安, two 赵强 at 五松; the database's URL."""
    with db.unit_of_work() as s:
        small_network(s)
        for name, station in (("张伟", "五松镇人大代表联络站"), ("王芳", "五松镇人大代表联络站"),
                              ("李明", "顺安镇人大代表联络站"), ("赵强", "五松镇人大代表联络站"),
                              ("赵强", "五松镇人大代表联络站"), ("孙丽", DONGCUN_W)):
            create_deputy(s, record(姓名=name, 身份证号=id_number(), 所属联络站=station))
    return db.engine.url.render_as_string(hide_password=False)


def _sheet(tmp_path, rows, name="网格.xlsx", header=COLUMNS):
    return str(files.write(tmp_path / name, list(header), [[row.get(c, "") for c in header] for row in rows]))


ROWS = [
    {"网格": "第一网格", "所属站点": "五松镇人大代表联络站", "网格员": "陈网格", "网格员手机": "13800000001",
     "联系代表": "张伟、王芳", "户数": "320", "常住人口": "950"},
    {"网格": "第二网格", "所属站点": WUSONG_PATH, "网格员": "<img src=x onerror=alert(1)>", "户数": "280",
     "常住人口": "800"},
    {"网格": "=1+1", "所属站点": DONGCUN_W, "联系代表": "孙丽", "户数": "100", "常住人口": "300"},
]


def _coverage(url, capsys, *extra):
    assert main(["grids", "coverage", "--format", "json", "--db", url, *extra]) == 0
    return json.loads(capsys.readouterr().out)["结果"]


def _count(db, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("name", ["网格.xlsx", "网格.csv"])
def test_the_sheet_imports_and_coverage_reports_each_station(db, county, tmp_path, capsys, name):
    assert main(["grids", "import", _sheet(tmp_path, ROWS, name), "--db", county]) == 0
    assert "新增3行" in capsys.readouterr().out
    rows = _coverage(county, capsys)
    assert [r["站点"] for r in rows] == [WUSONG_PATH, DONGCUN_W]
    wusong = rows[0]
    assert wusong == {"站点": WUSONG_PATH, "网格数": 2, "有联系代表": 1, "无联系代表": 1, "户数": 600, "常住人口": 1750,
                      "无联系代表网格": ["第二网格"]}
    assert rows[1]["网格数"] == 1 and rows[1]["无联系代表网格"] == [] and rows[1]["户数"] == 100
    # --station narrows to that station and the ones below it, by path or by a unique name
    assert [r["站点"] for r in _coverage(county, capsys, "--station", DONGCUN_W)] == [DONGCUN_W]
    assert [r["站点"] for r in _coverage(county, capsys, "--station", "五松镇人大代表联络站")] == [WUSONG_PATH, DONGCUN_W]
    assert _coverage(county, capsys, "--station", "顺安镇人大代表联络站") == []
    with db.reader() as s:
        hostile = s.scalar(select(Grid.worker_name).where(Grid.name == "第二网格"))
        assert hostile == "<img src=x onerror=alert(1)>"        # kept as words; escaped where it is shown


def test_importing_again_updates_by_station_and_grid_and_an_unchanged_sheet_changes_nothing(db, county, tmp_path,
                                                                                              capsys):
    main(["grids", "import", _sheet(tmp_path, ROWS), "--db", county])
    changed = [dict(ROWS[0], 联系代表="王芳", 户数="330"), dict(ROWS[1], 联系代表="张伟")]
    capsys.readouterr()
    assert main(["grids", "import", _sheet(tmp_path, changed, "again.xlsx"), "--db", county]) == 0
    assert "新增0行，更新2行" in capsys.readouterr().out
    assert _count(db, Grid) == 3
    wusong = _coverage(county, capsys)[0]
    assert (wusong["有联系代表"], wusong["无联系代表网格"], wusong["户数"]) == (2, [], 610)
    # the exported sheet imports back unchanged
    out = tmp_path / "导出.xlsx"
    assert main(["grids", "export", str(out), "--db", county]) == 0
    capsys.readouterr()
    assert main(["grids", "import", str(out), "--db", county]) == 0
    assert "新增0行，更新0行，无变化3行" in capsys.readouterr().out


@pytest.mark.parametrize("row,column,words", [
    ({"网格": "", "所属站点": "五松镇人大代表联络站"}, "网格", "必填"),
    ({"网格": "甲", "所属站点": ""}, "所属站点", "必填"),
    ({"网格": "甲", "所属站点": "东村联络点"}, "所属站点", "有2个联络站名为「东村联络点」"),
    ({"网格": "甲", "所属站点": "西村联络点"}, "所属站点", "找不到"),
    ({"网格": "甲", "所属站点": "五松镇人大代表联络站", "联系代表": "李明"}, "联系代表", "未在本站进站"),
    ({"网格": "甲", "所属站点": "五松镇人大代表联络站", "联系代表": "赵强"}, "联系代表", "2名代表名为「赵强」"),
    ({"网格": "甲", "所属站点": "五松镇人大代表联络站", "联系代表": "无此人"}, "联系代表", "找不到"),
    ({"网格": "甲", "所属站点": "五松镇人大代表联络站", "网格员手机": "23800000001"}, "网格员手机", "11位手机号"),
    ({"网格": "甲", "所属站点": "五松镇人大代表联络站", "网格员手机": "1380000001"}, "网格员手机", "11位手机号"),
    ({"网格": "甲", "所属站点": "五松镇人大代表联络站", "户数": "-1"}, "户数", "不小于0的整数"),
    ({"网格": "甲", "所属站点": "五松镇人大代表联络站", "常住人口": "12.5"}, "常住人口", "不小于0的整数"),
])
def test_a_wrong_row_refuses_the_whole_file_naming_row_and_column(db, county, tmp_path, capsys, row, column, words):
    sheet = _sheet(tmp_path, [ROWS[0], row])
    assert main(["grids", "import", sheet, "--db", county]) == 2
    out = capsys.readouterr().out
    assert f"第3行「{column}」" in out and words in out and "未写入任何数据" in out
    assert _count(db, Grid) == 0 and _count(db, GridDeputy) == 0


def test_a_grid_named_twice_for_one_station_is_an_error_even_beside_other_errors(db, county, tmp_path, capsys):
    rows = [dict(ROWS[0], 户数="很多"), {"网格": "第一网格", "所属站点": WUSONG_PATH}]
    assert main(["grids", "import", _sheet(tmp_path, rows), "--db", county]) == 2
    out = capsys.readouterr().out
    assert "第3行「网格」：与第2行重复" in out
    # the same name under another station is another grid
    assert main(["grids", "import", _sheet(tmp_path, [ROWS[0], dict(ROWS[0], 所属站点="顺安镇人大代表联络站",
                                                                    联系代表="李明")], "ok.xlsx"), "--db", county]) == 0


def test_a_missing_column_is_named_and_nothing_is_written(db, county, tmp_path, capsys):
    header = [c for c in COLUMNS if c != "所属站点"]
    assert main(["grids", "import", _sheet(tmp_path, ROWS, header=header), "--db", county]) == 2
    assert "「所属站点」：缺少必填列" in capsys.readouterr().out
    assert _count(db, Grid) == 0


def test_the_database_refuses_what_the_import_refuses(db, county):
    with db.unit_of_work() as s:
        station = s.scalar(text("SELECT id FROM station WHERE name = '五松镇人大代表联络站'"))
    for values in ("'坏号', '23800000001', NULL", "'负户', NULL, -1", "'', NULL, NULL"):
        with pytest.raises(IntegrityError), db.unit_of_work() as s:
            s.execute(text(f"INSERT INTO grid (station_id, name, worker_mobile, households, version) "
                           f"VALUES ({station}, {values}, 1)"))
    with pytest.raises(IntegrityError), db.unit_of_work() as s:
        for _ in range(2):
            s.execute(text(f"INSERT INTO grid (station_id, name, version) VALUES ({station}, '同名', 1)"))


def test_a_deputy_who_moves_away_no_longer_answers_for_the_grid(db, county, tmp_path, capsys):
    main(["grids", "import", _sheet(tmp_path, ROWS), "--db", county])
    with db.unit_of_work() as s:
        zhang = s.scalar(text("SELECT id FROM deputy WHERE name = '张伟'"))
        shunan = s.scalar(text("SELECT id FROM station WHERE name = '顺安镇人大代表联络站'"))
        enrol(s, zhang, shunan)
    capsys.readouterr()
    wusong = _coverage(county, capsys)[0]
    assert wusong["有联系代表"] == 1                      # 王芳 still answers for 第一网格
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(GridDeputy).where(GridDeputy.deputy_id == zhang)) == 0


def test_a_grid_falls_quiet_after_the_set_days_without_a_contact(db, county):
    today = date(2026, 12, 1)
    with db.unit_of_work() as s:
        wusong = s.scalar(text("SELECT id FROM station WHERE name = '五松镇人大代表联络站'"))
        zhang, wang = (s.scalar(text(f"SELECT id FROM deputy WHERE name = '{n}'")) for n in ("张伟", "王芳"))
        north = save_grid(s, wusong, GridData("北网格", deputy_ids=[zhang])).id
        south = save_grid(s, wusong, GridData("南网格", deputy_ids=[wang])).id
        save_grid(s, wusong, GridData("空网格"))                       # no deputy: not "quiet", uncovered
        log_grid_contact(s, north, zhang, today - timedelta(days=10), "走访")
        log_grid_contact(s, south, wang, today - timedelta(days=90), "电话")
    with db.reader() as s:
        quiet = quiet_grids(s, 60, today)
        assert [(r["网格"], r["未联系天数"]) for r in quiet] == [("南网格", 90)]
        assert [r["网格"] for r in quiet_grids(s, 5, today)] == ["南网格", "北网格"]
        assert quiet_grids(s, 60, today, station="顺安镇人大代表联络站") == []
        assert grid_coverage(s)[0]["无联系代表网格"] == ["空网格"]
    with db.unit_of_work() as s, pytest.raises(Exception, match="不是「北网格」的联系代表"):
        log_grid_contact(s, north, wang, today, "走访")
