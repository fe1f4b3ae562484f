"""Ballots of an open vote: issuing them (with each deputy's phone code), casting one secretly,
entering paper ballots. What the box holds is read in `box`.

The secret ballot is kept by the database's layout, not by good manners: the register (who) and
the box (what) share no key, no time and no order. A ballot's key is its random receipt; the
register keeps only "voted", set by one statement that rewrites every register line of the vote
(so the voter's line does not stand out by its place or PostgreSQL transaction id); the box is
resealed in receipt order after every ballot (SQLite keeps it in receipt order by itself). Casts
of one vote queue on a lock. Codes are kept only as keyed hashes. One ballot per deputy: a cast
needs their issued, unused register line.
"""
from __future__ import annotations

import json
import secrets
from datetime import datetime

from sqlalchemy import func, insert, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.audit import record
from ..core.errors import NotFound, ToolkitError
from ..core.keys import code_hash
from ..core.principal import acting_name
from ..network.models import Deputy, Seat
from .vote_models import Ballot, Vote, VoteCandidate, VoteRegister
from .vote_rules import ITEMISED, MARKS, VoteRules, read_ballot
from .votes import candidates, get_vote

# No 0/O or 1/I/L: codes are read off paper slips.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VOTED = "该投票码已经投过票，每名代表只能投一票"
_LOCK_SPACE = 0x6C7A0000   # advisory-lock keys of votes (PostgreSQL), apart from anything else's


def new_code() -> str:
    """A fresh 8-letter code (31⁸ ≈ 8.5×10¹¹)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _member(session: Session, vote: Vote, deputy_id: int) -> Deputy:
    deputy = session.get(Deputy, deputy_id)
    if deputy is None:
        raise NotFound("找不到该代表")
    if not session.scalar(select(Seat.id).where(Seat.deputy_id == deputy_id, Seat.level == vote.level)):
        raise ToolkitError(f"{deputy.name}不是本次人代会的代表，不能投票")
    return deputy


def _require_open(vote: Vote) -> None:
    if vote.state != "open":
        raise ToolkitError("票决未在进行中，不能发票或投票")


def issue_ballots(session: Session, vote_id: int, deputy_ids: list[int]) -> dict[int, str]:
    """Hand ballots to the deputies present: each gets a personal code for the phone page."""
    actor = acting_name(session)
    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    _require_open(v)
    codes = {}
    for deputy_id in dict.fromkeys(deputy_ids):
        deputy = _member(session, v, deputy_id)
        if session.scalar(select(VoteRegister.id).where(VoteRegister.vote_id == vote_id,
                                                        VoteRegister.deputy_id == deputy_id)):
            raise ToolkitError(f"已向{deputy.name}发过选票")
        code = new_code()
        session.add(VoteRegister(vote_id=vote_id, deputy_id=deputy_id, issued_at=datetime.now(), code_hash=code_hash(code)))
        codes[deputy_id] = code
    session.flush()
    record(session, actor, "vote", vote_id, "issue", after={"发放张数": len(codes)})
    return codes


def _check_marks(v: Vote, names: list[str], marks: dict[str, str]) -> dict[str, str]:
    unknown = set(marks) - set(names)
    if unknown:
        raise ToolkitError(f"未知的候选项目：{'、'.join(sorted(unknown))}")
    allowed = set(ITEMISED) if v.form == "itemised" else MARKS | {""}
    for name, mark in marks.items():
        if not isinstance(mark, str) or mark not in allowed:
            raise ToolkitError(f"「{name}」的「{mark}」不是有效的选择")
    return {n: marks.get(n, "") for n in names}


def reissue_codes(session: Session, vote_id: int, only: list[int] | None = None) -> dict[int, str]:
    """New codes for the deputies issued a ballot who have not voted (or those in `only`): the
    database keeps no code to print again, so a lost slip is replaced and the old code stops working."""
    actor = acting_name(session)
    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    _require_open(v)
    q = select(VoteRegister).where(VoteRegister.vote_id == vote_id, VoteRegister.voted.is_(False))
    if only is not None:
        q = q.where(VoteRegister.deputy_id.in_(only))
    codes = {}
    for line in session.scalars(q.order_by(VoteRegister.id)):
        codes[line.deputy_id] = new_code()
        line.code_hash = code_hash(codes[line.deputy_id])
    session.flush()
    record(session, actor, "vote", vote_id, "reissue", after={"重新生成张数": len(codes)})
    return codes


def _lock(session: Session, vote_id: int) -> None:
    # Casts of one vote queue here (SQLite's writers queue anyway): the reseal rewrites the box.
    if session.bind.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_SPACE + vote_id)))


def _reseal(session: Session, vote_id: int) -> None:
    # PostgreSQL: rows inserted one by one keep their order (ctid) and transaction ids (xmin);
    # rewritten together in receipt order they share both. SQLite: no rowid, key order already.
    if session.bind.dialect.name == "postgresql":
        session.execute(text("SELECT ballot_box_reseal(:v)"), {"v": vote_id})


def _drop_in_box(session: Session, vote_id: int, marks: dict[str, str], paper: bool = False) -> str:
    receipt = secrets.token_hex(6).upper()
    session.execute(insert(Ballot.__table__).values(receipt=receipt, vote_id=vote_id, paper=paper,
                                                    marks=json.dumps(marks, ensure_ascii=False)))
    return receipt


def _take_ballot(session: Session, v: Vote, line_id: int, marks: dict[str, str], refusal: str) -> str:
    """Mark the register line used and put the ballot in the box, sharing nothing between them."""
    _lock(session, v.id)
    if session.scalar(select(VoteRegister.voted).where(VoteRegister.id == line_id)):
        raise ToolkitError(refusal)
    session.execute(update(VoteRegister).where(VoteRegister.vote_id == v.id)
                    .values(voted=or_(VoteRegister.voted, VoteRegister.id == line_id))
                    .execution_options(synchronize_session=False))
    receipt = _drop_in_box(session, v.id, marks)
    _reseal(session, v.id)
    return receipt


def cast(session: Session, vote_id: int, deputy_id: int, marks: dict[str, str]) -> str:
    """One deputy's secret ballot at the kiosk; returns its receipt. Only an issued, unused ballot counts."""
    v = get_vote(session, vote_id)
    require(session, "vote.cast", deputy_id=deputy_id, target=v.name)
    _require_open(v)
    deputy = _member(session, v, deputy_id)
    ballot = _check_marks(v, candidates(session, vote_id), marks)
    line_id = session.scalar(select(VoteRegister.id).where(VoteRegister.vote_id == vote_id,
                                                           VoteRegister.deputy_id == deputy_id))
    if line_id is None:
        raise ToolkitError(f"尚未向{deputy.name}发放选票，请先在发票处登记出席并发票")
    return _take_ballot(session, v, line_id, ballot, f"{deputy.name}已经投过票，每名代表只能投一票")


