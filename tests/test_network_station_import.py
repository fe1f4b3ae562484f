"""Setting up the network from a station list."""
import pytest

from toolkit import ImportRejected, apply_station_import, export_stations, plan_station_import, read_table, station_tree
from toolkit.formats.spreadsheets import Table
from toolkit.network.models import Station

from . import files


def _table(rows: list[dict]) -> Table:
    header = ["站点名称", "站点类型", "上级站点", "接待日", "经度", "纬度"]
    return Table(header=header, rows=[{h: r.get(h, "") for h in header} for r in rows],
                 row_numbers=list(range(2, len(rows) + 2)))

HEADER = ["站点名称*", "站点类型*", "上级站点", "地址", "站长", "联系电话"]


def _plan(session, tmp_path, rows, name="s.xlsx"):
    return plan_station_import(session, read_table(files.write(tmp_path / name, HEADER, rows)))


def test_a_parent_may_come_later_in_the_file(session, tmp_path):
    rows = [["东村联络点", "村居联络点", "五松镇联络站", "", "", ""],
            ["五松镇联络站", "乡镇联络站", "义安区中心站", "五松镇政府", "王站长", "0562-2821234"],
            ["义安区中心站", "县区中心站", "铜陵市总站", "", "", ""],
            ["铜陵市总站", "市级总站", "", "", "", ""]]
    plan = _plan(session, tmp_path, rows)
    assert plan.errors == []
    apply_station_import(session, plan)
    paths = set(station_tree(session)["路径"])
    assert "铜陵市总站/义安区中心站/五松镇联络站/东村联络点" in paths


def test_a_cycle_is_an_error_and_nothing_is_written(session, tmp_path):
    rows = [["甲站", "乡镇联络站", "乙站", "", "", ""], ["乙站", "乡镇联络站", "甲站", "", "", ""]]
    plan = _plan(session, tmp_path, rows)
    assert all("循环" in e.message for e in plan.errors) and len(plan.errors) == 2
    with pytest.raises(ImportRejected):
        apply_station_import(session, plan)
    assert station_tree(session).empty


@pytest.mark.parametrize("row, column, reason", [
    (["", "乡镇联络站", "", "", "", ""], "站点名称", "必填"),
    (["x站", "城堡", "", "", "", ""], "站点类型", "不是站点类型"),
    (["x站", "村居联络点", "不存在的站", "", "", ""], "上级站点", "找不到"),
    (["x站", "村居联络点", "", "", "", ""], "站点类型", "必须有上级站点"),
    (["x站", "市级总站", "", "", "", "12"], "联系电话", "手机号"),
])
def test_row_errors_name_the_row_and_column(session, tmp_path, row, column, reason):
    plan = _plan(session, tmp_path, [row], "s.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(2, column)]
    assert reason in plan.errors[0].message


def test_importing_the_exported_network_again_changes_nothing(session, network, tmp_path):
    path = tmp_path / "net.xlsx"
    path.write_bytes(export_stations(session))
    plan = plan_station_import(session, read_table(path))
    assert plan.errors == []
    assert plan.counts() == {"new": 0, "updated": 0, "unchanged": len(network), "error": 0}


def test_a_list_extends_an_existing_network_by_path(session, network, tmp_path):
    rows = [["东村法律服务岗", "代表服务岗", "顺安镇人大代表联络站/东村联络点", "", "", ""],
            ["西村联络点", "村居联络点", "五松镇人大代表联络站", "", "", ""]]
    plan = _plan(session, tmp_path, rows)
    assert plan.errors == []
    apply_station_import(session, plan)
    tree = station_tree(session)
    post = tree[tree["名称"] == "东村法律服务岗"].iloc[0]
    assert post["parent_id"] == network["dongcun_s"]


def test_an_ambiguous_parent_name_asks_for_a_path(session, network, tmp_path):
    plan = _plan(session, tmp_path, [["东村服务岗", "代表服务岗", "东村联络点", "", "", ""]])
    assert "请写明路径" in plan.errors[0].message


def test_coordinates_and_reception_days_come_with_the_list_and_update_a_station_on_file(session, network):
    plan = plan_station_import(session, _table([
        {"站点名称": "五松镇人大代表联络站", "站点类型": "乡镇联络站", "上级站点": "义安区中心站", "接待日": "每月15日",
         "经度": "117.79", "纬度": "30.93"},
        {"站点名称": "西湖联络点", "站点类型": "村居联络点", "上级站点": "五松镇人大代表联络站", "经度": "117.8", "纬度": "30.9"},
        {"站点名称": "北岸联络点", "站点类型": "村居联络点", "上级站点": "五松镇人大代表联络站", "经度": "30.9", "纬度": "117.8"},
        {"站点名称": "南岸联络点", "站点类型": "村居联络点", "上级站点": "五松镇人大代表联络站", "经度": "117.8"},
        {"站点名称": "东岸联络点", "站点类型": "村居联络点", "上级站点": "五松镇人大代表联络站", "经度": "东经117度", "纬度": "30"},
    ]))
    messages = [str(e) for e in plan.errors]
    assert any(m.startswith("第4行「经度」") and "不在中国境内" in m and "经纬度未填反" in m for m in messages)
    assert any(m.startswith("第5行") and "同时填写" in m for m in messages)
    assert any(m.startswith("第6行「经度」") and "不是数字" in m for m in messages)
    assert [r.action for r in plan.rows[:2]] == ["updated", "new"]
    apply_station_import(session, plan, skip_invalid=True)
    wusong = session.get(Station, network["wusong"])
    assert (wusong.reception_days, wusong.longitude, wusong.latitude) == ("每月15日", 117.79, 30.93)
    again = plan_station_import(session, read_table(export_stations(session), "站点.xlsx"))
    assert again.errors == [] and again.counts()["updated"] == 0 and again.counts()["new"] == 0
