"""The tables of 代表建议: a suggestion with its 领衔代表, 附议代表, 主办 and 协办 units, the answer
and its class, the deputy's opinion, the promise and its keeping, and the opinion cases it grew from.

The order of its dates and the values of its classes are the database's rules (CHECK constraints):
a 交办 not before the 提出, an answer not before the 交办, a class and an opinion only on an answer,
a promise only on a B answer, a second round only after a 不满意. Each step is on the suggestion's
timeline (SuggestionEvent); the citizens' cases it grew from are linked (SuggestionCase), and each
citizen's word on whether it was done (已落实 / 部分落实 / 未落实) is kept on that link."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import CONFIRMATIONS, RATINGS, SUGGESTION_ACTIONS, SUGGESTION_CLASSES, SUGGESTION_LEVELS

TITLE_LIMIT, CONTENT_LIMIT = 200, 5000


class Suggestion(Base):
    """One 代表建议 from 提出 to 落实."""

    __tablename__ = "suggestion"
    __noun__ = "代表建议"
    __table_args__ = (
        CheckConstraint("assigned_on IS NULL OR assigned_on >= proposed_on", name="ck_suggestion_assigned_after"),
        CheckConstraint("answered_on IS NULL OR (assigned_on IS NOT NULL AND answered_on >= assigned_on)",
                        name="ck_suggestion_answered_after"),
        CheckConstraint(f"answer_class IS NULL OR (answered_on IS NOT NULL AND {one_of('answer_class', SUGGESTION_CLASSES)})",
                        name="ck_suggestion_class"),
        CheckConstraint(f"deputy_opinion IS NULL OR (answered_on IS NOT NULL AND {one_of('deputy_opinion', RATINGS)})",
                        name="ck_suggestion_opinion"),
        CheckConstraint("promised_on IS NULL OR answer_class = 'B'", name="ck_suggestion_promise"),
        CheckConstraint("done_on IS NULL OR answered_on IS NOT NULL", name="ck_suggestion_done"),
        CheckConstraint(f"length(title) <= {TITLE_LIMIT} AND length(content) <= {CONTENT_LIMIT}",
                        name="ck_suggestion_lengths"),
        CheckConstraint("reopened_on IS NULL OR (coalesce(deputy_opinion, '') = '不满意' AND reopen_due IS NOT NULL)",
                        name="ck_suggestion_reopened"),
        CheckConstraint("rounds >= 1", name="ck_suggestion_rounds"),
        CheckConstraint(one_of("level", SUGGESTION_LEVELS), name="ck_suggestion_level"),
        Index("ix_suggestion_unit", "main_unit_id", "answered_on"),
        Index("ix_suggestion_proposed", "proposed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(TITLE_LIMIT))
    content: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str | None] = mapped_column(String(40))
    session_label: Mapped[str | None] = mapped_column(String(60))      # 届次/会次, or 闭会期间
    level: Mapped[str] = mapped_column(String(10), default="county")   # the congress it is made to: the answer's term
    lead_deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), index=True)
    proposed_on: Mapped[date] = mapped_column(Date)
    main_unit_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    assigned_on: Mapped[date | None] = mapped_column(Date)
    answer_due: Mapped[date | None] = mapped_column(Date)             # 交办 + the legal term (suggestions.due)
    key_supervision: Mapped[bool] = mapped_column(Boolean, default=False)
    supervisor: Mapped[str | None] = mapped_column(String(50))         # 领衔督办的领导
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_class: Mapped[str | None] = mapped_column(String(1))
    answer_text: Mapped[str | None] = mapped_column(Text)
    deputy_opinion: Mapped[str | None] = mapped_column(String(10))
    promised_on: Mapped[date | None] = mapped_column(Date)            # 承诺落实日期 (B)
    done_on: Mapped[date | None] = mapped_column(Date)                # 落实日期
    # 不满意 → 重新办理: the round, the day it went back and the day its new answer is due; the first
    # answer's day stays in answered_on (按期答复 counts it), a later answer's day in reanswered_on.
    rounds: Mapped[int] = mapped_column(Integer, default=1)
    reopened_on: Mapped[date | None] = mapped_column(Date)
    reopen_due: Mapped[date | None] = mapped_column(Date)
    reanswered_on: Mapped[date | None] = mapped_column(Date)
    done_evidence: Mapped[str | None] = mapped_column(Text)           # 落实情况 (what shows it was done)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    __mapper_args__ = {"version_id_col": version}


class SuggestionCosigner(Base):
    """A 附议代表 of a suggestion."""

    __tablename__ = "suggestion_cosigner"

    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id", ondelete="CASCADE"), primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), primary_key=True, index=True)


class SuggestionCoUnit(Base):
    """A 协办单位 of a suggestion."""

    __tablename__ = "suggestion_co_unit"

    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True, index=True)


class SuggestionEvent(Base):
    """One step on a suggestion's timeline: who, when, what, in which round, and a note."""

    __tablename__ = "suggestion_event"
    __table_args__ = (CheckConstraint(one_of("action", SUGGESTION_ACTIONS), name="ck_suggestion_event_action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str | None] = mapped_column(Text)


class SuggestionCase(Base):
    """A citizen's case a suggestion grew from (a case grows into one suggestion at most), with the
    citizen's own word on whether what was answered was done."""

    __tablename__ = "suggestion_case"
    __table_args__ = (
        CheckConstraint(f"confirmation IS NULL OR {one_of('confirmation', CONFIRMATIONS)}", name="ck_suggestion_case_word"),
        CheckConstraint("(confirmation IS NULL) = (confirmed_at IS NULL)", name="ck_suggestion_case_confirmed"),
    )

    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("citizen_case.id"), primary_key=True, unique=True)
    confirmation: Mapped[str | None] = mapped_column(String(10))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
