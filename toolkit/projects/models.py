"""Tables of the livelihood-project cycle around the vote: the call for proposals (征集), the
proposals and their supporters, screening into the reserve pool (筛选/储备库), and the chosen
projects under supervision (监督): milestones, dated progress updates, deputies' inspections."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import PROPOSAL_SOURCES, PROPOSAL_STATES, VOTE_LEVELS


class ProjectCall(Base):
    """A year's call for proposals (民生实事项目征集), open for a window of days."""

    __tablename__ = "project_call"
    __noun__ = "征集"   # fetch() refuses with 「征集（编号…）不存在」
    __table_args__ = (
        UniqueConstraint("name", name="uq_project_call_name"),
        CheckConstraint("closes_on >= opens_on", name="ck_project_call_window"),
        CheckConstraint(one_of("level", VOTE_LEVELS), name="ck_project_call_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))
    year: Mapped[int]
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(50))


class Proposal(Base):
    """A proposed project: who proposed it, where, its supporters, and the screening decision."""

    __tablename__ = "proposal"
    __noun__ = "项目建议"   # fetch() refuses with 「项目建议（编号…）不存在」
    __table_args__ = (
        CheckConstraint(one_of("source", PROPOSAL_SOURCES), name="ck_proposal_source"),
        CheckConstraint(one_of("state", PROPOSAL_STATES), name="ck_proposal_state"),
        CheckConstraint("(state = 'merged') = (merged_into_id IS NOT NULL)", name="ck_proposal_merged"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="ck_proposal_not_own_merge"),
        CheckConstraint("cost IS NULL OR cost >= 0", name="ck_proposal_cost"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("project_call.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    content: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))
    proposer: Mapped[str] = mapped_column(String(50))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    place: Mapped[str | None] = mapped_column(String(100))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("citizen_case.id"), unique=True)
    # A 代表建议 of the 民生实事 kind taken into the call (its cases are the citizens behind it).
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("suggestion.id", name="fk_proposal_suggestion"),
                                                      unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(12), default="proposed")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    # Screening (筛选): one verdict per criterion as JSON, the decision's reason, the estimate.
    criteria: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[float | None] = mapped_column(Numeric(14, 2))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    decided_by: Mapped[str | None] = mapped_column(String(50))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)


class ProposalSupport(Base):
    """A supporter (附议) of a proposal: a citizen by name or a deputy; merging moves them."""

    __tablename__ = "proposal_support"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"))
    at: Mapped[datetime] = mapped_column(DateTime)


class Project(Base):
    """A project the deputies chose, from its place on the ballot to completion."""

    __tablename__ = "project"
    __noun__ = "项目"   # fetch() refuses with 「项目（编号…）不存在」
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="ck_project_progress"),
        CheckConstraint("completed_on IS NULL OR progress = 100", name="ck_project_completed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("vote_candidate.id"), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    cost: Mapped[float | None] = mapped_column(Numeric(14, 2))
    year: Mapped[int]
    progress: Mapped[int] = mapped_column(default=0)
    due_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)


class ProjectMilestone(Base):
    """A planned step (节点) with its due date; done when reached."""

    __tablename__ = "project_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class ProjectUpdate(Base):
    """A dated progress report: the percentage, what happened, the captions of its photos."""

    __tablename__ = "project_update"
    __table_args__ = (CheckConstraint("progress BETWEEN 0 AND 100", name="ck_update_progress"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[date] = mapped_column(Date)
    progress: Mapped[int]
    note: Mapped[str] = mapped_column(Text)
    photos: Mapped[str | None] = mapped_column(Text)   # captions, one per line
    author: Mapped[str] = mapped_column(String(50))


class ProjectInspection(Base):
    """An inspection (视察) by deputies with their findings."""

    __tablename__ = "project_inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date)
    findings: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(50))


class ProjectInspector(Base):
    """A deputy who took part in an inspection."""

    __tablename__ = "project_inspector"
    __table_args__ = (UniqueConstraint("inspection_id", "deputy_id", name="uq_project_inspector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("project_inspection.id", ondelete="CASCADE"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"))
