"""Last year's suggestions from the county's sheet (`liaison suggestions import`): checked row by row,
written all or nothing; a 建议编号 already stored is updated, so the same file twice leaves the
same suggestions. The columns are the export's (suggestions.export)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import ImportRejected, RowError
from ..core.glossary import RATINGS, SUGGESTION_CLASS_WORDS, SUGGESTION_CLASSES
from ..core.settings import get_setting
from ..core.validation import check_date
from ..formats.spreadsheets import Table, check_header
from ..network.models import Department, Deputy
from .due import months_after
from .models import CONTENT_LIMIT, TITLE_LIMIT, Suggestion, SuggestionCosigner, SuggestionCoUnit

COLUMNS = ("建议编号", "标题", "内容", "领衔代表", "附议代表", "提出日期", "类别", "主办单位", "协办单位", "交办日期",
           "重点督办", "答复日期", "答复类别", "代表意见", "承诺落实日期", "落实日期")
REQUIRED = frozenset({"建议编号", "标题", "领衔代表", "提出日期", "主办单位", "交办日期"})
SEPARATORS = re.compile(r"[、，,；;]+")
YES_NO = {"是": True, "否": False, "": False}


@dataclass
class SuggestionPlan:
    """The preview of an import: rows to add, rows that update a stored suggestion, errors."""

    new: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_units: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "updated": len(self.updated), "error": len({e.row for e in self.errors})}


class _Names:
    """Deputies and units by name, read once."""

    def __init__(self, session: Session):
        self.deputies: dict[str, list[int]] = {}
        for i, name in session.execute(select(Deputy.id, Deputy.name)):
            self.deputies.setdefault(name, []).append(i)
        self.units = dict(session.execute(select(Department.name, Department.id)).all())

    def deputy(self, name: str) -> int:
        found = self.deputies.get(name, [])
        if not found:
            raise ValueError(f"名册中没有代表「{name}」")
        if len(found) > 1:
            raise ValueError(f"名册中有{len(found)}名代表叫「{name}」，无法确定是哪一位")
        return found[0]


def _answer_class(text: str) -> str:
    code = text.upper() if text.upper() in SUGGESTION_CLASSES else SUGGESTION_CLASS_WORDS.get(text)
    if code is None:
        raise ValueError(f"「{text}」不是答复类别，应为A、B、C或已解决、列入计划、留作参考")
    return code


class _Row:
    """One sheet row read into values, its problems collected by column."""

    def __init__(self, number: int, raw: dict):
        self.number, self.errors = number, []
        self.cell = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        self.errors += [RowError(number, c, "必填") for c in sorted(REQUIRED, key=COLUMNS.index) if not self.cell[c]]

    def read(self, column: str, fn):
        if not self.cell[column]:
            return None
        try:
            return fn(self.cell[column])
        except ValueError as e:
            self.errors.append(RowError(self.number, column, str(e)))
            return None

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


def _parse(number: int, raw: dict, names: _Names) -> tuple[dict | None, list[RowError]]:
    r = _Row(number, raw)
    v = {"number": r.cell["建议编号"], "title": r.cell["标题"], "content": r.cell["内容"],
         "category": r.cell["类别"] or None, "unit": r.cell["主办单位"]}
    v["lead"] = r.read("领衔代表", names.deputy)
    cosigners = [n for n in SEPARATORS.split(r.cell["附议代表"]) if n.strip()]
    v["cosigners"] = [d for d in (r.read("附议代表", lambda _, n=n.strip(): names.deputy(n)) for n in cosigners) if d]
    v["co_units"] = sorted({n.strip() for n in SEPARATORS.split(r.cell["协办单位"]) if n.strip()} - {v["unit"]})
    for key, column in (("proposed_on", "提出日期"), ("assigned_on", "交办日期"), ("answered_on", "答复日期"),
                        ("promised_on", "承诺落实日期"), ("done_on", "落实日期")):
        v[key] = r.read(column, check_date)
    supervised = r.cell["重点督办"]
    if supervised not in YES_NO:
        r.fail("重点督办", "应为“是”或“否”（空白为否）")
    v["key_supervision"] = YES_NO.get(supervised, False)
    v["answer_class"] = r.read("答复类别", _answer_class)
    v["deputy_opinion"] = r.cell["代表意见"] or None
    if v["deputy_opinion"] and v["deputy_opinion"] not in RATINGS:
        r.fail("代表意见", "应为满意、基本满意或不满意")
    _check_order(r, v)
    if len(v["title"]) > TITLE_LIMIT:
        r.fail("标题", f"标题超过{TITLE_LIMIT}字")
    if len(v["content"]) > CONTENT_LIMIT:
        r.fail("内容", f"内容超过{CONTENT_LIMIT}字")
    return (None if r.errors else v), r.errors


def _check_order(r: _Row, v: dict) -> None:
    """The dates in their order, and what only an answered row (or a B answer) may carry."""
    if v["proposed_on"] and v["assigned_on"] and v["assigned_on"] < v["proposed_on"]:
        r.fail("交办日期", f"交办日期{v['assigned_on']}早于提出日期{v['proposed_on']}")
    if v["assigned_on"] and v["answered_on"] and v["answered_on"] < v["assigned_on"]:
        r.fail("答复日期", f"答复日期{v['answered_on']}早于交办日期{v['assigned_on']}")
    answered = bool(r.cell["答复日期"])
    for column in ("答复类别", "代表意见", "落实日期"):
        if r.cell[column] and not answered:
            r.fail(column, f"尚未答复（没有答复日期）的建议不能填写{column}")
    if r.cell["承诺落实日期"] and v["answer_class"] not in (None, "B"):
        r.fail("承诺落实日期", "只有B类（正在解决或列入计划）答复才有承诺落实日期")
    elif r.cell["承诺落实日期"] and not r.cell["答复类别"]:
        r.fail("承诺落实日期", "承诺落实日期须与答复类别B一起填写")


def plan_suggestion_import(session: Session, table: Table) -> SuggestionPlan:
    """Check a sheet; writes nothing."""
    header_errors, warnings = check_header(table, COLUMNS, REQUIRED)
    plan = SuggestionPlan(errors=header_errors, warnings=warnings)
    if header_errors:
        return plan
    names, seen = _Names(session), {}
    stored = set(session.scalars(select(Suggestion.number)))
    for number, raw in zip(table.row_numbers, table.rows):
        values, errors = _parse(number, raw, names)
        key = (raw.get("建议编号") or "").strip()
        if key and key in seen:
            errors.append(RowError(number, "建议编号", f"「{key}」与第{seen[key]}行重复"))
            values = None
        seen.setdefault(key, number)
        plan.errors += errors
        if values is None:
            continue
        plan.new_units |= {u for u in [values["unit"], *values["co_units"]] if u not in names.units}
        (plan.updated if values["number"] in stored else plan.new).append(values)
    if plan.new_units:
        plan.warnings.append("将新增承办单位：" + "、".join(sorted(plan.new_units)))
    return plan


def apply_suggestion_import(session: Session, plan: SuggestionPlan, skip_invalid: bool = False) -> dict:
    """Write the planned suggestions in the caller's transaction (all of them, or none on any error)."""
    if plan.errors and not skip_invalid:
        raise ImportRejected(plan.errors)
    rows = plan.new + plan.updated
    leads = {v["lead"] for v in rows}
    stations = set(session.scalars(select(Deputy.station_id).where(Deputy.id.in_(leads), Deputy.station_id.is_not(None))))
    require(session, "suggestion.import", station_id=stations, target=f"{len(rows)}件")
    units = dict(session.execute(select(Department.name, Department.id)).all())
    for name in sorted(plan.new_units - set(units)):
        require(session, "department.edit", target=name)
        unit = Department(name=name)
        session.add(unit)
        session.flush()
        units[name] = unit.id
    stored = {s.number: s for s in session.scalars(select(Suggestion).where(Suggestion.number.in_([v["number"] for v in rows])))}
    months = get_setting(session, "suggestion_answer_months")
    for v in rows:
        write_suggestion(session, stored.get(v["number"]) or Suggestion(number=v["number"]), v, units, months)
    session.flush()
    return plan.counts()


