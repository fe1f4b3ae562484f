"""Services of evaluation rounds: set up, hand out codes, take responses once, correct, close."""
from __future__ import annotations

import secrets
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..cases.services import act
from ..core.access import on_behalf_of_system, require
from ..core.errors import FieldError, NotFound, ToolkitError, ValidationFailed
from ..core.glossary import EVAL_RATER_KINDS, EVAL_TARGET_KINDS
from ..core.keys import code_hash
from ..core.principal import acting_name, named
from ..core.records import fetch
from ..network.models import Department, Deputy, Seat
from ..network.station_index import StationIndex
from .models import EvalCode, EvalItem, EvalResponse, EvalRound, EvalScore, EvalTarget
from .rules import VERDICTS, Formula

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read off paper


def create_round(session: Session, name: str, target_kind: str, rater_kind: str, opens_on: date,
                 closes_on: date, items: list[str] = (), numerator: str = "both",
                 denominator: str = "responses", members: int | None = None, rater_level: str | None = None,
                 rater_station_id: int | None = None, unsatisfied_limit: str = "1/3",
                 satisfied_floor: str | None = None, with_comment: bool = True) -> int:
    """Set up a round with its questionnaire (the overall verdict is always there)."""
    actor = acting_name(session)
    errors = []
    if not (name or "").strip():
        errors.append(FieldError("测评名称", "必填"))
    if target_kind not in EVAL_TARGET_KINDS:
        errors.append(FieldError("测评对象类型", "请选择测评对象类型"))
    if rater_kind not in EVAL_RATER_KINDS:
        errors.append(FieldError("参评人", "请选择参评人"))
    if not isinstance(opens_on, date) or not isinstance(closes_on, date) or closes_on < opens_on:
        errors.append(FieldError("测评时间", "结束日期不能早于开始日期"))
    if rater_kind == "committee" and not (isinstance(members, int) and members > 0):
        errors.append(FieldError("组成人员总数", "常委会测评须填写组成人员总数"))
    labels = [i.strip() for i in items if i and i.strip()]
    if len(set(labels)) != len(labels):
        errors.append(FieldError("评分项", "评分项有重复"))
    for text in (unsatisfied_limit, satisfied_floor):
        try:
            if text is not None and not 0 <= Fraction(text) <= 1:
                raise ValueError
        except (ValueError, ZeroDivisionError):
            errors.append(FieldError("整改线", f"「{text}」应为0到1之间的数，如 1/3 或 0.8"))
    try:
        Formula(numerator, denominator)
    except ValueError as e:
        errors.append(FieldError("满意率口径", str(e)))
    if errors:
        raise ValidationFailed(errors)
    require(session, "eval.manage", station_id=rater_station_id, target=name)
    r = EvalRound(name=name.strip(), target_kind=target_kind, rater_kind=rater_kind, opens_on=opens_on,
                  closes_on=closes_on, numerator=numerator, denominator=denominator, members=members,
                  rater_level=rater_level, rater_station_id=rater_station_id, unsatisfied_limit=unsatisfied_limit,
                  satisfied_floor=satisfied_floor, with_comment=with_comment, created_by=actor)
    session.add(r)
    session.flush()
    session.add_all(EvalItem(round_id=r.id, position=i, label=label) for i, label in enumerate(labels, start=1))
    session.flush()
    return r.id


def get_round(session: Session, round_id: int) -> EvalRound:
    """The round or NotFound."""
    return fetch(session, EvalRound, round_id)


def add_target(session: Session, round_id: int, label: str, department_id: int | None = None,
               case_id: int | None = None, deputy_id: int | None = None, project_id: int | None = None) -> int:
    """Add something to rate; a closed round takes no new targets."""
    r = get_round(session, round_id)
    require(session, "eval.manage", station_id=r.rater_station_id, target=r.name)
    if r.closed_at:
        raise ToolkitError("测评已结束，不能再增加测评对象")
    if not (label or "").strip():
        raise ValidationFailed([FieldError("测评对象", "必填")])
    if session.scalar(select(EvalTarget.id).where(EvalTarget.round_id == round_id, EvalTarget.label == label.strip())):
        raise ValidationFailed([FieldError("测评对象", f"已有「{label.strip()}」")])
    t = EvalTarget(round_id=round_id, label=label.strip(), department_id=department_id, case_id=case_id,
                   deputy_id=deputy_id, project_id=project_id)
    session.add(t)
    session.flush()
    return t.id


