"""The shared widget pieces: the station picker every panel uses."""
from sqlalchemy import select

from toolkit.core.access_rules import STAFF
from toolkit.core.principal import Principal
from toolkit.network.models import Station
from toolkit.network.stations import add_station, close_station
from widgets.pieces.station_picker import INDENT, StationPicker


class _Row:
    def __init__(self, st):
        self.id, self.kind, self.name = st.id, st.kind, st.name


def _stations(db):
    with db.reader() as s:
        return {st.name: _Row(st) for st in s.scalars(select(Station))}


def test_the_picker_offers_the_tree_indented_with_its_blank_first(demo_db):
    picker = StationPicker(demo_db, "站点", blank="（全部）")
    labels, values = zip(*picker.options)
    assert labels[0] == "（全部）" and values[0] is None and picker.value is None
    assert labels[1] == "铜陵市人大代表联络总站" and labels[2].startswith(INDENT) and not labels[2].startswith(INDENT * 2)
    assert len(values) == len(set(values)) == len(_stations(demo_db)) + 1


def test_a_reload_keeps_the_choice_and_drops_a_closed_station(demo_db):
    picker = StationPicker(demo_db, "站点")
    stations = _stations(demo_db)
    other = next(st for st in stations.values() if st.kind == "township_station")
    with demo_db.unit_of_work() as s:
        leaf_id = add_station(s, "新设联络点", "village_point", other.id)
    picker.reload()
    assert leaf_id in [v for _, v in picker.options]
    picker.value = other.id
    picker.reload()
    assert picker.value == other.id                     # kept
    with demo_db.unit_of_work() as s:
        close_station(s, leaf_id)
    picker.reload()
    assert leaf_id not in [v for _, v in picker.options]
    assert leaf_id in [v for _, v in StationPicker(demo_db, include_closed=True).options]


def test_kinds_paths_and_scope(demo_db):
    stations = _stations(demo_db)
    townships = StationPicker(demo_db, kinds=("township_station",))
    assert {label for label, _ in townships.options} == {n for n, st in stations.items() if st.kind == "township_station"}
    by_path = StationPicker(demo_db, blank="", blank_value="", by="path")
    assert by_path.value == "" and all("/" in v for _, v in by_path.options[2:])
    home = next(st for st in stations.values() if st.kind == "township_station")
    staff = demo_db.acting_as(Principal("s", "站点工作人员", STAFF, station_id=home.id, stations=frozenset({home.id})))
    assert [v for _, v in StationPicker(staff, scoped=True).options] == [home.id]


def _deputy_list(db, keep_off_page=False):
    from toolkit.network.deputy_search import DeputyFilter, count_deputies, search_deputies
    from widgets.pieces.common import MessageArea
    from widgets.pieces.paged_list import PagedList
    message = MessageArea()

    def count():
        with db.reader() as s:
            return count_deputies(s, DeputyFilter()), None

    def rows(page, size):
        with db.reader() as s:
            return search_deputies(s, DeputyFilter(), "pinyin", page, size)
    return PagedList(message, count, rows, lambda r: r["姓名"], page_size=10, keep_off_page=keep_off_page), message


def test_the_paged_list_pages_from_the_database_and_publishes_a_pick_once(demo_db):
    lst, _ = _deputy_list(demo_db)
    seen = []
    lst.observe(lambda ch: seen.append(ch["new"]), "selected_id")
    lst.search()
    assert lst.pager.total == 57 and len(lst.frame) == 10 and lst.pager.pages == 6
    first = lst.pick.options[1][1]
    lst.pick.value = first
    lst.search()                                   # same first page: the pick stays, nothing published
    assert seen == [first] and lst.pick.value == first
    lst.pager.go(2)                                # the row leaves the page: the pick is cleared, once
    assert seen == [first, None] and len(lst.frame) == 10


def test_keep_off_page_keeps_the_pick_labelled_as_it_was(demo_db):
    lst, _ = _deputy_list(demo_db, keep_off_page=True)
    lst.search()
    label, first = lst.pick.options[1]
    lst.pick.value = first
    lst.pager.go(3)
    assert lst.pick.value == first and lst.pick.options[1] == (label, first) and lst.selected_id == first


def test_a_failure_shows_in_the_panels_message(demo_db):
    from toolkit.core.errors import ToolkitError
    from widgets.pieces.common import MessageArea
    from widgets.pieces.paged_list import PagedList

    def count():
        raise ToolkitError("条件有误")
    message = MessageArea()
    PagedList(message, count, lambda p, n: None, str).search()
    assert message.kind == "error" and message.text == "条件有误"
