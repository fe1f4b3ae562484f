"""Who hears what of a case (toolkit.notify carries it): the department when a case is given to
it, again when the citizen is not satisfied (with the county's supervising staff), a daily digest
of what is due soon or overdue; the station, the receiving deputy and the citizen when it is
answered. Texts say the number, the category and the unit — never a citizen's name, phone or words.

不满意 is told by the reminder pass (`reopened`), not by the step itself: citizens rate on the public
pages, whose database account may not read staff contacts nor write the outbox."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.validation import mobile_number
from ..core.workdays import WorkCalendar
from ..network.models import Department, Deputy
from ..network.qr import public_base
from ..notify.addresses import Address, of_department, of_deputy, of_users, tell
from .due import DUE_SOON, due_by_condition, is_overdue
from .lookup_codes import issue_lookup_code
from .models import Case, CaseEvent
from .rules import WAITING_FOR_ANSWER

DIGEST_LISTED = 10     # numbers named in a digest; the rest are counted


def case_assigned(session: Session, case: Case) -> int:
    """To the unit the case was given to (交办, 转办 or 转为代表建议)."""
    dept = session.get(Department, case.department_id)
    limit = f"办理时限{case.deadline}" + (f"（{case.deadline_days}个工作日）" if case.deadline_days else "")
    return tell(session, f"case-assigned:{case.number}:{case.rounds}:{case.deadline}:{case.department_id}",
                of_department(dept), f"新交办案件 {case.number}",
                f"{dept.name}：联络站交办社情民意案件 {case.number}（{case.category}），{limit}。请登录联络站工作台签收办理。",
                "case_assigned")


def case_answered(session: Session, case: Case) -> int:
    """To the station's staff and the deputy who received it (to ask the citizen's 评价), and to the
    citizen who left a mobile number: a text with the link to the lookup page."""
    dept = session.get(Department, case.department_id) if case.department_id else None
    unit = dept.name if dept else "联络站"
    key, subject = f"case-answered:{case.number}:{case.rounds}", f"案件已答复 {case.number}"
    sent = tell(session, key + ":staff", of_users(session, "station_staff", case.station_id), subject,
                f"社情民意案件 {case.number}（{case.category}）已由{unit}答复，请登录联络站工作台查看并请群众评价。",
                "case_answered")
    deputy = session.get(Deputy, case.deputy_id) if case.deputy_id else None
    if deputy is not None:
        sent += tell(session, key + ":deputy", of_deputy(session, deputy.id), subject,
                     f"{deputy.name}代表：您接收的群众意见（{case.number}，{case.category}）已由{unit}答复，"
                     "可在联络站工作台查看办理情况。", "case_answered")
    phone = mobile_number(case.citizen_phone)
    if phone:
        link = f"{public_base()}q?n={quote(case.number)}"
        # Rating needs the lookup code: one taken in at the desk has none yet, so this text brings it.
        proof = ("查询码见留言回执" if case.lookup_hash
                 else f"查询码{issue_lookup_code(session, case.number)}")
        sent += tell(session, key + ":citizen", [Address("sms", phone)], subject, "",
                     "case_answered", sms=f"【人大代表联络站】您反映的问题（编号{case.number}）已有答复，"
                                         f"请查看并评价：{link} {proof}（查看进度也可用手机号后四位）。")
    return sent


def reopened(session: Session, today: date, within_days: int = 7) -> int:
    """Cases sent back to 二次办理 by a 不满意 in the last `within_days` and still open: each told once
    (the key names the round), whoever rated it and wherever."""
    since = datetime.combine(today - timedelta(days=within_days), datetime.min.time())
    recent = (select(CaseEvent.case_id).where(CaseEvent.case_id == Case.id, CaseEvent.action == "reopen",
                                              CaseEvent.at >= since).exists())
    cases = session.scalars(select(Case).where(Case.rating == "不满意", Case.state.in_(WAITING_FOR_ANSWER), recent)
                            .order_by(Case.id))
    return sum(case_unsatisfied(session, case) for case in cases)


def case_unsatisfied(session: Session, case: Case) -> int:
    """不满意, back to 二次办理: to the unit, and to the county's administrators who supervise it."""
    dept = session.get(Department, case.department_id) if case.department_id else None
    unit = dept.name if dept else "承办单位"
    to = of_department(dept) + (of_users(session, "county_admin", case.county_id) if case.county_id else [])
    return tell(session, f"case-unsatisfied:{case.number}:{case.rounds}", to, f"群众不满意，退回二次办理 {case.number}",
                f"社情民意案件 {case.number}（{case.category}）的答复群众评价为不满意，已退回{unit}二次办理"
                f"（第{case.rounds}轮），请尽快重新办理并答复。", "case_unsatisfied")


