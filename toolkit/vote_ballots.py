"""Ballots of an open vote: issuing them (with each deputy's phone code), casting one secretly,
entering paper ballots, and the box after the count.

The register (who) and the box (what) are written in one transaction but share no key: the box's
key is a random receipt. One ballot per deputy is the database's unique register row, claimed by
a single conditional UPDATE or INSERT, so two pages at once cannot both succeed."""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .access import require
from .audit import record
from .errors import NotFound, ToolkitError
from .models import Deputy, Seat
from .vote_models import Ballot, Vote, VoteCandidate, VoteRegister
from .vote_rules import ITEMISED, MARKS, VoteRules, read_ballot
from .votes import candidates, get_vote

# No 0/O or 1/I/L: codes are read off paper slips.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


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


def issue_ballots(session: Session, vote_id: int, deputy_ids: list[int], actor: str) -> dict[int, str]:
    """Hand ballots to the deputies present: each gets a personal code for the phone page."""
    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    _require_open(v)
    codes = {}
    for deputy_id in dict.fromkeys(deputy_ids):
        deputy = _member(session, v, deputy_id)
        if session.scalar(select(VoteRegister.id).where(VoteRegister.vote_id == vote_id,
                                                        VoteRegister.deputy_id == deputy_id)):
            raise ToolkitError(f"已向{deputy.name}发过选票")
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        session.add(VoteRegister(vote_id=vote_id, deputy_id=deputy_id, issued_at=datetime.now(), code=code))
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


def _drop_in_box(session: Session, vote_id: int, marks: dict[str, str], paper: bool = False) -> str:
    receipt = secrets.token_hex(6).upper()
    session.add(Ballot(receipt=receipt, vote_id=vote_id, paper=paper, marks=json.dumps(marks, ensure_ascii=False)))
    return receipt


def cast(session: Session, vote_id: int, deputy_id: int, marks: dict[str, str]) -> str:
    """One deputy's secret ballot at the kiosk; returns its receipt. A second one is refused."""
    v = get_vote(session, vote_id)
    require(session, "vote.cast", deputy_id=deputy_id, target=v.name)
    _require_open(v)
    deputy = _member(session, v, deputy_id)
    ballot = _check_marks(v, candidates(session, vote_id), marks)
    now = datetime.now()
    # Claim the register row: an issued, unused ballot is taken by one UPDATE; else a new row.
    taken = session.execute(update(VoteRegister).where(
        VoteRegister.vote_id == vote_id, VoteRegister.deputy_id == deputy_id, VoteRegister.voted_at.is_(None))
        .values(voted_at=now)).rowcount
    if not taken:
        try:
            with session.begin_nested():
                session.add(VoteRegister(vote_id=vote_id, deputy_id=deputy_id, issued_at=now, voted_at=now))
                session.flush()
        except IntegrityError:
            raise ToolkitError(f"{deputy.name}已经投过票，每名代表只能投一票") from None
    receipt = _drop_in_box(session, vote_id, ballot)
    session.flush()
    return receipt


def ballot_for_code(session: Session, code: str) -> dict:
    """What the phone page shows for a voting code: the vote, its form, its candidates."""
    row = session.execute(select(VoteRegister.vote_id, VoteRegister.voted_at)
                          .where(VoteRegister.code == (code or "").strip().upper())).first()
    if row is None:
        raise NotFound("投票码无效，请核对选票上的投票码")
    v = get_vote(session, row.vote_id)
    cands = session.execute(select(VoteCandidate.name, VoteCandidate.cost, VoteCandidate.department)
                            .where(VoteCandidate.vote_id == v.id).order_by(VoteCandidate.id)).all()
    return {"vote": v.name, "form": v.form, "seats": v.seats, "state": v.state, "voted": row.voted_at is not None,
            "candidates": [(n, float(c) if c is not None else None, d or "") for n, c, d in cands]}


def cast_with_code(session: Session, code: str, marks: dict[str, str]) -> str:
    """A ballot from the deputy's own phone page, by the personal code; the code works once."""
    row = session.execute(select(VoteRegister.vote_id, VoteRegister.deputy_id)
                          .where(VoteRegister.code == (code or "").strip().upper())).first()
    if row is None:
        raise NotFound("投票码无效，请核对选票上的投票码")
    v = get_vote(session, row.vote_id)
    require(session, "vote.cast_code", target=v.name)
    _require_open(v)
    ballot = _check_marks(v, candidates(session, v.id), marks)
    taken = session.execute(update(VoteRegister).where(
        VoteRegister.code == code.strip().upper(), VoteRegister.voted_at.is_(None)).values(voted_at=datetime.now())).rowcount
    if not taken:
        raise ToolkitError("该投票码已经投过票，每名代表只能投一票")
    receipt = _drop_in_box(session, v.id, ballot)
    session.flush()
    return receipt


def record_paper_ballots(session: Session, vote_id: int, ballots: list[dict[str, str]], issued: int, actor: str) -> int:
    """Enter the paper ballots of the session, all or nothing; every cell is checked first."""
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
    for b in ballots:
        _drop_in_box(session, vote_id, {name: (b.get(name) or "").strip() for name in names}, paper=True)
    v.paper_issued += issued
    session.flush()
    record(session, actor, "vote", vote_id, "paper", after={"录入张数": len(ballots), "发出张数": issued})
    return len(ballots)


def turnout(session: Session, vote_id: int) -> dict[str, int]:
    """Ballots issued (register and paper), returned (in the box), and deputies who have voted."""
    v = get_vote(session, vote_id)
    issued = session.scalar(select(func.count(VoteRegister.id)).where(VoteRegister.vote_id == vote_id))
    voted = session.scalar(select(func.count(VoteRegister.id)).where(VoteRegister.vote_id == vote_id,
                                                                    VoteRegister.voted_at.is_not(None)))
    returned = session.scalar(select(func.count()).select_from(Ballot).where(Ballot.vote_id == vote_id))
    return {"issued": issued + v.paper_issued, "returned": returned, "voted": voted, "paper_issued": v.paper_issued}


def box(session: Session, vote_id: int) -> list[tuple[str, dict]]:
    """Every ballot's receipt and marks, in receipt order."""
    return [(r, json.loads(m)) for r, m in session.execute(
        select(Ballot.receipt, Ballot.marks).where(Ballot.vote_id == vote_id).order_by(Ballot.receipt))]


def fingerprint(session: Session, vote_id: int) -> str:
    """SHA-256 over the sorted box (receipt and marks): printed with the result, checkable by anyone."""
    h = hashlib.sha256()
    for receipt, marks in session.execute(select(Ballot.receipt, Ballot.marks).where(Ballot.vote_id == vote_id)
                                          .order_by(Ballot.receipt)):
        h.update(f"{receipt}:{marks}\n".encode())
    return h.hexdigest()


def published_box(session: Session, vote_id: int) -> list[tuple[str, dict]]:
    """The box after the count, so a deputy can find their ballot by its receipt."""
    if get_vote(session, vote_id).state in ("draft", "open"):
        raise ToolkitError("计票后才公布票箱")
    return box(session, vote_id)


def find_receipt(session: Session, vote_id: int, receipt: str) -> dict | None:
    """A deputy checks their ballot in the published box."""
    published_box(session, vote_id)
    m = session.scalar(select(Ballot.marks).where(Ballot.vote_id == vote_id, Ballot.receipt == (receipt or "").strip().upper()))
    return json.loads(m) if m else None
