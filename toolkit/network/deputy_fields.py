"""The deputy record as forms and rosters see it: one list of Chinese fields, one validator."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..core.errors import FieldError
from ..core.glossary import LEVELS
from ..core.validation import (
    check_email,
    check_ethnicity,
    check_id_number,
    check_levels,
    check_month,
    check_name,
    check_party,
    check_phone,
    check_yes_no,
    id_birth_month,
    id_gender,
)

# Roster columns in template order; a trailing * in the template marks the required ones.
COLUMNS: tuple[str, ...] = (
    "姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "代表层级", "届次", "选区",
    "工作单位及职务", "联系电话", "所属联络站", "是否连任", "是否领导干部", "专业特长", "电子邮箱",
)
REQUIRED: frozenset[str] = frozenset({"姓名", "性别", "代表层级", "所属联络站"})
# Field identifiers, for the glossary and for code that reads DeputyData.
FIELD_NAMES: dict[str, str] = {
    "姓名": "name", "性别": "gender", "民族": "ethnicity", "出生年月": "birth_month",
    "身份证号": "id_number", "政治面貌": "party", "代表层级": "levels", "届次": "terms",
    "选区": "districts", "工作单位及职务": "workplace", "联系电话": "phone",
    "所属联络站": "station", "是否连任": "is_reelected", "是否领导干部": "is_leader",
    "专业特长": "specialty", "电子邮箱": "email",
}


@dataclass
class DeputyData:
    """A validated deputy record, ready to write (the station is still a name or path)."""

    name: str
    gender: str
    levels: list[str]
    station: str
    ethnicity: str | None = None
    birth_month: date | None = None
    id_number: str | None = None
    party: str | None = None
    terms: dict[str, str | None] = field(default_factory=dict)
    districts: dict[str, str | None] = field(default_factory=dict)
    workplace: str | None = None
    phone: str | None = None
    is_reelected: bool | None = None
    is_leader: bool | None = None
    specialty: str | None = None
    email: str | None = None     # where notifications reach the deputy (else a text to the phone)


def _text(raw) -> str:
    if raw is None:
        return ""
    s = str(raw).strip()
    return "" if s.lower() in ("nan", "none", "nat") else s


def split_per_level(text: str, levels: list[str]) -> dict[str, str | None]:
    """届次/选区 for each level: one value for all, or 县:第十七届；乡:第十九届."""
    if not text:
        return {lv: None for lv in levels}
    if not re.search(r"[:：]", text):
        return {lv: text for lv in levels}
    out: dict[str, str | None] = {lv: None for lv in levels}
    for part in re.split(r"[；;\n]+", text):
        if not part.strip():
            continue
        m = re.match(r"^(.+?)[:：](.*)$", part.strip())
        if not m:
            raise ValueError(f"「{part}」应写成 层级:内容，如 县:第十七届")
        code, value = check_levels(m.group(1))[0], m.group(2)
        if code not in out:
            raise ValueError(f"「{LEVELS[code]}」不在所填的代表层级中")
        out[code] = value.strip() or None
    return out


def join_per_level(values: dict[str, str | None]) -> str:
    """The inverse of split_per_level: one value if all agree, else 县:…；乡:…."""
    distinct = set(values.values())
    if len(distinct) <= 1:
        return next(iter(distinct), None) or ""
    return "；".join(f"{LEVELS[lv]}:{v or ''}" for lv, v in values.items())


def validate_deputy(raw: dict, today: date | None = None, station_required: bool = True
                    ) -> tuple[DeputyData | None, list[FieldError]]:
    """Check every field of one record; returns the clean record or the list of problems."""
    v = {col: _text(raw.get(col)) for col in COLUMNS}
    required = REQUIRED if station_required else REQUIRED - {"所属联络站"}
    errors: list[FieldError] = [FieldError(c, "必填") for c in COLUMNS if c in required and not v[c]]
    clean: dict = {}

    def check(col, fn, key):
        if v[col]:
            try:
                clean[key] = fn(v[col])
            except ValueError as e:
                errors.append(FieldError(col, str(e)))

    check("姓名", check_name, "name")
    check("性别", _check_gender, "gender")
    check("民族", check_ethnicity, "ethnicity")
    check("出生年月", lambda s: check_month(s, today), "birth_month")
    check("身份证号", check_id_number, "id_number")
    check("政治面貌", check_party, "party")
    check("代表层级", check_levels, "levels")
    check("联系电话", check_phone, "phone")
    check("电子邮箱", check_email, "email")
    check("是否连任", check_yes_no, "is_reelected")
    check("是否领导干部", check_yes_no, "is_leader")
    levels = clean.get("levels", [])
    check("届次", lambda s: split_per_level(s, levels), "terms")
    check("选区", lambda s: split_per_level(s, levels), "districts")
    errors += _cross_check(clean, v)
    if errors:
        return None, errors
    clean.setdefault("terms", {lv: None for lv in levels})
    clean.setdefault("districts", {lv: None for lv in levels})
    return DeputyData(station=v["所属联络站"], workplace=v["工作单位及职务"] or None,
                      specialty=v["专业特长"] or None, **clean), []


def _check_gender(s: str) -> str:
    if s not in ("男", "女"):
        raise ValueError("应填「男」或「女」")
    return s


def _cross_check(clean: dict, v: dict) -> list[FieldError]:
    """The ID number also carries the birth month and the gender: they must agree."""
    idn = clean.get("id_number")
    if not idn:
        return []
    errors = []
    born = id_birth_month(idn)
    if "birth_month" in clean and clean["birth_month"] != born:
        errors.append(FieldError("出生年月", f"与身份证号不一致（身份证号为{born:%Y-%m}）"))
    elif not v["出生年月"]:
        try:
            clean["birth_month"] = check_month(born)
        except ValueError as e:
            errors.append(FieldError("身份证号", str(e)))
    if "gender" in clean and clean["gender"] != id_gender(idn):
        errors.append(FieldError("性别", f"与身份证号不一致（身份证号为{id_gender(idn)}性）"))
    return errors
