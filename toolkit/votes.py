"""Services of a project vote: set up, open (frozen), cast one secret ballot, close and count."""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import NotFound, ToolkitError
from .models import Deputy, Seat
from .vote_models import Ballot, Vote, VoteCandidate, VoteRegister
from .vote_rules import ITEMISED, MARKS, VoteRules, count

STATES = {"draft": "筹备中", "open": "投票中", "closed": "已计票", "void": "无效"}


def create_vote(session: Session, name: str, level: str, seats: int, electorate: int, actor: str,
                form: str = "itemised", threshold: str = "all") -> int:
    """Set up a vote; candidates are added before it opens."""
    VoteRules(seats=max(seats, 1), electorate=electorate, form=form, threshold=threshold).check(["占位"] * max(seats, 1))
    if not (name or "").strip():
        raise ToolkitError("请填写票决名称")
    if level not in ("county", "township"):
        raise ToolkitError("票决在县、乡人代会进行：层级应为 county 或 township")
    v = Vote(name=name.strip(), level=level, seats=seats, electorate=electorate, form=form,
             threshold=threshold, created_by=actor)
    session.add(v)
    session.flush()
    return v.id


def get_vote(session: Session, vote_id: int) -> Vote:
    """The vote or NotFound."""
    v = session.get(Vote, vote_id)
    if v is None:
        raise NotFound(f"票决（编号{vote_id}）不存在")
    return v


def add_candidate(session: Session, vote_id: int, name: str, cost: float | None = None,
                  department: str | None = None) -> int:
    """Put a shortlisted project on the ballot (only before the vote opens)."""
    v = get_vote(session, vote_id)
    if v.state != "draft":
        raise ToolkitError("票决已开始，候选项目和规则已锁定")
    if not (name or "").strip():
        raise ToolkitError("请填写候选项目名称")
    c = VoteCandidate(vote_id=vote_id, name=name.strip(), cost=cost, department=department)
    try:
        with session.begin_nested():
            session.add(c)
            session.flush()
    except IntegrityError:
        raise ToolkitError(f"已有候选项目「{name.strip()}」") from None
    return c.id


def candidates(session: Session, vote_id: int) -> list[str]:
    """Candidate names in ballot order."""
    return list(session.scalars(select(VoteCandidate.name).where(VoteCandidate.vote_id == vote_id)
                                .order_by(VoteCandidate.id)))


def open_vote(session: Session, vote_id: int) -> None:
    """Open the vote: from now on its candidates and rules are frozen."""
    v = get_vote(session, vote_id)
    if v.state != "draft":
        raise ToolkitError(f"票决状态为「{STATES[v.state]}」，不能开始")
    names = candidates(session, vote_id)
    VoteRules(seats=v.seats, electorate=v.electorate, form=v.form, threshold=v.threshold).check(names)
    v.state, v.opened_at = "open", datetime.now()
    session.flush()


def cast(session: Session, vote_id: int, deputy_id: int, marks: dict[str, str]) -> str:
    """One deputy's secret ballot; returns its receipt. A second ballot is refused by the database."""
    v = get_vote(session, vote_id)
    if v.state != "open":
        raise ToolkitError("票决未在进行中，不能投票")
    deputy = session.get(Deputy, deputy_id)
    if deputy is None:
        raise NotFound("找不到该代表")
    if not session.scalar(select(Seat.id).where(Seat.deputy_id == deputy_id, Seat.level == v.level)):
        raise ToolkitError(f"{deputy.name}不是本次人代会的代表，不能投票")
    names = candidates(session, vote_id)
    unknown = set(marks) - set(names)
    if unknown:
        raise ToolkitError(f"未知的候选项目：{'、'.join(sorted(unknown))}")
    allowed = set(ITEMISED) if v.form == "itemised" else MARKS | {""}
    for name, mark in marks.items():
        if mark not in allowed:
            raise ToolkitError(f"「{name}」的「{mark}」不是有效的选择")
    receipt = secrets.token_hex(6).upper()
    try:
        with session.begin_nested():
            session.add(VoteRegister(vote_id=vote_id, deputy_id=deputy_id, voted_at=datetime.now()))
            session.flush()
    except IntegrityError:
        raise ToolkitError(f"{deputy.name}已经投过票，每名代表只能投一票") from None
    session.add(Ballot(receipt=receipt, vote_id=vote_id,
                       marks=json.dumps({n: marks.get(n, "") for n in names}, ensure_ascii=False)))
    session.flush()
    return receipt


def fingerprint(session: Session, vote_id: int) -> str:
    """SHA-256 over the sorted box (receipt and marks): printed with the result, checkable by anyone."""
    h = hashlib.sha256()
    for receipt, marks in session.execute(select(Ballot.receipt, Ballot.marks).where(Ballot.vote_id == vote_id)
                                          .order_by(Ballot.receipt)):
        h.update(f"{receipt}:{marks}\n".encode())
    return h.hexdigest()


def close_and_count(session: Session, vote_id: int, present: int | None = None) -> dict:
    """Close the vote and count the box; a void vote is recorded as void with its reason."""
    v = get_vote(session, vote_id)
    if v.state != "open":
        raise ToolkitError(f"票决状态为「{STATES[v.state]}」，不能计票")
    names = candidates(session, vote_id)
    ballots = [json.loads(m) for m in session.scalars(select(Ballot.marks).where(Ballot.vote_id == vote_id))]
    issued = session.scalar(select(func.count(VoteRegister.id)).where(VoteRegister.vote_id == vote_id))
    rules = VoteRules(seats=v.seats, electorate=v.electorate, present=present, issued=issued, form=v.form,
                      threshold=v.threshold)
    result = count(ballots, names, rules).as_json()
    v.present, v.closed_at = present, datetime.now()
    v.state = "void" if result["void"] else "closed"
    v.result, v.fingerprint = json.dumps(result, ensure_ascii=False), fingerprint(session, vote_id)
    session.flush()
    return result


def published_box(session: Session, vote_id: int) -> list[tuple[str, dict]]:
    """The box after the count: every receipt with its marks, so a deputy can find their ballot."""
    if get_vote(session, vote_id).state == "open":
        raise ToolkitError("计票后才公布票箱")
    return [(r, json.loads(m)) for r, m in session.execute(
        select(Ballot.receipt, Ballot.marks).where(Ballot.vote_id == vote_id).order_by(Ballot.receipt))]


def list_votes(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, state) of every vote, newest first."""
    return [tuple(r) for r in session.execute(select(Vote.id, Vote.name, Vote.state).order_by(Vote.id.desc()))]
