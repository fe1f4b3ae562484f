"""The citizens' own confirmation: a citizen whose opinion grew into a suggestion, once it is
answered A or its B promise is recorded as kept, says on the case lookup page whether it was done
(已落实 / 部分落实 / 未落实) — with the lookup code, as for rating the answer. The figure stands beside
the deputy's 满意率. On PostgreSQL the public account writes it only through the checking function
public_confirm_suggestion (migration 0024), which checks the code and the suggestion itself."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cases.lookup import PHONE_TAIL, code_hash, on_postgresql, proven
from ..cases.models import Case
from ..core.access import require
from ..core.errors import ToolkitError
from ..core.glossary import CONFIRMATIONS, SUGGESTION_CLASSES
from .models import Suggestion, SuggestionCase
from .timeline import add_step

CITIZEN = "群众（查询页）"
CONFIRM_NEEDS_CODE = "确认落实情况须填写回执或短信上的查询码（手机号后四位只能查询办理进度）"
# What the lookup page reads (toolkit.ops.public_role grants exactly these to the public account).
PUBLIC_SUGGESTION_COLUMNS = (Suggestion.id, Suggestion.number, Suggestion.title, Suggestion.answer_class, Suggestion.done_on)


def is_done(answer_class: str | None, done_on) -> bool:
    """Said to be done: answered A, or a promise recorded as kept."""
    return answer_class == "A" or done_on is not None


def suggestion_for_case(session: Session, case_number: str) -> dict | None:
    """The suggestion a case grew into, as the citizen's page shows it (None if none)."""
    row = session.execute(select(*PUBLIC_SUGGESTION_COLUMNS, SuggestionCase.confirmation)
                          .join(SuggestionCase, SuggestionCase.suggestion_id == Suggestion.id)
                          .join(Case, Case.id == SuggestionCase.case_id)
                          .where(Case.number == (case_number or "").strip().upper())).first()
    if row is None:
        return None
    _, number, title, cls, done_on, word = row
    return {"编号": number, "标题": title, "答复类别": f"{cls}类（{SUGGESTION_CLASSES[cls]}）" if cls else "尚未答复",
            "落实日期": done_on.isoformat() if done_on else "", "可确认": is_done(cls, done_on), "群众确认": word or ""}


def confirm(session: Session, number: str, proof: str, word: str, client: str = "", now: datetime | None = None) -> str:
    """The citizen's word on whether the suggestion their case grew into was done; a later word replaces it."""
    case = proven(session, number, proof, client, now)
    require(session, "suggestion.confirm", target=case.number)
    if PHONE_TAIL.fullmatch((proof or "").strip()):
        raise ToolkitError(CONFIRM_NEEDS_CODE)
    if word not in CONFIRMATIONS:
        raise ToolkitError("请选择已落实、部分落实或未落实")
    shown = suggestion_for_case(session, case.number)
    if shown is None:
        raise ToolkitError("该案件没有形成代表建议")
    if not shown["可确认"]:
        raise ToolkitError("该建议尚未答复已解决或记录落实，暂不能确认")
    now = now or datetime.now()
    if on_postgresql(session):     # the checking function checks the code and the suggestion again, and writes
        return session.scalar(select(func.public_confirm_suggestion(case.id, code_hash(proof), word, now)))
    link = session.scalar(select(SuggestionCase).where(SuggestionCase.case_id == case.id))
    link.confirmation, link.confirmed_at = word, now
    add_step(session, session.get(Suggestion, link.suggestion_id), "confirm", CITIZEN, f"群众确认：{word}", at=now)
    session.flush()
    return word
