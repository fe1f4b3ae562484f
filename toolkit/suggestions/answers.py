"""A suggestion answered and followed: the 主办单位's answer with its class (A 已解决或基本解决,
B 正在解决或列入计划 with the promised date, C 因条件限制留作参考 with the reason), the 领衔代表's
opinion (不满意 sends it back for 重新办理: one more round, due a month later), and the keeping of a
B promise (落实, with its evidence). Each on the timeline; the cases it grew from answered with it;
the citizens who left a mobile told when it is done (A, or a B promise kept)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import FieldError, ToolkitError, ValidationFailed, check_version
from ..core.glossary import RATINGS, SUGGESTION_CLASSES
from ..core.principal import acting_name
from ..core.records import fetch
from ..core.settings import get_setting
from ..network.models import Deputy
from .case_links import cases_follow_answer
from .due import months_after
from .models import Suggestion
from .notices import citizens_told, suggestion_answered, suggestion_reopened
from .timeline import add_step, text_error


def _station(session: Session, s: Suggestion) -> int | None:
    return session.scalar(select(Deputy.station_id).where(Deputy.id == s.lead_deputy_id))


def may_answer_now(s: Suggestion) -> bool:
    """Handed out and not answered, or sent back for 重新办理."""
    return s.assigned_on is not None and (s.answered_on is None or s.reopened_on is not None)


def answer(session: Session, suggestion_id: int, answer_class: str, text: str, promised_on: date | None = None,
           answered_on: date | None = None, expected_version: int | None = None) -> Suggestion:
    """The 主办单位's answer (答复), first or after 重新办理."""
    actor = acting_name(session)
    s = fetch(session, Suggestion, suggestion_id)
    require(session, "suggestion.answer", station_id=_station(session, s), department_id=s.main_unit_id, target=s.number)
    check_version(s, expected_version)
    if not may_answer_now(s):
        raise ToolkitError(f"{s.number} " + ("尚未交办" if s.assigned_on is None else "已答复，待代表发表意见"))
    answered_on = answered_on or date.today()
    errors = [e for e in (text_error(text, "答复内容" if answer_class != "C" else "答复内容（留作参考的原因）"),) if e]
    if answer_class not in SUGGESTION_CLASSES:
        errors.append(FieldError("答复类别", "请选择A、B或C类"))
    if answered_on < s.assigned_on or answered_on > date.today():
        errors.append(FieldError("答复日期", f"应在交办日期 {s.assigned_on} 与今天之间"))
    if answer_class == "B" and (not isinstance(promised_on, date) or promised_on < answered_on):
        errors.append(FieldError("承诺落实日期", "B类答复须填写不早于答复日期的承诺落实日期"))
    if errors:
        raise ValidationFailed(errors)
    again = s.answered_on is not None
    if again:
        s.reanswered_on, s.reopened_on, s.reopen_due, s.deputy_opinion = answered_on, None, None, None
    else:
        s.answered_on = answered_on
    s.answer_class, s.answer_text = answer_class, text.strip()
    s.promised_on, s.done_on, s.done_evidence = (promised_on if answer_class == "B" else None), None, None
    add_step(session, s, "answer", actor, f"{answer_class}类（{SUGGESTION_CLASSES[answer_class]}）"
             + (f"，承诺{s.promised_on}前落实" if s.promised_on else "") + f"：{s.answer_text}")
    session.flush()
    cases_follow_answer(session, s)
    suggestion_answered(session, s)
    if answer_class == "A":
        citizens_told(session, s)
    return s


def rate(session: Session, suggestion_id: int, opinion: str, note: str = "",
         expected_version: int | None = None) -> Suggestion:
    """The 领衔代表's opinion of the answer; 不满意 sends it back for 重新办理."""
    actor = acting_name(session)
    s = fetch(session, Suggestion, suggestion_id)
    require(session, "suggestion.rate", station_id=_station(session, s), deputy_id=s.lead_deputy_id, target=s.number)
    check_version(s, expected_version)
    if s.answered_on is None or s.reopened_on is not None:
        raise ToolkitError(f"{s.number} 尚无待评价的答复")
    if s.deputy_opinion is not None:
        raise ToolkitError(f"{s.number} 的本轮答复已评价（{s.deputy_opinion}）")
    errors = [e for e in (text_error(note, "意见说明", 1000, required=opinion == "不满意"),) if e]
    if opinion not in RATINGS:
        errors.append(FieldError("代表意见", "请选择满意、基本满意或不满意"))
    if errors:
        raise ValidationFailed(errors)
    s.deputy_opinion = opinion
    add_step(session, s, "rate", actor, opinion + (f"：{note.strip()}" if note.strip() else ""))
    if opinion == "不满意":
        today = date.today()
        s.rounds += 1
        s.reopened_on, s.reopen_due = today, months_after(today, get_setting(session, "suggestion_reopen_months"))
        add_step(session, s, "reopen", actor, f"代表不满意，退回主办单位重新办理，{s.reopen_due}前再次答复")
        session.flush()
        suggestion_reopened(session, s)
    session.flush()
    return s


def fulfil(session: Session, suggestion_id: int, done_on: date, evidence: str,
           expected_version: int | None = None) -> Suggestion:
    """落实: what was promised is done (a B promise, or an A answer's follow-up), with its evidence."""
    actor = acting_name(session)
    s = fetch(session, Suggestion, suggestion_id)
    require(session, "suggestion.fulfil", station_id=_station(session, s), department_id=s.main_unit_id, target=s.number)
    check_version(s, expected_version)
    if s.answer_class != "B" or s.reopened_on is not None:
        raise ToolkitError(f"{s.number} 不是待落实的B类答复")
    if s.done_on is not None:
        raise ToolkitError(f"{s.number} 已于{s.done_on}落实")
    errors = [e for e in (text_error(evidence, "落实情况"),) if e]
    if not isinstance(done_on, date) or done_on < s.answered_on or done_on > date.today():
        errors.append(FieldError("落实日期", f"应在答复日期 {s.answered_on} 与今天之间"))
    if errors:
        raise ValidationFailed(errors)
    s.done_on, s.done_evidence = done_on, evidence.strip()
    add_step(session, s, "done", actor, f"{done_on}落实：{s.done_evidence}"
             + ("（晚于承诺日期）" if s.promised_on and done_on > s.promised_on else ""))
    session.flush()
    citizens_told(session, s)
    return s
