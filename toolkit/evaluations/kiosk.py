"""满意度测评机: what the station tablet shows one respondent — the round, what a code may still
rate, the 1–5 items — and the answer it takes (evaluations.services.submit checks every rule)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.services import CONTROL
from ..core.errors import ToolkitError
from .models import EvalResponse
from .rules import VERDICTS
from .services import check_open, get_round, items_of, respondent_key, submit, targets_of

COMMENT_LIMIT = 1000


def kiosk_round(session: Session, round_id: int, now: datetime | None = None) -> dict:
    """The round's name and items; refused (with why) when it is closed or out of its dates."""
    r = get_round(session, round_id)
    check_open(r, now or datetime.now())
    return {"name": r.name, "items": items_of(session, round_id), "with_comment": r.with_comment}


def targets_for_code(session: Session, round_id: int, code: str) -> list[tuple[int, str, bool]]:
    """(id, label, already rated with this code) of each target; an unknown code is refused."""
    key = respondent_key(session, get_round(session, round_id), f"code:{code}")
    done = set(session.scalars(select(EvalResponse.target_id).where(
        EvalResponse.round_id == round_id, EvalResponse.respondent == key, EvalResponse.replaced_at.is_(None))))
    return [(tid, label, tid in done) for tid, label in targets_of(session, round_id)]


def answer(session: Session, round_id: int, code: str, target_id: int, verdict: str, scores: dict[int, int],
           comment: str = "", now: datetime | None = None) -> int:
    """One respondent's answer about one target, as sent by the tablet's form."""
    if verdict not in VERDICTS:
        raise ToolkitError(f"请选择总体评价（{'、'.join(VERDICTS)}）")
    if CONTROL.search(comment or ""):
        raise ToolkitError("意见建议含有不可见的控制字符，请删除后重新提交")
    if len(comment or "") > COMMENT_LIMIT:
        raise ToolkitError(f"意见建议过长（{len(comment)}字），请控制在{COMMENT_LIMIT}字以内")
    return submit(session, round_id, target_id, f"code:{code}", verdict, scores, comment, now or datetime.now())