def write_suggestion(session: Session, s: Suggestion, v: dict, units: dict[str, int], months: int) -> None:
    """Set a suggestion (new or stored) to the values of a checked row, its 附议代表 and 协办单位 too;
    `months` is the answer's term (the setting, read once by the caller)."""
    s.title, s.content, s.category, s.lead_deputy_id = v["title"], v["content"], v["category"], v["lead"]
    s.proposed_on, s.main_unit_id, s.assigned_on = v["proposed_on"], units[v["unit"]], v["assigned_on"]
    s.answer_due = months_after(v["assigned_on"], months) if v["assigned_on"] else None
    s.key_supervision, s.answered_on, s.answer_class = v["key_supervision"], v["answered_on"], v["answer_class"]
    s.deputy_opinion, s.promised_on, s.done_on = v["deputy_opinion"], v["promised_on"], v["done_on"]
    if "answer_text" in v:             # the county's sheet has no column for it: an import keeps what is stored
        s.answer_text = v["answer_text"]
    new = s.id is None
    if new:
        session.add(s)
    session.flush()
    _replace(session, SuggestionCosigner, SuggestionCosigner.deputy_id, s.id, {d for d in v["cosigners"] if d != v["lead"]}, new)
    _replace(session, SuggestionCoUnit, SuggestionCoUnit.department_id, s.id, {units[u] for u in v["co_units"]}, new)


def _replace(session: Session, model, column, suggestion_id: int, wanted: set[int], new: bool) -> None:
    """Make the suggestion's rows of `model` exactly `wanted` (ORM writes: the audit log sees each);
    a new suggestion has none to read first."""
    have = {} if new else {getattr(row, column.key): row
                           for row in session.scalars(select(model).where(model.suggestion_id == suggestion_id))}
    for key in set(have) - wanted:
        session.delete(have[key])
    session.add_all(model(suggestion_id=suggestion_id, **{column.key: key}) for key in sorted(wanted - set(have)))
