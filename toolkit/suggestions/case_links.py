"""The citizens' cases a suggestion grew from: linked when it is proposed (each case's timeline says
so), then carried along — handed to the 主办单位 with it (转为代表建议), answered with its answer
(the citizen's lookup page shows it) — each a step of the case's own life cycle, taken on behalf of
the suggestion's permitted step. A case that was already handed out or answered keeps its own course
and only shows the link."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..cases.services import act, add_event
from ..core.access import Forbidden, on_behalf_of_system, require
from ..core.access_rules import DEPUTY
from ..core.errors import FieldError, ValidationFailed
from ..core.glossary import SUGGESTION_CLASSES
from ..core.principal import acting_name, principal_of
from .models import Suggestion, SuggestionCase
from .timeline import add_step

SPLIT = str.maketrans({c: " " for c in "、，,；;\n\t"})


def _may_link(session: Session, case: Case) -> None:
    """The proposer may link a case their station took in, or, a deputy, one they received themselves."""
    p = principal_of(session)
    if p is not None and p.role == DEPUTY:
        if case.deputy_id != p.deputy_id:
            raise Forbidden(p, "case.to_suggestion", f"{case.number} 不是您接收的群众意见", case.number)
        return
    require(session, "case.to_suggestion", station_id=case.station_id, target=case.number)


def link_cases(session: Session, s: Suggestion, numbers: list[str] | str, actor: str) -> list[Case]:
    """Link the cases named (numbers, one list or separated by 、 ， ；) to the new suggestion."""
    if isinstance(numbers, str):
        numbers = numbers.translate(SPLIT).split()
    wanted = list(dict.fromkeys(n.strip().upper() for n in numbers if n.strip()))
    if not wanted:
        return []
    cases = {c.number: c for c in session.scalars(select(Case).where(Case.number.in_(wanted)))}
    taken = dict(session.execute(select(Case.number, Suggestion.number).join(SuggestionCase, SuggestionCase.case_id == Case.id)
                                 .join(Suggestion, Suggestion.id == SuggestionCase.suggestion_id)
                                 .where(Case.number.in_(wanted))).all())
    errors = [FieldError("来源案件", f"没有编号为「{n}」的案件") for n in wanted if n not in cases]
    errors += [FieldError("来源案件", f"{n} 已并入代表建议 {taken[n]}") for n in wanted if n in taken]
    if errors:
        raise ValidationFailed(errors)
    for n in wanted:
        case = cases[n]
        _may_link(session, case)
        session.add(SuggestionCase(suggestion_id=s.id, case_id=case.id))
        add_event(session, case, "link", case.state, case.state, actor, datetime.now(),
                  f"并入代表建议 {s.number}《{s.title}》")
        if case.state == "registered":
            case.kind = "suggestion"
    add_step(session, s, "link_case", actor, "来源群众意见：" + "、".join(wanted))
    return [cases[n] for n in wanted]


def linked_cases(session: Session, suggestion_id: int) -> list[tuple[str, str, str | None]]:
    """(case number, its state, the citizen's confirmation) for each case the suggestion grew from."""
    return list(session.execute(select(Case.number, Case.state, SuggestionCase.confirmation)
                                .join(SuggestionCase, SuggestionCase.case_id == Case.id)
                                .where(SuggestionCase.suggestion_id == suggestion_id).order_by(Case.number)).all())


def _following(session: Session, s: Suggestion, states: tuple[str, ...]) -> list[Case]:
    return list(session.scalars(select(Case).join(SuggestionCase, SuggestionCase.case_id == Case.id)
                                .where(SuggestionCase.suggestion_id == s.id, Case.state.in_(states)).order_by(Case.id)))


def cases_follow_assignment(session: Session, s: Suggestion) -> int:
    """The linked cases still waiting at the station go to the 主办单位 with the suggestion; those that
    went with it to another unit before (a suggestion handed again) are transferred to the new one."""
    deadline = max(s.answer_due, date.today())
    moved = 0
    with on_behalf_of_system(session):
        for case in _following(session, s, ("registered", "assigned", "accepted", "in_progress")):
            if case.state == "registered":
                act(session, case.id, "to_suggestion", f"随代表建议 {s.number} 交办", department_id=s.main_unit_id,
                    deadline=deadline, notify=False)
            elif case.kind == "suggestion" and case.department_id != s.main_unit_id:
                act(session, case.id, "transfer", f"代表建议 {s.number} 重新交办", department_id=s.main_unit_id,
                    deadline=deadline, notify=False)
            else:
                continue
            moved += 1
    return moved


def cases_follow_answer(session: Session, s: Suggestion) -> list[Case]:
    """The linked cases handed out with the suggestion are answered with its answer (returned: those
    answered now; one answered before takes the new answer on its timeline)."""
    said = f"代表建议 {s.number} 已答复（{s.answer_class}类：{SUGGESTION_CLASSES[s.answer_class]}）：{s.answer_text}"
    answered = []
    with on_behalf_of_system(session):
        for case in _following(session, s, ("assigned", "accepted", "in_progress", "answered")):
            if case.kind != "suggestion" or case.department_id != s.main_unit_id:
                continue
            if case.state == "answered":       # answered again after 重新办理: the citizen's page shows the new answer
                add_event(session, case, "answer", "answered", "answered", acting_name(session), datetime.now(), said[:4900])
                continue
            if case.state == "assigned":
                act(session, case.id, "accept", notify=False)
            act(session, case.id, "answer", said[:4900], notify=False)
            answered.append(case)
    return answered

