"""Setting up the network from a station list."""
import pytest

from toolkit import ImportRejected, apply_station_import, export_stations, plan_station_import, read_table, station_tree

from . import files

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
    assert plan.counts() == {"new": 0, "unchanged": len(network), "error": 0}


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
