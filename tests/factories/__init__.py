"""Test data builders: valid records by default, override what a test is about."""
from __future__ import annotations

import itertools

from toolkit import add_station
from toolkit.core.validation import id_check_digit

_seq = itertools.count(1)


def id_number(born: str = "19750315", male: bool = True, region: str = "340705") -> str:
    """A valid 18-digit ID number, unique per call."""
    n = next(_seq) % 50
    seq = n * 2 + (1 if male else 0) + 100
    first17 = f"{region}{born}{seq:03d}"
    return first17 + id_check_digit(first17)


def mobile() -> str:
    """A unique valid mobile number."""
    return f"139{next(_seq):08d}"


def record(**overrides) -> dict[str, str]:
    """A valid roster row / form record with Chinese labels."""
    base = {
        "姓名": "王建国", "性别": "男", "民族": "汉族", "出生年月": "1975-03",
        "身份证号": id_number(), "政治面貌": "中共党员", "代表层级": "县、乡",
        "届次": "第十八届", "选区": "五松镇第3选区", "工作单位及职务": "五松镇东村党总支书记",
        "联系电话": mobile(), "所属联络站": "五松镇人大代表联络站", "是否连任": "是",
        "是否领导干部": "否", "专业特长": "农业",
    }
    base.update(overrides)
    return base


def small_network(session) -> dict[str, int]:
    """总站 → 2 中心站 → 联络站 → 联络点, with one name used twice (东村联络点)."""
    ids = {}
    ids["hub"] = add_station(session, "铜陵市人大代表联络总站", "city_hub")
    ids["yian"] = add_station(session, "义安区中心站", "county_center", ids["hub"])
    ids["tongguan"] = add_station(session, "铜官区中心站", "county_center", ids["hub"])
    ids["wusong"] = add_station(session, "五松镇人大代表联络站", "township_station", ids["yian"])
    ids["shunan"] = add_station(session, "顺安镇人大代表联络站", "township_station", ids["yian"])
    ids["tianjinghu"] = add_station(session, "天井湖社区联络站", "township_station", ids["tongguan"])
    ids["dongcun_w"] = add_station(session, "东村联络点", "village_point", ids["wusong"])
    ids["dongcun_s"] = add_station(session, "东村联络点", "village_point", ids["shunan"])
    return ids