def add_department_targets(session: Session, round_id: int) -> int:
    """Every active department of the directory as a target (the 一测评 of 双领双督一测评)."""
    have = set(session.scalars(select(EvalTarget.department_id).where(EvalTarget.round_id == round_id)))
    n = 0
    for did, name in session.execute(select(Department.id, Department.name).where(Department.active.is_(True))
                                     .order_by(Department.name)):
        if did not in have:
            add_target(session, round_id, name, department_id=did)
            n += 1
    return n


def issue_codes(session: Session, round_id: int, count: int) -> list[str]:
    """One-time codes for citizens who rate anonymously (printed on slips)."""
    r = get_round(session, round_id)
    require(session, "eval.manage", station_id=r.rater_station_id, target=r.name)
    if r.rater_kind not in ("citizens", "committee"):
        raise ToolkitError("代表以本人身份测评，不需要测评码")
    if not 1 <= count <= 5000:
        raise ToolkitError("一次可生成1到5000个测评码")
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(8)) for _ in range(count)]
    session.add_all(EvalCode(round_id=round_id, code_hash=code_hash(c)) for c in codes)
    session.flush()
    return codes


def check_open(r: EvalRound, now: datetime) -> None:
    if r.closed_at:
        raise ToolkitError("本次测评已结束，不再接受评价")
    if not r.opens_on <= now.date() <= r.closes_on:
        raise ToolkitError(f"本次测评的时间为{r.opens_on}至{r.closes_on}，当前不在测评时间内")


def respondent_key(session: Session, r: EvalRound, who: str) -> str:
    """Check who may rate in this round; returns the stored respondent key."""
    kind, _, value = (who or "").partition(":")
    if r.rater_kind in ("citizens", "committee"):  # anonymous: a one-time code (a secret ballot)
        hashed = code_hash(value)
        require(session, "eval.submit", target=r.name)
        if kind != "code" or not session.scalar(select(EvalCode.id).where(EvalCode.round_id == r.id, EvalCode.code_hash == hashed)):
            raise ToolkitError("测评码无效，请核对后重新输入")
        return f"code:{hashed}"
    if kind != "deputy" or not value.isdigit():
        raise ToolkitError("请以代表身份参加测评")
    deputy = session.get(Deputy, int(value))
    if deputy is None:
        raise NotFound("找不到该代表")
    require(session, "eval.submit_as_deputy", station_id=deputy.station_id, deputy_id=deputy.id, target=r.name)
    if r.rater_level and not session.scalar(select(Seat.id).where(Seat.deputy_id == deputy.id, Seat.level == r.rater_level)):
        raise ToolkitError(f"{deputy.name}不在本次测评的参评代表范围内（层级）")
    if r.rater_station_id and deputy.station_id not in StationIndex.load(session).subtree(r.rater_station_id):
        raise ToolkitError(f"{deputy.name}不在本次测评的参评代表范围内（站点）")
    return f"deputy:{deputy.id}"


