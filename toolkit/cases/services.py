"""Services of the opinion loop: take an opinion in, move it through its life, read its timeline."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..core.access import require, why_not
from ..core.config import case_prefix
from ..core.errors import FieldError, ToolkitError, ValidationFailed, check_version
from ..core.glossary import CASE_ACTIONS, CASE_STATES, CATEGORIES, CHANNELS, MATTER_LEVELS, RATINGS, SUPERVISION
from ..core.principal import acting_name, is_public_on_postgresql, principal_of
from ..core.records import fetch
from ..core.validation import check_phone
from ..network.models import Department, Deputy, Station
from ..network.station_index import StationIndex
from .deadlines import note_rule
from .models import CONTENT_LIMIT, NAME_LIMIT, Case, CaseCounter, CaseEvent
from .notices import case_answered, case_assigned, same_matter_concluded
from .rules import CONCLUDED, TRANSITIONS, allowed_actions, refusal


@dataclass
class Opinion:
    """What a citizen said and where it came in (labels are Chinese, as staff choose them)."""

    content: str
    channel: str = "reception"
    category: str = "其他"
    station_id: int | None = None
    deputy_id: int | None = None
    citizen_name: str = ""
    citizen_phone: str = ""
    place: str = ""
    matter_level: str = "station"
    point_id: int | None = None        # left at a mobile point (流动联络站)
    grid_id: int | None = None         # handed on from a grid (网格员转交)


# NUL and other control characters (tab and line breaks are text): PostgreSQL refuses NUL in text,
# and nothing typed by a person needs them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_opinion(o: Opinion) -> list[FieldError]:
    """Every problem with an opinion, by field."""
    errors = []
    text = (o.content or "").strip()
    if not text:
        errors.append(FieldError("反映内容", "请填写群众反映的内容"))
    elif len(text) > CONTENT_LIMIT:
        errors.append(FieldError("反映内容", f"内容过长（{len(text)}字），请控制在{CONTENT_LIMIT}字以内"))
    if o.channel not in CHANNELS:
        errors.append(FieldError("渠道", f"「{o.channel}」不是受理渠道"))
    if o.category not in CATEGORIES:
        errors.append(FieldError("类别", f"「{o.category}」不是问题类别"))
    if o.matter_level not in MATTER_LEVELS:
        errors.append(FieldError("层级", f"「{o.matter_level}」不是办理层级"))
    if o.citizen_phone.strip():
        try:
            check_phone(o.citizen_phone)
        except ValueError as e:
            errors.append(FieldError("联系电话", str(e)))
    for field, value in (("反映内容", o.content), ("反映人", o.citizen_name), ("联系电话", o.citizen_phone), ("地点", o.place)):
        if value and CONTROL.search(value):
            errors.append(FieldError(field, "含有不可见的控制字符，请删除后重新提交"))
    if len(o.citizen_name.strip()) > NAME_LIMIT:
        errors.append(FieldError("反映人", f"姓名过长（不超过{NAME_LIMIT}字）"))
    if o.station_id is None and o.deputy_id is None:
        errors.append(FieldError("所属站点", "请选择受理站点或接收代表"))
    return errors


def next_number(session: Session, year: int) -> str:
    """The next readable case number, e.g. TL-2026-000123 (one counter row per prefix and year)."""
    prefix = case_prefix()
    bumped = session.execute(update(CaseCounter).where(
        CaseCounter.prefix == prefix, CaseCounter.year == year)
        .values(last=CaseCounter.last + 1).returning(CaseCounter.last)).scalar()
    if bumped is None:
        session.add(CaseCounter(prefix=prefix, year=year, last=1))
        session.flush()
        bumped = 1
    return f"{prefix}-{year}-{bumped:06d}"


def intake(session: Session, opinion: Opinion, register: bool = True, at: datetime | None = None,
           client: str | None = None, once: str | None = None, address: str | None = None,
           deadline: date | None = None) -> Case:
    """Log an opinion as a case (收集), and book it in (建账) when staff took it. `once` is the
    one-time key of the public form it came from (a unique index: one form, one case)."""
    actor = acting_name(session)
    errors = check_opinion(opinion)
    # Column by column: the public instance's account may read only these (toolkit/ops/public_role.py).
    deputy = session.execute(select(Deputy.id, Deputy.station_id)
                             .where(Deputy.id == opinion.deputy_id)).first() if opinion.deputy_id else None
    if opinion.deputy_id and deputy is None:
        errors.append(FieldError("接收代表", "找不到该代表"))
    station_id = opinion.station_id or (deputy.station_id if deputy else None)
    station = session.execute(select(Station.id, Station.name, Station.closed_on)
                              .where(Station.id == station_id)).first() if station_id else None
    if station is None and not errors:
        errors.append(FieldError("所属站点", "该代表尚未编组进站，请选择受理站点"))
    elif station is not None and station.closed_on is not None:
        errors.append(FieldError("所属站点", f"「{station.name}」已撤销"))
    if errors:
        raise ValidationFailed(errors)
    require(session, "case.intake", station_id=station.id, deputy_id=opinion.deputy_id)
    at = at or datetime.now()
    case = Case(number=next_number(session, at.year), channel=opinion.channel, received_at=at,
                received_on=at.date(), deputy_id=opinion.deputy_id, station_id=station.id,
                county_id=StationIndex.load(session).county(station.id), citizen_name=opinion.citizen_name.strip() or None,
                citizen_phone=check_phone(opinion.citizen_phone) if opinion.citizen_phone.strip() else None,
                content=opinion.content.strip(), place=opinion.place.strip() or None,
                category=opinion.category, matter_level=opinion.matter_level, state="collected",
                intake_client=client, intake_address=address, intake_key=once, point_id=opinion.point_id,
                grid_id=opinion.grid_id, deadline=deadline)
    session.add(case)
    session.flush()
    if is_public_on_postgresql(session):     # the public account may not write timelines itself
        session.execute(select(func.public_collect_event(case.id)))
    else:
        add_event(session, case, "collect", None, "collected", actor, at, f"渠道：{CHANNELS[case.channel]}")
    if register:
        act(session, case.id, "register", at=at)
    return case


def add_event(session, case, action, from_state, to_state, actor, at, note=None) -> None:
    """One step of the case's timeline (the same-matter links add theirs too: toolkit.cases.links)."""
    session.add(CaseEvent(case_id=case.id, at=at, actor=actor, action=action,
                          from_state=from_state, to_state=to_state, note=note or None))


