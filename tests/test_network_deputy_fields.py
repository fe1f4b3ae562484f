"""Validating a whole deputy record: every field, cross-checks, per-level terms."""
from datetime import date

from toolkit.network.deputy_fields import join_per_level, split_per_level, validate_deputy

from .factories import record


def test_a_valid_record_comes_back_clean():
    data, errors = validate_deputy(record(), today=date(2026, 11, 22))
    assert errors == []
    assert data.levels == ["county", "township"]
    assert data.terms == {"county": "第十八届", "township": "第十八届"}
    assert data.is_reelected is True and data.is_leader is False


def test_every_bad_field_is_reported_by_its_label():
    data, errors = validate_deputy(record(姓名="", 性别="M", 身份证号="123", 联系电话="12345",
                                          代表层级="村", 是否连任="对"))
    assert data is None
    fields = {e.field for e in errors}
    assert fields == {"姓名", "性别", "身份证号", "联系电话", "代表层级", "是否连任"}


def test_birth_month_and_gender_must_agree_with_the_id_number():
    _, errors = validate_deputy(record(身份证号="11010519491231002X", 出生年月="1950-01", 性别="男"))
    messages = {e.field: e.message for e in errors}
    assert "1949-12" in messages["出生年月"]
    assert "女" in messages["性别"]


def test_the_birth_month_is_taken_from_the_id_number_when_left_empty():
    data, errors = validate_deputy(record(身份证号="11010519491231002X", 出生年月="", 性别="女"))
    assert errors == [] and data.birth_month == date(1949, 12, 1)


def test_terms_can_differ_per_level_and_round_trip():
    values = split_per_level("县:第十八届；乡:第十九届", ["county", "township"])
    assert values == {"county": "第十八届", "township": "第十九届"}
    assert join_per_level(values) == "县:第十八届；乡:第十九届"
    assert join_per_level({"county": "第十八届", "township": "第十八届"}) == "第十八届"


def test_a_term_for_a_level_not_held_is_an_error():
    _, errors = validate_deputy(record(代表层级="县", 届次="市:第十七届"))
    assert [e.field for e in errors] == ["届次"]
