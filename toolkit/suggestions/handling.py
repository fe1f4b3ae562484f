"""A suggestion from 提出 to 办理: written by staff or the deputy (with the citizens' cases it grew
from), handed by the 代表工委 to a 主办单位 with any 协办单位 (重点督办 and its leader, the answer's
term from the law), and handled: the unit's contacts with the deputy (三见面) and the 协办 units'
opinions, all on its timeline. Answers, the deputy's opinion and 落实 are in `answers`."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cases.models import CaseCounter
from ..core.access import require
from ..core.errors import FieldError, ToolkitError, ValidationFailed, check_version
from ..core.glossary import SUGGESTION_CONTACT_STAGES, SUGGESTION_CONTACT_WAYS, SUGGESTION_LEVELS
from ..core.principal import acting_name
from ..core.records import fetch
from ..network.models import Department, Deputy
from .case_links import cases_follow_assignment, link_cases
from .due import answer_due
from .models import CONTENT_LIMIT, TITLE_LIMIT, Suggestion, SuggestionCosigner, SuggestionCoUnit
from .notices import suggestion_assigned
from .timeline import add_step, text_error

PREFIX = "JY"      # 建议: the counties' sheets number them JY-2026-001


@dataclass
class SuggestionForm:
    """What a suggestion is proposed with; the cases by their numbers as staff read them."""

    title: str = ""
    content: str = ""
    lead_deputy_id: int | None = None
    category: str = ""
    session_label: str = ""            # 届次/会次, or 闭会期间
    level: str = "county"              # the congress it is made to (the answer's term is set per level)
    cosigner_ids: list[int] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)


def _number(session: Session, year: int) -> str:
    """The next free JY-year-NNN (the counter shared with the cases' numbers, skipping imported ones)."""
    while True:
        row = session.scalar(select(CaseCounter).where(CaseCounter.prefix == PREFIX, CaseCounter.year == year)
                             .with_for_update())
        if row is None:
            row = CaseCounter(prefix=PREFIX, year=year, last=0)
            session.add(row)
        row.last += 1
        session.flush()
        number = f"{PREFIX}-{year}-{row.last:03d}"
        if not session.scalar(select(func.count(Suggestion.id)).where(Suggestion.number == number)):
            return number


def _check_form(session: Session, form: SuggestionForm) -> tuple[Deputy, list[int]]:
    errors = [e for e in (text_error(form.title, "标题", TITLE_LIMIT), text_error(form.content, "内容", CONTENT_LIMIT),
                          text_error(form.category, "类别", 40, required=False),
                          text_error(form.session_label, "届次会次", 60, required=False)) if e]
    lead = session.get(Deputy, form.lead_deputy_id) if form.lead_deputy_id else None
    if lead is None:
        errors.append(FieldError("领衔代表", "请选择领衔代表"))
    if form.level not in SUGGESTION_LEVELS:
        errors.append(FieldError("提交层级", "请选择建议提交的人大层级"))
    cosigners = sorted({d for d in form.cosigner_ids if d and d != form.lead_deputy_id})
    known = set(session.scalars(select(Deputy.id).where(Deputy.id.in_(cosigners))))
    if set(cosigners) - known:
        errors.append(FieldError("附议代表", "有附议代表不在代表名册中"))
    if errors:
        raise ValidationFailed(errors)
    return lead, cosigners


def propose(session: Session, form: SuggestionForm, proposed_on: date | None = None) -> Suggestion:
    """Write a new suggestion (提出) with its 附议代表 and the cases it grew from."""
    actor = acting_name(session)
    lead, cosigners = _check_form(session, form)
    require(session, "suggestion.propose", station_id=lead.station_id, deputy_id=lead.id, target=form.title.strip())
    proposed_on = proposed_on or date.today()
    s = Suggestion(number=_number(session, proposed_on.year), title=form.title.strip(), content=form.content.strip(),
                   category=form.category.strip() or None, session_label=form.session_label.strip() or None,
                   lead_deputy_id=lead.id, proposed_on=proposed_on, key_supervision=False, rounds=1, level=form.level)
    session.add(s)
    session.flush()
    session.add_all(SuggestionCosigner(suggestion_id=s.id, deputy_id=d) for d in cosigners)
    add_step(session, s, "propose", actor, f"领衔代表：{lead.name}" + (f"，附议代表{len(cosigners)}名" if cosigners else ""))
    link_cases(session, s, form.case_numbers, actor)
    session.flush()
    return s


def _lead_station(session: Session, s: Suggestion) -> int | None:
    return session.scalar(select(Deputy.station_id).where(Deputy.id == s.lead_deputy_id))


def assign(session: Session, suggestion_id: int, main_unit_id: int | None, co_unit_ids: list[int] = (),
           key_supervision: bool = False, supervisor: str = "", assigned_on: date | None = None,
           expected_version: int | None = None) -> Suggestion:
    """交办: the 主办单位, any 协办单位, 重点督办 with the leader who supervises it; the answer is due
    three calendar months later (the setting of its level). An unanswered suggestion may be handed again (another unit)."""
    actor = acting_name(session)
    s = fetch(session, Suggestion, suggestion_id)
    require(session, "suggestion.assign", station_id=_lead_station(session, s), target=s.number)
    check_version(s, expected_version)
    if s.answered_on is not None:
        raise ToolkitError(f"{s.number} 已答复，不能再交办")
    assigned_on = assigned_on or date.today()
    unit = session.get(Department, main_unit_id) if main_unit_id else None
    co = sorted({u for u in co_unit_ids if u and u != main_unit_id})
    errors = []
    if unit is None or not unit.active:
        errors.append(FieldError("主办单位", "请选择主办单位"))
    if co and len(set(session.scalars(select(Department.id).where(Department.id.in_(co), Department.active.is_(True))))) != len(co):
        errors.append(FieldError("协办单位", "有协办单位不存在或已停用"))
    if assigned_on < s.proposed_on:
        errors.append(FieldError("交办日期", f"不能早于提出日期 {s.proposed_on}"))
    if key_supervision and (e := text_error(supervisor, "领衔督办领导", 50)):
        errors.append(FieldError("领衔督办领导", "重点督办须写明领衔督办的领导" if not supervisor.strip() else e.message))
    if errors:
        raise ValidationFailed(errors)
    again = s.assigned_on is not None
    s.main_unit_id, s.assigned_on, s.answer_due = unit.id, assigned_on, answer_due(session, assigned_on, s.level)
    s.key_supervision, s.supervisor = bool(key_supervision), supervisor.strip() if key_supervision else None
    have = {c.department_id: c for c in session.scalars(select(SuggestionCoUnit).where(SuggestionCoUnit.suggestion_id == s.id))}
    for d in set(have) - set(co):
        session.delete(have[d])
    session.add_all(SuggestionCoUnit(suggestion_id=s.id, department_id=d) for d in co if d not in have)
    names = dict(session.execute(select(Department.id, Department.name).where(Department.id.in_(co))).all())
    add_step(session, s, "assign", actor, ("重新交办，" if again else "") + f"主办单位：{unit.name}"
             + (f"，协办单位：{'、'.join(names[d] for d in co)}" if co else "") + f"，答复期限：{s.answer_due}"
             + (f"，重点督办（{s.supervisor}领衔督办）" if s.key_supervision else ""))
    session.flush()
    cases_follow_assignment(session, s)
    suggestion_assigned(session, s)
    return s


def _handling(session: Session, suggestion_id: int, units: str) -> Suggestion:
    s = fetch(session, Suggestion, suggestion_id)
    co = list(session.scalars(select(SuggestionCoUnit.department_id).where(SuggestionCoUnit.suggestion_id == s.id)))
    allowed = {"main": [s.main_unit_id], "co": co, "any": [s.main_unit_id, *co]}[units]
    require(session, "suggestion.handle", station_id=_lead_station(session, s), department_id=allowed, target=s.number)
    if s.assigned_on is None:
        raise ToolkitError(f"{s.number} 尚未交办")
    if s.done_on is not None:
        raise ToolkitError(f"{s.number} 已落实，办理已结束")
    return s


def record_contact(session: Session, suggestion_id: int, stage: str, way: str, on: date, note: str = "") -> Suggestion:
    """The unit's contact with the deputy (三见面: 办前/办中/办后, 面商 or 电话), on the timeline."""
    actor = acting_name(session)
    s = _handling(session, suggestion_id, "any")
    errors = [e for e in (text_error(note, "沟通情况", required=False),) if e]
    if stage not in SUGGESTION_CONTACT_STAGES:
        errors.append(FieldError("沟通阶段", "请选择办前、办中或办后"))
    if way not in SUGGESTION_CONTACT_WAYS:
        errors.append(FieldError("沟通方式", "请选择面商或电话"))
    if not isinstance(on, date) or on < s.assigned_on or on > date.today():
        errors.append(FieldError("沟通日期", f"应在交办日期 {s.assigned_on} 与今天之间"))
    if errors:
        raise ValidationFailed(errors)
    add_step(session, s, "contact", actor, f"{stage}{way}（{on}）" + (f"：{note.strip()}" if note.strip() else ""))
    session.flush()
    return s


def co_opinion(session: Session, suggestion_id: int, text: str) -> Suggestion:
    """A 协办单位's opinion to the 主办单位, on the timeline (the 主办 unit writes the answer)."""
    actor = acting_name(session)
    s = _handling(session, suggestion_id, "co")
    if e := text_error(text, "协办意见"):
        raise ValidationFailed([e])
    if s.answered_on is not None and s.reopened_on is None:
        raise ToolkitError(f"{s.number} 已答复：协办意见须在主办单位答复之前提出")
    add_step(session, s, "co_opinion", actor, text.strip(), at=datetime.now())
    session.flush()
    return s