def submit(session: Session, round_id: int, target_id: int, who: str, verdict: str,
           scores: dict[int, int] | None = None, comment: str = "", now: datetime | None = None,
           replaces: EvalResponse | None = None) -> int:
    """Take one response; a second one from the same respondent for the same target is refused."""
    now = now or datetime.now()
    r = get_round(session, round_id)
    check_open(r, now)
    target = session.get(EvalTarget, target_id)
    if target is None or target.round_id != round_id:
        raise NotFound("测评对象不属于本次测评")
    # A correction keeps the stored respondent (a code is stored only as its hash).
    key = replaces.respondent if replaces is not None else respondent_key(session, r, who)
    if verdict not in VERDICTS:
        raise ValidationFailed([FieldError("总体评价", f"应为{'、'.join(VERDICTS)}之一")])
    items = set(session.scalars(select(EvalItem.id).where(EvalItem.round_id == round_id)))
    for item_id, score in (scores or {}).items():
        if item_id not in items:
            raise ValidationFailed([FieldError("评分项", "评分项不属于本次测评")])
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise ValidationFailed([FieldError("评分项", "评分应为1到5分")])
    text = (comment or "").strip()[:1000] if r.with_comment else ""
    response = EvalResponse(round_id=round_id, target_id=target_id, respondent=key, verdict=verdict,
                            comment=text or None, submitted_at=now, replaces_id=replaces.id if replaces else None)
    try:
        with session.begin_nested():  # the unique index decides, also for two submissions at once
            session.add(response)
            session.flush()
    except IntegrityError:
        raise ToolkitError(f"已对「{target.label}」作出评价，同一对象只能评价一次") from None
    session.add_all(EvalScore(response_id=response.id, item_id=i, score=s) for i, s in (scores or {}).items())
    session.flush()
    if target.case_id and verdict != "弃权":
        _hand_to_case(session, target.case_id, verdict, key, now)
    return response.id


def _hand_to_case(session: Session, case_id: int, verdict: str, who: str, now: datetime) -> None:
    """A single case rated here is rated in its own workflow too; 不满意 sends it to 二次办理."""
    case = session.get(Case, case_id)
    if case is not None and case.state == "answered":
        with on_behalf_of_system(session), named(session, f"满意度测评（{who.split(':')[0]}）"):
            act(session, case_id, "evaluate", rating=verdict, at=now)


def correct(session: Session, response_id: int, verdict: str, scores: dict[int, int] | None = None,
            comment: str = "", now: datetime | None = None) -> int:
    """A correction: a new response replaces the old one; both stay for audit."""
    now = now or datetime.now()
    old = session.get(EvalResponse, response_id)
    if old is None or old.replaced_at is not None:
        raise ToolkitError("只能更正当前有效的评价")
    r = get_round(session, old.round_id)
    require(session, "eval.manage", station_id=r.rater_station_id, target=r.name)
    check_open(r, now)
    old.replaced_at = now
    session.flush()
    prefix, _, value = old.respondent.partition(":")
    return submit(session, old.round_id, old.target_id, f"{prefix}:{value}", verdict, scores, comment, now, old)


def close_round(session: Session, round_id: int) -> None:
    """Close a round: from now on it accepts nothing more."""
    r = get_round(session, round_id)
    require(session, "eval.manage", station_id=r.rater_station_id, target=r.name)
    if r.closed_at:
        raise ToolkitError(f"测评已于{r.closed_at:%Y-%m-%d %H:%M}结束")
    r.closed_at = datetime.now()
    session.flush()


def list_rounds(session: Session) -> list[tuple[int, str, bool]]:
    """(id, name, closed) of every round, newest first."""
    return [(i, n, c is not None) for i, n, c in session.execute(
        select(EvalRound.id, EvalRound.name, EvalRound.closed_at).order_by(EvalRound.id.desc()))]


def targets_of(session: Session, round_id: int) -> list[tuple[int, str]]:
    """(id, label) of a round's targets, in the order they were added."""
    return [tuple(r) for r in session.execute(select(EvalTarget.id, EvalTarget.label)
                                              .where(EvalTarget.round_id == round_id).order_by(EvalTarget.id))]


def items_of(session: Session, round_id: int) -> list[tuple[int, str]]:
    """(id, label) of a round's 1–5 items, in questionnaire order."""
    return [tuple(r) for r in session.execute(select(EvalItem.id, EvalItem.label)
                                              .where(EvalItem.round_id == round_id).order_by(EvalItem.position))]