def _line_for_code(session: Session, code: str):
    if session.bind.dialect.name == "postgresql":
        # The public account reads no code hash (one read is one replayable code): the database looks.
        row = session.execute(text("SELECT line_id AS id, vote_id, voted FROM public_ballot_line(:h)"),
                              {"h": code_hash(code)}).first()
    else:
        row = session.execute(select(VoteRegister.id, VoteRegister.vote_id, VoteRegister.voted)
                              .where(VoteRegister.code_hash == code_hash(code))).first()
    if row is None or row.id is None:
        raise NotFound("投票码无效，请核对选票上的投票码")
    return row


def ballot_for_code(session: Session, code: str) -> dict:
    """What the phone page shows for a voting code: the vote, its form, its candidates."""
    row = _line_for_code(session, code)
    v = get_vote(session, row.vote_id)
    cands = session.execute(select(VoteCandidate.name, VoteCandidate.cost, VoteCandidate.department)
                            .where(VoteCandidate.vote_id == v.id).order_by(VoteCandidate.id)).all()
    return {"vote": v.name, "form": v.form, "seats": v.seats, "state": v.state, "voted": bool(row.voted),
            "candidates": [(n, float(c) if c is not None else None, d or "") for n, c, d in cands]}


def cast_with_code(session: Session, code: str, marks: dict[str, str]) -> str:
    """A ballot from the deputy's own phone page, by the personal code; the code works once."""
    row = _line_for_code(session, code)
    v = get_vote(session, row.vote_id)
    require(session, "vote.cast_code", target=v.name)
    _require_open(v)
    ballot = _check_marks(v, candidates(session, v.id), marks)
    if session.bind.dialect.name == "postgresql":
        return _cast_in_database(session, code, ballot)
    return _take_ballot(session, v, row.id, ballot, VOTED)


def _cast_in_database(session: Session, code: str, ballot: dict[str, str]) -> str:
    """The ballot into the box by the checking function (migration 0020): the public account may
    neither mark a register line nor add to the box itself. It checks again what was checked here;
    a code spent meanwhile by a second tab is the one refusal a person can meet."""
    try:
        with session.begin_nested():
            return session.scalar(text("SELECT public_cast_ballot(:h, :m)"),
                                  {"h": code_hash(code), "m": json.dumps(ballot, ensure_ascii=False)})
    except DBAPIError as e:
        if "this code has voted" in str(e.orig):
            raise ToolkitError(VOTED) from None
        raise ToolkitError("投票未能完成，请刷新后重试；如仍不成功，请到投票处请工作人员协助") from None


def record_paper_ballots(session: Session, vote_id: int, ballots: list[dict[str, str]], issued: int) -> int:
    """Enter the paper ballots of the session, all or nothing; every cell is checked first."""
    actor = acting_name(session)
    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    _require_open(v)
    if not isinstance(issued, int) or issued < 0:
        raise ToolkitError("发出的纸质选票张数应为非负整数")
    if not ballots:
        raise ToolkitError("没有选票可录入")
    names = candidates(session, vote_id)
    rules = VoteRules(seats=v.seats, electorate=v.electorate, form=v.form, threshold=v.threshold)
    for n, b in enumerate(ballots, start=1):
        read_ballot(b, names, rules, f"第{n}张票")  # refuses an unknown column or a wrong mark
    _lock(session, vote_id)
    for b in ballots:
        _drop_in_box(session, vote_id, {name: (b.get(name) or "").strip() for name in names}, paper=True)
    _reseal(session, vote_id)
    v.paper_issued += issued
    session.flush()
    record(session, actor, "vote", vote_id, "paper", after={"录入张数": len(ballots), "发出张数": issued})
    return len(ballots)
