"""The station network: add, rename, move, close, and the rules that keep it a tree."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from toolkit import ToolkitError, add_station, close_station, enrol, move_station, rename_station, station_tree
from toolkit.network.models import Station

from .factories import record


def test_the_tree_lists_parents_before_children_with_depth_and_path(session, network):
    tree = station_tree(session)
    names = tree["名称"].tolist()
    assert names.index("义安区中心站") < names.index("五松镇人大代表联络站") < names.index("东村联络点")
    row = tree[tree["id"] == network["dongcun_w"]].iloc[0]
    assert row["depth"] == 3
    assert row["路径"] == "铜陵市人大代表联络总站/义安区中心站/五松镇人大代表联络站/东村联络点"


@pytest.mark.parametrize("kind, parent, reason", [
    ("village_point", None, "必须有上级站点"),
    ("county_center", "wusong", "不能设在乡镇联络站之下"),
    ("city_hub", "hub", "只能是网络的顶层"),
    ("township_station", "dongcun_w", "不能设在村居联络点之下"),
])
def test_a_station_goes_only_where_the_network_puts_it(session, network, kind, parent, reason):
    with pytest.raises(ToolkitError, match=reason):
        add_station(session, "新站点", kind, network[parent] if parent else None)


def test_homes_and_posts_hang_off_any_station(session, network):
    post = add_station(session, "五松镇法律服务岗", "service_post", network["wusong"])
    assert session.get(Station, post).parent_id == network["wusong"]


def test_sibling_names_are_unique_but_cousins_may_share_one(session, network):
    with pytest.raises(ToolkitError, match="已有名为「东村联络点」"):
        add_station(session, "东村联络点", "village_point", network["wusong"])
    with pytest.raises(ToolkitError, match="已有名为「东村联络点」"):
        move_station(session, network["dongcun_s"], network["wusong"])


@pytest.mark.parametrize("bad", ["", "  ", "a/b"])
def test_names_must_be_given_and_free_of_slashes(session, network, bad):
    with pytest.raises(ToolkitError):
        rename_station(session, network["wusong"], bad)


def test_moving_a_station_under_its_own_subtree_is_refused(session, network):
    with pytest.raises(ToolkitError, match="自己或它的下级"):
        move_station(session, network["yian"], network["wusong"])


def test_a_move_takes_the_subtree_along(session, network):
    move_station(session, network["wusong"], network["tongguan"])
    tree = station_tree(session)
    path = tree[tree["id"] == network["dongcun_w"]]["路径"].iloc[0]
    assert path.startswith("铜陵市人大代表联络总站/铜官区中心站/五松镇")


def test_a_station_with_deputies_or_open_children_cannot_be_closed(session, network):
    from toolkit import create_deputy

    with pytest.raises(ToolkitError, match="未撤销的站点"):
        close_station(session, network["wusong"])
    create_deputy(session, record(所属联络站="五松镇人大代表联络站/东村联络点"))
    with pytest.raises(ToolkitError, match="1名代表"):
        close_station(session, network["dongcun_w"])


def test_a_closed_station_takes_no_deputies_and_no_children(session, network):
    close_station(session, network["dongcun_s"])
    assert station_tree(session).set_index("id").loc[network["dongcun_s"], "已撤销"]
    with pytest.raises(ToolkitError, match="已撤销"):
        add_station(session, "新岗", "service_post", network["dongcun_s"])
    from toolkit import create_deputy
    did = create_deputy(session, record())
    with pytest.raises(ToolkitError, match="已撤销"):
        enrol(session, did, network["dongcun_s"])


def test_the_database_itself_refuses_an_unknown_kind(session, network):
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.execute(text("INSERT INTO station (name, kind) VALUES ('x', 'castle')"))


def test_the_database_itself_refuses_twin_siblings(session, network):
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(Station(name="东村联络点", kind="village_point", parent_id=network["wusong"]))
            session.flush()
