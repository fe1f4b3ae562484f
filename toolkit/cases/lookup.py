"""办理进度查询: a citizen looks their case up with the case number and either the last four digits
of the phone they gave or the lookup code of the receipt. They see the stages with dates, the
handling unit and the answer — never a name, a phone or who acted.

A wrong pair gets one message whatever was wrong (so a case number cannot be confirmed). Every
failure is committed whatever becomes of the request (RememberedRefusal), and counted per client
per hour (numbers cannot be enumerated) and per case per day (a case's phone ending cannot be
found by many clients together: past the limit only the lookup code opens it). Rating the answer
needs the lookup code: the receipt's, or the one the "answered" text brings."""
from __future__ import annotations

import hmac
import re
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from ..core.access import on_behalf_of_system, require
from ..core.errors import RememberedRefusal, ToolkitError
from ..core.glossary import CITIZEN_STATES, CITIZEN_STEPS, RATINGS
from ..core.keys import keyed_hash
from ..core.principal import named
from ..core.settings import get_setting
from ..network.models import Department
from .models import Case, CaseEvent, LookupAttempt
from .public_intake import UNKNOWN_CLIENT, _queue, client_key
from .services import CONTROL, act

LIMIT = "lookup_failures_per_client_hour"
CASE_LIMIT = "lookup_failures_per_case_day"
WRONG = "案件编号与验证信息不匹配，请核对后重试（验证信息为留言时所填手机号的后四位，或回执上的查询码）"
TOO_MANY = "查询错误次数过多，请一小时后再试，或到联络站当面查询"
TOO_MANY_FOR_CASE = "该案件今天输错手机号后四位的次数过多：请改用回执或短信上的查询码，或到联络站当面查询"
RATE_NEEDS_CODE = "评价须填写回执或短信上的查询码（手机号后四位只能查询办理进度）"
# Four ASCII digits: str.isdigit() would take ١٢٣٤ too.
PHONE_TAIL = re.compile(r"[0-9]{4}")
ANSWERS = ("answer", "resolve_on_site")
CITIZEN = "群众（查询页）"
COMMENT_LIMIT = 500
# What a lookup reads of a case (toolkit.ops.public_role grants exactly these to the public account).
PUBLIC_COLUMNS = (Case.id, Case.number, Case.state, Case.category, Case.received_on, Case.department_id, Case.station_id,
                  Case.rating, Case.rounds, Case.answered_on, Case.days_to_answer, Case.version)


def on_postgresql(session: Session) -> bool:
    # There the public account reads no phone, no lookup hash and no note: the database compares,
    # answers and rates through its checking functions (migrations 0012 and 0020).
    return session.bind.dialect.name == "postgresql"


def _phone_tail_is(session: Session, case_id: int, digits: str) -> bool:
    if on_postgresql(session):
        return bool(session.scalar(select(func.case_phone_tail_is(case_id, digits))))
    phone = "".join(ch for ch in session.scalar(select(Case.citizen_phone).where(Case.id == case_id)) or "" if ch.isdigit())
    return len(phone) >= 4 and hmac.compare_digest(phone[-4:], digits)


def _matches(session: Session, case: Case | None, proof: str) -> bool:
    if case is None or not proof:
        return False
    if PHONE_TAIL.fullmatch(proof):
        return _phone_tail_is(session, case.id, proof)
    return _lookup_code_is(session, case.id, code_hash(proof))


def code_hash(proof: str) -> str | None:
    proof = (proof or "").strip()
    return None if not proof or PHONE_TAIL.fullmatch(proof) else keyed_hash("lookup", proof.upper())


def _lookup_code_is(session: Session, case_id: int, hashed: str) -> bool:
    if on_postgresql(session):
        return bool(session.scalar(select(func.case_lookup_is(case_id, hashed))))
    stored = session.scalar(select(Case.lookup_hash).where(Case.id == case_id))
    return bool(stored) and hmac.compare_digest(stored, hashed)


def _answer(session: Session, case: Case, proof: str) -> str:
    """The unit's latest answer, once the case is answered (the proof is checked again there)."""
    if on_postgresql(session):
        digits = proof.strip() if PHONE_TAIL.fullmatch(proof.strip()) else None
        return session.scalar(select(func.public_case_answer(case.id, code_hash(proof), digits))) or ""
    if case.state not in ("answered", "evaluated", "concluded"):
        return ""
    return session.scalar(select(CaseEvent.note).where(CaseEvent.case_id == case.id, CaseEvent.action.in_(ANSWERS),
                                                       CaseEvent.note.is_not(None), CaseEvent.note != "")
                          .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1)) or ""


