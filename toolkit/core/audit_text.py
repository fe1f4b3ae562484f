"""How the operation log reads to people: field labels from the glossary, 是/否 for flags, the
labels of coded values (状态 已交办, not `assigned`), names for the ids of stations, deputies and
units, case numbers for cases, times to the minute. The log itself keeps the raw values."""
from __future__ import annotations

import json
import re

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from .glossary import (AUDIT_ACTIONS, CASE_STATES, CHANNELS, FIELD_LABELS, MATTER_LEVELS, PAIRING_KINDS, ROLES,
                       STATION_KINDS, VOTE_STATES)

# Coded values by field (and, where one field name means two things, by the entry's object).
CODED = {"state": CASE_STATES, "channel": CHANNELS, "matter_level": MATTER_LEVELS, "role": ROLES,
         "action": AUDIT_ACTIONS}
CODED_FOR = {("vote", "state"): VOTE_STATES, ("station", "kind"): STATION_KINDS, ("pairing", "kind"): PAIRING_KINDS}
# The ids the log names by name: field → (table, the column that names a row). Core knows no
# model of the areas above it, so the tables are named here and read with bound parameters.
NAMED = {"station_id": ("station", "name"), "county_id": ("station", "name"), "parent_id": ("station", "name"),
         "deputy_id": ("deputy", "name"), "mentor_id": ("deputy", "name"), "mentee_id": ("deputy", "name"),
         "department_id": ("department", "name"), "case_id": ("citizen_case", "number")}
ENTITY_NAMED = {"citizen_case": ("citizen_case", "number"), "station": ("station", "name"),
                "deputy": ("deputy", "name"), "department": ("department", "name")}
MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$")


def _values(raw: str | None) -> dict:
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        return {"": raw}
    return found if isinstance(found, dict) else {"": found}


def names_for(session: Session, rows: list[tuple[str, int | None, str | None, str | None]]) -> dict:
    """{(table, id): name} for every id the page's entries (entity, entity id, before, after) name:
    one query per table."""
    wanted: dict[str, set[int]] = {}
    for entity, entity_id, before, after in rows:
        if entity in ENTITY_NAMED and entity_id is not None:
            wanted.setdefault(ENTITY_NAMED[entity][0], set()).add(int(entity_id))
        for values in (_values(before), _values(after)):
            for field, value in values.items():
                if field in NAMED and isinstance(value, int) and not isinstance(value, bool):
                    wanted.setdefault(NAMED[field][0], set()).add(value)
    columns = {table: column for table, column in list(NAMED.values()) + list(ENTITY_NAMED.values())}
    found = {}
    for table, ids in wanted.items():
        query = text(f"SELECT id, {columns[table]} FROM {table} WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True))
        found.update({(table, i): name for i, name in session.execute(query, {"ids": sorted(ids)})})
    return found


def shown_value(entity: str, field: str, value, names: dict) -> str:
    """One value as a reader wants it."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field in NAMED and isinstance(value, int):
        return names.get((NAMED[field][0], value), f"第{value}号")
    if isinstance(value, list):
        return "、".join(shown_value(entity, field, v, names) for v in value[:10]) + (f"等{len(value)}项" if len(value) > 10 else "") \
            if all(isinstance(v, str) for v in value) else f"{len(value)}项"
    if isinstance(value, dict):
        return "；".join(f"{FIELD_LABELS.get(k, k)} {shown_value(entity, k, v, names)}" for k, v in value.items())
    coded = CODED_FOR.get((entity, field)) or CODED.get(field)
    if coded and isinstance(value, str) and value in coded:
        return coded[value]
    if isinstance(value, str) and (moment := MOMENT.match(value)):
        return f"{moment.group(1)} {moment.group(2)}"
    return str(value)


def change_text(entity: str, before: str | None, after: str | None, names: dict, limit: int = 400) -> str:
    """A log entry's values: for a change, 字段：旧 → 新; else the values set."""
    old, new = _values(before), _values(after)
    label = FIELD_LABELS.get
    if old and new:
        parts = [f"{label(k, k)}：{shown_value(entity, k, old.get(k), names)} → {shown_value(entity, k, new[k], names)}"
                 for k in new]
    else:
        parts = [f"{label(k, k)}：{shown_value(entity, k, v, names)}" for k, v in (new or old).items() if v not in (None, "")]
    said = "；".join(p.lstrip("：") for p in parts)
    return said if len(said) <= limit else said[:limit] + "……"


def entity_name(entity: str, entity_id, names: dict) -> str:
    """The entry's object by its name or number where it has one (案件 2026-0042), else its id."""
    if entity_id is None:
        return ""
    table = ENTITY_NAMED.get(entity, (None,))[0]
    return str(names.get((table, int(entity_id)), int(entity_id)))
