"""Checks of single values: ID numbers, phones, months, levels. Each returns a clean value
or raises ValueError with a Chinese reason."""
from __future__ import annotations

import os
import re
from datetime import date, datetime

from .glossary import ETHNIC_GROUPS, LEVEL_ALIASES, LEVELS, PARTIES, YES_NO

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[-./年](\d{1,2})(?:月)?(?:[-./](\d{1,2})日?)?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
LEVEL_SEPARATORS = re.compile(r"[、,，/;；\s]+")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def check_id_number(raw: str) -> str:
    """An 18-character resident ID number with a correct check digit and birth date."""
    s = raw.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        raise ValueError("身份证号应为18位，前17位为数字，末位为数字或X")
    try:
        date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise ValueError("身份证号中的出生日期不存在") from None
    if id_check_digit(s[:17]) != s[17]:
        raise ValueError(f"身份证号校验位错误（应为{id_check_digit(s[:17])}）")
    return s


def id_birth_month(id_number: str) -> date:
    """The birth month encoded in a valid ID number."""
    return date(int(id_number[6:10]), int(id_number[10:12]), 1)


def id_gender(id_number: str) -> str:
    """男 or 女, from the ID number's 17th digit (odd is male)."""
    return "男" if int(id_number[16]) % 2 else "女"


def check_phone(raw: str) -> str:
    """An 11-digit mobile number 1[3-9]…, or a landline with its area code."""
    s = re.sub(r"[\s]", "", str(raw))
    if s.endswith(".0"):  # Excel stores numbers as floats
        s = s[:-2]
    if _MOBILE.match(s) or _LANDLINE.match(s):
        return s
    raise ValueError("联系电话应为11位手机号（1开头，第二位3-9）或带区号的固话，如0562-2821234")


def mobile_number(raw: str | None) -> str | None:
    """The 11-digit mobile number in a phone field (spaces, dashes and +86 dropped), or None for a
    landline or nothing: only a mobile can receive a text message."""
    s = re.sub(r"[\s-]", "", str(raw or ""))
    s = s[3:] if s.startswith("+86") else s
    return s if _MOBILE.match(s) else None


def check_coordinates(longitude, latitude) -> tuple[float | None, float | None]:
    """经度, 纬度 in WGS-84 decimal degrees within China's extent, both or neither; ValueError(column,
    message) otherwise. GCJ-02 (火星坐标, what 高德 and 腾讯 maps show) lies within the same extent and
    cannot be told apart here: the README says which to use."""
    lon, lat = (str(v if v is not None else "").strip() for v in (longitude, latitude))
    if not lon and not lat:
        return None, None
    if not lon or not lat:
        raise ValueError("经度" if not lon else "纬度", "经度和纬度须同时填写或同时留空")
    values = []
    for column, text, low, high in (("经度", lon, 73, 136), ("纬度", lat, 3, 54)):
        try:
            value = float(text)
        except ValueError:
            raise ValueError(column, f"「{text}」不是数字（应为十进制度数，如 117.81）") from None
        if not low <= value <= high:
            raise ValueError(column, f"{text} 不在中国境内的{column}范围（{low}–{high}），请确认使用 WGS-84 十进制度数且经纬度未填反")
        values.append(round(value, 6))
    return values[0], values[1]


def check_email(raw: str) -> str:
    """An e-mail address: something@host.domain, no spaces."""
    s = str(raw).strip()
    if not _EMAIL.match(s) or len(s) > 120:
        raise ValueError(f"「{s[:40]}」不是电子邮箱地址（如 name@example.gov.cn）")
    return s


def check_month(raw, today: date | None = None) -> date:
    """A birth month as the first day of that month; accepts 1975-03, 1975.3, 1975年3月, 197503."""
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        value = raw.replace(day=1)
    else:
        value = _parse_month(str(raw).strip())
    today = today or date.today()
    age = today.year - value.year - ((today.month, 1) < (value.month, 1))
    if value > today:
        raise ValueError("出生年月晚于今天")
    if age < 18:
        raise ValueError("代表须年满18周岁，请核对出生年月")
    if age > 110:
        raise ValueError("出生年月过早，请核对")
    return value


