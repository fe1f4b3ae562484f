"""满意度测评机: what the station tablet shows one respondent — the round, what a code may still
rate, the 1–5 items — and the answer it takes (evaluations.services.submit checks every rule)."""
from __future__ import annotations

import json
import re
from datetime import datetime

import psycopg
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..cases.services import CONTROL
from ..core.access import require
from ..core.collation import pinyin_key
from ..core.errors import NotFound, ToolkitError
from ..core.keys import code_hash
from .models import EvalResponse, EvalTarget
from .rules import VERDICTS
from .services import check_open, get_round, items_of, respondent_key, submit, targets_of

COMMENT_LIMIT = 1000


def kiosk_round(session: Session, round_id: int, now: datetime | None = None) -> dict:
    """The round's name and items; refused (with why) when it is closed or out of its dates."""
    r = get_round(session, round_id)
    check_open(r, now or datetime.now())
    return {"name": r.name, "items": items_of(session, round_id), "with_comment": r.with_comment}


def _on_postgresql(session: Session) -> bool:
    # There the public account reads no code hash and writes no answer itself: the checking
    # functions of migration 0020 do both (a hash read is a code that can be replayed).
    return session.bind.dialect.name == "postgresql"


# The place a unit's name starts with (铜官区民政局 → 铜官区; 市住建局 → 市): the tablet groups by it.
PLACE = re.compile(r"^(.{0,6}?[省市区县旗])")
ELSEWHERE = "其他"


def place_of(label: str) -> str:
    found = PLACE.match(label)
    return found.group(1) if found else ELSEWHERE


def reading_order(targets: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """(id, label, place) as people read a list of units: by place, then name, both in pinyin
    order (units named by no place last)."""
    placed = [(tid, label, place_of(label)) for tid, label in targets]
    return sorted(placed, key=lambda t: (t[2] == ELSEWHERE, pinyin_key(t[2]), pinyin_key(t[1])))


def targets_for_code(session: Session, round_id: int, code: str) -> list[tuple[int, str, bool, str]]:
    """(id, label, already rated with this code, place) of each target in reading order; an
    unknown code is refused."""
    r = get_round(session, round_id)
    if _on_postgresql(session) and r.rater_kind in ("citizens", "committee"):
        require(session, "eval.submit", target=r.name)
        rated = session.scalar(select(func.public_kiosk_rated(round_id, code_hash(code))))
        if rated is None:
            raise ToolkitError("测评码无效，请核对后重新输入")
        done = set(rated)
    else:
        key = respondent_key(session, r, f"code:{code}")
        done = set(session.scalars(select(EvalResponse.target_id).where(
            EvalResponse.round_id == round_id, EvalResponse.respondent == key, EvalResponse.replaced_at.is_(None))))
    return [(tid, label, tid in done, place) for tid, label, place in reading_order(targets_of(session, round_id))]


def next_target(targets: list[tuple[int, str, bool, str]], after: int | None = None) -> tuple[int, str] | None:
    """The first target not yet rated, in reading order, after `after` (skipped ones stay skipped)."""
    ids = [t[0] for t in targets]
    start = ids.index(after) + 1 if after in ids else 0
    return next(((tid, label) for tid, label, rated, _ in targets[start:] if not rated), None)


def answer(session: Session, round_id: int, code: str, target_id: int, verdict: str, scores: dict[int, int],
           comment: str = "", now: datetime | None = None) -> int:
    """One respondent's answer about one target, as sent by the tablet's form."""
    if verdict not in VERDICTS:
        raise ToolkitError(f"请选择总体评价（{'、'.join(VERDICTS)}）")
    if CONTROL.search(comment or ""):
        raise ToolkitError("意见建议含有不可见的控制字符，请删除后重新提交")
    if len(comment or "") > COMMENT_LIMIT:
        raise ToolkitError(f"意见建议过长（{len(comment)}字），请控制在{COMMENT_LIMIT}字以内")
    if _on_postgresql(session):
        return _answer_in_database(session, round_id, code, target_id, verdict, scores, comment, now or datetime.now())
    return submit(session, round_id, target_id, f"code:{code}", verdict, scores, comment, now or datetime.now())


def _answer_in_database(session: Session, round_id: int, code: str, target_id: int, verdict: str,
                        scores: dict[int, int], comment: str, now: datetime) -> int:
    r = get_round(session, round_id)
    check_open(r, now)
    require(session, "eval.submit", target=r.name)
    label = session.scalar(select(EvalTarget.label).where(EvalTarget.id == target_id, EvalTarget.round_id == round_id))
    if label is None:
        raise NotFound("测评对象不属于本次测评")
    if not all(isinstance(s, int) and 1 <= s <= 5 for s in scores.values()):
        raise ToolkitError("评分应为1到5分")
    try:
        with session.begin_nested():
            return session.scalar(select(func.public_kiosk_answer(
                round_id, target_id, code_hash(code), verdict, json.dumps({str(k): v for k, v in scores.items()}),
                comment or "", now)))
    except DBAPIError as e:
        if isinstance(e.orig, psycopg.errors.UniqueViolation):
            raise ToolkitError(f"已对「{label}」作出评价，同一对象只能评价一次") from None
        if isinstance(e.orig, psycopg.errors.InsufficientPrivilege):
            raise ToolkitError("测评码无效，请核对后重新输入") from None
        raise ToolkitError("评价未能提交，请核对后重试") from None
