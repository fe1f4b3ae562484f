"""Adding, editing, finding and sorting deputies."""
import pytest

from toolkit import (
    DeputyFilter,
    ValidationFailed,
    count_deputies,
    create_deputy,
    get_deputy,
    read_deputy,
    search_deputies,
    update_deputy,
)
from toolkit.core.principal import named
from toolkit.network.models import Deputy

from .factories import id_number, mobile, record


def test_a_new_deputy_is_enrolled_where_the_record_says(session, network, table_count):
    did = create_deputy(session, record())
    d = get_deputy(session, did)
    assert d.station_id == network["wusong"]
    assert sorted(s.level for s in d.seats) == ["county", "township"]


def test_a_refused_deputy_writes_nothing_and_names_each_field(session, network, table_count):
    with pytest.raises(ValidationFailed) as e:
        create_deputy(session, record(身份证号="340705197503151019", 联系电话="123"))
    assert set(e.value.by_field()) == {"身份证号", "联系电话"}
    assert table_count(session, Deputy) == 0


def test_an_ambiguous_station_name_asks_for_a_path(session, network):
    with pytest.raises(ValidationFailed) as e:
        create_deputy(session, record(所属联络站="东村联络点"))
    assert "请写明路径" in e.value.by_field()["所属联络站"]
    did = create_deputy(session, record(所属联络站="顺安镇人大代表联络站/东村联络点"))
    assert get_deputy(session, did).station_id == network["dongcun_s"]


def test_the_same_person_cannot_be_added_twice(session, network):
    r = record()
    create_deputy(session, r)
    with pytest.raises(ValidationFailed, match="已在名册中"):
        create_deputy(session, dict(r, 姓名="王建设"))


def test_without_an_id_number_name_birth_month_and_phone_identify_a_person(session, network):
    r = record(身份证号="")
    create_deputy(session, r)
    with pytest.raises(ValidationFailed, match="已在名册中"):
        create_deputy(session, dict(r))
    create_deputy(session, dict(r, 联系电话=mobile()))  # another phone: another person


def test_editing_changes_fields_seats_and_records_a_station_change(session, network):
    with named(session, "张站长"):
        did = create_deputy(session, record())
    changed = dict(read_deputy(session, did), 代表层级="市", 届次="第十七届", 所属联络站="天井湖社区联络站")
    with named(session, "李主任"):
        update_deputy(session, did, changed)
    after = read_deputy(session, did)
    assert after["代表层级"] == "市" and after["届次"] == "第十七届"
    assert after["所属联络站"] == "天井湖社区联络站"
    from toolkit import move_history
    assert move_history(session, did)["操作人"].tolist() == ["李主任", "张站长"]


def _add(session, names):
    for name in names:
        create_deputy(session, record(姓名=name, 身份证号=id_number()))


def test_the_list_sorts_by_surname_strokes_as_official_lists_do(session, network):
    _add(session, ["王芳", "丁一", "李明", "刘洋", "马力", "于敏"])
    page = search_deputies(session, DeputyFilter(), sort="strokes")
    # 丁 2 strokes, 于 马 3, 王 4, 刘 6, 李 7 (ties follow ICU's stroke collation)
    assert page["姓名"].tolist() == ["丁一", "于敏", "马力", "王芳", "刘洋", "李明"]


def test_the_list_sorts_by_pinyin(session, network):
    _add(session, ["王芳", "丁一", "李明", "张伟", "马力", "于敏"])
    page = search_deputies(session, DeputyFilter(), sort="pinyin")
    assert page["姓名"].tolist() == ["丁一", "李明", "马力", "王芳", "于敏", "张伟"]


def test_pages_split_the_sorted_list_without_overlap(session, network):
    _add(session, [f"王{c}" for c in "一二三四五六七八九十"])
    seen = []
    for page in (1, 2, 3, 4):
        seen += search_deputies(session, DeputyFilter(), page=page, page_size=3)["id"].tolist()
    assert len(seen) == len(set(seen)) == 10


@pytest.mark.parametrize("flt, expected", [
    (DeputyFilter(text="李"), {"李明"}),
    (DeputyFilter(level="city"), {"张伟"}),
    (DeputyFilter(term="十七"), {"张伟"}),
    (DeputyFilter(party="群众"), {"李明"}),
    (DeputyFilter(reelected=False), {"李明"}),
    (DeputyFilter(leader=True), {"张伟"}),
    (DeputyFilter(specialty="法律"), {"李明"}),
])
def test_filters(session, network, flt, expected):
    create_deputy(session, record(姓名="王芳"))
    create_deputy(session, record(姓名="李明", 政治面貌="群众", 是否连任="否", 专业特长="法律"))
    create_deputy(session, record(姓名="张伟", 代表层级="市", 届次="第十七届", 是否领导干部="是",
                                  所属联络站="天井湖社区联络站"))
    page = search_deputies(session, flt)
    assert set(page["姓名"]) == expected
    assert count_deputies(session, flt) == len(expected)


def test_a_station_filter_covers_the_stations_below_it(session, network):
    create_deputy(session, record(姓名="王芳", 所属联络站="五松镇人大代表联络站/东村联络点"))
    create_deputy(session, record(姓名="张伟", 所属联络站="天井湖社区联络站"))
    assert set(search_deputies(session, DeputyFilter(station_id=network["yian"]))["姓名"]) == {"王芳"}