def get_case(session: Session, case_id: int) -> Case:
    """The case or NotFound."""
    return fetch(session, Case, case_id)


def actions_for(session: Session, case_id: int) -> tuple[list[str], bool]:
    """The steps the session's user may take on the case now (its state allows them and their
    role and scope do), and whether they may supervise it: what a page offers. `act` and
    `supervise` still check each one; this only spares a user buttons that would be refused."""
    case = get_case(session, case_id)
    p = principal_of(session)

    def may(action: str) -> bool:
        return p is None or why_not(p, action, station_id=case.station_id, department_id=case.department_id) is None
    steps = [a for a in allowed_actions(case.state) if may(f"case.{a}")]
    return steps, case.state != CONCLUDED and may("case.supervise")


ANSWERING = ("answer", "resolve_on_site")


def act(session: Session, case_id: int, action: str, note: str = "",
        expected_version: int | None = None, at: datetime | None = None, notify: bool = True, **params) -> Case:
    """Take one step of the life cycle; refused with a reason when the state does not allow it.

    params: department_id and deadline (assign, transfer, to_suggestion), rating (evaluate).
    notify=False: the step is one a 代表建议 makes for the cases it grew from, and the suggestion
    tells whom it should (toolkit.suggestions.notices), once, not once per case.
    """
    actor = acting_name(session)
    if action not in TRANSITIONS:
        raise ToolkitError(f"「{action}」不是案件操作")
    case = get_case(session, case_id)
    require(session, f"case.{action}", station_id=case.station_id, department_id=case.department_id,
            target=case.number)
    check_version(case, expected_version)
    sources, target = TRANSITIONS[action]
    if case.state not in sources:
        raise ToolkitError(refusal(action, case.state))
    if action in ANSWERING and not (note or "").strip():
        # The citizen's lookup page shows this text as the answer: an answer without it says nothing.
        raise ValidationFailed([FieldError("说明", "请填写答复内容：群众在办理进度查询页看到的就是这段文字")])
    at = at or datetime.now()
    before = case.state
    target = _apply(session, case, action, target, at, params)
    case.state = target
    add_event(session, case, "reopen" if before == "answered" and target == "in_progress" else action,
           before, target, actor, at, _describe(session, case, action, params, note))
    session.flush()
    if notify:
        _notify(session, case, action)
    return case


