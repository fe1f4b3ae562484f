"""Single-value checks: ID numbers, phones, months, levels, parties, ethnic groups."""
from datetime import date

import pytest

from toolkit.core import validation as v


@pytest.mark.parametrize("number", ["11010519491231002X", "340705197503151012"])
def test_a_correct_id_number_is_accepted(number):
    # the first is GB 11643's published example
    assert v.check_id_number(number.lower()) == number.upper()


@pytest.mark.parametrize("number, reason", [
    ("110105194912310021", "校验位错误（应为X）"),
    ("11010519491231002", "应为18位"),
    ("1101051949123100AX", "应为18位"),
    ("110105194902300023", "出生日期不存在"),
])
def test_a_wrong_id_number_is_refused_with_the_reason(number, reason):
    with pytest.raises(ValueError, match=reason.replace("（", r"\（").replace("）", r"\）")):
        v.check_id_number(number)


def test_id_number_carries_birth_month_and_gender():
    assert v.id_birth_month("11010519491231002X") == date(1949, 12, 1)
    assert v.id_gender("11010519491231002X") == "女"
    assert v.id_gender("340705197503151012") == "男"


@pytest.mark.parametrize("raw, clean", [
    ("13912345678", "13912345678"), (" 139 1234 5678 ", "13912345678"),
    ("13912345678.0", "13912345678"), ("0562-2821234", "0562-2821234"),
])
def test_valid_phones(raw, clean):
    assert v.check_phone(raw) == clean


@pytest.mark.parametrize("raw", ["12912345678", "1391234567", "139123456789", "abc"])
def test_invalid_phones(raw):
    with pytest.raises(ValueError, match="11位手机号"):
        v.check_phone(raw)


@pytest.mark.parametrize("raw", ["1975-03", "1975.3", "1975年3月", "197503", "1975/03/15",
                                 date(1975, 3, 20)])
def test_birth_months_in_the_forms_staff_write(raw):
    assert v.check_month(raw, today=date(2026, 11, 22)) == date(1975, 3, 1)


@pytest.mark.parametrize("raw, reason", [
    ("1975-13", "月份"), ("March 1975", "格式"), ("2015-01", "年满18周岁"), ("2030-01", "晚于今天"),
])
def test_bad_birth_months(raw, reason):
    with pytest.raises(ValueError, match=reason):
        v.check_month(raw, today=date(2026, 11, 22))


@pytest.mark.parametrize("raw, codes", [
    ("县、乡", ["county", "township"]), ("乡/县", ["county", "township"]),
    ("全国,省", ["national", "province"]), ("市，县(区)", ["city", "county"]), ("镇", ["township"]),
    ("县 县", ["county"]),
])
def test_levels_parse_in_any_separator_highest_first(raw, codes):
    assert v.check_levels(raw) == codes


def test_an_unknown_level_is_named():
    with pytest.raises(ValueError, match="「村」不是代表层级"):
        v.check_levels("县、村")


def test_party_and_ethnicity_use_official_forms():
    assert v.check_party("党员") == "中共党员"
    assert v.check_ethnicity("回") == "回族"
    with pytest.raises(ValueError):
        v.check_party("共产党")
    with pytest.raises(ValueError):
        v.check_ethnicity("火星族")