def same_matter_concluded(session: Session, case: Case) -> int:
    """Concluding a case tells the staff of every later case linked to it as the same matter (and
    the unit handling it), so that the later one can be answered the same way."""
    sent = 0
    for later in session.scalars(select(Case).where(Case.same_as_id == case.id).order_by(Case.id)):
        if later.state == "concluded":
            continue
        dept = session.get(Department, later.department_id) if later.department_id else None
        to = of_users(session, "station_staff", later.station_id) + (of_department(dept) if dept else [])
        sent += tell(session, f"same-matter-concluded:{case.number}:{later.number}", to, f"同一事项已办结 {case.number}",
                     f"与社情民意案件 {later.number}（{later.category}）为同一事项的 {case.number} 已办结，"
                     "请登录联络站工作台查看其答复，据此办理本件。", "same_matter_concluded")
    return sent


def department_digests(session: Session, today: date, suggestions: dict[int, list[str]] | None = None) -> int:
    """On a working day, one message to each unit with cases due within DUE_SOON working days or
    overdue: how many, and the first numbers of each (overdue ones with their working days late);
    `suggestions`, by unit, the lines of its 代表建议 overdue (toolkit.suggestions.notices)."""
    cal = WorkCalendar.load(session)
    if not cal.is_workday(today):
        return 0
    soon, late = defaultdict(list), defaultdict(list)
    rows = session.execute(select(Case.department_id, Case.number, Case.deadline, Case.state)
                           .where(due_by_condition(cal, today), Case.department_id.is_not(None))
                           .order_by(Case.deadline, Case.number))
    for dept_id, number, deadline, state in rows:
        if is_overdue(state, deadline, today):
            late[dept_id].append(f"{number}（超期{cal.between(deadline, today)}个工作日）")
        else:
            soon[dept_id].append(f"{number}（{deadline}到期）")
    sent, suggestions = 0, suggestions or {}
    for dept_id in sorted(set(soon) | set(late) | set(suggestions)):
        dept = session.get(Department, dept_id)
        parts = [f"{dept.name}：截至{today}，本单位有{len(late[dept_id])}件案件已超期，"
                 f"{len(soon[dept_id])}件将在{DUE_SOON}个工作日内到期"
                 + (f"，{len(suggestions[dept_id])}件代表建议超期未答复。" if suggestions.get(dept_id) else "。")]
        for label, items in (("已超期", late[dept_id]), ("即将到期", soon[dept_id]),
                             ("代表建议超期未答复", suggestions.get(dept_id, []))):
            if items:
                more = f"等{len(items)}件" if len(items) > DIGEST_LISTED else ""
                parts.append(f"{label}：{'、'.join(items[:DIGEST_LISTED])}{more}。")
        parts.append("请登录联络站工作台及时办理。")
        sent += tell(session, f"digest:{dept_id}:{today}", of_department(dept), f"办理时限提醒 {today}",
                     "\n".join(parts), "deadline_digest")
    return sent


def grid_handoffs(session: Session, today: date, within_days: int = 14) -> int:
    """To the deputy a grid worker passed an opinion to (网格员转交), once per case, with its limit: the
    public pages, where grid workers hand off, do not write the outbox, so the next pass tells them."""
    new = 0
    for case in session.scalars(select(Case).where(Case.channel == "grid", Case.deputy_id.is_not(None),
                                                   Case.received_on >= today - timedelta(days=within_days))
                                .order_by(Case.id)):
        due = f"，请于{case.deadline}前处理（首问负责）" if case.deadline else ""
        new += tell(session, f"grid-handoff:{case.number}", of_deputy(session, case.deputy_id),
                    f"网格员转交意见 {case.number}",
                    f"网格员转交给您一条群众意见 {case.number}（{case.category}）{due}。请登录联络站工作台或您的个人页面查看。",
                    "grid_handoff")
    return new


def deputy_digests(session: Session, today: date) -> int:
    """Each deputy's one message of a working day (代表个人页面's notice): the opinions received for them
    since the last working day, and those handed to them whose limit falls today or tomorrow; nothing
    when there is neither. No citizen's words: the count, and where to read them."""
    calendar = WorkCalendar.load(session)
    since = today - timedelta(days=1)
    while since > today - timedelta(days=10) and not calendar.is_workday(since):
        since -= timedelta(days=1)               # after a weekend or a holiday: everything since the last working day
    new = dict(session.execute(select(Case.deputy_id, func.count()).where(
        Case.deputy_id.is_not(None), Case.received_on >= since, Case.received_on < today).group_by(Case.deputy_id)).all())
    due = dict(session.execute(select(Case.deputy_id, func.count()).where(
        Case.deputy_id.is_not(None), Case.channel == "grid", Case.state.in_(("collected", "registered")),
        Case.deadline.is_not(None), Case.deadline <= today + timedelta(days=1)).group_by(Case.deputy_id)).all())
    sent = 0
    for deputy_id in sorted(set(new) | set(due)):
        parts = ([f"自{since.month}月{since.day}日以来收到群众意见{new[deputy_id]}条"] if new.get(deputy_id) else [])
        parts += [f"网格员转交的意见中有{due[deputy_id]}条今明两天到处理时限"] if due.get(deputy_id) else []
        sent += tell(session, f"deputy-digest:{deputy_id}:{today}", of_deputy(session, deputy_id), "您有新的群众意见",
                     "代表您好：" + "；".join(parts) + "。请打开您的个人链接（代表个人页面）查看并回复。", "deputy_digest")
    return sent
