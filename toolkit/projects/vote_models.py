"""Tables of a project vote: the vote, its candidates, who has voted, and the ballot box.

The register (who voted) and the box (what was voted) share no key, no time and no order: a
ballot's key is its random receipt; the register keeps only "voted", not when; the box has no
rowid on SQLite and is resealed in receipt order after every ballot (toolkit/vote_box.py), so its
physical order and PostgreSQL's transaction ids say nothing about who cast what, or when.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import VOTE_FORMS, VOTE_STATES, VOTE_THRESHOLDS


class Vote(Base):
    """A 票决 at a congress session, under its counting rules."""

    __tablename__ = "vote"
    __noun__ = "票决"   # fetch() refuses with 「票决（编号…）不存在」
    __table_args__ = (
        CheckConstraint(one_of("form", VOTE_FORMS), name="ck_vote_form"),
        CheckConstraint(one_of("threshold", VOTE_THRESHOLDS), name="ck_vote_threshold"),
        CheckConstraint(one_of("state", VOTE_STATES), name="ck_vote_state"),
        CheckConstraint("seats > 0 AND electorate > 0", name="ck_vote_numbers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))        # the congress: county or township deputies
    form: Mapped[str] = mapped_column(String(10), default="itemised")
    threshold: Mapped[str] = mapped_column(String(10), default="all")
    seats: Mapped[int]
    electorate: Mapped[int]
    present: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(10), default="draft")
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    result: Mapped[str | None] = mapped_column(Text)       # the count as JSON
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(50))
    # 等额 (as many candidates as places) must be chosen, never drift in by accident.
    uncontested: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # A 另行表决 among tied candidates points at the vote it settles.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id", name="fk_vote_parent"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("project_call.id", name="fk_vote_call"))
    budget: Mapped[float | None] = mapped_column(Numeric(14, 2))
    # Paper ballots handed out at the session (the electronic ones are the register's rows).
    paper_issued: Mapped[int] = mapped_column(default=0, server_default="0")


class VoteCandidate(Base):
    """A shortlisted project on the ballot."""

    __tablename__ = "vote_candidate"
    __table_args__ = (UniqueConstraint("vote_id", "name", name="uq_vote_candidate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    cost: Mapped[float | None] = mapped_column(Numeric(14, 2))
    department: Mapped[str | None] = mapped_column(String(100))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", name="fk_candidate_proposal"))


class VoteRegister(Base):
    """Who was issued a ballot and whether they have voted (not how, not when): one row per deputy
    per vote. The deputy's personal voting code is kept only as a keyed hash (toolkit.core.keys)."""

    __tablename__ = "vote_register"
    __table_args__ = (UniqueConstraint("vote_id", "deputy_id", name="uq_vote_register"),
                      UniqueConstraint("code_hash", name="uq_vote_register_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"))
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime)
    code_hash: Mapped[str | None] = mapped_column(String(32))
    voted: Mapped[bool] = mapped_column(default=False, server_default=sa_false())


class Ballot(Base):
    """One ballot in the box: its receipt and its marks, nothing about the voter."""

    __tablename__ = "ballot_box"
    __table_args__ = {"sqlite_with_rowid": False}   # no insertion order to read back: rows sit in receipt order
    __audit__ = False  # an audit row beside the voter's register row would undo the secret ballot

    receipt: Mapped[str] = mapped_column(String(16), primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    marks: Mapped[str] = mapped_column(Text)  # JSON: candidate -> 赞成/反对/弃权 or √
    paper: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
