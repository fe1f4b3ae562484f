"""Bringing existing cases in: a station's Excel ledger (台账), rebuilt step by step."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import ImportRejected, RowError
from ..core.glossary import CATEGORIES, CHANNELS, RATINGS
from ..core.principal import acting_name
from ..core.validation import check_date, check_datetime, check_phone
from ..formats.spreadsheets import Table, check_header
from ..network.models import Department, Deputy
from ..network.station_index import StationIndex
from .models import Case, CaseEvent
from .services import next_number

LEDGER_COLUMNS = ("编号", "受理日期", "渠道", "反映人", "联系电话", "反映内容", "类别", "接收代表",
                  "所属站点", "承办单位", "交办日期", "办理时限", "答复日期", "办理状态", "满意度")
LEDGER_REQUIRED = frozenset({"受理日期", "反映内容", "所属站点"})
CHANNEL_CODES = {v: k for k, v in CHANNELS.items()} | {"12345": "hotline", "接待": "reception",
                                                       "上门走访": "visit", "扫码": "qr"}
# Ledger words for the state a case reached, to the step it stopped at.
STATE_WORDS = {"收集": "collected", "建账": "registered", "交办": "assigned", "转办": "assigned",
               "已交办": "assigned", "承接": "accepted", "已承接": "accepted", "办理中": "in_progress",
               "已答复": "answered", "答复": "answered", "已评价": "evaluated", "办结": "concluded",
               "已办结": "concluded", "就地办结": "concluded"}
ORDER = ["collected", "registered", "assigned", "accepted", "in_progress", "answered", "evaluated",
         "concluded"]


@dataclass
class CasePlan:
    """The preview of a case import: rows to add, rows already there, errors."""

    new: list[dict] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_departments: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        """new / skipped (already imported) / rows in error."""
        return {"new": len(self.new), "skipped": len(self.skipped),
                "error": len({e.row for e in self.errors})}


class Resolver:
    """Lookups shared by the importers: stations, deputies by name, departments."""

    def __init__(self, session: Session):
        self.session = session
        self.index = StationIndex.load(session)
        self.deputies: dict[str, list[tuple[int, int | None]]] = {}
        for i, name, station in session.execute(select(Deputy.id, Deputy.name, Deputy.station_id)):
            self.deputies.setdefault(name, []).append((i, station))
        self.departments = dict(session.execute(select(Department.name, Department.id)).all())

    def station(self, text: str) -> int:
        sid = self.index.resolve(text)
        if self.index.by_id[sid].closed:
            raise ValueError(f"「{text}」已撤销")
        return sid

    def deputy(self, name: str, station_id: int | None) -> int:
        found = self.deputies.get(name, [])
        if len(found) > 1 and station_id:
            found = [d for d in found if d[1] == station_id] or found
        if not found:
            raise ValueError(f"名册中没有代表「{name}」")
        if len(found) > 1:
            raise ValueError(f"有{len(found)}名代表叫「{name}」，请核对所属站点")
        return found[0][0]


def _cell(raw: dict, col: str) -> str:
    return (raw.get(col) or "").strip()


def _checked(errors, number, col, fn, value):
    if not value:
        return None
    try:
        return fn(value)
    except ValueError as e:
        errors.append(RowError(number, col, str(e)))
        return None


def parse_ledger_row(number: int, raw: dict, r: Resolver) -> tuple[dict | None, list[RowError]]:
    """One ledger row to the values of a case and the steps it went through."""
    errors: list[RowError] = [RowError(number, c, "必填") for c in LEDGER_REQUIRED if not _cell(raw, c)]
    v = {c: _cell(raw, c) for c in LEDGER_COLUMNS}
    received = _checked(errors, number, "受理日期", check_datetime, v["受理日期"])
    station = _checked(errors, number, "所属站点", r.station, v["所属站点"])
    deputy = _checked(errors, number, "接收代表", lambda n: r.deputy(n, station), v["接收代表"])
    phone = _checked(errors, number, "联系电话", check_phone, v["联系电话"])
    assigned = _checked(errors, number, "交办日期", check_date, v["交办日期"])
    deadline = _checked(errors, number, "办理时限", check_date, v["办理时限"])
    answered = _checked(errors, number, "答复日期", check_date, v["答复日期"])
    channel = CHANNEL_CODES.get(v["渠道"] or "站内接待")
    if channel is None:
        errors.append(RowError(number, "渠道", f"「{v['渠道']}」不是受理渠道，应为{'、'.join(CHANNELS.values())}之一"))
    category = v["类别"] or "其他"
    if category not in CATEGORIES:
        errors.append(RowError(number, "类别", f"「{category}」不是问题类别，应为{'、'.join(CATEGORIES)}之一"))
    state = STATE_WORDS.get(v["办理状态"] or "建账")
    if state is None:
        errors.append(RowError(number, "办理状态", f"「{v['办理状态']}」不是办理状态"))
    if v["满意度"] and v["满意度"] not in RATINGS:
        errors.append(RowError(number, "满意度", "应为满意、基本满意或不满意"))
    if len(v["反映内容"]) > 2000:
        errors.append(RowError(number, "反映内容", "内容超过2000字"))
    if errors:
        return None, errors
    errors += _check_steps(number, v, state, received.date(), assigned, deadline, answered)
    if errors:
        return None, errors
    return {"number": v["编号"] or None, "received_at": received, "channel": channel,
            "citizen_name": v["反映人"] or None, "citizen_phone": phone, "content": v["反映内容"],
            "category": category, "deputy_id": deputy, "station_id": station,
            "department": v["承办单位"] or None, "assigned_on": assigned, "deadline": deadline,
            "answered_on": answered, "state": state, "rating": v["满意度"] or None,
            "on_site": v["办理状态"] == "就地办结" or (not v["承办单位"] and ORDER.index(state) >= 5)}, []


def _check_steps(number, v, state, received, assigned, deadline, answered) -> list[RowError]:
    """The dates a state needs, and dates in order."""
    errors = []
    reached = ORDER.index(state)
    needs_department = reached >= ORDER.index("assigned") and v["办理状态"] != "就地办结" and (
        v["承办单位"] or reached < ORDER.index("answered"))
    if needs_department:
        for col, value in (("承办单位", v["承办单位"]), ("交办日期", assigned), ("办理时限", deadline)):
            if not value:
                errors.append(RowError(number, col, f"办理状态为「{v['办理状态']}」时必填"))
    elif not v["承办单位"] and (assigned or deadline):
        errors.append(RowError(number, "承办单位", "填写了交办日期或办理时限时必填"))
    if reached >= ORDER.index("answered") and not answered:
        errors.append(RowError(number, "答复日期", f"办理状态为「{v['办理状态']}」时必填"))
    for col, day in (("交办日期", assigned), ("答复日期", answered), ("办理时限", deadline)):
        if day and day < received:
            errors.append(RowError(number, col, "早于受理日期"))
    if v["满意度"] and reached < ORDER.index("evaluated"):
        errors.append(RowError(number, "满意度", "案件尚未答复，不能有满意度"))
    return errors


def ledger_key(values: dict) -> str:
    """How a row without a number is recognised on a second import."""
    raw = f"{values['received_at']:%Y-%m-%d}|{values['station_id']}|{values['content']}"
    return "LEDGER-" + hashlib.sha1(raw.encode()).hexdigest()[:12].upper()


def plan_ledger_import(session: Session, table: Table) -> CasePlan:
    """Check a ledger; rows already imported (same number) are skipped. Writes nothing."""
    header_errors, warnings = check_header(table, LEDGER_COLUMNS, LEDGER_REQUIRED)
    plan = CasePlan(errors=header_errors, warnings=warnings)
    if header_errors:
        return plan
    r = Resolver(session)
    seen: dict[str, int] = {}
    for number, raw in zip(table.row_numbers, table.rows):
        values, errors = parse_ledger_row(number, raw, r)
        plan.errors += errors
        if values is None:
            continue
        values["number"] = values["number"] or ledger_key(values)
        if values["number"] in seen:
            plan.errors.append(RowError(number, "编号", f"与第{seen[values['number']]}行重复"))
            continue
        seen[values["number"]] = number
        if session.scalar(select(Case.id).where(Case.number == values["number"])):
            plan.skipped.append(number)
            continue
        if values["department"] and values["department"] not in r.departments:
            plan.new_departments.add(values["department"])
        plan.new.append(values)
    if plan.new_departments:
        plan.warnings.append("将新增承办单位：" + "、".join(sorted(plan.new_departments)))
    return plan


def apply_case_import(session: Session, plan: CasePlan, skip_invalid: bool = False) -> dict:
    """Write the planned cases with their rebuilt timelines, in the caller's transaction."""
    actor = acting_name(session)
    if plan.errors and not skip_invalid:
        raise ImportRejected(plan.errors)
    require(session, "case.import", station_id={v["station_id"] for v in plan.new}, target=f"{len(plan.new)}件")
    depts = dict(session.execute(select(Department.name, Department.id)).all())
    for name in sorted(plan.new_departments - set(depts)):
        require(session, "department.edit", target=name)
        d = Department(name=name)
        session.add(d)
        session.flush()
        depts[name] = d.id
    index = StationIndex.load(session)
    for v in plan.new:
        case = _build_case(session, v, depts, index.county(v["station_id"]))
        session.add(case)
        session.flush()
        session.add_all(_rebuild_events(case, v, actor))
    session.flush()
    return plan.counts()


