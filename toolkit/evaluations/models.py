"""Tables of satisfaction evaluations: rounds, their questionnaire, targets, codes, responses."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import EVAL_DENOMINATORS, EVAL_NUMERATORS, EVAL_RATER_KINDS, EVAL_TARGET_KINDS
from .rules import VERDICTS

CURRENT = text("replaced_at IS NULL")


class EvalRound(Base):
    """One evaluation: what is rated, who rates, the questionnaire, the window, the counting rule."""

    __tablename__ = "eval_round"
    __noun__ = "测评"   # fetch() refuses with 「测评（编号…）不存在」
    __table_args__ = (
        CheckConstraint(one_of("target_kind", EVAL_TARGET_KINDS), name="ck_round_target_kind"),
        CheckConstraint(one_of("rater_kind", EVAL_RATER_KINDS), name="ck_round_rater_kind"),
        CheckConstraint(one_of("numerator", EVAL_NUMERATORS), name="ck_round_numerator"),
        CheckConstraint(one_of("denominator", EVAL_DENOMINATORS), name="ck_round_denominator"),
        CheckConstraint("closes_on >= opens_on", name="ck_round_window"),
        CheckConstraint("members IS NULL OR members > 0", name="ck_round_members"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    target_kind: Mapped[str] = mapped_column(String(20))
    rater_kind: Mapped[str] = mapped_column(String(20))
    rater_level: Mapped[str | None] = mapped_column(String(10))          # deputies of a level
    rater_station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))  # … of a county/station
    numerator: Mapped[str] = mapped_column(String(20), default="both")
    denominator: Mapped[str] = mapped_column(String(20), default="responses")
    members: Mapped[int | None]                                           # committee: all members
    unsatisfied_limit: Mapped[str] = mapped_column(String(10), default="1/3")
    satisfied_floor: Mapped[str | None] = mapped_column(String(10))
    with_comment: Mapped[bool] = mapped_column(default=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(50))


class EvalItem(Base):
    """A 1–5 question of the questionnaire (答复是否及时 …)."""

    __tablename__ = "eval_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("eval_round.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))


class EvalTarget(Base):
    """What is rated: a department, a project, a deputy's report-back, a single case."""

    __tablename__ = "eval_target"
    __table_args__ = (UniqueConstraint("round_id", "label", name="uq_target_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("eval_round.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("citizen_case.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", name="fk_target_project"))


class EvalCode(Base):
    """A one-time code a citizen rates with, anonymously; kept only as a keyed hash (toolkit.core.keys)."""

    __tablename__ = "eval_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("eval_round.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(32), unique=True)


class EvalResponse(Base):
    """One respondent's answer about one target; a correction replaces it, both are kept."""

    __tablename__ = "eval_response"
    __table_args__ = (
        CheckConstraint(one_of("verdict", VERDICTS), name="ck_response_verdict"),
        # One current response per respondent per target: the database, not the form, says so.
        Index("uq_response_current", "target_id", "respondent", unique=True,
              sqlite_where=CURRENT, postgresql_where=CURRENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("eval_round.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("eval_target.id", ondelete="CASCADE"))
    respondent: Mapped[str] = mapped_column(String(40))  # deputy:12 or code:<the code's keyed hash>
    verdict: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("eval_response.id"))


class EvalScore(Base):
    """A 1–5 score one response gave one item."""

    __tablename__ = "eval_score"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="ck_score_scale"),
                      UniqueConstraint("response_id", "item_id", name="uq_score_item"))

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("eval_response.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("eval_item.id", ondelete="CASCADE"))
    score: Mapped[int]