def _parse_month(s: str) -> date:
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(s)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12:
                return date(year, month, 1)
            raise ValueError(f"月份「{month}」不存在")
    raise ValueError("出生年月格式应为如 1975-03、1975.3 或 1975年3月")


def check_levels(raw: str) -> list[str]:
    """Level codes from text such as 县、乡 or 市/县, highest first, no repeats."""
    parts = [p for p in LEVEL_SEPARATORS.split(str(raw).strip()) if p]
    if not parts:
        raise ValueError("至少填写一个代表层级（全国、省、市、县、乡）")
    codes = []
    for part in parts:
        code = LEVEL_ALIASES.get(part) or LEVEL_ALIASES.get(part.removesuffix("级"))
        if code is None:
            raise ValueError(f"「{part}」不是代表层级，应为全国、省、市、县、乡之一")
        if code not in codes:
            codes.append(code)
    return sorted(codes, key=list(LEVELS).index)


def check_yes_no(raw: str) -> bool:
    """是 → True, 否 → False."""
    s = str(raw).strip()
    if s not in YES_NO:
        raise ValueError("应填「是」或「否」")
    return YES_NO[s]


def check_party(raw: str) -> str:
    """A 政治面貌 value from the official list (中共党员, 群众, …)."""
    s = str(raw).strip()
    if s == "党员":
        return "中共党员"
    if s not in PARTIES:
        raise ValueError(f"「{s}」不是规范的政治面貌，应为{'、'.join(PARTIES[:3])}等")
    return s


def check_ethnicity(raw: str) -> str:
    """One of the 56 ethnic groups, written with 族 (汉族)."""
    s = str(raw).strip().removesuffix("族")
    if s not in ETHNIC_GROUPS:
        raise ValueError(f"「{raw}」不是56个民族之一")
    return s + "族"


def check_name(raw: str) -> str:
    """A person's name: 2–20 characters, no digits."""
    s = re.sub(r"\s+", "", str(raw))
    if not 2 <= len(s) <= 20:
        raise ValueError("姓名应为2至20个字")
    if re.search(r"\d", s):
        raise ValueError("姓名不能包含数字")
    return s


def check_date(raw) -> date:
    """A day: 2026-03-02, 2026/3/2, 2026.3.2, 2026年3月2日, 20260302, or an Excel date."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    s = str(raw).strip()
    m = re.match(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$", s) \
        or re.match(r"^(\d{4})(\d{2})(\d{2})$", s)
    if not m:
        raise ValueError("日期格式应为如 2026-03-02 或 2026年3月2日")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"日期「{s}」不存在") from None


def check_datetime(raw) -> datetime:
    """A moment: a date with an optional time of day (2026-03-02 09:30)."""
    if isinstance(raw, datetime):
        return raw
    s = str(raw).strip()
    day = check_date(s)
    m = re.search(r"[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$", s)
    if m:
        return datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    return datetime(day.year, day.month, day.day, 9, 0)


# A robot address is typed by an administrator and then fetched by the server: only the two robot
# services (and whatever intranet relay LIAISON_ROBOT_HOSTS adds, as address prefixes), so it can
# never be pointed at an internal service.
ROBOT_PREFIXES = ("https://qyapi.weixin.qq.com/", "https://oapi.dingtalk.com/")
ENV_ROBOT_HOSTS = "LIAISON_ROBOT_HOSTS"


def robot_allowed(url: str) -> bool:
    """Whether a group robot's address is one of the robot services' (or a configured relay's)."""
    extra = tuple(p.strip() for p in os.environ.get(ENV_ROBOT_HOSTS, "").split(",") if p.strip())
    return any(url.startswith(prefix) for prefix in ROBOT_PREFIXES + extra)
