"""Who hears what of a suggestion (toolkit.notify carries it, as for cases): the 主办 and 协办 units
when it is handed out; the 领衔代表 when it is answered (to give their opinion); the unit and the
county's 代表工委 when the deputy is not satisfied, and when a B promise passes its date unkept; the
units' daily digest counts their suggestions overdue; the citizens whose opinions it grew from get a
text with their lookup link when it is done (answered A, or a B promise kept). Texts name the
number and the title, never a citizen's name, phone or words."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import quote

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..cases.lookup_codes import issue_lookup_code
from ..cases.models import Case
from ..core.validation import mobile_number
from ..network.models import Department, Deputy
from ..network.qr import public_base
from ..network.station_index import StationIndex
from ..notify.addresses import Address, of_department, of_deputy, of_users, tell
from .models import Suggestion, SuggestionCase, SuggestionCoUnit
from .timeline import add_step

SYSTEM = "系统提醒"


def _units(session: Session, s: Suggestion, co: bool = True) -> list[Address]:
    ids = [s.main_unit_id] + (list(session.scalars(select(SuggestionCoUnit.department_id)
                                                   .where(SuggestionCoUnit.suggestion_id == s.id))) if co else [])
    return [a for d in ids for a in of_department(session.get(Department, d))]


def _county_staff(session: Session, s: Suggestion) -> list[Address]:
    station = session.scalar(select(Deputy.station_id).where(Deputy.id == s.lead_deputy_id))
    county = StationIndex.load(session).county(station) if station else None
    return of_users(session, "county_admin", county) if county else []


def suggestion_assigned(session: Session, s: Suggestion) -> int:
    """To the 主办 and 协办 units: a suggestion handed to them, its term and 重点督办."""
    unit = session.get(Department, s.main_unit_id)
    key = " （重点督办）" if s.key_supervision else ""
    return tell(session, f"suggestion-assigned:{s.number}:{s.main_unit_id}:{s.assigned_on}", _units(session, s),
                f"新交办代表建议 {s.number}{key}",
                f"代表建议 {s.number}《{s.title}》已交办，主办单位：{unit.name}，请于{s.answer_due}前答复{key}。"
                "请登录联络站工作台办理，办理前后与领衔代表沟通（三见面）。", "suggestion_assigned")


def suggestion_answered(session: Session, s: Suggestion) -> int:
    """To the 领衔代表: the answer is in, give your opinion."""
    deputy = session.get(Deputy, s.lead_deputy_id)
    return tell(session, f"suggestion-answered:{s.number}:{s.rounds}", of_deputy(session, deputy.id),
                f"代表建议已答复 {s.number}",
                f"{deputy.name}代表：您领衔的代表建议 {s.number}《{s.title}》已答复（{s.answer_class}类），"
                "请登录联络站工作台查看并发表意见（满意、基本满意或不满意）。", "suggestion_answered")


def suggestion_reopened(session: Session, s: Suggestion) -> int:
    """To the 主办单位 and the county's 代表工委: the deputy is not satisfied, back for 重新办理."""
    return tell(session, f"suggestion-reopened:{s.number}:{s.rounds}", _units(session, s, co=False) + _county_staff(session, s),
                f"代表不满意，退回重新办理 {s.number}",
                f"代表建议 {s.number}《{s.title}》的答复代表不满意，已退回重新办理（第{s.rounds}轮），"
                f"请于{s.reopen_due}前再次答复。", "suggestion_reopened")


def citizens_told(session: Session, s: Suggestion) -> int:
    """To each citizen the suggestion grew from who left a mobile: it is done, say whether it was
    (once per suggestion and case, however often it is answered)."""
    cases = session.scalars(select(Case).join(SuggestionCase, SuggestionCase.case_id == Case.id)
                            .where(SuggestionCase.suggestion_id == s.id).order_by(Case.id))
    sent = 0
    for case in cases:
        phone = mobile_number(case.citizen_phone)
        if not phone:
            continue
        proof = "查询码见留言回执" if case.lookup_hash else f"查询码{issue_lookup_code(session, case.number)}"
        sent += tell(session, f"suggestion-done:{s.number}:{case.number}", [Address("sms", phone)],
                     f"代表建议已落实 {s.number}", "", "suggestion_done",
                     sms=f"【人大代表联络站】您反映的问题（编号{case.number}）已作为代表建议办理落实，"
                         f"请告诉我们是否落实：{public_base()}q?n={quote(case.number)} {proof}")
    return sent


def promises_late(session: Session, today: date) -> int:
    """B promises past their date and not kept: on the timeline once, told to the unit and the 代表工委."""
    late = session.scalars(select(Suggestion).where(Suggestion.answer_class == "B", Suggestion.promised_on < today,
                                                    Suggestion.done_on.is_(None), Suggestion.reopened_on.is_(None))
                           .order_by(Suggestion.id))
    sent = 0
    for s in late:
        new = tell(session, f"suggestion-promise-late:{s.number}:{s.promised_on}",
                   _units(session, s, co=False) + _county_staff(session, s), f"B类承诺逾期未落实 {s.number}",
                   f"代表建议 {s.number}《{s.title}》答复承诺于{s.promised_on}前落实，至今未记录落实，"
                   "请尽快落实并在联络站工作台记录落实情况。", "suggestion_promise_late")
        if new:
            add_step(session, s, "promise_late", SYSTEM, f"承诺{s.promised_on}前落实，已逾期")
        sent += new
    return sent


def overdue_lines(session: Session, today: date) -> dict[int, list[str]]:
    """For the units' daily digest: each unit's suggestions unanswered past their term (or their
    second round's), by unit."""
    waiting = or_(and_(Suggestion.answered_on.is_(None), Suggestion.answer_due < today), Suggestion.reopen_due < today)
    out = defaultdict(list)
    for unit, number, due, again in session.execute(
            select(Suggestion.main_unit_id, Suggestion.number, Suggestion.answer_due, Suggestion.reopen_due)
            .where(waiting, Suggestion.main_unit_id.is_not(None)).order_by(Suggestion.number)):
        out[unit].append(f"{number}（应于{again or due}前答复）")
    return dict(out)