def _notify(session, case, action) -> None:
    """The messages a staff step causes (toolkit.cases.notices), in the step's own transaction
    (a 不满意 from the public pages is told by the reminder pass: notices.reopened)."""
    if action in ("assign", "transfer", "to_suggestion"):
        case_assigned(session, case)
    elif action == "answer":
        case_answered(session, case)
    elif action == "conclude":
        same_matter_concluded(session, case)


def _apply(session, case, action, target, at, params) -> str:
    today = at.date()
    if action in ("assign", "transfer", "to_suggestion"):
        dept = session.get(Department, params.get("department_id") or 0)
        if dept is None or not dept.active:
            raise ValidationFailed([FieldError("承办单位", "请选择承办单位")])
        deadline = params.get("deadline")
        if not isinstance(deadline, date) or deadline < today:
            raise ValidationFailed([FieldError("办理时限", "请填写不早于今天的办理时限")])
        case.department_id, case.deadline, case.assigned_on = dept.id, deadline, today
        note_rule(session, case, today)
        if action == "to_suggestion":
            case.kind = "suggestion"
    elif action in ("answer", "resolve_on_site"):
        case.answered_on = today
        case.days_to_answer = (today - case.received_on).days
    elif action == "evaluate":
        rating = params.get("rating")
        if rating not in RATINGS:
            raise ValidationFailed([FieldError("满意度", "请选择满意、基本满意或不满意")])
        case.rating = rating
        if rating == "不满意":  # back for a second round of handling (二次办理)
            case.rounds += 1
            case.answered_on = case.days_to_answer = None
            return "in_progress"
    elif action == "conclude":
        case.concluded_on = today
    return target


def _describe(session, case, action, params, note) -> str:
    parts = []
    if action in ("assign", "transfer", "to_suggestion"):
        parts.append(f"承办单位：{session.get(Department, case.department_id).name}，时限：{case.deadline}")
    if action == "evaluate":
        parts.append(f"评价：{case.rating}" + ("，退回二次办理" if case.rating == "不满意" else ""))
    if note and note.strip():
        parts.append(note.strip())
    return "；".join(parts)


def supervise(session: Session, case_id: int, level: str, leader: str = "",
              expected_version: int | None = None) -> None:
    """Mark a case 重点督办, or 领衔督办 by a named leader."""
    actor = acting_name(session)
    case = get_case(session, case_id)
    require(session, "case.supervise", station_id=case.station_id, target=case.number)
    check_version(case, expected_version)
    if level not in SUPERVISION:
        raise ToolkitError("督办方式应为重点督办或领衔督办")
    if case.state == CONCLUDED:
        raise ToolkitError("案件已办结，无需督办")
    if level == "leader" and not leader.strip():
        raise ValidationFailed([FieldError("领衔领导", "领衔督办须写明领导姓名")])
    case.supervision, case.supervisor = level, leader.strip() or None
    add_event(session, case, "supervise", case.state, case.state, actor, datetime.now(),
           SUPERVISION[level] + (f"（{leader.strip()}）" if leader.strip() else ""))
    session.flush()


def timeline(session: Session, case_id: int) -> pd.DataFrame:
    """Every step of a case, oldest first: when, who, what, from, to, note."""
    rows = session.execute(select(CaseEvent.at, CaseEvent.actor, CaseEvent.action,
                                  CaseEvent.from_state, CaseEvent.to_state, CaseEvent.note)
                           .where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id))
    return pd.DataFrame([(at, who, CASE_ACTIONS[a], CASE_STATES.get(f, ""), CASE_STATES[t], n or "")
                         for at, who, a, f, t, n in rows],
                        columns=["时间", "操作人", "操作", "原状态", "新状态", "说明"])
