"""Tables of the citizen-opinion loop: departments, cases and each case's timeline."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import CASE_STATES, CATEGORIES, CHANNELS, MATTER_LEVELS, RATINGS, SUPERVISION
from ..core.sql_dates import year_month
from ..network import grid_models, point_models  # noqa: F401  (the tables a case may point at: its grid, its mobile point)

CONTENT_LIMIT = 2000
NAME_LIMIT = 50


# Every column the figures count (toolkit.cases.stats), so counting scans this index and not the
# wide case rows. SQLite also keys it by month, in the figures' spelling, so station × month is
# grouped in index order without sorting 180,000 rows; PostgreSQL cannot index to_char (not
# immutable) and hashes the groups instead.
_FIGURES = ("state", "rating", "deadline", "days_to_answer")
FIGURES_INDEXES = (
    Index("ix_case_figures", "station_id", year_month(text("received_on")), "received_on", *_FIGURES)
    .ddl_if(dialect="sqlite"),
    Index("ix_case_figures", "station_id", "received_on", *_FIGURES).ddl_if(dialect="postgresql"),
)


class Case(Base):
    """One citizen opinion from collection to conclusion."""

    __tablename__ = "citizen_case"
    __noun__ = "案件"   # fetch() refuses with 「案件（编号…）不存在」
    __table_args__ = (
        CheckConstraint(one_of("channel", CHANNELS), name="ck_case_channel"),
        CheckConstraint(one_of("category", CATEGORIES), name="ck_case_category"),
        CheckConstraint(one_of("matter_level", MATTER_LEVELS), name="ck_case_matter_level"),
        CheckConstraint(one_of("state", CASE_STATES), name="ck_case_state"),
        CheckConstraint(f"rating IS NULL OR {one_of('rating', RATINGS)}", name="ck_case_rating"),
        CheckConstraint(f"supervision IS NULL OR {one_of('supervision', SUPERVISION)}",
                        name="ck_case_supervision"),
        CheckConstraint(f"length(content) <= {CONTENT_LIMIT}", name="ck_case_content_length"),
        CheckConstraint("deadline IS NULL OR deadline >= received_on", name="ck_case_deadline"),
        CheckConstraint("same_as_id IS NULL OR same_as_id <> id", name="ck_case_same_as_other"),
        Index("ix_case_state_deadline", "state", "deadline"),
        Index("ix_case_received_on", "received_on"),
        Index("ix_case_station_received", "station_id", "received_on"),
        *FIGURES_INDEXES,
        Index("ix_case_department_state", "department_id", "state"),
        Index("ux_citizen_case_intake_key", "intake_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="opinion")
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    received_on: Mapped[date] = mapped_column(Date)  # the day, for grouping by month
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"), index=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    point_id: Mapped[int | None] = mapped_column(ForeignKey("mobile_point.id", ondelete="SET NULL", name="fk_citizen_case_point"), index=True)   # 流动联络站
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id", ondelete="SET NULL", name="fk_citizen_case_grid"), index=True)            # 网格员转交
    county_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    citizen_name: Mapped[str | None] = mapped_column(String(NAME_LIMIT))
    citizen_phone: Mapped[str | None] = mapped_column(String(30))
    content: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    matter_level: Mapped[str] = mapped_column(String(20), default="station")
    state: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    assigned_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    # The working days the deadline was counted from assigned_on by the rule; None when chosen by hand
    # (a calendar change moves the former, never the latter).
    deadline_days: Mapped[int | None]
    answered_on: Mapped[date | None] = mapped_column(Date)
    days_to_answer: Mapped[int | None] = mapped_column(Integer)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    rating: Mapped[str | None] = mapped_column(String(10))
    rounds: Mapped[int] = mapped_column(default=1)  # 2 = 二次办理
    supervision: Mapped[str | None] = mapped_column(String(10))
    supervisor: Mapped[str | None] = mapped_column(String(50))
    hotline_ticket: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Keyed hashes, never the values: the visitor (address and the page's cookie) and the address
    # alone, for the QR page's flood limits (toolkit.cases.public_intake).
    intake_client: Mapped[str | None] = mapped_column(String(64), index=True)
    intake_address: Mapped[str | None] = mapped_column(String(64), index=True)
    # The one-time key of the QR form it came from: the same form sent twice files one case.
    intake_key: Mapped[str | None] = mapped_column(String(40))
    # The receipt's lookup code, as a keyed hash (toolkit.cases.lookup); never the code itself.
    lookup_hash: Mapped[str | None] = mapped_column(String(64))
    # The earlier case this one is the same matter as (可能重复, confirmed by staff): shown on both,
    # and concluding the earlier one tells this one's station (toolkit.cases.links).
    same_as_id: Mapped[int | None] = mapped_column(
        ForeignKey("citizen_case.id", ondelete="SET NULL", name="fk_citizen_case_same_as"), index=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CaseEvent(Base):
    """One step of a case's life: who, when, from, to, and a note."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("citizen_case.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class CaseCounter(Base):
    """The last number handed out per prefix and year (TL-2026-000123)."""

    __tablename__ = "case_counter"
    __table_args__ = (UniqueConstraint("prefix", "year", name="uq_case_counter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(10))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)


class LookupAttempt(Base):
    """A failed lookup of a case by a client (its keyed address): counted to stop guessing."""

    __tablename__ = "lookup_attempt"
    __audit__ = False      # a counter of failed guesses, not a record anyone changes
    __table_args__ = (Index("ix_lookup_attempt_client_at", "client_key", "at"),
                      Index("ix_lookup_attempt_case_at", "case_number", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    client_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    # The number tried (whether or not such a case exists): a case's own failures are limited too,
    # so many clients together cannot try every phone ending of one case.
    case_number: Mapped[str | None] = mapped_column(String(40))