def _build_case(session, v, depts, county_id) -> Case:
    number = v["number"] or next_number(session, v["received_at"].year)
    answered = v["answered_on"]
    return Case(number=number, channel=v["channel"], received_at=v["received_at"],
                received_on=v["received_at"].date(), deputy_id=v["deputy_id"],
                station_id=v["station_id"], county_id=county_id, citizen_name=v["citizen_name"],
                citizen_phone=v["citizen_phone"], content=v["content"], category=v["category"],
                state=v["state"], department_id=depts.get(v["department"]),
                assigned_on=v["assigned_on"], deadline=v["deadline"], answered_on=answered,
                days_to_answer=(answered - v["received_at"].date()).days if answered else None,
                concluded_on=answered if v["state"] == "concluded" else None, rating=v["rating"],
                hotline_ticket=v.get("hotline_ticket"))


def _rebuild_events(case: Case, v: dict, actor: str) -> list[CaseEvent]:
    """The steps the dates allow: received, assigned, answered, rated, concluded."""
    steps = [("collect", v["received_at"]), ("register", v["received_at"])]
    if v["assigned_on"] and not v["on_site"]:
        at = datetime.combine(v["assigned_on"], time(9))
        steps.append(("assign", at))
        if ORDER.index(v["state"]) >= ORDER.index("accepted"):
            steps.append(("accept", at))
    if v["answered_on"]:
        at = datetime.combine(v["answered_on"], time(17))
        steps.append(("resolve_on_site" if v["on_site"] else "answer", at))
        if v["rating"]:
            steps.append(("evaluate", at))
        if v["state"] == "concluded":
            steps.append(("conclude", at))
    targets = {"collect": "collected", "register": "registered", "assign": "assigned",
               "accept": "accepted", "answer": "answered", "resolve_on_site": "answered",
               "evaluate": "evaluated", "conclude": "concluded"}
    events, before = [], None
    for action, at in steps:
        after = targets[action]
        events.append(CaseEvent(case_id=case.id, at=at, actor=actor, action=action,
                                from_state=before, to_state=after, note="据台账补录"))
        before = after
    if before != case.state:  # e.g. 办理中: the ledger has no date for that step
        events.append(CaseEvent(case_id=case.id, at=events[-1].at, actor=actor, action="progress",
                                from_state=before, to_state=case.state, note="据台账补录（无具体日期）"))
    return events