def _failures(session: Session, column, value: str, since: datetime) -> int:
    return session.scalar(select(func.count(LookupAttempt.id)).where(column == value, LookupAttempt.at >= since))


def proven(session: Session, number: str, proof: str, client: str, now: datetime | None) -> Case:
    """The case this pair proves, or the one refusal for any wrong pair (counted per client and
    per case, and kept when the request is rolled back)."""
    now = now or datetime.now()
    key = client_key(client or UNKNOWN_CLIENT)
    number, proof = (number or "").strip().upper(), (proof or "").strip()
    _queue(session, f"lookup:{key}", f"lookup-case:{number}")
    if _failures(session, LookupAttempt.client_key, key, now - timedelta(hours=1)) >= get_setting(session, LIMIT):
        raise ToolkitError(TOO_MANY)
    by_phone = bool(PHONE_TAIL.fullmatch(proof))
    if by_phone and _failures(session, LookupAttempt.case_number, number, now - timedelta(days=1)) >= get_setting(
            session, CASE_LIMIT):
        raise ToolkitError(TOO_MANY_FOR_CASE)
    # Only what the page shows and the evaluate step needs: never the citizen's name or phone.
    case = session.scalar(select(Case).options(load_only(*PUBLIC_COLUMNS)).where(Case.number == number)) if number else None
    if not _matches(session, case, proof):
        raise RememberedRefusal(WRONG, LookupAttempt(client_key=key, case_number=number[:40], at=now))
    return case


INTERNAL = ("supervise", "link", "unlink", "deputy_note")    # steps among staff, not stages the citizen follows


def look_up(session: Session, number: str, proof: str, client: str = "", now: datetime | None = None) -> dict:
    """The public view of a case, or the one refusal for any wrong pair (counted per client)."""
    case = proven(session, number, proof, client, now)
    events = session.execute(select(CaseEvent.at, CaseEvent.action)
                             .where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)).all()
    unit = session.scalar(select(Department.name).where(Department.id == case.department_id)) if case.department_id else ""
    return {"编号": case.number, "受理日期": case.received_on.isoformat(), "类别": case.category,
            "状态": CITIZEN_STATES[case.state], "承办单位": unit or "",
            "阶段": [(at.date().isoformat(), CITIZEN_STEPS[action]) for at, action in events if action not in INTERNAL],
            "答复": _answer(session, case, proof), "代表回复": _deputy_reply(session, case, proof)}


def _deputy_reply(session: Session, case: Case, proof: str) -> str:
    """The deputy's latest reply to the citizen (首问负责): their words, never their contact details."""
    if on_postgresql(session):
        digits = proof.strip() if PHONE_TAIL.fullmatch(proof.strip()) else None
        return session.scalar(select(func.public_case_deputy_reply(case.id, code_hash(proof), digits))) or ""
    return session.scalar(select(CaseEvent.note).where(CaseEvent.case_id == case.id, CaseEvent.action == "deputy_reply")
                          .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1)) or ""


def rate(session: Session, number: str, proof: str, rating: str, comment: str = "", client: str = "",
         now: datetime | None = None) -> str:
    """The citizen's 评价 of the answer, once per answer: the case's own evaluate step, so 不满意
    sends it back to 二次办理 exactly as when staff record it. Returns the new state's label."""
    case = proven(session, number, proof, client, now)
    require(session, "case.citizen_rate", target=case.number)
    if PHONE_TAIL.fullmatch((proof or "").strip()):
        raise ToolkitError(RATE_NEEDS_CODE)
    if rating not in RATINGS:
        raise ToolkitError("请选择满意、基本满意或不满意")
    comment = (comment or "").strip()
    if CONTROL.search(comment):
        raise ToolkitError("意见含有不可见的控制字符，请删除后重新提交")
    if len(comment) > COMMENT_LIMIT:
        raise ToolkitError(f"意见过长（{len(comment)}字），请控制在{COMMENT_LIMIT}字以内")
    if case.state != "answered":
        raise ToolkitError("该案件现在不能评价：答复之后才能评价，每次答复只能评价一次")
    note = f"群众意见：{comment}" if comment else ""
    if on_postgresql(session):        # the case's evaluate step, written by the checking function
        state = session.scalar(select(func.public_rate_case(case.id, code_hash(proof), rating, note, now or datetime.now())))
        session.expire(case)           # the database changed it: read again when next asked
        return CITIZEN_STATES[state]
    with on_behalf_of_system(session), named(session, CITIZEN):   # the permitted write entails the case's own step
        act(session, case.id, "evaluate", note=note, rating=rating)
    return CITIZEN_STATES[case.state]
