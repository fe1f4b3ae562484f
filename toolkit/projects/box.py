"""Reading the ballot box of a vote: turnout, the ballots for the count, and what is published after
it (two sorted lists and their fingerprint). Voting (`ballots`) and counting (`votes`) both read it;
it imports neither."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..core.records import fetch
from .vote_models import Ballot, Vote, VoteRegister


def turnout(session: Session, vote_id: int) -> dict[str, int]:
    """Ballots issued (register and paper), returned (in the box), and deputies who have voted."""
    v = fetch(session, Vote, vote_id)
    issued = session.scalar(select(func.count(VoteRegister.id)).where(VoteRegister.vote_id == vote_id))
    voted = session.scalar(select(func.count(VoteRegister.id)).where(VoteRegister.vote_id == vote_id,
                                                                    VoteRegister.voted.is_(True)))
    returned = session.scalar(select(func.count()).select_from(Ballot).where(Ballot.vote_id == vote_id))
    return {"issued": issued + v.paper_issued, "returned": returned, "voted": voted, "paper_issued": v.paper_issued}


def box(session: Session, vote_id: int) -> list[tuple[str, dict]]:
    """Every ballot's receipt and marks, in receipt order (for the count; never published as pairs)."""
    return [(r, json.loads(m)) for r, m in session.execute(
        select(Ballot.receipt, Ballot.marks).where(Ballot.vote_id == vote_id).order_by(Ballot.receipt))]


def _sorted_lists(session: Session, vote_id: int) -> tuple[list[str], list[str]]:
    rows = session.execute(select(Ballot.receipt, Ballot.marks).where(Ballot.vote_id == vote_id)).all()
    return sorted(r for r, _ in rows), sorted(m for _, m in rows)


def fingerprint(session: Session, vote_id: int) -> str:
    """SHA-256 over the published lists (the sorted receipts, then the sorted ballots): printed with
    the result, checkable by anyone who has the lists."""
    receipts, ballots = _sorted_lists(session, vote_id)
    h = hashlib.sha256()
    for receipt in receipts:
        h.update(f"R:{receipt}\n".encode())
    for marks in ballots:
        h.update(f"B:{marks}\n".encode())
    return h.hexdigest()


def published_box(session: Session, vote_id: int) -> tuple[list[str], list[dict]]:
    """What is published after the count: the receipts as one sorted list and the ballots as
    another, so each deputy can check that their ballot was counted, but no receipt points at a
    ballot: nobody can prove to anyone else what they voted."""
    if fetch(session, Vote, vote_id).state in ("draft", "open"):
        raise ToolkitError("计票后才公布票箱")
    receipts, ballots = _sorted_lists(session, vote_id)
    return receipts, [json.loads(m) for m in ballots]


def find_receipt(session: Session, vote_id: int, receipt: str) -> bool:
    """A deputy checks that their ballot was counted (the receipt is in the box); not what it said."""
    receipts, _ = published_box(session, vote_id)
    return (receipt or "").strip().upper() in receipts
